//! Every route of the route table, GET and POST, for every demo role and for an anonymous
//! visitor: the wrong role is refused on the server before the handler runs, an anonymous visitor
//! is sent to log in, and no write is accepted without its CSRF token. (The hand-written matrix in
//! `matrix.rs` states the expected roles of the main pages independently of the table.)

use axum::http::Method;
use fazhi_core::auth::{DataScope, Principal, Role};
use fazhi_web::routes::{RouteSpec, table};

use crate::matrix::ROLES;
use crate::support::{client, login, server};

/// A concrete path for a route: each parameter gets a value that names no record.
fn concrete(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let j = rest[i..].find('}').map(|j| i + j).unwrap_or(rest.len() - 1);
        let name = &rest[i + 1..j];
        out.push_str(match name {
            "month" => "2024-05",
            "number" | "id" | "eid" | "item" => "999999999",
            "file" => "app.css",
            _ => "no-such-record",
        });
        rest = &rest[j + 1..];
    }
    out.push_str(rest);
    out
}

/// The principal a demo account logs in as, from `/api/v1/me`.
async fn principal(c: &reqwest::Client) -> Principal {
    let me: serde_json::Value = c
        .get(format!("{}/api/v1/me", server().base))
        .send()
        .await
        .expect("me")
        .json()
        .await
        .expect("json");
    Principal {
        user_id: me["user_id"].as_i64().expect("id"),
        username: me["username"].as_str().expect("username").into(),
        display_name: String::new(),
        role: Role::parse(me["role"].as_str().expect("role")).expect("known role"),
        department_id: me["department_id"].as_i64(),
        department_name: String::new(),
        scope: DataScope::parse(me["scope"].as_str().expect("scope")).expect("known scope"),
        region: fazhi_core::BINHAI_REGION.into(),
    }
}

async fn send(
    c: &reqwest::Client,
    r: &RouteSpec,
    url: &str,
    token: Option<&str>,
) -> reqwest::Response {
    let req = if r.method == Method::POST {
        let mut b = c
            .post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("probe=1");
        if let Some(t) = token {
            b = b.header("x-csrf-token", t);
        }
        b
    } else {
        c.get(url)
    };
    req.send().await.expect("request")
}

#[tokio::test]
async fn every_route_refuses_the_wrong_role_and_unsigned_writes() {
    let s = server();
    let routes = table();
    let mut checked = 0;
    for role in ROLES {
        let (c, token) = login(role).await;
        let who = principal(&c).await;
        for r in &routes {
            let url = format!("{}{}", s.base, concrete(r.path));
            let allowed = r.access.allows(Some(&who));
            let label = format!("{role} {} {}", r.method, r.path);
            if !allowed {
                let st = send(&c, r, &url, Some(&token)).await.status().as_u16();
                assert_eq!(st, 403, "{label} must be refused");
            } else if r.method == Method::POST {
                // The right role without the token: refused before anything is written.
                let resp = send(&c, r, &url, None).await;
                assert_eq!(resp.status().as_u16(), 403, "{label} without CSRF token");
                let body = resp.text().await.unwrap_or_default();
                assert!(body.contains("CSRF"), "{label}: the refusal names CSRF");
            } else {
                let st = send(&c, r, &url, None).await.status().as_u16();
                assert!(
                    st != 401 && st < 500,
                    "{label} is allowed and must not fail: {st}"
                );
                if !r.path.contains('{') {
                    assert_ne!(st, 403, "{label} is allowed");
                }
            }
            checked += 1;
        }
    }
    assert_eq!(checked, routes.len() * ROLES.len());
}

#[tokio::test]
async fn anonymous_visitors_reach_only_public_routes() {
    let s = server();
    let c = client();
    let mut public = 0;
    for r in table() {
        let url = format!("{}{}", s.base, concrete(r.path));
        let resp = send(&c, &r, &url, None).await;
        let st = resp.status().as_u16();
        let label = format!("anonymous {} {}", r.method, r.path);
        if r.access.allows(None) {
            public += 1;
            if r.method == Method::POST {
                assert_eq!(st, 403, "{label} without a token");
            } else {
                assert!(st != 401 && st != 403 && st < 500, "{label}: {st}");
            }
        } else if r.is_api() {
            assert_eq!(st, 401, "{label}");
        } else {
            assert_eq!(st, 303, "{label} goes to the login page");
            let loc = resp
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            assert!(loc.starts_with("/login"), "{label} -> {loc}");
        }
    }
    assert!(public > 0, "the portal has public routes");
}

#[test]
fn the_table_declares_every_write_as_a_post() {
    let t = table();
    assert!(t.iter().filter(|r| r.writes).count() > 0);
    for r in &t {
        if r.writes {
            assert_eq!(r.method, Method::POST, "{}", r.path);
        }
    }
}
