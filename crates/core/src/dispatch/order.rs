//! Work orders as plain data: kinds, statuses, the status flow and the time limits.

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::HolidayCalendar;
use crate::{Code, Error};

/// 诉求类型.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderKind {
    Complaint,
    Report,
    Consult,
    Help,
    Suggest,
}

impl OrderKind {
    pub const ALL: [OrderKind; 5] = [
        OrderKind::Complaint,
        OrderKind::Report,
        OrderKind::Consult,
        OrderKind::Help,
        OrderKind::Suggest,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            OrderKind::Complaint => "complaint",
            OrderKind::Report => "report",
            OrderKind::Consult => "consult",
            OrderKind::Help => "help",
            OrderKind::Suggest => "suggest",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            OrderKind::Complaint => "投诉",
            OrderKind::Report => "举报",
            OrderKind::Consult => "咨询",
            OrderKind::Help => "求助",
            OrderKind::Suggest => "建议",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            OrderKind::Complaint => "Complaint",
            OrderKind::Report => "Report",
            OrderKind::Consult => "Enquiry",
            OrderKind::Help => "Request for help",
            OrderKind::Suggest => "Suggestion",
        }
    }
    /// Parses the stored name or the Chinese label (12345 exports say 意见建议, 投诉举报 …).
    pub fn parse(s: &str) -> Option<OrderKind> {
        let s = s.trim();
        match s {
            "意见建议" | "意见" => return Some(OrderKind::Suggest),
            "投诉举报" => return Some(OrderKind::Complaint),
            _ => {}
        }
        OrderKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s || k.label_zh() == s)
    }

    /// Working days from receipt to the reply (办结时限). Platform service standards of the
    /// hotline, not statutes; a department's own statutory period, where shorter, prevails.
    pub fn limit_working_days(self) -> u32 {
        match self {
            OrderKind::Consult => 3,
            OrderKind::Help => 5,
            OrderKind::Complaint | OrderKind::Suggest => 10,
            OrderKind::Report => 15,
        }
    }
}

/// Working days a department has to accept (签收) or return a dispatched order (platform rule).
pub const ACCEPT_WORKING_DAYS: u32 = 1;
/// Market-supervision complaints: the bureau decides within seven working days whether it
/// accepts the complaint (市场监督管理投诉举报处理暂行办法 第十四条); the hotline's one-day
/// sign-off comes first, this is the bureau's statutory bound shown on the order.
pub const MARKET_COMPLAINT_ACCEPT_DAYS: u32 = 7;

/// Where an order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Received,
    Dispatched,
    Accepted,
    Returned,
    Handled,
    Replied,
    Closed,
    Merged,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 8] = [
        OrderStatus::Received,
        OrderStatus::Dispatched,
        OrderStatus::Accepted,
        OrderStatus::Returned,
        OrderStatus::Handled,
        OrderStatus::Replied,
        OrderStatus::Closed,
        OrderStatus::Merged,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Received => "received",
            OrderStatus::Dispatched => "dispatched",
            OrderStatus::Accepted => "accepted",
            OrderStatus::Returned => "returned",
            OrderStatus::Handled => "handled",
            OrderStatus::Replied => "replied",
            OrderStatus::Closed => "closed",
            OrderStatus::Merged => "merged",
        }
    }
    pub fn parse(s: &str) -> Option<OrderStatus> {
        OrderStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            OrderStatus::Received => "待分拨",
            OrderStatus::Dispatched => "已派发",
            OrderStatus::Accepted => "办理中",
            OrderStatus::Returned => "已退单",
            OrderStatus::Handled => "已办结",
            OrderStatus::Replied => "已答复",
            OrderStatus::Closed => "已回访关闭",
            OrderStatus::Merged => "已合并",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            OrderStatus::Received => "To dispatch",
            OrderStatus::Dispatched => "Dispatched",
            OrderStatus::Accepted => "In progress",
            OrderStatus::Returned => "Returned",
            OrderStatus::Handled => "Handled",
            OrderStatus::Replied => "Replied",
            OrderStatus::Closed => "Closed",
            OrderStatus::Merged => "Merged",
        }
    }
    /// Tag colour of the UI.
    pub fn tag(self) -> &'static str {
        match self {
            OrderStatus::Received | OrderStatus::Returned => "warn",
            OrderStatus::Dispatched | OrderStatus::Accepted => "info",
            OrderStatus::Handled | OrderStatus::Replied => "ok",
            OrderStatus::Closed | OrderStatus::Merged => "muted",
        }
    }
    /// Still running against its time limit.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            OrderStatus::Received
                | OrderStatus::Dispatched
                | OrderStatus::Accepted
                | OrderStatus::Returned
        )
    }
}

/// A step of the flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Dispatch,
    Accept,
    Return,
    Handle,
    Reply,
    Close,
    Merge,
}

impl Step {
    pub fn action(self) -> &'static str {
        match self {
            Step::Dispatch => "dispatch",
            Step::Accept => "accept",
            Step::Return => "return",
            Step::Handle => "handle",
            Step::Reply => "reply",
            Step::Close => "close",
            Step::Merge => "merge",
        }
    }
}

/// The status a step leads to from `from`, or the refusal.
pub fn next_status(from: OrderStatus, step: Step) -> Result<OrderStatus, Error> {
    use OrderStatus::*;
    let to = match (step, from) {
        // Re-dispatch is allowed until the department has finished.
        (Step::Dispatch, Received | Returned | Dispatched | Accepted) => Dispatched,
        (Step::Accept, Dispatched) => Accepted,
        (Step::Return, Dispatched | Accepted) => Returned,
        (Step::Handle, Accepted) => Handled,
        (Step::Reply, Handled) => Replied,
        (Step::Close, Replied) => Closed,
        (Step::Merge, Received | Returned | Dispatched) => Merged,
        _ => {
            return Err(Error::of(Code::DispatchState).arg_zh_en(
                "from",
                from.label_zh(),
                from.label_en(),
            ));
        }
    };
    Ok(to)
}

/// The statutory period a department must also keep, shown on the order page.
pub fn statutory_note(kind: OrderKind, department_short: &str) -> Option<&'static str> {
    (kind == OrderKind::Complaint && department_short == "区市场监管局").then_some(
        "市场监督管理部门应当自收到投诉之日起七个工作日内作出受理或者不予受理的决定（《市场监督管理投诉举报处理暂行办法》第十四条）。",
    )
}

/// 市场监督管理投诉举报处理暂行办法 第十四条: the last day for the market-supervision bureau to
/// decide whether it accepts a complaint it received (from the hotline's dispatch) on
/// `received` — seven working days after it. `None` for other orders and bodies.
pub fn complaint_acceptance_due(
    cal: &HolidayCalendar,
    kind: OrderKind,
    department_short: &str,
    received: NaiveDate,
) -> Option<NaiveDate> {
    statutory_note(kind, department_short)?;
    cal.add_working_days(received, MARKET_COMPLAINT_ACCEPT_DAYS)
        .ok()
        .map(|d| d.date)
}

/// Deadlines of an order: accept by, reply by (dates), whether the calendar confirmed them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    pub accept_due: NaiveDate,
    pub due: NaiveDate,
    pub confirmed: bool,
}

/// Computes the deadlines of an order dispatched on `dispatched` and received on `received`.
pub fn deadlines(
    cal: &HolidayCalendar,
    kind: OrderKind,
    received: NaiveDate,
    dispatched: NaiveDate,
) -> Result<Deadlines, Error> {
    let err = |e: crate::calendar::CalendarError| Error::Internal(format!("calendar: {e}"));
    let a = cal
        .add_working_days(dispatched, ACCEPT_WORKING_DAYS)
        .map_err(err)?;
    let d = cal
        .add_working_days(received, kind.limit_working_days())
        .map_err(err)?;
    Ok(Deadlines {
        accept_due: a.date,
        due: d.date,
        confirmed: a.confirmed && d.confirmed,
    })
}

/// The place of an address, for duplicates: without spaces, punctuation and the house number
/// detail after the building (号楼/单元/室), so 某小区3号楼 and 某小区 3号楼2单元 match.
pub fn place_key(address: &str) -> String {
    let s: String = address
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation() && !"，。、（）()".contains(*c))
        .collect();
    let cut = ["号楼", "单元", "室", "栋"]
        .iter()
        .filter_map(|k| s.find(k))
        .min()
        .unwrap_or(s.len());
    // Drop the trailing digits of a building number as well.
    s[..cut]
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 市场监督管理投诉举报处理暂行办法 第十四条: seven working days from the bureau's receipt
    /// (the 2024 National Day week does not count, the adjusted Saturday 10-12 does); other bodies and kinds have no such period.
    #[test]
    fn market_complaint_acceptance_is_due_in_seven_working_days_tsjb_art14() {
        let cal = HolidayCalendar::from_toml_str(include_str!("../../data/cn-holidays.toml"))
            .expect("calendar");
        let d = |s: &str| s.parse::<NaiveDate>().expect("date");
        let on = d("2024-09-30");
        assert_eq!(
            complaint_acceptance_due(&cal, OrderKind::Complaint, "区市场监管局", on),
            Some(d("2024-10-15")),
            "the adjusted working Saturday 10-12 counts"
        );
        assert_eq!(
            complaint_acceptance_due(&cal, OrderKind::Complaint, "区城管委", on),
            None
        );
    }

    #[test]
    fn the_flow() {
        use OrderStatus::*;
        assert_eq!(next_status(Received, Step::Dispatch).ok(), Some(Dispatched));
        assert_eq!(next_status(Dispatched, Step::Return).ok(), Some(Returned));
        assert_eq!(next_status(Returned, Step::Dispatch).ok(), Some(Dispatched));
        assert!(next_status(Received, Step::Accept).is_err());
        assert!(next_status(Closed, Step::Dispatch).is_err());
        assert_eq!(next_status(Replied, Step::Close).ok(), Some(Closed));
    }

    #[test]
    fn kinds_parse_12345_labels() {
        assert_eq!(OrderKind::parse("投诉"), Some(OrderKind::Complaint));
        assert_eq!(OrderKind::parse("意见建议"), Some(OrderKind::Suggest));
        assert_eq!(OrderKind::parse("表扬"), None);
    }

    #[test]
    fn places_match_across_building_detail() {
        assert_eq!(
            place_key("塘沽 福州道 金海园3号楼2单元"),
            place_key("塘沽福州道金海园 3号楼")
        );
        assert_ne!(place_key("金海园"), place_key("银海园"));
    }

    #[test]
    fn deadlines_skip_holidays() {
        let cal = HolidayCalendar::new();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        // Friday + 1 working day (no notice loaded: Monday–Friday) = Monday.
        let x = deadlines(&cal, OrderKind::Consult, d("2024-03-01"), d("2024-03-01")).expect("ok");
        assert_eq!(x.accept_due, d("2024-03-04"));
        assert_eq!(x.due, d("2024-03-06"));
    }
}
