//! The operation log page's query over the audit chain.

use serde::Serialize;
use sqlx::Row;

use crate::Result;
use crate::db::Db;

/// One entry as shown in the operation log.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: i64,
    pub actor_name: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub summary: String,
    pub hash: String,
}

/// Filters of the operation log.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// Substring of the actor name.
    pub actor: Option<String>,
    /// Action prefix, e.g. `officer.` or `auth.login`.
    pub action: Option<String>,
    /// From (epoch ms, inclusive).
    pub from_ms: Option<i64>,
    /// To (epoch ms, exclusive).
    pub to_ms: Option<i64>,
    /// Page size.
    pub limit: i64,
    /// Offset.
    pub offset: i64,
}

/// Lists entries newest first with the total count; all filters are bound parameters.
pub async fn list(db: &Db, q: &AuditQuery) -> Result<(Vec<AuditEntry>, i64)> {
    const WHERE: &str = " WHERE ($1 = '' OR actor_name LIKE $2) AND ($3 = '' OR action LIKE $4) \
        AND at >= $5 AND at < $6";
    let actor = q.actor.clone().unwrap_or_default();
    let action = q.action.clone().unwrap_or_default();
    let from = q.from_ms.unwrap_or(i64::MIN);
    let to = q.to_ms.unwrap_or(i64::MAX);
    let total: i64 = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log{WHERE}"
    )))
    .bind(actor.clone())
    .bind(format!("%{actor}%"))
    .bind(action.clone())
    .bind(format!("{action}%"))
    .bind(from)
    .bind(to)
    .fetch_one(db.pool())
    .await?
    .try_get(0)?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT seq, at, actor_name, action, object_type, object_id, summary, hash \
         FROM audit_log{WHERE} ORDER BY seq DESC LIMIT $7 OFFSET $8"
    )))
    .bind(actor.clone())
    .bind(format!("%{actor}%"))
    .bind(action.clone())
    .bind(format!("{action}%"))
    .bind(from)
    .bind(to)
    .bind(q.limit.clamp(1, 100_000))
    .bind(q.offset.max(0))
    .fetch_all(db.pool())
    .await?;
    let entries = rows
        .iter()
        .map(|r| {
            Ok(AuditEntry {
                seq: r.try_get(0)?,
                at: r.try_get(1)?,
                actor_name: r.try_get(2)?,
                action: r.try_get(3)?,
                object_type: r.try_get(4)?,
                object_id: r.try_get(5)?,
                summary: r.try_get(6)?,
                hash: r.try_get(7)?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok((entries, total))
}
