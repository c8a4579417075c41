//! 行政复议 over HTTP on the demo district: an application from the portal to a decision that
//! revokes a penalty of the demo, the respondent's answer, the penalty case showing the
//! decision, the applicant's lookup by query code, and the wrong roles refused.

use sqlx::Row;

use crate::support::{client, csrf_of, db, login, server};

/// A decided, served penalty of the market bureau: (case id, decision number, body id).
pub(crate) async fn penalty() -> (i64, String, i64) {
    let db = db().await;
    let r = sqlx::query(
        "SELECT c.id, c.decision_no, c.department_id FROM cases c JOIN departments d ON d.id = c.department_id \
         WHERE d.name LIKE '%市场监督管理局' AND c.decision_no IS NOT NULL AND c.served_on IS NOT NULL AND c.outcome = 'penalty' \
         AND c.id NOT IN (SELECT case_id FROM reconsideration_applications WHERE case_id IS NOT NULL) ORDER BY c.id LIMIT 1",
    )
    .fetch_one(db.pool())
    .await
    .expect("a served penalty");
    (
        r.try_get(0).expect("id"),
        r.try_get(1).expect("no"),
        r.try_get(2).expect("body"),
    )
}

async fn step(c: &reqwest::Client, csrf: &str, id: i64, fields: &[(&str, &str)]) -> (u16, String) {
    let today = fazhi_core::time::today().to_string();
    let mut form: Vec<(&str, &str)> = vec![("csrf", csrf), ("on", &today)];
    form.extend_from_slice(fields);
    let r = c
        .post(format!("{}/reconsideration/{id}/step", server().base))
        .form(&form)
        .send()
        .await
        .expect("step");
    let s = r.status().as_u16();
    (s, r.text().await.unwrap_or_default())
}

#[tokio::test]
async fn an_application_from_the_portal_to_a_revoked_penalty() {
    let s = server();
    let (case_id, decision_no, body) = penalty().await;
    let today = fazhi_core::time::today();
    let knew = (today - chrono::Duration::days(10)).to_string();
    // The applicant applies online (no login).
    let anon = client();
    let page = anon
        .get(format!("{}/portal/reconsideration", s.base))
        .send()
        .await
        .expect("form")
        .text()
        .await
        .expect("html");
    let csrf = csrf_of(&page);
    let body_s = body.to_string();
    let mut form = vec![
        ("csrf", csrf.as_str()),
        ("applicant_kind", "organisation"),
        ("applicant_name", "复议测试有限公司"),
        ("respondent", body_s.as_str()),
        ("act_kind", "penalty"),
        ("act_description", "罚款决定"),
        ("case_no", decision_no.as_str()),
        ("knew_on", knew.as_str()),
        ("requests", "撤销该处罚决定"),
    ];
    // Without a request the form comes back with the reason in Chinese, nothing stored.
    let r = anon
        .post(format!("{}/portal/reconsideration", s.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("applicant_kind", "citizen"),
            ("applicant_name", "某"),
        ])
        .send()
        .await
        .expect("bad");
    assert_eq!(r.status(), 422);
    let r = anon
        .post(format!("{}/portal/reconsideration", s.base))
        .form(&form)
        .send()
        .await
        .expect("apply");
    assert_eq!(r.status(), 200);
    let html = r.text().await.expect("html");
    let key = "id=\"recon-code\">";
    let code: String = html[html.find(key).expect("query code shown") + key.len()..]
        .chars()
        .take_while(|c| *c != '<')
        .collect();
    // A second identical application is a duplicate.
    form[0] = ("csrf", csrf.as_str());
    let r = anon
        .post(format!("{}/portal/reconsideration", s.base))
        .form(&form)
        .send()
        .await
        .expect("again");
    assert_eq!(r.status(), 409);
    let db = db().await;
    let id: i64 =
        sqlx::query_scalar("SELECT id FROM reconsideration_applications WHERE query_code = $1")
            .bind(code.clone())
            .fetch_one(db.pool())
            .await
            .expect("stored");

    // Wrong roles: an officer sees no reconsideration; a department head cannot receive.
    let (officer, _) = login("officer").await;
    let r = officer
        .get(format!("{}/reconsideration/{id}", s.base))
        .send()
        .await
        .expect("officer");
    assert_eq!(r.status(), 403);
    let (head, hc) = login("deptadmin").await;
    let r = head
        .get(format!("{}/reconsideration/new", s.base))
        .send()
        .await
        .expect("head");
    assert_eq!(r.status(), 403);
    let (s_dec, _) = step(
        &head,
        &hc,
        id,
        &[("step", "accept"), ("procedure", "ordinary")],
    )
    .await;
    assert_eq!(s_dec, 403, "the respondent does not accept");

    // The Justice Bureau accepts and sends the copy; the respondent answers; the bureau revokes.
    let (bureau, bc) = login("supervisor").await;
    let (st, b) = step(
        &bureau,
        &bc,
        id,
        &[("step", "accept"), ("procedure", "ordinary")],
    )
    .await;
    assert_eq!(st, 303, "{b}");
    let (st, b) = step(&bureau, &bc, id, &[("step", "send_copy")]).await;
    assert_eq!(st, 303, "{b}");
    let (st, b) = step(
        &head,
        &hc,
        id,
        &[("step", "answer"), ("note", "提交答复、证据和依据")],
    )
    .await;
    assert_eq!(st, 303, "{b}");
    let (st, b) = step(
        &bureau,
        &bc,
        id,
        &[("step", "extend"), ("days", "31"), ("note", "复杂")],
    )
    .await;
    assert_eq!(st, 409, "{b}");
    assert!(b.contains("第六十二条"), "the refusal names its article");
    let decide = [
        ("step", "decide"),
        ("kind", "revoked"),
        ("note", "主要事实不清、证据不足"),
    ];
    let (st, b) = step(&bureau, &bc, id, &decide).await;
    assert_eq!(st, 409, "{b}");
    assert!(
        b.contains("第四十九条"),
        "not before the parties were heard"
    );
    let (st, b) = step(
        &bureau,
        &bc,
        id,
        &[
            ("step", "hear_opinions"),
            ("way", "phone"),
            ("note", "电话听取申请人意见"),
        ],
    )
    .await;
    assert_eq!(st, 303, "{b}");
    let (st, b) = step(&bureau, &bc, id, &decide).await;
    assert_eq!(st, 303, "{b}");
    // The 行政复议决定书 prints with its article and the fifteen days to sue.
    let doc = bureau
        .get(format!("{}/reconsideration/{id}/decision", s.base))
        .send()
        .await
        .expect("doc")
        .text()
        .await
        .expect("html");
    assert!(doc.contains("行政复议决定书") && doc.contains("第六十四条") && doc.contains("15日内"));
    // Published on the portal (第七十九条), a citizen's name masked.
    let public = client()
        .get(format!("{}/portal/reconsideration/decisions", s.base))
        .send()
        .await
        .expect("public")
        .text()
        .await
        .expect("html");
    assert!(
        public.contains("复议测试有限公司"),
        "the organisation is named"
    );
    let citizen: Option<String> = sqlx::query_scalar(
        "SELECT applicant_name FROM reconsideration_applications WHERE status = 'decided' AND applicant_kind = 'citizen' \
         ORDER BY decided_on DESC, id DESC LIMIT 1",
    )
    .fetch_optional(db.pool())
    .await
    .expect("citizen");
    if let Some(name) = citizen {
        assert!(!public.contains(&name), "{name} is masked");
    }
    // The penalty case shows the decision in its whole-process record.
    let page = head
        .get(format!("{}/cases/{case_id}", s.base))
        .send()
        .await
        .expect("case")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("行政复议") && page.contains("撤销"),
        "the case shows it"
    );
    // The applicant sees the decision by its code, without login.
    let page = client()
        .get(format!("{}/portal/reconsideration?code={code}", s.base))
        .send()
        .await
        .expect("lookup")
        .text()
        .await
        .expect("html");
    assert!(page.contains("id=\"recon-decision\""), "decision shown");
    // The figures count it.
    let year = chrono::Datelike::year(&today);
    let stats: serde_json::Value = bureau
        .get(format!(
            "{}/api/v1/reconsideration/stats?year={year}",
            s.base
        ))
        .send()
        .await
        .expect("stats")
        .json()
        .await
        .expect("json");
    assert!(stats["decided"].as_i64().unwrap_or(0) >= 1, "{stats}");
    let r = head
        .get(format!(
            "{}/api/v1/reconsideration/stats?year={year}",
            s.base
        ))
        .send()
        .await
        .expect("stats");
    assert_eq!(r.status(), 403, "district figures are the Justice Bureau's");
}

/// The demo's 2024 figures are the report's, counted from the records.
#[tokio::test]
async fn the_demo_has_the_reports_figures() {
    let s = server();
    let (bureau, _) = login("supervisor").await;
    let r: serde_json::Value = bureau
        .get(format!("{}/api/v1/reconsideration/stats?year=2024", s.base))
        .send()
        .await
        .expect("stats")
        .json()
        .await
        .expect("json");
    use fazhi_demo::reconsideration::{ACCEPTED, DECIDED, FIRST_INSTANCE, SECOND_INSTANCE};
    let n = |x: usize| i64::try_from(x).ok();
    assert_eq!(
        (r["accepted"].as_i64(), r["decided"].as_i64()),
        (n(ACCEPTED), n(DECIDED))
    );
    let l: serde_json::Value = bureau
        .get(format!("{}/api/v1/litigation/stats?year=2024", s.base))
        .send()
        .await
        .expect("stats")
        .json()
        .await
        .expect("json");
    assert_eq!(
        (l["first_instance"].as_i64(), l["second_instance"].as_i64()),
        (n(FIRST_INSTANCE), n(SECOND_INSTANCE))
    );
    let page = bureau
        .get(format!("{}/litigation", s.base))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(page.contains("id=\"lit-list\""));
    // The Justice Bureau's list carries the year's rates by body and the months.
    let page = bureau
        .get(format!("{}/reconsideration?year=2024", s.base))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(page.contains("id=\"recon-bodies\"") && page.contains("id=\"recon-months\""));
}

/// A lawsuit registered by the Justice Bureau, its defence and judgment recorded; the year's
/// figures count it; a department head may not register one.
#[tokio::test]
async fn a_lawsuit_is_registered_defended_and_judged() {
    let s = server();
    let (_, _, body) = penalty().await;
    let today = fazhi_core::time::today();
    let year = chrono::Datelike::year(&today);
    let (bureau, bc) = login("supervisor").await;
    let figures = |c: reqwest::Client| async move {
        let v: serde_json::Value = c
            .get(format!(
                "{}/api/v1/litigation/stats?year={year}",
                server().base
            ))
            .send()
            .await
            .expect("stats")
            .json()
            .await
            .expect("json");
        (
            v["first_instance"].as_i64().unwrap_or(-1),
            v["lost"].as_i64().unwrap_or(-1),
            v["head_appearances"].as_i64().unwrap_or(-1),
        )
    };
    let before = figures(bureau.clone()).await;
    let body_s = body.to_string();
    let served = today.to_string();
    let form = [
        ("csrf", bc.as_str()),
        ("court", "天津市滨海新区人民法院"),
        ("court_case_no", "（2026）津0116行初901号"),
        ("instance", "first"),
        ("defendant", body_s.as_str()),
        ("plaintiff", "应诉测试有限公司"),
        ("act_description", "罚款决定"),
        ("served_on", served.as_str()),
    ];
    let (head, hc) = login("deptadmin").await;
    let mut wrong = form;
    wrong[0] = ("csrf", hc.as_str());
    let r = head
        .post(format!("{}/litigation", s.base))
        .form(&wrong)
        .send()
        .await
        .expect("head");
    assert_eq!(r.status(), 403);
    let r = bureau
        .post(format!("{}/litigation", s.base))
        .form(&form)
        .send()
        .await
        .expect("register");
    assert_eq!(r.status(), 303);
    let db = db().await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM litigation_cases WHERE court_case_no = $1")
        .bind("（2026）津0116行初901号")
        .fetch_one(db.pool())
        .await
        .expect("stored");
    let r = bureau
        .post(format!("{}/litigation/{id}", s.base))
        .form(&[
            ("csrf", bc.as_str()),
            ("what", "defence"),
            ("defence_filed_on", served.as_str()),
        ])
        .send()
        .await
        .expect("defence");
    assert_eq!(r.status(), 303);
    let r = bureau
        .post(format!("{}/litigation/{id}", s.base))
        .form(&[
            ("csrf", bc.as_str()),
            ("what", "judgment"),
            ("hearing_on", served.as_str()),
            ("head_appeared", "1"),
            ("appearing_head", "副局长"),
            ("judgment_on", served.as_str()),
            ("outcome", "revoked"),
        ])
        .send()
        .await
        .expect("judgment");
    assert_eq!(r.status(), 303);
    let after = figures(bureau.clone()).await;
    assert_eq!(after, (before.0 + 1, before.1 + 1, before.2 + 1));
}
