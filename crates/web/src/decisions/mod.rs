//! 重大行政决策 pages: the year's catalogue (a body proposes items; the Justice Bureau lists
//! them, records the Party committee's agreement and publishes), the decisions with their five
//! procedures as step forms, the counsel's opinions beside the legality review, the published
//! catalogue and decisions on the portal, and the year's figures in JSON. Role and data scope are
//! checked by the route table and again by the core on every read and write.

use axum::Form;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use chrono::NaiveDate;
use fazhi_core::auth::{DataScope, Permission};
use fazhi_core::counsel::{self, SubjectKind};
use fazhi_core::decisions::catalogue::{self, Catalogue, Item, NewItem};
use fazhi_core::decisions::records::{self, Decision, Dossier};
use fazhi_core::decisions::rules::{Category, Position, ReviewConclusion, Speech, Trigger};
use fazhi_core::decisions::stats::{self, DecisionStats};
use fazhi_core::decisions::workflow::{self, NewDecision, Step, StepDef};
use fazhi_core::org::list_departments;
use fazhi_core::time::today;
use fazhi_core::{BINHAI_REGION, Code, Error, Result};
use serde::Deserialize;

use crate::ctx::Ctx;
use crate::error::{ApiError, Page, render, status_of};
use crate::org::{DeptOption, dept_options};
use crate::routes::{Access as A, NavGroup as N, Route, ScopeRule as S};
use crate::shell::Shell;
use crate::state::AppState;

pub fn routes() -> Vec<Route> {
    use Permission as P;
    vec![
        Route::get(
            "/decisions",
            A::Perm(P::ViewDecisions),
            S::DataScope,
            list_page,
        )
        .nav(N::LegalAffairs, "重大行政决策", "Major decisions"),
        Route::post(
            "/decisions/items",
            A::Perm(P::ProposeDecisions),
            S::DataScope,
            propose_submit,
        ),
        Route::post(
            "/decisions/items/{id}/settle",
            A::District(P::ReviewDecisions),
            S::DataScope,
            settle_submit,
        ),
        Route::post(
            "/decisions/items/{id}/start",
            A::Perm(P::ProposeDecisions),
            S::DataScope,
            start_submit,
        ),
        Route::post(
            "/decisions/catalogue",
            A::District(P::ReviewDecisions),
            S::DataScope,
            catalogue_submit,
        ),
        Route::get(
            "/decisions/{id}",
            A::Perm(P::ViewDecisions),
            S::DataScope,
            detail_page,
        ),
        Route::post(
            "/decisions/{id}/step",
            A::AnyOf(&[P::ProposeDecisions, P::ReviewDecisions]),
            S::DataScope,
            step_submit,
        ),
        Route::get("/portal/decisions", A::Public, S::Open, portal_page).nav(
            N::Public,
            "重大行政决策公开",
            "Major decisions",
        ),
        Route::get(
            "/api/v1/decisions/stats",
            A::District(P::ViewDecisions),
            S::DataScope,
            api_stats,
        ),
        Route::get(
            "/api/v1/decisions/{id}",
            A::Perm(P::ViewDecisions),
            S::DataScope,
            api_one,
        ),
    ]
}

fn crumbs() -> [(&'static str, &'static str, Option<&'static str>); 1] {
    [("重大行政决策", "Major decisions", Some("/decisions"))]
}

pub(crate) fn msg(ctx: &Ctx, e: &Error) -> String {
    if ctx.lang == "en" {
        e.message_en()
    } else {
        e.message_zh()
    }
}

fn bad(field: &'static str, zh: &str, en: &str) -> Error {
    Error::of(Code::DecisionsInvalid)
        .for_field(field)
        .arg_zh_en("reason", zh.to_string(), en.to_string())
}

pub(crate) fn date(s: &str, field: &'static str) -> Result<NaiveDate> {
    s.trim().parse().map_err(|_| {
        Error::of(Code::DecisionsInvalid)
            .for_field(field)
            .arg_zh_en(
                "reason",
                format!("日期格式应为 YYYY-MM-DD（{field}）。"),
                format!("Dates are YYYY-MM-DD ({field})."),
            )
    })
}

#[derive(Deserialize, Default)]
pub struct YearQuery {
    #[serde(default)]
    year: Option<i32>,
}

/// The demo and the report speak of the year before the current one until its report is out;
/// the page opens on the current year unless told.
fn year_or_now(y: Option<i32>) -> i32 {
    y.filter(|y| (2019..=9999).contains(y))
        .unwrap_or_else(|| chrono::Datelike::year(&today()))
}

struct ItemLine {
    it: Item,
    status: String,
    category: String,
    decision: Option<i64>,
}

#[derive(askama::Template)]
#[template(path = "decisions/list.html")]
struct ListPage {
    shell: Shell,
    year: i32,
    catalogue: Option<Catalogue>,
    items: Vec<ItemLine>,
    decisions: Vec<(Decision, String)>,
    s: Option<DecisionStats>,
    can_propose: bool,
    can_review: bool,
    depts: Vec<DeptOption>,
    categories: Vec<(&'static str, &'static str)>,
    today: String,
    error: Option<String>,
}

async fn list_view(st: &AppState, ctx: &Ctx, year: i32, error: Option<String>) -> Result<ListPage> {
    let who = ctx.user()?;
    let items = catalogue::items(&st.db, who, year, None).await?;
    let (decisions, _) = records::list(&st.db, who, None, 200, 0).await?;
    let district = who.scope == DataScope::District;
    let all = list_departments(&st.db, BINHAI_REGION).await?;
    let mut depts = dept_options(&all, ctx.lang);
    if !district {
        let mut mine = Vec::new();
        for d in depts {
            if who.covers_department(&st.db, d.id).await? {
                mine.push(d);
            }
        }
        depts = mine;
    }
    Ok(ListPage {
        shell: Shell::new(ctx, ("重大行政决策", "Major decisions"), &[]),
        year,
        catalogue: catalogue::catalogue(&st.db, &who.region, year).await?,
        items: items
            .into_iter()
            .map(|it| ItemLine {
                status: it.status.label(ctx.lang).to_string(),
                category: it.category.label(ctx.lang).to_string(),
                decision: decisions.iter().find(|d| d.item_id == it.id).map(|d| d.id),
                it,
            })
            .collect(),
        decisions: decisions
            .into_iter()
            .map(|d| {
                let s = d.status.label(ctx.lang).to_string();
                (d, s)
            })
            .collect(),
        s: if district {
            Some(stats::year(&st.db, &who.region, year).await?)
        } else {
            None
        },
        can_propose: who.role.can(Permission::ProposeDecisions),
        can_review: district && who.role.can(Permission::ReviewDecisions),
        depts,
        categories: Category::ALL
            .iter()
            .map(|c| (c.as_str(), c.label(ctx.lang)))
            .collect(),
        today: today().to_string(),
        error,
    })
}

/// `GET /decisions?year=Y`: the catalogue and the decisions in the caller's scope.
async fn list_page(ctx: Ctx, State(st): State<AppState>, Query(q): Query<YearQuery>) -> Page {
    Ok(render(
        &list_view(&st, &ctx, year_or_now(q.year), None).await?,
    )?)
}

/// A refusal or bad input comes back on the list page with its reason; nothing was written.
async fn back_to_list(st: &AppState, ctx: &Ctx, year: i32, res: Result<()>) -> Page {
    Ok(match res {
        Ok(()) => Redirect::to(&format!("/decisions?year={year}")).into_response(),
        Err(e @ (Error::Invalid { .. } | Error::Conflict { .. })) => {
            let m = msg(ctx, &e);
            let mut resp = render(&list_view(st, ctx, year, Some(m)).await?)?;
            *resp.status_mut() = status_of(&e);
            resp
        }
        Err(e) => return Err(e.into()),
    })
}

#[derive(Deserialize, Default)]
pub struct ItemForm {
    #[serde(default)]
    year: String,
    #[serde(default)]
    department_id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    standard: String,
    #[serde(default)]
    planned: String,
}

/// `POST /decisions/items`: a body proposes an item for its own scope.
async fn propose_submit(ctx: Ctx, State(st): State<AppState>, Form(f): Form<ItemForm>) -> Page {
    let who = ctx.user()?;
    let year = f
        .year
        .trim()
        .parse::<i32>()
        .unwrap_or_else(|_| year_or_now(None));
    let res = async {
        let n = NewItem {
            year,
            department_id: f
                .department_id
                .trim()
                .parse()
                .map_err(|_| bad("department_id", "请选择承办单位。", "Choose the body."))?,
            title: f.title.clone(),
            category: Category::parse(&f.category)
                .ok_or_else(|| bad("category", "请选择事项类别。", "Choose the category."))?,
            standard: f.standard.clone(),
            planned: f.planned.clone(),
        };
        catalogue::propose(&st.db, who, &n).await.map(|_| ())
    }
    .await;
    back_to_list(&st, &ctx, year_or_now(Some(year)), res).await
}

#[derive(Deserialize, Default)]
pub struct SettleForm {
    #[serde(default)]
    on: String,
    #[serde(default)]
    listed: String,
    #[serde(default)]
    note: String,
}

/// `POST /decisions/items/{id}/settle`: the Justice Bureau lists or declines a proposal.
async fn settle_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<SettleForm>,
) -> Page {
    let who = ctx.user()?;
    let it = catalogue::item(&st.db, who, id).await?;
    let res = async {
        let on = date(&f.on, "on")?;
        catalogue::settle(&st.db, who, id, on, f.listed == "1", &f.note).await
    }
    .await;
    back_to_list(&st, &ctx, it.year, res).await
}

#[derive(Deserialize, Default)]
pub struct CatalogueForm {
    #[serde(default)]
    year: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    on: String,
    #[serde(default)]
    note: String,
}

/// `POST /decisions/catalogue`: records the Party committee's agreement, or publishes.
async fn catalogue_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Form(f): Form<CatalogueForm>,
) -> Page {
    let who = ctx.user()?;
    let year = year_or_now(f.year.trim().parse().ok());
    let res = async {
        let on = date(&f.on, "on")?;
        match f.action.as_str() {
            "approve" => catalogue::approve(&st.db, who, year, on, &f.note).await,
            "publish" => catalogue::publish(&st.db, who, year, on).await.map(|_| ()),
            _ => Err(bad("action", "未知的操作。", "Unknown action.")),
        }
    }
    .await;
    back_to_list(&st, &ctx, year, res).await
}

#[derive(Deserialize, Default)]
pub struct StartForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    closed: Option<String>,
    #[serde(default)]
    closed_reason: String,
    #[serde(default)]
    technical: Option<String>,
    #[serde(default)]
    risky: Option<String>,
    #[serde(default)]
    on: String,
}

/// `POST /decisions/items/{id}/start`: the undertaking body starts the decision on its item.
async fn start_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<StartForm>,
) -> Page {
    let who = ctx.user()?;
    let it = catalogue::item(&st.db, who, id).await?;
    let res = async {
        let n = NewDecision {
            item_id: id,
            title: if f.title.trim().is_empty() {
                it.title.clone()
            } else {
                f.title.clone()
            },
            summary: f.summary.clone(),
            open_to_public: f.closed.is_none(),
            closed_reason: f.closed_reason.clone(),
            technical: f.technical.is_some(),
            risky: f.risky.is_some(),
            started_on: date(&f.on, "on")?,
        };
        workflow::start(&st.db, who, &n).await
    }
    .await;
    match res {
        Ok(did) => Ok(Redirect::to(&format!("/decisions/{did}")).into_response()),
        Err(e) => back_to_list(&st, &ctx, it.year, Err(e)).await,
    }
}

#[derive(askama::Template)]
#[template(path = "decisions/detail.html")]
pub(crate) struct DetailPage {
    shell: Shell,
    d: Dossier,
    status: String,
    review: String,
    offers: Vec<&'static StepDef>,
    opinions: Vec<counsel::opinions::Opinion>,
    assigned: Vec<counsel::opinions::Assignment>,
    counsel: Vec<(i64, String)>,
    can_counsel: bool,
    conclusions: Vec<(&'static str, &'static str)>,
    triggers: Vec<(&'static str, &'static str)>,
    today: String,
    error: Option<String>,
}

pub(crate) async fn detail_view(
    st: &AppState,
    ctx: &Ctx,
    id: i64,
    error: Option<String>,
) -> Result<DetailPage> {
    let who = ctx.user()?;
    let d = records::dossier(&st.db, who, id).await?;
    let can_counsel = who.role.can(Permission::ManageCounsel) && who.scope == DataScope::District;
    let counsel = if can_counsel {
        counsel::registry::list(&st.db, who, None, None, 500, 0)
            .await?
            .0
            .into_iter()
            .map(|c| {
                (
                    c.id,
                    format!("{}（{}，{}）", c.name, c.kind.label(ctx.lang), c.department),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let m = &d.decision;
    Ok(DetailPage {
        shell: Shell::new(ctx, (&m.title, &m.title), &crumbs()),
        status: m.status.label(ctx.lang).to_string(),
        review: m
            .review_conclusion
            .map(|c| c.label(ctx.lang).to_string())
            .unwrap_or_default(),
        offers: workflow::offers(m, who),
        opinions: counsel::opinions::for_subject(&st.db, &who.region, SubjectKind::Decision, id)
            .await?,
        assigned: counsel::opinions::assignments_for(
            &st.db,
            &who.region,
            SubjectKind::Decision,
            id,
        )
        .await?,
        counsel,
        can_counsel,
        conclusions: ReviewConclusion::ALL
            .iter()
            .map(|c| (c.as_str(), c.label(ctx.lang)))
            .collect(),
        triggers: Trigger::ALL
            .iter()
            .map(|c| (c.as_str(), c.label(ctx.lang)))
            .collect(),
        today: today().to_string(),
        error,
        d,
    })
}

/// `GET /decisions/{id}`.
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
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    short_reason: String,
    #[serde(default)]
    received: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    names: String,
    #[serde(default)]
    hearing_on: String,
    #[serde(default)]
    materials_on: String,
    #[serde(default)]
    confirmed: Option<String>,
    #[serde(default)]
    independent: Option<String>,
    #[serde(default)]
    controllable: Option<String>,
    #[serde(default)]
    needed_by: String,
    #[serde(default)]
    conclusion: String,
    #[serde(default)]
    meeting_kind: String,
    #[serde(default)]
    speeches: String,
    #[serde(default)]
    adopted: String,
    #[serde(default)]
    head_reason: String,
    #[serde(default)]
    dissent: String,
    #[serde(default)]
    trigger: String,
}

/// The discussion record: one speech per line, `发言人|立场|意见`, the head's line marked with a
/// leading `*`.
fn parse_speeches(s: &str) -> Result<Vec<Speech>> {
    let mut out = Vec::new();
    for line in s.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let parts: Vec<&str> = line.split(['|', '｜']).map(str::trim).collect();
        if parts.len() < 2 {
            return Err(bad(
                "speeches",
                "每行一位发言人：发言人|立场|意见（行政首长行首加 *）。",
                "One speaker per line: name|position|opinion (mark the head with a leading *).",
            ));
        }
        let (is_head, speaker) = match parts[0].strip_prefix('*') {
            Some(rest) => (true, rest.trim().to_string()),
            None => (false, parts[0].to_string()),
        };
        let position = Position::parse(parts[1]).ok_or_else(|| {
            bad(
                "speeches",
                "立场须为“同意”“不同意”或“保留意见”。",
                "The position is agree, disagree or abstain.",
            )
        })?;
        out.push(Speech {
            speaker,
            is_head,
            position,
            opinion: parts.get(2).map(|s| s.to_string()).unwrap_or_default(),
        });
    }
    Ok(out)
}

impl StepForm {
    fn to_step(&self) -> Result<(NaiveDate, Step)> {
        let on = date(&self.on, "on")?;
        let step = match self.step.as_str() {
            "participate" => Step::Participate {
                from: date(&self.from, "from")?,
                to: date(&self.to, "to")?,
                short_reason: self.short_reason.clone(),
                received: match self.received.trim() {
                    "" => 0,
                    s => s.parse().map_err(|_| {
                        bad(
                            "received",
                            "意见条数须为整数。",
                            "The count is a whole number.",
                        )
                    })?,
                },
                adoption: self.text.clone(),
            },
            "hearing" => Step::Hearing {
                hearing_on: date(&self.hearing_on, "hearing_on")?,
                materials_on: date(&self.materials_on, "materials_on")?,
                record_signed: self.confirmed.is_some(),
            },
            "experts" => Step::Experts {
                experts: self.names.clone(),
                opinion: self.text.clone(),
                signed: self.confirmed.is_some(),
                no_interest: self.independent.is_some(),
            },
            "risk" => Step::Risk {
                assessor: self.names.clone(),
                report: self.text.clone(),
                controllable: self.controllable.is_some(),
            },
            "submit_review" => Step::SubmitReview {
                needed_by: date(&self.needed_by, "needed_by")?,
            },
            "return_review" => Step::ReturnReview {
                reason: self.text.clone(),
            },
            "review" => Step::Review {
                conclusion: ReviewConclusion::parse(&self.conclusion).ok_or_else(|| {
                    bad("conclusion", "请选择审查结论。", "Choose the conclusion.")
                })?,
                opinion: self.text.clone(),
            },
            "decide" => Step::Decide {
                meeting_kind: self.meeting_kind.clone(),
                speeches: parse_speeches(&self.speeches)?,
                adopted: self.adopted != "0",
                head_reason: self.head_reason.clone(),
                dissent: self.dissent.clone(),
            },
            "publish" => Step::Publish {
                channel: self.names.clone(),
                party_reported_on: date(&self.hearing_on, "party_reported_on")?,
            },
            "archive" => Step::Archive,
            "evaluate" => Step::Evaluate {
                trigger: Trigger::parse(&self.trigger)
                    .ok_or_else(|| bad("trigger", "请选择评估情形。", "Choose the trigger."))?,
                evaluator: self.names.clone(),
                conclusion: self.text.clone(),
            },
            _ => return Err(bad("step", "未知的办理事项。", "Unknown step.")),
        };
        Ok((on, step))
    }
}

/// `POST /decisions/{id}/step`: one step; a refusal comes back on the page with its article and
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
        workflow::act(&st.db, who, &st.calendar(), id, on, step).await
    }
    .await;
    Ok(match res {
        Ok(_) => Redirect::to(&format!("/decisions/{id}")).into_response(),
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
#[template(path = "decisions/portal.html")]
struct PortalPage {
    shell: Shell,
    year: i32,
    catalogue: Option<Catalogue>,
    items: Vec<(Item, String)>,
    decisions: Vec<records::PublishedDecision>,
}

/// `GET /portal/decisions?year=Y`: the published catalogue (第三条 第三款) and the published
/// decisions (第三十二条).
async fn portal_page(ctx: Ctx, State(st): State<AppState>, Query(q): Query<YearQuery>) -> Page {
    let year = year_or_now(q.year);
    let c = catalogue::catalogue(&st.db, BINHAI_REGION, year)
        .await?
        .filter(|c| c.published_on.is_some());
    let items = if c.is_some() {
        catalogue::published_items(&st.db, BINHAI_REGION, year).await?
    } else {
        Vec::new()
    };
    let mut shell = Shell::new(
        &ctx,
        ("重大行政决策公开", "Major administrative decisions"),
        &[("首页", "Home", Some("/portal"))],
    );
    shell.user = None;
    Ok(render(&PortalPage {
        shell,
        year,
        catalogue: c,
        items: items
            .into_iter()
            .map(|it| {
                let cat = it.category.label(ctx.lang).to_string();
                (it, cat)
            })
            .collect(),
        decisions: records::published(&st.db, BINHAI_REGION).await?,
    })?)
}

#[derive(Deserialize)]
pub struct StatsQuery {
    year: i32,
}

/// `GET /api/v1/decisions/stats?year=2024`.
async fn api_stats(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(q): Query<StatsQuery>,
) -> std::result::Result<Json<DecisionStats>, ApiError> {
    let who = ctx.user()?;
    Ok(Json(stats::year(&st.db, &who.region, q.year).await?))
}

/// `GET /api/v1/decisions/{id}`: one decision's dossier in the caller's scope.
async fn api_one(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
) -> std::result::Result<Json<Dossier>, ApiError> {
    let who = ctx.user()?;
    Ok(Json(records::dossier(&st.db, who, id).await?))
}

#[cfg(test)]
mod tests {
    #[test]
    fn speeches_parse_with_the_head_marked() {
        let s =
            super::parse_speeches("甲|同意|好\n乙｜不同意｜资金不明\n*区长|同意|通过").expect("ok");
        assert_eq!(s.len(), 3);
        assert!(s[2].is_head && !s[0].is_head);
        assert!(super::parse_speeches("甲").is_err());
        assert!(super::parse_speeches("甲|也许").is_err());
    }
}
