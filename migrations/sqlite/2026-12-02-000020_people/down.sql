CREATE TABLE web_sessions_old (
    id_hash TEXT PRIMARY KEY,
    token_id BIGINT NOT NULL REFERENCES tokens (id),
    csrf TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
INSERT INTO web_sessions_old (id_hash, token_id, csrf, created_at, expires_at)
    SELECT id_hash, token_id, csrf, created_at, expires_at FROM web_sessions WHERE token_id IS NOT NULL;
DROP TABLE web_sessions;
ALTER TABLE web_sessions_old RENAME TO web_sessions;
CREATE INDEX web_sessions_expires ON web_sessions (expires_at);
DROP TABLE sign_in_links;
DROP TABLE people;
