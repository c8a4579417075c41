//! Pages and API of the power and responsibility list. (Being built: issue 4.)

use axum::Router;

use crate::state::AppState;

/// Routes of the module (console pages, portal pages, API).
pub fn routes() -> Router<AppState> {
    Router::new()
}
