//! The calendar in the database: administrators add a year when its State Council notice
//! appears (with the notice number); the platform seeds 2024–2026 from the notices.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use sqlx::Row;

use super::{HolidayCalendar, YearNotice};
use crate::audit::{Actor, AuditedTx, Event};
use crate::auth::{Permission, Principal};
use crate::db::Db;
use crate::time::now_ms;
use crate::{Error, Result};

/// The notices the binary ships with (国办发明电 notices for 2024–2026), so that an air-gapped
/// installation starts with a correct calendar.
pub const SEED_TOML: &str = include_str!("../../data/cn-holidays.toml");

fn cal_err(e: super::CalendarError) -> Error {
    Error::domain_invalid(e.code(), "calendar", e.message_zh(), e.message_en())
}

fn dates_json(s: &BTreeSet<NaiveDate>) -> String {
    serde_json::to_string(&s.iter().map(|d| d.to_string()).collect::<Vec<_>>())
        .unwrap_or_else(|_| "[]".into())
}

fn parse_dates(s: &str) -> Result<BTreeSet<NaiveDate>> {
    let v: Vec<String> =
        serde_json::from_str(s).map_err(|e| Error::Internal(format!("calendar dates: {e}")))?;
    v.iter()
        .map(|d| {
            d.parse::<NaiveDate>()
                .map_err(|e| Error::Internal(format!("calendar date {d:?}: {e}")))
        })
        .collect()
}

async fn upsert(tx: &mut AuditedTx, n: &YearNotice) -> Result<()> {
    // Every instance reloads its calendar when the counter moves.
    crate::db::versions::bump(tx.conn(), crate::db::versions::CALENDAR).await?;
    let year = i64::from(n.year);
    let existed = sqlx::query("DELETE FROM calendar_years WHERE year = $1")
        .bind(year)
        .execute(tx.conn())
        .await?
        .rows_affected()
        > 0;
    sqlx::query(
        "INSERT INTO calendar_years (year, title, doc_no, issued, holidays, workdays, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(year)
    .bind(n.title.clone())
    .bind(n.doc_no.clone())
    .bind(n.issued.to_string())
    .bind(dates_json(&n.holidays))
    .bind(dates_json(&n.workdays))
    .bind(now_ms())
    .execute(tx.conn())
    .await?;
    let after = serde_json::json!({
        "year": year, "doc_no": n.doc_no, "holidays": dates_json(&n.holidays), "workdays": dates_json(&n.workdays),
    });
    tx.record(Event {
        action: if existed {
            "calendar.replace_year"
        } else {
            "calendar.add_year"
        },
        object_type: "calendar_year",
        object_id: year.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("{} 年节假日安排（{}）", n.year, n.doc_no),
    })
    .await?;
    Ok(())
}

/// Seeds the shipped notices if the table is empty. Returns the years seeded.
pub async fn seed_calendar(db: &Db) -> Result<Vec<i32>> {
    let n: i64 = sqlx::query("SELECT CAST(COUNT(*) AS BIGINT) FROM calendar_years")
        .fetch_one(db.pool())
        .await?
        .try_get(0)?;
    if n > 0 {
        return Ok(Vec::new());
    }
    let cal = HolidayCalendar::from_toml_str(SEED_TOML).map_err(cal_err)?;
    let mut tx = AuditedTx::begin(db, Actor::system("calendar")).await?;
    for y in cal.years() {
        if let Some(notice) = cal.notice(y) {
            upsert(&mut tx, notice).await?;
        }
    }
    tx.commit().await?;
    Ok(cal.years())
}

/// Loads the calendar the administrators maintain.
pub async fn load_calendar(db: &Db) -> Result<HolidayCalendar> {
    let rows = sqlx::query(
        "SELECT year, title, doc_no, issued, holidays, workdays FROM calendar_years ORDER BY year",
    )
    .fetch_all(db.pool())
    .await?;
    let mut cal = HolidayCalendar::new();
    for r in &rows {
        let year: i64 = r.try_get(0)?;
        let issued: String = r.try_get(3)?;
        let notice = YearNotice {
            year: i32::try_from(year)
                .map_err(|_| Error::Internal(format!("calendar year {year}")))?,
            title: r.try_get(1)?,
            doc_no: r.try_get(2)?,
            issued: issued
                .parse()
                .map_err(|e| Error::Internal(format!("calendar issued {issued:?}: {e}")))?,
            sources: Vec::new(),
            holidays: parse_dates(&r.try_get::<String, _>(4)?)?,
            workdays: parse_dates(&r.try_get::<String, _>(5)?)?,
        };
        cal.add_year(notice).map_err(cal_err)?;
    }
    Ok(cal)
}

/// Adds or replaces one year's notice (system administrator), validated first.
pub async fn save_notice(db: &Db, who: &Principal, notice: &YearNotice) -> Result<()> {
    who.require(Permission::ManageCalendar)?;
    notice.validate().map_err(cal_err)?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    upsert(&mut tx, notice).await?;
    tx.commit().await
}
