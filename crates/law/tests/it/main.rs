//! Integration tests of fazhi-law against the shared statute corpus (one test binary).

// The whole binary is tests: a failed unwrap is a failed assertion (clippy.toml allows it only
// inside #[test] functions, not in the shared helpers).
#![allow(clippy::unwrap_used)]

mod cite;
mod commands;
mod common;
mod corpus;
mod currency;
mod parse;
mod search;
