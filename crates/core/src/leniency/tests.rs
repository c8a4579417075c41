//! Tests of the lists, the engine and the discretion check. Each names the article it checks.

use std::sync::OnceLock;

use fazhi_law::{Corpus, Date, Kind, Node, ProvisionCode};

use super::*;
use crate::money::Money;
use crate::powers::penalty::{FineCondition, FineFacts};
use crate::powers::{DiscretionStandard, Fine, LegalRange, Tier, Violation, parse_legal_range};

fn corpus() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(|| {
        let dir = crate::law::default_laws_dir().expect("statutes (../shared/data/laws)");
        Corpus::load(&dir).expect("corpus")
    })
}

/// The penalising provisions `fazhi_demo::powers` turns into violations for one law, as of the demo
/// date: same walk (liability chapters, paragraphs of multi-paragraph articles, items).
fn demo_violations(law_name: &str) -> Vec<(String, String, LegalRange)> {
    let c = corpus();
    let Some(law) = c.law(law_name) else {
        return Vec::new();
    };
    let on = Date::new(2024, 6, 30).expect("date");
    let st = &law.current(on).statute;
    let chapters: Vec<&Node> = st
        .root
        .walk()
        .filter(|n| {
            n.kind == Kind::Chapter && (n.text.contains("法律责任") || n.text.contains("罚则"))
        })
        .collect();
    let any_liability = !chapters.is_empty();
    let mut out = Vec::new();
    for art in st.articles() {
        let inside = !any_liability
            || chapters
                .iter()
                .any(|c| c.walk().any(|x| std::ptr::eq(x, art)));
        if !inside {
            continue;
        }
        let paras: Vec<(Vec<fazhi_law::Seg>, &Node)> = if art.children.len() > 1 {
            art.children
                .iter()
                .map(|p| (vec![art.seg, p.seg], p))
                .collect()
        } else {
            vec![(vec![art.seg], art)]
        };
        for (path, node) in paras {
            let t = node.full_text();
            let legal = parse_legal_range(&t);
            if !legal.is_penalty() || (legal.fines.is_empty() && !t.contains("警告")) {
                continue;
            }
            // As the demo power list: a single-paragraph article's items sit under it.
            let (item_path, item_parent): (Vec<fazhi_law::Seg>, &Node) =
                match node.children.as_slice() {
                    [p] if path.len() == 1 && p.kind == Kind::Paragraph => {
                        let mut q = path.clone();
                        q.push(p.seg);
                        (q, p)
                    }
                    _ => (path.clone(), node),
                };
            let items: Vec<&Node> = item_parent
                .children
                .iter()
                .filter(|c| c.kind == Kind::Item)
                .collect();
            if items.is_empty() {
                let code = ProvisionCode {
                    law: law.code.clone(),
                    version: None,
                    path: path.clone(),
                };
                out.push((code.to_string(), t.clone(), legal.clone()));
            }
            for it in items {
                let mut p = item_path.clone();
                p.push(it.seg);
                let code = ProvisionCode {
                    law: law.code.clone(),
                    version: None,
                    path: p,
                };
                out.push((code.to_string(), it.text.clone(), legal.clone()));
            }
        }
    }
    out
}

fn yuan(y: i64) -> Money {
    Money::from_fen(y * 100)
}

fn facts(code: &str) -> CaseFacts {
    CaseFacts {
        penalised: code.into(),
        ..Default::default()
    }
}

const LABEL_FLAW: &str = "食品安全法/art_125__para_2";
const NO_LABEL: &str = "食品安全法/art_125__para_1__item_2";

// ---- data ------------------------------------------------------------------------------

#[test]
fn lists_parse_with_unique_ids_in_every_domain_and_kind() {
    let all = load_entries().expect("lists parse and validate");
    assert!(all.len() >= 30, "{} entries", all.len());
    for d in Domain::ALL {
        let n = all.iter().filter(|e| e.domain == *d).count();
        assert!(n >= 6, "{d:?}: {n} entries");
        // Each domain has a 不予处罚 list, a 从轻/减轻 list and a 免予强制 list.
        for kinds in [
            &[ListKind::NoPenalty][..],
            &[ListKind::Mitigated, ListKind::Lighter],
            &[ListKind::NoCompulsion],
        ] {
            assert!(
                all.iter()
                    .any(|e| e.domain == *d && kinds.contains(&e.kind)),
                "{d:?} lacks {kinds:?}"
            );
        }
    }
    assert_eq!(entries().len(), all.len());
}

/// Every provision code of every entry resolves in the corpus on every sampled day the entry
/// is in force (the demo date, the days around 2026-05-01 and 2026-08-15, today), and an entry
/// is never in force on a day one of its provisions is not (`Corpus::provision` answers
/// NotInForce): the entries' dates agree with the corpus (行政处罚法 第三十七条).
#[test]
fn every_provision_of_every_entry_resolves_while_the_entry_is_in_force_xzcf_art37() {
    let c = corpus();
    let days = [
        (2024, 6, 30),
        (2026, 4, 30),
        (2026, 5, 1),
        (2026, 8, 14),
        (2026, 8, 15),
        (2026, 12, 3),
    ];
    let mut bad = Vec::new();
    for e in entries() {
        let mut codes: Vec<String> = e.penalised.clone();
        codes.extend(e.provisions.iter().cloned());
        codes.extend(e.conditions.iter().map(|k| k.provision(e.kind).to_string()));
        let mut applies_somewhere = false;
        for (y, m, d) in days {
            let on = Date::new(y, m, d).expect("date");
            let day = chrono::NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))
                .expect("date");
            let in_force = e.in_force_on(Some(day));
            applies_somewhere |= in_force;
            for code in &codes {
                match c.lookup(code, Some(on)) {
                    Ok(_) => {}
                    Err(fazhi_law::LawError::NotInForce { .. }) if !in_force => {}
                    Err(err) => bad.push(format!(
                        "{} {code} on {day} (entry in force: {in_force}): {err}",
                        e.id
                    )),
                }
            }
        }
        if !applies_somewhere {
            bad.push(format!("{} applies on none of the sampled days", e.id));
        }
    }
    assert!(
        bad.is_empty(),
        "entries and corpus disagree:\n{}",
        bad.join("\n")
    );
}

/// The environmental laws are repealed from 2026-08-15 by the 生态环境法典, whose text is not in
/// the corpus: their entries apply to acts up to 2026-08-14 and stop for later acts
/// (行政处罚法 第三十七条).
#[test]
fn environmental_entries_stop_for_acts_from_2026_08_15_xzcf_art37() {
    let mut f = facts("大气污染防治法/art_100__para_1__item_5");
    f.first_violation = true;
    f.harm = Some(HarmLevel::None);
    f.corrected_in_time = true;
    f.corrected_within_days = Some(10);
    f.act_on = chrono::NaiveDate::from_ymd_opt(2026, 8, 14);
    let ev = evaluate(&f);
    assert_eq!(ev.decided_by.as_deref(), Some("STHJ-BY-001"));
    f.act_on = chrono::NaiveDate::from_ymd_opt(2026, 8, 15);
    let ev = evaluate(&f);
    assert_eq!(ev.outcome, Outcome::Penalty);
    assert!(ev.entries.is_empty());
    assert_eq!(ev.not_in_force, vec!["STHJ-BY-001".to_string()]);
    assert!(ev.summary_zh.contains("第三十七条"), "{}", ev.summary_zh);
}

/// 危险化学品安全法 (in force 2026-05-01, 第一百二十七条) 第一百零一条第（十三）项 and 第一百零三条第
/// （六）项: acts from 2026-05-01 are answered by the entries re-based on it; the old 条例 entries
/// answer for earlier acts only.
#[test]
fn hazardous_chemicals_entries_follow_the_2026_law_wxhxp_art101_art103() {
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
    let mut f = facts("危险化学品安全法/art_101__para_1__item_13");
    f.first_violation = true;
    f.harm = Some(HarmLevel::Slight);
    f.corrected_in_time = true;
    f.act_on = day(2026, 5, 1);
    assert_eq!(evaluate(&f).decided_by.as_deref(), Some("AQSC-BY-005"));
    f.act_on = day(2026, 4, 30);
    assert!(evaluate(&f).decided_by.is_none());
    let mut old = f.clone();
    old.penalised = "危险化学品安全管理条例/art_78__para_1__item_11".into();
    old.act_on = day(2026, 4, 30);
    assert_eq!(evaluate(&old).decided_by.as_deref(), Some("AQSC-BY-003"));
    old.act_on = day(2026, 5, 1);
    assert!(evaluate(&old).decided_by.is_none());
    let mut g = facts("危险化学品安全法/art_103__para_1__item_6");
    g.confessed = true;
    g.act_on = day(2026, 6, 1);
    assert_eq!(evaluate(&g).decided_by.as_deref(), Some("AQSC-JQ-003"));
}

/// The penalising codes are the ones the power list derives (`fazhi_demo::powers`), so a case's
/// `Violation.penalised` finds its entries; the violation has a penalty the law provides.
#[test]
fn every_penalised_code_is_a_violation_of_the_power_list() {
    let mut bad = Vec::new();
    for e in entries() {
        for p in &e.penalised {
            let law = p.split('/').next().unwrap_or_default();
            if !demo_violations(law).iter().any(|(c, _, _)| c == p) {
                bad.push(format!("{} {p}", e.id));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "not violations of the power list:\n{}",
        bad.join("\n")
    );
}

#[test]
fn conditions_cite_their_articles() {
    // 第三十三条 第一款 for the no-penalty circumstances, 行政强制法 第十六条 第二款 for 免予强制.
    assert_eq!(
        Condition::FirstViolation.provision(ListKind::NoPenalty),
        "行政处罚法/art_33__para_1"
    );
    assert_eq!(
        Condition::CorrectedInTime.provision(ListKind::NoCompulsion),
        "行政强制法/art_16__para_2"
    );
    // 第三十二条 items 1–4, 第三十三条 第二款, 第三十四条 for list thresholds.
    assert_eq!(
        Condition::EliminatedHarm.provision(ListKind::Mitigated),
        "行政处罚法/art_32__para_1__item_1"
    );
    assert_eq!(
        Condition::Meritorious.provision(ListKind::Lighter),
        "行政处罚法/art_32__para_1__item_4"
    );
    assert_eq!(
        Condition::NoFault.provision(ListKind::NoPenalty),
        "行政处罚法/art_33__para_2"
    );
    assert_eq!(
        Condition::GoodsValueAtMost { fen: yuan(1) }.provision(ListKind::Mitigated),
        "行政处罚法/art_34"
    );
}

#[test]
fn domains_from_department_names_and_card_domains() {
    let d = Domain::from_department_or_domain;
    assert_eq!(d("天津市滨海新区市场监督管理局"), Some(Domain::Market));
    assert_eq!(d("区市场监管局"), Some(Domain::Market));
    assert_eq!(d("食品安全"), Some(Domain::Market));
    assert_eq!(
        d("天津市滨海新区应急管理局综合行政执法支队"),
        Some(Domain::WorkSafety)
    );
    assert_eq!(d("区城市管理委"), Some(Domain::Urban));
    assert_eq!(d("天津市滨海新区新港街道综合执法大队"), Some(Domain::Urban));
    assert_eq!(d("违法建设"), Some(Domain::Urban));
    assert_eq!(d("天津市滨海新区住房和建设委员会"), Some(Domain::Housing));
    assert_eq!(d("区生态环境局"), Some(Domain::Environment));
    assert_eq!(d("housing"), Some(Domain::Housing));
    assert_eq!(d("区司法局"), None);
}

// ---- engine ------------------------------------------------------------------------------

/// 行政处罚法 第三十三条 第一款 (首违不罚): first violation + slight harm + corrected in time.
#[test]
fn art_33_first_violation_slight_harm_corrected_applies() {
    let mut f = facts(LABEL_FLAW);
    f.domain = Some(Domain::Market);
    f.first_violation = true;
    f.harm = Some(HarmLevel::Slight);
    f.corrected_in_time = true;
    let ev = evaluate(&f);
    assert_eq!(ev.outcome, Outcome::NoPenalty, "art. 33 para. 1: {ev:#?}");
    assert_eq!(ev.decided_by.as_deref(), Some("SCJG-BY-001"));
    assert!(ev.penalty_needs_reason_and_review);
    assert!(ev.education_required, "art. 33 para. 3");
    assert!(
        ev.provisions
            .contains(&"行政处罚法/art_33__para_1".to_string())
    );
    assert!(
        ev.provisions
            .contains(&"行政处罚法/art_33__para_3".to_string())
    );
    assert_eq!(ev.base.provision, LABEL_FLAW);
    let m = &ev.entries[0];
    assert!(m.applies && m.conditions.iter().all(|c| c.holds));
    assert!(
        m.conditions
            .iter()
            .all(|c| c.provision == "行政处罚法/art_33__para_1")
    );
}

/// 第三十三条 第一款: missing one of the three, the entry does not apply and the trace says which.
#[test]
fn art_33_missing_condition_is_named_in_the_trace() {
    for missing in ["first", "harm", "corrected"] {
        let mut f = facts(LABEL_FLAW);
        f.first_violation = missing != "first";
        f.harm = Some(if missing == "harm" {
            HarmLevel::Serious
        } else {
            HarmLevel::Slight
        });
        f.corrected_in_time = missing != "corrected";
        let ev = evaluate(&f);
        assert_eq!(
            ev.outcome,
            Outcome::Penalty,
            "art. 33 para. 1, missing {missing}"
        );
        assert!(!ev.penalty_needs_reason_and_review);
        let m = ev
            .entries
            .iter()
            .find(|m| m.id == "SCJG-BY-001")
            .expect("entry considered");
        assert!(!m.applies);
        let failed: Vec<&ConditionCheck> = m.conditions.iter().filter(|c| !c.holds).collect();
        assert_eq!(failed.len(), 1, "missing {missing}: {failed:?}");
        let want = match missing {
            "first" => "初次违法",
            "harm" => "危害后果轻微",
            _ => "及时改正",
        };
        assert!(failed[0].zh.contains(want), "{}", failed[0].zh);
        assert!(m.zh.contains(want), "{}", m.zh);
        assert!(m.en.contains("not met"), "{}", m.en);
    }
}

/// Unknown harm is not "slight": the condition does not hold (第三十三条 第一款 needs the fact).
#[test]
fn art_33_unknown_harm_does_not_hold() {
    let mut f = facts(LABEL_FLAW);
    f.first_violation = true;
    f.corrected_in_time = true;
    assert_eq!(evaluate(&f).outcome, Outcome::Penalty);
}

/// Priority 不予处罚 > 减轻 > 从轻 (第三十三条 over 第三十二条): with facts meeting several entries
/// of 食品安全法 第一百二十五条 the strongest decides, and all are in the trace.
#[test]
fn priority_no_penalty_over_mitigated_over_lighter() {
    let mut f = facts(NO_LABEL);
    f.first_violation = true;
    f.eliminated_harm = true;
    f.goods_value = Some(yuan(800));
    let ev = evaluate(&f);
    assert_eq!(
        ev.outcome,
        Outcome::Mitigated,
        "art. 32 item 1 entry: {ev:#?}"
    );
    assert_eq!(ev.decided_by.as_deref(), Some("SCJG-JQ-001"));
    assert!(!ev.penalty_needs_reason_and_review);
    // No fault alone is not enough for SCJG-BY-007: 食品安全法 第一百三十六条 also asks for the
    // purchase inspection and the source (review A19.6).
    f.no_fault = true;
    assert_eq!(evaluate(&f).outcome, Outcome::Mitigated, "spaq art. 136");
    // All three (第三十三条 第二款 with 第一百三十六条) outrank the mitigation.
    f.purchase_inspected = true;
    f.source_explained = true;
    let ev = evaluate(&f);
    assert_eq!(ev.outcome, Outcome::NoPenalty, "art. 33 para. 2");
    assert_eq!(ev.decided_by.as_deref(), Some("SCJG-BY-007"));
    assert!(ev.entries.iter().filter(|m| m.applies).count() >= 2);
    // Entries are listed strongest kind first.
    let kinds: Vec<ListKind> = ev.entries.iter().map(|m| m.kind).collect();
    let mut sorted = kinds.clone();
    sorted.sort();
    assert_eq!(kinds, sorted);
    // Synthetic entries: 减轻 beats 从轻 whatever the id order.
    let mk = |id: &str, kind| Entry {
        id: id.into(),
        domain: Domain::Market,
        kind,
        violation: "x".into(),
        penalised: vec!["价格法/art_42".into()],
        conditions: vec![Condition::Confessed],
        provisions: vec!["行政处罚法/art_32".into()],
        measures: String::new(),
        in_force_from: None,
        in_force_until: None,
    };
    let list = [
        mk("SCJG-CQ-001", ListKind::Lighter),
        mk("SCJG-JQ-009", ListKind::Mitigated),
    ];
    let mut f = facts("价格法/art_42");
    f.confessed = true;
    let ev = evaluate_with(&list, &f);
    assert_eq!(ev.outcome, Outcome::Mitigated);
    assert_eq!(ev.decided_by.as_deref(), Some("SCJG-JQ-009"));
}

/// 第三十二条（三）: 主动供述 gives 从轻 on the price-marking entry; a list threshold (第三十四条)
/// that is not met keeps the 不予处罚 entry out.
#[test]
fn art_32_confession_and_art_34_threshold() {
    let mut f = facts("价格法/art_42");
    f.domain = Some(Domain::Market);
    f.confessed = true;
    f.first_violation = true;
    f.harm = Some(HarmLevel::None);
    f.corrected_in_time = true;
    f.illegal_gains = Some(yuan(2_000));
    let ev = evaluate(&f);
    assert_eq!(ev.outcome, Outcome::Lighter, "art. 32 item 3");
    let by = ev
        .entries
        .iter()
        .find(|m| m.id == "SCJG-BY-004")
        .expect("considered");
    assert!(!by.applies);
    let gains = by
        .conditions
        .iter()
        .find(|c| matches!(c.condition, Condition::IllegalGainsAtMost { .. }))
        .expect("threshold");
    assert!(!gains.holds);
    assert_eq!(gains.provision, "行政处罚法/art_34");
    assert!(gains.zh.contains("500.00"), "{}", gains.zh);
    f.illegal_gains = Some(yuan(300));
    assert_eq!(evaluate(&f).outcome, Outcome::NoPenalty);
}

/// 行政强制法 第十六条 第二款: 免予强制 is reported beside the penalty outcome.
#[test]
fn no_compulsion_is_beside_the_outcome() {
    let mut f = facts(NO_LABEL);
    f.harm = Some(HarmLevel::None);
    f.corrected_in_time = true;
    let ev = evaluate(&f);
    assert_eq!(ev.outcome, Outcome::Penalty);
    assert_eq!(ev.no_compulsion_by.as_deref(), Some("SCJG-MQ-001"));
    assert!(
        ev.provisions
            .contains(&"行政强制法/art_16__para_2".to_string())
    );
    assert!(ev.summary_zh.contains("行政强制措施"));
}

/// The domain filters the entries; an entry keyed on an item answers for that item only (legal
/// review A2: 行政处罚法 第三十三条 turns on the 违法行为, and 安全生产法 第九十九条 第（四）项
/// "关闭、破坏…监控、报警…设备" is not 第（一）项 "警示标志"); a case coded only at the article
/// gets "cannot decide"; an unknown violation answers with the base rule.
#[test]
fn domain_filter_item_coverage_and_base_rule_xzcf_art33() {
    let mut f = facts(LABEL_FLAW);
    f.domain = Some(Domain::Urban);
    assert!(evaluate(&f).entries.is_empty());
    let f = facts("安全生产法/art_97__para_1__item_4");
    assert!(evaluate(&f).entries.iter().any(|m| m.id == "AQSC-BY-001"));
    // Another item of the same article: the item-4 entry does not answer for item 7.
    let mut f = facts("安全生产法/art_97__para_1__item_7");
    f.first_violation = true;
    f.harm = Some(HarmLevel::None);
    f.corrected_in_time = true;
    f.corrected_within_days = Some(1);
    let ev = evaluate(&f);
    assert!(ev.entries.is_empty(), "{:?}", ev.entries);
    assert_eq!(ev.outcome, Outcome::Penalty);
    let mut g = f.clone();
    g.penalised = "安全生产法/art_99__para_1__item_4".into();
    assert!(evaluate(&g).entries.iter().all(|m| m.id != "AQSC-BY-002"));
    // Coded only at the article: cannot decide, no item's entry is applied.
    g.penalised = "安全生产法/art_99".into();
    let ev = evaluate(&g);
    assert!(ev.entries.is_empty());
    assert_eq!(ev.outcome, Outcome::Penalty);
    assert!(ev.cannot_decide.contains(&"AQSC-BY-002".to_string()));
    assert!(ev.summary_zh.contains("无法判断"), "{}", ev.summary_zh);
    assert!(evaluate(&facts("安全生产法/art_970")).entries.is_empty());
    let ev = evaluate(&facts("刑法/art_1"));
    assert_eq!(ev.outcome, Outcome::Penalty);
    assert!(ev.entries.is_empty());
    assert!(ev.summary_en.contains("base rule"));
    let json = serde_json::to_value(&ev).expect("serialises");
    assert_eq!(json["outcome"], "penalty");
}

// ---- discretion (行政处罚法 第三十四条) ------------------------------------------------------

fn amount(a: i64, b: i64) -> Fine {
    Fine::Amount {
        min_fen: a * 100,
        max_fen: b * 100,
    }
}

fn tier(name: &str, fine: Fine) -> Tier {
    Tier {
        name: name.into(),
        conditions: String::new(),
        fine: Some(fine),
        measures: String::new(),
    }
}

/// 食品安全法 第一百二十五条 第一款: 5,000–50,000 yuan below 10,000 of goods, 5–10 times above.
fn food_125() -> Violation {
    let legal = parse_legal_range(
        "货值金额不足一万元的，并处五千元以上五万元以下罚款；货值金额一万元以上的，并处货值金额五倍以上十倍以下罚款",
    );
    Violation {
        name: "生产经营无标签的预包装食品".into(),
        violated: vec![],
        penalised: NO_LABEL.into(),
        legal,
        discretion: DiscretionStandard {
            tiers: vec![
                tier("较轻", amount(5_000, 20_000)),
                tier("一般", amount(20_000, 35_000)),
                tier(
                    "较重（倍数）",
                    Fine::Multiple {
                        base: "货值金额".into(),
                        min_tenths: 80,
                        max_tenths: 100,
                    },
                ),
            ],
            in_force_from: None,
            in_force_until: None,
        },
    }
}

#[test]
fn art_34_within_tier_needs_no_reason() {
    let c = check_discretion(
        &food_125(),
        "较轻",
        Some(yuan(8_000)),
        None,
        Mitigation::None,
    );
    assert_eq!(c.placement, Placement::WithinTier, "{c:#?}");
    assert!(c.allowed && !c.reason_required && !c.legal_review_required);
    assert!(
        c.message_zh.contains("5,000.00—20,000.00 元"),
        "{}",
        c.message_zh
    );
    require_reason(&c, "").expect("art. 34: within the tier");
}

/// 第三十四条: outside the tier but in the legal range — refused without a reason, accepted with.
#[test]
fn art_34_outside_tier_refused_without_reason_accepted_with() {
    let c = check_discretion(
        &food_125(),
        "较轻",
        Some(yuan(30_000)),
        None,
        Mitigation::None,
    );
    assert_eq!(c.placement, Placement::OutsideTier, "{c:#?}");
    assert!(c.allowed && c.reason_required && c.legal_review_required);
    assert_eq!(c.legal_range, Some((yuan(5_000), yuan(50_000))));
    assert!(c.message_zh.contains("法制审核"), "{}", c.message_zh);
    assert!(c.message_en.contains("legal review"), "{}", c.message_en);
    let e = require_reason(&c, "  ").expect_err("art. 34: reason required");
    assert_eq!(e.code(), "leniency.reason_required");
    assert_eq!(e.field(), Some("reason"));
    assert!(e.message_zh().contains("理由"));
    assert!(e.message_en().contains("reason"));
    require_reason(&c, "当事人积极配合调查，情节介于两档之间").expect("with a reason");
}

/// 第三十二条: below the legal minimum only as 减轻 on a ground; 从轻 stays in the range
/// (第五条 第二款 过罚相当); above the maximum never.
#[test]
fn art_32_below_minimum_only_with_mitigation() {
    let v = food_125();
    let c = check_discretion(&v, "较轻", Some(yuan(2_000)), None, Mitigation::None);
    assert_eq!(c.placement, Placement::OutsideLegal, "art. 32: no ground");
    assert!(!c.allowed);
    assert_eq!(c.code, "leniency.below_legal_minimum");
    let e = require_reason(&c, "理由").expect_err("a reason cannot cure it");
    assert_eq!(e.code(), "leniency.outside_legal_range");
    let c = check_discretion(
        &v,
        "较轻",
        Some(yuan(2_000)),
        None,
        Mitigation::Lighter {
            basis: "SCJG-CQ-001".into(),
        },
    );
    assert!(!c.allowed, "从轻 stays within the legal range");
    assert!(
        c.message_zh.contains("从轻处罚应当在法定幅度内"),
        "{}",
        c.message_zh
    );
    let ground = Mitigation::from_statute(&[crate::cases::Mitigation::EliminatedHarm]);
    assert_eq!(
        ground,
        Mitigation::Mitigated {
            basis: "行政处罚法/art_32__para_1__item_1".into()
        }
    );
    let c = check_discretion(&v, "较轻", Some(yuan(2_000)), None, ground);
    assert_eq!(c.placement, Placement::BelowMinimum, "art. 32 item 1");
    assert!(c.allowed && c.reason_required && c.legal_review_required);
    assert!(c.provisions.contains(&"行政处罚法/art_32".to_string()));
    require_reason(&c, "").expect_err("reason required");
    require_reason(&c, "主动召回全部产品").expect("mitigated with a reason");
    let c = check_discretion(&v, "一般", Some(yuan(60_000)), None, Mitigation::None);
    assert_eq!(c.placement, Placement::OutsideLegal, "above the maximum");
    assert!(!c.allowed);
    assert!(c.message_zh.contains("50,000.00"), "{}", c.message_zh);
}

/// The lists' answer becomes the mitigation of the check (减轻 entry → below the minimum).
#[test]
fn mitigation_from_the_lists() {
    let mut f = facts(NO_LABEL);
    f.first_violation = true;
    f.eliminated_harm = true;
    f.goods_value = Some(yuan(800));
    let m = Mitigation::from_evaluation(&evaluate(&f));
    assert_eq!(
        m,
        Mitigation::Mitigated {
            basis: "SCJG-JQ-001".into()
        }
    );
    let c = check_discretion(&food_125(), "较轻", Some(yuan(1_000)), None, m);
    assert!(c.allowed && c.reason_required);
}

/// Multiple-based tiers (货值金额 5–10 倍): need the base; resolve to amounts with it.
#[test]
fn art_34_multiple_tiers_need_the_base() {
    let v = food_125();
    let c = check_discretion(
        &v,
        "较重（倍数）",
        Some(yuan(100_000)),
        None,
        Mitigation::None,
    );
    assert_eq!(c.placement, Placement::Unresolved);
    assert_eq!(c.code, "leniency.base_required");
    assert!(!c.allowed);
    assert!(c.message_zh.contains("货值金额"));
    let base = Some(yuan(12_000));
    // 8–10 times 12,000 = 96,000–120,000; the law 5–10 times = 60,000–120,000.
    let c = check_discretion(
        &v,
        "较重（倍数）",
        Some(yuan(100_000)),
        base,
        Mitigation::None,
    );
    assert_eq!(c.placement, Placement::WithinTier, "{c:#?}");
    assert_eq!(c.tier_range, Some((yuan(96_000), yuan(120_000))));
    assert_eq!(c.legal_range, Some((yuan(60_000), yuan(120_000))));
    let c = check_discretion(
        &v,
        "较重（倍数）",
        Some(yuan(70_000)),
        base,
        Mitigation::None,
    );
    assert_eq!(c.placement, Placement::OutsideTier);
    assert!(c.reason_required);
    let c = check_discretion(
        &v,
        "较重（倍数）",
        Some(yuan(130_000)),
        base,
        Mitigation::None,
    );
    assert_eq!(c.placement, Placement::OutsideLegal);
    // Fractions of a fen: the minimum rounds up, the maximum down (never beyond the law).
    let c = check_discretion(
        &v,
        "较重（倍数）",
        Some(yuan(1)),
        Some(Money::from_fen(333)),
        Mitigation::None,
    );
    assert_eq!(
        c.tier_range,
        Some((Money::from_fen(2_664), Money::from_fen(3_330)))
    );
}

#[test]
fn unknown_tier_and_no_fine() {
    let v = food_125();
    let c = check_discretion(&v, "特别严重", Some(yuan(1)), None, Mitigation::None);
    assert_eq!(c.code, "leniency.no_such_tier");
    assert!(c.message_zh.contains("较轻、一般"), "{}", c.message_zh);
    require_reason(&c, "x").expect_err("unknown tier");
    // A warning-only provision: no fine is within; any fine is outside the law.
    let mut w = v.clone();
    w.legal = parse_legal_range("给予警告");
    w.discretion.tiers = vec![Tier {
        name: "一般".into(),
        conditions: String::new(),
        fine: None,
        measures: "警告".into(),
    }];
    assert!(check_discretion(&w, "一般", None, None, Mitigation::None).allowed);
    let c = check_discretion(&w, "一般", Some(yuan(100)), None, Mitigation::None);
    assert_eq!(c.placement, Placement::OutsideLegal);
}

/// 食品安全法 第一百二十二条: "货值金额不足一万元的，并处五万元以上十万元以下罚款；货值金额一万元
/// 以上的，并处货值金额十倍以上二十倍以下罚款" — the goods value decides the bracket; and
/// "逾期未改正的…并处十万元以上二十万元以下" (安全生产法 第九十七条) applies only when the party did
/// not correct (legal review A14).
#[test]
fn conditional_fine_brackets_follow_goods_value_and_correction_sp122_aqsc97() {
    let t = "违法生产经营的食品、食品添加剂货值金额不足一万元的，并处五万元以上十万元以下罚款；货值金额一万元以上的，并处货值金额十倍以上二十倍以下罚款。";
    let legal = parse_legal_range(t);
    assert_eq!(
        legal.fine_conditions,
        vec![
            FineCondition::GoodsValueBelow { fen: 1_000_000 },
            FineCondition::GoodsValueAtLeast { fen: 1_000_000 }
        ]
    );
    let mk = |legal: LegalRange, tiers: Vec<Tier>| Violation {
        name: "x".into(),
        violated: Vec::new(),
        penalised: "食品安全法/art_122__para_1".into(),
        discretion: DiscretionStandard {
            tiers,
            in_force_from: None,
            in_force_until: None,
        },
        legal,
    };
    let amount_tier = Tier {
        name: "一般".into(),
        conditions: String::new(),
        fine: Some(Fine::Amount {
            min_fen: 5_000_000,
            max_fen: 10_000_000,
        }),
        measures: String::new(),
    };
    let v = mk(legal, vec![amount_tier]);
    // Goods worth 20,000 yuan: the multiple bracket (200,000–400,000) applies, not 50,000.
    let rich = FineFacts {
        goods_value_fen: Some(2_000_000),
        not_corrected: None,
        act_on: None,
    };
    let c = check_discretion_on(
        &v,
        "一般",
        Some(yuan(50_000)),
        Some(yuan(20_000)),
        Mitigation::None,
        &rich,
    );
    assert!(!c.allowed, "{c:?}");
    assert_eq!(c.legal_range, Some((yuan(200_000), yuan(400_000))));
    // Goods worth 5,000 yuan: the amount bracket.
    let poor = FineFacts {
        goods_value_fen: Some(500_000),
        not_corrected: None,
        act_on: None,
    };
    let c = check_discretion_on(
        &v,
        "一般",
        Some(yuan(50_000)),
        None,
        Mitigation::None,
        &poor,
    );
    assert!(c.allowed, "{c:?}");
    assert_eq!(c.legal_range, Some((yuan(50_000), yuan(100_000))));

    let t = "责令限期改正，处十万元以下的罚款；逾期未改正的，责令停产停业整顿，并处十万元以上二十万元以下的罚款";
    let legal = parse_legal_range(t);
    assert_eq!(
        legal.fine_conditions,
        vec![FineCondition::Always, FineCondition::NotCorrected]
    );
    let corrected = FineFacts {
        goods_value_fen: None,
        not_corrected: Some(false),
        act_on: None,
    };
    assert_eq!(legal.applicable_fines(&corrected).len(), 1);
    let refused = FineFacts {
        goods_value_fen: None,
        not_corrected: Some(true),
        act_on: None,
    };
    let v = mk(
        legal,
        vec![Tier {
            name: "较重".into(),
            conditions: String::new(),
            fine: None,
            measures: String::new(),
        }],
    );
    let c = check_discretion_on(
        &v,
        "较重",
        Some(yuan(150_000)),
        None,
        Mitigation::None,
        &corrected,
    );
    assert!(!c.allowed, "150,000 only after a failure to correct: {c:?}");
    let c = check_discretion_on(
        &v,
        "较重",
        Some(yuan(150_000)),
        None,
        Mitigation::None,
        &refused,
    );
    assert!(c.allowed, "{c:?}");
}

/// 行政处罚法 第三十七条: a discretion standard, like a list entry, applies to acts done while
/// it is in force; a standard replaced before the act does not place the fine (review A12).
#[test]
fn discretion_standard_applies_to_acts_in_its_period_xzcf_art37() {
    let mut v = food_125();
    v.discretion.in_force_until = chrono::NaiveDate::from_ymd_opt(2026, 4, 30);
    let on = |y, m, d| FineFacts {
        act_on: chrono::NaiveDate::from_ymd_opt(y, m, d),
        ..FineFacts::default()
    };
    let tier = v.discretion.tiers[0].name.clone();
    let amount = match &v.discretion.tiers[0].fine {
        Some(Fine::Amount { min_fen, .. }) => Money::from_fen(*min_fen),
        _ => yuan(0),
    };
    let before = check_discretion_on(
        &v,
        &tier,
        Some(amount),
        None,
        Mitigation::None,
        &on(2026, 4, 30),
    );
    assert!(before.allowed, "{before:?}");
    let after = check_discretion_on(
        &v,
        &tier,
        Some(amount),
        None,
        Mitigation::None,
        &on(2026, 5, 1),
    );
    assert!(!after.allowed);
    assert_eq!(after.code, "leniency.standard_not_in_force");
    assert!(after.message_zh.contains("第三十七条"));
}
