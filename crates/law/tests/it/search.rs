//! Full-text search: matching, ranking, filters, snippets.

use crate::common::corpus;
use fazhi_law::{Date, Level, SearchFilters, Status};

fn current() -> SearchFilters {
    SearchFilters {
        status: Some(Status::InForce),
        on: Some("2026-11-01".parse().unwrap()),
        ..Default::default()
    }
}

#[test]
fn two_character_query_matches_and_highlights() {
    let r = corpus().search("罚款", &current());
    assert!(!r.partial);
    assert!(r.total > 300, "{}", r.total);
    assert_eq!(r.hits.len(), 20);
    for h in &r.hits {
        assert!(h.snippet.contains("【罚款】"), "{}", h.snippet);
        assert_eq!(h.status, Status::InForce);
        let (a, b) = h.highlights[0];
        assert_eq!(&h.snippet[a..b], "罚款");
    }
    // Ranked best first.
    assert!(r.hits.windows(2).all(|w| w[0].score >= w[1].score));
}

#[test]
fn phrase_ranks_the_defining_article_first() {
    let r = corpus().search("营业执照", &current());
    assert!(
        r.hits[0].code.starts_with("市场主体登记管理条例/")
            || r.hits[0].code.starts_with("公司法/"),
        "{:?}",
        r.hits[0].code
    );
    let r = corpus().search(
        "行政处罚的种类",
        &SearchFilters {
            law: Some("行政处罚法".into()),
            ..current()
        },
    );
    assert_eq!(r.hits[0].code, "行政处罚法/art_9");
    assert_eq!(r.hits[0].unit, "行政处罚法/art_9__para_1");
    assert_eq!(r.hits[0].citation, "《中华人民共和国行政处罚法》第九条");
}

#[test]
fn all_parts_must_match() {
    let r = corpus().search("食品 召回", &current());
    assert!(!r.hits.is_empty());
    for h in &r.hits {
        assert!(
            h.snippet.contains("食品") || h.code.starts_with("食品"),
            "{}",
            h.snippet
        );
    }
    assert!(r.hits.iter().any(|h| h.code == "食品安全法/art_63"));
}

#[test]
fn filters_by_law_level_and_status() {
    let c = corpus();
    let r = c.search(
        "罚款",
        &SearchFilters {
            law: Some("中华人民共和国行政处罚法".into()),
            ..current()
        },
    );
    assert!(r.hits.iter().all(|h| h.code.starts_with("行政处罚法/")));
    let r = c.search(
        "罚款",
        &SearchFilters {
            level: Some(Level::AdministrativeRegulation),
            ..current()
        },
    );
    assert!(!r.hits.is_empty());
    assert!(
        r.hits
            .iter()
            .all(|h| h.level == Level::AdministrativeRegulation)
    );
    // Superseded versions only: the 2012 治安管理处罚法 is 已修改 on 2026-11-01.
    let r = c.search(
        "行政拘留",
        &SearchFilters {
            status: Some(Status::Amended),
            ..current()
        },
    );
    assert!(
        r.hits
            .iter()
            .any(|h| h.version == "治安管理处罚法@2012-10-26")
    );
    assert!(r.hits.iter().all(|h| h.status == Status::Amended));
    // Repealed environmental laws on a date after 2026-08-15.
    let r = c.search(
        "排污",
        &SearchFilters {
            status: Some(Status::Repealed),
            on: Some(Date::new(2026, 9, 1).unwrap()),
            ..Default::default()
        },
    );
    assert!(!r.hits.is_empty());
    assert!(r.hits.iter().all(|h| h.status == Status::Repealed));
    // An unknown law filter finds nothing.
    assert!(
        c.search(
            "罚款",
            &SearchFilters {
                law: Some("无此法".into()),
                ..current()
            }
        )
        .hits
        .is_empty()
    );
}

#[test]
fn odd_queries() {
    let c = corpus();
    assert!(c.search("", &current()).hits.is_empty());
    assert!(c.search("   ", &current()).hits.is_empty());
    let one = c.search(
        "罚",
        &SearchFilters {
            limit: Some(5),
            ..current()
        },
    );
    assert_eq!(one.hits.len(), 5);
    assert!(one.hits[0].snippet.contains("【罚】"));
    // No article has every part: partial matches, flagged.
    let r = c.search("罚款 量子纠缠", &current());
    assert!(r.partial);
    assert!(!r.hits.is_empty());
    let r = c.search("zzzz", &current());
    assert!(r.hits.is_empty());
}
