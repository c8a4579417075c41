//! `fazhi dispatch …`: Work-order dispatch (工单分拨派转): classify JSON lines, evaluate on a
//! labelled file, measure latency.

use std::io::{BufRead, Read, Write};
use std::time::Instant;

use anyhow::{Result, bail};
use clap::Subcommand;
use fazhi_core::BINHAI_REGION;
use fazhi_core::db::Db;
use fazhi_core::dispatch::{self, validate_text};
use fazhi_demo::dispatch::eval::{evaluate, parse_labelled};
use serde_json::{Value, json};

#[derive(Subcommand)]
pub enum DispatchCmd {
    /// Read JSON lines {"id","text"} on stdin, write {"id","department","power_code","confidence"}.
    Classify {
        /// Database: a SQLite file path, a sqlite:// URL or a postgres:// URL.
        #[arg(long, env = "FAZHI_DB", default_value = "fazhi.db")]
        db: String,
    },
    /// Evaluate on JSON lines {"text","department"}: top-1/top-3 accuracy and confusion table.
    Eval {
        /// The labelled file.
        file: String,
        #[arg(long, env = "FAZHI_DB", default_value = "fazhi.db")]
        db: String,
    },
    /// Classification latency (p50/p99) and throughput on one thread, over a labelled file.
    Bench {
        file: String,
        #[arg(long, env = "FAZHI_DB", default_value = "fazhi.db")]
        db: String,
        /// Passes over the file.
        #[arg(long, default_value_t = 20)]
        rounds: usize,
    },
}

fn bilingual(e: fazhi_core::Error) -> anyhow::Error {
    anyhow::anyhow!("{}\n{}", e.message_zh(), e.message_en())
}

async fn open(db: &str) -> Result<Db> {
    Db::open(db).await.map_err(bilingual)
}

pub async fn run(cmd: DispatchCmd) -> Result<u8> {
    match cmd {
        DispatchCmd::Classify { db } => classify(&db).await,
        DispatchCmd::Eval { file, db } => eval(&file, &db).await,
        DispatchCmd::Bench { file, db, rounds } => bench(&file, &db, rounds).await,
    }
}

async fn classify(db: &str) -> Result<u8> {
    let db = open(db).await?;
    let model = dispatch::model(&db, BINHAI_REGION)
        .await
        .map_err(bilingual)?;
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    let mut bad = 0usize;
    for (i, line) in stdin.lock().split(b'\n').enumerate() {
        let line = line?;
        let n = i + 1;
        let Ok(s) = std::str::from_utf8(&line) else {
            eprintln!("第 {n} 行不是 UTF-8 编码 / line {n} is not UTF-8");
            bad += 1;
            continue;
        };
        if s.trim().is_empty() {
            continue;
        }
        let v: Value = match serde_json::from_str(s) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("第 {n} 行不是 JSON / line {n} is not JSON: {e}");
                bad += 1;
                continue;
            }
        };
        let id = v.get("id").cloned().unwrap_or(Value::Null);
        let text = v.get("text").and_then(Value::as_str).unwrap_or("");
        let address = v.get("address").and_then(Value::as_str).unwrap_or("");
        let text = match validate_text(text) {
            Ok(t) => t,
            Err(e) => {
                eprintln!(
                    "第 {n} 行 / line {n}: {} {}",
                    e.message_zh(),
                    e.message_en()
                );
                bad += 1;
                continue;
            }
        };
        let s = dispatch::llm::suggest(&model, text, address).await;
        let top = s.top();
        let rec = json!({
            "id": id,
            "department": top.map(|t| t.department.clone()),
            "power_code": s.power.as_ref().map(|p| p.code.clone()),
            "confidence": (s.confidence * 1000.0).round() / 1000.0,
        });
        writeln!(out, "{rec}")?;
    }
    out.flush()?;
    Ok(if bad > 0 { 2 } else { 0 })
}

fn read_file(path: &str) -> Result<Vec<u8>> {
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => bail!("无法打开文件 {path} / cannot open {path}: {e}"),
    };
    let mut b = Vec::new();
    f.read_to_end(&mut b)?;
    Ok(b)
}

async fn eval(file: &str, db: &str) -> Result<u8> {
    let lines = parse_labelled(&read_file(file)?).map_err(bilingual)?;
    let db = open(db).await?;
    let model = dispatch::model(&db, BINHAI_REGION)
        .await
        .map_err(bilingual)?;
    let r = evaluate(&model, &lines).map_err(bilingual)?;
    println!("样本 samples: {}", r.total);
    println!(
        "top-1 accuracy: {:.1}% ({}/{})",
        r.top1_rate() * 100.0,
        r.top1,
        r.total
    );
    println!(
        "top-3 accuracy: {:.1}% ({}/{})",
        r.top3_rate() * 100.0,
        r.top3,
        r.total
    );
    println!(
        "转人工 to a human (confidence < {:.2}): {} ; 自动分拨正确 auto-dispatched correctly: {}",
        model.threshold, r.to_human, r.auto_correct
    );
    println!();
    println!("按部门 per department (count, top-1):");
    for (d, (n, ok)) in &r.per_department {
        println!("  {d:<10} {n:>4} {:>5.1}%", *ok as f64 * 100.0 / *n as f64);
    }
    println!();
    println!("混淆表 confusion (expected → suggested: count), errors only:");
    for ((e, g), n) in &r.confusion {
        if e != g {
            println!("  {e} → {g}: {n}");
        }
    }
    Ok(0)
}

async fn bench(file: &str, db: &str, rounds: usize) -> Result<u8> {
    let lines = parse_labelled(&read_file(file)?).map_err(bilingual)?;
    let db = open(db).await?;
    let t0 = Instant::now();
    let model = dispatch::model(&db, BINHAI_REGION)
        .await
        .map_err(bilingual)?;
    let build = t0.elapsed();
    let (feats, items, memory) = model.stats();
    // Warm up the tokeniser and caches.
    for l in lines.iter().take(20) {
        let _ = model.classify(&l.text, "");
    }
    let mut lat = Vec::with_capacity(lines.len() * rounds);
    let start = Instant::now();
    for _ in 0..rounds.max(1) {
        for l in &lines {
            let t = Instant::now();
            let s = model.classify(&l.text, "");
            std::hint::black_box(&s);
            lat.push(t.elapsed().as_micros() as u64);
        }
    }
    let total = start.elapsed();
    lat.sort_unstable();
    let pct = |p: f64| lat[((lat.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "model: {feats} features, {items} power items, {memory} remembered corrections; built in {:.0} ms",
        build.as_secs_f64() * 1000.0
    );
    println!(
        "classifications: {} ; p50 {} µs ; p99 {} µs ; max {} µs ; throughput {:.0}/s (one thread)",
        lat.len(),
        pct(0.5),
        pct(0.99),
        lat.last().copied().unwrap_or(0),
        lat.len() as f64 / total.as_secs_f64()
    );
    Ok(0)
}
