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
    // Each figure reads an index range of its own date column (received_on, accepted_on,
    // decided_on), so the figures of a year cost the year's rows, not the table.
    let count = |sql: &'static str| {
        let (region, from, to, end) = (region.to_string(), from.clone(), to.clone(), end.clone());
        async move {
            let n: i64 = sqlx::query(sql)
                .bind(region)
                .bind(from)
                .bind(to)
                .bind(end)
                .fetch_one(db.pool())
                .await?
                .try_get(0)?;
            Ok::<i64, crate::Error>(n)
        }
    };
    let received = count(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM reconsideration_applications WHERE region_code = $1 \
         AND received_on >= $2 AND received_on < $3 AND $4 = $4",
    )
    .await?;
    let accepted = count(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM reconsideration_applications WHERE region_code = $1 \
         AND accepted_on >= $2 AND accepted_on < $3 AND $4 = $4",
    )
    .await?;
    let r = sqlx::query(
        "SELECT \
         CAST(COALESCE(SUM(CASE WHEN status = 'decided' THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN status = 'decided' AND decision_kind IN ('changed', 'revoked', 'confirmed_illegal', 'perform', 'void') THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN (status = 'decided' AND decision_kind = 'mediated') OR (status = 'terminated' AND decision_text = '撤回申请') THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN status IN ('decided', 'terminated') AND decision_due IS NOT NULL AND decided_on > decision_due THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM reconsideration_applications WHERE region_code = $1 AND decided_on >= $2 AND decided_on < $3",
    )
    .bind(region.to_string())
    .bind(from.clone())
    .bind(to.clone())
    .fetch_one(db.pool())
    .await?;
    // Still open at the end of the year (or today) with the period run out: open now, or
    // decided only after the year. (A due day before the end implies acceptance before it.)
    let open_overdue = count(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM reconsideration_applications WHERE region_code = $1 \
         AND status IN ('accepted', 'suspended') AND decision_due < $4 AND $2 = $2 AND $3 = $3",
    )
    .await?
        + count(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM reconsideration_applications WHERE region_code = $1 \
             AND decided_on >= $3 AND status IN ('decided', 'terminated') AND decision_due < $4 \
             AND $2 = $2",
        )
        .await?;
    let late_decided: i64 = r.try_get(3)?;
    Ok(ReconsiderationStats {
        year,
        received,
        accepted,
        decided: r.try_get(0)?,
        corrected: r.try_get(1)?,
        mediated_or_withdrawn: r.try_get(2)?,
        overdue: late_decided + open_overdue,
    })
}
