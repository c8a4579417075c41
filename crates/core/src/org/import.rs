//! Excel import of officers: every row is checked first, every problem is reported by row,
//! column and reason, and nothing is written unless every row is good.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::Serialize;

use super::card::{NewCard, validate_card};
use super::department::find_department_by_name;
use super::officer::{NewOfficer, check_person_name, insert_officer, validate_officer};
use crate::Result;
use crate::audit::AuditedTx;
use crate::auth::{Permission, Principal};
use crate::db::Db;
use crate::excel::{column_letter, read_first_sheet, template_rows, write_table};

/// Columns of the officer template, in order (required ones are marked * in the template).
pub const IMPORT_COLUMNS: [&str; 8] = [
    "姓名",
    "身份证号",
    "所属部门",
    "岗位",
    "执法证号",
    "执法领域",
    "发证日期",
    "有效期至",
];
const REQUIRED: [bool; 8] = [true, true, true, false, false, false, false, false];

/// One problem in an uploaded file.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RowError {
    /// Excel row number (the header is row 1).
    pub row: usize,
    /// Column letter and name, e.g. `B 身份证号`.
    pub column: String,
    pub reason: String,
    pub reason_en: String,
}

/// What an import did.
#[derive(Debug, Clone, Serialize, Default)]
pub struct ImportReport {
    /// Officers written (0 whenever `errors` is not empty).
    pub imported: usize,
    pub errors: Vec<RowError>,
}

/// The name in the template's example row; a row carrying it is refused, never imported.
pub const EXAMPLE_NAME: &str = "张三（示例行，导入前请删除）";

/// The template to download: the header row and one example row (refused if left in).
pub fn officer_template() -> Result<Vec<u8>> {
    let headers: Vec<String> = IMPORT_COLUMNS
        .iter()
        .zip(REQUIRED)
        .map(|(c, r)| if r { format!("{c}*") } else { (*c).to_string() })
        .collect();
    let h: Vec<&str> = headers.iter().map(String::as_str).collect();
    write_table(
        "执法人员",
        &h,
        &[vec![
            EXAMPLE_NAME.into(),
            "120116198507150121".into(),
            "区市场监管局".into(),
            "执法岗".into(),
            "12011624000001".into(),
            "食品安全；产品质量".into(),
            "2024-01-01".into(),
            "2026-12-31".into(),
        ]],
    )
}

fn split_list(s: &str) -> Vec<String> {
    s.split(['；', ';', '、', ',', '，'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// Validates the whole file, then imports all rows in one audited transaction — or none.
pub async fn import_officers(db: &Db, who: &Principal, bytes: &[u8]) -> Result<ImportReport> {
    who.require(Permission::EditOrg)?;
    let rows = read_first_sheet(bytes)?;
    let mut errors = Vec::new();
    let data = template_rows(&rows, &IMPORT_COLUMNS)?;
    let mut seen_ids = HashSet::new();
    let mut seen_cards = HashSet::new();
    let mut good = Vec::new();
    for (rowno, r) in data {
        let cell = |i: usize| cell_at(r, i);
        let before = errors.len();
        for (i, req) in REQUIRED.iter().enumerate() {
            if *req && cell(i).is_empty() {
                errors.push(row_error(
                    rowno,
                    i,
                    "必填项为空".into(),
                    "required value is empty".into(),
                ));
            }
        }
        if errors.len() > before {
            continue;
        }
        if cell(0) == EXAMPLE_NAME || cell(0).contains("示例") {
            let e = crate::Error::of(crate::Code::SecurityExampleRow).arg("row", rowno);
            errors.push(row_error(rowno, 0, e.message_zh(), e.message_en()));
            continue;
        }
        let dept = check_department(db, who, rowno, cell(2), &mut errors).await?;
        let card = if cell(4).is_empty() {
            None
        } else {
            check_card(db, r, rowno, &mut seen_cards, &mut errors).await?
        };
        let o = NewOfficer {
            department_id: dept.unwrap_or(-1),
            name: cell(0).to_string(),
            id_number: cell(1).to_string(),
            posts: split_list(cell(3)),
            card,
        };
        check_officer(db, &o, rowno, &mut seen_ids, &mut errors).await?;
        if errors.len() == before {
            good.push(o);
        }
    }
    if !errors.is_empty() {
        return Ok(ImportReport {
            imported: 0,
            errors,
        });
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    for o in &good {
        // A failure here (e.g. a concurrent duplicate) drops the transaction: nothing is written.
        insert_officer(&mut tx, &who.region, o).await?;
    }
    tx.commit().await?;
    Ok(ImportReport {
        imported: good.len(),
        errors,
    })
}

/// A row's trimmed cell `i` (empty past the row's end).
fn cell_at(r: &[String], i: usize) -> &str {
    r.get(i).map(String::as_str).unwrap_or("").trim()
}

/// The error of row `row` in column `col` (letter and template header).
fn row_error(row: usize, col: usize, zh: String, en: String) -> RowError {
    RowError {
        row,
        column: format!(
            "{} {}",
            column_letter(col),
            IMPORT_COLUMNS.get(col).copied().unwrap_or("")
        ),
        reason: zh,
        reason_en: en,
    }
}

/// The id of the department named `name`, if it exists and is in the user's scope.
async fn check_department(
    db: &Db,
    who: &Principal,
    rowno: usize,
    name: &str,
    errors: &mut Vec<RowError>,
) -> Result<Option<i64>> {
    Ok(
        match find_department_by_name(db.pool(), &who.region, name).await? {
            None => {
                errors.push(row_error(
                    rowno,
                    2,
                    format!("部门“{name}”不存在"),
                    format!("unknown department {name:?}"),
                ));
                None
            }
            Some(id) if !who.covers_department(db, id).await? => {
                errors.push(row_error(
                    rowno,
                    2,
                    "该部门不在您的数据权限范围内".into(),
                    "department outside your data scope".into(),
                ));
                None
            }
            Some(id) => Some(id),
        },
    )
}

/// Cell `i` as a date (`/` and `.` accepted as separators).
fn parse_date(
    r: &[String],
    i: usize,
    rowno: usize,
    errors: &mut Vec<RowError>,
) -> Option<NaiveDate> {
    let s = cell_at(r, i).replace(['/', '.'], "-");
    match NaiveDate::parse_from_str(&s, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(row_error(
                rowno,
                i,
                format!("日期“{}”无效，应为 YYYY-MM-DD", cell_at(r, i)),
                format!("invalid date {:?}, expected YYYY-MM-DD", cell_at(r, i)),
            ));
            None
        }
    }
}

/// The row's enforcement card (its number is in cell 4): valid dates, a valid card, a number
/// new to the file and to the register. `None` when a date is invalid.
async fn check_card(
    db: &Db,
    r: &[String],
    rowno: usize,
    seen_cards: &mut HashSet<String>,
    errors: &mut Vec<RowError>,
) -> Result<Option<NewCard>> {
    let issued = parse_date(r, 6, rowno, errors);
    let until = parse_date(r, 7, rowno, errors);
    let (Some(issued_on), Some(valid_until)) = (issued, until) else {
        return Ok(None);
    };
    let c = NewCard {
        card_no: cell_at(r, 4).to_string(),
        domains: split_list(cell_at(r, 5)),
        issued_on,
        valid_until,
    };
    if let Err(e) = validate_card(&c) {
        let col = if e.field() == Some("valid_until") {
            7
        } else {
            4
        };
        errors.push(row_error(rowno, col, e.message_zh(), e.message_en()));
    } else if !seen_cards.insert(c.card_no.clone()) {
        errors.push(row_error(
            rowno,
            4,
            "执法证号在文件中重复".into(),
            "card number repeated in the file".into(),
        ));
    } else if card_exists(db, &c.card_no).await? {
        errors.push(row_error(
            rowno,
            4,
            "执法证号已存在".into(),
            "card number already registered".into(),
        ));
    }
    Ok(Some(c))
}

/// Checks the officer's name and identity number, and that the number is new to the file and
/// to the register.
async fn check_officer(
    db: &Db,
    o: &NewOfficer,
    rowno: usize,
    seen_ids: &mut HashSet<String>,
    errors: &mut Vec<RowError>,
) -> Result<()> {
    match check_person_name(&o.name).and_then(|()| validate_officer(o)) {
        Err(e) => {
            let col = if e.field() == Some("name") { 0 } else { 1 };
            errors.push(row_error(rowno, col, e.message_zh(), e.message_en()));
        }
        Ok(idn) => {
            if !seen_ids.insert(idn.clone()) {
                errors.push(row_error(
                    rowno,
                    1,
                    "身份证号在文件中重复".into(),
                    "identity number repeated in the file".into(),
                ));
            } else if officer_exists(db, &idn).await? {
                errors.push(row_error(
                    rowno,
                    1,
                    "该身份证号的人员已登记".into(),
                    "an officer with this identity number exists".into(),
                ));
            }
        }
    }
    Ok(())
}

async fn officer_exists(db: &Db, id_number: &str) -> Result<bool> {
    Ok(sqlx::query("SELECT 1 FROM officers WHERE id_number = $1")
        .bind(id_number.to_string())
        .fetch_optional(db.pool())
        .await?
        .is_some())
}

async fn card_exists(db: &Db, card_no: &str) -> Result<bool> {
    Ok(
        sqlx::query("SELECT 1 FROM enforcement_cards WHERE card_no = $1")
            .bind(card_no.to_string())
            .fetch_optional(db.pool())
            .await?
            .is_some(),
    )
}
