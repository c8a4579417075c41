//! The monthly assessment (月度考核): compute the figures of every body for a month, score them
//! under the scheme in force that month, rank, store the result (one `supervision_assessments`
//! row, one `supervision_scores` row per body) and put the bottom-ranked on the interview list.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;
use sqlx::Row;

use super::indicators::{self, Figure};
use super::scheme::{self, BodyScore};
use super::{Month, body_map, visible_bodies};
use crate::audit::{Actor, AuditedTx, Event};
use crate::auth::{Permission, Principal};
use crate::db::Db;
use crate::db::json::decode;
use crate::time::now_ms;
use crate::{Code, Error, Result};

/// A stored assessment.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub id: i64,
    pub month: Month,
    pub scheme_version: i64,
    pub bodies: i64,
    pub computed_at: i64,
    pub computed_by: String,
}

/// A body's stored score.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreRow {
    pub department_id: i64,
    pub department: String,
    pub month: Month,
    pub rank: i64,
    /// 0..100
    pub score: f64,
    pub figures: Vec<Figure>,
    /// On the interview list for this month.
    pub interviewed: bool,
}

/// What one run produced.
#[derive(Debug, Clone, Serialize)]
pub struct RunResult {
    pub assessment: Assessment,
    pub ranking: Vec<BodyScore>,
    pub interviews: Vec<i64>,
}

/// Assesses a month (区司法局). Re-running a month replaces its scores and the pending
/// interviews; refused once an interview of the month has been held.
pub async fn run(db: &Db, who: &Principal, month: Month, today: NaiveDate) -> Result<RunResult> {
    who.require(Permission::ManageSupervision)?;
    if month.first() > today {
        return Err(Error::of(Code::SupervisionMonthFuture).for_field("month"));
    }
    run_as(db, who.actor(), &who.region, month, today).await
}

/// The assessment for an actor (the demo generator, scheduled runs).
pub async fn run_as(
    db: &Db,
    actor: Actor,
    region: &str,
    month: Month,
    today: NaiveDate,
) -> Result<RunResult> {
    let Some(scheme) = scheme::in_force(db, region, month).await? else {
        return Err(Error::of(Code::SupervisionNoScheme).arg_zh_en(
            "month",
            month.label("zh"),
            month,
        ));
    };
    let map = body_map(db, region).await?;
    let figures = indicators::compute(db, region, month, &map, today).await?;
    let ranking = scheme::score(&figures.bodies, &scheme);

    let mut tx = AuditedTx::begin(db, actor.clone()).await?;
    let now = now_ms();
    let id = upsert_assessment(
        &mut tx,
        region,
        month,
        (scheme.version, ranking.len() as i64),
        now,
        &actor.name,
    )
    .await?;
    insert_scores(&mut tx, region, id, month, &ranking, &figures.bodies).await?;
    // 末位约谈: the last `bottom_count` of the ranking.
    let n = ranking.len();
    let bottom = (scheme.bottom_count.max(0) as usize).min(n);
    let interviews = open_interviews(
        &mut tx,
        region,
        id,
        month,
        &ranking[n - bottom..],
        (n, bottom),
        now,
    )
    .await?;
    let after = json!({
        "month": month, "scheme_version": scheme.version, "bodies": n,
        "ranking": ranking.iter().map(|s| json!([s.department_id, s.score])).collect::<Vec<_>>(),
        "interviews": interviews,
    });
    tx.record(Event {
        action: "supervision.assess",
        object_type: "supervision_assessment",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!(
            "{} 月度考核（方案第 {} 版，{} 个执法主体，末位约谈 {} 个）",
            month, scheme.version, n, bottom
        ),
    })
    .await?;
    tx.commit().await?;
    Ok(RunResult {
        assessment: Assessment {
            id,
            month,
            scheme_version: scheme.version,
            bodies: n as i64,
            computed_at: now,
            computed_by: actor.name,
        },
        ranking,
        interviews,
    })
}

/// The month's assessment row: a new one, or the earlier run's, recomputed (its scores and
/// pending interviews dropped) unless an interview has already been held.
async fn upsert_assessment(
    tx: &mut AuditedTx,
    region: &str,
    month: Month,
    (scheme_version, bodies): (i64, i64),
    now: i64,
    actor: &str,
) -> Result<i64> {
    let existing =
        sqlx::query("SELECT id FROM supervision_assessments WHERE region_code = $1 AND month = $2")
            .bind(region.to_string())
            .bind(month.to_string())
            .fetch_optional(tx.conn())
            .await?;
    Ok(if let Some(r) = existing {
        let id: i64 = r.try_get(0)?;
        let held = sqlx::query(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM supervision_interviews WHERE assessment_id = $1 AND status <> 'pending'",
        )
        .bind(id)
        .fetch_one(tx.conn())
        .await?
        .try_get::<i64, _>(0)?;
        if held > 0 {
            return Err(Error::of(Code::SupervisionAssessmentFollowedUp));
        }
        sqlx::query("DELETE FROM supervision_scores WHERE assessment_id = $1")
            .bind(id)
            .execute(tx.conn())
            .await?;
        sqlx::query("DELETE FROM supervision_interviews WHERE assessment_id = $1")
            .bind(id)
            .execute(tx.conn())
            .await?;
        sqlx::query(
            "UPDATE supervision_assessments SET scheme_version = $1, bodies = $2, computed_at = $3, computed_by = $4 WHERE id = $5",
        )
        .bind(scheme_version)
        .bind(bodies)
        .bind(now)
        .bind(actor.to_string())
        .bind(id)
        .execute(tx.conn())
        .await?;
        id
    } else {
        sqlx::query(
            "INSERT INTO supervision_assessments (region_code, month, scheme_version, bodies, computed_at, computed_by) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(region.to_string())
        .bind(month.to_string())
        .bind(scheme_version)
        .bind(bodies)
        .bind(now)
        .bind(actor.to_string())
        .fetch_one(tx.conn())
        .await?
        .try_get(0)?
    })
}

/// One score row per ranked body, with its figures.
async fn insert_scores(
    tx: &mut AuditedTx,
    region: &str,
    id: i64,
    month: Month,
    ranking: &[BodyScore],
    bodies: &[indicators::BodyFigures],
) -> Result<()> {
    for s in ranking {
        let figs = bodies
            .iter()
            .find(|b| b.department_id == s.department_id)
            .map(|b| serde_json::to_string(&b.figures).unwrap_or_else(|_| "[]".into()))
            .unwrap_or_else(|| "[]".into());
        sqlx::query(
            "INSERT INTO supervision_scores (region_code, assessment_id, month, department_id, rank, score_centi, figures) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(region.to_string())
        .bind(id)
        .bind(month.to_string())
        .bind(s.department_id)
        .bind(s.rank)
        .bind((s.score * 100.0).round() as i64)
        .bind(figs)
        .execute(tx.conn())
        .await?;
    }
    Ok(())
}

/// A pending 约谈 for each of the bottom bodies; returns their ids.
async fn open_interviews(
    tx: &mut AuditedTx,
    region: &str,
    id: i64,
    month: Month,
    bottom_bodies: &[BodyScore],
    (n, bottom): (usize, usize),
    now: i64,
) -> Result<Vec<i64>> {
    let mut interviews = Vec::new();
    for s in bottom_bodies {
        let reason = format!(
            "{} 月度考核得分 {:.2}，排名第 {}/{}（末位 {} 名）",
            month.label("zh"),
            s.score,
            s.rank,
            n,
            bottom
        );
        let iid: i64 = sqlx::query(
            "INSERT INTO supervision_interviews (region_code, department_id, month, assessment_id, rank, reason, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $7) RETURNING id",
        )
        .bind(region.to_string())
        .bind(s.department_id)
        .bind(month.to_string())
        .bind(id)
        .bind(s.rank)
        .bind(reason)
        .bind(now)
        .fetch_one(tx.conn())
        .await?
        .try_get(0)?;
        interviews.push(iid);
    }
    Ok(interviews)
}

fn row_to_assessment(r: &sqlx::any::AnyRow) -> Result<Assessment> {
    let month: String = r.try_get(1)?;
    Ok(Assessment {
        id: r.try_get(0)?,
        month: Month::parse(&month)?,
        scheme_version: r.try_get(2)?,
        bodies: r.try_get(3)?,
        computed_at: r.try_get(4)?,
        computed_by: r.try_get(5)?,
    })
}

/// Assessments of a year (or all), newest month first.
pub async fn list(db: &Db, who: &Principal, year: Option<i32>) -> Result<Vec<Assessment>> {
    who.require(Permission::ViewSupervision)?;
    let (from, to) = match year {
        Some(y) => (format!("{y:04}-01"), format!("{y:04}-12")),
        None => ("0000-00".to_string(), "9999-99".to_string()),
    };
    let rows = sqlx::query(
        "SELECT id, month, scheme_version, bodies, computed_at, computed_by FROM supervision_assessments \
         WHERE region_code = $1 AND month >= $2 AND month <= $3 ORDER BY month DESC",
    )
    .bind(who.region.clone())
    .bind(from)
    .bind(to)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(row_to_assessment).collect()
}

/// The assessment of a month, if run.
pub async fn get(db: &Db, who: &Principal, month: Month) -> Result<Option<Assessment>> {
    who.require(Permission::ViewSupervision)?;
    let row = sqlx::query(
        "SELECT id, month, scheme_version, bodies, computed_at, computed_by FROM supervision_assessments \
         WHERE region_code = $1 AND month = $2",
    )
    .bind(who.region.clone())
    .bind(month.to_string())
    .fetch_optional(db.pool())
    .await?;
    row.as_ref().map(row_to_assessment).transpose()
}

/// The latest assessed month.
pub async fn latest(db: &Db, who: &Principal) -> Result<Option<Assessment>> {
    Ok(list(db, who, None).await?.into_iter().next())
}

/// Stored scores of months in a range (inclusive), restricted to the principal's bodies,
/// ordered by month then rank.
pub async fn scores(db: &Db, who: &Principal, from: Month, to: Month) -> Result<Vec<ScoreRow>> {
    who.require(Permission::ViewSupervision)?;
    let map = body_map(db, &who.region).await?;
    let visible = visible_bodies(db, who, &map).await?;
    let rows = sqlx::query(
        "SELECT s.department_id, d.name, s.month, s.rank, s.score_centi, s.figures, \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM supervision_interviews i WHERE i.assessment_id = s.assessment_id AND i.department_id = s.department_id) \
         FROM supervision_scores s JOIN departments d ON d.id = s.department_id \
         WHERE s.region_code = $1 AND s.month >= $2 AND s.month <= $3 ORDER BY s.month, s.rank",
    )
    .bind(who.region.clone())
    .bind(from.to_string())
    .bind(to.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::new();
    for r in rows {
        let dept: i64 = r.try_get(0)?;
        if !visible.contains(&dept) {
            continue;
        }
        let month: String = r.try_get(2)?;
        let figures: String = r.try_get(5)?;
        out.push(ScoreRow {
            department_id: dept,
            department: r.try_get(1)?,
            month: Month::parse(&month)?,
            rank: r.try_get(3)?,
            score: r.try_get::<i64, _>(4)? as f64 / 100.0,
            figures: decode(&figures, "supervision_scores.figures")?,
            interviewed: r.try_get::<i64, _>(6)? > 0,
        });
    }
    Ok(out)
}
