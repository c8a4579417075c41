//! Printable rendering of enforcement instruments (执法文书): a standalone A4 HTML page per
//! [`Instrument`], no PDF engine and no script (CSP forbids inline scripts; the browser's own
//! print command produces the paper or PDF copy).
//!
//! The footer prints the case number and the SM3 digest of the instrument's canonical JSON
//! ([`Instrument::digest`]), so a paper copy can be matched to the stored snapshot.

use askama::Template;
use axum::response::{Html, IntoResponse, Response};
use fazhi_core::Error;
use fazhi_core::cases::documents::Instrument;

#[derive(Template)]
#[template(path = "cases/instrument.html")]
struct InstrumentPage<'a> {
    i: &'a Instrument,
    digest: String,
    back_href: Option<&'a str>,
}

/// The instrument as a complete HTML page.
#[allow(dead_code)] // called by the case routes (crates/web/src/cases/mod.rs), wired separately
pub fn render(inst: &Instrument) -> Result<String, Error> {
    render_with_back(inst, None)
}

/// Like [`render`], with a screen-only "返回 Back" link to the case page.
#[allow(dead_code)] // called by the case routes, wired separately
pub fn render_with_back(inst: &Instrument, back_href: Option<&str>) -> Result<String, Error> {
    InstrumentPage {
        i: inst,
        digest: inst.digest(),
        back_href,
    }
    .render()
    .map_err(|e| Error::Internal(format!("template: {e}")))
}

/// The page as an HTTP response.
#[allow(dead_code)] // called by the case routes, wired separately
pub fn page(inst: &Instrument, back_href: Option<&str>) -> Result<Response, Error> {
    render_with_back(inst, back_href).map(|h| Html(h).into_response())
}

#[cfg(test)]
mod tests {
    use fazhi_core::cases::documents::{
        InstrumentKind, build, chinese_date, decision_number, sample_facts,
    };
    use fazhi_core::money::Money;

    use super::*;

    fn facts_for(kind: InstrumentKind) -> fazhi_core::cases::documents::CaseDocumentFacts {
        let mut f = sample_facts();
        if kind == InstrumentKind::SummaryDecision {
            // 第五十一条: an organisation, fine ≤ 3,000 yuan, warning or fine only.
            f.sanctions.fine = Some(Money::from_fen(20_000));
            f.sanctions.confiscation = None;
            f.sanctions.other.clear();
            f.document_numbers.insert(
                kind,
                decision_number("津滨市监", InstrumentKind::SummaryDecision, 2024, 7),
            );
        }
        f
    }

    #[test]
    fn renders_every_kind() {
        for kind in InstrumentKind::ALL {
            let inst = build(kind, &facts_for(kind)).expect("builds");
            let html = render(&inst).expect("renders");
            assert!(html.starts_with("<!DOCTYPE html>"), "{kind:?}");
            assert!(html.contains("@page { size: A4; margin: 25mm 20mm; }"));
            assert!(html.contains(kind.title_zh()), "{kind:?}");
            assert!(html.contains("天津市滨海新区市场监督管理局"));
            assert!(html.contains("BH-SJ-2024-000123"));
            assert!(html.contains(&inst.digest()), "{kind:?} footer digest");
            assert!(html.contains("打印 Print"));
            assert!(!html.contains("<script"), "CSP: no scripts");
            if let Some(n) = &inst.number {
                assert!(html.contains(n.as_str()), "{kind:?} number");
            }
            if let Some(s) = &inst.stub {
                assert!(html.contains(s.heading.as_str()));
            }
        }
    }

    #[test]
    fn decision_page_shows_figures_capital_basis_and_date() {
        let inst = build(InstrumentKind::Decision, &sample_facts()).expect("builds");
        let html = render_with_back(&inst, Some("/cases/1")).expect("renders");
        assert!(html.contains("津滨市监罚〔2024〕123号"));
        assert!(html.contains("50,000.00 元（大写：伍万元整）"));
        assert!(html.contains("食品安全法/art_124__para_1__item_5"));
        assert!(html.contains("《中华人民共和国行政复议法》第二十条第一款"));
        assert!(html.contains(&chinese_date(
            chrono::NaiveDate::from_ymd_opt(2024, 3, 5).expect("date")
        )));
        assert!(html.contains("href=\"/cases/1\""));
        // Askama escapes: the quotes of the provision text are plain characters, not markup.
        assert!(html.contains("“标注虚假生产日期"));
    }

    #[test]
    fn text_is_escaped() {
        let mut f = sample_facts();
        f.party.name = "<b>x</b>公司".to_string();
        let inst = build(InstrumentKind::PriorNotice, &f).expect("builds");
        let html = render(&inst).expect("renders");
        assert!(!html.contains("<b>x</b>"));
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt;公司") || html.contains("&#60;b&#62;"));
    }
}
