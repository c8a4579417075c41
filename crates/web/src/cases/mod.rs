//! Penalty case pages: the workbench (my tasks, due soonest first), case lists within the data
//! scope with Excel export, lead registration, the case page (deadlines, assessment trace,
//! team, evidence, timeline, instruments) with the form of the next step for the caller's role,
//! disclosure (console and public portal) and the yearly figures.

mod api;
mod documents;
mod forms;

use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use fazhi_core::auth::Permission;
use fazhi_core::cases::documents::{InstrumentKind, Provision};
use fazhi_core::cases::queries::{
    self, CaseFile, CaseQuery, PAGE_SIZE, TaskRow, TeamCandidate, ViolationChoice,
};
use fazhi_core::cases::{CaseOutcome, DisclosureStatus};
use fazhi_core::cases::{
    CaseRow, CaseStatus, ExecutionMode, Procedure, ServiceMethod, Source, Stage, disclosure,
    paperwork, workflow,
};
use fazhi_core::money::Money;
use fazhi_core::time::{fmt_ms, today};
use fazhi_core::{BINHAI_REGION, Error, Result};
use serde::Deserialize;

use crate::ctx::{Ctx, enc};
use crate::error::Page;
use crate::error::render;
use crate::home::{DeadlineView, deadline_view};
use crate::routes::{Access as A, NavGroup as N, Route, ScopeRule as S};
use crate::shell::{Pager, Shell};
use crate::state::AppState;

pub use forms::StepForm;

/// Routes of the module.
pub fn routes() -> Vec<Route> {
    use Permission as P;
    let mut v = vec![
        Route::get(
            "/cases/workbench",
            A::Perm(P::ViewCases),
            S::DataScope,
            workbench_page,
        )
        .nav_for(
            N::Cases,
            "我的待办",
            "My tasks",
            A::AnyOf(&[P::HandleCases, P::ApproveCases, P::LegalReviewCases]),
        ),
        Route::get(
            "/cases/list",
            A::Perm(P::ViewCases),
            S::DataScope,
            list_page,
        )
        .nav(N::Cases, "案件列表", "Cases"),
        Route::get(
            "/cases/export.xlsx",
            A::Perm(P::ViewCases),
            S::DataScope,
            export_xlsx,
        ),
        Route::get(
            "/cases/new",
            A::Perm(P::HandleCases),
            S::DataScope,
            new_page,
        ),
        Route::post(
            "/cases/new",
            A::Perm(P::HandleCases),
            S::DataScope,
            new_submit,
        ),
        Route::get(
            "/cases/disclosures",
            A::Perm(P::ViewCases),
            S::DataScope,
            disclosures_page,
        )
        .nav(N::Cases, "处罚公示", "Disclosure"),
        // District figures: only the district-scope supervisor may open them.
        Route::get(
            "/cases/stats",
            A::District(P::ViewCases),
            S::DataScope,
            stats_page,
        )
        .nav(N::Cases, "案件统计", "Statistics"),
        Route::get(
            "/cases/{id}",
            A::Perm(P::ViewCases),
            S::DataScope,
            case_page,
        ),
        // Each step's own permission is checked by the step registry in core.
        Route::post(
            "/cases/{id}/step",
            A::Perm(P::ViewCases),
            S::DataScope,
            step_submit,
        ),
        Route::post(
            "/cases/{id}/evidence",
            A::Perm(P::HandleCases),
            S::DataScope,
            evidence_submit,
        ),
        Route::get(
            "/cases/{id}/evidence/{eid}",
            A::Perm(P::ViewCases),
            S::DataScope,
            evidence_download,
        ),
        Route::get(
            "/cases/{id}/documents/{slug}",
            A::Perm(P::ViewCases),
            S::DataScope,
            document_page,
        ),
        Route::post(
            "/cases/{id}/disclose",
            A::Perm(P::ApproveCases),
            S::DataScope,
            disclose_submit,
        ),
        Route::post(
            "/cases/{id}/withdraw",
            A::Perm(P::ApproveCases),
            S::DataScope,
            withdraw_submit,
        ),
        Route::get("/portal/penalties", A::Public, S::Open, portal_page),
    ];
    v.extend(api::routes());
    v
}

fn crumbs() -> [(&'static str, &'static str, Option<&'static str>); 1] {
    [("行政处罚", "Penalty cases", Some("/cases/list"))]
}

fn err_text(ctx: &Ctx, e: &Error) -> String {
    if ctx.lang == "en" {
        e.message_en()
    } else {
        e.message_zh()
    }
}

/// Label of a task kind (a step name).
pub fn task_label(kind: &str, lang: &str) -> String {
    workflow::step_name_label(kind, lang)
}

fn queue_label(q: &str, lang: &str) -> &'static str {
    fazhi_core::cases::Queue::parse(q)
        .map(|q| q.label(lang))
        .unwrap_or("—")
}

struct TaskView {
    case_id: i64,
    case_no: String,
    party: String,
    violation: String,
    department: String,
    task: String,
    queue: &'static str,
    deadline: Option<DeadlineView>,
}

fn task_view(st: &AppState, ctx: &Ctx, t: &TaskRow) -> TaskView {
    TaskView {
        case_id: t.case_id,
        case_no: t.case_no.clone(),
        party: t.party_name.clone(),
        violation: t.violation.clone(),
        department: t.department.clone(),
        task: task_label(&t.kind, ctx.lang),
        queue: queue_label(&t.queue, ctx.lang),
        deadline: t
            .due_on
            .as_deref()
            .and_then(|d| d.parse().ok())
            .map(|d| deadline_view(st, ctx.lang, d)),
    }
}

#[derive(askama::Template)]
#[template(path = "cases/workbench.html")]
struct WorkbenchPage {
    shell: Shell,
    tasks: Vec<TaskView>,
    overdue: Vec<disclosure::OverdueRow>,
    can_create: bool,
}

/// `GET /cases/workbench`: the caller's open tasks, soonest due first.
pub async fn workbench_page(ctx: Ctx, State(st): State<AppState>) -> Page {
    let who = ctx.user()?;
    let tasks = queries::workbench(&st.db, who).await?;
    let overdue = if who.role.can(Permission::ApproveCases) {
        disclosure::overdue(&st.db, who, today()).await?
    } else {
        Vec::new()
    };
    Ok(render(&WorkbenchPage {
        shell: Shell::new(&ctx, ("我的待办", "My tasks"), &crumbs()),
        tasks: tasks.iter().map(|t| task_view(&st, &ctx, t)).collect(),
        overdue,
        can_create: who.role.can(Permission::HandleCases),
    })?)
}

struct CaseLine {
    id: i64,
    case_no: String,
    party: String,
    violation: String,
    department: String,
    procedure: &'static str,
    stage: &'static str,
    decision_no: String,
    penalty: String,
    lead_on: String,
    deadline: Option<DeadlineView>,
}

fn penalty_text(c: &CaseRow, lang: &str) -> String {
    let en = lang == "en";
    if c.outcome == CaseOutcome::NoPenalty {
        return if en { "No penalty" } else { "不予处罚" }.into();
    }
    let mut parts = Vec::new();
    if c.warning {
        parts.push(if en { "Warning" } else { "警告" }.to_string());
    }
    if c.fine_fen > 0 {
        parts.push(format!(
            "{} {}",
            if en { "Fine" } else { "罚款" },
            Money::from_fen(c.fine_fen).format_yuan()
        ));
    }
    if c.confiscation_fen > 0 {
        parts.push(format!(
            "{} {}",
            if en { "Confiscation" } else { "没收" },
            Money::from_fen(c.confiscation_fen).format_yuan()
        ));
    }
    if !c.other_measures.is_empty() {
        parts.push(c.other_measures.clone());
    }
    if parts.is_empty() {
        "—".into()
    } else {
        parts.join("；")
    }
}

fn case_line(st: &AppState, ctx: &Ctx, c: &CaseRow) -> CaseLine {
    CaseLine {
        id: c.id,
        case_no: c.case_no.clone(),
        party: c.party_name.clone(),
        violation: c.violation.clone(),
        department: c.department.clone(),
        procedure: c.procedure.label(ctx.lang),
        stage: if c.status == CaseStatus::Dropped {
            c.status.label(ctx.lang)
        } else {
            c.stage.label(ctx.lang)
        },
        decision_no: c.decision_no.clone().unwrap_or_default(),
        penalty: penalty_text(c, ctx.lang),
        lead_on: c.lead_on.to_string(),
        deadline: c
            .next_deadline()
            .map(|(d, _, _)| deadline_view(st, ctx.lang, d)),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct ListParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    stage: String,
    #[serde(default)]
    procedure: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    page: Option<i64>,
}

impl ListParams {
    fn query(&self) -> CaseQuery {
        CaseQuery {
            stage: Some(self.stage.clone()).filter(|s| Stage::parse(s).is_some()),
            procedure: Procedure::parse(&self.procedure),
            department_id: None,
            year: self.year.trim().parse().ok(),
            q: self.q.clone(),
            page: self.page.unwrap_or(1),
        }
    }
}

#[derive(askama::Template)]
#[template(path = "cases/list.html")]
struct ListPage {
    shell: Shell,
    rows: Vec<CaseLine>,
    pager: Pager,
    q: String,
    stage: String,
    procedure: String,
    year: String,
    stages: Vec<(String, String)>,
    procedures: Vec<(String, String)>,
    export_href: String,
    can_create: bool,
}

/// `GET /cases/list`.
pub async fn list_page(ctx: Ctx, State(st): State<AppState>, Query(p): Query<ListParams>) -> Page {
    let who = ctx.user()?;
    let q = p.query();
    let (total, rows) = queries::list_cases(&st.db, who, &q).await?;
    let base = format!(
        "q={}&stage={}&procedure={}&year={}",
        enc(&p.q),
        enc(&p.stage),
        enc(&p.procedure),
        enc(&p.year)
    );
    Ok(render(&ListPage {
        shell: Shell::new(&ctx, ("案件列表", "Cases"), &crumbs()),
        rows: rows.iter().map(|c| case_line(&st, &ctx, c)).collect(),
        pager: Pager::counted(
            total.min(queries::COUNT_CAP),
            total <= queries::COUNT_CAP,
            q.page,
            PAGE_SIZE,
            |n| format!("/cases/list?{base}&page={n}"),
        ),
        q: p.q.clone(),
        stage: p.stage.clone(),
        procedure: p.procedure.clone(),
        year: p.year.clone(),
        stages: Stage::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), s.label(ctx.lang).to_string()))
            .collect(),
        procedures: Procedure::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), s.label(ctx.lang).to_string()))
            .collect(),
        export_href: format!("/cases/export.xlsx?{base}"),
        can_create: who.role.can(Permission::HandleCases),
    })?)
}

/// Rows of an export: at most this many pages of the filtered list.
const EXPORT_PAGES: i64 = 250;

/// `GET /cases/export.xlsx`: the filtered list (up to 5,000 rows).
pub async fn export_xlsx(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(p): Query<ListParams>,
) -> Page {
    let who = ctx.user()?;
    let mut q = p.query();
    let mut data = Vec::new();
    for page in 1..=EXPORT_PAGES {
        q.page = page;
        let (_, rows) = queries::list_cases(&st.db, who, &q).await?;
        let n = rows.len();
        for c in rows {
            data.push(vec![
                c.case_no.clone(),
                c.department.clone(),
                c.procedure.label_zh().to_string(),
                c.stage.label_zh().to_string(),
                c.party_name.clone(),
                c.violation.clone(),
                c.penalised.clone(),
                c.decision_no.clone().unwrap_or_default(),
                penalty_text(&c, "zh"),
                c.lead_on.to_string(),
                c.decided_on.map(|d| d.to_string()).unwrap_or_default(),
                c.disclosed_on.map(|d| d.to_string()).unwrap_or_default(),
            ]);
        }
        if n < PAGE_SIZE as usize {
            break;
        }
    }
    let headers = [
        "案件编号",
        "办案机关",
        "程序",
        "环节",
        "当事人",
        "违法行为",
        "处罚依据",
        "决定文号",
        "处罚内容",
        "线索日期",
        "决定日期",
        "公示日期",
    ];
    let bytes = fazhi_core::excel::write_table("行政处罚案件", &headers, &data)?;
    Ok(crate::org::xlsx_response(bytes, "cases.xlsx"))
}

#[derive(askama::Template)]
#[template(path = "cases/new.html")]
struct NewPage {
    shell: Shell,
    /// Each violation with a warning when its provision has left force (or will within 30
    /// days): it may still serve for acts before that day (第三十七条).
    choices: Vec<(ViolationChoice, String)>,
    sources: Vec<(String, String)>,
    error: Option<String>,
    f: forms::LeadForm,
}

fn new_view(
    ctx: &Ctx,
    corpus: &fazhi_law::Corpus,
    choices: Vec<ViolationChoice>,
    f: forms::LeadForm,
    error: Option<String>,
) -> NewPage {
    let today = today();
    let choices = choices
        .into_iter()
        .map(|v| {
            let mut codes = vec![v.penalised.clone()];
            codes.extend(v.violated.iter().cloned());
            let warn = fazhi_core::law::currency::warnings_today(corpus, &codes, today)
                .iter()
                .map(|c| {
                    if ctx.lang == "en" {
                        format!("{} from {}", c.lapse.en(), c.since)
                    } else {
                        format!("{}（自{}起）", c.lapse.zh(), c.since)
                    }
                })
                .collect::<Vec<_>>()
                .join("；");
            (v, warn)
        })
        .collect();
    NewPage {
        shell: Shell::new(ctx, ("登记案件线索", "Register a lead"), &crumbs()),
        choices,
        sources: Source::ALL
            .iter()
            .map(|s| (s.as_str().to_string(), s.label(ctx.lang).to_string()))
            .collect(),
        error,
        f,
    }
}

fn own_department(who: &fazhi_core::auth::Principal) -> Result<i64> {
    who.department_id
        .ok_or_else(|| Error::forbidden("本账号不属于任何部门。", "this account has no department"))
}

/// `GET /cases/new`.
pub async fn new_page(ctx: Ctx, State(st): State<AppState>) -> Page {
    let who = ctx.user()?;
    let dept = own_department(who)?;
    let choices = queries::violation_choices(&st.db, who, dept).await?;
    Ok(render(&new_view(
        &ctx,
        &st.corpus(),
        choices,
        forms::LeadForm {
            lead_on: today().to_string(),
            ..Default::default()
        },
        None,
    ))?)
}

/// `POST /cases/new`: registers a lead of the caller's department.
pub async fn new_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Form(f): Form<forms::LeadForm>,
) -> Page {
    let who = ctx.user()?;
    let dept = own_department(who)?;
    let attempt = async {
        let lead = f.to_lead(dept)?;
        workflow::create_lead(&st.db, who, &st.calendar(), &st.corpus(), &lead).await
    }
    .await;
    Ok(match attempt {
        Ok(id) => Ok(Redirect::to(&format!("/cases/{id}")).into_response()),
        Err(e @ (Error::Invalid { .. } | Error::Conflict { .. })) => {
            let choices = queries::violation_choices(&st.db, who, dept).await?;
            let msg = err_text(&ctx, &e);
            let mut resp = render(&new_view(&ctx, &st.corpus(), choices, f, Some(msg)))?;
            *resp.status_mut() = crate::error::status_of(&e);
            Ok(resp)
        }
        Err(e) => Err(e),
    }?)
}

struct StepLine {
    on: String,
    at: String,
    actor: String,
    action: String,
    stage: String,
    note: String,
    digests: Vec<String>,
}

struct Fact {
    label: String,
    value: String,
}

#[derive(askama::Template)]
#[template(path = "cases/case.html")]
struct CasePage {
    shell: Shell,
    c: CaseRow,
    stage: String,
    status: String,
    procedure: String,
    source: String,
    deadlines: Vec<(String, DeadlineView)>,
    facts: Vec<Fact>,
    trace: Vec<String>,
    team: Vec<(i64, String, String)>,
    evidence: Vec<queries::EvidenceRow>,
    steps: Vec<StepLine>,
    open_tasks: Vec<String>,
    documents: Vec<(String, String)>,
    forms: Vec<forms::StepChoice>,
    candidates: Vec<TeamCandidate>,
    tiers: Vec<String>,
    methods: Vec<(String, String)>,
    modes: Vec<(String, String)>,
    period_kinds: Vec<(String, String)>,
    surcharge_decisions: Vec<(String, String)>,
    /// Kinds of time not counted offered now (before filing: those of 第十八条 第二款 only).
    excluded_kinds: Vec<(String, String)>,
    raised_by: Vec<(String, String)>,
    can_evidence: bool,
    can_disclose: bool,
    can_withdraw: bool,
    today: String,
    error: Option<String>,
    law: LawInForce,
}

/// The case's basis judged on its act date (第三十七条), for `cases/law_in_force.html`.
#[derive(Default)]
struct LawInForce {
    act_on: String,
    refused: Option<String>,
    warnings: Vec<String>,
    lapsed: Vec<String>,
    compare: Vec<fazhi_law::TwoTexts>,
    flags: Vec<String>,
}

async fn law_in_force(st: &AppState, ctx: &Ctx, c: &CaseRow) -> Result<LawInForce> {
    let corpus = st.corpus();
    let act_on = c.circumstances.act_ended_on.unwrap_or(c.lead_on);
    let mut codes = vec![c.penalised.clone()];
    codes.extend(c.violated.iter().cloned());
    let en = ctx.lang == "en";
    let msg = |x: &fazhi_law::Currency| if en { x.message_en() } else { x.message_zh() };
    let mut out = LawInForce {
        act_on: act_on.to_string(),
        ..Default::default()
    };
    match fazhi_core::law::currency::case_basis(&corpus, &codes, act_on, today()) {
        Ok(b) => {
            out.warnings = b.warnings.iter().map(msg).collect();
            out.lapsed = b.lapsed_since.iter().map(msg).collect();
            out.compare = b.compare;
        }
        Err(e) => out.refused = Some(err_text(ctx, &e)),
    }
    out.flags =
        fazhi_core::law::currency::flags_of(&st.db, &ctx.user()?.region, "case", &c.id.to_string())
            .await?
            .into_iter()
            .map(|f| f.message)
            .filter(|m| !out.lapsed.iter().chain(&out.warnings).any(|w| w == m))
            .collect();
    Ok(out)
}

fn trace_lines(c: &CaseRow, lang: &str) -> Vec<String> {
    let en = lang == "en";
    let mut out = Vec::new();
    let t = &c.leniency_trace;
    if let Some(o) = t.pointer("/statutory/outcome").and_then(|v| v.as_str()) {
        let provs: Vec<String> = t
            .pointer("/statutory/provisions")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        out.push(format!(
            "{}：{}（{}）",
            if en {
                "Statutory leniency"
            } else {
                "法定从宽"
            },
            fazhi_core::cases::assessment_outcome_label(o, lang),
            provs.join("、")
        ));
    }
    if let Some(s) = t
        .pointer(if en {
            "/lists/summary_en"
        } else {
            "/lists/summary_zh"
        })
        .and_then(|v| v.as_str())
    {
        out.push(format!("{}：{s}", if en { "Lists" } else { "三张清单" }));
    }
    if let Some(s) = t
        .pointer(if en {
            "/discretion/message_en"
        } else {
            "/discretion/message_zh"
        })
        .and_then(|v| v.as_str())
    {
        out.push(format!("{}：{s}", if en { "Discretion" } else { "裁量" }));
    }
    if let Some(h) = t.pointer("/hearing").and_then(|v| v.as_array())
        && !h.is_empty()
    {
        let p: Vec<&str> = h.iter().filter_map(|x| x.as_str()).collect();
        out.push(format!(
            "{}：{}",
            if en { "Hearing right" } else { "听证权利" },
            p.join("、")
        ));
    }
    if !c.legal_review_grounds.is_empty() {
        out.push(format!(
            "{}：{}",
            if en {
                "Legal review grounds"
            } else {
                "法制审核事由"
            },
            c.legal_review_grounds.join("、")
        ));
    }
    out
}

async fn case_view(
    st: &AppState,
    ctx: &Ctx,
    file: CaseFile,
    error: Option<String>,
) -> Result<CasePage> {
    let who = ctx.user()?;
    let c = file.case.clone();
    let lang = ctx.lang;
    let deadlines = case_deadlines(st, ctx, &c);
    let facts = case_facts(ctx, &c);
    let (steps, open_tasks, documents) = case_record(&file, lang);
    let choices = fazhi_core::cases::available_steps(&c, who);
    let candidates = if choices
        .iter()
        .any(|f| matches!(f.name, "investigate" | "decide_on_spot" | "recuse"))
    {
        queries::team_candidates(&st.db, who, c.department_id).await?
    } else {
        Vec::new()
    };
    let tiers = if choices
        .iter()
        .any(|f| matches!(f.name, "review" | "decide_on_spot"))
    {
        queries::violation_choices(&st.db, who, c.department_id)
            .await?
            .into_iter()
            .find(|v| v.power_code == c.power_code && v.violation == c.violation)
            .map(|v| v.tiers)
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let law = law_in_force(st, ctx, &c).await?;
    Ok(CasePage {
        law,
        shell: Shell::new(ctx, (&c.case_no, &c.case_no), &crumbs()),
        stage: c.stage.label(lang).to_string(),
        status: c.status.label(lang).to_string(),
        procedure: c.procedure.label(lang).to_string(),
        source: format!("{} {}", c.source.label(lang), c.source_ref),
        deadlines,
        facts,
        trace: trace_lines(&c, lang),
        team: file.team.clone(),
        evidence: file.evidence.clone(),
        steps,
        open_tasks,
        documents,
        forms: choices,
        candidates,
        tiers,
        methods: ServiceMethod::ALL
            .iter()
            .map(|m| (m.as_str().to_string(), m.label(lang).to_string()))
            .collect(),
        modes: ExecutionMode::ALL
            .iter()
            .map(|m| (m.as_str().to_string(), m.label(lang).to_string()))
            .collect(),
        period_kinds: fazhi_core::cases::payment::PeriodKind::ALL
            .iter()
            .map(|m| (m.as_str().to_string(), m.label(lang).to_string()))
            .collect(),
        surcharge_decisions: fazhi_core::cases::SurchargeDecision::ALL
            .iter()
            .map(|m| (m.as_str().to_string(), m.label(lang).to_string()))
            .collect(),
        excluded_kinds: fazhi_core::cases::periods::ExcludedKind::ALL
            .iter()
            .filter(|k| c.filed_on.is_some() || k.stops_filing())
            .map(|m| (m.as_str().to_string(), m.label(lang).to_string()))
            .collect(),
        raised_by: fazhi_core::cases::recusal::RaisedBy::ALL
            .iter()
            .map(|m| (m.as_str().to_string(), m.label(lang).to_string()))
            .collect(),
        can_evidence: who.role.can(Permission::HandleCases)
            && c.status == CaseStatus::Open
            && matches!(
                c.stage,
                Stage::Lead | Stage::Filed | Stage::Investigating | Stage::Reviewed
            ),
        can_disclose: who.role.can(Permission::ApproveCases)
            && c.outcome == CaseOutcome::Penalty
            && c.decided_on.is_some()
            && c.disclosed_on.is_none(),
        can_withdraw: who.role.can(Permission::ApproveCases)
            && c.disclosure_status == DisclosureStatus::Published,
        today: today().to_string(),
        error,
        c,
    })
}

/// The deadlines that matter next, by stage (shown with the working days left).
fn case_deadlines(st: &AppState, ctx: &Ctx, c: &CaseRow) -> Vec<(String, DeadlineView)> {
    let lang = ctx.lang;
    let mut deadlines = Vec::new();
    let mut push = |zh: &str, en: &str, d: Option<chrono::NaiveDate>| {
        if let Some(d) = d {
            deadlines.push((ctx.t(zh, en).to_string(), deadline_view(st, lang, d)));
        }
    };
    if c.status == CaseStatus::Open {
        match c.stage {
            Stage::Lead => push("立案期限", "Filing", c.filing_due),
            Stage::Decided => {
                push("送达期限", "Service", c.service_due);
            }
            Stage::Served => push("缴款期限", "Payment", c.payment_due),
            Stage::Executed | Stage::Closed | Stage::Archived => {}
            _ => {
                push("作出决定期限", "Decision", c.decision_due);
                if c.stage == Stage::Notified {
                    push("听证申请期限", "Hearing request", c.hearing_request_due);
                }
            }
        }
        if c.outcome == CaseOutcome::Penalty && c.disclosed_on.is_none() {
            push("公示期限", "Disclosure", c.disclosure_due);
        }
    }
    deadlines
}

/// The record grid of the case page: party, provisions, dates, then the outcome.
fn case_facts(ctx: &Ctx, c: &CaseRow) -> Vec<Fact> {
    let mut facts = party_facts(ctx, c);
    facts.extend(outcome_facts(ctx, c));
    facts
}

/// Who, what and when.
fn party_facts(ctx: &Ctx, c: &CaseRow) -> Vec<Fact> {
    let opt = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
    vec![
        Fact {
            label: ctx.t("当事人", "Party").into(),
            value: format!(
                "{}（{}）",
                c.party_name,
                if c.party_kind == fazhi_core::cases::rules::PartyKind::Citizen {
                    ctx.t("公民", "citizen")
                } else {
                    ctx.t("法人或其他组织", "organisation")
                }
            ),
        },
        Fact {
            label: ctx.t("证件号码", "ID / credit code").into(),
            value: if c.party_subject_code.is_empty() {
                fazhi_core::ids::mask_str(&c.party_code)
            } else {
                // An enterprise's credit code is public (企业信息公示); the registry link says
                // the party is the subject the inspections and scans know.
                format!(
                    "{}（{}）",
                    c.party_subject_code,
                    ctx.t("已登记的市场主体", "registered subject")
                )
            },
        },
        Fact {
            label: ctx.t("违法行为", "Violation").into(),
            value: c.violation.clone(),
        },
        Fact {
            label: ctx.t("处罚依据", "Penalising provision").into(),
            value: c.penalised.clone(),
        },
        Fact {
            label: ctx.t("违反条款", "Provisions violated").into(),
            value: if c.violated.is_empty() {
                c.penalised.clone()
            } else {
                c.violated.join("、")
            },
        },
        Fact {
            label: ctx.t("权责清单事项", "Power item").into(),
            value: c.power_code.clone(),
        },
        Fact {
            label: ctx.t("线索 / 立案 / 告知", "Lead / filed / notice").into(),
            value: format!("{} / {} / {}", c.lead_on, opt(c.filed_on), opt(c.notice_on)),
        },
        Fact {
            label: ctx
                .t("决定 / 送达 / 执行", "Decided / served / executed")
                .into(),
            value: format!(
                "{} / {} / {}",
                opt(c.decided_on),
                opt(c.served_on),
                opt(c.executed_on)
            ),
        },
        Fact {
            label: ctx.t("结案 / 归档", "Closed / archived").into(),
            value: format!("{} / {}", opt(c.closed_on), opt(c.archived_on)),
        },
    ]
}

/// Decision, penalty, tier, legal review, hearing, payment, disclosure.
fn outcome_facts(ctx: &Ctx, c: &CaseRow) -> Vec<Fact> {
    let lang = ctx.lang;
    let opt = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
    vec![
        Fact {
            label: ctx.t("决定文号", "Decision no.").into(),
            value: c.decision_no.clone().unwrap_or_else(|| "—".into()),
        },
        Fact {
            label: ctx.t("处罚内容", "Penalty").into(),
            value: penalty_text(c, lang),
        },
        Fact {
            label: ctx.t("裁量档次", "Discretion tier").into(),
            value: if c.tier.is_empty() {
                "—".into()
            } else {
                format!(
                    "{}（{}）",
                    c.tier,
                    fazhi_core::leniency::Placement::parse(&c.tier_check)
                        .map(|p| p.label(lang))
                        .unwrap_or("—")
                )
            },
        },
        Fact {
            label: ctx.t("法制审核", "Legal review").into(),
            value: if c.legal_review_required {
                format!(
                    "{} {} {}",
                    ctx.t("必须审核", "required"),
                    c.legal_review_result.label(lang),
                    c.legal_review_opinion
                )
            } else {
                ctx.t("不属必审情形", "not required").into()
            },
        },
        Fact {
            label: ctx.t("听证", "Hearing").into(),
            value: format!(
                "{} / {} / {}",
                if c.hearing_right {
                    ctx.t("有听证权", "right given")
                } else {
                    ctx.t("无", "none")
                },
                if c.hearing_requested {
                    ctx.t("已申请", "requested")
                } else {
                    "—"
                },
                if c.hearing_held {
                    ctx.t("已举行", "held")
                } else {
                    "—"
                }
            ),
        },
        Fact {
            label: ctx.t("罚没款缴纳", "Payment").into(),
            value: if c.paid_fen > 0 {
                format!(
                    "{}（{} {}）",
                    Money::from_fen(c.paid_fen).format_yuan(),
                    ctx.t("含加处罚款", "incl. surcharge"),
                    Money::from_fen(c.surcharge_fen).format_yuan()
                )
            } else {
                "—".into()
            },
        },
        Fact {
            label: ctx.t("公示", "Disclosure").into(),
            value: match c.disclosure_status {
                DisclosureStatus::Published | DisclosureStatus::Withdrawn => format!(
                    "{} {}",
                    c.disclosure_status.label(lang),
                    opt(c.disclosed_on)
                ),
                DisclosureStatus::NotRequired => c.disclosure_status.label(lang).into(),
                DisclosureStatus::Due if c.outcome == CaseOutcome::Penalty => {
                    c.disclosure_status.label(lang).into()
                }
                DisclosureStatus::Due => "—".into(),
            },
        },
    ]
}

/// The timeline, the open tasks and the instruments the file holds.
fn case_record(
    file: &CaseFile,
    lang: &'static str,
) -> (Vec<StepLine>, Vec<String>, Vec<(String, String)>) {
    let steps = file
        .steps
        .iter()
        .map(|s| StepLine {
            on: s.on.clone(),
            at: fmt_ms(s.at),
            actor: s.actor.clone(),
            action: task_label(&s.action, lang),
            stage: Stage::parse(&s.to_stage)
                .map(|x| x.label(lang).to_string())
                .unwrap_or_default(),
            note: s.note.clone(),
            digests: s.digests.clone(),
        })
        .collect();
    let open_tasks = file
        .tasks
        .iter()
        .filter(|t| t.status == "open")
        .map(|t| {
            format!(
                "{}（{}）",
                task_label(&t.kind, lang),
                queue_label(&t.queue, lang)
            )
        })
        .collect();
    let documents = paperwork::available(file)
        .into_iter()
        .map(|k| {
            (
                k.slug().to_string(),
                if lang == "en" {
                    k.title_en()
                } else {
                    k.title_zh()
                }
                .to_string(),
            )
        })
        .collect();
    (steps, open_tasks, documents)
}

/// `GET /cases/{id}`.
pub async fn case_page(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> Page {
    let who = ctx.user()?;
    let file = queries::get_case(&st.db, who, id).await?;
    Ok(render(&case_view(&st, &ctx, file, None).await?)?)
}

/// Re-renders the case page with a refusal (nothing was written).
async fn refused(st: &AppState, ctx: &Ctx, id: i64, e: Error) -> Result<Response> {
    let who = ctx.user()?;
    let file = queries::get_case(&st.db, who, id).await?;
    let msg = err_text(ctx, &e);
    let mut resp = render(&case_view(st, ctx, file, Some(msg)).await?)?;
    *resp.status_mut() = crate::error::status_of(&e);
    Ok(resp)
}

/// After a write on the case page: back to the case, or the page again with the refusal
/// (nothing was written).
async fn back_to_case<T>(
    st: &AppState,
    ctx: &Ctx,
    id: i64,
    attempt: Result<T>,
) -> Result<Response> {
    match attempt {
        Ok(_) => Ok(Redirect::to(&format!("/cases/{id}")).into_response()),
        Err(e @ (Error::Invalid { .. } | Error::Conflict { .. })) => refused(st, ctx, id, e).await,
        Err(e) => Err(e),
    }
}

/// `POST /cases/{id}/step`: one step of the workflow, refused with its article.
pub async fn step_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<StepForm>,
) -> Page {
    let who = ctx.user()?;
    let attempt = async {
        let (on, step) = f.to_step()?;
        workflow::act(&st.db, who, &st.calendar(), id, on, step).await
    }
    .await;
    Ok(back_to_case(&st, &ctx, id, attempt).await?)
}

/// `POST /cases/{id}/evidence` (multipart: csrf, name, kind, on, file).
pub async fn evidence_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    mp: Multipart,
) -> Page {
    let who = ctx.user()?;
    let up = forms::read_evidence(mp).await?;
    let attempt = async {
        let on = forms::date(&up.on, "on")?;
        workflow::add_evidence(
            &st.db,
            who,
            id,
            &up.name,
            &up.kind,
            &up.media_type,
            &up.content,
            on,
        )
        .await
    }
    .await;
    Ok(back_to_case(&st, &ctx, id, attempt).await?)
}

/// `GET /cases/{id}/evidence/{eid}`: the stored file, as an attachment.
pub async fn evidence_download(
    ctx: Ctx,
    State(st): State<AppState>,
    Path((id, eid)): Path<(i64, i64)>,
) -> Page {
    let who = ctx.user()?;
    let (name, _media, bytes) = queries::evidence_content(&st.db, who, id, eid).await?;
    // Served as an opaque download so uploaded content never runs in the console's origin.
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename*=UTF-8''{}", enc(&name)),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /cases/{id}/documents/{slug}`: a printable instrument built from the case file.
pub async fn document_page(
    ctx: Ctx,
    State(st): State<AppState>,
    Path((id, slug)): Path<(i64, String)>,
) -> Page {
    let who = ctx.user()?;
    let file = queries::get_case(&st.db, who, id).await?;
    let kind = InstrumentKind::from_slug(&slug)
        .filter(|k| paperwork::available(&file).contains(k))
        .ok_or_else(|| Error::not_found("document"))?;
    let corpus = st.corpus();
    let cite = |code: &str| match corpus.lookup(code, None) {
        Ok(p) => Provision {
            code: code.to_string(),
            citation: p.citation,
            text: p.text,
        },
        Err(_) => Provision {
            code: code.to_string(),
            citation: code.to_string(),
            text: String::new(),
        },
    };
    let inst = paperwork::issue(&st.db, &file, kind, &cite).await?;
    Ok(documents::page(&inst, Some(&format!("/cases/{id}")))?)
}

#[derive(Debug, Deserialize, Default)]
pub struct DiscloseForm {
    #[serde(default)]
    on: String,
    #[serde(default)]
    changed_on: String,
    #[serde(default)]
    reason: String,
}

/// `POST /cases/{id}/disclose`.
pub async fn disclose_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<DiscloseForm>,
) -> Page {
    let who = ctx.user()?;
    let attempt = async {
        let on = forms::date(&f.on, "on")?;
        disclosure::publish(&st.db, who, &st.calendar(), id, on).await
    }
    .await;
    Ok(back_to_case(&st, &ctx, id, attempt).await?)
}

/// `POST /cases/{id}/withdraw`.
pub async fn withdraw_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<DiscloseForm>,
) -> Page {
    let who = ctx.user()?;
    let attempt = async {
        let on = forms::date(&f.on, "on")?;
        let changed = forms::date(&f.changed_on, "changed_on")?;
        disclosure::withdraw(&st.db, who, &st.calendar(), id, changed, on, &f.reason).await
    }
    .await;
    Ok(back_to_case(&st, &ctx, id, attempt).await?)
}

#[derive(Debug, Deserialize, Default)]
pub struct PageParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: Option<i64>,
    #[serde(default)]
    year: Option<i32>,
}

#[derive(askama::Template)]
#[template(path = "cases/disclosures.html")]
struct DisclosuresPage {
    shell: Shell,
    rows: Vec<disclosure::DisclosureRow>,
    pager: Pager,
    overdue: Vec<disclosure::OverdueRow>,
    q: String,
}

/// `GET /cases/disclosures`: what the portal shows, and what is overdue in the caller's scope.
pub async fn disclosures_page(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(p): Query<PageParams>,
) -> Page {
    let who = ctx.user()?;
    let page = p.page.unwrap_or(1);
    let (total, rows) = disclosure::list_public(&st.db, &who.region, &p.q, page).await?;
    let overdue = disclosure::overdue(&st.db, who, today()).await?;
    let q = enc(&p.q);
    Ok(render(&DisclosuresPage {
        shell: Shell::new(&ctx, ("处罚决定公示", "Disclosure"), &crumbs()),
        rows,
        pager: Pager::counted(
            total.min(queries::COUNT_CAP),
            total <= queries::COUNT_CAP,
            page,
            PAGE_SIZE,
            |n| format!("/cases/disclosures?q={q}&page={n}"),
        ),
        overdue,
        q: p.q.clone(),
    })?)
}

#[derive(askama::Template)]
#[template(path = "cases/portal.html")]
struct PortalPage {
    shell: Shell,
    rows: Vec<disclosure::DisclosureRow>,
    pager: Pager,
    q: String,
}

/// `GET /portal/penalties`: published decisions, personal information masked (no login).
pub async fn portal_page(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(p): Query<PageParams>,
) -> Page {
    let page = p.page.unwrap_or(1);
    let (total, rows) = disclosure::list_public(&st.db, BINHAI_REGION, &p.q, page).await?;
    let q = enc(&p.q);
    Ok(render(&PortalPage {
        shell: crate::portal::portal_shell(&ctx, ("行政处罚决定公示", "Penalty decisions")),
        rows,
        pager: Pager::counted(
            total.min(queries::COUNT_CAP),
            total <= queries::COUNT_CAP,
            page,
            PAGE_SIZE,
            |n| format!("/portal/penalties?q={q}&page={n}"),
        ),
        q: p.q.clone(),
    })?)
}

#[derive(askama::Template)]
#[template(path = "cases/stats.html")]
struct StatsPage {
    shell: Shell,
    year: i32,
    s: queries::CaseStats,
    fines: String,
    surcharges: String,
}

/// `GET /cases/stats?year=`: the district's figures (district-scope supervisors).
pub async fn stats_page(ctx: Ctx, State(st): State<AppState>, Query(p): Query<PageParams>) -> Page {
    let who = ctx.user()?;
    let year = p.year.unwrap_or(2024).clamp(2000, 2100);
    let s = queries::stats_for(&st.db, who, year).await?;
    Ok(render(&StatsPage {
        shell: Shell::new(&ctx, ("案件统计", "Case statistics"), &crumbs()),
        year,
        fines: Money::from_fen(s.fines_fen).format_yuan(),
        surcharges: Money::from_fen(s.surcharges_fen).format_yuan(),
        s,
    })?)
}
