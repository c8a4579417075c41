//! What the rules say about a proposed penalty: leniency (statutory and the flexible-enforcement
//! lists), discretion tier, hearing right, legal review and collective discussion — with the
//! trace of provisions stored on the case.

use chrono::NaiveDate;
use serde_json::{Value, json};
use sqlx::AnyConnection;

use super::leniency::{LeniencyFacts, Outcome, assess};
use super::prov;
use super::records::{CaseRow, Circumstances, Proposal};
use super::rules::{self, LegalReviewFacts};
use crate::money::Money;
use crate::{Code, Error, Result};

/// Legal-review ground recorded when the amount lies outside the discretion tier.
pub const GROUND_OUT_OF_TIER: &str = "out_of_tier";
/// Ground recorded when a penalty is given although a no-penalty rule or entry applies.
pub const GROUND_PENALTY_DESPITE_LENIENCY: &str = "penalty_despite_leniency";

/// The assessment of a proposal.
#[derive(Debug, Clone)]
pub struct Assessed {
    /// Stored name of the leniency outcome.
    pub leniency_outcome: &'static str,
    /// Statutory trace, list evaluation and discretion check (JSON stored on the case).
    pub trace: Value,
    /// 'within' | 'out_of_tier' | 'out_of_range' | '' (no fine).
    pub tier_check: &'static str,
    pub hearing_right: bool,
    pub legal_review_required: bool,
    pub legal_review_grounds: Vec<String>,
    pub collective_required: bool,
    /// One line for the timeline.
    pub summary_zh: String,
}

/// Stored name of a leniency outcome.
pub fn outcome_name(o: Outcome) -> &'static str {
    match o {
        Outcome::TimeBarred => "time_barred",
        Outcome::NoPenalty => "no_penalty",
        Outcome::MayWaive => "may_waive",
        Outcome::MustMitigate => "must_mitigate",
        Outcome::MayMitigate => "may_mitigate",
        Outcome::Ordinary => "ordinary",
    }
}

/// Label of a stored leniency outcome.
pub fn outcome_label(name: &str, lang: &str) -> &'static str {
    let (zh, en) = match name {
        "time_barred" => ("超过追责时效，不再处罚", "Time-barred"),
        "no_penalty" => ("依法不予处罚", "No penalty (mandatory)"),
        "may_waive" => ("可以不予处罚（首违不罚）", "May waive (first violation)"),
        "must_mitigate" => ("应当从轻或者减轻", "Must mitigate"),
        "may_mitigate" => ("可以从轻或者减轻", "May mitigate"),
        "ordinary" => ("一般情形", "Ordinary"),
        _ => ("—", "—"),
    };
    if lang == "en" { en } else { zh }
}

/// The facts the flexible-enforcement lists read, from the case.
pub fn list_facts(c: &CaseRow, circ: &Circumstances) -> crate::leniency::CaseFacts {
    use crate::leniency::{Domain, HarmLevel as H};
    let has = |m: &str| circ.mitigations.iter().any(|x| x == m);
    crate::leniency::CaseFacts {
        domain: Domain::from_department_or_domain(&c.department)
            .or_else(|| Domain::from_department_or_domain(&c.domain)),
        penalised: c.penalised.clone(),
        minor: circ.minor_violation,
        first_violation: circ.first_violation,
        harm: Some(match circ.harm {
            super::records::HarmLevel::None => H::None,
            super::records::HarmLevel::Slight => H::Slight,
            super::records::HarmLevel::Serious => H::Serious,
        }),
        corrected_in_time: circ.corrected_in_time,
        corrected_within_days: None,
        eliminated_harm: has("eliminated_harm"),
        coerced: has("coerced"),
        confessed: has("confessed"),
        meritorious: has("meritorious"),
        no_fault: circ.proven_no_fault,
        illegal_gains: None,
        goods_value: circ.base_amount_fen.map(Money::from_fen),
        purchase_inspected: circ.purchase_inspected,
        source_explained: circ.source_explained,
        // 第三十七条: the entries in force when the act was done (its end; else the lead day).
        act_on: Some(circ.act_ended_on.unwrap_or(c.lead_on)),
    }
}

/// The facts the Law's leniency rules read (第三十条 to 第三十三条, 第三十六条).
fn leniency_facts(c: &CaseRow, circ: &Circumstances) -> LeniencyFacts {
    LeniencyFacts {
        act_ended_on: circ.act_ended_on.unwrap_or(c.lead_on),
        discovered_on: c.lead_on,
        life_health_or_financial_security: circ.life_health_or_financial,
        special_limitation_months: super::leniency::special_limitation_months(&c.penalised),
        age_at_act: circ.age_at_act,
        unable_to_recognise: false,
        partly_unable: false,
        minor_violation: circ.minor_violation,
        corrected_in_time: circ.corrected_in_time,
        harm: circ.harm(),
        first_violation: circ.first_violation,
        proven_no_fault: circ.proven_no_fault,
        mitigations: circ.mitigation_grounds(),
    }
}

/// Refuses a sanction the penalising provision does not provide (第四条).
async fn sanctions_provided(
    conn: &mut AnyConnection,
    region: &str,
    c: &CaseRow,
    p: &Proposal,
) -> Result<()> {
    let v =
        super::workflow::violation_of(conn, region, c.department_id, &c.power_code, &c.violation)
            .await?;
    let legal = &v.legal;
    let missing = if p.warning && !legal.warning {
        Some(("警告", "a warning"))
    } else if p.fine_fen > 0 && legal.fines.is_empty() {
        Some(("罚款", "a fine"))
    } else if p.confiscation_fen > 0 && !legal.confiscation {
        Some(("没收违法所得", "confiscation"))
    } else {
        None
    };
    if let Some((zh, en)) = missing {
        return Err(Error::of(Code::CasesSanctionNotProvided)
            .for_field("fine")
            .arg("penalised", &v.penalised)
            .arg_zh_en("what", zh, en));
    }
    Ok(())
}

/// Places the fine in the violation's discretion tiers, after the Law's mitigation grounds
/// (第三十二条) or, failing those, the lists'; refuses an out-of-tier fine without its reason.
async fn discretion_check(
    conn: &mut AnyConnection,
    region: &str,
    c: &CaseRow,
    circ: &Circumstances,
    p: &Proposal,
    lists: &crate::leniency::Evaluation,
) -> Result<crate::leniency::DiscretionCheck> {
    let v =
        super::workflow::violation_of(conn, region, c.department_id, &c.power_code, &c.violation)
            .await?;
    // 第三十二条 grounds first (the Law's own), else what the lists decide.
    let mitigation = match crate::leniency::Mitigation::from_statute(&circ.mitigation_grounds()) {
        crate::leniency::Mitigation::None => crate::leniency::Mitigation::from_evaluation(lists),
        m => m,
    };
    let check = crate::leniency::check_discretion_on(
        &v,
        &p.tier,
        Some(Money::from_fen(p.fine_fen)),
        circ.base_amount_fen.map(Money::from_fen),
        mitigation,
        &crate::powers::penalty::FineFacts {
            act_on: Some(circ.act_ended_on.unwrap_or(c.lead_on)),
            ..circ.fine_facts()
        },
    );
    crate::leniency::require_reason(&check, &p.out_of_tier_reason)?;
    Ok(check)
}

/// Assesses a proposal for a case. Refuses what no reason can cure (a penalty where the Law
/// forbids one) and what needs a reason that is missing. Public for the demo generator, which
/// proposes as an officer would.
pub async fn assess_case(
    conn: &mut AnyConnection,
    region: &str,
    c: &CaseRow,
    on: NaiveDate,
    circ: &Circumstances,
    p: &Proposal,
) -> Result<Assessed> {
    if p.fine_fen < 0 || p.confiscation_fen < 0 {
        return Err(Error::of(Code::CasesAmountNegative).for_field("fine"));
    }
    if !p.no_penalty && p.sanctions().is_empty() {
        return Err(Error::of(Code::CasesPenaltyEmpty).for_field("fine"));
    }
    let facts = leniency_facts(c, circ);
    let statutory = assess(&facts).map_err(|r| {
        Error::domain_invalid(r.code(), "circumstances", r.message_zh(), r.message_en())
    })?;
    let penalty = !p.no_penalty;
    let mut grounds: Vec<String> = Vec::new();
    match statutory.outcome {
        Outcome::TimeBarred | Outcome::NoPenalty if penalty => {
            let provs = statutory.trace.join("、");
            return Err(Error::of(Code::CasesPenaltyForbidden).arg("provs", provs));
        }
        Outcome::MayWaive if penalty => {
            if p.penalty_reason.trim().is_empty() {
                return Err(Error::of(Code::CasesPenaltyReasonMissing).arg_zh_en("reason", "当事人初次违法、危害后果轻微并及时改正，可以不予处罚（《行政处罚法》第三十三条第一款）；按本平台规则，仍予处罚须写明理由并经法制审核。", "First violation, slight harm, corrected in time: the penalty may be waived (Art. 33(1)); under the platform's rule a penalty needs a written reason and legal review."));
            }
            grounds.push(GROUND_PENALTY_DESPITE_LENIENCY.into());
        }
        _ => {}
    }
    // The flexible-enforcement lists of the domain (三张清单).
    let lists = crate::leniency::evaluate(&list_facts(c, circ));
    if penalty && lists.penalty_needs_reason_and_review {
        if p.penalty_reason.trim().is_empty() {
            return Err(Error::of(Code::CasesPenaltyReasonMissing).arg_zh_en("reason", "本案符合不予处罚清单条目；按本平台规则（裁量基准），仍予处罚须写明理由并经法制审核。", "An entry of the no-penalty list applies; under the platform's rule (discretion standard) a penalty needs a written reason and legal review."));
        }
        if !grounds.iter().any(|g| g == GROUND_PENALTY_DESPITE_LENIENCY) {
            grounds.push(GROUND_PENALTY_DESPITE_LENIENCY.into());
        }
    }
    // 第四条: only penalties the law provides — each kind must be in the penalising provision.
    if penalty {
        sanctions_provided(conn, region, c, p).await?;
    }
    // Discretion (裁量基准, 第三十四条): the fine must lie in the chosen tier.
    // Discretion (裁量基准, 第三十四条): the fine must lie in the chosen tier.
    let (tier_check, discretion) = if penalty && p.fine_fen > 0 {
        let check = discretion_check(conn, region, c, circ, p, &lists).await?;
        if check.legal_review_required {
            grounds.push(GROUND_OUT_OF_TIER.into());
        }
        (
            check.placement.as_str(),
            serde_json::to_value(&check).unwrap_or(Value::Null),
        )
    } else {
        ("", Value::Null)
    };
    let sanctions = p.sanctions();
    // "较大数额" of the body's rule on the day (第六十三条 leaves it to provincial and
    // ministerial rules; procedure parameters).
    let large = crate::procedure::params_in(conn, region, c.department_id, on)
        .await?
        .large_amounts();
    let hearing = rules::hearing_right(c.party_kind, &sanctions, &large, false);
    let statutory_grounds = rules::legal_review_grounds(&LegalReviewFacts {
        major_public_interest: circ.major_public_interest,
        major_rights: !hearing.is_empty(),
        hearing_held: c.hearing_held,
        complex_multiple_relations: circ.complex,
        required_by_law: false,
    });
    for g in statutory_grounds {
        grounds.insert(0, g.provision().to_string());
    }
    let collective =
        rules::collective_discussion_required(circ.complex, circ.serious_violation, penalty)
            .is_some();
    let _ = on;
    let trace = json!({
        "statutory": {
            "outcome": outcome_name(statutory.outcome),
            "provisions": statutory.trace,
            "education_required": statutory.education_required,
        },
        "lists": serde_json::to_value(&lists).unwrap_or(Value::Null),
        "discretion": discretion,
        "hearing": hearing,
        "legal_review": grounds,
        "collective_discussion": collective.then_some(prov::ART_57_PARA_2),
    });
    let summary_zh = format!(
        "裁量：{}；{}；{}",
        outcome_label(outcome_name(statutory.outcome), "zh"),
        if hearing.is_empty() {
            "无听证权"
        } else {
            "享有听证权"
        },
        if grounds.is_empty() {
            "无需法制审核"
        } else {
            "须经法制审核"
        }
    );
    Ok(Assessed {
        leniency_outcome: outcome_name(statutory.outcome),
        trace,
        tier_check,
        hearing_right: !hearing.is_empty(),
        legal_review_required: !grounds.is_empty(),
        legal_review_grounds: grounds,
        collective_required: collective,
        summary_zh,
    })
}
