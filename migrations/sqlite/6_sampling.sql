-- Double-random inspections (双随机、一公开, issue 5): the subject directory (名录库), registered
-- conflicts of interest (回避), annual plans, tasks (joint tasks: several departments, one draw),
-- and one inspection record per drawn subject. Draw inputs are frozen as JSON at commitment
-- time; the published export is kept as JSON text once drawn.

CREATE TABLE sampling_subjects (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    subdistrict TEXT NOT NULL DEFAULT '',
    industry TEXT NOT NULL DEFAULT '',
    domains TEXT NOT NULL DEFAULT '[]',
    -- 'A' 低风险 … 'D' 高风险
    risk_grade TEXT NOT NULL,
    credit_grade TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (region_code, code)
);
CREATE INDEX sampling_subjects_name ON sampling_subjects (region_code, name);

-- One row per (subject, supervision domain): the candidate query is an index range.
CREATE TABLE sampling_subject_domains (
    region_code TEXT NOT NULL,
    domain TEXT NOT NULL,
    subject_id BIGINT NOT NULL REFERENCES sampling_subjects(id),
    code TEXT NOT NULL,
    risk_grade TEXT NOT NULL,
    subdistrict TEXT NOT NULL DEFAULT '',
    industry TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (region_code, domain, code)
);

CREATE TABLE sampling_conflicts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    officer_id BIGINT NOT NULL REFERENCES officers(id),
    subject_code TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (officer_id, subject_code)
);

CREATE TABLE sampling_plans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    department_id BIGINT NOT NULL REFERENCES departments(id),
    year BIGINT NOT NULL,
    title TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX sampling_plans_dept ON sampling_plans (department_id, year);

CREATE TABLE sampling_tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    plan_id BIGINT NOT NULL REFERENCES sampling_plans(id),
    year BIGINT NOT NULL,
    lead_department_id BIGINT NOT NULL REFERENCES departments(id),
    task_no TEXT NOT NULL,
    title TEXT NOT NULL,
    domain TEXT NOT NULL,
    subject_filter TEXT NOT NULL DEFAULT '{}',
    quotas TEXT NOT NULL,
    window_start TEXT NOT NULL,
    window_end TEXT NOT NULL,
    department_count BIGINT NOT NULL,
    -- 'draft', 'committed', 'drawn', 'completed'
    status TEXT NOT NULL,
    seed TEXT,
    seed_commitment TEXT,
    candidates_digest TEXT,
    team_inputs_digest TEXT,
    frozen TEXT,
    export TEXT,
    committed_at BIGINT,
    drawn_at BIGINT,
    completed_on TEXT,
    results_published_on TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (region_code, task_no)
);
CREATE INDEX sampling_tasks_year ON sampling_tasks (region_code, year, status);
CREATE INDEX sampling_tasks_lead ON sampling_tasks (lead_department_id, status);

CREATE TABLE sampling_task_departments (
    task_id BIGINT NOT NULL REFERENCES sampling_tasks(id),
    department_id BIGINT NOT NULL REFERENCES departments(id),
    region_code TEXT NOT NULL,
    role TEXT NOT NULL,
    card_domain TEXT NOT NULL,
    team_size BIGINT NOT NULL,
    matters TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (task_id, department_id)
);
CREATE INDEX sampling_task_departments_dept ON sampling_task_departments (department_id);

CREATE TABLE sampling_inspections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    task_id BIGINT NOT NULL REFERENCES sampling_tasks(id),
    subject_id BIGINT NOT NULL REFERENCES sampling_subjects(id),
    subject_code TEXT NOT NULL,
    subject_name TEXT NOT NULL,
    stratum TEXT NOT NULL,
    officers TEXT NOT NULL,
    officer_names TEXT NOT NULL DEFAULT '',
    drawn_at BIGINT NOT NULL,
    -- NULL until the team records it
    outcome TEXT,
    note TEXT NOT NULL DEFAULT '',
    inspected_on TEXT,
    recorded_by TEXT NOT NULL DEFAULT '',
    recorded_at BIGINT,
    UNIQUE (task_id, subject_id)
);
CREATE INDEX sampling_inspections_subject ON sampling_inspections (region_code, subject_code, drawn_at);
