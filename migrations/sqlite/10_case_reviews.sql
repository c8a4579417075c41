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
    -- The automatic findings as run when the review was pre-filled (JSON array of
    -- supervision::checks::Finding), so the machine score stays reproducible.
    findings TEXT NOT NULL DEFAULT '[]',
    machine_score BIGINT NOT NULL DEFAULT 100,
    checked_at BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (region_code, case_id)
);
CREATE INDEX case_reviews_dept ON case_reviews (department_id, reviewed_on);
CREATE INDEX case_reviews_status ON case_reviews (region_code, status, reviewed_on);

CREATE INDEX case_reviews_draw ON case_reviews (draw_id);

-- One rubric item of a review: an automatic finding (source 'machine') or a deduction / veto
-- item the reviewer added (source 'manual'), with the reviewer's decision on it.
CREATE TABLE case_review_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    review_id BIGINT NOT NULL REFERENCES case_reviews(id),
    code TEXT NOT NULL,
    title_zh TEXT NOT NULL,
    title_en TEXT NOT NULL,
    -- 'machine' | 'manual'
    source TEXT NOT NULL,
    passed BIGINT NOT NULL,
    machine_deduction BIGINT NOT NULL DEFAULT 0,
    -- veto item code (supervision::checks::VETO_ITEMS) or ''
    veto TEXT NOT NULL DEFAULT '',
    -- 'pending' | 'confirmed' | 'adjusted' | 'dismissed'
    decision TEXT NOT NULL,
    -- the reviewer's points when adjusted (and of a manual item)
    points BIGINT NOT NULL DEFAULT 0,
    comment TEXT NOT NULL DEFAULT '',
    decided_by TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL
);
CREATE INDEX case_review_items_review ON case_review_items (review_id, id);
CREATE INDEX case_review_items_code ON case_review_items (region_code, code);

-- A draw of case files (评查抽取): per body, the frozen candidate list (archived cases of the
-- period not yet reviewed), the seed and the selection, verifiable with sampling::draw.
CREATE TABLE review_draws (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    title TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    seed TEXT NOT NULL,
    seed_commitment TEXT NOT NULL,
    candidates_digest TEXT NOT NULL,
    -- The full published record (JSON supervision::review::DrawRecord).
    record TEXT NOT NULL,
    files BIGINT NOT NULL,
    drawn_on TEXT NOT NULL,
    drawn_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX review_draws_region ON review_draws (region_code, drawn_on);
