//! The decision and what follows it: 作出决定 (or 当场决定), 送达, 执行, 结案, 归档.

use crate::cases::{DisclosureStatus, ReviewResult};
use chrono::NaiveDate;
use sqlx::Row;

use super::super::assessment;
use super::super::deadlines;
use super::super::numbers;
use super::super::records::{
    CaseOutcome, ExecutionMode, Procedure, Proposal, ServiceMethod, load_case,
};
use super::super::rules;
use super::super::workflow::{cal_err, opt, refusal, require_text, write_assessment};
use super::super::{CaseRow, Refusal};
use super::{Cx, Done, StepKind, Task};
use crate::money::Money;
use crate::time::now_ms;
use crate::{Code, Error, Result};

/// 当场决定 is the path of the summary procedure (第五十一条).
pub(super) fn summary(c: &CaseRow) -> bool {
    c.procedure == Procedure::Summary
}

/// 第七十二条（一）: the surcharge owed when the penalty is carried out on `on` — 3 % of the
/// fine per day after the due date (`rules::surcharge_days`), at most the fine
/// (`rules::late_payment_surcharge`); none before the due date or for a case without payment
/// or execution. The Execute step and the supervision check share it.
pub fn surcharge_owed(
    fine_fen: i64,
    payment_due: Option<NaiveDate>,
    on: NaiveDate,
    mode: ExecutionMode,
) -> std::result::Result<i64, Refusal> {
    match (payment_due, mode) {
        (Some(due), ExecutionMode::Paid | ExecutionMode::Compulsory | ExecutionMode::Court)
            if on > due =>
        {
            let days = rules::surcharge_days(due, on, &[])?;
            Ok(rules::late_payment_surcharge(Money::from_fen(fine_fen), days)?.fen())
        }
        _ => Ok(0),
    }
}

/// The hearing facts of a case, for `rules::hearing_window_blocks` (the Decide step and the
/// supervision check `statement_window` read the same).
pub fn hearing_window(c: &CaseRow) -> rules::HearingWindow {
    rules::HearingWindow {
        hearing_right: c.hearing_right,
        hearing_waived: c.hearing_waived,
        hearing_requested: c.hearing_requested,
        request_due: c.hearing_request_due,
    }
}

/// 作出决定 by the head, after the hearing window; the proposal may be adjusted.
pub(super) async fn decide(cx: &mut Cx<'_>, proposal: Option<&Proposal>) -> Result<Done> {
    let (c, on) = (cx.c, cx.on);
    // Deciding inside the five days would take the hearing right away (第六十四条（一）); a
    // waiver of 陈述、申辩 alone does not end the window (第六十二条 covers only those).
    if let Some(due) = rules::hearing_window_blocks(&hearing_window(c), on) {
        return Err(Error::of(Code::CasesHearingWindowOpen).arg("due", due));
    }
    if let Some(p) = proposal {
        // The head may adjust: the adjusted penalty is assessed again and may not
        // exceed what the party was told (第四十四条: the notice names the penalty).
        if p.fine_fen > c.fine_fen && c.notice_on.is_some() {
            return Err(Error::of(Code::CasesDecisionHeavierThanNotice));
        }
        let a = assessment::assess_case(cx.conn, cx.region, c, on, &c.circumstances, p).await?;
        if a.legal_review_required && c.legal_review_result != ReviewResult::Passed {
            return Err(refusal(Refusal::LegalReviewMissing));
        }
        write_assessment(cx.conn, c.id, &c.facts, &c.circumstances, p, &a, c.stage).await?;
    }
    record_decision(cx).await?;
    Ok(Done::default())
}

/// 当场作出决定 (简易程序): the state machine checked 第五十一条 and the team; a case that
/// needs a legal review cannot be decided on the spot.
pub(super) async fn decide_on_spot(cx: &mut Cx<'_>, proposal: &Proposal) -> Result<Done> {
    let (c, on) = (cx.c, cx.on);
    let a = assessment::assess_case(cx.conn, cx.region, c, on, &c.circumstances, proposal).await?;
    if a.legal_review_required {
        return Err(refusal(Refusal::SummaryNotAllowed));
    }
    write_assessment(
        cx.conn,
        c.id,
        &c.facts,
        &c.circumstances,
        proposal,
        &a,
        c.stage,
    )
    .await?;
    sqlx::query("UPDATE cases SET officers = $1, filed_on = $2 WHERE id = $3")
        .bind(serde_json::to_string(cx.team).unwrap_or_else(|_| "[]".into()))
        .bind(on.to_string())
        .bind(c.id)
        .execute(&mut *cx.conn)
        .await?;
    record_decision(cx).await?;
    Ok(Done {
        note: a.summary_zh.clone(),
        assessed: Some(a),
    })
}

/// Records the decision: its number (文号), the service and disclosure deadlines, and the
/// tasks to serve and to disclose.
async fn record_decision(cx: &mut Cx<'_>) -> Result<()> {
    let on = cx.on;
    let c = load_case(cx.conn, cx.region, cx.c.id).await?;
    let year = chrono::Datelike::year(&on);
    let region: String = sqlx::query("SELECT region_code FROM cases WHERE id = $1")
        .bind(c.id)
        .fetch_one(&mut *cx.conn)
        .await?
        .try_get(0)?;
    let decision_no = numbers::next_number(
        cx.conn,
        &region,
        c.department_id,
        numbers::DECISION_KIND,
        year,
    )
    .await?;
    let service_due = deadlines::service_deadline(cx.cal, on)
        .map_err(cal_err)?
        .deadline
        .date;
    let penalty = c.outcome == CaseOutcome::Penalty;
    let disclosure_due = if penalty {
        Some(
            deadlines::disclosure_deadline(cx.cal, on)
                .map_err(cal_err)?
                .deadline
                .date,
        )
    } else {
        None
    };
    sqlx::query(
        "UPDATE cases SET stage = 'decided', decided_on = $1, decision_no = $2, service_due = $3, disclosure_due = $4, \
         disclosure_status = $5, updated_at = $6 WHERE id = $7",
    )
    .bind(on.to_string())
    .bind(decision_no)
    .bind(service_due.to_string())
    .bind(opt(disclosure_due))
    .bind(if penalty { DisclosureStatus::Due } else { DisclosureStatus::NotRequired }.as_str())
    .bind(now_ms())
    .bind(c.id)
    .execute(&mut *cx.conn)
    .await?;
    cx.open_in(&region, &c, Task::Step(StepKind::Serve), Some(service_due))
        .await?;
    if penalty {
        cx.open_in(&region, &c, Task::Disclose, disclosure_due)
            .await?;
    }
    Ok(())
}

/// 送达; the fifteen days to pay run from it (第六十七条 第三款).
pub(super) async fn serve(cx: &mut Cx<'_>, method: ServiceMethod, receiver: &str) -> Result<Done> {
    let (c, on) = (cx.c, cx.on);
    require_text(receiver, "receiver")?;
    let nothing_to_pay = c.fine_fen == 0 && c.confiscation_fen == 0;
    let due = if nothing_to_pay {
        None
    } else {
        Some(
            deadlines::payment_deadline(cx.cal, on)
                .map_err(cal_err)?
                .deadline
                .date,
        )
    };
    sqlx::query("UPDATE cases SET stage = $1, served_on = $2, payment_due = $3, updated_at = $4 WHERE id = $5")
        .bind(cx.to.as_str())
        .bind(on.to_string())
        .bind(opt(due))
        .bind(now_ms())
        .bind(c.id)
        .execute(&mut *cx.conn)
        .await?;
    cx.open(StepKind::Execute, due).await?;
    Ok(Done {
        note: format!("{}：{}", method.label_zh(), receiver.trim()),
        assessed: None,
    })
}

/// 执行: payment in full with the surcharge ([`surcharge_owed`]) or compulsory execution.
pub(super) async fn execute(cx: &mut Cx<'_>, paid_fen: i64, mode: ExecutionMode) -> Result<Done> {
    let (c, on) = (cx.c, cx.on);
    let owed = c.fine_fen + c.confiscation_fen;
    let surcharge = surcharge_owed(c.fine_fen, c.payment_due, on, mode).map_err(refusal)?;
    if mode == ExecutionMode::Paid && paid_fen < owed + surcharge {
        return Err(Error::of(Code::CasesPaymentShort)
            .for_field("paid")
            .arg("total", Money::from_fen(owed + surcharge).format_yuan())
            .arg("surcharge", Money::from_fen(surcharge).format_yuan())
            .arg("paid", Money::from_fen(paid_fen).format_yuan()));
    }
    if mode == ExecutionMode::Nothing && owed > 0 {
        return Err(Error::of(Code::CasesExecutionMissing).for_field("mode"));
    }
    sqlx::query("UPDATE cases SET stage = $1, executed_on = $2, paid_fen = $3, surcharge_fen = $4, paid_on = $5, execution_mode = $6, updated_at = $7 WHERE id = $8")
        .bind(cx.to.as_str())
        .bind(on.to_string())
        .bind(paid_fen)
        .bind(surcharge)
        .bind((paid_fen > 0).then(|| on.to_string()))
        .bind(mode.as_str())
        .bind(now_ms())
        .bind(c.id)
        .execute(&mut *cx.conn)
        .await?;
    cx.open(StepKind::Close, None).await?;
    Ok(Done {
        note: format!(
            "{} {}",
            mode.label_zh(),
            Money::from_fen(paid_fen).format_yuan()
        ),
        assessed: None,
    })
}

/// 结案 by the head; the file goes to the archive.
pub(super) async fn close(cx: &mut Cx<'_>, note: &str) -> Result<Done> {
    let (c, on) = (cx.c, cx.on);
    sqlx::query("UPDATE cases SET stage = $1, closed_on = $2, updated_at = $3 WHERE id = $4")
        .bind(cx.to.as_str())
        .bind(on.to_string())
        .bind(now_ms())
        .bind(c.id)
        .execute(&mut *cx.conn)
        .await?;
    cx.open(StepKind::Archive, None).await?;
    Ok(Done {
        note: note.to_string(),
        assessed: None,
    })
}

/// 归档: the case leaves the open list.
pub(super) async fn archive(cx: &mut Cx<'_>) -> Result<Done> {
    let (c, on) = (cx.c, cx.on);
    sqlx::query("UPDATE cases SET stage = $1, archived_on = $2, status = 'closed', updated_at = $3 WHERE id = $4")
        .bind(cx.to.as_str())
        .bind(on.to_string())
        .bind(now_ms())
        .bind(c.id)
        .execute(&mut *cx.conn)
        .await?;
    Ok(Done::default())
}
