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

/// The figures of one body for a year: decisions on its acts and the share corrected, mediated
/// or withdrawn, and its lawsuits with the head's appearances.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct BodyFigures {
    pub department_id: i64,
    pub department: String,
    pub received: i64,
    /// Decisions and withdrawals of the year (审结).
    pub closed: i64,
    pub corrected: i64,
    pub mediated_or_withdrawn: i64,
    pub lawsuits: i64,
    pub lost: i64,
    pub hearings: i64,
    pub head_appearances: i64,
}

impl BodyFigures {
    /// 纠错率: corrected / closed; None when nothing was closed (a ratio over nothing is no figure).
    pub fn correction_rate(&self) -> Option<f64> {
        (self.closed > 0).then(|| self.corrected as f64 / self.closed as f64)
    }

    /// 调撤率: mediated or withdrawn / closed.
    pub fn mediation_rate(&self) -> Option<f64> {
        (self.closed > 0).then(|| self.mediated_or_withdrawn as f64 / self.closed as f64)
    }

    /// 负责人出庭率: hearings the head attended / hearings.
    pub fn appearance_rate(&self) -> Option<f64> {
        (self.hearings > 0).then(|| self.head_appearances as f64 / self.hearings as f64)
    }
}

/// The figures of every body with an application or a lawsuit in `year`, most applications first.
pub async fn by_body(db: &Db, region: &str, year: i32) -> Result<Vec<BodyFigures>> {
    let from = format!("{year}-01-01");
    let to = format!("{}-01-01", year + 1);
    let mut out: std::collections::BTreeMap<i64, BodyFigures> = std::collections::BTreeMap::new();
    let rows = sqlx::query(
        "SELECT a.respondent_department_id, d.name, \
         CAST(COALESCE(SUM(CASE WHEN a.received_on >= $2 AND a.received_on < $3 THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN a.decided_on >= $2 AND a.decided_on < $3 AND a.status IN ('decided', 'terminated') THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN a.decided_on >= $2 AND a.decided_on < $3 AND a.status = 'decided' \
              AND a.decision_kind IN ('changed', 'revoked', 'confirmed_illegal', 'perform', 'void') THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN a.decided_on >= $2 AND a.decided_on < $3 AND \
              ((a.status = 'decided' AND a.decision_kind = 'mediated') OR (a.status = 'terminated' AND a.decision_text = '撤回申请')) \
              THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM reconsideration_applications a JOIN departments d ON d.id = a.respondent_department_id \
         WHERE a.region_code = $1 AND ((a.received_on >= $2 AND a.received_on < $3) OR (a.decided_on >= $2 AND a.decided_on < $3)) \
         GROUP BY a.respondent_department_id, d.name",
    )
    .bind(region.to_string())
    .bind(from.clone())
    .bind(to.clone())
    .fetch_all(db.pool())
    .await?;
    for r in rows {
        let id: i64 = r.try_get(0)?;
        out.insert(
            id,
            BodyFigures {
                department_id: id,
                department: r.try_get(1)?,
                received: r.try_get(2)?,
                closed: r.try_get(3)?,
                corrected: r.try_get(4)?,
                mediated_or_withdrawn: r.try_get(5)?,
                ..Default::default()
            },
        );
    }
    let rows = sqlx::query(
        "SELECT l.defendant_department_id, d.name, \
         CAST(COALESCE(SUM(CASE WHEN l.served_on >= $2 AND l.served_on < $3 THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN l.judgment_on >= $2 AND l.judgment_on < $3 AND l.outcome IN ('revoked', 'changed', 'confirmed_illegal', 'ordered_to_act') THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN l.hearing_on >= $2 AND l.hearing_on < $3 THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN l.hearing_on >= $2 AND l.hearing_on < $3 AND l.head_appeared = 1 THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM litigation_cases l JOIN departments d ON d.id = l.defendant_department_id \
         WHERE l.region_code = $1 AND ((l.served_on >= $2 AND l.served_on < $3) OR (l.hearing_on >= $2 AND l.hearing_on < $3) \
         OR (l.judgment_on >= $2 AND l.judgment_on < $3)) GROUP BY l.defendant_department_id, d.name",
    )
    .bind(region.to_string())
    .bind(from)
    .bind(to)
    .fetch_all(db.pool())
    .await?;
    for r in rows {
        let id: i64 = r.try_get(0)?;
        let name: String = r.try_get(1)?;
        let f = out.entry(id).or_insert_with(|| BodyFigures {
            department_id: id,
            department: name,
            ..Default::default()
        });
        f.lawsuits = r.try_get(2)?;
        f.lost = r.try_get(3)?;
        f.hearings = r.try_get(4)?;
        f.head_appearances = r.try_get(5)?;
    }
    let mut v: Vec<BodyFigures> = out.into_values().collect();
    v.sort_by(|a, b| {
        b.received
            .cmp(&a.received)
            .then(a.department_id.cmp(&b.department_id))
    });
    Ok(v)
}

/// Decisions (and withdrawals) per month of `year`, January first.
pub async fn closed_by_month(db: &Db, region: &str, year: i32) -> Result<[i64; 12]> {
    let rows = sqlx::query(
        "SELECT SUBSTR(decided_on, 6, 2), CAST(COUNT(*) AS BIGINT) FROM reconsideration_applications \
         WHERE region_code = $1 AND decided_on >= $2 AND decided_on < $3 AND status IN ('decided', 'terminated') \
         GROUP BY SUBSTR(decided_on, 6, 2)",
    )
    .bind(region.to_string())
    .bind(format!("{year}-01-01"))
    .bind(format!("{}-01-01", year + 1))
    .fetch_all(db.pool())
    .await?;
    let mut months = [0_i64; 12];
    for r in rows {
        let m: String = r.try_get(0)?;
        if let Ok(i) = m.parse::<usize>()
            && (1..=12).contains(&i)
        {
            months[i - 1] = r.try_get(1)?;
        }
    }
    Ok(months)
}
