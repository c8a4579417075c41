//! Power and responsibility list (权责清单) with dynamic management: items with their legal
//! basis as provision codes, violations with the legal penalty range and discretion tiers,
//! adjustment proposals reviewed by the Justice Bureau and published as numbered versions,
//! impact of corpus changes, Excel in and out, and the year's figures.

mod basis;
mod excel;
mod impact;
mod items;
mod model;
pub mod penalty;
mod proposals;
mod versions;

pub use basis::{BasisText, basis_texts, prepare_item, resolve_basis};
pub use excel::{EXPORT_COLUMNS, PowerImportReport, export_xlsx, import_xlsx, rows_for_export};
pub use impact::{
    ImpactReport, open_auto_proposal, open_proposals_for_changes, open_proposals_for_diff,
    open_proposals_for_repeal,
};
pub use items::{
    ItemListRow, ItemQuery, body_json, cited_codes, export_items, export_public, get_item,
    get_public_item, list_items, list_public_items, parse_body,
};
pub use model::{
    Category, ItemRow, ItemStatus, PowerItem, ProposalKind, ProposalRow, ProposalStatus,
    ReasonKind, VersionRow, Violation,
};
pub use penalty::{DiscretionStandard, Fine, LegalRange, Tier, parse_legal_range};
pub use proposals::{
    NewProposal, ProposalQuery, create_proposal, get_proposal, item_proposals, list_proposals,
    review_proposal, revise_proposal, submit_proposal, withdraw_proposal,
};
pub use versions::{
    VersionDiff, YearStats, breakdown, count_in_version, diff_versions, get_version, list_versions,
    publish_in_tx, publish_version, reproduce_version, year_stats,
};
