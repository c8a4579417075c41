//! Major administrative decisions (重大行政决策, 重大行政决策程序暂行条例 2019). The district
//! government decides (第二条); its Justice Bureau (role `Supervisor`) keeps the catalogue, runs
//! the legality review and records the collective discussion, publication, archive and
//! post-evaluation for it; a body (role `DeptAdmin`) proposes items and, as 决策承办单位, runs
//! its decisions' public participation, expert argument and risk assessment. Departments'
//! own decisions follow the same procedure (第四十二条 参照执行).
//!
//! - [`rules`]: the time limits and gates as pure functions, each with its article.
//! - [`catalogue`]: the yearly catalogue (第三条 第三款): proposals, listing, the Party
//!   committee's agreement, publication and adjustment.
//! - [`records`]: decisions as stored, lists with the data scope applied on the server.
//! - [`workflow`]: the five procedures and what follows as a table of steps, each refused with
//!   its article before anything is written.
//! - [`stats`]: the figures of a year, counted from the records.

pub mod catalogue;
pub mod records;
pub mod rules;
pub mod stats;
pub mod workflow;

pub use records::{Decision, Status};
pub use workflow::{NewDecision, Step};
