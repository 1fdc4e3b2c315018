-- Webhooks: subscribers, the outbox of events (written in the transaction of the change they tell of), one
-- delivery per event and subscriber, and every attempt.
CREATE TABLE webhook_subscriptions (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    url TEXT NOT NULL,
    -- `whsec_` + base64 of random bytes: kept as given, since every attempt is signed with it (shown once).
    secret TEXT NOT NULL,
    description TEXT,
    -- JSON lists; an empty list lets everything through.
    kinds TEXT NOT NULL,
    institutions TEXT NOT NULL,
    communes TEXT NOT NULL,
    levels TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    -- Deleted subscriptions keep their delivery log; their pending deliveries are cancelled.
    deleted_at TIMESTAMP
);
CREATE INDEX webhook_subscriptions_organisation ON webhook_subscriptions (organisation_id);

CREATE TABLE webhook_events (
    id INTEGER PRIMARY KEY,
    -- The public id (`webhook-id`), the same on every attempt and re-send.
    event_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    -- The body sent, byte for byte (what is signed).
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY,
    subscription_id BIGINT NOT NULL REFERENCES webhook_subscriptions (id),
    event_id BIGINT NOT NULL REFERENCES webhook_events (id),
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    -- A worker's claim: until then no other worker (of any instance) sends this delivery.
    claimed_until TIMESTAMP,
    claim TEXT,
    created_at TIMESTAMP NOT NULL,
    delivered_at TIMESTAMP
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id);

CREATE TABLE webhook_attempts (
    id INTEGER PRIMARY KEY,
    delivery_id BIGINT NOT NULL REFERENCES webhook_deliveries (id),
    number INTEGER NOT NULL,
    at TIMESTAMP NOT NULL,
    -- The receiver's HTTP status, or NULL when there was no answer (`error` says why).
    status INTEGER,
    error TEXT,
    duration_ms BIGINT NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id);
