//! Items as stored: the list (console and public), one item, and the search text.

use serde::Serialize;
use sqlx::Row;

use super::model::{Category, ItemRow, ItemStatus, PowerItem};
use crate::auth::{Permission, Principal};
use crate::db::{Bind, Db, Filter};
use crate::org::Page;
use crate::{Code, Error, Result};

/// Filters of the item list (all optional; they live in the URL).
#[derive(Debug, Clone, Default)]
pub struct ItemQuery {
    /// Code, name, sub-item or basis substring.
    pub keyword: String,
    /// Department, including the departments below it.
    pub department_id: Option<i64>,
    pub category: Option<Category>,
    pub status: Option<ItemStatus>,
    /// 1-based.
    pub page: i64,
    pub page_size: i64,
}

/// One row of a list.
#[derive(Debug, Clone, Serialize)]
pub struct ItemListRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub category: Category,
    pub department_id: i64,
    pub department: String,
    pub status: ItemStatus,
    pub basis_citation: String,
    pub sub_items: usize,
    pub published_version: Option<i64>,
    /// Every code the item cites (basis and violations): pages warn when one has left force.
    pub cited: Vec<String>,
}

/// Every code an item cites: its basis, and each violation's penalising and violated provisions.
pub fn cited_codes(i: &PowerItem) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let all = i
        .basis
        .iter()
        .chain(i.violations.iter().map(|v| &v.penalised))
        .chain(i.violations.iter().flat_map(|v| v.violated.iter()));
    for c in all {
        if !c.trim().is_empty() && !out.contains(c) {
            out.push(c.clone());
        }
    }
    out
}

/// The text the keyword filter searches.
pub(crate) fn search_text(i: &PowerItem) -> String {
    format!(
        "{} {} {} {}",
        i.code,
        i.name,
        i.sub_items.join(" "),
        i.basis_citation
    )
}

/// A power item from its stored JSON body.
pub fn parse_body(s: &str) -> Result<PowerItem> {
    serde_json::from_str(s).map_err(|e| Error::Internal(format!("power item body: {e}")))
}

/// The stored JSON body of a power item.
pub fn body_json(i: &PowerItem) -> String {
    serde_json::to_string(i).unwrap_or_else(|_| "{}".into())
}

fn filter(region: &str, f: &ItemQuery, public: bool) -> Filter {
    let mut w = Filter::new();
    w.and("i.region_code = ?", [Bind::Text(region.to_string())]);
    if public {
        // The public sees only what a published version holds.
        w.and("i.status = 'active'", []);
    } else if let Some(s) = f.status {
        w.and("i.status = ?", [Bind::Text(s.as_str().into())]);
    }
    if let Some(d) = f.department_id {
        w.and(
            "i.department_id IN (SELECT descendant_id FROM department_closure WHERE ancestor_id = ?)",
            [Bind::Int(d)],
        );
    }
    if let Some(c) = f.category {
        w.and("i.category = ?", [Bind::Text(c.as_str().into())]);
    }
    let kw: String = f
        .keyword
        .trim()
        .chars()
        .filter(|c| !matches!(c, '%' | '_' | '\\'))
        .take(50)
        .collect();
    if !kw.is_empty() {
        w.and("i.search_text LIKE ?", [Bind::Text(format!("%{kw}%"))]);
    }
    w
}

async fn list(db: &Db, region: &str, f: &ItemQuery, public: bool) -> Result<Page<ItemListRow>> {
    let page_size = if f.page_size <= 0 {
        20
    } else {
        f.page_size.min(200)
    };
    let page = f.page.max(1);
    let w = filter(region, f, public);
    let count_sql = format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM power_items i{}",
        w.where_sql()
    );
    let total: i64 = w
        .bind(sqlx::query(sqlx::AssertSqlSafe(count_sql)))
        .fetch_one(db.pool())
        .await?
        .try_get(0)?;
    let n = w.next_index();
    let sql = format!(
        "SELECT i.id, i.code, i.name, i.category, i.department_id, d.name, i.status, i.body, i.published_version \
         FROM power_items i JOIN departments d ON d.id = i.department_id{} ORDER BY i.code LIMIT ${} OFFSET ${}",
        w.where_sql(),
        n,
        n + 1
    );
    let rows = w
        .bind(sqlx::query(sqlx::AssertSqlSafe(sql)))
        .bind(page_size)
        .bind((page - 1) * page_size)
        .fetch_all(db.pool())
        .await?;
    let rows = rows
        .iter()
        .map(|r| {
            let body = parse_body(&r.try_get::<String, _>(7)?)?;
            Ok(ItemListRow {
                id: r.try_get(0)?,
                code: r.try_get(1)?,
                name: r.try_get(2)?,
                category: Category::parse(&r.try_get::<String, _>(3)?).unwrap_or(Category::Other),
                department_id: r.try_get(4)?,
                department: r.try_get(5)?,
                status: ItemStatus::parse(&r.try_get::<String, _>(6)?)
                    .unwrap_or(ItemStatus::Active),
                cited: cited_codes(&body),
                basis_citation: body.basis_citation,
                sub_items: body.sub_items.len(),
                published_version: r.try_get(8)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Page {
        rows,
        total,
        total_exact: true,
        page,
        page_size,
    })
}

/// The console list. The list itself is public information, so every account that may view
/// powers sees the district's items; who may change an item is checked on writes.
pub async fn list_items(db: &Db, who: &Principal, f: &ItemQuery) -> Result<Page<ItemListRow>> {
    who.require(Permission::ViewPowers)?;
    list(db, &who.region, f, false).await
}

/// The public list: items in force in the latest published version only.
pub async fn list_public_items(db: &Db, region: &str, f: &ItemQuery) -> Result<Page<ItemListRow>> {
    list(db, region, f, true).await
}

/// Every item matching the filters, in full (for the export), at most `limit`.
pub async fn export_items(
    db: &Db,
    who: &Principal,
    f: &ItemQuery,
    limit: i64,
) -> Result<Vec<ItemRow>> {
    who.require(Permission::ViewPowers)?;
    let w = filter(&who.region, f, false);
    let sql = format!(
        "SELECT i.id, i.status, i.published_version, i.body FROM power_items i{} ORDER BY i.code LIMIT ${}",
        w.where_sql(),
        w.next_index()
    );
    let rows = w
        .bind(sqlx::query(sqlx::AssertSqlSafe(sql)))
        .bind(limit)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(row_to_item).collect()
}

fn row_to_item(r: &sqlx::any::AnyRow) -> Result<ItemRow> {
    Ok(ItemRow {
        id: r.try_get(0)?,
        status: ItemStatus::parse(&r.try_get::<String, _>(1)?).unwrap_or(ItemStatus::Active),
        published_version: r.try_get(2)?,
        item: parse_body(&r.try_get::<String, _>(3)?)?,
    })
}

/// One item by id, in the region.
pub(crate) async fn load_item(db: &Db, region: &str, id: i64) -> Result<ItemRow> {
    let r = sqlx::query(
        "SELECT id, status, published_version, body FROM power_items WHERE id = $1 AND region_code = $2",
    )
    .bind(id)
    .bind(region.to_string())
    .fetch_optional(db.pool())
    .await?
    .ok_or_else(|| Error::not_found("power item"))?;
    row_to_item(&r)
}

/// One item for the console.
pub async fn get_item(db: &Db, who: &Principal, id: i64) -> Result<ItemRow> {
    who.require(Permission::ViewPowers)?;
    load_item(db, &who.region, id).await
}

/// One item for the public: only an item in force.
pub async fn get_public_item(db: &Db, region: &str, id: i64) -> Result<ItemRow> {
    let r = load_item(db, region, id).await?;
    if r.status != ItemStatus::Active {
        return Err(Error::not_found("power item"));
    }
    Ok(r)
}

/// Active item code → (id, department id, body), for the import's comparison.
pub(crate) async fn item_by_code(db: &Db, region: &str, code: &str) -> Result<Option<ItemRow>> {
    let r = sqlx::query(
        "SELECT id, status, published_version, body FROM power_items WHERE region_code = $1 AND code = $2",
    )
    .bind(region.to_string())
    .bind(code.to_string())
    .fetch_optional(db.pool())
    .await?;
    r.as_ref().map(row_to_item).transpose()
}

/// Department name by id (for snapshots).
pub(crate) async fn department_name(db: &Db, region: &str, id: i64) -> Result<String> {
    let r = sqlx::query("SELECT name FROM departments WHERE id = $1 AND region_code = $2")
        .bind(id)
        .bind(region.to_string())
        .fetch_optional(db.pool())
        .await?
        .ok_or_else(|| {
            Error::of(Code::PowersDepartment)
                .for_field("department_id")
                .arg_zh_en(
                    "reason",
                    "实施主体不存在。",
                    "The responsible department does not exist.",
                )
        })?;
    Ok(r.try_get(0)?)
}

/// Every item in force, by code (the CLI export, no principal: the list is public).
pub async fn export_public(db: &Db, region: &str) -> Result<Vec<ItemRow>> {
    let rows = sqlx::query(
        "SELECT id, status, published_version, body FROM power_items WHERE region_code = $1 AND status = 'active' ORDER BY code",
    )
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(row_to_item).collect()
}
