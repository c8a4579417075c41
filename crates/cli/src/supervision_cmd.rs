//! `fazhi supervision …`: figures of a year, the automatic findings for one case, and the
//! scoring of the review assistant against the planted defects.

use anyhow::Result;
use clap::Subcommand;
use fazhi_core::BINHAI_REGION;
use fazhi_core::db::Db;
use fazhi_core::supervision::checks;
use fazhi_demo::supervision::{independent, plants};

#[derive(Subcommand)]
pub enum SupervisionCmd {
    /// Figures of a year counted from the records: files reviewed (and their grades), monthly
    /// assessments, interviews (约谈), instruments, bulletins.
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
    /// The automatic findings (案卷评查辅助) for one case: every check with its result,
    /// deduction, veto item and evidence pointers.
    CheckCase {
        /// Case id or case number (案号).
        case: String,
        /// Database: a SQLite file path, a sqlite:// URL or a postgres:// URL.
        #[arg(long, env = "FAZHI_DB", default_value = "fazhi.db")]
        db: String,
        /// Print JSON (an array of findings).
        #[arg(long)]
        json: bool,
    },
    /// Recall and precision of the automatic checks over the independent evaluation set: case
    /// files written by a generator that knows nothing of the checks, labelled by reading them
    /// (eval/supervision/labels.toml) and by construction. Without --db, or on a database
    /// without cases, the set is built there (without --db: in a temporary SQLite file).
    /// Exit code 0 only when recall and precision both reach 95 % over some labels.
    Eval {
        /// Database: a SQLite file path, a sqlite:// URL or a postgres:// URL (fresh, or holding
        /// the set). Omitted: a temporary SQLite database.
        #[arg(long, env = "FAZHI_DB")]
        db: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// The older evaluation against the demo's own labelled defects (needs a demo --db).
        #[arg(long)]
        demo: bool,
        /// Print every case file of the set as text (for the reviewer) instead of scoring.
        #[arg(long, hide = true)]
        dump: bool,
    },
    /// Benchmark on a demo database (reads only): the figures and scores of all bodies for one
    /// month and for a year, and the automatic review of one file after another (p50/p99).
    Bench {
        #[arg(long, env = "FAZHI_DB", default_value = "fazhi.db")]
        db: String,
        /// The year to assess.
        #[arg(long, default_value_t = 2024)]
        year: i32,
        /// How many closed case files to check.
        #[arg(long, default_value_t = 1000)]
        files: i64,
    },
    /// Demo only: label and plant the known defects once (the demo builder does this).
    #[command(hide = true)]
    PlantDemo {
        #[arg(long, env = "FAZHI_DB", default_value = "fazhi.db")]
        db: String,
    },
}

fn bilingual(e: fazhi_core::Error) -> anyhow::Error {
    anyhow::anyhow!("{}\n{}", e.message_zh(), e.message_en())
}

/// The id of a case given by id or by case number.
async fn case_id(db: &Db, case: &str) -> Result<i64> {
    checks::find_case(db, BINHAI_REGION, case)
        .await
        .map_err(bilingual)?
        .ok_or_else(|| {
            anyhow::anyhow!(
                "没有案件“{case}”（请给出案件编号或案号）\nno case {case:?} (give the case id or number)"
            )
        })
}

fn pct(x: Option<f64>) -> String {
    x.map(|v| format!("{:.1}%", v * 100.0))
        .unwrap_or_else(|| "—".into())
}

pub async fn run(cmd: SupervisionCmd) -> Result<u8> {
    match cmd {
        SupervisionCmd::Bench { db, year, files } => bench(&db, year, files).await,
        SupervisionCmd::Stats { year, db, json } => {
            if !(1949..=9999).contains(&year) {
                anyhow::bail!("年份无效：{year}\ninvalid year: {year}");
            }
            let db = Db::open(&db).await.map_err(bilingual)?;
            let s = fazhi_core::supervision::stats::year(&db, BINHAI_REGION, year)
                .await
                .map_err(bilingual)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&s)?);
            } else {
                println!("{year} 年执法监督 / enforcement supervision");
                println!(
                    "  案卷评查 files reviewed   {} (优秀 {} / 合格 {} / 不合格 {})",
                    s.files_reviewed, s.reviews_excellent, s.reviews_pass, s.reviews_fail
                );
                println!("  月度考核 assessments     {}", s.assessments);
                println!("  约谈 interviews          {}", s.interviews);
                println!("  监督文书 instruments     {}", s.instruments);
                println!("  季度通报 bulletins       {}", s.bulletins);
            }
            Ok(0)
        }
        SupervisionCmd::CheckCase { case, db, json } => {
            let db = Db::open(&db).await.map_err(bilingual)?;
            let id = case_id(&db, &case).await?;
            let findings = checks::run(&db, BINHAI_REGION, id)
                .await
                .map_err(bilingual)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&findings)?);
            } else {
                let failed = findings.iter().filter(|f| !f.passed).count();
                let lost: i64 = findings.iter().map(|f| f.deduction).sum();
                println!(
                    "案件 case {case}: {} 项检查 checks, {failed} 项未通过 failed, 扣分 deduction {lost}",
                    findings.len()
                );
                for f in &findings {
                    println!(
                        "{} {:<22} {:>3}  {:<28} {}",
                        if f.passed { "✓" } else { "✗" },
                        f.code,
                        if f.passed {
                            String::new()
                        } else {
                            format!("-{}", f.deduction)
                        },
                        f.veto
                            .as_deref()
                            .map(|v| format!("否决 veto: {v}"))
                            .unwrap_or_default(),
                        f.detail_zh
                    );
                }
            }
            Ok(0)
        }
        SupervisionCmd::Eval {
            db,
            json,
            demo,
            dump,
        } => {
            if demo {
                let db = db.ok_or_else(|| {
                    anyhow::anyhow!(
                        "--demo 需要演示数据库 --db\n--demo needs the demo database (--db)"
                    )
                })?;
                return demo_eval(&db, json).await;
            }
            independent_eval(db.as_deref(), json, dump).await
        }
        SupervisionCmd::PlantDemo { db } => {
            let db = Db::open(&db).await.map_err(bilingual)?;
            let s = plants::plant_demo(&db, &mut |_, _, _| {})
                .await
                .map_err(bilingual)?;
            println!("{}", serde_json::to_string_pretty(&s)?);
            Ok(0)
        }
    }
}

/// A temporary SQLite file for the set, removed (with its journal files) when dropped.
struct TempDb(std::path::PathBuf);

impl Drop for TempDb {
    fn drop(&mut self) {
        for ext in ["", "-wal", "-shm"] {
            let mut p = self.0.clone().into_os_string();
            p.push(ext);
            let _ = std::fs::remove_file(p);
        }
    }
}

fn temp_db() -> TempDb {
    TempDb(std::env::temp_dir().join(format!(
        "fazhi-supervision-eval-{}-{}.db",
        std::process::id(),
        fazhi_core::time::now_ms()
    )))
}

/// `fazhi supervision eval` over the independent set.
async fn independent_eval(db: Option<&str>, json: bool, dump: bool) -> Result<u8> {
    let mut temp = None;
    let mut opened = match db {
        Some(url) => Some(Db::open(url).await.map_err(bilingual)?),
        None => None,
    };
    if let Some(d) = &opened
        && independent::generator::other_cases(d)
            .await
            .map_err(bilingual)?
    {
        eprintln!(
            "数据库 {} 含有其他案件，评测集建在临时数据库中 / the database holds other cases: the set is built in a temporary database",
            d.url()
        );
        opened = None;
    }
    let db = match opened {
        Some(d) => d,
        None => {
            let t = temp_db();
            let d = Db::open(&t.0.to_string_lossy()).await.map_err(bilingual)?;
            temp = Some(t);
            d
        }
    };
    let e = independent::eval::evaluate(&db, None)
        .await
        .map_err(bilingual)?;
    if dump {
        print!("{}", independent::dump::dump(&db).await.map_err(bilingual)?);
        db.close().await;
        drop(temp);
        return Ok(0);
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&e)?);
    } else {
        println!(
            "独立评测集 independent set: {} 个案卷 files ({} 无缺陷 clean), 标注来源 headline labels: {}",
            e.files, e.clean_files, e.headline
        );
        println!(
            "召回率 recall    {} ({} / {} labelled)",
            pct(e.recall),
            e.true_positive,
            e.labelled
        );
        println!(
            "精确率 precision {} ({} / {} found)",
            pct(e.precision),
            e.true_positive,
            e.found
        );
        for s in &e.sources {
            println!(
                "  来源 source {:<10} files {:>4} labelled {:>4} tp {:>4} found {:>4} recall {:>7} precision {:>7}  {}",
                s.name,
                s.files,
                s.labelled,
                s.true_positive,
                s.found,
                pct(s.recall),
                pct(s.precision),
                s.description
            );
        }
        println!(
            "{:<22} {:>8} {:>6} {:>6} {:>8} {:>9}",
            "check", "labelled", "found", "tp", "recall", "precision"
        );
        for c in &e.per_code {
            println!(
                "{:<22} {:>8} {:>6} {:>6} {:>8} {:>9}",
                c.code,
                c.labelled,
                c.found,
                c.true_positive,
                pct(c.recall),
                pct(c.precision)
            );
        }
        for m in &e.missed {
            println!("漏检 missed     {} {} — {}", m.key, m.code, m.detail);
        }
        for m in &e.unexpected {
            println!("误报 unexpected {} {} — {}", m.key, m.code, m.detail);
        }
        for m in &e.sources_disagree {
            println!(
                "来源不一致 sources differ {} {} — {}",
                m.key, m.code, m.detail
            );
        }
        println!("{} ms", e.elapsed_ms);
    }
    db.close().await;
    drop(temp);
    Ok(if e.acceptable() { 0 } else { 1 })
}

/// `fazhi supervision eval --demo`: the older scoring against the demo's labelled defects.
async fn demo_eval(db: &str, json: bool) -> Result<u8> {
    let db = Db::open(db).await.map_err(bilingual)?;
    let e = plants::evaluate(&db, BINHAI_REGION)
        .await
        .map_err(bilingual)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&e)?);
    } else {
        println!(
            "召回率 recall    {:.1}% ({} / {} labelled)",
            e.recall * 100.0,
            e.true_positive,
            e.labelled
        );
        println!(
            "精确率 precision {:.1}% ({} / {} found)",
            e.precision * 100.0,
            e.true_positive,
            e.found
        );
        for (id, code) in &e.missed {
            println!("漏检 missed     case {id} {code}");
        }
        for (id, code) in &e.unexpected {
            println!("误报 unexpected case {id} {code}");
        }
    }
    Ok(if e.acceptable() { 0 } else { 1 })
}

/// `fazhi supervision bench`: what docs/BENCHMARKS.md records for issue 8.
async fn bench(db: &str, year: i32, files: i64) -> Result<u8> {
    use fazhi_core::supervision::assessment::{self, Month, indicators, scheme};
    use std::time::Instant;
    let db = Db::open(db).await.map_err(bilingual)?;
    let today = fazhi_core::time::today();
    let months: Vec<Month> = (1..=12)
        .map(|m| Month::parse(&format!("{year}-{m:02}")))
        .collect::<fazhi_core::Result<_>>()
        .map_err(bilingual)?;
    let map = assessment::body_map(&db, BINHAI_REGION)
        .await
        .map_err(bilingual)?;
    let t = Instant::now();
    let dec = indicators::compute(&db, BINHAI_REGION, months[11], &map, today)
        .await
        .map_err(bilingual)?;
    if let Some(s) = scheme::in_force(&db, BINHAI_REGION, months[11])
        .await
        .map_err(bilingual)?
    {
        scheme::score(&dec.bodies, &s);
    }
    println!(
        "一个月全部 {} 个执法主体的指标与得分 figures and scores of all bodies, one month: {:?}",
        map.bodies.len(),
        t.elapsed()
    );
    let t = Instant::now();
    for (m, f) in months.iter().zip(
        indicators::compute_months(&db, BINHAI_REGION, &months, &map, today)
            .await
            .map_err(bilingual)?,
    ) {
        if let Some(s) = scheme::in_force(&db, BINHAI_REGION, *m)
            .await
            .map_err(bilingual)?
        {
            scheme::score(&f.bodies, &s);
        }
    }
    println!("全年 12 个月 the 12 months of {year}: {:?}", t.elapsed());
    let ids = fazhi_core::cases::queries::closed_case_ids(&db, BINHAI_REGION, files)
        .await
        .map_err(bilingual)?;
    let Some(first) = ids.first() else {
        anyhow::bail!("没有已结案件\nno closed cases");
    };
    // The first run loads the statutes and the calendar once, as a server does at start.
    checks::run(&db, BINHAI_REGION, *first)
        .await
        .map_err(bilingual)?;
    let mut micros = Vec::with_capacity(ids.len());
    for id in &ids {
        let t = Instant::now();
        checks::run(&db, BINHAI_REGION, *id)
            .await
            .map_err(bilingual)?;
        micros.push(t.elapsed().as_micros());
    }
    micros.sort_unstable();
    let pick = |q: usize| micros[(micros.len() * q / 100).min(micros.len() - 1)];
    println!(
        "案卷自动评查 automatic review of {} files: p50 {} µs, p99 {} µs, max {} µs",
        micros.len(),
        pick(50),
        pick(99),
        micros[micros.len() - 1]
    );
    Ok(0)
}
