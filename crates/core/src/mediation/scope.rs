//! Who sees which mediation records. The Justice Bureau (a district-wide `Supervisor`) sees all;
//! a 司法所 account the disputes, screenings and organisations of its 街镇; a 人民调解员 account
//! those of its one organisation. The links live in `mediation_accounts`, kept by the Justice
//! Bureau ([`link_account`]); an account without a link sees nothing.

use serde::Serialize;
use sqlx::Row;

use crate::audit::{AuditedTx, Event};
use crate::auth::{DataScope, Permission, Principal, Role};
use crate::db::Db;
use crate::time::now_ms;
use crate::{Code, Error, Result};

/// The extent of an account's mediation records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Scope {
    /// The whole region (区司法局).
    All,
    /// One 街镇 (司法所).
    Subdistrict(String),
    /// One organisation (人民调解员).
    Organisation(i64),
    /// Nothing (an account not linked yet).
    Nothing,
}

impl Scope {
    /// Whether a record of this organisation and 街镇 lies inside.
    pub fn covers(&self, organisation_id: i64, subdistrict: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Subdistrict(s) => !s.is_empty() && s == subdistrict,
            Scope::Organisation(o) => *o == organisation_id,
            Scope::Nothing => false,
        }
    }
}

/// The mediation scope of `who`, after checking it may see mediation at all.
pub async fn of(db: &Db, who: &Principal) -> Result<Scope> {
    who.require(Permission::ViewMediation)?;
    if who.role == Role::Supervisor {
        return Ok(if who.scope == DataScope::District {
            Scope::All
        } else {
            Scope::Nothing
        });
    }
    let row = sqlx::query(
        "SELECT organisation_id, subdistrict FROM mediation_accounts WHERE user_id = $1 AND region_code = $2",
    )
    .bind(who.user_id)
    .bind(who.region.clone())
    .fetch_optional(db.pool())
    .await?;
    let Some(r) = row else {
        return Ok(Scope::Nothing);
    };
    let org: Option<i64> = r.try_get(0)?;
    let sub: String = r.try_get(1)?;
    Ok(match (who.role, org) {
        (Role::Mediator, Some(o)) => Scope::Organisation(o),
        (Role::JusticeOffice, _) if !sub.is_empty() => Scope::Subdistrict(sub),
        _ => Scope::Nothing,
    })
}

/// The SQL binds of a scope over a table with `organisation_id` and `subdistrict` columns:
/// (all, organisation, subdistrict).
pub fn binds(s: &Scope) -> (i64, i64, String) {
    match s {
        Scope::All => (1, -1, String::new()),
        Scope::Subdistrict(x) => (0, -1, x.clone()),
        Scope::Organisation(o) => (0, *o, String::new()),
        Scope::Nothing => (0, -1, String::new()),
    }
}

/// A link of an account to its organisation or 街镇.
#[derive(Debug, Clone, Serialize)]
pub struct AccountLink {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub organisation: String,
    pub subdistrict: String,
}

fn invalid(field: &'static str, zh: &str, en: &str) -> Error {
    Error::of(Code::MediationInvalid)
        .for_field(field)
        .arg_zh_en("reason", zh.to_string(), en.to_string())
}

/// Links a 人民调解员 account to one organisation or a 司法所 account to one 街镇 (the Justice
/// Bureau's setup, without the demo). Replaces an earlier link.
pub async fn link_account(
    db: &Db,
    who: &Principal,
    username: &str,
    organisation_id: Option<i64>,
    subdistrict: &str,
) -> Result<()> {
    who.require(Permission::ManageMediation)?;
    if who.scope != DataScope::District {
        return Err(Error::forbidden(
            "只有区司法局（全区范围）可以设置调解账号。",
            "Only the district Justice Bureau links mediation accounts.",
        ));
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    link_in(&mut tx, &who.region, username, organisation_id, subdistrict).await?;
    tx.commit().await
}

/// The link written inside a transaction (the demo's setup; [`link_account`] checks the caller).
pub async fn link_in(
    tx: &mut AuditedTx,
    region: &str,
    username: &str,
    organisation_id: Option<i64>,
    subdistrict: &str,
) -> Result<()> {
    let row = sqlx::query("SELECT id, role FROM users WHERE username = $1 AND region_code = $2")
        .bind(username.trim().to_string())
        .bind(region.to_string())
        .fetch_optional(&mut *tx.conn())
        .await?
        .ok_or_else(|| invalid("username", "没有这个账号。", "No such account."))?;
    let user_id: i64 = row.try_get(0)?;
    let role = Role::parse(&row.try_get::<String, _>(1)?);
    let (org, sub) = match role {
        Some(Role::Mediator) => {
            let id = organisation_id.ok_or_else(|| {
                invalid(
                    "organisation_id",
                    "人民调解员账号须选择所在的调解组织。",
                    "A mediator account needs its organisation.",
                )
            })?;
            let sub: Option<String> = sqlx::query(
                "SELECT subdistrict FROM mediation_organisations WHERE id = $1 AND region_code = $2",
            )
            .bind(id)
            .bind(region.to_string())
            .fetch_optional(&mut *tx.conn())
            .await?
            .map(|r| r.try_get(0))
            .transpose()?;
            if sub.is_none() {
                return Err(invalid(
                    "organisation_id",
                    "没有这个调解组织。",
                    "No such organisation.",
                ));
            }
            (Some(id), String::new())
        }
        Some(Role::JusticeOffice) => {
            let s = subdistrict.trim();
            let known: i64 = sqlx::query(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM mediation_organisations WHERE region_code = $1 AND subdistrict = $2",
            )
            .bind(region.to_string())
            .bind(s.to_string())
            .fetch_one(&mut *tx.conn())
            .await?
            .try_get(0)?;
            if s.is_empty() || known == 0 {
                return Err(invalid(
                    "subdistrict",
                    "司法所账号须选择所辖街镇（须已有该街镇的调解组织）。",
                    "A justice office account needs its subdistrict (one with mediation organisations).",
                ));
            }
            (None, s.to_string())
        }
        _ => {
            return Err(invalid(
                "username",
                "只有“人民调解员”和“司法所”角色的账号可以关联调解组织或街镇。",
                "Only mediator and justice-office accounts are linked.",
            ));
        }
    };
    sqlx::query("DELETE FROM mediation_accounts WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx.conn())
        .await?;
    sqlx::query(
        "INSERT INTO mediation_accounts (user_id, region_code, organisation_id, subdistrict, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user_id)
    .bind(region.to_string())
    .bind(org)
    .bind(sub.clone())
    .bind(now_ms())
    .execute(&mut *tx.conn())
    .await?;
    let after = serde_json::json!({"user_id": user_id, "organisation_id": org, "subdistrict": sub});
    tx.record(Event {
        action: "mediation.link_account",
        object_type: "user",
        object_id: user_id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("设置调解账号 {username} 的范围"),
    })
    .await?;
    Ok(())
}

/// Every linked account of the region.
pub async fn links(db: &Db, who: &Principal) -> Result<Vec<AccountLink>> {
    who.require(Permission::ManageMediation)?;
    let rows = sqlx::query(
        "SELECT u.id, u.username, u.display_name, u.role, COALESCE(o.name, ''), a.subdistrict \
         FROM mediation_accounts a JOIN users u ON u.id = a.user_id \
         LEFT JOIN mediation_organisations o ON o.id = a.organisation_id \
         WHERE a.region_code = $1 ORDER BY u.username",
    )
    .bind(who.region.clone())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(AccountLink {
                user_id: r.try_get(0)?,
                username: r.try_get(1)?,
                display_name: r.try_get(2)?,
                role: r.try_get(3)?,
                organisation: r.try_get(4)?,
                subdistrict: r.try_get(5)?,
            })
        })
        .collect()
}

/// The id of an account of the region by user name (the CLI's benchmark and link).
pub async fn account_id(db: &Db, region: &str, username: &str) -> Result<Option<i64>> {
    let r = sqlx::query("SELECT id FROM users WHERE username = $1 AND region_code = $2")
        .bind(username.to_string())
        .bind(region.to_string())
        .fetch_optional(db.pool())
        .await?;
    Ok(match r {
        Some(r) => Some(r.try_get(0)?),
        None => None,
    })
}
