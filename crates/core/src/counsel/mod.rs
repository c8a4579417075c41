//! Legal counsel (法律顾问) and public-sector lawyers (公职律师) of the district's bodies: a
//! registry by body with qualifications and appointments, assignments of matters to them and
//! their written opinions, keyed by subject kind and id so that every module links them (the
//! legality review of a major decision requires one, 重大行政决策程序暂行条例 第二十八条).
//!
//! - [`rules`]: what a registration must carry (律师法 第五条, 第六条, 第十条, 第十一条, 第十三条).
//! - [`registry`]: counsel and appointments, lists and figures by body with the data scope.
//! - [`opinions`]: assignments and opinions on any subject.
//! - [`stats`]: the figures of a year, counted from the records.

pub mod opinions;
pub mod registry;
pub mod rules;
pub mod stats;

pub use registry::Counsel;
pub use rules::{Kind, NewCounsel, SubjectKind};
