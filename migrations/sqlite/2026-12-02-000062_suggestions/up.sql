-- Corrections proposed from the field, kept apart from the facts until an editor or an admin accepts one (it
-- then becomes a fact whose source is "reported by <organisation> on <date>": `source_id`) or rejects it with a
-- reason the proposer reads with the tracking code. Who proposed (organisation, token or person) is for the
-- queue only, never shown publicly.
CREATE TABLE suggestions (
    id INTEGER PRIMARY KEY,
    tracking_code TEXT NOT NULL UNIQUE,
    channel_id BIGINT NOT NULL REFERENCES channels (id),
    -- The fact it is about (a channel fact, `status`, or `other`).
    fact TEXT NOT NULL,
    -- What the proposer saw (through the privacy gate), and the day they saw it.
    seen TEXT NOT NULL,
    seen_on TEXT NOT NULL,
    -- The value the proposer gives the fact now (a phone number, opening hours), checked as the catalog files are.
    proposed TEXT,
    organisation_id BIGINT REFERENCES organisations (id),
    actor_kind TEXT,
    actor_id BIGINT,
    state TEXT NOT NULL,
    reason TEXT,
    source_id BIGINT REFERENCES sources (id),
    created_at TIMESTAMP NOT NULL,
    decided_at TIMESTAMP
);
CREATE INDEX suggestions_channel ON suggestions (channel_id, state);
CREATE INDEX suggestions_state ON suggestions (state, created_at);
