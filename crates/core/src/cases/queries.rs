//! Reading cases: lists within the data scope, the workbench queues, the case file (timeline,
//! evidence, instruments, tasks) and the yearly figures — every figure a count of records.

use serde::Serialize;
use sqlx::Row;

use super::records::{CASE_COLS, CASE_FROM, CaseRow, Procedure, load_case, row_to_case};
use crate::auth::{Permission, Principal, Role};
use crate::db::json::decode;
use crate::db::{Bind, Db, Filter};
use crate::{Error, Result};

/// Page size of case lists.
pub const PAGE_SIZE: i64 = 20;
/// Counts stop here: "10000+" is what a person needs, and it keeps lists fast on big tables.
pub const COUNT_CAP: i64 = 10_000;

/// Filter of case lists.
#[derive(Debug, Clone, Default)]
pub struct CaseQuery {
    pub stage: Option<String>,
    pub procedure: Option<Procedure>,
    pub department_id: Option<i64>,
    pub year: Option<i32>,
    /// Case number, decision number or party name.
    pub q: String,
    pub page: i64,
}

/// The filters of a case list. `for_count` leaves out the region when the scope is a
/// department tree: departments belong to one region, and without it the planner counts on
/// the department index instead of walking the whole region (measured on 1,000,000 cases).
fn case_filter(who: &Principal, q: &CaseQuery, for_count: bool) -> Filter {
    let mut f = Filter::new();
    let b = who.scope_binds();
    if b.all != 1 && b.max_depth == 0 {
        // One department: its own index gives both the count and the newest-first order.
        f.and("c.department_id = ?", [Bind::Int(b.anchor)]);
    } else if b.all == 1 || !for_count {
        f.and("c.region_code = ?", [Bind::Text(who.region.clone())]);
    }
    if b.all != 1 && b.max_depth != 0 {
        f.and(
            "c.department_id IN (SELECT descendant_id FROM department_closure WHERE ancestor_id = ? AND depth <= ?)",
            [Bind::Int(b.anchor), Bind::Int(b.max_depth)],
        );
    }
    if let Some(s) = q.stage.as_deref().filter(|s| !s.is_empty()) {
        f.and("c.stage = ?", [Bind::Text(s.to_string())]);
    }
    if let Some(p) = q.procedure {
        f.and("c.procedure = ?", [Bind::Text(p.as_str().into())]);
    }
    if let Some(d) = q.department_id {
        f.and("c.department_id = ?", [Bind::Int(d)]);
    }
    if let Some(y) = q.year {
        f.and(
            "c.lead_on >= ? AND c.lead_on < ?",
            [
                Bind::Text(format!("{y}-01-01")),
                Bind::Text(format!("{}-01-01", y + 1)),
            ],
        );
    }
    let kw = q.q.trim();
    if !kw.is_empty() {
        let like = format!("%{}%", kw.replace(['%', '_'], ""));
        f.and(
            "(c.case_no LIKE ? OR c.decision_no LIKE ? OR c.party_name LIKE ?)",
            [
                Bind::Text(like.clone()),
                Bind::Text(like.clone()),
                Bind::Text(like),
            ],
        );
    }
    f
}

/// Cases of the caller's scope, newest first: (total capped at [`COUNT_CAP`], rows).
pub async fn list_cases(db: &Db, who: &Principal, q: &CaseQuery) -> Result<(i64, Vec<CaseRow>)> {
    who.require(Permission::ViewCases)?;
    let fc = case_filter(who, q, true);
    let n = fc.next_index();
    let total: i64 = fc
        .bind(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM (SELECT 1 FROM cases c{} LIMIT ${n}) t",
            fc.where_sql()
        ))))
        .bind(COUNT_CAP + 1)
        .fetch_one(db.pool())
        .await?
        .try_get(0)?;
    let f = case_filter(who, q, false);
    let n = f.next_index();
    let page = q.page.max(1);
    let rows = f
        .bind(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {CASE_COLS} FROM {CASE_FROM}{} ORDER BY c.id DESC LIMIT ${n} OFFSET ${}",
            f.where_sql(),
            n + 1
        ))))
        .bind(PAGE_SIZE)
        .bind((page - 1) * PAGE_SIZE)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(row_to_case)
        .collect::<Result<Vec<_>>>()?;
    Ok((total, rows))
}

/// One step of the whole-process record.
#[derive(Debug, Clone, Serialize)]
pub struct StepRow {
    pub id: i64,
    pub at: i64,
    pub on: String,
    pub actor: String,
    pub action: String,
    pub from_stage: String,
    pub to_stage: String,
    pub officers: Vec<i64>,
    pub note: String,
    pub digests: Vec<String>,
}

/// One evidence file (without its content).
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub media_type: String,
    pub size: i64,
    pub sm3: String,
    pub collected_on: String,
    pub collected_by: String,
}

/// One open or finished task.
#[derive(Debug, Clone, Serialize)]
pub struct TaskRow {
    pub id: i64,
    pub case_id: i64,
    pub case_no: String,
    pub party_name: String,
    pub violation: String,
    pub department: String,
    pub kind: String,
    pub queue: String,
    pub status: String,
    pub due_on: Option<String>,
}

/// The case file: the case and its record.
#[derive(Debug, Clone, Serialize)]
pub struct CaseFile {
    pub case: CaseRow,
    pub steps: Vec<StepRow>,
    pub evidence: Vec<EvidenceRow>,
    pub tasks: Vec<TaskRow>,
    /// Officers of the team: (id, name, card number).
    pub team: Vec<(i64, String, String)>,
}

/// One case of the caller's scope with its whole-process record.
pub async fn get_case(db: &Db, who: &Principal, id: i64) -> Result<CaseFile> {
    who.require(Permission::ViewCases)?;
    let mut conn = db.pool().acquire().await?;
    let case = load_case(&mut conn, &who.region, id).await?;
    drop(conn);
    if !who.covers_department(db, case.department_id).await? {
        return Err(Error::not_found("case"));
    }
    let steps = sqlx::query(
        "SELECT id, at, on_date, actor, action, from_stage, to_stage, officers, note, digests FROM case_steps WHERE case_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| {
        Ok(StepRow {
            id: r.try_get(0)?,
            at: r.try_get(1)?,
            on: r.try_get(2)?,
            actor: r.try_get(3)?,
            action: r.try_get(4)?,
            from_stage: r.try_get(5)?,
            to_stage: r.try_get(6)?,
            officers: decode(&r.try_get::<String, _>(7)?, "case_steps.officers")?,
            note: r.try_get(8)?,
            digests: decode(&r.try_get::<String, _>(9)?, "case_steps.digests")?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    let evidence = sqlx::query(
        "SELECT id, name, kind, media_type, size, sm3, collected_on, collected_by FROM case_evidence WHERE case_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| {
        Ok(EvidenceRow {
            id: r.try_get(0)?,
            name: r.try_get(1)?,
            kind: r.try_get(2)?,
            media_type: r.try_get(3)?,
            size: r.try_get(4)?,
            sm3: r.try_get(5)?,
            collected_on: r.try_get(6)?,
            collected_by: r.try_get(7)?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    let tasks = task_rows(
        db,
        &format!("{TASK_SELECT} WHERE t.case_id = $1 ORDER BY t.id"),
        &[Bind::Int(id)],
    )
    .await?;
    let mut team = Vec::new();
    for &o in &case.officers {
        let r = sqlx::query(
            "SELECT o.name, COALESCE((SELECT c.card_no FROM enforcement_cards c WHERE c.officer_id = o.id ORDER BY c.valid_until DESC LIMIT 1), '') \
             FROM officers o WHERE o.id = $1",
        )
        .bind(o)
        .fetch_optional(db.pool())
        .await?;
        if let Some(r) = r {
            team.push((o, r.try_get(0)?, r.try_get(1)?));
        }
    }
    Ok(CaseFile {
        case,
        steps,
        evidence,
        tasks,
        team,
    })
}

/// Evidence content, for download (same scope rule as the case).
pub async fn evidence_content(
    db: &Db,
    who: &Principal,
    case_id: i64,
    evidence_id: i64,
) -> Result<(String, String, Vec<u8>)> {
    let file = get_case(db, who, case_id).await?;
    if !file.evidence.iter().any(|e| e.id == evidence_id) {
        return Err(Error::not_found("evidence"));
    }
    let r = sqlx::query(
        "SELECT name, media_type, content FROM case_evidence WHERE id = $1 AND case_id = $2",
    )
    .bind(evidence_id)
    .bind(case_id)
    .fetch_one(db.pool())
    .await?;
    Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))
}

/// Task columns over a limited set of task ids `k` (joined after the limit, so that sorting
/// reads the narrow task index only).
const TASK_SELECT: &str = "SELECT t.id, t.case_id, c.case_no, c.party_name, c.violation, d.name, t.kind, t.queue, t.status, t.due_on \
    FROM case_tasks t JOIN cases c ON c.id = t.case_id JOIN departments d ON d.id = t.department_id";

async fn task_rows(db: &Db, sql: &str, binds: &[Bind]) -> Result<Vec<TaskRow>> {
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.to_string()));
    for b in binds {
        q = match b {
            Bind::Int(i) => q.bind(*i),
            Bind::Text(t) => q.bind(t.clone()),
        };
    }
    q.fetch_all(db.pool())
        .await?
        .iter()
        .map(|r| {
            Ok(TaskRow {
                id: r.try_get(0)?,
                case_id: r.try_get(1)?,
                case_no: r.try_get(2)?,
                party_name: r.try_get(3)?,
                violation: r.try_get(4)?,
                department: r.try_get(5)?,
                kind: r.try_get(6)?,
                queue: r.try_get(7)?,
                status: r.try_get(8)?,
                due_on: r.try_get(9)?,
            })
        })
        .collect()
}

/// Workbench size.
pub const WORKBENCH_LIMIT: i64 = 50;

/// Open tasks waiting for the caller, soonest due first: an officer's own cases; the head's
/// approvals in the department tree; the legal reviewer's queue.
pub async fn workbench(db: &Db, who: &Principal) -> Result<Vec<TaskRow>> {
    who.require(Permission::ViewCases)?;
    let b = who.scope_binds();
    let queue = match who.role {
        Role::Officer => "queue = 'officer' AND assignee_user = $1",
        Role::DeptAdmin => "(queue = 'head' OR (queue = 'officer' AND assignee_user = $1))",
        // `$1 = $1` keeps the placeholder numbering of the other queues.
        Role::LegalReviewer => "queue = 'legal' AND $1 = $1",
        _ => return Ok(Vec::new()),
    };
    let order = "CASE WHEN due_on IS NULL THEN 1 ELSE 0 END, due_on, id";
    let sql = format!(
        "{TASK_SELECT} WHERE t.id IN (SELECT id FROM case_tasks WHERE status = 'open' AND {queue} \
         AND department_id IN (SELECT descendant_id FROM department_closure WHERE ancestor_id = $2 AND depth <= $3) \
         ORDER BY {order} LIMIT $4) ORDER BY CASE WHEN t.due_on IS NULL THEN 1 ELSE 0 END, t.due_on, t.id"
    );
    task_rows(
        db,
        &sql,
        &[
            Bind::Int(who.user_id),
            Bind::Int(b.anchor),
            Bind::Int(b.max_depth),
            Bind::Int(WORKBENCH_LIMIT),
        ],
    )
    .await
}

/// Figures of a year, counted from the records (`fazhi cases stats`).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct CaseStats {
    pub year: i32,
    /// Cases filed in the year (general procedure) or decided on the spot (summary).
    pub cases_filed: i64,
    pub cases_decided: i64,
    pub by_procedure: ProcedureCounts,
    pub leniency: LeniencyCounts,
    pub legal_reviews: LegalReviewCounts,
    pub hearings: HearingCounts,
    pub disclosures: DisclosureCounts,
    pub deadlines: DeadlineCounts,
    /// Fines decided, fen.
    pub fines_fen: i64,
    /// Surcharges collected under 第七十二条, fen.
    pub surcharges_fen: i64,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct ProcedureCounts {
    pub general: i64,
    pub summary: i64,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct LeniencyCounts {
    /// Decisions not to punish.
    pub no_penalty: i64,
    /// Penalties decided although a waiver was possible (with a reason and review).
    pub penalty_despite_leniency: i64,
    /// Penalties under 应当/可以从轻或者减轻.
    pub mitigated: i64,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct LegalReviewCounts {
    pub required: i64,
    pub done: i64,
    /// Decided cases that required a review and have none passed (must be zero).
    pub missing: i64,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct HearingCounts {
    pub right_given: i64,
    pub requested: i64,
    pub held: i64,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct DisclosureCounts {
    pub due: i64,
    pub published: i64,
    pub on_time: i64,
    pub late: i64,
    /// Due and not yet published.
    pub pending: i64,
    pub withdrawn: i64,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct DeadlineCounts {
    /// Decisions made within the 90 days of 第六十条 (plus approved extensions).
    pub decided_in_time: i64,
    pub decided_late: i64,
}

async fn count(db: &Db, sql: &str, region: &str, year: i32) -> Result<i64> {
    let from = format!("{year}-01-01");
    let to = format!("{}-01-01", year + 1);
    Ok(sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .bind(region.to_string())
        .bind(from)
        .bind(to)
        .fetch_one(db.pool())
        .await?
        .try_get::<Option<i64>, _>(0)?
        .unwrap_or(0))
}

/// The figures of a year for a region (operators' CLI and the supervisor's page).
pub async fn stats(db: &Db, region: &str, year: i32) -> Result<CaseStats> {
    let decided = "FROM cases WHERE region_code = $1 AND decided_on >= $2 AND decided_on < $3";
    let c = |tail: &str| format!("SELECT CAST(COUNT(*) AS BIGINT) {decided}{tail}");
    let mut s = CaseStats {
        year,
        ..CaseStats::default()
    };
    s.cases_filed = count(
        db,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM cases WHERE region_code = $1 AND filed_on >= $2 AND filed_on < $3",
        region,
        year,
    )
    .await?;
    s.cases_decided = count(db, &c(""), region, year).await?;
    s.by_procedure.general = count(db, &c(" AND procedure = 'general'"), region, year).await?;
    s.by_procedure.summary = count(db, &c(" AND procedure = 'summary'"), region, year).await?;
    s.leniency.no_penalty = count(db, &c(" AND outcome = 'no_penalty'"), region, year).await?;
    s.leniency.penalty_despite_leniency = count(
        db,
        &c(" AND outcome = 'penalty' AND legal_review_grounds LIKE '%penalty_despite_leniency%'"),
        region,
        year,
    )
    .await?;
    s.leniency.mitigated = count(
        db,
        &c(" AND outcome = 'penalty' AND leniency_outcome IN ('must_mitigate', 'may_mitigate')"),
        region,
        year,
    )
    .await?;
    s.legal_reviews.required =
        count(db, &c(" AND legal_review_required = 1"), region, year).await?;
    s.legal_reviews.done =
        count(db, &c(" AND legal_review_result = 'passed'"), region, year).await?;
    s.legal_reviews.missing = count(
        db,
        &c(" AND legal_review_required = 1 AND legal_review_result <> 'passed'"),
        region,
        year,
    )
    .await?;
    s.hearings.right_given = count(db, &c(" AND hearing_right = 1"), region, year).await?;
    s.hearings.requested = count(db, &c(" AND hearing_requested = 1"), region, year).await?;
    s.hearings.held = count(db, &c(" AND hearing_held = 1"), region, year).await?;
    s.disclosures.due = count(db, &c(" AND outcome = 'penalty'"), region, year).await?;
    s.disclosures.published = count(
        db,
        &c(" AND disclosure_status IN ('published', 'withdrawn')"),
        region,
        year,
    )
    .await?;
    s.disclosures.on_time = count(
        db,
        &c(" AND disclosed_on IS NOT NULL AND disclosed_on <= disclosure_due"),
        region,
        year,
    )
    .await?;
    s.disclosures.late = count(
        db,
        &c(" AND disclosed_on IS NOT NULL AND disclosed_on > disclosure_due"),
        region,
        year,
    )
    .await?;
    s.disclosures.pending = count(
        db,
        &c(" AND outcome = 'penalty' AND disclosed_on IS NULL"),
        region,
        year,
    )
    .await?;
    s.disclosures.withdrawn =
        count(db, &c(" AND disclosure_status = 'withdrawn'"), region, year).await?;
    s.deadlines.decided_in_time = count(
        db,
        &c(" AND (decision_due IS NULL OR decided_on <= decision_due)"),
        region,
        year,
    )
    .await?;
    s.deadlines.decided_late =
        count(db, &c(" AND decided_on > decision_due"), region, year).await?;
    s.fines_fen = count(
        db,
        &format!("SELECT CAST(SUM(fine_fen) AS BIGINT) {decided}"),
        region,
        year,
    )
    .await?;
    s.surcharges_fen = count(
        db,
        &format!("SELECT CAST(SUM(surcharge_fen) AS BIGINT) {decided}"),
        region,
        year,
    )
    .await?;
    Ok(s)
}

/// District figures for a principal: only accounts whose scope is the whole district (the
/// Justice Bureau's supervisors) see them.
pub async fn stats_for(db: &Db, who: &Principal, year: i32) -> Result<CaseStats> {
    who.require(Permission::ViewCases)?;
    if who.scope_binds().all != 1 {
        return Err(Error::forbidden(
            "全区案件统计仅对全区数据权限的监督人员开放。",
            "District case figures are open to district-scope supervisors only.",
        ));
    }
    stats(db, &who.region, year).await
}

/// A violation a case may be registered under: an active penalty item of the body (or of a
/// body above it) and one of its violations.
#[derive(Debug, Clone, Serialize)]
pub struct ViolationChoice {
    pub power_code: String,
    pub power_name: String,
    pub violation: String,
    pub penalised: String,
    /// Provisions violated (the lead form warns when any has left force).
    pub violated: Vec<String>,
    pub tiers: Vec<String>,
}

/// Violations of the active penalty items that apply to a department (at most 400).
pub async fn violation_choices(
    db: &Db,
    who: &Principal,
    department_id: i64,
) -> Result<Vec<ViolationChoice>> {
    who.require(Permission::ViewCases)?;
    if !who.covers_department(db, department_id).await? {
        return Err(Error::not_found("department"));
    }
    let rows = sqlx::query(
        "SELECT i.code, i.name, i.body FROM power_items i WHERE i.region_code = $1 AND i.category = 'CF' AND i.status = 'active' \
         AND i.department_id IN (SELECT ancestor_id FROM department_closure WHERE descendant_id = $2) ORDER BY i.code LIMIT 200",
    )
    .bind(who.region.clone())
    .bind(department_id)
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::new();
    for r in &rows {
        let code: String = r.try_get(0)?;
        let name: String = r.try_get(1)?;
        let body: String = r.try_get(2)?;
        let Ok(item) = serde_json::from_str::<crate::powers::PowerItem>(&body) else {
            continue;
        };
        for v in item.violations {
            out.push(ViolationChoice {
                power_code: code.clone(),
                power_name: name.clone(),
                violation: v.name.clone(),
                penalised: v.penalised.clone(),
                violated: v.violated.clone(),
                tiers: v.discretion.tiers.iter().map(|t| t.name.clone()).collect(),
            });
        }
        if out.len() >= 400 {
            break;
        }
    }
    Ok(out)
}

/// An officer who may join a case team, with the card that decides (第四十二条).
#[derive(Debug, Clone, Serialize)]
pub struct TeamCandidate {
    pub id: i64,
    pub name: String,
    pub card_no: String,
    pub valid_until: String,
    pub status: String,
}

/// Officers of a department and the bodies below it (at most 300), with their latest card.
pub async fn team_candidates(
    db: &Db,
    who: &Principal,
    department_id: i64,
) -> Result<Vec<TeamCandidate>> {
    who.require(Permission::ViewCases)?;
    if !who.covers_department(db, department_id).await? {
        return Err(Error::not_found("department"));
    }
    let rows = sqlx::query(
        "SELECT o.id, o.name, COALESCE(c.card_no, ''), COALESCE(c.valid_until, ''), COALESCE(c.status, '') FROM officers o \
         LEFT JOIN enforcement_cards c ON c.id = (SELECT c2.id FROM enforcement_cards c2 WHERE c2.officer_id = o.id ORDER BY c2.valid_until DESC LIMIT 1) \
         WHERE o.department_id IN (SELECT descendant_id FROM department_closure WHERE ancestor_id = $1) ORDER BY o.id LIMIT 300",
    )
    .bind(department_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(TeamCandidate {
                id: r.try_get(0)?,
                name: r.try_get(1)?,
                card_no: r.try_get(2)?,
                valid_until: r.try_get(3)?,
                status: r.try_get(4)?,
            })
        })
        .collect()
}

/// Ids of closed cases of a region, oldest first (benchmarks and batch checks; no principal:
/// operators' tools only).
pub async fn closed_case_ids(db: &Db, region: &str, limit: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM cases WHERE region_code = $1 AND status = 'closed' ORDER BY id LIMIT $2",
    )
    .bind(region.to_string())
    .bind(limit.clamp(1, 1_000_000))
    .fetch_all(db.pool())
    .await?)
}
