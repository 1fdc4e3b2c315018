ALTER TABLE institutions DROP COLUMN probe_patterns;
DROP TABLE probes;
