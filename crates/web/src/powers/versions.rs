//! Versions: list and publication, one version reproduced, two compared; statistics of a year.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use chrono::{Datelike, NaiveDate};
use fazhi_core::auth::Permission;
use fazhi_core::powers::{
    Category, PowerItem, ProposalQuery, ProposalStatus, VersionDiff, VersionRow, YearStats,
    breakdown, diff_versions, get_version, list_proposals, list_versions, publish_version,
    reproduce_version, year_stats,
};
use fazhi_core::{Code, Error, Result};
use serde::Deserialize;

use crate::ctx::Ctx;
use crate::error::Page;
use crate::error::render;
use crate::shell::{Pager, Shell};
use crate::state::AppState;

#[derive(askama::Template)]
#[template(path = "powers/versions.html")]
struct VersionsPage {
    shell: Shell,
    versions: Vec<VersionRow>,
    approved: i64,
    can_publish: bool,
    today: String,
}

/// `GET /powers/versions`.
pub async fn versions_page(ctx: Ctx, State(st): State<AppState>) -> Page {
    let who = ctx.user()?;
    let approved = list_proposals(
        &st.db,
        who,
        &ProposalQuery {
            status: Some(ProposalStatus::Approved),
            page: 1,
            page_size: 1,
            ..Default::default()
        },
    )
    .await?
    .total;
    Ok(render(&VersionsPage {
        shell: Shell::new(
            &ctx,
            ("清单版本", "Published versions"),
            &[("权责清单", "Power list", None)],
        ),
        versions: list_versions(&st.db, &who.region).await?,
        approved,
        can_publish: who.role.can(Permission::ReviewPowers),
        today: fazhi_core::time::today().to_string(),
    })?)
}

#[derive(Debug, Deserialize)]
pub struct PublishForm {
    #[serde(default)]
    on: String,
    #[serde(default)]
    note: String,
}

/// `POST /powers/versions/publish`: the Justice Bureau publishes every approved proposal.
pub async fn publish(ctx: Ctx, State(st): State<AppState>, Form(f): Form<PublishForm>) -> Page {
    let who = ctx.user()?;
    let on = if f.on.trim().is_empty() {
        fazhi_core::time::today()
    } else {
        NaiveDate::parse_from_str(f.on.trim(), "%Y-%m-%d")
            .map_err(|_| Error::of(Code::PowersDate).for_field("on"))?
    };
    let v = publish_version(&st.db, who, on, &f.note).await?;
    Ok(Redirect::to(&format!("/powers/versions/{}?flash=created", v.number)).into_response())
}

#[derive(Debug, Deserialize, Default)]
pub struct VersionParams {
    #[serde(default)]
    page: String,
    #[serde(default)]
    q: String,
}

pub struct SnapshotRow {
    pub code: String,
    pub name: String,
    pub category: String,
    pub department: String,
    pub basis: String,
}

fn snap(i: &PowerItem, lang: &str) -> SnapshotRow {
    SnapshotRow {
        code: i.code.clone(),
        name: i.name.clone(),
        category: i.category.label(lang).into(),
        department: i.department.clone(),
        basis: i.basis_citation.clone(),
    }
}

#[derive(askama::Template)]
#[template(path = "powers/version.html")]
struct VersionPage {
    shell: Shell,
    v: VersionRow,
    rows: Vec<SnapshotRow>,
    pager: Pager,
    q: String,
}

/// `GET /powers/versions/{number}`: the list exactly as that version published it.
pub async fn version_page(
    ctx: Ctx,
    State(st): State<AppState>,
    Path(number): Path<i64>,
    Query(p): Query<VersionParams>,
) -> Page {
    let who = ctx.user()?;
    let v = get_version(&st.db, &who.region, number).await?;
    let q = p.q.trim().to_string();
    let all: Vec<PowerItem> = reproduce_version(&st.db, &who.region, number)
        .await?
        .into_iter()
        .map(|(_, i)| i)
        .filter(|i| q.is_empty() || i.code.contains(&q) || i.name.contains(&q))
        .collect();
    let page: i64 = p.page.parse().unwrap_or(1).max(1);
    let size = 50;
    let rows = all
        .iter()
        .skip(((page - 1) * size) as usize)
        .take(size as usize)
        .map(|i| snap(i, ctx.lang))
        .collect();
    let title = format!("权责清单第 {number} 版");
    let title_en = format!("Power list, version {number}");
    let qs = crate::ctx::enc(&q);
    Ok(render(&VersionPage {
        shell: Shell::new(
            &ctx,
            (title.as_str(), title_en.as_str()),
            &[
                ("权责清单", "Power list", None),
                ("清单版本", "Published versions", Some("/powers/versions")),
                (title.as_str(), title_en.as_str(), None),
            ],
        ),
        pager: Pager::new(all.len() as i64, page, size, |n| {
            format!("/powers/versions/{number}?q={qs}&page={n}")
        }),
        rows,
        v,
        q,
    })?)
}

#[derive(Debug, Deserialize, Default)]
pub struct DiffParams {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

#[derive(askama::Template)]
#[template(path = "powers/diff.html")]
struct DiffPage {
    shell: Shell,
    d: VersionDiff,
    added: Vec<SnapshotRow>,
    removed: Vec<SnapshotRow>,
    changed: Vec<(SnapshotRow, SnapshotRow, String)>,
}

/// `GET /powers/versions/diff?from=N&to=M`.
pub async fn diff_page(ctx: Ctx, State(st): State<AppState>, Query(p): Query<DiffParams>) -> Page {
    let who = ctx.user()?;
    let bad = || Error::of(Code::PowersVersion).for_field("from");
    let from: i64 = p.from.parse().map_err(|_| bad())?;
    let to: i64 = p.to.parse().map_err(|_| bad())?;
    let d = diff_versions(&st.db, &who.region, from, to).await?;
    let lang = ctx.lang;
    Ok(render(&DiffPage {
        shell: Shell::new(
            &ctx,
            ("版本比较", "Compare versions"),
            &[
                ("权责清单", "Power list", None),
                ("清单版本", "Published versions", Some("/powers/versions")),
                ("版本比较", "Compare", None),
            ],
        ),
        added: d.added.iter().map(|i| snap(i, lang)).collect(),
        removed: d.removed.iter().map(|i| snap(i, lang)).collect(),
        changed: d
            .changed
            .iter()
            .map(|(a, b, f)| (snap(a, lang), snap(b, lang), f.join("、")))
            .collect(),
        d,
    })?)
}

#[derive(Debug, Deserialize, Default)]
pub struct StatsParams {
    #[serde(default)]
    year: String,
}

#[derive(askama::Template)]
#[template(path = "powers/stats.html")]
struct StatsPage {
    shell: Shell,
    s: YearStats,
    by_category: Vec<(String, i64)>,
    by_department: Vec<(String, i64)>,
}

pub(crate) fn parse_year(s: &str) -> Result<i32> {
    if s.trim().is_empty() {
        return Ok(fazhi_core::time::today().year());
    }
    s.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (1990..=2100).contains(y))
        .ok_or_else(|| Error::of(Code::PowersYear).for_field("year"))
}

/// `GET /powers/stats?year=YYYY`: the year's figures, each a query over the records.
pub async fn stats_page(
    ctx: Ctx,
    State(st): State<AppState>,
    Query(p): Query<StatsParams>,
) -> Page {
    let who = ctx.user()?;
    let year = parse_year(&p.year)?;
    let s = year_stats(&st.db, &who.region, year).await?;
    let (cats, depts) = breakdown(&st.db, &who.region).await?;
    Ok(render(&StatsPage {
        shell: Shell::new(
            &ctx,
            ("权责清单统计", "Power list statistics"),
            &[("权责清单", "Power list", None)],
        ),
        s,
        by_category: cats
            .into_iter()
            .map(|(c, n)| {
                (
                    Category::parse(&c)
                        .map(|c| c.label(ctx.lang).to_string())
                        .unwrap_or(c),
                    n,
                )
            })
            .collect(),
        by_department: depts,
    })?)
}
