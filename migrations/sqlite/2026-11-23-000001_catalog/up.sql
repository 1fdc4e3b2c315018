-- The catalog: what institutions declare and what sources say, each fact with its source and date.
-- Lists (categories, keywords, languages…) are JSON arrays in TEXT columns so the same code reads both backends.

CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    url TEXT,
    document TEXT,
    fact_date TEXT NOT NULL,
    uncertain BOOLEAN NOT NULL DEFAULT 0,
    note TEXT,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE communes (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name_fr TEXT NOT NULL,
    name_nl TEXT,
    nis_code TEXT,
    postcodes TEXT NOT NULL,
    source_id BIGINT NOT NULL REFERENCES sources (id),
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE institutions (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    level TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    name_nl TEXT,
    name_en TEXT,
    parent_id BIGINT REFERENCES institutions (id),
    website TEXT,
    commune_id BIGINT REFERENCES communes (id),
    note TEXT,
    source_id BIGINT NOT NULL REFERENCES sources (id),
    withdrawn_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE locations (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name_fr TEXT NOT NULL,
    name_nl TEXT,
    name_en TEXT,
    address TEXT,
    postcode TEXT,
    commune_id BIGINT REFERENCES communes (id),
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    source_id BIGINT NOT NULL REFERENCES sources (id),
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE procedures (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    name_fr TEXT NOT NULL,
    name_nl TEXT,
    name_en TEXT,
    summary_fr TEXT,
    summary_nl TEXT,
    summary_en TEXT,
    categories TEXT NOT NULL,
    keywords TEXT NOT NULL,
    online_url TEXT,
    identification TEXT NOT NULL,
    documents TEXT NOT NULL,
    note TEXT,
    source_id BIGINT NOT NULL REFERENCES sources (id),
    withdrawn_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX procedures_institution ON procedures (institution_id);

CREATE TABLE channels (
    id INTEGER PRIMARY KEY,
    procedure_id BIGINT NOT NULL REFERENCES procedures (id),
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    completion TEXT NOT NULL,
    location_id BIGINT REFERENCES locations (id),
    opening_hours TEXT,
    phone TEXT,
    phone_cost TEXT,
    email TEXT,
    url TEXT,
    booking TEXT NOT NULL,
    languages TEXT NOT NULL,
    wheelchair TEXT NOT NULL,
    cost TEXT,
    conditions_fr TEXT,
    conditions_nl TEXT,
    conditions_en TEXT,
    note TEXT,
    source_id BIGINT NOT NULL REFERENCES sources (id),
    withdrawn_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (procedure_id, key)
);

-- Append-only: a change of declared status is a new row, never an update.
CREATE TABLE declared_statuses (
    id INTEGER PRIMARY KEY,
    channel_id BIGINT NOT NULL REFERENCES channels (id),
    state TEXT NOT NULL,
    since TEXT,
    until TEXT,
    note TEXT,
    source_id BIGINT NOT NULL REFERENCES sources (id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX declared_statuses_channel ON declared_statuses (channel_id);
