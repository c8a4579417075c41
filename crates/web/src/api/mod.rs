//! JSON API under `/api/v1`, described by the OpenAPI document at `/api/openapi.json`.
//! Errors are `{code, message, message_en, field}`. Writes made with a session cookie must
//! carry the session's CSRF token in `X-CSRF-Token`.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use chrono::NaiveDate;
use fazhi_core::audit::verify;
use fazhi_core::auth::Permission;
use fazhi_core::org::{
    NewCard, NewOfficer, create_officer, get_officer, list_departments, list_officers,
};
use fazhi_core::{Code, Error};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

mod openapi;

use crate::ctx::Ctx;
use crate::error::{ApiError, ApiErrorBody, json_body};
use crate::org::OfficerParams;
use crate::routes::{Access as A, Route, ScopeRule as S};
use crate::state::AppState;

type ApiResult<T> = Result<Json<T>, ApiError>;

pub fn routes() -> Vec<Route> {
    use Permission as P;
    vec![
        Route::get("/healthz", A::Public, S::Open, healthz),
        Route::get("/api/openapi.json", A::Public, S::Open, openapi),
        Route::get("/api/v1/me", A::Console, S::Own, me),
        Route::get("/api/v1/departments", A::Public, S::Open, departments),
        Route::get(
            "/api/v1/officers",
            A::Perm(P::ViewOrg),
            S::DataScope,
            officers,
        ),
        Route::post(
            "/api/v1/officers",
            A::Perm(P::EditOrg),
            S::DataScope,
            officer_create,
        ),
        Route::get(
            "/api/v1/officers/{id}",
            A::Perm(P::ViewOrg),
            S::DataScope,
            officer,
        ),
        Route::get("/api/v1/calendar/deadline", A::Console, S::Open, deadline),
        Route::get(
            "/api/v1/audit/verify",
            A::Perm(P::ViewAudit),
            S::System,
            audit_verify,
        ),
    ]
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Fazhi API",
        version = "1",
        description = "法治政府建设一体化平台 JSON API。Errors: {code, message, message_en, field}."
    ),
    paths(
        healthz,
        me,
        departments,
        officers,
        officer,
        officer_create,
        deadline,
        audit_verify
    ),
    components(schemas(
        ApiErrorBody,
        Health,
        Me,
        DepartmentDto,
        OfficerDto,
        OfficerPageDto,
        OfficerDetailDto,
        CardDto,
        TrainingDto,
        NewOfficerDto,
        NewCardDto,
        Created,
        DeadlineDto,
        VerifyDto
    ))
)]
struct ApiDoc;

async fn openapi() -> Json<serde_json::Value> {
    let mut doc = ApiDoc::openapi();
    doc.merge(crate::law::api::LawApiDoc::openapi());
    let mut doc = serde_json::to_value(doc).unwrap_or_default();
    openapi::complete(&mut doc);
    Json(doc)
}

#[derive(Serialize, ToSchema)]
pub struct Health {
    status: String,
    database: String,
}

/// Liveness and database reachability.
#[utoipa::path(get, path = "/healthz", responses((status = 200, body = Health), (status = 503, body = Health)))]
pub async fn healthz(State(st): State<AppState>) -> (axum::http::StatusCode, Json<Health>) {
    match st.db.ping().await {
        Ok(_) => (
            axum::http::StatusCode::OK,
            Json(Health {
                status: "ok".into(),
                database: "ok".into(),
            }),
        ),
        Err(_) => (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            Json(Health {
                status: "degraded".into(),
                database: "unreachable".into(),
            }),
        ),
    }
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    user_id: i64,
    username: String,
    display_name: String,
    role: String,
    department_id: Option<i64>,
    scope: String,
    csrf_token: String,
}

/// The logged-in account, with the CSRF token API writes must send.
#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = Me), (status = 401, body = ApiErrorBody)))]
async fn me(ctx: Ctx) -> ApiResult<Me> {
    let p = ctx.user()?;
    Ok(Json(Me {
        user_id: p.user_id,
        username: p.username.clone(),
        display_name: p.display_name.clone(),
        role: p.role.as_str().into(),
        department_id: p.department_id,
        scope: p.scope.as_str().into(),
        csrf_token: ctx.csrf(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct DepartmentDto {
    id: i64,
    name: String,
    short_name: String,
    uscc: Option<String>,
    uscc_check_ok: bool,
    kind: String,
    parent_id: Option<i64>,
    domains: Vec<String>,
    officers: i64,
}

/// Enforcement bodies (public information).
#[utoipa::path(get, path = "/api/v1/departments", responses((status = 200, body = [DepartmentDto])))]
async fn departments(ctx: Ctx, State(st): State<AppState>) -> ApiResult<Vec<DepartmentDto>> {
    let region = ctx
        .user()
        .map(|p| p.region.clone())
        .unwrap_or_else(|_| fazhi_core::BINHAI_REGION.into());
    let rows = list_departments(&st.db, &region).await?;
    Ok(Json(
        rows.into_iter()
            .map(|d| DepartmentDto {
                id: d.id,
                name: d.name,
                short_name: d.short_name,
                uscc: d.uscc,
                uscc_check_ok: d.uscc_check_ok,
                kind: d.kind.as_str().into(),
                parent_id: d.parent_id,
                domains: d.domains,
                officers: d.officers,
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct OfficerDto {
    id: i64,
    name: String,
    /// Masked unless the caller maintains the department's officers.
    id_number: String,
    department_id: i64,
    department: String,
    posts: Vec<String>,
    card_no: Option<String>,
    card_status: Option<String>,
    card_valid_until: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct OfficerPageDto {
    rows: Vec<OfficerDto>,
    total: i64,
    page: i64,
    page_size: i64,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OfficerListParams {
    /// Name or card number prefix.
    #[serde(default)]
    q: String,
    /// Department id (its subtree is included).
    #[serde(default)]
    dept: String,
    /// valid | suspended | revoked
    #[serde(default)]
    card_status: String,
    /// newest | name | department
    #[serde(default)]
    sort: String,
    #[serde(default)]
    page: String,
    #[serde(default)]
    page_size: String,
}

/// Officers in the caller's data scope.
#[utoipa::path(get, path = "/api/v1/officers", params(OfficerListParams), responses((status = 200, body = OfficerPageDto), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody)))]
async fn officers(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(p): Query<OfficerListParams>,
) -> ApiResult<OfficerPageDto> {
    let who = ctx.user()?;
    let size = p.page_size.parse().unwrap_or(20);
    let q = OfficerParams {
        q: p.q,
        dept: p.dept,
        card_status: p.card_status,
        sort: p.sort,
        page: p.page,
    }
    .query(size);
    let page = list_officers(&st.db, who, &q).await?;
    Ok(Json(OfficerPageDto {
        rows: page
            .rows
            .into_iter()
            .map(|r| OfficerDto {
                id: r.id,
                name: r.name,
                id_number: r.id_number,
                department_id: r.department_id,
                department: r.department,
                posts: r.posts,
                card_no: r.card_no,
                card_status: r.card_status.map(|s| s.as_str().into()),
                card_valid_until: r.card_valid_until,
            })
            .collect(),
        total: page.total,
        page: page.page,
        page_size: page.page_size,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct CardDto {
    id: i64,
    card_no: String,
    domains: Vec<String>,
    issued_on: String,
    valid_until: String,
    status: String,
}

#[derive(Serialize, ToSchema)]
pub struct TrainingDto {
    year: i64,
    hours: i64,
    exam_score: Option<i64>,
    exam_passed: bool,
}

#[derive(Serialize, ToSchema)]
pub struct OfficerDetailDto {
    id: i64,
    name: String,
    id_number: String,
    id_masked: bool,
    department_id: i64,
    department: String,
    posts: Vec<String>,
    cards: Vec<CardDto>,
    training: Vec<TrainingDto>,
}

/// One officer; 404 when outside the caller's data scope.
#[utoipa::path(get, path = "/api/v1/officers/{id}", params(("id" = i64, Path)), responses((status = 200, body = OfficerDetailDto), (status = 404, body = ApiErrorBody)))]
async fn officer(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<OfficerDetailDto> {
    let who = ctx.user()?;
    let id: i64 = id.parse().map_err(|_| Error::not_found("officer"))?;
    let o = get_officer(&st.db, who, id).await?;
    Ok(Json(OfficerDetailDto {
        id: o.id,
        name: o.name,
        id_number: o.id_number,
        id_masked: o.id_masked,
        department_id: o.department_id,
        department: o.department,
        posts: o.posts,
        cards: o
            .cards
            .into_iter()
            .map(|c| CardDto {
                id: c.id,
                card_no: c.card_no,
                domains: c.domains,
                issued_on: c.issued_on.to_string(),
                valid_until: c.valid_until.to_string(),
                status: c.status.as_str().into(),
            })
            .collect(),
        training: o
            .training
            .into_iter()
            .map(|t| TrainingDto {
                year: t.year,
                hours: t.hours,
                exam_score: t.exam_score,
                exam_passed: t.exam_passed,
            })
            .collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct NewCardDto {
    card_no: String,
    #[serde(default)]
    domains: Vec<String>,
    /// YYYY-MM-DD
    issued_on: String,
    /// YYYY-MM-DD
    valid_until: String,
}

#[derive(Deserialize, ToSchema)]
pub struct NewOfficerDto {
    department_id: i64,
    name: String,
    id_number: String,
    #[serde(default)]
    posts: Vec<String>,
    card: Option<NewCardDto>,
}

#[derive(Serialize, ToSchema)]
pub struct Created {
    id: i64,
}

fn date(s: &str, field: &'static str) -> Result<NaiveDate, Error> {
    s.parse()
        .map_err(|_| Error::of(Code::ApiDate).for_field(field).arg("input", s))
}

/// Registers an officer in a department of the caller's scope.
#[utoipa::path(post, path = "/api/v1/officers", request_body = NewOfficerDto, responses((status = 200, body = Created), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn officer_create(
    ctx: Ctx,
    State(st): State<AppState>,
    body: Result<Json<NewOfficerDto>, JsonRejection>,
) -> ApiResult<Created> {
    let who = ctx.user()?;
    let b = json_body(body)?;
    let card = match b.card {
        Some(c) => Some(NewCard {
            card_no: c.card_no,
            domains: c.domains,
            issued_on: date(&c.issued_on, "issued_on")?,
            valid_until: date(&c.valid_until, "valid_until")?,
        }),
        None => None,
    };
    let id = create_officer(
        &st.db,
        who,
        &NewOfficer {
            department_id: b.department_id,
            name: b.name,
            id_number: b.id_number,
            posts: b.posts,
            card,
        },
    )
    .await?;
    Ok(Json(Created { id }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeadlineParams {
    /// Start date, YYYY-MM-DD (not counted).
    start: String,
    /// Number of days.
    days: u32,
    /// `working` (default) or `calendar`.
    #[serde(default)]
    kind: String,
}

#[derive(Serialize, ToSchema)]
pub struct DeadlineDto {
    start: String,
    days: u32,
    kind: String,
    deadline: String,
    /// false when a year without a State Council notice was involved (未确认).
    confirmed: bool,
}

/// Statutory deadline from the holiday calendar.
#[utoipa::path(get, path = "/api/v1/calendar/deadline", params(DeadlineParams), responses((status = 200, body = DeadlineDto), (status = 422, body = ApiErrorBody)))]
async fn deadline(
    ctx: Ctx,
    State(st): State<AppState>,
    q: Result<Query<DeadlineParams>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<DeadlineDto> {
    ctx.user()?;
    let Query(q) = q.map_err(|e| Error::of(Code::ApiQuery).arg("detail", e.body_text()))?;
    let start = date(&q.start, "start")?;
    let cal = st.calendar();
    let kind = if q.kind == "calendar" {
        "calendar"
    } else {
        "working"
    };
    let d = if kind == "calendar" {
        cal.add_calendar_days(start, q.days)
    } else {
        cal.add_working_days(start, q.days)
    }
    .map_err(|e| Error::domain_invalid(e.code(), "days", e.message_zh(), e.message_en()))?;
    Ok(Json(DeadlineDto {
        start: q.start,
        days: q.days,
        kind: kind.into(),
        deadline: d.date.to_string(),
        confirmed: d.confirmed,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct VerifyDto {
    ok: bool,
    checked: i64,
    head_seq: i64,
    head_hash: String,
    broken_seq: Option<i64>,
    reason: Option<String>,
    reason_en: Option<String>,
}

/// Verifies the audit chain (audit administrator).
#[utoipa::path(get, path = "/api/v1/audit/verify", responses((status = 200, body = VerifyDto), (status = 403, body = ApiErrorBody)))]
async fn audit_verify(ctx: Ctx, State(st): State<AppState>) -> ApiResult<VerifyDto> {
    ctx.user()?;
    let r = verify(&st.db, |_, _| {}).await?;
    Ok(Json(VerifyDto {
        ok: r.broken.is_none(),
        checked: r.checked,
        head_seq: r.head_seq,
        head_hash: r.head_hash,
        broken_seq: r.broken.as_ref().map(|b| b.seq),
        reason: r.broken.as_ref().map(|b| b.reason_zh.clone()),
        reason_en: r.broken.as_ref().map(|b| b.reason.clone()),
    }))
}
