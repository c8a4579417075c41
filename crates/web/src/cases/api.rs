//! JSON API under `/api/v1/cases`: lists and the case file within the data scope, lead
//! registration and workflow steps (CSRF token in `X-CSRF-Token`), the yearly figures and the
//! public disclosures. Errors are `{code, message, message_en, field}`.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use fazhi_core::BINHAI_REGION;
use fazhi_core::auth::Permission;
use fazhi_core::cases::queries::{self, CaseFile, CaseStats};
use fazhi_core::cases::{CaseRow, disclosure, workflow};
use serde::{Deserialize, Serialize};

use super::ListParams;
use super::forms::{LeadForm, StepForm};
use crate::ctx::Ctx;
use crate::error::{ApiError, json_body};
use crate::routes::{Access as A, Route, ScopeRule as S};
use crate::state::AppState;

type ApiResult<T> = Result<Json<T>, ApiError>;

pub fn routes() -> Vec<Route> {
    use Permission as P;
    vec![
        Route::get("/api/v1/cases", A::Perm(P::ViewCases), S::DataScope, list),
        Route::post(
            "/api/v1/cases",
            A::Perm(P::HandleCases),
            S::DataScope,
            create,
        ),
        Route::get(
            "/api/v1/cases/stats",
            A::District(P::ViewCases),
            S::DataScope,
            stats,
        ),
        Route::get("/api/v1/cases/disclosures", A::Public, S::Open, disclosures),
        Route::get(
            "/api/v1/cases/{id}",
            A::Perm(P::ViewCases),
            S::DataScope,
            one,
        ),
        Route::post(
            "/api/v1/cases/{id}/steps",
            A::Perm(P::ViewCases),
            S::DataScope,
            step,
        ),
    ]
}

#[derive(Serialize)]
struct CaseList {
    total: i64,
    capped: bool,
    cases: Vec<CaseRow>,
}

/// `GET /api/v1/cases?q=&stage=&procedure=&year=&page=`.
async fn list(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(p): Query<ListParams>,
) -> ApiResult<CaseList> {
    let who = ctx.user()?;
    let (total, cases) = queries::list_cases(&st.db, who, &p.query()).await?;
    Ok(Json(CaseList {
        total: total.min(queries::COUNT_CAP),
        capped: total > queries::COUNT_CAP,
        cases,
    }))
}

/// `GET /api/v1/cases/{id}`: the case with its whole-process record.
async fn one(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> ApiResult<CaseFile> {
    let who = ctx.user()?;
    Ok(Json(queries::get_case(&st.db, who, id).await?))
}

#[derive(Serialize)]
struct Created {
    id: i64,
}

/// `POST /api/v1/cases`: registers a lead of the caller's department (fields as the form:
/// `violation` is "POWER_CODE|violation name").
async fn create(
    ctx: Ctx,
    State(st): State<AppState>,
    b: Result<Json<LeadForm>, JsonRejection>,
) -> ApiResult<Created> {
    let who = ctx.user()?;
    let b = json_body(b)?;
    let dept = super::own_department(who)?;
    let lead = b.to_lead(dept)?;
    let id = workflow::create_lead(&st.db, who, &st.calendar(), &st.corpus(), &lead).await?;
    Ok(Json(Created { id }))
}

/// `POST /api/v1/cases/{id}/steps`: one step (`{"step": "file", "on": "2024-03-01", …}`, the
/// fields of the step form). A refusal names its article and changes nothing.
async fn step(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    b: Result<Json<StepForm>, JsonRejection>,
) -> ApiResult<CaseRow> {
    let who = ctx.user()?;
    let b = json_body(b)?;
    let (on, step) = b.to_step()?;
    Ok(Json(
        workflow::act(&st.db, who, &st.calendar(), id, on, step).await?,
    ))
}

#[derive(Deserialize)]
struct YearQuery {
    year: i32,
}

/// `GET /api/v1/cases/stats?year=2024` (district-scope supervisors).
async fn stats(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(q): Query<YearQuery>,
) -> ApiResult<CaseStats> {
    let who = ctx.user()?;
    Ok(Json(queries::stats_for(&st.db, who, q.year).await?))
}

#[derive(Deserialize, Default)]
struct PublicQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: Option<i64>,
}

#[derive(Serialize)]
struct Disclosures {
    total: i64,
    rows: Vec<disclosure::DisclosureRow>,
}

/// `GET /api/v1/cases/disclosures`: the public disclosures (no login, masked).
async fn disclosures(
    State(st): State<AppState>,
    Query(q): Query<PublicQuery>,
) -> ApiResult<Disclosures> {
    let (total, rows) =
        disclosure::list_public(&st.db, BINHAI_REGION, &q.q, q.page.unwrap_or(1)).await?;
    Ok(Json(Disclosures { total, rows }))
}
