//! One error type for the domain, mapped to HTTP status and bilingual messages in one place
//! (the web layer turns it into `{code, message, message_en, field}`).

use std::fmt;

/// Domain error. Every variant carries what a person needs: what is wrong and what to do,
/// in Chinese and English.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input failed validation; nothing was written.
    #[error("{message_en}")]
    Invalid {
        code: &'static str,
        field: Option<String>,
        message: String,
        message_en: String,
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
    #[error("{message_en}")]
    Conflict {
        code: &'static str,
        message: String,
        message_en: String,
    },
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
    /// A validation error on one field.
    pub fn invalid(
        code: &'static str,
        field: impl Into<Option<&'static str>>,
        zh: impl fmt::Display,
        en: impl fmt::Display,
    ) -> Self {
        Error::Invalid {
            code,
            field: field.into().map(str::to_string),
            message: zh.to_string(),
            message_en: en.to_string(),
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

    /// A conflict (duplicate, wrong state).
    pub fn conflict(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Error::Conflict {
            code,
            message: zh.into(),
            message_en: en.into(),
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
            Error::Invalid { message, .. } | Error::Conflict { message, .. } => message.clone(),
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
            Error::Invalid { message_en, .. } | Error::Conflict { message_en, .. } => {
                message_en.clone()
            }
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
