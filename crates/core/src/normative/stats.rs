//! The figures of a year, counted from the records (no figure is typed in).

use serde::Serialize;
use sqlx::Row;

use crate::Result;
use crate::db::Db;

/// `fazhi normative stats --year Y --json`.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct NormativeStats {
    pub year: i32,
    /// Documents submitted for the legality review in the year.
    pub documents: i64,
    /// Documents whose legality review concluded in the year.
    pub legality_reviews: i64,
    /// Review opinions given on those documents.
    pub opinions: i64,
    /// Of the documents published in the year, the share (%) that passed a legality review
    /// first; `None` when none was published.
    pub review_rate: Option<f64>,
    /// Documents filed (备案) in the year.
    pub filed: i64,
    /// Documents given a cleanup outcome in the year.
    pub cleaned: i64,
    /// Published in the year.
    pub published: i64,
}

/// The figures of `year` for the region.
pub async fn year(db: &Db, region: &str, year: i32) -> Result<NormativeStats> {
    let from = format!("{year}-01-01");
    let to = format!("{}-01-01", year + 1);
    let count = |sql: &'static str| {
        let (region, from, to) = (region.to_string(), from.clone(), to.clone());
        async move {
            let n: i64 = sqlx::query(sql)
                .bind(region)
                .bind(from)
                .bind(to)
                .fetch_one(db.pool())
                .await?
                .try_get(0)?;
            Ok::<i64, crate::Error>(n)
        }
    };
    // The steps table keeps every submission and conclusion, even of a draft sent back and
    // reviewed again.
    let documents = count(
        "SELECT CAST(COUNT(DISTINCT document_id) AS BIGINT) FROM normative_steps WHERE region_code = $1 \
         AND action = 'request_review' AND on_date >= $2 AND on_date < $3",
    )
    .await?;
    let legality_reviews = count(
        "SELECT CAST(COUNT(DISTINCT document_id) AS BIGINT) FROM normative_steps WHERE region_code = $1 \
         AND action = 'conclude' AND on_date >= $2 AND on_date < $3",
    )
    .await?;
    let opinions = count(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM normative_opinions o WHERE o.region_code = $1 AND o.document_id IN \
         (SELECT document_id FROM normative_steps WHERE region_code = $1 AND action = 'conclude' AND on_date >= $2 AND on_date < $3)",
    )
    .await?;
    let published = count(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM normative_documents WHERE region_code = $1 \
         AND published_on >= $2 AND published_on < $3",
    )
    .await?;
    let published_reviewed = count(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM normative_documents WHERE region_code = $1 \
         AND published_on >= $2 AND published_on < $3 AND reviewed_on IS NOT NULL AND review_conclusion IN ('lawful', 'amend')",
    )
    .await?;
    let filed = count(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM normative_documents WHERE region_code = $1 \
         AND filed_on >= $2 AND filed_on < $3",
    )
    .await?;
    let cleaned = count(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM normative_cleanup_items WHERE region_code = $1 \
         AND decided_on >= $2 AND decided_on < $3",
    )
    .await?;
    Ok(NormativeStats {
        year,
        documents,
        legality_reviews,
        opinions,
        review_rate: rate(published_reviewed, published),
        filed,
        cleaned,
        published,
    })
}

/// A percentage with one decimal; `None` over nothing.
pub fn rate(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_over_nothing_is_none() {
        assert_eq!(rate(0, 0), None);
        assert_eq!(rate(226, 226), Some(100.0));
        assert_eq!(rate(1, 3), Some(33.3));
    }
}
