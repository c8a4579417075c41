//! Storage: one code path over SQLite (default, a file) and PostgreSQL, through sqlx's `Any`
//! driver. The backend is picked by the URL scheme; each backend has its own migration folder.
//!
//! Any's limits shape every query: only BIGINT/TEXT/BOOLEAN/BLOB cross the boundary, so every
//! aggregate is `CAST(... AS BIGINT)` and times are epoch milliseconds.

pub mod json;
mod migrate;
mod query;
pub mod versions;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};

use crate::{Code, Error, Result};

pub use migrate::{MIGRATIONS_POSTGRES, MIGRATIONS_SQLITE, Migration};
pub use query::{Bind, Filter};

/// Which SQL dialect sits behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

/// The database: a pool plus the backend it talks to.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    url: String,
}

/// Turns what a user typed after `--db` into a sqlx URL: a plain path becomes a SQLite file
/// (created if missing); `sqlite:` and `postgres:` URLs pass through.
pub fn normalize_url(input: &str) -> Result<(String, Backend)> {
    let s = input.trim();
    if s.is_empty() {
        return Err(Error::of(Code::DbUrlEmpty).for_field("db"));
    }
    if s.starts_with("postgres://") || s.starts_with("postgresql://") {
        return Ok((s.to_string(), Backend::Postgres));
    }
    if let Some(rest) = s.strip_prefix("sqlite:") {
        let rest = rest.trim_start_matches("//");
        let url = if rest.contains('?') {
            format!("sqlite://{rest}")
        } else {
            format!("sqlite://{rest}?mode=rwc")
        };
        return Ok((url, Backend::Sqlite));
    }
    if s.contains("://") {
        return Err(Error::of(Code::DbUrlScheme).for_field("db").arg("input", s));
    }
    Ok((format!("sqlite://{s}?mode=rwc"), Backend::Sqlite))
}

impl Db {
    /// Connects and runs pending migrations.
    pub async fn open(input: &str) -> Result<Db> {
        let db = Self::connect(input).await?;
        db.migrate().await?;
        Ok(db)
    }

    /// Connects without migrating.
    pub async fn connect(input: &str) -> Result<Db> {
        install_default_drivers();
        let (url, backend) = normalize_url(input)?;
        let mut opts = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(30));
        opts = match backend {
            // One writer at a time is SQLite's model; WAL lets readers go on meanwhile.
            Backend::Sqlite => opts.max_connections(8).after_connect(|conn, _meta| {
                Box::pin(async move {
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                             PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;",
                    )
                    .await?;
                    Ok(())
                })
            }),
            Backend::Postgres => opts.max_connections(16),
        };
        let pool = opts
            .connect(&url)
            .await
            .map_err(|e| Error::of(Code::DbConnect).for_field("db").arg("error", e))?;
        Ok(Db { pool, backend, url })
    }

    /// Whether the database answers (the health check).
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(self.pool()).await?;
        Ok(())
    }

    /// The pool, for queries.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The backend behind the pool.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The normalised URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Applies every migration not yet applied, each in its own transaction.
    pub async fn migrate(&self) -> Result<Vec<i64>> {
        migrate::run(self).await
    }

    /// Refreshes the planner's statistics (SQLite's recommended periodic `PRAGMA optimize`;
    /// without them a million-row prefix search picks the wrong index). Run at server start.
    pub async fn optimize(&self) -> Result<()> {
        if self.backend == Backend::Sqlite {
            sqlx::query("PRAGMA optimize").execute(&self.pool).await?;
        }
        Ok(())
    }

    /// A consistent online copy of a SQLite database (`VACUUM INTO`), safe while the server runs.
    pub async fn backup_to(&self, path: &str) -> Result<()> {
        match self.backend {
            Backend::Sqlite => {
                if std::path::Path::new(path).exists() {
                    return Err(Error::of(Code::BackupExists)
                        .for_field("to")
                        .arg("path", path));
                }
                sqlx::query("VACUUM INTO $1")
                    .bind(path.to_string())
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }
            Backend::Postgres => Err(Error::of(Code::BackupPostgres)),
        }
    }

    /// Closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

impl FromStr for Backend {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        normalize_url(s).map(|(_, b)| b)
    }
}

/// `true` if the error is a uniqueness violation, on either backend.
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(d) => {
            let code = d.code();
            let code = code.as_deref().unwrap_or("");
            // PostgreSQL 23505; SQLite 2067 (UNIQUE) / 1555 (PRIMARY KEY).
            code == "23505" || code == "2067" || code == "1555" || d.message().contains("UNIQUE")
        }
        _ => false,
    }
}
