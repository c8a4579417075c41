//! The procedure steps the legal review found missing, on the real storage: the extension of the
//! filing period and the time not counted (市场监督管理行政处罚程序规定 第十八条、第六十四条),
//! 回避 (行政处罚法 第四十三条), and compulsory execution (行政强制法 第三十五条、第四十六条、
//! 第五十三条、第五十四条). The expected dates were read off the 2024–2025 holiday notices by
//! hand, not computed by the code under test.

use fazhi_core::BINHAI_REGION;
use fazhi_core::audit::{Actor, AuditedTx};
use fazhi_core::cases::periods::ExcludedKind;
use fazhi_core::cases::recusal::RaisedBy;
use fazhi_core::cases::rules::PartyKind;
use fazhi_core::cases::{ExecutionMode, ServiceMethod, Step, act, create_lead};
use fazhi_core::org::{NewCard, NewOfficer, insert_officer};
use fazhi_core::supervision::checks;

use crate::cases::{Setup, d, fine, head, investigating, lead, officer, serious, setup};
use crate::support::idn;

async fn case_row(s: &Setup, id: i64) -> fazhi_core::cases::CaseRow {
    fazhi_core::cases::queries::get_case(&s.w.db, &head(s), id)
        .await
        .expect("case")
        .case
}

fn code(e: fazhi_core::Error) -> String {
    e.code().to_string()
}

/// 第十八条: lead on Monday 2024-09-02. Fifteen working days (Mid-Autumn 09-15..17 off, Saturday
/// 09-14 worked) end on 09-24; the head's extension adds fifteen more (National Day 10-01..07
/// off, 09-29 and 10-12 worked) to 10-18; testing from 09-30 to 10-08 takes off its two working
/// days (09-30, 10-08), so 10-22. A hearing cannot stop the filing period, time is not taken
/// off twice, and the extension is granted once.
#[tokio::test]
async fn filing_extension_and_testing_time_move_the_filing_due_art18() {
    let s = setup().await;
    let id = create_lead(
        &s.w.db,
        &officer(&s),
        &s.cal,
        crate::support::corpus(),
        &lead(&s, PartyKind::Organisation, "2024-09-02"),
    )
    .await
    .expect("lead");
    let c = case_row(&s, id).await;
    assert_eq!(c.filing_due, Some(d("2024-09-24")));
    // Only the head approves.
    let e = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-09-20"),
        Step::ExtendFiling {
            reason: "需调取外省证据".into(),
        },
    )
    .await
    .expect_err("an officer cannot approve");
    assert!(matches!(e, fazhi_core::Error::Forbidden { .. }), "{e:?}");
    let c = act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2024-09-20"),
        Step::ExtendFiling {
            reason: "需调取外省证据".into(),
        },
    )
    .await
    .expect("extend filing");
    assert_eq!(c.filing_due, Some(d("2024-10-18")));
    assert!(c.filing_extended);
    let e = act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2024-09-23"),
        Step::ExtendFiling {
            reason: "再次延长".into(),
        },
    )
    .await
    .expect_err("once only");
    assert_eq!(code(e), "cases.filing_extended");
    let e = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-10-09"),
        Step::ExcludePeriod {
            kind: ExcludedKind::Hearing,
            from: d("2024-09-30"),
            to: d("2024-10-08"),
            note: "听证".into(),
        },
    )
    .await
    .expect_err("a hearing does not stop the filing period");
    assert_eq!(code(e), "cases.excluded_period");
    let c = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-10-09"),
        Step::ExcludePeriod {
            kind: ExcludedKind::Testing,
            from: d("2024-09-30"),
            to: d("2024-10-08"),
            note: "委托天津市食品检验所检测，报告编号 2024-0931".into(),
        },
    )
    .await
    .expect("testing time");
    assert_eq!(c.excluded_filing_wd, 2);
    assert_eq!(c.filing_due, Some(d("2024-10-22")));
    let e = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-10-09"),
        Step::ExcludePeriod {
            kind: ExcludedKind::Appraisal,
            from: d("2024-10-08"),
            to: d("2024-10-09"),
            note: "鉴定".into(),
        },
    )
    .await
    .expect_err("overlap");
    assert_eq!(code(e), "cases.excluded_period");
    // Filed on 10-21: late on the plain fifteen days, in time with what was approved and
    // recorded — and the case-file check agrees with the workflow.
    act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2024-10-21"),
        Step::File {
            note: "同意立案".into(),
        },
    )
    .await
    .expect("file");
    let findings = checks::run(&s.w.db, BINHAI_REGION, id)
        .await
        .expect("checks");
    let f = findings
        .iter()
        .find(|f| f.code == "filing_deadline")
        .expect("the filing check ran");
    assert!(f.passed, "{f:?}");
}

/// 第六十四条 第三款 with 行政处罚法 第六十条: filed 2024-03-01, ninety days end 05-30; an
/// appraisal from 03-10 to 03-19 takes ten calendar days off, so 06-09, a Sunday in the Dragon
/// Boat holiday (06-08..10): 06-11. A later thirty-day extension keeps them: 03-01 + 130 days is
/// Tuesday 07-09.
#[tokio::test]
async fn appraisal_time_moves_the_decision_due_art64() {
    let s = setup().await;
    let id = investigating(&s, PartyKind::Organisation, "2024-03-01").await;
    let c = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-03-20"),
        Step::ExcludePeriod {
            kind: ExcludedKind::Appraisal,
            from: d("2024-03-10"),
            to: d("2024-03-19"),
            note: "委托司法鉴定".into(),
        },
    )
    .await
    .expect("appraisal time");
    assert_eq!(c.excluded_decision_days, 10);
    assert_eq!(c.decision_due, Some(d("2024-06-11")));
    let c = act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2024-05-20"),
        Step::Extend {
            days: 30,
            reason: "案情复杂".into(),
        },
    )
    .await
    .expect("extend");
    assert_eq!(c.decision_due, Some(d("2024-07-09")));
    // A period that has not ended by the day it is recorded is refused.
    let e = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-05-21"),
        Step::ExcludePeriod {
            kind: ExcludedKind::Announcement,
            from: d("2024-05-21"),
            to: d("2024-06-20"),
            note: "公告".into(),
        },
    )
    .await
    .expect_err("future end");
    assert_eq!(code(e), "cases.excluded_period");
}

async fn another_officer(s: &Setup, n: u16) -> i64 {
    let mut tx = AuditedTx::begin(&s.w.db, Actor::system("test"))
        .await
        .expect("tx");
    let id = insert_officer(
        &mut tx,
        BINHAI_REGION,
        &NewOfficer {
            department_id: s.w.market,
            name: format!("接替员{n}"),
            id_number: idn(400 + n),
            posts: vec![],
            card: Some(NewCard {
                card_no: format!("R{n:04}"),
                domains: vec!["食品安全".into()],
                issued_on: d("2020-01-01"),
                valid_until: d("2030-12-31"),
            }),
        },
    )
    .await
    .expect("officer");
    tx.commit().await.expect("commit");
    id
}

/// 第四十三条 with 第四十二条: the head decides; a granted recusal needs a replacement when the
/// team would fall to one, and the recused officer cannot be named again; a refused one changes
/// nothing; an officer with a conflict registered against the party is refused from the team.
#[tokio::test]
async fn recusal_replaces_the_officer_and_bars_him_art43() {
    let s = setup().await;
    let spare = another_officer(&s, 1).await;
    let id = investigating(&s, PartyKind::Organisation, "2024-05-06").await;
    let recuse = |officer: i64, granted: bool, replacement: Option<i64>| Step::Recuse {
        officer,
        raised_by: RaisedBy::Party,
        granted,
        replacement,
        reason: "当事人称该执法人员系其法定代表人近亲属".into(),
    };
    let e = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-05-07"),
        recuse(s.officers[0], true, Some(spare)),
    )
    .await
    .expect_err("the head decides");
    assert!(matches!(e, fazhi_core::Error::Forbidden { .. }), "{e:?}");
    let e = act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2024-05-07"),
        recuse(s.officers[0], true, None),
    )
    .await
    .expect_err("one officer would remain");
    assert_eq!(code(e), "cases.recusal");
    let c = act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2024-05-07"),
        recuse(s.officers[0], true, Some(spare)),
    )
    .await
    .expect("recusal granted");
    assert_eq!(c.officers, vec![s.officers[1], spare]);
    let c = act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2024-05-08"),
        recuse(s.officers[1], false, None),
    )
    .await
    .expect("recusal refused");
    assert_eq!(c.officers, vec![s.officers[1], spare]);
    let mut conn = s.w.db.pool().acquire().await.expect("conn");
    let stored = fazhi_core::cases::recusal::load(&mut conn, id)
        .await
        .expect("recusals");
    drop(conn);
    assert_eq!(stored.len(), 2);
    assert!(stored[0].granted && !stored[1].granted);

    // A conflict registered in the subject registry (双随机 回避) keeps the officer off a case
    // against that party.
    sqlx::query(
        "INSERT INTO sampling_conflicts (region_code, officer_id, subject_code, reason, created_at) VALUES ($1, $2, $3, $4, 0)",
    )
    .bind(BINHAI_REGION)
    .bind(s.officers[0])
    .bind("91120116MA05K0R11N")
    .bind("曾在该企业任职")
    .execute(s.w.db.pool())
    .await
    .expect("conflict");
    sqlx::query(
        "INSERT INTO sampling_subjects (region_code, code, name, risk_grade, created_at, updated_at) VALUES ($1, $2, $3, 'B', 0, 0)",
    )
    .bind(BINHAI_REGION)
    .bind("91120116MA05K0R11N")
    .bind("天津滨海食品有限公司")
    .execute(s.w.db.pool())
    .await
    .expect("subject");
    let id2 = create_lead(
        &s.w.db,
        &officer(&s),
        &s.cal,
        crate::support::corpus(),
        &lead(&s, PartyKind::Organisation, "2024-05-06"),
    )
    .await
    .expect("lead");
    assert_eq!(
        case_row(&s, id2).await.party_subject_code,
        "91120116MA05K0R11N",
        "the party is linked to the registry"
    );
    assert_eq!(
        case_row(&s, id).await.party_subject_code,
        "",
        "registered after that lead"
    );
    act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id2,
        d("2024-05-06"),
        Step::File {
            note: "同意立案".into(),
        },
    )
    .await
    .expect("file");
    let e = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id2,
        d("2024-05-06"),
        Step::Investigate {
            officers: vec![s.officers[0], s.officers[1]],
        },
    )
    .await
    .expect_err("registered conflict");
    assert_eq!(code(e), "cases.recusal");
}

/// A case decided and served (2024-10-15, directly): the fine of 25,000 yuan is due 10-30.
async fn served(s: &Setup) -> i64 {
    let id = investigating(s, PartyKind::Organisation, "2024-09-27").await;
    for (on, who, step) in [
        (
            "2024-09-30",
            officer(s),
            Step::Review {
                facts: "查明销售不合格食品。".into(),
                circumstances: serious(),
                proposal: fine(2_500_000, "一般"),
            },
        ),
        (
            "2024-09-30",
            officer(s),
            Step::Notify {
                waived: false,
                hearing_waived: false,
            },
        ),
        ("2024-10-14", head(s), Step::Decide { proposal: None }),
        (
            "2024-10-15",
            officer(s),
            Step::Serve {
                method: ServiceMethod::Direct,
                receiver: "李四".into(),
            },
        ),
    ] {
        act(&s.w.db, &who, &s.cal, id, d(on), step).await.expect(on);
    }
    id
}

/// 行政强制法: no reminder before the due date (第三十五条); no compulsory execution without a
/// reminder, nor before the surcharge has run thirty days (第四十六条); the court only after the
/// remedy periods — six months from 10-15 end on Tuesday 2025-04-15 — and within three months
/// (第五十三条), ten working days after the reminder (第五十四条、第六十九条).
#[tokio::test]
async fn compulsory_execution_waits_for_reminder_and_court_window_qzf_art53_art54() {
    let s = setup().await;
    let id = served(&s).await;
    let c = case_row(&s, id).await;
    assert_eq!(c.payment_due, Some(d("2024-10-30")));
    let e = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-10-30"),
        Step::Urge {
            note: "限期缴纳".into(),
        },
    )
    .await
    .expect_err("not yet overdue");
    assert_eq!(code(e), "cases.reminder_early");
    let e = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-12-10"),
        Step::Execute {
            paid_fen: 0,
            mode: ExecutionMode::Compulsory,
        },
    )
    .await
    .expect_err("no reminder");
    assert_eq!(code(e), "cases.compulsory_gate");
    let c = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-12-10"),
        Step::Urge {
            note: "限十日内缴纳罚款及加处罚款".into(),
        },
    )
    .await
    .expect("reminder");
    assert_eq!(c.urged_on, Some(d("2024-12-10")));
    // Ten working days after 12-10 end on 12-24: the agency's own enforcement waits.
    let e = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-12-20"),
        Step::Execute {
            paid_fen: 0,
            mode: ExecutionMode::Compulsory,
        },
    )
    .await
    .expect_err("ten working days");
    assert_eq!(code(e), "cases.compulsory_gate");
    let e = act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2025-01-06"),
        Step::ApplyCourt {
            court: "天津市滨海新区人民法院".into(),
        },
    )
    .await
    .expect_err("the remedy periods still run");
    assert!(e.message_zh().contains("2025-04-16"), "{}", e.message_zh());
    assert_eq!(code(e), "cases.court_application");
    let e = act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2025-07-17"),
        Step::ApplyCourt {
            court: "天津市滨海新区人民法院".into(),
        },
    )
    .await
    .expect_err("three months passed on 2025-07-15");
    assert_eq!(code(e), "cases.court_application");
    let e = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2025-04-16"),
        Step::Execute {
            paid_fen: 0,
            mode: ExecutionMode::Court,
        },
    )
    .await
    .expect_err("no application on record");
    assert_eq!(code(e), "cases.compulsory_gate");
    let c = act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2025-04-16"),
        Step::ApplyCourt {
            court: "天津市滨海新区人民法院".into(),
        },
    )
    .await
    .expect("application");
    assert_eq!(c.court_applied_on, Some(d("2025-04-16")));
    act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2025-05-20"),
        Step::Execute {
            paid_fen: 0,
            mode: ExecutionMode::Court,
        },
    )
    .await
    .expect("executed through the court");
}
