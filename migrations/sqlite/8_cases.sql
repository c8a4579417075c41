-- Administrative penalty cases (行政处罚案件, issue 7): the case record, its task tree
-- (queues per officer, head and legal reviewer), the whole-process record (steps, evidence
-- with SM3 digests, instruments with their numbers) and the disclosure of decisions.
-- Dates are ISO strings (*_on, *_due); times are epoch ms; flags are BIGINT 0/1; money is fen.

CREATE TABLE cases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    case_no TEXT NOT NULL,
    department_id BIGINT NOT NULL REFERENCES departments(id),
    -- 'general' | 'summary'
    procedure TEXT NOT NULL,
    -- cases::Stage stored name
    stage TEXT NOT NULL,
    -- 'open' | 'closed' | 'dropped'
    status TEXT NOT NULL,
    -- 'inspection' | 'complaint' | 'referral' | 'patrol' | 'other'
    source TEXT NOT NULL,
    source_ref TEXT NOT NULL DEFAULT '',
    inspection_id BIGINT,
    domain TEXT NOT NULL DEFAULT '',
    power_code TEXT NOT NULL DEFAULT '',
    violation TEXT NOT NULL DEFAULT '',
    penalised TEXT NOT NULL DEFAULT '',
    violated TEXT NOT NULL DEFAULT '[]',
    -- 'citizen' | 'organisation'
    party_kind TEXT NOT NULL,
    party_name TEXT NOT NULL,
    party_code TEXT NOT NULL DEFAULT '',
    party_address TEXT NOT NULL DEFAULT '',
    party_representative TEXT NOT NULL DEFAULT '',
    facts TEXT NOT NULL DEFAULT '',
    -- Circumstances the leniency and discretion rules read (JSON).
    circumstances TEXT NOT NULL DEFAULT '{}',
    -- Officer ids of the investigating team (JSON array).
    officers TEXT NOT NULL DEFAULT '[]',
    handler_user BIGINT,
    lead_on TEXT NOT NULL,
    filed_on TEXT,
    notice_on TEXT,
    decided_on TEXT,
    served_on TEXT,
    executed_on TEXT,
    closed_on TEXT,
    archived_on TEXT,
    filing_due TEXT,
    decision_due TEXT,
    extension_days BIGINT NOT NULL DEFAULT 0,
    statement_due TEXT,
    hearing_request_due TEXT,
    service_due TEXT,
    payment_due TEXT,
    hearing_right BIGINT NOT NULL DEFAULT 0,
    hearing_requested BIGINT NOT NULL DEFAULT 0,
    hearing_held BIGINT NOT NULL DEFAULT 0,
    statement_waived BIGINT NOT NULL DEFAULT 0,
    legal_review_required BIGINT NOT NULL DEFAULT 0,
    legal_review_grounds TEXT NOT NULL DEFAULT '[]',
    -- '' | 'passed' | 'returned'
    legal_review_result TEXT NOT NULL DEFAULT '',
    legal_review_on TEXT,
    legal_review_by TEXT NOT NULL DEFAULT '',
    legal_review_opinion TEXT NOT NULL DEFAULT '',
    collective_required BIGINT NOT NULL DEFAULT 0,
    collective_held BIGINT NOT NULL DEFAULT 0,
    collective_note TEXT NOT NULL DEFAULT '',
    -- leniency outcome stored name ('' before assessment)
    leniency_outcome TEXT NOT NULL DEFAULT '',
    leniency_trace TEXT NOT NULL DEFAULT '[]',
    penalty_reason TEXT NOT NULL DEFAULT '',
    tier TEXT NOT NULL DEFAULT '',
    -- 'within' | 'out_of_tier' | 'out_of_range' | '' (no fine)
    tier_check TEXT NOT NULL DEFAULT '',
    out_of_tier_reason TEXT NOT NULL DEFAULT '',
    warning BIGINT NOT NULL DEFAULT 0,
    fine_fen BIGINT NOT NULL DEFAULT 0,
    confiscation_fen BIGINT NOT NULL DEFAULT 0,
    other_measures TEXT NOT NULL DEFAULT '',
    -- '' | 'penalty' | 'no_penalty' | 'dropped'
    outcome TEXT NOT NULL DEFAULT '',
    decision_no TEXT,
    paid_fen BIGINT NOT NULL DEFAULT 0,
    surcharge_fen BIGINT NOT NULL DEFAULT 0,
    paid_on TEXT,
    -- '' | 'paid' | 'compulsory' | 'court' | 'none'
    execution_mode TEXT NOT NULL DEFAULT '',
    disclosure_due TEXT,
    disclosed_on TEXT,
    -- '' | 'published' | 'withdrawn' | 'not_required'
    disclosure_status TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (region_code, case_no)
);
CREATE INDEX cases_dept ON cases (department_id, id);
CREATE INDEX cases_region ON cases (region_code, id);
CREATE INDEX cases_decided ON cases (region_code, decided_on);
CREATE INDEX cases_lead ON cases (region_code, lead_on);
CREATE INDEX cases_open_due ON cases (status, decision_due);

CREATE TABLE case_tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    department_id BIGINT NOT NULL REFERENCES departments(id),
    -- cases::Action stored name, or 'request_hearing'
    kind TEXT NOT NULL,
    -- 'officer' | 'head' | 'legal'
    queue TEXT NOT NULL,
    assignee_user BIGINT,
    -- 'open' | 'done' | 'cancelled'
    status TEXT NOT NULL,
    due_on TEXT,
    created_at BIGINT NOT NULL,
    done_at BIGINT,
    done_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_tasks_assignee ON case_tasks (assignee_user, status, due_on);
CREATE INDEX case_tasks_queue ON case_tasks (department_id, queue, status, due_on);
CREATE INDEX case_tasks_case ON case_tasks (case_id, status);

CREATE TABLE case_steps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    at BIGINT NOT NULL,
    on_date TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    from_stage TEXT NOT NULL,
    to_stage TEXT NOT NULL,
    officers TEXT NOT NULL DEFAULT '[]',
    note TEXT NOT NULL DEFAULT '',
    digests TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX case_steps_case ON case_steps (case_id, id);

CREATE TABLE case_evidence (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sm3 TEXT NOT NULL,
    content BLOB NOT NULL,
    collected_on TEXT NOT NULL,
    collected_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX case_evidence_case ON case_evidence (case_id, id);

CREATE TABLE case_documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    kind TEXT NOT NULL,
    doc_no TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    body TEXT NOT NULL,
    sm3 TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX case_documents_case ON case_documents (case_id, kind);

-- Next number per printed prefix (e.g. 市监罚) and year: 文号 are gapless and never reused;
-- department_id is 0 (bodies sharing an abbreviation share the sequence).
CREATE TABLE doc_sequences (
    region_code TEXT NOT NULL,
    department_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    year BIGINT NOT NULL,
    next_seq BIGINT NOT NULL,
    PRIMARY KEY (region_code, department_id, kind, year)
);

CREATE TABLE case_disclosures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    department_id BIGINT NOT NULL REFERENCES departments(id),
    decision_no TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    published_on TEXT NOT NULL,
    on_time BIGINT NOT NULL,
    -- 'published' | 'withdrawn'
    status TEXT NOT NULL,
    -- The published text, personal information masked (JSON).
    content TEXT NOT NULL,
    withdrawn_on TEXT,
    withdraw_due TEXT,
    withdraw_reason TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX case_disclosures_list ON case_disclosures (region_code, status, published_on);
CREATE INDEX case_disclosures_case ON case_disclosures (case_id);
