//! The request context: language, session, CSRF tokens, the current URL.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use fazhi_core::Error;
use fazhi_core::auth::{Principal, SessionInfo, resolve_session};

use crate::error::page_error;
use crate::routes::Resolved;
use crate::state::AppState;

/// Cookie names.
pub const SESSION_COOKIE: &str = "fz_sid";
pub const PRE_CSRF_COOKIE: &str = "fz_pre";
pub const LANG_COOKIE: &str = "fz_lang";

/// Everything a handler needs to know about the caller.
pub struct Ctx {
    pub lang: &'static str,
    pub session: Option<SessionInfo>,
    pub token: Option<String>,
    /// The anonymous double-submit token (login form).
    pub pre_csrf: Option<String>,
    /// Path and query of this request.
    pub uri: String,
    pub path: String,
    /// Cookies must be `Secure` (TLS in front, or configured).
    pub secure: bool,
}

/// Reads one cookie from the headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A `Set-Cookie` value with the platform's attributes: HttpOnly, SameSite=Lax, Secure under TLS.
pub fn set_cookie(name: &str, value: &str, max_age: Option<i64>, secure: bool) -> String {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(a) = max_age {
        c.push_str(&format!("; Max-Age={a}"));
    }
    if secure {
        c.push_str("; Secure");
    }
    c
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let h = &parts.headers;
        let lang = match cookie(h, LANG_COOKIE).as_deref() {
            Some("en") => "en",
            _ => "zh",
        };
        let token = cookie(h, SESSION_COOKIE);
        // The route's guard has resolved the session already: read it once per request.
        let session = match (parts.extensions.get::<Resolved>(), &token) {
            (Some(r), _) => r.0.clone(),
            (None, Some(t)) => match resolve_session(&state.db, t).await {
                Ok(s) => s,
                Err(e) => return Err(page_error(lang, false, e)),
            },
            (None, None) => None,
        };
        let secure = state.secure_cookies
            || h.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https");
        Ok(Ctx {
            lang,
            session,
            token,
            pre_csrf: cookie(h, PRE_CSRF_COOKIE),
            uri: parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_else(|| "/".into()),
            path: parts.uri.path().to_string(),
            secure,
        })
    }
}

impl Ctx {
    /// Picks the text of the current language.
    pub fn t<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        if self.lang == "en" { en } else { zh }
    }

    /// The logged-in principal, or the unauthenticated error.
    pub fn user(&self) -> Result<&Principal, Error> {
        self.session
            .as_ref()
            .map(|s| &s.principal)
            .ok_or(Error::Unauthenticated)
    }

    /// The CSRF token forms must carry: the session's, or the anonymous double-submit one.
    pub fn csrf(&self) -> String {
        match &self.session {
            Some(s) => s.csrf.clone(),
            None => self.pre_csrf.clone().unwrap_or_default(),
        }
    }

    /// Checks a submitted CSRF token in constant time (the route guard calls it for every POST).
    pub(crate) fn check_csrf(&self, submitted: &str) -> Result<(), Error> {
        if same_token(&self.csrf(), submitted) {
            Ok(())
        } else {
            Err(Error::Forbidden {
                reason: "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试。".into(),
                reason_en: "the form expired or came from elsewhere (CSRF check failed); reload the page and try again".into(),
            })
        }
    }

    /// Turns a handler's result into a response: errors become a page in the caller's language,
    /// and an anonymous caller is sent to the login page.
    pub fn respond(&self, r: Result<Response, Error>) -> Response {
        match r {
            Ok(resp) => resp,
            Err(Error::Unauthenticated) => {
                Redirect::to(&format!("/login?next={}", enc(&self.uri))).into_response()
            }
            Err(e) => page_error(self.lang, self.session.is_some(), e),
        }
    }
}

/// Two tokens are equal and not empty, compared in constant time.
pub fn same_token(expected: &str, submitted: &str) -> bool {
    !expected.is_empty()
        && expected.len() == submitted.len()
        && expected
            .bytes()
            .zip(submitted.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// Percent-encodes a query value.
pub fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A local redirect target: only same-site absolute paths, never `//host` or a scheme. Browsers
/// drop tabs and newlines from a URL (`/\t/host` becomes `//host`), so any control character or
/// whitespace refuses the target too.
pub fn safe_next(next: &str) -> String {
    if next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.contains("://")
        && !next.chars().any(|c| c.is_control() || c.is_whitespace())
    {
        next.to_string()
    } else {
        "/".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_redirects_are_refused() {
        assert_eq!(safe_next("/org/officers?page=2"), "/org/officers?page=2");
        assert_eq!(safe_next("//evil.example/"), "/");
        assert_eq!(safe_next("https://evil.example/"), "/");
        assert_eq!(safe_next("/\\evil"), "/");
        assert_eq!(safe_next("/\t/evil.example/"), "/");
        assert_eq!(safe_next("/\n/evil.example/"), "/");
        assert_eq!(safe_next("/ /evil.example/"), "/");
    }

    #[test]
    fn encoding() {
        assert_eq!(enc("a b/张"), "a%20b%2F%E5%BC%A0");
    }
}
