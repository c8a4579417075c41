//! Major administrative decisions on the real storage: the catalogue's approval, publication and
//! adjustment (第三条), each of the five procedures as a gate with its article and time limit
//! (refusals bilingual, nothing written), publication, the archived record, post-evaluation and
//! the accountability record, the roles and the data scope, and the figures counted from the
//! records. Expected dates were read off the holiday notices by hand.

use chrono::NaiveDate;
use fazhi_core::BINHAI_REGION;
use fazhi_core::auth::{DataScope, Principal, Role};
use fazhi_core::calendar::{HolidayCalendar, load_calendar, seed_calendar};
use fazhi_core::counsel::{Kind, SubjectKind, opinions, registry};
use fazhi_core::db::Db;
use fazhi_core::decisions::catalogue::{self, ItemStatus, NewItem};
use fazhi_core::decisions::records::{self, Status};
use fazhi_core::decisions::rules::{Category, Position, ReviewConclusion, Speech, Trigger};
use fazhi_core::decisions::stats;
use fazhi_core::decisions::workflow::{self, NewDecision, Step};
use sqlx::Row;

use crate::counsel::lawyer;
use crate::support::{World, principal, world};

fn d(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

fn item(dept: i64, title: &str) -> NewItem {
    NewItem {
        year: 2024,
        department_id: dept,
        title: title.into(),
        category: Category::PublicPolicy,
        standard: "涉及面广，与群众切身利益密切相关。".into(),
        planned: "2024年第二季度".into(),
    }
}

async fn count(db: &Db, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(db.pool())
        .await
        .expect("count")
        .try_get(0)
        .expect("n")
}

fn speech(name: &str, head: bool, p: Position) -> Speech {
    Speech {
        speaker: name.into(),
        is_head: head,
        position: p,
        opinion: "意见".into(),
    }
}

fn refused_with(e: &fazhi_core::Error, article: &str) {
    assert!(
        e.message_zh().contains(article),
        "expected {article}: {}",
        e.message_zh()
    );
    assert!(!e.message_en().is_empty());
}

struct Setup {
    w: World,
    cal: HolidayCalendar,
    bureau: Principal,
    body: Principal,
    other: Principal,
    items: Vec<i64>,
}

/// Two published items of the market bureau and one of the safety bureau.
async fn published_catalogue() -> Setup {
    let w = world().await;
    seed_calendar(&w.db).await.expect("calendar");
    let cal = load_calendar(&w.db).await.expect("calendar");
    let bureau = principal(Role::Supervisor, None, DataScope::District);
    let body = principal(Role::DeptAdmin, Some(w.market), DataScope::DepartmentTree);
    let other = principal(Role::DeptAdmin, Some(w.safety), DataScope::DepartmentTree);
    let mut items = Vec::new();
    for (who, dept, t) in [
        (&body, w.market, "滨海新区食品安全监管若干措施"),
        (&body, w.market, "滨海新区农贸市场布局规划"),
        (&other, w.safety, "滨海新区危险化学品企业搬迁改造方案"),
    ] {
        items.push(
            catalogue::propose(&w.db, who, &item(dept, t))
                .await
                .expect("propose"),
        );
    }
    for id in &items {
        catalogue::settle(&w.db, &bureau, *id, d("2024-02-01"), true, "")
            .await
            .expect("settle");
    }
    catalogue::approve(
        &w.db,
        &bureau,
        2024,
        d("2024-02-06"),
        "经区委常委会会议同意",
    )
    .await
    .expect("approve");
    catalogue::publish(&w.db, &bureau, 2024, d("2024-02-20"))
        .await
        .expect("publish");
    Setup {
        w,
        cal,
        bureau,
        body,
        other,
        items,
    }
}

fn new_decision(item: i64, technical: bool, risky: bool) -> NewDecision {
    NewDecision {
        item_id: item,
        title: "滨海新区食品安全监管若干措施".into(),
        summary: "《若干措施（草案）》及起草说明。".into(),
        open_to_public: true,
        closed_reason: String::new(),
        technical,
        risky,
        started_on: d("2024-03-01"),
    }
}

#[tokio::test]
async fn the_catalogue_is_published_after_the_party_committee_agrees_art_3() {
    let w = world().await;
    let bureau = principal(Role::Supervisor, None, DataScope::District);
    let body = principal(Role::DeptAdmin, Some(w.market), DataScope::DepartmentTree);
    // A body proposes for its own scope only; bad input is refused; nothing is written.
    let e = catalogue::propose(&w.db, &body, &item(w.safety, "他人事项"))
        .await
        .expect_err("out of scope");
    assert!(matches!(e, fazhi_core::Error::Forbidden { .. }));
    let e = catalogue::propose(&w.db, &body, &item(w.market, "  "))
        .await
        .expect_err("no title");
    assert_eq!(e.field(), Some("title"));
    let mut bad_year = item(w.market, "滨海新区事项");
    bad_year.year = 2018;
    assert!(catalogue::propose(&w.db, &body, &bad_year).await.is_err());
    assert!(
        catalogue::propose(&w.db, &bureau, &item(w.market, "滨海新区事项"))
            .await
            .is_err(),
        "the Justice Bureau does not propose"
    );
    assert_eq!(
        count(&w.db, "SELECT CAST(COUNT(*) AS BIGINT) FROM decision_items").await,
        0
    );
    assert_eq!(
        count(
            &w.db,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM decision_catalogues"
        )
        .await,
        0
    );

    let a = catalogue::propose(
        &w.db,
        &body,
        &item(w.market, "滨海新区食品安全监管若干措施"),
    )
    .await
    .expect("a");
    let b = catalogue::propose(&w.db, &body, &item(w.market_unit, "塘沽农贸市场改造方案"))
        .await
        .expect("b");
    // An empty catalogue has no rate (null, never 100).
    let s = stats::year(&w.db, BINHAI_REGION, 2024)
        .await
        .expect("stats");
    assert_eq!((s.catalogue_items, s.catalogue_publication_rate), (0, None));
    // Not before every proposal is settled; never published before the Party committee agrees.
    let e = catalogue::approve(&w.db, &bureau, 2024, d("2024-02-06"), "经区委同意")
        .await
        .expect_err("nothing listed");
    assert_eq!(e.code(), "decisions.refused");
    assert!(
        catalogue::settle(&w.db, &body, a, d("2024-02-01"), true, "")
            .await
            .is_err(),
        "a body does not list its own items"
    );
    catalogue::settle(&w.db, &bureau, a, d("2024-02-01"), true, "")
        .await
        .expect("list");
    assert!(
        catalogue::settle(&w.db, &bureau, b, d("2024-02-01"), false, "")
            .await
            .is_err(),
        "declining needs a reason"
    );
    assert!(
        catalogue::approve(&w.db, &bureau, 2024, d("2024-02-06"), "经区委同意")
            .await
            .is_err(),
        "b is still proposed"
    );
    let e = catalogue::publish(&w.db, &bureau, 2024, d("2024-02-20"))
        .await
        .expect_err("not approved");
    refused_with(&e, "第三条第三款");
    catalogue::settle(&w.db, &bureau, b, d("2024-02-01"), true, "")
        .await
        .expect("list b");
    catalogue::approve(
        &w.db,
        &bureau,
        2024,
        d("2024-02-06"),
        "经区委常委会会议同意",
    )
    .await
    .expect("approve");
    assert_eq!(
        catalogue::publish(&w.db, &bureau, 2024, d("2024-02-20"))
            .await
            .expect("publish"),
        2
    );
    let s = stats::year(&w.db, BINHAI_REGION, 2024)
        .await
        .expect("stats");
    assert_eq!(
        (s.catalogue_items, s.catalogue_publication_rate),
        (2, Some(100.0))
    );
    assert_eq!(
        catalogue::published_items(&w.db, BINHAI_REGION, 2024)
            .await
            .expect("portal")
            .len(),
        2
    );

    // An adjustment: an item added later is listed, but the adjusted catalogue needs the
    // committee's agreement again before it is published; the rate shows the gap meanwhile.
    let c = catalogue::propose(&w.db, &body, &item(w.market, "滨海新区夜间经济发展措施"))
        .await
        .expect("c");
    assert!(
        catalogue::item(&w.db, &body, c)
            .await
            .expect("c")
            .by_adjustment
    );
    catalogue::settle(&w.db, &bureau, c, d("2024-06-03"), true, "")
        .await
        .expect("list c");
    let e = catalogue::publish(&w.db, &bureau, 2024, d("2024-06-05"))
        .await
        .expect_err("adjusted, not re-approved");
    refused_with(&e, "第三条第三款");
    let s = stats::year(&w.db, BINHAI_REGION, 2024)
        .await
        .expect("stats");
    assert_eq!(
        (s.catalogue_items, s.catalogue_publication_rate),
        (3, Some(66.7))
    );
    catalogue::approve(
        &w.db,
        &bureau,
        2024,
        d("2024-06-04"),
        "经区委常委会会议同意调整",
    )
    .await
    .expect("re-approve");
    catalogue::publish(&w.db, &bureau, 2024, d("2024-06-05"))
        .await
        .expect("publish c");
    let cat = catalogue::catalogue(&w.db, BINHAI_REGION, 2024)
        .await
        .expect("catalogue")
        .expect("exists");
    assert_eq!(cat.adjusted_on.as_deref(), Some("2024-06-04"));
    assert_eq!(cat.published_on.as_deref(), Some("2024-02-20"));
    // Withdrawing an item is an adjustment with its reason.
    catalogue::withdraw(
        &w.db,
        &bureau,
        c,
        d("2024-07-01"),
        "上级政策调整，不再作为本年度决策事项",
    )
    .await
    .expect("withdraw");
    assert_eq!(
        catalogue::item(&w.db, &bureau, c).await.expect("c").status,
        ItemStatus::Withdrawn
    );
    let s = stats::year(&w.db, BINHAI_REGION, 2024)
        .await
        .expect("stats");
    assert_eq!(
        (s.catalogue_items, s.catalogue_publication_rate),
        (2, Some(100.0))
    );

    // Deleting records changes the figures.
    sqlx::query("DELETE FROM decision_items WHERE id = $1")
        .bind(a)
        .execute(w.db.pool())
        .await
        .expect("delete");
    assert_eq!(
        stats::year(&w.db, BINHAI_REGION, 2024)
            .await
            .expect("stats")
            .catalogue_items,
        1
    );
}

#[tokio::test]
async fn a_decision_through_the_five_procedures_each_gate_with_its_article() {
    let Setup {
        w,
        cal,
        bureau,
        body,
        other,
        items,
    } = published_catalogue().await;
    // An item not in the published catalogue cannot start (第三条第三款).
    let late = catalogue::propose(&w.db, &body, &item(w.market, "滨海新区夜间经济发展措施"))
        .await
        .expect("late");
    let e = workflow::start(&w.db, &body, &new_decision(late, false, false))
        .await
        .expect_err("not in the published catalogue");
    refused_with(&e, "第三条第三款");
    // Only the undertaking body starts, and only on its own items.
    assert!(
        workflow::start(&w.db, &bureau, &new_decision(items[0], true, true))
            .await
            .is_err()
    );
    assert!(
        workflow::start(&w.db, &other, &new_decision(items[0], true, true))
            .await
            .is_err()
    );
    let mut bad = new_decision(items[0], true, true);
    bad.summary = String::new();
    assert_eq!(
        workflow::start(&w.db, &body, &bad)
            .await
            .expect_err("no draft")
            .field(),
        Some("summary")
    );
    assert_eq!(
        count(
            &w.db,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM major_decisions"
        )
        .await,
        0
    );
    let id = workflow::start(&w.db, &body, &new_decision(items[0], true, true))
        .await
        .expect("start");
    assert!(
        workflow::start(&w.db, &body, &new_decision(items[0], true, true))
            .await
            .is_err()
    );

    // Scope: another body does not see it; the Justice Bureau does.
    assert!(records::get(&w.db, &other, id).await.is_err());
    assert!(records::get(&w.db, &bureau, id).await.is_ok());
    assert_eq!(
        records::list(&w.db, &other, None, 50, 0)
            .await
            .expect("list")
            .1,
        0
    );

    let steps = || async {
        count(
            &w.db,
            &format!(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM decision_steps WHERE decision_id = {id}"
            ),
        )
        .await
    };
    let before = steps().await;
    let act = |who: &Principal, on: &str, s: Step| {
        let (db, cal, who) = (w.db.clone(), cal.clone(), who.clone());
        let on = d(on);
        async move { workflow::act(&db, &who, &cal, id, on, s).await }
    };
    let participate = |to: &str, reason: &str| Step::Participate {
        from: d("2024-03-05"),
        to: d(to),
        short_reason: reason.into(),
        received: 12,
        adoption: "合理意见已采纳。".into(),
    };
    // 第十五条: 03-05 to 04-02 is 29 days.
    let e = act(&body, "2024-04-08", participate("2024-04-02", ""))
        .await
        .expect_err("29 days");
    refused_with(&e, "第十五条");
    // 第十八条: the comments are studied after the period.
    let e = act(&body, "2024-04-01", participate("2024-04-03", ""))
        .await
        .expect_err("before the period ends");
    refused_with(&e, "第十八条");
    // 第十六条: materials 7 days before the hearing (04-10 hearing: by 04-03).
    let hearing = |materials: &str, signed: bool| Step::Hearing {
        hearing_on: d("2024-04-10"),
        materials_on: d(materials),
        record_signed: signed,
    };
    refused_with(
        &act(&body, "2024-04-10", hearing("2024-04-04", true))
            .await
            .expect_err("6 days"),
        "第十六条",
    );
    refused_with(
        &act(&body, "2024-04-10", hearing("2024-04-03", false))
            .await
            .expect_err("unsigned"),
        "第十七条",
    );
    // 第十九条 / 第二十条: signed written opinions, experts without an interest.
    let experts = |signed: bool, no_interest: bool| Step::Experts {
        experts: "南开大学法学院、天津市食品安全专家委员会".into(),
        opinion: "必要、可行。".into(),
        signed,
        no_interest,
    };
    refused_with(
        &act(&body, "2024-04-12", experts(false, true))
            .await
            .expect_err("unsigned"),
        "第十九条",
    );
    refused_with(
        &act(&body, "2024-04-12", experts(true, false))
            .await
            .expect_err("interest"),
        "第二十条",
    );
    // The Justice Bureau does not run the undertaker's procedures.
    assert!(
        act(&bureau, "2024-04-12", experts(true, true))
            .await
            .is_err()
    );
    // Sending for review before the procedures are done: 第十四条, 第十九条, 第二十二条.
    let submit = |by: &str| Step::SubmitReview { needed_by: d(by) };
    refused_with(
        &act(&body, "2024-04-15", submit("2024-05-15"))
            .await
            .expect_err("no participation"),
        "第十四条",
    );
    // Bad input: a date before the start or in the future.
    assert!(act(&body, "2024-02-01", experts(true, true)).await.is_err());
    assert!(act(&body, "2099-01-01", experts(true, true)).await.is_err());
    assert_eq!(steps().await, before, "no refusal wrote a step");
    assert_eq!(
        records::get(&w.db, &body, id).await.expect("d").status,
        Status::Drafting
    );

    act(&body, "2024-04-08", participate("2024-04-03", ""))
        .await
        .expect("30 days");
    act(&body, "2024-04-10", hearing("2024-04-03", true))
        .await
        .expect("hearing");
    refused_with(
        &act(&body, "2024-04-15", submit("2024-05-15"))
            .await
            .expect_err("no experts"),
        "第十九条",
    );
    act(&body, "2024-04-12", experts(true, true))
        .await
        .expect("experts");
    refused_with(
        &act(&body, "2024-04-15", submit("2024-05-15"))
            .await
            .expect_err("no risk"),
        "第二十二条",
    );
    act(
        &body,
        "2024-04-16",
        Step::Risk {
            assessor: "滨海新区社会稳定风险评估中心".into(),
            report: "风险点、防范措施和处置预案。".into(),
            controllable: true,
        },
    )
    .await
    .expect("risk");
    // 第二十六条: seven working days; from 04-26 the May Day holiday moves it to 05-09.
    refused_with(
        &act(&body, "2024-04-26", submit("2024-05-08"))
            .await
            .expect_err("6 working days"),
        "第二十六条",
    );
    act(&body, "2024-04-26", submit("2024-05-09"))
        .await
        .expect("submit");

    // 第二十八条: no review opinion without the counsel's opinion.
    let review = |c: ReviewConclusion| Step::Review {
        conclusion: c,
        opinion: "权限、程序、内容均合法。".into(),
    };
    assert!(
        act(&body, "2024-05-06", review(ReviewConclusion::Lawful))
            .await
            .is_err(),
        "bodies do not review"
    );
    refused_with(
        &act(&bureau, "2024-05-06", review(ReviewConclusion::Lawful))
            .await
            .expect_err("no counsel"),
        "第二十八条",
    );
    let counsel = registry::register(
        &w.db,
        &bureau,
        &lawyer(Kind::PublicLawyer, "王立新", "A1", w.market, "2023-01-01"),
    )
    .await
    .expect("counsel");
    opinions::assign(
        &w.db,
        &bureau,
        counsel,
        SubjectKind::Decision,
        id,
        d("2024-04-26"),
    )
    .await
    .expect("assign");
    opinions::give(
        &w.db,
        &bureau,
        counsel,
        SubjectKind::Decision,
        id,
        d("2024-05-06"),
        "未发现与上位法抵触。",
    )
    .await
    .expect("opinion");
    // An opinion given after the review day does not count for it.
    refused_with(
        &act(&bureau, "2024-05-05", review(ReviewConclusion::Lawful))
            .await
            .expect_err("opinion later"),
        "第二十八条",
    );
    act(&bureau, "2024-05-07", review(ReviewConclusion::Lawful))
        .await
        .expect("review");

    // 第三十条: the head last, dissent recorded; the meeting kind.
    let decide = |speeches: Vec<Speech>, kind: &str, dissent: &str| Step::Decide {
        meeting_kind: kind.into(),
        speeches,
        adopted: true,
        head_reason: String::new(),
        dissent: dissent.into(),
    };
    let ok_speeches = || {
        vec![
            speech("常务副区长 甲", false, Position::Agree),
            speech("副区长 乙", false, Position::Disagree),
            speech("区长 丙", true, Position::Agree),
        ]
    };
    refused_with(
        &act(
            &bureau,
            "2024-05-14",
            decide(ok_speeches(), "专题会议", "乙：不同意"),
        )
        .await
        .expect_err("meeting"),
        "第三十条第一款",
    );
    let mut head_first = ok_speeches();
    head_first.rotate_right(1);
    refused_with(
        &act(
            &bureau,
            "2024-05-14",
            decide(head_first, "常务会议", "乙：不同意"),
        )
        .await
        .expect_err("head first"),
        "第三十条第二款",
    );
    refused_with(
        &act(&bureau, "2024-05-14", decide(ok_speeches(), "常务会议", ""))
            .await
            .expect_err("dissent"),
        "第三十条第三款",
    );
    assert_eq!(
        count(
            &w.db,
            "SELECT CAST(COUNT(*) AS BIGINT) FROM decision_speeches"
        )
        .await,
        0
    );
    act(
        &bureau,
        "2024-05-14",
        decide(ok_speeches(), "常务会议", "乙：资金来源尚不明确"),
    )
    .await
    .expect("decide");
    let dossier = records::dossier(&w.db, &bureau, id).await.expect("dossier");
    assert_eq!(dossier.decision.status, Status::Decided);
    assert_eq!(dossier.decision.head_name, "区长 丙");
    assert_eq!(dossier.speeches.len(), 3);
    // 第三十八条: the accountability record, the dissenting member marked.
    assert_eq!(dossier.accountability.len(), 4);
    assert!(
        dossier
            .accountability
            .iter()
            .any(|r| r.person == "副区长 乙" && r.dissented)
    );

    // 第三十二条 before 第三十三条: publish, then archive.
    refused_with(
        &act(&bureau, "2024-05-20", Step::Archive)
            .await
            .expect_err("not yet published"),
        "第三十二条",
    );
    let publish = |reported: &str| Step::Publish {
        channel: "滨海新区人民政府网站".into(),
        party_reported_on: d(reported),
    };
    refused_with(
        &act(&bureau, "2024-05-20", publish("2024-05-21"))
            .await
            .expect_err("not reported"),
        "第三十一条",
    );
    act(&bureau, "2024-05-20", publish("2024-05-15"))
        .await
        .expect("publish");
    assert_eq!(
        records::published(&w.db, BINHAI_REGION)
            .await
            .expect("portal")
            .len(),
        1
    );
    let m = act(&bureau, "2024-05-30", Step::Archive)
        .await
        .expect("archive");
    assert_eq!(m.archive_digest.len(), 64);
    assert!(
        act(&bureau, "2024-05-31", Step::Archive).await.is_err(),
        "archived once"
    );
    let archived: String =
        sqlx::query("SELECT content FROM decision_archives WHERE decision_id = $1")
            .bind(id)
            .fetch_one(w.db.pool())
            .await
            .expect("archive")
            .try_get(0)
            .expect("content");
    assert!(archived.contains("未发现与上位法抵触") && archived.contains("乙：资金来源尚不明确"));
    assert_eq!(
        fazhi_core::audit::sm3_hex(archived.as_bytes()),
        m.archive_digest
    );

    // 第三十六条: not by the unit that assessed before.
    let evaluate = |who: &str| Step::Evaluate {
        trigger: Trigger::Complaints,
        evaluator: who.into(),
        conclusion: "基本达到预期。".into(),
    };
    refused_with(
        &act(
            &bureau,
            "2024-12-01",
            evaluate("滨海新区社会稳定风险评估中心"),
        )
        .await
        .expect_err("assessor"),
        "第三十六条",
    );
    refused_with(
        &act(&bureau, "2024-12-01", evaluate("南开大学法学院"))
            .await
            .expect_err("expert"),
        "第三十六条",
    );
    act(
        &bureau,
        "2024-12-01",
        evaluate("天津市滨海新区发展研究中心"),
    )
    .await
    .expect("evaluate");

    let s = stats::year(&w.db, BINHAI_REGION, 2024)
        .await
        .expect("stats");
    assert_eq!((s.decided, s.published, s.archived), (1, 1, 1));
    // Deleting the decision's records changes the figures.
    for t in [
        "decision_speeches",
        "decision_accountability",
        "decision_evaluations",
        "decision_archives",
        "decision_steps",
    ] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {t} WHERE decision_id = $1"
        )))
        .bind(id)
        .execute(w.db.pool())
        .await
        .expect("delete");
    }
    sqlx::query("DELETE FROM major_decisions WHERE id = $1")
        .bind(id)
        .execute(w.db.pool())
        .await
        .expect("delete");
    let s = stats::year(&w.db, BINHAI_REGION, 2024)
        .await
        .expect("stats");
    assert_eq!((s.decided, s.published, s.archived), (0, 0, 0));
}

#[tokio::test]
async fn risk_unlawful_drafts_and_closed_matters() {
    let Setup {
        w,
        cal,
        bureau,
        body,
        other,
        items,
    } = published_catalogue().await;
    let counsel = registry::register(
        &w.db,
        &bureau,
        &lawyer(Kind::PublicLawyer, "李秀英", "A9", w.safety, "2023-01-01"),
    )
    .await
    .expect("counsel");
    // A matter not public by law: no public comment (第十四条), no publication (第三十二条).
    let mut closed = new_decision(items[1], false, false);
    closed.open_to_public = false;
    assert!(
        workflow::start(&w.db, &body, &closed).await.is_err(),
        "the reason is required"
    );
    closed.closed_reason = "涉及国家秘密".into();
    let id = workflow::start(&w.db, &body, &closed)
        .await
        .expect("closed");
    let act = |who: &Principal, id: i64, on: &str, s: Step| {
        let (db, cal, who) = (w.db.clone(), cal.clone(), who.clone());
        let on = d(on);
        async move { workflow::act(&db, &who, &cal, id, on, s).await }
    };
    let e = act(
        &body,
        id,
        "2024-04-08",
        Step::Participate {
            from: d("2024-03-05"),
            to: d("2024-04-05"),
            short_reason: String::new(),
            received: 0,
            adoption: "无".into(),
        },
    )
    .await
    .expect_err("not public");
    refused_with(&e, "第十四条");
    act(
        &body,
        id,
        "2024-04-15",
        Step::SubmitReview {
            needed_by: d("2024-04-24"),
        },
    )
    .await
    .expect("submit");
    // Returned for completion (第二十六条), then sent again.
    act(
        &bureau,
        id,
        "2024-04-16",
        Step::ReturnReview {
            reason: "缺少法律依据清单".into(),
        },
    )
    .await
    .expect("return");
    act(
        &body,
        id,
        "2024-04-17",
        Step::SubmitReview {
            needed_by: d("2024-04-26"),
        },
    )
    .await
    .expect("submit again");
    opinions::assign(
        &w.db,
        &bureau,
        counsel,
        SubjectKind::Decision,
        id,
        d("2024-04-17"),
    )
    .await
    .expect("assign");
    opinions::give(
        &w.db,
        &bureau,
        counsel,
        SubjectKind::Decision,
        id,
        d("2024-04-18"),
        "存在超越权限的条款。",
    )
    .await
    .expect("opinion");
    // 第二十五条: found unlawful, it goes back to the undertaker and cannot be discussed.
    let m = act(
        &bureau,
        id,
        "2024-04-19",
        Step::Review {
            conclusion: ReviewConclusion::Unlawful,
            opinion: "第五条超越法定权限。".into(),
        },
    )
    .await
    .expect("unlawful");
    assert_eq!(m.status, Status::Drafting);
    let decide = Step::Decide {
        meeting_kind: "常务会议".into(),
        speeches: vec![
            speech("副区长 甲", false, Position::Agree),
            speech("区长 乙", true, Position::Agree),
        ],
        adopted: true,
        head_reason: String::new(),
        dissent: String::new(),
    };
    assert!(
        act(&bureau, id, "2024-04-25", decide.clone())
            .await
            .is_err()
    );
    act(
        &body,
        id,
        "2024-04-22",
        Step::SubmitReview {
            needed_by: d("2024-05-06"),
        },
    )
    .await
    .expect("again");
    act(
        &bureau,
        id,
        "2024-04-24",
        Step::Review {
            conclusion: ReviewConclusion::Lawful,
            opinion: "已修改，合法。".into(),
        },
    )
    .await
    .expect("lawful");
    act(&bureau, id, "2024-04-25", decide.clone())
        .await
        .expect("decide");
    let e = act(
        &bureau,
        id,
        "2024-04-28",
        Step::Publish {
            channel: "政府网站".into(),
            party_reported_on: d("2024-04-26"),
        },
    )
    .await
    .expect_err("closed");
    refused_with(&e, "第三十二条");
    // A closed decision is archived without publication.
    act(&bureau, id, "2024-04-29", Step::Archive)
        .await
        .expect("archive");

    // 第二十四条: an uncontrollable risk stops the decision.
    let risky = workflow::start(&w.db, &other, &new_decision(items[2], false, true))
        .await
        .expect("risky");
    act(
        &other,
        risky,
        "2024-04-08",
        Step::Participate {
            from: d("2024-03-05"),
            to: d("2024-04-03"),
            short_reason: String::new(),
            received: 3,
            adoption: "已采纳。".into(),
        },
    )
    .await
    .expect("participate");
    act(
        &other,
        risky,
        "2024-04-09",
        Step::Risk {
            assessor: "第三方评估机构".into(),
            report: "搬迁涉及群众较多。".into(),
            controllable: false,
        },
    )
    .await
    .expect("risk");
    act(
        &other,
        risky,
        "2024-04-10",
        Step::SubmitReview {
            needed_by: d("2024-04-19"),
        },
    )
    .await
    .expect("submit");
    opinions::assign(
        &w.db,
        &bureau,
        counsel,
        SubjectKind::Decision,
        risky,
        d("2024-04-10"),
    )
    .await
    .expect("assign");
    opinions::give(
        &w.db,
        &bureau,
        counsel,
        SubjectKind::Decision,
        risky,
        d("2024-04-11"),
        "程序合法。",
    )
    .await
    .expect("opinion");
    act(
        &bureau,
        risky,
        "2024-04-12",
        Step::Review {
            conclusion: ReviewConclusion::Exploratory,
            opinion: "明示法律风险。".into(),
        },
    )
    .await
    .expect("exploratory");
    let e = act(&bureau, risky, "2024-04-15", decide)
        .await
        .expect_err("risk");
    refused_with(&e, "第二十四条");
    assert_eq!(
        records::get(&w.db, &bureau, risky).await.expect("d").status,
        Status::Reviewed
    );
}
