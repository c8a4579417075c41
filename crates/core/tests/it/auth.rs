//! Login, throttling, idle and absolute timeouts, data scope, and the 三员 rules.

use fazhi_core::auth::throttle::{BASE_DELAY_MS, FREE_FAILURES};
use fazhi_core::auth::{
    ABSOLUTE_LIFETIME_MS, DataScope, IDLE_TIMEOUT_MS, LoginOutcome, Role, backdate_session,
    backdate_session_start, login, login_from, resolve_session,
};
use fazhi_core::db::Db;

use crate::support::{add_user, principal, world};

/// Ends the current wait of every throttle key, as if the delay had run out.
async fn expire_waits(db: &Db) {
    sqlx::query("UPDATE login_throttle SET blocked_until = 0")
        .execute(db.pool())
        .await
        .expect("expire");
}

/// The outcome as a comparable word, and the wait of a throttled one.
fn kind(r: &LoginOutcome) -> (&'static str, i64) {
    match r {
        LoginOutcome::Success { .. } => ("success", 0),
        LoginOutcome::BadCredentials => ("bad", 0),
        LoginOutcome::Throttled { retry_after_ms } => ("throttled", *retry_after_ms),
        LoginOutcome::Disabled => ("disabled", 0),
    }
}

#[tokio::test]
async fn failures_throttle_with_growing_delays_instead_of_a_hard_lock() {
    let w = world().await;
    add_user(
        &w.db,
        "alice",
        Role::Officer,
        Some(w.market),
        DataScope::OwnDepartment,
    )
    .await;
    for i in 0..FREE_FAILURES {
        let r = login_from(&w.db, "alice", "wrong", "10.0.0.1")
            .await
            .expect("login");
        assert_eq!(kind(&r).0, "bad", "attempt {i}");
    }
    // Now every attempt waits, even with the right password, and waiting attempts do not count.
    let r = login_from(&w.db, "alice", "Secret#2024x", "10.0.0.2")
        .await
        .expect("login");
    let (k, first) = kind(&r);
    assert_eq!(k, "throttled");
    assert!(first > 0 && first <= BASE_DELAY_MS, "{first}");
    // After the wait, one more failure makes the next wait longer.
    expire_waits(&w.db).await;
    let r = login_from(&w.db, "alice", "wrong", "10.0.0.3")
        .await
        .expect("login");
    assert_eq!(kind(&r).0, "bad");
    let r = login_from(&w.db, "alice", "Secret#2024x", "10.0.0.4")
        .await
        .expect("login");
    let (k, second) = kind(&r);
    assert_eq!(k, "throttled");
    assert!(second > first, "the delay grows: {first} then {second}");
    // When the wait runs out, the right password works: no lock an attacker controls.
    expire_waits(&w.db).await;
    let r = login_from(&w.db, "alice", "Secret#2024x", "10.0.0.5")
        .await
        .expect("login");
    assert_eq!(kind(&r).0, "success");
}

#[tokio::test]
async fn a_client_address_is_throttled_across_accounts() {
    let w = world().await;
    for i in 0..FREE_FAILURES {
        let r = login_from(&w.db, &format!("guess{i}"), "wrong", "10.9.9.9")
            .await
            .expect("login");
        assert_eq!(kind(&r).0, "bad", "attempt {i}");
    }
    let r = login_from(&w.db, "another", "wrong", "10.9.9.9")
        .await
        .expect("login");
    assert_eq!(kind(&r).0, "throttled", "the address waits");
    let r = login_from(&w.db, "another", "wrong", "10.9.9.10")
        .await
        .expect("login");
    assert_eq!(kind(&r).0, "bad", "another address does not");
}

#[tokio::test]
async fn unknown_and_known_accounts_answer_alike() {
    let w = world().await;
    add_user(
        &w.db,
        "carol",
        Role::Officer,
        Some(w.market),
        DataScope::OwnDepartment,
    )
    .await;
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for i in 0..FREE_FAILURES + 3 {
        let r = login_from(&w.db, "carol", "wrong", &format!("10.1.0.{i}"))
            .await
            .expect("k");
        known.push(kind(&r).0);
        let r = login_from(&w.db, "nobody", "wrong", &format!("10.2.0.{i}"))
            .await
            .expect("u");
        unknown.push(kind(&r).0);
    }
    assert_eq!(known, unknown);
    assert!(known.contains(&"throttled"), "{known:?}");
}

#[tokio::test]
async fn a_password_typed_as_username_is_never_stored() {
    let w = world().await;
    let typed = "Geheim#Pass2024";
    let r = login_from(&w.db, typed, "x", "10.3.0.1")
        .await
        .expect("login");
    assert_eq!(kind(&r).0, "bad");
    let summaries: Vec<(String, String)> =
        sqlx::query_as("SELECT summary, actor_name FROM audit_log")
            .fetch_all(w.db.pool())
            .await
            .expect("audit");
    assert!(
        summaries.iter().any(|(s, _)| s.contains("未知用户名")),
        "the failure is audited"
    );
    for (s, a) in &summaries {
        assert!(!s.contains(typed) && !a.contains(typed), "{s} / {a}");
    }
    let accounts: Vec<(String,)> = sqlx::query_as("SELECT account FROM login_attempts")
        .fetch_all(w.db.pool())
        .await
        .expect("attempts");
    assert!(!accounts.is_empty());
    for (a,) in &accounts {
        assert!(!a.contains(typed) && a.starts_with('?'), "{a}");
    }
}

#[tokio::test]
async fn someone_elses_failures_never_end_a_session() {
    let w = world().await;
    add_user(
        &w.db,
        "dave",
        Role::Officer,
        Some(w.market),
        DataScope::OwnDepartment,
    )
    .await;
    let LoginOutcome::Success { token, .. } =
        login(&w.db, "dave", "Secret#2024x").await.expect("login")
    else {
        panic!("login failed")
    };
    for i in 0..20 {
        login_from(&w.db, "dave", "wrong", &format!("10.4.0.{i}"))
            .await
            .expect("attack");
    }
    assert!(
        resolve_session(&w.db, &token)
            .await
            .expect("resolve")
            .is_some(),
        "the victim's session survives"
    );
}

#[tokio::test]
async fn the_console_unlock_cannot_be_locked_out() {
    let w = world().await;
    add_user(&w.db, "erin", Role::SecAdmin, None, DataScope::NoData).await;
    for _ in 0..10 {
        login_from(&w.db, "erin", "wrong", "10.5.0.1")
            .await
            .expect("attack");
    }
    let r = login_from(&w.db, "erin", "Secret#2024x", "10.5.0.2")
        .await
        .expect("login");
    assert_eq!(kind(&r).0, "throttled");
    let sec = principal(Role::SecAdmin, None, DataScope::NoData);
    let waiting =
        fazhi_core::auth::waiting_accounts(&w.db, &sec, &["erin".into(), "nobody".into()])
            .await
            .expect("waiting");
    assert_eq!(
        waiting.into_iter().collect::<Vec<_>>(),
        ["erin"],
        "shown as waiting"
    );
    fazhi_core::auth::unlock_by_username(&w.db, "erin")
        .await
        .expect("cli unlock");
    let r = login_from(&w.db, "erin", "Secret#2024x", "10.5.0.2")
        .await
        .expect("login");
    assert_eq!(kind(&r).0, "success");
    // A second security administrator unlocks the first as well.
    for _ in 0..10 {
        login_from(&w.db, "erin", "wrong", "10.5.0.3")
            .await
            .expect("attack");
    }
    let mut other = principal(Role::SecAdmin, None, DataScope::NoData);
    other.user_id = add_user(&w.db, "frank", Role::SecAdmin, None, DataScope::NoData).await;
    let erin: (i64,) = sqlx::query_as("SELECT id FROM users WHERE username = 'erin'")
        .fetch_one(w.db.pool())
        .await
        .expect("id");
    fazhi_core::auth::unlock(&w.db, &other, erin.0)
        .await
        .expect("second security administrator unlocks");
    let r = login_from(&w.db, "erin", "Secret#2024x", "10.5.0.4")
        .await
        .expect("login");
    assert_eq!(kind(&r).0, "success");
}

#[tokio::test]
async fn sessions_end_twelve_hours_after_login_however_active() {
    let w = world().await;
    add_user(
        &w.db,
        "gina",
        Role::Officer,
        Some(w.market),
        DataScope::OwnDepartment,
    )
    .await;
    let LoginOutcome::Success { token, .. } =
        login(&w.db, "gina", "Secret#2024x").await.expect("login")
    else {
        panic!("login failed")
    };
    backdate_session_start(&w.db, &token, ABSOLUTE_LIFETIME_MS - 60_000)
        .await
        .expect("backdate");
    assert!(resolve_session(&w.db, &token).await.expect("r").is_some());
    backdate_session_start(&w.db, &token, 120_000)
        .await
        .expect("backdate");
    assert!(
        resolve_session(&w.db, &token).await.expect("r").is_none(),
        "past 12 hours the session ends although active"
    );
}

#[tokio::test]
async fn the_security_administrator_cannot_undo_the_separation() {
    use fazhi_core::auth::change_role;
    let w = world().await;
    let sys = add_user(&w.db, "sys1", Role::SysAdmin, None, DataScope::NoData).await;
    let audit = add_user(&w.db, "aud1", Role::AuditAdmin, None, DataScope::NoData).await;
    let clerk = add_user(
        &w.db,
        "clerk1",
        Role::Officer,
        Some(w.market),
        DataScope::OwnDepartment,
    )
    .await;
    let mut sec = principal(Role::SecAdmin, None, DataScope::NoData);
    sec.user_id = add_user(&w.db, "sec1", Role::SecAdmin, None, DataScope::NoData).await;
    // The system administrator made a district-wide supervisor: refused.
    let e = change_role(&w.db, &sec, sys, Role::Supervisor, DataScope::District)
        .await
        .expect_err("sysadmin to business");
    assert_eq!(e.code(), "security.role_separation");
    // The audit administrator demoted: refused.
    let e = change_role(&w.db, &sec, audit, Role::Officer, DataScope::OwnDepartment)
        .await
        .expect_err("demote audit");
    assert_eq!(e.code(), "security.role_separation");
    // More security administrators made from business accounts: refused.
    let e = change_role(&w.db, &sec, clerk, Role::SecAdmin, DataScope::NoData)
        .await
        .expect_err("make sec admin");
    assert_eq!(e.code(), "security.role_separation");
    let roles: Vec<(String,)> =
        sqlx::query_as("SELECT role FROM users WHERE id IN ($1, $2, $3) ORDER BY id")
            .bind(sys)
            .bind(audit)
            .bind(clerk)
            .fetch_all(w.db.pool())
            .await
            .expect("roles");
    assert_eq!(
        roles.into_iter().map(|r| r.0).collect::<Vec<_>>(),
        ["sys_admin", "audit_admin", "officer"]
    );
}

#[tokio::test]
async fn a_new_administrator_needs_a_second_persons_approval() {
    use fazhi_core::auth::{NewUser, add_user as add, decide_admin_request, list_admin_requests};
    let w = world().await;
    let mut sys = principal(Role::SysAdmin, None, DataScope::NoData);
    sys.user_id = add_user(&w.db, "sys2", Role::SysAdmin, None, DataScope::NoData).await;
    let new_sec = add(
        &w.db,
        &sys,
        &NewUser {
            username: "sec_new".into(),
            display_name: "新安全管理员".into(),
            password: "Secret#2024x".into(),
            role: Role::SecAdmin,
            department_id: None,
            scope: DataScope::NoData,
            officer_id: None,
            region: fazhi_core::BINHAI_REGION.into(),
        },
    )
    .await
    .expect("requested");
    // Not usable before approval.
    let r = login(&w.db, "sec_new", "Secret#2024x")
        .await
        .expect("login");
    assert_eq!(kind(&r).0, "disabled");
    let mut sec = principal(Role::SecAdmin, None, DataScope::NoData);
    sec.user_id = add_user(&w.db, "sec3", Role::SecAdmin, None, DataScope::NoData).await;
    let reqs = list_admin_requests(&w.db, &sec).await.expect("list");
    let req = reqs
        .iter()
        .find(|r| r.user_id == new_sec)
        .expect("pending request");
    assert_eq!(req.status, "pending");
    // The new account cannot approve itself; the system administrator cannot approve at all.
    let mut itself = principal(Role::SecAdmin, None, DataScope::NoData);
    itself.user_id = new_sec;
    let e = decide_admin_request(&w.db, &itself, req.id, true)
        .await
        .expect_err("self approval");
    assert_eq!(e.code(), "security.admin_request");
    let e = decide_admin_request(&w.db, &sys, req.id, true)
        .await
        .expect_err("sysadmin approves");
    assert_eq!(e.code(), "forbidden");
    decide_admin_request(&w.db, &sec, req.id, true)
        .await
        .expect("approved by another security administrator");
    let r = login(&w.db, "sec_new", "Secret#2024x")
        .await
        .expect("login");
    assert_eq!(kind(&r).0, "success");
    let audited: (i64,) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action IN ('user.admin_requested', 'user.admin_approved')",
    )
    .fetch_one(w.db.pool())
    .await
    .expect("audit");
    assert_eq!(audited.0, 2);
    let e = decide_admin_request(&w.db, &sec, req.id, false)
        .await
        .expect_err("decided once");
    assert_eq!(e.code(), "security.admin_request");
}

#[tokio::test]
async fn idle_sessions_end_after_thirty_minutes() {
    let w = world().await;
    add_user(
        &w.db,
        "bob",
        Role::Supervisor,
        Some(w.market),
        DataScope::District,
    )
    .await;
    let LoginOutcome::Success { token, .. } =
        login(&w.db, "bob", "Secret#2024x").await.expect("login")
    else {
        panic!("login failed")
    };
    assert!(
        resolve_session(&w.db, &token)
            .await
            .expect("resolve")
            .is_some()
    );
    backdate_session(&w.db, &token, IDLE_TIMEOUT_MS - 60_000)
        .await
        .expect("backdate");
    assert!(
        resolve_session(&w.db, &token)
            .await
            .expect("resolve")
            .is_some(),
        "29 minutes idle is still alive"
    );
    // That request counted as activity: the idle clock restarted.
    backdate_session(&w.db, &token, IDLE_TIMEOUT_MS + 60_000)
        .await
        .expect("backdate");
    assert!(
        resolve_session(&w.db, &token)
            .await
            .expect("resolve")
            .is_none(),
        "31 minutes idle must end the session"
    );
    assert!(
        resolve_session(&w.db, "not-a-token")
            .await
            .expect("resolve")
            .is_none()
    );
}

#[tokio::test]
async fn scopes_cover_the_right_departments() {
    let w = world().await;
    let own = principal(Role::Officer, Some(w.market), DataScope::OwnDepartment);
    let tree = principal(Role::DeptAdmin, Some(w.market), DataScope::DepartmentTree);
    let district = principal(Role::Supervisor, Some(w.safety), DataScope::District);
    let none = principal(Role::SysAdmin, None, DataScope::NoData);
    for (p, expect) in [
        (&own, [true, false, false]),
        (&tree, [true, true, false]),
        (&district, [true, true, true]),
        (&none, [false, false, false]),
    ] {
        for (dept, e) in [w.market, w.market_unit, w.safety].into_iter().zip(expect) {
            assert_eq!(
                p.covers_department(&w.db, dept).await.expect("scope"),
                e,
                "{:?} dept {dept}",
                p.scope
            );
        }
    }
}

#[tokio::test]
async fn triad_cannot_hold_business_scope() {
    let w = world().await;
    let mut tx = fazhi_core::audit::AuditedTx::begin(&w.db, fazhi_core::audit::Actor::system("t"))
        .await
        .expect("tx");
    let e = fazhi_core::auth::create_user(
        &mut tx,
        &fazhi_core::auth::NewUser {
            username: "admin2".into(),
            display_name: "x".into(),
            password: "Secret#2024x".into(),
            role: Role::SysAdmin,
            department_id: None,
            scope: DataScope::District,
            officer_id: None,
            region: fazhi_core::BINHAI_REGION.into(),
        },
    )
    .await
    .expect_err("must refuse");
    assert_eq!(e.code(), "user.scope");
}

/// Account writes check the acting principal in core, whatever calls them (三员分立).
#[tokio::test]
async fn account_writes_check_the_principal_in_core() {
    use fazhi_core::auth::{NewUser, add_user as add, change_role, unlock};
    let w = world().await;
    let target = add_user(
        &w.db,
        "clerk",
        Role::Officer,
        Some(w.market),
        DataScope::OwnDepartment,
    )
    .await;
    let new = |name: &str| NewUser {
        username: name.into(),
        display_name: name.into(),
        password: "Secret#2024x".into(),
        role: Role::Officer,
        department_id: Some(w.market),
        scope: DataScope::OwnDepartment,
        officer_id: None,
        region: fazhi_core::BINHAI_REGION.into(),
    };
    // Only the system administrator creates accounts.
    for role in [
        Role::SecAdmin,
        Role::AuditAdmin,
        Role::DeptAdmin,
        Role::Supervisor,
    ] {
        let p = principal(role, Some(w.market), DataScope::District);
        let e = add(&w.db, &p, &new("x1")).await.expect_err("refused");
        assert_eq!(e.code(), "forbidden", "{role:?} creates an account");
    }
    let sys = principal(Role::SysAdmin, None, DataScope::NoData);
    add(&w.db, &sys, &new("x2"))
        .await
        .expect("sysadmin creates");
    // Only the security administrator changes roles and unlocks, never their own account.
    let e = change_role(&w.db, &sys, target, Role::Supervisor, DataScope::District)
        .await
        .expect_err("sysadmin may not grant roles");
    assert_eq!(e.code(), "forbidden");
    let e = unlock(&w.db, &sys, target)
        .await
        .expect_err("sysadmin may not unlock");
    assert_eq!(e.code(), "forbidden");
    let mut sec = principal(Role::SecAdmin, None, DataScope::NoData);
    sec.user_id = add_user(&w.db, "sec2", Role::SecAdmin, None, DataScope::NoData).await;
    let e = change_role(&w.db, &sec, sec.user_id, Role::SysAdmin, DataScope::NoData)
        .await
        .expect_err("own role");
    assert_eq!(e.code(), "forbidden");
    change_role(
        &w.db,
        &sec,
        target,
        Role::DeptAdmin,
        DataScope::DepartmentTree,
    )
    .await
    .expect("security admin changes another account");
    unlock(&w.db, &sec, target)
        .await
        .expect("security admin unlocks");
}
