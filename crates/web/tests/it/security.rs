//! The security suite of issue 15: login throttling, redirects, the login form's token, headers,
//! rate limits, the access log, upload bombs, 三员 over HTTP; plus CSRF, cookies and logout.

use std::time::{Duration, Instant};

use fazhi_core::audit::{Actor, AuditedTx};
use fazhi_core::auth::{DataScope, NewUser, Role, create_user};

use crate::support::{PASSWORD, client, csrf_of, db, department_id, login, server};

/// Creates an officer account for one test.
async fn make_user(username: &str, password: &str) {
    let db = db().await;
    let mut tx = AuditedTx::begin(&db, Actor::system("test"))
        .await
        .expect("tx");
    create_user(
        &mut tx,
        &NewUser {
            username: username.into(),
            display_name: "安全测试".into(),
            password: password.into(),
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
}

/// The login form's token for a client (it keeps the cookie).
async fn login_token(base: &str, c: &reqwest::Client) -> String {
    let page = c
        .get(format!("{base}/login"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("text");
    csrf_of(&page)
}

/// One login attempt from a client address (the test server trusts X-Forwarded-For).
async fn attempt(
    base: &str,
    c: &reqwest::Client,
    csrf: &str,
    addr: &str,
    username: &str,
    password: &str,
    next: &str,
) -> reqwest::Response {
    c.post(format!("{base}/login"))
        .header("x-forwarded-for", addr)
        .form(&[
            ("username", username),
            ("password", password),
            ("csrf", csrf),
            ("next", next),
        ])
        .send()
        .await
        .expect("post")
}

/// Status, Retry-After and the error paragraph of a login answer (without the echoed username).
async fn answer(r: reqwest::Response) -> (u16, Option<String>, String) {
    let st = r.status().as_u16();
    let retry = r
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = r.text().await.unwrap_or_default();
    let msg = ["用户名或密码错误", "登录失败次数过多"]
        .into_iter()
        .find(|m| body.contains(m))
        .unwrap_or("")
        .to_string();
    (st, retry, msg)
}

#[tokio::test]
async fn failed_logins_wait_longer_each_time_and_unknown_accounts_answer_alike() {
    let s = server();
    make_user("throttle_known", "Right#2024x").await;
    let c = client();
    let csrf = login_token(&s.base, &c).await;
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    // Each attempt from another address: the account's own count is what is measured.
    for i in 0..6 {
        let r = attempt(
            &s.base,
            &c,
            &csrf,
            &format!("10.61.0.{i}"),
            "throttle_known",
            "Wrong#2024x",
            "/",
        )
        .await;
        known.push(answer(r).await);
        let r = attempt(
            &s.base,
            &c,
            &csrf,
            &format!("10.62.0.{i}"),
            "throttle_ghost",
            "Wrong#2024x",
            "/",
        )
        .await;
        unknown.push(answer(r).await);
    }
    let shape = |v: &Vec<(u16, Option<String>, String)>| {
        v.iter()
            .map(|(s, r, m)| (*s, r.is_some(), m.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(shape(&known), shape(&unknown), "no username enumeration");
    assert_eq!(known[0].0, 401);
    assert!(known[0].2.contains("用户名或密码错误"));
    let throttled = known
        .iter()
        .find(|a| a.0 == 429)
        .expect("throttled after failures");
    assert!(throttled.1.is_some(), "Retry-After on the refusal");
    assert!(throttled.2.contains("登录失败次数过多"));
    // The right password waits too while throttled, then works: no permanent lock.
    let r = attempt(
        &s.base,
        &c,
        &csrf,
        "10.61.1.1",
        "throttle_known",
        "Right#2024x",
        "/",
    )
    .await;
    assert_eq!(r.status(), 429);
    let first: i64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let db = db().await;
    sqlx::query("UPDATE login_throttle SET blocked_until = 0")
        .execute(db.pool())
        .await
        .unwrap();
    let r = attempt(
        &s.base,
        &c,
        &csrf,
        "10.61.1.2",
        "throttle_known",
        "Wrong#2024x",
        "/",
    )
    .await;
    assert_eq!(r.status(), 401);
    let r = attempt(
        &s.base,
        &c,
        &csrf,
        "10.61.1.3",
        "throttle_known",
        "Right#2024x",
        "/",
    )
    .await;
    assert_eq!(r.status(), 429);
    let second: i64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(second > first, "the wait grows: {first} then {second}");
    fazhi_core::auth::unlock_by_username(&db, "throttle_known")
        .await
        .unwrap();
    let r = attempt(
        &s.base,
        &c,
        &csrf,
        "10.61.1.4",
        "throttle_known",
        "Right#2024x",
        "/",
    )
    .await;
    assert_eq!(r.status(), 303, "unlocked at the console");
}

#[tokio::test]
async fn an_attack_on_an_account_never_ends_its_owners_session() {
    let s = server();
    make_user("victim_sess", "Right#2024x").await;
    let victim = client();
    let csrf = login_token(&s.base, &victim).await;
    let r = attempt(
        &s.base,
        &victim,
        &csrf,
        "10.63.0.1",
        "victim_sess",
        "Right#2024x",
        "/",
    )
    .await;
    assert_eq!(r.status(), 303);
    let attacker = client();
    let acsrf = login_token(&s.base, &attacker).await;
    for i in 0..12 {
        attempt(
            &s.base,
            &attacker,
            &acsrf,
            &format!("10.64.0.{i}"),
            "victim_sess",
            "guess",
            "/",
        )
        .await;
    }
    let r = victim
        .get(format!("{}/api/v1/me", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "the victim is still logged in");
}

/// Known open-redirect bypasses (the probe's TAB among them).
const BYPASSES: &[&str] = &[
    "//evil.example/",
    "///evil.example/",
    "https://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
    "/\\evil.example",
    "/\\/evil.example",
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/\r\n/evil.example/",
    "/%09/evil.example/",
    "/%0d%0a/evil.example/",
    "/%2f%2fevil.example",
    "/%5cevil.example",
    "/\u{3000}/evil.example",
    "/\u{200B}/evil.example",
    "\u{FF0F}\u{FF0F}evil.example",
    "/\u{1}x",
];

#[tokio::test]
async fn redirect_bypasses_are_refused_at_the_language_switch_and_after_login() {
    let s = server();
    make_user("redirect_user", "Right#2024x").await;
    for b in BYPASSES {
        let r = client()
            .get(format!("{}/lang?to=en&back={}", s.base, enc(b)))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{b:?}");
        assert_eq!(r.headers()["location"], "/", "lang back={b:?}");
        // After a correct password (control characters gave a 500 here).
        let c = client();
        let csrf = login_token(&s.base, &c).await;
        let r = attempt(
            &s.base,
            &c,
            &csrf,
            "10.65.0.1",
            "redirect_user",
            "Right#2024x",
            b,
        )
        .await;
        assert_eq!(r.status(), 303, "login next={b:?}");
        assert_eq!(r.headers()["location"], "/", "login next={b:?}");
    }
    let r = client()
        .get(format!(
            "{}/lang?to=en&back=%2Forg%2Fofficers%3Fpage%3D2",
            s.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/org/officers?page=2");
}

fn enc(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

#[tokio::test]
async fn the_login_forms_token_must_be_issued_by_the_server() {
    let s = server();
    let forged = "a".repeat(64);
    let c = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = c
        .post(format!("{}/login", s.base))
        .header("cookie", format!("fz_pre={forged}"))
        .form(&[
            ("username", "supervisor"),
            ("password", PASSWORD),
            ("csrf", forged.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "a token the client chose is refused");
    // The login page replaces a planted token with one of its own.
    let r = c
        .get(format!("{}/login", s.base))
        .header("cookie", format!("fz_pre={forged}"))
        .send()
        .await
        .unwrap();
    let set = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        set.starts_with("fz_pre=") && !set.contains(&forged),
        "{set}"
    );
}

#[tokio::test]
async fn every_get_route_sends_the_security_headers_and_no_store_when_logged_in() {
    let s = server();
    let (c, _) = login("supervisor").await;
    let anon = client();
    let mut checked = 0;
    for r in fazhi_web::routes::table() {
        if r.method != axum::http::Method::GET || r.path.contains('{') || r.path.contains("export")
        {
            continue;
        }
        for (who, cl) in [("supervisor", &c), ("anonymous", &anon)] {
            let resp = cl
                .get(format!("{}{}", s.base, r.path))
                .send()
                .await
                .unwrap();
            let h = resp.headers();
            let path = r.path;
            assert!(
                h.contains_key("content-security-policy"),
                "{who} {path}: CSP"
            );
            assert_eq!(h["x-content-type-options"], "nosniff", "{who} {path}");
            assert!(h.contains_key("referrer-policy"), "{who} {path}");
            if who == "supervisor" && resp.status() == 200 {
                assert_eq!(
                    h.get("cache-control").map(|v| v.to_str().unwrap()),
                    Some("no-store"),
                    "{path}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked}");
    // An export with identity numbers.
    let r = c
        .get(format!("{}/org/officers/export.xlsx", s.base))
        .send()
        .await
        .unwrap();
    if r.status() == 200 {
        assert_eq!(r.headers()["cache-control"], "no-store");
    }
}

/// A server of the test's own on the shared database, with small buckets.
async fn limited_server() -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    let url = server().db_url.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let db = fazhi_core::db::Db::connect(&url).await.expect("db");
            let state = fazhi_web::AppState::new(db, false)
                .await
                .expect("state")
                .with_security(fazhi_web::SecurityConfig {
                    write_per_addr: fazhi_web::Rate {
                        burst: 3,
                        per_secs: 60,
                    },
                    login_per_addr: fazhi_web::Rate {
                        burst: 2,
                        per_secs: 60,
                    },
                    login_per_account: fazhi_web::Rate {
                        burst: 2,
                        per_secs: 60,
                    },
                    trust_forwarded_for: true,
                    access_log: fazhi_web::AccessLog::Off,
                });
            let l = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            tx.send(format!("http://{}", l.local_addr().expect("addr")))
                .expect("send");
            fazhi_web::serve_on(state, l).await.expect("serve");
        });
    });
    rx.recv().expect("limited server")
}

#[tokio::test]
async fn anonymous_writes_and_logins_are_rate_limited_with_429_and_retry_after() {
    let base = limited_server().await;
    let c = client();
    let csrf = login_token(&base, &c).await;
    let mut statuses = Vec::new();
    let mut last = None;
    for _ in 0..4 {
        let r = attempt(&base, &c, &csrf, "10.69.0.1", "rate_ghost", "x", "/").await;
        statuses.push(r.status().as_u16());
        last = Some(r);
    }
    assert_eq!(&statuses[..2], &[401, 401], "{statuses:?}");
    assert_eq!(statuses[3], 429, "{statuses:?}");
    let r = last.unwrap();
    let wait: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(wait >= 1);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("请求过于频繁") && body.contains("Too many requests"),
        "{body}"
    );
    // Complaints from the same address share the anonymous-write bucket.
    let form = c
        .get(format!("{base}/portal/complaints"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = csrf_of(&form);
    let r = c
        .post(format!("{base}/portal/complaints"))
        .header("x-forwarded-for", "10.69.0.1")
        .form(&[
            ("csrf", csrf.as_str()),
            ("kind", "complaint"),
            ("text", "噪音扰民"),
            ("phone", "13800000000"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert!(r.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn identical_complaints_are_merged_and_the_citizen_gets_the_same_query_code() {
    let s = server();
    let c = client();
    let mut codes = Vec::new();
    for _ in 0..2 {
        let form = c
            .get(format!("{}/portal/complaints", s.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = csrf_of(&form);
        let r = c
            .post(format!("{}/portal/complaints", s.base))
            .header("x-forwarded-for", "10.66.0.1")
            .form(&[
                ("csrf", csrf.as_str()),
                ("kind", "complaint"),
                ("text", "某某路烧烤店夜间油烟扰民，重复测试诉求 7f3a"),
                ("address", "某某路 1 号"),
                ("phone", "13900000017"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        codes.push(r.text().await.unwrap());
    }
    let db = db().await;
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT order_no FROM work_orders WHERE text = '某某路烧烤店夜间油烟扰民，重复测试诉求 7f3a'",
    )
    .fetch_all(db.pool())
    .await
    .unwrap();
    assert_eq!(rows.len(), 1, "merged into one order");
    for page in &codes {
        assert!(page.contains(&rows[0].0), "the query code is shown");
    }
}

#[tokio::test]
async fn the_access_log_has_one_json_line_per_request_without_the_query_string() {
    let s = server();
    let (c, _) = login("supervisor").await;
    let marker = "secretmarker9137";
    c.get(format!("{}/org/officers?q={marker}", s.base))
        .header("x-forwarded-for", "10.67.0.9")
        .send()
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let log = std::fs::read_to_string(crate::support::access_log_path()).unwrap_or_default();
        assert!(!log.contains(marker), "no query strings in the access log");
        let line = log
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find(|v| v["addr"] == "10.67.0.9");
        if let Some(v) = line {
            assert_eq!(v["method"], "GET");
            assert_eq!(v["path"], "/org/officers");
            assert_eq!(v["status"], 200);
            assert_eq!(v["user"], "supervisor");
            assert!(v["ms"].is_u64() && v["time"].is_string());
            break;
        }
        assert!(Instant::now() < deadline, "no access log line");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn upload_bombs_are_refused_in_both_languages_within_a_second() {
    let (c, csrf) = login("deptadmin").await;
    for (what, bytes) in fazhi_core::excel::bomb_corpus().unwrap() {
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name("officers.xlsx"),
            );
        let t = Instant::now();
        let r = c
            .post(format!("{}/org/officers/import", server().base))
            .multipart(form)
            .send()
            .await
            .unwrap();
        let took = t.elapsed();
        assert_eq!(r.status(), 422, "{what}");
        let body = r.text().await.unwrap();
        assert!(
            body.contains("未导入任何数据") || body.contains("超出"),
            "{what}: {body}"
        );
        assert!(took < Duration::from_secs(1), "{what} took {took:?}");
    }
}

#[tokio::test]
async fn the_security_administrator_cannot_change_an_administrators_role_over_http() {
    let s = server();
    let (c, csrf) = login("secadmin").await;
    let db = db().await;
    let (sys,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE username = 'sysadmin'")
        .fetch_one(db.pool())
        .await
        .unwrap();
    let r = c
        .post(format!("{}/security/users/{sys}/role", s.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("role", "supervisor"),
            ("scope", "district"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    let body = r.text().await.unwrap();
    assert!(body.contains("三员分立"), "{body}");
    let (role,): (String,) = sqlx::query_as("SELECT role FROM users WHERE id = $1")
        .bind(sys)
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(role, "sys_admin");
}

#[tokio::test]
async fn the_security_administrator_sees_failed_logins_by_account_and_address() {
    let s = server();
    let c = client();
    let csrf = login_token(&s.base, &c).await;
    let typed = "Pa55word#typed-as-name";
    attempt(&s.base, &c, &csrf, "10.68.0.7", typed, "x", "/").await;
    let (sec, _) = login("secadmin").await;
    let page = sec
        .get(format!("{}/security/logins", s.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("10.68.0.7"), "the address is listed");
    assert!(
        !page.contains(typed),
        "what was typed as a username is never shown or stored"
    );
    let redacted = fazhi_core::auth::throttle::redacted(typed);
    assert!(page.contains(&redacted), "the account shows as its digest");
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
            ("password", PASSWORD),
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
            ("password", PASSWORD),
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

#[tokio::test]
async fn bad_path_or_query_values_under_api_get_the_documented_json_422() {
    let s = server();
    let (c, _) = login("supervisor").await;
    for url in [
        "/api/v1/officers?q=a&q=b",
        "/api/v1/calendar/deadline?start=2024-01-01&days=-3",
    ] {
        let r = c.get(format!("{}{url}", s.base)).send().await.unwrap();
        assert_eq!(r.status(), 422, "{url}");
        let v: serde_json::Value = r.json().await.expect("json body");
        assert!(
            v["code"].is_string() && v["message"].is_string() && v["message_en"].is_string(),
            "{v}"
        );
    }
}

#[tokio::test]
async fn the_openapi_document_marks_required_parameters_required() {
    let s = server();
    let (c, _) = login("supervisor").await;
    let v: serde_json::Value = c
        .get(format!("{}/api/openapi.json", s.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut checked = 0;
    for (path, item) in v["paths"].as_object().expect("paths") {
        for (_, op) in item.as_object().expect("item") {
            for p in op["parameters"].as_array().into_iter().flatten() {
                if p["in"] == "path" {
                    assert_eq!(p["required"], true, "{path} {}", p["name"]);
                    checked += 1;
                }
            }
        }
    }
    let params = &v["paths"]["/api/v1/calendar/deadline"]["get"]["parameters"];
    for name in ["start", "days"] {
        let p = params
            .as_array()
            .expect("params")
            .iter()
            .find(|p| p["name"] == name)
            .expect(name);
        assert_eq!(p["required"], true, "{name}");
        checked += 1;
    }
    assert!(checked > 2);
}

#[tokio::test]
async fn a_new_administrator_works_only_after_a_security_administrator_approves_it() {
    let s = server();
    let (sys, csrf) = login("sysadmin").await;
    let r = sys
        .post(format!("{}/admin/users", s.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("username", "sec_pending"),
            ("display_name", "待批准安全管理员"),
            ("password", "Right#2024xy"),
            ("role", "sec_admin"),
            ("scope", "none"),
        ])
        .send()
        .await
        .unwrap();
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert_eq!(r.status(), 303, "{:?}", r.text().await);
    // The page tells the system administrator that the account waits for an approval.
    assert!(location.contains("flash=awaiting_approval"), "{location}");
    let c = client();
    let token = login_token(&s.base, &c).await;
    let r = attempt(
        &s.base,
        &c,
        &token,
        "10.70.0.1",
        "sec_pending",
        "Right#2024xy",
        "/",
    )
    .await;
    assert_eq!(r.status(), 401, "not usable before approval");
    assert!(r.text().await.unwrap().contains("尚待批准"));
    let db = db().await;
    let (req,): (i64,) = sqlx::query_as(
        "SELECT r.id FROM admin_requests r JOIN users u ON u.id = r.user_id WHERE u.username = 'sec_pending'",
    )
    .fetch_one(db.pool())
    .await
    .unwrap();
    // The system administrator cannot approve its own request.
    let r = sys
        .post(format!("{}/security/requests/{req}/decide", s.base))
        .form(&[("csrf", csrf.as_str()), ("decision", "approve")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let (sec, sec_csrf) = login("secadmin").await;
    let page = sec
        .get(format!("{}/security/users", s.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("sec_pending"), "the request is listed");
    let r = sec
        .post(format!("{}/security/requests/{req}/decide", s.base))
        .form(&[("csrf", sec_csrf.as_str()), ("decision", "approve")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let r = attempt(
        &s.base,
        &c,
        &token,
        "10.70.0.2",
        "sec_pending",
        "Right#2024xy",
        "/",
    )
    .await;
    assert_eq!(r.status(), 303, "approved by a second person");
}
