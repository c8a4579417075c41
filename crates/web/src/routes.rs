//! The route table: every route of the console, the API and the portal is declared once, with its
//! method, path, who may call it, how its data is scoped and whether it writes. The router, the
//! navigation and the role × endpoint test are all derived from this table, and one guard wraps
//! every route: it resolves the session, refuses the wrong role and checks the CSRF token of every
//! POST before the handler runs, so no handler can forget either check.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::handler::Handler;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, get, post};
use fazhi_core::Error;
use fazhi_core::auth::{DataScope, Permission, Principal};

use crate::ctx::{Ctx, enc};
use crate::error::{ApiError, PendingError, page_error};
use crate::state::AppState;

/// Who may call a route. The guard checks it before the handler runs; the core checks the
/// permission and the data scope again on every read and write it does for the handler.
#[derive(Debug, Clone, Copy)]
pub enum Access {
    /// Anyone, logged in or not (the portal, the login page, public API).
    Public,
    /// Any logged-in account of the console.
    Console,
    /// A logged-in account whose role holds the permission.
    Perm(Permission),
    /// A logged-in account whose role holds any of the permissions.
    AnyOf(&'static [Permission]),
    /// The permission, held by an account whose data scope is the whole district.
    District(Permission),
}

impl Access {
    /// Whether an account (or an anonymous visitor) passes, without telling why.
    pub fn allows(self, who: Option<&Principal>) -> bool {
        self.check(who).is_ok()
    }

    /// The refusal the guard returns: unauthenticated or forbidden.
    pub fn check(self, who: Option<&Principal>) -> Result<(), Error> {
        let Some(p) = who else {
            return match self {
                Access::Public => Ok(()),
                _ => Err(Error::Unauthenticated),
            };
        };
        let ok = match self {
            Access::Public => true,
            Access::Console => p.role.can(Permission::Console),
            Access::Perm(perm) => p.role.can(perm),
            Access::AnyOf(perms) => perms.iter().any(|&perm| p.role.can(perm)),
            Access::District(perm) => p.role.can(perm) && p.scope == DataScope::District,
        };
        if ok {
            Ok(())
        } else {
            Err(Error::forbidden(
                "您的角色无权访问此功能。",
                "your role may not use this function",
            ))
        }
    }
}

/// How the records a route touches are limited to the caller, for readers of the table and the
/// docs (the enforcement itself is the typed scope predicate in core).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeRule {
    /// Public records (masked where personal), or no records at all.
    Open,
    /// The caller's data scope: own department, department tree or district (core filters).
    DataScope,
    /// Only the caller's own records (an enterprise's own inspections, one's own account).
    Own,
    /// System administration of the three administrators; no business records.
    System,
}

/// The module of the navigation a route appears under, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NavGroup {
    Workbench,
    Org,
    Powers,
    Sampling,
    Inspections,
    Cases,
    Supervision,
    Reconsideration,
    Enterprise,
    Dispatch,
    Law,
    System,
    Security,
    Audit,
    Public,
    LegalAffairs,
    Mediation,
}

impl NavGroup {
    /// (Chinese, English) label.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            NavGroup::Workbench => ("工作台", "Workbench"),
            NavGroup::Org => ("执法主体与人员", "Bodies & officers"),
            NavGroup::Powers => ("权责清单", "Power list"),
            NavGroup::Sampling => ("双随机检查", "Random inspections"),
            NavGroup::Inspections => ("行政检查", "Inspections"),
            NavGroup::Cases => ("行政处罚", "Penalty cases"),
            NavGroup::Supervision => ("执法监督", "Supervision"),
            NavGroup::Reconsideration => ("行政复议与应诉", "Reconsideration & litigation"),
            NavGroup::Enterprise => ("企业服务", "Enterprise"),
            NavGroup::Dispatch => ("工单分拨", "Work orders"),
            NavGroup::Law => ("法律法规", "Laws"),
            NavGroup::System => ("系统管理", "System"),
            NavGroup::Security => ("安全管理", "Security"),
            NavGroup::Audit => ("安全审计", "Audit"),
            NavGroup::Public => ("公开", "Public"),
            NavGroup::LegalAffairs => ("法制业务", "Legal affairs"),
            NavGroup::Mediation => ("人民调解", "People's mediation"),
        }
    }
}

/// A navigation entry of a GET route.
#[derive(Debug, Clone, Copy)]
pub struct NavEntry {
    pub group: NavGroup,
    pub zh: &'static str,
    pub en: &'static str,
    /// Shown only to these roles' permissions, when narrower than the route's access (the
    /// workbench lists tasks only for those who get tasks).
    pub shown: Option<Access>,
}

/// One declared route, without its handler.
#[derive(Debug, Clone)]
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
    pub scope: ScopeRule,
    /// The route changes records (and so writes the audit chain).
    pub writes: bool,
    pub nav: Option<NavEntry>,
}

impl RouteSpec {
    /// Under `/api/`: errors are JSON, an anonymous caller gets 401 rather than the login page.
    pub fn is_api(&self) -> bool {
        self.path.starts_with("/api/")
    }
}

/// A route: its declaration and its handler.
pub struct Route {
    pub spec: RouteSpec,
    handler: MethodRouter<AppState>,
}

impl Route {
    /// A GET route (never writes).
    pub fn get<H, T>(path: &'static str, access: Access, scope: ScopeRule, h: H) -> Route
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        Route::new(Method::GET, path, access, scope, false, get(h))
    }

    /// A POST route that writes. The guard checks its CSRF token before the handler runs.
    pub fn post<H, T>(path: &'static str, access: Access, scope: ScopeRule, h: H) -> Route
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        Route::new(Method::POST, path, access, scope, true, post(h))
    }

    /// A POST route that computes without writing (an evaluation, a classification); its CSRF
    /// token is checked all the same.
    pub fn post_query<H, T>(path: &'static str, access: Access, scope: ScopeRule, h: H) -> Route
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        Route::new(Method::POST, path, access, scope, false, post(h))
    }

    fn new(
        method: Method,
        path: &'static str,
        access: Access,
        scope: ScopeRule,
        writes: bool,
        handler: MethodRouter<AppState>,
    ) -> Route {
        Route {
            spec: RouteSpec {
                method,
                path,
                access,
                scope,
                writes,
                nav: None,
            },
            handler,
        }
    }

    /// Lists the route in the navigation.
    pub fn nav(mut self, group: NavGroup, zh: &'static str, en: &'static str) -> Route {
        self.spec.nav = Some(NavEntry {
            group,
            zh,
            en,
            shown: None,
        });
        self
    }

    /// Lists the route in the navigation for those who pass `shown` as well as the route's access.
    pub fn nav_for(
        mut self,
        group: NavGroup,
        zh: &'static str,
        en: &'static str,
        shown: Access,
    ) -> Route {
        self.spec.nav = Some(NavEntry {
            group,
            zh,
            en,
            shown: Some(shown),
        });
        self
    }
}

/// Every route of the application, module by module, in navigation order.
pub fn all() -> Vec<Route> {
    let mut v = Vec::new();
    v.extend(crate::home::routes());
    v.extend(crate::login::routes());
    v.extend(crate::admin::routes());
    v.extend(crate::org::routes());
    v.extend(crate::powers::routes());
    v.extend(crate::sampling::routes());
    v.extend(crate::inspection::routes());
    v.extend(crate::cases::routes());
    v.extend(crate::leniency::routes());
    v.extend(crate::supervision::routes());
    v.extend(crate::reconsideration::routes());
    v.extend(crate::dispatch::routes());
    v.extend(crate::law::routes());
    v.extend(crate::portal::routes());
    v.extend(crate::api::routes());
    v.extend(crate::decisions::routes());
    v.extend(crate::counsel::routes());
    v.extend(crate::normative::routes());
    v.extend(crate::mediation::routes());
    v
}

/// The table without handlers: what the navigation, the docs and the tests read.
pub fn table() -> Vec<RouteSpec> {
    all().into_iter().map(|r| r.spec).collect()
}

/// The table, built once per process (the navigation reads it on every page).
pub fn spec_table() -> &'static [RouteSpec] {
    static TABLE: std::sync::OnceLock<Vec<RouteSpec>> = std::sync::OnceLock::new();
    TABLE.get_or_init(table)
}

/// The router of every declared route, each behind the guard with its own declaration.
pub fn router(state: &AppState) -> axum::Router<AppState> {
    let mut by_path: Vec<(&'static str, MethodRouter<AppState>)> = Vec::new();
    for r in all() {
        let path = r.spec.path;
        let spec = std::sync::Arc::new(r.spec);
        let guarded = r.handler.route_layer(axum::middleware::from_fn_with_state(
            Guard {
                app: state.clone(),
                spec,
            },
            guard,
        ));
        match by_path.iter_mut().find(|(p, _)| *p == path) {
            Some((_, mr)) => *mr = std::mem::take(mr).merge(guarded),
            None => by_path.push((path, guarded)),
        }
    }
    by_path
        .into_iter()
        .fold(axum::Router::new(), |router, (path, mr)| {
            router.route(path, mr)
        })
}

/// What the guard of one route knows.
#[derive(Clone)]
struct Guard {
    app: AppState,
    spec: std::sync::Arc<RouteSpec>,
}

/// The session the guard resolved, handed to the `Ctx` extractor so it is read once per request.
#[derive(Clone)]
pub struct Resolved(pub Option<fazhi_core::auth::SessionInfo>);

/// Runs before every handler: session, access, CSRF; afterwards renders a page handler's error in
/// the caller's language.
async fn guard(State(g): State<Guard>, req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    let ctx = match Ctx::from_request_parts(&mut parts, &g.app).await {
        Ok(c) => c,
        Err(resp) => return resp,
    };
    let refuse = |e: Error| refusal(&ctx, &g.spec, e);
    if let Err(e) = g
        .spec
        .access
        .check(ctx.session.as_ref().map(|s| &s.principal))
    {
        return refuse(e);
    }
    // Anonymous writes (every public POST: complaints, login) are rate limited per client address
    // before the body is read; login has a bucket of its own as well.
    if g.spec.method == Method::POST && matches!(g.spec.access, Access::Public) {
        let sec = &g.app.security;
        let take = |kind: &str, rate| sec.buckets.take(&format!("{kind}:{}", ctx.addr), rate);
        let mut limited = take("write", sec.config.write_per_addr).err();
        if limited.is_none() && g.spec.path == "/login" {
            limited = take("login", sec.config.login_per_addr).err();
        }
        if let Some(wait) = limited {
            return crate::security::too_many(g.spec.is_api(), ctx.lang, wait);
        }
    }
    let body = if g.spec.method == Method::POST {
        match csrf_checked(&ctx, &g.spec, &parts.headers, body).await {
            Ok(b) => b,
            Err(e) => return refuse(e),
        }
    } else {
        body
    };
    parts.extensions.insert(Resolved(ctx.session.clone()));
    let resp = next.run(Request::from_parts(parts, body)).await;
    // A page handler's error (`PageError`) is rendered here, where the caller's language is known.
    let mut resp = match resp
        .extensions()
        .get::<PendingError>()
        .and_then(PendingError::take)
    {
        Some(e) => refusal(&ctx, &g.spec, e),
        None => resp,
    };
    // Under /api, an extractor's plain-text rejection (a bad query string or path segment)
    // becomes the documented JSON 422.
    if g.spec.is_api() && is_plain_rejection(&resp) {
        let (_, body) = resp.into_parts();
        let text = axum::body::to_bytes(body, 16 * 1024)
            .await
            .map(|b| {
                String::from_utf8_lossy(&b)
                    .chars()
                    .take(300)
                    .collect::<String>()
            })
            .unwrap_or_default();
        resp = ApiError(Error::of(fazhi_core::Code::ApiQuery).arg("detail", text)).into_response();
    }
    // For the access log (and its `no-store` on every logged-in response).
    if let Some(s) = &ctx.session {
        resp.extensions_mut()
            .insert(crate::security::AccessUser(s.principal.username.clone()));
    }
    resp
}

/// A 400 or 422 in plain text: axum's rejection of a query string, path or form.
fn is_plain_rejection(resp: &Response) -> bool {
    matches!(resp.status().as_u16(), 400 | 422)
        && resp
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/plain"))
}

/// An error as the caller should see it: JSON under /api, the login page for an anonymous
/// visitor, otherwise a page in the caller's language.
fn refusal(ctx: &Ctx, spec: &RouteSpec, e: Error) -> Response {
    if spec.is_api() {
        return ApiError(e).into_response();
    }
    match e {
        Error::Unauthenticated => {
            Redirect::to(&format!("/login?next={}", enc(&ctx.uri))).into_response()
        }
        e => page_error(ctx.lang, ctx.session.is_some(), e),
    }
}

/// Largest body the guard reads to find a form's token: the upload limit.
const MAX_BODY: usize = fazhi_core::excel::MAX_UPLOAD_BYTES + 64 * 1024;

/// Checks the CSRF token of a POST: the `X-CSRF-Token` header, or the `csrf` field of a form or
/// of a multipart upload. Returns the body for the handler to read.
async fn csrf_checked(
    ctx: &Ctx,
    spec: &RouteSpec,
    headers: &HeaderMap,
    body: Body,
) -> Result<Body, Error> {
    let check = |t: &str| match spec.access {
        // Public forms (login, complaints) carry the anonymous double-submit token even when a
        // session cookie is present.
        Access::Public => ctx.check_csrf(t).or_else(|e| match &ctx.pre_csrf {
            Some(pre) if crate::ctx::same_token(pre, t) => Ok(()),
            _ => Err(e),
        }),
        _ => ctx.check_csrf(t),
    };
    if let Some(t) = headers.get("x-csrf-token").and_then(|v| v.to_str().ok()) {
        check(t)?;
        return Ok(body);
    }
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let bytes = read_bounded(body).await?;
    let token = if ctype.starts_with("application/x-www-form-urlencoded") {
        form_field(&bytes, "csrf")
    } else if ctype.starts_with("multipart/form-data") {
        multipart_field(&ctype, bytes.clone(), "csrf").await
    } else {
        None
    };
    check(token.as_deref().unwrap_or(""))?;
    Ok(Body::from(bytes))
}

/// Reads a body of at most `MAX_BODY` bytes. A larger one is refused, but first read to its end
/// (up to four times the limit) so that the client, still sending, receives the refusal instead of
/// a broken connection.
async fn read_bounded(body: Body) -> Result<Bytes, Error> {
    use futures_util::StreamExt;
    let mut stream = body.into_data_stream();
    let mut buf = Vec::new();
    let mut seen = 0usize;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| fazhi_core::excel::too_large())?;
        seen += chunk.len();
        if seen > 4 * MAX_BODY {
            break;
        }
        if seen <= MAX_BODY {
            buf.extend_from_slice(&chunk);
        }
    }
    if seen > MAX_BODY {
        return Err(fazhi_core::excel::too_large());
    }
    Ok(Bytes::from(buf))
}

/// One field of an urlencoded form.
fn form_field(bytes: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// One text field of a multipart body (the forms put the token first; every part is scanned).
async fn multipart_field(ctype: &str, bytes: Bytes, name: &str) -> Option<String> {
    let boundary = multer::parse_boundary(ctype).ok()?;
    let stream = futures_util::stream::once(async move { Ok::<Bytes, std::io::Error>(bytes) });
    let mut mp = multer::Multipart::new(stream, boundary);
    while let Ok(Some(field)) = mp.next_field().await {
        if field.name() == Some(name) {
            return field.text().await.ok();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_declared_once() {
        let t = table();
        for (i, a) in t.iter().enumerate() {
            for b in &t[i + 1..] {
                assert!(
                    !(a.method == b.method && a.path == b.path),
                    "{} {} declared twice",
                    a.method,
                    a.path
                );
            }
        }
    }

    #[test]
    fn writes_are_posts() {
        for r in table() {
            if r.writes {
                assert_eq!(r.method, Method::POST, "{} writes on {}", r.path, r.method);
            }
        }
    }

    #[test]
    fn navigation_links_are_get_routes() {
        for r in table() {
            if r.nav.is_some() {
                assert_eq!(r.method, Method::GET, "{}", r.path);
                assert!(!r.path.contains('{'), "{} has a parameter", r.path);
            }
        }
    }

    #[test]
    fn forms_carry_the_token_that_is_checked() {
        assert_eq!(
            form_field(b"a=1&csrf=abc%20d", "csrf").as_deref(),
            Some("abc d")
        );
        assert_eq!(form_field(b"a=1", "csrf"), None);
    }
}
