//! The independent supervision evaluation on a fresh database (SQLite, or PostgreSQL when
//! FAZHI_TEST_PG is set): the checks must reach 95 % recall over the reviewed labels, and
//! leaving a check out must make its defects missed (the evaluation is not a tautology).

use fazhi_core::db::Db;
use fazhi_demo::supervision::independent::eval::{self, Evaluation};

async fn fresh() -> Db {
    let url = fazhi_core::testing::fresh_url()
        .await
        .expect("fresh database");
    Db::open(&url).await.expect("migrated database")
}

fn per_code_recall(e: &Evaluation, code: &str) -> Option<f64> {
    e.per_code
        .iter()
        .find(|c| c.code == code)
        .and_then(|c| c.recall)
}

#[tokio::test(flavor = "multi_thread")]
async fn independent_set_recall_and_disabled_checks() {
    let db = fresh().await;
    let e = eval::evaluate(&db, None).await.expect("evaluation");
    assert!(e.files >= 150, "{} files", e.files);
    // Every file of the set is reviewed, and both label sources are named.
    assert!(e.unreviewed.is_empty(), "unreviewed: {:?}", e.unreviewed);
    assert_eq!(e.headline, "reading");
    let names: Vec<&str> = e.sources.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["reading", "generator"]);
    assert!(e.labelled > 0);
    assert!(
        eval::passes(e.recall),
        "recall {:?} under 95 %: missed {:?}",
        e.recall,
        e.missed
    );
    // The same set scored again with each labelled check left out in turn (the set is reused,
    // not rewritten): that check's defects must all be missed.
    let labelled: Vec<String> = e
        .per_code
        .iter()
        .filter(|c| c.labelled > 0)
        .map(|c| c.code.clone())
        .collect();
    assert!(labelled.len() >= 20, "{labelled:?}");
    for code in &labelled {
        let d = eval::evaluate(&db, Some(code)).await.expect("evaluation");
        assert_eq!(d.files, e.files);
        assert_eq!(d.disabled, std::slice::from_ref(code));
        assert_eq!(per_code_recall(&d, code), Some(0.0), "{code}");
        assert!(d.missed.iter().any(|m| &m.code == code), "{code}");
        assert!(d.true_positive < e.true_positive, "{code}");
        assert!(d.recall < e.recall, "{code}");
    }
    db.close().await;
}

/// A ratio with nothing to count is no figure, and no figure is no pass.
#[test]
fn nothing_counted_is_not_a_pass() {
    assert_eq!(eval::ratio(0, 0), None);
    assert!(!eval::passes(None));
    assert!(!eval::passes(eval::ratio(0, 0)));
}
