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
