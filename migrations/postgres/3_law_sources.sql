-- Statute texts as imported (`fazhi law import DIR`), so that the server parses its corpus
-- from the database and needs no files on an air-gapped machine.
CREATE TABLE law_sources (
    file_name TEXT PRIMARY KEY,
    region_code TEXT NOT NULL,
    content TEXT NOT NULL,
    sha TEXT NOT NULL,
    imported_at BIGINT NOT NULL
);
