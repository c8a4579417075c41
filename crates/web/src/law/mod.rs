//! The legal corpus on the web (issue 3, "Surfaces"): the law browser (`/law`, a law's tree
//! with article anchors and copyable citations and codes, one provision with its
//! cross-references), search, the version diff, the citation resolver, and the JSON API under
//! `/api/v1/law`. Everything is public read: no login, no permission.
//!
//! The corpus is the one parsed at server start from the statutes stored in the database
//! (`AppState::corpus`).

pub(crate) mod api;
mod pages;
mod text;

use axum::http::StatusCode;
use fazhi_law::{Law, LawError, Level, Status, Version};

use crate::ctx::{Ctx, enc};
use crate::routes::{Access as A, NavGroup as N, Route, ScopeRule as S};
use crate::shell::{NavGroup, NavItem, Shell};

/// Every page and API route of the legal corpus.
pub fn routes() -> Vec<Route> {
    let p = A::Public;
    vec![
        Route::get("/law", p, S::Open, pages::index).nav(N::Law, "法规库", "Statutes"),
        Route::get("/law/search", p, S::Open, pages::search).nav(N::Law, "法规检索", "Search"),
        Route::get("/law/diff", p, S::Open, pages::diff),
        Route::get("/law/cite", p, S::Open, pages::cite),
        Route::get("/law/{law}", p, S::Open, pages::law_page),
        Route::get("/law/{law}/{code}", p, S::Open, pages::provision_page),
        Route::get("/api/v1/law/openapi.json", p, S::Open, api::openapi),
        Route::get("/api/v1/law/laws", p, S::Open, api::laws),
        Route::get("/api/v1/law/laws/{law}", p, S::Open, api::law_tree),
        Route::get("/api/v1/law/provisions/{*code}", p, S::Open, api::provision),
        Route::get("/api/v1/law/search", p, S::Open, api::search),
        Route::get("/api/v1/law/cite", p, S::Open, api::cite),
        Route::get("/api/v1/law/diff", p, S::Open, api::diff),
    ]
}

/// Levels in display order.
const LEVELS: [Level; 4] = [
    Level::Law,
    Level::AdministrativeRegulation,
    Level::DepartmentalRule,
    Level::Other,
];

fn level_en(l: Level) -> &'static str {
    match l {
        Level::Law => "Laws",
        Level::AdministrativeRegulation => "Administrative regulations",
        Level::DepartmentalRule => "Departmental rules",
        Level::Other => "Other",
    }
}

/// `law`, `regulation`, `rule`, `other`: the English query value of a level.
fn level_key(l: Level) -> &'static str {
    match l {
        Level::Law => "law",
        Level::AdministrativeRegulation => "regulation",
        Level::DepartmentalRule => "rule",
        Level::Other => "other",
    }
}

/// Tag class of a status (`macros.html` `tag`).
fn status_kind(s: Status) -> &'static str {
    match s {
        Status::InForce => "ok",
        Status::NotYetInForce => "info",
        Status::Amended => "warn",
        Status::Repealed => "danger",
    }
}

fn status_label(ctx: &Ctx, s: Status) -> String {
    ctx.t(s.zh(), s.en()).to_string()
}

fn level_label(ctx: &Ctx, l: Level) -> String {
    ctx.t(l.zh(), level_en(l)).to_string()
}

/// HTTP status of a corpus error: what the caller named does not exist → 404; a malformed
/// code, date or citation → 422; reading failures → 500.
fn law_status(e: &LawError) -> StatusCode {
    match e {
        LawError::UnknownLaw(_)
        | LawError::UnknownVersion(_)
        | LawError::NoSuchProvision { .. }
        | LawError::NotInForce { .. } => StatusCode::NOT_FOUND,
        LawError::Io { .. } | LawError::Output(_) | LawError::Json(_) | LawError::Malformed(_) => {
            StatusCode::INTERNAL_SERVER_ERROR
        }
        LawError::Code(_)
        | LawError::NoContext { .. }
        | LawError::BadCitation { .. }
        | LawError::NothingResolvable(_) => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// The Chinese and English halves of a corpus error. `LawError::message_zh/en` split on
/// " / ", but some messages join the halves with "）/ " (no space before the slash); split on
/// the first "/ " so that both forms come apart.
fn messages(e: &LawError) -> (String, String) {
    let s = e.to_string();
    match s.find("/ ") {
        Some(i) => (s[..i].trim_end().to_string(), s[i + 2..].trim().to_string()),
        None => (s.clone(), s),
    }
}

/// The URL of a law's page (optionally a version of it).
fn law_href(law: &str, version: Option<&Version>) -> String {
    match version {
        Some(v) => format!("/law/{}?v={}", enc(law), v.date),
        None => format!("/law/{}", enc(law)),
    }
}

/// The URL of a provision page from a version-free code `law/path`, optionally pinned.
fn provision_href(code: &str, version_date: Option<&str>) -> String {
    let (law, path) = code.split_once('/').unwrap_or((code, ""));
    let mut s = if path.is_empty() {
        format!("/law/{}", enc(law))
    } else {
        format!("/law/{}/{}", enc(law), enc(path))
    };
    if let Some(d) = version_date {
        s.push_str("?v=");
        s.push_str(d);
    }
    s
}

/// The version date of an id `law@YYYY-MM-DD`.
fn version_date(id: &str) -> &str {
    id.split_once('@').map(|(_, d)| d).unwrap_or("")
}

/// A version's effective window for display: `2021-07-15 起` / `2017-10-01 至 2024-01-01`.
fn window(ctx: &Ctx, v: &Version) -> String {
    match v.ends {
        Some((end, _)) => format!("{} {} {}", v.effective, ctx.t("至", "to"), end),
        None => format!("{} {}", v.effective, ctx.t("起施行", "onwards")),
    }
}

/// The version a `?v=` asks for (a date, or a version id), else the current one.
fn pick_version<'a>(
    law: &'a Law,
    v: &str,
    today: fazhi_law::Date,
) -> Result<&'a Version, LawError> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(law.current(today));
    }
    let date = version_date(v);
    let date = if date.is_empty() { v } else { date };
    let unknown = || LawError::UnknownVersion(format!("{}@{}", law.code, date));
    let d: fazhi_law::Date = date.parse().map_err(|_| unknown())?;
    law.version(d).ok_or_else(unknown)
}

/// The console frame for law pages. Anonymous visitors get a navigation of their own (the
/// law pages and the portal); logged-in users get the law group completed with the diff and
/// the citation resolver.
fn law_shell(ctx: &Ctx, title: (&str, &str), crumbs: &[(&str, &str, Option<&str>)]) -> Shell {
    let mut s = Shell::new(ctx, title, crumbs);
    let item = |zh: &str, en: &str, href: &str| NavItem {
        label: ctx.t(zh, en).into(),
        href: href.into(),
        active: nav_active(&ctx.path, href),
    };
    let items = vec![
        item("法规库", "Statutes", "/law"),
        item("法规检索", "Search", "/law/search"),
        item("版本对照", "Compare versions", "/law/diff"),
        item("引用解析", "Resolve citations", "/law/cite"),
    ];
    if s.nav.is_empty() {
        s.nav.push(NavGroup {
            label: ctx.t("法律法规", "Laws").into(),
            items,
        });
        s.nav.push(NavGroup {
            label: ctx.t("公开", "Public").into(),
            items: vec![
                item("执法公示网站", "Disclosure portal", "/portal"),
                NavItem {
                    label: ctx.t("工作人员登录", "Staff login").into(),
                    href: format!("/login?next={}", enc(&ctx.uri)),
                    active: false,
                },
            ],
        });
    } else if let Some(g) = s
        .nav
        .iter_mut()
        .find(|g| g.items.iter().any(|i| i.href == "/law"))
    {
        g.items = items;
    }
    s
}

fn nav_active(path: &str, href: &str) -> bool {
    const TOOLS: [&str; 3] = ["/law/search", "/law/diff", "/law/cite"];
    if href == "/law" {
        path == "/law" || (path.starts_with("/law/") && !TOOLS.contains(&path))
    } else {
        path == href
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nav_marks_one_item() {
        assert!(nav_active("/law", "/law"));
        assert!(nav_active("/law/%E8%A1%8C", "/law"));
        assert!(!nav_active("/law/search", "/law"));
        assert!(nav_active("/law/search", "/law/search"));
    }

    #[test]
    fn hrefs_are_encoded() {
        assert_eq!(
            provision_href("行政处罚法/art_33__para_1", None),
            format!("/law/{}/art_33__para_1", enc("行政处罚法"))
        );
        assert_eq!(
            provision_href("行政处罚法", Some("2021-01-22")),
            format!("/law/{}?v=2021-01-22", enc("行政处罚法"))
        );
        assert_eq!(version_date("行政复议法@2017-09-01"), "2017-09-01");
    }

    #[test]
    fn both_message_forms_split() {
        let (zh, en) = messages(&LawError::UnknownLaw("刑法".into()));
        assert!(zh.starts_with("法规库中没有《刑法》"), "{zh}");
        assert!(en.starts_with("unknown law"), "{en}");
        let (zh, en) = messages(&LawError::UnknownVersion("行政复议法@2000-01-01".into()));
        assert!(zh.ends_with('）'), "{zh}");
        assert!(en.starts_with("no version"), "{en}");
    }
}
