//! Work orders in the database: intake, the status flow, every step audited and recorded in the
//! order's timeline; corrections become feedback rows the classifier replays.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::classify::Suggestion;
use super::order::{OrderKind, OrderStatus, Step, deadlines, next_status, place_key};
use super::text::validate_text;
use crate::audit::{AuditedTx, Event};
use crate::calendar::HolidayCalendar;
use crate::db::json::decode;
use crate::time::{cst, now_ms};
use crate::{Code, Error, Result};

/// Where an order came from.
pub const SOURCES: [(&str, &str, &str); 6] = [
    ("hotline", "12345热线", "12345 hotline"),
    ("portal", "网上投诉", "Portal"),
    ("api", "接口", "API"),
    ("import", "批量导入", "Import"),
    ("inspection", "巡查发现", "Inspection"),
    ("transfer", "上级转办", "Transfer"),
];

/// The timeline's name for the classifier's own dispatches.
pub const AUTO_ACTOR: &str = "system:classifier";

/// Longest address accepted (characters).
pub const MAX_ADDRESS_CHARS: usize = 200;

/// An order to take in.
#[derive(Debug, Clone)]
pub struct NewOrder {
    /// 工单编号 (12345 imports bring theirs; otherwise generated).
    pub order_no: Option<String>,
    pub kind: OrderKind,
    pub text: String,
    pub address: String,
    pub caller: String,
    pub phone: String,
    /// 来电时间 (epoch ms); now when absent.
    pub received_at: Option<i64>,
}

/// An order as stored.
#[derive(Debug, Clone, Serialize)]
pub struct OrderRow {
    pub id: i64,
    pub order_no: String,
    pub source: String,
    pub kind: OrderKind,
    pub text: String,
    pub address: String,
    pub caller: String,
    pub phone: String,
    pub received_at: i64,
    pub status: OrderStatus,
    pub department_id: Option<i64>,
    pub department: String,
    pub power_code: String,
    pub suggested_department_id: Option<i64>,
    pub suggested_department: String,
    pub suggested_power_code: String,
    /// 0..1
    pub confidence: f64,
    pub explanation: serde_json::Value,
    pub needs_human: bool,
    pub dispatched_at: Option<i64>,
    pub accept_due: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub due_confirmed: bool,
    pub accepted_at: Option<i64>,
    pub handled_at: Option<i64>,
    pub replied_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub reply: String,
    pub rating: Option<i64>,
    pub return_count: i64,
    pub redispatch_count: i64,
    pub merged_into: Option<i64>,
}

pub(crate) const ORDER_COLS: &str = "o.id, o.order_no, o.source, o.kind, o.text, o.address, o.caller, o.phone, \
    o.received_at, o.status, o.department_id, COALESCE(d.name, ''), o.power_code, o.suggested_department_id, \
    COALESCE(s.name, ''), o.suggested_power_code, o.confidence, o.explanation, o.needs_human, o.dispatched_at, \
    o.accept_due, o.due_date, o.due_confirmed, o.accepted_at, o.handled_at, o.replied_at, o.closed_at, o.reply, \
    o.rating, o.return_count, o.redispatch_count, o.merged_into";
pub(crate) const ORDER_FROM: &str = " FROM work_orders o LEFT JOIN departments d ON d.id = o.department_id \
    LEFT JOIN departments s ON s.id = o.suggested_department_id";

fn date_opt(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|x| NaiveDate::parse_from_str(&x, "%Y-%m-%d").ok())
}

pub(crate) fn row_to_order(r: &AnyRow) -> Result<OrderRow> {
    let kind: String = r.try_get(3)?;
    let status: String = r.try_get(9)?;
    let expl: String = r.try_get(17)?;
    Ok(OrderRow {
        id: r.try_get(0)?,
        order_no: r.try_get(1)?,
        source: r.try_get(2)?,
        kind: OrderKind::parse(&kind).unwrap_or(OrderKind::Complaint),
        text: r.try_get(4)?,
        address: r.try_get(5)?,
        caller: r.try_get(6)?,
        phone: r.try_get(7)?,
        received_at: r.try_get(8)?,
        status: OrderStatus::parse(&status).unwrap_or(OrderStatus::Received),
        department_id: r.try_get(10)?,
        department: r.try_get(11)?,
        power_code: r.try_get(12)?,
        suggested_department_id: r.try_get(13)?,
        suggested_department: r.try_get(14)?,
        suggested_power_code: r.try_get(15)?,
        confidence: r.try_get::<i64, _>(16)? as f64 / 1000.0,
        explanation: decode(&expl, "work_orders.explanation")?,
        needs_human: r.try_get::<i64, _>(18)? != 0,
        dispatched_at: r.try_get(19)?,
        accept_due: date_opt(r.try_get(20)?),
        due_date: date_opt(r.try_get(21)?),
        due_confirmed: r.try_get::<i64, _>(22)? != 0,
        accepted_at: r.try_get(23)?,
        handled_at: r.try_get(24)?,
        replied_at: r.try_get(25)?,
        closed_at: r.try_get(26)?,
        reply: r.try_get(27)?,
        rating: r.try_get(28)?,
        return_count: r.try_get(29)?,
        redispatch_count: r.try_get(30)?,
        merged_into: r.try_get(31)?,
    })
}

/// Loads one order inside a transaction.
pub(crate) async fn load_in_tx(tx: &mut AuditedTx, region: &str, id: i64) -> Result<OrderRow> {
    let sql = format!("SELECT {ORDER_COLS}{ORDER_FROM} WHERE o.id = $1 AND o.region_code = $2");
    let r = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(region.to_string())
        .fetch_optional(tx.conn())
        .await?
        .ok_or_else(|| Error::not_found("work order"))?;
    row_to_order(&r)
}

fn ms_date(ms: i64) -> NaiveDate {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.with_timezone(&cst()).date_naive())
        .unwrap_or_default()
}

/// Checks the fields of a new order; returns the trimmed text and address.
pub fn validate_new(o: &NewOrder) -> Result<(String, String)> {
    let text = validate_text(&o.text)?.to_string();
    let address = o.address.trim().to_string();
    if address.chars().count() > MAX_ADDRESS_CHARS {
        return Err(Error::of(Code::DispatchAddressTooLong)
            .for_field("address")
            .arg("max_address_chars", MAX_ADDRESS_CHARS));
    }
    if let Some(no) = &o.order_no {
        let n = no.trim();
        if n.is_empty() || n.chars().count() > 40 {
            return Err(Error::of(Code::DispatchOrderNo).for_field("order_no"));
        }
    }
    if o.caller.chars().count() > 50 || o.phone.chars().count() > 30 {
        return Err(Error::of(Code::DispatchCaller).for_field("caller"));
    }
    Ok((text, address))
}

/// The explanation kept with an order: matched words, the item and its basis.
pub fn explanation_json(s: &Suggestion) -> serde_json::Value {
    json!({
        "engine": s.engine,
        "ranked": s.ranked.iter().map(|r| json!({"department": r.department, "short_name": r.short_name, "confidence": (r.confidence * 1000.0).round() / 1000.0})).collect::<Vec<_>>(),
        "evidence": s.evidence,
        "power": s.power.as_ref().map(|p| json!({"code": p.code, "name": p.name, "category": p.category, "basis": p.basis, "basis_citation": p.basis_citation})),
        "power_words": s.power_words,
        "similar_order": s.similar_order,
    })
}

/// Takes an order in: stores it with the classifier's suggestion; a confident suggestion is
/// dispatched at once (by the platform), an uncertain one waits for a person.
pub async fn insert_order(
    tx: &mut AuditedTx,
    region: &str,
    source: &str,
    o: &NewOrder,
    s: &Suggestion,
    cal: &HolidayCalendar,
    at: i64,
) -> Result<i64> {
    let (text, address) = validate_new(o)?;
    let received = o.received_at.unwrap_or(at);
    let top = s.top().filter(|t| t.department_id > 0);
    let needs_human = s.needs_human || top.is_none();
    let tmp_no = format!("TMP-{at}-{}", rand::random::<u32>());
    let res = sqlx::query(
        "INSERT INTO work_orders (region_code, order_no, source, kind, text, address, caller, phone, received_at, \
         status, suggested_department_id, suggested_power_code, confidence, explanation, needs_human, place_key, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'received', $10, $11, $12, $13, $14, $15, $16, $16) \
         RETURNING id",
    )
    .bind(region.to_string())
    .bind(o.order_no.as_deref().map(str::trim).unwrap_or(&tmp_no).to_string())
    .bind(source.to_string())
    .bind(o.kind.as_str())
    .bind(text.clone())
    .bind(address.clone())
    .bind(o.caller.trim().to_string())
    .bind(o.phone.trim().to_string())
    .bind(received)
    .bind(top.map(|t| t.department_id))
    .bind(s.power.as_ref().map(|p| p.code.clone()).unwrap_or_default())
    .bind((s.confidence * 1000.0).round() as i64)
    .bind(explanation_json(s).to_string())
    .bind(i64::from(needs_human))
    .bind(place_key(&address))
    .bind(at)
    .fetch_one(tx.conn())
    .await;
    let id: i64 = match res {
        Ok(r) => r.try_get(0)?,
        Err(e) if crate::db::is_unique_violation(&e) => {
            return Err(Error::of(Code::DispatchOrderNoExists));
        }
        Err(e) => return Err(e.into()),
    };
    let order_no = match &o.order_no {
        Some(n) => n.trim().to_string(),
        None => {
            let no = format!("BH{}{id:06}", ms_date(received).format("%Y%m%d"));
            sqlx::query("UPDATE work_orders SET order_no = $1 WHERE id = $2")
                .bind(no.clone())
                .bind(id)
                .execute(tx.conn())
                .await?;
            no
        }
    };
    let actor = tx.actor().name.clone();
    event(
        tx,
        region,
        id,
        at,
        &actor,
        "receive",
        None,
        &format!("{source}：{}", o.kind.label_zh()),
    )
    .await?;
    let after = json!({"id": id, "order_no": order_no, "kind": o.kind.as_str(), "text": text, "address": address, "source": source});
    tx.record(Event {
        action: "work_order.create",
        object_type: "work_order",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("受理工单 {order_no}"),
    })
    .await?;
    if let Some(t) = top.filter(|_| !needs_human) {
        let args = StepArgs {
            department_id: Some(t.department_id),
            power_code: s.power.as_ref().map(|p| p.code.clone()),
            note: format!("智能分拨（置信度 {:.0}%）", s.confidence * 100.0),
            actor: Some(AUTO_ACTOR.into()),
            ..Default::default()
        };
        apply_step(tx, region, id, Step::Dispatch, &args, cal, at, false).await?;
    }
    Ok(id)
}

/// Arguments of a step.
#[derive(Debug, Clone, Default)]
pub struct StepArgs {
    pub department_id: Option<i64>,
    pub power_code: Option<String>,
    pub note: String,
    pub rating: Option<i64>,
    pub merge_into: Option<i64>,
    /// Who the timeline names (the demo's people; otherwise the transaction's actor).
    pub actor: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn event(
    tx: &mut AuditedTx,
    region: &str,
    order_id: i64,
    at: i64,
    actor: &str,
    action: &str,
    department_id: Option<i64>,
    note: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO work_order_events (region_code, order_id, at, actor, action, department_id, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(region.to_string())
    .bind(order_id)
    .bind(at)
    .bind(actor.to_string())
    .bind(action.to_string())
    .bind(department_id)
    .bind(note.to_string())
    .execute(tx.conn())
    .await?;
    Ok(())
}

async fn feedback(
    tx: &mut AuditedTx,
    region: &str,
    o: &OrderRow,
    department_id: i64,
    kind: &str,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO dispatch_feedback (region_code, order_id, text, department_id, kind, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(region.to_string())
    .bind(o.id)
    // The text only: an address says where, and would teach the model street names.
    .bind(o.text.clone())
    .bind(department_id)
    .bind(kind.to_string())
    .bind(at)
    .execute(tx.conn())
    .await?;
    Ok(())
}

fn need_note(note: &str, what_zh: &str, what_en: &str) -> Result<String> {
    let n = note.trim();
    if n.chars().count() < 2 || n.chars().count() > 1000 {
        return Err(Error::of(Code::DispatchNote)
            .for_field("note")
            .arg_zh_en("what", what_zh, what_en));
    }
    Ok(n.to_string())
}

/// Applies one step of the flow to an order (no permission check: callers check). `human`
/// says whether a person chose the department (only a person's choice corrects the model).
#[allow(clippy::too_many_arguments)]
pub async fn apply_step(
    tx: &mut AuditedTx,
    region: &str,
    id: i64,
    step: Step,
    a: &StepArgs,
    cal: &HolidayCalendar,
    at: i64,
    human: bool,
) -> Result<OrderStatus> {
    let o = load_in_tx(tx, region, id).await?;
    let to = next_status(o.status, step)?;
    let actor = a.actor.clone().unwrap_or_else(|| tx.actor().name.clone());
    let ctx = StepCtx { region, id, a, at };
    let mut note = a.note.trim().to_string();
    let mut dept_for_event = o.department_id;
    match step {
        Step::Dispatch => {
            let dept = dispatch(tx, &ctx, &o, cal, human).await?;
            dept_for_event = Some(dept);
            if o.department_id.is_some() && note.is_empty() {
                note = "重新派发".into();
            }
        }
        Step::Merge => note = merge(tx, &ctx).await?,
        _ => {
            if let Some(n) = update_status(tx, &ctx, step, &o).await? {
                note = n;
            }
        }
    }
    event(
        tx,
        region,
        id,
        at,
        &actor,
        step.action(),
        dept_for_event,
        &note,
    )
    .await?;
    let before = json!({"status": o.status.as_str(), "department_id": o.department_id});
    let after = json!({"status": to.as_str(), "department_id": dept_for_event, "note": note});
    tx.record(Event {
        action: match step {
            Step::Dispatch => "work_order.dispatch",
            Step::Accept => "work_order.accept",
            Step::Return => "work_order.return",
            Step::Handle => "work_order.handle",
            Step::Reply => "work_order.reply",
            Step::Close => "work_order.close",
            Step::Merge => "work_order.merge",
        },
        object_type: "work_order",
        object_id: id.to_string(),
        before: Some(&before),
        after: Some(&after),
        summary: format!(
            "工单 {} {} → {}",
            o.order_no,
            o.status.label_zh(),
            to.label_zh()
        ),
    })
    .await?;
    Ok(to)
}

/// The order a step applies to, with the step's inputs and time.
struct StepCtx<'a> {
    region: &'a str,
    id: i64,
    a: &'a StepArgs,
    at: i64,
}

/// Dispatches (or re-dispatches) the order to the chosen department, which must exist, with
/// deadlines counted from receipt; a re-dispatch elsewhere, or a person overriding the
/// suggestion, is fed back as a correction. Returns the department.
async fn dispatch(
    tx: &mut AuditedTx,
    ctx: &StepCtx<'_>,
    o: &OrderRow,
    cal: &HolidayCalendar,
    human: bool,
) -> Result<i64> {
    let StepCtx { region, id, a, at } = *ctx;
    let dept = a.department_id.ok_or_else(|| {
        Error::of(Code::DispatchDepartment)
            .for_field("department_id")
            .arg_zh_en("reason", "请选择承办部门。", "Choose the department.")
    })?;
    let exists = sqlx::query("SELECT 1 FROM departments WHERE id = $1 AND region_code = $2")
        .bind(dept)
        .bind(region.to_string())
        .fetch_optional(tx.conn())
        .await?
        .is_some();
    if !exists {
        return Err(Error::of(Code::DispatchDepartment)
            .for_field("department_id")
            .arg_zh_en(
                "reason",
                "承办部门不存在。",
                "The department does not exist.",
            ));
    }
    let redispatch = o.department_id.is_some();
    let d = deadlines(cal, o.kind, ms_date(o.received_at), ms_date(at))?;
    sqlx::query(
        "UPDATE work_orders SET status = 'dispatched', department_id = $1, power_code = $2, dispatched_at = $3, \
         accept_due = $4, due_date = $5, due_confirmed = $6, needs_human = 0, \
         redispatch_count = redispatch_count + $7, updated_at = $3 WHERE id = $8",
    )
    .bind(dept)
    .bind(a.power_code.clone().unwrap_or_default())
    .bind(at)
    .bind(d.accept_due.to_string())
    .bind(d.due.to_string())
    .bind(i64::from(d.confirmed))
    .bind(i64::from(redispatch))
    .bind(id)
    .execute(tx.conn())
    .await?;
    let corrected = redispatch && o.department_id != Some(dept)
        || (human && o.suggested_department_id != Some(dept));
    if corrected {
        feedback(tx, region, o, dept, "corrected", at).await?;
    }
    Ok(dept)
}

/// Merges the order into another (not itself, not a merged one); returns the event's note.
async fn merge(tx: &mut AuditedTx, ctx: &StepCtx<'_>) -> Result<String> {
    let StepCtx { region, id, a, at } = *ctx;
    let into = a
        .merge_into
        .filter(|x| *x != id)
        .ok_or_else(|| Error::of(Code::DispatchMerge).for_field("merge_into"))?;
    let target = load_in_tx(tx, region, into).await?;
    if target.status == OrderStatus::Merged {
        return Err(Error::of(Code::DispatchMergeTarget));
    }
    sqlx::query(
        "UPDATE work_orders SET status = 'merged', merged_into = $1, needs_human = 0, updated_at = $2 WHERE id = $3",
    )
    .bind(into)
    .bind(at)
    .bind(id)
    .execute(tx.conn())
    .await?;
    Ok(format!("并入工单 {}（同一地点同一事项）", target.order_no))
}

/// Applies accept, return, handle, reply or close (dispatch and merge have their own), with
/// the department's feedback where the step teaches the model. Returns the event's note when
/// the step sets it (a required note, or the close's default).
async fn update_status(
    tx: &mut AuditedTx,
    ctx: &StepCtx<'_>,
    step: Step,
    o: &OrderRow,
) -> Result<Option<String>> {
    let StepCtx { region, id, a, at } = *ctx;
    let mut note = None;
    match step {
        Step::Dispatch | Step::Merge => {}
        Step::Accept => {
            sqlx::query("UPDATE work_orders SET status = 'accepted', accepted_at = $1, updated_at = $1 WHERE id = $2")
                .bind(at)
                .bind(id)
                .execute(tx.conn())
                .await?;
            if let Some(d) = o.department_id {
                feedback(tx, region, o, d, "accepted", at).await?;
            }
        }
        Step::Return => {
            note = Some(need_note(&a.note, "退单理由", "reason for returning")?);
            sqlx::query(
                "UPDATE work_orders SET status = 'returned', return_count = return_count + 1, needs_human = 1, \
                 updated_at = $1 WHERE id = $2",
            )
            .bind(at)
            .bind(id)
            .execute(tx.conn())
            .await?;
            if let Some(d) = o.department_id {
                feedback(tx, region, o, d, "returned", at).await?;
            }
        }
        Step::Handle => {
            note = Some(need_note(&a.note, "办理结果", "result of the handling")?);
            sqlx::query("UPDATE work_orders SET status = 'handled', handled_at = $1, updated_at = $1 WHERE id = $2")
                .bind(at)
                .bind(id)
                .execute(tx.conn())
                .await?;
        }
        Step::Reply => {
            let reply = need_note(&a.note, "答复内容", "reply")?;
            sqlx::query(
                "UPDATE work_orders SET status = 'replied', replied_at = $1, reply = $2, updated_at = $1 WHERE id = $3",
            )
            .bind(at)
            .bind(reply.clone())
            .bind(id)
            .execute(tx.conn())
            .await?;
            note = Some(reply);
        }
        Step::Close => {
            let rating = a
                .rating
                .filter(|r| (1..=5).contains(r))
                .ok_or_else(|| Error::of(Code::DispatchRating).for_field("rating"))?;
            sqlx::query(
                "UPDATE work_orders SET status = 'closed', closed_at = $1, rating = $2, updated_at = $1 WHERE id = $3",
            )
            .bind(at)
            .bind(rating)
            .bind(id)
            .execute(tx.conn())
            .await?;
            if a.note.trim().is_empty() {
                note = Some(format!("回访评价 {rating} 分"));
            }
        }
    }
    Ok(note)
}

/// `now` for the service functions.
pub(crate) fn now() -> i64 {
    now_ms()
}
