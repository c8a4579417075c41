//! Case-file review over HTTP on the demo district: a draw verified from its record, the
//! review page with a refused and an accepted reviewer action, the confirmation, the body's
//! read-only view of its own confirmed reviews, wrong roles and other bodies refused.

use serde_json::{Value, json};
use sqlx::Row;

use crate::support::{csrf_of, db, login, server};

async fn count(table: &str) -> i64 {
    let db = db().await;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM {table}"
    )))
    .fetch_one(db.pool())
    .await
    .expect("count")
    .try_get(0)
    .expect("n")
}

/// A body with archived files not yet reviewed, inside (`IN`) or outside (`NOT IN`) the
/// market bureau's tree.
async fn body(market: i64, op: &str) -> i64 {
    let db = db().await;
    let q = format!(
        "SELECT c.department_id FROM cases c WHERE c.status = 'closed' AND c.archived_on IS NOT NULL \
         AND NOT EXISTS (SELECT 1 FROM case_reviews r WHERE r.case_id = c.id) AND c.department_id {op} \
         (SELECT descendant_id FROM department_closure WHERE ancestor_id = $1) \
         GROUP BY c.department_id ORDER BY COUNT(*) DESC, c.department_id LIMIT 1"
    );
    sqlx::query(sqlx::AssertSqlSafe(q))
        .bind(market)
        .fetch_one(db.pool())
        .await
        .expect("body with files")
        .try_get(0)
        .expect("id")
}

/// The market bureau (the deptadmin's body), and a body with files inside and outside its tree.
async fn bodies() -> (i64, i64) {
    let db = db().await;
    let market: i64 = sqlx::query(
        "SELECT id FROM departments WHERE name = '区市场监管局' OR short_name = '区市场监管局' ORDER BY id LIMIT 1",
    )
    .fetch_one(db.pool())
    .await
    .expect("market")
    .try_get(0)
    .expect("id");
    (body(market, "IN").await, body(market, "NOT IN").await)
}

#[tokio::test]
async fn draw_review_confirm_and_scope() {
    let s = server();
    let (sup, token) = login("supervisor").await;
    let (mine, other) = bodies().await;
    // Bad input: bilingual JSON error, nothing written.
    let draws_before = count("review_draws").await;
    let r = sup
        .post(format!("{}/api/v1/supervision/reviews/draws", s.base))
        .header("x-csrf-token", &token)
        .json(
            &json!({"title": " ", "period_start": "2024-01-01", "period_end": "2024-12-31",
                      "per_body": {"kind": "count", "value": 1}}),
        )
        .send()
        .await
        .expect("bad draw");
    assert_eq!(r.status(), 422);
    let e: Value = r.json().await.expect("json");
    assert_eq!(e["code"], "review.title");
    assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert!(e["message_en"].as_str().is_some_and(|m| !m.is_empty()));
    assert_eq!(count("review_draws").await, draws_before);
    // A draw of two bodies, one file each, verifiable from its record.
    let r = sup
        .post(format!("{}/api/v1/supervision/reviews/draws", s.base))
        .header("x-csrf-token", &token)
        .json(
            &json!({"title": "测试抽取", "period_start": "2024-01-01", "period_end": "2024-12-31",
                      "per_body": {"kind": "count", "value": 1}, "department_ids": [mine, other]}),
        )
        .send()
        .await
        .expect("draw");
    assert_eq!(r.status(), 200);
    let d: Value = r.json().await.expect("json");
    let draw = d["id"].as_i64().expect("id");
    let v: Value = sup
        .get(format!(
            "{}/api/v1/supervision/reviews/draws/{draw}/verify",
            s.base
        ))
        .send()
        .await
        .expect("verify")
        .json()
        .await
        .expect("json");
    assert_eq!(v["ok"], true, "{v}");
    let page = sup
        .get(format!("{}/supervision/draws/{draw}", s.base))
        .send()
        .await
        .expect("draw page");
    assert_eq!(page.status(), 200);
    assert!(page.text().await.expect("text").contains("验证通过"));
    let list: Value = sup
        .get(format!("{}/api/v1/supervision/reviews?draw={draw}", s.base))
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    assert_eq!(list["total"], 2);
    let rows = list["reviews"].as_array().expect("rows");
    let id_of = |dept: i64| {
        rows.iter()
            .find(|r| r["department_id"] == dept)
            .and_then(|r| r["id"].as_i64())
            .expect("review of the body")
    };
    let (own, foreign) = (id_of(mine), id_of(other));
    // The review page; a manual deduction without a comment is refused on the page.
    let html = sup
        .get(format!("{}/supervision/reviews/{own}", s.base))
        .send()
        .await
        .expect("review page")
        .text()
        .await
        .expect("text");
    assert!(html.contains("review-items"));
    let csrf = csrf_of(&html);
    let items_before = count("case_review_items").await;
    let r = sup
        .post(format!("{}/supervision/reviews/{own}/items", s.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("veto", ""),
            ("title", "文书不规范"),
            ("points", "3"),
            ("comment", ""),
        ])
        .send()
        .await
        .expect("refused");
    assert_eq!(r.status(), 422);
    assert!(r.text().await.expect("text").contains("review-error"));
    assert_eq!(count("case_review_items").await, items_before);
    // A veto item the checks cannot see, then the confirmation.
    let r = sup
        .post(format!("{}/supervision/reviews/{own}/items", s.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("veto", "transfer_not_made"),
            ("title", ""),
            ("points", "0"),
            ("comment", "涉嫌犯罪未移送"),
        ])
        .send()
        .await
        .expect("veto");
    assert_eq!(r.status(), 303);
    let r = sup
        .post(format!("{}/supervision/reviews/{own}/confirm", s.base))
        .form(&[("csrf", csrf.as_str()), ("comment", "测试评定")])
        .send()
        .await
        .expect("confirm");
    assert_eq!(r.status(), 303);
    let f: Value = sup
        .get(format!("{}/api/v1/supervision/reviews/{own}", s.base))
        .send()
        .await
        .expect("one")
        .json()
        .await
        .expect("json");
    assert_eq!(f["review"]["status"], "confirmed");
    assert_eq!(f["review"]["grade"], "fail");
    assert_eq!(f["review"]["veto"], true);
    assert_eq!(f["editable"], false);
    let r = sup
        .post(format!(
            "{}/api/v1/supervision/reviews/{foreign}/confirm",
            s.base
        ))
        .header("x-csrf-token", &token)
        .json(&json!({"comment": ""}))
        .send()
        .await
        .expect("confirm other");
    assert_eq!(r.status(), 200);
    // The market bureau's head sees its own confirmed review read-only, not another body's.
    let (head, head_token) = login("deptadmin").await;
    let r = head
        .get(format!("{}/supervision/reviews/{own}", s.base))
        .send()
        .await
        .expect("own");
    assert_eq!(r.status(), 200);
    assert!(!r.text().await.expect("text").contains("form-confirm"));
    let r = head
        .get(format!("{}/supervision/reviews/{foreign}", s.base))
        .send()
        .await
        .expect("other body");
    assert_eq!(r.status(), 404);
    let r = head
        .get(format!("{}/api/v1/supervision/reviews/{foreign}", s.base))
        .send()
        .await
        .expect("other body api");
    assert_eq!(r.status(), 404);
    let r = head
        .post(format!("{}/api/v1/supervision/reviews/draws", s.base))
        .header("x-csrf-token", &head_token)
        .json(
            &json!({"title": "x", "period_start": "2024-01-01", "period_end": "2024-12-31",
                      "per_body": {"kind": "count", "value": 1}}),
        )
        .send()
        .await
        .expect("head draw");
    assert_eq!(r.status(), 403);
    let r = head
        .get(format!("{}/supervision/draws", s.base))
        .send()
        .await
        .expect("draws");
    assert_eq!(r.status(), 403);
    // Wrong roles are refused outright.
    let (officer, _) = login("officer").await;
    let r = officer
        .get(format!("{}/supervision/reviews", s.base))
        .send()
        .await
        .expect("officer desk");
    assert_eq!(r.status(), 403);
    let r = officer
        .get(format!("{}/api/v1/supervision/reviews/{own}", s.base))
        .send()
        .await
        .expect("officer api");
    assert_eq!(r.status(), 403);
    // The desk counts the confirmed reviews and lists them.
    let r = sup
        .get(format!("{}/supervision/reviews?draw={draw}", s.base))
        .send()
        .await
        .expect("desk");
    assert_eq!(r.status(), 200);
    let html = r.text().await.expect("text");
    assert!(html.contains(&format!("/supervision/reviews/{own}")));
}
