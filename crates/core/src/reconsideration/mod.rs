//! Administrative reconsideration (行政复议, 行政复议法 2023) and litigation (行政应诉) against the
//! district's bodies; the lawsuits are `crate::litigation`. The district government is the reconsideration body for its departments
//! (第二十四条) and its Justice Bureau runs the work (role `Supervisor`); a respondent body sees
//! and answers its own applications (role `DeptAdmin`).
//!
//! - [`rules`]: the time limits and gates as pure functions, each with its article.
//! - [`records`]: applications as stored, lists with the data scope applied on the server.
//! - [`workflow`]: intake and the steps (acceptance, 补正, copy and answer, extension,
//!   suspension, termination, decision), each refused with its article before anything is
//!   written.
//! - [`stats`]: the figures of a year, counted from the records.

pub mod records;
pub mod rules;
pub mod stats;
pub mod workflow;

pub use records::{Application, DecisionKind, Status};

/// The reconsideration body of the district's departments (行政复议法 第二十四条 第一款 第（一）项),
/// as the penalty decisions name it (`cases::paperwork`).
pub const REVIEW_BODY: &str = "天津市滨海新区人民政府";
/// 行政诉讼法 第四十五条: fifteen days from receiving the reconsideration decision to sue.
pub const SUE_AFTER_DAYS: u32 = 15;
pub use rules::{ActKind, Channel, Procedure};
pub use workflow::{HearingWay, NewApplication, Step};
