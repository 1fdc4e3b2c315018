-- Probes of online channels: one row per fetch of a channel's URL through the outbound guard. Pruned past a
-- retention (30 days by default), so the table stays bounded.
CREATE TABLE probes (
    id INTEGER PRIMARY KEY,
    channel_id BIGINT NOT NULL REFERENCES channels (id),
    at TIMESTAMP NOT NULL,
    -- `up`, `http_error`, `error_page`, `timeout`, `dns`, `tls`, `connect`, `too_large`, `redirects`,
    -- `refused`, `other` (domain::probes::ProbeOutcome).
    outcome TEXT NOT NULL,
    http_status INTEGER,
    latency_ms INTEGER NOT NULL,
    -- The institution's pattern the page matched (its text), for `error_page`.
    matched TEXT
);
CREATE INDEX probes_channel_at ON probes (channel_id, at);
CREATE INDEX probes_at ON probes (at);

-- The error and maintenance messages of an institution's online services, as quoted by their sources: a JSON
-- list of {text, lang, kind, source, seen}.
ALTER TABLE institutions ADD COLUMN probe_patterns TEXT NOT NULL DEFAULT '[]';
