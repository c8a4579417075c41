-- Ground truth of the review assistant (案卷评查, issue 8): the known defects of demo cases —
-- irregularities the case generator made on purpose ('generated', found by SQL over the stored
-- dates) and defects planted afterwards ('planted') — one row per (case, check code) that the
-- automatic checks must report. Scoring reads it; nothing else does.

CREATE TABLE review_plants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    check_code TEXT NOT NULL,
    -- 'planted' | 'generated'
    source TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX review_plants_case ON review_plants (region_code, case_id);
