//! Double-random inspections on the real storage (SQLite, and PostgreSQL with FAZHI_TEST_PG):
//! a joint task from plan to published export, role and scope, figures by query, and the
//! independent Python verifier against a stored export.

use chrono::NaiveDate;
use fazhi_core::BINHAI_REGION;
use fazhi_core::audit::{Actor, AuditedTx};
use fazhi_core::auth::{DataScope, Role};
use fazhi_core::org::{NewCard, NewOfficer, insert_officer};
use fazhi_core::sampling::{
    NewPlan, NewSubject, NewTask, NewTaskDept, QuotaRule, RiskGrade, TaskStatus, commit_task,
    create_plan, create_task, draw_task, export_draw, get_task, insert_subjects, public_task,
    register_conflict, stats, verify_export,
};

use crate::support::{idn, principal, world};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

async fn setup() -> (crate::support::World, Vec<i64>) {
    let w = world().await;
    let mut tx = AuditedTx::begin(&w.db, Actor::system("test"))
        .await
        .expect("tx");
    let mut officers = Vec::new();
    for (i, dept) in [
        w.market,
        w.market,
        w.market_unit,
        w.market,
        w.safety,
        w.safety,
        w.safety,
    ]
    .into_iter()
    .enumerate()
    {
        let id = insert_officer(
            &mut tx,
            BINHAI_REGION,
            &NewOfficer {
                department_id: dept,
                name: format!("检查员{i}"),
                id_number: idn(100 + i as u16),
                posts: vec![],
                card: Some(NewCard {
                    card_no: format!("T{i:04}"),
                    domains: vec!["食品安全".into()],
                    issued_on: day(2023, 1, 1),
                    valid_until: if i == 3 {
                        day(2024, 5, 1)
                    } else {
                        day(2028, 12, 31)
                    },
                }),
            },
        )
        .await
        .expect("officer");
        officers.push(id);
    }
    for (code, dept) in [("JC00100001", w.market), ("JC00200001", w.safety)] {
        sqlx::query(
            "INSERT INTO power_items (region_code, code, name, category, department_id, status, body, created_at, updated_at) \
             VALUES ($1, $2, '对执行情况的行政检查', 'JC', $3, 'active', '{}', 0, 0)",
        )
        .bind(BINHAI_REGION)
        .bind(code)
        .bind(dept)
        .execute(tx.conn())
        .await
        .expect("item");
    }
    let subjects: Vec<NewSubject> = (0..60u64)
        .map(|i| NewSubject {
            code: fazhi_core::ids::UnifiedSocialCreditCode::generate(
                '9',
                '1',
                BINHAI_REGION,
                500 + i,
            )
            .expect("code")
            .as_str()
            .to_string(),
            name: format!("天津测试{i}有限公司"),
            address: String::new(),
            subdistrict: "塘沽街道".into(),
            industry: "餐饮".into(),
            domains: vec!["餐饮服务".into()],
            risk: RiskGrade::ALL[(i % 4) as usize],
            credit: "A".into(),
        })
        .collect();
    insert_subjects(&mut tx, BINHAI_REGION, &subjects)
        .await
        .expect("subjects");
    tx.commit().await.expect("commit");
    (w, officers)
}

fn task(plan_id: i64, market: i64, safety: i64) -> NewTask {
    NewTask {
        plan_id,
        title: "餐饮服务联合抽查".into(),
        domain: "餐饮服务".into(),
        subdistricts: vec![],
        industries: vec![],
        rules: vec![
            (RiskGrade::A, QuotaRule::Ratio(10)),
            (RiskGrade::B, QuotaRule::Ratio(10)),
            (RiskGrade::C, QuotaRule::Ratio(20)),
            (RiskGrade::D, QuotaRule::Count(4)),
        ],
        window_start: day(2024, 6, 1),
        window_end: day(2024, 7, 31),
        departments: vec![
            NewTaskDept {
                department_id: market,
                card_domain: "食品安全".into(),
                team_size: 2,
                matters: vec!["JC00100001".into()],
            },
            NewTaskDept {
                department_id: safety,
                card_domain: "食品安全".into(),
                team_size: 1,
                matters: vec!["JC00200001".into()],
            },
        ],
    }
}

#[tokio::test]
async fn joint_draw_end_to_end_with_scope_and_figures() {
    let (w, officers) = setup().await;
    let admin = principal(Role::DeptAdmin, Some(w.market), DataScope::DepartmentTree);
    let other = principal(Role::DeptAdmin, Some(w.safety), DataScope::DepartmentTree);
    let plan = create_plan(
        &w.db,
        &admin,
        &NewPlan {
            department_id: w.market,
            year: 2024,
            title: "2024年度抽查计划".into(),
            note: String::new(),
        },
    )
    .await
    .expect("plan");
    // A department plans only for itself.
    assert!(
        create_plan(
            &w.db,
            &other,
            &NewPlan {
                department_id: w.market,
                year: 2024,
                title: "x".into(),
                note: String::new()
            }
        )
        .await
        .is_err()
    );
    // Matters must be published inspection items of the department; bad input writes nothing.
    let mut bad = task(plan, w.market, w.safety);
    bad.departments[1].matters = vec!["JC00100001".into()];
    assert!(create_task(&w.db, &admin, &bad).await.is_err());
    let mut lower = task(plan, w.market, w.safety);
    lower.rules[1].1 = QuotaRule::Ratio(5);
    assert!(
        create_task(&w.db, &admin, &lower).await.is_err(),
        "higher risk may not draw less"
    );
    let id = create_task(&w.db, &admin, &task(plan, w.market, w.safety))
        .await
        .expect("task");
    // The public sees nothing of a draft.
    assert!(public_task(&w.db, BINHAI_REGION, id).await.is_err());
    // Avoidance registered before the draw: officer 0 may never inspect the first subject.
    let first = fazhi_core::ids::UnifiedSocialCreditCode::generate('9', '1', BINHAI_REGION, 500)
        .expect("code");
    register_conflict(&w.db, &admin, officers[0], first.as_str(), "亲属任职")
        .await
        .expect("conflict");
    // Only the lead manages the task.
    assert!(commit_task(&w.db, &other, id).await.is_err());
    commit_task(&w.db, &admin, id).await.expect("commit");
    let committed = public_task(&w.db, BINHAI_REGION, id).await.expect("public");
    assert_eq!(committed.task.status, TaskStatus::Committed);
    assert!(
        committed.seed.is_none(),
        "the seed stays secret until the draw"
    );
    let export = draw_task(&w.db, &admin, id).await.expect("draw");
    let quotas: Vec<usize> = export.strata.iter().map(|s| s.quota).collect();
    assert_eq!(quotas, vec![2, 2, 3, 4]);
    for s in &export.strata {
        assert_eq!(export.selected[&s.key].len(), s.quota);
    }
    for t in &export.teams {
        assert_eq!(t.officers.len(), 3);
        // officers[3]'s card lapses before the window; officers[0] is conflicted for `first`.
        assert!(!t.officers.contains(&officers[3]));
        if t.code == first.as_str() {
            assert!(!t.officers.contains(&officers[0]));
        }
    }
    let stored = export_draw(&w.db, BINHAI_REGION, id).await.expect("export");
    assert_eq!(stored, export);
    assert!(verify_export(&stored).ok);
    let detail = get_task(&w.db, &other, id)
        .await
        .expect("participant sees the task");
    assert_eq!(detail.visits_saved, 11);
    let s = stats(&w.db, BINHAI_REGION, 2024).await.expect("stats");
    assert_eq!((s.domains, s.subjects_drawn, s.visits_saved), (1, 11, 11));
    // Figures are queries: removing a record changes them.
    sqlx::query(
        "DELETE FROM sampling_inspections WHERE id = (SELECT MIN(id) FROM sampling_inspections)",
    )
    .execute(w.db.pool())
    .await
    .expect("delete");
    let s = stats(&w.db, BINHAI_REGION, 2024).await.expect("stats");
    assert_eq!((s.subjects_drawn, s.visits_saved), (10, 10));
    // The independent verifier (docs/sampling.md) reproduces the stored draw.
    let has_python = std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_ok();
    // CI sets FAZHI_REQUIRE_PYTHON: there the independent verifier must run.
    assert!(
        has_python || std::env::var("FAZHI_REQUIRE_PYTHON").is_err(),
        "FAZHI_REQUIRE_PYTHON set but python3 missing"
    );
    if has_python {
        let path = std::env::temp_dir().join(format!("fz_draw_{id}_{}.json", std::process::id()));
        std::fs::write(&path, serde_json::to_string(&stored).expect("json")).expect("write");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tools/verify_draw.py");
        let out = std::process::Command::new("python3")
            .arg(script)
            .arg(&path)
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        let mut tampered = stored.clone();
        tampered.teams[0].officers.swap(0, 1);
        std::fs::write(&path, serde_json::to_string(&tampered).expect("json")).expect("write");
        let out = std::process::Command::new("python3")
            .arg(script)
            .arg(&path)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(1));
        let _ = std::fs::remove_file(&path);
    }
}
