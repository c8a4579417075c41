//! Working-day calendar for the mainland Chinese public-holiday system.
//!
//! The State Council publishes one notice a year (国务院办公厅关于20XX年部分节假日
//! 安排的通知) listing days off (放假) and weekend days that become working days
//! (调休上班). [`HolidayCalendar`] holds one [`YearNotice`] per year; dates in a
//! year without a notice fall back to Monday–Friday and are reported as
//! unconfirmed (未确认) so the UI can warn that a deadline may still move.
//!
//! Deadline arithmetic: [`HolidayCalendar::add_working_days`], [`HolidayCalendar::add_calendar_days`],
//! [`HolidayCalendar::add_months`], [`HolidayCalendar::working_days_between`]
//! and [`HolidayCalendar::days_remaining_label`].

mod deadline;
mod error;
mod store;
mod toml_io;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Weekday};

pub use deadline::{Deadline, Lang, RemainingLabel, Urgency, WorkingDayCount};
pub use error::CalendarError;
pub use store::{SEED_TOML, load_calendar, save_notice, seed_calendar};

/// One yearly holiday notice of the General Office of the State Council.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearNotice {
    /// Calendar year the notice governs.
    pub year: i32,
    /// Title of the notice, e.g. 国务院办公厅关于2024年部分节假日安排的通知.
    pub title: String,
    /// Document number, e.g. 国办发明电〔2023〕7号.
    pub doc_no: String,
    /// Date the notice was issued.
    pub issued: NaiveDate,
    /// Where the text was checked (kept so provenance survives a round trip).
    pub sources: Vec<String>,
    /// Every day off (放假), weekend days inside a holiday range included.
    pub holidays: BTreeSet<NaiveDate>,
    /// Weekend days that the notice turns into working days (调休上班).
    pub workdays: BTreeSet<NaiveDate>,
}

impl YearNotice {
    /// Checks the notice's internal consistency: every date lies in `year`,
    /// no date is both a holiday and a workday, every workday is a weekend
    /// day, and title/doc_no are not blank.
    pub fn validate(&self) -> Result<(), CalendarError> {
        let year = self.year;
        // Four-digit years keep the ISO date strings and TOML keys simple.
        if !(1..=9999).contains(&year) {
            return Err(CalendarError::YearOutOfRange { year });
        }
        for (field, value) in [("title", &self.title), ("doc_no", &self.doc_no)] {
            if value.trim().is_empty() {
                return Err(CalendarError::EmptyField { year, field });
            }
        }
        for date in self.holidays.iter().chain(&self.workdays) {
            if date.year() != year {
                return Err(CalendarError::DateOutsideYear { year, date: *date });
            }
        }
        if let Some(date) = self.holidays.intersection(&self.workdays).next() {
            return Err(CalendarError::HolidayAndWorkday { year, date: *date });
        }
        // An adjusted workday only makes sense on a weekend day: a weekday is
        // a working day anyway, so listing it signals a typo in the data.
        if let Some(date) = self.workdays.iter().find(|d| !is_weekend(**d)) {
            return Err(CalendarError::WorkdayNotWeekend { year, date: *date });
        }
        Ok(())
    }
}

/// Why a day is (not) a working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayKind {
    /// Monday–Friday without a holiday.
    Weekday,
    /// Saturday or Sunday without an adjustment.
    Weekend,
    /// Day off by the notice (放假).
    Holiday,
    /// Weekend day made a working day by the notice (调休上班).
    AdjustedWorkday,
}

/// Status of one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DayStatus {
    /// Whether government offices work that day.
    pub working: bool,
    /// False when no notice covers the year: the Monday–Friday fallback was used (未确认).
    pub confirmed: bool,
    /// Reason for `working`.
    pub kind: DayKind,
}

/// Holiday notices by year, the basis of all deadline arithmetic.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HolidayCalendar {
    years: BTreeMap<i32, YearNotice>,
}

impl HolidayCalendar {
    /// An empty calendar: every date uses the unconfirmed Monday–Friday fallback.
    pub fn new() -> Self {
        Self::default()
    }

    /// Parses and validates the `cn-holidays.toml` format (schema = 1).
    pub fn from_toml_str(text: &str) -> Result<Self, CalendarError> {
        let notices = toml_io::parse(text)?;
        let mut calendar = Self::new();
        for notice in notices {
            calendar.add_year(notice)?;
        }
        Ok(calendar)
    }

    /// Serialises to the schema-1 TOML format; `from_toml_str` reads it back
    /// unchanged. (Holiday `periods` of the source file are not kept.)
    pub fn to_toml_string(&self) -> String {
        toml_io::write(self.years.values())
    }

    /// Adds the notice for a year not yet present (validated first).
    pub fn add_year(&mut self, notice: YearNotice) -> Result<(), CalendarError> {
        notice.validate()?;
        if self.years.contains_key(&notice.year) {
            return Err(CalendarError::YearExists { year: notice.year });
        }
        self.years.insert(notice.year, notice);
        Ok(())
    }

    /// Replaces the notice of a year already present (validated first) and
    /// returns the previous one, e.g. after a corrected notice is published.
    pub fn replace_year(&mut self, notice: YearNotice) -> Result<YearNotice, CalendarError> {
        notice.validate()?;
        match self.years.get_mut(&notice.year) {
            Some(slot) => Ok(std::mem::replace(slot, notice)),
            None => Err(CalendarError::YearUnknown { year: notice.year }),
        }
    }

    /// Years with a notice, ascending.
    pub fn years(&self) -> Vec<i32> {
        self.years.keys().copied().collect()
    }

    /// The notice of `year`, if any.
    pub fn notice(&self, year: i32) -> Option<&YearNotice> {
        self.years.get(&year)
    }

    /// Whether a notice covers the year of `date`.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.years.contains_key(&date.year())
    }

    /// Working-day status of `date`; unconfirmed outside the covered years.
    pub fn is_working_day(&self, date: NaiveDate) -> DayStatus {
        let weekend = is_weekend(date);
        let Some(notice) = self.years.get(&date.year()) else {
            return fallback_status(weekend, false);
        };
        if notice.holidays.contains(&date) {
            DayStatus {
                working: false,
                confirmed: true,
                kind: DayKind::Holiday,
            }
        } else if notice.workdays.contains(&date) {
            DayStatus {
                working: true,
                confirmed: true,
                kind: DayKind::AdjustedWorkday,
            }
        } else {
            fallback_status(weekend, true)
        }
    }
}

fn fallback_status(weekend: bool, confirmed: bool) -> DayStatus {
    let kind = if weekend {
        DayKind::Weekend
    } else {
        DayKind::Weekday
    };
    DayStatus {
        working: !weekend,
        confirmed,
        kind,
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}
