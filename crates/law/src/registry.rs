//! Impact analysis: which records of other modules cite a provision that changed.
//!
//! Modules (权责清单, 裁量基准, cases…) implement [`CitationRegistry`] and register with a
//! [`Registries`]; after a new version is imported, [`Registries::impact`] lists every
//! record citing a changed or repealed code. Matching is by version-free code: a record
//! citing `行政处罚法/art_33__para_1` is hit by a change of `行政处罚法/art_33__para_1`, and
//! by a change of anything it lies inside (`行政处罚法/art_33` when the article is removed,
//! or `行政处罚法` when the law is repealed).

use crate::code::ProvisionCode;
use serde::Serialize;

/// A record in some module that cites a provision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CitingRecord {
    /// Registry that reported it (`powers`, `discretion`…).
    pub source: String,
    /// Record id within that source.
    pub record: String,
    /// Code the record cites, version-free.
    pub code: String,
    /// Human-readable label (`职权事项 330101001 警告`).
    pub label: String,
}

/// A source of citing records. Implementations answer "which of your records cite `code` or
/// a unit inside it".
pub trait CitationRegistry: Send + Sync {
    /// Short name of the source (`powers`).
    fn source(&self) -> &str;
    /// Records citing `code` or any unit inside it (version pins ignored).
    fn citing(&self, code: &ProvisionCode) -> Vec<CitingRecord>;
}

/// In-memory registry, for tests and for modules that keep their citations in RAM.
#[derive(Debug, Default, Clone)]
pub struct InMemoryRegistry {
    name: String,
    records: Vec<(ProvisionCode, String, String)>,
}

impl InMemoryRegistry {
    /// An empty registry named `name`.
    pub fn new(name: &str) -> InMemoryRegistry {
        InMemoryRegistry {
            name: name.to_string(),
            records: Vec::new(),
        }
    }

    /// Records that `record` (with `label`) cites `code`.
    pub fn add(&mut self, code: ProvisionCode, record: &str, label: &str) {
        self.records
            .push((code.unversioned(), record.to_string(), label.to_string()));
    }
}

impl CitationRegistry for InMemoryRegistry {
    fn source(&self) -> &str {
        &self.name
    }

    fn citing(&self, code: &ProvisionCode) -> Vec<CitingRecord> {
        let code = code.unversioned();
        self.records
            .iter()
            .filter(|(c, ..)| c.is_within(&code))
            .map(|(c, r, l)| CitingRecord {
                source: self.name.clone(),
                record: r.clone(),
                code: c.to_string(),
                label: l.clone(),
            })
            .collect()
    }
}

/// All registered citation sources (none at first).
#[derive(Default)]
pub struct Registries {
    sources: Vec<Box<dyn CitationRegistry>>,
}

impl std::fmt::Debug for Registries {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.sources.iter().map(|s| s.source().to_string()))
            .finish()
    }
}

/// One hit of an impact query: the changed code and a record citing it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Impact {
    /// The changed or repealed code.
    pub changed: String,
    /// The citing record.
    pub record: CitingRecord,
}

impl Registries {
    /// No sources.
    pub fn new() -> Registries {
        Registries::default()
    }

    /// Adds a source.
    pub fn register(&mut self, source: Box<dyn CitationRegistry>) {
        self.sources.push(source);
    }

    /// Number of sources.
    pub fn len(&self) -> usize {
        self.sources.len()
    }

    /// True when no source is registered.
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    /// Records citing any of `changed` (codes such as [`crate::corpus::Diff::affected_codes`]
    /// or a repealed law's code), each record once per changed code, deduplicated.
    pub fn impact(&self, changed: &[ProvisionCode]) -> Vec<Impact> {
        let mut out: Vec<Impact> = Vec::new();
        for code in changed {
            for s in &self.sources {
                for record in s.citing(code) {
                    let hit = Impact {
                        changed: code.unversioned().to_string(),
                        record,
                    };
                    if !out.contains(&hit) {
                        out.push(hit);
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> ProvisionCode {
        s.parse().unwrap()
    }

    #[test]
    fn impact_matches_code_and_enclosing_units() {
        let mut powers = InMemoryRegistry::new("powers");
        powers.add(c("行政处罚法/art_33__para_1"), "P1", "不予处罚");
        powers.add(
            c("行政处罚法@2021-01-22/art_9__para_1__item_2"),
            "P2",
            "罚款",
        );
        powers.add(c("行政强制法/art_10"), "P3", "强制");
        let mut reg = Registries::new();
        assert!(reg.impact(&[c("行政处罚法")]).is_empty());
        reg.register(Box::new(powers));
        let hits = reg.impact(&[c("行政处罚法/art_33__para_1")]);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].record.record, "P1");
        // A change of a whole article hits records citing its paragraphs.
        assert_eq!(reg.impact(&[c("行政处罚法/art_9")])[0].record.record, "P2");
        // A paragraph change does not hit a record citing another paragraph.
        assert!(reg.impact(&[c("行政处罚法/art_33__para_2")]).is_empty());
        // Repeal of a law hits all its citations.
        assert_eq!(reg.impact(&[c("行政处罚法")]).len(), 2);
        assert_eq!(reg.len(), 1);
    }
}
