//! The power list through the server: figures by query, the proposal workflow from form to
//! published version, the public query, Excel export, refusals (scope, out-of-range tiers).

use crate::support::{client, db, login, server};

async fn get(c: &reqwest::Client, path: &str) -> (u16, String) {
    let r = c
        .get(format!("{}{path}", server().base))
        .send()
        .await
        .expect("get");
    (r.status().as_u16(), r.text().await.expect("text"))
}

fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let i = html.find(start).map(|i| i + start.len()).unwrap_or(0);
    let rest = &html[i..];
    &rest[..rest.find(end).unwrap_or(0)]
}

#[tokio::test]
async fn statistics_page_and_api_count_the_records() {
    let (c, _) = login("supervisor").await;
    let (status, html) = get(&c, "/powers/stats?year=2024").await;
    assert_eq!(status, 200);
    assert_eq!(between(&html, "id=\"stat-adjustments\">", "<"), "5569");
    assert_eq!(between(&html, "id=\"stat-published\">", "<"), "5025");
    let v: serde_json::Value = c
        .get(format!("{}/api/v1/powers/stats?year=2024", server().base))
        .send()
        .await
        .expect("api")
        .json()
        .await
        .expect("json");
    assert_eq!(v["adjustments"], 5569);
    assert_eq!(v["published"], 5025);
    let (status, _) = get(&c, "/powers/stats?year=abc").await;
    assert_eq!(status, 422);
    // Other roles: officers read, administrators do not.
    let (c, _) = login("sysadmin").await;
    assert_eq!(get(&c, "/powers/items").await.0, 403);
    let (status, _) = get(&client(), "/powers/items").await;
    assert_eq!(status, 303, "anonymous → login");
}

#[tokio::test]
async fn a_proposal_goes_from_form_to_published_version_and_portal() {
    let (dept, dept_csrf) = login("deptadmin").await;
    let (status, html) = get(&dept, "/powers/proposals/new?kind=add").await;
    assert_eq!(status, 200);
    assert!(html.contains("name=\"basis\""));
    let market: (i64,) =
        sqlx::query_as("SELECT id FROM departments WHERE short_name = '区市场监管局'")
            .fetch_one(db().await.pool())
            .await
            .expect("market");
    let market = market.0.to_string();
    let form = |code: &'static str, basis: &'static str| {
        vec![
            ("csrf", dept_csrf.clone()),
            ("kind", "add".to_string()),
            ("code", code.to_string()),
            (
                "name",
                "对网络交易平台未公示经营者信息的行政处罚（测试）".to_string(),
            ),
            ("category", "CF".to_string()),
            ("department_id", market.clone()),
            ("basis", basis.to_string()),
            ("duties", "1.立案责任；2.调查责任".to_string()),
            ("reason_kind", "new_law".to_string()),
            ("reason", "测试新增".to_string()),
        ]
    };
    // An unresolvable basis is refused with the reason, and the form is shown again.
    let r = dept
        .post(format!("{}/powers/proposals", server().base))
        .form(&form("CFWEB0001", "《中华人民共和国电子商务法》第九百条"))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 422);
    let html = r.text().await.expect("text");
    assert!(html.contains("无法解析"), "{html}");
    let r = dept
        .post(format!("{}/powers/proposals", server().base))
        .form(&form("CFWEB0001", "《中华人民共和国电子商务法》第七十六条"))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 303);
    let loc = r.headers()["location"].to_str().expect("loc").to_string();
    let id: i64 = between(&loc, "/powers/proposals/", "?")
        .parse()
        .expect("id");
    let act = |c: &reqwest::Client, csrf: &str, action: &str| {
        c.post(format!("{}/powers/proposals/{id}/action", server().base))
            .form(&[("csrf", csrf), ("action", action), ("note", "同意")])
            .send()
    };
    assert_eq!(
        act(&dept, &dept_csrf, "submit")
            .await
            .expect("submit")
            .status(),
        303
    );
    // The department cannot approve its own proposal.
    assert_eq!(
        act(&dept, &dept_csrf, "approve")
            .await
            .expect("approve")
            .status(),
        403
    );
    let (sup, sup_csrf) = login("supervisor").await;
    let (_, html) = get(&sup, &format!("/powers/proposals/{id}")).await;
    assert!(html.contains("review-form"));
    assert_eq!(
        act(&sup, &sup_csrf, "approve")
            .await
            .expect("approve")
            .status(),
        303
    );
    // Not public before publication.
    let (_, html) = get(&client(), "/portal/powers?q=CFWEB0001").await;
    assert!(
        !html.contains("class=\"mono\">CFWEB0001"),
        "not in the public list yet"
    );
    let r = sup
        .post(format!("{}/powers/versions/publish", server().base))
        .form(&[
            ("csrf", sup_csrf.as_str()),
            ("on", ""),
            ("note", "测试发布"),
        ])
        .send()
        .await
        .expect("publish");
    assert_eq!(r.status(), 303);
    let loc = r.headers()["location"].to_str().expect("loc").to_string();
    let (status, html) = get(&sup, &loc).await;
    assert_eq!(status, 200);
    assert!(html.contains("CFWEB0001") || html.contains("共"));
    // The public finds it, with the basis text from the corpus.
    let (status, html) = get(&client(), "/portal/powers?q=CFWEB0001").await;
    assert_eq!(status, 200);
    let item: i64 = between(&html, "/portal/powers/", "\"")
        .parse()
        .expect("item link");
    let (status, html) = get(&client(), &format!("/portal/powers/{item}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("<blockquote"), "basis text shown");
    assert!(
        html.contains("电子商务平台经营者"),
        "text of 电子商务法 第七十六条"
    );
    // Versions can be compared with the previous one.
    let number = between(&loc, "/powers/versions/", "?");
    let prev = number.parse::<i64>().expect("n") - 1;
    let (status, html) = get(
        &sup,
        &format!("/powers/versions/diff?from={prev}&to={number}"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(html.contains("CFWEB0001"));
}

#[tokio::test]
async fn public_query_and_item_detail() {
    let c = client();
    let (status, html) = get(&c, "/portal/powers?q=食品&category=CF").await;
    assert_eq!(status, 200);
    assert!(html.contains("行政处罚"));
    let item: i64 = between(&html, "/portal/powers/", "\"")
        .parse()
        .expect("item");
    let (status, html) = get(&c, &format!("/portal/powers/{item}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("中华人民共和国"));
    assert!(html.contains("裁量档次"));
    // A cancelled item is not public.
    let cancelled: (i64,) =
        sqlx::query_as("SELECT id FROM power_items WHERE status = 'cancelled' LIMIT 1")
            .fetch_one(db().await.pool())
            .await
            .expect("cancelled");
    let (status, _) = get(&c, &format!("/portal/powers/{}", cancelled.0)).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn excel_export_has_the_usual_columns() {
    let (c, _) = login("officer").await;
    let r = c
        .get(format!(
            "{}/powers/items/export.xlsx?category=JC",
            server().base
        ))
        .send()
        .await
        .expect("export");
    assert_eq!(r.status(), 200);
    let bytes = r.bytes().await.expect("bytes");
    let rows = fazhi_core::excel::read_first_sheet(&bytes).expect("xlsx");
    assert_eq!(rows[0], fazhi_core::powers::EXPORT_COLUMNS);
    assert!(rows.len() > 10);
    assert!(rows[1..].iter().all(|r| r[4] == "行政检查"));
}

#[tokio::test]
async fn api_refuses_out_of_range_tiers_and_other_departments() {
    let (c, csrf) = login("deptadmin").await;
    let db = db().await;
    let market: (i64,) =
        sqlx::query_as("SELECT id FROM departments WHERE short_name = '区市场监管局'")
            .fetch_one(db.pool())
            .await
            .expect("market");
    let body = serde_json::json!({
        "kind": "add",
        "reason": "测试",
        "body": {
            "code": "CFWEB0100", "name": "对未取得食品生产经营许可的行政处罚（测试）", "category": "CF",
            "department_id": market.0, "basis": [], "basis_citation": "《中华人民共和国食品安全法》第一百二十二条",
            "violations": [{
                "name": "未取得许可", "penalised": "食品安全法/art_122__para_1",
                "discretion": {"tiers": [{"name": "严重", "conditions": "情节严重",
                    "fine": {"kind": "amount", "min_fen": 5000000, "max_fen": 20000000}}]}
            }]
        }
    });
    let r = c
        .post(format!("{}/api/v1/powers/proposals", server().base))
        .header("X-CSRF-Token", &csrf)
        .json(&body)
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 422);
    let e: serde_json::Value = r.json().await.expect("json");
    assert_eq!(e["code"], "powers.tier_out_of_range", "{e}");
    assert!(
        e["message_en"]
            .as_str()
            .unwrap_or("")
            .contains("outside the legal range")
    );
    // Without the CSRF header: refused.
    let r = c
        .post(format!("{}/api/v1/powers/proposals", server().base))
        .json(&body)
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 403);
    // An item of another department cannot be cancelled by the market bureau.
    let other: (i64,) = sqlx::query_as(
        "SELECT i.id FROM power_items i JOIN departments d ON d.id = i.department_id \
         WHERE d.short_name = '区应急局' AND i.status = 'active' LIMIT 1",
    )
    .fetch_one(db.pool())
    .await
    .expect("safety item");
    let r = c
        .post(format!("{}/api/v1/powers/proposals", server().base))
        .header("X-CSRF-Token", &csrf)
        .json(&serde_json::json!({"kind": "cancel", "item_id": other.0, "reason": "越权"}))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 403);
}
