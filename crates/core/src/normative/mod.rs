//! Normative documents (行政规范性文件): drafting through the gates of 优化营商环境条例
//! (第六十二–六十四条), 公平竞争审查条例 (2024) and the legality review (国办发〔2018〕115号,
//! configured here since it is not in the corpus), registration (三统一), publication, filing,
//! validity, amendment and repeal; the cleanup; incidental review from reconsideration.
//!
//! A drafting body (role `DeptAdmin`) drafts and answers for its own documents; the Justice
//! Bureau (role `Supervisor`) reviews every one; the public sees what is published.
//!
//! - [`rules`]: periods, checklists and standards as pure functions and tables, with sources.
//! - [`records`]: documents as stored, lists with the data scope applied on the server.
//! - [`workflow`]: the steps as a table, each refused with its article before anything is written.
//! - [`citations`]: the text scanned by the corpus resolver, provisions checked in force.
//! - [`fair_competition`], [`cleanup`], [`incidental`], [`stats`].

pub mod citations;
pub mod cleanup;
pub mod fair_competition;
pub mod incidental;
pub mod records;
pub mod rules;
pub mod stats;
pub mod workflow;

pub use records::Document;
pub use rules::{Conclusion, Status};
pub use workflow::{NewDocument, Step};
