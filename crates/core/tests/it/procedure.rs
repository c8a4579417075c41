//! Procedure parameters per body (行政处罚程序参数) on the real storage: precedence of the
//! nearest body over the district over the default, effective dates, who may enter them, and
//! bad input refused with nothing written.

use chrono::NaiveDate;
use fazhi_core::BINHAI_REGION;
use fazhi_core::auth::{DataScope, Role};
use fazhi_core::money::Money;
use fazhi_core::procedure::{NewParam, ParamKey, params_for, set_param};

use crate::support::{principal, world};

fn d(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

fn new(dept: Option<i64>, key: ParamKey, value: i64, from: &str, source: &str) -> NewParam {
    NewParam {
        department_id: dept,
        key,
        value,
        effective_from: d(from),
        source: source.into(),
    }
}

/// 第六十三条 "较大数额" is set by provincial or ministerial rules: a body's own entry wins over
/// the district's, which wins over the platform default; a unit below the body inherits it; a
/// later entry applies only from its date, so past days keep the figure of their day.
#[tokio::test]
async fn nearest_body_and_date_decide_art63() {
    let w = world().await;
    let bureau = principal(Role::Supervisor, None, DataScope::District);
    let k = ParamKey::HearingCitizenYuan;
    let p = params_for(&w.db, BINHAI_REGION, w.safety, d("2026-01-01"))
        .await
        .expect("params");
    assert!(!p.params[&k].verified, "a default is 未核实");
    set_param(
        &w.db,
        &bureau,
        &new(None, k, 8000, "2025-01-01", "天津市规定 第五条"),
    )
    .await
    .expect("district");
    set_param(
        &w.db,
        &bureau,
        &new(
            Some(w.market),
            k,
            10_000,
            "2025-01-01",
            "市场监督管理行政处罚听证办法 第五条",
        ),
    )
    .await
    .expect("market");
    set_param(
        &w.db,
        &bureau,
        &new(Some(w.market), k, 20_000, "2026-07-01", "新规 第五条"),
    )
    .await
    .expect("market later");
    let on = |dept, day: &'static str| {
        let db = w.db.clone();
        async move {
            params_for(&db, BINHAI_REGION, dept, d(day))
                .await
                .expect("params")
        }
    };
    // The district figure for a body without its own.
    let safety = on(w.safety, "2026-01-01").await;
    assert_eq!(safety.value(k), 8000);
    assert!(safety.params[&k].verified);
    assert_eq!(
        safety.large_amounts().fine_citizen,
        Money::from_fen(800_000)
    );
    // The body's own, and its unit inherits it.
    assert_eq!(on(w.market, "2026-01-01").await.value(k), 10_000);
    assert_eq!(on(w.market_unit, "2026-01-01").await.value(k), 10_000);
    // The later rule from its date only.
    assert_eq!(on(w.market_unit, "2026-07-01").await.value(k), 20_000);
    assert_eq!(on(w.market, "2026-06-30").await.value(k), 10_000);
    // Before any entry: the default again.
    assert!(!on(w.market, "2024-12-31").await.params[&k].verified);
}

/// Only the district Justice Bureau enters figures; a figure needs its source; bad values are
/// refused in both languages; nothing is written on a refusal.
#[tokio::test]
async fn only_the_bureau_enters_and_bad_input_writes_nothing() {
    let w = world().await;
    let k = ParamKey::FilingWorkingDays;
    let head = principal(Role::DeptAdmin, Some(w.market), DataScope::DepartmentTree);
    let e = set_param(&w.db, &head, &new(None, k, 7, "2025-01-01", "规定"))
        .await
        .expect_err("a head may not");
    assert!(matches!(e, fazhi_core::Error::Forbidden { .. }));
    let bureau_unit = principal(Role::Supervisor, Some(w.market), DataScope::OwnDepartment);
    assert!(
        set_param(&w.db, &bureau_unit, &new(None, k, 7, "2025-01-01", "规定"))
            .await
            .is_err()
    );
    let bureau = principal(Role::Supervisor, None, DataScope::District);
    let e = set_param(&w.db, &bureau, &new(None, k, 7, "2025-01-01", "  "))
        .await
        .expect_err("no source");
    assert_eq!(e.code(), "procedure.source");
    assert!(!e.message_en().is_empty() && !e.message_zh().is_empty());
    let e = set_param(
        &w.db,
        &bureau,
        &new(Some(999_999), k, 7, "2025-01-01", "规定"),
    )
    .await
    .expect_err("unknown body");
    assert!(matches!(e, fazhi_core::Error::NotFound { .. }));
    let p = params_for(&w.db, BINHAI_REGION, w.market, d("2026-01-01"))
        .await
        .expect("params");
    assert_eq!(p.days(k), 15);
    assert!(!p.params[&k].verified);
}
