//! 矛盾纠纷排查: screenings by grid and date, the risk found, disputes prevented (a risk found
//! and closed without a dispute), and high risks escalated to the 司法所 (第二十五条).

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::Row;

use super::orgs::invalid;
use super::rules::{self, Risk};
use super::scope::{self, Scope};
use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal};
use crate::db::Db;
use crate::labels::labelled_enum;
use crate::time::{now_ms, today};
use crate::{Code, Error, Result};

labelled_enum!(
    /// Where a screening stands.
    ScreeningStatus {
        Open = "open", "待化解", "Open";
        Prevented = "prevented", "已化解（未形成纠纷）", "Prevented";
        Escalated = "escalated", "已上报司法所", "Escalated";
        Closed = "closed", "未发现风险", "No risk found";
    }
);

/// A screening as recorded.
#[derive(Debug, Clone)]
pub struct NewScreening {
    pub subdistrict: String,
    pub grid: String,
    pub screened_on: NaiveDate,
    pub risk: Risk,
    pub finding: String,
}

/// A screening as stored.
#[derive(Debug, Clone, Serialize)]
pub struct Screening {
    pub id: i64,
    pub subdistrict: String,
    pub grid: String,
    pub screened_on: String,
    pub risk: Risk,
    pub finding: String,
    pub status: ScreeningStatus,
}

/// Checks a screening before anything is written.
pub fn validate(n: &NewScreening, today: NaiveDate) -> Result<()> {
    let grid = n.grid.trim().chars().count();
    if grid == 0 || grid > 100 {
        return Err(invalid(
            "grid",
            "请填写网格（最多 100 字）。",
            "Enter the grid (100 characters at most).",
        ));
    }
    if n.screened_on > today {
        return Err(invalid(
            "screened_on",
            "排查日期不能晚于今天。",
            "The screening date cannot be in the future.",
        ));
    }
    if n.risk != Risk::None && n.finding.trim().is_empty() {
        return Err(invalid(
            "finding",
            "发现风险的，请填写排查发现的情况。",
            "Describe what was found when there is a risk.",
        ));
    }
    if n.finding.chars().count() > 2000 {
        return Err(invalid(
            "finding",
            "排查情况最多 2000 字。",
            "The finding has 2000 characters at most.",
        ));
    }
    Ok(())
}

/// The stored status a new screening starts with.
pub fn initial_status(risk: Risk) -> ScreeningStatus {
    if risk == Risk::None {
        ScreeningStatus::Closed
    } else {
        ScreeningStatus::Open
    }
}

/// Records a screening in a 街镇 of `who`'s scope.
pub async fn record(db: &Db, who: &Principal, n: &NewScreening) -> Result<i64> {
    who.require(Permission::HandleMediation)?;
    validate(n, today())?;
    let s = scope::of(db, who).await?;
    let sub = n.subdistrict.trim().to_string();
    let own_sub = match &s {
        Scope::Organisation(o) => {
            let mut conn = db.pool().acquire().await?;
            super::orgs::load(&mut conn, &who.region, *o)
                .await?
                .subdistrict
        }
        _ => sub.clone(),
    };
    let known: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM mediation_organisations WHERE region_code = $1 AND subdistrict = $2",
    )
    .bind(who.region.clone())
    .bind(sub.clone())
    .fetch_one(db.pool())
    .await?
    .try_get(0)?;
    let in_scope = match &s {
        Scope::All => true,
        Scope::Subdistrict(x) => *x == sub,
        Scope::Organisation(_) => own_sub == sub,
        Scope::Nothing => false,
    };
    if sub.is_empty() || known == 0 || !in_scope {
        return Err(invalid(
            "subdistrict",
            "请选择本人范围内的街镇。",
            "Choose a subdistrict in your scope.",
        ));
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let id: i64 = sqlx::query(
        "INSERT INTO mediation_screenings (region_code, subdistrict, grid, screened_on, risk, finding, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(who.region.clone())
    .bind(sub.clone())
    .bind(n.grid.trim().to_string())
    .bind(n.screened_on.to_string())
    .bind(n.risk.as_str())
    .bind(n.finding.trim().to_string())
    .bind(initial_status(n.risk).as_str())
    .bind(now_ms())
    .fetch_one(&mut *tx.conn())
    .await?
    .try_get(0)?;
    let after =
        serde_json::json!({"subdistrict": sub, "grid": n.grid.trim(), "risk": n.risk.as_str()});
    tx.record(Event {
        action: "mediation.screening",
        object_type: "mediation_screening",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("{sub} {} 矛盾排查", n.grid.trim()),
    })
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// What to do with an open screening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The risk was resolved before it became a dispute.
    Prevent,
    /// A high risk goes up to the 司法所 (第二十五条).
    Escalate,
}

/// Closes an open screening as prevented, or escalates a high-risk one.
pub async fn act(db: &Db, who: &Principal, id: i64, action: Action) -> Result<()> {
    who.require(Permission::HandleMediation)?;
    let s = scope::of(db, who).await?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let sc = load_in(tx.conn(), &who.region, id).await?;
    if !sees(db, &s, &who.region, &sc).await? {
        return Err(Error::not_found("mediation screening"));
    }
    if sc.status != ScreeningStatus::Open {
        return Err(Error::of(Code::MediationRefused).arg_zh_en(
            "reason",
            format!("该排查当前为“{}”，不能再处理。", sc.status.label_zh()),
            format!("The screening is “{}” already.", sc.status.label_en()),
        ));
    }
    let to = match action {
        Action::Prevent => ScreeningStatus::Prevented,
        Action::Escalate => {
            if !rules::must_escalate(sc.risk) {
                return Err(Error::of(Code::MediationRefused).arg_zh_en(
                    "reason",
                    "只有高风险的排查需要上报司法所（《人民调解法》第二十五条）；其他的请就地化解。",
                    "Only high risks go up to the justice office (art. 25); resolve the others locally.",
                ));
            }
            ScreeningStatus::Escalated
        }
    };
    sqlx::query("UPDATE mediation_screenings SET status = $1 WHERE id = $2")
        .bind(to.as_str())
        .bind(id)
        .execute(&mut *tx.conn())
        .await?;
    let after = serde_json::json!({"status": to.as_str()});
    tx.record(Event {
        action: "mediation.screening_step",
        object_type: "mediation_screening",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("排查 {id}：{}", to.label_zh()),
    })
    .await?;
    tx.commit().await
}

const COLS: &str = "id, subdistrict, grid, screened_on, risk, finding, status";

fn from_row(r: &sqlx::any::AnyRow) -> Result<Screening> {
    let risk: String = r.try_get(4)?;
    let status: String = r.try_get(6)?;
    Ok(Screening {
        id: r.try_get(0)?,
        subdistrict: r.try_get(1)?,
        grid: r.try_get(2)?,
        screened_on: r.try_get(3)?,
        risk: Risk::parse(&risk).ok_or_else(|| Error::Internal(format!("risk {risk:?}")))?,
        finding: r.try_get(5)?,
        status: ScreeningStatus::parse(&status)
            .ok_or_else(|| Error::Internal(format!("status {status:?}")))?,
    })
}

async fn load_in(conn: &mut sqlx::AnyConnection, region: &str, id: i64) -> Result<Screening> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLS} FROM mediation_screenings WHERE id = $1 AND region_code = $2"
    )))
    .bind(id)
    .bind(region.to_string())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| Error::not_found("mediation screening"))?;
    from_row(&row)
}

/// A mediator sees the screenings of its organisation's 街镇.
async fn own_subdistrict(db: &Db, s: &Scope, region: &str) -> Result<String> {
    Ok(match s {
        Scope::Subdistrict(x) => x.clone(),
        Scope::Organisation(o) => {
            let mut conn = db.pool().acquire().await?;
            super::orgs::load(&mut conn, region, *o).await?.subdistrict
        }
        _ => String::new(),
    })
}

async fn sees(db: &Db, s: &Scope, region: &str, sc: &Screening) -> Result<bool> {
    Ok(match s {
        Scope::All => true,
        Scope::Nothing => false,
        _ => {
            let sub = own_subdistrict(db, s, region).await?;
            !sub.is_empty() && sub == sc.subdistrict
        }
    })
}

/// A page of screenings in `who`'s scope, newest first, optionally one status.
pub async fn list(
    db: &Db,
    who: &Principal,
    status: Option<ScreeningStatus>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Screening>, i64)> {
    let s = scope::of(db, who).await?;
    let sub = own_subdistrict(db, &s, &who.region).await?;
    let scope_sql = match s {
        Scope::All => "region_code = $1 AND $2 = $2",
        Scope::Nothing => return Ok((Vec::new(), 0)),
        _ if sub.is_empty() => return Ok((Vec::new(), 0)),
        _ => "region_code = $1 AND subdistrict = $2",
    };
    let st = status.map(|x| x.as_str().to_string()).unwrap_or_default();
    let filter = if st.is_empty() {
        format!("{scope_sql} AND $3 = ''")
    } else {
        format!("{scope_sql} AND status = $3")
    };
    let total: i64 = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM mediation_screenings WHERE {filter}"
    )))
    .bind(who.region.clone())
    .bind(sub.clone())
    .bind(st.clone())
    .fetch_one(db.pool())
    .await?
    .try_get(0)?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLS} FROM mediation_screenings WHERE {filter} ORDER BY id DESC LIMIT $4 OFFSET $5"
    )))
    .bind(who.region.clone())
    .bind(sub)
    .bind(st)
    .bind(limit.clamp(1, 200))
    .bind(offset.max(0))
    .fetch_all(db.pool())
    .await?;
    let list = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
    Ok((list, total))
}
