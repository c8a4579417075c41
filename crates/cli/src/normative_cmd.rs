//! `fazhi normative …`: the figures of a year and the documents in force citing lapsed law,
//! counted from the records.

use anyhow::Result;
use clap::Subcommand;
use fazhi_core::BINHAI_REGION;
use fazhi_core::normative::{citations, fair_competition, stats};

use crate::{bilingual, open};

#[derive(Subcommand)]
pub enum NormativeCmd {
    /// Documents submitted for and through the legality review, opinions, review rate, filed,
    /// cleaned (`{"documents","legality_reviews","opinions","review_rate","filed","cleaned"}`),
    /// and the fair-competition reviews of the year.
    Stats {
        #[arg(long)]
        year: i32,
        #[arg(long, env = "FAZHI_DB", default_value = "fazhi.db")]
        db: String,
        #[arg(long)]
        json: bool,
    },
    /// Documents in force on a date (default today) citing provisions not in force then.
    Stale {
        #[arg(long)]
        on: Option<String>,
        #[arg(long, env = "FAZHI_DB", default_value = "fazhi.db")]
        db: String,
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(cmd: NormativeCmd) -> Result<u8> {
    match cmd {
        NormativeCmd::Stats { year, db, json } => {
            if !(1949..=9999).contains(&year) {
                anyhow::bail!("年份无效：{year}\ninvalid year: {year}");
            }
            let db = open(&db).await?;
            let s = stats::year(&db, BINHAI_REGION, year)
                .await
                .map_err(bilingual)?;
            let f = fair_competition::year(&db, BINHAI_REGION, year)
                .await
                .map_err(bilingual)?;
            if json {
                let mut v = serde_json::to_value(&s)?;
                v["fair_competition"] = serde_json::to_value(&f)?;
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                let rate = s
                    .review_rate
                    .map(|r| format!("{r}%"))
                    .unwrap_or_else(|| "—".into());
                println!("{year} 年行政规范性文件 / normative documents");
                println!("  报送合法性审核 submitted     {}", s.documents);
                println!("  审核完成 reviewed            {}", s.legality_reviews);
                println!("  审核意见 opinions            {}", s.opinions);
                println!("  审核率 review rate           {rate}");
                println!("  备案 filed                   {}", s.filed);
                println!("  清理 cleaned                 {}", s.cleaned);
                println!(
                    "  公平竞争审查 fair-competition reviews {}（集中审查 central {}）",
                    f.reviews, f.central
                );
            }
            Ok(0)
        }
        NormativeCmd::Stale { on, db, json } => {
            let on = match crate::day_or_today(on.as_deref()) {
                Ok(d) => d,
                Err(code) => return Ok(code),
            };
            let db = open(&db).await?;
            let corpus = fazhi_core::law::load_corpus(&db).await.map_err(bilingual)?;
            let list = citations::stale(&db, &corpus, BINHAI_REGION, on)
                .await
                .map_err(bilingual)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                for d in &list {
                    println!("{} {}（{}）：{}", d.reg_no, d.title, d.department, d.reason);
                }
                println!(
                    "{on}：{} 件现行规范性文件引用了失效条文。\n{on}: {} documents in force cite provisions not in force.",
                    list.len(),
                    list.len()
                );
            }
            Ok(0)
        }
    }
}
