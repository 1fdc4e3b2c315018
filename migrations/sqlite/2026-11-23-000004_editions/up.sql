-- Frozen results: the gaps and the monitoring figures at one moment (e.g. a quarter). Never updated.
CREATE TABLE editions (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL UNIQUE,
    published_at TIMESTAMP NOT NULL,
    gaps TEXT NOT NULL,
    monitoring TEXT NOT NULL
);
