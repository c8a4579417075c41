//! One error type for the domain, mapped to HTTP status and bilingual messages in one place
//! (the web layer turns it into `{code, message, message_en, field}`).
//!
//! Validation and conflict errors come from the catalog in [`codes`]: one [`Code`] per code
//! string, with its Chinese and English message templates side by side. A call site names the
//! code, the field and the values of the template's placeholders:
//!
//! ```
//! use fazhi_core::{Code, Error};
//! let e = Error::of(Code::UploadTooLarge).for_field("file").arg("max", 20);
//! assert_eq!(e.code(), "upload.too_large");
//! assert!(e.message_en().contains("20 MB"));
//! ```
//!
//! Typed domain refusals that already carry their own code and messages (a case
//! [`Refusal`](crate::cases::Refusal), a calendar or money parsing error) pass through
//! [`Error::domain_invalid`] and [`Error::domain_conflict`].

pub mod codes;

use std::fmt;

pub use codes::{Code, CodeKind, Text};

/// Domain error. Every variant carries what a person needs: what is wrong and what to do,
/// in Chinese and English.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input failed validation; nothing was written.
    #[error("{}", .text.en())]
    Invalid {
        code: &'static str,
        field: Option<String>,
        text: Text,
    },
    /// The record does not exist (or is outside the caller's data scope — the two are not
    /// distinguished, so ids cannot be probed).
    #[error("not found: {what}")]
    NotFound { what: String },
    /// Authenticated but not allowed.
    #[error("forbidden: {reason_en}")]
    Forbidden { reason: String, reason_en: String },
    /// Not logged in, or the session ended.
    #[error("authentication required")]
    Unauthenticated,
    /// A uniqueness or state conflict.
    #[error("{}", .text.en())]
    Conflict { code: &'static str, text: Text },
    /// Database failure.
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    /// Anything else unexpected on the server side.
    #[error("internal error: {0}")]
    Internal(String),
}

/// Result alias for the domain.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The error of a catalog code: `Invalid` or `Conflict` as the catalog says, without a
    /// field and with no placeholder filled yet (see [`Error::for_field`] and [`Error::arg`]).
    pub fn of(code: Code) -> Self {
        let text = Text::new(code.zh(), code.en());
        match code.kind() {
            CodeKind::Invalid => Error::Invalid {
                code: code.as_str(),
                field: None,
                text,
            },
            CodeKind::Conflict => Error::Conflict {
                code: code.as_str(),
                text,
            },
        }
    }

    /// Names the field a validation error is about (no effect on other errors).
    #[must_use]
    pub fn for_field(mut self, name: &str) -> Self {
        if let Error::Invalid { field, .. } = &mut self {
            *field = Some(name.to_string());
        }
        self
    }

    /// Fills the placeholder `{name}` with the same value in both languages.
    #[must_use]
    pub fn arg(self, name: &'static str, value: impl fmt::Display) -> Self {
        let v = value.to_string();
        self.arg_zh_en(name, v.clone(), v)
    }

    /// Fills the placeholder `{name}` with a Chinese and an English value.
    #[must_use]
    pub fn arg_zh_en(
        mut self,
        name: &'static str,
        zh: impl fmt::Display,
        en: impl fmt::Display,
    ) -> Self {
        if let Error::Invalid { text, .. } | Error::Conflict { text, .. } = &mut self {
            text.push(name, zh.to_string(), en.to_string());
        }
        self
    }

    /// A validation error carrying a typed domain refusal's own code and messages.
    pub fn domain_invalid(
        code: &'static str,
        field: impl Into<Option<&'static str>>,
        zh: impl fmt::Display,
        en: impl fmt::Display,
    ) -> Self {
        Error::Invalid {
            code,
            field: field.into().map(str::to_string),
            text: Text::verbatim(zh.to_string(), en.to_string()),
        }
    }

    /// A not-found error for a kind of record.
    pub fn not_found(what: impl Into<String>) -> Self {
        Error::NotFound { what: what.into() }
    }

    /// A permission refusal.
    pub fn forbidden(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Error::Forbidden {
            reason: zh.into(),
            reason_en: en.into(),
        }
    }

    /// A conflict carrying a typed domain refusal's own code and messages.
    pub fn domain_conflict(
        code: &'static str,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Error::Conflict {
            code,
            text: Text::verbatim(zh.into(), en.into()),
        }
    }

    /// Stable machine code of the error.
    pub fn code(&self) -> &str {
        match self {
            Error::Invalid { code, .. } | Error::Conflict { code, .. } => code,
            Error::NotFound { .. } => "not_found",
            Error::Forbidden { .. } => "forbidden",
            Error::Unauthenticated => "unauthenticated",
            Error::Db(_) => "database",
            Error::Internal(_) => "internal",
        }
    }

    /// The Chinese message shown to a person.
    pub fn message_zh(&self) -> String {
        match self {
            Error::Invalid { text, .. } | Error::Conflict { text, .. } => text.zh(),
            Error::NotFound { .. } => "记录不存在，或不在您的数据权限范围内。".into(),
            Error::Forbidden { reason, .. } => format!("无权操作：{reason}"),
            Error::Unauthenticated => "请先登录，或会话已超时，请重新登录。".into(),
            Error::Db(_) | Error::Internal(_) => {
                "服务器内部错误，操作未生效。请稍后重试，或联系系统管理员。".into()
            }
        }
    }

    /// The English message shown to a person.
    pub fn message_en(&self) -> String {
        match self {
            Error::Invalid { text, .. } | Error::Conflict { text, .. } => text.en(),
            Error::NotFound { .. } => {
                "The record does not exist or is outside your data scope.".into()
            }
            Error::Forbidden { reason_en, .. } => format!("Not permitted: {reason_en}"),
            Error::Unauthenticated => {
                "Please log in; your session may have ended after 30 minutes idle.".into()
            }
            Error::Db(_) | Error::Internal(_) => {
                "Internal server error; nothing was changed. Try again later or contact the system administrator.".into()
            }
        }
    }

    /// The field the error is about, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Invalid { field, .. } => field.as_deref(),
            _ => None,
        }
    }
}
