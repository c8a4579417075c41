//! The records of the module: risk grades (the strata), task states, inspection outcomes.

use serde::{Deserialize, Serialize};

macro_rules! labelled {
    ($(#[$m:meta])* $name:ident { $($v:ident = $s:literal, $zh:literal, $en:literal;)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($v),* }
        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$v),*];
            /// Stored name.
            pub fn as_str(self) -> &'static str { match self { $($name::$v => $s),* } }
            /// Chinese label.
            pub fn label_zh(self) -> &'static str { match self { $($name::$v => $zh),* } }
            /// English label.
            pub fn label_en(self) -> &'static str { match self { $($name::$v => $en),* } }
            /// Parses the stored name or the Chinese label.
            pub fn parse(s: &str) -> Option<$name> {
                let s = s.trim();
                Self::ALL.iter().copied().find(|v| v.as_str() == s || v.label_zh() == s)
            }
            /// Label in a language ("zh" | "en").
            pub fn label(self, lang: &str) -> &'static str {
                if lang == "en" { self.label_en() } else { self.label_zh() }
            }
        }
    };
}

labelled!(
    /// Risk grade of a subject, ascending: the strata of a draw (分级分类监管).
    RiskGrade {
        A = "A", "低风险", "Low risk";
        B = "B", "一般风险", "Moderate risk";
        C = "C", "较高风险", "Elevated risk";
        D = "D", "高风险", "High risk";
    }
);

labelled!(
    /// Where a task stands: draft → committed (candidates and seed commitment published) →
    /// drawn (seed revealed, subjects and teams fixed) → completed (all results recorded).
    TaskStatus {
        Draft = "draft", "草稿", "Draft";
        Committed = "committed", "已公示待抽取", "Committed";
        Drawn = "drawn", "已抽取", "Drawn";
        Completed = "completed", "已完成", "Completed";
    }
);

labelled!(
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
