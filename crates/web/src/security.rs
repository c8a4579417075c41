//! Request-level controls of issue 15: token-bucket rate limits on anonymous writes and on login,
//! the client address, and the access log.
//!
//! The buckets are kept in this process: several instances behind a load balancer each keep
//! their own, so the effective limit is the configured one times the number of instances (the
//! login throttle of `fazhi_core::auth::throttle`, which matters most, is in the database and
//! shared). Configuration comes from environment variables, read once at start:
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `FAZHI_RATE_WRITE_ADDR` | `30/60` | anonymous POSTs (complaints, login, any public form) per client address: burst / seconds to refill it |
//! | `FAZHI_RATE_LOGIN_ADDR` | `20/60` | login attempts per client address |
//! | `FAZHI_RATE_LOGIN_ACCOUNT` | `10/60` | login attempts per typed username |
//! | `FAZHI_TRUST_PROXY` | unset | `1`: the client address is the last `X-Forwarded-For` entry (set only behind a proxy that sets it) |
//! | `FAZHI_ACCESS_LOG` | `-` | `-` standard error, `off`, or a file path (appended; rotate it with the host's logrotate `copytruncate`) |

use std::collections::HashMap;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Json;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use crate::state::AppState;

/// A bucket's size and how long it takes to refill from empty.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    pub burst: u32,
    pub per_secs: u32,
}

impl Rate {
    /// `"30/60"`: 30 requests, refilled over 60 seconds.
    pub fn parse(s: &str) -> Option<Rate> {
        let (b, p) = s.trim().split_once('/')?;
        let r = Rate {
            burst: b.trim().parse().ok()?,
            per_secs: p.trim().parse().ok()?,
        };
        (r.burst > 0 && r.per_secs > 0).then_some(r)
    }

    fn from_env(var: &str, default: Rate) -> Rate {
        std::env::var(var)
            .ok()
            .and_then(|v| Rate::parse(&v))
            .unwrap_or(default)
    }
}

/// Where the access log goes.
#[derive(Debug, Clone, PartialEq)]
pub enum AccessLog {
    Off,
    Stderr,
    File(std::path::PathBuf),
}

/// The security settings of a server.
#[derive(Debug, Clone)]
pub struct SecurityConfig {
    pub write_per_addr: Rate,
    pub login_per_addr: Rate,
    pub login_per_account: Rate,
    pub trust_forwarded_for: bool,
    pub access_log: AccessLog,
}

impl Default for SecurityConfig {
    fn default() -> Self {
        SecurityConfig {
            write_per_addr: Rate {
                burst: 30,
                per_secs: 60,
            },
            login_per_addr: Rate {
                burst: 20,
                per_secs: 60,
            },
            login_per_account: Rate {
                burst: 10,
                per_secs: 60,
            },
            trust_forwarded_for: false,
            access_log: AccessLog::Stderr,
        }
    }
}

impl SecurityConfig {
    /// The defaults, overridden by the environment variables of the module's table.
    pub fn from_env() -> SecurityConfig {
        let d = SecurityConfig::default();
        SecurityConfig {
            write_per_addr: Rate::from_env("FAZHI_RATE_WRITE_ADDR", d.write_per_addr),
            login_per_addr: Rate::from_env("FAZHI_RATE_LOGIN_ADDR", d.login_per_addr),
            login_per_account: Rate::from_env("FAZHI_RATE_LOGIN_ACCOUNT", d.login_per_account),
            trust_forwarded_for: std::env::var("FAZHI_TRUST_PROXY").is_ok_and(|v| v == "1"),
            access_log: match std::env::var("FAZHI_ACCESS_LOG").as_deref() {
                Ok("off") => AccessLog::Off,
                Ok("-") | Err(_) => AccessLog::Stderr,
                Ok(p) => AccessLog::File(p.into()),
            },
        }
    }
}

/// Token buckets by key (`kind:address` or `kind:account`).
#[derive(Default)]
pub struct Buckets {
    map: Mutex<HashMap<String, (f64, Instant)>>,
}

/// Most keys kept; beyond it, the full (idle) buckets are dropped.
const MAX_KEYS: usize = 100_000;

impl Buckets {
    /// Takes one token; `Err(seconds)` to wait when the bucket is empty.
    pub fn take(&self, key: &str, rate: Rate) -> Result<(), u64> {
        let now = Instant::now();
        let burst = f64::from(rate.burst);
        let per_sec = burst / f64::from(rate.per_secs);
        let Ok(mut map) = self.map.lock() else {
            return Ok(());
        };
        if map.len() >= MAX_KEYS {
            map.retain(|_, (t, at)| *t + now.duration_since(*at).as_secs_f64() * per_sec < burst);
        }
        let (tokens, at) = map.entry(key.to_string()).or_insert((burst, now));
        let refilled = (*tokens + now.duration_since(*at).as_secs_f64() * per_sec).min(burst);
        *at = now;
        if refilled >= 1.0 {
            *tokens = refilled - 1.0;
            Ok(())
        } else {
            *tokens = refilled;
            let wait = ((1.0 - refilled) / per_sec).ceil();
            Err(if wait.is_finite() && wait >= 1.0 {
                wait as u64
            } else {
                1
            })
        }
    }
}

/// The security state of a server: its settings and its buckets.
pub struct Security {
    pub config: SecurityConfig,
    pub buckets: Buckets,
    log_file: Option<Mutex<std::fs::File>>,
}

impl Security {
    pub fn new(config: SecurityConfig) -> Arc<Security> {
        let log_file = match &config.access_log {
            AccessLog::File(p) => std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(p)
                .map_err(|e| tracing::error!(path = %p.display(), error = %e, "access log"))
                .ok()
                .map(Mutex::new),
            _ => None,
        };
        Arc::new(Security {
            config,
            buckets: Buckets::default(),
            log_file,
        })
    }

    fn write_line(&self, line: &str) {
        match (&self.config.access_log, &self.log_file) {
            (AccessLog::Off, _) => {}
            (AccessLog::File(_), Some(f)) => {
                if let Ok(mut f) = f.lock() {
                    let _ = writeln!(f, "{line}");
                }
            }
            _ => {
                let _ = writeln!(std::io::stderr().lock(), "{line}");
            }
        }
    }
}

/// The client address of a request: the connection's peer, or the last `X-Forwarded-For` entry
/// when the server is configured to trust its proxy.
pub fn client_addr(headers: &HeaderMap, ext: &axum::http::Extensions, trust_proxy: bool) -> String {
    if trust_proxy
        && let Some(last) = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|s| s.parse::<std::net::IpAddr>().is_ok())
    {
        return last.to_string();
    }
    ext.get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "-".into())
}

/// The refusal of a rate limit: 429 with `Retry-After`, JSON under /api, a page otherwise, in
/// both languages.
pub fn too_many(api: bool, lang: &str, wait_secs: u64) -> Response {
    let zh = format!("请求过于频繁，请 {wait_secs} 秒后再试。");
    let en = format!("Too many requests; try again in {wait_secs} seconds.");
    let mut resp = if api {
        (
            StatusCode::TOO_MANY_REQUESTS,
            Json(crate::error::ApiErrorBody {
                code: "rate_limited".into(),
                message: zh,
                message_en: en,
                field: None,
            }),
        )
            .into_response()
    } else {
        let (first, second) = if lang == "en" { (&en, &zh) } else { (&zh, &en) };
        (
            StatusCode::TOO_MANY_REQUESTS,
            Html(format!(
                "<!doctype html><html lang=\"{lang}\"><meta charset=\"utf-8\"><title>429</title><main><h1>429</h1><p>{first}</p><p>{second}</p><p><a href=\"/\">/</a></p></main></html>"
            )),
        )
            .into_response()
    };
    if let Ok(v) = HeaderValue::from_str(&wait_secs.to_string()) {
        resp.headers_mut().insert(header::RETRY_AFTER, v);
    }
    resp
}

/// The account the guard resolved, carried in the response for the access log.
#[derive(Clone)]
pub struct AccessUser(pub String);

/// One line per request, as JSON: time, method, path (never the query string), status,
/// duration in ms, account or `-`, client address. Also marks every response of a logged-in
/// caller `Cache-Control: no-store` (identity numbers must not stay in shared caches).
pub async fn access_log(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().to_string();
    let path = req.uri().path().to_string();
    let addr = client_addr(
        req.headers(),
        req.extensions(),
        st.security.config.trust_forwarded_for,
    );
    let mut resp = next.run(req).await;
    let user = resp.extensions().get::<AccessUser>().map(|u| u.0.clone());
    if user.is_some() && !resp.headers().contains_key(header::CACHE_CONTROL) {
        resp.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if st.security.config.access_log != AccessLog::Off {
        let line = serde_json::json!({
            "time": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            "method": method,
            "path": path,
            "status": resp.status().as_u16(),
            "ms": u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX),
            "user": user.as_deref().unwrap_or("-"),
            "addr": addr,
        });
        st.security.write_line(&line.to_string());
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse() {
        assert_eq!(
            Rate::parse("30/60"),
            Some(Rate {
                burst: 30,
                per_secs: 60
            })
        );
        assert_eq!(Rate::parse("0/60"), None);
        assert_eq!(Rate::parse("x"), None);
    }

    #[test]
    fn the_refusal_is_429_with_retry_after_in_both_languages_and_json_under_api() {
        for (api, ctype) in [(true, "application/json"), (false, "text/html")] {
            let r = too_many(api, "en", 7);
            assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
            assert_eq!(r.headers()[header::RETRY_AFTER], "7");
            let ct = r.headers()[header::CONTENT_TYPE].to_str().unwrap_or("");
            assert!(ct.starts_with(ctype), "{ct}");
        }
    }

    #[test]
    fn a_bucket_empties_and_says_how_long_to_wait() {
        let b = Buckets::default();
        let r = Rate {
            burst: 3,
            per_secs: 30,
        };
        for _ in 0..3 {
            assert!(b.take("k", r).is_ok());
        }
        let wait = b.take("k", r).expect_err("empty");
        assert!((1..=10).contains(&wait), "{wait}");
        assert!(b.take("other", r).is_ok(), "keys are separate");
    }
}
