//! The records of the module: risk grades (the strata), task states, inspection outcomes.

use crate::labels::labelled_enum;

labelled_enum!(
    /// Risk grade of a subject, ascending: the strata of a draw (分级分类监管).
    RiskGrade {
        A = "A", "低风险", "Low risk";
        B = "B", "一般风险", "Moderate risk";
        C = "C", "较高风险", "Elevated risk";
        D = "D", "高风险", "High risk";
    }
);

labelled_enum!(
    /// Where a task stands: draft → committed (candidates and seed commitment published) →
    /// drawn (seed revealed, subjects and teams fixed) → completed (all results recorded).
    TaskStatus {
        Draft = "draft", "草稿", "Draft";
        Committed = "committed", "已公示待抽取", "Committed";
        Drawn = "drawn", "已抽取", "Drawn";
        Completed = "completed", "已完成", "Completed";
    }
);

labelled_enum!(
    /// Outcome of an inspection (抽查结果).
    Outcome {
        NoProblem = "no_problem", "未发现问题", "No problem found";
        Rectify = "rectify", "发现问题责令整改", "Problem found, rectification ordered";
        CaseOpened = "case", "发现问题移送立案", "Problem found, case opened";
        NotFound = "not_found", "未发现检查对象", "Subject not found at its address";
        Closed = "closed", "已注销或迁出", "Deregistered or moved away";
    }
);

impl Outcome {
    /// Whether the subject was found with problems (a case may follow).
    pub fn problem(self) -> bool {
        matches!(self, Outcome::Rectify | Outcome::CaseOpened)
    }
}
