//! Pages of the flexible-enforcement lists. (Being built.)

use axum::Router;

use crate::state::AppState;

/// Routes of the module.
pub fn routes() -> Router<AppState> {
    Router::new()
}
