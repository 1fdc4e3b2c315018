DROP TABLE gap_statuses;
