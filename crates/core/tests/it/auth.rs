//! Login, lockout, idle timeout and data scope.

use fazhi_core::auth::{
    DataScope, IDLE_TIMEOUT_MS, LOCK_AFTER_FAILURES, LoginOutcome, Role, backdate_session, login,
    resolve_session,
};

use crate::support::{add_user, principal, world};

#[tokio::test]
async fn five_failures_lock_for_fifteen_minutes() {
    let w = world().await;
    add_user(
        &w.db,
        "alice",
        Role::Officer,
        Some(w.market),
        DataScope::OwnDepartment,
    )
    .await;
    for i in 1..LOCK_AFTER_FAILURES {
        let r = login(&w.db, "alice", "wrong").await.expect("login");
        assert!(
            matches!(r, LoginOutcome::BadCredentials),
            "attempt {i}: {r:?}"
        );
    }
    let r = login(&w.db, "alice", "wrong").await.expect("login");
    let LoginOutcome::Locked { until } = r else {
        panic!("fifth failure must lock: {r:?}")
    };
    let minutes = (until - fazhi_core::time::now_ms()) / 60_000;
    assert!((14..=15).contains(&minutes), "{minutes} minutes");
    // While locked, even the right password is refused.
    let r = login(&w.db, "alice", "Secret#2024x").await.expect("login");
    assert!(matches!(r, LoginOutcome::Locked { .. }), "{r:?}");
    // When the lock has run out, the right password works again.
    sqlx::query("UPDATE users SET locked_until = $1 WHERE username = 'alice'")
        .bind(fazhi_core::time::now_ms() - 1)
        .execute(w.db.pool())
        .await
        .expect("expire");
    let r = login(&w.db, "alice", "Secret#2024x").await.expect("login");
    assert!(matches!(r, LoginOutcome::Success { .. }), "{r:?}");
}

#[tokio::test]
async fn unknown_user_is_indistinguishable_from_wrong_password() {
    let w = world().await;
    let r = login(&w.db, "nobody", "whatever").await.expect("login");
    assert!(matches!(r, LoginOutcome::BadCredentials));
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
