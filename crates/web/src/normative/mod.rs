//! 行政规范性文件 pages: the list (a drafting body its own, the Justice Bureau all) with the year's
//! figures, a new draft, the document with its gates as step forms, its citations checked on the
//! planned date, the review checklist and the opinions one by one, the printable review sheet;
//! the fair-competition review; the cleanup report and campaign; the public list and text on the
//! portal; the figures in JSON. Role and scope are checked by the route table and again by the
//! core on every read and write.

use std::collections::BTreeMap;

use axum::Form;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use fazhi_core::auth::{DataScope, Permission};
use fazhi_core::normative::fair_competition::{self, Mode, NewReview};
use fazhi_core::normative::records::{self, Check, Citation, Document, Opinion, StepLine};
use fazhi_core::normative::rules::{
    CHECKLIST, Conclusion, ExceptionGround, FAIR_COMPETITION_STANDARDS, Status,
};
use fazhi_core::normative::stats::{self, NormativeStats};
use fazhi_core::normative::workflow::{self, NewDocument, Step, StepDef};
use fazhi_core::normative::{citations, cleanup};
use fazhi_core::time::today;
use fazhi_core::{BINHAI_REGION, Code, Error, Result};
use serde::Deserialize;

use crate::ctx::Ctx;
use crate::error::{ApiError, Page, render, status_of};
use crate::home::{DeadlineView, deadline_view};
use crate::routes::{Access as A, NavGroup as N, Route, ScopeRule as S};
use crate::shell::{Pager, Shell};
use crate::state::AppState;

pub fn routes() -> Vec<Route> {
    use Permission as P;
    vec![
        Route::get(
            "/normative",
            A::Perm(P::ViewNormative),
            S::DataScope,
            list_page,
        )
        .nav(N::LegalAffairs, "规范性文件", "Normative documents"),
        Route::get(
            "/normative/new",
            A::Perm(P::DraftNormative),
            S::DataScope,
            new_page,
        ),
        Route::post(
            "/normative/new",
            A::Perm(P::DraftNormative),
            S::DataScope,
            new_submit,
        ),
        Route::get(
            "/normative/cleanup",
            A::District(P::ReviewNormative),
            S::DataScope,
            cleanup_page,
        )
        .nav(N::LegalAffairs, "文件清理", "Cleanup"),
        Route::post(
            "/normative/cleanup",
            A::District(P::ReviewNormative),
            S::DataScope,
            cleanup_submit,
        ),
        Route::get(
            "/normative/fair-competition",
            A::Perm(P::ViewNormative),
            S::DataScope,
            fcr_page,
        )
        .nav(N::LegalAffairs, "公平竞争审查", "Fair-competition review"),
        Route::get(
            "/normative/{id}",
            A::Perm(P::ViewNormative),
            S::DataScope,
            detail_page,
        ),
        Route::get(
            "/normative/{id}/sheet",
            A::Perm(P::ViewNormative),
            S::DataScope,
            sheet_page,
        ),
        Route::post(
            "/normative/{id}/step",
            A::AnyOf(&[P::DraftNormative, P::ReviewNormative]),
            S::DataScope,
            step_submit,
        ),
        Route::post(
            "/normative/{id}/fair-competition",
            A::AnyOf(&[P::DraftNormative, P::ReviewNormative]),
            S::DataScope,
            fcr_submit,
        ),
        Route::get("/portal/normative", A::Public, S::Open, portal_list).nav(
            N::Public,
            "行政规范性文件",
            "Normative documents",
        ),
        Route::get("/portal/normative/{id}", A::Public, S::Open, portal_one),
        Route::get(
            "/api/v1/normative/stats",
            A::District(P::ViewNormative),
            S::DataScope,
            api_stats,
        ),
    ]
}

fn crumbs() -> [(&'static str, &'static str, Option<&'static str>); 1] {
    [("规范性文件", "Normative documents", Some("/normative"))]
}

fn msg(ctx: &Ctx, e: &Error) -> String {
    if ctx.lang == "en" {
        e.message_en()
    } else {
        e.message_zh()
    }
}

fn bad(field: &'static str, zh: &str, en: &str) -> Error {
    Error::of(Code::NormativeInvalid)
        .for_field(field)
        .arg_zh_en("reason", zh.to_string(), en.to_string())
}

fn date(s: &str, field: &'static str) -> Result<NaiveDate> {
    s.trim()
        .parse()
        .map_err(|_| bad(field, "日期格式应为 YYYY-MM-DD。", "Dates are YYYY-MM-DD."))
}

/// Refusals and bad input come back on the page; anything else is an error page.
fn on_page(e: &Error) -> bool {
    matches!(e, Error::Invalid { .. } | Error::Conflict { .. })
}

#[derive(askama::Template)]
#[template(path = "normative/list.html")]
struct ListPage {
    shell: Shell,
    rows: Vec<(Document, String)>,
    pager: Pager,
    statuses: Vec<(&'static str, &'static str)>,
    sel: String,
    year: i32,
    s: Option<NormativeStats>,
    can_draft: bool,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    page: Option<i64>,
    #[serde(default)]
    year: Option<i32>,
}

/// `GET /normative`: the documents in the caller's scope; the year's figures for the bureau.
async fn list_page(ctx: Ctx, State(st): State<AppState>, Query(q): Query<ListQuery>) -> Page {
    let who = ctx.user()?;
    let status = Status::parse(&q.status);
    let page = q.page.unwrap_or(1).max(1);
    let size = 50;
    let (list, total) = records::list(&st.db, who, status, size, (page - 1) * size).await?;
    let year = q
        .year
        .filter(|y| (2000..=2100).contains(y))
        .unwrap_or_else(|| chrono::Datelike::year(&today()) - 2);
    let s = if who.scope == DataScope::District {
        Some(stats::year(&st.db, &who.region, year).await?)
    } else {
        None
    };
    let sel = q.status.clone();
    Ok(render(&ListPage {
        shell: Shell::new(&ctx, ("规范性文件", "Normative documents"), &[]),
        rows: list
            .into_iter()
            .map(|d| {
                let l = d.status.label(ctx.lang).to_string();
                (d, l)
            })
            .collect(),
        pager: Pager::new(total, page, size, |n| {
            format!("/normative?status={sel}&page={n}")
        }),
        statuses: Status::ALL
            .iter()
            .map(|s| (s.as_str(), s.label(ctx.lang)))
            .collect(),
        sel: q.status,
        year,
        s,
        can_draft: who.role.can(Permission::DraftNormative),
    })?)
}

#[derive(Deserialize, Default, Clone)]
pub struct DraftForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    body_text: String,
    #[serde(default)]
    touches_enterprises: Option<String>,
    #[serde(default)]
    planned_on: String,
}

#[derive(askama::Template)]
#[template(path = "normative/new.html")]
struct NewPage {
    shell: Shell,
    f: DraftForm,
    error: Option<String>,
}

/// `GET /normative/new`.
async fn new_page(ctx: Ctx) -> Page {
    let f = DraftForm {
        planned_on: (today() + chrono::Duration::days(60)).to_string(),
        ..Default::default()
    };
    Ok(render(&NewPage {
        shell: Shell::new(&ctx, ("起草规范性文件", "New draft"), &crumbs()),
        f,
        error: None,
    })?)
}

/// `POST /normative/new`: a draft of the caller's own body.
async fn new_submit(ctx: Ctx, State(st): State<AppState>, Form(f): Form<DraftForm>) -> Page {
    let who = ctx.user()?;
    let res = async {
        let department_id = who.department_id.ok_or_else(|| {
            bad(
                "department",
                "账号未关联起草单位。",
                "The account has no drafting body.",
            )
        })?;
        let n = NewDocument {
            department_id,
            title: f.title.clone(),
            subject: f.subject.clone(),
            body_text: f.body_text.clone(),
            touches_enterprises: f.touches_enterprises.is_some(),
            planned_on: date(&f.planned_on, "planned_on")?,
        };
        workflow::create_as(&st.db, who, &st.corpus(), &n).await
    }
    .await;
    Ok(match res {
        Ok(id) => Redirect::to(&format!("/normative/{id}")).into_response(),
        Err(e) if on_page(&e) => {
            let mut resp = render(&NewPage {
                shell: Shell::new(&ctx, ("起草规范性文件", "New draft"), &crumbs()),
                error: Some(msg(&ctx, &e)),
                f,
            })?;
            *resp.status_mut() = status_of(&e);
            resp
        }
        Err(e) => return Err(e.into()),
    })
}

/// A citation with its standing on the planned date.
struct CiteLine {
    c: Citation,
    lapse: String,
}

#[derive(askama::Template)]
#[template(path = "normative/detail.html")]
struct DetailPage {
    shell: Shell,
    d: Document,
    status: String,
    deadlines: Vec<(String, DeadlineView)>,
    cites: Vec<CiteLine>,
    checks: Vec<(&'static str, &'static str, &'static str, Option<Check>)>,
    opinions: Vec<Opinion>,
    steps: Vec<StepLine>,
    offers: Vec<&'static StepDef>,
    conclusions: Vec<(&'static str, &'static str)>,
    fcr: String,
    can_fcr: bool,
    standards: &'static [(&'static str, &'static str, &'static str)],
    grounds: Vec<(&'static str, &'static str)>,
    today: String,
    error: Option<String>,
}

async fn detail_view(
    st: &AppState,
    ctx: &Ctx,
    id: i64,
    error: Option<String>,
) -> Result<DetailPage> {
    let who = ctx.user()?;
    let d = records::get(&st.db, who, id).await?;
    let parts = records::parts(&st.db, id).await?;
    let (found, checks, opinions, steps, fcr) = (
        parts.citations,
        parts.checks,
        parts.opinions,
        parts.steps,
        parts.fair_competition,
    );
    let corpus = st.corpus();
    let on = if d.status == Status::Published {
        today()
    } else {
        d.planned_on
    };
    let cites = found
        .into_iter()
        .map(|c| {
            let lapse = citations::lapsed(&corpus, std::slice::from_ref(&c.code), on)
                .first()
                .map(|l| {
                    if ctx.lang == "en" {
                        l.message_en()
                    } else {
                        l.message_zh()
                    }
                })
                .unwrap_or_default();
            CiteLine { c, lapse }
        })
        .collect();
    let mut deadlines = Vec::new();
    let mut push = |zh: &str, en: &str, v: Option<NaiveDate>| {
        if let Some(v) = v {
            deadlines.push((ctx.t(zh, en).to_string(), deadline_view(st, ctx.lang, v)));
        }
    };
    match d.status {
        Status::InReview => push(
            "合法性审核期限（5–15 个工作日）",
            "Legality review due (5–15 working days)",
            d.review_due,
        ),
        Status::Published => {
            if d.filed_on.is_none() {
                push("备案期限", "Filing due", d.filing_due);
            }
            if d.evaluated_on.is_none() {
                push(
                    "有效期届满前评估",
                    "Evaluation before expiry",
                    d.evaluation_due,
                );
            }
        }
        _ => {}
    }
    let checks = CHECKLIST
        .iter()
        .map(|(k, zh, en)| (*k, *zh, *en, checks.iter().find(|c| c.item == *k).cloned()))
        .collect();
    let can_fcr = d.touches_enterprises
        && d.status == Status::Draft
        && (who.role.can(Permission::DraftNormative) || who.role.can(Permission::ReviewNormative));
    Ok(DetailPage {
        shell: Shell::new(ctx, (&d.title, &d.title), &crumbs()),
        status: d.status.label(ctx.lang).to_string(),
        deadlines,
        cites,
        checks,
        opinions,
        steps,
        offers: workflow::offers(&d, who),
        conclusions: Conclusion::ALL
            .iter()
            .map(|c| (c.as_str(), c.label(ctx.lang)))
            .collect(),
        fcr,
        can_fcr,
        standards: FAIR_COMPETITION_STANDARDS,
        grounds: ExceptionGround::ALL
            .iter()
            .map(|g| (g.as_str(), g.label(ctx.lang)))
            .collect(),
        today: today().to_string(),
        error,
        d,
    })
}

/// `GET /normative/{id}`.
async fn detail_page(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> Page {
    Ok(render(&detail_view(&st, &ctx, id, None).await?)?)
}

#[derive(askama::Template)]
#[template(path = "normative/sheet.html")]
struct SheetPage {
    d: Document,
    checks: Vec<(&'static str, Option<Check>)>,
    opinions: Vec<Opinion>,
    conclusion: String,
}

/// `GET /normative/{id}/sheet`: the legality review sheet (合法性审核意见书), printable.
async fn sheet_page(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> Page {
    let who = ctx.user()?;
    let d = records::get(&st.db, who, id).await?;
    let parts = records::parts(&st.db, id).await?;
    let (checks, opinions) = (parts.checks, parts.opinions);
    Ok(render(&SheetPage {
        checks: CHECKLIST
            .iter()
            .map(|(k, zh, _)| (*zh, checks.iter().find(|c| c.item == *k).cloned()))
            .collect(),
        opinions,
        conclusion: d
            .review_conclusion
            .map(|c| c.label_zh().to_string())
            .unwrap_or_else(|| "审核中".into()),
        d,
    })?)
}

/// Every field of every step form; `step` says which one.
#[derive(Deserialize, Default)]
pub struct StepForm {
    #[serde(default)]
    step: String,
    #[serde(default)]
    on: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    item: String,
    #[serde(default)]
    passed: Option<String>,
    #[serde(default)]
    conclusion: String,
    #[serde(default)]
    opinion_id: String,
    #[serde(default)]
    adopted: String,
    #[serde(default)]
    years: String,
}

impl StepForm {
    fn to_step(&self) -> Result<(NaiveDate, Step)> {
        let on = date(&self.on, "on")?;
        let note = self.note.clone();
        let step =
            match self.step.as_str() {
                "assess" => Step::Assess { note },
                "open_comment" => Step::OpenComment {
                    from: date(&self.from, "from")?,
                    to: date(&self.to, "to")?,
                    reason: note,
                },
                "close_comment" => Step::CloseComment { feedback: note },
                "request_review" => Step::RequestReview,
                "check" => Step::Check {
                    item: self.item.clone(),
                    passed: self.passed.as_deref() == Some("1"),
                    note,
                },
                "opinion" => Step::Opinion {
                    item: self.item.clone(),
                    text: note,
                },
                "conclude" => Step::Conclude {
                    conclusion: Conclusion::parse(&self.conclusion).ok_or_else(|| {
                        bad("conclusion", "请选择审核结论。", "Choose the conclusion.")
                    })?,
                },
                "answer" => Step::Answer {
                    opinion_id: self.opinion_id.trim().parse().map_err(|_| {
                        bad("opinion_id", "请选择审核意见。", "Choose the opinion.")
                    })?,
                    adopted: match self.adopted.as_str() {
                        "1" => true,
                        "0" => false,
                        _ => {
                            return Err(bad(
                                "adopted",
                                "请选择采纳或不采纳。",
                                "Choose adopt or reject.",
                            ));
                        }
                    },
                    reason: note,
                },
                "deliberate" => Step::Deliberate { meeting: note },
                "sign" => Step::Sign { signer: note },
                "publish" => Step::Publish {
                    channel: note,
                    years: match self.years.trim() {
                        "" => 5,
                        y => y.parse().map_err(|_| {
                            bad("years", "有效期为 1 至 5 年。", "Validity is 1–5 years.")
                        })?,
                    },
                },
                "file" => Step::File { body: note },
                "evaluate" => Step::Evaluate { note },
                "repeal" => Step::Repeal { reason: note },
                _ => return Err(bad("step", "未知的办理事项。", "Unknown step.")),
            };
        Ok((on, step))
    }
}

/// `POST /normative/{id}/step`: one step; a refusal comes back on the page with its article and
/// nothing written.
async fn step_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<StepForm>,
) -> Page {
    let who = ctx.user()?;
    let res = async {
        let (on, step) = f.to_step()?;
        workflow::act(&st.db, who, &st.calendar(), &st.corpus(), id, on, step).await
    }
    .await;
    Ok(match res {
        Ok(_) => Redirect::to(&format!("/normative/{id}")).into_response(),
        Err(e) if on_page(&e) => error_on_detail(&st, &ctx, id, &e).await?,
        Err(e) => return Err(e.into()),
    })
}

async fn error_on_detail(st: &AppState, ctx: &Ctx, id: i64, e: &Error) -> Result<Response> {
    let m = msg(ctx, e);
    let mut resp = render(&detail_view(st, ctx, id, Some(m)).await?)?;
    *resp.status_mut() = status_of(e);
    Ok(resp)
}

/// `POST /normative/{id}/fair-competition`: the review of the document (its drafting body, or
/// centrally by the bureau); every standard is answered by a `std_<key>` field (1 = clear).
async fn fcr_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<BTreeMap<String, String>>,
) -> Page {
    let who = ctx.user()?;
    let res = async {
        let d = records::get(&st.db, who, id).await?;
        let get = |k: &str| f.get(k).cloned().unwrap_or_default();
        let checklist = FAIR_COMPETITION_STANDARDS
            .iter()
            .map(|(k, _, _)| (k.to_string(), get(&format!("std_{k}")) == "1"))
            .collect();
        let n = NewReview {
            document_id: Some(id),
            department_id: d.department_id,
            measure: d.title.clone(),
            mode: if who.role.can(Permission::ReviewNormative) {
                Mode::Central
            } else {
                Mode::Drafting
            },
            reviewed_on: date(&get("on"), "on")?,
            checklist,
            exception_ground: ExceptionGround::parse(&get("ground")),
            exception_reason: get("reason"),
            stakeholders: get("stakeholders"),
            third_party: get("third_party"),
        };
        fair_competition::review_as(&st.db, who, &n).await
    }
    .await;
    Ok(match res {
        Ok(_) => Redirect::to(&format!("/normative/{id}")).into_response(),
        Err(e) if on_page(&e) => error_on_detail(&st, &ctx, id, &e).await?,
        Err(e) => return Err(e.into()),
    })
}

#[derive(askama::Template)]
#[template(path = "normative/fair_competition.html")]
struct FcrPage {
    shell: Shell,
    year: i32,
    rows: Vec<fair_competition::ReviewRow>,
    y: fair_competition::FairCompetitionYear,
}

/// `GET /normative/fair-competition?year=Y`: the reviews of the year in scope, and the figures.
async fn fcr_page(ctx: Ctx, State(st): State<AppState>, Query(q): Query<ListQuery>) -> Page {
    let who = ctx.user()?;
    let year = q
        .year
        .filter(|y| (2000..=2100).contains(y))
        .unwrap_or_else(|| chrono::Datelike::year(&today()) - 2);
    let rows = fair_competition::list(&st.db, who, year).await?;
    let y = fair_competition::year(&st.db, &who.region, year).await?;
    Ok(render(&FcrPage {
        shell: Shell::new(&ctx, ("公平竞争审查", "Fair-competition review"), &crumbs()),
        year,
        rows,
        y,
    })?)
}

#[derive(askama::Template)]
#[template(path = "normative/cleanup.html")]
struct CleanupPage {
    shell: Shell,
    on: String,
    stale: Vec<citations::StaleDocument>,
    candidates: Vec<cleanup::Candidate>,
    campaigns: Vec<(cleanup::Campaign, Vec<cleanup::Item>)>,
    outcomes: Vec<(&'static str, &'static str)>,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct OnQuery {
    #[serde(default)]
    on: String,
}

async fn cleanup_view(
    st: &AppState,
    ctx: &Ctx,
    on: NaiveDate,
    error: Option<String>,
) -> Result<CleanupPage> {
    let who = ctx.user()?;
    let corpus = st.corpus();
    let stale = citations::stale(&st.db, &corpus, &who.region, on).await?;
    let candidates = cleanup::candidates(&st.db, &corpus, &who.region, on).await?;
    let mut campaigns = Vec::new();
    for c in cleanup::campaigns(&st.db, &who.region, false).await? {
        let items = cleanup::items(&st.db, &who.region, c.id).await?;
        campaigns.push((c, items));
    }
    Ok(CleanupPage {
        shell: Shell::new(ctx, ("规范性文件清理", "Cleanup"), &crumbs()),
        on: on.to_string(),
        stale,
        candidates,
        campaigns,
        outcomes: cleanup::Outcome::ALL
            .iter()
            .map(|o| (o.as_str(), o.label(ctx.lang)))
            .collect(),
        error,
    })
}

/// `GET /normative/cleanup?on=DATE`: the documents citing lapsed law, those past validity, and
/// the campaigns.
async fn cleanup_page(ctx: Ctx, State(st): State<AppState>, Query(q): Query<OnQuery>) -> Page {
    let on = match q.on.trim() {
        "" => today(),
        s => date(s, "on")?,
    };
    Ok(render(&cleanup_view(&st, &ctx, on, None).await?)?)
}

#[derive(Deserialize, Default)]
pub struct CleanupForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    on: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    note: String,
}

/// `POST /normative/cleanup`: start a campaign, decide a document's outcome, publish the list.
async fn cleanup_submit(ctx: Ctx, State(st): State<AppState>, Form(f): Form<CleanupForm>) -> Page {
    let who = ctx.user()?;
    let res = async {
        let on = date(&f.on, "on")?;
        let id = || {
            f.id.trim()
                .parse::<i64>()
                .map_err(|_| bad("id", "缺少编号。", "The id is missing."))
        };
        match f.action.as_str() {
            "start" => cleanup::start(&st.db, who, &st.corpus(), &f.name, on)
                .await
                .map(|_| ()),
            "decide" => {
                let outcome = cleanup::Outcome::parse(&f.outcome)
                    .ok_or_else(|| bad("outcome", "请选择清理结论。", "Choose the outcome."))?;
                cleanup::decide(&st.db, who, id()?, outcome, &f.note, on).await
            }
            "publish" => cleanup::publish(&st.db, who, id()?, on).await,
            _ => Err(bad("action", "未知的操作。", "Unknown action.")),
        }
    }
    .await;
    Ok(match res {
        Ok(()) => Redirect::to("/normative/cleanup").into_response(),
        Err(e) if on_page(&e) => {
            let m = msg(&ctx, &e);
            let mut resp = render(&cleanup_view(&st, &ctx, today(), Some(m)).await?)?;
            *resp.status_mut() = status_of(&e);
            resp
        }
        Err(e) => return Err(e.into()),
    })
}

#[derive(askama::Template)]
#[template(path = "normative/portal_list.html")]
struct PortalList {
    shell: Shell,
    rows: Vec<(Document, String)>,
    pager: Pager,
    campaigns: Vec<(cleanup::Campaign, Vec<cleanup::Item>)>,
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    #[serde(default)]
    page: Option<i64>,
}

/// `GET /portal/normative`: the published documents (统一发布) and the published cleanup lists.
async fn portal_list(ctx: Ctx, State(st): State<AppState>, Query(q): Query<PageQuery>) -> Page {
    let page = q.page.unwrap_or(1).max(1);
    let size = 50;
    let (rows, total) = records::published(&st.db, BINHAI_REGION, size, (page - 1) * size).await?;
    let mut campaigns = Vec::new();
    for c in cleanup::campaigns(&st.db, BINHAI_REGION, true).await? {
        let items = cleanup::items(&st.db, BINHAI_REGION, c.id).await?;
        campaigns.push((c, items));
    }
    let mut shell = Shell::new(
        &ctx,
        ("行政规范性文件", "Normative documents"),
        &[("首页", "Home", Some("/portal"))],
    );
    shell.user = None;
    Ok(render(&PortalList {
        shell,
        rows: rows
            .into_iter()
            .map(|d| {
                let l = d.status.label(ctx.lang).to_string();
                (d, l)
            })
            .collect(),
        pager: Pager::new(total, page, size, |n| format!("/portal/normative?page={n}")),
        campaigns,
    })?)
}

#[derive(askama::Template)]
#[template(path = "normative/portal_one.html")]
struct PortalOne {
    shell: Shell,
    d: Document,
    status: String,
}

/// `GET /portal/normative/{id}`: a published document's text (a draft is not found).
async fn portal_one(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> Page {
    let d = records::published_one(&st.db, BINHAI_REGION, id).await?;
    let mut shell = Shell::new(
        &ctx,
        (&d.title, &d.title),
        &[
            ("首页", "Home", Some("/portal")),
            (
                "行政规范性文件",
                "Normative documents",
                Some("/portal/normative"),
            ),
        ],
    );
    shell.user = None;
    Ok(render(&PortalOne {
        shell,
        status: d.status.label(ctx.lang).to_string(),
        d,
    })?)
}

#[derive(Deserialize)]
pub struct YearQuery {
    year: i32,
}

/// `GET /api/v1/normative/stats?year=2024`.
async fn api_stats(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(q): Query<YearQuery>,
) -> std::result::Result<Json<NormativeStats>, ApiError> {
    let who = ctx.user()?;
    Ok(Json(stats::year(&st.db, &who.region, q.year).await?))
}
