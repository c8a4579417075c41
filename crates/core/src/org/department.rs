//! Departments: the enforcement bodies (执法主体) and their tree.

use serde::Serialize;
use sqlx::Row;

use super::json_list;
use crate::audit::{AuditedTx, Event};
use crate::db::{Db, is_unique_violation};
use crate::ids::UnifiedSocialCreditCode;
use crate::labels::labelled_enum;
use crate::time::now_ms;
use crate::{Code, Error, Result};

labelled_enum!(
    /// Legal kind of an enforcement body (行政处罚法 第十七条、第十九条、第二十条).
    DeptKind {
        Agency = "agency", "行政机关", "Administrative agency";
        Authorized = "authorized", "法律法规授权组织", "Organisation authorised by law";
        Entrusted = "entrusted", "受委托组织", "Entrusted organisation";
    }
);

/// A department to create.
#[derive(Debug, Clone)]
pub struct NewDepartment {
    pub region: String,
    pub name: String,
    pub short_name: String,
    /// 统一社会信用代码, optional for internal units.
    pub uscc: Option<String>,
    /// The operator confirmed a code that fails its check digit (some early real codes do).
    pub uscc_confirmed: bool,
    pub kind: DeptKind,
    pub parent_id: Option<i64>,
    pub domains: Vec<String>,
    pub area: String,
    pub sort_order: i64,
}

/// A department as listed.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentRow {
    pub id: i64,
    pub name: String,
    pub short_name: String,
    pub uscc: Option<String>,
    pub uscc_check_ok: bool,
    pub kind: DeptKind,
    pub parent_id: Option<i64>,
    pub domains: Vec<String>,
    pub area: String,
    pub officers: i64,
}

/// Validates and creates a department, with its closure rows, in an audited transaction.
pub async fn create_department(tx: &mut AuditedTx, d: &NewDepartment) -> Result<i64> {
    let name = d.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(Error::of(Code::DepartmentName).for_field("name"));
    }
    let (uscc, check_ok) = match d.uscc.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => (None, true),
        Some(code) => match UnifiedSocialCreditCode::parse(code) {
            Ok(c) => (Some(c.as_str().to_string()), true),
            Err(e) if d.uscc_confirmed => {
                // Early real codes can fail the GB 32100 check digit: accept only on explicit
                // confirmation, and only if the shape is right.
                let c = UnifiedSocialCreditCode::parse_confirmed(code).map_err(|_| {
                    Error::of(Code::DepartmentUscc).for_field("uscc").arg_zh_en(
                        "reason",
                        e.message_zh(),
                        e.message_en(),
                    )
                })?;
                (Some(c.as_str().to_string()), false)
            }
            Err(e) => {
                return Err(Error::of(Code::DepartmentUscc).for_field("uscc").arg_zh_en("reason", format!(
                        "{}（如确属早期赋码且校验不通过，请勾选“确认”后再提交。）",
                        e.message_zh()
                    ), format!(
                        "{} (if this is an early code that fails the check, tick 'confirm' and submit again.)",
                        e.message_en()
                    )));
            }
        },
    };
    let now = now_ms();
    let row = sqlx::query(
        "INSERT INTO departments (region_code, name, short_name, uscc, uscc_check_ok, kind, parent_id, domains, area, sort_order, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    )
    .bind(d.region.clone())
    .bind(name.to_string())
    .bind(d.short_name.clone())
    .bind(uscc.clone())
    .bind(i64::from(check_ok))
    .bind(d.kind.as_str())
    .bind(d.parent_id)
    .bind(serde_json::to_string(&d.domains).unwrap_or_else(|_| "[]".into()))
    .bind(d.area.clone())
    .bind(d.sort_order)
    .bind(now)
    .fetch_one(tx.conn())
    .await;
    let id: i64 = match row {
        Ok(r) => r.try_get(0)?,
        Err(e) if is_unique_violation(&e) => {
            return Err(Error::of(Code::DepartmentExists).arg("name", name));
        }
        Err(e) => return Err(e.into()),
    };
    sqlx::query(
        "INSERT INTO department_closure (ancestor_id, descendant_id, depth) VALUES ($1, $1, 0)",
    )
    .bind(id)
    .execute(tx.conn())
    .await?;
    if let Some(p) = d.parent_id {
        sqlx::query(
            "INSERT INTO department_closure (ancestor_id, descendant_id, depth) \
             SELECT ancestor_id, $1, depth + 1 FROM department_closure WHERE descendant_id = $2",
        )
        .bind(id)
        .bind(p)
        .execute(tx.conn())
        .await?;
    }
    let after = serde_json::json!({
        "id": id, "name": name, "uscc": uscc, "kind": d.kind.as_str(), "parent_id": d.parent_id,
        "domains": d.domains,
    });
    tx.record(Event {
        action: "department.create",
        object_type: "department",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("新增执法主体 {name}"),
    })
    .await?;
    Ok(id)
}

fn row_to_dept(r: &sqlx::any::AnyRow) -> Result<DepartmentRow> {
    let kind: String = r.try_get(5)?;
    let domains: String = r.try_get(7)?;
    Ok(DepartmentRow {
        id: r.try_get(0)?,
        name: r.try_get(1)?,
        short_name: r.try_get(2)?,
        uscc: r.try_get(3)?,
        uscc_check_ok: r.try_get::<i64, _>(4)? != 0,
        kind: DeptKind::parse(&kind).unwrap_or(DeptKind::Agency),
        parent_id: r.try_get(6)?,
        domains: json_list(&domains, "departments.domains")?,
        area: r.try_get(8)?,
        officers: r.try_get(9)?,
    })
}

/// Registers an enforcement body (the Justice Bureau's duty), audited.
pub async fn register_department(
    db: &Db,
    who: &crate::auth::Principal,
    d: &NewDepartment,
) -> Result<i64> {
    who.require(crate::auth::Permission::ManageBodies)?;
    if d.region != who.region {
        return Err(Error::forbidden(
            "不能在本区以外登记执法主体。",
            "bodies outside your region cannot be registered",
        ));
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let id = create_department(&mut tx, d).await?;
    tx.commit().await?;
    Ok(id)
}

/// Every department of a region, with its officer count. Enforcement bodies are public
/// information (执法主体公示), so no scope applies.
pub async fn list_departments(db: &Db, region: &str) -> Result<Vec<DepartmentRow>> {
    let rows = sqlx::query(
        "SELECT d.id, d.name, d.short_name, d.uscc, d.uscc_check_ok, d.kind, d.parent_id, d.domains, d.area, \
         d.officer_count \
         FROM departments d WHERE d.region_code = $1 AND d.active = 1 ORDER BY d.sort_order, d.id",
    )
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(row_to_dept).collect()
}

/// Finds a department by its full or short name.
pub async fn find_department_by_name<'c, E>(
    exec: E,
    region: &str,
    name: &str,
) -> Result<Option<i64>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let row = sqlx::query(
        "SELECT id FROM departments WHERE region_code = $1 AND (name = $2 OR short_name = $2) ORDER BY id LIMIT 1",
    )
    .bind(region.to_string())
    .bind(name.trim().to_string())
    .fetch_optional(exec)
    .await?;
    Ok(match row {
        Some(r) => Some(r.try_get(0)?),
        None => None,
    })
}

/// Orders departments as a tree (parents before children), with each one's depth.
pub fn tree_order(rows: &[DepartmentRow]) -> Vec<(&DepartmentRow, usize)> {
    fn walk<'a>(
        rows: &'a [DepartmentRow],
        parent: Option<i64>,
        depth: usize,
        out: &mut Vec<(&'a DepartmentRow, usize)>,
    ) {
        for r in rows.iter().filter(|r| r.parent_id == parent) {
            out.push((r, depth));
            // Depth is bounded to defend against a cycle in damaged data.
            if depth < 16 {
                walk(rows, Some(r.id), depth + 1, out);
            }
        }
    }
    let mut out = Vec::with_capacity(rows.len());
    walk(rows, None, 0, &mut out);
    out
}
