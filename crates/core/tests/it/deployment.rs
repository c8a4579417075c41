//! What a district needs beyond the demo (issue 16 item 2): accounts linked to officer records
//! and registered enterprises, accounts disabled and re-enabled, officers edited and moved with
//! their history, and the bodies' payment details without which a fine decision is not issued.

use chrono::NaiveDate;
use fazhi_core::BINHAI_REGION;
use fazhi_core::audit::{Actor, AuditedTx};
use fazhi_core::auth::{
    AccountLink, DataScope, LoginOutcome, NewUser, Principal, Role, add_linked_user,
    add_linked_user_cli, link_account, login, resolve_session, set_disabled,
    set_disabled_by_username,
};
use fazhi_core::calendar::{load_calendar, seed_calendar};
use fazhi_core::cases::documents::{InstrumentKind, Provision};
use fazhi_core::cases::paperwork;
use fazhi_core::cases::queries;
use fazhi_core::cases::rules::PartyKind;
use fazhi_core::cases::{
    Circumstances, HarmLevel, NewLead, Procedure, Proposal, Source, Step, act, add_evidence,
    create_lead,
};
use fazhi_core::ids::UnifiedSocialCreditCode;
use fazhi_core::inspection::enterprise_subject;
use fazhi_core::org::{
    NewCard, NewOfficer, OfficerEdit, PaymentDetails, get_officer, insert_officer, move_officer,
    officer_moves, payment_details_on, set_payment_details, update_officer,
};
use fazhi_core::sampling::{NewSubject, RiskGrade, insert_subjects};

use crate::support::{World, add_user, idn, principal, world};

const PW: &str = "Secret#2024x";

fn d(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

fn uscc(seq: u64) -> String {
    UnifiedSocialCreditCode::generate('9', '1', BINHAI_REGION, seq)
        .expect("code")
        .as_str()
        .to_string()
}

async fn officer_in(w: &World, dept: i64, seq: u16) -> i64 {
    let mut tx = AuditedTx::begin(&w.db, Actor::system("test"))
        .await
        .expect("tx");
    let id = insert_officer(
        &mut tx,
        BINHAI_REGION,
        &NewOfficer {
            department_id: dept,
            name: format!("执法员{seq}"),
            id_number: idn(seq),
            posts: vec!["执法岗".into()],
            card: Some(NewCard {
                card_no: format!("D{seq:05}"),
                domains: vec!["食品安全".into()],
                issued_on: d("2020-01-01"),
                valid_until: d("2030-12-31"),
            }),
        },
    )
    .await
    .expect("officer");
    tx.commit().await.expect("commit");
    id
}

async fn register_subject(w: &World, code: &str) {
    let mut tx = AuditedTx::begin(&w.db, Actor::system("test"))
        .await
        .expect("tx");
    insert_subjects(
        &mut tx,
        BINHAI_REGION,
        &[NewSubject {
            code: code.into(),
            name: "天津滨海海鲜餐饮有限公司".into(),
            address: "天津市滨海新区新港路8号".into(),
            subdistrict: "新港街道".into(),
            industry: "餐饮服务".into(),
            domains: vec!["食品安全".into()],
            risk: RiskGrade::B,
            credit: "A".into(),
        }],
    )
    .await
    .expect("subject");
    tx.commit().await.expect("commit");
}

fn sysadmin() -> Principal {
    principal(Role::SysAdmin, None, DataScope::NoData)
}

fn new_user(name: &str, role: Role, dept: Option<i64>, scope: DataScope) -> NewUser {
    NewUser {
        username: name.into(),
        display_name: name.into(),
        password: PW.into(),
        role,
        department_id: dept,
        scope,
        officer_id: None,
        region: BINHAI_REGION.into(),
    }
}

#[tokio::test]
async fn accounts_link_to_their_officer_and_their_enterprise_and_bad_links_are_refused() {
    let w = world().await;
    let mine = officer_in(&w, w.market, 501).await;
    let theirs = officer_in(&w, w.safety, 502).await;
    let code = uscc(8_100_001);
    register_subject(&w, &code).await;
    let sys = sysadmin();

    // An officer account linked to an officer of its own department.
    let id = add_linked_user(
        &w.db,
        &sys,
        &new_user(
            "off1",
            Role::Officer,
            Some(w.market),
            DataScope::OwnDepartment,
        ),
        Some(&AccountLink::Officer(mine)),
    )
    .await
    .expect("linked officer account");
    let oid: Option<i64> = sqlx::query_scalar("SELECT officer_id FROM users WHERE id = $1")
        .bind(id)
        .fetch_one(w.db.pool())
        .await
        .expect("row");
    assert_eq!(oid, Some(mine));

    // Refusals: the officer of another department; an unknown officer; the same officer twice;
    // nothing is written (the account is not created either).
    for (name, link, dept, want) in [
        ("off2", AccountLink::Officer(theirs), w.market, "区应急局"),
        ("off3", AccountLink::Officer(999_999), w.market, "999999"),
        ("off4", AccountLink::Officer(mine), w.market, "off1"),
    ] {
        let e = add_linked_user(
            &w.db,
            &sys,
            &new_user(name, Role::Officer, Some(dept), DataScope::OwnDepartment),
            Some(&link),
        )
        .await
        .expect_err(name);
        assert_eq!(e.code(), "user.link", "{name}");
        assert!(e.message_zh().contains(want), "{name}: {}", e.message_zh());
        assert!(!e.message_en().is_empty());
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE username = $1")
            .bind(name)
            .fetch_one(w.db.pool())
            .await
            .expect("count");
        assert_eq!(n, 0, "{name} rolled back");
    }

    // An enterprise account linked to a registered subject: it may then act for it.
    let ent = add_linked_user(
        &w.db,
        &sys,
        &new_user("ent1", Role::Enterprise, None, DataScope::NoData),
        Some(&AccountLink::Enterprise(code.clone())),
    )
    .await
    .expect("linked enterprise");
    let mut ent_p = principal(Role::Enterprise, None, DataScope::NoData);
    ent_p.user_id = ent;
    assert_eq!(
        enterprise_subject(&w.db, &ent_p).await.expect("subject"),
        code
    );

    // A wrong check character, an unregistered code, the wrong role.
    let mut bad = code.clone();
    let last = bad.pop().expect("char");
    bad.push(if last == '0' { '1' } else { '0' });
    let unregistered = uscc(8_100_002);
    for (name, role, c, want) in [
        (
            "ent2",
            Role::Enterprise,
            bad.as_str(),
            "统一社会信用代码有误",
        ),
        (
            "ent3",
            Role::Enterprise,
            unregistered.as_str(),
            "未在本地区名录库登记",
        ),
        ("ent4", Role::Dispatcher, code.as_str(), "只有企业用户账号"),
    ] {
        let e = add_linked_user(
            &w.db,
            &sys,
            &new_user(name, role, None, DataScope::NoData),
            Some(&AccountLink::Enterprise(c.to_string())),
        )
        .await
        .expect_err(name);
        assert!(e.message_zh().contains(want), "{name}: {}", e.message_zh());
    }

    // Linking later, and only by the system administrator.
    let plain = add_user(
        &w.db,
        "off5",
        Role::Officer,
        Some(w.safety),
        DataScope::OwnDepartment,
    )
    .await;
    let sec = principal(Role::SecAdmin, None, DataScope::NoData);
    assert!(
        link_account(&w.db, &sec, plain, &AccountLink::Officer(theirs))
            .await
            .is_err(),
        "the security administrator does not link accounts"
    );
    link_account(&w.db, &sys, plain, &AccountLink::Officer(theirs))
        .await
        .expect("link later");

    // The console path checks the same rules.
    let e = add_linked_user_cli(
        &w.db,
        &new_user(
            "off6",
            Role::Officer,
            Some(w.market),
            DataScope::OwnDepartment,
        ),
        Some(&AccountLink::Officer(theirs)),
    )
    .await
    .expect_err("cli: other department");
    assert_eq!(e.code(), "user.link");
}

#[tokio::test]
async fn a_disabled_account_cannot_log_in_and_its_sessions_end_at_once() {
    let w = world().await;
    let uid = add_user(
        &w.db,
        "carol",
        Role::Officer,
        Some(w.market),
        DataScope::OwnDepartment,
    )
    .await;
    let sec_id = add_user(&w.db, "sec1", Role::SecAdmin, None, DataScope::NoData).await;
    let token = match login(&w.db, "carol", PW).await.expect("login") {
        LoginOutcome::Success { token, .. } => token,
        o => panic!("{o:?}"),
    };
    assert!(resolve_session(&w.db, &token).await.expect("s").is_some());

    // Wrong roles: the system administrator (三员分立: accounts' state is the security
    // administrator's) and an officer.
    for p in [
        principal(Role::SysAdmin, None, DataScope::NoData),
        principal(Role::Officer, Some(w.market), DataScope::District),
    ] {
        assert!(set_disabled(&w.db, &p, uid, true).await.is_err());
    }
    let mut sec = principal(Role::SecAdmin, None, DataScope::NoData);
    sec.user_id = sec_id;
    let e = set_disabled(&w.db, &sec, sec_id, true)
        .await
        .expect_err("not oneself");
    assert!(e.message_zh().contains("自己"));

    set_disabled(&w.db, &sec, uid, true).await.expect("disable");
    assert!(
        resolve_session(&w.db, &token).await.expect("s").is_none(),
        "the open session ends at once"
    );
    assert!(matches!(
        login(&w.db, "carol", PW).await.expect("login"),
        LoginOutcome::Disabled
    ));
    set_disabled(&w.db, &sec, uid, false).await.expect("enable");
    assert!(matches!(
        login(&w.db, "carol", PW).await.expect("login"),
        LoginOutcome::Success { .. }
    ));
    // The console path, by username.
    set_disabled_by_username(&w.db, "carol", true)
        .await
        .expect("cli disable");
    assert!(matches!(
        login(&w.db, "carol", PW).await.expect("login"),
        LoginOutcome::Disabled
    ));
    assert!(
        set_disabled_by_username(&w.db, "nobody", true)
            .await
            .is_err()
    );
    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE object_id = $1 AND action LIKE 'user.%able' ORDER BY seq",
    )
    .bind(uid.to_string())
    .fetch_all(w.db.pool())
    .await
    .expect("audit");
    assert_eq!(actions, ["user.disable", "user.enable", "user.disable"]);
}

#[tokio::test]
async fn an_officer_is_edited_and_moved_with_history_by_the_right_administrator_only() {
    let w = world().await;
    let o = officer_in(&w, w.market_unit, 601).await;
    let acct = add_user(
        &w.db,
        "mover",
        Role::Officer,
        Some(w.market_unit),
        DataScope::OwnDepartment,
    )
    .await;
    link_account(&w.db, &sysadmin(), acct, &AccountLink::Officer(o))
        .await
        .expect("link");
    let market_head = principal(Role::DeptAdmin, Some(w.market), DataScope::DepartmentTree);
    let safety_head = principal(Role::DeptAdmin, Some(w.safety), DataScope::DepartmentTree);
    let district = principal(Role::DeptAdmin, Some(w.market), DataScope::District);
    let officer = principal(Role::Officer, Some(w.market_unit), DataScope::District);

    // Edit: the head of another department and an officer are refused; the market head edits.
    let edit = OfficerEdit {
        name: "王建国".into(),
        posts: vec!["执法岗".into(), "法制审核岗".into()],
    };
    assert!(update_officer(&w.db, &safety_head, o, &edit).await.is_err());
    assert!(update_officer(&w.db, &officer, o, &edit).await.is_err());
    update_officer(&w.db, &market_head, o, &edit)
        .await
        .expect("edit");
    let od = get_officer(&w.db, &market_head, o).await.expect("officer");
    assert_eq!(od.name, "王建国");
    assert_eq!(od.posts, ["执法岗", "法制审核岗"]);

    // Move to the safety bureau: the market head's scope does not cover it, the safety head's
    // does not cover the officer; a district-level administrator moves.
    let on = d("2026-03-01");
    let e = move_officer(&w.db, &market_head, o, w.safety, on, "工作需要")
        .await
        .expect_err("scope");
    assert!(e.message_zh().contains("同时覆盖"), "{}", e.message_zh());
    assert!(
        move_officer(&w.db, &safety_head, o, w.safety, on, "工作需要")
            .await
            .is_err()
    );
    assert!(
        move_officer(&w.db, &district, o, w.safety, on, " ")
            .await
            .is_err(),
        "a reason is required"
    );
    move_officer(&w.db, &district, o, w.safety, on, "工作需要，调任应急执法")
        .await
        .expect("move");
    let od = get_officer(&w.db, &district, o).await.expect("officer");
    assert_eq!(od.department_id, w.safety);
    assert_eq!(od.cards.len(), 1, "the card stays with the person");
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM officers WHERE id_number = $1")
        .bind(idn(601))
        .fetch_one(w.db.pool())
        .await
        .expect("count");
    assert_eq!(n, 1, "no duplicate officer row");
    let moves = officer_moves(&w.db, &district, o).await.expect("moves");
    assert_eq!(moves.len(), 1);
    assert_eq!(moves[0].from_department, "塘沽市场监管所");
    assert_eq!(moves[0].to_department, "区应急局");
    assert_eq!(moves[0].effective_on, "2026-03-01");
    let dept: Option<i64> = sqlx::query_scalar("SELECT department_id FROM users WHERE id = $1")
        .bind(acct)
        .fetch_one(w.db.pool())
        .await
        .expect("user");
    assert_eq!(dept, Some(w.safety), "the linked account moves along");
    // Back again: not dated before the last move; then kept in order, newest first.
    let e = move_officer(&w.db, &district, o, w.market, d("2026-03-01"), "借调结束")
        .await
        .expect_err("same day as the last move");
    assert_eq!(e.field(), Some("effective_on"));
    move_officer(&w.db, &district, o, w.market, d("2026-09-01"), "借调结束")
        .await
        .expect("move back");
    let moves = officer_moves(&w.db, &district, o).await.expect("moves");
    assert_eq!(moves.len(), 2);
    assert_eq!(
        (
            moves[0].from_department.as_str(),
            moves[0].to_department.as_str()
        ),
        ("区应急局", "区市场监管局")
    );
}

#[tokio::test]
async fn payment_details_are_entered_by_the_bodys_administrator_and_take_effect_by_date() {
    let w = world().await;
    let head = principal(Role::DeptAdmin, Some(w.market), DataScope::DepartmentTree);
    let details = |on: &str, account: &str| PaymentDetails {
        bank: "中国工商银行股份有限公司天津滨海分行".into(),
        account_name: "天津市滨海新区财政局".into(),
        account_no: account.into(),
        revenue_code: "120116001".into(),
        effective_on: d(on),
    };
    // Wrong role and another body are refused.
    let officer = principal(Role::Officer, Some(w.market), DataScope::OwnDepartment);
    assert!(
        set_payment_details(
            &w.db,
            &officer,
            w.market,
            &details("2024-01-01", "0302010009200012345")
        )
        .await
        .is_err()
    );
    assert!(
        set_payment_details(
            &w.db,
            &head,
            w.safety,
            &details("2024-01-01", "0302010009200012345")
        )
        .await
        .is_err()
    );
    let e = set_payment_details(&w.db, &head, w.market, &details("2024-01-01", "账号待定"))
        .await
        .expect_err("bad account");
    assert_eq!(e.field(), Some("account_no"));
    let mut blank = details("2024-01-01", "0302010009200012345");
    blank.bank = " ".into();
    let e = set_payment_details(&w.db, &head, w.market, &blank)
        .await
        .expect_err("no bank");
    assert!(e.message_zh().contains("代收银行"));

    set_payment_details(
        &w.db,
        &head,
        w.market,
        &details("2024-01-01", "0302010009200012345"),
    )
    .await
    .expect("first");
    set_payment_details(
        &w.db,
        &head,
        w.market,
        &details("2025-07-01", "0302010009200099999"),
    )
    .await
    .expect("second");
    assert!(
        payment_details_on(&w.db, w.market, d("2023-12-31"))
            .await
            .expect("q")
            .is_none()
    );
    let a = payment_details_on(&w.db, w.market, d("2025-06-30"))
        .await
        .expect("q")
        .expect("in effect");
    assert_eq!(a.account_no, "0302010009200012345");
    let b = payment_details_on(&w.db, w.market, d("2025-07-01"))
        .await
        .expect("q")
        .expect("in effect");
    assert_eq!(b.account_no, "0302010009200099999");
}

const POWER: &str = "CF00100001";
const VIOLATION: &str = "生产经营不符合食品安全标准的食品";

/// 第六十七条 第三款: a fine decision tells the party where to pay. Without the body's payment
/// details it is refused with the fields and the page named; with them it prints them, and no
/// instrument of the case carries placeholder text.
#[tokio::test]
async fn a_fine_decision_needs_the_bodys_payment_details_and_prints_them() {
    let w = world().await;
    seed_calendar(&w.db).await.expect("calendar");
    let cal = load_calendar(&w.db).await.expect("load");
    let o1 = officer_in(&w, w.market, 701).await;
    let o2 = officer_in(&w, w.market, 702).await;
    let body = serde_json::json!({
        "code": POWER, "name": "对生产经营不符合食品安全标准食品的处罚", "category": "CF",
        "department_id": w.market, "department": "区市场监管局",
        "basis": ["食品安全法/art_124__para_1"],
        "basis_citation": "《中华人民共和国食品安全法》第一百二十四条第一款",
        "violations": [{
            "name": VIOLATION,
            "violated": ["食品安全法/art_34"],
            "penalised": "食品安全法/art_124__para_1",
            "legal": {"fines": [{"kind": "amount", "min_fen": 500000, "max_fen": 5000000}],
                      "warning": true, "confiscation": true, "licence_measures": true},
            "discretion": {"tiers": [
                {"name": "一般", "conditions": "", "fine": {"kind": "amount", "min_fen": 500000, "max_fen": 5000000}}
            ]}
        }]
    });
    sqlx::query(
        "INSERT INTO power_items (region_code, code, name, category, department_id, status, body, created_at, updated_at) \
         VALUES ($1, $2, '事项', 'CF', $3, 'active', $4, 0, 0)",
    )
    .bind(BINHAI_REGION)
    .bind(POWER)
    .bind(w.market)
    .bind(body.to_string())
    .execute(w.db.pool())
    .await
    .expect("item");
    let officer = principal(Role::Officer, Some(w.market), DataScope::OwnDepartment);
    let head = principal(Role::DeptAdmin, Some(w.market), DataScope::DepartmentTree);
    let id = create_lead(
        &w.db,
        &officer,
        &cal,
        crate::support::corpus(),
        &NewLead {
            department_id: w.market,
            procedure: Procedure::General,
            source: Source::Inspection,
            source_ref: "JC-2024-007".into(),
            inspection_id: None,
            power_code: POWER.into(),
            violation: VIOLATION.into(),
            party_kind: PartyKind::Organisation,
            party_name: "天津滨海海鲜餐饮有限公司".into(),
            party_code: uscc(8_200_001),
            party_address: "天津市滨海新区新港路8号".into(),
            party_representative: "周立平".into(),
            facts: "检查发现其销售的食品不符合食品安全标准。".into(),
            lead_on: d("2024-09-27"),
            circumstances: Circumstances::default(),
        },
    )
    .await
    .expect("lead");
    let step = |p: &Principal, on: &str, s: Step| {
        let (db, cal, p) = (w.db.clone(), cal.clone(), p.clone());
        let on = d(on);
        async move { act(&db, &p, &cal, id, on, s).await }
    };
    step(
        &head,
        "2024-09-29",
        Step::File {
            note: "同意立案".into(),
        },
    )
    .await
    .expect("file");
    step(
        &officer,
        "2024-09-29",
        Step::Investigate {
            officers: vec![o1, o2],
        },
    )
    .await
    .expect("investigate");
    add_evidence(
        &w.db,
        &officer,
        id,
        "现场检查笔录",
        "笔录",
        "text/plain",
        "笔录内容".as_bytes(),
        d("2024-09-29"),
    )
    .await
    .expect("evidence");
    step(
        &officer,
        "2024-09-30",
        Step::Review {
            facts: "查明销售不合格食品。".into(),
            circumstances: Circumstances {
                harm: HarmLevel::Serious,
                ..Circumstances::default()
            },
            proposal: Proposal {
                fine_fen: 2_500_000,
                tier: "一般".into(),
                ..Proposal::default()
            },
        },
    )
    .await
    .expect("review");
    step(
        &officer,
        "2024-09-30",
        Step::Notify {
            waived: false,
            hearing_waived: false,
        },
    )
    .await
    .expect("notify");
    step(&head, "2024-10-14", Step::Decide { proposal: None })
        .await
        .expect("decide");

    let corpus = crate::support::corpus();
    let cite = |code: &str| match corpus.lookup(code, None) {
        Ok(p) => Provision {
            code: code.to_string(),
            citation: p.citation,
            text: p.text,
        },
        Err(_) => Provision {
            code: code.to_string(),
            citation: code.to_string(),
            text: String::new(),
        },
    };
    let file = queries::get_case(&w.db, &head, id).await.expect("case");
    let e = paperwork::issue(&w.db, &file, InstrumentKind::Decision, &cite)
        .await
        .expect_err("no payment details");
    assert_eq!(e.code(), "documents.payment_details_missing");
    for want in ["代收银行", "户名", "账号", "执收单位编码", "/org/payment"] {
        assert!(e.message_zh().contains(want), "{}", e.message_zh());
    }
    assert!(e.message_en().contains("collecting bank"));
    // Instruments that name no account are issued all the same.
    paperwork::issue(&w.db, &file, InstrumentKind::PriorNotice, &cite)
        .await
        .expect("the notice needs no account");

    // Details entered after the decision date do not reach it; details in effect do.
    let details = |on: &str| PaymentDetails {
        bank: "中国工商银行股份有限公司天津滨海分行".into(),
        account_name: "天津市滨海新区财政局".into(),
        account_no: "0302 0100 0920 0012 345".into(),
        revenue_code: "120116001".into(),
        effective_on: d(on),
    };
    set_payment_details(&w.db, &head, w.market, &details("2024-11-01"))
        .await
        .expect("later details");
    assert!(
        paperwork::issue(&w.db, &file, InstrumentKind::Decision, &cite)
            .await
            .is_err()
    );
    set_payment_details(&w.db, &head, w.market, &details("2024-01-01"))
        .await
        .expect("details");
    let inst = paperwork::issue(&w.db, &file, InstrumentKind::Decision, &cite)
        .await
        .expect("decision");
    let text = instrument_text(&inst);
    assert!(
        text.contains("至中国工商银行股份有限公司天津滨海分行（户名：天津市滨海新区财政局，账号：0302 0100 0920 0012 345，执收单位编码：120116001）"),
        "{text}"
    );
    for kind in paperwork::available(&file) {
        let inst = paperwork::issue(&w.db, &file, kind, &cite)
            .await
            .expect("instrument");
        if let Some(p) = fazhi_core::cases::documents::placeholder_in(&inst) {
            let t = instrument_text(&inst);
            panic!("{kind:?} prints placeholder text {p:?}: {t}");
        }
    }
}

fn instrument_text(i: &fazhi_core::cases::documents::Instrument) -> String {
    fazhi_core::cases::documents::printed_text(i)
}

#[tokio::test]
async fn the_account_import_links_rows_and_names_every_bad_row() {
    use fazhi_core::auth::{ACCOUNT_COLUMNS, import_accounts};
    use fazhi_core::excel::write_table;
    let w = world().await;
    let officer = officer_in(&w, w.market, 801).await;
    let code = uscc(8_300_001);
    register_subject(&w, &code).await;
    let file = |rows: Vec<Vec<String>>| write_table("账号", &ACCOUNT_COLUMNS, &rows).expect("xlsx");
    let row = |cells: [&str; 8]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    let officer_ref = officer.to_string();
    let idn801 = idn(801);
    let good = [
        row([
            "imp.off",
            "执法员801",
            "执法人员",
            "区市场监管局",
            "",
            PW,
            &officer_ref,
            "",
        ]),
        row(["imp.ent", "海鲜餐饮", "企业用户", "", "", PW, "", &code]),
    ];
    let mut bad = good.to_vec();
    bad.push(row([
        "imp.x1",
        "错部门",
        "officer",
        "区应急局",
        "",
        PW,
        &idn801,
        "",
    ]));
    bad.push(row([
        "imp.x2",
        "未登记",
        "enterprise",
        "",
        "",
        PW,
        "",
        &uscc(8_300_002),
    ]));
    bad.push(row(["imp.x3", "管理员", "系统管理员", "", "", PW, "", ""]));
    bad.push(row([
        "imp.off",
        "重复",
        "执法人员",
        "区市场监管局",
        "",
        PW,
        "",
        "",
    ]));
    let sys = sysadmin();
    let rep = import_accounts(&w.db, &sys, &file(bad))
        .await
        .expect("report");
    assert_eq!(rep.imported, 0);
    let rows: Vec<(usize, &str)> = rep
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            (4, "G 执法人员（记录编号或身份证号）"),
            (5, "H 企业统一社会信用代码"),
            (6, "C 角色"),
            (7, "A 用户名"),
        ],
        "{:?}",
        rep.errors
    );
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE username LIKE 'imp.%'")
        .fetch_one(w.db.pool())
        .await
        .expect("count");
    assert_eq!(n, 0, "nothing written");
    // The wrong role is refused.
    let sec = principal(Role::SecAdmin, None, DataScope::NoData);
    assert!(
        import_accounts(&w.db, &sec, &file(good.to_vec()))
            .await
            .is_err()
    );
    let rep = import_accounts(&w.db, &sys, &file(good.to_vec()))
        .await
        .expect("import");
    assert!(rep.errors.is_empty(), "{:?}", rep.errors);
    assert_eq!(rep.imported, 2);
    let linked: Option<i64> =
        sqlx::query_scalar("SELECT officer_id FROM users WHERE username = 'imp.off'")
            .fetch_one(w.db.pool())
            .await
            .expect("row");
    assert_eq!(linked, Some(officer));
    let sc: String = sqlx::query_scalar(
        "SELECT l.subject_code FROM inspection_enterprise_links l JOIN users u ON u.id = l.user_id WHERE u.username = 'imp.ent'",
    )
    .fetch_one(w.db.pool())
    .await
    .expect("link");
    assert_eq!(sc, code);
}
