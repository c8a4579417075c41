//! What a real installation needs beyond the demo (issue 16): an account linked to the officer
//! record it acts as (so an officer records inspection results as themself) or to the registered
//! enterprise it speaks for (so the enterprise scans certificates at its door), and accounts
//! disabled and re-enabled by the security administrator.

use sqlx::Row;

use super::role::{Permission, Role};
use super::scope::Principal;
use super::user::{NewUser, create_user, get_user};
use crate::audit::{Actor, AuditedTx, Event};
use crate::db::Db;
use crate::ids::UnifiedSocialCreditCode;
use crate::time::now_ms;
use crate::{Error, Result};

/// The record an account acts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountLink {
    /// The officer record (officers.id) of an officer's account.
    Officer(i64),
    /// The 统一社会信用代码 of the registered subject an enterprise account speaks for.
    Enterprise(String),
}

fn link_error(field: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Error {
    Error::domain_invalid("user.link", field, zh.into(), en.into())
}

/// Checks a link against the account it is for and writes it, inside the caller's transaction
/// (no permission check: callers check). An officer link needs an officer of the same region and
/// of the account's own department, not yet linked to another account; an enterprise link needs
/// an enterprise account and a valid code (GB 32100-2015 check character) registered in the
/// subject directory (名录库) of the region.
pub async fn apply_link(
    tx: &mut AuditedTx,
    region: &str,
    user_id: i64,
    link: &AccountLink,
) -> Result<()> {
    let row = sqlx::query("SELECT role, department_id, region_code FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(tx.conn())
        .await?
        .ok_or_else(|| Error::not_found("user"))?;
    let role: String = row.try_get(0)?;
    let role = Role::parse(&role).unwrap_or(Role::Public);
    let dept: Option<i64> = row.try_get(1)?;
    let user_region: String = row.try_get(2)?;
    if user_region != region {
        return Err(Error::not_found("user"));
    }
    match link {
        AccountLink::Officer(officer_id) => {
            if !matches!(role, Role::Officer | Role::DeptAdmin | Role::LegalReviewer) {
                return Err(link_error(
                    "officer_id",
                    format!(
                        "只有执法人员、部门管理员或法制审核人员的账号可以关联执法人员记录，本账号的角色是{}。",
                        role.label_zh()
                    ),
                    format!(
                        "only officer, department administrator or legal reviewer accounts can be linked to an officer record; this account is a {}",
                        role.label_en()
                    ),
                ));
            }
            let o = sqlx::query(
                "SELECT o.department_id, o.name, d.name FROM officers o JOIN departments d ON d.id = o.department_id \
                 WHERE o.id = $1 AND o.region_code = $2",
            )
            .bind(*officer_id)
            .bind(region.to_string())
            .fetch_optional(tx.conn())
            .await?
            .ok_or_else(|| {
                link_error(
                    "officer_id",
                    format!("本地区没有编号为 {officer_id} 的执法人员记录。"),
                    format!("there is no officer record {officer_id} in this region"),
                )
            })?;
            let odept: i64 = o.try_get(0)?;
            let oname: String = o.try_get(1)?;
            let dname: String = o.try_get(2)?;
            if dept != Some(odept) {
                return Err(link_error(
                    "officer_id",
                    format!(
                        "执法人员 {oname} 属于{dname}，与账号所在部门不一致：请先把账号设在{dname}，或选择本部门的执法人员。"
                    ),
                    format!(
                        "officer {officer_id} belongs to another department ({dname}) than the account; put the account in that department or choose an officer of its own"
                    ),
                ));
            }
            let taken: Option<String> =
                sqlx::query("SELECT username FROM users WHERE officer_id = $1 AND id <> $2")
                    .bind(*officer_id)
                    .bind(user_id)
                    .fetch_optional(tx.conn())
                    .await?
                    .map(|r| r.try_get(0))
                    .transpose()?;
            if let Some(other) = taken {
                return Err(link_error(
                    "officer_id",
                    format!("执法人员 {oname} 已关联账号 {other}，一名执法人员只能有一个账号。"),
                    format!(
                        "officer {officer_id} is already linked to account {other}; an officer has one account"
                    ),
                ));
            }
            sqlx::query("UPDATE users SET officer_id = $1, updated_at = $2 WHERE id = $3")
                .bind(*officer_id)
                .bind(now_ms())
                .bind(user_id)
                .execute(tx.conn())
                .await?;
            let after = serde_json::json!({"user_id": user_id, "officer_id": officer_id});
            tx.record(Event {
                action: "user.link_officer",
                object_type: "user",
                object_id: user_id.to_string(),
                before: None,
                after: Some(&after),
                summary: format!("账号关联执法人员 {oname}（编号 {officer_id}）"),
            })
            .await?;
            Ok(())
        }
        AccountLink::Enterprise(code) => {
            if role != Role::Enterprise {
                return Err(link_error(
                    "enterprise_uscc",
                    format!(
                        "只有企业用户账号可以关联市场主体，本账号的角色是{}。",
                        role.label_zh()
                    ),
                    format!(
                        "only enterprise accounts can be linked to a market entity; this account is a {}",
                        role.label_en()
                    ),
                ));
            }
            let uscc = UnifiedSocialCreditCode::parse(code).map_err(|e| {
                link_error(
                    "enterprise_uscc",
                    format!("统一社会信用代码有误：{}", e.message_zh()),
                    format!(
                        "the unified social credit code is invalid: {}",
                        e.message_en()
                    ),
                )
            })?;
            let code = uscc.as_str().to_string();
            let registered = sqlx::query(
                "SELECT name FROM sampling_subjects WHERE region_code = $1 AND code = $2",
            )
            .bind(region.to_string())
            .bind(code.clone())
            .fetch_optional(tx.conn())
            .await?;
            if registered.is_none() {
                return Err(link_error(
                    "enterprise_uscc",
                    format!(
                        "统一社会信用代码 {code} 未在本地区名录库登记：请先在“双随机检查 › 名录库”登记该市场主体。"
                    ),
                    format!(
                        "the code {code} is not registered in this region's subject directory; register the entity under Random inspections › Subjects first"
                    ),
                ));
            }
            crate::inspection::link_enterprise(tx, region, user_id, &code).await
        }
    }
}

/// Creates an account and links it in one audited transaction (the system administrator's
/// duty, as `add_user`).
pub async fn add_linked_user(
    db: &Db,
    who: &Principal,
    u: &NewUser,
    link: Option<&AccountLink>,
) -> Result<i64> {
    who.require(Permission::ManageUsers)?;
    if u.region != who.region {
        return Err(Error::forbidden(
            "不能在其他地区创建账号。",
            "accounts are created in the administrator's own region",
        ));
    }
    if link.is_some() && u.role.is_admin_triad() {
        return Err(link_error(
            "role",
            "三员分立：管理员账号不关联执法人员或市场主体。",
            "Separation of duties: an administrator account is linked to no officer or entity.",
        ));
    }
    let Some(link) = link else {
        return super::user::add_user(db, who, u).await;
    };
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let id = create_user(&mut tx, u).await?;
    apply_link(&mut tx, &u.region, id, link).await?;
    tx.commit().await?;
    Ok(id)
}

/// Links an existing account (the system administrator's duty).
pub async fn link_account(
    db: &Db,
    who: &Principal,
    user_id: i64,
    link: &AccountLink,
) -> Result<()> {
    who.require(Permission::ManageUsers)?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    apply_link(&mut tx, &who.region, user_id, link).await?;
    tx.commit().await
}

/// Creates and links an account at the server's console (`fazhi user add --officer/--enterprise`),
/// audited as the CLI.
pub async fn add_linked_user_cli(db: &Db, u: &NewUser, link: Option<&AccountLink>) -> Result<i64> {
    let mut tx = AuditedTx::begin(db, Actor::system("cli")).await?;
    let id = create_user(&mut tx, u).await?;
    if let Some(link) = link {
        apply_link(&mut tx, &u.region, id, link).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// The links of the accounts of a region: user id → (officer id and name, enterprise code).
pub async fn account_links(
    db: &Db,
    region: &str,
) -> Result<std::collections::HashMap<i64, (Option<(i64, String)>, Option<String>)>> {
    let rows = sqlx::query(
        "SELECT u.id, u.officer_id, o.name, l.subject_code FROM users u \
         LEFT JOIN officers o ON o.id = u.officer_id \
         LEFT JOIN inspection_enterprise_links l ON l.user_id = u.id \
         WHERE u.region_code = $1 AND (u.officer_id IS NOT NULL OR l.subject_code IS NOT NULL)",
    )
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut out = std::collections::HashMap::new();
    for r in &rows {
        let id: i64 = r.try_get(0)?;
        let oid: Option<i64> = r.try_get(1)?;
        let oname: Option<String> = r.try_get(2)?;
        let code: Option<String> = r.try_get(3)?;
        out.insert(id, (oid.map(|i| (i, oname.unwrap_or_default())), code));
    }
    Ok(out)
}

/// Disables or re-enables an account (the security administrator's duty, 三员分立). A disabled
/// account cannot log in and its sessions end in the same transaction, so no request it makes
/// afterwards is served. No one disables themself; an administrator account awaiting or refused
/// a second security administrator's approval is not enabled here (that is `decide_admin_request`).
pub async fn set_disabled(db: &Db, who: &Principal, user_id: i64, disabled: bool) -> Result<()> {
    who.require(Permission::ManageSecurity)?;
    if user_id == who.user_id {
        return Err(Error::forbidden(
            "不能停用或启用自己的账号。",
            "you cannot disable or enable your own account",
        ));
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let region: Option<String> = sqlx::query("SELECT region_code FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(tx.conn())
        .await?
        .map(|r| r.try_get(0))
        .transpose()?;
    if region.as_deref() != Some(who.region.as_str()) {
        return Err(Error::not_found("user"));
    }
    write_disabled(&mut tx, user_id, disabled).await?;
    tx.commit().await
}

/// Disables or re-enables an account by username at the server's console (`fazhi user disable` /
/// `enable`), audited as the CLI.
pub async fn set_disabled_by_username(db: &Db, username: &str, disabled: bool) -> Result<()> {
    let mut tx = AuditedTx::begin(db, Actor::system("cli")).await?;
    let id: i64 = sqlx::query("SELECT id FROM users WHERE username = $1")
        .bind(username.to_string())
        .fetch_optional(tx.conn())
        .await?
        .ok_or_else(|| Error::not_found("user"))?
        .try_get(0)?;
    write_disabled(&mut tx, id, disabled).await?;
    tx.commit().await
}

async fn write_disabled(tx: &mut AuditedTx, user_id: i64, disabled: bool) -> Result<()> {
    let user = get_user(tx.conn(), user_id).await?;
    if !disabled {
        let pending: Option<String> = sqlx::query(
            "SELECT status FROM admin_requests WHERE user_id = $1 AND status <> 'approved' ORDER BY id DESC LIMIT 1",
        )
        .bind(user_id)
        .fetch_optional(tx.conn())
        .await?
        .map(|r| r.try_get(0))
        .transpose()?;
        if pending.is_some() {
            return Err(Error::domain_conflict(
                "user.awaiting_approval",
                "该管理员账号尚未经另一名安全管理员批准，不能直接启用（三员分立）。",
                "This administrator account has not been approved by a second security administrator and cannot simply be enabled (separation of duties).",
            ));
        }
    }
    if user.disabled == disabled {
        return Ok(());
    }
    sqlx::query("UPDATE users SET disabled = $1, updated_at = $2 WHERE id = $3")
        .bind(i64::from(disabled))
        .bind(now_ms())
        .bind(user_id)
        .execute(tx.conn())
        .await?;
    if disabled {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(tx.conn())
            .await?;
    }
    tx.record(Event {
        action: if disabled {
            "user.disable"
        } else {
            "user.enable"
        },
        object_type: "user",
        object_id: user_id.to_string(),
        before: None,
        after: None,
        summary: format!(
            "{}账号 {}",
            if disabled { "停用" } else { "启用" },
            user.username
        ),
    })
    .await?;
    Ok(())
}
