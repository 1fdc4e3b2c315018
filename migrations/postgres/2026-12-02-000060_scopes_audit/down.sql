DROP TABLE audit_log;
DROP FUNCTION audit_log_append_only();
DROP TABLE scopes;
ALTER TABLE tokens DROP COLUMN expires_at;
