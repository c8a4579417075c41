//! Steps between the investigation report and the decision: 法制审核, 告知, 听证 (request and
//! hearing) and 集体讨论.

use crate::cases::ReviewResult;
use sqlx::Row;

use super::super::deadlines;
use super::super::records::{CaseOutcome, load_case};
use super::super::rules::{self, LegalReviewFacts, LegalReviewGround};
use super::super::state::{Action, Stage};
use super::super::workflow::{cal_err, refusal, require_text};
use super::super::{CaseRow, Refusal};
use super::{Cx, Done, StepKind, Task};
use crate::time::now_ms;
use crate::{Code, Error, Result};

/// A compulsory legal review (第五十八条) has not passed yet.
pub(super) fn review_pending(c: &CaseRow) -> bool {
    c.legal_review_required && c.legal_review_result != ReviewResult::Passed
}

/// A penalty is intended and the party has not been told (第四十四条).
pub(super) fn notice_due(c: &CaseRow) -> bool {
    c.outcome != CaseOutcome::NoPenalty && c.notice_on.is_none()
}

/// 第六十三条 gives the right, the party has not used it yet and no decision is made; the
/// date itself is judged by `rules::hearing_request_in_time` when the request is recorded.
pub(super) fn may_request_hearing(c: &CaseRow) -> bool {
    c.hearing_right && !c.hearing_requested && c.decided_on.is_none()
}

/// A hearing was requested and is not held yet (第六十五条).
pub(super) fn hearing_pending(c: &CaseRow) -> bool {
    c.hearing_requested && !c.hearing_held
}

/// 集体讨论 is compulsory and has not taken place (第五十七条 第二款).
pub(super) fn discussion_pending(c: &CaseRow) -> bool {
    c.collective_required && !c.collective_held
}

/// After the notice (or hearing, or review): what the case waits for next, in the order the
/// state machine's decision checks (`state::next`) ask for them.
pub(super) fn after_notice(c: &CaseRow) -> StepKind {
    if notice_due(c) {
        StepKind::Notify
    } else if hearing_pending(c) {
        StepKind::HoldHearing
    } else if review_pending(c) {
        StepKind::LegalReview
    } else if discussion_pending(c) {
        StepKind::Discuss
    } else {
        StepKind::Decide
    }
}

/// Reloads the case and opens the task [`after_notice`] names.
async fn open_after_notice(cx: &mut Cx<'_>) -> Result<()> {
    let c = load_case(cx.conn, cx.region, cx.c.id).await?;
    let region: String = sqlx::query("SELECT region_code FROM cases WHERE id = $1")
        .bind(c.id)
        .fetch_one(&mut *cx.conn)
        .await?
        .try_get(0)?;
    let next = after_notice(&c);
    cx.open_in(&region, &c, Task::Step(next), c.decision_due)
        .await
}

/// 法制审核: passed, the case goes on; returned, the officers revise the report.
pub(super) async fn legal_review(cx: &mut Cx<'_>, passed: bool, opinion: &str) -> Result<Done> {
    let (c, on) = (cx.c, cx.on);
    require_text(opinion, "opinion")?;
    if !matches!(c.stage, Stage::Reviewed | Stage::Notified | Stage::Hearing) {
        return Err(refusal(Refusal::InvalidTransition {
            from: c.stage,
            action: Action::LegalReview,
        }));
    }
    sqlx::query("UPDATE cases SET stage = $1, legal_review_result = $2, legal_review_on = $3, legal_review_by = $4, legal_review_opinion = $5, updated_at = $6 WHERE id = $7")
        .bind(cx.to.as_str())
        .bind(if passed { ReviewResult::Passed } else { ReviewResult::Returned }.as_str())
        .bind(on.to_string())
        .bind(cx.actor.to_string())
        .bind(opinion.trim().to_string())
        .bind(now_ms())
        .bind(c.id)
        .execute(&mut *cx.conn)
        .await?;
    if passed {
        open_after_notice(cx).await?;
    } else {
        // Returned: the officers revise the investigation report and submit again.
        sqlx::query("UPDATE cases SET stage = 'investigating' WHERE id = $1")
            .bind(c.id)
            .execute(&mut *cx.conn)
            .await?;
        cx.open(StepKind::Review, c.decision_due).await?;
    }
    Ok(Done {
        note: opinion.to_string(),
        assessed: None,
    })
}

/// 告知 of the intended penalty, opening the statement / hearing-request window.
/// `waived`: the party expressly waived 陈述、申辩 (第六十二条); `hearing_waived`: it expressly
/// waived the hearing (第六十三条) — a separate fact, recorded only where the right exists.
pub(super) async fn notify(cx: &mut Cx<'_>, waived: bool, hearing_waived: bool) -> Result<Done> {
    let (c, on) = (cx.c, cx.on);
    if c.outcome == CaseOutcome::NoPenalty {
        return Err(Error::of(Code::CasesNoticeNotNeeded).for_field("step"));
    }
    let due = deadlines::hearing_request_deadline(cx.cal, on)
        .map_err(cal_err)?
        .deadline
        .date;
    sqlx::query("UPDATE cases SET stage = $1, notice_on = $2, statement_due = $3, hearing_request_due = $4, statement_waived = $5, hearing_waived = $6, updated_at = $7 WHERE id = $8")
        .bind(cx.to.as_str())
        .bind(on.to_string())
        .bind(due.to_string())
        .bind(c.hearing_right.then(|| due.to_string()))
        .bind(i64::from(waived))
        .bind(i64::from(hearing_waived && c.hearing_right))
        .bind(now_ms())
        .bind(c.id)
        .execute(&mut *cx.conn)
        .await?;
    open_after_notice(cx).await?;
    Ok(Done::default())
}

/// The party's hearing request, inside the window of the notice.
pub(super) async fn request_hearing(cx: &mut Cx<'_>) -> Result<Done> {
    let (c, on) = (cx.c, cx.on);
    // 第六十三条 gives the right; 第六十四条（一）: "告知后五日内提出".
    if !c.hearing_right {
        return Err(Error::of(Code::CasesNoHearingRight).for_field("step"));
    }
    let Some(due) = c.hearing_request_due else {
        return Err(refusal(Refusal::NoticeMissing));
    };
    // Judged by the date only (and no decision yet), not by the stage: a 法制审核 or 集体讨论
    // held inside the window does not shorten it.
    if !rules::hearing_request_in_time(due, on, c.decided_on.is_some()) {
        return Err(Error::of(Code::CasesHearingRequestLate).arg("due", due));
    }
    sqlx::query("UPDATE cases SET hearing_requested = 1, updated_at = $1 WHERE id = $2")
        .bind(now_ms())
        .bind(c.id)
        .execute(&mut *cx.conn)
        .await?;
    cx.open(StepKind::HoldHearing, c.decision_due).await?;
    Ok(Done::default())
}

/// 听证 held; with major rights it makes the legal review compulsory again.
pub(super) async fn hold_hearing(
    cx: &mut Cx<'_>,
    note: &str,
    notified_on: Option<chrono::NaiveDate>,
) -> Result<Done> {
    let c = cx.c;
    require_text(note, "note")?;
    // 第六十四条（二）: "行政机关应当在举行听证的七日前，通知当事人及有关人员听证的时间、地点";
    // 七日 are working days (第八十五条).
    if let Some(told) = notified_on {
        let earliest = deadlines::hearing_notice_earliest_hearing(cx.cal, told).map_err(cal_err)?;
        if cx.on < earliest {
            return Err(Error::of(Code::CasesHearingNoticeShort)
                .for_field("notified_on")
                .arg("earliest", earliest));
        }
    }
    // 第五十八条（二）: major rights (a hearing right under 第六十三条) after a hearing make the
    // legal review compulsory — the rule of `rules::legal_review_grounds`, asked for item 2.
    let after_hearing = rules::legal_review_grounds(&LegalReviewFacts {
        major_rights: c.hearing_right,
        hearing_held: true,
        ..LegalReviewFacts::default()
    });
    let review = c.legal_review_required || !after_hearing.is_empty();
    let mut grounds = c.legal_review_grounds.clone();
    for g in after_hearing.into_iter().map(LegalReviewGround::provision) {
        if !grounds.iter().any(|x| x == g) {
            grounds.push(g.into());
        }
    }
    // A review passed before the hearing does not count: 第五十八条（二） asks for the
    // review of a case "经过听证程序的", so the reviewer sees the hearing record.
    sqlx::query("UPDATE cases SET stage = $1, hearing_held = 1, legal_review_required = $2, legal_review_grounds = $3, \
                 legal_review_result = CASE WHEN $2 = 1 THEN '' ELSE legal_review_result END, updated_at = $4 WHERE id = $5")
        .bind(cx.to.as_str())
        .bind(i64::from(review))
        .bind(serde_json::to_string(&grounds).unwrap_or_else(|_| "[]".into()))
        .bind(now_ms())
        .bind(c.id)
        .execute(&mut *cx.conn)
        .await?;
    open_after_notice(cx).await?;
    let told = notified_on
        .map(|d| format!("（{d} 通知听证时间、地点）"))
        .unwrap_or_default();
    Ok(Done {
        note: format!("{}{told}", note.trim()),
        assessed: None,
    })
}

/// 集体讨论 by the heads (第五十七条 第二款); the decision follows.
pub(super) async fn discuss(cx: &mut Cx<'_>, note: &str) -> Result<Done> {
    let c = cx.c;
    require_text(note, "note")?;
    sqlx::query("UPDATE cases SET stage = $1, collective_held = 1, collective_note = $2, updated_at = $3 WHERE id = $4")
        .bind(cx.to.as_str())
        .bind(note.trim().to_string())
        .bind(now_ms())
        .bind(c.id)
        .execute(&mut *cx.conn)
        .await?;
    cx.open(StepKind::Decide, c.decision_due).await?;
    Ok(Done {
        note: note.to_string(),
        assessed: None,
    })
}
