DROP TABLE declared_statuses;
DROP TABLE channels;
DROP TABLE procedures;
DROP TABLE locations;
DROP TABLE institutions;
DROP TABLE communes;
DROP TABLE sources;
