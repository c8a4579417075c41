//! The law in force on the day that matters (docs/law-in-force.md).
//!
//! - A case is judged under the law in force when the act was committed (行政处罚法 第三十七条):
//!   [`case_basis`] refuses a lead whose cited provisions had left force on the act date, and
//!   shows both texts where the law changed since (从旧兼从轻 is for a person to weigh).
//! - The power list and the leniency lists speak for today: [`stale_items`] lists the active
//!   items citing a provision not in force on a date, and [`run`] — on start and once a day —
//!   opens a change proposal for each such item (or one lapsing within [`HORIZON_DAYS`]) and
//!   flags the leniency entries and open cases that cite one.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use fazhi_law::{Corpus, Currency, Date, ProvisionCode, TwoTexts};
use serde::Serialize;
use sqlx::Row;

use crate::audit::{Actor, AuditedTx, Event};
use crate::db::Db;
use crate::db::json::decode;
use crate::powers::{PowerItem, ReasonKind, parse_body};
use crate::time::now_ms;
use crate::{Code, Error, Result};

/// How far ahead an announced repeal is acted on: proposals open 30 days before the day, so
/// the list can be revised in time (issue 14: "has left force, or will within 30 days").
pub const HORIZON_DAYS: i64 = 30;

/// A chrono date as a corpus date.
pub fn law_date(d: NaiveDate) -> Option<Date> {
    use chrono::Datelike;
    Date::new(
        u16::try_from(d.year()).ok()?,
        u8::try_from(d.month()).ok()?,
        u8::try_from(d.day()).ok()?,
    )
}

fn parse_codes<'a>(codes: impl IntoIterator<Item = &'a String>) -> Vec<ProvisionCode> {
    codes
        .into_iter()
        .filter_map(|c| c.trim().parse::<ProvisionCode>().ok())
        .collect()
}

/// What the law in force says about a case's cited provisions on its act date.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CaseBasis {
    /// The act date judged (违法行为发生或终了之日).
    pub act_on: String,
    /// Lapses that do not bar the citation (a higher law applies beside it): warnings.
    pub warnings: Vec<Currency>,
    /// Provisions whose law changed between the act and today: both texts.
    pub compare: Vec<TwoTexts>,
    /// Provisions that have left force since the act (still applicable to it).
    pub lapsed_since: Vec<Currency>,
}

/// 第三十七条: the cited provisions must be law on the act date. A provision that had been
/// repealed or removed (or was not yet in force) then is refused with its article and date;
/// a displaced one is a warning. Used by the lead, the case page and the supervision check.
pub fn case_basis(
    corpus: &Corpus,
    codes: &[String],
    act_on: NaiveDate,
    today: NaiveDate,
) -> Result<CaseBasis> {
    let mut out = CaseBasis {
        act_on: act_on.to_string(),
        ..Default::default()
    };
    let (Some(act), Some(now)) = (law_date(act_on), law_date(today)) else {
        return Ok(out);
    };
    for code in parse_codes(codes) {
        match corpus.currency(&code, act) {
            Some(c) if c.lapse.refuses() => {
                return Err(Error::of(Code::CasesBasisNotInForce)
                    .for_field("violation")
                    .arg("act_on", act_on)
                    .arg_zh_en("reason", c.message_zh(), c.message_en()));
            }
            Some(c) => out.warnings.push(c),
            None => {
                if let Some(later) = corpus.currency(&code, now) {
                    out.lapsed_since.push(later);
                }
                if let Some(two) = corpus.lex_mitior(&code, act, now) {
                    out.compare.push(two);
                }
            }
        }
    }
    Ok(out)
}

/// An active power item whose basis is not in force on a date.
#[derive(Debug, Clone, Serialize)]
pub struct StaleItem {
    /// 事项编码.
    pub code: String,
    /// 事项名称.
    pub name: String,
    /// The cited codes that are not in force (basis and violations).
    pub basis: Vec<String>,
    /// Why, in Chinese: one line per lapsed provision.
    pub reason: String,
    /// Why, in English.
    pub reason_en: String,
    /// The earliest day a cited provision left force.
    pub since: String,
    /// The open change proposal on the item.
    pub proposal_id: Option<i64>,
    /// Successors the corpus names.
    pub successors: Vec<String>,
    #[serde(skip)]
    id: i64,
    #[serde(skip)]
    department_id: i64,
    #[serde(skip)]
    body: Option<PowerItem>,
    #[serde(skip)]
    lapses: Vec<Currency>,
}

/// Lapses of one item's citations on `on` (within `horizon` days after it).
fn item_lapses(corpus: &Corpus, item: &PowerItem, on: Date, horizon: i64) -> Vec<Currency> {
    let cited = item
        .basis
        .iter()
        .chain(item.violations.iter().map(|v| &v.penalised))
        .chain(item.violations.iter().flat_map(|v| v.violated.iter()));
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for code in parse_codes(cited) {
        if !seen.insert(code.to_string()) {
            continue;
        }
        let c = if horizon > 0 {
            corpus.currency_within(&code, on, horizon)
        } else {
            corpus.currency(&code, on)
        };
        if let Some(c) = c.filter(|c| c.lapse != fazhi_law::Lapse::NotYetInForce) {
            out.push(c);
        }
    }
    out
}

/// Active items of `region` whose basis is not in force on `on` (or, with `horizon` > 0, will
/// leave force within that many days), each with its open proposal if any.
pub async fn stale_items(
    db: &Db,
    corpus: &Corpus,
    region: &str,
    on: NaiveDate,
    horizon: i64,
) -> Result<Vec<StaleItem>> {
    let Some(day) = law_date(on) else {
        return Ok(Vec::new());
    };
    let rows = sqlx::query(
        "SELECT id, department_id, body FROM power_items WHERE region_code = $1 AND status = 'active' ORDER BY code",
    )
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?;
    let open = open_proposals(db, region).await?;
    let mut out = Vec::new();
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let department_id: i64 = r.try_get("department_id")?;
        let body = parse_body(&r.try_get::<String, _>("body")?)?;
        let lapses = item_lapses(corpus, &body, day, horizon);
        if lapses.is_empty() {
            continue;
        }
        let since = lapses
            .iter()
            .map(|c| c.since)
            .min()
            .map(|d| d.to_string())
            .unwrap_or_default();
        let successors: BTreeSet<String> = lapses
            .iter()
            .filter_map(|c| c.successor.as_ref().map(|s| s.name.clone()))
            .collect();
        out.push(StaleItem {
            code: body.code.clone(),
            name: body.name.clone(),
            basis: lapses.iter().map(|c| c.code.clone()).collect(),
            reason: lapses
                .iter()
                .map(Currency::message_zh)
                .collect::<Vec<_>>()
                .join("；"),
            reason_en: lapses
                .iter()
                .map(Currency::message_en)
                .collect::<Vec<_>>()
                .join("; "),
            since,
            proposal_id: open.get(&id).copied(),
            successors: successors.into_iter().collect(),
            id,
            department_id,
            body: Some(body),
            lapses,
        });
    }
    Ok(out)
}

/// Item id → its oldest open proposal.
async fn open_proposals(db: &Db, region: &str) -> Result<BTreeMap<i64, i64>> {
    let rows = sqlx::query(
        "SELECT item_id, MIN(id) AS pid FROM power_proposals WHERE region_code = $1 AND item_id IS NOT NULL \
         AND status IN ('draft', 'submitted', 'returned', 'approved') GROUP BY item_id",
    )
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut out = BTreeMap::new();
    for r in rows {
        out.insert(r.try_get::<i64, _>("item_id")?, r.try_get::<i64, _>("pid")?);
    }
    Ok(out)
}

/// Opens a change proposal (origin `auto`) for every stale item without an open one and
/// fills in `proposal_id`. Returns how many were opened.
pub async fn open_stale_proposals(db: &Db, region: &str, items: &mut [StaleItem]) -> Result<usize> {
    let mut tx = AuditedTx::begin(db, Actor::system("law-currency")).await?;
    let mut opened = 0;
    for it in items.iter_mut().filter(|i| i.proposal_id.is_none()) {
        let Some(body) = it.body.as_ref() else {
            continue;
        };
        let kind = if it
            .lapses
            .iter()
            .any(|c| c.lapse == fazhi_law::Lapse::Repealed)
        {
            ReasonKind::Repeal
        } else {
            ReasonKind::Amendment
        };
        let reason = format!(
            "所引依据不再有效或即将失效：{}。请改引现行有效的法律条文（继受法律未入库的，待其文本入库后改引），核对违法行为和裁量基准后提交，或申请取消本事项。",
            it.reason
        );
        let pid = crate::powers::open_auto_proposal(
            &mut tx,
            region,
            it.department_id,
            it.id,
            body,
            kind,
            &reason,
            &format!("法律现行有效性核查：{}", it.basis.join("；")),
        )
        .await?;
        it.proposal_id = Some(pid);
        opened += 1;
    }
    tx.commit().await?;
    Ok(opened)
}

/// What a currency run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RunReport {
    /// The day judged.
    pub on: String,
    /// Whether this call ran (false when the day was already done by any instance).
    pub ran: bool,
    /// Items citing a lapsed or lapsing provision.
    pub items: usize,
    /// Proposals opened now.
    pub proposals_opened: usize,
    /// Flags recorded now (items, leniency entries, open cases).
    pub flags_opened: usize,
}

/// The daily run: proposals for stale items and flags for items, leniency entries and open
/// cases, once per region and day whichever instance gets there first (the run row is the
/// lock: a second instance's insert conflicts and it stops).
pub async fn run(db: &Db, corpus: &Corpus, region: &str, today: NaiveDate) -> Result<RunReport> {
    let mut report = RunReport {
        on: today.to_string(),
        ..Default::default()
    };
    let done: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM law_currency_runs WHERE region_code = $1 AND run_on = $2",
    )
    .bind(region.to_string())
    .bind(today.to_string())
    .fetch_one(db.pool())
    .await?
    .try_get(0)?;
    if done > 0 {
        return Ok(report);
    }
    report.ran = true;
    let mut items = stale_items(db, corpus, region, today, HORIZON_DAYS).await?;
    report.items = items.len();
    report.proposals_opened = open_stale_proposals(db, region, &mut items).await?;
    let Some(day) = law_date(today) else {
        return Ok(report);
    };
    let mut flags: Vec<Flag> = Vec::new();
    for it in &items {
        for c in &it.lapses {
            flags.push(Flag::new(
                "power_item",
                it.id.to_string(),
                c,
                it.proposal_id,
            ));
        }
    }
    for e in crate::leniency::entries() {
        let codes: Vec<String> = e.penalised.iter().chain(&e.provisions).cloned().collect();
        for code in parse_codes(&codes) {
            if let Some(c) = corpus.currency_within(&code, day, HORIZON_DAYS) {
                flags.push(Flag::new("leniency_entry", e.id.clone(), &c, None));
            }
        }
    }
    for (id, codes) in open_case_codes(db, region).await? {
        for code in parse_codes(&codes) {
            if let Some(c) = corpus.currency_within(&code, day, HORIZON_DAYS) {
                flags.push(Flag::new("case", id.to_string(), &c, None));
            }
        }
    }
    let mut tx = AuditedTx::begin(db, Actor::system("law-currency")).await?;
    let now = now_ms();
    for f in &flags {
        let n = sqlx::query(
            "INSERT INTO law_currency_flags (region_code, object_type, object_id, code, lapse, since, successor, message, proposal_id, opened_at) \
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT DO NOTHING",
        )
        .bind(region.to_string())
        .bind(f.object_type)
        .bind(f.object_id.clone())
        .bind(f.code.clone())
        .bind(f.lapse.clone())
        .bind(f.since.clone())
        .bind(f.successor.clone())
        .bind(f.message.clone())
        .bind(f.proposal_id)
        .bind(now)
        .execute(tx.conn())
        .await?
        .rows_affected();
        report.flags_opened += n as usize;
    }
    let inserted = sqlx::query(
        "INSERT INTO law_currency_runs (region_code, run_on, items, proposals, flags, ran_at) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING",
    )
    .bind(region.to_string())
    .bind(today.to_string())
    .bind(report.items as i64)
    .bind(report.proposals_opened as i64)
    .bind(report.flags_opened as i64)
    .bind(now)
    .execute(tx.conn())
    .await?
    .rows_affected();
    if inserted == 0 {
        // Another instance finished the day first: its flags stand, ours are not needed.
        return Ok(RunReport {
            ran: false,
            ..report
        });
    }
    let after = serde_json::json!({
        "on": report.on, "items": report.items,
        "proposals_opened": report.proposals_opened, "flags_opened": report.flags_opened,
    });
    tx.record(Event {
        action: "law.currency_run",
        object_type: "law_currency",
        object_id: today.to_string(),
        before: None,
        after: Some(&after),
        summary: format!(
            "法律现行有效性核查（{today}）：{} 个事项引用失效或即将失效的条文，新开调整申请 {} 件，新增标记 {} 条",
            report.items, report.proposals_opened, report.flags_opened
        ),
    })
    .await?;
    tx.commit().await?;
    Ok(report)
}

struct Flag {
    object_type: &'static str,
    object_id: String,
    code: String,
    lapse: String,
    since: String,
    successor: String,
    message: String,
    proposal_id: Option<i64>,
}

impl Flag {
    fn new(object_type: &'static str, object_id: String, c: &Currency, pid: Option<i64>) -> Flag {
        Flag {
            object_type,
            object_id,
            code: c.code.clone(),
            lapse: serde_json::to_value(c.lapse)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            since: c.since.to_string(),
            successor: c
                .successor
                .as_ref()
                .map(|s| s.name.clone())
                .unwrap_or_default(),
            message: c.message_zh(),
            proposal_id: pid,
        }
    }
}

/// Open cases with the codes they cite (penalising and violated provisions).
async fn open_case_codes(db: &Db, region: &str) -> Result<Vec<(i64, Vec<String>)>> {
    let rows = sqlx::query(
        "SELECT id, penalised, violated FROM cases WHERE region_code = $1 AND status = 'open'",
    )
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let id: i64 = r.try_get("id")?;
        let penalised: String = r.try_get("penalised")?;
        let violated: Vec<String> = decode(&r.try_get::<String, _>("violated")?, "cases.violated")?;
        let mut codes = vec![penalised];
        codes.extend(violated);
        out.push((id, codes));
    }
    Ok(out)
}

/// A recorded flag, for the pages.
#[derive(Debug, Clone, Serialize)]
pub struct FlagRow {
    pub code: String,
    pub lapse: String,
    pub since: String,
    pub successor: String,
    pub message: String,
    pub proposal_id: Option<i64>,
}

/// Flags recorded on one object (`power_item` / `leniency_entry` / `case`).
pub async fn flags_of(
    db: &Db,
    region: &str,
    object_type: &str,
    object_id: &str,
) -> Result<Vec<FlagRow>> {
    let rows = sqlx::query(
        "SELECT code, lapse, since, successor, message, proposal_id FROM law_currency_flags \
         WHERE region_code = $1 AND object_type = $2 AND object_id = $3 ORDER BY id",
    )
    .bind(region.to_string())
    .bind(object_type.to_string())
    .bind(object_id.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(FlagRow {
                code: r.try_get("code")?,
                lapse: r.try_get("lapse")?,
                since: r.try_get("since")?,
                successor: r.try_get("successor")?,
                message: r.try_get("message")?,
                proposal_id: r.try_get("proposal_id")?,
            })
        })
        .collect()
}

/// Lapses of a set of codes today (or within the horizon), for a page's warning: computed from
/// the corpus, so it holds before the first run and on every instance alike.
pub fn warnings_today(corpus: &Corpus, codes: &[String], today: NaiveDate) -> Vec<Currency> {
    let Some(day) = law_date(today) else {
        return Vec::new();
    };
    let mut seen = BTreeSet::new();
    parse_codes(codes)
        .into_iter()
        .filter(|c| seen.insert(c.to_string()))
        .filter_map(|c| corpus.currency_within(&c, day, HORIZON_DAYS))
        .filter(|c| c.lapse != fazhi_law::Lapse::NotYetInForce)
        .collect()
}
