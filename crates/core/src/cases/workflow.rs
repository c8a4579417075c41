//! The case workflow: leads, steps through the state machine, tasks for the next step, the
//! whole-process record (第四十七条) and evidence with SM3 digests.
//!
//! Every step loads the case, builds the transition facts from the records, asks the pure
//! state machine (`state::next`) and writes only when it agrees — in one audited transaction,
//! so a refused step changes nothing. What each step checks, writes and opens next is declared
//! in the step registry (`cases::steps`).

use crate::cases::ReviewResult;
use chrono::NaiveDate;
use serde_json::{Value, json};
use sqlx::{AnyConnection, Row};

use super::Refusal;
use super::assessment::Assessed;
use super::deadlines;
use super::numbers;
use super::payment::PeriodKind;
use super::records::{
    CaseOutcome, CaseRow, CaseStatus, Circumstances, ExecutionMode, Procedure, Proposal, Queue,
    ServiceMethod, Source, SurchargeDecision, load_case, party_kind_str,
};
use super::rules::{self, PartyKind, SummaryFacts};
use super::state::{Action, Stage, TransitionFacts, next};
use super::steps::{self, StepKind};
use crate::audit::{AuditedTx, Event, sm3_hex};
use crate::auth::{Permission, Principal};
use crate::calendar::HolidayCalendar;
use crate::db::Db;
use crate::db::json::decode;
use crate::money::Money;
use crate::org::CardRow;
use crate::time::now_ms;
use crate::{Code, Error, Result};

/// A lead (线索) to register.
#[derive(Debug, Clone)]
pub struct NewLead {
    pub department_id: i64,
    pub procedure: Procedure,
    pub source: Source,
    pub source_ref: String,
    pub inspection_id: Option<i64>,
    /// Code of the penalty item of the power list (权责清单) the case falls under.
    pub power_code: String,
    /// Name of the violation within the item (违法行为).
    pub violation: String,
    pub party_kind: PartyKind,
    pub party_name: String,
    pub party_code: String,
    pub party_address: String,
    pub party_representative: String,
    pub facts: String,
    pub lead_on: NaiveDate,
    pub circumstances: Circumstances,
}

/// One step an officer, head or reviewer takes.
#[derive(Debug, Clone)]
pub enum Step {
    /// 立案 (head's approval of the 立案审批表).
    File { note: String },
    /// 不予立案 (head).
    Drop { reason: String },
    /// Start 调查取证 with the team (第四十二条: at least two officers with valid cards).
    Investigate { officers: Vec<i64> },
    /// 调查终结: the facts, circumstances and proposed penalty go to review.
    Review {
        facts: String,
        circumstances: Circumstances,
        proposal: Proposal,
    },
    /// 法制审核 by the legal reviewer: passed, or returned with an opinion.
    LegalReview { passed: bool, opinion: String },
    /// 告知 (行政处罚事先告知书, and 听证告知书 where 第六十三条 gives the right).
    /// `waived`: the party expressly waived 陈述、申辩 (第六十二条); `hearing_waived`: it
    /// expressly waived the hearing (第六十三条、第六十四条（一）), a separate fact.
    Notify { waived: bool, hearing_waived: bool },
    /// The party asked for a hearing (第六十四条（一）: within five working days).
    RequestHearing,
    /// 听证 held.
    /// `notified_on`: the day the party was told the hearing's time and place; it must be at
    /// least seven working days before the hearing (第六十四条（二）, 第八十五条). `None`: not
    /// recorded (not checked).
    HoldHearing {
        note: String,
        notified_on: Option<NaiveDate>,
    },
    /// 集体讨论 (head).
    Discuss { note: String },
    /// Extension of the decision period where a rule allows it (head).
    Extend { days: i64, reason: String },
    /// The head extends the filing period by the body's extension (市场监督管理行政处罚程序规定
    /// 第十八条 "特殊情况下，经…负责人批准，可以延长十五个工作日").
    ExtendFiling { reason: String },
    /// Time not counted in the filing period (before filing) or the decision period (after it):
    /// 检测、检验、检疫、鉴定、权利人辨认或者鉴别, and after filing also 听证、公告、责令退还多收价款
    /// (同规定 第十八条 第二款, 第六十四条 第三款). Both days included.
    ExcludePeriod {
        kind: super::periods::ExcludedKind,
        from: NaiveDate,
        to: NaiveDate,
        note: String,
    },
    /// 回避 (第四十三条): the head's decision on the party's application, the officer's own
    /// withdrawal or the head's order; a granted one names a replacement where the team would
    /// fall below two (第四十二条).
    Recuse {
        officer: i64,
        raised_by: super::recusal::RaisedBy,
        granted: bool,
        replacement: Option<i64>,
        reason: String,
    },
    /// 催告书 served on the party that has not paid (行政强制法 第三十五条、第五十四条); `note`: the
    /// period given and the amount.
    Urge { note: String },
    /// Application to the people's court for enforcement (行政强制法 第五十三条、第五十四条);
    /// `court`: the court applied to.
    ApplyCourt { court: String },
    /// 作出决定 (head); the proposal may be adjusted.
    Decide { proposal: Option<Proposal> },
    /// 当场作出决定 (简易程序, 第五十一条). `heard`: the officers told the party on the spot of
    /// the intended penalty, its facts, reasons and basis and its rights, and heard its
    /// statement and defence, or the party expressly waived them (第四十四条, 第六十二条) —
    /// required.
    DecideOnSpot {
        officers: Vec<i64>,
        proposal: Proposal,
        heard: bool,
    },
    /// 送达.
    Serve {
        method: ServiceMethod,
        receiver: String,
    },
    /// A period after service (head): 复议 / 诉讼, during which the surcharge does not run
    /// (第七十三条 第三款), or an approved 暂缓 / 分期 whose last day becomes the due date
    /// (第六十六条 第二款).
    PaymentPeriod {
        kind: PeriodKind,
        from: NaiveDate,
        to: NaiveDate,
        note: String,
    },
    /// The head's decision on the surcharge (第七十二条 第一款 "可以"): add it in full, waive it
    /// or reduce it to `amount_fen`, with a reason.
    DecideSurcharge {
        decision: SurchargeDecision,
        amount_fen: i64,
        reason: String,
    },
    /// 执行: payment (with the surcharge of 第七十二条 when late) or compulsory execution.
    Execute { paid_fen: i64, mode: ExecutionMode },
    /// 结案 (head).
    Close { note: String },
    /// 归档.
    Archive,
}

impl Step {
    /// Its kind, the key of the step registry (`steps::STEPS`).
    pub fn kind(&self) -> StepKind {
        match self {
            Step::File { .. } => StepKind::File,
            Step::Drop { .. } => StepKind::Drop,
            Step::Investigate { .. } => StepKind::Investigate,
            Step::Review { .. } => StepKind::Review,
            Step::LegalReview { .. } => StepKind::LegalReview,
            Step::Notify { .. } => StepKind::Notify,
            Step::RequestHearing => StepKind::RequestHearing,
            Step::HoldHearing { .. } => StepKind::HoldHearing,
            Step::Discuss { .. } => StepKind::Discuss,
            Step::Extend { .. } => StepKind::Extend,
            Step::ExtendFiling { .. } => StepKind::ExtendFiling,
            Step::ExcludePeriod { .. } => StepKind::ExcludePeriod,
            Step::Recuse { .. } => StepKind::Recuse,
            Step::Urge { .. } => StepKind::Urge,
            Step::ApplyCourt { .. } => StepKind::ApplyCourt,
            Step::Decide { .. } => StepKind::Decide,
            Step::DecideOnSpot { .. } => StepKind::DecideOnSpot,
            Step::Serve { .. } => StepKind::Serve,
            Step::PaymentPeriod { .. } => StepKind::PaymentPeriod,
            Step::DecideSurcharge { .. } => StepKind::DecideSurcharge,
            Step::Execute { .. } => StepKind::Execute,
            Step::Close { .. } => StepKind::Close,
            Step::Archive => StepKind::Archive,
        }
    }

    /// A returned legal review: it sends the case back and does not move it forward.
    fn is_legal_return(&self) -> bool {
        matches!(self, Step::LegalReview { passed: false, .. })
    }

    /// The state-machine action (None for steps that do not move the stage).
    pub fn action(&self) -> Option<Action> {
        if self.is_legal_return() {
            return None;
        }
        self.kind().action()
    }

    /// Stored name of the step (steps table, tasks, audit).
    pub fn name(&self) -> &'static str {
        if self.is_legal_return() {
            return LEGAL_RETURN;
        }
        self.kind().as_str()
    }
}

/// Stored name of a returned legal review.
const LEGAL_RETURN: &str = "legal_return";

/// "较大数额" of 第六十三条: the Law leaves them to provincial and ministerial rules. Platform
/// default: 市场监督管理行政处罚听证办法 第五条 (natural persons 10,000 yuan, organisations
/// 100,000 yuan, fines and confiscations alike); a region replaces them with its own rule.
pub const DEFAULT_LARGE_AMOUNTS: rules::LargeAmounts = rules::LargeAmounts {
    fine_citizen: Money::from_fen(1_000_000),
    fine_organisation: Money::from_fen(10_000_000),
    confiscation_citizen: Money::from_fen(1_000_000),
    confiscation_organisation: Money::from_fen(10_000_000),
};

pub(super) fn refusal(r: Refusal) -> Error {
    let provs = r.provisions().join("、");
    let (zh, en) = if provs.is_empty() {
        (r.message_zh(), r.message_en())
    } else {
        (
            format!("{}（依据：{provs}）", r.message_zh()),
            format!("{} (basis: {provs})", r.message_en()),
        )
    };
    Error::domain_conflict(r.code(), zh, en)
}

pub(super) fn cal_err(e: crate::calendar::CalendarError) -> Error {
    refusal(Refusal::Calendar(e))
}

pub(super) fn opt(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

/// Cards of the officers (all of them; validity is judged by the rules).
async fn cards_of(conn: &mut AnyConnection, officers: &[i64]) -> Result<Vec<CardRow>> {
    let mut out = Vec::new();
    for &id in officers {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM enforcement_cards c WHERE c.officer_id = $1",
            crate::org::card::CARD_COLS
        )))
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        for r in &rows {
            out.push(crate::org::card::row_to_card(r)?);
        }
    }
    Ok(out)
}

/// Officers must belong to the case's department or one below it (no borrowed names).
pub(super) async fn check_officers_belong(
    conn: &mut AnyConnection,
    department_id: i64,
    officers: &[i64],
) -> Result<()> {
    for &id in officers {
        let ok: i64 = sqlx::query(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM officers o JOIN department_closure k ON k.descendant_id = o.department_id \
             WHERE o.id = $1 AND k.ancestor_id = $2",
        )
        .bind(id)
        .bind(department_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
        if ok == 0 {
            return Err(Error::of(Code::CasesOfficerForeign)
                .for_field("officers")
                .arg("id", id));
        }
    }
    Ok(())
}

/// Validates a lead before it is stored.
fn validate_lead(l: &NewLead, today: NaiveDate) -> Result<()> {
    if l.party_name.trim().is_empty() {
        return Err(Error::of(Code::CasesPartyMissing).for_field("party_name"));
    }
    // 第五十九条（一）: the decision names the party and its address.
    if l.party_address.trim().is_empty() {
        return Err(Error::of(Code::CasesAddressMissing).for_field("party_address"));
    }
    if l.party_name.chars().count() > 200 || l.facts.chars().count() > 20_000 {
        return Err(Error::of(Code::CasesTooLong).for_field("facts").arg_zh_en(
            "reason",
            "当事人名称或案情过长。",
            "The party name or the facts are too long.",
        ));
    }
    if l.lead_on > today {
        return Err(Error::of(Code::CasesDateFuture)
            .for_field("lead_on")
            .arg_zh_en(
                "reason",
                "线索日期不能晚于今天。",
                "The lead date cannot be in the future.",
            ));
    }
    if l.violation.trim().is_empty() {
        return Err(Error::of(Code::CasesViolationMissing)
            .for_field("violation")
            .arg_zh_en(
                "reason",
                "请选择违法行为（权责清单处罚事项下的违法行为）。",
                "Choose the violation (under a penalty item of the power list).",
            ));
    }
    Ok(())
}

/// The power item and violation a lead names, checked against the published list.
pub(crate) async fn violation_of(
    conn: &mut AnyConnection,
    region: &str,
    department_id: i64,
    power_code: &str,
    violation: &str,
) -> Result<crate::powers::Violation> {
    let row = sqlx::query(
        "SELECT department_id, body, status FROM power_items WHERE region_code = $1 AND code = $2",
    )
    .bind(region.to_string())
    .bind(power_code.trim().to_string())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| {
        Error::of(Code::CasesPowerUnknown)
            .for_field("power_code")
            .arg("power_code", power_code.trim())
    })?;
    let owner: i64 = row.try_get(0)?;
    let body: String = row.try_get(1)?;
    let status: String = row.try_get(2)?;
    if status != "active" {
        return Err(Error::of(Code::CasesPowerInactive).for_field("power_code"));
    }
    let ancestor: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM department_closure WHERE ancestor_id = $1 AND descendant_id = $2",
    )
    .bind(owner)
    .bind(department_id)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;
    if ancestor == 0 {
        return Err(Error::of(Code::CasesPowerForeign).for_field("power_code"));
    }
    let item: crate::powers::PowerItem = serde_json::from_str(&body)
        .map_err(|e| Error::Internal(format!("power item body: {e}")))?;
    item.violations
        .into_iter()
        .find(|v| v.name == violation.trim())
        .ok_or_else(|| Error::of(Code::CasesViolationUnknown).for_field("violation"))
}

/// Registers a lead (线索) and opens the head's filing task, due 15 working days later
/// (`deadlines::filing_deadline`).
///
/// The violation's provisions must be law on the act date (第三十七条, [`crate::law::currency::case_basis`]).
pub async fn create_lead(
    db: &Db,
    who: &Principal,
    cal: &HolidayCalendar,
    corpus: &fazhi_law::Corpus,
    lead: &NewLead,
) -> Result<i64> {
    who.require(Permission::HandleCases)?;
    who.require_department(db, lead.department_id).await?;
    let today = crate::time::today();
    validate_lead(lead, today)?;
    let act_on = lead.circumstances.act_ended_on.unwrap_or(lead.lead_on);
    if act_on > today {
        return Err(Error::of(Code::CasesDateFuture)
            .for_field("act_on")
            .arg_zh_en(
                "reason",
                "违法行为发生日期不能晚于今天。",
                "The act date cannot be in the future.",
            ));
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let v = violation_of(
        tx.conn(),
        &who.region,
        lead.department_id,
        &lead.power_code,
        &lead.violation,
    )
    .await?;
    let mut cited = vec![v.penalised.clone()];
    cited.extend(v.violated.iter().cloned());
    crate::law::currency::case_basis(corpus, &cited, act_on, today)?;
    let id = insert_lead(tx.conn(), who, cal, lead, &v).await?;
    let after = json!({"stage": "lead", "party": lead.party_name, "violation": lead.violation});
    step_row(
        tx.conn(),
        &who.region,
        id,
        lead.lead_on,
        &who.actor().name,
        "lead",
        Stage::Lead,
        Stage::Lead,
        &[],
        &lead.facts,
        &[],
    )
    .await?;
    tx.record(Event {
        action: "case.lead",
        object_type: "case",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("登记案件线索：{} {}", lead.party_name, lead.violation),
    })
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Inserts a lead inside the caller's transaction (no permission check: callers check).
pub async fn insert_lead(
    conn: &mut AnyConnection,
    who: &Principal,
    cal: &HolidayCalendar,
    lead: &NewLead,
    v: &crate::powers::Violation,
) -> Result<i64> {
    let year = chrono::Datelike::year(&lead.lead_on);
    let case_no = numbers::next_number(
        conn,
        &who.region,
        lead.department_id,
        numbers::CASE_KIND,
        year,
    )
    .await?;
    // The body's own filing period (市场监督管理行政处罚程序规定 第十八条 by default).
    let params =
        crate::procedure::params_in(conn, &who.region, lead.department_id, lead.lead_on).await?;
    let filing_due = deadlines::filing_deadline_with(
        cal,
        lead.lead_on,
        params.days(crate::procedure::ParamKey::FilingWorkingDays),
    )
    .map_err(cal_err)?
    .deadline
    .date;
    let now = now_ms();
    let domain = department_domain(conn, lead.department_id).await?;
    let id: i64 = sqlx::query(
        "INSERT INTO cases (region_code, case_no, department_id, procedure, stage, status, source, source_ref, inspection_id, \
         domain, power_code, violation, penalised, violated, party_kind, party_name, party_code, party_address, \
         party_representative, facts, circumstances, handler_user, lead_on, filing_due, created_at, updated_at) \
         VALUES ($1,$2,$3,$4,'lead','open',$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$23) RETURNING id",
    )
    .bind(who.region.clone())
    .bind(case_no)
    .bind(lead.department_id)
    .bind(lead.procedure.as_str())
    .bind(lead.source.as_str())
    .bind(lead.source_ref.trim().to_string())
    .bind(lead.inspection_id)
    .bind(domain)
    .bind(lead.power_code.trim().to_string())
    .bind(v.name.clone())
    .bind(v.penalised.clone())
    .bind(serde_json::to_string(&v.violated).unwrap_or_else(|_| "[]".into()))
    .bind(party_kind_str(lead.party_kind))
    .bind(lead.party_name.trim().to_string())
    .bind(lead.party_code.trim().to_string())
    .bind(lead.party_address.trim().to_string())
    .bind(lead.party_representative.trim().to_string())
    .bind(lead.facts.trim().to_string())
    .bind(serde_json::to_string(&lead.circumstances).unwrap_or_else(|_| "{}".into()))
    .bind(who.user_id)
    .bind(lead.lead_on.to_string())
    .bind(filing_due.to_string())
    .bind(now)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;
    // The party as a subject of the registry (名录库), when its credit code is registered
    // there: its conflicts of interest then keep officers off the team (第四十三条).
    let code = lead.party_code.trim();
    if !code.is_empty() {
        sqlx::query(
            "UPDATE cases SET party_subject_code = $1 WHERE id = $2 AND EXISTS \
             (SELECT 1 FROM sampling_subjects s WHERE s.region_code = $3 AND s.code = $1)",
        )
        .bind(code.to_string())
        .bind(id)
        .bind(who.region.clone())
        .execute(&mut *conn)
        .await?;
    }
    if lead.procedure == Procedure::General {
        open_task(
            conn,
            &who.region,
            id,
            lead.department_id,
            "file",
            Queue::Head,
            None,
            Some(filing_due),
        )
        .await?;
    }
    Ok(id)
}

/// First enforcement domain of the department (card validity is judged against it).
async fn department_domain(conn: &mut AnyConnection, department_id: i64) -> Result<String> {
    let s: String = sqlx::query("SELECT domains FROM departments WHERE id = $1")
        .bind(department_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    let v: Vec<String> = decode(&s, "departments.domains")?;
    Ok(v.into_iter().next().unwrap_or_default())
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn open_task(
    conn: &mut AnyConnection,
    region: &str,
    case_id: i64,
    department_id: i64,
    kind: &str,
    queue: Queue,
    assignee: Option<i64>,
    due: Option<NaiveDate>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO case_tasks (region_code, case_id, department_id, kind, queue, assignee_user, status, due_on, created_at) \
         VALUES ($1,$2,$3,$4,$5,$6,'open',$7,$8)",
    )
    .bind(region.to_string())
    .bind(case_id)
    .bind(department_id)
    .bind(kind.to_string())
    .bind(queue.as_str())
    .bind(assignee)
    .bind(opt(due))
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records one step row of a case (no permission check: callers check).
#[allow(clippy::too_many_arguments)]
pub async fn step_row(
    conn: &mut AnyConnection,
    region: &str,
    case_id: i64,
    on: NaiveDate,
    actor: &str,
    action: &str,
    from: Stage,
    to: Stage,
    officers: &[i64],
    note: &str,
    digests: &[String],
) -> Result<()> {
    sqlx::query(
        "INSERT INTO case_steps (region_code, case_id, at, on_date, actor, action, from_stage, to_stage, officers, note, digests) \
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)",
    )
    .bind(region.to_string())
    .bind(case_id)
    .bind(now_ms())
    .bind(on.to_string())
    .bind(actor.to_string())
    .bind(action.to_string())
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(serde_json::to_string(officers).unwrap_or_else(|_| "[]".into()))
    .bind(note.to_string())
    .bind(serde_json::to_string(digests).unwrap_or_else(|_| "[]".into()))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The transition facts of a case on a day.
async fn facts_of(
    conn: &mut AnyConnection,
    c: &CaseRow,
    on: NaiveDate,
    officers: &[i64],
    summary: Option<SummaryFacts>,
) -> Result<TransitionFacts> {
    let cards = cards_of(conn, officers).await?;
    Ok(TransitionFacts {
        on: Some(on),
        domain: c.domain.clone(),
        officer_ids: officers.to_vec(),
        cards,
        notice_given: c.notice_on.is_some(),
        // 第四十四条 concerns an intended penalty: a decision not to punish needs no notice.
        statement_waived: c.statement_waived || c.outcome == CaseOutcome::NoPenalty,
        legal_review_required: c.legal_review_required,
        legal_review_passed: c.legal_review_result == ReviewResult::Passed,
        hearing_requested: c.hearing_requested,
        hearing_held: c.hearing_held,
        collective_discussion_required: c.collective_required,
        collective_discussion_held: c.collective_held,
        summary,
    })
}

/// Applies a step to a case on the day `on`. Refusals name the article and change nothing.
pub async fn act(
    db: &Db,
    who: &Principal,
    cal: &HolidayCalendar,
    case_id: i64,
    on: NaiveDate,
    step: Step,
) -> Result<CaseRow> {
    who.require(step.kind().def().permission)?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let c = load_case(tx.conn(), &who.region, case_id).await?;
    if !who.covers_department(db, c.department_id).await? {
        return Err(Error::not_found("case"));
    }
    apply(&mut tx, who, cal, &c, on, step).await?;
    let after = load_case(tx.conn(), &who.region, case_id).await?;
    tx.commit().await?;
    Ok(after)
}

/// The body of `act`, inside the caller's transaction (the demo reuses it): the dates, the
/// team and the state machine, then the step's own checks and write from the registry
/// (`steps::write`), then the step record and the audit event.
pub async fn apply(
    tx: &mut AuditedTx,
    who: &Principal,
    cal: &HolidayCalendar,
    c: &CaseRow,
    on: NaiveDate,
    step: Step,
) -> Result<()> {
    check_open_and_dated(c, on, &step)?;
    let region = who.region.clone();
    let actor = who.actor().name;
    let (team, summary) = steps::prepare(tx.conn(), &region, c, &step).await?;
    let mut facts = facts_of(tx.conn(), c, on, &team, summary).await?;
    if let Step::DecideOnSpot { heard, .. } = &step {
        // 简易程序: the 告知 and the hearing of the party are oral, on the spot (第四十四条).
        facts.notice_given = *heard;
    }
    let to = match step.action() {
        Some(a) => next(c.stage, a, &facts).map_err(refusal)?,
        None => c.stage,
    };
    // Tasks open before this step; they are closed after it succeeds (the write opens the
    // next ones), so a refusal inside the write leaves the queues as they were even in a
    // shared transaction.
    let tasks_before = last_task_id(tx.conn(), c.id).await?;
    let kind = step.kind();
    let done = steps::write(
        &mut steps::Cx {
            conn: tx.conn(),
            kind,
            region: &region,
            actor: &actor,
            cal,
            c,
            on,
            to,
            team: &team,
        },
        &step,
    )
    .await?;
    if kind.def().closes_tasks {
        close_tasks(tx.conn(), c.id, tasks_before, &actor).await?;
    }
    let digests: Vec<String> = done
        .assessed
        .iter()
        .map(|a| sm3_hex(a.trace.to_string().as_bytes()))
        .collect();
    let note = done.note.trim();
    step_row(
        tx.conn(),
        &region,
        c.id,
        on,
        &actor,
        step.name(),
        c.stage,
        to,
        &team,
        note,
        &digests,
    )
    .await?;
    let before = json!({"stage": c.stage.as_str()});
    let after =
        json!({"stage": to.as_str(), "step": step.name(), "on": on.to_string(), "note": note});
    tx.record(Event {
        action: "case.step",
        object_type: "case",
        object_id: c.id.to_string(),
        before: Some(&before),
        after: Some(&after),
        summary: format!("案件 {}：{}", c.case_no, step_label(&step)),
    })
    .await?;
    Ok(())
}

/// A step needs an open case (archiving follows the closing) and a day that is neither in
/// the future nor before the previous step.
fn check_open_and_dated(c: &CaseRow, on: NaiveDate, step: &Step) -> Result<()> {
    if c.status != CaseStatus::Open && !matches!(step, Step::Archive) {
        return Err(Error::of(Code::CasesClosed));
    }
    if on > crate::time::today() {
        return Err(Error::of(Code::CasesDateFuture).for_field("on").arg_zh_en(
            "reason",
            "办理日期不能晚于今天。",
            "The date of a step cannot be in the future.",
        ));
    }
    let last = [
        Some(c.lead_on),
        c.filed_on,
        c.notice_on,
        c.decided_on,
        c.served_on,
        c.executed_on,
        c.closed_on,
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(c.lead_on);
    if on < last {
        return Err(Error::of(Code::CasesDateBackwards)
            .for_field("on")
            .arg("last", last));
    }
    Ok(())
}

/// Chinese label of a step for logs and timelines.
pub fn step_label(step: &Step) -> &'static str {
    if step.is_legal_return() {
        return "法制审核退回";
    }
    step.kind().record_label("zh")
}

/// Label of a stored step name.
pub fn step_name_label(name: &str, lang: &str) -> String {
    let en = lang == "en";
    // Records that are not steps of the registry (or a variant of one).
    let fixed = match name {
        "lead" => Some(("登记线索", "Lead registered")),
        LEGAL_RETURN => Some(("法制审核退回", "Legal review returned")),
        "evidence" => Some(("提交证据", "Evidence added")),
        "document" => Some(("制作文书", "Instrument issued")),
        "disclose" => Some(("公示处罚决定", "Decision disclosed")),
        "withdraw" => Some(("撤回公示", "Disclosure withdrawn")),
        _ => None,
    };
    if let Some((zh, e)) = fixed {
        return if en { e.into() } else { zh.into() };
    }
    match StepKind::parse(name) {
        Some(k) => k.record_label(lang).to_string(),
        None => name.to_string(),
    }
}

pub(super) fn require_text(s: &str, field: &'static str) -> Result<()> {
    if s.trim().is_empty() {
        return Err(Error::of(Code::CasesTextMissing).for_field(field));
    }
    if s.chars().count() > 20_000 {
        return Err(Error::of(Code::CasesTooLong).for_field(field).arg_zh_en(
            "reason",
            "内容过长（最多 20000 字）。",
            "Too long (20,000 characters at most).",
        ));
    }
    Ok(())
}

async fn last_task_id(conn: &mut AnyConnection, case_id: i64) -> Result<i64> {
    Ok(sqlx::query(
        "SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM case_tasks WHERE case_id = $1",
    )
    .bind(case_id)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?)
}

/// Closes the tasks that were open before the step. The disclosure task stays: it runs beside
/// service and execution until the decision is published (`disclosure::publish` closes it).
async fn close_tasks(
    conn: &mut AnyConnection,
    case_id: i64,
    up_to: i64,
    actor: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE case_tasks SET status = 'done', done_at = $1, done_by = $2 \
         WHERE case_id = $3 AND status = 'open' AND id <= $4 AND kind <> 'disclose'",
    )
    .bind(now_ms())
    .bind(actor.to_string())
    .bind(case_id)
    .bind(up_to)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(super) async fn write_assessment(
    conn: &mut AnyConnection,
    id: i64,
    facts: &str,
    circ: &Circumstances,
    p: &Proposal,
    a: &Assessed,
    stage: Stage,
) -> Result<()> {
    let outcome = if p.no_penalty {
        CaseOutcome::NoPenalty
    } else {
        CaseOutcome::Penalty
    };
    sqlx::query(
        "UPDATE cases SET stage = $1, facts = $2, circumstances = $3, leniency_outcome = $4, leniency_trace = $5, \
         penalty_reason = $6, tier = $7, tier_check = $8, out_of_tier_reason = $9, warning = $10, fine_fen = $11, \
         confiscation_fen = $12, other_measures = $13, outcome = $14, hearing_right = $15, legal_review_required = $16, \
         legal_review_grounds = $17, collective_required = $18, updated_at = $19 WHERE id = $20",
    )
    .bind(stage.as_str())
    .bind(facts.trim().to_string())
    .bind(serde_json::to_string(circ).unwrap_or_else(|_| "{}".into()))
    .bind(a.leniency_outcome.to_string())
    .bind(a.trace.to_string())
    .bind(p.penalty_reason.trim().to_string())
    .bind(p.tier.trim().to_string())
    .bind(a.tier_check.to_string())
    .bind(p.out_of_tier_reason.trim().to_string())
    .bind(i64::from(p.warning && !p.no_penalty))
    .bind(if p.no_penalty { 0 } else { p.fine_fen })
    .bind(if p.no_penalty { 0 } else { p.confiscation_fen })
    .bind(if p.no_penalty { String::new() } else { p.other_measures.trim().to_string() })
    .bind(outcome.as_str())
    .bind(i64::from(a.hearing_right))
    .bind(i64::from(a.legal_review_required))
    .bind(serde_json::to_string(&a.legal_review_grounds).unwrap_or_else(|_| "[]".into()))
    .bind(i64::from(a.collective_required))
    .bind(now_ms())
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Maximum size of one evidence file.
pub const MAX_EVIDENCE_BYTES: usize = 8 * 1024 * 1024;

/// Stores an evidence file with its SM3 digest (调查取证; 第四十七条 全过程记录).
#[allow(clippy::too_many_arguments)]
pub async fn add_evidence(
    db: &Db,
    who: &Principal,
    case_id: i64,
    name: &str,
    kind: &str,
    media_type: &str,
    content: &[u8],
    on: NaiveDate,
) -> Result<String> {
    who.require(Permission::HandleCases)?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let c = load_case(tx.conn(), &who.region, case_id).await?;
    if !who.covers_department(db, c.department_id).await? {
        return Err(Error::not_found("case"));
    }
    let digest = insert_evidence(tx.conn(), who, &c, name, kind, media_type, content, on).await?;
    let after = json!({"evidence": name.trim(), "sm3": digest, "size": content.len()});
    tx.record(Event {
        action: "case.evidence",
        object_type: "case",
        object_id: case_id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("案件 {}：提交证据 {}", c.case_no, name.trim()),
    })
    .await?;
    tx.commit().await?;
    Ok(digest)
}

/// Inserts one evidence item inside the caller's transaction (no permission check).
#[allow(clippy::too_many_arguments)]
pub async fn insert_evidence(
    conn: &mut AnyConnection,
    who: &Principal,
    c: &CaseRow,
    name: &str,
    kind: &str,
    media_type: &str,
    content: &[u8],
    on: NaiveDate,
) -> Result<String> {
    if !matches!(
        c.stage,
        Stage::Lead | Stage::Filed | Stage::Investigating | Stage::Reviewed
    ) || c.status != CaseStatus::Open
    {
        return Err(Error::of(Code::CasesEvidenceClosed));
    }
    if name.trim().is_empty() || name.chars().count() > 200 {
        return Err(Error::of(Code::CasesEvidenceName).for_field("name"));
    }
    if content.is_empty() || content.len() > MAX_EVIDENCE_BYTES {
        return Err(Error::of(Code::CasesEvidenceSize)
            .for_field("file")
            .arg_zh_en(
                "reason",
                "证据文件为空或超过 8 MB。",
                "The evidence file is empty or larger than 8 MB.",
            ));
    }
    let digest = sm3_hex(content);
    sqlx::query(
        "INSERT INTO case_evidence (region_code, case_id, name, kind, media_type, size, sm3, content, collected_on, collected_by, created_at) \
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)",
    )
    .bind(who.region.clone())
    .bind(c.id)
    .bind(name.trim().to_string())
    .bind(kind.trim().to_string())
    .bind(media_type.trim().to_string())
    .bind(content.len() as i64)
    .bind(digest.clone())
    .bind(content.to_vec())
    .bind(on.to_string())
    .bind(who.actor().name)
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    step_row(
        conn,
        &who.region,
        c.id,
        on,
        &who.actor().name,
        "evidence",
        c.stage,
        c.stage,
        &[],
        name.trim(),
        std::slice::from_ref(&digest),
    )
    .await?;
    Ok(digest)
}

/// JSON of a step for the API (what `act` accepts).
pub fn describe(step: &Step) -> Value {
    json!({"step": step.name(), "label": step_label(step)})
}
