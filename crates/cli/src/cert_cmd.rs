//! `fazhi cert …`: the electronic inspection certificate (电子检查证) — offline verification
//! against a saved key set, the published key set, certificates with their tokens, the year's
//! figure of use, and the verification/issuance benchmark.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use fazhi_core::BINHAI_REGION;
use fazhi_core::inspection::{
    KeySet, Verdict, decode, key_set, list_certificates, used_in_year, verify,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::{DbArg, bilingual, open};

#[derive(Subcommand)]
pub enum CertCmd {
    /// Verify a certificate token (or its /v/ URL) offline against a saved key set; exit 0 only
    /// when VALID. No database is needed.
    Verify {
        /// The token `FZ1.<kid>.<payload>.<signature>`, or the URL the QR code holds.
        token: String,
        /// The key set as served at /api/v1/inspection-certificates/keys (`fazhi cert keys`).
        #[arg(long)]
        keys: String,
        /// Verify as of this date (YYYY-MM-DD, noon China time) instead of now.
        #[arg(long)]
        at: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print the public key set exactly as /api/v1/inspection-certificates/keys serves it.
    Keys {
        #[command(flatten)]
        db: DbArg,
    },
    /// List certificates with their tokens, newest first.
    List {
        #[command(flatten)]
        db: DbArg,
        #[arg(long, default_value_t = 20)]
        limit: i64,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Certificates used in a year (presented at the door), counted from the records.
    Stats {
        #[arg(long)]
        year: i64,
        #[command(flatten)]
        db: DbArg,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Verifications per second through GET /v/<token> (a server on a local port) beside raw
    /// SM2 verifications per second, in the same run. Needs a database with certificates.
    Bench {
        #[command(flatten)]
        db: DbArg,
        /// Seconds per measurement.
        #[arg(long, default_value_t = 5)]
        seconds: u64,
        /// Concurrent HTTP connections (1 compares one core with one core).
        #[arg(long, default_value_t = 1)]
        connections: usize,
    },
}

/// Extracts the token from a /v/ URL, or returns the input.
fn token_of(input: &str) -> &str {
    let t = input.trim();
    match t.rfind("/v/") {
        Some(i) => &t[i + 3..],
        None => t,
    }
}

pub async fn run(cmd: CertCmd) -> Result<u8> {
    match cmd {
        CertCmd::Verify {
            token,
            keys,
            at,
            json,
        } => {
            let text = std::fs::read_to_string(&keys)
                .with_context(|| format!("无法读取 / cannot read {keys}"))?;
            let ks: KeySet = serde_json::from_str(&text)
                .with_context(|| format!("不是检查证公钥集 / not a key set: {keys}"))?;
            let now = match at {
                Some(d) => {
                    // NaiveDate through its serde form: the binary does not link chrono itself.
                    let day = serde_json::from_value(serde_json::Value::String(d.clone()))
                        .with_context(|| format!("日期格式应为 YYYY-MM-DD / bad date {d}"))?;
                    fazhi_core::time::date_start_ms(day) / 1000 + 12 * 3600
                }
                None => fazhi_core::time::now_ms() / 1000,
            };
            let v = verify(token_of(&token), &ks, now);
            let (payload, reason) = match &v {
                Verdict::Valid(p)
                | Verdict::Expired(p)
                | Verdict::NotYetValid(p)
                | Verdict::Revoked(p) => (Some(p), None),
                Verdict::Forged(why) => (None, Some(why.clone())),
            };
            let kid = decode(token_of(&token)).ok().map(|d| d.kid);
            if json {
                println!(
                    "{}",
                    serde_json::json!({ "verdict": v.label(), "kid": kid, "reason": reason, "payload": payload })
                );
            } else {
                let zh = match v {
                    Verdict::Valid(_) => "有效",
                    Verdict::Expired(_) => "已过期",
                    Verdict::NotYetValid(_) => "尚未生效",
                    Verdict::Revoked(_) => "已作废",
                    Verdict::Forged(_) => "伪造或无效",
                };
                println!("{} / {}", zh, v.label());
                if let Some(why) = reason {
                    println!("  {why}");
                }
                if let Some(p) = payload {
                    let ts = |s: i64| fazhi_core::time::fmt_ms(s * 1000);
                    println!(
                        "  检查证 / certificate: {} (key {})",
                        p.cid,
                        kid.unwrap_or_default()
                    );
                    println!("  检查 / inspection:    {}", p.iid);
                    println!("  检查对象 / subject:    {} {}", p.sn, p.sc);
                    println!("  检查机关 / department: {}", p.dp);
                    for o in &p.of {
                        println!("  执法人员 / officer:    {} 执法证 {}", o.n, o.c);
                    }
                    println!("  检查事项 / matters:    {}", p.mt.join(", "));
                    println!("  检查依据 / basis:      {}", p.bs.join(", "));
                    println!("  有效期 / valid:        {} — {}", ts(p.nbf), ts(p.exp));
                }
            }
            Ok(if matches!(v, Verdict::Valid(_)) { 0 } else { 1 })
        }
        CertCmd::Keys { db } => {
            let db = open(&db.db).await?;
            let ks = key_set(&db, BINHAI_REGION, fazhi_core::time::today())
                .await
                .map_err(bilingual)?;
            // The same serialisation as the endpoint's body (compact JSON).
            println!("{}", serde_json::to_string(&ks)?);
            Ok(0)
        }
        CertCmd::List { db, limit, json } => {
            let db = open(&db.db).await?;
            let rows = list_certificates(&db, BINHAI_REGION, limit)
                .await
                .map_err(bilingual)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                for c in rows {
                    println!(
                        "{}  {}  {}  {}  {}\n  {}",
                        c.cert_no,
                        c.status,
                        c.department,
                        c.subject_name,
                        fazhi_core::time::fmt_ms(c.valid_from * 1000),
                        c.token
                    );
                }
            }
            Ok(0)
        }
        CertCmd::Stats { year, db, json } => {
            let db = open(&db.db).await?;
            let used = used_in_year(&db, BINHAI_REGION, year)
                .await
                .map_err(bilingual)?;
            if json {
                println!("{}", serde_json::json!({ "used": used }));
            } else {
                println!("{year} 年电子检查证使用 / certificates used: {used}");
            }
            Ok(0)
        }
        CertCmd::Bench {
            db,
            seconds,
            connections,
        } => {
            bench(
                &db.db,
                Duration::from_secs(seconds.max(1)),
                connections.max(1),
            )
            .await
        }
    }
}

/// One keep-alive HTTP/1.1 GET; returns the status code. Reads the body by Content-Length.
async fn get(stream: &mut tokio::net::TcpStream, path: &str, buf: &mut Vec<u8>) -> Result<u16> {
    let req = format!("GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n");
    stream.write_all(req.as_bytes()).await?;
    buf.clear();
    let mut chunk = [0u8; 16384];
    loop {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            bail!("connection closed");
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let status: u16 = head.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            while buf.len() < end + 4 + len {
                let n = stream.read(&mut chunk).await?;
                if n == 0 {
                    bail!("connection closed");
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            return Ok(status);
        }
    }
}

async fn bench(db_url: &str, span: Duration, connections: usize) -> Result<u8> {
    let db = open(db_url).await?;
    let certs = list_certificates(&db, BINHAI_REGION, 500)
        .await
        .map_err(bilingual)?;
    if certs.is_empty() {
        bail!("没有检查证：请先运行 fazhi demo / no certificates: run `fazhi demo` first");
    }
    let tokens: Vec<String> = certs.into_iter().map(|c| c.token).collect();
    let ks = key_set(&db, BINHAI_REGION, fazhi_core::time::today())
        .await
        .map_err(bilingual)?;
    // Raw SM2: decode + one SM2/SM3 verification per token, the least work any verifier does.
    let now = fazhi_core::time::now_ms() / 1000;
    let start = Instant::now();
    let mut raw = 0u64;
    while start.elapsed() < span {
        for t in &tokens {
            if matches!(verify(t, &ks, now), Verdict::Forged(_)) {
                bail!("a stored token does not verify");
            }
            raw += 1;
        }
    }
    let raw_rate = raw as f64 / start.elapsed().as_secs_f64();
    // The page: a server on a local port, keep-alive connections, GET /v/<token>.
    let state = fazhi_web::AppState::new(db.clone(), false)
        .await
        .map_err(bilingual)?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let server = tokio::spawn(fazhi_web::serve_on(state, listener));
    let tokens = std::sync::Arc::new(tokens);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..connections {
        let tokens = tokens.clone();
        tasks.push(tokio::spawn(async move {
            let mut stream = tokio::net::TcpStream::connect(addr).await?;
            let mut buf = Vec::with_capacity(32 * 1024);
            let mut n = 0u64;
            let mut i = c;
            while start.elapsed() < span {
                let status = get(
                    &mut stream,
                    &format!("/v/{}", tokens[i % tokens.len()]),
                    &mut buf,
                )
                .await?;
                if status != 200 {
                    bail!("/v/ answered {status}");
                }
                n += 1;
                i += connections;
            }
            anyhow::Ok(n)
        }));
    }
    let mut pages = 0u64;
    for t in tasks {
        pages += t.await??;
    }
    let page_rate = pages as f64 / start.elapsed().as_secs_f64();
    server.abort();
    // Issuance: record, gate, sign and store, rolled back at the end.
    let (issued, took) = fazhi_demo::inspection::bench::bench_issuance(&db, BINHAI_REGION, 2000)
        .await
        .map_err(bilingual)?;
    println!(
        "raw SM2 verifications: {raw} in {:.1} s = {raw_rate:.0}/s (1 thread)",
        span.as_secs_f64()
    );
    println!(
        "GET /v/<token> pages:  {pages} in {:.1} s = {page_rate:.0}/s ({connections} connection(s))",
        span.as_secs_f64()
    );
    println!("page / raw = {:.2}", page_rate / raw_rate);
    println!(
        "issuance (record + gates + SM2 sign + store, one transaction): {issued} in {:.2} s = {:.0}/s",
        took.as_secs_f64(),
        issued as f64 / took.as_secs_f64()
    );
    Ok(0)
}
