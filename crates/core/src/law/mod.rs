//! The legal corpus in the platform: statute texts are stored in the database (imported once
//! from a directory, so an air-gapped server needs no files), parsed into `fazhi_law::Corpus`
//! at start, and cited by code from every other module.

pub mod currency;

use std::path::{Path, PathBuf};

use fazhi_law::corpus::read_manifest;
use fazhi_law::{Corpus, parse_statute};
use sqlx::Row;

use crate::audit::{Actor, AuditedTx, Event, sm3_hex};
use crate::db::Db;
use crate::time::now_ms;
use crate::{BINHAI_REGION, Code, Error, Result};

/// The manifest's file name; stored beside the statutes.
const MANIFEST: &str = "MANIFEST.tsv";

/// What an import changed.
#[derive(Debug, Clone, Default)]
pub struct LawImport {
    /// Files read.
    pub files: usize,
    /// Files new to the database.
    pub added: usize,
    /// Files whose text changed.
    pub changed: usize,
}

/// Stores every statute file (`*.md` but README.md) and MANIFEST.tsv of `dir`, audited.
/// Unchanged files (same SM3) are left alone, so importing twice changes nothing.
pub async fn import_dir(
    db: &Db,
    actor: Actor,
    dir: &Path,
    mut progress: impl FnMut(usize, usize),
) -> Result<LawImport> {
    let read_err = |e: std::io::Error| {
        Error::of(Code::LawDir)
            .for_field("dir")
            .arg("dir", dir.display())
            .arg("error", e)
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(read_err)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            (name.ends_with(".md") && name != "README.md") || name == MANIFEST
        })
        .collect();
    files.sort();
    if !files
        .iter()
        .any(|p| p.extension().is_some_and(|x| x == "md"))
    {
        return Err(Error::of(Code::LawEmptyDir)
            .for_field("dir")
            .arg("dir", dir.display()));
    }
    let mut out = LawImport {
        files: files.len(),
        ..Default::default()
    };
    let mut tx = AuditedTx::begin(db, actor).await?;
    for (i, path) in files.iter().enumerate() {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let bytes = std::fs::read(path).map_err(read_err)?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Error::of(Code::LawEncoding)
                .for_field("dir")
                .arg("name", &name)
        })?;
        let digest = sm3_hex(text.as_bytes());
        let old: Option<String> = sqlx::query("SELECT sha FROM law_sources WHERE file_name = $1")
            .bind(name.clone())
            .fetch_optional(tx.conn())
            .await?
            .map(|r| r.try_get(0))
            .transpose()?;
        if old.as_deref() == Some(digest.as_str()) {
            progress(i + 1, files.len());
            continue;
        }
        sqlx::query("DELETE FROM law_sources WHERE file_name = $1")
            .bind(name.clone())
            .execute(tx.conn())
            .await?;
        sqlx::query(
            "INSERT INTO law_sources (region_code, file_name, content, sha, imported_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(BINHAI_REGION)
        .bind(name.clone())
        .bind(text)
        .bind(digest.clone())
        .bind(now_ms())
        .execute(tx.conn())
        .await?;
        if old.is_some() {
            out.changed += 1;
        } else {
            out.added += 1;
        }
        let after = serde_json::json!({"file": name, "sm3": digest});
        tx.record(Event {
            action: if old.is_some() {
                "law.update_text"
            } else {
                "law.import_text"
            },
            object_type: "law_source",
            object_id: name.clone(),
            before: None,
            after: Some(&after),
            summary: format!("导入法规文本 {name}"),
        })
        .await?;
        progress(i + 1, files.len());
    }
    if out.added + out.changed > 0 {
        // Every instance re-parses its corpus when the counter moves.
        crate::db::versions::bump(tx.conn(), crate::db::versions::CORPUS).await?;
    }
    tx.commit().await?;
    Ok(out)
}

/// Parses the stored texts into a corpus (empty if nothing was imported).
pub async fn load_corpus(db: &Db) -> Result<Corpus> {
    let rows = sqlx::query("SELECT file_name, content FROM law_sources ORDER BY file_name")
        .fetch_all(db.pool())
        .await?;
    let mut manifest = Default::default();
    let mut texts = Vec::new();
    for r in &rows {
        let name: String = r.try_get(0)?;
        let content: String = r.try_get(1)?;
        if name == MANIFEST {
            manifest = read_manifest(&content);
        } else {
            texts.push((name, content));
        }
    }
    let items = texts
        .into_iter()
        .map(|(name, content)| {
            let st = parse_statute(&content, &name);
            let entry = manifest.get(&name).cloned();
            (PathBuf::from(name), st, entry)
        })
        .collect();
    Ok(Corpus::from_statutes(items))
}

/// Number of stored statute files.
pub async fn stored_files(db: &Db) -> Result<i64> {
    Ok(sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM law_sources WHERE file_name <> 'MANIFEST.tsv'",
    )
    .fetch_one(db.pool())
    .await?
    .try_get(0)?)
}

/// Where the demo and the tests find the statutes: `FAZHI_LAWS_DIR`, else `../shared/data/laws`
/// beside the working directory or beside the source tree.
pub fn default_laws_dir() -> Option<PathBuf> {
    if let Ok(d) = std::env::var("FAZHI_LAWS_DIR") {
        return Some(PathBuf::from(d));
    }
    [
        PathBuf::from("../shared/data/laws"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/laws"),
    ]
    .into_iter()
    .find(|p| p.join(MANIFEST).exists())
}
