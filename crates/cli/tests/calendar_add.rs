//! `fazhi calendar add` against an independent reading of the official notices: the shared
//! holiday file parsed here line by line (not by the platform's parser) and periods stepped
//! day by day, for every start date of 2024–2026.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Days off and weekend working days of the official notices, read from the shared data.
fn notices() -> (BTreeSet<NaiveDate>, BTreeSet<NaiveDate>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/calendar/cn-holidays.toml");
    let text = std::fs::read_to_string(&path).expect("shared calendar");
    let (mut off, mut on) = (BTreeSet::new(), BTreeSet::new());
    let mut list: Option<bool> = None;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("holidays") {
            list = Some(true);
        } else if t.starts_with("workdays") {
            list = Some(false);
        }
        if let Some(is_off) = list {
            for part in t.split('"').skip(1).step_by(2) {
                if let Ok(d) = part.parse::<NaiveDate>() {
                    if is_off {
                        off.insert(d)
                    } else {
                        on.insert(d)
                    };
                }
            }
            if t.contains(']') {
                list = None;
            }
        }
    }
    (off, on)
}

fn working(d: NaiveDate, off: &BTreeSet<NaiveDate>, on: &BTreeSet<NaiveDate>) -> bool {
    on.contains(&d) || (!off.contains(&d) && !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
}

/// Start day excluded; the n-th working day after it.
fn oracle_working(
    start: NaiveDate,
    n: u32,
    off: &BTreeSet<NaiveDate>,
    on: &BTreeSet<NaiveDate>,
) -> NaiveDate {
    let mut d = start;
    let mut left = n;
    while left > 0 {
        d = d.checked_add_days(Days::new(1)).unwrap();
        if working(d, off, on) {
            left -= 1;
        }
    }
    d
}

/// Start day excluded; a last day off rolls to the next working day.
fn oracle_days(
    start: NaiveDate,
    n: u32,
    off: &BTreeSet<NaiveDate>,
    on: &BTreeSet<NaiveDate>,
) -> NaiveDate {
    let mut d = start.checked_add_days(Days::new(u64::from(n))).unwrap();
    while !working(d, off, on) {
        d = d.checked_add_days(Days::new(1)).unwrap();
    }
    d
}

fn cli(args: &[&str]) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(args)
        .env_remove("FAZHI_DB")
        .output()
        .expect("runs");
    (
        String::from_utf8_lossy(&out.stdout).trim().to_string(),
        out.status.code().unwrap_or(-1),
    )
}

/// Every start date of 2024–2026 whose period ends inside the notices, for the short periods
/// the law counts in working days (行政处罚法 第八十五条: 二、三、五、七日; 15 for filing) and
/// the calendar periods (15, 60, 90 days), against the library the command calls.
#[test]
fn every_date_of_2024_to_2026_agrees_with_the_notices() {
    let (off, on) = notices();
    let cal = fazhi_core::calendar::HolidayCalendar::from_toml_str(fazhi_core::calendar::SEED_TOML)
        .unwrap();
    let mut d = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let end = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    let mut checked = 0;
    while d <= end {
        for n in [2, 3, 5, 7, 15] {
            let want = oracle_working(d, n, &off, &on);
            let got = cal.add_working_days(d, n).unwrap();
            if want.year() <= 2026 {
                assert_eq!(got.date, want, "{d} + {n} working days");
                assert!(got.confirmed, "{d} + {n} working days is on record");
                checked += 1;
            }
        }
        for n in [15, 60, 90] {
            let want = oracle_days(d, n, &off, &on);
            let got = cal.add_calendar_days(d, n).unwrap();
            if want.year() <= 2026 {
                assert_eq!(got.date, want, "{d} + {n} days");
                checked += 1;
            }
        }
        d = d.succ_opt().unwrap();
    }
    assert!(checked > 1096 * 5, "checked {checked}");
}

/// The command itself, on dates around each holiday of the notices and a year without one.
#[test]
fn command_prints_date_and_confirmation() {
    let (off, on) = notices();
    // The day before each run of days off, and the first day off itself.
    let mut starts: Vec<NaiveDate> = off
        .iter()
        .filter(|d| !off.contains(&d.pred_opt().unwrap()))
        .flat_map(|d| [d.pred_opt().unwrap(), *d])
        .filter(|d| d.year() >= 2024)
        .collect();
    starts.truncate(40);
    assert!(!starts.is_empty());
    for s in starts {
        let from = s.to_string();
        let (out, code) = cli(&[
            "calendar",
            "add",
            "--from",
            &from,
            "--working-days",
            "5",
            "--json",
        ]);
        assert_eq!(code, 0);
        let want = oracle_working(s, 5, &off, &on);
        assert_eq!(
            out,
            format!("{{\"date\":\"{want}\",\"confirmed\":true}}"),
            "{from}"
        );
        let (out, _) = cli(&["calendar", "add", "--from", &from, "--days", "7", "--json"]);
        let want = oracle_days(s, 7, &off, &on);
        assert_eq!(
            out,
            format!("{{\"date\":\"{want}\",\"confirmed\":true}}"),
            "{from}"
        );
    }
    // 2027 has no notice on record: weekdays are used and the answer says so.
    let (out, _) = cli(&[
        "calendar",
        "add",
        "--from",
        "2027-01-04",
        "--working-days",
        "3",
        "--json",
    ]);
    assert_eq!(out, "{\"date\":\"2027-01-07\",\"confirmed\":false}");
    // Bad input: a clear refusal, exit code 2, nothing on standard output.
    let (out, code) = cli(&[
        "calendar",
        "add",
        "--from",
        "2024-02-30",
        "--days",
        "3",
        "--json",
    ]);
    assert_eq!((out.as_str(), code), ("", 2));
}
