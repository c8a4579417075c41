-- Issue 15 (security). Login throttling: failures counted per account (the SM3 digest of the
-- typed username, so unknown names are throttled exactly like known ones and never stored in
-- clear) and per client address, with a delay that grows with the failures. Stored here so that
-- every instance behind a load balancer agrees.
CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_failure_at BIGINT NOT NULL,
    blocked_until BIGINT NOT NULL
);

-- Login attempts for the security administrator's page. `account` is the username of an
-- existing account or a redacted digest of what was typed (a password typed into the username
-- field is never stored).
CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at BIGINT NOT NULL,
    account TEXT NOT NULL,
    user_id BIGINT,
    address TEXT NOT NULL,
    outcome TEXT NOT NULL
);
CREATE INDEX login_attempts_at ON login_attempts (at);

-- 三员分立: an administrator account is created by the system administrator and takes effect
-- only when a security administrator (another person) approves it.
CREATE TABLE admin_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL,
    requested_by BIGINT NOT NULL,
    requested_at BIGINT NOT NULL,
    status TEXT NOT NULL,
    decided_by BIGINT,
    decided_at BIGINT
);

-- Random server keys shared by every instance (the key that signs the login form's
-- anti-forgery token, so that a token the client chooses is refused).
CREATE TABLE server_keys (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
