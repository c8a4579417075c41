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

#[tokio::test]
async fn login_filter_and_export_in_chromium() {
    let required = std::env::var("FAZHI_BROWSER").is_ok_and(|v| v == "1");
    let Some(driver_bin) = chromedriver() else {
        assert!(
            !required,
            "FAZHI_BROWSER=1 but chromedriver is not installed (apt-get install chromium-driver)"
        );
        eprintln!("browser test skipped: no chromedriver (set FAZHI_BROWSER=1 to require it)");
        return;
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
    let base = &server().base;
    b.goto(&format!("{base}/login")).await.expect("login page");
    b.find(Locator::Id("username"))
        .await
        .expect("username")
        .send_keys("supervisor")
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
        ] {
            b.goto(&format!("{base}{path}")).await.expect("page");
            let png = b.screenshot().await.expect("screenshot");
            std::fs::write(format!("{dir}/{name}.png"), png).expect("write screenshot");
        }
    }
    b.close().await.expect("close");
    let _ = std::fs::remove_dir_all(profile);
}
