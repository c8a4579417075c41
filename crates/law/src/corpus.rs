//! The corpus: every statute file of a directory, grouped into laws with dated versions.
//!
//! A version is one file (`行政复议法(2017-09-01).md` → `行政复议法@2017-09-01`). Status is a
//! function of the date asked about: a version is 尚未施行 before it takes effect, 现行有效
//! while in force, 已修改 once a later version replaces it, 已废止 once the law is repealed.

use crate::code::{Kind, ProvisionCode, Seg, version_id};
use crate::date::Date;
use crate::error::{Diagnostic, LawError};
use crate::parse::{Node, Statute, parse_file, short_title, split_file_name};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Level of a legal text (法律效力层级).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Level {
    /// 法律 (NPC and its Standing Committee).
    #[serde(rename = "法律")]
    Law,
    /// 行政法规 (State Council).
    #[serde(rename = "行政法规")]
    AdministrativeRegulation,
    /// 部门规章 (ministries).
    #[serde(rename = "部门规章")]
    DepartmentalRule,
    /// Anything else (地方性法规, 规范性文件…).
    #[serde(rename = "其他")]
    Other,
}

impl Level {
    /// Chinese name as in MANIFEST.tsv.
    pub fn zh(self) -> &'static str {
        match self {
            Level::Law => "法律",
            Level::AdministrativeRegulation => "行政法规",
            Level::DepartmentalRule => "部门规章",
            Level::Other => "其他",
        }
    }

    /// Parses the Chinese name (or `law` / `regulation` / `rule`).
    pub fn parse(s: &str) -> Option<Level> {
        Some(match s.trim() {
            "法律" | "law" => Level::Law,
            "行政法规" | "regulation" => Level::AdministrativeRegulation,
            "部门规章" | "rule" => Level::DepartmentalRule,
            "其他" | "other" => Level::Other,
            _ => return None,
        })
    }

    /// Guess from the title when no manifest says it: `…法` is a law, `…条例` a regulation.
    fn guess(title: &str) -> Level {
        if title.ends_with('法') {
            Level::Law
        } else if title.ends_with("条例") || title.ends_with("规定") && title.starts_with("行政")
        {
            Level::AdministrativeRegulation
        } else {
            Level::DepartmentalRule
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.zh())
    }
}

/// Validity status of a version on a given date (时效性).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Status {
    /// 尚未施行: adopted but not yet in force.
    #[serde(rename = "尚未施行")]
    NotYetInForce,
    /// 现行有效.
    #[serde(rename = "现行有效")]
    InForce,
    /// 已修改: replaced by a later version.
    #[serde(rename = "已修改")]
    Amended,
    /// 已废止.
    #[serde(rename = "已废止")]
    Repealed,
}

impl Status {
    /// Chinese label.
    pub fn zh(self) -> &'static str {
        match self {
            Status::NotYetInForce => "尚未施行",
            Status::InForce => "现行有效",
            Status::Amended => "已修改",
            Status::Repealed => "已废止",
        }
    }

    /// English label.
    pub fn en(self) -> &'static str {
        match self {
            Status::NotYetInForce => "not yet in force",
            Status::InForce => "in force",
            Status::Amended => "amended",
            Status::Repealed => "repealed",
        }
    }

    /// Parses the Chinese label (or `in-force`, `amended`, `repealed`, `pending`).
    pub fn parse(s: &str) -> Option<Status> {
        Some(match s.trim() {
            "尚未施行" | "pending" => Status::NotYetInForce,
            "现行有效" | "in-force" | "current" => Status::InForce,
            "已修改" | "amended" => Status::Amended,
            "已废止" | "repealed" => Status::Repealed,
            _ => return None,
        })
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.zh())
    }
}

/// Why a version stops applying.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum EndReason {
    /// A later version replaced it (→ 已修改).
    Superseded,
    /// The law was repealed (→ 已废止).
    Repealed,
}

/// One dated text of a law.
#[derive(Debug)]
pub struct Version {
    /// `行政复议法@2017-09-01`.
    pub id: String,
    /// Version date (file name date).
    pub date: Date,
    /// First day in force: the statute's derived effective date if on or after the version
    /// date, else the version date.
    pub effective: Date,
    /// Last day + 1 and reason, when it stops applying (from MANIFEST notes `superseded from` /
    /// `repealed from`, or the next version's effective date).
    pub ends: Option<(Date, EndReason)>,
    /// MANIFEST notes.
    pub notes: String,
    /// Source file.
    pub path: PathBuf,
    /// The parsed text.
    pub statute: Statute,
}

impl Version {
    /// Status of this version on `on`.
    pub fn status_on(&self, on: Date) -> Status {
        if on < self.effective {
            return Status::NotYetInForce;
        }
        match self.ends {
            Some((end, EndReason::Superseded)) if on >= end => Status::Amended,
            Some((end, EndReason::Repealed)) if on >= end => Status::Repealed,
            _ => Status::InForce,
        }
    }

    /// Looks up a unit of this version.
    pub fn get(&self, path: &[Seg]) -> Option<&Node> {
        self.statute.get_path(path)
    }

    /// Every unit as a flat row, in document order, for storage in a database table
    /// (`provision(version, code, parent, position, kind, num, text, full_text, line)`).
    pub fn rows(&self) -> Vec<ProvisionRow> {
        let law = self.id.split_once('@').map(|(l, _)| l).unwrap_or(&self.id);
        let full = |c: &str| {
            if c.is_empty() {
                law.to_string()
            } else {
                format!("{law}/{c}")
            }
        };
        let mut out = Vec::new();
        let mut stack: Vec<(&Node, Option<String>, u32)> = vec![(&self.statute.root, None, 0)];
        while let Some((n, parent, position)) = stack.pop() {
            let code = full(&n.code);
            for (i, c) in n.children.iter().enumerate().rev() {
                stack.push((c, Some(code.clone()), i as u32 + 1));
            }
            out.push(ProvisionRow {
                version: self.id.clone(),
                code,
                parent,
                position,
                kind: n.kind,
                num: n.num.clone(),
                text: n.text.clone(),
                full_text: n.full_text(),
                line: n.line,
            });
        }
        out
    }
}

/// One unit of a version as a flat record (see [`Version::rows`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProvisionRow {
    /// Version id (`行政处罚法@2021-01-22`).
    pub version: String,
    /// Version-free full code (`行政处罚法/art_9__para_1__item_2`; the law row is `行政处罚法`).
    pub code: String,
    /// Code of the parent unit (`None` for the law row).
    pub parent: Option<String>,
    /// 1-based position among the parent's children (0 for the law row).
    pub position: u32,
    /// Unit kind.
    pub kind: Kind,
    /// Number as written (`第九条`, `（二）`).
    pub num: String,
    /// Own text (heading name, title, or the line without its number).
    pub text: String,
    /// What a citation of the unit means (see [`Node::full_text`]).
    pub full_text: String,
    /// Source line.
    pub line: u32,
}

/// A law with all its loaded versions (ascending by date).
#[derive(Debug)]
pub struct Law {
    /// Law code: the short title (`行政处罚法`).
    pub code: String,
    /// Official title of the latest version.
    pub title: String,
    /// Level from MANIFEST.tsv.
    pub level: Level,
    /// Versions, oldest first.
    pub versions: Vec<Version>,
}

impl Law {
    /// The version in force on `on`, if any.
    pub fn version_on(&self, on: Date) -> Option<&Version> {
        self.versions
            .iter()
            .rev()
            .find(|v| v.status_on(on) == Status::InForce)
    }

    /// The newest version.
    pub fn latest(&self) -> &Version {
        // Laws are only built with at least one version.
        &self.versions[self.versions.len() - 1]
    }

    /// The version with this date.
    pub fn version(&self, date: Date) -> Option<&Version> {
        self.versions.iter().find(|v| v.date == date)
    }

    /// The version that applies by default on `on`: the one in force, else the newest one
    /// that has taken effect (a repealed law's last text), else the oldest (`on` precedes
    /// every version, e.g. a 2007 regulation citing a law loaded only from 2017).
    pub fn current(&self, on: Date) -> &Version {
        self.version_on(on)
            .or_else(|| self.versions.iter().rev().find(|v| v.effective <= on))
            .unwrap_or(&self.versions[0])
    }

    /// Status of the law on `on`: the status of [`Law::current`].
    pub fn status_on(&self, on: Date) -> Status {
        self.current(on).status_on(on)
    }
}

/// A resolved provision: what a code means in a given version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Provision {
    /// Version-free code (`行政处罚法/art_33__para_1`).
    pub code: String,
    /// Version id the text comes from (`行政处罚法@2021-01-22`).
    pub version: String,
    /// Canonical citation (`《中华人民共和国行政处罚法》第三十三条第一款`).
    pub citation: String,
    /// Full text of the unit.
    pub text: String,
    /// Unit kind.
    pub kind: Kind,
    /// Status of that version on the date asked about (today by default).
    pub status: Status,
}

/// One line of MANIFEST.tsv.
#[derive(Clone, Debug, Default)]
pub struct ManifestEntry {
    /// Official title.
    pub title: String,
    /// Level (法律 / 行政法规 / 部门规章).
    pub level: Option<Level>,
    /// Free-text notes (superseded / repealed dates).
    pub notes: String,
}

/// Reads MANIFEST.tsv (header line with `file`, `title`, `level`, `notes` columns).
pub fn read_manifest(text: &str) -> HashMap<String, ManifestEntry> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let (Some(fi), ti, li, ni) = (col("file"), col("title"), col("level"), col("notes")) else {
        return HashMap::new();
    };
    let mut out = HashMap::new();
    for line in lines {
        let cells: Vec<&str> = line.split('\t').collect();
        let get = |i: Option<usize>| {
            i.and_then(|i| cells.get(i))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let file = get(Some(fi));
        if file.is_empty() {
            continue;
        }
        out.insert(
            file,
            ManifestEntry {
                title: get(ti),
                level: Level::parse(&get(li)),
                notes: get(ni),
            },
        );
    }
    out
}

/// Finds `<marker> YYYY-MM-DD` in MANIFEST notes.
fn note_date(notes: &str, marker: &str) -> Option<Date> {
    let pos = notes.find(marker)?;
    let rest = notes[pos + marker.len()..].trim_start();
    rest.get(..10)?.parse().ok()
}

/// Progress of a directory load, for `fazhi law import`.
#[derive(Clone, Debug)]
pub struct LoadProgress<'a> {
    /// Files parsed so far (including this one).
    pub done: usize,
    /// Files to parse.
    pub total: usize,
    /// File just parsed.
    pub file: &'a str,
}

/// A diff entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ChangeKind {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// In both with different text.
    Changed,
}

/// One changed unit between two versions.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    /// Version-free code.
    pub code: String,
    /// Unit kind.
    pub kind: Kind,
    /// What happened.
    pub change: ChangeKind,
    /// Citation label (`第三十三条第一款`).
    pub label: String,
    /// Old full text.
    pub old: Option<String>,
    /// New full text.
    pub new: Option<String>,
}

/// Differences between two versions, matched by code (article number, paragraph position,
/// item number). A changed paragraph also marks its article changed, so impact analysis can
/// match citations at any level.
#[derive(Clone, Debug, Serialize)]
pub struct Diff {
    /// Old version id.
    pub from: String,
    /// New version id.
    pub to: String,
    /// Changes in code order.
    pub changes: Vec<Change>,
}

impl Diff {
    /// Changes at article level only.
    pub fn articles(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.kind == Kind::Article)
    }

    /// Codes of every changed or removed unit (for [`crate::registry::impact`]).
    pub fn affected_codes(&self) -> Vec<String> {
        self.changes
            .iter()
            .filter(|c| c.change != ChangeKind::Added)
            .map(|c| c.code.clone())
            .collect()
    }
}

impl fmt::Display for Diff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = |k: ChangeKind| self.articles().filter(|c| c.change == k).count();
        writeln!(
            f,
            "{} → {}：新增 {} 条，删除 {} 条，修改 {} 条 / {} added, {} removed, {} changed articles",
            self.from,
            self.to,
            count(ChangeKind::Added),
            count(ChangeKind::Removed),
            count(ChangeKind::Changed),
            count(ChangeKind::Added),
            count(ChangeKind::Removed),
            count(ChangeKind::Changed)
        )?;
        for c in self.articles() {
            let (mark, zh) = match c.change {
                ChangeKind::Added => ('+', "新增"),
                ChangeKind::Removed => ('-', "删除"),
                ChangeKind::Changed => ('~', "修改"),
            };
            writeln!(f, "\n{mark} {} {}（{}）", c.label, zh, c.code)?;
            if let Some(old) = &c.old {
                for l in old.lines() {
                    writeln!(f, "  - {l}")?;
                }
            }
            if let Some(new) = &c.new {
                for l in new.lines() {
                    writeln!(f, "  + {l}")?;
                }
            }
        }
        Ok(())
    }
}

/// Totals for `fazhi law import`.
#[derive(Clone, Debug, Serialize)]
pub struct ImportSummary {
    /// Distinct laws.
    pub laws: usize,
    /// Files (versions).
    pub versions: usize,
    /// Articles over all versions.
    pub articles: usize,
    /// Units with a code (articles, paragraphs, items, subitems, headings).
    pub provisions: usize,
    /// Numbering warnings.
    pub warnings: Vec<Diagnostic>,
    /// Format errors.
    pub errors: Vec<Diagnostic>,
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "已导入 {} 部法规、{} 个版本、{} 条、{} 个条款单位；警告 {}，错误 {} / imported {} laws, {} versions, {} articles, {} units; {} warnings, {} errors",
            self.laws,
            self.versions,
            self.articles,
            self.provisions,
            self.warnings.len(),
            self.errors.len(),
            self.laws,
            self.versions,
            self.articles,
            self.provisions,
            self.warnings.len(),
            self.errors.len()
        )?;
        for w in &self.warnings {
            writeln!(f, "warning: {w}")?;
        }
        for e in &self.errors {
            writeln!(f, "error: {e}")?;
        }
        Ok(())
    }
}

/// All loaded laws, with name lookup, lazy search index and cross-reference graph.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Laws sorted by code.
    pub laws: Vec<Law>,
    /// Load-level warnings plus every statute's numbering warnings.
    pub warnings: Vec<Diagnostic>,
    /// Every statute's format errors plus load errors.
    pub errors: Vec<Diagnostic>,
    by_name: HashMap<String, usize>,
    search: OnceLock<crate::search::SearchIndex>,
    xref: OnceLock<crate::cite::CrossRefs>,
}

impl Corpus {
    /// Loads every `.md` file of `dir` except README.md, with MANIFEST.tsv when present.
    pub fn load(dir: &Path) -> Result<Corpus, LawError> {
        Corpus::load_with_progress(dir, &mut |_| {})
    }

    /// As [`Corpus::load`], calling `progress` after each file.
    pub fn load_with_progress(
        dir: &Path,
        progress: &mut dyn FnMut(LoadProgress<'_>),
    ) -> Result<Corpus, LawError> {
        let io = |source| LawError::Io {
            path: dir.to_path_buf(),
            source,
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().is_some_and(|x| x == "md")
                    && p.file_name().is_some_and(|n| n != "README.md")
            })
            .collect();
        files.sort();
        let manifest_path = dir.join("MANIFEST.tsv");
        let mut warnings = Vec::new();
        let manifest = match std::fs::read_to_string(&manifest_path) {
            Ok(t) => read_manifest(&t),
            Err(_) => {
                warnings.push(Diagnostic {
                    file: "MANIFEST.tsv".into(),
                    line: 0,
                    message: "no MANIFEST.tsv: levels guessed from titles, no repeal dates".into(),
                });
                HashMap::new()
            }
        };
        let mut statutes = Vec::new();
        let total = files.len();
        for (i, path) in files.iter().enumerate() {
            let st = parse_file(path)?;
            let name = st.file.clone();
            progress(LoadProgress {
                done: i + 1,
                total,
                file: &name,
            });
            let entry = manifest.get(&name).cloned();
            statutes.push((path.clone(), st, entry));
        }
        let mut c = Corpus::from_statutes(statutes);
        warnings.append(&mut c.warnings);
        c.warnings = warnings;
        Ok(c)
    }

    /// Builds a corpus from parsed statutes (path, statute, manifest entry). Files without a
    /// version date in their name are dated by their last history line; files with neither
    /// are reported as errors and skipped.
    pub fn from_statutes(items: Vec<(PathBuf, Statute, Option<ManifestEntry>)>) -> Corpus {
        let mut warnings = Vec::new();
        let mut errors = Vec::new();
        let mut groups: BTreeMap<String, Vec<(Date, PathBuf, Statute, ManifestEntry)>> =
            BTreeMap::new();
        for (path, st, entry) in items {
            warnings.extend(st.warnings.iter().cloned());
            errors.extend(st.errors.iter().cloned());
            let date = st.version.or_else(|| {
                st.history
                    .iter()
                    .filter(|h| !h.effective)
                    .map(|h| h.date)
                    .max()
            });
            let Some(date) = date else {
                errors.push(Diagnostic { file: st.file.clone(), line: 0, message: "expected a version date (file name `<short title>(YYYY-MM-DD).md` or a history line), found none".into() });
                continue;
            };
            groups.entry(st.law.clone()).or_default().push((
                date,
                path,
                st,
                entry.unwrap_or_default(),
            ));
        }
        let mut laws = Vec::new();
        for (code, mut vs) in groups {
            vs.sort_by_key(|v| v.0);
            let mut versions: Vec<Version> = Vec::new();
            let mut level = None;
            for (date, path, st, entry) in vs {
                if versions.iter().any(|v| v.date == date) {
                    errors.push(Diagnostic {
                        file: st.file.clone(),
                        line: 0,
                        message: format!(
                            "expected one file per version, found a second {}",
                            version_id(&code, date)
                        ),
                    });
                    continue;
                }
                level = level.or(entry.level);
                let effective = st.effective.filter(|&e| e >= date).unwrap_or(date);
                let ends = note_date(&entry.notes, "repealed from")
                    .map(|d| (d, EndReason::Repealed))
                    .or_else(|| {
                        note_date(&entry.notes, "superseded from")
                            .map(|d| (d, EndReason::Superseded))
                    });
                versions.push(Version {
                    id: version_id(&code, date),
                    date,
                    effective,
                    ends,
                    notes: entry.notes,
                    path,
                    statute: st,
                });
            }
            // A version without an explicit end is superseded when the next one takes effect.
            for i in 0..versions.len().saturating_sub(1) {
                if versions[i].ends.is_none() {
                    versions[i].ends = Some((versions[i + 1].effective, EndReason::Superseded));
                }
            }
            let Some(last) = versions.last() else {
                continue;
            };
            let title = last.statute.title.clone();
            let level = level.unwrap_or_else(|| Level::guess(&title));
            laws.push(Law {
                code,
                title,
                level,
                versions,
            });
        }
        let mut by_name = HashMap::new();
        for (i, law) in laws.iter().enumerate() {
            by_name.insert(law.code.clone(), i);
            for v in &law.versions {
                if !v.statute.title.is_empty() {
                    by_name.entry(v.statute.title.clone()).or_insert(i);
                    by_name
                        .entry(short_title(&v.statute.title).to_string())
                        .or_insert(i);
                }
            }
        }
        Corpus {
            laws,
            warnings,
            errors,
            by_name,
            search: OnceLock::new(),
            xref: OnceLock::new(),
        }
    }

    /// Finds a law by code, official title or short title (`中华人民共和国行政处罚法`,
    /// `行政处罚法`).
    pub fn law(&self, name: &str) -> Option<&Law> {
        let name = name.trim();
        let idx = self
            .by_name
            .get(name)
            .or_else(|| self.by_name.get(short_title(name)))?;
        self.laws.get(*idx)
    }

    /// Index of a law in [`Corpus::laws`].
    pub fn law_index(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.by_name
            .get(name)
            .or_else(|| self.by_name.get(short_title(name)))
            .copied()
    }

    /// Finds a version by id (`行政复议法@2017-09-01`), by file name or path
    /// (`…/行政复议法(2017-09-01).md`), or by law name alone (its newest version).
    pub fn find_version(&self, id: &str) -> Result<(&Law, &Version), LawError> {
        let id = id.trim();
        let unknown = || LawError::UnknownVersion(id.to_string());
        if let Some((law, date)) = id.split_once('@') {
            let law = self
                .law(law)
                .ok_or_else(|| LawError::UnknownLaw(law.to_string()))?;
            let date: Date = date.parse().map_err(|_| unknown())?;
            return law.version(date).map(|v| (law, v)).ok_or_else(unknown);
        }
        let file = Path::new(id)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some((short, date)) = split_file_name(&file) {
            let law = self.law(&short).ok_or(LawError::UnknownLaw(short))?;
            return law.version(date).map(|v| (law, v)).ok_or_else(unknown);
        }
        let law = self
            .law(id)
            .ok_or_else(|| LawError::UnknownLaw(id.to_string()))?;
        Ok((law, law.latest()))
    }

    /// Picks the version a code refers to: its `@date` pin, else the one in force on `on`
    /// (error if none), else the current one today.
    pub fn select_version<'a>(
        &'a self,
        law: &'a Law,
        pin: Option<Date>,
        on: Option<Date>,
    ) -> Result<&'a Version, LawError> {
        if let Some(d) = pin {
            return law
                .version(d)
                .ok_or_else(|| LawError::UnknownVersion(version_id(&law.code, d)));
        }
        match on {
            Some(d) => law.version_on(d).ok_or_else(|| {
                let (reason, reason_en) = if law.versions.iter().all(|v| d < v.effective) {
                    ("尚未施行", "not yet in force")
                } else {
                    ("已废止", "repealed")
                };
                LawError::NotInForce {
                    law: law.code.clone(),
                    date: d.to_string(),
                    reason: reason.into(),
                    reason_en: reason_en.into(),
                }
            }),
            None => Ok(law.current(Date::today())),
        }
    }

    /// Resolves a code to text and version: `行政处罚法/art_33__para_1` (version in force on
    /// `on`, or current), or pinned `行政处罚法@2021-01-22/art_33`.
    pub fn provision(&self, code: &ProvisionCode, on: Option<Date>) -> Result<Provision, LawError> {
        let law = self
            .law(&code.law)
            .ok_or_else(|| LawError::UnknownLaw(code.law.clone()))?;
        let version = self.select_version(law, code.version, on)?;
        let node = version
            .get(&code.path)
            .ok_or_else(|| self.missing(law, version, &code.path))?;
        Ok(Provision {
            code: ProvisionCode {
                law: law.code.clone(),
                version: None,
                path: code.path.clone(),
            }
            .to_string(),
            version: version.id.clone(),
            citation: citation(law, &code.path),
            text: node.full_text(),
            kind: node.kind,
            status: version.status_on(on.unwrap_or_else(Date::today)),
        })
    }

    /// Parses and resolves a code string (see [`Corpus::provision`]).
    pub fn lookup(&self, code: &str, on: Option<Date>) -> Result<Provision, LawError> {
        self.provision(&code.parse()?, on)
    }

    /// The error for a path a version does not have, naming the first missing step.
    pub(crate) fn missing(&self, law: &Law, version: &Version, path: &[Seg]) -> LawError {
        let mut depth = path.len();
        for i in 1..=path.len() {
            if version.get(&path[..i]).is_none() {
                depth = i;
                break;
            }
        }
        let seg = path
            .get(depth.saturating_sub(1))
            .copied()
            .unwrap_or(Seg::new(Kind::Law, 0));
        let what = match seg.kind {
            Kind::Article => {
                let max = version
                    .statute
                    .articles()
                    .map(|a| a.seg.num)
                    .max()
                    .unwrap_or(0);
                format!("no article {} (it has articles 1–{max})", seg_en(seg))
            }
            k => format!(
                "no {} {} in {}",
                k.name(),
                seg_en(seg),
                path_label(&path[..depth.saturating_sub(1)])
            ),
        };
        LawError::NoSuchProvision {
            citation: citation(law, &path[..depth]),
            version: version.id.clone(),
            what,
        }
    }

    /// Diff between two versions given as ids (`行政复议法@2017-09-01`) or file paths.
    pub fn diff(&self, a: &str, b: &str) -> Result<Diff, LawError> {
        let (law_a, va) = self.find_version(a)?;
        let (_, vb) = self.find_version(b)?;
        Ok(diff_versions(&law_a.code, va, vb))
    }

    /// Totals and diagnostics.
    pub fn summary(&self) -> ImportSummary {
        let versions = self.laws.iter().flat_map(|l| &l.versions);
        ImportSummary {
            laws: self.laws.len(),
            versions: self.laws.iter().map(|l| l.versions.len()).sum(),
            articles: versions.clone().map(|v| v.statute.article_count()).sum(),
            provisions: versions
                .map(|v| v.statute.units().count().saturating_sub(1))
                .sum(),
            warnings: self.warnings.clone(),
            errors: self.errors.clone(),
        }
    }

    /// Full-text search index, built on first use.
    pub fn search_index(&self) -> &crate::search::SearchIndex {
        self.search
            .get_or_init(|| crate::search::SearchIndex::build(self))
    }

    /// Cross-reference graph, built on first use.
    pub fn cross_refs(&self) -> &crate::cite::CrossRefs {
        self.xref
            .get_or_init(|| crate::cite::CrossRefs::build(self))
    }

    /// Every (law, version) pair.
    pub fn versions(&self) -> impl Iterator<Item = (&Law, &Version)> {
        self.laws
            .iter()
            .flat_map(|l| l.versions.iter().map(move |v| (l, v)))
    }
}

fn seg_en(seg: Seg) -> String {
    if seg.sub > 0 {
        format!("{}-{}", seg.num, seg.sub)
    } else {
        seg.num.to_string()
    }
}

fn path_label(path: &[Seg]) -> String {
    if path.is_empty() {
        "the law".into()
    } else {
        crate::code::path_string(path)
    }
}

/// Canonical citation: `《中华人民共和国行政处罚法》第三十三条第一款`.
pub fn citation(law: &Law, path: &[Seg]) -> String {
    format!(
        "《{}》{}",
        law.title,
        path.iter().map(Seg::to_chinese).collect::<String>()
    )
}

/// Citable units (article and below) with their full paths, in document order.
pub fn citable_units(st: &Statute) -> Vec<(Vec<Seg>, &Node)> {
    let mut out = Vec::new();
    for art in st.articles() {
        let mut stack: Vec<(Vec<Seg>, &Node)> = vec![(vec![art.seg], art)];
        while let Some((path, n)) = stack.pop() {
            for c in n.children.iter().rev() {
                let mut p = path.clone();
                p.push(c.seg);
                stack.push((p, c));
            }
            out.push((path, n));
        }
    }
    out
}

fn diff_versions(law: &str, a: &Version, b: &Version) -> Diff {
    let collect = |v: &Version| -> BTreeMap<Vec<Seg>, (String, Kind)> {
        citable_units(&v.statute)
            .into_iter()
            .map(|(p, n)| (p, (n.full_text(), n.kind)))
            .collect()
    };
    let old = collect(a);
    let new = collect(b);
    let mut keys: Vec<&Vec<Seg>> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut changes = Vec::new();
    for k in keys {
        let (o, n) = (old.get(k), new.get(k));
        let change = match (o, n) {
            (Some(_), None) => ChangeKind::Removed,
            (None, Some(_)) => ChangeKind::Added,
            (Some(x), Some(y)) if x.0 != y.0 => ChangeKind::Changed,
            _ => continue,
        };
        let kind = o.or(n).map(|x| x.1).unwrap_or(Kind::Article);
        changes.push(Change {
            code: ProvisionCode {
                law: law.to_string(),
                version: None,
                path: k.clone(),
            }
            .to_string(),
            kind,
            change,
            label: k.iter().map(Seg::to_chinese).collect(),
            old: o.map(|x| x.0.clone()),
            new: n.map(|x| x.0.clone()),
        });
    }
    Diff {
        from: a.id.clone(),
        to: b.id.clone(),
        changes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_statute;

    fn corpus() -> Corpus {
        let v1 = parse_statute(
            "# 中华人民共和国示例法\n2001年1月1日 通过\n<!-- INFO END -->\n第一条 甲。\n第二条 乙：\n（一）一；\n（二）二。\n第三条 丙。",
            "示例法(2001-01-01).md",
        );
        let v2 = parse_statute(
            "# 中华人民共和国示例法\n2001年1月1日 通过\n2010年5月1日 修订\n2010年10月1日 施行\n<!-- INFO END -->\n第一条 甲。\n第二条 乙：\n（一）一；\n（二）贰。\n（三）三。",
            "示例法(2010-05-01).md",
        );
        let e = |notes: &str| {
            Some(ManifestEntry {
                title: "中华人民共和国示例法".into(),
                level: Some(Level::Law),
                notes: notes.into(),
            })
        };
        Corpus::from_statutes(vec![
            (PathBuf::from("a"), v1, e("")),
            (PathBuf::from("b"), v2, e("repealed from 2030-01-01 by X")),
        ])
    }

    #[test]
    fn corpus_is_shareable_across_threads() {
        // The web server keeps one Corpus behind an Arc.
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Corpus>();
    }

    #[test]
    fn versions_and_status() {
        let c = corpus();
        let law = c.law("中华人民共和国示例法").unwrap();
        assert_eq!(law.versions.len(), 2);
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(law.versions[1].effective, d("2010-10-01"));
        assert_eq!(
            law.version_on(d("2010-06-01")).unwrap().id,
            "示例法@2001-01-01"
        );
        assert_eq!(
            law.version_on(d("2010-10-01")).unwrap().id,
            "示例法@2010-05-01"
        );
        assert_eq!(law.versions[0].status_on(d("2011-01-01")), Status::Amended);
        assert_eq!(law.versions[1].status_on(d("2011-01-01")), Status::InForce);
        assert_eq!(law.versions[1].status_on(d("2030-01-01")), Status::Repealed);
        assert_eq!(
            law.versions[1].status_on(d("2010-06-01")),
            Status::NotYetInForce
        );
        assert!(law.version_on(d("2000-01-01")).is_none());
        assert!(matches!(
            c.lookup("示例法/art_1", Some(d("2031-01-01"))),
            Err(LawError::NotInForce { .. })
        ));
        let p = c
            .lookup("示例法/art_2__para_1__item_2", Some(d("2005-01-01")))
            .unwrap();
        assert_eq!(p.text, "二。");
        assert_eq!(p.citation, "《中华人民共和国示例法》第二条第一款第（二）项");
        assert_eq!(p.version, "示例法@2001-01-01");
        let p = c
            .lookup("示例法@2010-05-01/art_2__para_1__item_2", None)
            .unwrap();
        assert_eq!(p.text, "贰。");
    }

    #[test]
    fn flat_rows_for_storage() {
        let c = corpus();
        let rows = c.law("示例法").unwrap().versions[0].rows();
        assert_eq!(rows[0].code, "示例法");
        assert_eq!(rows[0].parent, None);
        let item = rows
            .iter()
            .find(|r| r.code == "示例法/art_2__para_1__item_2")
            .unwrap();
        assert_eq!(item.parent.as_deref(), Some("示例法/art_2__para_1"));
        assert_eq!(
            (item.position, item.num.as_str(), item.text.as_str()),
            (2, "（二）", "二。")
        );
        assert_eq!(rows.len(), 1 + 3 + 3 + 2);
    }

    #[test]
    fn diff_lists_added_removed_changed() {
        let c = corpus();
        let d = c.diff("示例法@2001-01-01", "示例法@2010-05-01").unwrap();
        let got: Vec<(String, ChangeKind)> = d
            .changes
            .iter()
            .map(|c| (c.code.clone(), c.change))
            .collect();
        assert_eq!(
            got,
            vec![
                ("示例法/art_2".to_string(), ChangeKind::Changed),
                ("示例法/art_2__para_1".to_string(), ChangeKind::Changed),
                (
                    "示例法/art_2__para_1__item_2".to_string(),
                    ChangeKind::Changed
                ),
                (
                    "示例法/art_2__para_1__item_3".to_string(),
                    ChangeKind::Added
                ),
                ("示例法/art_3".to_string(), ChangeKind::Removed),
                ("示例法/art_3__para_1".to_string(), ChangeKind::Removed),
            ]
        );
        let text = d.to_string();
        assert!(text.contains("新增 0 条，删除 1 条，修改 1 条"), "{text}");
    }

    #[test]
    fn missing_provision_errors() {
        let c = corpus();
        let e = c.lookup("示例法/art_9", None).unwrap_err();
        assert!(
            e.to_string()
                .contains("《中华人民共和国示例法》第九条不存在"),
            "{e}"
        );
        assert!(e.message_en().contains("no article 9"), "{e}");
        let e = c.lookup("示例法/art_2__para_1__item_7", None).unwrap_err();
        assert!(
            e.to_string().contains("第二条第一款第（七）项不存在"),
            "{e}"
        );
        assert!(matches!(
            c.lookup("无此法/art_1", None),
            Err(LawError::UnknownLaw(_))
        ));
    }
}
