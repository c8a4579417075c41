//! 行政复议 and 行政应诉 pages: the Justice Bureau's list, counter intake, the application with
//! its deadlines, whole-process record and step forms; the respondent body's own applications
//! and its answer; the lawsuits; the public application and status lookup on the portal; the
//! yearly figures in JSON. Role and data scope are checked by the route table and again by the
//! core on every read and write.

use axum::Form;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use fazhi_core::auth::Permission;
use fazhi_core::litigation::{self, Instance, LitigationStats, NewLawsuit};
use fazhi_core::money::Money;
use fazhi_core::org::list_departments;
use fazhi_core::reconsideration::records::{self, Application, DecisionKind, Status};
use fazhi_core::reconsideration::rules::{ActKind, Channel, Procedure};
use fazhi_core::reconsideration::stats::{self, ReconsiderationStats};
use fazhi_core::reconsideration::workflow::{self, HearingWay, NewApplication, Step, StepDef};
use fazhi_core::time::today;
use fazhi_core::{BINHAI_REGION, Code, Error, Result};
use serde::Deserialize;

use crate::ctx::{Ctx, PRE_CSRF_COOKIE, set_cookie};
use crate::error::{ApiError, Page, render, status_of};
use crate::home::{DeadlineView, deadline_view};
use crate::org::{DeptOption, dept_options};
use crate::routes::{Access as A, NavGroup as N, Route, ScopeRule as S};
use crate::shell::{Pager, Shell};
use crate::state::AppState;

pub fn routes() -> Vec<Route> {
    use Permission as P;
    vec![
        Route::get(
            "/reconsideration",
            A::Perm(P::ViewReconsideration),
            S::DataScope,
            list_page,
        )
        .nav(N::Reconsideration, "行政复议", "Reconsideration"),
        Route::get(
            "/reconsideration/new",
            A::District(P::HandleReconsideration),
            S::DataScope,
            new_page,
        ),
        Route::post(
            "/reconsideration/new",
            A::District(P::HandleReconsideration),
            S::DataScope,
            new_submit,
        ),
        Route::get(
            "/reconsideration/{id}",
            A::Perm(P::ViewReconsideration),
            S::DataScope,
            detail_page,
        ),
        Route::get(
            "/reconsideration/{id}/decision",
            A::Perm(P::ViewReconsideration),
            S::DataScope,
            decision_print,
        ),
        Route::post(
            "/reconsideration/{id}/step",
            A::AnyOf(&[P::HandleReconsideration, P::AnswerReconsideration]),
            S::DataScope,
            step_submit,
        ),
        Route::get(
            "/litigation",
            A::Perm(P::ViewReconsideration),
            S::DataScope,
            litigation_page,
        )
        .nav(N::Reconsideration, "行政应诉", "Litigation"),
        Route::post(
            "/litigation",
            A::District(P::HandleReconsideration),
            S::DataScope,
            litigation_submit,
        ),
        Route::post(
            "/litigation/{id}",
            A::District(P::HandleReconsideration),
            S::DataScope,
            litigation_record,
        ),
        Route::get("/portal/reconsideration", A::Public, S::Own, portal_page),
        Route::get(
            "/portal/reconsideration/decisions",
            A::Public,
            S::Open,
            portal_decisions,
        )
        .nav(N::Public, "行政复议决定公开", "Reconsideration decisions"),
        Route::post("/portal/reconsideration", A::Public, S::Own, portal_submit),
        Route::get(
            "/api/v1/reconsideration/stats",
            A::District(P::ViewReconsideration),
            S::DataScope,
            api_stats,
        ),
        Route::get(
            "/api/v1/litigation/stats",
            A::District(P::ViewReconsideration),
            S::DataScope,
            api_litigation_stats,
        ),
        Route::get(
            "/api/v1/reconsideration/{id}",
            A::Perm(P::ViewReconsideration),
            S::DataScope,
            api_one,
        ),
    ]
}

fn crumbs() -> [(&'static str, &'static str, Option<&'static str>); 1] {
    [("行政复议", "Reconsideration", Some("/reconsideration"))]
}

fn msg(ctx: &Ctx, e: &Error) -> String {
    if ctx.lang == "en" {
        e.message_en()
    } else {
        e.message_zh()
    }
}

fn date(s: &str, field: &'static str) -> Result<NaiveDate> {
    s.trim().parse().map_err(|_| {
        Error::of(Code::ReconsiderationInvalid)
            .for_field(field)
            .arg_zh_en(
                "reason",
                format!("日期格式应为 YYYY-MM-DD（{field}）。"),
                format!("Dates are YYYY-MM-DD ({field})."),
            )
    })
}

fn opt_date(s: &str, field: &'static str) -> Result<Option<NaiveDate>> {
    match s.trim() {
        "" => Ok(None),
        v => date(v, field).map(Some),
    }
}

/// One line of the list.
struct Row_ {
    a: Application,
    status: String,
    due: Option<DeadlineView>,
}

fn row(st: &AppState, lang: &str, a: Application) -> Row_ {
    let due = match a.status {
        Status::Received => Some(a.acceptance_due),
        Status::Correction => a.correction_due,
        Status::Accepted => a.decision_due,
        _ => None,
    }
    .map(|d| deadline_view(st, lang, d));
    Row_ {
        status: a.status.label(lang).to_string(),
        due,
        a,
    }
}

#[derive(askama::Template)]
#[template(path = "reconsideration/list.html")]
struct ListPage {
    shell: Shell,
    rows: Vec<Row_>,
    pager: Pager,
    statuses: Vec<(&'static str, &'static str)>,
    sel: String,
    year: i32,
    this_year: i32,
    s: Option<ReconsiderationStats>,
    can_receive: bool,
    bodies: Vec<BodyLine>,
    months: Vec<i64>,
}

/// One body's figures of the year with its rates (— where there is nothing to divide).
struct BodyLine {
    f: stats::BodyFigures,
    correction: String,
    mediation: String,
    appearance: String,
}

fn pct(x: Option<f64>) -> String {
    x.map(|v| format!("{:.1}%", v * 100.0))
        .unwrap_or_else(|| "—".into())
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    page: Option<i64>,
    /// The year of the figures; this year when absent.
    #[serde(default)]
    year: Option<i32>,
}

/// `GET /reconsideration`: the applications in the caller's scope, with the year's figures for
/// the Justice Bureau.
async fn list_page(ctx: Ctx, State(st): State<AppState>, Query(q): Query<ListQuery>) -> Page {
    let who = ctx.user()?;
    let status = Status::parse(&q.status);
    let page = q.page.unwrap_or(1).max(1);
    let size = 50;
    let (list, total) = records::list(&st.db, who, status, size, (page - 1) * size).await?;
    let this_year = chrono::Datelike::year(&today());
    // Years before the platform's records or after this one have no figures to show.
    let year = q
        .year
        .filter(|y| (2000..=this_year).contains(y))
        .unwrap_or(this_year);
    let district = who.scope == fazhi_core::auth::DataScope::District;
    let s = if district {
        Some(stats::year(&st.db, &who.region, year).await?)
    } else {
        None
    };
    let (bodies, months) = if district {
        let bodies = stats::by_body(&st.db, &who.region, year)
            .await?
            .into_iter()
            .map(|f| BodyLine {
                correction: pct(f.correction_rate()),
                mediation: pct(f.mediation_rate()),
                appearance: pct(f.appearance_rate()),
                f,
            })
            .collect();
        (
            bodies,
            stats::closed_by_month(&st.db, &who.region, year)
                .await?
                .to_vec(),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let sel = q.status.clone();
    Ok(render(&ListPage {
        shell: Shell::new(&ctx, ("行政复议", "Reconsideration"), &[]),
        rows: list.into_iter().map(|a| row(&st, ctx.lang, a)).collect(),
        pager: Pager::new(total, page, size, |n| {
            format!("/reconsideration?status={sel}&page={n}")
        }),
        statuses: Status::ALL
            .iter()
            .map(|s| (s.as_str(), s.label(ctx.lang)))
            .collect(),
        sel: q.status,
        year,
        this_year,
        s,
        can_receive: district && who.role.can(Permission::HandleReconsideration),
        bodies,
        months,
    })?)
}

/// The intake form (counter, oral record, transfer; the portal has its own).
#[derive(Deserialize, Default, Clone)]
pub struct IntakeForm {
    #[serde(default)]
    channel: String,
    #[serde(default)]
    applicant_kind: String,
    #[serde(default)]
    applicant_name: String,
    #[serde(default)]
    applicant_code: String,
    #[serde(default)]
    applicant_contact: String,
    #[serde(default)]
    respondent: String,
    #[serde(default)]
    act_kind: String,
    #[serde(default)]
    act_description: String,
    #[serde(default)]
    case_no: String,
    #[serde(default)]
    act_on: String,
    #[serde(default)]
    knew_on: String,
    #[serde(default)]
    rights_told: String,
    #[serde(default)]
    rights_known_on: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    requests: String,
    #[serde(default)]
    reasons: String,
    #[serde(default)]
    third_parties: String,
    #[serde(default)]
    received_on: String,
}

impl IntakeForm {
    async fn to_new(&self, st: &AppState, channel: Channel) -> Result<NewApplication> {
        let invalid = |field: &'static str, zh: &str, en: &str| {
            Error::of(Code::ReconsiderationInvalid)
                .for_field(field)
                .arg_zh_en("reason", zh.to_string(), en.to_string())
        };
        let respondent = self
            .respondent
            .trim()
            .parse::<i64>()
            .map_err(|_| invalid("respondent", "请选择被申请人。", "Choose the respondent."))?;
        let act_kind = ActKind::parse(&self.act_kind).ok_or_else(|| {
            invalid(
                "act_kind",
                "请选择行政行为类型。",
                "Choose the kind of act.",
            )
        })?;
        let amount_fen = match self.amount.trim() {
            "" => None,
            s => Some(
                Money::parse_yuan(s)
                    .map_err(|_| {
                        invalid(
                            "amount",
                            "金额格式不正确。",
                            "The amount is not a number of yuan.",
                        )
                    })?
                    .fen(),
            ),
        };
        // The penalty case, when the applicant names its case or decision number.
        let case_id = match self.case_no.trim() {
            "" => None,
            no => Some(records::case_by_number(&st.db, BINHAI_REGION, no).await?.ok_or_else(|| {
                invalid(
                    "case_no",
                    "没有该案号或处罚决定书文号的案件；不是本平台办理的，请留空并在“被申请的行政行为”中描述。",
                    "No case with that number; if it is not one of ours, leave it empty and describe the act.",
                )
            })?),
        };
        let knew_on = date(&self.knew_on, "knew_on")?;
        Ok(NewApplication {
            channel,
            applicant_kind: self.applicant_kind.clone(),
            applicant_name: self.applicant_name.clone(),
            applicant_code: self.applicant_code.clone(),
            applicant_contact: self.applicant_contact.clone(),
            respondent_department_id: respondent,
            act_kind,
            act_description: self.act_description.clone(),
            case_id,
            act_on: opt_date(&self.act_on, "act_on")?.unwrap_or(knew_on),
            knew_on,
            rights_told: self.rights_told != "no",
            rights_known_on: opt_date(&self.rights_known_on, "rights_known_on")?,
            real_estate: false,
            amount_fen,
            warning_only: false,
            requests: self.requests.clone(),
            reasons: self.reasons.clone(),
            third_parties: self.third_parties.clone(),
            received_on: opt_date(&self.received_on, "received_on")?.unwrap_or_else(today),
        })
    }
}

#[derive(askama::Template)]
#[template(path = "reconsideration/new.html")]
struct NewPage {
    shell: Shell,
    f: IntakeForm,
    depts: Vec<DeptOption>,
    kinds: Vec<(&'static str, &'static str)>,
    channels: Vec<(&'static str, &'static str)>,
    error: Option<String>,
    action: &'static str,
    portal: bool,
    done: Option<String>,
}

fn kinds(lang: &str) -> Vec<(&'static str, &'static str)> {
    ActKind::ALL
        .iter()
        .map(|k| (k.as_str(), k.label(lang)))
        .collect()
}

async fn new_view(
    st: &AppState,
    ctx: &Ctx,
    f: IntakeForm,
    error: Option<String>,
) -> Result<NewPage> {
    let all = list_departments(&st.db, BINHAI_REGION).await?;
    Ok(NewPage {
        shell: Shell::new(
            ctx,
            ("登记行政复议申请", "Register an application"),
            &crumbs(),
        ),
        f,
        depts: dept_options(&all, ctx.lang),
        kinds: kinds(ctx.lang),
        channels: [Channel::Counter, Channel::Oral, Channel::Transfer]
            .iter()
            .map(|c| (c.as_str(), c.label(ctx.lang)))
            .collect(),
        error,
        action: "/reconsideration/new",
        portal: false,
        done: None,
    })
}

/// `GET /reconsideration/new`.
async fn new_page(ctx: Ctx, State(st): State<AppState>) -> Page {
    let f = IntakeForm {
        received_on: today().to_string(),
        channel: "counter".into(),
        ..Default::default()
    };
    Ok(render(&new_view(&st, &ctx, f, None).await?)?)
}

/// `POST /reconsideration/new`: the application is stored with its acceptance due date; on a bad
/// input the form comes back with what was typed and the reason.
async fn new_submit(ctx: Ctx, State(st): State<AppState>, Form(f): Form<IntakeForm>) -> Page {
    let who = ctx.user()?;
    let channel = Channel::parse(&f.channel).unwrap_or(Channel::Counter);
    let res = async {
        let n = f.to_new(&st, channel).await?;
        workflow::receive_as(&st.db, who, &st.calendar(), &n).await
    }
    .await;
    Ok(match res {
        Ok((id, _)) => Redirect::to(&format!("/reconsideration/{id}")).into_response(),
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
#[template(path = "reconsideration/detail.html")]
struct DetailPage {
    shell: Shell,
    a: Application,
    status: String,
    deadlines: Vec<(String, DeadlineView)>,
    steps: Vec<records::StepLine>,
    offers: Vec<&'static StepDef>,
    decisions: Vec<(&'static str, &'static str)>,
    ways: Vec<(&'static str, &'static str)>,
    today: String,
    error: Option<String>,
    amount: String,
}

async fn detail_view(
    st: &AppState,
    ctx: &Ctx,
    id: i64,
    error: Option<String>,
) -> Result<DetailPage> {
    let who = ctx.user()?;
    let a = records::get(&st.db, who, id).await?;
    let mut deadlines = Vec::new();
    let mut push = |zh: &str, en: &str, d: Option<NaiveDate>| {
        if let Some(d) = d {
            deadlines.push((ctx.t(zh, en).to_string(), deadline_view(st, ctx.lang, d)));
        }
    };
    match a.status {
        Status::Received => push(
            "受理审查期限（第三十条）",
            "Acceptance review (art. 30)",
            Some(a.acceptance_due),
        ),
        Status::Correction => push(
            "补正期限（第三十一条）",
            "Corrections due (art. 31)",
            a.correction_due,
        ),
        Status::Accepted => {
            if a.answered_on.is_none() {
                push(
                    "答复期限（第四十八条）",
                    "Answer due (art. 48)",
                    a.answer_due,
                );
            }
            push(
                "审理期限（第六十二条）",
                "Decision due (art. 62)",
                a.decision_due,
            );
        }
        Status::Suspended if !a.incidental_document.is_empty() => push(
            "附带审查处理或转送期限（第五十六条）",
            "Incidental review due (art. 56)",
            a.incidental_due,
        ),
        _ => {}
    }
    if a.opinion_replied_on.is_none() {
        push(
            "意见书落实情况报送期限（第七十六条）",
            "Report on the opinion letter due (art. 76)",
            a.opinion_reply_due,
        );
    }
    if a.status == Status::Decided {
        push(
            "责令履行期限（第七十七条）",
            "Performance due (art. 77)",
            a.performance_due,
        );
    }
    let steps = records::steps(&st.db, a.id).await?;
    Ok(DetailPage {
        shell: Shell::new(ctx, (&a.case_no_or_id(), &a.case_no_or_id()), &crumbs()),
        status: a.status.label(ctx.lang).to_string(),
        deadlines,
        steps,
        offers: workflow::offers(&a, who),
        decisions: DecisionKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.label(ctx.lang)))
            .collect(),
        ways: HearingWay::ALL
            .iter()
            .map(|k| (k.as_str(), k.label(ctx.lang)))
            .collect(),
        today: today().to_string(),
        error,
        amount: a
            .amount_fen
            .map(|f| Money::from_fen(f).format_yuan())
            .unwrap_or_default(),
        a,
    })
}

/// `GET /reconsideration/{id}`.
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
    procedure: String,
    #[serde(default)]
    consent: Option<String>,
    #[serde(default)]
    days: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    withdrawn: Option<String>,
    #[serde(default)]
    way: String,
    #[serde(default)]
    notified_on: String,
    #[serde(default)]
    ground: String,
    #[serde(default)]
    document: String,
    #[serde(default)]
    due: String,
}

impl StepForm {
    fn to_step(&self) -> Result<(NaiveDate, Step)> {
        let on = date(&self.on, "on")?;
        let bad = |field: &'static str, zh: &str, en: &str| {
            Error::of(Code::ReconsiderationInvalid)
                .for_field(field)
                .arg_zh_en("reason", zh.to_string(), en.to_string())
        };
        let note = self.note.clone();
        let step = match self.step.as_str() {
            "accept" => Step::Accept {
                procedure: Procedure::parse(&self.procedure).unwrap_or(Procedure::Ordinary),
                consent: self.consent.is_some(),
            },
            "request_correction" => Step::RequestCorrection { items: note },
            "corrected" => Step::Corrected,
            "abandon" => Step::Abandon,
            "reject" => Step::Reject { reason: note },
            "send_copy" => Step::SendCopy,
            "answer" => Step::Answer { note },
            "extend" => Step::Extend {
                days: self
                    .days
                    .trim()
                    .parse()
                    .map_err(|_| bad("days", "请填写延长天数。", "Enter the days."))?,
                reason: note,
            },
            "suspend" => Step::Suspend { reason: note },
            "resume" => Step::Resume,
            "terminate" => Step::Terminate {
                reason: note,
                withdrawn: self.withdrawn.is_some(),
            },
            "decide" => Step::Decide {
                kind: DecisionKind::parse(&self.kind).ok_or_else(|| {
                    bad("kind", "请选择决定类型。", "Choose the kind of decision.")
                })?,
                text: note,
            },
            "hear_opinions" => Step::HearOpinions {
                way: HearingWay::parse(&self.way).ok_or_else(|| {
                    bad(
                        "way",
                        "请选择听取意见的方式。",
                        "Choose how the parties were heard.",
                    )
                })?,
                note,
            },
            "hearing" => Step::Hearing {
                notified_on: date(&self.notified_on, "notified_on")?,
                note,
            },
            "consult_committee" => Step::ConsultCommittee {
                ground: self.ground.clone(),
                opinion: note,
            },
            "incidental_review" => Step::IncidentalReview {
                document: self.document.clone(),
            },
            "opinion_letter" => Step::OpinionLetter { text: note },
            "opinion_reply" => Step::OpinionReply { note },
            "order_performance" => Step::OrderPerformance {
                due: date(&self.due, "due")?,
                note,
            },
            _ => return Err(bad("step", "未知的办理事项。", "Unknown step.")),
        };
        Ok((on, step))
    }
}

/// `POST /reconsideration/{id}/step`: one step; a refusal comes back on the page with its
/// article and nothing written.
async fn step_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<StepForm>,
) -> Page {
    let who = ctx.user()?;
    let res = async {
        let (on, step) = f.to_step()?;
        workflow::act(&st.db, who, &st.calendar(), id, on, step).await
    }
    .await;
    Ok(match res {
        Ok(_) => Redirect::to(&format!("/reconsideration/{id}")).into_response(),
        Err(e @ (Error::Invalid { .. } | Error::Conflict { .. })) => {
            let m = msg(&ctx, &e);
            let mut resp = render(&detail_view(&st, &ctx, id, Some(m)).await?)?;
            *resp.status_mut() = status_of(&e);
            resp
        }
        Err(e) => return Err(e.into()),
    })
}

/// A lawsuit line.
struct SuitLine {
    id: i64,
    pending: bool,
    court_case_no: String,
    court: String,
    instance: String,
    defendant: String,
    /// The defendants after a reconsideration (行政诉讼法 第二十六条 第二款), '' otherwise.
    defendants: String,
    plaintiff: String,
    served_on: String,
    defence: DeadlineView,
    defence_filed: bool,
    head: String,
    outcome: String,
}

#[derive(askama::Template)]
#[template(path = "reconsideration/litigation.html")]
struct LitigationPage {
    shell: Shell,
    lines: Vec<SuitLine>,
    s: LitigationStats,
    can_register: bool,
    depts: Vec<DeptOption>,
    error: Option<String>,
    f: SuitForm,
    today: String,
    outcomes: Vec<(&'static str, &'static str)>,
}

#[derive(Deserialize, Default, Clone)]
pub struct SuitForm {
    #[serde(default)]
    court: String,
    #[serde(default)]
    court_case_no: String,
    #[serde(default)]
    instance: String,
    #[serde(default)]
    defendant: String,
    #[serde(default)]
    plaintiff: String,
    #[serde(default)]
    act_description: String,
    #[serde(default)]
    served_on: String,
    /// The reconsideration case number (津滨政复〔YYYY〕N号) when the act went through one.
    #[serde(default)]
    reconsideration: String,
}

async fn litigation_view(
    st: &AppState,
    ctx: &Ctx,
    f: SuitForm,
    error: Option<String>,
) -> Result<LitigationPage> {
    let who = ctx.user()?;
    who.require(Permission::ViewReconsideration)?;
    let lines = litigation::list(&st.db, who, 200)
        .await?
        .into_iter()
        .map(|l| SuitLine {
            id: l.id,
            pending: l.outcome.is_none(),
            court_case_no: l.court_case_no,
            court: l.court,
            instance: l.instance.label(ctx.lang).to_string(),
            defendant: l.defendant,
            defendants: l.defendants,
            plaintiff: l.plaintiff,
            served_on: l.served_on,
            defence: deadline_view(st, ctx.lang, l.defence_due),
            defence_filed: l.defence_filed,
            head: l.head,
            outcome: l
                .outcome
                .map(|o| o.label(ctx.lang).to_string())
                .unwrap_or_else(|| ctx.t("审理中", "Pending").to_string()),
        })
        .collect();
    let all = list_departments(&st.db, BINHAI_REGION).await?;
    Ok(LitigationPage {
        shell: Shell::new(ctx, ("行政应诉", "Litigation"), &crumbs()),
        lines,
        s: litigation::stats(&st.db, &who.region, chrono::Datelike::year(&today())).await?,
        can_register: who.role.can(Permission::HandleReconsideration)
            && who.scope == fazhi_core::auth::DataScope::District,
        depts: dept_options(&all, ctx.lang),
        error,
        f,
        today: today().to_string(),
        outcomes: litigation::Outcome::ALL
            .iter()
            .map(|o| (o.as_str(), o.label(ctx.lang)))
            .collect(),
    })
}

/// `GET /litigation`.
async fn litigation_page(ctx: Ctx, State(st): State<AppState>) -> Page {
    Ok(render(
        &litigation_view(&st, &ctx, SuitForm::default(), None).await?,
    )?)
}

/// `POST /litigation`: registers a lawsuit served on a body; its defence is due in fifteen days.
async fn litigation_submit(ctx: Ctx, State(st): State<AppState>, Form(f): Form<SuitForm>) -> Page {
    let who = ctx.user()?;
    let res = async {
        let n = NewLawsuit {
            court: f.court.clone(),
            court_case_no: f.court_case_no.clone(),
            instance: Instance::parse(&f.instance).unwrap_or(Instance::First),
            defendant_department_id: f.defendant.trim().parse().map_err(|_| {
                Error::of(Code::ReconsiderationInvalid)
                    .for_field("defendant")
                    .arg_zh_en("reason", "请选择被告机关。", "Choose the defendant body.")
            })?,
            plaintiff: f.plaintiff.clone(),
            act_description: f.act_description.clone(),
            case_id: None,
            reconsideration_id: if f.reconsideration.trim().is_empty() {
                None
            } else {
                Some(
                    records::id_by_case_no(&st.db, &who.region, f.reconsideration.trim())
                        .await?
                        .ok_or_else(|| {
                            Error::of(Code::ReconsiderationInvalid)
                                .for_field("reconsideration")
                                .arg_zh_en(
                                    "reason",
                                    "没有这个行政复议案号。",
                                    "No reconsideration case has this number.",
                                )
                        })?,
                )
            },
            served_on: date(&f.served_on, "served_on")?,
        };
        litigation::register_as(&st.db, who, &st.calendar(), &n).await
    }
    .await;
    Ok(match res {
        Ok(_) => Redirect::to("/litigation").into_response(),
        Err(e @ (Error::Invalid { .. } | Error::Conflict { .. })) => {
            let m = msg(&ctx, &e);
            let mut resp = render(&litigation_view(&st, &ctx, f, Some(m)).await?)?;
            *resp.status_mut() = status_of(&e);
            resp
        }
        Err(e) => return Err(e.into()),
    })
}

#[derive(Deserialize, Default)]
pub struct PortalQuery {
    #[serde(default)]
    code: String,
}

/// What the applicant may see of its application.
struct PortalStatus {
    case_no: String,
    respondent: String,
    status: String,
    received_on: String,
    due: String,
    decision: String,
}

#[derive(askama::Template)]
#[template(path = "reconsideration/portal.html")]
struct PortalPage {
    shell: Shell,
    form: NewPage,
    code: String,
    found: Option<PortalStatus>,
    looked: bool,
}

fn portal_shell(ctx: &Ctx, csrf: &str) -> Shell {
    let mut s = Shell::new(
        ctx,
        ("申请行政复议", "Apply for reconsideration"),
        &[("首页", "Home", Some("/portal"))],
    );
    s.user = None;
    s.csrf = csrf.to_string();
    s
}

async fn portal_view(
    st: &AppState,
    ctx: &Ctx,
    csrf: &str,
    f: IntakeForm,
    error: Option<String>,
    done: Option<String>,
    code: &str,
) -> Result<PortalPage> {
    let all = list_departments(&st.db, BINHAI_REGION).await?;
    let found = if code.trim().is_empty() {
        None
    } else {
        records::by_query_code(&st.db, BINHAI_REGION, code)
            .await?
            .map(|a| PortalStatus {
                case_no: a.case_no.clone(),
                respondent: a.respondent.clone(),
                status: a.status.label(ctx.lang).to_string(),
                received_on: a.received_on.to_string(),
                due: match a.status {
                    Status::Received => a.acceptance_due.to_string(),
                    Status::Correction => {
                        a.correction_due.map(|d| d.to_string()).unwrap_or_default()
                    }
                    Status::Accepted => a.decision_due.map(|d| d.to_string()).unwrap_or_default(),
                    _ => String::new(),
                },
                decision: a
                    .decision_kind
                    .map(|k| k.label(ctx.lang).to_string())
                    .unwrap_or_default(),
            })
    };
    Ok(PortalPage {
        shell: portal_shell(ctx, csrf),
        form: NewPage {
            shell: portal_shell(ctx, csrf),
            f,
            depts: dept_options(&all, ctx.lang),
            kinds: kinds(ctx.lang),
            channels: Vec::new(),
            error,
            action: "/portal/reconsideration",
            portal: true,
            done,
        },
        code: code.to_string(),
        looked: !code.trim().is_empty(),
        found,
    })
}

/// `GET /portal/reconsideration?code=`: the online application form and the status lookup.
async fn portal_page(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(q): Query<PortalQuery>,
) -> Response {
    let pre = ctx
        .pre_csrf
        .clone()
        .unwrap_or_else(|| crate::ctx::issue_form_token(&st.form_key));
    let f = IntakeForm {
        applicant_kind: "citizen".into(),
        ..Default::default()
    };
    let page = match portal_view(&st, &ctx, &pre, f, None, None, &q.code).await {
        Ok(p) => p,
        Err(e) => return ctx.respond(Err(e)),
    };
    let cookie = set_cookie(PRE_CSRF_COOKIE, &pre, None, ctx.secure);
    match render(&page) {
        Ok(r) => ([(header::SET_COOKIE, cookie)], r).into_response(),
        Err(e) => ctx.respond(Err(e)),
    }
}

/// `POST /portal/reconsideration`: an online application (第二十二条 "互联网渠道"); the query
/// code is shown once for the applicant to keep.
async fn portal_submit(ctx: Ctx, State(st): State<AppState>, Form(f): Form<IntakeForm>) -> Page {
    let csrf = ctx.pre_csrf.clone().unwrap_or_default();
    let res = async {
        let mut n = f.to_new(&st, Channel::Portal).await?;
        n.received_on = today();
        let mut tx =
            fazhi_core::audit::AuditedTx::begin(&st.db, fazhi_core::audit::Actor::system("portal"))
                .await?;
        let out = workflow::receive(&mut tx, BINHAI_REGION, &st.calendar(), &n, "portal").await?;
        tx.commit().await?;
        Ok::<_, Error>(out)
    }
    .await;
    Ok(match res {
        Ok((_, code)) => render(
            &portal_view(
                &st,
                &ctx,
                &csrf,
                IntakeForm::default(),
                None,
                Some(code.clone()),
                &code,
            )
            .await?,
        )?,
        Err(e @ (Error::Invalid { .. } | Error::Conflict { .. })) => {
            let m = msg(&ctx, &e);
            let mut resp = render(&portal_view(&st, &ctx, &csrf, f, Some(m), None, "").await?)?;
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

/// `GET /api/v1/reconsideration/stats?year=2024`.
async fn api_stats(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(q): Query<YearQuery>,
) -> std::result::Result<Json<ReconsiderationStats>, ApiError> {
    let who = ctx.user()?;
    Ok(Json(stats::year(&st.db, &who.region, q.year).await?))
}

/// `GET /api/v1/litigation/stats?year=2024`.
async fn api_litigation_stats(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(q): Query<YearQuery>,
) -> std::result::Result<Json<LitigationStats>, ApiError> {
    let who = ctx.user()?;
    Ok(Json(litigation::stats(&st.db, &who.region, q.year).await?))
}

/// `GET /api/v1/reconsideration/{id}`: one application in the caller's scope.
async fn api_one(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
) -> std::result::Result<Json<Application>, ApiError> {
    let who = ctx.user()?;
    Ok(Json(records::get(&st.db, who, id).await?))
}

#[derive(askama::Template)]
#[template(path = "reconsideration/decision_print.html")]
struct DecisionPrint {
    a: Application,
    body: &'static str,
    kind: DecisionKind,
    answer: String,
    sue_days: u32,
    decided_on: String,
}

/// `GET /reconsideration/{id}/decision`: the 行政复议决定书 (第七十五条) as an A4 page.
async fn decision_print(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> Page {
    let who = ctx.user()?;
    let a = records::get(&st.db, who, id).await?;
    let (Some(kind), Some(on)) = (a.decision_kind, a.decided_on) else {
        return Err(Error::not_found("reconsideration decision").into());
    };
    let answer = records::steps(&st.db, a.id)
        .await?
        .into_iter()
        .find(|s| s.action == "answer")
        .map(|s| s.note)
        .unwrap_or_default();
    Ok(render(&DecisionPrint {
        body: fazhi_core::reconsideration::REVIEW_BODY,
        kind,
        answer,
        sue_days: fazhi_core::reconsideration::SUE_AFTER_DAYS,
        decided_on: fazhi_core::cases::documents::chinese_date(on),
        a,
    })?)
}

#[derive(askama::Template)]
#[template(path = "reconsideration/decisions.html")]
struct DecisionsPage {
    shell: Shell,
    rows: Vec<records::PublishedDecision>,
    pager: Pager,
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    #[serde(default)]
    page: Option<i64>,
}

/// `GET /portal/reconsideration/decisions`: decisions published (第七十九条), citizens' names
/// masked.
async fn portal_decisions(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(q): Query<PageQuery>,
) -> Page {
    let page = q.page.unwrap_or(1).max(1);
    let size = 50;
    let (rows, total) = records::published(&st.db, BINHAI_REGION, size, (page - 1) * size).await?;
    let mut shell = Shell::new(
        &ctx,
        ("行政复议决定公开", "Reconsideration decisions"),
        &[("首页", "Home", Some("/portal"))],
    );
    shell.user = None;
    Ok(render(&DecisionsPage {
        shell,
        rows,
        pager: Pager::new(total, page, size, |n| {
            format!("/portal/reconsideration/decisions?page={n}")
        }),
    })?)
}

/// The defence or the judgment of one lawsuit.
#[derive(Deserialize, Default)]
pub struct SuitRecordForm {
    #[serde(default)]
    what: String,
    #[serde(default)]
    defence_filed_on: String,
    #[serde(default)]
    hearing_on: String,
    #[serde(default)]
    head_appeared: Option<String>,
    #[serde(default)]
    appearing_head: String,
    #[serde(default)]
    judgment_on: String,
    #[serde(default)]
    outcome: String,
}

/// `POST /litigation/{id}`: records the defence filed, or the hearing and the judgment.
async fn litigation_record(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<SuitRecordForm>,
) -> Page {
    let who = ctx.user()?;
    let res = async {
        let what = if f.what == "defence" {
            litigation::Record::Defence {
                filed_on: date(&f.defence_filed_on, "defence_filed_on")?,
            }
        } else {
            litigation::Record::Judgment {
                hearing_on: date(&f.hearing_on, "hearing_on")?,
                head_appeared: f.head_appeared.is_some(),
                appearing_head: f.appearing_head.clone(),
                judgment_on: date(&f.judgment_on, "judgment_on")?,
                outcome: litigation::Outcome::parse(&f.outcome).ok_or_else(|| {
                    Error::of(Code::ReconsiderationInvalid)
                        .for_field("outcome")
                        .arg_zh_en("reason", "请选择裁判结果。", "Choose the outcome.")
                })?,
            }
        };
        litigation::record_as(&st.db, who, id, what).await
    }
    .await;
    Ok(match res {
        Ok(()) => Redirect::to("/litigation").into_response(),
        Err(e @ (Error::Invalid { .. } | Error::Conflict { .. })) => {
            let m = msg(&ctx, &e);
            let mut resp =
                render(&litigation_view(&st, &ctx, SuitForm::default(), Some(m)).await?)?;
            *resp.status_mut() = status_of(&e);
            resp
        }
        Err(e) => return Err(e.into()),
    })
}
