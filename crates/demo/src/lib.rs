//! `fazhi demo`: builds a district with a year of activity (2024). Each module's generator
//! writes ordinary records through the module's own code; every figure the platform then
//! shows is a query over them.
//!
//! Also the evaluation and benchmark generators (`dispatch::eval`, `sampling::bench`,
//! `supervision::plants`). They live outside `fazhi-core` so that the production core
//! carries no generator code (DESIGN.md, Architecture).

pub mod cases;
pub mod counsel;
pub mod decisions;
pub mod dispatch;
pub mod inspection;
pub mod mediation;
pub mod normative;
pub mod org;
pub mod powers;
pub mod reconsideration;
pub mod sampling;
pub mod supervision;

use fazhi_core::audit::{Actor, AuditedTx};
use fazhi_core::auth::{DataScope, NewUser, Role, create_user};
use fazhi_core::db::Db;
use fazhi_core::{BINHAI_REGION, Result};

/// The password of every demo account (printed by `fazhi demo`; a demo is not production).
pub const DEMO_PASSWORD: &str = "Fazhi@2024";

/// One demo account: user name, display name, role, department (short name) and scope.
#[derive(Debug, Clone, Copy)]
pub struct DemoAccount {
    pub username: &'static str,
    pub display_name: &'static str,
    pub role: Role,
    pub department: &'static str,
    pub scope: DataScope,
}

const fn acct(
    username: &'static str,
    display_name: &'static str,
    role: Role,
    department: &'static str,
    scope: DataScope,
) -> DemoAccount {
    DemoAccount {
        username,
        display_name,
        role,
        department,
        scope,
    }
}

/// One account per role, as `fazhi demo` prints them.
pub const DEMO_ACCOUNTS: [DemoAccount; 11] = [
    acct(
        "sysadmin",
        "系统管理员",
        Role::SysAdmin,
        "",
        DataScope::NoData,
    ),
    acct(
        "secadmin",
        "安全管理员",
        Role::SecAdmin,
        "",
        DataScope::NoData,
    ),
    acct(
        "auditadmin",
        "审计管理员",
        Role::AuditAdmin,
        "",
        DataScope::NoData,
    ),
    acct(
        "supervisor",
        "司法局监督员",
        Role::Supervisor,
        "区司法局",
        DataScope::District,
    ),
    acct(
        "deptadmin",
        "市场监管局管理员",
        Role::DeptAdmin,
        "区市场监管局",
        DataScope::DepartmentTree,
    ),
    acct(
        "officer",
        "市场监管执法员",
        Role::Officer,
        "区市场监管局",
        DataScope::OwnDepartment,
    ),
    acct(
        "reviewer",
        "市场监管法制审核员",
        Role::LegalReviewer,
        "区市场监管局",
        DataScope::DepartmentTree,
    ),
    acct(
        "enterprise",
        "示例企业用户",
        Role::Enterprise,
        "",
        DataScope::NoData,
    ),
    acct(
        "dispatcher",
        "12345 工单分拨员",
        Role::Dispatcher,
        "区政务服务办",
        DataScope::District,
    ),
    acct(
        "mediator",
        "社区人民调解员",
        Role::Mediator,
        "",
        DataScope::NoData,
    ),
    acct(
        "sifasuo",
        "塘沽街道司法所",
        Role::JusticeOffice,
        "",
        DataScope::NoData,
    ),
];

/// What the demo built.
#[derive(Debug, Clone, Default)]
pub struct DemoSummary {
    /// Statute files imported (0 when no statute directory was found).
    pub law_files: usize,
    pub departments: usize,
    pub officers: usize,
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
    fazhi_core::calendar::seed_calendar(db).await?;
    // The statutes every module cites: from FAZHI_LAWS_DIR or ../shared/data/laws.
    let law_files = match fazhi_core::law::default_laws_dir() {
        Some(dir) => {
            fazhi_core::law::import_dir(db, Actor::system("demo"), &dir, |d, t| {
                progress("法规 statutes", d, t)
            })
            .await?
            .files
        }
        None => 0,
    };
    let org = crate::org::generate(db, fazhi_core::time::today(), |d, t| {
        progress("执法人员 officers", d, t)
    })
    .await?;
    let mut tx = AuditedTx::begin(db, Actor::system("demo")).await?;
    for a in DEMO_ACCOUNTS {
        let department_id = if a.department.is_empty() {
            None
        } else {
            fazhi_core::org::find_department_by_name(tx.conn(), BINHAI_REGION, a.department).await?
        };
        create_user(
            &mut tx,
            &NewUser {
                username: a.username.into(),
                display_name: a.display_name.into(),
                password: DEMO_PASSWORD.into(),
                role: a.role,
                department_id,
                scope: a.scope,
                officer_id: (a.role == Role::Officer).then_some(org.market_officer),
                region: BINHAI_REGION.into(),
            },
        )
        .await?;
    }
    tx.commit().await?;
    // The modules that cite the law, in dependency order: the power list first (inspection
    // matters and complaint routing come from it).
    let corpus = fazhi_core::law::load_corpus(db).await?;
    crate::powers::generate(db, &corpus, &mut progress).await?;
    crate::sampling::generate(db, &mut progress).await?;
    crate::inspection::generate(db, &mut progress).await?;
    crate::dispatch::generate(db, &mut progress).await?;
    crate::cases::generate(db, &mut progress).await?;
    crate::supervision::generate(db, &mut progress).await?;
    crate::reconsideration::generate(db, &mut progress).await?;
    crate::counsel::generate(db, &mut progress).await?;
    crate::decisions::generate(db, &mut progress).await?;
    crate::normative::generate(db, &corpus, &mut progress).await?;
    crate::mediation::generate(db, &mut progress).await?;
    Ok(DemoSummary {
        law_files,
        departments: org.departments,
        officers: org.officers,
    })
}
