//! Pages and API: Work-order dispatch (工单分拨派转) — the dispatcher desk, the department
//! inbox, the supervisor's statistics, the order page with its timeline, the public complaint
//! form, and the JSON API under /api/v1/dispatch.

mod api;
mod views;

use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use fazhi_core::auth::Permission;
use fazhi_core::dispatch::{
    self, NewOrder, OrderKind, OrderQuery, OrderStatus, Step, StepArgs, View,
};
use fazhi_core::excel::MAX_UPLOAD_BYTES;
use fazhi_core::{Code, Error, Result};
use serde::Deserialize;

use crate::ctx::{Ctx, PRE_CSRF_COOKIE, enc, set_cookie};
use crate::error::Page;
use crate::error::render;
use crate::routes::{Access as A, NavGroup as N, Route, ScopeRule as S};
use crate::shell::{NavGroup, NavItem, Pager, Shell};
use crate::state::AppState;
use views::{
    ComplaintPage, DeskPage, InboxPage, OrderPage, StatsPage, dept_choices, order_item, order_view,
};

/// Who reads work orders: dispatchers, handling departments, supervisors.
const READERS: A = A::AnyOf(&[
    Permission::DispatchOrders,
    Permission::HandleOrders,
    Permission::ViewDispatch,
]);
/// Who takes a step on an order (which step is the core's rule).
const STEPPERS: A = A::AnyOf(&[Permission::DispatchOrders, Permission::HandleOrders]);

/// Routes of the module (console pages, portal pages, API).
pub fn routes() -> Vec<Route> {
    use Permission as P;
    let mut v = vec![
        Route::get(
            "/dispatch/desk",
            A::Perm(P::DispatchOrders),
            S::DataScope,
            desk,
        )
        .nav(N::Dispatch, "分拨台", "Dispatcher desk"),
        Route::get(
            "/dispatch/inbox",
            A::Perm(P::HandleOrders),
            S::DataScope,
            inbox,
        )
        .nav(N::Dispatch, "部门工单", "Department inbox"),
        Route::get(
            "/dispatch/stats",
            A::Perm(P::ViewDispatch),
            S::DataScope,
            stats_page,
        )
        .nav(N::Dispatch, "分拨统计", "Dispatch statistics"),
        Route::post(
            "/dispatch/orders",
            A::Perm(P::DispatchOrders),
            S::DataScope,
            create,
        ),
        Route::get("/dispatch/orders/{id}", READERS, S::DataScope, order_page),
        // Which step the caller may take (dispatch, accept, return, reply) is the core's rule.
        Route::post("/dispatch/orders/{id}/step", STEPPERS, S::DataScope, step),
        Route::post(
            "/dispatch/import",
            A::Perm(P::DispatchOrders),
            S::DataScope,
            import,
        ),
        Route::get(
            "/dispatch/import/template.csv",
            A::Perm(P::DispatchOrders),
            S::Open,
            template,
        ),
        Route::get("/portal/complaints", A::Public, S::Open, complaint_form),
        Route::post("/portal/complaints", A::Public, S::Open, complaint_submit),
    ];
    v.extend(api::routes());
    v
}

/// Filters of the lists, as they appear in the URL.
#[derive(Debug, Deserialize, Default, Clone)]
pub struct ListParams {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub overdue: String,
    #[serde(default)]
    pub page: String,
}

impl ListParams {
    fn query(&self, view: View) -> OrderQuery {
        OrderQuery {
            view,
            status: OrderStatus::parse(&self.status),
            keyword: self.q.chars().take(50).collect(),
            department_id: None,
            overdue_on: (self.overdue == "1").then(|| fazhi_core::time::today().to_string()),
            page: self.page.parse().unwrap_or(1),
            page_size: 20,
        }
    }
    fn qs(&self) -> String {
        format!(
            "q={}&status={}&overdue={}",
            enc(&self.q),
            enc(&self.status),
            enc(&self.overdue)
        )
    }
}

/// `GET /dispatch/desk`: the dispatcher's queue.
pub async fn desk(ctx: Ctx, State(st): State<AppState>, Query(p): Query<ListParams>) -> Page {
    let who = ctx.user()?;
    let mut q = p.query(View::Desk);
    if q.status.is_some() || q.overdue_on.is_some() {
        q.view = View::All;
    }
    let page = dispatch::list_orders(&st.db, who, &q).await?;
    let qs = p.qs();
    let pager = Pager::new(page.total, page.page, page.page_size, |n| {
        format!("/dispatch/desk?{qs}&page={n}")
    });
    let rows = page
        .rows
        .iter()
        .map(|o| order_item(&st, ctx.lang, o))
        .collect();
    Ok(render(&DeskPage {
        shell: Shell::new(
            &ctx,
            ("分拨工作台", "Dispatcher desk"),
            &[("工单分拨", "Dispatch", None)],
        ),
        rows,
        pager,
        p,
        kinds: OrderKind::ALL
            .iter()
            .map(|k| (k.as_str(), ctx.t(k.label_zh(), k.label_en()).to_string()))
            .collect(),
    })?)
}

/// `GET /dispatch/inbox`: a department's orders.
pub async fn inbox(ctx: Ctx, State(st): State<AppState>, Query(p): Query<ListParams>) -> Page {
    let who = ctx.user()?;
    let page = dispatch::list_orders(&st.db, who, &p.query(View::Inbox)).await?;
    let qs = p.qs();
    let pager = Pager::new(page.total, page.page, page.page_size, |n| {
        format!("/dispatch/inbox?{qs}&page={n}")
    });
    let rows = page
        .rows
        .iter()
        .map(|o| order_item(&st, ctx.lang, o))
        .collect();
    Ok(render(&InboxPage {
        shell: Shell::new(
            &ctx,
            ("部门工单", "Department inbox"),
            &[("工单分拨", "Dispatch", None)],
        ),
        rows,
        pager,
        statuses: OrderStatus::ALL
            .iter()
            .map(|s| (s.as_str(), ctx.t(s.label_zh(), s.label_en()).to_string()))
            .collect(),
        p,
    })?)
}

/// `GET /dispatch/stats`: return rates and overdue orders per department.
pub async fn stats_page(ctx: Ctx, State(st): State<AppState>) -> Page {
    let who = ctx.user()?;
    let today = fazhi_core::time::today().to_string();
    let s = dispatch::stats(&st.db, who, &today).await?;
    let overdue = dispatch::list_orders(
        &st.db,
        who,
        &OrderQuery {
            view: View::All,
            overdue_on: Some(today),
            page: 1,
            page_size: 50,
            ..Default::default()
        },
    )
    .await?;
    let rows = s
        .departments
        .iter()
        .map(|d| {
            let r = if d.rating_x100 > 0 {
                format!("{:.2}", d.rating_x100 as f64 / 100.0)
            } else {
                "-".into()
            };
            (d.clone(), r)
        })
        .collect();
    Ok(render(&StatsPage {
        rows,
        shell: Shell::new(
            &ctx,
            ("分拨统计", "Dispatch statistics"),
            &[("工单分拨", "Dispatch", None)],
        ),
        s,
        overdue: overdue
            .rows
            .iter()
            .map(|o| order_item(&st, ctx.lang, o))
            .collect(),
        overdue_total: overdue.total,
    })?)
}

/// `GET /dispatch/orders/{id}`.
pub async fn order_page(ctx: Ctx, State(st): State<AppState>, Path(id): Path<String>) -> Page {
    let who = ctx.user()?;
    let id: i64 = id.parse().map_err(|_| Error::not_found("work order"))?;
    let d = dispatch::get_order(&st.db, who, id).await?;
    let dispatcher = who.role.can(Permission::DispatchOrders);
    let duplicates = if dispatcher {
        dispatch::find_duplicates(&st.db, who, id).await?
    } else {
        Vec::new()
    };
    let depts = if dispatcher {
        dept_choices(&st).await?
    } else {
        Vec::new()
    };
    let view = order_view(&st, ctx.lang, &d, who, &duplicates);
    Ok(render(&OrderPage {
        shell: Shell::new(
            &ctx,
            (
                &format!("工单 {}", d.order.order_no),
                &format!("Order {}", d.order.order_no),
            ),
            &[(
                "工单分拨",
                "Dispatch",
                Some(if dispatcher {
                    "/dispatch/desk"
                } else {
                    "/dispatch/inbox"
                }),
            )],
        ),
        v: view,
        depts,
    })?)
}

/// The dispatcher's intake form.
#[derive(Debug, Deserialize, Default)]
pub struct CreateForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    caller: String,
    #[serde(default)]
    phone: String,
}

fn parse_kind(s: &str) -> Result<OrderKind> {
    OrderKind::parse(s).ok_or_else(|| {
        Error::of(Code::DispatchKind).for_field("kind").arg_zh_en(
            "reason",
            "请选择诉求类型。",
            "Choose the type of request.",
        )
    })
}

/// `POST /dispatch/orders`: a hotline call taken in.
pub async fn create(ctx: Ctx, State(st): State<AppState>, Form(f): Form<CreateForm>) -> Page {
    let who = ctx.user()?;
    let o = NewOrder {
        order_no: None,
        kind: parse_kind(&f.kind)?,
        text: f.text,
        address: f.address,
        caller: f.caller,
        phone: f.phone,
        received_at: None,
    };
    let id = dispatch::create_order(&st.db, who, "hotline", &o, &st.calendar()).await?;
    Ok(Redirect::to(&format!("/dispatch/orders/{id}?flash=created")).into_response())
}

/// A step on the order page.
#[derive(Debug, Deserialize, Default)]
pub struct StepForm {
    #[serde(default)]
    step: String,
    #[serde(default)]
    department_id: String,
    #[serde(default)]
    power_code: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    rating: String,
    #[serde(default)]
    merge_into: String,
}

pub(crate) fn parse_step(s: &str) -> Result<Step> {
    Ok(match s {
        "dispatch" => Step::Dispatch,
        "accept" => Step::Accept,
        "return" => Step::Return,
        "handle" => Step::Handle,
        "reply" => Step::Reply,
        "close" => Step::Close,
        "merge" => Step::Merge,
        _ => {
            return Err(Error::of(Code::DispatchStep).for_field("step"));
        }
    })
}

/// Runs a step for the caller: dispatcher steps or department steps.
pub(crate) async fn run_step(
    st: &AppState,
    who: &fazhi_core::auth::Principal,
    id: i64,
    step: Step,
    a: &StepArgs,
) -> Result<OrderStatus> {
    let cal = st.calendar();
    match step {
        Step::Dispatch | Step::Merge | Step::Close => {
            dispatch::dispatcher_step(&st.db, who, id, step, a, &cal).await
        }
        _ => dispatch::department_step(&st.db, who, id, step, a, &cal).await,
    }
}

/// `POST /dispatch/orders/{id}/step`.
pub async fn step(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(id): Path<String>,
    Form(f): Form<StepForm>,
) -> Page {
    let who = ctx.user()?;
    let id: i64 = id.parse().map_err(|_| Error::not_found("work order"))?;
    let a = StepArgs {
        department_id: f.department_id.parse().ok(),
        power_code: Some(f.power_code.trim().to_string()).filter(|s| !s.is_empty()),
        note: f.note,
        rating: f.rating.parse().ok(),
        merge_into: f.merge_into.parse().ok(),
        actor: None,
    };
    run_step(&st, who, id, parse_step(&f.step)?, &a).await?;
    Ok(Redirect::to(&format!("/dispatch/orders/{id}?flash=updated")).into_response())
}

/// `POST /dispatch/import`: a 12345 export (CSV or Excel); all rows or none.
pub async fn import(ctx: Ctx, State(st): State<AppState>, mut mp: Multipart) -> Page {
    let who = ctx.user()?;
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = mp.next_field().await.map_err(|_| bad_upload())? {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("upload.xlsx").to_string();
            let bytes = field
                .bytes()
                .await
                .map_err(|_| fazhi_core::excel::too_large())?;
            if bytes.len() > MAX_UPLOAD_BYTES {
                return Err(fazhi_core::excel::too_large().into());
            }
            file = Some((name, bytes.to_vec()));
        }
    }
    let (name, bytes) = file.ok_or_else(bad_upload)?;
    let rep = dispatch::import_orders(&st.db, who, &bytes, &name, &st.calendar()).await?;
    if rep.errors.is_empty() {
        return Ok(Redirect::to("/dispatch/desk?flash=imported").into_response());
    }
    let page = render(&views::ImportReportPage {
        shell: Shell::new(
            &ctx,
            ("导入结果", "Import result"),
            &[("工单分拨", "Dispatch", Some("/dispatch/desk"))],
        ),
        errors: rep.errors,
    })?;
    Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

fn bad_upload() -> Error {
    Error::of(Code::UploadMalformed)
        .for_field("file")
        .arg_zh_en(
            "reason",
            "请选择要上传的 CSV 或 Excel 文件。",
            "Choose a CSV or Excel file to upload.",
        )
}

/// `GET /dispatch/import/template.csv`: the 12345 columns with one example row.
pub async fn template(ctx: Ctx) -> Page {
    ctx.user()?;
    let body = format!(
        "\u{FEFF}{}\r\n12345202403010001,2024-03-01 09:30,小区门口饭店油烟直排，家里窗户不敢开,塘沽街道福州道金海园3号楼,投诉\r\n",
        dispatch::IMPORT_COLUMNS.join(",")
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"12345-template.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}

fn portal_shell(ctx: &Ctx, csrf: &str) -> Shell {
    let mut s = Shell::new(
        ctx,
        ("我要投诉举报", "File a complaint"),
        &[("首页", "Home", Some("/portal"))],
    );
    s.user = None;
    s.csrf = csrf.to_string();
    s.nav = vec![NavGroup {
        label: ctx.t("公示栏目", "Sections").into(),
        items: vec![
            NavItem {
                label: ctx.t("执法主体", "Enforcement bodies").into(),
                href: "/portal".into(),
                active: false,
            },
            NavItem {
                label: ctx.t("投诉举报", "Complaints").into(),
                href: "/portal/complaints".into(),
                active: true,
            },
        ],
    }];
    s
}

/// `GET /portal/complaints`: the public complaint form (double-submit CSRF cookie, issued and
/// signed by the server).
pub async fn complaint_form(ctx: Ctx, State(st): State<AppState>) -> Response {
    let pre = ctx
        .pre_csrf
        .clone()
        .unwrap_or_else(|| crate::ctx::issue_form_token(&st.form_key));
    let page = ComplaintPage {
        shell: portal_shell(&ctx, &pre),
        error: None,
        done: None,
        f: CreateForm::default(),
    };
    let cookie = set_cookie(PRE_CSRF_COOKIE, &pre, None, ctx.secure);
    match render(&page) {
        Ok(r) => ([(header::SET_COOKIE, cookie)], r).into_response(),
        Err(e) => ctx.respond(Err(e)),
    }
}

/// `POST /portal/complaints`: files the complaint; the number is shown for follow-up.
pub async fn complaint_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Form(f): Form<CreateForm>,
) -> Page {
    // The guard accepted the anonymous token (or a logged-in visitor's session token).
    let attempt = async {
        let o = NewOrder {
            order_no: None,
            kind: parse_kind(&f.kind)?,
            text: f.text.clone(),
            address: f.address.clone(),
            caller: f.caller.clone(),
            phone: f.phone.clone(),
            received_at: None,
        };
        dispatch::submit_public(&st.db, &o, &st.calendar()).await
    }
    .await;
    let (error, done) = match attempt {
        Ok((_, no)) => (None, Some(no)),
        Err(e @ Error::Invalid { .. }) => (
            Some(if ctx.lang == "en" {
                e.message_en()
            } else {
                e.message_zh()
            }),
            None,
        ),
        Err(e) => return Err(e.into()),
    };
    let status = if error.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let page = ComplaintPage {
        shell: portal_shell(&ctx, &f.csrf),
        error,
        done,
        f,
    };
    Ok(render(&page).map(|r| (status, r).into_response())?)
}
