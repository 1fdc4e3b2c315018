DROP TABLE observed_transitions;
