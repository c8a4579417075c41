//! Demo generator of the module: a 2024 subject directory across Binhai's subdistricts (valid
//! credit codes), a plan for every inspecting department, joint tasks in 52 supervision domains
//! and single-department tasks — all committed, drawn, recorded and published through the
//! module's own functions, in a few transactions.
//!
//! The report's 2024 figures (52 domains, 1759 subjects drawn, 5908 visits saved) are the
//! generator's targets only; pages and commands count the records.

pub mod bench;

use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sqlx::Row;

use fazhi_core::audit::{Actor, AuditedTx, Event};
use fazhi_core::db::Db;
use fazhi_core::db::json::decode;
use fazhi_core::ids::UnifiedSocialCreditCode;
use fazhi_core::sampling::draw::QuotaRule;
use fazhi_core::sampling::{
    NewPlan, NewTask, NewTaskDept, commit_in_tx, draw_in_tx, insert_plan, insert_task,
};
use fazhi_core::sampling::{NewSubject, insert_subjects};
use fazhi_core::sampling::{Outcome, RiskGrade};
use fazhi_core::sampling::{complete_in_tx, publish_in_tx, record_in_tx, stats};
use fazhi_core::time::date_start_ms;
use fazhi_core::{BINHAI_REGION, Error, Result};

/// Targets of the generator (the report's 2024 figures).
pub const TARGET_DOMAINS: usize = 52;
pub const TARGET_SUBJECTS_DRAWN: usize = 1759;
pub const TARGET_VISITS_SAVED: usize = 5908;

/// The 52 supervision domains of 2024's joint draws, with the lead department they belong to.
const DOMAINS: [(&str, &str); TARGET_DOMAINS] = [
    ("食品销售", "区市场监管局"),
    ("餐饮服务", "区市场监管局"),
    ("食品生产", "区市场监管局"),
    ("特种设备使用", "区市场监管局"),
    ("工业产品生产", "区市场监管局"),
    ("计量器具使用", "区市场监管局"),
    ("广告发布", "区市场监管局"),
    ("价格行为", "区市场监管局"),
    ("网络交易", "区市场监管局"),
    ("药品零售", "区市场监管局"),
    ("医疗器械经营", "区市场监管局"),
    ("化妆品经营", "区市场监管局"),
    ("商标使用", "区市场监管局"),
    ("企业公示信息", "区市场监管局"),
    ("个体工商户登记事项", "区市场监管局"),
    ("危险化学品经营", "区应急局"),
    ("危险化学品使用", "区应急局"),
    ("工贸企业安全生产", "区应急局"),
    ("有限空间作业", "区应急局"),
    ("粉尘涉爆", "区应急局"),
    ("冶金企业安全", "区应急局"),
    ("烟花爆竹经营", "区应急局"),
    ("燃气经营", "区城市管理委"),
    ("燃气使用安全", "区城市管理委"),
    ("户外广告设施", "区城市管理委"),
    ("餐饮油烟", "区城市管理委"),
    ("建筑垃圾运输", "区城市管理委"),
    ("生活垃圾分类", "区城市管理委"),
    ("建筑施工安全", "区住建委"),
    ("建设工程质量", "区住建委"),
    ("房地产开发经营", "区住建委"),
    ("物业服务", "区住建委"),
    ("预拌混凝土生产", "区住建委"),
    ("排污许可执行", "区生态环境局"),
    ("大气污染源", "区生态环境局"),
    ("水污染源", "区生态环境局"),
    ("固体废物产生", "区生态环境局"),
    ("危险废物经营", "区生态环境局"),
    ("噪声排放", "区生态环境局"),
    ("机动车排放检验", "区生态环境局"),
    ("劳动用工", "区人社局"),
    ("农民工工资支付", "区人社局"),
    ("人力资源服务", "区人社局"),
    ("职业技能培训", "区人社局"),
    ("土地利用", "区规划资源局"),
    ("矿产资源开采", "区规划资源局"),
    ("林木经营", "区规划资源局"),
    ("农产品生产主体", "区农委"),
    ("兽药经营", "区农委"),
    ("农药经营", "区农委"),
    ("娱乐场所", "区文旅局"),
    ("旅行社", "区文旅局"),
];

const SUBDISTRICTS: [&str; 26] = [
    "塘沽街道",
    "杭州道街道",
    "新河街道",
    "大沽街道",
    "新北街道",
    "北塘街道",
    "胡家园街道",
    "新港街道",
    "新村街道",
    "泰达街道",
    "新城镇",
    "汉沽街道",
    "寨上街道",
    "茶淀街道",
    "杨家泊镇",
    "大港街道",
    "古林街道",
    "海滨街道",
    "太平镇",
    "小王庄镇",
    "中塘镇",
    "天津经济技术开发区",
    "天津港保税区",
    "天津滨海高新技术产业开发区",
    "东疆保税港区",
    "中新天津生态城",
];
const ROADS: [&str; 12] = [
    "津塘路",
    "新港路",
    "中心大道",
    "黄海路",
    "渤海路",
    "河北路",
    "福州道",
    "南海路",
    "胜利街",
    "世纪大道",
    "海河东路",
    "港城大道",
];
const FIRMS: &str =
    "鑫华泰盛通达宏远恒信金海滨鸿运安和瑞丰博源嘉禾润德汇隆兴业福海广源中诚正达天宇卓越";
const SUFFIX: [&str; 8] = [
    "商贸",
    "实业",
    "科技",
    "物流",
    "餐饮管理",
    "建设工程",
    "化工",
    "服务",
];

/// Supervision figures per task: `m` = departments − 1, `n` = subjects drawn, solved so that
/// Σ n = 1759 and Σ n·m = 5908 over 52 joint tasks.
pub fn task_sizes(max_m: usize) -> Vec<(usize, usize)> {
    let pattern = [3usize, 4, 3, 4, 3, 2, 5, 3, 4, 3];
    let mut m: Vec<usize> = (0..TARGET_DOMAINS)
        .map(|i| pattern[i % pattern.len()].min(max_m))
        .collect();
    let base = TARGET_SUBJECTS_DRAWN / TARGET_DOMAINS;
    let extra = TARGET_SUBJECTS_DRAWN % TARGET_DOMAINS;
    let mut n: Vec<usize> = (0..TARGET_DOMAINS)
        .map(|i| base + usize::from(i < extra))
        .collect();
    // Move subjects between tasks whose m differ by one: each move changes Σ n·m by one.
    for _ in 0..10_000 {
        let sum: i64 = n.iter().zip(&m).map(|(a, b)| (a * b) as i64).sum();
        let d = TARGET_VISITS_SAVED as i64 - sum;
        if d == 0 {
            break;
        }
        let (lo, hi) = if d > 0 { (3, 4) } else { (4, 3) };
        let from = (0..n.len())
            .filter(|i| m[*i] == lo && n[*i] > 12)
            .max_by_key(|i| n[*i]);
        let to = (0..n.len()).filter(|i| m[*i] == hi).min_by_key(|i| n[*i]);
        match (from, to) {
            (Some(f), Some(t)) => {
                n[f] -= 1;
                n[t] += 1;
            }
            _ => {
                // Not reachable with m capped this low: widen the pattern.
                if let Some(i) = m.iter().position(|x| *x == 3) {
                    m[i] = (m[i] + 1).min(max_m);
                }
            }
        }
    }
    m.into_iter().zip(n).collect()
}

/// Splits `n` over strata of sizes `sizes`, weighting higher risk more (1:2:4:8 per subject),
/// never above a stratum's size.
pub fn split_quota(n: usize, sizes: &[usize; 4]) -> [usize; 4] {
    let w = [1usize, 2, 4, 8];
    let total: usize = sizes
        .iter()
        .zip(w)
        .map(|(s, w)| s * w)
        .sum::<usize>()
        .max(1);
    let mut q = [0usize; 4];
    for i in 0..4 {
        q[i] = (n * sizes[i] * w[i] / total).min(sizes[i]);
    }
    let mut left = n.saturating_sub(q.iter().sum());
    while left > 0 {
        let Some(i) = (0..4).rev().find(|i| q[*i] < sizes[*i]) else {
            break;
        };
        q[i] += 1;
        left -= 1;
    }
    q
}

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| Error::Internal("demo date".into()))
}

/// An inspecting department: one with published 行政检查 items.
struct Inspecting {
    id: i64,
    short: String,
    top: bool,
    card_domain: String,
    matters: Vec<String>,
}

async fn inspecting_departments(db: &Db) -> Result<Vec<Inspecting>> {
    let rows = sqlx::query(
        "SELECT d.id, d.short_name, d.parent_id, d.domains FROM departments d WHERE d.region_code = $1 AND EXISTS \
         (SELECT 1 FROM power_items p WHERE p.department_id = d.id AND p.category = 'JC' AND p.status = 'active') ORDER BY d.sort_order, d.id",
    )
    .bind(BINHAI_REGION)
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::new();
    for r in rows {
        let id: i64 = r.try_get(0)?;
        let domains: Vec<String> = decode(&r.try_get::<String, _>(3)?, "departments.domains")?;
        // The card domain most of the department's officers hold.
        let mut holders: HashMap<String, usize> = HashMap::new();
        for c in sqlx::query(
            "SELECT c.domains FROM enforcement_cards c JOIN officers o ON o.id = c.officer_id WHERE o.department_id IN \
             (SELECT descendant_id FROM department_closure WHERE ancestor_id = $1)",
        )
        .bind(id)
        .fetch_all(db.pool())
        .await?
        {
            for d in serde_json::from_str::<Vec<String>>(&c.try_get::<String, _>(0)?).unwrap_or_default() {
                *holders.entry(d).or_default() += 1;
            }
        }
        let Some(card_domain) = domains
            .iter()
            .max_by_key(|d| holders.get(*d).copied().unwrap_or(0))
            .cloned()
        else {
            continue;
        };
        if holders.get(&card_domain).copied().unwrap_or(0) < 3 {
            continue;
        }
        let matters: Vec<String> = sqlx::query(
            "SELECT code FROM power_items WHERE department_id = $1 AND category = 'JC' AND status = 'active' ORDER BY code LIMIT 2",
        )
        .bind(id)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<std::result::Result<_, _>>()?;
        out.push(Inspecting {
            id,
            short: r.try_get(1)?,
            top: r.try_get::<Option<i64>, _>(2)?.is_none(),
            card_domain,
            matters,
        });
    }
    Ok(out)
}

fn subjects(rng: &mut StdRng, sizes: &[(usize, usize)]) -> Result<Vec<NewSubject>> {
    let firms: Vec<char> = FIRMS.chars().collect();
    let mut out = Vec::new();
    let mut seq = 0u64;
    for (i, (domain, _)) in DOMAINS.iter().enumerate() {
        let count = sizes[i].1 * 4 + 40;
        for _ in 0..count {
            seq += 1;
            let sub = SUBDISTRICTS[rng.gen_range(0..SUBDISTRICTS.len())];
            let individual = seq.is_multiple_of(9);
            let code = UnifiedSocialCreditCode::generate(
                '9',
                if individual { '2' } else { '1' },
                BINHAI_REGION,
                30_000_000 + seq * 7,
            )
            .map_err(|e| Error::Internal(e.message_en()))?;
            let name: String = (0..2)
                .map(|_| firms[rng.gen_range(0..firms.len())])
                .collect();
            let suffix = SUFFIX[rng.gen_range(0..SUFFIX.len())];
            let place = sub.trim_end_matches("街道").trim_end_matches('镇');
            let mut domains = vec![(*domain).to_string()];
            if rng.gen_bool(0.25) {
                let other = DOMAINS[rng.gen_range(0..DOMAINS.len())].0;
                if other != *domain {
                    domains.push(other.into());
                }
            }
            let risk = match rng.gen_range(0..100) {
                0..=39 => RiskGrade::A,
                40..=74 => RiskGrade::B,
                75..=92 => RiskGrade::C,
                _ => RiskGrade::D,
            };
            out.push(NewSubject {
                code: code.as_str().to_string(),
                name: if individual {
                    format!("天津市滨海新区{place}{name}{suffix}部")
                } else {
                    format!("天津{name}{suffix}有限公司")
                },
                address: format!(
                    "天津市滨海新区{sub}{}{}号",
                    ROADS[rng.gen_range(0..ROADS.len())],
                    rng.gen_range(1..=999)
                ),
                subdistrict: sub.into(),
                industry: (*domain).into(),
                domains,
                risk,
                credit: ["A", "A", "B", "B", "B", "C", "D"][rng.gen_range(0..7)].into(),
            });
        }
    }
    Ok(out)
}

/// Builds the module's 2024 demo records (after the power list exists).
pub async fn generate(db: &Db, progress: &mut dyn FnMut(&str, usize, usize)) -> Result<()> {
    let mut rng = StdRng::seed_from_u64(20_240_505);
    let cal = fazhi_core::calendar::load_calendar(db).await?;
    let inspecting = inspecting_departments(db).await?;
    let tops: Vec<&Inspecting> = inspecting
        .iter()
        .filter(|d| d.top && !d.matters.is_empty())
        .collect();
    if tops.len() < 3 {
        // Without a power list there are no inspection matters to draw for.
        return Ok(());
    }
    let sizes = task_sizes(tops.len() - 1);
    let subjects = subjects(&mut rng, &sizes)?;
    progress("双随机 subjects", 0, DOMAINS.len());
    let actor = Actor::system("demo");
    let mut tx = AuditedTx::begin(db, actor.clone()).await?;
    insert_subjects(&mut tx, BINHAI_REGION, &subjects).await?;
    // Stratum sizes per domain, as the candidate query will see them.
    let strata = strata_sizes(&subjects);
    // A few registered conflicts of interest (回避): officers related to subjects.
    register_conflicts(&mut tx, &mut rng, &subjects).await?;
    let plans = insert_plans(&mut tx, &inspecting).await?;
    tx.commit().await?;
    let mut day = date(2024, 3, 4)?;
    for (i, (domain, lead_short)) in DOMAINS.iter().enumerate() {
        let task = joint_task(&tops, i, domain, lead_short, sizes[i], &strata, &plans, day);
        run_task(db, &cal, &mut rng, &task, i % 26 == 25).await?;
        day += Duration::days(4);
        progress("双随机 joint draws", i + 1, DOMAINS.len());
    }
    // Each inspecting department's own task (single-department draws).
    let mut day = date(2024, 4, 8)?;
    for d in &inspecting {
        let Some(task) = single_task(d, &plans, day) else {
            continue;
        };
        run_task(db, &cal, &mut rng, &task, false).await?;
        day += Duration::days(2);
    }
    let s = stats(db, BINHAI_REGION, 2024).await?;
    if (s.domains, s.subjects_drawn, s.visits_saved)
        != (
            TARGET_DOMAINS as i64,
            TARGET_SUBJECTS_DRAWN as i64,
            TARGET_VISITS_SAVED as i64,
        )
    {
        tracing::warn!(?s, "sampling demo figures differ from the report's targets");
    }
    Ok(())
}

/// Stratum sizes per domain (subjects per risk grade), as the candidate query will see them.
fn strata_sizes(subjects: &[NewSubject]) -> HashMap<&'static str, [usize; 4]> {
    let mut strata: HashMap<&'static str, [usize; 4]> = HashMap::new();
    for s in subjects {
        for d in &s.domains {
            let g = RiskGrade::ALL
                .iter()
                .position(|x| *x == s.risk)
                .unwrap_or(0);
            if let Some(e) = DOMAINS.iter().find(|x| x.0 == d) {
                strata.entry(e.0).or_default()[g] += 1;
            }
        }
    }
    strata
}

/// A few registered conflicts of interest (回避): officers related to subjects.
async fn register_conflicts(
    tx: &mut AuditedTx,
    rng: &mut StdRng,
    subjects: &[NewSubject],
) -> Result<()> {
    let officers: Vec<i64> =
        sqlx::query("SELECT id FROM officers WHERE region_code = $1 ORDER BY id")
            .bind(BINHAI_REGION)
            .fetch_all(tx.conn())
            .await?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<std::result::Result<_, _>>()?;
    for k in 0..40 {
        let (Some(o), Some(s)) = (
            officers.choose(&mut *rng),
            subjects.get(k * 97 % subjects.len()),
        ) else {
            break;
        };
        sqlx::query("INSERT INTO sampling_conflicts (region_code, officer_id, subject_code, reason, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING")
            .bind(BINHAI_REGION)
            .bind(*o)
            .bind(s.code.clone())
            .bind("近亲属在该单位任职".to_string())
            .bind(date_start_ms(date(2024, 1, 15)?))
            .execute(tx.conn())
            .await?;
        let after = serde_json::json!({"officer_id": o, "code": s.code});
        tx.record(Event {
            action: "sampling.conflict.create",
            object_type: "sampling_conflict",
            object_id: format!("{o}:{}", s.code),
            before: None,
            after: Some(&after),
            summary: "登记回避情形".into(),
        })
        .await?;
    }
    Ok(())
}

/// Each inspecting department's annual plan; plan id by department id.
async fn insert_plans(tx: &mut AuditedTx, inspecting: &[Inspecting]) -> Result<BTreeMap<i64, i64>> {
    let mut plans: BTreeMap<i64, i64> = BTreeMap::new();
    for d in inspecting {
        let id = insert_plan(
            &mut *tx,
            BINHAI_REGION,
            &NewPlan {
                department_id: d.id,
                year: 2024,
                title: format!("{}2024年度“双随机、一公开”抽查工作计划", d.short),
                note: "依据《优化营商环境条例》第五十四条制定；高风险对象提高抽查比例。".into(),
            },
        )
        .await?;
        plans.insert(d.id, id);
    }
    Ok(plans)
}

/// The joint task of domain `i`: its lead department first, then `m` partners drawn in a
/// fixed stride over the top-level departments; quotas per risk grade summing to `n`.
#[allow(clippy::too_many_arguments)]
fn joint_task(
    tops: &[&Inspecting],
    i: usize,
    domain: &str,
    lead_short: &str,
    (m, n): (usize, usize),
    strata: &HashMap<&'static str, [usize; 4]>,
    plans: &BTreeMap<i64, i64>,
    day: NaiveDate,
) -> NewTask {
    let lead_pos = tops
        .iter()
        .position(|d| d.short == lead_short)
        .unwrap_or(i % tops.len());
    let mut depts = vec![tops[lead_pos]];
    let mut j = 1;
    while depts.len() < m + 1 {
        let cand = tops[(lead_pos + j * (i % 3 + 1)) % tops.len()];
        if !depts.iter().any(|d| d.id == cand.id) {
            depts.push(cand);
        }
        j += 1;
        if j > 4 * tops.len() {
            let fill = tops.iter().find(|d| !depts.iter().any(|x| x.id == d.id));
            match fill {
                Some(f) => depts.push(f),
                None => break,
            }
        }
    }
    let q = split_quota(n, strata.get(domain).unwrap_or(&[0; 4]));
    NewTask {
        plan_id: plans.get(&depts[0].id).copied().unwrap_or_default(),
        title: format!("2024年{domain}领域部门联合抽查"),
        domain: (*domain).into(),
        subdistricts: Vec::new(),
        industries: Vec::new(),
        rules: RiskGrade::ALL
            .iter()
            .zip(q)
            .map(|(g, c)| (*g, QuotaRule::Count(c as u32)))
            .collect(),
        window_start: day,
        window_end: day + Duration::days(45),
        departments: depts
            .iter()
            .enumerate()
            .map(|(k, d)| NewTaskDept {
                department_id: d.id,
                card_domain: d.card_domain.clone(),
                team_size: if k == 0 { 2 } else { 1 },
                matters: d.matters.clone(),
            })
            .collect(),
    }
}

/// A department's own task (single-department draw), `None` without inspection matters.
fn single_task(d: &Inspecting, plans: &BTreeMap<i64, i64>, day: NaiveDate) -> Option<NewTask> {
    if d.matters.is_empty() {
        return None;
    }
    let domain = DOMAINS
        .iter()
        .find(|x| x.1 == d.short)
        .map_or(DOMAINS[(d.id as usize) % DOMAINS.len()].0, |x| x.0);
    Some(NewTask {
        plan_id: plans.get(&d.id).copied().unwrap_or_default(),
        title: format!("2024年{}{domain}专项抽查", d.short),
        domain: domain.into(),
        subdistricts: Vec::new(),
        industries: Vec::new(),
        rules: vec![
            (RiskGrade::A, QuotaRule::Ratio(2)),
            (RiskGrade::B, QuotaRule::Ratio(3)),
            (RiskGrade::C, QuotaRule::Ratio(5)),
            (RiskGrade::D, QuotaRule::Ratio(10)),
        ],
        window_start: day,
        window_end: day + Duration::days(60),
        departments: vec![NewTaskDept {
            department_id: d.id,
            card_domain: d.card_domain.clone(),
            team_size: 2,
            matters: d.matters.clone(),
        }],
    })
}

/// Creates, commits, draws, records, completes and publishes one task in one transaction.
/// A task whose teams cannot be formed stays committed (as in life: the lead must add officers).
async fn run_task(
    db: &Db,
    cal: &fazhi_core::calendar::HolidayCalendar,
    rng: &mut StdRng,
    t: &NewTask,
    leave_unpublished: bool,
) -> Result<()> {
    let mut tx = AuditedTx::begin(db, Actor::system("demo")).await?;
    let id = insert_task(&mut tx, BINHAI_REGION, t).await?;
    let seed: [u8; 32] = rng.r#gen();
    let start = t.window_start;
    commit_in_tx(
        &mut tx,
        BINHAI_REGION,
        id,
        &seed,
        date_start_ms(start - Duration::days(7)) + 9 * 3_600_000,
    )
    .await?;
    let drawn = draw_in_tx(
        &mut tx,
        BINHAI_REGION,
        id,
        date_start_ms(start - Duration::days(5)) + 10 * 3_600_000,
    )
    .await;
    match drawn {
        Ok(_) => {}
        Err(Error::Conflict { .. }) => return tx.commit().await,
        Err(e) => return Err(e),
    }
    let ids: Vec<i64> =
        sqlx::query("SELECT id FROM sampling_inspections WHERE task_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(tx.conn())
            .await?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<std::result::Result<_, _>>()?;
    let span = (t.window_end - start).num_days().max(1);
    for iid in ids {
        let outcome = match rng.gen_range(0..100) {
            0..=84 => Outcome::NoProblem,
            85..=93 => Outcome::Rectify,
            94..=95 => Outcome::CaseOpened,
            96..=98 => Outcome::NotFound,
            _ => Outcome::Closed,
        };
        let note = match outcome {
            Outcome::Rectify => "现场检查发现台账记录不全，已下达责令改正通知书。",
            Outcome::CaseOpened => "发现涉嫌违法行为，已移送立案查处。",
            Outcome::NotFound => "通过登记的住所（经营场所）无法联系，已标注经营异常。",
            _ => "",
        };
        let on = start + Duration::days(rng.gen_range(0..span));
        record_in_tx(&mut tx, iid, outcome, note, on, "检查组").await?;
    }
    complete_in_tx(&mut tx, id, t.window_end).await?;
    if !leave_unpublished {
        let wd = rng.gen_range(5..=18);
        let on = cal
            .add_working_days(t.window_end, wd)
            .map(|d| d.date)
            .unwrap_or(t.window_end);
        publish_in_tx(&mut tx, id, on).await?;
    }
    tx.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_hit_the_report_figures() {
        let s = task_sizes(8);
        assert_eq!(s.len(), TARGET_DOMAINS);
        assert_eq!(s.iter().map(|x| x.1).sum::<usize>(), TARGET_SUBJECTS_DRAWN);
        assert_eq!(
            s.iter().map(|x| x.0 * x.1).sum::<usize>(),
            TARGET_VISITS_SAVED
        );
    }

    #[test]
    fn quota_split_favours_higher_risk_and_respects_sizes() {
        let q = split_quota(30, &[40, 35, 18, 7]);
        assert_eq!(q.iter().sum::<usize>(), 30);
        assert!(q.iter().zip([40, 35, 18, 7]).all(|(a, b)| *a <= b));
        assert!(
            q[3] * 40 > q[0] * 7,
            "D sampled at a higher rate than A: {q:?}"
        );
    }
}
