-- Field observations, the organisations that report them, and the right to complain.
-- Observations never hold anything that identifies the person helped.

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    -- The commune the organisation works in: the "area" of the monitoring figures.
    commune_id BIGINT REFERENCES communes (id),
    created_at TIMESTAMP NOT NULL
);

-- Only a hash of each token is stored; the token itself is shown once, at creation.
CREATE TABLE tokens (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    role TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);

CREATE TABLE observations (
    id INTEGER PRIMARY KEY,
    channel_id BIGINT NOT NULL REFERENCES channels (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    occurred_at TIMESTAMP NOT NULL,
    outcome TEXT NOT NULL,
    minutes_spent INTEGER NOT NULL,
    on_behalf BOOLEAN NOT NULL,
    failure_reason TEXT,
    wait_minutes INTEGER,
    reporter_role TEXT,
    comment TEXT,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX observations_channel ON observations (channel_id, occurred_at);
CREATE INDEX observations_occurred ON observations (occurred_at);

-- A replayed request with the same key returns the stored response instead of storing again.
CREATE TABLE idempotency_keys (
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    response TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (organisation_id, key)
);

CREATE TABLE complaints (
    id INTEGER PRIMARY KEY,
    tracking_code TEXT NOT NULL UNIQUE,
    procedure_id BIGINT NOT NULL REFERENCES procedures (id),
    channel_id BIGINT REFERENCES channels (id),
    problem TEXT NOT NULL,
    description TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX complaints_channel ON complaints (channel_id);

-- Kept apart: never exported, never shown.
CREATE TABLE complaint_contacts (
    complaint_id BIGINT PRIMARY KEY REFERENCES complaints (id),
    email TEXT NOT NULL
);

CREATE TABLE complaint_events (
    id INTEGER PRIMARY KEY,
    complaint_id BIGINT NOT NULL REFERENCES complaints (id),
    state TEXT NOT NULL,
    note TEXT,
    at TIMESTAMP NOT NULL
);
CREATE INDEX complaint_events_complaint ON complaint_events (complaint_id);
