//! Work-order dispatch: the classifier learns from corrections, uncertain orders wait for a
//! person, the large-model adapter falls back, bad input writes nothing, roles and scope hold.

use std::time::Duration;

use fazhi_core::BINHAI_REGION;
use fazhi_core::audit::{Actor, AuditedTx, verify};
use fazhi_core::auth::{DataScope, Role};
use fazhi_core::calendar::HolidayCalendar;
use fazhi_core::db::Db;
use fazhi_core::dispatch::llm::{LlmConfig, suggest_with};
use fazhi_core::dispatch::{
    self, NewOrder, OrderKind, OrderQuery, OrderStatus, Step, StepArgs, View, knowledge,
};
use fazhi_core::org::{DeptKind, NewDepartment, create_department};
use fazhi_core::testing::fresh_db;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::principal;

/// A fresh database holding the departments of departments.toml (their ids by short name)
/// and one enforcement unit below the market bureau.
async fn district() -> (Db, Vec<(String, i64)>) {
    let db = fresh_db().await.expect("db");
    let file: toml::Value =
        toml::from_str(include_str!("../../data/binhai/departments.toml")).expect("toml");
    let mut tx = AuditedTx::begin(&db, Actor::system("test"))
        .await
        .expect("tx");
    let mut ids = Vec::new();
    for (i, d) in file["department"]
        .as_array()
        .expect("list")
        .iter()
        .enumerate()
    {
        let name = d["name"].as_str().expect("name");
        let short = d["short_name"].as_str().expect("short");
        let id = create_department(
            &mut tx,
            &NewDepartment {
                region: BINHAI_REGION.into(),
                name: name.into(),
                short_name: short.into(),
                uscc: None,
                uscc_confirmed: false,
                kind: DeptKind::Agency,
                parent_id: None,
                domains: Vec::new(),
                area: String::new(),
                sort_order: i as i64,
            },
        )
        .await
        .expect("department");
        ids.push((short.to_string(), id));
    }
    tx.commit().await.expect("commit");
    (db, ids)
}

fn id_of(ids: &[(String, i64)], short: &str) -> i64 {
    ids.iter()
        .find(|(s, _)| s == short)
        .map(|x| x.1)
        .expect("dept")
}

fn order(text: &str, address: &str) -> NewOrder {
    NewOrder {
        order_no: None,
        kind: OrderKind::Complaint,
        text: text.into(),
        address: address.into(),
        caller: String::new(),
        phone: String::new(),
        received_at: None,
    }
}

async fn count(db: &Db, table: &str) -> i64 {
    sqlx::query_as::<_, (i64,)>(sqlx::AssertSqlSafe(format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM {table}"
    )))
    .fetch_one(db.pool())
    .await
    .expect("count")
    .0
}

#[tokio::test]
async fn suggests_department_item_and_explanation() {
    let (db, ids) = district().await;
    let s = dispatch::suggest(&db, BINHAI_REGION, "楼下饭店油烟直排，窗户都不敢开", "")
        .await
        .expect("suggest");
    let top = s.top().expect("top");
    assert_eq!(top.department_id, id_of(&ids, "区生态环境局"));
    assert!(
        s.evidence.iter().any(|e| e.word == "油烟"),
        "{:?}",
        s.evidence
    );
    assert!(!s.needs_human);
}

#[tokio::test]
async fn corrections_change_later_suggestions_without_restart() {
    let (db, ids) = district().await;
    let cal = HolidayCalendar::new();
    let dispatcher = principal(Role::Dispatcher, None, DataScope::District);
    let text = "小区门口快递驿站把包裹堆在楼前空地上，居民进出不便";
    let before = dispatch::suggest(&db, BINHAI_REGION, text, "")
        .await
        .expect("s");
    let first = before.top().map(|t| t.department_id);
    // The dispatcher decides the matter belongs elsewhere.
    let target = if first == Some(id_of(&ids, "区住建委")) {
        id_of(&ids, "区城市管理委")
    } else {
        id_of(&ids, "区住建委")
    };
    let id = dispatch::create_order(&db, &dispatcher, "hotline", &order(text, "金海园"), &cal)
        .await
        .expect("create");
    let a = StepArgs {
        department_id: Some(target),
        ..Default::default()
    };
    dispatch::dispatcher_step(&db, &dispatcher, id, Step::Dispatch, &a, &cal)
        .await
        .expect("dispatch");
    // The same matter told in other words goes to the corrected department: in this process
    // (cached model refreshed) and in a model built from the records (another instance).
    let again = "金海园小区门口的快递驿站又把包裹堆在楼前空地上了";
    let after = dispatch::suggest(&db, BINHAI_REGION, again, "")
        .await
        .expect("s");
    assert_eq!(after.top().map(|t| t.department_id), Some(target));
    assert_eq!(after.similar_order, Some(id));
    let other = knowledge::build(&db, BINHAI_REGION).await.expect("build");
    assert_eq!(
        other.classify(again, "").top().map(|t| t.department_id),
        Some(target)
    );
}

#[tokio::test]
async fn low_confidence_goes_to_a_human() {
    let (db, _) = district().await;
    let cal = HolidayCalendar::new();
    let dispatcher = principal(Role::Dispatcher, None, DataScope::District);
    let id = dispatch::create_order(
        &db,
        &dispatcher,
        "hotline",
        &order("你好，我想问一下这个事情归谁管", ""),
        &cal,
    )
    .await
    .expect("create");
    let d = dispatch::get_order(&db, &dispatcher, id)
        .await
        .expect("get");
    assert_eq!(d.order.status, OrderStatus::Received);
    assert!(d.order.needs_human);
    assert!(d.order.department_id.is_none());
    let queue = dispatch::list_orders(
        &db,
        &dispatcher,
        &OrderQuery {
            view: View::Desk,
            page: 1,
            page_size: 20,
            ..Default::default()
        },
    )
    .await
    .expect("queue");
    assert_eq!(queue.rows.first().map(|o| o.id), Some(id));
    // A clear matter is dispatched at once, with deadlines.
    let id2 = dispatch::create_order(
        &db,
        &dispatcher,
        "hotline",
        &order("公司拖欠农民工工资三个月不发", ""),
        &cal,
    )
    .await
    .expect("create");
    let d2 = dispatch::get_order(&db, &dispatcher, id2)
        .await
        .expect("get")
        .order;
    assert_eq!(d2.status, OrderStatus::Dispatched);
    assert!(d2.due_date.is_some() && d2.accept_due.is_some());
}

/// A one-shot HTTP server on port 0: `reply` None never answers (a hung model).
async fn fake_model(reply: Option<&'static str>) -> String {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = l.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut s, _)) = l.accept().await {
            let mut buf = vec![0u8; 65536];
            let _ = s.read(&mut buf).await;
            match reply {
                Some(r) => {
                    let _ = s.write_all(r.as_bytes()).await;
                }
                None => tokio::time::sleep(Duration::from_secs(30)).await,
            }
        }
    });
    format!("http://{addr}/v1/chat/completions")
}

#[tokio::test]
async fn model_adapter_falls_back_when_the_endpoint_fails() {
    let (db, ids) = district().await;
    let m = dispatch::model(&db, BINHAI_REGION).await.expect("model");
    let text = "工地包工头拖欠农民工工资";
    let cfg = |url: String| LlmConfig {
        url,
        model: "qwen-local".into(),
        timeout: Duration::from_millis(300),
    };
    let labour = id_of(&ids, "区人社局");
    // Down: nothing listens.
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let a = l.local_addr().expect("addr");
        drop(l);
        format!("http://{a}/v1/chat/completions")
    };
    for url in [
        dead,
        fake_model(Some(
            "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n",
        ))
        .await,
        fake_model(None).await,
        fake_model(Some(
            "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nnot json!",
        ))
        .await,
    ] {
        let s = suggest_with(&cfg(url.clone()), &m, text, "").await;
        assert!(
            s.engine.starts_with("builtin (fallback"),
            "{url}: {}",
            s.engine
        );
        assert_eq!(s.top().map(|t| t.department_id), Some(labour));
    }
    // A working endpoint answers, and its department leads.
    let body = r#"{"choices":[{"message":{"content":"{\"department\": \"天津市滨海新区人力资源和社会保障局\", \"confidence\": 0.93}"}}]}"#;
    let resp: &'static str = Box::leak(
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_boxed_str(),
    );
    let s = suggest_with(&cfg(fake_model(Some(resp)).await), &m, text, "").await;
    assert_eq!(s.engine, "qwen-local");
    assert_eq!(s.top().map(|t| t.department_id), Some(labour));
    assert!((s.confidence - 0.93).abs() < 1e-9);
}

#[tokio::test]
async fn bad_input_is_refused_and_writes_nothing() {
    let (db, _) = district().await;
    let cal = HolidayCalendar::new();
    let dispatcher = principal(Role::Dispatcher, None, DataScope::District);
    let huge = "噪".repeat(dispatch::MAX_TEXT_CHARS + 1);
    for (text, code) in [
        ("   ", "dispatch.text_empty"),
        (huge.as_str(), "dispatch.text_too_long"),
        ("乱码\u{FFFD}\u{FFFD}内容", "dispatch.text_encoding"),
        ("含控制字符\u{0001}", "dispatch.text_encoding"),
    ] {
        let e = dispatch::create_order(&db, &dispatcher, "hotline", &order(text, ""), &cal)
            .await
            .expect_err("must fail");
        assert_eq!(e.code(), code);
        assert!(!e.message_zh().is_empty() && !e.message_en().is_empty());
    }
    assert_eq!(count(&db, "work_orders").await, 0);
    // An import with one bad row imports nothing and names the row and column.
    let csv = "工单编号,来电时间,诉求内容,诉求地址,诉求类型\n\
               A1,2024-03-01 09:00,饭店油烟扰民,金海园,投诉\n\
               A2,昨天,楼下噪音,金海园,投诉\n\
               A3,2024-03-01 10:00,,银海园,表扬\n";
    let rep = dispatch::import_orders(&db, &dispatcher, csv.as_bytes(), "x.csv", &cal)
        .await
        .expect("report");
    assert_eq!(rep.imported, 0);
    let cols: Vec<(usize, &str)> = rep
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_str()))
        .collect();
    assert!(cols.contains(&(3, "B 来电时间")), "{cols:?}");
    assert!(cols.contains(&(4, "E 诉求类型")), "{cols:?}");
    assert!(cols.contains(&(4, "C 诉求内容")), "{cols:?}");
    // A GBK file is a clear encoding error.
    let e = dispatch::import_orders(
        &db,
        &dispatcher,
        &[0xB9, 0xA4, 0xB5, 0xA5, b'\n'],
        "gbk.csv",
        &cal,
    )
    .await
    .expect_err("encoding");
    assert_eq!(e.code(), "dispatch.encoding");
    assert_eq!(count(&db, "work_orders").await, 0);
    // A good file imports every row.
    let good = "工单编号,来电时间,诉求内容,诉求地址,诉求类型\n\
                B1,2024-03-01 09:00,饭店油烟直排扰民,金海园,投诉\n\
                B2,2024-03-02 10:00,\"公司拖欠工资，老板失联\",开发区,举报\n";
    let rep = dispatch::import_orders(&db, &dispatcher, good.as_bytes(), "ok.csv", &cal)
        .await
        .expect("import");
    assert_eq!((rep.imported, rep.errors.len()), (2, 0));
}

#[tokio::test]
async fn roles_and_department_scope() {
    let (db, ids) = district().await;
    let cal = HolidayCalendar::new();
    let dispatcher = principal(Role::Dispatcher, None, DataScope::District);
    let market = id_of(&ids, "区市场监管局");
    let labour = id_of(&ids, "区人社局");
    let market_officer = principal(Role::Officer, Some(market), DataScope::OwnDepartment);
    let labour_admin = principal(Role::DeptAdmin, Some(labour), DataScope::DepartmentTree);
    let supervisor = principal(Role::Supervisor, None, DataScope::District);
    let id = dispatch::create_order(
        &db,
        &dispatcher,
        "hotline",
        &order("公司拖欠工资两个月", ""),
        &cal,
    )
    .await
    .expect("create");
    // Only dispatchers use the desk.
    for who in [&market_officer, &labour_admin, &supervisor] {
        let q = OrderQuery {
            view: View::Desk,
            page: 1,
            page_size: 10,
            ..Default::default()
        };
        assert_eq!(
            dispatch::list_orders(&db, who, &q)
                .await
                .expect_err("desk")
                .code(),
            "forbidden"
        );
        assert!(
            dispatch::create_order(&db, who, "hotline", &order("油烟", ""), &cal)
                .await
                .is_err()
        );
    }
    let a = StepArgs {
        department_id: Some(labour),
        ..Default::default()
    };
    dispatch::dispatcher_step(&db, &dispatcher, id, Step::Dispatch, &a, &cal)
        .await
        .expect("dispatch");
    // The market bureau neither sees nor accepts the labour bureau's order.
    assert_eq!(
        dispatch::get_order(&db, &market_officer, id)
            .await
            .expect_err("hidden")
            .code(),
        "not_found"
    );
    let none = StepArgs::default();
    assert!(
        dispatch::department_step(&db, &market_officer, id, Step::Accept, &none, &cal)
            .await
            .is_err()
    );
    let inbox = OrderQuery {
        view: View::Inbox,
        page: 1,
        page_size: 10,
        ..Default::default()
    };
    assert_eq!(
        dispatch::list_orders(&db, &market_officer, &inbox)
            .await
            .expect("inbox")
            .total,
        0
    );
    assert_eq!(
        dispatch::list_orders(&db, &labour_admin, &inbox)
            .await
            .expect("inbox")
            .total,
        1
    );
    // A dispatcher does not accept on a department's behalf.
    assert!(
        dispatch::department_step(&db, &dispatcher, id, Step::Accept, &none, &cal)
            .await
            .is_err()
    );
    // The supervisor reads the statistics.
    let s = dispatch::stats(&db, &supervisor, "2099-01-01")
        .await
        .expect("stats");
    assert_eq!(s.total, 1);
    assert!(
        dispatch::stats(&db, &market_officer, "2099-01-01")
            .await
            .is_err()
    );
}

#[tokio::test]
async fn the_whole_flow_with_return_redispatch_and_merge() {
    let (db, ids) = district().await;
    let cal = HolidayCalendar::new();
    let dispatcher = principal(Role::Dispatcher, None, DataScope::District);
    let market = id_of(&ids, "区市场监管局");
    let eco = id_of(&ids, "区生态环境局");
    let eco_officer = principal(Role::Officer, Some(eco), DataScope::OwnDepartment);
    let market_officer = principal(Role::Officer, Some(market), DataScope::OwnDepartment);
    let text = "福州道金海园楼下烧烤店油烟直排，熏得没法开窗";
    let id = dispatch::create_order(
        &db,
        &dispatcher,
        "hotline",
        &order(text, "塘沽福州道金海园3号楼"),
        &cal,
    )
    .await
    .expect("create");
    let a = StepArgs {
        department_id: Some(market),
        ..Default::default()
    };
    dispatch::dispatcher_step(&db, &dispatcher, id, Step::Dispatch, &a, &cal)
        .await
        .expect("dispatch");
    // Returning needs a reason.
    let e = dispatch::department_step(
        &db,
        &market_officer,
        id,
        Step::Return,
        &StepArgs::default(),
        &cal,
    )
    .await
    .expect_err("reason");
    assert_eq!(e.code(), "dispatch.note");
    let r = StepArgs {
        note: "餐饮油烟排放由生态环境部门管辖".into(),
        ..Default::default()
    };
    dispatch::department_step(&db, &market_officer, id, Step::Return, &r, &cal)
        .await
        .expect("return");
    let a = StepArgs {
        department_id: Some(eco),
        ..Default::default()
    };
    dispatch::dispatcher_step(&db, &dispatcher, id, Step::Dispatch, &a, &cal)
        .await
        .expect("redispatch");
    for (step, note) in [
        (Step::Accept, ""),
        (Step::Handle, "已现场检查，责令安装油烟净化设施"),
        (Step::Reply, "已电话告知来电人"),
    ] {
        let a = StepArgs {
            note: note.into(),
            ..Default::default()
        };
        dispatch::department_step(&db, &eco_officer, id, step, &a, &cal)
            .await
            .expect("step");
    }
    let e = dispatch::dispatcher_step(
        &db,
        &dispatcher,
        id,
        Step::Close,
        &StepArgs {
            rating: Some(9),
            ..Default::default()
        },
        &cal,
    )
    .await
    .expect_err("rating");
    assert_eq!(e.code(), "dispatch.rating");
    dispatch::dispatcher_step(
        &db,
        &dispatcher,
        id,
        Step::Close,
        &StepArgs {
            rating: Some(5),
            ..Default::default()
        },
        &cal,
    )
    .await
    .expect("close");
    let d = dispatch::get_order(&db, &dispatcher, id)
        .await
        .expect("get");
    assert_eq!(d.order.status, OrderStatus::Closed);
    // The classifier may have dispatched it on intake already: then the dispatcher's choice of
    // the market bureau was a re-dispatch too.
    assert_eq!(d.order.return_count, 1);
    assert!(d.order.redispatch_count >= 1);
    let actions: Vec<&str> = d.events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions[0], "receive");
    assert!(
        actions.ends_with(&["return", "dispatch", "accept", "handle", "reply", "close"]),
        "{actions:?}"
    );
    // A second call about the same place and matter is found and merged.
    let dup = dispatch::create_order(
        &db,
        &dispatcher,
        "hotline",
        &order(
            "金海园楼下烧烤店油烟直排问题又出现了",
            "塘沽福州道金海园 3号楼2单元",
        ),
        &cal,
    )
    .await
    .expect("create");
    let third = dispatch::create_order(
        &db,
        &dispatcher,
        "hotline",
        &order("金海园楼下烧烤店油烟还是直排", "塘沽福州道金海园"),
        &cal,
    )
    .await
    .expect("create");
    let found = dispatch::find_duplicates(&db, &dispatcher, third)
        .await
        .expect("dups");
    assert!(found.iter().any(|o| o.id == dup), "{found:?}");
    let m = StepArgs {
        merge_into: Some(dup),
        ..Default::default()
    };
    dispatch::dispatcher_step(&db, &dispatcher, third, Step::Merge, &m, &cal)
        .await
        .expect("merge");
    let t = dispatch::get_order(&db, &dispatcher, third)
        .await
        .expect("get")
        .order;
    assert_eq!((t.status, t.merged_into), (OrderStatus::Merged, Some(dup)));
    assert!(
        verify(&db, |_, _| {})
            .await
            .expect("verify")
            .broken
            .is_none()
    );
}
