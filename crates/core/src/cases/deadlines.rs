//! Statutory time limits of 行政处罚法 on the working-day calendar.
//!
//! 第八十五条: "本法中“二日”“三日”“五日”“七日”的规定是指工作日，不含法定节假日。"
//! Those periods use [`HolidayCalendar::add_working_days`]; every other period is in
//! calendar days ([`HolidayCalendar::add_calendar_days`]: the start day is not counted, 民法典
//! 第二百零一条 ("开始的当日不计入，自下一日开始计算"), and a last day that is a 法定休假日 moves to
//! the day after it, 民法典 第二百零三条 — the general rule for 行政处罚 procedure periods;
//! 民事诉讼法 第八十五条 says the same for litigation and, through 行政复议法 第八十八条, 复议).

use chrono::NaiveDate;

use super::prov;
use crate::calendar::{CalendarError, Deadline, HolidayCalendar};

/// A computed deadline with the provision that sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatutoryDeadline {
    /// Last day of the period (and whether the calendar covered it).
    pub deadline: Deadline,
    /// Provision code of the period.
    pub provision: &'static str,
    /// True when counted in working days (第八十五条).
    pub working_days: bool,
}

fn working(
    cal: &HolidayCalendar,
    start: NaiveDate,
    days: u32,
    provision: &'static str,
) -> Result<StatutoryDeadline, CalendarError> {
    Ok(StatutoryDeadline {
        deadline: cal.add_working_days(start, days)?,
        provision,
        working_days: true,
    })
}

fn calendar(
    cal: &HolidayCalendar,
    start: NaiveDate,
    days: u32,
    provision: &'static str,
) -> Result<StatutoryDeadline, CalendarError> {
    Ok(StatutoryDeadline {
        deadline: cal.add_calendar_days(start, days)?,
        provision,
        working_days: false,
    })
}

/// 第六十四条 第（一）项: "当事人要求听证的，应当在行政机关告知后五日内提出" — five
/// working days (第八十五条) after the day of the notice.
pub fn hearing_request_deadline(
    cal: &HolidayCalendar,
    notified_on: NaiveDate,
) -> Result<StatutoryDeadline, CalendarError> {
    working(cal, notified_on, 5, prov::ART_64_ITEM_1)
}

/// 第六十四条 第（二）项: "行政机关应当在举行听证的七日前，通知当事人及有关人员听证的时间、地点"
/// — seven working days (第八十五条): the earliest day a hearing noticed on `notified_on` may be
/// held.
pub fn hearing_notice_earliest_hearing(
    cal: &HolidayCalendar,
    notified_on: NaiveDate,
) -> Result<NaiveDate, CalendarError> {
    Ok(working(cal, notified_on, 7, prov::ART_64_ITEM_2)?
        .deadline
        .date)
}

/// 第六十条: "应当自行政处罚案件立案之日起九十日内作出行政处罚决定。法律、法规、规章另有规定的，
/// 从其规定。" — 90 calendar days from filing. The article itself grants no extension; an
/// extension exists only where another law, regulation or rule provides one (e.g. a
/// ministry's procedure rule allowing 30 more days with the head's approval), so the approved
/// extension days are a parameter, added to the period (`extension_days = 0` for none).
pub fn decision_deadline(
    cal: &HolidayCalendar,
    filed_on: NaiveDate,
    extension_days: u32,
) -> Result<StatutoryDeadline, CalendarError> {
    decision_deadline_with(cal, filed_on, 90, extension_days)
}

/// The decision period of the body's rule (`procedure::ParamKey::DecisionDays`: 90 unless a
/// law provides otherwise, 第六十条) plus the approved extension.
pub fn decision_deadline_with(
    cal: &HolidayCalendar,
    filed_on: NaiveDate,
    base_days: u32,
    extension_days: u32,
) -> Result<StatutoryDeadline, CalendarError> {
    let days = base_days
        .checked_add(extension_days)
        .ok_or(CalendarError::OutOfRange {
            start: filed_on,
            amount: i64::from(extension_days),
        })?;
    calendar(cal, filed_on, days, prov::ART_60)
}

/// 第六十一条 第一款: "当事人不在场的，行政机关应当在七日内依照《中华人民共和国民事诉讼法》的有关规定，
/// 将行政处罚决定书送达当事人" — seven working days (第八十五条) after the announcement.
/// (When the party is present, the decision is handed over on the spot.)
pub fn service_deadline(
    cal: &HolidayCalendar,
    announced_on: NaiveDate,
) -> Result<StatutoryDeadline, CalendarError> {
    working(cal, announced_on, 7, prov::ART_61_PARA_1)
}

/// 第六十七条 第三款: "当事人应当自收到行政处罚决定书之日起十五日内...缴纳罚款" — fifteen
/// calendar days (not one of the periods of 第八十五条) after receipt.
pub fn payment_deadline(
    cal: &HolidayCalendar,
    received_on: NaiveDate,
) -> Result<StatutoryDeadline, CalendarError> {
    calendar(cal, received_on, 15, prov::ART_67_PARA_3)
}

/// 第七十一条: "应当自收缴罚款之日起二日内，交至行政机关；在水上当场收缴的罚款，应当自抵岸之日起
/// 二日内交至行政机关" — two working days from collection, or from coming ashore for
/// fines collected on water (`ashore_on`).
pub fn cash_to_agency_deadline(
    cal: &HolidayCalendar,
    collected_on: NaiveDate,
    ashore_on: Option<NaiveDate>,
) -> Result<StatutoryDeadline, CalendarError> {
    working(cal, ashore_on.unwrap_or(collected_on), 2, prov::ART_71)
}

/// 第七十一条: "行政机关应当在二日内将罚款缴付指定的银行" — two working days after the
/// agency received the cash.
pub fn cash_to_bank_deadline(
    cal: &HolidayCalendar,
    received_by_agency_on: NaiveDate,
) -> Result<StatutoryDeadline, CalendarError> {
    working(cal, received_by_agency_on, 2, prov::ART_71)
}

/// 第五十六条: "可以先行登记保存，并应当在七日内及时作出处理决定" — seven working days
/// (第八十五条) after the registration.
pub fn evidence_preservation_deadline(
    cal: &HolidayCalendar,
    registered_on: NaiveDate,
) -> Result<StatutoryDeadline, CalendarError> {
    working(cal, registered_on, 7, prov::ART_56)
}

/// Deciding whether to file (立案): "自发现线索或者收到材料之日起十五个工作日内予以核查，由…负责人
/// 决定是否立案" (市场监督管理行政处罚程序规定 第十八条; 行政处罚法 第五十四条 第二款 only says 及时立案,
/// so the platform applies the ministry's fifteen working days to every body as its default).
pub fn filing_deadline(
    cal: &HolidayCalendar,
    lead_on: NaiveDate,
) -> Result<StatutoryDeadline, CalendarError> {
    filing_deadline_with(cal, lead_on, 15)
}

/// The filing period of the body's own rule (`procedure::ParamKey::FilingWorkingDays`, with
/// its extension added when approved).
pub fn filing_deadline_with(
    cal: &HolidayCalendar,
    lead_on: NaiveDate,
    working_days: u32,
) -> Result<StatutoryDeadline, CalendarError> {
    working(cal, lead_on, working_days, prov::ART_54_PARA_2)
}

/// Disclosure of a penalty decision (第四十八条 第一款 公开): "行政许可、行政处罚的执法决定信息要在
/// 执法决定作出之日起7个工作日内公开" (国办发〔2018〕118号, 行政执法公示制度). Stricter than
/// the 20 working days of 市场监督管理行政处罚信息公示规定 第九条 for the credit system, so one
/// rule serves every body.
pub fn disclosure_deadline(
    cal: &HolidayCalendar,
    decided_on: NaiveDate,
) -> Result<StatutoryDeadline, CalendarError> {
    working(cal, decided_on, 7, prov::ART_48_PARA_1)
}

/// 第四十八条 第二款: a published decision that is changed, revoked or held unlawful or void is
/// withdrawn "在三日内" — three working days (第八十五条).
pub fn withdrawal_deadline(
    cal: &HolidayCalendar,
    changed_on: NaiveDate,
) -> Result<StatutoryDeadline, CalendarError> {
    working(cal, changed_on, 3, prov::ART_48_PARA_2)
}
