//! JSON API under `/api/v1/inspections` and `/api/v1/inspection-certificates`. The key set, the
//! revocation list and verification are public (verifiers cache them and work offline); writes
//! need a session and its CSRF token in `X-CSRF-Token`; errors are `{code, message, message_en, field}`.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use chrono::NaiveDate;
use fazhi_core::auth::Permission;
use fazhi_core::inspection::{
    CertPayload, Ground, Issued, KeySet, MonthStat, NewInspection, RevocationList, ScanResult,
    TeamMember, Verdict, create_inspection, issue_certificate, month_stats, rate, revocation_list,
    revoke_certificate, scan, verify,
};
use fazhi_core::time::now_ms;
use fazhi_core::{BINHAI_REGION, Code, Error};
use serde::{Deserialize, Serialize};

use super::verify::{cached_keys, invalidate_keys};
use crate::ctx::Ctx;
use crate::error::{ApiError, json_body};
use crate::routes::{Access as A, Route, ScopeRule as S};
use crate::state::AppState;

type ApiResult<T> = Result<Json<T>, ApiError>;

pub fn routes() -> Vec<Route> {
    use Permission as P;
    vec![
        Route::get(
            "/api/v1/inspection-certificates/keys",
            A::Public,
            S::Open,
            keys,
        ),
        Route::get(
            "/api/v1/inspection-certificates/revocations",
            A::Public,
            S::Open,
            revocations,
        ),
        Route::get(
            "/api/v1/inspection-certificates/verify",
            A::Public,
            S::Open,
            verify_token,
        ),
        Route::post(
            "/api/v1/inspection-certificates/scan",
            A::Perm(P::EnterpriseSelf),
            S::Own,
            scan_token,
        ),
        Route::post(
            "/api/v1/inspection-certificates/{cert_no}/revoke",
            A::Perm(P::RecordInspections),
            S::DataScope,
            revoke,
        ),
        Route::post(
            "/api/v1/inspection-certificates/{cert_no}/rating",
            A::Perm(P::EnterpriseSelf),
            S::Own,
            rating,
        ),
        Route::post(
            "/api/v1/inspections",
            A::Perm(P::RecordInspections),
            S::DataScope,
            create,
        ),
        Route::post(
            "/api/v1/inspections/{id}/certificate",
            A::Perm(P::RecordInspections),
            S::DataScope,
            issue,
        ),
        Route::get(
            "/api/v1/inspections/stats",
            A::Perm(P::ViewSampling),
            S::DataScope,
            stats,
        ),
    ]
}

/// `GET /api/v1/inspection-certificates/keys`: the public key set with the revocation list and
/// its counter. `fazhi cert keys` prints the same bytes.
async fn keys(State(st): State<AppState>) -> ApiResult<KeySet> {
    Ok(Json(
        fazhi_core::inspection::key_set(&st.db, BINHAI_REGION, fazhi_core::time::today()).await?,
    ))
}

/// `GET /api/v1/inspection-certificates/revocations`.
async fn revocations(State(st): State<AppState>) -> ApiResult<RevocationList> {
    Ok(Json(revocation_list(&st.db, BINHAI_REGION).await?))
}

#[derive(Deserialize)]
struct TokenQuery {
    token: String,
}

#[derive(Serialize)]
struct VerifyAnswer {
    verdict: &'static str,
    reason: Option<String>,
    payload: Option<CertPayload>,
}

/// `GET /api/v1/inspection-certificates/verify?token=…`.
async fn verify_token(
    State(st): State<AppState>,
    Query(q): Query<TokenQuery>,
) -> ApiResult<VerifyAnswer> {
    let ks = cached_keys(&st).await?;
    let v = verify(&q.token, &ks, now_ms() / 1000);
    let label = v.label();
    let (payload, reason) = match v {
        Verdict::Valid(p) | Verdict::Expired(p) | Verdict::NotYetValid(p) | Verdict::Revoked(p) => {
            (Some(p), None)
        }
        Verdict::Forged(why) => (None, Some(why)),
    };
    Ok(Json(VerifyAnswer {
        verdict: label,
        reason,
        payload,
    }))
}

#[derive(Deserialize)]
struct ScanBody {
    token: String,
}

/// `POST /api/v1/inspection-certificates/scan`: the enterprise's arrival / departure scan.
async fn scan_token(
    ctx: Ctx,
    State(st): State<AppState>,
    b: Result<Json<ScanBody>, JsonRejection>,
) -> ApiResult<ScanResult> {
    let who = ctx.user()?;
    let b = json_body(b)?;
    Ok(Json(scan(&st.db, who, &b.token).await?))
}

#[derive(Deserialize)]
struct RevokeBody {
    reason: String,
}

#[derive(Serialize)]
struct Done {
    ok: bool,
}

/// `POST /api/v1/inspection-certificates/{cert_no}/revoke`.
async fn revoke(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(cert_no): Path<String>,
    b: Result<Json<RevokeBody>, JsonRejection>,
) -> ApiResult<Done> {
    let who = ctx.user()?;
    let b = json_body(b)?;
    revoke_certificate(&st.db, who, &cert_no, &b.reason).await?;
    invalidate_keys();
    Ok(Json(Done { ok: true }))
}

#[derive(Deserialize)]
struct RatingBody {
    score: i64,
    #[serde(default)]
    comment: String,
}

/// `POST /api/v1/inspection-certificates/{cert_no}/rating`.
async fn rating(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(cert_no): Path<String>,
    b: Result<Json<RatingBody>, JsonRejection>,
) -> ApiResult<Done> {
    let who = ctx.user()?;
    let b = json_body(b)?;
    rate(&st.db, who, &cert_no, b.score, &b.comment).await?;
    Ok(Json(Done { ok: true }))
}

#[derive(Deserialize)]
struct CreateBody {
    ground: String,
    #[serde(default)]
    ground_ref: String,
    #[serde(default)]
    legal_ground: String,
    #[serde(default)]
    reason: String,
    /// Defaults to the caller's department.
    #[serde(default)]
    department_id: Option<i64>,
    #[serde(default)]
    joint_departments: Vec<i64>,
    subject_code: String,
    #[serde(default)]
    subject_name: String,
    domain: String,
    matters: Vec<String>,
    officers: Vec<i64>,
    window_start: NaiveDate,
    window_end: NaiveDate,
}

#[derive(Serialize)]
struct Created {
    id: i64,
}

/// `POST /api/v1/inspections`: records a complaint, referral or campaign inspection.
async fn create(
    ctx: Ctx,
    State(st): State<AppState>,
    b: Result<Json<CreateBody>, JsonRejection>,
) -> ApiResult<Created> {
    let who = ctx.user()?;
    let b = json_body(b)?;
    let ground = Ground::parse(&b.ground)
        .filter(|g| *g != Ground::Draw)
        .ok_or_else(|| {
            Error::of(Code::InspectionGround)
                .for_field("ground")
                .arg_zh_en(
                    "reason",
                    "检查来源须为 complaint、referral 或 campaign（抽查由抽查任务登记）。",
                    "ground must be complaint, referral or campaign (draws come from their task)",
                )
        })?;
    let department_id = b.department_id.or(who.department_id).ok_or_else(|| {
        Error::forbidden("本账号不属于任何部门。", "this account has no department")
    })?;
    let n = NewInspection {
        ground,
        ground_ref: b.ground_ref,
        sampling_inspection_id: None,
        legal_ground: b.legal_ground,
        reason: b.reason,
        department_id,
        joint_departments: b.joint_departments,
        subject_code: b.subject_code,
        subject_name: b.subject_name,
        domain: b.domain.clone(),
        matters: b.matters,
        officers: b
            .officers
            .into_iter()
            .map(|id| TeamMember {
                id,
                domain: b.domain.clone(),
            })
            .collect(),
        window_start: b.window_start,
        window_end: b.window_end,
        outcome: None,
        note: String::new(),
        inspected_on: None,
    };
    Ok(Json(Created {
        id: create_inspection(&st.db, who, &n).await?,
    }))
}

/// `POST /api/v1/inspections/{id}/certificate`: the gates, then the signed certificate. A
/// refusal is a 400 whose `code` names the gate (`gate.officers`, `gate.cards`, …).
async fn issue(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> ApiResult<Issued> {
    let who = ctx.user()?;
    Ok(Json(issue_certificate(&st.db, who, id).await?))
}

#[derive(Deserialize)]
struct YearQuery {
    year: i64,
}

/// `GET /api/v1/inspections/stats?year=…`: use per department and month.
async fn stats(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(q): Query<YearQuery>,
) -> ApiResult<Vec<MonthStat>> {
    let who = ctx.user()?;
    Ok(Json(month_stats(&st.db, who, q.year).await?))
}
