//! `fazhi law …`: thin clap wiring over `fazhi_law::commands` and the corpus storage of core.
//! Commands that read the corpus take it from the database with `--db`, otherwise from the
//! statute directory (`--dir`, `FAZHI_LAWS_DIR`, default `../shared/data/laws`).

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use fazhi_law::commands;
use fazhi_law::{Corpus, Date, Level, SearchFilters, Status};

use crate::{bar, bilingual};

#[derive(Args, Clone, Default)]
pub struct Source {
    /// Read the corpus stored in this database (see `fazhi law import`).
    #[arg(long)]
    db: Option<String>,
    /// Read the corpus from this directory of statute files.
    #[arg(long)]
    dir: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum LawCmd {
    /// Store the statutes of DIR in the database and print what was imported.
    Import {
        /// Directory of statute Markdown files with MANIFEST.tsv.
        dir: PathBuf,
        /// Database to store them in.
        #[arg(long, env = "FAZHI_DB", default_value = "fazhi.db")]
        db: String,
    },
    /// Parse one statute file; with --json print the tree (kind, num, code, text, children).
    Parse {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Resolve a Chinese citation into provision codes; non-zero exit when nothing resolves.
    Cite {
        text: String,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        source: Source,
    },
    /// Show the text of a provision code (optionally as in force on a date).
    Show {
        code: String,
        /// YYYY-MM-DD
        #[arg(long)]
        on: Option<String>,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        source: Source,
    },
    /// Full-text search over provisions.
    Search {
        query: String,
        /// Only this law (short title).
        #[arg(long)]
        law: Option<String>,
        /// 法律, 行政法规 or 部门规章.
        #[arg(long)]
        level: Option<String>,
        /// 现行有效, 已修改 or 已废止.
        #[arg(long)]
        status: Option<String>,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        source: Source,
    },
    /// Compare two versions, e.g. 行政复议法@2017-09-01 行政复议法@2023-09-01.
    Diff {
        a: String,
        b: String,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        source: Source,
    },
}

async fn corpus(source: &Source) -> Result<Corpus> {
    if let Some(db) = &source.db {
        let db = fazhi_core::db::Db::open(db).await.map_err(bilingual)?;
        return fazhi_core::law::load_corpus(&db).await.map_err(bilingual);
    }
    let dir = source
        .dir
        .clone()
        .unwrap_or_else(commands::default_corpus_dir);
    Corpus::load(&dir)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .with_context(|| {
            format!(
                "无法读取法规目录 / cannot read the statute directory {}",
                dir.display()
            )
        })
}

fn exit(code: i32) -> u8 {
    u8::try_from(code).unwrap_or(1)
}

pub async fn run(cmd: LawCmd) -> Result<u8> {
    let mut out = std::io::stdout().lock();
    let law_err = |e: fazhi_law::LawError| anyhow::anyhow!("{e}");
    match cmd {
        LawCmd::Import { dir, db } => {
            let db = fazhi_core::db::Db::open(&db).await.map_err(bilingual)?;
            let before = fazhi_core::law::load_corpus(&db).await.map_err(bilingual)?;
            let pb = bar(0, "importing statutes");
            let imp = fazhi_core::law::import_dir(
                &db,
                fazhi_core::audit::Actor::system("cli"),
                &dir,
                |d, t| {
                    pb.set_length(t as u64);
                    pb.set_position(d as u64);
                },
            )
            .await
            .map_err(bilingual)?;
            pb.finish_and_clear();
            let c = fazhi_core::law::load_corpus(&db).await.map_err(bilingual)?;
            let s = c.summary();
            println!(
                "读取 {} 个文件：新增 {}，更新 {} / read {} files: {} new, {} changed",
                imp.files, imp.added, imp.changed, imp.files, imp.added, imp.changed
            );
            print!("{s}");
            for e in &s.errors {
                println!("  error: {e}");
            }
            // A new version of a law the list cites opens change proposals for the items
            // citing what changed (权责清单动态调整).
            for law in &c.laws {
                let (Some(old), new) = (before.law(&law.code), law.latest()) else {
                    continue;
                };
                let old = old.latest();
                if old.id == new.id {
                    continue;
                }
                let r = fazhi_core::powers::open_proposals_for_diff(
                    &db,
                    &c,
                    fazhi_core::BINHAI_REGION,
                    &old.id,
                    &new.id,
                )
                .await
                .map_err(bilingual)?;
                println!(
                    "{} → {}：{} 个事项受影响，新开调整申请 {} 件 / {} items affected, {} proposals opened",
                    old.id,
                    new.id,
                    r.affected_items,
                    r.opened.len(),
                    r.affected_items,
                    r.opened.len()
                );
            }
            Ok(if s.errors.is_empty() { 0 } else { 1 })
        }
        LawCmd::Parse { file, json } => commands::parse_file(&file, json, &mut out)
            .map(exit)
            .map_err(law_err),
        LawCmd::Cite { text, json, source } => {
            let c = corpus(&source).await?;
            commands::cite(&c, &text, json, &mut out)
                .map(exit)
                .map_err(law_err)
        }
        LawCmd::Show {
            code,
            on,
            json,
            source,
        } => {
            let c = corpus(&source).await?;
            let on = match on {
                Some(s) => Some(
                    s.parse::<Date>()
                        .map_err(|e| anyhow::anyhow!("--on {s:?}: {e}"))?,
                ),
                None => None,
            };
            commands::show(&c, &code, on, json, &mut out)
                .map(exit)
                .map_err(law_err)
        }
        LawCmd::Search {
            query,
            law,
            level,
            status,
            limit,
            json,
            source,
        } => {
            let c = corpus(&source).await?;
            let filters = SearchFilters {
                law,
                level: level.as_deref().and_then(Level::parse),
                status: status.as_deref().and_then(Status::parse),
                on: None,
                limit: Some(limit),
            };
            commands::search(&c, &query, &filters, json, &mut out)
                .map(exit)
                .map_err(law_err)
        }
        LawCmd::Diff { a, b, json, source } => {
            let c = corpus(&source).await?;
            commands::diff(&c, &a, &b, json, &mut out)
                .map(exit)
                .map_err(law_err)
        }
    }
}
