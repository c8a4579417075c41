-- Double-random inspections (issue 5): written by the sampling module.
CREATE TABLE sampling_placeholder (id BIGINT PRIMARY KEY);
