//! Demo generator of the organisation registry: Binhai's real departments and subdistricts
//! (from `data/binhai/`), their enforcement units, and synthetic officers with cards, training
//! and exams, written through the module's own functions (so every row is audited).

use chrono::{Datelike, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Deserialize;

use fazhi_core::audit::{Actor, AuditedTx};
use fazhi_core::db::Db;
use fazhi_core::ids::{IdentityNumber, UnifiedSocialCreditCode};
use fazhi_core::org::NewCard;
use fazhi_core::org::{DeptKind, NewDepartment, create_department};
use fazhi_core::org::{MIN_TRAINING_HOURS, record_training};
use fazhi_core::org::{NewOfficer, insert_officer};
use fazhi_core::org::{PaymentDetails, insert_payment_details};
use fazhi_core::{BINHAI_REGION, Code, Error, Result};

const DEPARTMENTS_TOML: &str = include_str!("../../../core/data/binhai/departments.toml");
const SUBDISTRICTS_TOML: &str = include_str!("../../../core/data/binhai/subdistricts.toml");

/// Officers the demo district employs: Binhai published 2,841 certified officers in 94 bodies
/// for 2023 and 2,767 in 104 for 2025; the demo sits between.
pub const DEMO_OFFICERS: usize = 2800;

#[derive(Deserialize)]
struct DeptFile {
    department: Vec<DeptEntry>,
}
#[derive(Deserialize)]
struct DeptEntry {
    name: String,
    short_name: String,
    domains: Vec<String>,
}
#[derive(Deserialize)]
struct SubFile {
    subdistrict: Vec<SubEntry>,
    #[serde(default)]
    functional_zone: Vec<ZoneEntry>,
}
#[derive(Deserialize)]
struct ZoneEntry {
    name: String,
}
#[derive(Deserialize)]
struct SubEntry {
    name: String,
    kind: String,
    #[serde(default)]
    area: String,
}

/// What the generator made.
#[derive(Debug, Clone, Default)]
pub struct OrgDemo {
    pub departments: usize,
    pub officers: usize,
    /// (department id, name) of the departments the demo accounts use.
    pub justice_bureau: i64,
    pub market_bureau: i64,
    /// An officer of the market bureau, for the demo officer account.
    pub market_officer: i64,
}

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰文斌浩宇欣怡晨阳子涵思雨博文嘉琪梓萱俊杰雪梅海燕立新永强春梅金凤德华光明晓东";

fn name(rng: &mut StdRng) -> String {
    let s: Vec<char> = SURNAMES.chars().collect();
    let g: Vec<char> = GIVEN.chars().collect();
    let mut n = String::new();
    n.push(s[rng.gen_range(0..s.len())]);
    for _ in 0..rng.gen_range(1..=2) {
        n.push(g[rng.gen_range(0..g.len())]);
    }
    n
}

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
        .ok_or_else(|| Error::Internal(format!("bad demo date {y}-{m}-{d}")))
}

fn toml_err(e: toml::de::Error) -> Error {
    Error::Internal(format!("demo data: {e}"))
}

/// Bodies to create: (name, short name, kind, parent index, domains, area, weight for officers).
struct Body {
    name: String,
    short: String,
    kind: DeptKind,
    parent: Option<usize>,
    domains: Vec<String>,
    area: String,
    weight: u32,
}

fn bodies() -> Result<Vec<Body>> {
    let depts: DeptFile = toml::from_str(DEPARTMENTS_TOML).map_err(toml_err)?;
    let subs: SubFile = toml::from_str(SUBDISTRICTS_TOML).map_err(toml_err)?;
    let mut out = Vec::new();
    for d in &depts.department {
        // Field-heavy departments carry more officers.
        let weight = match d.short_name.as_str() {
            "区市场监管局" => 90,
            "区城市管理委" | "区应急局" | "区生态环境局" | "区住建委" | "区交运局" => {
                45
            }
            _ => 22,
        };
        out.push(Body {
            name: d.name.clone(),
            short: d.short_name.clone(),
            kind: DeptKind::Agency,
            parent: None,
            domains: d.domains.clone(),
            area: String::new(),
            weight,
        });
    }
    let find = |out: &Vec<Body>, short: &str| out.iter().position(|b| b.short == short);
    let market = find(&out, "区市场监管局");
    // Dedicated enforcement detachments of the five flexible-enforcement domains.
    for short in ["区应急局", "区城市管理委", "区住建委", "区生态环境局"] {
        if let Some(p) = find(&out, short) {
            let parent = &out[p];
            let b = Body {
                name: format!("{}综合行政执法支队", parent.name),
                short: format!("{}执法支队", parent.short),
                kind: DeptKind::Agency,
                parent: Some(p),
                domains: parent.domains.clone(),
                area: String::new(),
                weight: 40,
            };
            out.push(b);
        }
    }
    for s in &subs.subdistrict {
        if s.kind == "街道" || s.kind == "镇" {
            let idx = out.len();
            out.push(Body {
                name: format!("天津市滨海新区{}办事处", s.name).replace("镇办事处", "镇人民政府"),
                short: s.name.clone(),
                kind: DeptKind::Agency,
                parent: None,
                domains: vec!["综合行政执法".into()],
                area: s.area.clone(),
                weight: 4,
            });
            out.push(Body {
                name: format!("天津市滨海新区{}综合执法大队", s.name),
                short: format!("{}综合执法大队", s.name),
                kind: DeptKind::Agency,
                parent: Some(idx),
                domains: vec!["市容环境卫生".into(), "违法建设".into(), "占道经营".into()],
                area: s.area.clone(),
                weight: 42,
            });
            if let Some(m) = market {
                out.push(Body {
                    name: format!(
                        "天津市滨海新区市场监督管理局{}市场监管所",
                        s.name.trim_end_matches("街道")
                    ),
                    short: format!("{}市场监管所", s.name.trim_end_matches("街道")),
                    kind: DeptKind::Agency,
                    parent: Some(m),
                    domains: vec!["食品安全".into(), "产品质量".into(), "无证无照经营".into()],
                    area: s.area.clone(),
                    weight: 28,
                });
            }
        }
    }
    for z in &subs.functional_zone {
        // Functional zones enforce through bodies the district entrusts.
        out.push(Body {
            name: format!("{}综合执法局", z.name),
            short: format!("{}综合执法局", z.name),
            kind: DeptKind::Entrusted,
            parent: None,
            domains: vec!["综合行政执法".into()],
            area: z.name.clone(),
            weight: 38,
        });
    }
    Ok(out)
}

/// Splits `total` by weights with the largest-remainder method, so the parts add up exactly.
fn apportion(weights: &[u32], total: usize) -> Vec<usize> {
    let sum: u64 = weights.iter().map(|w| u64::from(*w)).sum::<u64>().max(1);
    let mut parts: Vec<(usize, u64)> = weights
        .iter()
        .map(|w| {
            let exact = u64::from(*w) * total as u64;
            ((exact / sum) as usize, exact % sum)
        })
        .collect();
    let given: usize = parts.iter().map(|p| p.0).sum();
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|a, b| parts[*b].1.cmp(&parts[*a].1));
    for i in order.into_iter().take(total.saturating_sub(given)) {
        parts[i].0 += 1;
    }
    parts.into_iter().map(|p| p.0).collect()
}

/// Collecting banks the demo bodies' fines are paid into, in turn.
const DEMO_BANKS: [&str; 3] = [
    "中国工商银行股份有限公司天津滨海分行",
    "中国建设银行股份有限公司天津滨海分行",
    "中国农业银行股份有限公司天津滨海分行",
];

/// The first day the demo bodies' payment details apply: before any demo case is decided.
const DEMO_PAYMENT_FROM: (i32, u32, u32) = (2015, 1, 1);

/// Synthetic payment details of the `i`-th demo body (the account and code are made up, in the
/// shapes banks and the 非税收入 system use; the account name is the district finance bureau,
/// which holds the non-tax revenue accounts).
fn demo_payment(i: usize) -> Result<PaymentDetails> {
    let (y, m, d) = DEMO_PAYMENT_FROM;
    Ok(PaymentDetails {
        bank: DEMO_BANKS[i % DEMO_BANKS.len()].to_string(),
        account_name: "天津市滨海新区财政局".to_string(),
        account_no: format!("0302 0100 0920 {:07}", 1000 + i),
        revenue_code: format!("{BINHAI_REGION}{:04}", 1 + i),
        effective_on: date(y, m, d)?,
    })
}

/// Builds departments, officers, cards and training. `progress(done, total)` reports officers.
pub async fn generate(
    db: &Db,
    today: NaiveDate,
    mut progress: impl FnMut(usize, usize),
) -> Result<OrgDemo> {
    let mut rng = StdRng::seed_from_u64(20_240_101);
    let list = bodies()?;
    let mut tx = AuditedTx::begin(db, Actor::system("demo")).await?;
    let mut ids: Vec<i64> = Vec::with_capacity(list.len());
    for (i, b) in list.iter().enumerate() {
        // Synthetic but check-digit-valid codes: authority 1 (机构编制), category 1 (机关).
        let uscc = UnifiedSocialCreditCode::generate('1', '1', BINHAI_REGION, 7_000_000 + i as u64)
            .map_err(|e| Error::Internal(e.message_en()))?;
        let id = create_department(
            &mut tx,
            &NewDepartment {
                region: BINHAI_REGION.into(),
                name: b.name.clone(),
                short_name: b.short.clone(),
                uscc: Some(uscc.as_str().to_string()),
                uscc_confirmed: false,
                kind: b.kind,
                parent_id: b.parent.and_then(|p| ids.get(p).copied()),
                domains: b.domains.clone(),
                area: b.area.clone(),
                sort_order: i as i64,
            },
        )
        .await?;
        ids.push(id);
        insert_payment_details(&mut tx, BINHAI_REGION, id, None, &demo_payment(i)?).await?;
    }
    let counts = apportion(
        &list.iter().map(|b| b.weight).collect::<Vec<_>>(),
        DEMO_OFFICERS,
    );
    let posts = [
        "执法岗",
        "执法岗",
        "执法岗",
        "法制审核岗",
        "执法监督岗",
        "队长",
    ];
    let mut seq = 0usize;
    let mut market_officer = 0;
    for (i, (b, n)) in list.iter().zip(&counts).enumerate() {
        for _ in 0..*n {
            seq += 1;
            let birth = date(
                rng.gen_range(1966..=2000),
                rng.gen_range(1..=12),
                rng.gen_range(1..=28),
            )?;
            let idn = IdentityNumber::generate(BINHAI_REGION, birth, (seq % 999) as u16 + 1)
                .map_err(|e| Error::Internal(e.message_en()))?;
            // Most cards run five years from a 2022–2024 issue; a few lapse within the next
            // month so that expiry warnings have something real to show.
            let issued_on = date(rng.gen_range(2022..=2024), rng.gen_range(1..=12), 1)?;
            let valid_until = if seq.is_multiple_of(61) {
                today + chrono::Duration::days(rng.gen_range(1..=30))
            } else {
                date(issued_on.year() + 5, 12, 31)?
            };
            let domains: Vec<String> = b
                .domains
                .iter()
                .take(rng.gen_range(1..=3))
                .cloned()
                .collect();
            let id = insert_officer(
                &mut tx,
                BINHAI_REGION,
                &NewOfficer {
                    department_id: ids[i],
                    name: name(&mut rng),
                    id_number: idn.as_str().to_string(),
                    posts: vec![posts[rng.gen_range(0..posts.len())].to_string()],
                    card: Some(NewCard {
                        card_no: format!("{BINHAI_REGION}{seq:06}"),
                        domains,
                        issued_on,
                        valid_until,
                    }),
                },
            )
            .await?;
            if b.short == "区市场监管局" && market_officer == 0 {
                market_officer = id;
            }
            // 2024: every officer trained at least the required hours and examined (the
            // report's full coverage), with realistic spread.
            let hours = MIN_TRAINING_HOURS + rng.gen_range(0..=40);
            record_training(
                &mut tx,
                BINHAI_REGION,
                id,
                2024,
                hours,
                Some(rng.gen_range(68..=100)),
            )
            .await?;
            if seq.is_multiple_of(50) {
                progress(seq, DEMO_OFFICERS);
            }
        }
    }
    tx.commit().await?;
    progress(DEMO_OFFICERS, DEMO_OFFICERS);
    let find = |short: &str| {
        list.iter()
            .position(|b| b.short == short)
            .map(|p| ids[p])
            .unwrap_or(0)
    };
    Ok(OrgDemo {
        departments: list.len(),
        officers: seq,
        justice_bureau: find("区司法局"),
        market_bureau: find("区市场监管局"),
        market_officer,
    })
}

/// Adds `n` synthetic officers (with cards) spread over the existing departments, through the
/// ordinary audited insert, in transactions of `batch`. Used to measure the registry at scale
/// (`fazhi bench populate`).
pub async fn populate(
    db: &Db,
    n: usize,
    batch: usize,
    mut progress: impl FnMut(usize, usize),
) -> Result<usize> {
    let depts: Vec<i64> = sqlx::query_as::<_, (i64,)>("SELECT id FROM departments ORDER BY id")
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .map(|r| r.0)
        .collect();
    if depts.is_empty() {
        return Err(Error::of(Code::BenchNoDepartments));
    }
    let start: i64 = sqlx::query_as::<_, (i64,)>("SELECT CAST(COUNT(*) AS BIGINT) FROM officers")
        .fetch_one(db.pool())
        .await?
        .0;
    let mut rng = StdRng::seed_from_u64(start as u64 + 7);
    let mut done = 0usize;
    while done < n {
        let mut tx = AuditedTx::begin(db, Actor::system("bench")).await?;
        for _ in 0..batch.min(n - done) {
            let k = start as usize + done + 1;
            // Distinct synthetic identity numbers: birth date and sequence walk through the space.
            // 1000 sequence numbers per birth date, a new date every 1000 officers.
            let birth = date(1950, 1, 1)? + chrono::Duration::days((k / 1000) as i64);
            let idn = IdentityNumber::generate(BINHAI_REGION, birth, (k % 1000) as u16)
                .map_err(|e| Error::Internal(e.message_en()))?;
            insert_officer(
                &mut tx,
                BINHAI_REGION,
                &NewOfficer {
                    department_id: depts[rng.gen_range(0..depts.len())],
                    name: name(&mut rng),
                    id_number: idn.as_str().to_string(),
                    posts: vec!["执法岗".into()],
                    card: Some(NewCard {
                        card_no: format!("B{k:09}"),
                        domains: vec!["综合行政执法".into()],
                        issued_on: date(2024, 1, 1)?,
                        valid_until: date(2028, 12, 31)?,
                    }),
                },
            )
            .await?;
            done += 1;
        }
        tx.commit().await?;
        progress(done, n);
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_adds_up() {
        let p = apportion(&[90, 45, 22, 4], 2800);
        assert_eq!(p.iter().sum::<usize>(), 2800);
        assert!(p[0] > p[1] && p[1] > p[2] && p[2] > p[3]);
    }

    #[test]
    fn about_a_hundred_bodies() {
        let b = bodies().expect("bodies");
        assert!((90..=110).contains(&b.len()), "{} bodies", b.len());
    }
}
