//! The figures of a year, counted from the records: organisations by level, disputes, the
//! success rate, the amounts, by level, kind and month; screenings and disputes prevented.

use serde::Serialize;
use sqlx::Row;

use super::orgs;
use super::rules::{DisputeKind, Level};
use crate::Result;
use crate::db::Db;

/// One line of a breakdown.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub key: String,
    pub label: String,
    pub cases: i64,
    pub agreed: i64,
    pub amount_fen: i64,
}

/// A year's figures.
#[derive(Debug, Clone, Serialize)]
pub struct MediationStats {
    pub year: i32,
    pub organisations: i64,
    pub organisations_by_level: Vec<(String, i64)>,
    pub cases: i64,
    pub agreed: i64,
    pub failed: i64,
    pub open: i64,
    /// Agreements over closed disputes, percent with one decimal; `None` with nothing closed.
    pub success_rate: Option<f64>,
    pub amount_fen: i64,
    pub escalated: i64,
    pub confirmations: i64,
    pub screenings: i64,
    pub prevented: i64,
    pub high_risk_escalated: i64,
    pub by_level: Vec<Line>,
    pub by_kind: Vec<Line>,
    pub by_month: Vec<Line>,
}

impl MediationStats {
    /// The amount in yuan.
    pub fn amount_yuan(&self) -> f64 {
        self.amount_fen as f64 / 100.0
    }
}

/// Percent with one decimal, `None` over nothing.
pub fn rate(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
}

async fn lines(
    db: &Db,
    region: &str,
    year: i32,
    key: &str,
) -> Result<Vec<(String, i64, i64, i64)>> {
    let sql = format!(
        "SELECT {key}, CAST(COUNT(*) AS BIGINT), CAST(SUM(CASE WHEN d.status = 'agreed' THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(COALESCE(SUM(d.amount_fen), 0) AS BIGINT) \
         FROM mediation_disputes d JOIN mediation_organisations o ON o.id = d.organisation_id \
         WHERE d.region_code = $1 AND d.received_on >= $2 AND d.received_on <= $3 GROUP BY {key} ORDER BY {key}"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(region.to_string())
        .bind(format!("{year:04}-01-01"))
        .bind(format!("{year:04}-12-31"))
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
        .collect()
}

/// The figures of `year` for the region.
pub async fn year(db: &Db, region: &str, year: i32) -> Result<MediationStats> {
    let from = format!("{year:04}-01-01");
    let to = format!("{year:04}-12-31");
    let r = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN status = 'agreed' THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(amount_fen), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN escalations > 0 THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN confirm_result <> '' THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM mediation_disputes WHERE region_code = $1 AND received_on >= $2 AND received_on <= $3",
    )
    .bind(region.to_string())
    .bind(from.clone())
    .bind(to.clone())
    .fetch_one(db.pool())
    .await?;
    let (cases, agreed, failed, open, amount_fen, escalated, confirmations): (
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
    ) = (
        r.try_get(0)?,
        r.try_get(1)?,
        r.try_get(2)?,
        r.try_get(3)?,
        r.try_get(4)?,
        r.try_get(5)?,
        r.try_get(6)?,
    );
    let s = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN status = 'prevented' THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN status = 'escalated' THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM mediation_screenings WHERE region_code = $1 AND screened_on >= $2 AND screened_on <= $3",
    )
    .bind(region.to_string())
    .bind(from)
    .bind(to)
    .fetch_one(db.pool())
    .await?;
    let by_level_orgs = orgs::count_by_level(db, region).await?;
    let organisations: i64 = by_level_orgs.iter().map(|x| x.1).sum();
    let mk = |rows: Vec<(String, i64, i64, i64)>, label: &dyn Fn(&str) -> String| {
        rows.into_iter()
            .map(|(k, c, a, m)| Line {
                label: label(&k),
                key: k,
                cases: c,
                agreed: a,
                amount_fen: m,
            })
            .collect::<Vec<_>>()
    };
    let by_level = mk(lines(db, region, year, "o.level").await?, &|k: &str| {
        Level::parse(k)
            .map(|l| l.label_zh().to_string())
            .unwrap_or_default()
    });
    let by_kind = mk(lines(db, region, year, "d.kind").await?, &|k: &str| {
        DisputeKind::parse(k)
            .map(|l| l.label_zh().to_string())
            .unwrap_or_default()
    });
    let by_month = mk(
        lines(db, region, year, "SUBSTR(d.received_on, 1, 7)").await?,
        &|k: &str| k.to_string(),
    );
    Ok(MediationStats {
        year,
        organisations,
        organisations_by_level: by_level_orgs
            .into_iter()
            .map(|(l, n)| (l.label_zh().to_string(), n))
            .collect(),
        cases,
        agreed,
        failed,
        open,
        success_rate: rate(agreed, agreed + failed),
        amount_fen,
        escalated,
        confirmations,
        screenings: s.try_get(0)?,
        prevented: s.try_get(1)?,
        high_risk_escalated: s.try_get(2)?,
        by_level,
        by_kind,
        by_month,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_over_nothing_is_none() {
        assert_eq!(rate(0, 0), None);
        assert_eq!(rate(99, 100), Some(99.0));
        assert_eq!(rate(2, 3), Some(66.7));
    }
}
