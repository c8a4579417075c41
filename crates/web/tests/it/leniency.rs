//! The flexible-enforcement lists through the server: the console page by permission, the public
//! page, the check form with its trace, the evaluate API and its bilingual errors.

use crate::support::{client, login, server};

async fn get(c: &reqwest::Client, path: &str) -> (u16, String) {
    let r = c
        .get(format!("{}{path}", server().base))
        .send()
        .await
        .expect("get");
    (r.status().as_u16(), r.text().await.expect("text"))
}

#[tokio::test]
async fn lists_page_by_permission_and_public_portal() {
    let (officer, _) = login("officer").await;
    let (status, html) = get(&officer, "/leniency").await;
    assert_eq!(status, 200);
    for domain in ["市场监管", "安全生产", "城市管理", "住房建设", "生态环境"] {
        assert!(html.contains(domain), "{domain}");
    }
    assert!(html.contains("SCJG-BY-001"));
    // Provisions link to the statute pages of the law module.
    assert!(html.contains("/art_33__para_1\""), "provision links");
    for user in ["enterprise", "dispatcher"] {
        let (c, _) = login(user).await;
        assert_eq!(get(&c, "/leniency").await.0, 403, "{user}");
        assert_eq!(get(&c, "/leniency/check").await.0, 403, "{user}");
    }
    assert_eq!(
        get(&client(), "/leniency").await.0,
        303,
        "anonymous → login"
    );
    let (status, html) = get(&client(), "/portal/leniency").await;
    assert_eq!(status, 200, "the lists are public");
    assert!(html.contains("不予处罚清单") && html.contains("免予行政强制清单"));
    let (status, body) = get(&client(), "/api/v1/leniency/entries").await;
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert!(v.as_array().is_some_and(|a| a.len() >= 30));
}

/// 行政处罚法 第三十三条 第一款 through the form: first violation + slight harm + corrected.
#[tokio::test]
async fn check_form_shows_the_trace() {
    let (c, csrf) = login("officer").await;
    let (status, html) = get(&c, "/leniency/check").await;
    assert_eq!(status, 200);
    assert!(html.contains("name=\"penalised\""));
    let post = |form: Vec<(&'static str, String)>| {
        c.post(format!("{}/leniency/check", server().base))
            .form(&form)
            .send()
    };
    let r = post(vec![
        ("csrf", csrf.clone()),
        ("domain", "market".into()),
        ("penalised", "食品安全法/art_125__para_2".into()),
        ("harm", "slight".into()),
        ("first_violation", "1".into()),
        ("corrected_in_time", "1".into()),
    ])
    .await
    .expect("post");
    assert_eq!(r.status().as_u16(), 200);
    let html = r.text().await.expect("text");
    assert!(html.contains("id=\"trace-SCJG-BY-001\""));
    assert!(
        html.contains("id=\"needs-review\""),
        "art. 33: penalty needs reason"
    );
    // Without correction the trace names the missing condition.
    let r = post(vec![
        ("csrf", csrf.clone()),
        ("penalised", "食品安全法/art_125__para_2".into()),
        ("harm", "slight".into()),
        ("first_violation", "1".into()),
    ])
    .await
    .expect("post");
    let html = r.text().await.expect("text");
    assert!(
        html.contains("未满足：及时改正"),
        "trace names the failed condition"
    );
    assert!(!html.contains("id=\"needs-review\""));
    // No CSRF token: refused.
    let r = post(vec![("penalised", "价格法/art_42".into())])
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 403);
    // No violation chosen: the form again with the message.
    let r = post(vec![("csrf", csrf.clone())]).await.expect("post");
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.expect("text").contains("form-error"));
}

#[tokio::test]
async fn evaluate_api_returns_the_trace_and_bilingual_errors() {
    let (c, csrf) = login("officer").await;
    let url = format!("{}/api/v1/leniency/evaluate", server().base);
    let body = serde_json::json!({
        "domain": "market",
        "penalised": "食品安全法/art_125__para_2",
        "first_violation": true,
        "harm": "slight",
        "corrected_in_time": true
    });
    let r = c
        .post(&url)
        .header("X-CSRF-Token", &csrf)
        .json(&body)
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 200);
    let v: serde_json::Value = r.json().await.expect("json");
    assert_eq!(v["outcome"], "no_penalty");
    assert_eq!(v["decided_by"], "SCJG-BY-001");
    assert_eq!(v["penalty_needs_reason_and_review"], true);
    let trace = &v["entries"][0]["conditions"];
    assert_eq!(trace[0]["provision"], "行政处罚法/art_33__para_1");
    assert_eq!(trace[0]["holds"], true);
    // Malformed JSON: the shared error body in both languages.
    let r = c
        .post(&url)
        .header("X-CSRF-Token", &csrf)
        .header("content-type", "application/json")
        .body("{\"penalised\": ")
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 422);
    let e: serde_json::Value = r.json().await.expect("json");
    assert_eq!(e["code"], "api.body");
    assert!(e["message"].as_str().is_some_and(|m| m.contains("JSON")));
    assert!(e["message_en"].as_str().is_some_and(|m| m.contains("JSON")));
    // Without the CSRF header, and for a role without cases: refused.
    let r = c.post(&url).json(&body).send().await.expect("post");
    assert_eq!(r.status().as_u16(), 403);
    let (ent, ent_csrf) = login("enterprise").await;
    let r = ent
        .post(&url)
        .header("X-CSRF-Token", &ent_csrf)
        .json(&body)
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 403);
}
