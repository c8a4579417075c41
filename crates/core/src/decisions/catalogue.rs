//! The yearly catalogue of decision items (重大行政决策程序暂行条例 第三条 第三款): bodies
//! propose items, the decision body lists them, the catalogue is approved after the Party
//! committee at the same level agrees, then published, and adjusted as the year goes.

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::{AnyConnection, Row};

use super::rules::Category;
use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal, scope_sql};
use crate::db::Db;
use crate::labels::labelled_enum;
use crate::time::now_ms;
use crate::{Code, Error, Result};

labelled_enum!(
    /// Where an item stands.
    ItemStatus {
        Proposed = "proposed", "待审定", "Proposed";
        Listed = "listed", "列入目录", "Listed";
        NotListed = "not_listed", "未列入", "Not listed";
        Withdrawn = "withdrawn", "调出目录", "Withdrawn";
    }
);

labelled_enum!(
    /// Where a year's catalogue stands.
    CatalogueStatus {
        Draft = "draft", "编制中", "Being compiled";
        Approved = "approved", "已经党委同意", "Approved";
        Published = "published", "已公布", "Published";
    }
);

pub(crate) fn invalid(field: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Error {
    Error::of(Code::DecisionsInvalid)
        .for_field(field)
        .arg_zh_en("reason", zh.into(), en.into())
}

pub(crate) fn refused(zh: impl Into<String>, en: impl Into<String>) -> Error {
    Error::of(Code::DecisionsRefused).arg_zh_en("reason", zh.into(), en.into())
}

pub(crate) fn text(v: &str, field: &'static str, max: usize, zh: &str, en: &str) -> Result<()> {
    let n = v.trim().chars().count();
    if n == 0 || n > max {
        return Err(invalid(
            field,
            format!("请填写{zh}（{max} 字以内）。"),
            format!("Enter the {en} (at most {max} characters)."),
        ));
    }
    Ok(())
}

/// A year's catalogue.
#[derive(Debug, Clone, Serialize)]
pub struct Catalogue {
    pub id: i64,
    pub year: i32,
    pub status: CatalogueStatus,
    pub approved_on: Option<String>,
    pub approval_note: String,
    pub published_on: Option<String>,
    pub adjusted_on: Option<String>,
}

/// An item of a catalogue.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: i64,
    pub catalogue_id: i64,
    pub year: i32,
    pub department_id: i64,
    pub department: String,
    pub title: String,
    pub category: Category,
    pub standard: String,
    pub planned: String,
    pub status: ItemStatus,
    pub by_adjustment: bool,
    pub listed_on: Option<String>,
    pub published_on: Option<String>,
    pub withdrawn_on: Option<String>,
    pub note: String,
}

/// An item as a body proposes it.
#[derive(Debug, Clone)]
pub struct NewItem {
    pub year: i32,
    pub department_id: i64,
    pub title: String,
    pub category: Category,
    pub standard: String,
    pub planned: String,
}

fn check_year(year: i32) -> Result<()> {
    // The 条例 is in force from 2019-09-01 (第四十四条); next year's catalogue may be compiled.
    let next = chrono::Datelike::year(&crate::time::today()) + 1;
    if !(2019..=next).contains(&year) {
        return Err(invalid(
            "year",
            format!(
                "年度须在 2019 至 {next} 年之间（《重大行政决策程序暂行条例》自 2019 年 9 月 1 日起施行）。"
            ),
            format!(
                "The year must lie between 2019 and {next} (the Regulations apply from 2019-09-01)."
            ),
        ));
    }
    Ok(())
}

fn check_on(on: NaiveDate) -> Result<()> {
    if on > crate::time::today() {
        return Err(invalid(
            "on",
            "日期不能晚于今天。",
            "The date cannot be in the future.",
        ));
    }
    Ok(())
}

fn catalogue_row(r: &sqlx::any::AnyRow) -> Result<Catalogue> {
    let status: String = r.try_get(2)?;
    Ok(Catalogue {
        id: r.try_get(0)?,
        year: i32::try_from(r.try_get::<i64, _>(1)?).unwrap_or_default(),
        status: CatalogueStatus::parse(&status)
            .ok_or_else(|| Error::Internal(format!("stored catalogue status {status:?}")))?,
        approved_on: r.try_get(3)?,
        approval_note: r.try_get(4)?,
        published_on: r.try_get(5)?,
        adjusted_on: r.try_get(6)?,
    })
}

const CAT_COLS: &str = "id, year, status, approved_on, approval_note, published_on, adjusted_on";

/// The catalogue of a year, if it exists.
pub async fn catalogue_in(
    conn: &mut AnyConnection,
    region: &str,
    year: i32,
) -> Result<Option<Catalogue>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {CAT_COLS} FROM decision_catalogues WHERE region_code = $1 AND year = $2"
    )))
    .bind(region.to_string())
    .bind(i64::from(year))
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(catalogue_row).transpose()
}

/// The catalogue of a year (every role that sees decisions, and the portal once published).
pub async fn catalogue(db: &Db, region: &str, year: i32) -> Result<Option<Catalogue>> {
    let mut conn = db.pool().acquire().await?;
    catalogue_in(&mut conn, region, year).await
}

const ITEM_COLS: &str = "i.id, i.catalogue_id, i.year, i.department_id, d.name, i.title, i.category, i.standard, \
    i.planned, i.status, i.by_adjustment, i.listed_on, i.published_on, i.withdrawn_on, i.note";

fn item_row(r: &sqlx::any::AnyRow) -> Result<Item> {
    let cat: String = r.try_get(6)?;
    let status: String = r.try_get(9)?;
    Ok(Item {
        id: r.try_get(0)?,
        catalogue_id: r.try_get(1)?,
        year: i32::try_from(r.try_get::<i64, _>(2)?).unwrap_or_default(),
        department_id: r.try_get(3)?,
        department: r.try_get(4)?,
        title: r.try_get(5)?,
        category: Category::parse(&cat)
            .ok_or_else(|| Error::Internal(format!("stored category {cat:?}")))?,
        standard: r.try_get(7)?,
        planned: r.try_get(8)?,
        status: ItemStatus::parse(&status)
            .ok_or_else(|| Error::Internal(format!("stored item status {status:?}")))?,
        by_adjustment: r.try_get::<i64, _>(10)? != 0,
        listed_on: r.try_get(11)?,
        published_on: r.try_get(12)?,
        withdrawn_on: r.try_get(13)?,
        note: r.try_get(14)?,
    })
}

/// Loads an item of the region (no scope check: callers check it).
pub async fn item_in(conn: &mut AnyConnection, region: &str, id: i64) -> Result<Item> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {ITEM_COLS} FROM decision_items i JOIN departments d ON d.id = i.department_id \
         WHERE i.id = $1 AND i.region_code = $2"
    )))
    .bind(id)
    .bind(region.to_string())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| Error::not_found("decision item"))?;
    item_row(&row)
}

/// One item, if `who` may see it (not found otherwise).
pub async fn item(db: &Db, who: &Principal, id: i64) -> Result<Item> {
    who.require(Permission::ViewDecisions)?;
    let mut conn = db.pool().acquire().await?;
    let it = item_in(&mut conn, &who.region, id).await?;
    drop(conn);
    if !who.covers_department(db, it.department_id).await? {
        return Err(Error::not_found("decision item"));
    }
    Ok(it)
}

/// The items of a year in `who`'s scope (the Justice Bureau: all), optionally by status.
pub async fn items(
    db: &Db,
    who: &Principal,
    year: i32,
    status: Option<ItemStatus>,
) -> Result<Vec<Item>> {
    who.require(Permission::ViewDecisions)?;
    let b = who.scope_binds();
    let sql = format!(
        "SELECT {ITEM_COLS} FROM decision_items i JOIN departments d ON d.id = i.department_id \
         WHERE i.region_code = $1 AND i.year = $2 AND ($3 = '' OR i.status = $3) AND {} ORDER BY i.id",
        scope_sql("i.department_id", 4)
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(who.region.clone())
        .bind(i64::from(year))
        .bind(status.map(|s| s.as_str()).unwrap_or_default().to_string())
        .bind(b.all)
        .bind(b.anchor)
        .bind(b.max_depth)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(item_row).collect()
}

/// The published catalogue of a year for the portal: listed items published, no internal notes.
pub async fn published_items(db: &Db, region: &str, year: i32) -> Result<Vec<Item>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {ITEM_COLS} FROM decision_items i JOIN departments d ON d.id = i.department_id \
         WHERE i.region_code = $1 AND i.year = $2 AND i.status = 'listed' AND i.published_on IS NOT NULL ORDER BY i.id"
    )))
    .bind(region.to_string())
    .bind(i64::from(year))
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let mut it = item_row(r)?;
            it.note.clear();
            Ok(it)
        })
        .collect()
}

async fn ensure_catalogue(
    tx: &mut AuditedTx,
    region: &str,
    year: i32,
    by: &str,
) -> Result<Catalogue> {
    if let Some(c) = catalogue_in(tx.conn(), region, year).await? {
        return Ok(c);
    }
    let now = now_ms();
    sqlx::query(
        "INSERT INTO decision_catalogues (region_code, year, status, created_by, created_at, updated_at) VALUES ($1,$2,'draft',$3,$4,$4)",
    )
    .bind(region.to_string())
    .bind(i64::from(year))
    .bind(by.to_string())
    .bind(now)
    .execute(&mut *tx.conn())
    .await?;
    catalogue_in(tx.conn(), region, year)
        .await?
        .ok_or_else(|| Error::Internal("catalogue just created".into()))
}

async fn audit(
    tx: &mut AuditedTx,
    action: &'static str,
    id: i64,
    summary: String,
    after: serde_json::Value,
) -> Result<()> {
    tx.record(Event {
        action,
        object_type: "decision_catalogue",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary,
    })
    .await?;
    Ok(())
}

/// Proposes an item inside the caller's transaction (the demo reuses it). A proposal to a
/// catalogue already published is an adjustment (第三条 第三款 "根据实际情况调整").
pub async fn propose_in(tx: &mut AuditedTx, region: &str, n: &NewItem, by: &str) -> Result<i64> {
    check_year(n.year)?;
    text(&n.title, "title", 200, "决策事项名称", "title")?;
    text(
        &n.standard,
        "standard",
        2000,
        "列入目录的理由（符合的标准）",
        "reason it meets the standard",
    )?;
    let ok: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM departments WHERE id = $1 AND region_code = $2 AND active = 1",
    )
    .bind(n.department_id)
    .bind(region.to_string())
    .fetch_one(&mut *tx.conn())
    .await?
    .try_get(0)?;
    if ok == 0 {
        return Err(invalid(
            "department_id",
            "请选择本区的承办单位。",
            "Choose a body of the district.",
        ));
    }
    let c = ensure_catalogue(tx, region, n.year, by).await?;
    let adjustment = c.status != CatalogueStatus::Draft;
    let now = now_ms();
    let id: i64 = sqlx::query(
        "INSERT INTO decision_items (region_code, catalogue_id, year, department_id, title, category, standard, planned, status, \
         by_adjustment, created_by, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'proposed',$9,$10,$11,$11) RETURNING id",
    )
    .bind(region.to_string())
    .bind(c.id)
    .bind(i64::from(n.year))
    .bind(n.department_id)
    .bind(n.title.trim().to_string())
    .bind(n.category.as_str())
    .bind(n.standard.trim().to_string())
    .bind(n.planned.trim().to_string())
    .bind(i64::from(adjustment))
    .bind(by.to_string())
    .bind(now)
    .fetch_one(&mut *tx.conn())
    .await?
    .try_get(0)?;
    let after =
        serde_json::json!({"item": id, "title": n.title.trim(), "department": n.department_id});
    audit(
        tx,
        "decisions.propose_item",
        c.id,
        format!("报送重大行政决策事项：{}", n.title.trim()),
        after,
    )
    .await?;
    Ok(id)
}

/// A body proposes an item for its own scope.
pub async fn propose(db: &Db, who: &Principal, n: &NewItem) -> Result<i64> {
    who.require(Permission::ProposeDecisions)?;
    who.require_department(db, n.department_id).await?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let id = propose_in(&mut tx, &who.region, n, &who.actor().name).await?;
    tx.commit().await?;
    Ok(id)
}

/// Lists or declines a proposed item inside the caller's transaction.
pub async fn settle_in(
    tx: &mut AuditedTx,
    region: &str,
    item_id: i64,
    on: NaiveDate,
    listed: bool,
    note: &str,
) -> Result<()> {
    check_on(on)?;
    let it = item_in(tx.conn(), region, item_id).await?;
    if it.status != ItemStatus::Proposed {
        return Err(refused(
            format!("该事项当前为“{}”，不能再审定。", it.status.label_zh()),
            format!(
                "The item is {}: it cannot be settled again.",
                it.status.label_en()
            ),
        ));
    }
    if !listed {
        text(
            note,
            "note",
            1000,
            "未列入目录的理由",
            "reason for not listing",
        )?;
    }
    let status = if listed {
        ItemStatus::Listed
    } else {
        ItemStatus::NotListed
    };
    sqlx::query(
        "UPDATE decision_items SET status = $1, listed_on = $2, note = $3, updated_at = $4 WHERE id = $5",
    )
    .bind(status.as_str())
    .bind(listed.then(|| on.to_string()))
    .bind(note.trim().to_string())
    .bind(now_ms())
    .bind(item_id)
    .execute(&mut *tx.conn())
    .await?;
    let after =
        serde_json::json!({"item": item_id, "status": status.as_str(), "on": on.to_string()});
    audit(
        tx,
        "decisions.settle_item",
        it.catalogue_id,
        format!("{}：{}", status.label_zh(), it.title),
        after,
    )
    .await?;
    Ok(())
}

/// The Justice Bureau lists or declines a proposed item.
pub async fn settle(
    db: &Db,
    who: &Principal,
    item_id: i64,
    on: NaiveDate,
    listed: bool,
    note: &str,
) -> Result<()> {
    who.require(Permission::ReviewDecisions)?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    settle_in(&mut tx, &who.region, item_id, on, listed, note).await?;
    tx.commit().await
}

async fn listed_count(conn: &mut AnyConnection, catalogue_id: i64) -> Result<(i64, i64)> {
    let r = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(CASE WHEN published_on IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM decision_items WHERE catalogue_id = $1 AND status = 'listed'",
    )
    .bind(catalogue_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok((r.try_get(0)?, r.try_get(1)?))
}

/// Records the same-level Party committee's agreement to the catalogue (第三条 第三款 "经同级党委
/// 同意"), again after each adjustment, inside the caller's transaction.
pub async fn approve_in(
    tx: &mut AuditedTx,
    region: &str,
    year: i32,
    on: NaiveDate,
    note: &str,
) -> Result<()> {
    check_on(on)?;
    text(
        note,
        "note",
        500,
        "党委同意的会议或文件",
        "Party committee's meeting or document",
    )?;
    let c = catalogue_in(tx.conn(), region, year)
        .await?
        .ok_or_else(|| Error::not_found("decision catalogue"))?;
    let (listed, _) = listed_count(tx.conn(), c.id).await?;
    if listed == 0 {
        return Err(refused(
            "目录中还没有列入的决策事项。",
            "The catalogue has no listed item yet.",
        ));
    }
    let pending: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM decision_items WHERE catalogue_id = $1 AND status = 'proposed'",
    )
    .bind(c.id)
    .fetch_one(&mut *tx.conn())
    .await?
    .try_get(0)?;
    if pending > 0 {
        return Err(refused(
            format!("尚有 {pending} 个报送事项未审定，请先列入或不列入。"),
            format!("{pending} proposed items are not settled yet."),
        ));
    }
    let status = if c.status == CatalogueStatus::Published {
        CatalogueStatus::Published
    } else {
        CatalogueStatus::Approved
    };
    let adjusted = (c.approved_on.is_some()).then(|| on.to_string());
    sqlx::query(
        "UPDATE decision_catalogues SET status = $1, approved_on = $2, approval_note = $3, \
         adjusted_on = COALESCE($4, adjusted_on), updated_at = $5 WHERE id = $6",
    )
    .bind(status.as_str())
    .bind(on.to_string())
    .bind(note.trim().to_string())
    .bind(adjusted)
    .bind(now_ms())
    .bind(c.id)
    .execute(&mut *tx.conn())
    .await?;
    let after =
        serde_json::json!({"year": year, "approved_on": on.to_string(), "note": note.trim()});
    audit(
        tx,
        "decisions.approve_catalogue",
        c.id,
        format!("{year} 年度重大行政决策事项目录经党委同意"),
        after,
    )
    .await?;
    Ok(())
}

/// The Justice Bureau records the approval.
pub async fn approve(db: &Db, who: &Principal, year: i32, on: NaiveDate, note: &str) -> Result<()> {
    who.require(Permission::ReviewDecisions)?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    approve_in(&mut tx, &who.region, year, on, note).await?;
    tx.commit().await
}

/// Publishes the catalogue (第三条 第三款 "经同级党委同意后向社会公布"): refused unless every
/// listed item was listed on or before the latest approval; publishes the listed items not yet
/// published.
pub async fn publish_in(tx: &mut AuditedTx, region: &str, year: i32, on: NaiveDate) -> Result<i64> {
    check_on(on)?;
    let c = catalogue_in(tx.conn(), region, year)
        .await?
        .ok_or_else(|| Error::not_found("decision catalogue"))?;
    let Some(approved) = c.approved_on.clone() else {
        return Err(refused(
            "决策事项目录须经同级党委同意后向社会公布（《重大行政决策程序暂行条例》第三条第三款）。",
            "The catalogue is published only after the same-level Party committee agrees (art. 3(3)).",
        ));
    };
    let later: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM decision_items WHERE catalogue_id = $1 AND status = 'listed' AND listed_on > $2",
    )
    .bind(c.id)
    .bind(approved.clone())
    .fetch_one(&mut *tx.conn())
    .await?
    .try_get(0)?;
    if later > 0 {
        return Err(refused(
            format!(
                "有 {later} 个事项在党委同意（{approved}）后才列入，调整后的目录须再经同级党委同意方可公布（第三条第三款）。"
            ),
            format!(
                "{later} items were listed after the approval of {approved}: the adjusted catalogue needs the Party committee's agreement again (art. 3(3))."
            ),
        ));
    }
    if on.to_string() < approved {
        return Err(invalid(
            "on",
            format!("公布日期不能早于党委同意日期 {approved}。"),
            format!("Publication cannot precede the approval ({approved})."),
        ));
    }
    let (_, unpublished) = listed_count(tx.conn(), c.id).await?;
    if unpublished == 0 {
        return Err(refused(
            "目录中没有待公布的事项。",
            "Nothing in the catalogue waits for publication.",
        ));
    }
    sqlx::query(
        "UPDATE decision_items SET published_on = $1, updated_at = $2 WHERE catalogue_id = $3 AND status = 'listed' AND published_on IS NULL",
    )
    .bind(on.to_string())
    .bind(now_ms())
    .bind(c.id)
    .execute(&mut *tx.conn())
    .await?;
    sqlx::query(
        "UPDATE decision_catalogues SET status = 'published', published_on = COALESCE(published_on, $1), updated_at = $2 WHERE id = $3",
    )
    .bind(on.to_string())
    .bind(now_ms())
    .bind(c.id)
    .execute(&mut *tx.conn())
    .await?;
    let after =
        serde_json::json!({"year": year, "published_on": on.to_string(), "items": unpublished});
    audit(
        tx,
        "decisions.publish_catalogue",
        c.id,
        format!("公布 {year} 年度重大行政决策事项目录（{unpublished} 项）"),
        after,
    )
    .await?;
    Ok(unpublished)
}

/// The Justice Bureau publishes the catalogue.
pub async fn publish(db: &Db, who: &Principal, year: i32, on: NaiveDate) -> Result<i64> {
    who.require(Permission::ReviewDecisions)?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let n = publish_in(&mut tx, &who.region, year, on).await?;
    tx.commit().await?;
    Ok(n)
}

/// Takes a listed item out of the catalogue (an adjustment, 第三条 第三款), with the reason;
/// refused once a decision on it has been made.
pub async fn withdraw(
    db: &Db,
    who: &Principal,
    item_id: i64,
    on: NaiveDate,
    reason: &str,
) -> Result<()> {
    who.require(Permission::ReviewDecisions)?;
    check_on(on)?;
    text(reason, "note", 1000, "调出目录的理由", "reason")?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let it = item_in(tx.conn(), &who.region, item_id).await?;
    if it.status != ItemStatus::Listed {
        return Err(refused(
            format!("该事项当前为“{}”，不能调出目录。", it.status.label_zh()),
            format!(
                "The item is {}: it cannot be withdrawn.",
                it.status.label_en()
            ),
        ));
    }
    let decided: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM major_decisions WHERE item_id = $1 AND decided_on IS NOT NULL",
    )
    .bind(item_id)
    .fetch_one(&mut *tx.conn())
    .await?
    .try_get(0)?;
    if decided > 0 {
        return Err(refused(
            "该事项已作出决策，依法作出的重大行政决策未经法定程序不得随意变更或者停止执行（第三十七条）。",
            "A decision was made on this item; it changes only through the statutory procedure (art. 37).",
        ));
    }
    sqlx::query("UPDATE decision_items SET status = 'withdrawn', withdrawn_on = $1, note = $2, updated_at = $3 WHERE id = $4")
        .bind(on.to_string())
        .bind(reason.trim().to_string())
        .bind(now_ms())
        .bind(item_id)
        .execute(&mut *tx.conn())
        .await?;
    sqlx::query("UPDATE decision_catalogues SET adjusted_on = $1, updated_at = $2 WHERE id = $3")
        .bind(on.to_string())
        .bind(now_ms())
        .bind(it.catalogue_id)
        .execute(&mut *tx.conn())
        .await?;
    let after = serde_json::json!({"item": item_id, "withdrawn_on": on.to_string(), "reason": reason.trim()});
    audit(
        &mut tx,
        "decisions.withdraw_item",
        it.catalogue_id,
        format!("调出目录：{}", it.title),
        after,
    )
    .await?;
    tx.commit().await
}
