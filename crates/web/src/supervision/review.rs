//! Case-file review pages (案卷评查): the review desk, one review with its findings and the
//! reviewer's decisions, the draws with their verification; and the JSON API under
//! `/api/v1/supervision/reviews`. Supervisors (区司法局) draw and decide; a body's head sees
//! its confirmed reviews read-only.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use fazhi_core::auth::Permission;
use fazhi_core::org::{list_departments, tree_order};
use fazhi_core::sampling::draw::{QuotaRule, VerifyReport};
use fazhi_core::supervision::checks::VETO_ITEMS;
use fazhi_core::supervision::review::{
    self, DrawSpec, DrawSummary, Grade, ItemDecision, ItemRow, ManualItem, ReviewFile, ReviewQuery,
    ReviewRow, ReviewStatus, Scored, StoredDraw,
};
use fazhi_core::time::today;
use fazhi_core::{Code, Error, Result};
use serde::{Deserialize, Serialize};

use crate::ctx::{Ctx, enc};
use crate::error::Page;
use crate::error::{ApiError, json_body, render, status_of};
use crate::routes::{Access as A, NavGroup as N, Route, ScopeRule as S};
use crate::shell::{Pager, Shell};
use crate::state::AppState;

/// Routes of this part.
pub fn routes() -> Vec<Route> {
    use Permission as P;
    let view = A::Perm(P::ViewSupervision);
    let manage = A::Perm(P::ManageSupervision);
    vec![
        Route::get("/supervision/reviews", view, S::DataScope, desk_page).nav(
            N::Supervision,
            "案卷评查",
            "Case-file review",
        ),
        Route::get("/supervision/reviews/{id}", view, S::DataScope, review_page),
        Route::post(
            "/supervision/reviews/{id}/items",
            manage,
            S::DataScope,
            add_item_submit,
        ),
        Route::post(
            "/supervision/reviews/{id}/items/{item}",
            manage,
            S::DataScope,
            decide_submit,
        ),
        Route::post(
            "/supervision/reviews/{id}/confirm",
            manage,
            S::DataScope,
            confirm_submit,
        ),
        Route::get("/supervision/draws", manage, S::DataScope, draws_page),
        Route::post("/supervision/draws", manage, S::DataScope, draw_submit),
        Route::get("/supervision/draws/{id}", manage, S::DataScope, draw_page),
        Route::get(
            "/supervision/draws/{id}/record.json",
            manage,
            S::DataScope,
            draw_record,
        ),
        Route::get("/api/v1/supervision/reviews", view, S::DataScope, api_list),
        Route::get(
            "/api/v1/supervision/reviews/draws",
            manage,
            S::DataScope,
            api_draws,
        ),
        Route::post(
            "/api/v1/supervision/reviews/draws",
            manage,
            S::DataScope,
            api_draw,
        ),
        Route::get(
            "/api/v1/supervision/reviews/draws/{id}",
            manage,
            S::DataScope,
            api_draw_one,
        ),
        Route::get(
            "/api/v1/supervision/reviews/draws/{id}/verify",
            manage,
            S::DataScope,
            api_verify,
        ),
        Route::get(
            "/api/v1/supervision/reviews/{id}",
            view,
            S::DataScope,
            api_one,
        ),
        Route::post(
            "/api/v1/supervision/reviews/{id}/items",
            manage,
            S::DataScope,
            api_add_item,
        ),
        Route::post(
            "/api/v1/supervision/reviews/{id}/items/{item}",
            manage,
            S::DataScope,
            api_decide,
        ),
        Route::post(
            "/api/v1/supervision/reviews/{id}/confirm",
            manage,
            S::DataScope,
            api_confirm,
        ),
    ]
}

fn crumbs() -> [(&'static str, &'static str, Option<&'static str>); 2] {
    [
        ("执法监督", "Supervision", Some("/supervision")),
        ("案卷评查", "Case-file review", Some("/supervision/reviews")),
    ]
}

fn err_text(ctx: &Ctx, e: &Error) -> String {
    if ctx.lang == "en" {
        e.message_en()
    } else {
        e.message_zh()
    }
}

fn grade_kind(g: Grade) -> &'static str {
    match g {
        Grade::Excellent => "ok",
        Grade::Pass => "info",
        Grade::Fail => "danger",
    }
}

struct Line {
    id: i64,
    case_no: String,
    party: String,
    department: String,
    status: &'static str,
    status_kind: &'static str,
    score: i64,
    machine_score: i64,
    grade: &'static str,
    grade_kind: &'static str,
    veto: bool,
    reviewed_on: String,
    reviewer: String,
}

fn line(ctx: &Ctx, r: &ReviewRow) -> Line {
    Line {
        id: r.id,
        case_no: r.case_no.clone(),
        party: r.party_name.clone(),
        department: r.department.clone(),
        status: r.status.label(ctx.lang),
        status_kind: if r.status == ReviewStatus::Draft {
            "warn"
        } else {
            "ok"
        },
        score: r.score,
        machine_score: r.machine_score,
        grade: r.grade.label(ctx.lang),
        grade_kind: grade_kind(r.grade),
        veto: r.veto,
        reviewed_on: r.reviewed_on.clone().unwrap_or_else(|| "—".into()),
        reviewer: if r.reviewer.is_empty() {
            "—".into()
        } else {
            r.reviewer.clone()
        },
    }
}

/// Filters of the desk (in the URL).
#[derive(Debug, Deserialize, Default)]
pub struct DeskParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    grade: String,
    #[serde(default)]
    department: String,
    #[serde(default)]
    draw: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    veto: String,
    #[serde(default)]
    page: Option<i64>,
}

impl DeskParams {
    fn query(&self) -> ReviewQuery {
        ReviewQuery {
            status: ReviewStatus::parse(&self.status),
            grade: Grade::parse(&self.grade),
            department_id: self.department.trim().parse().ok(),
            draw_id: self.draw.trim().parse().ok(),
            year: self.year.trim().parse().ok(),
            veto_only: self.veto == "1",
            q: self.q.clone(),
            page: self.page.unwrap_or(1),
        }
    }
}

struct Opt {
    value: String,
    label: String,
    depth: usize,
}

#[derive(askama::Template)]
#[template(path = "supervision/review_desk.html")]
struct DeskPage {
    shell: Shell,
    rows: Vec<Line>,
    pager: Pager,
    q: String,
    status: String,
    grade: String,
    department: String,
    draw: String,
    statuses: Vec<(String, String)>,
    grades: Vec<(String, String)>,
    departments: Vec<Opt>,
    /// (label, count, href) of the year's confirmed reviews by grade.
    figures: Vec<(String, i64, String)>,
    year: i32,
    manage: bool,
}

/// `GET /supervision/reviews`: the review desk.
pub async fn desk_page(ctx: Ctx, State(st): State<AppState>, Query(p): Query<DeskParams>) -> Page {
    let who = ctx.user()?;
    let manage = who.role.can(Permission::ManageSupervision);
    let q = p.query();
    let (total, rows) = review::list_reviews(&st.db, who, &q).await?;
    let year = match p.year.trim().parse::<i32>() {
        Ok(y) => y,
        Err(_) => match review::latest_year(&st.db, who).await? {
            Some(y) => y,
            None => {
                use chrono::Datelike;
                today().year()
            }
        },
    };
    let counts = review::grade_counts(&st.db, who, year).await?;
    let figures = vec![
        (
            Grade::Excellent.label(ctx.lang).to_string(),
            counts[0],
            format!("/supervision/reviews?status=confirmed&grade=excellent&year={year}"),
        ),
        (
            Grade::Pass.label(ctx.lang).to_string(),
            counts[1],
            format!("/supervision/reviews?status=confirmed&grade=pass&year={year}"),
        ),
        (
            Grade::Fail.label(ctx.lang).to_string(),
            counts[2],
            format!("/supervision/reviews?status=confirmed&grade=fail&year={year}"),
        ),
        (
            ctx.t("触及否决项", "Veto items").to_string(),
            counts[3],
            format!("/supervision/reviews?status=confirmed&veto=1&year={year}"),
        ),
    ];
    let departments = if manage {
        let all = list_departments(&st.db, &who.region).await?;
        tree_order(&all)
            .into_iter()
            .map(|(d, depth)| Opt {
                value: d.id.to_string(),
                label: d.name.clone(),
                depth,
            })
            .collect()
    } else {
        Vec::new()
    };
    let base = format!(
        "q={}&status={}&grade={}&department={}&draw={}&year={}&veto={}",
        enc(&p.q),
        enc(&p.status),
        enc(&p.grade),
        enc(&p.department),
        enc(&p.draw),
        enc(&p.year),
        enc(&p.veto)
    );
    Ok(render(&DeskPage {
        shell: Shell::new(&ctx, ("案卷评查", "Case-file review"), &crumbs()[..1]),
        rows: rows.iter().map(|r| line(&ctx, r)).collect(),
        pager: Pager::new(total, q.page, review::reviews::PAGE_SIZE, |n| {
            format!("/supervision/reviews?{base}&page={n}")
        }),
        q: p.q.clone(),
        status: p.status.clone(),
        grade: p.grade.clone(),
        department: p.department.clone(),
        draw: p.draw.clone(),
        statuses: ReviewStatus::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), s.label(ctx.lang).to_string()))
            .collect(),
        grades: Grade::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), s.label(ctx.lang).to_string()))
            .collect(),
        departments,
        figures,
        year,
        manage,
    })?)
}

struct Pointer {
    label: String,
    href: Option<String>,
}

fn pointer(case_id: i64, p: &str) -> Pointer {
    let href = if let Some(id) = p.strip_prefix("evidence:") {
        id.parse::<i64>()
            .ok()
            .map(|id| format!("/cases/{case_id}/evidence/{id}"))
    } else if p.starts_with("step:") || p.starts_with("date:") {
        Some(format!("/cases/{case_id}"))
    } else {
        None
    };
    Pointer {
        label: p.to_string(),
        href,
    }
}

struct ItemView {
    id: i64,
    title: String,
    source: &'static str,
    manual: bool,
    veto: String,
    veto_stands: bool,
    machine_deduction: i64,
    effective_points: i64,
    decision: &'static str,
    decision_kind: &'static str,
    comment: String,
    decided_by: String,
    detail: String,
    pointers: Vec<Pointer>,
    provisions: Vec<String>,
}

fn item_view(ctx: &Ctx, case_id: i64, i: &ItemRow) -> ItemView {
    let en = ctx.lang == "en";
    let veto = i
        .veto
        .as_deref()
        .and_then(review::rubric::veto_label)
        .map(|(zh, e)| if en { e } else { zh }.to_string())
        .unwrap_or_default();
    ItemView {
        id: i.id,
        title: if en {
            i.title_en.clone()
        } else {
            i.title_zh.clone()
        },
        source: i.source.label(ctx.lang),
        manual: i.source == review::Source::Manual,
        veto,
        veto_stands: i.veto_stands,
        machine_deduction: i.machine_deduction,
        effective_points: i.effective_points,
        decision: i.decision.label(ctx.lang),
        decision_kind: match i.decision {
            review::Decision::Pending => "warn",
            review::Decision::Dismissed => "muted",
            _ => "ok",
        },
        comment: i.comment.clone(),
        decided_by: i.decided_by.clone(),
        detail: i
            .finding
            .as_ref()
            .map(|f| {
                if en {
                    f.detail_en.clone()
                } else {
                    f.detail_zh.clone()
                }
            })
            .unwrap_or_default(),
        pointers: i
            .finding
            .as_ref()
            .map(|f| f.evidence.iter().map(|p| pointer(case_id, p)).collect())
            .unwrap_or_default(),
        provisions: i
            .finding
            .as_ref()
            .map(|f| f.provisions.clone())
            .unwrap_or_default(),
    }
}

#[derive(askama::Template)]
#[template(path = "supervision/review_page.html")]
struct ReviewPage {
    shell: Shell,
    r: Line,
    case_id: i64,
    summary: Vec<(String, String)>,
    failed: Vec<ItemView>,
    passed: Vec<ItemView>,
    score: i64,
    grade: &'static str,
    grade_kind: &'static str,
    vetoes: Vec<String>,
    comment: String,
    editable: bool,
    veto_items: Vec<(String, String)>,
    error: Option<String>,
}

fn review_view(ctx: &Ctx, f: ReviewFile, error: Option<String>) -> ReviewPage {
    let en = ctx.lang == "en";
    let c = &f.case;
    let opt = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
    let summary = vec![
        (ctx.t("办案机关", "Body").to_string(), c.department.clone()),
        (ctx.t("当事人", "Party").to_string(), c.party_name.clone()),
        (
            ctx.t("违法行为", "Violation").to_string(),
            c.violation.clone(),
        ),
        (
            ctx.t("程序", "Procedure").to_string(),
            c.procedure.label(ctx.lang).to_string(),
        ),
        (
            ctx.t("决定文号", "Decision no.").to_string(),
            c.decision_no.clone().unwrap_or_else(|| "—".into()),
        ),
        (
            ctx.t(
                "立案 / 决定 / 结案 / 归档",
                "Filed / decided / closed / archived",
            )
            .to_string(),
            format!(
                "{} / {} / {} / {}",
                opt(c.filed_on),
                opt(c.decided_on),
                opt(c.closed_on),
                opt(c.archived_on)
            ),
        ),
    ];
    let (mut failed, mut passed) = (Vec::new(), Vec::new());
    for i in &f.items {
        let v = item_view(ctx, c.id, i);
        if i.passed && i.effective_points == 0 {
            passed.push(v);
        } else {
            failed.push(v);
        }
    }
    let Scored {
        score,
        grade,
        vetoes,
    } = f.scored.clone();
    ReviewPage {
        shell: Shell::new(
            ctx,
            (
                &format!("案卷评查 {}", c.case_no),
                &format!("Review of {}", c.case_no),
            ),
            &crumbs(),
        ),
        r: line(ctx, &f.review),
        case_id: c.id,
        summary,
        failed,
        passed,
        score,
        grade: grade.label(ctx.lang),
        grade_kind: grade_kind(grade),
        vetoes: vetoes
            .iter()
            .map(|v| {
                review::rubric::veto_label(v)
                    .map(|(zh, e)| if en { e } else { zh }.to_string())
                    .unwrap_or_else(|| v.clone())
            })
            .collect(),
        comment: f.review.comment.clone(),
        editable: f.editable,
        veto_items: VETO_ITEMS
            .iter()
            .map(|(c, zh, e)| (c.to_string(), if en { e } else { zh }.to_string()))
            .collect(),
        error,
    }
}

async fn show_review(st: &AppState, ctx: &Ctx, id: i64, error: Option<&Error>) -> Result<Response> {
    let who = ctx.user()?;
    let f = review::get_review(&st.db, who, id).await?;
    let mut resp = render(&review_view(ctx, f, error.map(|e| err_text(ctx, e))))?;
    if let Some(e) = error {
        *resp.status_mut() = status_of(e);
    }
    Ok(resp)
}

/// `GET /supervision/reviews/{id}`.
pub async fn review_page(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> Page {
    Ok(show_review(&st, &ctx, id, None).await?)
}

/// After a form: back to the review, or the review again with the refusal.
async fn after_write<T>(st: &AppState, ctx: &Ctx, id: i64, res: Result<T>) -> Result<Response> {
    match res {
        Ok(_) => Ok(Redirect::to(&format!("/supervision/reviews/{id}")).into_response()),
        Err(e @ (Error::Invalid { .. } | Error::Conflict { .. })) => {
            show_review(st, ctx, id, Some(&e)).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct DecideForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    points: String,
    #[serde(default)]
    comment: String,
}

fn points_of(s: &str) -> Result<Option<i64>> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse().map(Some).map_err(|_| {
        Error::of(Code::ReviewPoints).for_field("points").arg_zh_en(
            "reason",
            "扣分须为 0 至 100 之间的整数。",
            "Points must be a whole number from 0 to 100.",
        )
    })
}

/// `POST /supervision/reviews/{id}/items/{item}`: confirm, adjust or dismiss one item.
pub async fn decide_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Path((id, item)): Path<(i64, i64)>,
    Form(f): Form<DecideForm>,
) -> Page {
    let who = ctx.user()?;
    let res = async {
        let d = ItemDecision {
            decision: f.decision.clone(),
            points: points_of(&f.points)?,
            comment: f.comment.clone(),
        };
        review::decide_item(&st.db, who, id, item, &d).await
    }
    .await;
    Ok(after_write(&st, &ctx, id, res).await?)
}

#[derive(Debug, Deserialize, Default)]
pub struct AddForm {
    #[serde(default)]
    veto: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    points: String,
    #[serde(default)]
    comment: String,
}

/// `POST /supervision/reviews/{id}/items`: a deduction or veto item the checks cannot see.
pub async fn add_item_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<AddForm>,
) -> Page {
    let who = ctx.user()?;
    let res = async {
        let m = ManualItem {
            veto: f.veto.clone(),
            title: f.title.clone(),
            points: points_of(&f.points)?.unwrap_or(0),
            comment: f.comment.clone(),
        };
        review::add_item(&st.db, who, id, &m).await
    }
    .await;
    Ok(after_write(&st, &ctx, id, res).await?)
}

#[derive(Debug, Deserialize, Default)]
pub struct ConfirmForm {
    #[serde(default)]
    comment: String,
}

/// `POST /supervision/reviews/{id}/confirm`: signs the review off today.
pub async fn confirm_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<ConfirmForm>,
) -> Page {
    let who = ctx.user()?;
    let res = review::confirm_review(&st.db, who, id, &f.comment, today()).await;
    Ok(after_write(&st, &ctx, id, res).await?)
}

#[derive(askama::Template)]
#[template(path = "supervision/review_draws.html")]
struct DrawsPage {
    shell: Shell,
    draws: Vec<DrawSummary>,
    departments: Vec<Opt>,
    f: DrawForm,
    error: Option<String>,
}

/// The draw form (also the API's flat alternative is `DrawSpec`).
#[derive(Debug, Deserialize, Default, Clone)]
pub struct DrawForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    period_start: String,
    #[serde(default)]
    period_end: String,
    /// `count` | `ratio`.
    #[serde(default)]
    quota_kind: String,
    #[serde(default)]
    quota: String,
    /// One body, or empty for all.
    #[serde(default)]
    department: String,
    #[serde(default)]
    seed: String,
}

impl DrawForm {
    fn spec(&self) -> Result<DrawSpec> {
        let n: u32 = self
            .quota
            .trim()
            .parse()
            .map_err(|_| Error::of(Code::ReviewQuota).for_field("quota"))?;
        let department_ids = match self.department.trim() {
            "" => Vec::new(),
            d => vec![
                d.parse()
                    .map_err(|_| Error::of(Code::ReviewDepartment).for_field("department"))?,
            ],
        };
        Ok(DrawSpec {
            title: self.title.clone(),
            period_start: self.period_start.clone(),
            period_end: self.period_end.clone(),
            per_body: if self.quota_kind == "ratio" {
                QuotaRule::Ratio(n)
            } else {
                QuotaRule::Count(n)
            },
            department_ids,
            seed: self.seed.clone(),
        })
    }
}

async fn draws_view(
    st: &AppState,
    ctx: &Ctx,
    f: DrawForm,
    error: Option<&Error>,
) -> Result<Response> {
    let who = ctx.user()?;
    let draws = review::list_draws(&st.db, who).await?;
    let all = list_departments(&st.db, &who.region).await?;
    let departments = tree_order(&all)
        .into_iter()
        .map(|(d, depth)| Opt {
            value: d.id.to_string(),
            label: d.name.clone(),
            depth,
        })
        .collect();
    let mut resp = render(&DrawsPage {
        shell: Shell::new(ctx, ("评查抽取", "Review draws"), &crumbs()),
        draws,
        departments,
        f,
        error: error.map(|e| err_text(ctx, e)),
    })?;
    if let Some(e) = error {
        *resp.status_mut() = status_of(e);
    }
    Ok(resp)
}

/// `GET /supervision/draws`: the draws and the form of a new one.
pub async fn draws_page(ctx: Ctx, State(st): State<AppState>) -> Page {
    let f = DrawForm {
        quota_kind: "count".into(),
        quota: "5".into(),
        ..Default::default()
    };
    Ok(draws_view(&st, &ctx, f, None).await?)
}

/// `POST /supervision/draws`: draws files and opens the pre-filled drafts.
pub async fn draw_submit(ctx: Ctx, State(st): State<AppState>, Form(f): Form<DrawForm>) -> Page {
    let who = ctx.user()?;
    let res = async {
        let spec = f.spec()?;
        review::create_draw(&st.db, who, &spec, today()).await
    }
    .await;
    Ok(match res {
        Ok((id, _)) => Ok(Redirect::to(&format!("/supervision/draws/{id}")).into_response()),
        Err(e @ (Error::Invalid { .. } | Error::Conflict { .. })) => {
            draws_view(&st, &ctx, f, Some(&e)).await
        }
        Err(e) => Err(e),
    }?)
}

struct BodyView {
    name: String,
    candidates: usize,
    quota: usize,
    selected: Vec<String>,
}

#[derive(askama::Template)]
#[template(path = "supervision/review_draw.html")]
struct DrawPage {
    shell: Shell,
    id: i64,
    d: StoredDraw,
    quota: String,
    bodies: Vec<BodyView>,
    report: VerifyReport,
}

/// `GET /supervision/draws/{id}`: the record and its verification.
pub async fn draw_page(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> Page {
    let who = ctx.user()?;
    let d = review::get_draw(&st.db, who, id).await?;
    let report = review::verify_draw(&st.db, who, id).await?;
    let rec = &d.record;
    let bodies = rec
        .strata
        .iter()
        .map(|s| BodyView {
            name: s.label.clone(),
            candidates: s.candidates.len(),
            quota: s.quota,
            selected: rec.selected.get(&s.key).cloned().unwrap_or_default(),
        })
        .collect();
    let quota = match rec.per_body {
        QuotaRule::Count(n) => format!("{n} {}", ctx.t("件/主体", "per body")),
        QuotaRule::Ratio(p) => format!("{p}% {}", ctx.t("（向上取整）", "(rounded up)")),
    };
    Ok(render(&DrawPage {
        shell: Shell::new(
            &ctx,
            (rec.title.as_str(), rec.title.as_str()),
            &[
                ("执法监督", "Supervision", Some("/supervision")),
                ("评查抽取", "Review draws", Some("/supervision/draws")),
            ],
        ),
        id,
        quota,
        bodies,
        report,
        d,
    })?)
}

/// `GET /supervision/draws/{id}/record.json`: the published record, for anyone to re-run.
pub async fn draw_record(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> Page {
    let who = ctx.user()?;
    let d = review::get_draw(&st.db, who, id).await?;
    let body =
        serde_json::to_string_pretty(&d.record).map_err(|e| Error::Internal(e.to_string()))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/json; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"review-draw-{id}.json\""),
            ),
        ],
        body,
    )
        .into_response())
}

type ApiResult<T> = std::result::Result<Json<T>, ApiError>;

#[derive(Serialize)]
struct ReviewList {
    total: i64,
    reviews: Vec<ReviewRow>,
}

/// `GET /api/v1/supervision/reviews?status=&grade=&department=&draw=&q=&page=`.
async fn api_list(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(p): Query<DeskParams>,
) -> ApiResult<ReviewList> {
    let who = ctx.user()?;
    let (total, reviews) = review::list_reviews(&st.db, who, &p.query()).await?;
    Ok(Json(ReviewList { total, reviews }))
}

/// `GET /api/v1/supervision/reviews/{id}`: the review, its items with the findings, the case.
async fn api_one(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
) -> ApiResult<ReviewFile> {
    let who = ctx.user()?;
    Ok(Json(review::get_review(&st.db, who, id).await?))
}

/// `POST /api/v1/supervision/reviews/{id}/items/{item}`: `{"decision", "points", "comment"}`.
async fn api_decide(
    ctx: Ctx,
    State(st): State<AppState>,
    Path((id, item)): Path<(i64, i64)>,
    b: std::result::Result<Json<ItemDecision>, JsonRejection>,
) -> ApiResult<Scored> {
    let who = ctx.user()?;
    let b = json_body(b)?;
    Ok(Json(review::decide_item(&st.db, who, id, item, &b).await?))
}

/// `POST /api/v1/supervision/reviews/{id}/items`: `{"veto", "title", "points", "comment"}`.
async fn api_add_item(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    b: std::result::Result<Json<ManualItem>, JsonRejection>,
) -> ApiResult<Scored> {
    let who = ctx.user()?;
    let b = json_body(b)?;
    Ok(Json(review::add_item(&st.db, who, id, &b).await?))
}

#[derive(Deserialize, Default)]
struct ConfirmBody {
    #[serde(default)]
    comment: String,
}

/// `POST /api/v1/supervision/reviews/{id}/confirm`: `{"comment"}`; signs off today.
async fn api_confirm(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    b: std::result::Result<Json<ConfirmBody>, JsonRejection>,
) -> ApiResult<ReviewRow> {
    let who = ctx.user()?;
    let b = json_body(b)?;
    Ok(Json(
        review::confirm_review(&st.db, who, id, &b.comment, today()).await?,
    ))
}

/// `GET /api/v1/supervision/reviews/draws`.
async fn api_draws(ctx: Ctx, State(st): State<AppState>) -> ApiResult<Vec<DrawSummary>> {
    let who = ctx.user()?;
    Ok(Json(review::list_draws(&st.db, who).await?))
}

#[derive(Serialize)]
struct Drawn {
    id: i64,
    record: review::DrawRecord,
}

/// `POST /api/v1/supervision/reviews/draws`: a `DrawSpec`; draws today.
async fn api_draw(
    ctx: Ctx,
    State(st): State<AppState>,
    b: std::result::Result<Json<DrawSpec>, JsonRejection>,
) -> ApiResult<Drawn> {
    let who = ctx.user()?;
    let b = json_body(b)?;
    let (id, record) = review::create_draw(&st.db, who, &b, today()).await?;
    Ok(Json(Drawn { id, record }))
}

/// `GET /api/v1/supervision/reviews/draws/{id}`: the published record.
async fn api_draw_one(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
) -> ApiResult<StoredDraw> {
    let who = ctx.user()?;
    Ok(Json(review::get_draw(&st.db, who, id).await?))
}

/// `GET /api/v1/supervision/reviews/draws/{id}/verify`: re-runs the draw from its record.
async fn api_verify(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
) -> ApiResult<VerifyReport> {
    let who = ctx.user()?;
    Ok(Json(review::verify_draw(&st.db, who, id).await?))
}
