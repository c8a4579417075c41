//! Citation resolver: Chinese citations → provision codes (and back), and the corpus
//! cross-reference graph.
//!
//! Handles `《中华人民共和国行政处罚法》第三十三条第一款`, short titles, `本法第二十八条`,
//! `第三十二条第（一）项` (in a context law), ranges `第十五条至第十七条`, `第X条之一`,
//! relative `前款` / `前两款` / `本条第二款` / `前条`, and lists
//! `《行政处罚法》第三十三条、第三十四条和《行政强制法》第十条`.

use crate::code::{Kind, ProvisionCode, Seg};
use crate::corpus::{Corpus, Law, Version, citable_units, citation};
use crate::date::Date;
use crate::error::LawError;
use crate::numeral;
use serde::Serialize;
use std::collections::HashMap;

/// One resolved citation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Resolved {
    /// Version-free code (`行政处罚法/art_33__para_1`).
    pub code: String,
    /// Canonical citation regenerated from the code.
    pub citation: String,
    /// Full text of the unit in `version`.
    pub text: String,
    /// Version the text comes from (`行政处罚法@2021-01-22`).
    pub version: String,
    /// The fragment of the input this came from (`第十五条至第十七条` for each of 15–17).
    pub source: String,
}

/// What to resolve against.
#[derive(Clone, Debug, Default)]
pub struct ResolveOptions {
    /// The provision the citation occurs in (for 本法, 本条, 前款, bare 第X条). A version pin
    /// (`行政处罚法@2021-01-22/art_33__para_2`) makes same-law citations use that version.
    pub context: Option<ProvisionCode>,
    /// Date whose versions apply (default: current versions).
    pub on: Option<Date>,
}

impl ResolveOptions {
    /// Options with a context provision.
    pub fn in_context(code: ProvisionCode) -> ResolveOptions {
        ResolveOptions {
            context: Some(code),
            on: None,
        }
    }
}

/// Result of resolving a text: what resolved, and what did not.
#[derive(Debug, Default)]
pub struct Resolution {
    /// Citations resolved, in order of appearance, without duplicates.
    pub resolved: Vec<Resolved>,
    /// Citations that did not resolve (unknown law, missing article…).
    pub errors: Vec<LawError>,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Law(String),
    SelfLaw,
    SelfArticle,
    SelfPara,
    SelfItem,
    PrevPara(u32),
    PrevArticle(u32),
    PrevItem(u32),
    Unit(Seg),
    Range,
    Sep,
    Stop,
    Other,
}

const SELF_LAW: [&str; 8] = [
    "本法",
    "本条例",
    "本办法",
    "本规定",
    "本细则",
    "本规则",
    "本决定",
    "本实施条例",
];
const SEPS: [&str; 9] = ["或者", "以及", "、", "，", ",", "和", "及", "与", "或"];
const STOPS: [char; 8] = ['。', '；', ';', '\n', '！', '？', '!', '?'];

/// Splits text into citation tokens with byte spans.
fn tokenize(s: &str) -> Vec<(Tok, usize, usize)> {
    let mut out: Vec<(Tok, usize, usize)> = Vec::new();
    let mut i = 0;
    let push = |out: &mut Vec<(Tok, usize, usize)>, t: Tok, a: usize, b: usize| {
        // Merge runs of plain text into one token.
        if t == Tok::Other
            && let Some(last) = out.last_mut()
            && last.0 == Tok::Other
            && last.2 == a
        {
            last.2 = b;
            return;
        }
        out.push((t, a, b));
    };
    while i < s.len() {
        let rest = &s[i..];
        let Some(c) = rest.chars().next() else { break };
        let clen = c.len_utf8();
        if c == '《' {
            if let Some(end) = rest.find('》') {
                let name = rest[clen..end].trim().to_string();
                push(&mut out, Tok::Law(name), i, i + end + '》'.len_utf8());
                i += end + '》'.len_utf8();
                continue;
            }
            push(&mut out, Tok::Other, i, i + clen);
            i += clen;
            continue;
        }
        if c == '本' {
            if let Some(w) = SELF_LAW
                .iter()
                .filter(|w| rest.starts_with(**w))
                .max_by_key(|w| w.len())
            {
                push(&mut out, Tok::SelfLaw, i, i + w.len());
                i += w.len();
                continue;
            }
            let t = if rest.starts_with("本条") {
                Some(Tok::SelfArticle)
            } else if rest.starts_with("本款") {
                Some(Tok::SelfPara)
            } else if rest.starts_with("本项") {
                Some(Tok::SelfItem)
            } else {
                None
            };
            if let Some(t) = t {
                push(&mut out, t, i, i + "本条".len());
                i += "本条".len();
                continue;
            }
        }
        if c == '前' {
            let r = &rest[clen..];
            let end = r
                .find(|c: char| !numeral::is_numeral_char(c))
                .unwrap_or(r.len());
            let n = if end == 0 {
                Some(1)
            } else {
                numeral::parse(&r[..end])
            };
            if let Some(n) = n.filter(|&n| n > 0) {
                let unit = &r[end..];
                let t = if unit.starts_with('款') {
                    Some(Tok::PrevPara(n))
                } else if unit.starts_with('条') {
                    Some(Tok::PrevArticle(n))
                } else if unit.starts_with('项') {
                    Some(Tok::PrevItem(n))
                } else {
                    None
                };
                if let Some(t) = t {
                    let len = clen + end + '款'.len_utf8();
                    push(&mut out, t, i, i + len);
                    i += len;
                    continue;
                }
            }
        }
        if c == '第'
            && let Some((seg, len)) = unit_at(rest)
        {
            match seg {
                Some(seg) => push(&mut out, Tok::Unit(seg), i, i + len),
                // 第二章 and the like: not a citation target, but not a list break either.
                None => push(&mut out, Tok::Sep, i, i + len),
            }
            i += len;
            continue;
        }
        if c == '至' || c == '到' {
            push(&mut out, Tok::Range, i, i + clen);
            i += clen;
            continue;
        }
        if STOPS.contains(&c) {
            push(&mut out, Tok::Stop, i, i + clen);
            i += clen;
            continue;
        }
        if c.is_whitespace() {
            push(&mut out, Tok::Sep, i, i + clen);
            i += clen;
            continue;
        }
        if let Some(w) = SEPS.iter().find(|w| rest.starts_with(**w)) {
            push(&mut out, Tok::Sep, i, i + w.len());
            i += w.len();
            continue;
        }
        push(&mut out, Tok::Other, i, i + clen);
        i += clen;
    }
    out
}

/// `第三十三条之一`, `第一款`, `第（二）项`, `第二项`, `第1目` at the start of `s`. Returns
/// `Some((None, len))` for 编/分编/章/节 (recognised but not citable).
fn unit_at(s: &str) -> Option<(Option<Seg>, usize)> {
    let r = s.strip_prefix('第')?;
    let (paren, r) = match r.chars().next() {
        Some(c @ ('（' | '(')) => (Some(if c == '（' { '）' } else { ')' }), &r[c.len_utf8()..]),
        _ => (None, r),
    };
    let end = r
        .find(|c: char| !numeral::is_numeral_char(c))
        .unwrap_or(r.len());
    let num = numeral::parse(&r[..end]).filter(|&n| n > 0)?;
    let mut r = &r[end..];
    if let Some(close) = paren {
        r = r.strip_prefix(close)?;
    }
    let mut pos = s.len() - r.len();
    let (kind, ulen) = if r.starts_with('条') {
        (Kind::Article, '条'.len_utf8())
    } else if r.starts_with('款') {
        (Kind::Paragraph, '款'.len_utf8())
    } else if r.starts_with('项') {
        (Kind::Item, '项'.len_utf8())
    } else if r.starts_with('目') {
        (Kind::Subitem, '目'.len_utf8())
    } else if r.starts_with("分编") {
        return Some((None, pos + "分编".len()));
    } else if r.starts_with(['编', '章', '节']) {
        return Some((None, pos + '章'.len_utf8()));
    } else {
        return None;
    };
    if paren.is_some() && kind != Kind::Item {
        return None;
    }
    pos += ulen;
    let mut sub = 0;
    if kind == Kind::Article
        && let Some(z) = s[pos..].strip_prefix('之')
    {
        let e = z
            .find(|c: char| !numeral::is_numeral_char(c))
            .unwrap_or(z.len());
        if let Some(v) = numeral::parse(&z[..e]).filter(|&v| v > 0) {
            sub = v;
            pos += '之'.len_utf8() + e;
        }
    }
    Some((Some(Seg { kind, num, sub }), pos))
}

/// A resolved list element: its law and paths, inherited by a following `第二款`.
type Chain = (LawSel, Vec<Vec<Seg>>);

/// Which law a chain belongs to.
#[derive(Clone, Copy, Debug, PartialEq)]
enum LawSel {
    Known(usize),
    /// A 《…》 not in the corpus: its articles are skipped (one error for the title).
    Unknown,
}

struct Ctx<'a> {
    law: Option<usize>,
    version: Option<&'a Version>,
    path: Vec<Seg>,
    on: Option<Date>,
}

impl Ctx<'_> {
    fn article(&self) -> Option<Seg> {
        self.path.iter().copied().find(|s| s.kind == Kind::Article)
    }
    fn para(&self) -> Option<Seg> {
        self.path
            .iter()
            .copied()
            .find(|s| s.kind == Kind::Paragraph)
    }
    fn item(&self) -> Option<Seg> {
        self.path.iter().copied().find(|s| s.kind == Kind::Item)
    }
}

fn bad(citation: &str, reason: &str, reason_en: &str) -> LawError {
    LawError::BadCitation {
        citation: citation.to_string(),
        reason: reason.to_string(),
        reason_en: reason_en.to_string(),
    }
}

impl Corpus {
    /// Resolves every citation in `text`. Never fails as a whole: unresolvable citations are
    /// listed in [`Resolution::errors`].
    pub fn resolve(&self, text: &str, opts: &ResolveOptions) -> Resolution {
        let mut res = Resolution::default();
        let (law, version) = match &opts.context {
            Some(c) => match self.law_index(&c.law) {
                Some(i) => match self.select_version(&self.laws[i], c.version, opts.on) {
                    Ok(v) => (Some(i), Some(v)),
                    Err(e) => {
                        res.errors.push(e);
                        return res;
                    }
                },
                None => {
                    res.errors.push(LawError::UnknownLaw(c.law.clone()));
                    return res;
                }
            },
            None => (None, None),
        };
        let ctx = Ctx {
            law,
            version,
            path: opts
                .context
                .as_ref()
                .map(|c| c.path.clone())
                .unwrap_or_default(),
            on: opts.on,
        };
        let toks = self.mark_bare_titles(text, tokenize(text));
        let mut sentence_law: Option<LawSel> = None;
        // Paths of the previous chain, for `第三十三条第一款、第二款` (second inherits art 33).
        let mut prev: Option<Chain> = None;
        let mut i = 0;
        while i < toks.len() {
            let (tok, start, _) = &toks[i];
            let start = *start;
            match tok {
                Tok::Stop => {
                    sentence_law = None;
                    prev = None;
                    i += 1;
                }
                Tok::Other | Tok::Range => {
                    prev = None;
                    i += 1;
                }
                Tok::Sep => i += 1,
                Tok::Law(name) => {
                    let sel = match self.law_index(name) {
                        Some(li) => LawSel::Known(li),
                        None => {
                            res.errors.push(LawError::UnknownLaw(name.clone()));
                            LawSel::Unknown
                        }
                    };
                    sentence_law = Some(sel);
                    prev = None;
                    i += 1;
                    if !matches!(toks.get(i), Some((Tok::Unit(_), ..)))
                        && let LawSel::Known(li) = sel
                    {
                        // A bare title cites the law as a whole.
                        let end = toks[i - 1].2;
                        self.emit(&ctx, li, &[], &text[start..end], &mut res);
                    }
                }
                Tok::SelfLaw => {
                    match ctx.law {
                        Some(li) => sentence_law = Some(LawSel::Known(li)),
                        None => res.errors.push(LawError::NoContext {
                            citation: text[start..toks[i].2].to_string(),
                        }),
                    }
                    prev = None;
                    i += 1;
                }
                _ => {
                    let (next, chain) =
                        self.chain(&ctx, &toks, i, text, sentence_law, prev.take(), &mut res);
                    prev = chain;
                    i = next.max(i + 1);
                }
            }
        }
        res
    }

    /// Law names written without 《》 right before an article (`依照食品安全法第一百二十六条`):
    /// a known title becomes a law token; another name ending in 法/条例 (`刑事诉讼法`) becomes
    /// an unknown law, so its articles are not taken for the context law's.
    fn mark_bare_titles(
        &self,
        text: &str,
        toks: Vec<(Tok, usize, usize)>,
    ) -> Vec<(Tok, usize, usize)> {
        const CUT: [&str; 12] = [
            "依照", "依据", "根据", "按照", "违反", "适用", "规定", "、", "，", "“", "》", "的",
        ];
        let mut out: Vec<(Tok, usize, usize)> = Vec::with_capacity(toks.len());
        for (k, t) in toks.iter().enumerate() {
            if let (Tok::Unit(seg), Some((Tok::Other, a, b))) = (&t.0, out.last().cloned())
                && seg.kind == Kind::Article
                && b == t.1
                && k > 0
            {
                let before = &text[a..b];
                let starts: Vec<usize> = before.char_indices().map(|(i, _)| i).collect();
                let known = starts
                    .iter()
                    .filter(|&&i| before[i..].chars().count() >= 2)
                    .find(|&&i| self.law_index(&before[i..]).is_some());
                let name_start = match known {
                    Some(&i) => Some(i),
                    None if before.ends_with('法') || before.ends_with("条例") => {
                        let cut = CUT
                            .iter()
                            .filter_map(|c| before.rfind(c).map(|p| p + c.len()))
                            .max()
                            .unwrap_or(0);
                        (before.len() - cut > "法".len()).then_some(cut)
                    }
                    None => None,
                };
                if let Some(i) = name_start {
                    let name = before[i..].to_string();
                    if let Some(last) = out.last_mut() {
                        last.2 = a + i;
                        if last.1 == last.2 {
                            out.pop();
                        }
                    }
                    out.push((Tok::Law(name), a + i, b));
                }
            }
            out.push(t.clone());
        }
        out
    }

    /// Like [`Corpus::resolve`] but any unresolved citation, or none at all, is an error.
    pub fn resolve_strict(
        &self,
        text: &str,
        opts: &ResolveOptions,
    ) -> Result<Vec<Resolved>, LawError> {
        let mut r = self.resolve(text, opts);
        if !r.errors.is_empty() {
            return Err(r.errors.swap_remove(0));
        }
        if r.resolved.is_empty() {
            return Err(LawError::NothingResolvable(text.to_string()));
        }
        Ok(r.resolved)
    }

    /// Resolves one chain starting at token `i`; returns the next token index and the chain's
    /// paths (for inheritance by the next list element).
    #[allow(clippy::too_many_arguments)]
    fn chain(
        &self,
        ctx: &Ctx<'_>,
        toks: &[(Tok, usize, usize)],
        i: usize,
        text: &str,
        sentence_law: Option<LawSel>,
        prev: Option<Chain>,
        res: &mut Resolution,
    ) -> (usize, Option<Chain>) {
        let start = toks[i].1;
        let frag_to = |j: usize| &text[start..toks[j.min(toks.len() - 1)].2];
        // Base paths and the law for this chain.
        let Some((law, mut paths)) = self.chain_base(ctx, toks, i, text, sentence_law, prev, res)
        else {
            return (i + 1, None);
        };
        // Lower units that follow directly: 第三十三条第一款第（二）项.
        let mut j = i + 1;
        while let Some((Tok::Unit(seg), ..)) = toks.get(j) {
            let last = paths
                .first()
                .and_then(|p| p.last())
                .map(|s| s.kind)
                .unwrap_or(Kind::Law);
            if seg.kind <= last {
                break;
            }
            for p in &mut paths {
                p.push(*seg);
            }
            j += 1;
        }
        // A range on the last unit: 第十五条至第十七条, 第（一）项至第（三）项. A range ends the
        // chain: statutes never write 第一条至第三条第一款.
        if let (Some((Tok::Range, ..)), Some((Tok::Unit(to), ..))) = (toks.get(j), toks.get(j + 1))
            && paths.len() == 1
            && paths[0].last().is_some_and(|s| s.kind == to.kind)
        {
            match self.expand_range(ctx, law, &paths[0], *to) {
                Some(expanded) => paths = expanded,
                None => {
                    res.errors.push(bad(
                        frag_to(j + 1),
                        "范围的终点在起点之前",
                        "the end of the range comes before its start",
                    ));
                    return (j + 2, None);
                }
            }
            j += 2;
        }
        let fragment = frag_to(j - 1).to_string();
        match law {
            Some(LawSel::Known(li)) => {
                for p in &paths {
                    self.emit(ctx, li, p, &fragment, res);
                }
                (j, Some((LawSel::Known(li), paths)))
            }
            // Articles of a law outside the corpus: its title was already reported.
            Some(LawSel::Unknown) => (j, Some((LawSel::Unknown, paths))),
            None => (j, None),
        }
    }

    /// The law and the base paths of the chain that starts at token `i`: a self or preceding
    /// reference, an article, or a lower unit continuing the previous list element (or the citing
    /// provision). `None` after reporting why the start resolves to nothing.
    #[allow(clippy::too_many_arguments)]
    fn chain_base(
        &self,
        ctx: &Ctx<'_>,
        toks: &[(Tok, usize, usize)],
        i: usize,
        text: &str,
        sentence_law: Option<LawSel>,
        prev: Option<Chain>,
        res: &mut Resolution,
    ) -> Option<(Option<LawSel>, Vec<Vec<Seg>>)> {
        let start = toks[i].1;
        let frag_to = |j: usize| &text[start..toks[j.min(toks.len() - 1)].2];
        let context_law = ctx.law.map(LawSel::Known);
        let need_ctx = |res: &mut Resolution, j: usize| {
            res.errors.push(LawError::NoContext {
                citation: frag_to(j).to_string(),
            })
        };
        Some(match &toks[i].0 {
            Tok::SelfArticle | Tok::SelfPara | Tok::SelfItem => {
                let want = match toks[i].0 {
                    Tok::SelfArticle => Kind::Article,
                    Tok::SelfPara => Kind::Paragraph,
                    _ => Kind::Item,
                };
                let base: Vec<Seg> = ctx
                    .path
                    .iter()
                    .copied()
                    .take_while(|s| s.kind <= want)
                    .collect();
                if ctx.law.is_none() || base.last().map(|s| s.kind) != Some(want) {
                    need_ctx(res, i);
                    return None;
                }
                (context_law, vec![base])
            }
            Tok::PrevPara(n) | Tok::PrevArticle(n) | Tok::PrevItem(n) => {
                let (want, cur) = match toks[i].0 {
                    Tok::PrevPara(_) => (Kind::Paragraph, ctx.para()),
                    Tok::PrevArticle(_) => (Kind::Article, ctx.article()),
                    _ => (Kind::Item, ctx.item()),
                };
                let Some(cur) = cur.filter(|_| ctx.law.is_some()) else {
                    need_ctx(res, i);
                    return None;
                };
                if cur.num <= *n {
                    res.errors.push(bad(
                        frag_to(i),
                        &format!(
                            "所在位置是{}，前面没有{}个{}",
                            cur.to_chinese(),
                            numeral::format(*n),
                            want.unit()
                        ),
                        &format!(
                            "the citing unit is {} {}, so there are not {n} {}s before it",
                            want.name(),
                            cur.num,
                            want.name()
                        ),
                    ));
                    return None;
                }
                let base: Vec<Seg> = ctx
                    .path
                    .iter()
                    .copied()
                    .take_while(|s| s.kind < want)
                    .collect();
                let paths = (cur.num - n..cur.num)
                    .map(|k| {
                        let mut p = base.clone();
                        p.push(Seg::new(want, k));
                        p
                    })
                    .collect();
                (context_law, paths)
            }
            Tok::Unit(seg) => {
                let seg = *seg;
                if seg.kind == Kind::Article {
                    let law = sentence_law.or(context_law);
                    if law.is_none() {
                        need_ctx(res, i);
                        return None;
                    }
                    (law, vec![vec![seg]])
                } else {
                    // 款/项/目 without article: continue the previous list element, else the
                    // citing provision.
                    let from_prev = prev.as_ref().and_then(|(l, ps)| {
                        let bases: Vec<Vec<Seg>> = ps
                            .iter()
                            .map(|p| {
                                p.iter()
                                    .copied()
                                    .take_while(|s| s.kind < seg.kind)
                                    .collect::<Vec<Seg>>()
                            })
                            .collect();
                        bases
                            .iter()
                            .all(|b| b.iter().any(|s| s.kind == Kind::Article))
                            .then_some((*l, bases))
                    });
                    match from_prev {
                        Some((l, mut bases)) => {
                            bases.dedup();
                            for b in &mut bases {
                                b.push(seg);
                            }
                            (Some(l), bases)
                        }
                        None => {
                            let base: Vec<Seg> = ctx
                                .path
                                .iter()
                                .copied()
                                .take_while(|s| s.kind < seg.kind)
                                .collect();
                            if ctx.law.is_none() || !base.iter().any(|s| s.kind == Kind::Article) {
                                need_ctx(res, i);
                                return None;
                            }
                            let mut b = base;
                            // A bare 第一项 in a paragraph without items means the article's
                            // list (公司法 第一百六十二条: 属于第一项情形的).
                            if seg.kind == Kind::Item && b.len() == 2 {
                                let mut probe = b.clone();
                                probe.push(seg);
                                if ctx.version.and_then(|v| v.get(&probe)).is_none() {
                                    b.truncate(1);
                                }
                            }
                            b.push(seg);
                            (context_law, vec![b])
                        }
                    }
                }
            }
            _ => return None,
        })
    }

    /// The paths of a range from the last unit of `path` to `to`, with the 之N articles that fall
    /// inside it; `None` when the range runs backwards (or absurdly far).
    fn expand_range(
        &self,
        ctx: &Ctx<'_>,
        law: Option<LawSel>,
        path: &[Seg],
        to: Seg,
    ) -> Option<Vec<Vec<Seg>>> {
        let from = path.last().copied().unwrap_or(to);
        let base: Vec<Seg> = path[..path.len() - 1].to_vec();
        if (to.num, to.sub) < (from.num, from.sub) || to.num - from.num > 500 {
            return None;
        }
        let mut expanded = Vec::new();
        for n in from.num..=to.num {
            let mut p = base.clone();
            let sub = if n == from.num { from.sub } else { 0 };
            p.push(Seg {
                kind: to.kind,
                num: n,
                sub,
            });
            expanded.push(p);
            // Keep 之N articles that fall inside the range (第十五条之一 when it exists).
            if to.kind == Kind::Article && n < to.num {
                let mut k = sub + 1;
                while let (Some(LawSel::Known(li)), true) = (law, k < 10) {
                    let mut q = base.clone();
                    q.push(Seg {
                        kind: Kind::Article,
                        num: n,
                        sub: k,
                    });
                    if self.version_for(ctx, li).and_then(|v| v.get(&q)).is_none() {
                        break;
                    }
                    expanded.push(q);
                    k += 1;
                }
            }
        }
        if to.sub > 0
            && let Some(last) = expanded.last_mut()
        {
            last.pop();
            last.push(to);
        }
        Some(expanded)
    }

    fn version_for<'a>(&'a self, ctx: &Ctx<'a>, li: usize) -> Option<&'a Version> {
        if Some(li) == ctx.law {
            return ctx.version;
        }
        let law = &self.laws[li];
        Some(match ctx.on {
            Some(d) => law.version_on(d).unwrap_or_else(|| law.current(d)),
            None => law.current(ctx.version.map(|v| v.effective).unwrap_or_else(Date::today)),
        })
    }

    fn emit(&self, ctx: &Ctx<'_>, li: usize, path: &[Seg], fragment: &str, res: &mut Resolution) {
        let law: &Law = &self.laws[li];
        let Some(version) = self.version_for(ctx, li) else {
            return;
        };
        let path = fill_paragraph(version, path);
        match version.get(&path) {
            Some(node) => {
                let code = ProvisionCode {
                    law: law.code.clone(),
                    version: None,
                    path: path.clone(),
                }
                .to_string();
                if res.resolved.iter().any(|r| r.code == code) {
                    return;
                }
                let text = if path.is_empty() {
                    law.title.clone()
                } else {
                    node.full_text()
                };
                res.resolved.push(Resolved {
                    code,
                    citation: citation(law, &path),
                    text,
                    version: version.id.clone(),
                    source: fragment.to_string(),
                });
            }
            None => res.errors.push(self.missing(law, version, &path)),
        }
    }
}

/// `第三十二条第（一）项` names no paragraph: use the paragraph of that article that has the
/// item (the first such paragraph), so the code is complete (`art_32__para_1__item_1`).
fn fill_paragraph(version: &Version, path: &[Seg]) -> Vec<Seg> {
    if path.len() >= 2
        && path[0].kind == Kind::Article
        && path[1].kind == Kind::Item
        && let Some(art) = version.get(&path[..1])
    {
        let found = art
            .children
            .iter()
            .find(|p| p.children.iter().any(|it| it.seg == path[1]));
        let para = found
            .or_else(|| art.children.iter().find(|p| !p.children.is_empty()))
            .or(art.children.first());
        if let Some(p) = para {
            let mut out = vec![path[0], p.seg];
            out.extend_from_slice(&path[1..]);
            return out;
        }
    }
    path.to_vec()
}

/// One edge of the cross-reference graph.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edge {
    /// Version of the citing text (`行政处罚法@2021-01-22`).
    pub from_version: String,
    /// Citing unit (`行政处罚法/art_10__para_2`), version-free.
    pub from: String,
    /// Cited unit, version-free.
    pub to: String,
    /// The citation as written.
    pub source: String,
}

/// Cross-reference graph of the corpus: for every paragraph, item and subitem of every
/// version, the provisions its text cites (same law and other laws). Self-references
/// (`本条` inside the same article) are left out.
#[derive(Debug, Default)]
pub struct CrossRefs {
    /// All edges.
    pub edges: Vec<Edge>,
    /// Citations that did not resolve (mostly laws outside the corpus, e.g. 《中华人民共和国刑法》):
    /// citing version + code, and the message.
    pub unresolved: Vec<(String, String)>,
    by_to: HashMap<String, Vec<usize>>,
}

impl CrossRefs {
    /// Builds the graph (all versions).
    pub fn build(corpus: &Corpus) -> CrossRefs {
        let mut g = CrossRefs::default();
        for (law, version) in corpus.versions() {
            for (path, node) in citable_units(&version.statute) {
                if node.kind == Kind::Article || node.text.is_empty() {
                    continue;
                }
                let ctx = ProvisionCode {
                    law: law.code.clone(),
                    version: Some(version.date),
                    path: path.clone(),
                };
                let from = ctx.unversioned().to_string();
                let r = corpus.resolve(
                    &node.text,
                    &ResolveOptions {
                        context: Some(ctx.clone()),
                        on: None,
                    },
                );
                let art_code = ProvisionCode {
                    path: path[..1].to_vec(),
                    ..ctx.unversioned()
                }
                .to_string();
                for x in r.resolved {
                    // 本条 inside its own article, or a unit citing itself, is no edge.
                    if x.code == art_code || x.code == from {
                        continue;
                    }
                    g.edges.push(Edge {
                        from_version: version.id.clone(),
                        from: from.clone(),
                        to: x.code,
                        source: x.source,
                    });
                }
                for e in r.errors {
                    g.unresolved.push((
                        format!("{}/{}", version.id, crate::code::path_string(&path)),
                        e.to_string(),
                    ));
                }
            }
        }
        for (i, e) in g.edges.iter().enumerate() {
            g.by_to.entry(e.to.clone()).or_default().push(i);
        }
        g
    }

    /// Edges whose citing unit is `code` or inside it (e.g. all citations in an article).
    pub fn cites<'a>(&'a self, code: &'a ProvisionCode) -> impl Iterator<Item = &'a Edge> {
        let code = code.unversioned();
        self.edges.iter().filter(move |e| {
            e.from
                .parse::<ProvisionCode>()
                .is_ok_and(|f| f.is_within(&code))
        })
    }

    /// Edges citing exactly `code` (version-free string).
    pub fn cited_by(&self, code: &str) -> impl Iterator<Item = &Edge> {
        self.by_to
            .get(code)
            .into_iter()
            .flatten()
            .map(|&i| &self.edges[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_units() {
        assert_eq!(
            unit_at("第三十三条之一第一款"),
            Some((
                Some(Seg {
                    kind: Kind::Article,
                    num: 33,
                    sub: 1
                }),
                "第三十三条之一".len()
            ))
        );
        assert_eq!(
            unit_at("第（二）项"),
            Some((Some(Seg::new(Kind::Item, 2)), "第（二）项".len()))
        );
        assert_eq!(
            unit_at("第(二)项"),
            Some((Some(Seg::new(Kind::Item, 2)), "第(二)项".len()))
        );
        assert_eq!(
            unit_at("第二项"),
            Some((Some(Seg::new(Kind::Item, 2)), "第二项".len()))
        );
        assert_eq!(
            unit_at("第33条"),
            Some((Some(Seg::new(Kind::Article, 33)), "第33条".len()))
        );
        assert_eq!(unit_at("第二章"), Some((None, "第二章".len())));
        assert_eq!(unit_at("第三人"), None);
        assert_eq!(unit_at("第（二）条"), None);
        assert_eq!(unit_at("第"), None);
        let t: Vec<Tok> = tokenize("前两款、本条第二款")
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(
            t,
            vec![
                Tok::PrevPara(2),
                Tok::Sep,
                Tok::SelfArticle,
                Tok::Unit(Seg::new(Kind::Paragraph, 2))
            ]
        );
        let t: Vec<Tok> = tokenize("本条例第一条").into_iter().map(|t| t.0).collect();
        assert_eq!(t, vec![Tok::SelfLaw, Tok::Unit(Seg::new(Kind::Article, 1))]);
    }
}
