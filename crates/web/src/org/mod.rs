//! Pages of the organisation registry: enforcement bodies, officers, cards, import/export.

use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use fazhi_core::auth::Permission;
use fazhi_core::excel::{MAX_UPLOAD_BYTES, too_large, write_table};
use fazhi_core::org::{
    CardStatus, DepartmentRow, DeptKind, ImportReport, NewCard, NewDepartment, NewOfficer,
    OfficerDetail, OfficerListRow, OfficerQuery, OfficerSort, add_card, create_officer,
    export_officers, get_officer, import_officers, list_departments, list_officers,
    officer_template, record_training_for, register_department, set_card_status, tree_order,
};
use fazhi_core::org::{
    OfficerEdit, OfficerMove, PaymentDetails, PaymentDetailsRow, list_payment_details,
    move_officer, officer_moves, set_payment_details, update_officer,
};
use fazhi_core::{Code, Error, Result};
use serde::Deserialize;

use crate::ctx::{Ctx, enc};
use crate::error::Page;
use crate::error::render;
use crate::home::{DeadlineView, expiry_view};
use crate::routes::{Access as A, NavGroup as N, Route, ScopeRule as S};
use crate::shell::{Pager, Shell};
use crate::state::AppState;

/// A department as a `<select>` option or a tree row.
pub struct DeptOption {
    pub id: i64,
    pub name: String,
    pub depth: usize,
    pub kind: String,
    pub uscc: String,
    pub uscc_check_ok: bool,
    pub domains: String,
    pub officers: i64,
}

pub fn dept_options(rows: &[DepartmentRow], lang: &str) -> Vec<DeptOption> {
    tree_order(rows)
        .into_iter()
        .map(|(d, depth)| DeptOption {
            id: d.id,
            name: d.name.clone(),
            depth,
            kind: if lang == "en" {
                d.kind.label_en()
            } else {
                d.kind.label_zh()
            }
            .to_string(),
            uscc: d.uscc.clone().unwrap_or_default(),
            uscc_check_ok: d.uscc_check_ok,
            domains: d.domains.join("、"),
            officers: d.officers,
        })
        .collect()
}

#[derive(askama::Template)]
#[template(path = "org/departments.html")]
struct DepartmentsPage {
    shell: Shell,
    depts: Vec<DeptOption>,
    total_officers: i64,
    can_register: bool,
    f: DepartmentForm,
    error: Option<String>,
    error_field: String,
    ask_confirm: bool,
}

/// The body registration form.
#[derive(Debug, Deserialize, Default)]
pub struct DepartmentForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    short_name: String,
    #[serde(default)]
    uscc: String,
    /// "1" when the operator confirms a code that fails its check character.
    #[serde(default)]
    uscc_confirmed: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    domains: String,
}

async fn departments_view(
    ctx: &Ctx,
    st: &AppState,
    f: DepartmentForm,
    err: Option<Error>,
) -> Result<Response> {
    let who = ctx.user()?;
    let rows = list_departments(&st.db, &who.region).await?;
    let depts = dept_options(&rows, ctx.lang);
    let status = err.as_ref().map(crate::error::status_of);
    let page = DepartmentsPage {
        shell: Shell::new(
            ctx,
            ("执法主体", "Enforcement bodies"),
            &[("执法主体与人员", "Bodies & officers", None)],
        ),
        total_officers: depts.iter().map(|d| d.officers).sum(),
        depts,
        can_register: who.role.can(Permission::ManageBodies),
        ask_confirm: err.as_ref().is_some_and(|e| e.field() == Some("uscc"))
            && !f.uscc.trim().is_empty(),
        error_field: err
            .as_ref()
            .and_then(|e| e.field())
            .unwrap_or("")
            .to_string(),
        error: err.map(|e| {
            if ctx.lang == "en" {
                e.message_en()
            } else {
                e.message_zh()
            }
        }),
        f,
    };
    let resp = render(&page)?;
    Ok(match status {
        Some(s) => (s, resp).into_response(),
        None => resp,
    })
}

/// `GET /org/departments`.
pub async fn departments_page(ctx: Ctx, State(st): State<AppState>) -> Page {
    Ok(departments_view(&ctx, &st, DepartmentForm::default(), None).await?)
}

/// `POST /org/departments`: registers a body; a credit code failing its check character is
/// accepted only with the explicit confirmation the form then asks for.
pub async fn department_create(
    ctx: Ctx,
    State(st): State<AppState>,
    Form(f): Form<DepartmentForm>,
) -> Page {
    let who = ctx.user()?;
    let attempt = async {
        let kind = DeptKind::parse(&f.kind)
            .ok_or_else(|| Error::of(Code::DepartmentKind).for_field("kind"))?;
        let d = NewDepartment {
            region: who.region.clone(),
            name: f.name.trim().into(),
            short_name: f.short_name.trim().into(),
            uscc: Some(f.uscc.trim().to_string()).filter(|s| !s.is_empty()),
            uscc_confirmed: f.uscc_confirmed == "1",
            kind,
            parent_id: f.parent_id.parse().ok(),
            domains: split_list(&f.domains),
            area: String::new(),
            sort_order: 10_000,
        };
        register_department(&st.db, who, &d).await
    }
    .await;
    Ok(match attempt {
        Ok(_) => {
            st.departments_changed();
            Ok(Redirect::to("/org/departments?flash=created").into_response())
        }
        Err(e @ (Error::Invalid { .. } | Error::Conflict { .. })) => {
            departments_view(&ctx, &st, f, Some(e)).await
        }
        Err(e) => Err(e),
    }?)
}

/// `GET /org/departments/export.xlsx`.
pub async fn departments_export(ctx: Ctx, State(st): State<AppState>) -> Page {
    let who = ctx.user()?;
    let rows = list_departments(&st.db, &who.region).await?;
    let data: Vec<Vec<String>> = tree_order(&rows)
        .into_iter()
        .enumerate()
        .map(|(i, (d, depth))| {
            vec![
                (i + 1).to_string(),
                format!("{}{}", "　".repeat(depth), d.name),
                d.short_name.clone(),
                d.uscc.clone().unwrap_or_default(),
                d.kind.label_zh().to_string(),
                d.domains.join("、"),
                d.officers.to_string(),
            ]
        })
        .collect();
    let headers = [
        "序号",
        "名称",
        "简称",
        "统一社会信用代码",
        "主体性质",
        "执法领域",
        "执法人员数",
    ];
    let bytes = write_table("执法主体", &headers, &data)?;
    Ok(xlsx_response(bytes, "departments.xlsx"))
}

/// Filters of the officer list as they appear in the URL.
#[derive(Debug, Deserialize, Default, Clone)]
pub struct OfficerParams {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub dept: String,
    #[serde(default)]
    pub card_status: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub page: String,
}

impl OfficerParams {
    /// The core query; malformed values fall back to "no filter" rather than failing.
    pub fn query(&self, page_size: i64) -> OfficerQuery {
        OfficerQuery {
            keyword: self.q.chars().take(50).collect(),
            department_id: self.dept.parse().ok(),
            card_status: CardStatus::parse(&self.card_status),
            sort: OfficerSort::parse(&self.sort),
            page: self.page.parse().unwrap_or(1),
            page_size,
        }
    }

    /// The filters as a query string (without page).
    pub fn query_string(&self) -> String {
        format!(
            "q={}&dept={}&card_status={}&sort={}",
            enc(&self.q),
            enc(&self.dept),
            enc(&self.card_status),
            enc(&self.sort)
        )
    }
}

pub struct OfficerRowView {
    pub id: i64,
    pub name: String,
    pub id_number: String,
    pub department: String,
    pub posts: String,
    pub card_no: String,
    pub status_kind: &'static str,
    pub status_text: String,
    pub valid_until: Option<DeadlineView>,
    pub domains: String,
}

fn status_view(s: Option<CardStatus>, lang: &str) -> (&'static str, String) {
    match s {
        Some(CardStatus::Valid) => ("ok", if lang == "en" { "Valid" } else { "有效" }.into()),
        Some(CardStatus::Suspended) => (
            "warn",
            if lang == "en" { "Suspended" } else { "暂扣" }.into(),
        ),
        Some(CardStatus::Revoked) => (
            "muted",
            if lang == "en" { "Revoked" } else { "注销" }.into(),
        ),
        None => (
            "danger",
            if lang == "en" {
                "No card"
            } else {
                "无执法证"
            }
            .into(),
        ),
    }
}

fn row_view(lang: &str, r: OfficerListRow) -> OfficerRowView {
    let (status_kind, status_text) = status_view(r.card_status, lang);
    OfficerRowView {
        id: r.id,
        name: r.name,
        id_number: r.id_number,
        department: r.department,
        posts: r.posts.join("、"),
        card_no: r.card_no.unwrap_or_default(),
        status_kind,
        status_text,
        valid_until: r
            .card_valid_until
            .as_deref()
            .and_then(|d| d.parse::<NaiveDate>().ok())
            .filter(|_| r.card_status == Some(CardStatus::Valid))
            .map(|d| expiry_view(lang, d)),
        domains: r.card_domains.join("、"),
    }
}

#[derive(askama::Template)]
#[template(path = "org/officers.html")]
struct OfficersPage {
    shell: Shell,
    p: OfficerParams,
    depts: Vec<DeptOption>,
    sel_dept: i64,
    rows: Vec<OfficerRowView>,
    pager: Pager,
    can_edit: bool,
    query: String,
    sort_name_href: String,
    sort_dept_href: String,
    sort_name_dir: &'static str,
    sort_dept_dir: &'static str,
}

const PAGE_SIZE: i64 = 20;

/// `GET /org/officers`: the list with search form, department tree, paging and export.
pub async fn officers_page(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(p): Query<OfficerParams>,
) -> Page {
    let who = ctx.user()?;
    let page = list_officers(&st.db, who, &p.query(PAGE_SIZE)).await?;
    let depts = dept_options(&st.departments(&who.region).await?, ctx.lang);
    let qs = p.query_string();
    let sort_href = |s: &str| {
        let mut q = p.clone();
        q.sort = s.into();
        format!("/org/officers?{}", q.query_string())
    };
    let sort = OfficerSort::parse(&p.sort);
    let view = OfficersPage {
        shell: Shell::new(
            &ctx,
            ("执法人员", "Officers"),
            &[("执法主体与人员", "Bodies & officers", None)],
        ),
        sel_dept: p.dept.parse().unwrap_or(-1),
        depts,
        pager: Pager::counted(
            page.total,
            page.total_exact,
            page.page,
            page.page_size,
            |n| format!("/org/officers?{qs}&page={n}"),
        ),
        rows: page
            .rows
            .into_iter()
            .map(|r| row_view(ctx.lang, r))
            .collect(),
        can_edit: who.role.can(Permission::EditOrg),
        query: qs.clone(),
        sort_name_href: sort_href("name"),
        sort_dept_href: sort_href("department"),
        sort_name_dir: if sort == OfficerSort::Name { "asc" } else { "" },
        sort_dept_dir: if sort == OfficerSort::Department {
            "asc"
        } else {
            ""
        },
        p,
    };
    Ok(render(&view)?)
}

/// Largest export in one file.
const EXPORT_LIMIT: i64 = 100_000;

/// `GET /org/officers/export.xlsx`: the filtered list as Excel (identity numbers masked unless
/// the caller maintains them).
pub async fn officers_export(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(p): Query<OfficerParams>,
) -> Page {
    let who = ctx.user()?;
    let rows = export_officers(&st.db, who, &p.query(PAGE_SIZE), EXPORT_LIMIT).await?;
    let headers = [
        "序号",
        "姓名",
        "身份证号",
        "所属部门",
        "岗位",
        "执法证号",
        "执法领域",
        "证件状态",
        "有效期至",
    ];
    let data: Vec<Vec<String>> = rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                (i + 1).to_string(),
                r.name,
                r.id_number,
                r.department,
                r.posts.join("、"),
                r.card_no.unwrap_or_default(),
                r.card_domains.join("、"),
                r.card_status
                    .map(|s| s.label_zh())
                    .unwrap_or("无")
                    .to_string(),
                r.card_valid_until.unwrap_or_default(),
            ]
        })
        .collect();
    let bytes = write_table("执法人员", &headers, &data)?;
    Ok(xlsx_response(bytes, "officers.xlsx"))
}

pub fn xlsx_response(bytes: Vec<u8>, name: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

#[derive(askama::Template)]
#[template(path = "org/officer.html")]
struct OfficerPage {
    shell: Shell,
    o: OfficerDetail,
    cards: Vec<CardView>,
    can_edit: bool,
    moves: Vec<OfficerMove>,
    depts: Vec<DeptOption>,
    today: String,
}

pub struct CardView {
    pub id: i64,
    pub card_no: String,
    pub domains: String,
    pub issued_on: String,
    pub status_kind: &'static str,
    pub status_text: String,
    pub valid_until: DeadlineView,
    pub is_valid: bool,
    pub is_suspended: bool,
}

/// `GET /org/officers/{id}`: one officer with cards and training; outside the scope it is 404.
pub async fn officer_page(ctx: Ctx, State(st): State<AppState>, Path(id): Path<String>) -> Page {
    let who = ctx.user()?;
    let id: i64 = id.parse().map_err(|_| Error::not_found("officer"))?;
    let o = get_officer(&st.db, who, id).await?;
    let cards = o
        .cards
        .iter()
        .map(|c| {
            let (status_kind, status_text) = status_view(Some(c.status), ctx.lang);
            CardView {
                id: c.id,
                card_no: c.card_no.clone(),
                domains: c.domains.join("、"),
                issued_on: c.issued_on.to_string(),
                status_kind,
                status_text,
                valid_until: expiry_view(ctx.lang, c.valid_until),
                is_valid: c.status == CardStatus::Valid,
                is_suspended: c.status == CardStatus::Suspended,
            }
        })
        .collect();
    let title = o.name.clone();
    Ok(render(&OfficerPage {
        shell: Shell::new(
            &ctx,
            (&title, &title),
            &[
                ("执法主体与人员", "Bodies & officers", None),
                ("执法人员", "Officers", Some("/org/officers")),
            ],
        ),
        can_edit: who.role.can(Permission::EditOrg),
        moves: officer_moves(&st.db, who, id).await?,
        // The move form lists every body; the core refuses one outside the caller's scope.
        depts: if who.role.can(Permission::EditOrg) {
            dept_options(&list_departments(&st.db, &who.region).await?, ctx.lang)
        } else {
            Vec::new()
        },
        today: fazhi_core::time::today().to_string(),
        cards,
        o,
    })?)
}

#[derive(Debug, Deserialize)]
pub struct OfficerEditForm {
    name: String,
    #[serde(default)]
    posts: String,
}

/// `POST /org/officers/{id}/edit`: name and posts (department administrators of its scope).
pub async fn officer_edit(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<OfficerEditForm>,
) -> Page {
    let who = ctx.user()?;
    update_officer(
        &st.db,
        who,
        id,
        &OfficerEdit {
            name: f.name.clone(),
            posts: split_list(&f.posts),
        },
    )
    .await?;
    Ok(Redirect::to(&format!("/org/officers/{id}?flash=updated")).into_response())
}

#[derive(Debug, Deserialize)]
pub struct OfficerMoveForm {
    department_id: String,
    effective_on: String,
    #[serde(default)]
    reason: String,
}

/// `POST /org/officers/{id}/move`: to another department, history kept (an administrator whose
/// scope covers both departments).
pub async fn officer_move(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<OfficerMoveForm>,
) -> Page {
    let who = ctx.user()?;
    let to: i64 = f
        .department_id
        .parse()
        .map_err(|_| Error::of(Code::OfficerDepartment).for_field("department_id"))?;
    let on = parse_date(&f.effective_on, "effective_on")?;
    move_officer(&st.db, who, id, to, on, &f.reason).await?;
    Ok(Redirect::to(&format!("/org/officers/{id}?flash=updated")).into_response())
}

#[derive(askama::Template)]
#[template(path = "org/payment.html")]
struct PaymentPage {
    shell: Shell,
    department: String,
    rows: Vec<PaymentView>,
    error: Option<String>,
    today: String,
}

pub struct PaymentView {
    pub bank: String,
    pub account_name: String,
    pub account_no: String,
    pub revenue_code: String,
    pub effective_on: String,
    pub entered_by: String,
    pub entered_at: String,
}

fn payment_view(r: PaymentDetailsRow) -> PaymentView {
    PaymentView {
        bank: r.details.bank,
        account_name: r.details.account_name,
        account_no: r.details.account_no,
        revenue_code: r.details.revenue_code,
        effective_on: r.details.effective_on.to_string(),
        entered_by: r.entered_by,
        entered_at: fazhi_core::time::fmt_ms(r.entered_at),
    }
}

/// The department whose payment details the caller manages: their own body.
fn own_department(who: &fazhi_core::auth::Principal) -> Result<(i64, String)> {
    who.department_id
        .map(|d| (d, who.department_name.clone()))
        .ok_or_else(|| {
            Error::forbidden(
                "本账号不属于任何执法主体，不能登记缴款信息。",
                "this account belongs to no enforcement body, so it enters no payment details",
            )
        })
}

async fn payment_view_page(ctx: &Ctx, st: &AppState, err: Option<Error>) -> Result<Response> {
    let who = ctx.user()?;
    let (dept, name) = own_department(who)?;
    let status = err.as_ref().map(crate::error::status_of);
    let page = PaymentPage {
        shell: Shell::new(
            ctx,
            ("缴款信息", "Payment details"),
            &[("执法主体与人员", "Bodies & officers", None)],
        ),
        department: name,
        rows: list_payment_details(&st.db, who, dept)
            .await?
            .into_iter()
            .map(payment_view)
            .collect(),
        error: err.map(|e| {
            if ctx.lang == "en" {
                e.message_en()
            } else {
                e.message_zh()
            }
        }),
        today: fazhi_core::time::today().to_string(),
    };
    let r = render(&page)?;
    Ok(match status {
        Some(s) => (s, r).into_response(),
        None => r,
    })
}

/// `GET /org/payment`: the department administrator's body's payment details for penalty
/// decisions, with every earlier entry.
pub async fn payment_page(ctx: Ctx, State(st): State<AppState>) -> Page {
    Ok(payment_view_page(&ctx, &st, None).await?)
}

#[derive(Debug, Deserialize)]
pub struct PaymentForm {
    #[serde(default)]
    bank: String,
    #[serde(default)]
    account_name: String,
    #[serde(default)]
    account_no: String,
    #[serde(default)]
    revenue_code: String,
    #[serde(default)]
    effective_on: String,
}

/// `POST /org/payment`.
pub async fn payment_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Form(f): Form<PaymentForm>,
) -> Page {
    let who = ctx.user()?;
    let attempt = async {
        let (dept, _) = own_department(who)?;
        let d = PaymentDetails {
            bank: f.bank.clone(),
            account_name: f.account_name.clone(),
            account_no: f.account_no.clone(),
            revenue_code: f.revenue_code.clone(),
            effective_on: parse_date(&f.effective_on, "effective_on")?,
        };
        set_payment_details(&st.db, who, dept, &d).await
    }
    .await;
    Ok(match attempt {
        Ok(_) => Ok(Redirect::to("/org/payment?flash=saved").into_response()),
        Err(e @ Error::Invalid { .. }) => payment_view_page(&ctx, &st, Some(e)).await,
        Err(e) => Err(e),
    }?)
}

#[derive(askama::Template)]
#[template(path = "org/officer_new.html")]
struct OfficerNewPage {
    shell: Shell,
    depts: Vec<DeptOption>,
    f: OfficerForm,
    error: Option<String>,
    error_field: String,
}

#[derive(Debug, Deserialize, Default)]
pub struct OfficerForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    id_number: String,
    #[serde(default)]
    department_id: String,
    #[serde(default)]
    posts: String,
    #[serde(default)]
    card_no: String,
    #[serde(default)]
    card_domains: String,
    #[serde(default)]
    issued_on: String,
    #[serde(default)]
    valid_until: String,
}

async fn officer_form_page(
    ctx: &Ctx,
    st: &AppState,
    f: OfficerForm,
    err: Option<Error>,
) -> Result<Response> {
    let who = ctx.user()?;
    let depts = dept_options(&st.departments(&who.region).await?, ctx.lang);
    let status = err.as_ref().map(crate::error::status_of);
    let page = OfficerNewPage {
        shell: Shell::new(
            ctx,
            ("新增执法人员", "New officer"),
            &[("执法人员", "Officers", Some("/org/officers"))],
        ),
        depts,
        error_field: err
            .as_ref()
            .and_then(|e| e.field())
            .unwrap_or("")
            .to_string(),
        error: err.map(|e| {
            if ctx.lang == "en" {
                e.message_en()
            } else {
                e.message_zh()
            }
        }),
        f,
    };
    let resp = render(&page)?;
    Ok(match status {
        Some(s) => (s, resp).into_response(),
        None => resp,
    })
}

/// `GET /org/officers/new`.
pub async fn officer_new(ctx: Ctx, State(st): State<AppState>) -> Page {
    Ok(officer_form_page(&ctx, &st, OfficerForm::default(), None).await?)
}

fn parse_date(s: &str, field: &'static str) -> Result<NaiveDate> {
    s.trim()
        .parse()
        .map_err(|_| Error::of(Code::FormDate).for_field(field).arg("input", s))
}

fn split_list(s: &str) -> Vec<String> {
    s.split(['；', ';', '、', ',', '，'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

fn officer_from_form(f: &OfficerForm) -> Result<NewOfficer> {
    let department_id = f
        .department_id
        .parse()
        .map_err(|_| Error::of(Code::OfficerDepartment).for_field("department_id"))?;
    let card = if f.card_no.trim().is_empty() {
        None
    } else {
        Some(NewCard {
            card_no: f.card_no.trim().into(),
            domains: split_list(&f.card_domains),
            issued_on: parse_date(&f.issued_on, "issued_on")?,
            valid_until: parse_date(&f.valid_until, "valid_until")?,
        })
    };
    Ok(NewOfficer {
        department_id,
        name: f.name.clone(),
        id_number: f.id_number.trim().into(),
        posts: split_list(&f.posts),
        card,
    })
}

/// `POST /org/officers`: on a bad field the form comes back filled in, with the error.
pub async fn officer_create(
    ctx: Ctx,
    State(st): State<AppState>,
    Form(f): Form<OfficerForm>,
) -> Page {
    let who = ctx.user()?;
    let attempt = async {
        let o = officer_from_form(&f)?;
        create_officer(&st.db, who, &o).await
    }
    .await;
    Ok(match attempt {
        Ok(id) => Ok(Redirect::to(&format!("/org/officers/{id}?flash=created")).into_response()),
        Err(e @ (Error::Invalid { .. } | Error::Conflict { .. })) => {
            officer_form_page(&ctx, &st, f, Some(e)).await
        }
        Err(e) => Err(e),
    }?)
}

#[derive(Debug, Deserialize)]
pub struct CardForm {
    card_no: String,
    #[serde(default)]
    domains: String,
    issued_on: String,
    valid_until: String,
}

/// `POST /org/officers/{id}/cards`.
pub async fn card_add(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<CardForm>,
) -> Page {
    let who = ctx.user()?;
    let card = NewCard {
        card_no: f.card_no.trim().into(),
        domains: split_list(&f.domains),
        issued_on: parse_date(&f.issued_on, "issued_on")?,
        valid_until: parse_date(&f.valid_until, "valid_until")?,
    };
    add_card(&st.db, who, id, &card).await?;
    Ok(Redirect::to(&format!("/org/officers/{id}?flash=created")).into_response())
}

#[derive(Debug, Deserialize)]
pub struct CardStatusForm {
    status: String,
    officer_id: i64,
}

/// `POST /org/cards/{id}/status`.
pub async fn card_status(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<CardStatusForm>,
) -> Page {
    let who = ctx.user()?;
    let status = CardStatus::parse(&f.status)
        .ok_or_else(|| Error::of(Code::CardStatus).for_field("status"))?;
    set_card_status(&st.db, who, id, status).await?;
    Ok(Redirect::to(&format!("/org/officers/{}?flash=updated", f.officer_id)).into_response())
}

#[derive(askama::Template)]
#[template(path = "org/import.html")]
struct ImportPage {
    shell: Shell,
    report: Option<ImportReport>,
    error: Option<String>,
    max_mb: usize,
}

fn import_view(ctx: &Ctx, report: Option<ImportReport>, error: Option<String>) -> Result<Response> {
    render(&ImportPage {
        shell: Shell::new(
            ctx,
            ("导入执法人员", "Import officers"),
            &[("执法人员", "Officers", Some("/org/officers"))],
        ),
        report,
        error,
        max_mb: MAX_UPLOAD_BYTES / 1024 / 1024,
    })
}

/// `GET /org/officers/import`.
pub async fn import_page(ctx: Ctx) -> Page {
    ctx.user()?;
    Ok(import_view(&ctx, None, None)?)
}

/// `GET /org/officers/import/template.xlsx`.
pub async fn import_template(ctx: Ctx) -> Page {
    ctx.user()?;
    Ok(xlsx_response(officer_template()?, "officers-template.xlsx"))
}

/// Reads the multipart upload: the CSRF field and the file, refusing oversize files.
pub async fn read_upload(mut mp: Multipart) -> Result<(String, Vec<u8>)> {
    let mut csrf = String::new();
    let mut file = Vec::new();
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    return Err(too_large());
                }
                return Err(Error::of(Code::UploadMalformed)
                    .for_field("file")
                    .arg_zh_en(
                        "reason",
                        format!("上传内容无法解析：{e}"),
                        format!("The upload could not be read: {e}"),
                    ));
            }
        };
        let name = field.name().unwrap_or("").to_string();
        let bytes = field.bytes().await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                too_large()
            } else {
                Error::of(Code::UploadMalformed)
                    .for_field("file")
                    .arg_zh_en(
                        "reason",
                        format!("上传内容无法读取：{e}"),
                        format!("The upload could not be read: {e}"),
                    )
            }
        })?;
        if bytes.len() > MAX_UPLOAD_BYTES {
            return Err(too_large());
        }
        match name.as_str() {
            "csrf" => csrf = String::from_utf8_lossy(&bytes).into_owned(),
            "file" => file = bytes.to_vec(),
            _ => {}
        }
    }
    if file.is_empty() {
        return Err(Error::of(Code::UploadMissing).for_field("file"));
    }
    Ok((csrf, file))
}

/// `POST /org/officers/import`: all rows or none; every bad row is listed.
pub async fn import_submit(ctx: Ctx, State(st): State<AppState>, mp: Multipart) -> Page {
    let who = ctx.user()?;
    let (_, file) = match read_upload(mp).await {
        Ok(x) => x,
        Err(e @ Error::Invalid { .. }) => {
            let msg = if ctx.lang == "en" {
                e.message_en()
            } else {
                e.message_zh()
            };
            let resp = import_view(&ctx, None, Some(msg))?;
            return Ok((crate::error::status_of(&e), resp).into_response());
        }
        Err(e) => return Err(e.into()),
    };
    Ok(match import_officers(&st.db, who, &file).await {
        Ok(rep) if rep.errors.is_empty() => Ok(Redirect::to(&format!(
            "/org/officers?flash=imported&n={}",
            rep.imported
        ))
        .into_response()),
        Ok(rep) => {
            let resp = import_view(&ctx, Some(rep), None)?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, resp).into_response())
        }
        Err(e @ Error::Invalid { .. }) => {
            let msg = if ctx.lang == "en" {
                e.message_en()
            } else {
                e.message_zh()
            };
            let resp = import_view(&ctx, None, Some(msg))?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, resp).into_response())
        }
        Err(e) => Err(e),
    }?)
}

#[derive(Debug, Deserialize)]
pub struct TrainingForm {
    year: String,
    hours: String,
    #[serde(default)]
    exam_score: String,
}

/// `POST /org/officers/{id}/training`: a year's training hours and exam score.
pub async fn training_add(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<TrainingForm>,
) -> Page {
    let who = ctx.user()?;
    let num = |s: &str, field: &'static str| {
        s.trim()
            .parse::<i64>()
            .map_err(|_| Error::of(Code::FormNumber).for_field(field).arg("input", s))
    };
    let score = if f.exam_score.trim().is_empty() {
        None
    } else {
        Some(num(&f.exam_score, "exam_score")?)
    };
    record_training_for(
        &st.db,
        who,
        id,
        num(&f.year, "year")?,
        num(&f.hours, "hours")?,
        score,
    )
    .await?;
    Ok(Redirect::to(&format!("/org/officers/{id}?flash=created")).into_response())
}

/// Routes of the organisation registry: bodies, officers, cards, training.
pub fn routes() -> Vec<Route> {
    use fazhi_core::auth::Permission as P;
    let view = A::Perm(P::ViewOrg);
    let edit = A::Perm(P::EditOrg);
    vec![
        Route::get("/org/departments", view, S::DataScope, departments_page).nav(
            N::Org,
            "执法主体",
            "Enforcement bodies",
        ),
        Route::post(
            "/org/departments",
            A::Perm(P::ManageBodies),
            S::DataScope,
            department_create,
        ),
        Route::get(
            "/org/departments/export.xlsx",
            view,
            S::DataScope,
            departments_export,
        ),
        Route::get("/org/officers", view, S::DataScope, officers_page).nav(
            N::Org,
            "执法人员",
            "Officers",
        ),
        Route::post("/org/officers", edit, S::DataScope, officer_create),
        Route::get("/org/officers/new", edit, S::DataScope, officer_new),
        Route::get(
            "/org/officers/export.xlsx",
            view,
            S::DataScope,
            officers_export,
        ),
        Route::get("/org/officers/import", edit, S::DataScope, import_page),
        Route::post("/org/officers/import", edit, S::DataScope, import_submit),
        Route::get(
            "/org/officers/import/template.xlsx",
            edit,
            S::Open,
            import_template,
        ),
        Route::get("/org/officers/{id}", view, S::DataScope, officer_page),
        Route::post(
            "/org/officers/{id}/training",
            edit,
            S::DataScope,
            training_add,
        ),
        Route::post("/org/officers/{id}/cards", edit, S::DataScope, card_add),
        Route::post("/org/officers/{id}/edit", edit, S::DataScope, officer_edit),
        Route::post("/org/officers/{id}/move", edit, S::DataScope, officer_move),
        Route::get("/org/payment", edit, S::DataScope, payment_page).nav(
            N::Org,
            "缴款信息",
            "Payment details",
        ),
        Route::post("/org/payment", edit, S::DataScope, payment_submit),
        Route::post("/org/cards/{id}/status", edit, S::DataScope, card_status),
    ]
}
