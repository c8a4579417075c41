//! Shared fixtures: the corpus directory and a corpus loaded once per test binary.

use fazhi_law::Corpus;
use std::path::PathBuf;
use std::sync::OnceLock;

/// `/work/shared/data/laws`: the shared folder sits beside the repository.
pub fn laws_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/laws");
    assert!(
        dir.join("MANIFEST.tsv").is_file(),
        "statute corpus not found at {} — the shared folder must sit beside the repository (../shared/data/laws)",
        dir.display()
    );
    dir
}

/// The whole corpus, loaded once.
pub fn corpus() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(|| Corpus::load(&laws_dir()).expect("corpus loads"))
}

/// Statute files of the corpus (every .md except README.md), sorted.
pub fn statute_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(laws_dir())
        .expect("read laws dir")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "md")
                && p.file_name().is_some_and(|n| n != "README.md")
        })
        .collect();
    v.sort();
    v
}

/// One row of `MANIFEST.tsv`: the corpus's own list of its files, independent of the parser.
pub struct ManifestRow {
    pub file: String,
    pub title: String,
    pub level: String,
}

/// The rows of `MANIFEST.tsv` (the expected counts of the tests come from it, never from literals:
/// the corpus grows).
pub fn manifest() -> Vec<ManifestRow> {
    let text = std::fs::read_to_string(laws_dir().join("MANIFEST.tsv")).expect("manifest");
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            ManifestRow {
                file: cols[0].to_string(),
                title: cols.get(1).copied().unwrap_or("").to_string(),
                level: cols.get(2).copied().unwrap_or("").to_string(),
            }
        })
        .collect()
}

/// The short name of a file (`行政处罚法(2021-01-22).md` → `行政处罚法`).
pub fn short_name(file: &str) -> &str {
    file.split('(').next().unwrap_or(file)
}

/// Distinct titles of the manifest: one law each, whatever its number of versions.
pub fn manifest_laws() -> usize {
    let m = manifest();
    let titles: std::collections::BTreeSet<&str> = m.iter().map(|r| r.title.as_str()).collect();
    titles.len()
}
