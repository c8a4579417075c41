//! Version counters of what instances cache (the calendar, the corpus): a write bumps its
//! counter in the same transaction, and every instance compares the counters it last saw, so an
//! edit on one instance reaches all of them (docs/architecture.md, "state").

use std::collections::BTreeMap;

use sqlx::{AnyConnection, Row};

use super::Db;
use crate::Result;

/// The holiday calendar.
pub const CALENDAR: &str = "calendar";
/// The statute corpus.
pub const CORPUS: &str = "corpus";
/// The procedure parameters per body.
pub const PROCEDURE: &str = "procedure";

/// Increments a counter (creating it at 1), inside the caller's transaction.
pub async fn bump(conn: &mut AnyConnection, name: &str) -> Result<()> {
    let n = sqlx::query("UPDATE cache_versions SET version = version + 1 WHERE name = $1")
        .bind(name.to_string())
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if n == 0 {
        sqlx::query("INSERT INTO cache_versions (name, version) VALUES ($1, 1)")
            .bind(name.to_string())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Every counter.
pub async fn read(db: &Db) -> Result<BTreeMap<String, i64>> {
    let rows = sqlx::query("SELECT name, version FROM cache_versions")
        .fetch_all(db.pool())
        .await?;
    let mut out = BTreeMap::new();
    for r in rows {
        out.insert(r.try_get::<String, _>(0)?, r.try_get::<i64, _>(1)?);
    }
    Ok(out)
}
