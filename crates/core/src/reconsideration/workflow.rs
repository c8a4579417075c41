//! Intake and the steps of an application, each checked against 行政复议法 before anything is
//! written, each on the audit chain and the application's whole-process record.

use chrono::NaiveDate;
use rand::Rng;
use sqlx::{AnyConnection, Row};

use super::records::{self, Application, DecisionKind, Status};
use super::rules::{self, ActKind, Channel, Late, Procedure, WindowFacts};
use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal};
use crate::calendar::{CalendarError, HolidayCalendar};
use crate::db::Db;
use crate::labels::labelled_enum;
use crate::money::Money;
use crate::time::now_ms;
use crate::{Code, Error, Result};

/// An application as received (portal, counter, oral record or transfer).
#[derive(Debug, Clone)]
pub struct NewApplication {
    pub channel: Channel,
    /// 'citizen' | 'organisation'
    pub applicant_kind: String,
    pub applicant_name: String,
    pub applicant_code: String,
    pub applicant_contact: String,
    pub respondent_department_id: i64,
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
}

/// One step on an application.
#[derive(Debug, Clone)]
pub enum Step {
    /// 受理 (第三十条) in the ordinary or simplified procedure (第五十三条; `consent`: both
    /// parties agreed to it).
    Accept {
        procedure: Procedure,
        consent: bool,
    },
    /// 补正通知 (第三十一条), listing everything at once.
    RequestCorrection {
        items: String,
    },
    /// The applicant supplied the corrections: the acceptance review starts again.
    Corrected,
    /// 视为放弃 after the ten working days (第三十一条 第二款).
    Abandon,
    /// 不予受理 with the reason (第三十条).
    Reject {
        reason: String,
    },
    /// The copy to the respondent (第四十八条, 第五十四条).
    SendCopy,
    /// The respondent's written answer with its evidence (第四十八条; late: 第七十条).
    Answer {
        note: String,
    },
    /// Extension of the decision period by the head (第六十二条).
    Extend {
        days: i64,
        reason: String,
    },
    /// 中止 (第三十九条) and its end.
    Suspend {
        reason: String,
    },
    Resume,
    /// 终止 (第四十一条): withdrawal or another ground.
    Terminate {
        reason: String,
        withdrawn: bool,
    },
    /// The decision (第六十三–六十九条) or the 调解书 (第七十三条).
    Decide {
        kind: DecisionKind,
        text: String,
    },
    /// 听取意见 (第四十九条): in person, online or by phone; in writing only when the parties
    /// cannot be heard for a reason of their own.
    HearOpinions {
        way: HearingWay,
        note: String,
    },
    /// 听证 (第五十条) held on the step's date, the parties told in writing on `notified_on`
    /// (第五十一条: five working days before).
    Hearing {
        notified_on: NaiveDate,
        note: String,
    },
    /// The reconsideration committee's consultative opinion (第五十二条), recorded.
    ConsultCommittee {
        ground: String,
        opinion: String,
    },
    /// 附带审查 of a normative document (第十三条): the review is suspended (第三十九条 第一款
    /// 第（九）项) while the normative-document module handles the document within thirty days
    /// (one of the district's own) or transfers it within seven working days (第五十六条).
    IncidentalReview {
        document: String,
    },
    /// 行政复议意见书 to the respondent (第七十六条).
    OpinionLetter {
        text: String,
    },
    /// The respondent's report on the 意见书 (第七十六条: within sixty days).
    OpinionReply {
        note: String,
    },
    /// 责令限期履行 of a decision, 调解书 or 意见书 (第七十七条).
    OrderPerformance {
        due: NaiveDate,
        note: String,
    },
}

labelled_enum!(
    /// How the opinions of the parties were heard (第四十九条).
    HearingWay {
        InPerson = "in_person", "当面", "In person";
        Online = "online", "互联网", "Online";
        Phone = "phone", "电话", "By phone";
        Written = "written", "书面审理（因当事人原因不能听取意见）", "In writing (the parties could not be heard)";
    }
);

impl Step {
    pub fn name(&self) -> &'static str {
        match self {
            Step::Accept { .. } => "accept",
            Step::RequestCorrection { .. } => "request_correction",
            Step::Corrected => "corrected",
            Step::Abandon => "abandon",
            Step::Reject { .. } => "reject",
            Step::SendCopy => "send_copy",
            Step::Answer { .. } => "answer",
            Step::Extend { .. } => "extend",
            Step::Suspend { .. } => "suspend",
            Step::Resume => "resume",
            Step::Terminate { .. } => "terminate",
            Step::Decide { .. } => "decide",
            Step::HearOpinions { .. } => "hear_opinions",
            Step::Hearing { .. } => "hearing",
            Step::ConsultCommittee { .. } => "consult_committee",
            Step::IncidentalReview { .. } => "incidental_review",
            Step::OpinionLetter { .. } => "opinion_letter",
            Step::OpinionReply { .. } => "opinion_reply",
            Step::OrderPerformance { .. } => "order_performance",
        }
    }

    /// Chinese label for the record.
    pub fn label_zh(&self) -> &'static str {
        self.def().zh
    }

    /// Its entry of [`STEPS`].
    pub fn def(&self) -> &'static StepDef {
        let name = self.name();
        STEPS.iter().find(|d| d.name == name).unwrap_or(&STEPS[0])
    }

    /// Who may take it: the respondent answers; the Justice Bureau does the rest.
    pub fn permission(&self) -> Permission {
        self.def().permission
    }

    /// The statuses it is taken from.
    fn from(&self) -> &'static [Status] {
        self.def().from
    }
}

/// One kind of step: its stored name, labels, who takes it and from which statuses. The page,
/// the API and `apply` read this one table.
pub struct StepDef {
    pub name: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub permission: Permission,
    pub from: &'static [Status],
}

const fn def(
    name: &'static str,
    zh: &'static str,
    en: &'static str,
    permission: Permission,
    from: &'static [Status],
) -> StepDef {
    StepDef {
        name,
        zh,
        en,
        permission,
        from,
    }
}

use Permission::{AnswerReconsideration as ANSWER, HandleReconsideration as HANDLE};
use Status as St;

/// Where a 意见书 may be sent and answered: while the case runs and after it ends.
const OPINION_FROM: &[Status] = &[St::Accepted, St::Suspended, St::Decided, St::Terminated];

/// Every step, in the order the page offers them.
pub static STEPS: [StepDef; 19] = [
    def("accept", "受理", "Accept", HANDLE, &[St::Received]),
    def(
        "request_correction",
        "通知补正",
        "Ask for corrections",
        HANDLE,
        &[St::Received],
    ),
    def(
        "reject",
        "不予受理",
        "Do not accept",
        HANDLE,
        &[St::Received],
    ),
    def(
        "corrected",
        "补正材料收到",
        "Corrections received",
        HANDLE,
        &[St::Correction],
    ),
    def(
        "abandon",
        "视为放弃",
        "Deemed abandoned",
        HANDLE,
        &[St::Correction],
    ),
    def(
        "send_copy",
        "发送申请书副本",
        "Send the copy",
        HANDLE,
        &[St::Accepted],
    ),
    def(
        "answer",
        "被申请人答复",
        "Respondent's answer",
        ANSWER,
        &[St::Accepted],
    ),
    def(
        "extend",
        "延长审理期限",
        "Extend the period",
        HANDLE,
        &[St::Accepted],
    ),
    def("suspend", "中止审理", "Suspend", HANDLE, &[St::Accepted]),
    def("resume", "恢复审理", "Resume", HANDLE, &[St::Suspended]),
    def(
        "terminate",
        "终止",
        "Terminate",
        HANDLE,
        &[St::Accepted, St::Suspended],
    ),
    def(
        "hear_opinions",
        "听取意见",
        "Hear the parties",
        HANDLE,
        &[St::Accepted],
    ),
    def("hearing", "听证", "Hearing", HANDLE, &[St::Accepted]),
    def(
        "consult_committee",
        "提请行政复议委员会咨询",
        "Committee consultation",
        HANDLE,
        &[St::Accepted],
    ),
    def(
        "incidental_review",
        "规范性文件附带审查",
        "Incidental review of a normative document",
        HANDLE,
        &[St::Accepted],
    ),
    def(
        "decide",
        "作出行政复议决定",
        "Decide",
        HANDLE,
        &[St::Accepted],
    ),
    def(
        "opinion_letter",
        "制发行政复议意见书",
        "Send an opinion letter",
        HANDLE,
        OPINION_FROM,
    ),
    def(
        "opinion_reply",
        "报送意见书落实情况",
        "Report on the opinion letter",
        ANSWER,
        OPINION_FROM,
    ),
    def(
        "order_performance",
        "责令限期履行",
        "Order performance",
        HANDLE,
        &[St::Decided],
    ),
];

/// The steps `who` may take on the application now.
pub fn offers(a: &Application, who: &Principal) -> Vec<&'static StepDef> {
    STEPS
        .iter()
        .filter(|d| who.role.can(d.permission) && d.from.contains(&a.status))
        .filter(|d| d.name != "answer" || (a.copy_sent_on.is_some() && a.answered_on.is_none()))
        .filter(|d| d.name != "send_copy" || a.copy_sent_on.is_none())
        .filter(|d| d.name != "opinion_letter" || a.opinion_sent_on.is_none())
        .filter(|d| {
            d.name != "opinion_reply"
                || (a.opinion_sent_on.is_some() && a.opinion_replied_on.is_none())
        })
        .filter(|d| d.name != "incidental_review" || a.incidental_document.is_empty())
        .collect()
}

fn invalid(field: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Error {
    Error::of(Code::ReconsiderationInvalid)
        .for_field(field)
        .arg_zh_en("reason", zh.into(), en.into())
}

fn refused(zh: impl Into<String>, en: impl Into<String>) -> Error {
    Error::of(Code::ReconsiderationRefused).arg_zh_en("reason", zh.into(), en.into())
}

fn cal_err(e: CalendarError) -> Error {
    invalid("on", e.message_zh(), e.message_en())
}

fn text(v: &str, field: &'static str, zh: &str, en: &str) -> Result<()> {
    let t = v.trim();
    if t.is_empty() || t.chars().count() > 4000 {
        return Err(invalid(
            field,
            format!("请填写{zh}（4000 字以内）。"),
            format!("Enter the {en} (at most 4,000 characters)."),
        ));
    }
    Ok(())
}

/// A query code the applicant keeps (no ambiguous letters).
fn query_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    (0..12)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

/// Checks an application before it is stored: what it must contain (第二十二条), the respondent
/// (第十九条, 第二十四条), the dates, and the channel of 第三十二条.
async fn validate(conn: &mut AnyConnection, region: &str, n: &NewApplication) -> Result<()> {
    text(&n.applicant_name, "applicant_name", "申请人", "applicant")?;
    text(
        &n.act_description,
        "act_description",
        "被申请的行政行为",
        "act challenged",
    )?;
    text(&n.requests, "requests", "行政复议请求", "requests")?;
    if !matches!(n.applicant_kind.as_str(), "citizen" | "organisation") {
        return Err(invalid(
            "applicant_kind",
            "请选择申请人类型。",
            "Choose the kind of applicant.",
        ));
    }
    let today = crate::time::today();
    if n.received_on > today || n.knew_on > n.received_on || n.act_on > n.knew_on {
        return Err(invalid(
            "knew_on",
            "日期须满足：行为作出日 ≤ 知道之日 ≤ 收到申请之日 ≤ 今天。",
            "Dates must satisfy: act ≤ known ≤ received ≤ today.",
        ));
    }
    let row = sqlx::query(
        "SELECT kind FROM departments WHERE id = $1 AND region_code = $2 AND active = 1",
    )
    .bind(n.respondent_department_id)
    .bind(region.to_string())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| {
        invalid(
            "respondent",
            "被申请人须是本区人民政府的工作部门或其管理的组织（《行政复议法》第二十四条）。",
            "The respondent must be a body of the district government (art. 24).",
        )
    })?;
    let kind: String = row.try_get(0)?;
    if kind == "entrusted" {
        return Err(invalid(
            "respondent",
            "受委托组织作出的行政行为，委托的行政机关是被申请人（《行政复议法》第十九条）。",
            "For an act of an entrusted organisation the entrusting agency is the respondent (art. 19).",
        ));
    }
    if n.channel == Channel::Transfer
        && !matches!(n.act_kind, ActKind::SpotPenalty | ActKind::MonitoredPenalty)
    {
        return Err(invalid(
            "channel",
            "经作出处罚的机关转送的，限于当场作出或依电子技术监控设备记录作出的行政处罚（《行政复议法》第三十二条）。",
            "Forwarding through the penalising body is for on-the-spot or monitored penalties only (art. 32).",
        ));
    }
    if let Some(a) = n.amount_fen
        && a < 0
    {
        return Err(invalid(
            "amount",
            "金额不能为负。",
            "The amount cannot be negative.",
        ));
    }
    Ok(())
}

/// The same applicant already has an open or decided application against the same act.
async fn duplicate(
    conn: &mut AnyConnection,
    region: &str,
    n: &NewApplication,
) -> Result<Option<i64>> {
    let row = sqlx::query(
        "SELECT id FROM reconsideration_applications WHERE region_code = $1 AND applicant_name = $2 \
         AND respondent_department_id = $3 AND (($4 > 0 AND case_id = $4) OR act_description = $5) \
         AND status NOT IN ('rejected', 'abandoned') LIMIT 1",
    )
    .bind(region.to_string())
    .bind(n.applicant_name.trim().to_string())
    .bind(n.respondent_department_id)
    .bind(n.case_id.unwrap_or(0))
    .bind(n.act_description.trim().to_string())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match row {
        Some(r) => Some(r.try_get(0)?),
        None => None,
    })
}

/// Receives an application (第二十二条): stored with its acceptance due date (第三十条) and a
/// query code for the applicant. A duplicate is refused at once.
pub async fn receive(
    tx: &mut AuditedTx,
    region: &str,
    cal: &HolidayCalendar,
    n: &NewApplication,
    by: &str,
) -> Result<(i64, String)> {
    validate(tx.conn(), region, n).await?;
    if let Some(id) = duplicate(tx.conn(), region, n).await? {
        return Err(refused(
            format!("同一申请人已就该行政行为提出申请（编号 {id}），不能重复申请。"),
            format!("The applicant already applied against this act (application {id})."),
        ));
    }
    if let Some(case_id) = n.case_id {
        let ok: i64 = sqlx::query(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM cases WHERE id = $1 AND region_code = $2 AND department_id IN \
             (SELECT descendant_id FROM department_closure WHERE ancestor_id = $3)",
        )
        .bind(case_id)
        .bind(region.to_string())
        .bind(n.respondent_department_id)
        .fetch_one(&mut *tx.conn())
        .await?
        .try_get(0)?;
        if ok == 0 {
            return Err(invalid(
                "case_id",
                "关联的处罚案件不是被申请人办理的。",
                "The linked penalty case was not handled by the respondent.",
            ));
        }
    }
    let due = rules::acceptance_due(cal, n.received_on).map_err(cal_err)?;
    let code = query_code();
    let now = now_ms();
    let id: i64 = sqlx::query(
        "INSERT INTO reconsideration_applications (region_code, query_code, channel, applicant_kind, applicant_name, \
         applicant_code, applicant_contact, respondent_department_id, act_kind, act_description, case_id, act_on, knew_on, \
         rights_told, rights_known_on, real_estate, amount_fen, warning_only, requests, reasons, third_parties, received_on, \
         acceptance_due, status, created_by, created_at, updated_at) \
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,'received',$24,$25,$25) RETURNING id",
    )
    .bind(region.to_string())
    .bind(code.clone())
    .bind(n.channel.as_str())
    .bind(n.applicant_kind.clone())
    .bind(n.applicant_name.trim().to_string())
    .bind(n.applicant_code.trim().to_string())
    .bind(n.applicant_contact.trim().to_string())
    .bind(n.respondent_department_id)
    .bind(n.act_kind.as_str())
    .bind(n.act_description.trim().to_string())
    .bind(n.case_id)
    .bind(n.act_on.to_string())
    .bind(n.knew_on.to_string())
    .bind(i64::from(n.rights_told))
    .bind(n.rights_known_on.map(|d| d.to_string()))
    .bind(i64::from(n.real_estate))
    .bind(n.amount_fen)
    .bind(i64::from(n.warning_only))
    .bind(n.requests.trim().to_string())
    .bind(n.reasons.trim().to_string())
    .bind(n.third_parties.trim().to_string())
    .bind(n.received_on.to_string())
    .bind(due.to_string())
    .bind(by.to_string())
    .bind(now)
    .fetch_one(&mut *tx.conn())
    .await?
    .try_get(0)?;
    record(
        tx.conn(),
        region,
        id,
        "receive",
        n.received_on,
        by,
        n.channel.label_zh(),
    )
    .await?;
    let after = serde_json::json!({
        "channel": n.channel.as_str(),
        "respondent": n.respondent_department_id,
        "act_kind": n.act_kind.as_str(),
        "received_on": n.received_on.to_string(),
    });
    tx.record(Event {
        action: "reconsideration.receive",
        object_type: "reconsideration",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("收到行政复议申请 {id}（{}）", n.channel.label_zh()),
    })
    .await?;
    Ok((id, code))
}

/// Receives an application from a signed-in user of the Justice Bureau (counter, oral record,
/// transfer) in its own transaction.
pub async fn receive_as(
    db: &Db,
    who: &Principal,
    cal: &HolidayCalendar,
    n: &NewApplication,
) -> Result<(i64, String)> {
    who.require(Permission::HandleReconsideration)?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let out = receive(&mut tx, &who.region, cal, n, &who.actor().name).await?;
    tx.commit().await?;
    Ok(out)
}

async fn record(
    conn: &mut AnyConnection,
    region: &str,
    id: i64,
    action: &str,
    on: NaiveDate,
    actor: &str,
    note: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO reconsideration_steps (region_code, application_id, action, on_date, actor, note, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)",
    )
    .bind(region.to_string())
    .bind(id)
    .bind(action.to_string())
    .bind(on.to_string())
    .bind(actor.to_string())
    .bind(note.to_string())
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A first-instance lawsuit already pending on the same penalty case (第二十九条: 已经依法提起
/// 行政诉讼 … 不得再申请行政复议).
async fn litigation_pending(conn: &mut AnyConnection, a: &Application) -> Result<bool> {
    let Some(case_id) = a.case_id else {
        return Ok(false);
    };
    let n: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM litigation_cases WHERE case_id = $1 AND reconsideration_id IS NULL AND served_on <= $2",
    )
    .bind(case_id)
    .bind(a.received_on.to_string())
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;
    Ok(n > 0)
}

/// The gates of acceptance (第二十条, 第二十一条, 第二十九条, 第五十三条).
async fn check_accept(
    conn: &mut AnyConnection,
    cal: &HolidayCalendar,
    a: &Application,
    procedure: Procedure,
    consent: bool,
) -> Result<()> {
    let facts = WindowFacts {
        act_on: a.act_on,
        knew_on: a.knew_on,
        rights_told: a.rights_told,
        rights_known_on: a.rights_known_on,
        real_estate: a.real_estate,
    };
    if let Some(late) = rules::window(cal, &facts, a.received_on).map_err(cal_err)? {
        let (zh, en) = match late {
            Late::Window(d) => (
                format!(
                    "申请期限已于 {d} 届满（《行政复议法》第二十条：知道之日起六十日），应当不予受理。"
                ),
                format!(
                    "The time to apply ended on {d} (art. 20: sixty days); the application cannot be accepted."
                ),
            ),
            Late::OneYear(d) => (
                format!(
                    "未告知申请权利的，自知道行政行为之日起最长一年，已于 {d} 届满（第二十条第三款）。"
                ),
                format!(
                    "Without notice of the right, one year from knowing the act at most: ended on {d} (art. 20(3))."
                ),
            ),
            Late::Absolute(d) => (
                format!("自行政行为作出之日起已超过法定最长期限（{d}，第二十一条）。"),
                format!("More than the absolute limit since the act ({d}, art. 21)."),
            ),
        };
        return Err(refused(zh, en));
    }
    if litigation_pending(conn, a).await? {
        return Err(refused(
            "申请人已就同一行政行为提起行政诉讼，人民法院已经受理的，不得再申请行政复议（《行政复议法》第二十九条）。",
            "A lawsuit on the same act is already before the court; reconsideration is no longer possible (art. 29).",
        ));
    }
    if procedure == Procedure::Simplified
        && !rules::simplified_allowed(
            a.act_kind,
            a.warning_only,
            a.amount_fen.map(Money::from_fen),
            consent,
        )
    {
        return Err(refused(
            "本案不属于可适用简易程序的情形（当场作出、警告或通报批评、款额三千元以下、政府信息公开，或当事人同意，《行政复议法》第五十三条）。",
            "The simplified procedure does not apply (art. 53: on the spot, warning, 3,000 yuan or less, information, or consent).",
        ));
    }
    Ok(())
}

/// Takes a step on an application of `who`'s scope, in its own transaction.
pub async fn act(
    db: &Db,
    who: &Principal,
    cal: &HolidayCalendar,
    id: i64,
    on: NaiveDate,
    step: Step,
) -> Result<Application> {
    who.require(step.permission())?;
    let a = records::get(db, who, id).await?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    apply(&mut tx, &who.region, &who.actor().name, cal, &a, on, &step).await?;
    let after = records::load_in(tx.conn(), &who.region, id).await?;
    tx.commit().await?;
    Ok(after)
}

/// The body of [`act`] inside the caller's transaction (the demo reuses it).
pub async fn apply(
    tx: &mut AuditedTx,
    region: &str,
    actor: &str,
    cal: &HolidayCalendar,
    a: &Application,
    on: NaiveDate,
    step: &Step,
) -> Result<()> {
    if !step.from().contains(&a.status) {
        return Err(refused(
            format!(
                "申请当前为“{}”，不能办理“{}”。",
                a.status.label_zh(),
                step.label_zh()
            ),
            format!(
                "The application is {}: “{}” is not possible now.",
                a.status.label_en(),
                step.name()
            ),
        ));
    }
    if on > crate::time::today() || on < a.received_on {
        return Err(invalid(
            "on",
            "办理日期须在收到申请之后、不晚于今天。",
            "The date must fall between receipt and today.",
        ));
    }
    // The incidental review goes to the normative-document module first, in this transaction:
    // it knows whether the document is the district's own (handled) or not (transferred).
    let incidental = match step {
        Step::IncidentalReview { document } => Some(
            crate::normative::incidental::request(tx, region, cal, document, a.id, on, actor)
                .await?,
        ),
        _ => None,
    };
    let conn = tx.conn();
    let mut note = String::new();
    let mut set: Vec<(&str, Option<String>)> = Vec::new();
    let mut set_int: Vec<(&str, i64)> = Vec::new();
    let d = |x: NaiveDate| Some(x.to_string());
    match step {
        Step::Accept { procedure, consent } => {
            check_accept(conn, cal, a, *procedure, *consent).await?;
            let year = chrono::Datelike::year(&on);
            let seq = crate::cases::numbers::next_in(conn, region, "政复", year).await?;
            let no = format!("津滨政复〔{year}〕{seq}号");
            let due = rules::decision_due(cal, *procedure, on, 0, 0).map_err(cal_err)?;
            set.push(("case_no", Some(no.clone())));
            set.push(("status", Some("accepted".into())));
            set.push(("procedure", Some(procedure.as_str().into())));
            set.push(("accepted_on", d(on)));
            set.push(("decision_due", d(due)));
            note = format!("{no}，{}，审理期限至 {due}", procedure.label_zh());
            if on > a.acceptance_due {
                // 第三十条 第二款: deemed accepted on the due day anyway; the delay is on record.
                note.push_str(&format!("（审查逾期：应于 {} 前）", a.acceptance_due));
            }
        }
        Step::RequestCorrection { items } => {
            text(items, "note", "需要补正的事项", "items to correct")?;
            let by = rules::correction_notice_due(cal, a.received_on).map_err(cal_err)?;
            if on > by {
                return Err(refused(
                    format!(
                        "补正通知应当自收到申请之日起五个工作日内发出（至 {by}，第三十一条），已逾期。"
                    ),
                    format!(
                        "A correction notice is due within five working days of receipt (by {by}, art. 31)."
                    ),
                ));
            }
            let due = rules::correction_due(cal, on).map_err(cal_err)?;
            set.push(("status", Some("correction".into())));
            set.push(("correction_notified_on", d(on)));
            set.push(("correction_due", d(due)));
            note = format!("{}（补正期限至 {due}）", items.trim());
        }
        Step::Corrected => {
            // 第三十一条 第三款: the review of 第三十条 runs again from the corrections.
            let due = rules::acceptance_due(cal, on).map_err(cal_err)?;
            set.push(("status", Some("received".into())));
            set.push(("corrected_on", d(on)));
            set.push(("acceptance_due", d(due)));
            note = format!("重新审查至 {due}");
        }
        Step::Abandon => {
            let due = a.correction_due.unwrap_or(a.received_on);
            if on <= due {
                return Err(refused(
                    format!("补正期限至 {due}，期满前不能视为放弃（第三十一条第二款）。"),
                    format!(
                        "The corrections are due by {due}; not abandoned before then (art. 31(2))."
                    ),
                ));
            }
            set.push(("status", Some("abandoned".into())));
        }
        Step::Reject { reason } => {
            text(reason, "note", "不予受理的理由", "reason")?;
            set.push(("status", Some("rejected".into())));
            set.push(("rejected_reason", Some(reason.trim().to_string())));
            note = reason.trim().to_string();
        }
        Step::SendCopy => {
            let accepted = a.accepted_on.unwrap_or(a.received_on);
            let due = rules::copy_due(cal, a.procedure, accepted).map_err(cal_err)?;
            let answer = rules::answer_due(cal, a.procedure, on).map_err(cal_err)?;
            set.push(("copy_sent_on", d(on)));
            set.push(("answer_due", d(answer)));
            note = format!("答复期限至 {answer}");
            if on > due {
                note.push_str(&format!("（发送逾期：应于 {due} 前，第四十八条）"));
            }
        }
        Step::Answer { note: n } => {
            text(n, "note", "答复要点", "answer")?;
            let Some(due) = a.answer_due else {
                return Err(refused(
                    "尚未发送申请书副本，无从答复。",
                    "The copy was not sent yet.",
                ));
            };
            set.push(("answered_on", d(on)));
            note = n.trim().to_string();
            if on > due {
                note.push_str(&format!(
                    "（逾期答复：应于 {due} 前；视为没有证据、依据，第七十条）"
                ));
            }
        }
        Step::Extend { days, reason } => {
            text(reason, "note", "延长理由", "reason")?;
            if !rules::extension_allowed(a.procedure, a.extension_days, *days) {
                return Err(refused(
                    "普通程序经负责人批准可延长，累计不超过三十日；简易程序不能延长（第六十二条）。",
                    "Only the ordinary procedure may be extended, by thirty days in all (art. 62).",
                ));
            }
            let total = a.extension_days + days;
            let accepted = a.accepted_on.unwrap_or(a.received_on);
            let due = rules::decision_due(cal, a.procedure, accepted, total, a.suspended_days)
                .map_err(cal_err)?;
            set_int.push(("extension_days", total));
            set.push(("decision_due", d(due)));
            note = format!("延长{days}日至 {due}：{}", reason.trim());
        }
        Step::Suspend { reason } => {
            text(reason, "note", "中止理由", "reason")?;
            set.push(("status", Some("suspended".into())));
            set.push(("suspended_on", d(on)));
            note = reason.trim().to_string();
        }
        Step::Resume => {
            let from = a.suspended_on.unwrap_or(on);
            let days = a.suspended_days + (on - from).num_days().max(0);
            let accepted = a.accepted_on.unwrap_or(a.received_on);
            let due = rules::decision_due(cal, a.procedure, accepted, a.extension_days, days)
                .map_err(cal_err)?;
            set.push(("status", Some("accepted".into())));
            set.push(("suspended_on", None));
            set_int.push(("suspended_days", days));
            set.push(("decision_due", d(due)));
            note = format!("中止 {days} 日不计入，审理期限至 {due}");
        }
        Step::Terminate { reason, withdrawn } => {
            text(reason, "note", "终止理由", "reason")?;
            set.push(("status", Some("terminated".into())));
            set.push(("decided_on", d(on)));
            set.push((
                "decision_text",
                Some(
                    if *withdrawn {
                        "撤回申请"
                    } else {
                        "其他终止情形"
                    }
                    .into(),
                ),
            ));
            note = reason.trim().to_string();
        }
        Step::Decide { kind, text: t } => {
            text(t, "note", "决定理由", "reasons")?;
            if a.procedure == Procedure::Ordinary
                && a.opinions_heard_on.is_none()
                && a.hearing_on.is_none()
            {
                return Err(refused(
                    "适用普通程序审理的，应当听取当事人的意见并记录在案，方可作出决定（《行政复议法》第四十九条）。",
                    "In the ordinary procedure the parties must be heard, and that recorded, before the decision (art. 49).",
                ));
            }
            set.push(("status", Some("decided".into())));
            set.push(("decided_on", d(on)));
            set.push(("decision_kind", Some(kind.as_str().into())));
            set.push(("decision_text", Some(t.trim().to_string())));
            note = format!("{}（《行政复议法》{}）", kind.label_zh(), kind.article());
            if let Some(due) = a.decision_due
                && on > due
            {
                note.push_str(&format!("（超过审理期限 {due}）"));
            }
            effect_on_case(conn, region, actor, a, on, *kind).await?;
        }
        Step::HearOpinions { way, note: n } => {
            if *way == HearingWay::Written {
                text(n, "note", "不能听取意见的当事人原因", "the parties' reason")?;
            }
            set.push(("opinions_heard_on", d(on)));
            note = format!("{}：{}", way.label_zh(), n.trim());
        }
        Step::Hearing {
            notified_on,
            note: n,
        } => {
            text(n, "note", "听证事项", "matters heard")?;
            let earliest = rules::earliest_hearing(cal, *notified_on).map_err(cal_err)?;
            if *notified_on < a.received_on || on < earliest {
                return Err(refused(
                    format!(
                        "应当于举行听证的五日前书面通知当事人（《行政复议法》第五十一条，第八十八条：工作日）：{notified_on} 通知的，最早 {earliest} 举行。"
                    ),
                    format!(
                        "The parties are told in writing five working days before a hearing (arts. 51, 88): notified on {notified_on}, held on {earliest} at the earliest."
                    ),
                ));
            }
            set.push(("hearing_on", d(on)));
            set.push(("opinions_heard_on", d(on)));
            note = format!("{notified_on} 书面通知；{}", n.trim());
        }
        Step::ConsultCommittee { ground, opinion } => {
            text(ground, "ground", "提请咨询的情形", "ground")?;
            text(opinion, "note", "咨询意见", "the committee's opinion")?;
            set.push(("committee_on", d(on)));
            note = format!("{}；咨询意见：{}", ground.trim(), opinion.trim());
        }
        Step::IncidentalReview { document } => {
            let Some(r) = &incidental else {
                return Err(Error::Internal("incidental review not recorded".into()));
            };
            let due = r.due_on;
            let title = document.trim().trim_matches(['《', '》']);
            set.push(("incidental_document", Some(document.trim().to_string())));
            set.push(("incidental_due", d(due)));
            set.push(("status", Some("suspended".into())));
            set.push(("suspended_on", d(on)));
            note = if r.route == "handle" {
                format!(
                    "《{title}》：本区文件，应于 {due} 前处理（第五十六条）；审理中止（第三十九条第一款第（九）项）"
                )
            } else {
                format!(
                    "《{title}》：无权处理，应于 {due} 前转送有权处理的机关（第五十六条）；审理中止（第三十九条第一款第（九）项）"
                )
            };
        }
        Step::OpinionLetter { text: t } => {
            text(t, "note", "意见书内容", "the opinion")?;
            let due = rules::opinion_reply_due(cal, on).map_err(cal_err)?;
            set.push(("opinion_sent_on", d(on)));
            set.push(("opinion_reply_due", d(due)));
            note = format!("{}（落实情况应于 {due} 前报送，第七十六条）", t.trim());
        }
        Step::OpinionReply { note: n } => {
            text(n, "note", "纠正情况", "what was corrected")?;
            let (Some(sent), Some(due)) = (a.opinion_sent_on, a.opinion_reply_due) else {
                return Err(refused("尚未制发意见书。", "No opinion letter was sent."));
            };
            if on < sent {
                return Err(invalid(
                    "on",
                    "报送日期不能早于意见书制发日期。",
                    "The report cannot predate the letter.",
                ));
            }
            set.push(("opinion_replied_on", d(on)));
            note = n.trim().to_string();
            if on > due {
                note.push_str(&format!("（逾期报送：应于 {due} 前，第七十六条）"));
            }
        }
        Step::OrderPerformance { due, note: n } => {
            text(n, "note", "应履行的事项", "what must be done")?;
            if *due <= on {
                return Err(invalid(
                    "due",
                    "履行期限须晚于责令之日（《行政复议法》第七十七条：责令限期履行）。",
                    "The time to perform must end after the order (art. 77).",
                ));
            }
            set.push(("performance_due", d(*due)));
            note = format!("{}（限 {due} 前履行，第七十七条）", n.trim());
        }
    }
    for (col, val) in &set {
        // Column names come from the match above, never from input.
        let sql = format!(
            "UPDATE reconsideration_applications SET {col} = $1, updated_at = $2 WHERE id = $3"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(val.clone())
            .bind(now_ms())
            .bind(a.id)
            .execute(&mut *conn)
            .await?;
    }
    for (col, val) in &set_int {
        let sql = format!("UPDATE reconsideration_applications SET {col} = $1 WHERE id = $2");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(*val)
            .bind(a.id)
            .execute(&mut *conn)
            .await?;
    }
    record(conn, region, a.id, step.name(), on, actor, &note).await?;
    let after = serde_json::json!({"step": step.name(), "on": on.to_string(), "note": note});
    tx.record(Event {
        action: "reconsideration.step",
        object_type: "reconsideration",
        object_id: a.id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("行政复议 {}：{}", a.id, step.label_zh()),
    })
    .await?;
    Ok(())
}

/// A decision on one of our penalty cases is written into the case's whole-process record, and
/// the reconsideration time is recorded as a period the surcharge does not run in (行政处罚法
/// 第七十三条 第三款).
async fn effect_on_case(
    conn: &mut AnyConnection,
    region: &str,
    actor: &str,
    a: &Application,
    on: NaiveDate,
    kind: DecisionKind,
) -> Result<()> {
    let Some(case_id) = a.case_id else {
        return Ok(());
    };
    let stage: String = sqlx::query("SELECT stage FROM cases WHERE id = $1")
        .bind(case_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    sqlx::query(
        "INSERT INTO case_steps (region_code, case_id, at, on_date, actor, action, from_stage, to_stage, officers, note, digests) \
         VALUES ($1, $2, $3, $4, $5, 'reconsideration', $6, $6, '[]', $7, '[]')",
    )
    .bind(region.to_string())
    .bind(case_id)
    .bind(now_ms())
    .bind(on.to_string())
    .bind(actor.to_string())
    .bind(stage)
    .bind(format!(
        "行政复议 {}：{}（《行政复议法》{}）",
        a.case_no,
        kind.label_zh(),
        kind.article()
    ))
    .execute(&mut *conn)
    .await?;
    let served: Option<String> = sqlx::query("SELECT served_on FROM cases WHERE id = $1")
        .bind(case_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    if served.is_some() {
        let p = crate::cases::payment::PaymentPeriod {
            kind: crate::cases::payment::PeriodKind::Reconsideration,
            from: a.received_on,
            to: on,
            note: format!("行政复议 {}", a.case_no),
        };
        crate::cases::payment::insert_period(conn, region, case_id, &p, actor).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every step has its entry in the table (`def` would fall back to the first otherwise).
    #[test]
    fn every_step_is_in_the_table() {
        let steps = [
            Step::Accept {
                procedure: Procedure::Ordinary,
                consent: false,
            },
            Step::RequestCorrection {
                items: String::new(),
            },
            Step::Corrected,
            Step::Abandon,
            Step::Reject {
                reason: String::new(),
            },
            Step::SendCopy,
            Step::Answer {
                note: String::new(),
            },
            Step::Extend {
                days: 1,
                reason: String::new(),
            },
            Step::Suspend {
                reason: String::new(),
            },
            Step::Resume,
            Step::Terminate {
                reason: String::new(),
                withdrawn: true,
            },
            Step::Decide {
                kind: DecisionKind::Upheld,
                text: String::new(),
            },
            Step::HearOpinions {
                way: HearingWay::Phone,
                note: String::new(),
            },
            Step::Hearing {
                notified_on: chrono::NaiveDate::MIN,
                note: String::new(),
            },
            Step::ConsultCommittee {
                ground: String::new(),
                opinion: String::new(),
            },
            Step::IncidentalReview {
                document: String::new(),
            },
            Step::OpinionLetter {
                text: String::new(),
            },
            Step::OpinionReply {
                note: String::new(),
            },
            Step::OrderPerformance {
                due: chrono::NaiveDate::MIN,
                note: String::new(),
            },
        ];
        assert_eq!(steps.len(), STEPS.len());
        for s in &steps {
            assert_eq!(s.def().name, s.name());
        }
        assert_eq!(
            Step::Answer {
                note: String::new()
            }
            .permission(),
            Permission::AnswerReconsideration
        );
    }
}
