//! `fazhi demo`: builds a district with a year of activity (2024). Each module's generator
//! writes ordinary records through the module's own code; every figure the platform then
//! shows is a query over them.

use crate::audit::{Actor, AuditedTx};
use crate::auth::{DataScope, NewUser, Role, create_user};
use crate::db::Db;
use crate::{BINHAI_REGION, Result};

/// The password of every demo account (printed by `fazhi demo`; a demo is not production).
pub const DEMO_PASSWORD: &str = "Fazhi@2024";

/// One demo account.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub username: &'static str,
    pub role: Role,
    pub department: String,
}

/// What the demo built.
#[derive(Debug, Clone, Default)]
pub struct DemoSummary {
    /// Statute files imported (0 when no statute directory was found).
    pub law_files: usize,
    pub departments: usize,
    pub officers: usize,
    pub accounts: Vec<DemoAccount>,
}

/// `true` if the database already holds the demo (its accounts exist).
pub async fn is_built(db: &Db) -> Result<bool> {
    Ok(
        sqlx::query("SELECT 1 FROM users WHERE username = 'supervisor'")
            .fetch_optional(db.pool())
            .await?
            .is_some(),
    )
}

/// Builds the demo district into an empty, migrated database.
pub async fn build(db: &Db, mut progress: impl FnMut(&str, usize, usize)) -> Result<DemoSummary> {
    crate::calendar::seed_calendar(db).await?;
    // The statutes every module cites: from FAZHI_LAWS_DIR or ../shared/data/laws.
    let law_files = match crate::law::default_laws_dir() {
        Some(dir) => {
            crate::law::import_dir(db, Actor::system("demo"), &dir, |d, t| {
                progress("法规 statutes", d, t)
            })
            .await?
            .files
        }
        None => 0,
    };
    let org = crate::org::demo::generate(db, crate::time::today(), |d, t| {
        progress("执法人员 officers", d, t)
    })
    .await?;
    let accounts = [
        (
            "sysadmin",
            "系统管理员",
            Role::SysAdmin,
            None,
            DataScope::NoData,
            None,
        ),
        (
            "secadmin",
            "安全管理员",
            Role::SecAdmin,
            None,
            DataScope::NoData,
            None,
        ),
        (
            "auditadmin",
            "审计管理员",
            Role::AuditAdmin,
            None,
            DataScope::NoData,
            None,
        ),
        (
            "supervisor",
            "司法局监督员",
            Role::Supervisor,
            Some(org.justice_bureau),
            DataScope::District,
            None,
        ),
        (
            "deptadmin",
            "市场监管局管理员",
            Role::DeptAdmin,
            Some(org.market_bureau),
            DataScope::DepartmentTree,
            None,
        ),
        (
            "officer",
            "市场监管执法员",
            Role::Officer,
            Some(org.market_bureau),
            DataScope::OwnDepartment,
            Some(org.market_officer),
        ),
        (
            "reviewer",
            "市场监管法制审核员",
            Role::LegalReviewer,
            Some(org.market_bureau),
            DataScope::DepartmentTree,
            None,
        ),
        (
            "enterprise",
            "示例企业用户",
            Role::Enterprise,
            None,
            DataScope::NoData,
            None,
        ),
    ];
    let mut tx = AuditedTx::begin(db, Actor::system("demo")).await?;
    let mut out = Vec::new();
    for (username, display, role, dept, scope, officer) in accounts {
        create_user(
            &mut tx,
            &NewUser {
                username: username.into(),
                display_name: display.into(),
                password: DEMO_PASSWORD.into(),
                role,
                department_id: dept,
                scope,
                officer_id: officer,
                region: BINHAI_REGION.into(),
            },
        )
        .await?;
        out.push(DemoAccount {
            username,
            role,
            department: match dept {
                Some(d) if d == org.justice_bureau => "区司法局".into(),
                Some(_) => "区市场监管局".into(),
                None => String::new(),
            },
        });
    }
    tx.commit().await?;
    Ok(DemoSummary {
        law_files,
        departments: org.departments,
        officers: org.officers,
        accounts: out,
    })
}
