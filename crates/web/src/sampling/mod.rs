//! Pages and API: Double-random inspections (双随机、一公开). (Being built: issue 5.)

use axum::Router;

use crate::state::AppState;

/// Routes of the module (console pages, portal pages, API).
pub fn routes() -> Router<AppState> {
    Router::new()
}
