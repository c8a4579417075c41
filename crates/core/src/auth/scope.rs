//! Data scope: which departments' records an account may see and change.
//!
//! RuoYi's lesson: its scope was spliced into SQL as a string (injection) and checked on reads
//! only (a CVE). Here a scope is a typed value that becomes one fixed SQL fragment with bound
//! parameters over the department closure table, and writes check it too.

use serde::{Deserialize, Serialize};
use sqlx::Row;

use super::role::{Permission, Role};
use crate::db::Db;
use crate::{Error, Result};

/// The extent of an account's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataScope {
    /// 本部门: its own department only.
    OwnDepartment,
    /// 本部门及以下: its department and every department below it.
    DepartmentTree,
    /// 全区: the whole district.
    District,
    /// No business data (the administrator triad, enterprises, the public).
    NoData,
}

impl DataScope {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            DataScope::OwnDepartment => "own_department",
            DataScope::DepartmentTree => "department_tree",
            DataScope::District => "district",
            DataScope::NoData => "none",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<DataScope> {
        [
            DataScope::OwnDepartment,
            DataScope::DepartmentTree,
            DataScope::District,
            DataScope::NoData,
        ]
        .into_iter()
        .find(|d| d.as_str() == s)
    }

    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            DataScope::OwnDepartment => "本部门",
            DataScope::DepartmentTree => "本部门及以下",
            DataScope::District => "全区",
            DataScope::NoData => "无业务数据",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            DataScope::OwnDepartment => "Own department",
            DataScope::DepartmentTree => "Department and below",
            DataScope::District => "Whole district",
            DataScope::NoData => "No business data",
        }
    }
}

/// The authenticated account a request acts for.
#[derive(Debug, Clone, Serialize)]
pub struct Principal {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub department_id: Option<i64>,
    pub department_name: String,
    pub scope: DataScope,
    pub region: String,
}

/// The three bound values of the scope predicate.
#[derive(Debug, Clone, Copy)]
pub struct ScopeBinds {
    /// 1 = the whole region.
    pub all: i64,
    /// The anchor department (-1 = none).
    pub anchor: i64,
    /// Maximum closure depth below the anchor (0 = the anchor only).
    pub max_depth: i64,
}

impl Principal {
    /// Refuses unless the role has the permission.
    pub fn require(&self, p: Permission) -> Result<()> {
        if self.role.can(p) {
            Ok(())
        } else {
            Err(Error::forbidden(
                format!("“{}”角色不能执行此操作。", self.role.label_zh()),
                format!("the role {} may not do this", self.role.label_en()),
            ))
        }
    }

    /// The audit actor for this account.
    pub fn actor(&self) -> crate::audit::Actor {
        crate::audit::Actor {
            user_id: Some(self.user_id),
            name: format!("{}({})", self.display_name, self.username),
            region: self.region.clone(),
        }
    }

    /// The scope predicate's values.
    pub fn scope_binds(&self) -> ScopeBinds {
        let anchor = self.department_id.unwrap_or(-1);
        match self.scope {
            DataScope::District => ScopeBinds {
                all: 1,
                anchor,
                max_depth: 0,
            },
            DataScope::DepartmentTree => ScopeBinds {
                all: 0,
                anchor,
                max_depth: i64::from(u16::MAX),
            },
            DataScope::OwnDepartment => ScopeBinds {
                all: 0,
                anchor,
                max_depth: 0,
            },
            DataScope::NoData => ScopeBinds {
                all: 0,
                anchor: -1,
                max_depth: -1,
            },
        }
    }

    /// `true` if the department lies inside this account's scope (used before every write).
    pub async fn covers_department(&self, db: &Db, department_id: i64) -> Result<bool> {
        let b = self.scope_binds();
        let row = sqlx::query(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM departments d WHERE d.id = $1 AND d.region_code = $2 AND \
             ($3 = 1 OR d.id IN (SELECT descendant_id FROM department_closure WHERE ancestor_id = $4 AND depth <= $5))",
        )
        .bind(department_id)
        .bind(self.region.clone())
        .bind(b.all)
        .bind(b.anchor)
        .bind(b.max_depth)
        .fetch_one(db.pool())
        .await?;
        Ok(row.try_get::<i64, _>(0)? > 0)
    }

    /// Refuses a write to a department outside the scope; the refusal does not reveal whether
    /// the department exists.
    pub async fn require_department(&self, db: &Db, department_id: i64) -> Result<()> {
        if self.covers_department(db, department_id).await? {
            Ok(())
        } else {
            Err(Error::forbidden(
                "该部门不在您的数据权限范围内。",
                "that department is outside your data scope",
            ))
        }
    }
}

/// The scope predicate over a department-id column, with its parameters starting at `$first`
/// (all, anchor, max_depth in that order). `column` is always a constant of our own code.
pub fn scope_sql(column: &'static str, first: usize) -> String {
    format!(
        "(${a} = 1 OR {column} IN (SELECT descendant_id FROM department_closure WHERE ancestor_id = ${b} AND depth <= ${c}))",
        a = first,
        b = first + 1,
        c = first + 2
    )
}
