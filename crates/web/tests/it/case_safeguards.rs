//! The procedure safeguards through the case forms on the demo district: the head's extension of
//! the filing period, time not counted, and 回避 — with the wrong role refused and bad input
//! answered in both languages, nothing written.

use crate::cases::fixture;
use crate::support::{db, login, server};

async fn post(c: &reqwest::Client, csrf: &str, id: i64, fields: &[(&str, &str)]) -> (u16, String) {
    let today = fazhi_core::time::today().to_string();
    let mut form: Vec<(&str, &str)> = vec![("csrf", csrf), ("on", &today)];
    form.extend_from_slice(fields);
    let r = c
        .post(format!("{}/cases/{id}/step", server().base))
        .form(&form)
        .send()
        .await
        .expect("step");
    let status = r.status().as_u16();
    (status, r.text().await.unwrap_or_default())
}

/// The filing due date, the working days excluded from it, and the team, as stored.
async fn stored(id: i64) -> (String, i64, String) {
    let db = db().await;
    sqlx::query_as(
        "SELECT CAST(filing_due AS TEXT), excluded_filing_wd, officers FROM cases WHERE id = $1",
    )
    .bind(id)
    .fetch_one(db.pool())
    .await
    .expect("case")
}

async fn lead(c: &reqwest::Client, csrf: &str, violation: &str) -> i64 {
    let today = fazhi_core::time::today().to_string();
    let r = c
        .post(format!("{}/cases/new", server().base))
        .form(&[
            ("csrf", csrf),
            ("procedure", "general"),
            ("source", "inspection"),
            ("source_ref", "回避测试"),
            ("violation", violation),
            ("party_kind", "organisation"),
            ("party_name", "回避测试有限公司"),
            ("party_code", ""),
            ("party_address", "天津市滨海新区测试路9号"),
            ("facts", "现场检查发现违法行为。"),
            ("lead_on", today.as_str()),
        ])
        .send()
        .await
        .expect("lead");
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    r.headers()["location"]
        .to_str()
        .expect("location")
        .trim_start_matches("/cases/")
        .parse()
        .expect("id")
}

#[tokio::test]
async fn filing_extension_excluded_time_and_recusal_through_the_forms() {
    let f = fixture().await;
    let (officer, oc) = login("officer").await;
    let (head, hc) = login("deptadmin").await;
    let id = lead(&officer, &oc, &f.violation).await;
    let page = head
        .get(format!("{}/cases/{id}", server().base))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("text");
    assert!(
        page.contains("id=\"form-extend_filing\""),
        "the head is offered the extension"
    );
    // The officer may not approve the extension (市场监督管理行政处罚程序规定 第十八条: 负责人批准).
    let (s, _) = post(
        &officer,
        &oc,
        id,
        &[("step", "extend_filing"), ("note", "x")],
    )
    .await;
    assert_eq!(s, 403);
    let before = stored(id).await.0;
    let (s, body) = post(
        &head,
        &hc,
        id,
        &[("step", "extend_filing"), ("note", "需调取外地证据")],
    )
    .await;
    assert_eq!(s, 303, "{body}");
    let after = stored(id).await.0;
    assert!(after > before, "{before} → {after}");
    // A hearing cannot stop the filing period; the refusal says so in both languages and
    // nothing is recorded.
    let today = fazhi_core::time::today().to_string();
    let (s, body) = post(
        &officer,
        &oc,
        id,
        &[
            ("step", "exclude_period"),
            ("period_kind", "hearing"),
            ("from", &today),
            ("to", &today),
            ("note", "听证"),
        ],
    )
    .await;
    assert_eq!(s, 422, "{body}");
    assert!(body.contains("第十八条"), "{body}");
    let (s, body) = post(
        &officer,
        &oc,
        id,
        &[
            ("step", "exclude_period"),
            ("period_kind", "no-such-kind"),
            ("from", &today),
            ("to", &today),
            ("note", "x"),
        ],
    )
    .await;
    assert_eq!(s, 422, "{body}");
    assert_eq!(stored(id).await.1, 0);
    // File, investigate with the two officers, then the party's recusal application.
    let (s, body) = post(&head, &hc, id, &[("step", "file"), ("note", "同意立案")]).await;
    assert_eq!(s, 303, "{body}");
    let one = f.officers[0].to_string();
    let two = f.officers[1].to_string();
    let (s, body) = post(
        &officer,
        &oc,
        id,
        &[
            ("step", "investigate"),
            ("officer_1", &one),
            ("officer_2", &two),
        ],
    )
    .await;
    assert_eq!(s, 303, "{body}");
    let recuse = |granted: &'static str| {
        vec![
            ("step", "recuse"),
            ("officer_1", one.as_str()),
            ("raised_by", "party"),
            ("granted", granted),
            ("note", "当事人称该执法人员与其有利害关系"),
        ]
    };
    // The head decides (第四十三条), not the officer.
    let (s, _) = post(&officer, &oc, id, &recuse("no")).await;
    assert_eq!(s, 403);
    // Granted without a replacement: one officer would remain (第四十二条).
    let (s, body) = post(&head, &hc, id, &recuse("yes")).await;
    assert_eq!(s, 422, "{body}");
    assert!(body.contains("第四十二条"), "{body}");
    let (s, body) = post(&head, &hc, id, &recuse("no")).await;
    assert_eq!(s, 303, "{body}");
    let db = db().await;
    let rows: Vec<(i64, i64)> =
        sqlx::query_as("SELECT officer_id, granted FROM case_recusals WHERE case_id = $1")
            .bind(id)
            .fetch_all(db.pool())
            .await
            .expect("recusals");
    assert_eq!(rows, vec![(f.officers[0], 0)]);
    let team = stored(id).await.2;
    assert!(team.contains(&one) && team.contains(&two), "{team}");
    // The whole-process record shows the decision.
    let page = head
        .get(format!("{}/cases/{id}", server().base))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("text");
    assert!(page.contains("决定不予回避"), "the timeline records it");
}
