-- Inspections and electronic inspection certificates (issue 6).
CREATE TABLE inspection_placeholder (id BIGINT PRIMARY KEY);
