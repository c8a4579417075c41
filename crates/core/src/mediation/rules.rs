//! The rules of 人民调解法 (2010) as pure functions, each with its article; the categories of
//! organisations, disputes and screenings.

use chrono::{Datelike, NaiveDate};

use crate::calendar::{CalendarError, Deadline, HolidayCalendar};
use crate::labels::labelled_enum;

labelled_enum!(
    /// The level of an organisation in the three-level platform (区—街镇—村居), plus the trade
    /// and professional committees the district sets up beside them.
    Level {
        District = "district", "区级", "District";
        Subdistrict = "subdistrict", "街镇", "Subdistrict or town";
        Community = "community", "村居", "Village or residents' committee";
        Trade = "trade", "行业性专业性", "Trade or professional";
    }
);

labelled_enum!(
    /// What kind of committee it is (第八条: villages, residents, enterprises; 第三十四条:
    /// 街镇 and other organisations).
    OrgKind {
        District = "district", "区人民调解委员会", "District committee";
        Subdistrict = "subdistrict", "街镇人民调解委员会", "Subdistrict committee";
        Village = "village", "村民委员会人民调解委员会", "Village committee";
        Residents = "residents", "居民委员会人民调解委员会", "Residents' committee";
        Medical = "medical", "医疗纠纷人民调解委员会", "Medical disputes";
        Traffic = "traffic", "交通事故纠纷人民调解委员会", "Traffic accidents";
        Labour = "labour", "劳动争议人民调解委员会", "Labour disputes";
        Property = "property", "物业纠纷人民调解委员会", "Property management";
        Enterprise = "enterprise", "企事业单位人民调解委员会", "Enterprise committee";
    }
);

impl OrgKind {
    /// The level an organisation of this kind sits at.
    pub fn level(self) -> Level {
        match self {
            OrgKind::District => Level::District,
            OrgKind::Subdistrict => Level::Subdistrict,
            OrgKind::Village | OrgKind::Residents => Level::Community,
            OrgKind::Medical
            | OrgKind::Traffic
            | OrgKind::Labour
            | OrgKind::Property
            | OrgKind::Enterprise => Level::Trade,
        }
    }
}

labelled_enum!(
    /// How a dispute came in (第十七条 application or own initiative; 第十八条 referral by the
    /// court or the police; the 12345 hotline and petitions).
    Channel {
        WalkIn = "walk_in", "当事人申请", "Walk-in application";
        Initiative = "initiative", "主动调解", "On the committee's initiative";
        Hotline = "hotline", "12345热线转办", "12345 hotline transfer";
        Court = "court", "法院委派", "Referred by the court";
        Police = "police", "公安移交", "Referred by the police";
        Petition = "petition", "信访转交", "Referred from petitions";
    }
);

labelled_enum!(
    /// The kind of dispute (民间纠纷).
    DisputeKind {
        Neighbour = "neighbour", "邻里纠纷", "Neighbours";
        Family = "family", "婚姻家庭纠纷", "Marriage and family";
        Property = "property", "物业纠纷", "Property management";
        Labour = "labour", "劳动争议", "Labour";
        Medical = "medical", "医疗纠纷", "Medical";
        Traffic = "traffic", "交通事故纠纷", "Traffic accident";
        Construction = "construction", "建设工程纠纷", "Construction";
        Contract = "contract", "合同纠纷", "Contract";
        Damage = "damage", "损害赔偿纠纷", "Damages";
        Land = "land", "土地承包纠纷", "Land contracting";
        Other = "other", "其他纠纷", "Other";
    }
);

impl DisputeKind {
    /// The trade or professional committee that takes this kind, if the district has one.
    pub fn trade_committee(self) -> Option<OrgKind> {
        match self {
            DisputeKind::Medical => Some(OrgKind::Medical),
            DisputeKind::Traffic => Some(OrgKind::Traffic),
            DisputeKind::Labour => Some(OrgKind::Labour),
            DisputeKind::Property => Some(OrgKind::Property),
            _ => None,
        }
    }
}

labelled_enum!(
    /// The risk a screening (矛盾排查) found.
    Risk {
        None = "none", "未发现", "None found";
        Low = "low", "低", "Low";
        Medium = "medium", "中", "Medium";
        High = "high", "高", "High";
    }
);

labelled_enum!(
    /// The form of an agreement (第二十八条).
    AgreementForm {
        Written = "written", "书面调解协议", "Written agreement";
        Oral = "oral", "口头调解协议", "Oral agreement";
    }
);

/// 第八条 第二款: a committee has three to nine members.
pub const MIN_MEMBERS: i64 = 3;
pub const MAX_MEMBERS: i64 = 9;
/// 第九条 第二款: members serve three years and may be re-elected.
pub const TERM_YEARS: i32 = 3;
/// 第三十三条 (and 民事诉讼法 第二百零五条): 司法确认 is applied for within thirty days of the
/// agreement taking effect.
pub const CONFIRMATION_DAYS: u32 = 30;

/// A committee's composition as entered.
#[derive(Debug, Clone, Copy)]
pub struct Composition {
    pub members: i64,
    pub women: i64,
    pub minority: i64,
    /// The area is 多民族居住的地区.
    pub multi_ethnic: bool,
}

/// Checks a committee's composition; the refusal names its article (Chinese, English).
pub fn check_composition(c: &Composition) -> Result<(), (String, String)> {
    // 第八条 第二款: 委员三至九人.
    if !(MIN_MEMBERS..=MAX_MEMBERS).contains(&c.members) {
        return Err((
            format!(
                "人民调解委员会由委员三至九人组成（《人民调解法》第八条第二款），填写的是 {} 人。",
                c.members
            ),
            format!(
                "A committee has three to nine members (People's Mediation Law art. 8(2)); {} given.",
                c.members
            ),
        ));
    }
    // 第八条 第三款: 应当有妇女成员.
    if c.women < 1 || c.women > c.members {
        return Err((
            "人民调解委员会应当有妇女成员（《人民调解法》第八条第三款），且不能多于委员总数。"
                .into(),
            "A committee must have women members (art. 8(3)), no more than all its members.".into(),
        ));
    }
    // 第八条 第三款: 多民族居住的地区应当有人数较少民族的成员.
    if c.minority < 0 || c.minority > c.members || (c.multi_ethnic && c.minority < 1) {
        return Err((
            "多民族居住的地区，人民调解委员会应当有人数较少民族的成员（《人民调解法》第八条第三款）。"
                .into(),
            "In a multi-ethnic area the committee needs a member of a smaller ethnic group (art. 8(3))."
                .into(),
        ));
    }
    Ok(())
}

/// 第九条 第二款: the last day of a term of three years begun on `start`.
pub fn term_end(start: NaiveDate) -> NaiveDate {
    let y = start.year() + TERM_YEARS;
    // 29 February starts a term that ends on 28 February.
    start
        .with_year(y)
        .or_else(|| NaiveDate::from_ymd_opt(y, start.month(), 28))
        .unwrap_or(start)
        .pred_opt()
        .unwrap_or(start)
}

/// When an agreement takes effect: a written one when the parties sign and the committee seals
/// it (第二十九条 第二款), an oral one on the day it is reached (第三十条); both are `on`.
pub fn effective_on(_form: AgreementForm, on: NaiveDate) -> NaiveDate {
    on
}

/// The last day to apply for 司法确认: thirty days from the day the agreement took effect
/// (人民调解法 第三十三条, 民事诉讼法 第二百零五条), the first day not counted and a last day off
/// moved to the next working day (民事诉讼法 第八十五条).
pub fn confirmation_due(
    cal: &HolidayCalendar,
    effective: NaiveDate,
) -> Result<Deadline, CalendarError> {
    cal.add_calendar_days(effective, CONFIRMATION_DAYS)
}

/// Whether an application for 司法确认 on `applied` is in time (第三十三条): not before the
/// agreement took effect, not after the last day.
pub fn confirmation_in_time(effective: NaiveDate, applied: NaiveDate, due: NaiveDate) -> bool {
    applied >= effective && applied <= due
}

/// The channels a failed mediation must tell the parties of (第二十六条: 仲裁、行政、司法).
pub const CHANNELS: &[(&str, &str, &str)] = &[
    ("arbitration", "仲裁", "arbitration"),
    ("administrative", "行政途径", "administrative channels"),
    ("judicial", "司法途径（诉讼）", "the courts"),
];

/// A screening's risk that must go up to the 司法所 (high risk, 第二十五条: a dispute that may
/// escalate needs preventive measures and, where it may become a public-order or criminal case,
/// a report to the police).
pub fn must_escalate(risk: Risk) -> bool {
    risk == Risk::High
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(members: i64, women: i64, minority: i64, multi: bool) -> Composition {
        Composition {
            members,
            women,
            minority,
            multi_ethnic: multi,
        }
    }

    #[test]
    fn three_to_nine_members_art8() {
        assert!(check_composition(&c(2, 1, 0, false)).is_err());
        assert!(check_composition(&c(3, 1, 0, false)).is_ok());
        assert!(check_composition(&c(9, 2, 0, false)).is_ok());
        let e = check_composition(&c(10, 2, 0, false)).expect_err("ten");
        assert!(e.0.contains("第八条"), "{}", e.0);
    }

    #[test]
    fn women_members_and_smaller_groups_art8_para3() {
        let e = check_composition(&c(5, 0, 0, false)).expect_err("no women");
        assert!(e.0.contains("妇女") && e.0.contains("第八条第三款"));
        assert!(check_composition(&c(5, 1, 0, true)).is_err());
        assert!(check_composition(&c(5, 1, 1, true)).is_ok());
    }

    #[test]
    fn term_of_three_years_art9() {
        let s = NaiveDate::from_ymd_opt(2024, 1, 1).expect("date");
        assert_eq!(
            term_end(s),
            NaiveDate::from_ymd_opt(2026, 12, 31).expect("date")
        );
        let leap = NaiveDate::from_ymd_opt(2024, 2, 29).expect("date");
        assert_eq!(
            term_end(leap),
            NaiveDate::from_ymd_opt(2027, 2, 27).expect("date")
        );
    }

    #[test]
    fn confirmation_within_thirty_days_art33() {
        let cal = HolidayCalendar::new();
        let eff = NaiveDate::from_ymd_opt(2030, 3, 1).expect("date");
        let due = confirmation_due(&cal, eff).expect("due").date;
        // Thirty days from 1 March, the first day not counted: 31 March 2030 is a Sunday, so
        // the Monday after (民事诉讼法 第八十五条; 2030 has no notice: Monday–Friday fallback).
        assert_eq!(due, NaiveDate::from_ymd_opt(2030, 4, 1).expect("date"));
        assert!(confirmation_in_time(eff, eff, due));
        assert!(confirmation_in_time(eff, due, due));
        assert!(!confirmation_in_time(eff, due.succ_opt().expect("d"), due));
        assert!(!confirmation_in_time(eff, eff.pred_opt().expect("d"), due));
    }

    #[test]
    fn high_risk_goes_up_art25() {
        assert!(must_escalate(Risk::High));
        assert!(!must_escalate(Risk::Medium));
    }
}
