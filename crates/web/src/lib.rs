//! Fazhi's web layer: the console (server-rendered HTML), the JSON API under `/api/v1` and
//! the public portal, in one axum router. Every handler asks the core for a permission and
//! passes the caller's principal down, so role and data scope are enforced on the server.

mod admin;
mod api;
mod assets;
mod cases;
mod ctx;
mod dispatch;
mod error;
mod home;
mod inspection;
mod law;
mod leniency;
mod login;
mod org;
mod portal;
mod powers;
mod sampling;
mod shell;
mod state;
mod supervision;

use std::net::SocketAddr;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, header};
use axum::routing::{get, post};
use tower_http::set_header::SetResponseHeaderLayer;

pub use state::AppState;

/// Upper bound of any request body: the largest import plus multipart overhead.
const BODY_LIMIT: usize = fazhi_core::excel::MAX_UPLOAD_BYTES + 64 * 1024;

/// The whole application.
pub fn router(state: AppState) -> Router {
    let html = Router::new()
        .route("/", get(home::home))
        .route("/login", get(login::login_page).post(login::login_submit))
        .route("/logout", post(login::logout))
        .route("/lang", get(login::switch_lang))
        .route(
            "/org/departments",
            get(org::departments_page).post(org::department_create),
        )
        .route("/org/departments/export.xlsx", get(org::departments_export))
        .route("/org/officers/{id}/training", post(org::training_add))
        .route(
            "/org/officers",
            get(org::officers_page).post(org::officer_create),
        )
        .route("/org/officers/new", get(org::officer_new))
        .route("/org/officers/export.xlsx", get(org::officers_export))
        .route(
            "/org/officers/import",
            get(org::import_page).post(org::import_submit),
        )
        .route(
            "/org/officers/import/template.xlsx",
            get(org::import_template),
        )
        .route("/org/officers/{id}", get(org::officer_page))
        .route("/org/officers/{id}/cards", post(org::card_add))
        .route("/org/cards/{id}/status", post(org::card_status))
        .route(
            "/admin/users",
            get(admin::users_page).post(admin::user_create),
        )
        .route(
            "/admin/calendar",
            get(admin::calendar_page).post(admin::calendar_save),
        )
        .route("/security/users", get(admin::security_page))
        .route("/security/users/{id}/role", post(admin::security_set_role))
        .route("/security/users/{id}/unlock", post(admin::security_unlock))
        .route("/audit/log", get(admin::audit_log_page))
        .route("/audit/log/export.xlsx", get(admin::audit_export))
        .route("/audit/verify", post(admin::audit_verify))
        .route("/tools/deadline", get(admin::deadline_tool))
        .route("/portal", get(portal::portal_home))
        .route("/portal/officers", get(portal::portal_officers));
    let api = api::routes()
        .merge(powers::routes())
        .merge(sampling::routes())
        .merge(dispatch::routes())
        .merge(inspection::routes())
        .merge(law::routes())
        .merge(cases::routes())
        .merge(leniency::routes())
        .merge(supervision::routes());
    Router::new()
        .merge(html)
        .merge(api)
        .route("/healthz", get(api::healthz))
        .route("/static/{file}", get(assets::serve))
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
pub async fn serve(state: AppState, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    serve_on(state, listener).await
}

/// Serves on an already-bound listener (tests bind port 0).
pub async fn serve_on(state: AppState, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let app = router(state);
    axum::serve(listener, app)
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
