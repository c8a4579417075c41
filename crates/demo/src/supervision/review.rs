//! Demo of the 2024 case-file review: four quarterly draws across every body, each file
//! pre-filled by the automatic checks (so the planted defects show up) and confirmed by the
//! demo reviewer, a few of them adjusted with comments. Deterministic (seeded), one
//! transaction per quarter.
//!
//! A quarter's draw covers the files archived up to the 20th of its last month and is drawn
//! the next days, so that the Q4 files are reviewed within 2024; files archived later wait for
//! the next year's first draw.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::Row;

use fazhi_core::audit::{Actor, AuditedTx, Event};
use fazhi_core::db::Db;
use fazhi_core::sampling::draw::QuotaRule;
use fazhi_core::supervision::review::draws::{self, DrawSpec};
use fazhi_core::supervision::review::reviews::{confirm_in_tx, run_checks, write_draw};
use fazhi_core::time::now_ms;
use fazhi_core::{BINHAI_REGION, Error, Result};

const SEED: u64 = 20_240_808;
/// The year's reviewed files must exceed this (the report: "1000+ 件").
pub const TARGET_FILES: i64 = 1000;

/// (title, period start, period end, drawn on).
const QUARTERS: [(&str, &str, &str, &str); 4] = [
    (
        "2024年第一季度案卷评查",
        "2024-01-01",
        "2024-03-20",
        "2024-03-25",
    ),
    (
        "2024年第二季度案卷评查",
        "2024-03-21",
        "2024-06-20",
        "2024-06-24",
    ),
    (
        "2024年第三季度案卷评查",
        "2024-06-21",
        "2024-09-20",
        "2024-09-23",
    ),
    (
        "2024年第四季度案卷评查",
        "2024-09-21",
        "2024-12-20",
        "2024-12-23",
    ),
];

fn day(s: &str) -> Result<NaiveDate> {
    s.parse()
        .map_err(|_| Error::Internal(format!("review demo date {s}")))
}

/// Archived, unreviewed files per body in each quarter's window.
async fn counts(db: &Db) -> Result<Vec<Vec<i64>>> {
    let mut out = Vec::new();
    for (_, start, end, _) in QUARTERS {
        let rows = sqlx::query(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM cases c WHERE c.region_code = $1 AND c.status = 'closed' \
             AND c.archived_on >= $2 AND c.archived_on <= $3 GROUP BY c.department_id",
        )
        .bind(BINHAI_REGION)
        .bind(start)
        .bind(end)
        .fetch_all(db.pool())
        .await?;
        out.push(
            rows.iter()
                .map(|r| r.try_get::<i64, _>(0))
                .collect::<Result<_, _>>()?,
        );
    }
    Ok(out)
}

/// The smallest whole percentage per body that draws more than [`TARGET_FILES`] in the year.
fn ratio_for(counts: &[Vec<i64>]) -> u32 {
    (5..=100)
        .find(|p| {
            let n: usize = counts
                .iter()
                .flatten()
                .map(|c| QuotaRule::Ratio(*p).quota(*c as usize))
                .sum();
            n as i64 > TARGET_FILES
        })
        .unwrap_or(100)
}

/// Writes the 2024 draws and reviews (skipped if the demo's draws exist already).
pub async fn generate(db: &Db, progress: &mut dyn FnMut(&str, usize, usize)) -> Result<()> {
    let done: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM review_draws WHERE region_code = $1 AND drawn_on >= '2024-01-01' AND drawn_on < '2025-01-01'",
    )
    .bind(BINHAI_REGION)
    .fetch_one(db.pool())
    .await?
    .try_get(0)?;
    if done > 0 {
        return Ok(());
    }
    let reviewer: String = sqlx::query(
        "SELECT display_name FROM users WHERE region_code = $1 AND role = 'supervisor' ORDER BY id LIMIT 1",
    )
    .bind(BINHAI_REGION)
    .fetch_optional(db.pool())
    .await?
    .map(|r| r.try_get::<String, _>(0))
    .transpose()?
    .unwrap_or_else(|| "区司法局案卷评查组".into());
    let ratio = ratio_for(&counts(db).await?);
    let mut rng = StdRng::seed_from_u64(SEED);
    let actor = Actor::system("demo");
    for (qi, (title, start, end, drawn)) in QUARTERS.iter().enumerate() {
        progress("案卷评查", qi, QUARTERS.len());
        let spec = DrawSpec {
            title: (*title).into(),
            period_start: (*start).into(),
            period_end: (*end).into(),
            per_body: QuotaRule::Ratio(ratio),
            department_ids: Vec::new(),
            seed: String::new(),
        };
        let seed: [u8; 32] = rng.r#gen();
        let drawn_on = day(drawn)?;
        let (record, files) =
            match draws::plan(db, BINHAI_REGION, &spec, drawn_on, seed, &reviewer).await {
                Ok(x) => x,
                // A demo without archived files in a quarter simply has no draw for it.
                Err(Error::Conflict { .. }) => continue,
                Err(e) => return Err(e),
            };
        let findings = run_checks(db, BINHAI_REGION, &files).await?;
        let mut tx = AuditedTx::begin(db, actor.clone()).await?;
        let draw_id = write_draw(&mut tx, BINHAI_REGION, &record, &files, &findings).await?;
        let reviews: Vec<(i64, i64)> =
            sqlx::query("SELECT id, case_id FROM case_reviews WHERE draw_id = $1 ORDER BY id")
                .bind(draw_id)
                .fetch_all(tx.conn())
                .await?
                .iter()
                .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
                .collect::<Result<_>>()?;
        let by_case: HashMap<i64, usize> = files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.case_id, i))
            .collect();
        let mut adjusted = 0usize;
        for (rid, cid) in &reviews {
            let failed = findings
                .get(cid)
                .map(|fs| fs.iter().filter(|f| !f.passed).count())
                .unwrap_or(0);
            // A few decisions of the demo reviewer: some deductions halved or waived with a
            // reason, a binding defect the checks cannot see, comments on failed files.
            let roll: u32 = rng.gen_range(0..100);
            if failed > 0 && roll < 6 {
                adjust_first_failed(&mut tx, *rid, &reviewer, roll < 2).await?;
                adjusted += 1;
            } else if roll >= 60 {
                // What only a reader of the file sees (documents' reasoning, signatures,
                // binding): one to three items, so grades spread over 优秀 and 合格 as in a real
                // review year.
                let n = 1 + usize::from(roll >= 85) + usize::from(roll >= 95);
                for k in 0..n {
                    let pick = (rng.gen_range(0..MANUAL_ITEMS.len()) + k) % MANUAL_ITEMS.len();
                    let points = rng.gen_range(MANUAL_ITEMS[pick].3..=MANUAL_ITEMS[pick].4);
                    manual_deduction(&mut tx, *rid, &reviewer, &MANUAL_ITEMS[pick], points).await?;
                }
                adjusted += 1;
            }
            let comment = if failed > 0 {
                "自动检查问题经人工核对属实，请办案机关整改。"
            } else {
                ""
            };
            let offset = by_case.get(cid).copied().unwrap_or(0) as i64 % 6 + 1;
            let on = (drawn_on + Duration::days(offset)).min(day("2024-12-31")?);
            confirm_in_tx(&mut tx, *rid, &reviewer, comment, on).await?;
        }
        let after = serde_json::json!({"draw_id": draw_id, "confirmed": reviews.len(), "adjusted": adjusted});
        tx.record(Event {
            action: "supervision.review.confirm_batch",
            object_type: "review_draw",
            object_id: draw_id.to_string(),
            before: None,
            after: Some(&after),
            summary: format!(
                "{title}：评定 {} 件（其中人工调整 {adjusted} 件）",
                reviews.len()
            ),
        })
        .await?;
        tx.commit().await?;
    }
    progress("案卷评查", QUARTERS.len(), QUARTERS.len());
    Ok(())
}

async fn adjust_first_failed(
    tx: &mut AuditedTx,
    review_id: i64,
    reviewer: &str,
    dismiss: bool,
) -> Result<()> {
    let row = sqlx::query(
        "SELECT id, machine_deduction FROM case_review_items WHERE review_id = $1 AND passed = 0 ORDER BY id LIMIT 1",
    )
    .bind(review_id)
    .fetch_optional(tx.conn())
    .await?;
    let Some(row) = row else { return Ok(()) };
    let (id, d): (i64, i64) = (row.try_get(0)?, row.try_get(1)?);
    let (decision, points, comment) = if dismiss {
        ("dismissed", 0, "卷内有补正材料（情况说明附卷），不予认定。")
    } else {
        ("adjusted", d / 2, "瑕疵轻微、已当场补正，酌情减半扣分。")
    };
    sqlx::query(
        "UPDATE case_review_items SET decision = $1, points = $2, comment = $3, decided_by = $4, updated_at = $5 WHERE id = $6",
    )
    .bind(decision)
    .bind(points)
    .bind(comment)
    .bind(reviewer.to_string())
    .bind(now_ms())
    .bind(id)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Defects a reviewer finds by reading the file: (zh, en, comment, min points, max points).
const MANUAL_ITEMS: [(&str, &str, &str, i64, i64); 6] = [
    (
        "卷宗装订顺序不规范",
        "File not bound in the prescribed order",
        "卷内文书未按形成时间顺序装订。",
        1,
        3,
    ),
    (
        "处罚决定书说理不充分",
        "Decision gives too little reasoning",
        "决定书对裁量理由论述简单，未回应当事人陈述申辩意见。",
        5,
        12,
    ),
    (
        "询问笔录签名不全",
        "Interview record not signed on every page",
        "询问笔录个别页缺少当事人签名或捺印。",
        3,
        8,
    ),
    (
        "证据未编号、未注明来源",
        "Evidence not numbered or sourced",
        "证据材料未逐页编号，部分复印件未注明出处。",
        3,
        6,
    ),
    (
        "案卷目录与卷内材料不一致",
        "Index does not match the contents",
        "卷内目录漏列送达回证。",
        2,
        5,
    ),
    (
        "现场照片未标注时间地点",
        "Site photographs without time and place",
        "现场照片未注明拍摄时间、地点和拍摄人。",
        2,
        6,
    ),
];

async fn manual_deduction(
    tx: &mut AuditedTx,
    review_id: i64,
    reviewer: &str,
    item: &(&str, &str, &str, i64, i64),
    points: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO case_review_items (region_code, review_id, code, title_zh, title_en, source, passed, machine_deduction, veto, decision, points, comment, decided_by, updated_at) \
         VALUES ($1, $2, 'manual', $6, $7, 'manual', 0, 0, '', 'confirmed', $8, $3, $4, $5)",
    )
    .bind(BINHAI_REGION)
    .bind(review_id)
    .bind(item.2)
    .bind(reviewer.to_string())
    .bind(now_ms())
    .bind(item.0)
    .bind(item.1)
    .bind(points)
    .execute(tx.conn())
    .await?;
    Ok(())
}
