//! 人民调解 pages: the disputes in the caller's mediation scope with intake, the dispute with its
//! record and step forms, the agreement's print view, the organisations by level, screenings
//! (矛盾排查), the Justice Bureau's account links, and the year's figures in JSON. Role is checked
//! by the route table; the mediation scope (an organisation, a 街镇 or the district) by the
//! core on every read and write.

use axum::Form;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use chrono::NaiveDate;
use fazhi_core::auth::{DataScope, Permission};
use fazhi_core::mediation::disputes::{self, Dispute, SessionLine, Status};
use fazhi_core::mediation::orgs::{self, NewOrganisation, Organisation};
use fazhi_core::mediation::rules::{self, AgreementForm, Channel, DisputeKind, OrgKind, Risk};
use fazhi_core::mediation::screenings::{self, NewScreening, Screening, ScreeningStatus};
use fazhi_core::mediation::stats::{self, MediationStats};
use fazhi_core::mediation::workflow::{self, NewDispute, Step, StepDef};
use fazhi_core::mediation::{Level, scope};
use fazhi_core::money::Money;
use fazhi_core::time::today;
use fazhi_core::{Code, Error, Result};
use serde::Deserialize;

use crate::ctx::Ctx;
use crate::error::{ApiError, Page, render, status_of};
use crate::routes::{Access as A, NavGroup as N, Route, ScopeRule as S};
use crate::shell::{Pager, Shell};
use crate::state::AppState;

pub fn routes() -> Vec<Route> {
    use Permission as P;
    vec![
        Route::get(
            "/mediation",
            A::Perm(P::ViewMediation),
            S::DataScope,
            list_page,
        )
        .nav(N::Mediation, "调解纠纷", "Disputes"),
        Route::get(
            "/mediation/new",
            A::Perm(P::HandleMediation),
            S::DataScope,
            new_page,
        ),
        Route::post(
            "/mediation/new",
            A::Perm(P::HandleMediation),
            S::DataScope,
            new_submit,
        ),
        Route::get(
            "/mediation/organisations",
            A::Perm(P::ViewMediation),
            S::DataScope,
            orgs_page,
        )
        .nav(N::Mediation, "调解组织", "Organisations"),
        Route::post(
            "/mediation/organisations",
            A::District(P::ManageMediation),
            S::DataScope,
            orgs_submit,
        ),
        Route::get(
            "/mediation/screenings",
            A::Perm(P::ViewMediation),
            S::DataScope,
            screenings_page,
        )
        .nav(N::Mediation, "矛盾排查", "Screenings"),
        Route::post(
            "/mediation/screenings",
            A::Perm(P::HandleMediation),
            S::DataScope,
            screening_submit,
        ),
        Route::post(
            "/mediation/screenings/{id}",
            A::Perm(P::HandleMediation),
            S::DataScope,
            screening_step,
        ),
        Route::get(
            "/mediation/accounts",
            A::District(P::ManageMediation),
            S::DataScope,
            accounts_page,
        )
        .nav(N::Mediation, "调解账号", "Mediation accounts"),
        Route::post(
            "/mediation/accounts",
            A::District(P::ManageMediation),
            S::DataScope,
            accounts_submit,
        ),
        Route::get(
            "/mediation/{id}",
            A::Perm(P::ViewMediation),
            S::DataScope,
            detail_page,
        ),
        Route::get(
            "/mediation/{id}/agreement",
            A::Perm(P::ViewMediation),
            S::DataScope,
            agreement_print,
        ),
        Route::post(
            "/mediation/{id}/step",
            A::Perm(P::HandleMediation),
            S::DataScope,
            step_submit,
        ),
        Route::get(
            "/api/v1/mediation/stats",
            A::District(P::ViewMediation),
            S::DataScope,
            api_stats,
        ),
    ]
}

fn crumbs() -> [(&'static str, &'static str, Option<&'static str>); 1] {
    [("人民调解", "Mediation", Some("/mediation"))]
}

fn msg(ctx: &Ctx, e: &Error) -> String {
    if ctx.lang == "en" {
        e.message_en()
    } else {
        e.message_zh()
    }
}

fn bad(field: &'static str, zh: &str, en: &str) -> Error {
    Error::of(Code::MediationInvalid)
        .for_field(field)
        .arg_zh_en("reason", zh.to_string(), en.to_string())
}

fn date(s: &str, field: &'static str) -> Result<NaiveDate> {
    s.trim()
        .parse()
        .map_err(|_| bad(field, "日期格式应为 YYYY-MM-DD。", "Dates are YYYY-MM-DD."))
}

fn options<T: Copy>(
    all: &[T],
    f: impl Fn(T) -> (&'static str, &'static str),
) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|x| f(*x)).collect()
}

/// An organisation as an option of a select.
struct OrgOption {
    id: i64,
    label: String,
}

async fn org_options(st: &AppState, ctx: &Ctx) -> Result<Vec<OrgOption>> {
    let who = ctx.user()?;
    Ok(orgs::tree(&st.db, who)
        .await?
        .into_iter()
        .map(|o| OrgOption {
            id: o.id,
            label: format!("{}（{}）", o.name, o.level.label(ctx.lang)),
        })
        .collect())
}

#[derive(askama::Template)]
#[template(path = "mediation/list.html")]
struct ListPage {
    shell: Shell,
    rows: Vec<(Dispute, String)>,
    pager: Pager,
    statuses: Vec<(&'static str, &'static str)>,
    sel: String,
    year: i32,
    s: Option<MediationStats>,
    amount: String,
    can_take_in: bool,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    page: Option<i64>,
}

/// `GET /mediation`: the disputes in the caller's scope, with the year's figures for the
/// Justice Bureau.
async fn list_page(ctx: Ctx, State(st): State<AppState>, Query(q): Query<ListQuery>) -> Page {
    let who = ctx.user()?;
    let page = q.page.unwrap_or(1).clamp(1, 100_000);
    let size = 50;
    let (list, total) = disputes::list(
        &st.db,
        who,
        Status::parse(&q.status),
        size,
        (page - 1) * size,
    )
    .await?;
    let year = chrono::Datelike::year(&today());
    let s = if who.scope == DataScope::District {
        Some(stats::year(&st.db, &who.region, year).await?)
    } else {
        None
    };
    let amount = s
        .as_ref()
        .map(|s| Money::from_fen(s.amount_fen).format_wan())
        .unwrap_or_default();
    let sel = q.status.clone();
    Ok(render(&ListPage {
        shell: Shell::new(&ctx, ("调解纠纷", "Disputes"), &crumbs()),
        rows: list
            .into_iter()
            .map(|d| {
                let st = d.status.label(ctx.lang).to_string();
                (d, st)
            })
            .collect(),
        pager: Pager::new(total, page, size, |n| {
            format!("/mediation?status={sel}&page={n}")
        }),
        statuses: options(Status::ALL, |s| (s.as_str(), s.label(ctx.lang))),
        sel: q.status,
        year,
        s,
        amount,
        can_take_in: who.role.can(Permission::HandleMediation),
    })?)
}

/// The intake form.
#[derive(Deserialize, Default, Clone)]
pub struct IntakeForm {
    #[serde(default)]
    organisation_id: String,
    #[serde(default)]
    channel: String,
    #[serde(default)]
    work_order_id: String,
    #[serde(default)]
    referral_no: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    applicant: String,
    #[serde(default)]
    respondent: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    received_on: String,
}

impl IntakeForm {
    fn to_new(&self) -> Result<NewDispute> {
        let organisation_id = self.organisation_id.trim().parse().map_err(|_| {
            bad(
                "organisation_id",
                "请选择调解组织。",
                "Choose the organisation.",
            )
        })?;
        let channel = Channel::parse(&self.channel)
            .ok_or_else(|| bad("channel", "请选择纠纷来源。", "Choose how it came in."))?;
        let kind = DisputeKind::parse(&self.kind)
            .ok_or_else(|| bad("kind", "请选择纠纷类型。", "Choose the kind of dispute."))?;
        let work_order_id = match self.work_order_id.trim() {
            "" => None,
            s => Some(s.parse().map_err(|_| {
                bad(
                    "work_order_id",
                    "工单编号应为数字。",
                    "The work order is a number.",
                )
            })?),
        };
        let amount_fen = match self.amount.trim() {
            "" => 0,
            s => Money::parse_yuan(s)
                .map_err(|_| {
                    bad(
                        "amount",
                        "涉及金额格式不正确（元）。",
                        "The amount is not a number of yuan.",
                    )
                })?
                .fen(),
        };
        Ok(NewDispute {
            organisation_id,
            channel,
            work_order_id,
            referral_no: self.referral_no.clone(),
            kind,
            applicant: self.applicant.clone(),
            respondent: self.respondent.clone(),
            summary: self.summary.clone(),
            amount_fen,
            received_on: date(&self.received_on, "received_on")?,
        })
    }
}

#[derive(askama::Template)]
#[template(path = "mediation/new.html")]
struct NewPage {
    shell: Shell,
    f: IntakeForm,
    orgs: Vec<OrgOption>,
    channels: Vec<(&'static str, &'static str)>,
    kinds: Vec<(&'static str, &'static str)>,
    error: Option<String>,
}

async fn new_view(
    st: &AppState,
    ctx: &Ctx,
    f: IntakeForm,
    error: Option<String>,
) -> Result<NewPage> {
    Ok(NewPage {
        shell: Shell::new(ctx, ("登记纠纷", "Take in a dispute"), &crumbs()),
        f,
        orgs: org_options(st, ctx).await?,
        channels: options(Channel::ALL, |c| (c.as_str(), c.label(ctx.lang))),
        kinds: options(DisputeKind::ALL, |k| (k.as_str(), k.label(ctx.lang))),
        error,
    })
}

/// `GET /mediation/new`.
async fn new_page(ctx: Ctx, State(st): State<AppState>) -> Page {
    let f = IntakeForm {
        received_on: today().to_string(),
        channel: "walk_in".into(),
        ..Default::default()
    };
    Ok(render(&new_view(&st, &ctx, f, None).await?)?)
}

/// `POST /mediation/new`: a bad input comes back with what was typed and the reason.
async fn new_submit(ctx: Ctx, State(st): State<AppState>, Form(f): Form<IntakeForm>) -> Page {
    let who = ctx.user()?;
    let res = async { workflow::take_in(&st.db, who, &f.to_new()?).await }.await;
    Ok(match res {
        Ok(id) => Redirect::to(&format!("/mediation/{id}")).into_response(),
        Err(e @ (Error::Invalid { .. } | Error::Conflict { .. })) => {
            let m = msg(&ctx, &e);
            let mut resp = render(&new_view(&st, &ctx, f, Some(m)).await?)?;
            *resp.status_mut() = status_of(&e);
            resp
        }
        Err(e) => return Err(e.into()),
    })
}

#[derive(askama::Template)]
#[template(path = "mediation/detail.html")]
struct DetailPage {
    shell: Shell,
    d: Dispute,
    status: String,
    amount: String,
    confirm_due: String,
    lines: Vec<SessionLine>,
    offers: Vec<&'static StepDef>,
    orgs: Vec<OrgOption>,
    channels: Vec<(&'static str, &'static str)>,
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
    let d = disputes::get(&st.db, who, id).await?;
    let confirm_due = match d.effective_on {
        Some(e) if d.status == Status::Agreed => rules::confirmation_due(&st.calendar(), e)
            .map(|x| x.date.to_string())
            .unwrap_or_default(),
        _ => String::new(),
    };
    let offers = workflow::offers(&d, who);
    let orgs = if offers.iter().any(|o| o.name == "assign") {
        org_options(st, ctx).await?
    } else {
        Vec::new()
    };
    Ok(DetailPage {
        shell: Shell::new(ctx, (&d.case_no, &d.case_no), &crumbs()),
        status: d.status.label(ctx.lang).to_string(),
        amount: d.amount_yuan(),
        confirm_due,
        lines: disputes::sessions(&st.db, d.id).await?,
        offers,
        orgs,
        channels: rules::CHANNELS
            .iter()
            .map(|c| (c.0, if ctx.lang == "en" { c.2 } else { c.1 }))
            .collect(),
        today: today().to_string(),
        error,
        d,
    })
}

/// `GET /mediation/{id}`.
async fn detail_page(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> Page {
    Ok(render(&detail_view(&st, &ctx, id, None).await?)?)
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
    form: String,
    #[serde(default)]
    organisation_id: String,
    #[serde(default)]
    court: String,
    #[serde(default)]
    joint: Option<String>,
    #[serde(default)]
    valid: String,
    #[serde(default)]
    arbitration: Option<String>,
    #[serde(default)]
    administrative: Option<String>,
    #[serde(default)]
    judicial: Option<String>,
}

impl StepForm {
    fn to_step(&self) -> Result<(NaiveDate, Step)> {
        let on = date(&self.on, "on")?;
        let note = self.note.clone();
        let step = match self.step.as_str() {
            "session" => Step::Session { note },
            "escalate" => Step::Escalate { reason: note },
            "assign" => Step::Assign {
                organisation_id: self.organisation_id.trim().parse().map_err(|_| {
                    bad(
                        "organisation_id",
                        "请选择调解组织。",
                        "Choose the organisation.",
                    )
                })?,
            },
            "agree" => Step::Agree {
                form: AgreementForm::parse(&self.form).ok_or_else(|| {
                    bad("form", "请选择协议形式。", "Choose the form of agreement.")
                })?,
                text: note,
            },
            "fail" => {
                let mut channels = Vec::new();
                for (v, on) in [
                    ("arbitration", &self.arbitration),
                    ("administrative", &self.administrative),
                    ("judicial", &self.judicial),
                ] {
                    if on.is_some() {
                        channels.push(v.to_string());
                    }
                }
                Step::Fail { channels, note }
            }
            "follow_up" => Step::FollowUp { note },
            "apply_confirmation" => Step::ApplyConfirmation {
                court: self.court.clone(),
                joint: self.joint.is_some(),
            },
            "confirmation_result" => Step::ConfirmationResult {
                valid: self.valid == "valid",
            },
            _ => return Err(bad("step", "未知的办理事项。", "Unknown step.")),
        };
        Ok((on, step))
    }
}

/// `POST /mediation/{id}/step`: one step; a refusal comes back with its article, nothing written.
async fn step_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<StepForm>,
) -> Page {
    let who = ctx.user()?;
    let res = async {
        let (on, step) = f.to_step()?;
        workflow::act(&st.db, who, &st.calendar(), id, on, &step).await
    }
    .await;
    Ok(match res {
        Ok(_) => Redirect::to(&format!("/mediation/{id}")).into_response(),
        Err(e @ (Error::Invalid { .. } | Error::Conflict { .. })) => {
            let m = msg(&ctx, &e);
            let mut resp = render(&detail_view(&st, &ctx, id, Some(m)).await?)?;
            *resp.status_mut() = status_of(&e);
            resp
        }
        Err(e) => return Err(e.into()),
    })
}

#[derive(askama::Template)]
#[template(path = "mediation/agreement.html")]
struct AgreementPrint {
    d: Dispute,
    org: String,
    oral: bool,
    on: String,
}

/// `GET /mediation/{id}/agreement`: the 调解协议书 (第二十九条) or the record of an oral
/// agreement (第二十八条) as an A4 page.
async fn agreement_print(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> Page {
    let who = ctx.user()?;
    let d = disputes::get(&st.db, who, id).await?;
    let (Some(form), Some(on)) = (d.agreement_form, d.effective_on) else {
        return Err(Error::not_found("mediation agreement").into());
    };
    Ok(render(&AgreementPrint {
        org: d.organisation.clone(),
        oral: form == AgreementForm::Oral,
        on: fazhi_core::cases::documents::chinese_date(on),
        d,
    })?)
}

/// A level of the tree with its organisations.
struct LevelGroup {
    label: String,
    orgs: Vec<Organisation>,
}

#[derive(askama::Template)]
#[template(path = "mediation/organisations.html")]
struct OrgsPage {
    shell: Shell,
    groups: Vec<LevelGroup>,
    total: usize,
    can_manage: bool,
    kinds: Vec<(&'static str, &'static str)>,
    f: OrgForm,
    error: Option<String>,
}

#[derive(Deserialize, Default, Clone)]
pub struct OrgForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    subdistrict: String,
    #[serde(default)]
    members: String,
    #[serde(default)]
    women: String,
    #[serde(default)]
    minority: String,
    #[serde(default)]
    multi_ethnic: Option<String>,
    #[serde(default)]
    term_start: String,
}

impl OrgForm {
    fn to_new(&self) -> Result<NewOrganisation> {
        let num = |v: &str, field: &'static str| -> Result<i64> {
            match v.trim() {
                "" if field == "minority" => Ok(0),
                s => s
                    .parse()
                    .map_err(|_| bad(field, "请填写人数（整数）。", "Enter a whole number.")),
            }
        };
        Ok(NewOrganisation {
            name: self.name.clone(),
            kind: OrgKind::parse(&self.kind)
                .ok_or_else(|| bad("kind", "请选择组织类型。", "Choose the kind."))?,
            subdistrict: self.subdistrict.clone(),
            members: num(&self.members, "members")?,
            women: num(&self.women, "women")?,
            minority: num(&self.minority, "minority")?,
            multi_ethnic: self.multi_ethnic.is_some(),
            term_start: date(&self.term_start, "term_start")?,
        })
    }
}

async fn orgs_view(
    st: &AppState,
    ctx: &Ctx,
    f: OrgForm,
    error: Option<String>,
) -> Result<OrgsPage> {
    let who = ctx.user()?;
    let all = orgs::tree(&st.db, who).await?;
    let total = all.len();
    let groups = Level::ALL
        .iter()
        .map(|l| LevelGroup {
            label: l.label(ctx.lang).to_string(),
            orgs: all.iter().filter(|o| o.level == *l).cloned().collect(),
        })
        .filter(|g| !g.orgs.is_empty())
        .collect();
    Ok(OrgsPage {
        shell: Shell::new(ctx, ("调解组织", "Organisations"), &crumbs()),
        groups,
        total,
        can_manage: who.role.can(Permission::ManageMediation) && who.scope == DataScope::District,
        kinds: options(OrgKind::ALL, |k| (k.as_str(), k.label(ctx.lang))),
        f,
        error,
    })
}

/// `GET /mediation/organisations`: the tree by level.
async fn orgs_page(ctx: Ctx, State(st): State<AppState>) -> Page {
    let f = OrgForm {
        term_start: today().to_string(),
        ..Default::default()
    };
    Ok(render(&orgs_view(&st, &ctx, f, None).await?)?)
}

/// `POST /mediation/organisations`: sets up an organisation (composition checked, 第八条).
async fn orgs_submit(ctx: Ctx, State(st): State<AppState>, Form(f): Form<OrgForm>) -> Page {
    let who = ctx.user()?;
    let res = async { orgs::create_as(&st.db, who, &f.to_new()?).await }.await;
    Ok(match res {
        Ok(_) => Redirect::to("/mediation/organisations").into_response(),
        Err(e @ (Error::Invalid { .. } | Error::Conflict { .. })) => {
            let m = msg(&ctx, &e);
            let mut resp = render(&orgs_view(&st, &ctx, f, Some(m)).await?)?;
            *resp.status_mut() = status_of(&e);
            resp
        }
        Err(e) => return Err(e.into()),
    })
}

#[derive(askama::Template)]
#[template(path = "mediation/screenings.html")]
struct ScreeningsPage {
    shell: Shell,
    rows: Vec<Screening>,
    pager: Pager,
    risks: Vec<(&'static str, &'static str)>,
    can_handle: bool,
    today: String,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct ScreeningQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    page: Option<i64>,
}

async fn screenings_view(
    st: &AppState,
    ctx: &Ctx,
    q: &ScreeningQuery,
    error: Option<String>,
) -> Result<ScreeningsPage> {
    let who = ctx.user()?;
    let page = q.page.unwrap_or(1).clamp(1, 100_000);
    let size = 50;
    let (rows, total) = screenings::list(
        &st.db,
        who,
        ScreeningStatus::parse(&q.status),
        size,
        (page - 1) * size,
    )
    .await?;
    let sel = q.status.clone();
    Ok(ScreeningsPage {
        shell: Shell::new(ctx, ("矛盾排查", "Screenings"), &crumbs()),
        rows,
        pager: Pager::new(total, page, size, |n| {
            format!("/mediation/screenings?status={sel}&page={n}")
        }),
        risks: options(Risk::ALL, |r| (r.as_str(), r.label(ctx.lang))),
        can_handle: who.role.can(Permission::HandleMediation),
        today: today().to_string(),
        error,
    })
}

/// `GET /mediation/screenings`.
async fn screenings_page(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(q): Query<ScreeningQuery>,
) -> Page {
    Ok(render(&screenings_view(&st, &ctx, &q, None).await?)?)
}

#[derive(Deserialize, Default)]
pub struct ScreeningForm {
    #[serde(default)]
    subdistrict: String,
    #[serde(default)]
    grid: String,
    #[serde(default)]
    screened_on: String,
    #[serde(default)]
    risk: String,
    #[serde(default)]
    finding: String,
}

/// `POST /mediation/screenings`: records a screening.
async fn screening_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Form(f): Form<ScreeningForm>,
) -> Page {
    let who = ctx.user()?;
    let res = async {
        let n = NewScreening {
            subdistrict: f.subdistrict.clone(),
            grid: f.grid.clone(),
            screened_on: date(&f.screened_on, "screened_on")?,
            risk: Risk::parse(&f.risk)
                .ok_or_else(|| bad("risk", "请选择风险等级。", "Choose the risk."))?,
            finding: f.finding.clone(),
        };
        screenings::record(&st.db, who, &n).await
    }
    .await;
    screening_done(&st, &ctx, res.map(|_| ())).await
}

async fn screening_done(st: &AppState, ctx: &Ctx, res: Result<()>) -> Page {
    Ok(match res {
        Ok(()) => Redirect::to("/mediation/screenings").into_response(),
        Err(e @ (Error::Invalid { .. } | Error::Conflict { .. })) => {
            let m = msg(ctx, &e);
            let mut resp =
                render(&screenings_view(st, ctx, &ScreeningQuery::default(), Some(m)).await?)?;
            *resp.status_mut() = status_of(&e);
            resp
        }
        Err(e) => return Err(e.into()),
    })
}

#[derive(Deserialize, Default)]
pub struct ScreeningStepForm {
    #[serde(default)]
    action: String,
}

/// `POST /mediation/screenings/{id}`: prevented, or a high risk escalated.
async fn screening_step(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<ScreeningStepForm>,
) -> Page {
    let who = ctx.user()?;
    let action = match f.action.as_str() {
        "prevent" => Ok(screenings::Action::Prevent),
        "escalate" => Ok(screenings::Action::Escalate),
        _ => Err(bad("action", "未知的处理方式。", "Unknown action.")),
    };
    let res = match action {
        Ok(a) => screenings::act(&st.db, who, id, a).await,
        Err(e) => Err(e),
    };
    screening_done(&st, &ctx, res).await
}

#[derive(askama::Template)]
#[template(path = "mediation/accounts.html")]
struct AccountsPage {
    shell: Shell,
    links: Vec<scope::AccountLink>,
    orgs: Vec<OrgOption>,
    error: Option<String>,
}

async fn accounts_view(st: &AppState, ctx: &Ctx, error: Option<String>) -> Result<AccountsPage> {
    let who = ctx.user()?;
    Ok(AccountsPage {
        shell: Shell::new(ctx, ("调解账号", "Mediation accounts"), &crumbs()),
        links: scope::links(&st.db, who).await?,
        orgs: org_options(st, ctx).await?,
        error,
    })
}

/// `GET /mediation/accounts`: which organisation or 街镇 each mediation account covers.
async fn accounts_page(ctx: Ctx, State(st): State<AppState>) -> Page {
    Ok(render(&accounts_view(&st, &ctx, None).await?)?)
}

#[derive(Deserialize, Default)]
pub struct LinkForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    organisation_id: String,
    #[serde(default)]
    subdistrict: String,
}

/// `POST /mediation/accounts`: links an account (the Justice Bureau's setup).
async fn accounts_submit(ctx: Ctx, State(st): State<AppState>, Form(f): Form<LinkForm>) -> Page {
    let who = ctx.user()?;
    let org = f.organisation_id.trim().parse::<i64>().ok();
    let res = scope::link_account(&st.db, who, &f.username, org, &f.subdistrict).await;
    Ok(match res {
        Ok(()) => Redirect::to("/mediation/accounts").into_response(),
        Err(e @ (Error::Invalid { .. } | Error::Conflict { .. })) => {
            let m = msg(&ctx, &e);
            let mut resp = render(&accounts_view(&st, &ctx, Some(m)).await?)?;
            *resp.status_mut() = status_of(&e);
            resp
        }
        Err(e) => return Err(e.into()),
    })
}

#[derive(Deserialize)]
pub struct YearQuery {
    year: i32,
}

/// `GET /api/v1/mediation/stats?year=2024`: the year's figures (Justice Bureau).
async fn api_stats(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(q): Query<YearQuery>,
) -> std::result::Result<Json<serde_json::Value>, ApiError> {
    let who = ctx.user()?;
    let s = stats::year(&st.db, &who.region, q.year).await?;
    Ok(Json(serde_json::json!({
        "year": s.year,
        "organisations": s.organisations,
        "cases": s.cases,
        "success_rate": s.success_rate,
        "amount_yuan": s.amount_yuan(),
        "screenings": s.screenings,
        "prevented": s.prevented,
        "by_level": s.by_level,
        "by_kind": s.by_kind,
        "by_month": s.by_month,
    })))
}
