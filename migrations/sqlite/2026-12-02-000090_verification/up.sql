-- Verification: how often an institution's records are to be checked again (months; NULL is the default, 12),
-- the campaigns an admin opens to have them checked, and each record's verifications ("still true", or a change
-- of its facts through the API), by whom and on which day.
ALTER TABLE institutions ADD COLUMN update_every_months INTEGER;

CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    -- Brussels dates, YYYY-MM-DD: the day it opened and the day its records are to be confirmed by.
    starts_on TEXT NOT NULL,
    deadline TEXT NOT NULL,
    -- The scope, as JSON lists: levels, institution slugs, commune slugs; a record is in scope when it matches
    -- every list given (an empty list does not restrict).
    levels TEXT NOT NULL,
    institutions TEXT NOT NULL,
    communes TEXT NOT NULL,
    organisation_id BIGINT REFERENCES organisations (id),
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE channel_verifications (
    id INTEGER PRIMARY KEY,
    channel_id BIGINT NOT NULL REFERENCES channels (id),
    -- The Brussels date of the verification, YYYY-MM-DD.
    verified_on TEXT NOT NULL,
    -- confirmed ("still true") or changed (its facts edited).
    kind TEXT NOT NULL,
    -- Who, as a person reads it: the organisation of the editor's token or person.
    verified_by TEXT NOT NULL,
    organisation_id BIGINT REFERENCES organisations (id),
    actor_kind TEXT NOT NULL,
    actor_id BIGINT,
    at TIMESTAMP NOT NULL
);
CREATE INDEX channel_verifications_channel ON channel_verifications (channel_id, id);
CREATE INDEX channel_verifications_day ON channel_verifications (verified_on);
