//! Public portal pages: draw publications (digest and commitment before, seed and teams after)
//! and results once published. No login; drafts and unpublished outcomes stay hidden.

use axum::extract::{Path, State};
use axum::response::IntoResponse;
use fazhi_core::BINHAI_REGION;
use fazhi_core::sampling::{TaskDetail, TaskStatus, export_draw, public_task, public_tasks};

use super::{InspectionView, TaskView, inspection_view, task_view};
use crate::ctx::Ctx;
use crate::error::Page;
use crate::error::render;
use crate::routes::{Access as A, Route, ScopeRule as S};
use crate::shell::{NavGroup, NavItem, Shell};
use crate::state::AppState;

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/portal/sampling", A::Public, S::Open, list_page),
        Route::get("/portal/sampling/{id}", A::Public, S::Open, task_page),
        Route::get(
            "/portal/sampling/{id}/export.json",
            A::Public,
            S::Open,
            export,
        ),
    ]
}

fn shell(ctx: &Ctx, title: (&str, &str)) -> Shell {
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
            item("双随机抽查", "Random inspections", "/portal/sampling"),
        ],
    }];
    s
}

#[derive(askama::Template)]
#[template(path = "sampling/portal_list.html")]
struct ListPage {
    shell: Shell,
    rows: Vec<TaskView>,
}

/// `GET /portal/sampling`.
pub async fn list_page(ctx: Ctx, State(st): State<AppState>) -> Page {
    let rows = public_tasks(&st.db, BINHAI_REGION, None).await?;
    Ok(render(&ListPage {
        shell: shell(&ctx, ("双随机抽查公示", "Random inspections")),
        rows: rows.iter().map(|t| task_view(ctx.lang, t)).collect(),
    })?)
}

#[derive(askama::Template)]
#[template(path = "sampling/portal_task.html")]
struct TaskPage {
    shell: Shell,
    d: TaskDetail,
    candidates_digest: String,
    commitment: String,
    seed: String,
    drawn: bool,
    inspections: Vec<InspectionView>,
}

/// `GET /portal/sampling/{id}`.
pub async fn task_page(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> Page {
    let d = public_task(&st.db, BINHAI_REGION, id).await?;
    let dash = || "—".to_string();
    Ok(render(&TaskPage {
        shell: shell(&ctx, ("抽取公示", "Draw publication")),
        candidates_digest: d.task.candidates_digest.clone().unwrap_or_else(dash),
        commitment: d.task.seed_commitment.clone().unwrap_or_else(dash),
        seed: d
            .seed
            .clone()
            .unwrap_or_else(|| ctx.t("抽取时公开", "revealed at the draw").into()),
        drawn: matches!(d.task.status, TaskStatus::Drawn | TaskStatus::Completed),
        inspections: d
            .inspections
            .iter()
            .map(|i| inspection_view(ctx.lang, i))
            .collect(),
        d,
    })?)
}

/// `GET /portal/sampling/{id}/export.json`: the draw export, for anyone to verify.
pub async fn export(State(st): State<AppState>, Path(id): Path<i64>) -> Page {
    public_task(&st.db, BINHAI_REGION, id).await?;
    Ok(axum::Json(export_draw(&st.db, BINHAI_REGION, id).await?).into_response())
}
