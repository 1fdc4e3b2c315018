-- The sections of a commune people name as their place (the City of Brussels: Laeken, Neder-Over-Heembeek,
-- Haren): JSON array of {"name": {"fr", "nl"?, "en"?}, "postcodes": [...]}.
ALTER TABLE communes ADD COLUMN sections TEXT NOT NULL DEFAULT '[]';
