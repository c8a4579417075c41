//! The filing extension and the time not counted in the filing and decision periods
//! (`cases::periods` holds the rules; the supervision checks read the same).

use chrono::NaiveDate;

use super::super::CaseRow;
use super::super::periods::{self as rules, ExcludedKind, ExcludedPeriod, Phase};
use super::super::records::Procedure;
use super::super::workflow::{cal_err, require_text};
use super::{Cx, Done};
use crate::time::now_ms;
use crate::{Code, Error, Result};

/// Offered on a general-procedure lead whose filing period was not extended yet.
pub(super) fn filing_extensible(c: &CaseRow) -> bool {
    c.procedure == Procedure::General && !c.filing_extended && c.filed_on.is_none()
}

/// Offered in the general procedure until the decision.
pub(super) fn excludable(c: &CaseRow) -> bool {
    c.procedure == Procedure::General && c.decided_on.is_none()
}

/// The head approves the extension of the filing period (市场监督管理行政处罚程序规定 第十八条);
/// once per case, before the period ran out.
pub(super) async fn extend_filing(cx: &mut Cx<'_>, reason: &str) -> Result<Done> {
    let (c, on) = (cx.c, cx.on);
    require_text(reason, "note")?;
    if c.filing_extended {
        return Err(Error::of(Code::CasesFilingExtended));
    }
    if let Some(due) = c.filing_due
        && on > due
    {
        // An extension approved after the period ended cannot cure the delay.
        return Err(Error::of(Code::CasesExcludedPeriod)
            .for_field("on")
            .arg_zh_en(
                "reason",
                format!("立案期限已于 {due} 届满，届满后不能再批准延长。"),
                format!("The filing period ended on {due}; it cannot be extended afterwards."),
            ));
    }
    let params =
        crate::procedure::params_in(cx.conn, cx.region, c.department_id, c.lead_on).await?;
    let due = rules::filing_due(cx.cal, c.lead_on, &params, true, c.excluded_filing_wd)
        .map_err(cal_err)?;
    set_filing_due(cx, due, true).await?;
    let days = params.days(crate::procedure::ParamKey::FilingExtensionWorkingDays);
    Ok(Done {
        note: format!("延长{days}个工作日，至 {due}。{}", reason.trim()),
        assessed: None,
    })
}

async fn set_filing_due(cx: &mut Cx<'_>, due: NaiveDate, extended: bool) -> Result<()> {
    let c = cx.c;
    sqlx::query(
        "UPDATE cases SET filing_due = $1, filing_extended = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(due.to_string())
    .bind(i64::from(extended))
    .bind(now_ms())
    .bind(c.id)
    .execute(&mut *cx.conn)
    .await?;
    sqlx::query("UPDATE case_tasks SET due_on = $1 WHERE case_id = $2 AND status = 'open' AND kind = 'file'")
        .bind(due.to_string())
        .bind(c.id)
        .execute(&mut *cx.conn)
        .await?;
    Ok(())
}

/// Records time not counted: before filing it comes off the filing period (working days), after
/// it off the decision period (calendar days); the due date and the open tasks move.
pub(super) async fn exclude(
    cx: &mut Cx<'_>,
    kind: ExcludedKind,
    from: NaiveDate,
    to: NaiveDate,
    note: &str,
) -> Result<Done> {
    let (c, on) = (cx.c, cx.on);
    require_text(note, "note")?;
    let phase = rules::phase_of(c.filed_on);
    let bad = |zh: String, en: String, field: &'static str| {
        Error::of(Code::CasesExcludedPeriod)
            .for_field(field)
            .arg_zh_en("reason", zh, en)
    };
    if phase == Phase::Filing && !kind.stops_filing() {
        return Err(bad(
            format!(
                "{}不中止立案核查期限（第十八条第二款只列检测、检验、检疫、鉴定、权利人辨认或者鉴别）。",
                kind.label_zh()
            ),
            format!(
                "{} does not stop the filing period (art. 18(2) lists testing, inspection, quarantine, appraisal and identification only).",
                kind.label_en()
            ),
            "period_kind",
        ));
    }
    let start = match phase {
        Phase::Filing => c.lead_on,
        Phase::Decision => c.filed_on.unwrap_or(c.lead_on),
    };
    if to < from || from < start || to > on {
        return Err(bad(
            format!(
                "期间须在{start}之后开始、不晚于登记日期 {on} 结束，且截止日期不早于开始日期。"
            ),
            format!(
                "The period starts on or after {start}, ends by the day recorded ({on}) and not before it starts."
            ),
            "to",
        ));
    }
    let existing = rules::load(cx.conn, c.id).await?;
    if rules::overlaps(&existing, phase, from, to) {
        return Err(bad(
            "与已登记的不计入期间重叠，同一时间不能重复扣除。".into(),
            "It overlaps a period already recorded; time is not taken off twice.".into(),
            "from",
        ));
    }
    let counted = rules::counted_days(cx.cal, phase, from, to).map_err(cal_err)?;
    let p = ExcludedPeriod {
        phase,
        kind,
        from,
        to,
        counted,
        note: note.trim().to_string(),
    };
    rules::insert(cx.conn, cx.region, c.id, &p, cx.actor).await?;
    let due = match phase {
        Phase::Filing => {
            let params =
                crate::procedure::params_in(cx.conn, cx.region, c.department_id, c.lead_on).await?;
            let total = c.excluded_filing_wd + counted;
            let due = rules::filing_due(cx.cal, c.lead_on, &params, c.filing_extended, total)
                .map_err(cal_err)?;
            sqlx::query("UPDATE cases SET excluded_filing_wd = $1 WHERE id = $2")
                .bind(total)
                .bind(c.id)
                .execute(&mut *cx.conn)
                .await?;
            set_filing_due(cx, due, c.filing_extended).await?;
            due
        }
        Phase::Decision => {
            let params =
                crate::procedure::params_in(cx.conn, cx.region, c.department_id, start).await?;
            let total = c.excluded_decision_days + counted;
            let due = rules::decision_due(cx.cal, start, &params, c.extension_days, total)
                .map_err(cal_err)?;
            sqlx::query("UPDATE cases SET excluded_decision_days = $1, decision_due = $2, updated_at = $3 WHERE id = $4")
                .bind(total)
                .bind(due.to_string())
                .bind(now_ms())
                .bind(c.id)
                .execute(&mut *cx.conn)
                .await?;
            sqlx::query("UPDATE case_tasks SET due_on = $1 WHERE case_id = $2 AND status = 'open' AND kind <> 'disclose'")
                .bind(due.to_string())
                .bind(c.id)
                .execute(&mut *cx.conn)
                .await?;
            due
        }
    };
    let unit = if phase == Phase::Filing {
        "个工作日"
    } else {
        "日"
    };
    Ok(Done {
        note: format!(
            "{} {from} 至 {to}，{}不计入{counted}{unit}，期限至 {due}。{}",
            kind.label_zh(),
            phase.label_zh(),
            note.trim()
        ),
        assessed: None,
    })
}
