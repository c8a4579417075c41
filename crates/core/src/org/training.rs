//! Yearly training hours and exam results of officers.

use serde::Serialize;
use sqlx::Row;

use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal, scope_sql};
use crate::db::Db;
use crate::time::now_ms;
use crate::{Code, Error, Result};

/// Minimum yearly training of an enforcement officer: 国务院办公厅《关于全面推行行政执法公示制度
/// 执法全过程记录制度重大执法决定法制审核制度的指导意见》(国办发〔2018〕118号) asks for no
/// fewer than 60 class hours a year of professional and legal training.
pub const MIN_TRAINING_HOURS: i64 = 60;

/// One year's record of an officer.
#[derive(Debug, Clone, Serialize)]
pub struct TrainingRow {
    pub id: i64,
    pub officer_id: i64,
    pub year: i64,
    pub hours: i64,
    pub exam_score: Option<i64>,
    pub exam_passed: bool,
}

pub(crate) fn row_to_training(r: &sqlx::any::AnyRow) -> Result<TrainingRow> {
    Ok(TrainingRow {
        id: r.try_get(0)?,
        officer_id: r.try_get(1)?,
        year: r.try_get(2)?,
        hours: r.try_get(3)?,
        exam_score: r.try_get(4)?,
        exam_passed: r.try_get::<i64, _>(5)? != 0,
    })
}

/// Records (or replaces) an officer's training and exam result for a year, in a transaction.
pub async fn record_training(
    tx: &mut AuditedTx,
    region: &str,
    officer_id: i64,
    year: i64,
    hours: i64,
    exam_score: Option<i64>,
) -> Result<i64> {
    if !(2000..=2100).contains(&year) || !(0..=2000).contains(&hours) {
        return Err(Error::of(Code::TrainingRange).for_field("hours"));
    }
    if exam_score.is_some_and(|s| !(0..=100).contains(&s)) {
        return Err(Error::of(Code::TrainingScore).for_field("exam_score"));
    }
    // The pass mark of the law exams is 60 out of 100.
    let passed = exam_score.is_some_and(|s| s >= 60);
    sqlx::query("DELETE FROM training_records WHERE officer_id = $1 AND year = $2")
        .bind(officer_id)
        .bind(year)
        .execute(tx.conn())
        .await?;
    let id: i64 = sqlx::query(
        "INSERT INTO training_records (region_code, officer_id, year, hours, exam_score, exam_passed, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(region.to_string())
    .bind(officer_id)
    .bind(year)
    .bind(hours)
    .bind(exam_score)
    .bind(i64::from(passed))
    .bind(now_ms())
    .fetch_one(tx.conn())
    .await?
    .try_get(0)?;
    let after = serde_json::json!({"officer_id": officer_id, "year": year, "hours": hours, "exam_score": exam_score});
    tx.record(Event {
        action: "training.record",
        object_type: "training",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("{year} 年培训 {hours} 学时"),
    })
    .await?;
    Ok(id)
}

/// Records a year's training of an officer in the caller's scope (department administrator).
pub async fn record_training_for(
    db: &Db,
    who: &Principal,
    officer_id: i64,
    year: i64,
    hours: i64,
    exam_score: Option<i64>,
) -> Result<i64> {
    who.require(Permission::EditOrg)?;
    let dept: i64 = sqlx::query("SELECT department_id FROM officers WHERE id = $1")
        .bind(officer_id)
        .fetch_optional(db.pool())
        .await?
        .map(|r| r.try_get(0))
        .transpose()?
        .ok_or_else(|| Error::not_found("officer"))?;
    if !who.covers_department(db, dept).await? {
        return Err(Error::not_found("officer"));
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let id = record_training(&mut tx, &who.region, officer_id, year, hours, exam_score).await?;
    tx.commit().await?;
    Ok(id)
}

/// Training and exam coverage of a year within the caller's scope, counted from the records.
#[derive(Debug, Clone, Serialize)]
pub struct TrainingCoverage {
    pub year: i64,
    pub officers: i64,
    /// Officers with at least `MIN_TRAINING_HOURS`.
    pub trained: i64,
    /// Officers who sat the exam.
    pub examined: i64,
    pub passed: i64,
}

/// Counts coverage from the records.
pub async fn training_coverage(db: &Db, who: &Principal, year: i64) -> Result<TrainingCoverage> {
    who.require(Permission::ViewOrg)?;
    let b = who.scope_binds();
    let r = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT CAST(COUNT(*) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN t.hours >= $5 THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN t.exam_score IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN t.exam_passed = 1 THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM officers o LEFT JOIN training_records t ON t.officer_id = o.id AND t.year = $6 \
         WHERE o.region_code = $1 AND {}",
        scope_sql("o.department_id", 2)
    )))
    .bind(who.region.clone())
    .bind(b.all)
    .bind(b.anchor)
    .bind(b.max_depth)
    .bind(MIN_TRAINING_HOURS)
    .bind(year)
    .fetch_one(db.pool())
    .await?;
    Ok(TrainingCoverage {
        year,
        officers: r.try_get(0)?,
        trained: r.try_get(1)?,
        examined: r.try_get(2)?,
        passed: r.try_get(3)?,
    })
}

/// The latest year with any training record (None on an empty registry).
pub async fn latest_training_year(db: &Db) -> Result<Option<i64>> {
    let r = sqlx::query("SELECT CAST(MAX(year) AS BIGINT) FROM training_records")
        .fetch_one(db.pool())
        .await?;
    Ok(r.try_get(0)?)
}
