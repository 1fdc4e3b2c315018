DROP TABLE audit_log;
DROP TABLE scopes;
ALTER TABLE tokens DROP COLUMN expires_at;
