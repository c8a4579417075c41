//! The discretion check: where a proposed fine lies against the chosen tier of the discretion
//! standard (行政处罚法 第三十四条) and the legal range of the penalising provision.

use serde::{Deserialize, Serialize};

use super::engine::{Evaluation, Outcome};
use super::prov;
use crate::cases::Mitigation as StatutoryGround;
use crate::labels::labelled_enum;
use crate::money::Money;
use crate::powers::penalty::FineFacts;
use crate::powers::{Fine, Tier, Violation};
use crate::{Code, Error, Result};

/// The mitigation the decision relies on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Mitigation {
    /// None: the fine must lie in the legal range.
    #[default]
    None,
    /// 从轻: a lighter fine, still within the legal range.
    Lighter { basis: String },
    /// 减轻: below the legal minimum, on a ground of 第三十二条 or a 减轻 entry (`basis` is the
    /// provision code or the entry id).
    Mitigated { basis: String },
}

impl Mitigation {
    /// From the grounds of 第三十二条 ("应当从轻或者减轻"): the law allows either, so this is
    /// `Mitigated` on the first ground; `None` without grounds.
    pub fn from_statute(grounds: &[StatutoryGround]) -> Mitigation {
        grounds
            .first()
            .map_or(Mitigation::None, |g| Mitigation::Mitigated {
                basis: g.provision().to_string(),
            })
    }

    /// From the lists' answer: 减轻 / 从轻 on the deciding entry; nothing otherwise (a 不予处罚
    /// outcome penalised anyway has no mitigation of its own).
    pub fn from_evaluation(ev: &Evaluation) -> Mitigation {
        let basis = ev.decided_by.clone().unwrap_or_default();
        match ev.outcome {
            Outcome::Mitigated => Mitigation::Mitigated { basis },
            Outcome::Lighter => Mitigation::Lighter { basis },
            Outcome::Penalty | Outcome::NoPenalty => Mitigation::None,
        }
    }
}

labelled_enum!(
    /// Where the fine lies.
    Placement {
        WithinTier = "within_tier", "在裁量档次内", "Within the tier";
        OutsideTier = "outside_tier", "超出裁量档次但在法定幅度内", "Outside the tier, within the legal range";
        BelowMinimum = "below_minimum", "减轻处罚，低于法定最低限", "Mitigated below the legal minimum";
        OutsideLegal = "outside_legal", "超出法定幅度", "Outside the legal range";
        Unresolved = "unresolved", "无法判断", "Cannot be placed";
    }
);

/// The answer of [`check_discretion`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscretionCheck {
    pub placement: Placement,
    /// The fine may be decided (with a reason where `reason_required`).
    pub allowed: bool,
    /// A written reason must be recorded (outside the tier, or mitigated below the minimum).
    pub reason_required: bool,
    /// Legal review (法制审核) is required for the same cases.
    pub legal_review_required: bool,
    /// Stable code of the answer (`leniency.within_tier`, `leniency.outside_legal_range`, …).
    pub code: String,
    pub tier: String,
    /// The tier's fine resolved to amounts.
    pub tier_range: Option<(Money, Money)>,
    /// The legal range resolved to amounts (lowest minimum, highest maximum of the alternatives).
    pub legal_range: Option<(Money, Money)>,
    pub fine: Option<Money>,
    pub mitigation: Mitigation,
    pub message_zh: String,
    pub message_en: String,
    /// Provisions of the answer.
    pub provisions: Vec<String>,
}

/// A fine resolved to amounts: multiples need the base (货值金额 / 违法所得…). The minimum is
/// rounded up and the maximum down to the fen, so the range never exceeds the law's.
fn resolve(f: &Fine, base: Option<Money>) -> Option<(Money, Money)> {
    match f {
        Fine::Amount { min_fen, max_fen } => {
            Some((Money::from_fen(*min_fen), Money::from_fen(*max_fen)))
        }
        Fine::Multiple {
            min_tenths,
            max_tenths,
            ..
        } => {
            let b = i128::from(base?.fen());
            let lo = (b * i128::from(*min_tenths) + 9) / 10;
            let hi = b * i128::from(*max_tenths) / 10;
            Some((
                Money::from_fen(i64::try_from(lo).ok()?),
                Money::from_fen(i64::try_from(hi).ok()?),
            ))
        }
    }
}

fn range_zh(r: (Money, Money)) -> String {
    format!("{}—{} 元", r.0, r.1)
}

fn range_en(r: (Money, Money)) -> String {
    format!("CNY {}–{}", r.0, r.1)
}

struct Answer {
    placement: Placement,
    allowed: bool,
    reason: bool,
    code: &'static str,
    zh: String,
    en: String,
}

/// Places a proposed fine (`None`: no fine) for `violation` against its tier `tier_name` and the
/// legal range of its penalising provision. `base` is the amount multiples refer to (货值金额,
/// 违法所得…), needed when the tier or the law sets a multiple.
///
/// - Within the tier: allowed, no reason needed.
/// - Outside the tier but within the legal range: allowed with a written reason and legal review
///   (the standard binds the agency, 第三十四条; leaving it must be explained).
/// - Below the legal minimum: only as 减轻处罚 on a ground (第三十二条 or a 减轻 entry), with a
///   reason and legal review; 从轻 stays within the legal range.
/// - Above the legal maximum, or below it without a ground: refused (过罚相当, 第五条 第二款).
///
/// Where the law gives alternative ranges (an amount below a goods-value threshold, a multiple
/// above), the alternatives of the tier's kind are used; without a tier fine, all of them.
pub fn check_discretion(
    violation: &Violation,
    tier_name: &str,
    fine: Option<Money>,
    base: Option<Money>,
    mitigation: Mitigation,
) -> DiscretionCheck {
    check_discretion_on(
        violation,
        tier_name,
        fine,
        base,
        mitigation,
        &FineFacts::default(),
    )
}

/// [`check_discretion`] on the case's facts that decide between conditional alternatives
/// (`LegalRange::applicable_fines`): the 货值金额 threshold ("不足一万元" / "一万元以上") and
/// whether the party failed or refused to correct ("逾期未改正" / "拒不改正"). Only the
/// alternatives the law's condition selects count as the legal range.
pub fn check_discretion_on(
    violation: &Violation,
    tier_name: &str,
    fine: Option<Money>,
    base: Option<Money>,
    mitigation: Mitigation,
    facts: &FineFacts,
) -> DiscretionCheck {
    let code = violation.penalised.as_str();
    let tier = violation
        .discretion
        .tiers
        .iter()
        .find(|t| t.name == tier_name.trim());
    let amount = fine.unwrap_or(Money::ZERO);
    let mut provisions = vec![code.to_string(), prov::ART_34.to_string()];
    let mut tier_range = None;
    let mut legal_range = None;
    let answer = 'a: {
        // 行政处罚法 第三十七条: the standard in force when the act was done.
        if !violation.discretion.in_force_on(facts.act_on) {
            break 'a Answer {
                placement: Placement::Unresolved,
                allowed: false,
                reason: false,
                code: "leniency.standard_not_in_force",
                zh: format!(
                    "{code} 的裁量基准在违法行为发生之日不在施行期内，请适用当时施行的裁量基准（《行政处罚法》第三十七条）。"
                ),
                en: format!(
                    "The discretion standard of {code} was not in force on the day of the act; apply the standard then in force (Administrative Penalty Law art. 37)."
                ),
            };
        }
        let Some(tier) = tier else {
            break 'a no_such_tier(violation, tier_name);
        };
        if amount < Money::ZERO {
            break 'a Answer {
                placement: Placement::Unresolved,
                allowed: false,
                reason: false,
                code: "leniency.negative_fine",
                zh: "罚款金额不能为负数。".into(),
                en: "The fine must not be negative.".into(),
            };
        }
        if violation.legal.fines.is_empty() {
            break 'a without_legal_fine(code, amount, tier);
        }
        let ranges = match resolve_ranges(violation, tier, base, facts) {
            Ok(ranges) => ranges,
            Err(answer) => break 'a answer,
        };
        tier_range = ranges.tier;
        legal_range = Some((ranges.lo, ranges.hi));
        let placing = Placing {
            code,
            amount,
            tier,
            ranges: &ranges,
            mitigation: &mitigation,
        };
        place(&placing, &mut provisions)
    };
    DiscretionCheck {
        placement: answer.placement,
        allowed: answer.allowed,
        reason_required: answer.reason,
        legal_review_required: answer.reason,
        code: answer.code.to_string(),
        tier: tier_name.trim().to_string(),
        tier_range,
        legal_range,
        fine,
        mitigation,
        message_zh: answer.zh,
        message_en: answer.en,
        provisions,
    }
}

/// The answer when the violation's standard has no tier of that name (listing the tiers it has).
fn no_such_tier(violation: &Violation, tier_name: &str) -> Answer {
    let code = violation.penalised.as_str();
    let names: Vec<&str> = violation
        .discretion
        .tiers
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    Answer {
        placement: Placement::Unresolved,
        allowed: false,
        reason: false,
        code: "leniency.no_such_tier",
        zh: format!(
            "{code} 的裁量基准没有“{tier_name}”档次（现有：{}）。",
            names.join("、")
        ),
        en: format!(
            "The discretion standard of {code} has no tier {tier_name:?} (tiers: {}).",
            names.join(", ")
        ),
    }
}

/// The answer when the penalising provision sets no fine: only no fine is allowed.
fn without_legal_fine(code: &str, amount: Money, tier: &Tier) -> Answer {
    if amount > Money::ZERO {
        Answer {
            placement: Placement::OutsideLegal,
            allowed: false,
            reason: false,
            code: "leniency.outside_legal_range",
            zh: format!("{code} 未规定罚款，不得处以罚款 {amount} 元。"),
            en: format!("{code} provides no fine; a fine of CNY {amount} is not allowed."),
        }
    } else {
        Answer {
            placement: Placement::WithinTier,
            allowed: true,
            reason: false,
            code: "leniency.within_tier",
            zh: format!("未处罚款，符合“{}”档次。", tier.name),
            en: format!("No fine, as in tier {:?}.", tier.name),
        }
    }
}

/// The tier's and the law's fines resolved to amounts.
struct Ranges {
    /// The tier's range (`None`: the tier sets no fine).
    tier: Option<(Money, Money)>,
    /// The legal alternatives that apply.
    legal: Vec<(Money, Money)>,
    /// Lowest minimum and highest maximum of `legal`.
    lo: Money,
    hi: Money,
}

/// Resolves the tier's fine and the applicable legal alternatives (those of the tier's kind, or
/// all without a tier fine); `Err` is the answer asking for the base when a multiple lacks it.
fn resolve_ranges(
    violation: &Violation,
    tier: &Tier,
    base: Option<Money>,
    facts: &FineFacts,
) -> Result<Ranges, Answer> {
    // The law's conditions first (货值金额 threshold, 逾期未改正), then the tier's kind.
    let applicable = violation.legal.applicable_fines(facts);
    let alternatives: Vec<&Fine> = match &tier.fine {
        Some(tf) if applicable.iter().any(|l| l.contains(tf)) => applicable
            .iter()
            .copied()
            .filter(|l| l.contains(tf))
            .collect(),
        _ => applicable,
    };
    let legal: Vec<(Money, Money)> = alternatives
        .iter()
        .filter_map(|f| resolve(f, base))
        .collect();
    let tier_resolved = tier.fine.as_ref().map(|f| resolve(f, base));
    if legal.is_empty() || tier_resolved.is_some_and(|r| r.is_none()) {
        let what: Vec<String> = alternatives.iter().map(|f| f.label_zh()).collect();
        let what_en: Vec<String> = alternatives.iter().map(|f| f.label_en()).collect();
        return Err(Answer {
            placement: Placement::Unresolved,
            allowed: false,
            reason: false,
            code: "leniency.base_required",
            zh: format!(
                "法定幅度（{}）按倍数计算，请填写货值金额、违法所得等计算基数。",
                what.join("；")
            ),
            en: format!(
                "The legal range ({}) is a multiple; enter the base amount (value of the goods, illegal gains…).",
                what_en.join("; ")
            ),
        });
    }
    let lo = legal.iter().map(|r| r.0).min().unwrap_or(Money::ZERO);
    let hi = legal.iter().map(|r| r.1).max().unwrap_or(Money::ZERO);
    Ok(Ranges {
        tier: tier_resolved.flatten(),
        legal,
        lo,
        hi,
    })
}

/// What [`place`] weighs: a resolved fine against its tier and the law.
struct Placing<'a> {
    code: &'a str,
    amount: Money,
    tier: &'a Tier,
    ranges: &'a Ranges,
    mitigation: &'a Mitigation,
}

/// Places a non-negative fine within the tier, outside it within the legal range, or outside
/// the legal range (see [`below_minimum`]); adds the provisions the answer rests on.
fn place(p: &Placing<'_>, provisions: &mut Vec<String>) -> Answer {
    let Placing {
        code,
        amount,
        tier,
        ranges,
        ..
    } = *p;
    let (lo, hi) = (ranges.lo, ranges.hi);
    let in_tier = match ranges.tier {
        Some((a, b)) => a <= amount && amount <= b,
        None => amount == Money::ZERO,
    };
    let tier_zh = ranges.tier.map_or("不处罚款".to_string(), range_zh);
    let tier_en = ranges.tier.map_or("no fine".to_string(), range_en);
    let in_legal = ranges
        .legal
        .iter()
        .any(|(a, b)| *a <= amount && amount <= *b);
    if in_tier && in_legal {
        return Answer {
            placement: Placement::WithinTier,
            allowed: true,
            reason: false,
            code: "leniency.within_tier",
            zh: format!("罚款 {amount} 元在“{}”档次（{tier_zh}）内。", tier.name),
            en: format!(
                "The fine of CNY {amount} lies within tier {:?} ({tier_en}).",
                tier.name
            ),
        };
    }
    if in_legal {
        return Answer {
            placement: Placement::OutsideTier,
            allowed: true,
            reason: true,
            code: "leniency.outside_tier",
            zh: format!(
                "罚款 {amount} 元超出“{}”档次（{tier_zh}），但在法定幅度（{}）内：应当书面说明理由并经法制审核。",
                tier.name,
                range_zh((lo, hi))
            ),
            en: format!(
                "The fine of CNY {amount} lies outside tier {:?} ({tier_en}) but within the legal range ({}): a written reason and legal review are required.",
                tier.name,
                range_en((lo, hi))
            ),
        };
    }
    if amount < lo {
        return below_minimum(p, provisions);
    }
    provisions.push(prov::ART_5_PARA_2.to_string());
    Answer {
        placement: Placement::OutsideLegal,
        allowed: false,
        reason: false,
        code: "leniency.outside_legal_range",
        zh: format!(
            "罚款 {amount} 元超出 {code} 规定的法定幅度（{}），不得作出。",
            range_zh((lo, hi))
        ),
        en: format!(
            "The fine of CNY {amount} lies outside the legal range of {code} ({}); it may not be imposed.",
            range_en((lo, hi))
        ),
    }
}

/// A fine below the legal minimum: allowed only as 减轻处罚 on a ground (第三十二条 or a 减轻
/// entry); otherwise refused (第五条 第二款), 从轻 included.
fn below_minimum(p: &Placing<'_>, provisions: &mut Vec<String>) -> Answer {
    let Placing { code, amount, .. } = *p;
    let (lo, hi) = (p.ranges.lo, p.ranges.hi);
    if let Mitigation::Mitigated { basis } = p.mitigation {
        provisions.push(prov::ART_32.to_string());
        return Answer {
            placement: Placement::BelowMinimum,
            allowed: true,
            reason: true,
            code: "leniency.below_minimum_mitigated",
            zh: format!(
                "罚款 {amount} 元低于法定最低限 {lo} 元，依据 {basis} 减轻处罚：应当书面说明理由并经法制审核（《行政处罚法》第三十二条）。"
            ),
            en: format!(
                "The fine of CNY {amount} is below the legal minimum of CNY {lo}, mitigated on {basis}: a written reason and legal review are required (Administrative Penalty Law art. 32)."
            ),
        };
    }
    provisions.push(prov::ART_5_PARA_2.to_string());
    let (zh, en) = if matches!(p.mitigation, Mitigation::Lighter { .. }) {
        (
            "从轻处罚应当在法定幅度内选择较低的罚款，不得低于法定最低限；低于最低限须有减轻处罚情节（第三十二条或者减轻处罚清单）。",
            "A lighter penalty stays within the legal range; going below the minimum needs a ground for mitigation (art. 32 or a mitigation entry).",
        )
    } else {
        (
            "没有减轻处罚情节（第三十二条或者减轻处罚清单），不得低于法定最低限。",
            "Without a ground for mitigation (art. 32 or a mitigation entry) the fine may not go below the legal minimum.",
        )
    };
    Answer {
        placement: Placement::OutsideLegal,
        allowed: false,
        reason: false,
        code: "leniency.below_legal_minimum",
        zh: format!(
            "罚款 {amount} 元低于 {code} 规定的法定最低限 {lo} 元（法定幅度 {}）。{zh}",
            range_zh((lo, hi))
        ),
        en: format!(
            "The fine of CNY {amount} is below the legal minimum of CNY {lo} under {code} (legal range {}). {en}",
            range_en((lo, hi))
        ),
    }
}

/// Refuses a decision the check does not allow, and one needing a reason given without one.
pub fn require_reason(check: &DiscretionCheck, reason: &str) -> Result<()> {
    if !check.allowed {
        let code = match check.placement {
            Placement::OutsideLegal => Code::LeniencyOutsideLegalRange,
            _ => Code::LeniencyFineUnplaced,
        };
        return Err(Error::of(code).for_field("fine").arg_zh_en(
            "reason",
            &check.message_zh,
            &check.message_en,
        ));
    }
    if check.reason_required && reason.trim().is_empty() {
        return Err(Error::of(Code::LeniencyReasonRequired)
            .for_field("reason")
            .arg_zh_en("message", &check.message_zh, &check.message_en));
    }
    Ok(())
}
