//! The procedure-parameter page: the Justice Bureau enters a body's rule with its source; a
//! department head reads but may not enter; a bad value is refused in both languages and the
//! form keeps what was typed.

use crate::support::{csrf_of, login, server};

async fn page(c: &reqwest::Client, query: &str) -> (u16, String) {
    let r = c
        .get(format!("{}/supervision/procedure{query}", server().base))
        .send()
        .await
        .expect("page");
    (r.status().as_u16(), r.text().await.expect("text"))
}

#[tokio::test]
async fn the_bureau_enters_a_rule_and_others_read_it() {
    let (bureau, _) = login("supervisor").await;
    let (status, html) = page(&bureau, "").await;
    assert_eq!(status, 200);
    assert!(html.contains("未核实"), "defaults are marked unverified");
    let csrf = csrf_of(&html);
    let dept = crate::support::department_id("区城市管理委").await;
    // A bad value: refused with the field's message, the typed source kept.
    let r = bureau
        .post(format!("{}/supervision/procedure", server().base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("department", &dept.to_string()),
            ("key", "statement_working_days"),
            ("value", "abc"),
            ("effective_from", "2026-01-01"),
            ("source", "天津市城市管理行政处罚程序规定 第二十条"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 422);
    let body = r.text().await.expect("text");
    assert!(body.contains("取值无效") && body.contains("天津市城市管理行政处罚程序规定 第二十条"));
    // A good one: saved, and the body's page shows it with its source.
    let r = bureau
        .post(format!("{}/supervision/procedure", server().base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("department", &dept.to_string()),
            ("key", "statement_working_days"),
            ("value", "3"),
            ("effective_from", "2026-01-01"),
            ("source", "天津市城市管理行政处罚程序规定 第二十条"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 303);
    let (_, html) = page(&bureau, &format!("?department={dept}&on=2026-06-01")).await;
    assert!(html.contains("天津市城市管理行政处罚程序规定 第二十条"));

    // A department head reads, but the form is not for it and the server refuses the write.
    let (head, token) = login("deptadmin").await;
    let (status, html) = page(&head, "").await;
    assert_eq!(status, 200);
    assert!(!html.contains("id=\"procedure-form\""));
    let r = head
        .post(format!("{}/supervision/procedure", server().base))
        .header("X-CSRF-Token", token)
        .form(&[
            ("department", "district"),
            ("key", "filing_working_days"),
            ("value", "7"),
            ("effective_from", "2026-01-01"),
            ("source", "某规定"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 403);
}
