-- Case-file review (案卷评查, issue 8). The columns below are what the assessment reads
-- (department, score, grade, veto, status, date); the review module adds its own tables.

CREATE TABLE case_reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    department_id BIGINT NOT NULL REFERENCES departments(id),
    draw_id BIGINT,
    -- 'draft' (pre-filled by the automatic checks) | 'confirmed' (the reviewer signed off)
    status TEXT NOT NULL,
    -- 0..100 after deductions; a veto item makes the grade 不合格 whatever the score
    score BIGINT NOT NULL,
    -- 'excellent' (>= 90) | 'pass' (60-89) | 'fail' (< 60 or veto)
    grade TEXT NOT NULL,
    veto BIGINT NOT NULL DEFAULT 0,
    reviewed_on TEXT,
    reviewer TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (region_code, case_id)
);
CREATE INDEX case_reviews_dept ON case_reviews (department_id, reviewed_on);
CREATE INDEX case_reviews_status ON case_reviews (region_code, status, reviewed_on);
