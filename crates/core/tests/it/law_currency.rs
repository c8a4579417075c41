//! The law in force on the day that matters (行政处罚法 第三十七条), on the real storage: a lead
//! is judged on its act date; the power list, the leniency lists and open cases are judged on
//! today, with proposals and flags opened once a day by the currency run.

use chrono::NaiveDate;
use fazhi_core::BINHAI_REGION;
use fazhi_core::audit::{Actor, AuditedTx};
use fazhi_core::auth::{DataScope, Principal, Role};
use fazhi_core::calendar::{load_calendar, seed_calendar};
use fazhi_core::cases::rules::PartyKind;
use fazhi_core::cases::{Circumstances, NewLead, Procedure, Source, create_lead};
use fazhi_core::law::currency::{case_basis, flags_of, run, stale_items};

use crate::support::{World, corpus, principal, world};

const AIR: &str = "CF00900001";
const AIR_VIOLATION: &str = "超过大气污染物排放标准排放大气污染物";
const FOOD: &str = "CF00100001";
const FOOD_VIOLATION: &str = "生产经营不符合食品安全标准的食品";

fn d(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

fn item(w: &World, code: &str, violation: &str, penalised: &str, violated: &str) -> String {
    serde_json::json!({
        "code": code, "name": format!("对{violation}的处罚"), "category": "CF",
        "department_id": w.market, "department": "区市场监管局",
        "basis": [penalised], "basis_citation": "",
        "violations": [{"name": violation, "violated": [violated], "penalised": penalised}]
    })
    .to_string()
}

async fn setup() -> World {
    let w = world().await;
    seed_calendar(&w.db).await.expect("calendar");
    let mut tx = AuditedTx::begin(&w.db, Actor::system("test"))
        .await
        .expect("tx");
    for (code, body) in [
        (
            AIR,
            item(
                &w,
                AIR,
                AIR_VIOLATION,
                "大气污染防治法/art_99",
                "大气污染防治法/art_18",
            ),
        ),
        (
            FOOD,
            item(
                &w,
                FOOD,
                FOOD_VIOLATION,
                "食品安全法/art_124__para_1",
                "食品安全法/art_34",
            ),
        ),
    ] {
        sqlx::query(
            "INSERT INTO power_items (region_code, code, name, category, department_id, status, body, created_at, updated_at) \
             VALUES ($1, $2, '事项', 'CF', $3, 'active', $4, 0, 0)",
        )
        .bind(BINHAI_REGION)
        .bind(code)
        .bind(w.market)
        .bind(body)
        .execute(tx.conn())
        .await
        .expect("item");
    }
    tx.commit().await.expect("commit");
    w
}

fn officer(w: &World) -> Principal {
    principal(Role::Officer, Some(w.market), DataScope::OwnDepartment)
}

fn lead(w: &World, power: &str, violation: &str, act_on: &str, lead_on: &str) -> NewLead {
    NewLead {
        department_id: w.market,
        procedure: Procedure::General,
        source: Source::Inspection,
        source_ref: String::new(),
        inspection_id: None,
        power_code: power.into(),
        violation: violation.into(),
        party_kind: PartyKind::Organisation,
        party_name: "天津滨海示例化工有限公司".into(),
        party_code: "91120116MA05K0R11N".into(),
        party_address: "天津市滨海新区示例路1号".into(),
        party_representative: "李四".into(),
        facts: "检查发现超标排放。".into(),
        lead_on: d(lead_on),
        circumstances: Circumstances {
            act_ended_on: Some(d(act_on)),
            ..Circumstances::default()
        },
    }
}

async fn count(w: &World, sql: &'static str) -> i64 {
    use sqlx::Row;
    sqlx::query(sql)
        .fetch_one(w.db.pool())
        .await
        .expect("count")
        .try_get(0)
        .expect("int")
}

/// 第三十七条: an act after 大气污染防治法 was repealed (2026-08-15, 生态环境法典) cannot rest on
/// it — refused with the article and the date, nothing written; an act in 2025 still can.
#[tokio::test]
async fn lead_is_judged_on_the_act_date_art37() {
    let w = setup().await;
    let cal = load_calendar(&w.db).await.expect("calendar");
    let before = count(&w, "SELECT CAST(COUNT(*) AS BIGINT) FROM cases").await;
    let e = create_lead(
        &w.db,
        &officer(&w),
        &cal,
        corpus(),
        &lead(&w, AIR, AIR_VIOLATION, "2026-09-01", "2026-10-01"),
    )
    .await
    .expect_err("repealed on the act date");
    assert_eq!(e.code(), "cases.basis_not_in_force");
    let zh = e.message_zh();
    assert!(
        zh.contains("2026-09-01") && zh.contains("2026-08-15"),
        "{zh}"
    );
    assert!(
        zh.contains("大气污染防治法") && zh.contains("第三十七条"),
        "{zh}"
    );
    assert!(e.message_en().contains("repealed"));
    assert_eq!(
        count(&w, "SELECT CAST(COUNT(*) AS BIGINT) FROM cases").await,
        before
    );
    let id = create_lead(
        &w.db,
        &officer(&w),
        &cal,
        corpus(),
        &lead(&w, AIR, AIR_VIOLATION, "2025-06-01", "2025-07-01"),
    )
    .await
    .expect("an act in 2025 is judged under the law of 2025");
    assert!(id > 0);
}

/// 第三十七条 从旧兼从轻: where the law changed between the act and today, both texts are shown;
/// a repealed law's lapse since the act is reported, not refused.
#[test]
fn case_basis_compares_old_and_new_texts_art37() {
    let food = vec!["食品安全法/art_124__para_1".to_string()];
    let b = case_basis(corpus(), &food, d("2025-06-01"), d("2026-12-03")).expect("in force");
    assert_eq!(b.compare.len(), 1);
    assert_eq!(b.compare[0].then_version, "食品安全法@2021-04-29");
    let air = vec!["大气污染防治法/art_99".to_string()];
    let b = case_basis(corpus(), &air, d("2025-06-01"), d("2026-12-03")).expect("in force");
    assert_eq!(b.lapsed_since.len(), 1);
    assert!(b.compare.is_empty());
    // A displaced regulation (危险化学品安全法 applies from 2026-05-01) warns, not refuses.
    let chem = vec!["危险化学品安全管理条例/art_80".to_string()];
    let b = case_basis(corpus(), &chem, d("2026-06-01"), d("2026-12-03")).expect("warning");
    assert_eq!(b.warnings.len(), 1);
}

/// The power list speaks for today: an item citing a repealed law is stale from the day of the
/// repeal, not before; the run opens one proposal per stale item and flags the leniency entries
/// and open cases citing it, once per day.
#[tokio::test]
async fn stale_items_get_proposals_and_flags_once_a_day() {
    let w = setup().await;
    let cal = load_calendar(&w.db).await.expect("calendar");
    let case = create_lead(
        &w.db,
        &officer(&w),
        &cal,
        corpus(),
        &lead(&w, AIR, AIR_VIOLATION, "2025-06-01", "2025-07-01"),
    )
    .await
    .expect("lead");
    assert!(
        stale_items(&w.db, corpus(), BINHAI_REGION, d("2024-06-30"), 0)
            .await
            .expect("stale")
            .is_empty()
    );
    let stale = stale_items(&w.db, corpus(), BINHAI_REGION, d("2026-12-03"), 0)
        .await
        .expect("stale");
    assert_eq!(stale.len(), 1);
    assert_eq!(stale[0].code, AIR);
    assert_eq!(stale[0].since, "2026-08-15");
    assert!(
        stale[0].reason.contains("生态环境法典"),
        "{}",
        stale[0].reason
    );
    assert_eq!(stale[0].proposal_id, None);
    // 30 days ahead of the repeal, the item is already due for revision.
    assert_eq!(
        stale_items(&w.db, corpus(), BINHAI_REGION, d("2026-07-20"), 30)
            .await
            .expect("stale")
            .len(),
        1
    );

    let r = run(&w.db, corpus(), BINHAI_REGION, d("2026-12-03"))
        .await
        .expect("run");
    assert!(r.ran);
    assert_eq!((r.items, r.proposals_opened), (1, 1));
    let proposals = count(
        &w,
        "SELECT CAST(COUNT(*) AS BIGINT) FROM power_proposals WHERE origin = 'auto' AND status = 'draft'",
    )
    .await;
    assert_eq!(proposals, 1);
    let stale = stale_items(&w.db, corpus(), BINHAI_REGION, d("2026-12-03"), 0)
        .await
        .expect("stale");
    assert!(stale[0].proposal_id.is_some());
    // The leniency entries on the repealed environmental laws are flagged, counted from the
    // compiled lists themselves.
    let expected: std::collections::BTreeSet<String> = fazhi_core::leniency::entries()
        .iter()
        .filter(|e| {
            e.penalised.iter().chain(&e.provisions).any(|c| {
                c.parse::<fazhi_law::ProvisionCode>()
                    .ok()
                    .and_then(|pc| corpus().currency(&pc, fazhi_law::Date::new(2026, 12, 3)?))
                    .is_some()
            })
        })
        .map(|e| e.id.clone())
        .collect();
    assert!(!expected.is_empty());
    let flagged = count(
        &w,
        "SELECT CAST(COUNT(DISTINCT object_id) AS BIGINT) FROM law_currency_flags WHERE object_type = 'leniency_entry'",
    )
    .await;
    assert_eq!(flagged, expected.len() as i64);
    let case_flags = flags_of(&w.db, BINHAI_REGION, "case", &case.to_string())
        .await
        .expect("flags");
    assert!(!case_flags.is_empty());
    assert!(case_flags.iter().all(|f| f.since == "2026-08-15"));

    // The same day again: nothing more.
    let again = run(&w.db, corpus(), BINHAI_REGION, d("2026-12-03"))
        .await
        .expect("run");
    assert!(!again.ran);
    // The next day: the run goes, but no second proposal on the same item.
    let next = run(&w.db, corpus(), BINHAI_REGION, d("2026-12-04"))
        .await
        .expect("run");
    assert!(next.ran);
    assert_eq!(next.proposals_opened, 0);
    assert_eq!(next.flags_opened, 0);
}
