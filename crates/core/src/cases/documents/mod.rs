//! Enforcement instruments (执法文书) generated from a case. (Being built.)
