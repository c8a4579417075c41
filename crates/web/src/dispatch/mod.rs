//! Pages and API: Work-order dispatch (工单分拨派转). (Being built: issue 9.)

use axum::Router;

use crate::state::AppState;

/// Routes of the module (console pages, portal pages, API).
pub fn routes() -> Router<AppState> {
    Router::new()
}
