ALTER TABLE locations DROP COLUMN defined_in;
ALTER TABLE sources DROP COLUMN defined_in;
