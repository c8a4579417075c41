//! 人民调解 over HTTP on the demo district: the year's figures as the report gives them, each
//! role's scope (a 村居 mediator its organisation, the 司法所 its 街镇, the Justice Bureau all,
//! an officer refused), intake with bad input refused bilingually and nothing written, and a
//! dispute from intake to a printed agreement.

use fazhi_demo::mediation as demo;
use sqlx::Row;

use crate::support::{db, login, server};

async fn get(c: &reqwest::Client, path: &str) -> (u16, String) {
    let r = c
        .get(format!("{}{path}", server().base))
        .send()
        .await
        .expect("get");
    let s = r.status().as_u16();
    (s, r.text().await.unwrap_or_default())
}

/// (a dispute of the demo mediator's organisation, one elsewhere in its 街镇, one in another 街镇).
async fn samples() -> (i64, i64, i64) {
    let db = db().await;
    let q = |sql: &'static str| {
        let db = db.clone();
        async move {
            sqlx::query(sql)
                .fetch_one(db.pool())
                .await
                .expect(sql)
                .try_get::<i64, _>(0)
                .expect("id")
        }
    };
    let own = q("SELECT MIN(d.id) FROM mediation_disputes d JOIN mediation_accounts a ON a.organisation_id = d.organisation_id \
                 JOIN users u ON u.id = a.user_id WHERE u.username = 'mediator'")
    .await;
    let same_sub = q("SELECT MIN(d.id) FROM mediation_disputes d JOIN mediation_accounts a ON a.organisation_id <> d.organisation_id \
                      JOIN users u ON u.id = a.user_id WHERE u.username = 'mediator' AND d.subdistrict = '塘沽街道'")
    .await;
    let other = q("SELECT MIN(id) FROM mediation_disputes WHERE subdistrict <> '塘沽街道'").await;
    (own, same_sub, other)
}

async fn post(c: &reqwest::Client, form: &[(&str, &str)]) -> (u16, String) {
    let r = c
        .post(format!("{}/mediation/new", server().base))
        .form(form)
        .send()
        .await
        .expect("post");
    (r.status().as_u16(), r.text().await.unwrap_or_default())
}

#[tokio::test]
async fn the_figures_of_2024_are_the_reports() {
    let (c, _) = login("supervisor").await;
    let (s, body) = get(&c, "/api/v1/mediation/stats?year=2024").await;
    assert_eq!(s, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["organisations"], demo::ORGANISATIONS as i64);
    assert_eq!(v["cases"], demo::CASES as i64);
    assert_eq!(v["screenings"], demo::SCREENINGS as i64);
    assert_eq!(v["prevented"], demo::PREVENTED as i64);
    let rate = v["success_rate"].as_f64().expect("rate");
    assert!(rate >= 99.0, "{rate}");
    let yuan = v["amount_yuan"].as_f64().expect("amount");
    assert!((yuan / 1e8 * 100.0).round() == 133.0, "{yuan}");
    assert_eq!(yuan, demo::AMOUNT_FEN as f64 / 100.0);
    // The page shows them too.
    let (s, page) = get(&c, "/mediation").await;
    assert_eq!(s, 200);
    assert!(page.contains("mediation-stats") && page.contains(&demo::CASES.to_string()));
    let (s, tree) = get(&c, "/mediation/organisations").await;
    assert_eq!(s, 200);
    assert!(tree.contains("滨海新区人民调解委员会") && tree.contains("塘沽街道人民调解委员会"));
    assert!(tree.contains(&format!("（{}）", demo::ORGANISATIONS)));
}

#[tokio::test]
async fn each_role_sees_its_scope_and_the_wrong_role_is_refused() {
    let (own, same_sub, other) = samples().await;
    let (m, _) = login("mediator").await;
    assert_eq!(get(&m, &format!("/mediation/{own}")).await.0, 200);
    assert_eq!(
        get(&m, &format!("/mediation/{same_sub}")).await.0,
        404,
        "another 村居"
    );
    assert_eq!(get(&m, &format!("/mediation/{other}")).await.0, 404);
    assert_eq!(get(&m, "/api/v1/mediation/stats?year=2024").await.0, 403);
    assert_eq!(get(&m, "/mediation/accounts").await.0, 403);
    let (s, page) = get(&m, "/mediation").await;
    assert_eq!(s, 200);
    assert!(page.contains(&format!("/mediation/{own}\"")) || page.contains("mediation-list"));
    assert!(
        !page.contains("mediation-stats"),
        "district figures are the bureau's"
    );

    let (o, _) = login("sifasuo").await;
    assert_eq!(get(&o, &format!("/mediation/{own}")).await.0, 200);
    assert_eq!(get(&o, &format!("/mediation/{same_sub}")).await.0, 200);
    assert_eq!(
        get(&o, &format!("/mediation/{other}")).await.0,
        404,
        "another 街镇"
    );

    let (b, _) = login("supervisor").await;
    assert_eq!(get(&b, &format!("/mediation/{other}")).await.0, 200);
    assert_eq!(get(&b, "/mediation/accounts").await.0, 200);

    let (off, _) = login("officer").await;
    for path in [
        "/mediation",
        "/mediation/organisations",
        "/mediation/screenings",
        "/mediation/new",
    ] {
        assert_eq!(get(&off, path).await.0, 403, "{path}");
    }
    assert_eq!(get(&off, &format!("/mediation/{own}")).await.0, 403);
}

#[tokio::test]
async fn intake_refuses_bad_input_then_a_dispute_reaches_a_printed_agreement() {
    let db = db().await;
    let org: i64 = sqlx::query(
        "SELECT a.organisation_id FROM mediation_accounts a JOIN users u ON u.id = a.user_id WHERE u.username = 'mediator'",
    )
    .fetch_one(db.pool())
    .await
    .expect("org")
    .try_get(0)
    .expect("id");
    let count = || async {
        sqlx::query("SELECT CAST(COUNT(*) AS BIGINT) FROM mediation_disputes")
            .fetch_one(db.pool())
            .await
            .expect("n")
            .try_get::<i64, _>(0)
            .expect("n")
    };
    let (c, csrf) = login("mediator").await;
    let org_s = org.to_string();
    let today = fazhi_core::time::today().to_string();
    let mut form = vec![
        ("csrf", csrf.as_str()),
        ("organisation_id", org_s.as_str()),
        ("channel", "walk_in"),
        ("kind", "neighbour"),
        ("applicant", ""),
        ("respondent", "李秀英"),
        ("summary", "因楼上漏水发生相邻纠纷"),
        ("amount", "abc"),
        ("received_on", today.as_str()),
    ];
    let before = count().await;
    let (s, page) = post(&c, &form).await;
    assert_eq!(s, 422);
    assert!(
        page.contains("涉及金额格式不正确"),
        "the reason, in Chinese"
    );
    form[7].1 = "1200.50";
    let (s, page) = post(&c, &form).await;
    assert_eq!(s, 422);
    assert!(page.contains("请填写申请人"));
    assert_eq!(count().await, before, "nothing written");
    form[4].1 = "王建华";
    let r = c
        .post(format!("{}/mediation/new", server().base))
        .form(&form)
        .send()
        .await
        .expect("post");
    assert_eq!(r.status().as_u16(), 303);
    let loc = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("location")
        .to_string();
    assert_eq!(count().await, before + 1);
    let id: i64 = loc.trim_start_matches("/mediation/").parse().expect("id");
    let step = |fields: Vec<(&'static str, String)>| {
        let c = c.clone();
        let csrf = csrf.clone();
        let today = today.clone();
        async move {
            let mut f: Vec<(&str, String)> = vec![("csrf", csrf), ("on", today)];
            f.extend(fields);
            let r = c
                .post(format!("{}/mediation/{id}/step", server().base))
                .form(&f)
                .send()
                .await
                .expect("step");
            (r.status().as_u16(), r.text().await.unwrap_or_default())
        }
    };
    let (s, _) = step(vec![
        ("step", "session".into()),
        ("note", "分别听取双方陈述".into()),
    ])
    .await;
    assert_eq!(s, 303);
    let (s, _) = step(vec![
        ("step", "agree".into()),
        ("form", "written".into()),
        ("note", "李秀英赔偿王建华维修费一千二百元五角".into()),
    ])
    .await;
    assert_eq!(s, 303);
    let (s, doc) = get(&c, &format!("/mediation/{id}/agreement")).await;
    assert_eq!(s, 200);
    assert!(doc.contains("人民调解协议书") && doc.contains("第二十九条") && doc.contains("王建华"));
    let (_, page) = get(&c, &format!("/mediation/{id}")).await;
    assert!(
        page.contains("mediation-confirm-due"),
        "the 30-day window is shown"
    );
    // The officer cannot take a step (403), and nothing changes.
    let (off, off_csrf) = login("officer").await;
    let r = off
        .post(format!("{}/mediation/{id}/step", server().base))
        .form(&[
            ("csrf", off_csrf.as_str()),
            ("step", "follow_up"),
            ("on", today.as_str()),
            ("note", "x"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 403);
}
