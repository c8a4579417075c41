//! Tests of the sampling module.
