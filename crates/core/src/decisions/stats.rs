//! The figures of a year, counted from the records (no figure is typed in).

use serde::Serialize;
use sqlx::Row;

use crate::Result;
use crate::db::Db;

/// `fazhi decisions stats --year Y --json`.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct DecisionStats {
    pub year: i32,
    /// Items listed in the year's catalogue (withdrawn items and mere proposals excluded).
    pub catalogue_items: i64,
    /// Of those, published on the portal.
    pub catalogue_published: i64,
    /// Published share of the catalogue in percent; `None` when the catalogue is empty.
    pub catalogue_publication_rate: Option<f64>,
    /// Decisions adopted at a collective discussion in the year.
    pub decided: i64,
    /// Of those, published (第三十二条).
    pub published: i64,
    /// Decisions whose whole-process record was archived in the year (第三十三条).
    pub archived: i64,
}

/// `part / whole` in percent with one decimal, `None` over nothing.
pub fn percent(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
}

/// The figures of `year` for the region.
pub async fn year(db: &Db, region: &str, year: i32) -> Result<DecisionStats> {
    let from = format!("{year}-01-01");
    let to = format!("{}-01-01", year + 1);
    let c = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN published_on IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM decision_items WHERE region_code = $1 AND year = $2 AND status = 'listed'",
    )
    .bind(region.to_string())
    .bind(i64::from(year))
    .fetch_one(db.pool())
    .await?;
    let items: i64 = c.try_get(0)?;
    let published_items: i64 = c.try_get(1)?;
    let d = sqlx::query(
        "SELECT CAST(COALESCE(SUM(CASE WHEN status IN ('decided', 'published') THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN status = 'published' THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM major_decisions WHERE region_code = $1 AND decided_on >= $2 AND decided_on < $3",
    )
    .bind(region.to_string())
    .bind(from.clone())
    .bind(to.clone())
    .fetch_one(db.pool())
    .await?;
    let archived: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM major_decisions WHERE region_code = $1 AND archived_on >= $2 AND archived_on < $3",
    )
    .bind(region.to_string())
    .bind(from)
    .bind(to)
    .fetch_one(db.pool())
    .await?
    .try_get(0)?;
    Ok(DecisionStats {
        year,
        catalogue_items: items,
        catalogue_published: published_items,
        catalogue_publication_rate: percent(published_items, items),
        decided: d.try_get(0)?,
        published: d.try_get(1)?,
        archived,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_rate_over_nothing_is_none() {
        assert_eq!(super::percent(0, 0), None);
        assert_eq!(super::percent(12, 12), Some(100.0));
        assert_eq!(super::percent(1, 3), Some(33.3));
    }
}
