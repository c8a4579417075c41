//! Administrative reconsideration on the real storage: the gates of 行政复议法 with their
//! articles (refusals bilingual, nothing written), a case from receipt to a decision that
//! revokes a penalty, the respondent's answer, the roles and the data scope, and the figures
//! counted from the records. Expected dates were read off the holiday notices by hand.

use chrono::NaiveDate;
use fazhi_core::BINHAI_REGION;
use fazhi_core::auth::{DataScope, Role};
use fazhi_core::calendar::{load_calendar, seed_calendar};
use fazhi_core::litigation;
use fazhi_core::reconsideration::records::{self, DecisionKind, Status};
use fazhi_core::reconsideration::rules::{ActKind, Channel, Procedure};
use fazhi_core::reconsideration::stats;
use fazhi_core::reconsideration::workflow::{self, HearingWay, NewApplication, Step};

use crate::support::{principal, world};

fn d(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

fn application(respondent: i64, name: &str, knew: &str, received: &str) -> NewApplication {
    NewApplication {
        channel: Channel::Counter,
        applicant_kind: "organisation".into(),
        applicant_name: name.into(),
        applicant_code: String::new(),
        applicant_contact: "022-12345678".into(),
        respondent_department_id: respondent,
        act_kind: ActKind::Penalty,
        act_description: format!("{name}所受罚款二万元的行政处罚决定"),
        case_id: None,
        act_on: d(knew),
        knew_on: d(knew),
        rights_told: true,
        rights_known_on: None,
        real_estate: false,
        amount_fen: Some(2_000_000),
        warning_only: false,
        requests: "撤销该处罚决定".into(),
        reasons: "事实不清".into(),
        third_parties: String::new(),
        received_on: d(received),
    }
}

fn code(e: &fazhi_core::Error) -> &str {
    e.code()
}

#[tokio::test]
async fn from_receipt_to_a_decision_with_every_gate_fyf() {
    let w = world().await;
    seed_calendar(&w.db).await.expect("calendar");
    let cal = load_calendar(&w.db).await.expect("calendar");
    let bureau = principal(Role::Supervisor, None, DataScope::District);
    let respondent = principal(Role::DeptAdmin, Some(w.market), DataScope::DepartmentTree);
    let other_body = principal(Role::DeptAdmin, Some(w.safety), DataScope::DepartmentTree);

    // Only the Justice Bureau receives at the counter.
    let e = workflow::receive_as(
        &w.db,
        &respondent,
        &cal,
        &application(w.market, "甲公司", "2024-08-02", "2024-09-20"),
    )
    .await
    .expect_err("a respondent cannot receive");
    assert!(matches!(e, fazhi_core::Error::Forbidden { .. }));
    // 第三十二条: only on-the-spot or monitored penalties come through the penalising body.
    let mut t = application(w.market, "甲公司", "2024-08-02", "2024-09-20");
    t.channel = Channel::Transfer;
    let e = workflow::receive_as(&w.db, &bureau, &cal, &t)
        .await
        .expect_err("transfer of an ordinary penalty");
    assert!(e.message_zh().contains("第三十二条"), "{}", e.message_zh());

    // Knew on 08-02: sixty days end on 10-01, a holiday, so 10-08 (第二十条, 第八十八条).
    let (late, _) = workflow::receive_as(
        &w.db,
        &bureau,
        &cal,
        &application(w.market, "乙公司", "2024-08-02", "2024-10-09"),
    )
    .await
    .expect("received");
    let e = workflow::act(
        &w.db,
        &bureau,
        &cal,
        late,
        d("2024-10-10"),
        Step::Accept {
            procedure: Procedure::Ordinary,
            consent: false,
        },
    )
    .await
    .expect_err("out of time");
    assert_eq!(code(&e), "reconsideration.refused");
    assert!(e.message_zh().contains("2024-10-08") && e.message_en().contains("art. 20"));
    let a = records::get(&w.db, &bureau, late).await.expect("stored");
    assert_eq!(a.status, Status::Received, "nothing written");
    assert!(a.case_no.is_empty(), "no number consumed");
    workflow::act(
        &w.db,
        &bureau,
        &cal,
        late,
        d("2024-10-10"),
        Step::Reject {
            reason: "超过法定申请期限（第二十条）".into(),
        },
    )
    .await
    .expect("rejected");

    // In time on the last day; a duplicate is refused at once.
    let (id, query) = workflow::receive_as(
        &w.db,
        &bureau,
        &cal,
        &application(w.market, "丙公司", "2024-08-02", "2024-10-08"),
    )
    .await
    .expect("received");
    assert!(query.len() >= 10);
    let e = workflow::receive_as(
        &w.db,
        &bureau,
        &cal,
        &application(w.market, "丙公司", "2024-08-02", "2024-10-08"),
    )
    .await
    .expect_err("duplicate");
    assert_eq!(code(&e), "reconsideration.refused");
    let a = records::get(&w.db, &bureau, id).await.expect("a");
    assert_eq!(
        a.acceptance_due,
        d("2024-10-14"),
        "five working days, the adjusted Saturday 10-12 counting (第三十条)"
    );
    // 第三十一条: 补正 notice within five working days; ten working days to supply.
    let a = workflow::act(
        &w.db,
        &bureau,
        &cal,
        id,
        d("2024-10-09"),
        Step::RequestCorrection {
            items: "请提交处罚决定书复印件".into(),
        },
    )
    .await
    .expect("correction");
    assert_eq!(a.correction_due, Some(d("2024-10-22")));
    let e = workflow::act(&w.db, &bureau, &cal, id, d("2024-10-22"), Step::Abandon)
        .await
        .expect_err("not before the ten working days end");
    assert!(e.message_zh().contains("第三十一条"));
    let a = workflow::act(&w.db, &bureau, &cal, id, d("2024-10-14"), Step::Corrected)
        .await
        .expect("corrected");
    assert_eq!(
        a.acceptance_due,
        d("2024-10-21"),
        "the review runs again (第三十一条第三款)"
    );
    // 20,000 yuan is no simplified case (第五十三条).
    let e = workflow::act(
        &w.db,
        &bureau,
        &cal,
        id,
        d("2024-10-15"),
        Step::Accept {
            procedure: Procedure::Simplified,
            consent: false,
        },
    )
    .await
    .expect_err("not simplified");
    assert!(e.message_zh().contains("第五十三条"));
    let a = workflow::act(
        &w.db,
        &bureau,
        &cal,
        id,
        d("2024-10-15"),
        Step::Accept {
            procedure: Procedure::Ordinary,
            consent: false,
        },
    )
    .await
    .expect("accepted");
    assert!(a.case_no.starts_with("津滨政复〔2024〕"), "{}", a.case_no);
    // 第六十二条: sixty days from 10-15 → 12-14, a Saturday → 12-16.
    assert_eq!(a.decision_due, Some(d("2024-12-16")));
    // The respondent answers only after the copy; another body sees nothing.
    assert!(
        records::get(&w.db, &other_body, id).await.is_err(),
        "out of scope"
    );
    let a = workflow::act(&w.db, &bureau, &cal, id, d("2024-10-16"), Step::SendCopy)
        .await
        .expect("copy");
    // 第四十八条: ten working days from 10-16 → 10-30.
    assert_eq!(a.answer_due, Some(d("2024-10-30")));
    let e = workflow::act(
        &w.db,
        &respondent,
        &cal,
        id,
        d("2024-10-20"),
        Step::Decide {
            kind: DecisionKind::Upheld,
            text: "维持".into(),
        },
    )
    .await
    .expect_err("the respondent does not decide");
    assert!(matches!(e, fazhi_core::Error::Forbidden { .. }));
    workflow::act(
        &w.db,
        &respondent,
        &cal,
        id,
        d("2024-10-25"),
        Step::Answer {
            note: "提交答复及证据".into(),
        },
    )
    .await
    .expect("answer");
    let e = workflow::act(
        &w.db,
        &other_body,
        &cal,
        id,
        d("2024-10-25"),
        Step::Answer { note: "x".into() },
    )
    .await
    .expect_err("another body");
    assert!(matches!(e, fazhi_core::Error::NotFound { .. }), "{e:?}");
    // 第六十二条: at most thirty more days.
    let e = workflow::act(
        &w.db,
        &bureau,
        &cal,
        id,
        d("2024-12-02"),
        Step::Extend {
            days: 31,
            reason: "复杂".into(),
        },
    )
    .await
    .expect_err("over thirty");
    assert!(e.message_zh().contains("第六十二条"));
    let a = workflow::act(
        &w.db,
        &bureau,
        &cal,
        id,
        d("2024-12-02"),
        Step::Extend {
            days: 30,
            reason: "案情复杂".into(),
        },
    )
    .await
    .expect("extended");
    assert_eq!(a.decision_due, Some(d("2025-01-13")), "12-14 + 30 = 01-13");
    // 第四十九条: no ordinary decision before the parties were heard.
    let e = workflow::act(
        &w.db,
        &bureau,
        &cal,
        id,
        d("2024-12-20"),
        Step::Decide {
            kind: DecisionKind::Revoked,
            text: "主要事实不清、证据不足".into(),
        },
    )
    .await
    .expect_err("not heard");
    assert!(e.message_zh().contains("第四十九条"), "{}", e.message_zh());
    assert!(e.message_en().contains("art. 49"));
    // 第五十一条 with 第八十八条: notified on Friday 12-13, five working days end on 12-20;
    // a hearing on 12-19 is too early.
    let e = workflow::act(
        &w.db,
        &bureau,
        &cal,
        id,
        d("2024-12-19"),
        Step::Hearing {
            notified_on: d("2024-12-13"),
            note: "处罚依据是否适用".into(),
        },
    )
    .await
    .expect_err("notice too short");
    assert!(e.message_zh().contains("第五十一条"), "{}", e.message_zh());
    let a = workflow::act(
        &w.db,
        &bureau,
        &cal,
        id,
        d("2024-12-20"),
        Step::Hearing {
            notified_on: d("2024-12-13"),
            note: "处罚依据是否适用".into(),
        },
    )
    .await
    .expect("hearing");
    assert_eq!(
        (a.hearing_on, a.opinions_heard_on),
        (Some(d("2024-12-20")), Some(d("2024-12-20")))
    );
    let a = workflow::act(
        &w.db,
        &bureau,
        &cal,
        id,
        d("2024-12-20"),
        Step::Decide {
            kind: DecisionKind::Revoked,
            text: "主要事实不清、证据不足".into(),
        },
    )
    .await
    .expect("decided");
    assert_eq!(a.status, Status::Decided);
    // 行政诉讼法 第二十六条 第二款: after a revocation the reconsideration body is the defendant;
    // a suit linked to an application without a decision is refused (第三款 names the body).
    let suit = |rid: i64, no: &str| litigation::NewLawsuit {
        court: "天津市滨海新区人民法院".into(),
        court_case_no: no.into(),
        instance: litigation::Instance::First,
        defendant_department_id: w.market,
        plaintiff: "丙公司".into(),
        act_description: "罚款决定".into(),
        case_id: None,
        reconsideration_id: Some(rid),
        served_on: d("2024-12-30"),
    };
    litigation::register_as(&w.db, &bureau, &cal, &suit(id, "（2024）津0116行初21号"))
        .await
        .expect("registered");
    let e = litigation::register_as(&w.db, &bureau, &cal, &suit(late, "（2024）津0116行初22号"))
        .await
        .expect_err("no decision");
    assert!(
        e.message_zh().contains("第二十六条第三款"),
        "{}",
        e.message_zh()
    );
    let listed = litigation::list(&w.db, &bureau, 10).await.expect("list");
    let joined = listed
        .iter()
        .find(|l| l.court_case_no == "（2024）津0116行初21号")
        .expect("listed");
    assert!(
        joined
            .defendants
            .contains(fazhi_core::reconsideration::REVIEW_BODY)
            && joined.defendants.contains("第二十六条第二款")
            && !joined.defendants.contains("共同被告"),
        "{}",
        joined.defendants
    );
    assert_eq!(
        litigation::defendants_after(DecisionKind::Upheld, "区市场监管局")
            .map(|s| s.contains("共同被告")),
        Some(true)
    );
    // The applicant follows it by the query code.
    let seen = records::by_query_code(&w.db, BINHAI_REGION, &query)
        .await
        .expect("query")
        .expect("found");
    assert_eq!(seen.id, id);

    let s = stats::year(&w.db, BINHAI_REGION, 2024)
        .await
        .expect("stats");
    assert_eq!(
        (s.received, s.accepted, s.decided, s.corrected),
        (2, 1, 1, 1)
    );
    // Figures are counts: another decided application moves them.
    let (id2, _) = workflow::receive_as(
        &w.db,
        &bureau,
        &cal,
        &application(w.market, "丁公司", "2024-11-01", "2024-11-04"),
    )
    .await
    .expect("received");
    workflow::act(
        &w.db,
        &bureau,
        &cal,
        id2,
        d("2024-11-05"),
        Step::Accept {
            procedure: Procedure::Simplified,
            consent: true,
        },
    )
    .await
    .expect("accepted with consent");
    workflow::act(
        &w.db,
        &bureau,
        &cal,
        id2,
        d("2024-11-06"),
        Step::Terminate {
            reason: "申请人撤回".into(),
            withdrawn: true,
        },
    )
    .await
    .expect("withdrawn");
    let s = stats::year(&w.db, BINHAI_REGION, 2024)
        .await
        .expect("stats");
    assert_eq!(
        (s.received, s.accepted, s.decided, s.mediated_or_withdrawn),
        (3, 2, 1, 1)
    );
}

/// 第二十九条: a lawsuit already before the court on the same penalty case bars acceptance;
/// 行政诉讼法 第六十七条: the defence is due fifteen days after service.
#[tokio::test]
async fn pending_lawsuit_bars_reconsideration_and_figures_count_fyf_art29() {
    let w = world().await;
    seed_calendar(&w.db).await.expect("calendar");
    let cal = load_calendar(&w.db).await.expect("calendar");
    let bureau = principal(Role::Supervisor, None, DataScope::District);
    // A penalty case of the market bureau to challenge.
    let case_id: i64 = sqlx::query_scalar(
        "INSERT INTO cases (region_code, case_no, department_id, procedure, stage, status, source, party_kind, party_name, \
         party_address, facts, lead_on, created_at, updated_at) VALUES ($1, '津滨市监立〔2024〕9号', $2, 'general', 'served', 'open', \
         'inspection', 'organisation', '戊公司', '天津', '事实', '2024-03-01', 0, 0) RETURNING id",
    )
    .bind(BINHAI_REGION)
    .bind(w.market)
    .fetch_one(w.db.pool())
    .await
    .expect("case");
    let mut tx =
        fazhi_core::audit::AuditedTx::begin(&w.db, fazhi_core::audit::Actor::system("test"))
            .await
            .expect("tx");
    let suit = litigation::register(
        &mut tx,
        BINHAI_REGION,
        &cal,
        &litigation::NewLawsuit {
            court: "天津市滨海新区人民法院".into(),
            court_case_no: "（2024）津0116行初9号".into(),
            instance: litigation::Instance::First,
            defendant_department_id: w.market,
            plaintiff: "戊公司".into(),
            act_description: "罚款决定".into(),
            case_id: Some(case_id),
            reconsideration_id: None,
            served_on: d("2024-09-16"),
        },
        "test",
    )
    .await
    .expect("lawsuit");
    litigation::record_judgment(
        &mut tx,
        suit,
        d("2024-11-05"),
        true,
        "副局长",
        d("2024-12-02"),
        litigation::Outcome::Revoked,
    )
    .await
    .expect("judgment");
    tx.commit().await.expect("commit");
    let defence: String =
        sqlx::query_scalar("SELECT defence_due FROM litigation_cases WHERE id = $1")
            .bind(suit)
            .fetch_one(w.db.pool())
            .await
            .expect("due");
    assert_eq!(
        defence, "2024-10-08",
        "fifteen days from 09-16 end in the holiday"
    );
    let mut n = application(w.market, "戊公司", "2024-09-01", "2024-10-10");
    n.case_id = Some(case_id);
    n.act_description = "津滨市监罚〔2024〕9号".into();
    let (id, _) = workflow::receive_as(&w.db, &bureau, &cal, &n)
        .await
        .expect("received");
    let e = workflow::act(
        &w.db,
        &bureau,
        &cal,
        id,
        d("2024-10-11"),
        Step::Accept {
            procedure: Procedure::Ordinary,
            consent: false,
        },
    )
    .await
    .expect_err("the court has it");
    assert!(e.message_zh().contains("第二十九条"));
    let s = litigation::stats(&w.db, BINHAI_REGION, 2024)
        .await
        .expect("stats");
    assert_eq!(
        (
            s.first_instance,
            s.second_instance,
            s.lost,
            s.head_appearances
        ),
        (1, 0, 1, 1)
    );
    sqlx::query("DELETE FROM litigation_cases WHERE id = $1")
        .bind(suit)
        .execute(w.db.pool())
        .await
        .expect("delete");
    let s = litigation::stats(&w.db, BINHAI_REGION, 2024)
        .await
        .expect("stats");
    assert_eq!(
        s.first_instance, 0,
        "deleting the record changes the figure"
    );
}

/// The rest of the hearing and what follows a decision: the committee's opinion recorded
/// (第五十二条), an incidental review that suspends the case with its due date (第十三条,
/// 第三十九条, 第五十六条), a 意见书 with its sixty days (第七十六条) answered by the respondent
/// alone, and the order to perform (第七十七条).
#[tokio::test]
async fn committee_incidental_review_opinion_letter_and_performance_fyf_arts52_56_76_77() {
    let w = world().await;
    seed_calendar(&w.db).await.expect("calendar");
    let cal = load_calendar(&w.db).await.expect("calendar");
    let bureau = principal(Role::Supervisor, None, DataScope::District);
    let respondent = principal(Role::DeptAdmin, Some(w.market), DataScope::DepartmentTree);
    let (id, _) = workflow::receive_as(
        &w.db,
        &bureau,
        &cal,
        &application(w.market, "戊公司", "2024-09-02", "2024-09-09"),
    )
    .await
    .expect("received");
    let step = |on: &str, s: Step| {
        let (db, cal, who) = (&w.db, &cal, &bureau);
        let on = d(on);
        async move { workflow::act(db, who, cal, id, on, s).await }
    };
    step(
        "2024-09-10",
        Step::Accept {
            procedure: Procedure::Ordinary,
            consent: false,
        },
    )
    .await
    .expect("accepted");
    // A written review needs the parties' reason (第四十九条).
    let e = step(
        "2024-09-12",
        Step::HearOpinions {
            way: HearingWay::Written,
            note: " ".into(),
        },
    )
    .await
    .expect_err("no reason");
    assert_eq!(e.code(), "reconsideration.invalid");
    let a = step(
        "2024-09-12",
        Step::ConsultCommittee {
            ground: "专业性、技术性较强".into(),
            opinion: "建议补充检测报告的证明力审查".into(),
        },
    )
    .await
    .expect("committee");
    assert_eq!(a.committee_on, Some(d("2024-09-12")));
    // 第五十六条: the request goes to the normative-document module; a document that is not one
    // of the district's own is transferred within seven working days (第八十八条), and the case is
    // suspended meanwhile. From Friday 09-13: the make-up Saturday 09-14, then (Mid-Autumn
    // 09-15–17 off) 18, 19, 20, 23, 24, 25 → 09-25.
    let a = step(
        "2024-09-13",
        Step::IncidentalReview {
            document: "《某市场监管领域行政处罚裁量基准》".into(),
        },
    )
    .await
    .expect("incidental");
    assert_eq!(a.status, Status::Suspended);
    assert_eq!(a.incidental_due, Some(d("2024-09-25")));
    let requests = fazhi_core::normative::incidental::of_application(&w.db, BINHAI_REGION, id)
        .await
        .expect("requests");
    assert_eq!(requests.len(), 1);
    assert_eq!(
        (requests[0].route.as_str(), requests[0].due_on),
        ("transfer", d("2024-09-25"))
    );
    step("2024-10-10", Step::Resume).await.expect("resumed");
    // 第七十六条: a 意见书, answered only by the respondent, sixty days from 10-11 → 12-10.
    let a = step(
        "2024-10-11",
        Step::OpinionLetter {
            text: "检测报告采信程序不规范，应予纠正".into(),
        },
    )
    .await
    .expect("letter");
    assert_eq!(a.opinion_reply_due, Some(d("2024-12-10")));
    let e = workflow::act(
        &w.db,
        &bureau,
        &cal,
        id,
        d("2024-10-20"),
        Step::OpinionReply {
            note: "已纠正".into(),
        },
    )
    .await
    .expect_err("the bureau does not report to itself");
    assert!(matches!(e, fazhi_core::Error::Forbidden { .. }));
    step(
        "2024-10-15",
        Step::HearOpinions {
            way: HearingWay::Phone,
            note: "申请人坚持撤销请求".into(),
        },
    )
    .await
    .expect("heard");
    step(
        "2024-10-20",
        Step::Decide {
            kind: DecisionKind::Perform,
            text: "责令重新作出处理".into(),
        },
    )
    .await
    .expect("decided");
    // 第七十七条: the time to perform ends after the order.
    let e = step(
        "2024-10-25",
        Step::OrderPerformance {
            due: d("2024-10-25"),
            note: "重新作出处理".into(),
        },
    )
    .await
    .expect_err("no time given");
    assert!(e.message_zh().contains("第七十七条"));
    let a = step(
        "2024-10-25",
        Step::OrderPerformance {
            due: d("2024-11-25"),
            note: "重新作出处理".into(),
        },
    )
    .await
    .expect("ordered");
    assert_eq!(a.performance_due, Some(d("2024-11-25")));
    // The decision feeds the body's monthly supervision indicator (复议纠错率, lower is better);
    // a body of the assessment is one with an active power item.
    sqlx::query(
        "INSERT INTO power_items (region_code, code, name, category, department_id, status, body, created_at, updated_at) \
         VALUES ($1, 'CF99900001', '事项', 'CF', $2, 'active', '{}', 0, 0)",
    )
    .bind(BINHAI_REGION)
    .bind(w.market)
    .execute(w.db.pool())
    .await
    .expect("item");
    use fazhi_core::supervision::assessment::{Month, indicators};
    let f = indicators::for_month(&w.db, &bureau, Month::parse("2024-10").expect("month"))
        .await
        .expect("figures");
    let market = f
        .bodies
        .iter()
        .find(|b| b.department_id == w.market)
        .and_then(|b| b.get(indicators::Indicator::ReconsiderationCorrected))
        .expect("the market body's figure");
    assert_eq!((market.numerator, market.denominator), (1, 1));
    assert!(market.indicator.lower_is_better());
    assert_eq!(market.records[0].href(), format!("/reconsideration/{id}"));
    let a = workflow::act(
        &w.db,
        &respondent,
        &cal,
        id,
        d("2024-12-12"),
        Step::OpinionReply {
            note: "已修订检测报告采信程序".into(),
        },
    )
    .await
    .expect("reply");
    assert_eq!(a.opinion_replied_on, Some(d("2024-12-12")));
    let steps = records::steps(&w.db, id).await.expect("steps");
    assert!(
        steps.iter().any(|s| s.note.contains("逾期报送")),
        "a late report is on record"
    );
}
