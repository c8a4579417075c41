//! Login, lockout and server-side sessions.
//!
//! Policy (等保 practice, issue 2): 5 failed logins lock an account for 15 minutes; a session
//! ends after 30 minutes without a request. The cookie carries a random token; the database
//! keeps only its SM3 digest, so a leaked database holds no usable session.

use rand::RngCore;
use sqlx::Row;

use super::password::verify_password;
use super::role::Role;
use super::scope::{DataScope, Principal};
use crate::Result;
use crate::audit::{Actor, AuditedTx, Event, sm3_hex};
use crate::db::Db;
use crate::time::now_ms;

/// Failed attempts that lock an account.
pub const LOCK_AFTER_FAILURES: i64 = 5;
/// How long a lock lasts: 15 minutes.
pub const LOCK_DURATION_MS: i64 = 15 * 60 * 1000;
/// Idle time after which a session ends: 30 minutes.
pub const IDLE_TIMEOUT_MS: i64 = 30 * 60 * 1000;
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
    /// Wrong username or password; how many tries remain before the lock (if the user exists,
    /// the number is not revealed to the client to avoid username probing).
    BadCredentials,
    /// The account is locked until this time (epoch ms).
    Locked { until: i64 },
    /// The account is disabled.
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

/// Attempts a login. Every outcome is recorded in the audit chain.
pub async fn login(db: &Db, username: &str, password: &str) -> Result<LoginOutcome> {
    let now = now_ms();
    let row = sqlx::query(
        "SELECT id, password_hash, failed_logins, locked_until, disabled FROM users WHERE username = $1",
    )
    .bind(username.to_string())
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else {
        verify_password(password, dummy_hash());
        let mut tx = AuditedTx::begin(db, Actor::system("auth")).await?;
        tx.record(Event {
            action: "auth.login_failed",
            object_type: "user",
            object_id: String::new(),
            before: None,
            after: None,
            summary: format!("未知用户名登录失败：{}", truncate(username, 64)),
        })
        .await?;
        tx.commit().await?;
        return Ok(LoginOutcome::BadCredentials);
    };
    let id: i64 = row.try_get(0)?;
    let hash: String = row.try_get(1)?;
    let failed: i64 = row.try_get(2)?;
    let locked_until: Option<i64> = row.try_get(3)?;
    let disabled = row.try_get::<i64, _>(4)? != 0;
    let actor = Actor {
        user_id: Some(id),
        name: username.to_string(),
        region: crate::BINHAI_REGION.to_string(),
    };
    if disabled {
        return Ok(LoginOutcome::Disabled);
    }
    if let Some(until) = locked_until.filter(|u| *u > now) {
        // While locked, even the right password is refused, and nothing is counted.
        return Ok(LoginOutcome::Locked { until });
    }
    // An expired lock starts a fresh count.
    let failed = if locked_until.is_some() { 0 } else { failed };
    let mut tx = AuditedTx::begin(db, actor).await?;
    if !verify_password(password, &hash) {
        let failed = failed + 1;
        let lock = (failed >= LOCK_AFTER_FAILURES).then_some(now + LOCK_DURATION_MS);
        sqlx::query("UPDATE users SET failed_logins = $1, locked_until = $2 WHERE id = $3")
            .bind(if lock.is_some() { 0 } else { failed })
            .bind(lock)
            .bind(id)
            .execute(tx.conn())
            .await?;
        tx.record(Event {
            action: if lock.is_some() {
                "auth.locked"
            } else {
                "auth.login_failed"
            },
            object_type: "user",
            object_id: id.to_string(),
            before: None,
            after: None,
            summary: match lock {
                Some(_) => format!("连续 {LOCK_AFTER_FAILURES} 次密码错误，账号锁定 15 分钟"),
                None => format!("密码错误（第 {failed} 次）"),
            },
        })
        .await?;
        tx.commit().await?;
        return Ok(match lock {
            Some(until) => LoginOutcome::Locked { until },
            None => LoginOutcome::BadCredentials,
        });
    }
    let token = random_token();
    let csrf = random_token();
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

/// Looks up a session by its cookie token; ends it if idle too long.
pub async fn resolve_session(db: &Db, token: &str) -> Result<Option<SessionInfo>> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let now = now_ms();
    let key = sm3_hex(token.as_bytes());
    let row = sqlx::query(
        "SELECT s.csrf, s.last_seen, u.id, u.username, u.display_name, u.role, u.department_id, \
         d.name, u.scope, u.region_code, u.disabled, u.locked_until \
         FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN departments d ON d.id = u.department_id \
         WHERE s.token_hash = $1",
    )
    .bind(key.clone())
    .fetch_optional(db.pool())
    .await?;
    let Some(r) = row else { return Ok(None) };
    let last_seen: i64 = r.try_get(1)?;
    let disabled = r.try_get::<i64, _>(10)? != 0;
    let locked: Option<i64> = r.try_get(11)?;
    if now - last_seen > IDLE_TIMEOUT_MS || disabled || locked.is_some_and(|l| l > now) {
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
