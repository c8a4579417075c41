//! An evaluation of the case-file review assistant that does not share its ground truth
//! with the checks (issue 16, item 1).
//!
//! - [`generator`] writes raw case-file records (cases, steps, evidence, disclosures, audit
//!   events) with SQL, from a fixed seed, and plants defects by construction. It computes its
//!   dates with its own reading of the holiday notices ([`calendar`]) and of the statute; it
//!   calls nothing of `fazhi_core::cases::deadlines`, the checks, their loader or the
//!   procedure rules they apply. The base registry (the body, its officers and cards, the
//!   power list, the statutes and the calendar) is set up through the public setup paths.
//! - [`dump`] renders every case file as text, read from the tables, for a human reviewer.
//! - [`labels`] reads the reviewed labels file (`eval/supervision/labels.toml`): the
//!   reviewer's reading of the dumps, each label with its reason.
//! - [`eval`] runs the checks over the generated files and scores them against both label
//!   sources.

pub mod calendar;
pub mod dump;
pub mod eval;
pub mod generator;
pub mod labels;
