-- Texts a person reads exist in French, Dutch and English: they become JSON objects {"fr","nl","en"}.
-- What was stored before as a plain string was English.
UPDATE sources SET title = json_object('en', title);
UPDATE sources SET note = json_object('en', note) WHERE note IS NOT NULL;
UPDATE institutions SET note = json_object('en', note) WHERE note IS NOT NULL;
UPDATE procedures SET note = json_object('en', note) WHERE note IS NOT NULL;
UPDATE channels SET note = json_object('en', note) WHERE note IS NOT NULL;
UPDATE channels SET cost = json_object('en', cost) WHERE cost IS NOT NULL;
UPDATE channels SET phone_cost = json_object('en', phone_cost) WHERE phone_cost IS NOT NULL;
UPDATE declared_statuses SET note = json_object('en', note) WHERE note IS NOT NULL;

-- An undated page has no fact date: `fact_date` becomes nullable, and `read_on` says when the page was read.
ALTER TABLE sources RENAME COLUMN fact_date TO fact_date_required;
ALTER TABLE sources ADD COLUMN fact_date TEXT;
UPDATE sources SET fact_date = fact_date_required;
ALTER TABLE sources DROP COLUMN fact_date_required;
ALTER TABLE sources ADD COLUMN read_on TEXT;
-- The page's own title, verbatim: {"text","lang"}.
ALTER TABLE sources ADD COLUMN original_title TEXT;
-- The fact sheets' marks: undated, old, secondary, conflict, testimony (JSON array).
ALTER TABLE sources ADD COLUMN marks TEXT NOT NULL DEFAULT '[]';

-- Quotations stay in their language, apart from the texts (JSON arrays of {"text","lang"}).
ALTER TABLE institutions ADD COLUMN quotes TEXT NOT NULL DEFAULT '[]';
ALTER TABLE institutions ADD COLUMN short_names TEXT NOT NULL DEFAULT '[]';
ALTER TABLE procedures ADD COLUMN quotes TEXT NOT NULL DEFAULT '[]';
ALTER TABLE channels ADD COLUMN quotes TEXT NOT NULL DEFAULT '[]';
ALTER TABLE declared_statuses ADD COLUMN quotes TEXT NOT NULL DEFAULT '[]';

-- The source of one fact, when it is not the record's source: JSON object fact → source key.
ALTER TABLE channels ADD COLUMN fact_sources TEXT NOT NULL DEFAULT '{}';
ALTER TABLE locations ADD COLUMN fact_sources TEXT NOT NULL DEFAULT '{}';
ALTER TABLE locations ADD COLUMN note TEXT;

-- What a procedure's sources say it does not offer, its deadline, and the help places linked to it.
ALTER TABLE procedures ADD COLUMN absent TEXT NOT NULL DEFAULT '[]';
ALTER TABLE procedures ADD COLUMN deadline TEXT;
ALTER TABLE procedures ADD COLUMN helped_by TEXT NOT NULL DEFAULT '[]';

-- A declared status that left the files is withdrawn (kept in history, no longer in force), never deleted.
ALTER TABLE declared_statuses ADD COLUMN withdrawn_at TIMESTAMP;
