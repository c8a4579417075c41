//! Pages: the lists (console and portal) and the check form with the evaluation's trace.

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use fazhi_core::leniency::{
    CaseFacts, Domain, Evaluation, HarmLevel, Outcome, evaluate, violations,
};
use fazhi_core::money::Money;
use fazhi_law::Corpus;
use serde::Deserialize;

use super::{DomainView, Link, domain_views, kind_tag, link};
use crate::ctx::Ctx;
use crate::error::Page;
use crate::error::render;
use crate::shell::{NavGroup, NavItem, Shell};
use crate::state::AppState;

#[derive(askama::Template)]
#[template(path = "leniency/index.html")]
struct ListsPage {
    shell: Shell,
    domains: Vec<DomainView>,
    total: usize,
}

/// `GET /leniency`: the three lists of the five domains.
pub async fn lists(ctx: Ctx, State(st): State<AppState>) -> Page {
    Ok((|| -> fazhi_core::Result<Response> {
        ctx.user()?;
        render(&ListsPage {
            shell: Shell::new(
                &ctx,
                ("柔性执法清单", "Flexible-enforcement lists"),
                &[("柔性执法清单", "Flexible-enforcement lists", None)],
            ),
            domains: domain_views(&st.corpus(), ctx.lang),
            total: fazhi_core::leniency::entries().len(),
        })
    })()?)
}

fn portal_shell(ctx: &Ctx) -> Shell {
    let mut s = Shell::new(
        ctx,
        ("柔性执法清单公示", "Flexible-enforcement lists"),
        &[("首页", "Home", Some("/portal"))],
    );
    s.user = None;
    let item = |zh: &str, en: &str, href: &str| NavItem {
        label: ctx.t(zh, en).into(),
        href: href.into(),
        active: ctx.path == href,
    };
    s.nav = vec![NavGroup {
        label: ctx.t("公示栏目", "Sections").into(),
        items: vec![
            item("执法主体", "Enforcement bodies", "/portal"),
            item("执法人员", "Officers", "/portal/officers"),
            item("权责清单", "Power list", "/portal/powers"),
            item(
                "柔性执法清单",
                "Flexible-enforcement lists",
                "/portal/leniency",
            ),
            item("法律法规", "Laws", "/law"),
        ],
    }];
    s
}

#[derive(askama::Template)]
#[template(path = "leniency/portal.html")]
struct PortalPage {
    shell: Shell,
    domains: Vec<DomainView>,
    total: usize,
}

/// `GET /portal/leniency`: the lists, public (anonymous allowed).
pub async fn portal(ctx: Ctx, State(st): State<AppState>) -> Page {
    Ok(render(&PortalPage {
        shell: portal_shell(&ctx),
        domains: domain_views(&st.corpus(), ctx.lang),
        total: fazhi_core::leniency::entries().len(),
    })?)
}

/// The check form as submitted. Checkboxes are present only when ticked.
#[derive(Debug, Default, Deserialize)]
pub struct CheckForm {
    #[serde(default)]
    domain: String,
    #[serde(default)]
    penalised: String,
    #[serde(default)]
    harm: String,
    #[serde(default)]
    minor: Option<String>,
    #[serde(default)]
    first_violation: Option<String>,
    #[serde(default)]
    corrected_in_time: Option<String>,
    #[serde(default)]
    corrected_within_days: String,
    #[serde(default)]
    eliminated_harm: Option<String>,
    #[serde(default)]
    coerced: Option<String>,
    #[serde(default)]
    confessed: Option<String>,
    #[serde(default)]
    meritorious: Option<String>,
    #[serde(default)]
    no_fault: Option<String>,
    #[serde(default)]
    purchase_inspected: Option<String>,
    #[serde(default)]
    source_explained: Option<String>,
    #[serde(default)]
    illegal_gains: String,
    #[serde(default)]
    goods_value: String,
}

/// One checkbox of the form.
struct Flag {
    name: &'static str,
    label: &'static str,
    checked: bool,
}

struct ConditionRow {
    text: String,
    holds: bool,
    provision: Link,
}

struct MatchRow {
    id: String,
    kind: String,
    kind_tag: &'static str,
    applies: bool,
    summary: String,
    conditions: Vec<ConditionRow>,
    provisions: Vec<Link>,
}

struct ResultView {
    outcome: String,
    outcome_tag: &'static str,
    summary: String,
    base: String,
    needs_review: bool,
    rows: Vec<MatchRow>,
    provisions: Vec<Link>,
}

#[derive(askama::Template)]
#[template(path = "leniency/check.html")]
struct CheckPage {
    shell: Shell,
    domains: Vec<(&'static str, &'static str)>,
    sel_domain: String,
    /// (code, label) of the violations the lists name.
    violations: Vec<(String, String)>,
    sel_penalised: String,
    harms: Vec<(&'static str, &'static str)>,
    sel_harm: String,
    flags: Vec<Flag>,
    days: String,
    gains: String,
    goods: String,
    error: Option<String>,
    result: Option<ResultView>,
}

fn money_field(s: &str, zh: &str, en: &str, lang: &str) -> Result<Option<Money>, String> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    Money::parse_yuan(s).map(Some).map_err(|e| {
        if lang == "en" {
            format!("{en}: {}", e.message_en())
        } else {
            format!("{zh}：{}", e.message_zh())
        }
    })
}

fn facts_of(f: &CheckForm, lang: &str) -> Result<CaseFacts, String> {
    let t = |zh: &str, en: &str| {
        if lang == "en" {
            en.to_string()
        } else {
            zh.to_string()
        }
    };
    if f.penalised.trim().is_empty() {
        return Err(t("请选择违法行为。", "Choose a violation."));
    }
    let days = match f.corrected_within_days.trim() {
        "" => None,
        d => Some(d.parse::<u32>().map_err(|_| {
            t(
                "改正天数应为非负整数。",
                "Days to correct must be a whole number.",
            )
        })?),
    };
    Ok(CaseFacts {
        domain: Domain::parse(&f.domain),
        penalised: f.penalised.trim().to_string(),
        minor: f.minor.is_some(),
        first_violation: f.first_violation.is_some(),
        harm: HarmLevel::parse(&f.harm),
        corrected_in_time: f.corrected_in_time.is_some(),
        corrected_within_days: days,
        eliminated_harm: f.eliminated_harm.is_some(),
        coerced: f.coerced.is_some(),
        confessed: f.confessed.is_some(),
        meritorious: f.meritorious.is_some(),
        no_fault: f.no_fault.is_some(),
        purchase_inspected: f.purchase_inspected.is_some(),
        source_explained: f.source_explained.is_some(),
        illegal_gains: money_field(&f.illegal_gains, "违法所得", "Illegal gains", lang)?,
        goods_value: money_field(&f.goods_value, "货值金额", "Value of the goods", lang)?,
        // The query page asks about the lists as they stand; a case supplies its act's day.
        act_on: None,
    })
}

fn outcome_tag(o: Outcome) -> &'static str {
    match o {
        Outcome::NoPenalty => "ok",
        Outcome::Mitigated => "info",
        Outcome::Lighter => "warn",
        Outcome::Penalty => "muted",
    }
}

fn result_view(corpus: &Corpus, ev: &Evaluation, lang: &str) -> ResultView {
    let en = lang == "en";
    ResultView {
        outcome: ev.outcome.label(lang).to_string(),
        outcome_tag: outcome_tag(ev.outcome),
        summary: if en { &ev.summary_en } else { &ev.summary_zh }.clone(),
        base: if en { &ev.base.en } else { &ev.base.zh }.clone(),
        needs_review: ev.penalty_needs_reason_and_review,
        rows: ev
            .entries
            .iter()
            .map(|m| MatchRow {
                id: m.id.clone(),
                kind: m.kind.label(lang).to_string(),
                kind_tag: kind_tag(m.kind),
                applies: m.applies,
                summary: if en { &m.en } else { &m.zh }.clone(),
                conditions: m
                    .conditions
                    .iter()
                    .map(|c| ConditionRow {
                        text: if en { &c.en } else { &c.zh }.clone(),
                        holds: c.holds,
                        provision: link(corpus, &c.provision),
                    })
                    .collect(),
                provisions: m.provisions.iter().map(|p| link(corpus, p)).collect(),
            })
            .collect(),
        provisions: ev.provisions.iter().map(|p| link(corpus, p)).collect(),
    }
}

fn page(ctx: &Ctx, f: &CheckForm, error: Option<String>, result: Option<ResultView>) -> CheckPage {
    let lang = ctx.lang;
    let flag = |name, zh, en, v: &Option<String>| Flag {
        name,
        label: if lang == "en" { en } else { zh },
        checked: v.is_some(),
    };
    CheckPage {
        shell: Shell::new(
            ctx,
            ("清单适用判断", "Check a case against the lists"),
            &[
                (
                    "柔性执法清单",
                    "Flexible-enforcement lists",
                    Some("/leniency"),
                ),
                ("清单适用判断", "Check", None),
            ],
        ),
        domains: Domain::ALL
            .iter()
            .map(|d| (d.as_str(), d.label(lang)))
            .collect(),
        sel_domain: f.domain.clone(),
        violations: violations()
            .into_iter()
            .map(|(code, name, d)| {
                let short: String = name.chars().take(40).collect();
                let label = format!("【{}】{short}（{code}）", d.label(lang));
                (code, label)
            })
            .collect(),
        sel_penalised: f.penalised.clone(),
        harms: HarmLevel::ALL
            .iter()
            .map(|h| (h.as_str(), h.label(lang)))
            .collect(),
        sel_harm: f.harm.clone(),
        flags: vec![
            flag("minor", "违法行为轻微", "Minor violation", &f.minor),
            flag(
                "first_violation",
                "初次违法",
                "First violation",
                &f.first_violation,
            ),
            flag(
                "corrected_in_time",
                "及时改正",
                "Corrected in time",
                &f.corrected_in_time,
            ),
            flag(
                "eliminated_harm",
                "主动消除或者减轻危害后果",
                "Actively eliminated or reduced the harm",
                &f.eliminated_harm,
            ),
            flag(
                "coerced",
                "受他人胁迫或者诱骗",
                "Coerced or deceived",
                &f.coerced,
            ),
            flag(
                "confessed",
                "主动供述尚未掌握的违法行为",
                "Confessed an unknown violation",
                &f.confessed,
            ),
            flag(
                "meritorious",
                "配合查处有立功表现",
                "Meritorious cooperation",
                &f.meritorious,
            ),
            flag(
                "no_fault",
                "有证据足以证明没有主观过错",
                "Proven no subjective fault",
                &f.no_fault,
            ),
            flag(
                "purchase_inspected",
                "履行了进货查验等义务（食品安全法第一百三十六条）",
                "Performed the purchase inspection duties (Food Safety Law art. 136)",
                &f.purchase_inspected,
            ),
            flag(
                "source_explained",
                "能如实说明进货来源",
                "Can state the source of purchase",
                &f.source_explained,
            ),
        ],
        days: f.corrected_within_days.clone(),
        gains: f.illegal_gains.clone(),
        goods: f.goods_value.clone(),
        error,
        result,
    }
}

/// `GET /leniency/check`: the empty form.
pub async fn check_form(ctx: Ctx) -> Page {
    Ok((|| -> fazhi_core::Result<Response> {
        ctx.user()?;
        render(&page(&ctx, &CheckForm::default(), None, None))
    })()?)
}

/// `POST /leniency/check`: evaluates the facts and shows the form again with the trace.
pub async fn check(ctx: Ctx, State(st): State<AppState>, Form(f): Form<CheckForm>) -> Page {
    Ok((|| -> fazhi_core::Result<Response> {
        ctx.user()?;
        match facts_of(&f, ctx.lang) {
            Ok(facts) => {
                let ev = evaluate(&facts);
                let view = result_view(&st.corpus(), &ev, ctx.lang);
                render(&page(&ctx, &f, None, Some(view)))
            }
            Err(msg) => {
                let resp = render(&page(&ctx, &f, Some(msg), None))?;
                Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, resp).into_response())
            }
        }
    })()?)
}
