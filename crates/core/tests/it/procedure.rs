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

/// The lead's filing deadline follows the body's filing period (市场监督管理行政处罚程序规定
/// 第十八条 by default, fifteen working days; here a body's own seven), and the case-file
/// checker's in-memory set resolves the same figures as the database query.
#[tokio::test]
async fn the_lead_gets_the_bodys_filing_period_art54() {
    use fazhi_core::calendar::{load_calendar, seed_calendar};
    use fazhi_core::cases::rules::PartyKind;
    use fazhi_core::cases::{Circumstances, NewLead, Procedure, Source, create_lead, queries};
    let w = world().await;
    seed_calendar(&w.db).await.expect("calendar");
    let cal = load_calendar(&w.db).await.expect("calendar");
    let bureau = principal(Role::Supervisor, None, DataScope::District);
    set_param(
        &w.db,
        &bureau,
        &new(
            Some(w.market),
            ParamKey::FilingWorkingDays,
            7,
            "2024-01-01",
            "某规定 第十条",
        ),
    )
    .await
    .expect("set");
    let body = serde_json::json!({
        "code": "CF00100001", "name": "处罚", "category": "CF",
        "department_id": w.market, "department": "区市场监管局",
        "basis": ["食品安全法/art_124__para_1"], "basis_citation": "",
        "violations": [{"name": "生产经营不符合食品安全标准的食品", "violated": [], "penalised": "食品安全法/art_124__para_1"}]
    });
    sqlx::query(
        "INSERT INTO power_items (region_code, code, name, category, department_id, status, body, created_at, updated_at) \
         VALUES ($1, 'CF00100001', '事项', 'CF', $2, 'active', $3, 0, 0)",
    )
    .bind(BINHAI_REGION)
    .bind(w.market)
    .bind(body.to_string())
    .execute(w.db.pool())
    .await
    .expect("item");
    let officer = principal(Role::Officer, Some(w.market_unit), DataScope::OwnDepartment);
    let lead = NewLead {
        department_id: w.market_unit,
        procedure: Procedure::General,
        source: Source::Inspection,
        source_ref: String::new(),
        inspection_id: None,
        power_code: "CF00100001".into(),
        violation: "生产经营不符合食品安全标准的食品".into(),
        party_kind: PartyKind::Organisation,
        party_name: "天津滨海示例食品有限公司".into(),
        party_code: "91120116MA05K0R11N".into(),
        party_address: "天津市滨海新区示例路1号".into(),
        party_representative: "李四".into(),
        facts: "检查发现。".into(),
        lead_on: d("2024-09-27"),
        circumstances: Circumstances::default(),
    };
    let id = create_lead(&w.db, &officer, &cal, crate::support::corpus(), &lead)
        .await
        .expect("lead");
    let head = principal(Role::DeptAdmin, Some(w.market), DataScope::DepartmentTree);
    let c = queries::get_case(&w.db, &head, id)
        .await
        .expect("case")
        .case;
    // Friday 09-27 + 7 working days over 国庆: 09-29 (a working Sunday), 09-30, 10-08 to
    // 10-11, and 10-12 (a working Saturday).
    assert_eq!(c.filing_due, Some(d("2024-10-12")));
    let set = fazhi_core::procedure::ParamSet::load(&w.db)
        .await
        .expect("set");
    for dept in [w.market, w.market_unit, w.safety] {
        for day in ["2023-12-31", "2024-06-01"] {
            let a = set.for_dept(dept, d(day));
            let b = params_for(&w.db, BINHAI_REGION, dept, d(day))
                .await
                .expect("params");
            for k in ParamKey::ALL {
                assert_eq!(a.value(*k), b.value(*k), "{dept} {day} {k:?}");
            }
        }
    }
}
