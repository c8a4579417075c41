//! Legal corpus for Fazhi: statute parser, provision codes, versions, citation resolver,
//! cross-references and full-text search. Pure library: no database, no I/O beyond reading
//! the statute files a caller names. See docs/law.md and docs/legal-codes.md.

#![warn(missing_docs)]

pub mod cite;
pub mod code;
pub mod commands;
pub mod corpus;
pub mod currency;
pub mod date;
pub mod error;
pub mod numeral;
pub mod parse;
pub mod registry;
pub mod search;

pub use cite::{CrossRefs, Edge, Resolution, ResolveOptions, Resolved};
pub use code::{Kind, ProvisionCode, Seg};
pub use corpus::{
    Change, ChangeKind, Corpus, Diff, ImportSummary, Law, Level, Provision, ProvisionRow, Status,
    Version,
};
pub use currency::{Currency, Lapse, Successor, TwoTexts};
pub use date::Date;
pub use error::{Diagnostic, LawError};
pub use parse::{Node, Statute, parse_file, parse_statute};
pub use registry::{CitationRegistry, CitingRecord, Impact, InMemoryRegistry, Registries};
pub use search::{Hit, SearchFilters, SearchResults};
