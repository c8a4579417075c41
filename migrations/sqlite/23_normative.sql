-- Normative documents (行政规范性文件): drafting, the gates of 优化营商环境条例 第六十二–六十四条,
-- 公平竞争审查条例 and the legality review, 三统一 registration, filing, validity, cleanup and
-- incidental review from reconsideration (行政复议法 第五十六–六十条).
CREATE TABLE normative_documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    -- the drafting body (制定机关 / 起草单位)
    department_id BIGINT NOT NULL REFERENCES departments(id),
    title TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    body_text TEXT NOT NULL,
    -- touches enterprises' rights and duties (优化营商环境条例 第六十二–六十四条)
    touches_enterprises BIGINT NOT NULL DEFAULT 0,
    -- the date the body plans to issue it: citations are checked against it
    planned_on TEXT NOT NULL,
    -- 'draft' | 'in_review' | 'reviewed' | 'deliberated' | 'signed' | 'published' | 'repealed'
    -- | 'replaced'
    status TEXT NOT NULL,
    assessed_on TEXT,
    assessment TEXT NOT NULL DEFAULT '',
    comment_from TEXT,
    comment_to TEXT,
    comment_short_reason TEXT NOT NULL DEFAULT '',
    comment_closed_on TEXT,
    comment_feedback TEXT NOT NULL DEFAULT '',
    review_requested_on TEXT,
    review_earliest TEXT,
    review_due TEXT,
    reviewer TEXT NOT NULL DEFAULT '',
    reviewed_on TEXT,
    -- 'lawful' | 'amend' | 'unlawful'
    review_conclusion TEXT NOT NULL DEFAULT '',
    deliberated_on TEXT,
    meeting TEXT NOT NULL DEFAULT '',
    signed_on TEXT,
    signer TEXT NOT NULL DEFAULT '',
    reg_year BIGINT,
    reg_seq BIGINT,
    reg_no TEXT NOT NULL DEFAULT '',
    published_on TEXT,
    channel TEXT NOT NULL DEFAULT '',
    valid_until TEXT,
    evaluation_due TEXT,
    evaluated_on TEXT,
    evaluation TEXT NOT NULL DEFAULT '',
    filing_due TEXT,
    filed_on TEXT,
    filing_body TEXT NOT NULL DEFAULT '',
    repealed_on TEXT,
    repeal_reason TEXT NOT NULL DEFAULT '',
    -- the document this one amends (修改: the new text replaces it on publication)
    amends_id BIGINT REFERENCES normative_documents(id),
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX normative_documents_region ON normative_documents (region_code, status);
CREATE INDEX normative_documents_dept ON normative_documents (department_id);
CREATE INDEX normative_documents_requested ON normative_documents (region_code, review_requested_on);
CREATE UNIQUE INDEX normative_documents_reg ON normative_documents (region_code, reg_year, reg_seq);

-- Citations found in a document's text by the corpus resolver (version-free codes).
CREATE TABLE normative_citations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    document_id BIGINT NOT NULL REFERENCES normative_documents(id),
    code TEXT NOT NULL,
    citation TEXT NOT NULL
);
CREATE INDEX normative_citations_doc ON normative_citations (document_id);

-- The legality review's checklist (国办发〔2018〕115号 items), one finding per item.
CREATE TABLE normative_checks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    document_id BIGINT NOT NULL REFERENCES normative_documents(id),
    item TEXT NOT NULL,
    -- 1: no problem found; 0: a problem (an opinion says what)
    passed BIGINT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (document_id, item)
);

-- The reviewer's opinions, one by one, each adopted or rejected by the drafting body with a reason.
CREATE TABLE normative_opinions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    document_id BIGINT NOT NULL REFERENCES normative_documents(id),
    seq BIGINT NOT NULL,
    item TEXT NOT NULL DEFAULT '',
    opinion TEXT NOT NULL,
    -- NULL: not answered; 1 adopted; 0 rejected
    adopted BIGINT,
    response TEXT NOT NULL DEFAULT '',
    answered_on TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX normative_opinions_doc ON normative_opinions (document_id);

-- Each step of a document's whole-process record.
CREATE TABLE normative_steps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    document_id BIGINT NOT NULL REFERENCES normative_documents(id),
    action TEXT NOT NULL,
    on_date TEXT NOT NULL,
    actor TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX normative_steps_doc ON normative_steps (document_id);

-- Fair-competition reviews (公平竞争审查条例): of a normative document or another policy measure.
CREATE TABLE fair_competition_reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    document_id BIGINT REFERENCES normative_documents(id),
    department_id BIGINT NOT NULL REFERENCES departments(id),
    measure TEXT NOT NULL,
    -- 'drafting' (第十三条) | 'central' (第十四条, the free-trade zone's model)
    mode TEXT NOT NULL,
    reviewed_on TEXT NOT NULL,
    -- JSON object: standard item -> true (clear) / false (restricts competition)
    checklist TEXT NOT NULL,
    -- 'pass' | 'exception' (第十二条) | 'fail' (第十八条)
    conclusion TEXT NOT NULL,
    exception_ground TEXT NOT NULL DEFAULT '',
    exception_reason TEXT NOT NULL DEFAULT '',
    stakeholders TEXT NOT NULL DEFAULT '',
    third_party TEXT NOT NULL DEFAULT '',
    reviewer TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX fair_competition_reviews_region ON fair_competition_reviews (region_code, reviewed_on);
CREATE INDEX fair_competition_reviews_doc ON fair_competition_reviews (document_id);

-- Complaints about measures in force (公平竞争审查条例 第二十二条).
CREATE TABLE fair_competition_complaints (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    document_id BIGINT REFERENCES normative_documents(id),
    measure TEXT NOT NULL,
    complainant TEXT NOT NULL,
    content TEXT NOT NULL,
    received_on TEXT NOT NULL,
    handled_on TEXT,
    outcome TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX fair_competition_complaints_region ON fair_competition_complaints (region_code, received_on);

-- Cleanup campaigns (清理) and each document's outcome.
CREATE TABLE normative_cleanups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    name TEXT NOT NULL,
    started_on TEXT NOT NULL,
    published_on TEXT,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE normative_cleanup_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    cleanup_id BIGINT NOT NULL REFERENCES normative_cleanups(id),
    document_id BIGINT NOT NULL REFERENCES normative_documents(id),
    reason TEXT NOT NULL,
    -- '' (undecided) | 'keep' | 'amend' | 'repeal'
    outcome TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    decided_on TEXT,
    UNIQUE (cleanup_id, document_id)
);

-- Incidental review requests from reconsideration (行政复议法 第十三条, 第五十六–六十条).
CREATE TABLE normative_incidental (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    application_id BIGINT NOT NULL,
    -- our document when the district may handle it; NULL when transferred
    document_id BIGINT REFERENCES normative_documents(id),
    document_ref TEXT NOT NULL,
    requested_on TEXT NOT NULL,
    -- 'handle' (第五十六条: thirty days) | 'transfer' (seven days)
    route TEXT NOT NULL,
    due_on TEXT NOT NULL,
    notify_due TEXT,
    -- '' | 'lawful' | 'stop' (第五十九条) | 'transferred'
    conclusion TEXT NOT NULL DEFAULT '',
    concluded_on TEXT,
    note TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX normative_incidental_app ON normative_incidental (application_id);
