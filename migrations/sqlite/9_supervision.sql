-- Enforcement supervision (执法监督, issue 8): the scoring scheme and its versions, monthly
-- assessments with per-body scores, the interview list (约谈), quarterly bulletins and
-- supervision instruments (执法监督意见书 / 建议书). Indicators and alerts are queries over the
-- enforcement records, never stored copies; the indexes below serve those month-range queries.

-- Scoring scheme versions: a version takes effect from a month; a month is scored under the
-- latest version whose effective_month is not after it.
CREATE TABLE supervision_schemes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    version BIGINT NOT NULL,
    -- 'YYYY-MM'
    effective_month TEXT NOT NULL,
    -- JSON {"indicator code": weight, …} (non-negative integers)
    weights TEXT NOT NULL,
    -- How many bottom-ranked bodies go on the interview list.
    bottom_count BIGINT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    UNIQUE (region_code, version)
);
CREATE INDEX supervision_schemes_month ON supervision_schemes (region_code, effective_month);

-- One row per region and month assessed.
CREATE TABLE supervision_assessments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    month TEXT NOT NULL,
    scheme_version BIGINT NOT NULL,
    bodies BIGINT NOT NULL,
    computed_at BIGINT NOT NULL,
    computed_by TEXT NOT NULL DEFAULT '',
    UNIQUE (region_code, month)
);

-- Score of each body in an assessment; figures is the JSON of the indicator values it was
-- scored on (kept so that a past month reads as it was assessed).
CREATE TABLE supervision_scores (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    assessment_id BIGINT NOT NULL REFERENCES supervision_assessments(id),
    month TEXT NOT NULL,
    department_id BIGINT NOT NULL REFERENCES departments(id),
    rank BIGINT NOT NULL,
    -- Score x 100 (0..10000): integers only through sqlx Any.
    score_centi BIGINT NOT NULL,
    figures TEXT NOT NULL,
    UNIQUE (assessment_id, department_id)
);
CREATE INDEX supervision_scores_dept ON supervision_scores (department_id, month);
CREATE INDEX supervision_scores_month ON supervision_scores (region_code, month, rank);

-- The interview list (末位约谈) and its follow-up.
CREATE TABLE supervision_interviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    department_id BIGINT NOT NULL REFERENCES departments(id),
    month TEXT NOT NULL,
    assessment_id BIGINT REFERENCES supervision_assessments(id),
    rank BIGINT NOT NULL DEFAULT 0,
    reason TEXT NOT NULL,
    -- 'pending' | 'held' | 'closed'
    status TEXT NOT NULL,
    held_on TEXT,
    participants TEXT NOT NULL DEFAULT '',
    record TEXT NOT NULL DEFAULT '',
    rectification TEXT NOT NULL DEFAULT '',
    closed_on TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (region_code, month, department_id)
);
CREATE INDEX supervision_interviews_dept ON supervision_interviews (department_id, month);

-- Quarterly bulletins: the issue record; the content is generated from the records each time
-- it is shown (figures are queries, not copies).
CREATE TABLE supervision_bulletins (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    year BIGINT NOT NULL,
    quarter BIGINT NOT NULL,
    doc_no TEXT NOT NULL,
    title TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    remarks TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    UNIQUE (region_code, year, quarter)
);

-- 执法监督意见书 / 建议书 issued to a body, its reply and closure.
CREATE TABLE supervision_instruments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    doc_no TEXT NOT NULL,
    -- 'opinion' (意见书) | 'suggestion' (建议书)
    kind TEXT NOT NULL,
    department_id BIGINT NOT NULL REFERENCES departments(id),
    title TEXT NOT NULL,
    findings TEXT NOT NULL,
    requirements TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    -- Rectification deadline: issued_on + working days on the holiday calendar.
    due_on TEXT NOT NULL,
    due_working_days BIGINT NOT NULL,
    -- 'issued' | 'replied' | 'closed'
    status TEXT NOT NULL,
    reply TEXT NOT NULL DEFAULT '',
    replied_on TEXT,
    replied_by TEXT NOT NULL DEFAULT '',
    closed_on TEXT,
    closure_note TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (region_code, doc_no)
);
CREATE INDEX supervision_instruments_dept ON supervision_instruments (department_id, status);
CREATE INDEX supervision_instruments_status ON supervision_instruments (region_code, status, due_on);

-- Month-range reads of the indicators and alerts.
CREATE INDEX case_steps_on_date ON case_steps (region_code, on_date);
CREATE INDEX inspections_inspected ON inspections (region_code, inspected_on);
