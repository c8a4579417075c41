//! Fazhi domain core: one folder per module of the report's system map, plus the
//! shared kernel (db, audit, auth, calendar, ids, money, errors).
//!
//! Rules are pure functions over plain data; storage is thin SQL around them and runs
//! unchanged on SQLite and PostgreSQL (see `db`).

pub mod audit;
pub mod auth;
pub mod calendar;
pub mod cases;
pub mod counsel;
pub mod db;
pub mod decisions;
pub mod dispatch;
pub mod error;
pub mod excel;
pub mod ids;
pub mod inspection;
mod labels;
pub mod law;
pub mod leniency;
pub mod litigation;
pub mod mediation;
pub mod money;
pub mod normative;
pub mod org;
pub mod powers;
pub mod procedure;
pub mod reconsideration;
pub mod sampling;
pub mod supervision;
pub mod testing;
pub mod time;

pub use error::{Code, Error, Result};

/// GB/T 2260 code of 天津市滨海新区, the owner of every record the demo creates.
pub const BINHAI_REGION: &str = "120116";
