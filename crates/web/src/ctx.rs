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
    /// The client address (the peer, or the trusted proxy's `X-Forwarded-For`).
    pub addr: String,
}

/// A server-issued anonymous form token: a random nonce and its keyed SM3 digest, so that a
/// token the client makes up (or plants in a cookie) is refused.
pub fn issue_form_token(key: &str) -> String {
    use rand::RngCore;
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut b);
    let nonce = hex::encode(b);
    let mac = form_mac(key, &nonce);
    format!("{nonce}{mac}")
}

/// Whether an anonymous form token was issued by this server (by any instance on its database).
pub fn form_token_valid(key: &str, token: &str) -> bool {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return false;
    }
    let (nonce, mac) = token.split_at(32);
    same_token(&form_mac(key, nonce), mac)
}

fn form_mac(key: &str, nonce: &str) -> String {
    use fazhi_core::audit::sm3_hex;
    let inner = sm3_hex(format!("{key}:{nonce}").as_bytes());
    sm3_hex(format!("{key}:{inner}").as_bytes())
        .chars()
        .take(32)
        .collect()
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
            pre_csrf: cookie(h, PRE_CSRF_COOKIE).filter(|t| form_token_valid(&state.form_key, t)),
            uri: parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_else(|| "/".into()),
            path: parts.uri.path().to_string(),
            secure,
            addr: crate::security::client_addr(
                &parts.headers,
                &parts.extensions,
                state.security.config.trust_forwarded_for,
            ),
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

/// The base a redirect target is resolved against: a target is safe only if it resolves to this
/// same origin. The host is reserved (`.invalid`, RFC 2606), so it can never be a real site.
const REDIRECT_BASE: &str = "http://fazhi.invalid/";

/// A local redirect target: the target is parsed as a URL relative to a same-site base (never
/// checked as a string prefix) and accepted only when it stays on that origin; the result is the
/// parsed path and query, re-serialised (percent-encoded ASCII, always a valid header). Anything
/// else gives `/`.
///
/// Browsers drop tabs and newlines from a URL (`/\t/host` becomes `//host`) and read `\` as `/`,
/// so control characters, whitespace and backslashes refuse the target before parsing, and so
/// does a target whose percent-decoded form would start a network path (`/%2f%2fhost`).
pub fn safe_next(next: &str) -> String {
    parse_local(next).unwrap_or_else(|| "/".into())
}

fn parse_local(next: &str) -> Option<String> {
    let suspicious = |s: &str| {
        s.chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\' || is_invisible(c))
    };
    if !next.starts_with('/') || next.starts_with("//") || suspicious(next) || next.len() > 2048 {
        return None;
    }
    let decoded = percent_decode(next);
    if decoded.starts_with("//") || suspicious(&decoded) {
        return None;
    }
    let base = url::Url::parse(REDIRECT_BASE).ok()?;
    let u = base.join(next).ok()?;
    if u.scheme() != base.scheme()
        || u.host_str() != base.host_str()
        || u.port() != base.port()
        || !u.username().is_empty()
        || u.password().is_some()
    {
        return None;
    }
    let mut out = u.path().to_string();
    if !out.starts_with('/') || out.starts_with("//") {
        return None;
    }
    if let Some(q) = u.query() {
        out.push('?');
        out.push_str(q);
    }
    Some(out)
}

/// Zero-width and direction-changing characters, which make a target read as something else.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

/// Decodes `%XX` escapes (lossily: a bad sequence stays as written).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex_val(b[i + 1]), hex_val(b[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_val(b: u8) -> Option<u8> {
    (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Known open-redirect bypasses: every one must fall back to `/`.
    pub const BYPASSES: &[&str] = &[
        "//evil.example/",
        "///evil.example/",
        "https://evil.example/",
        "http:evil.example",
        "https:/evil.example",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,x",
        "/\\evil.example",
        "/\\/evil.example",
        "\\\\evil.example",
        "/\t/evil.example/",
        "/\n/evil.example/",
        "/\r\n/evil.example/",
        "/ /evil.example/",
        "/%09/evil.example/",
        "/%0a/evil.example/",
        "/%0d%0a/evil.example/",
        "/%2f%2fevil.example",
        "/%2F/evil.example",
        "/%5cevil.example",
        "/%5c%5cevil.example",
        "%2f%2fevil.example",
        "evil.example",
        "/\u{3000}/evil.example",
        "/\u{200B}/evil.example",
        "/\u{202E}/evil.example",
        "\u{FF0F}\u{FF0F}evil.example",
        "/\u{00A0}/evil.example",
        "",
    ];

    #[test]
    fn known_redirect_bypasses_are_refused() {
        for b in BYPASSES {
            assert_eq!(safe_next(b), "/", "{b:?}");
        }
        assert_eq!(safe_next("/org/officers?page=2"), "/org/officers?page=2");
        assert_eq!(
            safe_next("/cases/list?q=%E5%BC%A0"),
            "/cases/list?q=%E5%BC%A0"
        );
        assert_eq!(safe_next("/cases/张"), "/cases/%E5%BC%A0");
        assert_eq!(safe_next("/a/../b"), "/b");
    }

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
    fn form_tokens_are_server_issued() {
        let t = issue_form_token("k1");
        assert!(form_token_valid("k1", &t));
        assert!(!form_token_valid("k2", &t), "another key");
        assert!(
            !form_token_valid("k1", &"a".repeat(64)),
            "made up by the client"
        );
        let mut forged = t.clone();
        forged.replace_range(0..1, if t.starts_with('0') { "1" } else { "0" });
        assert!(!form_token_valid("k1", &forged), "nonce changed");
    }

    #[test]
    fn encoding() {
        assert_eq!(enc("a b/张"), "a%20b%2F%E5%BC%A0");
    }
}
