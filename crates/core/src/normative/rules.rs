//! The time limits and checklists of a normative document as pure functions, each with its
//! source.
//!
//! Sources in the corpus: 优化营商环境条例 (第六十二–六十四条), 公平竞争审查条例 (2024, 第八–十二条,
//! 第十八条), 法规规章备案审查条例 (2024, 第四条, 第二十五条), 行政复议法 (2023, 第五十六–六十条).
//! 国办发〔2018〕37号 and 国办发〔2018〕115号 are not in the corpus: their items (the drafting
//! steps, the review period of 5–15 working days, the review checklist) are the platform's own
//! configuration below, quoted from those notices as published, and named as such on every
//! refusal.

use chrono::{Months, NaiveDate};

use crate::calendar::{CalendarError, HolidayCalendar};
use crate::labels::labelled_enum;

/// 优化营商环境条例 第六十二条 第二款: "向社会公开征求意见的期限一般不少于30日" for documents closely
/// related to enterprises' production and operation.
pub const COMMENT_MIN_DAYS: i64 = 30;
/// 国办发〔2018〕115号: the legality review "一般不少于5个工作日，最长不超过15个工作日".
pub const REVIEW_MIN_WORKING_DAYS: u32 = 5;
pub const REVIEW_MAX_WORKING_DAYS: u32 = 15;
/// Validity: five years unless the document says less (国办发〔2018〕37号 and Tianjin practice
/// [S]: "有效期一般不超过5年"); evaluation six months before it ends.
pub const VALIDITY_YEARS: u32 = 5;
pub const EVALUATION_MONTHS_BEFORE: u32 = 6;
/// Filing (备案) with the higher body within 30 days of publication: 法规规章备案审查条例 第四条
/// sets 30 days for 规章 and 第二十五条 leaves the documents of lower bodies to the province's
/// system; the platform applies the same period (Tianjin's older 20-day rule is unconfirmed [S]).
pub const FILING_DAYS: u64 = 30;
/// 行政复议法 第五十六条: an incidental review request the body may handle is dealt with in
/// thirty days; one it may not is transferred within seven (working, 第八十八条) days.
pub const INCIDENTAL_HANDLE_DAYS: u64 = 30;
pub const INCIDENTAL_TRANSFER_WORKING_DAYS: u32 = 7;
/// 第五十八条: the drafting body is notified within three (working) days and answers in ten.
pub const INCIDENTAL_NOTIFY_WORKING_DAYS: u32 = 3;
pub const INCIDENTAL_ANSWER_WORKING_DAYS: u32 = 10;

labelled_enum!(
    /// Where a document stands.
    Status {
        Draft = "draft", "起草中", "Drafting";
        InReview = "in_review", "合法性审核中", "Under legality review";
        Reviewed = "reviewed", "已审核", "Reviewed";
        Deliberated = "deliberated", "已集体审议", "Deliberated";
        Signed = "signed", "已签署登记", "Signed and registered";
        Published = "published", "已公布施行", "Published, in force";
        Repealed = "repealed", "已废止", "Repealed";
        Replaced = "replaced", "已被修改替代", "Replaced by an amendment";
    }
);

labelled_enum!(
    /// The legality review's conclusion.
    Conclusion {
        Lawful = "lawful", "合法，同意提交审议", "Lawful";
        Amend = "amend", "修改后提交审议", "Lawful once amended";
        Unlawful = "unlawful", "不合法，不得提交审议", "Unlawful";
    }
);

/// The checklist of the legality review (国办发〔2018〕115号, "审核内容"): key, Chinese, English.
pub const CHECKLIST: &[(&str, &str, &str)] = &[
    (
        "competence",
        "制定主体是否合法、是否超越法定职权",
        "Competence of the drafting body",
    ),
    (
        "conformity",
        "是否与法律、法规、规章和上级文件相抵触",
        "Conformity with higher law",
    ),
    (
        "no_new_powers",
        "是否违法设定行政许可、行政处罚、行政强制、行政收费等事项",
        "No licence, penalty, compulsion or fee created",
    ),
    (
        "rights_duties",
        "是否没有依据减损公民、法人和其他组织合法权益或者增加其义务",
        "No rights reduced or duties added without a basis",
    ),
    (
        "procedure",
        "是否违反规定的制定程序",
        "Drafting procedure followed",
    ),
];

/// The standards of 公平竞争审查条例 第八–十一条 as a checklist: key, article, Chinese.
pub const FAIR_COMPETITION_STANDARDS: &[(&str, &str, &str)] = &[
    (
        "entry_approval",
        "第八条（一）",
        "对市场准入负面清单以外的行业、领域、业务违法设置审批程序",
    ),
    (
        "entry_franchise",
        "第八条（二）",
        "违法设置或者授予特许经营权",
    ),
    (
        "entry_designation",
        "第八条（三）",
        "限定经营、购买或者使用特定经营者提供的商品",
    ),
    (
        "entry_conditions",
        "第八条（四）",
        "设置不合理或者歧视性的准入、退出条件",
    ),
    (
        "flow_goods",
        "第九条（一）",
        "限制外地或者进口商品、要素进入本地市场或阻碍迁出、输出",
    ),
    (
        "flow_investment",
        "第九条（二）",
        "排斥、限制、强制外地经营者在本地投资经营或设立分支机构",
    ),
    (
        "flow_procurement",
        "第九条（三）",
        "排斥、限制外地经营者参加本地政府采购、招标投标",
    ),
    (
        "flow_fees",
        "第九条（四）",
        "对外地或者进口商品、要素设置歧视性收费、价格或者补贴",
    ),
    (
        "flow_requirements",
        "第九条（五）",
        "在资质标准、监管执法等方面对外地经营者设置歧视性要求",
    ),
    ("cost_tax", "第十条（一）", "给予特定经营者税收优惠"),
    (
        "cost_subsidy",
        "第十条（二）",
        "给予特定经营者选择性、差异化的财政奖励或者补贴",
    ),
    (
        "cost_factors",
        "第十条（三）",
        "给予特定经营者要素获取、行政事业性收费、社会保险费等方面的优惠",
    ),
    (
        "conduct_monopoly",
        "第十一条（一）",
        "强制经营者实施垄断行为或为其提供便利条件",
    ),
    (
        "conduct_pricing",
        "第十一条（二）",
        "超越权限制定政府指导价、政府定价或为特定经营者提供优惠价格",
    ),
    (
        "conduct_market_price",
        "第十一条（三）",
        "违法干预实行市场调节价的商品、要素的价格水平",
    ),
];

labelled_enum!(
    /// 公平竞争审查条例 第十二条: the grounds on which a measure with a restricting effect may
    /// still be issued.
    ExceptionGround {
        Security = "security", "维护国家安全和发展利益", "National security and development";
        Innovation = "innovation", "促进科学技术进步、增强自主创新能力", "Scientific and technological progress";
        PublicInterest = "public_interest", "节约能源、保护环境、救灾救助等社会公共利益", "Public interest (energy, environment, relief)";
        OtherLaw = "other_law", "法律、行政法规规定的其他情形", "Other cases provided by law";
    }
);

/// 优化营商环境条例 第六十二条 第二款: a comment period on a document touching enterprises is at
/// least thirty days, unless a shorter one is explained ("一般"). `None` when the period is
/// acceptable, else the number of days it has.
pub fn comment_too_short(
    touches_enterprises: bool,
    from: NaiveDate,
    to: NaiveDate,
    reason: &str,
) -> Option<i64> {
    let days = (to - from).num_days();
    (touches_enterprises && days < COMMENT_MIN_DAYS && reason.trim().is_empty()).then_some(days)
}

/// 115号: the earliest day the review may conclude (five working days after submission) and its
/// last day (fifteen).
pub fn review_window(
    cal: &HolidayCalendar,
    submitted: NaiveDate,
) -> Result<(NaiveDate, NaiveDate), CalendarError> {
    Ok((
        cal.add_working_days(submitted, REVIEW_MIN_WORKING_DAYS)?
            .date,
        cal.add_working_days(submitted, REVIEW_MAX_WORKING_DAYS)?
            .date,
    ))
}

/// The last day in force and the evaluation due date: `years` (1–5, default 5) from
/// publication, the evaluation six months before the end.
pub fn validity(published: NaiveDate, years: u32) -> Option<(NaiveDate, NaiveDate)> {
    if !(1..=VALIDITY_YEARS).contains(&years) {
        return None;
    }
    let until = published
        .checked_add_months(Months::new(12 * years))?
        .pred_opt()?;
    let evaluation = until.checked_sub_months(Months::new(EVALUATION_MONTHS_BEFORE))?;
    Some((until, evaluation))
}

/// The last day to file a published document (30 days, the start day not counted).
pub fn filing_due(cal: &HolidayCalendar, published: NaiveDate) -> Result<NaiveDate, CalendarError> {
    Ok(cal.add_calendar_days(published, FILING_DAYS as u32)?.date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    /// 优化营商环境条例 第六十二条: thirty days for documents touching enterprises, unless a shorter
    /// period is explained; no minimum otherwise.
    #[test]
    fn comment_period_of_article_62() {
        assert_eq!(
            comment_too_short(true, d("2024-03-01"), d("2024-03-20"), ""),
            Some(19)
        );
        assert_eq!(
            comment_too_short(true, d("2024-03-01"), d("2024-03-31"), ""),
            None
        );
        assert_eq!(
            comment_too_short(
                true,
                d("2024-03-01"),
                d("2024-03-10"),
                "防汛应急，须于汛期前施行"
            ),
            None
        );
        assert_eq!(
            comment_too_short(false, d("2024-03-01"), d("2024-03-08"), ""),
            None
        );
    }

    /// 5 years by default, evaluation six months before the last day; more than 5 is refused.
    #[test]
    fn validity_and_evaluation() {
        assert_eq!(
            validity(d("2024-03-15"), 5),
            Some((d("2029-03-14"), d("2028-09-14")))
        );
        assert_eq!(validity(d("2024-03-15"), 6), None);
        assert_eq!(validity(d("2024-03-15"), 0), None);
    }

    /// The checklists carry every item of 115号 and of 公平竞争审查条例 第八–十一条.
    #[test]
    fn checklists_are_complete() {
        assert_eq!(CHECKLIST.len(), 5);
        for art in ["第八条", "第九条", "第十条", "第十一条"] {
            assert!(
                FAIR_COMPETITION_STANDARDS
                    .iter()
                    .any(|(_, a, _)| a.starts_with(art))
            );
        }
    }
}
