//! The console frame every page shares: top bar, navigation by module, breadcrumb.

use fazhi_core::auth::{Permission, Role};

use crate::ctx::{Ctx, enc};

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
        let role = ctx
            .session
            .as_ref()
            .map(|s| s.principal.role)
            .unwrap_or(Role::Public);
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
            nav: nav(role, lang, &ctx.path),
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
        "created" => ("success", "已保存。", "Saved."),
        "imported" => (
            "success",
            "导入成功，全部数据已写入。",
            "Import complete; every row was written.",
        ),
        "updated" => ("success", "已更新。", "Updated."),
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

/// Navigation by module; a role sees only what it may open.
fn nav(role: Role, lang: &str, path: &str) -> Vec<NavGroup> {
    let pick = |zh: &str, en: &str| {
        if lang == "en" {
            en.to_string()
        } else {
            zh.to_string()
        }
    };
    let item = |zh: &str, en: &str, href: &str| NavItem {
        label: pick(zh, en),
        href: href.to_string(),
        active: if href == "/" {
            path == "/"
        } else {
            path.starts_with(href)
        },
    };
    let mut groups = Vec::new();
    if role == Role::Public {
        return groups;
    }
    groups.push(NavGroup {
        label: pick("工作台", "Workbench"),
        items: vec![
            item("首页", "Home", "/"),
            item("期限计算", "Deadline calculator", "/tools/deadline"),
        ],
    });
    if role.can(Permission::ViewOrg) {
        groups.push(NavGroup {
            label: pick("执法主体与人员", "Bodies & officers"),
            items: vec![
                item("执法主体", "Enforcement bodies", "/org/departments"),
                item("执法人员", "Officers", "/org/officers"),
            ],
        });
    }
    if role.can(Permission::ViewPowers) {
        groups.push(NavGroup {
            label: pick("权责清单", "Power list"),
            items: vec![
                item("职权事项", "Power items", "/powers/items"),
                item("调整申请", "Adjustments", "/powers/proposals"),
                item("清单版本", "Published versions", "/powers/versions"),
                item("统计", "Statistics", "/powers/stats"),
            ],
        });
    }
    if role.can(Permission::ViewSampling) {
        groups.push(NavGroup {
            label: pick("双随机检查", "Random inspections"),
            items: vec![
                item("检查计划", "Plans", "/sampling/plans"),
                item("抽查任务", "Tasks", "/sampling/tasks"),
                item("监管对象", "Subjects", "/sampling/subjects"),
                item("检查结果", "Results", "/sampling/results"),
            ],
        });
    }
    if role.can(Permission::ViewSampling) {
        groups.push(NavGroup {
            label: pick("行政检查", "Inspections"),
            items: vec![
                item(
                    "检查记录与检查证",
                    "Inspections & certificates",
                    "/inspections",
                ),
                item("检查证使用统计", "Certificate use", "/inspections/stats"),
            ],
        });
    }
    if role.can(Permission::ViewCases) {
        let mut items = Vec::new();
        if role.can(Permission::HandleCases)
            || role.can(Permission::ApproveCases)
            || role.can(Permission::LegalReviewCases)
        {
            items.push(item("我的待办", "My tasks", "/cases/workbench"));
        }
        items.push(item("案件列表", "Cases", "/cases/list"));
        items.push(item("处罚公示", "Disclosure", "/cases/disclosures"));
        // District figures: only the district-scope supervisor may open them.
        if role == Role::Supervisor {
            items.push(item("案件统计", "Statistics", "/cases/stats"));
        }
        items.push(item(
            "柔性执法清单",
            "Flexible-enforcement lists",
            "/leniency",
        ));
        groups.push(NavGroup {
            label: pick("行政处罚", "Penalty cases"),
            items,
        });
    }
    if role.can(Permission::ViewSupervision) {
        groups.push(NavGroup {
            label: pick("执法监督", "Supervision"),
            items: vec![
                item("监督驾驶舱", "Dashboard", "/supervision"),
                item("月度考核", "Monthly assessment", "/supervision/assessments"),
                item("季度通报", "Quarterly bulletins", "/supervision/bulletins"),
                item("预警", "Alerts", "/supervision/alerts"),
                item("监督文书", "Instruments", "/supervision/instruments"),
                item("案卷评查", "Case-file review", "/supervision/reviews"),
            ],
        });
    }
    if role.can(Permission::EnterpriseSelf) {
        groups.push(NavGroup {
            label: pick("企业服务", "Enterprise"),
            items: vec![item(
                "入企检查",
                "Inspections of my company",
                "/enterprise/inspections",
            )],
        });
    }
    if role.can(Permission::DispatchOrders)
        || role.can(Permission::HandleOrders)
        || role.can(Permission::ViewDispatch)
    {
        let mut items = Vec::new();
        if role.can(Permission::DispatchOrders) {
            items.push(item("分拨台", "Dispatcher desk", "/dispatch/desk"));
        }
        if role.can(Permission::HandleOrders) {
            items.push(item("部门工单", "Department inbox", "/dispatch/inbox"));
        }
        if role.can(Permission::ViewDispatch) {
            items.push(item("分拨统计", "Dispatch statistics", "/dispatch/stats"));
        }
        groups.push(NavGroup {
            label: pick("工单分拨", "Work orders"),
            items,
        });
    }
    groups.push(NavGroup {
        label: pick("法律法规", "Laws"),
        items: vec![
            item("法规库", "Statutes", "/law"),
            item("法规检索", "Search", "/law/search"),
        ],
    });
    if role.can(Permission::ManageUsers) {
        groups.push(NavGroup {
            label: pick("系统管理", "System"),
            items: vec![
                item("账号管理", "Accounts", "/admin/users"),
                item("节假日日历", "Holiday calendar", "/admin/calendar"),
            ],
        });
    }
    if role.can(Permission::ManageSecurity) {
        groups.push(NavGroup {
            label: pick("安全管理", "Security"),
            items: vec![
                item("角色与锁定", "Roles & locks", "/security/users"),
                item(
                    "检查证签名密钥",
                    "Certificate keys",
                    "/security/inspection-keys",
                ),
            ],
        });
    }
    if role.can(Permission::ViewAudit) {
        groups.push(NavGroup {
            label: pick("安全审计", "Audit"),
            items: vec![item("操作日志", "Operation log", "/audit/log")],
        });
    }
    groups.push(NavGroup {
        label: pick("公开", "Public"),
        items: vec![item("执法公示网站", "Disclosure portal", "/portal")],
    });
    groups
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
