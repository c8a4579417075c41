//! 执法公示: penalty decisions published on the portal (第四十八条 第一款), within seven
//! working days of the decision (国办发〔2018〕118号), personal information masked
//! (第五十条, 个人信息保护法); withdrawn within three working days when the decision is changed,
//! revoked or held unlawful or void (第四十八条 第二款, 第八十五条).

use crate::cases::DisclosureStatus;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::Row;

use super::deadlines;
use super::records::{CaseOutcome, CaseRow, load_case};
use super::rules::PartyKind;
use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal};
use crate::calendar::HolidayCalendar;
use crate::db::{Bind, Db, Filter};
use crate::money::Money;
use crate::time::now_ms;
use crate::{Code, Error, Result};

/// What the portal shows of a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicDecision {
    pub decision_no: String,
    pub department: String,
    /// Organisations by name; citizens masked (张某某).
    pub party: String,
    /// Unified social credit code of an organisation; empty for citizens.
    pub party_code: String,
    pub violation: String,
    pub basis: String,
    pub penalty: String,
    pub decided_on: String,
}

/// Masks a natural person's name: the surname stays (张某某, 欧阳某某 for two-character
/// surnames is not guessed: the first character only).
pub fn mask_person(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        Some(first) => {
            let rest = chars.count().max(1);
            format!("{first}{}", "某".repeat(rest))
        }
        None => String::new(),
    }
}

/// The public text of a decided case.
pub fn public_decision(c: &CaseRow) -> PublicDecision {
    let (party, party_code) = match c.party_kind {
        PartyKind::Citizen => (mask_person(&c.party_name), String::new()),
        PartyKind::Organisation => (c.party_name.clone(), c.party_code.clone()),
    };
    let mut penalty = Vec::new();
    if c.warning {
        penalty.push("警告".to_string());
    }
    if c.fine_fen > 0 {
        penalty.push(format!(
            "罚款 {}",
            Money::from_fen(c.fine_fen).format_yuan()
        ));
    }
    if c.confiscation_fen > 0 {
        penalty.push(format!(
            "没收违法所得 {}",
            Money::from_fen(c.confiscation_fen).format_yuan()
        ));
    }
    if !c.other_measures.trim().is_empty() {
        penalty.push(c.other_measures.trim().to_string());
    }
    PublicDecision {
        decision_no: c.decision_no.clone().unwrap_or_default(),
        department: c.department.clone(),
        party,
        party_code,
        violation: c.violation.clone(),
        basis: c.penalised.clone(),
        penalty: penalty.join("；"),
        decided_on: c.decided_on.map(|d| d.to_string()).unwrap_or_default(),
    }
}

/// Publishes the decision of a case on the portal.
pub async fn publish(
    db: &Db,
    who: &Principal,
    cal: &HolidayCalendar,
    case_id: i64,
    on: NaiveDate,
) -> Result<()> {
    who.require(Permission::ApproveCases)?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let c = load_case(tx.conn(), &who.region, case_id).await?;
    if !who.covers_department(db, c.department_id).await? {
        return Err(Error::not_found("case"));
    }
    publish_in_tx(&mut tx, who, cal, &c, on).await?;
    tx.commit().await
}

/// Publishes the decision inside the caller's transaction (no permission check: callers
/// check; the demo publishes many per transaction).
pub async fn publish_in_tx(
    tx: &mut AuditedTx,
    who: &Principal,
    cal: &HolidayCalendar,
    c: &CaseRow,
    on: NaiveDate,
) -> Result<()> {
    let Some(decided_on) = c.decided_on else {
        return Err(Error::of(Code::CasesDiscloseUndecided));
    };
    if c.outcome != CaseOutcome::Penalty {
        return Err(Error::of(Code::CasesDiscloseNoPenalty));
    }
    if c.disclosure_status == DisclosureStatus::Published {
        return Err(Error::of(Code::CasesDisclosedAlready));
    }
    if on < decided_on || on > crate::time::today() {
        return Err(Error::of(Code::CasesDiscloseDate).for_field("on"));
    }
    let due = match c.disclosure_due {
        Some(d) => d,
        None => {
            deadlines::disclosure_deadline(cal, decided_on)
                .map_err(|e| Error::domain_invalid(e.code(), "on", e.message_zh(), e.message_en()))?
                .deadline
                .date
        }
    };
    let content = public_decision(c);
    let body = serde_json::to_string(&content).map_err(|e| Error::Internal(e.to_string()))?;
    sqlx::query(
        "INSERT INTO case_disclosures (region_code, case_id, department_id, decision_no, decided_on, due_on, published_on, on_time, status, content, created_at) \
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'published',$9,$10)",
    )
    .bind(who.region.clone())
    .bind(c.id)
    .bind(c.department_id)
    .bind(content.decision_no.clone())
    .bind(decided_on.to_string())
    .bind(due.to_string())
    .bind(on.to_string())
    .bind(i64::from(on <= due))
    .bind(body)
    .bind(now_ms())
    .execute(tx.conn())
    .await?;
    sqlx::query("UPDATE cases SET disclosure_status = 'published', disclosed_on = $1, updated_at = $2 WHERE id = $3")
        .bind(on.to_string())
        .bind(now_ms())
        .bind(c.id)
        .execute(tx.conn())
        .await?;
    sqlx::query("UPDATE case_tasks SET status = 'done', done_at = $1, done_by = $2 WHERE case_id = $3 AND kind = 'disclose' AND status = 'open'")
        .bind(now_ms())
        .bind(who.actor().name)
        .bind(c.id)
        .execute(tx.conn())
        .await?;
    super::workflow::step_row(
        tx.conn(),
        &who.region,
        c.id,
        on,
        &who.actor().name,
        "disclose",
        c.stage,
        c.stage,
        &[],
        if on <= due {
            "按期公示"
        } else {
            "逾期公示"
        },
        &[],
    )
    .await?;
    let after = json!({"decision_no": content.decision_no, "published_on": on.to_string(), "on_time": on <= due});
    tx.record(Event {
        action: "case.disclose",
        object_type: "case",
        object_id: c.id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("公示行政处罚决定 {}", content.decision_no),
    })
    .await?;
    Ok(())
}

/// Withdraws a published decision (changed, revoked, held unlawful or void), with the reason
/// that the portal shows (第四十八条 第二款).
pub async fn withdraw(
    db: &Db,
    who: &Principal,
    cal: &HolidayCalendar,
    case_id: i64,
    changed_on: NaiveDate,
    on: NaiveDate,
    reason: &str,
) -> Result<()> {
    who.require(Permission::ApproveCases)?;
    if reason.trim().is_empty() {
        return Err(Error::of(Code::CasesWithdrawReason).for_field("reason"));
    }
    if on < changed_on || on > crate::time::today() {
        return Err(Error::of(Code::CasesWithdrawDate).for_field("on"));
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let c = load_case(tx.conn(), &who.region, case_id).await?;
    if !who.covers_department(db, c.department_id).await? {
        return Err(Error::not_found("case"));
    }
    let due = deadlines::withdrawal_deadline(cal, changed_on)
        .map_err(|e| Error::domain_invalid(e.code(), "on", e.message_zh(), e.message_en()))?
        .deadline
        .date;
    let n = sqlx::query(
        "UPDATE case_disclosures SET status = 'withdrawn', withdrawn_on = $1, withdraw_due = $2, withdraw_reason = $3 \
         WHERE case_id = $4 AND status = 'published'",
    )
    .bind(on.to_string())
    .bind(due.to_string())
    .bind(reason.trim().to_string())
    .bind(case_id)
    .execute(tx.conn())
    .await?
    .rows_affected();
    if n == 0 {
        return Err(Error::of(Code::CasesNotPublished));
    }
    sqlx::query("UPDATE cases SET disclosure_status = 'withdrawn', updated_at = $1 WHERE id = $2")
        .bind(now_ms())
        .bind(case_id)
        .execute(tx.conn())
        .await?;
    super::workflow::step_row(
        tx.conn(),
        &who.region,
        case_id,
        on,
        &who.actor().name,
        "withdraw",
        c.stage,
        c.stage,
        &[],
        reason.trim(),
        &[],
    )
    .await?;
    let after =
        json!({"withdrawn_on": on.to_string(), "due": due.to_string(), "reason": reason.trim()});
    tx.record(Event {
        action: "case.withdraw_disclosure",
        object_type: "case",
        object_id: case_id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("撤回处罚决定公示：{}", reason.trim()),
    })
    .await?;
    tx.commit().await
}

/// A published (or withdrawn) decision as the portal lists it.
#[derive(Debug, Clone, Serialize)]
pub struct DisclosureRow {
    pub id: i64,
    pub case_id: i64,
    pub status: String,
    pub published_on: String,
    pub due_on: String,
    pub on_time: bool,
    pub withdrawn_on: Option<String>,
    pub withdraw_reason: String,
    pub content: PublicDecision,
}

/// Public list (no login): newest first, (total capped, rows).
pub async fn list_public(
    db: &Db,
    region: &str,
    q: &str,
    page: i64,
) -> Result<(i64, Vec<DisclosureRow>)> {
    let mut f = Filter::new();
    f.and("s.region_code = ?", [Bind::Text(region.to_string())]);
    let kw = q.trim();
    if !kw.is_empty() {
        let like = format!("%{}%", kw.replace(['%', '_'], ""));
        f.and(
            "(s.decision_no LIKE ? OR s.content LIKE ?)",
            [Bind::Text(like.clone()), Bind::Text(like)],
        );
    }
    list(db, f, page).await
}

async fn list(db: &Db, f: Filter, page: i64) -> Result<(i64, Vec<DisclosureRow>)> {
    let n = f.next_index();
    let total: i64 = f
        .bind(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM (SELECT 1 FROM case_disclosures s{} LIMIT ${n}) t",
            f.where_sql()
        ))))
        .bind(super::queries::COUNT_CAP + 1)
        .fetch_one(db.pool())
        .await?
        .try_get(0)?;
    let page = page.max(1);
    let rows = f
        .bind(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT s.id, s.case_id, s.status, s.published_on, s.due_on, s.on_time, s.withdrawn_on, s.withdraw_reason, s.content \
             FROM case_disclosures s{} ORDER BY s.published_on DESC, s.id DESC LIMIT ${n} OFFSET ${}",
            f.where_sql(),
            n + 1
        ))))
        .bind(super::queries::PAGE_SIZE)
        .bind((page - 1) * super::queries::PAGE_SIZE)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|r| {
            let content: String = r.try_get(8)?;
            Ok(DisclosureRow {
                id: r.try_get(0)?,
                case_id: r.try_get(1)?,
                status: r.try_get(2)?,
                published_on: r.try_get(3)?,
                due_on: r.try_get(4)?,
                on_time: r.try_get::<i64, _>(5)? != 0,
                withdrawn_on: r.try_get(6)?,
                withdraw_reason: r.try_get(7)?,
                content: serde_json::from_str(&content)
                    .map_err(|e| Error::Internal(format!("disclosure content: {e}")))?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((total, rows))
}

/// A decision whose publication is overdue (flagged to the supervisor).
#[derive(Debug, Clone, Serialize)]
pub struct OverdueRow {
    pub case_id: i64,
    pub case_no: String,
    pub decision_no: String,
    pub department: String,
    pub decided_on: String,
    pub due_on: String,
}

/// Penalty decisions of the caller's scope not published by their due day (as of `today`).
pub async fn overdue(db: &Db, who: &Principal, today: NaiveDate) -> Result<Vec<OverdueRow>> {
    who.require(Permission::ViewCases)?;
    let b = who.scope_binds();
    let rows = sqlx::query(
        "SELECT c.id, c.case_no, COALESCE(c.decision_no, ''), d.name, c.decided_on, c.disclosure_due FROM cases c JOIN departments d ON d.id = c.department_id \
         WHERE c.region_code = $1 AND c.outcome = 'penalty' AND c.disclosed_on IS NULL AND c.disclosure_due < $2 \
         AND ($3 = 1 OR c.department_id IN (SELECT descendant_id FROM department_closure WHERE ancestor_id = $4 AND depth <= $5)) \
         ORDER BY c.disclosure_due LIMIT 200",
    )
    .bind(who.region.clone())
    .bind(today.to_string())
    .bind(b.all)
    .bind(b.anchor)
    .bind(b.max_depth)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(OverdueRow {
                case_id: r.try_get(0)?,
                case_no: r.try_get(1)?,
                decision_no: r.try_get(2)?,
                department: r.try_get(3)?,
                decided_on: r.try_get(4)?,
                due_on: r.try_get(5)?,
            })
        })
        .collect()
}

/// Whether a decision is to be disclosed (第四十八条 第一款 "具有一定社会影响的行政处罚决定"):
/// a penalty; under the body's disclosure scope, not a summary-procedure decision nor a
/// warning alone unless its rule says so (市场监督管理行政处罚信息公示规定 第二条: "对适用普通程序
/// 作出行政处罚决定的相关信息…公示。仅受到警告行政处罚的不予公示"). The workflow opens the
/// disclosure task on it; the supervision checks ask the same.
pub fn disclosure_required(c: &super::CaseRow, params: &crate::procedure::ProcedureParams) -> bool {
    use crate::procedure::ParamKey;
    if c.outcome != super::CaseOutcome::Penalty {
        return false;
    }
    if c.procedure == super::Procedure::Summary && !params.flag(ParamKey::DiscloseSummary) {
        return false;
    }
    let warning_only = c.warning
        && c.fine_fen == 0
        && c.confiscation_fen == 0
        && c.other_measures.trim().is_empty();
    !warning_only || params.flag(ParamKey::DiscloseWarningOnly)
}
