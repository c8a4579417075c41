//! Scores the automatic checks against the independent labels: the reviewed reading
//! (`eval/supervision/labels.toml`, the headline figures) and the generator's planted
//! defects (reported beside it). A ratio over nothing is `None`, and `None` is never a pass.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use serde::Serialize;

use fazhi_core::db::Db;
use fazhi_core::supervision::checks::{CHECKS, Checker, run_with};
use fazhi_core::{BINHAI_REGION, Result};

use super::generator::{self, Generated};
use super::labels::{self, REVIEWED, REVIEWED_PATH};

/// The pass mark of recall and precision.
pub const PASS: f64 = 0.95;

/// `num / den`, or `None` when there is nothing to count.
pub fn ratio(num: usize, den: usize) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// A ratio that passes: counted and at least the mark.
pub fn passes(r: Option<f64>) -> bool {
    r.is_some_and(|v| v >= PASS)
}

/// Figures of one label source.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// "reading" (the reviewed file) or "generator" (planted by construction).
    pub name: String,
    pub description: String,
    /// Files the source labels (reviewed or generated).
    pub files: usize,
    pub labelled: usize,
    pub true_positive: usize,
    pub found: usize,
    pub recall: Option<f64>,
    pub precision: Option<f64>,
}

/// Figures of one check over the headline labels.
#[derive(Debug, Clone, Serialize)]
pub struct PerCode {
    pub code: String,
    pub labelled: usize,
    pub found: usize,
    pub true_positive: usize,
    pub recall: Option<f64>,
    pub precision: Option<f64>,
}

/// One (file, check) pair the checks and the labels disagree on.
#[derive(Debug, Clone, Serialize)]
pub struct Pair {
    pub key: String,
    pub code: String,
    /// The label's reason (missed) or the finding's detail (unexpected).
    pub detail: String,
}

/// The evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// The source of the headline figures.
    pub headline: String,
    pub recall: Option<f64>,
    pub precision: Option<f64>,
    pub true_positive: usize,
    pub labelled: usize,
    pub found: usize,
    pub files: usize,
    pub clean_files: usize,
    pub sources: Vec<Source>,
    pub per_code: Vec<PerCode>,
    pub missed: Vec<Pair>,
    pub unexpected: Vec<Pair>,
    /// Files of the set the reviewed file does not cover (the generator labels stand in).
    pub unreviewed: Vec<String>,
    /// (file, code) pairs on which the reading and the generator disagree.
    pub sources_disagree: Vec<Pair>,
    /// Checks left out of the run (`Checker::without`).
    pub disabled: Vec<String>,
    pub elapsed_ms: u128,
}

impl Evaluation {
    /// Recall and precision both counted and both at least 95 %, over some labels.
    pub fn acceptable(&self) -> bool {
        self.labelled > 0 && passes(self.recall) && passes(self.precision)
    }
}

type Labels = BTreeMap<String, BTreeMap<String, String>>;

fn score(labels: &Labels, found: &Labels) -> (usize, usize, usize) {
    let labelled: usize = labels.values().map(BTreeMap::len).sum();
    let f: usize = found
        .iter()
        .filter(|(k, _)| labels.contains_key(*k))
        .map(|(_, v)| v.len())
        .sum();
    let tp = labels
        .iter()
        .map(|(k, v)| {
            v.keys()
                .filter(|c| found.get(k).is_some_and(|x| x.contains_key(*c)))
                .count()
        })
        .sum();
    (labelled, f, tp)
}

/// Runs the checks over the set in `db` (generating it first when absent) and scores them;
/// `without`: a check left out, to show that its defects are then missed.
pub async fn evaluate(db: &Db, without: Option<&str>) -> Result<Evaluation> {
    let started = Instant::now();
    let set = if generator::present(db).await? {
        stored(db).await?
    } else {
        generator::generate(db).await?
    };
    // Loaded after the set: the calendar and statutes are part of its registry.
    let mut checker = Checker::load(db).await?;
    if let Some(code) = without {
        checker = checker.without(code);
    }
    evaluate_set(db, &checker, &set, started).await
}

/// The files of the set already in the database, with the planted defects the generator's
/// plan gives them (the plan depends only on the seed).
async fn stored(db: &Db) -> Result<Generated> {
    let plan: BTreeMap<String, generator::GenFile> = generator::planned()?
        .into_iter()
        .map(|f| (f.key.clone(), f))
        .collect();
    use sqlx::Row;
    let rows = sqlx::query(
        "SELECT id, case_no FROM cases WHERE region_code = $1 AND case_no LIKE $2 ORDER BY case_no",
    )
    .bind(BINHAI_REGION)
    .bind(format!("{}%", generator::KEY_PREFIX))
    .fetch_all(db.pool())
    .await?;
    let mut g = Generated::default();
    for r in rows {
        let key: String = r.try_get(1)?;
        let p = plan.get(&key);
        g.files.push(generator::GenFile {
            case_id: r.try_get(0)?,
            scenario: p.map(|p| p.scenario.clone()).unwrap_or_default(),
            planted: p.map(|p| p.planted.clone()).unwrap_or_default(),
            key,
        });
    }
    Ok(g)
}

async fn evaluate_set(
    db: &Db,
    checker: &Checker,
    set: &Generated,
    started: Instant,
) -> Result<Evaluation> {
    let codes: Vec<&str> = CHECKS.iter().map(|c| c.code).collect();
    let reviewed = labels::parse(REVIEWED, &codes)?;
    let keys: BTreeSet<&str> = set.files.iter().map(|f| f.key.as_str()).collect();
    let mut reading: Labels = BTreeMap::new();
    for r in &reviewed {
        if keys.contains(r.key.as_str()) {
            reading.insert(
                r.key.clone(),
                r.defects
                    .iter()
                    .map(|d| (d.code.clone(), d.reason.clone()))
                    .collect(),
            );
        }
    }
    let generated_known = set.files.iter().any(|f| !f.scenario.is_empty());
    let mut planted: Labels = BTreeMap::new();
    if generated_known {
        for f in &set.files {
            planted.insert(
                f.key.clone(),
                f.planted
                    .iter()
                    .map(|p| (p.code.clone(), p.note.clone()))
                    .collect(),
            );
        }
    }
    let unreviewed: Vec<String> = set
        .files
        .iter()
        .filter(|f| !reading.contains_key(&f.key))
        .map(|f| f.key.clone())
        .collect();
    // Headline: the reading, with the generator's labels standing in for unreviewed files.
    let mut headline_labels = reading.clone();
    for k in &unreviewed {
        if let Some(p) = planted.get(k) {
            headline_labels.insert(k.clone(), p.clone());
        }
    }
    let headline = if unreviewed.is_empty() {
        "reading"
    } else if reading.is_empty() {
        "generator"
    } else {
        "reading+generator"
    };
    let mut found: Labels = BTreeMap::new();
    for f in &set.files {
        let findings = run_with(db, checker, BINHAI_REGION, f.case_id).await?;
        found.insert(
            f.key.clone(),
            findings
                .into_iter()
                .filter(|x| !x.passed)
                .map(|x| (x.code, x.detail_zh))
                .collect(),
        );
    }
    let (labelled, f_count, tp) = score(&headline_labels, &found);
    let mut sources = Vec::new();
    let (rl, rf, rt) = score(&reading, &found);
    sources.push(Source {
        name: "reading".into(),
        description: format!(
            "{REVIEWED_PATH}: labels written by reading the dumped case files (fazhi supervision eval --dump)"
        ),
        files: reading.len(),
        labelled: rl,
        true_positive: rt,
        found: rf,
        recall: ratio(rt, rl),
        precision: ratio(rt, rf),
    });
    if generated_known {
        let (gl, gf, gt) = score(&planted, &found);
        sources.push(Source {
            name: "generator".into(),
            description:
                "defects planted by construction (fazhi_demo::supervision::independent::generator)"
                    .into(),
            files: planted.len(),
            labelled: gl,
            true_positive: gt,
            found: gf,
            recall: ratio(gt, gl),
            precision: ratio(gt, gf),
        });
    }
    let per_code = CHECKS
        .iter()
        .map(|c| {
            let code = c.code.to_string();
            let has = |m: &Labels, k: &str| m.get(k).is_some_and(|v| v.contains_key(&code));
            let l = headline_labels
                .keys()
                .filter(|k| has(&headline_labels, k))
                .count();
            let fo = headline_labels.keys().filter(|k| has(&found, k)).count();
            let t = headline_labels
                .keys()
                .filter(|k| has(&headline_labels, k) && has(&found, k))
                .count();
            PerCode {
                code,
                labelled: l,
                found: fo,
                true_positive: t,
                recall: ratio(t, l),
                precision: ratio(t, fo),
            }
        })
        .collect();
    let mut missed = Vec::new();
    let mut unexpected = Vec::new();
    for (k, v) in &headline_labels {
        let got = found.get(k);
        for (code, reason) in v {
            if !got.is_some_and(|g| g.contains_key(code)) {
                missed.push(Pair {
                    key: k.clone(),
                    code: code.clone(),
                    detail: reason.clone(),
                });
            }
        }
        for (code, detail) in got.into_iter().flatten() {
            if !v.contains_key(code) {
                unexpected.push(Pair {
                    key: k.clone(),
                    code: code.clone(),
                    detail: detail.clone(),
                });
            }
        }
    }
    let mut sources_disagree = Vec::new();
    if generated_known {
        for (k, r) in &reading {
            let p = planted.get(k).cloned().unwrap_or_default();
            for (code, reason) in r {
                if !p.contains_key(code) {
                    sources_disagree.push(Pair {
                        key: k.clone(),
                        code: code.clone(),
                        detail: format!("reading only: {reason}"),
                    });
                }
            }
            for (code, note) in &p {
                if !r.contains_key(code) {
                    sources_disagree.push(Pair {
                        key: k.clone(),
                        code: code.clone(),
                        detail: format!("generator only: {note}"),
                    });
                }
            }
        }
    }
    let clean_files = headline_labels.values().filter(|v| v.is_empty()).count();
    Ok(Evaluation {
        headline: headline.into(),
        recall: ratio(tp, labelled),
        precision: ratio(tp, f_count),
        true_positive: tp,
        labelled,
        found: f_count,
        files: set.files.len(),
        clean_files,
        sources,
        per_code,
        missed,
        unexpected,
        unreviewed,
        sources_disagree,
        disabled: checker.skipped.iter().map(|s| s.to_string()).collect(),
        elapsed_ms: started.elapsed().as_millis(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Nothing counted is no figure, and no figure is no pass.
    #[test]
    fn ratio_over_nothing_is_none_and_not_a_pass() {
        assert_eq!(ratio(0, 0), None);
        assert!(!passes(ratio(0, 0)));
        assert!(passes(ratio(19, 20)));
        assert!(!passes(ratio(18, 20)));
    }
}
