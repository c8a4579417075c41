//! 催告 and the application to the people's court (行政强制法; the rules are in
//! `cases::enforcement`). Neither moves the stage: the case stays served until the execution
//! is recorded.

use super::super::CaseRow;
use super::super::enforcement::{self as rules, CourtGate};
use super::super::payment;
use super::super::workflow::{cal_err, require_text};
use super::{Cx, Done};
use crate::time::now_ms;
use crate::{Code, Error, Result};

/// Something is still to pay after service.
pub(super) fn unpaid(c: &CaseRow) -> bool {
    c.payment_due.is_some() && c.fine_fen + c.confiscation_fen > 0 && c.executed_on.is_none()
}

/// A reminder was served and no application was made yet.
pub(super) fn may_apply(c: &CaseRow) -> bool {
    unpaid(c) && c.urged_on.is_some() && c.court_applied_on.is_none()
}

/// 催告书 served (第三十五条): only once the payment is overdue; a later reminder replaces the
/// earlier one as the start of the ten working days (第五十四条).
pub(super) async fn urge(cx: &mut Cx<'_>, note: &str) -> Result<Done> {
    let (c, on) = (cx.c, cx.on);
    require_text(note, "note")?;
    let Some(due) = c.payment_due else {
        return Err(Error::of(Code::CasesPaymentPeriodDates)
            .for_field("on")
            .arg_zh_en(
                "reason",
                "本案没有待缴纳的罚没款。",
                "Nothing is to be paid in this case.",
            ));
    };
    if on <= due {
        return Err(Error::of(Code::CasesReminderEarly)
            .for_field("on")
            .arg("due", due));
    }
    sqlx::query("UPDATE cases SET urged_on = $1, updated_at = $2 WHERE id = $3")
        .bind(on.to_string())
        .bind(now_ms())
        .bind(c.id)
        .execute(&mut *cx.conn)
        .await?;
    let received = c.received_on.or(c.served_on).unwrap_or(c.lead_on);
    let periods = payment::load_periods(cx.conn, c.id).await?;
    let w = rules::court_window(cx.cal, received, &periods, Some(on)).map_err(cal_err)?;
    Ok(Done {
        note: format!(
            "催告书送达。{}（可申请法院强制执行：{} 至 {}）",
            note.trim(),
            w.opens,
            w.closes
        ),
        assessed: None,
    })
}

/// The application to the court, inside the window of 第五十三条 and after the ten working days
/// of 第五十四条.
pub(super) async fn apply_court(cx: &mut Cx<'_>, court: &str) -> Result<Done> {
    let (c, on) = (cx.c, cx.on);
    require_text(court, "note")?;
    let received = c.received_on.or(c.served_on).unwrap_or(c.lead_on);
    let periods = payment::load_periods(cx.conn, c.id).await?;
    if let Some(gate) =
        rules::court_gate(cx.cal, received, &periods, c.urged_on, on).map_err(cal_err)?
    {
        return Err(gate_error(&gate));
    }
    sqlx::query("UPDATE cases SET court_applied_on = $1, updated_at = $2 WHERE id = $3")
        .bind(on.to_string())
        .bind(now_ms())
        .bind(c.id)
        .execute(&mut *cx.conn)
        .await?;
    Ok(Done {
        note: format!("向{}申请强制执行。", court.trim()),
        assessed: None,
    })
}

/// The bilingual refusal of a court gate.
pub(super) fn gate_error(g: &CourtGate) -> Error {
    let (zh, en) = match g {
        CourtGate::NoReminder => (
            "申请人民法院强制执行前，应当催告当事人履行义务（《行政强制法》第五十四条）；本案没有催告记录。".to_string(),
            "Before applying to the court the party must be reminded in writing (Administrative Compulsion Law art. 54); no reminder is on record.".to_string(),
        ),
        CourtGate::TooEarly { opens } => (
            format!("复议、诉讼期限届满且催告书送达十个工作日后方可申请，最早 {opens}（《行政强制法》第五十三条、第五十四条、第六十九条）。"),
            format!("The application is possible once the review and litigation periods have ended and ten working days have passed since the reminder: from {opens} (arts. 53, 54, 69)."),
        ),
        CourtGate::TooLate { closed } => (
            format!("申请期限已于 {closed} 届满（《行政强制法》第五十三条：期限届满之日起三个月内）。"),
            format!("The time to apply ended on {closed} (art. 53: within three months of the end of the periods)."),
        ),
    };
    Error::of(Code::CasesCourtApplication)
        .for_field("on")
        .arg_zh_en("reason", zh, en)
}
