//! Storage and rule tests of the core, run on SQLite and (with FAZHI_TEST_PG) on PostgreSQL.

// The whole binary is tests: a failed unwrap is a failed assertion (clippy.toml allows it only
// inside #[test] functions, not in the shared helpers).
#![allow(clippy::unwrap_used)]

mod audit;
mod auth;
mod case_safeguards;
mod cases;
mod counsel;
mod decisions;
mod deployment;
mod dispatch;
mod inspection;
mod law_currency;
mod mediation;
mod migrations;
mod normative;
mod org;
mod powers;
mod procedure;
mod reconsideration;
mod sampling;
mod security;
mod supervision_assess;
mod supervision_checks;
mod supervision_review;
mod support;
