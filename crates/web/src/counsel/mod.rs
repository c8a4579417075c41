//! 法律顾问、公职律师 pages: the registry by body with the figures, registration of counsel
//! (the Justice Bureau), assignments of matters and their written opinions (posted from the
//! subject's page), and the year's figures in JSON. Role and data scope are checked by the route
//! table and again by the core on every read and write.

use axum::Form;
use axum::Json;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect};
use fazhi_core::auth::{DataScope, Permission};
use fazhi_core::counsel::registry::{self, BodyFigures, Counsel};
use fazhi_core::counsel::stats::{self, CounselStats};
use fazhi_core::counsel::{Kind, NewCounsel, SubjectKind, opinions};
use fazhi_core::org::list_departments;
use fazhi_core::time::today;
use fazhi_core::{BINHAI_REGION, Code, Error, Result};
use serde::Deserialize;

use crate::ctx::Ctx;
use crate::decisions::{date, msg};
use crate::error::{ApiError, Page, render, status_of};
use crate::org::{DeptOption, dept_options};
use crate::routes::{Access as A, NavGroup as N, Route, ScopeRule as S};
use crate::shell::{Pager, Shell};
use crate::state::AppState;

pub fn routes() -> Vec<Route> {
    use Permission as P;
    vec![
        Route::get("/counsel", A::Perm(P::ViewCounsel), S::DataScope, list_page).nav(
            N::LegalAffairs,
            "法律顾问、公职律师",
            "Legal counsel",
        ),
        Route::post(
            "/counsel",
            A::District(P::ManageCounsel),
            S::DataScope,
            register_submit,
        ),
        Route::post(
            "/counsel/assign",
            A::District(P::ManageCounsel),
            S::DataScope,
            assign_submit,
        ),
        Route::post(
            "/counsel/opinion",
            A::District(P::ManageCounsel),
            S::DataScope,
            opinion_submit,
        ),
        Route::get(
            "/api/v1/counsel/stats",
            A::District(P::ViewCounsel),
            S::DataScope,
            api_stats,
        ),
    ]
}

fn bad(field: &'static str, zh: &str, en: &str) -> Error {
    Error::of(Code::CounselInvalid).for_field(field).arg_zh_en(
        "reason",
        zh.to_string(),
        en.to_string(),
    )
}

#[derive(askama::Template)]
#[template(path = "counsel/list.html")]
struct ListPage {
    shell: Shell,
    figures: Vec<BodyFigures>,
    s: Option<CounselStats>,
    rows: Vec<(Counsel, String)>,
    pager: Pager,
    kinds: Vec<(&'static str, &'static str)>,
    sel_kind: String,
    sel_dept: i64,
    depts: Vec<DeptOption>,
    can_manage: bool,
    today: String,
    error: Option<String>,
}

#[derive(Deserialize, Default, Clone)]
pub struct ListQuery {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    department: Option<i64>,
    #[serde(default)]
    page: Option<i64>,
}

async fn list_view(
    st: &AppState,
    ctx: &Ctx,
    q: ListQuery,
    error: Option<String>,
) -> Result<ListPage> {
    let who = ctx.user()?;
    let page = q.page.unwrap_or(1).max(1);
    let size = 100;
    let kind = Kind::parse(&q.kind);
    let (rows, total) =
        registry::list(&st.db, who, kind, q.department, size, (page - 1) * size).await?;
    let on = today();
    let district = who.scope == DataScope::District;
    let all = list_departments(&st.db, BINHAI_REGION).await?;
    let (sel_kind, sel_dept) = (q.kind.clone(), q.department.unwrap_or(0));
    Ok(ListPage {
        shell: Shell::new(ctx, ("法律顾问、公职律师", "Legal counsel"), &[]),
        figures: registry::by_body(&st.db, who, on).await?,
        s: if district {
            Some(stats::year(&st.db, &who.region, chrono::Datelike::year(&on)).await?)
        } else {
            None
        },
        rows: rows
            .into_iter()
            .map(|c| {
                let k = c.kind.label(ctx.lang).to_string();
                (c, k)
            })
            .collect(),
        pager: Pager::new(total, page, size, |n| {
            format!("/counsel?kind={sel_kind}&department={sel_dept}&page={n}")
        }),
        kinds: Kind::ALL
            .iter()
            .map(|k| (k.as_str(), k.label(ctx.lang)))
            .collect(),
        sel_kind: q.kind,
        sel_dept,
        depts: dept_options(&all, ctx.lang),
        can_manage: district && who.role.can(Permission::ManageCounsel),
        today: on.to_string(),
        error,
    })
}

/// `GET /counsel`: counsel in office by body and the registry, in the caller's scope.
async fn list_page(ctx: Ctx, State(st): State<AppState>, Query(q): Query<ListQuery>) -> Page {
    Ok(render(&list_view(&st, &ctx, q, None).await?)?)
}

#[derive(Deserialize, Default)]
pub struct RegisterForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    qualification_no: String,
    #[serde(default)]
    licence_no: String,
    #[serde(default)]
    firm: String,
    #[serde(default)]
    specialty: String,
    #[serde(default)]
    department_id: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
}

/// `POST /counsel`: registers a counsel with the first appointment.
async fn register_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Form(f): Form<RegisterForm>,
) -> Page {
    let who = ctx.user()?;
    let res = async {
        let n = NewCounsel {
            kind: Kind::parse(&f.kind)
                .ok_or_else(|| bad("kind", "请选择类别。", "Choose the kind."))?,
            name: f.name.clone(),
            qualification_no: f.qualification_no.clone(),
            licence_no: f.licence_no.clone(),
            firm: f.firm.clone(),
            specialty: f.specialty.clone(),
            department_id: f
                .department_id
                .trim()
                .parse()
                .map_err(|_| bad("department_id", "请选择单位。", "Choose the body."))?,
            starts_on: date(&f.starts_on, "starts_on")?,
            ends_on: match f.ends_on.trim() {
                "" => None,
                s => Some(date(s, "ends_on")?),
            },
        };
        registry::register(&st.db, who, &n).await.map(|_| ())
    }
    .await;
    back(&st, &ctx, "/counsel".into(), res, None).await
}

/// Back to where the form was: the counsel page, or the subject's page with the reason.
async fn back(
    st: &AppState,
    ctx: &Ctx,
    to: String,
    res: Result<()>,
    decision: Option<i64>,
) -> Page {
    Ok(match res {
        Ok(()) => Redirect::to(&to).into_response(),
        Err(e @ (Error::Invalid { .. } | Error::Conflict { .. })) => {
            let m = msg(ctx, &e);
            let mut resp = match decision {
                Some(id) => render(&crate::decisions::detail_view(st, ctx, id, Some(m)).await?)?,
                None => render(&list_view(st, ctx, ListQuery::default(), Some(m)).await?)?,
            };
            *resp.status_mut() = status_of(&e);
            resp
        }
        Err(e) => return Err(e.into()),
    })
}

#[derive(Deserialize, Default)]
pub struct SubjectForm {
    #[serde(default)]
    subject_kind: String,
    #[serde(default)]
    subject_id: String,
    #[serde(default)]
    counsel_id: String,
    #[serde(default)]
    on: String,
    #[serde(default)]
    opinion: String,
}

impl SubjectForm {
    fn parts(&self) -> Result<(SubjectKind, i64, i64, chrono::NaiveDate)> {
        let kind = SubjectKind::parse(&self.subject_kind).ok_or_else(|| {
            bad(
                "subject_kind",
                "未知的事项类别。",
                "Unknown kind of matter.",
            )
        })?;
        let id = self
            .subject_id
            .trim()
            .parse()
            .map_err(|_| bad("subject_id", "未知的事项。", "Unknown matter."))?;
        let counsel = self.counsel_id.trim().parse().map_err(|_| {
            bad(
                "counsel_id",
                "请选择法律顾问或公职律师。",
                "Choose the counsel.",
            )
        })?;
        Ok((kind, id, counsel, date(&self.on, "on")?))
    }

    fn page(&self) -> (String, Option<i64>) {
        match (
            self.subject_kind.as_str(),
            self.subject_id.trim().parse::<i64>(),
        ) {
            ("decision", Ok(id)) => (format!("/decisions/{id}"), Some(id)),
            _ => ("/counsel".into(), None),
        }
    }
}

/// `POST /counsel/assign`: assigns counsel to a matter (from the matter's page).
async fn assign_submit(ctx: Ctx, State(st): State<AppState>, Form(f): Form<SubjectForm>) -> Page {
    let who = ctx.user()?;
    let res = async {
        let (kind, id, counsel, on) = f.parts()?;
        opinions::assign(&st.db, who, counsel, kind, id, on).await
    }
    .await;
    let (to, decision) = f.page();
    back(&st, &ctx, to, res, decision).await
}

/// `POST /counsel/opinion`: records an assigned counsel's written opinion.
async fn opinion_submit(ctx: Ctx, State(st): State<AppState>, Form(f): Form<SubjectForm>) -> Page {
    let who = ctx.user()?;
    let res = async {
        let (kind, id, counsel, on) = f.parts()?;
        opinions::give(&st.db, who, counsel, kind, id, on, &f.opinion)
            .await
            .map(|_| ())
    }
    .await;
    let (to, decision) = f.page();
    back(&st, &ctx, to, res, decision).await
}

#[derive(Deserialize)]
pub struct StatsQuery {
    year: i32,
}

/// `GET /api/v1/counsel/stats?year=2024`.
async fn api_stats(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(q): Query<StatsQuery>,
) -> std::result::Result<Json<CounselStats>, ApiError> {
    let who = ctx.user()?;
    Ok(Json(stats::year(&st.db, &who.region, q.year).await?))
}
