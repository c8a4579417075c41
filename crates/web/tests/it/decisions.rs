//! 重大行政决策 over HTTP on the demo district: the figures of the published 2024 catalogue,
//! the portal's catalogue and decisions without login, a body seeing only its own decisions,
//! the wrong roles refused, and a refused review (第二十八条) that writes nothing.

use fazhi_demo::decisions::{CATALOGUE_ITEMS, DECIDED, IN_REVIEW};
use sqlx::Row;

use crate::support::{client, db, login, server};

#[tokio::test]
async fn the_demo_catalogue_is_published_and_counted() {
    let s = server();
    let (bureau, _) = login("supervisor").await;
    let v: serde_json::Value = bureau
        .get(format!("{}/api/v1/decisions/stats?year=2024", s.base))
        .send()
        .await
        .expect("stats")
        .json()
        .await
        .expect("json");
    assert_eq!(v["catalogue_items"], CATALOGUE_ITEMS as i64);
    assert_eq!(v["decided"], DECIDED as i64);
    assert_eq!(v["catalogue_publication_rate"].as_f64(), Some(100.0));
    // An empty year has no rate.
    let v: serde_json::Value = bureau
        .get(format!("{}/api/v1/decisions/stats?year=2019", s.base))
        .send()
        .await
        .expect("stats")
        .json()
        .await
        .expect("json");
    assert!(v["catalogue_publication_rate"].is_null());
    let page = bureau
        .get(format!("{}/decisions?year=2024", s.base))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(page.contains("id=\"decisions-rate\">100%"), "rate shown");

    // The portal: the published catalogue and the published decisions, no login.
    let anon = client();
    let html = anon
        .get(format!("{}/portal/decisions?year=2024", s.base))
        .send()
        .await
        .expect("portal")
        .text()
        .await
        .expect("html");
    let catalogue = &html[html.find("id=\"portal-catalogue\"").expect("catalogue")..];
    let catalogue = &catalogue[..catalogue.find("</table>").expect("end")];
    assert_eq!(catalogue.matches("<tr><td").count(), CATALOGUE_ITEMS);
    let decided = &html[html.find("id=\"portal-decisions\"").expect("decisions")..];
    assert_eq!(decided.matches("<tr><td data-label").count(), DECIDED);
    assert!(!html.contains("decision_steps") && !html.contains("csrf"));

    // Wrong roles: the stats API is the Justice Bureau's; an officer sees no decisions.
    let (head, _) = login("deptadmin").await;
    let r = head
        .get(format!("{}/api/v1/decisions/stats?year=2024", s.base))
        .send()
        .await
        .expect("head");
    assert_eq!(r.status(), 403);
    let (officer, _) = login("officer").await;
    let r = officer
        .get(format!("{}/decisions", s.base))
        .send()
        .await
        .expect("officer");
    assert_eq!(r.status(), 403);
    let _ = IN_REVIEW;
}

#[tokio::test]
async fn a_body_sees_its_own_and_a_refused_review_writes_nothing() {
    let s = server();
    let db = db().await;
    // A decision of another body than the market bureau (the demo account's).
    let r = sqlx::query(
        "SELECT m.id FROM major_decisions m JOIN departments d ON d.id = m.department_id \
         WHERE d.short_name <> '区市场监管局' ORDER BY m.id LIMIT 1",
    )
    .fetch_one(db.pool())
    .await
    .expect("a decision");
    let other: i64 = r.try_get(0).expect("id");
    let (head, hc) = login("deptadmin").await;
    let r = head
        .get(format!("{}/decisions/{other}", s.base))
        .send()
        .await
        .expect("other");
    assert_eq!(r.status(), 404, "out of scope is invisible");
    let r = head
        .get(format!("{}/api/v1/decisions/{other}", s.base))
        .send()
        .await
        .expect("api");
    assert_eq!(r.status(), 404);
    // The body does not review.
    let r = head
        .post(format!("{}/decisions/{other}/step", s.base))
        .form(&[
            ("csrf", hc.as_str()),
            ("step", "review"),
            ("on", "2024-10-01"),
            ("conclusion", "lawful"),
            ("text", "合法"),
        ])
        .send()
        .await
        .expect("post");
    assert!(matches!(r.status().as_u16(), 403 | 404), "{}", r.status());

    // The one still in review: a review dated before the counsel's opinions is refused with
    // 第二十八条 and nothing is written.
    let r = sqlx::query(
        "SELECT id, review_submitted_on FROM major_decisions WHERE status = 'in_review' ORDER BY id LIMIT 1",
    )
    .fetch_one(db.pool())
    .await
    .expect("in review");
    let (id, submitted): (i64, String) = (r.try_get(0).expect("id"), r.try_get(1).expect("on"));
    let steps = |db: fazhi_core::db::Db| async move {
        sqlx::query_scalar::<_, i64>(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM decision_steps WHERE decision_id = $1",
        )
        .bind(id)
        .fetch_one(db.pool())
        .await
        .expect("count")
    };
    let before = steps(db.clone()).await;
    let (bureau, bc) = login("supervisor").await;
    let page = bureau
        .get(format!("{}/decisions/{id}", s.base))
        .send()
        .await
        .expect("detail")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("id=\"form-review\""),
        "the review form is offered"
    );
    assert!(page.contains("id=\"decision-opinions\""));
    let r = bureau
        .post(format!("{}/decisions/{id}/step", s.base))
        .form(&[
            ("csrf", bc.as_str()),
            ("step", "review"),
            ("on", submitted.as_str()),
            ("conclusion", "lawful"),
            ("text", "合法"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 409);
    let html = r.text().await.expect("html");
    assert!(html.contains("第二十八条"), "the refusal names its article");
    assert_eq!(steps(db.clone()).await, before, "nothing written");
    // Bad input: a malformed date comes back as 422.
    let r = bureau
        .post(format!("{}/decisions/{id}/step", s.base))
        .form(&[("csrf", bc.as_str()), ("step", "review"), ("on", "明天")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 422);
    assert_eq!(steps(db).await, before);
}
