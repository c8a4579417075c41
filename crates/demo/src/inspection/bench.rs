//! `fazhi cert bench`, issuance part: copies of recorded inspections are recorded, gated,
//! signed and stored in one transaction that is then rolled back.

use chrono::NaiveDate;

use fazhi_core::audit::{Actor, AuditedTx};
use fazhi_core::db::Db;
use fazhi_core::inspection::{
    Ground, INSPECTION_COLS, NewInspection, insert_inspection, issue_in_tx, row_to_inspection,
    signing_key,
};
use fazhi_core::time::{now_ms, today};
use fazhi_core::{Error, Result};

fn parse_date(s: &str) -> Result<NaiveDate> {
    s.parse()
        .map_err(|_| Error::Internal(format!("bad stored date {s}")))
}

/// Issuance benchmark: copies of up to `n` recorded inspections (as complaints with a reason, so
/// that the quiet period lets them through) are recorded, gated, signed and stored in one
/// transaction that is then rolled back — nothing remains. Returns (issued, elapsed).
pub async fn bench_issuance(db: &Db, region: &str, n: i64) -> Result<(usize, std::time::Duration)> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {INSPECTION_COLS} FROM inspections i JOIN departments d ON d.id = i.department_id \
         WHERE i.region_code = $1 AND EXISTS (SELECT 1 FROM inspection_certificates c WHERE c.inspection_id = i.id) \
         ORDER BY i.id DESC LIMIT $2"
    )))
    .bind(region.to_string())
    .bind(n)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(row_to_inspection)
    .collect::<Result<Vec<_>>>()?;
    let start = std::time::Instant::now();
    let mut tx = AuditedTx::begin(db, Actor::system("bench")).await?;
    let key = signing_key(&mut tx, region, today()).await?;
    let mut issued = 0;
    for r in &rows {
        let ni = NewInspection {
            ground: Ground::Complaint,
            ground_ref: "bench".into(),
            sampling_inspection_id: None,
            legal_ground: r.legal_ground.clone(),
            reason: "bench".into(),
            department_id: r.department_id,
            joint_departments: r.departments.clone(),
            subject_code: r.subject_code.clone(),
            subject_name: r.subject_name.clone(),
            domain: r.domain.clone(),
            matters: r.matters.clone(),
            officers: r.officers.clone(),
            window_start: parse_date(&r.window_start)?,
            window_end: parse_date(&r.window_end)?,
            outcome: None,
            note: String::new(),
            inspected_on: None,
        };
        let (id, _) = insert_inspection(&mut tx, region, &ni).await?;
        issue_in_tx(&mut tx, region, id, &key, now_ms()).await?;
        issued += 1;
    }
    let elapsed = start.elapsed();
    tx.rollback().await?;
    Ok((issued, elapsed))
}
