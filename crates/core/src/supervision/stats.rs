//! Figures of a supervision year, counted from the records (`fazhi supervision stats`).

use serde::Serialize;
use sqlx::Row;

use crate::Result;
use crate::db::Db;

/// What `fazhi supervision stats --json` prints.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct SupervisionStats {
    pub year: i32,
    /// Case files whose review was confirmed in the year.
    pub files_reviewed: i64,
    /// Of those: 优秀 / 合格 / 不合格.
    pub reviews_excellent: i64,
    pub reviews_pass: i64,
    pub reviews_fail: i64,
    /// Monthly assessments run for months of the year.
    pub assessments: i64,
    /// Interviews (约谈) of bottom-ranked bodies for months of the year.
    pub interviews: i64,
    /// Supervision instruments (意见书 / 建议书) issued in the year.
    pub instruments: i64,
    /// Quarterly bulletins of the year.
    pub bulletins: i64,
    /// Defects planted in the demo as ground truth of the review assistant (0 outside demos).
    pub planted_defects: i64,
}

async fn count(db: &Db, sql: &str, region: &str, a: &str, b: &str) -> Result<i64> {
    Ok(sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .bind(region.to_string())
        .bind(a.to_string())
        .bind(b.to_string())
        .fetch_one(db.pool())
        .await?
        .try_get::<Option<i64>, _>(0)?
        .unwrap_or(0))
}

/// The figures of a year for a region.
pub async fn year(db: &Db, region: &str, year: i32) -> Result<SupervisionStats> {
    let (from, to) = (format!("{year}-01-01"), format!("{}-01-01", year + 1));
    let (m0, m1) = (format!("{year}-01"), format!("{}-01", year + 1));
    let reviews = |grade: &str| {
        format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM case_reviews WHERE region_code = $1 AND status = 'confirmed' \
             AND reviewed_on >= $2 AND reviewed_on < $3{grade}"
        )
    };
    Ok(SupervisionStats {
        year,
        files_reviewed: count(db, &reviews(""), region, &from, &to).await?,
        reviews_excellent: count(db, &reviews(" AND grade = 'excellent'"), region, &from, &to)
            .await?,
        reviews_pass: count(db, &reviews(" AND grade = 'pass'"), region, &from, &to).await?,
        reviews_fail: count(db, &reviews(" AND grade = 'fail'"), region, &from, &to).await?,
        assessments: count(
            db,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM supervision_assessments WHERE region_code = $1 AND month >= $2 AND month < $3",
            region,
            &m0,
            &m1,
        )
        .await?,
        interviews: count(
            db,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM supervision_interviews WHERE region_code = $1 AND month >= $2 AND month < $3",
            region,
            &m0,
            &m1,
        )
        .await?,
        instruments: count(
            db,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM supervision_instruments WHERE region_code = $1 AND issued_on >= $2 AND issued_on < $3",
            region,
            &from,
            &to,
        )
        .await?,
        // A bulletin belongs to the year of its quarter (Q4 is issued in January).
        bulletins: sqlx::query(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM supervision_bulletins WHERE region_code = $1 AND year = $2",
        )
        .bind(region.to_string())
        .bind(i64::from(year))
        .fetch_one(db.pool())
        .await?
        .try_get(0)?,
        planted_defects: count(
            db,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM review_plants p JOIN cases c ON c.id = p.case_id \
             WHERE p.region_code = $1 AND p.source = 'planted' AND c.lead_on >= $2 AND c.lead_on < $3",
            region,
            &from,
            &to,
        )
        .await?,
    })
}
