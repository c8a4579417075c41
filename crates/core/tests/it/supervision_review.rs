//! Case-file review (案卷评查): the verifiable draw, the rubric and its boundaries, veto items,
//! the reviewer's adjustments, permissions and data scope, refusals that write nothing.

use chrono::NaiveDate;
use fazhi_core::BINHAI_REGION;
use fazhi_core::auth::{DataScope, Principal, Role};
use fazhi_core::db::Db;
use fazhi_core::sampling::draw::QuotaRule;
use fazhi_core::supervision::review::{
    self, Decision, DrawSpec, Grade, Item, ItemDecision, ManualItem, ReviewQuery, ReviewStatus,
    Source, grade_of,
};
use sqlx::Row;

use crate::support::{World, principal, world};

fn d(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

fn supervisor() -> Principal {
    principal(Role::Supervisor, None, DataScope::District)
}

/// Archived cases written straight into `cases` (the review reads only the record).
async fn archived(db: &Db, dept: i64, prefix: &str, n: usize, on: &str) {
    for i in 0..n {
        sqlx::query(
            "INSERT INTO cases (region_code, case_no, department_id, procedure, stage, status, source, party_kind, party_name, \
             lead_on, filed_on, decided_on, closed_on, archived_on, outcome, created_at, updated_at) \
             VALUES ($1, $2, $3, 'general', 'archived', 'closed', 'inspection', 'organisation', $4, '2024-01-05', '2024-01-08', \
             '2024-02-20', $5, $5, 'penalty', 0, 0)",
        )
        .bind(BINHAI_REGION)
        .bind(format!("{prefix}-2024-{i:04}"))
        .bind(dept)
        .bind(format!("测试企业{i}"))
        .bind(on)
        .execute(db.pool())
        .await
        .expect("case");
    }
}

fn spec(per_body: QuotaRule) -> DrawSpec {
    DrawSpec {
        title: "2024年第一季度案卷评查".into(),
        period_start: "2024-01-01".into(),
        period_end: "2024-03-31".into(),
        per_body,
        department_ids: vec![],
        seed: String::new(),
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

async fn setup() -> World {
    let w = world().await;
    archived(&w.db, w.market, "市监", 12, "2024-03-01").await;
    archived(&w.db, w.market_unit, "塘沽", 5, "2024-02-10").await;
    archived(&w.db, w.safety, "应急", 7, "2024-03-15").await;
    // Outside the period: never a candidate.
    archived(&w.db, w.safety, "应急旧", 3, "2023-12-30").await;
    w
}

/// Clears whatever the automatic checks found so that a test sets the score itself.
async fn clear(db: &Db, who: &Principal, id: i64) {
    let f = review::get_review(db, who, id).await.expect("review");
    for it in f
        .items
        .iter()
        .filter(|i| i.effective_points > 0 || i.veto_stands)
    {
        review::decide_item(
            db,
            who,
            id,
            it.id,
            &ItemDecision {
                decision: "dismissed".into(),
                points: None,
                comment: "测试：不予认定".into(),
            },
        )
        .await
        .expect("dismiss");
    }
}

async fn deduct(db: &Db, who: &Principal, id: i64, points: i64) -> review::Scored {
    review::add_item(
        db,
        who,
        id,
        &ManualItem {
            veto: String::new(),
            title: "文书制作不规范".into(),
            points,
            comment: "测试扣分".into(),
        },
    )
    .await
    .expect("deduct")
}

#[tokio::test]
async fn a_draw_is_verifiable_from_its_record_and_opens_prefilled_drafts() {
    let w = setup().await;
    let sup = supervisor();
    let mut s = spec(QuotaRule::Count(3));
    s.seed = "ab".repeat(32);
    let (id, record) = review::create_draw(&w.db, &sup, &s, d("2024-04-02"))
        .await
        .expect("draw");
    // Three bodies with files in the period, three files each.
    assert_eq!(record.strata.len(), 3);
    assert_eq!(record.files().count(), 9);
    assert!(
        record.files().all(|no| !no.starts_with("应急旧")),
        "a file outside the period was drawn"
    );
    let rep = review::verify_record(&record);
    assert!(rep.ok, "{:?}", rep.problems);
    assert!(
        review::verify_draw(&w.db, &sup, id)
            .await
            .expect("verify")
            .ok
    );
    // The stored record re-runs to the same files; a tampered one does not.
    let stored = review::get_draw(&w.db, &sup, id).await.expect("get");
    assert_eq!(stored.record, record);
    let mut t = record.clone();
    let key = t.strata[0].key.clone();
    let other = t.strata[0]
        .candidates
        .iter()
        .find(|c| !t.selected[&key].contains(c))
        .cloned()
        .expect("an undrawn candidate");
    t.selected.get_mut(&key).expect("body")[0] = other;
    assert!(!review::verify_record(&t).ok);
    let mut t = record.clone();
    t.seed = "cd".repeat(32);
    assert!(
        review::verify_record(&t)
            .problems
            .iter()
            .any(|p| p.contains("seed_commitment"))
    );
    // Same seed, same candidates: the same files (the draw is a function of its record).
    let again = review::draws::select(&[0xab; 32], &record.strata);
    assert_eq!(again, record.selected);
    // One draft per file, scored from its findings snapshot.
    let (total, rows) = review::list_reviews(
        &w.db,
        &sup,
        &ReviewQuery {
            draw_id: Some(id),
            ..Default::default()
        },
    )
    .await
    .expect("list");
    assert_eq!(total, 9);
    assert!(rows.iter().all(|r| r.status == ReviewStatus::Draft));
    for r in &rows {
        let f = review::get_review(&w.db, &sup, r.id).await.expect("file");
        assert_eq!(f.scored.score, r.score);
        assert_eq!(f.review.machine_score, r.score);
        assert!(f.items.iter().all(|i| i.source == Source::Machine));
    }
    // A file is reviewed once: a second draw takes only the rest.
    let (_, second) =
        review::create_draw(&w.db, &sup, &spec(QuotaRule::Count(50)), d("2024-04-03"))
            .await
            .expect("second draw");
    assert_eq!(second.files().count(), 24 - 9);
    assert!(second.files().all(|no| !record.files().any(|x| x == no)));
    let err = review::create_draw(&w.db, &sup, &spec(QuotaRule::Count(1)), d("2024-04-04"))
        .await
        .expect_err("nothing left");
    assert_eq!(err.code(), "review.no_files");
}

#[test]
fn rubric_boundaries_and_veto() {
    let item = |points: i64, veto: Option<&str>| Item {
        code: "x".into(),
        source: Source::Machine,
        passed: false,
        machine_deduction: points,
        veto: veto.map(str::to_string),
        decision: Decision::Pending,
        points: 0,
    };
    let g = |p: i64| review::score(&[item(p, None)]);
    assert_eq!((g(10).score, g(10).grade), (90, Grade::Excellent));
    assert_eq!((g(11).score, g(11).grade), (89, Grade::Pass));
    assert_eq!((g(40).score, g(40).grade), (60, Grade::Pass));
    assert_eq!((g(41).score, g(41).grade), (59, Grade::Fail));
    let v = review::score(&[item(0, Some("procedural_breach"))]);
    assert_eq!((v.score, v.grade), (100, Grade::Fail));
    assert_eq!(grade_of(95, true), Grade::Fail);
    let mut passed = item(30, Some("wrong_law"));
    passed.passed = true;
    let p = review::score(&[passed]);
    assert_eq!((p.score, p.grade), (100, Grade::Excellent));
}

#[tokio::test]
async fn reviewer_adjustments_recompute_the_score_and_a_veto_forces_fail() {
    let w = setup().await;
    let sup = supervisor();
    let (draw, _) = review::create_draw(&w.db, &sup, &spec(QuotaRule::Count(2)), d("2024-04-02"))
        .await
        .expect("draw");
    let (_, rows) = review::list_reviews(
        &w.db,
        &sup,
        &ReviewQuery {
            draw_id: Some(draw),
            ..Default::default()
        },
    )
    .await
    .expect("list");
    let (a, b) = (rows[0].id, rows[1].id);
    clear(&w.db, &sup, a).await;
    assert_eq!(deduct(&w.db, &sup, a, 10).await.grade, Grade::Excellent);
    let s = deduct(&w.db, &sup, a, 1).await;
    assert_eq!((s.score, s.grade), (89, Grade::Pass));
    let s = deduct(&w.db, &sup, a, 29).await;
    assert_eq!((s.score, s.grade), (60, Grade::Pass));
    let s = deduct(&w.db, &sup, a, 1).await;
    assert_eq!((s.score, s.grade), (59, Grade::Fail));
    // Adjusting an item recomputes from the items: the 29 becomes 9.
    let f = review::get_review(&w.db, &sup, a).await.expect("file");
    let it = f
        .items
        .iter()
        .find(|i| i.source == Source::Manual && i.points == 29)
        .expect("item");
    let s = review::decide_item(
        &w.db,
        &sup,
        a,
        it.id,
        &ItemDecision {
            decision: "adjusted".into(),
            points: Some(9),
            comment: "情节轻微，酌减".into(),
        },
    )
    .await
    .expect("adjust");
    assert_eq!((s.score, s.grade), (79, Grade::Pass));
    // A veto item the machine cannot see makes the file fail whatever the score.
    clear(&w.db, &sup, b).await;
    let s = review::add_item(
        &w.db,
        &sup,
        b,
        &ManualItem {
            veto: "transfer_not_made".into(),
            title: String::new(),
            points: 0,
            comment: "涉嫌犯罪未移送公安机关".into(),
        },
    )
    .await
    .expect("veto");
    assert_eq!((s.score, s.grade), (100, Grade::Fail));
    assert_eq!(s.vetoes, vec!["transfer_not_made".to_string()]);
    // Confirmation signs off with the reviewer and date; no change afterwards.
    let done = review::confirm_review(&w.db, &sup, b, "否决", d("2024-04-10"))
        .await
        .expect("confirm");
    assert_eq!(done.status, ReviewStatus::Confirmed);
    assert!(done.veto);
    assert_eq!(done.grade, Grade::Fail);
    assert_eq!(done.reviewed_on.as_deref(), Some("2024-04-10"));
    assert_eq!(done.reviewer, "测试");
    let f = review::get_review(&w.db, &sup, b).await.expect("file");
    assert!(f.items.iter().all(|i| i.decision != Decision::Pending));
    let err = deduct_err(&w.db, &sup, b).await;
    assert_eq!(err.code(), "review.confirmed");
}

async fn deduct_err(db: &Db, who: &Principal, id: i64) -> fazhi_core::Error {
    review::add_item(
        db,
        who,
        id,
        &ManualItem {
            veto: String::new(),
            title: "x".into(),
            points: 1,
            comment: "x".into(),
        },
    )
    .await
    .expect_err("refused")
}

#[tokio::test]
async fn permissions_and_scope() {
    let w = setup().await;
    let sup = supervisor();
    let (draw, _) = review::create_draw(&w.db, &sup, &spec(QuotaRule::Count(2)), d("2024-04-02"))
        .await
        .expect("draw");
    let (_, rows) = review::list_reviews(
        &w.db,
        &sup,
        &ReviewQuery {
            draw_id: Some(draw),
            ..Default::default()
        },
    )
    .await
    .expect("list");
    let market = rows
        .iter()
        .find(|r| r.department_id == w.market)
        .expect("market file")
        .id;
    let safety = rows
        .iter()
        .find(|r| r.department_id == w.safety)
        .expect("safety file")
        .id;
    let head = principal(Role::DeptAdmin, Some(w.market), DataScope::DepartmentTree);
    // A body does not see drafts, not even its own.
    assert_eq!(
        review::get_review(&w.db, &head, market)
            .await
            .expect_err("draft")
            .code(),
        "not_found"
    );
    review::confirm_review(&w.db, &sup, market, "", d("2024-04-08"))
        .await
        .expect("confirm");
    review::confirm_review(&w.db, &sup, safety, "", d("2024-04-08"))
        .await
        .expect("confirm");
    let f = review::get_review(&w.db, &head, market).await.expect("own");
    assert!(!f.editable);
    assert_eq!(
        review::get_review(&w.db, &head, safety)
            .await
            .expect_err("other body")
            .code(),
        "not_found"
    );
    let (total, seen) = review::list_reviews(&w.db, &head, &ReviewQuery::default())
        .await
        .expect("list");
    assert_eq!(total, 1);
    assert!(seen.iter().all(|r| r.department_id == w.market));
    // Only the Justice Bureau draws and decides.
    for who in [
        head.clone(),
        principal(Role::Officer, Some(w.market), DataScope::OwnDepartment),
    ] {
        let e = review::create_draw(&w.db, &who, &spec(QuotaRule::Count(1)), d("2024-04-02"))
            .await
            .expect_err("no draw");
        assert_eq!(e.code(), "forbidden");
        assert_eq!(deduct_err(&w.db, &who, market).await.code(), "forbidden");
    }
    let officer = principal(Role::Officer, Some(w.market), DataScope::OwnDepartment);
    assert_eq!(
        review::list_reviews(&w.db, &officer, &ReviewQuery::default())
            .await
            .expect_err("officer")
            .code(),
        "forbidden"
    );
    let counts = review::grade_counts(&w.db, &head, 2024)
        .await
        .expect("counts");
    assert_eq!(counts[0] + counts[1] + counts[2], 1);
}

#[tokio::test]
async fn bad_input_is_refused_bilingually_and_writes_nothing() {
    let w = setup().await;
    let sup = supervisor();
    let before = (
        count(&w.db, "review_draws").await,
        count(&w.db, "case_reviews").await,
        count(&w.db, "audit_log").await,
    );
    let mut bad = Vec::new();
    let mut s = spec(QuotaRule::Count(3));
    s.title = "  ".into();
    bad.push((s, "review.title"));
    let mut s = spec(QuotaRule::Count(3));
    s.period_end = "2024-02-30".into();
    bad.push((s, "review.date"));
    let mut s = spec(QuotaRule::Count(3));
    s.period_end = "2023-12-01".into();
    bad.push((s, "review.period"));
    bad.push((spec(QuotaRule::Count(0)), "review.quota"));
    bad.push((spec(QuotaRule::Ratio(101)), "review.quota"));
    let mut s = spec(QuotaRule::Count(3));
    s.seed = "xyz".into();
    bad.push((s, "review.seed"));
    let mut s = spec(QuotaRule::Count(3));
    s.department_ids = vec![99_999];
    bad.push((s, "review.department"));
    for (s, code) in bad {
        let e = review::create_draw(&w.db, &sup, &s, d("2024-04-02"))
            .await
            .expect_err(code);
        assert_eq!(e.code(), code);
        assert!(!e.message_zh().is_empty() && !e.message_en().is_empty());
        assert_ne!(e.message_zh(), e.message_en());
    }
    // A period still running cannot be drawn.
    let e = review::create_draw(&w.db, &sup, &spec(QuotaRule::Count(3)), d("2024-03-20"))
        .await
        .expect_err("running");
    assert_eq!(e.code(), "review.period");
    let (draw, _) = review::create_draw(&w.db, &sup, &spec(QuotaRule::Count(1)), d("2024-04-02"))
        .await
        .expect("draw");
    let (_, rows) = review::list_reviews(
        &w.db,
        &sup,
        &ReviewQuery {
            draw_id: Some(draw),
            ..Default::default()
        },
    )
    .await
    .expect("list");
    let id = rows[0].id;
    let mid = (
        count(&w.db, "case_review_items").await,
        count(&w.db, "audit_log").await,
    );
    let f = review::get_review(&w.db, &sup, id).await.expect("file");
    let item_id = f.items.first().map(|i| i.id).unwrap_or(-1);
    let cases: Vec<(ItemDecision, &str)> = vec![
        (
            ItemDecision {
                decision: "maybe".into(),
                points: None,
                comment: String::new(),
            },
            "review.decision",
        ),
        (
            ItemDecision {
                decision: "adjusted".into(),
                points: Some(5),
                comment: "  ".into(),
            },
            "review.comment_required",
        ),
        (
            ItemDecision {
                decision: "adjusted".into(),
                points: Some(101),
                comment: "超限".into(),
            },
            "review.points",
        ),
        (
            ItemDecision {
                decision: "adjusted".into(),
                points: None,
                comment: "缺分".into(),
            },
            "review.points",
        ),
    ];
    for (dec, code) in cases {
        let e = review::decide_item(&w.db, &sup, id, item_id, &dec)
            .await
            .expect_err(code);
        assert_eq!(e.code(), code);
    }
    let manual: Vec<(ManualItem, &str)> = vec![
        (
            ManualItem {
                veto: "no_such_veto".into(),
                comment: "x".into(),
                ..Default::default()
            },
            "review.veto",
        ),
        (
            ManualItem {
                title: "扣分".into(),
                points: 0,
                comment: "x".into(),
                ..Default::default()
            },
            "review.points",
        ),
        (
            ManualItem {
                title: "扣分".into(),
                points: 3,
                comment: String::new(),
                ..Default::default()
            },
            "review.comment_required",
        ),
        (
            ManualItem {
                title: String::new(),
                points: 3,
                comment: "x".into(),
                ..Default::default()
            },
            "review.item_title",
        ),
    ];
    for (m, code) in manual {
        let e = review::add_item(&w.db, &sup, id, &m).await.expect_err(code);
        assert_eq!(e.code(), code);
    }
    assert_eq!(
        review::add_item(
            &w.db,
            &sup,
            999_999,
            &ManualItem {
                title: "扣分".into(),
                points: 3,
                comment: "x".into(),
                ..Default::default()
            }
        )
        .await
        .expect_err("missing")
        .code(),
        "not_found"
    );
    assert_eq!(
        mid,
        (
            count(&w.db, "case_review_items").await,
            count(&w.db, "audit_log").await,
        )
    );
    assert!(before.0 < count(&w.db, "review_draws").await);
}
