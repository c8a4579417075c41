//! The administrator triad's pages — accounts and calendar (system), roles and locks
//! (security), operation log (audit) — and the deadline calculator every console user has.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use fazhi_core::audit::{AuditQuery, list_entries, verify};
use fazhi_core::auth::{
    AccountLink, DataScope, NewUser, Role, account_links, account_template, add_linked_user,
    change_role, decide_admin_request, import_accounts, link_account, list_admin_requests,
    list_users, recent_attempts, set_disabled, unlock, waiting_accounts,
};
use fazhi_core::calendar::{HolidayCalendar, save_notice};
use fazhi_core::org::list_departments;
use fazhi_core::time::{fmt_ms, now_ms};
use fazhi_core::{Code, Error, Result};
use serde::Deserialize;

use crate::ctx::{Ctx, enc};
use crate::error::Page;
use crate::error::render;
use crate::home::{DeadlineView, deadline_view};
use crate::org::{DeptOption, dept_options};
use crate::routes::{Access as A, NavGroup as N, Route, ScopeRule as S};
use crate::shell::{Pager, Shell};
use crate::state::AppState;

pub struct UserView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub role_key: String,
    pub department: String,
    pub scope: String,
    pub scope_key: String,
    pub locked: bool,
    pub disabled: bool,
    pub last_login: String,
    /// The officer record or enterprise the account acts for, as shown; empty when none.
    pub link: String,
    pub is_enterprise: bool,
    pub links_officer: bool,
    /// The viewer's own account (no one disables themself: no button is offered).
    pub is_self: bool,
}

async fn user_views(ctx: &Ctx, st: &AppState, region: &str) -> Result<Vec<UserView>> {
    let now = now_ms();
    let me = ctx.user()?.user_id;
    let links = account_links(&st.db, region).await?;
    Ok(list_users(&st.db, region)
        .await?
        .into_iter()
        .map(|u| UserView {
            link: match links.get(&u.id) {
                Some((Some((oid, name)), _)) => {
                    format!("{} {name}（#{oid}）", ctx.t("执法人员", "Officer"))
                }
                Some((None, Some(code))) => format!("{} {code}", ctx.t("市场主体", "Entity")),
                _ => String::new(),
            },
            is_enterprise: u.role == Role::Enterprise,
            is_self: u.id == me,
            links_officer: matches!(
                u.role,
                Role::Officer | Role::DeptAdmin | Role::LegalReviewer
            ),
            disabled: u.disabled,
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            role: ctx.t(u.role.label_zh(), u.role.label_en()).into(),
            role_key: u.role.as_str().into(),
            department: u.department_name,
            scope: ctx.t(u.scope.label_zh(), u.scope.label_en()).into(),
            scope_key: u.scope.as_str().into(),
            locked: u.locked_until.is_some_and(|l| l > now),
            last_login: u.last_login_at.map(fmt_ms).unwrap_or_default(),
        })
        .collect())
}

pub struct RoleOption {
    pub key: &'static str,
    pub label: String,
}

fn role_options(ctx: &Ctx) -> Vec<RoleOption> {
    Role::ALL
        .into_iter()
        .filter(|r| *r != Role::Public)
        .map(|r| RoleOption {
            key: r.as_str(),
            label: ctx.t(r.label_zh(), r.label_en()).into(),
        })
        .collect()
}

fn scope_options(ctx: &Ctx) -> Vec<RoleOption> {
    [
        DataScope::OwnDepartment,
        DataScope::DepartmentTree,
        DataScope::District,
        DataScope::NoData,
    ]
    .into_iter()
    .map(|s| RoleOption {
        key: s.as_str(),
        label: ctx.t(s.label_zh(), s.label_en()).into(),
    })
    .collect()
}

#[derive(askama::Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    shell: Shell,
    users: Vec<UserView>,
    roles: Vec<RoleOption>,
    scopes: Vec<RoleOption>,
    depts: Vec<DeptOption>,
    error: Option<String>,
}

async fn users_view(ctx: &Ctx, st: &AppState, error: Option<Error>) -> Result<Response> {
    let who = ctx.user()?;
    let status = error.as_ref().map(crate::error::status_of);
    let page = UsersPage {
        shell: Shell::new(
            ctx,
            ("账号管理", "Accounts"),
            &[("系统管理", "System", None)],
        ),
        users: user_views(ctx, st, &who.region).await?,
        roles: role_options(ctx),
        scopes: scope_options(ctx),
        depts: dept_options(&list_departments(&st.db, &who.region).await?, ctx.lang),
        error: error.map(|e| {
            if ctx.lang == "en" {
                e.message_en()
            } else {
                e.message_zh()
            }
        }),
    };
    let r = render(&page)?;
    Ok(match status {
        Some(s) => (s, r).into_response(),
        None => r,
    })
}

/// `GET /admin/users` (system administrator).
pub async fn users_page(ctx: Ctx, State(st): State<AppState>) -> Page {
    Ok(users_view(&ctx, &st, None).await?)
}

#[derive(Deserialize)]
pub struct NewUserForm {
    username: String,
    display_name: String,
    password: String,
    role: String,
    #[serde(default)]
    department_id: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    officer_id: String,
    #[serde(default)]
    enterprise_uscc: String,
}

/// The link a form asks for: an officer record number or an enterprise's code (one of them).
fn link_of(officer_id: &str, enterprise_uscc: &str) -> Result<Option<AccountLink>> {
    let (o, e) = (officer_id.trim(), enterprise_uscc.trim());
    match (o.is_empty(), e.is_empty()) {
        (true, true) => Ok(None),
        (false, false) => Err(Error::domain_invalid(
            "user.link",
            "officer_id",
            "执法人员记录与市场主体只能关联其一。",
            "link either an officer record or an enterprise, not both",
        )),
        (false, true) => o
            .parse()
            .map(|id| Some(AccountLink::Officer(id)))
            .map_err(|_| {
                Error::domain_invalid(
                    "user.link",
                    "officer_id",
                    format!("执法人员记录编号应为数字：{o}"),
                    format!("the officer record number is a number: {o}"),
                )
            }),
        (true, false) => Ok(Some(AccountLink::Enterprise(e.to_string()))),
    }
}

/// `POST /admin/users`.
pub async fn user_create(ctx: Ctx, State(st): State<AppState>, Form(f): Form<NewUserForm>) -> Page {
    let who = ctx.user()?;
    let attempt = async {
        let role = Role::parse(&f.role)
            .filter(|r| *r != Role::Public)
            .ok_or_else(|| {
                Error::of(Code::UserRole).for_field("role").arg_zh_en(
                    "reason",
                    "请选择角色。",
                    "Choose a role.",
                )
            })?;
        // The system administrator creates accounts; the default scope follows the role and
        // the security administrator may change it later.
        let scope = DataScope::parse(&f.scope).unwrap_or(match role {
            Role::Supervisor => DataScope::District,
            Role::DeptAdmin | Role::LegalReviewer => DataScope::DepartmentTree,
            Role::Officer => DataScope::OwnDepartment,
            _ => DataScope::NoData,
        });
        let link = link_of(&f.officer_id, &f.enterprise_uscc)?;
        add_linked_user(
            &st.db,
            who,
            &NewUser {
                username: f.username.trim().into(),
                display_name: f.display_name.trim().into(),
                password: f.password.clone(),
                role,
                department_id: f.department_id.parse().ok(),
                scope,
                officer_id: None,
                region: who.region.clone(),
            },
            link.as_ref(),
        )
        .await
        .map(|_| role.is_admin_triad())
    }
    .await;
    Ok(match attempt {
        // 三员分立: a new administrator waits for a second person's approval.
        Ok(true) => Ok(Redirect::to("/admin/users?flash=awaiting_approval").into_response()),
        Ok(false) => Ok(Redirect::to("/admin/users?flash=created").into_response()),
        Err(e @ (Error::Invalid { .. } | Error::Conflict { .. })) => {
            users_view(&ctx, &st, Some(e)).await
        }
        Err(e) => Err(e),
    }?)
}

#[derive(askama::Template)]
#[template(path = "admin/users_import.html")]
struct AccountImportPage {
    shell: Shell,
    report: Option<fazhi_core::org::ImportReport>,
    error: Option<String>,
    max_mb: usize,
}

fn account_import_view(
    ctx: &Ctx,
    report: Option<fazhi_core::org::ImportReport>,
    error: Option<&Error>,
) -> Result<Response> {
    render(&AccountImportPage {
        shell: Shell::new(
            ctx,
            ("导入账号", "Import accounts"),
            &[("账号管理", "Accounts", Some("/admin/users"))],
        ),
        report,
        error: error.map(|e| {
            if ctx.lang == "en" {
                e.message_en()
            } else {
                e.message_zh()
            }
        }),
        max_mb: fazhi_core::excel::MAX_UPLOAD_BYTES / 1024 / 1024,
    })
}

/// `GET /admin/users/import` (system administrator).
pub async fn users_import_page(ctx: Ctx) -> Page {
    ctx.user()?;
    Ok(account_import_view(&ctx, None, None)?)
}

/// `GET /admin/users/import/template.xlsx`.
pub async fn users_import_template(ctx: Ctx) -> Page {
    ctx.user()?;
    Ok(crate::org::xlsx_response(
        account_template()?,
        "accounts-template.xlsx",
    ))
}

/// `POST /admin/users/import`: all rows or none; every bad row is listed with its column.
pub async fn users_import_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    mp: axum::extract::Multipart,
) -> Page {
    let who = ctx.user()?;
    let unprocessable = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    let file = match crate::org::read_upload(mp).await {
        Ok((_, f)) => f,
        Err(e @ Error::Invalid { .. }) => {
            let resp = account_import_view(&ctx, None, Some(&e))?;
            return Ok((crate::error::status_of(&e), resp).into_response());
        }
        Err(e) => return Err(e.into()),
    };
    Ok(match import_accounts(&st.db, who, &file).await {
        Ok(rep) if rep.errors.is_empty() => {
            Ok(Redirect::to("/admin/users?flash=imported").into_response())
        }
        Ok(rep) => Ok((unprocessable, account_import_view(&ctx, Some(rep), None)?).into_response()),
        Err(e @ Error::Invalid { .. }) => {
            Ok((unprocessable, account_import_view(&ctx, None, Some(&e))?).into_response())
        }
        Err(e) => Err(e),
    }?)
}

#[derive(Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    officer_id: String,
    #[serde(default)]
    enterprise_uscc: String,
}

/// `POST /admin/users/{id}/link` (system administrator): links an existing account to its
/// officer record or enterprise.
pub async fn user_link(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<LinkForm>,
) -> Page {
    let who = ctx.user()?;
    let attempt = async {
        let link = link_of(&f.officer_id, &f.enterprise_uscc)?.ok_or_else(|| {
            Error::domain_invalid(
                "user.link",
                "officer_id",
                "请填写执法人员记录编号或统一社会信用代码。",
                "enter an officer record number or a unified social credit code",
            )
        })?;
        link_account(&st.db, who, id, &link).await
    }
    .await;
    Ok(match attempt {
        Ok(()) => Ok(Redirect::to("/admin/users?flash=updated").into_response()),
        Err(e @ (Error::Invalid { .. } | Error::Conflict { .. })) => {
            users_view(&ctx, &st, Some(e)).await
        }
        Err(e) => Err(e),
    }?)
}

/// `POST /security/users/{id}/disable` (security administrator).
pub async fn security_disable(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> Page {
    let who = ctx.user()?;
    set_disabled(&st.db, who, id, true).await?;
    Ok(Redirect::to("/security/users?flash=updated").into_response())
}

/// `POST /security/users/{id}/enable` (security administrator).
pub async fn security_enable(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> Page {
    let who = ctx.user()?;
    set_disabled(&st.db, who, id, false).await?;
    Ok(Redirect::to("/security/users?flash=updated").into_response())
}

#[derive(askama::Template)]
#[template(path = "admin/security.html")]
struct SecurityPage {
    shell: Shell,
    users: Vec<UserView>,
    roles: Vec<RoleOption>,
    scopes: Vec<RoleOption>,
    requests: Vec<RequestView>,
}

pub struct RequestView {
    pub id: i64,
    pub username: String,
    pub role: String,
    pub requested_by: String,
    pub at: String,
    pub status: String,
    pub pending: bool,
}

/// `GET /security/users` (security administrator).
pub async fn security_page(ctx: Ctx, State(st): State<AppState>) -> Page {
    let who = ctx.user()?;
    Ok(render(&SecurityPage {
        shell: Shell::new(
            &ctx,
            ("角色与锁定", "Roles & locks"),
            &[("安全管理", "Security", None)],
        ),
        users: {
            let mut users = user_views(&ctx, &st, &who.region).await?;
            let names: Vec<String> = users.iter().map(|u| u.username.clone()).collect();
            let waiting = waiting_accounts(&st.db, who, &names).await?;
            for u in &mut users {
                u.locked |= waiting.contains(&u.username);
            }
            users
        },
        roles: role_options(&ctx),
        scopes: scope_options(&ctx),
        requests: list_admin_requests(&st.db, who)
            .await?
            .into_iter()
            .map(|r| RequestView {
                id: r.id,
                username: r.username,
                role: ctx.t(r.role.label_zh(), r.role.label_en()).into(),
                requested_by: r.requested_by_name,
                at: fmt_ms(r.requested_at),
                pending: r.status == "pending",
                status: match r.status.as_str() {
                    "approved" => ctx.t("已批准", "approved").into(),
                    "rejected" => ctx.t("已驳回", "rejected").into(),
                    s => s.to_string(),
                },
            })
            .collect(),
    })?)
}

#[derive(Deserialize)]
pub struct DecideForm {
    decision: String,
}

/// `POST /security/requests/{id}/decide`: a second security administrator approves or rejects a
/// new administrator account.
pub async fn security_decide(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<DecideForm>,
) -> Page {
    let who = ctx.user()?;
    decide_admin_request(&st.db, who, id, f.decision == "approve").await?;
    Ok(Redirect::to("/security/users?flash=updated").into_response())
}

pub struct GroupView {
    pub key: String,
    pub failures: i64,
    pub throttled: i64,
    pub last: String,
}

pub struct AttemptView {
    pub at: String,
    pub account: String,
    pub address: String,
    pub outcome: String,
}

#[derive(askama::Template)]
#[template(path = "admin/logins.html")]
struct LoginsPage {
    shell: Shell,
    by_account: Vec<GroupView>,
    by_address: Vec<GroupView>,
    latest: Vec<AttemptView>,
}

/// `GET /security/logins` (security administrator): recent failed logins by account and address.
pub async fn security_logins(ctx: Ctx, State(st): State<AppState>) -> Page {
    let who = ctx.user()?;
    let (acc, addr, latest) =
        recent_attempts(&st.db, who, now_ms() - 24 * 60 * 60 * 1000, 100).await?;
    let group = |g: fazhi_core::auth::AttemptGroup| GroupView {
        key: g.key,
        failures: g.failures,
        throttled: g.throttled,
        last: fmt_ms(g.last_at),
    };
    Ok(render(&LoginsPage {
        shell: Shell::new(
            &ctx,
            ("登录尝试", "Login attempts"),
            &[("安全管理", "Security", None)],
        ),
        by_account: acc.into_iter().map(group).collect(),
        by_address: addr.into_iter().map(group).collect(),
        latest: latest
            .into_iter()
            .map(|a| AttemptView {
                at: fmt_ms(a.at),
                account: a.account,
                address: a.address,
                outcome: match a.outcome.as_str() {
                    "ok" => ctx.t("成功", "success").into(),
                    "failed" => ctx.t("失败", "failed").into(),
                    "throttled" => ctx.t("受限", "throttled").into(),
                    o => o.to_string(),
                },
            })
            .collect(),
    })?)
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
    scope: String,
}

/// `POST /security/users/{id}/role`.
pub async fn security_set_role(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<RoleForm>,
) -> Page {
    let who = ctx.user()?;
    let role = Role::parse(&f.role).ok_or_else(|| {
        Error::of(Code::UserRole).for_field("role").arg_zh_en(
            "reason",
            "未知角色。",
            "Unknown role.",
        )
    })?;
    let scope = DataScope::parse(&f.scope).ok_or_else(|| {
        Error::of(Code::UserScope).for_field("scope").arg_zh_en(
            "reason",
            "未知数据范围。",
            "Unknown scope.",
        )
    })?;
    change_role(&st.db, who, id, role, scope).await?;
    Ok(Redirect::to("/security/users?flash=updated").into_response())
}

/// `POST /security/users/{id}/unlock`.
pub async fn security_unlock(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> Page {
    let who = ctx.user()?;
    unlock(&st.db, who, id).await?;
    Ok(Redirect::to("/security/users?flash=unlocked").into_response())
}

pub struct AuditRow {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub object: String,
    pub summary: String,
    pub hash: String,
}

#[derive(askama::Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    shell: Shell,
    rows: Vec<AuditRow>,
    pager: Pager,
    actor: String,
    action: String,
    verify: Option<VerifyView>,
}

pub struct VerifyView {
    pub ok: bool,
    pub checked: i64,
    pub message: String,
}

#[derive(Deserialize, Default)]
pub struct AuditParams {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    page: String,
}

async fn audit_view(
    ctx: &Ctx,
    st: &AppState,
    p: &AuditParams,
    verify: Option<VerifyView>,
) -> Result<Response> {
    ctx.user()?;
    let page: i64 = p.page.parse().unwrap_or(1).max(1);
    let size = 50;
    let (entries, total) = list_entries(
        &st.db,
        &AuditQuery {
            actor: Some(p.actor.clone()).filter(|s| !s.is_empty()),
            action: Some(p.action.clone()).filter(|s| !s.is_empty()),
            from_ms: None,
            to_ms: None,
            limit: size,
            offset: (page - 1) * size,
        },
    )
    .await?;
    let qs = format!("actor={}&action={}", enc(&p.actor), enc(&p.action));
    render(&AuditPage {
        shell: Shell::new(
            ctx,
            ("操作日志", "Operation log"),
            &[("安全审计", "Audit", None)],
        ),
        rows: entries
            .into_iter()
            .map(|e| AuditRow {
                seq: e.seq,
                at: fmt_ms(e.at),
                actor: e.actor_name,
                action: e.action,
                object: format!("{} {}", e.object_type, e.object_id),
                summary: e.summary,
                hash: e.hash.chars().take(16).collect(),
            })
            .collect(),
        pager: Pager::new(total, page, size, |n| format!("/audit/log?{qs}&page={n}")),
        actor: p.actor.clone(),
        action: p.action.clone(),
        verify,
    })
}

/// `GET /audit/log` (audit administrator).
pub async fn audit_log_page(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(p): Query<AuditParams>,
) -> Page {
    Ok(audit_view(&ctx, &st, &p, None).await?)
}

/// `GET /audit/log/export.xlsx`: the filtered operation log (at most 100,000 entries).
pub async fn audit_export(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(p): Query<AuditParams>,
) -> Page {
    ctx.user()?;
    let (entries, _) = list_entries(
        &st.db,
        &AuditQuery {
            actor: Some(p.actor.clone()).filter(|s| !s.is_empty()),
            action: Some(p.action.clone()).filter(|s| !s.is_empty()),
            from_ms: None,
            to_ms: None,
            limit: 100_000,
            offset: 0,
        },
    )
    .await?;
    let rows: Vec<Vec<String>> = entries
        .into_iter()
        .map(|e| {
            vec![
                e.seq.to_string(),
                fmt_ms(e.at),
                e.actor_name,
                e.action,
                e.object_type,
                e.object_id,
                e.summary,
                e.hash,
            ]
        })
        .collect();
    let bytes = fazhi_core::excel::write_table(
        "操作日志",
        &[
            "序号",
            "时间",
            "操作人",
            "操作",
            "对象类型",
            "对象编号",
            "摘要",
            "SM3",
        ],
        &rows,
    )?;
    Ok(crate::org::xlsx_response(bytes, "audit-log.xlsx"))
}

/// `POST /audit/verify`: walks the whole chain and shows the result above the log.
pub async fn audit_verify(ctx: Ctx, State(st): State<AppState>) -> Page {
    ctx.user()?;
    let rep = verify(&st.db, |_, _| {}).await?;
    let v = match &rep.broken {
        None => VerifyView {
            ok: true,
            checked: rep.checked,
            message: ctx
                .t(
                    "审计链完整：每一条记录的哈希与链接均正确。",
                    "The chain is intact: every entry's hash and link check out.",
                )
                .into(),
        },
        Some(b) => VerifyView {
            ok: false,
            checked: rep.checked,
            message: if ctx.lang == "en" {
                b.reason.clone()
            } else {
                b.reason_zh.clone()
            },
        },
    };
    Ok(audit_view(&ctx, &st, &AuditParams::default(), Some(v)).await?)
}

pub struct YearView {
    pub year: i32,
    pub title: String,
    pub doc_no: String,
    pub holidays: usize,
    pub workdays: usize,
}

#[derive(askama::Template)]
#[template(path = "admin/calendar.html")]
struct CalendarPage {
    shell: Shell,
    years: Vec<YearView>,
    error: Option<String>,
    toml: String,
}

fn calendar_view(ctx: &Ctx, st: &AppState, error: Option<Error>, toml: String) -> Result<Response> {
    ctx.user()?;
    let cal = st.calendar();
    let status = error.as_ref().map(crate::error::status_of);
    let page = CalendarPage {
        shell: Shell::new(
            ctx,
            ("节假日日历", "Holiday calendar"),
            &[("系统管理", "System", None)],
        ),
        years: cal
            .years()
            .into_iter()
            .filter_map(|y| cal.notice(y))
            .map(|n| YearView {
                year: n.year,
                title: n.title.clone(),
                doc_no: n.doc_no.clone(),
                holidays: n.holidays.len(),
                workdays: n.workdays.len(),
            })
            .collect(),
        error: error.map(|e| {
            if ctx.lang == "en" {
                e.message_en()
            } else {
                e.message_zh()
            }
        }),
        toml,
    };
    let r = render(&page)?;
    Ok(match status {
        Some(s) => (s, r).into_response(),
        None => r,
    })
}

/// `GET /admin/calendar`.
pub async fn calendar_page(ctx: Ctx, State(st): State<AppState>) -> Page {
    Ok(calendar_view(&ctx, &st, None, String::new())?)
}

#[derive(Deserialize)]
pub struct CalendarForm {
    toml: String,
}

/// `POST /admin/calendar`: adds or replaces years from a notice written as TOML (same schema
/// as the shipped file), validated before anything is stored.
pub async fn calendar_save(
    ctx: Ctx,
    State(st): State<AppState>,
    Form(f): Form<CalendarForm>,
) -> Page {
    let who = ctx.user()?;
    let parsed = HolidayCalendar::from_toml_str(&f.toml)
        .map_err(|e| Error::domain_invalid(e.code(), "toml", e.message_zh(), e.message_en()));
    let cal = match parsed {
        Ok(c) => c,
        Err(e) => return Ok(calendar_view(&ctx, &st, Some(e), f.toml.clone())?),
    };
    for y in cal.years() {
        if let Some(n) = cal.notice(y) {
            save_notice(&st.db, who, n).await?;
        }
    }
    st.reload_calendar().await?;
    Ok(Redirect::to("/admin/calendar?flash=updated").into_response())
}

#[derive(Deserialize, Default)]
pub struct DeadlineParams {
    #[serde(default)]
    start: String,
    #[serde(default)]
    days: String,
    #[serde(default)]
    kind: String,
}

#[derive(askama::Template)]
#[template(path = "admin/deadline.html")]
struct DeadlinePage {
    shell: Shell,
    start: String,
    days: String,
    kind: String,
    result: Option<DeadlineView>,
    error: Option<String>,
}

/// `GET /tools/deadline`: working-day and calendar-day deadlines from the holiday calendar.
pub async fn deadline_tool(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(p): Query<DeadlineParams>,
) -> Page {
    ctx.user()?;
    let mut result = None;
    let mut error = None;
    if !p.start.is_empty() {
        let start: std::result::Result<NaiveDate, _> = p.start.parse();
        let days: std::result::Result<u32, _> = p.days.parse();
        match (start, days) {
            (Ok(s), Ok(n)) if n <= 3650 => {
                let cal = st.calendar();
                let d = if p.kind == "calendar" {
                    cal.add_calendar_days(s, n)
                } else {
                    cal.add_working_days(s, n)
                };
                match d {
                    Ok(d) => {
                        let mut v = deadline_view(&st, ctx.lang, d.date);
                        v.confirmed = d.confirmed && v.confirmed;
                        result = Some(v);
                    }
                    Err(e) => {
                        error = Some(if ctx.lang == "en" {
                            e.message_en()
                        } else {
                            e.message_zh()
                        })
                    }
                }
            }
            _ => {
                error = Some(
                    ctx.t(
                        "请填写有效的起算日期和 0–3650 之间的天数。",
                        "Enter a valid start date and 0–3650 days.",
                    )
                    .into(),
                )
            }
        }
    }
    Ok(render(&DeadlinePage {
        shell: Shell::new(
            &ctx,
            ("期限计算", "Deadline calculator"),
            &[("工作台", "Workbench", None)],
        ),
        start: p.start.clone(),
        days: p.days.clone(),
        kind: p.kind.clone(),
        result,
        error,
    })?)
}

/// Routes of the three administrators: accounts and calendar, security, audit.
pub fn routes() -> Vec<Route> {
    use fazhi_core::auth::Permission as P;
    vec![
        Route::get(
            "/admin/users",
            A::Perm(P::ManageUsers),
            S::System,
            users_page,
        )
        .nav(N::System, "账号管理", "Accounts"),
        Route::post(
            "/admin/users",
            A::Perm(P::ManageUsers),
            S::System,
            user_create,
        ),
        Route::get(
            "/admin/users/import",
            A::Perm(P::ManageUsers),
            S::System,
            users_import_page,
        ),
        Route::post(
            "/admin/users/import",
            A::Perm(P::ManageUsers),
            S::System,
            users_import_submit,
        ),
        Route::get(
            "/admin/users/import/template.xlsx",
            A::Perm(P::ManageUsers),
            S::Open,
            users_import_template,
        ),
        Route::post(
            "/admin/users/{id}/link",
            A::Perm(P::ManageUsers),
            S::System,
            user_link,
        ),
        Route::post(
            "/security/users/{id}/disable",
            A::Perm(P::ManageSecurity),
            S::System,
            security_disable,
        ),
        Route::post(
            "/security/users/{id}/enable",
            A::Perm(P::ManageSecurity),
            S::System,
            security_enable,
        ),
        Route::get(
            "/admin/calendar",
            A::Perm(P::ManageCalendar),
            S::System,
            calendar_page,
        )
        .nav(N::System, "节假日日历", "Holiday calendar"),
        Route::post(
            "/admin/calendar",
            A::Perm(P::ManageCalendar),
            S::System,
            calendar_save,
        ),
        Route::get(
            "/security/users",
            A::Perm(P::ManageSecurity),
            S::System,
            security_page,
        )
        .nav(N::Security, "角色与锁定", "Roles & locks"),
        Route::get(
            "/security/logins",
            A::Perm(P::ManageSecurity),
            S::System,
            security_logins,
        )
        .nav(N::Security, "登录尝试", "Login attempts"),
        Route::post(
            "/security/requests/{id}/decide",
            A::Perm(P::ManageSecurity),
            S::System,
            security_decide,
        ),
        Route::post(
            "/security/users/{id}/role",
            A::Perm(P::ManageSecurity),
            S::System,
            security_set_role,
        ),
        Route::post(
            "/security/users/{id}/unlock",
            A::Perm(P::ManageSecurity),
            S::System,
            security_unlock,
        ),
        Route::get(
            "/audit/log",
            A::Perm(P::ViewAudit),
            S::System,
            audit_log_page,
        )
        .nav(N::Audit, "操作日志", "Operation log"),
        Route::get(
            "/audit/log/export.xlsx",
            A::Perm(P::ViewAudit),
            S::System,
            audit_export,
        ),
        Route::post_query(
            "/audit/verify",
            A::Perm(P::ViewAudit),
            S::System,
            audit_verify,
        ),
    ]
}
