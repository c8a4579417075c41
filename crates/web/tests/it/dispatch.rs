//! Tests of the dispatch pages and API.
