//! Tests of inspections and certificates.
