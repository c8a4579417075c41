//! The subject directory (名录库): enterprises and other subjects under supervision, with the
//! supervision domains they fall under and their risk and credit grades. Excel import checks
//! every row first and writes all rows or none.

use std::collections::HashSet;

use serde::Serialize;
use sqlx::Row;

use super::model::RiskGrade;
use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal};
use crate::db::json::decode;
use crate::db::{Bind, Db, Filter};
use crate::excel::{column_letter, read_first_sheet, template_rows, write_table};
use crate::ids::UnifiedSocialCreditCode;
use crate::org::{ImportReport, Page, RowError};
use crate::time::now_ms;
use crate::{Code, Error, Result};

/// A subject to register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewSubject {
    /// 统一社会信用代码 (check character verified).
    pub code: String,
    pub name: String,
    pub address: String,
    /// 街道 / 镇 / 功能区.
    pub subdistrict: String,
    pub industry: String,
    /// Supervision domains (抽查领域) the subject falls under.
    pub domains: Vec<String>,
    pub risk: RiskGrade,
    /// 信用等级 as the credit system gives it (e.g. A, B, C, D), free text.
    pub credit: String,
}

/// A subject as listed.
#[derive(Debug, Clone, Serialize)]
pub struct SubjectRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub address: String,
    pub subdistrict: String,
    pub industry: String,
    pub domains: Vec<String>,
    pub risk: RiskGrade,
    pub credit: String,
}

/// Checks one subject; returns the field at fault with the reason.
pub fn validate_subject(s: &NewSubject) -> std::result::Result<(), (usize, String, String)> {
    if let Err(e) = UnifiedSocialCreditCode::parse(&s.code) {
        return Err((0, e.message_zh(), e.message_en()));
    }
    let n = s.name.trim().chars().count();
    if n == 0 || n > 100 {
        return Err((
            1,
            "名称须为 1–100 字".into(),
            "the name must be 1–100 characters".into(),
        ));
    }
    if s.domains.is_empty() || s.domains.iter().any(|d| d.chars().count() > 40) {
        return Err((
            5,
            "请至少填写一个监管领域（每个不超过 40 字）".into(),
            "give at least one supervision domain (at most 40 characters each)".into(),
        ));
    }
    Ok(())
}

fn values(rows: usize, per_row: usize, first: usize) -> String {
    let mut s = String::new();
    for r in 0..rows {
        if r > 0 {
            s.push_str(", ");
        }
        s.push('(');
        for c in 0..per_row {
            if c > 0 {
                s.push_str(", ");
            }
            s.push_str(&format!("${}", first + r * per_row + c));
        }
        s.push(')');
    }
    s
}

/// Writes subjects in batches of multi-row statements, with one audit event per call (the
/// event's record lists every code and the digest of the whole batch). Callers validate.
pub async fn insert_subjects(
    tx: &mut AuditedTx,
    region: &str,
    rows: &[NewSubject],
) -> Result<usize> {
    const BATCH: usize = 200;
    let now = now_ms();
    for chunk in rows.chunks(BATCH) {
        let sql = format!(
            "INSERT INTO sampling_subjects (region_code, code, name, address, subdistrict, industry, domains, \
             risk_grade, credit_grade, created_at, updated_at) VALUES {}",
            values(chunk.len(), 11, 1)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for s in chunk {
            q = q
                .bind(region.to_string())
                .bind(s.code.trim().to_string())
                .bind(s.name.trim().to_string())
                .bind(s.address.trim().to_string())
                .bind(s.subdistrict.trim().to_string())
                .bind(s.industry.trim().to_string())
                .bind(serde_json::to_string(&s.domains).unwrap_or_else(|_| "[]".into()))
                .bind(s.risk.as_str().to_string())
                .bind(s.credit.trim().to_string())
                .bind(now)
                .bind(now);
        }
        q.execute(tx.conn()).await.map_err(|e| {
            if crate::db::is_unique_violation(&e) {
                Error::of(Code::SubjectExists)
            } else {
                e.into()
            }
        })?;
        let pairs: Vec<(&str, &str)> = chunk
            .iter()
            .flat_map(|s| s.domains.iter().map(move |d| (d.as_str(), s.code.as_str())))
            .collect();
        for part in pairs.chunks(BATCH * 2) {
            // VALUES columns are column1, column2 on both backends.
            let sql = format!(
                "INSERT INTO sampling_subject_domains (region_code, domain, subject_id, code, risk_grade, subdistrict, industry) \
                 SELECT s.region_code, v.column1, s.id, s.code, s.risk_grade, s.subdistrict, s.industry \
                 FROM sampling_subjects s JOIN (VALUES {}) v ON s.code = v.column2 WHERE s.region_code = $1",
                values(part.len(), 2, 2)
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(region.to_string());
            for (d, c) in part {
                q = q.bind(d.trim().to_string()).bind(c.trim().to_string());
            }
            q.execute(tx.conn()).await?;
        }
    }
    let after = serde_json::json!({ "count": rows.len(), "subjects": rows });
    tx.record(Event {
        action: "sampling.subjects.import",
        object_type: "sampling_subject",
        object_id: rows.first().map(|s| s.code.clone()).unwrap_or_default(),
        before: None,
        after: Some(&after),
        summary: format!("名录库登记 {} 个监管对象", rows.len()),
    })
    .await?;
    Ok(rows.len())
}

/// Filters of the directory list.
#[derive(Debug, Clone, Default)]
pub struct SubjectQuery {
    /// Name or code prefix.
    pub keyword: String,
    pub domain: String,
    pub risk: Option<RiskGrade>,
    pub subdistrict: String,
    pub page: i64,
    pub page_size: i64,
}

/// The directory, filtered and paged (readable by everyone who may see inspections).
pub async fn list_subjects(db: &Db, who: &Principal, f: &SubjectQuery) -> Result<Page<SubjectRow>> {
    who.require(Permission::ViewSampling)?;
    let mut w = Filter::new();
    w.and("s.region_code = ?", [Bind::Text(who.region.clone())]);
    let kw = f.keyword.trim();
    if !kw.is_empty() {
        w.and(
            "(s.code >= ? AND s.code < ? OR s.name LIKE ?)",
            [
                Bind::Text(kw.to_uppercase()),
                Bind::Text(format!("{}\u{10FFFF}", kw.to_uppercase())),
                Bind::Text(format!("{}%", kw.replace(['%', '_'], ""))),
            ],
        );
    }
    if !f.domain.trim().is_empty() {
        w.and(
            "s.id IN (SELECT d.subject_id FROM sampling_subject_domains d WHERE d.region_code = s.region_code AND d.domain = ?)",
            [Bind::Text(f.domain.trim().to_string())],
        );
    }
    if let Some(r) = f.risk {
        w.and("s.risk_grade = ?", [Bind::Text(r.as_str().into())]);
    }
    if !f.subdistrict.trim().is_empty() {
        w.and(
            "s.subdistrict = ?",
            [Bind::Text(f.subdistrict.trim().into())],
        );
    }
    let total: i64 = w
        .bind(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM sampling_subjects s{}",
            w.where_sql()
        ))))
        .fetch_one(db.pool())
        .await?
        .try_get(0)?;
    let page_size = f.page_size.clamp(1, 200);
    let page = f.page.max(1);
    let n = w.next_index();
    let rows = w
        .bind(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT s.id, s.code, s.name, s.address, s.subdistrict, s.industry, s.domains, s.risk_grade, s.credit_grade \
             FROM sampling_subjects s{} ORDER BY s.code LIMIT ${n} OFFSET ${}",
            w.where_sql(),
            n + 1
        ))))
        .bind(page_size)
        .bind((page - 1).saturating_mul(page_size))
        .fetch_all(db.pool())
        .await?;
    let rows = rows
        .iter()
        .map(|r| {
            let domains: String = r.try_get(6)?;
            let risk: String = r.try_get(7)?;
            Ok(SubjectRow {
                id: r.try_get(0)?,
                code: r.try_get(1)?,
                name: r.try_get(2)?,
                address: r.try_get(3)?,
                subdistrict: r.try_get(4)?,
                industry: r.try_get(5)?,
                domains: decode(&domains, "sampling_subjects.domains")?,
                risk: RiskGrade::parse(&risk).unwrap_or(RiskGrade::B),
                credit: r.try_get(8)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Page {
        rows,
        total,
        total_exact: true,
        page,
        page_size,
    })
}

/// Columns of the import template (required ones marked * in the file).
pub const SUBJECT_COLUMNS: [&str; 8] = [
    "统一社会信用代码",
    "名称",
    "地址",
    "所属街镇",
    "行业",
    "监管领域",
    "风险等级",
    "信用等级",
];
const REQUIRED: [bool; 8] = [true, true, false, false, false, true, true, false];

/// The template to download.
pub fn subject_template() -> Result<Vec<u8>> {
    let headers: Vec<String> = SUBJECT_COLUMNS
        .iter()
        .zip(REQUIRED)
        .map(|(c, r)| if r { format!("{c}*") } else { (*c).to_string() })
        .collect();
    let h: Vec<&str> = headers.iter().map(String::as_str).collect();
    write_table(
        "监管对象",
        &h,
        &[vec![
            "91120116MA05K0001L（示例行，导入前请删除）".into(),
            "天津滨海示例餐饮有限公司".into(),
            "天津市滨海新区塘沽街道示例路 1 号".into(),
            "塘沽街道".into(),
            "餐饮服务".into(),
            "餐饮服务食品安全；燃气使用安全".into(),
            "B（一般风险）".into(),
            "A".into(),
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

/// Parses a risk cell: `A`…`D`, or the Chinese label, optionally with the label in brackets.
fn parse_risk(s: &str) -> Option<RiskGrade> {
    let s = s.trim();
    RiskGrade::parse(s)
        .or_else(|| RiskGrade::parse(s.split(['（', '(']).next().unwrap_or("")))
        .or_else(|| RiskGrade::parse(&s.to_uppercase()))
}

/// Checks every row of an uploaded file; the good rows, or the report of every bad one.
pub async fn check_subject_file(
    db: &Db,
    region: &str,
    bytes: &[u8],
) -> Result<(Vec<NewSubject>, Vec<RowError>)> {
    let rows = read_first_sheet(bytes)?;
    let data = template_rows(&rows, &SUBJECT_COLUMNS)?;
    let err = |row: usize, col: usize, zh: String, en: String| RowError {
        row,
        column: format!(
            "{} {}",
            column_letter(col),
            SUBJECT_COLUMNS.get(col).copied().unwrap_or("")
        ),
        reason: zh,
        reason_en: en,
    };
    let existing: HashSet<String> =
        sqlx::query("SELECT code FROM sampling_subjects WHERE region_code = $1")
            .bind(region.to_string())
            .fetch_all(db.pool())
            .await?
            .iter()
            .map(|r| r.try_get::<String, _>(0))
            .collect::<std::result::Result<_, _>>()?;
    let mut seen = HashSet::new();
    let mut good = Vec::new();
    let mut errors = Vec::new();
    for (rowno, r) in data {
        let cell = |i: usize| r.get(i).map(String::as_str).unwrap_or("").trim();
        let missing: Vec<usize> = (0..8)
            .filter(|i| REQUIRED[*i] && cell(*i).is_empty())
            .collect();
        if !missing.is_empty() {
            for i in missing {
                errors.push(err(
                    rowno,
                    i,
                    "必填项为空".into(),
                    "required value is empty".into(),
                ));
            }
            continue;
        }
        let Some(risk) = parse_risk(cell(6)) else {
            errors.push(err(
                rowno,
                6,
                format!(
                    "风险等级“{}”无效，应为 A/B/C/D 或 低风险/一般风险/较高风险/高风险",
                    cell(6)
                ),
                format!("risk grade {:?} is not A/B/C/D", cell(6)),
            ));
            continue;
        };
        let s = NewSubject {
            code: cell(0).to_string(),
            name: cell(1).to_string(),
            address: cell(2).to_string(),
            subdistrict: cell(3).to_string(),
            industry: cell(4).to_string(),
            domains: split_list(cell(5)),
            risk,
            credit: cell(7).to_string(),
        };
        if let Err((col, zh, en)) = validate_subject(&s) {
            errors.push(err(rowno, col, zh, en));
            continue;
        }
        if existing.contains(&s.code) {
            errors.push(err(
                rowno,
                0,
                "名录库中已有该代码".into(),
                "already in the directory".into(),
            ));
            continue;
        }
        if !seen.insert(s.code.clone()) {
            errors.push(err(
                rowno,
                0,
                "文件中重复出现".into(),
                "repeated in the file".into(),
            ));
            continue;
        }
        good.push(s);
    }
    Ok((good, errors))
}

/// Imports a file of subjects: all rows in one audited transaction, or none with the report.
pub async fn import_subjects(db: &Db, who: &Principal, bytes: &[u8]) -> Result<ImportReport> {
    who.require(Permission::ManageSampling)?;
    let (good, errors) = check_subject_file(db, &who.region, bytes).await?;
    if !errors.is_empty() {
        return Ok(ImportReport {
            imported: 0,
            errors,
        });
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let n = insert_subjects(&mut tx, &who.region, &good).await?;
    tx.commit().await?;
    Ok(ImportReport {
        imported: n,
        errors: Vec::new(),
    })
}

/// Registers a conflict of interest (回避) between an officer of the caller's scope and a
/// subject: the officer is never sent to that subject (行政处罚法 第四十三条).
pub async fn register_conflict(
    db: &Db,
    who: &Principal,
    officer_id: i64,
    code: &str,
    reason: &str,
) -> Result<()> {
    who.require(Permission::ManageSampling)?;
    let dept: Option<i64> =
        sqlx::query("SELECT department_id FROM officers WHERE id = $1 AND region_code = $2")
            .bind(officer_id)
            .bind(who.region.clone())
            .fetch_optional(db.pool())
            .await?
            .map(|r| r.try_get(0))
            .transpose()?;
    let dept = dept.ok_or_else(|| Error::not_found("officer"))?;
    who.require_department(db, dept).await?;
    let code = UnifiedSocialCreditCode::parse(code).map_err(|e| {
        Error::of(Code::ConflictCode).for_field("code").arg_zh_en(
            "reason",
            e.message_zh(),
            e.message_en(),
        )
    })?;
    if reason.trim().is_empty() {
        return Err(Error::of(Code::ConflictReason).for_field("reason"));
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let res = sqlx::query(
        "INSERT INTO sampling_conflicts (region_code, officer_id, subject_code, reason, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(who.region.clone())
    .bind(officer_id)
    .bind(code.as_str().to_string())
    .bind(reason.trim().to_string())
    .bind(now_ms())
    .execute(tx.conn())
    .await;
    if let Err(e) = res {
        return Err(if crate::db::is_unique_violation(&e) {
            Error::of(Code::ConflictExists)
        } else {
            e.into()
        });
    }
    let after = serde_json::json!({"officer_id": officer_id, "code": code.as_str(), "reason": reason.trim()});
    tx.record(Event {
        action: "sampling.conflict.create",
        object_type: "sampling_conflict",
        object_id: format!("{officer_id}:{}", code.as_str()),
        before: None,
        after: Some(&after),
        summary: format!("登记回避：执法人员 {officer_id} 与 {}", code.as_str()),
    })
    .await?;
    tx.commit().await
}
