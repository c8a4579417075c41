//! HTML pages of the legal corpus (public read).

use std::collections::BTreeSet;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use fazhi_law::{
    Change, ChangeKind, Corpus, Date, Diff, Kind, LawError, Level, Node, ProvisionCode,
    SearchFilters, Status,
};
use serde::Deserialize;

use super::text::{diff_html, snippet_html};
use super::{
    LEVELS, law_href, law_shell, law_status, level_key, level_label, messages, pick_version,
    provision_href, status_kind, status_label, version_date, window,
};
use crate::ctx::{Ctx, enc};
use crate::error::Page;
use crate::error::render;
use crate::shell::{Pager, Shell};
use crate::state::AppState;

/// Longest query or citation text the pages accept (characters).
const MAX_QUERY: usize = 200;
const MAX_CITE_TEXT: usize = 2000;
/// Search page size and the deepest result the pager offers.
const PAGE_SIZE: usize = 20;
const MAX_RESULTS: usize = 500;

fn clip(s: &str, n: usize) -> String {
    s.trim().chars().take(n).collect()
}

// ---------------------------------------------------------------- errors

#[derive(Template)]
#[template(path = "law/error.html")]
struct LawErrorPage {
    shell: Shell,
    status: u16,
    message: String,
    message_en: String,
    q: String,
}

/// A corpus error as a page of its own (the law's bilingual message, a search box), with
/// the matching status.
fn law_error(ctx: &Ctx, e: LawError, q: &str) -> Response {
    let status = law_status(&e);
    let page = LawErrorPage {
        shell: law_shell(
            ctx,
            ("未找到条文", "Provision not found"),
            &[("法律法规", "Laws", Some("/law"))],
        ),
        status: status.as_u16(),
        message: messages(&e).0,
        message_en: messages(&e).1,
        q: q.to_string(),
    };
    match page.render() {
        Ok(h) => (status, Html(h)).into_response(),
        Err(_) => (status, e.message_en()).into_response(),
    }
}

// ---------------------------------------------------------------- /law

struct VersionLink {
    date: String,
    href: String,
    status_kind: &'static str,
    status_text: String,
    current: bool,
}

struct LawRow {
    code: String,
    title: String,
    href: String,
    status_kind: &'static str,
    status_text: String,
    effective: String,
    articles: usize,
    versions: Vec<VersionLink>,
}

struct LevelGroup {
    id: &'static str,
    label: String,
    laws: Vec<LawRow>,
}

#[derive(Template)]
#[template(path = "law/index.html")]
struct IndexPage {
    shell: Shell,
    groups: Vec<LevelGroup>,
    laws: usize,
    versions: usize,
    articles: usize,
    today: String,
}

/// `GET /law`: every law, grouped by level, with its status today and its versions.
pub async fn index(ctx: Ctx, State(st): State<AppState>) -> Page {
    let corpus = st.corpus();
    let today = Date::today();
    let mut groups = Vec::new();
    for level in LEVELS {
        let mut laws: Vec<LawRow> = corpus
            .laws
            .iter()
            .filter(|l| l.level == level)
            .map(|l| {
                let cur = l.current(today);
                let status = l.status_on(today);
                LawRow {
                    code: l.code.clone(),
                    title: l.title.clone(),
                    href: law_href(&l.code, None),
                    status_kind: status_kind(status),
                    status_text: status_label(&ctx, status),
                    effective: cur.effective.to_string(),
                    articles: cur.statute.article_count(),
                    versions: l
                        .versions
                        .iter()
                        .map(|v| {
                            let s = v.status_on(today);
                            VersionLink {
                                date: v.date.to_string(),
                                href: law_href(&l.code, Some(v)),
                                status_kind: status_kind(s),
                                status_text: status_label(&ctx, s),
                                current: std::ptr::eq(v, cur),
                            }
                        })
                        .collect(),
                }
            })
            .collect();
        if laws.is_empty() {
            continue;
        }
        laws.sort_by(|a, b| a.code.cmp(&b.code));
        groups.push(LevelGroup {
            id: level_key(level),
            label: level_label(&ctx, level),
            laws,
        });
    }
    let summary = corpus.summary();
    Ok(render(&IndexPage {
        shell: law_shell(&ctx, ("法规库", "Statutes"), &[("法律法规", "Laws", None)]),
        groups,
        laws: summary.laws,
        versions: summary.versions,
        articles: summary.articles,
        today: today.to_string(),
    })?)
}

// ---------------------------------------------------------------- /law/{law}

#[derive(Deserialize, Default)]
pub struct VersionParams {
    #[serde(default)]
    v: String,
}

/// One entry of the table of contents (编/分编/章/节), with its sub-headings.
struct TocEntry {
    id: String,
    label: String,
    range: String,
    children: Vec<TocEntry>,
}

/// A citable unit shown on the law page: an article's paragraph, item or subitem.
struct UnitView {
    id: String,
    depth: usize,
    num: String,
    text: String,
    code: String,
    href: String,
    citation: String,
}

/// A heading (`kind` "heading") or an article (`kind` "article") of the law's body.
struct Block {
    kind: &'static str,
    level: usize,
    id: String,
    num: String,
    text: String,
    code: String,
    href: String,
    citation: String,
    units: Vec<UnitView>,
}

struct VersionOption {
    date: String,
    label: String,
    selected: bool,
}

struct HistoryLine {
    date: String,
    event: String,
}

#[derive(Template)]
#[template(path = "law/law.html")]
struct LawPage {
    shell: Shell,
    law: String,
    title: String,
    level: String,
    version_id: String,
    is_current: bool,
    current_href: String,
    status_kind: &'static str,
    status_text: String,
    window: String,
    articles: usize,
    versions: Vec<VersionOption>,
    history: Vec<HistoryLine>,
    toc: Vec<TocEntry>,
    blocks: Vec<Block>,
    diff_href: Option<String>,
    json_href: String,
    notes: String,
}

/// Chinese citation of a unit from its law title and path.
fn cite_of(title: &str, code: &str) -> String {
    match fazhi_law::code::parse_path(code) {
        Ok(path) => format!(
            "《{title}》{}",
            path.iter().map(|s| s.to_chinese()).collect::<String>()
        ),
        Err(_) => format!("《{title}》"),
    }
}

fn article_range(n: &Node) -> String {
    let nums: Vec<&str> = n
        .walk()
        .filter(|c| c.kind == Kind::Article)
        .map(|c| c.num.as_str())
        .collect();
    match (nums.first(), nums.last()) {
        (Some(a), Some(b)) if a == b => (*a).to_string(),
        (Some(a), Some(b)) => format!("{a}—{b}"),
        _ => String::new(),
    }
}

fn toc_of(n: &Node) -> Vec<TocEntry> {
    n.children
        .iter()
        .filter(|c| {
            matches!(
                c.kind,
                Kind::Part | Kind::Subpart | Kind::Chapter | Kind::Section
            )
        })
        .map(|c| TocEntry {
            id: c.code.clone(),
            label: format!("{} {}", c.num, c.text),
            range: article_range(c),
            children: toc_of(c),
        })
        .collect()
}

struct BodyCtx<'a> {
    law: &'a str,
    title: &'a str,
    pin: Option<&'a str>,
}

impl BodyCtx<'_> {
    fn unit(&self, n: &Node, depth: usize, id: bool) -> UnitView {
        let code = format!("{}/{}", self.law, n.code);
        UnitView {
            id: if id { n.code.clone() } else { String::new() },
            depth,
            num: if n.kind == Kind::Paragraph {
                String::new()
            } else {
                n.num.clone()
            },
            text: n.text.clone(),
            href: provision_href(&code, self.pin),
            citation: cite_of(self.title, &n.code),
            code,
        }
    }

    fn blocks(&self, n: &Node, level: usize, out: &mut Vec<Block>) {
        for c in &n.children {
            match c.kind {
                Kind::Part | Kind::Subpart | Kind::Chapter | Kind::Section => {
                    out.push(Block {
                        kind: "heading",
                        level: level.min(6),
                        id: c.code.clone(),
                        num: c.num.clone(),
                        text: c.text.clone(),
                        code: format!("{}/{}", self.law, c.code),
                        href: String::new(),
                        citation: String::new(),
                        units: Vec::new(),
                    });
                    self.blocks(c, level + 1, out);
                }
                Kind::Article => {
                    let mut units = Vec::new();
                    if c.children.is_empty() {
                        let mut u = self.unit(c, 0, false);
                        u.num.clear();
                        units.push(u);
                    }
                    for p in &c.children {
                        units.push(self.unit(p, 0, true));
                        for it in &p.children {
                            units.push(self.unit(it, 1, true));
                            for sub in &it.children {
                                units.push(self.unit(sub, 2, true));
                            }
                        }
                    }
                    let code = format!("{}/{}", self.law, c.code);
                    out.push(Block {
                        kind: "article",
                        level: level.min(6),
                        id: c.code.clone(),
                        num: c.num.clone(),
                        text: String::new(),
                        href: provision_href(&code, self.pin),
                        citation: cite_of(self.title, &c.code),
                        code,
                        units,
                    });
                }
                _ => {}
            }
        }
    }
}

/// `GET /law/{law}?v=YYYY-MM-DD`: a version of a law (the current one by default) as a tree.
pub async fn law_page(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(law): Path<String>,
    Query(p): Query<VersionParams>,
) -> Page {
    let corpus = st.corpus();
    let today = Date::today();
    // `/law/行政处罚法@2021-01-22` is the same as `?v=2021-01-22`.
    let (name, pin) = match law.split_once('@') {
        Some((n, d)) => (n, d.to_string()),
        None => (law.as_str(), p.v.clone()),
    };
    let Some(l) = corpus.law(name) else {
        return Ok(law_error(
            &ctx,
            LawError::UnknownLaw(name.to_string()),
            name,
        ));
    };
    let v = match pick_version(l, &pin, today) {
        Ok(v) => v,
        Err(e) => return Ok(law_error(&ctx, e, name)),
    };
    let current = l.current(today);
    let is_current = std::ptr::eq(v, current);
    let status = v.status_on(today);
    let date = v.date.to_string();
    let body = BodyCtx {
        law: &l.code,
        title: &l.title,
        pin: (!is_current).then_some(date.as_str()),
    };
    let mut blocks = Vec::new();
    body.blocks(&v.statute.root, 2, &mut blocks);
    let diff_href = (l.versions.len() > 1).then(|| {
        let a = &l.versions[0];
        let b = l.latest();
        format!("/law/diff?a={}&b={}", enc(&a.id), enc(&b.id))
    });
    let page = LawPage {
        shell: law_shell(
            &ctx,
            (&l.title, &l.title),
            &[
                ("法律法规", "Laws", None),
                ("法规库", "Statutes", Some("/law")),
            ],
        ),
        law: l.code.clone(),
        title: l.title.clone(),
        level: level_label(&ctx, l.level),
        version_id: v.id.clone(),
        is_current,
        current_href: law_href(&l.code, None),
        status_kind: status_kind(status),
        status_text: status_label(&ctx, status),
        window: super::window(&ctx, v),
        articles: v.statute.article_count(),
        versions: l
            .versions
            .iter()
            .map(|x| {
                let s = x.status_on(today);
                VersionOption {
                    date: x.date.to_string(),
                    label: format!("{}（{}）", x.date, status_label(&ctx, s)),
                    selected: std::ptr::eq(x, v),
                }
            })
            .collect(),
        history: v
            .statute
            .history
            .iter()
            .map(|h| HistoryLine {
                date: h.date.to_string(),
                event: h.event.clone(),
            })
            .collect(),
        toc: toc_of(&v.statute.root),
        blocks,
        diff_href,
        json_href: format!("/api/v1/law/laws/{}?v={}", enc(&l.code), date),
        notes: v.notes.clone(),
    };
    Ok(render(&page)?)
}

// ---------------------------------------------------------------- /law/{law}/{code}

struct EdgeView {
    from: String,
    from_href: String,
    from_version: String,
    to: String,
    to_href: String,
    to_citation: String,
    source: String,
}

struct OtherVersion {
    date: String,
    href: String,
    status_kind: &'static str,
    status_text: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "law/provision.html")]
struct ProvisionPage {
    shell: Shell,
    code: String,
    pinned_code: String,
    citation: String,
    kind: String,
    version_id: String,
    law_title: String,
    context_href: String,
    status_kind: &'static str,
    status_text: String,
    window: String,
    paragraphs: Vec<String>,
    cites: Vec<EdgeView>,
    cited_by: Vec<EdgeView>,
    versions: Vec<OtherVersion>,
    json_href: String,
}

fn kind_label(ctx: &Ctx, k: Kind) -> String {
    ctx.t(k.unit(), k.name()).to_string()
}

/// `GET /law/{law}/{code}?v=YYYY-MM-DD`: one provision with its text, version, citation and
/// cross-references.
pub async fn provision_page(
    ctx: Ctx,
    State(st): State<AppState>,
    Path((law, path)): Path<(String, String)>,
    Query(p): Query<VersionParams>,
) -> Page {
    let corpus = st.corpus();
    let today = Date::today();
    let (name, pin) = match law.split_once('@') {
        Some((n, d)) => (n.to_string(), d.to_string()),
        None => (law.clone(), p.v.trim().to_string()),
    };
    let raw = format!("{name}/{path}");
    let parsed: ProvisionCode = match raw.parse() {
        Ok(c) => c,
        Err(e) => return Ok(law_error(&ctx, LawError::Code(e), &name)),
    };
    let Some(l) = corpus.law(&parsed.law) else {
        return Ok(law_error(
            &ctx,
            LawError::UnknownLaw(parsed.law.clone()),
            &name,
        ));
    };
    let version = match pick_version(l, &pin, today) {
        Ok(v) => v,
        Err(e) => return Ok(law_error(&ctx, e, &name)),
    };
    let pinned = ProvisionCode {
        law: l.code.clone(),
        version: Some(version.date),
        path: parsed.path.clone(),
    };
    let prov = match corpus.provision(&pinned, None) {
        Ok(p) => p,
        Err(e) => return Ok(law_error(&ctx, e, &name)),
    };
    let is_current = std::ptr::eq(version, l.current(today));
    let date = version.date.to_string();
    let pin_q = (!is_current).then_some(date.as_str());
    let xref = corpus.cross_refs();
    let unversioned = pinned.unversioned();
    let cites = xref
        .cites(&unversioned)
        .filter(|e| e.from_version == version.id)
        .map(|e| edge_view(&corpus, e))
        .collect();
    // Citations of this unit or of anything inside it, from any version.
    let inside: BTreeSet<String> = version
        .get(&parsed.path)
        .map(|n| n.walk().map(|u| format!("{}/{}", l.code, u.code)).collect())
        .unwrap_or_default();
    let mut cited_by: Vec<EdgeView> = inside
        .iter()
        .flat_map(|c| xref.cited_by(c))
        .map(|e| edge_view(&corpus, e))
        .collect();
    cited_by.sort_by(|a, b| (&a.from_version, &a.from).cmp(&(&b.from_version, &b.from)));
    cited_by.dedup_by(|a, b| a.from == b.from && a.to == b.to && a.from_version == b.from_version);
    let status = version.status_on(today);
    let page = ProvisionPage {
        shell: law_shell(
            &ctx,
            (&prov.citation, &prov.citation),
            &[
                ("法律法规", "Laws", None),
                ("法规库", "Statutes", Some("/law")),
                (&l.title, &l.title, Some(&law_href(&l.code, None))),
            ],
        ),
        pinned_code: pinned.to_string(),
        citation: prov.citation.clone(),
        kind: kind_label(&ctx, prov.kind),
        version_id: prov.version.clone(),
        law_title: l.title.clone(),
        context_href: format!(
            "{}#{}",
            law_href(&l.code, (!is_current).then_some(version)),
            fazhi_law::code::path_string(&parsed.path)
        ),
        status_kind: status_kind(status),
        status_text: status_label(&ctx, status),
        window: window(&ctx, version),
        paragraphs: prov.text.lines().map(str::to_string).collect(),
        cites,
        cited_by,
        versions: l
            .versions
            .iter()
            .filter(|v| v.get(&parsed.path).is_some())
            .map(|v| {
                let s = v.status_on(today);
                OtherVersion {
                    date: v.date.to_string(),
                    href: provision_href(&prov.code, Some(&v.date.to_string())),
                    status_kind: status_kind(s),
                    status_text: status_label(&ctx, s),
                    current: std::ptr::eq(v, version),
                }
            })
            .collect(),
        json_href: format!(
            "/api/v1/law/provisions/{}/{}{}",
            enc(&l.code),
            enc(&fazhi_law::code::path_string(&parsed.path)),
            pin_q.map(|d| format!("?v={d}")).unwrap_or_default()
        ),
        code: prov.code,
    };
    Ok(render(&page)?)
}

fn edge_view(corpus: &fazhi_law::Corpus, e: &fazhi_law::Edge) -> EdgeView {
    let from_date = version_date(&e.from_version);
    EdgeView {
        from_href: provision_href(&e.from, Some(from_date)),
        from: e.from.clone(),
        from_version: e.from_version.clone(),
        to_href: provision_href(&e.to, None),
        to_citation: corpus
            .lookup(&e.to, None)
            .map(|p| p.citation)
            .unwrap_or_default(),
        to: e.to.clone(),
        source: e.source.clone(),
    }
}

// ---------------------------------------------------------------- /law/search

#[derive(Deserialize, Default)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    law: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    page: String,
}

struct HitView {
    citation: String,
    href: String,
    unit: String,
    unit_href: String,
    version: String,
    level: String,
    status_kind: &'static str,
    status_text: String,
    snippet: String,
}

struct Opt {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "law/search.html")]
struct SearchPage {
    shell: Shell,
    q: String,
    law_opts: Vec<Opt>,
    level_opts: Vec<Opt>,
    status_opts: Vec<Opt>,
    searched: bool,
    partial: bool,
    hits: Vec<HitView>,
    pager: Pager,
    error: Option<String>,
}

/// `GET /law/search?q=&law=&level=&status=&page=`.
pub async fn search(ctx: Ctx, State(st): State<AppState>, Query(p): Query<SearchParams>) -> Page {
    let corpus = st.corpus();
    let q = clip(&p.q, MAX_QUERY);
    let law = p.law.trim().to_string();
    let level = Level::parse(&p.level);
    let status = Status::parse(&p.status);
    let page: usize = p
        .page
        .trim()
        .parse()
        .unwrap_or(1)
        .clamp(1, MAX_RESULTS / PAGE_SIZE);
    let mut error = None;
    let mut hits = Vec::new();
    let mut total = 0;
    let mut partial = false;
    if !law.is_empty() && corpus.law(&law).is_none() {
        let e = LawError::UnknownLaw(law.clone());
        let (zh, en) = messages(&e);
        error = Some(ctx.t(&zh, &en).to_string());
    } else if !q.is_empty() {
        let res = corpus.search(
            &q,
            &SearchFilters {
                law: (!law.is_empty()).then(|| law.clone()),
                level,
                status,
                on: None,
                limit: Some(page * PAGE_SIZE),
            },
        );
        total = res.total.min(MAX_RESULTS);
        partial = res.partial;
        hits = res
            .hits
            .into_iter()
            .skip((page - 1) * PAGE_SIZE)
            .map(|h| {
                let d = version_date(&h.version).to_string();
                let law_code = h.code.split('/').next().unwrap_or_default().to_string();
                let art = h.code.split_once('/').map(|x| x.1).unwrap_or_default();
                let current = corpus
                    .law(&law_code)
                    .map(|l| l.current(Date::today()).id == h.version)
                    .unwrap_or(false);
                let pin = (!current).then_some(d.as_str());
                HitView {
                    href: format!(
                        "{}#{}",
                        if current {
                            format!("/law/{}", enc(&law_code))
                        } else {
                            format!("/law/{}?v={d}", enc(&law_code))
                        },
                        art
                    ),
                    unit_href: provision_href(&h.unit, pin),
                    citation: h.citation,
                    unit: h.unit,
                    version: h.version,
                    level: level_label(&ctx, h.level),
                    status_kind: status_kind(h.status),
                    status_text: status_label(&ctx, h.status),
                    snippet: snippet_html(&h.snippet, &h.highlights),
                }
            })
            .collect();
    }
    let qs = format!(
        "q={}&law={}&level={}&status={}",
        enc(&q),
        enc(&law),
        enc(p.level.trim()),
        enc(p.status.trim())
    );
    let mut law_opts: Vec<Opt> = corpus
        .laws
        .iter()
        .map(|l| Opt {
            value: l.code.clone(),
            label: l.code.clone(),
            selected: corpus.law(&law).is_some_and(|x| x.code == l.code),
        })
        .collect();
    law_opts.sort_by(|a, b| a.value.cmp(&b.value));
    let level_opts = LEVELS
        .iter()
        .map(|&l| Opt {
            value: l.zh().into(),
            label: level_label(&ctx, l),
            selected: level == Some(l),
        })
        .collect();
    let status_opts = [
        Status::InForce,
        Status::NotYetInForce,
        Status::Amended,
        Status::Repealed,
    ]
    .iter()
    .map(|&s| Opt {
        value: s.zh().into(),
        label: status_label(&ctx, s),
        selected: status == Some(s),
    })
    .collect();
    Ok(render(&SearchPage {
        shell: law_shell(
            &ctx,
            ("法规检索", "Search statutes"),
            &[("法律法规", "Laws", None)],
        ),
        searched: !q.is_empty() && error.is_none(),
        q,
        law_opts,
        level_opts,
        status_opts,
        partial,
        hits,
        pager: Pager::new(total as i64, page as i64, PAGE_SIZE as i64, |n| {
            format!("/law/search?{qs}&page={n}")
        }),
        error,
    })?)
}

// ---------------------------------------------------------------- /law/diff

#[derive(Deserialize, Default)]
pub struct DiffParams {
    #[serde(default)]
    a: String,
    #[serde(default)]
    b: String,
    #[serde(default)]
    law: String,
    #[serde(default)]
    show: String,
}

struct VersionGroup {
    law: String,
    options: Vec<(String, String, bool, bool)>,
}

struct ChangeView {
    label: String,
    code: String,
    href: String,
    change: &'static str,
    change_kind: &'static str,
    change_text: String,
    old: String,
    new: String,
    parts: usize,
}

struct Filter {
    label: String,
    href: String,
    count: usize,
    current: bool,
}

#[derive(Template)]
#[template(path = "law/diff.html")]
struct DiffPage {
    shell: Shell,
    groups: Vec<VersionGroup>,
    multi: Vec<(String, String)>,
    result: bool,
    from: String,
    to: String,
    from_href: String,
    to_href: String,
    filters: Vec<Filter>,
    changes: Vec<ChangeView>,
    units_changed: usize,
    error: Option<(String, String)>,
}

/// `GET /law/diff?a=行政复议法@2017-09-01&b=行政复议法@2023-09-01` (or `?law=行政复议法`:
/// its oldest and newest versions).
pub async fn diff(ctx: Ctx, State(st): State<AppState>, Query(p): Query<DiffParams>) -> Response {
    let corpus = st.corpus();
    let (mut a, mut b) = (clip(&p.a, 100), clip(&p.b, 100));
    if a.is_empty()
        && b.is_empty()
        && let Some(l) = corpus.law(p.law.trim())
    {
        a = l.versions[0].id.clone();
        b = l.latest().id.clone();
    }
    let (groups, multi) = version_pickers(&corpus, &a, &b);
    let mut page = DiffPage {
        shell: law_shell(
            &ctx,
            ("版本对照", "Compare versions"),
            &[("法律法规", "Laws", None)],
        ),
        groups,
        multi,
        result: false,
        from: String::new(),
        to: String::new(),
        from_href: String::new(),
        to_href: String::new(),
        filters: Vec::new(),
        changes: Vec::new(),
        units_changed: 0,
        error: None,
    };
    let mut status = axum::http::StatusCode::OK;
    if !a.is_empty() || !b.is_empty() {
        match corpus.diff(&a, &b) {
            Ok(d) => {
                let show = match p.show.as_str() {
                    "added" => Some(ChangeKind::Added),
                    "removed" => Some(ChangeKind::Removed),
                    "changed" => Some(ChangeKind::Changed),
                    _ => None,
                };
                let count = |k: Option<ChangeKind>| {
                    d.articles()
                        .filter(|c| k.is_none_or(|k| c.change == k))
                        .count()
                };
                let base = format!("/law/diff?a={}&b={}", enc(&d.from), enc(&d.to));
                let filter = |zh: &str, en: &str, key: &str, k: Option<ChangeKind>| Filter {
                    label: ctx.t(zh, en).into(),
                    href: if key.is_empty() {
                        base.clone()
                    } else {
                        format!("{base}&show={key}")
                    },
                    count: count(k),
                    current: show == k,
                };
                page.filters = vec![
                    filter("全部", "All", "", None),
                    filter("新增", "Added", "added", Some(ChangeKind::Added)),
                    filter("删除", "Removed", "removed", Some(ChangeKind::Removed)),
                    filter("修改", "Changed", "changed", Some(ChangeKind::Changed)),
                ];
                let to_date = version_date(&d.to).to_string();
                let from_date = version_date(&d.from).to_string();
                page.changes = d
                    .articles()
                    .filter(|c| show.is_none_or(|k| c.change == k))
                    .map(|c| change_view(&ctx, &d, c, &from_date, &to_date))
                    .collect();
                page.units_changed = d.changes.len();
                let href = |id: &str| {
                    corpus
                        .find_version(id)
                        .map(|(l, v)| law_href(&l.code, Some(v)))
                        .unwrap_or_default()
                };
                page.from_href = href(&d.from);
                page.to_href = href(&d.to);
                page.from = d.from;
                page.to = d.to;
                page.result = true;
            }
            Err(e) => {
                status = law_status(&e);
                page.error = Some(messages(&e));
            }
        }
    }
    match render(&page) {
        Ok(r) => (status, r).into_response(),
        Err(e) => ctx.respond(Err(e)),
    }
}

/// The version pickers of the comparison form (every law's versions, `a` and `b` selected) and
/// the links to the laws that have more than one version.
fn version_pickers(
    corpus: &Corpus,
    a: &str,
    b: &str,
) -> (Vec<VersionGroup>, Vec<(String, String)>) {
    let groups = corpus
        .laws
        .iter()
        .map(|l| VersionGroup {
            law: l.code.clone(),
            options: l
                .versions
                .iter()
                .map(|v| (v.id.clone(), v.date.to_string(), v.id == a, v.id == b))
                .collect(),
        })
        .collect();
    let multi = corpus
        .laws
        .iter()
        .filter(|l| l.versions.len() > 1)
        .map(|l| {
            (
                l.code.clone(),
                format!(
                    "/law/diff?a={}&b={}",
                    enc(&l.versions[0].id),
                    enc(&l.latest().id)
                ),
            )
        })
        .collect();
    (groups, multi)
}

/// One changed article: old and new text with the changes marked, and its link at the version
/// where it can be read (the old one when it was removed).
fn change_view(ctx: &Ctx, d: &Diff, c: &Change, from_date: &str, to_date: &str) -> ChangeView {
    let (old, new) = match (&c.old, &c.new) {
        (Some(o), Some(n)) => diff_html(o, n),
        (o, n) => (
            super::text::escape(o.as_deref().unwrap_or("")),
            super::text::escape(n.as_deref().unwrap_or("")),
        ),
    };
    let (change, change_kind, zh, en) = match c.change {
        ChangeKind::Added => ("added", "ok", "新增", "added"),
        ChangeKind::Removed => ("removed", "danger", "删除", "removed"),
        ChangeKind::Changed => ("changed", "warn", "修改", "changed"),
    };
    let prefix = format!("{}__", c.code);
    let at = if c.change == ChangeKind::Removed {
        from_date
    } else {
        to_date
    };
    ChangeView {
        label: c.label.clone(),
        code: c.code.clone(),
        href: provision_href(&c.code, Some(at)),
        change,
        change_kind,
        change_text: ctx.t(zh, en).into(),
        old: old.replace('\n', "<br>"),
        new: new.replace('\n', "<br>"),
        parts: d
            .changes
            .iter()
            .filter(|x| x.code.starts_with(&prefix))
            .count(),
    }
}

// ---------------------------------------------------------------- /law/cite

#[derive(Deserialize, Default)]
pub struct CiteParams {
    #[serde(default)]
    text: String,
    #[serde(default)]
    context: String,
    #[serde(default)]
    on: String,
}

struct ResolvedView {
    code: String,
    href: String,
    citation: String,
    text: Vec<String>,
    version: String,
    source: String,
}

#[derive(Template)]
#[template(path = "law/cite.html")]
struct CitePage {
    shell: Shell,
    text: String,
    context: String,
    on: String,
    resolved: Vec<ResolvedView>,
    errors: Vec<(String, String)>,
}

/// `GET /law/cite?text=…[&context=CODE][&on=DATE]`: every citation in the text, resolved.
pub async fn cite(ctx: Ctx, State(st): State<AppState>, Query(p): Query<CiteParams>) -> Response {
    let corpus = st.corpus();
    let text = clip(&p.text, MAX_CITE_TEXT);
    let context = clip(&p.context, 200);
    let on = clip(&p.on, 10);
    let mut resolved = Vec::new();
    let mut errors = Vec::new();
    let submitted = !text.is_empty();
    if submitted {
        match super::api::resolve_opts(&context, &on) {
            Ok(opts) => {
                let r = corpus.resolve(&text, &opts);
                if r.resolved.is_empty() && r.errors.is_empty() {
                    let e = LawError::NothingResolvable(text.clone());
                    errors.push(messages(&e));
                }
                errors.extend(r.errors.iter().map(messages));
                resolved = r
                    .resolved
                    .into_iter()
                    .map(|x| ResolvedView {
                        href: provision_href(&x.code, Some(version_date(&x.version))),
                        code: x.code,
                        citation: x.citation,
                        text: x.text.lines().map(str::to_string).collect(),
                        version: x.version,
                        source: x.source,
                    })
                    .collect();
            }
            Err(e) => errors.push((e.zh, e.en)),
        }
    }
    let status = if submitted && resolved.is_empty() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let page = CitePage {
        shell: law_shell(
            &ctx,
            ("引用解析", "Resolve citations"),
            &[("法律法规", "Laws", None)],
        ),
        text,
        context,
        on,
        resolved,
        errors,
    };
    match render(&page) {
        Ok(r) => (status, r).into_response(),
        Err(e) => ctx.respond(Err(e)),
    }
}
