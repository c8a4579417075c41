//! 行政规范性文件 over HTTP on the demo district: the demo's 2024 figures counted from the records,
//! the documents citing the repealed environmental laws, a draft through comment, review with
//! opinions, deliberation and publication by form posts, the portal, and the wrong roles and
//! out-of-scope records refused.

use fazhi_core::BINHAI_REGION;
use fazhi_core::normative::{citations, fair_competition};
use fazhi_demo::normative::{OPINIONS, REVIEW_RATE, REVIEWED, STANDALONE_CENTRAL_REVIEWS};

use crate::support::{client, db, department_id, login, server};

fn corpus() -> &'static fazhi_law::Corpus {
    static C: std::sync::OnceLock<fazhi_law::Corpus> = std::sync::OnceLock::new();
    C.get_or_init(|| {
        let dir = fazhi_core::law::default_laws_dir().expect("statutes");
        fazhi_law::Corpus::load(&dir).expect("corpus")
    })
}

#[tokio::test]
async fn the_demo_year_counts_from_the_records() {
    let s = server();
    let (bureau, _) = login("supervisor").await;
    let v: serde_json::Value = bureau
        .get(format!("{}/api/v1/normative/stats?year=2024", s.base))
        .send()
        .await
        .expect("stats")
        .json()
        .await
        .expect("json");
    assert_eq!(v["documents"].as_i64(), Some(REVIEWED as i64), "{v}");
    assert_eq!(v["legality_reviews"].as_i64(), Some(REVIEWED as i64), "{v}");
    assert_eq!(v["opinions"].as_i64(), Some(OPINIONS as i64), "{v}");
    assert_eq!(v["review_rate"].as_f64(), Some(REVIEW_RATE), "{v}");
    assert!(
        v["filed"].as_i64().unwrap_or(0) > 0 && v["cleaned"].as_i64().unwrap_or(0) > 0,
        "{v}"
    );
    // A drafting body has no district figures.
    let (dept, _) = login("deptadmin").await;
    let r = dept
        .get(format!("{}/api/v1/normative/stats?year=2024", s.base))
        .send()
        .await
        .expect("stats");
    assert_eq!(r.status(), 403);
    let db = db().await;
    let f = fair_competition::year(&db, BINHAI_REGION, 2024)
        .await
        .expect("fcr");
    assert!(
        f.central > STANDALONE_CENTRAL_REVIEWS as i64 && f.exceptions >= 1,
        "{f:?}"
    );
}

#[tokio::test]
async fn stale_lists_the_documents_citing_the_repealed_environmental_laws() {
    let db = db().await;
    let on = "2026-12-03".parse().expect("date");
    let list = citations::stale(&db, corpus(), BINHAI_REGION, on)
        .await
        .expect("stale");
    assert!(!list.is_empty());
    let env = [
        "环境保护法",
        "大气污染防治法",
        "水污染防治法",
        "固体废物污染环境防治法",
        "噪声污染防治法",
        "海洋环境保护法",
    ];
    for d in &list {
        assert!(env.iter().any(|l| d.reason.contains(l)), "{d:?}");
        assert_eq!(d.since, "2026-08-15", "{d:?}");
    }
    // Every document in force whose text cites one of them is listed.
    let citing: i64 = sqlx::query_as::<_, (i64,)>(
        "SELECT CAST(COUNT(DISTINCT n.id) AS BIGINT) FROM normative_documents n JOIN normative_citations c ON c.document_id = n.id \
         WHERE n.status = 'published' AND n.valid_until >= '2026-12-03' AND (c.code LIKE '大气污染防治法/%' OR c.code LIKE '环境保护法/%' \
         OR c.code LIKE '水污染防治法/%' OR c.code LIKE '固体废物污染环境防治法/%')",
    )
    .fetch_one(db.pool())
    .await
    .expect("count")
    .0;
    assert_eq!(list.len() as i64, citing);
    // Before the repeal nothing is stale.
    let before = citations::stale(
        &db,
        corpus(),
        BINHAI_REGION,
        "2026-08-14".parse().expect("date"),
    )
    .await
    .expect("stale");
    assert!(before.is_empty(), "{before:?}");
    // The cleanup page lists them for the bureau, not for a body.
    let (bureau, _) = login("supervisor").await;
    let page = bureau
        .get(format!("{}/normative/cleanup?on=2026-12-03", server().base))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains(&list[0].title),
        "cleanup page lists the stale documents"
    );
    let (dept, _) = login("deptadmin").await;
    let r = dept
        .get(format!("{}/normative/cleanup", server().base))
        .send()
        .await
        .expect("page");
    assert_eq!(r.status(), 403);
}

async fn post(c: &reqwest::Client, path: &str, form: &[(&str, &str)]) -> (u16, String) {
    let r = c
        .post(format!("{}{path}", server().base))
        .form(form)
        .send()
        .await
        .expect("post");
    let s = r.status().as_u16();
    (s, r.text().await.unwrap_or_default())
}

async fn step(
    c: &reqwest::Client,
    csrf: &str,
    id: i64,
    on: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let mut form: Vec<(&str, &str)> = vec![("csrf", csrf), ("on", on)];
    form.extend_from_slice(fields);
    post(c, &format!("/normative/{id}/step"), &form).await
}

#[tokio::test]
async fn a_draft_through_comment_review_deliberation_and_publication() {
    let s = server();
    let (dept, dcsrf) = login("deptadmin").await;
    let (bureau, bcsrf) = login("supervisor").await;
    // The bureau does not draft; bad input comes back with the reason and stores nothing.
    let (st, _) = post(
        &bureau,
        "/normative/new",
        &[
            ("csrf", &bcsrf),
            ("title", "x"),
            ("body_text", "x"),
            ("planned_on", "2026-12-20"),
        ],
    )
    .await;
    assert_eq!(st, 403);
    let (st, html) = post(
        &dept,
        "/normative/new",
        &[
            ("csrf", &dcsrf),
            ("title", ""),
            ("body_text", "正文"),
            ("planned_on", "2026-12-20"),
        ],
    )
    .await;
    assert_eq!(st, 422);
    assert!(html.contains("文件名称"), "the reason is shown");
    let title = "天津市滨海新区关于个体工商户登记指导的工作规范";
    let r = dept
        .post(format!("{}/normative/new", s.base))
        .form(&[
            ("csrf", dcsrf.as_str()),
            ("title", title),
            (
                "body_text",
                "第一条 根据《中华人民共和国劳动合同法》第四条，制定本规范。",
            ),
            ("planned_on", "2026-12-20"),
        ])
        .send()
        .await
        .expect("new");
    assert_eq!(r.status(), 303);
    let loc = r.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    let id: i64 = loc.trim_start_matches("/normative/").parse().expect("id");
    // Another body cannot see it; an officer has no access; the public does not see a draft.
    let (other, _) = login("officer").await;
    assert_eq!(
        other
            .get(format!("{}/normative/{id}", s.base))
            .send()
            .await
            .expect("get")
            .status(),
        403
    );
    assert_eq!(
        client()
            .get(format!("{}/portal/normative/{id}", s.base))
            .send()
            .await
            .expect("get")
            .status(),
        404
    );

    let ok = |r: (u16, String)| assert_eq!(r.0, 303, "{}", r.1);
    // Comment before assessment: refused with its source, nothing written.
    let (st, html) = step(
        &dept,
        &dcsrf,
        id,
        "2026-10-30",
        &[
            ("step", "open_comment"),
            ("from", "2026-11-01"),
            ("to", "2026-11-11"),
        ],
    )
    .await;
    assert_eq!(st, 409);
    assert!(html.contains("37号"));
    ok(step(
        &dept,
        &dcsrf,
        id,
        "2026-10-30",
        &[("step", "assess"), ("note", "经评估确有必要。")],
    )
    .await);
    ok(step(
        &dept,
        &dcsrf,
        id,
        "2026-11-02",
        &[
            ("step", "open_comment"),
            ("from", "2026-11-02"),
            ("to", "2026-11-12"),
        ],
    )
    .await);
    ok(step(
        &dept,
        &dcsrf,
        id,
        "2026-11-13",
        &[("step", "close_comment"), ("note", "收到意见2条，均采纳。")],
    )
    .await);
    ok(step(
        &dept,
        &dcsrf,
        id,
        "2026-11-16",
        &[("step", "request_review")],
    )
    .await);
    // The drafting body cannot review.
    let (st, _) = step(
        &dept,
        &dcsrf,
        id,
        "2026-11-23",
        &[("step", "opinion"), ("note", "x")],
    )
    .await;
    assert_eq!(st, 403);
    for item in [
        "competence",
        "conformity",
        "no_new_powers",
        "rights_duties",
        "procedure",
    ] {
        ok(step(
            &bureau,
            &bcsrf,
            id,
            "2026-11-23",
            &[("step", "check"), ("item", item), ("passed", "1")],
        )
        .await);
    }
    ok(step(
        &bureau,
        &bcsrf,
        id,
        "2026-11-23",
        &[
            ("step", "opinion"),
            ("note", "第三条适用范围表述不够明确，建议修改。"),
        ],
    )
    .await);
    ok(step(
        &bureau,
        &bcsrf,
        id,
        "2026-11-23",
        &[("step", "conclude"), ("conclusion", "lawful")],
    )
    .await);
    // No deliberation while an opinion has no answer.
    let (st, html) = step(
        &dept,
        &dcsrf,
        id,
        "2026-11-25",
        &[("step", "deliberate"), ("note", "局务会议")],
    )
    .await;
    assert_eq!(st, 409);
    assert!(html.contains("115号"));
    let db = db().await;
    let op: i64 =
        sqlx::query_as::<_, (i64,)>("SELECT id FROM normative_opinions WHERE document_id = $1")
            .bind(id)
            .fetch_one(db.pool())
            .await
            .expect("opinion")
            .0;
    let op_s = op.to_string();
    ok(step(
        &dept,
        &dcsrf,
        id,
        "2026-11-24",
        &[
            ("step", "answer"),
            ("opinion_id", &op_s),
            ("adopted", "1"),
            ("note", "采纳，已修改第三条。"),
        ],
    )
    .await);
    ok(step(
        &dept,
        &dcsrf,
        id,
        "2026-11-25",
        &[("step", "deliberate"), ("note", "区市场监管局局务会议")],
    )
    .await);
    ok(step(
        &dept,
        &dcsrf,
        id,
        "2026-11-26",
        &[("step", "sign"), ("note", "局长")],
    )
    .await);
    ok(step(
        &dept,
        &dcsrf,
        id,
        "2026-12-01",
        &[("step", "publish"), ("note", "区政府网站"), ("years", "5")],
    )
    .await);
    let page = dept
        .get(format!("{}/normative/{id}", s.base))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("津滨规〔2026〕") && page.contains("2031-11-30"),
        "numbered and valid five years"
    );
    // The review sheet prints the opinion and its answer.
    let sheet = bureau
        .get(format!("{}/normative/{id}/sheet", s.base))
        .send()
        .await
        .expect("sheet")
        .text()
        .await
        .expect("html");
    assert!(
        sheet.contains("合法性审核意见书")
            && sheet.contains("第三条适用范围")
            && sheet.contains("采纳，已修改第三条")
    );
    // The public sees it now.
    let portal = client()
        .get(format!("{}/portal/normative", s.base))
        .send()
        .await
        .expect("portal")
        .text()
        .await
        .expect("html");
    assert!(portal.contains(title));
    assert_eq!(
        client()
            .get(format!("{}/portal/normative/{id}", s.base))
            .send()
            .await
            .expect("get")
            .status(),
        200
    );
    // The emergency bureau's documents are not in the market bureau's list.
    let safety = department_id("区应急局").await;
    let list = dept
        .get(format!("{}/normative", s.base))
        .send()
        .await
        .expect("list")
        .text()
        .await
        .expect("html");
    let safety_title: String = sqlx::query_as::<_, (String,)>(
        "SELECT title FROM normative_documents WHERE department_id = $1 LIMIT 1",
    )
    .bind(safety)
    .fetch_one(db.pool())
    .await
    .expect("a safety document")
    .0;
    assert!(
        !list.contains(&safety_title),
        "out of scope documents are invisible"
    );
    let other_id: i64 = sqlx::query_as::<_, (i64,)>(
        "SELECT id FROM normative_documents WHERE department_id = $1 LIMIT 1",
    )
    .bind(safety)
    .fetch_one(db.pool())
    .await
    .expect("id")
    .0;
    assert_eq!(
        dept.get(format!("{}/normative/{other_id}", s.base))
            .send()
            .await
            .expect("get")
            .status(),
        404
    );
}

/// The browser journey: a draft through comment, review with opinions, deliberation and
/// publication in Chromium (required with FAZHI_BROWSER=1, skipped without chromedriver).
mod browser {
    use std::time::Duration;

    use fantoccini::{Client, Locator};

    use crate::browser::{session, sign_in, sign_out};
    use crate::support::server;

    /// Sets a field's value as the form posts it (date inputs take the browser's locale).
    async fn set(b: &Client, id: &str, value: &str) {
        b.execute(
            "document.getElementById(arguments[0]).value = arguments[1];",
            vec![serde_json::json!(id), serde_json::json!(value)],
        )
        .await
        .expect("set");
    }

    /// Fills a step form's fields on the document page, submits it and fails on a refusal.
    async fn step(b: &Client, id: i64, name: &str, on: &str, fields: &[(&str, &str)]) {
        let base = &server().base;
        b.goto(&format!("{base}/normative/{id}"))
            .await
            .expect("page");
        set(b, &format!("{name}-on"), on).await;
        for (k, v) in fields {
            set(b, k, v).await;
        }
        let before = b.find(Locator::Id("normative-title")).await.expect("title");
        b.find(Locator::Id(&format!("submit-{name}")))
            .await
            .unwrap_or_else(|_| panic!("the {name} form is offered"))
            .click()
            .await
            .expect("submit");
        for _ in 0..100 {
            if before.text().await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        b.wait()
            .for_element(Locator::Id("normative-title"))
            .await
            .expect("back");
        if let Ok(e) = b.find(Locator::Id("step-error")).await {
            panic!("{name} refused: {}", e.text().await.unwrap_or_default());
        }
    }

    #[tokio::test]
    async fn a_draft_to_publication_in_chromium() {
        let Some(s) = session().await else {
            return;
        };
        let b = s.b.clone();
        let base = &server().base;
        let title = "天津市滨海新区关于企业劳动用工指导的工作规范";
        sign_in(&b, "deptadmin").await;
        b.goto(&format!("{base}/normative/new"))
            .await
            .expect("form");
        set(&b, "n-title", title).await;
        set(&b, "n-planned", "2026-12-21").await;
        set(
            &b,
            "n-text",
            "第一条 根据《中华人民共和国劳动合同法》第四条，制定本规范。",
        )
        .await;
        b.find(Locator::Id("normative-save"))
            .await
            .expect("save")
            .click()
            .await
            .expect("click");
        b.wait()
            .for_element(Locator::Id("normative-title"))
            .await
            .expect("document page");
        let url = b.current_url().await.expect("url");
        let id: i64 = url
            .path()
            .trim_start_matches("/normative/")
            .parse()
            .expect("id");
        step(
            &b,
            id,
            "assess",
            "2026-10-30",
            &[("assess-note", "经评估确有必要。")],
        )
        .await;
        step(
            &b,
            id,
            "open_comment",
            "2026-11-02",
            &[("oc-from", "2026-11-02"), ("oc-to", "2026-11-12")],
        )
        .await;
        step(
            &b,
            id,
            "close_comment",
            "2026-11-13",
            &[("close_comment-note", "未收到意见。")],
        )
        .await;
        step(&b, id, "request_review", "2026-11-16", &[]).await;
        sign_out(&b).await;
        sign_in(&b, "supervisor").await;
        for item in [
            "competence",
            "conformity",
            "no_new_powers",
            "rights_duties",
            "procedure",
        ] {
            step(&b, id, "check", "2026-11-23", &[("ck-item", item)]).await;
        }
        step(
            &b,
            id,
            "opinion",
            "2026-11-23",
            &[("op-note", "第一条依据表述不完整，建议补充。")],
        )
        .await;
        step(
            &b,
            id,
            "conclude",
            "2026-11-23",
            &[("cc-conclusion", "lawful")],
        )
        .await;
        sign_out(&b).await;
        sign_in(&b, "deptadmin").await;
        step(
            &b,
            id,
            "answer",
            "2026-11-24",
            &[("an-adopted", "1"), ("an-note", "采纳，已补充依据。")],
        )
        .await;
        step(
            &b,
            id,
            "deliberate",
            "2026-11-25",
            &[("dl-note", "区市场监管局局务会议")],
        )
        .await;
        step(&b, id, "sign", "2026-11-26", &[("sg-note", "局长")]).await;
        step(&b, id, "publish", "2026-12-01", &[]).await;
        let published = b
            .find(Locator::Id("normative-published"))
            .await
            .expect("published")
            .text()
            .await
            .expect("text");
        assert!(published.contains("2026-12-01"), "{published}");
        sign_out(&b).await;
        b.goto(&format!("{base}/portal/normative"))
            .await
            .expect("portal");
        let list = b
            .find(Locator::Id("portal-normative"))
            .await
            .expect("list")
            .text()
            .await
            .expect("text");
        assert!(list.contains(title), "published on the portal");
        b.close().await.expect("close");
        let _ = std::fs::remove_dir_all(&s.profile);
    }
}
