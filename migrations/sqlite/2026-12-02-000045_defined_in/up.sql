-- The catalog file that defines a source or a location ("sources.toml", "institutions/actiris.toml"); NULL when
-- no file defines it any more. `guichet export` writes each record back into its own file.
ALTER TABLE sources ADD COLUMN defined_in TEXT;
ALTER TABLE locations ADD COLUMN defined_in TEXT;
