//! The evaluation's own reading of the holiday notices and of the day-counting rules, kept
//! apart from `fazhi_core::calendar` and `fazhi_core::cases::deadlines` on purpose: the
//! generator plants deadline defects with these dates and the checks must find them with
//! theirs. The shared `cn-holidays.toml` is read line by line (not by the platform's parser).

use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use fazhi_core::{Error, Result};

/// Days off (放假) and weekend working days (调休上班) of the State Council notices.
#[derive(Debug, Clone, Default)]
pub struct Notices {
    off: BTreeSet<NaiveDate>,
    on: BTreeSet<NaiveDate>,
}

/// Where the shared holiday file is: `FAZHI_CALENDAR_FILE`, else `../shared/data/calendar`
/// from the working directory or from the source tree (as the statute directory is found).
fn calendar_file() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("FAZHI_CALENDAR_FILE") {
        return Some(PathBuf::from(p));
    }
    [
        PathBuf::from("../shared/data/calendar/cn-holidays.toml"),
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/calendar/cn-holidays.toml"),
    ]
    .into_iter()
    .find(|p| p.exists())
}

impl Notices {
    /// Reads the shared notices file.
    pub fn load() -> Result<Notices> {
        let path = calendar_file().ok_or_else(|| {
            Error::Internal(
                "找不到节假日文件 ../shared/data/calendar/cn-holidays.toml（可设 FAZHI_CALENDAR_FILE）/ holiday file not found (set FAZHI_CALENDAR_FILE)".into(),
            )
        })?;
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Error::Internal(format!(
                "读取节假日文件失败 {} / cannot read the holiday file: {e}",
                path.display()
            ))
        })?;
        Ok(Self::parse(&text))
    }

    /// Every quoted ISO date inside a `holidays = [...]` or `workdays = [...]` list.
    pub fn parse(text: &str) -> Notices {
        let mut n = Notices::default();
        let mut list: Option<bool> = None;
        for line in text.lines() {
            let t = line.split('#').next().unwrap_or("").trim();
            if t.starts_with("holidays") {
                list = Some(true);
            } else if t.starts_with("workdays") {
                list = Some(false);
            }
            if let Some(is_off) = list {
                for part in t.split('"').skip(1).step_by(2) {
                    if let Ok(d) = part.parse::<NaiveDate>() {
                        if is_off {
                            n.off.insert(d);
                        } else {
                            n.on.insert(d);
                        }
                    }
                }
                if t.contains(']') {
                    list = None;
                }
            }
        }
        n
    }

    /// A working day: an adjusted working weekend day, or a weekday that is not a day off.
    pub fn working(&self, d: NaiveDate) -> bool {
        self.on.contains(&d)
            || (!self.off.contains(&d) && !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
    }

    /// Whether the notices cover the year of `d` (dates outside are not used).
    pub fn covers(&self, d: NaiveDate) -> bool {
        self.off.iter().any(|x| x.year() == d.year())
    }

    /// 行政处罚法 第八十五条: "二日""三日""五日""七日" are working days, holidays excluded; the
    /// start day is not counted (民法典 第二百零一条). The n-th working day after `start`.
    pub fn working_days_after(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut d = start;
        let mut left = n;
        while left > 0 {
            d = next(d);
            if self.working(d) {
                left -= 1;
            }
        }
        d
    }

    /// Calendar periods (第六十条 九十日, 第六十七条 十五日): the start day not counted, and a
    /// last day that is a rest day moves to the next working day (民事诉讼法 第八十五条).
    pub fn calendar_days_after(&self, start: NaiveDate, n: u64) -> NaiveDate {
        let mut d = start.checked_add_days(Days::new(n)).unwrap_or(start);
        while !self.working(d) {
            d = next(d);
        }
        d
    }

    /// The first working day on or after `d`.
    pub fn on_or_after(&self, d: NaiveDate) -> NaiveDate {
        let mut d = d;
        while !self.working(d) {
            d = next(d);
        }
        d
    }

    /// Working days strictly after `a` up to and including `b` (0 when b <= a).
    pub fn working_between(&self, a: NaiveDate, b: NaiveDate) -> u32 {
        let mut n = 0;
        let mut d = a;
        while d < b {
            d = next(d);
            if self.working(d) {
                n += 1;
            }
        }
        n
    }
}

/// The day after.
pub fn next(d: NaiveDate) -> NaiveDate {
    d.succ_opt().unwrap_or(d)
}

/// `d` plus `n` calendar days.
pub fn plus(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(d)
}

/// `d` minus `n` calendar days.
pub fn minus(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_sub_days(Days::new(n)).unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    /// The 2024 National Day holiday (10-01..10-07) and the adjusted Saturday 10-12, read
    /// from the notice (国办发明电〔2023〕7号).
    #[test]
    fn reads_the_2024_national_day_notice() {
        let n = Notices::load().unwrap_or_default();
        assert!(!n.working(d("2024-10-07")));
        assert!(n.working(d("2024-10-08")));
        assert!(n.working(d("2024-10-12")));
        // 第八十五条: seven working days from Monday 2024-09-30 skip the whole week.
        assert_eq!(n.working_days_after(d("2024-09-30"), 1), d("2024-10-08"));
        // 第六十条: ninety days from 2024-07-03 end on 10-01, a holiday: 10-08.
        assert_eq!(n.calendar_days_after(d("2024-07-03"), 90), d("2024-10-08"));
    }
}
