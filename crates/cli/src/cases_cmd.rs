//! `fazhi cases …`: penalty-case figures counted from the records, and the scale populator
//! for benchmarks.

use anyhow::Result;
use clap::Subcommand;
use fazhi_core::BINHAI_REGION;
use fazhi_core::cases::queries;
use fazhi_core::db::Db;
use fazhi_core::money::Money;

#[derive(Subcommand)]
pub enum CasesCmd {
    /// Figures of a year: cases filed and decided, by procedure, leniency outcomes, legal
    /// reviews, hearings, disclosures on time.
    Stats {
        /// The year (e.g. 2024).
        #[arg(long)]
        year: i32,
        /// Database: a SQLite file path, a sqlite:// URL or a postgres:// URL.
        #[arg(long, env = "FAZHI_DB", default_value = "fazhi.db")]
        db: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Benchmark helper: add N synthetic decided cases (bulk insert, not audited) to a demo
    /// database.
    Populate {
        #[arg(long)]
        cases: usize,
        #[arg(long, env = "FAZHI_DB", default_value = "fazhi.db")]
        db: String,
    },
}

fn bilingual(e: fazhi_core::Error) -> anyhow::Error {
    anyhow::anyhow!("{}\n{}", e.message_zh(), e.message_en())
}

pub async fn run(cmd: CasesCmd) -> Result<u8> {
    match cmd {
        CasesCmd::Stats { year, db, json } => {
            if !(1949..=9999).contains(&year) {
                anyhow::bail!("年份无效：{year}\ninvalid year: {year}");
            }
            let db = Db::open(&db).await.map_err(bilingual)?;
            let s = queries::stats(&db, BINHAI_REGION, year)
                .await
                .map_err(bilingual)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&s)?);
            } else {
                println!("{year} 年行政处罚案件 / penalty cases");
                println!("  立案 filed               {}", s.cases_filed);
                println!("  作出决定 decided         {}", s.cases_decided);
                println!(
                    "  普通/简易 general/summary {} / {}",
                    s.by_procedure.general, s.by_procedure.summary
                );
                println!("  不予处罚 no penalty      {}", s.leniency.no_penalty);
                println!("  从轻减轻 mitigated       {}", s.leniency.mitigated);
                println!(
                    "  法制审核 legal reviews   {} / {} required ({} missing)",
                    s.legal_reviews.done, s.legal_reviews.required, s.legal_reviews.missing
                );
                println!(
                    "  听证 hearings            {} held / {} requested / {} entitled",
                    s.hearings.held, s.hearings.requested, s.hearings.right_given
                );
                println!(
                    "  公示 disclosures         {} on time / {} late / {} pending of {}",
                    s.disclosures.on_time,
                    s.disclosures.late,
                    s.disclosures.pending,
                    s.disclosures.due
                );
                println!(
                    "  罚款 fines               {}",
                    Money::from_fen(s.fines_fen).format_yuan()
                );
            }
            Ok(0)
        }
        CasesCmd::Populate { cases, db } => {
            let db = Db::open(&db).await.map_err(bilingual)?;
            let n = fazhi_demo::cases::populate(&db, cases)
                .await
                .map_err(bilingual)?;
            println!("added {n} cases");
            Ok(0)
        }
    }
}
