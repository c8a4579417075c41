//! Fresh databases for tests: every test gets its own, on SQLite by default or on PostgreSQL
//! when `FAZHI_TEST_PG` holds an administrative URL (e.g. `postgres://postgres@127.0.0.1:5433/postgres`).
//! `.ci/run` runs the whole suite once each way.

use std::sync::atomic::{AtomicU64, Ordering};

use rand::RngCore;

use crate::db::{Backend, Db};
use crate::{Error, Result};

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn unique_name() -> String {
    let mut b = [0u8; 4];
    rand::rngs::OsRng.fill_bytes(&mut b);
    format!(
        "fz_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        hex::encode(b)
    )
}

/// The backend the suite runs against.
pub fn backend() -> Backend {
    if std::env::var("FAZHI_TEST_PG").is_ok_and(|v| !v.is_empty()) {
        Backend::Postgres
    } else {
        Backend::Sqlite
    }
}

/// A URL for a new, empty database (created on PostgreSQL).
pub async fn fresh_url() -> Result<String> {
    let name = unique_name();
    match std::env::var("FAZHI_TEST_PG") {
        Ok(admin) if !admin.is_empty() => {
            let admin_db = Db::connect(&admin).await?;
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(admin_db.pool())
                .await?;
            admin_db.close().await;
            let (base, query) = match admin.split_once('?') {
                Some((b, q)) => (b.to_string(), format!("?{q}")),
                None => (admin.clone(), String::new()),
            };
            let cut = base
                .rfind('/')
                .filter(|i| *i > "postgres://".len())
                .ok_or_else(|| {
                    Error::Internal(format!("FAZHI_TEST_PG needs a database path: {admin}"))
                })?;
            Ok(format!("{}/{name}{query}", &base[..cut]))
        }
        _ => {
            sweep_dead_runs();
            let path = std::env::temp_dir().join(format!("{name}.db"));
            Ok(path.to_string_lossy().into_owned())
        }
    }
}

/// Removes the SQLite files that test processes no longer running left behind (a web test run
/// leaves a 250 MB demo database; a suite run on a small disk would otherwise fill it). Files of
/// live processes, this one included, are kept: their owner is still using them.
fn sweep_dead_runs() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let Ok(dir) = std::fs::read_dir(std::env::temp_dir()) else {
            return;
        };
        for e in dir.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Some(pid) = name
                .strip_prefix("fz_test_")
                .and_then(|r| r.split('_').next())
                .and_then(|p| p.parse::<u32>().ok())
            else {
                continue;
            };
            let alive = std::path::Path::new(&format!("/proc/{pid}")).exists();
            if !alive && cfg!(target_os = "linux") {
                let _ = std::fs::remove_file(e.path());
            }
        }
    });
}

/// A new, migrated, empty database.
pub async fn fresh_db() -> Result<Db> {
    Db::open(&fresh_url().await?).await
}
