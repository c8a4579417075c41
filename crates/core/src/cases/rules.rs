//! Procedure eligibility and the late-payment surcharge of 行政处罚法.
//!
//! Amounts are [`Money`] (integer fen). "以下" in the statute includes the number itself
//! (民法典 第一千二百五十九条: "以上、以下、以内、届满，包括本数"), so 200 yuan is still
//! within "二百元以下".

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::Refusal;
use super::prov;
use crate::money::Money;
use crate::org::{CardRow, card_valid_on};

/// 第五十一条: citizens may be fined on the spot up to 200 yuan.
pub const SUMMARY_FINE_CITIZEN: Money = Money::from_fen(20_000);
/// 第五十一条: organisations (法人或者其他组织) up to 3,000 yuan.
pub const SUMMARY_FINE_ORGANISATION: Money = Money::from_fen(300_000);
/// 第六十八条 第（一）项: "依法给予一百元以下罚款的" may be collected on the spot.
pub const ON_THE_SPOT_COLLECTION_MAX: Money = Money::from_fen(10_000);

/// Who the party is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartyKind {
    /// 公民.
    Citizen,
    /// 法人或者其他组织.
    Organisation,
}

impl serde::Serialize for PartyKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(match self {
            PartyKind::Citizen => "citizen",
            PartyKind::Organisation => "organisation",
        })
    }
}

/// One sanction of an intended or decided penalty (kinds of 第九条 relevant to the rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sanction {
    /// 警告.
    Warning,
    /// 通报批评.
    Criticism,
    /// 罚款.
    Fine(Money),
    /// 没收违法所得.
    ConfiscateGains(Money),
    /// 没收非法财物 (value).
    ConfiscateProperty(Money),
    /// 降低资质等级.
    LowerQualification,
    /// 吊销许可证件.
    RevokeLicence,
    /// 暂扣许可证件.
    SuspendLicence,
    /// 责令停产停业.
    SuspendBusiness,
    /// 责令关闭.
    OrderClosure,
    /// 限制从业.
    RestrictPractice,
    /// 其他较重的行政处罚 (as classified by the caller).
    OtherHeavy,
}

/// Facts for 简易程序 (第五十一条).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryFacts {
    /// "违法事实确凿并有法定依据".
    pub facts_certain_with_basis: bool,
    /// The party.
    pub party: PartyKind,
    /// The intended sanctions.
    pub sanctions: Vec<Sanction>,
}

/// 第五十一条: "违法事实确凿并有法定依据，对公民处以二百元以下、对法人或者其他组织处以三千元以下罚款
/// 或者警告的行政处罚的，可以当场作出行政处罚决定。" Allowed when the facts are certain, there
/// is at least one sanction, every sanction is a warning or a fine, and the fines total at most
/// the threshold for the party. ("法律另有规定的，从其规定" — special laws are not modelled.)
pub fn summary_procedure_allowed(facts: &SummaryFacts) -> Result<&'static str, Refusal> {
    if !facts.facts_certain_with_basis || facts.sanctions.is_empty() {
        return Err(Refusal::SummaryNotAllowed);
    }
    let mut total: i64 = 0;
    for s in &facts.sanctions {
        match s {
            Sanction::Warning => {}
            Sanction::Fine(m) => {
                if m.fen() < 0 {
                    return Err(Refusal::InvalidAmount { fen: m.fen() });
                }
                total = total
                    .checked_add(m.fen())
                    .ok_or(Refusal::InvalidAmount { fen: m.fen() })?;
            }
            _ => return Err(Refusal::SummaryNotAllowed),
        }
    }
    let max = match facts.party {
        PartyKind::Citizen => SUMMARY_FINE_CITIZEN,
        PartyKind::Organisation => SUMMARY_FINE_ORGANISATION,
    };
    if total > max.fen() {
        return Err(Refusal::SummaryNotAllowed);
    }
    Ok(prov::ART_51)
}

/// Facts for collecting a fine on the spot (第六十八条、第六十九条).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CollectionFacts {
    /// The fine.
    pub fine: Money,
    /// Decided on the spot under 第五十一条 (简易程序).
    pub summary_procedure: bool,
    /// "不当场收缴事后难以执行的".
    pub hard_to_collect_later: bool,
    /// 边远、水上、交通不便地区 and paying at a bank or electronically is truly difficult.
    pub remote_area_difficulty: bool,
    /// The party asked for on-the-spot payment (required by 第六十九条).
    pub party_requested: bool,
}

/// May officers collect the fine on the spot? Returns the provision that allows it.
///
/// - 第六十八条: decided under 第五十一条 and (fine "一百元以下" or "不当场收缴事后难以执行").
/// - 第六十九条: in 边远、水上、交通不便地区, after a decision under 第五十一条 or 第五十七条, paying
///   at a bank is truly difficult and "经当事人提出".
///
/// Receipts of the financial department (第七十条) are a matter for the workflow.
pub fn on_the_spot_collection(facts: &CollectionFacts) -> Result<&'static str, Refusal> {
    if facts.fine.fen() <= 0 {
        return Err(Refusal::InvalidAmount {
            fen: facts.fine.fen(),
        });
    }
    if facts.summary_procedure {
        if facts.fine <= ON_THE_SPOT_COLLECTION_MAX {
            return Ok(prov::ART_68_ITEM_1);
        }
        if facts.hard_to_collect_later {
            return Ok(prov::ART_68_ITEM_2);
        }
    }
    if facts.remote_area_difficulty && facts.party_requested {
        return Ok(prov::ART_69);
    }
    Err(Refusal::CollectionNotAllowed)
}

/// "较大数额" / "较大价值" thresholds of 第六十三条. The Law leaves them to provincial and
/// ministerial rules, so they are configuration, not constants. An amount at or above the
/// threshold counts as large (thresholds are written "X元以上").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LargeAmounts {
    /// Large fine for a citizen.
    pub fine_citizen: Money,
    /// Large fine for an organisation.
    pub fine_organisation: Money,
    /// Large confiscation (违法所得 or value of 非法财物) for a citizen.
    pub confiscation_citizen: Money,
    /// Large confiscation for an organisation.
    pub confiscation_organisation: Money,
}

/// 第六十三条: must the party be told of the right to a hearing? Returns the items that
/// apply (empty: no hearing right under this article). `other_rule` covers item 6
/// ("法律、法规、规章规定的其他情形").
pub fn hearing_right(
    party: PartyKind,
    sanctions: &[Sanction],
    large: &LargeAmounts,
    other_rule: bool,
) -> Vec<&'static str> {
    let (fine_max, conf_max) = match party {
        PartyKind::Citizen => (large.fine_citizen, large.confiscation_citizen),
        PartyKind::Organisation => (large.fine_organisation, large.confiscation_organisation),
    };
    let mut fines: i64 = 0;
    let mut confiscated: i64 = 0;
    let mut items = BTreeSet::new();
    for s in sanctions {
        match *s {
            Sanction::Fine(m) => fines = fines.saturating_add(m.fen()),
            Sanction::ConfiscateGains(m) | Sanction::ConfiscateProperty(m) => {
                confiscated = confiscated.saturating_add(m.fen());
            }
            Sanction::LowerQualification | Sanction::RevokeLicence => {
                items.insert(prov::ART_63_ITEM_3);
            }
            Sanction::SuspendBusiness | Sanction::OrderClosure | Sanction::RestrictPractice => {
                items.insert(prov::ART_63_ITEM_4);
            }
            Sanction::OtherHeavy => {
                items.insert(prov::ART_63_ITEM_5);
            }
            Sanction::Warning | Sanction::Criticism | Sanction::SuspendLicence => {}
        }
    }
    if fines > 0 && fines >= fine_max.fen() {
        items.insert(prov::ART_63_ITEM_1);
    }
    if confiscated > 0 && confiscated >= conf_max.fen() {
        items.insert(prov::ART_63_ITEM_2);
    }
    if other_rule {
        items.insert(prov::ART_63_ITEM_6);
    }
    items.into_iter().collect()
}

/// Grounds of 第五十八条 on which 法制审核 is compulsory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LegalReviewGround {
    /// （一）涉及重大公共利益的.
    MajorPublicInterest,
    /// （二）直接关系当事人或者第三人重大权益，经过听证程序的.
    MajorRightsAfterHearing,
    /// （三）案件情况疑难复杂、涉及多个法律关系的.
    ComplexMultipleRelations,
    /// （四）法律、法规规定应当进行法制审核的其他情形.
    RequiredByLaw,
}

impl LegalReviewGround {
    /// Provision code of the item.
    pub fn provision(self) -> &'static str {
        match self {
            Self::MajorPublicInterest => prov::ART_58_ITEM_1,
            Self::MajorRightsAfterHearing => prov::ART_58_ITEM_2,
            Self::ComplexMultipleRelations => prov::ART_58_ITEM_3,
            Self::RequiredByLaw => prov::ART_58_ITEM_4,
        }
    }
}

/// Facts the grounds of 第五十八条 depend on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LegalReviewFacts {
    /// 涉及重大公共利益.
    pub major_public_interest: bool,
    /// 直接关系当事人或者第三人重大权益.
    pub major_rights: bool,
    /// 经过听证程序 (a hearing was held).
    pub hearing_held: bool,
    /// 案件情况疑难复杂、涉及多个法律关系 (both).
    pub complex_multiple_relations: bool,
    /// A law or regulation requires review in this case.
    pub required_by_law: bool,
}

/// 第五十八条: the grounds that make 法制审核 compulsory ("未经法制审核或者审核未通过的，不得作出
/// 决定"). Empty means not compulsory under this article. Item 2 needs both major rights and
/// a hearing held.
pub fn legal_review_grounds(facts: &LegalReviewFacts) -> Vec<LegalReviewGround> {
    let mut out = Vec::new();
    if facts.major_public_interest {
        out.push(LegalReviewGround::MajorPublicInterest);
    }
    if facts.major_rights && facts.hearing_held {
        out.push(LegalReviewGround::MajorRightsAfterHearing);
    }
    if facts.complex_multiple_relations {
        out.push(LegalReviewGround::ComplexMultipleRelations);
    }
    if facts.required_by_law {
        out.push(LegalReviewGround::RequiredByLaw);
    }
    out
}

/// 第五十七条 第二款: "对情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定。"
/// Required only when a penalty is to be given and the case is complex or the violation
/// serious. Returns the provision when required.
pub fn collective_discussion_required(
    complex: bool,
    serious_violation: bool,
    penalty_given: bool,
) -> Option<&'static str> {
    (penalty_given && (complex || serious_violation)).then_some(prov::ART_57_PARA_2)
}

/// 第四十二条 第一款: "行政处罚应当由具有行政执法资格的执法人员实施。执法人员不得少于两人".
/// Every assigned officer (duplicates ignored) must hold a card valid on `on` for `domain`
/// (see [`card_valid_on`]; an empty domain checks validity only), and there must be at least
/// two of them. `cards` may hold cards of any officers; only those of `officer_ids` count.
/// ("法律另有规定的除外" — one-officer exceptions of special laws are not modelled.)
pub fn check_enforcement_team(
    officer_ids: &[i64],
    cards: &[CardRow],
    on: NaiveDate,
    domain: &str,
) -> Result<&'static str, Refusal> {
    let team: BTreeSet<i64> = officer_ids.iter().copied().collect();
    for &officer_id in &team {
        let ok = cards
            .iter()
            .any(|c| c.officer_id == officer_id && card_valid_on(c, on, domain));
        if !ok {
            return Err(Refusal::CardInvalid { officer_id });
        }
    }
    if team.len() < 2 {
        return Err(Refusal::TooFewOfficers { count: team.len() });
    }
    Ok(prov::ART_42_PARA_1)
}

/// Days of 加处罚款 accrued on `as_of`: calendar days after `due` (the last day to pay) up
/// to and including `as_of`, minus days inside any `suspended` range (inclusive), during which
/// 复议 or 诉讼 ran (第七十三条 第三款: "加处罚款的数额在行政复议或者行政诉讼期间不予计算").
pub fn surcharge_days(
    due: NaiveDate,
    as_of: NaiveDate,
    suspended: &[(NaiveDate, NaiveDate)],
) -> Result<u32, Refusal> {
    if suspended.iter().any(|(a, b)| b < a) {
        return Err(Refusal::InvalidPeriod);
    }
    if as_of <= due {
        return Ok(0);
    }
    let span = (as_of - due).num_days();
    let mut days: i64 = span;
    // Subtract the overlap of each suspended range with (due, as_of], merging overlaps.
    let mut ranges: Vec<(NaiveDate, NaiveDate)> = suspended
        .iter()
        .filter_map(|&(a, b)| {
            let start = a.max(due.succ_opt()?);
            let end = b.min(as_of);
            (start <= end).then_some((start, end))
        })
        .collect();
    ranges.sort();
    let mut covered_to: Option<NaiveDate> = None;
    for (a, b) in ranges {
        let start = match covered_to {
            Some(c) if c >= b => continue,
            Some(c) if c >= a => c.succ_opt().unwrap_or(b),
            _ => a,
        };
        days -= (b - start).num_days() + 1;
        covered_to = Some(b);
    }
    u32::try_from(days.max(0)).map_err(|_| Refusal::InvalidPeriod)
}

/// 第七十二条 第一款 第（一）项: "到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，
/// 加处罚款的数额不得超出罚款的数额". Total surcharge after `days_overdue` days:
/// `min(fine, fine × 3 × days / 100)`, computed exactly in fen (i128) on the total and
/// **rounded down** to the fen (in the party's favour; never more than the statute allows).
/// The cap is reached on day 34 (33 days = 99 %).
pub fn late_payment_surcharge(fine: Money, days_overdue: u32) -> Result<Money, Refusal> {
    let fen = fine.fen();
    if fen < 0 {
        return Err(Refusal::InvalidAmount { fen });
    }
    let raw = i128::from(fen) * 3 * i128::from(days_overdue) / 100;
    let capped = raw.min(i128::from(fen));
    let out = i64::try_from(capped).map_err(|_| Refusal::InvalidAmount { fen })?;
    Ok(Money::from_fen(out))
}

/// 第四十四条 ("行政机关在作出行政处罚决定之前，应当告知当事人拟作出的行政处罚内容及事实、理由、
/// 依据，并告知当事人依法享有的陈述、申辩、要求听证等权利") and 第六十二条 ("…不得作出行政处罚
/// 决定。当事人明确放弃陈述或者申辩权利的除外"): every penalty decision, general or on the spot,
/// needs the party told (the 告知书; under 简易程序 told on the spot and heard) or an express
/// waiver. The state machine and the supervision check `prior_notice` both ask this.
pub fn prior_notice_given(told: bool, waived: bool) -> Result<(), Refusal> {
    if told || waived {
        Ok(())
    } else {
        Err(Refusal::NoticeMissing)
    }
}

/// 第六十四条 第（一）项: "当事人要求听证的，应当在行政机关告知后五日内提出" — a request is
/// timely on any day up to and including the last day `due` of the window, whatever internal
/// step (法制审核, 集体讨论) the agency took meanwhile, as long as no decision has been made
/// (第六十三条: "当事人要求听证的，行政机关应当组织听证").
pub fn hearing_request_in_time(due: NaiveDate, on: NaiveDate, decided: bool) -> bool {
    on <= due && !decided
}

/// The hearing facts a decision day is judged on (the workflow's Decide step and the
/// supervision check `statement_window` fill it from the same record).
#[derive(Debug, Clone, Copy, Default)]
pub struct HearingWindow {
    /// 第六十三条 gives the right.
    pub hearing_right: bool,
    /// The party expressly waived the hearing. A waiver of 陈述、申辩 (第六十二条 "当事人明确
    /// 放弃陈述或者申辩权利的除外") is not a waiver of the hearing.
    pub hearing_waived: bool,
    /// The party requested a hearing (it is then held before the decision, 第六十五条).
    pub hearing_requested: bool,
    /// Last day of the request window (第六十四条（一）).
    pub request_due: Option<NaiveDate>,
}

/// The last day of the hearing-request window when a decision on `on` would cut it short
/// (第六十四条（一）), else `None`. Only an express waiver of the hearing, or a request already
/// made, ends the window early.
pub fn hearing_window_blocks(w: &HearingWindow, on: NaiveDate) -> Option<NaiveDate> {
    if !w.hearing_right || w.hearing_waived || w.hearing_requested {
        return None;
    }
    w.request_due.filter(|due| on <= *due)
}
