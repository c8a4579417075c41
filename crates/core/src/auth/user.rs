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
/// creates accounts), in one audited transaction under the caller's name. An administrator
/// account (system, security or audit) is created disabled, with a request that a security
/// administrator — another person — must approve before it can log in (`decide_admin_request`).
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
    if u.role.is_admin_triad() {
        let now = now_ms();
        sqlx::query("UPDATE users SET disabled = 1 WHERE id = $1")
            .bind(id)
            .execute(tx.conn())
            .await?;
        let rid: i64 = sqlx::query(
            "INSERT INTO admin_requests (region_code, user_id, role, requested_by, requested_at, status) \
             VALUES ($1, $2, $3, $4, $5, 'pending') RETURNING id",
        )
        .bind(u.region.clone())
        .bind(id)
        .bind(u.role.as_str())
        .bind(who.user_id)
        .bind(now)
        .fetch_one(tx.conn())
        .await?
        .try_get(0)?;
        let after = serde_json::json!({"request": rid, "user_id": id, "role": u.role.as_str()});
        tx.record(Event {
            action: "user.admin_requested",
            object_type: "user",
            object_id: id.to_string(),
            before: None,
            after: Some(&after),
            summary: format!(
                "申请设立{}账号 {}，待安全管理员批准",
                u.role.label_zh(),
                u.username
            ),
        })
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// The 三员分立 rule of a role change: an administrator's role is fixed (no account moves between
/// the three administrative roles, nor from one of them to a business role), and no business
/// account becomes an administrator (a new administrator account is created and approved
/// instead). Pure; `change_role` applies it.
pub fn role_change_allowed(from: Role, to: Role) -> Result<()> {
    if from == to {
        return Ok(());
    }
    if from.is_admin_triad() || to.is_admin_triad() {
        return Err(Error::of(Code::SecurityRoleSeparation).for_field("role").arg_zh_en(
            "reason",
            "三员分立：系统、安全、审计管理员的角色不能更改，业务账号也不能改为管理员。新的管理员账号须由系统管理员创建、经另一名安全管理员批准。",
            "Separation of the three administrators: an administrator's role cannot be changed and a business account cannot become an administrator. A new administrator account is created by the system administrator and approved by another security administrator.",
        ));
    }
    Ok(())
}

/// Changes an account's role and data scope, for the security administrator. No one changes their
/// own role, and no one changes an administrator's role or makes an administrator
/// (`role_change_allowed`): an administrator who could would hold every power the separation of
/// the three administrators divides.
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
    let before = get_user(tx.conn(), id).await?;
    role_change_allowed(before.role, role)?;
    set_role(&mut tx, id, role, scope).await?;
    tx.commit().await
}

/// A pending or decided request to set up an administrator account.
#[derive(Debug, Clone, Serialize)]
pub struct AdminRequest {
    pub id: i64,
    pub user_id: i64,
    pub username: String,
    pub role: Role,
    pub requested_by_name: String,
    pub requested_at: i64,
    pub status: String,
}

/// The administrator requests of the caller's region, newest first (security administrator).
pub async fn list_admin_requests(db: &Db, who: &Principal) -> Result<Vec<AdminRequest>> {
    who.require(Permission::ManageSecurity)?;
    let rows = sqlx::query(
        "SELECT r.id, r.user_id, u.username, r.role, COALESCE(q.username, ''), r.requested_at, r.status \
         FROM admin_requests r JOIN users u ON u.id = r.user_id LEFT JOIN users q ON q.id = r.requested_by \
         WHERE r.region_code = $1 ORDER BY r.id DESC LIMIT 100",
    )
    .bind(who.region.clone())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let role: String = r.try_get(3)?;
            Ok(AdminRequest {
                id: r.try_get(0)?,
                user_id: r.try_get(1)?,
                username: r.try_get(2)?,
                role: Role::parse(&role).unwrap_or(Role::Public),
                requested_by_name: r.try_get(4)?,
                requested_at: r.try_get(5)?,
                status: r.try_get(6)?,
            })
        })
        .collect()
}

/// Approves (enables the account) or rejects a pending administrator request: the second person
/// of the two. The approver is a security administrator who neither made the request nor is the
/// account requested; audited.
pub async fn decide_admin_request(
    db: &Db,
    who: &Principal,
    request_id: i64,
    approve: bool,
) -> Result<()> {
    who.require(Permission::ManageSecurity)?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let row = sqlx::query(
        "SELECT user_id, role, requested_by, status FROM admin_requests WHERE id = $1 AND region_code = $2",
    )
    .bind(request_id)
    .bind(who.region.clone())
    .fetch_optional(tx.conn())
    .await?
    .ok_or_else(|| Error::not_found("admin_request"))?;
    let user_id: i64 = row.try_get(0)?;
    let role: String = row.try_get(1)?;
    let requested_by: i64 = row.try_get(2)?;
    let status: String = row.try_get(3)?;
    if status != "pending" {
        return Err(Error::of(Code::SecurityAdminRequest).arg_zh_en(
            "reason",
            "该申请已处理。",
            "The request has already been decided.",
        ));
    }
    if who.user_id == requested_by || who.user_id == user_id {
        return Err(Error::of(Code::SecurityAdminRequest).arg_zh_en(
            "reason",
            "设立管理员账号须由申请人以外的另一名安全管理员批准。",
            "An administrator account is approved by a security administrator other than the requester and the account itself.",
        ));
    }
    let now = now_ms();
    sqlx::query(
        "UPDATE admin_requests SET status = $1, decided_by = $2, decided_at = $3 WHERE id = $4",
    )
    .bind(if approve { "approved" } else { "rejected" })
    .bind(who.user_id)
    .bind(now)
    .bind(request_id)
    .execute(tx.conn())
    .await?;
    if approve {
        sqlx::query("UPDATE users SET disabled = 0, updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(user_id)
            .execute(tx.conn())
            .await?;
    }
    let after = serde_json::json!({"request": request_id, "role": role, "approved": approve});
    tx.record(Event {
        action: if approve {
            "user.admin_approved"
        } else {
            "user.admin_rejected"
        },
        object_type: "user",
        object_id: user_id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!(
            "{}管理员账号申请（{}）",
            if approve { "批准" } else { "驳回" },
            role
        ),
    })
    .await?;
    tx.commit().await
}

/// Lifts the login throttle of an account (the security administrator's duty): its failures are
/// forgotten and it may log in at once. A second security administrator can do it for the first.
pub async fn unlock(db: &Db, who: &Principal, id: i64) -> Result<()> {
    who.require(Permission::ManageSecurity)?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    unlock_user(&mut tx, id).await?;
    tx.commit().await
}

/// Lifts the login throttle of an account by username, for the operator at the server's console
/// (`fazhi user unlock`): the unlock path no one can lock out, audited as the CLI.
pub async fn unlock_by_username(db: &Db, username: &str) -> Result<()> {
    let mut tx = AuditedTx::begin(db, crate::audit::Actor::system("cli")).await?;
    let id: i64 = sqlx::query("SELECT id FROM users WHERE username = $1")
        .bind(username.to_string())
        .fetch_optional(tx.conn())
        .await?
        .ok_or_else(|| Error::not_found("user"))?
        .try_get(0)?;
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
    // A district-wide supervisor may exist before any body: on a new installation it is the
    // one who registers the bodies (the Justice Bureau's among them), so it cannot need one.
    let needs_dept = matches!(
        u.role,
        Role::DeptAdmin | Role::Officer | Role::LegalReviewer
    ) || (u.role == Role::Supervisor && u.scope != DataScope::District);
    if needs_dept && u.department_id.is_none() {
        return Err(Error::of(Code::UserDepartment).for_field("department_id"));
    }
    if u.role.is_admin_triad() && u.officer_id.is_some() {
        return Err(Error::of(Code::SecurityRoleSeparation)
            .for_field("role")
            .arg_zh_en(
                "reason",
                "三员分立：管理员账号不得同时是执法人员的账号。",
                "Separation of duties: an administrator account cannot also be an officer's account.",
            ));
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

/// Lifts a lock and the account's login throttle.
async fn unlock_user(tx: &mut AuditedTx, id: i64) -> Result<()> {
    let user = get_user(tx.conn(), id).await?;
    super::throttle::clear(tx.conn(), &super::throttle::account_key(&user.username)).await?;
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
        summary: format!("解除账号 {} 的登录限制", user.username),
    })
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn administrators_keep_their_role_and_business_accounts_never_become_one() {
        let triad = [Role::SysAdmin, Role::SecAdmin, Role::AuditAdmin];
        let business = [
            Role::Supervisor,
            Role::DeptAdmin,
            Role::Officer,
            Role::LegalReviewer,
            Role::Enterprise,
            Role::Dispatcher,
        ];
        for a in triad {
            for b in triad {
                assert_eq!(role_change_allowed(a, b).is_ok(), a == b, "{a:?} -> {b:?}");
            }
            for b in business {
                let e = role_change_allowed(a, b).expect_err("admin to business");
                assert_eq!(e.code(), "security.role_separation");
                assert!(role_change_allowed(b, a).is_err(), "{b:?} -> {a:?}");
            }
        }
        for a in business {
            for b in business {
                assert!(role_change_allowed(a, b).is_ok(), "{a:?} -> {b:?}");
            }
        }
    }

    #[test]
    fn an_administrator_cannot_be_an_officer_or_hold_business_data() {
        let u = NewUser {
            username: "adm2".into(),
            display_name: "管理员".into(),
            password: "Right#2024xy".into(),
            role: Role::SysAdmin,
            department_id: None,
            scope: DataScope::NoData,
            officer_id: Some(1),
            region: crate::BINHAI_REGION.into(),
        };
        assert!(validate(&u).is_err());
        let u = NewUser {
            officer_id: None,
            scope: DataScope::District,
            ..u
        };
        assert!(validate(&u).is_err());
    }
}
