//! Assignments of counsel to a subject of any module and their written opinions on it, keyed by
//! subject kind and id so that every module links the same table (重大行政决策程序暂行条例
//! 第二十八条: the legality review "应当组织法律顾问、公职律师提出法律意见").

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::{AnyConnection, Row};

use super::registry::{invalid, refused};
use super::rules::SubjectKind;
use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal};
use crate::db::Db;
use crate::time::now_ms;
use crate::{Error, Result};

/// An opinion as shown beside its subject.
#[derive(Debug, Clone, Serialize)]
pub struct Opinion {
    pub id: i64,
    pub counsel_id: i64,
    pub counsel: String,
    pub kind_zh: String,
    pub subject_kind: SubjectKind,
    pub subject_id: i64,
    pub given_on: String,
    pub opinion: String,
}

/// An assignment as shown beside its subject.
#[derive(Debug, Clone, Serialize)]
pub struct Assignment {
    pub counsel_id: i64,
    pub counsel: String,
    pub kind_zh: String,
    pub assigned_on: String,
}

/// The subject exists in the region. Kinds whose module keeps its records elsewhere are checked
/// by that module before it links (the normative module adds its arm here when it lands).
async fn subject_exists(
    conn: &mut AnyConnection,
    region: &str,
    kind: SubjectKind,
    id: i64,
) -> Result<bool> {
    let sql = match kind {
        SubjectKind::Decision => {
            "SELECT CAST(COUNT(*) AS BIGINT) FROM major_decisions WHERE id = $1 AND region_code = $2"
        }
        SubjectKind::Litigation => {
            "SELECT CAST(COUNT(*) AS BIGINT) FROM litigation_cases WHERE id = $1 AND region_code = $2"
        }
        SubjectKind::Normative | SubjectKind::Contract => return Ok(id > 0),
    };
    let n: i64 = sqlx::query(sql)
        .bind(id)
        .bind(region.to_string())
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    Ok(n > 0)
}

/// Counsel `id` holds an appointment in the region on `on`: its name.
async fn in_office(
    conn: &mut AnyConnection,
    region: &str,
    id: i64,
    on: NaiveDate,
) -> Result<Option<String>> {
    let row = sqlx::query(
        "SELECT c.name FROM counsel c WHERE c.id = $1 AND c.region_code = $2 AND EXISTS \
         (SELECT 1 FROM counsel_appointments a WHERE a.counsel_id = c.id AND a.starts_on <= $3 \
          AND (a.ends_on IS NULL OR a.ends_on >= $3))",
    )
    .bind(id)
    .bind(region.to_string())
    .bind(on.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match row {
        Some(r) => Some(r.try_get(0)?),
        None => None,
    })
}

/// Assigns counsel to a subject inside the caller's transaction.
pub async fn assign_in(
    tx: &mut AuditedTx,
    region: &str,
    counsel_id: i64,
    kind: SubjectKind,
    subject_id: i64,
    on: NaiveDate,
    by: &str,
) -> Result<()> {
    if on > crate::time::today() {
        return Err(invalid(
            "on",
            "指派日期不能晚于今天。",
            "The date cannot be in the future.",
        ));
    }
    if !subject_exists(tx.conn(), region, kind, subject_id).await? {
        return Err(Error::not_found("subject"));
    }
    let Some(name) = in_office(tx.conn(), region, counsel_id, on).await? else {
        return Err(refused(
            "该法律顾问或公职律师在指派日期不在聘任期内。",
            "The counsel holds no appointment on that date.",
        ));
    };
    let dup: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM counsel_assignments WHERE counsel_id = $1 AND subject_kind = $2 AND subject_id = $3",
    )
    .bind(counsel_id)
    .bind(kind.as_str())
    .bind(subject_id)
    .fetch_one(&mut *tx.conn())
    .await?
    .try_get(0)?;
    if dup > 0 {
        return Err(refused(
            "已指派该人员办理此事项。",
            "This counsel is already assigned to it.",
        ));
    }
    sqlx::query(
        "INSERT INTO counsel_assignments (region_code, counsel_id, subject_kind, subject_id, assigned_on, assigned_by, created_at) \
         VALUES ($1,$2,$3,$4,$5,$6,$7)",
    )
    .bind(region.to_string())
    .bind(counsel_id)
    .bind(kind.as_str())
    .bind(subject_id)
    .bind(on.to_string())
    .bind(by.to_string())
    .bind(now_ms())
    .execute(&mut *tx.conn())
    .await?;
    let after =
        serde_json::json!({"subject": kind.as_str(), "id": subject_id, "on": on.to_string()});
    tx.record(Event {
        action: "counsel.assign",
        object_type: "counsel",
        object_id: counsel_id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("指派 {name} 办理{} {subject_id}", kind.label_zh()),
    })
    .await?;
    Ok(())
}

/// Records an assigned counsel's written opinion inside the caller's transaction.
#[allow(clippy::too_many_arguments)]
pub async fn give_in(
    tx: &mut AuditedTx,
    region: &str,
    counsel_id: i64,
    kind: SubjectKind,
    subject_id: i64,
    on: NaiveDate,
    text: &str,
    by: &str,
) -> Result<i64> {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > 4000 {
        return Err(invalid(
            "opinion",
            "请填写书面法律意见（4000 字以内）。",
            "Enter the written opinion (at most 4,000 characters).",
        ));
    }
    if on > crate::time::today() {
        return Err(invalid(
            "on",
            "出具日期不能晚于今天。",
            "The date cannot be in the future.",
        ));
    }
    let row = sqlx::query(
        "SELECT assigned_on FROM counsel_assignments WHERE counsel_id = $1 AND subject_kind = $2 AND subject_id = $3 AND region_code = $4",
    )
    .bind(counsel_id)
    .bind(kind.as_str())
    .bind(subject_id)
    .bind(region.to_string())
    .fetch_optional(&mut *tx.conn())
    .await?;
    let Some(row) = row else {
        return Err(refused(
            "该人员未被指派办理此事项，不能出具意见。",
            "The counsel is not assigned to this matter.",
        ));
    };
    let assigned: String = row.try_get(0)?;
    if on.to_string() < assigned {
        return Err(invalid(
            "on",
            format!("出具日期不能早于指派日期 {assigned}。"),
            format!("The opinion cannot predate the assignment ({assigned})."),
        ));
    }
    let id: i64 = sqlx::query(
        "INSERT INTO counsel_opinions (region_code, counsel_id, subject_kind, subject_id, given_on, opinion, created_by, created_at) \
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id",
    )
    .bind(region.to_string())
    .bind(counsel_id)
    .bind(kind.as_str())
    .bind(subject_id)
    .bind(on.to_string())
    .bind(t.to_string())
    .bind(by.to_string())
    .bind(now_ms())
    .fetch_one(&mut *tx.conn())
    .await?
    .try_get(0)?;
    let after =
        serde_json::json!({"subject": kind.as_str(), "id": subject_id, "on": on.to_string()});
    tx.record(Event {
        action: "counsel.opinion",
        object_type: "counsel_opinion",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("法律意见：{} {subject_id}", kind.label_zh()),
    })
    .await?;
    Ok(id)
}

/// Assigns counsel, as the Justice Bureau, in its own transaction.
pub async fn assign(
    db: &Db,
    who: &Principal,
    counsel_id: i64,
    kind: SubjectKind,
    subject_id: i64,
    on: NaiveDate,
) -> Result<()> {
    who.require(Permission::ManageCounsel)?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    assign_in(
        &mut tx,
        &who.region,
        counsel_id,
        kind,
        subject_id,
        on,
        &who.actor().name,
    )
    .await?;
    tx.commit().await
}

/// Records an opinion, as the Justice Bureau, in its own transaction.
pub async fn give(
    db: &Db,
    who: &Principal,
    counsel_id: i64,
    kind: SubjectKind,
    subject_id: i64,
    on: NaiveDate,
    text: &str,
) -> Result<i64> {
    who.require(Permission::ManageCounsel)?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let id = give_in(
        &mut tx,
        &who.region,
        counsel_id,
        kind,
        subject_id,
        on,
        text,
        &who.actor().name,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Opinions given on a subject up to `on` (the decisions' gate of 第二十八条).
pub async fn count_for(
    conn: &mut AnyConnection,
    region: &str,
    kind: SubjectKind,
    subject_id: i64,
    on: NaiveDate,
) -> Result<i64> {
    Ok(sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM counsel_opinions WHERE region_code = $1 AND subject_kind = $2 \
         AND subject_id = $3 AND given_on <= $4",
    )
    .bind(region.to_string())
    .bind(kind.as_str())
    .bind(subject_id)
    .bind(on.to_string())
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?)
}

/// The opinions on a subject (the caller has checked that the subject is visible).
pub async fn for_subject(
    db: &Db,
    region: &str,
    kind: SubjectKind,
    subject_id: i64,
) -> Result<Vec<Opinion>> {
    let rows = sqlx::query(
        "SELECT o.id, o.counsel_id, c.name, c.kind, o.given_on, o.opinion FROM counsel_opinions o \
         JOIN counsel c ON c.id = o.counsel_id WHERE o.region_code = $1 AND o.subject_kind = $2 AND o.subject_id = $3 ORDER BY o.id",
    )
    .bind(region.to_string())
    .bind(kind.as_str())
    .bind(subject_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let k: String = r.try_get(3)?;
            Ok(Opinion {
                id: r.try_get(0)?,
                counsel_id: r.try_get(1)?,
                counsel: r.try_get(2)?,
                kind_zh: super::rules::Kind::parse(&k)
                    .map(|k| k.label_zh())
                    .unwrap_or("")
                    .to_string(),
                subject_kind: kind,
                subject_id,
                given_on: r.try_get(4)?,
                opinion: r.try_get(5)?,
            })
        })
        .collect()
}

/// The counsel assigned to a subject (the caller has checked that the subject is visible).
pub async fn assignments_for(
    db: &Db,
    region: &str,
    kind: SubjectKind,
    subject_id: i64,
) -> Result<Vec<Assignment>> {
    let rows = sqlx::query(
        "SELECT s.counsel_id, c.name, c.kind, s.assigned_on FROM counsel_assignments s JOIN counsel c ON c.id = s.counsel_id \
         WHERE s.region_code = $1 AND s.subject_kind = $2 AND s.subject_id = $3 ORDER BY s.id",
    )
    .bind(region.to_string())
    .bind(kind.as_str())
    .bind(subject_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let k: String = r.try_get(2)?;
            Ok(Assignment {
                counsel_id: r.try_get(0)?,
                counsel: r.try_get(1)?,
                kind_zh: super::rules::Kind::parse(&k)
                    .map(|k| k.label_zh())
                    .unwrap_or("")
                    .to_string(),
                assigned_on: r.try_get(3)?,
            })
        })
        .collect()
}
