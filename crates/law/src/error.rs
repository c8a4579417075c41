//! Errors and located diagnostics.

use crate::code::CodeError;
use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

/// A located message about an input file: `file:line: message`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// File name as given to the parser.
    pub file: String,
    /// 1-based line number (0 when the problem is not tied to a line).
    pub line: u32,
    /// What is wrong; errors read `expected …, found …`.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// Every error of the legal-corpus library. `Display` gives the Chinese message, then ` / `,
/// then the English one; [`LawError::message_zh`] and [`LawError::message_en`] give each alone
/// (for API errors `{code, message, message_en}`).
#[derive(Debug, thiserror::Error)]
pub enum LawError {
    /// A file or directory could not be read.
    #[error("无法读取 {path}：{source} / cannot read {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Writing output failed.
    #[error("输出失败：{0} / cannot write output: {0}")]
    Output(#[from] std::io::Error),
    /// A malformed provision code.
    #[error(transparent)]
    Code(#[from] CodeError),
    /// The law is not in the corpus.
    #[error(
        "法规库中没有《{0}》，请检查名称或先导入该法规 / unknown law 《{0}》: check the title or import it first"
    )]
    UnknownLaw(String),
    /// The version id names no loaded version.
    #[error(
        "没有版本 {0}（格式：简称@YYYY-MM-DD，如 行政复议法@2017-09-01） / no version {0} (use SHORTTITLE@YYYY-MM-DD, e.g. 行政复议法@2017-09-01)"
    )]
    UnknownVersion(String),
    /// The law exists but has no such provision.
    #[error("{citation}不存在（{version}） / {citation} does not exist in {version}: {what}")]
    NoSuchProvision {
        /// Canonical Chinese citation of what was asked for.
        citation: String,
        /// Version id searched.
        version: String,
        /// English description (`no article 200`).
        what: String,
    },
    /// No version of the law is in force on the date.
    #[error(
        "{law}在{date}没有有效版本（{reason}） / no version of {law} in force on {date} ({reason_en})"
    )]
    NotInForce {
        /// Law code.
        law: String,
        /// The date asked about.
        date: String,
        /// Chinese reason (尚未施行 / 已废止).
        reason: String,
        /// English reason.
        reason_en: String,
    },
    /// A relative citation (本法, 前款, 本条…) with no provision to be relative to.
    #[error(
        "“{citation}”需要所在条文作为上下文，请指明法规名称和条款 / “{citation}” is relative and needs the citing provision as context: name the law and article"
    )]
    NoContext {
        /// The citation text.
        citation: String,
    },
    /// A citation refers to a unit that cannot exist (e.g. 前款 in a first paragraph).
    #[error("无法解析“{citation}”：{reason} / cannot resolve “{citation}”: {reason_en}")]
    BadCitation {
        /// The citation text.
        citation: String,
        /// Chinese reason.
        reason: String,
        /// English reason.
        reason_en: String,
    },
    /// Nothing in the text could be read as a citation.
    #[error(
        "“{0}”中没有可识别的法条引用，请使用如《中华人民共和国行政处罚法》第三十三条第一款的格式 / no citation found in “{0}”: write e.g. 《中华人民共和国行政处罚法》第三十三条第一款"
    )]
    NothingResolvable(String),
    /// The statute file has errors (located).
    #[error("{} 处格式错误，首个：{} / {} format errors, first: {}", .0.len(), first(.0), .0.len(), first(.0))]
    Malformed(Vec<Diagnostic>),
    /// JSON output failed.
    #[error("JSON 输出失败：{0} / JSON output failed: {0}")]
    Json(#[from] serde_json::Error),
}

fn first(d: &[Diagnostic]) -> String {
    d.first().map(|d| d.to_string()).unwrap_or_default()
}

impl LawError {
    /// The Chinese half of the message.
    pub fn message_zh(&self) -> String {
        let s = self.to_string();
        match s.split_once(" / ") {
            Some((zh, _)) => zh.to_string(),
            None => s,
        }
    }

    /// The English half of the message.
    pub fn message_en(&self) -> String {
        let s = self.to_string();
        match s.split_once(" / ") {
            Some((_, en)) => en.to_string(),
            None => s,
        }
    }

    /// A stable machine code for the error (`unknown_law`, `no_such_provision`, …).
    pub fn code(&self) -> &'static str {
        match self {
            LawError::Io { .. } => "io",
            LawError::Output(_) => "output",
            LawError::Code(_) => "bad_code",
            LawError::UnknownLaw(_) => "unknown_law",
            LawError::UnknownVersion(_) => "unknown_version",
            LawError::NoSuchProvision { .. } => "no_such_provision",
            LawError::NotInForce { .. } => "not_in_force",
            LawError::NoContext { .. } => "no_context",
            LawError::BadCitation { .. } => "bad_citation",
            LawError::NothingResolvable(_) => "nothing_resolvable",
            LawError::Malformed(_) => "malformed",
            LawError::Json(_) => "json",
        }
    }
}

#[cfg(test)]
mod message_tests {
    use super::*;

    #[test]
    fn every_bilingual_message_splits_into_its_halves() {
        let e = LawError::UnknownVersion("行政复议法@1999-01-01".into());
        assert!(!e.message_zh().contains("no version"), "{}", e.message_zh());
        assert!(
            e.message_en().starts_with("no version"),
            "{}",
            e.message_en()
        );
    }
}
