//! Compulsory execution of an unpaid penalty (行政强制法): the written reminder (催告) and the
//! application to the people's court, with their gates.
//!
//! - 第三十五条 / 第五十四条: before enforcing or applying to the court the agency reminds the
//!   party in writing (催告书); the application may be made once ten days have passed since the
//!   reminder was served without performance — ten *working* days (第六十九条 "本法中十日以内
//!   期限的规定是指工作日").
//! - 第五十三条: an agency without its own enforcement power applies "自期限届满之日起三个月内",
//!   the periods being those to apply for reconsideration (行政复议法 第二十条: sixty days from
//!   knowing the act) and to sue (行政诉讼法 第四十六条: six months), both running from the day
//!   the party received the decision.
//! - 第四十六条: an agency that has enforcement power may enforce itself once the surcharge has
//!   run more than thirty days and the party, reminded, still has not paid.
//!
//! Where the party did apply for reconsideration or sue (a period recorded on the case,
//! `payment::PeriodKind`), the platform opens the court window only after the recorded period
//! ends — a conservative reading: 第五十三条 itself covers the party that did neither.

use chrono::{Duration, NaiveDate};

use super::payment::PaymentPeriod;
use crate::calendar::{CalendarError, HolidayCalendar};

/// 行政复议法 (2023) 第二十条: sixty days from knowing the act.
pub const RECONSIDERATION_DAYS: u32 = 60;
/// 行政诉讼法 第四十六条: six months from knowing the act.
pub const LITIGATION_MONTHS: u32 = 6;
/// 行政强制法 第五十三条: three months from the end of those periods.
pub const COURT_APPLICATION_MONTHS: u32 = 3;
/// 行政强制法 第五十四条 with 第六十九条: ten working days after the reminder is served.
pub const AFTER_REMINDER_WORKING_DAYS: u32 = 10;
/// 行政强制法 第四十六条: the surcharge has run more than thirty days.
pub const SURCHARGE_RUN_DAYS: i64 = 30;

/// When an application to the court may be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct CourtWindow {
    /// The last day of the remedy periods (the later of 复议 and 诉讼).
    pub remedies_end: NaiveDate,
    /// The first day an application may be filed (after the remedy periods and, when a
    /// reminder was served, after its ten working days).
    pub opens: NaiveDate,
    /// The last day (第五十三条: three months from the end of the remedy periods).
    pub closes: NaiveDate,
}

/// The end of the remedy periods for a decision received on `received_on`, or later when the
/// party's reconsideration or litigation was recorded.
pub fn remedies_end(
    cal: &HolidayCalendar,
    received_on: NaiveDate,
    periods: &[PaymentPeriod],
) -> Result<NaiveDate, CalendarError> {
    let review = cal
        .add_calendar_days(received_on, RECONSIDERATION_DAYS)?
        .date;
    let suit = cal.add_months(received_on, LITIGATION_MONTHS)?.date;
    let recorded = periods
        .iter()
        .filter(|p| p.kind.stops_surcharge())
        .map(|p| p.to)
        .max();
    Ok([Some(review), Some(suit), recorded]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(suit))
}

/// The first day an application may follow a reminder served on `urged_on`: the day after the
/// tenth working day (第五十四条 "催告书送达十日后", 第六十九条).
pub fn after_reminder(
    cal: &HolidayCalendar,
    urged_on: NaiveDate,
) -> Result<NaiveDate, CalendarError> {
    let tenth = cal
        .add_working_days(urged_on, AFTER_REMINDER_WORKING_DAYS)?
        .date;
    Ok(tenth + Duration::days(1))
}

/// The court window of a case (第五十三条, 第五十四条).
pub fn court_window(
    cal: &HolidayCalendar,
    received_on: NaiveDate,
    periods: &[PaymentPeriod],
    urged_on: Option<NaiveDate>,
) -> Result<CourtWindow, CalendarError> {
    let end = remedies_end(cal, received_on, periods)?;
    let closes = cal.add_months(end, COURT_APPLICATION_MONTHS)?.date;
    let mut opens = end + Duration::days(1);
    if let Some(u) = urged_on {
        opens = opens.max(after_reminder(cal, u)?);
    }
    Ok(CourtWindow {
        remedies_end: end,
        opens,
        closes,
    })
}

/// Why an application to the court cannot be filed on `on`, if it cannot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CourtGate {
    /// No reminder on record (第五十四条).
    NoReminder,
    /// Too early: the remedy periods or the ten working days after the reminder still run.
    TooEarly { opens: NaiveDate },
    /// Too late: the three months of 第五十三条 ended.
    TooLate { closed: NaiveDate },
}

/// The gate of 第五十三条 / 第五十四条 on `on`.
pub fn court_gate(
    cal: &HolidayCalendar,
    received_on: NaiveDate,
    periods: &[PaymentPeriod],
    urged_on: Option<NaiveDate>,
    on: NaiveDate,
) -> Result<Option<CourtGate>, CalendarError> {
    let Some(urged) = urged_on else {
        return Ok(Some(CourtGate::NoReminder));
    };
    let w = court_window(cal, received_on, periods, Some(urged))?;
    Ok(if on < w.opens {
        Some(CourtGate::TooEarly { opens: w.opens })
    } else if on > w.closes {
        Some(CourtGate::TooLate { closed: w.closes })
    } else {
        None
    })
}

/// 第四十六条: the first day an agency with enforcement power may enforce itself — more than
/// thirty days of surcharge after the due date, and a reminder served ten working days before
/// (the same reminder rule as for the court, 第三十五条、第三十七条).
pub fn own_enforcement_opens(
    cal: &HolidayCalendar,
    payment_due: NaiveDate,
    urged_on: NaiveDate,
) -> Result<NaiveDate, CalendarError> {
    let surcharge = payment_due + Duration::days(SURCHARGE_RUN_DAYS + 1);
    Ok(surcharge.max(after_reminder(cal, urged_on)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::payment::PeriodKind;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn cal() -> HolidayCalendar {
        HolidayCalendar::from_toml_str(include_str!("../../data/cn-holidays.toml"))
            .expect("bundled calendar parses")
    }

    /// 行政强制法 第五十四条 with 第六十九条: ten working days after the reminder, so a reminder
    /// served before the National Day holiday waits past it.
    #[test]
    fn reminder_waits_ten_working_days_qzf_art54_art69() {
        let cal = cal();
        // 2024-09-27 (Fri): working days 09-29 (adjusted Sunday), 09-30, 10-08 … 10-11,
        // 10-12 (adjusted Saturday), 10-14 … 10-16: the tenth is 10-16.
        let first = after_reminder(&cal, d("2024-09-27")).unwrap();
        assert_eq!(first, d("2024-10-17"));
        assert_eq!(
            cal.working_days_between(d("2024-09-27"), first - Duration::days(1))
                .unwrap()
                .days,
            10
        );
        assert!(first > d("2024-10-08"));
    }

    /// 第五十三条: within three months of the end of the remedy periods — the six months of
    /// 行政诉讼法 第四十六条 outlast the sixty days of 行政复议法 第二十条.
    #[test]
    fn court_window_is_three_months_after_the_remedies_qzf_art53() {
        let cal = cal();
        let w = court_window(&cal, d("2024-03-15"), &[], Some(d("2024-08-01"))).unwrap();
        // Six months end on 2024-09-15, a Mid-Autumn holiday (09-15 … 09-17): the period
        // ends on the next working day (民事诉讼法 第八十五条 through 行政诉讼法 第一百零一条).
        assert_eq!(w.remedies_end, d("2024-09-18"));
        assert_eq!(w.closes, d("2024-12-18"));
        assert_eq!(
            court_gate(
                &cal,
                d("2024-03-15"),
                &[],
                Some(d("2024-08-01")),
                d("2024-09-10")
            )
            .unwrap(),
            Some(CourtGate::TooEarly { opens: w.opens })
        );
        assert_eq!(
            court_gate(
                &cal,
                d("2024-03-15"),
                &[],
                Some(d("2024-08-01")),
                d("2024-10-10")
            )
            .unwrap(),
            None
        );
        assert_eq!(
            court_gate(
                &cal,
                d("2024-03-15"),
                &[],
                Some(d("2024-08-01")),
                d("2025-01-10")
            )
            .unwrap(),
            Some(CourtGate::TooLate { closed: w.closes })
        );
        assert_eq!(
            court_gate(&cal, d("2024-03-15"), &[], None, d("2024-10-10")).unwrap(),
            Some(CourtGate::NoReminder)
        );
    }

    /// A recorded litigation period pushes the window to its end.
    #[test]
    fn recorded_litigation_moves_the_window() {
        let cal = cal();
        let p = PaymentPeriod {
            kind: PeriodKind::Litigation,
            from: d("2024-04-01"),
            to: d("2024-11-30"),
            note: String::new(),
        };
        let end = remedies_end(&cal, d("2024-03-15"), &[p]).unwrap();
        assert_eq!(end, d("2024-11-30"));
    }

    /// 第四十六条: more than thirty days of surcharge and a reminder ten working days before.
    #[test]
    fn own_enforcement_after_thirty_days_of_surcharge_qzf_art46() {
        let cal = cal();
        let opens = own_enforcement_opens(&cal, d("2024-04-01"), d("2024-04-02")).unwrap();
        assert_eq!(opens, d("2024-05-02"));
    }
}
