//! The public disclosure portal (执法公示): no login, mobile-first; enforcement bodies and
//! the officers who may enforce, without personal data.

use axum::extract::{Query, State};
use fazhi_core::BINHAI_REGION;
use fazhi_core::org::{OfficerQuery, PublicOfficer, list_departments, list_public_officers};

use crate::ctx::{Ctx, enc};
use crate::error::Page;
use crate::error::render;
use crate::org::{DeptOption, dept_options};
use crate::routes::{Access as A, NavGroup as N, Route, ScopeRule as S};
use crate::shell::{NavGroup, NavItem, Pager, Shell};
use crate::state::AppState;

pub(crate) fn portal_shell(ctx: &Ctx, title: (&str, &str)) -> Shell {
    let mut s = Shell::new(ctx, title, &[("首页", "Home", Some("/portal"))]);
    s.user = None;
    let item = |zh: &str, en: &str, href: &str| NavItem {
        label: ctx.t(zh, en).into(),
        href: href.into(),
        active: ctx.path == href,
    };
    s.nav = vec![NavGroup {
        label: ctx.t("公示栏目", "Sections").into(),
        items: vec![
            item("执法主体", "Enforcement bodies", "/portal"),
            item("执法人员", "Officers", "/portal/officers"),
            item("权责清单", "Power list", "/portal/powers"),
            item("双随机抽查", "Random inspections", "/portal/sampling"),
            item("投诉举报", "Complaints", "/portal/complaints"),
            item("处罚决定公示", "Penalty decisions", "/portal/penalties"),
            item(
                "柔性执法清单",
                "Flexible-enforcement lists",
                "/portal/leniency",
            ),
            item("法律法规", "Laws", "/law"),
        ],
    }];
    s
}

#[derive(askama::Template)]
#[template(path = "portal/home.html")]
struct PortalHome {
    shell: Shell,
    depts: Vec<DeptOption>,
}

/// `GET /portal`.
pub async fn portal_home(ctx: Ctx, State(st): State<AppState>) -> Page {
    let depts = dept_options(&list_departments(&st.db, BINHAI_REGION).await?, ctx.lang);
    let mut shell = portal_shell(&ctx, ("执法主体公示", "Enforcement bodies"));
    shell.breadcrumb.clear();
    Ok(render(&PortalHome { shell, depts })?)
}

#[derive(serde::Deserialize, Default)]
pub struct PortalParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    dept: String,
    #[serde(default)]
    page: String,
}

#[derive(askama::Template)]
#[template(path = "portal/officers.html")]
struct PortalOfficers {
    shell: Shell,
    rows: Vec<PublicOfficer>,
    pager: Pager,
    q: String,
    depts: Vec<DeptOption>,
    sel_dept: i64,
}

/// `GET /portal/officers`.
pub async fn portal_officers(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(p): Query<PortalParams>,
) -> Page {
    let f = OfficerQuery {
        keyword: p.q.chars().take(50).collect(),
        department_id: p.dept.parse().ok(),
        page: p.page.parse().unwrap_or(1),
        page_size: 20,
        ..Default::default()
    };
    let page = list_public_officers(&st.db, BINHAI_REGION, &f).await?;
    let qs = format!("q={}&dept={}", enc(&p.q), enc(&p.dept));
    Ok(render(&PortalOfficers {
        shell: portal_shell(&ctx, ("执法人员公示", "Officers")),
        pager: Pager::counted(
            page.total,
            page.total_exact,
            page.page,
            page.page_size,
            |n| format!("/portal/officers?{qs}&page={n}"),
        ),
        rows: page.rows,
        q: p.q.clone(),
        depts: dept_options(&st.departments(BINHAI_REGION).await?, ctx.lang),
        sel_dept: p.dept.parse().unwrap_or(-1),
    })?)
}

/// Routes of the public portal's front page and officer list (the modules add their own).
pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/portal", A::Public, S::Open, portal_home).nav(
            N::Public,
            "执法公示网站",
            "Disclosure portal",
        ),
        Route::get("/portal/officers", A::Public, S::Open, portal_officers),
    ]
}
