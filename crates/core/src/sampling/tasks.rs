//! Plans and tasks: annual plans per department; tasks with their domain, inspection matters
//! (published 行政检查 items), subject filter, stratum quotas, teams and window; joint tasks
//! with a lead department and participants. Committing freezes the inputs and publishes the
//! digests and the seed commitment; drawing reveals the seed and fixes subjects and teams.

use std::collections::{BTreeMap, HashSet};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use sqlx::{AnyConnection, Row};

use super::draw::{
    Conflict, DeptPool, DrawExport, DrawInputs, EXPORT_FORMAT, Inspector, QuotaRule, Stratum,
    candidates_digest, check_rules, parse_seed, run_draw, seed_commitment, team_inputs_digest,
};
use super::model::{RiskGrade, TaskStatus};
use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal};
use crate::db::Db;
use crate::db::json::decode;
use crate::time::{fmt_ms, now_ms};
use crate::{Code, Error, Result};

/// An annual plan to create.
#[derive(Debug, Clone)]
pub struct NewPlan {
    pub department_id: i64,
    pub year: i64,
    pub title: String,
    pub note: String,
}

/// A plan as listed.
#[derive(Debug, Clone, Serialize)]
pub struct PlanRow {
    pub id: i64,
    pub department_id: i64,
    pub department: String,
    pub year: i64,
    pub title: String,
    pub note: String,
    pub tasks: i64,
}

/// A participating department of a new task (the lead first).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewTaskDept {
    pub department_id: i64,
    /// The enforcement domain its officers' cards must cover.
    pub card_domain: String,
    pub team_size: usize,
    /// Codes of its published 行政检查 items checked on the visit.
    pub matters: Vec<String>,
}

/// A task to create.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewTask {
    pub plan_id: i64,
    pub title: String,
    /// Supervision domain (抽查领域): the subjects whose directory entry lists it are candidates.
    pub domain: String,
    /// Only subjects in these subdistricts (empty: all).
    #[serde(default)]
    pub subdistricts: Vec<String>,
    /// Only subjects of these industries (empty: all).
    #[serde(default)]
    pub industries: Vec<String>,
    /// Quota rules for the strata A…D, in that order.
    pub rules: Vec<(RiskGrade, QuotaRule)>,
    pub window_start: NaiveDate,
    pub window_end: NaiveDate,
    /// The lead department (the plan's) first, then the participants.
    pub departments: Vec<NewTaskDept>,
}

/// A task as listed.
#[derive(Debug, Clone, Serialize)]
pub struct TaskRow {
    pub id: i64,
    pub task_no: String,
    pub title: String,
    pub year: i64,
    pub domain: String,
    pub lead_department_id: i64,
    pub lead_department: String,
    pub department_count: i64,
    pub status: TaskStatus,
    pub window_start: String,
    pub window_end: String,
    pub seed_commitment: Option<String>,
    pub candidates_digest: Option<String>,
    pub drawn: i64,
    pub recorded: i64,
    pub completed_on: Option<String>,
    pub results_published_on: Option<String>,
    /// Day the first inspection result was recorded (the first result "formed").
    pub first_result_on: Option<String>,
}

/// A participating department as stored.
#[derive(Debug, Clone, Serialize)]
pub struct TaskDeptRow {
    pub department_id: i64,
    pub department: String,
    pub role: String,
    pub card_domain: String,
    pub team_size: i64,
    pub matters: Vec<String>,
}

pub(crate) const TASK_COLS: &str = "t.id, t.task_no, t.title, t.year, t.domain, t.lead_department_id, d.name, \
    t.department_count, t.status, t.window_start, t.window_end, t.seed_commitment, t.candidates_digest, \
    (SELECT CAST(COUNT(*) AS BIGINT) FROM sampling_inspections i WHERE i.task_id = t.id), \
    (SELECT CAST(COUNT(*) AS BIGINT) FROM sampling_inspections i WHERE i.task_id = t.id AND i.outcome IS NOT NULL), \
    t.completed_on, t.results_published_on, \
    (SELECT MIN(i.inspected_on) FROM sampling_inspections i WHERE i.task_id = t.id AND i.outcome IS NOT NULL)";

pub(crate) fn row_to_task(r: &sqlx::any::AnyRow) -> Result<TaskRow> {
    let status: String = r.try_get(8)?;
    Ok(TaskRow {
        id: r.try_get(0)?,
        task_no: r.try_get(1)?,
        title: r.try_get(2)?,
        year: r.try_get(3)?,
        domain: r.try_get(4)?,
        lead_department_id: r.try_get(5)?,
        lead_department: r.try_get(6)?,
        department_count: r.try_get(7)?,
        status: TaskStatus::parse(&status).unwrap_or(TaskStatus::Draft),
        window_start: r.try_get(9)?,
        window_end: r.try_get(10)?,
        seed_commitment: r.try_get(11)?,
        candidates_digest: r.try_get(12)?,
        drawn: r.try_get(13)?,
        recorded: r.try_get(14)?,
        completed_on: r.try_get(15)?,
        results_published_on: r.try_get(16)?,
        first_result_on: r.try_get(17)?,
    })
}

/// Writes a plan (callers check permission and scope).
pub async fn insert_plan(tx: &mut AuditedTx, region: &str, p: &NewPlan) -> Result<i64> {
    let title = p.title.trim();
    if title.is_empty() || title.chars().count() > 100 {
        return Err(Error::of(Code::PlanTitle).for_field("title"));
    }
    if !(2000..=2100).contains(&p.year) {
        return Err(Error::of(Code::PlanYear).for_field("year").arg_zh_en(
            "reason",
            "年度无效。",
            "Invalid year.",
        ));
    }
    let now = now_ms();
    let id: i64 = sqlx::query(
        "INSERT INTO sampling_plans (region_code, department_id, year, title, note, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(region.to_string())
    .bind(p.department_id)
    .bind(p.year)
    .bind(title.to_string())
    .bind(p.note.trim().to_string())
    .bind(now)
    .fetch_one(tx.conn())
    .await?
    .try_get(0)?;
    let after = serde_json::json!({"id": id, "department_id": p.department_id, "year": p.year, "title": title});
    tx.record(Event {
        action: "sampling.plan.create",
        object_type: "sampling_plan",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("制定{}年度抽查计划：{title}", p.year),
    })
    .await?;
    Ok(id)
}

/// Creates an annual plan for a department of the caller's scope.
pub async fn create_plan(db: &Db, who: &Principal, p: &NewPlan) -> Result<i64> {
    who.require(Permission::ManageSampling)?;
    who.require_department(db, p.department_id).await?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let id = insert_plan(&mut tx, &who.region, p).await?;
    tx.commit().await?;
    Ok(id)
}

/// Plans of the departments in the caller's scope.
pub async fn list_plans(db: &Db, who: &Principal, year: Option<i64>) -> Result<Vec<PlanRow>> {
    who.require(Permission::ViewSampling)?;
    let b = who.scope_binds();
    let rows = sqlx::query(
        "SELECT p.id, p.department_id, d.name, p.year, p.title, p.note, \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM sampling_tasks t WHERE t.plan_id = p.id) \
         FROM sampling_plans p JOIN departments d ON d.id = p.department_id \
         WHERE p.region_code = $1 AND ($2 = 0 OR p.year = $2) AND \
         ($3 = 1 OR p.department_id IN (SELECT descendant_id FROM department_closure WHERE ancestor_id = $4 AND depth <= $5)) \
         ORDER BY p.year DESC, d.sort_order, p.id",
    )
    .bind(who.region.clone())
    .bind(year.unwrap_or(0))
    .bind(b.all)
    .bind(b.anchor)
    .bind(b.max_depth)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(PlanRow {
                id: r.try_get(0)?,
                department_id: r.try_get(1)?,
                department: r.try_get(2)?,
                year: r.try_get(3)?,
                title: r.try_get(4)?,
                note: r.try_get(5)?,
                tasks: r.try_get(6)?,
            })
        })
        .collect()
}

/// Checks a new task against the plan, the departments and the power list.
async fn validate_task(conn: &mut AnyConnection, region: &str, t: &NewTask) -> Result<(i64, i64)> {
    let plan = sqlx::query(
        "SELECT department_id, year FROM sampling_plans WHERE id = $1 AND region_code = $2",
    )
    .bind(t.plan_id)
    .bind(region.to_string())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| Error::not_found("plan"))?;
    let (plan_dept, year): (i64, i64) = (plan.try_get(0)?, plan.try_get(1)?);
    if t.title.trim().is_empty() || t.title.trim().chars().count() > 100 {
        return Err(Error::of(Code::TaskTitle).for_field("title"));
    }
    if t.domain.trim().is_empty() {
        return Err(Error::of(Code::TaskDomain).for_field("domain"));
    }
    if t.window_end < t.window_start || i64::from(t.window_start.year()) != year {
        return Err(Error::of(Code::TaskWindow)
            .for_field("window_start")
            .arg("year", year));
    }
    let grades: Vec<RiskGrade> = t.rules.iter().map(|r| r.0).collect();
    if grades != RiskGrade::ALL {
        return Err(Error::of(Code::TaskQuotas).for_field("quotas"));
    }
    check_rules(
        &t.rules
            .iter()
            .map(|(g, r)| (g.as_str().to_string(), *r))
            .collect::<Vec<_>>(),
    )?;
    let Some(lead) = t.departments.first() else {
        return Err(Error::of(Code::TaskDepartments)
            .for_field("departments")
            .arg_zh_en("reason", "请指定牵头部门。", "Name the lead department."));
    };
    if lead.department_id != plan_dept {
        return Err(Error::of(Code::TaskLead).for_field("departments"));
    }
    let total: usize = t.departments.iter().map(|d| d.team_size).sum();
    // 行政处罚法 第四十二条: inspections by at least two officers.
    if total < 2
        || t.departments
            .iter()
            .any(|d| d.team_size == 0 || d.team_size > 10)
    {
        return Err(Error::of(Code::TaskTeamSize).for_field("team_size"));
    }
    let mut seen = HashSet::new();
    for d in &t.departments {
        if !seen.insert(d.department_id) {
            return Err(Error::of(Code::TaskDepartments)
                .for_field("departments")
                .arg_zh_en("reason", "参与部门重复。", "A department is listed twice."));
        }
        let row =
            sqlx::query("SELECT name, domains FROM departments WHERE id = $1 AND region_code = $2")
                .bind(d.department_id)
                .bind(region.to_string())
                .fetch_optional(&mut *conn)
                .await?
                .ok_or_else(|| Error::not_found("department"))?;
        let name: String = row.try_get(0)?;
        let domains: Vec<String> = decode(&row.try_get::<String, _>(1)?, "departments.domains")?;
        if !domains.iter().any(|x| x == &d.card_domain) {
            return Err(Error::of(Code::TaskCardDomain)
                .for_field("card_domain")
                .arg("card_domain", &d.card_domain)
                .arg("name", name)
                .arg_zh_en("domains", format!("（{}）", domains.join("、")), ""));
        }
        if d.matters.is_empty() {
            return Err(Error::of(Code::TaskMatters)
                .for_field("matters")
                .arg("name", name));
        }
        for code in &d.matters {
            // A matter must be a published 行政检查 item of the department (or a body below it).
            let ok = sqlx::query(
                "SELECT 1 FROM power_items p WHERE p.region_code = $1 AND p.code = $2 AND p.category = 'JC' \
                 AND p.status = 'active' AND p.department_id IN \
                 (SELECT descendant_id FROM department_closure WHERE ancestor_id = $3)",
            )
            .bind(region.to_string())
            .bind(code.clone())
            .bind(d.department_id)
            .fetch_optional(&mut *conn)
            .await?
            .is_some();
            if !ok {
                return Err(Error::of(Code::TaskMatter)
                    .for_field("matters")
                    .arg("code", code)
                    .arg("name", name));
            }
        }
    }
    Ok((plan_dept, year))
}

/// Writes a task (callers check permission and scope); returns its id.
pub async fn insert_task(tx: &mut AuditedTx, region: &str, t: &NewTask) -> Result<i64> {
    let (lead, year) = validate_task(tx.conn(), region, t).await?;
    let seq: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM sampling_tasks WHERE region_code = $1 AND year = $2",
    )
    .bind(region.to_string())
    .bind(year)
    .fetch_one(tx.conn())
    .await?
    .try_get(0)?;
    let task_no = format!("SJ{year}-{:04}", seq + 1);
    let now = now_ms();
    let filter = serde_json::json!({"subdistricts": t.subdistricts, "industries": t.industries});
    let quotas = serde_json::to_string(&t.rules).map_err(|e| Error::Internal(e.to_string()))?;
    let id: i64 = sqlx::query(
        "INSERT INTO sampling_tasks (region_code, plan_id, year, lead_department_id, task_no, title, domain, subject_filter, \
         quotas, window_start, window_end, department_count, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'draft', $13, $13) RETURNING id",
    )
    .bind(region.to_string())
    .bind(t.plan_id)
    .bind(year)
    .bind(lead)
    .bind(task_no.clone())
    .bind(t.title.trim().to_string())
    .bind(t.domain.trim().to_string())
    .bind(filter.to_string())
    .bind(quotas)
    .bind(t.window_start.to_string())
    .bind(t.window_end.to_string())
    .bind(t.departments.len() as i64)
    .bind(now)
    .fetch_one(tx.conn())
    .await?
    .try_get(0)?;
    for (i, d) in t.departments.iter().enumerate() {
        sqlx::query(
            "INSERT INTO sampling_task_departments (task_id, department_id, region_code, role, card_domain, team_size, matters) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(d.department_id)
        .bind(region.to_string())
        .bind(if i == 0 { "lead" } else { "participant" })
        .bind(d.card_domain.clone())
        .bind(d.team_size as i64)
        .bind(serde_json::to_string(&d.matters).unwrap_or_else(|_| "[]".into()))
        .execute(tx.conn())
        .await?;
    }
    let after = serde_json::to_value(t).map_err(|e| Error::Internal(e.to_string()))?;
    tx.record(Event {
        action: "sampling.task.create",
        object_type: "sampling_task",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!(
            "创建抽查任务 {task_no}：{}（{} 个部门）",
            t.title.trim(),
            t.departments.len()
        ),
    })
    .await?;
    Ok(id)
}

/// Creates a task under a plan of the caller's scope.
pub async fn create_task(db: &Db, who: &Principal, t: &NewTask) -> Result<i64> {
    who.require(Permission::ManageSampling)?;
    let dept: Option<i64> =
        sqlx::query("SELECT department_id FROM sampling_plans WHERE id = $1 AND region_code = $2")
            .bind(t.plan_id)
            .bind(who.region.clone())
            .fetch_optional(db.pool())
            .await?
            .map(|r| r.try_get(0))
            .transpose()?;
    let dept = dept.ok_or_else(|| Error::not_found("plan"))?;
    who.require_department(db, dept).await?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let id = insert_task(&mut tx, &who.region, t).await?;
    tx.commit().await?;
    Ok(id)
}

/// Refuses unless the caller manages the task's lead department.
pub async fn require_lead(db: &Db, who: &Principal, task_id: i64) -> Result<()> {
    who.require(Permission::ManageSampling)?;
    let lead: Option<i64> = sqlx::query(
        "SELECT lead_department_id FROM sampling_tasks WHERE id = $1 AND region_code = $2",
    )
    .bind(task_id)
    .bind(who.region.clone())
    .fetch_optional(db.pool())
    .await?
    .map(|r| r.try_get(0))
    .transpose()?;
    let lead = lead.ok_or_else(|| Error::not_found("task"))?;
    if who.covers_department(db, lead).await? {
        Ok(())
    } else {
        Err(Error::forbidden(
            "只有牵头部门可以管理该抽查任务。",
            "only the lead department manages this task",
        ))
    }
}

pub(crate) async fn task_departments(
    conn: &mut AnyConnection,
    task_id: i64,
) -> Result<Vec<TaskDeptRow>> {
    let rows = sqlx::query(
        "SELECT x.department_id, d.name, x.role, x.card_domain, x.team_size, x.matters FROM sampling_task_departments x \
         JOIN departments d ON d.id = x.department_id WHERE x.task_id = $1 \
         ORDER BY CASE WHEN x.role = 'lead' THEN 0 ELSE 1 END, x.department_id",
    )
    .bind(task_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(TaskDeptRow {
                department_id: r.try_get(0)?,
                department: r.try_get(1)?,
                role: r.try_get(2)?,
                card_domain: r.try_get(3)?,
                team_size: r.try_get(4)?,
                matters: decode(
                    &r.try_get::<String, _>(5)?,
                    "sampling_task_departments.matters",
                )?,
            })
        })
        .collect()
}

/// Freezes the draw inputs of a draft task from the current records.
async fn freeze(
    conn: &mut AnyConnection,
    region: &str,
    task_id: i64,
) -> Result<(DrawInputs, String)> {
    let t = sqlx::query("SELECT domain, subject_filter, quotas, window_start, window_end, status FROM sampling_tasks WHERE id = $1 AND region_code = $2")
        .bind(task_id)
        .bind(region.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| Error::not_found("task"))?;
    let (domain, filter, quotas, ws, we, status): (String, String, String, String, String, String) = (
        t.try_get(0)?,
        t.try_get(1)?,
        t.try_get(2)?,
        t.try_get(3)?,
        t.try_get(4)?,
        t.try_get(5)?,
    );
    if status != TaskStatus::Draft.as_str() {
        return Err(Error::of(Code::TaskState).arg_zh_en(
            "reason",
            "只有草稿状态的任务可以公示抽取名单。",
            "Only a draft task can be committed.",
        ));
    }
    let strata = task_strata(conn, region, &domain, &filter, &quotas).await?;
    if strata.iter().all(|s| s.quota == 0) {
        return Err(Error::of(Code::TaskNoCandidates).arg("domain", domain));
    }
    let depts = task_departments(conn, task_id).await?;
    let mut pools = Vec::new();
    let mut all_ids = HashSet::new();
    for d in &depts {
        let inspectors = inspectors_of(conn, region, d, &mut all_ids).await?;
        pools.push(DeptPool {
            department_id: d.department_id,
            department: d.department.clone(),
            role: d.role.clone(),
            card_domain: d.card_domain.clone(),
            team_size: d.team_size.max(0) as usize,
            matters: d.matters.clone(),
            inspectors,
        });
    }
    let codes: HashSet<&str> = strata
        .iter()
        .flat_map(|s| s.candidates.iter().map(String::as_str))
        .collect();
    let conflicts = task_conflicts(conn, region, &all_ids, &codes).await?;
    let previous_teams = previous_teams(conn, region, &codes).await?;
    let inputs = DrawInputs {
        window_start: ws,
        window_end: we,
        strata,
        departments: pools,
        conflicts,
        previous_teams,
    };
    Ok((inputs, domain))
}

/// The strata of the draw: for each risk grade of the task's quotas, the directory's subjects of
/// `domain` passing the task's subject filter (subdistricts, industries), and the grade's quota.
async fn task_strata(
    conn: &mut AnyConnection,
    region: &str,
    domain: &str,
    filter: &str,
    quotas: &str,
) -> Result<Vec<Stratum>> {
    let filter: serde_json::Value = decode(filter, "sampling_tasks.subject_filter")?;
    let list = |k: &str| -> HashSet<String> {
        filter[k]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (subs, inds) = (list("subdistricts"), list("industries"));
    let rules: Vec<(RiskGrade, QuotaRule)> =
        serde_json::from_str(quotas).map_err(|e| Error::Internal(e.to_string()))?;
    // The candidates: the directory's subjects of the domain, by risk grade, in code order.
    let rows = sqlx::query(
        "SELECT code, risk_grade, subdistrict, industry FROM sampling_subject_domains WHERE region_code = $1 AND domain = $2 ORDER BY code",
    )
    .bind(region.to_string())
    .bind(domain.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let mut by_grade: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in &rows {
        let (code, grade, sub, ind): (String, String, String, String) =
            (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?);
        if (subs.is_empty() || subs.contains(&sub)) && (inds.is_empty() || inds.contains(&ind)) {
            by_grade.entry(grade).or_default().push(code);
        }
    }
    Ok(rules
        .iter()
        .map(|(g, rule)| {
            let mut candidates = by_grade.remove(g.as_str()).unwrap_or_default();
            candidates.sort();
            candidates.dedup();
            Stratum {
                key: g.as_str().into(),
                label: g.label_zh().into(),
                quota: rule.quota(candidates.len()),
                candidates,
            }
        })
        .collect())
}

/// The inspectors a task department can send; adds their ids to `all_ids`.
async fn inspectors_of(
    conn: &mut AnyConnection,
    region: &str,
    d: &TaskDeptRow,
    all_ids: &mut HashSet<i64>,
) -> Result<Vec<Inspector>> {
    // Officers of the department and the bodies below it whose cards name the domain; the
    // card that decides is the latest such card.
    let rows = sqlx::query(
        "SELECT o.id, o.name, c.card_no, c.domains, c.issued_on, c.valid_until, c.status FROM officers o \
         JOIN enforcement_cards c ON c.officer_id = o.id \
         WHERE o.region_code = $1 AND o.status = 'active' AND o.department_id IN \
         (SELECT descendant_id FROM department_closure WHERE ancestor_id = $2) ORDER BY o.id, c.id DESC",
    )
    .bind(region.to_string())
    .bind(d.department_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut inspectors: Vec<Inspector> = Vec::new();
    for r in &rows {
        let domains: Vec<String> =
            decode(&r.try_get::<String, _>(3)?, "enforcement_cards.domains")?;
        let id: i64 = r.try_get(0)?;
        if !domains.contains(&d.card_domain) || inspectors.last().is_some_and(|o| o.id == id) {
            continue;
        }
        all_ids.insert(id);
        inspectors.push(Inspector {
            id,
            name: r.try_get(1)?,
            card_no: r.try_get(2)?,
            card_domains: domains,
            card_issued_on: r.try_get(4)?,
            card_valid_until: r.try_get(5)?,
            card_status: r.try_get(6)?,
        });
    }
    Ok(inspectors)
}

/// The declared conflicts of interest between the pools' officers and the candidates.
async fn task_conflicts(
    conn: &mut AnyConnection,
    region: &str,
    all_ids: &HashSet<i64>,
    codes: &HashSet<&str>,
) -> Result<Vec<Conflict>> {
    let mut conflicts = Vec::new();
    for r in sqlx::query("SELECT officer_id, subject_code FROM sampling_conflicts WHERE region_code = $1 ORDER BY officer_id, subject_code")
        .bind(region.to_string())
        .fetch_all(&mut *conn)
        .await?
    {
        let (o, c): (i64, String) = (r.try_get(0)?, r.try_get(1)?);
        if all_ids.contains(&o) && codes.contains(c.as_str()) {
            conflicts.push(Conflict { officer_id: o, code: c });
        }
    }
    Ok(conflicts)
}

/// The latest earlier team of each candidate (no officer twice in a row at one subject).
async fn previous_teams(
    conn: &mut AnyConnection,
    region: &str,
    codes: &HashSet<&str>,
) -> Result<BTreeMap<String, Vec<i64>>> {
    let mut previous_teams = BTreeMap::new();
    for r in sqlx::query("SELECT subject_code, officers FROM sampling_inspections WHERE region_code = $1 ORDER BY drawn_at, id")
        .bind(region.to_string())
        .fetch_all(&mut *conn)
        .await?
    {
        let code: String = r.try_get(0)?;
        if codes.contains(code.as_str()) {
            let ids: Vec<i64> = decode(&r.try_get::<String, _>(1)?, "sampling_inspections.officers")?;
            previous_teams.insert(code, ids);
        }
    }
    Ok(previous_teams)
}

/// Commits a draft task at time `at` with `seed`: freezes the inputs and publishes the
/// candidate digest, the team-input digest and `SM3(seed)`; the seed stays secret until drawn.
pub async fn commit_in_tx(
    tx: &mut AuditedTx,
    region: &str,
    task_id: i64,
    seed: &[u8; 32],
    at: i64,
) -> Result<()> {
    let (inputs, _) = freeze(tx.conn(), region, task_id).await?;
    let cd = candidates_digest(&inputs.strata);
    let td = team_inputs_digest(&inputs);
    let commitment = seed_commitment(seed);
    let frozen = serde_json::to_string(&inputs).map_err(|e| Error::Internal(e.to_string()))?;
    sqlx::query(
        "UPDATE sampling_tasks SET status = 'committed', seed = $1, seed_commitment = $2, candidates_digest = $3, \
         team_inputs_digest = $4, frozen = $5, committed_at = $6, updated_at = $7 WHERE id = $8 AND status = 'draft'",
    )
    .bind(hex::encode(seed))
    .bind(commitment.clone())
    .bind(cd.clone())
    .bind(td.clone())
    .bind(frozen)
    .bind(at)
    .bind(now_ms())
    .bind(task_id)
    .execute(tx.conn())
    .await?;
    let candidates: usize = inputs.strata.iter().map(|s| s.candidates.len()).sum();
    let after = serde_json::json!({"seed_commitment": commitment, "candidates_digest": cd, "team_inputs_digest": td, "candidates": candidates});
    tx.record(Event {
        action: "sampling.task.commit",
        object_type: "sampling_task",
        object_id: task_id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("公示抽取名单摘要与种子承诺（{candidates} 个候选对象）"),
    })
    .await?;
    Ok(())
}

/// Draws a committed task at time `at`: reveals the seed, selects the subjects, assigns the
/// teams and opens one inspection record per drawn subject. Fails without writing anything
/// when a team cannot be formed.
pub async fn draw_in_tx(
    tx: &mut AuditedTx,
    region: &str,
    task_id: i64,
    at: i64,
) -> Result<DrawExport> {
    let t = sqlx::query(
        "SELECT status, seed, frozen, task_no, title, domain, year, seed_commitment, candidates_digest, team_inputs_digest, committed_at \
         FROM sampling_tasks WHERE id = $1 AND region_code = $2",
    )
    .bind(task_id)
    .bind(region.to_string())
    .fetch_optional(tx.conn())
    .await?
    .ok_or_else(|| Error::not_found("task"))?;
    let status: String = t.try_get(0)?;
    if status != TaskStatus::Committed.as_str() {
        return Err(Error::of(Code::TaskState).arg_zh_en(
            "reason",
            "只有已公示抽取名单的任务可以抽取。",
            "Only a committed task can be drawn.",
        ));
    }
    let seed_hex: String = t.try_get::<Option<String>, _>(1)?.unwrap_or_default();
    let seed = parse_seed(&seed_hex)?;
    let inputs: DrawInputs =
        serde_json::from_str(&t.try_get::<Option<String>, _>(2)?.unwrap_or_default())
            .map_err(|e| Error::Internal(format!("frozen inputs: {e}")))?;
    let out = run_draw(&seed, &inputs)?;
    let export = DrawExport {
        format: EXPORT_FORMAT.into(),
        task_id,
        task_no: t.try_get(3)?,
        title: t.try_get(4)?,
        domain: t.try_get(5)?,
        year: t.try_get(6)?,
        seed: seed_hex,
        seed_commitment: t.try_get::<Option<String>, _>(7)?.unwrap_or_default(),
        candidates_digest: t.try_get::<Option<String>, _>(8)?.unwrap_or_default(),
        team_inputs_digest: t.try_get::<Option<String>, _>(9)?.unwrap_or_default(),
        window_start: inputs.window_start.clone(),
        window_end: inputs.window_end.clone(),
        strata: inputs.strata.clone(),
        departments: inputs.departments.clone(),
        conflicts: inputs.conflicts.clone(),
        previous_teams: inputs.previous_teams.clone(),
        selected: out.selected.clone(),
        teams: out.teams.clone(),
        committed_at: t
            .try_get::<Option<i64>, _>(10)?
            .map(fmt_ms)
            .unwrap_or_default(),
        drawn_at: fmt_ms(at),
    };
    let names: BTreeMap<i64, String> = inputs
        .departments
        .iter()
        .flat_map(|d| d.inspectors.iter().map(|o| (o.id, o.name.clone())))
        .collect();
    for chunk in out.teams.chunks(100) {
        let mut sql = String::from(
            "INSERT INTO sampling_inspections (region_code, task_id, subject_id, subject_code, subject_name, stratum, officers, officer_names, drawn_at) \
             SELECT s.region_code, $2, s.id, s.code, s.name, v.column2, v.column3, v.column4, $3 FROM sampling_subjects s JOIN (VALUES ",
        );
        for i in 0..chunk.len() {
            let b = 4 + i * 4;
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("(${b}, ${}, ${}, ${})", b + 1, b + 2, b + 3));
        }
        sql.push_str(") v ON s.code = v.column1 WHERE s.region_code = $1");
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(region.to_string())
            .bind(task_id)
            .bind(at);
        for team in chunk {
            let who: Vec<String> = team
                .officers
                .iter()
                .map(|o| names.get(o).cloned().unwrap_or_default())
                .collect();
            q = q
                .bind(team.code.clone())
                .bind(team.stratum.clone())
                .bind(serde_json::to_string(&team.officers).unwrap_or_else(|_| "[]".into()))
                .bind(who.join("、"));
        }
        q.execute(tx.conn()).await?;
    }
    let text = serde_json::to_string(&export).map_err(|e| Error::Internal(e.to_string()))?;
    sqlx::query("UPDATE sampling_tasks SET status = 'drawn', export = $1, drawn_at = $2, updated_at = $3 WHERE id = $4")
        .bind(text)
        .bind(at)
        .bind(now_ms())
        .bind(task_id)
        .execute(tx.conn())
        .await?;
    let after = serde_json::json!({"seed": export.seed, "selected": export.selected, "teams": export.teams.len()});
    tx.record(Event {
        action: "sampling.task.draw",
        object_type: "sampling_task",
        object_id: task_id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("公开种子并抽取 {} 个检查对象", export.teams.len()),
    })
    .await?;
    Ok(export)
}

/// Commits a task of the caller's lead department with a fresh random seed.
pub async fn commit_task(db: &Db, who: &Principal, task_id: i64) -> Result<()> {
    require_lead(db, who, task_id).await?;
    let seed: [u8; 32] = rand::random();
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    commit_in_tx(&mut tx, &who.region, task_id, &seed, now_ms()).await?;
    tx.commit().await
}

/// Draws a committed task of the caller's lead department.
pub async fn draw_task(db: &Db, who: &Principal, task_id: i64) -> Result<DrawExport> {
    require_lead(db, who, task_id).await?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let e = draw_in_tx(&mut tx, &who.region, task_id, now_ms()).await?;
    tx.commit().await?;
    Ok(e)
}

/// Ids of the tasks of one plan, for filtering the task list by plan.
pub async fn task_ids_of_plan(db: &Db, who: &Principal, plan: i64) -> Result<Vec<i64>> {
    who.require(Permission::ViewSampling)?;
    let rows = sqlx::query_as::<_, (i64,)>(
        "SELECT id FROM sampling_tasks WHERE plan_id = $1 AND region_code = $2",
    )
    .bind(plan)
    .bind(who.region.clone())
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// The task an inspection belongs to.
pub async fn task_of_inspection(db: &Db, who: &Principal, inspection: i64) -> Result<i64> {
    who.require(Permission::ViewSampling)?;
    sqlx::query_as::<_, (i64,)>("SELECT task_id FROM sampling_inspections WHERE id = $1")
        .bind(inspection)
        .fetch_optional(db.pool())
        .await?
        .map(|(t,)| t)
        .ok_or_else(|| Error::not_found("inspection"))
}

/// The published 行政检查 items (code, name) of a department and the bodies below it: the
/// matters a task of that department may inspect.
pub async fn inspection_matters(
    db: &Db,
    who: &Principal,
    department: i64,
) -> Result<Vec<(String, String)>> {
    who.require(Permission::ViewSampling)?;
    let rows = sqlx::query(
        "SELECT p.code, p.name FROM power_items p WHERE p.region_code = $1 AND p.category = 'JC' \
         AND p.status = 'active' AND p.department_id IN \
         (SELECT descendant_id FROM department_closure WHERE ancestor_id = $2) ORDER BY p.code",
    )
    .bind(who.region.clone())
    .bind(department)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("code")?, r.try_get("name")?)))
        .collect()
}
