//! Penalty cases under 行政处罚法 (2021): the statutory rules as pure functions over
//! plain data. No storage, no web: the workflow (issue 7) builds on these.
//!
//! - [`deadlines`]: statutory time limits on the working-day calendar (第八十五条).
//! - [`rules`]: procedure eligibility (简易程序, 当场收缴, 听证, 法制审核, 集体讨论,
//!   two officers) and the late-payment surcharge (第七十二条).
//! - [`leniency`]: 不予处罚 / 从轻减轻 / 时效 as an assessment with a provision trace.
//! - [`state`]: the case-stage state machine that refuses unlawful transitions.
//! - [`steps`]: the step registry — permission, stages, checks, write, next tasks and labels
//!   of every workflow step, which `workflow::act`, the case page and the API read.
//!
//! Every rule names its provision with a code of docs/legal-codes.md (see [`prov`]).

mod assessment;
pub mod deadlines;
pub mod disclosure;
pub mod documents;
pub mod enforcement;
pub mod leniency;
pub mod numbers;
pub mod paperwork;
pub mod payment;
pub mod periods;
pub mod queries;
pub mod records;
pub mod recusal;
mod refusal;
pub mod rules;
pub mod state;
pub mod steps;
pub mod workflow;

#[cfg(test)]
mod tests;

pub use assessment::{
    Assessed, assess_case, list_facts, outcome_label as assessment_outcome_label,
};
pub use deadlines::{
    StatutoryDeadline, cash_to_agency_deadline, cash_to_bank_deadline, decision_deadline,
    disclosure_deadline, evidence_preservation_deadline, filing_deadline, hearing_request_deadline,
    payment_deadline, service_deadline, withdrawal_deadline,
};
pub use leniency::{Assessment, Harm, LeniencyFacts, Mitigation, Outcome, assess};
pub use records::{
    CaseOutcome, CaseRow, CaseStatus, Circumstances, DisclosureStatus, ExecutionMode, HarmLevel,
    Procedure, Proposal, Queue, ReviewResult, ServiceMethod, Source, SurchargeDecision, load_case,
};
pub use refusal::Refusal;
pub use rules::{
    CollectionFacts, LargeAmounts, LegalReviewFacts, LegalReviewGround, PartyKind, Sanction,
    SummaryFacts, check_enforcement_team, collective_discussion_required, hearing_right,
    late_payment_surcharge, legal_review_grounds, on_the_spot_collection,
    summary_procedure_allowed, surcharge_days,
};
pub use state::{Action, Stage, TransitionFacts, next};
pub use steps::{STEPS, StepDef, StepInfo, StepKind, available_steps};
pub use workflow::{NewLead, Step, act, add_evidence, create_lead};

/// Provision codes (docs/legal-codes.md) of 行政处罚法 used by the rules.
pub mod prov {
    /// 第三十条 (minors).
    pub const ART_30: &str = "行政处罚法/art_30";
    /// 第三十一条 (mental illness / intellectual disability).
    pub const ART_31: &str = "行政处罚法/art_31";
    /// 第三十二条 第一款 (应当从轻或者减轻), item 1 (主动消除或者减轻危害后果).
    pub const ART_32_ITEM_1: &str = "行政处罚法/art_32__para_1__item_1";
    /// 第三十二条 item 2 (受他人胁迫或者诱骗).
    pub const ART_32_ITEM_2: &str = "行政处罚法/art_32__para_1__item_2";
    /// 第三十二条 item 3 (主动供述尚未掌握的违法行为).
    pub const ART_32_ITEM_3: &str = "行政处罚法/art_32__para_1__item_3";
    /// 第三十二条 item 4 (立功表现).
    pub const ART_32_ITEM_4: &str = "行政处罚法/art_32__para_1__item_4";
    /// 第三十二条 item 5 (法律、法规、规章规定的其他情形).
    pub const ART_32_ITEM_5: &str = "行政处罚法/art_32__para_1__item_5";
    /// 第三十三条 第一款 (不予 / 可以不予行政处罚).
    pub const ART_33_PARA_1: &str = "行政处罚法/art_33__para_1";
    /// 第三十三条 第二款 (没有主观过错).
    pub const ART_33_PARA_2: &str = "行政处罚法/art_33__para_2";
    /// 第三十三条 第三款 (不予处罚应当教育).
    pub const ART_33_PARA_3: &str = "行政处罚法/art_33__para_3";
    /// 第三十六条 第一款 (时效二年 / 五年).
    pub const ART_36_PARA_1: &str = "行政处罚法/art_36__para_1";
    /// 第三十六条 第二款 (时效起算).
    pub const ART_36_PARA_2: &str = "行政处罚法/art_36__para_2";
    /// 第四十二条 第一款 (执法资格, 不得少于两人).
    pub const ART_42_PARA_1: &str = "行政处罚法/art_42__para_1";
    /// 第四十四条 (告知).
    pub const ART_44: &str = "行政处罚法/art_44";
    /// 第四十八条 第一款 (处罚决定公开).
    pub const ART_48_PARA_1: &str = "行政处罚法/art_48__para_1";
    /// 第四十八条 第二款 (三日内撤回).
    pub const ART_48_PARA_2: &str = "行政处罚法/art_48__para_2";
    /// 第五十四条 第二款 (及时立案).
    pub const ART_54_PARA_2: &str = "行政处罚法/art_54__para_2";
    /// 第五十一条 (简易程序).
    pub const ART_51: &str = "行政处罚法/art_51";
    /// 第五十六条 (先行登记保存, 七日内作出处理决定).
    pub const ART_56: &str = "行政处罚法/art_56";
    /// 第五十七条 第二款 (集体讨论决定).
    pub const ART_57_PARA_2: &str = "行政处罚法/art_57__para_2";
    /// 第五十八条 第一款 item 1 (重大公共利益).
    pub const ART_58_ITEM_1: &str = "行政处罚法/art_58__para_1__item_1";
    /// 第五十八条 item 2 (重大权益, 经过听证).
    pub const ART_58_ITEM_2: &str = "行政处罚法/art_58__para_1__item_2";
    /// 第五十八条 item 3 (疑难复杂, 多个法律关系).
    pub const ART_58_ITEM_3: &str = "行政处罚法/art_58__para_1__item_3";
    /// 第五十八条 item 4 (法律、法规规定的其他情形).
    pub const ART_58_ITEM_4: &str = "行政处罚法/art_58__para_1__item_4";
    /// 第五十八条 第一款 (whole paragraph: 未经法制审核不得作出决定).
    pub const ART_58_PARA_1: &str = "行政处罚法/art_58__para_1";
    /// 第六十条 (九十日内作出决定).
    pub const ART_60: &str = "行政处罚法/art_60";
    /// 第六十一条 第一款 (七日内送达).
    pub const ART_61_PARA_1: &str = "行政处罚法/art_61__para_1";
    /// 第六十二条 (未告知不得作出决定).
    pub const ART_62: &str = "行政处罚法/art_62";
    /// 第六十三条 第一款 items 1–6 (听证).
    pub const ART_63_ITEM_1: &str = "行政处罚法/art_63__para_1__item_1";
    /// 第六十三条 item 2.
    pub const ART_63_ITEM_2: &str = "行政处罚法/art_63__para_1__item_2";
    /// 第六十三条 item 3.
    pub const ART_63_ITEM_3: &str = "行政处罚法/art_63__para_1__item_3";
    /// 第六十三条 item 4.
    pub const ART_63_ITEM_4: &str = "行政处罚法/art_63__para_1__item_4";
    /// 第六十三条 item 5.
    pub const ART_63_ITEM_5: &str = "行政处罚法/art_63__para_1__item_5";
    /// 第六十三条 item 6.
    pub const ART_63_ITEM_6: &str = "行政处罚法/art_63__para_1__item_6";
    /// 第六十三条 第一款 (whole paragraph).
    pub const ART_63_PARA_1: &str = "行政处罚法/art_63__para_1";
    /// 第六十四条 item 1 (告知后五日内提出听证).
    pub const ART_64_ITEM_1: &str = "行政处罚法/art_64__para_1__item_1";
    /// 第六十四条 item 2 (举行听证的七日前通知时间、地点).
    pub const ART_64_ITEM_2: &str = "行政处罚法/art_64__para_1__item_2";
    /// 第六十五条 (听证后依笔录决定).
    pub const ART_65: &str = "行政处罚法/art_65";
    /// 第六十七条 第三款 (十五日内缴纳).
    pub const ART_67_PARA_3: &str = "行政处罚法/art_67__para_3";
    /// 第六十八条 item 1 (一百元以下).
    pub const ART_68_ITEM_1: &str = "行政处罚法/art_68__para_1__item_1";
    /// 第六十八条 item 2 (不当场收缴事后难以执行).
    pub const ART_68_ITEM_2: &str = "行政处罚法/art_68__para_1__item_2";
    /// 第六十九条 (边远、水上、交通不便地区).
    pub const ART_69: &str = "行政处罚法/art_69";
    /// 第七十一条 (二日内交至行政机关, 二日内缴付银行).
    pub const ART_71: &str = "行政处罚法/art_71";
    /// 第七十二条 第一款 item 1 (每日百分之三, 不得超出罚款数额).
    pub const ART_72_ITEM_1: &str = "行政处罚法/art_72__para_1__item_1";
    /// 第七十三条 第三款 (复议、诉讼期间不予计算).
    pub const ART_73_PARA_3: &str = "行政处罚法/art_73__para_3";
    /// 第八十五条 (二日、三日、五日、七日 are working days).
    pub const ART_85: &str = "行政处罚法/art_85";
}
