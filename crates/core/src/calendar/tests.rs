//! Behavioural tests against the real 2024–2026 notices.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;

use super::*;

// The lead adjusts this path when moving the module (the brief's
// `../../../shared/...` is relative to the final location).
const REAL_DATA: &str = include_str!("../../data/cn-holidays.toml");

fn cal() -> HolidayCalendar {
    HolidayCalendar::from_toml_str(REAL_DATA).expect("real holiday data must load")
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

fn set(dates: &[NaiveDate]) -> BTreeSet<NaiveDate> {
    dates.iter().copied().collect()
}

/// A synthetic 2027 notice (not real data): New Year's Day only.
fn notice_2027() -> YearNotice {
    YearNotice {
        year: 2027,
        title: "国务院办公厅关于2027年部分节假日安排的通知（测试）".into(),
        doc_no: "测试〔2026〕1号".into(),
        issued: d(2026, 11, 1),
        sources: vec![],
        holidays: set(&[d(2027, 1, 1), d(2027, 1, 2), d(2027, 1, 3)]),
        workdays: set(&[d(2027, 1, 9)]),
    }
}

fn wd(cal: &HolidayCalendar, start: NaiveDate, n: u32) -> Deadline {
    cal.add_working_days(start, n).expect("in range")
}

fn confirmed(date: NaiveDate) -> Deadline {
    Deadline {
        date,
        confirmed: true,
    }
}

// ---- loading -------------------------------------------------------------

#[test]
fn real_file_loads_three_years() {
    let cal = cal();
    assert_eq!(cal.years(), vec![2024, 2025, 2026]);
    let n = cal.notice(2024).expect("2024 present");
    assert_eq!(n.doc_no, "国办发明电〔2023〕7号");
    assert_eq!(n.issued, d(2023, 10, 25));
    assert_eq!(n.sources.len(), 2);
    assert!(n.holidays.contains(&d(2024, 2, 10)));
    assert!(n.workdays.contains(&d(2024, 2, 18)));
}

#[test]
fn toml_round_trip_preserves_everything() {
    let cal = cal();
    let text = cal.to_toml_string();
    let again = HolidayCalendar::from_toml_str(&text).expect("own output parses");
    assert_eq!(again, cal);
    assert_eq!(again.to_toml_string(), text);
}

#[test]
fn round_trip_escapes_quotes_and_backslashes() {
    let mut cal = HolidayCalendar::new();
    let mut n = notice_2027();
    n.title = "含\"引号\"与\\反斜杠\n换行".into();
    n.sources = vec!["a \"b\"".into()];
    cal.add_year(n).expect("valid");
    let again = HolidayCalendar::from_toml_str(&cal.to_toml_string()).expect("parses");
    assert_eq!(again, cal);
}

fn year_table(holidays: &str, workdays: &str) -> String {
    format!(
        "schema = 1\n[years.2024]\ntitle = \"t\"\ndoc_no = \"n\"\nissued = \"2023-10-25\"\n\
         holidays = [{holidays}]\nworkdays = [{workdays}]\n"
    )
}

fn load_err(text: &str) -> CalendarError {
    HolidayCalendar::from_toml_str(text).expect_err("must be rejected")
}

#[test]
fn bad_date_string_names_year_and_value() {
    let err = load_err(&year_table("\"2024-13-01\"", ""));
    assert_eq!(
        err,
        CalendarError::InvalidDate {
            year: 2024,
            field: "holidays",
            value: "2024-13-01".into()
        }
    );
    assert!(err.message_zh().contains("2024") && err.message_zh().contains("2024-13-01"));
    assert!(err.message_en().contains("2024-13-01"));
    assert_eq!(err.code(), "calendar.date_invalid");
}

#[test]
fn unpadded_or_garbage_dates_rejected() {
    for bad in [
        "\"2024-1-1\"",
        "\"2024/01/01\"",
        "\"\"",
        "\"2024-02-30\"",
        "\"２０２４-01-01\"",
    ] {
        let err = load_err(&year_table(bad, ""));
        assert_eq!(err.code(), "calendar.date_invalid", "{bad}");
    }
}

#[test]
fn bad_issued_date_rejected() {
    let text = year_table("", "").replace("2023-10-25", "2023-10-32");
    let err = load_err(&text);
    assert!(matches!(
        err,
        CalendarError::InvalidDate {
            field: "issued",
            ..
        }
    ));
}

#[test]
fn date_of_another_year_rejected() {
    let err = load_err(&year_table("\"2025-01-01\"", ""));
    assert_eq!(
        err,
        CalendarError::DateOutsideYear {
            year: 2024,
            date: d(2025, 1, 1)
        }
    );
}

#[test]
fn holiday_and_workday_rejected() {
    let err = load_err(&year_table("\"2024-02-18\"", "\"2024-02-18\""));
    assert_eq!(
        err,
        CalendarError::HolidayAndWorkday {
            year: 2024,
            date: d(2024, 2, 18)
        }
    );
}

#[test]
fn weekday_as_adjusted_workday_rejected() {
    // 2024-02-19 is a Monday.
    let err = load_err(&year_table("", "\"2024-02-19\""));
    assert_eq!(
        err,
        CalendarError::WorkdayNotWeekend {
            year: 2024,
            date: d(2024, 2, 19)
        }
    );
    assert!(err.message_zh().contains("不是周六或周日"));
}

#[test]
fn duplicate_rejected() {
    let err = load_err(&year_table("\"2024-10-01\", \"2024-10-01\"", ""));
    assert_eq!(
        err,
        CalendarError::DuplicateDate {
            year: 2024,
            field: "holidays",
            date: d(2024, 10, 1)
        }
    );
}

#[test]
fn schema_and_shape_errors() {
    assert_eq!(
        load_err("schema = 2\n").code(),
        "calendar.schema_unsupported"
    );
    assert_eq!(load_err("[years]\n").code(), "calendar.schema_unsupported");
    assert_eq!(load_err("schema = \n").code(), "calendar.toml_invalid");
    assert_eq!(
        load_err("schema = 1\n[years.2024]\n").code(),
        "calendar.toml_invalid"
    );
    let bad_key = year_table("", "").replace("years.2024", "years.20x4");
    assert_eq!(
        load_err(&bad_key),
        CalendarError::InvalidYearKey { key: "20x4".into() }
    );
    let blank = year_table("", "").replace("title = \"t\"", "title = \" \"");
    assert_eq!(
        load_err(&blank),
        CalendarError::EmptyField {
            year: 2024,
            field: "title"
        }
    );
}

#[test]
fn empty_schema_1_file_is_an_empty_calendar() {
    let cal = HolidayCalendar::from_toml_str("schema = 1\n").expect("valid");
    assert!(cal.years().is_empty());
}

#[test]
fn add_and_replace_year() {
    let mut cal = cal();
    let dup = cal.notice(2024).expect("present").clone();
    assert_eq!(
        cal.add_year(dup),
        Err(CalendarError::YearExists { year: 2024 })
    );
    assert_eq!(
        cal.replace_year(notice_2027()),
        Err(CalendarError::YearUnknown { year: 2027 })
    );
    cal.add_year(notice_2027()).expect("new year");
    assert_eq!(cal.years(), vec![2024, 2025, 2026, 2027]);
    let mut fixed = notice_2027();
    fixed.doc_no = "更正".into();
    let old = cal.replace_year(fixed).expect("present");
    assert_eq!(old, notice_2027());
    assert_eq!(cal.notice(2027).map(|n| n.doc_no.as_str()), Some("更正"));
}

#[test]
fn add_year_validates() {
    let mut cal = HolidayCalendar::new();
    let mut bad = notice_2027();
    bad.workdays.insert(d(2027, 1, 4)); // Monday
    assert_eq!(
        cal.add_year(bad).map_err(|e| e.code()),
        Err("calendar.workday_not_weekend")
    );
    let mut bad = notice_2027();
    bad.holidays.insert(d(2026, 12, 31));
    assert_eq!(
        cal.add_year(bad).map_err(|e| e.code()),
        Err("calendar.date_outside_year")
    );
    let mut bad = notice_2027();
    bad.holidays.insert(d(2027, 1, 9));
    assert_eq!(
        cal.add_year(bad).map_err(|e| e.code()),
        Err("calendar.holiday_and_workday")
    );
    let mut bad = notice_2027();
    bad.year = 0;
    bad.holidays.clear();
    bad.workdays.clear();
    assert_eq!(
        cal.add_year(bad).map_err(|e| e.code()),
        Err("calendar.year_out_of_range")
    );
    assert!(cal.years().is_empty());
}

#[test]
fn every_error_has_both_messages_and_a_code() {
    let errors = [
        CalendarError::Toml { detail: "x".into() },
        CalendarError::UnsupportedSchema { found: None },
        CalendarError::YearUnknown { year: 2027 },
        CalendarError::OutOfRange {
            start: d(2024, 1, 1),
            amount: 5,
        },
    ];
    for e in errors {
        assert!(e.code().starts_with("calendar."));
        assert!(!e.message_zh().is_empty() && !e.message_en().is_empty());
        assert_eq!(e.to_string(), e.message_en());
    }
    assert_eq!(
        CalendarError::YearUnknown { year: 2027 }.code(),
        "calendar.year_unknown"
    );
}

// ---- day status ------------------------------------------------------------

#[test]
fn day_status_kinds() {
    let cal = cal();
    let s = cal.is_working_day(d(2024, 2, 9)); // 除夕 2024 is a normal Friday
    assert_eq!(
        s,
        DayStatus {
            working: true,
            confirmed: true,
            kind: DayKind::Weekday
        }
    );
    let s = cal.is_working_day(d(2024, 2, 18));
    assert_eq!(
        s,
        DayStatus {
            working: true,
            confirmed: true,
            kind: DayKind::AdjustedWorkday
        }
    );
    let s = cal.is_working_day(d(2024, 10, 1));
    assert_eq!(
        s,
        DayStatus {
            working: false,
            confirmed: true,
            kind: DayKind::Holiday
        }
    );
    let s = cal.is_working_day(d(2024, 6, 8));
    assert_eq!(
        s,
        DayStatus {
            working: false,
            confirmed: true,
            kind: DayKind::Weekend
        }
    );
}

#[test]
fn uncovered_year_falls_back_unconfirmed() {
    let cal = cal();
    let fri = cal.is_working_day(d(2027, 1, 1));
    assert_eq!(
        fri,
        DayStatus {
            working: true,
            confirmed: false,
            kind: DayKind::Weekday
        }
    );
    let sat = cal.is_working_day(d(2027, 1, 2));
    assert_eq!(
        sat,
        DayStatus {
            working: false,
            confirmed: false,
            kind: DayKind::Weekend
        }
    );
    assert!(!cal.is_working_day(d(2023, 12, 31)).confirmed);
}

#[test]
fn holiday_weekends_and_workday_weekends_in_data() {
    let cal = cal();
    for year in cal.years() {
        let n = cal.notice(year).expect("listed");
        for date in &n.holidays {
            assert!(!cal.is_working_day(*date).working, "{date}");
        }
        for date in &n.workdays {
            assert!(cal.is_working_day(*date).working, "{date}");
            assert!(matches!(
                date.weekday(),
                chrono::Weekday::Sat | chrono::Weekday::Sun
            ));
        }
    }
}

// ---- working days ----------------------------------------------------------

#[test]
fn spring_festival_2024_working_days() {
    let cal = cal();
    let start = d(2024, 2, 8); // Thursday before 除夕
    assert_eq!(wd(&cal, start, 1), confirmed(d(2024, 2, 9))); // 除夕 is a workday
    assert_eq!(wd(&cal, start, 2), confirmed(d(2024, 2, 18))); // Sunday, 调休上班
    assert_eq!(wd(&cal, start, 3), confirmed(d(2024, 2, 19)));
    // Other direction: counting back over the same stretch.
    assert_eq!(
        cal.working_days_between(start, d(2024, 2, 19))
            .map(|c| c.days),
        Ok(3)
    );
    assert_eq!(
        cal.working_days_between(d(2024, 2, 19), start)
            .map(|c| c.days),
        Ok(-3)
    );
    assert_eq!(
        cal.working_days_between(d(2024, 2, 9), d(2024, 2, 17))
            .map(|c| c.days),
        Ok(0)
    );
}

#[test]
fn spring_festival_2024_adjusted_workday_before() {
    let cal = cal();
    // 2024-02-02 Friday; 02-03 Saturday off; 02-04 Sunday 调休上班.
    assert_eq!(wd(&cal, d(2024, 2, 2), 1), confirmed(d(2024, 2, 4)));
}

#[test]
fn national_day_2024_working_days() {
    let cal = cal();
    let start = d(2024, 9, 27); // Friday
    assert_eq!(wd(&cal, start, 1), confirmed(d(2024, 9, 29))); // Sunday, 调休上班
    assert_eq!(wd(&cal, start, 2), confirmed(d(2024, 9, 30)));
    assert_eq!(wd(&cal, start, 3), confirmed(d(2024, 10, 8)));
    assert_eq!(
        cal.working_days_between(start, d(2024, 10, 8))
            .map(|c| c.days),
        Ok(3)
    );
    // 行政处罚法 第八十五条: a 五日 period from 2024-09-30.
    assert_eq!(wd(&cal, d(2024, 9, 30), 5), confirmed(d(2024, 10, 12))); // Saturday, 上班
}

#[test]
fn mid_autumn_2024_saturday_workday() {
    let cal = cal();
    // 2024-09-13 Friday; 09-14 Saturday 调休上班; 09-15..17 off.
    assert_eq!(wd(&cal, d(2024, 9, 13), 1), confirmed(d(2024, 9, 14)));
    assert_eq!(wd(&cal, d(2024, 9, 13), 2), confirmed(d(2024, 9, 18)));
}

#[test]
fn national_day_2025_working_days() {
    let cal = cal();
    let start = d(2025, 9, 26); // Friday
    assert_eq!(wd(&cal, start, 1), confirmed(d(2025, 9, 28))); // Sunday, 调休上班
    assert_eq!(wd(&cal, start, 2), confirmed(d(2025, 9, 29)));
    assert_eq!(wd(&cal, start, 3), confirmed(d(2025, 9, 30)));
    assert_eq!(wd(&cal, start, 4), confirmed(d(2025, 10, 9))); // 10-01..08 off
    assert_eq!(wd(&cal, d(2025, 9, 30), 3), confirmed(d(2025, 10, 11))); // Saturday, 上班
    assert_eq!(
        cal.working_days_between(d(2025, 9, 30), d(2025, 10, 9))
            .map(|c| c.days),
        Ok(1)
    );
}

#[test]
fn national_day_2026_working_days() {
    let cal = cal();
    // 中秋 09-25..27 off, 09-20 Sunday 上班, 国庆 10-01..07 off, 10-10 Saturday 上班.
    assert_eq!(wd(&cal, d(2026, 9, 18), 1), confirmed(d(2026, 9, 20)));
    assert_eq!(wd(&cal, d(2026, 9, 24), 1), confirmed(d(2026, 9, 28)));
    assert_eq!(wd(&cal, d(2026, 9, 30), 1), confirmed(d(2026, 10, 8)));
    assert_eq!(wd(&cal, d(2026, 9, 30), 3), confirmed(d(2026, 10, 10)));
    // 行政强制法 第六十九条: a 十日 period is working days.
    assert_eq!(wd(&cal, d(2026, 9, 28), 10), confirmed(d(2026, 10, 16)));
}

#[test]
fn new_year_2026_crossing() {
    let cal = cal();
    // 2025-12-31 Wednesday; 2026-01-01..03 off; 01-04 Sunday 上班.
    assert_eq!(wd(&cal, d(2025, 12, 31), 1), confirmed(d(2026, 1, 4)));
}

#[test]
fn zero_working_days_is_start() {
    let cal = cal();
    assert_eq!(wd(&cal, d(2024, 10, 1), 0), confirmed(d(2024, 10, 1)));
}

#[test]
fn deadline_in_2027_is_unconfirmed_until_notice_added() {
    let mut cal = cal();
    let got = wd(&cal, d(2026, 12, 30), 3);
    assert_eq!(
        got,
        Deadline {
            date: d(2027, 1, 4),
            confirmed: false
        }
    );
    cal.add_year(notice_2027()).expect("new notice");
    // With the (synthetic) notice 2027-01-01 is off, so the date moves too.
    assert_eq!(wd(&cal, d(2026, 12, 30), 3), confirmed(d(2027, 1, 5)));
}

#[test]
fn start_in_uncovered_year_is_unconfirmed() {
    let cal = cal();
    let got = wd(&cal, d(2023, 12, 29), 1);
    assert_eq!(
        got,
        Deadline {
            date: d(2024, 1, 2),
            confirmed: false
        }
    );
}

// ---- calendar days and months ---------------------------------------------

#[test]
fn calendar_days_ending_on_national_day_moves_to_october_8() {
    let cal = cal();
    let got = cal.add_calendar_days(d(2024, 9, 16), 15).expect("in range");
    assert_eq!(got, confirmed(d(2024, 10, 8)));
}

#[test]
fn calendar_days_weekend_and_holiday_chain() {
    let cal = cal();
    // 06-08 Saturday, 06-09 Sunday, 06-10 端午 → 06-11.
    assert_eq!(
        cal.add_calendar_days(d(2024, 6, 1), 7),
        Ok(confirmed(d(2024, 6, 11)))
    );
    // Ends on the adjusted workday Sunday 2024-02-18: no move.
    assert_eq!(
        cal.add_calendar_days(d(2024, 2, 11), 7),
        Ok(confirmed(d(2024, 2, 18)))
    );
    // Ends on Saturday 03-16 → Monday 03-18.
    assert_eq!(
        cal.add_calendar_days(d(2024, 3, 1), 15),
        Ok(confirmed(d(2024, 3, 18)))
    );
    // 2025 Spring Festival: ends 01-28 (除夕, off) → 02-05.
    assert_eq!(
        cal.add_calendar_days(d(2025, 1, 13), 15),
        Ok(confirmed(d(2025, 2, 5)))
    );
}

#[test]
fn calendar_days_into_uncovered_year() {
    let cal = cal();
    let got = cal
        .add_calendar_days(d(2026, 12, 20), 15)
        .expect("in range");
    assert_eq!(
        got,
        Deadline {
            date: d(2027, 1, 4),
            confirmed: false
        }
    ); // 01-04 Monday
}

#[test]
fn months_clamp_to_month_end() {
    let cal = cal();
    assert_eq!(
        cal.add_months(d(2024, 1, 31), 1),
        Ok(confirmed(d(2024, 2, 29)))
    );
    assert_eq!(
        cal.add_months(d(2025, 1, 31), 1),
        Ok(confirmed(d(2025, 2, 28)))
    );
    assert_eq!(
        cal.add_months(d(2024, 8, 31), 6),
        Ok(confirmed(d(2025, 2, 28)))
    );
}

#[test]
fn six_months_for_administrative_review() {
    let cal = cal();
    // 行政诉讼法 第四十六条: 六个月 to bring a suit.
    assert_eq!(
        cal.add_months(d(2024, 4, 1), 6),
        Ok(confirmed(d(2024, 10, 8)))
    );
    // 2026-02-01 is a Sunday.
    assert_eq!(
        cal.add_months(d(2025, 8, 1), 6),
        Ok(confirmed(d(2026, 2, 2)))
    );
    // 2026-04-05 is 清明 (Sunday), 04-06 off too.
    assert_eq!(
        cal.add_months(d(2025, 10, 5), 6),
        Ok(confirmed(d(2026, 4, 7)))
    );
    let far = cal.add_months(d(2026, 9, 1), 6).expect("in range");
    assert_eq!(
        far,
        Deadline {
            date: d(2027, 3, 1),
            confirmed: false
        }
    );
}

#[test]
fn out_of_range_is_an_error_not_a_panic() {
    let cal = cal();
    let max = NaiveDate::MAX;
    assert_eq!(
        cal.add_working_days(max, 1).map_err(|e| e.code()),
        Err("calendar.out_of_range")
    );
    assert!(cal.add_calendar_days(max, 1).is_err());
    assert!(cal.add_months(max, 1).is_err());
    assert!(cal.add_working_days(d(2024, 1, 1), u32::MAX).is_err());
    assert!(cal.add_calendar_days(d(2024, 1, 1), u32::MAX).is_err());
    assert!(cal.add_months(d(2024, 1, 1), u32::MAX).is_err());
    assert!(cal.working_days_between(NaiveDate::MIN, max).is_err());
}

// ---- labels ----------------------------------------------------------------

fn label(
    cal: &HolidayCalendar,
    today: NaiveDate,
    deadline: NaiveDate,
    lang: Lang,
) -> RemainingLabel {
    cal.days_remaining_label(today, deadline, lang)
        .expect("in range")
}

#[test]
fn remaining_labels() {
    let cal = cal();
    let l = label(&cal, d(2024, 2, 8), d(2024, 2, 19), Lang::Zh);
    assert_eq!(
        (l.text.as_str(), l.urgency),
        ("还剩 3 个工作日", Urgency::DueSoon)
    );
    let l = label(&cal, d(2024, 2, 8), d(2024, 2, 19), Lang::En);
    assert_eq!(l.text, "3 working days left");
    // 09-23..27 (5) + 09-29 + 09-30 + 10-08..10 (3) = 10.
    let l = label(&cal, d(2024, 9, 20), d(2024, 10, 10), Lang::Zh);
    assert_eq!(
        (l.text.as_str(), l.urgency),
        ("还剩 10 个工作日", Urgency::Normal)
    );
    let l = label(&cal, d(2024, 9, 30), d(2024, 10, 8), Lang::En);
    assert_eq!(
        (l.text.as_str(), l.urgency),
        ("1 working day left", Urgency::DueSoon)
    );
    let l = label(&cal, d(2024, 10, 8), d(2024, 10, 8), Lang::Zh);
    assert_eq!((l.text.as_str(), l.urgency), ("今日到期", Urgency::DueSoon));
    assert_eq!(
        label(&cal, d(2024, 10, 8), d(2024, 10, 8), Lang::En).text,
        "due today"
    );
}

#[test]
fn overdue_labels_count_calendar_days() {
    let cal = cal();
    let l = label(&cal, d(2024, 10, 8), d(2024, 10, 1), Lang::Zh);
    assert_eq!(
        (l.text.as_str(), l.urgency),
        ("已超期 7 天", Urgency::Overdue)
    );
    assert_eq!(
        label(&cal, d(2024, 10, 8), d(2024, 10, 1), Lang::En).text,
        "7 days overdue"
    );
    assert_eq!(
        label(&cal, d(2024, 10, 2), d(2024, 10, 1), Lang::En).text,
        "1 day overdue"
    );
}

#[test]
fn label_unconfirmed_in_uncovered_year() {
    let cal = cal();
    let l = label(&cal, d(2026, 12, 28), d(2027, 1, 8), Lang::Zh);
    assert_eq!((l.text.as_str(), l.confirmed), ("还剩 9 个工作日", false));
    assert!(label(&cal, d(2026, 12, 1), d(2026, 12, 28), Lang::Zh).confirmed);
}

// ---- properties ------------------------------------------------------------

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (0i64..(366 * 5)).prop_map(|off| d(2023, 1, 1) + chrono::Days::new(off as u64))
}

proptest! {
    #[test]
    fn working_days_and_between_agree(start in any_date(), n in 1u32..40) {
        let cal = cal();
        let end = cal.add_working_days(start, n).expect("in range");
        prop_assert!(cal.is_working_day(end.date).working);
        let count = cal.working_days_between(start, end.date).expect("in range");
        prop_assert_eq!(count.days, i64::from(n));
        prop_assert_eq!(count.confirmed && cal.covers(start), end.confirmed);
    }

    #[test]
    fn calendar_deadline_is_first_working_day(start in any_date(), n in 0u32..120) {
        let cal = cal();
        let end = cal.add_calendar_days(start, n).expect("in range");
        let nominal = start + chrono::Days::new(u64::from(n));
        prop_assert!(end.date >= nominal);
        prop_assert!(cal.is_working_day(end.date).working);
        for day in nominal.iter_days().take_while(|x| *x < end.date) {
            prop_assert!(!cal.is_working_day(day).working);
        }
    }

    #[test]
    fn loader_never_panics(text in ".{0,200}") {
        let _ = HolidayCalendar::from_toml_str(&text);
    }

    #[test]
    fn loader_never_panics_on_bad_dates(value in "[0-9+-]{0,14}") {
        let _ = HolidayCalendar::from_toml_str(&year_table(&format!("\"{value}\""), ""));
    }
}
