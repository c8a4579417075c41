//! Supervision instruments (执法监督意见书 / 执法监督建议书): issued by the Justice Bureau to a
//! body with a rectification deadline counted in working days on the holiday calendar, answered
//! by the body (its own instruments only), closed by the bureau. A reply not given by the
//! deadline is flagged overdue.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::Row;

use super::opt_date;
use crate::audit::{Actor, AuditedTx, Event};
use crate::auth::{Permission, Principal, scope_sql};
use crate::calendar::HolidayCalendar;
use crate::db::Db;
use crate::labels::labelled_enum;
use crate::time::now_ms;
use crate::{Code, Error, Result};

/// Longest rectification period, in working days.
pub const MAX_DUE_WORKING_DAYS: u32 = 60;

labelled_enum!(
    /// 意见书 (something to correct) or 建议书 (something to improve).
    InstrumentKind {
        Opinion = "opinion", "执法监督意见书", "Supervision opinion";
        Suggestion = "suggestion", "执法监督建议书", "Supervision suggestion";
    }
);

labelled_enum!(
    /// Where an instrument stands.
    InstrumentStatus {
        Issued = "issued", "待回复", "Awaiting reply";
        Replied = "replied", "已回复", "Replied";
        Closed = "closed", "已办结", "Closed";
    }
);

impl InstrumentKind {
    fn prefix(self) -> &'static str {
        match self {
            InstrumentKind::Opinion => "滨司监意",
            InstrumentKind::Suggestion => "滨司监建",
        }
    }
}

/// An instrument.
#[derive(Debug, Clone, Serialize)]
pub struct Instrument {
    pub id: i64,
    pub doc_no: String,
    pub kind: InstrumentKind,
    pub department_id: i64,
    pub department: String,
    pub title: String,
    pub findings: String,
    pub requirements: String,
    pub issued_on: NaiveDate,
    pub due_on: NaiveDate,
    pub due_working_days: i64,
    pub status: InstrumentStatus,
    pub reply: String,
    pub replied_on: Option<NaiveDate>,
    pub replied_by: String,
    pub closed_on: Option<NaiveDate>,
    pub closure_note: String,
    /// No reply by the deadline (as of the day asked, or replied late).
    pub overdue: bool,
}

/// An instrument to issue.
#[derive(Debug, Clone, Deserialize)]
pub struct NewInstrument {
    pub kind: InstrumentKind,
    pub department_id: i64,
    pub title: String,
    pub findings: String,
    pub requirements: String,
    pub issued_on: NaiveDate,
    /// Rectification period in working days.
    pub due_working_days: u32,
}

const COLS: &str = "s.id, s.doc_no, s.kind, s.department_id, d.name, s.title, s.findings, s.requirements, s.issued_on, s.due_on, \
                    s.due_working_days, s.status, s.reply, s.replied_on, s.replied_by, s.closed_on, s.closure_note";

fn row_to(r: &sqlx::any::AnyRow, today: NaiveDate) -> Result<Instrument> {
    let kind: String = r.try_get(2)?;
    let status: String = r.try_get(11)?;
    let issued_on = opt_date(r.try_get(8)?).unwrap_or_default();
    let due_on = opt_date(r.try_get(9)?).unwrap_or_default();
    let replied_on = opt_date(r.try_get(13)?);
    let status = InstrumentStatus::parse(&status).unwrap_or(InstrumentStatus::Issued);
    let overdue = match replied_on {
        Some(d) => d > due_on,
        None => status == InstrumentStatus::Issued && today > due_on,
    };
    Ok(Instrument {
        id: r.try_get(0)?,
        doc_no: r.try_get(1)?,
        kind: InstrumentKind::parse(&kind).unwrap_or(InstrumentKind::Opinion),
        department_id: r.try_get(3)?,
        department: r.try_get(4)?,
        title: r.try_get(5)?,
        findings: r.try_get(6)?,
        requirements: r.try_get(7)?,
        issued_on,
        due_on,
        due_working_days: r.try_get(10)?,
        status,
        reply: r.try_get(12)?,
        replied_on,
        replied_by: r.try_get(14)?,
        closed_on: opt_date(r.try_get(15)?),
        closure_note: r.try_get(16)?,
        overdue,
    })
}

fn text(s: &str, field: &'static str, max: usize) -> Result<String> {
    let s = s.trim();
    if s.is_empty() || s.chars().count() > max {
        return Err(Error::of(Code::SupervisionInstrumentText)
            .for_field(field)
            .arg("max", max));
    }
    Ok(s.to_string())
}

/// Issues an instrument (区司法局). The deadline is `due_working_days` working days after the
/// issue date on the holiday calendar.
pub async fn issue(
    db: &Db,
    who: &Principal,
    cal: &HolidayCalendar,
    n: &NewInstrument,
) -> Result<Instrument> {
    who.require(Permission::ManageSupervision)?;
    if !who.covers_department(db, n.department_id).await? {
        return Err(Error::not_found("department"));
    }
    issue_as(db, who.actor(), &who.region, cal, n).await
}

/// Issues an instrument for a given actor and region (no permission check: the demo).
pub async fn issue_as(
    db: &Db,
    actor: Actor,
    region: &str,
    cal: &HolidayCalendar,
    n: &NewInstrument,
) -> Result<Instrument> {
    let title = text(&n.title, "title", 100)?;
    let findings = text(&n.findings, "findings", 4000)?;
    let requirements = text(&n.requirements, "requirements", 4000)?;
    if !(1..=MAX_DUE_WORKING_DAYS).contains(&n.due_working_days) {
        return Err(Error::of(Code::SupervisionInstrumentDue)
            .for_field("due_working_days")
            .arg_zh_en(
                "reason",
                format!("整改期限须为 1–{MAX_DUE_WORKING_DAYS} 个工作日。"),
                format!("The rectification period must be 1–{MAX_DUE_WORKING_DAYS} working days."),
            ));
    }
    let due = cal
        .add_working_days(n.issued_on, n.due_working_days)
        .map_err(|e| {
            Error::of(Code::SupervisionInstrumentDue)
                .for_field("issued_on")
                .arg_zh_en("reason", e.message_zh(), e.message_en())
        })?
        .date;
    let mut tx = AuditedTx::begin(db, actor).await?;
    let known = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM departments WHERE id = $1 AND region_code = $2",
    )
    .bind(n.department_id)
    .bind(region.to_string())
    .fetch_one(tx.conn())
    .await?
    .try_get::<i64, _>(0)?;
    if known == 0 {
        return Err(Error::not_found("department"));
    }
    let year = n.issued_on.year();
    let like = format!("{}〔{year}〕%", n.kind.prefix());
    let seq = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM supervision_instruments WHERE region_code = $1 AND doc_no LIKE $2",
    )
    .bind(region.to_string())
    .bind(like)
    .fetch_one(tx.conn())
    .await?
    .try_get::<i64, _>(0)?
        + 1;
    let doc_no = format!("{}〔{year}〕{seq}号", n.kind.prefix());
    let now = now_ms();
    let id: i64 = sqlx::query(
        "INSERT INTO supervision_instruments (region_code, doc_no, kind, department_id, title, findings, requirements, issued_on, \
         due_on, due_working_days, status, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'issued', $11, $12, $12) RETURNING id",
    )
    .bind(region.to_string())
    .bind(doc_no.clone())
    .bind(n.kind.as_str())
    .bind(n.department_id)
    .bind(title)
    .bind(findings)
    .bind(requirements)
    .bind(n.issued_on.to_string())
    .bind(due.to_string())
    .bind(i64::from(n.due_working_days))
    .bind(tx.actor().name.clone())
    .bind(now)
    .fetch_one(tx.conn())
    .await?
    .try_get(0)?;
    let inst = load(tx.conn(), region, id, n.issued_on).await?;
    let after = json!(inst);
    tx.record(Event {
        action: "supervision.instrument_issue",
        object_type: "supervision_instrument",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!(
            "{} {} 致 {}，{} 前整改",
            n.kind.label_zh(),
            doc_no,
            inst.department,
            due
        ),
    })
    .await?;
    tx.commit().await?;
    Ok(inst)
}

async fn load(
    conn: &mut sqlx::AnyConnection,
    region: &str,
    id: i64,
    today: NaiveDate,
) -> Result<Instrument> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLS} FROM supervision_instruments s JOIN departments d ON d.id = s.department_id WHERE s.id = $1 AND s.region_code = $2"
    )))
    .bind(id)
    .bind(region.to_string())
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| Error::not_found("instrument"))?;
    row_to(&r, today)
}

/// The body's reply (its own instruments only).
pub async fn reply(
    db: &Db,
    who: &Principal,
    id: i64,
    on: NaiveDate,
    reply: &str,
) -> Result<Instrument> {
    who.require(Permission::ReplySupervision)?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let before = load(tx.conn(), &who.region, id, on).await?;
    if !who.covers_department(db, before.department_id).await? {
        return Err(Error::not_found("instrument"));
    }
    let i = reply_in(&mut tx, &who.region, before, on, reply).await?;
    tx.commit().await?;
    Ok(i)
}

/// Records the reply for a given actor and region (no permission check: the demo).
pub async fn reply_as(
    db: &Db,
    actor: Actor,
    region: &str,
    id: i64,
    on: NaiveDate,
    reply: &str,
) -> Result<Instrument> {
    let mut tx = AuditedTx::begin(db, actor).await?;
    let before = load(tx.conn(), region, id, on).await?;
    let i = reply_in(&mut tx, region, before, on, reply).await?;
    tx.commit().await?;
    Ok(i)
}

async fn reply_in(
    tx: &mut AuditedTx,
    region: &str,
    before: Instrument,
    on: NaiveDate,
    reply: &str,
) -> Result<Instrument> {
    if before.status != InstrumentStatus::Issued {
        return Err(Error::of(Code::SupervisionInstrumentState).arg_zh_en(
            "reason",
            "该文书已回复或已办结。",
            "This instrument is already answered or closed.",
        ));
    }
    if on < before.issued_on {
        return Err(Error::of(Code::SupervisionInstrumentDate)
            .for_field("on")
            .arg_zh_en(
                "reason",
                "回复日期不能早于文书签发日期。",
                "The reply cannot precede the instrument.",
            ));
    }
    let reply = text(reply, "reply", 4000)?;
    sqlx::query(
        "UPDATE supervision_instruments SET status = 'replied', reply = $1, replied_on = $2, replied_by = $3, updated_at = $4 WHERE id = $5",
    )
    .bind(reply)
    .bind(on.to_string())
    .bind(tx.actor().name.clone())
    .bind(now_ms())
    .bind(before.id)
    .execute(tx.conn())
    .await?;
    let after = load(tx.conn(), region, before.id, on).await?;
    let (b, a) = (json!(before), json!(after));
    tx.record(Event {
        action: "supervision.instrument_reply",
        object_type: "supervision_instrument",
        object_id: before.id.to_string(),
        before: Some(&b),
        after: Some(&a),
        summary: format!(
            "{} 回复 {}{}",
            after.department,
            after.doc_no,
            if after.overdue { "（逾期）" } else { "" }
        ),
    })
    .await?;
    Ok(after)
}

/// Closes an answered instrument (区司法局).
pub async fn close(
    db: &Db,
    who: &Principal,
    id: i64,
    on: NaiveDate,
    note: &str,
) -> Result<Instrument> {
    who.require(Permission::ManageSupervision)?;
    close_as(db, who.actor(), &who.region, id, on, note).await
}

/// Closes an instrument for a given actor and region (no permission check: the demo).
pub async fn close_as(
    db: &Db,
    actor: Actor,
    region: &str,
    id: i64,
    on: NaiveDate,
    note: &str,
) -> Result<Instrument> {
    let mut tx = AuditedTx::begin(db, actor).await?;
    let before = load(tx.conn(), region, id, on).await?;
    if before.status != InstrumentStatus::Replied {
        return Err(Error::of(Code::SupervisionInstrumentState).arg_zh_en(
            "reason",
            "只有已回复的文书才能办结。",
            "Only an answered instrument can be closed.",
        ));
    }
    if before.replied_on.is_some_and(|r| on < r) {
        return Err(Error::of(Code::SupervisionInstrumentDate)
            .for_field("on")
            .arg_zh_en(
                "reason",
                "办结日期不能早于回复日期。",
                "The closing date cannot precede the reply.",
            ));
    }
    let note = text(note, "closure_note", 2000)?;
    sqlx::query(
        "UPDATE supervision_instruments SET status = 'closed', closed_on = $1, closure_note = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(on.to_string())
    .bind(note)
    .bind(now_ms())
    .bind(id)
    .execute(tx.conn())
    .await?;
    let after = load(tx.conn(), region, id, on).await?;
    let (b, a) = (json!(before), json!(after));
    tx.record(Event {
        action: "supervision.instrument_close",
        object_type: "supervision_instrument",
        object_id: id.to_string(),
        before: Some(&b),
        after: Some(&a),
        summary: format!("{} 办结", after.doc_no),
    })
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Instruments of the principal's scope, newest first; overdue as of `today`.
pub async fn list(
    db: &Db,
    who: &Principal,
    today: NaiveDate,
    status: Option<InstrumentStatus>,
) -> Result<Vec<Instrument>> {
    who.require(Permission::ViewSupervision)?;
    let b = who.scope_binds();
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLS} FROM supervision_instruments s JOIN departments d ON d.id = s.department_id \
         WHERE s.region_code = $1 AND {} AND ($5 = '' OR s.status = $5) ORDER BY s.issued_on DESC, s.id DESC",
        scope_sql("s.department_id", 2)
    )))
    .bind(who.region.clone())
    .bind(b.all)
    .bind(b.anchor)
    .bind(b.max_depth)
    .bind(status.map(|s| s.as_str()).unwrap_or("").to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(|r| row_to(r, today)).collect()
}

/// One instrument within the principal's scope.
pub async fn get(db: &Db, who: &Principal, id: i64, today: NaiveDate) -> Result<Instrument> {
    who.require(Permission::ViewSupervision)?;
    let mut conn = db.pool().acquire().await?;
    let i = load(&mut conn, &who.region, id, today).await?;
    if !who.covers_department(db, i.department_id).await? {
        return Err(Error::not_found("instrument"));
    }
    Ok(i)
}
