//! Documents as stored, and the lists the pages read (scope applied on the server).

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::{AnyConnection, Row};

use super::rules::{Conclusion, Status};
use crate::auth::{Permission, Principal, scope_sql};
use crate::db::Db;
use crate::{Error, Result};

/// A normative document.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub id: i64,
    pub department_id: i64,
    pub department: String,
    pub title: String,
    pub subject: String,
    pub body_text: String,
    pub touches_enterprises: bool,
    pub planned_on: NaiveDate,
    pub status: Status,
    pub assessed_on: Option<NaiveDate>,
    pub assessment: String,
    pub comment_from: Option<NaiveDate>,
    pub comment_to: Option<NaiveDate>,
    pub comment_short_reason: String,
    pub comment_closed_on: Option<NaiveDate>,
    pub comment_feedback: String,
    pub review_requested_on: Option<NaiveDate>,
    pub review_earliest: Option<NaiveDate>,
    pub review_due: Option<NaiveDate>,
    pub reviewer: String,
    pub reviewed_on: Option<NaiveDate>,
    pub review_conclusion: Option<Conclusion>,
    pub deliberated_on: Option<NaiveDate>,
    pub meeting: String,
    pub signed_on: Option<NaiveDate>,
    pub signer: String,
    pub reg_no: String,
    pub published_on: Option<NaiveDate>,
    pub channel: String,
    pub valid_until: Option<NaiveDate>,
    pub evaluation_due: Option<NaiveDate>,
    pub evaluated_on: Option<NaiveDate>,
    pub evaluation: String,
    pub filing_due: Option<NaiveDate>,
    pub filed_on: Option<NaiveDate>,
    pub filing_body: String,
    pub repealed_on: Option<NaiveDate>,
    pub repeal_reason: String,
    pub amends_id: Option<i64>,
}

pub(crate) const COLS: &str = "n.id, n.department_id, d.name, n.title, n.subject, n.body_text, n.touches_enterprises, \
    n.planned_on, n.status, n.assessed_on, n.assessment, n.comment_from, n.comment_to, n.comment_short_reason, \
    n.comment_closed_on, n.comment_feedback, n.review_requested_on, n.review_earliest, n.review_due, n.reviewer, \
    n.reviewed_on, n.review_conclusion, n.deliberated_on, n.meeting, n.signed_on, n.signer, n.reg_no, n.published_on, \
    n.channel, n.valid_until, n.evaluation_due, n.evaluated_on, n.evaluation, n.filing_due, n.filed_on, n.filing_body, \
    n.repealed_on, n.repeal_reason, n.amends_id";
pub(crate) const FROM: &str = "normative_documents n JOIN departments d ON d.id = n.department_id";

fn date(v: Option<String>, what: &str) -> Result<Option<NaiveDate>> {
    match v.as_deref() {
        None | Some("") => Ok(None),
        Some(s) => s
            .parse()
            .map(Some)
            .map_err(|_| Error::Internal(format!("stored {what}: {s:?}"))),
    }
}

pub(crate) fn from_row(r: &sqlx::any::AnyRow) -> Result<Document> {
    let s = |i: usize| -> Result<String> { Ok(r.try_get::<String, _>(i)?) };
    let o = |i: usize, what: &str| -> Result<Option<NaiveDate>> {
        date(r.try_get::<Option<String>, _>(i)?, what)
    };
    let bad = |what: &str, v: String| Error::Internal(format!("stored {what}: {v:?}"));
    let status = s(8)?;
    let conclusion = s(21)?;
    Ok(Document {
        id: r.try_get(0)?,
        department_id: r.try_get(1)?,
        department: s(2)?,
        title: s(3)?,
        subject: s(4)?,
        body_text: s(5)?,
        touches_enterprises: r.try_get::<i64, _>(6)? != 0,
        planned_on: o(7, "planned_on")?.ok_or_else(|| bad("planned_on", String::new()))?,
        status: Status::parse(&status).ok_or_else(|| bad("status", status.clone()))?,
        assessed_on: o(9, "assessed_on")?,
        assessment: s(10)?,
        comment_from: o(11, "comment_from")?,
        comment_to: o(12, "comment_to")?,
        comment_short_reason: s(13)?,
        comment_closed_on: o(14, "comment_closed_on")?,
        comment_feedback: s(15)?,
        review_requested_on: o(16, "review_requested_on")?,
        review_earliest: o(17, "review_earliest")?,
        review_due: o(18, "review_due")?,
        reviewer: s(19)?,
        reviewed_on: o(20, "reviewed_on")?,
        review_conclusion: if conclusion.is_empty() {
            None
        } else {
            Some(
                Conclusion::parse(&conclusion)
                    .ok_or_else(|| bad("review_conclusion", conclusion.clone()))?,
            )
        },
        deliberated_on: o(22, "deliberated_on")?,
        meeting: s(23)?,
        signed_on: o(24, "signed_on")?,
        signer: s(25)?,
        reg_no: s(26)?,
        published_on: o(27, "published_on")?,
        channel: s(28)?,
        valid_until: o(29, "valid_until")?,
        evaluation_due: o(30, "evaluation_due")?,
        evaluated_on: o(31, "evaluated_on")?,
        evaluation: s(32)?,
        filing_due: o(33, "filing_due")?,
        filed_on: o(34, "filed_on")?,
        filing_body: s(35)?,
        repealed_on: o(36, "repealed_on")?,
        repeal_reason: s(37)?,
        amends_id: r.try_get(38)?,
    })
}

impl Document {
    /// In force on `on`: published by then, not repealed or replaced, within its validity.
    pub fn in_force_on(&self, on: NaiveDate) -> bool {
        self.status == Status::Published
            && self.published_on.is_some_and(|p| p <= on)
            && self.valid_until.is_none_or(|v| v >= on)
    }

    /// The registration number once signed, else the draft's number.
    pub fn number(&self) -> String {
        if self.reg_no.is_empty() {
            format!("草案 {}", self.id)
        } else {
            self.reg_no.clone()
        }
    }
}

/// Loads a document of the region (no scope check: callers check it).
pub async fn load_in(conn: &mut AnyConnection, region: &str, id: i64) -> Result<Document> {
    let sql = format!("SELECT {COLS} FROM {FROM} WHERE n.id = $1 AND n.region_code = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(region.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| Error::not_found("normative document"))?;
    from_row(&row)
}

/// One document, if `who` may see it: the Justice Bureau every one, a drafting body its own
/// (not found otherwise, so ids cannot be probed).
pub async fn get(db: &Db, who: &Principal, id: i64) -> Result<Document> {
    who.require(Permission::ViewNormative)?;
    let mut conn = db.pool().acquire().await?;
    let d = load_in(&mut conn, &who.region, id).await?;
    drop(conn);
    if !who.covers_department(db, d.department_id).await? {
        return Err(Error::not_found("normative document"));
    }
    Ok(d)
}

/// A page of documents in `who`'s scope, newest first, optionally of one status.
pub async fn list(
    db: &Db,
    who: &Principal,
    status: Option<Status>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Document>, i64)> {
    who.require(Permission::ViewNormative)?;
    let b = who.scope_binds();
    let scope = scope_sql("n.department_id", 2);
    let filter = "($5 = '' OR n.status = $5)";
    let st = status.map(|s| s.as_str()).unwrap_or("").to_string();
    let total: i64 = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM normative_documents n WHERE n.region_code = $1 AND {scope} AND {filter}"
    )))
    .bind(who.region.clone())
    .bind(b.all)
    .bind(b.anchor)
    .bind(b.max_depth)
    .bind(st.clone())
    .fetch_one(db.pool())
    .await?
    .try_get(0)?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLS} FROM {FROM} WHERE n.region_code = $1 AND {scope} AND {filter} \
         ORDER BY n.id DESC LIMIT $6 OFFSET $7"
    )))
    .bind(who.region.clone())
    .bind(b.all)
    .bind(b.anchor)
    .bind(b.max_depth)
    .bind(st)
    .bind(limit.clamp(1, 200))
    .bind(offset.max(0))
    .fetch_all(db.pool())
    .await?;
    Ok((rows.iter().map(from_row).collect::<Result<_>>()?, total))
}

/// Published documents for the portal (统一发布), newest first; repealed ones stay listed with
/// their status so the public sees what no longer applies.
pub async fn published(
    db: &Db,
    region: &str,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Document>, i64)> {
    let total: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM normative_documents WHERE region_code = $1 AND published_on IS NOT NULL",
    )
    .bind(region.to_string())
    .fetch_one(db.pool())
    .await?
    .try_get(0)?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLS} FROM {FROM} WHERE n.region_code = $1 AND n.published_on IS NOT NULL \
         ORDER BY n.published_on DESC, n.id DESC LIMIT $2 OFFSET $3"
    )))
    .bind(region.to_string())
    .bind(limit.clamp(1, 100))
    .bind(offset.max(0))
    .fetch_all(db.pool())
    .await?;
    Ok((rows.iter().map(from_row).collect::<Result<_>>()?, total))
}

/// One published document for the portal (not found for a draft).
pub async fn published_one(db: &Db, region: &str, id: i64) -> Result<Document> {
    let mut conn = db.pool().acquire().await?;
    let d = load_in(&mut conn, region, id).await?;
    if d.published_on.is_none() {
        return Err(Error::not_found("normative document"));
    }
    Ok(d)
}

/// A review opinion and the drafting body's answer.
#[derive(Debug, Clone, Serialize)]
pub struct Opinion {
    pub id: i64,
    pub seq: i64,
    pub item: String,
    pub opinion: String,
    pub adopted: Option<bool>,
    pub response: String,
    pub answered_on: Option<String>,
}

pub async fn opinions(conn: &mut AnyConnection, document_id: i64) -> Result<Vec<Opinion>> {
    let rows = sqlx::query(
        "SELECT id, seq, item, opinion, adopted, response, answered_on FROM normative_opinions WHERE document_id = $1 ORDER BY seq",
    )
    .bind(document_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Opinion {
                id: r.try_get(0)?,
                seq: r.try_get(1)?,
                item: r.try_get(2)?,
                opinion: r.try_get(3)?,
                adopted: r.try_get::<Option<i64>, _>(4)?.map(|v| v != 0),
                response: r.try_get(5)?,
                answered_on: r.try_get(6)?,
            })
        })
        .collect()
}

/// A finding on one checklist item.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub item: String,
    pub passed: bool,
    pub note: String,
}

pub async fn checks(conn: &mut AnyConnection, document_id: i64) -> Result<Vec<Check>> {
    let rows = sqlx::query(
        "SELECT item, passed, note FROM normative_checks WHERE document_id = $1 ORDER BY id",
    )
    .bind(document_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Check {
                item: r.try_get(0)?,
                passed: r.try_get::<i64, _>(1)? != 0,
                note: r.try_get(2)?,
            })
        })
        .collect()
}

/// A citation found in the text.
#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    pub code: String,
    pub citation: String,
}

pub async fn citations(conn: &mut AnyConnection, document_id: i64) -> Result<Vec<Citation>> {
    let rows = sqlx::query(
        "SELECT code, citation FROM normative_citations WHERE document_id = $1 ORDER BY id",
    )
    .bind(document_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Citation {
                code: r.try_get(0)?,
                citation: r.try_get(1)?,
            })
        })
        .collect()
}

/// A step of the whole-process record.
#[derive(Debug, Clone, Serialize)]
pub struct StepLine {
    pub on: String,
    pub action: String,
    pub actor: String,
    pub note: String,
}

pub async fn steps(conn: &mut AnyConnection, document_id: i64) -> Result<Vec<StepLine>> {
    let rows = sqlx::query(
        "SELECT on_date, action, actor, note FROM normative_steps WHERE document_id = $1 ORDER BY id",
    )
    .bind(document_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(StepLine {
                on: r.try_get(0)?,
                action: r.try_get(1)?,
                actor: r.try_get(2)?,
                note: r.try_get(3)?,
            })
        })
        .collect()
}

/// What a document's page shows beside the document (the caller checked the scope).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Parts {
    pub citations: Vec<Citation>,
    pub checks: Vec<Check>,
    pub opinions: Vec<Opinion>,
    pub steps: Vec<StepLine>,
    /// The latest fair-competition conclusion ('' when none).
    pub fair_competition: String,
}

pub async fn parts(db: &Db, document_id: i64) -> Result<Parts> {
    let mut conn = db.pool().acquire().await?;
    Ok(Parts {
        citations: citations(&mut conn, document_id).await?,
        checks: checks(&mut conn, document_id).await?,
        opinions: opinions(&mut conn, document_id).await?,
        steps: steps(&mut conn, document_id).await?,
        fair_competition: super::workflow::fair_competition_conclusion(&mut conn, document_id)
            .await?,
    })
}
