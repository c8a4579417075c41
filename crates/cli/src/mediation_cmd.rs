//! `fazhi mediation …`: the figures of a year counted from the records, the organisations by
//! level, the link of a mediator or 司法所 account, and the list-page benchmark.

use anyhow::Result;
use clap::Subcommand;
use fazhi_core::BINHAI_REGION;
use fazhi_core::audit::{Actor, AuditedTx};
use fazhi_core::auth::{DataScope, Principal, Role};
use fazhi_core::mediation::disputes::{self, Status};
use fazhi_core::mediation::{orgs, scope, stats};

use crate::{bilingual, open};

#[derive(Subcommand)]
pub enum MediationCmd {
    /// Organisations, disputes, success rate, amounts, screenings and disputes prevented in a
    /// year (`{"organisations","cases","success_rate","amount_yuan","screenings","prevented"}`;
    /// success_rate in percent with one decimal, null over nothing; amount_yuan in yuan).
    Stats {
        #[arg(long)]
        year: i32,
        #[arg(long, env = "FAZHI_DB", default_value = "fazhi.db")]
        db: String,
        #[arg(long)]
        json: bool,
    },
    /// Links a 人民调解员 account to its organisation (--organisation-id) or a 司法所 account to
    /// its 街镇 (--subdistrict), as the Justice Bureau does on the accounts page.
    Link {
        #[arg(long)]
        username: String,
        #[arg(long)]
        organisation_id: Option<i64>,
        #[arg(long, default_value = "")]
        subdistrict: String,
        #[arg(long, env = "FAZHI_DB", default_value = "fazhi.db")]
        db: String,
    },
    /// Imports organisations from an Excel file made from the template (`--template OUT` writes
    /// the template); every bad row is reported and nothing is written unless all are good.
    Import {
        #[arg(long)]
        file: Option<String>,
        #[arg(long)]
        template: Option<String>,
        #[arg(long, env = "FAZHI_DB", default_value = "fazhi.db")]
        db: String,
    },
    /// Benchmark of the list pages (with --disputes N first adds N synthetic disputes): the
    /// district's list, a status filter deep in the list, a 司法所's and an organisation's list
    /// and the year's figures, p50/p99 over repeated runs.
    Bench {
        #[arg(long, env = "FAZHI_DB", default_value = "fazhi.db")]
        db: String,
        #[arg(long, default_value_t = 0)]
        disputes: usize,
        #[arg(long, default_value_t = 50)]
        runs: usize,
    },
}

pub async fn run(cmd: MediationCmd) -> Result<u8> {
    match cmd {
        MediationCmd::Stats { year, db, json } => run_stats(year, &db, json).await,
        MediationCmd::Link {
            username,
            organisation_id,
            subdistrict,
            db,
        } => {
            let db = open(&db).await?;
            let mut tx = AuditedTx::begin(&db, Actor::system("cli"))
                .await
                .map_err(bilingual)?;
            scope::link_in(
                &mut tx,
                BINHAI_REGION,
                &username,
                organisation_id,
                &subdistrict,
            )
            .await
            .map_err(bilingual)?;
            tx.commit().await.map_err(bilingual)?;
            println!("已设置调解账号范围 / mediation account linked: {username}");
            Ok(0)
        }
        MediationCmd::Bench { db, disputes, runs } => bench(&db, disputes, runs).await,
        MediationCmd::Import { file, template, db } => import(file, template, &db).await,
    }
}

async fn run_stats(year: i32, db: &str, json: bool) -> Result<u8> {
    if !(1949..=9999).contains(&year) {
        anyhow::bail!("年份无效：{year}\ninvalid year: {year}");
    }
    let db = open(db).await?;
    let s = stats::year(&db, BINHAI_REGION, year)
        .await
        .map_err(bilingual)?;
    if json {
        let v = serde_json::json!({
            "year": s.year,
            "organisations": s.organisations,
            "cases": s.cases,
            "success_rate": s.success_rate,
            "amount_yuan": s.amount_yuan(),
            "screenings": s.screenings,
            "prevented": s.prevented,
            "agreed": s.agreed,
            "failed": s.failed,
            "open": s.open,
            "escalated": s.escalated,
            "organisations_by_level": s.organisations_by_level,
            "by_level": s.by_level,
            "by_kind": s.by_kind,
            "by_month": s.by_month,
        });
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        println!("{year} 年人民调解 / people's mediation");
        println!("  调解组织 organisations     {}", s.organisations);
        for (l, n) in &s.organisations_by_level {
            println!("    {l} {n}");
        }
        println!("  调解纠纷 disputes          {}", s.cases);
        println!(
            "  调解成功率 success rate    {}",
            s.success_rate
                .map(|r| format!("{r:.1}%"))
                .unwrap_or_else(|| "—".into())
        );
        println!(
            "  涉及金额 amount            {}",
            fazhi_core::money::Money::from_fen(s.amount_fen).format_wan()
        );
        println!("  矛盾排查 screenings        {}", s.screenings);
        println!("  预防纠纷 prevented         {}", s.prevented);
    }
    Ok(0)
}

async fn import(file: Option<String>, template: Option<String>, db: &str) -> Result<u8> {
    if let Some(out) = template {
        std::fs::write(
            &out,
            fazhi_core::mediation::import::template().map_err(bilingual)?,
        )?;
        println!("模板已写入 / template written: {out}");
        return Ok(0);
    }
    let Some(file) = file else {
        anyhow::bail!("请用 --file 指定 Excel 文件\ngive the Excel file with --file");
    };
    let bytes = std::fs::read(&file)?;
    let db = open(db).await?;
    let mut who = bench_principal(Role::Supervisor, 0);
    who.username = "cli".into();
    who.display_name = "命令行导入".into();
    let r = fazhi_core::mediation::import::import(&db, &who, &bytes)
        .await
        .map_err(bilingual)?;
    for e in &r.errors {
        println!(
            "第 {} 行 {}：{} / {}",
            e.row, e.column, e.reason, e.reason_en
        );
    }
    println!("导入 / imported: {}", r.imported);
    Ok(if r.errors.is_empty() { 0 } else { 1 })
}

fn bench_principal(role: Role, user_id: i64) -> Principal {
    Principal {
        user_id,
        username: "bench".into(),
        display_name: "bench".into(),
        role,
        department_id: None,
        department_name: String::new(),
        scope: if role == Role::Supervisor {
            DataScope::District
        } else {
            DataScope::NoData
        },
        region: BINHAI_REGION.into(),
    }
}

async fn time<F, Fut>(label: &str, runs: usize, mut f: F) -> Result<()>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = fazhi_core::Result<()>>,
{
    let mut ms = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let t = std::time::Instant::now();
        f().await.map_err(bilingual)?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    ms.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    println!(
        "{label:<44} p50 {:>8.2} ms   p99 {:>8.2} ms",
        at(0.5),
        at(0.99)
    );
    Ok(())
}

async fn user_id(db: &fazhi_core::db::Db, username: &str) -> Result<i64> {
    scope::account_id(db, BINHAI_REGION, username)
        .await
        .map_err(bilingual)?
        .ok_or_else(|| {
            anyhow::anyhow!(
                "没有账号 {username}（请先运行 fazhi demo）\nno account {username} (run fazhi demo first)"
            )
        })
}

async fn bench(db: &str, n: usize, runs: usize) -> Result<u8> {
    let db = open(db).await?;
    if n > 0 {
        let added = fazhi_demo::mediation::populate(&db, n, &mut |d, t| {
            if d % 100_000 == 0 || d == t {
                eprintln!("populate {d}/{t}");
            }
        })
        .await
        .map_err(bilingual)?;
        println!("added {added} synthetic disputes");
    }
    let bureau = bench_principal(Role::Supervisor, 0);
    let office = bench_principal(Role::JusticeOffice, user_id(&db, "sifasuo").await?);
    let mediator = bench_principal(Role::Mediator, user_id(&db, "mediator").await?);
    let (_, total) = disputes::list(&db, &bureau, None, 1, 0)
        .await
        .map_err(bilingual)?;
    println!("disputes in the database: {total}");
    let orgs_n = orgs::tree(&db, &bureau).await.map_err(bilingual)?.len();
    println!("organisations: {orgs_n}");
    time("list, district, page 1", runs, || async {
        disputes::list(&db, &bureau, None, 50, 0).await.map(|_| ())
    })
    .await?;
    time("list, district, status failed, page 20", runs, || async {
        disputes::list(&db, &bureau, Some(Status::Failed), 50, 950)
            .await
            .map(|_| ())
    })
    .await?;
    time("list, one 司法所 (街镇), page 1", runs, || async {
        disputes::list(&db, &office, None, 50, 0).await.map(|_| ())
    })
    .await?;
    time("list, one organisation, page 1", runs, || async {
        disputes::list(&db, &mediator, None, 50, 0)
            .await
            .map(|_| ())
    })
    .await?;
    time("figures of 2024", runs.min(10), || async {
        stats::year(&db, BINHAI_REGION, 2024).await.map(|_| ())
    })
    .await?;
    Ok(0)
}
