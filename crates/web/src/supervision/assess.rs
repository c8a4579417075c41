//! (Being built.)

use axum::Router;

use crate::state::AppState;

/// Routes of this part.
pub fn routes() -> Router<AppState> {
    Router::new()
}
