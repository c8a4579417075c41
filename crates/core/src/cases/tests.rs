//! Tests per statutory rule; each names its article.

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::calendar::HolidayCalendar;
use crate::money::Money;
use crate::org::{CardRow, CardStatus};

fn cal() -> HolidayCalendar {
    HolidayCalendar::from_toml_str(include_str!("../../data/cn-holidays.toml"))
        .expect("bundled calendar parses")
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

fn yuan(y: i64) -> Money {
    Money::from_fen(y * 100)
}

// ---- deadlines (第八十五条) ----

#[test]
fn art_64_hearing_request_five_working_days_across_national_day() {
    // 2024-09-30 (Mon); 10-01..07 off; 10-12 (Sat) is an adjusted workday.
    let dl = hearing_request_deadline(&cal(), d(2024, 9, 30)).expect("computes");
    assert_eq!(
        dl.deadline.date,
        d(2024, 10, 12),
        "第六十四条 + 第八十五条: 5 working days"
    );
    assert!(dl.deadline.confirmed && dl.working_days);
    assert_eq!(dl.provision, prov::ART_64_ITEM_1);
}

#[test]
fn art_60_decision_within_ninety_calendar_days_rolls_over_sunday() {
    // 2024-01-01 + 90 = 2024-03-31 (Sunday) → Monday 2024-04-01.
    let dl = decision_deadline(&cal(), d(2024, 1, 1), 0).expect("computes");
    assert_eq!(
        dl.deadline.date,
        d(2024, 4, 1),
        "第六十条: 90 calendar days"
    );
    assert!(!dl.working_days);
    assert_eq!(dl.provision, prov::ART_60);
}

#[test]
fn art_60_decision_extension_from_other_rule_is_added() {
    // 2024-01-01 + 120 = 2024-04-30 (Tue, a working day before 劳动节).
    let dl = decision_deadline(&cal(), d(2024, 1, 1), 30).expect("computes");
    assert_eq!(
        dl.deadline.date,
        d(2024, 4, 30),
        "第六十条 从其规定: +30 days"
    );
    assert!(decision_deadline(&cal(), d(2024, 1, 1), u32::MAX).is_err());
}

#[test]
fn art_61_service_seven_working_days() {
    // 2024-09-30 + 7 WD: 10-08, 09, 10, 11, 12(Sat workday), 14, 15.
    let dl = service_deadline(&cal(), d(2024, 9, 30)).expect("computes");
    assert_eq!(
        dl.deadline.date,
        d(2024, 10, 15),
        "第六十一条: 7 working days"
    );
    assert_eq!(dl.provision, prov::ART_61_PARA_1);
}

#[test]
fn art_67_payment_fifteen_calendar_days_roll_past_holiday() {
    // 2024-09-20 + 15 = 2024-10-05 (国庆) → 2024-10-08.
    let dl = payment_deadline(&cal(), d(2024, 9, 20)).expect("computes");
    assert_eq!(
        dl.deadline.date,
        d(2024, 10, 8),
        "第六十七条: 15 calendar days"
    );
    assert!(!dl.working_days);
}

#[test]
fn art_71_cash_two_plus_two_working_days_over_spring_festival() {
    let c = cal();
    // 2024-02-08 (Thu): 02-09 works, 02-10..17 off, 02-18 (Sun) is a workday.
    let agency = cash_to_agency_deadline(&c, d(2024, 2, 8), None).expect("computes");
    assert_eq!(
        agency.deadline.date,
        d(2024, 2, 18),
        "第七十一条: 2 working days to the agency"
    );
    let bank = cash_to_bank_deadline(&c, agency.deadline.date).expect("computes");
    assert_eq!(
        bank.deadline.date,
        d(2024, 2, 20),
        "第七十一条: 2 more to the bank"
    );
    // On water: counted from coming ashore.
    let water = cash_to_agency_deadline(&c, d(2024, 3, 1), Some(d(2024, 3, 4))).expect("ok");
    assert_eq!(
        water.deadline.date,
        d(2024, 3, 6),
        "第七十一条: 自抵岸之日起二日"
    );
}

#[test]
fn art_56_evidence_preservation_seven_working_days() {
    // 2024-04-30 (Tue); 05-01..05 off; 05-11 (Sat) workday.
    let dl = evidence_preservation_deadline(&cal(), d(2024, 4, 30)).expect("computes");
    // 05-06,07,08,09,10,11,13
    assert_eq!(
        dl.deadline.date,
        d(2024, 5, 13),
        "第五十六条: 7 working days"
    );
    assert_eq!(dl.provision, prov::ART_56);
}

#[test]
fn art_85_unknown_year_is_unconfirmed() {
    let dl = hearing_request_deadline(&cal(), d(2030, 3, 1)).expect("computes");
    assert!(
        !dl.deadline.confirmed,
        "第八十五条: no notice for 2030, fallback"
    );
}

// ---- 简易程序 (第五十一条) ----

fn summary(party: PartyKind, sanctions: Vec<Sanction>) -> SummaryFacts {
    SummaryFacts {
        facts_certain_with_basis: true,
        party,
        sanctions,
    }
}

#[test]
fn art_51_summary_thresholds_inclusive() {
    let ok = |p, s| summary_procedure_allowed(&summary(p, s)).is_ok();
    assert!(
        ok(PartyKind::Citizen, vec![Sanction::Fine(yuan(200))]),
        "第五十一条 200 元以下"
    );
    assert!(!ok(
        PartyKind::Citizen,
        vec![Sanction::Fine(Money::from_fen(20_001))]
    ));
    assert!(
        ok(PartyKind::Organisation, vec![Sanction::Fine(yuan(3000))]),
        "第五十一条 3000"
    );
    assert!(!ok(
        PartyKind::Organisation,
        vec![Sanction::Fine(Money::from_fen(300_001))]
    ));
    assert!(
        ok(PartyKind::Organisation, vec![Sanction::Warning]),
        "第五十一条 警告"
    );
    assert!(!ok(PartyKind::Citizen, vec![Sanction::RevokeLicence]));
    assert!(!ok(PartyKind::Citizen, vec![]));
    assert!(!ok(
        PartyKind::Citizen,
        vec![Sanction::Fine(yuan(150)), Sanction::Fine(yuan(100))]
    ));
    let uncertain = SummaryFacts {
        facts_certain_with_basis: false,
        ..summary(PartyKind::Citizen, vec![Sanction::Warning])
    };
    let err = summary_procedure_allowed(&uncertain).expect_err("refused");
    assert_eq!(err.code(), "cases.summary_not_allowed");
    assert!(err.message_zh().contains("第五十一条") && err.message_en().contains("Art. 51"));
    assert!(matches!(
        summary_procedure_allowed(&summary(
            PartyKind::Citizen,
            vec![Sanction::Fine(Money::from_fen(-1))]
        )),
        Err(Refusal::InvalidAmount { .. })
    ));
}

// ---- 当场收缴 (第六十八条、第六十九条) ----

#[test]
fn art_68_on_the_spot_collection() {
    let base = CollectionFacts {
        fine: yuan(100),
        summary_procedure: true,
        hard_to_collect_later: false,
        remote_area_difficulty: false,
        party_requested: false,
    };
    assert_eq!(
        on_the_spot_collection(&base),
        Ok(prov::ART_68_ITEM_1),
        "第六十八条（一）100 元以下"
    );
    let over = CollectionFacts {
        fine: yuan(101),
        ..base
    };
    assert_eq!(
        on_the_spot_collection(&over),
        Err(Refusal::CollectionNotAllowed)
    );
    let hard = CollectionFacts {
        hard_to_collect_later: true,
        ..over
    };
    assert_eq!(
        on_the_spot_collection(&hard),
        Ok(prov::ART_68_ITEM_2),
        "第六十八条（二）"
    );
    let general = CollectionFacts {
        summary_procedure: false,
        fine: yuan(50),
        ..base
    };
    assert_eq!(
        on_the_spot_collection(&general),
        Err(Refusal::CollectionNotAllowed)
    );
    let remote = CollectionFacts {
        remote_area_difficulty: true,
        party_requested: true,
        ..general
    };
    assert_eq!(
        on_the_spot_collection(&remote),
        Ok(prov::ART_69),
        "第六十九条 经当事人提出"
    );
    let not_asked = CollectionFacts {
        party_requested: false,
        ..remote
    };
    assert!(on_the_spot_collection(&not_asked).is_err());
}

// ---- 听证 (第六十三条) ----

fn large() -> LargeAmounts {
    LargeAmounts {
        fine_citizen: yuan(10_000),
        fine_organisation: yuan(100_000),
        confiscation_citizen: yuan(10_000),
        confiscation_organisation: yuan(100_000),
    }
}

#[test]
fn art_63_hearing_right_by_kind_and_configured_amount() {
    let h = |p, s: &[Sanction]| hearing_right(p, s, &large(), false);
    assert_eq!(
        h(PartyKind::Citizen, &[Sanction::Fine(yuan(10_000))]),
        vec![prov::ART_63_ITEM_1]
    );
    assert!(
        h(PartyKind::Citizen, &[Sanction::Fine(yuan(9_999))]).is_empty(),
        "第六十三条 below 较大数额"
    );
    assert!(h(PartyKind::Organisation, &[Sanction::Fine(yuan(10_000))]).is_empty());
    assert_eq!(
        h(
            PartyKind::Organisation,
            &[
                Sanction::ConfiscateGains(yuan(60_000)),
                Sanction::ConfiscateProperty(yuan(40_000))
            ]
        ),
        vec![prov::ART_63_ITEM_2]
    );
    assert_eq!(
        h(PartyKind::Citizen, &[Sanction::RevokeLicence]),
        vec![prov::ART_63_ITEM_3]
    );
    assert_eq!(
        h(PartyKind::Citizen, &[Sanction::OrderClosure]),
        vec![prov::ART_63_ITEM_4]
    );
    assert_eq!(
        h(PartyKind::Citizen, &[Sanction::OtherHeavy]),
        vec![prov::ART_63_ITEM_5]
    );
    assert!(
        h(
            PartyKind::Citizen,
            &[Sanction::Warning, Sanction::Criticism]
        )
        .is_empty()
    );
    assert_eq!(
        hearing_right(PartyKind::Citizen, &[], &large(), true),
        vec![prov::ART_63_ITEM_6]
    );
}

// ---- 法制审核 (第五十八条) and 集体讨论 (第五十七条 第二款) ----

#[test]
fn art_58_legal_review_grounds() {
    assert!(legal_review_grounds(&LegalReviewFacts::default()).is_empty());
    let rights_no_hearing = LegalReviewFacts {
        major_rights: true,
        ..Default::default()
    };
    assert!(
        legal_review_grounds(&rights_no_hearing).is_empty(),
        "第五十八条（二）needs a hearing"
    );
    let rights_hearing = LegalReviewFacts {
        hearing_held: true,
        ..rights_no_hearing
    };
    assert_eq!(
        legal_review_grounds(&rights_hearing),
        vec![LegalReviewGround::MajorRightsAfterHearing]
    );
    let all = LegalReviewFacts {
        major_public_interest: true,
        major_rights: true,
        hearing_held: true,
        complex_multiple_relations: true,
        required_by_law: true,
    };
    let p: Vec<_> = legal_review_grounds(&all)
        .iter()
        .map(|g| g.provision())
        .collect();
    assert_eq!(
        p,
        vec![
            prov::ART_58_ITEM_1,
            prov::ART_58_ITEM_2,
            prov::ART_58_ITEM_3,
            prov::ART_58_ITEM_4
        ]
    );
}

#[test]
fn art_57_para_2_collective_discussion() {
    assert_eq!(
        collective_discussion_required(true, false, true),
        Some(prov::ART_57_PARA_2)
    );
    assert_eq!(
        collective_discussion_required(false, true, true),
        Some(prov::ART_57_PARA_2)
    );
    assert_eq!(
        collective_discussion_required(true, true, false),
        None,
        "第五十七条第二款: only 给予行政处罚"
    );
    assert_eq!(collective_discussion_required(false, false, true), None);
}

// ---- 执法人员 (第四十二条) ----

fn card(officer_id: i64, until: NaiveDate, status: CardStatus) -> CardRow {
    CardRow {
        id: officer_id * 10,
        officer_id,
        card_no: format!("TJ-{officer_id}"),
        domains: vec!["市场监管".into()],
        issued_on: d(2020, 1, 1),
        valid_until: until,
        status,
    }
}

#[test]
fn art_42_two_officers_with_valid_cards() {
    let cards = vec![
        card(1, d(2025, 12, 31), CardStatus::Valid),
        card(2, d(2025, 12, 31), CardStatus::Valid),
        card(3, d(2024, 5, 31), CardStatus::Valid),
        card(4, d(2025, 12, 31), CardStatus::Suspended),
    ];
    let on = d(2024, 6, 3);
    assert_eq!(
        check_enforcement_team(&[1, 2], &cards, on, "市场监管"),
        Ok(prov::ART_42_PARA_1)
    );
    let one = check_enforcement_team(&[1, 1], &cards, on, "市场监管")
        .expect_err("第四十二条 不得少于两人");
    assert_eq!(one, Refusal::TooFewOfficers { count: 1 });
    assert!(one.message_zh().contains("第四十二条") && one.message_en().contains("Art. 42"));
    assert_eq!(
        check_enforcement_team(&[1, 3], &cards, on, "市场监管"),
        Err(Refusal::CardInvalid { officer_id: 3 }),
        "第四十二条: expired card"
    );
    assert_eq!(
        check_enforcement_team(&[1, 4], &cards, on, ""),
        Err(Refusal::CardInvalid { officer_id: 4 })
    );
    assert_eq!(
        check_enforcement_team(&[1, 2], &cards, on, "生态环境"),
        Err(Refusal::CardInvalid { officer_id: 1 })
    );
    assert_eq!(
        check_enforcement_team(&[1, 9], &cards, on, ""),
        Err(Refusal::CardInvalid { officer_id: 9 })
    );
}

// ---- 加处罚款 (第七十二条) ----

#[test]
fn art_72_surcharge_three_percent_per_day_capped_at_fine() {
    let fine = yuan(1000);
    assert_eq!(late_payment_surcharge(fine, 0), Ok(Money::ZERO));
    assert_eq!(
        late_payment_surcharge(fine, 1),
        Ok(yuan(30)),
        "第七十二条 3% per day"
    );
    assert_eq!(late_payment_surcharge(fine, 33), Ok(yuan(990)));
    assert_eq!(
        late_payment_surcharge(fine, 34),
        Ok(fine),
        "第七十二条 不得超出罚款的数额"
    );
    assert_eq!(late_payment_surcharge(fine, u32::MAX), Ok(fine));
    // 0.33 yuan × 3% = 0.99 fen → rounded down to 0.
    assert_eq!(
        late_payment_surcharge(Money::from_fen(33), 1),
        Ok(Money::ZERO)
    );
    assert_eq!(
        late_payment_surcharge(Money::from_fen(34), 1),
        Ok(Money::from_fen(1))
    );
    assert!(late_payment_surcharge(Money::from_fen(-1), 1).is_err());
    assert_eq!(
        late_payment_surcharge(Money::from_fen(i64::MAX), 1000),
        Ok(Money::from_fen(i64::MAX))
    );
}

#[test]
fn art_73_para_3_surcharge_days_exclude_review_and_litigation() {
    let due = d(2024, 3, 1);
    assert_eq!(surcharge_days(due, d(2024, 3, 1), &[]), Ok(0));
    assert_eq!(surcharge_days(due, d(2024, 2, 1), &[]), Ok(0));
    assert_eq!(surcharge_days(due, d(2024, 3, 11), &[]), Ok(10));
    // 复议 03-05..03-07 (3 days) and overlapping 诉讼 03-06..03-08 → 4 days excluded.
    let s = [
        (d(2024, 3, 5), d(2024, 3, 7)),
        (d(2024, 3, 6), d(2024, 3, 8)),
    ];
    assert_eq!(
        surcharge_days(due, d(2024, 3, 11), &s),
        Ok(6),
        "第七十三条第三款"
    );
    // Ranges partly outside (due, as_of] are clipped.
    let s = [
        (d(2024, 2, 1), d(2024, 3, 2)),
        (d(2024, 3, 10), d(2024, 4, 1)),
    ];
    assert_eq!(surcharge_days(due, d(2024, 3, 11), &s), Ok(7));
    assert_eq!(
        surcharge_days(due, d(2024, 3, 11), &[(d(2024, 3, 8), d(2024, 3, 7))]),
        Err(Refusal::InvalidPeriod)
    );
}

proptest! {
    #[test]
    fn art_72_surcharge_never_exceeds_fine_and_is_monotone(fen in 0i64..=1_000_000_000_000, days in 0u32..200) {
        let a = late_payment_surcharge(Money::from_fen(fen), days).expect("valid");
        let b = late_payment_surcharge(Money::from_fen(fen), days + 1).expect("valid");
        prop_assert!(a.fen() <= fen, "第七十二条 cap");
        prop_assert!(a <= b);
        if days >= 34 { prop_assert_eq!(a.fen(), fen); }
    }

    #[test]
    fn art_73_surcharge_days_bounded(off in 0i64..400, s1 in 0i64..400, len in 0i64..100) {
        let due = d(2024, 1, 1);
        let as_of = due + chrono::Days::new(off as u64);
        let a = due + chrono::Days::new(s1 as u64);
        let b = a + chrono::Days::new(len as u64);
        let n = surcharge_days(due, as_of, &[(a, b)]).expect("valid");
        prop_assert!(i64::from(n) <= off);
    }
}

// ---- leniency (第三十条–第三十三条, 第三十六条) ----

fn facts() -> LeniencyFacts {
    LeniencyFacts {
        act_ended_on: d(2024, 1, 10),
        discovered_on: d(2024, 2, 1),
        life_health_or_financial_security: false,
        special_limitation_months: None,
        age_at_act: None,
        unable_to_recognise: false,
        partly_unable: false,
        minor_violation: false,
        corrected_in_time: false,
        harm: Harm::Serious,
        first_violation: false,
        proven_no_fault: false,
        mitigations: vec![],
    }
}

#[test]
fn art_33_para_1_minor_corrected_no_harm_shall_not_punish() {
    let f = LeniencyFacts {
        minor_violation: true,
        corrected_in_time: true,
        harm: Harm::None,
        ..facts()
    };
    let a = assess(&f).expect("assesses");
    assert_eq!(
        a.outcome,
        Outcome::NoPenalty,
        "第三十三条第一款: 不予行政处罚"
    );
    assert!(a.education_required, "第三十三条第三款");
    assert_eq!(a.trace, vec![prov::ART_33_PARA_1, prov::ART_33_PARA_3]);
    // Not corrected → ordinary.
    let f = LeniencyFacts {
        corrected_in_time: false,
        ..f
    };
    assert_eq!(assess(&f).expect("ok").outcome, Outcome::Ordinary);
}

#[test]
fn art_33_para_1_first_violation_slight_harm_may_waive() {
    let f = LeniencyFacts {
        first_violation: true,
        corrected_in_time: true,
        harm: Harm::Slight,
        ..facts()
    };
    let a = assess(&f).expect("assesses");
    assert_eq!(
        a.outcome,
        Outcome::MayWaive,
        "第三十三条第一款: 可以不予行政处罚"
    );
    assert!(a.trace.contains(&prov::ART_33_PARA_1));
    let f = LeniencyFacts {
        first_violation: false,
        ..f
    };
    assert_eq!(
        assess(&f).expect("ok").outcome,
        Outcome::Ordinary,
        "not first → no 首违不罚"
    );
    let f = LeniencyFacts {
        first_violation: true,
        harm: Harm::Serious,
        ..f
    };
    assert_eq!(assess(&f).expect("ok").outcome, Outcome::Ordinary);
}

/// 第三十三条 第一款 second sentence: a first violation with no harm at all, corrected in time,
/// is covered a fortiori ("危害后果轻微"); the lists' engine reads it the same way.
#[test]
fn first_violation_with_no_harm_may_be_waived_xzcf_art33_para1() {
    let f = LeniencyFacts {
        first_violation: true,
        corrected_in_time: true,
        harm: Harm::None,
        minor_violation: false,
        ..facts()
    };
    let a = assess(&f).expect("assesses");
    assert_eq!(a.outcome, Outcome::MayWaive);
    assert!(a.trace.contains(&prov::ART_33_PARA_1));
    let f = LeniencyFacts {
        corrected_in_time: false,
        ..f
    };
    assert_eq!(assess(&f).expect("ok").outcome, Outcome::Ordinary);
}

#[test]
fn art_33_para_2_no_fault_and_art_30_31_capacity() {
    let a = assess(&LeniencyFacts {
        proven_no_fault: true,
        ..facts()
    })
    .expect("ok");
    assert_eq!(
        (a.outcome, a.trace[0]),
        (Outcome::NoPenalty, prov::ART_33_PARA_2),
        "第三十三条第二款"
    );
    let a = assess(&LeniencyFacts {
        age_at_act: Some(13),
        ..facts()
    })
    .expect("ok");
    assert_eq!(
        (a.outcome, a.trace[0]),
        (Outcome::NoPenalty, prov::ART_30),
        "第三十条 不满十四周岁"
    );
    let a = assess(&LeniencyFacts {
        age_at_act: Some(14),
        ..facts()
    })
    .expect("ok");
    assert_eq!(
        (a.outcome, a.trace.clone()),
        (Outcome::MustMitigate, vec![prov::ART_30]),
        "第三十条 14–18 应当从轻或者减轻"
    );
    let a = assess(&LeniencyFacts {
        age_at_act: Some(18),
        ..facts()
    })
    .expect("ok");
    assert_eq!(a.outcome, Outcome::Ordinary);
    let a = assess(&LeniencyFacts {
        unable_to_recognise: true,
        ..facts()
    })
    .expect("ok");
    assert_eq!(a.outcome, Outcome::NoPenalty, "第三十一条");
    let a = assess(&LeniencyFacts {
        partly_unable: true,
        ..facts()
    })
    .expect("ok");
    assert_eq!(
        a.outcome,
        Outcome::MayMitigate,
        "第三十一条 可以从轻或者减轻"
    );
}

#[test]
fn art_32_mitigation_items_traced() {
    let f = LeniencyFacts {
        mitigations: vec![
            Mitigation::EliminatedHarm,
            Mitigation::Meritorious,
            Mitigation::EliminatedHarm,
        ],
        ..facts()
    };
    let a = assess(&f).expect("ok");
    assert_eq!(
        a.outcome,
        Outcome::MustMitigate,
        "第三十二条 应当从轻或者减轻"
    );
    assert_eq!(a.trace, vec![prov::ART_32_ITEM_1, prov::ART_32_ITEM_4]);
    // 首违 with mitigation: may waive; if punished, must mitigate.
    let f = LeniencyFacts {
        first_violation: true,
        corrected_in_time: true,
        harm: Harm::Slight,
        ..f
    };
    let a = assess(&f).expect("ok");
    assert_eq!((a.outcome, a.must_mitigate), (Outcome::MayWaive, true));
}

#[test]
fn art_36_limitation_two_years_five_for_life_health_finance_with_harm() {
    let f = LeniencyFacts {
        act_ended_on: d(2022, 1, 10),
        discovered_on: d(2024, 1, 10),
        ..facts()
    };
    assert_eq!(
        assess(&f).expect("ok").outcome,
        Outcome::Ordinary,
        "第三十六条: day 2 years still in time"
    );
    let f = LeniencyFacts {
        discovered_on: d(2024, 1, 11),
        ..f
    };
    let a = assess(&f).expect("ok");
    assert_eq!(a.outcome, Outcome::TimeBarred, "第三十六条: 二年内未被发现");
    assert_eq!(a.trace, vec![prov::ART_36_PARA_1, prov::ART_36_PARA_2]);
    let f5 = LeniencyFacts {
        life_health_or_financial_security: true,
        ..f.clone()
    };
    assert_eq!(
        assess(&f5).expect("ok").outcome,
        Outcome::Ordinary,
        "第三十六条: 五年"
    );
    let no_harm = LeniencyFacts {
        harm: Harm::None,
        ..f5.clone()
    };
    assert_eq!(
        assess(&no_harm).expect("ok").outcome,
        Outcome::TimeBarred,
        "五年 needs 危害后果"
    );
    let late = LeniencyFacts {
        discovered_on: d(2027, 1, 11),
        ..f5
    };
    assert_eq!(assess(&late).expect("ok").outcome, Outcome::TimeBarred);
    let special = LeniencyFacts {
        special_limitation_months: Some(60),
        ..f
    };
    assert_eq!(
        assess(&special).expect("ok").outcome,
        Outcome::Ordinary,
        "法律另有规定的除外"
    );
    let reversed = LeniencyFacts {
        discovered_on: d(2021, 1, 1),
        ..facts()
    };
    assert_eq!(assess(&reversed), Err(Refusal::InvalidPeriod));
}

// ---- state machine ----

fn team_facts() -> TransitionFacts {
    TransitionFacts {
        on: Some(d(2024, 6, 3)),
        domain: "市场监管".into(),
        officer_ids: vec![1, 2],
        cards: vec![
            card(1, d(2025, 12, 31), CardStatus::Valid),
            card(2, d(2025, 12, 31), CardStatus::Valid),
        ],
        notice_given: true,
        ..Default::default()
    }
}

#[test]
fn state_general_path_lead_to_archive() {
    let f = team_facts();
    let mut s = Stage::Lead;
    for a in [
        Action::File,
        Action::Investigate,
        Action::Review,
        Action::LegalReview,
        Action::Notify,
        Action::Discuss,
        Action::Decide,
        Action::Serve,
        Action::Execute,
        Action::Close,
        Action::Archive,
    ] {
        s = next(s, a, &f).unwrap_or_else(|e| panic!("{a:?} from {s:?}: {e}"));
    }
    assert_eq!(s, Stage::Archived);
    assert!(next(Stage::Archived, Action::File, &f).is_err());
}

#[test]
fn state_art_44_62_deciding_before_notice_refused() {
    let f = TransitionFacts {
        notice_given: false,
        ..team_facts()
    };
    let e = next(Stage::Reviewed, Action::Decide, &f).expect_err("第四十四条、第六十二条");
    assert_eq!(e, Refusal::NoticeMissing);
    assert_eq!(e.provisions(), &[prov::ART_44, prov::ART_62]);
    assert!(e.message_zh().contains("第六十二条") && e.message_en().contains("Art. 44, 62"));
    let waived = TransitionFacts {
        statement_waived: true,
        ..f
    };
    assert_eq!(
        next(Stage::Reviewed, Action::Decide, &waived),
        Ok(Stage::Decided),
        "第六十二条 明确放弃"
    );
}

#[test]
fn state_art_61_serving_before_deciding_refused() {
    let f = team_facts();
    for s in [
        Stage::Lead,
        Stage::Filed,
        Stage::Notified,
        Stage::CollectiveDiscussion,
    ] {
        assert_eq!(
            next(s, Action::Serve, &f),
            Err(Refusal::NotDecided),
            "第六十一条 from {s:?}"
        );
    }
    assert!(matches!(
        next(Stage::Served, Action::Serve, &f),
        Err(Refusal::InvalidTransition { .. })
    ));
}

#[test]
fn state_art_42_single_officer_or_expired_card_refused() {
    let one = TransitionFacts {
        officer_ids: vec![1],
        ..team_facts()
    };
    assert_eq!(
        next(Stage::Filed, Action::Investigate, &one),
        Err(Refusal::TooFewOfficers { count: 1 }),
        "第四十二条"
    );
    let expired = TransitionFacts {
        on: Some(d(2026, 1, 1)),
        ..team_facts()
    };
    assert_eq!(
        next(Stage::Filed, Action::Investigate, &expired),
        Err(Refusal::CardInvalid { officer_id: 1 }),
        "第四十二条 expired"
    );
    let no_date = TransitionFacts {
        on: None,
        ..team_facts()
    };
    assert!(next(Stage::Filed, Action::Investigate, &no_date).is_err());
}

#[test]
fn state_art_58_decision_without_legal_review_refused() {
    let f = TransitionFacts {
        legal_review_required: true,
        ..team_facts()
    };
    assert_eq!(
        next(Stage::Notified, Action::Decide, &f),
        Err(Refusal::LegalReviewMissing),
        "第五十八条"
    );
    let passed = TransitionFacts {
        legal_review_passed: true,
        ..f
    };
    assert_eq!(
        next(Stage::LegalReview, Action::Decide, &passed),
        Ok(Stage::Decided)
    );
}

#[test]
fn state_art_57_63_collective_discussion_and_hearing_checked() {
    let f = TransitionFacts {
        collective_discussion_required: true,
        ..team_facts()
    };
    assert_eq!(
        next(Stage::Notified, Action::Decide, &f),
        Err(Refusal::CollectiveDiscussionMissing),
        "第五十七条第二款"
    );
    let h = TransitionFacts {
        hearing_requested: true,
        ..team_facts()
    };
    assert_eq!(
        next(Stage::Notified, Action::Decide, &h),
        Err(Refusal::HearingNotHeld),
        "第六十三条、第六十五条"
    );
    assert_eq!(
        next(Stage::Notified, Action::HoldHearing, &h),
        Ok(Stage::Hearing)
    );
    assert!(next(Stage::Notified, Action::HoldHearing, &team_facts()).is_err());
}

#[test]
fn state_summary_path_art_51() {
    let f = TransitionFacts {
        summary: Some(summary(PartyKind::Citizen, vec![Sanction::Fine(yuan(200))])),
        ..team_facts()
    };
    assert_eq!(
        next(Stage::Lead, Action::DecideOnSpot, &f),
        Ok(Stage::Decided),
        "第五十一条"
    );
    let big = TransitionFacts {
        summary: Some(summary(PartyKind::Citizen, vec![Sanction::Fine(yuan(201))])),
        ..team_facts()
    };
    assert_eq!(
        next(Stage::Lead, Action::DecideOnSpot, &big),
        Err(Refusal::SummaryNotAllowed)
    );
    assert_eq!(
        next(Stage::Lead, Action::DecideOnSpot, &team_facts()),
        Err(Refusal::SummaryNotAllowed)
    );
    assert!(next(Stage::Filed, Action::DecideOnSpot, &f).is_err());
}

/// 第四十四条 applies to every penalty decision and 第六十二条 forbids one without it: the
/// summary path too needs the party told on the spot and heard (or an express waiver).
#[test]
fn on_the_spot_decision_needs_oral_notice_and_hearing_xzcf_art44_art62() {
    let untold = TransitionFacts {
        summary: Some(summary(PartyKind::Citizen, vec![Sanction::Fine(yuan(50))])),
        notice_given: false,
        ..team_facts()
    };
    assert_eq!(
        next(Stage::Lead, Action::DecideOnSpot, &untold),
        Err(Refusal::NoticeMissing)
    );
    let waived = TransitionFacts {
        statement_waived: true,
        ..untold.clone()
    };
    assert_eq!(
        next(Stage::Lead, Action::DecideOnSpot, &waived),
        Ok(Stage::Decided)
    );
    assert_eq!(
        crate::cases::rules::prior_notice_given(false, false),
        Err(Refusal::NoticeMissing)
    );
}

#[test]
fn refusal_messages_bilingual_and_coded() {
    let all = [
        Refusal::InvalidTransition {
            from: Stage::Lead,
            action: Action::Close,
        },
        Refusal::NoticeMissing,
        Refusal::NotDecided,
        Refusal::TooFewOfficers { count: 1 },
        Refusal::CardInvalid { officer_id: 7 },
        Refusal::LegalReviewMissing,
        Refusal::CollectiveDiscussionMissing,
        Refusal::HearingNotHeld,
        Refusal::SummaryNotAllowed,
        Refusal::CollectionNotAllowed,
        Refusal::InvalidAmount { fen: -1 },
        Refusal::InvalidPeriod,
    ];
    for r in all {
        assert!(r.code().starts_with("cases."));
        assert!(!r.message_zh().is_empty() && !r.message_en().is_empty());
        assert_eq!(r.to_string(), r.message_en());
    }
}

proptest! {
    #[test]
    fn state_next_never_panics_and_refusals_change_nothing(si in 0usize..13, ai in 0usize..13, notice: bool, review_req: bool) {
        let stages = [Stage::Lead, Stage::Filed, Stage::Investigating, Stage::Reviewed, Stage::LegalReview, Stage::Notified, Stage::Hearing, Stage::CollectiveDiscussion, Stage::Decided, Stage::Served, Stage::Executed, Stage::Closed, Stage::Archived];
        let actions = [Action::File, Action::Investigate, Action::Review, Action::LegalReview, Action::Notify, Action::HoldHearing, Action::Discuss, Action::Decide, Action::DecideOnSpot, Action::Serve, Action::Execute, Action::Close, Action::Archive];
        let f = TransitionFacts { notice_given: notice, legal_review_required: review_req, ..team_facts() };
        let r = next(stages[si], actions[ai], &f);
        if let Ok(Stage::Decided) = r {
            prop_assert!(notice);
            prop_assert!(!review_req || actions[ai] == Action::DecideOnSpot);
        }
    }
}

/// 第四十四条: the notice names the intended penalty; a decision adding confiscation, a licence
/// measure or 停产停业, or raising an amount, is heavier and needs a new notice (review A19.5);
/// a lighter decision (a lower fine, a warning instead) is not.
#[test]
fn heavier_than_notified_covers_confiscation_and_licence_measures_xzcf_art44() {
    use crate::cases::records::Proposal;
    let notified = Proposal {
        fine_fen: 500_000,
        ..Proposal::default()
    };
    let more_confiscation = Proposal {
        fine_fen: 500_000,
        confiscation_fen: 1,
        ..Proposal::default()
    };
    assert!(more_confiscation.heavier_than(&notified));
    let licence = Proposal {
        fine_fen: 100_000,
        other_measures: "吊销许可证".into(),
        ..Proposal::default()
    };
    assert!(licence.heavier_than(&notified));
    let higher = Proposal {
        fine_fen: 500_001,
        ..Proposal::default()
    };
    assert!(higher.heavier_than(&notified));
    let lighter = Proposal {
        warning: true,
        fine_fen: 100_000,
        ..Proposal::default()
    };
    assert!(!lighter.heavier_than(&notified));
    let same_measure = Proposal {
        fine_fen: 500_000,
        other_measures: "责令停产停业".into(),
        ..Proposal::default()
    };
    let told_measure = Proposal {
        other_measures: "责令停产停业".into(),
        ..notified.clone()
    };
    assert!(!same_measure.heavier_than(&told_measure));
}

/// 第三十六条 第一款 "法律另有规定的除外": a special law's period replaces the two years —
/// 治安管理处罚法 第二十二条 第一款 (six months) for violations penalised under it; other laws
/// keep 第三十六条 (review A19.8).
#[test]
fn special_limitation_period_replaces_two_years_xzcf_art36() {
    use crate::cases::leniency::{limitation_last_day, special_limitation_months};
    assert_eq!(special_limitation_months("治安管理处罚法/art_49"), Some(6));
    assert_eq!(
        special_limitation_months("食品安全法/art_124__para_1"),
        None
    );
    let f = LeniencyFacts {
        special_limitation_months: special_limitation_months("治安管理处罚法/art_49"),
        ..facts()
    };
    assert_eq!(limitation_last_day(&f), Ok(d(2024, 7, 10)));
    assert_eq!(limitation_last_day(&facts()), Ok(d(2026, 1, 10)));
}
