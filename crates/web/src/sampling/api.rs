//! JSON API of the module under `/api/v1/sampling`. Writes need the session's CSRF token in
//! `X-CSRF-Token`; errors are `{code, message, message_en, field}`.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::{Json, Router};
use fazhi_core::Error;
use fazhi_core::auth::Permission;
use fazhi_core::sampling::{
    DrawExport, NewTask, Stats, TaskDetail, TaskQuery, TaskRow, commit_task, create_task,
    draw_task, export_draw, get_task, list_tasks, stats,
};
use serde::{Deserialize, Serialize};

use crate::ctx::Ctx;
use crate::error::ApiError;
use crate::state::AppState;

type ApiResult<T> = Result<Json<T>, ApiError>;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/sampling/tasks", get(tasks).post(task_create))
        .route("/api/v1/sampling/tasks/{id}", get(task))
        .route("/api/v1/sampling/tasks/{id}/export", get(export))
        .route("/api/v1/sampling/tasks/{id}/commit", post(commit))
        .route("/api/v1/sampling/tasks/{id}/draw", post(draw))
        .route("/api/v1/sampling/stats", get(year_stats))
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
    let who = ctx.require(Permission::ViewSampling)?;
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
    let who = ctx.require(Permission::ViewSampling)?;
    Ok(Json(get_task(&st.db, who, id).await?))
}

async fn export(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
) -> ApiResult<DrawExport> {
    let who = ctx.require(Permission::ViewSampling)?;
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
    headers: HeaderMap,
    body: Result<Json<NewTask>, JsonRejection>,
) -> ApiResult<Created> {
    let who = ctx.require(Permission::ManageSampling)?;
    ctx.check_csrf_header(&headers)?;
    let Json(t) = body.map_err(|e| {
        Error::invalid(
            "api.body",
            None,
            format!("请求体不是有效的 JSON 或字段类型不符：{}", e.body_text()),
            format!(
                "The request body is not valid JSON or a field has the wrong type: {}",
                e.body_text()
            ),
        )
    })?;
    Ok(Json(Created {
        id: create_task(&st.db, who, &t).await?,
    }))
}

async fn commit(
    ctx: Ctx,
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> ApiResult<TaskDetail> {
    let who = ctx.require(Permission::ManageSampling)?;
    ctx.check_csrf_header(&headers)?;
    commit_task(&st.db, who, id).await?;
    Ok(Json(get_task(&st.db, who, id).await?))
}

async fn draw(
    ctx: Ctx,
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> ApiResult<DrawExport> {
    let who = ctx.require(Permission::ManageSampling)?;
    ctx.check_csrf_header(&headers)?;
    Ok(Json(draw_task(&st.db, who, id).await?))
}

async fn year_stats(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(q): Query<YearQuery>,
) -> ApiResult<Stats> {
    let who = ctx.require(Permission::ViewSampling)?;
    let year = q
        .year
        .unwrap_or_else(|| i64::from(chrono::Datelike::year(&fazhi_core::time::today())));
    Ok(Json(stats(&st.db, &who.region, year).await?))
}
