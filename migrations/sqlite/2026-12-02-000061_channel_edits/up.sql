-- Every version of a channel written through the API, as a catalog-file entry (JSON): the version before the
-- first edit too, so nothing it replaced is lost. Withdrawn versions are kept (withdrawing hides, never erases).
CREATE TABLE channel_versions (
    id INTEGER PRIMARY KEY,
    channel_id BIGINT NOT NULL REFERENCES channels (id),
    version INTEGER NOT NULL,
    entry TEXT NOT NULL,
    withdrawn BOOLEAN NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    UNIQUE (channel_id, version)
);

-- The fields of a record edited through the API, with the value the catalog files had when it was first edited
-- (JSON): an import that brings that same value keeps the edit; one that brings another is a conflict.
CREATE TABLE edited_fields (
    id INTEGER PRIMARY KEY,
    resource TEXT NOT NULL,
    record_id BIGINT NOT NULL,
    field TEXT NOT NULL,
    file_value TEXT NOT NULL,
    edited_at TIMESTAMP NOT NULL,
    UNIQUE (resource, record_id, field)
);

-- Where a declared status comes from: `file` (an import) or `api` (declared by an editor). An import withdraws
-- only the file entries that left the files.
ALTER TABLE declared_statuses ADD COLUMN origin TEXT NOT NULL DEFAULT 'file';
