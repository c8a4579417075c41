//! Errors as a person sees them (a page in their language) and as the API returns them
//! (`{code, message, message_en, field}`), mapped to HTTP status in one place.

use std::sync::{Arc, Mutex};

use askama::Template;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use fazhi_core::{Code, Error};
use serde::Serialize;

use crate::shell::Shell;

/// HTTP status of a domain error.
pub fn status_of(e: &Error) -> StatusCode {
    match e {
        Error::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        Error::NotFound { .. } => StatusCode::NOT_FOUND,
        Error::Forbidden { .. } => StatusCode::FORBIDDEN,
        Error::Unauthenticated => StatusCode::UNAUTHORIZED,
        Error::Conflict { .. } => StatusCode::CONFLICT,
        Error::Db(_) | Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    shell: Shell,
    status: u16,
    message: String,
    message_en: String,
    back_href: String,
}

/// An error page.
pub fn page_error(lang: &'static str, logged_in: bool, e: Error) -> Response {
    let status = status_of(&e);
    if status == StatusCode::INTERNAL_SERVER_ERROR {
        tracing::error!(error = %e, "request failed");
    }
    let mut shell = Shell::bare(lang, if lang == "en" { "Error" } else { "出错了" });
    if logged_in {
        shell.back_to_console();
    }
    let page = ErrorPage {
        shell,
        status: status.as_u16(),
        message: e.message_zh(),
        message_en: e.message_en(),
        back_href: "javascript:history.back()".into(),
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (status, e.message_en()).into_response(),
    }
}

/// The JSON error body.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApiErrorBody {
    pub code: String,
    pub message: String,
    pub message_en: String,
    pub field: Option<String>,
}

/// A page handler's error: `?` turns a domain error into it, and the route's guard renders it as
/// a page in the caller's language (or sends an anonymous caller to the login page).
#[derive(Debug)]
pub struct PageError(pub Error);

impl From<Error> for PageError {
    fn from(e: Error) -> Self {
        PageError(e)
    }
}

/// What a page handler returns.
pub type Page = Result<Response, PageError>;

/// The error a page handler returned, carried in the response for the guard to render.
#[derive(Clone)]
pub struct PendingError(Arc<Mutex<Option<Error>>>);

impl PendingError {
    /// Takes the error out (once).
    pub fn take(&self) -> Option<Error> {
        self.0.lock().ok().and_then(|mut e| e.take())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let mut resp = status_of(&self.0).into_response();
        resp.extensions_mut()
            .insert(PendingError(Arc::new(Mutex::new(Some(self.0)))));
        resp
    }
}

/// An API error.
pub struct ApiError(pub Error);

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = status_of(&self.0);
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(error = %self.0, "api request failed");
        }
        let body = ApiErrorBody {
            code: self.0.code().to_string(),
            message: self.0.message_zh(),
            message_en: self.0.message_en(),
            field: self.0.field().map(str::to_string),
        };
        (status, Json(body)).into_response()
    }
}

/// The body of a JSON API request, or the API's bilingual error for malformed JSON or a field of
/// the wrong type (instead of axum's plain-text rejection).
pub fn json_body<T>(body: Result<Json<T>, JsonRejection>) -> Result<T, Error> {
    body.map(|Json(t)| t)
        .map_err(|e| Error::of(Code::ApiBody).arg("detail", e.body_text()))
}

/// Renders a template, mapping a template failure to an internal error.
pub fn render<T: Template>(t: &T) -> Result<Response, Error> {
    t.render()
        .map(|h| Html(h).into_response())
        .map_err(|e| Error::Internal(format!("template: {e}")))
}
