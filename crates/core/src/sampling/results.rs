//! Inspection records (one per drawn subject), completion, publication of results and the
//! figures: joint draws, subjects drawn, visits saved — always counted from the records.

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::Row;

use super::draw::DrawExport;
use super::model::{Outcome, TaskStatus};
use super::tasks::{TASK_COLS, TaskDeptRow, TaskRow, require_lead, row_to_task, task_departments};
use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal};
use crate::calendar::HolidayCalendar;
use crate::db::Db;
use crate::db::json::decode;
use crate::time::now_ms;
use crate::{Code, Error, Result};

/// Each inspection result is published within 20 working days of being formed — the day the
/// inspection is recorded, not the day the task is completed: 企业信息公示暂行条例 第六条、第七条
/// ("自产生之日起20个工作日内予以公示"), 政府信息公开条例 第二十六条 ("自该政府信息形成或者变更之日起
/// 20个工作日内"); 优化营商环境条例 第五十四条 makes the results public.
pub const PUBLISH_WITHIN_WORKING_DAYS: u32 = 20;

/// The last day to publish a result formed (recorded) on `formed`.
pub fn result_deadline(cal: &HolidayCalendar, formed: NaiveDate) -> Option<NaiveDate> {
    cal.add_working_days(formed, PUBLISH_WITHIN_WORKING_DAYS)
        .ok()
        .map(|d| d.date)
}

/// The results (by their recorded days) whose 20 working days ran out before publication, or
/// before `today` while unpublished.
pub fn late_results(
    cal: &HolidayCalendar,
    formed: &[NaiveDate],
    published_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Vec<NaiveDate> {
    let by = published_on.unwrap_or(today);
    formed
        .iter()
        .copied()
        .filter(|f| result_deadline(cal, *f).is_some_and(|dl| by > dl))
        .collect()
}

/// One inspection (抽查记录): a drawn subject, its team and, once recorded, the outcome.
#[derive(Debug, Clone, Serialize)]
pub struct InspectionRow {
    pub id: i64,
    pub task_id: i64,
    pub subject_code: String,
    pub subject_name: String,
    pub stratum: String,
    pub officers: Vec<i64>,
    pub officer_names: String,
    pub outcome: Option<Outcome>,
    pub note: String,
    pub inspected_on: Option<String>,
}

/// A task with its departments and inspections.
#[derive(Debug, Clone, Serialize)]
pub struct TaskDetail {
    pub task: TaskRow,
    pub departments: Vec<TaskDeptRow>,
    pub inspections: Vec<InspectionRow>,
    /// Revealed only once drawn.
    pub seed: Option<String>,
    /// Visits saved by this task: drawn subjects × (departments − 1).
    pub visits_saved: i64,
}

/// Where a task's result publication stands.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Publication {
    /// Last day to publish: 20 working days after the first result was recorded (after the
    /// completion for tasks whose results carry no date).
    pub deadline: Option<NaiveDate>,
    pub published_on: Option<NaiveDate>,
    /// Not published by the deadline (or published after it).
    pub overdue: bool,
}

/// The publication status of a task on `today`.
pub fn publication(cal: &HolidayCalendar, t: &TaskRow, today: NaiveDate) -> Publication {
    let completed = t
        .completed_on
        .as_deref()
        .and_then(|d| d.parse::<NaiveDate>().ok());
    let published_on = t
        .results_published_on
        .as_deref()
        .and_then(|d| d.parse::<NaiveDate>().ok());
    let first = t
        .first_result_on
        .as_deref()
        .and_then(|d| d.parse::<NaiveDate>().ok());
    // The earliest result binds: it formed first (企业信息公示暂行条例 第六条、第七条).
    let deadline = first.or(completed).and_then(|f| result_deadline(cal, f));
    let overdue = match (deadline, published_on) {
        (Some(dl), Some(p)) => p > dl,
        (Some(dl), None) => today > dl,
        _ => false,
    };
    Publication {
        deadline,
        published_on,
        overdue,
    }
}

fn row_to_inspection(r: &sqlx::any::AnyRow) -> Result<InspectionRow> {
    let officers: String = r.try_get(5)?;
    let outcome: Option<String> = r.try_get(7)?;
    Ok(InspectionRow {
        id: r.try_get(0)?,
        task_id: r.try_get(1)?,
        subject_code: r.try_get(2)?,
        subject_name: r.try_get(3)?,
        stratum: r.try_get(4)?,
        officers: decode(&officers, "sampling_inspections.officers")?,
        officer_names: r.try_get(6)?,
        outcome: outcome.as_deref().and_then(Outcome::parse),
        note: r.try_get(8)?,
        inspected_on: r.try_get(9)?,
    })
}

const INSPECTION_COLS: &str = "i.id, i.task_id, i.subject_code, i.subject_name, i.stratum, i.officers, i.officer_names, i.outcome, i.note, i.inspected_on";

/// Filter of task lists.
#[derive(Debug, Clone, Default)]
pub struct TaskQuery {
    pub year: Option<i64>,
    pub status: Option<TaskStatus>,
}

/// Tasks in which a department of the caller's scope takes part.
pub async fn list_tasks(db: &Db, who: &Principal, f: &TaskQuery) -> Result<Vec<TaskRow>> {
    who.require(Permission::ViewSampling)?;
    let b = who.scope_binds();
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {TASK_COLS} FROM sampling_tasks t JOIN departments d ON d.id = t.lead_department_id \
         WHERE t.region_code = $1 AND ($2 = 0 OR t.year = $2) AND ($3 = '' OR t.status = $3) AND ($4 = 1 OR EXISTS \
         (SELECT 1 FROM sampling_task_departments x WHERE x.task_id = t.id AND x.department_id IN \
         (SELECT descendant_id FROM department_closure WHERE ancestor_id = $5 AND depth <= $6))) \
         ORDER BY t.year DESC, t.id DESC"
    )))
    .bind(who.region.clone())
    .bind(f.year.unwrap_or(0))
    .bind(f.status.map(|s| s.as_str()).unwrap_or("").to_string())
    .bind(b.all)
    .bind(b.anchor)
    .bind(b.max_depth)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(row_to_task).collect()
}

async fn detail(db: &Db, region: &str, id: i64, public: bool) -> Result<TaskDetail> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {TASK_COLS}, t.seed FROM sampling_tasks t JOIN departments d ON d.id = t.lead_department_id \
         WHERE t.id = $1 AND t.region_code = $2"
    )))
    .bind(id)
    .bind(region.to_string())
    .fetch_optional(db.pool())
    .await?
    .ok_or_else(|| Error::not_found("task"))?;
    let task = row_to_task(&row)?;
    if public && task.status == TaskStatus::Draft {
        return Err(Error::not_found("task"));
    }
    let revealed = matches!(task.status, TaskStatus::Drawn | TaskStatus::Completed);
    let seed: Option<String> = if revealed { row.try_get(18)? } else { None };
    let mut conn = db.pool().acquire().await?;
    let departments = task_departments(&mut conn, id).await?;
    let mut inspections = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {INSPECTION_COLS} FROM sampling_inspections i WHERE i.task_id = $1 ORDER BY i.stratum DESC, i.id"
    )))
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(row_to_inspection)
    .collect::<Result<Vec<_>>>()?;
    if public && task.results_published_on.is_none() {
        // The public sees the draw; outcomes only once the results are published.
        for i in &mut inspections {
            i.outcome = None;
            i.note.clear();
            i.inspected_on = None;
        }
    }
    let visits_saved = inspections.len() as i64 * (task.department_count - 1).max(0);
    Ok(TaskDetail {
        task,
        departments,
        inspections,
        seed,
        visits_saved,
    })
}

/// A task visible to the caller (a department of its scope takes part); otherwise not found.
pub async fn get_task(db: &Db, who: &Principal, id: i64) -> Result<TaskDetail> {
    who.require(Permission::ViewSampling)?;
    let d = detail(db, &who.region, id, false).await?;
    let mut visible = false;
    for x in &d.departments {
        if who.covers_department(db, x.department_id).await? {
            visible = true;
            break;
        }
    }
    if visible {
        Ok(d)
    } else {
        Err(Error::not_found("task"))
    }
}

/// What the public portal shows of a task: nothing of a draft; the commitment once committed;
/// the seed, subjects and teams once drawn; outcomes once published.
pub async fn public_task(db: &Db, region: &str, id: i64) -> Result<TaskDetail> {
    detail(db, region, id, true).await
}

/// Tasks the public may see (committed or later), newest first.
pub async fn public_tasks(db: &Db, region: &str, year: Option<i64>) -> Result<Vec<TaskRow>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {TASK_COLS} FROM sampling_tasks t JOIN departments d ON d.id = t.lead_department_id \
         WHERE t.region_code = $1 AND t.status <> 'draft' AND ($2 = 0 OR t.year = $2) ORDER BY t.year DESC, t.id DESC"
    )))
    .bind(region.to_string())
    .bind(year.unwrap_or(0))
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(row_to_task).collect()
}

/// Records the outcome of one inspection. Team members (an officer account linked to one of
/// the team's officers) and department administrators of a participating department may.
pub async fn record_result(
    db: &Db,
    who: &Principal,
    inspection_id: i64,
    outcome: Outcome,
    note: &str,
    inspected_on: NaiveDate,
) -> Result<()> {
    who.require(Permission::RecordInspections)?;
    let r = sqlx::query(
        "SELECT i.task_id, i.officers, t.status, t.window_start FROM sampling_inspections i \
         JOIN sampling_tasks t ON t.id = i.task_id WHERE i.id = $1 AND i.region_code = $2",
    )
    .bind(inspection_id)
    .bind(who.region.clone())
    .fetch_optional(db.pool())
    .await?
    .ok_or_else(|| Error::not_found("inspection"))?;
    let (task_id, officers, status, ws): (i64, String, String, String) =
        (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?);
    let team: Vec<i64> = decode(&officers, "sampling_inspections.officers")?;
    let allowed = if who.role.can(Permission::ManageSampling) {
        let mut conn = db.pool().acquire().await?;
        let mut ok = false;
        for d in task_departments(&mut conn, task_id).await? {
            ok |= who.covers_department(db, d.department_id).await?;
        }
        ok
    } else {
        let me: Option<i64> = sqlx::query("SELECT officer_id FROM users WHERE id = $1")
            .bind(who.user_id)
            .fetch_optional(db.pool())
            .await?
            .map(|r| r.try_get::<Option<i64>, _>(0))
            .transpose()?
            .flatten();
        me.is_some_and(|m| team.contains(&m))
    };
    if !allowed {
        return Err(Error::forbidden(
            "只有检查组成员或参与部门管理员可以录入结果。",
            "only the team or an administrator of a participating department records results",
        ));
    }
    if status != TaskStatus::Drawn.as_str() {
        return Err(Error::of(Code::TaskState).arg_zh_en(
            "reason",
            "任务未处于检查阶段（已抽取、未完成），不能录入结果。",
            "Results are recorded while the task is drawn and not yet completed.",
        ));
    }
    if inspected_on.to_string() < ws || inspected_on > crate::time::today() {
        return Err(Error::of(Code::InspectionDate)
            .for_field("inspected_on")
            .arg_zh_en(
                "reason",
                "检查日期须在执行期限开始之后且不晚于今天。",
                "The inspection date must be after the window opens and not in the future.",
            ));
    }
    if note.chars().count() > 500 {
        return Err(Error::of(Code::InspectionNote).for_field("note"));
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    record_in_tx(
        &mut tx,
        inspection_id,
        outcome,
        note,
        inspected_on,
        &who.display_name,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Writes an outcome (callers check).
pub async fn record_in_tx(
    tx: &mut AuditedTx,
    inspection_id: i64,
    outcome: Outcome,
    note: &str,
    inspected_on: NaiveDate,
    by: &str,
) -> Result<()> {
    sqlx::query("UPDATE sampling_inspections SET outcome = $1, note = $2, inspected_on = $3, recorded_by = $4, recorded_at = $5 WHERE id = $6")
        .bind(outcome.as_str().to_string())
        .bind(note.trim().to_string())
        .bind(inspected_on.to_string())
        .bind(by.to_string())
        .bind(now_ms())
        .bind(inspection_id)
        .execute(tx.conn())
        .await?;
    let after = serde_json::json!({"outcome": outcome.as_str(), "note": note.trim(), "inspected_on": inspected_on.to_string()});
    tx.record(Event {
        action: "sampling.inspection.record",
        object_type: "sampling_inspection",
        object_id: inspection_id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("录入抽查结果：{}", outcome.label_zh()),
    })
    .await?;
    Ok(())
}

/// Marks a drawn task completed on `on` once every result is recorded (starts the 20 working
/// days of publication).
pub async fn complete_in_tx(tx: &mut AuditedTx, task_id: i64, on: NaiveDate) -> Result<()> {
    let r = sqlx::query(
        "SELECT t.status, (SELECT CAST(COUNT(*) AS BIGINT) FROM sampling_inspections i WHERE i.task_id = t.id AND i.outcome IS NULL) \
         FROM sampling_tasks t WHERE t.id = $1",
    )
    .bind(task_id)
    .fetch_optional(tx.conn())
    .await?
    .ok_or_else(|| Error::not_found("task"))?;
    let (status, open): (String, i64) = (r.try_get(0)?, r.try_get(1)?);
    if status != TaskStatus::Drawn.as_str() {
        return Err(Error::of(Code::TaskState).arg_zh_en(
            "reason",
            "只有已抽取的任务可以办结。",
            "Only a drawn task can be completed.",
        ));
    }
    if open > 0 {
        return Err(Error::of(Code::TaskOpen).arg("open", open));
    }
    sqlx::query("UPDATE sampling_tasks SET status = 'completed', completed_on = $1, updated_at = $2 WHERE id = $3")
        .bind(on.to_string())
        .bind(now_ms())
        .bind(task_id)
        .execute(tx.conn())
        .await?;
    let after = serde_json::json!({"completed_on": on.to_string()});
    tx.record(Event {
        action: "sampling.task.complete",
        object_type: "sampling_task",
        object_id: task_id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("抽查任务办结（{on}）"),
    })
    .await?;
    Ok(())
}

/// Publishes a completed task's results on the portal on `on`.
pub async fn publish_in_tx(tx: &mut AuditedTx, task_id: i64, on: NaiveDate) -> Result<()> {
    let r = sqlx::query(
        "SELECT status, completed_on, results_published_on FROM sampling_tasks WHERE id = $1",
    )
    .bind(task_id)
    .fetch_optional(tx.conn())
    .await?
    .ok_or_else(|| Error::not_found("task"))?;
    let (status, completed, published): (String, Option<String>, Option<String>) =
        (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
    if status != TaskStatus::Completed.as_str() || published.is_some() {
        return Err(Error::of(Code::TaskState).arg_zh_en(
            "reason",
            "只有已办结且未公示的任务可以公示结果。",
            "Only a completed, unpublished task can publish its results.",
        ));
    }
    if completed.is_some_and(|c| on.to_string() < c) {
        return Err(Error::of(Code::TaskPublishDate).for_field("on"));
    }
    sqlx::query(
        "UPDATE sampling_tasks SET results_published_on = $1, updated_at = $2 WHERE id = $3",
    )
    .bind(on.to_string())
    .bind(now_ms())
    .bind(task_id)
    .execute(tx.conn())
    .await?;
    let after = serde_json::json!({"results_published_on": on.to_string()});
    tx.record(Event {
        action: "sampling.task.publish",
        object_type: "sampling_task",
        object_id: task_id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("公示抽查结果（{on}）"),
    })
    .await?;
    Ok(())
}

/// Completes a task of the caller's lead department today.
pub async fn complete_task(db: &Db, who: &Principal, task_id: i64) -> Result<()> {
    require_lead(db, who, task_id).await?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    complete_in_tx(&mut tx, task_id, crate::time::today()).await?;
    tx.commit().await
}

/// Publishes a task's results today.
pub async fn publish_results(db: &Db, who: &Principal, task_id: i64) -> Result<()> {
    require_lead(db, who, task_id).await?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    publish_in_tx(&mut tx, task_id, crate::time::today()).await?;
    tx.commit().await
}

/// A draw as `fazhi sampling list` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct DrawListRow {
    pub task_id: i64,
    pub task_no: String,
    pub title: String,
    pub year: i64,
    pub domain: String,
    pub status: String,
    pub departments: i64,
    pub subjects_drawn: i64,
    pub seed_commitment: Option<String>,
}

/// Every committed or drawn task of the region (draws are public records).
pub async fn list_draws(db: &Db, region: &str) -> Result<Vec<DrawListRow>> {
    Ok(public_tasks(db, region, None)
        .await?
        .into_iter()
        .map(|t| DrawListRow {
            task_id: t.id,
            task_no: t.task_no,
            title: t.title,
            year: t.year,
            domain: t.domain,
            status: t.status.as_str().into(),
            departments: t.department_count,
            subjects_drawn: t.drawn,
            seed_commitment: t.seed_commitment,
        })
        .collect())
}

/// The published export of a drawn task.
pub async fn export_draw(db: &Db, region: &str, task_id: i64) -> Result<DrawExport> {
    let r = sqlx::query("SELECT export FROM sampling_tasks WHERE id = $1 AND region_code = $2")
        .bind(task_id)
        .bind(region.to_string())
        .fetch_optional(db.pool())
        .await?
        .ok_or_else(|| Error::not_found("task"))?;
    let text: Option<String> = r.try_get(0)?;
    let text = text.ok_or_else(|| Error::of(Code::TaskNotDrawn))?;
    serde_json::from_str(&text).map_err(|e| Error::Internal(format!("stored export: {e}")))
}

/// The year's joint-draw figures (部门联合抽查), counted from the records.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Stats {
    /// Distinct supervision domains of joint tasks drawn in the year.
    pub domains: i64,
    /// Subjects drawn by joint tasks (one per inspection record).
    pub subjects_drawn: i64,
    /// Σ over jointly drawn subjects of (participating departments − 1).
    pub visits_saved: i64,
}

/// Counts the figures of a year over drawn and completed joint tasks.
pub async fn stats(db: &Db, region: &str, year: i64) -> Result<Stats> {
    let r = sqlx::query(
        "SELECT CAST(COUNT(DISTINCT t.domain) AS BIGINT), \
         CAST(COALESCE((SELECT COUNT(*) FROM sampling_inspections i JOIN sampling_tasks u ON u.id = i.task_id \
           WHERE u.region_code = $1 AND u.year = $2 AND u.department_count > 1 AND u.status IN ('drawn', 'completed')), 0) AS BIGINT), \
         CAST(COALESCE((SELECT SUM(u.department_count - 1) FROM sampling_inspections i JOIN sampling_tasks u ON u.id = i.task_id \
           WHERE u.region_code = $1 AND u.year = $2 AND u.department_count > 1 AND u.status IN ('drawn', 'completed')), 0) AS BIGINT) \
         FROM sampling_tasks t WHERE t.region_code = $1 AND t.year = $2 AND t.department_count > 1 AND t.status IN ('drawn', 'completed')",
    )
    .bind(region.to_string())
    .bind(year)
    .fetch_one(db.pool())
    .await?;
    Ok(Stats {
        domains: r.try_get(0)?,
        subjects_drawn: r.try_get(1)?,
        visits_saved: r.try_get(2)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sampling::model::TaskStatus;

    fn cal() -> HolidayCalendar {
        HolidayCalendar::from_toml_str(include_str!("../../data/cn-holidays.toml"))
            .expect("bundled calendar parses")
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn task(first: Option<&str>, completed: &str, published: Option<&str>) -> TaskRow {
        TaskRow {
            id: 1,
            task_no: "CC-2024-001".into(),
            title: "t".into(),
            year: 2024,
            domain: "市场监管".into(),
            lead_department_id: 1,
            lead_department: "市场监管局".into(),
            department_count: 2,
            status: TaskStatus::Completed,
            window_start: "2024-05-06".into(),
            window_end: "2024-07-05".into(),
            seed_commitment: None,
            candidates_digest: None,
            drawn: 10,
            recorded: 10,
            completed_on: Some(completed.into()),
            results_published_on: published.map(str::to_string),
            first_result_on: first.map(str::to_string),
        }
    }

    /// 企业信息公示暂行条例 第六条、第七条 ("自产生之日起20个工作日内") and 政府信息公开条例
    /// 第二十六条: the 20 working days run from each result's recorded day. A task whose first
    /// result was recorded on 2024-05-07 and which was completed on 2024-07-05 and published on
    /// 2024-07-10 published that result late, though within 20 working days of completion.
    #[test]
    fn results_are_due_twenty_working_days_after_each_inspection_qyxxgs_art6_art7() {
        let cal = cal();
        let p = publication(
            &cal,
            &task(Some("2024-05-07"), "2024-07-05", Some("2024-07-10")),
            d(2024, 12, 31),
        );
        // 20 working days after 2024-05-07, counting the adjusted working Saturday 05-11.
        assert_eq!(p.deadline, Some(d(2024, 6, 3)));
        assert!(p.overdue);
        let late = late_results(
            &cal,
            &[d(2024, 5, 7), d(2024, 7, 1)],
            Some(d(2024, 7, 10)),
            d(2024, 12, 31),
        );
        assert_eq!(late, vec![d(2024, 5, 7)]);
        // Without dated results the completion day still counts.
        let p = publication(&cal, &task(None, "2024-07-05", None), d(2024, 7, 8));
        assert_eq!(p.deadline, result_deadline(&cal, d(2024, 7, 5)));
        assert!(!p.overdue);
    }
}
