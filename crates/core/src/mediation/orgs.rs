//! Mediation organisations and their mediators (人民调解法 第七–十五条): created with the
//! composition rules checked, each placed under the committee a failed dispute goes up to
//! (村居 → 街镇 → 区; trade committees → 区), and read as the tree by level.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::{AnyConnection, Row};

use super::rules::{self, Composition, Level, OrgKind};
use super::scope::{self, Scope};
use crate::audit::{AuditedTx, Event};
use crate::auth::{DataScope, Permission, Principal};
use crate::db::Db;
use crate::time::now_ms;
use crate::{Code, Error, Result};

/// An organisation as entered (the parent follows from its kind and 街镇).
#[derive(Debug, Clone)]
pub struct NewOrganisation {
    pub name: String,
    pub kind: OrgKind,
    /// The 街镇 (required for 街镇 and 村居 committees, empty otherwise).
    pub subdistrict: String,
    pub members: i64,
    pub women: i64,
    pub minority: i64,
    pub multi_ethnic: bool,
    pub term_start: NaiveDate,
}

/// An organisation as stored.
#[derive(Debug, Clone, Serialize)]
pub struct Organisation {
    pub id: i64,
    pub name: String,
    pub level: Level,
    pub kind: OrgKind,
    pub subdistrict: String,
    pub parent_id: Option<i64>,
    pub members: i64,
    pub women: i64,
    pub minority: i64,
    pub term_start: String,
    pub term_end: String,
    pub mediators: i64,
}

pub(crate) fn invalid(field: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Error {
    Error::of(Code::MediationInvalid)
        .for_field(field)
        .arg_zh_en("reason", zh.into(), en.into())
}

/// Checks an organisation before anything is written.
pub fn validate(n: &NewOrganisation) -> Result<()> {
    let name = n.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(invalid(
            "name",
            "请填写调解组织名称（最多 100 字）。",
            "Enter the organisation's name (100 characters at most).",
        ));
    }
    let needs_sub = matches!(n.kind.level(), Level::Subdistrict | Level::Community);
    if needs_sub && n.subdistrict.trim().is_empty() {
        return Err(invalid(
            "subdistrict",
            "街镇和村居调解委员会须填写所在街镇。",
            "A subdistrict or community committee needs its subdistrict.",
        ));
    }
    rules::check_composition(&Composition {
        members: n.members,
        women: n.women,
        minority: n.minority,
        multi_ethnic: n.multi_ethnic,
    })
    .map_err(|(zh, en)| invalid("members", zh, en))
}

/// The committees a lower one goes up to: the district's, and each 街镇's by name.
pub(crate) struct Parents {
    district: Option<i64>,
    by_sub: HashMap<String, i64>,
}

pub(crate) async fn parents(conn: &mut AnyConnection, region: &str) -> Result<Parents> {
    let rows = sqlx::query(
        "SELECT id, level, subdistrict FROM mediation_organisations WHERE region_code = $1 AND level IN ('district', 'subdistrict')",
    )
    .bind(region.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let mut p = Parents {
        district: None,
        by_sub: HashMap::new(),
    };
    for r in &rows {
        let id: i64 = r.try_get(0)?;
        let level: String = r.try_get(1)?;
        if level == "district" {
            p.district = Some(id);
        } else {
            p.by_sub.insert(r.try_get(2)?, id);
        }
    }
    Ok(p)
}

impl Parents {
    /// Where a committee of this kind reports; refused when that committee does not exist yet.
    fn of(&self, n: &NewOrganisation) -> Result<Option<i64>> {
        let missing = |zh: &str, en: &str| invalid("kind", zh.to_string(), en.to_string());
        match n.kind.level() {
            Level::District => {
                if self.district.is_some() {
                    return Err(Error::of(Code::MediationRefused).arg_zh_en(
                        "reason",
                        "本区已有区级人民调解委员会。",
                        "The district already has its district committee.",
                    ));
                }
                Ok(None)
            }
            Level::Subdistrict | Level::Trade => self.district.map(Some).ok_or_else(|| {
                missing(
                    "请先设立区级人民调解委员会。",
                    "Set up the district committee first.",
                )
            }),
            Level::Community => self
                .by_sub
                .get(n.subdistrict.trim())
                .copied()
                .map(Some)
                .ok_or_else(|| {
                    missing(
                        "请先设立该街镇的人民调解委员会。",
                        "Set up the subdistrict's committee first.",
                    )
                }),
        }
    }
}

/// Creates organisations in one transaction: all are checked first, then written with
/// multi-row inserts. One audit entry covers the batch (the demo and the Excel import; a
/// single organisation from the page goes through [`create_as`], audited on its own).
pub async fn create_many(
    tx: &mut AuditedTx,
    region: &str,
    list: &[NewOrganisation],
) -> Result<Vec<i64>> {
    for (i, n) in list.iter().enumerate() {
        validate(n).map_err(|e| with_row(e, i))?;
    }
    let mut ids = Vec::with_capacity(list.len());
    let now = now_ms();
    // District and 街镇 committees first, so that the levels below find their parent; a chunk
    // never mixes tiers.
    let tier = |n: &NewOrganisation| match n.kind.level() {
        Level::District => 0,
        Level::Subdistrict => 1,
        _ => 2,
    };
    let mut placed = vec![0i64; list.len()];
    for t in 0..3 {
        let idx: Vec<usize> = (0..list.len()).filter(|&i| tier(&list[i]) == t).collect();
        for chunk in idx.chunks(200) {
            let p = parents(tx.conn(), region).await?;
            let mut rows = Vec::new();
            for &i in chunk {
                rows.push((i, p.of(&list[i]).map_err(|e| with_row(e, i))?));
            }
            insert_chunk(tx, region, list, &rows, now, &mut placed).await?;
        }
    }
    ids.extend(placed);
    let after = serde_json::json!({"organisations": list.len()});
    tx.record(Event {
        action: "mediation.organisations_create",
        object_type: "mediation_organisation",
        object_id: ids.first().map(|i| i.to_string()).unwrap_or_default(),
        before: None,
        after: Some(&after),
        summary: format!("设立人民调解组织 {} 个", list.len()),
    })
    .await?;
    Ok(ids)
}

async fn insert_chunk(
    tx: &mut AuditedTx,
    region: &str,
    list: &[NewOrganisation],
    rows: &[(usize, Option<i64>)],
    now: i64,
    placed: &mut [i64],
) -> Result<()> {
    const N: usize = 13;
    let mut sql = String::from(
        "INSERT INTO mediation_organisations (region_code, name, level, kind, subdistrict, parent_id, members, women, minority, multi_ethnic, term_start, term_end, created_at) VALUES ",
    );
    sql.push_str(&placeholders(rows.len(), N));
    sql.push_str(" RETURNING id");
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for (i, parent) in rows {
        let n = &list[*i];
        q = q
            .bind(region.to_string())
            .bind(n.name.trim().to_string())
            .bind(n.kind.level().as_str())
            .bind(n.kind.as_str())
            .bind(n.subdistrict.trim().to_string())
            .bind(*parent)
            .bind(n.members)
            .bind(n.women)
            .bind(n.minority)
            .bind(i64::from(n.multi_ethnic))
            .bind(n.term_start.to_string())
            .bind(rules::term_end(n.term_start).to_string())
            .bind(now);
    }
    let out = q.fetch_all(&mut *tx.conn()).await.map_err(|e| {
        if e.to_string().to_lowercase().contains("unique") {
            Error::of(Code::MediationRefused).arg_zh_en(
                "reason",
                "已有同名的调解组织。",
                "An organisation of that name exists.",
            )
        } else {
            e.into()
        }
    })?;
    // RETURNING yields the rows in VALUES order on SQLite and PostgreSQL as they are built here
    // (a single multi-row INSERT without triggers); names are unique if an id is ever re-read.
    for ((i, _), r) in rows.iter().zip(out.iter()) {
        placed[*i] = r.try_get(0)?;
    }
    Ok(())
}

/// `($1,…,$n),($n+1,…)` for `rows` rows of `n` columns.
pub(crate) fn placeholders(rows: usize, n: usize) -> String {
    let mut s = String::new();
    for k in 0..rows {
        if k > 0 {
            s.push(',');
        }
        s.push('(');
        for c in 1..=n {
            if c > 1 {
                s.push(',');
            }
            s.push_str(&format!("${}", k * n + c));
        }
        s.push(')');
    }
    s
}

fn with_row(e: Error, i: usize) -> Error {
    match e {
        Error::Invalid { code, field, text } => {
            let zh = format!("第 {} 个组织：{}", i + 1, text.zh());
            let en = format!("organisation {}: {}", i + 1, text.en());
            Error::Invalid {
                code,
                field,
                text: crate::error::Text::verbatim(zh, en),
            }
        }
        other => other,
    }
}

/// Creates one organisation for the Justice Bureau.
pub async fn create_as(db: &Db, who: &Principal, n: &NewOrganisation) -> Result<i64> {
    who.require(Permission::ManageMediation)?;
    if who.scope != DataScope::District {
        return Err(Error::forbidden(
            "只有区司法局可以设立调解组织。",
            "Only the district Justice Bureau sets up organisations.",
        ));
    }
    validate(n)?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let ids = create_many(&mut tx, &who.region, std::slice::from_ref(n)).await?;
    tx.commit().await?;
    ids.first()
        .copied()
        .ok_or_else(|| Error::Internal("no id".into()))
}

const COLS: &str = "o.id, o.name, o.level, o.kind, o.subdistrict, o.parent_id, o.members, o.women, o.minority, o.term_start, o.term_end, \
    (SELECT CAST(COUNT(*) AS BIGINT) FROM mediation_mediators m WHERE m.organisation_id = o.id)";

fn from_row(r: &sqlx::any::AnyRow) -> Result<Organisation> {
    let level: String = r.try_get(2)?;
    let kind: String = r.try_get(3)?;
    let bad = |w: &str, v: &str| Error::Internal(format!("stored {w}: {v:?}"));
    Ok(Organisation {
        id: r.try_get(0)?,
        name: r.try_get(1)?,
        level: Level::parse(&level).ok_or_else(|| bad("level", &level))?,
        kind: OrgKind::parse(&kind).ok_or_else(|| bad("kind", &kind))?,
        subdistrict: r.try_get(4)?,
        parent_id: r.try_get(5)?,
        members: r.try_get(6)?,
        women: r.try_get(7)?,
        minority: r.try_get(8)?,
        term_start: r.try_get(9)?,
        term_end: r.try_get(10)?,
        mediators: r.try_get(11)?,
    })
}

/// The organisations `who` may see, by level, 街镇 and name (the tree of the page).
pub async fn tree(db: &Db, who: &Principal) -> Result<Vec<Organisation>> {
    let s = scope::of(db, who).await?;
    let (all, org, sub) = scope::binds(&s);
    let sql = format!(
        "SELECT {COLS} FROM mediation_organisations o WHERE o.region_code = $1 AND ($2 = 1 OR o.id = $3 OR (o.subdistrict = $4 AND $4 <> '')) \
         ORDER BY CASE o.level WHEN 'district' THEN 0 WHEN 'subdistrict' THEN 1 WHEN 'community' THEN 2 ELSE 3 END, o.subdistrict, o.id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(who.region.clone())
        .bind(all)
        .bind(org)
        .bind(sub)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(from_row).collect()
}

/// One organisation of the region (no scope: callers check it).
pub async fn load(conn: &mut AnyConnection, region: &str, id: i64) -> Result<Organisation> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLS} FROM mediation_organisations o WHERE o.id = $1 AND o.region_code = $2"
    )))
    .bind(id)
    .bind(region.to_string())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| Error::not_found("mediation organisation"))?;
    from_row(&row)
}

/// How many organisations the region has, by level.
pub async fn count_by_level(db: &Db, region: &str) -> Result<Vec<(Level, i64)>> {
    let rows = sqlx::query(
        "SELECT level, CAST(COUNT(*) AS BIGINT) FROM mediation_organisations WHERE region_code = $1 GROUP BY level",
    )
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::new();
    for l in Level::ALL {
        let n = rows
            .iter()
            .find(|r| r.try_get::<String, _>(0).ok().as_deref() == Some(l.as_str()))
            .map(|r| r.try_get::<i64, _>(1))
            .transpose()?
            .unwrap_or(0);
        out.push((*l, n));
    }
    Ok(out)
}

/// A mediator as entered (第十三条: members and engaged mediators; 第十四条: training).
#[derive(Debug, Clone)]
pub struct NewMediator {
    pub organisation_id: i64,
    pub name: String,
    /// 'female' | 'male'
    pub gender: String,
    pub is_member: bool,
    pub trained_on: Option<NaiveDate>,
    pub training_hours: i64,
}

/// A mediator as stored.
#[derive(Debug, Clone, Serialize)]
pub struct Mediator {
    pub id: i64,
    pub name: String,
    pub gender: String,
    pub is_member: bool,
    pub trained_on: String,
    pub training_hours: i64,
}

fn validate_mediator(m: &NewMediator) -> Result<()> {
    let n = m.name.trim().chars().count();
    if n == 0 || n > 50 {
        return Err(invalid(
            "name",
            "请填写调解员姓名（最多 50 字）。",
            "Enter the mediator's name (50 characters at most).",
        ));
    }
    if !matches!(m.gender.as_str(), "female" | "male") {
        return Err(invalid("gender", "请选择性别。", "Choose the gender."));
    }
    if !(0..=2000).contains(&m.training_hours) {
        return Err(invalid(
            "training_hours",
            "培训学时应在 0–2000 之间。",
            "Training hours are between 0 and 2000.",
        ));
    }
    Ok(())
}

/// Adds mediators in one statement per 300 (the demo; one audit entry for the batch).
pub async fn add_mediators(tx: &mut AuditedTx, region: &str, list: &[NewMediator]) -> Result<()> {
    for m in list {
        validate_mediator(m)?;
    }
    let now = now_ms();
    for chunk in list.chunks(300) {
        let mut sql = String::from(
            "INSERT INTO mediation_mediators (region_code, organisation_id, name, gender, is_member, trained_on, training_hours, created_at) VALUES ",
        );
        sql.push_str(&placeholders(chunk.len(), 8));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for m in chunk {
            q = q
                .bind(region.to_string())
                .bind(m.organisation_id)
                .bind(m.name.trim().to_string())
                .bind(m.gender.clone())
                .bind(i64::from(m.is_member))
                .bind(m.trained_on.map(|d| d.to_string()).unwrap_or_default())
                .bind(m.training_hours)
                .bind(now);
        }
        q.execute(&mut *tx.conn()).await?;
    }
    let after = serde_json::json!({"mediators": list.len()});
    tx.record(Event {
        action: "mediation.mediators_add",
        object_type: "mediation_mediator",
        object_id: list
            .first()
            .map(|m| m.organisation_id.to_string())
            .unwrap_or_default(),
        before: None,
        after: Some(&after),
        summary: format!("登记人民调解员 {} 名", list.len()),
    })
    .await?;
    Ok(())
}

/// Adds one mediator to an organisation in `who`'s scope.
pub async fn add_mediator_as(db: &Db, who: &Principal, m: &NewMediator) -> Result<()> {
    who.require(Permission::HandleMediation)?;
    validate_mediator(m)?;
    let s = scope::of(db, who).await?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let o = load(tx.conn(), &who.region, m.organisation_id).await?;
    if !s.covers(o.id, &o.subdistrict) {
        return Err(Error::not_found("mediation organisation"));
    }
    add_mediators(&mut tx, &who.region, std::slice::from_ref(m)).await?;
    tx.commit().await
}

/// The mediators of an organisation `who` may see.
pub async fn mediators(db: &Db, who: &Principal, organisation_id: i64) -> Result<Vec<Mediator>> {
    let s = scope::of(db, who).await?;
    let mut conn = db.pool().acquire().await?;
    let o = load(&mut conn, &who.region, organisation_id).await?;
    if !s.covers(o.id, &o.subdistrict) {
        return Err(Error::not_found("mediation organisation"));
    }
    let rows = sqlx::query(
        "SELECT id, name, gender, is_member, trained_on, training_hours FROM mediation_mediators WHERE organisation_id = $1 ORDER BY id",
    )
    .bind(organisation_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Mediator {
                id: r.try_get(0)?,
                name: r.try_get(1)?,
                gender: r.try_get(2)?,
                is_member: r.try_get::<i64, _>(3)? != 0,
                trained_on: r.try_get(4)?,
                training_hours: r.try_get(5)?,
            })
        })
        .collect()
}

/// Whether `s` covers the organisation (for callers holding a scope already).
pub fn covers(s: &Scope, o: &Organisation) -> bool {
    s.covers(o.id, &o.subdistrict)
}
