//! Demo generator of 2024 penalty cases. (Being built.)

use crate::Result;
use crate::db::Db;

/// Generates the 2024 cases of the demo district.
pub async fn generate(_db: &Db, _progress: &mut dyn FnMut(&str, usize, usize)) -> Result<()> {
    Ok(())
}

/// Adds `n` synthetic decided cases for benchmarks (bulk insert, not audited).
pub async fn populate(_db: &Db, _n: usize) -> Result<usize> {
    Ok(0)
}
