//! JSON API of the legal corpus under `/api/v1/law` (public read). Errors are the API's
//! `{code, message, message_en, field}` body ([`ApiErrorBody`]) with the corpus's own code
//! (`unknown_law`, `no_such_provision`, `nothing_resolvable`, …) and its bilingual message.
//! The paths are described by their own OpenAPI document at `/api/v1/law/openapi.json`.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use fazhi_law::{
    ChangeKind, Corpus, Date, Law, LawError, Level, Node, ProvisionCode, ResolveOptions,
    SearchFilters, Status, Version,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::{law_status, messages, pick_version};
use crate::error::ApiErrorBody;
use crate::state::AppState;

/// Most hits one search call returns.
const MAX_LIMIT: usize = 200;

/// An API failure: status and the standard error body.
#[derive(Debug)]
pub struct Fail {
    pub status: StatusCode,
    pub code: String,
    pub field: Option<&'static str>,
    pub zh: String,
    pub en: String,
}

impl Fail {
    fn invalid(field: &'static str, code: &str, zh: &str, en: &str) -> Fail {
        Fail {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: code.into(),
            field: Some(field),
            zh: zh.into(),
            en: en.into(),
        }
    }

    fn from_law(e: &LawError, field: Option<&'static str>) -> Fail {
        let (zh, en) = messages(e);
        Fail {
            status: law_status(e),
            code: e.code().into(),
            field,
            zh,
            en,
        }
    }

    fn body(&self) -> ApiErrorBody {
        ApiErrorBody {
            code: self.code.clone(),
            message: self.zh.clone(),
            message_en: self.en.clone(),
            field: self.field.map(str::to_string),
        }
    }
}

impl From<LawError> for Fail {
    fn from(e: LawError) -> Fail {
        Fail::from_law(&e, None)
    }
}

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        (self.status, Json(self.body())).into_response()
    }
}

type ApiResult<T> = Result<Json<T>, Fail>;

fn parse_date(s: &str, field: &'static str) -> Result<Option<Date>, Fail> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse().map(Some).map_err(|_| {
        Fail::invalid(
            field,
            "bad_date",
            "日期格式应为 YYYY-MM-DD。",
            "Dates are written YYYY-MM-DD.",
        )
    })
}

/// Options of the resolver from the `context` (a provision code) and `on` (a date) inputs.
pub fn resolve_opts(context: &str, on: &str) -> Result<ResolveOptions, Fail> {
    let context = context.trim();
    let context = if context.is_empty() {
        None
    } else {
        Some(
            context
                .parse::<ProvisionCode>()
                .map_err(|e| Fail::from_law(&LawError::Code(e), Some("context")))?,
        )
    };
    Ok(ResolveOptions {
        context,
        on: parse_date(on, "on")?,
    })
}

// ---------------------------------------------------------------- DTOs

/// One dated text of a law.
#[derive(Serialize, ToSchema)]
pub struct VersionDto {
    /// `行政复议法@2017-09-01`
    id: String,
    /// Version date (of the adoption, revision or amendment).
    date: String,
    /// First day in force.
    effective: String,
    /// First day no longer in force, if known.
    ends: Option<String>,
    /// `superseded` or `repealed` when `ends` is set.
    end_reason: Option<String>,
    /// 尚未施行 | 现行有效 | 已修改 | 已废止 (today)
    status: String,
    articles: usize,
    notes: String,
}

/// A law with its versions.
#[derive(Serialize, ToSchema)]
pub struct LawDto {
    /// Law code: the short title (`行政处罚法`).
    code: String,
    /// Official title.
    title: String,
    /// 法律 | 行政法规 | 部门规章 | 其他
    level: String,
    /// Status today (of the current version).
    status: String,
    /// Id of the version that applies today.
    current_version: String,
    versions: Vec<VersionDto>,
}

/// A unit of a statute tree.
#[derive(Serialize, ToSchema)]
pub struct NodeDto {
    /// law | part | subpart | chapter | section | article | paragraph | item | subitem
    kind: String,
    /// Number as written (`第三十三条`, `（一）`).
    num: String,
    /// Version-free provision code (`行政处罚法/art_33__para_1`).
    code: String,
    /// Canonical citation (citable units only).
    citation: Option<String>,
    /// Own text (heading name, or the line without its number).
    text: String,
    #[schema(no_recursion)]
    children: Vec<NodeDto>,
}

/// One header line of a statute.
#[derive(Serialize, ToSchema)]
pub struct HistoryDto {
    date: String,
    event: String,
}

/// A version of a law as a tree.
#[derive(Serialize, ToSchema)]
pub struct LawTreeDto {
    code: String,
    title: String,
    level: String,
    version: String,
    status: String,
    effective: String,
    articles: usize,
    history: Vec<HistoryDto>,
    children: Vec<NodeDto>,
}

/// One cross-reference.
#[derive(Serialize, ToSchema)]
pub struct EdgeDto {
    /// Citing unit (version-free code).
    from: String,
    /// Version of the citing text.
    from_version: String,
    /// Cited unit (version-free code).
    to: String,
    /// The citation as written.
    source: String,
}

/// A provision resolved to text and version, with its cross-references.
#[derive(Serialize, ToSchema)]
pub struct ProvisionDto {
    /// Version-free code.
    code: String,
    /// The code pinned to the version the text comes from (`行政处罚法@2021-01-22/art_33`).
    pinned_code: String,
    version: String,
    citation: String,
    text: String,
    kind: String,
    status: String,
    /// What this unit (or anything inside it) cites, in this version.
    cites: Vec<EdgeDto>,
    /// What cites this unit or anything inside it (any version).
    cited_by: Vec<EdgeDto>,
}

/// A search hit (an article).
#[derive(Serialize, ToSchema)]
pub struct HitDto {
    /// Article code.
    code: String,
    /// Most specific unit holding the first match.
    unit: String,
    version: String,
    citation: String,
    level: String,
    status: String,
    score: f32,
    /// Text around the first match, matches in 【】.
    snippet: String,
    /// Byte ranges `[start, end)` of the matches inside `snippet`.
    highlights: Vec<[usize; 2]>,
}

/// Search results.
#[derive(Serialize, ToSchema)]
pub struct SearchDto {
    /// Matching articles (before paging).
    total: usize,
    /// True when no article has every query part and hits are partial matches.
    partial: bool,
    page: usize,
    limit: usize,
    hits: Vec<HitDto>,
}

/// A resolved citation.
#[derive(Serialize, ToSchema)]
pub struct ResolvedDto {
    code: String,
    citation: String,
    text: String,
    version: String,
    /// The citation as written in the input.
    source: String,
}

/// Resolver output: what resolved, and what did not (when something did).
#[derive(Serialize, ToSchema)]
pub struct CiteDto {
    resolved: Vec<ResolvedDto>,
    errors: Vec<ApiErrorBody>,
}

/// One changed unit.
#[derive(Serialize, ToSchema)]
pub struct ChangeDto {
    code: String,
    kind: String,
    /// added | removed | changed
    change: String,
    /// `第三十三条第一款`
    label: String,
    old: Option<String>,
    new: Option<String>,
}

/// Differences between two versions (every level; the counts are articles).
#[derive(Serialize, ToSchema)]
pub struct DiffDto {
    from: String,
    to: String,
    added: usize,
    removed: usize,
    changed: usize,
    changes: Vec<ChangeDto>,
}

// ---------------------------------------------------------------- handlers

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Fazhi legal corpus API",
        version = "1",
        description = "法律法规库 JSON API（公开只读）。Errors: {code, message, message_en, field}."
    ),
    paths(laws, law_tree, provision, search, cite, diff),
    components(schemas(
        ApiErrorBody,
        LawDto,
        VersionDto,
        LawTreeDto,
        NodeDto,
        HistoryDto,
        ProvisionDto,
        EdgeDto,
        SearchDto,
        HitDto,
        CiteDto,
        ResolvedDto,
        DiffDto,
        ChangeDto
    ))
)]
pub struct LawApiDoc;

/// `GET /api/v1/law/openapi.json`.
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(LawApiDoc::openapi())
}

fn version_dto(v: &Version, today: Date) -> VersionDto {
    VersionDto {
        id: v.id.clone(),
        date: v.date.to_string(),
        effective: v.effective.to_string(),
        ends: v.ends.map(|(d, _)| d.to_string()),
        end_reason: v.ends.map(|(_, r)| {
            match r {
                fazhi_law::corpus::EndReason::Superseded => "superseded",
                fazhi_law::corpus::EndReason::Repealed => "repealed",
            }
            .into()
        }),
        status: v.status_on(today).zh().into(),
        articles: v.statute.article_count(),
        notes: v.notes.clone(),
    }
}

fn law_dto(l: &Law, today: Date) -> LawDto {
    LawDto {
        code: l.code.clone(),
        title: l.title.clone(),
        level: l.level.zh().into(),
        status: l.status_on(today).zh().into(),
        current_version: l.current(today).id.clone(),
        versions: l.versions.iter().map(|v| version_dto(v, today)).collect(),
    }
}

/// Every law of the corpus with its versions and status today.
#[utoipa::path(get, path = "/api/v1/law/laws", tag = "law",
    responses((status = 200, body = [LawDto])))]
pub async fn laws(State(st): State<AppState>) -> Json<Vec<LawDto>> {
    let corpus = st.corpus();
    let today = Date::today();
    Json(corpus.laws.iter().map(|l| law_dto(l, today)).collect())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TreeParams {
    /// Version date `YYYY-MM-DD` (default: the version that applies today).
    #[serde(default)]
    v: String,
}

fn node_dto(law: &Law, n: &Node) -> NodeDto {
    let code = if n.code.is_empty() {
        law.code.clone()
    } else {
        format!("{}/{}", law.code, n.code)
    };
    NodeDto {
        kind: n.kind.name().into(),
        num: n.num.clone(),
        citation: n.kind.is_citable().then(|| {
            fazhi_law::code::parse_path(&n.code)
                .map(|p| fazhi_law::corpus::citation(law, &p))
                .unwrap_or_default()
        }),
        code,
        text: n.text.clone(),
        children: n.children.iter().map(|c| node_dto(law, c)).collect(),
    }
}

/// A version of a law as a tree (编/章/节/条/款/项/目).
#[utoipa::path(get, path = "/api/v1/law/laws/{law}", tag = "law",
    params(("law" = String, Path, description = "Law code (short title) or official title"), TreeParams),
    responses((status = 200, body = LawTreeDto), (status = 404, body = ApiErrorBody)))]
pub async fn law_tree(
    State(st): State<AppState>,
    Path(law): Path<String>,
    Query(p): Query<TreeParams>,
) -> ApiResult<LawTreeDto> {
    let corpus = st.corpus();
    let today = Date::today();
    let l = corpus
        .law(&law)
        .ok_or_else(|| LawError::UnknownLaw(law.clone()))?;
    let v = pick_version(l, &p.v, today).map_err(|e| Fail::from_law(&e, Some("v")))?;
    Ok(Json(LawTreeDto {
        code: l.code.clone(),
        title: l.title.clone(),
        level: l.level.zh().into(),
        version: v.id.clone(),
        status: v.status_on(today).zh().into(),
        effective: v.effective.to_string(),
        articles: v.statute.article_count(),
        history: v
            .statute
            .history
            .iter()
            .map(|h| HistoryDto {
                date: h.date.to_string(),
                event: h.event.clone(),
            })
            .collect(),
        children: v
            .statute
            .root
            .children
            .iter()
            .map(|c| node_dto(l, c))
            .collect(),
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProvisionParams {
    /// Version date `YYYY-MM-DD` to pin (same as `law@date/…` in the code).
    #[serde(default)]
    v: String,
    /// The version in force on this date `YYYY-MM-DD` (default: today's).
    #[serde(default)]
    on: String,
}

fn edge_dto(e: &fazhi_law::Edge) -> EdgeDto {
    EdgeDto {
        from: e.from.clone(),
        from_version: e.from_version.clone(),
        to: e.to.clone(),
        source: e.source.clone(),
    }
}

/// One provision by code (`行政处罚法/art_33__para_1`, `行政复议法@2017-09-01/art_28`):
/// text, version, citation, status and cross-references.
#[utoipa::path(get, path = "/api/v1/law/provisions/{code}", tag = "law",
    params(("code" = String, Path, description = "Provision code, e.g. 行政处罚法/art_33__para_1 (the / may stay unencoded)"), ProvisionParams),
    responses((status = 200, body = ProvisionDto), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn provision(
    State(st): State<AppState>,
    Path(code): Path<String>,
    Query(p): Query<ProvisionParams>,
) -> ApiResult<ProvisionDto> {
    let corpus = st.corpus();
    let mut parsed: ProvisionCode = code
        .trim()
        .parse()
        .map_err(|e| Fail::from_law(&LawError::Code(e), Some("code")))?;
    if let Some(d) = parse_date(&p.v, "v")? {
        parsed.version = Some(d);
    }
    let on = parse_date(&p.on, "on")?;
    Ok(Json(provision_dto(&corpus, &parsed, on)?))
}

fn provision_dto(
    corpus: &Corpus,
    code: &ProvisionCode,
    on: Option<Date>,
) -> Result<ProvisionDto, Fail> {
    let prov = corpus.provision(code, on)?;
    let (law, version) = corpus.find_version(&prov.version)?;
    let pinned = ProvisionCode {
        law: law.code.clone(),
        version: Some(version.date),
        path: code.path.clone(),
    };
    let xref = corpus.cross_refs();
    let unversioned = pinned.unversioned();
    let cites = xref
        .cites(&unversioned)
        .filter(|e| e.from_version == version.id)
        .map(edge_dto)
        .collect();
    let mut cited_by: Vec<EdgeDto> = version
        .get(&code.path)
        .into_iter()
        .flat_map(|n| n.walk())
        .flat_map(|u| {
            let c = if u.code.is_empty() {
                law.code.clone()
            } else {
                format!("{}/{}", law.code, u.code)
            };
            xref.cited_by(&c).map(edge_dto).collect::<Vec<_>>()
        })
        .collect();
    cited_by
        .sort_by(|a, b| (&a.from_version, &a.from, &a.to).cmp(&(&b.from_version, &b.from, &b.to)));
    cited_by.dedup_by(|a, b| a.from_version == b.from_version && a.from == b.from && a.to == b.to);
    Ok(ProvisionDto {
        code: prov.code,
        pinned_code: pinned.to_string(),
        version: prov.version,
        citation: prov.citation,
        text: prov.text,
        kind: prov.kind.name().into(),
        status: prov.status.zh().into(),
        cites,
        cited_by,
    })
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Query: space-separated phrases, all required.
    #[serde(default)]
    q: String,
    /// Only this law (code or title).
    #[serde(default)]
    law: String,
    /// 法律 | 行政法规 | 部门规章 (or law | regulation | rule)
    #[serde(default)]
    level: String,
    /// 现行有效 | 尚未施行 | 已修改 | 已废止 (on `on`, default today)
    #[serde(default)]
    status: String,
    /// Date `YYYY-MM-DD` for the status filter.
    #[serde(default)]
    on: String,
    /// Hits per page (default 20, at most 200).
    #[serde(default)]
    limit: String,
    /// Page, from 1.
    #[serde(default)]
    page: String,
}

/// Full-text search over articles, ranked, with snippets.
#[utoipa::path(get, path = "/api/v1/law/search", tag = "law", params(SearchParams),
    responses((status = 200, body = SearchDto), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn search(
    State(st): State<AppState>,
    Query(p): Query<SearchParams>,
) -> ApiResult<SearchDto> {
    let corpus = st.corpus();
    let q: String = p.q.trim().chars().take(200).collect();
    if q.is_empty() {
        return Err(Fail::invalid(
            "q",
            "query_required",
            "请输入检索词。",
            "Enter a search query.",
        ));
    }
    let law = p.law.trim();
    if !law.is_empty() && corpus.law(law).is_none() {
        return Err(Fail::from_law(
            &LawError::UnknownLaw(law.into()),
            Some("law"),
        ));
    }
    let level = match p.level.trim() {
        "" => None,
        s => Some(Level::parse(s).ok_or_else(|| {
            Fail::invalid(
                "level",
                "bad_level",
                "效力层级应为 法律、行政法规 或 部门规章。",
                "level must be 法律, 行政法规 or 部门规章 (law, regulation, rule).",
            )
        })?),
    };
    let status = match p.status.trim() {
        "" => None,
        s => Some(Status::parse(s).ok_or_else(|| {
            Fail::invalid(
                "status",
                "bad_status",
                "时效性应为 现行有效、尚未施行、已修改 或 已废止。",
                "status must be 现行有效, 尚未施行, 已修改 or 已废止 (in-force, pending, amended, repealed).",
            )
        })?),
    };
    let limit = p.limit.trim().parse().unwrap_or(20).clamp(1, MAX_LIMIT);
    let page = p.page.trim().parse().unwrap_or(1).clamp(1, 1000);
    let res = corpus.search(
        &q,
        &SearchFilters {
            law: (!law.is_empty()).then(|| law.to_string()),
            level,
            status,
            on: parse_date(&p.on, "on")?,
            limit: Some(page * limit),
        },
    );
    Ok(Json(SearchDto {
        total: res.total,
        partial: res.partial,
        page,
        limit,
        hits: res
            .hits
            .into_iter()
            .skip((page - 1) * limit)
            .map(|h| HitDto {
                code: h.code,
                unit: h.unit,
                version: h.version,
                citation: h.citation,
                level: h.level.zh().into(),
                status: h.status.zh().into(),
                score: h.score,
                snippet: h.snippet,
                highlights: h.highlights.iter().map(|&(a, b)| [a, b]).collect(),
            })
            .collect(),
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CiteParams {
    /// Text with citations (`《中华人民共和国行政处罚法》第三十三条第一款`).
    #[serde(default)]
    text: String,
    /// Code of the citing provision, for 本法 / 前款 / 本条.
    #[serde(default)]
    context: String,
    /// Resolve other laws in the version in force on this date `YYYY-MM-DD`.
    #[serde(default)]
    on: String,
}

/// Resolves every citation in a text to codes, canonical citations and text. 422 when
/// nothing resolves (the first reason), 200 with `errors` when only some do.
#[utoipa::path(get, path = "/api/v1/law/cite", tag = "law", params(CiteParams),
    responses((status = 200, body = CiteDto), (status = 422, body = ApiErrorBody)))]
pub async fn cite(State(st): State<AppState>, Query(p): Query<CiteParams>) -> ApiResult<CiteDto> {
    let corpus = st.corpus();
    let text: String = p.text.trim().chars().take(2000).collect();
    if text.is_empty() {
        return Err(Fail::invalid(
            "text",
            "text_required",
            "请输入要解析的引用，如《中华人民共和国行政处罚法》第三十三条第一款。",
            "Enter the citation to resolve, e.g. 《中华人民共和国行政处罚法》第三十三条第一款.",
        ));
    }
    let opts = resolve_opts(&p.context, &p.on)?;
    let mut r = corpus.resolve(&text, &opts);
    if r.resolved.is_empty() {
        let e = if r.errors.is_empty() {
            LawError::NothingResolvable(text)
        } else {
            r.errors.swap_remove(0)
        };
        // Nothing resolvable is a problem of the input, whatever the reason.
        let mut f = Fail::from_law(&e, Some("text"));
        f.status = StatusCode::UNPROCESSABLE_ENTITY;
        return Err(f);
    }
    Ok(Json(CiteDto {
        errors: r
            .errors
            .iter()
            .map(|e| Fail::from_law(e, Some("text")).body())
            .collect(),
        resolved: r
            .resolved
            .into_iter()
            .map(|x| ResolvedDto {
                code: x.code,
                citation: x.citation,
                text: x.text,
                version: x.version,
                source: x.source,
            })
            .collect(),
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DiffParams {
    /// Old version: `行政复议法@2017-09-01`.
    #[serde(default)]
    a: String,
    /// New version: `行政复议法@2023-09-01`.
    #[serde(default)]
    b: String,
}

/// Added, removed and changed units between two versions, with old and new text.
#[utoipa::path(get, path = "/api/v1/law/diff", tag = "law", params(DiffParams),
    responses((status = 200, body = DiffDto), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn diff(State(st): State<AppState>, Query(p): Query<DiffParams>) -> ApiResult<DiffDto> {
    let corpus = st.corpus();
    for (v, field) in [(&p.a, "a"), (&p.b, "b")] {
        if v.trim().is_empty() {
            return Err(Fail::invalid(
                field,
                "version_required",
                "请指定两个版本，如 a=行政复议法@2017-09-01&b=行政复议法@2023-09-01。",
                "Name two versions, e.g. a=行政复议法@2017-09-01&b=行政复议法@2023-09-01.",
            ));
        }
    }
    corpus
        .find_version(p.a.trim())
        .map_err(|e| Fail::from_law(&e, Some("a")))?;
    corpus
        .find_version(p.b.trim())
        .map_err(|e| Fail::from_law(&e, Some("b")))?;
    let d = corpus.diff(p.a.trim(), p.b.trim())?;
    let count = |k: ChangeKind| d.articles().filter(|c| c.change == k).count();
    Ok(Json(DiffDto {
        added: count(ChangeKind::Added),
        removed: count(ChangeKind::Removed),
        changed: count(ChangeKind::Changed),
        changes: d
            .changes
            .iter()
            .map(|c| ChangeDto {
                code: c.code.clone(),
                kind: c.kind.name().into(),
                change: match c.change {
                    ChangeKind::Added => "added",
                    ChangeKind::Removed => "removed",
                    ChangeKind::Changed => "changed",
                }
                .into(),
                label: c.label.clone(),
                old: c.old.clone(),
                new: c.new.clone(),
            })
            .collect(),
        from: d.from,
        to: d.to,
    }))
}
