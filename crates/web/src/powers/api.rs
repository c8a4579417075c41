//! JSON API of the power list. Writes made with a session cookie carry `X-CSRF-Token`.

use axum::Json;
use axum::extract::{Path, Query, State};
use fazhi_core::powers::{
    ItemListRow, ItemRow, NewProposal, PowerItem, ProposalKind, ReasonKind, VersionRow, YearStats,
    create_proposal, get_item, list_items, list_versions, year_stats,
};
use fazhi_core::{Code, Error, org::Page};
use serde::{Deserialize, Serialize};

use super::items::ItemParams;
use super::versions::parse_year;
use crate::ctx::Ctx;
use crate::error::ApiError;
use crate::state::AppState;

type ApiResult<T> = Result<Json<T>, ApiError>;

/// `GET /api/v1/powers/items`: the console list (same filters as the page).
pub async fn items(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(p): Query<ItemParams>,
) -> ApiResult<Page<ItemListRow>> {
    let who = ctx.user()?;
    Ok(Json(list_items(&st.db, who, &p.query(50)).await?))
}

/// `GET /api/v1/powers/items/{id}`.
pub async fn item(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> ApiResult<ItemRow> {
    let who = ctx.user()?;
    Ok(Json(get_item(&st.db, who, id).await?))
}

/// `GET /api/v1/powers/versions`.
pub async fn versions(ctx: Ctx, State(st): State<AppState>) -> ApiResult<Vec<VersionRow>> {
    let who = ctx.user()?;
    Ok(Json(list_versions(&st.db, &who.region).await?))
}

#[derive(Deserialize)]
pub struct YearParam {
    #[serde(default)]
    year: String,
}

/// `GET /api/v1/powers/stats?year=YYYY`.
pub async fn stats(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(p): Query<YearParam>,
) -> ApiResult<YearStats> {
    let who = ctx.user()?;
    let year = parse_year(&p.year)?;
    Ok(Json(year_stats(&st.db, &who.region, year).await?))
}

/// A proposal as JSON: the whole item, violations and discretion tiers included.
#[derive(Deserialize)]
pub struct ProposalDto {
    kind: String,
    #[serde(default)]
    item_id: Option<i64>,
    #[serde(default)]
    body: Option<PowerItem>,
    #[serde(default)]
    reason_kind: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    evidence: String,
}

#[derive(Serialize)]
pub struct CreatedDto {
    id: i64,
}

/// `POST /api/v1/powers/proposals`: drafts a proposal (refused with the reason when a basis
/// does not resolve or a discretion tier leaves the legal range).
pub async fn propose(
    ctx: Ctx,
    State(st): State<AppState>,
    body: Result<Json<ProposalDto>, axum::extract::rejection::JsonRejection>,
) -> ApiResult<CreatedDto> {
    let who = ctx.user()?;
    let d = crate::error::json_body(body)?;
    let kind = ProposalKind::parse(&d.kind).ok_or_else(|| {
        Error::of(Code::PowersKind).for_field("kind").arg_zh_en(
            "reason",
            "kind 应为 add、change 或 cancel。",
            "kind must be add, change or cancel.",
        )
    })?;
    let p = NewProposal {
        kind,
        item_id: d.item_id,
        body: d.body,
        reason_kind: ReasonKind::parse(&d.reason_kind).unwrap_or(ReasonKind::Mandate),
        reason: d.reason,
        evidence: d.evidence,
    };
    let id = create_proposal(&st.db, &st.corpus(), who, &p).await?;
    Ok(Json(CreatedDto { id }))
}
