//! Fair-competition review (公平竞争审查条例, 2024) of normative documents and other policy
//! measures: by the drafting body (第十三条) or centrally (第十四条; the free-trade zone's model of
//! one review office for the zone's measures), the standards of 第八–十一条 as a checklist,
//! exceptions with their ground and reasons (第十二条, 第十七条 第二款), the conclusion (第十八条),
//! complaints about measures in force (第二十二条) and the annual figures.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::Row;

use super::rules::{ExceptionGround, FAIR_COMPETITION_STANDARDS};
use super::workflow::{invalid, text};
use crate::Result;
use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal};
use crate::db::Db;
use crate::labels::labelled_enum;
use crate::time::now_ms;

labelled_enum!(
    /// Who reviews.
    Mode {
        Drafting = "drafting", "起草单位自行审查", "By the drafting body";
        Central = "central", "集中审查（自贸区模式）", "Central review (free-trade zone)";
    }
);

labelled_enum!(
    /// The conclusion (第十七条, 第十八条).
    Outcome {
        Pass = "pass", "符合审查标准，可以出台", "Meets the standards";
        Exception = "exception", "适用例外规定，可以出台", "Issued under an exception";
        Fail = "fail", "违反审查标准，不得出台", "Violates the standards";
    }
);

/// A review as entered.
#[derive(Debug, Clone)]
pub struct NewReview {
    /// The normative document reviewed, if the measure is one.
    pub document_id: Option<i64>,
    pub department_id: i64,
    pub measure: String,
    pub mode: Mode,
    pub reviewed_on: NaiveDate,
    /// Standard key (of [`FAIR_COMPETITION_STANDARDS`]) → `true` when the measure contains no
    /// such content. Every standard must be answered.
    pub checklist: BTreeMap<String, bool>,
    pub exception_ground: Option<ExceptionGround>,
    pub exception_reason: String,
    /// Whose views were heard (第十六条).
    pub stakeholders: String,
    /// A third-party assessment, if one was commissioned.
    pub third_party: String,
}

/// The conclusion the checklist and the exception lead to (第十二条, 第十八条).
pub fn outcome(
    checklist: &BTreeMap<String, bool>,
    ground: Option<ExceptionGround>,
    reason: &str,
) -> Outcome {
    if checklist.values().all(|clear| *clear) {
        Outcome::Pass
    } else if ground.is_some() && !reason.trim().is_empty() {
        Outcome::Exception
    } else {
        Outcome::Fail
    }
}

/// Records a review inside the caller's transaction (scope and permission checked by the caller).
pub async fn record(
    tx: &mut AuditedTx,
    region: &str,
    by: &str,
    n: &NewReview,
) -> Result<(i64, Outcome)> {
    text(&n.measure, "measure", 300, "政策措施名称", "measure")?;
    if let Some(k) = FAIR_COMPETITION_STANDARDS
        .iter()
        .find(|(k, _, _)| !n.checklist.contains_key(*k))
    {
        return Err(invalid(
            "checklist",
            format!(
                "审查标准“{}”（{}）未作结论：须逐项对照《公平竞争审查条例》第八条至第十一条。",
                k.2, k.1
            ),
            "Answer every standard of arts. 8–11.",
        ));
    }
    if n.checklist.len() != FAIR_COMPETITION_STANDARDS.len() {
        return Err(invalid(
            "checklist",
            "审查清单含有未知的审查标准。",
            "The checklist holds an unknown standard.",
        ));
    }
    if n.stakeholders.trim().is_empty() {
        return Err(invalid(
            "stakeholders",
            "须听取有关经营者、行业协会商会等利害关系人的意见（《公平竞争审查条例》第十六条）。",
            "Hear the businesses and trade associations concerned (art. 16).",
        ));
    }
    let restricts = n.checklist.values().any(|v| !*v);
    if restricts && n.exception_ground.is_some() && n.exception_reason.trim().chars().count() < 10 {
        return Err(invalid(
            "exception_reason",
            "适用例外规定的，须在审查结论中详细说明：没有影响更小的替代方案、实施期限或终止条件（《公平竞争审查条例》第十二条、第十七条第二款）。",
            "An exception needs a detailed statement: no less restrictive alternative, and a period or end condition (arts. 12, 17(2)).",
        ));
    }
    let out = outcome(&n.checklist, n.exception_ground, &n.exception_reason);
    let checklist =
        serde_json::to_string(&n.checklist).map_err(|e| crate::Error::Internal(e.to_string()))?;
    let id: i64 = sqlx::query(
        "INSERT INTO fair_competition_reviews (region_code, document_id, department_id, measure, mode, reviewed_on, checklist, \
         conclusion, exception_ground, exception_reason, stakeholders, third_party, reviewer, created_at) \
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) RETURNING id",
    )
    .bind(region.to_string())
    .bind(n.document_id)
    .bind(n.department_id)
    .bind(n.measure.trim().to_string())
    .bind(n.mode.as_str())
    .bind(n.reviewed_on.to_string())
    .bind(checklist)
    .bind(out.as_str())
    .bind(n.exception_ground.map(|g| g.as_str()).unwrap_or(""))
    .bind(n.exception_reason.trim().to_string())
    .bind(n.stakeholders.trim().to_string())
    .bind(n.third_party.trim().to_string())
    .bind(by.to_string())
    .bind(now_ms())
    .fetch_one(&mut *tx.conn())
    .await?
    .try_get(0)?;
    if let Some(doc) = n.document_id {
        super::workflow::record(
            tx.conn(),
            region,
            doc,
            "fair_competition",
            n.reviewed_on,
            by,
            &format!("公平竞争审查（{}）：{}", n.mode.label_zh(), out.label_zh()),
        )
        .await?;
    }
    let after = serde_json::json!({"measure": n.measure.trim(), "mode": n.mode.as_str(), "conclusion": out.as_str()});
    tx.record(Event {
        action: "normative.fair_competition",
        object_type: "fair_competition_review",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("公平竞争审查 {id}：{}", out.label_zh()),
    })
    .await?;
    Ok((id, out))
}

/// A review by `who`: the drafting body reviews its own measures; the central review is the
/// Justice Bureau's (with the market regulator, 第十四条). Refused outside the scope.
pub async fn review_as(db: &Db, who: &Principal, n: &NewReview) -> Result<(i64, Outcome)> {
    match n.mode {
        Mode::Drafting => {
            who.require(Permission::DraftNormative)?;
            who.require_department(db, n.department_id).await?;
        }
        Mode::Central => who.require(Permission::ReviewNormative)?,
    }
    if n.reviewed_on > crate::time::today() {
        return Err(invalid(
            "reviewed_on",
            "审查日期不能晚于今天。",
            "The date cannot be in the future.",
        ));
    }
    if let Some(doc) = n.document_id {
        let d = super::records::get(db, who, doc).await?;
        if d.department_id != n.department_id {
            return Err(invalid(
                "department_id",
                "起草单位须与文件的起草单位一致。",
                "The drafting body must be the document's.",
            ));
        }
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let out = record(&mut tx, &who.region, &who.actor().name, n).await?;
    tx.commit().await?;
    Ok(out)
}

/// A complaint about a measure in force (第二十二条: anyone may report), from the portal.
pub async fn complain(
    db: &Db,
    region: &str,
    document_id: Option<i64>,
    measure: &str,
    complainant: &str,
    content: &str,
    on: NaiveDate,
) -> Result<i64> {
    text(measure, "measure", 300, "被举报的政策措施", "measure")?;
    text(complainant, "complainant", 100, "举报人", "complainant")?;
    text(content, "content", 4000, "举报内容", "content")?;
    let mut tx = AuditedTx::begin(db, crate::audit::Actor::system("portal")).await?;
    let id: i64 = sqlx::query(
        "INSERT INTO fair_competition_complaints (region_code, document_id, measure, complainant, content, received_on, created_at) \
         VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id",
    )
    .bind(region.to_string())
    .bind(document_id)
    .bind(measure.trim().to_string())
    .bind(complainant.trim().to_string())
    .bind(content.trim().to_string())
    .bind(on.to_string())
    .bind(now_ms())
    .fetch_one(&mut *tx.conn())
    .await?
    .try_get(0)?;
    tx.record(Event {
        action: "normative.fair_competition_complaint",
        object_type: "fair_competition_complaint",
        object_id: id.to_string(),
        before: None,
        after: None,
        summary: format!("公平竞争审查举报 {id}"),
    })
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The Justice Bureau records how a complaint was handled (第二十二条: handled or forwarded).
pub async fn handle_complaint(
    db: &Db,
    who: &Principal,
    id: i64,
    on: NaiveDate,
    outcome: &str,
) -> Result<()> {
    who.require(Permission::ReviewNormative)?;
    text(outcome, "outcome", 2000, "处理结果", "outcome")?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let n = sqlx::query(
        "UPDATE fair_competition_complaints SET handled_on = $1, outcome = $2 WHERE id = $3 AND region_code = $4 AND handled_on IS NULL AND received_on <= $1",
    )
    .bind(on.to_string())
    .bind(outcome.trim().to_string())
    .bind(id)
    .bind(who.region.clone())
    .execute(&mut *tx.conn())
    .await?
    .rows_affected();
    if n == 0 {
        return Err(crate::Error::not_found("open complaint"));
    }
    tx.record(Event {
        action: "normative.fair_competition_complaint_handled",
        object_type: "fair_competition_complaint",
        object_id: id.to_string(),
        before: None,
        after: None,
        summary: format!("公平竞争审查举报 {id} 已处理"),
    })
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A review as listed.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewRow {
    pub id: i64,
    pub measure: String,
    pub department: String,
    pub mode: String,
    pub reviewed_on: String,
    pub conclusion: String,
    pub exception_reason: String,
    pub third_party: String,
}

/// The reviews of a year in `who`'s scope, latest first.
pub async fn list(db: &Db, who: &Principal, year: i32) -> Result<Vec<ReviewRow>> {
    who.require(Permission::ViewNormative)?;
    let b = who.scope_binds();
    let scope = crate::auth::scope_sql("r.department_id", 4);
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT r.id, r.measure, d.name, r.mode, r.reviewed_on, r.conclusion, r.exception_reason, r.third_party \
         FROM fair_competition_reviews r JOIN departments d ON d.id = r.department_id \
         WHERE r.region_code = $1 AND r.reviewed_on >= $2 AND r.reviewed_on < $3 AND {scope} \
         ORDER BY r.reviewed_on DESC, r.id DESC LIMIT 500"
    )))
    .bind(who.region.clone())
    .bind(format!("{year}-01-01"))
    .bind(format!("{}-01-01", year + 1))
    .bind(b.all)
    .bind(b.anchor)
    .bind(b.max_depth)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ReviewRow {
                id: r.try_get(0)?,
                measure: r.try_get(1)?,
                department: r.try_get(2)?,
                mode: r.try_get(3)?,
                reviewed_on: r.try_get(4)?,
                conclusion: r.try_get(5)?,
                exception_reason: r.try_get(6)?,
                third_party: r.try_get(7)?,
            })
        })
        .collect()
}

/// The annual figures, counted from the records.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct FairCompetitionYear {
    pub reviews: i64,
    pub central: i64,
    pub exceptions: i64,
    pub failed: i64,
    pub third_party: i64,
    pub complaints: i64,
    pub complaints_handled: i64,
}

pub async fn year(db: &Db, region: &str, year: i32) -> Result<FairCompetitionYear> {
    let from = format!("{year}-01-01");
    let to = format!("{}-01-01", year + 1);
    let r = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN mode = 'central' THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN conclusion = 'exception' THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN conclusion = 'fail' THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN third_party <> '' THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM fair_competition_reviews WHERE region_code = $1 AND reviewed_on >= $2 AND reviewed_on < $3",
    )
    .bind(region.to_string())
    .bind(from.clone())
    .bind(to.clone())
    .fetch_one(db.pool())
    .await?;
    let c = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(CASE WHEN handled_on IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM fair_competition_complaints WHERE region_code = $1 AND received_on >= $2 AND received_on < $3",
    )
    .bind(region.to_string())
    .bind(from)
    .bind(to)
    .fetch_one(db.pool())
    .await?;
    Ok(FairCompetitionYear {
        reviews: r.try_get(0)?,
        central: r.try_get(1)?,
        exceptions: r.try_get(2)?,
        failed: r.try_get(3)?,
        third_party: r.try_get(4)?,
        complaints: c.try_get(0)?,
        complaints_handled: c.try_get(1)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(clear: bool) -> BTreeMap<String, bool> {
        FAIR_COMPETITION_STANDARDS
            .iter()
            .map(|(k, _, _)| (k.to_string(), clear))
            .collect()
    }

    /// 第十二条 and 第十八条: a restricting measure passes only under an exception with reasons.
    #[test]
    fn outcome_of_articles_12_and_18() {
        assert_eq!(outcome(&all(true), None, ""), Outcome::Pass);
        let mut one = all(true);
        one.insert("cost_subsidy".into(), false);
        assert_eq!(outcome(&one, None, ""), Outcome::Fail);
        assert_eq!(
            outcome(&one, Some(ExceptionGround::PublicInterest), ""),
            Outcome::Fail
        );
        assert_eq!(
            outcome(
                &one,
                Some(ExceptionGround::PublicInterest),
                "节能改造补贴，无影响更小的替代方案，实施期限两年"
            ),
            Outcome::Exception
        );
    }
}
