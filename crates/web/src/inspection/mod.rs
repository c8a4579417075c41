//! Pages and API of inspections and the electronic inspection certificate (电子检查证): the
//! console (inspections, issuance, revocation, printable certificate, statistics and
//! unscanned flags, key rotation), the enterprise's door page, the public verification page
//! `/v/{token}` and the JSON API.

mod api;
mod verify;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use fazhi_core::auth::Permission;
use fazhi_core::inspection::{
    CertificateRow, EnterpriseVisit, Ground, InspectionDetail, InspectionQuery, InspectionRow,
    KeyInfo, MonthStat, NewInspection, PAGE_SIZE, TeamMember, Unscanned, create_inspection,
    enterprise_visits, get_inspection, issue_certificate, key_set, list_inspections, month_stats,
    rate, revoke_certificate, rotate_key, scan, unscanned,
};
use fazhi_core::time::{fmt_ms, today};
use fazhi_core::{BINHAI_REGION, Code, Error, Result};
use serde::Deserialize;

use crate::ctx::{Ctx, enc};
use crate::error::Page;
use crate::error::render;
use crate::routes::{Access as A, NavGroup as N, Route, ScopeRule as S};
use crate::shell::{Pager, Shell};
use crate::state::AppState;

pub use verify::invalidate_keys;

/// Routes of the module (console pages, the public verification page /v/{token}, API).
pub fn routes() -> Vec<Route> {
    use Permission as P;
    let mut v = vec![
        Route::get(
            "/inspections",
            A::Perm(P::ViewSampling),
            S::DataScope,
            list_page,
        )
        .nav(
            N::Inspections,
            "检查记录与检查证",
            "Inspections & certificates",
        ),
        Route::post(
            "/inspections",
            A::Perm(P::RecordInspections),
            S::DataScope,
            create_submit,
        ),
        Route::get(
            "/inspections/new",
            A::Perm(P::RecordInspections),
            S::DataScope,
            new_page,
        ),
        Route::get(
            "/inspections/stats",
            A::Perm(P::ViewSampling),
            S::DataScope,
            stats_page,
        )
        .nav(N::Inspections, "检查证使用统计", "Certificate use"),
        Route::get(
            "/inspections/{id}",
            A::Perm(P::ViewSampling),
            S::DataScope,
            detail_page,
        ),
        Route::post(
            "/inspections/{id}/issue",
            A::Perm(P::RecordInspections),
            S::DataScope,
            issue_submit,
        ),
        Route::post(
            "/inspections/certificates/{cert_no}/revoke",
            A::Perm(P::RecordInspections),
            S::DataScope,
            revoke_submit,
        ),
        Route::get(
            "/inspections/certificates/{cert_no}/print",
            A::Perm(P::ViewSampling),
            S::DataScope,
            print_page,
        ),
        Route::get(
            "/enterprise/inspections",
            A::Perm(P::EnterpriseSelf),
            S::Own,
            enterprise_page,
        )
        .nav(N::Enterprise, "入企检查", "Inspections of my company"),
        Route::post(
            "/enterprise/inspections/scan",
            A::Perm(P::EnterpriseSelf),
            S::Own,
            scan_submit,
        ),
        Route::post(
            "/enterprise/inspections/rate",
            A::Perm(P::EnterpriseSelf),
            S::Own,
            rate_submit,
        ),
        Route::get(
            "/security/inspection-keys",
            A::Perm(P::ManageSecurity),
            S::System,
            keys_page,
        )
        .nav(N::Security, "检查证签名密钥", "Certificate keys"),
        Route::post(
            "/security/inspection-keys",
            A::Perm(P::ManageSecurity),
            S::System,
            rotate_submit,
        ),
    ];
    v.extend(verify::routes());
    v.extend(api::routes());
    v
}

fn crumbs() -> [(&'static str, &'static str, Option<&'static str>); 1] {
    [("行政检查", "Inspections", Some("/inspections"))]
}

fn err_text(ctx: &Ctx, e: &Error) -> String {
    if ctx.lang == "en" {
        e.message_en()
    } else {
        e.message_zh()
    }
}

fn ground_label(ctx: &Ctx, g: Ground) -> String {
    ctx.t(g.label_zh(), g.label_en()).to_string()
}

/// Local date-time of epoch seconds.
fn secs(s: i64) -> String {
    fmt_ms(s * 1000)
}

/// The public URL a QR code holds: the request's host (proxies set X-Forwarded-*).
fn verify_url(headers: &HeaderMap, token: &str) -> String {
    let h = |n: &str| headers.get(n).and_then(|v| v.to_str().ok());
    let host = h("x-forwarded-host")
        .or_else(|| h("host"))
        .unwrap_or("localhost");
    let proto = h("x-forwarded-proto").unwrap_or("http");
    // A host header is outside input: keep only characters a host may hold.
    let host: String = host
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        .collect();
    let proto = if proto == "https" { "https" } else { "http" };
    format!("{proto}://{host}/v/{token}")
}

struct Row {
    id: i64,
    no: String,
    ground: String,
    subject: String,
    code: String,
    department: String,
    window: String,
    outcome: String,
}

fn row_view(ctx: &Ctx, r: &InspectionRow) -> Row {
    Row {
        id: r.id,
        no: r.inspection_no.clone(),
        ground: ground_label(ctx, r.ground),
        subject: r.subject_name.clone(),
        code: r.subject_code.clone(),
        department: r.department.clone(),
        window: format!("{} — {}", r.window_start, r.window_end),
        outcome: r
            .outcome
            .as_deref()
            .and_then(fazhi_core::sampling::Outcome::parse)
            .map(|o| o.label(ctx.lang).to_string())
            .unwrap_or_else(|| "—".into()),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct ListParams {
    #[serde(default)]
    ground: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    year: Option<i64>,
    #[serde(default)]
    page: Option<i64>,
}

#[derive(askama::Template)]
#[template(path = "inspection/list.html")]
struct ListPage {
    shell: Shell,
    rows: Vec<Row>,
    pager: Pager,
    q: String,
    ground: String,
    grounds: Vec<(String, String)>,
    can_record: bool,
}

/// `GET /inspections`.
pub async fn list_page(ctx: Ctx, State(st): State<AppState>, Query(p): Query<ListParams>) -> Page {
    let who = ctx.user()?;
    let q = InspectionQuery {
        ground: Ground::parse(&p.ground),
        q: p.q.clone(),
        year: p.year,
        page: p.page.unwrap_or(1),
    };
    let (total, rows) = list_inspections(&st.db, who, &q).await?;
    let (qq, g) = (enc(&p.q), enc(&p.ground));
    Ok(render(&ListPage {
        shell: Shell::new(&ctx, ("行政检查", "Inspections"), &[]),
        rows: rows.iter().map(|r| row_view(&ctx, r)).collect(),
        pager: Pager::new(total, q.page, PAGE_SIZE, |n| {
            format!("/inspections?q={qq}&ground={g}&page={n}")
        }),
        q: p.q.clone(),
        ground: p.ground.clone(),
        grounds: Ground::ALL
            .iter()
            .map(|g| (g.as_str().to_string(), ground_label(&ctx, *g)))
            .collect(),
        can_record: who.role.can(Permission::RecordInspections),
    })?)
}

#[derive(askama::Template)]
#[template(path = "inspection/new.html")]
struct NewPage {
    shell: Shell,
    grounds: Vec<(String, String)>,
    error: Option<String>,
    f: CreateForm,
}

#[derive(Debug, Deserialize, Default, Clone)]
pub struct CreateForm {
    #[serde(default)]
    ground: String,
    #[serde(default)]
    ground_ref: String,
    #[serde(default)]
    legal_ground: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    subject_code: String,
    #[serde(default)]
    subject_name: String,
    #[serde(default)]
    domain: String,
    /// Power item codes, separated by commas or spaces.
    #[serde(default)]
    matters: String,
    /// Officer ids, separated by commas or spaces.
    #[serde(default)]
    officers: String,
    #[serde(default)]
    window_start: String,
    #[serde(default)]
    window_end: String,
}

fn split(s: &str) -> Vec<String> {
    s.split([',', '，', ' ', '\n', '、'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

fn date_field(s: &str, field: &'static str) -> Result<NaiveDate> {
    s.trim().parse().map_err(|_| {
        Error::of(Code::InspectionDate).for_field(field).arg_zh_en(
            "reason",
            "日期应为 YYYY-MM-DD。",
            "Dates must be YYYY-MM-DD.",
        )
    })
}

fn new_page_view(ctx: &Ctx, f: CreateForm, error: Option<String>) -> NewPage {
    NewPage {
        shell: Shell::new(ctx, ("登记检查", "New inspection"), &crumbs()),
        grounds: Ground::ALL
            .iter()
            .filter(|g| **g != Ground::Draw)
            .map(|g| (g.as_str().to_string(), ground_label(ctx, *g)))
            .collect(),
        error,
        f,
    }
}

/// `GET /inspections/new`.
pub async fn new_page(ctx: Ctx) -> Page {
    ctx.user()?;
    let t = today().to_string();
    Ok(render(&new_page_view(
        &ctx,
        CreateForm {
            window_start: t.clone(),
            window_end: t,
            ..Default::default()
        },
        None,
    ))?)
}

/// `POST /inspections`: records an inspection of the caller's department.
pub async fn create_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Form(f): Form<CreateForm>,
) -> Page {
    let who = ctx.user()?;
    let attempt = async {
        let department_id = who.department_id.ok_or_else(|| {
            Error::forbidden("本账号不属于任何部门。", "this account has no department")
        })?;
        let officers = split(&f.officers)
            .iter()
            .map(|s| {
                s.parse::<i64>()
                    .map_err(|_| Error::of(Code::InspectionOfficers).for_field("officers"))
            })
            .collect::<Result<Vec<i64>>>()?;
        let ground = Ground::parse(&f.ground)
            .filter(|g| *g != Ground::Draw)
            .ok_or_else(|| {
                Error::of(Code::InspectionGround)
                    .for_field("ground")
                    .arg_zh_en(
                        "reason",
                        "请选择检查来源（双随机抽查由抽查任务自动登记）。",
                        "Choose the ground (draws are recorded from their task).",
                    )
            })?;
        let n = NewInspection {
            ground,
            ground_ref: f.ground_ref.clone(),
            sampling_inspection_id: None,
            legal_ground: f.legal_ground.clone(),
            reason: f.reason.clone(),
            department_id,
            joint_departments: vec![],
            subject_code: f.subject_code.clone(),
            subject_name: f.subject_name.clone(),
            domain: f.domain.clone(),
            matters: split(&f.matters),
            officers: officers
                .into_iter()
                .map(|id| TeamMember {
                    id,
                    domain: f.domain.trim().to_string(),
                })
                .collect(),
            window_start: date_field(&f.window_start, "window_start")?,
            window_end: date_field(&f.window_end, "window_end")?,
            outcome: None,
            note: String::new(),
            inspected_on: None,
        };
        create_inspection(&st.db, who, &n).await
    }
    .await;
    Ok(match attempt {
        Ok(id) => Ok(Redirect::to(&format!("/inspections/{id}?flash=created")).into_response()),
        Err(e @ (Error::Invalid { .. } | Error::Conflict { .. })) => {
            let msg = err_text(&ctx, &e);
            render(&new_page_view(&ctx, f.clone(), Some(msg)))
        }
        Err(e) => Err(e),
    }?)
}

struct CertView {
    no: String,
    status: String,
    live: bool,
    kid: String,
    valid: String,
    arrived: String,
    departed: String,
    token: String,
}

fn cert_view(ctx: &Ctx, c: &CertificateRow) -> CertView {
    CertView {
        no: c.cert_no.clone(),
        status: if c.status == "revoked" {
            ctx.t("已作废", "Revoked").into()
        } else {
            ctx.t("有效签发", "Issued").into()
        },
        live: c.status == "issued",
        kid: c.kid.clone(),
        valid: format!("{} — {}", secs(c.valid_from), secs(c.valid_until)),
        arrived: c.arrived_at.map(fmt_ms).unwrap_or_else(|| "—".into()),
        departed: c.departed_at.map(fmt_ms).unwrap_or_else(|| "—".into()),
        token: c.token.clone(),
    }
}

#[derive(askama::Template)]
#[template(path = "inspection/detail.html")]
struct DetailPage {
    shell: Shell,
    i: InspectionRow,
    ground: String,
    team: Vec<(String, String)>,
    certs: Vec<CertView>,
    can_issue: bool,
    error: Option<String>,
}

fn detail_view(ctx: &Ctx, d: InspectionDetail, can: bool, error: Option<String>) -> DetailPage {
    let live = d.certificates.iter().any(|c| c.status == "issued");
    DetailPage {
        shell: Shell::new(ctx, ("检查详情", "Inspection"), &crumbs()),
        ground: ground_label(ctx, d.inspection.ground),
        team: d.team,
        certs: d.certificates.iter().map(|c| cert_view(ctx, c)).collect(),
        can_issue: can && !live,
        i: d.inspection,
        error,
    }
}

/// `GET /inspections/{id}`.
pub async fn detail_page(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> Page {
    let who = ctx.user()?;
    let d = get_inspection(&st.db, who, id).await?;
    Ok(render(&detail_view(
        &ctx,
        d,
        who.role.can(Permission::RecordInspections),
        None,
    ))?)
}

#[derive(Debug, Deserialize, Default)]
pub struct CsrfForm {
    #[serde(default)]
    reason: String,
}

/// `POST /inspections/{id}/issue`: runs the gates; a refusal is shown on the page, naming the gate.
pub async fn issue_submit(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> Page {
    let who = ctx.user()?;
    Ok(match issue_certificate(&st.db, who, id).await {
        Ok(_) => Ok(Redirect::to(&format!("/inspections/{id}?flash=created")).into_response()),
        Err(e @ (Error::Invalid { .. } | Error::Conflict { .. })) => {
            let d = get_inspection(&st.db, who, id).await?;
            let msg = err_text(&ctx, &e);
            render(&detail_view(&ctx, d, true, Some(msg)))
        }
        Err(e) => Err(e),
    }?)
}

/// `POST /inspections/certificates/{cert_no}/revoke`.
pub async fn revoke_submit(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(cert_no): Path<String>,
    Form(f): Form<CsrfForm>,
) -> Page {
    let who = ctx.user()?;
    revoke_certificate(&st.db, who, &cert_no, &f.reason).await?;
    invalidate_keys();
    let id = fazhi_core::inspection::certificate_by_no(&st.db, &who.region, &cert_no)
        .await?
        .map(|c| c.inspection_id)
        .unwrap_or_default();
    Ok(Redirect::to(&format!("/inspections/{id}?flash=updated")).into_response())
}

#[derive(askama::Template)]
#[template(path = "inspection/print.html")]
struct PrintPage {
    lang: &'static str,
    c: CertificateRow,
    i: InspectionRow,
    team: Vec<(String, String)>,
    url: String,
    qr_svg: String,
    valid: String,
}

impl PrintPage {
    fn t<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        if self.lang == "en" { en } else { zh }
    }
}

/// `GET /inspections/certificates/{cert_no}/print`: the A4 certificate with its QR code.
pub async fn print_page(
    ctx: Ctx,
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(cert_no): Path<String>,
) -> Page {
    let who = ctx.user()?;
    let c = fazhi_core::inspection::certificate_by_no(&st.db, &who.region, &cert_no)
        .await?
        .ok_or_else(|| Error::not_found("certificate"))?;
    let d = get_inspection(&st.db, who, c.inspection_id).await?;
    let url = verify_url(&headers, &c.token);
    let qr_svg = fazhi_core::inspection::qr::svg(&url).unwrap_or_default();
    Ok(render(&PrintPage {
        lang: ctx.lang,
        valid: format!("{} — {}", secs(c.valid_from), secs(c.valid_until)),
        c,
        i: d.inspection,
        team: d.team,
        url,
        qr_svg,
    })?)
}

#[derive(Debug, Deserialize, Default)]
pub struct YearParams {
    #[serde(default)]
    year: Option<i64>,
}

#[derive(askama::Template)]
#[template(path = "inspection/stats.html")]
struct StatsPage {
    shell: Shell,
    year: i64,
    rows: Vec<MonthStat>,
    issued: i64,
    used: i64,
    rated: i64,
    flagged: i64,
    flags: Vec<Unscanned>,
}

/// `GET /inspections/stats`: use per department and month, and the unscanned flags.
pub async fn stats_page(ctx: Ctx, State(st): State<AppState>, Query(p): Query<YearParams>) -> Page {
    let who = ctx.user()?;
    let year = p.year.unwrap_or(2024);
    let rows = month_stats(&st.db, who, year).await?;
    let (flagged, flags) = unscanned(&st.db, who, 50).await?;
    Ok(render(&StatsPage {
        shell: Shell::new(&ctx, ("检查证使用统计", "Certificate use"), &crumbs()),
        year,
        issued: rows.iter().map(|r| r.issued).sum(),
        used: rows.iter().map(|r| r.used).sum(),
        rated: rows.iter().map(|r| r.rated).sum(),
        rows,
        flagged,
        flags,
    })?)
}

struct VisitView {
    v: EnterpriseVisit,
    valid: String,
    arrived: String,
    departed: String,
    can_rate: bool,
}

#[derive(askama::Template)]
#[template(path = "inspection/enterprise.html")]
struct EnterprisePage {
    shell: Shell,
    visits: Vec<VisitView>,
    error: Option<String>,
    notice: Option<String>,
}

async fn enterprise_view(
    ctx: &Ctx,
    st: &AppState,
    error: Option<String>,
    notice: Option<String>,
) -> Result<Response> {
    let who = ctx.user()?;
    let visits = enterprise_visits(&st.db, who, 50)
        .await?
        .into_iter()
        .map(|v| VisitView {
            valid: format!("{} — {}", secs(v.valid_from), secs(v.valid_until)),
            arrived: v.arrived_at.map(fmt_ms).unwrap_or_else(|| "—".into()),
            departed: v.departed_at.map(fmt_ms).unwrap_or_else(|| "—".into()),
            can_rate: v.departed_at.is_some() && v.score.is_none(),
            v,
        })
        .collect();
    render(&EnterprisePage {
        shell: Shell::new(ctx, ("入企检查", "Inspections at my door"), &[]),
        visits,
        error,
        notice,
    })
}

/// `GET /enterprise/inspections`: the enterprise's inspections, scans and ratings.
pub async fn enterprise_page(ctx: Ctx, State(st): State<AppState>) -> Page {
    Ok(enterprise_view(&ctx, &st, None, None).await?)
}

#[derive(Debug, Deserialize, Default)]
pub struct ScanForm {
    #[serde(default)]
    token: String,
}

/// `POST /enterprise/inspections/scan`: arrival, then departure (入企扫码).
pub async fn scan_submit(ctx: Ctx, State(st): State<AppState>, Form(f): Form<ScanForm>) -> Page {
    let who = ctx.user()?;
    let token = f.token.trim();
    let token = token.rfind("/v/").map(|i| &token[i + 3..]).unwrap_or(token);
    Ok(match scan(&st.db, who, token).await {
        Ok(s) => {
            let msg = format!(
                "{} {}：{}",
                s.cert_no,
                ctx.t(s.kind.label_zh(), s.kind.as_str()),
                fmt_ms(s.at)
            );
            enterprise_view(&ctx, &st, None, Some(msg)).await
        }
        Err(e @ (Error::Invalid { .. } | Error::Conflict { .. })) => {
            let msg = err_text(&ctx, &e);
            enterprise_view(&ctx, &st, Some(msg), None).await
        }
        Err(e) => Err(e),
    }?)
}

#[derive(Debug, Deserialize, Default)]
pub struct RateForm {
    #[serde(default)]
    cert_no: String,
    #[serde(default)]
    score: i64,
    #[serde(default)]
    comment: String,
}

/// `POST /enterprise/inspections/rate`: rating after the visit.
pub async fn rate_submit(ctx: Ctx, State(st): State<AppState>, Form(f): Form<RateForm>) -> Page {
    let who = ctx.user()?;
    Ok(
        match rate(&st.db, who, &f.cert_no, f.score, &f.comment).await {
            Ok(()) => {
                let msg = ctx.t("感谢评价。", "Thank you for rating.").to_string();
                enterprise_view(&ctx, &st, None, Some(msg)).await
            }
            Err(e @ (Error::Invalid { .. } | Error::Conflict { .. })) => {
                let msg = err_text(&ctx, &e);
                enterprise_view(&ctx, &st, Some(msg), None).await
            }
            Err(e) => Err(e),
        }?,
    )
}

#[derive(askama::Template)]
#[template(path = "inspection/keys.html")]
struct KeysPage {
    shell: Shell,
    keys: Vec<KeyInfo>,
    counter: i64,
    today: String,
}

/// `GET /security/inspection-keys`: the published keys and rotation (security administrator).
pub async fn keys_page(ctx: Ctx, State(st): State<AppState>) -> Page {
    ctx.user()?;
    let ks = key_set(&st.db, BINHAI_REGION, today()).await?;
    Ok(render(&KeysPage {
        shell: Shell::new(&ctx, ("检查证签名密钥", "Certificate signing keys"), &[]),
        keys: ks.keys,
        counter: ks.counter,
        today: today().to_string(),
    })?)
}

/// `POST /security/inspection-keys`: rotates the signing key.
pub async fn rotate_submit(ctx: Ctx, State(st): State<AppState>) -> Page {
    let who = ctx.user()?;
    rotate_key(&st.db, who, today()).await?;
    invalidate_keys();
    Ok(Redirect::to("/security/inspection-keys?flash=updated").into_response())
}
