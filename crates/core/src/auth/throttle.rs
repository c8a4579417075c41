//! Login throttling (等保 2.0 身份鉴别; OWASP ASVS 2.2.1): instead of a hard lock an attacker
//! controls, failed logins are counted per account and per client address and each further
//! attempt must wait a delay that grows with the failures. The counters live in the database, so
//! every instance agrees. Unknown usernames are counted exactly like known ones (by the SM3 digest
//! of what was typed), so the answers never tell which accounts exist; attempts refused while
//! waiting are not counted, so an attacker cannot stretch the delay beyond its cap, and nothing of
//! this ends a session.

use sqlx::Row;

use crate::Result;
use crate::audit::sm3_hex;
use crate::db::Db;

/// Failures allowed before any delay (per account and per address).
pub const FREE_FAILURES: i64 = 3;
/// The first delay; it doubles with each further failure.
pub const BASE_DELAY_MS: i64 = 2_000;
/// The longest delay of an account: an attacker can slow a victim's login, never stop it.
pub const MAX_ACCOUNT_DELAY_MS: i64 = 5 * 60 * 1000;
/// The longest delay of a client address (a guesser trying many accounts).
pub const MAX_ADDRESS_DELAY_MS: i64 = 15 * 60 * 1000;
/// Failures older than this are forgotten: the count starts again.
pub const FORGET_AFTER_MS: i64 = 60 * 60 * 1000;

/// The delay after `failures` consecutive failures: none for the first `FREE_FAILURES`, then
/// `BASE_DELAY_MS` doubling per failure, capped at `max_ms`.
pub fn delay_after(failures: i64, max_ms: i64) -> i64 {
    if failures < FREE_FAILURES {
        return 0;
    }
    let doublings = u32::try_from((failures - FREE_FAILURES).min(30)).unwrap_or(30);
    BASE_DELAY_MS.saturating_mul(1_i64 << doublings).min(max_ms)
}

/// The throttle key of a typed username (case and surrounding space ignored); the username
/// itself is not stored.
pub fn account_key(username: &str) -> String {
    let norm: String = username.trim().to_lowercase().chars().take(128).collect();
    format!("u:{}", sm3_hex(norm.as_bytes()))
}

/// The throttle key of a client address.
pub fn address_key(address: &str) -> String {
    format!("a:{address}")
}

/// How an unknown username appears in the attempts list and the audit log: a short digest, never
/// the text (people type passwords into the username field).
pub fn redacted(username: &str) -> String {
    let k = account_key(username);
    format!("?{}", k.get(2..14).unwrap_or(""))
}

/// When the next attempt under `key` is allowed (epoch ms), if later than `now`.
pub(crate) async fn blocked_until<'c, E>(exec: E, key: &str, now: i64) -> Result<Option<i64>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let row = sqlx::query("SELECT blocked_until FROM login_throttle WHERE key = $1")
        .bind(key.to_string())
        .fetch_optional(exec)
        .await?;
    Ok(match row {
        Some(r) => Some(r.try_get::<i64, _>(0)?).filter(|u| *u > now),
        None => None,
    })
}

/// Counts one failure under `key` and sets its next allowed time.
pub(crate) async fn record_failure(
    conn: &mut sqlx::AnyConnection,
    key: &str,
    now: i64,
    max_ms: i64,
) -> Result<i64> {
    let row = sqlx::query("SELECT failures, last_failure_at FROM login_throttle WHERE key = $1")
        .bind(key.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    let failures = match row {
        Some(r) => {
            let f: i64 = r.try_get(0)?;
            let last: i64 = r.try_get(1)?;
            if now - last > FORGET_AFTER_MS {
                1
            } else {
                f + 1
            }
        }
        None => 1,
    };
    let until = now + delay_after(failures, max_ms);
    sqlx::query(
        "INSERT INTO login_throttle (key, failures, last_failure_at, blocked_until) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (key) DO UPDATE SET failures = $2, last_failure_at = $3, blocked_until = $4",
    )
    .bind(key.to_string())
    .bind(failures)
    .bind(now)
    .bind(until)
    .execute(&mut *conn)
    .await?;
    Ok(failures)
}

/// Forgets the failures under `key`.
pub(crate) async fn clear<'c, E>(exec: E, key: &str) -> Result<()>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    sqlx::query("DELETE FROM login_throttle WHERE key = $1")
        .bind(key.to_string())
        .execute(exec)
        .await?;
    Ok(())
}

/// How long attempts are kept for the security administrator's page.
pub const KEEP_ATTEMPTS_MS: i64 = 90 * 24 * 60 * 60 * 1000;

/// Records one attempt for the security administrator's page (about one call in a hundred also
/// drops attempts older than `KEEP_ATTEMPTS_MS` and throttle rows long forgotten, so neither
/// table grows without bound).
pub(crate) async fn log_attempt(
    conn: &mut sqlx::AnyConnection,
    at: i64,
    account: &str,
    user_id: Option<i64>,
    address: &str,
    outcome: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO login_attempts (at, account, user_id, address, outcome) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(at)
    .bind(account.to_string())
    .bind(user_id)
    .bind(address.chars().take(64).collect::<String>())
    .bind(outcome.to_string())
    .execute(&mut *conn)
    .await?;
    if at % 100 == 0 {
        sqlx::query("DELETE FROM login_attempts WHERE at < $1")
            .bind(at - KEEP_ATTEMPTS_MS)
            .execute(&mut *conn)
            .await?;
        sqlx::query("DELETE FROM login_throttle WHERE last_failure_at < $1 AND blocked_until < $2")
            .bind(at - FORGET_AFTER_MS)
            .bind(at)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Which of these usernames must wait before their next login attempt now (the security
/// administrator's account list shows them, with the button that lifts the wait).
pub async fn waiting_accounts(
    db: &Db,
    who: &super::Principal,
    usernames: &[String],
) -> Result<std::collections::HashSet<String>> {
    who.require(super::Permission::ManageSecurity)?;
    let now = crate::time::now_ms();
    let keys: std::collections::HashSet<String> =
        sqlx::query("SELECT key FROM login_throttle WHERE blocked_until > $1 AND key LIKE 'u:%'")
            .bind(now)
            .fetch_all(db.pool())
            .await?
            .iter()
            .map(|r| r.try_get::<String, _>(0))
            .collect::<std::result::Result<_, _>>()?;
    Ok(usernames
        .iter()
        .filter(|u| keys.contains(&account_key(u)))
        .cloned()
        .collect())
}

/// Failed or throttled attempts grouped by account or by address, for the security administrator.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AttemptGroup {
    /// The account's username, a redacted digest, or the client address.
    pub key: String,
    pub failures: i64,
    pub throttled: i64,
    pub last_at: i64,
}

/// One attempt as listed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AttemptRow {
    pub at: i64,
    pub account: String,
    pub address: String,
    pub outcome: String,
}

/// Recent failed attempts since `since` (epoch ms): grouped by account, by address, and the
/// latest `limit` attempts of any outcome.
pub async fn recent_attempts(
    db: &Db,
    who: &super::Principal,
    since: i64,
    limit: i64,
) -> Result<(Vec<AttemptGroup>, Vec<AttemptGroup>, Vec<AttemptRow>)> {
    who.require(super::Permission::ManageSecurity)?;
    let group = |col: &'static str| {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {col}, CAST(SUM(CASE WHEN outcome = 'failed' THEN 1 ELSE 0 END) AS BIGINT), \
             CAST(SUM(CASE WHEN outcome = 'throttled' THEN 1 ELSE 0 END) AS BIGINT), CAST(MAX(at) AS BIGINT) \
             FROM login_attempts WHERE at >= $1 AND outcome <> 'ok' GROUP BY {col} ORDER BY 2 DESC, 4 DESC LIMIT 100"
        )))
        .bind(since)
    };
    let to_group = |r: &sqlx::any::AnyRow| -> Result<AttemptGroup> {
        Ok(AttemptGroup {
            key: r.try_get(0)?,
            failures: r.try_get(1)?,
            throttled: r.try_get(2)?,
            last_at: r.try_get(3)?,
        })
    };
    let by_account = group("account")
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(to_group)
        .collect::<Result<Vec<_>>>()?;
    let by_address = group("address")
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(to_group)
        .collect::<Result<Vec<_>>>()?;
    let latest = sqlx::query(
        "SELECT at, account, address, outcome FROM login_attempts ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| {
        Ok(AttemptRow {
            at: r.try_get(0)?,
            account: r.try_get(1)?,
            address: r.try_get(2)?,
            outcome: r.try_get(3)?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    Ok((by_account, by_address, latest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_grows_with_failures_and_is_capped() {
        assert_eq!(delay_after(0, MAX_ACCOUNT_DELAY_MS), 0);
        assert_eq!(delay_after(FREE_FAILURES - 1, MAX_ACCOUNT_DELAY_MS), 0);
        let d: Vec<i64> = (FREE_FAILURES..FREE_FAILURES + 12)
            .map(|f| delay_after(f, MAX_ACCOUNT_DELAY_MS))
            .collect();
        assert_eq!(d[0], BASE_DELAY_MS);
        assert_eq!(d[1], 2 * BASE_DELAY_MS);
        assert!(d.windows(2).all(|w| w[1] >= w[0]), "{d:?}");
        assert_eq!(d[11], MAX_ACCOUNT_DELAY_MS, "capped: never a hard lock");
        assert_eq!(
            delay_after(i64::MAX, MAX_ADDRESS_DELAY_MS),
            MAX_ADDRESS_DELAY_MS
        );
    }

    #[test]
    fn usernames_are_keyed_by_digest_and_redacted() {
        assert_eq!(account_key(" Alice "), account_key("alice"));
        assert!(!account_key("Secret#2024").contains("Secret"));
        let r = redacted("Secret#2024x");
        assert!(r.starts_with('?') && !r.contains("Secret"), "{r}");
        assert_eq!(r.len(), 13);
    }
}
