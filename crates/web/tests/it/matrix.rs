//! Role × endpoint: each role reaches what it may and is refused elsewhere, on the server.

use crate::support::{client, login, officer_ids, server};

/// The demo accounts, one per role (the route-table test walks them too).
pub const ROLES: [&str; 9] = [
    "sysadmin",
    "secadmin",
    "auditadmin",
    "supervisor",
    "deptadmin",
    "officer",
    "reviewer",
    "enterprise",
    "dispatcher",
];

/// Roles that read the organisation registry within their scope.
const ORG_READERS: &[&str] = &["supervisor", "deptadmin", "officer", "reviewer"];

/// (path, roles allowed). Everyone else logged in gets 403.
const MATRIX: &[(&str, &[&str])] = &[
    ("/", &ROLES),
    ("/tools/deadline", &ROLES),
    ("/org/officers", ORG_READERS),
    ("/org/departments", ORG_READERS),
    ("/org/officers/export.xlsx", ORG_READERS),
    ("/org/departments/export.xlsx", ORG_READERS),
    ("/org/officers/new", &["deptadmin"]),
    ("/org/officers/import", &["deptadmin"]),
    ("/org/officers/import/template.xlsx", &["deptadmin"]),
    ("/admin/users", &["sysadmin"]),
    ("/admin/calendar", &["sysadmin"]),
    ("/security/users", &["secadmin"]),
    ("/security/logins", &["secadmin"]),
    ("/audit/log", &["auditadmin"]),
    ("/audit/log/export.xlsx", &["auditadmin"]),
    ("/api/v1/officers", ORG_READERS),
    ("/api/v1/audit/verify", &["auditadmin"]),
    ("/powers/items", ORG_READERS),
    ("/powers/items/export.xlsx", ORG_READERS),
    ("/powers/proposals", ORG_READERS),
    ("/powers/proposals/new", &["deptadmin"]),
    ("/powers/versions", ORG_READERS),
    ("/powers/stats", ORG_READERS),
    ("/api/v1/powers/stats", ORG_READERS),
    ("/inspections", ORG_READERS),
    ("/inspections/stats", ORG_READERS),
    ("/enterprise/inspections", &["enterprise"]),
    ("/security/inspection-keys", &["secadmin"]),
    ("/sampling/tasks", ORG_READERS),
    ("/sampling/results", ORG_READERS),
    ("/dispatch/desk", &["dispatcher"]),
    ("/dispatch/inbox", &["deptadmin", "officer"]),
    ("/dispatch/stats", &["supervisor", "dispatcher"]),
    ("/cases/workbench", ORG_READERS),
    ("/cases/list", ORG_READERS),
    ("/cases/export.xlsx", ORG_READERS),
    ("/cases/disclosures", ORG_READERS),
    ("/cases/new", &["deptadmin", "officer"]),
    ("/cases/stats", &["supervisor"]),
    ("/api/v1/cases", ORG_READERS),
    ("/api/v1/cases/stats?year=2024", &["supervisor"]),
    ("/leniency", ORG_READERS),
];

#[tokio::test]
async fn every_role_is_refused_where_it_must_be() {
    let s = server();
    for role in ROLES {
        let (c, _) = login(role).await;
        for (path, allowed) in MATRIX {
            let status = c
                .get(format!("{}{path}", s.base))
                .send()
                .await
                .expect("get")
                .status()
                .as_u16();
            let expect = if allowed.contains(&role) { 200 } else { 403 };
            assert_eq!(status, expect, "{role} GET {path}");
        }
    }
}

#[tokio::test]
async fn anonymous_visitors_see_only_the_portal() {
    let s = server();
    let c = client();
    for (path, _) in MATRIX {
        let r = c
            .get(format!("{}{path}", s.base))
            .send()
            .await
            .expect("get");
        let status = r.status().as_u16();
        if path.starts_with("/api/") {
            assert_eq!(status, 401, "anonymous GET {path}");
            let body: serde_json::Value = r.json().await.expect("json error");
            assert_eq!(body["code"], "unauthenticated");
            assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
            assert!(body["message_en"].as_str().is_some_and(|m| !m.is_empty()));
        } else {
            assert_eq!(status, 303, "anonymous GET {path} goes to the login page");
            let loc = r
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            assert!(loc.starts_with("/login"), "{path} -> {loc}");
        }
    }
    for path in [
        "/portal",
        "/portal/officers",
        "/portal/powers",
        "/portal/sampling",
        "/portal/complaints",
        "/api/v1/inspection-certificates/keys",
        "/law",
        "/law/search?q=%E7%BD%9A%E6%AC%BE",
        "/healthz",
        "/api/openapi.json",
        "/api/v1/departments",
        "/login",
    ] {
        assert_eq!(
            c.get(format!("{}{path}", s.base))
                .send()
                .await
                .expect("get")
                .status(),
            200,
            "public {path}"
        );
    }
}

#[tokio::test]
async fn guessing_ids_across_departments_reveals_nothing() {
    let s = server();
    let (market_officer, safety_officer) = officer_ids().await;
    for role in ["officer", "deptadmin", "reviewer"] {
        let (c, _) = login(role).await;
        for path in [
            format!("/org/officers/{safety_officer}"),
            format!("/api/v1/officers/{safety_officer}"),
        ] {
            let st = c
                .get(format!("{}{path}", s.base))
                .send()
                .await
                .expect("get")
                .status();
            assert_eq!(st, 404, "{role} GET {path} (another department)");
        }
        let st = c
            .get(format!("{}/api/v1/officers/{market_officer}", s.base))
            .send()
            .await
            .expect("get")
            .status();
        assert_eq!(st, 200, "{role} reads its own department");
    }
    let (sup, _) = login("supervisor").await;
    let v: serde_json::Value = sup
        .get(format!("{}/api/v1/officers/{safety_officer}", s.base))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(
        v["id_masked"], true,
        "the supervisor reads district-wide, identity numbers masked"
    );
    assert!(v["id_number"].as_str().expect("id").contains('*'));
}

#[tokio::test]
async fn list_totals_follow_the_data_scope() {
    let s = server();
    let total = |v: serde_json::Value| v["total"].as_i64().expect("total");
    let (sup, _) = login("supervisor").await;
    let (adm, _) = login("deptadmin").await;
    let (off, _) = login("officer").await;
    let get = |c: reqwest::Client| async move {
        c.get(format!("{}/api/v1/officers?page_size=1", server().base))
            .send()
            .await
            .expect("get")
            .json::<serde_json::Value>()
            .await
            .expect("json")
    };
    let district = total(get(sup).await);
    let tree = total(get(adm).await);
    let own = total(get(off).await);
    assert_eq!(district, fazhi_demo::org::DEMO_OFFICERS as i64);
    assert!(
        tree < district && own < tree,
        "district {district} > tree {tree} > own {own}"
    );
    let _ = s;
}
