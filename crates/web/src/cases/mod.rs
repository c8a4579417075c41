//! Penalty case pages: workbench, lists, the case page and its actions, documents, disclosure.

mod documents;

use axum::Router;

use crate::state::AppState;

/// Routes of the module.
pub fn routes() -> Router<AppState> {
    Router::new()
}
