-- People's mediation (人民调解法 2010) on three levels: the district committee, a committee per
-- 街镇, the 村居 committees, and trade/professional committees. Disputes, their sessions and
-- outcomes, 司法确认, screenings (矛盾排查), and the accounts of mediators and 司法所.
CREATE TABLE mediation_organisations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    name TEXT NOT NULL,
    -- rules::Level: 'district' | 'subdistrict' | 'community' | 'trade'
    level TEXT NOT NULL,
    -- rules::OrgKind
    kind TEXT NOT NULL,
    -- the 街镇 it belongs to ('' for the district and trade committees)
    subdistrict TEXT NOT NULL DEFAULT '',
    -- where a failed dispute goes next (NULL at the district level)
    parent_id BIGINT REFERENCES mediation_organisations(id),
    members BIGINT NOT NULL,
    women BIGINT NOT NULL,
    minority BIGINT NOT NULL DEFAULT 0,
    multi_ethnic BIGINT NOT NULL DEFAULT 0,
    term_start TEXT NOT NULL,
    term_end TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX mediation_org_name ON mediation_organisations (region_code, name);
CREATE INDEX mediation_org_level ON mediation_organisations (region_code, level, id);

CREATE TABLE mediation_mediators (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES mediation_organisations(id),
    name TEXT NOT NULL,
    -- 'female' | 'male'
    gender TEXT NOT NULL,
    -- 委员 (1) or engaged mediator (0), 第十三条
    is_member BIGINT NOT NULL DEFAULT 1,
    -- last training by the Justice Bureau (第十四条), '' when none yet
    trained_on TEXT NOT NULL DEFAULT '',
    training_hours BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX mediation_mediators_org ON mediation_mediators (organisation_id);

-- Which organisation a 人民调解员 account works for, or which 街镇 a 司法所 account covers.
CREATE TABLE mediation_accounts (
    user_id BIGINT PRIMARY KEY REFERENCES users(id),
    region_code TEXT NOT NULL,
    organisation_id BIGINT REFERENCES mediation_organisations(id),
    subdistrict TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);

CREATE TABLE mediation_disputes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    case_no TEXT NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES mediation_organisations(id),
    -- the 街镇 where the dispute arose ('' when district-wide), kept on escalation
    subdistrict TEXT NOT NULL DEFAULT '',
    -- rules::Channel
    channel TEXT NOT NULL,
    -- the 12345 work order of a hotline transfer
    work_order_id BIGINT,
    referral_no TEXT NOT NULL DEFAULT '',
    -- rules::DisputeKind
    kind TEXT NOT NULL,
    applicant TEXT NOT NULL,
    respondent TEXT NOT NULL,
    summary TEXT NOT NULL,
    amount_fen BIGINT NOT NULL DEFAULT 0,
    received_on TEXT NOT NULL,
    -- 'open' | 'agreed' | 'failed'
    status TEXT NOT NULL,
    escalations BIGINT NOT NULL DEFAULT 0,
    -- '' | 'written' | 'oral'
    agreement_form TEXT NOT NULL DEFAULT '',
    agreement_text TEXT NOT NULL DEFAULT '',
    closed_on TEXT,
    effective_on TEXT,
    channels_told TEXT NOT NULL DEFAULT '',
    followed_up_on TEXT,
    follow_up_note TEXT NOT NULL DEFAULT '',
    confirm_applied_on TEXT,
    confirm_court TEXT NOT NULL DEFAULT '',
    -- '' | 'pending' | 'valid' | 'rejected'
    confirm_result TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX mediation_disputes_region ON mediation_disputes (region_code, id);
CREATE INDEX mediation_disputes_org ON mediation_disputes (region_code, organisation_id, id);
CREATE INDEX mediation_disputes_status ON mediation_disputes (region_code, status, id);
CREATE INDEX mediation_disputes_sub ON mediation_disputes (region_code, subdistrict, id);
-- covering the year's figures (stats::year reads only the index)
CREATE INDEX mediation_disputes_received ON mediation_disputes (region_code, received_on, status, organisation_id, kind, amount_fen, escalations, confirm_result);

CREATE TABLE mediation_sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    dispute_id BIGINT NOT NULL REFERENCES mediation_disputes(id),
    on_date TEXT NOT NULL,
    action TEXT NOT NULL,
    actor TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mediation_sessions_dispute ON mediation_sessions (dispute_id, id);

CREATE TABLE mediation_screenings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    subdistrict TEXT NOT NULL,
    grid TEXT NOT NULL,
    screened_on TEXT NOT NULL,
    -- 'none' | 'low' | 'medium' | 'high'
    risk TEXT NOT NULL,
    finding TEXT NOT NULL DEFAULT '',
    -- 'open' | 'prevented' | 'escalated' | 'closed'
    status TEXT NOT NULL,
    dispute_id BIGINT REFERENCES mediation_disputes(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX mediation_screenings_date ON mediation_screenings (region_code, screened_on);
CREATE INDEX mediation_screenings_sub ON mediation_screenings (region_code, subdistrict, id);
