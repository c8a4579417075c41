//! Demo of supervision for 2024, built after the cases: the planted defects (and the labels of
//! the irregularities the case generator made on purpose), the reviewed files, then the monthly
//! assessments, bulletins, interviews, alerts and instruments — in that order, because the
//! reviews find the planted defects and the assessment reads the review scores.

pub mod assessment;
pub mod independent;
pub mod plants;
pub mod review;

use fazhi_core::Result;
use fazhi_core::db::Db;

/// Generates the 2024 supervision records of the demo district.
pub async fn generate(db: &Db, progress: &mut dyn FnMut(&str, usize, usize)) -> Result<()> {
    plants::plant_demo(db, progress).await?;
    review::generate(db, progress).await?;
    assessment::generate(db, progress).await?;
    Ok(())
}
