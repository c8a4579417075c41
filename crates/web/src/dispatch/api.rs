//! JSON API of the dispatch under /api/v1/dispatch. Writes carry `X-CSRF-Token`.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use fazhi_core::auth::Permission;
use fazhi_core::dispatch::{
    self, DispatchStats, NewOrder, OrderDetail, OrderKind, OrderQuery, OrderRow, OrderStatus,
    StepArgs, Suggestion, View,
};
use fazhi_core::org::Page;
use fazhi_core::{Code, Error};
use serde::{Deserialize, Serialize};

use crate::ctx::Ctx;
use crate::error::{ApiError, json_body};
use crate::routes::{Access as A, Route, ScopeRule as S};
use crate::state::AppState;

type ApiResult<T> = Result<Json<T>, ApiError>;

pub fn routes() -> Vec<Route> {
    use Permission as P;
    vec![
        Route::post_query(
            "/api/v1/dispatch/classify",
            A::Perm(P::DispatchOrders),
            S::Open,
            classify,
        ),
        Route::get(
            "/api/v1/dispatch/orders",
            super::READERS,
            S::DataScope,
            list,
        ),
        Route::post(
            "/api/v1/dispatch/orders",
            A::Perm(P::DispatchOrders),
            S::DataScope,
            create,
        ),
        Route::get(
            "/api/v1/dispatch/orders/{id}",
            super::READERS,
            S::DataScope,
            one,
        ),
        Route::post(
            "/api/v1/dispatch/orders/{id}/steps",
            super::STEPPERS,
            S::DataScope,
            step,
        ),
        Route::get(
            "/api/v1/dispatch/stats",
            A::Perm(P::ViewDispatch),
            S::DataScope,
            stats,
        ),
    ]
}

#[derive(Deserialize)]
pub struct ClassifyDto {
    text: String,
    #[serde(default)]
    address: String,
}

/// The suggestion for a text (department, power item, confidence, explanation); writes nothing.
async fn classify(
    ctx: Ctx,
    State(st): State<AppState>,
    b: Result<Json<ClassifyDto>, JsonRejection>,
) -> ApiResult<Suggestion> {
    let who = ctx.user()?;
    let b = json_body(b)?;
    Ok(Json(
        dispatch::suggest(&st.db, &who.region, &b.text, &b.address).await?,
    ))
}

#[derive(Deserialize)]
pub struct NewOrderDto {
    #[serde(default)]
    order_no: Option<String>,
    /// complaint | report | consult | help | suggest (or 投诉 …)
    kind: String,
    text: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    caller: String,
    #[serde(default)]
    phone: String,
    /// hotline | api | inspection | transfer (default api)
    #[serde(default)]
    source: Option<String>,
}

#[derive(Serialize)]
pub struct CreatedOrder {
    id: i64,
    order: OrderRow,
}

/// Takes an order in; a confident suggestion is dispatched at once.
async fn create(
    ctx: Ctx,
    State(st): State<AppState>,
    b: Result<Json<NewOrderDto>, JsonRejection>,
) -> ApiResult<CreatedOrder> {
    let who = ctx.user()?;
    let b = json_body(b)?;
    let kind = OrderKind::parse(&b.kind).ok_or_else(|| {
        Error::of(Code::DispatchKind).for_field("kind").arg_zh_en(
            "reason",
            "诉求类型应为 complaint、report、consult、help 或 suggest。",
            "kind must be complaint, report, consult, help or suggest.",
        )
    })?;
    let o = NewOrder {
        order_no: b.order_no,
        kind,
        text: b.text,
        address: b.address,
        caller: b.caller,
        phone: b.phone,
        received_at: None,
    };
    let source = b.source.unwrap_or_else(|| "api".into());
    let id = dispatch::create_order(&st.db, who, &source, &o, &st.calendar()).await?;
    let order = dispatch::get_order(&st.db, who, id).await?.order;
    Ok(Json(CreatedOrder { id, order }))
}

#[derive(Deserialize)]
pub struct ListDto {
    /// desk | inbox | all
    #[serde(default)]
    view: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: Option<i64>,
    #[serde(default)]
    page_size: Option<i64>,
}

/// Orders: the desk queue, the caller's department inbox, or all (dispatchers, supervisors).
async fn list(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(p): Query<ListDto>,
) -> ApiResult<Page<OrderRow>> {
    let who = ctx.user()?;
    let view = match p.view.as_str() {
        "inbox" => View::Inbox,
        "all" => View::All,
        "desk" => View::Desk,
        _ if who.role.can(Permission::HandleOrders) => View::Inbox,
        _ if who.role.can(Permission::DispatchOrders) => View::Desk,
        // A supervisor reads every order; the route admits no one else.
        _ => View::All,
    };
    let q = OrderQuery {
        view,
        status: OrderStatus::parse(&p.status),
        keyword: p.q,
        page: p.page.unwrap_or(1),
        page_size: p.page_size.unwrap_or(20),
        ..Default::default()
    };
    Ok(Json(dispatch::list_orders(&st.db, who, &q).await?))
}

/// One order with its timeline; 404 outside the caller's scope.
async fn one(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<OrderDetail> {
    let who = ctx.user()?;
    let id: i64 = id.parse().map_err(|_| Error::not_found("work order"))?;
    Ok(Json(dispatch::get_order(&st.db, who, id).await?))
}

#[derive(Deserialize)]
pub struct StepDto {
    /// dispatch | accept | return | handle | reply | close | merge
    step: String,
    #[serde(default)]
    department_id: Option<i64>,
    #[serde(default)]
    power_code: Option<String>,
    #[serde(default)]
    note: String,
    #[serde(default)]
    rating: Option<i64>,
    #[serde(default)]
    merge_into: Option<i64>,
}

#[derive(Serialize)]
pub struct StepDone {
    id: i64,
    status: OrderStatus,
}

/// One step of the flow.
async fn step(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<String>,
    b: Result<Json<StepDto>, JsonRejection>,
) -> ApiResult<StepDone> {
    let who = ctx.user()?;
    let id: i64 = id.parse().map_err(|_| Error::not_found("work order"))?;
    let b = json_body(b)?;
    let a = StepArgs {
        department_id: b.department_id,
        power_code: b.power_code,
        note: b.note,
        rating: b.rating,
        merge_into: b.merge_into,
        actor: None,
    };
    let status = super::run_step(&st, who, id, super::parse_step(&b.step)?, &a).await?;
    Ok(Json(StepDone { id, status }))
}

/// Return rates and overdue orders per department.
async fn stats(ctx: Ctx, State(st): State<AppState>) -> ApiResult<DispatchStats> {
    let who = ctx.user()?;
    let today = fazhi_core::time::today().to_string();
    Ok(Json(dispatch::stats(&st.db, who, &today).await?))
}
