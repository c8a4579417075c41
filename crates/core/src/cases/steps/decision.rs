//! The decision and what follows it: 作出决定 (or 当场决定), 送达, 执行, 结案, 归档.

use crate::cases::{DisclosureStatus, ReviewResult};
use chrono::NaiveDate;
use sqlx::Row;

use super::super::assessment;
use super::super::deadlines;
use super::super::numbers;
use super::super::payment::{self, PeriodKind};
use super::super::records::{
    ExecutionMode, Procedure, Proposal, ServiceMethod, SurchargeDecision, load_case,
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

/// Service is done and something is still to pay (the periods of 第六十六条 第二款 and
/// 第七十三条 第三款 can be recorded).
pub(super) fn payment_running(c: &CaseRow) -> bool {
    c.payment_due.is_some()
}

/// A fine is to pay: the surcharge of 第七十二条 may be decided.
pub(super) fn fine_running(c: &CaseRow) -> bool {
    c.payment_due.is_some() && c.fine_fen > 0
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

/// The last day of the party's 陈述、申辩 (第四十五条 "充分听取"; the period is the body's
/// rule, market regulation five working days from the notice), unless the party expressly
/// waived it (第六十二条) or the case has no notice (summary path, no penalty). The Decide
/// step and the supervision check `statement_window` both ask this.
pub fn statement_period_end(
    cal: &crate::calendar::HolidayCalendar,
    c: &CaseRow,
    params: &crate::procedure::ProcedureParams,
) -> Option<NaiveDate> {
    if c.procedure == Procedure::Summary || c.statement_waived {
        return None;
    }
    let notice = c.notice_on?;
    let days = params.days(crate::procedure::ParamKey::StatementWorkingDays);
    cal.add_working_days(notice, days).ok().map(|d| d.date)
}

/// 作出决定 by the head, after the hearing window; the proposal may be adjusted.
pub(super) async fn decide(cx: &mut Cx<'_>, proposal: Option<&Proposal>) -> Result<Done> {
    let (c, on) = (cx.c, cx.on);
    // Deciding inside the five days would take the hearing right away (第六十四条（一）); a
    // waiver of 陈述、申辩 alone does not end the window (第六十二条 covers only those).
    if let Some(due) = rules::hearing_window_blocks(&hearing_window(c), on) {
        return Err(Error::of(Code::CasesHearingWindowOpen).arg("due", due));
    }
    if let Some(notice) = c.notice_on {
        let params =
            crate::procedure::params_in(cx.conn, cx.region, c.department_id, notice).await?;
        if let Some(end) = statement_period_end(cx.cal, c, &params)
            && on <= end
        {
            return Err(Error::of(Code::CasesStatementWindowOpen).arg("due", end));
        }
    }
    if let Some(p) = proposal {
        // The head may adjust: the adjusted penalty is assessed again and may not
        // exceed what the party was told (第四十四条: the notice names the penalty).
        if c.notice_on.is_some() && p.heavier_than(&c.proposal()) {
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
    // The state machine refused the decision without it (第四十四条, 第六十二条).
    sqlx::query(
        "UPDATE cases SET officers = $1, filed_on = $2, spot_notice_given = 1 WHERE id = $3",
    )
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
    let params = crate::procedure::params_in(cx.conn, &region, c.department_id, on).await?;
    let penalty = crate::cases::disclosure::disclosure_required(&c, &params);
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

/// 送达; the fifteen days to pay run from the day the party received the decision
/// (第六十七条 第三款 "自收到行政处罚决定书之日起"): for 公告送达 the day of publication + 30
/// days (民事诉讼法 第九十五条), for 邮寄送达 the recorded day is the 收件日期 on the return
/// receipt (第九十一条) — `payment::received_on`.
pub(super) async fn serve(cx: &mut Cx<'_>, method: ServiceMethod, receiver: &str) -> Result<Done> {
    let (c, on) = (cx.c, cx.on);
    require_text(receiver, "receiver")?;
    let received = payment::received_on(method, on);
    let nothing_to_pay = c.fine_fen == 0 && c.confiscation_fen == 0;
    let due = if nothing_to_pay {
        None
    } else {
        Some(
            deadlines::payment_deadline(cx.cal, received)
                .map_err(cal_err)?
                .deadline
                .date,
        )
    };
    sqlx::query("UPDATE cases SET stage = $1, served_on = $2, payment_due = $3, received_on = $4, service_method = $5, updated_at = $6 WHERE id = $7")
        .bind(cx.to.as_str())
        .bind(on.to_string())
        .bind(opt(due))
        .bind(received.to_string())
        .bind(method.as_str())
        .bind(now_ms())
        .bind(c.id)
        .execute(&mut *cx.conn)
        .await?;
    cx.open(StepKind::Execute, due).await?;
    let when = match method {
        ServiceMethod::Post => format!("（回执收件日期 {on}）"),
        ServiceMethod::Notice => format!("（{on} 公告，{received} 视为送达）"),
        _ => String::new(),
    };
    Ok(Done {
        note: format!("{}：{}{when}", method.label_zh(), receiver.trim()),
        assessed: None,
    })
}

/// Records a 复议 / 诉讼 period (第七十三条 第三款) or an approved 暂缓 / 分期 (第六十六条
/// 第二款), whose last day becomes the due date of the payment.
pub(super) async fn payment_period(
    cx: &mut Cx<'_>,
    kind: PeriodKind,
    from: NaiveDate,
    to: NaiveDate,
    note: &str,
) -> Result<Done> {
    let c = cx.c;
    let Some(due) = c.payment_due else {
        return Err(Error::of(Code::CasesPaymentPeriodDates)
            .for_field("from")
            .arg_zh_en(
                "reason",
                "本案没有待缴纳的罚没款。",
                "Nothing is to be paid in this case.",
            ));
    };
    let served = c.served_on.unwrap_or(c.lead_on);
    if to < from || from < served {
        return Err(Error::of(Code::CasesPaymentPeriodDates)
            .for_field("to")
            .arg_zh_en(
                "reason",
                format!("期间须自送达（{served}）之后开始，且截止日期不早于开始日期。"),
                format!(
                    "The period starts after service ({served}) and ends on or after its start."
                ),
            ));
    }
    if kind.moves_due() {
        // 第六十六条 第二款: approved on the party's application; the note names the approval.
        require_text(note, "note")?;
        if to <= due {
            return Err(Error::of(Code::CasesPaymentDeferralDate)
                .for_field("to")
                .arg("due", due));
        }
        sqlx::query("UPDATE cases SET payment_due = $1, updated_at = $2 WHERE id = $3")
            .bind(to.to_string())
            .bind(now_ms())
            .bind(c.id)
            .execute(&mut *cx.conn)
            .await?;
        sqlx::query("UPDATE case_tasks SET due_on = $1 WHERE case_id = $2 AND kind = 'execute' AND status = 'open'")
            .bind(to.to_string())
            .bind(c.id)
            .execute(&mut *cx.conn)
            .await?;
    }
    let p = payment::PaymentPeriod {
        kind,
        from,
        to,
        note: note.trim().to_string(),
    };
    payment::insert_period(cx.conn, cx.region, c.id, &p, cx.actor).await?;
    Ok(Done {
        note: format!("{} {from} 至 {to} {}", kind.label_zh(), note.trim()),
        assessed: None,
    })
}

/// The head's decision on the surcharge (第七十二条 第一款: the agency "可以" add it): in full,
/// waived, or reduced to `amount_fen` (at most the fine, 第七十二条 第一款 第（一）项) — the last
/// two with a reason.
pub(super) async fn decide_surcharge(
    cx: &mut Cx<'_>,
    decision: SurchargeDecision,
    amount_fen: i64,
    reason: &str,
) -> Result<Done> {
    let c = cx.c;
    if decision != SurchargeDecision::Full && reason.trim().is_empty() {
        return Err(Error::of(Code::CasesPaymentReasonMissing).for_field("note"));
    }
    require_text_opt(reason)?;
    let amount = if decision == SurchargeDecision::Reduced {
        if !(0..=c.fine_fen).contains(&amount_fen) {
            return Err(Error::of(Code::CasesPaymentReducedAmount)
                .for_field("paid")
                .arg("max", Money::from_fen(c.fine_fen).format_yuan()));
        }
        amount_fen
    } else {
        0
    };
    sqlx::query("UPDATE cases SET surcharge_decision = $1, surcharge_decided_fen = $2, surcharge_reason = $3, updated_at = $4 WHERE id = $5")
        .bind(decision.as_str())
        .bind(amount)
        .bind(reason.trim().to_string())
        .bind(now_ms())
        .bind(c.id)
        .execute(&mut *cx.conn)
        .await?;
    let what = match decision {
        SurchargeDecision::Reduced => format!(
            "{}：{}",
            decision.label_zh(),
            Money::from_fen(amount).format_yuan()
        ),
        _ => decision.label_zh().to_string(),
    };
    Ok(Done {
        note: format!("{what} {}", reason.trim()),
        assessed: None,
    })
}

/// A reason is optional for the full surcharge but bounded like every text.
fn require_text_opt(s: &str) -> Result<()> {
    if s.trim().is_empty() {
        Ok(())
    } else {
        require_text(s, "note")
    }
}

/// 执行: payment in full with the surcharge owed (`payment::surcharge_owed`: 复议 / 诉讼 time
/// not counted, the head's decision applied) or compulsory execution.
pub(super) async fn execute(cx: &mut Cx<'_>, paid_fen: i64, mode: ExecutionMode) -> Result<Done> {
    let (c, on) = (cx.c, cx.on);
    let owed = c.fine_fen + c.confiscation_fen;
    let periods = payment::load_periods(cx.conn, c.id).await?;
    let facts = payment::SurchargeFacts::of(c, c.payment_due, &periods);
    let surcharge = payment::surcharge_owed(&facts, on, mode).map_err(refusal)?;
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
    compulsory_gate(cx, mode)?;
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

/// 行政强制法: a compulsory execution by the agency needs a reminder and more than thirty days
/// of surcharge (第四十六条); one through the court needs the application on record
/// (第五十三条、第五十四条 — the application step checks its window).
fn compulsory_gate(cx: &Cx<'_>, mode: ExecutionMode) -> Result<()> {
    let (c, on) = (cx.c, cx.on);
    let refuse = |zh: String, en: String| {
        Error::of(Code::CasesCompulsoryGate)
            .for_field("mode")
            .arg_zh_en("reason", zh, en)
    };
    match mode {
        ExecutionMode::Court => match c.court_applied_on {
            Some(applied) if on >= applied => Ok(()),
            _ => Err(refuse(
                "本案没有申请人民法院强制执行的记录，请先登记申请（《行政强制法》第五十三条、第五十四条）。".into(),
                "No application to the court is on record; record it first (Administrative Compulsion Law arts. 53, 54).".into(),
            )),
        },
        ExecutionMode::Compulsory => {
            let (Some(due), Some(urged)) = (c.payment_due, c.urged_on) else {
                return Err(refuse(
                    "强制执行前应当书面催告当事人履行义务（《行政强制法》第三十五条、第四十六条）；本案没有催告记录。".into(),
                    "Compulsory execution needs a written reminder first (Administrative Compulsion Law arts. 35, 46); none is on record.".into(),
                ));
            };
            let opens = super::super::enforcement::own_enforcement_opens(cx.cal, due, urged)
                .map_err(cal_err)?;
            if on < opens {
                return Err(refuse(
                    format!("加处罚款超过三十日且催告书送达十个工作日后方可强制执行，最早 {opens}（《行政强制法》第四十六条、第五十四条、第六十九条）。"),
                    format!("Compulsory execution is possible once the surcharge has run more than thirty days and ten working days have passed since the reminder: from {opens} (arts. 46, 54, 69)."),
                ));
            }
            Ok(())
        }
        ExecutionMode::Paid | ExecutionMode::Nothing => Ok(()),
    }
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
