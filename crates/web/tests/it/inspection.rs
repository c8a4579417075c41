//! Tests of the certificate pages and API.
