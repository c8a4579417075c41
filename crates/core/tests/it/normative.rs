//! Normative documents on the real storage: every gate refuses with its article and writes
//! nothing, the time limits on the holiday calendar (dates read off the 2024 notice by hand),
//! the roles and the data scope, registration numbers without gaps, citations checked in force,
//! the fair-competition review, the cleanup, the incidental review from reconsideration, and the
//! figures counted from the records.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use fazhi_core::auth::{DataScope, Principal, Role};
use fazhi_core::calendar::{HolidayCalendar, load_calendar, seed_calendar};
use fazhi_core::db::Db;
use fazhi_core::normative::fair_competition::{self, Mode, NewReview, Outcome};
use fazhi_core::normative::rules::{CHECKLIST, ExceptionGround, FAIR_COMPETITION_STANDARDS};
use fazhi_core::normative::{
    Conclusion, NewDocument, Status, Step, citations, cleanup, incidental, records, stats, workflow,
};
use fazhi_core::reconsideration::rules::{ActKind, Channel};
use fazhi_core::reconsideration::workflow::NewApplication;
use fazhi_core::{BINHAI_REGION, Error};

use crate::support::{World, corpus, principal, world};

fn d(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

const TEXT: &str = "第一条 为规范扬尘污染防治，根据《中华人民共和国大气污染防治法》第四十三条、《优化营商环境条例》第六十四条等规定，制定本办法。";
const PLAIN_TEXT: &str =
    "第一条 为规范企业用工指导，根据《中华人民共和国劳动合同法》第四条，制定本办法。";

struct Actors {
    drafter: Principal,
    bureau: Principal,
    other: Principal,
    cal: HolidayCalendar,
}

async fn actors(w: &World) -> Actors {
    seed_calendar(&w.db).await.expect("calendar");
    Actors {
        drafter: principal(Role::DeptAdmin, Some(w.market), DataScope::DepartmentTree),
        bureau: principal(Role::Supervisor, None, DataScope::District),
        other: principal(Role::DeptAdmin, Some(w.safety), DataScope::DepartmentTree),
        cal: load_calendar(&w.db).await.expect("calendar"),
    }
}

fn draft(w: &World, title: &str, text: &str, enterprises: bool, planned: &str) -> NewDocument {
    NewDocument {
        department_id: w.market,
        title: title.into(),
        subject: String::new(),
        body_text: text.into(),
        touches_enterprises: enterprises,
        planned_on: d(planned),
    }
}

async fn step(
    a: &Actors,
    who: &Principal,
    db: &Db,
    id: i64,
    on: &str,
    s: Step,
) -> Result<(), Error> {
    workflow::act(db, who, &a.cal, corpus(), id, d(on), s)
        .await
        .map(|_| ())
}

async fn doc(db: &Db, a: &Actors, id: i64) -> fazhi_core::normative::Document {
    records::get(db, &a.bureau, id).await.expect("document")
}

/// A non-enterprise draft through assessment, comment and a lawful review, ending Reviewed.
async fn reviewed(
    w: &World,
    a: &Actors,
    title: &str,
    text: &str,
    submit: &str,
    planned: &str,
) -> i64 {
    let id = workflow::create_as(
        &w.db,
        &a.drafter,
        corpus(),
        &draft(w, title, text, false, planned),
    )
    .await
    .expect("draft");
    let dr = &a.drafter;
    step(
        a,
        dr,
        &w.db,
        id,
        "2024-03-01",
        Step::Assess {
            note: "确有必要".into(),
        },
    )
    .await
    .expect("assess");
    step(
        a,
        dr,
        &w.db,
        id,
        "2024-03-04",
        Step::OpenComment {
            from: d("2024-03-04"),
            to: d("2024-03-14"),
            reason: String::new(),
        },
    )
    .await
    .expect("comment");
    step(
        a,
        dr,
        &w.db,
        id,
        "2024-03-15",
        Step::CloseComment {
            feedback: "未收到意见。".into(),
        },
    )
    .await
    .expect("close");
    step(a, dr, &w.db, id, submit, Step::RequestReview)
        .await
        .expect("request");
    let earliest = doc(&w.db, a, id).await.review_earliest.expect("earliest");
    for (k, _, _) in CHECKLIST {
        step(
            a,
            &a.bureau,
            &w.db,
            id,
            &earliest.to_string(),
            Step::Check {
                item: k.to_string(),
                passed: true,
                note: String::new(),
            },
        )
        .await
        .expect("check");
    }
    step(
        a,
        &a.bureau,
        &w.db,
        id,
        &earliest.to_string(),
        Step::Opinion {
            item: String::new(),
            text: "第三条表述不够明确，建议修改。".into(),
        },
    )
    .await
    .expect("opinion");
    step(
        a,
        &a.bureau,
        &w.db,
        id,
        &earliest.to_string(),
        Step::Conclude {
            conclusion: Conclusion::Lawful,
        },
    )
    .await
    .expect("conclude");
    id
}

async fn answer_all(w: &World, a: &Actors, id: i64, on: &str) {
    let mut conn = w.db.pool().acquire().await.expect("conn");
    let ops = records::opinions(&mut conn, id).await.expect("opinions");
    drop(conn);
    for o in ops.into_iter().filter(|o| o.adopted.is_none()) {
        step(
            a,
            &a.drafter,
            &w.db,
            id,
            on,
            Step::Answer {
                opinion_id: o.id,
                adopted: true,
                reason: "采纳，已修改。".into(),
            },
        )
        .await
        .expect("answer");
    }
}

fn all_clear() -> BTreeMap<String, bool> {
    FAIR_COMPETITION_STANDARDS
        .iter()
        .map(|(k, _, _)| (k.to_string(), true))
        .collect()
}

fn review(w: &World, doc: Option<i64>, mode: Mode, list: BTreeMap<String, bool>) -> NewReview {
    NewReview {
        document_id: doc,
        department_id: w.market,
        measure: "天津市滨海新区关于扬尘污染防治的管理办法".into(),
        mode,
        reviewed_on: d("2024-04-08"),
        checklist: list,
        exception_ground: None,
        exception_reason: String::new(),
        stakeholders: "召开企业座谈会".into(),
        third_party: String::new(),
    }
}

async fn count(db: &Db, table: &str) -> i64 {
    let row: (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM {table}"
    )))
    .fetch_one(db.pool())
    .await
    .expect("count");
    row.0
}

#[tokio::test]
async fn a_document_through_every_gate_with_its_articles() {
    let w = world().await;
    let a = actors(&w).await;
    // Roles and scope of the draft: the bureau does not draft; another body cannot draft for
    // the market body; bad input writes nothing.
    let n = draft(
        &w,
        "天津市滨海新区关于扬尘污染防治的管理办法",
        TEXT,
        true,
        "2024-06-28",
    );
    let e = workflow::create_as(&w.db, &a.bureau, corpus(), &n)
        .await
        .expect_err("bureau");
    assert!(matches!(e, Error::Forbidden { .. }));
    let e = workflow::create_as(&w.db, &a.other, corpus(), &n)
        .await
        .expect_err("scope");
    assert!(matches!(e, Error::Forbidden { .. }));
    let mut empty = n.clone();
    empty.title = "  ".into();
    let e = workflow::create_as(&w.db, &a.drafter, corpus(), &empty)
        .await
        .expect_err("empty");
    assert_eq!(e.code(), "normative.invalid");
    assert!(e.message_en().contains("title"), "{}", e.message_en());
    assert_eq!(count(&w.db, "normative_documents").await, 0);

    let id = workflow::create_as(&w.db, &a.drafter, corpus(), &n)
        .await
        .expect("draft");
    let mut conn = w.db.pool().acquire().await.expect("conn");
    let cites = records::citations(&mut conn, id).await.expect("cites");
    drop(conn);
    assert_eq!(cites.len(), 2, "{cites:?}");
    assert!(cites.iter().any(|c| c.code.starts_with("大气污染防治法/")));
    // Another body neither sees nor lists it.
    assert!(matches!(
        records::get(&w.db, &a.other, id).await,
        Err(Error::NotFound { .. })
    ));
    assert_eq!(
        records::list(&w.db, &a.other, None, 50, 0)
            .await
            .expect("list")
            .1,
        0
    );
    assert_eq!(
        records::list(&w.db, &a.bureau, None, 50, 0)
            .await
            .expect("list")
            .1,
        1
    );

    let dr = &a.drafter;
    // 37号: assessment before comment.
    let e = step(
        &a,
        dr,
        &w.db,
        id,
        "2024-03-01",
        Step::OpenComment {
            from: d("2024-03-04"),
            to: d("2024-04-03"),
            reason: String::new(),
        },
    )
    .await
    .expect_err("no assessment");
    assert!(e.message_zh().contains("37号"), "{}", e.message_zh());
    step(
        &a,
        dr,
        &w.db,
        id,
        "2024-03-01",
        Step::Assess {
            note: "经评估确有必要。".into(),
        },
    )
    .await
    .expect("assess");
    // 优化营商环境条例 第六十二条: 30 days for a document touching enterprises.
    let e = step(
        &a,
        dr,
        &w.db,
        id,
        "2024-03-04",
        Step::OpenComment {
            from: d("2024-03-04"),
            to: d("2024-03-20"),
            reason: String::new(),
        },
    )
    .await
    .expect_err("16 days");
    assert!(
        e.message_zh().contains("第六十二条") && e.message_zh().contains("16"),
        "{}",
        e.message_zh()
    );
    assert!(doc(&w.db, &a, id).await.comment_from.is_none());
    step(
        &a,
        dr,
        &w.db,
        id,
        "2024-03-04",
        Step::OpenComment {
            from: d("2024-03-04"),
            to: d("2024-04-03"),
            reason: String::new(),
        },
    )
    .await
    .expect("30 days");
    let e = step(
        &a,
        dr,
        &w.db,
        id,
        "2024-04-02",
        Step::CloseComment {
            feedback: "收到意见3条".into(),
        },
    )
    .await
    .expect_err("early");
    assert!(e.message_zh().contains("第六十二条"), "{}", e.message_zh());
    step(
        &a,
        dr,
        &w.db,
        id,
        "2024-04-08",
        Step::CloseComment {
            feedback: "收到意见3条，采纳2条。".into(),
        },
    )
    .await
    .expect("close");
    // 公平竞争审查条例 第十八条: no review, or a failed one, and the draft goes no further.
    let e = step(&a, dr, &w.db, id, "2024-04-10", Step::RequestReview)
        .await
        .expect_err("no fcr");
    assert!(e.message_zh().contains("第十八条"), "{}", e.message_zh());
    let mut restricting = all_clear();
    restricting.insert("flow_procurement".into(), false);
    let (_, out) = fair_competition::review_as(
        &w.db,
        dr,
        &review(&w, Some(id), Mode::Drafting, restricting),
    )
    .await
    .expect("failed review");
    assert_eq!(out, Outcome::Fail);
    let e = step(&a, dr, &w.db, id, "2024-04-10", Step::RequestReview)
        .await
        .expect_err("failed fcr");
    assert!(e.message_zh().contains("第十八条"));
    let (_, out) = fair_competition::review_as(
        &w.db,
        dr,
        &review(&w, Some(id), Mode::Drafting, all_clear()),
    )
    .await
    .expect("review");
    assert_eq!(out, Outcome::Pass);
    // No deliberation before the review (115号).
    let e = step(
        &a,
        dr,
        &w.db,
        id,
        "2024-04-10",
        Step::Deliberate {
            meeting: "局务会议".into(),
        },
    )
    .await
    .expect_err("not reviewed");
    assert!(e.message_zh().contains("115号"), "{}", e.message_zh());
    step(&a, dr, &w.db, id, "2024-04-10", Step::RequestReview)
        .await
        .expect("request");
    let x = doc(&w.db, &a, id).await;
    assert_eq!(x.status, Status::InReview);
    // 5 working days: 04-11, 12, 15, 16, 17; 15: …, 04-26, 04-28 (a Sunday worked for May Day),
    // 04-29, 04-30.
    assert_eq!(x.review_earliest, Some(d("2024-04-17")));
    assert_eq!(x.review_due, Some(d("2024-04-30")));

    // The reviewer's side: the drafting body cannot give opinions; the bureau cannot answer.
    let e = step(
        &a,
        dr,
        &w.db,
        id,
        "2024-04-15",
        Step::Opinion {
            item: String::new(),
            text: "x".into(),
        },
    )
    .await
    .expect_err("drafter opinion");
    assert!(matches!(e, Error::Forbidden { .. }));
    let bu = &a.bureau;
    let e = step(
        &a,
        bu,
        &w.db,
        id,
        "2024-04-15",
        Step::Check {
            item: "nonsense".into(),
            passed: true,
            note: String::new(),
        },
    )
    .await
    .expect_err("item");
    assert_eq!(e.code(), "normative.invalid");
    for (k, _, _) in CHECKLIST.iter().filter(|(k, _, _)| *k != "procedure") {
        let failed = *k == "rights_duties";
        step(
            &a,
            bu,
            &w.db,
            id,
            "2024-04-15",
            Step::Check {
                item: k.to_string(),
                passed: !failed,
                note: if failed {
                    "第九条增加企业义务".into()
                } else {
                    String::new()
                },
            },
        )
        .await
        .expect("check");
    }
    // Not before the fifth working day.
    let e = step(
        &a,
        bu,
        &w.db,
        id,
        "2024-04-16",
        Step::Conclude {
            conclusion: Conclusion::Amend,
        },
    )
    .await
    .expect_err("early");
    assert!(
        e.message_zh().contains("115号") && e.message_zh().contains("2024-04-17"),
        "{}",
        e.message_zh()
    );
    // Every item of the checklist.
    let e = step(
        &a,
        bu,
        &w.db,
        id,
        "2024-04-17",
        Step::Conclude {
            conclusion: Conclusion::Amend,
        },
    )
    .await
    .expect_err("missing item");
    assert!(
        e.message_zh().contains("是否违反规定的制定程序"),
        "{}",
        e.message_zh()
    );
    step(
        &a,
        bu,
        &w.db,
        id,
        "2024-04-17",
        Step::Check {
            item: "procedure".into(),
            passed: true,
            note: String::new(),
        },
    )
    .await
    .expect("check");
    // A problem found: not lawful as it stands; amendments need the opinions.
    let e = step(
        &a,
        bu,
        &w.db,
        id,
        "2024-04-17",
        Step::Conclude {
            conclusion: Conclusion::Lawful,
        },
    )
    .await
    .expect_err("lawful with a problem");
    assert!(e.message_zh().contains("115号"));
    let e = step(
        &a,
        bu,
        &w.db,
        id,
        "2024-04-17",
        Step::Conclude {
            conclusion: Conclusion::Amend,
        },
    )
    .await
    .expect_err("no opinions");
    assert_eq!(e.code(), "normative.invalid");
    step(
        &a,
        bu,
        &w.db,
        id,
        "2024-04-17",
        Step::Opinion {
            item: "rights_duties".into(),
            text: "第九条要求企业额外提供证明材料，没有依据，建议删除。".into(),
        },
    )
    .await
    .expect("opinion 1");
    step(
        &a,
        bu,
        &w.db,
        id,
        "2024-04-17",
        Step::Opinion {
            item: String::new(),
            text: "第三条适用范围表述不够明确。".into(),
        },
    )
    .await
    .expect("opinion 2");
    step(
        &a,
        bu,
        &w.db,
        id,
        "2024-04-17",
        Step::Conclude {
            conclusion: Conclusion::Amend,
        },
    )
    .await
    .expect("conclude");
    assert_eq!(doc(&w.db, &a, id).await.status, Status::Reviewed);
    // Every opinion answered before the deliberation, each with its reason.
    let e = step(
        &a,
        dr,
        &w.db,
        id,
        "2024-04-22",
        Step::Deliberate {
            meeting: "局务会议".into(),
        },
    )
    .await
    .expect_err("unanswered");
    assert!(
        e.message_zh().contains("2 条") && e.message_zh().contains("115号"),
        "{}",
        e.message_zh()
    );
    let mut conn = w.db.pool().acquire().await.expect("conn");
    let ops = records::opinions(&mut conn, id).await.expect("opinions");
    drop(conn);
    let e = step(
        &a,
        dr,
        &w.db,
        id,
        "2024-04-18",
        Step::Answer {
            opinion_id: ops[0].id,
            adopted: true,
            reason: " ".into(),
        },
    )
    .await
    .expect_err("no reason");
    assert_eq!(e.code(), "normative.invalid");
    let e = step(
        &a,
        bu,
        &w.db,
        id,
        "2024-04-18",
        Step::Answer {
            opinion_id: ops[0].id,
            adopted: true,
            reason: "采纳".into(),
        },
    )
    .await
    .expect_err("bureau answers");
    assert!(matches!(e, Error::Forbidden { .. }));
    step(
        &a,
        dr,
        &w.db,
        id,
        "2024-04-18",
        Step::Answer {
            opinion_id: ops[0].id,
            adopted: true,
            reason: "采纳，已删除第九条。".into(),
        },
    )
    .await
    .expect("adopt");
    step(
        &a,
        dr,
        &w.db,
        id,
        "2024-04-18",
        Step::Answer {
            opinion_id: ops[1].id,
            adopted: false,
            reason: "不予采纳：沿用上级文件表述。".into(),
        },
    )
    .await
    .expect("reject");
    step(
        &a,
        dr,
        &w.db,
        id,
        "2024-04-22",
        Step::Deliberate {
            meeting: "区市场监管局局务会议".into(),
        },
    )
    .await
    .expect("deliberate");
    step(
        &a,
        dr,
        &w.db,
        id,
        "2024-04-25",
        Step::Sign {
            signer: "局长".into(),
        },
    )
    .await
    .expect("sign");
    assert_eq!(doc(&w.db, &a, id).await.reg_no, "津滨规〔2024〕1号");
    // Validity five years at most.
    let e = step(
        &a,
        dr,
        &w.db,
        id,
        "2024-04-28",
        Step::Publish {
            channel: "区政府网站".into(),
            years: 6,
        },
    )
    .await
    .expect_err("6 years");
    assert_eq!(e.code(), "normative.invalid");
    step(
        &a,
        dr,
        &w.db,
        id,
        "2024-04-28",
        Step::Publish {
            channel: "区政府网站".into(),
            years: 5,
        },
    )
    .await
    .expect("publish");
    let x = doc(&w.db, &a, id).await;
    assert_eq!(x.status, Status::Published);
    assert_eq!(x.valid_until, Some(d("2029-04-27")));
    assert_eq!(x.evaluation_due, Some(d("2028-10-27")));
    // 30 days from 04-28 → 05-28 (法规规章备案审查条例 第四条).
    assert_eq!(x.filing_due, Some(d("2024-05-28")));
    step(
        &a,
        dr,
        &w.db,
        id,
        "2024-05-10",
        Step::File {
            body: "天津市滨海新区人民政府".into(),
        },
    )
    .await
    .expect("file");
    // The public sees it once published; the text cites 大气污染防治法, repealed from 2026-08-15.
    assert_eq!(
        records::published(&w.db, BINHAI_REGION, 10, 0)
            .await
            .expect("portal")
            .1,
        1
    );
    let before = citations::stale(&w.db, corpus(), BINHAI_REGION, d("2026-08-14"))
        .await
        .expect("stale");
    assert!(before.is_empty(), "{before:?}");
    let after = citations::stale(&w.db, corpus(), BINHAI_REGION, d("2026-12-03"))
        .await
        .expect("stale");
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].id, id);
    assert!(
        after[0].reason.contains("大气污染防治法") && after[0].since == "2026-08-15",
        "{after:?}"
    );

    // Incidental review from reconsideration (第五十六条, 第五十八条).
    let app = application(&w).await;
    let mut tx = fazhi_core::audit::AuditedTx::begin(&w.db, a.bureau.actor())
        .await
        .expect("tx");
    let e = incidental::request(
        &mut tx,
        BINHAI_REGION,
        &a.cal,
        &x.reg_no,
        999_999,
        d("2024-09-02"),
        "复议机构",
    )
    .await
    .expect_err("no application");
    assert!(e.message_zh().contains("第十三条"));
    let mine = incidental::request(
        &mut tx,
        BINHAI_REGION,
        &a.cal,
        &x.reg_no,
        app,
        d("2024-09-02"),
        "复议机构",
    )
    .await
    .expect("ours");
    let theirs = incidental::request(
        &mut tx,
        BINHAI_REGION,
        &a.cal,
        "天津市某委员会关于某事项的通知",
        app,
        d("2024-09-02"),
        "复议机构",
    )
    .await
    .expect("transfer");
    tx.commit().await.expect("commit");
    assert_eq!(
        (mine.route.as_str(), mine.document_id),
        ("handle", Some(id))
    );
    // Thirty days from 09-02 → 10-02, in the National Day holiday → 10-08.
    assert_eq!(mine.due_on, d("2024-10-08"));
    assert_eq!(mine.notify_due, Some(d("2024-09-05")));
    // Seven working days: 09-03…09-06, 09-09, 09-10, 09-11.
    assert_eq!(
        (theirs.route.as_str(), theirs.due_on),
        ("transfer", d("2024-09-11"))
    );
    let e = incidental::conclude(
        &w.db,
        &a.bureau,
        mine.id,
        "transferred",
        "转送",
        d("2024-09-20"),
    )
    .await
    .expect_err("ours is handled");
    assert!(e.message_zh().contains("第五十六条"));
    incidental::conclude(
        &w.db,
        &a.bureau,
        mine.id,
        "lawful",
        "相关条款合法。",
        d("2024-09-20"),
    )
    .await
    .expect("conclude");
    assert_eq!(
        incidental::of_application(&w.db, BINHAI_REGION, app)
            .await
            .expect("list")
            .len(),
        2
    );
}

async fn application(w: &World) -> i64 {
    let mut tx =
        fazhi_core::audit::AuditedTx::begin(&w.db, fazhi_core::audit::Actor::system("test"))
            .await
            .expect("tx");
    let cal = load_calendar(&w.db).await.expect("cal");
    let (id, _) = fazhi_core::reconsideration::workflow::receive(
        &mut tx,
        BINHAI_REGION,
        &cal,
        &NewApplication {
            channel: Channel::Counter,
            applicant_kind: "organisation".into(),
            applicant_name: "天津某建材有限公司".into(),
            applicant_code: String::new(),
            applicant_contact: String::new(),
            respondent_department_id: w.market,
            act_kind: ActKind::Penalty,
            act_description: "罚款二万元的行政处罚决定".into(),
            case_id: None,
            act_on: d("2024-08-20"),
            knew_on: d("2024-08-20"),
            rights_told: true,
            rights_known_on: None,
            real_estate: false,
            amount_fen: Some(2_000_000),
            warning_only: false,
            requests: "撤销处罚决定".into(),
            reasons: "所依据的规范性文件不合法".into(),
            third_parties: String::new(),
            received_on: d("2024-09-02"),
        },
        "test",
    )
    .await
    .expect("application");
    tx.commit().await.expect("commit");
    id
}

#[tokio::test]
async fn registration_numbers_have_no_gaps() {
    let w = world().await;
    let a = actors(&w).await;
    let one = reviewed(
        &w,
        &a,
        "天津市滨海新区关于企业用工指导的实施意见",
        PLAIN_TEXT,
        "2024-04-10",
        "2024-06-28",
    )
    .await;
    let two = reviewed(
        &w,
        &a,
        "天津市滨海新区关于劳动用工备案的管理办法",
        PLAIN_TEXT,
        "2024-04-10",
        "2024-06-28",
    )
    .await;
    for id in [one, two] {
        answer_all(&w, &a, id, "2024-04-18").await;
        step(
            &a,
            &a.drafter,
            &w.db,
            id,
            "2024-04-22",
            Step::Deliberate {
                meeting: "局务会议".into(),
            },
        )
        .await
        .expect("deliberate");
    }
    // A refused signature draws no number.
    let e = step(
        &a,
        &a.drafter,
        &w.db,
        one,
        "2024-04-25",
        Step::Sign { signer: " ".into() },
    )
    .await
    .expect_err("no signer");
    assert_eq!(e.code(), "normative.invalid");
    step(
        &a,
        &a.drafter,
        &w.db,
        two,
        "2024-04-25",
        Step::Sign {
            signer: "局长".into(),
        },
    )
    .await
    .expect("sign");
    step(
        &a,
        &a.drafter,
        &w.db,
        one,
        "2024-04-26",
        Step::Sign {
            signer: "局长".into(),
        },
    )
    .await
    .expect("sign");
    assert_eq!(doc(&w.db, &a, two).await.reg_no, "津滨规〔2024〕1号");
    assert_eq!(doc(&w.db, &a, one).await.reg_no, "津滨规〔2024〕2号");
}

#[tokio::test]
async fn a_lapsed_citation_cannot_be_found_lawful() {
    let w = world().await;
    let a = actors(&w).await;
    // Planned after 2026-08-15: the 大气污染防治法 is no longer in force then.
    let n = draft(
        &w,
        "天津市滨海新区关于扬尘污染防治的实施细则",
        TEXT,
        false,
        "2026-11-30",
    );
    let id = workflow::create_as(&w.db, &a.drafter, corpus(), &n)
        .await
        .expect("draft");
    let dr = &a.drafter;
    step(
        &a,
        dr,
        &w.db,
        id,
        "2026-09-01",
        Step::Assess {
            note: "必要".into(),
        },
    )
    .await
    .expect("assess");
    step(
        &a,
        dr,
        &w.db,
        id,
        "2026-09-02",
        Step::OpenComment {
            from: d("2026-09-02"),
            to: d("2026-09-12"),
            reason: String::new(),
        },
    )
    .await
    .expect("comment");
    step(
        &a,
        dr,
        &w.db,
        id,
        "2026-09-14",
        Step::CloseComment {
            feedback: "无意见".into(),
        },
    )
    .await
    .expect("close");
    step(&a, dr, &w.db, id, "2026-10-09", Step::RequestReview)
        .await
        .expect("request");
    for (k, _, _) in CHECKLIST {
        step(
            &a,
            &a.bureau,
            &w.db,
            id,
            "2026-10-19",
            Step::Check {
                item: k.to_string(),
                passed: true,
                note: String::new(),
            },
        )
        .await
        .expect("check");
    }
    let e = step(
        &a,
        &a.bureau,
        &w.db,
        id,
        "2026-10-19",
        Step::Conclude {
            conclusion: Conclusion::Lawful,
        },
    )
    .await
    .expect_err("lapsed");
    assert!(
        e.message_zh().contains("已废止") && e.message_zh().contains("2026-11-30"),
        "{}",
        e.message_zh()
    );
    step(
        &a,
        &a.bureau,
        &w.db,
        id,
        "2026-10-19",
        Step::Opinion {
            item: "conformity".into(),
            text: "引用的大气污染防治法已废止，应改引生态环境法典。".into(),
        },
    )
    .await
    .expect("opinion");
    step(
        &a,
        &a.bureau,
        &w.db,
        id,
        "2026-10-19",
        Step::Conclude {
            conclusion: Conclusion::Unlawful,
        },
    )
    .await
    .expect("unlawful");
    // Back to the drafting body; no deliberation on an unlawful draft.
    let x = doc(&w.db, &a, id).await;
    assert_eq!(
        (x.status, x.review_conclusion),
        (Status::Draft, Some(Conclusion::Unlawful))
    );
    let e = step(
        &a,
        dr,
        &w.db,
        id,
        "2026-10-20",
        Step::Deliberate {
            meeting: "局务会议".into(),
        },
    )
    .await
    .expect_err("unlawful");
    assert!(e.message_zh().contains("115号"));
    // The revised text is scanned again.
    workflow::revise(&w.db, dr, corpus(), id, PLAIN_TEXT)
        .await
        .expect("revise");
    let mut conn = w.db.pool().acquire().await.expect("conn");
    let cites = records::citations(&mut conn, id).await.expect("cites");
    assert!(
        cites.iter().all(|c| c.code.starts_with("劳动合同法/")),
        "{cites:?}"
    );
}

#[tokio::test]
async fn fair_competition_review_roles_standards_and_figures() {
    let w = world().await;
    let a = actors(&w).await;
    // The drafting body reviews its own; the central review is the bureau's.
    let e = fair_competition::review_as(
        &w.db,
        &a.drafter,
        &review(&w, None, Mode::Central, all_clear()),
    )
    .await
    .expect_err("central by a body");
    assert!(matches!(e, Error::Forbidden { .. }));
    let e = fair_competition::review_as(
        &w.db,
        &a.other,
        &review(&w, None, Mode::Drafting, all_clear()),
    )
    .await
    .expect_err("another body's measure");
    assert!(matches!(e, Error::Forbidden { .. }));
    // Every standard of 第八–十一条 answered; stakeholders heard (第十六条).
    let mut partial = all_clear();
    partial.remove("cost_tax");
    let e =
        fair_competition::review_as(&w.db, &a.bureau, &review(&w, None, Mode::Central, partial))
            .await
            .expect_err("missing standard");
    assert!(
        e.message_zh().contains("第十条（一）"),
        "{}",
        e.message_zh()
    );
    let mut silent = review(&w, None, Mode::Central, all_clear());
    silent.stakeholders = String::new();
    let e = fair_competition::review_as(&w.db, &a.bureau, &silent)
        .await
        .expect_err("art 16");
    assert!(e.message_zh().contains("第十六条"));
    // 第十二条: an exception needs its reasons.
    let mut subsidy = all_clear();
    subsidy.insert("cost_subsidy".into(), false);
    let mut ex = review(&w, None, Mode::Central, subsidy);
    ex.exception_ground = Some(ExceptionGround::PublicInterest);
    let e = fair_competition::review_as(&w.db, &a.bureau, &ex)
        .await
        .expect_err("no reasons");
    assert!(e.message_zh().contains("第十二条"));
    ex.exception_reason = "节能改造补贴，无影响更小的替代方案，实施期限两年。".into();
    ex.third_party = "委托高校开展第三方评估".into();
    let (_, out) = fair_competition::review_as(&w.db, &a.bureau, &ex)
        .await
        .expect("exception");
    assert_eq!(out, Outcome::Exception);
    fair_competition::review_as(
        &w.db,
        &a.drafter,
        &review(&w, None, Mode::Drafting, all_clear()),
    )
    .await
    .expect("drafting");
    let c = fair_competition::complain(
        &w.db,
        BINHAI_REGION,
        None,
        "某方案",
        "某公司",
        "排斥外地企业",
        d("2024-06-03"),
    )
    .await
    .expect("complaint");
    let e = fair_competition::complain(
        &w.db,
        BINHAI_REGION,
        None,
        "某方案",
        "",
        "x",
        d("2024-06-03"),
    )
    .await
    .expect_err("no complainant");
    assert_eq!(e.code(), "normative.invalid");
    let e = fair_competition::handle_complaint(&w.db, &a.drafter, c, d("2024-06-10"), "已处理")
        .await
        .expect_err("body");
    assert!(matches!(e, Error::Forbidden { .. }));
    fair_competition::handle_complaint(&w.db, &a.bureau, c, d("2024-06-10"), "已督促整改")
        .await
        .expect("handled");
    let y = fair_competition::year(&w.db, BINHAI_REGION, 2024)
        .await
        .expect("year");
    assert_eq!(
        (
            y.reviews,
            y.central,
            y.exceptions,
            y.third_party,
            y.complaints,
            y.complaints_handled
        ),
        (2, 1, 1, 1, 1, 1)
    );
    // A body's list shows its own reviews only: the other body sees none.
    assert_eq!(
        fair_competition::list(&w.db, &a.other, 2024)
            .await
            .expect("list")
            .len(),
        0
    );
    assert_eq!(
        fair_competition::list(&w.db, &a.drafter, 2024)
            .await
            .expect("list")
            .len(),
        2
    );
}

#[tokio::test]
async fn cleanup_and_figures_follow_the_records() {
    let w = world().await;
    let a = actors(&w).await;
    let empty = stats::year(&w.db, BINHAI_REGION, 2024)
        .await
        .expect("stats");
    assert_eq!((empty.documents, empty.review_rate), (0, None));
    let mut ids = Vec::new();
    for (i, title) in [
        "天津市滨海新区关于企业用工指导的实施意见",
        "天津市滨海新区关于劳务派遣单位监管的管理办法",
    ]
    .iter()
    .enumerate()
    {
        let id = reviewed(&w, &a, title, PLAIN_TEXT, "2024-04-10", "2024-06-28").await;
        answer_all(&w, &a, id, "2024-04-18").await;
        let dr = &a.drafter;
        step(
            &a,
            dr,
            &w.db,
            id,
            "2024-04-22",
            Step::Deliberate {
                meeting: "局务会议".into(),
            },
        )
        .await
        .expect("deliberate");
        step(
            &a,
            dr,
            &w.db,
            id,
            "2024-04-25",
            Step::Sign {
                signer: "局长".into(),
            },
        )
        .await
        .expect("sign");
        // The second one is valid for one year only: past its validity by 2026.
        step(
            &a,
            dr,
            &w.db,
            id,
            "2024-05-06",
            Step::Publish {
                channel: "区政府网站".into(),
                years: if i == 0 { 5 } else { 1 },
            },
        )
        .await
        .expect("publish");
        step(
            &a,
            dr,
            &w.db,
            id,
            "2024-05-20",
            Step::File {
                body: "区政府".into(),
            },
        )
        .await
        .expect("file");
        ids.push(id);
    }
    let s = stats::year(&w.db, BINHAI_REGION, 2024)
        .await
        .expect("stats");
    assert_eq!(
        (
            s.documents,
            s.legality_reviews,
            s.opinions,
            s.review_rate,
            s.filed
        ),
        (2, 2, 2, Some(100.0), 2)
    );

    let on = d("2026-12-03");
    let list = cleanup::candidates(&w.db, corpus(), BINHAI_REGION, on)
        .await
        .expect("candidates");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].document_id, ids[1]);
    assert!(list[0].reason.contains("2025-05-05"), "{list:?}");
    let e = cleanup::start(&w.db, &a.drafter, corpus(), "2026年清理", on)
        .await
        .expect_err("body");
    assert!(matches!(e, Error::Forbidden { .. }));
    let c = cleanup::start(&w.db, &a.bureau, corpus(), "2026年度规范性文件清理", on)
        .await
        .expect("start");
    let e = cleanup::publish(&w.db, &a.bureau, c, on)
        .await
        .expect_err("undecided");
    assert_eq!(e.code(), "normative.refused");
    let items = cleanup::items(&w.db, BINHAI_REGION, c)
        .await
        .expect("items");
    cleanup::decide(
        &w.db,
        &a.bureau,
        items[0].id,
        cleanup::Outcome::Repeal,
        "有效期届满，宣布失效。",
        on,
    )
    .await
    .expect("decide");
    cleanup::publish(&w.db, &a.bureau, c, on)
        .await
        .expect("publish");
    assert_eq!(doc(&w.db, &a, ids[1]).await.status, Status::Repealed);
    assert_eq!(
        cleanup::campaigns(&w.db, BINHAI_REGION, true)
            .await
            .expect("published")
            .len(),
        1
    );
    assert_eq!(
        stats::year(&w.db, BINHAI_REGION, 2026)
            .await
            .expect("stats")
            .cleaned,
        1
    );

    // Delete one document's records: the figures follow.
    for t in [
        "normative_cleanup_items",
        "normative_opinions",
        "normative_checks",
        "normative_citations",
        "normative_steps",
    ] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {t} WHERE document_id = $1"
        )))
        .bind(ids[0])
        .execute(w.db.pool())
        .await
        .expect("delete");
    }
    sqlx::query("DELETE FROM normative_documents WHERE id = $1")
        .bind(ids[0])
        .execute(w.db.pool())
        .await
        .expect("delete");
    let s = stats::year(&w.db, BINHAI_REGION, 2024)
        .await
        .expect("stats");
    assert_eq!(
        (s.documents, s.legality_reviews, s.opinions, s.filed),
        (1, 1, 1, 1)
    );
}
