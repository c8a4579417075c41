//! Deadline arithmetic on a [`HolidayCalendar`].
//!
//! Rules of Chinese procedural law that apply here:
//! - 民法典 第二百零一条 (the day a period starts is not counted) and 第二百零三条 (a last
//!   day that is a 法定休假日 moves to the day after it): the general rule, which 行政处罚
//!   procedure periods follow; 民事诉讼法 第八十五条 says the same for litigation (行政诉讼法
//!   第一百零一条) and 复议 (行政复议法 第八十八条).
//! - 行政处罚法 第八十五条: 二日、三日、五日、七日 are working days.
//! - 行政复议法 第八十八条: 三日、五日、七日、十日 are working days.
//! - 行政强制法 第六十九条: periods of up to ten days are working days.

use chrono::{Days, Months, NaiveDate};

use super::{CalendarError, HolidayCalendar};

/// Longest span (in calendar days) a computation may walk, so that absurd
/// inputs end with an error instead of a very long loop (about 100 years).
const MAX_SPAN_DAYS: i64 = 36_600;

/// A deadline has at most this many working days left to count as due soon.
const DUE_SOON_WORKING_DAYS: i64 = 3;

/// Result of a deadline computation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Deadline {
    /// Last day of the period.
    pub date: NaiveDate,
    /// False if any date inspected lies in a year without a notice: the
    /// Monday–Friday fallback was used and the date may still move (未确认).
    pub confirmed: bool,
}

/// Signed working-day count, see [`HolidayCalendar::working_days_between`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WorkingDayCount {
    /// Working days in `(a, b]`; negative when `b < a`.
    pub days: i64,
    /// False if a counted date lies in a year without a notice.
    pub confirmed: bool,
}

/// Display language of generated labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Simplified Chinese.
    Zh,
    /// English.
    En,
}

/// How pressing a deadline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Urgency {
    /// The deadline has passed.
    Overdue,
    /// Due today or within three working days.
    DueSoon,
    /// More than three working days left.
    Normal,
}

/// Text such as "还剩 3 个工作日" plus its urgency.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RemainingLabel {
    /// Human-readable label in the requested language.
    pub text: String,
    /// Urgency class for colouring/sorting.
    pub urgency: Urgency,
    /// False if the working-day count used the unconfirmed fallback; the
    /// caller decides how to show 未确认.
    pub confirmed: bool,
}

impl HolidayCalendar {
    /// `start` plus `n` working days; the start day itself is not counted
    /// (民事诉讼法 第八十五条). Use for the short periods that law defines as
    /// working days (行政处罚法 第八十五条, 行政复议法 第八十八条,
    /// 行政强制法 第六十九条). With `n == 0` the result is `start`.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Result<Deadline, CalendarError> {
        let out_of_range = || CalendarError::OutOfRange {
            start,
            amount: i64::from(n),
        };
        let mut date = start;
        let mut confirmed = self.covers(start);
        let mut remaining = n;
        let mut walked = 0;
        while remaining > 0 {
            walked += 1;
            if walked > MAX_SPAN_DAYS {
                return Err(out_of_range());
            }
            date = date.succ_opt().ok_or_else(out_of_range)?;
            let status = self.is_working_day(date);
            confirmed &= status.confirmed;
            if status.working {
                remaining -= 1;
            }
        }
        Ok(Deadline { date, confirmed })
    }

    /// `start` plus `n` calendar days, moved to the next working day if the
    /// last day is a day off (民事诉讼法 第八十五条).
    pub fn add_calendar_days(&self, start: NaiveDate, n: u32) -> Result<Deadline, CalendarError> {
        let out_of_range = || CalendarError::OutOfRange {
            start,
            amount: i64::from(n),
        };
        if i64::from(n) > MAX_SPAN_DAYS {
            return Err(out_of_range());
        }
        let end = start
            .checked_add_days(Days::new(u64::from(n)))
            .ok_or_else(out_of_range)?;
        self.roll_to_working_day(end).ok_or_else(out_of_range)
    }

    /// `start` plus `n` months: the period ends on the corresponding day of
    /// the last month, or that month's last day if it has none (民法典
    /// 第二百零二条; Jan 31 + 1 month = Feb 28/29), then moved to the next
    /// working day if that is a day off (民事诉讼法 第八十五条).
    pub fn add_months(&self, start: NaiveDate, n: u32) -> Result<Deadline, CalendarError> {
        let out_of_range = || CalendarError::OutOfRange {
            start,
            amount: i64::from(n),
        };
        if i64::from(n) > MAX_SPAN_DAYS / 31 {
            return Err(out_of_range());
        }
        let end = start
            .checked_add_months(Months::new(n))
            .ok_or_else(out_of_range)?;
        self.roll_to_working_day(end).ok_or_else(out_of_range)
    }

    /// Working days in `(a, b]` (a excluded, b included); negative count of
    /// `(b, a]` when `b < a`.
    pub fn working_days_between(
        &self,
        a: NaiveDate,
        b: NaiveDate,
    ) -> Result<WorkingDayCount, CalendarError> {
        let span = (b - a).num_days();
        if span.abs() > MAX_SPAN_DAYS {
            return Err(CalendarError::OutOfRange {
                start: a,
                amount: span,
            });
        }
        let (from, to, sign) = if span >= 0 { (a, b, 1) } else { (b, a, -1) };
        let mut count = WorkingDayCount {
            days: 0,
            confirmed: true,
        };
        for date in from.iter_days().skip(1).take_while(|d| *d <= to) {
            let status = self.is_working_day(date);
            count.confirmed &= status.confirmed;
            count.days += i64::from(status.working);
        }
        count.days *= sign;
        Ok(count)
    }

    /// Label for a deadline seen on `today`: working days left, due today,
    /// or calendar days overdue. Overdue is counted in calendar days (no
    /// holiday data needed, so always confirmed).
    pub fn days_remaining_label(
        &self,
        today: NaiveDate,
        deadline: NaiveDate,
        lang: Lang,
    ) -> Result<RemainingLabel, CalendarError> {
        if deadline < today {
            let days = (today - deadline).num_days();
            let text = match lang {
                Lang::Zh => format!("已超期 {days} 天"),
                Lang::En => format!("{days} {} overdue", plural(days, "day", "days")),
            };
            return Ok(RemainingLabel {
                text,
                urgency: Urgency::Overdue,
                confirmed: true,
            });
        }
        if deadline == today {
            let text = match lang {
                Lang::Zh => "今日到期".to_string(),
                Lang::En => "due today".to_string(),
            };
            return Ok(RemainingLabel {
                text,
                urgency: Urgency::DueSoon,
                confirmed: true,
            });
        }
        let count = self.working_days_between(today, deadline)?;
        let n = count.days;
        let text = match lang {
            Lang::Zh => format!("还剩 {n} 个工作日"),
            Lang::En => format!("{n} {} left", plural(n, "working day", "working days")),
        };
        let urgency = if n <= DUE_SOON_WORKING_DAYS {
            Urgency::DueSoon
        } else {
            Urgency::Normal
        };
        Ok(RemainingLabel {
            text,
            urgency,
            confirmed: count.confirmed,
        })
    }

    /// First working day on or after `date`; `None` only past chrono's range.
    fn roll_to_working_day(&self, date: NaiveDate) -> Option<Deadline> {
        let mut date = date;
        let mut confirmed = true;
        // Bounded so that a pathological notice (every day a holiday)
        // ends in an error rather than a long walk.
        for _ in 0..=MAX_SPAN_DAYS {
            let status = self.is_working_day(date);
            confirmed &= status.confirmed;
            if status.working {
                return Some(Deadline { date, confirmed });
            }
            date = date.succ_opt()?;
        }
        None
    }
}

fn plural(n: i64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}
