//! The standing of citations on a date, on the real corpus and its MANIFEST notes.

use fazhi_law::currency::lapse_events;
use fazhi_law::{Date, Lapse, ProvisionCode};

use crate::common::corpus;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn c(s: &str) -> ProvisionCode {
    s.parse().unwrap()
}

/// 生态环境法典 repeals 大气污染防治法 from 2026-08-15 (MANIFEST note); before that day the
/// article is good law, from it the citation lapses, and the successor is named although its
/// text is not in the corpus.
#[test]
fn repealed_environmental_law_lapses_on_the_day() {
    let code = c("大气污染防治法/art_99");
    assert_eq!(corpus().currency(&code, d("2026-08-14")), None);
    assert_eq!(corpus().currency(&code, d("2024-06-30")), None);
    let cur = corpus().currency(&code, d("2026-08-15")).expect("lapsed");
    assert_eq!(cur.lapse, Lapse::Repealed);
    assert_eq!(cur.since, d("2026-08-15"));
    let succ = cur.successor.as_ref().expect("successor named");
    assert_eq!(succ.name, "生态环境法典");
    assert!(!succ.in_corpus);
    assert!(cur.message_zh().contains("继受法律《生态环境法典》未入库"));
    assert!(cur.lapse.refuses());
    // Announced 30 days ahead.
    assert!(
        corpus()
            .currency_within(&code, d("2026-07-20"), 30)
            .is_some()
    );
    assert!(
        corpus()
            .currency_within(&code, d("2026-07-10"), 30)
            .is_none()
    );
}

/// 危险化学品安全法 applies from 2026-05-01 beside the 条例 (MANIFEST "see also"): the 条例 is
/// displaced (a warning), not repealed.
#[test]
fn chemical_safety_regulation_is_displaced_by_the_law() {
    let code = c("危险化学品安全管理条例/art_80");
    assert_eq!(corpus().currency(&code, d("2026-04-30")), None);
    let cur = corpus()
        .currency(&code, d("2026-05-01"))
        .expect("displaced");
    assert_eq!(cur.lapse, Lapse::Displaced);
    assert!(!cur.lapse.refuses());
    let succ = cur.successor.expect("named");
    assert_eq!(succ.name, "危险化学品安全法");
    assert!(succ.in_corpus);
}

/// An amended law stays good law for a unit the new version still has; the act-time and
/// current texts are both offered (第三十七条 从旧兼从轻).
#[test]
fn amended_law_offers_both_texts() {
    let code = c("食品安全法/art_124");
    assert_eq!(corpus().currency(&code, d("2026-12-03")), None);
    let two = corpus()
        .lex_mitior(&code, d("2025-06-01"), d("2026-12-03"))
        .expect("two versions");
    assert_eq!(two.then_version, "食品安全法@2021-04-29");
    assert_eq!(two.now_version, "食品安全法@2025-09-12");
    assert!(two.then_text.is_some() && two.now_text.is_some());
    assert!(
        corpus()
            .lex_mitior(&code, d("2026-01-01"), d("2026-12-03"))
            .is_none()
    );
}

/// A law not yet in force on the day.
#[test]
fn law_not_yet_in_force() {
    let cur = corpus()
        .currency(&c("危险化学品安全法/art_1"), d("2026-04-30"))
        .expect("not yet");
    assert_eq!(cur.lapse, Lapse::NotYetInForce);
    assert_eq!(cur.since, d("2026-05-01"));
    assert_eq!(
        corpus().currency(&c("行政处罚法/art_33"), d("2015-03-01")),
        None
    );
}

/// Every repeal the MANIFEST notes is an event, counted from the MANIFEST itself.
#[test]
fn lapse_events_follow_the_manifest() {
    let manifest = std::fs::read_to_string(crate::common::laws_dir().join("MANIFEST.tsv")).unwrap();
    let noted = manifest
        .lines()
        .filter(|l| l.contains("repealed from") || l.contains("see also"))
        .count();
    let events = lapse_events(corpus(), d("2099-12-31"));
    assert_eq!(events.len(), noted);
    assert!(
        lapse_events(corpus(), d("2024-06-30"))
            .iter()
            .all(|(_, _, day)| *day <= d("2024-06-30"))
    );
}
