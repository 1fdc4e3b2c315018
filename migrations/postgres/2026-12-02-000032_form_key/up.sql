-- The key that signs the anonymous forms' anti-forgery tokens (HMAC-SHA256 of the visitor's cookie), generated
-- at first start when GUICHET_FORM_KEY is not set, so that every instance on this database signs alike.
CREATE TABLE form_keys (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    secret TEXT NOT NULL
);
