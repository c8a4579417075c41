//! Storage and rule tests of the core, run on SQLite and (with FAZHI_TEST_PG) on PostgreSQL.

mod audit;
mod auth;
mod cases;
mod dispatch;
mod inspection;
mod migrations;
mod org;
mod powers;
mod sampling;
mod supervision_assess;
mod supervision_checks;
mod supervision_review;
mod support;
