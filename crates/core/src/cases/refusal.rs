//! Why a rule says no: bilingual, with the provisions it rests on.

use super::prov;
use super::state::{Action, Stage};
use crate::calendar::CalendarError;

/// A refused step or an input the rules cannot evaluate. `Display` is the English message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message_en())]
pub enum Refusal {
    /// The action is not possible from this stage at all.
    InvalidTransition { from: Stage, action: Action },
    /// Deciding before the party was notified (第四十四条、第六十二条).
    NoticeMissing,
    /// Serving a decision that has not been made (第六十一条).
    NotDecided,
    /// Fewer than two distinct officers (第四十二条).
    TooFewOfficers { count: usize },
    /// An officer holds no card valid on the day for the domain (第四十二条).
    CardInvalid { officer_id: i64 },
    /// 法制审核 is compulsory and has not passed (第五十八条).
    LegalReviewMissing,
    /// 集体讨论 is compulsory and has not taken place (第五十七条 第二款).
    CollectiveDiscussionMissing,
    /// The party requested a hearing that has not been held (第六十三条、第六十五条).
    HearingNotHeld,
    /// The case does not qualify for 简易程序 (第五十一条).
    SummaryNotAllowed,
    /// On-the-spot collection is not allowed (第六十八条、第六十九条).
    CollectionNotAllowed,
    /// A money amount is negative or too large to compute with.
    InvalidAmount { fen: i64 },
    /// A date range is reversed (end before start).
    InvalidPeriod,
    /// The calendar could not compute the deadline.
    Calendar(CalendarError),
}

impl From<CalendarError> for Refusal {
    fn from(e: CalendarError) -> Self {
        Refusal::Calendar(e)
    }
}

impl Refusal {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidTransition { .. } => "cases.transition_invalid",
            Self::NoticeMissing => "cases.notice_missing",
            Self::NotDecided => "cases.not_decided",
            Self::TooFewOfficers { .. } => "cases.too_few_officers",
            Self::CardInvalid { .. } => "cases.card_invalid",
            Self::LegalReviewMissing => "cases.legal_review_missing",
            Self::CollectiveDiscussionMissing => "cases.collective_discussion_missing",
            Self::HearingNotHeld => "cases.hearing_not_held",
            Self::SummaryNotAllowed => "cases.summary_not_allowed",
            Self::CollectionNotAllowed => "cases.collection_not_allowed",
            Self::InvalidAmount { .. } => "cases.amount_invalid",
            Self::InvalidPeriod => "cases.period_invalid",
            Self::Calendar(e) => e.code(),
        }
    }

    /// Provisions the refusal rests on (empty for input errors).
    pub fn provisions(&self) -> &'static [&'static str] {
        match self {
            Self::NoticeMissing => &[prov::ART_44, prov::ART_62],
            Self::NotDecided => &[prov::ART_61_PARA_1],
            Self::TooFewOfficers { .. } | Self::CardInvalid { .. } => &[prov::ART_42_PARA_1],
            Self::LegalReviewMissing => &[prov::ART_58_PARA_1],
            Self::CollectiveDiscussionMissing => &[prov::ART_57_PARA_2],
            Self::HearingNotHeld => &[prov::ART_63_PARA_1, prov::ART_65],
            Self::SummaryNotAllowed => &[prov::ART_51],
            Self::CollectionNotAllowed => &[prov::ART_68_ITEM_1, prov::ART_69],
            Self::InvalidTransition { .. }
            | Self::InvalidAmount { .. }
            | Self::InvalidPeriod
            | Self::Calendar(_) => &[],
        }
    }

    /// Message in Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            Self::InvalidTransition { from, action } => format!(
                "案件处于“{}”阶段，不能执行“{}”。",
                from.label_zh(),
                action.label_zh()
            ),
            Self::NoticeMissing => "未告知当事人拟作出的行政处罚内容及事实、理由、依据和陈述、申辩、要求听证等权利，不得作出行政处罚决定（行政处罚法第四十四条、第六十二条）。".into(),
            Self::NotDecided => "尚未作出行政处罚决定，不能送达（行政处罚法第六十一条）。".into(),
            Self::TooFewOfficers { count } => format!(
                "执法人员不得少于两人，当前仅 {count} 人（行政处罚法第四十二条）。"
            ),
            Self::CardInvalid { officer_id } => format!(
                "执法人员（编号 {officer_id}）当日无有效的本领域执法证，不具有行政执法资格（行政处罚法第四十二条）。"
            ),
            Self::LegalReviewMissing => "本案应当进行法制审核，未经法制审核或者审核未通过的，不得作出决定（行政处罚法第五十八条）。".into(),
            Self::CollectiveDiscussionMissing => "对情节复杂或者重大违法行为给予行政处罚，应当由行政机关负责人集体讨论决定（行政处罚法第五十七条第二款）。".into(),
            Self::HearingNotHeld => "当事人已要求听证，应当组织听证并根据听证笔录作出决定（行政处罚法第六十三条、第六十五条）。".into(),
            Self::SummaryNotAllowed => "不符合当场作出行政处罚决定的条件：须违法事实确凿并有法定依据，且仅为警告或对公民二百元以下、对法人或者其他组织三千元以下罚款（行政处罚法第五十一条）。".into(),
            Self::CollectionNotAllowed => "不符合当场收缴罚款的条件（行政处罚法第六十八条、第六十九条）。".into(),
            Self::InvalidAmount { fen } => format!("金额无效：{fen} 分。"),
            Self::InvalidPeriod => "期间的结束日期早于开始日期。".into(),
            Self::Calendar(e) => e.message_zh(),
        }
    }

    /// Message in English.
    pub fn message_en(&self) -> String {
        match self {
            Self::InvalidTransition { from, action } => format!(
                "A case at stage \"{}\" cannot \"{}\".",
                from.label_en(),
                action.label_en()
            ),
            Self::NoticeMissing => "No penalty decision may be made before the party has been told the intended penalty, its facts, reasons and basis, and the rights to state a case, defend and request a hearing (Administrative Penalty Law Art. 44, 62).".into(),
            Self::NotDecided => "No penalty decision has been made, so there is nothing to serve (Administrative Penalty Law Art. 61).".into(),
            Self::TooFewOfficers { count } => format!(
                "At least two enforcement officers are required; only {count} assigned (Administrative Penalty Law Art. 42)."
            ),
            Self::CardInvalid { officer_id } => format!(
                "Officer {officer_id} holds no enforcement card valid on that day for this domain (Administrative Penalty Law Art. 42)."
            ),
            Self::LegalReviewMissing => "This case requires legal review; without a passed legal review no decision may be made (Administrative Penalty Law Art. 58).".into(),
            Self::CollectiveDiscussionMissing => "A penalty for a complex case or a serious violation must be decided by collective discussion of the agency's heads (Administrative Penalty Law Art. 57(2)).".into(),
            Self::HearingNotHeld => "The party requested a hearing; it must be held and the decision based on its record (Administrative Penalty Law Art. 63, 65).".into(),
            Self::SummaryNotAllowed => "The summary procedure needs established facts with a legal basis and only a warning or a fine of at most 200 yuan (citizen) or 3,000 yuan (organisation) (Administrative Penalty Law Art. 51).".into(),
            Self::CollectionNotAllowed => "The fine may not be collected on the spot (Administrative Penalty Law Art. 68, 69).".into(),
            Self::InvalidAmount { fen } => format!("Invalid amount: {fen} fen."),
            Self::InvalidPeriod => "The period ends before it starts.".into(),
            Self::Calendar(e) => e.message_en(),
        }
    }
}
