//! JSON API of the module under `/api/v1/sampling`. Writes need the session's CSRF token in
//! `X-CSRF-Token`; errors are `{code, message, message_en, field}`.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use fazhi_core::auth::Permission;
use fazhi_core::sampling::{
    DrawExport, NewTask, Stats, TaskDetail, TaskQuery, TaskRow, commit_task, create_task,
    draw_task, export_draw, get_task, list_tasks, stats,
};
use fazhi_core::{Code, Error};
use serde::{Deserialize, Serialize};

use crate::ctx::Ctx;
use crate::error::ApiError;
use crate::routes::{Access as A, Route, ScopeRule as S};
use crate::state::AppState;

type ApiResult<T> = Result<Json<T>, ApiError>;

pub fn routes() -> Vec<Route> {
    use Permission as P;
    let view = A::Perm(P::ViewSampling);
    let manage = A::Perm(P::ManageSampling);
    vec![
        Route::get("/api/v1/sampling/tasks", view, S::DataScope, tasks),
        Route::post("/api/v1/sampling/tasks", manage, S::DataScope, task_create),
        Route::get("/api/v1/sampling/tasks/{id}", view, S::DataScope, task),
        Route::get(
            "/api/v1/sampling/tasks/{id}/export",
            view,
            S::DataScope,
            export,
        ),
        Route::post(
            "/api/v1/sampling/tasks/{id}/commit",
            manage,
            S::DataScope,
            commit,
        ),
        Route::post(
            "/api/v1/sampling/tasks/{id}/draw",
            manage,
            S::DataScope,
            draw,
        ),
        Route::get("/api/v1/sampling/stats", view, S::DataScope, year_stats),
    ]
}

#[derive(Deserialize, Default)]
pub struct YearQuery {
    #[serde(default)]
    year: Option<i64>,
}

async fn tasks(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(q): Query<YearQuery>,
) -> ApiResult<Vec<TaskRow>> {
    let who = ctx.user()?;
    Ok(Json(
        list_tasks(
            &st.db,
            who,
            &TaskQuery {
                year: q.year,
                status: None,
            },
        )
        .await?,
    ))
}

async fn task(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> ApiResult<TaskDetail> {
    let who = ctx.user()?;
    Ok(Json(get_task(&st.db, who, id).await?))
}

async fn export(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
) -> ApiResult<DrawExport> {
    let who = ctx.user()?;
    get_task(&st.db, who, id).await?;
    Ok(Json(export_draw(&st.db, &who.region, id).await?))
}

#[derive(Serialize)]
pub struct Created {
    id: i64,
}

async fn task_create(
    ctx: Ctx,
    State(st): State<AppState>,
    body: Result<Json<NewTask>, JsonRejection>,
) -> ApiResult<Created> {
    let who = ctx.user()?;
    let Json(t) = body.map_err(|e| Error::of(Code::ApiBody).arg("detail", e.body_text()))?;
    Ok(Json(Created {
        id: create_task(&st.db, who, &t).await?,
    }))
}

async fn commit(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
) -> ApiResult<TaskDetail> {
    let who = ctx.user()?;
    commit_task(&st.db, who, id).await?;
    Ok(Json(get_task(&st.db, who, id).await?))
}

async fn draw(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> ApiResult<DrawExport> {
    let who = ctx.user()?;
    Ok(Json(draw_task(&st.db, who, id).await?))
}

async fn year_stats(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(q): Query<YearQuery>,
) -> ApiResult<Stats> {
    let who = ctx.user()?;
    let year = q
        .year
        .unwrap_or_else(|| i64::from(chrono::Datelike::year(&fazhi_core::time::today())));
    Ok(Json(stats(&st.db, &who.region, year).await?))
}
