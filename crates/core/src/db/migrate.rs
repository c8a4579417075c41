//! A small migrator: numbered SQL files per backend, embedded in the binary, applied in order,
//! each in a transaction, recorded in `schema_migrations`.

use sqlx::Row;

use super::{Backend, Db};
use crate::{Result, time::now_ms};

/// One migration file.
pub struct Migration {
    /// Ordinal, from the file name.
    pub version: i64,
    /// Short name.
    pub name: &'static str,
    /// The SQL, possibly several statements.
    pub sql: &'static str,
}

macro_rules! migrations {
    ($dir:literal: $( $v:literal $name:literal ),* $(,)?) => {
        &[ $( Migration { version: $v, name: $name,
            sql: include_str!(concat!("../../../../migrations/", $dir, "/", stringify!($v), "_", $name, ".sql")) } ),* ]
    };
}

/// SQLite migrations.
pub const MIGRATIONS_SQLITE: &[Migration] = migrations!("sqlite": 1 "foundation", 2 "officer_counts", 3 "law_sources", 4 "powers", 5 "dispatch", 6 "sampling", 7 "inspection", 8 "cases", 9 "supervision", 10 "case_reviews", 11 "review_plants", 12 "case_indexes", 13 "law_currency", 14 "procedure_params", 15 "cache_versions", 16 "case_rights", 17 "security", 18 "case_time_and_execution", 19 "reconsideration", 20 "deployment", 21 "reconsideration_hearing", 22 "mediation", 23 "normative", 24 "decisions_counsel");
/// PostgreSQL migrations.
pub const MIGRATIONS_POSTGRES: &[Migration] = migrations!("postgres": 1 "foundation", 2 "officer_counts", 3 "law_sources", 4 "powers", 5 "dispatch", 6 "sampling", 7 "inspection", 8 "cases", 9 "supervision", 10 "case_reviews", 11 "review_plants", 12 "case_indexes", 13 "law_currency", 14 "procedure_params", 15 "cache_versions", 16 "case_rights", 17 "security", 18 "case_time_and_execution", 19 "reconsideration", 20 "deployment", 21 "reconsideration_hearing", 22 "mediation", 23 "normative", 24 "decisions_counsel");

pub(super) async fn run(db: &Db) -> Result<Vec<i64>> {
    let pool = db.pool();
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
    )
    .execute(pool)
    .await?;
    let done: Vec<i64> = sqlx::query("SELECT version FROM schema_migrations")
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| r.try_get::<i64, _>(0))
        .collect::<Result<_, _>>()?;
    let list = match db.backend() {
        Backend::Sqlite => MIGRATIONS_SQLITE,
        Backend::Postgres => MIGRATIONS_POSTGRES,
    };
    let mut applied = Vec::new();
    for m in list.iter().filter(|m| !done.contains(&m.version)) {
        let mut tx = pool.begin().await?;
        sqlx::raw_sql(m.sql).execute(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
        )
        .bind(m.version)
        .bind(m.name)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        applied.push(m.version);
    }
    Ok(applied)
}
