//! Published versions of the list. Publishing applies every approved proposal at once and
//! records one revision per item touched; version N is reproduced as each item's latest
//! revision at or below N, so any two versions can be compared.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;
use sqlx::Row;

use super::items::{body_json, parse_body, search_text};
use super::model::{PowerItem, ProposalKind, VersionRow};
use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal};
use crate::db::Db;
use crate::time::now_ms;
use crate::{Code, Error, Result};

/// Rows per multi-row statement (well under both backends' parameter limits).
const CHUNK: usize = 400;

/// `($1, $2, …), (…)` for `rows` rows of `cols` parameters starting at `$first`.
pub(crate) fn values_sql(rows: usize, cols: usize, first: usize) -> String {
    let mut s = String::with_capacity(rows * cols * 5);
    for r in 0..rows {
        if r > 0 {
            s.push_str(", ");
        }
        s.push('(');
        for c in 0..cols {
            if c > 0 {
                s.push_str(", ");
            }
            s.push_str(&format!("${}", first + r * cols + c));
        }
        s.push(')');
    }
    s
}

struct Approved {
    id: i64,
    kind: ProposalKind,
    item_id: Option<i64>,
    body: Option<PowerItem>,
}

/// Publishes every approved proposal of the region as the next version, on date `on`.
pub async fn publish_version(
    db: &Db,
    who: &Principal,
    on: NaiveDate,
    note: &str,
) -> Result<VersionRow> {
    who.require(Permission::ReviewPowers)?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let v = publish_in_tx(&mut tx, &who.region, on, note).await?;
    tx.commit().await?;
    Ok(v)
}

/// The version being published: its region, number and timestamp, bound into every row it writes.
struct Stamp<'a> {
    region: &'a str,
    number: i64,
    now: i64,
}

/// The publication inside a transaction (no permission check: callers check; the demo).
pub async fn publish_in_tx(
    tx: &mut AuditedTx,
    region: &str,
    on: NaiveDate,
    note: &str,
) -> Result<VersionRow> {
    let approved = load_approved(tx, region).await?;
    if approved.is_empty() {
        return Err(Error::of(Code::PowersNothingToPublish));
    }
    let number = next_number(tx, region).await?;
    let now = now_ms();
    let by = tx.actor().name.clone();
    let version_id: i64 = sqlx::query(
        "INSERT INTO power_versions (region_code, number, published_on, published_at, published_by, note, item_count, adjustments) \
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7) RETURNING id",
    )
    .bind(region.to_string())
    .bind(number)
    .bind(on.to_string())
    .bind(now)
    .bind(by.clone())
    .bind(note.trim().to_string())
    .bind(approved.len() as i64)
    .fetch_one(tx.conn())
    .await?
    .try_get(0)?;
    let stamp = Stamp {
        region,
        number,
        now,
    };
    let added_ids = insert_additions(tx, &stamp, &approved).await?;
    apply_changes(tx, &stamp, &approved).await?;
    apply_cancels(tx, &stamp, &approved).await?;
    insert_revisions(tx, &stamp, &revisions(&approved, &added_ids)).await?;
    let max_id = approved.last().map(|a| a.id).unwrap_or(0);
    sqlx::query(
        "UPDATE power_proposals SET status = 'published', version_id = $1, updated_at = $2 \
         WHERE region_code = $3 AND status = 'approved' AND id <= $4",
    )
    .bind(version_id)
    .bind(now)
    .bind(region.to_string())
    .bind(max_id)
    .execute(tx.conn())
    .await?;
    let item_count = store_item_count(tx, region, version_id).await?;
    let ids: Vec<i64> = approved.iter().map(|a| a.id).collect();
    let after = json!({"version": number, "published_on": on.to_string(), "proposals": ids, "item_count": item_count});
    tx.record(Event {
        action: "powers.version.publish",
        object_type: "power_version",
        object_id: number.to_string(),
        before: None,
        after: Some(&after),
        summary: format!(
            "发布权责清单第 {number} 版：调整 {} 项，现有事项 {item_count} 项",
            approved.len()
        ),
    })
    .await?;
    Ok(VersionRow {
        id: version_id,
        number,
        published_on: on.to_string(),
        published_at: now,
        published_by: by,
        note: note.trim().to_string(),
        item_count,
        adjustments: approved.len() as i64,
    })
}

/// The region's approved proposals in id order, bodies parsed (an unknown kind reads as a change).
async fn load_approved(tx: &mut AuditedTx, region: &str) -> Result<Vec<Approved>> {
    let rows = sqlx::query(
        "SELECT id, kind, item_id, body FROM power_proposals WHERE region_code = $1 AND status = 'approved' ORDER BY id",
    )
    .bind(region.to_string())
    .fetch_all(tx.conn())
    .await?;
    let mut approved = Vec::with_capacity(rows.len());
    for r in &rows {
        let body: String = r.try_get(3)?;
        approved.push(Approved {
            id: r.try_get(0)?,
            kind: ProposalKind::parse(&r.try_get::<String, _>(1)?).unwrap_or(ProposalKind::Change),
            item_id: r.try_get(2)?,
            body: if body.is_empty() {
                None
            } else {
                Some(parse_body(&body)?)
            },
        });
    }
    Ok(approved)
}

/// The number the next version of the region gets (1 for the first).
async fn next_number(tx: &mut AuditedTx, region: &str) -> Result<i64> {
    let last: i64 = sqlx::query(
        "SELECT CAST(COALESCE(MAX(number), 0) AS BIGINT) FROM power_versions WHERE region_code = $1",
    )
    .bind(region.to_string())
    .fetch_one(tx.conn())
    .await?
    .try_get(0)?;
    Ok(last + 1)
}

/// Inserts the additions as new active items; returns their ids by code.
async fn insert_additions(
    tx: &mut AuditedTx,
    stamp: &Stamp<'_>,
    approved: &[Approved],
) -> Result<BTreeMap<String, i64>> {
    let Stamp {
        region,
        number,
        now,
    } = *stamp;
    // Additions: new active items, then their ids by code.
    let adds: Vec<&PowerItem> = approved
        .iter()
        .filter(|a| a.kind == ProposalKind::Add)
        .filter_map(|a| a.body.as_ref())
        .collect();
    for chunk in adds.chunks(CHUNK) {
        let sql = format!(
            "INSERT INTO power_items (region_code, code, name, category, department_id, status, body, search_text, \
             published_version, created_at, updated_at) VALUES {}",
            values_sql(chunk.len(), 11, 1)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for i in chunk {
            q = q
                .bind(region.to_string())
                .bind(i.code.clone())
                .bind(i.name.clone())
                .bind(i.category.as_str())
                .bind(i.department_id)
                .bind("active")
                .bind(body_json(i))
                .bind(search_text(i))
                .bind(number)
                .bind(now)
                .bind(now);
        }
        q.execute(tx.conn()).await.map_err(|e| {
            if crate::db::is_unique_violation(&e) {
                Error::of(Code::PowersCodeExists).arg_zh_en(
                    "reason",
                    "待发布的新增事项中有编码与已有事项重复，请退回相关申请。",
                    "An item to add has the code of an existing item; return that proposal.",
                )
            } else {
                e.into()
            }
        })?;
    }
    let mut added_ids: BTreeMap<String, i64> = BTreeMap::new();
    if !adds.is_empty() {
        let rows = sqlx::query(
            "SELECT id, code FROM power_items WHERE region_code = $1 AND published_version = $2",
        )
        .bind(region.to_string())
        .bind(number)
        .fetch_all(tx.conn())
        .await?;
        for r in rows {
            added_ids.insert(r.try_get(1)?, r.try_get(0)?);
        }
    }
    Ok(added_ids)
}

/// Applies the changes to their items.
async fn apply_changes(tx: &mut AuditedTx, stamp: &Stamp<'_>, approved: &[Approved]) -> Result<()> {
    // Changes and cancellations: one UPDATE … FROM (VALUES …) per chunk (both backends name
    // VALUES columns column1, column2, …).
    let changes: Vec<(i64, &PowerItem)> = approved
        .iter()
        .filter(|a| a.kind == ProposalKind::Change)
        .filter_map(|a| Some((a.item_id?, a.body.as_ref()?)))
        .collect();
    for chunk in changes.chunks(CHUNK) {
        let sql = format!(
            "UPDATE power_items SET body = v.column2, name = v.column3, category = v.column4, search_text = v.column5, \
             published_version = v.column6, updated_at = v.column7 FROM (VALUES {}) AS v \
             WHERE power_items.id = v.column1",
            values_sql(chunk.len(), 7, 1)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (id, i) in chunk {
            q = q
                .bind(*id)
                .bind(body_json(i))
                .bind(i.name.clone())
                .bind(i.category.as_str())
                .bind(search_text(i))
                .bind(stamp.number)
                .bind(stamp.now);
        }
        q.execute(tx.conn()).await?;
    }
    Ok(())
}

/// Marks the cancelled items as such.
async fn apply_cancels(tx: &mut AuditedTx, stamp: &Stamp<'_>, approved: &[Approved]) -> Result<()> {
    let cancels: Vec<i64> = approved
        .iter()
        .filter(|a| a.kind == ProposalKind::Cancel)
        .filter_map(|a| a.item_id)
        .collect();
    for chunk in cancels.chunks(CHUNK) {
        let sql = format!(
            "UPDATE power_items SET status = 'cancelled', published_version = $1, updated_at = $2 WHERE id IN ({})",
            (0..chunk.len())
                .map(|i| format!("${}", i + 3))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(stamp.number)
            .bind(stamp.now);
        for id in chunk {
            q = q.bind(*id);
        }
        q.execute(tx.conn()).await?;
    }
    Ok(())
}

/// Revisions: the snapshot of every item the version touched, as (item id, op, body).
fn revisions(
    approved: &[Approved],
    added_ids: &BTreeMap<String, i64>,
) -> Vec<(i64, &'static str, String)> {
    let mut revs: Vec<(i64, &'static str, String)> = Vec::with_capacity(approved.len());
    for a in approved {
        match a.kind {
            ProposalKind::Add => {
                if let Some(b) = &a.body
                    && let Some(id) = added_ids.get(&b.code)
                {
                    revs.push((*id, "add", body_json(b)));
                }
            }
            ProposalKind::Change => {
                if let (Some(id), Some(b)) = (a.item_id, &a.body) {
                    revs.push((id, "change", body_json(b)));
                }
            }
            ProposalKind::Cancel => {
                if let Some(id) = a.item_id {
                    revs.push((id, "cancel", String::new()));
                }
            }
        }
    }
    revs
}

/// Inserts the revisions under the version's number.
async fn insert_revisions(
    tx: &mut AuditedTx,
    stamp: &Stamp<'_>,
    revs: &[(i64, &'static str, String)],
) -> Result<()> {
    for chunk in revs.chunks(CHUNK) {
        let sql = format!(
            "INSERT INTO power_revisions (region_code, item_id, version_number, op, body) VALUES {}",
            values_sql(chunk.len(), 5, 1)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (id, op, body) in chunk {
            q = q
                .bind(stamp.region.to_string())
                .bind(*id)
                .bind(stamp.number)
                .bind(*op)
                .bind(body.clone());
        }
        q.execute(tx.conn()).await?;
    }
    Ok(())
}

/// Counts the region's active items after publication and stores the count on the version.
async fn store_item_count(tx: &mut AuditedTx, region: &str, version_id: i64) -> Result<i64> {
    let item_count: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM power_items WHERE region_code = $1 AND status = 'active'",
    )
    .bind(region.to_string())
    .fetch_one(tx.conn())
    .await?
    .try_get(0)?;
    sqlx::query("UPDATE power_versions SET item_count = $1 WHERE id = $2")
        .bind(item_count)
        .bind(version_id)
        .execute(tx.conn())
        .await?;
    Ok(item_count)
}

fn row_to_version(r: &sqlx::any::AnyRow) -> Result<VersionRow> {
    Ok(VersionRow {
        id: r.try_get(0)?,
        number: r.try_get(1)?,
        published_on: r.try_get(2)?,
        published_at: r.try_get(3)?,
        published_by: r.try_get(4)?,
        note: r.try_get(5)?,
        item_count: r.try_get(6)?,
        adjustments: r.try_get(7)?,
    })
}

const VCOLS: &str =
    "id, number, published_on, published_at, published_by, note, item_count, adjustments";

/// Every published version, newest first (public information).
pub async fn list_versions(db: &Db, region: &str) -> Result<Vec<VersionRow>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {VCOLS} FROM power_versions WHERE region_code = $1 ORDER BY number DESC"
    )))
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(row_to_version).collect()
}

/// One version by number.
pub async fn get_version(db: &Db, region: &str, number: i64) -> Result<VersionRow> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {VCOLS} FROM power_versions WHERE region_code = $1 AND number = $2"
    )))
    .bind(region.to_string())
    .bind(number)
    .fetch_optional(db.pool())
    .await?
    .ok_or_else(|| Error::not_found("version"))?;
    row_to_version(&r)
}

/// The predicate "this revision is the item's latest at or below version $2".
const LATEST_AT: &str = "r.region_code = $1 AND r.version_number <= $2 AND NOT EXISTS \
    (SELECT 1 FROM power_revisions r2 WHERE r2.item_id = r.item_id AND r2.version_number > r.version_number \
     AND r2.version_number <= $2)";

/// The list exactly as version `number` published it: (item id, item), by code.
pub async fn reproduce_version(
    db: &Db,
    region: &str,
    number: i64,
) -> Result<Vec<(i64, PowerItem)>> {
    get_version(db, region, number).await?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT r.item_id, r.body FROM power_revisions r WHERE {LATEST_AT} AND r.op <> 'cancel'"
    )))
    .bind(region.to_string())
    .bind(number)
    .fetch_all(db.pool())
    .await?;
    let mut out = rows
        .iter()
        .map(|r| Ok((r.try_get(0)?, parse_body(&r.try_get::<String, _>(1)?)?)))
        .collect::<Result<Vec<(i64, PowerItem)>>>()?;
    out.sort_by(|a, b| a.1.code.cmp(&b.1.code));
    Ok(out)
}

/// Items in force in version `number`, counted by query.
pub async fn count_in_version(db: &Db, region: &str, number: i64) -> Result<i64> {
    Ok(sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM power_revisions r WHERE {LATEST_AT} AND r.op <> 'cancel'"
    )))
    .bind(region.to_string())
    .bind(number)
    .fetch_one(db.pool())
    .await?
    .try_get(0)?)
}

/// What changed between two versions.
#[derive(Debug, Clone, Serialize)]
pub struct VersionDiff {
    pub from: i64,
    pub to: i64,
    pub added: Vec<PowerItem>,
    pub removed: Vec<PowerItem>,
    /// (old, new, names of the fields that differ).
    pub changed: Vec<(PowerItem, PowerItem, Vec<&'static str>)>,
    pub unchanged: usize,
}

fn changed_fields(a: &PowerItem, b: &PowerItem) -> Vec<&'static str> {
    let mut f = Vec::new();
    if a.name != b.name {
        f.push("事项名称");
    }
    if a.category != b.category {
        f.push("类别");
    }
    if a.sub_items != b.sub_items {
        f.push("子项");
    }
    if a.basis != b.basis || a.basis_citation != b.basis_citation {
        f.push("实施依据");
    }
    if a.duties != b.duties {
        f.push("责任事项");
    }
    if a.accountability != b.accountability {
        f.push("追责情形");
    }
    if a.department_id != b.department_id || a.department != b.department {
        f.push("实施主体");
    }
    if a.remarks != b.remarks {
        f.push("备注");
    }
    if a.violations != b.violations {
        f.push("违法行为与裁量基准");
    }
    f
}

/// Compares two published versions (in either order).
pub async fn diff_versions(db: &Db, region: &str, from: i64, to: i64) -> Result<VersionDiff> {
    let a: BTreeMap<i64, PowerItem> = reproduce_version(db, region, from)
        .await?
        .into_iter()
        .collect();
    let mut b: BTreeMap<i64, PowerItem> = reproduce_version(db, region, to)
        .await?
        .into_iter()
        .collect();
    let mut d = VersionDiff {
        from,
        to,
        added: Vec::new(),
        removed: Vec::new(),
        changed: Vec::new(),
        unchanged: 0,
    };
    for (id, old) in a {
        match b.remove(&id) {
            None => d.removed.push(old),
            Some(new) if new == old => d.unchanged += 1,
            Some(new) => {
                let f = changed_fields(&old, &new);
                d.changed.push((old, new, f));
            }
        }
    }
    d.added = b.into_values().collect();
    d.added.sort_by(|x, y| x.code.cmp(&y.code));
    d.removed.sort_by(|x, y| x.code.cmp(&y.code));
    d.changed.sort_by(|x, y| x.0.code.cmp(&y.0.code));
    Ok(d)
}

/// Figures of a year, each a query over the records.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct YearStats {
    pub year: i32,
    /// Proposals published in versions of that year (additions, changes, cancellations).
    pub adjustments: i64,
    /// Items in force in the last version published in or before that year.
    pub published: i64,
    pub versions: i64,
    pub added: i64,
    pub changed: i64,
    pub cancelled: i64,
    /// Proposals opened automatically after a change of the corpus, that year.
    pub auto_opened: i64,
}

/// Year figures (`fazhi powers stats`, the statistics page).
pub async fn year_stats(db: &Db, region: &str, year: i32) -> Result<YearStats> {
    let (from, to) = (format!("{year:04}-01-01"), format!("{year:04}-12-31"));
    let rows = sqlx::query(
        "SELECT p.kind, CAST(COUNT(*) AS BIGINT) FROM power_proposals p JOIN power_versions v ON v.id = p.version_id \
         WHERE p.region_code = $1 AND p.status = 'published' AND v.published_on >= $2 AND v.published_on <= $3 GROUP BY p.kind",
    )
    .bind(region.to_string())
    .bind(from.clone())
    .bind(to.clone())
    .fetch_all(db.pool())
    .await?;
    let mut s = YearStats {
        year,
        adjustments: 0,
        published: 0,
        versions: 0,
        added: 0,
        changed: 0,
        cancelled: 0,
        auto_opened: 0,
    };
    for r in rows {
        let n: i64 = r.try_get(1)?;
        s.adjustments += n;
        match ProposalKind::parse(&r.try_get::<String, _>(0)?) {
            Some(ProposalKind::Add) => s.added += n,
            Some(ProposalKind::Change) => s.changed += n,
            Some(ProposalKind::Cancel) => s.cancelled += n,
            None => {}
        }
    }
    let v = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(MAX(number), 0) AS BIGINT) FROM power_versions \
         WHERE region_code = $1 AND published_on >= $2 AND published_on <= $3",
    )
    .bind(region.to_string())
    .bind(from.clone())
    .bind(to.clone())
    .fetch_one(db.pool())
    .await?;
    s.versions = v.try_get(0)?;
    let last: i64 = sqlx::query(
        "SELECT CAST(COALESCE(MAX(number), 0) AS BIGINT) FROM power_versions WHERE region_code = $1 AND published_on <= $2",
    )
    .bind(region.to_string())
    .bind(to.clone())
    .fetch_one(db.pool())
    .await?
    .try_get(0)?;
    if last > 0 {
        s.published = count_in_version(db, region, last).await?;
    }
    let start = NaiveDate::parse_from_str(&from, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().timestamp_millis())
        .unwrap_or(0);
    let end = start + 366 * 86_400_000;
    s.auto_opened = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM power_proposals WHERE region_code = $1 AND origin = 'auto' \
         AND created_at >= $2 AND created_at < $3",
    )
    .bind(region.to_string())
    .bind(start)
    .bind(end)
    .fetch_one(db.pool())
    .await?
    .try_get(0)?;
    Ok(s)
}

/// Items in force by category and by department (the statistics page).
pub async fn breakdown(db: &Db, region: &str) -> Result<(Vec<(String, i64)>, Vec<(String, i64)>)> {
    let by_cat = sqlx::query(
        "SELECT category, CAST(COUNT(*) AS BIGINT) FROM power_items WHERE region_code = $1 AND status = 'active' \
         GROUP BY category ORDER BY 2 DESC",
    )
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .collect::<Result<Vec<(String, i64)>>>()?;
    let by_dept = sqlx::query(
        "SELECT d.name, CAST(COUNT(*) AS BIGINT) FROM power_items i JOIN departments d ON d.id = i.department_id \
         WHERE i.region_code = $1 AND i.status = 'active' GROUP BY d.name ORDER BY 2 DESC",
    )
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .collect::<Result<Vec<(String, i64)>>>()?;
    Ok((by_cat, by_dept))
}
