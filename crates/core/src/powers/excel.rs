//! Excel in the usual columns of a 权责清单. The import checks every row — required cells,
//! category, department and scope, basis resolvable in the corpus, duplicates — reports every
//! bad row, and writes nothing unless all rows are good. Good rows become draft proposals
//! (additions for new codes, changes for items whose content differs), so an import passes
//! through the same review as any other adjustment.

use std::collections::HashSet;

use fazhi_law::Corpus;
use serde::Serialize;
use sqlx::Row;

use super::basis::resolve_basis;
use super::items::{ItemQuery, department_name, export_items, item_by_code};
use super::model::{
    Category, ItemRow, ItemStatus, PowerItem, ProposalKind, ProposalStatus, ReasonKind,
};
use super::proposals::{NewProposal, OPEN, insert_proposal};
use crate::Result;
use crate::audit::AuditedTx;
use crate::auth::{Permission, Principal};
use crate::db::Db;
use crate::excel::{column_letter, read_first_sheet, template_rows, write_table};
use crate::org::{RowError, find_department_by_name};

/// The columns, in order.
pub const EXPORT_COLUMNS: [&str; 10] = [
    "序号",
    "事项编码",
    "事项名称",
    "子项",
    "类别",
    "实施依据",
    "责任事项",
    "追责情形",
    "实施主体",
    "备注",
];
const REQUIRED: [bool; 10] = [
    false, true, true, false, true, true, false, false, true, false,
];

/// What an import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PowerImportReport {
    /// Draft proposals to add items.
    pub added: usize,
    /// Draft proposals to change items.
    pub changed: usize,
    /// Rows equal to the item in force.
    pub unchanged: usize,
    pub errors: Vec<RowError>,
}

/// Rows of the sheet for items.
pub fn rows_for_export(items: &[ItemRow]) -> Vec<Vec<String>> {
    items
        .iter()
        .enumerate()
        .map(|(n, r)| {
            let i = &r.item;
            vec![
                (n + 1).to_string(),
                i.code.clone(),
                i.name.clone(),
                i.sub_items.join("；"),
                i.category.label_zh().to_string(),
                i.basis_citation.clone(),
                i.duties.clone(),
                i.accountability.clone(),
                i.department.clone(),
                match r.status {
                    ItemStatus::Active => i.remarks.clone(),
                    s => {
                        format!(
                            "{}{}",
                            s.label_zh(),
                            if i.remarks.is_empty() { "" } else { "；" }
                        ) + &i.remarks
                    }
                },
            ]
        })
        .collect()
}

/// The filtered list as an .xlsx file.
pub async fn export_xlsx(db: &Db, who: &Principal, f: &ItemQuery) -> Result<Vec<u8>> {
    let items = export_items(db, who, f, 100_000).await?;
    write_table("权责清单", &EXPORT_COLUMNS, &rows_for_export(&items))
}

fn split_list(s: &str) -> Vec<String> {
    s.split(['；', ';', '\n'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// Validates the whole file, then writes its proposals in one audited transaction — or none.
pub async fn import_xlsx(
    db: &Db,
    corpus: &Corpus,
    who: &Principal,
    bytes: &[u8],
) -> Result<PowerImportReport> {
    who.require(Permission::ProposePowers)?;
    let rows = read_first_sheet(bytes)?;
    let data = template_rows(&rows, &EXPORT_COLUMNS)?;
    let open_items: HashSet<i64> = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT DISTINCT item_id FROM power_proposals WHERE region_code = $1 AND item_id IS NOT NULL AND status IN {OPEN}"
    )))
    .bind(who.region.clone())
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<Result<_, _>>()?;
    let ctx = ImportCtx {
        db,
        corpus,
        who,
        open_items,
    };
    let mut report = PowerImportReport::default();
    let mut seen = HashSet::new();
    let mut good: Vec<(i64, NewProposal, PowerItem)> = Vec::new();
    for (rowno, r) in data {
        let checked = check_row(&ctx, r, &mut seen).await?;
        if !checked.errs.is_empty() {
            for (col, zh, en) in checked.errs {
                report.errors.push(RowError {
                    row: rowno,
                    column: format!("{} {}", column_letter(col), EXPORT_COLUMNS[col]),
                    reason: zh,
                    reason_en: en,
                });
            }
            continue;
        }
        let (Some(category), Some(dept)) = (checked.category, checked.dept) else {
            continue;
        };
        let cell = |i: usize| cell_at(r, i);
        let item = PowerItem {
            code: checked.code.clone(),
            name: cell(2).to_string(),
            category,
            sub_items: split_list(cell(3)),
            department_id: dept,
            department: cell(8).to_string(),
            basis: checked.basis,
            basis_citation: cell(5).to_string(),
            duties: cell(6).to_string(),
            accountability: cell(7).to_string(),
            remarks: cell(9).to_string(),
            violations: Vec::new(),
        };
        match proposal_for(&ctx, rowno, dept, item, checked.existing).await? {
            Some(proposal) => good.push(proposal),
            None => report.unchanged += 1,
        }
    }
    if !report.errors.is_empty() {
        report.unchanged = 0;
        return Ok(report);
    }
    write_proposals(db, who, &good, &mut report).await?;
    Ok(report)
}

/// What every row of an import is checked against.
struct ImportCtx<'a> {
    db: &'a Db,
    corpus: &'a Corpus,
    who: &'a Principal,
    /// Items that already have an open proposal.
    open_items: HashSet<i64>,
}

/// A row's trimmed cell `i` (empty past the row's end).
fn cell_at(r: &[String], i: usize) -> &str {
    r.get(i).map(String::as_str).unwrap_or("").trim()
}

/// A row after validation: its errors (column, zh, en) and what was resolved on the way.
struct CheckedRow {
    errs: Vec<(usize, String, String)>,
    category: Option<Category>,
    dept: Option<i64>,
    basis: Vec<String>,
    code: String,
    /// The item of that code, if the row changes one.
    existing: Option<ItemRow>,
}

/// Validates one row: required cells, category, department (existing and in the user's scope),
/// legal basis, code (well-formed, once in the file) and, for an existing item, that it can be
/// changed. `seen` collects the file's codes.
async fn check_row(
    ctx: &ImportCtx<'_>,
    r: &[String],
    seen: &mut HashSet<String>,
) -> Result<CheckedRow> {
    let (db, who) = (ctx.db, ctx.who);
    let cell = |i: usize| cell_at(r, i);
    let mut errs: Vec<(usize, String, String)> = Vec::new();
    for (i, req) in REQUIRED.iter().enumerate() {
        if *req && cell(i).is_empty() {
            errs.push((i, "必填项为空".into(), "required value is empty".into()));
        }
    }
    let category = Category::parse(cell(4));
    if !cell(4).is_empty() && category.is_none() {
        errs.push((
            4,
            format!("类别“{}”无效，应为行政许可、行政处罚等十类之一", cell(4)),
            format!("unknown category {:?}", cell(4)),
        ));
    }
    let mut dept = None;
    if !cell(8).is_empty() {
        match find_department_by_name(db.pool(), &who.region, cell(8)).await? {
            None => errs.push((
                8,
                format!("实施主体“{}”不存在", cell(8)),
                format!("unknown department {:?}", cell(8)),
            )),
            Some(id) if !who.covers_department(db, id).await? => errs.push((
                8,
                "该实施主体不在您的数据权限范围内（部门只能调整本部门事项）".into(),
                "department outside your data scope (a department adjusts only its own items)"
                    .into(),
            )),
            Some(id) => dept = Some(id),
        }
    }
    let mut basis = Vec::new();
    if !cell(5).is_empty() {
        match resolve_basis(ctx.corpus, "basis", cell(5)) {
            Ok(b) => basis = b,
            Err(e) => errs.push((5, e.message_zh(), e.message_en())),
        }
    }
    let code = cell(1).to_string();
    check_code(&code, seen, &mut errs);
    let existing = if code.is_empty() {
        None
    } else {
        item_by_code(db, &who.region, &code).await?
    };
    if let (Some(e), Some(d)) = (&existing, dept) {
        check_existing(e, d, &ctx.open_items, &mut errs);
    }
    Ok(CheckedRow {
        errs,
        category,
        dept,
        basis,
        code,
        existing,
    })
}

/// A non-empty code must be 1–40 letters, digits or hyphens and appear once in the file.
fn check_code(code: &str, seen: &mut HashSet<String>, errs: &mut Vec<(usize, String, String)>) {
    if !code.is_empty() {
        if !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') || code.len() > 40 {
            errs.push((
                1,
                "事项编码须为 1—40 位字母、数字或连字符".into(),
                "the code must be 1–40 letters, digits or hyphens".into(),
            ));
        } else if !seen.insert(code.to_string()) {
            errs.push((
                1,
                "事项编码在文件中重复".into(),
                "code repeated in the file".into(),
            ));
        }
    }
}

/// An existing item can be changed by the row only if active, of the row's department `dept`,
/// and without an open proposal.
fn check_existing(
    e: &ItemRow,
    dept: i64,
    open_items: &HashSet<i64>,
    errs: &mut Vec<(usize, String, String)>,
) {
    if e.status != ItemStatus::Active {
        errs.push((1, "该事项已取消".into(), "the item is cancelled".into()));
    } else if e.item.department_id != dept {
        errs.push((
            8,
            "实施主体与现有事项不一致（职能划转请申请取消后新增）".into(),
            "the department differs from the item's (cancel it and add it anew)".into(),
        ));
    } else if open_items.contains(&e.id) {
        errs.push((
            1,
            "该事项已有未办结的调整申请".into(),
            "the item already has an open proposal".into(),
        ));
    }
}

/// The proposal of a valid row: a change of `existing`, or an addition; `None` when the row
/// equals the existing item.
async fn proposal_for(
    ctx: &ImportCtx<'_>,
    rowno: usize,
    dept: i64,
    mut item: PowerItem,
    existing: Option<ItemRow>,
) -> Result<Option<(i64, NewProposal, PowerItem)>> {
    let (kind, item_id) = match existing {
        Some(e) => {
            // Violations are not in the sheet: keep the item's own.
            item.violations = e.item.violations.clone();
            item.department = e.item.department.clone();
            if item == e.item {
                return Ok(None);
            }
            (ProposalKind::Change, Some(e.id))
        }
        None => {
            item.department = department_name(ctx.db, &ctx.who.region, dept).await?;
            (ProposalKind::Add, None)
        }
    };
    let proposal = NewProposal {
        kind,
        item_id,
        body: None,
        reason_kind: ReasonKind::Mandate,
        reason: format!("Excel 导入第 {rowno} 行"),
        evidence: String::new(),
    };
    Ok(Some((dept, proposal, item)))
}

/// Writes the proposals as drafts in one audited transaction, counting additions and changes.
async fn write_proposals(
    db: &Db,
    who: &Principal,
    good: &[(i64, NewProposal, PowerItem)],
    report: &mut PowerImportReport,
) -> Result<()> {
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    for (dept, p, item) in good {
        if p.kind == ProposalKind::Add {
            report.added += 1;
        } else {
            report.changed += 1;
        }
        insert_proposal(
            &mut tx,
            &who.region,
            *dept,
            p,
            Some(item),
            ProposalStatus::Draft,
            "import",
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
