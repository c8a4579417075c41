//! Leniency and limitation: 第三十条–第三十三条 and 第三十六条 as an assessment of case
//! facts with a trace of the provisions used.

use chrono::{Months, NaiveDate};

use super::Refusal;
use super::prov;

/// Harm caused by the violation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Harm {
    /// 没有造成危害后果.
    None,
    /// 危害后果轻微.
    Slight,
    /// More than slight.
    Serious,
}

/// Grounds of 第三十二条 (应当从轻或者减轻).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mitigation {
    /// （一）主动消除或者减轻违法行为危害后果的.
    EliminatedHarm,
    /// （二）受他人胁迫或者诱骗实施违法行为的.
    CoercedOrDeceived,
    /// （三）主动供述行政机关尚未掌握的违法行为的.
    ConfessedUnknown,
    /// （四）配合行政机关查处违法行为有立功表现的.
    Meritorious,
    /// （五）法律、法规、规章规定其他应当从轻或者减轻行政处罚的.
    OtherRule,
}

impl Mitigation {
    /// Provision code of the item.
    pub fn provision(self) -> &'static str {
        match self {
            Self::EliminatedHarm => prov::ART_32_ITEM_1,
            Self::CoercedOrDeceived => prov::ART_32_ITEM_2,
            Self::ConfessedUnknown => prov::ART_32_ITEM_3,
            Self::Meritorious => prov::ART_32_ITEM_4,
            Self::OtherRule => prov::ART_32_ITEM_5,
        }
    }
}

/// Case facts the leniency rules read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeniencyFacts {
    /// Day the act was committed, or ended if continuing (第三十六条 第二款).
    pub act_ended_on: NaiveDate,
    /// Day the agency discovered it.
    pub discovered_on: NaiveDate,
    /// 涉及公民生命健康安全、金融安全 (with harm: see `harm`).
    pub life_health_or_financial_security: bool,
    /// Period set by a special law (months), "法律另有规定的除外"; replaces 2/5 years.
    pub special_limitation_months: Option<u32>,
    /// Age of a natural person at the time of the act (None for organisations).
    pub age_at_act: Option<u8>,
    /// 精神病人、智力残疾人 unable to recognise or control the act (第三十一条).
    pub unable_to_recognise: bool,
    /// Not fully lost the ability (第三十一条: 可以从轻或者减轻).
    pub partly_unable: bool,
    /// 违法行为轻微.
    pub minor_violation: bool,
    /// 及时改正.
    pub corrected_in_time: bool,
    /// Harm caused.
    pub harm: Harm,
    /// 初次违法.
    pub first_violation: bool,
    /// 当事人有证据足以证明没有主观过错 (第三十三条 第二款).
    pub proven_no_fault: bool,
    /// Grounds of 第三十二条.
    pub mitigations: Vec<Mitigation>,
}

/// The strongest outcome the rules give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// 不再给予行政处罚: the limitation period ran out (第三十六条).
    TimeBarred,
    /// 不予行政处罚 (shall not punish).
    NoPenalty,
    /// 可以不予行政处罚 (may decline to punish; a penalty needs a reason).
    MayWaive,
    /// Penalty, 应当从轻或者减轻.
    MustMitigate,
    /// Penalty, 可以从轻或者减轻.
    MayMitigate,
    /// Penalty under the ordinary rules.
    Ordinary,
}

/// Outcome plus everything the trace found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    /// Strongest outcome.
    pub outcome: Outcome,
    /// If a penalty is given anyway (only possible for `MayWaive`), it must be mitigated.
    pub must_mitigate: bool,
    /// 第三十三条 第三款: "对当事人的违法行为依法不予行政处罚的，行政机关应当对当事人进行教育。"
    /// True for `NoPenalty` and `MayWaive` (if the agency does waive).
    pub education_required: bool,
    /// Provisions applied, in the order checked.
    pub trace: Vec<&'static str>,
}

/// Periods a special law sets instead of 第三十六条's two / five years ("法律另有规定的除外"),
/// keyed by the law of the penalising provision: (law, months, provision). Extend it with each
/// law whose text is in the corpus and which a department applies.
pub const SPECIAL_LIMITATIONS: &[(&str, u32, &str)] = &[
    // 治安管理处罚法 第二十二条 第一款: "违反治安管理行为在六个月内没有被公安机关发现的，不再处罚".
    ("治安管理处罚法", 6, "治安管理处罚法/art_22__para_1"),
];

/// The special limitation period (months) for a violation penalised under `penalised` (a
/// provision code), if a special law sets one (第三十六条 第一款 "法律另有规定的除外").
pub fn special_limitation_months(penalised: &str) -> Option<u32> {
    let law = penalised.split('/').next().unwrap_or_default();
    SPECIAL_LIMITATIONS
        .iter()
        .find(|(l, _, _)| *l == law)
        .map(|(_, m, _)| *m)
}

/// Last day on which the act can still be discovered, from 第三十六条: "违法行为在二年内未被
/// 发现的，不再给予行政处罚；涉及公民生命健康安全、金融安全且有危害后果的，上述期限延长至五年。法律
/// 另有规定的除外。" counted from the act or its end (第二款). Years are counted as months
/// (民法典 第二百零二条, the corresponding day; Feb 29 → Feb 28); no holiday roll-over, since it
/// is a period for discovery, not for a step of the agency or party.
pub fn limitation_last_day(facts: &LeniencyFacts) -> Result<NaiveDate, Refusal> {
    let months = match facts.special_limitation_months {
        Some(m) => m,
        None if facts.life_health_or_financial_security && facts.harm != Harm::None => 60,
        None => 24,
    };
    facts
        .act_ended_on
        .checked_add_months(Months::new(months))
        .ok_or(Refusal::InvalidPeriod)
}

/// Assesses the facts. Order: limitation (第三十六条), then the no-penalty rules (第三十条
/// under 14, 第三十一条, 第三十三条 第一款 first sentence, 第三十三条 第二款), then the
/// discretionary waiver (第三十三条 第一款 second sentence), then mitigation (第三十条
/// 14–18, 第三十二条 shall; 第三十一条 may).
///
/// 第三十三条 第一款 reads: "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。初次违法且
/// 危害后果轻微并及时改正的，可以不予行政处罚。" — the first is mandatory, the second is
/// discretionary (首违不罚).
pub fn assess(facts: &LeniencyFacts) -> Result<Assessment, Refusal> {
    if facts.discovered_on < facts.act_ended_on {
        return Err(Refusal::InvalidPeriod);
    }
    let mut trace = Vec::new();
    let done = |outcome, trace| Assessment {
        outcome,
        must_mitigate: false,
        education_required: outcome == Outcome::NoPenalty,
        trace,
    };

    if facts.discovered_on > limitation_last_day(facts)? {
        trace.push(prov::ART_36_PARA_1);
        trace.push(prov::ART_36_PARA_2);
        return Ok(done(Outcome::TimeBarred, trace));
    }
    if facts.age_at_act.is_some_and(|a| a < 14) {
        trace.push(prov::ART_30);
        trace.push(prov::ART_33_PARA_3);
        return Ok(done(Outcome::NoPenalty, trace));
    }
    if facts.unable_to_recognise {
        trace.push(prov::ART_31);
        trace.push(prov::ART_33_PARA_3);
        return Ok(done(Outcome::NoPenalty, trace));
    }
    if facts.minor_violation && facts.corrected_in_time && facts.harm == Harm::None {
        trace.push(prov::ART_33_PARA_1);
        trace.push(prov::ART_33_PARA_3);
        return Ok(done(Outcome::NoPenalty, trace));
    }
    if facts.proven_no_fault {
        trace.push(prov::ART_33_PARA_2);
        trace.push(prov::ART_33_PARA_3);
        return Ok(done(Outcome::NoPenalty, trace));
    }

    // 第三十三条 第一款 second sentence: "初次违法且危害后果轻微并及时改正的，可以不予行政处罚" —
    // a first violation with no harm at all is covered a fortiori (as the lists' `h <= at_most`).
    let may_waive = facts.first_violation && facts.harm != Harm::Serious && facts.corrected_in_time;
    if may_waive {
        trace.push(prov::ART_33_PARA_1);
    }
    let mut must_mitigate = false;
    if facts.age_at_act.is_some_and(|a| (14..18).contains(&a)) {
        trace.push(prov::ART_30);
        must_mitigate = true;
    }
    for m in &facts.mitigations {
        let p = m.provision();
        if !trace.contains(&p) {
            trace.push(p);
        }
        must_mitigate = true;
    }
    let may_mitigate = facts.partly_unable;
    if may_mitigate {
        trace.push(prov::ART_31);
    }
    let outcome = if may_waive {
        Outcome::MayWaive
    } else if must_mitigate {
        Outcome::MustMitigate
    } else if may_mitigate {
        Outcome::MayMitigate
    } else {
        Outcome::Ordinary
    };
    if may_waive {
        trace.push(prov::ART_33_PARA_3);
    }
    Ok(Assessment {
        outcome,
        must_mitigate,
        education_required: may_waive,
        trace,
    })
}
