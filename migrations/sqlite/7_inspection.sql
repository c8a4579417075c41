-- Inspections and electronic inspection certificates (电子检查证, issue 6).
--
-- Every inspection of a subject is a record with its ground (a draw, a complaint, a referral,
-- a special campaign); a certificate is issued for it only once the issuance gates pass
-- (see crates/core/src/inspection/gates.rs). Signing keys stay on the server: the private scalar
-- lives only in inspection_keys and is never served. Times are epoch ms unless named *_on (dates).

CREATE TABLE inspection_settings (
    region_code TEXT PRIMARY KEY,
    -- Quiet period: days during which the same department does not inspect the same subject for
    -- the same matter again (complaints and referrals with a written reason excepted).
    quiet_days BIGINT NOT NULL,
    -- Grows with every change of the key set or the revocation list, so cached copies refresh.
    counter BIGINT NOT NULL
);

CREATE TABLE inspection_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    kid TEXT NOT NULL UNIQUE,
    public_key TEXT NOT NULL,
    -- The 32-byte private scalar (hex). Never leaves the server, never in any response.
    private_key TEXT NOT NULL,
    not_before TEXT NOT NULL,
    not_after TEXT NOT NULL,
    -- 'active' (signs), 'retired' (verifies until its certificates expire), 'revoked'
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    retired_at BIGINT
);

CREATE TABLE inspections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    inspection_no TEXT NOT NULL,
    -- 'draw', 'complaint', 'referral', 'campaign'
    ground TEXT NOT NULL,
    -- The plan task number, complaint number, referral document or campaign name.
    ground_ref TEXT NOT NULL DEFAULT '',
    sampling_inspection_id BIGINT REFERENCES sampling_inspections(id),
    legal_ground TEXT NOT NULL DEFAULT '',
    -- Written reason for inspecting again within the quiet period (complaint / referral only).
    reason TEXT NOT NULL DEFAULT '',
    department_id BIGINT NOT NULL REFERENCES departments(id),
    -- All departments of a joint inspection (JSON ids; the issuing one first).
    departments TEXT NOT NULL,
    subject_code TEXT NOT NULL,
    subject_name TEXT NOT NULL,
    domain TEXT NOT NULL DEFAULT '',
    matters TEXT NOT NULL,
    basis TEXT NOT NULL DEFAULT '[]',
    -- JSON [{"id": officer id, "domain": card domain}]
    officers TEXT NOT NULL,
    window_start TEXT NOT NULL,
    window_end TEXT NOT NULL,
    outcome TEXT,
    note TEXT NOT NULL DEFAULT '',
    inspected_on TEXT,
    created_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (region_code, inspection_no)
);
CREATE UNIQUE INDEX inspections_sampling ON inspections (sampling_inspection_id);
CREATE INDEX inspections_dept ON inspections (department_id, window_start);
CREATE INDEX inspections_subject ON inspections (region_code, subject_code);

-- One row per (issued inspection, matter): the quiet-period gate is an index range.
CREATE TABLE inspection_matters (
    inspection_id BIGINT NOT NULL REFERENCES inspections(id),
    region_code TEXT NOT NULL,
    department_id BIGINT NOT NULL,
    subject_code TEXT NOT NULL,
    matter_code TEXT NOT NULL,
    inspect_on TEXT NOT NULL,
    PRIMARY KEY (inspection_id, matter_code)
);
CREATE INDEX inspection_matters_quiet ON inspection_matters (region_code, department_id, subject_code, matter_code, inspect_on);

CREATE TABLE inspection_certificates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    cert_no TEXT NOT NULL UNIQUE,
    inspection_id BIGINT NOT NULL REFERENCES inspections(id),
    department_id BIGINT NOT NULL REFERENCES departments(id),
    subject_code TEXT NOT NULL,
    kid TEXT NOT NULL,
    token TEXT NOT NULL,
    -- Validity, epoch seconds (as in the token).
    valid_from BIGINT NOT NULL,
    valid_until BIGINT NOT NULL,
    -- Year and month of valid_from (YYYY-MM), for statistics.
    month TEXT NOT NULL,
    issued_at BIGINT NOT NULL,
    issued_by TEXT NOT NULL DEFAULT '',
    -- 'issued', 'revoked'
    status TEXT NOT NULL,
    revoked_at BIGINT,
    revoke_reason TEXT NOT NULL DEFAULT '',
    -- Set by the first arrival scan (入企扫码): the certificate was used at the door.
    arrived_at BIGINT,
    departed_at BIGINT
);
CREATE INDEX inspection_certificates_inspection ON inspection_certificates (inspection_id);
CREATE INDEX inspection_certificates_month ON inspection_certificates (region_code, month, department_id);
CREATE INDEX inspection_certificates_subject ON inspection_certificates (region_code, subject_code, valid_from);
CREATE INDEX inspection_certificates_status ON inspection_certificates (region_code, status);

-- Door scans: arrival and departure, by the enterprise account.
CREATE TABLE inspection_scans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    certificate_id BIGINT NOT NULL REFERENCES inspection_certificates(id),
    -- 'arrival', 'departure'
    kind TEXT NOT NULL,
    at BIGINT NOT NULL,
    user_id BIGINT,
    UNIQUE (certificate_id, kind)
);

CREATE TABLE inspection_ratings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    certificate_id BIGINT NOT NULL UNIQUE REFERENCES inspection_certificates(id),
    -- 1 (very dissatisfied) … 5 (very satisfied)
    score BIGINT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    at BIGINT NOT NULL,
    user_id BIGINT
);

-- Which subject an enterprise account speaks for.
CREATE TABLE inspection_enterprise_links (
    user_id BIGINT PRIMARY KEY REFERENCES users(id),
    region_code TEXT NOT NULL,
    subject_code TEXT NOT NULL
);
