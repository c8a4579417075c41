//! Login, throttling and server-side sessions.
//!
//! Policy (等保 2.0, OWASP ASVS V2/V3; issue 15): failed logins slow further attempts per account
//! and per client address with a growing delay (`throttle`), never a hard lock an attacker
//! controls; unknown and known usernames get the same answers; no one's failures end another's
//! sessions. A session ends after 30 minutes without a request and, in any case, 12 hours after
//! login. The cookie carries a random token; the database keeps only its SM3 digest, so a leaked
//! database holds no usable session.

use rand::RngCore;
use sqlx::Row;

use super::password::verify_password;
use super::role::Role;
use super::scope::{DataScope, Principal};
use super::throttle::{
    MAX_ACCOUNT_DELAY_MS, MAX_ADDRESS_DELAY_MS, account_key, address_key, blocked_until, clear,
    log_attempt, record_failure, redacted,
};
use crate::Result;
use crate::audit::{Actor, AuditedTx, Event, sm3_hex};
use crate::db::Db;
use crate::time::now_ms;

/// Idle time after which a session ends: 30 minutes.
pub const IDLE_TIMEOUT_MS: i64 = 30 * 60 * 1000;
/// Absolute lifetime of a session, however active: 12 hours.
pub const ABSOLUTE_LIFETIME_MS: i64 = 12 * 60 * 60 * 1000;
/// `last_seen` is refreshed at most this often, to spare writes.
const TOUCH_INTERVAL_MS: i64 = 60 * 1000;

/// The result of a login attempt.
#[derive(Debug)]
pub enum LoginOutcome {
    /// Logged in: the cookie token and the session's CSRF token.
    Success {
        token: String,
        csrf: String,
        principal: Box<Principal>,
    },
    /// Wrong username or password (the same answer for an unknown username).
    BadCredentials,
    /// Too many recent failures for this username or from this address: try again after this
    /// many milliseconds. The same answer for unknown usernames, and the password was not checked.
    Throttled { retry_after_ms: i64 },
    /// The account is disabled (told only after the right password).
    Disabled,
}

/// A live session.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub principal: Principal,
    pub csrf: String,
}

fn random_token() -> String {
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

/// A hash checked when the username is unknown, so that timing does not tell which usernames
/// exist.
fn dummy_hash() -> &'static str {
    static H: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    H.get_or_init(|| super::password::hash_password("unknown-user#0").unwrap_or_default())
}

/// Attempts a login from an unknown address (the CLI, tests).
pub async fn login(db: &Db, username: &str, password: &str) -> Result<LoginOutcome> {
    login_from(db, username, password, "-").await
}

/// Attempts a login from a client address. Every failure is recorded in the audit chain (an
/// unknown username only as a digest) and in the attempts list.
pub async fn login_from(
    db: &Db,
    username: &str,
    password: &str,
    address: &str,
) -> Result<LoginOutcome> {
    let now = now_ms();
    let akey = account_key(username);
    let ikey = address_key(address);
    let row =
        sqlx::query("SELECT id, password_hash, disabled, username FROM users WHERE username = $1")
            .bind(username.to_string())
            .fetch_optional(db.pool())
            .await?;
    let user: Option<(i64, String, bool, String)> = match row {
        Some(r) => Some((
            r.try_get(0)?,
            r.try_get(1)?,
            r.try_get::<i64, _>(2)? != 0,
            r.try_get(3)?,
        )),
        None => None,
    };
    let shown = match &user {
        Some((_, _, _, name)) => name.clone(),
        None => redacted(username),
    };
    let uid = user.as_ref().map(|u| u.0);
    // Waiting: refused without checking the password and without counting.
    let wait = [
        blocked_until(db.pool(), &akey, now).await?,
        blocked_until(db.pool(), &ikey, now).await?,
    ]
    .into_iter()
    .flatten()
    .max();
    if let Some(until) = wait {
        let mut conn = db.pool().acquire().await?;
        log_attempt(&mut conn, now, &shown, uid, address, "throttled").await?;
        return Ok(LoginOutcome::Throttled {
            retry_after_ms: until - now,
        });
    }
    let ok = match &user {
        Some((_, hash, _, _)) => verify_password(password, hash),
        None => {
            verify_password(password, dummy_hash());
            false
        }
    };
    let actor = match &user {
        Some((id, _, _, name)) => Actor {
            user_id: Some(*id),
            name: name.clone(),
            region: crate::BINHAI_REGION.to_string(),
        },
        None => Actor::system("auth"),
    };
    let mut tx = AuditedTx::begin(db, actor).await?;
    let Some((id, _, disabled, _)) = user.filter(|_| ok) else {
        let failures = record_failure(tx.conn(), &akey, now, MAX_ACCOUNT_DELAY_MS).await?;
        record_failure(tx.conn(), &ikey, now, MAX_ADDRESS_DELAY_MS).await?;
        log_attempt(tx.conn(), now, &shown, uid, address, "failed").await?;
        tx.record(Event {
            action: "auth.login_failed",
            object_type: "user",
            object_id: uid.map(|i| i.to_string()).unwrap_or_default(),
            before: None,
            after: None,
            summary: match uid {
                Some(_) => format!(
                    "密码错误（第 {failures} 次），来源 {}",
                    truncate(address, 64)
                ),
                None => format!(
                    "未知用户名登录失败（用户名摘要 {shown}），来源 {}",
                    truncate(address, 64)
                ),
            },
        })
        .await?;
        tx.commit().await?;
        return Ok(LoginOutcome::BadCredentials);
    };
    if disabled {
        tx.commit().await?;
        return Ok(LoginOutcome::Disabled);
    }
    let token = random_token();
    let csrf = random_token();
    clear(tx.conn(), &akey).await?;
    log_attempt(tx.conn(), now, &shown, uid, address, "ok").await?;
    sqlx::query(
        "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = $1 WHERE id = $2",
    )
    .bind(now)
    .bind(id)
    .execute(tx.conn())
    .await?;
    sqlx::query("INSERT INTO sessions (token_hash, user_id, csrf, created_at, last_seen) VALUES ($1, $2, $3, $4, $4)")
        .bind(sm3_hex(token.as_bytes()))
        .bind(id)
        .bind(csrf.clone())
        .bind(now)
        .execute(tx.conn())
        .await?;
    tx.record(Event {
        action: "auth.login",
        object_type: "user",
        object_id: id.to_string(),
        before: None,
        after: None,
        summary: "登录成功".into(),
    })
    .await?;
    tx.commit().await?;
    let info = resolve_session(db, &token).await?;
    match info {
        Some(s) => Ok(LoginOutcome::Success {
            token,
            csrf,
            principal: Box::new(s.principal),
        }),
        None => Err(crate::Error::Internal(
            "session vanished after login".into(),
        )),
    }
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// Looks up a session by its cookie token; ends it if idle too long, older than its absolute
/// lifetime, or its account disabled. Failed logins of others never end it.
pub async fn resolve_session(db: &Db, token: &str) -> Result<Option<SessionInfo>> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let now = now_ms();
    let key = sm3_hex(token.as_bytes());
    let row = sqlx::query(
        "SELECT s.csrf, s.last_seen, u.id, u.username, u.display_name, u.role, u.department_id, \
         d.name, u.scope, u.region_code, u.disabled, s.created_at \
         FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN departments d ON d.id = u.department_id \
         WHERE s.token_hash = $1",
    )
    .bind(key.clone())
    .fetch_optional(db.pool())
    .await?;
    let Some(r) = row else { return Ok(None) };
    let last_seen: i64 = r.try_get(1)?;
    let disabled = r.try_get::<i64, _>(10)? != 0;
    let created: i64 = r.try_get(11)?;
    if now - last_seen > IDLE_TIMEOUT_MS || now - created > ABSOLUTE_LIFETIME_MS || disabled {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(key)
            .execute(db.pool())
            .await?;
        return Ok(None);
    }
    if now - last_seen > TOUCH_INTERVAL_MS {
        sqlx::query("UPDATE sessions SET last_seen = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(key)
            .execute(db.pool())
            .await?;
    }
    let role: String = r.try_get(5)?;
    let scope: String = r.try_get(8)?;
    Ok(Some(SessionInfo {
        csrf: r.try_get(0)?,
        principal: Principal {
            user_id: r.try_get(2)?,
            username: r.try_get(3)?,
            display_name: r.try_get(4)?,
            role: Role::parse(&role).unwrap_or(Role::Public),
            department_id: r.try_get(6)?,
            department_name: r.try_get::<Option<String>, _>(7)?.unwrap_or_default(),
            scope: DataScope::parse(&scope).unwrap_or(DataScope::NoData),
            region: r.try_get(9)?,
        },
    }))
}

/// Ends a session.
pub async fn logout(db: &Db, token: &str, actor: Actor) -> Result<()> {
    let mut tx = AuditedTx::begin(db, actor).await?;
    let n = sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(sm3_hex(token.as_bytes()))
        .execute(tx.conn())
        .await?
        .rows_affected();
    if n > 0 {
        tx.record(Event {
            action: "auth.logout",
            object_type: "session",
            object_id: String::new(),
            before: None,
            after: None,
            summary: "退出登录".into(),
        })
        .await?;
    }
    tx.commit().await
}

/// Moves a session's last activity into the past (tests of the idle timeout use it).
pub async fn backdate_session(db: &Db, token: &str, ms: i64) -> Result<()> {
    sqlx::query("UPDATE sessions SET last_seen = last_seen - $1 WHERE token_hash = $2")
        .bind(ms)
        .bind(sm3_hex(token.as_bytes()))
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Moves a session's start into the past (tests of the absolute lifetime use it).
pub async fn backdate_session_start(db: &Db, token: &str, ms: i64) -> Result<()> {
    sqlx::query("UPDATE sessions SET created_at = created_at - $1 WHERE token_hash = $2")
        .bind(ms)
        .bind(sm3_hex(token.as_bytes()))
        .execute(db.pool())
        .await?;
    Ok(())
}

/// A random key shared by every instance on this database, created on first use (the web layer
/// signs the login form's anti-forgery token with it).
pub async fn server_key(db: &Db, name: &str) -> Result<String> {
    let fresh = random_token();
    sqlx::query(
        "INSERT INTO server_keys (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    )
    .bind(name.to_string())
    .bind(fresh)
    .execute(db.pool())
    .await?;
    let row = sqlx::query("SELECT value FROM server_keys WHERE name = $1")
        .bind(name.to_string())
        .fetch_one(db.pool())
        .await?;
    Ok(row.try_get(0)?)
}
