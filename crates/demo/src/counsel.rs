//! Demo of the district's legal counsel for 2024, written through the module's own code
//! (`counsel::registry::insert`, `counsel::opinions`). The report's figures — 331
//! public-sector lawyers in 85 bodies (区政府以及85家党政机关配备331名公职律师) — are the sizes of
//! the generated sets; the pages and the CLI count the records, so deleting one changes them.
//!
//! The 85 bodies are the first 85 bodies of the demo district (the departments, their
//! detachments, the 街道 and 镇 and their 综合执法大队) in registration order; the larger
//! departments carry more lawyers. Names, certificate numbers and the law firms of the
//! retained advisers are generated — the firm names plainly from the real 街镇 names of
//! `subdistricts.toml` (e.g. "天津塘沽律师事务所"), not real people or firms.

use chrono::NaiveDate;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::Row;

use fazhi_core::audit::{Actor, AuditedTx};
use fazhi_core::counsel::opinions;
use fazhi_core::counsel::registry;
use fazhi_core::counsel::{Kind, NewCounsel, SubjectKind};
use fazhi_core::db::Db;
use fazhi_core::{BINHAI_REGION, Error, Result};

/// The report's figures (2024).
pub const PUBLIC_LAWYERS: usize = 331;
pub const BODIES_WITH_PUBLIC_LAWYERS: usize = 85;
/// Lawyers retained as legal advisers (律师法 第二十九条), per district department.
pub const ADVISERS_PER_DEPARTMENT: usize = 1;
/// Lawsuits of 2024 on which a public-sector lawyer gave a written opinion (涉法涉诉案件).
pub const LITIGATION_OPINIONS: usize = 60;
const SEED: u64 = 20_240_331;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧",
];
const GIVEN: &[&str] = &[
    "建华", "秀英", "志强", "丽娟", "国庆", "海燕", "文杰", "桂兰", "立新", "晓东", "春梅", "德胜",
    "玉兰", "振宇", "淑珍", "宏伟", "思远", "雅琴", "明轩", "静怡", "子涵", "浩然", "欣然", "博文",
];
const SPECIALTIES: &[&str] = &[
    "行政法",
    "行政诉讼",
    "合同审查",
    "政府采购",
    "土地与规划",
    "劳动与社会保障",
    "生态环境",
    "市场监管",
];

fn internal(e: impl std::fmt::Display) -> Error {
    Error::Internal(e.to_string())
}

pub(crate) fn person(rng: &mut StdRng) -> String {
    format!(
        "{}{}",
        SURNAMES[rng.gen_range(0..SURNAMES.len())],
        GIVEN[rng.gen_range(0..GIVEN.len())]
    )
}

/// `total` split over bodies with weights, each at least one (largest remainder).
fn split(weights: &[u32], total: usize) -> Vec<usize> {
    let n = weights.len();
    let rest = total.saturating_sub(n);
    let sum: u64 = weights.iter().map(|w| u64::from(*w)).sum::<u64>().max(1);
    let mut parts: Vec<(usize, u64)> = weights
        .iter()
        .map(|w| {
            let exact = u64::from(*w) * rest as u64;
            ((exact / sum) as usize, exact % sum)
        })
        .collect();
    let given: usize = parts.iter().map(|p| p.0).sum();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|a, b| parts[*b].1.cmp(&parts[*a].1).then(a.cmp(b)));
    for i in order.into_iter().take(rest - given) {
        parts[i].0 += 1;
    }
    parts.into_iter().map(|p| p.0 + 1).collect()
}

/// The demo's public-sector lawyers of the Justice Bureau and of each body, for the decisions
/// generator: (department id, counsel ids).
pub async fn lawyers_by_body(db: &Db) -> Result<Vec<(i64, Vec<i64>)>> {
    let rows = sqlx::query(
        "SELECT a.department_id, c.id FROM counsel c JOIN counsel_appointments a ON a.counsel_id = c.id \
         WHERE c.region_code = $1 AND c.kind = 'public_lawyer' ORDER BY a.department_id, c.id",
    )
    .bind(BINHAI_REGION)
    .fetch_all(db.pool())
    .await?;
    let mut out: Vec<(i64, Vec<i64>)> = Vec::new();
    for r in rows {
        let (d, c): (i64, i64) = (r.try_get(0)?, r.try_get(1)?);
        match out.last_mut() {
            Some((last, v)) if *last == d => v.push(c),
            _ => out.push((d, vec![c])),
        }
    }
    Ok(out)
}

/// Registers the counsel. One transaction; each registration is audited as the module's
/// normal path does.
pub async fn generate(db: &Db, progress: &mut dyn FnMut(&str, usize, usize)) -> Result<()> {
    let done: i64 =
        sqlx::query("SELECT CAST(COUNT(*) AS BIGINT) FROM counsel WHERE region_code = $1")
            .bind(BINHAI_REGION)
            .fetch_one(db.pool())
            .await?
            .try_get(0)?;
    if done > 0 {
        return Ok(());
    }
    let rows = sqlx::query(
        "SELECT id, parent_id, short_name FROM departments WHERE region_code = $1 AND kind = 'agency' AND active = 1 ORDER BY id LIMIT $2",
    )
    .bind(BINHAI_REGION)
    .bind(BODIES_WITH_PUBLIC_LAWYERS as i64)
    .fetch_all(db.pool())
    .await?;
    if rows.len() < BODIES_WITH_PUBLIC_LAWYERS {
        return Err(internal(format!(
            "the demo has {} bodies, fewer than {BODIES_WITH_PUBLIC_LAWYERS}",
            rows.len()
        )));
    }
    let mut bodies: Vec<(i64, bool, String)> = Vec::new();
    for r in &rows {
        let parent: Option<i64> = r.try_get(1)?;
        bodies.push((r.try_get(0)?, parent.is_none(), r.try_get(2)?));
    }
    // The Justice Bureau and the district departments carry more lawyers than 街镇 units.
    let weights: Vec<u32> = bodies
        .iter()
        .map(|(_, top, short)| {
            if short == "区司法局" {
                12
            } else if *top && short.starts_with('区') {
                5
            } else {
                2
            }
        })
        .collect();
    let counts = split(&weights, PUBLIC_LAWYERS);
    let places: Vec<String> = bodies
        .iter()
        .filter(|(_, top, short)| *top && !short.starts_with('区'))
        .map(|(_, _, short)| short.trim_end_matches("街道").to_string())
        .collect();
    let mut rng = StdRng::seed_from_u64(SEED);
    let mut tx = AuditedTx::begin(db, Actor::system("demo")).await?;
    let mut seq = 0usize;
    let total = PUBLIC_LAWYERS + bodies.len();
    for ((dept, top, short), n) in bodies.iter().zip(counts) {
        for _ in 0..n {
            seq += 1;
            let year = rng.gen_range(2008..2022);
            let starts =
                NaiveDate::from_ymd_opt(rng.gen_range(2019..2024), rng.gen_range(1..13), 1)
                    .ok_or_else(|| internal("date"))?;
            let c = NewCounsel {
                kind: Kind::PublicLawyer,
                name: person(&mut rng),
                qualification_no: format!("A{year}1201{:07}", 1_000_000 + seq),
                licence_no: format!("31201{year}{:08}", 10_000_000 + seq),
                firm: String::new(),
                specialty: SPECIALTIES[rng.gen_range(0..SPECIALTIES.len())].into(),
                department_id: *dept,
                starts_on: starts,
                ends_on: None,
            };
            registry::insert(&mut tx, BINHAI_REGION, &c, "demo").await?;
        }
        // A law firm retained as legal adviser by each district department.
        if *top && short.starts_with('区') {
            for _ in 0..ADVISERS_PER_DEPARTMENT {
                seq += 1;
                let year = rng.gen_range(2005..2018);
                let c = NewCounsel {
                    kind: Kind::Lawyer,
                    name: person(&mut rng),
                    qualification_no: format!("A{year}1201{:07}", 1_000_000 + seq),
                    licence_no: format!("11201{year}{:08}", 10_000_000 + seq),
                    firm: format!(
                        "天津{}律师事务所",
                        places
                            .get(seq % places.len().max(1))
                            .map(String::as_str)
                            .unwrap_or("滨海")
                    ),
                    specialty: SPECIALTIES[rng.gen_range(0..SPECIALTIES.len())].into(),
                    department_id: *dept,
                    starts_on: NaiveDate::from_ymd_opt(2024, 1, 1)
                        .ok_or_else(|| internal("date"))?,
                    ends_on: NaiveDate::from_ymd_opt(2025, 12, 31),
                };
                registry::insert(&mut tx, BINHAI_REGION, &c, "demo").await?;
            }
        }
        progress("法律顾问 counsel", seq.min(total), total);
    }
    tx.commit().await?;
    litigation_opinions(db, &mut rng).await
}

/// Public-sector lawyers of the defendant body (or the Justice Bureau) give a written opinion on
/// lawsuits of 2024.
async fn litigation_opinions(db: &Db, rng: &mut StdRng) -> Result<()> {
    let lawyers = lawyers_by_body(db).await?;
    let bureau = fazhi_core::org::find_department_by_name(db.pool(), BINHAI_REGION, "区司法局")
        .await?
        .ok_or_else(|| internal("区司法局 missing"))?;
    let bureau_lawyers = lawyers
        .iter()
        .find(|(d, _)| *d == bureau)
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let suits = sqlx::query(
        "SELECT id, defendant_department_id, served_on FROM litigation_cases WHERE region_code = $1 \
         AND served_on >= '2024-01-01' AND served_on < '2024-12-01' ORDER BY id LIMIT $2",
    )
    .bind(BINHAI_REGION)
    .bind(LITIGATION_OPINIONS as i64)
    .fetch_all(db.pool())
    .await?;
    let mut tx = AuditedTx::begin(db, Actor::system("demo")).await?;
    for r in suits {
        let (id, dept, served): (i64, i64, String) = (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
        let served: NaiveDate = served.parse().map_err(internal)?;
        let own = lawyers.iter().find(|(d, _)| *d == dept).map(|(_, v)| v);
        let pool = own.filter(|v| !v.is_empty()).unwrap_or(&bureau_lawyers);
        if pool.is_empty() {
            continue;
        }
        let counsel = pool[rng.gen_range(0..pool.len())];
        opinions::assign_in(
            &mut tx,
            BINHAI_REGION,
            counsel,
            SubjectKind::Litigation,
            id,
            served,
            "demo",
        )
        .await?;
        let on = served + chrono::Duration::days(rng.gen_range(3..12));
        opinions::give_in(
            &mut tx,
            BINHAI_REGION,
            counsel,
            SubjectKind::Litigation,
            id,
            on,
            "经审查起诉状及证据材料，被诉行政行为认定事实清楚、程序合法，建议依法提交答辩状及证据，并由负责人出庭应诉。",
            "demo",
        )
        .await?;
    }
    tx.commit().await
}

#[cfg(test)]
mod tests {
    #[test]
    fn split_gives_everyone_one_and_adds_up() {
        let p = super::split(&[12, 5, 5, 2, 2], 40);
        assert_eq!(p.iter().sum::<usize>(), 40);
        assert!(p.iter().all(|n| *n >= 1));
        assert!(p[0] > p[1] && p[1] >= p[3]);
    }
}
