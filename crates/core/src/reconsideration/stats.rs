//! The figures of a year, counted from the records (no figure is typed in).

use serde::Serialize;
use sqlx::Row;

use crate::Result;
use crate::db::Db;

/// `fazhi reconsideration stats --year Y --json`.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct ReconsiderationStats {
    pub year: i32,
    /// Applications received in the year.
    pub received: i64,
    /// Accepted in the year (受理).
    pub accepted: i64,
    /// Decided in the year (决定 and 调解书).
    pub decided: i64,
    /// Decisions that corrected the act (变更, 撤销, 确认违法, 责令履行, 确认无效).
    pub corrected: i64,
    /// 调解 agreements and withdrawals (调撤).
    pub mediated_or_withdrawn: i64,
    /// Decided after the decision period, or still open with the period run out at the end of
    /// the year (or today, for the current year).
    pub overdue: i64,
}

/// The figures of `year` for the region.
pub async fn year(db: &Db, region: &str, year: i32) -> Result<ReconsiderationStats> {
    let from = format!("{year}-01-01");
    let to = format!("{}-01-01", year + 1);
    let end = std::cmp::min(
        chrono::NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_else(crate::time::today),
        crate::time::today(),
    )
    .to_string();
    let r = sqlx::query(
        "SELECT \
         CAST(COALESCE(SUM(CASE WHEN received_on >= $2 AND received_on < $3 THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN accepted_on >= $2 AND accepted_on < $3 THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN status = 'decided' AND decided_on >= $2 AND decided_on < $3 THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN status = 'decided' AND decided_on >= $2 AND decided_on < $3 \
              AND decision_kind IN ('changed', 'revoked', 'confirmed_illegal', 'perform', 'void') THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN decided_on >= $2 AND decided_on < $3 AND \
              ((status = 'decided' AND decision_kind = 'mediated') OR (status = 'terminated' AND decision_text = '撤回申请')) \
              THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN decision_due IS NOT NULL AND accepted_on < $3 AND ( \
              (status IN ('decided', 'terminated') AND decided_on >= $2 AND decided_on < $3 AND decided_on > decision_due) \
              OR (status IN ('accepted', 'suspended') AND decision_due < $4) \
              OR (status IN ('decided', 'terminated') AND decided_on >= $3 AND decision_due < $4)) THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM reconsideration_applications WHERE region_code = $1",
    )
    .bind(region.to_string())
    .bind(from)
    .bind(to)
    .bind(end)
    .fetch_one(db.pool())
    .await?;
    Ok(ReconsiderationStats {
        year,
        received: r.try_get(0)?,
        accepted: r.try_get(1)?,
        decided: r.try_get(2)?,
        corrected: r.try_get(3)?,
        mediated_or_withdrawn: r.try_get(4)?,
        overdue: r.try_get(5)?,
    })
}
