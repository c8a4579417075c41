//! People's mediation on the real storage: the composition rules (人民调解法 第八条), intake and
//! bad input refused bilingually with nothing written, escalation up the three levels, failure
//! with the channels told (第二十六条), the 司法确认 window (第三十三条, 民事诉讼法 第二百零五条),
//! screenings, the scope of each role, and the figures counted from the records.

use chrono::{Duration, NaiveDate};
use fazhi_core::BINHAI_REGION;
use fazhi_core::auth::{DataScope, Principal, Role};
use fazhi_core::calendar::{load_calendar, seed_calendar};
use fazhi_core::db::Db;
use fazhi_core::mediation::disputes::{self, ConfirmResult, Status};
use fazhi_core::mediation::orgs::{self, NewOrganisation};
use fazhi_core::mediation::rules::{
    self, AgreementForm, Channel, DisputeKind, Level, OrgKind, Risk,
};
use fazhi_core::mediation::screenings::{self, NewScreening};
use fazhi_core::mediation::workflow::{self, NewDispute, Step};
use fazhi_core::mediation::{scope, stats};
use sqlx::Row;

use crate::support::{add_user, principal, world};

fn d(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

fn org(name: &str, kind: OrgKind, sub: &str) -> NewOrganisation {
    NewOrganisation {
        name: name.into(),
        kind,
        subdistrict: sub.into(),
        members: 5,
        women: 2,
        minority: 0,
        multi_ethnic: false,
        term_start: d("2024-01-01"),
    }
}

fn dispute(org: i64, applicant: &str, amount_fen: i64) -> NewDispute {
    NewDispute {
        organisation_id: org,
        channel: Channel::WalkIn,
        work_order_id: None,
        referral_no: String::new(),
        kind: DisputeKind::Neighbour,
        applicant: applicant.into(),
        respondent: "李秀英".into(),
        summary: "因楼上漏水发生相邻纠纷".into(),
        amount_fen,
        received_on: d("2026-09-01"),
    }
}

async fn count(db: &Db, table: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM {table}"
    )))
    .fetch_one(db.pool())
    .await
    .expect("count")
    .try_get(0)
    .expect("n")
}

struct Setup {
    db: Db,
    bureau: Principal,
    mediator: Principal,
    office: Principal,
    other_mediator: Principal,
    /// 塘沽街道: its committee and two residents' committees; 新河街道: one.
    sub_a: i64,
    a1: i64,
    a2: i64,
    b1: i64,
    district: i64,
}

fn with_id(mut p: Principal, id: i64) -> Principal {
    p.user_id = id;
    p
}

async fn setup() -> Setup {
    let w = world().await;
    let db = w.db;
    let bureau = principal(Role::Supervisor, None, DataScope::District);
    let ids = {
        let mut ids = Vec::new();
        for o in [
            org("滨海新区人民调解委员会", OrgKind::District, ""),
            org("塘沽街道人民调解委员会", OrgKind::Subdistrict, "塘沽街道"),
            org("新河街道人民调解委员会", OrgKind::Subdistrict, "新河街道"),
            org(
                "塘沽街第1社区人民调解委员会",
                OrgKind::Residents,
                "塘沽街道",
            ),
            org(
                "塘沽街第2社区人民调解委员会",
                OrgKind::Residents,
                "塘沽街道",
            ),
            org(
                "新河街第1社区人民调解委员会",
                OrgKind::Residents,
                "新河街道",
            ),
        ] {
            ids.push(
                orgs::create_as(&db, &bureau, &o)
                    .await
                    .expect("organisation"),
            );
        }
        ids
    };
    let m = add_user(&db, "med1", Role::Mediator, None, DataScope::NoData).await;
    let m2 = add_user(&db, "med2", Role::Mediator, None, DataScope::NoData).await;
    let o = add_user(&db, "sfs1", Role::JusticeOffice, None, DataScope::NoData).await;
    scope::link_account(&db, &bureau, "med1", Some(ids[3]), "")
        .await
        .expect("link mediator");
    scope::link_account(&db, &bureau, "med2", Some(ids[5]), "")
        .await
        .expect("link mediator 2");
    scope::link_account(&db, &bureau, "sfs1", None, "塘沽街道")
        .await
        .expect("link office");
    Setup {
        mediator: with_id(principal(Role::Mediator, None, DataScope::NoData), m),
        other_mediator: with_id(principal(Role::Mediator, None, DataScope::NoData), m2),
        office: with_id(principal(Role::JusticeOffice, None, DataScope::NoData), o),
        bureau,
        db,
        district: ids[0],
        sub_a: ids[1],
        a1: ids[3],
        a2: ids[4],
        b1: ids[5],
    }
}

#[tokio::test]
async fn composition_rules_of_article_8_refused_before_anything_is_written() {
    let w = world().await;
    let bureau = principal(Role::Supervisor, None, DataScope::District);
    let mut o = org("滨海新区人民调解委员会", OrgKind::District, "");
    o.members = 10;
    let e = orgs::create_as(&w.db, &bureau, &o).await.expect_err("ten");
    assert_eq!(e.code(), "mediation.invalid");
    assert!(e.message_zh().contains("第八条"), "{}", e.message_zh());
    assert!(e.message_en().contains("art. 8"), "{}", e.message_en());
    o.members = 3;
    o.women = 0;
    let e = orgs::create_as(&w.db, &bureau, &o)
        .await
        .expect_err("no women");
    assert!(e.message_zh().contains("妇女"));
    o.women = 1;
    o.multi_ethnic = true;
    assert!(orgs::create_as(&w.db, &bureau, &o).await.is_err());
    assert_eq!(count(&w.db, "mediation_organisations").await, 0);
    // A 村居 committee needs its 街镇's committee first (the level it escalates to).
    let e = orgs::create_as(
        &w.db,
        &bureau,
        &org(
            "塘沽街第1社区人民调解委员会",
            OrgKind::Residents,
            "塘沽街道",
        ),
    )
    .await
    .expect_err("no parent");
    assert_eq!(e.code(), "mediation.invalid");
    o.multi_ethnic = false;
    let id = orgs::create_as(&w.db, &bureau, &o).await.expect("valid");
    // 第九条: a term of three years.
    let tree = orgs::tree(&w.db, &bureau).await.expect("tree");
    let made = tree.iter().find(|x| x.id == id).expect("made");
    assert_eq!(made.term_end, rules::term_end(d("2024-01-01")).to_string());
    assert_eq!(made.term_end, "2026-12-31");
    // Only the Justice Bureau sets up organisations.
    let officer = principal(Role::Officer, Some(w.market), DataScope::OwnDepartment);
    let e = orgs::create_as(&w.db, &officer, &org("x", OrgKind::Medical, ""))
        .await
        .expect_err("officer");
    assert!(matches!(e, fazhi_core::Error::Forbidden { .. }));
}

#[tokio::test]
async fn each_role_sees_its_own_scope_and_an_officer_is_refused() {
    let s = setup().await;
    let db = &s.db;
    let in_a1 = workflow::take_in(db, &s.mediator, &dispute(s.a1, "王建华", 0))
        .await
        .expect("a1");
    let in_a2 = workflow::take_in(db, &s.office, &dispute(s.a2, "张志强", 0))
        .await
        .expect("a2 by the 司法所");
    let in_b1 = workflow::take_in(db, &s.bureau, &dispute(s.b1, "刘丽娟", 0))
        .await
        .expect("b1 by the bureau");
    // A mediator takes in only for its own organisation; nothing is written otherwise.
    let e = workflow::take_in(db, &s.mediator, &dispute(s.a2, "赵海燕", 0))
        .await
        .expect_err("other organisation");
    assert_eq!(e.code(), "mediation.invalid");
    assert_eq!(count(db, "mediation_disputes").await, 3);

    let ids = |v: Vec<disputes::Dispute>| {
        let mut v: Vec<i64> = v.into_iter().map(|d| d.id).collect();
        v.sort();
        v
    };
    let (m, n) = disputes::list(db, &s.mediator, None, 50, 0)
        .await
        .expect("m");
    assert_eq!((ids(m), n), (vec![in_a1], 1), "a 村居 mediator: its own");
    let (o, n) = disputes::list(db, &s.office, None, 50, 0).await.expect("o");
    assert_eq!((ids(o), n), (vec![in_a1, in_a2], 2), "the 司法所: its 街镇");
    let (b, n) = disputes::list(db, &s.bureau, None, 50, 0).await.expect("b");
    assert_eq!(
        (ids(b), n),
        (vec![in_a1, in_a2, in_b1], 3),
        "the bureau: all"
    );
    let (x, _) = disputes::list(db, &s.other_mediator, None, 50, 0)
        .await
        .expect("x");
    assert_eq!(ids(x), vec![in_b1]);
    // Out of scope is not found, so ids cannot be probed.
    assert!(matches!(
        disputes::get(db, &s.mediator, in_b1).await.expect_err("b1"),
        fazhi_core::Error::NotFound { .. }
    ));
    assert!(disputes::get(db, &s.office, in_a1).await.is_ok());
    // The 司法所 sees the organisations of its 街镇 only.
    let tree = orgs::tree(db, &s.office).await.expect("tree");
    assert_eq!(tree.len(), 3, "its committee and two 村居");
    assert!(tree.iter().all(|o| o.subdistrict == "塘沽街道"));
    // An officer (and an unlinked mediator) see nothing.
    let officer = principal(Role::Officer, None, DataScope::OwnDepartment);
    let e = disputes::list(db, &officer, None, 50, 0)
        .await
        .expect_err("officer");
    assert!(matches!(e, fazhi_core::Error::Forbidden { .. }));
    let unlinked = principal(Role::Mediator, None, DataScope::NoData);
    let unlinked = Principal {
        user_id: 999_999,
        ..unlinked
    };
    assert_eq!(
        disputes::list(db, &unlinked, None, 50, 0)
            .await
            .expect("u")
            .1,
        0
    );
    // Only the Justice Bureau links accounts; a 司法所 cannot.
    let e = scope::link_account(db, &s.office, "med1", Some(s.a2), "")
        .await
        .expect_err("office links");
    assert!(matches!(e, fazhi_core::Error::Forbidden { .. }));
    // Only mediator and 司法所 accounts are linked.
    add_user(db, "off9", Role::Enterprise, None, DataScope::NoData).await;
    let e = scope::link_account(db, &s.bureau, "off9", Some(s.a1), "")
        .await
        .expect_err("enterprise account");
    assert_eq!(e.code(), "mediation.invalid");
}

#[tokio::test]
async fn escalation_goes_up_the_three_levels_then_failure_tells_the_channels() {
    let s = setup().await;
    let db = &s.db;
    seed_calendar(db).await.expect("calendar");
    let cal = load_calendar(db).await.expect("calendar");
    let id = workflow::take_in(db, &s.mediator, &dispute(s.a1, "王建华", 500_000))
        .await
        .expect("take in");
    let on = d("2026-09-05");
    let esc = |r: &str| Step::Escalate { reason: r.into() };
    let after = workflow::act(db, &s.mediator, &cal, id, on, &esc("村居调解未果"))
        .await
        .expect("to the 街镇");
    assert_eq!(after.organisation_id, s.sub_a);
    assert_eq!(after.level, Level::Subdistrict);
    assert_eq!(after.escalations, 1);
    // Gone up: the 村居 mediator no longer sees it; the 司法所 does and takes it further.
    assert!(disputes::get(db, &s.mediator, id).await.is_err());
    let after = workflow::act(db, &s.office, &cal, id, on, &esc("街镇调解未果"))
        .await
        .expect("to the district");
    assert_eq!(after.organisation_id, s.district);
    assert!(
        workflow::offers(&after, &s.bureau)
            .iter()
            .all(|o| o.name != "escalate")
    );
    let e = workflow::act(db, &s.bureau, &cal, id, on, &esc("再提级"))
        .await
        .expect_err("top");
    assert_eq!(e.code(), "mediation.refused");
    assert!(e.message_zh().contains("第二十六条"), "{}", e.message_zh());
    // 第二十六条: failure needs the channels told; refused without, nothing written.
    let before = count(db, "mediation_sessions").await;
    let e = workflow::act(
        db,
        &s.bureau,
        &cal,
        id,
        on,
        &Step::Fail {
            channels: vec![],
            note: String::new(),
        },
    )
    .await
    .expect_err("no channel");
    assert!(e.message_zh().contains("第二十六条"));
    assert!(e.message_en().contains("art. 26"));
    assert_eq!(count(db, "mediation_sessions").await, before);
    assert_eq!(
        disputes::get(db, &s.bureau, id).await.expect("d").status,
        Status::Open
    );
    let done = workflow::act(
        db,
        &s.bureau,
        &cal,
        id,
        on,
        &Step::Fail {
            channels: vec!["judicial".into(), "arbitration".into()],
            note: "双方分歧较大".into(),
        },
    )
    .await
    .expect("failed");
    assert_eq!(done.status, Status::Failed);
    assert!(done.channels_told.contains("仲裁") && done.channels_told.contains("司法"));
    // The 司法所 assigns within its 街镇 only.
    let id2 = workflow::take_in(db, &s.office, &dispute(s.a2, "张志强", 0))
        .await
        .expect("a2");
    let e = workflow::act(
        db,
        &s.office,
        &cal,
        id2,
        on,
        &Step::Assign {
            organisation_id: s.b1,
        },
    )
    .await
    .expect_err("other 街镇");
    assert_eq!(e.code(), "mediation.invalid");
    let moved = workflow::act(
        db,
        &s.office,
        &cal,
        id2,
        on,
        &Step::Assign {
            organisation_id: s.a1,
        },
    )
    .await
    .expect("assign");
    assert_eq!(moved.organisation_id, s.a1);
    // A mediator may not assign.
    let e = workflow::act(
        db,
        &s.mediator,
        &cal,
        id2,
        on,
        &Step::Assign {
            organisation_id: s.a2,
        },
    )
    .await
    .expect_err("mediator assigns");
    assert!(matches!(e, fazhi_core::Error::Forbidden { .. }));
}

#[tokio::test]
async fn judicial_confirmation_within_thirty_days_of_the_agreement_art33() {
    let s = setup().await;
    let db = &s.db;
    seed_calendar(db).await.expect("calendar");
    let cal = load_calendar(db).await.expect("calendar");
    let id = workflow::take_in(db, &s.mediator, &dispute(s.a1, "王建华", 1_200_000))
        .await
        .expect("take in");
    let agreed_on = d("2026-09-02");
    let e = workflow::act(
        db,
        &s.mediator,
        &cal,
        id,
        agreed_on,
        &Step::Agree {
            form: AgreementForm::Oral,
            text: " ".into(),
        },
    )
    .await
    .expect_err("empty agreement");
    assert!(e.message_zh().contains("第二十八条"));
    let a = workflow::act(
        db,
        &s.mediator,
        &cal,
        id,
        agreed_on,
        &Step::Agree {
            form: AgreementForm::Written,
            text: "李秀英赔偿王建华维修费一万二千元".into(),
        },
    )
    .await
    .expect("agreed");
    assert_eq!(a.status, Status::Agreed);
    // 第二十九条: a written agreement takes effect when signed and sealed, here the same day.
    assert_eq!(a.effective_on, Some(agreed_on));
    // Thirty days from 2 September: 2 October falls in the National Day holiday of the 2026
    // notice, so the period ends on the first working day after it (民事诉讼法 第八十五条).
    let due = rules::confirmation_due(&cal, agreed_on).expect("due").date;
    assert!(due >= agreed_on + Duration::days(30), "{due}");
    let late = due + Duration::days(1);
    let apply = |joint: bool| Step::ApplyConfirmation {
        court: "天津市滨海新区人民法院".into(),
        joint,
    };
    let e = workflow::act(db, &s.mediator, &cal, id, late, &apply(true))
        .await
        .expect_err("late");
    assert_eq!(e.code(), "mediation.refused");
    assert!(
        e.message_zh().contains("第三十三条") && e.message_zh().contains("第二百零五条"),
        "{}",
        e.message_zh()
    );
    assert_eq!(
        disputes::get(db, &s.bureau, id)
            .await
            .expect("d")
            .confirm_result,
        None,
        "nothing written"
    );
    let e = workflow::act(db, &s.mediator, &cal, id, due, &apply(false))
        .await
        .expect_err("one party alone");
    assert!(e.message_zh().contains("共同申请"));
    let p = workflow::act(db, &s.mediator, &cal, id, due, &apply(true))
        .await
        .expect("on the last day");
    assert_eq!(p.confirm_result, Some(ConfirmResult::Pending));
    assert!(
        workflow::offers(&p, &s.mediator)
            .iter()
            .all(|o| o.name != "apply_confirmation")
    );
    let r = workflow::act(
        db,
        &s.mediator,
        &cal,
        id,
        due,
        &Step::ConfirmationResult { valid: true },
    )
    .await
    .expect("ruling");
    assert_eq!(r.confirm_result, Some(ConfirmResult::Valid));
    let f = workflow::act(
        db,
        &s.mediator,
        &cal,
        id,
        due,
        &Step::FollowUp {
            note: "已按约定履行".into(),
        },
    )
    .await
    .expect("follow-up");
    assert_eq!(f.followed_up_on, Some(due));
}

#[tokio::test]
async fn bad_input_is_refused_bilingually_and_nothing_is_written() {
    let s = setup().await;
    let db = &s.db;
    let before = (
        count(db, "mediation_disputes").await,
        count(db, "audit_log").await,
    );
    let mut n = dispute(s.a1, " ", 0);
    let e = workflow::take_in(db, &s.mediator, &n)
        .await
        .expect_err("no applicant");
    assert_eq!(e.code(), "mediation.invalid");
    assert!(!e.message_zh().is_empty() && !e.message_en().is_empty());
    assert_ne!(e.message_zh(), e.message_en());
    n.applicant = "王建华".into();
    n.amount_fen = -1;
    assert!(workflow::take_in(db, &s.mediator, &n).await.is_err());
    n.amount_fen = 0;
    n.received_on = fazhi_core::time::today() + Duration::days(3);
    assert!(workflow::take_in(db, &s.mediator, &n).await.is_err());
    n.received_on = d("2026-09-01");
    n.work_order_id = Some(1);
    let e = workflow::take_in(db, &s.mediator, &n)
        .await
        .expect_err("work order on a walk-in");
    assert!(e.message_en().contains("work order"));
    n.channel = Channel::Hotline;
    n.work_order_id = Some(987_654);
    let e = workflow::take_in(db, &s.mediator, &n)
        .await
        .expect_err("unknown work order");
    assert!(e.message_zh().contains("工单"));
    assert_eq!(
        (
            count(db, "mediation_disputes").await,
            count(db, "audit_log").await
        ),
        before
    );
    // A step dated before the dispute was received is refused too.
    n.work_order_id = None;
    let id = workflow::take_in(db, &s.mediator, &n).await.expect("ok");
    let cal = load_calendar(db).await.expect("cal");
    let e = workflow::act(
        db,
        &s.mediator,
        &cal,
        id,
        d("2026-08-01"),
        &Step::Session {
            note: "谈话".into(),
        },
    )
    .await
    .expect_err("before");
    assert_eq!(e.code(), "mediation.invalid");
}

#[tokio::test]
async fn screenings_prevent_and_escalate_high_risks_art25() {
    let s = setup().await;
    let db = &s.db;
    let sc = |risk: Risk, sub: &str| NewScreening {
        subdistrict: sub.into(),
        grid: "塘沽街第3网格".into(),
        screened_on: d("2026-10-10"),
        risk,
        finding: if risk == Risk::None {
            String::new()
        } else {
            "邻里因停车位发生争执".into()
        },
    };
    let low = screenings::record(db, &s.mediator, &sc(Risk::Low, "塘沽街道"))
        .await
        .expect("low");
    let high = screenings::record(db, &s.office, &sc(Risk::High, "塘沽街道"))
        .await
        .expect("high");
    screenings::record(db, &s.bureau, &sc(Risk::None, "新河街道"))
        .await
        .expect("none");
    // Outside the 司法所's 街镇: refused.
    let e = screenings::record(db, &s.office, &sc(Risk::Low, "新河街道"))
        .await
        .expect_err("scope");
    assert_eq!(e.code(), "mediation.invalid");
    let e = screenings::act(db, &s.mediator, low, screenings::Action::Escalate)
        .await
        .expect_err("low risk");
    assert!(e.message_zh().contains("第二十五条"));
    screenings::act(db, &s.mediator, low, screenings::Action::Prevent)
        .await
        .expect("prevented");
    screenings::act(db, &s.office, high, screenings::Action::Escalate)
        .await
        .expect("escalated");
    let e = screenings::act(db, &s.office, high, screenings::Action::Prevent)
        .await
        .expect_err("already escalated");
    assert_eq!(e.code(), "mediation.refused");
    let (mine, n) = screenings::list(db, &s.office, None, 50, 0)
        .await
        .expect("list");
    assert_eq!(n, 2, "the 司法所's 街镇 only");
    assert!(mine.iter().all(|x| x.subdistrict == "塘沽街道"));
    let st = stats::year(db, BINHAI_REGION, 2026).await.expect("stats");
    assert_eq!(
        (st.screenings, st.prevented, st.high_risk_escalated),
        (3, 1, 1)
    );
}

#[tokio::test]
async fn figures_count_the_records_and_change_when_records_go() {
    let s = setup().await;
    let db = &s.db;
    let cal = load_calendar(db).await.expect("cal");
    let empty = stats::year(db, BINHAI_REGION, 2026).await.expect("stats");
    assert_eq!(empty.cases, 0);
    assert_eq!(empty.success_rate, None, "a rate over nothing is none");
    assert_eq!(empty.organisations, 6);
    let mut ids = Vec::new();
    for (i, fen) in [10_000_i64, 25_000, 0].into_iter().enumerate() {
        ids.push(
            workflow::take_in(db, &s.mediator, &dispute(s.a1, &format!("当事人{i}"), fen))
                .await
                .expect("in"),
        );
    }
    let on = d("2026-09-03");
    for id in &ids[..2] {
        workflow::act(
            db,
            &s.mediator,
            &cal,
            *id,
            on,
            &Step::Agree {
                form: AgreementForm::Oral,
                text: "达成一致".into(),
            },
        )
        .await
        .expect("agree");
    }
    workflow::act(
        db,
        &s.mediator,
        &cal,
        ids[2],
        on,
        &Step::Fail {
            channels: vec!["judicial".into()],
            note: String::new(),
        },
    )
    .await
    .expect("fail");
    let st = stats::year(db, BINHAI_REGION, 2026).await.expect("stats");
    assert_eq!((st.cases, st.agreed, st.failed), (3, 2, 1));
    assert_eq!(st.success_rate, Some(66.7));
    assert_eq!(st.amount_fen, 35_000);
    assert_eq!(st.by_level.iter().map(|l| l.cases).sum::<i64>(), 3);
    assert_eq!(st.by_month.len(), 1);
    // Delete the failed one (and its record): the figures follow.
    sqlx::query("DELETE FROM mediation_sessions WHERE dispute_id = $1")
        .bind(ids[2])
        .execute(db.pool())
        .await
        .expect("del sessions");
    sqlx::query("DELETE FROM mediation_disputes WHERE id = $1")
        .bind(ids[2])
        .execute(db.pool())
        .await
        .expect("del");
    let st = stats::year(db, BINHAI_REGION, 2026).await.expect("stats");
    assert_eq!((st.cases, st.failed), (2, 0));
    assert_eq!(st.success_rate, Some(100.0));
    assert_eq!(
        stats::year(db, BINHAI_REGION, 2025)
            .await
            .expect("2025")
            .cases,
        0
    );
}

#[tokio::test]
async fn excel_import_reports_every_bad_row_and_writes_all_or_nothing() {
    let w = world().await;
    let db = &w.db;
    let bureau = principal(Role::Supervisor, None, DataScope::District);
    let head: Vec<&str> = fazhi_core::mediation::import::COLUMNS.to_vec();
    let row = |name: &str, kind: &str, sub: &str, members: &str, women: &str| {
        vec![
            name.to_string(),
            kind.to_string(),
            sub.to_string(),
            members.to_string(),
            women.to_string(),
            String::new(),
            "否".to_string(),
            "2024-01-01".to_string(),
        ]
    };
    let bad = fazhi_core::excel::write_table(
        "调解组织",
        &head,
        &[
            row("滨海新区人民调解委员会", "区人民调解委员会", "", "5", "2"),
            row(
                "塘沽街第1社区人民调解委员会",
                "居民委员会人民调解委员会",
                "塘沽街道",
                "10",
                "2",
            ),
            row(
                "塘沽街第2社区人民调解委员会",
                "居民委员会人民调解委员会",
                "塘沽街道",
                "5",
                "0",
            ),
            row(
                "新河街第1社区人民调解委员会",
                "居民委员会人民调解委员会",
                "新河街道",
                "5",
                "1",
            ),
        ],
    )
    .expect("xlsx");
    let r = fazhi_core::mediation::import::import(db, &bureau, &bad)
        .await
        .expect("report");
    assert_eq!(r.imported, 0);
    let rows: Vec<usize> = r.errors.iter().map(|e| e.row).collect();
    assert_eq!(rows, vec![3, 4, 5], "{:?}", r.errors);
    assert!(r.errors[0].reason.contains("第八条"), "{:?}", r.errors[0]);
    assert!(r.errors[1].reason.contains("妇女"));
    assert!(
        r.errors[2].reason.contains("街镇"),
        "no 街镇 committee for 新河街道"
    );
    assert!(!r.errors[0].reason_en.is_empty());
    assert_eq!(
        count(db, "mediation_organisations").await,
        0,
        "nothing written"
    );
    let good = fazhi_core::excel::write_table(
        "调解组织",
        &head,
        &[
            row("滨海新区人民调解委员会", "区人民调解委员会", "", "5", "2"),
            row(
                "塘沽街道人民调解委员会",
                "街镇人民调解委员会",
                "塘沽街道",
                "7",
                "3",
            ),
            row(
                "塘沽街第1社区人民调解委员会",
                "居民委员会人民调解委员会",
                "塘沽街道",
                "3",
                "1",
            ),
        ],
    )
    .expect("xlsx");
    let r = fazhi_core::mediation::import::import(db, &bureau, &good)
        .await
        .expect("report");
    assert_eq!((r.imported, r.errors.len()), (3, 0), "{:?}", r.errors);
    let tree = orgs::tree(db, &bureau).await.expect("tree");
    let community = tree
        .iter()
        .find(|o| o.level == Level::Community)
        .expect("community");
    let sub = tree
        .iter()
        .find(|o| o.level == Level::Subdistrict)
        .expect("sub");
    assert_eq!(community.parent_id, Some(sub.id), "placed under its 街镇");
    let officer = principal(Role::Officer, Some(w.market), DataScope::OwnDepartment);
    assert!(
        fazhi_core::mediation::import::import(db, &officer, &good)
            .await
            .is_err()
    );
}
