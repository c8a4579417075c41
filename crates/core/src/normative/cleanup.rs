//! Cleanup (清理): the documents in force whose cited provisions have been repealed or removed
//! (the same currency engine as the power list), and those past their validity or due for their
//! evaluation; a campaign records each document's outcome (keep, amend, repeal) and publishes
//! the list ("有件必备、有备必审、有错必纠", 法规规章备案审查条例 第三条, applied to documents).

use chrono::NaiveDate;
use fazhi_law::Corpus;
use serde::Serialize;
use sqlx::Row;

use super::citations;
use super::workflow::{refused, text};
use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal};
use crate::db::Db;
use crate::labels::labelled_enum;
use crate::time::now_ms;
use crate::{Error, Result};

labelled_enum!(
    /// A document's outcome in a cleanup.
    Outcome {
        Keep = "keep", "继续有效", "Keep";
        Amend = "amend", "修改", "Amend";
        Repeal = "repeal", "废止", "Repeal";
    }
);

/// A document the cleanup should look at, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    pub document_id: i64,
    pub reg_no: String,
    pub title: String,
    pub department: String,
    pub reason: String,
}

/// The report on `on`: stale citations, expired validity, evaluations due.
pub async fn candidates(
    db: &Db,
    corpus: &Corpus,
    region: &str,
    on: NaiveDate,
) -> Result<Vec<Candidate>> {
    let mut out: Vec<Candidate> = citations::stale(db, corpus, region, on)
        .await?
        .into_iter()
        .map(|s| Candidate {
            document_id: s.id,
            reg_no: s.reg_no,
            title: s.title,
            department: s.department,
            reason: format!("引用条文失效：{}", s.reason),
        })
        .collect();
    let rows = sqlx::query(
        "SELECT n.id, n.reg_no, n.title, d.name, n.valid_until, n.evaluation_due, n.evaluated_on FROM normative_documents n \
         JOIN departments d ON d.id = n.department_id WHERE n.region_code = $1 AND n.status = 'published' \
         AND (n.valid_until < $2 OR (n.evaluation_due <= $2 AND n.evaluated_on IS NULL)) ORDER BY n.id",
    )
    .bind(region.to_string())
    .bind(on.to_string())
    .fetch_all(db.pool())
    .await?;
    for r in &rows {
        let id: i64 = r.try_get(0)?;
        let until: String = r.try_get(4)?;
        let reason = if until.as_str() < on.to_string().as_str() {
            format!("有效期已于 {until} 届满")
        } else {
            let due: String = r.try_get(5)?;
            format!("有效期至 {until}，应于 {due} 前评估，尚未评估")
        };
        if let Some(c) = out.iter_mut().find(|c| c.document_id == id) {
            c.reason.push_str(&format!("；{reason}"));
        } else {
            out.push(Candidate {
                document_id: id,
                reg_no: r.try_get(1)?,
                title: r.try_get(2)?,
                department: r.try_get(3)?,
                reason,
            });
        }
    }
    Ok(out)
}

/// Starts a campaign with every candidate of `on` (refused when there is none).
pub async fn start(
    db: &Db,
    who: &Principal,
    corpus: &Corpus,
    name: &str,
    on: NaiveDate,
) -> Result<i64> {
    who.require(Permission::ReviewNormative)?;
    text(name, "name", 200, "清理名称", "name")?;
    let list = candidates(db, corpus, &who.region, on).await?;
    if list.is_empty() {
        return Err(refused(
            "没有需要清理的文件。",
            "No document needs cleaning up.",
        ));
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let id: i64 = sqlx::query(
        "INSERT INTO normative_cleanups (region_code, name, started_on, created_by, created_at) VALUES ($1,$2,$3,$4,$5) RETURNING id",
    )
    .bind(who.region.clone())
    .bind(name.trim().to_string())
    .bind(on.to_string())
    .bind(who.actor().name)
    .bind(now_ms())
    .fetch_one(&mut *tx.conn())
    .await?
    .try_get(0)?;
    for c in &list {
        sqlx::query(
            "INSERT INTO normative_cleanup_items (region_code, cleanup_id, document_id, reason) VALUES ($1,$2,$3,$4)",
        )
        .bind(who.region.clone())
        .bind(id)
        .bind(c.document_id)
        .bind(c.reason.clone())
        .execute(&mut *tx.conn())
        .await?;
    }
    let after = serde_json::json!({"name": name.trim(), "documents": list.len()});
    tx.record(Event {
        action: "normative.cleanup_start",
        object_type: "normative_cleanup",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("启动规范性文件清理 {id}：{} 件", list.len()),
    })
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Records a document's outcome. A repeal repeals the document (its drafting body's decision,
/// recorded by the Justice Bureau as the campaign's result).
pub async fn decide(
    db: &Db,
    who: &Principal,
    item_id: i64,
    outcome: Outcome,
    note: &str,
    on: NaiveDate,
) -> Result<()> {
    who.require(Permission::ReviewNormative)?;
    text(note, "note", 2000, "清理意见", "note")?;
    let row = sqlx::query(
        "SELECT i.document_id, c.published_on FROM normative_cleanup_items i JOIN normative_cleanups c ON c.id = i.cleanup_id \
         WHERE i.id = $1 AND i.region_code = $2",
    )
    .bind(item_id)
    .bind(who.region.clone())
    .fetch_optional(db.pool())
    .await?
    .ok_or_else(|| Error::not_found("cleanup item"))?;
    let doc: i64 = row.try_get(0)?;
    let published: Option<String> = row.try_get(1)?;
    if published.is_some() {
        return Err(refused(
            "清理结果已公布，不能再改。",
            "The cleanup list is published; it cannot change.",
        ));
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    sqlx::query(
        "UPDATE normative_cleanup_items SET outcome = $1, note = $2, decided_on = $3 WHERE id = $4",
    )
    .bind(outcome.as_str())
    .bind(note.trim().to_string())
    .bind(on.to_string())
    .bind(item_id)
    .execute(&mut *tx.conn())
    .await?;
    if outcome == Outcome::Repeal {
        sqlx::query(
            "UPDATE normative_documents SET status = 'repealed', repealed_on = $1, repeal_reason = $2, updated_at = $3 \
             WHERE id = $4 AND status = 'published'",
        )
        .bind(on.to_string())
        .bind(format!("清理废止：{}", note.trim()))
        .bind(now_ms())
        .bind(doc)
        .execute(&mut *tx.conn())
        .await?;
    }
    super::workflow::record(
        tx.conn(),
        &who.region,
        doc,
        "cleanup",
        on,
        &who.actor().name,
        &format!("清理：{}（{}）", outcome.label_zh(), note.trim()),
    )
    .await?;
    tx.record(Event {
        action: "normative.cleanup_decide",
        object_type: "normative",
        object_id: doc.to_string(),
        before: None,
        after: Some(&serde_json::json!({"outcome": outcome.as_str()})),
        summary: format!("清理规范性文件 {doc}：{}", outcome.label_zh()),
    })
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Publishes the campaign's list: refused while a document has no outcome.
pub async fn publish(db: &Db, who: &Principal, id: i64, on: NaiveDate) -> Result<()> {
    who.require(Permission::ReviewNormative)?;
    let open: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM normative_cleanup_items WHERE cleanup_id = $1 AND region_code = $2 AND outcome = ''",
    )
    .bind(id)
    .bind(who.region.clone())
    .fetch_one(db.pool())
    .await?
    .try_get(0)?;
    if open > 0 {
        return Err(refused(
            format!("尚有 {open} 件文件未作清理结论，不能公布清理结果。"),
            format!("{open} document(s) still need an outcome."),
        ));
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let n = sqlx::query(
        "UPDATE normative_cleanups SET published_on = $1 WHERE id = $2 AND region_code = $3 AND published_on IS NULL",
    )
    .bind(on.to_string())
    .bind(id)
    .bind(who.region.clone())
    .execute(&mut *tx.conn())
    .await?
    .rows_affected();
    if n == 0 {
        return Err(Error::not_found("unpublished cleanup"));
    }
    tx.record(Event {
        action: "normative.cleanup_publish",
        object_type: "normative_cleanup",
        object_id: id.to_string(),
        before: None,
        after: None,
        summary: format!("公布规范性文件清理结果 {id}"),
    })
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A line of a campaign's list.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: i64,
    pub document_id: i64,
    pub reg_no: String,
    pub title: String,
    pub reason: String,
    pub outcome: String,
    pub note: String,
}

/// A campaign's items (the published list on the portal once `published_on` is set).
pub async fn items(db: &Db, region: &str, id: i64) -> Result<Vec<Item>> {
    let rows = sqlx::query(
        "SELECT i.id, i.document_id, n.reg_no, n.title, i.reason, i.outcome, i.note FROM normative_cleanup_items i \
         JOIN normative_documents n ON n.id = i.document_id WHERE i.cleanup_id = $1 AND i.region_code = $2 ORDER BY i.id",
    )
    .bind(id)
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Item {
                id: r.try_get(0)?,
                document_id: r.try_get(1)?,
                reg_no: r.try_get(2)?,
                title: r.try_get(3)?,
                reason: r.try_get(4)?,
                outcome: r.try_get(5)?,
                note: r.try_get(6)?,
            })
        })
        .collect()
}

/// A campaign.
#[derive(Debug, Clone, Serialize)]
pub struct Campaign {
    pub id: i64,
    pub name: String,
    pub started_on: String,
    pub published_on: Option<String>,
}

/// The campaigns of the region, latest first (`published_only` for the portal).
pub async fn campaigns(db: &Db, region: &str, published_only: bool) -> Result<Vec<Campaign>> {
    let rows = sqlx::query(
        "SELECT id, name, started_on, published_on FROM normative_cleanups WHERE region_code = $1 \
         AND ($2 = 0 OR published_on IS NOT NULL) ORDER BY id DESC LIMIT 100",
    )
    .bind(region.to_string())
    .bind(i64::from(published_only))
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Campaign {
                id: r.try_get(0)?,
                name: r.try_get(1)?,
                started_on: r.try_get(2)?,
                published_on: r.try_get(3)?,
            })
        })
        .collect()
}
