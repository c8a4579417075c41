//! The interview list (末位约谈): bodies ranked last in a monthly assessment, with the record
//! of the interview (held on, participants, what was said), the rectification and the closure.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::Row;

use super::{Month, opt_date};
use crate::audit::{Actor, AuditedTx, Event};
use crate::auth::{Permission, Principal, scope_sql};
use crate::db::Db;
use crate::labels::labelled_enum;
use crate::time::now_ms;
use crate::{Code, Error, Result};

labelled_enum!(
    /// Where an interview stands.
    InterviewStatus {
        Pending = "pending", "待约谈", "Pending";
        Held = "held", "已约谈", "Held";
        Closed = "closed", "已整改销号", "Closed";
    }
);

/// An interview on the list.
#[derive(Debug, Clone, Serialize)]
pub struct Interview {
    pub id: i64,
    pub department_id: i64,
    pub department: String,
    pub month: Month,
    pub rank: i64,
    pub reason: String,
    pub status: InterviewStatus,
    pub held_on: Option<NaiveDate>,
    pub participants: String,
    pub record: String,
    pub rectification: String,
    pub closed_on: Option<NaiveDate>,
}

/// The follow-up to record.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum FollowUp {
    /// The interview took place.
    Hold {
        held_on: NaiveDate,
        participants: String,
        record: String,
    },
    /// The body's rectification is accepted and the item closed.
    Close {
        closed_on: NaiveDate,
        rectification: String,
    },
}

const COLS: &str = "i.id, i.department_id, d.name, i.month, i.rank, i.reason, i.status, i.held_on, i.participants, \
                    i.record, i.rectification, i.closed_on";

fn row_to(r: &sqlx::any::AnyRow) -> Result<Interview> {
    let month: String = r.try_get(3)?;
    let status: String = r.try_get(6)?;
    Ok(Interview {
        id: r.try_get(0)?,
        department_id: r.try_get(1)?,
        department: r.try_get(2)?,
        month: Month::parse(&month)?,
        rank: r.try_get(4)?,
        reason: r.try_get(5)?,
        status: InterviewStatus::parse(&status).unwrap_or(InterviewStatus::Pending),
        held_on: opt_date(r.try_get(7)?),
        participants: r.try_get(8)?,
        record: r.try_get(9)?,
        rectification: r.try_get(10)?,
        closed_on: opt_date(r.try_get(11)?),
    })
}

/// Interviews of the principal's scope in a month range, newest first.
pub async fn list(db: &Db, who: &Principal, from: Month, to: Month) -> Result<Vec<Interview>> {
    who.require(Permission::ViewSupervision)?;
    let b = who.scope_binds();
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLS} FROM supervision_interviews i JOIN departments d ON d.id = i.department_id \
         WHERE i.region_code = $1 AND i.month >= $2 AND i.month <= $3 AND {} ORDER BY i.month DESC, i.rank DESC",
        scope_sql("i.department_id", 4)
    )))
    .bind(who.region.clone())
    .bind(from.to_string())
    .bind(to.to_string())
    .bind(b.all)
    .bind(b.anchor)
    .bind(b.max_depth)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(row_to).collect()
}

/// Records the follow-up of an interview (区司法局).
pub async fn follow_up(db: &Db, who: &Principal, id: i64, f: &FollowUp) -> Result<Interview> {
    who.require(Permission::ManageSupervision)?;
    follow_up_as(db, who.actor(), &who.region, id, f).await
}

/// `follow_up` for a given actor and region (no permission check: the demo generator).
pub async fn follow_up_as(
    db: &Db,
    actor: Actor,
    region: &str,
    id: i64,
    f: &FollowUp,
) -> Result<Interview> {
    let mut tx = AuditedTx::begin(db, actor).await?;
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLS} FROM supervision_interviews i JOIN departments d ON d.id = i.department_id WHERE i.id = $1 AND i.region_code = $2"
    )))
    .bind(id)
    .bind(region.to_string())
    .fetch_optional(tx.conn())
    .await?
    .ok_or_else(|| Error::not_found("interview"))?;
    let before = row_to(&row)?;
    let text = |s: &str, field: &'static str| -> Result<String> {
        let s = s.trim();
        if s.is_empty() || s.chars().count() > 2000 {
            return Err(Error::of(Code::SupervisionInterviewText).for_field(field));
        }
        Ok(s.to_string())
    };
    match f {
        FollowUp::Hold {
            held_on,
            participants,
            record,
        } => {
            if before.status != InterviewStatus::Pending {
                return Err(Error::of(Code::SupervisionInterviewState).arg_zh_en(
                    "reason",
                    "该约谈已记录。",
                    "This interview is already recorded.",
                ));
            }
            if *held_on < before.month.last() {
                return Err(Error::of(Code::SupervisionInterviewDate)
                    .for_field("held_on")
                    .arg_zh_en(
                        "reason",
                        "约谈日期不能早于考核月份结束。",
                        "The interview cannot precede the end of the month assessed.",
                    ));
            }
            sqlx::query(
                "UPDATE supervision_interviews SET status = 'held', held_on = $1, participants = $2, record = $3, updated_at = $4 WHERE id = $5",
            )
            .bind(held_on.to_string())
            .bind(text(participants, "participants")?)
            .bind(text(record, "record")?)
            .bind(now_ms())
            .bind(id)
            .execute(tx.conn())
            .await?;
        }
        FollowUp::Close {
            closed_on,
            rectification,
        } => {
            if before.status != InterviewStatus::Held {
                return Err(Error::of(Code::SupervisionInterviewState).arg_zh_en(
                    "reason",
                    "须先记录约谈，再整改销号。",
                    "Record the interview before closing it.",
                ));
            }
            if before.held_on.is_some_and(|h| *closed_on < h) {
                return Err(Error::of(Code::SupervisionInterviewDate)
                    .for_field("closed_on")
                    .arg_zh_en(
                        "reason",
                        "销号日期不能早于约谈日期。",
                        "The closing date cannot precede the interview.",
                    ));
            }
            sqlx::query(
                "UPDATE supervision_interviews SET status = 'closed', closed_on = $1, rectification = $2, updated_at = $3 WHERE id = $4",
            )
            .bind(closed_on.to_string())
            .bind(text(rectification, "rectification")?)
            .bind(now_ms())
            .bind(id)
            .execute(tx.conn())
            .await?;
        }
    }
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLS} FROM supervision_interviews i JOIN departments d ON d.id = i.department_id WHERE i.id = $1"
    )))
    .bind(id)
    .fetch_one(tx.conn())
    .await?;
    let after = row_to(&row)?;
    let (b, a) = (json!(before), json!(after));
    tx.record(Event {
        action: "supervision.interview",
        object_type: "supervision_interview",
        object_id: id.to_string(),
        before: Some(&b),
        after: Some(&a),
        summary: format!(
            "{} {} 约谈：{}",
            after.department,
            after.month,
            after.status.label_zh()
        ),
    })
    .await?;
    tx.commit().await?;
    Ok(after)
}
