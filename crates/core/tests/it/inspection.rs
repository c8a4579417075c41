//! Inspections and electronic certificates on the real storage (SQLite, and PostgreSQL with
//! FAZHI_TEST_PG): every issuance gate refused by name, issuance and verification against the
//! published key set, revocation with its counter, rotation keeping old certificates
//! verifiable, door scans and ratings, figures by query.

use chrono::{Duration, NaiveDate};
use fazhi_core::BINHAI_REGION;
use fazhi_core::audit::{Actor, AuditedTx};
use fazhi_core::auth::{DataScope, Role};
use fazhi_core::inspection::{
    Ground, NewInspection, ScanKind, TeamMember, Verdict, create_inspection, decode,
    issue_certificate, key_set, link_enterprise, month_stats, rate, revocation_list,
    revoke_certificate, rotate_key, scan, unscanned, used_in_year, verify,
};
use fazhi_core::org::{NewCard, NewOfficer, insert_officer};
use fazhi_core::time::today;

use crate::support::{add_user, idn, principal, world};

const SUBJECT: &str = "91120116MA05K0R11N";

struct Setup {
    w: crate::support::World,
    /// Three market officers with valid cards, one whose card expires tomorrow, one safety officer.
    officers: Vec<i64>,
}

async fn setup() -> Setup {
    let w = world().await;
    let mut tx = AuditedTx::begin(&w.db, Actor::system("test"))
        .await
        .expect("tx");
    let t = today();
    let mut officers = Vec::new();
    for (i, (dept, until)) in [
        (w.market, t + Duration::days(900)),
        (w.market_unit, t + Duration::days(900)),
        (w.market, t + Duration::days(900)),
        (w.market, t + Duration::days(1)),
        (w.safety, t + Duration::days(900)),
    ]
    .into_iter()
    .enumerate()
    {
        officers.push(
            insert_officer(
                &mut tx,
                BINHAI_REGION,
                &NewOfficer {
                    department_id: dept,
                    name: format!("检查员{i}"),
                    id_number: idn(200 + i as u16),
                    posts: vec![],
                    card: Some(NewCard {
                        card_no: format!("C{i:04}"),
                        domains: vec!["食品安全".into()],
                        issued_on: t - Duration::days(400),
                        valid_until: until,
                    }),
                },
            )
            .await
            .expect("officer"),
        );
    }
    for (code, cat, dept, body) in [
        (
            "JC00100001",
            "JC",
            w.market,
            r#"{"basis":["食品安全法/art_110"]}"#,
        ),
        ("JC00100009", "JC", w.market, r#"{"basis":[]}"#),
        (
            "CF00100001",
            "CF",
            w.market,
            r#"{"basis":["食品安全法/art_124"]}"#,
        ),
        (
            "JC00200001",
            "JC",
            w.safety,
            r#"{"basis":["安全生产法/art_65"]}"#,
        ),
    ] {
        sqlx::query(
            "INSERT INTO power_items (region_code, code, name, category, department_id, status, body, created_at, updated_at) \
             VALUES ($1, $2, '事项', $3, $4, 'active', $5, 0, 0)",
        )
        .bind(BINHAI_REGION)
        .bind(code)
        .bind(cat)
        .bind(dept)
        .bind(body)
        .execute(tx.conn())
        .await
        .expect("item");
    }
    tx.commit().await.expect("commit");
    Setup { w, officers }
}

fn new(s: &Setup, officers: &[usize], matters: &[&str], start: NaiveDate) -> NewInspection {
    NewInspection {
        ground: Ground::Campaign,
        ground_ref: "2024年食品安全专项检查".into(),
        sampling_inspection_id: None,
        legal_ground: "《优化营商环境条例》第五十四条第二款".into(),
        reason: String::new(),
        department_id: s.w.market,
        joint_departments: vec![],
        subject_code: SUBJECT.into(),
        subject_name: "天津测试餐饮有限公司".into(),
        domain: "食品安全".into(),
        matters: matters.iter().map(|m| m.to_string()).collect(),
        officers: officers
            .iter()
            .map(|i| TeamMember {
                id: s.officers[*i],
                domain: "食品安全".into(),
            })
            .collect(),
        window_start: start,
        window_end: start + Duration::days(2),
        outcome: None,
        note: String::new(),
        inspected_on: None,
    }
}

fn code_of(e: fazhi_core::Error) -> String {
    e.code().to_string()
}

#[tokio::test]
async fn every_gate_refuses_by_name_and_a_complaint_may_return_with_a_reason() {
    let s = setup().await;
    let officer = principal(Role::Officer, Some(s.w.market), DataScope::DepartmentTree);
    let db = &s.w.db;
    let t = today();
    let p = &officer;
    let refuse = |n: NewInspection| async move {
        let id = create_inspection(db, p, &n).await.expect("create");
        issue_certificate(db, p, id)
            .await
            .map(|_| ())
            .map_err(code_of)
    };
    assert_eq!(
        refuse(new(&s, &[0], &["JC00100001"], t)).await,
        Err("gate.officers".into())
    );
    assert_eq!(
        refuse(new(&s, &[0, 3], &["JC00100001"], t)).await,
        Err("gate.cards".into()),
        "card expires inside the window"
    );
    let mut other_domain = new(&s, &[0, 2], &["JC00100001"], t);
    other_domain.officers[1].domain = "广告".into();
    assert_eq!(refuse(other_domain).await, Err("gate.cards".into()));
    assert_eq!(
        refuse(new(&s, &[0, 2], &["CF00100001"], t)).await,
        Err("gate.matters".into()),
        "not an inspection item"
    );
    assert_eq!(
        refuse(new(&s, &[0, 2], &["JC00200001"], t)).await,
        Err("gate.matters".into()),
        "another department's item"
    );
    assert_eq!(
        refuse(new(&s, &[0, 2], &["JC99999999"], t)).await,
        Err("gate.matters".into()),
        "unknown item"
    );
    assert_eq!(
        refuse(new(&s, &[0, 2], &["JC00100009"], t)).await,
        Err("gate.basis".into())
    );
    let mut no_ground = new(&s, &[0, 2], &["JC00100001"], t);
    no_ground.ground_ref = " ".into();
    assert_eq!(refuse(no_ground).await, Err("gate.ground".into()));
    // Officer 1 sits in a sub-unit of the department: still the department's officer.
    assert_eq!(refuse(new(&s, &[0, 1], &["JC00100001"], t)).await, Ok(()));
    // Quiet period: the same matter again ten days later.
    let again = new(&s, &[0, 2], &["JC00100001"], t + Duration::days(10));
    assert_eq!(refuse(again.clone()).await, Err("gate.quiet_period".into()));
    let mut complaint = again.clone();
    complaint.ground = Ground::Complaint;
    assert_eq!(
        refuse(complaint.clone()).await,
        Err("gate.quiet_period".into()),
        "no written reason"
    );
    complaint.reason = "12345 工单反映该店销售过期食品".into();
    assert_eq!(refuse(complaint).await, Ok(()));
    // Another department may inspect the same subject.
    let mut safety = new(&s, &[4, 4], &["JC00200001"], t);
    safety.department_id = s.w.safety;
    let sp = principal(Role::Officer, Some(s.w.safety), DataScope::OwnDepartment);
    let id = create_inspection(db, &sp, &safety).await.expect("create");
    assert_eq!(
        issue_certificate(db, &sp, id)
            .await
            .map(|_| ())
            .map_err(code_of),
        Err("gate.officers".into()),
        "one officer twice is one"
    );
    // Scope: the market officer cannot issue for the safety bureau's inspection.
    assert!(issue_certificate(db, &officer, id).await.is_err());
    // A draw ground without a drawn record is refused at creation.
    let mut draw = new(&s, &[0, 2], &["JC00100001"], t);
    draw.ground = Ground::Draw;
    assert_eq!(
        create_inspection(db, &officer, &draw)
            .await
            .map(|_| ())
            .map_err(code_of),
        Err("inspection.draw_ref".into())
    );
    // Enterprises cannot record inspections.
    let ent = principal(Role::Enterprise, None, DataScope::NoData);
    assert!(
        create_inspection(db, &ent, &new(&s, &[0, 2], &["JC00100001"], t))
            .await
            .is_err()
    );
}

#[tokio::test]
async fn issued_tokens_verify_revoke_and_survive_rotation() {
    let s = setup().await;
    let db = &s.w.db;
    let officer = principal(Role::Officer, Some(s.w.market), DataScope::DepartmentTree);
    let t = today();
    let id = create_inspection(db, &officer, &new(&s, &[0, 2], &["JC00100001"], t))
        .await
        .expect("create");
    let issued = issue_certificate(db, &officer, id).await.expect("issue");
    assert_eq!(
        issue_certificate(db, &officer, id)
            .await
            .map(|_| ())
            .map_err(code_of),
        Err("inspection.already_issued".into())
    );
    let d = decode(&issued.token).expect("decode");
    assert_eq!(d.payload.cid, issued.cert_no);
    assert_eq!(d.payload.of.len(), 2);
    assert_eq!(d.payload.of[0].c, "C0000");
    assert_eq!(d.payload.bs, vec!["食品安全法/art_110".to_string()]);
    let now = fazhi_core::time::now_ms() / 1000;
    let ks = key_set(db, BINHAI_REGION, t).await.expect("keys");
    assert_eq!(ks.keys.len(), 1);
    assert!(!ks.keys[0].public_key.is_empty() && ks.keys[0].public_key.starts_with("04"));
    assert!(matches!(verify(&issued.token, &ks, now), Verdict::Valid(_)));
    assert!(matches!(
        verify(&issued.token, &ks, d.payload.exp + 1),
        Verdict::Expired(_)
    ));
    assert!(matches!(
        verify(&issued.token, &ks, d.payload.nbf - 1),
        Verdict::NotYetValid(_)
    ));
    // Every failure is named, none panics.
    let mut altered = issued.token.clone().into_bytes();
    let i = altered.len() / 2;
    altered[i] = if altered[i] == b'A' { b'B' } else { b'A' };
    let altered = String::from_utf8(altered).expect("ascii");
    let unknown_kid = issued.token.replacen(&d.kid, "kzzzz", 1);
    for (bad, what) in [
        (altered.as_str(), "altered"),
        (
            &issued.token[..issued.token.len() - 5],
            "truncated signature",
        ),
        (&issued.token[..20], "truncated"),
        ("garbage", "garbage"),
        ("", "empty"),
        (unknown_kid.as_str(), "unknown kid"),
    ] {
        assert!(
            matches!(verify(bad, &ks, now), Verdict::Forged(_)),
            "{what}"
        );
    }
    // Rotation by the security administrator only; the old certificate still verifies.
    assert!(rotate_key(db, &officer, t).await.is_err());
    let sec = principal(Role::SecAdmin, None, DataScope::NoData);
    let new_kid = rotate_key(db, &sec, t).await.expect("rotate");
    let ks2 = key_set(db, BINHAI_REGION, t).await.expect("keys");
    assert_eq!(ks2.keys.len(), 2);
    assert!(ks2.counter > ks.counter);
    assert_eq!(ks2.keys[0].status, "retired");
    assert!(
        ks2.keys[0].not_after >= (t + Duration::days(2)).to_string(),
        "published until its certificates expire"
    );
    assert!(matches!(
        verify(&issued.token, &ks2, now),
        Verdict::Valid(_)
    ));
    let id2 = create_inspection(
        db,
        &officer,
        &new(&s, &[0, 2], &["JC00100001"], t + Duration::days(200)),
    )
    .await
    .expect("create");
    let second = issue_certificate(db, &officer, id2).await.expect("issue");
    assert_eq!(decode(&second.token).expect("decode").kid, new_kid);
    // Long after, the retired key is still published, so an old certificate reads EXPIRED.
    let later = key_set(db, BINHAI_REGION, t + Duration::days(30))
        .await
        .expect("keys");
    assert_eq!(later.keys.len(), 2);
    assert!(matches!(
        verify(&issued.token, &later, now + 30 * 86_400),
        Verdict::Expired(_)
    ));
    // Revocation: named in the list, the counter grows, the verdict says REVOKED.
    assert!(
        revoke_certificate(db, &officer, &issued.cert_no, " ")
            .await
            .is_err()
    );
    revoke_certificate(db, &officer, &issued.cert_no, "检查组成员变更")
        .await
        .expect("revoke");
    let rl = revocation_list(db, BINHAI_REGION).await.expect("list");
    assert_eq!(rl.revoked, vec![issued.cert_no.clone()]);
    assert!(rl.counter > ks2.counter);
    let ks3 = key_set(db, BINHAI_REGION, t).await.expect("keys");
    assert!(matches!(
        verify(&issued.token, &ks3, now),
        Verdict::Revoked(_)
    ));
    // A revoked certificate no longer blocks the quiet period: a new one may be issued.
    issue_certificate(db, &officer, id).await.expect("reissue");
    // The private key is nowhere in the published set.
    let text = serde_json::to_string(&ks3).expect("json");
    let private: String = sqlx::query_scalar("SELECT private_key FROM inspection_keys LIMIT 1")
        .fetch_one(db.pool())
        .await
        .expect("key");
    assert!(!text.contains(&private));
}

#[tokio::test]
async fn door_scans_ratings_flags_and_figures() {
    let s = setup().await;
    let db = &s.w.db;
    let officer = principal(Role::Officer, Some(s.w.market), DataScope::DepartmentTree);
    let t = today();
    let id = create_inspection(
        db,
        &officer,
        &new(&s, &[0, 2], &["JC00100001"], t - Duration::days(1)),
    )
    .await
    .expect("create");
    let issued = issue_certificate(db, &officer, id).await.expect("issue");
    let user = add_user(db, "ent1", Role::Enterprise, None, DataScope::NoData).await;
    let other = add_user(db, "ent2", Role::Enterprise, None, DataScope::NoData).await;
    let mut tx = AuditedTx::begin(db, Actor::system("test"))
        .await
        .expect("tx");
    link_enterprise(&mut tx, BINHAI_REGION, user, SUBJECT)
        .await
        .expect("link");
    link_enterprise(&mut tx, BINHAI_REGION, other, "91120116MA05K0R22X")
        .await
        .expect("link");
    tx.commit().await.expect("commit");
    let mut ent = principal(Role::Enterprise, None, DataScope::NoData);
    ent.user_id = user;
    let mut stranger = principal(Role::Enterprise, None, DataScope::NoData);
    stranger.user_id = other;
    assert_eq!(
        scan(db, &stranger, &issued.token)
            .await
            .map(|_| ())
            .map_err(code_of),
        Err("scan.other_subject".into())
    );
    assert_eq!(
        scan(db, &ent, "garbage").await.map(|_| ()).map_err(code_of),
        Err("scan.token".into())
    );
    assert!(
        scan(db, &officer, &issued.token).await.is_err(),
        "officers do not scan"
    );
    assert_eq!(
        rate(db, &ent, &issued.cert_no, 5, "")
            .await
            .map_err(code_of),
        Err("rating.too_early".into())
    );
    assert_eq!(
        scan(db, &ent, &issued.token).await.expect("arrive").kind,
        ScanKind::Arrival
    );
    assert_eq!(
        scan(db, &ent, &issued.token).await.expect("leave").kind,
        ScanKind::Departure
    );
    assert_eq!(
        scan(db, &ent, &issued.token)
            .await
            .map(|_| ())
            .map_err(code_of),
        Err("scan.done".into())
    );
    assert_eq!(
        rate(db, &ent, &issued.cert_no, 6, "")
            .await
            .map_err(code_of),
        Err("rating.score".into())
    );
    rate(db, &ent, &issued.cert_no, 5, "规范")
        .await
        .expect("rate");
    assert_eq!(
        rate(db, &ent, &issued.cert_no, 4, "")
            .await
            .map_err(code_of),
        Err("rating.duplicate".into())
    );
    // A certificate whose validity ended without a scan is flagged to the supervisor.
    let past = t - Duration::days(120);
    let old = create_inspection(db, &officer, &new(&s, &[0, 2], &["JC00100001"], past)).await;
    // (The officer whose card began 400 days ago is valid then too.)
    let old = old.expect("create");
    issue_certificate(db, &officer, old)
        .await
        .expect("issue past");
    let sup = principal(Role::Supervisor, None, DataScope::District);
    let (n, rows) = unscanned(db, &sup, 10).await.expect("flags");
    assert_eq!(n, 1);
    assert_eq!(rows[0].inspection_id, old);
    let year: i64 = t.format("%Y").to_string().parse().expect("year");
    assert_eq!(
        used_in_year(db, BINHAI_REGION, year).await.expect("used"),
        1
    );
    let stats = month_stats(db, &sup, year).await.expect("stats");
    let used: i64 = stats.iter().map(|m| m.used).sum();
    let rated: i64 = stats.iter().map(|m| m.rated).sum();
    assert_eq!((used, rated), (1, 1));
    // Other departments' officers see nothing of the market bureau's figures.
    let safety = principal(Role::Officer, Some(s.w.safety), DataScope::OwnDepartment);
    assert!(
        month_stats(db, &safety, year)
            .await
            .expect("stats")
            .is_empty()
    );
    assert_eq!(unscanned(db, &safety, 10).await.expect("flags").0, 0);
}
