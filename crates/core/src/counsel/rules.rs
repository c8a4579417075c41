//! What a registration of counsel must carry, from 律师法 (2017), as pure functions.

use chrono::NaiveDate;

use crate::labels::labelled_enum;

labelled_enum!(
    /// Kinds of counsel.
    Kind {
        PublicLawyer = "public_lawyer", "公职律师", "Public-sector lawyer";
        Lawyer = "lawyer", "律师法律顾问", "Lawyer as legal adviser";
        Scholar = "scholar", "专家学者法律顾问", "Scholar as legal adviser";
    }
);

labelled_enum!(
    /// Subjects counsel give opinions on. Other modules link theirs by adding a kind here.
    SubjectKind {
        Decision = "decision", "重大行政决策", "Major decision";
        Normative = "normative", "行政规范性文件", "Normative document";
        Contract = "contract", "合同协议审核", "Contract review";
        Litigation = "litigation", "涉法涉诉案件", "Litigation";
    }
);

/// A registration as entered.
#[derive(Debug, Clone)]
pub struct NewCounsel {
    pub kind: Kind,
    pub name: String,
    /// 法律职业资格证书编号.
    pub qualification_no: String,
    /// 公职律师证 or 律师执业证 number.
    pub licence_no: String,
    /// The law firm (lawyer) or institution (scholar).
    pub firm: String,
    pub specialty: String,
    /// The body it is appointed to, and from when.
    pub department_id: i64,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

/// A fault of a registration, with its article where the law sets the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Name,
    /// 律师法 第五条 第（二）项: practising as a lawyer takes 法律职业资格.
    Qualification,
    /// 律师法 第六条, 第十三条: no 执业证书, no practice under a lawyer's name.
    Licence,
    /// 律师法 第十条: a lawyer practises in one law firm, which the registration names.
    Firm,
    /// The appointment ends before it starts.
    Term,
}

impl Fault {
    pub fn field(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Qualification => "qualification_no",
            Self::Licence => "licence_no",
            Self::Firm => "firm",
            Self::Term => "ends_on",
        }
    }

    pub fn message(self) -> (&'static str, &'static str) {
        match self {
            Self::Name => (
                "请填写姓名（2–20 字）。",
                "Enter the name (2 to 20 characters).",
            ),
            Self::Qualification => (
                "律师须取得法律职业资格，请填写法律职业资格证书编号（《律师法》第五条第（二）项）。",
                "A lawyer needs the legal professional qualification: enter its certificate number (Lawyers Law art. 5(2)).",
            ),
            Self::Licence => (
                "没有取得执业证书的人员，不得以律师名义从事法律服务，请填写公职律师证或律师执业证号（《律师法》第六条、第十三条）。",
                "Nobody without a practising certificate may act as a lawyer: enter the certificate number (Lawyers Law arts. 6, 13).",
            ),
            Self::Firm => (
                "律师只能在一个律师事务所执业，请填写其执业机构（《律师法》第十条）。",
                "A lawyer practises in one law firm: enter it (Lawyers Law art. 10).",
            ),
            Self::Term => (
                "聘任终止日期不能早于起始日期。",
                "The appointment cannot end before it starts.",
            ),
        }
    }
}

fn filled(s: &str, max: usize) -> bool {
    let n = s.trim().chars().count();
    n > 0 && n <= max
}

/// Checks a registration: a public-sector lawyer or a lawyer holds the qualification and a
/// certificate; a lawyer names the firm; a scholar needs neither.
pub fn check(n: &NewCounsel) -> Result<(), Fault> {
    let name = n.name.trim().chars().count();
    if !(2..=20).contains(&name) {
        return Err(Fault::Name);
    }
    if matches!(n.kind, Kind::PublicLawyer | Kind::Lawyer) {
        if !filled(&n.qualification_no, 40) {
            return Err(Fault::Qualification);
        }
        if !filled(&n.licence_no, 40) {
            return Err(Fault::Licence);
        }
    }
    if n.kind == Kind::Lawyer && !filled(&n.firm, 100) {
        return Err(Fault::Firm);
    }
    if n.ends_on.is_some_and(|e| e < n.starts_on) {
        return Err(Fault::Term);
    }
    Ok(())
}

/// 律师法 第十一条: "公务员不得兼任执业律师" — a public-sector lawyer (a civil servant of the
/// body) cannot also be registered as a practising lawyer, and the other way round.
pub fn dual_practice(existing: Kind, new: Kind) -> bool {
    matches!(
        (existing, new),
        (Kind::PublicLawyer, Kind::Lawyer) | (Kind::Lawyer, Kind::PublicLawyer)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(kind: Kind) -> NewCounsel {
        NewCounsel {
            kind,
            name: "王立新".into(),
            qualification_no: "A20121201160012".into(),
            licence_no: "11201201810012345".into(),
            firm: "天津某律师事务所".into(),
            specialty: "行政法".into(),
            department_id: 1,
            starts_on: "2024-01-01".parse().expect("date"),
            ends_on: None,
        }
    }

    /// 律师法 第五条, 第十条, 第十三条.
    #[test]
    fn registrations() {
        assert_eq!(check(&n(Kind::PublicLawyer)), Ok(()));
        let mut x = n(Kind::PublicLawyer);
        x.qualification_no.clear();
        assert_eq!(check(&x), Err(Fault::Qualification));
        let mut x = n(Kind::Lawyer);
        x.licence_no = " ".into();
        assert_eq!(check(&x), Err(Fault::Licence));
        let mut x = n(Kind::Lawyer);
        x.firm.clear();
        assert_eq!(check(&x), Err(Fault::Firm));
        let mut x = n(Kind::Scholar);
        x.qualification_no.clear();
        x.licence_no.clear();
        x.firm.clear();
        assert_eq!(check(&x), Ok(()));
        let mut x = n(Kind::Scholar);
        x.ends_on = Some("2023-12-31".parse().expect("date"));
        assert_eq!(check(&x), Err(Fault::Term));
        assert!(Fault::Qualification.message().0.contains("第五条"));
    }

    /// 律师法 第十一条.
    #[test]
    fn no_dual_practice_art_11() {
        assert!(dual_practice(Kind::PublicLawyer, Kind::Lawyer));
        assert!(dual_practice(Kind::Lawyer, Kind::PublicLawyer));
        assert!(!dual_practice(Kind::Lawyer, Kind::Lawyer));
        assert!(!dual_practice(Kind::Scholar, Kind::PublicLawyer));
    }
}
