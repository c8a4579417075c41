//! The engine: which exceptions of the lists apply to a case, with the trace of every condition.

use serde::{Deserialize, Serialize};

use super::model::{Condition, Domain, Entry, HarmLevel, ListKind, entries};
use super::prov;
use crate::labels::labelled_enum;
use crate::money::Money;

/// The facts of a case the lists read. Unknown facts count as not established: a condition on
/// them does not hold, and the trace says so.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaseFacts {
    /// Domain of the enforcing body; `None` considers the entries of every domain.
    pub domain: Option<Domain>,
    /// Code of the penalising provision of the case's violation (`powers::Violation.penalised`).
    pub penalised: String,
    /// 违法行为轻微.
    pub minor: bool,
    /// 初次违法.
    pub first_violation: bool,
    /// Harm caused; `None` when not established.
    pub harm: Option<HarmLevel>,
    /// 及时改正.
    pub corrected_in_time: bool,
    /// Days from the order to correct to the correction, when corrected.
    pub corrected_within_days: Option<u32>,
    /// 主动消除或者减轻违法行为危害后果.
    pub eliminated_harm: bool,
    /// 受他人胁迫或者诱骗.
    pub coerced: bool,
    /// 主动供述行政机关尚未掌握的违法行为.
    pub confessed: bool,
    /// 立功表现.
    pub meritorious: bool,
    /// 有证据足以证明没有主观过错.
    pub no_fault: bool,
    /// 履行了进货查验等义务 (食品安全法 第一百三十六条).
    pub purchase_inspected: bool,
    /// 能如实说明进货来源 (食品安全法 第一百三十六条).
    pub source_explained: bool,
    /// 违法所得, when established (zero: none).
    pub illegal_gains: Option<Money>,
    /// 货值金额, when established.
    pub goods_value: Option<Money>,
    /// Day of the act (its end): an entry whose provisions are not in force that day does not
    /// apply (行政处罚法 第三十七条); `None`: not checked.
    pub act_on: Option<chrono::NaiveDate>,
}

impl CaseFacts {
    fn holds(&self, c: &Condition) -> bool {
        match c {
            Condition::MinorViolation => self.minor,
            Condition::FirstViolation => self.first_violation,
            Condition::Harm { at_most } => self.harm.is_some_and(|h| h <= *at_most),
            Condition::CorrectedInTime => self.corrected_in_time,
            Condition::CorrectedWithinDays { days } => {
                self.corrected_within_days.is_some_and(|d| d <= *days)
            }
            Condition::EliminatedHarm => self.eliminated_harm,
            Condition::Coerced => self.coerced,
            Condition::Confessed => self.confessed,
            Condition::Meritorious => self.meritorious,
            Condition::NoFault => self.no_fault,
            Condition::PurchaseInspected => self.purchase_inspected,
            Condition::SourceExplained => self.source_explained,
            Condition::IllegalGainsAtMost { fen } => self.illegal_gains.is_some_and(|g| g <= *fen),
            Condition::GoodsValueAtMost { fen } => self.goods_value.is_some_and(|g| g <= *fen),
        }
    }
}

labelled_enum!(
    /// The strongest outcome for the penalty.
    Outcome {
        Penalty = "penalty", "依法处罚", "Penalty as provided";
        Lighter = "lighter", "从轻处罚", "Lighter penalty";
        Mitigated = "mitigated", "减轻处罚", "Mitigated penalty";
        NoPenalty = "no_penalty", "不予处罚", "No penalty";
    }
);

impl Outcome {
    fn of(kind: ListKind) -> Outcome {
        match kind {
            ListKind::NoPenalty => Outcome::NoPenalty,
            ListKind::Mitigated => Outcome::Mitigated,
            ListKind::Lighter => Outcome::Lighter,
            ListKind::NoCompulsion => Outcome::Penalty,
        }
    }
}

/// One condition as checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConditionCheck {
    pub condition: Condition,
    pub holds: bool,
    /// Provision the condition comes from.
    pub provision: String,
    /// "初次违法：成立" / "初次违法：不成立".
    pub zh: String,
    pub en: String,
}

/// One entry considered for the violation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryMatch {
    pub id: String,
    pub domain: Domain,
    pub kind: ListKind,
    pub violation: String,
    /// All conditions hold.
    pub applies: bool,
    pub conditions: Vec<ConditionCheck>,
    /// Provisions the entry rests on.
    pub provisions: Vec<String>,
    pub measures: String,
    /// Why it applies or not, naming the conditions that failed.
    pub zh: String,
    pub en: String,
}

/// The base rule the entries are exceptions to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaseRule {
    pub provision: String,
    pub zh: String,
    pub en: String,
}

/// The answer: every entry considered, the strongest outcome and what it requires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub penalised: String,
    pub domain: Option<Domain>,
    pub base: BaseRule,
    /// Entries of the violation, strongest kind first, then by id.
    pub entries: Vec<EntryMatch>,
    pub outcome: Outcome,
    /// Id of the entry deciding the outcome (`None`: the base rule).
    pub decided_by: Option<String>,
    /// Id of an applicable 免予行政强制 entry.
    pub no_compulsion_by: Option<String>,
    /// Entries keyed on an item below the case's code (the case is coded only at its article
    /// or paragraph): the lists cannot decide them, and none is applied.
    #[serde(default)]
    pub cannot_decide: Vec<String>,
    /// Entries of the violation whose provisions are not in force on the act's day (repealed
    /// or not yet in force, 行政处罚法 第三十七条): not applied.
    #[serde(default)]
    pub not_in_force: Vec<String>,
    /// A 不予处罚 entry applies: a penalty given anyway needs a recorded reason and legal review.
    pub penalty_needs_reason_and_review: bool,
    /// 行政处罚法 第三十三条 第三款: not punishing, the agency must educate the party.
    pub education_required: bool,
    /// Provisions of the answer, in the order used.
    pub provisions: Vec<String>,
    pub summary_zh: String,
    pub summary_en: String,
}

fn check(entry: &Entry, facts: &CaseFacts) -> EntryMatch {
    let conditions: Vec<ConditionCheck> = entry
        .conditions
        .iter()
        .map(|c| {
            let holds = facts.holds(c);
            ConditionCheck {
                holds,
                provision: c.provision(entry.kind).to_string(),
                zh: format!(
                    "{}：{}",
                    c.label_zh(),
                    if holds {
                        "成立"
                    } else {
                        "不成立或者未查明"
                    }
                ),
                en: format!(
                    "{}: {}",
                    c.label_en(),
                    if holds { "holds" } else { "not established" }
                ),
                condition: c.clone(),
            }
        })
        .collect();
    let failed: Vec<&ConditionCheck> = conditions.iter().filter(|c| !c.holds).collect();
    let applies = failed.is_empty();
    let (zh, en) = if applies {
        (
            format!("{}：条件均成立，适用{}。", entry.id, entry.kind.label_zh()),
            format!(
                "{}: all conditions hold; {} applies.",
                entry.id,
                entry.kind.label_en().to_lowercase()
            ),
        )
    } else {
        let zh: Vec<String> = failed.iter().map(|c| c.condition.label_zh()).collect();
        let en: Vec<String> = failed.iter().map(|c| c.condition.label_en()).collect();
        (
            format!("{}：不适用，未满足：{}。", entry.id, zh.join("、")),
            format!("{}: does not apply; not met: {}.", entry.id, en.join("; ")),
        )
    };
    EntryMatch {
        id: entry.id.clone(),
        domain: entry.domain,
        kind: entry.kind,
        violation: entry.violation.clone(),
        applies,
        conditions,
        provisions: entry.provisions.clone(),
        measures: entry.measures.clone(),
        zh,
        en,
    }
}

/// Evaluates the lists for a case: the entries on its penalising provision (of its domain, when
/// given), each with the trace of its conditions; the strongest applicable outcome by the
/// priority 不予处罚 > 减轻 > 从轻 > base rule; and 免予行政强制 beside it.
pub fn evaluate(facts: &CaseFacts) -> Evaluation {
    evaluate_with(entries(), facts)
}

/// [`evaluate`] over the given entries (tests, or a list under revision).
pub fn evaluate_with(all: &[Entry], facts: &CaseFacts) -> Evaluation {
    let code = facts.penalised.trim();
    let of_case: Vec<&Entry> = all
        .iter()
        .filter(|e| !code.is_empty() && e.covers(code))
        .filter(|e| facts.domain.is_none_or(|d| d == e.domain))
        .collect();
    let not_in_force: Vec<String> = of_case
        .iter()
        .filter(|e| !e.in_force_on(facts.act_on))
        .map(|e| e.id.clone())
        .collect();
    let mut matched: Vec<EntryMatch> = of_case
        .into_iter()
        .filter(|e| e.in_force_on(facts.act_on))
        .map(|e| check(e, facts))
        .collect();
    let mut cannot_decide: Vec<String> = all
        .iter()
        .filter(|e| e.narrower_than(code))
        .filter(|e| facts.domain.is_none_or(|d| d == e.domain))
        .map(|e| e.id.clone())
        .collect();
    cannot_decide.sort();
    // ListKind is declared strongest first, so its order is the priority.
    matched.sort_by(|a, b| a.kind.cmp(&b.kind).then_with(|| a.id.cmp(&b.id)));
    let base = BaseRule {
        provision: code.to_string(),
        zh: format!("基础规则：违反 {code} 的，应当依法给予行政处罚。"),
        en: format!("Base rule: a violation under {code} shall be penalised as provided."),
    };
    let decisive = matched
        .iter()
        .find(|m| m.applies && m.kind.is_penalty_outcome());
    let compulsion = matched
        .iter()
        .find(|m| m.applies && m.kind == ListKind::NoCompulsion);
    let outcome = decisive.map_or(Outcome::Penalty, |m| Outcome::of(m.kind));
    let mut provisions = vec![code.to_string()];
    let mut push = |p: &str| {
        if !p.is_empty() && !provisions.iter().any(|x| x == p) {
            provisions.push(p.to_string());
        }
    };
    for m in decisive.iter().chain(compulsion.iter()) {
        for c in &m.conditions {
            push(&c.provision);
        }
        for p in &m.provisions {
            push(p);
        }
    }
    let no_penalty = outcome == Outcome::NoPenalty;
    if no_penalty {
        push(prov::ART_33_PARA_3);
    }
    let (mut summary_zh, mut summary_en) = match decisive {
        Some(m) => (
            format!(
                "适用 {}（{}）：{}。",
                m.id,
                m.kind.label_zh(),
                if m.measures.is_empty() {
                    m.violation.as_str()
                } else {
                    m.measures.as_str()
                }
            ),
            format!("{} applies ({}).", m.id, m.kind.label_en()),
        ),
        None if matched.is_empty() => (
            "清单中没有该违法行为的例外条目，适用基础规则：依法处罚。".to_string(),
            "The lists hold no exception for this violation; the base rule applies.".to_string(),
        ),
        None => (
            "清单条目的条件均未全部满足，适用基础规则：依法处罚。".to_string(),
            "No entry has all its conditions met; the base rule applies.".to_string(),
        ),
    };
    if no_penalty {
        summary_zh.push_str("如仍给予处罚，应当书面说明理由并经法制审核；不予处罚的，应当对当事人进行教育（《行政处罚法》第三十三条第三款）。");
        summary_en.push_str(" A penalty given anyway needs a written reason and legal review; not punishing, the agency must educate the party (Administrative Penalty Law art. 33 para. 3).");
    }
    if !not_in_force.is_empty() {
        summary_zh.push_str(&format!(
            "条目 {} 所依据的规定在违法行为发生时不在施行期内，不予适用（《行政处罚法》第三十七条）。",
            not_in_force.join("、")
        ));
        summary_en.push_str(&format!(
            " Entries {} rest on provisions not in force on the day of the act and do not apply (Administrative Penalty Law art. 37).",
            not_in_force.join(", ")
        ));
    }
    if !cannot_decide.is_empty() {
        summary_zh.push_str(&format!(
            "无法判断：案件违法行为仅编码到条（款），清单条目 {} 针对其中的具体项，须在权责清单中细化到项后判断。",
            cannot_decide.join("、")
        ));
        summary_en.push_str(&format!(
            " Cannot decide: the case is coded only at the article (paragraph); entries {} are written for items of it — code the violation at the item in the power list.",
            cannot_decide.join(", ")
        ));
    }
    if let Some(m) = compulsion {
        summary_zh.push_str(&format!("可以不采取行政强制措施（{}）。", m.id));
        summary_en.push_str(&format!(" Compulsory measures may be omitted ({}).", m.id));
    }
    Evaluation {
        penalised: code.to_string(),
        domain: facts.domain,
        base,
        decided_by: decisive.map(|m| m.id.clone()),
        no_compulsion_by: compulsion.map(|m| m.id.clone()),
        cannot_decide,
        not_in_force,
        penalty_needs_reason_and_review: no_penalty,
        education_required: no_penalty,
        outcome,
        entries: matched,
        provisions,
        summary_zh,
        summary_en,
    }
}

/// The violations the lists name, once each: (penalising code, name, domains), sorted by domain
/// then code — what a form offers.
pub fn violations() -> Vec<(String, String, Domain)> {
    let mut out: Vec<(String, String, Domain)> = Vec::new();
    for e in entries() {
        for p in &e.penalised {
            if !out.iter().any(|(c, _, d)| c == p && *d == e.domain) {
                out.push((p.clone(), e.violation.clone(), e.domain));
            }
        }
    }
    out.sort_by(|a, b| a.2.cmp(&b.2).then_with(|| a.0.cmp(&b.0)));
    out
}
