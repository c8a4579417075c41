//! The demo's 2024 penalty cases on the shared demo server's database: the yearly figures,
//! the workbenches of the demo accounts, and the legal reviews the decisions rest on.

use fazhi_core::BINHAI_REGION;
use fazhi_core::auth::{DataScope, Principal, Role};
use fazhi_core::cases::queries;

use crate::support::db;

/// The demo account as the core sees it after login.
async fn principal(username: &str) -> Principal {
    let pool = db().await;
    let (id, display, role, dept, scope): (i64, String, String, Option<i64>, String) =
        sqlx::query_as(
            "SELECT id, display_name, role, department_id, scope FROM users WHERE username = $1",
        )
        .bind(username.to_string())
        .fetch_one(pool.pool())
        .await
        .expect("demo account");
    Principal {
        user_id: id,
        username: username.to_string(),
        display_name: display,
        role: Role::parse(&role).expect("role"),
        department_id: dept,
        department_name: String::new(),
        scope: DataScope::parse(&scope).expect("scope"),
        region: BINHAI_REGION.to_string(),
    }
}

#[tokio::test]
async fn figures_of_2024() {
    let pool = db().await;
    let s = queries::stats(&pool, BINHAI_REGION, 2024)
        .await
        .expect("stats");
    assert!(
        (3_000..10_000).contains(&s.cases_decided),
        "decided {}",
        s.cases_decided
    );
    let share = s.by_procedure.summary as f64 / s.cases_decided as f64;
    assert!((0.25..=0.40).contains(&share), "summary share {share:.3}");
    assert!(s.leniency.no_penalty > 0, "{s:?}");
    assert!(s.leniency.mitigated > 0, "{s:?}");
    assert!(s.leniency.penalty_despite_leniency > 0, "{s:?}");
    assert!(s.hearings.held > 0, "{s:?}");
    assert!(s.hearings.requested >= s.hearings.held, "{s:?}");
    assert!(s.legal_reviews.required > 0, "{s:?}");
    assert_eq!(s.legal_reviews.missing, 0, "{s:?}");
    assert!(s.disclosures.late > 0, "{s:?}");
    assert!(s.disclosures.on_time > s.disclosures.late, "{s:?}");
    assert!(s.disclosures.pending > 0, "{s:?}");
    assert!(s.disclosures.withdrawn > 0, "{s:?}");
    assert!(s.deadlines.decided_late > 0, "{s:?}");
    assert!(
        s.deadlines.decided_late * 20 < s.cases_decided,
        "late decisions must stay few: {s:?}"
    );
    assert!(s.surcharges_fen > 0, "{s:?}");
}

#[tokio::test]
async fn workbenches_have_tasks() {
    let pool = db().await;
    let officer = principal("officer").await;
    let mine = queries::workbench(&pool, &officer)
        .await
        .expect("officer workbench");
    assert!(!mine.is_empty(), "the demo officer has open tasks");
    let today = fazhi_core::time::today();
    assert!(
        mine.iter()
            .filter_map(|t| t.due_on.as_deref())
            .filter_map(|d| d.parse::<chrono::NaiveDate>().ok())
            .any(|d| d >= today && (d - today).num_days() <= 30),
        "some task falls due within a month: {mine:?}"
    );
    let head = principal("deptadmin").await;
    let approvals = queries::workbench(&pool, &head).await.expect("head");
    assert!(approvals.iter().any(|t| t.queue == "head"), "{approvals:?}");
    let reviewer = principal("reviewer").await;
    let legal = queries::workbench(&pool, &reviewer)
        .await
        .expect("reviewer");
    assert!(!legal.is_empty(), "the legal reviewer's queue has cases");
    assert!(legal.iter().all(|t| t.queue == "legal"));
}

#[tokio::test]
async fn every_reviewed_decision_has_a_passed_review() {
    let pool = db().await;
    // Penalty decisions of 2024 that needed a legal review (第五十八条, out-of-tier fines,
    // penalties despite leniency) — each has a passed review recorded as a step before the
    // decision.
    let (required, without): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM case_steps s WHERE s.case_id = c.id \
              AND s.action = 'legal_review' AND s.on_date <= c.decided_on) THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM cases c WHERE c.region_code = $1 AND c.outcome = 'penalty' AND c.legal_review_required = 1 \
         AND c.decided_on >= '2024-01-01' AND c.decided_on < '2025-01-01'",
    )
    .bind(BINHAI_REGION)
    .fetch_one(pool.pool())
    .await
    .expect("query");
    assert!(required > 0);
    assert_eq!(
        without, 0,
        "{without} of {required} decisions lack a passed review"
    );
    // Some reviews were returned once before they passed.
    let (returned,): (i64,) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM case_steps WHERE region_code = $1 AND action = 'legal_return'",
    )
    .bind(BINHAI_REGION)
    .fetch_one(pool.pool())
    .await
    .expect("query");
    assert!(returned > 0);
    // Evidence carries real SM3 digests of its content.
    let (sm3, content): (String, Vec<u8>) =
        sqlx::query_as("SELECT sm3, content FROM case_evidence ORDER BY id LIMIT 1")
            .fetch_one(pool.pool())
            .await
            .expect("evidence");
    assert_eq!(sm3, fazhi_core::audit::sm3_hex(&content));
}
