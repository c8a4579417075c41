//! People's mediation (人民调解, 人民调解法 2010) on three levels: the district committee, a
//! committee per 街镇 and the 村居 committees, with the trade and professional committees beside
//! them. The Justice Bureau (`Supervisor`, district scope) sees and manages everything; a 司法所
//! (`JusticeOffice`) its 街镇; a 人民调解员 (`Mediator`) its one organisation ([`scope`]).
//!
//! - [`rules`]: composition, terms, the 司法确认 window and the categories, each with its article.
//! - [`orgs`]: organisations and mediators, the tree by level.
//! - [`disputes`]: disputes as stored and their lists, scope applied in SQL.
//! - [`workflow`]: intake and the steps (session, escalation, assignment, agreement, failure,
//!   follow-up, 司法确认), each refused with its article before anything is written.
//! - [`screenings`]: 矛盾排查 by grid and date, prevention and escalation.
//! - [`bulk`]: batched writes of generated records (demo, benchmark) through the same checks.
//! - [`stats`]: the figures of a year, counted from the records.

pub mod bulk;
pub mod disputes;
pub mod import;
pub mod orgs;
pub mod rules;
pub mod scope;
pub mod screenings;
pub mod stats;
pub mod workflow;

pub use disputes::{Dispute, Status};
pub use rules::{Channel, DisputeKind, Level, OrgKind, Risk};
pub use workflow::{NewDispute, Step};
