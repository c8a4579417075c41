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
            let path = std::env::temp_dir().join(format!("{name}.db"));
            Ok(path.to_string_lossy().into_owned())
        }
    }
}

/// A new, migrated, empty database.
pub async fn fresh_db() -> Result<Db> {
    Db::open(&fresh_url().await?).await
}
