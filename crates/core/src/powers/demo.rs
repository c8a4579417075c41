//! Demo generator of the power list. (Being built: issue 4.)

use fazhi_law::Corpus;

use crate::Result;
use crate::db::Db;

/// What the generator made.
#[derive(Debug, Clone, Default)]
pub struct PowersDemo {
    pub items: usize,
}

/// Builds the 2024 power list and its history.
pub async fn generate(
    _db: &Db,
    _corpus: &Corpus,
    _progress: &mut dyn FnMut(&str, usize, usize),
) -> Result<PowersDemo> {
    Ok(PowersDemo::default())
}
