//! Parser acceptance over every statute file.

use crate::common::{laws_dir, statute_files};
use fazhi_law::{Date, Kind, parse_file};
use std::collections::BTreeSet;

/// Article headings counted independently of the parser: lines that start with `第`, a run
/// of numeral characters, `条`, an optional `之…`, then a space, U+3000 or the end of line.
fn expected_articles(text: &str) -> usize {
    const NUM: &str = "〇零一二三四五六七八九十百千";
    let mut seen = BTreeSet::new();
    for raw in text.lines() {
        let line: String = raw.chars().filter(|&c| c != '\u{200B}').collect();
        let line = line.trim();
        let Some(rest) = line.strip_prefix('第') else {
            continue;
        };
        let num: String = rest.chars().take_while(|c| NUM.contains(*c)).collect();
        if num.is_empty() {
            continue;
        }
        let Some(after) = rest[num.len()..].strip_prefix('条') else {
            continue;
        };
        let (sub, after) = match after.strip_prefix('之') {
            Some(a) => {
                let s: String = a.chars().take_while(|c| NUM.contains(*c)).collect();
                let rest = &a[s.len()..];
                (s, rest)
            }
            None => (String::new(), after),
        };
        if after.is_empty() || after.starts_with([' ', '\u{3000}']) {
            seen.insert((num, sub));
        }
    }
    seen.len()
}

#[test]
fn every_file_parses_without_error_and_counts_match() {
    let files = statute_files();
    let listed = crate::common::manifest().len();
    assert!(listed > 0);
    assert_eq!(
        files.len(),
        listed,
        "every file of MANIFEST.tsv is in the folder"
    );
    for path in files {
        let st = parse_file(&path).expect("readable");
        assert!(st.errors.is_empty(), "{}: {:?}", st.file, st.errors);
        assert!(st.warnings.is_empty(), "{}: {:?}", st.file, st.warnings);
        let text = std::fs::read_to_string(&path).expect("utf-8");
        assert_eq!(st.article_count(), expected_articles(&text), "{}", st.file);
        assert!(st.article_count() > 0, "{}", st.file);
        assert!(!st.title.is_empty(), "{}", st.file);
        assert!(st.version.is_some(), "{}", st.file);
        // Every unit's code resolves back to it.
        for n in st.units() {
            assert_eq!(
                st.get(&n.code).map(|m| m.line),
                Some(n.line),
                "{} {}",
                st.file,
                n.code
            );
        }
    }
}

#[test]
fn known_article_counts() {
    let dir = laws_dir();
    for (file, n) in [
        ("行政处罚法(2021-01-22).md", 86),
        ("行政许可法(2019-04-23).md", 83),
        ("行政强制法(2011-06-30).md", 71),
        ("行政复议法(2017-09-01).md", 43),
        ("行政复议法(2023-09-01).md", 90),
        ("公司法(2023-12-29).md", 266),
        ("治安管理处罚法(2012-10-26).md", 119),
    ] {
        let st = parse_file(&dir.join(file)).unwrap();
        assert_eq!(st.article_count(), n, "{file}");
    }
}

#[test]
fn exact_text_of_known_provisions() {
    let st = parse_file(&laws_dir().join("行政处罚法(2021-01-22).md")).unwrap();
    assert_eq!(st.title, "中华人民共和国行政处罚法");
    assert_eq!(st.law, "行政处罚法");
    assert_eq!(
        st.get("art_33__para_1").unwrap().text,
        "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。初次违法且危害后果轻微并及时改正的，可以不予行政处罚。"
    );
    assert_eq!(
        st.get("art_33__para_2").unwrap().text,
        "当事人有证据足以证明没有主观过错的，不予行政处罚。法律、行政法规另有规定的，从其规定。"
    );
    assert_eq!(
        st.get("art_33__para_3").unwrap().text,
        "对当事人的违法行为依法不予行政处罚的，行政机关应当对当事人进行教育。"
    );
    assert!(st.get("art_33__para_4").is_none());
    let art9 = st.get("art_9").unwrap();
    assert_eq!(art9.num, "第九条");
    assert_eq!(st.get("art_9__para_1").unwrap().text, "行政处罚的种类：");
    let items: Vec<(&str, &str)> = st
        .get("art_9__para_1")
        .unwrap()
        .children
        .iter()
        .map(|i| (i.num.as_str(), i.text.as_str()))
        .collect();
    assert_eq!(
        items,
        vec![
            ("（一）", "警告、通报批评；"),
            ("（二）", "罚款、没收违法所得、没收非法财物；"),
            ("（三）", "暂扣许可证件、降低资质等级、吊销许可证件；"),
            (
                "（四）",
                "限制开展生产经营活动、责令停产停业、责令关闭、限制从业；"
            ),
            ("（五）", "行政拘留；"),
            ("（六）", "法律、行政法规规定的其他行政处罚。"),
        ]
    );
    assert_eq!(
        st.get("art_86__para_1").unwrap().text,
        "本法自2021年7月15日起施行。"
    );
    // Chapters, and 附则 is just a chapter.
    assert_eq!(st.get("chp_1").unwrap().text, "总则");
    let last_chapter = st.root.children.last().unwrap();
    assert_eq!(
        (
            last_chapter.kind,
            last_chapter.text.as_str(),
            last_chapter.code.as_str()
        ),
        (Kind::Chapter, "附则", "chp_8")
    );
    assert_eq!(st.get("chp_5__sec_1").unwrap().kind, Kind::Section);
    // Header dates.
    assert_eq!(st.history.len(), 4);
    assert_eq!(st.promulgated, Some(Date::new(1996, 3, 17).unwrap()));
    assert_eq!(st.last_amended, Some(Date::new(2021, 1, 22).unwrap()));
    assert_eq!(st.effective, Some(Date::new(2021, 7, 15).unwrap()));
}

#[test]
fn paragraph_after_items_and_subitems() {
    let dir = laws_dir();
    // 治安管理处罚法(2012) 第十条: items （一）–（四） then a second paragraph.
    let st = parse_file(&dir.join("治安管理处罚法(2012-10-26).md")).unwrap();
    assert_eq!(st.get("art_10__para_1").unwrap().children.len(), 4);
    assert_eq!(
        st.get("art_10__para_2").unwrap().text,
        "对违反治安管理的外国人，可以附加适用限期出境或者驱逐出境。"
    );
    // 行政复议法(2017) 第二十八条第一款第（三）项 has subitems 1.–5.
    let st = parse_file(&dir.join("行政复议法(2017-09-01).md")).unwrap();
    let item = st.get("art_28__para_1__item_3").unwrap();
    assert_eq!(item.children.len(), 5);
    assert_eq!(
        st.get("art_28__para_1__item_3__subitem_1").unwrap().text,
        "主要事实不清、证据不足的；"
    );
    assert_eq!(
        st.get("art_28__para_1__item_3__subitem_5").unwrap().num,
        "5."
    );
    // 行政复议法(2023): a U+200B line directly before 第一条.
    let st = parse_file(&dir.join("行政复议法(2023-09-01).md")).unwrap();
    assert!(
        st.get("art_1__para_1")
            .unwrap()
            .text
            .starts_with("为了防止和纠正违法的或者不当的行政行为")
    );
    assert_eq!(st.effective, Some(Date::new(2024, 1, 1).unwrap()));
    // ASCII (一) items in regulations.
    let st = parse_file(&dir.join("政府信息公开条例(2019-04-03).md")).unwrap();
    assert!(
        st.units()
            .any(|n| n.kind == Kind::Item && n.num.starts_with('('))
    );
    // Headings with U+3000 and inner spaces.
    let st = parse_file(&dir.join("噪声污染防治法(2021-12-24).md")).unwrap();
    assert_eq!(st.get("chp_1").unwrap().text, "总则");
}

#[test]
fn header_irregularities() {
    let dir = laws_dir();
    // 产品质量法: two amendments on one line become two entries.
    let st = parse_file(&dir.join("产品质量法(2018-12-29).md")).unwrap();
    assert_eq!(st.history.len(), 4, "{:?}", st.history);
    assert_eq!(st.history[2].date, Date::new(2009, 8, 27).unwrap());
    // 土地管理法: a wrapped entry is joined.
    let st = parse_file(&dir.join("土地管理法(2019-08-26).md")).unwrap();
    assert!(
        st.history.last().unwrap().event.ends_with("第三次修正"),
        "{:?}",
        st.history.last()
    );
    // 广告法: the 施行 line dates the 2015 revision, not the 2021 text.
    let st = parse_file(&dir.join("广告法(2021-04-29).md")).unwrap();
    assert!(st.history.iter().any(|h| h.effective));
    assert_eq!(st.effective, None);
    // 食品安全法(2025): `本次修正施行`.
    let st = parse_file(&dir.join("食品安全法(2025-09-12).md")).unwrap();
    assert_eq!(st.effective, Some(Date::new(2025, 12, 1).unwrap()));
    // 保障农民工工资支付条例: no history lines at all.
    let st = parse_file(&dir.join("保障农民工工资支付条例(2019-12-30).md")).unwrap();
    assert!(st.history.is_empty());
    assert!(st.errors.is_empty());
}

#[test]
fn parse_never_panics_on_arbitrary_input() {
    use proptest::prelude::*;
    let alphabet = prop::sample::select(vec![
        "第",
        "条",
        "之",
        "一",
        "十",
        "百",
        "零",
        "〇",
        "款",
        "项",
        "（",
        "）",
        "(",
        ")",
        "1",
        ".",
        "．",
        "#",
        "## ",
        "### ",
        " ",
        "\u{3000}",
        "\u{200B}",
        "\n",
        "\n\n",
        "编",
        "分编",
        "章",
        "节",
        "<!-- INFO END -->",
        "2021年1月22日 ",
        "施行",
        "a",
        "。",
        "根据",
        "２",
    ]);
    let strategy = prop::collection::vec(alphabet, 0..200).prop_map(|v| v.concat());
    proptest!(ProptestConfig::with_cases(2000), |(s in strategy)| {
        let st = fazhi_law::parse_statute(&s, "p.md");
        for n in st.units() {
            let _ = n.full_text();
        }
    });
    proptest!(ProptestConfig::with_cases(500), |(s in "\\PC{0,300}")| {
        let _ = fazhi_law::parse_statute(&s, "q.md");
    });
}
