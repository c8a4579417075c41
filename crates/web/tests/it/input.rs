//! Bad input gets a clear error in both languages and writes nothing.

use fazhi_core::excel::write_table;
use fazhi_core::org::IMPORT_COLUMNS;
use reqwest::multipart::{Form, Part};

use crate::support::{department_id, login, server};

async fn total(c: &reqwest::Client) -> i64 {
    let v: serde_json::Value = c
        .get(format!("{}/api/v1/officers?page_size=1", server().base))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    v["total"].as_i64().expect("total")
}

async fn upload(c: &reqwest::Client, csrf: &str, bytes: Vec<u8>) -> (u16, String) {
    let form = Form::new()
        .text("csrf", csrf.to_string())
        .part("file", Part::bytes(bytes).file_name("officers.xlsx"));
    // The server may stop reading an oversized body: never reuse that connection.
    let r = c
        .post(format!("{}/org/officers/import", server().base))
        .header(reqwest::header::CONNECTION, "close")
        .multipart(form)
        .send()
        .await
        .expect("post");
    (r.status().as_u16(), r.text().await.expect("text"))
}

#[tokio::test]
async fn malformed_excel_is_refused_in_both_languages() {
    let (c, csrf) = login("deptadmin").await;
    let before = total(&c).await;
    let (st, body) = upload(&c, &csrf, b"PK\x03\x04 definitely not a workbook".to_vec()).await;
    assert_eq!(st, 422);
    assert!(body.contains("无法读取 Excel 文件"), "{body}");
    assert_eq!(total(&c).await, before);
}

#[tokio::test]
async fn oversized_uploads_are_refused() {
    let (c, csrf) = login("deptadmin").await;
    let before = total(&c).await;
    let (st, body) = upload(&c, &csrf, vec![b'x'; 6 * 1024 * 1024]).await;
    assert!(st == 413 || st == 422, "status {st}");
    if st == 422 {
        assert!(body.contains("上限"), "{body}");
    }
    assert_eq!(total(&c).await, before);
}

#[tokio::test]
async fn unknown_departments_and_bad_rows_are_listed_and_nothing_is_imported() {
    let (c, csrf) = login("deptadmin").await;
    let before = total(&c).await;
    let rows = vec![
        vec![
            "张三".into(),
            "120116198507150121".into(),
            "不存在的局".into(),
            "".into(),
            "".into(),
            "".into(),
            "".into(),
            "".into(),
        ],
        vec![
            "李四".into(),
            "12011619850715012X".into(),
            "区市场监管局".into(),
            "".into(),
            "".into(),
            "".into(),
            "".into(),
            "".into(),
        ],
    ];
    let bytes = write_table("执法人员", &IMPORT_COLUMNS, &rows).expect("xlsx");
    let (st, body) = upload(&c, &csrf, bytes).await;
    assert_eq!(st, 422);
    assert!(body.contains("import-errors"));
    assert!(body.contains("部门“不存在的局”不存在"), "{body}");
    assert!(body.contains("C 所属部门") && body.contains("B 身份证号"));
    assert_eq!(total(&c).await, before);
}

#[tokio::test]
async fn wrong_types_in_json_get_a_json_error() {
    let (c, csrf) = login("deptadmin").await;
    let before = total(&c).await;
    let url = format!("{}/api/v1/officers", server().base);
    let r = c
        .post(&url)
        .header("x-csrf-token", &csrf)
        .json(&serde_json::json!({"department_id": "abc", "name": 5}))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 422);
    let e: serde_json::Value = r.json().await.expect("json");
    assert_eq!(e["code"], "api.body");
    assert!(e["message"].as_str().is_some_and(|m| m.contains("JSON")));
    assert!(e["message_en"].as_str().is_some_and(|m| m.contains("JSON")));
    // A bad identity number names its field.
    let dept = department_id("区市场监管局").await;
    let r = c
        .post(&url)
        .header("x-csrf-token", &csrf)
        .json(&serde_json::json!({"department_id": dept, "name": "王五", "id_number": "120116198507150122"}))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 422);
    let e: serde_json::Value = r.json().await.expect("json");
    assert_eq!(e["field"], "id_number");
    // A department outside the scope (or unknown) is refused.
    let r = c
        .post(&url)
        .header("x-csrf-token", &csrf)
        .json(&serde_json::json!({"department_id": 999_999, "name": "王五", "id_number": "120116198507150121"}))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 403);
    assert_eq!(total(&c).await, before);
}

#[tokio::test]
async fn bad_dates_on_the_form_come_back_with_the_error() {
    let (c, csrf) = login("deptadmin").await;
    let before = total(&c).await;
    let dept = department_id("区市场监管局").await.to_string();
    let r = c
        .post(format!("{}/org/officers", server().base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "赵六"),
            ("id_number", "120116198507150121"),
            ("department_id", dept.as_str()),
            ("card_no", "X1"),
            ("issued_on", "2024-02-30"),
            ("valid_until", "2026-01-01"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 422);
    let body = r.text().await.expect("text");
    assert!(body.contains("日期“2024-02-30”无效"), "the form explains");
    assert!(body.contains("value=\"赵六\""), "and keeps what was typed");
    assert_eq!(total(&c).await, before);
}

#[tokio::test]
async fn a_failing_credit_code_needs_explicit_confirmation() {
    let s = server();
    let (sup, csrf) = login("supervisor").await;
    let form = |confirm: &'static str, csrf: String| {
        vec![
            ("csrf", csrf),
            ("name", "测试早期赋码执法主体".to_string()),
            ("uscc", "914403001922038217".to_string()),
            ("kind", "agency".to_string()),
            ("uscc_confirmed", confirm.to_string()),
        ]
    };
    let r = sup
        .post(format!("{}/org/departments", s.base))
        .form(&form("", csrf.clone()))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 422);
    let body = r.text().await.expect("text");
    assert!(
        body.contains("uscc_confirmed"),
        "the form asks for the confirmation"
    );
    assert!(body.contains("校验"), "and says why");
    let r = sup
        .post(format!("{}/org/departments", s.base))
        .form(&form("1", csrf.clone()))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 303, "confirmed: registered");
    let list = sup
        .get(format!("{}/org/departments", s.base))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("text");
    assert!(list.contains("测试早期赋码执法主体") && list.contains("校验未通过（已确认）"));
    // Only the Justice Bureau registers bodies.
    let (adm, csrf2) = login("deptadmin").await;
    let r = adm
        .post(format!("{}/org/departments", s.base))
        .form(&form("1", csrf2))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn training_is_recorded_within_scope_only() {
    let s = server();
    let (market, safety) = crate::support::officer_ids().await;
    let (adm, csrf) = login("deptadmin").await;
    let post = |id: i64, hours: &'static str| {
        let f = vec![
            ("csrf", csrf.clone()),
            ("year", "2025".to_string()),
            ("hours", hours.to_string()),
            ("exam_score", "88".to_string()),
        ];
        adm.post(format!("{}/org/officers/{id}/training", s.base))
            .form(&f)
            .send()
    };
    assert_eq!(post(market, "72").await.expect("post").status(), 303);
    let page = adm
        .get(format!("{}/org/officers/{market}", s.base))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("text");
    assert!(page.contains("2025") && page.contains(">72<"), "recorded");
    assert_eq!(
        post(safety, "72").await.expect("post").status(),
        404,
        "another department's officer"
    );
    let r = post(market, "lots").await.expect("post");
    assert_eq!(r.status(), 422);
    assert!(r.text().await.expect("text").contains("不是整数"));
}
