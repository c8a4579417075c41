//! Supervision pages on the demo district: the supervisor's desk, assessments, bulletins (page
//! and A4 print view with SVG charts), alerts, instruments and the body view with numbers from
//! the 2024 demo; refusals for the other roles; a head's body view limited to its own body;
//! an instrument issued by the bureau and answered by the body through the forms.

use fazhi_demo::supervision::assessment as demo;

use crate::support::{db, login, server};

/// The assessment demo runs inside the supervision demo; if the demo server was built without
/// it, build it once here (a lock shared by every test of this file).
async fn ensure_demo() {
    static LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    let _g = LOCK.lock().await;
    let pool = db().await;
    let n: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM supervision_assessments")
        .fetch_one(pool.pool())
        .await
        .expect("count");
    if n == 0 {
        demo::generate(&pool, &mut |_, _, _| {})
            .await
            .expect("assessment demo");
    }
}

async fn get(c: &reqwest::Client, path: &str) -> (u16, String) {
    let r = c
        .get(format!("{}{path}", server().base))
        .send()
        .await
        .expect("get");
    let status = r.status().as_u16();
    (status, r.text().await.unwrap_or_default())
}

async fn market_id() -> i64 {
    let pool = db().await;
    sqlx::query_scalar("SELECT department_id FROM users WHERE username = 'deptadmin'")
        .fetch_one(pool.pool())
        .await
        .expect("deptadmin")
}

#[tokio::test]
async fn supervisor_pages_show_the_demo_year() {
    ensure_demo().await;
    let (c, _) = login("supervisor").await;
    let (s, html) = get(&c, "/supervision?month=2024-03").await;
    assert_eq!(s, 200, "{html}");
    assert!(html.contains("id=\"ranking\""));
    assert!(html.contains("/supervision/bodies/"));
    assert!(html.contains("/records?month=2024-03"));

    let (s, html) = get(&c, "/supervision/assessments?month=2024-03").await;
    assert_eq!(s, 200);
    assert!(html.contains("id=\"assessment-ranking\""));
    assert!(html.contains("v1"));
    assert!(html.contains("form-scheme"), "the bureau edits the scheme");
    let (_, html) = get(&c, "/supervision/assessments?month=2024-09").await;
    assert!(
        html.contains("第 2 版"),
        "the July version scores September"
    );

    let (s, html) = get(&c, "/supervision/bulletins").await;
    assert_eq!(s, 200);
    assert_eq!(html.matches("滨司监通〔").count(), 4, "{html}");
    let id = html
        .split("/supervision/bulletins/")
        .nth(1)
        .and_then(|t| t.split('"').next())
        .and_then(|t| t.parse::<i64>().ok())
        .expect("bulletin id");
    let (s, html) = get(&c, &format!("/supervision/bulletins/{id}")).await;
    assert_eq!(s, 200);
    assert!(html.contains("<svg"));
    assert!(html.contains("bulletin-totals"));
    let (s, html) = get(&c, &format!("/supervision/bulletins/{id}/print")).await;
    assert_eq!(s, 200);
    assert!(html.contains("<svg"), "the print view carries the charts");
    assert!(html.contains("size: A4"));
    assert!(!html.contains("<script"));

    let (s, html) = get(&c, "/supervision/alerts?year=2024").await;
    assert_eq!(s, 200);
    assert!(html.contains("id=\"alert-total\""));
    let (s, html) = get(&c, "/supervision/instruments").await;
    assert_eq!(s, 200);
    assert!(html.contains("滨司监意〔2024〕"));
    assert!(html.contains("form-instrument"));

    let mk = market_id().await;
    let (s, html) = get(&c, &format!("/supervision/bodies/{mk}?month=2024-03")).await;
    assert_eq!(s, 200);
    assert!(html.contains("body-figures"));
    let (s, html) = get(
        &c,
        &format!("/supervision/bodies/{mk}/records?month=2024-03&indicator=inspections"),
    )
    .await;
    assert_eq!(s, 200);
    assert!(html.contains("/inspections/"), "the records of the figure");

    // The API.
    let v: serde_json::Value = c
        .get(format!(
            "{}/api/v1/supervision/assessments?year=2024",
            server().base
        ))
        .send()
        .await
        .expect("api")
        .json()
        .await
        .expect("json");
    assert_eq!(v.as_array().map(|a| a.len()), Some(12));
    let v: serde_json::Value = c
        .get(format!(
            "{}/api/v1/supervision/indicators?month=2024-03",
            server().base
        ))
        .send()
        .await
        .expect("api")
        .json()
        .await
        .expect("json");
    let bodies = v["bodies"].as_array().expect("bodies");
    assert!(bodies.len() > 5);
    let inspections: i64 = bodies
        .iter()
        .flat_map(|b| b["figures"].as_array().cloned().unwrap_or_default())
        .filter(|f| f["indicator"] == "inspections")
        .map(|f| f["numerator"].as_i64().unwrap_or(0))
        .sum();
    assert!(inspections > 0, "inspections from the demo records");
    let v: serde_json::Value = c
        .get(format!(
            "{}/api/v1/supervision/alerts?year=2024",
            server().base
        ))
        .send()
        .await
        .expect("api")
        .json()
        .await
        .expect("json");
    assert!(v["total"].as_i64().is_some());
    let v: serde_json::Value = c
        .get(format!(
            "{}/api/v1/supervision/assessments/2024-03",
            server().base
        ))
        .send()
        .await
        .expect("api")
        .json()
        .await
        .expect("json");
    assert_eq!(v[0]["rank"], 1);
}

#[tokio::test]
async fn other_roles_are_refused() {
    ensure_demo().await;
    for user in ["officer", "enterprise", "dispatcher"] {
        let (c, _) = login(user).await;
        for path in [
            "/supervision",
            "/supervision/assessments",
            "/supervision/bulletins",
            "/supervision/alerts",
            "/supervision/instruments",
            "/api/v1/supervision/indicators?month=2024-03",
            "/api/v1/supervision/alerts",
        ] {
            let (s, _) = get(&c, path).await;
            assert_eq!(s, 403, "{user} {path}");
        }
    }
    // An API write without the CSRF header, or by a head, changes nothing.
    let (c, _) = login("deptadmin").await;
    let r = c
        .post(format!("{}/api/v1/supervision/assessments", server().base))
        .json(&serde_json::json!({"month": "2024-03"}))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 403);
}

#[tokio::test]
async fn a_head_sees_its_own_body_and_answers_an_instrument() {
    ensure_demo().await;
    let mk = market_id().await;
    let (head, head_csrf) = login("deptadmin").await;
    let r = head
        .get(format!("{}/supervision", server().base))
        .send()
        .await
        .expect("desk");
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(
        r.headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or(""),
        format!("/supervision/bodies/{mk}")
    );
    let (s, html) = get(&head, &format!("/supervision/bodies/{mk}?month=2024-03")).await;
    assert_eq!(s, 200);
    assert!(html.contains("body-alerts"));
    // Another body: not found, as if it did not exist.
    let pool = db().await;
    let other: i64 = sqlx::query_scalar(
        "SELECT d.id FROM departments d WHERE d.id <> $1 AND EXISTS (SELECT 1 FROM power_items p WHERE p.department_id = d.id AND p.status = 'active') \
         AND d.id NOT IN (SELECT descendant_id FROM department_closure WHERE ancestor_id = $1) ORDER BY d.id LIMIT 1",
    )
    .bind(mk)
    .fetch_one(pool.pool())
    .await
    .expect("other body");
    let (s, _) = get(&head, &format!("/supervision/bodies/{other}")).await;
    assert_eq!(s, 404);
    let (s, _) = get(
        &head,
        &format!("/supervision/bodies/{other}/records?month=2024-03&indicator=inspections"),
    )
    .await;
    assert_eq!(s, 404);
    let v: serde_json::Value = head
        .get(format!(
            "{}/api/v1/supervision/indicators?month=2024-03",
            server().base
        ))
        .send()
        .await
        .expect("api")
        .json()
        .await
        .expect("json");
    let ids: Vec<i64> = v["bodies"]
        .as_array()
        .expect("bodies")
        .iter()
        .filter_map(|b| b["department_id"].as_i64())
        .collect();
    assert_eq!(ids, vec![mk]);

    // The bureau issues an instrument to the market bureau through the form …
    let (sup, sup_csrf) = login("supervisor").await;
    let r = sup
        .post(format!("{}/supervision/instruments", server().base))
        .form(&[
            ("csrf", sup_csrf.as_str()),
            ("kind", "opinion"),
            ("department_id", &mk.to_string()),
            ("title", "网页测试监督意见"),
            ("findings", "公示超期。"),
            ("requirements", "逐案补正。"),
            ("issued_on", "2024-06-03"),
            ("due_working_days", "10"),
        ])
        .send()
        .await
        .expect("issue");
    assert_eq!(r.status().as_u16(), 303);
    let id: i64 = sqlx::query_scalar(
        "SELECT id FROM supervision_instruments WHERE title = '网页测试监督意见' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(pool.pool())
    .await
    .expect("instrument");
    // … the head sees it with a reply form and answers it.
    let (_, html) = get(&head, "/supervision/instruments").await;
    assert!(html.contains("网页测试监督意见"));
    assert!(html.contains(&format!("/supervision/instruments/{id}/reply")));
    let r = head
        .post(format!(
            "{}/supervision/instruments/{id}/reply",
            server().base
        ))
        .form(&[
            ("csrf", head_csrf.as_str()),
            ("on", "2024-06-10"),
            ("text", "已补正。"),
        ])
        .send()
        .await
        .expect("reply");
    assert_eq!(r.status().as_u16(), 303);
    let status: String =
        sqlx::query_scalar("SELECT status FROM supervision_instruments WHERE id = $1")
            .bind(id)
            .fetch_one(pool.pool())
            .await
            .expect("status");
    assert_eq!(status, "replied");
    // The head may not close it; the bureau may.
    let r = head
        .post(format!(
            "{}/supervision/instruments/{id}/close",
            server().base
        ))
        .form(&[("csrf", head_csrf.as_str()), ("text", "x")])
        .send()
        .await
        .expect("close");
    assert_eq!(r.status().as_u16(), 403);
}
