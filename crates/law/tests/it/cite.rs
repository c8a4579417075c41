//! Citation resolver: every citation form, and the failures.

use crate::common::corpus;
use fazhi_law::corpus::ManifestEntry;
use fazhi_law::{Corpus, LawError, Level, ProvisionCode, ResolveOptions, parse_statute};
use std::path::PathBuf;

fn codes(text: &str, ctx: Option<&str>) -> Vec<String> {
    let opts = ResolveOptions {
        context: ctx.map(|c| c.parse::<ProvisionCode>().unwrap()),
        on: None,
    };
    match corpus().resolve_strict(text, &opts) {
        Ok(v) => v.into_iter().map(|r| r.code).collect(),
        Err(e) => panic!("{text}: {e}"),
    }
}

fn error(text: &str, ctx: Option<&str>) -> LawError {
    let opts = ResolveOptions {
        context: ctx.map(|c| c.parse::<ProvisionCode>().unwrap()),
        on: None,
    };
    corpus().resolve_strict(text, &opts).expect_err(text)
}

#[test]
fn full_title_with_paragraph() {
    let r = corpus()
        .resolve_strict(
            "《中华人民共和国行政处罚法》第三十三条第一款",
            &ResolveOptions::default(),
        )
        .unwrap();
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].code, "行政处罚法/art_33__para_1");
    assert_eq!(
        r[0].citation,
        "《中华人民共和国行政处罚法》第三十三条第一款"
    );
    assert_eq!(
        r[0].text,
        "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。初次违法且危害后果轻微并及时改正的，可以不予行政处罚。"
    );
    assert_eq!(r[0].version, "行政处罚法@2021-01-22");
}

#[test]
fn short_title_and_article_text() {
    let r = corpus()
        .resolve_strict("依据《行政处罚法》第九条", &ResolveOptions::default())
        .unwrap();
    assert_eq!(r[0].code, "行政处罚法/art_9");
    assert_eq!(r[0].citation, "《中华人民共和国行政处罚法》第九条");
    assert!(
        r[0].text
            .starts_with("行政处罚的种类：\n（一）警告、通报批评；\n（二）罚款"),
        "{}",
        r[0].text
    );
}

#[test]
fn item_in_context_law() {
    // 第三十二条第（一）项 names no paragraph: the code gets the paragraph holding the item.
    assert_eq!(
        codes("第三十二条第（一）项", Some("行政处罚法/art_1")),
        ["行政处罚法/art_32__para_1__item_1"]
    );
    let r = corpus()
        .resolve_strict(
            "第三十二条第（一）项",
            &ResolveOptions::in_context("行政处罚法/art_1".parse().unwrap()),
        )
        .unwrap();
    assert_eq!(
        r[0].citation,
        "《中华人民共和国行政处罚法》第三十二条第一款第（一）项"
    );
    assert_eq!(r[0].text, "主动消除或者减轻违法行为危害后果的；");
    // Items without parentheses, and ASCII parentheses.
    assert_eq!(
        codes("《行政处罚法》第九条第二项", None),
        ["行政处罚法/art_9__para_1__item_2"]
    );
    assert_eq!(
        codes("《行政处罚法》第九条第(二)项", None),
        ["行政处罚法/art_9__para_1__item_2"]
    );
}

#[test]
fn ranges_expand() {
    assert_eq!(
        codes("《行政处罚法》第十五条至第十七条", None),
        [
            "行政处罚法/art_15",
            "行政处罚法/art_16",
            "行政处罚法/art_17"
        ]
    );
    assert_eq!(
        codes("《行政处罚法》第九条第（一）项至第（三）项", None),
        [
            "行政处罚法/art_9__para_1__item_1",
            "行政处罚法/art_9__para_1__item_2",
            "行政处罚法/art_9__para_1__item_3"
        ]
    );
}

#[test]
fn this_law_reference() {
    assert_eq!(
        codes(
            "依照本法第二十八条的规定",
            Some("行政处罚法/art_40__para_1")
        ),
        ["行政处罚法/art_28"]
    );
    // 本条例 in a regulation.
    assert_eq!(
        codes("本条例第二条", Some("政府信息公开条例/art_1")),
        ["政府信息公开条例/art_2"]
    );
}

#[test]
fn relative_paragraph_references() {
    // 行政许可法 第六十九条第三款: 依照前两款的规定撤销行政许可…
    assert_eq!(
        codes("依照前两款的规定", Some("行政许可法/art_69__para_3")),
        ["行政许可法/art_69__para_1", "行政许可法/art_69__para_2"]
    );
    assert_eq!(
        codes("前款", Some("行政许可法/art_69__para_2")),
        ["行政许可法/art_69__para_1"]
    );
    assert_eq!(
        codes("前款第（二）项", Some("行政许可法/art_69__para_2")),
        ["行政许可法/art_69__para_1__item_2"]
    );
    assert_eq!(
        codes("本条第二款", Some("行政许可法/art_69__para_3")),
        ["行政许可法/art_69__para_2"]
    );
    assert_eq!(
        codes("本条第二款、第三款", Some("行政许可法/art_69__para_1")),
        ["行政许可法/art_69__para_2", "行政许可法/art_69__para_3"]
    );
    assert_eq!(
        codes("前条", Some("行政许可法/art_69__para_1")),
        ["行政许可法/art_68"]
    );
    // 前款 in a first paragraph has nothing to point at.
    let e = error("前款", Some("行政许可法/art_69__para_1"));
    assert!(matches!(e, LawError::BadCitation { .. }), "{e}");
    assert!(e.message_zh().contains("前面没有"), "{e}");
    // Relative citations need a context.
    let e = error("前款", None);
    assert!(matches!(e, LawError::NoContext { .. }), "{e}");
    assert!(e.message_en().contains("needs the citing provision"), "{e}");
}

#[test]
fn lists_across_laws() {
    assert_eq!(
        codes(
            "《行政处罚法》第三十三条、第三十四条和《行政强制法》第十条",
            None
        ),
        [
            "行政处罚法/art_33",
            "行政处罚法/art_34",
            "行政强制法/art_10"
        ]
    );
    assert_eq!(
        codes("《中华人民共和国行政处罚法》第三十三条第一款、第二款", None),
        ["行政处罚法/art_33__para_1", "行政处罚法/art_33__para_2"]
    );
    // A sentence end resets the law: the second 第十条 is the context law's.
    assert_eq!(
        codes("《行政强制法》第十条。第十条", Some("行政处罚法/art_1")),
        ["行政强制法/art_10", "行政处罚法/art_10"]
    );
}

#[test]
fn arabic_numerals_and_bare_title() {
    assert_eq!(
        codes("《行政处罚法》第33条第1款", None),
        ["行政处罚法/art_33__para_1"]
    );
    let r = corpus()
        .resolve_strict("《行政强制法》", &ResolveOptions::default())
        .unwrap();
    assert_eq!(r[0].code, "行政强制法");
    assert_eq!(r[0].text, "中华人民共和国行政强制法");
}

#[test]
fn failures_are_clear() {
    let e = error("《行政处罚法》第二百条", None);
    assert!(matches!(e, LawError::NoSuchProvision { .. }), "{e}");
    assert!(
        e.message_zh()
            .contains("《中华人民共和国行政处罚法》第二百条不存在"),
        "{e}"
    );
    assert!(
        e.message_en()
            .contains("no article 200 (it has articles 1–86)"),
        "{e}"
    );
    let e = error("《行政处罚法》第三十三条第五款", None);
    assert!(e.message_zh().contains("第三十三条第五款不存在"), "{e}");
    assert!(e.message_en().contains("no paragraph 5"), "{e}");
    let e = error("《行政处罚法》第九条第（九）项", None);
    assert!(e.message_en().contains("no item 9"), "{e}");
    let e = error("《中华人民共和国民法典》第一条", None);
    assert!(
        matches!(e, LawError::UnknownLaw(ref n) if n == "中华人民共和国民法典"),
        "{e}"
    );
    assert!(
        e.message_zh()
            .contains("法规库中没有《中华人民共和国民法典》"),
        "{e}"
    );
    assert!(e.message_en().contains("unknown law"), "{e}");
    let e = error("今天天气很好", None);
    assert!(matches!(e, LawError::NothingResolvable(_)), "{e}");
    assert_eq!(e.code(), "nothing_resolvable");
    let e = error("第十条", None);
    assert!(matches!(e, LawError::NoContext { .. }), "{e}");
    let e = error("《行政处罚法》第十七条至第十五条", None);
    assert!(matches!(e, LawError::BadCitation { .. }), "{e}");
}

/// 第X条之一 does not occur in the shared corpus, so a small corpus has one.
#[test]
fn article_zhi_yi() {
    let st = parse_statute(
        "# 中华人民共和国示例法\n2020年1月1日 通过\n<!-- INFO END -->\n第一条 甲。\n第二条 乙。\n第二条之一 乙之一：\n（一）子；\n（二）丑。\n第三条 丙。",
        "示例法(2020-01-01).md",
    );
    assert!(st.warnings.is_empty(), "{:?}", st.warnings);
    let entry = ManifestEntry {
        title: st.title.clone(),
        level: Some(Level::Law),
        notes: String::new(),
    };
    let c = Corpus::from_statutes(vec![(PathBuf::from("x"), st, Some(entry))]);
    let opts = ResolveOptions::default();
    let r = c
        .resolve_strict("《示例法》第二条之一第（二）项", &opts)
        .unwrap();
    assert_eq!(r[0].code, "示例法/art_2_1__para_1__item_2");
    assert_eq!(
        r[0].citation,
        "《中华人民共和国示例法》第二条之一第一款第（二）项"
    );
    assert_eq!(r[0].text, "丑。");
    let all: Vec<String> = c
        .resolve_strict("《示例法》第一条至第三条", &opts)
        .unwrap()
        .into_iter()
        .map(|r| r.code)
        .collect();
    assert_eq!(
        all,
        [
            "示例法/art_1",
            "示例法/art_2",
            "示例法/art_2_1",
            "示例法/art_3"
        ]
    );
}

#[test]
fn cross_reference_graph() {
    let g = corpus().cross_refs();
    assert!(g.edges.len() > 1000, "{} edges", g.edges.len());
    // 行政处罚法 第三十七条 … and within-law: 固体废物污染环境防治法 第一百一十八条 cites 本条第二款.
    let hits: Vec<_> = g
        .cited_by("行政许可法/art_69__para_1")
        .filter(|e| e.from == "行政许可法/art_69__para_3")
        .collect();
    assert_eq!(hits.len(), 1);
    // Cross-law edges exist: some regulation cites 《中华人民共和国行政处罚法》.
    assert!(
        g.edges
            .iter()
            .any(|e| e.to.starts_with("行政处罚法/") && !e.from.starts_with("行政处罚法/"))
    );
    // Outgoing edges of an article.
    let art: ProvisionCode = "行政许可法/art_69".parse().unwrap();
    assert!(g.cites(&art).any(|e| e.to == "行政许可法/art_69__para_2"));
    // Unresolved ones are mostly laws outside the corpus.
    assert!(g.unresolved.iter().any(|(_, m)| m.contains("unknown law")));
}

#[test]
fn titles_without_book_marks() {
    // 食品安全法实施条例 cites 食品安全法 without 《》.
    assert_eq!(
        codes(
            "依照食品安全法第一百二十六条的规定",
            Some("食品安全法实施条例/art_67__para_1")
        ),
        ["食品安全法/art_126"]
    );
    // A law outside the corpus written without 《》 is not taken for the context law.
    let e = error(
        "依照刑事诉讼法第一百七十三条的规定",
        Some("国家赔偿法/art_1"),
    );
    assert!(
        matches!(e, LawError::UnknownLaw(ref n) if n == "刑事诉讼法"),
        "{e}"
    );
}

#[test]
fn bare_item_means_the_articles_list() {
    // 公司法 第一百六十二条第三款: 属于第一项情形的 → the items of 第一款.
    assert_eq!(
        codes("属于第一项情形的", Some("公司法/art_162__para_3")),
        ["公司法/art_162__para_1__item_1"]
    );
    // 前款第一项、第二项 inherits 前款 for the second item.
    assert_eq!(
        codes("前款第一项、第二项", Some("公司法/art_162__para_2")),
        [
            "公司法/art_162__para_1__item_1",
            "公司法/art_162__para_1__item_2"
        ]
    );
}

#[test]
fn old_regulation_cites_the_version_of_its_time() {
    // 行政复议法实施条例 (2007) cites 行政复议法 by its pre-2023 numbering.
    let opts = ResolveOptions {
        context: Some("行政复议法实施条例/art_1".parse().unwrap()),
        on: None,
    };
    let r = corpus().resolve_strict(
        "依照《中华人民共和国行政复议法》第二十八条第一款第（三）项",
        &opts,
    );
    // Without a date the context law is current, and other laws are taken at the citing
    // version's effective date (2007), i.e. the oldest loaded 行政复议法 (2017).
    let r = r.unwrap();
    assert_eq!(r[0].version, "行政复议法@2017-09-01");
    assert_eq!(r[0].code, "行政复议法/art_28__para_1__item_3");
}

#[test]
fn statute_sentence_with_ranges_and_lists() {
    // 食品安全法实施条例 第六十七条 and 第七十条, as written.
    let got = codes(
        "属于食品安全法第一百二十三条至第一百二十六条、第一百三十二条以及本条例第七十二条、第七十三条规定的情节严重情形",
        Some("食品安全法实施条例/art_67__para_1"),
    );
    assert_eq!(
        got,
        [
            "食品安全法/art_123",
            "食品安全法/art_124",
            "食品安全法/art_125",
            "食品安全法/art_126",
            "食品安全法/art_132",
            "食品安全法实施条例/art_72",
            "食品安全法实施条例/art_73"
        ]
    );
    let got = codes(
        "不符合食品安全法第三十三条第一款第五项、第七项至第十项的规定",
        Some("食品安全法实施条例/art_70__para_1"),
    );
    assert_eq!(
        got,
        [
            "食品安全法/art_33__para_1__item_5",
            "食品安全法/art_33__para_1__item_7",
            "食品安全法/art_33__para_1__item_8",
            "食品安全法/art_33__para_1__item_9",
            "食品安全法/art_33__para_1__item_10"
        ]
    );
}
