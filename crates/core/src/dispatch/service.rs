//! What people do with work orders, each checked against the caller's permission and data
//! scope: dispatchers take in, dispatch, re-dispatch, merge and close; departments accept,
//! return, handle and reply within their scope; supervisors read the statistics.

use std::collections::HashSet;

use serde::Serialize;
use sqlx::Row;

use super::classify::Suggestion;
use super::llm;
use super::order::{OrderStatus, Step};
use super::store::{
    NewOrder, ORDER_COLS, ORDER_FROM, OrderRow, StepArgs, apply_step, insert_order, now,
    row_to_order, validate_new,
};
use super::text::words;
use crate::audit::{Actor, AuditedTx};
use crate::auth::{Permission, Principal};
use crate::calendar::HolidayCalendar;
use crate::db::{Bind, Db, Filter};
use crate::org::Page;
use crate::{BINHAI_REGION, Code, Error, Result};

/// Classifies a text with the current model (and the large model when configured).
pub async fn suggest(db: &Db, region: &str, text: &str, address: &str) -> Result<Suggestion> {
    let t = super::text::validate_text(text)?;
    let m = super::knowledge::model(db, region).await?;
    Ok(llm::suggest(&m, t, address).await)
}

async fn take_in(
    db: &Db,
    actor: Actor,
    region: &str,
    source: &str,
    o: &NewOrder,
    cal: &HolidayCalendar,
) -> Result<i64> {
    validate_new(o)?;
    let s = suggest(db, region, &o.text, &o.address).await?;
    let mut tx = AuditedTx::begin(db, actor).await?;
    let id = insert_order(&mut tx, region, source, o, &s, cal, now()).await?;
    tx.commit().await?;
    Ok(id)
}

/// A dispatcher registers an order (hotline call, inspection, transfer, API).
pub async fn create_order(
    db: &Db,
    who: &Principal,
    source: &str,
    o: &NewOrder,
    cal: &HolidayCalendar,
) -> Result<i64> {
    who.require(Permission::DispatchOrders)?;
    if !super::store::SOURCES.iter().any(|s| s.0 == source) {
        return Err(Error::of(Code::DispatchSource).for_field("source"));
    }
    take_in(db, who.actor(), &who.region, source, o, cal).await
}

/// How long an identical complaint (same text, same phone) is merged into the first one.
pub const DUPLICATE_WINDOW_MS: i64 = 24 * 60 * 60 * 1000;

/// A member of the public files a complaint on the portal (no account). The same text with the
/// same contact number within `DUPLICATE_WINDOW_MS` is not filed again: it is merged into the
/// open order already filed (audited), and the citizen gets that order's query code.
pub async fn submit_public(db: &Db, o: &NewOrder, cal: &HolidayCalendar) -> Result<(i64, String)> {
    let mut o = o.clone();
    o.order_no = None;
    o.received_at = None;
    if let Some((id, no)) = duplicate_of(db, &o).await? {
        let mut tx = AuditedTx::begin(db, Actor::system("portal")).await?;
        tx.record(crate::audit::Event {
            action: "dispatch.duplicate_merged",
            object_type: "work_order",
            object_id: id.to_string(),
            before: None,
            after: None,
            summary: format!("门户重复提交的相同诉求已并入工单 {no}"),
        })
        .await?;
        tx.commit().await?;
        return Ok((id, no));
    }
    let id = take_in(
        db,
        Actor::system("portal"),
        BINHAI_REGION,
        "portal",
        &o,
        cal,
    )
    .await?;
    let no: String = sqlx::query("SELECT order_no FROM work_orders WHERE id = $1")
        .bind(id)
        .fetch_one(db.pool())
        .await?
        .try_get(0)?;
    Ok((id, no))
}

/// The portal order an identical complaint was filed as within the window (same text after
/// trimming, same phone), if it is not closed or merged.
async fn duplicate_of(db: &Db, o: &NewOrder) -> Result<Option<(i64, String)>> {
    let row = sqlx::query(
        "SELECT id, order_no FROM work_orders WHERE region_code = $1 AND source = 'portal' \
         AND text = $2 AND phone = $3 AND received_at >= $4 AND status NOT IN ('closed', 'merged') \
         ORDER BY id LIMIT 1",
    )
    .bind(BINHAI_REGION)
    .bind(o.text.trim().to_string())
    .bind(o.phone.trim().to_string())
    .bind(now() - DUPLICATE_WINDOW_MS)
    .fetch_optional(db.pool())
    .await?;
    Ok(match row {
        Some(r) => Some((r.try_get(0)?, r.try_get(1)?)),
        None => None,
    })
}

/// Reads an order's department (for the scope check) without revealing it.
async fn order_department(db: &Db, region: &str, id: i64) -> Result<Option<i64>> {
    let r = sqlx::query("SELECT department_id FROM work_orders WHERE id = $1 AND region_code = $2")
        .bind(id)
        .bind(region.to_string())
        .fetch_optional(db.pool())
        .await?
        .ok_or_else(|| Error::not_found("work order"))?;
    Ok(r.try_get(0)?)
}

/// `true` if the caller sees every order of the region.
fn sees_all(who: &Principal) -> bool {
    who.role.can(Permission::DispatchOrders) || who.role.can(Permission::ViewDispatch)
}

/// Refuses unless the caller may see the order (a department only its own orders).
async fn require_visible(db: &Db, who: &Principal, id: i64) -> Result<()> {
    let dept = order_department(db, &who.region, id).await?;
    if sees_all(who) {
        return Ok(());
    }
    who.require(Permission::HandleOrders)?;
    match dept {
        Some(d) if who.covers_department(db, d).await? => Ok(()),
        _ => Err(Error::not_found("work order")),
    }
}

/// A dispatcher's step: dispatch, re-dispatch, merge, close after the return visit.
pub async fn dispatcher_step(
    db: &Db,
    who: &Principal,
    id: i64,
    step: Step,
    a: &StepArgs,
    cal: &HolidayCalendar,
) -> Result<OrderStatus> {
    who.require(Permission::DispatchOrders)?;
    if !matches!(step, Step::Dispatch | Step::Merge | Step::Close) {
        return Err(Error::forbidden(
            "该步骤由承办部门办理。",
            "this step belongs to the department",
        ));
    }
    order_department(db, &who.region, id).await?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let to = apply_step(&mut tx, &who.region, id, step, a, cal, now(), true).await?;
    tx.commit().await?;
    Ok(to)
}

/// A department's step: accept, return (退单), handle, reply — only on its own orders.
pub async fn department_step(
    db: &Db,
    who: &Principal,
    id: i64,
    step: Step,
    a: &StepArgs,
    cal: &HolidayCalendar,
) -> Result<OrderStatus> {
    who.require(Permission::HandleOrders)?;
    if !matches!(
        step,
        Step::Accept | Step::Return | Step::Handle | Step::Reply
    ) {
        return Err(Error::forbidden(
            "该步骤由分拨中心办理。",
            "this step belongs to the dispatch centre",
        ));
    }
    match order_department(db, &who.region, id).await? {
        Some(d) if who.covers_department(db, d).await? => {}
        _ => return Err(Error::not_found("work order")),
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let to = apply_step(&mut tx, &who.region, id, step, a, cal, now(), false).await?;
    tx.commit().await?;
    Ok(to)
}

/// One step of an order's timeline.
#[derive(Debug, Clone, Serialize)]
pub struct EventRow {
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub department: String,
    pub note: String,
}

/// An order with its timeline.
#[derive(Debug, Clone, Serialize)]
pub struct OrderDetail {
    pub order: OrderRow,
    pub events: Vec<EventRow>,
}

/// One order, if the caller may see it.
pub async fn get_order(db: &Db, who: &Principal, id: i64) -> Result<OrderDetail> {
    require_visible(db, who, id).await?;
    let sql = format!("SELECT {ORDER_COLS}{ORDER_FROM} WHERE o.id = $1 AND o.region_code = $2");
    let r = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(who.region.clone())
        .fetch_optional(db.pool())
        .await?
        .ok_or_else(|| Error::not_found("work order"))?;
    let order = row_to_order(&r)?;
    let rows = sqlx::query(
        "SELECT e.at, e.actor, e.action, COALESCE(d.name, ''), e.note FROM work_order_events e \
         LEFT JOIN departments d ON d.id = e.department_id WHERE e.order_id = $1 ORDER BY e.id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let events = rows
        .iter()
        .map(|r| {
            Ok(EventRow {
                at: r.try_get(0)?,
                actor: r.try_get(1)?,
                action: r.try_get(2)?,
                department: r.try_get(3)?,
                note: r.try_get(4)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(OrderDetail { order, events })
}

/// Which list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// The dispatcher's queue: received and returned orders, those needing a person first.
    #[default]
    Desk,
    /// A department's orders within the caller's scope.
    Inbox,
    /// Every order (dispatchers, supervisors).
    All,
}

/// Filters of an order list.
#[derive(Debug, Clone, Default)]
pub struct OrderQuery {
    pub view: View,
    pub status: Option<OrderStatus>,
    /// Order number prefix or a word of the text.
    pub keyword: String,
    pub department_id: Option<i64>,
    /// Only open orders past their reply deadline (as of `today`).
    pub overdue_on: Option<String>,
    pub page: i64,
    pub page_size: i64,
}

/// A page of orders.
pub async fn list_orders(db: &Db, who: &Principal, q: &OrderQuery) -> Result<Page<OrderRow>> {
    let mut w = Filter::new();
    w.and("o.region_code = ?", [Bind::Text(who.region.clone())]);
    match q.view {
        View::Desk => {
            who.require(Permission::DispatchOrders)?;
            w.and("o.status IN ('received', 'returned')", []);
        }
        View::All => {
            if !sees_all(who) {
                return Err(Error::forbidden(
                    "只有分拨员和监督人员可以查看全部工单。",
                    "only dispatchers and supervisors see every order",
                ));
            }
        }
        View::Inbox => {
            who.require(Permission::HandleOrders)?;
            let b = who.scope_binds();
            if b.all != 1 {
                w.and(
                    "o.department_id IN (SELECT descendant_id FROM department_closure WHERE ancestor_id = ? AND depth <= ?)",
                    [Bind::Int(b.anchor), Bind::Int(b.max_depth)],
                );
            } else {
                w.and("o.department_id IS NOT NULL", []);
            }
        }
    }
    if let Some(s) = q.status {
        w.and("o.status = ?", [Bind::Text(s.as_str().into())]);
    }
    if let Some(d) = q.department_id {
        w.and(
            "o.department_id IN (SELECT descendant_id FROM department_closure WHERE ancestor_id = ?)",
            [Bind::Int(d)],
        );
    }
    if let Some(t) = &q.overdue_on {
        w.and(
            "o.status IN ('received', 'dispatched', 'accepted', 'returned') AND o.due_date < ?",
            [Bind::Text(t.clone())],
        );
    }
    let kw: String = q.keyword.trim().chars().take(50).collect();
    if !kw.is_empty() {
        let like = format!("%{}%", kw.replace(['%', '_'], ""));
        w.and(
            "(o.order_no = ? OR o.text LIKE ? OR o.address LIKE ?)",
            [
                Bind::Text(kw.clone()),
                Bind::Text(like.clone()),
                Bind::Text(like),
            ],
        );
    }
    let total: i64 = w
        .bind(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM work_orders o{}",
            w.where_sql()
        ))))
        .fetch_one(db.pool())
        .await?
        .try_get(0)?;
    let size = q.page_size.clamp(1, 200);
    let page = q.page.max(1);
    let order = match q.view {
        View::Desk => "o.needs_human DESC, o.received_at, o.id",
        _ => "o.received_at DESC, o.id DESC",
    };
    let n = w.next_index();
    let sql = format!(
        "SELECT {ORDER_COLS}{ORDER_FROM}{} ORDER BY {order} LIMIT ${} OFFSET ${}",
        w.where_sql(),
        n,
        n + 1
    );
    let rows = w
        .bind(sqlx::query(sqlx::AssertSqlSafe(sql)))
        .bind(size)
        .bind((page - 1) * size)
        .fetch_all(db.pool())
        .await?;
    Ok(Page {
        rows: rows.iter().map(row_to_order).collect::<Result<_>>()?,
        total,
        total_exact: true,
        page,
        page_size: size,
    })
}

/// Open orders about the same place and matter (candidates to merge): the same normalised
/// address within 30 days and at least half of the words in common.
pub async fn find_duplicates(db: &Db, who: &Principal, id: i64) -> Result<Vec<OrderRow>> {
    who.require(Permission::DispatchOrders)?;
    let d = get_order(db, who, id).await?.order;
    if d.address.trim().is_empty() {
        return Ok(Vec::new());
    }
    let key = super::order::place_key(&d.address);
    let sql = format!(
        "SELECT {ORDER_COLS}{ORDER_FROM} WHERE o.region_code = $1 AND o.place_key = $2 AND o.id <> $3 \
         AND o.status NOT IN ('merged', 'closed') AND o.received_at BETWEEN $4 AND $5 ORDER BY o.received_at LIMIT 50"
    );
    const MONTH: i64 = 30 * 86_400_000;
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(who.region.clone())
        .bind(key)
        .bind(id)
        .bind(d.received_at - MONTH)
        .bind(d.received_at + MONTH)
        .fetch_all(db.pool())
        .await?;
    let mine: HashSet<String> = words(&d.text).into_iter().collect();
    let mut out = Vec::new();
    for r in &rows {
        let o = row_to_order(r)?;
        let theirs: HashSet<String> = words(&o.text).into_iter().collect();
        let inter = mine.intersection(&theirs).count() as f64;
        let small = mine.len().min(theirs.len()).max(1) as f64;
        if inter / small >= 0.5 {
            out.push(o);
        }
    }
    Ok(out)
}

/// One department's figures.
#[derive(Debug, Clone, Serialize)]
pub struct DeptStats {
    pub department_id: i64,
    pub department: String,
    pub dispatched: i64,
    pub returned: i64,
    /// Returns per dispatched order, percent.
    pub return_rate: f64,
    pub open: i64,
    pub overdue: i64,
    pub closed: i64,
    /// Average rating ×100 (0 when none).
    pub rating_x100: i64,
}

/// Figures of the dispatch: per department, and totals.
#[derive(Debug, Clone, Serialize)]
pub struct DispatchStats {
    pub departments: Vec<DeptStats>,
    pub total: i64,
    pub to_human: i64,
    pub auto_dispatched: i64,
    pub merged: i64,
}

/// Return rates and overdue orders, as of `today` (ISO date).
pub async fn stats(db: &Db, who: &Principal, today: &str) -> Result<DispatchStats> {
    who.require(Permission::ViewDispatch)?;
    let rows = sqlx::query(
        "SELECT d.id, d.name, \
           CAST(COUNT(*) AS BIGINT), \
           CAST(SUM(o.return_count) AS BIGINT), \
           CAST(SUM(CASE WHEN o.status IN ('dispatched', 'accepted', 'returned') THEN 1 ELSE 0 END) AS BIGINT), \
           CAST(SUM(CASE WHEN o.status IN ('dispatched', 'accepted', 'returned') AND o.due_date < $2 THEN 1 ELSE 0 END) AS BIGINT), \
           CAST(SUM(CASE WHEN o.status = 'closed' THEN 1 ELSE 0 END) AS BIGINT), \
           CAST(COALESCE(SUM(o.rating), 0) AS BIGINT), \
           CAST(SUM(CASE WHEN o.rating IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) \
         FROM work_orders o JOIN departments d ON d.id = o.department_id \
         WHERE o.region_code = $1 GROUP BY d.id, d.name ORDER BY 3 DESC, d.id",
    )
    .bind(who.region.clone())
    .bind(today.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut departments = Vec::new();
    for r in rows {
        let dispatched: i64 = r.try_get(2)?;
        let returned: i64 = r.try_get(3)?;
        let sum: i64 = r.try_get(7)?;
        let rated: i64 = r.try_get(8)?;
        departments.push(DeptStats {
            department_id: r.try_get(0)?,
            department: r.try_get(1)?,
            dispatched,
            returned,
            return_rate: if dispatched > 0 {
                (returned as f64 * 1000.0 / dispatched as f64).round() / 10.0
            } else {
                0.0
            },
            open: r.try_get(4)?,
            overdue: r.try_get(5)?,
            closed: r.try_get(6)?,
            rating_x100: if rated > 0 { sum * 100 / rated } else { 0 },
        });
    }
    let t = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT), \
           CAST(SUM(CASE WHEN o.status IN ('received', 'returned') AND o.needs_human = 1 THEN 1 ELSE 0 END) AS BIGINT), \
           CAST(SUM(CASE WHEN EXISTS (SELECT 1 FROM work_order_events e WHERE e.order_id = o.id AND e.action = 'dispatch' AND e.actor = 'system:classifier') THEN 1 ELSE 0 END) AS BIGINT), \
           CAST(SUM(CASE WHEN o.status = 'merged' THEN 1 ELSE 0 END) AS BIGINT) \
         FROM work_orders o WHERE o.region_code = $1",
    )
    .bind(who.region.clone())
    .fetch_one(db.pool())
    .await?;
    Ok(DispatchStats {
        departments,
        total: t.try_get(0)?,
        to_human: t.try_get::<Option<i64>, _>(1)?.unwrap_or(0),
        auto_dispatched: t.try_get::<Option<i64>, _>(2)?.unwrap_or(0),
        merged: t.try_get::<Option<i64>, _>(3)?.unwrap_or(0),
    })
}

/// Departments an order may go to (the classifier's departments and the bodies below them).
pub async fn dispatch_targets(db: &Db, region: &str) -> Result<Vec<(i64, String, i64)>> {
    let rows = sqlx::query(
        "SELECT d.id, d.name, CAST(CASE WHEN d.parent_id IS NULL THEN 0 ELSE 1 END AS BIGINT) FROM departments d \
         WHERE d.region_code = $1 AND d.active = 1 ORDER BY d.sort_order, d.id",
    )
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect()
}
