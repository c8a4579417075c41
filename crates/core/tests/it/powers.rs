//! The power list: legal basis by code, discretion tiers inside the legal range (行政处罚法
//! 第三十四条), proposals and review, versions reproduced and compared, impact of amendments
//! and repeals, Excel round trip, data scope, year figures — on SQLite and PostgreSQL.

use chrono::{Datelike, NaiveDate};
use fazhi_core::BINHAI_REGION;
use fazhi_core::auth::{DataScope, Principal, Role};
use fazhi_core::db::Db;
use fazhi_core::excel::{read_first_sheet, write_table};
use fazhi_core::powers::{
    Category, DiscretionStandard, EXPORT_COLUMNS, Fine, ItemQuery, ItemStatus, NewProposal,
    PowerItem, ProposalKind, ProposalQuery, ProposalStatus, ReasonKind, Tier, Violation,
    create_proposal, diff_versions, export_xlsx, get_public_item, import_xlsx, list_items,
    list_proposals, list_public_items, open_proposals_for_diff, open_proposals_for_repeal,
    publish_version, reproduce_version, review_proposal, submit_proposal, year_stats,
};

use crate::support::{World, corpus, principal, world};

fn item(code: &str, dept: i64, basis: &str) -> PowerItem {
    PowerItem {
        code: code.into(),
        name: format!("事项{code}"),
        category: Category::Penalty,
        sub_items: vec![],
        department_id: dept,
        department: String::new(),
        basis: vec![],
        basis_citation: basis.into(),
        duties: "1.立案责任；2.调查责任".into(),
        accountability: "未依法履行职责的".into(),
        remarks: String::new(),
        violations: vec![],
    }
}

fn add(body: PowerItem) -> NewProposal {
    NewProposal {
        kind: ProposalKind::Add,
        item_id: None,
        body: Some(body),
        reason_kind: ReasonKind::NewLaw,
        reason: "新法施行".into(),
        evidence: String::new(),
    }
}

struct Actors {
    market: Principal,
    safety: Principal,
    justice: Principal,
}

fn actors(w: &World) -> Actors {
    Actors {
        market: principal(Role::DeptAdmin, Some(w.market), DataScope::DepartmentTree),
        safety: principal(Role::DeptAdmin, Some(w.safety), DataScope::DepartmentTree),
        justice: principal(Role::Supervisor, None, DataScope::District),
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// Proposes, submits, approves and publishes the proposals; returns the version number.
async fn pass(db: &Db, a: &Actors, who: &Principal, ps: Vec<NewProposal>, on: NaiveDate) -> i64 {
    for p in ps {
        let id = create_proposal(db, corpus(), who, &p)
            .await
            .expect("propose");
        submit_proposal(db, who, id).await.expect("submit");
        review_proposal(db, &a.justice, id, true, "同意")
            .await
            .expect("approve");
    }
    publish_version(db, &a.justice, on, "")
        .await
        .expect("publish")
        .number
}

async fn proposals(db: &Db) -> i64 {
    let r: (i64,) = sqlx::query_as("SELECT CAST(COUNT(*) AS BIGINT) FROM power_proposals")
        .fetch_one(db.pool())
        .await
        .expect("count");
    r.0
}

fn tier(name: &str, fine: Fine) -> Tier {
    Tier {
        name: name.into(),
        conditions: "情节".into(),
        fine: Some(fine),
        measures: String::new(),
    }
}

#[tokio::test]
async fn out_of_range_discretion_tier_is_refused() {
    let w = world().await;
    let a = actors(&w);
    // 食品安全法 第一百二十二条第一款: 五万元以上十万元以下, or 货值金额十倍以上二十倍以下.
    let mut body = item(
        "CF0010001",
        w.market,
        "《中华人民共和国食品安全法》第一百二十二条",
    );
    let violation = |t: Tier| Violation {
        name: "未取得许可从事食品生产经营".into(),
        violated: vec!["《中华人民共和国食品安全法》第三十五条".into()],
        penalised: "食品安全法/art_122__para_1".into(),
        legal: Default::default(),
        discretion: DiscretionStandard {
            tiers: vec![t],
            in_force_from: None,
            in_force_until: None,
        },
    };
    body.violations = vec![violation(tier(
        "较重",
        Fine::Amount {
            min_fen: 8_000_000,
            max_fen: 15_000_000,
        },
    ))];
    let e = create_proposal(&w.db, corpus(), &a.market, &add(body.clone()))
        .await
        .expect_err("tier above 十万元 must be refused");
    assert_eq!(e.code(), "powers.tier_out_of_range");
    assert!(
        e.message_zh().contains("50,000—100,000 元"),
        "{}",
        e.message_zh()
    );
    assert!(e.message_en().contains("outside the legal range"));
    assert_eq!(proposals(&w.db).await, 0, "nothing written");
    // Inside the range (either alternative) is accepted, and the legal range is recorded.
    body.violations = vec![violation(tier(
        "一般",
        Fine::Multiple {
            base: "货值金额".into(),
            min_tenths: 120,
            max_tenths: 160,
        },
    ))];
    let id = create_proposal(&w.db, corpus(), &a.market, &add(body))
        .await
        .expect("inside the range");
    let p = fazhi_core::powers::get_proposal(&w.db, &a.market, id)
        .await
        .expect("get");
    let v = &p.body.expect("body").violations[0];
    assert_eq!(v.legal.fines.len(), 2);
    assert_eq!(v.violated, vec!["食品安全法/art_35".to_string()]);
}

#[tokio::test]
async fn unresolvable_basis_is_refused_with_the_reason() {
    let w = world().await;
    let a = actors(&w);
    let e = create_proposal(
        &w.db,
        corpus(),
        &a.market,
        &add(item(
            "CF0010002",
            w.market,
            "《中华人民共和国食品安全法》第九百条",
        )),
    )
    .await
    .expect_err("no article 900");
    assert_eq!(e.code(), "powers.basis_unresolved");
    assert!(e.message_zh().contains("无法解析"), "{}", e.message_zh());
    let e = create_proposal(
        &w.db,
        corpus(),
        &a.market,
        &add(item("CF0010003", w.market, "某某不存在法第一条")),
    )
    .await
    .expect_err("unknown law");
    assert_eq!(e.code(), "powers.basis_unresolved");
}

#[tokio::test]
async fn versions_are_reproduced_and_compared() {
    let w = world().await;
    let a = actors(&w);
    let public = |db: &Db| {
        let db = db.clone();
        async move {
            list_public_items(&db, BINHAI_REGION, &ItemQuery::default())
                .await
                .expect("public")
                .total
        }
    };
    // Draft → submitted → returned with a note → resubmitted → approved.
    let id = create_proposal(
        &w.db,
        corpus(),
        &a.market,
        &add(item(
            "CF0010001",
            w.market,
            "《中华人民共和国食品安全法》第一百二十二条",
        )),
    )
    .await
    .expect("propose");
    submit_proposal(&w.db, &a.market, id).await.expect("submit");
    let e = review_proposal(&w.db, &a.justice, id, false, " ")
        .await
        .expect_err("return needs a note");
    assert_eq!(e.code(), "powers.review_note");
    review_proposal(&w.db, &a.justice, id, false, "请补充责任事项")
        .await
        .expect("return");
    let e = review_proposal(&w.db, &a.justice, id, true, "")
        .await
        .expect_err("a returned proposal is not under review");
    assert_eq!(e.code(), "powers.proposal_state");
    submit_proposal(&w.db, &a.market, id)
        .await
        .expect("resubmit");
    review_proposal(&w.db, &a.justice, id, true, "同意")
        .await
        .expect("approve");
    assert_eq!(public(&w.db).await, 0, "approved is not yet published");
    let e = publish_version(&w.db, &a.market, day(2024, 3, 29), "")
        .await
        .expect_err("only the Justice Bureau publishes");
    assert_eq!(e.code(), "forbidden");
    let v1 = pass(
        &w.db,
        &a,
        &a.market,
        vec![add(item(
            "CF0010002",
            w.market,
            "《中华人民共和国产品质量法》第四十九条",
        ))],
        day(2024, 3, 29),
    )
    .await;
    assert_eq!(v1, 1);
    assert_eq!(public(&w.db).await, 2);
    let e = publish_version(&w.db, &a.justice, day(2024, 3, 29), "")
        .await
        .expect_err("nothing approved");
    assert_eq!(e.code(), "powers.nothing_to_publish");

    let items = list_items(&w.db, &a.market, &ItemQuery::default())
        .await
        .expect("list")
        .rows;
    let first = items.iter().find(|i| i.code == "CF0010001").expect("first");
    let second = items
        .iter()
        .find(|i| i.code == "CF0010002")
        .expect("second");
    let mut changed = item(
        "CF0010001",
        w.market,
        "《中华人民共和国食品安全法》第一百二十二条第一款",
    );
    changed.name = "对未取得食品生产经营许可从事食品生产经营活动的行政处罚".into();
    let v2 = pass(
        &w.db,
        &a,
        &a.market,
        vec![
            NewProposal {
                kind: ProposalKind::Change,
                item_id: Some(first.id),
                body: Some(changed),
                reason_kind: ReasonKind::Amendment,
                reason: "细化依据到款".into(),
                evidence: String::new(),
            },
            NewProposal {
                kind: ProposalKind::Cancel,
                item_id: Some(second.id),
                body: None,
                reason_kind: ReasonKind::Mandate,
                reason: "职能划转".into(),
                evidence: String::new(),
            },
            add(item(
                "CF0010003",
                w.market,
                "《中华人民共和国广告法》第五十五条",
            )),
        ],
        day(2024, 6, 28),
    )
    .await;
    assert_eq!(v2, 2);
    // Version 1 is reproduced exactly as published, after the list moved on.
    let r1 = reproduce_version(&w.db, BINHAI_REGION, 1)
        .await
        .expect("v1");
    let codes: Vec<&str> = r1.iter().map(|(_, i)| i.code.as_str()).collect();
    assert_eq!(codes, ["CF0010001", "CF0010002"]);
    assert_eq!(r1[0].1.name, "事项CF0010001");
    assert_eq!(r1[0].1.basis, ["食品安全法/art_122"]);
    let r2 = reproduce_version(&w.db, BINHAI_REGION, 2)
        .await
        .expect("v2");
    let codes: Vec<&str> = r2.iter().map(|(_, i)| i.code.as_str()).collect();
    assert_eq!(codes, ["CF0010001", "CF0010003"]);
    assert_eq!(r2[0].1.basis, ["食品安全法/art_122__para_1"]);
    let d = diff_versions(&w.db, BINHAI_REGION, 1, 2)
        .await
        .expect("diff");
    assert_eq!(d.added.len(), 1);
    assert_eq!(d.added[0].code, "CF0010003");
    assert_eq!(d.removed.len(), 1);
    assert_eq!(d.removed[0].code, "CF0010002");
    assert_eq!(d.changed.len(), 1);
    assert_eq!(d.changed[0].2, vec!["事项名称", "实施依据"]);
    let back = diff_versions(&w.db, BINHAI_REGION, 2, 1)
        .await
        .expect("diff back");
    assert_eq!((back.added.len(), back.removed.len()), (1, 1));
    // The public sees the cancelled item no more.
    assert_eq!(public(&w.db).await, 2);
    let e = get_public_item(&w.db, BINHAI_REGION, second.id)
        .await
        .expect_err("cancelled");
    assert_eq!(e.code(), "not_found");
    // Figures of the year are counts of the records.
    let s = year_stats(&w.db, BINHAI_REGION, 2024).await.expect("stats");
    assert_eq!((s.adjustments, s.published, s.versions), (5, 2, 2));
    assert_eq!((s.added, s.changed, s.cancelled), (3, 1, 1));
    sqlx::query("DELETE FROM power_proposals WHERE kind = 'cancel'")
        .execute(w.db.pool())
        .await
        .expect("delete");
    let s = year_stats(&w.db, BINHAI_REGION, 2024).await.expect("stats");
    assert_eq!(s.adjustments, 4, "deleting a record changes the figure");
    let s = year_stats(&w.db, BINHAI_REGION, 2023).await.expect("stats");
    assert_eq!((s.adjustments, s.published), (0, 0));
}

#[tokio::test]
async fn departments_edit_only_their_own_items() {
    let w = world().await;
    let a = actors(&w);
    pass(
        &w.db,
        &a,
        &a.market,
        vec![add(item(
            "CF0010001",
            w.market,
            "《中华人民共和国食品安全法》第一百二十二条",
        ))],
        day(2024, 1, 31),
    )
    .await;
    let market_item = list_items(&w.db, &a.safety, &ItemQuery::default())
        .await
        .expect("the list is public information")
        .rows[0]
        .id;
    let change = NewProposal {
        kind: ProposalKind::Cancel,
        item_id: Some(market_item),
        body: None,
        reason_kind: ReasonKind::Mandate,
        reason: "想取消别人的事项".into(),
        evidence: String::new(),
    };
    let e = create_proposal(&w.db, corpus(), &a.safety, &change)
        .await
        .expect_err("another department's item");
    assert_eq!(e.code(), "forbidden");
    let e = create_proposal(
        &w.db,
        corpus(),
        &a.safety,
        &add(item(
            "CF0020001",
            w.market,
            "《中华人民共和国食品安全法》第一百二十三条",
        )),
    )
    .await
    .expect_err("adding to another department");
    assert_eq!(e.code(), "forbidden");
    let officer = principal(Role::Officer, Some(w.market), DataScope::OwnDepartment);
    let e = create_proposal(&w.db, corpus(), &officer, &change)
        .await
        .expect_err("officers do not propose");
    assert_eq!(e.code(), "forbidden");
    let e = create_proposal(&w.db, corpus(), &a.justice, &change)
        .await
        .expect_err("the reviewer does not propose");
    assert_eq!(e.code(), "forbidden");
    // The market bureau's own unit is inside its tree.
    create_proposal(
        &w.db,
        corpus(),
        &a.market,
        &add(item(
            "CF0030001",
            w.market_unit,
            "《中华人民共和国食品安全法》第一百二十四条",
        )),
    )
    .await
    .expect("own unit");
    let own = create_proposal(&w.db, corpus(), &a.market, &change)
        .await
        .expect("own item");
    let e = create_proposal(&w.db, corpus(), &a.market, &change)
        .await
        .expect_err("one open proposal per item");
    assert_eq!(e.code(), "powers.proposal_open");
    // Proposal lists are scoped: the safety bureau sees none of the market bureau's.
    let seen = list_proposals(&w.db, &a.safety, &ProposalQuery::default())
        .await
        .expect("list");
    assert_eq!(seen.total, 0);
    let e = submit_proposal(&w.db, &a.safety, own)
        .await
        .expect_err("not in scope");
    assert_eq!(e.code(), "not_found");
    let e = review_proposal(&w.db, &a.market, own, true, "")
        .await
        .expect_err("departments do not review");
    assert_eq!(e.code(), "forbidden");
}

#[tokio::test]
async fn amendments_and_repeals_open_proposals_for_affected_items() {
    let w = world().await;
    let a = actors(&w);
    // 行政复议法 was revised in full (2017 → 2023); 第一条 changed its wording.
    let diff = corpus()
        .diff("行政复议法@2017-09-01", "行政复议法@2023-09-01")
        .expect("diff");
    assert!(
        diff.affected_codes()
            .contains(&"行政复议法/art_1".to_string())
    );
    let mut other = item("QT0010001", w.market, "《中华人民共和国行政复议法》第一条");
    other.category = Category::Other;
    let mut food = item(
        "CF0010002",
        w.market,
        "《中华人民共和国食品安全法》第一百二十二条",
    );
    food.violations = vec![Violation {
        name: "未取得许可".into(),
        violated: vec![],
        penalised: "食品安全法/art_122__para_1".into(),
        legal: Default::default(),
        discretion: DiscretionStandard::default(),
    }];
    let safety_item = item(
        "CF0020001",
        w.safety,
        "《中华人民共和国安全生产法》第九十七条",
    );
    pass(
        &w.db,
        &a,
        &a.market,
        vec![add(other), add(food)],
        day(2024, 1, 31),
    )
    .await;
    pass(
        &w.db,
        &a,
        &a.safety,
        vec![add(safety_item)],
        day(2024, 2, 29),
    )
    .await;

    let r = open_proposals_for_diff(
        &w.db,
        corpus(),
        BINHAI_REGION,
        "行政复议法@2017-09-01",
        "行政复议法@2023-09-01",
    )
    .await
    .expect("impact");
    assert_eq!(r.affected_items, 1);
    assert_eq!(r.opened.len(), 1);
    let p = fazhi_core::powers::get_proposal(&w.db, &a.market, r.opened[0])
        .await
        .expect("proposal");
    assert_eq!(p.item_code, "QT0010001");
    assert_eq!(
        (p.kind, p.status),
        (ProposalKind::Change, ProposalStatus::Draft)
    );
    assert_eq!(p.reason_kind, ReasonKind::Amendment);
    assert_eq!(p.origin, "auto");
    assert!(p.reason.contains("行政复议法/art_1"), "{}", p.reason);
    // Running it again opens nothing new.
    let again = open_proposals_for_diff(
        &w.db,
        corpus(),
        BINHAI_REGION,
        "行政复议法@2017-09-01",
        "行政复议法@2023-09-01",
    )
    .await
    .expect("impact");
    assert!(again.opened.is_empty());
    assert_eq!(again.already_open, 1);
    // Repeal of the food safety law hits the item citing it (basis and violation), not the
    // safety item.
    let r = open_proposals_for_repeal(&w.db, BINHAI_REGION, "食品安全法")
        .await
        .expect("repeal");
    assert_eq!(r.opened.len(), 1);
    let p = fazhi_core::powers::get_proposal(&w.db, &a.market, r.opened[0])
        .await
        .expect("proposal");
    assert_eq!(p.item_code, "CF0010002");
    assert_eq!(p.reason_kind, ReasonKind::Repeal);
    let s = year_stats(&w.db, BINHAI_REGION, fazhi_core::time::today().year())
        .await
        .expect("stats");
    assert_eq!(s.auto_opened, 2);
}

#[tokio::test]
async fn excel_round_trip_and_all_or_nothing_import() {
    let w = world().await;
    let a = actors(&w);
    let mut sub = item(
        "CF0010001",
        w.market,
        "《中华人民共和国食品安全法》第一百二十二条",
    );
    sub.sub_items = vec![
        "未取得食品生产经营许可".into(),
        "未取得食品添加剂生产许可".into(),
    ];
    sub.remarks = "含两个子项".into();
    pass(
        &w.db,
        &a,
        &a.market,
        vec![
            add(sub),
            add(item(
                "CF0010002",
                w.market,
                "《中华人民共和国产品质量法》第四十九条",
            )),
        ],
        day(2024, 1, 31),
    )
    .await;
    let bytes = export_xlsx(&w.db, &a.market, &ItemQuery::default())
        .await
        .expect("export");
    let rows = read_first_sheet(&bytes).expect("read");
    assert_eq!(rows[0], EXPORT_COLUMNS);
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows[1][3],
        "未取得食品生产经营许可；未取得食品添加剂生产许可"
    );
    assert_eq!(rows[1][4], "行政处罚");
    // Importing the export changes nothing.
    let before = proposals(&w.db).await;
    let r = import_xlsx(&w.db, corpus(), &a.market, &bytes)
        .await
        .expect("import");
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!((r.added, r.changed, r.unchanged), (0, 0, 2));
    assert_eq!(proposals(&w.db).await, before);
    // An edited row becomes a change proposal, a new row an addition.
    let mut edited = rows.clone();
    edited[2][6] = "1.立案责任；2.调查责任；3.决定责任".into();
    let mut new_row = edited[2].clone();
    new_row[1] = "CF0010009".into();
    new_row[5] = "《中华人民共和国广告法》第五十五条".into();
    edited.push(new_row);
    let h: Vec<&str> = EXPORT_COLUMNS.to_vec();
    let file = write_table("权责清单", &h, &edited[1..]).expect("xlsx");
    let r = import_xlsx(&w.db, corpus(), &a.market, &file)
        .await
        .expect("import");
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!((r.added, r.changed, r.unchanged), (1, 1, 1));
    assert_eq!(proposals(&w.db).await, before + 2);
    // Bad rows: every one reported with row, column and reason; nothing written.
    let mut bad = rows[1..].to_vec();
    let mut r3 = bad[0].clone();
    r3[1] = "CF0010100".into();
    r3[4] = "行政指导".into();
    let mut r4 = bad[0].clone();
    r4[1] = "CF0010101".into();
    r4[5] = "《中华人民共和国食品安全法》第九百条".into();
    let mut r5 = bad[0].clone();
    r5[1] = "CF0010102".into();
    r5[8] = "区应急局".into();
    let mut r6 = bad[0].clone();
    r6[1] = "CF0010100".into();
    r6[2] = String::new();
    bad.extend([r3, r4, r5, r6]);
    let file = write_table("权责清单", &h, &bad).expect("xlsx");
    let r = import_xlsx(&w.db, corpus(), &a.market, &file)
        .await
        .expect("import");
    let found: Vec<(usize, &str)> = r
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (3, "B 事项编码"),
            (4, "E 类别"),
            (5, "F 实施依据"),
            (6, "I 实施主体"),
            (7, "C 事项名称"),
            (7, "B 事项编码"),
        ],
        "{:?}",
        r.errors
    );
    assert!(
        r.errors
            .iter()
            .all(|e| !e.reason.is_empty() && !e.reason_en.is_empty())
    );
    assert_eq!((r.added, r.changed), (0, 0));
    assert_eq!(proposals(&w.db).await, before + 2, "nothing written");
}

#[tokio::test]
async fn demo_history_counts_2024_from_the_records() {
    let db = fazhi_core::testing::fresh_db().await.expect("db");
    fazhi_demo::org::generate(&db, fazhi_core::time::today(), |_, _| {})
        .await
        .expect("org demo");
    let made = fazhi_demo::powers::generate(&db, corpus(), &mut |_, _, _| {})
        .await
        .expect("powers demo");
    assert_eq!(made.versions, 13);
    let s = year_stats(&db, BINHAI_REGION, 2024).await.expect("stats");
    assert_eq!((s.adjustments, s.published), (5569, 5025));
    assert_eq!(s.versions, 12);
    // Every flexible-enforcement domain holds penalty items, and inspections exist.
    for dept in [
        "区市场监管局",
        "区应急局",
        "区城市管理委",
        "区住建委",
        "区生态环境局",
    ] {
        let n: (i64,) = sqlx::query_as(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM power_items i JOIN departments d ON d.id = i.department_id \
             WHERE d.short_name = $1 AND i.category = 'CF' AND i.status = 'active'",
        )
        .bind(dept)
        .fetch_one(db.pool())
        .await
        .expect("count");
        assert!(n.0 > 0, "{dept} has no penalty items");
    }
    let jc = list_public_items(
        &db,
        BINHAI_REGION,
        &ItemQuery {
            category: Some(Category::Inspection),
            ..Default::default()
        },
    )
    .await
    .expect("inspections");
    assert!(jc.total > 10);
    assert_eq!(
        list_public_items(&db, BINHAI_REGION, &ItemQuery::default())
            .await
            .expect("public")
            .total,
        5025
    );
    let _ = ItemStatus::Active;
}
