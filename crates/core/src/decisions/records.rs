//! Decisions as stored, and the lists the pages read (scope applied on the server).

use serde::Serialize;
use sqlx::{AnyConnection, Row};

use super::rules::ReviewConclusion;
use crate::auth::{Permission, Principal, scope_sql};
use crate::db::Db;
use crate::labels::labelled_enum;
use crate::{Error, Result};

labelled_enum!(
    /// Where a decision stands.
    Status {
        Drafting = "drafting", "草案拟订", "Drafting";
        InReview = "in_review", "合法性审查中", "Legality review";
        Reviewed = "reviewed", "待集体讨论", "Awaiting discussion";
        Decided = "decided", "已决定", "Decided";
        NotAdopted = "not_adopted", "未通过", "Not adopted";
        Published = "published", "已公布", "Published";
    }
);

/// A decision.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    pub id: i64,
    pub item_id: i64,
    pub department_id: i64,
    pub department: String,
    pub title: String,
    pub summary: String,
    pub status: Status,
    pub open_to_public: bool,
    pub closed_reason: String,
    pub technical: bool,
    pub risky: bool,
    pub started_on: String,
    pub comment_from: Option<String>,
    pub comment_to: Option<String>,
    pub comment_short_reason: String,
    pub comments_received: i64,
    pub comments_adoption: String,
    pub hearing_on: Option<String>,
    pub hearing_materials_on: Option<String>,
    pub experts: String,
    pub expert_opinion: String,
    pub experts_on: Option<String>,
    pub risk_assessor: String,
    pub risk_report: String,
    pub risk_conclusion: String,
    pub risk_on: Option<String>,
    pub review_submitted_on: Option<String>,
    pub review_needed_by: Option<String>,
    pub review_conclusion: Option<ReviewConclusion>,
    pub review_opinion: String,
    pub reviewed_on: Option<String>,
    pub meeting_kind: String,
    pub head_name: String,
    pub head_reason: String,
    pub dissent: String,
    pub decided_on: Option<String>,
    pub party_reported_on: Option<String>,
    pub published_on: Option<String>,
    pub publish_channel: String,
    pub archived_on: Option<String>,
    pub archive_digest: String,
}

impl Decision {
    /// Public participation is done (第十四–十八条), or not required (依法不予公开).
    pub fn participation_done(&self) -> bool {
        !self.open_to_public || self.comment_to.is_some()
    }
}

pub(crate) const COLS: &str = "m.id, m.item_id, m.department_id, d.name, m.title, m.summary, m.status, m.open_to_public, \
    m.closed_reason, m.technical, m.risky, m.started_on, m.comment_from, m.comment_to, m.comment_short_reason, \
    m.comments_received, m.comments_adoption, m.hearing_on, m.hearing_materials_on, m.experts, m.expert_opinion, \
    m.experts_on, m.risk_assessor, m.risk_report, m.risk_conclusion, m.risk_on, m.review_submitted_on, \
    m.review_needed_by, m.review_conclusion, m.review_opinion, m.reviewed_on, m.meeting_kind, m.head_name, \
    m.head_reason, m.dissent, m.decided_on, m.party_reported_on, m.published_on, m.publish_channel, \
    m.archived_on, m.archive_digest";

pub(crate) const FROM: &str = "major_decisions m JOIN departments d ON d.id = m.department_id";

pub(crate) fn from_row(r: &sqlx::any::AnyRow) -> Result<Decision> {
    let s = |i: usize| -> Result<String> { Ok(r.try_get::<String, _>(i)?) };
    let o = |i: usize| -> Result<Option<String>> { Ok(r.try_get::<Option<String>, _>(i)?) };
    let b = |i: usize| -> Result<bool> { Ok(r.try_get::<i64, _>(i)? != 0) };
    let status = s(6)?;
    let conclusion = s(28)?;
    Ok(Decision {
        id: r.try_get(0)?,
        item_id: r.try_get(1)?,
        department_id: r.try_get(2)?,
        department: s(3)?,
        title: s(4)?,
        summary: s(5)?,
        status: Status::parse(&status)
            .ok_or_else(|| Error::Internal(format!("stored decision status {status:?}")))?,
        open_to_public: b(7)?,
        closed_reason: s(8)?,
        technical: b(9)?,
        risky: b(10)?,
        started_on: s(11)?,
        comment_from: o(12)?,
        comment_to: o(13)?,
        comment_short_reason: s(14)?,
        comments_received: r.try_get(15)?,
        comments_adoption: s(16)?,
        hearing_on: o(17)?,
        hearing_materials_on: o(18)?,
        experts: s(19)?,
        expert_opinion: s(20)?,
        experts_on: o(21)?,
        risk_assessor: s(22)?,
        risk_report: s(23)?,
        risk_conclusion: s(24)?,
        risk_on: o(25)?,
        review_submitted_on: o(26)?,
        review_needed_by: o(27)?,
        review_conclusion: ReviewConclusion::parse(&conclusion),
        review_opinion: s(29)?,
        reviewed_on: o(30)?,
        meeting_kind: s(31)?,
        head_name: s(32)?,
        head_reason: s(33)?,
        dissent: s(34)?,
        decided_on: o(35)?,
        party_reported_on: o(36)?,
        published_on: o(37)?,
        publish_channel: s(38)?,
        archived_on: o(39)?,
        archive_digest: s(40)?,
    })
}

/// Loads a decision of the region inside a transaction (no scope check: callers check it).
pub async fn load_in(conn: &mut AnyConnection, region: &str, id: i64) -> Result<Decision> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLS} FROM {FROM} WHERE m.id = $1 AND m.region_code = $2"
    )))
    .bind(id)
    .bind(region.to_string())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| Error::not_found("major decision"))?;
    from_row(&row)
}

/// One decision, if `who` may see it: the Justice Bureau every one, a body its own (not found
/// otherwise, so ids cannot be probed).
pub async fn get(db: &Db, who: &Principal, id: i64) -> Result<Decision> {
    who.require(Permission::ViewDecisions)?;
    let mut conn = db.pool().acquire().await?;
    let m = load_in(&mut conn, &who.region, id).await?;
    drop(conn);
    if !who.covers_department(db, m.department_id).await? {
        return Err(Error::not_found("major decision"));
    }
    Ok(m)
}

/// The decisions in `who`'s scope, newest first, optionally by status.
pub async fn list(
    db: &Db,
    who: &Principal,
    status: Option<Status>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Decision>, i64)> {
    who.require(Permission::ViewDecisions)?;
    let b = who.scope_binds();
    let filter = format!(
        "m.region_code = $1 AND ($2 = '' OR m.status = $2) AND {}",
        scope_sql("m.department_id", 3)
    );
    let st = status.map(|s| s.as_str()).unwrap_or_default().to_string();
    let total: i64 = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM major_decisions m WHERE {filter}"
    )))
    .bind(who.region.clone())
    .bind(st.clone())
    .bind(b.all)
    .bind(b.anchor)
    .bind(b.max_depth)
    .fetch_one(db.pool())
    .await?
    .try_get(0)?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLS} FROM {FROM} WHERE {filter} ORDER BY m.id DESC LIMIT $6 OFFSET $7"
    )))
    .bind(who.region.clone())
    .bind(st)
    .bind(b.all)
    .bind(b.anchor)
    .bind(b.max_depth)
    .bind(limit.clamp(1, 200))
    .bind(offset.max(0))
    .fetch_all(db.pool())
    .await?;
    let list = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
    Ok((list, total))
}

/// A published decision as the portal shows it (第三十二条): title, body, date, and the
/// adoption of public and expert opinions; nothing internal.
#[derive(Debug, Clone, Serialize)]
pub struct PublishedDecision {
    pub id: i64,
    pub title: String,
    pub department: String,
    pub summary: String,
    pub decided_on: String,
    pub published_on: String,
    pub channel: String,
    pub comments_adoption: String,
    pub expert_adoption: String,
}

/// Decisions published on the portal, latest first.
pub async fn published(db: &Db, region: &str) -> Result<Vec<PublishedDecision>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLS} FROM {FROM} WHERE m.region_code = $1 AND m.status = 'published' \
         ORDER BY m.published_on DESC, m.id DESC LIMIT 200"
    )))
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let m = from_row(r)?;
            Ok(PublishedDecision {
                id: m.id,
                title: m.title,
                department: m.department,
                summary: m.summary,
                decided_on: m.decided_on.unwrap_or_default(),
                published_on: m.published_on.unwrap_or_default(),
                channel: m.publish_channel,
                comments_adoption: m.comments_adoption,
                expert_adoption: m.expert_opinion,
            })
        })
        .collect()
}

/// A line of the whole-process record.
#[derive(Debug, Clone, Serialize)]
pub struct StepLine {
    pub on: String,
    pub action: String,
    pub actor: String,
    pub note: String,
}

/// The whole-process record of a decision (the caller has checked visibility).
pub async fn steps_in(conn: &mut AnyConnection, id: i64) -> Result<Vec<StepLine>> {
    let rows = sqlx::query(
        "SELECT on_date, action, actor, note FROM decision_steps WHERE decision_id = $1 ORDER BY id",
    )
    .bind(id)
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

/// A speech at the collective discussion, in order.
#[derive(Debug, Clone, Serialize)]
pub struct SpeechLine {
    pub seq: i64,
    pub speaker: String,
    pub is_head: bool,
    pub position: String,
    pub opinion: String,
}

pub async fn speeches_in(conn: &mut AnyConnection, id: i64) -> Result<Vec<SpeechLine>> {
    let rows = sqlx::query(
        "SELECT seq, speaker, is_head, position, opinion FROM decision_speeches WHERE decision_id = $1 ORDER BY seq",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let p: String = r.try_get(3)?;
            Ok(SpeechLine {
                seq: r.try_get(0)?,
                speaker: r.try_get(1)?,
                is_head: r.try_get::<i64, _>(2)? != 0,
                position: super::rules::Position::parse(&p)
                    .map(|p| p.label_zh().to_string())
                    .unwrap_or(p),
                opinion: r.try_get(4)?,
            })
        })
        .collect()
}

/// A line of the lifetime accountability record (第三十八条).
#[derive(Debug, Clone, Serialize)]
pub struct Responsible {
    pub person: String,
    pub duty: String,
    pub dissented: bool,
}

pub async fn accountability_in(conn: &mut AnyConnection, id: i64) -> Result<Vec<Responsible>> {
    let rows = sqlx::query(
        "SELECT person, duty, dissented FROM decision_accountability WHERE decision_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let duty: String = r.try_get(1)?;
            Ok(Responsible {
                person: r.try_get(0)?,
                duty: match duty.as_str() {
                    "head" => "行政首长",
                    "member" => "会议组成人员",
                    _ => "决策承办单位",
                }
                .to_string(),
                dissented: r.try_get::<i64, _>(2)? != 0,
            })
        })
        .collect()
}

/// A post-evaluation (第三十六条).
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub trigger: String,
    pub evaluator: String,
    pub conclusion: String,
    pub evaluated_on: String,
}

pub async fn evaluations_in(conn: &mut AnyConnection, id: i64) -> Result<Vec<Evaluation>> {
    let rows = sqlx::query(
        "SELECT trigger_kind, evaluator, conclusion, evaluated_on FROM decision_evaluations WHERE decision_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let t: String = r.try_get(0)?;
            Ok(Evaluation {
                trigger: super::rules::Trigger::parse(&t)
                    .map(|t| t.label_zh().to_string())
                    .unwrap_or(t),
                evaluator: r.try_get(1)?,
                conclusion: r.try_get(2)?,
                evaluated_on: r.try_get(3)?,
            })
        })
        .collect()
}

/// Everything recorded about a decision, for its page and its archive.
#[derive(Debug, Clone, Serialize)]
pub struct Dossier {
    pub decision: Decision,
    pub steps: Vec<StepLine>,
    pub speeches: Vec<SpeechLine>,
    pub accountability: Vec<Responsible>,
    pub evaluations: Vec<Evaluation>,
}

pub async fn dossier_in(conn: &mut AnyConnection, region: &str, id: i64) -> Result<Dossier> {
    Ok(Dossier {
        decision: load_in(conn, region, id).await?,
        steps: steps_in(conn, id).await?,
        speeches: speeches_in(conn, id).await?,
        accountability: accountability_in(conn, id).await?,
        evaluations: evaluations_in(conn, id).await?,
    })
}

/// The dossier, if `who` may see the decision.
pub async fn dossier(db: &Db, who: &Principal, id: i64) -> Result<Dossier> {
    get(db, who, id).await?;
    let mut conn = db.pool().acquire().await?;
    dossier_in(&mut conn, &who.region, id).await
}
