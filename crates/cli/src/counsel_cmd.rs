//! `fazhi counsel …`: the figures of a year of legal counsel and public-sector lawyers,
//! counted from the registry.

use anyhow::Result;
use clap::Subcommand;
use fazhi_core::BINHAI_REGION;
use fazhi_core::counsel::stats;

use crate::{bilingual, open};

#[derive(Subcommand)]
pub enum CounselCmd {
    /// Public-sector lawyers appointed in the year, the bodies they serve and the written
    /// opinions given (`{"public_lawyers","bodies_with_public_lawyers","opinions"}`).
    Stats {
        #[arg(long)]
        year: i32,
        #[arg(long, env = "FAZHI_DB", default_value = "fazhi.db")]
        db: String,
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(cmd: CounselCmd) -> Result<u8> {
    let CounselCmd::Stats { year, db, json } = cmd;
    if !(1949..=9999).contains(&year) {
        anyhow::bail!("年份无效：{year}\ninvalid year: {year}");
    }
    let db = open(&db).await?;
    let s = stats::year(&db, BINHAI_REGION, year)
        .await
        .map_err(bilingual)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&s)?);
    } else {
        println!("{year} 年法律顾问、公职律师 / legal counsel");
        println!("  公职律师 public-sector lawyers  {}", s.public_lawyers);
        println!(
            "  配备单位 bodies                 {}",
            s.bodies_with_public_lawyers
        );
        println!("  法律顾问 legal advisers         {}", s.legal_advisers);
        println!("  法律意见 opinions               {}", s.opinions);
    }
    Ok(0)
}
