//! Penalty cases on the real storage: a case from lead to archive with its statutory deadlines
//! on the holiday calendar, refused transitions that change nothing, legal review, hearing,
//! leniency and discretion, the summary procedure, disclosure and the yearly figures.

use chrono::{Duration, NaiveDate};
use fazhi_core::BINHAI_REGION;
use fazhi_core::audit::{Actor, AuditedTx};
use fazhi_core::auth::{DataScope, Principal, Role};
use fazhi_core::calendar::{HolidayCalendar, load_calendar, seed_calendar};
use fazhi_core::cases::queries::{self, CaseQuery};
use fazhi_core::cases::rules::PartyKind;
use fazhi_core::cases::{
    Circumstances, ExecutionMode, HarmLevel, NewLead, Procedure, Proposal, ServiceMethod, Source,
    Stage, Step, StepKind, act, add_evidence, available_steps, create_lead, disclosure,
};
use fazhi_core::org::{NewCard, NewOfficer, insert_officer};
use fazhi_core::time::today;

use crate::support::{idn, principal, world};

const POWER: &str = "CF00100001";
const VIOLATION: &str = "生产经营不符合食品安全标准的食品";

pub(crate) struct Setup {
    pub(crate) w: crate::support::World,
    pub(crate) cal: HolidayCalendar,
    /// Two market officers with cards valid through 2030, one whose card expired in 2023,
    /// one safety officer.
    pub(crate) officers: Vec<i64>,
}

pub(crate) fn d(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

pub(crate) async fn setup() -> Setup {
    let w = world().await;
    seed_calendar(&w.db).await.expect("calendar");
    let cal = load_calendar(&w.db).await.expect("load calendar");
    let mut tx = AuditedTx::begin(&w.db, Actor::system("test"))
        .await
        .expect("tx");
    let mut officers = Vec::new();
    for (i, (dept, until)) in [
        (w.market, d("2030-12-31")),
        (w.market_unit, d("2030-12-31")),
        (w.market, d("2023-12-31")),
        (w.safety, d("2030-12-31")),
    ]
    .into_iter()
    .enumerate()
    {
        officers.push(
            insert_officer(
                &mut tx,
                BINHAI_REGION,
                &NewOfficer {
                    department_id: dept,
                    name: format!("办案员{i}"),
                    id_number: idn(300 + i as u16),
                    posts: vec![],
                    card: Some(NewCard {
                        card_no: format!("K{i:04}"),
                        domains: vec!["食品安全".into()],
                        issued_on: d("2020-01-01"),
                        valid_until: until,
                    }),
                },
            )
            .await
            .expect("officer"),
        );
    }
    // A penalty item: fines of 5,000–50,000 yuan in three tiers (fen).
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
    sqlx::query(
        "INSERT INTO power_items (region_code, code, name, category, department_id, status, body, created_at, updated_at) \
         VALUES ($1, $2, '事项', 'CF', $3, 'active', $4, 0, 0)",
    )
    .bind(BINHAI_REGION)
    .bind(POWER)
    .bind(w.market)
    .bind(body.to_string())
    .execute(tx.conn())
    .await
    .expect("item");
    tx.commit().await.expect("commit");
    Setup { w, cal, officers }
}

pub(crate) fn officer(s: &Setup) -> Principal {
    principal(Role::Officer, Some(s.w.market), DataScope::OwnDepartment)
}
pub(crate) fn head(s: &Setup) -> Principal {
    principal(Role::DeptAdmin, Some(s.w.market), DataScope::DepartmentTree)
}
fn reviewer(s: &Setup) -> Principal {
    principal(
        Role::LegalReviewer,
        Some(s.w.market),
        DataScope::DepartmentTree,
    )
}

pub(crate) fn lead(s: &Setup, party: PartyKind, on: &str) -> NewLead {
    NewLead {
        department_id: s.w.market,
        procedure: Procedure::General,
        source: Source::Inspection,
        source_ref: "JC-2024-001".into(),
        inspection_id: None,
        power_code: POWER.into(),
        violation: VIOLATION.into(),
        party_kind: party,
        party_name: if party == PartyKind::Citizen {
            "张三丰".into()
        } else {
            "天津滨海示例食品有限公司".into()
        },
        party_code: "91120116MA05K0R11N".into(),
        party_address: "天津市滨海新区示例路1号".into(),
        party_representative: "李四".into(),
        facts: "检查发现其销售的食品不符合食品安全标准。".into(),
        lead_on: d(on),
        circumstances: Circumstances::default(),
    }
}

pub(crate) fn serious() -> Circumstances {
    Circumstances {
        harm: HarmLevel::Serious,
        ..Circumstances::default()
    }
}

pub(crate) fn fine(fen: i64, tier: &str) -> Proposal {
    Proposal {
        fine_fen: fen,
        tier: tier.into(),
        ..Proposal::default()
    }
}

async fn steps(s: &Setup, id: i64) -> usize {
    queries::get_case(&s.w.db, &head(s), id)
        .await
        .expect("case")
        .steps
        .len()
}

/// Files and investigates a case led on `on` (two officers with valid cards).
pub(crate) async fn investigating(s: &Setup, party: PartyKind, on: &str) -> i64 {
    let id = create_lead(
        &s.w.db,
        &officer(s),
        &s.cal,
        crate::support::corpus(),
        &lead(s, party, on),
    )
    .await
    .expect("lead");
    act(
        &s.w.db,
        &head(s),
        &s.cal,
        id,
        d(on),
        Step::File {
            note: "同意立案".into(),
        },
    )
    .await
    .expect("file");
    act(
        &s.w.db,
        &officer(s),
        &s.cal,
        id,
        d(on),
        Step::Investigate {
            officers: vec![s.officers[0], s.officers[1]],
        },
    )
    .await
    .expect("investigate");
    id
}

#[tokio::test]
async fn a_case_runs_from_lead_to_archive_with_its_statutory_deadlines() {
    let s = setup().await;
    // Lead on Friday 2024-09-27: 15 working days (市场监督管理行政处罚程序规定 第十八条)
    // skip the National Day holiday (10-01..10-07) and count the adjusted Saturday 10-12.
    let id = create_lead(
        &s.w.db,
        &officer(&s),
        &s.cal,
        crate::support::corpus(),
        &lead(&s, PartyKind::Organisation, "2024-09-27"),
    )
    .await
    .expect("lead");
    let c = queries::get_case(&s.w.db, &head(&s), id)
        .await
        .expect("case")
        .case;
    assert_eq!(c.stage, Stage::Lead);
    assert_eq!(
        c.filing_due,
        Some(d("2024-10-23")),
        "filing: 15 working days across National Day"
    );
    assert!(
        c.case_no.starts_with("津滨") && c.case_no.contains("立〔2024〕1号"),
        "{}",
        c.case_no
    );
    // 第六十条: 90 calendar days from filing on 2024-09-29 (an adjusted working Sunday).
    let c = act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2024-09-29"),
        Step::File {
            note: "同意立案".into(),
        },
    )
    .await
    .expect("file");
    assert_eq!(
        c.decision_due,
        Some(d("2024-12-28") + Duration::days(2)),
        "90 days, Saturday 12-28 rolls to Monday 12-30"
    );
    act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-09-29"),
        Step::Investigate {
            officers: vec![s.officers[0], s.officers[1]],
        },
    )
    .await
    .expect("investigate");
    let digest = add_evidence(
        &s.w.db,
        &officer(&s),
        id,
        "现场检查笔录",
        "笔录",
        "text/plain",
        "笔录内容".as_bytes(),
        d("2024-09-29"),
    )
    .await
    .expect("evidence");
    assert_eq!(digest, fazhi_core::audit::sm3_hex("笔录内容".as_bytes()));
    act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-09-30"),
        Step::Review {
            facts: "查明销售不合格食品。".into(),
            circumstances: serious(),
            proposal: fine(2_500_000, "一般"),
        },
    )
    .await
    .expect("review");
    // Notice on Monday 2024-09-30: 5 working days (第六十四条（一）, 第八十五条) run past National Day.
    let c = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-09-30"),
        Step::Notify {
            waived: false,
            hearing_waived: false,
        },
    )
    .await
    .expect("notify");
    assert_eq!(
        c.statement_due,
        Some(d("2024-10-12")),
        "the adjusted working Saturday 10-12 counts"
    );
    assert!(
        !c.hearing_right,
        "25,000 yuan for an organisation is below the large-amount threshold"
    );
    let c = act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2024-10-14"),
        Step::Decide { proposal: None },
    )
    .await
    .expect("decide");
    assert_eq!(c.stage, Stage::Decided);
    assert!(
        c.decision_no
            .as_deref()
            .is_some_and(|n| n.contains("罚〔2024〕1号")),
        "{:?}",
        c.decision_no
    );
    // 第六十一条: 7 working days; 国办发〔2018〕118号: disclosure within 7 working days.
    assert_eq!(c.service_due, Some(d("2024-10-23")));
    assert_eq!(c.disclosure_due, Some(d("2024-10-23")));
    let c = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-10-15"),
        Step::Serve {
            method: ServiceMethod::Direct,
            receiver: "李四".into(),
        },
    )
    .await
    .expect("serve");
    // 第六十七条 第三款: 15 calendar days from receipt.
    assert_eq!(c.payment_due, Some(d("2024-10-30")));
    disclosure::publish(&s.w.db, &head(&s), &s.cal, id, d("2024-10-16"))
        .await
        .expect("publish");
    // Paid 10 days late: 3% a day on 25,000 yuan = 7,500 yuan surcharge (第七十二条).
    let short = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-11-09"),
        Step::Execute {
            paid_fen: 2_500_000,
            mode: ExecutionMode::Paid,
        },
    )
    .await
    .expect_err("surcharge unpaid");
    assert_eq!(short.code(), "cases.payment_short");
    let c = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-11-09"),
        Step::Execute {
            paid_fen: 3_250_000,
            mode: ExecutionMode::Paid,
        },
    )
    .await
    .expect("execute");
    assert_eq!(c.surcharge_fen, 750_000);
    act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2024-11-10"),
        Step::Close {
            note: "执行完毕".into(),
        },
    )
    .await
    .expect("close");
    let c = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-11-11"),
        Step::Archive,
    )
    .await
    .expect("archive");
    assert_eq!(c.stage, Stage::Archived);
    let file = queries::get_case(&s.w.db, &head(&s), id)
        .await
        .expect("file");
    let actions: Vec<&str> = file.steps.iter().map(|s| s.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "lead",
            "file",
            "investigate",
            "evidence",
            "review",
            "notify",
            "decide",
            "serve",
            "disclose",
            "execute",
            "close",
            "archive"
        ]
    );
    assert!(
        file.steps.iter().any(|s| s.digests.contains(&digest)),
        "the evidence digest is on the timeline"
    );
    assert!(
        file.tasks.iter().all(|t| t.status != "open"),
        "no task left open after archiving"
    );
    // Whole-process record: every step is an audit event of the case.
    let events: i64 = sqlx::query_scalar::<_, i64>("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE object_type = 'case' AND object_id = $1")
        .bind(id.to_string())
        .fetch_one(s.w.db.pool())
        .await
        .expect("count");
    assert_eq!(events, 12);
}

#[tokio::test]
async fn bad_transitions_are_refused_with_their_article_and_change_nothing() {
    let s = setup().await;
    // 第四十二条: a single officer, or an officer whose card expired, cannot investigate.
    let id = create_lead(
        &s.w.db,
        &officer(&s),
        &s.cal,
        crate::support::corpus(),
        &lead(&s, PartyKind::Organisation, "2024-03-01"),
    )
    .await
    .expect("lead");
    act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2024-03-01"),
        Step::File {
            note: "立案".into(),
        },
    )
    .await
    .expect("file");
    let before = steps(&s, id).await;
    let e = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-03-02"),
        Step::Investigate {
            officers: vec![s.officers[0]],
        },
    )
    .await
    .expect_err("one officer");
    assert_eq!(e.code(), "cases.too_few_officers");
    assert!(e.message_zh().contains("第四十二条"), "{}", e.message_zh());
    let e = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-03-02"),
        Step::Investigate {
            officers: vec![s.officers[0], s.officers[2]],
        },
    )
    .await
    .expect_err("expired card");
    assert_eq!(e.code(), "cases.card_invalid");
    // An officer of another body cannot be named on the team.
    let e = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-03-02"),
        Step::Investigate {
            officers: vec![s.officers[0], s.officers[3]],
        },
    )
    .await
    .expect_err("foreign officer");
    assert_eq!(e.code(), "cases.officer_foreign");
    // Serving before deciding (第六十一条).
    let e = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-03-02"),
        Step::Serve {
            method: ServiceMethod::Direct,
            receiver: "x".into(),
        },
    )
    .await
    .expect_err("serve");
    assert_eq!(e.code(), "cases.not_decided");
    let c = queries::get_case(&s.w.db, &head(&s), id)
        .await
        .expect("case");
    assert_eq!(c.case.stage, Stage::Filed);
    assert_eq!(c.steps.len(), before, "refusals record nothing");
    assert_eq!(c.tasks.iter().filter(|t| t.status == "open").count(), 1);

    // Deciding before the notice (第四十四条、第六十二条).
    let id = investigating(&s, PartyKind::Organisation, "2024-03-04").await;
    act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-03-05"),
        Step::Review {
            facts: "查明。".into(),
            circumstances: serious(),
            proposal: fine(1_000_000, "较轻"),
        },
    )
    .await
    .expect("review");
    let before = steps(&s, id).await;
    let e = act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2024-03-06"),
        Step::Decide { proposal: None },
    )
    .await
    .expect_err("no notice");
    assert_eq!(e.code(), "cases.notice_missing");
    assert!(e.message_zh().contains("第四十四条"), "{}", e.message_zh());
    assert_eq!(steps(&s, id).await, before);
    // The wrong role: a legal reviewer cannot decide, an officer cannot approve filing.
    let e = act(
        &s.w.db,
        &reviewer(&s),
        &s.cal,
        id,
        d("2024-03-06"),
        Step::Decide { proposal: None },
    )
    .await
    .expect_err("reviewer decides");
    assert_eq!(e.code(), "forbidden");
    // Another body's head sees nothing.
    let other = principal(Role::DeptAdmin, Some(s.w.safety), DataScope::DepartmentTree);
    let e = act(
        &s.w.db,
        &other,
        &s.cal,
        id,
        d("2024-03-06"),
        Step::Notify {
            waived: false,
            hearing_waived: false,
        },
    )
    .await
    .expect_err("other body");
    assert_eq!(e.code(), "not_found");
    // A step dated in the future or before the previous one.
    let e = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        today() + Duration::days(1),
        Step::Notify {
            waived: false,
            hearing_waived: false,
        },
    )
    .await
    .expect_err("future");
    assert_eq!(e.code(), "cases.date_future");
}

#[tokio::test]
async fn a_large_fine_gives_a_hearing_and_then_a_compulsory_legal_review() {
    let s = setup().await;
    // 第六十三条: 20,000 yuan for a citizen is a large fine (default threshold 10,000 yuan).
    let id = investigating(&s, PartyKind::Citizen, "2024-05-06").await;
    act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-05-07"),
        Step::Review {
            facts: "查明。".into(),
            circumstances: serious(),
            proposal: fine(2_000_000, "一般"),
        },
    )
    .await
    .expect("review");
    let c = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-05-08"),
        Step::Notify {
            waived: false,
            hearing_waived: false,
        },
    )
    .await
    .expect("notify");
    assert!(c.hearing_right);
    assert_eq!(
        c.hearing_request_due,
        Some(d("2024-05-14")),
        "Labour Day: the adjusted working Saturday 05-11 counts"
    );
    // Deciding inside the five working days of 第六十四条（一） would take the right away.
    let e = act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2024-05-10"),
        Step::Decide { proposal: None },
    )
    .await
    .expect_err("window open");
    assert_eq!(e.code(), "cases.hearing_window_open");
    act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-05-13"),
        Step::RequestHearing,
    )
    .await
    .expect("request");
    // A requested hearing must be held before deciding (第六十三条、第六十五条).
    let e = act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2024-05-20"),
        Step::Decide { proposal: None },
    )
    .await
    .expect_err("hearing not held");
    assert_eq!(e.code(), "cases.hearing_not_held");
    let c = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-05-22"),
        Step::HoldHearing {
            note: "听证笔录".into(),
            notified_on: None,
        },
    )
    .await
    .expect("hearing");
    // 第五十八条（二）: major rights after a hearing — legal review is now compulsory.
    assert!(c.legal_review_required);
    let e = act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2024-05-23"),
        Step::Decide { proposal: None },
    )
    .await
    .expect_err("no legal review");
    assert_eq!(e.code(), "cases.legal_review_missing");
    let e = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-05-23"),
        Step::LegalReview {
            passed: true,
            opinion: "x".into(),
        },
    )
    .await
    .expect_err("officer reviews");
    assert_eq!(e.code(), "forbidden");
    act(
        &s.w.db,
        &reviewer(&s),
        &s.cal,
        id,
        d("2024-05-24"),
        Step::LegalReview {
            passed: true,
            opinion: "事实清楚，证据充分，同意。".into(),
        },
    )
    .await
    .expect("legal review");
    let c = act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2024-05-27"),
        Step::Decide { proposal: None },
    )
    .await
    .expect("decide");
    assert_eq!(c.stage, Stage::Decided);
    // A hearing request after the five working days is refused.
    let id = investigating(&s, PartyKind::Citizen, "2024-05-06").await;
    act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-05-07"),
        Step::Review {
            facts: "查明。".into(),
            circumstances: serious(),
            proposal: fine(2_000_000, "一般"),
        },
    )
    .await
    .expect("review");
    act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-05-08"),
        Step::Notify {
            waived: false,
            hearing_waived: false,
        },
    )
    .await
    .expect("notify");
    let e = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-05-16"),
        Step::RequestHearing,
    )
    .await
    .expect_err("late request");
    assert_eq!(e.code(), "cases.hearing_request_late");
}

#[tokio::test]
async fn discretion_outside_the_tier_needs_a_reason_and_a_legal_review() {
    let s = setup().await;
    let id = investigating(&s, PartyKind::Organisation, "2024-06-03").await;
    // 40,000 yuan is outside 一般 (20,000–35,000) but inside the legal range (第三十四条).
    let e = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-06-04"),
        Step::Review {
            facts: "查明。".into(),
            circumstances: serious(),
            proposal: fine(4_000_000, "一般"),
        },
    )
    .await
    .expect_err("no reason");
    assert_eq!(e.code(), "leniency.reason_required");
    // Above the legal maximum: refused whatever the reason.
    let mut p = fine(6_000_000, "较重");
    p.out_of_tier_reason = "情节特别严重".into();
    let e = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-06-04"),
        Step::Review {
            facts: "查明。".into(),
            circumstances: serious(),
            proposal: p,
        },
    )
    .await
    .expect_err("above legal maximum");
    assert_eq!(e.code(), "leniency.outside_legal_range");
    let mut p = fine(4_000_000, "一般");
    p.out_of_tier_reason = "货值较大，社会影响恶劣".into();
    let c = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-06-04"),
        Step::Review {
            facts: "查明。".into(),
            circumstances: serious(),
            proposal: p,
        },
    )
    .await
    .expect("review with reason");
    assert_eq!(c.tier_check, "outside_tier");
    assert!(c.legal_review_required);
    assert!(c.legal_review_grounds.iter().any(|g| g == "out_of_tier"));
    let open = queries::get_case(&s.w.db, &head(&s), id)
        .await
        .expect("case")
        .tasks;
    assert!(
        open.iter()
            .any(|t| t.status == "open" && t.queue == "legal"),
        "the case waits in the legal review queue"
    );
}

#[tokio::test]
async fn first_violations_may_go_unpunished_and_a_penalty_then_needs_reason_and_review() {
    let s = setup().await;
    let first = Circumstances {
        first_violation: true,
        harm: HarmLevel::Slight,
        corrected_in_time: true,
        ..Circumstances::default()
    };
    // 第三十三条 第一款 (second sentence): a penalty without a reason is refused.
    let id = investigating(&s, PartyKind::Organisation, "2024-07-01").await;
    let e = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-07-02"),
        Step::Review {
            facts: "查明。".into(),
            circumstances: first.clone(),
            proposal: fine(600_000, "较轻"),
        },
    )
    .await
    .expect_err("no reason");
    assert_eq!(e.code(), "cases.penalty_reason_missing");
    let mut p = fine(600_000, "较轻");
    p.penalty_reason = "拒不配合调查".into();
    let c = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-07-02"),
        Step::Review {
            facts: "查明。".into(),
            circumstances: first.clone(),
            proposal: p,
        },
    )
    .await
    .expect("penalty with reason");
    assert!(
        c.legal_review_required
            && c.legal_review_grounds
                .iter()
                .any(|g| g == "penalty_despite_leniency")
    );
    // Not punishing: no notice is needed (第四十四条 concerns intended penalties); the head decides.
    let id = investigating(&s, PartyKind::Organisation, "2024-07-01").await;
    act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-07-02"),
        Step::Review {
            facts: "查明。".into(),
            circumstances: first.clone(),
            proposal: Proposal {
                no_penalty: true,
                ..Proposal::default()
            },
        },
    )
    .await
    .expect("no penalty");
    let c = act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2024-07-03"),
        Step::Decide { proposal: None },
    )
    .await
    .expect("decide no penalty");
    assert_eq!(c.outcome.as_str(), "no_penalty");
    assert_eq!(c.disclosure_status.as_str(), "not_required");
    assert_eq!(c.leniency_outcome, "may_waive");
    // 第三十三条 第一款 (first sentence): minor, corrected, no harm — a penalty is unlawful.
    let id = investigating(&s, PartyKind::Organisation, "2024-07-01").await;
    let none = Circumstances {
        minor_violation: true,
        corrected_in_time: true,
        harm: HarmLevel::None,
        ..Circumstances::default()
    };
    let mut p = fine(600_000, "较轻");
    p.penalty_reason = "无".into();
    let e = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-07-02"),
        Step::Review {
            facts: "查明。".into(),
            circumstances: none,
            proposal: p,
        },
    )
    .await
    .expect_err("forbidden penalty");
    assert_eq!(e.code(), "cases.penalty_forbidden");
    assert!(e.message_zh().contains("art_33"), "{}", e.message_zh());
}

#[tokio::test]
async fn the_summary_procedure_is_limited_to_small_fines_and_two_officers() {
    let s = setup().await;
    let mut l = lead(&s, PartyKind::Citizen, "2024-08-05");
    l.procedure = Procedure::Summary;
    let id = create_lead(&s.w.db, &officer(&s), &s.cal, crate::support::corpus(), &l)
        .await
        .expect("lead");
    // 第四十四条、第六十二条: not without telling and hearing the party on the spot.
    let e = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-08-05"),
        Step::DecideOnSpot {
            officers: vec![s.officers[0], s.officers[1]],
            proposal: Proposal {
                warning: true,
                ..Proposal::default()
            },
            heard: false,
        },
    )
    .await
    .expect_err("not told on the spot (art. 44, 62)");
    assert_eq!(e.code(), "cases.notice_missing");
    // 第五十一条: 200 yuan for a citizen at most.
    let e = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-08-05"),
        Step::DecideOnSpot {
            officers: vec![s.officers[0], s.officers[1]],
            proposal: Proposal {
                fine_fen: 20_001,
                tier: "较轻".into(),
                ..Proposal::default()
            },
            heard: true,
        },
    )
    .await
    .expect_err("over 200 yuan");
    assert_eq!(e.code(), "cases.summary_not_allowed");
    let e = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-08-05"),
        Step::DecideOnSpot {
            officers: vec![s.officers[0]],
            proposal: Proposal {
                warning: true,
                ..Proposal::default()
            },
            heard: true,
        },
    )
    .await
    .expect_err("one officer");
    assert_eq!(e.code(), "cases.too_few_officers");
    let c = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-08-05"),
        Step::DecideOnSpot {
            officers: vec![s.officers[0], s.officers[1]],
            proposal: Proposal {
                warning: true,
                ..Proposal::default()
            },
            heard: true,
        },
    )
    .await
    .expect("warning on the spot");
    assert_eq!(c.stage, Stage::Decided);
    assert_eq!(c.procedure, Procedure::Summary);
    assert!(c.decision_no.is_some());
    assert!(c.spot_notice_given);
}

#[tokio::test]
async fn disclosures_mask_citizens_flag_lateness_and_withdraw() {
    let s = setup().await;
    let id = investigating(&s, PartyKind::Citizen, "2024-04-01").await;
    act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-04-02"),
        Step::Review {
            facts: "查明。".into(),
            circumstances: serious(),
            proposal: fine(600_000, "较轻"),
        },
    )
    .await
    .expect("review");
    act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-04-02"),
        Step::Notify {
            waived: true,
            hearing_waived: true,
        },
    )
    .await
    .expect("notify");
    let c = act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2024-04-03"),
        Step::Decide { proposal: None },
    )
    .await
    .expect("decide");
    // 7 working days from 2024-04-03 skip Qingming (04-04..06) and count the adjusted Sunday 04-07.
    assert_eq!(c.disclosure_due, Some(d("2024-04-15")));
    let overdue = disclosure::overdue(&s.w.db, &head(&s), d("2024-04-16"))
        .await
        .expect("overdue");
    assert!(
        overdue.iter().any(|o| o.case_id == id),
        "unpublished past its due day is flagged"
    );
    disclosure::publish(&s.w.db, &head(&s), &s.cal, id, d("2024-04-16"))
        .await
        .expect("publish late");
    let (_, rows) = disclosure::list_public(&s.w.db, BINHAI_REGION, "", 1)
        .await
        .expect("list");
    let row = rows.iter().find(|r| r.case_id == id).expect("published");
    assert_eq!(row.content.party, "张某某", "a citizen's name is masked");
    assert!(
        row.content.party_code.is_empty(),
        "a citizen's number is not published"
    );
    assert!(!row.on_time);
    let e = disclosure::withdraw(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2024-05-06"),
        d("2024-05-07"),
        " ",
    )
    .await
    .expect_err("no reason");
    assert_eq!(e.code(), "cases.withdraw_reason");
    disclosure::withdraw(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2024-05-06"),
        d("2024-05-07"),
        "复议决定撤销原处罚决定",
    )
    .await
    .expect("withdraw");
    let (_, rows) = disclosure::list_public(&s.w.db, BINHAI_REGION, "", 1)
        .await
        .expect("list");
    let row = rows.iter().find(|r| r.case_id == id).expect("still listed");
    assert_eq!(row.status, "withdrawn");
    assert_eq!(row.withdraw_reason, "复议决定撤销原处罚决定");
}

#[tokio::test]
async fn yearly_figures_are_counts_of_the_records() {
    let s = setup().await;
    let before = queries::stats(&s.w.db, BINHAI_REGION, 2024)
        .await
        .expect("stats");
    let id = investigating(&s, PartyKind::Organisation, "2024-02-01").await;
    act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-02-02"),
        Step::Review {
            facts: "查明。".into(),
            circumstances: serious(),
            proposal: fine(600_000, "较轻"),
        },
    )
    .await
    .expect("review");
    act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-02-02"),
        Step::Notify {
            waived: true,
            hearing_waived: true,
        },
    )
    .await
    .expect("notify");
    act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2024-02-05"),
        Step::Decide { proposal: None },
    )
    .await
    .expect("decide");
    let after = queries::stats(&s.w.db, BINHAI_REGION, 2024)
        .await
        .expect("stats");
    assert_eq!(after.cases_filed, before.cases_filed + 1);
    assert_eq!(after.cases_decided, before.cases_decided + 1);
    assert_eq!(after.by_procedure.general, before.by_procedure.general + 1);
    assert_eq!(after.disclosures.pending, before.disclosures.pending + 1);
    assert_eq!(after.fines_fen, before.fines_fen + 600_000);
    // Lists and figures respect the scope: the safety body sees none of it.
    let other = principal(Role::Officer, Some(s.w.safety), DataScope::OwnDepartment);
    let (n, _) = queries::list_cases(&s.w.db, &other, &CaseQuery::default())
        .await
        .expect("list");
    assert_eq!(n, 0);
    let e = queries::stats_for(&s.w.db, &other, 2024)
        .await
        .expect_err("not district scope");
    assert_eq!(e.code(), "forbidden");
    let (n, _) = queries::list_cases(&s.w.db, &head(&s), &CaseQuery::default())
        .await
        .expect("list");
    assert_eq!(n, 1);
}

#[tokio::test]
async fn only_sanctions_the_penalising_provision_provides_can_be_proposed() {
    let s = setup().await;
    // 第四条: the penalty must be provided by law. Make the item's provision fine-only.
    sqlx::query("UPDATE power_items SET body = REPLACE(body, '\"warning\":true', '\"warning\":false') WHERE code = $1")
        .bind(POWER)
        .execute(s.w.db.pool())
        .await
        .expect("update");
    let id = investigating(&s, PartyKind::Organisation, "2024-09-02").await;
    let e = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-09-03"),
        Step::Review {
            facts: "查明。".into(),
            circumstances: serious(),
            proposal: Proposal {
                warning: true,
                ..Proposal::default()
            },
        },
    )
    .await
    .expect_err("warning not provided");
    assert_eq!(e.code(), "cases.sanction_not_provided");
    assert!(e.message_zh().contains("第四条"), "{}", e.message_zh());
    // A fine inside the tier is fine.
    act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-09-03"),
        Step::Review {
            facts: "查明。".into(),
            circumstances: serious(),
            proposal: fine(1_000_000, "较轻"),
        },
    )
    .await
    .expect("fine");
}

#[tokio::test]
async fn a_review_passed_before_the_hearing_is_done_again_after_it() {
    let s = setup().await;
    // Out of tier (reviewed before the notice), then a large fine for a citizen with a hearing:
    // 第五十八条（二） asks for the review of a case that went through the hearing.
    let id = investigating(&s, PartyKind::Citizen, "2024-06-03").await;
    let mut p = fine(4_000_000, "一般");
    p.out_of_tier_reason = "情节严重".into();
    act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-06-04"),
        Step::Review {
            facts: "查明。".into(),
            circumstances: serious(),
            proposal: p,
        },
    )
    .await
    .expect("review");
    act(
        &s.w.db,
        &reviewer(&s),
        &s.cal,
        id,
        d("2024-06-05"),
        Step::LegalReview {
            passed: true,
            opinion: "同意".into(),
        },
    )
    .await
    .expect("first review");
    act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-06-06"),
        Step::Notify {
            waived: false,
            hearing_waived: false,
        },
    )
    .await
    .expect("notify");
    act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-06-07"),
        Step::RequestHearing,
    )
    .await
    .expect("request");
    let c = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-06-14"),
        Step::HoldHearing {
            note: "听证笔录".into(),
            notified_on: None,
        },
    )
    .await
    .expect("hearing");
    assert_eq!(
        c.legal_review_result.as_str(),
        "",
        "the earlier review no longer counts"
    );
    let e = act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2024-06-17"),
        Step::Decide { proposal: None },
    )
    .await
    .expect_err("review after hearing missing");
    assert_eq!(e.code(), "cases.legal_review_missing");
    let file = queries::get_case(&s.w.db, &head(&s), id)
        .await
        .expect("file");
    assert!(
        file.tasks
            .iter()
            .any(|t| t.status == "open" && t.queue == "legal"),
        "back in the legal queue"
    );
    // Extending the period keeps the open task open and moves its date.
    let c = act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2024-06-17"),
        Step::Extend {
            days: 30,
            reason: "听证后需补充审核".into(),
        },
    )
    .await
    .expect("extend");
    let file = queries::get_case(&s.w.db, &head(&s), id)
        .await
        .expect("file");
    let open: Vec<_> = file.tasks.iter().filter(|t| t.status == "open").collect();
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(
        open[0].due_on.as_deref(),
        c.decision_due.map(|d| d.to_string()).as_deref()
    );
}

/// A citizen fined 20,000 yuan (a hearing right under 第六十三条), notified on 2024-05-08:
/// the request window of 第六十四条（一） runs to 2024-05-14.
async fn notified_with_hearing_right(s: &Setup, waived: bool, hearing_waived: bool) -> i64 {
    let id = investigating(s, PartyKind::Citizen, "2024-05-06").await;
    act(
        &s.w.db,
        &officer(s),
        &s.cal,
        id,
        d("2024-05-07"),
        Step::Review {
            facts: "查明。".into(),
            circumstances: serious(),
            proposal: fine(2_000_000, "一般"),
        },
    )
    .await
    .expect("review");
    let c = act(
        &s.w.db,
        &officer(s),
        &s.cal,
        id,
        d("2024-05-08"),
        Step::Notify {
            waived,
            hearing_waived,
        },
    )
    .await
    .expect("notify");
    assert_eq!(c.hearing_request_due, Some(d("2024-05-14")));
    id
}

/// 行政处罚法 第六十四条 第（一）项 ("告知后五日内提出") and 第六十三条: a request made on the
/// last day of the window is timely although a collective discussion was held meanwhile (the
/// stage is no longer `notified`); the hearing is then held. A request after the window, or
/// after the decision, is late.
#[tokio::test]
async fn hearing_request_judged_by_its_date_not_the_stage_xzcf_art64() {
    let s = setup().await;
    let id = notified_with_hearing_right(&s, false, false).await;
    let c = act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2024-05-09"),
        Step::Discuss {
            note: "集体讨论同意拟处罚意见".into(),
        },
    )
    .await
    .expect("discuss");
    assert_eq!(c.stage, Stage::CollectiveDiscussion);
    let c = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-05-14"),
        Step::RequestHearing,
    )
    .await
    .expect("a request on the last day of the window is timely");
    assert!(c.hearing_requested);
    let who = officer(&s);
    assert!(
        available_steps(&c, &who)
            .iter()
            .any(|x| x.kind == StepKind::HoldHearing),
        "the hearing is offered after the discussion"
    );
    // 第六十四条（二）: the hearing comes at least seven working days after the party is told
    // its time and place.
    let e = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-05-20"),
        Step::HoldHearing {
            note: "听证笔录".into(),
            notified_on: Some(d("2024-05-14")),
        },
    )
    .await
    .expect_err("notice too short");
    assert_eq!(e.code(), "cases.hearing_notice_short");
    act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-05-23"),
        Step::HoldHearing {
            note: "听证笔录".into(),
            notified_on: Some(d("2024-05-14")),
        },
    )
    .await
    .expect("hearing held");

    // One day after the window: late, whatever the stage.
    let late = notified_with_hearing_right(&s, false, false).await;
    let e = act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        late,
        d("2024-05-15"),
        Step::RequestHearing,
    )
    .await
    .expect_err("late");
    assert_eq!(e.code(), "cases.hearing_request_late");
}

/// 行政处罚法 第六十二条 ("当事人明确放弃陈述或者申辩权利的除外") covers 陈述、申辩 only; the
/// hearing right (第六十三条, 第六十四条（一）) is waived only expressly and separately. With
/// the statement waived alone, the head cannot decide inside the five working days; with the
/// hearing waived too, the decision may follow the notice.
#[tokio::test]
async fn statement_waiver_is_not_a_hearing_waiver_xzcf_art62_art63() {
    let s = setup().await;
    let id = notified_with_hearing_right(&s, true, false).await;
    let e = act(
        &s.w.db,
        &head(&s),
        &s.cal,
        id,
        d("2024-05-10"),
        Step::Decide { proposal: None },
    )
    .await
    .expect_err("hearing window still open");
    assert_eq!(e.code(), "cases.hearing_window_open");
    // The party may still ask for the hearing inside the window.
    act(
        &s.w.db,
        &officer(&s),
        &s.cal,
        id,
        d("2024-05-13"),
        Step::RequestHearing,
    )
    .await
    .expect("request after a statement waiver");

    let waived = notified_with_hearing_right(&s, true, true).await;
    let c = queries::get_case(&s.w.db, &head(&s), waived)
        .await
        .expect("case")
        .case;
    assert!(c.hearing_waived && c.statement_waived);
    let e = act(
        &s.w.db,
        &head(&s),
        &s.cal,
        waived,
        d("2024-05-09"),
        Step::Decide { proposal: None },
    )
    .await;
    // Only the window is lifted: a compulsory legal review or discussion may still be due.
    if let Err(e) = e {
        assert_ne!(e.code(), "cases.hearing_window_open", "{e}");
    }
}
