//! Accounts.

use serde::Serialize;
use sqlx::Row;

use super::password::{check_password_policy, hash_password};
use super::role::{Permission, Role};
use super::scope::{DataScope, Principal};
use crate::audit::{AuditedTx, Event};
use crate::db::{Db, is_unique_violation};
use crate::time::now_ms;
use crate::{Code, Error, Result};

/// Creates an account for the system administrator (三员分立: only the system administrator
/// creates accounts), in one audited transaction under the caller's name.
pub async fn add_user(db: &Db, who: &Principal, u: &NewUser) -> Result<i64> {
    who.require(Permission::ManageUsers)?;
    if u.region != who.region {
        return Err(Error::forbidden(
            "不能在其他地区创建账号。",
            "accounts are created in the administrator's own region",
        ));
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let id = create_user(&mut tx, u).await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes an account's role and data scope, for the security administrator. No one changes their
/// own role: an administrator who could would hold every power the separation of the three
/// administrators divides.
pub async fn change_role(
    db: &Db,
    who: &Principal,
    id: i64,
    role: Role,
    scope: DataScope,
) -> Result<()> {
    who.require(Permission::ManageSecurity)?;
    if id == who.user_id {
        return Err(Error::forbidden(
            "不能修改自己的角色。",
            "you cannot change your own role",
        ));
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    set_role(&mut tx, id, role, scope).await?;
    tx.commit().await
}

/// Unlocks an account locked after failed logins, for the security administrator.
pub async fn unlock(db: &Db, who: &Principal, id: i64) -> Result<()> {
    who.require(Permission::ManageSecurity)?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    unlock_user(&mut tx, id).await?;
    tx.commit().await
}

/// What is needed to create an account.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub role: Role,
    pub department_id: Option<i64>,
    pub scope: DataScope,
    pub officer_id: Option<i64>,
    pub region: String,
}

/// An account as listed (never with its hash).
#[derive(Debug, Clone, Serialize)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub department_id: Option<i64>,
    pub department_name: String,
    pub scope: DataScope,
    pub locked_until: Option<i64>,
    pub disabled: bool,
    pub last_login_at: Option<i64>,
}

fn validate(u: &NewUser) -> Result<()> {
    let name_ok = !u.username.is_empty()
        && u.username.len() <= 64
        && u.username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-');
    if !name_ok {
        return Err(Error::of(Code::UserUsername).for_field("username"));
    }
    if u.display_name.trim().is_empty() {
        return Err(Error::of(Code::UserDisplayName).for_field("display_name"));
    }
    check_password_policy(&u.password)?;
    let needs_dept = matches!(
        u.role,
        Role::DeptAdmin | Role::Officer | Role::LegalReviewer | Role::Supervisor
    );
    if needs_dept && u.department_id.is_none() {
        return Err(Error::of(Code::UserDepartment).for_field("department_id"));
    }
    if u.role.is_admin_triad() && u.scope != DataScope::NoData {
        return Err(Error::of(Code::UserScope).for_field("scope").arg_zh_en(
            "reason",
            "三员（系统、安全、审计管理员）不得拥有业务数据权限。",
            "The system, security and audit administrators hold no business data scope.",
        ));
    }
    Ok(())
}

/// Creates an account inside an audited transaction.
pub async fn create_user(tx: &mut AuditedTx, u: &NewUser) -> Result<i64> {
    validate(u)?;
    let hash = hash_password(&u.password)?;
    let now = now_ms();
    let res = sqlx::query(
        "INSERT INTO users (region_code, username, display_name, password_hash, role, department_id, scope, officer_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
    )
    .bind(u.region.clone())
    .bind(u.username.clone())
    .bind(u.display_name.clone())
    .bind(hash)
    .bind(u.role.as_str())
    .bind(u.department_id)
    .bind(u.scope.as_str())
    .bind(u.officer_id)
    .bind(now)
    .fetch_one(tx.conn())
    .await;
    let id: i64 = match res {
        Ok(row) => row.try_get(0)?,
        Err(e) if is_unique_violation(&e) => {
            return Err(Error::of(Code::UserExists).arg("username", &u.username));
        }
        Err(e) => return Err(e.into()),
    };
    let after = serde_json::json!({
        "id": id, "username": u.username, "display_name": u.display_name,
        "role": u.role.as_str(), "department_id": u.department_id, "scope": u.scope.as_str(),
    });
    tx.record(Event {
        action: "user.create",
        object_type: "user",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("创建账号 {}（{}）", u.username, u.role.label_zh()),
    })
    .await?;
    Ok(id)
}

fn row_to_user(r: &sqlx::any::AnyRow) -> Result<UserRow> {
    let role: String = r.try_get(3)?;
    let scope: String = r.try_get(6)?;
    Ok(UserRow {
        id: r.try_get(0)?,
        username: r.try_get(1)?,
        display_name: r.try_get(2)?,
        role: Role::parse(&role).unwrap_or(Role::Public),
        department_id: r.try_get(4)?,
        department_name: r.try_get::<Option<String>, _>(5)?.unwrap_or_default(),
        scope: DataScope::parse(&scope).unwrap_or(DataScope::NoData),
        locked_until: r.try_get(7)?,
        disabled: r.try_get::<i64, _>(8)? != 0,
        last_login_at: r.try_get(9)?,
    })
}

const USER_COLS: &str = "u.id, u.username, u.display_name, u.role, u.department_id, d.name, u.scope, u.locked_until, u.disabled, u.last_login_at";

/// Lists accounts of a region.
pub async fn list_users(db: &Db, region: &str) -> Result<Vec<UserRow>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {USER_COLS} FROM users u LEFT JOIN departments d ON d.id = u.department_id WHERE u.region_code = $1 ORDER BY u.id"
    )))
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(row_to_user).collect()
}

/// One account.
pub async fn get_user<'c, E>(exec: E, id: i64) -> Result<UserRow>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {USER_COLS} FROM users u LEFT JOIN departments d ON d.id = u.department_id WHERE u.id = $1"
    )))
    .bind(id)
    .fetch_optional(exec)
    .await?
    .ok_or_else(|| Error::not_found("user"))?;
    row_to_user(&row)
}

/// Changes an account's role and scope (the security administrator's duty). Ends its sessions
/// so the change applies at once.
async fn set_role(tx: &mut AuditedTx, id: i64, role: Role, scope: DataScope) -> Result<()> {
    let before = get_user(tx.conn(), id).await?;
    if role.is_admin_triad() && scope != DataScope::NoData {
        return Err(Error::of(Code::UserScope).for_field("scope").arg_zh_en(
            "reason",
            "三员不得拥有业务数据权限。",
            "The administrator triad holds no business data scope.",
        ));
    }
    sqlx::query("UPDATE users SET role = $1, scope = $2, updated_at = $3 WHERE id = $4")
        .bind(role.as_str())
        .bind(scope.as_str())
        .bind(now_ms())
        .bind(id)
        .execute(tx.conn())
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(id)
        .execute(tx.conn())
        .await?;
    let b = serde_json::json!({"role": before.role.as_str(), "scope": before.scope.as_str()});
    let a = serde_json::json!({"role": role.as_str(), "scope": scope.as_str()});
    tx.record(Event {
        action: "user.set_role",
        object_type: "user",
        object_id: id.to_string(),
        before: Some(&b),
        after: Some(&a),
        summary: format!(
            "{} 角色改为 {}，数据范围 {}",
            before.username,
            role.label_zh(),
            scope.label_zh()
        ),
    })
    .await?;
    Ok(())
}

/// Lifts a lock (the security administrator's duty).
async fn unlock_user(tx: &mut AuditedTx, id: i64) -> Result<()> {
    let n = sqlx::query(
        "UPDATE users SET locked_until = NULL, failed_logins = 0, updated_at = $1 WHERE id = $2",
    )
    .bind(now_ms())
    .bind(id)
    .execute(tx.conn())
    .await?
    .rows_affected();
    if n == 0 {
        return Err(Error::not_found("user"));
    }
    tx.record(Event {
        action: "user.unlock",
        object_type: "user",
        object_id: id.to_string(),
        before: None,
        after: None,
        summary: "解除账号锁定".into(),
    })
    .await?;
    Ok(())
}
