//! Evaluation of the classifier on a labelled file: top-1 and top-3 accuracy and the
//! confusion table (which department was suggested for which).

use std::collections::BTreeMap;

use serde::Serialize;

use fazhi_core::dispatch::classify::Classifier;
use fazhi_core::dispatch::knowledge::LabelledLine;
use fazhi_core::dispatch::text::{decode_utf8, validate_text};
use fazhi_core::{Code, Error, Result};

/// The outcome of an evaluation.
#[derive(Debug, Clone, Serialize, Default)]
pub struct EvalReport {
    pub total: usize,
    pub top1: usize,
    pub top3: usize,
    /// Sent to a human (below the threshold).
    pub to_human: usize,
    /// Correct among those above the threshold.
    pub auto_correct: usize,
    /// (expected, suggested) → count, short names.
    pub confusion: BTreeMap<(String, String), usize>,
    /// Per department: (count, top-1 correct).
    pub per_department: BTreeMap<String, (usize, usize)>,
}

impl EvalReport {
    pub fn top1_rate(&self) -> f64 {
        self.top1 as f64 / self.total.max(1) as f64
    }
    pub fn top3_rate(&self) -> f64 {
        self.top3 as f64 / self.total.max(1) as f64
    }
}

/// Parses JSON lines `{"text","department"}`; every bad line is reported by number.
pub fn parse_labelled(bytes: &[u8]) -> Result<Vec<LabelledLine>> {
    let s = decode_utf8(bytes)?;
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for (i, l) in s.lines().enumerate() {
        if l.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<LabelledLine>(l) {
            Ok(x) if validate_text(&x.text).is_ok() => out.push(x),
            Ok(_) => bad.push(i + 1),
            Err(_) => bad.push(i + 1),
        }
    }
    if !bad.is_empty() {
        let list: Vec<String> = bad.iter().take(10).map(|n| n.to_string()).collect();
        return Err(Error::of(Code::DispatchEvalLines)
            .for_field("file")
            .arg_zh_en("lines", list.join("、"), list.join(", ")));
    }
    Ok(out)
}

/// Classifies every line and counts.
pub fn evaluate(c: &Classifier, lines: &[LabelledLine]) -> Result<EvalReport> {
    let mut r = EvalReport::default();
    for l in lines {
        let Some(expected) = c.label_of(&l.department) else {
            return Err(Error::of(Code::DispatchEvalDepartment)
                .for_field("department")
                .arg("department", &l.department));
        };
        let s = c.classify(&l.text, "");
        let exp_name = c.labels()[expected].short_name.clone();
        let got = s.ranked.first().map(|x| x.label);
        r.total += 1;
        let e = r.per_department.entry(exp_name.clone()).or_default();
        e.0 += 1;
        if got == Some(expected) {
            r.top1 += 1;
            e.1 += 1;
            if !s.needs_human {
                r.auto_correct += 1;
            }
        }
        if s.ranked.iter().take(3).any(|x| x.label == expected) {
            r.top3 += 1;
        }
        if s.needs_human {
            r.to_human += 1;
        }
        let got_name = got
            .map(|g| c.labels()[g].short_name.clone())
            .unwrap_or_else(|| "（无）".into());
        *r.confusion.entry((exp_name, got_name)).or_default() += 1;
    }
    Ok(r)
}
