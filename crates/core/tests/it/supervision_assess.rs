//! Supervision assessment on the real storage: indicators that move with the records, the
//! monthly assessment under a versioned scheme, ranking and the interview list, every alert rule
//! firing and not firing, the instrument lifecycle with its working-day deadline, bulletins, and
//! permissions and data scope.

use chrono::NaiveDate;
use fazhi_core::BINHAI_REGION;
use fazhi_core::audit::{Actor, AuditedTx};
use fazhi_core::auth::{DataScope, Principal, Role};
use fazhi_core::calendar::{HolidayCalendar, load_calendar, seed_calendar};
use fazhi_core::db::Db;
use fazhi_core::org::{NewCard, NewOfficer, insert_officer};
use fazhi_core::supervision::assessment::alerts::{self, AlertKind, AlertQuery, Severity};
use fazhi_core::supervision::assessment::indicators::{self, Indicator};
use fazhi_core::supervision::assessment::instruments::{
    self, InstrumentKind, InstrumentStatus, NewInstrument,
};
use fazhi_core::supervision::assessment::interviews::{self, FollowUp, InterviewStatus};
use fazhi_core::supervision::assessment::scheme::{self, NewScheme};
use fazhi_core::supervision::assessment::{Month, bulletin, monthly};

use crate::support::{World, idn, principal, world};

fn d(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

fn m(s: &str) -> Month {
    Month::parse(s).expect("month")
}

struct Setup {
    w: World,
    cal: HolidayCalendar,
    /// market: valid, valid, expired in 2023; market unit: valid; safety: valid, valid.
    o: Vec<i64>,
}

async fn setup() -> Setup {
    let w = world().await;
    seed_calendar(&w.db).await.expect("calendar");
    let cal = load_calendar(&w.db).await.expect("load");
    let mut tx = AuditedTx::begin(&w.db, Actor::system("test"))
        .await
        .expect("tx");
    let mut o = Vec::new();
    for (i, (dept, until)) in [
        (w.market, "2030-12-31"),
        (w.market, "2030-12-31"),
        (w.market, "2023-12-31"),
        (w.market_unit, "2030-12-31"),
        (w.safety, "2030-12-31"),
        (w.safety, "2030-12-31"),
    ]
    .into_iter()
    .enumerate()
    {
        o.push(
            insert_officer(
                &mut tx,
                BINHAI_REGION,
                &NewOfficer {
                    department_id: dept,
                    name: format!("监督测试员{i}"),
                    id_number: idn(500 + i as u16),
                    posts: vec![],
                    card: Some(NewCard {
                        card_no: format!("S{i:04}"),
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
    for (code, cat, dept) in [
        ("CF00100001", "CF", w.market),
        ("JC00100001", "JC", w.market),
        ("CF00200001", "CF", w.safety),
    ] {
        sqlx::query(
            "INSERT INTO power_items (region_code, code, name, category, department_id, status, body, created_at, updated_at) \
             VALUES ($1, $2, '事项', $3, $4, 'active', '{}', 0, 0)",
        )
        .bind(BINHAI_REGION)
        .bind(code)
        .bind(cat)
        .bind(dept)
        .execute(tx.conn())
        .await
        .expect("item");
    }
    tx.commit().await.expect("commit");
    Setup { w, cal, o }
}

fn supervisor() -> Principal {
    principal(Role::Supervisor, None, DataScope::District)
}
fn head(s: &Setup) -> Principal {
    principal(Role::DeptAdmin, Some(s.w.market), DataScope::DepartmentTree)
}
fn safety_head(s: &Setup) -> Principal {
    principal(Role::DeptAdmin, Some(s.w.safety), DataScope::DepartmentTree)
}

/// A case row with the given columns set (test data straight into the table).
async fn case(db: &Db, dept: i64, no: &str, lead_on: &str, sets: &[(&str, &str)]) -> i64 {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO cases (region_code, case_no, department_id, procedure, stage, status, source, party_kind, party_name, \
         lead_on, power_code, created_at, updated_at) VALUES ($1, $2, $3, 'general', 'lead', 'open', 'inspection', 'organisation', \
         '示例公司', $4, 'CF00100001', 0, 0) RETURNING id",
    )
    .bind(BINHAI_REGION)
    .bind(no)
    .bind(dept)
    .bind(lead_on)
    .fetch_one(db.pool())
    .await
    .expect("case");
    for (col, v) in sets {
        let int = matches!(*col, "legal_review_required");
        let q = sqlx::AssertSqlSafe(format!("UPDATE cases SET {col} = $1 WHERE id = $2"));
        let q = sqlx::query(q);
        let q = if int {
            q.bind(v.parse::<i64>().expect("int"))
        } else {
            q.bind(v.to_string())
        };
        q.bind(id).execute(db.pool()).await.expect("set");
    }
    id
}

async fn step(db: &Db, case_id: i64, on: &str, officers: &[i64]) {
    sqlx::query(
        "INSERT INTO case_steps (region_code, case_id, at, on_date, actor, action, from_stage, to_stage, officers) \
         VALUES ($1, $2, 0, $3, 'test', 'investigate', 'filed', 'investigating', $4)",
    )
    .bind(BINHAI_REGION)
    .bind(case_id)
    .bind(on)
    .bind(serde_json::to_string(officers).expect("json"))
    .execute(db.pool())
    .await
    .expect("step");
}

/// An inspection carried out on `on`, with or without certificate and arrival scan.
async fn inspection(
    db: &Db,
    dept: i64,
    subject: &str,
    on: &str,
    officers: &[i64],
    cert: bool,
    scan: bool,
) -> i64 {
    let no = format!("JC-{}", rand_no());
    let offs: Vec<serde_json::Value> = officers
        .iter()
        .map(|o| serde_json::json!({"id": o, "domain": "食品安全"}))
        .collect();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO inspections (region_code, inspection_no, ground, department_id, departments, subject_code, subject_name, \
         matters, officers, window_start, window_end, inspected_on, created_at, updated_at) \
         VALUES ($1, $2, 'campaign', $3, $4, $5, $6, '[\"JC00100001\"]', $7, $8, $8, $8, 0, 0) RETURNING id",
    )
    .bind(BINHAI_REGION)
    .bind(no.clone())
    .bind(dept)
    .bind(format!("[{dept}]"))
    .bind(subject)
    .bind(format!("企业{subject}"))
    .bind(serde_json::Value::Array(offs).to_string())
    .bind(on)
    .fetch_one(db.pool())
    .await
    .expect("inspection");
    if cert {
        sqlx::query(
            "INSERT INTO inspection_certificates (region_code, cert_no, inspection_id, department_id, subject_code, kid, token, \
             valid_from, valid_until, month, issued_at, status, arrived_at) VALUES ($1, $2, $3, $4, $5, 'k', 't', 0, 0, $6, 0, 'issued', $7)",
        )
        .bind(BINHAI_REGION)
        .bind(format!("C{no}"))
        .bind(id)
        .bind(dept)
        .bind(subject)
        .bind(on[..7].to_string())
        .bind(if scan { Some(1i64) } else { None })
        .execute(db.pool())
        .await
        .expect("certificate");
    }
    id
}

fn rand_no() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(1);
    format!("{:06}", N.fetch_add(1, Ordering::SeqCst))
}

async fn figure(s: &Setup, month: &str, body: i64, i: Indicator) -> indicators::Figure {
    indicators::for_month(&s.w.db, &supervisor(), m(month))
        .await
        .expect("figures")
        .bodies
        .into_iter()
        .find(|b| b.department_id == body)
        .expect("body")
        .get(i)
        .cloned()
        .expect("figure")
}

#[tokio::test]
async fn figures_move_with_the_records() {
    let s = setup().await;
    let db = &s.w.db;
    let mk = s.w.market;
    // Bodies are the departments holding power items; the unit counts for the bureau.
    let f = indicators::for_month(db, &supervisor(), m("2024-03"))
        .await
        .expect("figures");
    assert_eq!(f.bodies.len(), 2);
    let p = figure(&s, "2024-03", mk, Indicator::Participation).await;
    assert_eq!(
        (p.numerator, p.denominator),
        (0, 3),
        "expired card not counted"
    );
    assert_eq!(
        figure(&s, "2024-03", mk, Indicator::Inspections)
            .await
            .numerator,
        0
    );

    // An inspection with certificate and scan by officer 0 of the unit's bureau.
    let first = inspection(db, mk, "E1", "2024-03-05", &[s.o[0]], true, true).await;
    let f = figure(&s, "2024-03", mk, Indicator::Inspections).await;
    assert_eq!(f.numerator, 1);
    assert_eq!(f.records[0].id, first);
    assert_eq!(
        figure(&s, "2024-03", mk, Indicator::Participation)
            .await
            .numerator,
        1
    );
    let perf = figure(&s, "2024-03", mk, Indicator::Performance).await;
    assert_eq!((perf.numerator, perf.denominator), (1, 2));
    // A second inspection of the same enterprise without scan, by the unit's officer.
    inspection(
        db,
        s.w.market_unit,
        "E1",
        "2024-03-20",
        &[s.o[3]],
        true,
        false,
    )
    .await;
    let c = figure(&s, "2024-03", mk, Indicator::CertifiedScanned).await;
    assert_eq!((c.numerator, c.denominator), (1, 2));
    let r = figure(&s, "2024-03", mk, Indicator::RepeatedInspections).await;
    assert_eq!((r.numerator, r.denominator), (1, 2));
    assert_eq!(
        figure(&s, "2024-03", mk, Indicator::Participation)
            .await
            .numerator,
        2
    );
    // Other months and bodies do not move.
    assert_eq!(
        figure(&s, "2024-04", mk, Indicator::Inspections)
            .await
            .numerator,
        0
    );
    assert_eq!(
        figure(&s, "2024-03", s.w.safety, Indicator::Inspections)
            .await
            .numerator,
        0
    );

    // Cases: a general lead, a decision in time with legal review, one decided late.
    case(db, mk, "C1", "2024-03-02", &[]).await;
    assert_eq!(
        figure(&s, "2024-03", mk, Indicator::CasesGeneral)
            .await
            .numerator,
        1
    );
    case(
        db,
        mk,
        "C2",
        "2024-01-02",
        &[
            ("decided_on", "2024-03-10"),
            ("decision_due", "2024-04-01"),
            ("legal_review_required", "1"),
            ("legal_review_result", "passed"),
            ("outcome", "penalty"),
            ("disclosure_due", "2024-03-19"),
            ("disclosed_on", "2024-03-25"),
        ],
    )
    .await;
    let dl = figure(&s, "2024-03", mk, Indicator::DeadlinesMet).await;
    assert_eq!((dl.numerator, dl.denominator), (1, 1));
    case(
        db,
        mk,
        "C3",
        "2023-11-02",
        &[("decided_on", "2024-03-12"), ("decision_due", "2024-02-28")],
    )
    .await;
    let dl = figure(&s, "2024-03", mk, Indicator::DeadlinesMet).await;
    assert_eq!((dl.numerator, dl.denominator), (1, 2));
    assert_eq!(dl.display(), "50.0%");
    let lr = figure(&s, "2024-03", mk, Indicator::LegalReview).await;
    assert_eq!((lr.numerator, lr.denominator), (1, 1));
    let disc = figure(&s, "2024-03", mk, Indicator::DisclosureOnTime).await;
    assert_eq!((disc.numerator, disc.denominator), (0, 1), "disclosed late");
    let acts = figure(&s, "2024-03", mk, Indicator::ActsPerOfficer).await;
    assert_eq!((acts.numerator, acts.denominator), (4, 3));

    // Confirmed reviews only.
    for (case_no, status, score) in [("C2", "confirmed", 80), ("C3", "draft", 20)] {
        sqlx::query(
            "INSERT INTO case_reviews (region_code, case_id, department_id, status, score, grade, reviewed_on, created_at, updated_at) \
             VALUES ($1, (SELECT id FROM cases WHERE case_no = $2), $3, $4, $5, 'pass', '2024-03-28', 0, 0)",
        )
        .bind(BINHAI_REGION)
        .bind(case_no)
        .bind(mk)
        .bind(status)
        .bind(score as i64)
        .execute(db.pool())
        .await
        .expect("review");
    }
    let rs = figure(&s, "2024-03", mk, Indicator::ReviewScore).await;
    assert_eq!(rs.display(), "80.00");

    // The drill-down lists the records of one figure.
    let dd = indicators::drill_down(db, &head(&s), mk, m("2024-03"), Indicator::DeadlinesMet)
        .await
        .expect("drill-down");
    assert_eq!(dd.base.len(), 2);
    assert!(dd.base.iter().all(|r| r.href().starts_with("/cases/")));
}

fn weights(w: &[(Indicator, i64)]) -> std::collections::BTreeMap<String, i64> {
    w.iter()
        .map(|(i, w)| (i.as_str().to_string(), *w))
        .collect()
}

/// Market meets every deadline, safety half of them; safety inspects more. Every month alike.
async fn two_bodies_each_month(s: &Setup, months: &[&str]) {
    let db = &s.w.db;
    for (k, mo) in months.iter().enumerate() {
        let day = |dd: u32| format!("{mo}-{dd:02}");
        case(
            db,
            s.w.market,
            &format!("M{k}"),
            "2023-12-01",
            &[("decided_on", &day(10)), ("decision_due", &day(20))],
        )
        .await;
        for (j, due) in [day(20), day(5)].iter().enumerate() {
            case(
                db,
                s.w.safety,
                &format!("S{k}{j}"),
                "2023-12-01",
                &[("decided_on", &day(10)), ("decision_due", due)],
            )
            .await;
        }
        inspection(
            db,
            s.w.safety,
            &format!("A{k}"),
            &day(3),
            &[s.o[4]],
            true,
            true,
        )
        .await;
        inspection(
            db,
            s.w.safety,
            &format!("B{k}"),
            &day(4),
            &[s.o[5]],
            true,
            true,
        )
        .await;
        inspection(
            db,
            s.w.market,
            &format!("C{k}"),
            &day(4),
            &[s.o[0]],
            true,
            true,
        )
        .await;
    }
}

#[tokio::test]
async fn a_month_keeps_the_scheme_it_was_scored_under() {
    let s = setup().await;
    let db = &s.w.db;
    let sup = supervisor();
    let today = d("2024-06-30");
    two_bodies_each_month(&s, &["2024-02", "2024-03"]).await;
    // No scheme yet.
    assert_eq!(
        monthly::run(db, &sup, m("2024-02"), today)
            .await
            .expect_err("no scheme")
            .code(),
        "supervision.no_scheme"
    );
    scheme::create(
        db,
        &sup,
        &NewScheme {
            effective_month: m("2024-01"),
            weights: weights(&[(Indicator::DeadlinesMet, 10)]),
            bottom_count: 1,
            note: "v1".into(),
        },
    )
    .await
    .expect("v1");
    let feb = monthly::run(db, &sup, m("2024-02"), today)
        .await
        .expect("feb");
    assert_eq!(feb.assessment.scheme_version, 1);
    assert_eq!(feb.ranking[0].department_id, s.w.market);
    assert_eq!(feb.ranking[0].score, 100.0);
    assert_eq!(feb.ranking[1].score, 50.0);

    // A version reaching back into an assessed month is refused.
    let back = NewScheme {
        effective_month: m("2024-02"),
        weights: weights(&[(Indicator::Inspections, 10)]),
        bottom_count: 1,
        note: "v2".into(),
    };
    assert_eq!(
        scheme::create(db, &sup, &back)
            .await
            .expect_err("assessed")
            .code(),
        "supervision.scheme_assessed"
    );
    let v2 = scheme::create(
        db,
        &sup,
        &NewScheme {
            effective_month: m("2024-03"),
            ..back
        },
    )
    .await
    .expect("v2");
    assert_eq!(v2, 2);

    let mar = monthly::run(db, &sup, m("2024-03"), today)
        .await
        .expect("mar");
    assert_eq!(mar.assessment.scheme_version, 2);
    assert_eq!(mar.ranking[0].department_id, s.w.safety, "new weights");
    assert_eq!(mar.ranking[1].score, 50.0);

    // February, re-read and even re-run, stays under version 1 with its score.
    let again = monthly::run(db, &sup, m("2024-02"), today)
        .await
        .expect("feb again");
    assert_eq!(again.assessment.scheme_version, 1);
    assert_eq!(again.ranking[0].department_id, s.w.market);
    let stored = monthly::scores(db, &sup, m("2024-02"), m("2024-03"))
        .await
        .expect("scores");
    let feb_market = stored
        .iter()
        .find(|r| r.month == m("2024-02") && r.department_id == s.w.market)
        .expect("row");
    assert_eq!((feb_market.rank, feb_market.score), (1, 100.0));
    let mar_market = stored
        .iter()
        .find(|r| r.month == m("2024-03") && r.department_id == s.w.market)
        .expect("row");
    assert_eq!((mar_market.rank, mar_market.score), (2, 50.0));
    assert!(mar_market.interviewed);
    assert_eq!(
        monthly::get(db, &sup, m("2024-02"))
            .await
            .expect("get")
            .expect("some")
            .scheme_version,
        1
    );
}

#[tokio::test]
async fn ranking_puts_the_last_on_the_interview_list_with_follow_up() {
    let s = setup().await;
    let db = &s.w.db;
    let sup = supervisor();
    two_bodies_each_month(&s, &["2024-02"]).await;
    scheme::create(
        db,
        &sup,
        &NewScheme {
            effective_month: m("2024-01"),
            weights: weights(&[(Indicator::DeadlinesMet, 10)]),
            bottom_count: 1,
            note: String::new(),
        },
    )
    .await
    .expect("scheme");
    let run = monthly::run(db, &sup, m("2024-02"), d("2024-03-31"))
        .await
        .expect("run");
    assert_eq!(run.interviews.len(), 1);
    let list = interviews::list(db, &sup, m("2024-01"), m("2024-12"))
        .await
        .expect("list");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].department_id, s.w.safety);
    assert_eq!(list[0].rank, 2);
    assert_eq!(list[0].status, InterviewStatus::Pending);
    let id = list[0].id;
    // The market head does not see the safety bureau's interview; nor may a head record one.
    assert!(
        interviews::list(db, &head(&s), m("2024-01"), m("2024-12"))
            .await
            .expect("list")
            .is_empty()
    );
    let hold = FollowUp::Hold {
        held_on: d("2024-03-08"),
        participants: "区司法局；区应急局负责人".into(),
        record: "指出期限问题".into(),
    };
    assert_eq!(
        interviews::follow_up(db, &safety_head(&s), id, &hold)
            .await
            .expect_err("head")
            .code(),
        "forbidden"
    );
    let close = FollowUp::Close {
        closed_on: d("2024-04-08"),
        rectification: "已整改".into(),
    };
    assert_eq!(
        interviews::follow_up(db, &sup, id, &close)
            .await
            .expect_err("not held")
            .code(),
        "supervision.interview_state"
    );
    let early = FollowUp::Hold {
        held_on: d("2024-02-10"),
        participants: "x".into(),
        record: "y".into(),
    };
    assert!(interviews::follow_up(db, &sup, id, &early).await.is_err());
    let held = interviews::follow_up(db, &sup, id, &hold)
        .await
        .expect("hold");
    assert_eq!(held.status, InterviewStatus::Held);
    // Once held, the month is not recomputed.
    assert_eq!(
        monthly::run(db, &sup, m("2024-02"), d("2024-03-31"))
            .await
            .expect_err("followed up")
            .code(),
        "supervision.assessment_followed_up"
    );
    let closed = interviews::follow_up(db, &sup, id, &close)
        .await
        .expect("close");
    assert_eq!(closed.status, InterviewStatus::Closed);
    assert_eq!(closed.closed_on, Some(d("2024-04-08")));
}

fn kinds(a: &[alerts::Alert], kind: AlertKind) -> Vec<&alerts::Alert> {
    a.iter().filter(|x| x.kind == kind).collect()
}

#[tokio::test]
async fn every_alert_rule_fires_and_stays_quiet() {
    let s = setup().await;
    let db = &s.w.db;
    let mk = s.w.market;
    // Monday 2024-03-11.
    let today = d("2024-03-11");
    // Decision deadlines: two working days left (fires), lapsed (fires), far (quiet), decided (quiet).
    let near = case(
        db,
        mk,
        "D1",
        "2024-01-01",
        &[("decision_due", "2024-03-13")],
    )
    .await;
    let lapsed = case(
        db,
        mk,
        "D2",
        "2024-01-01",
        &[("decision_due", "2024-03-01")],
    )
    .await;
    case(
        db,
        mk,
        "D3",
        "2024-01-01",
        &[("decision_due", "2024-05-01")],
    )
    .await;
    case(
        db,
        mk,
        "D4",
        "2024-01-01",
        &[("decision_due", "2024-03-01"), ("decided_on", "2024-02-20")],
    )
    .await;
    // Service: not served and lapsed (fires); served (quiet).
    let unserved = case(
        db,
        mk,
        "V1",
        "2024-01-01",
        &[("decided_on", "2024-02-20"), ("service_due", "2024-02-29")],
    )
    .await;
    case(
        db,
        mk,
        "V2",
        "2024-01-01",
        &[
            ("decided_on", "2024-02-20"),
            ("service_due", "2024-02-29"),
            ("served_on", "2024-02-22"),
        ],
    )
    .await;
    // Disclosure: penalty undisclosed and lapsed (fires); disclosed late (fires as late);
    // disclosed in time (quiet).
    let undisclosed = case(
        db,
        mk,
        "P1",
        "2024-01-01",
        &[
            ("decided_on", "2024-02-20"),
            ("outcome", "penalty"),
            ("disclosure_due", "2024-02-29"),
        ],
    )
    .await;
    let late = case(
        db,
        mk,
        "P2",
        "2024-01-01",
        &[
            ("decided_on", "2024-02-20"),
            ("outcome", "penalty"),
            ("disclosure_due", "2024-02-29"),
            ("disclosed_on", "2024-03-04"),
            ("disclosure_status", "published"),
        ],
    )
    .await;
    case(
        db,
        mk,
        "P3",
        "2024-01-01",
        &[
            ("decided_on", "2024-02-20"),
            ("outcome", "penalty"),
            ("disclosure_due", "2024-02-29"),
            ("disclosed_on", "2024-02-26"),
            ("disclosure_status", "published"),
        ],
    )
    .await;
    // Cards: the expired-card officer in a step (fires); valid officers (quiet).
    let bad_step = case(db, mk, "K1", "2024-02-01", &[]).await;
    step(db, bad_step, "2024-02-05", &[s.o[0], s.o[2]]).await;
    let good_step = case(db, mk, "K2", "2024-02-01", &[]).await;
    step(db, good_step, "2024-02-05", &[s.o[0], s.o[1]]).await;
    // Inspections: no certificate, no scan, both, repeated, expired card.
    let no_cert = inspection(db, mk, "X1", "2024-02-06", &[s.o[0], s.o[1]], false, false).await;
    let no_scan = inspection(db, mk, "X2", "2024-02-06", &[s.o[0], s.o[1]], true, false).await;
    inspection(db, mk, "X3", "2024-02-06", &[s.o[0], s.o[1]], true, true).await;
    let repeat = inspection(db, mk, "X3", "2024-02-26", &[s.o[0], s.o[1]], true, true).await;
    inspection(db, mk, "X3", "2024-03-04", &[s.o[0], s.o[1]], true, true).await;
    let bad_card = inspection(db, mk, "X4", "2024-02-07", &[s.o[2]], true, true).await;

    let q = AlertQuery {
        from: d("2024-01-01"),
        to: today,
        department_id: None,
        kind: None,
    };
    let all = alerts::list(db, &supervisor(), &s.cal, today, &q)
        .await
        .expect("alerts");
    let dec = kinds(&all, AlertKind::DecisionDue);
    assert_eq!(dec.len(), 2, "{dec:?}");
    assert!(
        dec.iter()
            .any(|a| a.record.id == near && a.severity == Severity::DueSoon)
    );
    assert!(
        dec.iter()
            .any(|a| a.record.id == lapsed && a.severity == Severity::Lapsed)
    );
    let srv = kinds(&all, AlertKind::ServiceDue);
    assert_eq!(
        srv.iter().map(|a| a.record.id).collect::<Vec<_>>(),
        vec![unserved]
    );
    let dis = kinds(&all, AlertKind::DisclosureDue);
    assert_eq!(
        dis.iter().map(|a| a.record.id).collect::<Vec<_>>(),
        vec![undisclosed]
    );
    let lt = kinds(&all, AlertKind::DisclosureLate);
    assert_eq!(
        lt.iter().map(|a| a.record.id).collect::<Vec<_>>(),
        vec![late]
    );
    let cards: Vec<(&str, i64)> = kinds(&all, AlertKind::InvalidCard)
        .iter()
        .map(|a| (a.record.kind, a.record.id))
        .collect();
    assert_eq!(cards.len(), 2, "{cards:?}");
    assert!(cards.contains(&("case", bad_step)));
    assert!(cards.contains(&("inspection", bad_card)));
    let nc = kinds(&all, AlertKind::NoCertificate);
    assert_eq!(
        nc.iter().map(|a| a.record.id).collect::<Vec<_>>(),
        vec![no_cert]
    );
    let ns = kinds(&all, AlertKind::NoArrivalScan);
    assert_eq!(
        ns.iter().map(|a| a.record.id).collect::<Vec<_>>(),
        vec![no_scan]
    );
    let rep = kinds(&all, AlertKind::RepeatedInspection);
    assert_eq!(
        rep.iter().map(|a| a.record.id).collect::<Vec<_>>(),
        vec![repeat],
        "the March visit starts a new month"
    );
    // Putting the record right clears the alert: the decision is made.
    sqlx::query("UPDATE cases SET decided_on = '2024-03-11' WHERE id = $1")
        .bind(near)
        .execute(db.pool())
        .await
        .expect("decide");
    let all = alerts::list(db, &supervisor(), &s.cal, today, &q)
        .await
        .expect("alerts");
    assert_eq!(kinds(&all, AlertKind::DecisionDue).len(), 1);
    // The body concerned sees its alerts; another body sees none of them.
    assert!(
        !alerts::list(db, &head(&s), &s.cal, today, &q)
            .await
            .expect("head")
            .is_empty()
    );
    assert!(
        alerts::list(db, &safety_head(&s), &s.cal, today, &q)
            .await
            .expect("safety")
            .is_empty()
    );
}

#[tokio::test]
async fn instruments_are_issued_answered_and_closed_on_working_day_deadlines() {
    let s = setup().await;
    let db = &s.w.db;
    let sup = supervisor();
    let new = NewInstrument {
        kind: InstrumentKind::Opinion,
        department_id: s.w.market,
        title: "关于公示超期问题的监督意见".into(),
        findings: "3 件处罚决定逾期公示。".into(),
        requirements: "逐案补正并报告。".into(),
        // Thursday before the 2024 May Day holiday (5 May to 1–5 May off, 11 May a workday).
        issued_on: d("2024-04-25"),
        due_working_days: 5,
    };
    // Only the bureau issues.
    assert_eq!(
        instruments::issue(db, &head(&s), &s.cal, &new)
            .await
            .expect_err("head")
            .code(),
        "forbidden"
    );
    let bad = NewInstrument {
        due_working_days: 0,
        ..new.clone()
    };
    assert!(instruments::issue(db, &sup, &s.cal, &bad).await.is_err());
    let i = instruments::issue(db, &sup, &s.cal, &new)
        .await
        .expect("issue");
    assert_eq!(
        i.due_on,
        s.cal
            .add_working_days(d("2024-04-25"), 5)
            .expect("due")
            .date
    );
    assert!(i.due_on > d("2024-05-02"), "the holiday is not counted");
    assert!(i.doc_no.starts_with("滨司监意〔2024〕1"));
    assert_eq!(i.status, InstrumentStatus::Issued);
    // Overdue once the deadline passes without a reply.
    let later = i.due_on + chrono::Duration::days(1);
    let listed = instruments::list(db, &sup, later, None)
        .await
        .expect("list");
    assert!(listed[0].overdue);
    let before = instruments::list(db, &sup, i.due_on, None)
        .await
        .expect("list");
    assert!(!before[0].overdue);
    // Closing before a reply, another body's reply, an officer's reply: refused.
    assert_eq!(
        instruments::close(db, &sup, i.id, later, "办结")
            .await
            .expect_err("unanswered")
            .code(),
        "supervision.instrument_state"
    );
    assert_eq!(
        instruments::reply(db, &safety_head(&s), i.id, later, "回复")
            .await
            .expect_err("other body")
            .code(),
        "not_found"
    );
    let officer = principal(Role::Officer, Some(s.w.market), DataScope::OwnDepartment);
    assert_eq!(
        instruments::reply(db, &officer, i.id, later, "回复")
            .await
            .expect_err("officer")
            .code(),
        "forbidden"
    );
    assert!(
        instruments::list(db, &safety_head(&s), later, None)
            .await
            .expect("list")
            .is_empty()
    );
    let r = instruments::reply(db, &head(&s), i.id, i.due_on, "已逐案补正。")
        .await
        .expect("reply");
    assert_eq!(r.status, InstrumentStatus::Replied);
    assert!(!r.overdue, "replied on the deadline day");
    assert!(
        instruments::reply(db, &head(&s), i.id, i.due_on, "again")
            .await
            .is_err()
    );
    let c = instruments::close(db, &sup, i.id, later, "整改到位。")
        .await
        .expect("close");
    assert_eq!(c.status, InstrumentStatus::Closed);
    // A late reply stays flagged.
    let j = instruments::issue(db, &sup, &s.cal, &new)
        .await
        .expect("issue 2");
    assert!(j.doc_no.contains("2号"));
    let r = instruments::reply(db, &head(&s), j.id, later, "迟复。")
        .await
        .expect("late reply");
    assert!(r.overdue);
}

#[tokio::test]
async fn bulletins_need_the_quarter_assessed_and_carry_charts() {
    let s = setup().await;
    let db = &s.w.db;
    let sup = supervisor();
    two_bodies_each_month(&s, &["2024-01", "2024-02", "2024-03"]).await;
    scheme::create(
        db,
        &sup,
        &NewScheme {
            effective_month: m("2024-01"),
            weights: scheme::default_weights(),
            bottom_count: 1,
            note: String::new(),
        },
    )
    .await
    .expect("scheme");
    for mo in ["2024-01", "2024-02"] {
        monthly::run(db, &sup, m(mo), d("2024-04-10"))
            .await
            .expect("run");
    }
    assert_eq!(
        bulletin::issue(db, &sup, 2024, 1, d("2024-04-12"), "")
            .await
            .expect_err("march missing")
            .code(),
        "supervision.bulletin_unassessed"
    );
    monthly::run(db, &sup, m("2024-03"), d("2024-04-10"))
        .await
        .expect("run");
    assert!(
        bulletin::issue(db, &sup, 2024, 1, d("2024-03-30"), "")
            .await
            .is_err()
    );
    assert_eq!(
        bulletin::issue(db, &head(&s), 2024, 1, d("2024-04-12"), "")
            .await
            .expect_err("head")
            .code(),
        "forbidden"
    );
    let id = bulletin::issue(db, &sup, 2024, 1, d("2024-04-12"), "")
        .await
        .expect("issue");
    let b = bulletin::build(db, &sup, id, d("2024-04-12"))
        .await
        .expect("build");
    assert_eq!(b.ranking.len(), 2);
    assert_eq!(b.assessed.len(), 3);
    assert!(b.chart_ranking.starts_with("<svg"));
    assert!(b.chart_trend.contains("<polyline"));
    let insp = b
        .totals
        .iter()
        .find(|t| t.indicator == Indicator::Inspections)
        .expect("inspections");
    assert_eq!(
        insp.numerator, 9,
        "three a month, summed from the assessments"
    );
    assert!(
        b.paragraphs_zh
            .iter()
            .any(|p| p.contains("实施行政检查 9 次"))
    );
    // A head sees the bulletin with its own body only.
    let hb = bulletin::build(db, &head(&s), id, d("2024-04-12"))
        .await
        .expect("head build");
    assert_eq!(hb.ranking.len(), 1);
    assert_eq!(hb.ranking[0].department_id, s.w.market);
}

#[tokio::test]
async fn permissions_and_scope() {
    let s = setup().await;
    let db = &s.w.db;
    for role in [
        Role::Officer,
        Role::Enterprise,
        Role::Dispatcher,
        Role::LegalReviewer,
    ] {
        let p = principal(role, Some(s.w.market), DataScope::OwnDepartment);
        assert_eq!(
            indicators::for_month(db, &p, m("2024-03"))
                .await
                .expect_err("role")
                .code(),
            "forbidden",
            "{role:?}"
        );
        assert!(
            alerts::list(db, &p, &s.cal, d("2024-03-11"), &AlertQuery::year(2024))
                .await
                .is_err()
        );
    }
    // The head sees its own body only, and cannot open another's figures.
    let f = indicators::for_month(db, &head(&s), m("2024-03"))
        .await
        .expect("head");
    assert_eq!(
        f.bodies.iter().map(|b| b.department_id).collect::<Vec<_>>(),
        vec![s.w.market]
    );
    assert_eq!(
        indicators::drill_down(
            db,
            &head(&s),
            s.w.safety,
            m("2024-03"),
            Indicator::Inspections
        )
        .await
        .expect_err("other body")
        .code(),
        "not_found"
    );
    // Heads neither configure nor run assessments.
    let ns = NewScheme {
        effective_month: m("2024-01"),
        weights: scheme::default_weights(),
        bottom_count: 3,
        note: String::new(),
    };
    assert_eq!(
        scheme::create(db, &head(&s), &ns)
            .await
            .expect_err("head")
            .code(),
        "forbidden"
    );
    assert_eq!(
        monthly::run(db, &head(&s), m("2024-03"), d("2024-04-01"))
            .await
            .expect_err("head")
            .code(),
        "forbidden"
    );
    // A future month is refused.
    scheme::create(db, &supervisor(), &ns)
        .await
        .expect("scheme");
    assert!(
        monthly::run(db, &supervisor(), m("2024-05"), d("2024-04-01"))
            .await
            .is_err()
    );
}
