//! `fazhi reconsideration …` and `fazhi litigation …`: the figures of a year, counted from the
//! records.

use anyhow::Result;
use clap::Subcommand;
use fazhi_core::BINHAI_REGION;
use fazhi_core::auth::{DataScope, Principal, Role};
use fazhi_core::litigation;
use fazhi_core::reconsideration::records::{self, Status};
use fazhi_core::reconsideration::stats;

use crate::{bilingual, open};

#[derive(Subcommand)]
pub enum ReconsiderationCmd {
    /// Applications received, accepted and decided in a year, corrections, mediations and
    /// withdrawals, overdue (`{"received","accepted","decided","corrected","mediated_or_withdrawn","overdue"}`).
    Stats {
        #[arg(long)]
        year: i32,
        #[arg(long, env = "FAZHI_DB", default_value = "fazhi.db")]
        db: String,
        #[arg(long)]
        json: bool,
    },
    /// Benchmark of the list pages (reads; with --applications N first adds N synthetic rows
    /// to a benchmark database): the district list, a status filter, a respondent body's list,
    /// the year's figures and the portal lookup, p50/p99 over repeated runs.
    Bench {
        #[arg(long, env = "FAZHI_DB", default_value = "fazhi.db")]
        db: String,
        /// Synthetic applications to add first (0: measure what is there).
        #[arg(long, default_value_t = 0)]
        applications: usize,
        /// Runs per query.
        #[arg(long, default_value_t = 50)]
        runs: usize,
    },
}

#[derive(Subcommand)]
pub enum LitigationCmd {
    /// Lawsuits served in a year by instance, lost, and the heads' appearances
    /// (`{"first_instance","second_instance","lost","head_appearances"}`).
    Stats {
        #[arg(long)]
        year: i32,
        #[arg(long, env = "FAZHI_DB", default_value = "fazhi.db")]
        db: String,
        #[arg(long)]
        json: bool,
    },
}

fn check_year(year: i32) -> Result<()> {
    if !(1949..=9999).contains(&year) {
        anyhow::bail!("年份无效：{year}\ninvalid year: {year}");
    }
    Ok(())
}

pub async fn run(cmd: ReconsiderationCmd) -> Result<u8> {
    let (year, db, json) = match cmd {
        ReconsiderationCmd::Stats { year, db, json } => (year, db, json),
        ReconsiderationCmd::Bench {
            db,
            applications,
            runs,
        } => return bench(&db, applications, runs).await,
    };
    check_year(year)?;
    let db = open(&db).await?;
    let s = stats::year(&db, BINHAI_REGION, year)
        .await
        .map_err(bilingual)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&s)?);
    } else {
        println!("{year} 年行政复议 / administrative reconsideration");
        println!("  收到申请 received          {}", s.received);
        println!("  受理 accepted              {}", s.accepted);
        println!("  审结 decided               {}", s.decided);
        println!("  纠错 corrected             {}", s.corrected);
        println!(
            "  调解、撤回 mediated/withdrawn {}",
            s.mediated_or_withdrawn
        );
        println!("  超期 overdue               {}", s.overdue);
    }
    Ok(0)
}

pub async fn run_litigation(cmd: LitigationCmd) -> Result<u8> {
    let LitigationCmd::Stats { year, db, json } = cmd;
    check_year(year)?;
    let db = open(&db).await?;
    let s = litigation::stats(&db, BINHAI_REGION, year)
        .await
        .map_err(bilingual)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&s)?);
    } else {
        println!("{year} 年行政应诉 / litigation");
        println!("  一审 first instance        {}", s.first_instance);
        println!("  二审 second instance       {}", s.second_instance);
        println!("  败诉 lost                  {}", s.lost);
        println!(
            "  负责人出庭 head appearances {} / {}",
            s.head_appearances, s.hearings
        );
    }
    Ok(0)
}

fn principal(role: Role, department_id: Option<i64>, scope: DataScope) -> Principal {
    Principal {
        user_id: 0,
        username: "bench".into(),
        display_name: "bench".into(),
        role,
        department_id,
        department_name: String::new(),
        scope,
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
        "{label:<40} p50 {:>8.2} ms   p99 {:>8.2} ms",
        at(0.5),
        at(0.99)
    );
    Ok(())
}

async fn bench(db: &str, applications: usize, runs: usize) -> Result<u8> {
    let db = open(db).await?;
    if applications > 0 {
        let n = fazhi_demo::reconsideration::populate(&db, applications, &mut |d, t| {
            if d % 10_000 == 0 || d == t {
                eprintln!("populate {d}/{t}");
            }
        })
        .await
        .map_err(bilingual)?;
        println!("added {n} synthetic applications");
    }
    let total: i64 = records::count(&db, BINHAI_REGION)
        .await
        .map_err(bilingual)?;
    println!("applications in the database: {total}");
    let market = fazhi_core::org::find_department_by_name(db.pool(), BINHAI_REGION, "区市场监管局")
        .await
        .map_err(bilingual)?;
    let bureau = principal(Role::Supervisor, None, DataScope::District);
    let body = principal(Role::DeptAdmin, market, DataScope::DepartmentTree);
    time("list, district, page 1", runs, || async {
        records::list(&db, &bureau, None, 50, 0).await.map(|_| ())
    })
    .await?;
    time("list, district, status accepted, page 20", runs, || async {
        records::list(&db, &bureau, Some(Status::Accepted), 50, 950)
            .await
            .map(|_| ())
    })
    .await?;
    time("list, one body's tree, page 1", runs, || async {
        records::list(&db, &body, None, 50, 0).await.map(|_| ())
    })
    .await?;
    time("figures of 2024", runs, || async {
        stats::year(&db, BINHAI_REGION, 2024).await.map(|_| ())
    })
    .await?;
    time("portal lookup by query code", runs, || async {
        records::by_query_code(&db, BINHAI_REGION, "BENCH0000000042")
            .await
            .map(|_| ())
    })
    .await?;
    Ok(0)
}
