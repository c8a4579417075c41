//! At the door (入企扫码): the enterprise account scans the officers' certificate on arrival and
//! on departure, then rates the inspection; certificates never scanned are flagged to the
//! supervisor; use statistics per department and month.

use serde::Serialize;
use sqlx::Row;

use super::token::decode;
use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal};
use crate::db::Db;
use crate::time::now_ms;
use crate::{Code, Error, Result};

/// Arrival or departure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScanKind {
    Arrival,
    Departure,
}

impl ScanKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ScanKind::Arrival => "arrival",
            ScanKind::Departure => "departure",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            ScanKind::Arrival => "到达签到",
            ScanKind::Departure => "离开签退",
        }
    }
}

/// Links an enterprise account to the subject it speaks for.
pub async fn link_enterprise(
    tx: &mut AuditedTx,
    region: &str,
    user_id: i64,
    subject_code: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO inspection_enterprise_links (user_id, region_code, subject_code) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id) DO UPDATE SET subject_code = $3",
    )
    .bind(user_id)
    .bind(region.to_string())
    .bind(subject_code.to_string())
    .execute(tx.conn())
    .await?;
    let after = serde_json::json!({ "user_id": user_id, "subject_code": subject_code });
    tx.record(Event {
        action: "inspection.enterprise_link",
        object_type: "user",
        object_id: user_id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("企业账号关联市场主体 {subject_code}"),
    })
    .await?;
    Ok(())
}

/// The subject code an enterprise account speaks for.
pub async fn enterprise_subject(db: &Db, who: &Principal) -> Result<String> {
    who.require(Permission::EnterpriseSelf)?;
    sqlx::query("SELECT subject_code FROM inspection_enterprise_links WHERE user_id = $1 AND region_code = $2")
        .bind(who.user_id)
        .bind(who.region.clone())
        .fetch_optional(db.pool())
        .await?
        .map(|r| r.try_get::<String, _>(0))
        .transpose()?
        .ok_or_else(|| {
            Error::forbidden(
                "本账号尚未关联市场主体，请联系区政务服务办。",
                "this account is not linked to a market entity yet",
            )
        })
}

/// Records a scan (no permission check: callers check). Sets the certificate's arrival or
/// departure time.
pub async fn scan_in_tx(
    tx: &mut AuditedTx,
    region: &str,
    certificate_id: i64,
    kind: ScanKind,
    at: i64,
    user_id: Option<i64>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO inspection_scans (region_code, certificate_id, kind, at, user_id) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(region.to_string())
    .bind(certificate_id)
    .bind(kind.as_str())
    .bind(at)
    .bind(user_id)
    .execute(tx.conn())
    .await
    .map_err(|e| {
        if crate::db::is_unique_violation(&e) {
            Error::of(Code::ScanDuplicate)
        } else {
            e.into()
        }
    })?;
    let col = match kind {
        ScanKind::Arrival => "UPDATE inspection_certificates SET arrived_at = $1 WHERE id = $2",
        ScanKind::Departure => "UPDATE inspection_certificates SET departed_at = $1 WHERE id = $2",
    };
    sqlx::query(col)
        .bind(at)
        .bind(certificate_id)
        .execute(tx.conn())
        .await?;
    let after =
        serde_json::json!({ "certificate_id": certificate_id, "kind": kind.as_str(), "at": at });
    tx.record(Event {
        action: "inspection.scan",
        object_type: "inspection_certificate",
        object_id: certificate_id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("入企扫码：{}", kind.label_zh()),
    })
    .await?;
    Ok(())
}

/// What a scan recorded.
#[derive(Debug, Clone, Serialize)]
pub struct ScanResult {
    pub cert_no: String,
    pub kind: ScanKind,
    pub at: i64,
}

/// The enterprise scans a certificate at its door: the first scan is the arrival, the second the
/// departure. Only a live certificate issued for this enterprise, within its validity, counts.
pub async fn scan(db: &Db, who: &Principal, token: &str) -> Result<ScanResult> {
    let subject = enterprise_subject(db, who).await?;
    let d = decode(token).map_err(|e| {
        Error::of(Code::ScanToken)
            .for_field("token")
            .arg_zh_en("error", e.message_zh(), e)
    })?;
    let r = sqlx::query(
        "SELECT id, token, status, subject_code, valid_from, valid_until, arrived_at, departed_at \
         FROM inspection_certificates WHERE region_code = $1 AND cert_no = $2",
    )
    .bind(who.region.clone())
    .bind(d.payload.cid.clone())
    .fetch_optional(db.pool())
    .await?
    .ok_or_else(|| Error::of(Code::ScanUnknown).for_field("token"))?;
    let (id, stored, status, sc, nbf, exp): (i64, String, String, String, i64, i64) = (
        r.try_get(0)?,
        r.try_get(1)?,
        r.try_get(2)?,
        r.try_get(3)?,
        r.try_get(4)?,
        r.try_get(5)?,
    );
    let arrived: Option<i64> = r.try_get(6)?;
    let departed: Option<i64> = r.try_get(7)?;
    // The stored token is the one we signed: byte equality is authenticity.
    if stored != token.trim() {
        return Err(Error::of(Code::ScanForged).for_field("token"));
    }
    if status != "issued" {
        return Err(Error::of(Code::ScanRevoked).for_field("token"));
    }
    if sc != subject {
        return Err(Error::of(Code::ScanOtherSubject).for_field("token"));
    }
    let now = now_ms();
    let kind = match (arrived, departed) {
        (None, _) => {
            if now / 1000 < nbf || now / 1000 > exp {
                return Err(Error::of(Code::ScanOutsideValidity).for_field("token"));
            }
            ScanKind::Arrival
        }
        (Some(_), None) => ScanKind::Departure,
        (Some(_), Some(_)) => {
            return Err(Error::of(Code::ScanDone));
        }
    };
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    scan_in_tx(&mut tx, &who.region, id, kind, now, Some(who.user_id)).await?;
    tx.commit().await?;
    Ok(ScanResult {
        cert_no: d.payload.cid,
        kind,
        at: now,
    })
}

/// Records a rating (no permission check: callers check).
pub async fn rate_in_tx(
    tx: &mut AuditedTx,
    region: &str,
    certificate_id: i64,
    score: i64,
    comment: &str,
    at: i64,
    user_id: Option<i64>,
) -> Result<()> {
    if !(1..=5).contains(&score) {
        return Err(Error::of(Code::RatingScore).for_field("score"));
    }
    if comment.chars().count() > 500 {
        return Err(Error::of(Code::RatingComment).for_field("comment"));
    }
    sqlx::query(
        "INSERT INTO inspection_ratings (region_code, certificate_id, score, comment, at, user_id) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(region.to_string())
    .bind(certificate_id)
    .bind(score)
    .bind(comment.trim().to_string())
    .bind(at)
    .bind(user_id)
    .execute(tx.conn())
    .await
    .map_err(|e| {
        if crate::db::is_unique_violation(&e) {
            Error::of(Code::RatingDuplicate)
        } else {
            e.into()
        }
    })?;
    let after = serde_json::json!({ "certificate_id": certificate_id, "score": score });
    tx.record(Event {
        action: "inspection.rate",
        object_type: "inspection_certificate",
        object_id: certificate_id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("企业评价检查：{score} 分"),
    })
    .await?;
    Ok(())
}

/// The enterprise rates an inspection after the visit (its departure is recorded).
pub async fn rate(
    db: &Db,
    who: &Principal,
    cert_no: &str,
    score: i64,
    comment: &str,
) -> Result<()> {
    let subject = enterprise_subject(db, who).await?;
    let r = sqlx::query(
        "SELECT id, subject_code, departed_at FROM inspection_certificates WHERE region_code = $1 AND cert_no = $2",
    )
    .bind(who.region.clone())
    .bind(cert_no.trim().to_string())
    .fetch_optional(db.pool())
    .await?
    .ok_or_else(|| Error::not_found("certificate"))?;
    let (id, sc, departed): (i64, String, Option<i64>) =
        (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
    if sc != subject {
        return Err(Error::not_found("certificate"));
    }
    if departed.is_none() {
        return Err(Error::of(Code::RatingTooEarly));
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    rate_in_tx(
        &mut tx,
        &who.region,
        id,
        score,
        comment,
        now_ms(),
        Some(who.user_id),
    )
    .await?;
    tx.commit().await
}

/// A certificate as its enterprise sees it.
#[derive(Debug, Clone, Serialize)]
pub struct EnterpriseVisit {
    pub cert_no: String,
    pub department: String,
    pub valid_from: i64,
    pub valid_until: i64,
    pub status: String,
    pub arrived_at: Option<i64>,
    pub departed_at: Option<i64>,
    pub score: Option<i64>,
    pub token: String,
}

/// The inspections of the enterprise's own subject, newest first.
pub async fn enterprise_visits(
    db: &Db,
    who: &Principal,
    limit: i64,
) -> Result<Vec<EnterpriseVisit>> {
    let subject = enterprise_subject(db, who).await?;
    sqlx::query(
        "SELECT c.cert_no, d.name, c.valid_from, c.valid_until, c.status, c.arrived_at, c.departed_at, r.score, c.token \
         FROM inspection_certificates c JOIN departments d ON d.id = c.department_id \
         LEFT JOIN inspection_ratings r ON r.certificate_id = c.id \
         WHERE c.region_code = $1 AND c.subject_code = $2 ORDER BY c.valid_from DESC LIMIT $3",
    )
    .bind(who.region.clone())
    .bind(subject)
    .bind(limit)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| {
        Ok(EnterpriseVisit {
            cert_no: r.try_get(0)?,
            department: r.try_get(1)?,
            valid_from: r.try_get(2)?,
            valid_until: r.try_get(3)?,
            status: r.try_get(4)?,
            arrived_at: r.try_get(5)?,
            departed_at: r.try_get(6)?,
            score: r.try_get(7)?,
            token: r.try_get(8)?,
        })
    })
    .collect()
}

/// A certificate whose validity ended without any scan: the inspection either did not happen or
/// took place without showing the certificate — the supervisor follows up.
#[derive(Debug, Clone, Serialize)]
pub struct Unscanned {
    pub cert_no: String,
    pub inspection_id: i64,
    pub inspection_no: String,
    pub department: String,
    pub subject_code: String,
    pub subject_name: String,
    pub valid_until: i64,
}

/// Unscanned certificates of the caller's scope (newest first): (total, first `limit`).
pub async fn unscanned(db: &Db, who: &Principal, limit: i64) -> Result<(i64, Vec<Unscanned>)> {
    who.require(Permission::ViewSampling)?;
    let b = who.scope_binds();
    let now_s = now_ms() / 1000;
    let scope = "($3 = 1 OR c.department_id IN (SELECT descendant_id FROM department_closure WHERE ancestor_id = $4 AND depth <= $5))";
    let total: i64 = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM inspection_certificates c WHERE c.region_code = $1 AND c.status = 'issued' \
         AND c.arrived_at IS NULL AND c.valid_until < $2 AND {scope}"
    )))
    .bind(who.region.clone())
    .bind(now_s)
    .bind(b.all)
    .bind(b.anchor)
    .bind(b.max_depth)
    .fetch_one(db.pool())
    .await?
    .try_get(0)?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT c.cert_no, c.inspection_id, i.inspection_no, d.name, c.subject_code, i.subject_name, c.valid_until \
         FROM inspection_certificates c JOIN inspections i ON i.id = c.inspection_id JOIN departments d ON d.id = c.department_id \
         WHERE c.region_code = $1 AND c.status = 'issued' AND c.arrived_at IS NULL AND c.valid_until < $2 AND {scope} \
         ORDER BY c.valid_until DESC LIMIT $6"
    )))
    .bind(who.region.clone())
    .bind(now_s)
    .bind(b.all)
    .bind(b.anchor)
    .bind(b.max_depth)
    .bind(limit)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| {
        Ok(Unscanned {
            cert_no: r.try_get(0)?,
            inspection_id: r.try_get(1)?,
            inspection_no: r.try_get(2)?,
            department: r.try_get(3)?,
            subject_code: r.try_get(4)?,
            subject_name: r.try_get(5)?,
            valid_until: r.try_get(6)?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    Ok((total, rows))
}

/// Use of certificates by one department in one month.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MonthStat {
    pub department_id: i64,
    pub department: String,
    /// YYYY-MM of the certificates' first valid day.
    pub month: String,
    pub issued: i64,
    /// Presented at the door (arrival scanned).
    pub used: i64,
    pub revoked: i64,
    pub rated: i64,
    /// Sum of scores (the average is `score_sum / rated`).
    pub score_sum: i64,
}

impl MonthStat {
    /// Average rating with one decimal, or "—".
    pub fn average(&self) -> String {
        if self.rated == 0 {
            "—".into()
        } else {
            format!("{:.1}", self.score_sum as f64 / self.rated as f64)
        }
    }
}

/// Statistics of use per department and month for a year, within the caller's scope.
pub async fn month_stats(db: &Db, who: &Principal, year: i64) -> Result<Vec<MonthStat>> {
    who.require(Permission::ViewSampling)?;
    let b = who.scope_binds();
    sqlx::query(
        "SELECT c.department_id, d.name, c.month, CAST(COUNT(*) AS BIGINT), \
         CAST(SUM(CASE WHEN c.arrived_at IS NULL THEN 0 ELSE 1 END) AS BIGINT), \
         CAST(SUM(CASE WHEN c.status = 'revoked' THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(COUNT(r.id) AS BIGINT), CAST(COALESCE(SUM(r.score), 0) AS BIGINT) \
         FROM inspection_certificates c JOIN departments d ON d.id = c.department_id \
         LEFT JOIN inspection_ratings r ON r.certificate_id = c.id \
         WHERE c.region_code = $1 AND c.month LIKE $2 AND \
         ($3 = 1 OR c.department_id IN (SELECT descendant_id FROM department_closure WHERE ancestor_id = $4 AND depth <= $5)) \
         GROUP BY c.department_id, d.name, c.month ORDER BY c.month, c.department_id",
    )
    .bind(who.region.clone())
    .bind(format!("{year}-%"))
    .bind(b.all)
    .bind(b.anchor)
    .bind(b.max_depth)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| {
        Ok(MonthStat {
            department_id: r.try_get(0)?,
            department: r.try_get(1)?,
            month: r.try_get(2)?,
            issued: r.try_get(3)?,
            used: r.try_get(4)?,
            revoked: r.try_get(5)?,
            rated: r.try_get(6)?,
            score_sum: r.try_get(7)?,
        })
    })
    .collect()
}
