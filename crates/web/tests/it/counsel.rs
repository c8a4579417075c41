//! 法律顾问、公职律师 over HTTP on the demo district: the report's 331 public-sector lawyers in
//! 85 bodies counted from the registry, a body seeing only its own counsel, the wrong roles
//! refused, and a bad registration refused with its article and nothing written.

use fazhi_demo::counsel::{BODIES_WITH_PUBLIC_LAWYERS, LITIGATION_OPINIONS, PUBLIC_LAWYERS};
use fazhi_demo::decisions::{DECIDED, IN_REVIEW, OPINIONS_PER_DECISION};
use sqlx::Row;

use crate::support::{db, department_id, login, server};

#[tokio::test]
async fn the_report_figures_come_from_the_registry() {
    let s = server();
    let (bureau, _) = login("supervisor").await;
    let v: serde_json::Value = bureau
        .get(format!("{}/api/v1/counsel/stats?year=2024", s.base))
        .send()
        .await
        .expect("stats")
        .json()
        .await
        .expect("json");
    assert_eq!(v["public_lawyers"], PUBLIC_LAWYERS as i64);
    assert_eq!(
        v["bodies_with_public_lawyers"],
        BODIES_WITH_PUBLIC_LAWYERS as i64
    );
    assert_eq!(
        v["opinions"],
        ((DECIDED + IN_REVIEW) * OPINIONS_PER_DECISION + LITIGATION_OPINIONS) as i64
    );
    let page = bureau
        .get(format!("{}/counsel", s.base))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("id=\"counsel-register\""),
        "the bureau registers"
    );

    // A body sees its own tree only.
    let db = db().await;
    let safety = department_id("区应急局").await;
    let name: String = sqlx::query("SELECT name FROM departments WHERE id = $1")
        .bind(safety)
        .fetch_one(db.pool())
        .await
        .expect("name")
        .try_get(0)
        .expect("name");
    let (head, hc) = login("deptadmin").await;
    let html = head
        .get(format!("{}/counsel", s.base))
        .send()
        .await
        .expect("head")
        .text()
        .await
        .expect("html");
    assert!(html.contains("市场监督管理局"), "its own body");
    assert!(
        !html.contains(&name),
        "another body's counsel are invisible"
    );
    assert!(!html.contains("id=\"counsel-register\""));
    let r = head
        .get(format!("{}/counsel?department={safety}", s.base))
        .send()
        .await
        .expect("filter")
        .text()
        .await
        .expect("html");
    assert!(
        r.contains("没有符合条件的人员"),
        "filtering to another body shows nobody"
    );
    // Wrong roles.
    let r = head
        .post(format!("{}/counsel", s.base))
        .form(&[("csrf", hc.as_str()), ("kind", "public_lawyer")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 403);
    let r = head
        .get(format!("{}/api/v1/counsel/stats?year=2024", s.base))
        .send()
        .await
        .expect("api");
    assert_eq!(r.status(), 403);
    let (officer, _) = login("officer").await;
    let r = officer
        .get(format!("{}/counsel", s.base))
        .send()
        .await
        .expect("officer");
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn a_bad_registration_is_refused_with_its_article() {
    let s = server();
    let db = db().await;
    let n = || async {
        sqlx::query_scalar::<_, i64>("SELECT CAST(COUNT(*) AS BIGINT) FROM counsel")
            .fetch_one(db.pool())
            .await
            .expect("count")
    };
    let before = n().await;
    let market = department_id("区市场监管局").await.to_string();
    let (bureau, bc) = login("supervisor").await;
    let r = bureau
        .post(format!("{}/counsel", s.base))
        .form(&[
            ("csrf", bc.as_str()),
            ("kind", "public_lawyer"),
            ("name", "测试律师"),
            ("qualification_no", ""),
            ("licence_no", "31201202410000001"),
            ("department_id", market.as_str()),
            ("starts_on", "2024-01-01"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 422);
    assert!(r.text().await.expect("html").contains("第五条"));
    let r = bureau
        .post(format!("{}/counsel", s.base))
        .form(&[
            ("csrf", bc.as_str()),
            ("kind", "scholar"),
            ("name", "测试学者"),
            ("department_id", market.as_str()),
            ("starts_on", "二〇二四年"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 422);
    assert_eq!(n().await, before, "nothing written");
}
