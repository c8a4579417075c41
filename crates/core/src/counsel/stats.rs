//! The figures of a year, counted from the registry (no figure is typed in).

use serde::Serialize;
use sqlx::Row;

use crate::Result;
use crate::db::Db;

/// `fazhi counsel stats --year Y --json`.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct CounselStats {
    pub year: i32,
    /// Public-sector lawyers appointed to a body at some time in the year.
    pub public_lawyers: i64,
    /// Bodies with at least one such public-sector lawyer.
    pub bodies_with_public_lawyers: i64,
    /// Written opinions given in the year (every kind of subject).
    pub opinions: i64,
    /// Lawyers and scholars retained as legal advisers in the year.
    pub legal_advisers: i64,
}

/// The figures of `year` for the region.
pub async fn year(db: &Db, region: &str, year: i32) -> Result<CounselStats> {
    let from = format!("{year}-01-01");
    let last = format!("{year}-12-31");
    let to = format!("{}-01-01", year + 1);
    // An appointment counts for the year if it overlaps it.
    let r = sqlx::query(
        "SELECT CAST(COUNT(DISTINCT CASE WHEN c.kind = 'public_lawyer' THEN c.id END) AS BIGINT), \
         CAST(COUNT(DISTINCT CASE WHEN c.kind = 'public_lawyer' THEN a.department_id END) AS BIGINT), \
         CAST(COUNT(DISTINCT CASE WHEN c.kind <> 'public_lawyer' THEN c.id END) AS BIGINT) \
         FROM counsel c JOIN counsel_appointments a ON a.counsel_id = c.id \
         WHERE c.region_code = $1 AND a.starts_on <= $2 AND (a.ends_on IS NULL OR a.ends_on >= $3)",
    )
    .bind(region.to_string())
    .bind(last)
    .bind(from.clone())
    .fetch_one(db.pool())
    .await?;
    let opinions: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM counsel_opinions WHERE region_code = $1 AND given_on >= $2 AND given_on < $3",
    )
    .bind(region.to_string())
    .bind(from)
    .bind(to)
    .fetch_one(db.pool())
    .await?
    .try_get(0)?;
    Ok(CounselStats {
        year,
        public_lawyers: r.try_get(0)?,
        bodies_with_public_lawyers: r.try_get(1)?,
        opinions,
        legal_advisers: r.try_get(2)?,
    })
}
