//! Proposal pages: list, new (add / change / cancel), record with the actions the caller may
//! take (submit, withdraw; approve or return for the Justice Bureau).

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use fazhi_core::auth::Permission;
use fazhi_core::org::list_departments;
use fazhi_core::powers::{
    BasisText, Category, NewProposal, PowerItem, ProposalKind, ProposalQuery, ProposalRow,
    ProposalStatus, ReasonKind, basis_texts, create_proposal, get_item, get_proposal,
    list_proposals, review_proposal, submit_proposal, withdraw_proposal,
};
use fazhi_core::{Code, Error, Result};
use serde::Deserialize;

use super::{category_options, proposal_tag};
use crate::ctx::{Ctx, enc};
use crate::error::Page;
use crate::error::render;
use crate::org::{DeptOption, dept_options};
use crate::shell::{Pager, Shell};
use crate::state::AppState;

#[derive(Debug, Deserialize, Default)]
pub struct ProposalParams {
    #[serde(default)]
    status: String,
    #[serde(default)]
    page: String,
}

pub struct ProposalView {
    pub id: i64,
    pub kind: String,
    pub code: String,
    pub name: String,
    pub department: String,
    pub reason_kind: String,
    pub reason: String,
    pub origin: String,
    pub status_kind: &'static str,
    pub status_text: String,
    pub version: String,
}

fn view(p: &ProposalRow, lang: &str) -> ProposalView {
    ProposalView {
        id: p.id,
        kind: p.kind.label(lang).into(),
        code: p.item_code.clone(),
        name: p.item_name.clone(),
        department: p.department.clone(),
        reason_kind: p.reason_kind.label(lang).into(),
        reason: p.reason.clone(),
        origin: match p.origin.as_str() {
            "auto" => {
                if lang == "en" {
                    "Law change"
                } else {
                    "法规变化自动发起"
                }
            }
            "import" => {
                if lang == "en" {
                    "Excel import"
                } else {
                    "Excel 导入"
                }
            }
            _ => "",
        }
        .into(),
        status_kind: proposal_tag(p.status),
        status_text: p.status.label(lang).into(),
        version: p.version_number.map(|n| n.to_string()).unwrap_or_default(),
    }
}

#[derive(askama::Template)]
#[template(path = "powers/proposals.html")]
struct ProposalsPage {
    shell: Shell,
    status: String,
    statuses: Vec<(&'static str, &'static str)>,
    rows: Vec<ProposalView>,
    pager: Pager,
    can_propose: bool,
}

/// `GET /powers/proposals`.
pub async fn proposals_page(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(p): Query<ProposalParams>,
) -> Page {
    let who = ctx.user()?;
    let page = list_proposals(
        &st.db,
        who,
        &ProposalQuery {
            status: ProposalStatus::parse(&p.status),
            department_id: None,
            page: p.page.parse().unwrap_or(1),
            page_size: 20,
        },
    )
    .await?;
    let status = p.status.clone();
    Ok(render(&ProposalsPage {
        shell: Shell::new(
            &ctx,
            ("调整申请", "Adjustments"),
            &[("权责清单", "Power list", None)],
        ),
        statuses: ProposalStatus::ALL
            .iter()
            .map(|s| (s.as_str(), s.label(ctx.lang)))
            .collect(),
        pager: Pager::new(page.total, page.page, page.page_size, |n| {
            format!("/powers/proposals?status={}&page={n}", enc(&status))
        }),
        rows: page.rows.iter().map(|r| view(r, ctx.lang)).collect(),
        can_propose: who.role.can(Permission::ProposePowers),
        status: p.status,
    })?)
}

#[derive(Debug, Deserialize, Default)]
pub struct NewParams {
    #[serde(default)]
    item: String,
    #[serde(default)]
    kind: String,
}

/// The form's fields (also re-shown after an error).
#[derive(Debug, Deserialize, Default, Clone)]
pub struct ProposalForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    item_id: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    sub_items: String,
    #[serde(default)]
    department_id: String,
    #[serde(default)]
    basis: String,
    #[serde(default)]
    duties: String,
    #[serde(default)]
    accountability: String,
    #[serde(default)]
    remarks: String,
    #[serde(default)]
    reason_kind: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    evidence: String,
}

#[derive(askama::Template)]
#[template(path = "powers/proposal_new.html")]
struct NewPage {
    shell: Shell,
    f: ProposalForm,
    depts: Vec<DeptOption>,
    sel_dept: i64,
    categories: Vec<(&'static str, &'static str)>,
    reasons: Vec<(&'static str, &'static str)>,
    error: Option<String>,
    is_cancel: bool,
    is_add: bool,
}

fn new_view(
    ctx: &Ctx,
    st_depts: Vec<DeptOption>,
    f: ProposalForm,
    error: Option<String>,
) -> Result<Response> {
    let kind = ProposalKind::parse(&f.kind).unwrap_or(ProposalKind::Add);
    render(&NewPage {
        shell: Shell::new(
            ctx,
            ("新建调整申请", "New adjustment"),
            &[
                ("权责清单", "Power list", None),
                ("调整申请", "Adjustments", Some("/powers/proposals")),
                ("新建", "New", None),
            ],
        ),
        sel_dept: f.department_id.parse().unwrap_or(-1),
        depts: st_depts,
        categories: category_options(ctx.lang),
        reasons: ReasonKind::ALL
            .iter()
            .map(|r| (r.as_str(), r.label(ctx.lang)))
            .collect(),
        error,
        is_cancel: kind == ProposalKind::Cancel,
        is_add: kind == ProposalKind::Add,
        f,
    })
}

/// Departments the caller may propose for.
async fn own_depts(st: &AppState, ctx: &Ctx) -> Result<Vec<DeptOption>> {
    let who = ctx.user()?;
    let all = list_departments(&st.db, &who.region).await?;
    let mut out = Vec::new();
    for d in dept_options(&all, ctx.lang) {
        if who.covers_department(&st.db, d.id).await? {
            out.push(d);
        }
    }
    Ok(out)
}

/// `GET /powers/proposals/new?kind=add|change|cancel&item=ID`.
pub async fn new_page(ctx: Ctx, State(st): State<AppState>, Query(p): Query<NewParams>) -> Page {
    let who = ctx.user()?;
    let mut f = ProposalForm {
        kind: ProposalKind::parse(&p.kind)
            .unwrap_or(ProposalKind::Add)
            .as_str()
            .into(),
        reason_kind: "mandate".into(),
        ..Default::default()
    };
    if let Ok(id) = p.item.parse::<i64>() {
        let row = get_item(&st.db, who, id).await?;
        let i = row.item;
        f.item_id = id.to_string();
        f.code = i.code;
        f.name = i.name;
        f.category = i.category.as_str().into();
        f.sub_items = i.sub_items.join("\n");
        f.department_id = i.department_id.to_string();
        f.basis = i.basis_citation;
        f.duties = i.duties;
        f.accountability = i.accountability;
        f.remarks = i.remarks;
        if f.kind == "add" {
            f.kind = "change".into();
        }
    }
    Ok(new_view(&ctx, own_depts(&st, &ctx).await?, f, None)?)
}

fn form_to_proposal(f: &ProposalForm, existing: Option<PowerItem>) -> Result<NewProposal> {
    let kind = ProposalKind::parse(&f.kind).ok_or_else(|| {
        Error::of(Code::PowersKind).for_field("kind").arg_zh_en(
            "reason",
            "请选择调整类型。",
            "Choose the kind of adjustment.",
        )
    })?;
    let item_id = f.item_id.parse::<i64>().ok();
    let body = if kind == ProposalKind::Cancel {
        None
    } else {
        let category = Category::parse(&f.category)
            .ok_or_else(|| Error::of(Code::PowersCategory).for_field("category"))?;
        let department_id = f.department_id.parse::<i64>().map_err(|_| {
            Error::of(Code::PowersDepartment)
                .for_field("department_id")
                .arg_zh_en("reason", "请选择实施主体。", "Choose the department.")
        })?;
        Some(PowerItem {
            code: f.code.clone(),
            name: f.name.clone(),
            category,
            sub_items: f
                .sub_items
                .lines()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            department_id,
            department: String::new(),
            basis: Vec::new(),
            basis_citation: f.basis.clone(),
            duties: f.duties.trim().into(),
            accountability: f.accountability.trim().into(),
            remarks: f.remarks.trim().into(),
            // The form edits the list's columns; violations and tiers stay as they were
            // (the API edits them).
            violations: existing.map(|e| e.violations).unwrap_or_default(),
        })
    };
    Ok(NewProposal {
        kind,
        item_id,
        body,
        reason_kind: ReasonKind::parse(&f.reason_kind).unwrap_or(ReasonKind::Mandate),
        reason: f.reason.clone(),
        evidence: f.evidence.clone(),
    })
}

/// `POST /powers/proposals`: creates a draft.
pub async fn create(ctx: Ctx, State(st): State<AppState>, Form(f): Form<ProposalForm>) -> Page {
    let who = ctx.user()?;
    let existing = match f.item_id.parse::<i64>() {
        Ok(id) => Some(get_item(&st.db, who, id).await?.item),
        Err(_) => None,
    };
    let res = match form_to_proposal(&f, existing) {
        Ok(p) => create_proposal(&st.db, &st.corpus(), who, &p).await,
        Err(e) => Err(e),
    };
    Ok(match res {
        Ok(id) => {
            Ok(Redirect::to(&format!("/powers/proposals/{id}?flash=created")).into_response())
        }
        Err(e @ (Error::Invalid { .. } | Error::Conflict { .. })) => {
            let msg = ctx.t(&e.message_zh(), &e.message_en()).to_string();
            let status = crate::error::status_of(&e);
            Ok((
                status,
                new_view(&ctx, own_depts(&st, &ctx).await?, f, Some(msg))?,
            )
                .into_response())
        }
        Err(e) => Err(e),
    }?)
}

#[derive(askama::Template)]
#[template(path = "powers/proposal.html")]
struct ProposalPage {
    shell: Shell,
    p: ProposalRow,
    v: ProposalView,
    category: String,
    basis: Vec<BasisText>,
    can_submit: bool,
    can_withdraw: bool,
    can_review: bool,
}

/// `GET /powers/proposals/{id}`.
pub async fn proposal_page(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> Page {
    let who = ctx.user()?;
    let p = get_proposal(&st.db, who, id).await?;
    let propose = who.role.can(Permission::ProposePowers);
    let title = format!("调整申请第 {id} 号");
    let title_en = format!("Adjustment no. {id}");
    Ok(render(&ProposalPage {
        shell: Shell::new(
            &ctx,
            (title.as_str(), title_en.as_str()),
            &[
                ("权责清单", "Power list", None),
                ("调整申请", "Adjustments", Some("/powers/proposals")),
                (title.as_str(), title_en.as_str(), None),
            ],
        ),
        v: view(&p, ctx.lang),
        category: p
            .body
            .as_ref()
            .map(|b| b.category.label(ctx.lang).to_string())
            .unwrap_or_default(),
        basis: p
            .body
            .as_ref()
            .map(|b| basis_texts(&st.corpus(), &b.basis))
            .unwrap_or_default(),
        can_submit: propose && matches!(p.status, ProposalStatus::Draft | ProposalStatus::Returned),
        can_withdraw: propose
            && matches!(
                p.status,
                ProposalStatus::Draft | ProposalStatus::Returned | ProposalStatus::Submitted
            ),
        can_review: who.role.can(Permission::ReviewPowers) && p.status == ProposalStatus::Submitted,
        p,
    })?)
}

#[derive(Debug, Deserialize)]
pub struct ActionForm {
    action: String,
    #[serde(default)]
    note: String,
}

/// `POST /powers/proposals/{id}/action`: submit, withdraw, approve, return.
pub async fn action(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<ActionForm>,
) -> Page {
    let who = ctx.user()?;
    match f.action.as_str() {
        "submit" => submit_proposal(&st.db, who, id).await?,
        "withdraw" => withdraw_proposal(&st.db, who, id).await?,
        "approve" => review_proposal(&st.db, who, id, true, &f.note).await?,
        "return" => review_proposal(&st.db, who, id, false, &f.note).await?,
        _ => {
            return Err(Error::of(Code::PowersAction).for_field("action").into());
        }
    }
    Ok(Redirect::to(&format!("/powers/proposals/{id}?flash=updated")).into_response())
}
