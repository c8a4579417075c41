//! A real browser: log in, open the officer list, filter by department, export Excel.
//! Runs with Debian's chromium and chromium-driver; required when FAZHI_BROWSER=1.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{ClientBuilder, Locator};

use crate::support::{PASSWORD, department_id, server};

struct Driver(Child);
impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn chromedriver() -> Option<&'static str> {
    ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
}

/// A headless Chromium session (None when chromedriver is missing and not required).
pub(crate) struct Session {
    pub(crate) b: fantoccini::Client,
    _driver: Driver,
    pub(crate) profile: std::path::PathBuf,
}

pub(crate) async fn session() -> Option<Session> {
    let required = std::env::var("FAZHI_BROWSER").is_ok_and(|v| v == "1");
    let Some(driver_bin) = chromedriver() else {
        assert!(
            !required,
            "FAZHI_BROWSER=1 but chromedriver is not installed (apt-get install chromium-driver)"
        );
        eprintln!("browser test skipped: no chromedriver (set FAZHI_BROWSER=1 to require it)");
        return None;
    };
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
        l.local_addr().expect("addr").port()
    };
    let _driver = Driver(
        Command::new(driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver"),
    );
    let profile = std::env::temp_dir().join(format!("fz-chrome-{port}"));
    let caps: serde_json::Map<String, serde_json::Value> = serde_json::from_value(serde_json::json!({
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--no-first-run", "--window-size=1366,900", format!("--user-data-dir={}", profile.display())]
        }
    }))
    .expect("caps");
    let mut browser = None;
    for _ in 0..50 {
        match ClientBuilder::rustls()
            .expect("tls")
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(b) => {
                browser = Some(b);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    let b = browser.expect("chromedriver session");
    Some(Session {
        b,
        _driver,
        profile,
    })
}

/// Logs in through the login form and waits for the home page.
pub(crate) async fn sign_in(b: &fantoccini::Client, user: &str) {
    let base = &server().base;
    b.goto(&format!("{base}/login")).await.expect("login page");
    b.find(Locator::Id("username"))
        .await
        .expect("username")
        .send_keys(user)
        .await
        .expect("type");
    b.find(Locator::Id("password"))
        .await
        .expect("password")
        .send_keys(PASSWORD)
        .await
        .expect("type");
    b.find(Locator::Css("form[action='/login'] button[type=submit]"))
        .await
        .expect("submit")
        .click()
        .await
        .expect("click");
    b.wait()
        .for_element(Locator::Css(".figure-grid"))
        .await
        .expect("home after login");
}

#[tokio::test]
async fn login_filter_and_export_in_chromium() {
    let Some(Session {
        b,
        _driver,
        profile,
    }) = session().await
    else {
        return;
    };
    let base = &server().base;
    sign_in(&b, "supervisor").await;
    b.goto(&format!("{base}/org/officers"))
        .await
        .expect("officers");
    let first = b
        .find(Locator::Css("#officer-table tbody tr td a"))
        .await
        .expect("a row");
    assert!(
        !first.text().await.expect("text").is_empty(),
        "the list shows officers"
    );

    // Filter by the emergency bureau through the department tree select.
    let dept = department_id("区应急局").await;
    let select = b.find(Locator::Id("f-dept")).await.expect("dept select");
    select
        .select_by_value(&dept.to_string())
        .await
        .expect("select");
    // Without waiting on the autosubmit script, submit the form as a keyboard user would.
    if !b
        .current_url()
        .await
        .expect("url")
        .as_str()
        .contains("dept=")
    {
        b.find(Locator::Css(".search-actions button[type=submit]"))
            .await
            .expect("search")
            .click()
            .await
            .expect("click");
    }
    b.wait()
        .for_url(
            &url::Url::parse(&format!(
                "{base}/org/officers?q=&dept={dept}&card_status=&sort="
            ))
            .expect("url"),
        )
        .await
        .ok();
    let url = b.current_url().await.expect("url");
    assert!(
        url.as_str().contains(&format!("dept={dept}")),
        "filter lives in the URL: {url}"
    );
    let rows = b
        .find_all(Locator::Css("#officer-table tbody tr"))
        .await
        .expect("rows");
    assert!(!rows.is_empty());
    for r in &rows {
        let t = r.text().await.expect("row");
        assert!(
            t.contains("天津市滨海新区应急管理局"),
            "row outside the filter: {t}"
        );
    }

    // Export: the link carries the filter; fetch it inside the browser session.
    let href = b
        .find(Locator::Id("export-xlsx"))
        .await
        .expect("export")
        .attr("href")
        .await
        .expect("href")
        .expect("href value");
    assert!(href.contains(&format!("dept={dept}")), "{href}");
    let res = b
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch(arguments[0]).then(async r => done([r.status, r.headers.get('content-type'), (await r.arrayBuffer()).byteLength]))
               .catch(e => done([0, String(e), 0]));",
            vec![serde_json::Value::String(href)],
        )
        .await
        .expect("fetch");
    assert_eq!(res[0], 200, "{res:?}");
    assert!(
        res[1].as_str().unwrap_or("").contains("spreadsheetml"),
        "{res:?}"
    );
    assert!(res[2].as_u64().unwrap_or(0) > 1000, "{res:?}");
    // FAZHI_SCREENSHOTS=dir saves the README's screenshots of the main pages.
    if let Ok(dir) = std::env::var("FAZHI_SCREENSHOTS") {
        let (market, _) = crate::support::officer_ids().await;
        for (name, path) in [
            ("home", "/".to_string()),
            ("officers", format!("/org/officers?dept={dept}")),
            ("officer", format!("/org/officers/{market}")),
            ("departments", "/org/departments".to_string()),
            (
                "deadline",
                "/tools/deadline?start=2024-09-27&days=5&kind=working".to_string(),
            ),
            ("portal", "/portal/officers".to_string()),
            ("powers", "/powers/items".to_string()),
            ("sampling", "/sampling/tasks".to_string()),
            ("dispatch", "/dispatch/stats".to_string()),
            ("supervision", "/supervision".to_string()),
            ("reviews", "/supervision/reviews".to_string()),
            ("stats", "/cases/stats?year=2024".to_string()),
        ] {
            b.goto(&format!("{base}{path}")).await.expect("page");
            let png = b.screenshot().await.expect("screenshot");
            std::fs::write(format!("{dir}/{name}.png"), png).expect("write screenshot");
        }
    }
    b.close().await.expect("close");
    let _ = std::fs::remove_dir_all(profile);
}

/// Signs out through the top bar's form.
pub(crate) async fn sign_out(b: &fantoccini::Client) {
    b.find(Locator::Css("form[action='/logout'] button"))
        .await
        .expect("logout button")
        .click()
        .await
        .expect("logout");
    b.wait()
        .for_element(Locator::Id("username"))
        .await
        .expect("login page after logout");
}

/// Opens the case page and submits the form of one step (after `fill` has filled it).
async fn step<F, Fut>(b: &fantoccini::Client, id: i64, name: &str, fill: F)
where
    F: FnOnce(fantoccini::Client) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let base = &server().base;
    b.goto(&format!("{base}/cases/{id}"))
        .await
        .expect("case page");
    fill(b.clone()).await;
    // The title is on the page before and after the post: wait for the old page to go, or a
    // refusal on the new one could be missed.
    let before = b.find(Locator::Id("case-title")).await.expect("title");
    b.find(Locator::Id(&format!("submit-{name}")))
        .await
        .unwrap_or_else(|_| panic!("the {name} form is offered"))
        .click()
        .await
        .expect("submit");
    for _ in 0..100 {
        if before.text().await.is_err() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    b.wait()
        .for_element(Locator::Id("case-title"))
        .await
        .expect("back on the case page");
    if let Ok(e) = b.find(Locator::Id("step-error")).await {
        panic!("{name} refused: {}", e.text().await.unwrap_or_default());
    }
}

async fn set(b: &fantoccini::Client, id: &str, text: &str) {
    b.find(Locator::Id(id))
        .await
        .expect("field")
        .send_keys(text)
        .await
        .expect("type");
}

async fn choose(b: &fantoccini::Client, id: &str, value: &str) {
    b.find(Locator::Id(id))
        .await
        .expect("select")
        .select_by_value(value)
        .await
        .expect("select value");
}

/// One case from lead to archive through the UI, by the officer and the head in turn.
#[tokio::test]
async fn a_case_from_filing_to_archive_in_chromium() {
    let Some(Session {
        b,
        _driver,
        profile,
    }) = session().await
    else {
        return;
    };
    let base = &server().base;
    let f = crate::cases::fixture().await;
    sign_in(&b, "officer").await;
    b.goto(&format!("{base}/cases/new")).await.expect("new");
    choose(&b, "violation", &f.violation).await;
    set(&b, "party_name", "浏览器测试商贸有限公司").await;
    set(&b, "party_address", "天津市滨海新区浏览器路1号").await;
    set(&b, "facts", "日常检查发现。").await;
    b.find(Locator::Id("lead-submit"))
        .await
        .expect("submit")
        .click()
        .await
        .expect("click");
    b.wait()
        .for_element(Locator::Id("case-title"))
        .await
        .expect("case page");
    let url = b.current_url().await.expect("url");
    let id: i64 = url
        .path()
        .trim_start_matches("/cases/")
        .parse()
        .expect("case id in the URL");
    sign_out(&b).await;
    sign_in(&b, "deptadmin").await;
    step(&b, id, "file", |_| async {}).await;
    sign_out(&b).await;
    sign_in(&b, "officer").await;
    let (one, two) = (f.officers[0].to_string(), f.officers[1].to_string());
    step(&b, id, "investigate", |b| async move {
        choose(&b, "officer-1", &one).await;
        choose(&b, "officer-2", &two).await;
    })
    .await;
    let fine = f.fine_yuan.to_string();
    let tier = f.tier.clone();
    let fine2 = fine.clone();
    step(&b, id, "review", |b| async move {
        set(&b, "fine", &fine2).await;
        choose(&b, "tier", &tier).await;
    })
    .await;
    step(&b, id, "notify", |b| async move {
        b.find(Locator::Css("#form-notify input[name=waived]"))
            .await
            .expect("waived")
            .click()
            .await
            .expect("tick");
        b.find(Locator::Css("#form-notify input[name=hearing_waived]"))
            .await
            .expect("hearing_waived")
            .click()
            .await
            .expect("tick");
    })
    .await;
    sign_out(&b).await;
    sign_in(&b, "deptadmin").await;
    step(&b, id, "decide", |_| async {}).await;
    sign_out(&b).await;
    sign_in(&b, "officer").await;
    step(&b, id, "serve", |b| async move {
        set(&b, "receiver", "王经理").await;
    })
    .await;
    let fine3 = fine.clone();
    step(&b, id, "execute", |b| async move {
        set(&b, "paid", &fine3).await;
    })
    .await;
    sign_out(&b).await;
    sign_in(&b, "deptadmin").await;
    step(&b, id, "close", |_| async {}).await;
    sign_out(&b).await;
    sign_in(&b, "officer").await;
    step(&b, id, "archive", |_| async {}).await;
    let stage = b
        .find(Locator::Id("case-stage"))
        .await
        .expect("stage")
        .text()
        .await
        .expect("text");
    assert!(stage.contains("归档"), "archived: {stage}");
    let timeline = b
        .find(Locator::Id("case-timeline"))
        .await
        .expect("timeline")
        .text()
        .await
        .expect("text");
    for s in [
        "立案",
        "调查取证",
        "告知",
        "作出决定",
        "送达",
        "执行",
        "结案",
        "归档",
    ] {
        assert!(timeline.contains(s), "timeline shows {s}: {timeline}");
    }
    if let Ok(dir) = std::env::var("FAZHI_SCREENSHOTS") {
        for (name, path) in [
            ("case", format!("/cases/{id}")),
            ("cases", "/cases/list".to_string()),
            ("workbench", "/cases/workbench".to_string()),
            ("decision", format!("/cases/{id}/documents/decision")),
            ("penalties", "/portal/penalties".to_string()),
        ] {
            b.goto(&format!("{base}{path}")).await.expect("page");
            let png = b.screenshot().await.expect("screenshot");
            std::fs::write(format!("{dir}/{name}.png"), png).expect("write screenshot");
        }
    }
    b.close().await.expect("close");
    let _ = std::fs::remove_dir_all(profile);
}

/// Submits a form of the reconsideration page and waits for the page again, failing on a
/// refusal.
async fn recon_step(b: &fantoccini::Client, id: i64, name: &str) {
    let base = &server().base;
    if !b
        .current_url()
        .await
        .expect("url")
        .path()
        .ends_with(&format!("/reconsideration/{id}"))
    {
        b.goto(&format!("{base}/reconsideration/{id}"))
            .await
            .expect("application page");
    }
    // The title is on the page before and after the post: wait for the old page to go first.
    let before = b.find(Locator::Id("recon-title")).await.expect("title");
    b.find(Locator::Id(&format!("submit-{name}")))
        .await
        .unwrap_or_else(|_| panic!("the {name} form is offered"))
        .click()
        .await
        .expect("submit");
    for _ in 0..100 {
        if before.text().await.is_err() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    b.wait()
        .for_element(Locator::Id("recon-title"))
        .await
        .expect("back on the application");
    if let Ok(e) = b.find(Locator::Id("step-error")).await {
        panic!("{name} refused: {}", e.text().await.unwrap_or_default());
    }
}

/// 行政复议 in a real browser: an application from the portal (no login), accepted and sent by
/// the Justice Bureau, answered by the respondent, decided as 撤销 — and the penalty case showing
/// the decision.
#[tokio::test]
async fn reconsideration_from_the_portal_to_a_revoked_penalty_in_chromium() {
    let Some(Session {
        b,
        _driver,
        profile,
    }) = session().await
    else {
        return;
    };
    let base = &server().base;
    let (case_id, decision_no, body) = crate::reconsideration::penalty().await;
    let knew = (fazhi_core::time::today() - chrono::Duration::days(5)).to_string();
    b.goto(&format!("{base}/portal/reconsideration"))
        .await
        .expect("portal");
    choose(&b, "rn-kind", "organisation").await;
    set(&b, "rn-name", "浏览器复议测试有限公司").await;
    choose(&b, "rn-resp", &body.to_string()).await;
    choose(&b, "rn-actkind", "penalty").await;
    set(&b, "rn-act", "罚款决定").await;
    set(&b, "rn-caseno", &decision_no).await;
    // A date input takes its value in the browser's locale format; set it as the form posts it.
    b.execute(
        "document.getElementById('rn-knew').value = arguments[0];",
        vec![serde_json::json!(knew)],
    )
    .await
    .expect("date");
    set(&b, "rn-req", "撤销该处罚决定").await;
    b.find(Locator::Id("recon-submit"))
        .await
        .expect("submit")
        .click()
        .await
        .expect("click");
    let code = b
        .wait()
        .for_element(Locator::Id("recon-code"))
        .await
        .expect("query code shown")
        .text()
        .await
        .expect("code");
    let db = crate::support::db().await;
    let id: i64 =
        sqlx::query_scalar("SELECT id FROM reconsideration_applications WHERE query_code = $1")
            .bind(code.trim().to_string())
            .fetch_one(db.pool())
            .await
            .expect("stored");
    sign_in(&b, "supervisor").await;
    recon_step(&b, id, "accept").await;
    recon_step(&b, id, "send_copy").await;
    sign_out(&b).await;
    sign_in(&b, "deptadmin").await;
    b.goto(&format!("{base}/reconsideration/{id}"))
        .await
        .expect("page");
    set(&b, "answer-note", "提交书面答复及证据、依据").await;
    recon_step(&b, id, "answer").await;
    sign_out(&b).await;
    sign_in(&b, "supervisor").await;
    b.goto(&format!("{base}/reconsideration/{id}"))
        .await
        .expect("page");
    // 第四十九条: the parties are heard before an ordinary decision.
    set(&b, "hear-note", "申请人当面陈述意见，被申请人补充说明").await;
    recon_step(&b, id, "hear_opinions").await;
    choose(&b, "dec-kind", "revoked").await;
    set(&b, "dec-note", "主要事实不清、证据不足（第六十四条）").await;
    recon_step(&b, id, "decide").await;
    let decision = b
        .find(Locator::Id("recon-decision"))
        .await
        .expect("decision")
        .text()
        .await
        .expect("text");
    assert!(decision.contains("撤销"), "{decision}");
    sign_out(&b).await;
    sign_in(&b, "deptadmin").await;
    b.goto(&format!("{base}/cases/{case_id}"))
        .await
        .expect("case");
    let timeline = b
        .find(Locator::Id("case-timeline"))
        .await
        .expect("timeline")
        .text()
        .await
        .expect("text");
    assert!(
        timeline.contains("行政复议") && timeline.contains("撤销"),
        "the case shows the decision: {timeline}"
    );
    b.close().await.expect("close");
    let _ = std::fs::remove_dir_all(profile);
}
