//! Pages and API of the flexible-enforcement lists (柔性执法三张清单): the lists by domain and
//! kind (console and public portal), the check form that evaluates a case's facts with the trace,
//! and JSON under /api/v1/leniency.

mod api;
mod pages;

use fazhi_core::leniency::{Domain, Entry, ListKind, entries};
use fazhi_law::Corpus;

use crate::ctx::enc;
use crate::routes::{Access as A, NavGroup as N, Route, ScopeRule as S};

/// Routes of the module.
pub fn routes() -> Vec<Route> {
    use fazhi_core::auth::Permission as P;
    vec![
        Route::get("/leniency", A::Perm(P::ViewCases), S::Open, pages::lists).nav(
            N::Cases,
            "柔性执法清单",
            "Flexible-enforcement lists",
        ),
        Route::get(
            "/leniency/check",
            A::Perm(P::ViewCases),
            S::Open,
            pages::check_form,
        ),
        Route::post_query(
            "/leniency/check",
            A::Perm(P::ViewCases),
            S::Open,
            pages::check,
        ),
        Route::get("/portal/leniency", A::Public, S::Open, pages::portal),
        Route::get("/api/v1/leniency/entries", A::Public, S::Open, api::entries),
        Route::post_query(
            "/api/v1/leniency/evaluate",
            A::Perm(P::ViewCases),
            S::Open,
            api::evaluate,
        ),
    ]
}

/// A provision as a link to its statute page, labelled with its citation when it resolves.
pub(crate) struct Link {
    pub code: String,
    pub href: String,
    pub label: String,
}

pub(crate) fn link(corpus: &Corpus, code: &str) -> Link {
    let href = match code.split_once('/') {
        Some((law, path)) => format!("/law/{}/{path}", enc(law)),
        None => format!("/law/{}", enc(code)),
    };
    Link {
        code: code.to_string(),
        href,
        label: corpus
            .lookup(code, None)
            .map(|p| p.citation)
            .unwrap_or_else(|_| code.to_string()),
    }
}

pub(crate) struct EntryView {
    pub id: String,
    pub kind: String,
    pub kind_tag: &'static str,
    pub violation: String,
    pub penalised: Vec<Link>,
    /// (condition text, provision link).
    pub conditions: Vec<(String, Link)>,
    pub provisions: Vec<Link>,
    pub measures: String,
    /// Non-empty when a cited provision has left force (or will within 30 days): the entry then
    /// serves only acts before that day (第三十七条).
    pub lapse: String,
}

pub(crate) struct KindView {
    pub label: String,
    pub entries: Vec<EntryView>,
}

pub(crate) struct DomainView {
    pub key: &'static str,
    pub label: &'static str,
    pub count: usize,
    pub kinds: Vec<KindView>,
}

pub(crate) fn kind_tag(k: ListKind) -> &'static str {
    match k {
        ListKind::NoPenalty => "ok",
        ListKind::Mitigated => "info",
        ListKind::Lighter => "warn",
        ListKind::NoCompulsion => "muted",
    }
}

fn entry_view(corpus: &Corpus, e: &Entry, lang: &str) -> EntryView {
    EntryView {
        id: e.id.clone(),
        kind: e.kind.label(lang).to_string(),
        kind_tag: kind_tag(e.kind),
        violation: e.violation.clone(),
        penalised: e.penalised.iter().map(|c| link(corpus, c)).collect(),
        conditions: e
            .conditions
            .iter()
            .map(|c| (c.label(lang), link(corpus, c.provision(e.kind))))
            .collect(),
        provisions: e.provisions.iter().map(|c| link(corpus, c)).collect(),
        measures: e.measures.clone(),
        lapse: {
            let codes: Vec<String> = e.penalised.iter().chain(&e.provisions).cloned().collect();
            fazhi_core::law::currency::warnings_today(corpus, &codes, fazhi_core::time::today())
                .iter()
                .map(|c| {
                    if lang == "en" {
                        format!("{}; applies only to acts before that day", c.message_en())
                    } else {
                        format!("{}；仅适用于此前发生的违法行为", c.message_zh())
                    }
                })
                .collect::<Vec<_>>()
                .join("；")
        },
    }
}

/// The three lists of each domain (从轻 and 减轻 form the second list, 减轻 first).
pub(crate) fn domain_views(corpus: &Corpus, lang: &str) -> Vec<DomainView> {
    let all = entries();
    Domain::ALL
        .iter()
        .map(|d| {
            let lists: [(&[ListKind], (&str, &str)); 3] = [
                (&[ListKind::NoPenalty], ("不予处罚清单", "No-penalty list")),
                (
                    &[ListKind::Mitigated, ListKind::Lighter],
                    ("从轻、减轻处罚清单", "Lighter and mitigated penalty list"),
                ),
                (
                    &[ListKind::NoCompulsion],
                    ("免予行政强制清单", "No-compulsion list"),
                ),
            ];
            let kinds = lists
                .iter()
                .map(|(ks, (zh, en))| KindView {
                    label: if lang == "en" { *en } else { *zh }.to_string(),
                    entries: ks
                        .iter()
                        .flat_map(|k| {
                            all.iter()
                                .filter(move |e| e.domain == *d && e.kind == *k)
                                .map(|e| entry_view(corpus, e, lang))
                        })
                        .collect(),
                })
                .collect();
            DomainView {
                key: d.as_str(),
                label: d.label(lang),
                count: all.iter().filter(|e| e.domain == *d).count(),
                kinds,
            }
        })
        .collect()
}
