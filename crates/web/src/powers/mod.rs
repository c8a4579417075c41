//! Pages and API of the power and responsibility list (权责清单): console list, record,
//! proposals and review, versions (reproduce, compare, publish), statistics, Excel; the public
//! portal query; JSON under /api/v1/powers.

mod api;
mod items;
mod portal;
mod proposals;
mod versions;

use axum::Router;
use axum::routing::{get, post};
use fazhi_core::powers::{Category, ItemStatus, ProposalStatus};

use crate::state::AppState;

/// Routes of the module (console pages, portal pages, API).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/powers/items", get(items::items_page))
        .route("/powers/items/export.xlsx", get(items::export))
        .route(
            "/powers/items/import",
            get(items::import_page).post(items::import_submit),
        )
        .route("/powers/items/{id}", get(items::item_page))
        .route(
            "/powers/proposals",
            get(proposals::proposals_page).post(proposals::create),
        )
        .route("/powers/proposals/new", get(proposals::new_page))
        .route("/powers/proposals/{id}", get(proposals::proposal_page))
        .route("/powers/proposals/{id}/action", post(proposals::action))
        .route("/powers/versions", get(versions::versions_page))
        .route("/powers/versions/publish", post(versions::publish))
        .route("/powers/versions/diff", get(versions::diff_page))
        .route("/powers/versions/{number}", get(versions::version_page))
        .route("/powers/stats", get(versions::stats_page))
        .route("/portal/powers", get(portal::list))
        .route("/portal/powers/{id}", get(portal::item))
        .route("/api/v1/powers/items", get(api::items))
        .route("/api/v1/powers/items/{id}", get(api::item))
        .route("/api/v1/powers/proposals", post(api::propose))
        .route("/api/v1/powers/versions", get(api::versions))
        .route("/api/v1/powers/stats", get(api::stats))
}

/// Tag kind of an item status.
pub(crate) fn item_tag(s: ItemStatus) -> &'static str {
    match s {
        ItemStatus::Active => "ok",
        ItemStatus::Pending => "info",
        ItemStatus::Cancelled => "muted",
    }
}

/// Tag kind of a proposal status.
pub(crate) fn proposal_tag(s: ProposalStatus) -> &'static str {
    match s {
        ProposalStatus::Draft => "muted",
        ProposalStatus::Submitted => "warn",
        ProposalStatus::Returned => "danger",
        ProposalStatus::Approved => "info",
        ProposalStatus::Published => "ok",
        ProposalStatus::Withdrawn => "muted",
    }
}

/// (value, label) of every category, for a select.
pub(crate) fn category_options(lang: &str) -> Vec<(&'static str, &'static str)> {
    Category::ALL
        .iter()
        .map(|c| (c.as_str(), c.label(lang)))
        .collect()
}
