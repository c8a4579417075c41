//! `fazhi supervision eval --json` with no database: the independent set is built in a
//! temporary SQLite database, the JSON names its label sources, and the exit code is 0 only
//! when recall and precision both reach 95 % over some labels.

use std::process::Command;

#[test]
fn eval_json_fields_and_exit_code() {
    let out = Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(["supervision", "eval", "--json"])
        .env_remove("FAZHI_DB")
        .output()
        .expect("run fazhi");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    for k in [
        "recall",
        "precision",
        "true_positive",
        "labelled",
        "found",
        "sources",
        "per_code",
        "missed",
        "unexpected",
    ] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    let names: Vec<&str> = v["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(names, ["reading", "generator"]);
    assert!(v["labelled"].as_u64().unwrap_or(0) > 0);
    let pass = |k: &str| v[k].as_f64().is_some_and(|x| x >= 0.95);
    let acceptable = pass("recall") && pass("precision");
    assert_eq!(out.status.code(), Some(if acceptable { 0 } else { 1 }));
    assert!(pass("recall"), "recall {}", v["recall"]);
}
