-- Major administrative decisions (重大行政决策程序暂行条例, 2019) and the district's legal
-- counsel (法律顾问) and public-sector lawyers (公职律师).

-- The yearly catalogue of decision items (第三条 第三款): approved after the Party committee at
-- the same level agrees, then published, and adjustable.
CREATE TABLE decision_catalogues (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    year BIGINT NOT NULL,
    -- 'draft' | 'approved' | 'published'
    status TEXT NOT NULL,
    approved_on TEXT,
    approval_note TEXT NOT NULL DEFAULT '',
    published_on TEXT,
    adjusted_on TEXT,
    created_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (region_code, year)
);
-- One item of a catalogue, proposed by the body that will undertake it (决策承办单位).
CREATE TABLE decision_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    catalogue_id BIGINT NOT NULL REFERENCES decision_catalogues(id),
    year BIGINT NOT NULL,
    department_id BIGINT NOT NULL REFERENCES departments(id),
    title TEXT NOT NULL,
    -- rules::Category (第三条 第一款 第（一）–（五）项)
    category TEXT NOT NULL,
    -- why the item meets the catalogue's standard
    standard TEXT NOT NULL DEFAULT '',
    planned TEXT NOT NULL DEFAULT '',
    -- 'proposed' | 'listed' | 'not_listed' | 'withdrawn'
    status TEXT NOT NULL,
    by_adjustment BIGINT NOT NULL DEFAULT 0,
    listed_on TEXT,
    published_on TEXT,
    withdrawn_on TEXT,
    note TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX decision_items_year ON decision_items (region_code, year, status);
CREATE INDEX decision_items_dept ON decision_items (department_id, id);
-- A decision through the five procedures.
CREATE TABLE major_decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    item_id BIGINT NOT NULL REFERENCES decision_items(id),
    department_id BIGINT NOT NULL REFERENCES departments(id),
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    -- records::Status
    status TEXT NOT NULL,
    -- 0: 依法不予公开 (第十四条, 第三十二条), with the reason
    open_to_public BIGINT NOT NULL DEFAULT 1,
    closed_reason TEXT NOT NULL DEFAULT '',
    -- 专业性、技术性较强 (第十九条) and a risk to stability or safety (第二十二条)
    technical BIGINT NOT NULL DEFAULT 0,
    risky BIGINT NOT NULL DEFAULT 0,
    started_on TEXT NOT NULL,
    comment_from TEXT,
    comment_to TEXT,
    comment_short_reason TEXT NOT NULL DEFAULT '',
    comments_received BIGINT NOT NULL DEFAULT 0,
    comments_adoption TEXT NOT NULL DEFAULT '',
    hearing_on TEXT,
    hearing_materials_on TEXT,
    experts TEXT NOT NULL DEFAULT '',
    expert_opinion TEXT NOT NULL DEFAULT '',
    experts_on TEXT,
    risk_assessor TEXT NOT NULL DEFAULT '',
    risk_report TEXT NOT NULL DEFAULT '',
    -- '' | 'controllable' | 'uncontrollable'
    risk_conclusion TEXT NOT NULL DEFAULT '',
    risk_on TEXT,
    review_submitted_on TEXT,
    review_needed_by TEXT,
    -- '' | 'lawful' | 'exploratory' | 'unlawful'
    review_conclusion TEXT NOT NULL DEFAULT '',
    review_opinion TEXT NOT NULL DEFAULT '',
    reviewed_on TEXT,
    -- '常务会议' | '全体会议'
    meeting_kind TEXT NOT NULL DEFAULT '',
    head_name TEXT NOT NULL DEFAULT '',
    head_reason TEXT NOT NULL DEFAULT '',
    dissent TEXT NOT NULL DEFAULT '',
    decided_on TEXT,
    party_reported_on TEXT,
    published_on TEXT,
    publish_channel TEXT NOT NULL DEFAULT '',
    archived_on TEXT,
    archive_digest TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX major_decisions_decided ON major_decisions (region_code, decided_on);
CREATE INDEX major_decisions_dept ON major_decisions (department_id, id);
CREATE INDEX major_decisions_item ON major_decisions (item_id);
-- The whole-process record of a decision (第三十三条).
CREATE TABLE decision_steps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    decision_id BIGINT NOT NULL REFERENCES major_decisions(id),
    action TEXT NOT NULL,
    on_date TEXT NOT NULL,
    actor TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX decision_steps_decision ON decision_steps (decision_id);
-- Who spoke at the collective discussion, in order (第三十条: the head speaks last).
CREATE TABLE decision_speeches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    decision_id BIGINT NOT NULL REFERENCES major_decisions(id),
    seq BIGINT NOT NULL,
    speaker TEXT NOT NULL,
    is_head BIGINT NOT NULL DEFAULT 0,
    -- 'agree' | 'disagree' | 'abstain'
    position TEXT NOT NULL,
    opinion TEXT NOT NULL DEFAULT ''
);
CREATE INDEX decision_speeches_decision ON decision_speeches (decision_id);
-- Lifetime accountability (第三十八条): who answers for a decision, kept for good.
CREATE TABLE decision_accountability (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    decision_id BIGINT NOT NULL REFERENCES major_decisions(id),
    person TEXT NOT NULL,
    -- 'head' | 'member' | 'undertaker'
    duty TEXT NOT NULL,
    dissented BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX decision_accountability_decision ON decision_accountability (decision_id);
-- Post-evaluations (第三十六条).
CREATE TABLE decision_evaluations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    decision_id BIGINT NOT NULL REFERENCES major_decisions(id),
    trigger_kind TEXT NOT NULL,
    evaluator TEXT NOT NULL,
    conclusion TEXT NOT NULL,
    evaluated_on TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX decision_evaluations_decision ON decision_evaluations (decision_id);
-- The archived process record (第三十三条): a snapshot and its SM3 digest.
CREATE TABLE decision_archives (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    decision_id BIGINT NOT NULL REFERENCES major_decisions(id),
    archived_on TEXT NOT NULL,
    content TEXT NOT NULL,
    digest TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX decision_archives_decision ON decision_archives (decision_id);

-- Legal counsel: public-sector lawyers (公职律师), lawyers retained as legal advisers and
-- scholars retained as advisers, with their qualifications.
CREATE TABLE counsel (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    -- 'public_lawyer' | 'lawyer' | 'scholar'
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    -- 法律职业资格证书编号 (律师法 第五条)
    qualification_no TEXT NOT NULL DEFAULT '',
    -- 公职律师证 or 律师执业证 number
    licence_no TEXT NOT NULL DEFAULT '',
    -- law firm (lawyer) or institution (scholar)
    firm TEXT NOT NULL DEFAULT '',
    specialty TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX counsel_region ON counsel (region_code, kind);
CREATE INDEX counsel_qualification ON counsel (qualification_no);
-- Appointments of counsel to bodies (a public-sector lawyer's employing body; an adviser's
-- retaining bodies).
CREATE TABLE counsel_appointments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    counsel_id BIGINT NOT NULL REFERENCES counsel(id),
    department_id BIGINT NOT NULL REFERENCES departments(id),
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    created_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX counsel_appointments_counsel ON counsel_appointments (counsel_id);
CREATE INDEX counsel_appointments_dept ON counsel_appointments (department_id);
CREATE INDEX counsel_appointments_region ON counsel_appointments (region_code, starts_on);
-- Assignments of counsel to a subject of any module (subject_kind: 'decision', later
-- 'normative', …) and their written opinions on it.
CREATE TABLE counsel_assignments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    counsel_id BIGINT NOT NULL REFERENCES counsel(id),
    subject_kind TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    assigned_on TEXT NOT NULL,
    assigned_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    UNIQUE (counsel_id, subject_kind, subject_id)
);
CREATE INDEX counsel_assignments_subject ON counsel_assignments (subject_kind, subject_id);
CREATE TABLE counsel_opinions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    counsel_id BIGINT NOT NULL REFERENCES counsel(id),
    subject_kind TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    given_on TEXT NOT NULL,
    opinion TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX counsel_opinions_subject ON counsel_opinions (subject_kind, subject_id);
CREATE INDEX counsel_opinions_given ON counsel_opinions (region_code, given_on);
CREATE INDEX counsel_opinions_counsel ON counsel_opinions (counsel_id);
