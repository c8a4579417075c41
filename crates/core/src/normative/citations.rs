//! A document's text scanned for citations with the corpus resolver, each cited provision
//! checked for being in force on a date (the same engine as the power list, `law::currency`),
//! and the documents in force that cite provisions no longer in force (清理's first list).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use fazhi_law::{Corpus, Currency, ProvisionCode, ResolveOptions};
use serde::Serialize;
use sqlx::{AnyConnection, Row};

use crate::Result;
use crate::db::Db;
use crate::law::currency::law_date;

/// One citation found in a text.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Found {
    /// Version-free code (`大气污染防治法/art_99`).
    pub code: String,
    /// Canonical citation.
    pub citation: String,
}

/// The citations of `text` as version-free codes (duplicates removed). They resolve against
/// the latest text of each law, so that a repealed law still resolves and [`lapsed`] can name
/// the lapse on the day that matters. Unresolvable citations are left to the reviewer.
pub fn scan(corpus: &Corpus, text: &str) -> Vec<Found> {
    let mut seen = BTreeSet::new();
    corpus
        .resolve(text, &ResolveOptions::default())
        .resolved
        .into_iter()
        .filter(|r| seen.insert(r.code.clone()))
        .map(|r| Found {
            code: r.code,
            citation: r.citation,
        })
        .collect()
}

/// The cited provisions not in force on `on` (repealed, not yet in force, removed); a
/// displaced provision is still law and is not listed.
pub fn lapsed(corpus: &Corpus, codes: &[String], on: NaiveDate) -> Vec<Currency> {
    let Some(day) = law_date(on) else {
        return Vec::new();
    };
    let mut seen = BTreeSet::new();
    codes
        .iter()
        .filter(|c| seen.insert(c.to_string()))
        .filter_map(|c| c.parse::<ProvisionCode>().ok())
        .filter_map(|c| corpus.currency(&c, day))
        .filter(|c| c.lapse.refuses())
        .collect()
}

/// Replaces a document's stored citations.
pub(crate) async fn store(
    conn: &mut AnyConnection,
    region: &str,
    document_id: i64,
    found: &[Found],
) -> Result<()> {
    sqlx::query("DELETE FROM normative_citations WHERE document_id = $1")
        .bind(document_id)
        .execute(&mut *conn)
        .await?;
    for f in found {
        sqlx::query(
            "INSERT INTO normative_citations (region_code, document_id, code, citation) VALUES ($1,$2,$3,$4)",
        )
        .bind(region.to_string())
        .bind(document_id)
        .bind(f.code.clone())
        .bind(f.citation.clone())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// A document in force that cites a provision not in force.
#[derive(Debug, Clone, Serialize)]
pub struct StaleDocument {
    pub id: i64,
    pub reg_no: String,
    pub title: String,
    pub department: String,
    pub published_on: String,
    /// The lapsed citations.
    pub citations: Vec<String>,
    /// One line per lapsed provision, Chinese and English.
    pub reason: String,
    pub reason_en: String,
    /// The earliest day a cited provision left force.
    pub since: String,
}

/// `fazhi normative stale --on DATE`: the documents in force on `on` (published, not repealed
/// or replaced, within validity) citing a provision not in force on `on`.
pub async fn stale(
    db: &Db,
    corpus: &Corpus,
    region: &str,
    on: NaiveDate,
) -> Result<Vec<StaleDocument>> {
    let rows = sqlx::query(
        "SELECT n.id, n.reg_no, n.title, d.name, n.published_on, c.code FROM normative_documents n \
         JOIN departments d ON d.id = n.department_id JOIN normative_citations c ON c.document_id = n.id \
         WHERE n.region_code = $1 AND n.status = 'published' AND n.published_on <= $2 \
         AND (n.valid_until IS NULL OR n.valid_until >= $2) ORDER BY n.id, c.id",
    )
    .bind(region.to_string())
    .bind(on.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut out: Vec<StaleDocument> = Vec::new();
    let mut current: Option<(StaleDocument, Vec<String>)> = None;
    let flush = |cur: Option<(StaleDocument, Vec<String>)>, out: &mut Vec<StaleDocument>| {
        if let Some((mut doc, codes)) = cur {
            let lapses = lapsed(corpus, &codes, on);
            if !lapses.is_empty() {
                doc.citations = lapses.iter().map(|c| c.citation.clone()).collect();
                doc.reason = lapses
                    .iter()
                    .map(Currency::message_zh)
                    .collect::<Vec<_>>()
                    .join("；");
                doc.reason_en = lapses
                    .iter()
                    .map(Currency::message_en)
                    .collect::<Vec<_>>()
                    .join("; ");
                doc.since = lapses
                    .iter()
                    .map(|c| c.since.to_string())
                    .min()
                    .unwrap_or_default();
                out.push(doc);
            }
        }
    };
    for r in &rows {
        let id: i64 = r.try_get(0)?;
        let code: String = r.try_get(5)?;
        match &mut current {
            Some((doc, codes)) if doc.id == id => codes.push(code),
            _ => {
                flush(current.take(), &mut out);
                current = Some((
                    StaleDocument {
                        id,
                        reg_no: r.try_get(1)?,
                        title: r.try_get(2)?,
                        department: r.try_get(3)?,
                        published_on: r.try_get(4)?,
                        citations: Vec::new(),
                        reason: String::new(),
                        reason_en: String::new(),
                        since: String::new(),
                    },
                    vec![code],
                ));
            }
        }
    }
    flush(current.take(), &mut out);
    Ok(out)
}
