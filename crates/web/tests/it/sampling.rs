//! Tests of the sampling pages and API.
