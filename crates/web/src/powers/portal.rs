//! The public query (公示): no login; only items in force in the latest published version,
//! with the basis text from the corpus.

use axum::extract::{Path, Query, State};
use fazhi_core::BINHAI_REGION;
use fazhi_core::org::list_departments;
use fazhi_core::powers::{
    BasisText, ItemRow, basis_texts, get_public_item, list_public_items, list_versions,
};

use super::category_options;
use super::items::{ItemParams, ItemView, ViolationView, item_views, lapse_lines, violation_views};
use crate::ctx::Ctx;
use crate::error::Page;
use crate::error::render;
use crate::org::{DeptOption, dept_options};
use crate::shell::{NavGroup, NavItem, Pager, Shell};
use crate::state::AppState;

fn portal_shell(ctx: &Ctx, title: (&str, &str)) -> Shell {
    let mut s = Shell::new(ctx, title, &[("首页", "Home", Some("/portal"))]);
    s.user = None;
    let item = |zh: &str, en: &str, href: &str| NavItem {
        label: ctx.t(zh, en).into(),
        href: href.into(),
        active: ctx.path.starts_with(href) && href != "/portal" || ctx.path == href,
    };
    s.nav = vec![NavGroup {
        label: ctx.t("公示栏目", "Sections").into(),
        items: vec![
            item("执法主体", "Enforcement bodies", "/portal"),
            item("执法人员", "Officers", "/portal/officers"),
            item("权责清单", "Power list", "/portal/powers"),
            item("法律法规", "Laws", "/law"),
        ],
    }];
    s
}

#[derive(askama::Template)]
#[template(path = "powers/portal_list.html")]
struct PortalList {
    shell: Shell,
    p: ItemParams,
    depts: Vec<DeptOption>,
    sel_dept: i64,
    categories: Vec<(&'static str, &'static str)>,
    rows: Vec<ItemView>,
    pager: Pager,
    version: String,
}

/// `GET /portal/powers`: by department, category and keyword.
pub async fn list(ctx: Ctx, State(st): State<AppState>, Query(p): Query<ItemParams>) -> Page {
    let page = list_public_items(&st.db, BINHAI_REGION, &p.query(20)).await?;
    let mut q = p.clone();
    q.status.clear();
    let qs = q.query_string();
    let version = list_versions(&st.db, BINHAI_REGION)
        .await?
        .first()
        .map(|v| format!("第 {} 版（{}）", v.number, v.published_on))
        .unwrap_or_default();
    Ok(render(&PortalList {
        shell: portal_shell(&ctx, ("权责清单公示", "Power list")),
        depts: dept_options(&list_departments(&st.db, BINHAI_REGION).await?, ctx.lang),
        sel_dept: p.dept.parse().unwrap_or(-1),
        categories: category_options(ctx.lang),
        pager: Pager::new(page.total, page.page, page.page_size, |n| {
            format!("/portal/powers?{qs}&page={n}")
        }),
        rows: item_views(&st.corpus(), page.rows, ctx.lang),
        version,
        p: q,
    })?)
}

#[derive(askama::Template)]
#[template(path = "powers/portal_item.html")]
struct PortalItem {
    shell: Shell,
    r: ItemRow,
    category: String,
    basis: Vec<BasisText>,
    violations: Vec<ViolationView>,
    lapses: Vec<String>,
}

/// `GET /portal/powers/{id}`: an item in force with its basis text.
pub async fn item(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> Page {
    let row = get_public_item(&st.db, BINHAI_REGION, id).await?;
    let mut shell = portal_shell(&ctx, (row.item.name.as_str(), row.item.name.as_str()));
    shell.breadcrumb.push(crate::shell::Crumb {
        label: ctx.t("权责清单", "Power list").into(),
        href: Some("/portal/powers".into()),
    });
    Ok(render(&PortalItem {
        shell,
        category: row.item.category.label(ctx.lang).into(),
        basis: basis_texts(&st.corpus(), &row.item.basis),
        violations: violation_views(&row, ctx.lang),
        lapses: lapse_lines(
            &st.corpus(),
            &fazhi_core::powers::cited_codes(&row.item),
            ctx.lang,
        ),
        r: row,
    })?)
}
