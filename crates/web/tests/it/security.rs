//! Lockout, CSRF, cookie attributes, logout.

use fazhi_core::audit::{Actor, AuditedTx};
use fazhi_core::auth::{DataScope, NewUser, Role, create_user};

use crate::support::{client, csrf_of, db, department_id, login, server};

#[tokio::test]
async fn five_wrong_passwords_lock_the_account() {
    let s = server();
    let db = db().await;
    let mut tx = AuditedTx::begin(&db, Actor::system("test"))
        .await
        .expect("tx");
    create_user(
        &mut tx,
        &NewUser {
            username: "lockme".into(),
            display_name: "锁定测试".into(),
            password: "Right#2024x".into(),
            role: Role::Officer,
            department_id: Some(department_id("区应急局").await),
            scope: DataScope::OwnDepartment,
            officer_id: None,
            region: fazhi_core::BINHAI_REGION.into(),
        },
    )
    .await
    .expect("user");
    tx.commit().await.expect("commit");
    let c = client();
    let page = c
        .get(format!("{}/login", s.base))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("text");
    let csrf = csrf_of(&page);
    let attempt = |pw: &'static str| {
        let c = c.clone();
        let csrf = csrf.clone();
        async move {
            let r = c
                .post(format!("{}/login", server().base))
                .form(&[("username", "lockme"), ("password", pw), ("csrf", &csrf)])
                .send()
                .await
                .expect("post");
            (r.status().as_u16(), r.text().await.unwrap_or_default())
        }
    };
    for i in 1..5 {
        let (st, body) = attempt("Wrong#2024x").await;
        assert_eq!(st, 401, "attempt {i}");
        assert!(body.contains("用户名或密码错误"), "attempt {i}");
    }
    let (st, body) = attempt("Wrong#2024x").await;
    assert_eq!(st, 401);
    assert!(body.contains("锁定"), "fifth failure locks");
    let (st, body) = attempt("Right#2024x").await;
    assert_eq!(st, 401, "locked accounts refuse the right password too");
    assert!(body.contains("锁定"));
}

#[tokio::test]
async fn forms_without_a_valid_csrf_token_are_refused() {
    let s = server();
    let (c, token) = login("deptadmin").await;
    let dept = department_id("区市场监管局").await.to_string();
    let before = count_officers(&c).await;
    for bad in ["", "0000", &"f".repeat(64)] {
        let r = c
            .post(format!("{}/org/officers", s.base))
            .form(&[
                ("csrf", bad),
                ("name", "跨站"),
                ("id_number", "120116198507150121"),
                ("department_id", dept.as_str()),
            ])
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), 403, "csrf {bad:?}");
        assert!(r.text().await.expect("text").contains("CSRF"));
    }
    // The JSON API needs the token in X-CSRF-Token.
    let body = serde_json::json!({"department_id": dept.parse::<i64>().expect("id"), "name": "跨站", "id_number": "120116198507150121"});
    let r = c
        .post(format!("{}/api/v1/officers", s.base))
        .json(&body)
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 403);
    let e: serde_json::Value = r.json().await.expect("json");
    assert_eq!(e["code"], "forbidden");
    assert_eq!(count_officers(&c).await, before, "nothing written");
    // With the token the same request goes through.
    let r = c
        .post(format!("{}/api/v1/officers", s.base))
        .header("x-csrf-token", token)
        .json(&body)
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 200, "{:?}", r.text().await);
    assert_eq!(count_officers(&c).await, before + 1);
}

async fn count_officers(c: &reqwest::Client) -> i64 {
    let v: serde_json::Value = c
        .get(format!("{}/api/v1/officers?page_size=1", server().base))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    v["total"].as_i64().expect("total")
}

#[tokio::test]
async fn login_itself_needs_the_anonymous_token() {
    let s = server();
    let c = client();
    let r = c
        .post(format!("{}/login", s.base))
        .form(&[
            ("username", "supervisor"),
            ("password", crate::support::PASSWORD),
            ("csrf", "forged"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn cookies_are_http_only_and_same_site_and_logout_ends_the_session() {
    let s = server();
    let c = client();
    let page = c
        .get(format!("{}/login", s.base))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("text");
    let csrf = csrf_of(&page);
    let r = c
        .post(format!("{}/login", s.base))
        .form(&[
            ("username", "supervisor"),
            ("password", crate::support::PASSWORD),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .expect("login");
    let cookie = r
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(cookie.starts_with("fz_sid="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let home = c.get(format!("{}/", s.base)).send().await.expect("home");
    assert_eq!(home.status(), 200);
    let token = csrf_of(&home.text().await.expect("text"));
    let r = c
        .post(format!("{}/logout", s.base))
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .expect("logout");
    assert_eq!(r.status(), 303);
    assert_eq!(
        c.get(format!("{}/org/officers", s.base))
            .send()
            .await
            .expect("get")
            .status(),
        303,
        "logged out"
    );
}

#[tokio::test]
async fn the_login_redirect_stays_on_site() {
    let s = server();
    let c = client();
    let page = c
        .get(format!("{}/login?next=//evil.example/", s.base))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("text");
    assert!(
        page.contains("name=\"next\" value=\"/\""),
        "the next field falls back to /"
    );
}

#[tokio::test]
async fn unknown_paths_get_a_bilingual_404() {
    let s = server();
    let c = client();
    let r = c
        .get(format!("{}/no/such/page", s.base))
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), 404);
    let body = r.text().await.expect("text");
    assert!(
        body.contains("记录不存在") && body.contains("does not exist"),
        "{body}"
    );
    let r = c
        .get(format!("{}/api/v1/no-such-endpoint", s.base))
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), 404);
    let e: serde_json::Value = r.json().await.expect("json");
    assert_eq!(e["code"], "not_found");
}

/// Browsers drop a TAB or newline from a URL, so `/\t/host` would become `//host`: the language
/// switch and the login form send such targets home instead.
#[tokio::test]
async fn redirect_targets_with_control_characters_stay_on_the_site() {
    let s = server();
    let c = client();
    for back in [
        "/%09/evil.example/",
        "/%0A/evil.example/",
        "//evil.example/",
    ] {
        let r = c
            .get(format!("{}/lang?to=en&back={back}", s.base))
            .send()
            .await
            .expect("lang");
        let loc = r
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert_eq!(loc, "/", "back={back}");
    }
}
