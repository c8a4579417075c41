//! Intake and the steps of a dispute, each checked against 人民调解法 before anything is
//! written, each on the audit chain and the dispute's record (第二十七条: 调解工作档案).

use chrono::NaiveDate;
use sqlx::{AnyConnection, Row};

use super::disputes::{self, ConfirmResult, Dispute, Status};
use super::orgs::{self, invalid};
use super::rules::{self, AgreementForm, Channel, DisputeKind, Level};
use super::scope::{self, Scope};
use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal};
use crate::calendar::HolidayCalendar;
use crate::db::Db;
use crate::time::{now_ms, today};
use crate::{Code, Error, Result};

/// A dispute as taken in.
#[derive(Debug, Clone)]
pub struct NewDispute {
    pub organisation_id: i64,
    pub channel: Channel,
    /// The 12345 work order of a hotline transfer (optional).
    pub work_order_id: Option<i64>,
    /// The court's, police's or petition office's number of a referral (optional).
    pub referral_no: String,
    pub kind: DisputeKind,
    pub applicant: String,
    pub respondent: String,
    pub summary: String,
    pub amount_fen: i64,
    pub received_on: NaiveDate,
}

/// One step on a dispute.
#[derive(Debug, Clone)]
pub enum Step {
    /// A mediation session, recorded (第二十二条, 第二十七条).
    Session { note: String },
    /// The organisation cannot settle it: up to the committee above (村居 → 街镇 → 区).
    Escalate { reason: String },
    /// The 司法所 or the Justice Bureau gives it to another organisation of its scope.
    Assign { organisation_id: i64 },
    /// 调解协议 (第二十八条): written (第二十九条) or oral (第三十条), with its content.
    Agree { form: AgreementForm, text: String },
    /// 调解不成 (第二十六条): mediation ends and the parties are told the other channels.
    Fail { channels: Vec<String>, note: String },
    /// 回访: the committee checks the agreement is performed (第三十一条 第二款).
    FollowUp { note: String },
    /// 司法确认 applied for jointly within thirty days (第三十三条, 民事诉讼法 第二百零五条).
    ApplyConfirmation { court: String, joint: bool },
    /// The court's ruling (民事诉讼法 第二百零六条).
    ConfirmationResult { valid: bool },
}

/// One kind of step: its name, labels, permission and the statuses it is taken from. The page
/// and `apply` read this one table.
pub struct StepDef {
    pub name: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub permission: Permission,
    pub from: &'static [Status],
}

use Permission::{AssignMediation as ASSIGN, HandleMediation as HANDLE};
use Status as St;

/// Every step, in the order the page offers them.
pub static STEPS: [StepDef; 8] = [
    StepDef {
        name: "session",
        zh: "记录调解",
        en: "Record a session",
        permission: HANDLE,
        from: &[St::Open],
    },
    StepDef {
        name: "agree",
        zh: "达成调解协议",
        en: "Agreement reached",
        permission: HANDLE,
        from: &[St::Open],
    },
    StepDef {
        name: "escalate",
        zh: "提级调解",
        en: "Escalate",
        permission: HANDLE,
        from: &[St::Open],
    },
    StepDef {
        name: "assign",
        zh: "指派调解组织",
        en: "Assign",
        permission: ASSIGN,
        from: &[St::Open],
    },
    StepDef {
        name: "fail",
        zh: "调解终止（调解不成）",
        en: "End: mediation failed",
        permission: HANDLE,
        from: &[St::Open],
    },
    StepDef {
        name: "follow_up",
        zh: "回访",
        en: "Follow-up visit",
        permission: HANDLE,
        from: &[St::Agreed],
    },
    StepDef {
        name: "apply_confirmation",
        zh: "申请司法确认",
        en: "Apply for judicial confirmation",
        permission: HANDLE,
        from: &[St::Agreed],
    },
    StepDef {
        name: "confirmation_result",
        zh: "记录司法确认结果",
        en: "Record the court's ruling",
        permission: HANDLE,
        from: &[St::Agreed],
    },
];

impl Step {
    pub fn name(&self) -> &'static str {
        match self {
            Step::Session { .. } => "session",
            Step::Escalate { .. } => "escalate",
            Step::Assign { .. } => "assign",
            Step::Agree { .. } => "agree",
            Step::Fail { .. } => "fail",
            Step::FollowUp { .. } => "follow_up",
            Step::ApplyConfirmation { .. } => "apply_confirmation",
            Step::ConfirmationResult { .. } => "confirmation_result",
        }
    }

    /// Its entry of [`STEPS`].
    pub fn def(&self) -> &'static StepDef {
        let name = self.name();
        STEPS.iter().find(|d| d.name == name).unwrap_or(&STEPS[0])
    }
}

/// The steps `who` may take on the dispute now.
pub fn offers(d: &Dispute, who: &Principal) -> Vec<&'static StepDef> {
    STEPS
        .iter()
        .filter(|s| who.role.can(s.permission) && s.from.contains(&d.status))
        .filter(|s| s.name != "escalate" || d.level != Level::District)
        .filter(|s| s.name != "apply_confirmation" || d.confirm_applied_on.is_none())
        .filter(|s| {
            s.name != "confirmation_result" || d.confirm_result == Some(ConfirmResult::Pending)
        })
        .collect()
}

fn refused(zh: impl Into<String>, en: impl Into<String>) -> Error {
    Error::of(Code::MediationRefused).arg_zh_en("reason", zh.into(), en.into())
}

fn text(v: &str, field: &'static str, max: usize, zh: &str, en: &str) -> Result<()> {
    let n = v.trim().chars().count();
    if n == 0 || n > max {
        return Err(invalid(
            field,
            format!("{zh}（最多 {max} 字）。"),
            format!("{en} ({max} characters at most)."),
        ));
    }
    Ok(())
}

/// Checks a dispute before anything is written.
pub fn validate(n: &NewDispute, today: NaiveDate) -> Result<()> {
    text(
        &n.applicant,
        "applicant",
        100,
        "请填写申请人（当事人一方）",
        "Enter the applicant",
    )?;
    text(
        &n.respondent,
        "respondent",
        100,
        "请填写对方当事人",
        "Enter the other party",
    )?;
    text(
        &n.summary,
        "summary",
        4000,
        "请填写纠纷简要情况",
        "Describe the dispute",
    )?;
    if !(0..=1_000_000_000_000).contains(&n.amount_fen) {
        return Err(invalid(
            "amount",
            "涉及金额应为 0 至 100 亿元之间的数。",
            "The amount is between 0 and 10 billion yuan.",
        ));
    }
    if n.received_on > today {
        return Err(invalid(
            "received_on",
            "受理日期不能晚于今天。",
            "The date received cannot be in the future.",
        ));
    }
    if n.referral_no.chars().count() > 100 {
        return Err(invalid(
            "referral_no",
            "移交文号最多 100 字。",
            "The referral number has 100 characters at most.",
        ));
    }
    if n.work_order_id.is_some() && n.channel != Channel::Hotline {
        return Err(invalid(
            "work_order_id",
            "只有 12345 热线转办的纠纷才关联工单。",
            "Only a hotline transfer carries a work order.",
        ));
    }
    Ok(())
}

/// The values of one dispute row, in column order (shared by one intake and the demo's batches).
pub(crate) const INSERT_COLS: &str = "region_code, case_no, organisation_id, subdistrict, channel, work_order_id, referral_no, kind, applicant, respondent, summary, amount_fen, received_on, status, created_at";

/// Takes in a dispute for an organisation in `who`'s scope (第十七条: on application or on the
/// committee's initiative; 第十八条: referred by the court or the police).
pub async fn take_in(db: &Db, who: &Principal, n: &NewDispute) -> Result<i64> {
    who.require(Permission::HandleMediation)?;
    validate(n, today())?;
    let s = scope::of(db, who).await?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let o = orgs::load(tx.conn(), &who.region, n.organisation_id)
        .await
        .map_err(|_| {
            invalid(
                "organisation_id",
                "请选择调解组织。",
                "Choose the organisation.",
            )
        })?;
    if !orgs::covers(&s, &o) {
        return Err(invalid(
            "organisation_id",
            "只能为本人所属范围内的调解组织登记纠纷。",
            "You can only take in disputes for organisations in your scope.",
        ));
    }
    if let Some(w) = n.work_order_id {
        let found = sqlx::query("SELECT 1 FROM work_orders WHERE id = $1 AND region_code = $2")
            .bind(w)
            .bind(who.region.clone())
            .fetch_optional(&mut *tx.conn())
            .await?;
        if found.is_none() {
            return Err(invalid(
                "work_order_id",
                "没有这个 12345 工单。",
                "No such work order.",
            ));
        }
    }
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO mediation_disputes ({INSERT_COLS}) VALUES ($1,'',$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,'open',$13) RETURNING id"
    )))
    .bind(who.region.clone())
    .bind(o.id)
    .bind(o.subdistrict.clone())
    .bind(n.channel.as_str())
    .bind(n.work_order_id)
    .bind(n.referral_no.trim().to_string())
    .bind(n.kind.as_str())
    .bind(n.applicant.trim().to_string())
    .bind(n.respondent.trim().to_string())
    .bind(n.summary.trim().to_string())
    .bind(n.amount_fen)
    .bind(n.received_on.to_string())
    .bind(now_ms())
    .fetch_one(&mut *tx.conn())
    .await?;
    let id: i64 = row.try_get(0)?;
    let case_no = case_no(n.received_on, id);
    sqlx::query("UPDATE mediation_disputes SET case_no = $1 WHERE id = $2")
        .bind(case_no.clone())
        .bind(id)
        .execute(&mut *tx.conn())
        .await?;
    record(
        tx.conn(),
        &who.region,
        id,
        n.received_on,
        "受理",
        &who.display_name,
        n.channel.label_zh(),
    )
    .await?;
    let after = serde_json::json!({"case_no": case_no, "organisation_id": o.id, "kind": n.kind.as_str(), "amount_fen": n.amount_fen});
    tx.record(Event {
        action: "mediation.take_in",
        object_type: "mediation_dispute",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("{} 受理纠纷 {case_no}", o.name),
    })
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The dispute's number: 滨调〔year〕id号.
pub fn case_no(received: NaiveDate, id: i64) -> String {
    format!("滨调〔{}〕{id}号", chrono::Datelike::year(&received))
}

pub(crate) async fn record(
    conn: &mut AnyConnection,
    region: &str,
    id: i64,
    on: NaiveDate,
    action: &str,
    actor: &str,
    note: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO mediation_sessions (region_code, dispute_id, on_date, action, actor, note) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(region.to_string())
    .bind(id)
    .bind(on.to_string())
    .bind(action.to_string())
    .bind(actor.to_string())
    .bind(note.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Takes a step for `who` on `on`: permission, scope, status and the step's own rule are
/// checked before anything is written.
pub async fn act(
    db: &Db,
    who: &Principal,
    cal: &HolidayCalendar,
    id: i64,
    on: NaiveDate,
    step: &Step,
) -> Result<Dispute> {
    let def = step.def();
    who.require(def.permission)?;
    let s = scope::of(db, who).await?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let d = disputes::load_in(tx.conn(), &who.region, id).await?;
    if !disputes::visible(&s, &d) {
        return Err(Error::not_found("mediation dispute"));
    }
    if !def.from.contains(&d.status) {
        return Err(refused(
            format!("纠纷当前状态为“{}”，不能{}。", d.status.label_zh(), def.zh),
            format!(
                "The dispute is “{}”; “{}” is not possible now.",
                d.status.label_en(),
                def.en
            ),
        ));
    }
    if on < d.received_on || on > today() {
        return Err(invalid(
            "on",
            "日期应在受理之日和今天之间。",
            "The date lies between the day received and today.",
        ));
    }
    apply(&mut tx, &s, cal, &d, on, step, &who.display_name).await?;
    let after = disputes::load_in(tx.conn(), &who.region, id).await?;
    tx.commit().await?;
    Ok(after)
}

async fn apply(
    tx: &mut AuditedTx,
    s: &Scope,
    cal: &HolidayCalendar,
    d: &Dispute,
    on: NaiveDate,
    step: &Step,
    actor: &str,
) -> Result<()> {
    let region = tx.actor().region.clone();
    let on_s = on.to_string();
    let note: String;
    match step {
        Step::Session { note: n } => {
            text(n, "note", 4000, "请填写调解情况", "Describe the session")?;
            note = n.trim().to_string();
        }
        Step::Escalate { reason } => {
            text(
                reason,
                "reason",
                1000,
                "请填写提级的理由",
                "Give the reason to escalate",
            )?;
            let o = orgs::load(tx.conn(), &region, d.organisation_id).await?;
            let Some(parent) = o.parent_id else {
                return Err(refused(
                    "区级人民调解委员会已是最高一级，调解不成的应终止调解并告知其他途径（《人民调解法》第二十六条）。",
                    "The district committee is the top level; if it fails, end mediation and tell the other channels (art. 26).",
                ));
            };
            let p = orgs::load(tx.conn(), &region, parent).await?;
            sqlx::query(
                "UPDATE mediation_disputes SET organisation_id = $1, escalations = escalations + 1 WHERE id = $2",
            )
            .bind(p.id)
            .bind(d.id)
            .execute(&mut *tx.conn())
            .await?;
            note = format!("{} → {}：{}", o.name, p.name, reason.trim());
        }
        Step::Assign { organisation_id } => {
            let o = orgs::load(tx.conn(), &region, *organisation_id)
                .await
                .map_err(|_| {
                    invalid(
                        "organisation_id",
                        "请选择调解组织。",
                        "Choose the organisation.",
                    )
                })?;
            if !orgs::covers(s, &o) {
                return Err(invalid(
                    "organisation_id",
                    "只能指派给本辖区的调解组织。",
                    "Assign only to organisations in your scope.",
                ));
            }
            if o.id == d.organisation_id {
                return Err(invalid(
                    "organisation_id",
                    "纠纷已在该调解组织。",
                    "The dispute is already with that organisation.",
                ));
            }
            sqlx::query("UPDATE mediation_disputes SET organisation_id = $1 WHERE id = $2")
                .bind(o.id)
                .bind(d.id)
                .execute(&mut *tx.conn())
                .await?;
            note = format!("指派给 {}", o.name);
        }
        Step::Agree { form, text: t } => {
            // 第二十八条: an oral agreement's content is recorded by the mediator, a written
            // one carries it (第二十九条); either way the content is kept.
            text(
                t,
                "text",
                8000,
                "请填写调解协议内容（第二十八条、第二十九条）",
                "Enter the agreement's content (arts. 28, 29)",
            )?;
            let eff = rules::effective_on(*form, on);
            sqlx::query(
                "UPDATE mediation_disputes SET status = 'agreed', agreement_form = $1, agreement_text = $2, closed_on = $3, effective_on = $4 WHERE id = $5",
            )
            .bind(form.as_str())
            .bind(t.trim().to_string())
            .bind(on_s.clone())
            .bind(eff.to_string())
            .bind(d.id)
            .execute(&mut *tx.conn())
            .await?;
            note = form.label_zh().to_string();
        }
        Step::Fail { channels, note: n } => {
            // 第二十六条: 调解不成的，应当终止调解，并…告知当事人可以依法通过仲裁、行政、司法等途径.
            let told: Vec<&str> = rules::CHANNELS
                .iter()
                .filter(|c| channels.iter().any(|x| x == c.0))
                .map(|c| c.1)
                .collect();
            if told.is_empty() {
                return Err(invalid(
                    "channels",
                    "调解不成的，应当告知当事人可以通过仲裁、行政、司法等途径维护权利（《人民调解法》第二十六条）：请勾选已告知的途径。",
                    "When mediation fails the parties must be told of arbitration, administrative and judicial channels (art. 26): tick those told.",
                ));
            }
            let told = told.join("、");
            sqlx::query(
                "UPDATE mediation_disputes SET status = 'failed', channels_told = $1, closed_on = $2 WHERE id = $3",
            )
            .bind(told.clone())
            .bind(on_s.clone())
            .bind(d.id)
            .execute(&mut *tx.conn())
            .await?;
            note = format!("已告知：{told}。{}", n.trim());
        }
        Step::FollowUp { note: n } => {
            text(
                n,
                "note",
                2000,
                "请填写回访情况（协议履行情况）",
                "Describe the follow-up (performance)",
            )?;
            sqlx::query(
                "UPDATE mediation_disputes SET followed_up_on = $1, follow_up_note = $2 WHERE id = $3",
            )
            .bind(on_s.clone())
            .bind(n.trim().to_string())
            .bind(d.id)
            .execute(&mut *tx.conn())
            .await?;
            note = n.trim().to_string();
        }
        Step::ApplyConfirmation { court, joint } => {
            text(
                court,
                "court",
                100,
                "请填写受理的人民法院",
                "Enter the court",
            )?;
            if !joint {
                return Err(invalid(
                    "joint",
                    "司法确认须由双方当事人共同申请（《人民调解法》第三十三条，《民事诉讼法》第二百零五条）。",
                    "Both parties apply for judicial confirmation together (art. 33; Civil Procedure Law art. 205).",
                ));
            }
            let eff = d
                .effective_on
                .ok_or_else(|| Error::Internal("agreement without effective date".into()))?;
            let due = rules::confirmation_due(cal, eff)
                .map_err(|e| invalid("on", e.message_zh(), e.message_en()))?;
            if !rules::confirmation_in_time(eff, on, due.date) {
                return Err(refused(
                    format!(
                        "司法确认应自调解协议生效之日（{eff}）起三十日内申请，最后一日为 {}（《人民调解法》第三十三条，《民事诉讼法》第二百零五条）。",
                        due.date
                    ),
                    format!(
                        "Judicial confirmation is applied for within thirty days of the agreement taking effect ({eff}); the last day was {} (art. 33; Civil Procedure Law art. 205).",
                        due.date
                    ),
                ));
            }
            sqlx::query(
                "UPDATE mediation_disputes SET confirm_applied_on = $1, confirm_court = $2, confirm_result = 'pending' WHERE id = $3",
            )
            .bind(on_s.clone())
            .bind(court.trim().to_string())
            .bind(d.id)
            .execute(&mut *tx.conn())
            .await?;
            note = court.trim().to_string();
        }
        Step::ConfirmationResult { valid } => {
            if d.confirm_result != Some(ConfirmResult::Pending) {
                return Err(refused(
                    "尚未申请司法确认，或法院已经裁定。",
                    "No judicial confirmation is pending.",
                ));
            }
            let r = if *valid {
                ConfirmResult::Valid
            } else {
                ConfirmResult::Rejected
            };
            sqlx::query("UPDATE mediation_disputes SET confirm_result = $1 WHERE id = $2")
                .bind(r.as_str())
                .bind(d.id)
                .execute(&mut *tx.conn())
                .await?;
            note = r.label_zh().to_string();
        }
    }
    let label = step.def().zh;
    record(tx.conn(), &region, d.id, on, label, actor, &note).await?;
    let before = serde_json::to_value(d).map_err(|e| Error::Internal(e.to_string()))?;
    let after = serde_json::json!({"step": step.name(), "on": on_s, "note": note});
    tx.record(Event {
        action: "mediation.step",
        object_type: "mediation_dispute",
        object_id: d.id.to_string(),
        before: Some(&before),
        after: Some(&after),
        summary: format!("{} {}", d.case_no, label),
    })
    .await?;
    Ok(())
}

/// The organisation a new dispute of this kind should go to in a 街镇: the trade committee of
/// its kind when the district has one, otherwise the 街镇's committee (村居 committees take
/// what they receive themselves).
pub async fn suggest_organisation(
    db: &Db,
    region: &str,
    kind: DisputeKind,
    subdistrict: &str,
) -> Result<Option<i64>> {
    if let Some(t) = kind.trade_committee() {
        let r = sqlx::query(
            "SELECT id FROM mediation_organisations WHERE region_code = $1 AND kind = $2 ORDER BY id LIMIT 1",
        )
        .bind(region.to_string())
        .bind(t.as_str())
        .fetch_optional(db.pool())
        .await?;
        if let Some(r) = r {
            return Ok(Some(r.try_get(0)?));
        }
    }
    let r = sqlx::query(
        "SELECT id FROM mediation_organisations WHERE region_code = $1 AND level = 'subdistrict' AND subdistrict = $2 ORDER BY id LIMIT 1",
    )
    .bind(region.to_string())
    .bind(subdistrict.to_string())
    .fetch_optional(db.pool())
    .await?;
    Ok(match r {
        Some(r) => Some(r.try_get(0)?),
        None => None,
    })
}
