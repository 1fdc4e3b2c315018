ALTER TABLE declared_statuses DROP COLUMN origin;
DROP TABLE edited_fields;
DROP TABLE channel_versions;
