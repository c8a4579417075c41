//! The audit chain detects an edited, deleted or reordered entry and a deleted tail.

use fazhi_core::audit::{Actor, AuditedTx, Event, verify};

use crate::support::world;

async fn chain_of(n: usize) -> fazhi_core::db::Db {
    let w = world().await;
    let mut tx = AuditedTx::begin(&w.db, Actor::system("test"))
        .await
        .expect("tx");
    for i in 0..n {
        let v = serde_json::json!({"i": i});
        tx.record(Event {
            action: "test.write",
            object_type: "thing",
            object_id: i.to_string(),
            before: None,
            after: Some(&v),
            summary: format!("write {i}"),
        })
        .await
        .expect("record");
    }
    tx.commit().await.expect("commit");
    w.db
}

#[tokio::test]
async fn intact_chain_verifies() {
    let db = chain_of(5).await;
    let r = verify(&db, |_, _| {}).await.expect("verify");
    assert!(r.broken.is_none(), "{:?}", r.broken);
    // 3 departments + 5 writes.
    assert_eq!(r.checked, 8);
    assert_eq!(r.head_seq, 8);
}

#[tokio::test]
async fn edited_entry_is_detected() {
    let db = chain_of(5).await;
    sqlx::query("UPDATE audit_log SET summary = 'nothing happened' WHERE seq = 6")
        .execute(db.pool())
        .await
        .expect("tamper");
    let r = verify(&db, |_, _| {}).await.expect("verify");
    let b = r.broken.expect("must be broken");
    assert_eq!(b.seq, 6);
    assert!(b.reason.contains("edited"), "{}", b.reason);
}

#[tokio::test]
async fn deleted_entry_is_detected() {
    let db = chain_of(5).await;
    sqlx::query("DELETE FROM audit_log WHERE seq = 4")
        .execute(db.pool())
        .await
        .expect("tamper");
    let b = verify(&db, |_, _| {})
        .await
        .expect("verify")
        .broken
        .expect("broken");
    assert_eq!(b.seq, 4);
}

#[tokio::test]
async fn deleted_tail_is_detected() {
    let db = chain_of(5).await;
    sqlx::query("DELETE FROM audit_log WHERE seq = 8")
        .execute(db.pool())
        .await
        .expect("tamper");
    let b = verify(&db, |_, _| {})
        .await
        .expect("verify")
        .broken
        .expect("broken");
    assert_eq!(b.seq, 8);
    assert!(b.reason.contains("tail"), "{}", b.reason);
}

#[tokio::test]
async fn reordered_entries_are_detected() {
    let db = chain_of(5).await;
    // Swap the contents of entries 5 and 6 (keeping their sequence numbers).
    for (from, tmp) in [(5i64, -5i64), (6, 5), (-5, 6)] {
        sqlx::query("UPDATE audit_log SET seq = $1 WHERE seq = $2")
            .bind(tmp)
            .bind(from)
            .execute(db.pool())
            .await
            .expect("swap");
    }
    let b = verify(&db, |_, _| {})
        .await
        .expect("verify")
        .broken
        .expect("broken");
    assert_eq!(b.seq, 5);
}

#[tokio::test]
async fn rolled_back_writes_leave_no_trace() {
    let db = chain_of(2).await;
    let mut tx = AuditedTx::begin(&db, Actor::system("test"))
        .await
        .expect("tx");
    tx.record(Event {
        action: "test.write",
        object_type: "thing",
        object_id: "x".into(),
        before: None,
        after: None,
        summary: "abandoned".into(),
    })
    .await
    .expect("record");
    tx.rollback().await.expect("rollback");
    let r = verify(&db, |_, _| {}).await.expect("verify");
    assert!(r.broken.is_none());
    assert_eq!(r.checked, 5);
}
