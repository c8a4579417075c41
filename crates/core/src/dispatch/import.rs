//! Import of 12345 exports (CSV or Excel) with the hotline's usual columns. Every row is
//! checked first; every problem is reported by row, column and reason; nothing is written
//! unless every row is good.

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use serde::Serialize;

use super::order::OrderKind;
use super::store::{NewOrder, insert_order, now, validate_new};
use crate::Result;
use crate::audit::AuditedTx;
use crate::auth::{Permission, Principal};
use crate::calendar::HolidayCalendar;
use crate::db::Db;
use crate::excel::{MAX_UPLOAD_BYTES, column_letter, read_first_sheet, template_rows, too_large};
use crate::org::RowError;
use crate::time::cst;

/// The 12345 columns, in order.
pub const IMPORT_COLUMNS: [&str; 5] = ["工单编号", "来电时间", "诉求内容", "诉求地址", "诉求类型"];

/// What an import did.
#[derive(Debug, Clone, Serialize, Default)]
pub struct OrderImportReport {
    pub imported: usize,
    /// Of which dispatched at once (confident suggestions).
    pub dispatched: usize,
    pub errors: Vec<RowError>,
}

/// Splits CSV text into rows (RFC 4180: quotes, doubled quotes, newlines inside quotes).
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.trim_start_matches('\u{FEFF}').chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if cell.is_empty() => quoted = true,
            (',', false) => row.push(std::mem::take(&mut cell).trim().to_string()),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut cell).trim().to_string());
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell.trim().to_string());
        rows.push(row);
    }
    rows
}

fn parse_time(s: &str) -> Option<i64> {
    let s = s.trim().replace('/', "-");
    let dt = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(&s, f).ok())
        .or_else(|| {
            NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })?;
    cst()
        .from_local_datetime(&dt)
        .single()
        .map(|t| t.timestamp_millis())
}

/// Reads the rows of an upload: `.csv` as UTF-8 text, anything else as Excel.
pub fn read_rows(bytes: &[u8], filename: &str) -> Result<Vec<Vec<String>>> {
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(too_large());
    }
    if filename.to_ascii_lowercase().ends_with(".csv") {
        Ok(parse_csv(super::text::decode_utf8(bytes)?))
    } else {
        read_first_sheet(bytes)
    }
}

/// Checks the whole file, then takes in every order in one audited transaction — or none.
pub async fn import_orders(
    db: &Db,
    who: &Principal,
    bytes: &[u8],
    filename: &str,
    cal: &HolidayCalendar,
) -> Result<OrderImportReport> {
    who.require(Permission::DispatchOrders)?;
    let rows = read_rows(bytes, filename)?;
    let data = template_rows(&rows, &IMPORT_COLUMNS)?;
    let err = |row: usize, col: usize, zh: String, en: String| RowError {
        row,
        column: format!("{} {}", column_letter(col), IMPORT_COLUMNS[col]),
        reason: zh,
        reason_en: en,
    };
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    let mut good = Vec::new();
    for (rowno, r) in data {
        let cell = |i: usize| r.get(i).map(String::as_str).unwrap_or("").trim();
        let before = errors.len();
        let no = cell(0).to_string();
        if no.is_empty() {
            errors.push(err(
                rowno,
                0,
                "工单编号为空".into(),
                "order number is empty".into(),
            ));
        } else if !seen.insert(no.clone()) {
            errors.push(err(
                rowno,
                0,
                "工单编号在文件中重复".into(),
                "order number repeated in the file".into(),
            ));
        } else if sqlx::query("SELECT 1 FROM work_orders WHERE region_code = $1 AND order_no = $2")
            .bind(who.region.clone())
            .bind(no.clone())
            .fetch_optional(db.pool())
            .await?
            .is_some()
        {
            errors.push(err(
                rowno,
                0,
                "该工单编号已导入过".into(),
                "order number already imported".into(),
            ));
        }
        let at = parse_time(cell(1));
        if at.is_none() {
            errors.push(err(
                rowno,
                1,
                format!("来电时间“{}”无效，应为 YYYY-MM-DD HH:MM", cell(1)),
                format!("invalid call time {:?}, expected YYYY-MM-DD HH:MM", cell(1)),
            ));
        }
        let kind = OrderKind::parse(cell(4));
        if kind.is_none() {
            errors.push(err(
                rowno,
                4,
                format!(
                    "诉求类型“{}”无效，应为 投诉、举报、咨询、求助 或 建议",
                    cell(4)
                ),
                format!(
                    "invalid type {:?}: use 投诉, 举报, 咨询, 求助 or 建议",
                    cell(4)
                ),
            ));
        }
        let o = NewOrder {
            order_no: Some(no),
            kind: kind.unwrap_or(OrderKind::Complaint),
            text: cell(2).to_string(),
            address: cell(3).to_string(),
            caller: String::new(),
            phone: String::new(),
            received_at: at,
        };
        if let Err(e) = validate_new(&o) {
            let col = if e.field() == Some("address") { 3 } else { 2 };
            errors.push(err(rowno, col, e.message_zh(), e.message_en()));
        }
        if errors.len() == before {
            good.push(o);
        }
    }
    if !errors.is_empty() {
        return Ok(OrderImportReport {
            imported: 0,
            dispatched: 0,
            errors,
        });
    }
    let model = super::knowledge::model(db, &who.region).await?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let mut dispatched = 0;
    for o in &good {
        let s = super::llm::suggest(&model, &o.text, &o.address).await;
        dispatched += usize::from(!s.needs_human);
        insert_order(&mut tx, &who.region, "import", o, &s, cal, now()).await?;
    }
    tx.commit().await?;
    Ok(OrderImportReport {
        imported: good.len(),
        dispatched,
        errors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_quotes_and_newlines() {
        let rows = parse_csv("\u{FEFF}a,b\n\"x,1\",\"say \"\"hi\"\"\nthere\"\r\n");
        assert_eq!(rows[0], vec!["a", "b"]);
        assert_eq!(rows[1], vec!["x,1", "say \"hi\"\nthere"]);
    }

    #[test]
    fn times() {
        assert!(parse_time("2024-03-05 08:30").is_some());
        assert!(
            parse_time("2024/3/5 08:30:00").is_none()
                || parse_time("2024/03/05 08:30:00").is_some()
        );
        assert!(parse_time("昨天").is_none());
    }
}
