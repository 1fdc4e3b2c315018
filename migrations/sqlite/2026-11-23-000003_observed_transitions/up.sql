-- Each change of a channel's observed state, stored with the write that caused it, so /history survives restarts
-- without replaying every observation through the formula.
CREATE TABLE observed_transitions (
    id INTEGER PRIMARY KEY,
    channel_id BIGINT NOT NULL REFERENCES channels (id),
    state TEXT NOT NULL,
    observations INTEGER NOT NULL,
    complaints INTEGER NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX observed_transitions_channel ON observed_transitions (channel_id, at);
