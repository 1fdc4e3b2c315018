-- Tokens may expire: refused once `expires_at` is past (NULL: until revoked).
ALTER TABLE tokens ADD COLUMN expires_at TIMESTAMP;

-- The institutions an editor may change: each row gives one token or one person one institution.
CREATE TABLE scopes (
    id INTEGER PRIMARY KEY,
    token_id BIGINT REFERENCES tokens (id),
    person_id BIGINT REFERENCES people (id),
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    created_at TIMESTAMP NOT NULL,
    CHECK ((token_id IS NULL) <> (person_id IS NULL))
);
CREATE UNIQUE INDEX scopes_token ON scopes (token_id, institution_id);
CREATE UNIQUE INDEX scopes_person ON scopes (person_id, institution_id);

-- Every write to the catalog: who (the kind of actor, its id, its organisation), when, on what, and the record
-- before and after (JSON). Append-only: updates and deletes are refused by the triggers below.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TIMESTAMP NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id BIGINT,
    organisation_id BIGINT,
    organisation TEXT,
    institution_id BIGINT,
    resource TEXT NOT NULL,
    resource_id BIGINT NOT NULL,
    action TEXT NOT NULL,
    before TEXT,
    after TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_institution ON audit_log (institution_id, at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
