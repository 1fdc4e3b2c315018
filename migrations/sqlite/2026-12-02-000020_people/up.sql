-- People of an organisation who sign in on the web under their own name (reporters today; editors and admins
-- later). A person belongs to one organisation and has a role. Only an Argon2id hash of a password is kept, and
-- only the SHA-256 of a one-time sign-in link.
CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    -- As typed when created (shown); `login` is the same folded to lower case: unique, what sign-in looks up.
    user_name TEXT NOT NULL,
    login TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    -- An Argon2id PHC string; NULL for a person who signs in with one-time links only.
    password_hash TEXT,
    created_at TIMESTAMP NOT NULL,
    -- Revoked people cannot sign in, and their sessions and unused links end with the revocation.
    revoked_at TIMESTAMP
);
CREATE INDEX people_organisation ON people (organisation_id);

-- One-time sign-in links: valid until `expires_at`, spent at first use (`used_at`).
CREATE TABLE sign_in_links (
    token_hash TEXT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX sign_in_links_person ON sign_in_links (person_id);

-- A session is now held either by an organisation's token (as before) or by a person. SQLite cannot drop a
-- NOT NULL: the table is rebuilt, its sessions kept.
CREATE TABLE web_sessions_new (
    id_hash TEXT PRIMARY KEY,
    token_id BIGINT REFERENCES tokens (id),
    person_id BIGINT REFERENCES people (id),
    csrf TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    CHECK ((token_id IS NULL) <> (person_id IS NULL))
);
INSERT INTO web_sessions_new (id_hash, token_id, csrf, created_at, expires_at)
    SELECT id_hash, token_id, csrf, created_at, expires_at FROM web_sessions;
DROP TABLE web_sessions;
ALTER TABLE web_sessions_new RENAME TO web_sessions;
CREATE INDEX web_sessions_expires ON web_sessions (expires_at);
CREATE INDEX web_sessions_person ON web_sessions (person_id);
