//! The 100-point rubric of the case-file review (案卷评查评分): pure functions over the items
//! of one review. The score is 100 minus the points of every item that counts (never below 0);
//! the grade is 优秀 at 90 and above, 合格 from 60 to 89, 不合格 below 60 — and 不合格 whatever the
//! score as soon as one veto item (否决项) stands.

use serde::{Deserialize, Serialize};

use crate::labels::labelled_enum;
use crate::supervision::checks::{Finding, VETO_ITEMS};
use crate::{Code, Error, Result};

/// Full marks.
pub const FULL_MARKS: i64 = 100;
/// Lowest score of 优秀.
pub const EXCELLENT_FROM: i64 = 90;
/// Lowest score of 合格.
pub const PASS_FROM: i64 = 60;

labelled_enum! {
    /// Grade of a reviewed file.
    Grade {
        Excellent = "excellent", "优秀", "Excellent";
        Pass = "pass", "合格", "Pass";
        Fail = "fail", "不合格", "Fail";
    }
}

labelled_enum! {
    /// The reviewer's decision on one item.
    Decision {
        Pending = "pending", "待确认", "Pending";
        Confirmed = "confirmed", "已确认", "Confirmed";
        Adjusted = "adjusted", "已调整", "Adjusted";
        Dismissed = "dismissed", "不予认定", "Dismissed";
    }
}

labelled_enum! {
    /// Where an item comes from.
    Source {
        Machine = "machine", "自动检查", "Automatic check";
        Manual = "manual", "人工补充", "Added by the reviewer";
    }
}

labelled_enum! {
    /// Where a review stands.
    ReviewStatus {
        Draft = "draft", "待评查", "Draft";
        Confirmed = "confirmed", "已评定", "Confirmed";
    }
}

/// One rubric item as the score reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub code: String,
    pub source: Source,
    /// The automatic check passed (always `false` for a manual item: it records a defect).
    pub passed: bool,
    /// Points the check costs when failed.
    pub machine_deduction: i64,
    /// Veto item code, if the item is one.
    pub veto: Option<String>,
    pub decision: Decision,
    /// The reviewer's points (used when adjusted, and for manual items).
    pub points: i64,
}

impl Item {
    /// The item of an automatic finding, before any decision.
    pub fn from_finding(f: &Finding) -> Item {
        Item {
            code: f.code.clone(),
            source: Source::Machine,
            passed: f.passed,
            machine_deduction: if f.passed { 0 } else { f.deduction.max(0) },
            veto: f.veto.clone().filter(|v| !v.is_empty()),
            decision: Decision::Pending,
            points: 0,
        }
    }

    /// Points this item takes off the score.
    pub fn effective_points(&self) -> i64 {
        match (self.decision, self.source) {
            (Decision::Dismissed, _) => 0,
            (Decision::Adjusted, _) | (_, Source::Manual) => self.points.max(0),
            _ if self.passed => 0,
            _ => self.machine_deduction.max(0),
        }
    }

    /// The veto item this one makes stand, if any: a failed check of a veto item or a manual
    /// veto item, unless the reviewer dismissed it.
    pub fn standing_veto(&self) -> Option<&str> {
        if self.decision == Decision::Dismissed || self.passed {
            return None;
        }
        self.veto.as_deref()
    }
}

/// The outcome of the rubric.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scored {
    pub score: i64,
    pub grade: Grade,
    /// Veto items that stand (codes, in item order, without repeats).
    pub vetoes: Vec<String>,
}

/// The grade of a score, with or without a standing veto item.
pub fn grade_of(score: i64, veto: bool) -> Grade {
    if veto || score < PASS_FROM {
        Grade::Fail
    } else if score >= EXCELLENT_FROM {
        Grade::Excellent
    } else {
        Grade::Pass
    }
}

/// Scores a review from its items.
pub fn score(items: &[Item]) -> Scored {
    let lost: i64 = items.iter().map(Item::effective_points).sum();
    let score = (FULL_MARKS - lost).clamp(0, FULL_MARKS);
    let mut vetoes: Vec<String> = Vec::new();
    for v in items.iter().filter_map(Item::standing_veto) {
        if !vetoes.iter().any(|x| x == v) {
            vetoes.push(v.to_string());
        }
    }
    Scored {
        score,
        grade: grade_of(score, !vetoes.is_empty()),
        vetoes,
    }
}

/// The machine's own score of a set of findings (every item pending).
pub fn machine_score(findings: &[Finding]) -> Scored {
    let items: Vec<Item> = findings.iter().map(Item::from_finding).collect();
    score(&items)
}

/// The (zh, en) label of a veto item code.
pub fn veto_label(code: &str) -> Option<(&'static str, &'static str)> {
    VETO_ITEMS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, zh, en)| (*zh, *en))
}

/// Checks the points a reviewer gives one item.
pub fn check_points(points: i64) -> Result<()> {
    if (0..=FULL_MARKS).contains(&points) {
        Ok(())
    } else {
        Err(Error::of(Code::ReviewPoints).for_field("points").arg_zh_en(
            "reason",
            "扣分须为 0 至 100 之间的整数。",
            "Points must be a whole number from 0 to 100.",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(code: &str, d: i64, veto: Option<&str>) -> Item {
        Item {
            code: code.into(),
            source: Source::Machine,
            passed: false,
            machine_deduction: d,
            veto: veto.map(str::to_string),
            decision: Decision::Pending,
            points: 0,
        }
    }

    #[test]
    fn grades_at_the_boundaries() {
        assert_eq!(grade_of(100, false), Grade::Excellent);
        assert_eq!(grade_of(90, false), Grade::Excellent);
        assert_eq!(grade_of(89, false), Grade::Pass);
        assert_eq!(grade_of(60, false), Grade::Pass);
        assert_eq!(grade_of(59, false), Grade::Fail);
        assert_eq!(grade_of(100, true), Grade::Fail);
    }

    #[test]
    fn score_never_below_zero_and_dismissal_clears_a_veto() {
        let mut items = vec![failed("a", 70, None), failed("b", 70, Some("wrong_law"))];
        let s = score(&items);
        assert_eq!((s.score, s.grade), (0, Grade::Fail));
        assert_eq!(s.vetoes, vec!["wrong_law".to_string()]);
        items[1].decision = Decision::Dismissed;
        items[0].decision = Decision::Adjusted;
        items[0].points = 5;
        let s = score(&items);
        assert_eq!((s.score, s.grade), (95, Grade::Excellent));
        assert!(s.vetoes.is_empty());
    }
}
