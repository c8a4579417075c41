//! Reading and writing the schema-1 `cn-holidays.toml` format.
//!
//! Writing is done by hand because the `toml` crate is built without its
//! serialiser (`display` feature); the format is small and fixed.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;

use super::{CalendarError, YearNotice};

const SCHEMA: i64 = 1;

#[derive(Deserialize)]
struct RawFile {
    schema: Option<i64>,
    #[serde(default)]
    years: BTreeMap<String, RawYear>,
}

/// One `[years.YYYY]` table; unknown keys such as `periods` are ignored.
#[derive(Deserialize)]
struct RawYear {
    title: String,
    doc_no: String,
    issued: String,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    holidays: Vec<String>,
    #[serde(default)]
    workdays: Vec<String>,
}

/// Parses the text into notices; only per-field checks happen here, the
/// cross-field checks are [`YearNotice::validate`].
pub(super) fn parse(text: &str) -> Result<Vec<YearNotice>, CalendarError> {
    let raw: RawFile = toml::from_str(text).map_err(|e| CalendarError::Toml {
        detail: e.message().to_string(),
    })?;
    if raw.schema != Some(SCHEMA) {
        return Err(CalendarError::UnsupportedSchema { found: raw.schema });
    }
    raw.years
        .into_iter()
        .map(|(key, year)| convert_year(&key, year))
        .collect()
}

fn convert_year(key: &str, raw: RawYear) -> Result<YearNotice, CalendarError> {
    let year = parse_year_key(key)?;
    Ok(YearNotice {
        year,
        issued: parse_date(year, "issued", &raw.issued)?,
        holidays: parse_date_set(year, "holidays", &raw.holidays)?,
        workdays: parse_date_set(year, "workdays", &raw.workdays)?,
        title: raw.title,
        doc_no: raw.doc_no,
        sources: raw.sources,
    })
}

fn parse_year_key(key: &str) -> Result<i32, CalendarError> {
    let invalid = || CalendarError::InvalidYearKey {
        key: key.to_string(),
    };
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    key.parse().map_err(|_| invalid())
}

/// Strict `YYYY-MM-DD`: chrono alone would also accept unpadded fields.
fn parse_date(year: i32, field: &'static str, value: &str) -> Result<NaiveDate, CalendarError> {
    let invalid = || CalendarError::InvalidDate {
        year,
        field,
        value: value.to_string(),
    };
    if value.len() != 10 {
        return Err(invalid());
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| invalid())
}

fn parse_date_set(
    year: i32,
    field: &'static str,
    values: &[String],
) -> Result<BTreeSet<NaiveDate>, CalendarError> {
    let mut set = BTreeSet::new();
    for value in values {
        let date = parse_date(year, field, value)?;
        if !set.insert(date) {
            return Err(CalendarError::DuplicateDate { year, field, date });
        }
    }
    Ok(set)
}

pub(super) fn write<'a>(notices: impl Iterator<Item = &'a YearNotice>) -> String {
    let mut out = format!("schema = {SCHEMA}\n");
    for notice in notices {
        write_notice(&mut out, notice);
    }
    out
}

fn write_notice(out: &mut String, n: &YearNotice) {
    // `write!` to a String cannot fail, hence the ignored results.
    let _ = write!(
        out,
        "\n[years.{}]\ntitle = {}\ndoc_no = {}\nissued = \"{}\"\n",
        n.year,
        quote(&n.title),
        quote(&n.doc_no),
        n.issued
    );
    out.push_str("sources = [\n");
    for source in &n.sources {
        let _ = writeln!(out, "  {},", quote(source));
    }
    out.push_str("]\n");
    write_dates(out, "holidays", &n.holidays);
    write_dates(out, "workdays", &n.workdays);
}

fn write_dates(out: &mut String, field: &str, dates: &BTreeSet<NaiveDate>) {
    let _ = writeln!(out, "{field} = [");
    for date in dates {
        let _ = writeln!(out, "  \"{date}\",  # {}", weekday_zh(date.weekday()));
    }
    out.push_str("]\n");
}

fn weekday_zh(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "周一",
        Weekday::Tue => "周二",
        Weekday::Wed => "周三",
        Weekday::Thu => "周四",
        Weekday::Fri => "周五",
        Weekday::Sat => "周六",
        Weekday::Sun => "周日",
    }
}

/// TOML basic string with the escapes the spec requires.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
