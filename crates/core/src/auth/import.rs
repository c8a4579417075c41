//! Excel import of accounts (the system administrator's duty): each row an account, optionally
//! linked to its officer record or to the enterprise it speaks for. Every row is checked first;
//! every problem is reported by row, column and reason, and nothing is written unless every row
//! is good. Administrator accounts are not imported: each needs a second security administrator's
//! approval (三员分立), which the account page requests one by one.

use std::collections::HashSet;

use sqlx::Row;

use super::link::{AccountLink, apply_link};
use super::role::{Permission, Role};
use super::scope::{DataScope, Principal};
use super::user::{NewUser, create_user};
use crate::Result;
use crate::audit::AuditedTx;
use crate::db::Db;
use crate::excel::{column_letter, read_first_sheet, template_rows, write_table};
use crate::ids::IdentityNumber;
use crate::org::{ImportReport, RowError, find_department_by_name};

/// Columns of the account template, in order (required ones are marked * in the template).
pub const ACCOUNT_COLUMNS: [&str; 8] = [
    "用户名",
    "姓名",
    "角色",
    "所属部门",
    "数据范围",
    "初始密码",
    "执法人员（记录编号或身份证号）",
    "企业统一社会信用代码",
];
const REQUIRED: [bool; 8] = [true, true, true, false, false, true, false, false];
const COL_ROLE: usize = 2;
const COL_DEPT: usize = 3;
const COL_SCOPE: usize = 4;
const COL_OFFICER: usize = 6;
const COL_USCC: usize = 7;

/// The user name in the template's example row; a row carrying it is refused.
pub const EXAMPLE_USERNAME: &str = "example.delete-me";

/// The template to download: the header row and one example row (refused if left in).
pub fn account_template() -> Result<Vec<u8>> {
    let headers: Vec<String> = ACCOUNT_COLUMNS
        .iter()
        .zip(REQUIRED)
        .map(|(c, r)| if r { format!("{c}*") } else { (*c).to_string() })
        .collect();
    let h: Vec<&str> = headers.iter().map(String::as_str).collect();
    write_table(
        "账号",
        &h,
        &[vec![
            EXAMPLE_USERNAME.into(),
            "示例行，导入前请删除".into(),
            "执法人员".into(),
            "区市场监管局".into(),
            String::new(),
            String::new(),
            "1024".into(),
            String::new(),
        ]],
    )
}

fn row_error(row: usize, col: usize, zh: impl Into<String>, en: impl Into<String>) -> RowError {
    RowError {
        row,
        column: format!(
            "{} {}",
            column_letter(col),
            ACCOUNT_COLUMNS.get(col).copied().unwrap_or("")
        ),
        reason: zh.into(),
        reason_en: en.into(),
    }
}

/// The column an error of `create_user` / `apply_link` belongs to, from its field.
fn column_of(field: Option<&str>) -> usize {
    match field {
        Some("username") => 0,
        Some("display_name") => 1,
        Some("role") => COL_ROLE,
        Some("department_id") => COL_DEPT,
        Some("scope") => COL_SCOPE,
        Some("password") => 5,
        Some("officer_id") => COL_OFFICER,
        Some("enterprise_uscc") => COL_USCC,
        _ => 0,
    }
}

/// A role by its key (`officer`) or its Chinese label (执法人员).
fn parse_role(s: &str) -> Option<Role> {
    Role::parse(s).or_else(|| Role::ALL.into_iter().find(|r| r.label_zh() == s))
}

/// A scope by its key or its Chinese label; empty means the role's default.
fn parse_scope(s: &str, role: Role) -> Option<DataScope> {
    if s.is_empty() {
        return Some(match role {
            Role::Supervisor => DataScope::District,
            Role::DeptAdmin | Role::LegalReviewer => DataScope::DepartmentTree,
            Role::Officer => DataScope::OwnDepartment,
            _ => DataScope::NoData,
        });
    }
    DataScope::parse(s).or_else(|| {
        [
            DataScope::OwnDepartment,
            DataScope::DepartmentTree,
            DataScope::District,
            DataScope::NoData,
        ]
        .into_iter()
        .find(|d| d.label_zh() == s)
    })
}

/// Validates the whole file, then creates and links every account in one audited transaction —
/// or none. Each row is tried inside the transaction after checks that never fail a statement,
/// so that every bad row is reported, then the transaction is committed only when none is bad.
pub async fn import_accounts(db: &Db, who: &Principal, bytes: &[u8]) -> Result<ImportReport> {
    who.require(Permission::ManageUsers)?;
    let rows = read_first_sheet(bytes)?;
    let data = template_rows(&rows, &ACCOUNT_COLUMNS)?;
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let mut imported = 0;
    for (rowno, r) in data {
        let cell = |i: usize| r.get(i).map(String::as_str).unwrap_or("").trim();
        let before = errors.len();
        for (i, req) in REQUIRED.iter().enumerate() {
            if *req && cell(i).is_empty() {
                errors.push(row_error(rowno, i, "必填项为空", "required value is empty"));
            }
        }
        if errors.len() > before {
            continue;
        }
        if cell(0) == EXAMPLE_USERNAME || cell(1).contains("示例") {
            errors.push(row_error(
                rowno,
                0,
                "这是模板的示例行，请删除后再导入",
                "this is the template's example row; delete it before importing",
            ));
            continue;
        }
        let Some(role) = parse_role(cell(COL_ROLE)).filter(|r| *r != Role::Public) else {
            errors.push(row_error(
                rowno,
                COL_ROLE,
                format!("未知角色“{}”", cell(COL_ROLE)),
                format!("unknown role {:?}", cell(COL_ROLE)),
            ));
            continue;
        };
        if role.is_admin_triad() {
            errors.push(row_error(
                rowno,
                COL_ROLE,
                "管理员账号不能批量导入：须在账号页面逐个创建并经另一名安全管理员批准（三员分立）",
                "administrator accounts are not imported: create each on the accounts page for a second security administrator's approval",
            ));
            continue;
        }
        let Some(scope) = parse_scope(cell(COL_SCOPE), role) else {
            errors.push(row_error(
                rowno,
                COL_SCOPE,
                format!("未知数据范围“{}”", cell(COL_SCOPE)),
                format!("unknown data scope {:?}", cell(COL_SCOPE)),
            ));
            continue;
        };
        let department_id = if cell(COL_DEPT).is_empty() {
            None
        } else {
            match find_department_by_name(tx.conn(), &who.region, cell(COL_DEPT)).await? {
                Some(id) => Some(id),
                None => {
                    errors.push(row_error(
                        rowno,
                        COL_DEPT,
                        format!("部门“{}”不存在", cell(COL_DEPT)),
                        format!("unknown department {:?}", cell(COL_DEPT)),
                    ));
                    continue;
                }
            }
        };
        let username = cell(0).to_string();
        if !seen.insert(username.clone()) {
            errors.push(row_error(
                rowno,
                0,
                format!("用户名 {username} 在文件中重复"),
                format!("user name {username} appears twice in the file"),
            ));
            continue;
        }
        let exists = sqlx::query("SELECT id FROM users WHERE username = $1")
            .bind(username.clone())
            .fetch_optional(tx.conn())
            .await?
            .is_some();
        if exists {
            errors.push(row_error(
                rowno,
                0,
                format!("用户名 {username} 已存在"),
                format!("user name {username} already exists"),
            ));
            continue;
        }
        let link = match (cell(COL_OFFICER), cell(COL_USCC)) {
            ("", "") => None,
            (o, "") => match officer_ref(&mut tx, &who.region, o).await? {
                Some(id) => Some(AccountLink::Officer(id)),
                None => {
                    errors.push(row_error(
                        rowno,
                        COL_OFFICER,
                        format!("本地区没有执法人员“{o}”（填写记录编号或身份证号）"),
                        format!("no officer {o:?} in this region (give the record number or the ID number)"),
                    ));
                    continue;
                }
            },
            ("", e) => Some(AccountLink::Enterprise(e.to_string())),
            _ => {
                errors.push(row_error(
                    rowno,
                    COL_OFFICER,
                    "执法人员与企业只能填写其一",
                    "give an officer or an enterprise, not both",
                ));
                continue;
            }
        };
        let u = NewUser {
            username,
            display_name: cell(1).to_string(),
            password: cell(5).to_string(),
            role,
            department_id,
            scope,
            officer_id: None,
            region: who.region.clone(),
        };
        // Both refuse before any statement that could fail, so the transaction stays usable.
        let attempt = async {
            let id = create_user(&mut tx, &u).await?;
            if let Some(l) = &link {
                apply_link(&mut tx, &who.region, id, l).await?;
            }
            Ok::<_, crate::Error>(())
        }
        .await;
        match attempt {
            Ok(()) => imported += 1,
            Err(e @ (crate::Error::Invalid { .. } | crate::Error::Conflict { .. })) => {
                errors.push(row_error(
                    rowno,
                    column_of(e.field()),
                    e.message_zh(),
                    e.message_en(),
                ));
            }
            Err(e) => return Err(e),
        }
    }
    if !errors.is_empty() {
        // Dropping the transaction rolls every row back.
        return Ok(ImportReport {
            imported: 0,
            errors,
        });
    }
    tx.commit().await?;
    Ok(ImportReport { imported, errors })
}

/// An officer of the region by record number or identity number.
async fn officer_ref(tx: &mut AuditedTx, region: &str, s: &str) -> Result<Option<i64>> {
    // An identity number has 18 characters; a record number is far shorter.
    let row = if let Ok(idn) = IdentityNumber::parse(s) {
        sqlx::query("SELECT id FROM officers WHERE id_number = $1 AND region_code = $2")
            .bind(idn.as_str().to_string())
            .bind(region.to_string())
            .fetch_optional(tx.conn())
            .await?
    } else if let Ok(id) = s.parse::<i64>() {
        sqlx::query("SELECT id FROM officers WHERE id = $1 AND region_code = $2")
            .bind(id)
            .bind(region.to_string())
            .fetch_optional(tx.conn())
            .await?
    } else {
        None
    };
    row.map(|r| r.try_get::<i64, _>(0))
        .transpose()
        .map_err(Into::into)
}
