//! The time limits and gates of 行政复议法 (2023, in force 2024-01-01) as pure functions.
//!
//! 第八十八条 第二款: "本法关于行政复议期间有关“三日”、“五日”、“七日”、“十日”的规定是指工作日"
//! — those use [`HolidayCalendar::add_working_days`]; every other period (sixty days, thirty
//! days, one year, five years) is in calendar days with the start day not counted and a last day
//! on a rest day moved to the next working day (第八十八条 第一款 → 民事诉讼法 第八十五条).

use chrono::NaiveDate;

use crate::calendar::{CalendarError, HolidayCalendar};
use crate::labels::labelled_enum;
use crate::money::Money;

labelled_enum!(
    /// What kind of act is challenged (the kinds the gates turn on).
    ActKind {
        Penalty = "penalty", "行政处罚", "Administrative penalty";
        SpotPenalty = "spot_penalty", "当场作出的行政处罚", "Penalty decided on the spot";
        MonitoredPenalty = "monitored_penalty", "依电子技术监控设备记录作出的行政处罚", "Penalty on electronic monitoring";
        Compulsion = "compulsion", "行政强制措施或强制执行", "Administrative compulsion";
        Licence = "licence", "行政许可", "Licensing";
        NaturalResources = "natural_resources", "自然资源所有权或使用权决定", "Rights to natural resources";
        NonPerformance = "non_performance", "不履行法定职责", "Failure to perform a duty";
        InformationRefused = "information_refused", "政府信息不予公开", "Refusal to disclose information";
        Other = "other", "其他行政行为", "Other act";
    }
);

labelled_enum!(
    /// How the application reached the reconsideration body.
    Channel {
        Portal = "portal", "网上申请", "Online";
        Counter = "counter", "窗口递交", "At the counter";
        Oral = "oral", "口头申请（当场记录）", "Oral (recorded on the spot)";
        Transfer = "transfer", "作出处罚的机关转送", "Forwarded by the penalising body";
    }
);

labelled_enum!(
    /// 第五十三条: the simplified procedure, or the ordinary one.
    Procedure {
        Ordinary = "ordinary", "普通程序", "Ordinary procedure";
        Simplified = "simplified", "简易程序", "Simplified procedure";
    }
);

/// 第二十条 第一款: sixty days from knowing the act.
pub const WINDOW_DAYS: u32 = 60;
/// 第二十条 第三款: at most one year from knowing the act when the rights were not told.
pub const UNTOLD_MAX_MONTHS: u32 = 12;
/// 第二十一条: five years from the act (twenty for real estate).
pub const ABSOLUTE_YEARS: u32 = 5;
pub const ABSOLUTE_YEARS_REAL_ESTATE: u32 = 20;
/// 第三十条: the acceptance review within five (working) days.
pub const ACCEPTANCE_WORKING_DAYS: u32 = 5;
/// 第三十一条: 补正 notified within five working days, supplied within ten.
pub const CORRECTION_NOTICE_WORKING_DAYS: u32 = 5;
pub const CORRECTION_WORKING_DAYS: u32 = 10;
/// 第三十二条: the penalising body forwards within five working days.
pub const TRANSFER_WORKING_DAYS: u32 = 5;
/// 第四十八条 / 第五十四条: the copy within seven (three) working days, the answer within ten
/// (five) working days.
pub const COPY_WORKING_DAYS: (u32, u32) = (7, 3);
pub const ANSWER_WORKING_DAYS: (u32, u32) = (10, 5);
/// 第六十二条: sixty days (thirty simplified), extended by at most thirty.
pub const DECISION_DAYS: (u32, u32) = (60, 30);
pub const MAX_EXTENSION_DAYS: i64 = 30;
/// 第五十三条 第（三）项: amounts of three thousand yuan or less.
pub const SIMPLIFIED_AMOUNT: Money = Money::from_fen(300_000);

impl Procedure {
    fn pick(self, (ordinary, simplified): (u32, u32)) -> u32 {
        match self {
            Procedure::Ordinary => ordinary,
            Procedure::Simplified => simplified,
        }
    }
}

/// The facts the application window turns on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowFacts {
    /// The day the act was made.
    pub act_on: NaiveDate,
    /// The day the applicant knew (or should have known) the act.
    pub knew_on: NaiveDate,
    /// Whether the act told the party of the right, the body and the period (第二十条 第三款).
    pub rights_told: bool,
    /// The day the applicant learnt of them, when it was not told (else ignored).
    pub rights_known_on: Option<NaiveDate>,
    pub real_estate: bool,
}

/// Why an application is out of time, if it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Late {
    /// 第二十条 第一款 (or 第三款): the last day was this.
    Window(NaiveDate),
    /// 第二十条 第三款: one year from knowing the act.
    OneYear(NaiveDate),
    /// 第二十一条: five (twenty) years from the act.
    Absolute(NaiveDate),
}

/// 第二十条、第二十一条: whether an application received on `received_on` is in time.
pub fn window(
    cal: &HolidayCalendar,
    f: &WindowFacts,
    received_on: NaiveDate,
) -> Result<Option<Late>, CalendarError> {
    let years = if f.real_estate {
        ABSOLUTE_YEARS_REAL_ESTATE
    } else {
        ABSOLUTE_YEARS
    };
    let absolute = cal.add_months(f.act_on, years * 12)?.date;
    if received_on > absolute {
        return Ok(Some(Late::Absolute(absolute)));
    }
    if f.rights_told {
        let last = cal.add_calendar_days(f.knew_on, WINDOW_DAYS)?.date;
        return Ok((received_on > last).then_some(Late::Window(last)));
    }
    let year = cal.add_months(f.knew_on, UNTOLD_MAX_MONTHS)?.date;
    if received_on > year {
        return Ok(Some(Late::OneYear(year)));
    }
    let from = f.rights_known_on.unwrap_or(received_on).max(f.knew_on);
    let last = cal.add_calendar_days(from, WINDOW_DAYS)?.date;
    Ok((received_on > last).then_some(Late::Window(last)))
}

/// 第二十三条: the acts that must go to reconsideration before any lawsuit.
pub fn prior_reconsideration_required(kind: ActKind) -> bool {
    matches!(
        kind,
        ActKind::SpotPenalty
            | ActKind::NaturalResources
            | ActKind::NonPerformance
            | ActKind::InformationRefused
    )
}

/// 第五十三条: the simplified procedure may be used for an act made on the spot, a warning or
/// 通报批评, an amount of 3,000 yuan or less, an information case — or with both parties'
/// consent.
pub fn simplified_allowed(
    kind: ActKind,
    warning_only: bool,
    amount: Option<Money>,
    consent: bool,
) -> bool {
    consent
        || warning_only
        || matches!(kind, ActKind::SpotPenalty | ActKind::InformationRefused)
        || amount.is_some_and(|a| a <= SIMPLIFIED_AMOUNT)
}

/// 第三十条: the last day of the acceptance review (the application is deemed accepted when no
/// decision was made by then).
pub fn acceptance_due(
    cal: &HolidayCalendar,
    received_on: NaiveDate,
) -> Result<NaiveDate, CalendarError> {
    Ok(cal
        .add_working_days(received_on, ACCEPTANCE_WORKING_DAYS)?
        .date)
}

/// 第三十一条: the last day to notify a 补正 (five working days from receipt).
pub fn correction_notice_due(
    cal: &HolidayCalendar,
    received_on: NaiveDate,
) -> Result<NaiveDate, CalendarError> {
    Ok(cal
        .add_working_days(received_on, CORRECTION_NOTICE_WORKING_DAYS)?
        .date)
}

/// 第三十一条 第二款: the applicant supplies within ten working days of receiving the notice.
pub fn correction_due(
    cal: &HolidayCalendar,
    notice_received_on: NaiveDate,
) -> Result<NaiveDate, CalendarError> {
    Ok(cal
        .add_working_days(notice_received_on, CORRECTION_WORKING_DAYS)?
        .date)
}

/// 第四十八条 / 第五十四条: the copy to the respondent.
pub fn copy_due(
    cal: &HolidayCalendar,
    p: Procedure,
    accepted_on: NaiveDate,
) -> Result<NaiveDate, CalendarError> {
    Ok(cal
        .add_working_days(accepted_on, p.pick(COPY_WORKING_DAYS))?
        .date)
}

/// 第四十八条 / 第五十四条: the respondent's written answer with its evidence (第七十条: without
/// it the act is taken to have none).
pub fn answer_due(
    cal: &HolidayCalendar,
    p: Procedure,
    copy_received_on: NaiveDate,
) -> Result<NaiveDate, CalendarError> {
    Ok(cal
        .add_working_days(copy_received_on, p.pick(ANSWER_WORKING_DAYS))?
        .date)
}

/// 第六十二条: the decision within sixty days of acceptance (thirty simplified), plus an approved
/// extension of at most thirty days, plus the days the case was suspended (第三十九条: 中止的
/// 期间 does not run).
pub fn decision_due(
    cal: &HolidayCalendar,
    p: Procedure,
    accepted_on: NaiveDate,
    extension_days: i64,
    suspended_days: i64,
) -> Result<NaiveDate, CalendarError> {
    let extra = extension_days.clamp(0, MAX_EXTENSION_DAYS) + suspended_days.max(0);
    let days = p.pick(DECISION_DAYS) + u32::try_from(extra).unwrap_or(0);
    Ok(cal.add_calendar_days(accepted_on, days)?.date)
}

/// 第五十一条: the parties are told of a hearing in writing five days before it; five days are
/// working days (第八十八条 第二款).
pub const HEARING_NOTICE_WORKING_DAYS: u32 = 5;
/// 第七十六条: the respondent reports within sixty days of receiving a 行政复议意见书.
pub const OPINION_REPLY_DAYS: u32 = 60;

/// 第五十一条: the earliest day a hearing may be held after the parties were notified.
pub fn earliest_hearing(
    cal: &HolidayCalendar,
    notified_on: NaiveDate,
) -> Result<NaiveDate, CalendarError> {
    Ok(cal
        .add_working_days(notified_on, HEARING_NOTICE_WORKING_DAYS)?
        .date)
}

/// 第七十六条: the respondent's report on a 意见书 received on `received_on`.
pub fn opinion_reply_due(
    cal: &HolidayCalendar,
    received_on: NaiveDate,
) -> Result<NaiveDate, CalendarError> {
    Ok(cal.add_calendar_days(received_on, OPINION_REPLY_DAYS)?.date)
}

/// 第六十二条 第一款: the extension needs the head's approval, the ordinary procedure, and at most
/// thirty days in all.
pub fn extension_allowed(p: Procedure, already: i64, more: i64) -> bool {
    p == Procedure::Ordinary && more > 0 && already + more <= MAX_EXTENSION_DAYS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn cal() -> HolidayCalendar {
        HolidayCalendar::from_toml_str(include_str!("../../data/cn-holidays.toml"))
            .expect("bundled calendar parses")
    }

    fn told(knew: &str) -> WindowFacts {
        WindowFacts {
            act_on: d(knew),
            knew_on: d(knew),
            rights_told: true,
            rights_known_on: None,
            real_estate: false,
        }
    }

    /// 第二十条 第一款: sixty days from knowing; 2024-08-02 + 60 = 10-01, a National Day holiday,
    /// so the last day is 10-08 (第八十八条 → 民事诉讼法 第八十五条).
    #[test]
    fn sixty_days_roll_past_national_day_fyf_art20() {
        let cal = cal();
        assert_eq!(
            window(&cal, &told("2024-08-02"), d("2024-10-08")).unwrap(),
            None
        );
        assert_eq!(
            window(&cal, &told("2024-08-02"), d("2024-10-09")).unwrap(),
            Some(Late::Window(d("2024-10-08")))
        );
    }

    /// 第二十条 第三款 and 第二十一条: untold rights give sixty days from learning them, but at
    /// most one year from knowing the act; five years from the act bar everything.
    #[test]
    fn untold_rights_and_absolute_limits_fyf_art20_art21() {
        let cal = cal();
        let f = WindowFacts {
            act_on: d("2024-03-04"),
            knew_on: d("2024-03-04"),
            rights_told: false,
            rights_known_on: Some(d("2024-11-01")),
            real_estate: false,
        };
        assert_eq!(window(&cal, &f, d("2024-12-20")).unwrap(), None);
        assert_eq!(
            window(&cal, &f, d("2025-01-02")).unwrap(),
            Some(Late::Window(d("2024-12-31")))
        );
        let mut g = f;
        g.rights_known_on = Some(d("2025-02-10"));
        assert_eq!(
            window(&cal, &g, d("2025-03-10")).unwrap(),
            Some(Late::OneYear(d("2025-03-04")))
        );
        let mut h = told("2019-01-02");
        h.knew_on = d("2024-05-06");
        assert_eq!(
            window(&cal, &h, d("2024-05-20")).unwrap(),
            Some(Late::Absolute(d("2024-01-02")))
        );
    }

    /// 第二十三条: 复议前置 for on-the-spot penalties, natural resources, non-performance and
    /// refused information.
    #[test]
    fn prior_reconsideration_kinds_fyf_art23() {
        assert!(prior_reconsideration_required(ActKind::SpotPenalty));
        assert!(prior_reconsideration_required(ActKind::InformationRefused));
        assert!(!prior_reconsideration_required(ActKind::Penalty));
        assert!(!prior_reconsideration_required(ActKind::MonitoredPenalty));
    }

    /// 第五十三条: 3,000 yuan or less, on the spot, a warning, information, or consent.
    #[test]
    fn simplified_procedure_scope_fyf_art53() {
        let yuan = |y: i64| Some(Money::from_fen(y * 100));
        assert!(simplified_allowed(
            ActKind::Penalty,
            false,
            yuan(3_000),
            false
        ));
        assert!(!simplified_allowed(
            ActKind::Penalty,
            false,
            yuan(3_001),
            false
        ));
        assert!(simplified_allowed(
            ActKind::Penalty,
            false,
            yuan(50_000),
            true
        ));
        assert!(simplified_allowed(ActKind::SpotPenalty, false, None, false));
        assert!(simplified_allowed(ActKind::Penalty, true, None, false));
    }

    /// 第三十条、第三十一条、第四十八条 with 第八十八条 第二款: five, ten, seven working days. An
    /// application received on Friday 2024-09-27 is reviewed by 10-10 (09-29 and 10-12 worked,
    /// 10-01..07 off).
    #[test]
    fn working_day_periods_fyf_art30_art31_art48_art88() {
        let cal = cal();
        assert_eq!(
            acceptance_due(&cal, d("2024-09-27")).unwrap(),
            d("2024-10-10")
        );
        assert_eq!(
            correction_due(&cal, d("2024-09-27")).unwrap(),
            d("2024-10-16")
        );
        assert_eq!(
            copy_due(&cal, Procedure::Ordinary, d("2024-09-27")).unwrap(),
            d("2024-10-12")
        );
        assert_eq!(
            copy_due(&cal, Procedure::Simplified, d("2024-09-27")).unwrap(),
            d("2024-10-08")
        );
        assert_eq!(
            answer_due(&cal, Procedure::Ordinary, d("2024-10-08")).unwrap(),
            d("2024-10-21")
        );
    }

    /// 第六十二条: sixty days (thirty simplified), at most thirty more; suspended days do not run.
    #[test]
    fn decision_period_with_extension_and_suspension_fyf_art62() {
        let cal = cal();
        let p = Procedure::Ordinary;
        assert_eq!(
            decision_due(&cal, p, d("2024-03-01"), 0, 0).unwrap(),
            d("2024-04-30")
        );
        assert_eq!(
            decision_due(&cal, p, d("2024-03-01"), 30, 0).unwrap(),
            d("2024-05-30")
        );
        assert_eq!(
            decision_due(&cal, p, d("2024-03-01"), 30, 5).unwrap(),
            d("2024-06-04")
        );
        assert_eq!(
            decision_due(&cal, Procedure::Simplified, d("2024-03-01"), 0, 0).unwrap(),
            d("2024-04-01")
        );
        assert!(extension_allowed(p, 0, 30));
        assert!(!extension_allowed(p, 20, 11));
        assert!(!extension_allowed(Procedure::Simplified, 0, 10));
    }
}
