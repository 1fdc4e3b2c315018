DROP TABLE channel_verifications;
DROP TABLE campaigns;
ALTER TABLE institutions DROP COLUMN update_every_months;
