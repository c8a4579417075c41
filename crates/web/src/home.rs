//! The console home: figures counted from the records and the caller's to-do list.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use fazhi_core::Result;
use fazhi_core::auth::Permission;
use fazhi_core::calendar::{Lang, Urgency};
use fazhi_core::org::{
    CARD_EXPIRY_WARNING_DAYS, OfficerQuery, expiring_cards, latest_training_year, list_departments,
    list_officers, training_coverage,
};
use fazhi_core::time::today;

use crate::ctx::Ctx;
use crate::error::{Page, render};
use crate::routes::{Access as A, NavGroup as N, Route, ScopeRule as S};
use crate::shell::Shell;
use crate::state::AppState;

pub struct FigureCard {
    pub label: String,
    pub value: String,
    pub unit: String,
    pub href: String,
    pub note: String,
}

pub struct DeadlineView {
    pub date: String,
    pub label: String,
    pub urgency: &'static str,
    pub confirmed: bool,
}

pub struct TodoItem {
    pub title: String,
    pub href: String,
    pub deadline: Option<DeadlineView>,
}

#[derive(askama::Template)]
#[template(path = "home.html")]
struct HomePage {
    shell: Shell,
    cards: Vec<FigureCard>,
    todos: Vec<TodoItem>,
}

/// A deadline as the UI shows it: date, "还剩 N 个工作日" / "已超期 N 天", urgency, 未确认.
pub fn deadline_view(st: &AppState, lang: &str, date: chrono::NaiveDate) -> DeadlineView {
    let cal = st.calendar();
    let l = if lang == "en" { Lang::En } else { Lang::Zh };
    match cal.days_remaining_label(today(), date, l) {
        Ok(r) => DeadlineView {
            date: date.to_string(),
            label: r.text,
            urgency: match r.urgency {
                Urgency::Overdue => "overdue",
                Urgency::DueSoon => "soon",
                Urgency::Normal => "normal",
            },
            confirmed: r.confirmed,
        },
        Err(_) => DeadlineView {
            date: date.to_string(),
            label: String::new(),
            urgency: "normal",
            confirmed: false,
        },
    }
}

/// An expiry date (a card, a licence): counted in calendar days, not working days — an
/// expiry is a date, not a statutory period.
pub fn expiry_view(lang: &str, date: chrono::NaiveDate) -> DeadlineView {
    let days = (date - today()).num_days();
    let en = lang == "en";
    let label = match days {
        d if d < 0 => {
            if en {
                format!("expired {} days ago", -d)
            } else {
                format!("已过期 {} 天", -d)
            }
        }
        0 => {
            if en {
                "expires today".into()
            } else {
                "今日到期".into()
            }
        }
        d => {
            if en {
                format!("{d} days left")
            } else {
                format!("还剩 {d} 天")
            }
        }
    };
    DeadlineView {
        date: date.to_string(),
        label,
        urgency: if days < 0 {
            "overdue"
        } else if days <= 7 {
            "soon"
        } else {
            "normal"
        },
        confirmed: true,
    }
}

/// `GET /`.
pub async fn home(ctx: Ctx, State(st): State<AppState>) -> Page {
    if ctx.session.is_none() {
        return Ok(Redirect::to("/login").into_response());
    }
    Ok(build(&ctx, &st).await?)
}

async fn build(ctx: &Ctx, st: &AppState) -> Result<Response> {
    let who = ctx.user()?;
    let t = |zh: &str, en: &str| ctx.t(zh, en).to_string();
    let mut cards = Vec::new();
    let mut todos = Vec::new();
    if who.role.can(Permission::ViewOrg) {
        let depts = list_departments(&st.db, &who.region).await?;
        let officers = list_officers(
            &st.db,
            who,
            &OfficerQuery {
                page_size: 1,
                ..Default::default()
            },
        )
        .await?;
        cards.push(FigureCard {
            label: t("执法主体", "Enforcement bodies"),
            value: depts.len().to_string(),
            unit: t("个", ""),
            href: "/org/departments".into(),
            note: t("全区", "district-wide"),
        });
        cards.push(FigureCard {
            label: t("执法人员", "Officers"),
            value: officers.total.to_string(),
            unit: t("人", ""),
            href: "/org/officers".into(),
            note: t("数据权限范围内", "within your data scope"),
        });
        if let Some(year) = latest_training_year(&st.db).await? {
            let c = training_coverage(&st.db, who, year).await?;
            let pct = |n: i64| {
                if c.officers == 0 {
                    0.0
                } else {
                    n as f64 * 100.0 / c.officers as f64
                }
            };
            cards.push(FigureCard {
                label: format!("{year} {}", t("年培训覆盖率", "training coverage")),
                value: format!("{:.1}", pct(c.trained)),
                unit: "%".into(),
                href: "/org/officers".into(),
                note: format!("{} {}/{}", t("达标", "trained"), c.trained, c.officers),
            });
            cards.push(FigureCard {
                label: format!("{year} {}", t("年考试覆盖率", "exam coverage")),
                value: format!("{:.1}", pct(c.examined)),
                unit: "%".into(),
                href: "/org/officers".into(),
                note: format!("{} {}", t("合格", "passed"), c.passed),
            });
        }
        let expiring = expiring_cards(&st.db, who, today(), CARD_EXPIRY_WARNING_DAYS).await?;
        cards.push(FigureCard {
            label: t("30 日内到期执法证", "Cards expiring in 30 days"),
            value: expiring.len().to_string(),
            unit: t("张", ""),
            href: "/org/officers?card_status=valid".into(),
            note: String::new(),
        });
        for (card, name) in expiring.into_iter().take(20) {
            todos.push(TodoItem {
                title: format!(
                    "{} {} {}",
                    t("执法证到期：", "Card expiring:"),
                    name,
                    card.card_no
                ),
                href: format!("/org/officers/{}", card.officer_id),
                deadline: Some(expiry_view(ctx.lang, card.valid_until)),
            });
        }
    }
    if who.role.can(Permission::ViewCases) {
        // The soonest case tasks of the caller's queues (the full list is /cases/workbench).
        let tasks = fazhi_core::cases::queries::workbench(&st.db, who).await?;
        for task in tasks.iter().take(8) {
            todos.push(TodoItem {
                title: format!(
                    "{} {} · {}",
                    crate::cases::task_label(&task.kind, ctx.lang),
                    task.case_no,
                    task.party_name
                ),
                href: format!("/cases/{}", task.case_id),
                deadline: task
                    .due_on
                    .as_deref()
                    .and_then(|d| d.parse().ok())
                    .map(|d| deadline_view(st, ctx.lang, d)),
            });
        }
    }
    if who.role.can(Permission::ViewAudit) {
        todos.push(TodoItem {
            title: t("核验审计链完整性", "Verify the audit chain"),
            href: "/audit/log".into(),
            deadline: None,
        });
    }
    if who.role.can(Permission::ManageCalendar) {
        let cal = st.calendar();
        let next_year = chrono::Datelike::year(&today()) + 1;
        if cal.notice(next_year).is_none() {
            todos.push(TodoItem {
                title: format!(
                    "{} {next_year} {}",
                    t("录入", "Enter the"),
                    t("年国务院节假日安排通知（未录入前该年期限标注“未确认”）", "State Council holiday notice (until then its deadlines show as unconfirmed)")
                ),
                href: "/admin/calendar".into(),
                deadline: None,
            });
        }
    }
    let page = HomePage {
        shell: Shell::new(ctx, ("首页", "Home"), &[]),
        cards,
        todos,
    };
    render(&page)
}

/// Routes of the home page and the tools every console user has.
pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/", A::Console, S::DataScope, home).nav(N::Workbench, "首页", "Home"),
        Route::get(
            "/tools/deadline",
            A::Console,
            S::Open,
            crate::admin::deadline_tool,
        )
        .nav(N::Workbench, "期限计算", "Deadline calculator"),
    ]
}
