//! Demo generator of the module. (Being built.)

use crate::Result;
use crate::db::Db;

/// Builds the module's 2024 demo records (after the power list exists).
pub async fn generate(_db: &Db, _progress: &mut dyn FnMut(&str, usize, usize)) -> Result<()> {
    Ok(())
}
