//! Corpus loading, versions, status by date, lookup, diff and impact.

use crate::common::{corpus, manifest, manifest_laws, short_name, statute_files};
use fazhi_law::{
    ChangeKind, Date, InMemoryRegistry, LawError, Level, ProvisionCode, Registries, Status,
};

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

#[test]
fn loads_every_file_grouped_into_laws() {
    let c = corpus();
    assert!(c.errors.is_empty(), "{:?}", c.errors);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    let versions: usize = c.laws.iter().map(|l| l.versions.len()).sum();
    assert_eq!(versions, statute_files().len());
    // The laws the manifest lists twice (two versions of one title).
    let m = manifest();
    let mut expected: Vec<&str> = m
        .iter()
        .filter(|r| m.iter().filter(|o| o.title == r.title).count() == 2)
        .map(|r| short_name(&r.file))
        .collect();
    expected.sort();
    expected.dedup();
    let mut pairs: Vec<&str> = c
        .laws
        .iter()
        .filter(|l| l.versions.len() == 2)
        .map(|l| l.code.as_str())
        .collect();
    pairs.sort();
    assert!(
        !expected.is_empty(),
        "the corpus keeps some pairs of versions"
    );
    assert_eq!(pairs, expected);
    assert!(pairs.contains(&"行政复议法"), "the 2017 and 2023 texts");
    assert_eq!(c.laws.len(), manifest_laws());
    let s = c.summary();
    assert_eq!((s.laws, s.versions), (manifest_laws(), m.len()));
    assert!(s.articles > 5000, "{}", s.articles);
}

#[test]
fn levels_from_manifest() {
    let c = corpus();
    assert_eq!(c.law("行政处罚法").unwrap().level, Level::Law);
    assert_eq!(
        c.law("政府信息公开条例").unwrap().level,
        Level::AdministrativeRegulation
    );
    assert_eq!(
        c.law("市场监督管理投诉举报处理暂行办法").unwrap().level,
        Level::DepartmentalRule
    );
    let m = manifest();
    let national: std::collections::BTreeSet<&str> = m
        .iter()
        .filter(|r| r.level == "法律")
        .map(|r| r.title.as_str())
        .collect();
    assert!(!national.is_empty());
    assert_eq!(
        c.laws.iter().filter(|l| l.level == Level::Law).count(),
        national.len()
    );
    // Full titles and short titles both find the law.
    assert_eq!(
        c.law("中华人民共和国政府信息公开条例").unwrap().code,
        "政府信息公开条例"
    );
}

#[test]
fn versions_effective_dates_and_status() {
    let c = corpus();
    let fy = c.law("行政复议法").unwrap();
    assert_eq!(fy.versions[0].id, "行政复议法@2017-09-01");
    assert_eq!(fy.versions[1].id, "行政复议法@2023-09-01");
    assert_eq!(fy.versions[1].effective, d("2024-01-01"));
    assert_eq!(fy.versions[0].status_on(d("2023-12-31")), Status::InForce);
    assert_eq!(fy.versions[0].status_on(d("2024-01-01")), Status::Amended);
    assert_eq!(
        fy.versions[1].status_on(d("2023-12-31")),
        Status::NotYetInForce
    );
    assert_eq!(
        fy.version_on(d("2023-10-01")).unwrap().id,
        "行政复议法@2017-09-01"
    );
    assert_eq!(
        fy.version_on(d("2024-01-01")).unwrap().id,
        "行政复议法@2023-09-01"
    );

    let food = c.law("食品安全法").unwrap();
    assert_eq!(food.versions[1].effective, d("2025-12-01"));
    assert_eq!(
        food.version_on(d("2025-11-30")).unwrap().id,
        "食品安全法@2021-04-29"
    );
    assert_eq!(
        food.version_on(d("2025-12-01")).unwrap().id,
        "食品安全法@2025-09-12"
    );

    let police = c.law("治安管理处罚法").unwrap();
    assert_eq!(
        police.version_on(d("2025-12-31")).unwrap().id,
        "治安管理处罚法@2012-10-26"
    );
    assert_eq!(
        police.version_on(d("2026-01-01")).unwrap().id,
        "治安管理处罚法@2025-06-27"
    );

    // Environmental laws: repealed from 2026-08-15 by 生态环境法典.
    let env = c.law("环境保护法").unwrap();
    assert_eq!(env.status_on(d("2026-08-14")), Status::InForce);
    assert_eq!(env.status_on(d("2026-08-15")), Status::Repealed);
    assert!(env.version_on(d("2026-08-15")).is_none());
    for name in [
        "大气污染防治法",
        "水污染防治法",
        "固体废物污染环境防治法",
        "噪声污染防治法",
        "海洋环境保护法",
    ] {
        assert_eq!(
            c.law(name).unwrap().status_on(d("2026-09-01")),
            Status::Repealed,
            "{name}"
        );
    }
    // A new law before its effective date.
    let hazchem = c.law("危险化学品安全法").unwrap();
    assert_eq!(hazchem.status_on(d("2026-04-30")), Status::NotYetInForce);
    assert_eq!(hazchem.status_on(d("2026-05-01")), Status::InForce);
}

#[test]
fn text_in_force_on_a_date() {
    let c = corpus();
    // 行政复议法 第二十八条 reads differently under the 2017 and 2023 versions.
    let old = c
        .lookup("行政复议法/art_28", Some(d("2020-06-01")))
        .unwrap();
    let new = c
        .lookup("行政复议法/art_28", Some(d("2024-06-01")))
        .unwrap();
    assert_eq!(old.version, "行政复议法@2017-09-01");
    assert_eq!(new.version, "行政复议法@2023-09-01");
    assert_ne!(old.text, new.text);
    assert_eq!(old.status, Status::InForce);
    // Pinned version, whatever the date.
    let pinned = c
        .lookup(
            "行政复议法@2017-09-01/art_28__para_1__item_3__subitem_1",
            None,
        )
        .unwrap();
    assert_eq!(pinned.text, "主要事实不清、证据不足的；");
    assert_eq!(
        pinned.citation,
        "《中华人民共和国行政复议法》第二十八条第一款第（三）项第一目"
    );
    // Article 90 exists only in 2023.
    let e = c
        .lookup("行政复议法/art_90", Some(d("2020-01-01")))
        .unwrap_err();
    assert!(matches!(e, LawError::NoSuchProvision { .. }), "{e}");
    // A repealed law has no text in force after repeal, but its text before.
    let e = c
        .lookup("环境保护法/art_1", Some(d("2026-09-01")))
        .unwrap_err();
    assert!(e.message_zh().contains("已废止"), "{e}");
    assert!(c.lookup("环境保护法/art_1", Some(d("2026-01-01"))).is_ok());
    // Not-yet-in-force date.
    let e = c
        .lookup("危险化学品安全法/art_1", Some(d("2020-01-01")))
        .unwrap_err();
    assert!(e.message_en().contains("not yet in force"), "{e}");
    assert!(matches!(
        c.lookup("行政复议法@2019-01-01/art_1", None),
        Err(LawError::UnknownVersion(_))
    ));
    assert!(matches!(
        c.lookup("art_1", None),
        Err(LawError::UnknownLaw(_))
    ));
    assert!(matches!(
        c.lookup("行政处罚法/article_1", None),
        Err(LawError::Code(_))
    ));
}

#[test]
fn diff_of_two_versions() {
    let c = corpus();
    let diff = c
        .diff("行政复议法@2017-09-01", "行政复议法@2023-09-01")
        .unwrap();
    let added: Vec<&str> = diff
        .articles()
        .filter(|x| x.change == ChangeKind::Added)
        .map(|x| x.code.as_str())
        .collect();
    assert_eq!(added.len(), 90 - 43);
    assert_eq!(added[0], "行政复议法/art_44");
    assert_eq!(
        diff.articles()
            .filter(|x| x.change == ChangeKind::Removed)
            .count(),
        0
    );
    let art1 = diff
        .articles()
        .find(|x| x.code == "行政复议法/art_1")
        .unwrap();
    assert_eq!(art1.change, ChangeKind::Changed);
    assert!(art1.old.as_deref().unwrap().contains("具体行政行为"));
    assert!(art1.new.as_deref().unwrap().contains("行政行为"));
    // File paths work as version ids too.
    let dir = crate::common::laws_dir();
    let by_path = c
        .diff(
            &dir.join("食品安全法(2021-04-29).md").to_string_lossy(),
            &dir.join("食品安全法(2025-09-12).md").to_string_lossy(),
        )
        .unwrap();
    assert_eq!(by_path.from, "食品安全法@2021-04-29");
    assert!(by_path.articles().count() > 0);
    assert!(
        by_path.articles().count() < 30,
        "an amendment changes a few articles: {}",
        by_path.articles().count()
    );
    assert!(matches!(
        c.diff("行政复议法@2000-01-01", "行政复议法@2023-09-01"),
        Err(LawError::UnknownVersion(_))
    ));
}

#[test]
fn impact_of_a_diff_on_registered_records() {
    let c = corpus();
    let diff = c
        .diff("食品安全法@2021-04-29", "食品安全法@2025-09-12")
        .unwrap();
    let changed: Vec<ProvisionCode> = diff
        .affected_codes()
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
    let mut reg = Registries::new();
    assert!(reg.impact(&changed).is_empty(), "no sources registered yet");
    let first_changed: ProvisionCode = changed[0].clone();
    let mut powers = InMemoryRegistry::new("powers");
    powers.add(first_changed.clone(), "P-1", "某职权事项");
    powers.add("食品安全法/art_1".parse().unwrap(), "P-2", "未变条文");
    reg.register(Box::new(powers));
    let hits = reg.impact(&changed);
    assert!(hits.iter().any(|h| h.record.record == "P-1"));
    let art1_changed = changed.iter().any(|c| c.to_string() == "食品安全法/art_1");
    assert_eq!(hits.iter().any(|h| h.record.record == "P-2"), art1_changed);
    // Repeal of a whole law.
    let hits = reg.impact(&["食品安全法".parse().unwrap()]);
    assert_eq!(hits.len(), 2);
}
