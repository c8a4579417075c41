//! The registry of counsel and their appointments to bodies, with the data scope applied on the
//! server: the Justice Bureau sees every body's counsel, a body its own.

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::{AnyConnection, Row};

use super::rules::{self, Kind, NewCounsel};
use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal, scope_sql};
use crate::db::Db;
use crate::time::now_ms;
use crate::{Code, Error, Result};

pub(crate) fn invalid(field: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Error {
    Error::of(Code::CounselInvalid)
        .for_field(field)
        .arg_zh_en("reason", zh.into(), en.into())
}

pub(crate) fn refused(zh: impl Into<String>, en: impl Into<String>) -> Error {
    Error::of(Code::CounselRefused).arg_zh_en("reason", zh.into(), en.into())
}

/// A registered counsel with the body of its current (latest) appointment.
#[derive(Debug, Clone, Serialize)]
pub struct Counsel {
    pub id: i64,
    pub kind: Kind,
    pub name: String,
    pub qualification_no: String,
    pub licence_no: String,
    pub firm: String,
    pub specialty: String,
    pub department_id: i64,
    pub department: String,
    pub starts_on: String,
    pub ends_on: Option<String>,
}

async fn department_ok(conn: &mut AnyConnection, region: &str, id: i64) -> Result<bool> {
    let n: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM departments WHERE id = $1 AND region_code = $2 AND active = 1",
    )
    .bind(id)
    .bind(region.to_string())
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;
    Ok(n > 0)
}

/// Registers a counsel and its first appointment inside the caller's transaction (the demo
/// reuses it). Checks the registration (律师法 第五条, 第六条, 第十条, 第十三条) and refuses a
/// person already registered (by the qualification number), citing 第十一条 when the two
/// registrations would make a civil servant a practising lawyer.
pub async fn insert(tx: &mut AuditedTx, region: &str, n: &NewCounsel, by: &str) -> Result<i64> {
    if let Err(f) = rules::check(n) {
        let (zh, en) = f.message();
        return Err(invalid(f.field(), zh, en));
    }
    if !department_ok(tx.conn(), region, n.department_id).await? {
        return Err(invalid(
            "department_id",
            "请选择本区的机关单位。",
            "Choose a body of the district.",
        ));
    }
    if !n.qualification_no.trim().is_empty() {
        let row = sqlx::query(
            "SELECT kind FROM counsel WHERE region_code = $1 AND qualification_no = $2 LIMIT 1",
        )
        .bind(region.to_string())
        .bind(n.qualification_no.trim().to_string())
        .fetch_optional(&mut *tx.conn())
        .await?;
        if let Some(r) = row {
            let kind: String = r.try_get(0)?;
            let existing = Kind::parse(&kind).unwrap_or(Kind::Scholar);
            if rules::dual_practice(existing, n.kind) {
                return Err(refused(
                    "该人员已登记为公职律师或社会律师，公务员不得兼任执业律师（《律师法》第十一条）。",
                    "This person is already registered as a public-sector or practising lawyer; civil servants may not practise as lawyers (Lawyers Law art. 11).",
                ));
            }
            return Err(refused(
                "该法律职业资格证书编号已登记，请为其新增聘任而不是重复登记。",
                "This qualification number is registered already: add an appointment instead.",
            ));
        }
    }
    let now = now_ms();
    let id: i64 = sqlx::query(
        "INSERT INTO counsel (region_code, kind, name, qualification_no, licence_no, firm, specialty, created_by, created_at, updated_at) \
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$9) RETURNING id",
    )
    .bind(region.to_string())
    .bind(n.kind.as_str())
    .bind(n.name.trim().to_string())
    .bind(n.qualification_no.trim().to_string())
    .bind(n.licence_no.trim().to_string())
    .bind(n.firm.trim().to_string())
    .bind(n.specialty.trim().to_string())
    .bind(by.to_string())
    .bind(now)
    .fetch_one(&mut *tx.conn())
    .await?
    .try_get(0)?;
    insert_appointment(
        tx.conn(),
        region,
        id,
        n.department_id,
        n.starts_on,
        n.ends_on,
        by,
    )
    .await?;
    let after = serde_json::json!({
        "kind": n.kind.as_str(),
        "name": n.name.trim(),
        "department": n.department_id,
        "starts_on": n.starts_on.to_string(),
    });
    tx.record(Event {
        action: "counsel.register",
        object_type: "counsel",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("登记{} {}", n.kind.label_zh(), n.name.trim()),
    })
    .await?;
    Ok(id)
}

async fn insert_appointment(
    conn: &mut AnyConnection,
    region: &str,
    counsel_id: i64,
    department_id: i64,
    starts_on: NaiveDate,
    ends_on: Option<NaiveDate>,
    by: &str,
) -> Result<i64> {
    Ok(sqlx::query(
        "INSERT INTO counsel_appointments (region_code, counsel_id, department_id, starts_on, ends_on, created_by, created_at) \
         VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id",
    )
    .bind(region.to_string())
    .bind(counsel_id)
    .bind(department_id)
    .bind(starts_on.to_string())
    .bind(ends_on.map(|d| d.to_string()))
    .bind(by.to_string())
    .bind(now_ms())
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?)
}

/// Registers a counsel as the Justice Bureau, in its own transaction.
pub async fn register(db: &Db, who: &Principal, n: &NewCounsel) -> Result<i64> {
    who.require(Permission::ManageCounsel)?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let id = insert(&mut tx, &who.region, n, &who.actor().name).await?;
    tx.commit().await?;
    Ok(id)
}

/// Appoints a registered counsel to another body (an adviser retained by several bodies). A
/// public-sector lawyer belongs to one body at a time: the new appointment must start after the
/// current one ends.
pub async fn appoint(
    db: &Db,
    who: &Principal,
    counsel_id: i64,
    department_id: i64,
    starts_on: NaiveDate,
    ends_on: Option<NaiveDate>,
) -> Result<i64> {
    who.require(Permission::ManageCounsel)?;
    if ends_on.is_some_and(|e| e < starts_on) {
        let (zh, en) = rules::Fault::Term.message();
        return Err(invalid("ends_on", zh, en));
    }
    let c = get(db, who, counsel_id).await?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    if !department_ok(tx.conn(), &who.region, department_id).await? {
        return Err(invalid(
            "department_id",
            "请选择本区的机关单位。",
            "Choose a body of the district.",
        ));
    }
    if c.kind == Kind::PublicLawyer {
        let open: i64 = sqlx::query(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM counsel_appointments WHERE counsel_id = $1 \
             AND (ends_on IS NULL OR ends_on >= $2)",
        )
        .bind(counsel_id)
        .bind(starts_on.to_string())
        .fetch_one(&mut *tx.conn())
        .await?
        .try_get(0)?;
        if open > 0 {
            return Err(refused(
                "公职律师在所在单位任职，须先结束现聘任才能转至其他单位。",
                "A public-sector lawyer serves one body: end the current appointment first.",
            ));
        }
    }
    let id = insert_appointment(
        tx.conn(),
        &who.region,
        counsel_id,
        department_id,
        starts_on,
        ends_on,
        &who.actor().name,
    )
    .await?;
    let after =
        serde_json::json!({"department": department_id, "starts_on": starts_on.to_string()});
    tx.record(Event {
        action: "counsel.appoint",
        object_type: "counsel",
        object_id: counsel_id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("聘任 {} 至单位 {department_id}", c.name),
    })
    .await?;
    tx.commit().await?;
    Ok(id)
}

const COLS: &str = "c.id, c.kind, c.name, c.qualification_no, c.licence_no, c.firm, c.specialty, \
    a.department_id, d.name, a.starts_on, a.ends_on";
// The latest appointment of each counsel.
const FROM: &str = "counsel c JOIN counsel_appointments a ON a.counsel_id = c.id AND a.id = \
    (SELECT MAX(a2.id) FROM counsel_appointments a2 WHERE a2.counsel_id = c.id) \
    JOIN departments d ON d.id = a.department_id";

fn from_row(r: &sqlx::any::AnyRow) -> Result<Counsel> {
    let kind: String = r.try_get(1)?;
    Ok(Counsel {
        id: r.try_get(0)?,
        kind: Kind::parse(&kind)
            .ok_or_else(|| Error::Internal(format!("stored counsel kind: {kind:?}")))?,
        name: r.try_get(2)?,
        qualification_no: r.try_get(3)?,
        licence_no: r.try_get(4)?,
        firm: r.try_get(5)?,
        specialty: r.try_get(6)?,
        department_id: r.try_get(7)?,
        department: r.try_get(8)?,
        starts_on: r.try_get(9)?,
        ends_on: r.try_get(10)?,
    })
}

/// One counsel, if `who` may see it (not found otherwise).
pub async fn get(db: &Db, who: &Principal, id: i64) -> Result<Counsel> {
    who.require(Permission::ViewCounsel)?;
    let b = who.scope_binds();
    let sql = format!(
        "SELECT {COLS} FROM {FROM} WHERE c.id = $1 AND c.region_code = $2 AND {}",
        scope_sql("a.department_id", 3)
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(who.region.clone())
        .bind(b.all)
        .bind(b.anchor)
        .bind(b.max_depth)
        .fetch_optional(db.pool())
        .await?
        .ok_or_else(|| Error::not_found("counsel"))?;
    from_row(&row)
}

/// A page of counsel in `who`'s scope, optionally of one kind and one body.
pub async fn list(
    db: &Db,
    who: &Principal,
    kind: Option<Kind>,
    department_id: Option<i64>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Counsel>, i64)> {
    who.require(Permission::ViewCounsel)?;
    let b = who.scope_binds();
    let filter = format!(
        "c.region_code = $1 AND ($2 = '' OR c.kind = $2) AND ($3 = 0 OR a.department_id = $3) AND {}",
        scope_sql("a.department_id", 4)
    );
    let kind = kind.map(|k| k.as_str().to_string()).unwrap_or_default();
    let dept = department_id.unwrap_or(0);
    let total: i64 = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM {FROM} WHERE {filter}"
    )))
    .bind(who.region.clone())
    .bind(kind.clone())
    .bind(dept)
    .bind(b.all)
    .bind(b.anchor)
    .bind(b.max_depth)
    .fetch_one(db.pool())
    .await?
    .try_get(0)?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLS} FROM {FROM} WHERE {filter} ORDER BY d.sort_order, d.id, c.id LIMIT $7 OFFSET $8"
    )))
    .bind(who.region.clone())
    .bind(kind)
    .bind(dept)
    .bind(b.all)
    .bind(b.anchor)
    .bind(b.max_depth)
    .bind(limit.clamp(1, 500))
    .bind(offset.max(0))
    .fetch_all(db.pool())
    .await?;
    let list = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
    Ok((list, total))
}

/// The figures of one body.
#[derive(Debug, Clone, Serialize)]
pub struct BodyFigures {
    pub department_id: i64,
    pub department: String,
    pub public_lawyers: i64,
    pub advisers: i64,
    pub opinions: i64,
}

/// Counsel in office on `on` by body, in `who`'s scope, with the opinions they gave in `year`.
pub async fn by_body(db: &Db, who: &Principal, on: NaiveDate) -> Result<Vec<BodyFigures>> {
    who.require(Permission::ViewCounsel)?;
    let b = who.scope_binds();
    let year = chrono::Datelike::year(&on);
    let sql = format!(
        "SELECT a.department_id, d.name, \
         CAST(COUNT(DISTINCT CASE WHEN c.kind = 'public_lawyer' THEN c.id END) AS BIGINT), \
         CAST(COUNT(DISTINCT CASE WHEN c.kind <> 'public_lawyer' THEN c.id END) AS BIGINT), \
         CAST((SELECT COUNT(*) FROM counsel_opinions o JOIN counsel_appointments a3 ON a3.counsel_id = o.counsel_id \
               WHERE a3.department_id = a.department_id AND o.given_on >= $6 AND o.given_on < $7 \
               AND o.given_on >= a3.starts_on AND (a3.ends_on IS NULL OR o.given_on <= a3.ends_on)) AS BIGINT) \
         FROM counsel c JOIN counsel_appointments a ON a.counsel_id = c.id JOIN departments d ON d.id = a.department_id \
         WHERE c.region_code = $1 AND a.starts_on <= $2 AND (a.ends_on IS NULL OR a.ends_on >= $2) AND {} \
         GROUP BY a.department_id, d.name, d.sort_order ORDER BY d.sort_order, a.department_id",
        scope_sql("a.department_id", 3)
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(who.region.clone())
        .bind(on.to_string())
        .bind(b.all)
        .bind(b.anchor)
        .bind(b.max_depth)
        .bind(format!("{year}-01-01"))
        .bind(format!("{}-01-01", year + 1))
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|r| {
            Ok(BodyFigures {
                department_id: r.try_get(0)?,
                department: r.try_get(1)?,
                public_lawyers: r.try_get(2)?,
                advisers: r.try_get(3)?,
                opinions: r.try_get(4)?,
            })
        })
        .collect()
}
