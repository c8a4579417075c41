//! Excel import of mediation organisations (the Justice Bureau's registry): every row is
//! checked first against the composition rules (第八条) and the levels, every problem is
//! reported by row, column and reason, and nothing is written unless every row is good.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::orgs::{self, NewOrganisation};
use super::rules::{Level, OrgKind};
use crate::auth::{DataScope, Permission, Principal};
use crate::db::Db;
use crate::excel::{column_letter, read_first_sheet, template_rows, write_table};
use crate::org::{ImportReport, RowError};
use crate::{Error, Result};

/// Columns of the template, in order (all required but 少数民族人数 and 多民族地区).
pub const COLUMNS: [&str; 8] = [
    "名称",
    "类型",
    "所在街镇",
    "委员人数",
    "女性委员",
    "少数民族委员",
    "多民族地区",
    "任期起始",
];
const REQUIRED: [bool; 8] = [true, true, false, true, true, false, false, true];

/// The name of the template's example row; a row carrying it is refused.
pub const EXAMPLE_NAME: &str = "某社区人民调解委员会（示例行，导入前请删除）";

/// The template to download: the header and one example row.
pub fn template() -> Result<Vec<u8>> {
    let headers: Vec<String> = COLUMNS
        .iter()
        .zip(REQUIRED)
        .map(|(c, r)| if r { format!("{c}*") } else { (*c).to_string() })
        .collect();
    let h: Vec<&str> = headers.iter().map(String::as_str).collect();
    write_table(
        "调解组织",
        &h,
        &[vec![
            EXAMPLE_NAME.into(),
            OrgKind::Residents.label_zh().into(),
            "塘沽街道".into(),
            "5".into(),
            "2".into(),
            "0".into(),
            "否".into(),
            "2024-01-01".into(),
        ]],
    )
}

fn row_error(row: usize, col: usize, zh: impl Into<String>, en: impl Into<String>) -> RowError {
    RowError {
        row,
        column: format!(
            "{} {}",
            column_letter(col),
            COLUMNS.get(col).copied().unwrap_or("")
        ),
        reason: zh.into(),
        reason_en: en.into(),
    }
}

/// Validates the whole file, then creates every organisation in one audited transaction — or
/// none. 街镇 committees in the file may be the parents of 村居 committees in the same file.
pub async fn import(db: &Db, who: &Principal, bytes: &[u8]) -> Result<ImportReport> {
    who.require(Permission::ManageMediation)?;
    if who.scope != DataScope::District {
        return Err(Error::forbidden(
            "只有区司法局可以导入调解组织。",
            "Only the district Justice Bureau imports organisations.",
        ));
    }
    let rows = read_first_sheet(bytes)?;
    let data = template_rows(&rows, &COLUMNS)?;
    let existing: HashSet<(String, String)> = orgs::tree(db, who)
        .await?
        .into_iter()
        .map(|o| (o.level.as_str().to_string(), o.subdistrict))
        .collect();
    let names: HashSet<String> = orgs::tree(db, who)
        .await?
        .into_iter()
        .map(|o| o.name)
        .collect();
    let mut seen = HashSet::new();
    let mut errors = Vec::new();
    let mut good = Vec::new();
    let mut subs_in_file = HashSet::new();
    for (rowno, r) in &data {
        let cell = |i: usize| r.get(i).map(String::as_str).unwrap_or("").trim();
        let before = errors.len();
        for (i, req) in REQUIRED.iter().enumerate() {
            if *req && cell(i).is_empty() {
                errors.push(row_error(
                    *rowno,
                    i,
                    "必填项为空",
                    "required value is empty",
                ));
            }
        }
        if errors.len() > before {
            continue;
        }
        if cell(0).contains("示例") {
            errors.push(row_error(
                *rowno,
                0,
                "示例行不能导入，请删除。",
                "The example row cannot be imported; delete it.",
            ));
            continue;
        }
        let Some(kind) = OrgKind::parse(cell(1)) else {
            errors.push(row_error(
                *rowno,
                1,
                "类型不在可选范围内（如“居民委员会人民调解委员会”）。",
                "Unknown kind.",
            ));
            continue;
        };
        let num = |i: usize, errors: &mut Vec<RowError>| -> Option<i64> {
            match cell(i) {
                "" => Some(0),
                s => s.parse().ok().or_else(|| {
                    errors.push(row_error(*rowno, i, "应为整数。", "must be a whole number"));
                    None
                }),
            }
        };
        let (members, women, minority) = (
            num(3, &mut errors),
            num(4, &mut errors),
            num(5, &mut errors),
        );
        let term: Option<NaiveDate> = cell(7).parse().ok();
        if term.is_none() {
            errors.push(row_error(
                *rowno,
                7,
                "日期格式应为 YYYY-MM-DD。",
                "Dates are YYYY-MM-DD.",
            ));
        }
        let (Some(members), Some(women), Some(minority), Some(term_start)) =
            (members, women, minority, term)
        else {
            continue;
        };
        let n = NewOrganisation {
            name: cell(0).to_string(),
            kind,
            subdistrict: cell(2).to_string(),
            members,
            women,
            minority,
            multi_ethnic: matches!(cell(6), "是" | "yes" | "1"),
            term_start,
        };
        if let Err(e) = orgs::validate(&n) {
            let col = match e.field() {
                Some("name") => 0,
                Some("subdistrict") => 2,
                _ => 3,
            };
            errors.push(row_error(*rowno, col, e.message_zh(), e.message_en()));
            continue;
        }
        if names.contains(n.name.trim()) || !seen.insert(n.name.trim().to_string()) {
            errors.push(row_error(
                *rowno,
                0,
                "已有同名的调解组织。",
                "An organisation of that name exists.",
            ));
            continue;
        }
        if kind.level() == Level::Subdistrict {
            subs_in_file.insert(n.subdistrict.trim().to_string());
        }
        good.push((*rowno, n));
    }
    // A 村居 committee needs its 街镇's committee, on record or in the same file.
    for (rowno, n) in &good {
        let sub = n.subdistrict.trim().to_string();
        if n.kind.level() == Level::Community
            && !existing.contains(&("subdistrict".to_string(), sub.clone()))
            && !subs_in_file.contains(&sub)
        {
            errors.push(row_error(
                *rowno,
                2,
                "该街镇尚无街镇人民调解委员会，请先设立或一并导入。",
                "The subdistrict has no committee yet; add it first or in the same file.",
            ));
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.row);
        return Ok(ImportReport {
            imported: 0,
            errors,
        });
    }
    let list: Vec<NewOrganisation> = good.into_iter().map(|(_, n)| n).collect();
    let mut tx = crate::audit::AuditedTx::begin(db, who.actor()).await?;
    orgs::create_many(&mut tx, &who.region, &list).await?;
    tx.commit().await?;
    Ok(ImportReport {
        imported: list.len(),
        errors: Vec::new(),
    })
}
