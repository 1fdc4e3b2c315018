-- A post channel whose letter must be registered (« recommandé »): said as such on pages and sheets.
ALTER TABLE channels ADD COLUMN registered BOOLEAN NOT NULL DEFAULT false;
