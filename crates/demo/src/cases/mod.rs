//! Demo generator of the 2024 penalty cases, and the bulk populator for benchmarks.
//!
//! `generate` runs every case through the workflow's own `apply` (so each step is checked by
//! the state machine, audited, recorded and numbered), many cases per transaction for speed.
//! Volumes follow the district's published figures (7,386 penalties for 2023, 4,905 for 2025,
//! about a third of them summary): about 6,000 cases led in 2024, weighted by the officers of
//! each body that holds penalty items. A few open cases of the last weeks give the demo
//! accounts of 区市场监管局 tasks with near due dates.
//!
//! `populate` writes synthetic decided cases straight into `cases` (no audit chain) for scale
//! measurements.

use fazhi_core::cases::DisclosureStatus;
use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde_json::json;
use sqlx::{AnyConnection, Row};

use fazhi_core::audit::{AuditedTx, Event};
use fazhi_core::auth::{DataScope, Principal, Role};
use fazhi_core::calendar::{HolidayCalendar, load_calendar};
use fazhi_core::cases::deadlines;
use fazhi_core::cases::disclosure;
use fazhi_core::cases::records::{
    Circumstances, ExecutionMode, HarmLevel, Procedure, Proposal, ServiceMethod, Source, load_case,
    party_kind_str,
};
use fazhi_core::cases::rules::{self, PartyKind};
use fazhi_core::cases::state::Stage;
use fazhi_core::cases::workflow::{NewLead, Step, apply, insert_evidence, insert_lead, step_row};
use fazhi_core::cases::{Assessed, assess_case};
use fazhi_core::db::Db;
use fazhi_core::db::json::decode;
use fazhi_core::ids::{IdentityNumber, UnifiedSocialCreditCode};
use fazhi_core::money::Money;
use fazhi_core::org::CardRow;
use fazhi_core::powers::{Fine, PowerItem, Violation};
use fazhi_core::time::now_ms;
use fazhi_core::{BINHAI_REGION, Error, Result};

/// Cases led in the demo year.
pub const DEMO_CASES: usize = 6000;
/// Cases per transaction: one commit per batch keeps SQLite and PostgreSQL fast.
const BATCH: usize = 200;
const SEED: u64 = 20_240_315;

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严";
const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰文斌浩宇欣怡晨阳子涵思雨博嘉琪梓萱俊雪梅海燕立新永春金凤德光晓东";
const ROADS: &[&str] = &[
    "福州道",
    "河北路",
    "新港二号路",
    "津塘公路",
    "中央大道",
    "上海道",
    "世纪大道",
    "港城大道",
    "黄海路",
    "云山道",
];
const FIRMS: &str = "华鑫瑞海泰通达恒润宏远盛博安信诚德康源兴利丰广裕嘉和天成";
const SUFFIX: &[&str] = &["商贸", "餐饮", "建筑工程", "物流", "科技", "食品", "装饰"];

fn person(rng: &mut StdRng) -> String {
    let s: Vec<char> = SURNAMES.chars().collect();
    let g: Vec<char> = GIVEN.chars().collect();
    let mut n = String::new();
    n.push(s[rng.gen_range(0..s.len())]);
    for _ in 0..rng.gen_range(1..=2) {
        n.push(g[rng.gen_range(0..g.len())]);
    }
    n
}

fn internal(what: &str) -> Error {
    Error::Internal(format!("cases demo: {what}"))
}

fn cal_err(e: fazhi_core::calendar::CalendarError) -> Error {
    Error::Internal(e.message_en())
}

/// `n` working days after `d` on the holiday calendar.
fn wd(cal: &HolidayCalendar, d: NaiveDate, n: u32) -> Result<NaiveDate> {
    Ok(cal.add_working_days(d, n).map_err(cal_err)?.date)
}

/// `d` itself when it is a working day, else the next working day.
fn working_on_or_after(cal: &HolidayCalendar, d: NaiveDate) -> Result<NaiveDate> {
    if cal.is_working_day(d).working {
        Ok(d)
    } else {
        wd(cal, d, 1)
    }
}

/// The working day `d` or the last one before it.
fn working_on_or_before(cal: &HolidayCalendar, mut d: NaiveDate) -> NaiveDate {
    for _ in 0..15 {
        if cal.is_working_day(d).working {
            return d;
        }
        d -= Duration::days(1);
    }
    d
}

/// `($1, $2, …), (…)` for a multi-row INSERT.
fn values_sql(rows: usize, cols: usize, first: usize) -> String {
    let mut s = String::with_capacity(rows * cols * 6);
    for r in 0..rows {
        if r > 0 {
            s.push_str(", ");
        }
        s.push('(');
        for c in 0..cols {
            if c > 0 {
                s.push(',');
            }
            s.push('$');
            s.push_str(&(first + r * cols + c).to_string());
        }
        s.push(')');
    }
    s
}

/// A rounded amount in `[lo, hi]` (fen): officers decide round sums.
fn round_amount(rng: &mut StdRng, lo: i64, hi: i64) -> i64 {
    if hi <= lo {
        return lo;
    }
    let x = rng.gen_range(lo..=hi);
    let step = match hi - lo {
        s if s >= 10_000_000 => 1_000_000,
        s if s >= 1_000_000 => 100_000,
        s if s >= 100_000 => 10_000,
        s if s >= 10_000 => 1_000,
        _ => 100,
    };
    let r = x / step * step;
    if r >= lo {
        r
    } else if r + step <= hi {
        r + step
    } else {
        x
    }
}

/// A tier of a violation as amounts: `(name, lo, hi, base)`; multiples resolved on a base
/// amount chosen for the case (货值金额 / 违法所得).
fn tier_range(rng: &mut StdRng, t: &fazhi_core::powers::Tier) -> Option<(i64, i64, Option<i64>)> {
    match t.fine.as_ref()? {
        Fine::Amount { min_fen, max_fen } if *max_fen > 0 => Some((*min_fen, *max_fen, None)),
        Fine::Amount { .. } => None,
        Fine::Multiple {
            min_tenths,
            max_tenths,
            ..
        } => {
            // 货值金额 / 违法所得 of 2,000–50,000 yuan.
            let base = rng.gen_range(20..=500) * 10_000;
            let lo = (base * min_tenths + 9) / 10;
            let hi = base * max_tenths / 10;
            (hi > 0 && hi >= lo).then_some((lo, hi, Some(base)))
        }
    }
}

/// A body that handles cases: its officers' cards and the penalty items it may apply (its own
/// and its ancestors', as `violation_of` allows).
struct Unit {
    id: i64,
    short: String,
    domain: String,
    cards: Vec<CardRow>,
    items: Vec<(String, Violation)>,
    /// Items with a tier low enough for the summary procedure.
    summary_items: Vec<usize>,
}

impl Unit {
    /// Two officers with cards valid on `on` for the unit's domain (第四十二条).
    fn team(&self, rng: &mut StdRng, on: NaiveDate) -> Option<Vec<i64>> {
        let mut ids: Vec<i64> = self
            .cards
            .iter()
            .filter(|c| fazhi_core::org::card_valid_on(c, on, &self.domain))
            .map(|c| c.officer_id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() < 2 {
            return None;
        }
        let a = rng.gen_range(0..ids.len());
        let mut b = rng.gen_range(0..ids.len() - 1);
        if b >= a {
            b += 1;
        }
        Some(vec![ids[a], ids[b]])
    }
}

/// Summary limits of 第五十一条 (fen).
fn summary_limit(kind: PartyKind) -> i64 {
    match kind {
        PartyKind::Citizen => 20_000,
        PartyKind::Organisation => 300_000,
    }
}

fn summary_ok(v: &Violation) -> bool {
    v.legal.warning
        || v.discretion.tiers.iter().any(|t| {
            matches!(t.fine, Some(Fine::Amount { min_fen, max_fen }) if max_fen > 0 && min_fen <= 300_000)
        })
}

async fn load_units(db: &Db) -> Result<Vec<Unit>> {
    let depts = sqlx::query(
        "SELECT id, short_name, domains FROM departments WHERE region_code = $1 ORDER BY id",
    )
    .bind(BINHAI_REGION)
    .fetch_all(db.pool())
    .await?;
    let mut ancestors: HashMap<i64, Vec<i64>> = HashMap::new();
    for r in sqlx::query("SELECT ancestor_id, descendant_id FROM department_closure")
        .fetch_all(db.pool())
        .await?
    {
        ancestors
            .entry(r.try_get(1)?)
            .or_default()
            .push(r.try_get(0)?);
    }
    let mut items: HashMap<i64, Vec<(String, Violation)>> = HashMap::new();
    for r in sqlx::query(
        "SELECT code, department_id, body FROM power_items WHERE region_code = $1 AND category = 'CF' AND status = 'active' ORDER BY id",
    )
    .bind(BINHAI_REGION)
    .fetch_all(db.pool())
    .await?
    {
        let code: String = r.try_get(0)?;
        let owner: i64 = r.try_get(1)?;
        let Ok(item) = serde_json::from_str::<PowerItem>(&r.try_get::<String, _>(2)?) else {
            continue;
        };
        for v in item.violations {
            // A case needs a tier to place its penalty in (第三十四条 裁量基准).
            if !v.discretion.tiers.is_empty() && v.legal.is_penalty() {
                items.entry(owner).or_default().push((code.clone(), v));
            }
        }
    }
    let mut cards: HashMap<i64, Vec<CardRow>> = HashMap::new();
    let officer_dept: HashMap<i64, i64> =
        sqlx::query_as::<_, (i64, i64)>("SELECT id, department_id FROM officers")
            .fetch_all(db.pool())
            .await?
            .into_iter()
            .collect();
    for r in sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {} FROM enforcement_cards c ORDER BY c.id",
        fazhi_core::org::CARD_COLS
    )))
    .fetch_all(db.pool())
    .await?
    {
        let c = fazhi_core::org::row_to_card(&r)?;
        if let Some(d) = officer_dept.get(&c.officer_id) {
            cards.entry(*d).or_default().push(c);
        }
    }
    let mut out = Vec::new();
    for r in depts {
        let id: i64 = r.try_get(0)?;
        let domains: Vec<String> = decode(&r.try_get::<String, _>(2)?, "departments.domains")?;
        let Some(domain) = domains.into_iter().next() else {
            continue;
        };
        let own: Vec<CardRow> = cards
            .remove(&id)
            .unwrap_or_default()
            .into_iter()
            .filter(|c| c.domains.contains(&domain))
            .collect();
        let mut usable = Vec::new();
        for a in ancestors.get(&id).into_iter().flatten() {
            usable.extend(items.get(a).into_iter().flatten().cloned());
        }
        if own.len() < 2 || usable.is_empty() {
            continue;
        }
        usable.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.name.cmp(&b.1.name)));
        let summary_items = (0..usable.len())
            .filter(|i| summary_ok(&usable[*i].1))
            .collect();
        out.push(Unit {
            id,
            short: r.try_get(1)?,
            domain,
            cards: own,
            items: usable,
            summary_items,
        });
    }
    Ok(out)
}

/// A party of a case.
struct Party {
    kind: PartyKind,
    name: String,
    code: String,
    address: String,
    representative: String,
}

struct Parties {
    subjects: Vec<(String, String, String)>,
    seq: u64,
}

impl Parties {
    async fn load(db: &Db) -> Result<Parties> {
        let subjects = sqlx::query_as::<_, (String, String, String)>(
            "SELECT code, name, address FROM sampling_subjects WHERE region_code = $1 ORDER BY id",
        )
        .bind(BINHAI_REGION)
        .fetch_all(db.pool())
        .await?;
        Ok(Parties { subjects, seq: 0 })
    }

    fn address(rng: &mut StdRng) -> String {
        format!(
            "天津市滨海新区{}{}号",
            ROADS[rng.gen_range(0..ROADS.len())],
            rng.gen_range(1..=999)
        )
    }

    fn make(&mut self, rng: &mut StdRng, kind: PartyKind) -> Result<Party> {
        self.seq += 1;
        Ok(match kind {
            PartyKind::Citizen => {
                let birth = NaiveDate::from_ymd_opt(
                    rng.gen_range(1960..=2002),
                    rng.gen_range(1..=12),
                    rng.gen_range(1..=28),
                )
                .ok_or_else(|| internal("birth date"))?;
                let idn =
                    IdentityNumber::generate(BINHAI_REGION, birth, (self.seq % 998) as u16 + 1)
                        .map_err(|e| Error::Internal(e.message_en()))?;
                Party {
                    kind,
                    name: person(rng),
                    code: idn.as_str().to_string(),
                    address: Self::address(rng),
                    representative: String::new(),
                }
            }
            PartyKind::Organisation => {
                // Mostly the registered market subjects; otherwise a firm of its own with a
                // check-digit-valid code.
                if !self.subjects.is_empty() && rng.gen_bool(0.8) {
                    let (code, name, address) =
                        self.subjects[rng.gen_range(0..self.subjects.len())].clone();
                    return Ok(Party {
                        kind,
                        name,
                        code,
                        address,
                        representative: person(rng),
                    });
                }
                let code = UnifiedSocialCreditCode::generate(
                    '9',
                    '1',
                    BINHAI_REGION,
                    60_000_000 + self.seq * 13,
                )
                .map_err(|e| Error::Internal(e.message_en()))?;
                let firms: Vec<char> = FIRMS.chars().collect();
                let n: String = (0..2)
                    .map(|_| firms[rng.gen_range(0..firms.len())])
                    .collect();
                Party {
                    kind,
                    name: format!("天津{n}{}有限公司", SUFFIX[rng.gen_range(0..SUFFIX.len())]),
                    code: code.as_str().to_string(),
                    address: Self::address(rng),
                    representative: person(rng),
                }
            }
        })
    }
}

/// Who acts: the case officer, the head and the legal reviewer of a body.
struct Actors {
    officer: Principal,
    head: Principal,
    legal: Principal,
}

fn principal(
    user_id: i64,
    username: &str,
    display: &str,
    role: Role,
    dept: i64,
    scope: DataScope,
) -> Principal {
    Principal {
        user_id,
        username: username.to_string(),
        display_name: display.to_string(),
        role,
        department_id: Some(dept),
        department_name: String::new(),
        scope,
        region: BINHAI_REGION.to_string(),
    }
}

/// The staff of a body that has no login account in the demo: user id 0 (no account), named
/// by post.
fn staff(u: &Unit) -> Actors {
    let p = |post: &str, role| {
        principal(
            0,
            &u.short,
            &format!("{}{post}", u.short),
            role,
            u.id,
            DataScope::DepartmentTree,
        )
    };
    Actors {
        officer: p("承办人员", Role::Officer),
        head: p("负责人", Role::DeptAdmin),
        legal: p("法制审核人员", Role::LegalReviewer),
    }
}

/// The demo accounts of 区市场监管局 (officer, deptadmin, reviewer), with their real ids.
async fn market_accounts(db: &Db) -> Result<Option<Actors>> {
    let mut found = Vec::new();
    for (name, role, scope) in [
        ("officer", Role::Officer, DataScope::OwnDepartment),
        ("deptadmin", Role::DeptAdmin, DataScope::DepartmentTree),
        ("reviewer", Role::LegalReviewer, DataScope::DepartmentTree),
    ] {
        let r = sqlx::query(
            "SELECT id, display_name, department_id FROM users WHERE username = $1 AND region_code = $2",
        )
        .bind(name)
        .bind(BINHAI_REGION)
        .fetch_optional(db.pool())
        .await?;
        let Some(r) = r else { return Ok(None) };
        let Some(dept) = r.try_get::<Option<i64>, _>(2)? else {
            return Ok(None);
        };
        found.push(principal(
            r.try_get(0)?,
            name,
            &r.try_get::<String, _>(1)?,
            role,
            dept,
            scope,
        ));
    }
    let mut it = found.into_iter();
    match (it.next(), it.next(), it.next()) {
        (Some(officer), Some(head), Some(legal)) => Ok(Some(Actors {
            officer,
            head,
            legal,
        })),
        _ => Ok(None),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Who {
    Officer,
    Head,
    Legal,
}

/// One operation of a case's plan, on its day.
enum Op {
    Step(Who, Step),
    Evidence(&'static str, &'static str, String),
    Publish,
}

/// How far an open case of the last weeks goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum StopAt {
    Lead,
    Investigating,
    AwaitingLegal,
    Notified,
    Decided,
}

/// The plan of one case before it runs.
struct Plan {
    unit: usize,
    summary: bool,
    lead_on: NaiveDate,
    party: Party,
    item: usize,
    source: Source,
    stop: Option<StopAt>,
}

const EVIDENCE: &[(&str, &str)] = &[
    ("现场检查笔录", "笔录"),
    ("询问笔录", "笔录"),
    ("现场照片说明", "视听资料"),
    ("营业执照复印件", "书证"),
    ("进货台账复印件", "书证"),
    ("抽样检验报告", "鉴定意见"),
];

const HEARING_NOTES: &[&str] = &[
    "听证会依法举行，当事人及其委托代理人到场陈述申辩，案件调查人员出示证据，听证笔录经当事人核对签字。",
    "当事人对违法事实无异议，就罚款数额提出减轻请求，听证主持人已记录在案。",
];

const REVIEW_OPINIONS_OK: &[&str] = &[
    "主体适格，事实清楚，证据确凿，适用依据正确，程序合法，裁量适当，同意。",
    "经审核，违法事实清楚，定性准确，处罚适当，程序合法，同意作出处罚决定。",
];

const REVIEW_OPINIONS_BACK: &[&str] = &[
    "证据链不完整，缺少当事人身份证明及违法所得计算依据，请补充调查后重新提交。",
    "裁量理由说明不充分，请补充从轻情节的证据后重新提交。",
];

/// Runs one planned case inside the batch's transaction; returns the case id.
#[allow(clippy::too_many_arguments)]
async fn run_case(
    tx: &mut AuditedTx,
    cal: &HolidayCalendar,
    rng: &mut StdRng,
    unit: &Unit,
    actors: &Actors,
    plan: &Plan,
    today: NaiveDate,
) -> Result<Option<i64>> {
    let (code, v) = &unit.items[plan.item];
    let on = plan.lead_on;
    let facts = format!(
        "{}，{}执法人员{}发现，当事人{}涉嫌{}。",
        on.format("%Y年%-m月%-d日"),
        unit.short,
        match plan.source {
            Source::Inspection => "在日常检查中",
            Source::Complaint => "根据投诉举报核查时",
            Source::Referral => "根据移送线索核查时",
            Source::Patrol => "在巡查中",
            Source::Other => "在工作中",
        },
        plan.party.name,
        v.name.trim_end_matches('…')
    );
    let circ = circumstances(rng, plan, on);
    let lead = NewLead {
        department_id: unit.id,
        procedure: if plan.summary {
            Procedure::Summary
        } else {
            Procedure::General
        },
        source: plan.source,
        source_ref: match plan.source {
            Source::Complaint => {
                format!("12345{}{:04}", on.format("%Y%m%d"), rng.gen_range(1..9999))
            }
            Source::Inspection => format!("JC-{}-{:05}", on.year(), rng.gen_range(1..99999)),
            _ => String::new(),
        },
        inspection_id: None,
        power_code: code.clone(),
        violation: v.name.clone(),
        party_kind: plan.party.kind,
        party_name: plan.party.name.clone(),
        party_code: plan.party.code.clone(),
        party_address: plan.party.address.clone(),
        party_representative: plan.party.representative.clone(),
        facts: facts.clone(),
        lead_on: on,
        circumstances: Circumstances::default(),
    };
    let officer = &actors.officer;
    let id = insert_lead(tx.conn(), officer, cal, &lead, v).await?;
    step_row(
        tx.conn(),
        BINHAI_REGION,
        id,
        on,
        &officer.actor().name,
        "lead",
        Stage::Lead,
        Stage::Lead,
        &[],
        &lead.facts,
        &[],
    )
    .await?;
    let after = json!({"stage": "lead", "party": lead.party_name, "violation": lead.violation});
    tx.record(Event {
        action: "case.lead",
        object_type: "case",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("登记案件线索：{} {}", lead.party_name, lead.violation),
    })
    .await?;
    let mut ops = if plan.summary {
        summary_ops(tx, cal, rng, unit, plan, id).await?
    } else {
        general_ops(tx, cal, rng, unit, plan, id, &circ, &facts).await?
    };
    if plan.stop.is_some() {
        // An open case of the last weeks: nothing after today, and the step that leaves it
        // waiting happened on the last working day, so its task falls due soon.
        let cap = working_on_or_before(cal, today);
        for op in &mut ops {
            op.0 = op.0.min(cap);
        }
        if let Some(last) = ops.last_mut() {
            last.0 = cap;
        }
    }
    run_ops(tx, cal, actors, id, ops).await?;
    Ok(Some(id))
}

/// The circumstances of a case as the investigation will find them (leniency for a sixth of
/// the general cases, a few mitigations, complex and serious cases).
fn circumstances(rng: &mut StdRng, plan: &Plan, on: NaiveDate) -> Circumstances {
    let mut circ = Circumstances {
        act_ended_on: Some(on),
        harm: HarmLevel::Serious,
        ..Circumstances::default()
    };
    let lenient = !plan.summary && plan.stop.is_none() && rng.gen_bool(0.16);
    let mandatory_waiver = lenient && rng.gen_bool(0.2);
    if lenient {
        circ.first_violation = true;
        circ.corrected_in_time = true;
        if mandatory_waiver {
            // 第三十三条 第一款 first sentence: minor, corrected, no harm.
            circ.minor_violation = true;
            circ.harm = HarmLevel::None;
        } else {
            circ.harm = HarmLevel::Slight;
        }
    } else if !plan.summary && rng.gen_bool(0.12) {
        circ.mitigations = vec![
            ["eliminated_harm", "confessed", "eliminated_harm"][rng.gen_range(0..3)].to_string(),
        ];
    }
    if !plan.summary {
        circ.complex = rng.gen_bool(0.05) || plan.stop == Some(StopAt::AwaitingLegal);
        circ.serious_violation = rng.gen_bool(0.04);
        circ.major_public_interest = rng.gen_bool(0.02);
    }
    circ
}

/// Runs the planned operations of a case, each on its day, as the acting person would.
async fn run_ops(
    tx: &mut AuditedTx,
    cal: &HolidayCalendar,
    actors: &Actors,
    id: i64,
    ops: Vec<(NaiveDate, Op)>,
) -> Result<()> {
    let officer = &actors.officer;
    for (day, op) in ops {
        let c = load_case(tx.conn(), BINHAI_REGION, id).await?;
        match op {
            Op::Step(who, step) => {
                let p = match who {
                    Who::Officer => &actors.officer,
                    Who::Head => &actors.head,
                    Who::Legal => &actors.legal,
                };
                apply(tx, p, cal, &c, day, step).await?;
            }
            Op::Evidence(name, kind, content) => {
                let digest = insert_evidence(
                    tx.conn(),
                    officer,
                    &c,
                    name,
                    kind,
                    "text/plain; charset=utf-8",
                    content.as_bytes(),
                    day,
                )
                .await?;
                let after = json!({"evidence": name, "sm3": digest, "size": content.len()});
                tx.record(Event {
                    action: "case.evidence",
                    object_type: "case",
                    object_id: id.to_string(),
                    before: None,
                    after: Some(&after),
                    summary: format!("案件 {}：提交证据 {name}", c.case_no),
                })
                .await?;
            }
            Op::Publish => disclosure::publish_in_tx(tx, &actors.head, cal, &c, day).await?,
        }
    }
    Ok(())
}

fn evidence_text(name: &str, party: &str, violation: &str, on: NaiveDate, n: usize) -> String {
    format!(
        "{name}\n当事人：{party}\n时间：{}\n事由：{violation}\n记录：经现场核查，情况如实记录，当事人核对无误后签字确认。\n编号：{n:06}\n",
        on.format("%Y年%-m月%-d日")
    )
}

/// 简易程序: decided on the spot by two officers, handed over, paid, closed and archived.
async fn summary_ops(
    tx: &mut AuditedTx,
    cal: &HolidayCalendar,
    rng: &mut StdRng,
    unit: &Unit,
    plan: &Plan,
    id: i64,
) -> Result<Vec<(NaiveDate, Op)>> {
    let (_, v) = &unit.items[plan.item];
    let on = plan.lead_on;
    let limit = summary_limit(plan.party.kind);
    let mut proposal = Proposal {
        warning: true,
        ..Proposal::default()
    };
    let low: Vec<(&str, i64, i64)> = v
        .discretion
        .tiers
        .iter()
        .filter_map(|t| match t.fine {
            Some(Fine::Amount { min_fen, max_fen }) if max_fen > 0 && min_fen <= limit => {
                Some((t.name.as_str(), min_fen, max_fen.min(limit)))
            }
            _ => None,
        })
        .collect();
    if let Some((tier, lo, hi)) = low.choose(rng).copied()
        && (!v.legal.warning || rng.gen_bool(0.8))
    {
        proposal = Proposal {
            warning: false,
            fine_fen: round_amount(rng, lo.max(1_000), hi).min(hi),
            tier: tier.to_string(),
            ..Proposal::default()
        };
    } else if let Some(t) = v.discretion.tiers.first() {
        proposal.tier = t.name.clone();
    }
    let c = load_case(tx.conn(), BINHAI_REGION, id).await?;
    let team = unit.team(rng, on).ok_or_else(|| internal("summary team"))?;
    let ok = matches!(
        assess_case(
            tx.conn(),
            BINHAI_REGION,
            &c,
            on,
            &c.circumstances,
            &proposal
        )
        .await,
        Ok(Assessed {
            legal_review_required: false,
            ..
        })
    );
    let mut ops = Vec::new();
    ops.push((
        on,
        Op::Evidence(
            "现场照片说明",
            "视听资料",
            evidence_text("现场照片说明", &plan.party.name, &v.name, on, id as usize),
        ),
    ));
    if !ok {
        // The lists or the tiers ask for more than an on-the-spot decision: not pursued here.
        ops.push((
            on,
            Op::Step(
                Who::Head,
                Step::Drop {
                    reason: "经核查，不适用简易程序，转为一般程序另行立案调查。".into(),
                },
            ),
        ));
        return Ok(ops);
    }
    let fine = proposal.fine_fen;
    ops.push((
        on,
        Op::Step(
            Who::Officer,
            Step::DecideOnSpot {
                officers: team,
                proposal,
                heard: true,
            },
        ),
    ));
    ops.push((
        on,
        Op::Step(
            Who::Officer,
            Step::Serve {
                method: ServiceMethod::Direct,
                receiver: plan.party.name.clone(),
            },
        ),
    ));
    let executed = if fine == 0 || fine <= 10_000 {
        // 第六十八条: fines up to 100 yuan are collected on the spot.
        on
    } else {
        let due = deadlines::payment_deadline(cal, on)
            .map_err(cal_err)?
            .deadline
            .date;
        wd(cal, on, rng.gen_range(1..=8))?.min(due)
    };
    ops.push((
        executed,
        Op::Step(
            Who::Officer,
            Step::Execute {
                paid_fen: fine,
                mode: if fine == 0 {
                    ExecutionMode::Nothing
                } else {
                    ExecutionMode::Paid
                },
            },
        ),
    ));
    let closed = wd(cal, executed, rng.gen_range(1..=5))?;
    ops.push((
        closed,
        Op::Step(
            Who::Head,
            Step::Close {
                note: "当场处罚决定已履行完毕，予以结案。".into(),
            },
        ),
    ));
    ops.push((
        wd(cal, closed, rng.gen_range(1..=10))?,
        Op::Step(Who::Officer, Step::Archive),
    ));
    insert_publish(cal, rng, &mut ops, on)?;
    Ok(ops)
}

/// Puts the publication of the decision into the plan on its day: most within the seven
/// working days, some late, a few never (the supervisor's overdue list).
fn insert_publish(
    cal: &HolidayCalendar,
    rng: &mut StdRng,
    ops: &mut Vec<(NaiveDate, Op)>,
    decided: NaiveDate,
) -> Result<()> {
    let due = deadlines::disclosure_deadline(cal, decided)
        .map_err(cal_err)?
        .deadline
        .date;
    let day = match rng.gen_range(0..100) {
        0..=2 => return Ok(()),
        3..=10 => due + Duration::days(rng.gen_range(1..=25)),
        _ => wd(cal, decided, rng.gen_range(1..=7))?.min(due),
    };
    let decide_at = ops
        .iter()
        .position(|(_, o)| {
            matches!(
                o,
                Op::Step(_, Step::Decide { .. } | Step::DecideOnSpot { .. })
            )
        })
        .ok_or_else(|| internal("publish before decision"))?;
    let at = ops
        .iter()
        .position(|(d, _)| *d > day)
        .unwrap_or(ops.len())
        .max(decide_at + 1);
    ops.insert(at, (day, Op::Publish));
    Ok(())
}

/// The proposal the investigation ends with, checked by the assessment; `None` when no
/// proposal fits (the case is then dropped).
#[allow(clippy::too_many_arguments)]
async fn propose(
    conn: &mut AnyConnection,
    rng: &mut StdRng,
    c: &fazhi_core::cases::CaseRow,
    on: NaiveDate,
    v: &Violation,
    circ: &mut Circumstances,
    want_no_penalty: bool,
    want_large: bool,
) -> Result<Option<(Proposal, Assessed)>> {
    let tiers = &v.discretion.tiers;
    for attempt in 0..4 {
        let mut p = Proposal::default();
        if want_no_penalty && attempt < 2 {
            p.no_penalty = true;
        } else {
            // Most penalties fall in the lighter tiers; a case entitled to a hearing in the
            // heaviest.
            let idx = if want_large && attempt == 0 {
                tiers.len() - 1
            } else {
                match rng.gen_range(0..100) {
                    0..=54 => 0,
                    55..=89 => 1.min(tiers.len() - 1),
                    _ => tiers.len() - 1,
                }
            };
            let t = &tiers[idx];
            p.tier = t.name.clone();
            match tier_range(rng, t) {
                Some((lo, hi, base)) => {
                    circ.base_amount_fen = base;
                    p.fine_fen = if want_large && attempt == 0 {
                        hi
                    } else if !circ.mitigations.is_empty() {
                        round_amount(rng, lo, lo + (hi - lo) / 3)
                    } else {
                        round_amount(rng, lo, hi)
                    };
                    if attempt == 0 && rng.gen_bool(0.03) {
                        // Outside the tier but within the legal range, with the reason.
                        let legal_hi = v
                            .legal
                            .fines
                            .iter()
                            .filter_map(|f| match f {
                                Fine::Amount { max_fen, .. } => Some(*max_fen),
                                Fine::Multiple { .. } => None,
                            })
                            .max()
                            .unwrap_or(hi);
                        if legal_hi > hi {
                            p.fine_fen = round_amount(rng, hi + 1, legal_hi);
                            p.out_of_tier_reason =
                                "违法行为持续时间长、涉及范围广，按本档次处罚明显偏轻，依法在法定幅度内提高罚款数额。"
                                    .into();
                        }
                    }
                }
                None => {
                    if v.legal.warning {
                        p.warning = true;
                    } else if v.legal.licence_measures {
                        p.other_measures = "责令停产停业".into();
                    } else if v.legal.confiscation {
                        p.confiscation_fen = round_amount(rng, 100_000, 5_000_000);
                    } else {
                        continue;
                    }
                }
            }
            if circ.first_violation && circ.harm == HarmLevel::Slight {
                p.penalty_reason =
                    "当事人虽系初次违法并及时改正，但违法行为涉及群众切身利益、社会影响较大，依法仍予处罚。"
                        .into();
            }
        }
        match assess_case(conn, BINHAI_REGION, c, on, circ, &p).await {
            Ok(a) => return Ok(Some((p, a))),
            Err(Error::Conflict { .. } | Error::Invalid { .. }) => {
                // A reason the lists ask for, or a fine the tiers refuse: try again.
                if p.penalty_reason.is_empty() {
                    circ.first_violation = false;
                }
                circ.mitigations.clear();
            }
            Err(e) => return Err(e),
        }
    }
    Ok(None)
}

/// 普通程序: filing, investigation with evidence, review, legal review where required, notice,
/// hearing where requested, collective discussion, decision, service, execution, close and
/// archive, on working days. Each stage is a helper below, called in this order (the order
/// of the random draws fixes the demo's records).
#[allow(clippy::too_many_arguments)]
async fn general_ops(
    tx: &mut AuditedTx,
    cal: &HolidayCalendar,
    rng: &mut StdRng,
    unit: &Unit,
    plan: &Plan,
    id: i64,
    circ: &Circumstances,
    facts: &str,
) -> Result<Vec<(NaiveDate, Op)>> {
    let (_, v) = &unit.items[plan.item];
    let mut circ = circ.clone();
    let mut ops: Vec<(NaiveDate, Op)> = Vec::new();
    let stop = plan.stop;
    let Some((filed, day)) = file_and_investigate(cal, rng, unit, plan, id, &mut ops)? else {
        return Ok(ops);
    };
    // Run what is planned so far: the review proposal is assessed on the stored case.
    let reviewed = working_on_or_after(
        cal,
        day + Duration::days(if circ.complex {
            rng.gen_range(25..45)
        } else {
            rng.gen_range(8..30)
        }),
    )?;
    let filed_case = load_case(tx.conn(), BINHAI_REGION, id).await?;
    // 第三十三条 第一款: no harm forbids a penalty; a first violation with slight harm mostly
    // ends without one.
    let want_no_penalty =
        circ.harm == HarmLevel::None || (circ.first_violation && rng.gen_bool(0.78));
    let hearing_threshold = match plan.party.kind {
        PartyKind::Citizen => 1_000_000,
        PartyKind::Organisation => 10_000_000,
    };
    let want_large = rng.gen_bool(0.04);
    let Some((proposal, a)) = propose(
        tx.conn(),
        rng,
        &filed_case,
        reviewed,
        v,
        &mut circ,
        want_no_penalty,
        want_large,
    )
    .await?
    else {
        return Ok(ops);
    };
    let decision_due = deadlines::decision_deadline(cal, filed, 0)
        .map_err(cal_err)?
        .deadline
        .date;
    let no_penalty = proposal.no_penalty;
    let fine = proposal.fine_fen;
    let review_step = || review_op(facts, no_penalty, proposal.clone(), circ.clone());
    ops.push((reviewed, review_step()));
    let mut last = reviewed;
    if a.legal_review_required {
        match legal_review_ops(cal, rng, &mut ops, stop, last, &review_step)? {
            Some(d) => last = d,
            None => return Ok(ops),
        }
    }
    let mut earliest_decision = last;
    if !no_penalty {
        let Some(dates) = notice_ops(
            cal,
            rng,
            &mut ops,
            stop,
            last,
            &a,
            fine >= hearing_threshold,
        )?
        else {
            return Ok(ops);
        };
        (last, earliest_decision) = dates;
    }
    let decided = decision_day(
        cal,
        rng,
        &mut ops,
        stop,
        (last, earliest_decision),
        decision_due,
        no_penalty,
    )?;
    ops.push((
        decided,
        Op::Step(Who::Head, Step::Decide { proposal: None }),
    ));
    if stop == Some(StopAt::Decided) {
        return Ok(ops);
    }
    serve_to_archive(cal, rng, plan, &mut ops, decided, &proposal)?;
    Ok(ops)
}

/// The review step of a general case (submitted again after a legal-review return).
fn review_op(facts: &str, no_penalty: bool, proposal: Proposal, circ: Circumstances) -> Op {
    Op::Step(
        Who::Officer,
        Step::Review {
            facts: format!(
                "{facts}经调查，上述违法事实清楚，证据确凿。{}",
                if no_penalty {
                    "当事人初次违法、及时改正，建议不予行政处罚并予以教育。"
                } else {
                    "建议依法给予行政处罚。"
                }
            ),
            circumstances: circ,
            proposal,
        },
    )
}

/// Filing (or dropping) the lead, the investigation team and the evidence. Returns the filing
/// day and the day of the last evidence, or `None` when the case stops here.
fn file_and_investigate(
    cal: &HolidayCalendar,
    rng: &mut StdRng,
    unit: &Unit,
    plan: &Plan,
    id: i64,
    ops: &mut Vec<(NaiveDate, Op)>,
) -> Result<Option<(NaiveDate, NaiveDate)>> {
    let (_, v) = &unit.items[plan.item];
    let lead_on = plan.lead_on;
    let stop = plan.stop;
    // 第五十四条: filing within fifteen working days; a few leads are not filed.
    let filed = wd(cal, lead_on, rng.gen_range(1..=12))?;
    if stop.is_none() && rng.gen_bool(0.03) {
        ops.push((
            filed,
            Op::Step(
                Who::Head,
                Step::Drop {
                    reason: "经核查，违法事实不能成立，不予立案。".into(),
                },
            ),
        ));
        return Ok(None);
    }
    if stop == Some(StopAt::Lead) {
        return Ok(None);
    }
    let investigated = if rng.gen_bool(0.6) {
        filed
    } else {
        wd(cal, filed, 1)?
    };
    let Some(team) = unit.team(rng, investigated) else {
        ops.push((
            filed,
            Op::Step(
                Who::Head,
                Step::Drop {
                    reason: "承办机构执法人员不足，线索移交上级机关处理。".into(),
                },
            ),
        ));
        return Ok(None);
    };
    ops.push((
        filed,
        Op::Step(
            Who::Head,
            Step::File {
                note: "经审查，符合立案条件，同意立案。".into(),
            },
        ),
    ));
    ops.push((
        investigated,
        Op::Step(Who::Officer, Step::Investigate { officers: team }),
    ));
    let mut day = investigated;
    for k in 0..rng.gen_range(1..=3usize) {
        day = wd(cal, day, rng.gen_range(1..=6))?;
        let (name, kind) = EVIDENCE[(k * 2 + rng.gen_range(0..2)) % EVIDENCE.len()];
        ops.push((
            day,
            Op::Evidence(
                name,
                kind,
                evidence_text(name, &plan.party.name, &v.name, day, id as usize * 4 + k),
            ),
        ));
    }
    if stop == Some(StopAt::Investigating) {
        return Ok(None);
    }
    Ok(Some((filed, day)))
}

/// Legal review where required, returned once in a tenth of the cases. Returns the day of the
/// last step, or `None` when the case waits for the review (an open case of December).
fn legal_review_ops(
    cal: &HolidayCalendar,
    rng: &mut StdRng,
    ops: &mut Vec<(NaiveDate, Op)>,
    stop: Option<StopAt>,
    mut last: NaiveDate,
    review_step: &dyn Fn() -> Op,
) -> Result<Option<NaiveDate>> {
    if stop == Some(StopAt::AwaitingLegal) {
        return Ok(None);
    }
    if rng.gen_bool(0.1) {
        // Returned once: the officers complete the file and submit again.
        last = wd(cal, last, rng.gen_range(2..=4))?;
        ops.push((
            last,
            Op::Step(
                Who::Legal,
                Step::LegalReview {
                    passed: false,
                    opinion: REVIEW_OPINIONS_BACK[rng.gen_range(0..REVIEW_OPINIONS_BACK.len())]
                        .into(),
                },
            ),
        ));
        last = wd(cal, last, rng.gen_range(3..=8))?;
        ops.push((last, review_step()));
    }
    last = wd(cal, last, rng.gen_range(2..=5))?;
    ops.push((
        last,
        Op::Step(
            Who::Legal,
            Step::LegalReview {
                passed: true,
                opinion: REVIEW_OPINIONS_OK[rng.gen_range(0..REVIEW_OPINIONS_OK.len())].into(),
            },
        ),
    ));
    Ok(Some(last))
}

/// Notice of the intended penalty, a hearing where asked for and the collective discussion
/// where required. Returns the day of the last step and the earliest day of the decision, or
/// `None` when the case waits after the notice (an open case of December).
fn notice_ops(
    cal: &HolidayCalendar,
    rng: &mut StdRng,
    ops: &mut Vec<(NaiveDate, Op)>,
    stop: Option<StopAt>,
    last: NaiveDate,
    a: &Assessed,
    above_hearing_threshold: bool,
) -> Result<Option<(NaiveDate, NaiveDate)>> {
    let mut last = last;
    let notified = wd(cal, last, rng.gen_range(1..=3))?;
    ops.push((
        notified,
        Op::Step(
            Who::Officer,
            Step::Notify {
                waived: false,
                hearing_waived: false,
            },
        ),
    ));
    if stop == Some(StopAt::Notified) {
        return Ok(None);
    }
    let window = deadlines::hearing_request_deadline(cal, notified)
        .map_err(cal_err)?
        .deadline
        .date;
    last = notified;
    let mut earliest_decision = wd(cal, window, 1)?;
    if a.hearing_right && (above_hearing_threshold || rng.gen_bool(0.5)) && rng.gen_bool(0.12) {
        let asked = wd(cal, notified, rng.gen_range(1..=4))?.min(window);
        ops.push((asked, Op::Step(Who::Officer, Step::RequestHearing)));
        let held = wd(cal, asked, rng.gen_range(8..=12))?;
        ops.push((
            held,
            Op::Step(
                Who::Officer,
                Step::HoldHearing {
                    note: HEARING_NOTES[rng.gen_range(0..HEARING_NOTES.len())].into(),
                    // 第六十四条（二）: told on the day of the request, 8–12 working days ahead.
                    notified_on: Some(asked),
                },
            ),
        ));
        // 第五十八条（二）: after the hearing the legal review is compulsory.
        let rev = wd(cal, held, rng.gen_range(2..=4))?;
        ops.push((
            rev,
            Op::Step(
                Who::Legal,
                Step::LegalReview {
                    passed: true,
                    opinion: "听证后审核：当事人陈述申辩理由不成立，原处罚建议适当，同意。".into(),
                },
            ),
        ));
        last = rev;
        earliest_decision = earliest_decision.max(wd(cal, rev, 1)?);
    }
    if a.collective_required {
        let d = wd(cal, last.max(window), rng.gen_range(1..=3))?;
        ops.push((
            d,
            Op::Step(
                Who::Head,
                Step::Discuss {
                    note: "经局务会集体讨论，同意按拟处罚意见作出处罚决定。".into(),
                },
            ),
        ));
        last = d;
        earliest_decision = earliest_decision.max(d);
    }
    Ok(Some((last, earliest_decision)))
}

/// The day of the decision: a few decided late on purpose, the others extended by the head
/// when the ninety days of 第六十条 run out.
fn decision_day(
    cal: &HolidayCalendar,
    rng: &mut StdRng,
    ops: &mut Vec<(NaiveDate, Op)>,
    stop: Option<StopAt>,
    (last, earliest_decision): (NaiveDate, NaiveDate),
    decision_due: NaiveDate,
    no_penalty: bool,
) -> Result<NaiveDate> {
    let mut decided = wd(cal, earliest_decision.max(last), rng.gen_range(0..=3))?;
    if stop.is_none() && rng.gen_bool(0.02) {
        // Late: decided after the ninety days of 第六十条.
        decided = decided.max(working_on_or_after(
            cal,
            decision_due + Duration::days(rng.gen_range(3..25)),
        )?);
    } else if decided > decision_due && !no_penalty {
        // The head extends the period by thirty days where the rules allow it.
        let ext_on = ops.last().map(|o| o.0).unwrap_or(last);
        ops.push((
            ext_on,
            Op::Step(
                Who::Head,
                Step::Extend {
                    days: 30,
                    reason: "案情复杂，经负责人批准延长办案期限三十日。".into(),
                },
            ),
        ));
    }
    Ok(decided)
}

/// Service, execution (paid, late or compulsory), close, archive and the publication of a
/// penalty.
fn serve_to_archive(
    cal: &HolidayCalendar,
    rng: &mut StdRng,
    plan: &Plan,
    ops: &mut Vec<(NaiveDate, Op)>,
    decided: NaiveDate,
    proposal: &Proposal,
) -> Result<()> {
    let no_penalty = proposal.no_penalty;
    let served = wd(cal, decided, rng.gen_range(0..=5))?;
    ops.push((
        served,
        Op::Step(
            Who::Officer,
            Step::Serve {
                method: [
                    ServiceMethod::Direct,
                    ServiceMethod::Direct,
                    ServiceMethod::Post,
                    ServiceMethod::Electronic,
                ][rng.gen_range(0..4)],
                receiver: if plan.party.representative.is_empty() {
                    plan.party.name.clone()
                } else {
                    plan.party.representative.clone()
                },
            },
        ),
    ));
    let owed = if no_penalty {
        0
    } else {
        proposal.fine_fen + proposal.confiscation_fen
    };
    let (executed, paid, mode) = execution(cal, rng, served, owed, proposal.fine_fen)?;
    if mode == ExecutionMode::Compulsory {
        // 行政强制法 第三十五条、第四十六条: the written reminder comes first, the day after the
        // payment fell due (`execution` leaves more than thirty days and ten working days).
        let due = deadlines::payment_deadline(cal, served)
            .map_err(cal_err)?
            .deadline
            .date;
        ops.push((
            working_on_or_after(cal, due + Duration::days(1))?,
            Op::Step(
                Who::Officer,
                Step::Urge {
                    note: "限十日内缴纳罚款及加处罚款，逾期依法强制执行。".into(),
                },
            ),
        ));
    }
    ops.push((
        executed,
        Op::Step(
            Who::Officer,
            Step::Execute {
                paid_fen: paid,
                mode,
            },
        ),
    ));
    let closed = wd(cal, executed, rng.gen_range(1..=10))?;
    ops.push((
        closed,
        Op::Step(
            Who::Head,
            Step::Close {
                note: "处罚决定已执行完毕，予以结案。".into(),
            },
        ),
    ));
    ops.push((
        wd(cal, closed, rng.gen_range(1..=15))?,
        Op::Step(Who::Officer, Step::Archive),
    ));
    if !no_penalty {
        insert_publish(cal, rng, ops, decided)?;
    }
    Ok(())
}

/// The day of execution, the amount paid (with the late-payment surcharge) and how.
fn execution(
    cal: &HolidayCalendar,
    rng: &mut StdRng,
    served: NaiveDate,
    owed: i64,
    fine_fen: i64,
) -> Result<(NaiveDate, i64, ExecutionMode)> {
    Ok(if owed == 0 {
        (
            wd(cal, served, rng.gen_range(0..=2))?,
            0,
            ExecutionMode::Nothing,
        )
    } else {
        let due = deadlines::payment_deadline(cal, served)
            .map_err(cal_err)?
            .deadline
            .date;
        let (day, mode) = match rng.gen_range(0..100) {
            0..=1 => (
                working_on_or_after(cal, due + Duration::days(rng.gen_range(60..120)))?,
                ExecutionMode::Compulsory,
            ),
            2..=8 => (
                working_on_or_after(cal, due + Duration::days(rng.gen_range(1..30)))?,
                ExecutionMode::Paid,
            ),
            _ => (
                working_on_or_before(cal, served + Duration::days(rng.gen_range(1..=15)))
                    .max(served)
                    .min(due),
                ExecutionMode::Paid,
            ),
        };
        // 第七十二条（一）: 3 % of the fine a day after the due date, at most the fine.
        let surcharge = if day > due {
            let days = rules::surcharge_days(due, day, &[])
                .map_err(|r| Error::Internal(r.message_en()))?;
            rules::late_payment_surcharge(Money::from_fen(fine_fen), days)
                .map_err(|r| Error::Internal(r.message_en()))?
                .fen()
        } else {
            0
        };
        (day, owed + surcharge, mode)
    })
}

/// A working day of 2024 drawn evenly.
fn day_of_2024(cal: &HolidayCalendar, rng: &mut StdRng) -> Result<NaiveDate> {
    let start = NaiveDate::from_ymd_opt(2024, 1, 2).ok_or_else(|| internal("date"))?;
    let d = start + Duration::days(rng.gen_range(0..363));
    working_on_or_after(cal, d)
}

fn source(rng: &mut StdRng) -> Source {
    match rng.gen_range(0..100) {
        0..=44 => Source::Inspection,
        45..=69 => Source::Complaint,
        70..=84 => Source::Patrol,
        85..=94 => Source::Referral,
        _ => Source::Other,
    }
}

/// Picks an index by weight.
fn weighted(rng: &mut StdRng, cum: &[usize]) -> usize {
    let total = cum.last().copied().unwrap_or(0).max(1);
    let x = rng.gen_range(0..total);
    cum.partition_point(|c| *c <= x)
}

/// Generates the 2024 cases of the demo district (after the power list, the subjects and the
/// officers exist).
pub async fn generate(db: &Db, progress: &mut dyn FnMut(&str, usize, usize)) -> Result<()> {
    let cal = load_calendar(db).await?;
    let units = load_units(db).await?;
    if units.is_empty() {
        return Ok(());
    }
    let market = market_accounts(db).await?;
    let mut parties = Parties::load(db).await?;
    let mut rng = StdRng::seed_from_u64(SEED);
    let today = fazhi_core::time::today();
    // Weighted by the body's certified officers.
    let mut cum = Vec::with_capacity(units.len());
    let mut acc = 0usize;
    for u in &units {
        acc += u.cards.len();
        cum.push(acc);
    }
    let mut plans: Vec<Plan> = Vec::with_capacity(DEMO_CASES);
    while plans.len() < DEMO_CASES {
        let ui = weighted(&mut rng, &cum);
        let u = &units[ui];
        let lead_on = day_of_2024(&cal, &mut rng)?;
        let summary = rng.gen_bool(0.34) && !u.summary_items.is_empty();
        let kind = if rng.gen_bool(if summary { 0.6 } else { 0.35 }) {
            PartyKind::Citizen
        } else {
            PartyKind::Organisation
        };
        let item = if summary {
            u.summary_items[rng.gen_range(0..u.summary_items.len())]
        } else {
            rng.gen_range(0..u.items.len())
        };
        // Both procedures need two officers with valid cards on the first step's day.
        if u.team(&mut rng, lead_on).is_none() {
            continue;
        }
        plans.push(Plan {
            unit: ui,
            summary,
            lead_on,
            party: parties.make(&mut rng, kind)?,
            item,
            source: if summary {
                Source::Patrol
            } else {
                source(&mut rng)
            },
            stop: None,
        });
    }
    // Numbers follow the lead dates.
    plans.sort_by_key(|p| p.lead_on);
    let staffs: Vec<Actors> = units.iter().map(staff).collect();
    let market_unit = market.as_ref().and_then(|m| {
        units
            .iter()
            .position(|u| Some(u.id) == m.officer.department_id)
    });
    let actors_of = |ui: usize| -> &Actors {
        match (&market, market_unit) {
            (Some(m), Some(mu)) if mu == ui => m,
            _ => &staffs[ui],
        }
    };
    let total = plans.len();
    let mut done = 0usize;
    let mut published: Vec<(i64, usize)> = Vec::new();
    for chunk in plans.chunks(BATCH) {
        let mut tx = AuditedTx::begin(db, fazhi_core::audit::Actor::system("demo")).await?;
        for plan in chunk {
            let u = &units[plan.unit];
            if let Some(id) = run_case(
                &mut tx,
                &cal,
                &mut rng,
                u,
                actors_of(plan.unit),
                plan,
                today,
            )
            .await?
                && !plan.summary
                && rng.gen_range(0..400) == 0
            {
                published.push((id, plan.unit));
            }
        }
        tx.commit().await?;
        done += chunk.len();
        progress("案件 cases", done, total);
    }
    // A handful of published decisions revoked on reconsideration (复议撤销) and withdrawn
    // from the portal within three working days (第四十八条 第二款).
    for (id, ui) in published {
        let c = {
            let mut conn = db.pool().acquire().await?;
            load_case(&mut conn, BINHAI_REGION, id).await?
        };
        let (Some(disclosed), DisclosureStatus::Published) = (c.disclosed_on, c.disclosure_status)
        else {
            continue;
        };
        let changed = wd(&cal, disclosed, rng.gen_range(20..40))?;
        let on = wd(&cal, changed, rng.gen_range(1..=3))?;
        if on > today {
            continue;
        }
        let mut head = actors_of(ui).head.clone();
        // The withdrawal checks the caller's scope over the body.
        head.scope = DataScope::District;
        disclosure::withdraw(
            db,
            &head,
            &cal,
            id,
            changed,
            on,
            "该行政处罚决定经行政复议被撤销，依法撤回公示。",
        )
        .await?;
    }
    if let (Some(m), Some(mu)) = (&market, market_unit) {
        open_cases(db, &cal, &mut rng, &units[mu], m, &mut parties, today).await?;
    }
    Ok(())
}

/// Open cases of the last weeks for 区市场监管局, handled by the demo officer: one or two at
/// each stage, so that the officer's, the head's and the reviewer's workbenches have tasks
/// with near due dates.
async fn open_cases(
    db: &Db,
    cal: &HolidayCalendar,
    rng: &mut StdRng,
    unit: &Unit,
    actors: &Actors,
    parties: &mut Parties,
    today: NaiveDate,
) -> Result<()> {
    let stages = [
        (StopAt::Lead, 4),
        (StopAt::Lead, 9),
        (StopAt::Investigating, 20),
        (StopAt::Investigating, 35),
        (StopAt::AwaitingLegal, 50),
        (StopAt::AwaitingLegal, 70),
        (StopAt::Notified, 60),
        (StopAt::Notified, 75),
        (StopAt::Decided, 80),
        (StopAt::Decided, 86),
        (StopAt::Decided, 84),
        (StopAt::Notified, 66),
    ];
    for (stop, back) in stages {
        let lead_on = working_on_or_before(cal, today - Duration::days(back));
        if unit.team(rng, lead_on).is_none() {
            continue;
        }
        // An item whose lightest tier is an ordinary fine keeps the path predictable.
        let item = rng.gen_range(0..unit.items.len());
        let kind = if rng.gen_bool(0.5) {
            PartyKind::Citizen
        } else {
            PartyKind::Organisation
        };
        let plan = Plan {
            unit: 0,
            summary: false,
            lead_on,
            party: parties.make(rng, kind)?,
            item,
            source: Source::Complaint,
            stop: Some(stop),
        };
        // One transaction per case: a plan squeezed into the weeks before today may be
        // refused (e.g. a decision inside the hearing window); it is then left out whole.
        let mut tx = AuditedTx::begin(db, fazhi_core::audit::Actor::system("demo")).await?;
        match run_case(&mut tx, cal, rng, unit, actors, &plan, today).await {
            Ok(_) => tx.commit().await?,
            Err(Error::Db(e)) => return Err(Error::Db(e)),
            Err(_) => tx.rollback().await?,
        }
    }
    Ok(())
}

/// Stage names of the populated cases: mostly archived, some open at a workbench stage.
const OPEN_STAGES: &[(&str, &str, &str)] = &[
    ("lead", "file", "head"),
    ("investigating", "review", "officer"),
    ("reviewed", "legal_review", "legal"),
    ("notified", "decide", "head"),
    ("decided", "serve", "officer"),
];

/// Reserves `count` consecutive numbers of a sequence; returns the first. Sequences are kept
/// per 文号 prefix (abbreviation and kind, department 0), as `numbers::next_number` does, so
/// bodies sharing an abbreviation never share a number.
async fn reserve(
    conn: &mut AnyConnection,
    abbrev: &str,
    kind: &str,
    year: i32,
    count: i64,
) -> Result<i64> {
    let r = sqlx::query(
        "UPDATE doc_sequences SET next_seq = next_seq + $1 WHERE region_code = $2 AND department_id = $3 AND kind = $4 AND year = $5 RETURNING next_seq - $1",
    )
    .bind(count)
    .bind(BINHAI_REGION)
    .bind(0_i64)
    .bind(format!("{abbrev}{kind}"))
    .bind(i64::from(year))
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(r) = r {
        return Ok(r.try_get(0)?);
    }
    sqlx::query(
        "INSERT INTO doc_sequences (region_code, department_id, kind, year, next_seq) VALUES ($1,$2,$3,$4,$5)",
    )
    .bind(BINHAI_REGION)
    .bind(0_i64)
    .bind(format!("{abbrev}{kind}"))
    .bind(i64::from(year))
    .bind(count + 1)
    .execute(&mut *conn)
    .await?;
    Ok(1)
}

const POP_COLS: &[&str] = &[
    "region_code",
    "case_no",
    "department_id",
    "procedure",
    "stage",
    "status",
    "source",
    "domain",
    "power_code",
    "violation",
    "penalised",
    "party_kind",
    "party_name",
    "party_code",
    "facts",
    "handler_user",
    "lead_on",
    "filed_on",
    "decided_on",
    "served_on",
    "executed_on",
    "closed_on",
    "archived_on",
    "filing_due",
    "decision_due",
    "warning",
    "fine_fen",
    "outcome",
    "decision_no",
    "paid_fen",
    "paid_on",
    "execution_mode",
    "disclosure_due",
    "disclosed_on",
    "disclosure_status",
    "created_at",
    "updated_at",
];

/// One populated row.
struct PopRow {
    dept: usize,
    year: i32,
    summary: bool,
    open: Option<usize>,
    lead: NaiveDate,
    item: usize,
    citizen: bool,
    name: String,
    fine: i64,
}

/// Adds `n` synthetic cases for benchmarks: multi-row INSERTs straight into `cases` (no audit
/// chain), spread over the bodies and the ten years to 2024, numbered from the bodies'
/// sequences; about 2 % are open with one open task each (some assigned to the demo officer).
pub async fn populate(db: &Db, n: usize) -> Result<usize> {
    let units = load_units(db).await?;
    if units.is_empty() || n == 0 {
        return Ok(0);
    }
    let names = unit_abbrevs(db, &units).await?;
    let officer_uid: Option<(i64, i64)> = sqlx::query_as::<_, (i64, Option<i64>)>(
        "SELECT id, department_id FROM users WHERE username = 'officer' AND region_code = $1",
    )
    .bind(BINHAI_REGION)
    .fetch_optional(db.pool())
    .await?
    .and_then(|(id, d)| d.map(|d| (id, d)));
    let mut cum = Vec::with_capacity(units.len());
    let mut acc = 0usize;
    for u in &units {
        acc += u.cards.len();
        cum.push(acc);
    }
    let mut rng = StdRng::seed_from_u64(SEED ^ n as u64);
    let today = fazhi_core::time::today();
    let start = NaiveDate::from_ymd_opt(2015, 1, 1).ok_or_else(|| internal("date"))?;
    let per_tx = 12_000;
    let mut done = 0usize;
    while done < n {
        let take = per_tx.min(n - done);
        let mut rows: Vec<PopRow> = (0..take)
            .map(|_| {
                let dept = weighted(&mut rng, &cum);
                let open = rng.gen_range(0..50) == 0;
                let lead = if open {
                    today - Duration::days(rng.gen_range(3..80))
                } else {
                    start + Duration::days(rng.gen_range(0..3650))
                };
                PopRow {
                    dept,
                    year: lead.year(),
                    summary: !open && rng.gen_bool(0.33),
                    open: open.then(|| rng.gen_range(0..OPEN_STAGES.len())),
                    lead,
                    item: rng.gen_range(0..units[dept].items.len()),
                    citizen: rng.gen_bool(0.4),
                    name: person(&mut rng),
                    fine: rng.gen_range(1..=500) * 10_000,
                }
            })
            .collect();
        rows.sort_by_key(|r| (r.dept, r.lead));
        let mut tx = db.pool().begin().await?;
        let mut numbers = reserve_numbers(&mut tx, &names, &rows).await?;
        let pop = Populating {
            units: &units,
            names: &names,
            officer_uid,
            today,
            now: now_ms(),
        };
        let open_cases = insert_rows(&mut tx, &pop, &rows, &mut numbers).await?;
        if !open_cases.is_empty() {
            open_tasks(&mut tx, &mut rng, &pop, &open_cases).await?;
        }
        tx.commit().await?;
        done += take;
    }
    Ok(done)
}

/// What every bulk-inserted row reads.
struct Populating<'a> {
    units: &'a [Unit],
    /// The 文号 abbreviation of each unit.
    names: &'a [String],
    /// The demo account `officer` and its department, the handler of that department's cases.
    officer_uid: Option<(i64, i64)>,
    today: NaiveDate,
    now: i64,
}

/// The next case and decision sequence numbers per (abbreviation, year).
type NextNumbers = (HashMap<(String, i32), i64>, HashMap<(String, i32), i64>);

/// The 文号 abbreviation of each unit's department.
async fn unit_abbrevs(db: &Db, units: &[Unit]) -> Result<Vec<String>> {
    let rows = sqlx::query_as::<_, (i64, String)>(
        "SELECT id, name FROM departments WHERE region_code = $1",
    )
    .bind(BINHAI_REGION)
    .fetch_all(db.pool())
    .await?;
    let m: HashMap<i64, String> = rows.into_iter().collect();
    Ok(units
        .iter()
        .map(|u| fazhi_core::cases::numbers::abbrev(m.get(&u.id).map(String::as_str).unwrap_or("")))
        .collect())
}

/// Numbers per (prefix, year), reserved as blocks so later real cases continue after them.
async fn reserve_numbers(
    conn: &mut AnyConnection,
    names: &[String],
    rows: &[PopRow],
) -> Result<NextNumbers> {
    let mut next_case: HashMap<(String, i32), i64> = HashMap::new();
    let mut next_dec: HashMap<(String, i32), i64> = HashMap::new();
    let mut need: HashMap<(String, i32), (i64, i64)> = HashMap::new();
    for r in rows {
        let e = need.entry((names[r.dept].clone(), r.year)).or_default();
        e.0 += 1;
        if r.open.is_none_or(|s| OPEN_STAGES[s].0 == "decided") {
            e.1 += 1;
        }
    }
    let mut keys: Vec<_> = need.keys().cloned().collect();
    keys.sort_unstable();
    for k in keys {
        let (cases, decisions) = need[&k];
        let first = reserve(
            conn,
            &k.0,
            fazhi_core::cases::numbers::CASE_KIND,
            k.1,
            cases,
        )
        .await?;
        let first_dec = reserve(
            conn,
            &k.0,
            fazhi_core::cases::numbers::DECISION_KIND,
            k.1,
            decisions,
        )
        .await?;
        next_case.insert(k.clone(), first);
        next_dec.insert(k, first_dec);
    }
    Ok((next_case, next_dec))
}

/// Inserts the rows, a dozen per statement; returns the open cases (number, unit, stage).
async fn insert_rows(
    conn: &mut AnyConnection,
    pop: &Populating<'_>,
    rows: &[PopRow],
    (next_case, next_dec): &mut NextNumbers,
) -> Result<Vec<(String, usize, usize)>> {
    // Short statements: SQLite allows 32,766 variables, but the driver resolves each numbered
    // parameter by a scan of the statement's parameters, so the cost per row grows with the
    // statement's width; a dozen rows per statement is the measured sweet spot.
    let rows_per_stmt = 12;
    let sql_head = format!("INSERT INTO cases ({}) VALUES ", POP_COLS.join(", "));
    let names = pop.names;
    let mut open_cases: Vec<(String, usize, usize)> = Vec::new();
    for chunk in rows.chunks(rows_per_stmt) {
        let sql = format!("{sql_head}{}", values_sql(chunk.len(), POP_COLS.len(), 1));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for r in chunk {
            let key = (names[r.dept].clone(), r.year);
            let seq = next_case.get_mut(&key).ok_or_else(|| internal("seq"))?;
            let case_no = fazhi_core::cases::numbers::format_number(
                &names[r.dept],
                fazhi_core::cases::numbers::CASE_KIND,
                r.year,
                *seq,
            );
            *seq += 1;
            let decided_stage = r.open.is_none_or(|s| OPEN_STAGES[s].0 == "decided");
            let decision_no = if decided_stage {
                let s = next_dec.get_mut(&key).ok_or_else(|| internal("seq"))?;
                let no = fazhi_core::cases::numbers::format_number(
                    &names[r.dept],
                    fazhi_core::cases::numbers::DECISION_KIND,
                    r.year,
                    *s,
                );
                *s += 1;
                Some(no)
            } else {
                None
            };
            if let Some(s) = r.open {
                open_cases.push((case_no.clone(), r.dept, s));
            }
            q = bind_row(q, pop, r, case_no, decision_no);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(open_cases)
}

/// Binds one row of `POP_COLS`: the stage's dates, the fine and the outcome.
fn bind_row<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    pop: &Populating<'_>,
    r: &PopRow,
    case_no: String,
    decision_no: Option<String>,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    let (today, now, officer_uid) = (pop.today, pop.now, pop.officer_uid);
    let u = &pop.units[r.dept];
    let (code, v) = &u.items[r.item];
    let d = |days: i64| Some((r.lead + Duration::days(days)).to_string());
    let (filed, decided, served, executed, closed, archived) = match r.open {
        None if r.summary => (d(0), d(0), d(0), d(0), d(3), d(10)),
        None => (d(5), d(60), d(63), d(75), d(80), d(90)),
        Some(s) => match OPEN_STAGES[s].0 {
            "lead" => (None, None, None, None, None, None),
            "decided" => (d(2), Some(today.to_string()), None, None, None, None),
            _ => (d(2), None, None, None, None, None),
        },
    };
    let stage = match r.open {
        None => "archived",
        Some(s) => OPEN_STAGES[s].0,
    };
    let fine = if r.summary {
        r.fine.min(if r.citizen { 20_000 } else { 300_000 })
    } else {
        r.fine
    };
    let handler = match officer_uid {
        Some((uid, dept)) if dept == u.id => Some(uid),
        _ => None,
    };
    q.bind(BINHAI_REGION)
        .bind(case_no)
        .bind(u.id)
        .bind(if r.summary { "summary" } else { "general" })
        .bind(stage)
        .bind(if r.open.is_some() { "open" } else { "closed" })
        .bind(if r.summary { "patrol" } else { "inspection" })
        .bind(u.domain.clone())
        .bind(code.clone())
        .bind(v.name.clone())
        .bind(v.penalised.clone())
        .bind(party_kind_str(if r.citizen {
            PartyKind::Citizen
        } else {
            PartyKind::Organisation
        }))
        .bind(if r.citizen {
            r.name.clone()
        } else {
            format!("天津{}商贸有限公司", r.name)
        })
        .bind(String::new())
        .bind(format!("当事人涉嫌{}。", v.name))
        .bind(handler)
        .bind(r.lead.to_string())
        .bind(filed)
        .bind(decided.clone())
        .bind(served)
        .bind(executed.clone())
        .bind(closed)
        .bind(archived)
        .bind((r.lead + Duration::days(21)).to_string())
        .bind((r.lead + Duration::days(92)).to_string())
        .bind(0i64)
        .bind(if decided.is_some() { fine } else { 0 })
        .bind(if decided.is_some() { "penalty" } else { "" })
        .bind(decision_no)
        .bind(if executed.is_some() { fine } else { 0 })
        .bind(executed)
        .bind(if r.open.is_none() { "paid" } else { "" })
        .bind(
            decided
                .as_ref()
                .map(|_| (r.lead + Duration::days(70)).to_string()),
        )
        .bind(
            decided
                .as_ref()
                .map(|_| (r.lead + Duration::days(65)).to_string()),
        )
        .bind(if decided.is_some() { "published" } else { "" })
        .bind(now)
        .bind(now)
}

/// One open task per open case, waiting where its stage says.
async fn open_tasks(
    conn: &mut AnyConnection,
    rng: &mut StdRng,
    pop: &Populating<'_>,
    open_cases: &[(String, usize, usize)],
) -> Result<()> {
    let (units, officer_uid, today, now) = (pop.units, pop.officer_uid, pop.today, pop.now);
    let ids: HashMap<String, i64> = {
        let mut m = HashMap::new();
        for part in open_cases.chunks(500) {
            let sql = format!(
                "SELECT case_no, id FROM cases WHERE region_code = $1 AND case_no IN ({})",
                (0..part.len())
                    .map(|i| format!("${}", i + 2))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let mut q =
                sqlx::query_as::<_, (String, i64)>(sqlx::AssertSqlSafe(sql)).bind(BINHAI_REGION);
            for (no, _, _) in part {
                q = q.bind(no.clone());
            }
            m.extend(q.fetch_all(&mut *conn).await?);
        }
        m
    };
    for part in open_cases.chunks(2_000) {
        let sql = format!(
            "INSERT INTO case_tasks (region_code, case_id, department_id, kind, queue, assignee_user, status, due_on, created_at) VALUES {}",
            values_sql(part.len(), 9, 1)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (no, dept, s) in part {
            let (_, kind, queue) = OPEN_STAGES[*s];
            let u = &units[*dept];
            let assignee = match officer_uid {
                Some((uid, d)) if d == u.id && queue == "officer" => Some(uid),
                _ => None,
            };
            q = q
                .bind(BINHAI_REGION)
                .bind(
                    ids.get(no)
                        .copied()
                        .ok_or_else(|| internal("open case id"))?,
                )
                .bind(u.id)
                .bind(kind)
                .bind(queue)
                .bind(assignee)
                .bind("open")
                .bind((today + Duration::days(rng.gen_range(1..20))).to_string())
                .bind(now);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_amounts_stay_in_range() {
        let mut rng = StdRng::seed_from_u64(1);
        for (lo, hi) in [(5_000_000, 6_666_666), (100, 100), (1_000, 20_000), (0, 50)] {
            for _ in 0..200 {
                let x = round_amount(&mut rng, lo, hi);
                assert!(lo <= x && x <= hi, "{x} outside {lo}..{hi}");
            }
        }
    }

    #[test]
    fn weighted_picks_every_index() {
        let mut rng = StdRng::seed_from_u64(2);
        let cum = [3, 5, 9];
        let mut seen = [0; 3];
        for _ in 0..1000 {
            seen[weighted(&mut rng, &cum)] += 1;
        }
        assert!(seen.iter().all(|n| *n > 100), "{seen:?}");
    }
}
