//! Login, logout and the language switch.

use axum::Form;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use fazhi_core::auth::throttle::account_key;
use fazhi_core::auth::{LoginOutcome, login_from, logout as end_session};
use serde::Deserialize;

use crate::ctx::{
    Ctx, LANG_COOKIE, PRE_CSRF_COOKIE, SESSION_COOKIE, issue_form_token, safe_next, set_cookie,
};
use crate::error::Page;
use crate::error::render;
use crate::routes::{Access as A, Route, ScopeRule as S};
use crate::shell::Shell;
use crate::state::AppState;

#[derive(askama::Template)]
#[template(path = "login.html")]
struct LoginPage {
    shell: Shell,
    error: Option<String>,
    username: String,
    next: String,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

fn login_shell(ctx: &Ctx, csrf: &str) -> Shell {
    let mut shell = Shell::new(ctx, ("登录", "Log in"), &[]);
    shell.nav.clear();
    shell.user = None;
    shell.csrf = csrf.to_string();
    shell
}

/// `GET /login`: issues the anonymous CSRF cookie the form echoes back. The token is the
/// server's (signed with its key): one the client makes up is replaced, never adopted.
pub async fn login_page(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(q): Query<NextQuery>,
) -> Response {
    if ctx.session.is_some() {
        return Redirect::to("/").into_response();
    }
    let pre = ctx
        .pre_csrf
        .clone()
        .unwrap_or_else(|| issue_form_token(&st.form_key));
    let page = LoginPage {
        shell: login_shell(&ctx, &pre),
        error: None,
        username: String::new(),
        next: safe_next(q.next.as_deref().unwrap_or("/")),
    };
    let cookie = set_cookie(PRE_CSRF_COOKIE, &pre, None, ctx.secure);
    match render(&page) {
        Ok(r) => ([(header::SET_COOKIE, cookie)], r).into_response(),
        Err(e) => ctx.respond(Err(e)),
    }
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    csrf: String,
    next: Option<String>,
}

/// `POST /login`.
pub async fn login_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Form(f): Form<LoginForm>,
) -> Response {
    // The anonymous double-submit token guards the login form against login CSRF.
    let anon = Ctx {
        session: None,
        ..ctx
    };
    if let Err(e) = anon.check_csrf(&f.csrf) {
        return anon.respond(Err(e));
    }
    let next = safe_next(f.next.as_deref().unwrap_or("/"));
    let fail = |status: axum::http::StatusCode, msg: String, anon: &Ctx| {
        let pre = anon.pre_csrf.clone().unwrap_or_default();
        let page = LoginPage {
            shell: login_shell(anon, &pre),
            error: Some(msg),
            username: f.username.chars().take(64).collect(),
            next: next.clone(),
        };
        match render(&page) {
            Ok(r) => (status, r).into_response(),
            Err(e) => anon.respond(Err(e)),
        }
    };
    let username = f.username.trim();
    // Login attempts per typed username (the per-address bucket is the guard's).
    if let Err(wait) = st.security.buckets.take(
        &format!("login-account:{}", account_key(username)),
        st.security.config.login_per_account,
    ) {
        return crate::security::too_many(false, anon.lang, wait);
    }
    match login_from(&st.db, username, &f.password, &anon.addr).await {
        Ok(LoginOutcome::Success { token, .. }) => {
            let cookie = set_cookie(SESSION_COOKIE, &token, None, anon.secure);
            ([(header::SET_COOKIE, cookie)], Redirect::to(&next)).into_response()
        }
        Ok(LoginOutcome::BadCredentials) => fail(
            axum::http::StatusCode::UNAUTHORIZED,
            anon.t(
                "用户名或密码错误。连续失败后须等待片刻才能再试。",
                "Wrong user name or password. After repeated failures you must wait a moment before trying again.",
            )
            .into(),
            &anon,
        ),
        Ok(LoginOutcome::Throttled { retry_after_ms }) => {
            let secs = (retry_after_ms + 999) / 1000;
            let mut r = fail(
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                if anon.lang == "en" {
                    format!("Too many failed logins for this user name or from this address; try again in {secs} seconds. The security administrator can lift the wait.")
                } else {
                    format!("该用户名或本地址登录失败次数过多，请 {secs} 秒后再试；安全管理员可解除等待。")
                },
                &anon,
            );
            if let Ok(v) = axum::http::HeaderValue::from_str(&secs.max(1).to_string()) {
                r.headers_mut().insert(header::RETRY_AFTER, v);
            }
            r
        }
        Ok(LoginOutcome::Disabled) => fail(
            axum::http::StatusCode::UNAUTHORIZED,
            anon.t(
                "账号已停用或尚待批准，请联系系统管理员。",
                "The account is disabled or awaiting approval; contact the system administrator.",
            )
            .into(),
            &anon,
        ),
        Err(e) => anon.respond(Err(e)),
    }
}

/// `POST /logout`.
pub async fn logout(ctx: Ctx, State(st): State<AppState>) -> Page {
    let who = ctx.user()?;
    if let Some(t) = &ctx.token {
        end_session(&st.db, t, who.actor()).await?;
    }
    let cookie = set_cookie(SESSION_COOKIE, "", Some(0), ctx.secure);
    Ok((
        [(header::SET_COOKIE, cookie)],
        Redirect::to("/login?flash=logged_out"),
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct LangQuery {
    to: String,
    back: Option<String>,
}

/// `GET /lang?to=en&back=/path`.
pub async fn switch_lang(ctx: Ctx, Query(q): Query<LangQuery>) -> Response {
    let lang = if q.to == "en" { "en" } else { "zh" };
    let cookie = set_cookie(LANG_COOKIE, lang, Some(365 * 24 * 3600), ctx.secure);
    let back = safe_next(q.back.as_deref().unwrap_or("/"));
    ([(header::SET_COOKIE, cookie)], Redirect::to(&back)).into_response()
}

/// Routes of logging in and out and of the language switch.
pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/login", A::Public, S::Open, login_page),
        Route::post("/login", A::Public, S::Own, login_submit),
        Route::post("/logout", A::Console, S::Own, logout),
        Route::get("/lang", A::Public, S::Open, switch_lang),
        Route::get("/static/{file}", A::Public, S::Open, crate::assets::serve),
    ]
}
