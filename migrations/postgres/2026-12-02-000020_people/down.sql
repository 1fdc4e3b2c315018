DELETE FROM web_sessions WHERE token_id IS NULL;
ALTER TABLE web_sessions DROP CONSTRAINT web_sessions_one_holder;
DROP INDEX web_sessions_person;
ALTER TABLE web_sessions DROP COLUMN person_id;
ALTER TABLE web_sessions ALTER COLUMN token_id SET NOT NULL;
DROP TABLE sign_in_links;
DROP TABLE people;
