//! Roles and what each may do: one table, in one place.

use serde::{Deserialize, Serialize};

/// A role. Every account holds exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 系统管理员: accounts and system settings (calendar), no business data, no audit log.
    SysAdmin,
    /// 安全管理员: roles, scopes, unlocking; no account creation, no audit log.
    SecAdmin,
    /// 审计管理员: reads the operation log and verifies the chain; changes nothing.
    AuditAdmin,
    /// 监督人员 (区司法局): district-wide read of enforcement.
    Supervisor,
    /// 部门管理员: maintains its department's officers and cards.
    DeptAdmin,
    /// 执法人员.
    Officer,
    /// 法制审核人员.
    LegalReviewer,
    /// 企业用户 (市场主体).
    Enterprise,
    /// 工单分拨员 (12345 热线分拨中心): routes complaints to the responsible department.
    Dispatcher,
    /// 公众: anonymous visitors of the portal.
    Public,
    /// 人民调解员: works for one mediation organisation (`mediation_accounts`), sees its disputes.
    Mediator,
    /// 司法所: covers one 街镇 (`mediation_accounts`), sees its disputes and organisations.
    JusticeOffice,
}

/// Things an account may do. Handlers ask for a permission, never for a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Open the console at all.
    Console,
    /// Read departments, officers, cards and training within the data scope.
    ViewOrg,
    /// Create and change officers, cards, training within the data scope.
    EditOrg,
    /// Create accounts and reset passwords.
    ManageUsers,
    /// Assign roles and scopes, unlock accounts.
    ManageSecurity,
    /// Read the operation log and verify the audit chain.
    ViewAudit,
    /// Maintain the holiday calendar.
    ManageCalendar,
    /// Enterprise self-service pages.
    EnterpriseSelf,
    /// Register enforcement bodies (执法主体确认: the Justice Bureau keeps the registry).
    ManageBodies,
    /// Dispatcher desk: classify, dispatch, re-dispatch and merge work orders (工单分拨).
    DispatchOrders,
    /// Department inbox: accept, return, handle and reply to work orders within scope.
    HandleOrders,
    /// Dispatch statistics: return rates, overdue orders.
    ViewDispatch,
    /// Read inspection plans, tasks, draws and results (双随机).
    ViewSampling,
    /// Plan inspections, define tasks and run draws for the department (and joint tasks it leads).
    ManageSampling,
    /// Record inspection results as a drawn team member.
    RecordInspections,
    /// Read the power list, its proposals and versions (within scope for proposals).
    ViewPowers,
    /// Draft and submit adjustments of the department's power items (部门提出调整).
    ProposePowers,
    /// Review, approve and publish adjustments (区司法局审核).
    ReviewPowers,
    /// Read penalty cases within scope (and the flexible-enforcement lists).
    ViewCases,
    /// Run cases as an officer: leads, filing requests, evidence, notices, service, execution.
    HandleCases,
    /// Approve as the body's head (负责人): filing, decisions, closing.
    ApproveCases,
    /// Record the legal review (法制审核, 行政处罚法 第五十八条).
    LegalReviewCases,
    /// Supervision views: indicators, assessments, bulletins, alerts, reviews (the Justice
    /// Bureau for the district; a department head for the own body).
    ViewSupervision,
    /// Run supervision: scoring schemes, monthly assessments, bulletins, interviews,
    /// supervision instruments, case-file review draws and scores (区司法局).
    ManageSupervision,
    /// Reply to a supervision instrument addressed to the own body.
    ReplySupervision,
    /// 行政复议: see applications (the Justice Bureau all, a respondent body its own).
    ViewReconsideration,
    /// 行政复议: receive, accept, hear and decide (the Justice Bureau for the district government).
    HandleReconsideration,
    /// 行政复议: the respondent's written answer (第四十八条).
    AnswerReconsideration,
    /// 重大行政决策: see catalogue items and decisions (the Justice Bureau all, a body its own).
    ViewDecisions,
    /// 重大行政决策: propose catalogue items and run the own decisions' procedures (承办单位).
    ProposeDecisions,
    /// 重大行政决策: approve and publish the catalogue, legality review, record the collective
    /// discussion, publish, archive and evaluate (the Justice Bureau for the district government).
    ReviewDecisions,
    /// 法律顾问、公职律师: see the registry and opinions (the Justice Bureau all, a body its own).
    ViewCounsel,
    /// 法律顾问、公职律师: register counsel and appointments, assign them, record their opinions.
    ManageCounsel,
    /// 规范性文件: see documents (the Justice Bureau all, a drafting body its own).
    ViewNormative,
    /// 规范性文件: draft, answer review opinions, sign, publish, file, repeal (the drafting body).
    DraftNormative,
    /// 规范性文件: legality review, registration, filing review, cleanup, central fair-competition
    /// review (区司法局).
    ReviewNormative,
    /// 人民调解: see disputes, screenings and organisations within the mediation scope.
    ViewMediation,
    /// 人民调解: take in, mediate, escalate and close disputes; record screenings.
    HandleMediation,
    /// 人民调解: maintain organisations and mediators, link accounts, import (区司法局).
    ManageMediation,
    /// 人民调解: give a dispute to another organisation of the scope (司法所, 区司法局).
    AssignMediation,
}

impl Role {
    /// Every role, in display order.
    pub const ALL: [Role; 12] = [
        Role::SysAdmin,
        Role::SecAdmin,
        Role::AuditAdmin,
        Role::Supervisor,
        Role::DeptAdmin,
        Role::Officer,
        Role::LegalReviewer,
        Role::Enterprise,
        Role::Dispatcher,
        Role::Public,
        Role::Mediator,
        Role::JusticeOffice,
    ];

    /// The permission table.
    pub fn can(self, p: Permission) -> bool {
        use Permission::*;
        use Role::*;
        match p {
            Console => !matches!(self, Public),
            ViewOrg => matches!(self, Supervisor | DeptAdmin | Officer | LegalReviewer),
            EditOrg => matches!(self, DeptAdmin),
            ManageUsers => matches!(self, SysAdmin),
            ManageSecurity => matches!(self, SecAdmin),
            ViewAudit => matches!(self, AuditAdmin),
            ManageCalendar => matches!(self, SysAdmin),
            EnterpriseSelf => matches!(self, Enterprise),
            ManageBodies => matches!(self, Supervisor),
            DispatchOrders => matches!(self, Dispatcher),
            HandleOrders => matches!(self, DeptAdmin | Officer),
            ViewDispatch => matches!(self, Supervisor | Dispatcher),
            ViewSampling => matches!(self, Supervisor | DeptAdmin | Officer | LegalReviewer),
            ManageSampling => matches!(self, DeptAdmin),
            RecordInspections => matches!(self, DeptAdmin | Officer),
            ViewPowers => matches!(self, Supervisor | DeptAdmin | Officer | LegalReviewer),
            ProposePowers => matches!(self, DeptAdmin),
            ReviewPowers => matches!(self, Supervisor),
            ViewCases => matches!(self, Supervisor | DeptAdmin | Officer | LegalReviewer),
            HandleCases => matches!(self, DeptAdmin | Officer),
            ApproveCases => matches!(self, DeptAdmin),
            LegalReviewCases => matches!(self, LegalReviewer),
            ViewSupervision => matches!(self, Supervisor | DeptAdmin),
            ManageSupervision => matches!(self, Supervisor),
            ReplySupervision => matches!(self, DeptAdmin),
            ViewReconsideration => matches!(self, Supervisor | DeptAdmin),
            HandleReconsideration => matches!(self, Supervisor),
            AnswerReconsideration => matches!(self, DeptAdmin),
            ViewDecisions => matches!(self, Supervisor | DeptAdmin),
            ProposeDecisions => matches!(self, DeptAdmin),
            ReviewDecisions => matches!(self, Supervisor),
            ViewCounsel => matches!(self, Supervisor | DeptAdmin),
            ManageCounsel => matches!(self, Supervisor),
            ViewNormative => matches!(self, Supervisor | DeptAdmin),
            DraftNormative => matches!(self, DeptAdmin),
            ReviewNormative => matches!(self, Supervisor),
            ViewMediation => matches!(self, Supervisor | Mediator | JusticeOffice),
            HandleMediation => matches!(self, Supervisor | Mediator | JusticeOffice),
            ManageMediation => matches!(self, Supervisor),
            AssignMediation => matches!(self, Supervisor | JusticeOffice),
        }
    }

    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::SysAdmin => "sys_admin",
            Role::SecAdmin => "sec_admin",
            Role::AuditAdmin => "audit_admin",
            Role::Supervisor => "supervisor",
            Role::DeptAdmin => "dept_admin",
            Role::Officer => "officer",
            Role::LegalReviewer => "legal_reviewer",
            Role::Enterprise => "enterprise",
            Role::Dispatcher => "dispatcher",
            Role::Public => "public",
            Role::Mediator => "mediator",
            Role::JusticeOffice => "justice_office",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Role::SysAdmin => "系统管理员",
            Role::SecAdmin => "安全管理员",
            Role::AuditAdmin => "审计管理员",
            Role::Supervisor => "监督人员",
            Role::DeptAdmin => "部门管理员",
            Role::Officer => "执法人员",
            Role::LegalReviewer => "法制审核人员",
            Role::Enterprise => "企业用户",
            Role::Dispatcher => "工单分拨员",
            Role::Public => "公众",
            Role::Mediator => "人民调解员",
            Role::JusticeOffice => "司法所",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Role::SysAdmin => "System administrator",
            Role::SecAdmin => "Security administrator",
            Role::AuditAdmin => "Audit administrator",
            Role::Supervisor => "Supervisor",
            Role::DeptAdmin => "Department administrator",
            Role::Officer => "Enforcement officer",
            Role::LegalReviewer => "Legal reviewer",
            Role::Enterprise => "Enterprise user",
            Role::Dispatcher => "Work-order dispatcher",
            Role::Public => "Public",
            Role::Mediator => "People's mediator",
            Role::JusticeOffice => "Justice office (司法所)",
        }
    }

    /// The three administrators never hold business data scope.
    pub fn is_admin_triad(self) -> bool {
        matches!(self, Role::SysAdmin | Role::SecAdmin | Role::AuditAdmin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triad_duties_are_disjoint() {
        let duties = [
            Permission::ManageUsers,
            Permission::ManageSecurity,
            Permission::ViewAudit,
        ];
        for (i, r) in [Role::SysAdmin, Role::SecAdmin, Role::AuditAdmin]
            .into_iter()
            .enumerate()
        {
            for (j, p) in duties.into_iter().enumerate() {
                assert_eq!(r.can(p), i == j, "{r:?} / {p:?}");
            }
            assert!(
                !r.can(Permission::ViewOrg),
                "{r:?} must not read business data"
            );
        }
    }

    #[test]
    fn names_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
