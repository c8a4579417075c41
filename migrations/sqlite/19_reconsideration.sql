-- Administrative reconsideration (行政复议法 2023) and litigation (行政应诉) against the
-- district's bodies. The district government is the reconsideration body for its departments
-- (第二十四条); the Justice Bureau handles the cases.
CREATE TABLE reconsideration_applications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    -- 津滨政复〔YYYY〕N号, given on acceptance ('' before)
    case_no TEXT NOT NULL DEFAULT '',
    -- the applicant's code to follow the application on the portal
    query_code TEXT NOT NULL,
    -- rules::Channel
    channel TEXT NOT NULL,
    -- 'citizen' | 'organisation'
    applicant_kind TEXT NOT NULL,
    applicant_name TEXT NOT NULL,
    applicant_code TEXT NOT NULL DEFAULT '',
    applicant_contact TEXT NOT NULL DEFAULT '',
    respondent_department_id BIGINT NOT NULL REFERENCES departments(id),
    -- rules::ActKind
    act_kind TEXT NOT NULL,
    act_description TEXT NOT NULL,
    -- the penalty case when the act is one of ours
    case_id BIGINT REFERENCES cases(id),
    act_on TEXT NOT NULL,
    knew_on TEXT NOT NULL,
    rights_told BIGINT NOT NULL DEFAULT 1,
    rights_known_on TEXT,
    real_estate BIGINT NOT NULL DEFAULT 0,
    amount_fen BIGINT,
    warning_only BIGINT NOT NULL DEFAULT 0,
    requests TEXT NOT NULL,
    reasons TEXT NOT NULL DEFAULT '',
    third_parties TEXT NOT NULL DEFAULT '',
    received_on TEXT NOT NULL,
    acceptance_due TEXT NOT NULL,
    -- 'received' | 'correction' | 'accepted' | 'suspended' | 'rejected' | 'abandoned'
    -- | 'terminated' | 'decided'
    status TEXT NOT NULL,
    -- rules::Procedure
    procedure TEXT NOT NULL DEFAULT 'ordinary',
    accepted_on TEXT,
    rejected_reason TEXT NOT NULL DEFAULT '',
    correction_notified_on TEXT,
    correction_due TEXT,
    corrected_on TEXT,
    copy_sent_on TEXT,
    answer_due TEXT,
    answered_on TEXT,
    decision_due TEXT,
    extension_days BIGINT NOT NULL DEFAULT 0,
    suspended_on TEXT,
    suspended_days BIGINT NOT NULL DEFAULT 0,
    decided_on TEXT,
    -- DecisionKind
    decision_kind TEXT NOT NULL DEFAULT '',
    decision_text TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX reconsideration_query_code ON reconsideration_applications (query_code);
CREATE INDEX reconsideration_received ON reconsideration_applications (region_code, received_on);
CREATE INDEX reconsideration_respondent ON reconsideration_applications (respondent_department_id, status);
CREATE INDEX reconsideration_case ON reconsideration_applications (case_id);
-- The whole-process record of an application.
CREATE TABLE reconsideration_steps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    application_id BIGINT NOT NULL REFERENCES reconsideration_applications(id),
    action TEXT NOT NULL,
    on_date TEXT NOT NULL,
    actor TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX reconsideration_steps_app ON reconsideration_steps (application_id);
-- Lawsuits against the district's bodies (行政诉讼法).
CREATE TABLE litigation_cases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    court TEXT NOT NULL,
    court_case_no TEXT NOT NULL,
    -- 'first' | 'second' | 'retrial'
    instance TEXT NOT NULL,
    defendant_department_id BIGINT NOT NULL REFERENCES departments(id),
    plaintiff TEXT NOT NULL,
    act_description TEXT NOT NULL,
    case_id BIGINT REFERENCES cases(id),
    reconsideration_id BIGINT REFERENCES reconsideration_applications(id),
    served_on TEXT NOT NULL,
    defence_due TEXT NOT NULL,
    defence_filed_on TEXT,
    hearing_on TEXT,
    head_appeared BIGINT NOT NULL DEFAULT 0,
    appearing_head TEXT NOT NULL DEFAULT '',
    judgment_on TEXT,
    -- '' pending | 'upheld' | 'dismissed' | 'revoked' | 'changed' | 'confirmed_illegal'
    -- | 'ordered_to_act' | 'withdrawn' | 'mediated'
    outcome TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX litigation_served ON litigation_cases (region_code, served_on);
CREATE INDEX litigation_defendant ON litigation_cases (defendant_department_id);
-- The lists and the figures read index ranges (docs/BENCHMARKS.md, 100,000 applications).
CREATE INDEX reconsideration_status ON reconsideration_applications (region_code, status, id);
CREATE INDEX reconsideration_region_id ON reconsideration_applications (region_code, id);
CREATE INDEX reconsideration_accepted ON reconsideration_applications (region_code, accepted_on);
CREATE INDEX reconsideration_decided ON reconsideration_applications (region_code, decided_on);
CREATE INDEX reconsideration_published ON reconsideration_applications (region_code, status, decided_on);
CREATE INDEX reconsideration_open_due ON reconsideration_applications (region_code, status, decision_due);
CREATE INDEX reconsideration_respondent_id ON reconsideration_applications (respondent_department_id, id);
