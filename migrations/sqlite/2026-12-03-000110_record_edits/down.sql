DROP TABLE record_versions;
ALTER TABLE locations DROP COLUMN withdrawn_at;
