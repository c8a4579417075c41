-- Foundation: organisation registry, accounts and sessions, audit chain, holiday calendar.
-- Every domain table carries region_code (GB/T 2260), the future distribution key.
-- Types are limited to what sqlx's Any driver decodes on both backends: BIGINT and TEXT
-- (Any cannot decode a SQLite BOOLEAN, so flags are BIGINT 0/1);
-- times are epoch milliseconds, dates ISO text, lists JSON text.

CREATE TABLE departments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    name TEXT NOT NULL,
    short_name TEXT NOT NULL DEFAULT '',
    uscc TEXT,
    uscc_check_ok BIGINT NOT NULL DEFAULT 1,
    kind TEXT NOT NULL,
    parent_id BIGINT REFERENCES departments(id),
    domains TEXT NOT NULL DEFAULT '[]',
    area TEXT NOT NULL DEFAULT '',
    sort_order BIGINT NOT NULL DEFAULT 0,
    active BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (region_code, name)
);

-- Closure table: every (ancestor, descendant) pair, self included at depth 0.
-- Data scope "department and children" is one join on it, never a string spliced into SQL.
CREATE TABLE department_closure (
    ancestor_id BIGINT NOT NULL REFERENCES departments(id),
    descendant_id BIGINT NOT NULL REFERENCES departments(id),
    depth BIGINT NOT NULL,
    PRIMARY KEY (ancestor_id, descendant_id)
);
CREATE INDEX department_closure_desc ON department_closure (descendant_id);

CREATE TABLE officers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    department_id BIGINT NOT NULL REFERENCES departments(id),
    name TEXT NOT NULL,
    id_number TEXT NOT NULL UNIQUE,
    posts TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL DEFAULT 'active',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX officers_dept ON officers (department_id, id);
CREATE INDEX officers_name ON officers (name);

CREATE TABLE enforcement_cards (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    officer_id BIGINT NOT NULL REFERENCES officers(id),
    card_no TEXT NOT NULL UNIQUE,
    domains TEXT NOT NULL DEFAULT '[]',
    issued_on TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX enforcement_cards_officer ON enforcement_cards (officer_id);
CREATE INDEX enforcement_cards_valid ON enforcement_cards (valid_until);

CREATE TABLE training_records (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    officer_id BIGINT NOT NULL REFERENCES officers(id),
    year BIGINT NOT NULL,
    hours BIGINT NOT NULL,
    exam_score BIGINT,
    exam_passed BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    UNIQUE (officer_id, year)
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    department_id BIGINT REFERENCES departments(id),
    scope TEXT NOT NULL,
    officer_id BIGINT REFERENCES officers(id),
    failed_logins BIGINT NOT NULL DEFAULT 0,
    locked_until BIGINT,
    disabled BIGINT NOT NULL DEFAULT 0,
    last_login_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Sessions are stored server-side so that any instance behind a load balancer serves them;
-- only the SM3 digest of the cookie token is kept.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    csrf TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Audit chain (全过程记录): append-only, each entry chained to the last by SM3.
-- audit_head holds the latest link; updating it first in a write transaction serialises writers.
CREATE TABLE audit_head (
    id BIGINT PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    touched_at BIGINT NOT NULL
);
INSERT INTO audit_head (id, seq, hash, touched_at)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0);

CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    region_code TEXT NOT NULL,
    at BIGINT NOT NULL,
    actor_id BIGINT,
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    digest_before TEXT,
    digest_after TEXT,
    summary TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);

-- Holiday notices, maintained by the system administrator (seeded from cn-holidays.toml).
CREATE TABLE calendar_years (
    year BIGINT PRIMARY KEY,
    title TEXT NOT NULL,
    doc_no TEXT NOT NULL,
    issued TEXT NOT NULL,
    holidays TEXT NOT NULL,
    workdays TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
