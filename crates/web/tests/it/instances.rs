//! Two server instances on one database keep one state: the holiday calendar edited through one
//! is used by the other within the watch interval (version counters in the database).

use std::time::{Duration, Instant};

use crate::support::{login, server};

/// A second instance of the platform on the shared server's database, on its own runtime.
fn second_instance() -> String {
    let url = server().db_url.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let db = fazhi_core::db::Db::open(&url).await.expect("db");
            let state = fazhi_web::AppState::new(db, false).await.expect("state");
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            let addr = listener.local_addr().expect("addr");
            tx.send(format!("http://{addr}")).expect("send");
            fazhi_web::serve_on(state, listener).await.expect("serve");
        });
    });
    rx.recv().expect("second instance")
}

async fn deadline(c: &reqwest::Client, base: &str) -> serde_json::Value {
    c.get(format!(
        "{base}/api/v1/calendar/deadline?start=2031-03-01&days=1"
    ))
    .send()
    .await
    .expect("deadline")
    .json()
    .await
    .expect("json")
}

#[tokio::test]
async fn a_calendar_edit_on_one_instance_reaches_the_other() {
    let a = server();
    let b = second_instance();
    // Sessions live in the database: the same cookie works on both instances.
    let (c, _) = login("sysadmin").await;
    let before = deadline(&c, &b).await;
    // 2031 has no notice on record: Saturday 2031-03-01 + 1 working day = Monday 03-03,
    // unconfirmed.
    assert_eq!(before["deadline"], "2031-03-03", "{before}");
    assert_eq!(before["confirmed"], false);

    // On instance A: a 2031 notice making 2031-03-03 a day off (a year no other test uses).
    let page = c
        .get(format!("{}/admin/calendar", a.base))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("text");
    let csrf = crate::support::csrf_of(&page);
    let toml = "schema = 1\n\n[years.2031]\ntitle = \"国务院办公厅关于2031年部分节假日安排的通知（测试）\"\ndoc_no = \"国办发明电〔2030〕1号\"\nissued = \"2030-11-01\"\nsources = [\"test\"]\nholidays = [\"2031-03-03\"]\nworkdays = []\n";
    let r = c
        .post(format!("{}/admin/calendar", a.base))
        .form(&[("csrf", csrf.as_str()), ("toml", toml)])
        .send()
        .await
        .expect("save");
    assert_eq!(r.status(), 303, "calendar saved on A");
    assert_eq!(deadline(&c, &a.base).await["deadline"], "2031-03-04");

    // Instance B follows within a few watch intervals.
    let started = Instant::now();
    loop {
        let now = deadline(&c, &b).await;
        if now["deadline"] == "2031-03-04" {
            assert_eq!(now["confirmed"], true);
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "instance B never saw the edit: {now}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
