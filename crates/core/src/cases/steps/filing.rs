//! Steps from the lead to the investigation report: 立案 / 不予立案, 调查取证, 调查终结, and
//! the extension of the decision period.

use super::super::assessment;
use super::super::deadlines;
use super::super::records::{Circumstances, Procedure, Proposal};
use super::super::state::{Action, Stage};
use super::super::workflow::{cal_err, refusal, require_text, write_assessment};
use super::super::{CaseRow, Refusal};
use super::{Cx, Done, StepKind};
use crate::time::now_ms;
use crate::{Code, Error, Result};

/// 立案 and 不予立案 are offered in the general procedure only (a summary case is decided on
/// the spot, 第五十一条).
pub(super) fn general(c: &CaseRow) -> bool {
    c.procedure != Procedure::Summary
}

/// Offered between filing and the decision; [`extend`] checks the body's limit.
pub(super) fn extensible(c: &CaseRow) -> bool {
    c.filed_on.is_some() && c.decided_on.is_none()
}

/// 立案: the decision period of 第六十条 starts; the officers investigate.
pub(super) async fn file(cx: &mut Cx<'_>, note: &str) -> Result<Done> {
    let (c, on) = (cx.c, cx.on);
    let params = crate::procedure::params_in(cx.conn, cx.region, c.department_id, on).await?;
    let due = deadlines::decision_deadline_with(
        cx.cal,
        on,
        params.days(crate::procedure::ParamKey::DecisionDays),
        0,
    )
    .map_err(cal_err)?
    .deadline
    .date;
    sqlx::query("UPDATE cases SET stage = $1, filed_on = $2, decision_due = $3, updated_at = $4 WHERE id = $5")
        .bind(cx.to.as_str())
        .bind(on.to_string())
        .bind(due.to_string())
        .bind(now_ms())
        .bind(c.id)
        .execute(&mut *cx.conn)
        .await?;
    cx.open(StepKind::Investigate, Some(due)).await?;
    Ok(Done {
        note: note.to_string(),
        assessed: None,
    })
}

/// 不予立案: the case ends here, with the head's reason.
pub(super) async fn drop(cx: &mut Cx<'_>, reason: &str) -> Result<Done> {
    let (c, on) = (cx.c, cx.on);
    if c.stage != Stage::Lead {
        return Err(refusal(Refusal::InvalidTransition {
            from: c.stage,
            action: Action::File,
        }));
    }
    require_text(reason, "reason")?;
    sqlx::query("UPDATE cases SET status = 'dropped', outcome = 'dropped', closed_on = $1, updated_at = $2 WHERE id = $3")
        .bind(on.to_string())
        .bind(now_ms())
        .bind(c.id)
        .execute(&mut *cx.conn)
        .await?;
    Ok(Done {
        note: reason.to_string(),
        assessed: None,
    })
}

/// 调查取证 with the team the state machine accepted (第四十二条).
pub(super) async fn investigate(cx: &mut Cx<'_>) -> Result<Done> {
    let c = cx.c;
    sqlx::query("UPDATE cases SET stage = $1, officers = $2, updated_at = $3 WHERE id = $4")
        .bind(cx.to.as_str())
        .bind(serde_json::to_string(cx.team).unwrap_or_else(|_| "[]".into()))
        .bind(now_ms())
        .bind(c.id)
        .execute(&mut *cx.conn)
        .await?;
    cx.open(StepKind::Review, c.decision_due).await?;
    Ok(Done::default())
}

/// 调查终结: the assessment (`assessment::assess_case`) decides what follows — the legal
/// review where it is compulsory, the head's decision for no penalty, else the notice.
pub(super) async fn review(
    cx: &mut Cx<'_>,
    facts: &str,
    circumstances: &Circumstances,
    proposal: &Proposal,
) -> Result<Done> {
    let (c, on) = (cx.c, cx.on);
    require_text(facts, "facts")?;
    let a = assessment::assess_case(cx.conn, cx.region, c, on, circumstances, proposal).await?;
    write_assessment(cx.conn, c.id, facts, circumstances, proposal, &a, cx.to).await?;
    let next = if a.legal_review_required {
        StepKind::LegalReview
    } else if proposal.no_penalty {
        StepKind::Decide
    } else {
        StepKind::Notify
    };
    cx.open(next, c.decision_due).await?;
    Ok(Done {
        note: a.summary_zh.clone(),
        assessed: Some(a),
    })
}

/// Extension of the decision period; the open tasks run to the new date.
pub(super) async fn extend(cx: &mut Cx<'_>, days: i64, reason: &str) -> Result<Done> {
    let c = cx.c;
    require_text(reason, "reason")?;
    // 第六十条 defers to other rules ("另有规定的，从其规定"): the body's rule sets how much the
    // head may add (market regulation: thirty days) and whether collective discussion may
    // extend further (procedure parameters).
    let filed = c.filed_on.unwrap_or(c.lead_on);
    let params = crate::procedure::params_in(cx.conn, cx.region, c.department_id, filed).await?;
    let total = c.extension_days + days;
    if days <= 0 || c.filed_on.is_none() || c.decided_on.is_some() {
        return Err(Error::of(Code::CasesExtensionInvalid).for_field("days"));
    }
    if !extension_allowed(&params, total, c.collective_held) {
        return Err(Error::of(Code::CasesExtensionInvalid).for_field("days"));
    }
    // Time not counted (第六十四条 第三款 of the market-regulation rule) stays off the period.
    let due = super::super::periods::decision_due(
        cx.cal,
        filed,
        &params,
        total,
        c.excluded_decision_days,
    )
    .map_err(cal_err)?;
    sqlx::query(
        "UPDATE cases SET extension_days = $1, decision_due = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(total)
    .bind(due.to_string())
    .bind(now_ms())
    .bind(c.id)
    .execute(&mut *cx.conn)
    .await?;
    // The open tasks stay open (an extension is not a step of the case) and run to the
    // new date; the disclosure task keeps its own deadline.
    sqlx::query("UPDATE case_tasks SET due_on = $1 WHERE case_id = $2 AND status = 'open' AND kind <> 'disclose'")
        .bind(due.to_string())
        .bind(c.id)
        .execute(&mut *cx.conn)
        .await?;
    Ok(Done {
        note: reason.to_string(),
        assessed: None,
    })
}

/// Whether `total` days of extension are allowed: up to the head's limit of the body's rule, and
/// beyond it only where that rule lets collective discussion extend further and the discussion
/// was held. The workflow and the supervision check `decision_deadline` both ask this.
pub fn extension_allowed(
    params: &crate::procedure::ProcedureParams,
    total: i64,
    collective_held: bool,
) -> bool {
    use crate::procedure::ParamKey;
    let head = params.value(ParamKey::DecisionExtensionDays);
    (0..=head).contains(&total)
        || (total > head
            && total <= 365
            && collective_held
            && params.flag(ParamKey::FurtherExtensionCollective))
}
