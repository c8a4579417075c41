//! The stored case: its row, the circumstances and proposal it carries, and loading it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::{AnyConnection, Row};

use super::leniency::{Harm, Mitigation};
use super::rules::{PartyKind, Sanction};
use super::state::Stage;
use crate::db::json::decode;
use crate::labels::labelled_enum;
use crate::money::Money;
use crate::{Error, Result};

labelled_enum!(
    /// 普通程序 / 简易程序.
    Procedure {
        General = "general", "普通程序", "General procedure";
        Summary = "summary", "简易程序", "Summary procedure";
    }
);

labelled_enum!(
    /// Where the lead came from (案件来源).
    Source {
        Inspection = "inspection", "检查发现", "Inspection";
        Complaint = "complaint", "投诉举报", "Complaint or report";
        Referral = "referral", "移送交办", "Referral";
        Patrol = "patrol", "巡查发现", "Patrol";
        Other = "other", "其他", "Other";
    }
);

labelled_enum!(
    /// Whether the case is still running.
    CaseStatus {
        Open = "open", "办理中", "Open";
        Closed = "closed", "已结案", "Closed";
        Dropped = "dropped", "不予立案", "Not filed";
    }
);

labelled_enum!(
    /// Who a task waits for.
    Queue {
        Officer = "officer", "承办人员", "Case officers";
        Head = "head", "负责人审批", "Head's approval";
        Legal = "legal", "法制审核", "Legal review";
    }
);

labelled_enum!(
    /// The result of the case.
    CaseOutcome {
        Penalty = "penalty", "给予处罚", "Penalty";
        NoPenalty = "no_penalty", "不予处罚", "No penalty";
        Dropped = "dropped", "不予立案", "Not filed";
        Undecided = "", "未决定", "Not decided";
    }
);

labelled_enum!(
    /// The legal review's result (法制审核, 第五十八条): none yet, passed, or returned.
    ReviewResult {
        Pending = "", "待审核", "pending";
        Passed = "passed", "已通过", "passed";
        Returned = "returned", "已退回", "returned";
    }
);

labelled_enum!(
    /// Disclosure of a penalty decision (第四十八条): due (or not yet decided), published,
    /// withdrawn after publication, or not required (no penalty).
    DisclosureStatus {
        Due = "", "待公示", "to be published";
        Published = "published", "已公示", "published";
        Withdrawn = "withdrawn", "已撤回", "withdrawn";
        NotRequired = "not_required", "不予处罚，无需公示", "no penalty: nothing to publish";
    }
);

labelled_enum!(
    /// Harm as recorded (第三十三条).
    HarmLevel {
        None = "none", "没有造成危害后果", "No harm";
        Slight = "slight", "危害后果轻微", "Slight harm";
        Serious = "serious", "造成一定危害后果", "Harm";
    }
);

labelled_enum!(
    /// 送达方式 (民事诉讼法 as 第六十一条 refers to it).
    ServiceMethod {
        Direct = "direct", "直接送达", "Direct service";
        Left = "left", "留置送达", "Left at residence";
        Post = "post", "邮寄送达", "By post";
        Electronic = "electronic", "电子送达", "Electronic";
        Notice = "notice", "公告送达", "By public notice";
    }
);

labelled_enum!(
    /// The head's decision on the late-payment surcharge: 第七十二条 第一款 says the agency
    /// "可以" add it, so it may be waived or reduced with a reason.
    SurchargeDecision {
        Full = "", "依法加处罚款", "Surcharge as computed";
        Waived = "waived", "决定不加处罚款", "Surcharge waived";
        Reduced = "reduced", "决定减少加处罚款", "Surcharge reduced";
    }
);

labelled_enum!(
    /// How a decision was executed.
    ExecutionMode {
        Paid = "paid", "自觉履行", "Paid";
        Compulsory = "compulsory", "强制执行", "Compulsory execution";
        Court = "court", "申请法院强制执行", "Court enforcement";
        Nothing = "none", "无需执行", "Nothing to execute";
    }
);

/// A stored enum value; an unknown one is damage to report, not a default to assume.
fn stored<T>(parse: fn(&str) -> Option<T>, s: &str, what: &'static str) -> Result<T> {
    parse(s).ok_or_else(|| Error::Internal(format!("stored {what}: unknown value {s:?}")))
}

/// Circumstances of the case the leniency, discretion and procedure rules read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Circumstances {
    /// Day the act ended (第三十六条); the lead date when unknown.
    #[serde(default)]
    pub act_ended_on: Option<NaiveDate>,
    #[serde(default)]
    pub first_violation: bool,
    #[serde(default)]
    pub minor_violation: bool,
    #[serde(default = "default_harm")]
    pub harm: HarmLevel,
    #[serde(default)]
    pub corrected_in_time: bool,
    #[serde(default)]
    pub proven_no_fault: bool,
    /// 第三十二条 items: "eliminated_harm", "coerced", "confessed", "meritorious", "other_rule".
    #[serde(default)]
    pub mitigations: Vec<String>,
    /// Age at the act for a natural person.
    #[serde(default)]
    pub age_at_act: Option<u8>,
    /// 涉及公民生命健康安全、金融安全 (第三十六条 five years).
    #[serde(default)]
    pub life_health_or_financial: bool,
    /// 第五十八条 （一）.
    #[serde(default)]
    pub major_public_interest: bool,
    /// 第五十八条 （三）, 第五十七条 第二款 情节复杂.
    #[serde(default)]
    pub complex: bool,
    /// 第五十七条 第二款 重大违法行为.
    #[serde(default)]
    pub serious_violation: bool,
    /// Base amount of a multiple-based fine (货值金额, 违法所得…), fen.
    #[serde(default)]
    pub base_amount_fen: Option<i64>,
    /// 食品安全法 第一百三十六条: the party performed its purchase-inspection duties.
    #[serde(default)]
    pub purchase_inspected: bool,
    /// 食品安全法 第一百三十六条: the party can truthfully state the source of purchase.
    #[serde(default)]
    pub source_explained: bool,
    /// 货值金额 (fen), where the law's fine brackets turn on it ("货值金额不足一万元的…；一万元以上
    /// 的…"); `None`: not recorded.
    #[serde(default)]
    pub goods_value_fen: Option<i64>,
    /// After the order to correct: `Some(true)` the party did not correct in time or refused
    /// ("逾期未改正" / "拒不改正"), `Some(false)` it corrected; `None`: not recorded.
    #[serde(default)]
    pub not_corrected: Option<bool>,
}

/// Harm not established counts as harm: leniency needs the facts that support it.
fn default_harm() -> HarmLevel {
    HarmLevel::Serious
}

impl Default for HarmLevel {
    fn default() -> Self {
        default_harm()
    }
}

impl Circumstances {
    /// 第三十二条 grounds recorded.
    pub fn mitigation_grounds(&self) -> Vec<Mitigation> {
        self.mitigations
            .iter()
            .filter_map(|m| match m.as_str() {
                "eliminated_harm" => Some(Mitigation::EliminatedHarm),
                "coerced" => Some(Mitigation::CoercedOrDeceived),
                "confessed" => Some(Mitigation::ConfessedUnknown),
                "meritorious" => Some(Mitigation::Meritorious),
                "other_rule" => Some(Mitigation::OtherRule),
                _ => None,
            })
            .collect()
    }

    /// The facts the conditional fine brackets of the law read (`LegalRange::applicable_fines`).
    pub fn fine_facts(&self) -> crate::powers::penalty::FineFacts {
        crate::powers::penalty::FineFacts {
            goods_value_fen: self.goods_value_fen,
            not_corrected: self.not_corrected,
            act_on: self.act_ended_on,
        }
    }

    /// Harm in the terms of the leniency rules.
    pub fn harm(&self) -> Harm {
        match self.harm {
            HarmLevel::None => Harm::None,
            HarmLevel::Slight => Harm::Slight,
            HarmLevel::Serious => Harm::Serious,
        }
    }
}

/// The penalty proposed at the end of the investigation or decided by the head.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    /// Decide not to punish (不予行政处罚).
    #[serde(default)]
    pub no_penalty: bool,
    #[serde(default)]
    pub warning: bool,
    #[serde(default)]
    pub fine_fen: i64,
    #[serde(default)]
    pub confiscation_fen: i64,
    #[serde(default)]
    pub other_measures: String,
    /// Discretion tier chosen (裁量档次).
    #[serde(default)]
    pub tier: String,
    /// Why the amount lies outside the tier (needs legal review).
    #[serde(default)]
    pub out_of_tier_reason: String,
    /// Why a penalty is given although a no-penalty entry applies (needs legal review).
    #[serde(default)]
    pub penalty_reason: String,
}

impl Proposal {
    /// The sanctions in the terms of the procedure rules.
    pub fn sanctions(&self) -> Vec<Sanction> {
        let mut out = Vec::new();
        if self.no_penalty {
            return out;
        }
        if self.warning {
            out.push(Sanction::Warning);
        }
        if self.fine_fen > 0 {
            out.push(Sanction::Fine(Money::from_fen(self.fine_fen)));
        }
        if self.confiscation_fen > 0 {
            out.push(Sanction::ConfiscateGains(Money::from_fen(
                self.confiscation_fen,
            )));
        }
        let m = self.other_measures.as_str();
        if m.contains("吊销") || m.contains("降低资质") {
            out.push(Sanction::RevokeLicence);
        }
        if m.contains("停产停业") || m.contains("责令关闭") || m.contains("限制从业") {
            out.push(Sanction::SuspendBusiness);
        }
        out
    }

    /// 第四十四条 (the notice names the intended penalty): whether this decision is heavier than
    /// the `notified` one — a higher fine or confiscation, or a kind of sanction (没收, 吊销,
    /// 停产停业…) or other measure the notice did not name. A heavier penalty needs a new notice.
    pub fn heavier_than(&self, notified: &Proposal) -> bool {
        if self.no_penalty {
            return false;
        }
        let kinds = |p: &Proposal| -> Vec<std::mem::Discriminant<Sanction>> {
            p.sanctions().iter().map(std::mem::discriminant).collect()
        };
        let told = kinds(notified);
        let measures = self.other_measures.trim();
        self.fine_fen > notified.fine_fen
            || self.confiscation_fen > notified.confiscation_fen
            || kinds(self)
                .iter()
                .any(|k| *k != std::mem::discriminant(&Sanction::Warning) && !told.contains(k))
            || (!measures.is_empty() && !notified.other_measures.contains(measures))
    }

    /// True when some penalty is given.
    pub fn is_penalty(&self) -> bool {
        !self.sanctions().is_empty()
    }
}

/// A case as stored.
#[derive(Debug, Clone, Serialize)]
pub struct CaseRow {
    pub id: i64,
    pub case_no: String,
    pub department_id: i64,
    pub department: String,
    pub procedure: Procedure,
    pub stage: Stage,
    pub status: CaseStatus,
    pub source: Source,
    pub source_ref: String,
    pub inspection_id: Option<i64>,
    pub domain: String,
    pub power_code: String,
    pub violation: String,
    pub penalised: String,
    pub violated: Vec<String>,
    pub party_kind: PartyKind,
    pub party_name: String,
    pub party_code: String,
    pub party_address: String,
    pub party_representative: String,
    pub facts: String,
    pub circumstances: Circumstances,
    pub officers: Vec<i64>,
    pub handler_user: Option<i64>,
    pub lead_on: NaiveDate,
    pub filed_on: Option<NaiveDate>,
    pub notice_on: Option<NaiveDate>,
    pub decided_on: Option<NaiveDate>,
    pub served_on: Option<NaiveDate>,
    pub executed_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub archived_on: Option<NaiveDate>,
    pub filing_due: Option<NaiveDate>,
    pub decision_due: Option<NaiveDate>,
    pub extension_days: i64,
    pub statement_due: Option<NaiveDate>,
    pub hearing_request_due: Option<NaiveDate>,
    pub service_due: Option<NaiveDate>,
    pub payment_due: Option<NaiveDate>,
    pub hearing_right: bool,
    pub hearing_requested: bool,
    pub hearing_held: bool,
    pub statement_waived: bool,
    pub legal_review_required: bool,
    pub legal_review_grounds: Vec<String>,
    pub legal_review_result: ReviewResult,
    pub legal_review_on: Option<NaiveDate>,
    pub legal_review_by: String,
    pub legal_review_opinion: String,
    pub collective_required: bool,
    pub collective_held: bool,
    pub collective_note: String,
    pub leniency_outcome: String,
    pub leniency_trace: serde_json::Value,
    pub penalty_reason: String,
    pub tier: String,
    pub tier_check: String,
    pub out_of_tier_reason: String,
    pub warning: bool,
    pub fine_fen: i64,
    pub confiscation_fen: i64,
    pub other_measures: String,
    pub outcome: CaseOutcome,
    pub decision_no: Option<String>,
    pub paid_fen: i64,
    pub surcharge_fen: i64,
    pub paid_on: Option<NaiveDate>,
    pub execution_mode: String,
    pub disclosure_due: Option<NaiveDate>,
    pub disclosed_on: Option<NaiveDate>,
    pub disclosure_status: DisclosureStatus,
    /// The party expressly waived the hearing (第六十三条, 第六十四条（一）), apart from the
    /// waiver of 陈述、申辩 (第六十二条).
    pub hearing_waived: bool,
    /// 简易程序: told on the spot and heard, or waived (第四十四条, 第六十二条).
    pub spot_notice_given: bool,
    /// The day the party received the decision (第六十七条 第三款): the return-receipt date
    /// for post, publication + 30 days for 公告送达; `served_on` otherwise.
    pub received_on: Option<NaiveDate>,
    /// How the decision was served (None before service, or for older records).
    pub service_method: Option<ServiceMethod>,
    /// The head's decision on the surcharge (第七十二条 第一款 "可以").
    pub surcharge_decision: SurchargeDecision,
    /// The reduced surcharge (fen) when `surcharge_decision` is `Reduced`.
    pub surcharge_decided_fen: i64,
    pub surcharge_reason: String,
    /// The head approved the extension of the filing period (市场监督管理行政处罚程序规定 第十八条).
    pub filing_extended: bool,
    /// Working days taken out of the filing period (检测、检验、检疫、鉴定…, `periods`).
    pub excluded_filing_wd: i64,
    /// Calendar days taken out of the decision period (听证、公告、检测…, `periods`).
    pub excluded_decision_days: i64,
    /// 催告书 served (行政强制法 第三十五条、第五十四条).
    pub urged_on: Option<NaiveDate>,
    /// Application to the people's court filed (行政强制法 第五十三条).
    pub court_applied_on: Option<NaiveDate>,
    /// The party's 统一社会信用代码 when it is a subject of the registry ('' otherwise).
    pub party_subject_code: String,
}

impl CaseRow {
    /// The penalty as currently recorded.
    pub fn proposal(&self) -> Proposal {
        Proposal {
            no_penalty: self.outcome == CaseOutcome::NoPenalty,
            warning: self.warning,
            fine_fen: self.fine_fen,
            confiscation_fen: self.confiscation_fen,
            other_measures: self.other_measures.clone(),
            tier: self.tier.clone(),
            out_of_tier_reason: self.out_of_tier_reason.clone(),
            penalty_reason: self.penalty_reason.clone(),
        }
    }

    /// The next statutory deadline that is still running, with its label.
    pub fn next_deadline(&self) -> Option<(NaiveDate, &'static str, &'static str)> {
        if self.status != CaseStatus::Open {
            return None;
        }
        match self.stage {
            Stage::Lead => self.filing_due.map(|d| (d, "立案期限", "Filing")),
            Stage::Decided => self.service_due.map(|d| (d, "送达期限", "Service")),
            Stage::Served => self.payment_due.map(|d| (d, "缴款期限", "Payment")),
            Stage::Executed | Stage::Closed | Stage::Archived => None,
            _ => self.decision_due.map(|d| (d, "作出决定期限", "Decision")),
        }
    }
}

pub(crate) const CASE_COLS: &str = "c.id, c.case_no, c.department_id, d.name, c.procedure, c.stage, c.status, c.source, c.source_ref, \
    c.inspection_id, c.domain, c.power_code, c.violation, c.penalised, c.violated, c.party_kind, c.party_name, c.party_code, \
    c.party_address, c.party_representative, c.facts, c.circumstances, c.officers, c.handler_user, c.lead_on, c.filed_on, \
    c.notice_on, c.decided_on, c.served_on, c.executed_on, c.closed_on, c.archived_on, c.filing_due, c.decision_due, \
    c.extension_days, c.statement_due, c.hearing_request_due, c.service_due, c.payment_due, c.hearing_right, \
    c.hearing_requested, c.hearing_held, c.statement_waived, c.legal_review_required, c.legal_review_grounds, \
    c.legal_review_result, c.legal_review_on, c.legal_review_by, c.legal_review_opinion, c.collective_required, \
    c.collective_held, c.collective_note, c.leniency_outcome, c.leniency_trace, c.penalty_reason, c.tier, c.tier_check, \
    c.out_of_tier_reason, c.warning, c.fine_fen, c.confiscation_fen, c.other_measures, c.outcome, c.decision_no, \
    c.paid_fen, c.surcharge_fen, c.paid_on, c.execution_mode, c.disclosure_due, c.disclosed_on, c.disclosure_status, \
    c.hearing_waived, c.spot_notice_given, c.received_on, c.surcharge_decision, c.surcharge_decided_fen, c.surcharge_reason, c.service_method, \
    c.filing_extended, c.excluded_filing_wd, c.excluded_decision_days, c.urged_on, c.court_applied_on, c.party_subject_code";

pub(crate) const CASE_FROM: &str = "cases c JOIN departments d ON d.id = c.department_id";

fn date(s: Option<String>) -> Result<Option<NaiveDate>> {
    match s {
        None => Ok(None),
        Some(s) if s.is_empty() => Ok(None),
        Some(s) => s
            .parse::<NaiveDate>()
            .map(Some)
            .map_err(|e| Error::Internal(format!("stored date {s:?}: {e}"))),
    }
}

fn party_kind(s: &str) -> PartyKind {
    if s == "citizen" {
        PartyKind::Citizen
    } else {
        PartyKind::Organisation
    }
}

/// Stored name of a party kind.
pub fn party_kind_str(k: PartyKind) -> &'static str {
    match k {
        PartyKind::Citizen => "citizen",
        PartyKind::Organisation => "organisation",
    }
}

pub(crate) fn row_to_case(r: &sqlx::any::AnyRow) -> Result<CaseRow> {
    let s = |i: usize| -> Result<String> { Ok(r.try_get::<String, _>(i)?) };
    let o = |i: usize| -> Result<Option<String>> { Ok(r.try_get::<Option<String>, _>(i)?) };
    let b = |i: usize| -> Result<bool> { Ok(r.try_get::<i64, _>(i)? != 0) };
    let stage = s(5)?;
    Ok(CaseRow {
        id: r.try_get(0)?,
        case_no: s(1)?,
        department_id: r.try_get(2)?,
        department: s(3)?,
        procedure: Procedure::parse(&s(4)?).unwrap_or(Procedure::General),
        stage: Stage::parse(&stage)
            .ok_or_else(|| Error::Internal(format!("stored stage {stage:?}")))?,
        status: CaseStatus::parse(&s(6)?).unwrap_or(CaseStatus::Open),
        source: Source::parse(&s(7)?).unwrap_or(Source::Other),
        source_ref: s(8)?,
        inspection_id: r.try_get(9)?,
        domain: s(10)?,
        power_code: s(11)?,
        violation: s(12)?,
        penalised: s(13)?,
        violated: decode(&s(14)?, "cases.violated")?,
        party_kind: party_kind(&s(15)?),
        party_name: s(16)?,
        party_code: s(17)?,
        party_address: s(18)?,
        party_representative: s(19)?,
        facts: s(20)?,
        circumstances: decode(&s(21)?, "cases.circumstances")?,
        officers: decode(&s(22)?, "cases.officers")?,
        handler_user: r.try_get(23)?,
        lead_on: date(Some(s(24)?))?
            .ok_or_else(|| Error::Internal("case without lead date".into()))?,
        filed_on: date(o(25)?)?,
        notice_on: date(o(26)?)?,
        decided_on: date(o(27)?)?,
        served_on: date(o(28)?)?,
        executed_on: date(o(29)?)?,
        closed_on: date(o(30)?)?,
        archived_on: date(o(31)?)?,
        filing_due: date(o(32)?)?,
        decision_due: date(o(33)?)?,
        extension_days: r.try_get(34)?,
        statement_due: date(o(35)?)?,
        hearing_request_due: date(o(36)?)?,
        service_due: date(o(37)?)?,
        payment_due: date(o(38)?)?,
        hearing_right: b(39)?,
        hearing_requested: b(40)?,
        hearing_held: b(41)?,
        statement_waived: b(42)?,
        legal_review_required: b(43)?,
        legal_review_grounds: decode(&s(44)?, "cases.legal_review_grounds")?,
        legal_review_result: stored(ReviewResult::parse, &s(45)?, "cases.legal_review_result")?,
        legal_review_on: date(o(46)?)?,
        legal_review_by: s(47)?,
        legal_review_opinion: s(48)?,
        collective_required: b(49)?,
        collective_held: b(50)?,
        collective_note: s(51)?,
        leniency_outcome: s(52)?,
        leniency_trace: serde_json::from_str(&s(53)?).unwrap_or(serde_json::Value::Null),
        penalty_reason: s(54)?,
        tier: s(55)?,
        tier_check: s(56)?,
        out_of_tier_reason: s(57)?,
        warning: b(58)?,
        fine_fen: r.try_get(59)?,
        confiscation_fen: r.try_get(60)?,
        other_measures: s(61)?,
        outcome: stored(CaseOutcome::parse, &s(62)?, "cases.outcome")?,
        decision_no: o(63)?,
        paid_fen: r.try_get(64)?,
        surcharge_fen: r.try_get(65)?,
        paid_on: date(o(66)?)?,
        execution_mode: s(67)?,
        disclosure_due: date(o(68)?)?,
        disclosed_on: date(o(69)?)?,
        disclosure_status: stored(DisclosureStatus::parse, &s(70)?, "cases.disclosure_status")?,
        hearing_waived: b(71)?,
        spot_notice_given: b(72)?,
        received_on: date(o(73)?)?,
        surcharge_decision: stored(
            SurchargeDecision::parse,
            &s(74)?,
            "cases.surcharge_decision",
        )?,
        surcharge_decided_fen: r.try_get(75)?,
        surcharge_reason: s(76)?,
        service_method: ServiceMethod::parse(&s(77)?),
        filing_extended: b(78)?,
        excluded_filing_wd: r.try_get(79)?,
        excluded_decision_days: r.try_get(80)?,
        urged_on: date(o(81)?)?,
        court_applied_on: date(o(82)?)?,
        party_subject_code: s(83)?,
    })
}

/// Loads a case of the region (no scope check: callers check it; public for the demo).
pub async fn load_case(conn: &mut AnyConnection, region: &str, id: i64) -> Result<CaseRow> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {CASE_COLS} FROM {CASE_FROM} WHERE c.id = $1 AND c.region_code = $2"
    )))
    .bind(id)
    .bind(region.to_string())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| Error::not_found("case"))?;
    row_to_case(&r)
}
