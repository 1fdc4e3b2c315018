ALTER TABLE communes DROP COLUMN sections;
