//! The time limits and gates of 重大行政决策程序暂行条例 (国务院令第713号, in force 2019-09-01)
//! as pure functions, each with its article. Figures confirmed against the text in
//! `shared/data/laws/重大行政决策程序暂行条例(2019-04-20).md`.

use chrono::NaiveDate;

use crate::calendar::{CalendarError, HolidayCalendar};
use crate::labels::labelled_enum;

/// 第十五条: "公开征求意见的期限一般不少于30日" (calendar days).
pub const COMMENT_DAYS: i64 = 30;
/// 第十六条 第三款: "听证会材料应当于召开听证会7日前送达听证参加人".
pub const HEARING_MATERIALS_DAYS: i64 = 7;
/// 第二十六条 第二款: "送请合法性审查，应当保证必要的审查时间，一般不少于7个工作日".
pub const REVIEW_WORKING_DAYS: u32 = 7;

labelled_enum!(
    /// The kinds of decision items (第三条 第一款 第（一）–（五）项).
    Category {
        PublicPolicy = "public_policy", "重大公共政策和措施", "Major public policy";
        Plan = "plan", "重要规划", "Important plan";
        Resources = "resources", "重要自然资源和文化资源", "Natural and cultural resources";
        Project = "project", "重大公共建设项目", "Major public construction project";
        Other = "other", "其他重大事项", "Other major matter";
    }
);

impl Category {
    /// The item of 第三条 第一款.
    pub fn article(self) -> &'static str {
        match self {
            Self::PublicPolicy => "第三条第一款第（一）项",
            Self::Plan => "第三条第一款第（二）项",
            Self::Resources => "第三条第一款第（三）项",
            Self::Project => "第三条第一款第（四）项",
            Self::Other => "第三条第一款第（五）项",
        }
    }
}

labelled_enum!(
    /// Why a post-evaluation is held (第三十六条 第一款).
    Trigger {
        Ineffective = "ineffective", "实施后明显未达到预期效果", "Clearly short of its aims";
        Complaints = "complaints", "公民、法人或者其他组织提出较多意见", "Many objections";
        Necessary = "necessary", "决策机关认为有必要", "The decision body sees a need";
    }
);

labelled_enum!(
    /// A member's position at the collective discussion.
    Position {
        Agree = "agree", "同意", "Agrees";
        Disagree = "disagree", "不同意", "Disagrees";
        Abstain = "abstain", "保留意见", "Reserves";
    }
);

labelled_enum!(
    /// The conclusion of the legality review (第二十五条, 第二十七条).
    ReviewConclusion {
        Lawful = "lawful", "合法", "Lawful";
        Exploratory = "exploratory", "探索性改革事项，明示法律风险", "Exploratory, legal risk stated";
        Unlawful = "unlawful", "不合法", "Unlawful";
    }
);

impl ReviewConclusion {
    /// 第二十五条 第二款: a draft found unlawful may not go to the discussion; an exploratory
    /// reform item may, with its legal risk stated.
    pub fn may_be_discussed(self) -> bool {
        !matches!(self, Self::Unlawful)
    }
}

/// 第十五条: the public comment period is at least thirty days; a shorter one needs the reason
/// stated when the draft is published. `Err` carries the days actually given.
pub fn comment_period_ok(from: NaiveDate, to: NaiveDate, short_reason: &str) -> Result<(), i64> {
    let days = (to - from).num_days() + 1;
    if days >= COMMENT_DAYS || !short_reason.trim().is_empty() {
        Ok(())
    } else {
        Err(days)
    }
}

/// 第十六条 第三款: the hearing materials reach the participants seven days before the
/// hearing: the latest day they may be delivered.
pub fn hearing_materials_by(hearing_on: NaiveDate) -> NaiveDate {
    hearing_on - chrono::Duration::days(HEARING_MATERIALS_DAYS)
}

/// 第二十六条 第二款: the earliest day the review may be asked to be finished — seven working
/// days after the draft is sent (the start day not counted).
pub fn review_earliest_due(
    cal: &HolidayCalendar,
    submitted_on: NaiveDate,
) -> Result<NaiveDate, CalendarError> {
    Ok(cal
        .add_working_days(submitted_on, REVIEW_WORKING_DAYS)?
        .date)
}

/// One member's words at the discussion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speech {
    pub speaker: String,
    pub is_head: bool,
    pub position: Position,
    pub opinion: String,
}

/// What is wrong with the record of a collective discussion (第三十条).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiscussionFault {
    /// Nobody spoke, or the members did not speak before the head.
    NoMembers,
    /// There must be exactly one head (行政首长).
    Head,
    /// 第三十条 第二款: "行政首长最后发表意见".
    HeadNotLast,
    /// 第三十条 第二款: the head decides against the majority without saying why.
    NoReason,
    /// 第三十条 第三款: "不同意见应当如实载明".
    DissentNotRecorded,
}

impl DiscussionFault {
    pub fn message(self) -> (&'static str, &'static str) {
        match self {
            Self::NoMembers => (
                "会议组成人员应当充分发表意见，请录入组成人员的发言（《重大行政决策程序暂行条例》第三十条第二款）。",
                "The members must give their views: record their speeches (art. 30(2)).",
            ),
            Self::Head => (
                "须且只能有一名行政首长（《重大行政决策程序暂行条例》第三十条）。",
                "There must be exactly one executive head (art. 30).",
            ),
            Self::HeadNotLast => (
                "行政首长应当最后发表意见（《重大行政决策程序暂行条例》第三十条第二款）。",
                "The executive head speaks last (art. 30(2)).",
            ),
            Self::NoReason => (
                "行政首长拟作出的决定与会议组成人员多数人的意见不一致的，应当在会上说明理由（第三十条第二款）。",
                "A head deciding against the majority of the members must state the reasons (art. 30(2)).",
            ),
            Self::DissentNotRecorded => (
                "有组成人员不同意，不同意见应当如实载明（《重大行政决策程序暂行条例》第三十条第三款）。",
                "A member disagreed: the dissent must be recorded as given (art. 30(3)).",
            ),
        }
    }
}

/// Checks a discussion record (第三十条): members speak, the head last; a decision against the
/// majority of the members carries the head's reason; any dissent is written down.
pub fn check_discussion(
    speeches: &[Speech],
    adopted: bool,
    head_reason: &str,
    dissent: &str,
) -> Result<(), DiscussionFault> {
    let heads = speeches.iter().filter(|s| s.is_head).count();
    if heads != 1 {
        return Err(DiscussionFault::Head);
    }
    let members: Vec<&Speech> = speeches.iter().filter(|s| !s.is_head).collect();
    if members.is_empty() {
        return Err(DiscussionFault::NoMembers);
    }
    if !speeches.last().is_some_and(|s| s.is_head) {
        return Err(DiscussionFault::HeadNotLast);
    }
    let agree = members
        .iter()
        .filter(|s| s.position == Position::Agree)
        .count();
    let against = members.len() - agree;
    // The majority of the members, against which the head's decision is measured.
    let majority_against_decision = if adopted {
        against * 2 > members.len()
    } else {
        agree * 2 > members.len()
    };
    if majority_against_decision && head_reason.trim().is_empty() {
        return Err(DiscussionFault::NoReason);
    }
    let any_dissent = members.iter().any(|s| s.position != Position::Agree);
    if any_dissent && dissent.trim().is_empty() {
        return Err(DiscussionFault::DissentNotRecorded);
    }
    Ok(())
}

/// 第三十条 第一款: the discussion is at the 常务会议 or the 全体会议.
pub fn meeting_kind_ok(kind: &str) -> bool {
    matches!(kind.trim(), "常务会议" | "全体会议")
}

/// 第三十六条 第二款: a post-evaluation may be entrusted to a third party, but not to the unit
/// that did the main argument or assessment before the decision.
pub fn evaluator_independent(evaluator: &str, earlier: &[&str]) -> bool {
    let e = evaluator.trim();
    !e.is_empty()
        && !earlier
            .iter()
            .any(|x| !x.trim().is_empty() && x.trim() == e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn sp(name: &str, head: bool, p: Position) -> Speech {
        Speech {
            speaker: name.into(),
            is_head: head,
            position: p,
            opinion: String::new(),
        }
    }

    /// 第十五条: thirty days, or fewer with a stated reason.
    #[test]
    fn comment_period_art_15() {
        assert_eq!(
            comment_period_ok(d("2024-03-01"), d("2024-03-30"), ""),
            Ok(())
        );
        assert_eq!(
            comment_period_ok(d("2024-03-01"), d("2024-03-29"), ""),
            Err(29)
        );
        assert_eq!(
            comment_period_ok(d("2024-03-01"), d("2024-03-15"), "防汛工作紧急"),
            Ok(())
        );
    }

    /// 第十六条 第三款: materials seven days before the hearing.
    #[test]
    fn hearing_materials_art_16() {
        assert_eq!(hearing_materials_by(d("2024-05-20")), d("2024-05-13"));
    }

    /// 第二十六条 第二款: seven working days; the 2024 May Day holiday (05-01 to 05-05, with
    /// 04-28 worked) and the Dragon Boat Festival (06-10) are skipped.
    #[test]
    fn review_time_art_26() {
        let cal = HolidayCalendar::from_toml_str(include_str!("../../data/cn-holidays.toml"))
            .expect("calendar");
        assert_eq!(
            review_earliest_due(&cal, d("2024-04-26")).expect("due"),
            d("2024-05-09")
        );
        assert_eq!(
            review_earliest_due(&cal, d("2024-06-03")).expect("due"),
            d("2024-06-13")
        );
    }

    /// 第三十条: the head last, a reason against the majority, dissent on record.
    #[test]
    fn discussion_art_30() {
        let ok = vec![
            sp("甲", false, Position::Agree),
            sp("乙", false, Position::Agree),
            sp("区长", true, Position::Agree),
        ];
        assert_eq!(check_discussion(&ok, true, "", ""), Ok(()));
        let head_first = vec![
            sp("区长", true, Position::Agree),
            sp("甲", false, Position::Agree),
        ];
        assert_eq!(
            check_discussion(&head_first, true, "", ""),
            Err(DiscussionFault::HeadNotLast)
        );
        assert_eq!(
            check_discussion(&[sp("区长", true, Position::Agree)], true, "", ""),
            Err(DiscussionFault::NoMembers)
        );
        let no_head = vec![sp("甲", false, Position::Agree)];
        assert_eq!(
            check_discussion(&no_head, true, "", ""),
            Err(DiscussionFault::Head)
        );
        let split = vec![
            sp("甲", false, Position::Agree),
            sp("乙", false, Position::Disagree),
            sp("区长", true, Position::Agree),
        ];
        assert_eq!(
            check_discussion(&split, true, "", ""),
            Err(DiscussionFault::DissentNotRecorded)
        );
        assert_eq!(
            check_discussion(&split, true, "", "乙：资金来源尚不明确"),
            Ok(())
        );
        let against = vec![
            sp("甲", false, Position::Disagree),
            sp("乙", false, Position::Disagree),
            sp("丙", false, Position::Agree),
            sp("区长", true, Position::Agree),
        ];
        assert_eq!(
            check_discussion(&against, true, "", "甲、乙不同意"),
            Err(DiscussionFault::NoReason)
        );
        assert_eq!(
            check_discussion(&against, true, "时间紧迫，分期实施可控", "甲、乙不同意"),
            Ok(())
        );
        assert!(meeting_kind_ok("常务会议") && meeting_kind_ok("全体会议"));
        assert!(!meeting_kind_ok("专题会议"));
    }

    /// 第三十六条 第二款: not the unit that argued or assessed before.
    #[test]
    fn evaluator_art_36() {
        assert!(!evaluator_independent("某评估中心", &["某评估中心", ""]));
        assert!(evaluator_independent("另一研究院", &["某评估中心"]));
        assert!(!evaluator_independent(" ", &[]));
    }

    #[test]
    fn unlawful_drafts_are_not_discussed_art_25() {
        assert!(!ReviewConclusion::Unlawful.may_be_discussed());
        assert!(ReviewConclusion::Exploratory.may_be_discussed());
    }
}
