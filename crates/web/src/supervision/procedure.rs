//! Procedure parameters per body (行政处罚程序参数): what applies to a body on a day, with each
//! figure's source, and the Justice Bureau's form to enter one (fazhi_core::procedure).

use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect};
use fazhi_core::BINHAI_REGION;
use fazhi_core::auth::{DataScope, Permission};
use fazhi_core::org::list_departments;
use fazhi_core::procedure::{
    NewParam, Param, ParamKey, ParamRow, history, params_for, parse_value, set_param,
};
use fazhi_core::time::today;
use fazhi_core::{Code, Error, Result};
use serde::Deserialize;

use crate::ctx::{Ctx, enc};
use crate::error::{Page, render, status_of};
use crate::org::{DeptOption, dept_options};
use crate::routes::{Access as A, NavGroup as N, Route, ScopeRule as S};
use crate::shell::Shell;
use crate::state::AppState;

/// Routes of this part: everyone who works cases or supervises reads; the district Justice
/// Bureau enters.
pub fn routes() -> Vec<Route> {
    use Permission as P;
    vec![
        Route::get(
            "/supervision/procedure",
            A::AnyOf(&[P::ViewSupervision, P::ViewCases]),
            S::Open,
            page,
        )
        .nav(N::Supervision, "程序参数", "Procedure parameters"),
        Route::post(
            "/supervision/procedure",
            A::District(P::ManageSupervision),
            S::System,
            submit,
        ),
    ]
}

#[derive(Debug, Default, Deserialize, Clone)]
pub struct Params {
    #[serde(default)]
    department: String,
    #[serde(default)]
    on: String,
}

#[derive(Debug, Default, Deserialize, Clone)]
pub struct ParamForm {
    #[serde(default)]
    department: String,
    #[serde(default)]
    key: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    effective_from: String,
    #[serde(default)]
    source: String,
}

struct Line {
    label: String,
    value: String,
    source: String,
    verified: bool,
    from: String,
}

#[derive(askama::Template)]
#[template(path = "supervision/procedure.html")]
struct ProcedurePage {
    shell: Shell,
    depts: Vec<DeptOption>,
    sel: i64,
    on: String,
    lines: Vec<Line>,
    keys: Vec<(&'static str, &'static str)>,
    can_edit: bool,
    f: ParamForm,
    error: Option<String>,
    rows: Vec<ParamRow>,
}

fn line(p: &Param, lang: &str) -> Line {
    Line {
        label: p.key.label(lang).to_string(),
        value: p.display(lang),
        source: p.source.clone(),
        verified: p.verified,
        from: p.effective_from.clone().unwrap_or_default(),
    }
}

async fn view(
    st: &AppState,
    ctx: &Ctx,
    p: &Params,
    f: ParamForm,
    error: Option<String>,
) -> Result<ProcedurePage> {
    let who = ctx.user()?;
    let all = list_departments(&st.db, BINHAI_REGION).await?;
    let depts = dept_options(&all, ctx.lang);
    let sel = p
        .department
        .parse::<i64>()
        .ok()
        .filter(|id| depts.iter().any(|d| d.id == *id))
        .or(who.department_id)
        .or_else(|| depts.first().map(|d| d.id))
        .ok_or_else(|| Error::not_found("department"))?;
    let on = match p.on.trim() {
        "" => today(),
        s => s
            .parse()
            .map_err(|_| Error::of(Code::CasesDate).for_field("on"))?,
    };
    let params = params_for(&st.db, BINHAI_REGION, sel, on).await?;
    Ok(ProcedurePage {
        shell: Shell::new(
            ctx,
            ("程序参数", "Procedure parameters"),
            &[("执法监督", "Supervision", Some("/supervision"))],
        ),
        depts,
        sel,
        on: on.to_string(),
        lines: params.params.values().map(|x| line(x, ctx.lang)).collect(),
        keys: ParamKey::ALL
            .iter()
            .map(|k| (k.as_str(), k.label(ctx.lang)))
            .collect(),
        can_edit: who.role.can(Permission::ManageSupervision) && who.scope == DataScope::District,
        f,
        error,
        rows: history(&st.db, BINHAI_REGION).await?,
    })
}

/// `GET /supervision/procedure?department=&on=`.
pub async fn page(ctx: Ctx, State(st): State<AppState>, Query(p): Query<Params>) -> Page {
    let f = ParamForm {
        department: p.department.clone(),
        effective_from: today().to_string(),
        ..Default::default()
    };
    Ok(render(&view(&st, &ctx, &p, f, None).await?)?)
}

impl ParamForm {
    fn to_new(&self) -> Result<NewParam> {
        let key = ParamKey::parse(&self.key).ok_or_else(|| {
            Error::of(Code::ProcedureValue)
                .for_field("key")
                .arg("key", self.key.trim())
        })?;
        let department_id = match self.department.trim() {
            "" | "district" => None,
            s => Some(
                s.parse::<i64>()
                    .map_err(|_| Error::not_found("department"))?,
            ),
        };
        Ok(NewParam {
            department_id,
            key,
            value: parse_value(key, &self.value)?,
            effective_from: self
                .effective_from
                .trim()
                .parse()
                .map_err(|_| Error::of(Code::CasesDate).for_field("effective_from"))?,
            source: self.source.clone(),
        })
    }
}

/// `POST /supervision/procedure`: enters one value (audited); the page again with the refusal
/// and the typed values on a bad input.
pub async fn submit(ctx: Ctx, State(st): State<AppState>, Form(f): Form<ParamForm>) -> Page {
    let who = ctx.user()?;
    let res = async { set_param(&st.db, who, &f.to_new()?).await }.await;
    Ok(match res {
        Ok(_) => Redirect::to(&format!(
            "/supervision/procedure?department={}&saved=1",
            enc(&f.department)
        ))
        .into_response(),
        Err(e @ (Error::Invalid { .. } | Error::Conflict { .. })) => {
            let msg = if ctx.lang == "en" {
                e.message_en()
            } else {
                e.message_zh()
            };
            let p = Params {
                department: f.department.clone(),
                on: String::new(),
            };
            let mut resp = render(&view(&st, &ctx, &p, f, Some(msg)).await?)?;
            *resp.status_mut() = status_of(&e);
            resp
        }
        Err(e) => return Err(e.into()),
    })
}
