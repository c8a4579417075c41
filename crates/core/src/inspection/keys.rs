//! Signing keys and the published key set (EU DCC / SMART Health Cards style): a `kid` selects
//! the key, verifiers cache the set and work offline, keys rotate with overlap, and the set and
//! the revocation list carry a counter so caches know when to refresh.
//!
//! The private scalar is stored in `inspection_keys` only; nothing here returns it except
//! [`signing_key`], which the issuing code uses inside the server.

use chrono::{Duration, NaiveDate};
use serde::Serialize;
use sqlx::{AnyConnection, Row};

use super::gates::DEFAULT_QUIET_DAYS;
use super::token::{KeyInfo, KeySet, SigningKeyPair};
use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal};
use crate::db::Db;
use crate::time::now_ms;
use crate::{Code, Error, Result};

/// Lifetime of a fresh key for signing (a key is rotated well before; the date bounds how long
/// certificates signed with it may stay verifiable if it is never rotated).
pub const KEY_LIFETIME_DAYS: i64 = 3 * 365;

/// The revocation list as served at `/api/v1/inspection-certificates/revocations`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RevocationList {
    pub counter: i64,
    /// Revoked certificate ids.
    pub revoked: Vec<String>,
    /// Revoked key ids (every certificate signed with them is revoked).
    pub revoked_keys: Vec<String>,
}

/// Reads the region's settings: (quiet days, counter); the defaults if never set.
pub(crate) async fn settings(conn: &mut AnyConnection, region: &str) -> Result<(i64, i64)> {
    Ok(
        match sqlx::query(
            "SELECT quiet_days, counter FROM inspection_settings WHERE region_code = $1",
        )
        .bind(region.to_string())
        .fetch_optional(&mut *conn)
        .await?
        {
            Some(r) => (r.try_get(0)?, r.try_get(1)?),
            None => (DEFAULT_QUIET_DAYS, 0),
        },
    )
}

/// Creates the settings row with the defaults if missing (inside a write transaction).
pub(crate) async fn ensure_settings(conn: &mut AnyConnection, region: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO inspection_settings (region_code, quiet_days, counter) VALUES ($1, $2, 0) \
         ON CONFLICT (region_code) DO NOTHING",
    )
    .bind(region.to_string())
    .bind(DEFAULT_QUIET_DAYS)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Bumps the key-set counter (after a rotation or a revocation).
pub(crate) async fn bump_counter(conn: &mut AnyConnection, region: &str) -> Result<i64> {
    ensure_settings(conn, region).await?;
    let r = sqlx::query(
        "UPDATE inspection_settings SET counter = counter + 1 WHERE region_code = $1 RETURNING counter",
    )
    .bind(region.to_string())
    .fetch_one(&mut *conn)
    .await?;
    Ok(r.try_get(0)?)
}

/// Sets the quiet period (days). Security administrators and supervisors configure; here the
/// caller has checked permission.
pub async fn set_quiet_days(tx: &mut AuditedTx, region: &str, days: i64) -> Result<()> {
    if !(0..=730).contains(&days) {
        return Err(Error::of(Code::InspectionQuietDays).for_field("quiet_days"));
    }
    ensure_settings(tx.conn(), region).await?;
    sqlx::query("UPDATE inspection_settings SET quiet_days = $1 WHERE region_code = $2")
        .bind(days)
        .bind(region.to_string())
        .execute(tx.conn())
        .await?;
    let after = serde_json::json!({ "quiet_days": days });
    tx.record(Event {
        action: "inspection.settings",
        object_type: "inspection_settings",
        object_id: region.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("检查静默期设为 {days} 天"),
    })
    .await?;
    Ok(())
}

fn new_kid(on: NaiveDate, existing: &[String]) -> String {
    // k + date + a letter: short (the kid is inside every QR code) and readable.
    let base = format!("k{}", on.format("%Y%m%d"));
    for c in 'a'..='z' {
        let kid = format!("{base}{c}");
        if !existing.contains(&kid) {
            return kid;
        }
    }
    format!("{base}-{}", existing.len())
}

/// Creates a new active key valid from `on`, retiring the current active key: the retired key
/// stays published until the last certificate it signed expires. Returns the new kid.
pub async fn rotate_in_tx(tx: &mut AuditedTx, region: &str, on: NaiveDate) -> Result<String> {
    let existing: Vec<String> = sqlx::query("SELECT kid FROM inspection_keys")
        .fetch_all(tx.conn())
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<std::result::Result<_, _>>()?;
    let kid = new_kid(on, &existing);
    let key = SigningKeyPair::generate(&kid).map_err(Error::Internal)?;
    let old: Vec<(i64, String)> = sqlx::query(
        "SELECT id, kid FROM inspection_keys WHERE region_code = $1 AND status = 'active'",
    )
    .bind(region.to_string())
    .fetch_all(tx.conn())
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .collect::<Result<_>>()?;
    for (id, old_kid) in old {
        // Keep the retired key published as long as any certificate it signed is valid.
        let last: Option<i64> = sqlx::query(
            "SELECT CAST(MAX(valid_until) AS BIGINT) FROM inspection_certificates WHERE kid = $1",
        )
        .bind(old_kid.clone())
        .fetch_one(tx.conn())
        .await?
        .try_get(0)?;
        let until = last
            .and_then(|s| chrono::DateTime::from_timestamp(s + 8 * 3600, 0))
            .map(|t| t.date_naive())
            .unwrap_or(on)
            .max(on);
        sqlx::query(
            "UPDATE inspection_keys SET status = 'retired', not_after = $1, retired_at = $2 WHERE id = $3",
        )
        .bind(until.to_string())
        .bind(now_ms())
        .bind(id)
        .execute(tx.conn())
        .await?;
        let after = serde_json::json!({ "kid": old_kid, "status": "retired", "not_after": until.to_string() });
        tx.record(Event {
            action: "inspection.key_retire",
            object_type: "inspection_key",
            object_id: old_kid.clone(),
            before: None,
            after: Some(&after),
            summary: format!("检查证签名密钥 {old_kid} 停用签发，公布至 {until}"),
        })
        .await?;
    }
    let not_after = on + Duration::days(KEY_LIFETIME_DAYS);
    sqlx::query(
        "INSERT INTO inspection_keys (region_code, kid, public_key, private_key, not_before, not_after, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'active', $7)",
    )
    .bind(region.to_string())
    .bind(kid.clone())
    .bind(key.public_hex())
    .bind(key.private_hex())
    .bind(on.to_string())
    .bind(not_after.to_string())
    .bind(now_ms())
    .execute(tx.conn())
    .await?;
    bump_counter(tx.conn(), region).await?;
    // The audit entry carries the public key only.
    let after = serde_json::json!({ "kid": kid, "public_key": key.public_hex(), "not_before": on.to_string() });
    tx.record(Event {
        action: "inspection.key_create",
        object_type: "inspection_key",
        object_id: kid.clone(),
        before: None,
        after: Some(&after),
        summary: format!("新建检查证签名密钥 {kid}"),
    })
    .await?;
    Ok(kid)
}

/// Key rotation by the security administrator (三员分立: the security administrator owns keys).
pub async fn rotate_key(db: &Db, who: &Principal, on: NaiveDate) -> Result<String> {
    who.require(Permission::ManageSecurity)?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let kid = rotate_in_tx(&mut tx, &who.region, on).await?;
    tx.commit().await?;
    Ok(kid)
}

/// The active signing key of the region, creating one on first use.
pub async fn signing_key(
    tx: &mut AuditedTx,
    region: &str,
    on: NaiveDate,
) -> Result<SigningKeyPair> {
    let row = sqlx::query(
        "SELECT kid, private_key FROM inspection_keys WHERE region_code = $1 AND status = 'active' ORDER BY id DESC LIMIT 1",
    )
    .bind(region.to_string())
    .fetch_optional(tx.conn())
    .await?;
    let (kid, private): (String, String) = match row {
        Some(r) => (r.try_get(0)?, r.try_get(1)?),
        None => {
            rotate_in_tx(tx, region, on).await?;
            return Box::pin(signing_key(tx, region, on)).await;
        }
    };
    SigningKeyPair::from_private_hex(&kid, &private).map_err(Error::Internal)
}

/// The published key set: every key — active, retired (its `not_after` is the last day its
/// certificates are valid: it never signs again, but an old certificate still reads EXPIRED
/// rather than FORGED) and revoked — with the revoked certificate ids and the counter.
/// `_today` is kept for callers that may later prune keys retired long ago.
pub async fn key_set(db: &Db, region: &str, _today: NaiveDate) -> Result<KeySet> {
    let mut conn = db.pool().acquire().await?;
    let (_, counter) = settings(&mut conn, region).await?;
    let keys = sqlx::query(
        "SELECT kid, public_key, not_before, not_after, status FROM inspection_keys \
         WHERE region_code = $1 ORDER BY id",
    )
    .bind(region.to_string())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(KeyInfo {
            kid: r.try_get(0)?,
            public_key: r.try_get(1)?,
            not_before: r.try_get(2)?,
            not_after: r.try_get(3)?,
            status: r.try_get(4)?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    let revoked = revoked_ids(&mut conn, region).await?;
    Ok(KeySet {
        keys,
        revoked,
        counter,
    })
}

async fn revoked_ids(conn: &mut AnyConnection, region: &str) -> Result<Vec<String>> {
    sqlx::query(
        "SELECT cert_no FROM inspection_certificates WHERE region_code = $1 AND status = 'revoked' ORDER BY cert_no",
    )
    .bind(region.to_string())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Ok(r.try_get(0)?))
    .collect()
}

/// The revocation list with its counter.
pub async fn revocation_list(db: &Db, region: &str) -> Result<RevocationList> {
    let mut conn = db.pool().acquire().await?;
    let (_, counter) = settings(&mut conn, region).await?;
    let revoked = revoked_ids(&mut conn, region).await?;
    let revoked_keys = sqlx::query(
        "SELECT kid FROM inspection_keys WHERE region_code = $1 AND status = 'revoked' ORDER BY kid",
    )
    .bind(region.to_string())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Ok(r.try_get(0)?))
    .collect::<Result<Vec<_>>>()?;
    Ok(RevocationList {
        counter,
        revoked,
        revoked_keys,
    })
}

/// The current counter alone (cheap: caches compare it before reloading the set).
pub async fn counter(db: &Db, region: &str) -> Result<i64> {
    let mut conn = db.pool().acquire().await?;
    Ok(settings(&mut conn, region).await?.1)
}
