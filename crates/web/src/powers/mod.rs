//! Pages and API of the power and responsibility list (权责清单): console list, record,
//! proposals and review, versions (reproduce, compare, publish), statistics, Excel; the public
//! portal query; JSON under /api/v1/powers.

mod api;
mod items;
mod portal;
mod proposals;
mod versions;

use fazhi_core::powers::{Category, ItemStatus, ProposalStatus};

use crate::routes::{Access as A, NavGroup as N, Route, ScopeRule as S};

/// Routes of the module (console pages, portal pages, API).
pub fn routes() -> Vec<Route> {
    use fazhi_core::auth::Permission as P;
    let view = A::Perm(P::ViewPowers);
    vec![
        Route::get("/powers/items", view, S::DataScope, items::items_page).nav(
            N::Powers,
            "职权事项",
            "Power items",
        ),
        Route::get(
            "/powers/items/export.xlsx",
            view,
            S::DataScope,
            items::export,
        ),
        Route::get(
            "/powers/items/import",
            A::Perm(P::ProposePowers),
            S::DataScope,
            items::import_page,
        ),
        Route::post(
            "/powers/items/import",
            A::Perm(P::ProposePowers),
            S::DataScope,
            items::import_submit,
        ),
        Route::get("/powers/items/{id}", view, S::DataScope, items::item_page),
        Route::get(
            "/powers/proposals",
            view,
            S::DataScope,
            proposals::proposals_page,
        )
        .nav(N::Powers, "调整申请", "Adjustments"),
        Route::post(
            "/powers/proposals",
            A::Perm(P::ProposePowers),
            S::DataScope,
            proposals::create,
        ),
        Route::get(
            "/powers/proposals/new",
            A::Perm(P::ProposePowers),
            S::DataScope,
            proposals::new_page,
        ),
        Route::get(
            "/powers/proposals/{id}",
            view,
            S::DataScope,
            proposals::proposal_page,
        ),
        // Submit, withdraw, approve, return: the proposal workflow in core checks which.
        Route::post(
            "/powers/proposals/{id}/action",
            A::AnyOf(&[P::ProposePowers, P::ReviewPowers]),
            S::DataScope,
            proposals::action,
        ),
        Route::get("/powers/versions", view, S::Open, versions::versions_page).nav(
            N::Powers,
            "清单版本",
            "Published versions",
        ),
        Route::post(
            "/powers/versions/publish",
            A::Perm(P::ReviewPowers),
            S::DataScope,
            versions::publish,
        ),
        Route::get("/powers/versions/diff", view, S::Open, versions::diff_page),
        Route::get(
            "/powers/versions/{number}",
            view,
            S::Open,
            versions::version_page,
        ),
        Route::get("/powers/stats", view, S::DataScope, versions::stats_page).nav(
            N::Powers,
            "统计",
            "Statistics",
        ),
        Route::get("/portal/powers", A::Public, S::Open, portal::list),
        Route::get("/portal/powers/{id}", A::Public, S::Open, portal::item),
        Route::get("/api/v1/powers/items", view, S::DataScope, api::items),
        Route::get("/api/v1/powers/items/{id}", view, S::DataScope, api::item),
        Route::post(
            "/api/v1/powers/proposals",
            A::Perm(P::ProposePowers),
            S::DataScope,
            api::propose,
        ),
        Route::get("/api/v1/powers/versions", view, S::Open, api::versions),
        Route::get("/api/v1/powers/stats", view, S::DataScope, api::stats),
    ]
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
