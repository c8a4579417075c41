//! Case stages and the transitions the Law allows.
//!
//! General procedure: 线索 → 立案 → 调查取证 → 审查 → 法制审核 → 告知 → (听证) → (集体讨论) →
//! 决定 → 送达 → 执行 → 结案 → 归档. Legal review may also follow the notice or the hearing
//! (第五十八条 only requires it "在行政机关负责人作出行政处罚的决定之前"). Summary procedure
//! (第五十一条、第五十二条): 线索 → 当场决定 → 送达 (handed over on the spot) → 执行 → 结案 → 归档.

use chrono::NaiveDate;

use super::Refusal;
use super::rules::{self, SummaryFacts, check_enforcement_team, summary_procedure_allowed};
use crate::org::CardRow;

/// A case stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    /// 线索.
    Lead,
    /// 立案.
    Filed,
    /// 调查取证.
    Investigating,
    /// 调查终结审查 (第五十七条).
    Reviewed,
    /// 法制审核 done (第五十八条).
    LegalReview,
    /// 告知 given (第四十四条).
    Notified,
    /// 听证 held (第六十四条).
    Hearing,
    /// 集体讨论 held (第五十七条 第二款).
    CollectiveDiscussion,
    /// 决定 made.
    Decided,
    /// 送达.
    Served,
    /// 执行 finished.
    Executed,
    /// 结案.
    Closed,
    /// 归档.
    Archived,
}

impl Stage {
    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Lead => "线索",
            Self::Filed => "立案",
            Self::Investigating => "调查取证",
            Self::Reviewed => "审查",
            Self::LegalReview => "法制审核",
            Self::Notified => "告知",
            Self::Hearing => "听证",
            Self::CollectiveDiscussion => "集体讨论",
            Self::Decided => "决定",
            Self::Served => "送达",
            Self::Executed => "执行",
            Self::Closed => "结案",
            Self::Archived => "归档",
        }
    }
    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Lead => "lead",
            Self::Filed => "filed",
            Self::Investigating => "investigating",
            Self::Reviewed => "reviewed",
            Self::LegalReview => "legal review",
            Self::Notified => "notified",
            Self::Hearing => "hearing",
            Self::CollectiveDiscussion => "collective discussion",
            Self::Decided => "decided",
            Self::Served => "served",
            Self::Executed => "executed",
            Self::Closed => "closed",
            Self::Archived => "archived",
        }
    }
}

impl serde::Serialize for Stage {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Stage {
    /// Every value, in workflow order.
    pub const ALL: [Stage; 13] = [
        Self::Lead,
        Self::Filed,
        Self::Investigating,
        Self::Reviewed,
        Self::LegalReview,
        Self::Notified,
        Self::Hearing,
        Self::CollectiveDiscussion,
        Self::Decided,
        Self::Served,
        Self::Executed,
        Self::Closed,
        Self::Archived,
    ];

    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Lead => "lead",
            Self::Filed => "filed",
            Self::Investigating => "investigating",
            Self::Reviewed => "reviewed",
            Self::LegalReview => "legal_review",
            Self::Notified => "notified",
            Self::Hearing => "hearing",
            Self::CollectiveDiscussion => "discussion",
            Self::Decided => "decided",
            Self::Served => "served",
            Self::Executed => "executed",
            Self::Closed => "closed",
            Self::Archived => "archived",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Stage> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// Label in a language ("zh" | "en").
    pub fn label(self, lang: &str) -> &'static str {
        if lang == "en" {
            self.label_en()
        } else {
            self.label_zh()
        }
    }
}

/// What an officer tries to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// 立案.
    File,
    /// Start 调查取证.
    Investigate,
    /// 调查终结, submit for 审查.
    Review,
    /// Record a passed 法制审核.
    LegalReview,
    /// Give the 告知.
    Notify,
    /// Hold the requested 听证.
    HoldHearing,
    /// Hold the 集体讨论.
    Discuss,
    /// Make the decision (general procedure).
    Decide,
    /// Decide on the spot (简易程序).
    DecideOnSpot,
    /// Serve the decision.
    Serve,
    /// Record execution (payment or compulsory execution).
    Execute,
    /// 结案.
    Close,
    /// 归档.
    Archive,
}

impl Action {
    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::File => "立案",
            Self::Investigate => "调查取证",
            Self::Review => "审查",
            Self::LegalReview => "法制审核",
            Self::Notify => "告知",
            Self::HoldHearing => "听证",
            Self::Discuss => "集体讨论",
            Self::Decide => "作出决定",
            Self::DecideOnSpot => "当场作出决定",
            Self::Serve => "送达",
            Self::Execute => "执行",
            Self::Close => "结案",
            Self::Archive => "归档",
        }
    }
    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Self::File => "file",
            Self::Investigate => "investigate",
            Self::Review => "review",
            Self::LegalReview => "record legal review",
            Self::Notify => "notify",
            Self::HoldHearing => "hold hearing",
            Self::Discuss => "hold collective discussion",
            Self::Decide => "decide",
            Self::DecideOnSpot => "decide on the spot",
            Self::Serve => "serve",
            Self::Execute => "execute",
            Self::Close => "close",
            Self::Archive => "archive",
        }
    }
}

impl serde::Serialize for Action {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Action {
    /// Every value, in workflow order.
    pub const ALL: [Action; 13] = [
        Self::File,
        Self::Investigate,
        Self::Review,
        Self::LegalReview,
        Self::Notify,
        Self::HoldHearing,
        Self::Discuss,
        Self::Decide,
        Self::DecideOnSpot,
        Self::Serve,
        Self::Execute,
        Self::Close,
        Self::Archive,
    ];

    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::File => "file",
            Self::Investigate => "investigate",
            Self::Review => "review",
            Self::LegalReview => "legal_review",
            Self::Notify => "notify",
            Self::HoldHearing => "hearing",
            Self::Discuss => "discuss",
            Self::Decide => "decide",
            Self::DecideOnSpot => "decide_on_spot",
            Self::Serve => "serve",
            Self::Execute => "execute",
            Self::Close => "close",
            Self::Archive => "archive",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Action> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// Label in a language ("zh" | "en").
    pub fn label(self, lang: &str) -> &'static str {
        if lang == "en" {
            self.label_en()
        } else {
            self.label_zh()
        }
    }
}

/// Facts of the case the transition checks read (the workflow fills them from records).
#[derive(Debug, Clone, Default)]
pub struct TransitionFacts {
    /// Day of the action.
    pub on: Option<NaiveDate>,
    /// Enforcement domain of the case (for card validity); empty: any.
    pub domain: String,
    /// Officers assigned to the step.
    pub officer_ids: Vec<i64>,
    /// Their cards.
    pub cards: Vec<CardRow>,
    /// 告知 was given (第四十四条).
    pub notice_given: bool,
    /// The party expressly waived 陈述、申辩 (第六十二条 exception).
    pub statement_waived: bool,
    /// 法制审核 is compulsory (see `rules::legal_review_grounds`).
    pub legal_review_required: bool,
    /// 法制审核 passed.
    pub legal_review_passed: bool,
    /// The party requested a hearing in time.
    pub hearing_requested: bool,
    /// The hearing was held (or the party is deemed to have waived it, 第六十四条 （六）).
    pub hearing_held: bool,
    /// 集体讨论 is compulsory (see `rules::collective_discussion_required`).
    pub collective_discussion_required: bool,
    /// 集体讨论 took place.
    pub collective_discussion_held: bool,
    /// Facts for the summary path.
    pub summary: Option<SummaryFacts>,
}

fn team(facts: &TransitionFacts) -> Result<(), Refusal> {
    let Some(on) = facts.on else {
        return Err(Refusal::InvalidPeriod);
    };
    check_enforcement_team(&facts.officer_ids, &facts.cards, on, &facts.domain).map(|_| ())
}

/// Checks of 第四十四条/第六十二条, 第六十三条/第六十五条, 第五十八条 and 第五十七条 第二款
/// before a decision.
fn decision_checks(facts: &TransitionFacts) -> Result<(), Refusal> {
    rules::prior_notice_given(facts.notice_given, facts.statement_waived)?;
    if facts.hearing_requested && !facts.hearing_held {
        return Err(Refusal::HearingNotHeld);
    }
    if facts.legal_review_required && !facts.legal_review_passed {
        return Err(Refusal::LegalReviewMissing);
    }
    if facts.collective_discussion_required && !facts.collective_discussion_held {
        return Err(Refusal::CollectiveDiscussionMissing);
    }
    Ok(())
}

/// The stage after `action`, or why it is refused. Pure: the caller stores nothing on `Err`.
///
/// Refusals with their articles: deciding before notice (`NoticeMissing`, 第四十四条、
/// 第六十二条); serving before deciding (`NotDecided`, 第六十一条); fewer than two officers or
/// an invalid card when investigating or deciding on the spot (第四十二条); deciding without a
/// compulsory legal review (第五十八条), collective discussion (第五十七条 第二款) or requested
/// hearing (第六十三条、第六十五条); summary decisions outside 第五十一条.
pub fn next(stage: Stage, action: Action, facts: &TransitionFacts) -> Result<Stage, Refusal> {
    use Action as A;
    use Stage as S;
    let invalid = || Refusal::InvalidTransition {
        from: stage,
        action,
    };
    match (stage, action) {
        (S::Lead, A::File) => Ok(S::Filed),
        (S::Filed, A::Investigate) => team(facts).map(|()| S::Investigating),
        (S::Investigating, A::Review) => Ok(S::Reviewed),
        (S::Reviewed | S::Notified | S::Hearing, A::LegalReview) => Ok(S::LegalReview),
        (S::Reviewed | S::LegalReview, A::Notify) => Ok(S::Notified),
        // A hearing requested in time after a collective discussion is still held (第六十三条).
        (S::Notified | S::LegalReview | S::CollectiveDiscussion, A::HoldHearing) => {
            if facts.hearing_requested {
                Ok(S::Hearing)
            } else {
                Err(invalid())
            }
        }
        (S::Notified | S::Hearing | S::LegalReview, A::Discuss) => {
            if facts.notice_given || facts.statement_waived {
                Ok(S::CollectiveDiscussion)
            } else {
                Err(Refusal::NoticeMissing)
            }
        }
        (
            S::Filed
            | S::Investigating
            | S::Reviewed
            | S::LegalReview
            | S::Notified
            | S::Hearing
            | S::CollectiveDiscussion,
            A::Decide,
        ) => {
            decision_checks(facts)?;
            if matches!(stage, S::Filed | S::Investigating) {
                // 第五十七条: the head decides after the investigation is reviewed.
                return Err(invalid());
            }
            Ok(S::Decided)
        }
        (S::Lead, A::DecideOnSpot) => {
            let summary = facts.summary.as_ref().ok_or(Refusal::SummaryNotAllowed)?;
            summary_procedure_allowed(summary)?;
            // 第四十四条、第六十二条 apply on the spot too: told and heard (or waived) first.
            rules::prior_notice_given(facts.notice_given, facts.statement_waived)?;
            team(facts)?;
            Ok(S::Decided)
        }
        (S::Decided, A::Serve) => Ok(S::Served),
        (_, A::Serve) if stage < S::Decided => Err(Refusal::NotDecided),
        (S::Served, A::Execute) => Ok(S::Executed),
        (S::Executed, A::Close) => Ok(S::Closed),
        (S::Closed, A::Archive) => Ok(S::Archived),
        _ => Err(invalid()),
    }
}
