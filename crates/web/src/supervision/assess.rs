//! Supervision pages (执法监督): the supervisor's dashboard, monthly assessments with the scheme
//! editor and the interview list, quarterly bulletins (page and print-ready A4), alerts,
//! supervision instruments with the body's reply, the body view with its figures and their
//! drill-down; and the JSON API under `/api/v1/supervision` (indicators, assessments, alerts).
//! Every number shown is computed from the records by `fazhi_core::supervision::assessment`.

use std::collections::{BTreeMap, HashMap};

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use axum::{Form, Json};
use chrono::{Datelike, NaiveDate};
use fazhi_core::auth::{Permission, Principal};
use fazhi_core::supervision::assessment::alerts::{self, Alert, AlertKind, AlertQuery};
use fazhi_core::supervision::assessment::bulletin::{self, Bulletin, BulletinRow};
use fazhi_core::supervision::assessment::indicators::{
    self, BodyFigures, Figure, Indicator, MonthFigures, figure_href,
};
use fazhi_core::supervision::assessment::instruments::{
    self, Instrument, InstrumentKind, InstrumentStatus, NewInstrument,
};
use fazhi_core::supervision::assessment::interviews::{self, FollowUp, Interview};
use fazhi_core::supervision::assessment::monthly::{self, Assessment, RunResult, ScoreRow};
use fazhi_core::supervision::assessment::scheme::{self, NewScheme, Scheme};
use fazhi_core::supervision::assessment::{Month, body_map, require_body};
use fazhi_core::time::{fmt_ms, today};
use fazhi_core::{Code, Error, Result};
use serde::{Deserialize, Serialize};

use crate::ctx::Ctx;
use crate::error::Page;
use crate::error::{ApiError, json_body, render};
use crate::routes::{Access as A, NavGroup as N, Route, ScopeRule as S};
use crate::shell::Shell;
use crate::state::AppState;

/// Routes of this part.
pub fn routes() -> Vec<Route> {
    use Permission as P;
    let view = A::Perm(P::ViewSupervision);
    let manage = A::Perm(P::ManageSupervision);
    vec![
        Route::get("/supervision", view, S::DataScope, dashboard_page).nav(
            N::Supervision,
            "监督驾驶舱",
            "Dashboard",
        ),
        Route::get(
            "/supervision/assessments",
            view,
            S::DataScope,
            assessments_page,
        )
        .nav(N::Supervision, "月度考核", "Monthly assessment"),
        Route::post(
            "/supervision/assessments/run",
            manage,
            S::DataScope,
            run_submit,
        ),
        Route::post(
            "/supervision/assessments/scheme",
            manage,
            S::DataScope,
            scheme_submit,
        ),
        Route::post(
            "/supervision/interviews/{id}",
            manage,
            S::DataScope,
            interview_submit,
        ),
        Route::get("/supervision/bulletins", view, S::DataScope, bulletins_page).nav(
            N::Supervision,
            "季度通报",
            "Quarterly bulletins",
        ),
        Route::post(
            "/supervision/bulletins",
            manage,
            S::DataScope,
            bulletin_submit,
        ),
        Route::get(
            "/supervision/bulletins/{id}",
            view,
            S::DataScope,
            bulletin_page,
        ),
        Route::get(
            "/supervision/bulletins/{id}/print",
            view,
            S::DataScope,
            bulletin_print,
        ),
        Route::get("/supervision/alerts", view, S::DataScope, alerts_page).nav(
            N::Supervision,
            "预警",
            "Alerts",
        ),
        Route::get(
            "/supervision/instruments",
            view,
            S::DataScope,
            instruments_page,
        )
        .nav(N::Supervision, "监督文书", "Instruments"),
        Route::post(
            "/supervision/instruments",
            manage,
            S::DataScope,
            instrument_submit,
        ),
        Route::post(
            "/supervision/instruments/{id}/reply",
            A::Perm(P::ReplySupervision),
            S::DataScope,
            reply_submit,
        ),
        Route::post(
            "/supervision/instruments/{id}/close",
            manage,
            S::DataScope,
            close_submit,
        ),
        Route::get("/supervision/bodies/{id}", view, S::DataScope, body_page),
        Route::get(
            "/supervision/bodies/{id}/records",
            view,
            S::DataScope,
            records_page,
        ),
        Route::get(
            "/api/v1/supervision/indicators",
            view,
            S::DataScope,
            api_indicators,
        ),
        Route::get(
            "/api/v1/supervision/assessments",
            view,
            S::DataScope,
            api_assessments,
        ),
        Route::post(
            "/api/v1/supervision/assessments",
            manage,
            S::DataScope,
            api_run,
        ),
        Route::get(
            "/api/v1/supervision/assessments/{month}",
            view,
            S::DataScope,
            api_scores,
        ),
        Route::get("/api/v1/supervision/alerts", view, S::DataScope, api_alerts),
    ]
}

fn crumbs() -> [(&'static str, &'static str, Option<&'static str>); 1] {
    [("执法监督", "Supervision", Some("/supervision"))]
}

fn pick(lang: &str, zh: &str, en: &str) -> String {
    if lang == "en" { en.into() } else { zh.into() }
}

/// The month to show: the one asked for, else the latest assessed, else last month.
async fn month_or_latest(st: &AppState, who: &Principal, asked: &str) -> Result<Month> {
    if !asked.trim().is_empty() {
        return Month::parse(asked);
    }
    Ok(match monthly::latest(&st.db, who).await? {
        Some(a) => a.month,
        None => Month::of(today()).prev(),
    })
}

/// Columns of the indicator tables.
const TABLE_INDICATORS: [Indicator; 12] = [
    Indicator::Participation,
    Indicator::Performance,
    Indicator::ActsPerOfficer,
    Indicator::Inspections,
    Indicator::CasesGeneral,
    Indicator::CasesSummary,
    Indicator::DeadlinesMet,
    Indicator::DisclosureOnTime,
    Indicator::LegalReview,
    Indicator::CertifiedScanned,
    Indicator::RepeatedInspections,
    Indicator::ReviewScore,
];

struct Head {
    label: String,
    title: String,
}

fn heads(lang: &str) -> Vec<Head> {
    TABLE_INDICATORS
        .iter()
        .map(|i| Head {
            label: i.label(lang).to_string(),
            title: pick(lang, i.query_zh(), i.query_en()),
        })
        .collect()
}

struct Cell {
    text: String,
    fraction: String,
    href: String,
}

struct FigureRow {
    department_id: i64,
    department: String,
    cells: Vec<Cell>,
}

fn figure_row(b: &BodyFigures, month: Month) -> FigureRow {
    FigureRow {
        department_id: b.department_id,
        department: b.department.clone(),
        cells: TABLE_INDICATORS
            .iter()
            .map(|&i| {
                let f = b.get(i);
                Cell {
                    text: f.map(Figure::display).unwrap_or_else(|| "—".into()),
                    fraction: f.map(Figure::fraction).unwrap_or_default(),
                    href: figure_href(b.department_id, month, i),
                }
            })
            .collect(),
    }
}

struct RankView {
    rank: i64,
    department_id: i64,
    department: String,
    score: String,
    interviewed: bool,
}

fn rank_views(rows: &[ScoreRow]) -> Vec<RankView> {
    rows.iter()
        .map(|r| RankView {
            rank: r.rank,
            department_id: r.department_id,
            department: r.department.clone(),
            score: format!("{:.2}", r.score),
            interviewed: r.interviewed,
        })
        .collect()
}

struct AlertView {
    kind: String,
    severity: String,
    severity_class: &'static str,
    department_id: i64,
    department: String,
    href: String,
    date: String,
    detail: String,
}

fn alert_view(a: &Alert, lang: &str) -> AlertView {
    AlertView {
        kind: a.kind.label(lang).to_string(),
        severity: a.severity.label(lang).to_string(),
        severity_class: match a.severity {
            alerts::Severity::DueSoon => "warn",
            _ => "danger",
        },
        department_id: a.department_id,
        department: a.department.clone(),
        href: a.record.href(),
        date: a.date.to_string(),
        detail: a.detail(lang).to_string(),
    }
}

struct CountView {
    code: &'static str,
    label: String,
    count: usize,
}

fn count_views(all: &[Alert], lang: &str) -> Vec<CountView> {
    alerts::counts(all)
        .into_iter()
        .map(|(k, n)| CountView {
            code: k.as_str(),
            label: k.label(lang).to_string(),
            count: n,
        })
        .collect()
}

struct InterviewView {
    id: i64,
    department_id: i64,
    department: String,
    month: String,
    rank: i64,
    reason: String,
    status: String,
    status_code: &'static str,
    held_on: String,
    participants: String,
    record: String,
    rectification: String,
    closed_on: String,
}

fn interview_view(i: &Interview, lang: &str) -> InterviewView {
    InterviewView {
        id: i.id,
        department_id: i.department_id,
        department: i.department.clone(),
        month: i.month.to_string(),
        rank: i.rank,
        reason: i.reason.clone(),
        status: i.status.label(lang).to_string(),
        status_code: i.status.as_str(),
        held_on: i.held_on.map(|d| d.to_string()).unwrap_or_default(),
        participants: i.participants.clone(),
        record: i.record.clone(),
        rectification: i.rectification.clone(),
        closed_on: i.closed_on.map(|d| d.to_string()).unwrap_or_default(),
    }
}

struct InstrumentView {
    id: i64,
    doc_no: String,
    kind: String,
    department_id: i64,
    department: String,
    title: String,
    findings: String,
    requirements: String,
    issued_on: String,
    due_on: String,
    due_working_days: i64,
    status: String,
    status_code: &'static str,
    reply: String,
    replied_on: String,
    closed_on: String,
    closure_note: String,
    overdue: bool,
}

fn instrument_view(i: &Instrument, lang: &str) -> InstrumentView {
    InstrumentView {
        id: i.id,
        doc_no: i.doc_no.clone(),
        kind: i.kind.label(lang).to_string(),
        department_id: i.department_id,
        department: i.department.clone(),
        title: i.title.clone(),
        findings: i.findings.clone(),
        requirements: i.requirements.clone(),
        issued_on: i.issued_on.to_string(),
        due_on: i.due_on.to_string(),
        due_working_days: i.due_working_days,
        status: i.status.label(lang).to_string(),
        status_code: i.status.as_str(),
        reply: i.reply.clone(),
        replied_on: i.replied_on.map(|d| d.to_string()).unwrap_or_default(),
        closed_on: i.closed_on.map(|d| d.to_string()).unwrap_or_default(),
        closure_note: i.closure_note.clone(),
        overdue: i.overdue,
    }
}

fn year_window(m: Month) -> (Month, Month) {
    (
        Month {
            year: m.year,
            month: 1,
        },
        Month {
            year: m.year,
            month: 12,
        },
    )
}

// ---------------------------------------------------------------- dashboard

#[derive(askama::Template)]
#[template(path = "supervision/assess_dashboard.html")]
struct DashboardPage {
    shell: Shell,
    month: String,
    month_label: String,
    assessment: Option<String>,
    heads: Vec<Head>,
    rows: Vec<FigureRow>,
    ranking: Vec<RankView>,
    alert_total: usize,
    alert_counts: Vec<CountView>,
    year: i32,
    interviews: Vec<InterviewView>,
    open_instruments: usize,
    overdue_instruments: usize,
    instruments: Vec<InstrumentView>,
    reviews: Vec<(String, String, String)>,
}

/// `GET /supervision`: the supervisor's desk; a body's head goes to its body view.
pub async fn dashboard_page(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(p): Query<MonthParam>,
) -> Page {
    let who = ctx.user()?;
    if who.scope_binds().all != 1 {
        let map = body_map(&st.db, &who.region).await?;
        let body = who
            .department_id
            .and_then(|d| map.body(d))
            .ok_or_else(|| Error::not_found("enforcement body"))?;
        return Ok(Redirect::to(&format!("/supervision/bodies/{body}")).into_response());
    }
    let lang = ctx.lang;
    let month = month_or_latest(&st, who, &p.month).await?;
    let assessment = monthly::get(&st.db, who, month).await?;
    let figures = indicators::for_month(&st.db, who, month).await?;
    let scores = monthly::scores(&st.db, who, month, month).await?;
    let all = alerts::list(
        &st.db,
        who,
        &st.calendar(),
        today(),
        &AlertQuery::year(month.year),
    )
    .await?;
    let (from, to) = year_window(month);
    let ivs = interviews::list(&st.db, who, from, to).await?;
    let insts = instruments::list(&st.db, who, today(), None).await?;
    let reviews = review_summary(&figures);
    Ok(render(&DashboardPage {
        shell: Shell::new(&ctx, ("执法监督", "Supervision"), &[]),
        month: month.to_string(),
        month_label: month.label(lang),
        assessment: assessment.map(|a| assessment_line(&a, lang)),
        heads: heads(lang),
        rows: figures
            .bodies
            .iter()
            .map(|b| figure_row(b, month))
            .collect(),
        ranking: rank_views(&scores),
        alert_total: all.len(),
        alert_counts: count_views(&all, lang),
        year: month.year,
        interviews: ivs
            .iter()
            .take(10)
            .map(|i| interview_view(i, lang))
            .collect(),
        open_instruments: insts
            .iter()
            .filter(|i| i.status != InstrumentStatus::Closed)
            .count(),
        overdue_instruments: insts.iter().filter(|i| i.overdue).count(),
        instruments: insts
            .iter()
            .take(8)
            .map(|i| instrument_view(i, lang))
            .collect(),
        reviews,
    })?)
}

/// (body, reviews confirmed, mean score) of the month, from the review-score figure.
fn review_summary(f: &MonthFigures) -> Vec<(String, String, String)> {
    f.bodies
        .iter()
        .filter_map(|b| {
            let r = b.get(Indicator::ReviewScore)?;
            r.applicable
                .then(|| (b.department.clone(), r.denominator.to_string(), r.display()))
        })
        .collect()
}

fn assessment_line(a: &Assessment, lang: &str) -> String {
    if lang == "en" {
        format!(
            "Assessed under scheme v{} ({} bodies) at {} by {}",
            a.scheme_version,
            a.bodies,
            fmt_ms(a.computed_at),
            a.computed_by
        )
    } else {
        format!(
            "按考核方案第 {} 版考核（{} 个执法主体），{} 由 {} 计算",
            a.scheme_version,
            a.bodies,
            fmt_ms(a.computed_at),
            a.computed_by
        )
    }
}

#[derive(Deserialize, Default)]
pub struct MonthParam {
    #[serde(default)]
    month: String,
}

// ---------------------------------------------------------------- assessments

struct SchemeView {
    version: i64,
    effective_month: String,
    weights: String,
    bottom_count: i64,
    note: String,
    created_by: String,
}

struct WeightField {
    code: &'static str,
    label: String,
    value: i64,
}

struct MonthLink {
    month: String,
    version: i64,
    current: bool,
}

#[derive(askama::Template)]
#[template(path = "supervision/assess_assessments.html")]
struct AssessmentsPage {
    shell: Shell,
    month: String,
    month_label: String,
    assessment: Option<String>,
    months: Vec<MonthLink>,
    ranking: Vec<ScoredRow>,
    heads: Vec<Head>,
    schemes: Vec<SchemeView>,
    weight_fields: Vec<WeightField>,
    bottom_count: i64,
    next_month: String,
    interviews: Vec<InterviewView>,
    can_manage: bool,
    today: String,
}

struct ScoredRow {
    rank: i64,
    department_id: i64,
    department: String,
    score: String,
    interviewed: bool,
    cells: Vec<Cell>,
}

/// `GET /supervision/assessments?month=`.
pub async fn assessments_page(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(p): Query<MonthParam>,
) -> Page {
    let who = ctx.user()?;
    let lang = ctx.lang;
    let month = month_or_latest(&st, who, &p.month).await?;
    let list = monthly::list(&st.db, who, Some(month.year)).await?;
    let assessment = monthly::get(&st.db, who, month).await?;
    let scores = monthly::scores(&st.db, who, month, month).await?;
    let schemes = scheme::list(&st.db, who).await?;
    let current: Option<&Scheme> = schemes.first();
    let (from, to) = year_window(month);
    let ivs = interviews::list(&st.db, who, from, to).await?;
    let latest = monthly::latest(&st.db, who).await?;
    let next = latest.map(|a| a.month.next()).unwrap_or(Month::of(today()));
    Ok(render(&AssessmentsPage {
        shell: Shell::new(&ctx, ("月度考核", "Monthly assessments"), &crumbs()),
        month: month.to_string(),
        month_label: month.label(lang),
        assessment: assessment.map(|a| assessment_line(&a, lang)),
        months: list
            .iter()
            .rev()
            .map(|a| MonthLink {
                month: a.month.to_string(),
                version: a.scheme_version,
                current: a.month == month,
            })
            .collect(),
        ranking: scores
            .iter()
            .map(|s| ScoredRow {
                rank: s.rank,
                department_id: s.department_id,
                department: s.department.clone(),
                score: format!("{:.2}", s.score),
                interviewed: s.interviewed,
                cells: TABLE_INDICATORS
                    .iter()
                    .map(|&i| {
                        let f = s.figures.iter().find(|f| f.indicator == i);
                        Cell {
                            text: f.map(Figure::display).unwrap_or_else(|| "—".into()),
                            fraction: f.map(Figure::fraction).unwrap_or_default(),
                            href: figure_href(s.department_id, month, i),
                        }
                    })
                    .collect(),
            })
            .collect(),
        heads: heads(lang),
        schemes: schemes
            .iter()
            .map(|s| SchemeView {
                version: s.version,
                effective_month: s.effective_month.to_string(),
                weights: s
                    .weights
                    .iter()
                    .filter(|(_, w)| **w > 0)
                    .map(|(k, w)| {
                        format!(
                            "{} {w}",
                            Indicator::parse(k).map(|i| i.label(lang)).unwrap_or(k)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("，"),
                bottom_count: s.bottom_count,
                note: s.note.clone(),
                created_by: s.created_by.clone(),
            })
            .collect(),
        weight_fields: Indicator::ALL
            .iter()
            .map(|i| WeightField {
                code: i.as_str(),
                label: i.label(lang).to_string(),
                value: current.map(|s| s.weight(*i)).unwrap_or_else(|| {
                    scheme::default_weights()
                        .get(i.as_str())
                        .copied()
                        .unwrap_or(0)
                }),
            })
            .collect(),
        bottom_count: current
            .map(|s| s.bottom_count)
            .unwrap_or(scheme::DEFAULT_BOTTOM),
        next_month: next.to_string(),
        interviews: ivs.iter().map(|i| interview_view(i, lang)).collect(),
        can_manage: who.role.can(Permission::ManageSupervision),
        today: today().to_string(),
    })?)
}

#[derive(Deserialize)]
pub struct RunForm {
    #[serde(default)]
    month: String,
}

/// `POST /supervision/assessments/run`.
pub async fn run_submit(ctx: Ctx, State(st): State<AppState>, Form(f): Form<RunForm>) -> Page {
    let who = ctx.user()?;
    let month = Month::parse(&f.month)?;
    monthly::run(&st.db, who, month, today()).await?;
    Ok(Redirect::to(&format!(
        "/supervision/assessments?month={month}&flash=created"
    ))
    .into_response())
}

/// `POST /supervision/assessments/scheme`: `effective_month`, `bottom_count`, `note` and one
/// `w_<indicator>` field per indicator.
pub async fn scheme_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Form(f): Form<HashMap<String, String>>,
) -> Page {
    let who = ctx.user()?;
    let field = |k: &str| f.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
    let int = |k: &str, name: &'static str| -> Result<i64> {
        let v = field(k);
        if v.is_empty() {
            return Ok(0);
        }
        v.parse().map_err(|_| {
            Error::of(Code::SupervisionSchemeWeight)
                .for_field(name)
                .arg_zh_en("reason", "请填写整数。", "Enter a whole number.")
        })
    };
    let mut weights = BTreeMap::new();
    for i in Indicator::ALL {
        weights.insert(
            i.as_str().to_string(),
            int(&format!("w_{}", i.as_str()), "weights")?,
        );
    }
    let s = NewScheme {
        effective_month: Month::parse(&field("effective_month"))?,
        weights,
        bottom_count: int("bottom_count", "bottom_count")?,
        note: field("note"),
    };
    scheme::create(&st.db, who, &s).await?;
    Ok(Redirect::to("/supervision/assessments?flash=created").into_response())
}

#[derive(Deserialize)]
pub struct InterviewForm {
    action: String,
    #[serde(default)]
    on: String,
    #[serde(default)]
    participants: String,
    #[serde(default)]
    record: String,
    #[serde(default)]
    rectification: String,
}

fn date(s: &str, field: &'static str) -> Result<NaiveDate> {
    s.trim()
        .parse()
        .map_err(|_| Error::of(Code::SupervisionDate).for_field(field))
}

/// `POST /supervision/interviews/{id}`: record the interview (`action=hold`) or close it.
pub async fn interview_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<InterviewForm>,
) -> Page {
    let who = ctx.user()?;
    let on = date(&f.on, "on")?;
    let follow = match f.action.as_str() {
        "hold" => FollowUp::Hold {
            held_on: on,
            participants: f.participants.clone(),
            record: f.record.clone(),
        },
        "close" => FollowUp::Close {
            closed_on: on,
            rectification: f.rectification.clone(),
        },
        _ => {
            return Err(Error::of(Code::SupervisionInterviewAction)
                .for_field("action")
                .into());
        }
    };
    let i = interviews::follow_up(&st.db, who, id, &follow).await?;
    Ok(Redirect::to(&format!(
        "/supervision/assessments?month={}&flash=updated",
        i.month
    ))
    .into_response())
}

// ---------------------------------------------------------------- bulletins

#[derive(askama::Template)]
#[template(path = "supervision/assess_bulletins.html")]
struct BulletinsPage {
    shell: Shell,
    rows: Vec<BulletinRow>,
    can_manage: bool,
    year: i32,
    today: String,
}

/// `GET /supervision/bulletins`.
pub async fn bulletins_page(ctx: Ctx, State(st): State<AppState>) -> Page {
    let who = ctx.user()?;
    let rows = bulletin::list(&st.db, who).await?;
    Ok(render(&BulletinsPage {
        shell: Shell::new(&ctx, ("季度通报", "Quarterly bulletins"), &crumbs()),
        rows,
        can_manage: who.role.can(Permission::ManageSupervision),
        year: today().year(),
        today: today().to_string(),
    })?)
}

#[derive(Deserialize)]
pub struct BulletinForm {
    year: String,
    quarter: String,
    issued_on: String,
    #[serde(default)]
    remarks: String,
}

/// `POST /supervision/bulletins`.
pub async fn bulletin_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Form(f): Form<BulletinForm>,
) -> Page {
    let who = ctx.user()?;
    let bad = |field: &'static str| {
        Error::of(Code::SupervisionQuarter)
            .for_field(field)
            .arg_zh_en(
                "reason",
                "请填写年度和季度（1–4）。",
                "Enter the year and the quarter (1–4).",
            )
    };
    let year: i32 = f.year.trim().parse().map_err(|_| bad("year"))?;
    let quarter: u32 = f.quarter.trim().parse().map_err(|_| bad("quarter"))?;
    let on = date(&f.issued_on, "issued_on")?;
    let id = bulletin::issue(&st.db, who, year, quarter, on, &f.remarks).await?;
    Ok(Redirect::to(&format!("/supervision/bulletins/{id}?flash=created")).into_response())
}

struct BulletinView {
    b: Bulletin,
    paragraphs: Vec<String>,
    month_labels: Vec<String>,
    ranking: Vec<(i64, i64, String, String, Vec<String>, i64)>,
    interviews: Vec<InterviewView>,
    instruments: Vec<InstrumentView>,
}

async fn bulletin_view(st: &AppState, ctx: &Ctx, id: i64) -> Result<BulletinView> {
    let who = ctx.user()?;
    let lang = ctx.lang;
    let b = bulletin::build(&st.db, who, id, today()).await?;
    Ok(BulletinView {
        paragraphs: if lang == "en" {
            b.paragraphs_en.clone()
        } else {
            b.paragraphs_zh.clone()
        },
        month_labels: b.months.iter().map(|m| m.label(lang)).collect(),
        ranking: b
            .ranking
            .iter()
            .map(|r| {
                (
                    r.rank,
                    r.department_id,
                    r.department.clone(),
                    format!("{:.2}", r.mean),
                    r.months
                        .iter()
                        .map(|m| match m {
                            Some((s, k)) => format!("{s:.2}（{k}）"),
                            None => "—".into(),
                        })
                        .collect(),
                    r.interviewed,
                )
            })
            .collect(),
        interviews: b
            .interviews
            .iter()
            .map(|i| interview_view(i, lang))
            .collect(),
        instruments: b
            .instruments
            .iter()
            .map(|i| instrument_view(i, lang))
            .collect(),
        b,
    })
}

#[derive(askama::Template)]
#[template(path = "supervision/assess_bulletin.html")]
struct BulletinPage {
    shell: Shell,
    v: BulletinView,
}

/// `GET /supervision/bulletins/{id}`.
pub async fn bulletin_page(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> Page {
    let v = bulletin_view(&st, &ctx, id).await?;
    let title = v.b.row.title.clone();
    Ok(render(&BulletinPage {
        shell: Shell::new(&ctx, (&title, &title), &crumbs()),
        v,
    })?)
}

#[derive(askama::Template)]
#[template(path = "supervision/assess_bulletin_print.html")]
struct BulletinPrint {
    v: BulletinView,
    back_href: String,
}

/// `GET /supervision/bulletins/{id}/print`: standalone A4 page (print to PDF from the browser).
pub async fn bulletin_print(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> Page {
    let v = bulletin_view(&st, &ctx, id).await?;
    Ok(render(&BulletinPrint {
        v,
        back_href: format!("/supervision/bulletins/{id}"),
    })?)
}

// ---------------------------------------------------------------- alerts

#[derive(Deserialize, Default)]
pub struct AlertParams {
    #[serde(default)]
    year: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    department: String,
}

/// Alerts shown on a page at most (the counts cover all).
const ALERT_ROWS: usize = 300;

#[derive(askama::Template)]
#[template(path = "supervision/assess_alerts.html")]
struct AlertsPage {
    shell: Shell,
    year: String,
    kind: String,
    total: usize,
    counts: Vec<CountView>,
    rows: Vec<AlertView>,
    capped: bool,
}

async fn alert_query(st: &AppState, who: &Principal, p: &AlertParams) -> Result<AlertQuery> {
    let year = match p.year.trim().parse::<i32>() {
        Ok(y) if (2000..=2100).contains(&y) => y,
        _ => month_or_latest(st, who, "").await?.year,
    };
    let mut q = AlertQuery::year(year);
    q.kind = AlertKind::parse(&p.kind);
    q.department_id = p.department.trim().parse().ok();
    Ok(q)
}

/// `GET /supervision/alerts?year=&kind=&department=`.
pub async fn alerts_page(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(p): Query<AlertParams>,
) -> Page {
    let who = ctx.user()?;
    let mut q = alert_query(&st, who, &p).await?;
    let kind = q.kind.take();
    let all = alerts::list(&st.db, who, &st.calendar(), today(), &q).await?;
    let counts = count_views(&all, ctx.lang);
    let shown: Vec<&Alert> = all
        .iter()
        .filter(|a| kind.is_none_or(|k| a.kind == k))
        .collect();
    Ok(render(&AlertsPage {
        shell: Shell::new(&ctx, ("执法监督预警", "Alerts"), &crumbs()),
        year: q.from.year().to_string(),
        kind: kind.map(|k| k.as_str().to_string()).unwrap_or_default(),
        total: shown.len(),
        counts,
        capped: shown.len() > ALERT_ROWS,
        rows: shown
            .iter()
            .take(ALERT_ROWS)
            .map(|a| alert_view(a, ctx.lang))
            .collect(),
    })?)
}

// ---------------------------------------------------------------- instruments

#[derive(askama::Template)]
#[template(path = "supervision/assess_instruments.html")]
struct InstrumentsPage {
    shell: Shell,
    rows: Vec<InstrumentView>,
    can_manage: bool,
    can_reply: bool,
    bodies: Vec<(i64, String)>,
    today: String,
}

/// `GET /supervision/instruments`.
pub async fn instruments_page(ctx: Ctx, State(st): State<AppState>) -> Page {
    let who = ctx.user()?;
    let rows = instruments::list(&st.db, who, today(), None).await?;
    let map = body_map(&st.db, &who.region).await?;
    Ok(render(&InstrumentsPage {
        shell: Shell::new(&ctx, ("执法监督文书", "Supervision instruments"), &crumbs()),
        rows: rows.iter().map(|i| instrument_view(i, ctx.lang)).collect(),
        can_manage: who.role.can(Permission::ManageSupervision),
        can_reply: who.role.can(Permission::ReplySupervision),
        bodies: map.bodies.iter().map(|b| (b.id, b.name.clone())).collect(),
        today: today().to_string(),
    })?)
}

#[derive(Deserialize)]
pub struct InstrumentForm {
    kind: String,
    department_id: String,
    title: String,
    findings: String,
    requirements: String,
    issued_on: String,
    due_working_days: String,
}

/// `POST /supervision/instruments`.
pub async fn instrument_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Form(f): Form<InstrumentForm>,
) -> Page {
    let who = ctx.user()?;
    let n =
        NewInstrument {
            kind: InstrumentKind::parse(&f.kind)
                .ok_or_else(|| Error::of(Code::SupervisionInstrumentKind).for_field("kind"))?,
            department_id: f.department_id.trim().parse().map_err(|_| {
                Error::of(Code::SupervisionInstrumentBody).for_field("department_id")
            })?,
            title: f.title.clone(),
            findings: f.findings.clone(),
            requirements: f.requirements.clone(),
            issued_on: date(&f.issued_on, "issued_on")?,
            due_working_days: f.due_working_days.trim().parse().map_err(|_| {
                Error::of(Code::SupervisionInstrumentDue)
                    .for_field("due_working_days")
                    .arg_zh_en(
                        "reason",
                        "整改期限请填写工作日数。",
                        "Enter the rectification period in working days.",
                    )
            })?,
        };
    instruments::issue(&st.db, who, &st.calendar(), &n).await?;
    Ok(Redirect::to("/supervision/instruments?flash=created").into_response())
}

#[derive(Deserialize)]
pub struct ReplyForm {
    #[serde(default)]
    on: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    back: String,
}

fn back_to(back: &str, fallback: &str) -> String {
    // Only our own supervision pages: never an open redirect.
    if back.starts_with("/supervision/") && !back.contains("//") {
        back.to_string()
    } else {
        fallback.to_string()
    }
}

/// `POST /supervision/instruments/{id}/reply` (the body's head).
pub async fn reply_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<ReplyForm>,
) -> Page {
    let who = ctx.user()?;
    let on = if f.on.trim().is_empty() {
        today()
    } else {
        date(&f.on, "on")?
    };
    instruments::reply(&st.db, who, id, on, &f.text).await?;
    let to = back_to(&f.back, "/supervision/instruments");
    Ok(Redirect::to(&format!("{to}?flash=updated")).into_response())
}

/// `POST /supervision/instruments/{id}/close` (区司法局).
pub async fn close_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<ReplyForm>,
) -> Page {
    let who = ctx.user()?;
    let on = if f.on.trim().is_empty() {
        today()
    } else {
        date(&f.on, "on")?
    };
    instruments::close(&st.db, who, id, on, &f.text).await?;
    Ok(Redirect::to("/supervision/instruments?flash=updated").into_response())
}

// ---------------------------------------------------------------- body view

struct HistoryRow {
    month: String,
    rank: i64,
    score: String,
    interviewed: bool,
}

#[derive(askama::Template)]
#[template(path = "supervision/assess_body.html")]
struct BodyPage {
    shell: Shell,
    id: i64,
    name: String,
    month: String,
    month_label: String,
    prev_month: String,
    next_month: String,
    figures: Vec<(String, String, String, String, String)>,
    history: Vec<HistoryRow>,
    chart: String,
    alert_total: usize,
    alert_counts: Vec<CountView>,
    alerts: Vec<AlertView>,
    interviews: Vec<InterviewView>,
    instruments: Vec<InstrumentView>,
    can_reply: bool,
    today: String,
    year: i32,
}

/// `GET /supervision/bodies/{id}?month=`: one body's figures, scores, alerts, interviews and
/// instruments (a head sees its own body only).
pub async fn body_page(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Query(p): Query<MonthParam>,
) -> Page {
    let who = ctx.user()?;
    let lang = ctx.lang;
    let map = body_map(&st.db, &who.region).await?;
    require_body(&st.db, who, &map, id).await?;
    let month = month_or_latest(&st, who, &p.month).await?;
    let figures = indicators::for_month(&st.db, who, month).await?;
    let mine = figures
        .bodies
        .iter()
        .find(|b| b.department_id == id)
        .ok_or_else(|| Error::not_found("enforcement body"))?;
    let (from, to) = year_window(month);
    let history: Vec<ScoreRow> = monthly::scores(&st.db, who, from, to)
        .await?
        .into_iter()
        .filter(|s| s.department_id == id)
        .collect();
    let mut q = AlertQuery::year(month.year);
    q.department_id = Some(id);
    let all = alerts::list(&st.db, who, &st.calendar(), today(), &q).await?;
    let ivs: Vec<Interview> = interviews::list(&st.db, who, from, to)
        .await?
        .into_iter()
        .filter(|i| i.department_id == id)
        .collect();
    let insts: Vec<Instrument> = instruments::list(&st.db, who, today(), None)
        .await?
        .into_iter()
        .filter(|i| i.department_id == id)
        .collect();
    let labels: Vec<String> = history
        .iter()
        .map(|h| format!("{}月", h.month.month))
        .collect();
    let chart = fazhi_core::supervision::assessment::svg::lines(
        &pick(lang, "各月考核得分与排名", "Monthly score and rank"),
        &labels,
        &[
            (
                pick(lang, "得分", "Score"),
                history.iter().map(|h| Some(h.score)).collect(),
            ),
            (
                pick(lang, "排名", "Rank"),
                history.iter().map(|h| Some(h.rank as f64)).collect(),
            ),
        ],
    );
    Ok(render(&BodyPage {
        shell: Shell::new(&ctx, (&mine.department, &mine.department), &crumbs()),
        id,
        name: mine.department.clone(),
        month: month.to_string(),
        month_label: month.label(lang),
        prev_month: month.prev().to_string(),
        next_month: month.next().to_string(),
        figures: mine
            .figures
            .iter()
            .map(|f| {
                (
                    f.indicator.label(lang).to_string(),
                    f.display(),
                    f.fraction(),
                    pick(lang, f.indicator.query_zh(), f.indicator.query_en()),
                    figure_href(id, month, f.indicator),
                )
            })
            .collect(),
        history: history
            .iter()
            .map(|h| HistoryRow {
                month: h.month.to_string(),
                rank: h.rank,
                score: format!("{:.2}", h.score),
                interviewed: h.interviewed,
            })
            .collect(),
        chart,
        alert_total: all.len(),
        alert_counts: count_views(&all, lang),
        alerts: all.iter().take(50).map(|a| alert_view(a, lang)).collect(),
        interviews: ivs.iter().map(|i| interview_view(i, lang)).collect(),
        instruments: insts.iter().map(|i| instrument_view(i, lang)).collect(),
        can_reply: who.role.can(Permission::ReplySupervision),
        today: today().to_string(),
        year: month.year,
    })?)
}

#[derive(Deserialize, Default)]
pub struct RecordsParams {
    #[serde(default)]
    month: String,
    #[serde(default)]
    indicator: String,
}

struct RecordView {
    kind: String,
    id: i64,
    href: String,
    note: String,
    counted: bool,
}

#[derive(askama::Template)]
#[template(path = "supervision/assess_records.html")]
struct RecordsPage {
    shell: Shell,
    body_id: i64,
    body: String,
    month: String,
    indicator: String,
    query: String,
    value: String,
    fraction: String,
    rows: Vec<RecordView>,
}

fn kind_label(kind: &str, lang: &str) -> String {
    match kind {
        "case" => pick(lang, "案件", "Case"),
        "inspection" => pick(lang, "检查", "Inspection"),
        "officer" => pick(lang, "执法人员", "Officer"),
        "power_item" => pick(lang, "职权事项", "Power item"),
        other => other.to_string(),
    }
}

/// `GET /supervision/bodies/{id}/records?month=&indicator=`: the records one figure counts.
pub async fn records_page(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Query(p): Query<RecordsParams>,
) -> Page {
    let who = ctx.user()?;
    let lang = ctx.lang;
    let month = Month::parse(&p.month)?;
    let ind = Indicator::parse(&p.indicator)
        .ok_or_else(|| Error::of(Code::SupervisionIndicator).for_field("indicator"))?;
    let f = indicators::drill_down(&st.db, who, id, month, ind).await?;
    let map = body_map(&st.db, &who.region).await?;
    // Ratios list their base, marking what the numerator counts; counts list the records.
    let counted: std::collections::HashSet<(&str, i64)> =
        f.records.iter().map(|r| (r.kind, r.id)).collect();
    let list = if f.base.is_empty() {
        &f.records
    } else {
        &f.base
    };
    let rows = list
        .iter()
        .map(|r| RecordView {
            kind: kind_label(r.kind, lang),
            id: r.id,
            href: r.href(),
            note: r.note.clone(),
            counted: counted.contains(&(r.kind, r.id)),
        })
        .collect();
    Ok(render(&RecordsPage {
        shell: Shell::new(&ctx, ("指标明细", "Figure records"), &crumbs()),
        body_id: id,
        body: map.name(id),
        month: month.to_string(),
        indicator: ind.label(lang).to_string(),
        query: pick(lang, ind.query_zh(), ind.query_en()),
        value: f.display(),
        fraction: f.fraction(),
        rows,
    })?)
}

// ---------------------------------------------------------------- API

type ApiResult<T> = std::result::Result<Json<T>, ApiError>;

/// `GET /api/v1/supervision/indicators?month=YYYY-MM`: the figures of the caller's bodies,
/// each with its drill-down link.
async fn api_indicators(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(p): Query<MonthParam>,
) -> ApiResult<serde_json::Value> {
    let who = ctx.user()?;
    let month = month_or_latest(&st, who, &p.month).await?;
    let f = indicators::for_month(&st.db, who, month).await?;
    let bodies: Vec<serde_json::Value> = f
        .bodies
        .iter()
        .map(|b| {
            serde_json::json!({
                "department_id": b.department_id,
                "department": b.department,
                "figures": b.figures.iter().map(|x| serde_json::json!({
                    "indicator": x.indicator,
                    "numerator": x.numerator,
                    "denominator": x.denominator,
                    "value": x.value,
                    "applicable": x.applicable,
                    "records": figure_href(b.department_id, month, x.indicator),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(Json(serde_json::json!({"month": month, "bodies": bodies})))
}

#[derive(Deserialize, Default)]
struct YearParam {
    #[serde(default)]
    year: Option<i32>,
}

/// `GET /api/v1/supervision/assessments?year=`.
async fn api_assessments(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(p): Query<YearParam>,
) -> ApiResult<Vec<Assessment>> {
    let who = ctx.user()?;
    Ok(Json(monthly::list(&st.db, who, p.year).await?))
}

/// `GET /api/v1/supervision/assessments/{month}`: the stored ranking with its figures.
async fn api_scores(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(month): Path<String>,
) -> ApiResult<Vec<ScoreRow>> {
    let who = ctx.user()?;
    let month = Month::parse(&month)?;
    Ok(Json(monthly::scores(&st.db, who, month, month).await?))
}

#[derive(Deserialize)]
struct RunBody {
    month: String,
}

/// `POST /api/v1/supervision/assessments` `{"month": "2024-03"}` (CSRF header).
async fn api_run(
    ctx: Ctx,
    State(st): State<AppState>,
    b: std::result::Result<Json<RunBody>, JsonRejection>,
) -> ApiResult<RunResult> {
    let who = ctx.user()?;
    let b = json_body(b)?;
    let month = Month::parse(&b.month)?;
    Ok(Json(monthly::run(&st.db, who, month, today()).await?))
}

#[derive(Serialize)]
struct AlertList {
    total: usize,
    counts: BTreeMap<&'static str, usize>,
    alerts: Vec<Alert>,
}

/// `GET /api/v1/supervision/alerts?year=&kind=&department=`.
async fn api_alerts(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(p): Query<AlertParams>,
) -> ApiResult<AlertList> {
    let who = ctx.user()?;
    let q = alert_query(&st, who, &p).await?;
    let all = alerts::list(&st.db, who, &st.calendar(), today(), &q).await?;
    Ok(Json(AlertList {
        total: all.len(),
        counts: alerts::counts(&all)
            .into_iter()
            .map(|(k, n)| (k.as_str(), n))
            .collect(),
        alerts: all,
    }))
}
