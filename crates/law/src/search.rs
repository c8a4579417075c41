//! Full-text search over articles: an in-RAM BM25 inverted index over jieba words plus
//! character bigrams (so two-character queries like 罚款 always match, whatever jieba's
//! segmentation of the text). Why not tantivy: see docs/law.md.
//!
//! Query semantics: whitespace separates query parts; every part must occur verbatim in the
//! article (AND of phrases). When no article has them all, the best partial matches are
//! returned instead, flagged [`SearchResults::partial`].

use crate::code::{Kind, ProvisionCode, Seg};
use crate::corpus::{Corpus, Level, Status, citation};
use crate::date::Date;
use crate::parse::Node;
use jieba_rs::Jieba;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Filters and limits for a search.
#[derive(Clone, Debug, Default)]
pub struct SearchFilters {
    /// Only this law (code or title).
    pub law: Option<String>,
    /// Only this level.
    pub level: Option<Level>,
    /// Only versions with this status on `on` (e.g. [`Status::InForce`] for current law).
    pub status: Option<Status>,
    /// Date for the status filter and the reported status (default today).
    pub on: Option<Date>,
    /// Maximum hits (default 20).
    pub limit: Option<usize>,
}

/// One search hit (an article).
#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    /// Article code (`行政处罚法/art_33`).
    pub code: String,
    /// Most specific unit whose own text contains the first match (`…/art_33__para_2`).
    pub unit: String,
    /// Version id.
    pub version: String,
    /// Canonical citation of the article.
    pub citation: String,
    /// Law level.
    pub level: Level,
    /// Status of the version on the search date.
    pub status: Status,
    /// BM25 score (higher is better).
    pub score: f32,
    /// Text around the first match, matches wrapped in 【】.
    pub snippet: String,
    /// Byte ranges of the matches inside `snippet` (including the brackets' content only).
    pub highlights: Vec<(usize, usize)>,
}

/// Ranked hits.
#[derive(Clone, Debug, Serialize)]
pub struct SearchResults {
    /// Hits, best first.
    pub hits: Vec<Hit>,
    /// Matching articles before the limit.
    pub total: usize,
    /// True when no article contains every query part and hits are partial matches.
    pub partial: bool,
}

struct Doc {
    law: u32,
    version: u32,
    path: Vec<Seg>,
    text: String,
    len: u32,
}

/// The index. Built once per corpus (see [`Corpus::search_index`]).
pub struct SearchIndex {
    docs: Vec<Doc>,
    terms: HashMap<String, u32>,
    postings: Vec<Vec<(u32, u16)>>,
    avg_len: f32,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "SearchIndex({} docs, {} terms)",
            self.docs.len(),
            self.terms.len()
        )
    }
}

fn jieba() -> &'static Jieba {
    static J: OnceLock<Jieba> = OnceLock::new();
    J.get_or_init(Jieba::new)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Terms of a text: jieba words of two or more characters, and every character bigram
/// inside runs of word characters.
fn terms(text: &str, out: &mut Vec<String>) {
    let lower = text.to_lowercase();
    for run in lower
        .split(|c: char| !is_word_char(c))
        .filter(|r| !r.is_empty())
    {
        let chars: Vec<char> = run.chars().collect();
        for w in chars.windows(2) {
            out.push(w.iter().collect());
        }
        if chars.len() > 2 {
            for t in jieba().cut(run, false) {
                if t.word.chars().count() > 2 {
                    out.push(t.word.to_string());
                }
            }
        }
    }
}

fn bigrams(part: &str) -> Vec<String> {
    let chars: Vec<char> = part.chars().collect();
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

impl SearchIndex {
    /// Indexes every article of every version.
    pub fn build(corpus: &Corpus) -> SearchIndex {
        let mut docs = Vec::new();
        let mut terms_map: HashMap<String, u32> = HashMap::new();
        let mut postings: Vec<Vec<(u32, u16)>> = Vec::new();
        let mut buf = Vec::new();
        let mut counts: HashMap<u32, u16> = HashMap::new();
        for (li, law) in corpus.laws.iter().enumerate() {
            for (vi, v) in law.versions.iter().enumerate() {
                for art in v.statute.articles() {
                    let text = art.full_text();
                    buf.clear();
                    terms(&text, &mut buf);
                    counts.clear();
                    for t in buf.drain(..) {
                        let next = terms_map.len() as u32;
                        let id = *terms_map.entry(t).or_insert(next);
                        if id as usize == postings.len() {
                            postings.push(Vec::new());
                        }
                        let c = counts.entry(id).or_insert(0);
                        *c = c.saturating_add(1);
                    }
                    let doc = docs.len() as u32;
                    let len = counts.values().map(|&c| c as u32).sum();
                    for (&id, &tf) in &counts {
                        postings[id as usize].push((doc, tf));
                    }
                    docs.push(Doc {
                        law: li as u32,
                        version: vi as u32,
                        path: vec![art.seg],
                        text,
                        len,
                    });
                }
            }
        }
        for p in &mut postings {
            p.sort_unstable_by_key(|x| x.0);
            p.shrink_to_fit();
        }
        let avg_len = docs.iter().map(|d| d.len as f32).sum::<f32>() / docs.len().max(1) as f32;
        SearchIndex {
            docs,
            terms: terms_map,
            postings,
            avg_len,
        }
    }

    /// Number of indexed articles.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Approximate heap bytes held by the index.
    pub fn heap_bytes(&self) -> usize {
        let docs: usize = self
            .docs
            .iter()
            .map(|d| {
                d.text.capacity()
                    + d.path.capacity() * std::mem::size_of::<Seg>()
                    + std::mem::size_of::<Doc>()
            })
            .sum();
        let terms: usize = self
            .terms
            .keys()
            .map(|k| k.capacity() + std::mem::size_of::<(String, u32)>() + 8)
            .sum();
        let postings: usize = self.postings.iter().map(|p| p.capacity() * 8 + 24).sum();
        docs + terms + postings
    }

    /// Runs a query.
    pub fn search(&self, corpus: &Corpus, query: &str, filters: &SearchFilters) -> SearchResults {
        let on = filters.on.unwrap_or_else(Date::today);
        let limit = filters.limit.unwrap_or(20);
        let parts: Vec<String> = query
            .split_whitespace()
            .map(|p| p.to_lowercase())
            .filter(|p| !p.is_empty())
            .collect();
        let empty = SearchResults {
            hits: Vec::new(),
            total: 0,
            partial: false,
        };
        if parts.is_empty() {
            return empty;
        }
        let law_filter = match &filters.law {
            Some(name) => match corpus.law_index(name) {
                Some(i) => Some(i as u32),
                None => return empty,
            },
            None => None,
        };
        let allowed = |d: &Doc| -> bool {
            if law_filter.is_some_and(|l| l != d.law) {
                return false;
            }
            let law = &corpus.laws[d.law as usize];
            if filters.level.is_some_and(|lv| lv != law.level) {
                return false;
            }
            if let Some(st) = filters.status
                && law.versions[d.version as usize].status_on(on) != st
            {
                return false;
            }
            true
        };
        // Query terms for scoring: bigrams and jieba words of each part.
        let qterms = self.query_terms(&parts);
        // AND of parts: intersect each part's bigram postings, then check the phrase.
        let candidates = self.phrase_candidates(&parts);
        let mut matched: Vec<u32> = candidates
            .into_iter()
            .filter(|&d| {
                let doc = &self.docs[d as usize];
                allowed(doc) && parts.iter().all(|p| contains_folded(&doc.text, p))
            })
            .collect();
        let mut partial = false;
        if matched.is_empty() {
            partial = true;
            let mut any: Vec<u32> = qterms
                .iter()
                .flat_map(|&t| self.postings[t as usize].iter().map(|x| x.0))
                .collect();
            any.sort_unstable();
            any.dedup();
            matched = any
                .into_iter()
                .filter(|&d| allowed(&self.docs[d as usize]))
                .collect();
        }
        let total = matched.len();
        let scores = self.scores(&matched, &qterms, &parts, partial);
        let mut ranked: Vec<(u32, f32)> = scores.into_iter().collect();
        // Ties: current versions first, then corpus order, so results are deterministic.
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(limit);
        let hits = ranked
            .into_iter()
            .map(|(d, score)| self.hit(corpus, d, score, &parts, on))
            .collect();
        SearchResults {
            hits,
            total,
            partial,
        }
    }

    /// The ids of the query's terms (bigrams and jieba words of each part) that the index knows.
    fn query_terms(&self, parts: &[String]) -> Vec<u32> {
        let mut qterms: Vec<u32> = Vec::new();
        let mut buf = Vec::new();
        for p in parts {
            buf.clear();
            terms(p, &mut buf);
            for t in &buf {
                if let Some(&id) = self.terms.get(t)
                    && !qterms.contains(&id)
                {
                    qterms.push(id);
                }
            }
        }
        qterms
    }

    /// Documents holding every bigram of every part (the phrase itself is checked afterwards).
    fn phrase_candidates(&self, parts: &[String]) -> Vec<u32> {
        let mut candidates: Option<Vec<u32>> = None;
        for p in parts {
            let grams = bigrams(p);
            let mut lists: Vec<&Vec<(u32, u16)>> = Vec::new();
            let mut missing = false;
            for g in &grams {
                match self.terms.get(g) {
                    Some(&id) => lists.push(&self.postings[id as usize]),
                    None => missing = true,
                }
            }
            if missing {
                candidates = Some(Vec::new());
                break;
            }
            lists.sort_by_key(|l| l.len());
            let mut set: Vec<u32> = match (lists.first(), &candidates) {
                (Some(l), _) => l.iter().map(|x| x.0).collect(),
                // A one-character part has no bigram: start from the current candidates.
                (None, Some(c)) => c.clone(),
                (None, None) => (0..self.docs.len() as u32).collect(),
            };
            for l in lists.iter().skip(1) {
                set = intersect(&set, l);
            }
            if let Some(c) = &candidates {
                set = intersect_ids(&set, c);
            }
            candidates = Some(set);
        }
        candidates.unwrap_or_default()
    }

    /// BM25 over the query terms (occurrences per length for a one-character query), with a boost
    /// for an article that opens with the query.
    fn scores(
        &self,
        matched: &[u32],
        qterms: &[u32],
        parts: &[String],
        partial: bool,
    ) -> HashMap<u32, f32> {
        let mut scores: HashMap<u32, f32> = matched.iter().map(|&d| (d, 0.0)).collect();
        let n = self.docs.len() as f32;
        for &t in qterms {
            let list = &self.postings[t as usize];
            let idf = ((n - list.len() as f32 + 0.5) / (list.len() as f32 + 0.5) + 1.0).ln();
            for &(d, tf) in list {
                if let Some(s) = scores.get_mut(&d) {
                    let len = self.docs[d as usize].len as f32;
                    let tf = tf as f32;
                    *s += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * len / self.avg_len));
                }
            }
        }
        if qterms.is_empty() {
            // One-character query: no bigram to score, so rank by occurrences per length.
            for (d, s) in scores.iter_mut() {
                let doc = &self.docs[*d as usize];
                let occ = occurrences(&doc.text, parts).len() as f32;
                *s = occ / (0.25 + 0.75 * doc.len as f32 / self.avg_len);
            }
        }
        if !partial {
            // An article that opens with the query is usually the one defining it
            // (行政处罚的种类：…, 营业执照分为…): boost matches in the first characters.
            for (d, s) in scores.iter_mut() {
                let text = &self.docs[*d as usize].text;
                let head = text
                    .char_indices()
                    .nth(12)
                    .map(|(i, _)| i)
                    .unwrap_or(text.len());
                let early = parts
                    .iter()
                    .any(|p| text.find(p.as_str()).is_some_and(|pos| pos < head));
                if early {
                    *s *= 1.5;
                }
            }
        }
        scores
    }

    fn hit(&self, corpus: &Corpus, d: u32, score: f32, parts: &[String], on: Date) -> Hit {
        let doc = &self.docs[d as usize];
        let law = &corpus.laws[doc.law as usize];
        let version = &law.versions[doc.version as usize];
        let code = ProvisionCode {
            law: law.code.clone(),
            version: None,
            path: doc.path.clone(),
        };
        let (snippet, highlights) = snippet(&doc.text, parts);
        let unit = version
            .get(&doc.path)
            .and_then(|art| deepest_containing(art, &doc.path, parts))
            .map(|p| {
                ProvisionCode {
                    path: p,
                    ..code.clone()
                }
                .to_string()
            })
            .unwrap_or_else(|| code.to_string());
        Hit {
            code: code.to_string(),
            unit,
            version: version.id.clone(),
            citation: citation(law, &doc.path),
            level: law.level,
            status: version.status_on(on),
            score,
            snippet,
            highlights,
        }
    }
}

fn intersect(a: &[u32], b: &[(u32, u16)]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

fn intersect_ids(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// Case-insensitive (ASCII) substring test; `needle` is already lower-case.
fn contains_folded(hay: &str, needle: &str) -> bool {
    if !needle.bytes().any(|b| b.is_ascii_alphabetic()) {
        return hay.contains(needle);
    }
    // ASCII folding keeps byte lengths, so a byte-window compare needs no allocation.
    let n = needle.as_bytes();
    !n.is_empty()
        && hay
            .as_bytes()
            .windows(n.len())
            .any(|w| w.eq_ignore_ascii_case(n))
}

/// Byte offsets of every occurrence of each part in `text` (ASCII case-insensitive; the
/// lower-cased text keeps byte offsets because only ASCII letters change).
fn occurrences(text: &str, parts: &[String]) -> Vec<(usize, usize)> {
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    for p in parts {
        let p = p.to_ascii_lowercase();
        if p.is_empty() {
            continue;
        }
        let mut from = 0;
        while let Some(pos) = lower[from..].find(&p) {
            out.push((from + pos, from + pos + p.len()));
            from += pos + p.len();
        }
    }
    out.sort_unstable();
    out
}

/// About 30 characters either side of the first match, matches in 【】.
fn snippet(text: &str, parts: &[String]) -> (String, Vec<(usize, usize)>) {
    const CONTEXT: usize = 30;
    let occ = occurrences(text, parts);
    let first = occ.first().map(|o| o.0).unwrap_or(0);
    let start = text[..first]
        .char_indices()
        .rev()
        .nth(CONTEXT - 1)
        .map(|(i, _)| i)
        .unwrap_or(0);
    let end = text[first..]
        .char_indices()
        .nth(CONTEXT * 2)
        .map(|(i, _)| first + i)
        .unwrap_or(text.len());
    let mut out = String::new();
    let mut hl = Vec::new();
    if start > 0 {
        out.push('…');
    }
    let mut pos = start;
    for &(a, b) in occ.iter().filter(|o| o.0 >= start && o.1 <= end) {
        if a < pos {
            continue; // overlapping match
        }
        out.push_str(&text[pos..a].replace('\n', " "));
        out.push('【');
        let s = out.len();
        out.push_str(&text[a..b]);
        hl.push((s, out.len()));
        out.push('】');
        pos = b;
    }
    out.push_str(&text[pos..end].replace('\n', " "));
    if end < text.len() {
        out.push('…');
    }
    (out, hl)
}

/// Path of the first unit (paragraph/item/subitem, in document order) whose own text
/// contains a query part: where the first match is.
fn deepest_containing(art: &Node, path: &[Seg], parts: &[String]) -> Option<Vec<Seg>> {
    fn rec(n: &Node, path: &mut Vec<Seg>, parts: &[String]) -> Option<Vec<Seg>> {
        for c in &n.children {
            path.push(c.seg);
            if parts.iter().any(|p| contains_folded(&c.text, p)) {
                return Some(path.clone());
            }
            if let Some(found) = rec(c, path, parts) {
                return Some(found);
            }
            path.pop();
        }
        None
    }
    let mut p = path.to_vec();
    rec(art, &mut p, parts).filter(|b| b.last().is_some_and(|s| s.kind != Kind::Article))
}

impl Corpus {
    /// Full-text search (builds the index on first call).
    pub fn search(&self, query: &str, filters: &SearchFilters) -> SearchResults {
        self.search_index().search(self, query, filters)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_highlights() {
        let (s, hl) = snippet(
            "对违法行为处以罚款，罚款数额依法确定。",
            &["罚款".to_string()],
        );
        assert_eq!(s, "对违法行为处以【罚款】，【罚款】数额依法确定。");
        assert_eq!(hl.len(), 2);
        assert_eq!(&s[hl[0].0..hl[0].1], "罚款");
    }

    #[test]
    fn intersections() {
        assert_eq!(intersect(&[1, 3, 5], &[(3, 1), (5, 2), (7, 1)]), vec![3, 5]);
        assert_eq!(intersect_ids(&[1, 2], &[2, 3]), vec![2]);
    }
}
