-- Sessions of the web pages: a reporter signs in once with the organisation's token and gets a cookie.
-- Only the SHA-256 of the cookie is stored; revoking the token ends its sessions (they join on tokens).
CREATE TABLE web_sessions (
    id_hash TEXT PRIMARY KEY,
    token_id BIGINT NOT NULL REFERENCES tokens (id),
    -- The anti-forgery token every form of the session must carry.
    csrf TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX web_sessions_expires ON web_sessions (expires_at);
