//! Applications as stored, and the lists the pages read (scope applied on the server).

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::Row;

use super::rules::{ActKind, Channel, Procedure};
use crate::auth::{Permission, Principal};
use crate::db::Db;
use crate::labels::labelled_enum;
use crate::{Error, Result};

labelled_enum!(
    /// Where an application stands.
    Status {
        Received = "received", "待审查受理", "Awaiting acceptance";
        Correction = "correction", "待补正", "Awaiting corrections";
        Accepted = "accepted", "审理中", "Under review";
        Suspended = "suspended", "中止", "Suspended";
        Rejected = "rejected", "不予受理", "Not accepted";
        Abandoned = "abandoned", "视为放弃", "Deemed abandoned";
        Terminated = "terminated", "终止", "Terminated";
        Decided = "decided", "已决定", "Decided";
    }
);

labelled_enum!(
    /// 行政复议决定 of every kind (第六十三–六十九条, 第七十三条).
    DecisionKind {
        Changed = "changed", "变更", "Changed";
        Revoked = "revoked", "撤销", "Revoked";
        ConfirmedIllegal = "confirmed_illegal", "确认违法", "Confirmed unlawful";
        Perform = "perform", "责令履行", "Ordered to perform";
        Void = "void", "确认无效", "Confirmed void";
        Upheld = "upheld", "维持", "Upheld";
        Dismissed = "dismissed", "驳回复议请求", "Request dismissed";
        Mediated = "mediated", "调解书", "Mediation agreement";
    }
);

impl DecisionKind {
    /// The act was corrected (纠错): changed, revoked, confirmed unlawful or void, or the body
    /// ordered to perform.
    pub fn corrects(self) -> bool {
        matches!(
            self,
            Self::Changed | Self::Revoked | Self::ConfirmedIllegal | Self::Perform | Self::Void
        )
    }

    /// The article of the decision.
    pub fn article(self) -> &'static str {
        match self {
            Self::Changed => "第六十三条",
            Self::Revoked => "第六十四条",
            Self::ConfirmedIllegal => "第六十五条",
            Self::Perform => "第六十六条",
            Self::Void => "第六十七条",
            Self::Upheld => "第六十八条",
            Self::Dismissed => "第六十九条",
            Self::Mediated => "第七十三条",
        }
    }
}

/// An application.
#[derive(Debug, Clone, Serialize)]
pub struct Application {
    pub id: i64,
    pub case_no: String,
    #[serde(skip)]
    pub query_code: String,
    pub channel: Channel,
    pub applicant_kind: String,
    pub applicant_name: String,
    #[serde(skip)]
    pub applicant_code: String,
    pub respondent_department_id: i64,
    pub respondent: String,
    pub act_kind: ActKind,
    pub act_description: String,
    pub case_id: Option<i64>,
    pub act_on: NaiveDate,
    pub knew_on: NaiveDate,
    pub rights_told: bool,
    pub rights_known_on: Option<NaiveDate>,
    pub real_estate: bool,
    pub amount_fen: Option<i64>,
    pub warning_only: bool,
    pub requests: String,
    pub reasons: String,
    pub third_parties: String,
    pub received_on: NaiveDate,
    pub acceptance_due: NaiveDate,
    pub status: Status,
    pub procedure: Procedure,
    pub accepted_on: Option<NaiveDate>,
    pub rejected_reason: String,
    pub correction_due: Option<NaiveDate>,
    pub copy_sent_on: Option<NaiveDate>,
    pub answer_due: Option<NaiveDate>,
    pub answered_on: Option<NaiveDate>,
    pub decision_due: Option<NaiveDate>,
    pub extension_days: i64,
    pub suspended_on: Option<NaiveDate>,
    pub suspended_days: i64,
    pub decided_on: Option<NaiveDate>,
    pub decision_kind: Option<DecisionKind>,
    pub decision_text: String,
    /// 听取意见 (第四十九条) and 听证 (第五十条).
    pub opinions_heard_on: Option<NaiveDate>,
    pub hearing_on: Option<NaiveDate>,
    /// The reconsideration committee's consultation (第五十二条).
    pub committee_on: Option<NaiveDate>,
    /// The normative document under incidental review (第十三条) and its handling due date
    /// (第五十六条).
    pub incidental_document: String,
    pub incidental_due: Option<NaiveDate>,
    /// 行政复议意见书 (第七十六条): sent, the respondent's report due in sixty days, and received.
    pub opinion_sent_on: Option<NaiveDate>,
    pub opinion_reply_due: Option<NaiveDate>,
    pub opinion_replied_on: Option<NaiveDate>,
    /// 责令限期履行 (第七十七条).
    pub performance_due: Option<NaiveDate>,
}

pub(crate) const COLS: &str = "a.id, a.case_no, a.query_code, a.channel, a.applicant_kind, a.applicant_name, a.applicant_code, \
    a.respondent_department_id, d.name, a.act_kind, a.act_description, a.case_id, a.act_on, a.knew_on, a.rights_told, \
    a.rights_known_on, a.real_estate, a.amount_fen, a.warning_only, a.requests, a.reasons, a.third_parties, a.received_on, \
    a.acceptance_due, a.status, a.procedure, a.accepted_on, a.rejected_reason, a.correction_due, a.copy_sent_on, \
    a.answer_due, a.answered_on, a.decision_due, a.extension_days, a.suspended_on, a.suspended_days, a.decided_on, \
    a.decision_kind, a.decision_text, a.opinions_heard_on, a.hearing_on, a.committee_on, a.incidental_document, \
    a.incidental_due, a.opinion_sent_on, a.opinion_reply_due, a.opinion_replied_on, a.performance_due";

pub(crate) const FROM: &str =
    "reconsideration_applications a JOIN departments d ON d.id = a.respondent_department_id";

fn date(v: Option<String>, what: &str) -> Result<Option<NaiveDate>> {
    match v.as_deref() {
        None | Some("") => Ok(None),
        Some(s) => s
            .parse()
            .map(Some)
            .map_err(|_| Error::Internal(format!("stored {what}: {s:?}"))),
    }
}

fn req(v: Option<NaiveDate>, what: &str) -> Result<NaiveDate> {
    v.ok_or_else(|| Error::Internal(format!("stored {what} missing")))
}

pub(crate) fn from_row(r: &sqlx::any::AnyRow) -> Result<Application> {
    let s = |i: usize| -> Result<String> { Ok(r.try_get::<String, _>(i)?) };
    let o = |i: usize| -> Result<Option<String>> { Ok(r.try_get::<Option<String>, _>(i)?) };
    let bad = |what: &str, v: String| Error::Internal(format!("stored {what}: {v:?}"));
    let channel = s(3)?;
    let kind = s(9)?;
    let status = s(24)?;
    let procedure = s(25)?;
    let decision = s(37)?;
    Ok(Application {
        id: r.try_get(0)?,
        case_no: s(1)?,
        query_code: s(2)?,
        channel: Channel::parse(&channel).ok_or_else(|| bad("channel", channel.clone()))?,
        applicant_kind: s(4)?,
        applicant_name: s(5)?,
        applicant_code: s(6)?,
        respondent_department_id: r.try_get(7)?,
        respondent: s(8)?,
        act_kind: ActKind::parse(&kind).ok_or_else(|| bad("act_kind", kind.clone()))?,
        act_description: s(10)?,
        case_id: r.try_get(11)?,
        act_on: req(date(Some(s(12)?), "act_on")?, "act_on")?,
        knew_on: req(date(Some(s(13)?), "knew_on")?, "knew_on")?,
        rights_told: r.try_get::<i64, _>(14)? != 0,
        rights_known_on: date(o(15)?, "rights_known_on")?,
        real_estate: r.try_get::<i64, _>(16)? != 0,
        amount_fen: r.try_get(17)?,
        warning_only: r.try_get::<i64, _>(18)? != 0,
        requests: s(19)?,
        reasons: s(20)?,
        third_parties: s(21)?,
        received_on: req(date(Some(s(22)?), "received_on")?, "received_on")?,
        acceptance_due: req(date(Some(s(23)?), "acceptance_due")?, "acceptance_due")?,
        status: Status::parse(&status).ok_or_else(|| bad("status", status.clone()))?,
        procedure: Procedure::parse(&procedure)
            .ok_or_else(|| bad("procedure", procedure.clone()))?,
        accepted_on: date(o(26)?, "accepted_on")?,
        rejected_reason: s(27)?,
        correction_due: date(o(28)?, "correction_due")?,
        copy_sent_on: date(o(29)?, "copy_sent_on")?,
        answer_due: date(o(30)?, "answer_due")?,
        answered_on: date(o(31)?, "answered_on")?,
        decision_due: date(o(32)?, "decision_due")?,
        extension_days: r.try_get(33)?,
        suspended_on: date(o(34)?, "suspended_on")?,
        suspended_days: r.try_get(35)?,
        decided_on: date(o(36)?, "decided_on")?,
        decision_kind: if decision.is_empty() {
            None
        } else {
            Some(
                DecisionKind::parse(&decision)
                    .ok_or_else(|| bad("decision_kind", decision.clone()))?,
            )
        },
        decision_text: s(38)?,
        opinions_heard_on: date(o(39)?, "opinions_heard_on")?,
        hearing_on: date(o(40)?, "hearing_on")?,
        committee_on: date(o(41)?, "committee_on")?,
        incidental_document: s(42)?,
        incidental_due: date(o(43)?, "incidental_due")?,
        opinion_sent_on: date(o(44)?, "opinion_sent_on")?,
        opinion_reply_due: date(o(45)?, "opinion_reply_due")?,
        opinion_replied_on: date(o(46)?, "opinion_replied_on")?,
        performance_due: date(o(47)?, "performance_due")?,
    })
}

impl Application {
    /// The case number once accepted, else the application's number.
    pub fn case_no_or_id(&self) -> String {
        if self.case_no.is_empty() {
            format!("申请 {}", self.id)
        } else {
            self.case_no.clone()
        }
    }
}

/// Loads an application of the region inside a transaction (no scope check: callers check it;
/// public for the demo).
pub async fn load_in(conn: &mut sqlx::AnyConnection, region: &str, id: i64) -> Result<Application> {
    let sql = format!("SELECT {COLS} FROM {FROM} WHERE a.id = $1 AND a.region_code = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(region.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| Error::not_found("reconsideration application"))?;
    from_row(&row)
}

/// The application with this case number (津滨政复〔YYYY〕N号) in the region.
pub async fn id_by_case_no(db: &Db, region: &str, case_no: &str) -> Result<Option<i64>> {
    let row = sqlx::query(
        "SELECT id FROM reconsideration_applications WHERE region_code = $1 AND case_no = $2",
    )
    .bind(region.to_string())
    .bind(case_no.to_string())
    .fetch_optional(db.pool())
    .await?;
    Ok(match row {
        Some(r) => Some(r.try_get(0)?),
        None => None,
    })
}

/// Whether `who` may see the application: the Justice Bureau (district scope) sees every one,
/// a respondent body only its own (and its units').
pub async fn visible(db: &Db, who: &Principal, a: &Application) -> Result<bool> {
    if !who.role.can(Permission::ViewReconsideration) {
        return Ok(false);
    }
    who.covers_department(db, a.respondent_department_id).await
}

/// One application, if `who` may see it (not found otherwise, so ids cannot be probed).
pub async fn get(db: &Db, who: &Principal, id: i64) -> Result<Application> {
    who.require(Permission::ViewReconsideration)?;
    let mut conn = db.pool().acquire().await?;
    let a = load_in(&mut conn, &who.region, id).await?;
    drop(conn);
    if !visible(db, who, &a).await? {
        return Err(Error::not_found("reconsideration application"));
    }
    Ok(a)
}

/// A step of the whole-process record.
#[derive(Debug, Clone, Serialize)]
pub struct StepLine {
    pub on: String,
    pub action: String,
    pub actor: String,
    pub note: String,
}

pub async fn steps(db: &Db, id: i64) -> Result<Vec<StepLine>> {
    let rows = sqlx::query(
        "SELECT on_date, action, actor, note FROM reconsideration_steps WHERE application_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(db.pool())
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

/// A page of applications in `who`'s scope, newest first, filtered by status.
pub async fn list(
    db: &Db,
    who: &Principal,
    status: Option<Status>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Application>, i64)> {
    who.require(Permission::ViewReconsideration)?;
    let b = who.scope_binds();
    let status = status.map(|s| s.as_str().to_string()).unwrap_or_default();
    // Fixed statements per case, so that each walks an index in id order instead of sorting
    // the region: (region, id) for the district, (region, status, id) with a status, the
    // body's subtree through (respondent, id) otherwise.
    const SCOPE: &str = "a.respondent_department_id IN \
        (SELECT descendant_id FROM department_closure WHERE ancestor_id = $3 AND depth <= $4)";
    let filter = match (b.all == 1, status.is_empty()) {
        (true, true) => "a.region_code = $1 AND $2 = '' AND $3 = $3 AND $4 = $4".to_string(),
        (true, false) => "a.region_code = $1 AND a.status = $2 AND $3 = $3 AND $4 = $4".to_string(),
        (false, true) => format!("a.region_code = $1 AND $2 = '' AND {SCOPE}"),
        (false, false) => format!("a.region_code = $1 AND a.status = $2 AND {SCOPE}"),
    };
    let count_sql = sqlx::AssertSqlSafe(format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM reconsideration_applications a WHERE {filter}"
    ));
    let list_sql =
        format!("SELECT {COLS} FROM {FROM} WHERE {filter} ORDER BY a.id DESC LIMIT $5 OFFSET $6");
    let total: i64 = sqlx::query(count_sql)
        .bind(who.region.clone())
        .bind(status.clone())
        .bind(b.anchor)
        .bind(b.max_depth)
        .fetch_one(db.pool())
        .await?
        .try_get(0)?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(list_sql))
        .bind(who.region.clone())
        .bind(status)
        .bind(b.anchor)
        .bind(b.max_depth)
        .bind(limit.clamp(1, 200))
        .bind(offset.max(0))
        .fetch_all(db.pool())
        .await?;
    let list = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
    Ok((list, total))
}

/// The applicant's view by query code (portal): no login, only what the applicant may know.
pub async fn by_query_code(db: &Db, region: &str, code: &str) -> Result<Option<Application>> {
    let code = code.trim();
    if code.len() < 8 || code.len() > 40 {
        return Ok(None);
    }
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLS} FROM {FROM} WHERE a.query_code = $1 AND a.region_code = $2"
    )))
    .bind(code.to_string())
    .bind(region.to_string())
    .fetch_optional(db.pool())
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// The penalty case of the region with this case number or decision number (an application
/// names the act it challenges by either).
pub async fn case_by_number(db: &Db, region: &str, no: &str) -> Result<Option<i64>> {
    let row = sqlx::query(
        "SELECT id FROM cases WHERE region_code = $1 AND (case_no = $2 OR decision_no = $2) ORDER BY id LIMIT 1",
    )
    .bind(region.to_string())
    .bind(no.trim().to_string())
    .fetch_optional(db.pool())
    .await?;
    Ok(match row {
        Some(r) => Some(r.try_get(0)?),
        None => None,
    })
}

/// How many applications the region holds.
pub async fn count(db: &Db, region: &str) -> Result<i64> {
    Ok(sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM reconsideration_applications WHERE region_code = $1",
    )
    .bind(region.to_string())
    .fetch_one(db.pool())
    .await?
    .try_get(0)?)
}

/// A published decision (第七十九条 "行政复议机关应当…将行政复议决定书向社会公开"): a citizen
/// applicant's name masked, no contact or code.
#[derive(Debug, Clone, Serialize)]
pub struct PublishedDecision {
    pub case_no: String,
    pub applicant: String,
    pub respondent: String,
    pub act_description: String,
    pub decision: String,
    pub article: String,
    pub decided_on: String,
}

/// Decisions published on the portal, latest first.
pub async fn published(
    db: &Db,
    region: &str,
    limit: i64,
    offset: i64,
) -> Result<(Vec<PublishedDecision>, i64)> {
    let total: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM reconsideration_applications WHERE region_code = $1 AND status = 'decided'",
    )
    .bind(region.to_string())
    .fetch_one(db.pool())
    .await?
    .try_get(0)?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLS} FROM {FROM} WHERE a.region_code = $1 AND a.status = 'decided' \
         ORDER BY a.decided_on DESC, a.id DESC LIMIT $2 OFFSET $3"
    )))
    .bind(region.to_string())
    .bind(limit.clamp(1, 100))
    .bind(offset.max(0))
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::new();
    for r in &rows {
        let a = from_row(r)?;
        let Some(kind) = a.decision_kind else {
            continue;
        };
        out.push(PublishedDecision {
            case_no: a.case_no.clone(),
            applicant: if a.applicant_kind == "citizen" {
                crate::cases::disclosure::mask_person(&a.applicant_name)
            } else {
                a.applicant_name.clone()
            },
            respondent: a.respondent.clone(),
            act_description: a.act_description.clone(),
            decision: kind.label_zh().to_string(),
            article: kind.article().to_string(),
            decided_on: a.decided_on.map(|d| d.to_string()).unwrap_or_default(),
        });
    }
    Ok((out, total))
}
