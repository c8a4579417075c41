//! Page structs and the view models of orders (deadlines, labels, explanation with the legal
//! basis text).

use fazhi_core::Result;
use fazhi_core::auth::{Permission, Principal};
use fazhi_core::dispatch::{self, DispatchStats, OrderDetail, OrderRow, OrderStatus};
use fazhi_core::org::RowError;
use fazhi_core::time::fmt_ms;

use super::{CreateForm, ListParams};
use crate::home::{DeadlineView, deadline_view};
use crate::shell::{Pager, Shell};
use crate::state::AppState;

/// One order in a list.
pub struct OrderItem {
    pub id: i64,
    pub order_no: String,
    pub kind: String,
    pub text: String,
    pub address: String,
    pub received: String,
    pub status: String,
    pub status_tag: &'static str,
    pub department: String,
    pub suggested: String,
    pub confidence: String,
    pub needs_human: bool,
    pub deadline: Option<DeadlineView>,
    pub returns: i64,
}

fn short_text(s: &str, n: usize) -> String {
    if s.chars().count() > n {
        format!("{}…", s.chars().take(n).collect::<String>())
    } else {
        s.to_string()
    }
}

pub fn order_item(st: &AppState, lang: &str, o: &OrderRow) -> OrderItem {
    let en = lang == "en";
    OrderItem {
        id: o.id,
        order_no: o.order_no.clone(),
        kind: if en {
            o.kind.label_en()
        } else {
            o.kind.label_zh()
        }
        .into(),
        text: short_text(&o.text, 60),
        address: o.address.clone(),
        received: fmt_ms(o.received_at),
        status: if en {
            o.status.label_en()
        } else {
            o.status.label_zh()
        }
        .into(),
        status_tag: o.status.tag(),
        department: o.department.clone(),
        suggested: o.suggested_department.clone(),
        confidence: format!("{:.0}%", o.confidence * 100.0),
        needs_human: o.needs_human,
        deadline: o
            .due_date
            .filter(|_| o.status.is_open())
            .map(|d| deadline_view(st, lang, d)),
        returns: o.return_count,
    }
}

/// A matched word and its weight.
pub struct EvidenceView {
    pub word: String,
    pub weight: String,
}

/// The power item suggested, with its basis text from the corpus.
pub struct PowerView {
    pub code: String,
    pub name: String,
    pub category: String,
    pub citation: String,
    pub basis: Vec<(String, String)>,
}

/// One timeline entry.
pub struct EventView {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub department: String,
    pub note: String,
}

/// What the order page shows.
pub struct OrderView {
    pub o: OrderItem,
    pub text: String,
    pub caller: String,
    pub source: String,
    pub suggested_id: i64,
    pub ranked: Vec<(String, String)>,
    pub evidence: Vec<EvidenceView>,
    pub power: Option<PowerView>,
    pub power_words: String,
    pub engine: String,
    pub similar_order: Option<i64>,
    pub accept_due: Option<DeadlineView>,
    pub statutory: Option<&'static str>,
    /// The statutory acceptance deadline (投诉举报处理暂行办法 第十四条) while the order is open.
    pub statutory_due: Option<DeadlineView>,
    pub reply: String,
    pub rating: Option<i64>,
    pub merged_into: Option<i64>,
    pub events: Vec<EventView>,
    pub duplicates: Vec<OrderItem>,
    pub can_dispatch: bool,
    pub can_close: bool,
    pub can_merge: bool,
    pub can_accept: bool,
    pub can_handle: bool,
    pub can_reply: bool,
}

fn action_label(a: &str, en: bool) -> String {
    let (zh, e) = match a {
        "receive" => ("受理", "Received"),
        "dispatch" => ("派发", "Dispatched"),
        "accept" => ("签收", "Accepted"),
        "return" => ("退单", "Returned"),
        "handle" => ("办结", "Handled"),
        "reply" => ("答复", "Replied"),
        "close" => ("回访关闭", "Closed"),
        "merge" => ("合并", "Merged"),
        _ => (a, a),
    };
    if en { e.into() } else { zh.into() }
}

pub fn order_view(
    st: &AppState,
    lang: &str,
    d: &OrderDetail,
    who: &Principal,
    duplicates: &[OrderRow],
) -> OrderView {
    let o = &d.order;
    let en = lang == "en";
    let x = &o.explanation;
    let corpus = st.corpus();
    let power = x["power"].as_object().map(|p| PowerView {
        code: p["code"].as_str().unwrap_or("").into(),
        name: p["name"].as_str().unwrap_or("").into(),
        category: p["category"].as_str().unwrap_or("").into(),
        citation: p["basis_citation"].as_str().unwrap_or("").into(),
        basis: p["basis"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c.as_str())
            .take(3)
            .filter_map(|c| corpus.lookup(c, None).ok())
            .map(|pv| (pv.citation, short_text(&pv.text, 300)))
            .collect(),
    });
    let dispatcher = who.role.can(Permission::DispatchOrders);
    let handler = who.role.can(Permission::HandleOrders);
    OrderView {
        o: order_item(st, lang, o),
        text: o.text.clone(),
        caller: o.caller.clone(),
        source: dispatch::SOURCES
            .iter()
            .find(|s| s.0 == o.source)
            .map(|s| if en { s.2 } else { s.1 })
            .unwrap_or(&o.source)
            .into(),
        suggested_id: o.suggested_department_id.unwrap_or(0),
        ranked: x["ranked"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| {
                (
                    r["department"].as_str().unwrap_or("").to_string(),
                    format!("{:.0}%", r["confidence"].as_f64().unwrap_or(0.0) * 100.0),
                )
            })
            .collect(),
        evidence: x["evidence"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| EvidenceView {
                word: e["word"].as_str().unwrap_or("").into(),
                weight: format!("{:.1}", e["weight"].as_f64().unwrap_or(0.0)),
            })
            .collect(),
        power,
        power_words: x["power_words"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|w| w.as_str())
            .collect::<Vec<_>>()
            .join("、"),
        engine: x["engine"].as_str().unwrap_or("builtin").into(),
        similar_order: x["similar_order"].as_i64(),
        accept_due: o
            .accept_due
            .filter(|_| o.status == OrderStatus::Dispatched)
            .map(|d| deadline_view(st, lang, d)),
        statutory: dispatch::statutory_note(o.kind, market_short(&o.department)),
        statutory_due: o
            .dispatched_at
            .filter(|_| {
                matches!(
                    o.status,
                    OrderStatus::Dispatched | OrderStatus::Accepted | OrderStatus::Returned
                )
            })
            .and_then(|ms| {
                let received = chrono::DateTime::from_timestamp_millis(ms)?
                    .with_timezone(&fazhi_core::time::cst())
                    .date_naive();
                dispatch::complaint_acceptance_due(
                    &st.calendar(),
                    o.kind,
                    market_short(&o.department),
                    received,
                )
            })
            .map(|d| deadline_view(st, lang, d)),
        reply: o.reply.clone(),
        rating: o.rating,
        merged_into: o.merged_into,
        events: d
            .events
            .iter()
            .map(|e| EventView {
                at: fmt_ms(e.at),
                actor: e.actor.clone(),
                action: action_label(&e.action, en),
                department: e.department.clone(),
                note: e.note.clone(),
            })
            .collect(),
        duplicates: duplicates.iter().map(|r| order_item(st, lang, r)).collect(),
        can_dispatch: dispatcher
            && matches!(
                o.status,
                OrderStatus::Received
                    | OrderStatus::Returned
                    | OrderStatus::Dispatched
                    | OrderStatus::Accepted
            ),
        can_close: dispatcher && o.status == OrderStatus::Replied,
        can_merge: dispatcher
            && matches!(
                o.status,
                OrderStatus::Received | OrderStatus::Returned | OrderStatus::Dispatched
            ),
        can_accept: handler && o.status == OrderStatus::Dispatched,
        can_handle: handler && o.status == OrderStatus::Accepted,
        can_reply: handler && o.status == OrderStatus::Handled,
    }
}

/// Departments a dispatcher may choose (top-level first, then the bodies below).
pub struct DeptChoice {
    pub id: i64,
    pub name: String,
    pub sub: bool,
}

pub async fn dept_choices(st: &AppState) -> Result<Vec<DeptChoice>> {
    Ok(
        dispatch::dispatch_targets(&st.db, fazhi_core::BINHAI_REGION)
            .await?
            .into_iter()
            .map(|(id, name, sub)| DeptChoice {
                id,
                name,
                sub: sub == 1,
            })
            .collect(),
    )
}

#[derive(askama::Template)]
#[template(path = "dispatch/desk.html")]
pub struct DeskPage {
    pub shell: Shell,
    pub rows: Vec<OrderItem>,
    pub pager: Pager,
    pub p: ListParams,
    pub kinds: Vec<(&'static str, String)>,
}

#[derive(askama::Template)]
#[template(path = "dispatch/inbox.html")]
pub struct InboxPage {
    pub shell: Shell,
    pub rows: Vec<OrderItem>,
    pub pager: Pager,
    pub p: ListParams,
    pub statuses: Vec<(&'static str, String)>,
}

#[derive(askama::Template)]
#[template(path = "dispatch/stats.html")]
pub struct StatsPage {
    pub shell: Shell,
    pub s: DispatchStats,
    /// Each department with its average rating as text.
    pub rows: Vec<(fazhi_core::dispatch::DeptStats, String)>,
    pub overdue: Vec<OrderItem>,
    pub overdue_total: i64,
}

#[derive(askama::Template)]
#[template(path = "dispatch/order.html")]
pub struct OrderPage {
    pub shell: Shell,
    pub v: OrderView,
    pub depts: Vec<DeptChoice>,
}

#[derive(askama::Template)]
#[template(path = "dispatch/import_report.html")]
pub struct ImportReportPage {
    pub shell: Shell,
    pub errors: Vec<RowError>,
}

#[derive(askama::Template)]
#[template(path = "dispatch/complaint.html")]
pub struct ComplaintPage {
    pub shell: Shell,
    pub error: Option<String>,
    pub done: Option<String>,
    pub f: CreateForm,
}

/// The short name `statutory_note` knows a market-supervision bureau by.
fn market_short(department: &str) -> &'static str {
    if department.contains("市场监督管理局") {
        "区市场监管局"
    } else {
        ""
    }
}
