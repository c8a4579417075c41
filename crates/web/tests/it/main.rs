//! End-to-end tests of the web layer against a real server on port 0 with the demo district,
//! on SQLite or (with FAZHI_TEST_PG) PostgreSQL; plus one headless-Chromium test.

// The whole binary is tests: a failed unwrap is a failed assertion (clippy.toml allows it only
// inside #[test] functions, not in the shared helpers).
#![allow(clippy::unwrap_used)]

mod browser;
mod case_safeguards;
mod cases;
mod cases_demo;
mod counsel;
mod decisions;
mod deployment;
mod dispatch;
mod input;
mod inspection;
mod instances;
mod law;
mod leniency;
mod matrix;
mod mediation;
mod normative;
mod openapi;
mod powers;
mod procedure;
mod reconsideration;
mod route_table;
mod sampling;
mod security;
mod supervision;
mod supervision_review;
mod support;
