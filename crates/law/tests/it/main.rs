//! Integration tests of fazhi-law against the shared statute corpus (one test binary).

mod cite;
mod commands;
mod common;
mod corpus;
mod parse;
mod search;
