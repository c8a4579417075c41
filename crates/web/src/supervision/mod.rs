//! Supervision pages (执法监督): dashboard, assessments, bulletins, alerts, instruments, and
//! the case-file review desk.

mod assess;
mod review;

use axum::Router;

use crate::state::AppState;

/// Routes of the module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(assess::routes())
        .merge(review::routes())
}
