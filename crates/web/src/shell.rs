//! The console frame every page shares: top bar, navigation by module, breadcrumb.

use fazhi_core::auth::{Principal, Role};

use crate::ctx::{Ctx, enc};
use crate::routes;

/// One breadcrumb step.
pub struct Crumb {
    pub label: String,
    pub href: Option<String>,
}

/// The user shown in the top bar.
pub struct UserBadge {
    pub name: String,
    pub role: String,
    pub department: String,
}

/// A navigation group (one module of the report's system map).
pub struct NavGroup {
    pub label: String,
    pub items: Vec<NavItem>,
}

/// A navigation link.
pub struct NavItem {
    pub label: String,
    pub href: String,
    pub active: bool,
}

/// A one-off message after a redirect.
pub struct Flash {
    pub kind: String,
    pub text: String,
}

/// What `layout.html` needs.
pub struct Shell {
    pub lang: &'static str,
    pub title: String,
    pub district: String,
    pub breadcrumb: Vec<Crumb>,
    pub user: Option<UserBadge>,
    pub nav: Vec<NavGroup>,
    pub csrf: String,
    pub lang_href: String,
    pub lang_label: String,
    pub flash: Option<Flash>,
}

impl Shell {
    /// Picks the text of the page's language.
    pub fn t<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        if self.lang == "en" { en } else { zh }
    }

    /// A frame with no user and no navigation (login, errors).
    pub fn bare(lang: &'static str, title: &str) -> Shell {
        Shell {
            lang,
            title: title.to_string(),
            district: district(lang).into(),
            breadcrumb: Vec::new(),
            user: None,
            nav: Vec::new(),
            csrf: String::new(),
            lang_href: format!("/lang?to={}&back=/", if lang == "en" { "zh" } else { "en" }),
            lang_label: if lang == "en" {
                "中文".into()
            } else {
                "English".into()
            },
            flash: None,
        }
    }

    /// Adds a single link home, for error pages of logged-in users.
    pub fn back_to_console(&mut self) {
        self.nav.push(NavGroup {
            label: self.t("工作台", "Workbench").into(),
            items: vec![NavItem {
                label: self.t("首页", "Home").into(),
                href: "/".into(),
                active: false,
            }],
        });
    }

    /// The frame of a console page. `crumbs` are (zh, en, href) from the module to the page.
    pub fn new(ctx: &Ctx, title: (&str, &str), crumbs: &[(&str, &str, Option<&str>)]) -> Shell {
        let lang = ctx.lang;
        let pick = |zh: &str, en: &str| {
            if lang == "en" {
                en.to_string()
            } else {
                zh.to_string()
            }
        };
        let user = ctx.session.as_ref().map(|s| {
            let p = &s.principal;
            UserBadge {
                name: p.display_name.clone(),
                role: pick(p.role.label_zh(), p.role.label_en()),
                department: p.department_name.clone(),
            }
        });
        let mut breadcrumb: Vec<Crumb> = crumbs
            .iter()
            .map(|(zh, en, href)| Crumb {
                label: pick(zh, en),
                href: href.map(str::to_string),
            })
            .collect();
        breadcrumb.push(Crumb {
            label: pick(title.0, title.1),
            href: None,
        });
        Shell {
            lang,
            title: pick(title.0, title.1),
            district: district(lang).into(),
            breadcrumb,
            user,
            nav: nav(
                ctx.session
                    .as_ref()
                    .map(|s| &s.principal)
                    .filter(|p| p.role != Role::Public),
                lang,
                &ctx.path,
            ),
            csrf: ctx.csrf(),
            lang_href: format!(
                "/lang?to={}&back={}",
                if lang == "en" { "zh" } else { "en" },
                enc(&ctx.uri)
            ),
            lang_label: pick("English", "中文"),
            flash: flash_from_uri(&ctx.uri, lang),
        }
    }
}

fn district(lang: &str) -> &'static str {
    if lang == "en" {
        "Binhai New Area, Tianjin"
    } else {
        "天津市滨海新区"
    }
}

/// Messages a redirect can ask for with `?flash=code` (never free text from the URL).
fn flash_from_uri(uri: &str, lang: &str) -> Option<Flash> {
    let code = uri
        .split_once('?')?
        .1
        .split('&')
        .find_map(|kv| kv.strip_prefix("flash="))?;
    let (kind, zh, en) = match code {
        "created" | "saved" => ("success", "已保存。", "Saved."),
        "imported" => (
            "success",
            "导入成功，全部数据已写入。",
            "Import complete; every row was written.",
        ),
        "updated" => ("success", "已更新。", "Updated."),
        "awaiting_approval" => (
            "info",
            "管理员账号已创建，须经另一名安全管理员批准后方可使用（三员分立）。",
            "The administrator account is created; it works only after another security administrator approves it.",
        ),
        "unlocked" => ("success", "账号已解锁。", "The account is unlocked."),
        "published" => (
            "success",
            "已发布新版本清单。",
            "A new version of the list is published.",
        ),
        "submitted" => ("success", "已提交审核。", "Submitted for review."),
        "returned" => ("info", "已退回。", "Returned."),
        "logged_out" => ("info", "您已安全退出。", "You have logged out."),
        "expired" => (
            "info",
            "会话已超时，请重新登录。",
            "Your session ended; please log in again.",
        ),
        _ => return None,
    };
    Some(Flash {
        kind: kind.into(),
        text: if lang == "en" { en.into() } else { zh.into() },
    })
}

/// Navigation by module, derived from the route table: an account sees the links of the routes it
/// may open, grouped by module in the table's order.
fn nav(who: Option<&Principal>, lang: &str, path: &str) -> Vec<NavGroup> {
    let Some(p) = who else {
        return Vec::new();
    };
    let pick = |(zh, en): (&str, &str)| {
        if lang == "en" {
            en.to_string()
        } else {
            zh.to_string()
        }
    };
    let mut groups: Vec<(routes::NavGroup, NavGroup)> = Vec::new();
    for r in routes::spec_table() {
        let Some(n) = r.nav else { continue };
        let shown = r.access.allows(Some(p)) && n.shown.is_none_or(|a| a.allows(Some(p)));
        if !shown {
            continue;
        }
        let item = NavItem {
            label: pick((n.zh, n.en)),
            href: r.path.to_string(),
            active: if r.path == "/" {
                path == "/"
            } else {
                path.starts_with(r.path)
            },
        };
        match groups.iter_mut().find(|(g, _)| *g == n.group) {
            Some((_, g)) => g.items.push(item),
            None => groups.push((
                n.group,
                NavGroup {
                    label: pick(n.group.label()),
                    items: vec![item],
                },
            )),
        }
    }
    groups.sort_by_key(|(g, _)| *g);
    groups.into_iter().map(|(_, g)| g).collect()
}

/// Paging model of `macros.html`'s pager.
pub struct Pager {
    /// "2800", or "10000+" when the count was capped.
    pub total_label: String,
    pub page: u64,
    pub pages: u64,
    pub prev_href: Option<String>,
    pub next_href: Option<String>,
    pub links: Vec<PageLink>,
}

/// One page link.
pub struct PageLink {
    pub label: String,
    pub href: Option<String>,
    pub current: bool,
}

impl Pager {
    /// Builds the pager; `href(n)` makes the URL of page n with the current filters.
    pub fn new(total: i64, page: i64, page_size: i64, href: impl Fn(i64) -> String) -> Pager {
        Pager::counted(total, true, page, page_size, href)
    }

    /// Like `new`, for a total that may be capped (`exact == false`: "N+" and no last page).
    pub fn counted(
        total: i64,
        exact: bool,
        page: i64,
        page_size: i64,
        href: impl Fn(i64) -> String,
    ) -> Pager {
        let cap = if exact { total } else { total - 1 };
        let page = page.max(1);
        // A capped count cannot name the last page: offer the pages up to the current one + 2.
        let total = if exact {
            total
        } else {
            cap.max(page * page_size + 2 * page_size)
        };
        let pages = ((total.max(0) + page_size - 1) / page_size.max(1)).max(1);
        let page = page.clamp(1, pages);
        let mut links = Vec::new();
        let mut last = 0;
        for n in 1..=pages {
            if n == 1 || n == pages || (n - page).abs() <= 2 {
                if last != 0 && n - last > 1 {
                    links.push(PageLink {
                        label: "…".into(),
                        href: None,
                        current: false,
                    });
                }
                links.push(PageLink {
                    label: n.to_string(),
                    href: (n != page).then(|| href(n)),
                    current: n == page,
                });
                last = n;
            }
        }
        Pager {
            total_label: if exact {
                total.max(0).to_string()
            } else {
                format!("{cap}+")
            },
            page: page as u64,
            pages: pages as u64,
            prev_href: (page > 1).then(|| href(page - 1)),
            next_href: (page < pages).then(|| href(page + 1)),
            links,
        }
    }
}
