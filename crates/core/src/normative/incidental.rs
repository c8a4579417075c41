//! Incidental review of a normative document requested with a reconsideration application
//! (行政复议法 第十三条, 第五十六–六十条). The reconsideration module calls [`request`] inside its
//! own transaction; the district government may handle its own bodies' documents (thirty days,
//! 第五十六条), and transfers any other within seven working days.

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::Row;

use super::rules;
use super::workflow::{cal_err, invalid, refused, text};
use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal};
use crate::calendar::HolidayCalendar;
use crate::db::Db;
use crate::time::now_ms;
use crate::{Error, Result};

/// A request as stored.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Incidental {
    pub id: i64,
    pub application_id: i64,
    /// Our document, when the district may handle it.
    pub document_id: Option<i64>,
    /// 'handle' | 'transfer'
    pub route: String,
    /// 第五十六条: the day to decide (handle) or to transfer by.
    pub due_on: NaiveDate,
    /// 第五十八条: the day to notify the drafting body by (handle only).
    pub notify_due: Option<NaiveDate>,
}

/// Finds a document of the region by id, registration number or exact title (published ones:
/// only a document in force can be the basis of an act).
async fn find(
    conn: &mut sqlx::AnyConnection,
    region: &str,
    reference: &str,
) -> Result<Option<i64>> {
    let id = reference.trim().parse::<i64>().unwrap_or(-1);
    let row = sqlx::query(
        "SELECT id FROM normative_documents WHERE region_code = $1 AND published_on IS NOT NULL \
         AND (id = $2 OR reg_no = $3 OR title = $3) ORDER BY id DESC LIMIT 1",
    )
    .bind(region.to_string())
    .bind(id)
    .bind(reference.trim().to_string())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match row {
        Some(r) => Some(r.try_get(0)?),
        None => None,
    })
}

/// Receives an incidental review request of `application_id` against `document_ref` (an id, a
/// registration number or a title) on `requested_on`, inside the caller's transaction.
pub async fn request(
    tx: &mut AuditedTx,
    region: &str,
    cal: &HolidayCalendar,
    document_ref: &str,
    application_id: i64,
    requested_on: NaiveDate,
    by: &str,
) -> Result<Incidental> {
    text(
        document_ref,
        "document",
        300,
        "申请审查的规范性文件",
        "document",
    )?;
    let app: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM reconsideration_applications WHERE id = $1 AND region_code = $2",
    )
    .bind(application_id)
    .bind(region.to_string())
    .fetch_one(&mut *tx.conn())
    .await?
    .try_get(0)?;
    if app == 0 {
        return Err(invalid(
            "application_id",
            "附带审查申请须随行政复议申请一并提出（《行政复议法》第十三条）。",
            "An incidental review comes with a reconsideration application (art. 13).",
        ));
    }
    let dup: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM normative_incidental WHERE application_id = $1 AND document_ref = $2",
    )
    .bind(application_id)
    .bind(document_ref.trim().to_string())
    .fetch_one(&mut *tx.conn())
    .await?
    .try_get(0)?;
    if dup > 0 {
        return Err(refused(
            "该申请已就此文件提出附带审查。",
            "This application already asked for a review of that document.",
        ));
    }
    let doc = find(tx.conn(), region, document_ref).await?;
    let (route, due, notify) = match doc {
        Some(_) => (
            "handle",
            cal.add_calendar_days(requested_on, rules::INCIDENTAL_HANDLE_DAYS as u32)
                .map_err(cal_err)?
                .date,
            Some(
                cal.add_working_days(requested_on, rules::INCIDENTAL_NOTIFY_WORKING_DAYS)
                    .map_err(cal_err)?
                    .date,
            ),
        ),
        None => (
            "transfer",
            cal.add_working_days(requested_on, rules::INCIDENTAL_TRANSFER_WORKING_DAYS)
                .map_err(cal_err)?
                .date,
            None,
        ),
    };
    let id: i64 = sqlx::query(
        "INSERT INTO normative_incidental (region_code, application_id, document_id, document_ref, requested_on, route, due_on, \
         notify_due, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id",
    )
    .bind(region.to_string())
    .bind(application_id)
    .bind(doc)
    .bind(document_ref.trim().to_string())
    .bind(requested_on.to_string())
    .bind(route)
    .bind(due.to_string())
    .bind(notify.map(|d| d.to_string()))
    .bind(by.to_string())
    .bind(now_ms())
    .fetch_one(&mut *tx.conn())
    .await?
    .try_get(0)?;
    if let Some(d) = doc {
        super::workflow::record(
            tx.conn(),
            region,
            d,
            "incidental",
            requested_on,
            by,
            &format!(
                "行政复议申请 {application_id} 附带审查，{due} 前处理（《行政复议法》第五十六条）"
            ),
        )
        .await?;
    }
    tx.record(Event {
        action: "normative.incidental",
        object_type: "normative_incidental",
        object_id: id.to_string(),
        before: None,
        after: Some(&serde_json::json!({"application": application_id, "route": route})),
        summary: format!("规范性文件附带审查 {id}（{route}）"),
    })
    .await?;
    Ok(Incidental {
        id,
        application_id,
        document_id: doc,
        route: route.to_string(),
        due_on: due,
        notify_due: notify,
    })
}

/// The conclusion (第五十九条): the provisions are lawful (told in the decision), or their
/// execution stops and the drafting body is ordered to correct them; a transfer is recorded
/// as such.
pub async fn conclude(
    db: &Db,
    who: &Principal,
    id: i64,
    conclusion: &str,
    note: &str,
    on: NaiveDate,
) -> Result<()> {
    who.require(Permission::ReviewNormative)?;
    if !matches!(conclusion, "lawful" | "stop" | "transferred") {
        return Err(invalid(
            "conclusion",
            "结论须为：合法、停止执行并责令纠正、已转送。",
            "Conclude lawful, stop and correct, or transferred.",
        ));
    }
    text(note, "note", 2000, "处理意见", "note")?;
    let row = sqlx::query(
        "SELECT route, requested_on, document_id FROM normative_incidental WHERE id = $1 AND region_code = $2 AND conclusion = ''",
    )
    .bind(id)
    .bind(who.region.clone())
    .fetch_optional(db.pool())
    .await?
    .ok_or_else(|| Error::not_found("open incidental review"))?;
    let route: String = row.try_get(0)?;
    let requested: String = row.try_get(1)?;
    let doc: Option<i64> = row.try_get(2)?;
    if (route == "transfer") != (conclusion == "transferred") {
        return Err(refused(
            "本机关有权处理的依法处理，无权处理的转送（《行政复议法》第五十六条）。",
            "Handle what the body may handle, transfer the rest (art. 56).",
        ));
    }
    if on.to_string() < requested {
        return Err(invalid(
            "on",
            "处理日期不能早于申请日期。",
            "The date cannot precede the request.",
        ));
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    sqlx::query("UPDATE normative_incidental SET conclusion = $1, concluded_on = $2, note = $3 WHERE id = $4")
        .bind(conclusion.to_string())
        .bind(on.to_string())
        .bind(note.trim().to_string())
        .bind(id)
        .execute(&mut *tx.conn())
        .await?;
    if let Some(d) = doc {
        let zh = if conclusion == "stop" {
            "决定停止相关条款的执行，责令制定机关纠正（《行政复议法》第五十九条）"
        } else {
            "相关条款合法（《行政复议法》第五十九条）"
        };
        super::workflow::record(
            tx.conn(),
            &who.region,
            d,
            "incidental_concluded",
            on,
            &who.actor().name,
            &format!("{zh}：{}", note.trim()),
        )
        .await?;
    }
    tx.record(Event {
        action: "normative.incidental_conclude",
        object_type: "normative_incidental",
        object_id: id.to_string(),
        before: None,
        after: Some(&serde_json::json!({"conclusion": conclusion})),
        summary: format!("附带审查 {id}：{conclusion}"),
    })
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The requests of a reconsideration application.
pub async fn of_application(db: &Db, region: &str, application_id: i64) -> Result<Vec<Incidental>> {
    let rows = sqlx::query(
        "SELECT id, application_id, document_id, route, due_on, notify_due FROM normative_incidental \
         WHERE application_id = $1 AND region_code = $2 ORDER BY id",
    )
    .bind(application_id)
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let due: String = r.try_get(4)?;
            let notify: Option<String> = r.try_get(5)?;
            let parse = |s: &str| {
                s.parse::<NaiveDate>()
                    .map_err(|_| Error::Internal(format!("stored date {s:?}")))
            };
            Ok(Incidental {
                id: r.try_get(0)?,
                application_id: r.try_get(1)?,
                document_id: r.try_get(2)?,
                route: r.try_get(3)?,
                due_on: parse(&due)?,
                notify_due: notify.as_deref().map(parse).transpose()?,
            })
        })
        .collect()
}
