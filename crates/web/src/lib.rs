//! Fazhi's web layer: the console (server-rendered HTML), the JSON API under `/api/v1` and
//! the public portal, in one axum router built from the route table (`routes`): a guard checks
//! each route's declared access and the CSRF token of every POST before its handler runs, and
//! handlers pass the caller's principal to the core, which checks permission and data scope again.

mod admin;
mod api;
mod assets;
mod cases;
mod counsel;
mod ctx;
mod decisions;
mod dispatch;
mod error;
mod home;
mod inspection;
mod jobs;
mod law;
mod leniency;
mod login;
mod mediation;
mod normative;
mod org;
mod portal;
mod powers;
mod reconsideration;
pub mod routes;
mod sampling;
mod security;
mod shell;
mod state;
mod supervision;

use std::net::SocketAddr;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;

pub use security::{AccessLog, Rate, SecurityConfig};
pub use state::AppState;

/// Upper bound of any request body: the largest import plus multipart overhead.
const BODY_LIMIT: usize = fazhi_core::excel::MAX_UPLOAD_BYTES + 64 * 1024;

/// The whole application.
pub fn router(state: AppState) -> Router {
    let logged = axum::middleware::from_fn_with_state(state.clone(), security::access_log);
    routes::router(&state)
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        .layer(logged)
        .with_state(state)
}

/// Unknown paths: a page (or a JSON error under /api) in the caller's language.
async fn not_found(ctx: ctx::Ctx) -> axum::response::Response {
    let e = fazhi_core::Error::not_found("page");
    if ctx.path.starts_with("/api/") {
        axum::response::IntoResponse::into_response(error::ApiError(e))
    } else {
        error::page_error(ctx.lang, ctx.session.is_some(), e)
    }
}

/// Serves until Ctrl-C (or SIGTERM), then drains in-flight requests.
/// Starts the daily law-currency check beside it.
pub async fn serve(state: AppState, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    jobs::spawn_law_currency(state.clone());
    serve_on(state, listener).await
}

/// Serves on an already-bound listener (tests bind port 0).
pub async fn serve_on(state: AppState, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let app = router(state);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// The address a listener is bound to, for log lines.
pub fn describe(addr: &SocketAddr) -> String {
    format!("http://{addr}/")
}
