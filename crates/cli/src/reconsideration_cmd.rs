//! `fazhi reconsideration …` and `fazhi litigation …`: the figures of a year, counted from the
//! records.

use anyhow::Result;
use clap::Subcommand;
use fazhi_core::BINHAI_REGION;
use fazhi_core::litigation;
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
    let ReconsiderationCmd::Stats { year, db, json } = cmd;
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
