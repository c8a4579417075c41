//! The "new task" form: `GET /sampling/tasks/new` and `POST /sampling/tasks`, the HTML way to
//! what `POST /api/v1/sampling/tasks` does, through the same core function.

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use fazhi_core::sampling::{
    NewTask, NewTaskDept, PlanRow, QuotaRule, RiskGrade, create_task, list_plans,
};
use fazhi_core::{Code, Error, Result};

use crate::ctx::Ctx;
use crate::error::Page;
use crate::error::render;
use crate::org::{DeptOption, dept_options};
use crate::shell::Shell;
use crate::state::AppState;

use super::crumbs;

/// Rows offered for joint participants.
const PARTICIPANT_ROWS: usize = 2;

/// One stratum's quota as typed.
#[derive(Debug, Clone, Default)]
pub struct QuotaField {
    pub grade: &'static str,
    pub label: String,
    pub kind: String,
    pub value: String,
}

/// One participant department as typed (blank department: row unused).
#[derive(Debug, Clone, Default)]
pub struct ParticipantField {
    pub department_id: String,
    pub card_domain: String,
    pub team_size: String,
    /// Codes of its 行政检查 items, separated by 、 or commas.
    pub matters: String,
}

/// The form as typed; repeated fields (`matter`) come from the urlencoded pairs.
#[derive(Debug, Clone, Default)]
pub struct TaskForm {
    pub csrf: String,
    pub plan_id: String,
    pub title: String,
    pub domain: String,
    pub card_domain: String,
    pub team_size: String,
    pub matters: Vec<String>,
    pub quotas: Vec<QuotaField>,
    pub window_start: String,
    pub window_end: String,
    pub participants: Vec<ParticipantField>,
}

impl TaskForm {
    fn blank(lang: &str) -> Self {
        TaskForm {
            team_size: "2".into(),
            quotas: RiskGrade::ALL
                .iter()
                .map(|g| QuotaField {
                    grade: g.as_str(),
                    label: g.label(lang).to_string(),
                    kind: "ratio".into(),
                    value: String::new(),
                })
                .collect(),
            participants: vec![ParticipantField::default(); PARTICIPANT_ROWS],
            ..TaskForm::default()
        }
    }

    fn from_pairs(lang: &str, pairs: Vec<(String, String)>) -> Self {
        let mut f = TaskForm::blank(lang);
        for (k, v) in pairs {
            match k.as_str() {
                "csrf" => f.csrf = v,
                "plan_id" => f.plan_id = v,
                "title" => f.title = v,
                "domain" => f.domain = v,
                "card_domain" => f.card_domain = v,
                "team_size" => f.team_size = v,
                "matter" => f.matters.push(v),
                "window_start" => f.window_start = v,
                "window_end" => f.window_end = v,
                _ => {
                    if let Some((name, grade)) = k.split_once('_')
                        && let Some(q) = f.quotas.iter_mut().find(|q| q.grade == grade)
                    {
                        match name {
                            "kind" => q.kind = v,
                            "value" => q.value = v,
                            _ => {}
                        }
                    } else if let Some(rest) = k.strip_prefix('p')
                        && let Some((i, name)) = rest.split_once('_')
                        && let Ok(i) = i.parse::<usize>()
                        && let Some(p) = f.participants.get_mut(i)
                    {
                        match name {
                            "department_id" => p.department_id = v,
                            "card_domain" => p.card_domain = v,
                            "team_size" => p.team_size = v,
                            "matters" => p.matters = v,
                            _ => {}
                        }
                    }
                }
            }
        }
        f
    }
}

fn parse_date(s: &str, field: &'static str) -> Result<NaiveDate> {
    s.trim().parse().map_err(|_| {
        Error::of(Code::TaskForm).for_field(field).arg_zh_en(
            "reason",
            format!("日期“{s}”无效，应为 YYYY-MM-DD。"),
            format!("Invalid date {s:?}; expected YYYY-MM-DD."),
        )
    })
}

fn parse_team(s: &str) -> Result<usize> {
    s.trim().parse().map_err(|_| {
        Error::of(Code::TaskForm).for_field("team_size").arg_zh_en(
            "reason",
            "检查组人数须为整数。",
            "The team size must be a whole number.",
        )
    })
}

fn split_list(s: &str) -> Vec<String> {
    s.split(['；', ';', '、', ',', '，', ' '])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// The task the form describes; the lead is the chosen plan's department.
fn task_from_form(f: &TaskForm, plans: &[PlanRow]) -> Result<NewTask> {
    let plan = f
        .plan_id
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|id| plans.iter().find(|p| p.id == id))
        .ok_or_else(|| {
            Error::of(Code::TaskForm).for_field("plan_id").arg_zh_en(
                "reason",
                "请选择抽查计划。",
                "Choose a plan.",
            )
        })?;
    let mut rules = Vec::new();
    for q in &f.quotas {
        let grade = RiskGrade::parse(q.grade).unwrap_or(RiskGrade::A);
        let n = q.value.trim().parse::<u32>().map_err(|_| {
            Error::of(Code::TaskForm).for_field("quotas").arg_zh_en(
                "reason",
                format!("请为 {} 类填写抽查比例或数量（非负整数）。", q.grade),
                format!(
                    "Enter a ratio or count (a whole number) for stratum {}.",
                    q.grade
                ),
            )
        })?;
        let rule = if q.kind == "count" {
            QuotaRule::Count(n)
        } else {
            QuotaRule::Ratio(n)
        };
        rules.push((grade, rule));
    }
    let mut departments = vec![NewTaskDept {
        department_id: plan.department_id,
        card_domain: f.card_domain.trim().to_string(),
        team_size: parse_team(&f.team_size)?,
        matters: f.matters.clone(),
    }];
    for p in &f.participants {
        if p.department_id.trim().is_empty() {
            continue;
        }
        let department_id = p.department_id.trim().parse().map_err(|_| {
            Error::of(Code::TaskForm)
                .for_field("departments")
                .arg_zh_en(
                    "reason",
                    "请选择参与部门。",
                    "Choose a participating department.",
                )
        })?;
        departments.push(NewTaskDept {
            department_id,
            card_domain: p.card_domain.trim().to_string(),
            team_size: parse_team(&p.team_size)?,
            matters: split_list(&p.matters),
        });
    }
    Ok(NewTask {
        plan_id: plan.id,
        title: f.title.clone(),
        domain: f.domain.clone(),
        subdistricts: vec![],
        industries: vec![],
        rules,
        window_start: parse_date(&f.window_start, "window_start")?,
        window_end: parse_date(&f.window_end, "window_end")?,
        departments,
    })
}

pub struct MatterOption {
    pub code: String,
    pub name: String,
    pub checked: bool,
}

#[derive(askama::Template)]
#[template(path = "sampling/task_new.html")]
struct TaskNewPage {
    shell: Shell,
    f: TaskForm,
    plans: Vec<PlanRow>,
    card_domains: Vec<String>,
    matters: Vec<MatterOption>,
    depts: Vec<DeptOption>,
    error: Option<String>,
    error_field: String,
}

async fn task_form_page(
    ctx: &Ctx,
    st: &AppState,
    f: TaskForm,
    err: Option<Error>,
) -> Result<Response> {
    let who = ctx.user()?;
    let plans = list_plans(&st.db, who, None).await?;
    let rows = st.departments(&who.region).await?;
    let own = who.department_id.unwrap_or(0);
    let card_domains = rows
        .iter()
        .find(|d| d.id == own)
        .map(|d| d.domains.clone())
        .unwrap_or_default();
    // The department's published 行政检查 items (or a body's below it), as the API checks them.
    let matters = fazhi_core::sampling::inspection_matters(&st.db, who, own)
        .await?
        .into_iter()
        .map(|(code, name)| MatterOption {
            checked: f.matters.contains(&code),
            code,
            name,
        })
        .collect();
    let status = err.as_ref().map(crate::error::status_of);
    let page = TaskNewPage {
        shell: Shell::new(
            ctx,
            ("新增抽查任务", "New inspection task"),
            &[
                crumbs()[0],
                ("抽查任务", "Inspection tasks", Some("/sampling/tasks")),
            ],
        ),
        plans,
        card_domains,
        matters,
        depts: dept_options(&rows, ctx.lang),
        error_field: err
            .as_ref()
            .and_then(|e| e.field())
            .unwrap_or("")
            .to_string(),
        error: err.map(|e| super::err_text(ctx, &e)),
        f,
    };
    let resp = render(&page)?;
    Ok(match status {
        Some(s) => (s, resp).into_response(),
        None => resp,
    })
}

/// `GET /sampling/tasks/new`.
pub async fn task_new(ctx: Ctx, State(st): State<AppState>) -> Page {
    Ok(task_form_page(&ctx, &st, TaskForm::blank(ctx.lang), None).await?)
}

/// `POST /sampling/tasks`: on a bad field the form comes back filled in, with the error.
pub async fn task_create(
    ctx: Ctx,
    State(st): State<AppState>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Page {
    let f = TaskForm::from_pairs(ctx.lang, pairs);
    let who = ctx.user()?;
    let attempt = async {
        let plans = list_plans(&st.db, who, None).await?;
        let t = task_from_form(&f, &plans)?;
        create_task(&st.db, who, &t).await
    }
    .await;
    Ok(match attempt {
        Ok(id) => Ok(Redirect::to(&format!("/sampling/tasks/{id}?flash=created")).into_response()),
        Err(e @ (Error::Invalid { .. } | Error::Conflict { .. })) => {
            task_form_page(&ctx, &st, f, Some(e)).await
        }
        Err(e) => Err(e),
    }?)
}
