use std::sync::OnceLock;

use fazhi_core::db::Db;
use reqwest::redirect::Policy;

/// The shared server: one demo district for the whole test binary, served from its own thread
/// and runtime so that it outlives every test's runtime.
pub struct Server {
    pub base: String,
    pub db_url: String,
}

static SERVER: OnceLock<Server> = OnceLock::new();

pub fn server() -> &'static Server {
    SERVER.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                let url = fazhi_core::testing::fresh_url().await.expect("url");
                let db = Db::open(&url).await.expect("db");
                fazhi_demo::build(&db, |_, _, _| {}).await.expect("demo");
                // Many tests log in from this one address: generous buckets here; the rate-limit
                // tests start a server of their own with small ones. Clients may name their
                // address in X-Forwarded-For, so each throttle test has an address of its own.
                let state = fazhi_web::AppState::new(db, false)
                    .await
                    .expect("state")
                    .with_security(fazhi_web::SecurityConfig {
                        write_per_addr: fazhi_web::Rate {
                            burst: 100_000,
                            per_secs: 1,
                        },
                        login_per_addr: fazhi_web::Rate {
                            burst: 100_000,
                            per_secs: 1,
                        },
                        login_per_account: fazhi_web::Rate {
                            burst: 100_000,
                            per_secs: 1,
                        },
                        trust_forwarded_for: true,
                        access_log: fazhi_web::AccessLog::File(access_log_path()),
                    });
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("bind");
                let addr = listener.local_addr().expect("addr");
                tx.send(Server {
                    base: format!("http://{addr}"),
                    db_url: url,
                })
                .expect("send");
                fazhi_web::serve_on(state, listener).await.expect("serve");
            });
        });
        rx.recv().expect("server start")
    })
}

/// Where the shared server writes its access log.
pub fn access_log_path() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("fazhi-it-access-{}.log", std::process::id()))
}

/// A client that keeps cookies and does not follow redirects.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .expect("client")
}

/// Extracts the CSRF token of the first form on a page.
pub fn csrf_of(html: &str) -> String {
    let key = "name=\"csrf\" value=\"";
    html.find(key)
        .map(|i| {
            html[i + key.len()..]
                .chars()
                .take_while(|c| *c != '"')
                .collect()
        })
        .unwrap_or_default()
}

pub const PASSWORD: &str = fazhi_demo::DEMO_PASSWORD;

/// Logs in; returns the client and the session's CSRF token.
pub async fn login(username: &str) -> (reqwest::Client, String) {
    let s = server();
    let c = client();
    let page = c
        .get(format!("{}/login", s.base))
        .send()
        .await
        .expect("login page")
        .text()
        .await
        .expect("text");
    let csrf = csrf_of(&page);
    let r = c
        .post(format!("{}/login", s.base))
        .form(&[
            ("username", username),
            ("password", PASSWORD),
            ("csrf", &csrf),
            ("next", "/"),
        ])
        .send()
        .await
        .expect("login");
    assert_eq!(r.status(), 303, "login of {username} must redirect");
    let me: serde_json::Value = c
        .get(format!("{}/api/v1/me", s.base))
        .send()
        .await
        .expect("me")
        .json()
        .await
        .expect("json");
    let token = me["csrf_token"].as_str().expect("csrf").to_string();
    (c, token)
}

/// A connection of the test's own to the server's database (already migrated by the server).
pub async fn db() -> Db {
    Db::connect(&server().db_url).await.expect("db")
}

/// Ids of one officer of the market bureau and one of the emergency bureau.
pub async fn officer_ids() -> (i64, i64) {
    let db = db().await;
    let q = |short: &'static str| {
        sqlx::query_as::<_, (i64,)>(
            "SELECT o.id FROM officers o JOIN departments d ON d.id = o.department_id WHERE d.short_name = $1 ORDER BY o.id LIMIT 1",
        )
        .bind(short)
    };
    let m = q("区市场监管局")
        .fetch_one(db.pool())
        .await
        .expect("market officer")
        .0;
    let s = q("区应急局")
        .fetch_one(db.pool())
        .await
        .expect("safety officer")
        .0;
    (m, s)
}

pub async fn department_id(short: &str) -> i64 {
    let db = db().await;
    sqlx::query_as::<_, (i64,)>("SELECT id FROM departments WHERE short_name = $1")
        .bind(short.to_string())
        .fetch_one(db.pool())
        .await
        .expect("department")
        .0
}
