//! CLI command functions: output and exit codes.

use crate::common::{corpus, laws_dir};
use fazhi_law::commands;
use fazhi_law::{ResolveOptions, SearchFilters};

fn run(f: impl FnOnce(&mut Vec<u8>) -> Result<i32, fazhi_law::LawError>) -> (i32, String) {
    let mut out = Vec::new();
    let code = f(&mut out).expect("command runs");
    (code, String::from_utf8(out).expect("utf-8 output"))
}

#[test]
fn parse_json_tree() {
    let path = laws_dir().join("行政处罚法(2021-01-22).md");
    let (code, out) = run(|o| commands::parse_file(&path, true, o));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["kind"], "law");
    assert_eq!(v["code"], "行政处罚法");
    assert_eq!(v["text"], "中华人民共和国行政处罚法");
    assert_eq!(v["version"], "行政处罚法@2021-01-22");
    assert_eq!(v["articles"], 86);
    let chp1 = &v["children"][0];
    assert_eq!(
        (
            chp1["kind"].as_str(),
            chp1["num"].as_str(),
            chp1["code"].as_str()
        ),
        (Some("chapter"), Some("第一章"), Some("行政处罚法/chp_1"))
    );
    // Every node has the five fields, and kinds are from the fixed set.
    fn check(n: &serde_json::Value) {
        for f in ["kind", "num", "code", "text", "children"] {
            assert!(n.get(f).is_some(), "missing {f} in {n}");
        }
        let kinds = [
            "law",
            "part",
            "subpart",
            "chapter",
            "section",
            "article",
            "paragraph",
            "item",
            "subitem",
        ];
        assert!(kinds.contains(&n["kind"].as_str().unwrap()));
        for c in n["children"].as_array().unwrap() {
            check(c);
        }
    }
    check(&v);
    let chp2 = &v["children"][1];
    let art9 = chp2["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["num"] == "第九条")
        .unwrap();
    assert_eq!(art9["code"], "行政处罚法/art_9");
    let item2 = &art9["children"][0]["children"][1];
    assert_eq!(
        (
            item2["kind"].as_str(),
            item2["num"].as_str(),
            item2["text"].as_str()
        ),
        (
            Some("item"),
            Some("（二）"),
            Some("罚款、没收违法所得、没收非法财物；")
        )
    );
    // Human-readable outline.
    let (code, out) = run(|o| commands::parse_file(&path, false, o));
    assert_eq!(code, 0);
    assert!(out.contains("第九条 [art_9]"), "{out}");
    assert!(
        out.contains("（二） 罚款、没收违法所得、没收非法财物； [art_9__para_1__item_2]"),
        "{out}"
    );
}

#[test]
fn parse_reports_errors_with_exit_code() {
    let dir = std::env::temp_dir().join(format!("fazhi-law-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("坏(2020-01-01).md");
    std::fs::write(
        &path,
        "# 坏法\n<!-- INFO END -->\n孤立段落\n第一条 正文\n第三条 跳号",
    )
    .unwrap();
    let (code, out) = run(|o| commands::parse_file(&path, false, o));
    assert_eq!(code, 1);
    assert!(
        out.contains("error: 坏(2020-01-01).md:3: expected article `第…条`, found `孤立段落`"),
        "{out}"
    );
    assert!(
        out.contains(
            "warning: 坏(2020-01-01).md:5: article numbering gap: expected 第二条, found 第三条"
        ),
        "{out}"
    );
    let missing = dir.join("none.md");
    assert!(commands::parse_file(&missing, false, &mut Vec::new()).is_err());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn cite_json_and_failure() {
    let (code, out) = run(|o| {
        commands::cite(
            corpus(),
            "《中华人民共和国行政处罚法》第三十三条第一款",
            true,
            o,
        )
    });
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["code"], "行政处罚法/art_33__para_1");
    assert_eq!(
        v[0]["citation"],
        "《中华人民共和国行政处罚法》第三十三条第一款"
    );
    assert!(
        v[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("违法行为轻微并及时改正")
    );
    let (code, out) = run(|o| commands::cite(corpus(), "没有引用", false, o));
    assert_eq!(code, 1);
    assert!(
        out.contains("错误：") && out.contains("error: no citation found"),
        "{out}"
    );
    let (code, out) = run(|o| commands::cite(corpus(), "《行政处罚法》第二百条", true, o));
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["code"], "no_such_provision");
    assert!(v["message"].as_str().unwrap().contains("第二百条不存在"));
    assert!(v["message_en"].as_str().unwrap().contains("no article 200"));
    let opts = ResolveOptions::in_context("行政许可法/art_69__para_3".parse().unwrap());
    let (code, out) = run(|o| commands::cite_with(corpus(), "前两款", &opts, false, o));
    assert_eq!(code, 0);
    assert!(
        out.contains("《中华人民共和国行政许可法》第六十九条第二款  [行政许可法/art_69__para_2]"),
        "{out}"
    );
}

#[test]
fn search_diff_show_import() {
    let (code, out) = run(|o| {
        commands::search(
            corpus(),
            "责令停产停业",
            &SearchFilters {
                limit: Some(3),
                ..Default::default()
            },
            false,
            o,
        )
    });
    assert_eq!(code, 0);
    assert!(out.contains(" 1. 《"), "{out}");
    assert!(out.contains("【责令停产停业】"), "{out}");
    let (code, out) =
        run(|o| commands::search(corpus(), "zzzz", &SearchFilters::default(), false, o));
    assert_eq!(code, 1);
    assert!(out.contains("no match"), "{out}");

    let (code, out) = run(|o| {
        commands::diff(
            corpus(),
            "行政复议法@2017-09-01",
            "行政复议法@2023-09-01",
            false,
            o,
        )
    });
    assert_eq!(code, 0);
    assert!(
        out.starts_with("行政复议法@2017-09-01 → 行政复议法@2023-09-01：新增 47 条，删除 0 条"),
        "{}",
        &out[..200]
    );
    assert!(
        out.contains("+ 第九十条 新增（行政复议法/art_90）"),
        "{}",
        &out[..200]
    );
    let (code, out) = run(|o| {
        commands::diff(
            corpus(),
            "行政复议法@2017-09-01",
            "行政复议法@1999-01-01",
            false,
            o,
        )
    });
    assert_eq!(code, 1);
    assert!(out.contains("no version"), "{out}");

    let (code, out) = run(|o| {
        commands::show(
            corpus(),
            "行政复议法/art_28__para_1__item_3__subitem_1",
            Some("2020-01-01".parse().unwrap()),
            false,
            o,
        )
    });
    assert_eq!(code, 0);
    assert!(out.contains("主要事实不清、证据不足的；"), "{out}");

    let files = crate::common::manifest().len();
    let laws = crate::common::manifest_laws();
    let mut seen = 0;
    let (c, summary) = commands::import_summary(&laws_dir(), &mut |p| {
        seen += 1;
        assert_eq!(p.done, seen);
        assert_eq!(p.total, files);
    })
    .unwrap();
    assert_eq!(seen, files);
    assert_eq!((summary.laws, summary.versions), (laws, files));
    assert!(summary.errors.is_empty());
    assert_eq!(c.laws.len(), laws);
    let text = summary.to_string();
    let head = format!("已导入 {laws} 部法规、{files} 个版本");
    assert!(text.starts_with(&head), "{text}");
}

#[test]
fn default_corpus_dir_is_beside_the_repo() {
    // Only the default is checked; the variable itself is not set in tests (shared process env).
    if std::env::var_os(commands::LAWS_DIR_ENV).is_none() {
        assert_eq!(
            commands::default_corpus_dir(),
            std::path::PathBuf::from("../shared/data/laws")
        );
    }
}
