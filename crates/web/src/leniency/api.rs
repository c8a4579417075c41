//! JSON API of the lists. The lists are public; evaluating a case needs the case permission and,
//! with a session cookie, `X-CSRF-Token`.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use fazhi_core::Code;
use fazhi_core::leniency::{CaseFacts, Entry, Evaluation, evaluate as run};

use crate::ctx::Ctx;
use crate::error::{ApiError, json_body};
use crate::state::AppState;

/// `GET /api/v1/leniency/entries`: every entry of the five domains' lists.
pub async fn entries(State(_st): State<AppState>) -> Json<Vec<Entry>> {
    Json(fazhi_core::leniency::entries().to_vec())
}

/// `POST /api/v1/leniency/evaluate`: the lists applied to a case's facts, with the trace.
pub async fn evaluate(
    ctx: Ctx,
    body: Result<Json<CaseFacts>, JsonRejection>,
) -> Result<Json<Evaluation>, ApiError> {
    ctx.user()?;
    let facts = json_body(body)?;
    if facts.penalised.trim().is_empty() {
        return Err(fazhi_core::Error::of(Code::LeniencyPenalised)
            .for_field("penalised")
            .into());
    }
    Ok(Json(run(&facts)))
}
