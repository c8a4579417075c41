//! Login, logout and the language switch.

use axum::Form;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use fazhi_core::auth::{LoginOutcome, login, logout as end_session};
use rand::RngCore;
use serde::Deserialize;

use crate::ctx::{Ctx, LANG_COOKIE, PRE_CSRF_COOKIE, SESSION_COOKIE, safe_next, set_cookie};
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

fn new_token() -> String {
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

fn login_shell(ctx: &Ctx, csrf: &str) -> Shell {
    let mut shell = Shell::new(ctx, ("登录", "Log in"), &[]);
    shell.nav.clear();
    shell.user = None;
    shell.csrf = csrf.to_string();
    shell
}

/// `GET /login`: issues the anonymous CSRF cookie the form echoes back.
pub async fn login_page(ctx: Ctx, Query(q): Query<NextQuery>) -> Response {
    if ctx.session.is_some() {
        return Redirect::to("/").into_response();
    }
    let pre = ctx
        .pre_csrf
        .clone()
        .filter(|t| t.len() == 64)
        .unwrap_or_else(new_token);
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
    let fail = |msg: String, anon: &Ctx| {
        let pre = anon.pre_csrf.clone().unwrap_or_default();
        let page = LoginPage {
            shell: login_shell(anon, &pre),
            error: Some(msg),
            username: f.username.clone(),
            next: next.clone(),
        };
        match render(&page) {
            Ok(r) => (axum::http::StatusCode::UNAUTHORIZED, r).into_response(),
            Err(e) => anon.respond(Err(e)),
        }
    };
    match login(&st.db, f.username.trim(), &f.password).await {
        Ok(LoginOutcome::Success { token, .. }) => {
            let cookie = set_cookie(SESSION_COOKIE, &token, None, anon.secure);
            ([(header::SET_COOKIE, cookie)], Redirect::to(&next)).into_response()
        }
        Ok(LoginOutcome::BadCredentials) => fail(
            anon.t(
                "用户名或密码错误。连续 5 次错误将锁定账号 15 分钟。",
                "Wrong user name or password. Five failures in a row lock the account for 15 minutes.",
            )
            .into(),
            &anon,
        ),
        Ok(LoginOutcome::Locked { until }) => {
            let mins = ((until - fazhi_core::time::now_ms()) / 60_000).max(1);
            fail(
                if anon.lang == "en" {
                    format!("The account is locked after repeated failures; try again in {mins} minutes or ask the security administrator.")
                } else {
                    format!("账号因连续登录失败已被锁定，请 {mins} 分钟后再试，或联系安全管理员解锁。")
                },
                &anon,
            )
        }
        Ok(LoginOutcome::Disabled) => fail(
            anon.t("账号已停用，请联系系统管理员。", "The account is disabled; contact the system administrator.").into(),
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
