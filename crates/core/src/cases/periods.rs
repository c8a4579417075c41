//! Time that does not count in the filing and decision periods, and the extension of the
//! filing period.
//!
//! 行政处罚法 leaves both to other rules (第五十四条 第二款 "及时立案"; 第六十条 "另有规定的，
//! 从其规定"). The platform follows the market-regulation rule, the default of the procedure
//! parameters (`procedure::ParamKey`):
//! - 市场监督管理行政处罚程序规定 第十八条: the lead is checked within fifteen working days,
//!   "特殊情况下，经…负责人批准，可以延长十五个工作日"; "检测、检验、检疫、鉴定以及权利人辨认
//!   或者鉴别等所需时间，不计入前款规定期限".
//! - 同规定 第六十四条 第三款: "案件处理过程中，听证、公告、检测、检验、检疫、鉴定、权利人辨认
//!   或者鉴别、责令退还多收价款等时间不计入前款所规定的案件办理期限".
//!
//! The filing period is in working days, so the working days of an excluded period come off
//! it; the decision period is in calendar days, so its calendar days do. The workflow (the
//! steps `extend_filing` and `exclude_period`) and the supervision checks `filing_deadline`
//! and `decision_deadline` compute the due dates with the same functions.

use chrono::NaiveDate;
use sqlx::{AnyConnection, Row};

use crate::calendar::{CalendarError, HolidayCalendar};
use crate::labels::labelled_enum;
use crate::time::now_ms;
use crate::{Error, Result};

labelled_enum!(
    /// Time not counted in a period (市场监督管理行政处罚程序规定 第十八条 第二款, 第六十四条 第三款).
    ExcludedKind {
        Testing = "testing", "检测", "Testing";
        Inspection = "inspection", "检验", "Inspection";
        Quarantine = "quarantine", "检疫", "Quarantine";
        Appraisal = "appraisal", "鉴定", "Expert appraisal";
        Identification = "identification", "权利人辨认或者鉴别", "Identification by the right holder";
        Hearing = "hearing", "听证", "Hearing";
        Announcement = "announcement", "公告", "Public announcement";
        Refund = "refund", "责令退还多收价款", "Refund of overcharges ordered";
    }
);

labelled_enum!(
    /// The period an excluded time comes off: before filing, or between filing and decision.
    Phase {
        Filing = "filing", "立案核查期限", "Filing period";
        Decision = "decision", "办案期限", "Decision period";
    }
);

impl ExcludedKind {
    /// Whether the kind stops the filing period: 第十八条 第二款 names testing, inspection,
    /// quarantine, appraisal and identification only (a hearing or an announcement cannot
    /// happen before filing).
    pub fn stops_filing(self) -> bool {
        matches!(
            self,
            Self::Testing
                | Self::Inspection
                | Self::Quarantine
                | Self::Appraisal
                | Self::Identification
        )
    }
}

/// The phase a period recorded on a case falls in: before filing it comes off the filing
/// period, after it the decision period.
pub fn phase_of(filed_on: Option<NaiveDate>) -> Phase {
    if filed_on.is_some() {
        Phase::Decision
    } else {
        Phase::Filing
    }
}

/// The days `[from, to]` (both included) take off the period of `phase`: working days for the
/// filing period (counted in working days), calendar days for the decision period.
pub fn counted_days(
    cal: &HolidayCalendar,
    phase: Phase,
    from: NaiveDate,
    to: NaiveDate,
) -> std::result::Result<i64, CalendarError> {
    if to < from {
        return Ok(0);
    }
    match phase {
        Phase::Decision => Ok((to - from).num_days() + 1),
        // Working days in (from - 1, to].
        Phase::Filing => {
            let before = from.pred_opt().unwrap_or(from);
            Ok(cal.working_days_between(before, to)?.days.max(0))
        }
    }
}

/// The last day to decide whether to file: the body's period (`FilingWorkingDays`), plus its
/// extension when the head approved one (`FilingExtensionWorkingDays`), plus the working days
/// excluded (第十八条).
pub fn filing_due(
    cal: &HolidayCalendar,
    lead_on: NaiveDate,
    params: &crate::procedure::ProcedureParams,
    extended: bool,
    excluded_wd: i64,
) -> std::result::Result<NaiveDate, CalendarError> {
    use crate::procedure::ParamKey;
    let mut days = params.days(ParamKey::FilingWorkingDays);
    if extended {
        days = days.saturating_add(params.days(ParamKey::FilingExtensionWorkingDays));
    }
    days = days.saturating_add(u32::try_from(excluded_wd.max(0)).unwrap_or(u32::MAX / 2));
    Ok(super::deadlines::filing_deadline_with(cal, lead_on, days)?
        .deadline
        .date)
}

/// The last day to decide: the body's period (第六十条: ninety days unless a rule says
/// otherwise), the approved extension, and the calendar days excluded (第六十四条 第三款).
pub fn decision_due(
    cal: &HolidayCalendar,
    filed_on: NaiveDate,
    params: &crate::procedure::ProcedureParams,
    extension_days: i64,
    excluded_days: i64,
) -> std::result::Result<NaiveDate, CalendarError> {
    let extra = extension_days.max(0).saturating_add(excluded_days.max(0));
    let extra = u32::try_from(extra).map_err(|_| CalendarError::OutOfRange {
        start: filed_on,
        amount: extra,
    })?;
    Ok(super::deadlines::decision_deadline_with(
        cal,
        filed_on,
        params.days(crate::procedure::ParamKey::DecisionDays),
        extra,
    )?
    .deadline
    .date)
}

/// One recorded period.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ExcludedPeriod {
    pub phase: Phase,
    pub kind: ExcludedKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Days taken off (working days for filing, calendar days for the decision).
    pub counted: i64,
    pub note: String,
}

/// Whether `[from, to]` overlaps a period already recorded in the same phase (time is never
/// taken off twice).
pub fn overlaps(existing: &[ExcludedPeriod], phase: Phase, from: NaiveDate, to: NaiveDate) -> bool {
    existing
        .iter()
        .any(|p| p.phase == phase && p.from <= to && from <= p.to)
}

/// Stores a period.
pub async fn insert(
    conn: &mut AnyConnection,
    region: &str,
    case_id: i64,
    p: &ExcludedPeriod,
    by: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO case_excluded_periods (region_code, case_id, phase, kind, from_on, to_on, counted, note, recorded_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(region.to_string())
    .bind(case_id)
    .bind(p.phase.as_str())
    .bind(p.kind.as_str())
    .bind(p.from.to_string())
    .bind(p.to.to_string())
    .bind(p.counted)
    .bind(p.note.clone())
    .bind(by.to_string())
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The periods of a case, in the order recorded.
pub async fn load(conn: &mut AnyConnection, case_id: i64) -> Result<Vec<ExcludedPeriod>> {
    let rows = sqlx::query(
        "SELECT phase, kind, from_on, to_on, counted, note FROM case_excluded_periods WHERE case_id = $1 ORDER BY id",
    )
    .bind(case_id)
    .fetch_all(&mut *conn)
    .await?;
    let bad =
        |what: &str, v: &str| Error::Internal(format!("stored excluded period {what}: {v:?}"));
    rows.iter()
        .map(|r| {
            let phase: String = r.try_get("phase")?;
            let kind: String = r.try_get("kind")?;
            let from: String = r.try_get("from_on")?;
            let to: String = r.try_get("to_on")?;
            Ok(ExcludedPeriod {
                phase: Phase::parse(&phase).ok_or_else(|| bad("phase", &phase))?,
                kind: ExcludedKind::parse(&kind).ok_or_else(|| bad("kind", &kind))?,
                from: from.parse().map_err(|_| bad("from_on", &from))?,
                to: to.parse().map_err(|_| bad("to_on", &to))?,
                counted: r.try_get("counted")?,
                note: r.try_get("note")?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::procedure::ProcedureParams;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn cal() -> HolidayCalendar {
        HolidayCalendar::from_toml_str(include_str!("../../data/cn-holidays.toml"))
            .expect("bundled calendar parses")
    }

    /// 市场监督管理行政处罚程序规定 第十八条 第二款: the working days of a testing period come
    /// off the filing period; a period spanning the National Day holiday takes off only its
    /// working days.
    #[test]
    fn filing_period_skips_testing_working_days_art18() {
        let cal = cal();
        // 2024-09-30 (Mon) … 2024-10-08 (Tue): 10-01..07 are holidays, so 2 working days.
        let n = counted_days(&cal, Phase::Filing, d("2024-09-30"), d("2024-10-08")).unwrap();
        assert_eq!(n, 2);
        let p = ProcedureParams::defaults();
        let plain = filing_due(&cal, d("2024-09-02"), &p, false, 0).unwrap();
        let with = filing_due(&cal, d("2024-09-02"), &p, false, n).unwrap();
        assert_eq!(cal.working_days_between(plain, with).unwrap().days, 2);
    }

    /// 第十八条 第一款: the head's approval adds the body's extension (fifteen working days by
    /// default) to the filing period.
    #[test]
    fn approved_filing_extension_adds_fifteen_working_days_art18() {
        let cal = cal();
        let p = ProcedureParams::defaults();
        let plain = filing_due(&cal, d("2024-03-01"), &p, false, 0).unwrap();
        let ext = filing_due(&cal, d("2024-03-01"), &p, true, 0).unwrap();
        assert_eq!(cal.working_days_between(plain, ext).unwrap().days, 15);
    }

    /// 第六十四条 第三款: a hearing's calendar days come off the decision period (90 days of
    /// 行政处罚法 第六十条).
    #[test]
    fn decision_period_skips_hearing_days_art64() {
        let cal = cal();
        let p = ProcedureParams::defaults();
        let n = counted_days(&cal, Phase::Decision, d("2024-05-06"), d("2024-05-15")).unwrap();
        assert_eq!(n, 10);
        let plain = decision_due(&cal, d("2024-03-01"), &p, 0, 0).unwrap();
        let with = decision_due(&cal, d("2024-03-01"), &p, 0, n).unwrap();
        assert_eq!(plain, d("2024-05-30"));
        assert_eq!(
            with,
            d("2024-06-11"),
            "2024-06-09 is a Sunday, 06-10 the Dragon Boat holiday"
        );
    }

    #[test]
    fn hearings_cannot_stop_the_filing_period() {
        assert!(ExcludedKind::Appraisal.stops_filing());
        assert!(!ExcludedKind::Hearing.stops_filing());
        assert!(!ExcludedKind::Announcement.stops_filing());
    }

    #[test]
    fn overlapping_periods_are_found() {
        let p = ExcludedPeriod {
            phase: Phase::Decision,
            kind: ExcludedKind::Testing,
            from: d("2024-05-01"),
            to: d("2024-05-10"),
            counted: 10,
            note: String::new(),
        };
        assert!(overlaps(
            std::slice::from_ref(&p),
            Phase::Decision,
            d("2024-05-10"),
            d("2024-05-12")
        ));
        assert!(!overlaps(
            std::slice::from_ref(&p),
            Phase::Decision,
            d("2024-05-11"),
            d("2024-05-12")
        ));
        assert!(!overlaps(
            &[p],
            Phase::Filing,
            d("2024-05-01"),
            d("2024-05-12")
        ));
    }
}
