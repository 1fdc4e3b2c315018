DROP TABLE complaint_events;
DROP TABLE complaint_contacts;
DROP TABLE complaints;
DROP TABLE idempotency_keys;
DROP TABLE observations;
DROP TABLE tokens;
DROP TABLE organisations;
