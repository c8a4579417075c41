//! Demo of supervision for 2024, built after the cases: the planted defects (and the labels of
//! the irregularities the case generator made on purpose), the reviewed files, then the monthly
//! assessments, bulletins, interviews, alerts and instruments — in that order, because the
//! reviews find the planted defects and the assessment reads the review scores.

use crate::Result;
use crate::db::Db;

/// Generates the 2024 supervision records of the demo district.
pub async fn generate(db: &Db, progress: &mut dyn FnMut(&str, usize, usize)) -> Result<()> {
    super::checks::plants::plant_demo(db, progress).await?;
    super::review::demo::generate(db, progress).await?;
    super::assessment::demo::generate(db, progress).await?;
    Ok(())
}
