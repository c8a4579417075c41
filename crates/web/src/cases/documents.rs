//! Printable rendering of enforcement instruments. (Being built.)
