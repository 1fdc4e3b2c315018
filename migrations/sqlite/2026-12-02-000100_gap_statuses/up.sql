-- Each procedure's last known standing under each compliance rule, as the gap watcher stored it: a change is
-- written here and its `gap_status.changed` event in the outbox in one transaction, so a restart loses none and
-- two instances never both tell of the same change (the update is conditional on the standing it replaces).
CREATE TABLE gap_statuses (
    procedure_id BIGINT NOT NULL REFERENCES procedures (id),
    rule TEXT NOT NULL,
    status TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (procedure_id, rule)
);
