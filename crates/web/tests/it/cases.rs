//! Penalty cases over HTTP on the demo district: a case from lead to archive through the
//! forms, refusals shown with their article and nothing written, scope and roles, the
//! instruments, the public disclosure and the API.

use chrono::NaiveDate;
use fazhi_core::org::{CardStatus, card_valid_on};
use fazhi_core::powers::{Fine, PowerItem};
use sqlx::Row;

use crate::support::{db, login, server};

/// What a test needs to run a case of the market bureau: a violation with amount tiers, a
/// fine inside its first tier, and two officers with cards valid today for the bureau's domain.
pub struct Fixture {
    /// "POWER_CODE|violation" as the lead form posts it.
    pub violation: String,
    pub tier: String,
    /// Yuan, inside the tier.
    pub fine_yuan: i64,
    pub officers: [i64; 2],
}

pub async fn fixture() -> Fixture {
    let db = db().await;
    let dept: (i64, String) = sqlx::query_as(
        "SELECT id, domains FROM departments WHERE name = '区市场监管局' OR short_name = '区市场监管局' ORDER BY id LIMIT 1",
    )
    .fetch_one(db.pool())
    .await
    .expect("market bureau");
    let domain = serde_json::from_str::<Vec<String>>(&dept.1)
        .unwrap_or_default()
        .into_iter()
        .next()
        .unwrap_or_default();
    let items = sqlx::query(
        "SELECT code, body FROM power_items WHERE category = 'CF' AND status = 'active' AND department_id IN \
         (SELECT ancestor_id FROM department_closure WHERE descendant_id = $1) ORDER BY code",
    )
    .bind(dept.0)
    .fetch_all(db.pool())
    .await
    .expect("items");
    let mut found = None;
    'items: for r in &items {
        let code: String = r.try_get(0).expect("code");
        let body: String = r.try_get(1).expect("body");
        let Ok(item) = serde_json::from_str::<PowerItem>(&body) else {
            continue;
        };
        for v in item.violations {
            // Warnings or large fines would change the procedure; pick a plain amount tier.
            if let Some(t) = v.discretion.tiers.first()
                && let Some(Fine::Amount { min_fen, max_fen }) = t.fine
                && max_fen <= 5_000_000
                && min_fen > 0
            {
                let mid = (min_fen + max_fen) / 2 / 100;
                found = Some((format!("{code}|{}", v.name), t.name.clone(), mid));
                break 'items;
            }
        }
    }
    let (violation, tier, fine_yuan) = found.expect("a market violation with an amount tier");
    let today = fazhi_core::time::today();
    let rows = sqlx::query(
        "SELECT c.id, c.officer_id, c.card_no, c.domains, c.issued_on, c.valid_until, c.status \
         FROM enforcement_cards c JOIN officers o ON o.id = c.officer_id WHERE o.department_id = $1 ORDER BY o.id LIMIT 400",
    )
    .bind(dept.0)
    .fetch_all(db.pool())
    .await
    .expect("cards");
    let mut officers = Vec::new();
    for r in &rows {
        let card = fazhi_core::org::CardRow {
            id: r.try_get(0).expect("id"),
            officer_id: r.try_get(1).expect("officer"),
            card_no: r.try_get(2).expect("no"),
            domains: serde_json::from_str(&r.try_get::<String, _>(3).expect("d"))
                .unwrap_or_default(),
            issued_on: r
                .try_get::<String, _>(4)
                .expect("i")
                .parse::<NaiveDate>()
                .expect("date"),
            valid_until: r
                .try_get::<String, _>(5)
                .expect("u")
                .parse::<NaiveDate>()
                .expect("date"),
            status: CardStatus::parse(&r.try_get::<String, _>(6).expect("s"))
                .unwrap_or(CardStatus::Revoked),
        };
        if card_valid_on(&card, today, &domain) && !officers.contains(&card.officer_id) {
            officers.push(card.officer_id);
        }
        if officers.len() == 2 {
            break;
        }
    }
    assert_eq!(officers.len(), 2, "two market officers with valid cards");
    Fixture {
        violation,
        tier,
        fine_yuan,
        officers: [officers[0], officers[1]],
    }
}

async fn post_step(
    c: &reqwest::Client,
    csrf: &str,
    id: i64,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let today = fazhi_core::time::today().to_string();
    let mut form: Vec<(&str, &str)> = vec![("csrf", csrf), ("on", &today)];
    form.extend_from_slice(fields);
    let r = c
        .post(format!("{}/cases/{id}/step", server().base))
        .form(&form)
        .send()
        .await
        .expect("step");
    let status = r.status().as_u16();
    (status, r.text().await.unwrap_or_default())
}

async fn stage_of(id: i64) -> String {
    let db = db().await;
    sqlx::query_scalar::<_, String>("SELECT stage FROM cases WHERE id = $1")
        .bind(id)
        .fetch_one(db.pool())
        .await
        .expect("stage")
}

async fn new_lead(c: &reqwest::Client, csrf: &str, f: &Fixture, party: &str) -> i64 {
    let today = fazhi_core::time::today().to_string();
    let r = c
        .post(format!("{}/cases/new", server().base))
        .form(&[
            ("csrf", csrf),
            ("procedure", "general"),
            ("source", "inspection"),
            ("source_ref", "测试来源"),
            ("violation", f.violation.as_str()),
            ("party_kind", "organisation"),
            ("party_name", party),
            ("party_code", ""),
            ("party_address", "天津市滨海新区测试路8号"),
            ("facts", "现场检查发现违法行为。"),
            ("lead_on", today.as_str()),
        ])
        .send()
        .await
        .expect("lead");
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    r.headers()["location"]
        .to_str()
        .expect("location")
        .trim_start_matches("/cases/")
        .parse()
        .expect("id")
}

#[tokio::test]
async fn a_case_runs_through_the_forms_from_lead_to_archive() {
    let f = fixture().await;
    let (officer, oc) = login("officer").await;
    let (head, hc) = login("deptadmin").await;
    let id = new_lead(&officer, &oc, &f, "表单测试有限公司").await;
    // The officer cannot approve the filing: the head's queue.
    let (s, _) = post_step(&officer, &oc, id, &[("step", "file"), ("note", "x")]).await;
    assert_eq!(s, 403);
    let (s, body) = post_step(&head, &hc, id, &[("step", "file"), ("note", "同意立案")]).await;
    assert_eq!(s, 303, "{body}");
    // One officer is refused with 第四十二条 and nothing changes.
    let one = f.officers[0].to_string();
    let two = f.officers[1].to_string();
    let (s, body) = post_step(
        &officer,
        &oc,
        id,
        &[("step", "investigate"), ("officer_1", &one)],
    )
    .await;
    assert_eq!(s, 409, "{body}");
    assert!(body.contains("第四十二条"), "the refusal names its article");
    assert_eq!(stage_of(id).await, "filed");
    let (s, body) = post_step(
        &officer,
        &oc,
        id,
        &[
            ("step", "investigate"),
            ("officer_1", &one),
            ("officer_2", &two),
        ],
    )
    .await;
    assert_eq!(s, 303, "{body}");
    // Evidence upload with its SM3 digest.
    let part = reqwest::multipart::Part::bytes("现场笔录".as_bytes().to_vec())
        .file_name("note.txt")
        .mime_str("text/plain")
        .expect("mime");
    let form = reqwest::multipart::Form::new()
        .text("csrf", oc.clone())
        .text("name", "现场检查笔录")
        .text("kind", "勘验笔录、现场笔录")
        .text("on", fazhi_core::time::today().to_string())
        .part("file", part);
    let r = officer
        .post(format!("{}/cases/{id}/evidence", server().base))
        .multipart(form)
        .send()
        .await
        .expect("evidence");
    assert_eq!(r.status(), 303);
    let page = officer
        .get(format!("{}/cases/{id}", server().base))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("text");
    assert!(
        page.contains(&fazhi_core::audit::sm3_hex("现场笔录".as_bytes())),
        "the digest is shown"
    );
    let fine = f.fine_yuan.to_string();
    let (s, body) = post_step(
        &officer,
        &oc,
        id,
        &[
            ("step", "review"),
            ("facts", "查明违法事实。"),
            ("harm", "serious"),
            ("fine", &fine),
            ("tier", &f.tier),
        ],
    )
    .await;
    assert_eq!(s, 303, "{body}");
    // Deciding before the notice: refused (第四十四条).
    let (s, body) = post_step(&head, &hc, id, &[("step", "decide")]).await;
    assert_eq!(s, 409, "{body}");
    assert!(body.contains("第四十四条"));
    assert_eq!(stage_of(id).await, "reviewed");
    let (s, body) = post_step(
        &officer,
        &oc,
        id,
        &[("step", "notify"), ("waived", "1"), ("hearing_waived", "1")],
    )
    .await;
    assert_eq!(s, 303, "{body}");
    let (s, body) = post_step(&head, &hc, id, &[("step", "decide")]).await;
    assert_eq!(s, 303, "{body}");
    // The instruments exist for the stage and print the capital amount.
    let doc = head
        .get(format!("{}/cases/{id}/documents/decision", server().base))
        .send()
        .await
        .expect("doc");
    let status = doc.status();
    let doc = doc.text().await.expect("text");
    assert_eq!(status, 200, "{doc}");
    assert!(
        doc.contains("行政处罚决定书") && doc.contains("罚〔"),
        "decision with its number"
    );
    assert!(
        doc.contains("元整") || doc.contains("角") || doc.contains("分"),
        "capital amount"
    );
    let (s, body) = post_step(
        &officer,
        &oc,
        id,
        &[
            ("step", "serve"),
            ("method", "direct"),
            ("receiver", "张经理"),
        ],
    )
    .await;
    assert_eq!(s, 303, "{body}");
    let r = head
        .post(format!("{}/cases/{id}/disclose", server().base))
        .form(&[
            ("csrf", hc.as_str()),
            ("on", &fazhi_core::time::today().to_string()),
        ])
        .send()
        .await
        .expect("disclose");
    assert_eq!(r.status(), 303);
    let (s, body) = post_step(
        &officer,
        &oc,
        id,
        &[("step", "execute"), ("mode", "paid"), ("paid", &fine)],
    )
    .await;
    assert_eq!(s, 303, "{body}");
    let (s, _) = post_step(&head, &hc, id, &[("step", "close"), ("note", "执行完毕")]).await;
    assert_eq!(s, 303);
    let (s, _) = post_step(&officer, &oc, id, &[("step", "archive")]).await;
    assert_eq!(s, 303);
    assert_eq!(stage_of(id).await, "archived");
    // The portal shows the decision, without login.
    let portal = reqwest::get(format!("{}/portal/penalties?q=表单测试", server().base))
        .await
        .expect("portal")
        .text()
        .await
        .expect("text");
    assert!(
        portal.contains("表单测试有限公司"),
        "published on the portal"
    );
    // The API returns the whole-process record.
    let file: serde_json::Value = officer
        .get(format!("{}/api/v1/cases/{id}", server().base))
        .send()
        .await
        .expect("api")
        .json()
        .await
        .expect("json");
    let steps = file["steps"].as_array().expect("steps");
    assert!(steps.len() >= 11, "{}", steps.len());
    assert_eq!(file["case"]["stage"], "archived");
}

#[tokio::test]
async fn other_bodies_and_wrong_roles_see_nothing() {
    let f = fixture().await;
    let (officer, oc) = login("officer").await;
    let id = new_lead(&officer, &oc, &f, "范围测试有限公司").await;
    // The dispatcher and the enterprise have no case permission at all.
    for who in ["dispatcher", "enterprise", "sysadmin"] {
        let (c, _) = login(who).await;
        let s = c
            .get(format!("{}/cases/{id}", server().base))
            .send()
            .await
            .expect("get")
            .status();
        assert_eq!(s, 403, "{who}");
    }
    // The reviewer can read within scope but cannot act as head or officer.
    let (rev, rc) = login("reviewer").await;
    let (s, _) = post_step(&rev, &rc, id, &[("step", "file"), ("note", "x")]).await;
    assert_eq!(s, 403);
    // A step without CSRF is refused.
    let r = officer
        .post(format!("{}/cases/{id}/step", server().base))
        .form(&[("step", "file"), ("on", "2024-01-01")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 403);
    // Bad input: an unknown step, a malformed date — bilingual errors, nothing written.
    let (s, body) = post_step(&officer, &oc, id, &[("step", "teleport")]).await;
    assert_eq!(s, 422);
    assert!(body.contains("未知的办理环节"), "{body}");
    let r = officer
        .post(format!("{}/api/v1/cases/{id}/steps", server().base))
        .header("X-CSRF-Token", &oc)
        .header("content-type", "application/json")
        .body("{\"step\": 5")
        .send()
        .await
        .expect("api");
    assert_eq!(r.status(), 422);
    let e: serde_json::Value = r.json().await.expect("json");
    assert!(e["message"].is_string() && e["message_en"].is_string());
    assert_eq!(stage_of(id).await, "lead");
    // Guessing an id of nothing returns the same 404 as a case out of scope.
    let s = officer
        .get(format!("{}/cases/999999999", server().base))
        .send()
        .await
        .expect("get")
        .status();
    assert_eq!(s, 404);
}
