//! Double-random inspections over HTTP on the demo district: figures by query, role and scope
//! (a department manages only the tasks it leads), and what the public may see.

use fazhi_core::sampling::{DrawExport, verify_export};
use serde_json::json;

use crate::support::{client, csrf_of, db, department_id, login, server};

#[tokio::test]
async fn figures_pages_and_portal() {
    let base = &server().base;
    let (c, _) = login("supervisor").await;
    let stats: serde_json::Value = c
        .get(format!("{base}/api/v1/sampling/stats?year=2024"))
        .send()
        .await
        .expect("stats")
        .json()
        .await
        .expect("json");
    assert_eq!(
        stats,
        json!({"domains": 52, "subjects_drawn": 1759, "visits_saved": 5908})
    );
    for path in [
        "/sampling/plans",
        "/sampling/tasks",
        "/sampling/subjects",
        "/sampling/results",
        "/sampling/tasks/1",
    ] {
        let r = c.get(format!("{base}{path}")).send().await.expect("get");
        assert_eq!(r.status(), 200, "{path}");
    }
    let results = c
        .get(format!("{base}/sampling/results"))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("text");
    assert!(
        results.contains("已超期未公示"),
        "the supervisor sees overdue publications"
    );
    // The public: draws are listed; outcomes of unpublished results are not shown.
    let anon = client();
    assert_eq!(
        anon.get(format!("{base}/portal/sampling"))
            .send()
            .await
            .expect("get")
            .status(),
        200
    );
    let pool = db().await;
    let (unpublished,): (i64,) = sqlx::query_as(
        "SELECT id FROM sampling_tasks WHERE status = 'completed' AND results_published_on IS NULL ORDER BY id LIMIT 1",
    )
    .fetch_one(pool.pool())
    .await
    .expect("an unpublished task");
    let page = anon
        .get(format!("{base}/portal/sampling/{unpublished}"))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("text");
    assert!(
        page.contains("待公示") && !page.contains("未发现问题"),
        "outcomes hidden before publication"
    );
    let export: DrawExport = anon
        .get(format!("{base}/portal/sampling/{unpublished}/export.json"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("export");
    assert!(verify_export(&export).ok);
    // Officers cannot reach the administrative pages of other roles.
    let (e, _) = login("enterprise").await;
    assert_eq!(
        e.get(format!("{base}/sampling/tasks"))
            .send()
            .await
            .expect("get")
            .status(),
        403
    );
}

#[tokio::test]
async fn a_department_manages_only_its_own_tasks() {
    let base = &server().base;
    let pool = db().await;
    let market = department_id("区市场监管局").await;
    let (c, token) = login("deptadmin").await;
    // A task led by another department: refused.
    let (foreign,): (i64,) = sqlx::query_as(
        "SELECT id FROM sampling_tasks WHERE lead_department_id <> $1 ORDER BY id LIMIT 1",
    )
    .bind(market)
    .fetch_one(pool.pool())
    .await
    .expect("foreign task");
    let r = c
        .post(format!("{base}/api/v1/sampling/tasks/{foreign}/draw"))
        .header("X-CSRF-Token", &token)
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 403);
    // Its own task: created, committed, drawn; the public sees nothing of it while a draft.
    let (plan,): (i64,) = sqlx::query_as(
        "SELECT id FROM sampling_plans WHERE department_id = $1 ORDER BY id LIMIT 1",
    )
    .bind(market)
    .fetch_one(pool.pool())
    .await
    .expect("plan");
    let (matter, card_domain): (String, String) = {
        let m: (String,) = sqlx::query_as(
            "SELECT code FROM power_items WHERE department_id = $1 AND category = 'JC' AND status = 'active' ORDER BY code LIMIT 1",
        )
        .bind(market)
        .fetch_one(pool.pool())
        .await
        .expect("matter");
        let d: (String,) = sqlx::query_as(
            "SELECT card_domain FROM sampling_task_departments WHERE department_id = $1 LIMIT 1",
        )
        .bind(market)
        .fetch_one(pool.pool())
        .await
        .expect("domain");
        (m.0, d.0)
    };
    let body = json!({
        "plan_id": plan, "title": "网络交易专项抽查（测试）", "domain": "网络交易",
        "rules": [["A", {"kind": "ratio", "value": 2}], ["B", {"kind": "ratio", "value": 3}], ["C", {"kind": "ratio", "value": 5}], ["D", {"kind": "count", "value": 2}]],
        "window_start": "2024-11-01", "window_end": "2024-12-20",
        "departments": [{"department_id": market, "card_domain": card_domain, "team_size": 2, "matters": [matter]}]
    });
    let no_csrf = c
        .post(format!("{base}/api/v1/sampling/tasks"))
        .json(&body)
        .send()
        .await
        .expect("post");
    assert_eq!(no_csrf.status(), 403, "API writes need the CSRF token");
    let created: serde_json::Value = c
        .post(format!("{base}/api/v1/sampling/tasks"))
        .header("X-CSRF-Token", &token)
        .json(&body)
        .send()
        .await
        .expect("post")
        .json()
        .await
        .expect("json");
    let id = created["id"].as_i64().expect("id");
    assert_eq!(
        client()
            .get(format!("{base}/portal/sampling/{id}"))
            .send()
            .await
            .expect("get")
            .status(),
        404
    );
    let (officer, _) = login("officer").await;
    assert_eq!(
        officer
            .post(format!("{base}/api/v1/sampling/tasks/{id}/commit"))
            .header("X-CSRF-Token", "x")
            .send()
            .await
            .expect("post")
            .status(),
        403
    );
    for step in ["commit", "draw"] {
        let r = c
            .post(format!("{base}/api/v1/sampling/tasks/{id}/{step}"))
            .header("X-CSRF-Token", &token)
            .send()
            .await
            .expect("post");
        assert_eq!(
            r.status(),
            200,
            "{step}: {}",
            r.text().await.unwrap_or_default()
        );
    }
    let export: DrawExport = c
        .get(format!("{base}/api/v1/sampling/tasks/{id}/export"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("export");
    assert!(verify_export(&export).ok);
    assert_eq!(
        client()
            .get(format!("{base}/portal/sampling/{id}"))
            .send()
            .await
            .expect("get")
            .status(),
        200
    );
}

#[tokio::test]
async fn a_task_is_created_through_the_form() {
    let base = &server().base;
    let pool = db().await;
    let market = department_id("区市场监管局").await;
    let (officer, _) = login("officer").await;
    assert_eq!(
        officer
            .get(format!("{base}/sampling/tasks/new"))
            .send()
            .await
            .expect("get")
            .status(),
        403
    );
    let (c, _) = login("deptadmin").await;
    let list = c
        .get(format!("{base}/sampling/tasks"))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("text");
    assert!(
        list.contains("/sampling/tasks/new"),
        "the list offers ＋ 新增"
    );
    let r = c
        .get(format!("{base}/sampling/tasks/new"))
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), 200);
    let page = r.text().await.expect("text");
    let csrf = csrf_of(&page);
    let (plan,): (i64,) = sqlx::query_as(
        "SELECT id FROM sampling_plans WHERE department_id = $1 AND year = 2024 ORDER BY id LIMIT 1",
    )
    .bind(market)
    .fetch_one(pool.pool())
    .await
    .expect("plan");
    let matters: Vec<(String,)> = sqlx::query_as(
        "SELECT code FROM power_items WHERE department_id = $1 AND category = 'JC' AND status = 'active' ORDER BY code LIMIT 2",
    )
    .bind(market)
    .fetch_all(pool.pool())
    .await
    .expect("matters");
    assert!(
        page.contains(&format!("value=\"{}\"", matters[0].0)),
        "matters offered as checkboxes"
    );
    let (card_domain,): (String,) = sqlx::query_as(
        "SELECT card_domain FROM sampling_task_departments WHERE department_id = $1 LIMIT 1",
    )
    .bind(market)
    .fetch_one(pool.pool())
    .await
    .expect("domain");
    let form = |team: &str| {
        let mut f: Vec<(String, String)> = [
            ("csrf", csrf.as_str()),
            ("plan_id", &plan.to_string()),
            ("title", "表单新建抽查任务（测试）"),
            ("domain", "网络交易"),
            ("card_domain", &card_domain),
            ("team_size", team),
            ("window_start", "2024-11-01"),
            ("window_end", "2024-12-20"),
            ("kind_A", "ratio"),
            ("value_A", "2"),
            ("kind_B", "ratio"),
            ("value_B", "3"),
            ("kind_C", "ratio"),
            ("value_C", "5"),
            ("kind_D", "count"),
            ("value_D", "2"),
            ("p0_department_id", ""),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect();
        f.extend(matters.iter().map(|m| ("matter".to_string(), m.0.clone())));
        f
    };
    let count = || async {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM sampling_tasks WHERE title = '表单新建抽查任务（测试）'",
        )
        .fetch_one(pool.pool())
        .await
        .expect("count");
        n
    };
    // Team of one: the form comes back with the error and the typed values; nothing created.
    let bad = c
        .post(format!("{base}/sampling/tasks"))
        .form(&form("1"))
        .send()
        .await
        .expect("post");
    assert_eq!(bad.status(), 422);
    let body = bad.text().await.expect("text");
    assert!(body.contains("检查组至少两名执法人员"), "{body}");
    assert!(
        body.contains("表单新建抽查任务（测试）"),
        "typed values kept"
    );
    assert_eq!(count().await, 0);
    let ok = c
        .post(format!("{base}/sampling/tasks"))
        .form(&form("2"))
        .send()
        .await
        .expect("post");
    assert_eq!(ok.status(), 303);
    let (id,): (i64,) =
        sqlx::query_as("SELECT id FROM sampling_tasks WHERE title = '表单新建抽查任务（测试）'")
            .fetch_one(pool.pool())
            .await
            .expect("created");
    let location = ok
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(
        location.starts_with(&format!("/sampling/tasks/{id}")),
        "{location}"
    );
}
