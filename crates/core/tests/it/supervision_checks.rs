//! Automatic checks of a case file (案卷评查辅助): clean cases built through the real workflow
//! pass every check; each check then fails on a case whose stored record was mutated the way
//! the defect would look, while the other checks keep passing.

use std::path::PathBuf;

use chrono::NaiveDate;
use fazhi_core::BINHAI_REGION;
use fazhi_core::audit::{Actor, AuditedTx};
use fazhi_core::auth::{DataScope, Principal, Role};
use fazhi_core::calendar::{HolidayCalendar, load_calendar, seed_calendar};
use fazhi_core::cases::payment::PeriodKind;
use fazhi_core::cases::rules::PartyKind;
use fazhi_core::cases::{
    Circumstances, ExecutionMode, HarmLevel, NewLead, Procedure, Proposal, ServiceMethod, Source,
    Step, SurchargeDecision, act, add_evidence, create_lead, disclosure, late_payment_surcharge,
    payment_deadline, surcharge_days,
};
use fazhi_core::db::Db;
use fazhi_core::money::Money;
use fazhi_core::org::{NewCard, NewOfficer, insert_officer};
use fazhi_core::supervision::checks::{self, CHECKS, Finding, VETO_ITEMS};

use crate::support::{idn, principal, world};

const POWER: &str = "CF00100001";
const VIOLATION: &str = "生产经营不符合食品安全标准的食品";

struct Setup {
    w: crate::support::World,
    cal: HolidayCalendar,
    /// Two market officers valid through 2030, one whose card expired in 2023.
    officers: Vec<i64>,
}

fn d(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

/// The statutes the cases cite, imported into the test database (a subset of the corpus).
async fn import_laws(db: &Db) {
    let src = fazhi_core::law::default_laws_dir().expect("statute directory");
    let dir: PathBuf = std::env::temp_dir().join(format!(
        "fz_checks_laws_{}_{}",
        std::process::id(),
        rand::random::<u32>()
    ));
    std::fs::create_dir_all(&dir).expect("dir");
    for f in [
        "MANIFEST.tsv",
        "行政处罚法(2021-01-22).md",
        "食品安全法(2021-04-29).md",
    ] {
        std::fs::copy(src.join(f), dir.join(f)).expect("copy statute");
    }
    fazhi_core::law::import_dir(db, Actor::system("test"), &dir, |_, _| {})
        .await
        .expect("import");
    let _ = std::fs::remove_dir_all(&dir);
}

async fn setup() -> Setup {
    let w = world().await;
    seed_calendar(&w.db).await.expect("calendar");
    let cal = load_calendar(&w.db).await.expect("load calendar");
    import_laws(&w.db).await;
    let mut tx = AuditedTx::begin(&w.db, Actor::system("test"))
        .await
        .expect("tx");
    let mut officers = Vec::new();
    for (i, until) in ["2030-12-31", "2030-12-31", "2023-12-31"]
        .iter()
        .enumerate()
    {
        officers.push(
            insert_officer(
                &mut tx,
                BINHAI_REGION,
                &NewOfficer {
                    department_id: w.market,
                    name: format!("评查员{i}"),
                    id_number: idn(500 + i as u16),
                    posts: vec![],
                    card: Some(NewCard {
                        card_no: format!("P{i:04}"),
                        domains: vec!["食品安全".into()],
                        issued_on: d("2020-01-01"),
                        valid_until: d(until),
                    }),
                },
            )
            .await
            .expect("officer"),
        );
    }
    let body = serde_json::json!({
        "code": POWER, "name": "对生产经营不符合食品安全标准食品的处罚", "category": "CF",
        "department_id": w.market, "department": "区市场监管局",
        "basis": ["食品安全法/art_124__para_1"],
        "basis_citation": "《中华人民共和国食品安全法》第一百二十四条第一款",
        "violations": [{
            "name": VIOLATION,
            "violated": ["食品安全法/art_34"],
            "penalised": "食品安全法/art_124__para_1",
            "legal": {"fines": [{"kind": "amount", "min_fen": 500000, "max_fen": 5000000}],
                      "warning": true, "confiscation": true, "licence_measures": true},
            "discretion": {"tiers": [
                {"name": "较轻", "conditions": "", "fine": {"kind": "amount", "min_fen": 500000, "max_fen": 2000000}},
                {"name": "一般", "conditions": "", "fine": {"kind": "amount", "min_fen": 2000000, "max_fen": 3500000}},
                {"name": "较重", "conditions": "", "fine": {"kind": "amount", "min_fen": 3500000, "max_fen": 5000000}}
            ]}
        }]
    });
    for (code, dept, b) in [
        (POWER, w.market, body.clone()),
        // Another body's item (区应急局), for the unlawful-subject case.
        ("CF00900001", w.safety, {
            let mut o = body.clone();
            o["code"] = "CF00900001".into();
            o
        }),
    ] {
        sqlx::query(
            "INSERT INTO power_items (region_code, code, name, category, department_id, status, body, created_at, updated_at) \
             VALUES ($1, $2, '事项', 'CF', $3, 'active', $4, 0, 0)",
        )
        .bind(BINHAI_REGION)
        .bind(code)
        .bind(dept)
        .bind(b.to_string())
        .execute(tx.conn())
        .await
        .expect("item");
    }
    tx.commit().await.expect("commit");
    Setup { w, cal, officers }
}

fn officer(s: &Setup) -> Principal {
    principal(Role::Officer, Some(s.w.market), DataScope::OwnDepartment)
}
fn head(s: &Setup) -> Principal {
    principal(Role::DeptAdmin, Some(s.w.market), DataScope::DepartmentTree)
}
fn reviewer(s: &Setup) -> Principal {
    principal(
        Role::LegalReviewer,
        Some(s.w.market),
        DataScope::DepartmentTree,
    )
}

fn party(kind: PartyKind) -> &'static str {
    match kind {
        PartyKind::Citizen => "张三丰",
        PartyKind::Organisation => "天津滨海示例食品有限公司",
    }
}

fn facts(kind: PartyKind) -> String {
    format!(
        "经查，当事人{}于2024年2月销售不符合食品安全标准的食品，违法事实清楚，证据确凿。",
        party(kind)
    )
}

fn lead(kind: PartyKind, procedure: Procedure, on: &str) -> NewLead {
    NewLead {
        department_id: 0,
        procedure,
        source: Source::Inspection,
        source_ref: "JC-2024-001".into(),
        inspection_id: None,
        power_code: POWER.into(),
        violation: VIOLATION.into(),
        party_kind: kind,
        party_name: party(kind).into(),
        party_code: if kind == PartyKind::Citizen {
            idn(901)
        } else {
            "91120116MA05K0R11N".into()
        },
        party_address: "天津市滨海新区示例路1号".into(),
        party_representative: if kind == PartyKind::Citizen {
            String::new()
        } else {
            "李四".into()
        },
        facts: facts(kind),
        lead_on: d(on),
        circumstances: Circumstances::default(),
    }
}

async fn step(s: &Setup, who: &Principal, id: i64, on: &str, st: Step) {
    let name = st.name();
    act(&s.w.db, who, &s.cal, id, d(on), st)
        .await
        .unwrap_or_else(|e| panic!("{name} on {on}: {e:?}"));
}

async fn opened(s: &Setup, kind: PartyKind) -> i64 {
    let mut l = lead(kind, Procedure::General, "2024-03-01");
    l.department_id = s.w.market;
    let id = create_lead(&s.w.db, &officer(s), &s.cal, crate::support::corpus(), &l)
        .await
        .expect("lead");
    step(
        s,
        &head(s),
        id,
        "2024-03-01",
        Step::File {
            note: "同意立案".into(),
        },
    )
    .await;
    step(
        s,
        &officer(s),
        id,
        "2024-03-01",
        Step::Investigate {
            officers: vec![s.officers[0], s.officers[1]],
        },
    )
    .await;
    add_evidence(
        &s.w.db,
        &officer(s),
        id,
        "现场检查笔录",
        "笔录",
        "text/plain",
        "现场检查笔录：当事人销售不合格食品。".as_bytes(),
        d("2024-03-04"),
    )
    .await
    .expect("evidence");
    id
}

/// Case A: an organisation fined 25,000 yuan (tier 一般), no hearing right, no legal review;
/// notice, decision after the five working days, service, disclosure, payment, closing.
async fn case_a(s: &Setup) -> i64 {
    let k = PartyKind::Organisation;
    let id = opened(s, k).await;
    step(
        s,
        &officer(s),
        id,
        "2024-03-11",
        Step::Review {
            facts: facts(k),
            circumstances: Circumstances {
                harm: HarmLevel::Serious,
                ..Circumstances::default()
            },
            proposal: Proposal {
                fine_fen: 2_500_000,
                tier: "一般".into(),
                ..Proposal::default()
            },
        },
    )
    .await;
    step(
        s,
        &officer(s),
        id,
        "2024-03-12",
        Step::Notify {
            waived: false,
            hearing_waived: false,
        },
    )
    .await;
    step(
        s,
        &head(s),
        id,
        "2024-03-20",
        Step::Decide { proposal: None },
    )
    .await;
    step(
        s,
        &officer(s),
        id,
        "2024-03-21",
        Step::Serve {
            method: ServiceMethod::Direct,
            receiver: "李四".into(),
        },
    )
    .await;
    disclosure::publish(&s.w.db, &head(s), &s.cal, id, d("2024-03-22"))
        .await
        .expect("publish");
    step(
        s,
        &officer(s),
        id,
        "2024-03-25",
        Step::Execute {
            paid_fen: 2_500_000,
            mode: ExecutionMode::Paid,
        },
    )
    .await;
    step(
        s,
        &head(s),
        id,
        "2024-03-26",
        Step::Close {
            note: "结案".into(),
        },
    )
    .await;
    step(s, &officer(s), id, "2024-03-27", Step::Archive).await;
    id
}

/// Case D: case A's fine left unpaid and executed through the court: a reminder after the due
/// day (2024-04-07), the application once the six months of 行政诉讼法 第四十六条 from service
/// on 03-21 have ended (09-21 is a Saturday: 09-23), ten working days after the reminder.
async fn case_d(s: &Setup) -> i64 {
    let k = PartyKind::Organisation;
    let id = opened(s, k).await;
    for (on, who, st) in [
        (
            "2024-03-11",
            officer(s),
            Step::Review {
                facts: facts(k),
                circumstances: Circumstances {
                    harm: HarmLevel::Serious,
                    ..Circumstances::default()
                },
                proposal: Proposal {
                    fine_fen: 2_500_000,
                    tier: "一般".into(),
                    ..Proposal::default()
                },
            },
        ),
        (
            "2024-03-12",
            officer(s),
            Step::Notify {
                waived: false,
                hearing_waived: false,
            },
        ),
        ("2024-03-20", head(s), Step::Decide { proposal: None }),
        (
            "2024-03-21",
            officer(s),
            Step::Serve {
                method: ServiceMethod::Direct,
                receiver: "李四".into(),
            },
        ),
    ] {
        step(s, &who, id, on, st).await;
    }
    disclosure::publish(&s.w.db, &head(s), &s.cal, id, d("2024-03-22"))
        .await
        .expect("publish");
    step(
        s,
        &officer(s),
        id,
        "2024-04-10",
        Step::Urge {
            note: "限十日内缴纳罚款及加处罚款".into(),
        },
    )
    .await;
    step(
        s,
        &head(s),
        id,
        "2024-09-24",
        Step::ApplyCourt {
            court: "天津市滨海新区人民法院".into(),
        },
    )
    .await;
    step(
        s,
        &officer(s),
        id,
        "2024-10-15",
        Step::Execute {
            paid_fen: 0,
            mode: ExecutionMode::Court,
        },
    )
    .await;
    step(
        s,
        &head(s),
        id,
        "2024-10-16",
        Step::Close {
            note: "法院强制执行".into(),
        },
    )
    .await;
    step(s, &officer(s), id, "2024-10-17", Step::Archive).await;
    id
}

/// Case B: a citizen fined 20,000 yuan (hearing right), a complex case (legal review and
/// collective discussion), hearing requested and held, paid late with the surcharge.
async fn case_b(s: &Setup) -> i64 {
    let k = PartyKind::Citizen;
    let id = opened(s, k).await;
    step(
        s,
        &officer(s),
        id,
        "2024-03-11",
        Step::Review {
            facts: facts(k),
            circumstances: Circumstances {
                harm: HarmLevel::Serious,
                complex: true,
                ..Circumstances::default()
            },
            proposal: Proposal {
                fine_fen: 2_000_000,
                tier: "一般".into(),
                ..Proposal::default()
            },
        },
    )
    .await;
    step(
        s,
        &reviewer(s),
        id,
        "2024-03-12",
        Step::LegalReview {
            passed: true,
            opinion: "同意".into(),
        },
    )
    .await;
    step(
        s,
        &officer(s),
        id,
        "2024-03-13",
        Step::Notify {
            waived: false,
            hearing_waived: false,
        },
    )
    .await;
    step(s, &officer(s), id, "2024-03-14", Step::RequestHearing).await;
    step(
        s,
        &officer(s),
        id,
        "2024-03-25",
        Step::HoldHearing {
            note: "听证笔录".into(),
            notified_on: None,
        },
    )
    .await;
    // 第五十八条（二）: major rights after a hearing — reviewed again.
    step(
        s,
        &reviewer(s),
        id,
        "2024-03-26",
        Step::LegalReview {
            passed: true,
            opinion: "听证后审核同意".into(),
        },
    )
    .await;
    step(
        s,
        &head(s),
        id,
        "2024-03-26",
        Step::Discuss {
            note: "集体讨论".into(),
        },
    )
    .await;
    step(
        s,
        &head(s),
        id,
        "2024-03-27",
        Step::Decide { proposal: None },
    )
    .await;
    step(
        s,
        &officer(s),
        id,
        "2024-03-28",
        Step::Serve {
            method: ServiceMethod::Direct,
            receiver: "张三丰".into(),
        },
    )
    .await;
    disclosure::publish(&s.w.db, &head(s), &s.cal, id, d("2024-03-29"))
        .await
        .expect("publish");
    let due = payment_deadline(&s.cal, d("2024-03-28"))
        .expect("due")
        .deadline
        .date;
    let days = surcharge_days(due, d("2024-04-22"), &[]).expect("days");
    let extra = late_payment_surcharge(Money::from_fen(2_000_000), days)
        .expect("surcharge")
        .fen();
    assert!(extra > 0, "paid late");
    step(
        s,
        &officer(s),
        id,
        "2024-04-22",
        Step::Execute {
            paid_fen: 2_000_000 + extra,
            mode: ExecutionMode::Paid,
        },
    )
    .await;
    step(
        s,
        &head(s),
        id,
        "2024-04-23",
        Step::Close {
            note: "结案".into(),
        },
    )
    .await;
    step(s, &officer(s), id, "2024-04-24", Step::Archive).await;
    id
}

/// Case C: a summary (on-the-spot) warning by two officers.
async fn case_c(s: &Setup) -> i64 {
    let k = PartyKind::Citizen;
    let mut l = lead(k, Procedure::Summary, "2024-05-06");
    l.department_id = s.w.market;
    let id = create_lead(&s.w.db, &officer(s), &s.cal, crate::support::corpus(), &l)
        .await
        .expect("lead");
    add_evidence(
        &s.w.db,
        &officer(s),
        id,
        "现场照片说明",
        "视听资料",
        "text/plain",
        "现场照片".as_bytes(),
        d("2024-05-06"),
    )
    .await
    .expect("evidence");
    step(
        s,
        &officer(s),
        id,
        "2024-05-06",
        Step::DecideOnSpot {
            officers: vec![s.officers[0], s.officers[1]],
            proposal: Proposal {
                warning: true,
                tier: "较轻".into(),
                ..Proposal::default()
            },
            heard: true,
        },
    )
    .await;
    step(
        s,
        &officer(s),
        id,
        "2024-05-06",
        Step::Serve {
            method: ServiceMethod::Direct,
            receiver: "张三丰".into(),
        },
    )
    .await;
    step(
        s,
        &officer(s),
        id,
        "2024-05-06",
        Step::Execute {
            paid_fen: 0,
            mode: ExecutionMode::Nothing,
        },
    )
    .await;
    disclosure::publish(&s.w.db, &head(s), &s.cal, id, d("2024-05-07"))
        .await
        .expect("publish");
    step(
        s,
        &head(s),
        id,
        "2024-05-07",
        Step::Close {
            note: "结案".into(),
        },
    )
    .await;
    step(s, &officer(s), id, "2024-05-08", Step::Archive).await;
    id
}

async fn findings(s: &Setup, id: i64) -> Vec<Finding> {
    checks::run(&s.w.db, BINHAI_REGION, id)
        .await
        .expect("checks")
}

fn failed(f: &[Finding]) -> Vec<&str> {
    f.iter()
        .filter(|x| !x.passed)
        .map(|x| x.code.as_str())
        .collect()
}

async fn sql(s: &Setup, text: &str, id: i64) {
    sqlx::query(sqlx::AssertSqlSafe(text.to_string()))
        .bind(id)
        .execute(s.w.db.pool())
        .await
        .unwrap_or_else(|e| panic!("{text}: {e}"));
}

#[tokio::test]
async fn clean_cases_pass_every_check_and_every_check_applies_somewhere() {
    let s = setup().await;
    assert!(CHECKS.len() >= 20, "{} checks", CHECKS.len());
    let mut applied: Vec<&str> = Vec::new();
    for id in [
        case_a(&s).await,
        case_b(&s).await,
        case_c(&s).await,
        case_d(&s).await,
    ] {
        let f = findings(&s, id).await;
        assert_eq!(f.len(), CHECKS.len());
        assert!(
            failed(&f).is_empty(),
            "case {id} fails {:?}: {f:#?}",
            failed(&f)
        );
        for x in &f {
            assert_eq!(x.deduction, 0);
            assert!(x.veto.is_none());
            assert!(!x.provisions.is_empty(), "{} names its provisions", x.code);
            if x.detail_zh != "不适用。" {
                applied.push(CHECKS.iter().find(|c| c.code == x.code).expect("code").code);
            }
        }
    }
    for c in CHECKS {
        assert!(
            applied.contains(&c.code),
            "{} never applied to a clean case (no passing example)",
            c.code
        );
        if let Some(v) = c.veto {
            assert!(VETO_ITEMS.iter().any(|i| i.0 == v), "{v} is a veto item");
        }
    }
}

/// Which clean case a mutation starts from.
#[derive(Clone, Copy)]
enum Base {
    A,
    B,
    C,
}

async fn base(s: &Setup, b: Base) -> i64 {
    match b {
        Base::A => case_a(s).await,
        Base::B => case_b(s).await,
        Base::C => case_c(s).await,
    }
}

/// Builds the base case, applies the statements (`$1` = case id), and asserts that exactly
/// `code` (plus `also`) fails, with its deduction and veto item.
async fn mutated(s: &Setup, code: &str, b: Base, stmts: &[&str], also: &[&str]) {
    let id = base(s, b).await;
    for st in stmts {
        sql(s, st, id).await;
    }
    let f = findings(s, id).await;
    let mut want: Vec<&str> = vec![code];
    want.extend_from_slice(also);
    want.sort_unstable();
    let mut got = failed(&f);
    got.sort_unstable();
    assert_eq!(got, want, "{code}: {f:#?}");
    let x = f.iter().find(|x| x.code == code).expect("finding");
    let def = checks::check(code).expect("definition");
    assert_eq!(x.deduction, def.deduction);
    assert_eq!(x.veto.as_deref(), def.veto);
    assert!(!x.evidence.is_empty(), "{code} points at the evidence");
}

#[tokio::test]
async fn subject_officers_evidence_and_facts_checks_fail_on_their_defects() {
    let s = setup().await;
    mutated(
        &s,
        "power_of_body",
        Base::A,
        &["UPDATE cases SET power_code = 'CF00900001' WHERE id = $1"],
        &[],
    )
    .await;
    let alone = format!(
        "UPDATE cases SET officers = '[{}]' WHERE id = $1",
        s.officers[0]
    );
    let alone_step = format!(
        "UPDATE case_steps SET officers = '[{}]' WHERE case_id = $1 AND action = 'investigate'",
        s.officers[0]
    );
    mutated(
        &s,
        "officer_count",
        Base::A,
        &[&alone, &alone_step],
        // The 立案审批表 cannot name a second officer either, but that is the same defect:
        // `instruments_buildable` leaves it to `officer_count` (counted once).
        &[],
    )
    .await;
    let expired = s.officers[2];
    let second = s.officers[1];
    let swap = format!(
        "UPDATE cases SET officers = replace(officers, '{second}', '{expired}') WHERE id = $1"
    );
    let swap_step = format!(
        "UPDATE case_steps SET officers = replace(officers, '{second}', '{expired}') WHERE case_id = $1"
    );
    mutated(&s, "officer_cards", Base::A, &[&swap, &swap_step], &[]).await;
    mutated(
        &s,
        "evidence_present",
        Base::A,
        &[
            "DELETE FROM case_evidence WHERE case_id = $1",
            "DELETE FROM case_steps WHERE case_id = $1 AND action = 'evidence'",
        ],
        &[],
    )
    .await;
    mutated(
        &s,
        "evidence_integrity",
        Base::A,
        // The file no longer matches the digest recorded when it was collected.
        &["UPDATE case_evidence SET sm3 = '0000000000000000000000000000000000000000000000000000000000000000' WHERE case_id = $1"],
        &[],
    )
    .await;
    mutated(
        &s,
        "facts_recorded",
        Base::A,
        &["UPDATE cases SET facts = '经查，当事人存在违法行为。' WHERE id = $1"],
        &[],
    )
    .await;
    mutated(
        &s,
        "provisions_in_force",
        Base::A,
        &["UPDATE cases SET penalised = '食品安全法/art_999' WHERE id = $1"],
        &[],
    )
    .await;
    // 第三十三条 第一款: minor, corrected in time, no harm — the Law forbids a penalty.
    let circ = serde_json::to_string(&Circumstances {
        minor_violation: true,
        corrected_in_time: true,
        first_violation: true,
        harm: HarmLevel::None,
        ..Circumstances::default()
    })
    .expect("json");
    let forbid = format!("UPDATE cases SET circumstances = '{circ}' WHERE id = $1");
    mutated(&s, "penalty_allowed", Base::A, &[&forbid], &[]).await;
    // 第五十九条: a decision without its number (文号) cannot be issued.
    mutated(
        &s,
        "instruments_buildable",
        Base::A,
        &["UPDATE cases SET decision_no = NULL WHERE id = $1"],
        &[],
    )
    .await;
}

#[tokio::test]
async fn procedure_checks_fail_on_their_defects() {
    let s = setup().await;
    mutated(
        &s,
        "discretion_reason",
        Base::B,
        &["UPDATE cases SET tier = '较重' WHERE id = $1"],
        &[],
    )
    .await;
    mutated(
        &s,
        "legal_review",
        Base::B,
        &[
            "DELETE FROM case_steps WHERE case_id = $1 AND action = 'legal_review'",
            "UPDATE cases SET legal_review_result = '', legal_review_on = NULL WHERE id = $1",
        ],
        &[],
    )
    .await;
    mutated(
        &s,
        "prior_notice",
        Base::A,
        &[
            "DELETE FROM case_steps WHERE case_id = $1 AND action = 'notify'",
            "UPDATE cases SET notice_on = NULL, statement_due = NULL, hearing_request_due = NULL WHERE id = $1",
        ],
        &[],
    )
    .await;
    mutated(
        &s,
        "hearing_right_notice",
        Base::B,
        &["UPDATE cases SET hearing_right = 0, hearing_request_due = NULL WHERE id = $1"],
        &[],
    )
    .await;
    mutated(
        &s,
        "statement_window",
        Base::A,
        &[
            "UPDATE cases SET notice_on = '2024-03-19' WHERE id = $1",
            "UPDATE case_steps SET on_date = '2024-03-19' WHERE case_id = $1 AND action = 'notify'",
        ],
        &[],
    )
    .await;
    mutated(
        &s,
        "hearing_held",
        Base::B,
        &[
            "DELETE FROM case_steps WHERE case_id = $1 AND action = 'hearing'",
            "UPDATE cases SET hearing_held = 0 WHERE id = $1",
        ],
        &[],
    )
    .await;
    mutated(
        &s,
        "collective_discussion",
        Base::B,
        &[
            "DELETE FROM case_steps WHERE case_id = $1 AND action = 'discuss'",
            "UPDATE cases SET collective_held = 0 WHERE id = $1",
        ],
        &[],
    )
    .await;
    let due = payment_deadline(&s.cal, d("2024-05-06"))
        .expect("due")
        .deadline
        .date;
    let summary = format!(
        "UPDATE cases SET confiscation_fen = 50000, paid_fen = 50000, execution_mode = 'paid', payment_due = '{due}' WHERE id = $1"
    );
    mutated(&s, "summary_limits", Base::C, &[&summary], &[]).await;
    mutated(
        &s,
        "chronology",
        Base::A,
        &["UPDATE case_steps SET on_date = '2024-03-05' WHERE case_id = $1 AND action = 'close'"],
        &[],
    )
    .await;
    let extra = format!(
        "INSERT INTO case_steps (region_code, case_id, at, on_date, actor, action, from_stage, to_stage, officers, note, digests) \
         VALUES ('{BINHAI_REGION}', $1, 0, '2024-03-27', '', 'document', 'archived', 'archived', '[]', '补录', '[]')"
    );
    mutated(&s, "audit_trail", Base::A, &[&extra], &[]).await;
}

#[tokio::test]
async fn deadline_payment_and_disclosure_checks_fail_on_their_defects() {
    let s = setup().await;
    mutated(
        &s,
        "filing_deadline",
        Base::A,
        &["UPDATE cases SET lead_on = '2024-01-15' WHERE id = $1"],
        &[],
    )
    .await;
    mutated(
        &s,
        "decision_deadline",
        Base::A,
        &["UPDATE cases SET lead_on = '2023-10-30', filed_on = '2023-11-01' WHERE id = $1"],
        &[],
    )
    .await;
    let due = payment_deadline(&s.cal, d("2024-04-02"))
        .expect("due")
        .deadline
        .date;
    let late = format!(
        "UPDATE cases SET served_on = '2024-04-02', payment_due = '{due}', executed_on = '2024-04-03', paid_on = '2024-04-03', closed_on = '2024-04-08', archived_on = '2024-04-09' WHERE id = $1"
    );
    mutated(&s, "service_deadline", Base::A, &[&late], &[]).await;
    mutated(
        &s,
        "payment_due",
        Base::A,
        &["UPDATE cases SET payment_due = '2024-03-31' WHERE id = $1"],
        &[],
    )
    .await;
    mutated(
        &s,
        "surcharge",
        Base::A,
        &["UPDATE cases SET surcharge_fen = 1000, paid_fen = paid_fen + 1000 WHERE id = $1"],
        &[],
    )
    .await;
    mutated(
        &s,
        "payment_complete",
        Base::A,
        &["UPDATE cases SET paid_fen = 100 WHERE id = $1"],
        &[],
    )
    .await;
    mutated(
        &s,
        "disclosure_made",
        Base::A,
        &[
            "DELETE FROM case_disclosures WHERE case_id = $1",
            "UPDATE cases SET disclosed_on = NULL, disclosure_status = '' WHERE id = $1",
        ],
        &[],
    )
    .await;
    mutated(
        &s,
        "disclosure_on_time",
        Base::A,
        &["UPDATE case_disclosures SET published_on = '2024-05-06' WHERE case_id = $1"],
        &[],
    )
    .await;
    mutated(
        &s,
        "disclosure_masked",
        Base::B,
        &["UPDATE case_disclosures SET content = replace(content, '张某某', '张三丰') WHERE case_id = $1"],
        &[],
    )
    .await;
}

#[tokio::test]
async fn findings_of_a_case_are_found_by_number_and_fast() {
    let s = setup().await;
    let id = case_a(&s).await;
    let no: String = sqlx::query_scalar("SELECT case_no FROM cases WHERE id = $1")
        .bind(id)
        .fetch_one(s.w.db.pool())
        .await
        .expect("no");
    assert_eq!(
        checks::find_case(&s.w.db, BINHAI_REGION, &no)
            .await
            .expect("find"),
        Some(id)
    );
    assert_eq!(
        checks::find_case(&s.w.db, BINHAI_REGION, &id.to_string())
            .await
            .expect("find"),
        Some(id)
    );
    assert_eq!(
        checks::find_case(&s.w.db, BINHAI_REGION, "无此案")
            .await
            .expect("find"),
        None
    );
    // The corpus and calendar are cached: a second run only reads the case.
    findings(&s, id).await;
    let t = std::time::Instant::now();
    for _ in 0..10 {
        findings(&s, id).await;
    }
    assert!(
        t.elapsed().as_millis() < 2_000,
        "ten runs took {:?}",
        t.elapsed()
    );
    assert!(
        checks::run(&s.w.db, BINHAI_REGION, id + 1000)
            .await
            .is_err(),
        "unknown case"
    );
}

/// 行政处罚法 第六十二条 covers 陈述、申辩 only; 第六十四条（一） keeps the hearing window open
/// unless the hearing itself was waived. The check uses the Decide step's own rule
/// (`rules::hearing_window_blocks`), so the platform never produces a file it then fails.
#[tokio::test]
async fn statement_waiver_alone_leaves_the_hearing_window_xzcf_art62_art64() {
    let s = setup().await;
    let moved = [
        "UPDATE cases SET notice_on = '2024-03-19', statement_waived = 1, hearing_right = 1, hearing_request_due = '2024-03-26' WHERE id = $1",
        "UPDATE case_steps SET on_date = '2024-03-19' WHERE case_id = $1 AND action = 'notify'",
    ];
    mutated(&s, "statement_window", Base::A, &moved, &[]).await;
    // The hearing waived as well: the decision may follow at once.
    let id = case_a(&s).await;
    for st in moved {
        sql(&s, st, id).await;
    }
    sql(&s, "UPDATE cases SET hearing_waived = 1 WHERE id = $1", id).await;
    let f = findings(&s, id).await;
    assert!(failed(&f).is_empty(), "{f:#?}");
}

/// Case A up to the decision (2024-03-20): an organisation fined 25,000 yuan.
async fn decided_a(s: &Setup) -> i64 {
    let k = PartyKind::Organisation;
    let id = opened(s, k).await;
    step(
        s,
        &officer(s),
        id,
        "2024-03-11",
        Step::Review {
            facts: facts(k),
            circumstances: Circumstances {
                harm: HarmLevel::Serious,
                ..Circumstances::default()
            },
            proposal: Proposal {
                fine_fen: 2_500_000,
                tier: "一般".into(),
                ..Proposal::default()
            },
        },
    )
    .await;
    step(
        s,
        &officer(s),
        id,
        "2024-03-12",
        Step::Notify {
            waived: false,
            hearing_waived: false,
        },
    )
    .await;
    step(
        s,
        &head(s),
        id,
        "2024-03-20",
        Step::Decide { proposal: None },
    )
    .await;
    id
}

fn passed(f: &[Finding], code: &str) -> bool {
    f.iter()
        .find(|x| x.code == code)
        .unwrap_or_else(|| panic!("no finding {code}"))
        .passed
}

/// 行政处罚法 第七十三条 第三款 (复议、诉讼期间不计算加处罚款), 第七十二条 第一款 ("可以": the
/// head may reduce the surcharge with a reason) and 第六十六条 第二款 (approved deferral): the
/// Execute step accepts the fine plus the decided surcharge, and supervision recomputes the same.
#[tokio::test]
async fn surcharge_excludes_review_time_and_may_be_reduced_xzcf_art72_art73() {
    let s = setup().await;
    let id = decided_a(&s).await;
    step(
        &s,
        &officer(&s),
        id,
        "2024-03-21",
        Step::Serve {
            method: ServiceMethod::Direct,
            receiver: "李四".into(),
        },
    )
    .await;
    let due = payment_deadline(&s.cal, d("2024-03-21"))
        .expect("due")
        .deadline
        .date;
    let review = (d("2024-03-25"), d("2024-04-30"));
    step(
        &s,
        &head(&s),
        id,
        "2024-05-06",
        Step::PaymentPeriod {
            kind: PeriodKind::Reconsideration,
            from: review.0,
            to: review.1,
            note: "申请行政复议，复议维持".into(),
        },
    )
    .await;
    let days = surcharge_days(due, d("2024-05-06"), &[review]).expect("days");
    let full = late_payment_surcharge(Money::from_fen(2_500_000), days)
        .expect("surcharge")
        .fen();
    let all_days = surcharge_days(due, d("2024-05-06"), &[]).expect("days");
    assert!(days < all_days, "复议 time is not counted");
    let short = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-05-06"),
        Step::Execute {
            paid_fen: 2_500_000,
            mode: ExecutionMode::Paid,
        },
    )
    .await
    .expect_err("surcharge unpaid");
    assert_eq!(short.code(), "cases.payment_short");
    assert!(
        short
            .message_zh()
            .contains(&Money::from_fen(full).format_yuan()),
        "{}",
        short.message_zh()
    );
    // Reducing needs a reason.
    let e = act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2024-05-06"),
        Step::DecideSurcharge {
            decision: SurchargeDecision::Reduced,
            amount_fen: 10_000,
            reason: " ".into(),
        },
    )
    .await
    .expect_err("no reason");
    assert_eq!(e.code(), "cases.payment_reason_missing");
    step(
        &s,
        &head(&s),
        id,
        "2024-05-06",
        Step::DecideSurcharge {
            decision: SurchargeDecision::Reduced,
            amount_fen: 10_000,
            reason: "当事人经营困难，主动缴纳".into(),
        },
    )
    .await;
    step(
        &s,
        &officer(&s),
        id,
        "2024-05-06",
        Step::Execute {
            paid_fen: 2_510_000,
            mode: ExecutionMode::Paid,
        },
    )
    .await;
    let f = findings(&s, id).await;
    assert!(passed(&f, "surcharge"), "{f:#?}");
    assert!(passed(&f, "payment_due"), "{f:#?}");

    // An approved deferral (第六十六条 第二款) moves the due date; supervision agrees.
    let id = decided_a(&s).await;
    step(
        &s,
        &officer(&s),
        id,
        "2024-03-21",
        Step::Serve {
            method: ServiceMethod::Direct,
            receiver: "李四".into(),
        },
    )
    .await;
    step(
        &s,
        &head(&s),
        id,
        "2024-03-25",
        Step::PaymentPeriod {
            kind: PeriodKind::Deferral,
            from: d("2024-03-25"),
            to: d("2024-06-28"),
            note: "经申请批准暂缓缴纳（批准书第1号）".into(),
        },
    )
    .await;
    let c = fazhi_core::cases::queries::get_case(&s.w.db, &head(&s), id)
        .await
        .expect("case")
        .case;
    assert_eq!(c.payment_due, Some(d("2024-06-28")));
    let f = findings(&s, id).await;
    assert!(passed(&f, "payment_due"), "{f:#?}");
}

/// 民事诉讼法 第九十五条 (公告送达: "自发出公告之日起，经过三十日，即视为送达") with 行政处罚法
/// 第六十七条 第三款 ("自收到行政处罚决定书之日起十五日内"): the payment is due 15 days after the
/// deemed day of service, not after the publication; supervision recomputes the same.
#[tokio::test]
async fn notice_service_counts_thirty_days_before_payment_runs_minsu_art95() {
    let s = setup().await;
    let id = decided_a(&s).await;
    step(
        &s,
        &officer(&s),
        id,
        "2024-03-21",
        Step::Serve {
            method: ServiceMethod::Notice,
            receiver: "李四".into(),
        },
    )
    .await;
    let c = fazhi_core::cases::queries::get_case(&s.w.db, &head(&s), id)
        .await
        .expect("case")
        .case;
    assert_eq!(c.received_on, Some(d("2024-04-20")));
    let due = payment_deadline(&s.cal, d("2024-04-20"))
        .expect("due")
        .deadline
        .date;
    assert_eq!(c.payment_due, Some(due));
    let f = findings(&s, id).await;
    assert!(passed(&f, "payment_due"), "{f:#?}");
}

/// 行政处罚法 第四十四条、第六十二条 reach the summary procedure: an on-the-spot decision whose
/// record lacks the oral notice and hearing fails `prior_notice` (the state machine's own rule,
/// `rules::prior_notice_given`); its 当场决定书 cannot be printed, which is the same defect.
#[tokio::test]
async fn summary_case_without_oral_notice_fails_prior_notice_xzcf_art44_art62() {
    let s = setup().await;
    mutated(
        &s,
        "prior_notice",
        Base::C,
        &["UPDATE cases SET spot_notice_given = 0 WHERE id = $1"],
        // The 当场决定书 cannot be printed, the same defect (counted once).
        &[],
    )
    .await;
}

/// 行政强制法 第三十五条、第四十六条、第五十三条、第五十四条: a compulsory execution without a
/// reminder, or the agency's own on the day of the reminder, fails `compulsory_execution`; a
/// file paid of its own accord does not meet the check.
#[tokio::test]
async fn compulsory_execution_needs_its_reminder_and_time_qzf_art46_art54() {
    let s = setup().await;
    mutated(
        &s,
        "compulsory_execution",
        Base::A,
        &["UPDATE cases SET execution_mode = 'court' WHERE id = $1"],
        &[],
    )
    .await;
    mutated(
        &s,
        "compulsory_execution",
        Base::A,
        &["UPDATE cases SET execution_mode = 'compulsory', urged_on = executed_on WHERE id = $1"],
        &[],
    )
    .await;
    let id = base(&s, Base::A).await;
    let f = findings(&s, id).await;
    let x = f
        .iter()
        .find(|x| x.code == "compulsory_execution")
        .expect("finding");
    assert!(x.passed && x.detail_en == "Not applicable.", "{x:?}");
}
