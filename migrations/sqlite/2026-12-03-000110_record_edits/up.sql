-- Every version of an institution, procedure or location written through the API, as a catalog-file entry
-- (JSON): the version before the first edit too, so nothing it replaced is lost; withdrawn versions are kept.
CREATE TABLE record_versions (
    id INTEGER PRIMARY KEY,
    resource TEXT NOT NULL,
    record_id BIGINT NOT NULL,
    version INTEGER NOT NULL,
    entry TEXT NOT NULL,
    withdrawn BOOLEAN NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    UNIQUE (resource, record_id, version)
);

-- A location withdrawn through the API is hidden, never erased (channels of the past keep naming it).
ALTER TABLE locations ADD COLUMN withdrawn_at TIMESTAMP;
