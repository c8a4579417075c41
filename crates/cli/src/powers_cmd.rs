//! `fazhi powers …`: the power list's figures, export and impact analysis.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Subcommand;
use fazhi_core::BINHAI_REGION;
use fazhi_core::powers::{
    open_proposals_for_diff, open_proposals_for_repeal, rows_for_export, year_stats,
};

use crate::{bilingual, open};

#[derive(Subcommand)]
pub enum PowersCmd {
    /// Adjustments published in a year and powers in force at its end, counted from the records.
    Stats {
        #[arg(long)]
        year: i32,
        #[arg(long, env = "FAZHI_DB", default_value = "fazhi.db")]
        db: String,
        /// Print `{"adjustments": N, "published": M}`.
        #[arg(long)]
        json: bool,
    },
    /// Write the items in force to an .xlsx file in the usual columns.
    Export {
        #[arg(long)]
        out: PathBuf,
        #[arg(long, env = "FAZHI_DB", default_value = "fazhi.db")]
        db: String,
    },
    /// Benchmark: stage N approved additions, then time publishing them as one version.
    /// Changes the database: use a scratch copy.
    BenchPublish {
        #[arg(long, default_value_t = 5000)]
        items: usize,
        #[arg(long, env = "FAZHI_DB", default_value = "fazhi.db")]
        db: String,
    },
    /// Active items whose basis is not in force on DATE (default today), each with an open
    /// change proposal (opened now where missing):
    /// `[{"code","name","basis":[…],"reason","since","proposal_id"}]` with `--json`.
    Stale {
        /// The day judged (YYYY-MM-DD); default today.
        #[arg(long)]
        on: Option<String>,
        #[arg(long, env = "FAZHI_DB", default_value = "fazhi.db")]
        db: String,
        #[arg(long)]
        json: bool,
    },
    /// Open change proposals for every item citing a provision changed between two versions
    /// (`--from 行政复议法@2017-09-01 --to 行政复议法@2023-09-01`) or a repealed law (`--repeal 法名`).
    Impact {
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        repeal: Option<String>,
        #[arg(long, env = "FAZHI_DB", default_value = "fazhi.db")]
        db: String,
    },
}

pub async fn run(cmd: PowersCmd) -> Result<u8> {
    match cmd {
        PowersCmd::Stats { year, db, json } => {
            let db = open(&db).await?;
            let s = year_stats(&db, BINHAI_REGION, year)
                .await
                .map_err(bilingual)?;
            if json {
                println!(
                    "{{\"adjustments\": {}, \"published\": {}}}",
                    s.adjustments, s.published
                );
            } else {
                println!(
                    "{year} 年权责清单调整 {} 项（新增 {}、变更 {}、取消 {}），发布版本 {} 个，年末公布职权事项 {} 项。",
                    s.adjustments, s.added, s.changed, s.cancelled, s.versions, s.published
                );
                println!(
                    "{year}: {} adjustments ({} added, {} changed, {} cancelled) in {} versions; {} powers published at year end.",
                    s.adjustments, s.added, s.changed, s.cancelled, s.versions, s.published
                );
            }
            Ok(0)
        }
        PowersCmd::Export { out, db } => {
            let db = open(&db).await?;
            let items = fazhi_core::powers::export_public(&db, BINHAI_REGION)
                .await
                .map_err(bilingual)?;
            let bytes = fazhi_core::excel::write_table(
                "权责清单",
                &fazhi_core::powers::EXPORT_COLUMNS,
                &rows_for_export(&items),
            )
            .map_err(bilingual)?;
            std::fs::write(&out, bytes).with_context(|| format!("writing {}", out.display()))?;
            println!("{} items → {}", items.len(), out.display());
            Ok(0)
        }
        PowersCmd::BenchPublish { items, db } => {
            let db = open(&db).await?;
            let (v, took) = fazhi_demo::powers::bench_publish(&db, items)
                .await
                .map_err(bilingual)?;
            println!(
                "published version {} with {} adjustments ({} items in force) in {:.1} ms",
                v.number,
                v.adjustments,
                v.item_count,
                took.as_secs_f64() * 1000.0
            );
            Ok(0)
        }
        PowersCmd::Stale { on, db, json } => stale(on, &db, json).await,
        PowersCmd::Impact {
            from,
            to,
            repeal,
            db,
        } => {
            let db = open(&db).await?;
            let report = match (from, to, repeal) {
                (Some(f), Some(t), None) => {
                    let corpus = fazhi_core::law::load_corpus(&db).await.map_err(bilingual)?;
                    open_proposals_for_diff(&db, &corpus, BINHAI_REGION, &f, &t)
                        .await
                        .map_err(bilingual)?
                }
                (None, None, Some(law)) => open_proposals_for_repeal(&db, BINHAI_REGION, &law)
                    .await
                    .map_err(bilingual)?,
                _ => {
                    eprintln!(
                        "请给出 --from 与 --to，或 --repeal。\nGive --from and --to, or --repeal."
                    );
                    return Ok(2);
                }
            };
            println!(
                "受影响事项 {} 项，新开调整申请 {} 件，已有未办结申请 {} 项。\n{} affected items, {} proposals opened, {} already open.",
                report.affected_items,
                report.opened.len(),
                report.already_open,
                report.affected_items,
                report.opened.len(),
                report.already_open
            );
            Ok(0)
        }
    }
}

async fn stale(on: Option<String>, db: &str, json: bool) -> Result<u8> {
    let on = match crate::day_or_today(on.as_deref()) {
        Ok(d) => d,
        Err(code) => return Ok(code),
    };
    let db = open(db).await?;
    let corpus = fazhi_core::law::load_corpus(&db).await.map_err(bilingual)?;
    let mut items = fazhi_core::law::currency::stale_items(&db, &corpus, BINHAI_REGION, on, 0)
        .await
        .map_err(bilingual)?;
    let opened = fazhi_core::law::currency::open_stale_proposals(&db, BINHAI_REGION, &mut items)
        .await
        .map_err(bilingual)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&items)?);
    } else {
        for it in &items {
            println!(
                "{} {}（自{}起）：{}；调整申请 {}",
                it.code,
                it.name,
                it.since,
                it.reason,
                it.proposal_id.map(|p| p.to_string()).unwrap_or_default()
            );
        }
        println!(
            "{on}：{} 个事项的依据不是现行有效的法律，新开调整申请 {opened} 件。\n{on}: {} items rest on provisions not in force; {opened} proposals opened.",
            items.len(),
            items.len()
        );
    }
    Ok(0)
}
