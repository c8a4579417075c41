//! Issue 16 acceptance, on a fresh `fazhi migrate` database without the demo: the first accounts
//! come from the console (as `fazhi user add` makes them); a supervisor registers a body; the
//! system administrator creates its administrator; the body's administrator registers officers
//! with cards, an enterprise in the subject directory and the body's payment details; the system
//! administrator creates an officer's and an enterprise's account linked to them through the
//! account page; the officer records an inspection and issues its certificate; the enterprise
//! scans it on arrival and departure and rates it; the linked officer records the result of a
//! double-random draw; the security administrator disables the officer's account and its open
//! session stops at once.
//!
//! The system administrator links the accounts in headless Chromium, on the account page
//! (over HTTP with the same form when chromedriver is absent and FAZHI_BROWSER=1 does not
//! require it); the other steps post the pages' own forms with their CSRF tokens. The power-list
//! item the inspection cites is written directly and the draw is planned through the core API:
//! publishing a power list and filling the task form are their own modules' journeys.

use chrono::Datelike;
use chrono::Duration;
use fantoccini::Locator;
use fazhi_core::auth::{DataScope, NewUser, Principal, Role, add_linked_user_cli};
use fazhi_core::db::Db;
use fazhi_core::excel::write_table;
use fazhi_core::ids::{IdentityNumber, UnifiedSocialCreditCode};
use fazhi_core::sampling::SUBJECT_COLUMNS;
use fazhi_core::sampling::{
    NewPlan, NewTask, NewTaskDept, QuotaRule, RiskGrade, commit_task, create_plan, create_task,
    draw_task,
};
use fazhi_core::time::today;
use reqwest::Client;

use crate::support::{client, csrf_of};

const PW: &str = "Deploy#2026ok";

/// A server of its own on a fresh, migrated database (no demo data).
async fn fresh_server() -> (String, Db) {
    let url = fazhi_core::testing::fresh_url().await.expect("url");
    let db = Db::open(&url).await.expect("db");
    fazhi_core::calendar::seed_calendar(&db)
        .await
        .expect("calendar");
    let (tx, rx) = std::sync::mpsc::channel();
    let served_url = url.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            // The server's pool belongs to the server's runtime.
            let served = Db::connect(&served_url).await.expect("db");
            let state = fazhi_web::AppState::new(served, false)
                .await
                .expect("state");
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            tx.send(format!("http://{}", listener.local_addr().expect("addr")))
                .expect("send");
            fazhi_web::serve_on(state, listener).await.expect("serve");
        });
    });
    (rx.recv().expect("server start"), db)
}

async fn sign_in(base: &str, user: &str) -> Client {
    let c = client();
    let page = c
        .get(format!("{base}/login"))
        .send()
        .await
        .expect("login page")
        .text()
        .await
        .expect("text");
    let r = c
        .post(format!("{base}/login"))
        .form(&[
            ("username", user),
            ("password", PW),
            ("csrf", &csrf_of(&page)),
            ("next", "/"),
        ])
        .send()
        .await
        .expect("login");
    assert_eq!(r.status(), 303, "{user} logs in");
    let loc = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(!loc.starts_with("/login"), "{user} logs in: {loc}");
    c
}

/// Opens a page, then submits its form (by action) with the page's CSRF token; returns the
/// status and the redirect target or the body.
async fn submit(
    c: &Client,
    base: &str,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let html = c
        .get(format!("{base}{page}"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("text");
    assert!(
        html.contains(&format!("action=\"{action}\""))
            || html.contains(&format!("action=\"{action}#")),
        "{page} offers the form {action}"
    );
    let csrf = csrf_of(&html);
    let mut form: Vec<(&str, &str)> = vec![("csrf", &csrf)];
    form.extend_from_slice(fields);
    let r = c
        .post(format!("{base}{action}"))
        .form(&form)
        .send()
        .await
        .expect("post");
    let st = r.status().as_u16();
    let loc = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    match loc {
        Some(l) => (st, l),
        None => (st, r.text().await.unwrap_or_default()),
    }
}

async fn get(c: &Client, base: &str, path: &str) -> (u16, String) {
    let r = c.get(format!("{base}{path}")).send().await.expect("get");
    let st = r.status().as_u16();
    (st, r.text().await.unwrap_or_default())
}

async fn scalar_i64(db: &Db, sql: &'static str, arg: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .bind(arg.to_string())
        .fetch_one(db.pool())
        .await
        .expect(sql)
}

fn console_user(name: &str, role: Role, scope: DataScope) -> NewUser {
    NewUser {
        username: name.into(),
        display_name: name.into(),
        password: PW.into(),
        role,
        department_id: None,
        scope,
        officer_id: None,
        region: fazhi_core::BINHAI_REGION.into(),
    }
}

/// Kills chromedriver when the test ends, however it ends.
struct Driver(std::process::Child);
impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A headless Chromium (Debian's chromium and chromium-driver), or `None` when chromedriver is
/// missing and FAZHI_BROWSER=1 does not require it.
async fn chromium() -> Option<(fantoccini::Client, Driver, std::path::PathBuf)> {
    let required = std::env::var("FAZHI_BROWSER").is_ok_and(|v| v == "1");
    let Some(bin) = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
    else {
        assert!(
            !required,
            "FAZHI_BROWSER=1 but chromedriver is not installed"
        );
        eprintln!("accounts linked over HTTP: no chromedriver (FAZHI_BROWSER=1 requires it)");
        return None;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let driver = Driver(
        std::process::Command::new(bin)
            .arg(format!("--port={port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("chromedriver"),
    );
    let profile = std::env::temp_dir().join(format!("fz-chrome-deploy-{port}"));
    let caps: serde_json::Map<String, serde_json::Value> = serde_json::from_value(serde_json::json!({
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--window-size=1366,900", format!("--user-data-dir={}", profile.display())]
        }
    }))
    .expect("caps");
    for _ in 0..50 {
        if let Ok(b) = fantoccini::ClientBuilder::rustls()
            .expect("tls")
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            return Some((b, driver, profile));
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    panic!("no chromedriver session");
}

/// Types into the field with this id.
async fn type_in(b: &fantoccini::Client, id: &str, text: &str) {
    b.find(Locator::Id(id))
        .await
        .unwrap_or_else(|_| panic!("field {id}"))
        .send_keys(text)
        .await
        .expect("type");
}

/// The system administrator creates linked accounts on the account page in Chromium: the role,
/// the body and the officer record number or the enterprise's code, then sees the links listed.
async fn link_in_chromium(base: &str, dept: &str, officer: &str, uscc: &str) -> bool {
    let Some((b, _driver, profile)) = chromium().await else {
        return false;
    };
    b.goto(&format!("{base}/login")).await.expect("login page");
    type_in(&b, "username", "sysadmin").await;
    type_in(&b, "password", PW).await;
    b.find(Locator::Css("form[action='/login'] button[type=submit]"))
        .await
        .expect("submit")
        .click()
        .await
        .expect("click");
    b.wait()
        .for_element(Locator::Css("form[action='/logout']"))
        .await
        .expect("logged in");
    for (user, name, role, dept, field, value) in [
        ("zheng.xd", "郑晓东", "officer", dept, "u-officer", officer),
        ("haixian", "海鲜餐饮", "enterprise", "", "u-uscc", uscc),
    ] {
        b.goto(&format!("{base}/admin/users"))
            .await
            .expect("accounts");
        type_in(&b, "u-name", user).await;
        type_in(&b, "u-disp", name).await;
        type_in(&b, "u-pw", PW).await;
        b.find(Locator::Id("u-role"))
            .await
            .expect("role")
            .select_by_value(role)
            .await
            .expect("role value");
        b.find(Locator::Id("u-dept"))
            .await
            .expect("dept")
            .select_by_value(dept)
            .await
            .expect("dept value");
        type_in(&b, field, value).await;
        // The list is on the page before and after the post: wait for the old page to go, or
        // the next read may hit its stale table.
        let before = b.find(Locator::Id("user-table")).await.expect("table");
        b.find(Locator::Css(
            "form[action='/admin/users'] button[type=submit]",
        ))
        .await
        .expect("create")
        .click()
        .await
        .expect("click");
        for _ in 0..100 {
            if before.text().await.is_err() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        b.wait()
            .for_element(Locator::Id("user-table"))
            .await
            .expect("back on the list");
        let alert = b.find(Locator::Css(".alert-error")).await;
        if let Ok(a) = alert {
            panic!("{user} refused: {}", a.text().await.unwrap_or_default());
        }
    }
    let table = b
        .find(Locator::Id("user-table"))
        .await
        .expect("table")
        .text()
        .await
        .expect("text");
    assert!(table.contains(&format!("郑晓东（#{officer}）")), "{table}");
    assert!(table.contains(uscc), "{table}");
    b.close().await.expect("close");
    let _ = std::fs::remove_dir_all(profile);
    true
}

#[tokio::test]
async fn a_district_is_set_up_without_the_demo_and_its_accounts_work() {
    let (base, db) = fresh_server().await;
    let base = base.as_str();
    // The console's first accounts (`fazhi user add`): the system and security administrators
    // and the district's supervisor, who registers the bodies.
    for (name, role, scope) in [
        ("sysadmin", Role::SysAdmin, DataScope::NoData),
        ("secadmin", Role::SecAdmin, DataScope::NoData),
        ("jiandu", Role::Supervisor, DataScope::District),
    ] {
        add_linked_user_cli(&db, &console_user(name, role, scope), None)
            .await
            .expect(name);
    }

    // 1. The supervisor registers the body.
    let sup = sign_in(base, "jiandu").await;
    let (st, to) = submit(
        &sup,
        base,
        "/org/departments",
        "/org/departments",
        &[
            ("name", "天津市滨海新区市场监督管理局"),
            ("short_name", "区市场监管局"),
            ("uscc", ""),
            ("kind", "agency"),
            ("parent_id", ""),
            ("domains", "食品安全、产品质量"),
        ],
    )
    .await;
    assert_eq!(st, 303, "{to}");
    let dept = scalar_i64(
        &db,
        "SELECT id FROM departments WHERE short_name = $1",
        "区市场监管局",
    )
    .await;
    let dept_s = dept.to_string();

    // 2. The system administrator creates the body's administrator.
    let sys = sign_in(base, "sysadmin").await;
    let (st, to) = submit(
        &sys,
        base,
        "/admin/users",
        "/admin/users",
        &[
            ("username", "scj.admin"),
            ("display_name", "市场监管局管理员"),
            ("password", PW),
            ("role", "dept_admin"),
            ("department_id", &dept_s),
            ("scope", ""),
            ("officer_id", ""),
            ("enterprise_uscc", ""),
        ],
    )
    .await;
    assert_eq!((st, to.as_str()), (303, "/admin/users?flash=created"));

    // 3. The body's administrator: two officers with cards, the payment details, an enterprise.
    let head = sign_in(base, "scj.admin").await;
    let t = today();
    let issued = (t - Duration::days(30)).to_string();
    let until = (t + Duration::days(700)).to_string();
    let birth = chrono::NaiveDate::from_ymd_opt(1988, 3, 9).expect("date");
    let mut officer_ids = Vec::new();
    for (i, name) in ["郑晓东", "冯海燕"].into_iter().enumerate() {
        let idn =
            IdentityNumber::generate(fazhi_core::BINHAI_REGION, birth, 40 + i as u16).expect("idn");
        let card = format!("12011626{i:06}");
        let (st, to) = submit(
            &head,
            base,
            "/org/officers/new",
            "/org/officers",
            &[
                ("name", name),
                ("id_number", idn.as_str()),
                ("department_id", &dept_s),
                ("posts", "执法岗"),
                ("card_no", &card),
                ("card_domains", "食品安全"),
                ("issued_on", &issued),
                ("valid_until", &until),
            ],
        )
        .await;
        assert_eq!(st, 303, "{to}");
        let id: i64 = to
            .trim_start_matches("/org/officers/")
            .split('?')
            .next()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("officer page {to}"));
        officer_ids.push(id);
    }
    let (st, to) = submit(
        &head,
        base,
        "/org/payment",
        "/org/payment",
        &[
            ("bank", "中国工商银行股份有限公司天津滨海分行"),
            ("account_name", "天津市滨海新区财政局"),
            ("account_no", "0302 0100 0920 0012 345"),
            ("revenue_code", "120116001"),
            ("effective_on", &t.to_string()),
        ],
    )
    .await;
    assert_eq!((st, to.as_str()), (303, "/org/payment?flash=saved"));
    let (_, page) = get(&head, base, "/org/payment").await;
    assert!(page.contains("0302 0100 0920 0012 345"));

    let uscc = UnifiedSocialCreditCode::generate('9', '1', fazhi_core::BINHAI_REGION, 5_550_001)
        .expect("code")
        .as_str()
        .to_string();
    let xlsx = write_table(
        "名录库",
        &SUBJECT_COLUMNS,
        &[vec![
            uscc.clone(),
            "天津滨海海鲜餐饮有限公司".into(),
            "天津市滨海新区新港路8号".into(),
            "新港街道".into(),
            "餐饮服务".into(),
            "食品安全".into(),
            "B".into(),
            "A".into(),
        ]],
    )
    .expect("xlsx");
    let html = get(&head, base, "/sampling/subjects").await.1;
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf_of(&html))
        .part(
            "file",
            reqwest::multipart::Part::bytes(xlsx).file_name("subjects.xlsx"),
        );
    let r = head
        .post(format!("{base}/sampling/subjects/import"))
        .multipart(form)
        .send()
        .await
        .expect("import");
    assert_eq!(r.status(), 303, "subject import");

    // 4. Accounts linked through the account page: a refused link first (an officer of no
    // such record), then the officer's and the enterprise's accounts.
    let (st, body) = submit(
        &sys,
        base,
        "/admin/users",
        "/admin/users",
        &[
            ("username", "zheng.xd"),
            ("display_name", "郑晓东"),
            ("password", PW),
            ("role", "officer"),
            ("department_id", &dept_s),
            ("scope", ""),
            ("officer_id", "999999"),
            ("enterprise_uscc", ""),
        ],
    )
    .await;
    assert!((400..500).contains(&st), "{st}: {body}");
    assert!(body.contains("999999"), "the refusal names the record");
    let officer = officer_ids[0].to_string();
    if !link_in_chromium(base, &dept_s, &officer, &uscc).await {
        let (st, to) = submit(
            &sys,
            base,
            "/admin/users",
            "/admin/users",
            &[
                ("username", "zheng.xd"),
                ("display_name", "郑晓东"),
                ("password", PW),
                ("role", "officer"),
                ("department_id", &dept_s),
                ("scope", ""),
                ("officer_id", &officer),
                ("enterprise_uscc", ""),
            ],
        )
        .await;
        assert_eq!(st, 303, "{to}");
        let (st, to) = submit(
            &sys,
            base,
            "/admin/users",
            "/admin/users",
            &[
                ("username", "haixian"),
                ("display_name", "海鲜餐饮"),
                ("password", PW),
                ("role", "enterprise"),
                ("department_id", ""),
                ("scope", ""),
                ("officer_id", ""),
                ("enterprise_uscc", &uscc),
            ],
        )
        .await;
        assert_eq!(st, 303, "{to}");
    }
    let (_, list) = get(&sys, base, "/admin/users").await;
    assert!(
        list.contains(&format!("郑晓东（#{officer}）")),
        "the list shows the link"
    );
    assert!(list.contains(&uscc));

    // An existing account is linked from its row; the second officer's account.
    let (st, to) = submit(
        &sys,
        base,
        "/admin/users",
        "/admin/users",
        &[
            ("username", "feng.hy"),
            ("display_name", "冯海燕"),
            ("password", PW),
            ("role", "officer"),
            ("department_id", &dept_s),
        ],
    )
    .await;
    assert_eq!(st, 303, "{to}");
    let feng = scalar_i64(&db, "SELECT id FROM users WHERE username = $1", "feng.hy").await;
    let second = officer_ids[1].to_string();
    let (st, to) = submit(
        &sys,
        base,
        "/admin/users",
        &format!("/admin/users/{feng}/link"),
        &[("officer_id", &second)],
    )
    .await;
    assert_eq!((st, to.as_str()), (303, "/admin/users?flash=updated"));

    // The body's administrator edits an officer; moving one to a body outside their scope is
    // refused (it needs a district-level administrator).
    let (st, _) = submit(
        &sup,
        base,
        "/org/departments",
        "/org/departments",
        &[
            ("name", "天津市滨海新区应急管理局"),
            ("short_name", "区应急局"),
            ("kind", "agency"),
            ("domains", "安全生产"),
        ],
    )
    .await;
    assert_eq!(st, 303);
    let other = scalar_i64(
        &db,
        "SELECT id FROM departments WHERE short_name = $1",
        "区应急局",
    )
    .await;
    let page = format!("/org/officers/{second}");
    let (st, _) = submit(
        &head,
        base,
        &page,
        &format!("/org/officers/{second}/edit"),
        &[("name", "冯海燕"), ("posts", "执法岗、法制审核岗")],
    )
    .await;
    assert_eq!(st, 303);
    let (st, body) = submit(
        &head,
        base,
        &page,
        &format!("/org/officers/{second}/move"),
        &[
            ("department_id", &other.to_string()),
            ("effective_on", &t.to_string()),
            ("reason", "工作需要"),
        ],
    )
    .await;
    assert_eq!(st, 403, "{body}");

    // 5. The officer records an inspection of the enterprise and issues its certificate.
    sqlx::query(
        "INSERT INTO power_items (region_code, code, name, category, department_id, status, body, created_at, updated_at) \
         VALUES ($1, 'JC00100001', '食品经营监督检查', 'JC', $2, 'active', $3, 0, 0)",
    )
    .bind(fazhi_core::BINHAI_REGION)
    .bind(dept)
    .bind(r#"{"basis":["食品安全法/art_110"]}"#)
    .execute(db.pool())
    .await
    .expect("power item");
    let off = sign_in(base, "zheng.xd").await;
    let team = format!("{},{}", officer_ids[0], officer_ids[1]);
    let start = t.to_string();
    let end = (t + Duration::days(2)).to_string();
    let (st, to) = submit(
        &off,
        base,
        "/inspections/new",
        "/inspections",
        &[
            ("ground", "campaign"),
            ("ground_ref", "2026年食品安全专项检查"),
            ("legal_ground", "《优化营商环境条例》第五十四条第二款"),
            ("reason", ""),
            ("subject_code", &uscc),
            ("subject_name", "天津滨海海鲜餐饮有限公司"),
            ("domain", "食品安全"),
            ("matters", "JC00100001"),
            ("officers", &team),
            ("window_start", &start),
            ("window_end", &end),
        ],
    )
    .await;
    assert_eq!(st, 303, "{to}");
    let insp = to
        .trim_start_matches("/inspections/")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();
    let (st, to) = submit(
        &off,
        base,
        &format!("/inspections/{insp}"),
        &format!("/inspections/{insp}/issue"),
        &[],
    )
    .await;
    assert_eq!(st, 303, "certificate issued: {to}");
    let (token, cert_no): (String, String) = sqlx::query_as(
        "SELECT token, cert_no FROM inspection_certificates WHERE subject_code = $1",
    )
    .bind(uscc.clone())
    .fetch_one(db.pool())
    .await
    .expect("certificate");

    // 6. The enterprise scans the certificate at its door, twice, and rates the inspection.
    let ent = sign_in(base, "haixian").await;
    for kind in ["到达签到", "离开签退"] {
        let (st, body) = submit(
            &ent,
            base,
            "/enterprise/inspections",
            "/enterprise/inspections/scan",
            &[("token", &token)],
        )
        .await;
        assert!(st < 400, "scan {kind}: {st} {body}");
    }
    let (st, body) = submit(
        &ent,
        base,
        "/enterprise/inspections",
        "/enterprise/inspections/rate",
        &[
            ("cert_no", &cert_no),
            ("score", "5"),
            ("comment", "检查规范"),
        ],
    )
    .await;
    assert!(st < 400, "rating: {st} {body}");
    let scans = scalar_i64(
        &db,
        "SELECT COUNT(*) FROM inspection_scans s JOIN inspection_certificates c ON c.id = s.certificate_id WHERE c.cert_no = $1",
        &cert_no,
    )
    .await;
    assert_eq!(scans, 2);

    // 7. A double-random draw of the body (planned by its administrator through the core API:
    // the task form is the sampling module's own journey) puts both officers on the team; the
    // linked officer records the result on the task page.
    let head_p = Principal {
        user_id: scalar_i64(&db, "SELECT id FROM users WHERE username = $1", "scj.admin").await,
        username: "scj.admin".into(),
        display_name: String::new(),
        role: Role::DeptAdmin,
        department_id: Some(dept),
        department_name: String::new(),
        scope: DataScope::DepartmentTree,
        region: fazhi_core::BINHAI_REGION.into(),
    };
    let plan = create_plan(
        &db,
        &head_p,
        &NewPlan {
            department_id: dept,
            year: i64::from(t.year()),
            title: "年度双随机抽查计划".into(),
            note: String::new(),
        },
    )
    .await
    .expect("plan");
    let every = |n| {
        [RiskGrade::A, RiskGrade::B, RiskGrade::C, RiskGrade::D]
            .into_iter()
            .map(|g| (g, QuotaRule::Count(n)))
            .collect::<Vec<_>>()
    };
    let task = create_task(
        &db,
        &head_p,
        &NewTask {
            plan_id: plan,
            title: "餐饮服务抽查".into(),
            domain: "食品安全".into(),
            subdistricts: vec![],
            industries: vec![],
            rules: every(1),
            window_start: t,
            window_end: t + Duration::days(30),
            departments: vec![NewTaskDept {
                department_id: dept,
                card_domain: "食品安全".into(),
                team_size: 2,
                matters: vec!["JC00100001".into()],
            }],
        },
    )
    .await
    .expect("task");
    commit_task(&db, &head_p, task).await.expect("commit");
    draw_task(&db, &head_p, task).await.expect("draw");
    let drawn = scalar_i64(
        &db,
        "SELECT id FROM sampling_inspections WHERE subject_code = $1",
        &uscc,
    )
    .await;
    let (st, to) = submit(
        &off,
        base,
        &format!("/sampling/tasks/{task}"),
        &format!("/sampling/inspections/{drawn}/result"),
        &[
            ("outcome", "no_problem"),
            ("inspected_on", &t.to_string()),
            ("note", "现场检查未发现问题"),
        ],
    )
    .await;
    assert_eq!(st, 303, "the linked officer records the result: {to}");
    let outcome: String =
        sqlx::query_scalar("SELECT outcome FROM sampling_inspections WHERE id = $1")
            .bind(drawn)
            .fetch_one(db.pool())
            .await
            .expect("outcome");
    assert_eq!(outcome, "no_problem");

    // 8. The security administrator disables the officer's account: its open session stops
    // at once and it cannot log in again; the wrong role cannot disable.
    let uid = scalar_i64(&db, "SELECT id FROM users WHERE username = $1", "zheng.xd").await;
    let sec = sign_in(base, "secadmin").await;
    let r = sys
        .post(format!("{base}/security/users/{uid}/disable"))
        .form(&[(
            "csrf",
            csrf_of(&get(&sys, base, "/admin/users").await.1).as_str(),
        )])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 403, "the system administrator does not disable");
    let (st, _) = submit(
        &sec,
        base,
        "/security/users",
        &format!("/security/users/{uid}/disable"),
        &[],
    )
    .await;
    assert_eq!(st, 303);
    let r = off
        .get(format!("{base}/inspections"))
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), 303, "the disabled account's session has ended");
    let c = client();
    let page = get(&c, base, "/login").await.1;
    let r = c
        .post(format!("{base}/login"))
        .form(&[
            ("username", "zheng.xd"),
            ("password", PW),
            ("csrf", &csrf_of(&page)),
            ("next", "/"),
        ])
        .send()
        .await
        .expect("login");
    assert_ne!(r.status(), 303, "a disabled account does not log in");
}
