//! The automatic checks as pure functions over a loaded case record. Each recomputes its rule
//! from the stored dates, amounts and circumstances (not from the due dates the workflow stored)
//! on the working-day calendar and the legal corpus.

use crate::cases::ReviewResult;
use crate::law::currency::law_date;
use chrono::NaiveDate;
use fazhi_law::Corpus;

use super::load::Record;
use crate::calendar::HolidayCalendar;
use crate::cases::documents::{self, Provision};
use crate::cases::records::{
    CaseOutcome, CaseRow, Circumstances, ExecutionMode, Procedure, ServiceMethod,
};
use crate::cases::rules::{self, LegalReviewFacts, LegalReviewGround, PartyKind, SummaryFacts};
use crate::cases::{LeniencyFacts, Outcome, deadlines, paperwork, payment, prov};
use crate::money::Money;
use crate::org::card_valid_on;

/// What the rules need besides the record.
pub struct Env<'a> {
    pub cal: &'a HolidayCalendar,
    pub corpus: &'a Corpus,
    /// Each body's procedure figures (hearing thresholds, periods, disclosure scope): the same
    /// the workflow applied.
    pub params: &'a crate::procedure::ParamSet,
}

/// The answer of one rule.
pub struct Verdict {
    pub passed: bool,
    pub zh: String,
    pub en: String,
    pub evidence: Vec<String>,
}

fn ok(zh: impl Into<String>, en: impl Into<String>) -> Verdict {
    Verdict {
        passed: true,
        zh: zh.into(),
        en: en.into(),
        evidence: Vec::new(),
    }
}

fn na() -> Verdict {
    ok("不适用。", "Not applicable.")
}

fn fail(zh: impl Into<String>, en: impl Into<String>, evidence: Vec<String>) -> Verdict {
    Verdict {
        passed: false,
        zh: zh.into(),
        en: en.into(),
        evidence,
    }
}

fn with(mut v: Verdict, evidence: Vec<String>) -> Verdict {
    v.evidence = evidence;
    v
}

fn dt(field: &str, d: NaiveDate) -> String {
    format!("date:{field}={d}")
}

fn penalty(c: &CaseRow) -> bool {
    c.outcome == CaseOutcome::Penalty
}

fn general(c: &CaseRow) -> bool {
    c.procedure == Procedure::General
}

/// Steps of an action with their dates, in record order.
fn steps_of(r: &Record, action: &str) -> Vec<(i64, NaiveDate)> {
    r.file
        .steps
        .iter()
        .filter(|s| s.action == action)
        .filter_map(|s| s.on.parse().ok().map(|d| (s.id, d)))
        .collect()
}

fn first_on_or_before(r: &Record, action: &str, by: NaiveDate) -> Option<(i64, NaiveDate)> {
    steps_of(r, action).into_iter().find(|(_, d)| *d <= by)
}

/// 第五十四条 第二款 with the body's filing period (procedure parameters; by default the
/// fifteen working days of 市场监督管理行政处罚程序规定 第十八条), the same the lead was given.
pub fn filing_deadline(e: &Env, r: &Record) -> Verdict {
    let c = &r.file.case;
    let (true, Some(filed)) = (general(c), c.filed_on) else {
        return na();
    };
    let params = e.params.for_dept(c.department_id, c.lead_on);
    let mut days = params.days(crate::procedure::ParamKey::FilingWorkingDays);
    // The extension and the time not counted count only when their steps are on record
    // (市场监督管理行政处罚程序规定 第十八条), as the workflow computed them (`cases::periods`).
    let extended = c.filing_extended && !steps_of(r, "extend_filing").is_empty();
    let excluded = if steps_of(r, "exclude_period").is_empty() {
        0
    } else {
        c.excluded_filing_wd
    };
    let Ok(due) = crate::cases::periods::filing_due(e.cal, c.lead_on, &params, extended, excluded)
    else {
        return na();
    };
    if extended {
        days += params.days(crate::procedure::ParamKey::FilingExtensionWorkingDays);
    }
    let days = days + u32::try_from(excluded.max(0)).unwrap_or(0);
    let mut ev = vec![dt("lead_on", c.lead_on), dt("filed_on", filed)];
    for (id, _) in steps_of(r, "extend_filing")
        .into_iter()
        .chain(steps_of(r, "exclude_period"))
    {
        ev.push(format!("step:{id}"));
    }
    if filed <= due {
        with(
            ok(
                format!("线索 {} 登记，{filed} 立案，在 {due} 前。", c.lead_on),
                format!("Lead {}, filed {filed}, by {due}.", c.lead_on),
            ),
            ev,
        )
    } else {
        fail(
            format!(
                "线索 {} 登记，{filed} 才立案，超过{days}个工作日（{due}）。",
                c.lead_on
            ),
            format!(
                "Lead {}, filed only {filed}: later than {days} working days ({due}).",
                c.lead_on
            ),
            ev,
        )
    }
}

/// 第六十条: decision within the body's period of filing (ninety days unless a law says
/// otherwise); an extension counts only when an approved extension step is on record and the
/// body's rule allows it (`cases::steps::extension_allowed`, the workflow's own test).
pub fn decision_deadline(e: &Env, r: &Record) -> Verdict {
    let c = &r.file.case;
    let (true, Some(filed), Some(decided)) = (general(c), c.filed_on, c.decided_on) else {
        return na();
    };
    let params = e.params.for_dept(c.department_id, filed);
    let extension = if steps_of(r, "extend").is_empty()
        || !crate::cases::steps::extension_allowed(&params, c.extension_days, c.collective_held)
    {
        0
    } else {
        c.extension_days.max(0) as u32
    };
    let base = params.days(crate::procedure::ParamKey::DecisionDays);
    // Time not counted (第六十四条 第三款 of the market-regulation rule) only with its step.
    let excluded = if steps_of(r, "exclude_period").is_empty() {
        0
    } else {
        c.excluded_decision_days
    };
    let Ok(due) =
        crate::cases::periods::decision_due(e.cal, filed, &params, i64::from(extension), excluded)
    else {
        return na();
    };
    let extension = extension + u32::try_from(excluded.max(0)).unwrap_or(0);
    let mut ev = vec![dt("filed_on", filed), dt("decided_on", decided)];
    for (id, _) in steps_of(r, "extend")
        .into_iter()
        .chain(steps_of(r, "exclude_period"))
    {
        ev.push(format!("step:{id}"));
    }
    if decided <= due {
        with(
            ok(
                format!("{filed} 立案，{decided} 作出决定，期限 {due}（延长 {extension} 日）。"),
                format!("Filed {filed}, decided {decided}, due {due} (extended {extension} days)."),
            ),
            ev,
        )
    } else {
        fail(
            format!(
                "{filed} 立案，{decided} 才作出决定，超过{base}日期限（{due}，延长 {extension} 日）。"
            ),
            format!(
                "Filed {filed}, decided only {decided}: past the {base} days ({due}, extended {extension} days)."
            ),
            ev,
        )
    }
}

/// Steps that name the acting team: the investigation and the on-the-spot decision.
fn team_steps(r: &Record) -> Vec<&crate::cases::queries::StepRow> {
    r.file
        .steps
        .iter()
        .filter(|s| s.action == "investigate" || s.action == "decide_on_spot")
        .collect()
}

fn distinct(ids: &[i64]) -> usize {
    let mut v = ids.to_vec();
    v.sort_unstable();
    v.dedup();
    v.len()
}

/// 第四十二条 第一款: "执法人员不得少于两人" — on the case and on every step naming the team.
pub fn officer_count(_: &Env, r: &Record) -> Verdict {
    let c = &r.file.case;
    let steps = team_steps(r);
    if steps.is_empty() && c.decided_on.is_none() {
        return na();
    }
    let mut bad = Vec::new();
    if steps.is_empty() {
        bad.push(format!(
            "date:decided_on={}",
            c.decided_on.unwrap_or(c.lead_on)
        ));
    }
    for s in &steps {
        if distinct(&s.officers) < 2 {
            bad.push(format!("step:{}", s.id));
        }
    }
    let n = distinct(&c.officers);
    if bad.is_empty() && n >= 2 {
        ok(
            format!("办案人员 {n} 名。"),
            format!("{n} officers on the case."),
        )
    } else {
        fail(
            format!("执法人员少于两人（案件记录 {n} 名）。"),
            format!("Fewer than two officers (the case records {n})."),
            bad,
        )
    }
}

/// 第四十二条 第一款: every officer holds a card valid on the day of each step naming the
/// team and on each day evidence was collected, for the body's domain.
pub fn officer_cards(_: &Env, r: &Record) -> Verdict {
    let c = &r.file.case;
    let mut acts: Vec<(String, NaiveDate, Vec<i64>)> = Vec::new();
    for s in team_steps(r) {
        if let Ok(d) = s.on.parse() {
            acts.push((format!("step:{}", s.id), d, s.officers.clone()));
        }
    }
    if acts.is_empty() {
        return na();
    }
    for ev in &r.evidence {
        if let Ok(d) = ev.row.collected_on.parse() {
            acts.push((format!("evidence:{}", ev.row.id), d, c.officers.clone()));
        }
    }
    let mut bad = Vec::new();
    let mut who = Vec::new();
    for (ptr, on, officers) in &acts {
        for o in officers {
            let valid = r
                .cards
                .iter()
                .any(|k| k.officer_id == *o && card_valid_on(k, *on, &c.domain));
            if !valid {
                if !bad.contains(ptr) {
                    bad.push(ptr.clone());
                }
                let w = format!("{o}@{on}");
                if !who.contains(&w) {
                    who.push(w);
                }
            }
        }
    }
    if bad.is_empty() {
        ok(
            format!("{} 个执法环节的执法证均有效。", acts.len()),
            format!("Cards valid at all {} acts.", acts.len()),
        )
    } else {
        fail(
            format!(
                "执法人员在执法之日无有效执法证（人员@日期：{}）。",
                who.join("、")
            ),
            format!(
                "Officers without a valid card on the day they acted (officer@date: {}).",
                who.join(", ")
            ),
            bad,
        )
    }
}

/// "较大数额" of the body's rule when the case was assessed (the day of the notice, else of the
/// investigation report), as the workflow's assessment applied it.
fn large_amounts(e: &Env, c: &crate::cases::CaseRow) -> rules::LargeAmounts {
    let on = c.notice_on.or(c.filed_on).unwrap_or(c.lead_on);
    e.params.for_dept(c.department_id, on).large_amounts()
}

/// Resolves a code in the version in force on `on`. A date before every loaded version is
/// read in the oldest loaded text — the corpus's own convention (`Law::current`): the earlier
/// texts are not in the corpus, so existence can only be checked there.
fn resolve_on(
    corpus: &Corpus,
    code: &str,
    on: fazhi_law::Date,
) -> Result<fazhi_law::Provision, fazhi_law::LawError> {
    match corpus.lookup(code, Some(on)) {
        Err(fazhi_law::LawError::NotInForce { .. }) => {
            let mut pc: fazhi_law::ProvisionCode = code.parse()?;
            let law = corpus
                .law(&pc.law)
                .ok_or_else(|| fazhi_law::LawError::UnknownLaw(pc.law.clone()))?;
            match law.versions.first() {
                Some(first) if on < first.effective && pc.version.is_none() => {
                    pc.version = Some(first.date);
                    corpus.provision(&pc, None)
                }
                _ => corpus.lookup(code, Some(on)),
            }
        }
        other => other,
    }
}

/// 第三十七条: the law in force when the act was committed applies; the penalising and
/// violated provisions must exist in that version and be law that day — the same rule that
/// refuses a lead ([`crate::law::currency::case_basis`]). A law repealed after the act still
/// governs it (a lighter new rule is for the reviewer to weigh; the case page shows both texts).
pub fn provisions_in_force(e: &Env, r: &Record) -> Verdict {
    let c = &r.file.case;
    let Some(decided) = c.decided_on else {
        return na();
    };
    let act_on = c.circumstances.act_ended_on.unwrap_or(c.lead_on);
    let mut codes: Vec<&str> = c.violated.iter().map(String::as_str).collect();
    if penalty(c) || !c.penalised.is_empty() {
        codes.insert(0, c.penalised.as_str());
    }
    let mut bad = Vec::new();
    for code in &codes {
        if code.trim().is_empty() {
            bad.push((String::from("(empty)"), "未填写处罚依据".to_string()));
            continue;
        }
        if let Some(Err(err)) = law_date(act_on).map(|d| resolve_on(e.corpus, code, d)) {
            bad.push((code.to_string(), err.to_string()));
            continue;
        }
        if let Err(err) =
            crate::law::currency::case_basis(e.corpus, &[code.to_string()], act_on, decided)
        {
            bad.push((code.to_string(), err.message_zh()));
        }
    }
    let ev: Vec<String> = codes.iter().map(|s| s.to_string()).collect();
    if bad.is_empty() {
        with(
            ok(
                format!(
                    "{} 个依据条款在违法行为发生时（{act_on}）有效。",
                    codes.len()
                ),
                format!(
                    "{} provisions in force on the act date {act_on}.",
                    codes.len()
                ),
            ),
            ev,
        )
    } else {
        let list: Vec<String> = bad.iter().map(|(c, e)| format!("{c}：{e}")).collect();
        fail(
            format!("适用的条款不存在或未生效：{}", list.join("；")),
            format!("Provisions missing or not in force: {}", list.join("; ")),
            bad.into_iter().map(|(c, _)| c).collect(),
        )
    }
}

/// 职权法定 (第十七条: "在法定职权范围内实施"): the power item the case rests on belongs to the
/// handling body (or one above it) and lists the violation.
pub fn power_of_body(_: &Env, r: &Record) -> Verdict {
    let c = &r.file.case;
    let p = &r.power;
    let ev = vec![format!("power:{}", c.power_code)];
    if !p.found {
        return fail(
            format!("权责清单中没有事项“{}”。", c.power_code),
            format!("The power list has no item {:?}.", c.power_code),
            ev,
        );
    }
    if !p.owned {
        return fail(
            format!(
                "事项“{}”不属于办案机关 {} 的权责清单。",
                c.power_code, c.department
            ),
            format!(
                "Item {:?} is not in the power list of {}.",
                c.power_code, c.department
            ),
            ev,
        );
    }
    if p.violation.is_none() {
        return fail(
            format!("事项“{}”下没有违法行为“{}”。", c.power_code, c.violation),
            format!(
                "Item {:?} lists no violation {:?}.",
                c.power_code, c.violation
            ),
            ev,
        );
    }
    with(
        ok(
            format!("事项“{}”属于办案机关。", c.power_code),
            format!("Item {:?} belongs to the body.", c.power_code),
        ),
        ev,
    )
}

/// The facts the flexible-enforcement lists read: the assessment's own function.
fn list_facts(c: &CaseRow, circ: &Circumstances) -> crate::leniency::CaseFacts {
    crate::cases::list_facts(c, circ)
}

fn statutory(c: &CaseRow) -> Option<crate::cases::Assessment> {
    let circ = &c.circumstances;
    crate::cases::assess(&LeniencyFacts {
        act_ended_on: circ.act_ended_on.unwrap_or(c.lead_on),
        discovered_on: c.lead_on,
        life_health_or_financial_security: circ.life_health_or_financial,
        special_limitation_months: crate::cases::leniency::special_limitation_months(&c.penalised),
        age_at_act: circ.age_at_act,
        unable_to_recognise: false,
        partly_unable: false,
        minor_violation: circ.minor_violation,
        corrected_in_time: circ.corrected_in_time,
        harm: circ.harm(),
        first_violation: circ.first_violation,
        proven_no_fault: circ.proven_no_fault,
        mitigations: circ.mitigation_grounds(),
    })
    .ok()
}

fn discretion(r: &Record) -> Option<crate::leniency::DiscretionCheck> {
    let c = &r.file.case;
    let v = r.power.violation.as_ref()?;
    if !penalty(c) || c.fine_fen <= 0 {
        return None;
    }
    let circ = &c.circumstances;
    let mitigation = match crate::leniency::Mitigation::from_statute(&circ.mitigation_grounds()) {
        crate::leniency::Mitigation::None => crate::leniency::Mitigation::from_evaluation(
            &crate::leniency::evaluate(&list_facts(c, circ)),
        ),
        m => m,
    };
    Some(crate::leniency::check_discretion_on(
        v,
        &c.tier,
        Some(Money::from_fen(c.fine_fen)),
        circ.base_amount_fen.map(Money::from_fen),
        mitigation,
        &crate::powers::penalty::FineFacts {
            act_on: Some(circ.act_ended_on.unwrap_or(c.lead_on)),
            ..circ.fine_facts()
        },
    ))
}

/// Grounds on which 法制审核 is compulsory, recomputed: 第五十八条 items 1–3, a fine outside
/// the discretion tier (第三十四条 with the standard's own rule), a penalty despite a waiver
/// ground (第三十三条 第一款 / the no-penalty list).
fn review_grounds(e: &Env, r: &Record) -> Vec<&'static str> {
    let c = &r.file.case;
    let circ = &c.circumstances;
    let held = c.hearing_held || !steps_of(r, "hearing").is_empty();
    let hearing = rules::hearing_right(
        c.party_kind,
        &c.proposal().sanctions(),
        &large_amounts(e, c),
        false,
    );
    // 第五十八条 items 1–3 as the workflow's assessment and hearing step ask them.
    let mut g: Vec<&'static str> = rules::legal_review_grounds(&LegalReviewFacts {
        major_public_interest: circ.major_public_interest,
        major_rights: !hearing.is_empty(),
        hearing_held: held,
        complex_multiple_relations: circ.complex,
        required_by_law: false,
    })
    .into_iter()
    .map(LegalReviewGround::provision)
    .collect();
    if discretion(r).is_some_and(|d| d.legal_review_required) {
        g.push("out_of_tier");
    }
    if penalty(c) {
        let outcome = statutory(c).map(|a| a.outcome);
        let forbidden = matches!(outcome, Some(Outcome::NoPenalty | Outcome::TimeBarred));
        let lists = crate::leniency::evaluate(&list_facts(c, circ));
        if !forbidden
            && (outcome == Some(Outcome::MayWaive) || lists.penalty_needs_reason_and_review)
        {
            g.push("penalty_despite_leniency");
        }
    }
    g
}

/// Label of a legal-review ground.
fn ground_label(g: &str, en: bool) -> &str {
    match (g, en) {
        // Platform (regional) rules under the 裁量基准 and 三项制度 documents, not grounds of
        // 行政处罚法 第五十八条 (review A19.1).
        ("out_of_tier", false) => "罚款超出裁量档次（平台规则，依裁量基准，非第五十八条法定情形）",
        ("out_of_tier", true) => {
            "fine outside the tier (platform rule under the discretion standard, not Art. 58)"
        }
        ("penalty_despite_leniency", false) => {
            "符合不予处罚情形仍予处罚（平台规则，非第五十八条法定情形）"
        }
        ("penalty_despite_leniency", true) => {
            "penalty despite a waiver ground (platform rule, not Art. 58)"
        }
        (x, _) if x == prov::ART_58_ITEM_1 => {
            if en {
                "major public interest (Art. 58(1))"
            } else {
                "涉及重大公共利益（第五十八条第一款第（一）项）"
            }
        }
        (x, _) if x == prov::ART_58_ITEM_2 => {
            if en {
                "major rights after a hearing (Art. 58(2))"
            } else {
                "重大权益且经过听证（第（二）项）"
            }
        }
        (x, _) if x == prov::ART_58_ITEM_3 => {
            if en {
                "complex case (Art. 58(3))"
            } else {
                "疑难复杂（第（三）项）"
            }
        }
        (x, _) => x,
    }
}

fn grounds_text(g: &[&str], en: bool) -> String {
    g.iter()
        .map(|x| ground_label(x, en))
        .collect::<Vec<_>>()
        .join(if en { ", " } else { "、" })
}

/// 第五十八条: "未经法制审核或者审核未通过的，不得作出决定".
pub fn legal_review(e: &Env, r: &Record) -> Verdict {
    let c = &r.file.case;
    let Some(decided) = c.decided_on else {
        return na();
    };
    let grounds = review_grounds(e, r);
    if grounds.is_empty() {
        return ok("无须法制审核。", "No legal review required.");
    }
    // Item 2 reviews the outcome of the hearing: the review must follow it.
    let after = if grounds.contains(&prov::ART_58_ITEM_2) {
        steps_of(r, "hearing").first().map(|(_, d)| *d)
    } else {
        None
    };
    let step = steps_of(r, "legal_review")
        .into_iter()
        .rev()
        .find(|(_, d)| *d <= decided && after.is_none_or(|h| *d >= h));
    match step {
        Some((id, d)) if c.legal_review_result == ReviewResult::Passed => with(
            ok(
                format!(
                    "法制审核 {d} 通过（事由：{}）。",
                    grounds_text(&grounds, false)
                ),
                format!(
                    "Legal review passed on {d} (grounds: {}).",
                    grounds.join(", ")
                ),
            ),
            vec![format!("step:{id}")],
        ),
        _ => fail(
            format!(
                "应当法制审核（事由：{}），决定前无审核通过记录。",
                grounds_text(&grounds, false)
            ),
            format!(
                "Legal review required (grounds: {}), none passed before the decision.",
                grounds_text(&grounds, true)
            ),
            vec![dt("decided_on", decided)],
        ),
    }
}

/// 第五十七条 第二款: complex cases and serious violations are decided by the heads collectively.
pub fn collective_discussion(_: &Env, r: &Record) -> Verdict {
    let c = &r.file.case;
    let Some(decided) = c.decided_on else {
        return na();
    };
    let circ = &c.circumstances;
    if rules::collective_discussion_required(circ.complex, circ.serious_violation, penalty(c))
        .is_none()
    {
        return na();
    }
    match first_on_or_before(r, "discuss", decided) {
        Some((id, d)) => with(
            ok(
                format!("{d} 集体讨论决定。"),
                format!("Decided collectively on {d}."),
            ),
            vec![format!("step:{id}")],
        ),
        None => fail(
            "情节复杂或重大违法，未经负责人集体讨论即作出处罚决定。",
            "Complex or serious case decided without the heads' collective discussion.",
            vec![dt("decided_on", decided)],
        ),
    }
}

/// 第四十四条、第六十二条: no penalty decision before the party was told of it — under the
/// general procedure by the 告知书 (a notify step before the decision), under 简易程序 on the
/// spot (the fact the DecideOnSpot step requires). The state machine's own rule
/// (`rules::prior_notice_given`).
pub fn prior_notice(_: &Env, r: &Record) -> Verdict {
    let c = &r.file.case;
    let (true, Some(decided)) = (penalty(c), c.decided_on) else {
        return na();
    };
    let notified = if general(c) {
        first_on_or_before(r, "notify", decided).filter(|_| c.notice_on.is_some())
    } else {
        None
    };
    let told = notified.is_some() || (!general(c) && c.spot_notice_given);
    if rules::prior_notice_given(told, false).is_ok() {
        return match notified {
            Some((id, d)) => with(
                ok(format!("{d} 事先告知。"), format!("Notified on {d}.")),
                vec![format!("step:{id}")],
            ),
            None => ok("当场告知并听取陈述申辩。", "Told and heard on the spot."),
        };
    }
    if rules::prior_notice_given(false, c.statement_waived).is_ok() {
        return ok("当事人明确放弃陈述申辩。", "The party waived statements.");
    }
    fail(
        "作出处罚决定前未告知拟处罚的内容及依据和当事人的权利。",
        "Penalty decided without the prior notice.",
        vec![dt("decided_on", decided)],
    )
}

/// 第四十五条 and 第六十四条（一）: the decision waits for the five working days the party
/// has to state, defend or ask for a hearing (the platform's statement period is the same).
pub fn statement_window(e: &Env, r: &Record) -> Verdict {
    let c = &r.file.case;
    let (true, true, Some(notice), Some(decided)) =
        (general(c), penalty(c), c.notice_on, c.decided_on)
    else {
        return na();
    };
    let Ok(w) = deadlines::hearing_request_deadline(e.cal, notice) else {
        return na();
    };
    let w = w.deadline.date;
    let ev = vec![dt("notice_on", notice), dt("decided_on", decided)];
    if c.statement_waived {
        // 第六十二条: the waiver covers 陈述、申辩 only; the hearing window of 第六十四条（一）
        // holds unless the hearing itself was waived — the Decide step's own rule.
        let window = rules::HearingWindow {
            request_due: Some(w),
            hearing_requested: c.hearing_requested || !steps_of(r, "request_hearing").is_empty(),
            ..crate::cases::steps::hearing_window(c)
        };
        return match rules::hearing_window_blocks(&window, decided) {
            None => na(),
            Some(w) => fail(
                format!(
                    "当事人仅放弃陈述申辩，未放弃听证；听证申请期限 {w} 未满即于 {decided} 作出决定。"
                ),
                format!(
                    "The party waived its statement but not the hearing; decided {decided}, before the hearing window closed ({w})."
                ),
                ev,
            ),
        };
    }
    // The statement period of the body's rule and the hearing window, as the Decide step
    // applied them: the later of the two that apply.
    let params = e.params.for_dept(c.department_id, notice);
    let statement_end = crate::cases::steps::statement_period_end(e.cal, c, &params);
    let hearing_end = rules::hearing_window_blocks(
        &rules::HearingWindow {
            request_due: Some(w),
            hearing_requested: c.hearing_requested || !steps_of(r, "request_hearing").is_empty(),
            ..crate::cases::steps::hearing_window(c)
        },
        decided,
    );
    let w = match (statement_end, hearing_end) {
        (Some(a), Some(b)) => a.max(b),
        (Some(a), None) => a,
        (None, Some(b)) => b,
        (None, None) => notice,
    };
    if decided > w {
        with(
            ok(
                format!("{notice} 告知，陈述申辩期至 {w}，{decided} 决定。"),
                format!("Notified {notice}, window to {w}, decided {decided}."),
            ),
            ev,
        )
    } else {
        fail(
            format!("{notice} 告知后，陈述申辩（听证申请）期限 {w} 未满即于 {decided} 作出决定。"),
            format!("Notified {notice}; decided {decided}, before the window closed ({w})."),
            ev,
        )
    }
}

/// 第六十三条、第六十五条: a requested hearing is held before the decision.
pub fn hearing_held(_: &Env, r: &Record) -> Verdict {
    let c = &r.file.case;
    let requested = c.hearing_requested || !steps_of(r, "request_hearing").is_empty();
    let (true, Some(decided)) = (requested, c.decided_on) else {
        return na();
    };
    match first_on_or_before(r, "hearing", decided) {
        Some((id, d)) => with(
            ok(format!("{d} 举行听证。"), format!("Hearing held on {d}.")),
            vec![format!("step:{id}")],
        ),
        None => fail(
            "当事人要求听证，未举行听证即作出决定。",
            "A hearing was requested but not held before the decision.",
            vec![dt("decided_on", decided)],
        ),
    }
}

/// 第六十三条: the notice of a penalty reaching a hearing item (large fines under
/// `DEFAULT_LARGE_AMOUNTS`, licence measures…) tells the party of the right to a hearing.
pub fn hearing_right_notice(e: &Env, r: &Record) -> Verdict {
    let c = &r.file.case;
    let (true, Some(notice)) = (penalty(c), c.notice_on) else {
        return na();
    };
    let items = rules::hearing_right(
        c.party_kind,
        &c.proposal().sanctions(),
        &large_amounts(e, c),
        false,
    );
    if items.is_empty() {
        return ok(
            "拟处罚不属于听证范围。",
            "No hearing right for this penalty.",
        );
    }
    if c.hearing_right && c.hearing_request_due.is_some() {
        with(
            ok(
                format!("{notice} 告知听证权利（{}）。", items.join("、")),
                format!("Hearing right notified on {notice} ({}).", items.join(", ")),
            ),
            items.iter().map(|s| s.to_string()).collect(),
        )
    } else {
        fail(
            format!(
                "拟处罚属于听证范围（{}），告知时未告知听证权利。",
                items.join("、")
            ),
            format!(
                "The penalty gives a hearing right ({}), not notified.",
                items.join(", ")
            ),
            vec![dt("notice_on", notice)],
        )
    }
}

/// 第六十一条 第一款: the decision is served within seven working days.
pub fn service_deadline(e: &Env, r: &Record) -> Verdict {
    let c = &r.file.case;
    let Some(decided) = c.decided_on else {
        return na();
    };
    let Ok(due) = deadlines::service_deadline(e.cal, decided) else {
        return na();
    };
    let due = due.deadline.date;
    match c.served_on {
        Some(s) if s <= due => with(
            ok(
                format!("{decided} 决定，{s} 送达（期限 {due}）。"),
                format!("Decided {decided}, served {s} (due {due})."),
            ),
            vec![dt("decided_on", decided), dt("served_on", s)],
        ),
        Some(s) => fail(
            format!("{decided} 决定，{s} 才送达，超过七个工作日（{due}）。"),
            format!("Decided {decided}, served only {s}: past seven working days ({due})."),
            vec![dt("decided_on", decided), dt("served_on", s)],
        ),
        None if c.status == crate::cases::CaseStatus::Open => na(),
        None => fail(
            "处罚决定未送达即结案。",
            "Closed without serving the decision.",
            vec![dt("decided_on", decided)],
        ),
    }
}

fn owed(c: &CaseRow) -> i64 {
    if penalty(c) {
        c.fine_fen + c.confiscation_fen
    } else {
        0
    }
}

/// 第六十七条 第三款: the party pays within fifteen days of receiving the decision — the day
/// of receipt as the Serve step derives it (`payment::received_on`: 公告送达 + 30 days), moved by
/// an approved 暂缓 / 分期 (`payment::due_after_approvals`, 第六十六条 第二款).
fn recomputed_payment_due(e: &Env, r: &Record, served: NaiveDate) -> Option<NaiveDate> {
    let c = &r.file.case;
    let method = c.service_method.unwrap_or(ServiceMethod::Direct);
    let received = payment::received_on(method, served);
    let due = deadlines::payment_deadline(e.cal, received).ok()?;
    Some(payment::due_after_approvals(
        due.deadline.date,
        &r.payment_periods,
    ))
}

/// 第六十七条 第三款: the party pays within fifteen days of receiving the decision.
pub fn payment_due(e: &Env, r: &Record) -> Verdict {
    let c = &r.file.case;
    let (true, Some(served)) = (owed(c) > 0, c.served_on) else {
        return na();
    };
    let Some(due) = recomputed_payment_due(e, r, served) else {
        return na();
    };
    let ev = vec![dt("served_on", served)];
    match c.payment_due {
        Some(p) if p == due => with(
            ok(
                format!("{served} 送达，缴款期限 {p}。"),
                format!("Served {served}, payment due {p}."),
            ),
            ev,
        ),
        p => {
            let shown = p.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
            fail(
                format!("{served} 送达，缴款期限应为 {due}，记录为 {shown}。"),
                format!("Served {served}: payment due {due}, recorded {shown}."),
                ev,
            )
        }
    }
}

/// 第七十二条 第一款 第（一）项: 3 % of the fine a day after the due date, at most the fine;
/// 复议 / 诉讼 time not counted (第七十三条 第三款); waived or reduced where the head so decided
/// ("可以"). The Execute step's own function (`payment::surcharge_owed`).
pub fn surcharge(e: &Env, r: &Record) -> Verdict {
    let c = &r.file.case;
    let (true, Some(served), Some(executed)) = (owed(c) > 0, c.served_on, c.executed_on) else {
        return na();
    };
    let mode = match ExecutionMode::parse(&c.execution_mode) {
        Some(m @ (ExecutionMode::Paid | ExecutionMode::Compulsory | ExecutionMode::Court)) => m,
        _ => return na(),
    };
    let Some(due) = recomputed_payment_due(e, r, served) else {
        return na();
    };
    let facts = payment::SurchargeFacts::of(c, Some(due), &r.payment_periods);
    let Ok(expected) = payment::surcharge_owed(&facts, executed, mode) else {
        return na();
    };
    let ev = vec![dt("payment_due", due), dt("executed_on", executed)];
    if c.surcharge_fen == expected {
        with(
            ok(
                format!("加处罚款 {} 元，计算正确。", Money::from_fen(expected)),
                format!("Surcharge CNY {} as computed.", Money::from_fen(expected)),
            ),
            ev,
        )
    } else {
        fail(
            format!(
                "加处罚款应为 {} 元，记录为 {} 元。",
                Money::from_fen(expected),
                Money::from_fen(c.surcharge_fen)
            ),
            format!(
                "Surcharge should be CNY {}, recorded CNY {}.",
                Money::from_fen(expected),
                Money::from_fen(c.surcharge_fen)
            ),
            ev,
        )
    }
}

/// 行政强制法: a compulsory execution follows a written reminder; the agency's own after more
/// than thirty days of surcharge and ten working days from the reminder (第四十六条、第五十四条、
/// 第六十九条); through the court, an application inside the window of 第五十三条 —
/// `cases::enforcement`, the rules the workflow's `urge`, `apply_court` and `execute` apply.
pub fn compulsory_execution(e: &Env, r: &Record) -> Verdict {
    use crate::cases::enforcement;
    let c = &r.file.case;
    let (Some(executed), Some(mode)) = (c.executed_on, ExecutionMode::parse(&c.execution_mode))
    else {
        return na();
    };
    if !matches!(mode, ExecutionMode::Compulsory | ExecutionMode::Court) {
        return na();
    }
    let mut ev = vec![dt("executed_on", executed)];
    let Some(urged) = c.urged_on else {
        return fail(
            "强制执行前未见催告记录（《行政强制法》第三十五条、第五十四条）。",
            "No written reminder before the compulsory execution (Administrative Compulsion Law arts. 35, 54).",
            ev,
        );
    };
    ev.push(dt("urged_on", urged));
    match mode {
        ExecutionMode::Compulsory => {
            let Some(due) = c.payment_due else {
                return na();
            };
            let Ok(opens) = enforcement::own_enforcement_opens(e.cal, due, urged) else {
                return na();
            };
            if executed >= opens {
                with(
                    ok(
                        format!("{urged} 催告，{executed} 强制执行（最早 {opens}）。"),
                        format!("Reminded {urged}, enforced {executed} (from {opens})."),
                    ),
                    ev,
                )
            } else {
                fail(
                    format!(
                        "{executed} 强制执行，早于加处罚款满三十日且催告书送达十个工作日后的 {opens}。"
                    ),
                    format!(
                        "Enforced {executed}, before {opens} (thirty days of surcharge and ten working days after the reminder)."
                    ),
                    ev,
                )
            }
        }
        _ => {
            let Some(applied) = c.court_applied_on else {
                return fail(
                    "申请法院强制执行，但没有申请记录（《行政强制法》第五十三条）。",
                    "Court enforcement without an application on record (art. 53).",
                    ev,
                );
            };
            ev.push(dt("court_applied_on", applied));
            let received = c.received_on.or(c.served_on).unwrap_or(c.lead_on);
            match enforcement::court_gate(e.cal, received, &r.payment_periods, Some(urged), applied)
            {
                Ok(None) => with(
                    ok(
                        format!("{urged} 催告，{applied} 申请法院强制执行，在法定期间内。"),
                        format!("Reminded {urged}, applied to the court {applied}, in time."),
                    ),
                    ev,
                ),
                Ok(Some(enforcement::CourtGate::TooEarly { opens })) => fail(
                    format!(
                        "{applied} 申请法院强制执行，早于 {opens}（复议、诉讼期限届满且催告十个工作日后）。"
                    ),
                    format!(
                        "Applied {applied}, before {opens} (after the remedy periods and ten working days from the reminder)."
                    ),
                    ev,
                ),
                Ok(Some(enforcement::CourtGate::TooLate { closed })) => fail(
                    format!("{applied} 申请法院强制执行，超过第五十三条的三个月（至 {closed}）。"),
                    format!("Applied {applied}, after the three months of art. 53 (to {closed})."),
                    ev,
                ),
                _ => na(),
            }
        }
    }
}

/// 第六十六条、第六十七条: the penalty is carried out — paid in full (with the surcharge) or
/// compulsorily executed — before the case is closed.
pub fn payment_complete(_: &Env, r: &Record) -> Verdict {
    let c = &r.file.case;
    let owed = owed(c);
    if owed == 0 || c.closed_on.is_none() {
        return na();
    }
    let due = owed + c.surcharge_fen;
    match c.execution_mode.as_str() {
        "compulsory" | "court" => ok("已申请强制执行。", "Compulsory execution."),
        "paid" if c.paid_fen >= due => ok(
            format!("已缴纳 {} 元。", Money::from_fen(c.paid_fen)),
            format!("Paid CNY {}.", Money::from_fen(c.paid_fen)),
        ),
        _ => fail(
            format!(
                "应缴 {} 元，实缴 {} 元即结案。",
                Money::from_fen(due),
                Money::from_fen(c.paid_fen)
            ),
            format!(
                "Closed with CNY {} owed and CNY {} paid.",
                Money::from_fen(due),
                Money::from_fen(c.paid_fen)
            ),
            vec![format!(
                "date:closed_on={}",
                c.closed_on.unwrap_or(c.lead_on)
            )],
        ),
    }
}

fn first_published(r: &Record) -> Option<(i64, NaiveDate)> {
    r.disclosures
        .iter()
        .filter_map(|d| d.published_on.map(|p| (d.id, p)))
        .min_by_key(|(_, p)| *p)
}

/// 第四十八条 第一款: penalty decisions with social impact are disclosed, within the body's
/// disclosure scope (`cases::disclosure::disclosure_required`, the rule that opened the task:
/// market regulation publishes general-procedure decisions and not a warning alone).
pub fn disclosure_made(e: &Env, r: &Record) -> Verdict {
    let c = &r.file.case;
    let (true, Some(decided)) = (penalty(c), c.decided_on) else {
        return na();
    };
    if !crate::cases::disclosure::disclosure_required(
        c,
        &e.params.for_dept(c.department_id, decided),
    ) {
        return na();
    }
    if let Some((id, p)) = first_published(r) {
        return with(
            ok(format!("{p} 公示。"), format!("Disclosed on {p}.")),
            vec![format!("disclosure:{id}")],
        );
    }
    // An open case whose period is still running is not yet late.
    let running = deadlines::disclosure_deadline(e.cal, decided)
        .map(|d| d.deadline.date >= crate::time::today())
        .unwrap_or(false);
    if c.status == crate::cases::CaseStatus::Open && running {
        return na();
    }
    fail(
        "处罚决定未公示。",
        "The penalty decision was never disclosed.",
        vec![dt("decided_on", decided)],
    )
}

/// 国办发〔2018〕118号: "执法决定信息要在执法决定作出之日起7个工作日内公开".
pub fn disclosure_on_time(e: &Env, r: &Record) -> Verdict {
    let c = &r.file.case;
    let (true, Some(decided), Some((id, p))) = (penalty(c), c.decided_on, first_published(r))
    else {
        return na();
    };
    let Ok(due) = deadlines::disclosure_deadline(e.cal, decided) else {
        return na();
    };
    let due = due.deadline.date;
    let ev = vec![format!("disclosure:{id}"), dt("decided_on", decided)];
    if p <= due {
        with(
            ok(
                format!("{decided} 决定，{p} 公示（期限 {due}）。"),
                format!("Decided {decided}, disclosed {p} (due {due})."),
            ),
            ev,
        )
    } else {
        fail(
            format!("{decided} 决定，{p} 才公示，超过七个工作日（{due}）。"),
            format!("Decided {decided}, disclosed only {p}: past seven working days ({due})."),
            ev,
        )
    }
}

/// 第四十八条 with 个人信息保护法 第六条: a citizen's name and identity number are masked in
/// the published text.
pub fn disclosure_masked(_: &Env, r: &Record) -> Verdict {
    let c = &r.file.case;
    if c.party_kind != PartyKind::Citizen || r.disclosures.is_empty() {
        return na();
    }
    let name = c.party_name.trim();
    let code = c.party_code.trim();
    let bad: Vec<String> = r
        .disclosures
        .iter()
        .filter(|d| {
            (name.chars().count() >= 2 && d.content.contains(name))
                || (!code.is_empty() && d.content.contains(code))
        })
        .map(|d| format!("disclosure:{}", d.id))
        .collect();
    if bad.is_empty() {
        ok(
            "公示内容已隐去个人姓名和身份证号。",
            "Personal data masked.",
        )
    } else {
        fail(
            "公示内容含当事人（自然人）完整姓名或身份证号。",
            "The published text shows the citizen's full name or identity number.",
            bad,
        )
    }
}

/// 第三十四条: the fine lies in the tier of the discretion standard, or the reason for leaving
/// it is recorded.
pub fn discretion_reason(_: &Env, r: &Record) -> Verdict {
    let c = &r.file.case;
    let Some(d) = discretion(r) else {
        return na();
    };
    let ev = vec![format!("tier:{}", c.tier)];
    if !d.allowed {
        return fail(d.message_zh, d.message_en, ev);
    }
    if d.reason_required && c.out_of_tier_reason.trim().is_empty() {
        return fail(
            format!("{}未记录理由。", d.message_zh),
            format!("{} No reason recorded.", d.message_en),
            ev,
        );
    }
    with(ok(d.message_zh, d.message_en), ev)
}

/// 第三十三条 第一款 first sentence, 第三十条, 第三十六条: no penalty where the Law forbids one.
pub fn penalty_allowed(_: &Env, r: &Record) -> Verdict {
    let c = &r.file.case;
    if !penalty(c) || c.decided_on.is_none() {
        return na();
    }
    match statutory(c) {
        Some(a) if matches!(a.outcome, Outcome::NoPenalty | Outcome::TimeBarred) => fail(
            format!("依法不得给予行政处罚（{}），仍予处罚。", a.trace.join("、")),
            format!(
                "The Law forbids a penalty ({}); one was given.",
                a.trace.join(", ")
            ),
            a.trace.iter().map(|s| s.to_string()).collect(),
        ),
        _ => ok("不属于依法不予处罚的情形。", "No rule forbids the penalty."),
    }
}

/// 第四十条: "违法事实不清、证据不足的，不得给予行政处罚" — the facts found name the party and
/// describe the conduct.
pub fn facts_recorded(_: &Env, r: &Record) -> Verdict {
    let c = &r.file.case;
    if c.decided_on.is_none() {
        return na();
    }
    let f = c.facts.trim();
    if f.chars().count() >= 20 && f.contains(c.party_name.trim()) {
        ok(
            format!("查明事实 {} 字。", f.chars().count()),
            format!("Facts found: {} characters.", f.chars().count()),
        )
    } else {
        fail(
            "查明的违法事实未载明当事人及违法行为。",
            "The facts found do not name the party and the conduct.",
            vec!["field:facts".into()],
        )
    }
}

/// 第四十条、第四十六条: a decision rests on evidence on file.
pub fn evidence_present(_: &Env, r: &Record) -> Verdict {
    let c = &r.file.case;
    if c.decided_on.is_none() {
        return na();
    }
    if r.evidence.is_empty() {
        fail(
            "案卷中没有证据材料。",
            "No evidence on file.",
            vec![dt("decided_on", c.decided_on.unwrap_or(c.lead_on))],
        )
    } else {
        with(
            ok(
                format!("证据 {} 件。", r.evidence.len()),
                format!("{} evidence files.", r.evidence.len()),
            ),
            r.evidence
                .iter()
                .map(|e| format!("evidence:{}", e.row.id))
                .collect(),
        )
    }
}

/// 第四十六条、第四十七条: every evidence file is what was recorded (SM3 of the content equals
/// the digest stored with it and on its step).
pub fn evidence_integrity(_: &Env, r: &Record) -> Verdict {
    if r.evidence.is_empty() {
        return na();
    }
    let recorded: Vec<&String> = r
        .file
        .steps
        .iter()
        .filter(|s| s.action == "evidence")
        .flat_map(|s| s.digests.iter())
        .collect();
    let bad: Vec<String> = r
        .evidence
        .iter()
        .filter(|e| e.actual_sm3 != e.row.sm3 || !recorded.contains(&&e.row.sm3))
        .map(|e| format!("evidence:{}", e.row.id))
        .collect();
    if bad.is_empty() {
        ok(
            format!("{} 件证据的 SM3 摘要一致。", r.evidence.len()),
            format!("SM3 of {} evidence files match.", r.evidence.len()),
        )
    } else {
        fail(
            "证据文件内容与登记的 SM3 摘要不一致（被替换或篡改）。",
            "Evidence content does not match its recorded SM3 digest.",
            bad,
        )
    }
}

/// 第五十九条 and the instrument rules: every instrument of the stage can be built from the
/// record (no required item missing).
pub fn instruments_buildable(e: &Env, r: &Record) -> Verdict {
    let kinds: Vec<_> = paperwork::available(&r.file);
    if kinds.is_empty() {
        return na();
    }
    let cite = |code: &str| match e.corpus.lookup(code, None) {
        Ok(p) => Provision {
            code: code.to_string(),
            citation: p.citation,
            text: p.text,
        },
        Err(_) => Provision {
            code: code.to_string(),
            citation: code.to_string(),
            text: String::new(),
        },
    };
    let facts = paperwork::facts(&r.file, &cite);
    let mut bad = Vec::new();
    let mut why = Vec::new();
    for k in &kinds {
        if let Err(err) = documents::build(*k, &facts) {
            // A form that cannot print because of a defect another check reports is that
            // defect's consequence, not a second one: a penalty beyond 第五十一条
            // (`summary_limits`), fewer than two officers (第四十二条, `officer_count`), an
            // on-the-spot decision without the oral notice (第四十四条, `prior_notice`).
            if matches!(
                err.code(),
                "documents.summary_not_allowed"
                    | "documents.officers_missing"
                    | "documents.spot_notice_missing"
            ) {
                continue;
            }
            bad.push(format!("instrument:{}", k.slug()));
            why.push(format!("{}：{}", k.title_zh(), err));
        }
    }
    if bad.is_empty() {
        ok(
            format!("{} 种文书要素齐全。", kinds.len()),
            format!("{} instruments complete.", kinds.len()),
        )
    } else {
        fail(
            format!("文书要素缺失：{}", why.join("；")),
            format!("Instruments incomplete: {}", bad.join(", ")),
            bad,
        )
    }
}

/// 第五十一条: on-the-spot decisions only for warnings and fines up to 200 / 3,000 yuan.
pub fn summary_limits(_: &Env, r: &Record) -> Verdict {
    let c = &r.file.case;
    if c.procedure != Procedure::Summary || c.decided_on.is_none() || !penalty(c) {
        return na();
    }
    let facts = SummaryFacts {
        facts_certain_with_basis: !c.facts.trim().is_empty(),
        party: c.party_kind,
        sanctions: c.proposal().sanctions(),
    };
    if rules::summary_procedure_allowed(&facts).is_ok() {
        ok(
            "符合简易程序适用条件。",
            "Within the summary procedure's limits.",
        )
    } else {
        fail(
            "处罚超出简易程序范围（仅限警告及公民二百元、单位三千元以下罚款）。",
            "The penalty exceeds what the summary procedure allows.",
            vec![format!("fine_fen:{}", c.fine_fen)],
        )
    }
}

/// 第四十七条 (全过程记录): the dates of the record follow the order of the procedure.
pub fn chronology(_: &Env, r: &Record) -> Verdict {
    let c = &r.file.case;
    let seq = [
        ("lead_on", Some(c.lead_on)),
        ("filed_on", c.filed_on),
        ("notice_on", c.notice_on),
        ("decided_on", c.decided_on),
        ("served_on", c.served_on),
        ("executed_on", c.executed_on),
        ("closed_on", c.closed_on),
        ("archived_on", c.archived_on),
    ];
    let mut bad = Vec::new();
    let mut last: Option<(&str, NaiveDate)> = None;
    for (f, d) in seq {
        let Some(d) = d else { continue };
        if let Some((lf, ld)) = last
            && d < ld
        {
            bad.push(dt(lf, ld));
            bad.push(dt(f, d));
        }
        last = Some((f, d));
    }
    let mut prev: Option<NaiveDate> = None;
    for s in &r.file.steps {
        // A withdrawal follows a later review decision and is recorded whenever it happens.
        if s.action == "withdraw" {
            continue;
        }
        let Ok(d) = s.on.parse::<NaiveDate>() else {
            bad.push(format!("step:{}", s.id));
            continue;
        };
        if prev.is_some_and(|p| d < p) {
            bad.push(format!("step:{}", s.id));
        }
        prev = Some(prev.map_or(d, |p| p.max(d)));
    }
    if bad.is_empty() {
        ok(
            format!("{} 个环节日期顺序正确。", r.file.steps.len()),
            format!("{} steps in date order.", r.file.steps.len()),
        )
    } else {
        fail(
            "办案环节日期顺序颠倒（倒签或补录）。",
            "Dates out of the procedure's order (backdated or entered later).",
            bad,
        )
    }
}

/// 第四十七条: every step of the record has its event in the tamper-evident audit chain.
pub fn audit_trail(_: &Env, r: &Record) -> Verdict {
    let steps = r.file.steps.len() as i64;
    if r.audit_events >= steps {
        ok(
            format!("{steps} 个环节，审计事件 {} 条。", r.audit_events),
            format!("{steps} steps, {} audit events.", r.audit_events),
        )
    } else {
        fail(
            format!(
                "{steps} 个环节只有 {} 条审计事件：有环节未经系统留痕。",
                r.audit_events
            ),
            format!(
                "{steps} steps but {} audit events: a step bypassed the audit chain.",
                r.audit_events
            ),
            vec![format!("audit:case/{}", r.file.case.id)],
        )
    }
}

#[cfg(test)]
mod label_tests {
    use super::*;

    /// 行政处罚法 第五十八条 lists public interest, major rights after a hearing, complexity and
    /// "法律、法规规定的其他情形"; a fine outside the tier or a penalty despite a waiver ground are
    /// platform rules (裁量基准, 三项制度) and are labelled so (review A19.1).
    #[test]
    fn platform_review_grounds_are_not_cited_to_article_58_a19() {
        for g in ["out_of_tier", "penalty_despite_leniency"] {
            let zh = ground_label(g, false);
            let en = ground_label(g, true);
            assert!(
                zh.contains("平台规则") && zh.contains("非第五十八条"),
                "{zh}"
            );
            assert!(
                en.contains("platform rule") && en.contains("not Art. 58"),
                "{en}"
            );
        }
        assert!(ground_label(prov::ART_58_ITEM_1, false).contains("第五十八条"));
    }
}
