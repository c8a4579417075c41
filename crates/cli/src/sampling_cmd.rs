//! `fazhi sampling …`: Double-random inspections (双随机、一公开): export a published draw,
//! verify an export offline, list draws, the year's joint-draw figures, and the benchmark.

use anyhow::{Context, Result};
use clap::Subcommand;
use fazhi_core::BINHAI_REGION;
use fazhi_core::sampling::{DrawExport, export_draw, list_draws, stats, verify_export};

use crate::{DbArg, bilingual, open};

#[derive(Subcommand)]
pub enum SamplingCmd {
    /// Write a drawn task's published export (JSON) to standard output.
    Export {
        /// Task id (see `fazhi sampling list`).
        task: i64,
        #[command(flatten)]
        db: DbArg,
    },
    /// Re-run a draw from its export and say whether it matches (exit 0) or not (exit 1).
    Verify {
        /// The export file (JSON).
        export: String,
    },
    /// List the committed and drawn tasks.
    List {
        #[command(flatten)]
        db: DbArg,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// The year's joint-draw figures, counted from the records.
    Stats {
        #[arg(long)]
        year: i64,
        #[command(flatten)]
        db: DbArg,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Time a stratified draw with team assignment beside one plain scan of the candidates.
    Bench {
        #[arg(long, default_value_t = 1_000_000)]
        subjects: usize,
        #[arg(long, default_value_t = 2_000)]
        officers: usize,
    },
}

pub async fn run(cmd: SamplingCmd) -> Result<u8> {
    match cmd {
        SamplingCmd::Export { task, db } => {
            let db = open(&db.db).await?;
            let e = export_draw(&db, BINHAI_REGION, task)
                .await
                .map_err(bilingual)?;
            println!("{}", serde_json::to_string_pretty(&e)?);
            Ok(0)
        }
        SamplingCmd::Verify { export } => {
            let text = std::fs::read_to_string(&export)
                .with_context(|| format!("无法读取 / cannot read {export}"))?;
            let e: DrawExport = serde_json::from_str(&text)
                .with_context(|| format!("不是抽取导出文件 / not a draw export: {export}"))?;
            let rep = verify_export(&e);
            if rep.ok {
                let n: usize = e.selected.values().map(Vec::len).sum();
                println!(
                    "一致 / MATCH: task {} ({}), {} subjects and {} teams reproduced; SM3(seed) = commitment",
                    e.task_id,
                    e.task_no,
                    n,
                    e.teams.len()
                );
                Ok(0)
            } else {
                println!("不一致 / MISMATCH: task {} ({})", e.task_id, e.task_no);
                for p in rep.problems {
                    println!("- {p}");
                }
                Ok(1)
            }
        }
        SamplingCmd::List { db, json } => {
            let db = open(&db.db).await?;
            let rows = list_draws(&db, BINHAI_REGION).await.map_err(bilingual)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                for r in rows {
                    println!(
                        "{:>5}  {}  {}  {:<10} {} 部门 depts  {} 对象 subjects  {}",
                        r.task_id,
                        r.task_no,
                        r.year,
                        r.status,
                        r.departments,
                        r.subjects_drawn,
                        r.title
                    );
                }
            }
            Ok(0)
        }
        SamplingCmd::Stats { year, db, json } => {
            let db = open(&db.db).await?;
            let s = stats(&db, BINHAI_REGION, year).await.map_err(bilingual)?;
            if json {
                println!(
                    "{}",
                    serde_json::json!({"domains": s.domains, "subjects_drawn": s.subjects_drawn, "visits_saved": s.visits_saved})
                );
            } else {
                println!(
                    "{year} 年部门联合抽查 / joint draws: {} 个领域 domains, 抽查 {} 户 subjects drawn, 减少 {} 次 visits saved",
                    s.domains, s.subjects_drawn, s.visits_saved
                );
            }
            Ok(0)
        }
        SamplingCmd::Bench { subjects, officers } => {
            let r = fazhi_demo::sampling::bench::run(subjects, officers).map_err(bilingual)?;
            let scan = r.plain_scan.as_secs_f64();
            let draw = r.draw.as_secs_f64();
            println!(
                "subjects {} officers {} selected {}: plain scan {:.3} s, draw with teams {:.3} s ({:.2}x)",
                r.subjects,
                r.officers,
                r.selected,
                scan,
                draw,
                draw / scan.max(1e-9)
            );
            Ok(0)
        }
    }
}
