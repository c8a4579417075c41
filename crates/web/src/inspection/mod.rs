//! Pages and API of inspections and the electronic inspection certificate. (Being built: issue 6.)

use axum::Router;

use crate::state::AppState;

/// Routes of the module (console pages, the public verification page /v/{token}, API).
pub fn routes() -> Router<AppState> {
    Router::new()
}
