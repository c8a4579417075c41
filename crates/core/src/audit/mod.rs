//! The audit chain (全过程记录的基础): every write appends an event — who, when, what, the digest
//! of the record before and after — to an append-only log whose entries are chained by SM3.
//! `verify` finds the first broken link: an edited, deleted or reordered entry breaks the chain,
//! and a deleted tail no longer matches `audit_head`.
//!
//! Entry hashes follow RFC 9162's domain separation (a 0x00 prefix for leaves) so that the chain
//! can grow into a Merkle log with signed checkpoints without re-hashing history.

mod log;

use serde_json::Value;
use sm3::{Digest, Sm3};
use sqlx::{Any, AnyConnection, Row, Transaction};

use crate::db::Db;
use crate::time::now_ms;
use crate::{Error, Result};

pub use log::{AuditEntry, AuditQuery, list as list_entries};

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who performs a write.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The account, if a person acts (None for the system itself, e.g. the demo generator).
    pub user_id: Option<i64>,
    /// Display name kept in the log even if the account is later removed.
    pub name: String,
    /// Region of the actor's organisation.
    pub region: String,
}

impl Actor {
    /// The platform itself (migrations, demo data, scheduled jobs).
    pub fn system(what: &str) -> Actor {
        Actor {
            user_id: None,
            name: format!("system:{what}"),
            region: crate::BINHAI_REGION.to_string(),
        }
    }
}

/// One event to append.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    /// Verb, e.g. `officer.create`.
    pub action: &'a str,
    /// Kind of record, e.g. `officer`.
    pub object_type: &'a str,
    /// Its id.
    pub object_id: String,
    /// The record before the write (None for a creation).
    pub before: Option<&'a Value>,
    /// The record after the write (None for a deletion).
    pub after: Option<&'a Value>,
    /// A short human-readable summary for the operation log.
    pub summary: String,
}

/// SM3 hex digest of a JSON value. serde_json's map keeps keys sorted, so equal records have
/// equal digests.
pub fn digest(v: &Value) -> String {
    sm3_hex(v.to_string().as_bytes())
}

/// SM3 hex of bytes.
pub fn sm3_hex(bytes: &[u8]) -> String {
    let mut h = Sm3::new();
    h.update(bytes);
    hex::encode(h.finalize())
}

/// The fields an entry's hash covers, in order.
pub(crate) struct Link<'a> {
    pub seq: i64,
    pub region: &'a str,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_name: &'a str,
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: &'a str,
    pub digest_before: Option<&'a str>,
    pub digest_after: Option<&'a str>,
    pub summary: &'a str,
    pub prev_hash: &'a str,
}

impl Link<'_> {
    /// Leaf hash: SM3(0x00 ‖ JSON array of the fields). A JSON array leaves no ambiguity between
    /// field boundaries.
    pub fn hash(&self) -> String {
        let body = serde_json::json!([
            self.seq,
            self.region,
            self.at,
            self.actor_id,
            self.actor_name,
            self.action,
            self.object_type,
            self.object_id,
            self.digest_before,
            self.digest_after,
            self.summary,
            self.prev_hash
        ]);
        let mut h = Sm3::new();
        h.update([0u8]);
        h.update(body.to_string().as_bytes());
        hex::encode(h.finalize())
    }
}

/// A write transaction that records every change in the audit chain. The first statement
/// locks `audit_head`, which serialises writers on both backends (a row lock on PostgreSQL,
/// the write lock on SQLite) so the chain never forks.
pub struct AuditedTx {
    tx: Transaction<'static, Any>,
    actor: Actor,
    seq: i64,
    hash: String,
    dirty: bool,
}

impl AuditedTx {
    /// Opens a write transaction for `actor`.
    pub async fn begin(db: &Db, actor: Actor) -> Result<AuditedTx> {
        let mut tx = db.pool().begin().await?;
        let row =
            sqlx::query("UPDATE audit_head SET touched_at = $1 WHERE id = 1 RETURNING seq, hash")
                .bind(now_ms())
                .fetch_one(&mut *tx)
                .await?;
        Ok(AuditedTx {
            tx,
            actor,
            seq: row.try_get(0)?,
            hash: row.try_get(1)?,
            dirty: false,
        })
    }

    /// The connection, for the domain's own statements.
    pub fn conn(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }

    /// The acting person.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Appends one event; returns its sequence number.
    pub async fn record(&mut self, ev: Event<'_>) -> Result<i64> {
        let seq = self.seq + 1;
        let at = now_ms();
        let before = ev.before.map(digest);
        let after = ev.after.map(digest);
        let link = Link {
            seq,
            region: &self.actor.region,
            at,
            actor_id: self.actor.user_id,
            actor_name: &self.actor.name,
            action: ev.action,
            object_type: ev.object_type,
            object_id: &ev.object_id,
            digest_before: before.as_deref(),
            digest_after: after.as_deref(),
            summary: &ev.summary,
            prev_hash: &self.hash,
        };
        let hash = link.hash();
        sqlx::query(
            "INSERT INTO audit_log (seq, region_code, at, actor_id, actor_name, action, object_type, \
             object_id, digest_before, digest_after, summary, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(seq)
        .bind(self.actor.region.clone())
        .bind(at)
        .bind(self.actor.user_id)
        .bind(self.actor.name.clone())
        .bind(ev.action.to_string())
        .bind(ev.object_type.to_string())
        .bind(ev.object_id.clone())
        .bind(before.clone())
        .bind(after.clone())
        .bind(ev.summary.clone())
        .bind(self.hash.clone())
        .bind(hash.clone())
        .execute(&mut *self.tx)
        .await?;
        self.seq = seq;
        self.hash = hash;
        self.dirty = true;
        Ok(seq)
    }

    /// Moves the head to the last event and commits everything together.
    pub async fn commit(mut self) -> Result<()> {
        if self.dirty {
            sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
                .bind(self.seq)
                .bind(self.hash.clone())
                .execute(&mut *self.tx)
                .await?;
        }
        self.tx.commit().await?;
        Ok(())
    }

    /// Abandons every write of the transaction.
    pub async fn rollback(self) -> Result<()> {
        self.tx.rollback().await?;
        Ok(())
    }
}

/// Where the chain first breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// Sequence number of the first entry that fails (or the head's, for a lost tail).
    pub seq: i64,
    /// Why, in English.
    pub reason: String,
    /// Why, in Chinese.
    pub reason_zh: String,
}

/// Outcome of a verification.
#[derive(Debug, Clone)]
pub struct VerifyReport {
    /// Entries checked.
    pub checked: i64,
    /// The head's sequence number.
    pub head_seq: i64,
    /// The head's hash.
    pub head_hash: String,
    /// The first broken link, if any.
    pub broken: Option<Broken>,
}

/// Walks the whole chain in order and checks every link and the head.
pub async fn verify(db: &Db, mut progress: impl FnMut(i64, i64)) -> Result<VerifyReport> {
    let pool = db.pool();
    let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(pool)
        .await?;
    let head_seq: i64 = head.try_get(0)?;
    let head_hash: String = head.try_get(1)?;
    let total: i64 = sqlx::query("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log")
        .fetch_one(pool)
        .await?
        .try_get(0)?;
    let mut expected_seq = 1i64;
    let mut prev = GENESIS.to_string();
    let mut checked = 0i64;
    let broken = |seq: i64, zh: String, en: String| Broken {
        seq,
        reason: en,
        reason_zh: zh,
    };
    const PAGE: i64 = 5000;
    let mut after = 0i64;
    loop {
        let rows = sqlx::query(
            "SELECT seq, region_code, at, actor_id, actor_name, action, object_type, object_id, \
             digest_before, digest_after, summary, prev_hash, hash FROM audit_log \
             WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(after)
        .bind(PAGE)
        .fetch_all(pool)
        .await?;
        if rows.is_empty() {
            break;
        }
        for r in &rows {
            let seq: i64 = r.try_get(0)?;
            let region: String = r.try_get(1)?;
            let actor_name: String = r.try_get(4)?;
            let action: String = r.try_get(5)?;
            let object_type: String = r.try_get(6)?;
            let object_id: String = r.try_get(7)?;
            let before: Option<String> = r.try_get(8)?;
            let after_d: Option<String> = r.try_get(9)?;
            let summary: String = r.try_get(10)?;
            let prev_hash: String = r.try_get(11)?;
            let hash: String = r.try_get(12)?;
            let report = |b: Broken| VerifyReport {
                checked,
                head_seq,
                head_hash: head_hash.clone(),
                broken: Some(b),
            };
            if seq != expected_seq {
                return Ok(report(broken(
                    expected_seq,
                    format!(
                        "第 {expected_seq} 条记录缺失（下一条是第 {seq} 条）：记录被删除或顺序被改动。"
                    ),
                    format!(
                        "entry {expected_seq} is missing (next is {seq}): an entry was deleted or reordered"
                    ),
                )));
            }
            if prev_hash != prev {
                return Ok(report(broken(
                    seq,
                    format!(
                        "第 {seq} 条记录的前序哈希与上一条不符：记录被删除、插入或顺序被改动。"
                    ),
                    format!(
                        "entry {seq}: previous-hash does not match the entry before it (deleted, inserted or reordered)"
                    ),
                )));
            }
            let link = Link {
                seq,
                region: &region,
                at: r.try_get(2)?,
                actor_id: r.try_get(3)?,
                actor_name: &actor_name,
                action: &action,
                object_type: &object_type,
                object_id: &object_id,
                digest_before: before.as_deref(),
                digest_after: after_d.as_deref(),
                summary: &summary,
                prev_hash: &prev_hash,
            };
            if link.hash() != hash {
                return Ok(report(broken(
                    seq,
                    format!("第 {seq} 条记录的内容与其哈希不符：记录被篡改。"),
                    format!("entry {seq}: content does not match its hash (the entry was edited)"),
                )));
            }
            prev = hash;
            expected_seq += 1;
            checked += 1;
            after = seq;
        }
        progress(checked, total);
    }
    let tail = if head_seq != checked {
        Some(broken(
            checked + 1,
            format!(
                "链头记录到第 {head_seq} 条，而日志只有 {checked} 条连续记录：末尾记录被删除。"
            ),
            format!(
                "the head records {head_seq} entries but the log holds {checked} in sequence: the tail was deleted"
            ),
        ))
    } else if head_hash != prev {
        Some(broken(
            head_seq,
            format!("链头哈希与最后一条记录不符（第 {head_seq} 条）：记录或链头被篡改。"),
            format!(
                "the head hash does not match the last entry ({head_seq}): the entry or the head was altered"
            ),
        ))
    } else {
        None
    };
    Ok(VerifyReport {
        checked,
        head_seq,
        head_hash,
        broken: tail,
    })
}

impl From<Broken> for Error {
    fn from(b: Broken) -> Error {
        Error::Internal(format!("audit chain broken at {}: {}", b.seq, b.reason))
    }
}
