//! Pages and API: Double-random inspections (双随机、一公开) — plans, tasks and their draws,
//! the subject directory, results with publication deadlines; the public portal; the API.

mod api;
mod form;
mod portal;

use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use fazhi_core::auth::Permission;
use fazhi_core::sampling::{
    InspectionRow, NewPlan, Outcome, PlanRow, Stats, SubjectQuery, SubjectRow, TaskDetail,
    TaskQuery, TaskRow, TaskStatus, commit_task, complete_task, create_plan, draw_task,
    export_draw, get_task, import_subjects, list_plans, list_subjects, list_tasks, publication,
    publish_results, record_result, stats, subject_template,
};
use fazhi_core::{Code, Error, Result};
use serde::Deserialize;

use crate::ctx::{Ctx, enc};
use crate::error::Page;
use crate::error::render;
use crate::org::{read_upload, xlsx_response};
use crate::routes::{Access as A, NavGroup as N, Route, ScopeRule as S};
use crate::shell::{Pager, Shell};
use crate::state::AppState;

/// Routes of the module (console pages, portal pages, API).
pub fn routes() -> Vec<Route> {
    use Permission as P;
    let view = A::Perm(P::ViewSampling);
    let manage = A::Perm(P::ManageSampling);
    let mut v = vec![
        Route::get("/sampling/plans", view, S::DataScope, plans_page).nav(
            N::Sampling,
            "检查计划",
            "Plans",
        ),
        Route::post("/sampling/plans", manage, S::DataScope, plan_create),
        Route::get("/sampling/tasks", view, S::DataScope, tasks_page).nav(
            N::Sampling,
            "抽查任务",
            "Tasks",
        ),
        Route::post("/sampling/tasks", manage, S::DataScope, form::task_create),
        Route::get("/sampling/tasks/new", manage, S::DataScope, form::task_new),
        Route::get("/sampling/tasks/{id}", view, S::DataScope, task_page),
        Route::get(
            "/sampling/tasks/{id}/export.json",
            view,
            S::DataScope,
            task_export,
        ),
        Route::post(
            "/sampling/tasks/{id}/{action}",
            manage,
            S::DataScope,
            task_action,
        ),
        Route::post(
            "/sampling/inspections/{id}/result",
            A::Perm(P::RecordInspections),
            S::DataScope,
            result_record,
        ),
        Route::get("/sampling/subjects", view, S::DataScope, subjects_page).nav(
            N::Sampling,
            "监管对象",
            "Subjects",
        ),
        Route::post(
            "/sampling/subjects/import",
            manage,
            S::DataScope,
            subjects_import,
        ),
        Route::get(
            "/sampling/subjects/template.xlsx",
            manage,
            S::Open,
            subjects_template,
        ),
        Route::get("/sampling/results", view, S::DataScope, results_page).nav(
            N::Sampling,
            "检查结果",
            "Results",
        ),
    ];
    v.extend(portal::routes());
    v.extend(api::routes());
    v
}

fn crumbs() -> [(&'static str, &'static str, Option<&'static str>); 1] {
    [(
        "双随机、一公开",
        "Random inspections",
        Some("/sampling/tasks"),
    )]
}

fn err_text(ctx: &Ctx, e: &Error) -> String {
    if ctx.lang == "en" {
        e.message_en()
    } else {
        e.message_zh()
    }
}

fn status_kind(s: TaskStatus) -> &'static str {
    match s {
        TaskStatus::Draft => "muted",
        TaskStatus::Committed => "warn",
        TaskStatus::Drawn => "info",
        TaskStatus::Completed => "ok",
    }
}

#[derive(askama::Template)]
#[template(path = "sampling/plans.html")]
struct PlansPage {
    shell: Shell,
    plans: Vec<PlanRow>,
    can_manage: bool,
    year: i32,
    error: Option<String>,
}

async fn plans_view(ctx: &Ctx, st: &AppState, error: Option<String>) -> Result<Response> {
    let who = ctx.user()?;
    let plans = list_plans(&st.db, who, None).await?;
    render(&PlansPage {
        shell: Shell::new(ctx, ("年度抽查计划", "Annual plans"), &crumbs()),
        plans,
        can_manage: who.role.can(Permission::ManageSampling),
        year: chrono::Datelike::year(&fazhi_core::time::today()),
        error,
    })
}

/// `GET /sampling/plans`.
pub async fn plans_page(ctx: Ctx, State(st): State<AppState>) -> Page {
    Ok(plans_view(&ctx, &st, None).await?)
}

#[derive(Debug, Deserialize)]
pub struct PlanForm {
    #[serde(default)]
    year: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    note: String,
}

/// `POST /sampling/plans`: a plan of the administrator's own department.
pub async fn plan_create(ctx: Ctx, State(st): State<AppState>, Form(f): Form<PlanForm>) -> Page {
    let who = ctx.user()?;
    let attempt = async {
        let department_id = who
            .department_id
            .ok_or_else(|| Error::forbidden("账号未关联部门。", "the account has no department"))?;
        let year = f.year.trim().parse::<i64>().map_err(|_| {
            Error::of(Code::PlanYear).for_field("year").arg_zh_en(
                "reason",
                "年度须为四位数字。",
                "The year must be four digits.",
            )
        })?;
        create_plan(
            &st.db,
            who,
            &NewPlan {
                department_id,
                year,
                title: f.title.clone(),
                note: f.note.clone(),
            },
        )
        .await
    }
    .await;
    Ok(match attempt {
        Ok(_) => Ok(Redirect::to("/sampling/plans?flash=created").into_response()),
        Err(e @ Error::Invalid { .. }) => {
            let status = crate::error::status_of(&e);
            Ok((
                status,
                plans_view(&ctx, &st, Some(err_text(&ctx, &e))).await?,
            )
                .into_response())
        }
        Err(e) => Err(e),
    }?)
}

pub struct TaskView {
    pub id: i64,
    pub task_no: String,
    pub title: String,
    pub domain: String,
    pub lead: String,
    pub departments: i64,
    pub window: String,
    pub drawn: i64,
    pub recorded: i64,
    pub status: String,
    pub status_kind: &'static str,
    pub published: bool,
}

pub fn task_view(lang: &str, t: &TaskRow) -> TaskView {
    TaskView {
        id: t.id,
        task_no: t.task_no.clone(),
        title: t.title.clone(),
        domain: t.domain.clone(),
        lead: t.lead_department.clone(),
        departments: t.department_count,
        window: format!("{} — {}", t.window_start, t.window_end),
        drawn: t.drawn,
        recorded: t.recorded,
        status: t.status.label(lang).to_string(),
        status_kind: status_kind(t.status),
        published: t.results_published_on.is_some(),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct TaskParams {
    #[serde(default)]
    year: String,
    #[serde(default)]
    plan: String,
}

#[derive(askama::Template)]
#[template(path = "sampling/tasks.html")]
struct TasksPage {
    shell: Shell,
    rows: Vec<TaskView>,
    year: String,
    can_manage: bool,
}

/// `GET /sampling/tasks`.
pub async fn tasks_page(ctx: Ctx, State(st): State<AppState>, Query(p): Query<TaskParams>) -> Page {
    let who = ctx.user()?;
    let rows = list_tasks(
        &st.db,
        who,
        &TaskQuery {
            year: p.year.trim().parse().ok(),
            status: None,
        },
    )
    .await?;
    let plan: Option<i64> = p.plan.parse().ok();
    let mut rows: Vec<TaskView> = rows.iter().map(|t| task_view(ctx.lang, t)).collect();
    if let Some(plan) = plan {
        let ids = fazhi_core::sampling::task_ids_of_plan(&st.db, who, plan).await?;
        rows.retain(|t| ids.contains(&t.id));
    }
    Ok(render(&TasksPage {
        shell: Shell::new(&ctx, ("抽查任务", "Inspection tasks"), &crumbs()),
        rows,
        year: p.year,
        can_manage: who.role.can(Permission::ManageSampling),
    })?)
}

pub struct InspectionView {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub stratum: String,
    pub team: String,
    pub outcome: Option<String>,
    pub note: String,
}

pub fn inspection_view(lang: &str, i: &InspectionRow) -> InspectionView {
    InspectionView {
        id: i.id,
        code: i.subject_code.clone(),
        name: i.subject_name.clone(),
        stratum: i.stratum.clone(),
        team: i.officer_names.clone(),
        outcome: i.outcome.map(|o| o.label(lang).to_string()),
        note: i.note.clone(),
    }
}

#[derive(askama::Template)]
#[template(path = "sampling/task.html")]
struct TaskPage {
    shell: Shell,
    d: TaskDetail,
    status: String,
    status_kind: &'static str,
    candidates_digest: String,
    commitment: String,
    seed: String,
    publication: String,
    actions: Vec<(&'static str, String)>,
    drawn: bool,
    can_record: bool,
    inspections: Vec<InspectionView>,
    outcomes: Vec<(&'static str, &'static str)>,
}

fn pending(lang: &str) -> String {
    if lang == "en" {
        "not yet".into()
    } else {
        "尚未产生".into()
    }
}

/// `GET /sampling/tasks/{id}`: the task, its draw and its inspections.
pub async fn task_page(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> Page {
    let who = ctx.user()?;
    let d = get_task(&st.db, who, id).await?;
    let lead = who.role.can(Permission::ManageSampling)
        && who
            .covers_department(&st.db, d.task.lead_department_id)
            .await?;
    let t = |zh: &str, en: &str| ctx.t(zh, en).to_string();
    let actions = if !lead {
        vec![]
    } else {
        match d.task.status {
            TaskStatus::Draft => vec![(
                "commit",
                t("公示名单摘要与种子承诺", "Publish digest and commitment"),
            )],
            TaskStatus::Committed => {
                vec![("draw", t("公开种子并抽取", "Reveal the seed and draw"))]
            }
            TaskStatus::Drawn => vec![("complete", t("办结任务", "Complete the task"))],
            TaskStatus::Completed if d.task.results_published_on.is_none() => {
                vec![("publish", t("公示抽查结果", "Publish the results"))]
            }
            TaskStatus::Completed => vec![],
        }
    };
    let p = publication(&st.calendar(), &d.task, fazhi_core::time::today());
    let publication = match (p.published_on, p.deadline) {
        (Some(on), _) => format!(
            "{on}{}",
            if p.overdue {
                ctx.t("（逾期）", " (late)")
            } else {
                ""
            }
        ),
        (None, Some(dl)) => format!(
            "{} {dl}{}",
            ctx.t("应于", "due by"),
            if p.overdue {
                ctx.t("（已超期）", " (overdue)")
            } else {
                ""
            }
        ),
        _ => pending(ctx.lang),
    };
    let view = TaskPage {
        shell: Shell::new(&ctx, ("抽查任务", "Inspection task"), &crumbs()),
        status: d.task.status.label(ctx.lang).into(),
        status_kind: status_kind(d.task.status),
        candidates_digest: d
            .task
            .candidates_digest
            .clone()
            .unwrap_or_else(|| pending(ctx.lang)),
        commitment: d
            .task
            .seed_commitment
            .clone()
            .unwrap_or_else(|| pending(ctx.lang)),
        seed: d.seed.clone().unwrap_or_else(|| pending(ctx.lang)),
        publication,
        actions,
        drawn: d.seed.is_some(),
        can_record: who.role.can(Permission::RecordInspections)
            && d.task.status == TaskStatus::Drawn,
        inspections: d
            .inspections
            .iter()
            .map(|i| inspection_view(ctx.lang, i))
            .collect(),
        outcomes: Outcome::ALL
            .iter()
            .map(|o| (o.as_str(), o.label(ctx.lang)))
            .collect(),
        d,
    };
    Ok(render(&view)?)
}

/// `GET /sampling/tasks/{id}/export.json`.
pub async fn task_export(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> Page {
    let who = ctx.user()?;
    get_task(&st.db, who, id).await?;
    let e = export_draw(&st.db, &who.region, id).await?;
    Ok(axum::Json(e).into_response())
}

/// `POST /sampling/tasks/{id}/{commit|draw|complete|publish}` (the lead department only).
pub async fn task_action(
    ctx: Ctx,
    State(st): State<AppState>,
    Path((id, action)): Path<(i64, String)>,
) -> Page {
    let who = ctx.user()?;
    match action.as_str() {
        "commit" => commit_task(&st.db, who, id).await?,
        "draw" => {
            draw_task(&st.db, who, id).await?;
        }
        "complete" => complete_task(&st.db, who, id).await?,
        "publish" => publish_results(&st.db, who, id).await?,
        _ => return Err(Error::not_found("action").into()),
    }
    Ok(Redirect::to(&format!("/sampling/tasks/{id}?flash=saved")).into_response())
}

#[derive(Debug, Deserialize)]
pub struct ResultForm {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    inspected_on: String,
    #[serde(default)]
    note: String,
}

/// `POST /sampling/inspections/{id}/result`.
pub async fn result_record(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<ResultForm>,
) -> Page {
    let who = ctx.user()?;
    let outcome = Outcome::parse(&f.outcome)
        .ok_or_else(|| Error::of(Code::InspectionOutcome).for_field("outcome"))?;
    let on = f.inspected_on.trim().parse::<NaiveDate>().map_err(|_| {
        Error::of(Code::InspectionDate)
            .for_field("inspected_on")
            .arg_zh_en(
                "reason",
                "检查日期应为 YYYY-MM-DD。",
                "The inspection date must be YYYY-MM-DD.",
            )
    })?;
    record_result(&st.db, who, id, outcome, &f.note, on).await?;
    let task = fazhi_core::sampling::task_of_inspection(&st.db, who, id).await?;
    Ok(Redirect::to(&format!("/sampling/tasks/{task}?flash=saved")).into_response())
}

#[derive(Debug, Deserialize, Default)]
pub struct SubjectParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    domain: String,
    #[serde(default)]
    page: String,
}

#[derive(askama::Template)]
#[template(path = "sampling/subjects.html")]
struct SubjectsPage {
    shell: Shell,
    q: String,
    domain: String,
    rows: Vec<SubjectRow>,
    pager: Pager,
    can_import: bool,
    report: Option<fazhi_core::org::ImportReport>,
    error: Option<String>,
}

async fn subjects_view(
    ctx: &Ctx,
    st: &AppState,
    p: SubjectParams,
    report: Option<fazhi_core::org::ImportReport>,
    error: Option<String>,
) -> Result<Response> {
    let who = ctx.user()?;
    let page = list_subjects(
        &st.db,
        who,
        &SubjectQuery {
            keyword: p.q.chars().take(50).collect(),
            domain: p.domain.chars().take(40).collect(),
            risk: None,
            subdistrict: String::new(),
            page: p.page.parse().unwrap_or(1),
            page_size: 20,
        },
    )
    .await?;
    let qs = format!("q={}&domain={}", enc(&p.q), enc(&p.domain));
    render(&SubjectsPage {
        shell: Shell::new(ctx, ("监管对象名录库", "Subject directory"), &crumbs()),
        pager: Pager::counted(
            page.total,
            page.total_exact,
            page.page,
            page.page_size,
            |n| format!("/sampling/subjects?{qs}&page={n}"),
        ),
        rows: page.rows,
        q: p.q,
        domain: p.domain,
        can_import: who.role.can(Permission::ManageSampling),
        report,
        error,
    })
}

/// `GET /sampling/subjects`.
pub async fn subjects_page(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(p): Query<SubjectParams>,
) -> Page {
    Ok(subjects_view(&ctx, &st, p, None, None).await?)
}

/// `GET /sampling/subjects/template.xlsx`.
pub async fn subjects_template(ctx: Ctx) -> Page {
    ctx.user()?;
    Ok(xlsx_response(subject_template()?, "subjects-template.xlsx"))
}

/// `POST /sampling/subjects/import`: all rows or none; every bad row is listed.
pub async fn subjects_import(ctx: Ctx, State(st): State<AppState>, mp: Multipart) -> Page {
    let who = ctx.user()?;
    let unprocessable = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    let (_, file) = match read_upload(mp).await {
        Ok(x) => x,
        Err(e @ Error::Invalid { .. }) => {
            let msg = err_text(&ctx, &e);
            return Ok((
                unprocessable,
                subjects_view(&ctx, &st, SubjectParams::default(), None, Some(msg)).await?,
            )
                .into_response());
        }
        Err(e) => return Err(e.into()),
    };
    Ok(match import_subjects(&st.db, who, &file).await {
        Ok(rep) if rep.errors.is_empty() => Ok(Redirect::to(&format!(
            "/sampling/subjects?flash=imported&n={}",
            rep.imported
        ))
        .into_response()),
        Ok(rep) => Ok((
            unprocessable,
            subjects_view(&ctx, &st, SubjectParams::default(), Some(rep), None).await?,
        )
            .into_response()),
        Err(e @ Error::Invalid { .. }) => {
            let msg = err_text(&ctx, &e);
            Ok((
                unprocessable,
                subjects_view(&ctx, &st, SubjectParams::default(), None, Some(msg)).await?,
            )
                .into_response())
        }
        Err(e) => Err(e),
    }?)
}

pub struct ResultView {
    pub id: i64,
    pub task_no: String,
    pub title: String,
    pub completed: String,
    pub deadline: String,
    pub published: String,
    pub kind: &'static str,
    pub label: String,
}

#[derive(askama::Template)]
#[template(path = "sampling/results.html")]
struct ResultsPage {
    shell: Shell,
    year: i64,
    stats: Stats,
    rows: Vec<ResultView>,
}

#[derive(Debug, Deserialize, Default)]
pub struct YearParams {
    #[serde(default)]
    year: String,
}

/// `GET /sampling/results`: completed tasks with their publication deadline; overdue ones flagged.
pub async fn results_page(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(p): Query<YearParams>,
) -> Page {
    let who = ctx.user()?;
    let year: i64 = p.year.trim().parse().unwrap_or(2024);
    let cal = st.calendar();
    let today = fazhi_core::time::today();
    let tasks = list_tasks(
        &st.db,
        who,
        &TaskQuery {
            year: Some(year),
            status: Some(TaskStatus::Completed),
        },
    )
    .await?;
    let mut rows: Vec<ResultView> = tasks
        .iter()
        .map(|t| {
            let pb = publication(&cal, t, today);
            let (kind, label) = match (pb.overdue, pb.published_on.is_some()) {
                (true, false) => ("danger", ctx.t("已超期未公示", "Overdue, unpublished")),
                (true, true) => ("warn", ctx.t("逾期公示", "Published late")),
                (false, true) => ("ok", ctx.t("已按期公示", "Published on time")),
                (false, false) => ("info", ctx.t("待公示", "To publish")),
            };
            ResultView {
                id: t.id,
                task_no: t.task_no.clone(),
                title: t.title.clone(),
                completed: t.completed_on.clone().unwrap_or_default(),
                deadline: pb.deadline.map(|d| d.to_string()).unwrap_or_default(),
                published: pb.published_on.map(|d| d.to_string()).unwrap_or_default(),
                kind,
                label: label.to_string(),
            }
        })
        .collect();
    // Overdue first: what the supervisor has to act on.
    rows.sort_by_key(|r| (r.kind != "danger", r.kind != "warn", r.id));
    let stats = stats(&st.db, &who.region, year).await?;
    Ok(render(&ResultsPage {
        shell: Shell::new(
            &ctx,
            ("抽查结果与公示", "Results and publication"),
            &crumbs(),
        ),
        year,
        stats,
        rows,
    })?)
}
