//! Console pages of the items: list with search, record, Excel export and import.

use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use fazhi_core::auth::Permission;
use fazhi_core::excel::{MAX_UPLOAD_BYTES, too_large};
use fazhi_core::org::list_departments;
use fazhi_core::powers::{
    BasisText, Category, ItemQuery, ItemRow, ItemStatus, PowerImportReport, ProposalRow,
    basis_texts, export_xlsx, get_item, import_xlsx, item_proposals, list_items,
};
use fazhi_core::{Code, Error, Result};
use serde::Deserialize;

use super::{category_options, item_tag, proposal_tag};
use crate::ctx::{Ctx, enc};
use crate::error::Page;
use crate::error::render;
use crate::org::{DeptOption, dept_options, xlsx_response};
use crate::shell::{Pager, Shell};
use crate::state::AppState;

/// Filters of the item lists as they appear in the URL (console and portal).
#[derive(Debug, Deserialize, Default, Clone)]
pub struct ItemParams {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub dept: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub page: String,
}

impl ItemParams {
    /// The core query; malformed values mean "no filter".
    pub fn query(&self, page_size: i64) -> ItemQuery {
        ItemQuery {
            keyword: self.q.chars().take(50).collect(),
            department_id: self.dept.parse().ok(),
            category: Category::parse(&self.category),
            status: ItemStatus::parse(&self.status),
            page: self.page.parse().unwrap_or(1),
            page_size,
        }
    }

    /// The filters as a query string (without page).
    pub fn query_string(&self) -> String {
        format!(
            "q={}&dept={}&category={}&status={}",
            enc(&self.q),
            enc(&self.dept),
            enc(&self.category),
            enc(&self.status)
        )
    }
}

/// A list row as pages show it.
pub struct ItemView {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub category: String,
    pub department: String,
    pub basis: String,
    pub status_kind: &'static str,
    pub status_text: String,
    /// Non-empty when a cited provision has left force (or will within 30 days).
    pub lapse: String,
}

/// One line per cited provision that is not (or soon not) law, in the page's language.
pub(crate) fn lapse_lines(corpus: &fazhi_law::Corpus, codes: &[String], lang: &str) -> Vec<String> {
    fazhi_core::law::currency::warnings_today(corpus, codes, fazhi_core::time::today())
        .iter()
        .map(|c| {
            if lang == "en" {
                c.message_en()
            } else {
                c.message_zh()
            }
        })
        .collect()
}

/// A short badge: the first lapse's kind and day.
fn lapse_badge(corpus: &fazhi_law::Corpus, codes: &[String], lang: &str) -> String {
    fazhi_core::law::currency::warnings_today(corpus, codes, fazhi_core::time::today())
        .first()
        .map(|c| {
            if lang == "en" {
                format!("basis {} from {}", c.lapse.en(), c.since)
            } else {
                format!("依据{}（自{}起）", c.lapse.zh(), c.since)
            }
        })
        .unwrap_or_default()
}

pub(crate) fn item_views(
    corpus: &fazhi_law::Corpus,
    rows: Vec<fazhi_core::powers::ItemListRow>,
    lang: &str,
) -> Vec<ItemView> {
    rows.into_iter()
        .map(|r| ItemView {
            lapse: lapse_badge(corpus, &r.cited, lang),
            id: r.id,
            code: r.code,
            name: r.name,
            category: r.category.label(lang).to_string(),
            department: r.department,
            basis: r.basis_citation,
            status_kind: item_tag(r.status),
            status_text: r.status.label(lang).to_string(),
        })
        .collect()
}

#[derive(askama::Template)]
#[template(path = "powers/items.html")]
struct ItemsPage {
    shell: Shell,
    p: ItemParams,
    depts: Vec<DeptOption>,
    sel_dept: i64,
    categories: Vec<(&'static str, &'static str)>,
    rows: Vec<ItemView>,
    pager: Pager,
    can_propose: bool,
    query: String,
}

const PAGE_SIZE: i64 = 20;

/// `GET /powers/items`.
pub async fn items_page(ctx: Ctx, State(st): State<AppState>, Query(p): Query<ItemParams>) -> Page {
    let who = ctx.user()?;
    let page = list_items(&st.db, who, &p.query(PAGE_SIZE)).await?;
    let qs = p.query_string();
    Ok(render(&ItemsPage {
        shell: Shell::new(
            &ctx,
            ("职权事项", "Power items"),
            &[("权责清单", "Power list", None)],
        ),
        depts: dept_options(&list_departments(&st.db, &who.region).await?, ctx.lang),
        sel_dept: p.dept.parse().unwrap_or(-1),
        categories: category_options(ctx.lang),
        pager: Pager::new(page.total, page.page, page.page_size, |n| {
            format!("/powers/items?{qs}&page={n}")
        }),
        rows: item_views(&st.corpus(), page.rows, ctx.lang),
        can_propose: who.role.can(Permission::ProposePowers),
        query: qs.clone(),
        p,
    })?)
}

/// `GET /powers/items/export.xlsx`: the filtered list in the usual columns.
pub async fn export(ctx: Ctx, State(st): State<AppState>, Query(p): Query<ItemParams>) -> Page {
    let who = ctx.user()?;
    let bytes = export_xlsx(&st.db, who, &p.query(PAGE_SIZE)).await?;
    Ok(xlsx_response(bytes, "powers.xlsx"))
}

/// A violation as the record page shows it.
pub struct ViolationView {
    pub name: String,
    pub penalised: String,
    pub legal: String,
    pub tiers: Vec<(String, String, String)>,
}

pub(crate) fn violation_views(row: &ItemRow, lang: &str) -> Vec<ViolationView> {
    row.item
        .violations
        .iter()
        .map(|v| ViolationView {
            name: v.name.clone(),
            penalised: v.penalised.clone(),
            legal: v.legal.label_zh(),
            tiers: v
                .discretion
                .tiers
                .iter()
                .map(|t| {
                    (
                        t.name.clone(),
                        t.conditions.clone(),
                        t.fine
                            .as_ref()
                            .map(|f| {
                                if lang == "en" {
                                    f.label_en()
                                } else {
                                    f.label_zh()
                                }
                            })
                            .unwrap_or_else(|| t.measures.clone()),
                    )
                })
                .collect(),
        })
        .collect()
}

#[derive(askama::Template)]
#[template(path = "powers/item.html")]
struct ItemPage {
    shell: Shell,
    r: ItemRow,
    category: String,
    status_kind: &'static str,
    status_text: String,
    basis: Vec<BasisText>,
    violations: Vec<ViolationView>,
    history: Vec<(ProposalRow, &'static str, String, String)>,
    can_propose: bool,
    /// Cited provisions not (or soon not) in force today.
    lapses: Vec<String>,
}

/// `GET /powers/items/{id}`: the record with its basis text from the corpus and its history.
pub async fn item_page(ctx: Ctx, State(st): State<AppState>, Path(id): Path<i64>) -> Page {
    let who = ctx.user()?;
    let row = get_item(&st.db, who, id).await?;
    let corpus = st.corpus();
    let can_propose = who.role.can(Permission::ProposePowers)
        && row.status == ItemStatus::Active
        && who
            .covers_department(&st.db, row.item.department_id)
            .await?;
    let history = item_proposals(&st.db, who, id)
        .await?
        .into_iter()
        .map(|p| {
            let tag = proposal_tag(p.status);
            let s = p.status.label(ctx.lang).to_string();
            let k = p.kind.label(ctx.lang).to_string();
            (p, tag, s, k)
        })
        .collect();
    Ok(render(&ItemPage {
        shell: Shell::new(
            &ctx,
            (row.item.name.as_str(), row.item.name.as_str()),
            &[
                ("权责清单", "Power list", None),
                ("职权事项", "Power items", Some("/powers/items")),
                (row.item.code.as_str(), row.item.code.as_str(), None),
            ],
        ),
        category: row.item.category.label(ctx.lang).to_string(),
        status_kind: item_tag(row.status),
        status_text: row.status.label(ctx.lang).to_string(),
        basis: basis_texts(&corpus, &row.item.basis),
        violations: violation_views(&row, ctx.lang),
        lapses: lapse_lines(
            &corpus,
            &fazhi_core::powers::cited_codes(&row.item),
            ctx.lang,
        ),
        history,
        can_propose,
        r: row,
    })?)
}

#[derive(askama::Template)]
#[template(path = "powers/import.html")]
struct ImportPage {
    shell: Shell,
    report: Option<PowerImportReport>,
    error: Option<String>,
    max_mb: usize,
}

fn import_view(
    ctx: &Ctx,
    report: Option<PowerImportReport>,
    error: Option<String>,
) -> Result<Response> {
    render(&ImportPage {
        shell: Shell::new(
            ctx,
            ("导入权责清单", "Import the power list"),
            &[
                ("权责清单", "Power list", None),
                ("职权事项", "Power items", Some("/powers/items")),
                ("导入", "Import", None),
            ],
        ),
        report,
        error,
        max_mb: MAX_UPLOAD_BYTES / 1024 / 1024,
    })
}

/// `GET /powers/items/import`.
pub async fn import_page(ctx: Ctx) -> Page {
    ctx.user()?;
    Ok(import_view(&ctx, None, None)?)
}

/// Reads the `csrf` and `file` fields of an upload.
async fn read_upload(mut mp: Multipart) -> Result<(String, Vec<u8>)> {
    let bad = |e: String| {
        Error::of(Code::UploadMalformed)
            .for_field("file")
            .arg_zh_en(
                "reason",
                format!("上传失败：{e}"),
                format!("Upload failed: {e}"),
            )
    };
    let (mut csrf, mut file) = (String::new(), Vec::new());
    while let Some(field) = mp.next_field().await.map_err(|e| bad(e.to_string()))? {
        match field.name() {
            Some("csrf") => csrf = field.text().await.map_err(|e| bad(e.to_string()))?,
            Some("file") => {
                let b = field.bytes().await.map_err(|e| bad(e.to_string()))?;
                if b.len() > MAX_UPLOAD_BYTES {
                    return Err(too_large());
                }
                file = b.to_vec();
            }
            _ => {}
        }
    }
    Ok((csrf, file))
}

/// `POST /powers/items/import`: all rows checked; a report of every bad row, or draft
/// proposals for every new or changed row.
pub async fn import_submit(ctx: Ctx, State(st): State<AppState>, mp: Multipart) -> Page {
    let who = ctx.user()?;
    let (_, file) = read_upload(mp).await?;
    Ok(match import_xlsx(&st.db, &st.corpus(), who, &file).await {
        Ok(rep) if rep.errors.is_empty() => {
            Ok(Redirect::to("/powers/proposals?status=draft&flash=imported").into_response())
        }
        Ok(rep) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            import_view(&ctx, Some(rep), None)?,
        )
            .into_response()),
        Err(e @ Error::Invalid { .. }) => {
            let msg = ctx.t(&e.message_zh(), &e.message_en()).to_string();
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                import_view(&ctx, None, Some(msg))?,
            )
                .into_response())
        }
        Err(e) => Err(e),
    }?)
}
