//! Electronic inspection certificates through HTTP on the demo district: the public key set and
//! revocation list, the public page's verdicts (VALID, EXPIRED, REVOKED, FORGED for altered,
//! truncated and garbage tokens), issuance through the API with a gate refusal named, the
//! enterprise's door scans and rating, the console pages and who may open them.

use fazhi_core::BINHAI_REGION;
use serde_json::{Value, json};

use crate::support::{db, login, server};

async fn text(c: &reqwest::Client, url: &str) -> (u16, String) {
    let r = c.get(url).send().await.expect("get");
    (r.status().as_u16(), r.text().await.expect("text"))
}

fn verdict(html: &str) -> String {
    let key = "data-verdict=\"";
    html.find(key)
        .map(|i| {
            let rest = &html[i + key.len()..];
            rest[..rest.find('"').unwrap_or(0)].to_string()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn key_set_page_verdicts_and_revocation() {
    let base = &server().base;
    let pool = db().await;
    let anon = crate::support::client();
    // The key set: what `fazhi cert keys` prints (the same function and serialisation).
    let (s, body) = text(
        &anon,
        &format!("{base}/api/v1/inspection-certificates/keys"),
    )
    .await;
    assert_eq!(s, 200);
    let ks = fazhi_core::inspection::key_set(&pool, BINHAI_REGION, fazhi_core::time::today())
        .await
        .expect("keys");
    assert_eq!(body, serde_json::to_string(&ks).expect("json"));
    assert!(ks.keys.len() >= 2, "the rotated 2024 key stays published");
    assert!(
        ks.keys
            .iter()
            .all(|k| k.public_key.len() == 130 && k.public_key.starts_with("04"))
    );
    let privates: Vec<(String,)> = sqlx::query_as("SELECT private_key FROM inspection_keys")
        .fetch_all(pool.pool())
        .await
        .expect("keys");
    for (p,) in privates {
        assert!(!body.contains(&p), "no private key is served");
    }
    // A 2024 certificate reads EXPIRED; the demo's current one VALID.
    let (old,): (String,) = sqlx::query_as(
        "SELECT token FROM inspection_certificates WHERE month = '2024-03' AND status = 'issued' ORDER BY id LIMIT 1",
    )
    .fetch_one(pool.pool())
    .await
    .expect("2024 certificate");
    let (s, html) = text(&anon, &format!("{base}/v/{old}")).await;
    assert_eq!(s, 200);
    assert_eq!(verdict(&html), "EXPIRED");
    assert!(html.contains("执法证号"), "officers with card numbers");
    let (current,): (String,) = sqlx::query_as(
        "SELECT c.token FROM inspection_certificates c JOIN inspections i ON i.id = c.inspection_id \
         WHERE i.ground_ref = '演示：本周专项检查' ORDER BY c.id DESC LIMIT 1",
    )
    .fetch_one(pool.pool())
    .await
    .expect("current certificate");
    let (_, html) = text(&anon, &format!("{base}/v/{current}")).await;
    assert_eq!(verdict(&html), "VALID");
    // Every failure is a page that says FORGED, never an error or a panic.
    let mut altered = current.clone().into_bytes();
    let i = altered.len() - 20;
    altered[i] = if altered[i] == b'A' { b'B' } else { b'A' };
    let altered = String::from_utf8(altered).expect("ascii");
    let mut payload = current.clone().into_bytes();
    let j = current.find('.').map(|k| k + 20).unwrap_or(20);
    payload[j] = if payload[j] == b'x' { b'y' } else { b'x' };
    let payload = String::from_utf8(payload).expect("ascii");
    let unknown = {
        let d = fazhi_core::inspection::decode(&current).expect("decode");
        current.replacen(&d.kid, "kNOPE", 1)
    };
    for (bad, what) in [
        (altered.as_str(), "altered signature"),
        (payload.as_str(), "altered payload"),
        (unknown.as_str(), "unknown kid"),
        (&current[..current.len() / 2], "truncated"),
        ("garbage", "garbage"),
        ("FZ1.a.b.c", "bad base64"),
        ("%E4%B8%AD%E6%96%87", "non-ascii"),
    ] {
        let (s, html) = text(&anon, &format!("{base}/v/{bad}")).await;
        assert_eq!(s, 200, "{what}");
        assert_eq!(verdict(&html), "FORGED", "{what}");
    }
    let v: Value = anon
        .get(format!("{base}/api/v1/inspection-certificates/verify"))
        .query(&[("token", current.as_str())])
        .send()
        .await
        .expect("verify")
        .json()
        .await
        .expect("json");
    assert_eq!(v["verdict"], "VALID");
    // Revocation by the issuing department: listed with a higher counter, page says REVOKED.
    let (officer, token) = login("deptadmin").await;
    let (cert_no, tok): (String, String) = sqlx::query_as(
        "SELECT c.cert_no, c.token FROM inspection_certificates c JOIN departments d ON d.id = c.department_id \
         WHERE d.short_name = '区市场监管局' AND c.month = '2024-05' AND c.status = 'issued' ORDER BY c.id LIMIT 1",
    )
    .fetch_one(pool.pool())
    .await
    .expect("market certificate");
    let before: Value = anon
        .get(format!("{base}/api/v1/inspection-certificates/revocations"))
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    let r = officer
        .post(format!(
            "{base}/api/v1/inspection-certificates/{cert_no}/revoke"
        ))
        .header("X-CSRF-Token", &token)
        .json(&json!({"reason": "检查组成员变更"}))
        .send()
        .await
        .expect("revoke");
    assert_eq!(r.status(), 200);
    let after: Value = anon
        .get(format!("{base}/api/v1/inspection-certificates/revocations"))
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    assert!(after["counter"].as_i64() > before["counter"].as_i64());
    assert!(
        after["revoked"]
            .as_array()
            .is_some_and(|a| a.contains(&json!(cert_no)))
    );
    let (_, html) = text(&anon, &format!("{base}/v/{tok}")).await;
    assert_eq!(verdict(&html), "REVOKED");
    // Without the CSRF header: refused.
    let r = officer
        .post(format!(
            "{base}/api/v1/inspection-certificates/{cert_no}/revoke"
        ))
        .json(&json!({"reason": "x"}))
        .send()
        .await
        .expect("revoke");
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn issuance_gates_door_scans_and_pages() {
    let base = &server().base;
    let pool = db().await;
    let (dept, officers, subject, matters): (i64, String, String, String) = sqlx::query_as(
        "SELECT department_id, officers, subject_code, matters FROM inspections WHERE ground_ref = '演示：本周专项检查' LIMIT 1",
    )
    .fetch_one(pool.pool())
    .await
    .expect("demo inspection");
    let team: Vec<Value> = serde_json::from_str(&officers).expect("team");
    let ids: Vec<i64> = team.iter().filter_map(|m| m["id"].as_i64()).collect();
    let domain = team[0]["domain"].as_str().unwrap_or_default().to_string();
    let matters: Vec<String> = serde_json::from_str(&matters).expect("matters");
    let (short,): (String,) = sqlx::query_as("SELECT short_name FROM departments WHERE id = $1")
        .bind(dept)
        .fetch_one(pool.pool())
        .await
        .expect("dept");
    assert_eq!(
        short, "区市场监管局",
        "the demo's current inspection is the market bureau's"
    );
    let (c, token) = login("deptadmin").await;
    let today = fazhi_core::time::today();
    let create = |officers: Vec<i64>, ground: &'static str, reason: &'static str| {
        json!({
            "ground": ground, "ground_ref": "12345-TEST-1", "reason": reason,
            "subject_code": subject, "domain": domain, "matters": matters, "officers": officers,
            "window_start": today.to_string(), "window_end": today.to_string(),
        })
    };
    let issue = async |body: Value| -> (u16, Value) {
        let r: Value = c
            .post(format!("{base}/api/v1/inspections"))
            .header("X-CSRF-Token", &token)
            .json(&body)
            .send()
            .await
            .expect("create")
            .json()
            .await
            .expect("json");
        let id = r["id"].as_i64().expect("id");
        let r = c
            .post(format!("{base}/api/v1/inspections/{id}/certificate"))
            .header("X-CSRF-Token", &token)
            .send()
            .await
            .expect("issue");
        (r.status().as_u16(), r.json().await.expect("json"))
    };
    let (s, e) = issue(create(ids[..1].to_vec(), "campaign", "")).await;
    assert_eq!((s, e["code"].as_str()), (422, Some("gate.officers")));
    let (s, e) = issue(create(ids.clone(), "campaign", "")).await;
    assert_eq!(
        (s, e["code"].as_str()),
        (422, Some("gate.quiet_period")),
        "same matter this week"
    );
    let (s, issued) = issue(create(ids.clone(), "complaint", "12345 工单反映无证经营")).await;
    assert_eq!(s, 200, "{issued}");
    let new_token = issued["token"].as_str().expect("token").to_string();
    // The enterprise at the door: the page offers the scan; arrival, departure, rating.
    let (e, etoken) = login("enterprise").await;
    let (_, html) = text(&e, &format!("{base}/v/{new_token}")).await;
    assert!(html.contains("scan-btn"));
    for kind in ["arrival", "departure"] {
        let r: Value = e
            .post(format!("{base}/api/v1/inspection-certificates/scan"))
            .header("X-CSRF-Token", &etoken)
            .json(&json!({"token": new_token}))
            .send()
            .await
            .expect("scan")
            .json()
            .await
            .expect("json");
        assert_eq!(r["kind"], kind);
    }
    let cert_no = issued["cert_no"].as_str().expect("no");
    let r = e
        .post(format!(
            "{base}/api/v1/inspection-certificates/{cert_no}/rating"
        ))
        .header("X-CSRF-Token", &etoken)
        .json(&json!({"score": 5, "comment": "规范"}))
        .send()
        .await
        .expect("rate");
    assert_eq!(r.status(), 200);
    let (s, html) = text(&e, &format!("{base}/enterprise/inspections")).await;
    assert_eq!(s, 200);
    assert!(html.contains(cert_no));
    // Pages by role.
    let (id,): (i64,) =
        sqlx::query_as("SELECT inspection_id FROM inspection_certificates WHERE cert_no = $1")
            .bind(cert_no)
            .fetch_one(pool.pool())
            .await
            .expect("id");
    for path in [
        "/inspections".to_string(),
        "/inspections/stats".into(),
        format!("/inspections/{id}"),
        format!("/inspections/certificates/{cert_no}/print"),
    ] {
        let (s, _) = text(&c, &format!("{base}{path}")).await;
        assert_eq!(s, 200, "{path}");
    }
    let (sup, _) = login("supervisor").await;
    let (s, html) = text(&sup, &format!("{base}/inspections/stats?year=2024")).await;
    assert_eq!(s, 200);
    assert!(html.contains("flag-table"));
    let stats: Value = sup
        .get(format!("{base}/api/v1/inspections/stats?year=2024"))
        .send()
        .await
        .expect("stats")
        .json()
        .await
        .expect("json");
    let used: i64 = stats
        .as_array()
        .map(|a| a.iter().filter_map(|m| m["used"].as_i64()).sum())
        .unwrap_or(0);
    assert!(used > 10_000, "more than 10,000 used in 2024: {used}");
    let (sec, _) = login("secadmin").await;
    let (s, _) = text(&sec, &format!("{base}/security/inspection-keys")).await;
    assert_eq!(s, 200);
    let (s, _) = text(&c, &format!("{base}/security/inspection-keys")).await;
    assert_eq!(s, 403);
    let (s, _) = text(&e, &format!("{base}/inspections")).await;
    assert_eq!(s, 403);
}
