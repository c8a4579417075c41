//! Demo of people's mediation for 2024, written through the module's own code
//! (`mediation::orgs::create_many`, `mediation::bulk`, which apply the page's checks). The
//! report's figures — 486 organisations, 15,820 disputes mediated with 99 % success and 1.33亿元
//! involved, 33,723 screenings and 1,547 disputes prevented — are the sizes of the generated
//! sets; pages and the CLI count the records, so deleting one changes them.
//!
//! The 21 街镇 come from `subdistricts.toml` (the functional zones are not 街镇 and have no
//! committee of their own here). The 村居 committees and grids are NOT real names: they are
//! plainly generated from the 街镇's short name and a number (塘沽街第3社区…, 太平镇第5村…).

use chrono::{Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Deserialize;
use sqlx::Row;

use fazhi_core::audit::{Actor, AuditedTx};
use fazhi_core::db::Db;
use fazhi_core::mediation::bulk::{self, Generated, Outcome};
use fazhi_core::mediation::orgs::{self, NewMediator, NewOrganisation};
use fazhi_core::mediation::rules::{AgreementForm, Channel, DisputeKind, OrgKind, Risk};
use fazhi_core::mediation::scope;
use fazhi_core::mediation::screenings::{NewScreening, ScreeningStatus};
use fazhi_core::mediation::workflow::NewDispute;
use fazhi_core::{BINHAI_REGION, Error, Result};

/// The report's figures (2024).
pub const ORGANISATIONS: usize = 486;
pub const CASES: usize = 15_820;
/// 99 % success: disputes that failed (第二十六条) and the few still open at year end.
pub const FAILED: usize = 148;
pub const OPEN: usize = 9;
/// 1.33亿元 in fen.
pub const AMOUNT_FEN: i64 = 13_300_000_000;
pub const SCREENINGS: usize = 33_723;
pub const PREVENTED: usize = 1_547;
/// High risks escalated to the 司法所.
pub const ESCALATED_SCREENINGS: usize = 86;
/// The trade and professional committees (行业性专业性).
pub const TRADE: &[(OrgKind, &str)] = &[
    (OrgKind::Medical, "滨海新区医疗纠纷人民调解委员会"),
    (OrgKind::Traffic, "滨海新区道路交通事故纠纷人民调解委员会"),
    (OrgKind::Labour, "滨海新区劳动争议人民调解委员会"),
    (OrgKind::Property, "滨海新区物业纠纷人民调解委员会"),
];
/// The demo 人民调解员 works for the first 村居 committee of this 街镇; the demo 司法所 covers it.
pub const DEMO_SUBDISTRICT: &str = "塘沽街道";
const DISTRICT_NAME: &str = "滨海新区人民调解委员会";
const YEAR: i32 = 2024;
const SEED: u64 = 20_240_486;
const BATCH: usize = 4000;

const SUBDISTRICTS_TOML: &str = include_str!("../../core/data/binhai/subdistricts.toml");

#[derive(Deserialize)]
struct SubFile {
    subdistrict: Vec<Sub>,
}
#[derive(Deserialize)]
struct Sub {
    name: String,
    #[serde(default)]
    short_name: String,
    #[serde(default)]
    kind: String,
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗", "梁", "宋", "郑", "谢",
];
const GIVEN: &[&str] = &[
    "建华", "秀英", "志强", "丽娟", "国庆", "海燕", "文杰", "桂兰", "立新", "晓东", "春梅", "德胜",
    "玉兰", "振宇", "淑珍", "宏伟", "金凤", "卫东", "红霞", "少华",
];
const FIRMS: &[&str] = &[
    "某物业服务有限公司",
    "某建筑劳务有限公司",
    "某物流运输有限公司",
    "某餐饮管理有限公司",
    "某装饰工程有限公司",
];

fn internal(e: impl std::fmt::Display) -> Error {
    Error::Internal(e.to_string())
}

fn person(rng: &mut StdRng) -> String {
    format!(
        "{}{}",
        SURNAMES[rng.gen_range(0..SURNAMES.len())],
        GIVEN[rng.gen_range(0..GIVEN.len())]
    )
}

/// The 21 街镇 (name, short name, is a town).
fn subdistricts() -> Result<Vec<(String, String, bool)>> {
    let f: SubFile = toml::from_str(SUBDISTRICTS_TOML).map_err(internal)?;
    Ok(f.subdistrict
        .into_iter()
        .filter(|s| s.kind == "街道" || s.kind == "镇")
        .map(|s| {
            let short = if s.short_name.is_empty() {
                s.name.clone()
            } else {
                s.short_name
            };
            (s.name, short, s.kind == "镇")
        })
        .collect())
}

fn composition(rng: &mut StdRng) -> (i64, i64) {
    let members = rng.gen_range(3..=9);
    (members, rng.gen_range(1..=members.min(4)))
}

/// A day of the year.
fn day(rng: &mut StdRng) -> NaiveDate {
    NaiveDate::from_yo_opt(YEAR, rng.gen_range(1..=366)).unwrap_or_default()
}

/// (kind, weight of its amounts, summary).
fn kind_of(rng: &mut StdRng) -> (DisputeKind, u32, &'static str) {
    let x = rng.gen_range(0..100);
    match x {
        0..=24 => (
            DisputeKind::Neighbour,
            1,
            "因房屋漏水、噪声等相邻关系发生纠纷",
        ),
        25..=39 => (DisputeKind::Family, 2, "因赡养、抚养及家庭财产分割发生纠纷"),
        40..=51 => (
            DisputeKind::Property,
            2,
            "因物业服务费及公共设施维修发生纠纷",
        ),
        52..=63 => (DisputeKind::Labour, 6, "因拖欠劳动报酬发生纠纷"),
        64..=69 => (DisputeKind::Medical, 12, "因诊疗过程中的损害赔偿发生纠纷"),
        70..=79 => (DisputeKind::Traffic, 8, "因道路交通事故损害赔偿发生纠纷"),
        80..=84 => (DisputeKind::Construction, 15, "因工程款结算发生纠纷"),
        85..=91 => (DisputeKind::Contract, 6, "因买卖合同履行发生纠纷"),
        92..=96 => (DisputeKind::Damage, 3, "因财产损害赔偿发生纠纷"),
        97 => (DisputeKind::Land, 4, "因土地承包经营发生纠纷"),
        _ => (DisputeKind::Other, 1, "因其他民间事务发生纠纷"),
    }
}

/// Builds the 2024 mediation data (skipped if organisations exist).
pub async fn generate(db: &Db, progress: &mut dyn FnMut(&str, usize, usize)) -> Result<()> {
    let done: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM mediation_organisations WHERE region_code = $1",
    )
    .bind(BINHAI_REGION)
    .fetch_one(db.pool())
    .await?
    .try_get(0)?;
    if done > 0 {
        return Ok(());
    }
    let mut rng = StdRng::seed_from_u64(SEED);
    let subs = subdistricts()?;
    let term = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default();
    let mut list = Vec::with_capacity(ORGANISATIONS);
    let org = |name: String, kind: OrgKind, sub: &str, rng: &mut StdRng| {
        let (members, women) = composition(rng);
        NewOrganisation {
            name,
            kind,
            subdistrict: sub.to_string(),
            members,
            women,
            minority: 0,
            multi_ethnic: false,
            term_start: term,
        }
    };
    list.push(org(DISTRICT_NAME.into(), OrgKind::District, "", &mut rng));
    for (name, _, _) in &subs {
        list.push(org(
            format!("{name}人民调解委员会"),
            OrgKind::Subdistrict,
            name,
            &mut rng,
        ));
    }
    for (kind, name) in TRADE {
        list.push(org((*name).into(), *kind, "", &mut rng));
    }
    // The rest are 村居 committees, spread evenly over the 街镇.
    let communities = ORGANISATIONS - list.len();
    for i in 0..communities {
        let (name, short, town) = &subs[i % subs.len()];
        let n = i / subs.len() + 1;
        let (label, kind) = if *town {
            (format!("{short}第{n}村人民调解委员会"), OrgKind::Village)
        } else {
            (
                format!("{short}第{n}社区人民调解委员会"),
                OrgKind::Residents,
            )
        };
        list.push(org(label, kind, name, &mut rng));
    }
    let actor = || Actor::system("demo");
    let mut tx = AuditedTx::begin(db, actor()).await?;
    let ids = orgs::create_many(&mut tx, BINHAI_REGION, &list).await?;
    // Every member is a mediator (第十三条), trained by the Justice Bureau (第十四条).
    let mut mediators = Vec::new();
    for (o, id) in list.iter().zip(&ids) {
        for k in 0..o.members {
            mediators.push(NewMediator {
                organisation_id: *id,
                name: person(&mut rng),
                gender: if k < o.women { "female" } else { "male" }.into(),
                is_member: true,
                trained_on: Some(day(&mut rng)),
                training_hours: rng.gen_range(8..=40),
            });
        }
    }
    orgs::add_mediators(&mut tx, BINHAI_REGION, &mediators).await?;
    // The demo accounts of the mediator and the 司法所.
    let demo_org = list
        .iter()
        .zip(&ids)
        .find(|(o, _)| {
            o.subdistrict == DEMO_SUBDISTRICT && o.kind.level() == OrgKind::Residents.level()
        })
        .map(|(_, id)| *id);
    if let Some(o) = demo_org {
        scope::link_in(&mut tx, BINHAI_REGION, "mediator", Some(o), "").await?;
        scope::link_in(&mut tx, BINHAI_REGION, "sifasuo", None, DEMO_SUBDISTRICT).await?;
    }
    tx.commit().await?;
    progress(
        "人民调解组织 mediation organisations",
        ids.len(),
        ORGANISATIONS,
    );

    // Disputes: most at the 村居 level, a share escalated from there to the 街镇, the kinds with a
    // trade committee often there.
    let pick_community = |rng: &mut StdRng| loop {
        let i = rng.gen_range(0..list.len());
        if list[i].kind.level() == OrgKind::Residents.level() {
            return i;
        }
    };
    let sub_committee = |sub: &str| {
        list.iter()
            .position(|o| o.subdistrict == sub && o.kind == OrgKind::Subdistrict)
    };
    let trade = |k: OrgKind| list.iter().position(|o| o.kind == k);
    let mut weights = Vec::with_capacity(CASES);
    let mut generated = Vec::with_capacity(CASES);
    for n in 0..CASES {
        let (kind, weight, summary) = kind_of(&mut rng);
        let community = pick_community(&mut rng);
        let sub = list[community].subdistrict.clone();
        let roll = rng.gen_range(0..100);
        let (at, escalations) = match (kind.trade_committee(), roll) {
            (Some(t), 0..=39) => (trade(t).unwrap_or(community), 0),
            (_, 40..=51) => (sub_committee(&sub).unwrap_or(community), 1),
            (_, 52..=53) => (0, 2),
            _ => (community, 0),
        };
        let received = day(&mut rng);
        let channel = match rng.gen_range(0..100) {
            0..=54 => Channel::WalkIn,
            55..=69 => Channel::Initiative,
            70..=81 => Channel::Hotline,
            82..=89 => Channel::Court,
            90..=95 => Channel::Police,
            _ => Channel::Petition,
        };
        let referral_no = match channel {
            Channel::Court => format!("（{YEAR}）津0116民诉前调{}号", n + 1),
            Channel::Police => format!("津公滨移调〔{YEAR}〕{}号", n + 1),
            Channel::Petition => format!("滨信转〔{YEAR}〕{}号", n + 1),
            _ => String::new(),
        };
        let respondent = if matches!(
            kind,
            DisputeKind::Labour | DisputeKind::Property | DisputeKind::Construction
        ) {
            format!("滨海新区{}", FIRMS[rng.gen_range(0..FIRMS.len())])
        } else {
            person(&mut rng)
        };
        let applicant = person(&mut rng);
        let closed = (received + Duration::days(rng.gen_range(1..=20)))
            .min(NaiveDate::from_ymd_opt(YEAR + 1, 1, 20).unwrap_or(received));
        let outcome = if n < OPEN {
            Outcome::Open
        } else if n < OPEN + FAILED {
            Outcome::Failed { on: closed }
        } else {
            let form = if rng.gen_range(0..100) < 70 {
                AgreementForm::Written
            } else {
                AgreementForm::Oral
            };
            Outcome::Agreed {
                form,
                text: format!(
                    "{respondent}与{applicant}自愿达成协议，于约定期限内履行完毕，双方再无争议。"
                ),
                on: closed,
            }
        };
        // Neighbour and family disputes often involve no money.
        let w = if weight <= 2 && rng.gen_range(0..100) < 45 {
            0
        } else {
            weight * rng.gen_range(50..150)
        };
        weights.push(u64::from(w));
        let received = if matches!(outcome, Outcome::Open) {
            NaiveDate::from_ymd_opt(YEAR, 12, 20 + n as u32 % 10).unwrap_or(received)
        } else {
            received
        };
        generated.push(Generated {
            new: NewDispute {
                organisation_id: ids[at],
                channel,
                work_order_id: None,
                referral_no,
                kind,
                applicant,
                respondent,
                summary: format!(
                    "{}{}",
                    list[community].name.trim_end_matches("人民调解委员会"),
                    summary
                ),
                amount_fen: 0,
                received_on: received,
            },
            // Where it arose: kept when it goes up, so the 司法所 still sees it.
            subdistrict: list[community].subdistrict.clone(),
            escalations,
            outcome,
        });
    }
    // The amounts: shares of 1.33亿元 by weight, the remainder on the largest.
    let total: u64 = weights.iter().sum::<u64>().max(1);
    let mut sum = 0i64;
    for (g, w) in generated.iter_mut().zip(&weights) {
        let fen = (AMOUNT_FEN as u128 * u128::from(*w) / u128::from(total)) as i64;
        g.new.amount_fen = fen;
        sum += fen;
    }
    if let Some((i, _)) = weights.iter().enumerate().max_by_key(|(_, w)| **w) {
        generated[i].new.amount_fen += AMOUNT_FEN - sum;
    }
    for (k, chunk) in generated.chunks(BATCH).enumerate() {
        bulk::disputes(db, actor(), BINHAI_REGION, chunk).await?;
        progress(
            "人民调解纠纷 disputes",
            (k * BATCH + chunk.len()).min(CASES),
            CASES,
        );
    }

    // Screenings by grid: most find nothing; a risk found is prevented or, if high, escalated.
    let mut sc = Vec::with_capacity(SCREENINGS);
    for n in 0..SCREENINGS {
        let (name, short, _) = &subs[n % subs.len()];
        let grid = format!("{short}第{}网格", rng.gen_range(1..=40));
        let on = day(&mut rng);
        let (risk, status, finding) = if n < PREVENTED {
            let risk = [Risk::Low, Risk::Medium, Risk::High][rng.gen_range(0..3)];
            (
                risk,
                ScreeningStatus::Prevented,
                "发现邻里、家庭矛盾苗头，经网格员和调解员上门疏导，已就地化解",
            )
        } else if n < PREVENTED + ESCALATED_SCREENINGS {
            (
                Risk::High,
                ScreeningStatus::Escalated,
                "发现可能激化的矛盾，已采取预防措施并上报司法所",
            )
        } else {
            (Risk::None, ScreeningStatus::Closed, "")
        };
        sc.push((
            NewScreening {
                subdistrict: name.clone(),
                grid,
                screened_on: on,
                risk,
                finding: finding.into(),
            },
            status,
        ));
    }
    for (k, chunk) in sc.chunks(BATCH * 2).enumerate() {
        bulk::screenings(db, actor(), BINHAI_REGION, chunk).await?;
        progress(
            "矛盾排查 screenings",
            (k * BATCH * 2 + chunk.len()).min(SCREENINGS),
            SCREENINGS,
        );
    }
    Ok(())
}

/// Adds `n` synthetic disputes over the organisations there (the benchmark), in batches of
/// the module's bulk writer; the demo's accounts keep their scope. Returns how many were added.
pub async fn populate(db: &Db, n: usize, progress: &mut dyn FnMut(usize, usize)) -> Result<usize> {
    let rows = sqlx::query(
        "SELECT id, subdistrict FROM mediation_organisations WHERE region_code = $1 ORDER BY id",
    )
    .bind(BINHAI_REGION)
    .fetch_all(db.pool())
    .await?;
    let orgs: Vec<(i64, String)> = rows
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<Result<_>>()?;
    if orgs.is_empty() {
        return Err(Error::Internal(
            "no mediation organisations: run `fazhi demo` first".into(),
        ));
    }
    let mut rng = StdRng::seed_from_u64(SEED + 1);
    let mut done = 0;
    while done < n {
        let size = (n - done).min(5_000);
        let mut batch = Vec::with_capacity(size);
        for _ in 0..size {
            let (id, sub) = &orgs[rng.gen_range(0..orgs.len())];
            let (kind, weight, summary) = kind_of(&mut rng);
            let on = day(&mut rng);
            let outcome = match rng.gen_range(0..100) {
                0 => Outcome::Failed { on },
                1 => Outcome::Open,
                _ => Outcome::Agreed {
                    form: AgreementForm::Written,
                    text: "双方自愿达成协议并履行完毕。".into(),
                    on,
                },
            };
            batch.push(Generated {
                new: NewDispute {
                    organisation_id: *id,
                    channel: Channel::WalkIn,
                    work_order_id: None,
                    referral_no: String::new(),
                    kind,
                    applicant: person(&mut rng),
                    respondent: person(&mut rng),
                    summary: summary.to_string(),
                    amount_fen: i64::from(weight) * 100_000,
                    received_on: on,
                },
                subdistrict: sub.clone(),
                escalations: 0,
                outcome,
            });
        }
        bulk::disputes(db, Actor::system("bench"), BINHAI_REGION, &batch).await?;
        done += size;
        progress(done, n);
    }
    Ok(done)
}
