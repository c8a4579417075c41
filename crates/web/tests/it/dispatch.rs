//! Dispatch pages and API on the demo district: roles, department scope, the flow through the
//! API, the public complaint form, and the large-model fallback against an axum server.

use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::post;
use fazhi_core::BINHAI_REGION;
use fazhi_core::dispatch::llm::{LlmConfig, suggest_with};
use serde_json::{Value, json};

use crate::support::{client, csrf_of, department_id, login, server};

#[tokio::test]
async fn desk_is_for_dispatchers_only() {
    let s = server();
    let (d, _) = login("dispatcher").await;
    let r = d
        .get(format!("{}/dispatch/desk", s.base))
        .send()
        .await
        .expect("desk");
    assert_eq!(r.status(), 200);
    let html = r.text().await.expect("html");
    assert!(html.contains("desk-table"));
    for user in ["officer", "deptadmin", "supervisor", "sysadmin"] {
        let (c, _) = login(user).await;
        let r = c
            .get(format!("{}/dispatch/desk", s.base))
            .send()
            .await
            .expect("desk");
        assert_eq!(r.status(), 403, "{user} must not open the desk");
    }
    let (sup, _) = login("supervisor").await;
    let r = sup
        .get(format!("{}/dispatch/stats", s.base))
        .send()
        .await
        .expect("stats");
    assert_eq!(r.status(), 200);
    assert!(r.text().await.expect("html").contains("stats-table"));
    let (off, _) = login("officer").await;
    let r = off
        .get(format!("{}/dispatch/inbox", s.base))
        .send()
        .await
        .expect("inbox");
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn api_flow_and_department_scope() {
    let s = server();
    let (d, token) = login("dispatcher").await;
    let labour = department_id("区人社局").await;
    let r = d
        .post(format!("{}/api/v1/dispatch/orders", s.base))
        .header("X-CSRF-Token", &token)
        .json(&json!({"kind": "complaint", "text": "建筑工地老板拖欠二十名工人工资", "address": "中新生态城"}))
        .send()
        .await
        .expect("create");
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.expect("json");
    let id = v["id"].as_i64().expect("id");
    // Without the CSRF header a write is refused.
    let r = d
        .post(format!("{}/api/v1/dispatch/orders/{id}/steps", s.base))
        .json(&json!({"step": "dispatch", "department_id": labour}))
        .send()
        .await
        .expect("step");
    assert_eq!(r.status(), 403);
    let r = d
        .post(format!("{}/api/v1/dispatch/orders/{id}/steps", s.base))
        .header("X-CSRF-Token", &token)
        .json(&json!({"step": "dispatch", "department_id": labour}))
        .send()
        .await
        .expect("step");
    assert_eq!(r.status(), 200);
    // The market bureau's officer sees neither the page nor the record.
    let (off, off_token) = login("officer").await;
    let r = off
        .get(format!("{}/dispatch/orders/{id}", s.base))
        .send()
        .await
        .expect("page");
    assert_eq!(r.status(), 404);
    let r = off
        .post(format!("{}/api/v1/dispatch/orders/{id}/steps", s.base))
        .header("X-CSRF-Token", &off_token)
        .json(&json!({"step": "accept"}))
        .send()
        .await
        .expect("accept");
    assert_eq!(r.status(), 404);
    let inbox: Value = off
        .get(format!(
            "{}/api/v1/dispatch/orders?view=inbox&page_size=200",
            s.base
        ))
        .send()
        .await
        .expect("inbox")
        .json()
        .await
        .expect("json");
    let market = department_id("区市场监管局").await;
    for o in inbox["rows"].as_array().expect("rows") {
        assert_eq!(o["department_id"].as_i64(), Some(market), "{o}");
    }
    // The dispatcher's order page shows the suggestion and the timeline.
    let html = d
        .get(format!("{}/dispatch/orders/{id}", s.base))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(html.contains("timeline") && html.contains("suggestion"));
    // Bad input: an empty text is a clear 422 with both languages.
    let r = d
        .post(format!("{}/api/v1/dispatch/orders", s.base))
        .header("X-CSRF-Token", &token)
        .json(&json!({"kind": "complaint", "text": "  "}))
        .send()
        .await
        .expect("bad");
    assert_eq!(r.status(), 422);
    let e: Value = r.json().await.expect("json");
    assert_eq!(e["code"], "dispatch.text_empty");
    assert!(e["message"].as_str().is_some() && e["message_en"].as_str().is_some());
}

#[tokio::test]
async fn public_complaint_form() {
    let s = server();
    let c = client();
    let page = c
        .get(format!("{}/portal/complaints", s.base))
        .send()
        .await
        .expect("form")
        .text()
        .await
        .expect("html");
    let csrf = csrf_of(&page);
    assert!(!csrf.is_empty());
    let r = c
        .post(format!("{}/portal/complaints", s.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("kind", "complaint"),
            ("text", "小区门口流动摊贩占道经营，晚上堵路"),
            ("address", "塘沽街道福州道"),
        ])
        .send()
        .await
        .expect("submit");
    assert_eq!(r.status(), 200);
    assert!(r.text().await.expect("html").contains("order-no"));
    let r = c
        .post(format!("{}/portal/complaints", s.base))
        .form(&[("csrf", csrf.as_str()), ("kind", "complaint"), ("text", "")])
        .send()
        .await
        .expect("submit");
    assert_eq!(r.status(), 422);
}

#[tokio::test]
async fn model_adapter_falls_back_against_a_failing_axum_server() {
    let s = server();
    let db = fazhi_core::db::Db::connect(&s.db_url).await.expect("db");
    let m = fazhi_core::dispatch::model(&db, BINHAI_REGION)
        .await
        .expect("model");
    let app = Router::new()
        .route(
            "/fail/v1/chat/completions",
            post(|| async { (StatusCode::SERVICE_UNAVAILABLE, "busy") }),
        )
        .route(
            "/slow/v1/chat/completions",
            post(|| async {
                tokio::time::sleep(Duration::from_secs(10)).await;
                "{}"
            }),
        );
    let l = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = l.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(l, app).await;
    });
    let builtin = m.classify("工地包工头拖欠农民工工资", "");
    for path in ["fail", "slow"] {
        let cfg = LlmConfig {
            url: format!("http://{addr}/{path}/v1/chat/completions"),
            model: "local".into(),
            timeout: Duration::from_millis(500),
        };
        let sug = suggest_with(&cfg, &m, "工地包工头拖欠农民工工资", "").await;
        assert!(
            sug.engine.starts_with("builtin (fallback"),
            "{path}: {}",
            sug.engine
        );
        assert_eq!(
            sug.top().map(|t| t.department_id),
            builtin.top().map(|t| t.department_id)
        );
    }
}
