ALTER TABLE channels DROP COLUMN registered;
