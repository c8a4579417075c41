//! Payment of the fine after service: the day the party is taken to have received the
//! decision (第六十七条 第三款 runs "自收到行政处罚决定书之日起"), the periods that stop the
//! late-payment surcharge (第七十三条 第三款) or move the due date (第六十六条 第二款), and the
//! head's decision on the surcharge (第七十二条 第一款 "可以"). Pure rules first, then the
//! storage of the periods. The Execute / Serve steps and the supervision checks call the same
//! functions.

use chrono::{Duration, NaiveDate};
use sqlx::{AnyConnection, Row};

use super::Refusal;
use super::records::{CaseRow, ExecutionMode, ServiceMethod, SurchargeDecision};
use super::rules;
use crate::labels::labelled_enum;
use crate::money::Money;
use crate::time::now_ms;
use crate::{Error, Result};

labelled_enum!(
    /// A period recorded on a case after service.
    PeriodKind {
        Reconsideration = "reconsideration", "行政复议期间", "Administrative reconsideration";
        Litigation = "litigation", "行政诉讼期间", "Administrative litigation";
        Deferral = "deferral", "批准暂缓缴纳", "Deferred payment approved";
        Instalments = "instalments", "批准分期缴纳", "Payment by instalments approved";
    }
);

impl PeriodKind {
    /// 第七十三条 第三款: "当事人申请行政复议或者提起行政诉讼的，加处罚款的数额在行政复议或者
    /// 行政诉讼期间不予计算".
    pub fn stops_surcharge(self) -> bool {
        matches!(self, Self::Reconsideration | Self::Litigation)
    }

    /// 第六十六条 第二款: "当事人确有经济困难，需要延期或者分期缴纳罚款的，经当事人申请和
    /// 行政机关批准，可以暂缓或者分期缴纳" — the approved period moves the due date to its last
    /// day (for instalments: the last instalment's day).
    pub fn moves_due(self) -> bool {
        matches!(self, Self::Deferral | Self::Instalments)
    }
}

/// One recorded period (both days included).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PaymentPeriod {
    pub kind: PeriodKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub note: String,
}

/// 民事诉讼法 第九十五条 (as 行政处罚法 第六十一条 refers to it): "自发出公告之日起，经过三十日，
/// 即视为送达".
pub const NOTICE_SERVICE_DAYS: i64 = 30;

/// The day the party is taken to have received the decision, from the service method and the
/// recorded service day: 公告送达 — the day of publication + 30 days (民事诉讼法 第九十五条);
/// 邮寄送达 — the recorded day is the 收件日期 on the return receipt (第九十一条), as the form
/// asks; 电子送达 — the day it reaches the party's system (第九十条 第二款), as recorded; others
/// — the day of service.
pub fn received_on(method: ServiceMethod, served_on: NaiveDate) -> NaiveDate {
    match method {
        ServiceMethod::Notice => served_on + Duration::days(NOTICE_SERVICE_DAYS),
        _ => served_on,
    }
}

/// The due date after approved 暂缓 / 分期 (第六十六条 第二款): the latest approved last day,
/// never earlier than the statutory due date.
pub fn due_after_approvals(statutory: NaiveDate, periods: &[PaymentPeriod]) -> NaiveDate {
    periods
        .iter()
        .filter(|p| p.kind.moves_due())
        .map(|p| p.to)
        .fold(statutory, NaiveDate::max)
}

/// The ranges in which the surcharge does not run (第七十三条 第三款), for
/// `rules::surcharge_days`.
pub fn suspensions(periods: &[PaymentPeriod]) -> Vec<(NaiveDate, NaiveDate)> {
    periods
        .iter()
        .filter(|p| p.kind.stops_surcharge())
        .map(|p| (p.from, p.to))
        .collect()
}

/// What the surcharge of a case depends on; [`SurchargeFacts::of`] fills it from the record.
#[derive(Debug, Clone)]
pub struct SurchargeFacts {
    pub fine_fen: i64,
    /// Due date (after approved 暂缓 / 分期).
    pub payment_due: Option<NaiveDate>,
    pub periods: Vec<PaymentPeriod>,
    pub decision: SurchargeDecision,
    pub decided_fen: i64,
}

impl SurchargeFacts {
    /// The facts of a stored case with its periods; `payment_due` is the due date to use (the
    /// stored one for the workflow, the recomputed one for supervision).
    pub fn of(c: &CaseRow, payment_due: Option<NaiveDate>, periods: &[PaymentPeriod]) -> Self {
        Self {
            fine_fen: c.fine_fen,
            payment_due,
            periods: periods.to_vec(),
            decision: c.surcharge_decision,
            decided_fen: c.surcharge_decided_fen,
        }
    }
}

/// 第七十二条 第一款 第（一）项: the most the agency may add when the penalty is carried out on
/// `on` — 3 % of the fine per day after the due date, not counting 复议 / 诉讼 periods
/// (第七十三条 第三款), at most the fine; none before the due date or for a case without
/// payment or execution.
pub fn surcharge_computed(
    f: &SurchargeFacts,
    on: NaiveDate,
    mode: ExecutionMode,
) -> std::result::Result<i64, Refusal> {
    match (f.payment_due, mode) {
        (Some(due), ExecutionMode::Paid | ExecutionMode::Compulsory | ExecutionMode::Court)
            if on > due =>
        {
            let days = rules::surcharge_days(due, on, &suspensions(&f.periods))?;
            Ok(rules::late_payment_surcharge(Money::from_fen(f.fine_fen), days)?.fen())
        }
        _ => Ok(0),
    }
}

/// The surcharge owed: the computed one, unless the head waived it or reduced it (第七十二条
/// 第一款 "可以": the measure is the agency's decision). A reduced amount never exceeds the
/// computed one.
pub fn surcharge_owed(
    f: &SurchargeFacts,
    on: NaiveDate,
    mode: ExecutionMode,
) -> std::result::Result<i64, Refusal> {
    let computed = surcharge_computed(f, on, mode)?;
    Ok(match f.decision {
        SurchargeDecision::Full => computed,
        SurchargeDecision::Waived => 0,
        SurchargeDecision::Reduced => f.decided_fen.clamp(0, computed),
    })
}

/// The periods recorded on a case, oldest first.
pub async fn load_periods(conn: &mut AnyConnection, case_id: i64) -> Result<Vec<PaymentPeriod>> {
    let rows = sqlx::query(
        "SELECT kind, from_on, to_on, note FROM case_payment_periods WHERE case_id = $1 ORDER BY id",
    )
    .bind(case_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let kind: String = r.try_get(0)?;
            let day = |i: usize| -> Result<NaiveDate> {
                let s: String = r.try_get(i)?;
                s.parse()
                    .map_err(|e| Error::Internal(format!("stored period date {s:?}: {e}")))
            };
            Ok(PaymentPeriod {
                kind: PeriodKind::parse(&kind)
                    .ok_or_else(|| Error::Internal(format!("stored period kind {kind:?}")))?,
                from: day(1)?,
                to: day(2)?,
                note: r.try_get(3)?,
            })
        })
        .collect()
}

/// Inserts a period (no permission check: the step checks).
pub(crate) async fn insert_period(
    conn: &mut AnyConnection,
    region: &str,
    case_id: i64,
    p: &PaymentPeriod,
    actor: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO case_payment_periods (region_code, case_id, kind, from_on, to_on, note, recorded_by, created_at) \
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8)",
    )
    .bind(region.to_string())
    .bind(case_id)
    .bind(p.kind.as_str())
    .bind(p.from.to_string())
    .bind(p.to.to_string())
    .bind(p.note.trim().to_string())
    .bind(actor.to_string())
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    Ok(())
}
