//! `fazhi decisions …`: the figures of a year of major administrative decisions, counted from
//! the records.

use anyhow::Result;
use clap::Subcommand;
use fazhi_core::BINHAI_REGION;
use fazhi_core::decisions::stats;

use crate::{bilingual, open};

#[derive(Subcommand)]
pub enum DecisionsCmd {
    /// The year's catalogue items, decisions adopted and the catalogue's publication rate
    /// (`{"catalogue_items","decided","catalogue_publication_rate"}`; the rate is null over an
    /// empty catalogue).
    Stats {
        #[arg(long)]
        year: i32,
        #[arg(long, env = "FAZHI_DB", default_value = "fazhi.db")]
        db: String,
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(cmd: DecisionsCmd) -> Result<u8> {
    let DecisionsCmd::Stats { year, db, json } = cmd;
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
        let rate = s
            .catalogue_publication_rate
            .map(|r| format!("{r}%"))
            .unwrap_or_else(|| "—".into());
        println!("{year} 年重大行政决策 / major administrative decisions");
        println!("  目录事项 catalogue items        {}", s.catalogue_items);
        println!("  目录公示率 publication rate     {rate}");
        println!("  作出决策 decided                {}", s.decided);
        println!("  决策公布 published              {}", s.published);
        println!("  过程记录归档 archived           {}", s.archived);
    }
    Ok(0)
}
