//! The legal corpus on the web: law browser, provision page, search, diff, citation resolver
//! and the JSON API, all read anonymously (the demo imports ../shared/data/laws).

use serde_json::Value;

use crate::support::{client, server};

const PARA_33_1: &str = "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。初次违法且危害后果轻微并及时改正的，可以不予行政处罚。";

async fn get(path: &str, query: &[(&str, &str)]) -> (u16, String) {
    let r = client()
        .get(format!("{}{path}", server().base))
        .query(query)
        .send()
        .await
        .expect("request");
    let status = r.status().as_u16();
    (status, r.text().await.expect("body"))
}

async fn get_json(path: &str, query: &[(&str, &str)]) -> (u16, Value) {
    let r = client()
        .get(format!("{}{path}", server().base))
        .query(query)
        .send()
        .await
        .expect("request");
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(
        ct.starts_with("application/json"),
        "{path}: content type {ct}"
    );
    (status, r.json().await.expect("json"))
}

#[tokio::test]
async fn law_index_is_public_and_grouped_by_level() {
    let (status, html) = get("/law", &[]).await;
    assert_eq!(status, 200, "anonymous /law must not redirect to login");
    for s in [
        "法律",
        "行政法规",
        "部门规章",
        "中华人民共和国行政处罚法",
        "现行有效",
        "行政复议法",
    ] {
        assert!(html.contains(s), "/law lacks {s}");
    }
    // Both versions of 行政复议法 are linked.
    assert!(html.contains("?v=2017-09-01"), "old version link");
    assert!(html.contains("?v=2023-09-01"), "new version link");
    // Anonymous visitors still get the law navigation.
    assert!(html.contains("href=\"/law/search\""));
}

#[tokio::test]
async fn law_page_has_anchors_text_and_copyable_codes() {
    let (status, html) = get("/law/行政处罚法", &[]).await;
    assert_eq!(status, 200);
    assert!(html.contains("id=\"art_33\""), "article anchor");
    assert!(html.contains("id=\"art_33__para_1\""), "paragraph anchor");
    assert!(html.contains("id=\"art_9__para_1__item_2\""), "item anchor");
    assert!(html.contains(PARA_33_1), "exact text of 第三十三条第一款");
    assert!(
        html.contains("value=\"《中华人民共和国行政处罚法》第三十三条第一款\""),
        "copyable citation"
    );
    assert!(
        html.contains("value=\"行政处罚法/art_33__para_1\""),
        "copyable code"
    );
    // Table of contents: plain anchor links to the chapters.
    assert!(
        html.contains("href=\"#chp_5__sec_1\""),
        "section link in the TOC"
    );
    assert!(
        html.contains("id=\"chp_5__sec_1\""),
        "section heading anchor"
    );
    // No inline script (the CSP forbids it).
    assert!(!html.contains("<script>"), "inline script");

    // A version by date; an unknown version and an unknown law are 404 pages.
    let (status, html) = get("/law/行政复议法", &[("v", "2017-09-01")]).await;
    assert_eq!(status, 200);
    assert!(html.contains("行政复议法@2017-09-01"));
    let (status, _) = get("/law/行政复议法", &[("v", "2001-01-01")]).await;
    assert_eq!(status, 404);
    let (status, html) = get("/law/不存在的法", &[]).await;
    assert_eq!(status, 404);
    assert!(html.contains("法规库中没有《不存在的法》"));
}

#[tokio::test]
async fn provision_page_resolves_one_unit() {
    let (status, html) = get("/law/行政处罚法/art_33__para_1", &[]).await;
    assert_eq!(status, 200);
    assert!(html.contains(PARA_33_1));
    assert!(html.contains("《中华人民共和国行政处罚法》第三十三条第一款"));
    assert!(html.contains("行政处罚法@2021-01-22"));
    // Cross-references: who cites 第五十一条, and what 行政强制法 第十条 cites.
    let (status, html) = get("/law/行政处罚法/art_51", &[]).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("行政处罚法/art_54__para_1"),
        "cited by 第五十四条"
    );
    let (status, html) = get("/law/行政强制法/art_10", &[]).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("行政强制法/art_9__para_1__item_1"),
        "cites 第九条第一项"
    );
    let (status, html) = get("/law/行政处罚法/art_900", &[]).await;
    assert_eq!(status, 404);
    assert!(html.contains("第九百条不存在"), "law-specific message");
    let (status, _) = get("/law/行政处罚法/not_a_code", &[]).await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn search_ranks_highlights_and_escapes() {
    let (status, html) = get("/law/search", &[("q", "罚款")]).await;
    assert_eq!(status, 200);
    assert!(html.contains("<mark>罚款</mark>"), "highlighted snippet");
    assert!(html.contains("/art_"), "hits carry codes");
    assert!(html.contains("class=\"pager\""));
    // Filters.
    let (status, html) = get(
        "/law/search",
        &[("q", "罚款"), ("law", "行政处罚法"), ("status", "现行有效")],
    )
    .await;
    assert_eq!(status, 200);
    assert!(html.contains("行政处罚法/art_"));
    assert!(!html.contains("食品安全法/art_"), "law filter");
    // The query is echoed escaped; nothing from it becomes markup.
    let (_, html) = get("/law/search", &[("q", "<script>alert(1)</script>")]).await;
    assert!(!html.contains("<script>alert(1)"));

    let (status, v) = get_json("/api/v1/law/search", &[("q", "罚款"), ("limit", "5")]).await;
    assert_eq!(status, 200);
    let hits = v["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 5);
    assert!(v["total"].as_u64().unwrap() > 5);
    for h in hits {
        assert!(h["code"].as_str().unwrap().contains("/art_"), "{h}");
        assert!(h["snippet"].as_str().unwrap().contains("【罚款】"), "{h}");
    }
    let (status, v) = get_json("/api/v1/law/search", &[("q", "")]).await;
    assert_eq!(status, 422);
    assert_eq!(v["field"], "q");
}

#[tokio::test]
async fn diff_lists_added_and_changed_articles() {
    let a = "行政复议法@2017-09-01";
    let b = "行政复议法@2023-09-01";
    let (status, html) = get("/law/diff", &[("a", a), ("b", b)]).await;
    assert_eq!(status, 200);
    assert!(html.contains("id=\"diff-table\""));
    assert!(html.contains("change-added"), "added rows");
    assert!(html.contains("change-changed"), "changed rows");
    assert!(html.contains("行政复议法/art_1"));
    assert!(
        html.contains("<ins>") || html.contains("<del>"),
        "marked changes"
    );
    // The form offers every version of the law.
    assert!(html.contains("value=\"行政复议法@2017-09-01\" selected"));

    let (status, v) = get_json("/api/v1/law/diff", &[("a", a), ("b", b)]).await;
    assert_eq!(status, 200);
    assert!(v["added"].as_u64().unwrap() > 0);
    assert!(v["changed"].as_u64().unwrap() > 0);
    let first = &v["changes"][0];
    assert!(first["old"].is_string() || first["new"].is_string());

    let (status, v) = get_json(
        "/api/v1/law/diff",
        &[("a", "行政复议法@1999-01-01"), ("b", b)],
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(v["field"], "a");
}

#[tokio::test]
async fn cite_resolves_or_explains_in_both_languages() {
    let (status, v) = get_json(
        "/api/v1/law/cite",
        &[("text", "《中华人民共和国行政处罚法》第三十三条第一款")],
    )
    .await;
    assert_eq!(status, 200);
    let r = &v["resolved"][0];
    assert_eq!(r["code"], "行政处罚法/art_33__para_1");
    assert_eq!(
        r["citation"],
        "《中华人民共和国行政处罚法》第三十三条第一款"
    );
    assert_eq!(r["text"], PARA_33_1);

    let (status, v) = get_json("/api/v1/law/cite", &[("text", "《行政处罚法》第九百条")]).await;
    assert_eq!(status, 422);
    assert_eq!(v["code"], "no_such_provision");
    assert_eq!(v["field"], "text");
    let zh = v["message"].as_str().unwrap();
    let en = v["message_en"].as_str().unwrap();
    assert!(zh.contains("第九百条不存在"), "{zh}");
    assert!(!zh.contains("does not exist"), "Chinese half only: {zh}");
    assert!(en.contains("no article 900"), "{en}");
    assert!(!en.contains("不存在"), "English half only: {en}");

    let (status, v) = get_json("/api/v1/law/cite", &[("text", "没有引用的句子")]).await;
    assert_eq!(status, 422);
    assert_eq!(v["code"], "nothing_resolvable");

    // The page shows the resolved units, or the reason.
    let (status, html) = get(
        "/law/cite",
        &[("text", "《行政处罚法》第三十三条、第三十四条")],
    )
    .await;
    assert_eq!(status, 200);
    assert!(html.contains("行政处罚法/art_33"));
    assert!(html.contains("行政处罚法/art_34"));
    let (status, html) = get("/law/cite", &[("text", "《行政处罚法》第九百条")]).await;
    assert_eq!(status, 422);
    assert!(html.contains("第九百条不存在"));
    assert!(html.contains("no article 900"));
}

#[tokio::test]
async fn provision_api_and_unknown_codes() {
    let (status, v) = get_json("/api/v1/law/provisions/行政处罚法/art_33__para_1", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(v["text"], PARA_33_1);
    assert_eq!(v["version"], "行政处罚法@2021-01-22");
    assert_eq!(v["pinned_code"], "行政处罚法@2021-01-22/art_33__para_1");

    // A pinned old version.
    let (status, v) = get_json("/api/v1/law/provisions/行政复议法@2017-09-01/art_28", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(v["version"], "行政复议法@2017-09-01");

    let (_, v) = get_json("/api/v1/law/provisions/行政处罚法/art_51", &[]).await;
    assert!(
        v["cited_by"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["from"] == "行政处罚法/art_54__para_1")
    );

    for code in ["行政处罚法/art_900", "不存在的法/art_1"] {
        let (status, v) = get_json(&format!("/api/v1/law/provisions/{code}"), &[]).await;
        assert_eq!(status, 404, "{code}");
        assert!(
            v["message"].is_string() && v["message_en"].is_string(),
            "{v}"
        );
        assert!(v["code"] == "no_such_provision" || v["code"] == "unknown_law");
    }
    let (status, v) = get_json("/api/v1/law/provisions/行政处罚法/art_0x", &[]).await;
    assert_eq!(status, 422);
    assert_eq!(v["code"], "bad_code");

    let (status, v) = get_json("/api/v1/law/laws", &[]).await;
    assert_eq!(status, 200);
    let laws = v.as_array().expect("array");
    assert!(laws.len() >= 60);
    let fy = laws
        .iter()
        .find(|l| l["code"] == "行政复议法")
        .expect("行政复议法");
    assert_eq!(fy["versions"].as_array().unwrap().len(), 2);

    let (status, v) = get_json("/api/v1/law/laws/行政处罚法", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(v["articles"], 86);
    assert_eq!(v["children"][0]["kind"], "chapter");

    let (status, v) = get_json("/api/v1/law/openapi.json", &[]).await;
    assert_eq!(status, 200);
    assert!(v["paths"]["/api/v1/law/cite"].is_object());
}
