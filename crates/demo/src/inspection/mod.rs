//! Demo generator of the module: the 2024 inspections — every drawn visit of the double-random
//! tasks, plus complaint-driven, referred and special-campaign inspections — each issued its
//! certificate through the gates, signed, scanned at the door and mostly rated, in a few
//! transactions. A signing key rotation on 1 July shows the retired key still verifying.
//!
//! "More than 10,000 used" (the report's figure) is the generator's target only; pages and
//! `fazhi cert stats` count the records.

pub mod bench;

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sqlx::Row;

use fazhi_core::audit::{Actor, AuditedTx};
use fazhi_core::db::Db;
use fazhi_core::db::json::decode;
use fazhi_core::inspection::gates::Ground;
use fazhi_core::inspection::keys::{rotate_in_tx, signing_key};
use fazhi_core::inspection::token::{CertPayload, SigningKeyPair, sign};
use fazhi_core::inspection::{
    NewInspection, Prepared, TeamMember, insert_inspection, issue_in_tx, prepare_in_tx, store_token,
};
use fazhi_core::inspection::{ScanKind, link_enterprise, rate_in_tx, scan_in_tx};
use fazhi_core::sampling::Outcome;
use fazhi_core::time::{date_start_ms, today};
use fazhi_core::{BINHAI_REGION, Error, Result};

/// Certificates the generator aims to see used in 2024 (the report: 10,000+).
pub const TARGET_USED: usize = 10_300;
/// Share of certificates never scanned (flagged to the supervisor), per thousand.
const UNSCANNED_PER_MILLE: u32 = 25;
/// Issuances per transaction: the audit head is locked for the batch only.
const BATCH: usize = 1500;

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| Error::Internal("bad demo date".into()))
}

/// A card as the generator needs it to pick eligible officers.
struct Card {
    officer: i64,
    domains: Vec<String>,
    from: NaiveDate,
    until: NaiveDate,
}

/// A department that inspects: its JC matters, its card domain and its officers' cards.
struct Dept {
    id: i64,
    domain: String,
    matters: Vec<String>,
    cards: Vec<Card>,
}

impl Dept {
    fn eligible(&self, from: NaiveDate, to: NaiveDate) -> Vec<i64> {
        let mut v: Vec<i64> = self
            .cards
            .iter()
            .filter(|c| c.from <= from && to <= c.until && c.domains.contains(&self.domain))
            .map(|c| c.officer)
            .collect();
        v.dedup();
        v
    }
}

async fn departments(db: &Db) -> Result<Vec<Dept>> {
    let rows = sqlx::query(
        "SELECT d.id, d.domains FROM departments d WHERE d.region_code = $1 AND d.parent_id IS NULL AND EXISTS \
         (SELECT 1 FROM power_items p WHERE p.department_id = d.id AND p.category = 'JC' AND p.status = 'active') ORDER BY d.id",
    )
    .bind(BINHAI_REGION)
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::new();
    for r in rows {
        let id: i64 = r.try_get(0)?;
        let domains: Vec<String> = decode(&r.try_get::<String, _>(1)?, "departments.domains")?;
        let mut cards = Vec::new();
        for c in sqlx::query(
            "SELECT c.officer_id, c.domains, c.issued_on, c.valid_until FROM enforcement_cards c JOIN officers o ON o.id = c.officer_id \
             WHERE c.status = 'valid' AND o.status = 'active' AND o.department_id IN (SELECT descendant_id FROM department_closure WHERE ancestor_id = $1) \
             ORDER BY c.officer_id",
        )
        .bind(id)
        .fetch_all(db.pool())
        .await?
        {
            let (Ok(from), Ok(until)) = (
                c.try_get::<String, _>(2)?.parse::<NaiveDate>(),
                c.try_get::<String, _>(3)?.parse::<NaiveDate>(),
            ) else {
                continue;
            };
            cards.push(Card {
                officer: c.try_get(0)?,
                domains: decode(&c.try_get::<String, _>(1)?, "enforcement_cards.domains")?,
                from,
                until,
            });
        }
        // The card domain most of the department's officers hold.
        let mut holders: HashMap<&str, usize> = HashMap::new();
        for c in &cards {
            for d in &c.domains {
                *holders.entry(d.as_str()).or_default() += 1;
            }
        }
        let Some(domain) = domains
            .iter()
            .max_by_key(|d| holders.get(d.as_str()).copied().unwrap_or(0))
            .cloned()
        else {
            continue;
        };
        let matters: Vec<String> = sqlx::query(
            "SELECT code FROM power_items WHERE department_id = $1 AND category = 'JC' AND status = 'active' ORDER BY code",
        )
        .bind(id)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<std::result::Result<_, _>>()?;
        out.push(Dept {
            id,
            domain,
            matters,
            cards,
        });
    }
    Ok(out)
}

/// The drawn visits of 2024 as inspections to record.
async fn draw_inspections(db: &Db) -> Result<Vec<NewInspection>> {
    // Task departments: card domain and matters per (task, department).
    let mut task_depts: HashMap<i64, Vec<(i64, String, Vec<String>)>> = HashMap::new();
    for r in sqlx::query(
        "SELECT x.task_id, x.department_id, x.card_domain, x.matters FROM sampling_task_departments x \
         JOIN sampling_tasks t ON t.id = x.task_id WHERE t.region_code = $1 AND t.year = 2024 ORDER BY x.task_id, x.role DESC, x.department_id",
    )
    .bind(BINHAI_REGION)
    .fetch_all(db.pool())
    .await?
    {
        task_depts.entry(r.try_get(0)?).or_default().push((
            r.try_get(1)?,
            r.try_get(2)?,
            decode(&r.try_get::<String, _>(3)?, "sampling_task_departments.matters")?,
        ));
    }
    // Which top department each officer belongs to (officers sit in sub-units too).
    let mut top_of: HashMap<i64, Vec<i64>> = HashMap::new();
    for r in sqlx::query(
        "SELECT o.id, c.ancestor_id FROM officers o JOIN department_closure c ON c.descendant_id = o.department_id WHERE o.region_code = $1",
    )
    .bind(BINHAI_REGION)
    .fetch_all(db.pool())
    .await?
    {
        top_of.entry(r.try_get(0)?).or_default().push(r.try_get(1)?);
    }
    let rows = sqlx::query(
        "SELECT i.id, t.task_no, t.lead_department_id, t.domain, t.window_start, t.window_end, i.subject_code, i.subject_name, \
         i.officers, i.outcome, i.note, i.inspected_on, t.id FROM sampling_inspections i JOIN sampling_tasks t ON t.id = i.task_id \
         WHERE t.region_code = $1 AND t.year = 2024 ORDER BY i.id",
    )
    .bind(BINHAI_REGION)
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let task_id: i64 = r.try_get(12)?;
        let Some(depts) = task_depts.get(&task_id) else {
            continue;
        };
        let lead: i64 = r.try_get(2)?;
        let team: Vec<i64> = decode(&r.try_get::<String, _>(8)?, "sampling_inspections.officers")?;
        let officers = team
            .iter()
            .map(|o| {
                let anc = top_of.get(o).cloned().unwrap_or_default();
                let domain = depts
                    .iter()
                    .find(|(d, _, _)| anc.contains(d))
                    .map(|(_, dom, _)| dom.clone())
                    .unwrap_or_default();
                TeamMember { id: *o, domain }
            })
            .collect();
        let mut matters: Vec<String> = Vec::new();
        for (_, _, m) in depts {
            for c in m {
                if !matters.contains(c) {
                    matters.push(c.clone());
                }
            }
        }
        let (Ok(ws), Ok(we)) = (
            r.try_get::<String, _>(4)?.parse::<NaiveDate>(),
            r.try_get::<String, _>(5)?.parse::<NaiveDate>(),
        ) else {
            continue;
        };
        let outcome: Option<String> = r.try_get(9)?;
        let on: Option<String> = r.try_get(11)?;
        out.push(NewInspection {
            ground: Ground::Draw,
            ground_ref: r.try_get(1)?,
            sampling_inspection_id: Some(r.try_get(0)?),
            legal_ground: "《优化营商环境条例》第五十四条：双随机、一公开".into(),
            reason: String::new(),
            department_id: lead,
            joint_departments: depts.iter().map(|d| d.0).filter(|d| *d != lead).collect(),
            subject_code: r.try_get(6)?,
            subject_name: r.try_get(7)?,
            domain: r.try_get(3)?,
            matters,
            officers,
            window_start: ws,
            window_end: we,
            outcome: outcome.as_deref().and_then(Outcome::parse),
            note: r.try_get(10)?,
            inspected_on: on.and_then(|d| d.parse().ok()),
        });
    }
    Ok(out)
}

const CAMPAIGNS: [&str; 8] = [
    "2024年春节前食品安全专项检查",
    "2024年安全生产治本攻坚三年行动专项检查",
    "2024年燃气安全专项整治",
    "2024年夏季大气污染防治专项检查",
    "2024年根治欠薪冬季专项行动",
    "2024年建筑施工安全专项检查",
    "2024年文化和旅游市场专项整治",
    "2024年农资打假专项治理",
];

fn working_day(rng: &mut StdRng) -> Result<NaiveDate> {
    loop {
        let d = date(2024, 1, 2)? + Duration::days(rng.gen_range(0..355));
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            return Ok(d);
        }
    }
}

/// Signs prepared certificates on every core (SM2 signing dominates the demo's time).
fn sign_all(
    keys: &[SigningKeyPair],
    items: Vec<(i64, usize, CertPayload)>,
) -> Result<Vec<(i64, String)>> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(1, 8);
    let chunk = items.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|c| {
                s.spawn(move || {
                    c.iter()
                        .map(|(id, k, p)| sign(&keys[*k], p).map(|t| (*id, t)))
                        .collect::<std::result::Result<Vec<_>, String>>()
                })
            })
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for h in handles {
            let signed = h
                .join()
                .map_err(|_| Error::Internal("signing thread panicked".into()))?
                .map_err(Error::Internal)?;
            out.extend(signed);
        }
        Ok(out)
    })
}

/// Builds the 2024 inspections, certificates, door scans and ratings (after the draws exist).
pub async fn generate(db: &Db, progress: &mut dyn FnMut(&str, usize, usize)) -> Result<()> {
    let depts = departments(db).await?;
    if depts.is_empty() {
        // Without a power list there are no inspection matters to certify.
        return Ok(());
    }
    let subjects: Vec<(String, String)> =
        sqlx::query("SELECT code, name FROM sampling_subjects WHERE region_code = $1 ORDER BY id")
            .bind(BINHAI_REGION)
            .fetch_all(db.pool())
            .await?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect::<Result<_>>()?;
    if subjects.is_empty() {
        return Ok(());
    }
    let mut rng = StdRng::seed_from_u64(20240606);
    let mut planned = draw_inspections(db).await?;
    // Complaint-driven, referred and special inspections bring the year past the target.
    let others = (TARGET_USED * 1000 / (1000 - UNSCANNED_PER_MILLE as usize) + 250)
        .saturating_sub(planned.len());
    let mut complaint_no = 0u32;
    let (mut generated, mut attempts) = (0usize, 0usize);
    while generated < others && attempts < others * 20 {
        attempts += 1;
        if let Some(p) = other_inspection(&mut rng, &depts, &subjects, &mut complaint_no)? {
            planned.push(p);
            generated += 1;
        }
    }
    // Issue in date order, so that the quiet period looks backwards as in life.
    planned.sort_by_key(|p| (p.window_start, p.sampling_inspection_id.is_none()));
    let total = planned.len();
    let rotation = date(2024, 7, 1)?;
    let mut tx = AuditedTx::begin(db, Actor::system("demo")).await?;
    rotate_in_tx(&mut tx, BINHAI_REGION, date(2024, 1, 1)?).await?;
    let mut keys: Vec<SigningKeyPair> =
        vec![signing_key(&mut tx, BINHAI_REGION, date(2024, 1, 1)?).await?];
    let mut rotated = false;
    let mut pending: Vec<(i64, usize, CertPayload)> = Vec::new();
    let mut in_batch = 0;
    for (n, p) in planned.iter().enumerate() {
        if !rotated && p.window_start >= rotation {
            // Key rotation mid-year: the first key is retired and stays published until the
            // last certificate it signed expires.
            rotate_in_tx(&mut tx, BINHAI_REGION, rotation).await?;
            keys.push(signing_key(&mut tx, BINHAI_REGION, rotation).await?);
            rotated = true;
        }
        let (iid, _) = insert_inspection(&mut tx, BINHAI_REGION, p).await?;
        // Issued on the working day before the window opens, 17:00.
        let issued_at = date_start_ms(p.window_start - Duration::days(1)) + 17 * 3_600_000;
        let k = keys.len() - 1;
        let issued = match prepare_in_tx(&mut tx, BINHAI_REGION, iid, &keys[k].kid, issued_at).await
        {
            Ok(Prepared {
                certificate_id,
                payload,
            }) => {
                pending.push((certificate_id, k, payload));
                certificate_id
            }
            // A refused gate (a card expiring inside the window, a repeat within the quiet
            // period) leaves the inspection without certificate, as in life.
            Err(Error::Invalid { .. }) => continue,
            Err(e) => return Err(e),
        };
        scan_and_rate(&mut tx, &mut rng, p, issued).await?;
        in_batch += 1;
        if in_batch >= BATCH {
            for (id, token) in sign_all(&keys, std::mem::take(&mut pending))? {
                store_token(&mut tx, id, &token).await?;
            }
            tx.commit().await?;
            tx = AuditedTx::begin(db, Actor::system("demo")).await?;
            in_batch = 0;
            progress("电子检查证 certificates", n + 1, total);
        }
    }
    for (id, token) in sign_all(&keys, std::mem::take(&mut pending))? {
        store_token(&mut tx, id, &token).await?;
    }
    // The demo enterprise account speaks for one subject, which has an inspection this week
    // (valid now) so that the door scan can be tried.
    enterprise_inspection(&mut tx, &depts, &subjects).await?;
    tx.commit().await?;
    progress("电子检查证 certificates", total, total);
    Ok(())
}

/// One complaint-driven, referred or campaign inspection on a random working day, or `None`
/// when the drawn department has too few eligible officers that day.
fn other_inspection(
    rng: &mut StdRng,
    depts: &[Dept],
    subjects: &[(String, String)],
    complaint_no: &mut u32,
) -> Result<Option<NewInspection>> {
    let dept = &depts[rng.gen_range(0..depts.len())];
    let start = working_day(&mut *rng)?;
    let end = start + Duration::days(rng.gen_range(0..3));
    let pool = dept.eligible(start, end);
    if pool.len() < 2 || dept.matters.is_empty() {
        return Ok(None);
    }
    let team: Vec<TeamMember> = pool
        .choose_multiple(&mut *rng, 2)
        .map(|o| TeamMember {
            id: *o,
            domain: dept.domain.clone(),
        })
        .collect();
    let k = rng.gen_range(1..=dept.matters.len().min(2));
    let matters: Vec<String> = dept
        .matters
        .choose_multiple(&mut *rng, k)
        .cloned()
        .collect();
    let (code, name) = subjects[rng.gen_range(0..subjects.len())].clone();
    let (ground, ground_ref, reason, legal) = match rng.gen_range(0..100) {
        0..=29 => {
            *complaint_no += 1;
            (
                Ground::Complaint,
                format!("12345-2024-{:06}", *complaint_no),
                "针对投诉举报反映的问题进行针对性检查".to_string(),
                "《优化营商环境条例》第五十四条第二款：对投诉举报发现的问题针对性检查",
            )
        }
        30..=39 => (
            Ground::Referral,
            format!("津滨转〔2024〕{}号", rng.gen_range(1..900)),
            "上级机关转办交办，需核查处理".to_string(),
            "《优化营商环境条例》第五十四条第二款：对转办交办发现的问题针对性检查",
        ),
        _ => (
            Ground::Campaign,
            CAMPAIGNS[rng.gen_range(0..CAMPAIGNS.len())].to_string(),
            String::new(),
            "《优化营商环境条例》第五十四条第二款：重点领域重点监管",
        ),
    };
    let outcome = match rng.gen_range(0..100) {
        0..=79 => Outcome::NoProblem,
        80..=93 => Outcome::Rectify,
        _ => Outcome::CaseOpened,
    };
    Ok(Some(NewInspection {
        ground,
        ground_ref,
        sampling_inspection_id: None,
        legal_ground: legal.into(),
        reason,
        department_id: dept.id,
        joint_departments: vec![],
        subject_code: code,
        subject_name: name,
        domain: dept.domain.clone(),
        matters,
        officers: team,
        window_start: start,
        window_end: end,
        outcome: Some(outcome),
        note: String::new(),
        inspected_on: Some(start + Duration::days(rng.gen_range(0..=(end - start).num_days()))),
    }))
}

/// Arrival and departure scans of most certificates, and the enterprise's rating of most
/// visits (the rest stay unscanned and are flagged to the supervisor).
async fn scan_and_rate(
    tx: &mut AuditedTx,
    rng: &mut StdRng,
    p: &NewInspection,
    issued: i64,
) -> Result<()> {
    if rng.gen_range(0..1000) >= UNSCANNED_PER_MILLE {
        let day = p.inspected_on.unwrap_or(p.window_start);
        let arrive = date_start_ms(day) + rng.gen_range(8 * 60..16 * 60) * 60_000;
        let depart = arrive + rng.gen_range(40..240) * 60_000;
        scan_in_tx(
            &mut *tx,
            BINHAI_REGION,
            issued,
            ScanKind::Arrival,
            arrive,
            None,
        )
        .await?;
        scan_in_tx(
            &mut *tx,
            BINHAI_REGION,
            issued,
            ScanKind::Departure,
            depart,
            None,
        )
        .await?;
        if rng.gen_range(0..100) < 78 {
            let score = match rng.gen_range(0..100) {
                0..=71 => 5,
                72..=91 => 4,
                92..=97 => 3,
                98 => 2,
                _ => 1,
            };
            let comment = match score {
                5 => "执法人员主动出示检查证，检查规范高效。",
                4 => "检查规范，指导细致。",
                3 => "检查时间稍长。",
                _ => "检查前未说明检查事项。",
            };
            rate_in_tx(
                &mut *tx,
                BINHAI_REGION,
                issued,
                score,
                comment,
                depart + 3_600_000,
                None,
            )
            .await?;
        }
    }
    Ok(())
}

/// The demo enterprise account speaks for one subject, which has an inspection this week
/// (valid now) so that the door scan can be tried.
async fn enterprise_inspection(
    tx: &mut AuditedTx,
    depts: &[Dept],
    subjects: &[(String, String)],
) -> Result<()> {
    let user: Option<i64> = sqlx::query("SELECT id FROM users WHERE username = 'enterprise'")
        .fetch_optional(tx.conn())
        .await?
        .map(|r| r.try_get(0))
        .transpose()?;
    if let Some(user) = user {
        let (code, name) = subjects[0].clone();
        link_enterprise(&mut *tx, BINHAI_REGION, user, &code).await?;
        let start = today();
        let end = start + Duration::days(6);
        if let Some(dept) = depts
            .iter()
            .find(|d| d.eligible(start, end).len() >= 2 && !d.matters.is_empty())
        {
            let pool = dept.eligible(start, end);
            let n = NewInspection {
                ground: Ground::Campaign,
                ground_ref: "演示：本周专项检查".into(),
                sampling_inspection_id: None,
                legal_ground: "《优化营商环境条例》第五十四条第二款".into(),
                reason: String::new(),
                department_id: dept.id,
                joint_departments: vec![],
                subject_code: code,
                subject_name: name,
                domain: dept.domain.clone(),
                matters: vec![dept.matters[0].clone()],
                officers: pool[..2]
                    .iter()
                    .map(|o| TeamMember {
                        id: *o,
                        domain: dept.domain.clone(),
                    })
                    .collect(),
                window_start: start,
                window_end: end,
                outcome: None,
                note: String::new(),
                inspected_on: None,
            };
            let key = signing_key(&mut *tx, BINHAI_REGION, start).await?;
            let (iid, _) = insert_inspection(&mut *tx, BINHAI_REGION, &n).await?;
            match issue_in_tx(
                &mut *tx,
                BINHAI_REGION,
                iid,
                &key,
                fazhi_core::time::now_ms(),
            )
            .await
            {
                Ok(_) | Err(Error::Invalid { .. }) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
}
