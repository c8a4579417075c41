//! `fazhi law …` subcommands as plain functions: the CLI parses arguments and passes a
//! writer; each returns the process exit code. Failures a user can fix (unknown law, nothing
//! resolvable…) are printed to `out` in Chinese and English with a non-zero code; only I/O
//! problems come back as `Err`.

use crate::cite::ResolveOptions;
use crate::code::Kind;
use crate::corpus::{Corpus, ImportSummary, LoadProgress};
use crate::date::Date;
use crate::error::{Diagnostic, LawError};
use crate::parse::{HistoryEntry, Node, Statute};
use crate::search::SearchFilters;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Environment variable overriding the corpus directory.
pub const LAWS_DIR_ENV: &str = "FAZHI_LAWS_DIR";

/// Default corpus directory: `$FAZHI_LAWS_DIR`, else `../shared/data/laws` relative to the
/// working directory (the shared folder sits beside the repository).
pub fn default_corpus_dir() -> PathBuf {
    match std::env::var_os(LAWS_DIR_ENV) {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => PathBuf::from("../shared/data/laws"),
    }
}

/// JSON view of a node: `kind`, `num`, `code` (full, with law), `text` (what the code
/// resolves to), `line`, `children`.
#[derive(Serialize)]
struct NodeJson<'a> {
    kind: Kind,
    num: &'a str,
    code: String,
    text: String,
    line: u32,
    children: Vec<NodeJson<'a>>,
}

fn node_json<'a>(law: &str, n: &'a Node) -> NodeJson<'a> {
    NodeJson {
        kind: n.kind,
        num: &n.num,
        code: if n.code.is_empty() {
            law.to_string()
        } else {
            format!("{law}/{}", n.code)
        },
        text: n.full_text(),
        line: n.line,
        children: n.children.iter().map(|c| node_json(law, c)).collect(),
    }
}

/// JSON of a whole statute: the law node plus header fields.
#[derive(Serialize)]
struct StatuteJson<'a> {
    #[serde(flatten)]
    root: NodeJson<'a>,
    file: &'a str,
    title: &'a str,
    version: Option<String>,
    history: &'a [HistoryEntry],
    promulgated: Option<Date>,
    last_amended: Option<Date>,
    effective: Option<Date>,
    articles: usize,
    warnings: Vec<String>,
    errors: Vec<String>,
}

/// JSON form of a parsed statute (as printed by `fazhi law parse FILE --json`).
pub fn statute_json(st: &Statute) -> Result<String, LawError> {
    let diag = |d: &[Diagnostic]| d.iter().map(|x| x.to_string()).collect();
    let j = StatuteJson {
        root: node_json(&st.law, &st.root),
        file: &st.file,
        title: &st.title,
        version: st.version_id(),
        history: &st.history,
        promulgated: st.promulgated,
        last_amended: st.last_amended,
        effective: st.effective,
        articles: st.article_count(),
        warnings: diag(&st.warnings),
        errors: diag(&st.errors),
    };
    Ok(serde_json::to_string_pretty(&j)?)
}

/// `fazhi law parse FILE [--json]`: prints the tree (JSON, or an indented outline with
/// codes), then warnings and errors. Exit 0 when the file has no format errors, 1 otherwise.
pub fn parse_file(path: &Path, json: bool, out: &mut impl Write) -> Result<i32, LawError> {
    let st = crate::parse::parse_file(path)?;
    if json {
        writeln!(out, "{}", statute_json(&st)?)?;
    } else {
        writeln!(
            out,
            "{}（{}）",
            st.title,
            st.version_id().unwrap_or_else(|| st.law.clone())
        )?;
        let d = |x: Option<Date>| x.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
        writeln!(
            out,
            "公布 promulgated {}；最近修改 last amended {}；施行 effective {}",
            d(st.promulgated),
            d(st.last_amended),
            d(st.effective)
        )?;
        writeln!(out, "{} 条 articles", st.article_count())?;
        for n in st.root.walk().skip(1) {
            let depth = match n.kind {
                Kind::Part | Kind::Article => 0,
                Kind::Subpart | Kind::Paragraph => 1,
                Kind::Chapter | Kind::Item => 2,
                Kind::Section | Kind::Subitem => 3,
                Kind::Law => 0,
            };
            let indent = "  ".repeat(depth);
            match n.kind {
                Kind::Article => writeln!(out, "{indent}{} [{}]", n.num, n.code)?,
                _ => writeln!(out, "{indent}{} {} [{}]", n.num, n.text, n.code)?,
            }
        }
    }
    for w in &st.warnings {
        writeln!(out, "warning: {w}")?;
    }
    for e in &st.errors {
        writeln!(out, "error: {e}")?;
    }
    Ok(if st.errors.is_empty() { 0 } else { 1 })
}

#[derive(Serialize)]
struct ErrorJson {
    code: &'static str,
    message: String,
    message_en: String,
}

fn print_error(e: &LawError, json: bool, out: &mut impl Write) -> Result<(), LawError> {
    if json {
        let j = ErrorJson {
            code: e.code(),
            message: e.message_zh(),
            message_en: e.message_en(),
        };
        writeln!(out, "{}", serde_json::to_string(&j)?)?;
    } else {
        writeln!(out, "错误：{}\nerror: {}", e.message_zh(), e.message_en())?;
    }
    Ok(())
}

#[derive(Serialize)]
struct CiteJson<'a> {
    code: &'a str,
    citation: &'a str,
    text: &'a str,
    version: &'a str,
}

/// `fazhi law cite "TEXT" [--json]`: prints `[{code, citation, text, version}]`. Exit 1 with
/// the reason (Chinese and English; JSON `{code, message, message_en}` with `--json`) when a
/// citation does not resolve or nothing does.
pub fn cite(
    corpus: &Corpus,
    text: &str,
    json: bool,
    out: &mut impl Write,
) -> Result<i32, LawError> {
    cite_with(corpus, text, &ResolveOptions::default(), json, out)
}

/// [`cite`] with a context provision (`--in 行政处罚法/art_33__para_2`) and/or date (`--on`).
pub fn cite_with(
    corpus: &Corpus,
    text: &str,
    opts: &ResolveOptions,
    json: bool,
    out: &mut impl Write,
) -> Result<i32, LawError> {
    match corpus.resolve_strict(text, opts) {
        Ok(list) => {
            if json {
                let v: Vec<CiteJson<'_>> = list
                    .iter()
                    .map(|r| CiteJson {
                        code: &r.code,
                        citation: &r.citation,
                        text: &r.text,
                        version: &r.version,
                    })
                    .collect();
                writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
            } else {
                for r in &list {
                    writeln!(out, "{}  [{}]（{}）", r.citation, r.code, r.version)?;
                    for l in r.text.lines() {
                        writeln!(out, "    {l}")?;
                    }
                }
            }
            Ok(0)
        }
        Err(e) => {
            print_error(&e, json, out)?;
            Ok(1)
        }
    }
}

/// `fazhi law show CODE [--on DATE] [--json]`: the text of a code in the version in force on
/// the date (current by default). Exit 1 with the reason if it does not resolve.
pub fn show(
    corpus: &Corpus,
    code: &str,
    on: Option<Date>,
    json: bool,
    out: &mut impl Write,
) -> Result<i32, LawError> {
    match corpus.lookup(code, on) {
        Ok(p) => {
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&p)?)?;
            } else {
                writeln!(
                    out,
                    "{}  [{}]（{}，{}）\n{}",
                    p.citation, p.code, p.version, p.status, p.text
                )?;
            }
            Ok(0)
        }
        Err(e) => {
            print_error(&e, json, out)?;
            Ok(1)
        }
    }
}

/// `fazhi law search "QUERY" [--law L] [--level 法律] [--status 现行有效] [--json]`: ranked
/// hits with citation, code, status and a snippet (matches in 【】). Exit 1 when nothing
/// matches.
pub fn search(
    corpus: &Corpus,
    query: &str,
    filters: &SearchFilters,
    json: bool,
    out: &mut impl Write,
) -> Result<i32, LawError> {
    if let Some(l) = &filters.law
        && corpus.law(l).is_none()
    {
        print_error(&LawError::UnknownLaw(l.clone()), json, out)?;
        return Ok(1);
    }
    let r = corpus.search(query, filters);
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&r)?)?;
    } else {
        if r.hits.is_empty() {
            writeln!(out, "没有找到“{query}” / no match for “{query}”")?;
            return Ok(1);
        }
        let note = if r.partial {
            "（部分匹配 / partial matches）"
        } else {
            ""
        };
        writeln!(
            out,
            "“{query}”：{} 条结果{note} / {} results, top {}",
            r.total,
            r.total,
            r.hits.len()
        )?;
        for (i, h) in r.hits.iter().enumerate() {
            writeln!(
                out,
                "{:>2}. {}  [{}] {} {} {:.2}",
                i + 1,
                h.citation,
                h.unit,
                h.status,
                h.level,
                h.score
            )?;
            writeln!(out, "    {}", h.snippet)?;
        }
    }
    Ok(if r.hits.is_empty() { 1 } else { 0 })
}

/// `fazhi law diff A B [--json]`: A and B are version ids (`行政复议法@2017-09-01`) or file
/// paths. Prints added, removed and changed articles with old and new text.
pub fn diff(
    corpus: &Corpus,
    a: &str,
    b: &str,
    json: bool,
    out: &mut impl Write,
) -> Result<i32, LawError> {
    match corpus.diff(a, b) {
        Ok(d) => {
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&d)?)?;
            } else {
                write!(out, "{d}")?;
            }
            Ok(0)
        }
        Err(e) => {
            print_error(&e, json, out)?;
            Ok(1)
        }
    }
}

/// `fazhi law import DIR`: loads the directory (calling `progress` per file) and returns the
/// corpus with its summary; print the summary with `Display`. The corpus is returned so the
/// caller can store it.
pub fn import_summary(
    dir: &Path,
    progress: &mut dyn FnMut(LoadProgress<'_>),
) -> Result<(Corpus, ImportSummary), LawError> {
    let corpus = Corpus::load_with_progress(dir, progress)?;
    let summary = corpus.summary();
    Ok((corpus, summary))
}
