//! Demo of administrative reconsideration and litigation for 2024, written through the module's
//! own code (`reconsideration::workflow`, `reconsideration::litigation`). The report's figures
//! — 1,423 applications accepted and 1,006 decided in 2024, 216 first-instance and 140
//! second-instance lawsuits — are the sizes of the generated sets; the pages and the CLI count
//! the records, so deleting one changes them.
//!
//! Most applications challenge market-regulation and urban-management penalties; about four in
//! ten are linked to a decided penalty case of the demo (the applicant is its party). The
//! correction rate is near the district's earlier ~10 %.

use chrono::{Datelike, Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sqlx::Row;

use fazhi_core::audit::{Actor, AuditedTx};
use fazhi_core::calendar::HolidayCalendar;
use fazhi_core::db::Db;
use fazhi_core::litigation::{self, Instance, NewLawsuit, Outcome};
use fazhi_core::reconsideration::records::{self, DecisionKind};
use fazhi_core::reconsideration::rules::{self, ActKind, Channel, Procedure};
use fazhi_core::reconsideration::workflow::{self, HearingWay, NewApplication, Step};
use fazhi_core::{BINHAI_REGION, Error, Result};

/// The report's figures (2024).
pub const ACCEPTED: usize = 1_423;
pub const DECIDED: usize = 1_006;
pub const FIRST_INSTANCE: usize = 216;
pub const SECOND_INSTANCE: usize = 140;
/// Applications received but not accepted (不予受理) or abandoned after a 补正 notice.
const REJECTED: usize = 64;
const ABANDONED: usize = 12;
/// Withdrawn before a decision (终止).
const WITHDRAWN: usize = 58;
const SEED: u64 = 20_241_231;
const YEAR: i32 = 2024;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗",
];
const GIVEN: &[&str] = &[
    "建华", "秀英", "志强", "丽娟", "国庆", "海燕", "文杰", "桂兰", "立新", "晓东", "春梅", "德胜",
    "玉兰", "振宇", "淑珍", "宏伟",
];
const FIRMS: &[&str] = &[
    "滨海新区鑫达商贸有限公司",
    "天津港湾餐饮管理有限公司",
    "滨海新区汇丰建材经营部",
    "天津泰和物流有限公司",
    "滨海新区康宁药房",
    "天津华瑞装饰工程有限公司",
    "滨海新区新港便利店",
    "天津海川食品有限公司",
];

fn internal(e: impl std::fmt::Display) -> Error {
    Error::Internal(e.to_string())
}

fn wd(cal: &HolidayCalendar, d: NaiveDate, n: u32) -> Result<NaiveDate> {
    Ok(cal
        .add_working_days(d, n)
        .map_err(|e| internal(e.message_en()))?
        .date)
}

/// A working day on or after `d`.
fn working(cal: &HolidayCalendar, d: NaiveDate) -> Result<NaiveDate> {
    if cal.is_working_day(d).working {
        Ok(d)
    } else {
        wd(cal, d, 1)
    }
}

/// A penalty case to challenge: id, body, party, party kind, decision number, fine, received.
struct Challenged {
    case_id: i64,
    department_id: i64,
    party: String,
    citizen: bool,
    decision_no: String,
    fine_fen: i64,
    decided_on: NaiveDate,
    knew_on: NaiveDate,
}

async fn challengeable(db: &Db) -> Result<Vec<Challenged>> {
    let rows = sqlx::query(
        "SELECT id, department_id, party_name, party_kind, decision_no, fine_fen, decided_on, COALESCE(received_on, served_on) \
         FROM cases WHERE region_code = $1 AND decision_no IS NOT NULL AND served_on IS NOT NULL AND outcome = 'penalty' \
         AND served_on >= '2023-12-15' AND served_on < '2024-11-01' ORDER BY id",
    )
    .bind(BINHAI_REGION)
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::new();
    for r in rows {
        let date = |i: usize| -> Result<NaiveDate> {
            r.try_get::<String, _>(i)?.parse().map_err(internal)
        };
        out.push(Challenged {
            case_id: r.try_get(0)?,
            department_id: r.try_get(1)?,
            party: r.try_get(2)?,
            citizen: r.try_get::<String, _>(3)? == "citizen",
            decision_no: r.try_get(4)?,
            fine_fen: r.try_get(5)?,
            decided_on: date(6)?,
            knew_on: date(7)?,
        });
    }
    Ok(out)
}

/// Bodies weighted as the district's applications fall: market regulation and urban
/// management first, then the others.
async fn respondents(db: &Db) -> Result<Vec<(i64, u32)>> {
    let rows = sqlx::query(
        "SELECT id, name FROM departments WHERE region_code = $1 AND active = 1 AND kind = 'agency' ORDER BY id",
    )
    .bind(BINHAI_REGION)
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::new();
    for r in rows {
        let id: i64 = r.try_get(0)?;
        let name: String = r.try_get(1)?;
        let w = if name.contains("市场监") {
            30
        } else if name.contains("城市管理") {
            18
        } else if name.contains("生态环境") || name.contains("交通") || name.contains("住房")
        {
            6
        } else if name.contains("委员会") || name.contains("局") {
            2
        } else {
            0
        };
        if w > 0 {
            out.push((id, w));
        }
    }
    if out.is_empty() {
        return Err(internal("no respondent bodies in the demo"));
    }
    Ok(out)
}

fn pick_weighted(rng: &mut StdRng, items: &[(i64, u32)]) -> i64 {
    let total: u32 = items.iter().map(|x| x.1).sum();
    let mut x = rng.gen_range(0..total.max(1));
    for (id, w) in items {
        if x < *w {
            return *id;
        }
        x -= w;
    }
    items[0].0
}

/// An applicant, distinct for every `i` below 1,600 (the duplicate check — same applicant,
/// same act — must not fire on generated data).
fn person(rng: &mut StdRng, i: usize) -> (String, bool) {
    if rng.gen_bool(0.55) {
        let s = SURNAMES[i % SURNAMES.len()];
        let g = GIVEN[(i / SURNAMES.len()) % GIVEN.len()];
        let n =
            ["", "（二）", "（三）", "（四）", "（五）"][(i / (SURNAMES.len() * GIVEN.len())) % 5];
        (format!("{s}{g}{n}"), true)
    } else {
        let f = FIRMS[i % FIRMS.len()];
        (format!("{f}第{}分公司", i / FIRMS.len() + 1), false)
    }
}

/// One application to generate: its dates and what happens to it.
struct Plan {
    n: NewApplication,
    accepted: Option<NaiveDate>,
    correction: bool,
    procedure: Procedure,
    end: End,
}

enum End {
    Reject,
    Abandon,
    Withdraw(NaiveDate),
    Decide(NaiveDate, DecisionKind),
}

fn decision_kind(rng: &mut StdRng) -> DecisionKind {
    match rng.gen_range(0..100) {
        0..=4 => DecisionKind::Revoked,
        5..=6 => DecisionKind::Changed,
        7..=8 => DecisionKind::ConfirmedIllegal,
        9 => DecisionKind::Perform,
        10..=17 => DecisionKind::Mediated,
        18..=77 => DecisionKind::Upheld,
        _ => DecisionKind::Dismissed,
    }
}

/// Generates the 2024 reconsideration and litigation records of the demo district.
pub async fn generate(db: &Db, progress: &mut dyn FnMut(&str, usize, usize)) -> Result<()> {
    let done: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM reconsideration_applications WHERE region_code = $1",
    )
    .bind(BINHAI_REGION)
    .fetch_one(db.pool())
    .await?
    .try_get(0)?;
    if done > 0 {
        return Ok(());
    }
    let cal = fazhi_core::calendar::load_calendar(db).await?;
    let mut rng = StdRng::seed_from_u64(SEED);
    let mut cases = challengeable(db).await?;
    cases.shuffle(&mut rng);
    let bodies = respondents(db).await?;
    let start = NaiveDate::from_ymd_opt(YEAR, 1, 2).ok_or_else(|| internal("date"))?;
    let year_end = NaiveDate::from_ymd_opt(YEAR, 12, 31).ok_or_else(|| internal("date"))?;
    let last_intake = NaiveDate::from_ymd_opt(YEAR, 12, 13).ok_or_else(|| internal("date"))?;
    let total = ACCEPTED + REJECTED + ABANDONED;
    let mut plans: Vec<Plan> = Vec::with_capacity(total);
    for i in 0..total {
        // Intake grows through the year (more decisions are challenged as the year's cases
        // are decided): day = 365·√u.
        let u: f64 = rng.gen_range(0.0..1.0);
        let day = (u.sqrt() * 345.0) as i64;
        // Received by 12-13, so that the acceptance (with a 补正) still falls in the year.
        let mut received = working(&cal, start + Duration::days(day))?.min(last_intake);
        let linked = if rng.gen_bool(0.4) { cases.pop() } else { None };
        let (name, citizen, respondent, kind, description, case_id, amount, act_on, knew_on) =
            match linked {
                Some(c) => {
                    received = working(&cal, c.knew_on + Duration::days(rng.gen_range(5..45)))?
                        .max(start)
                        .min(last_intake);
                    let kind = if c.fine_fen <= 20_000 && c.citizen {
                        ActKind::SpotPenalty
                    } else {
                        ActKind::Penalty
                    };
                    (
                        c.party.clone(),
                        c.citizen,
                        c.department_id,
                        kind,
                        format!("{}行政处罚决定", c.decision_no),
                        Some(c.case_id),
                        Some(c.fine_fen),
                        c.decided_on,
                        c.knew_on,
                    )
                }
                None => {
                    let (name, citizen) = person(&mut rng, i);
                    let respondent = pick_weighted(&mut rng, &bodies);
                    let kind = [
                        ActKind::Penalty,
                        ActKind::Penalty,
                        ActKind::Compulsion,
                        ActKind::Licence,
                        ActKind::NonPerformance,
                        ActKind::InformationRefused,
                    ][rng.gen_range(0..6)];
                    let amount =
                        (kind == ActKind::Penalty).then(|| rng.gen_range(1..=400) * 50_000_i64);
                    let knew = received - Duration::days(rng.gen_range(3..55));
                    let act = knew - Duration::days(rng.gen_range(0..8));
                    let what = match kind {
                        ActKind::Penalty => format!(
                            "{}元罚款的行政处罚决定（{}作出）",
                            amount.unwrap_or(0) / 100,
                            act
                        ),
                        ActKind::Compulsion => format!("{act}作出的查封、扣押决定"),
                        ActKind::Licence => format!("{act}作出的不予行政许可决定"),
                        ActKind::NonPerformance => format!("{knew}前未依申请履行查处职责"),
                        _ => format!("{act}作出的政府信息不予公开答复"),
                    };
                    (
                        name, citizen, respondent, kind, what, None, amount, act, knew,
                    )
                }
            };
        let channel = match rng.gen_range(0..10) {
            0..=4 => Channel::Portal,
            5..=7 => Channel::Counter,
            8 => Channel::Oral,
            _ if kind == ActKind::SpotPenalty => Channel::Transfer,
            _ => Channel::Counter,
        };
        let n = NewApplication {
            channel,
            applicant_kind: if citizen { "citizen" } else { "organisation" }.into(),
            applicant_name: name,
            applicant_code: String::new(),
            applicant_contact: format!("1{}", 3_000_000_000_i64 + rng.gen_range(0..999_999_999)),
            respondent_department_id: respondent,
            act_kind: kind,
            act_description: description,
            case_id,
            act_on,
            knew_on,
            rights_told: true,
            rights_known_on: None,
            real_estate: false,
            amount_fen: amount,
            warning_only: false,
            requests: "请求撤销该行政行为".into(),
            reasons: "认定事实不清，适用依据错误".into(),
            third_parties: String::new(),
            received_on: received,
        };
        let simplified_ok = rules::simplified_allowed(
            kind,
            false,
            amount.map(fazhi_core::money::Money::from_fen),
            false,
        );
        let procedure = if simplified_ok && rng.gen_bool(0.6) {
            Procedure::Simplified
        } else {
            Procedure::Ordinary
        };
        let (accepted, correction, end) = if i < REJECTED {
            (None, false, End::Reject)
        } else if i < REJECTED + ABANDONED {
            (None, true, End::Abandon)
        } else {
            let correction = rng.gen_bool(0.08);
            let accepted = if correction {
                wd(&cal, received, rng.gen_range(6..=9))?
            } else {
                wd(&cal, received, rng.gen_range(1..=5))?
            };
            (Some(accepted), correction, End::Reject)
        };
        plans.push(Plan {
            n,
            accepted,
            correction,
            procedure,
            end,
        });
    }
    // Who closes in 2024: the earliest natural decision dates, WITHDRAWN of them withdrawn and
    // DECIDED decided; the others are decided in 2025 (pending at the end of 2024).
    let mut natural: Vec<(NaiveDate, usize)> = Vec::new();
    for (i, p) in plans.iter().enumerate() {
        if let Some(a) = p.accepted {
            let span = match p.procedure {
                Procedure::Simplified => rng.gen_range(10..28),
                Procedure::Ordinary => rng.gen_range(25..58),
            };
            natural.push((a + Duration::days(span), i));
        }
    }
    natural.sort();
    let closing = DECIDED + WITHDRAWN;
    for (k, (date, i)) in natural.iter().enumerate() {
        let accepted = plans[*i].accepted.unwrap_or(*date);
        let end = if k < closing {
            let on = working(
                &cal,
                (*date).min(year_end - Duration::days(1)).max(accepted),
            )?;
            let on = if on > year_end {
                accepted.max(year_end - Duration::days(2))
            } else {
                on
            };
            if k % (closing / WITHDRAWN) == 0 && k / (closing / WITHDRAWN) < WITHDRAWN {
                End::Withdraw(on)
            } else {
                End::Decide(on, decision_kind(&mut rng))
            }
        } else {
            let next = NaiveDate::from_ymd_opt(YEAR + 1, 1, 2).ok_or_else(|| internal("date"))?;
            End::Decide(working(&cal, (*date).max(next))?, decision_kind(&mut rng))
        };
        plans[*i].end = end;
    }
    // The withdrawn count must be exact, the decided too (the division above may leave one short).
    let withdrawn = plans
        .iter()
        .filter(|p| matches!(p.end, End::Withdraw(_)))
        .count();
    if withdrawn != WITHDRAWN {
        return Err(internal(format!("withdrawn {withdrawn} ≠ {WITHDRAWN}")));
    }
    let mut tx = AuditedTx::begin(db, Actor::system("demo")).await?;
    let actor = "demo";
    for (i, p) in plans.iter().enumerate() {
        let (id, _) = workflow::receive(&mut tx, BINHAI_REGION, &cal, &p.n, actor).await?;
        let received = p.n.received_on;
        if p.correction {
            let a = records_load(&mut tx, id).await?;
            let s = Step::RequestCorrection {
                items: "请补充提交被申请行政行为的决定书复印件及身份证明".into(),
            };
            workflow::apply(
                &mut tx,
                BINHAI_REGION,
                actor,
                &cal,
                &a,
                wd(&cal, received, 2)?,
                &s,
            )
            .await?;
            if matches!(p.end, End::Abandon) {
                let a = records_load(&mut tx, id).await?;
                let due = a.correction_due.unwrap_or(received);
                workflow::apply(
                    &mut tx,
                    BINHAI_REGION,
                    actor,
                    &cal,
                    &a,
                    wd(&cal, due, 1)?,
                    &Step::Abandon,
                )
                .await?;
            } else {
                let a = records_load(&mut tx, id).await?;
                workflow::apply(
                    &mut tx,
                    BINHAI_REGION,
                    actor,
                    &cal,
                    &a,
                    wd(&cal, received, 5)?,
                    &Step::Corrected,
                )
                .await?;
            }
        }
        match (&p.end, p.accepted) {
            (End::Reject, None) => {
                let a = records_load(&mut tx, id).await?;
                workflow::apply(
                    &mut tx,
                    BINHAI_REGION,
                    actor,
                    &cal,
                    &a,
                    wd(&cal, received, 3)?,
                    &Step::Reject {
                        reason: "申请人与被申请的行政行为没有利害关系（《行政复议法》第三十条第一款第（二）项）".into(),
                    },
                )
                .await?;
            }
            (End::Abandon, _) => {}
            (end, Some(accepted)) => {
                let a = records_load(&mut tx, id).await?;
                workflow::apply(
                    &mut tx,
                    BINHAI_REGION,
                    actor,
                    &cal,
                    &a,
                    accepted,
                    &Step::Accept {
                        procedure: p.procedure,
                        consent: false,
                    },
                )
                .await?;
                let copy_days = if p.procedure == Procedure::Simplified {
                    2
                } else {
                    4
                };
                let copy = wd(&cal, accepted, copy_days)?;
                let a = records_load(&mut tx, id).await?;
                workflow::apply(
                    &mut tx,
                    BINHAI_REGION,
                    actor,
                    &cal,
                    &a,
                    copy,
                    &Step::SendCopy,
                )
                .await?;
                let answer = wd(
                    &cal,
                    copy,
                    if p.procedure == Procedure::Simplified {
                        3
                    } else {
                        7
                    },
                )?;
                let a = records_load(&mut tx, id).await?;
                workflow::apply(
                    &mut tx,
                    BINHAI_REGION,
                    actor,
                    &cal,
                    &a,
                    answer,
                    &Step::Answer {
                        note: "被申请人提交书面答复及作出行政行为的证据、依据".into(),
                    },
                )
                .await?;
                match end {
                    End::Withdraw(on) => {
                        let a = records_load(&mut tx, id).await?;
                        let on = (*on).max(answer);
                        workflow::apply(
                            &mut tx,
                            BINHAI_REGION,
                            actor,
                            &cal,
                            &a,
                            on,
                            &Step::Terminate {
                                reason: "申请人自愿撤回行政复议申请，经审查准予撤回（第四十一条第（一）项）".into(),
                                withdrawn: true,
                            },
                        )
                        .await?;
                    }
                    End::Decide(on, kind) => {
                        let mut on = (*on).max(answer);
                        let a = records_load(&mut tx, id).await?;
                        if let Some(due) = a.decision_due
                            && on > due
                            && p.procedure == Procedure::Ordinary
                        {
                            workflow::apply(
                                &mut tx,
                                BINHAI_REGION,
                                actor,
                                &cal,
                                &a,
                                answer,
                                &Step::Extend {
                                    days: 30,
                                    reason: "案情复杂，经行政复议机构负责人批准延长".into(),
                                },
                            )
                            .await?;
                        }
                        if on.year() == YEAR + 1 && on < answer {
                            on = answer;
                        }
                        if p.procedure == Procedure::Ordinary {
                            // 第四十九条: the parties are heard before an ordinary decision.
                            let a = records_load(&mut tx, id).await?;
                            let way = if i % 3 == 0 {
                                HearingWay::InPerson
                            } else {
                                HearingWay::Phone
                            };
                            workflow::apply(
                                &mut tx,
                                BINHAI_REGION,
                                actor,
                                &cal,
                                &a,
                                answer,
                                &Step::HearOpinions {
                                    way,
                                    note: "听取申请人、被申请人意见并记录在案".into(),
                                },
                            )
                            .await?;
                        }
                        let a = records_load(&mut tx, id).await?;
                        workflow::apply(
                            &mut tx,
                            BINHAI_REGION,
                            actor,
                            &cal,
                            &a,
                            on,
                            &Step::Decide {
                                kind: *kind,
                                text: format!(
                                    "经审理，依据《行政复议法》{}作出决定。",
                                    kind.article()
                                ),
                            },
                        )
                        .await?;
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        if i % 200 == 199 {
            tx.commit().await?;
            tx = AuditedTx::begin(db, Actor::system("demo")).await?;
            progress("行政复议 reconsideration", i + 1, total);
        }
    }
    tx.commit().await?;
    progress("行政复议 reconsideration", total, total);
    lawsuits(db, &cal, &mut rng, &bodies).await?;
    progress(
        "行政应诉 litigation",
        FIRST_INSTANCE + SECOND_INSTANCE,
        FIRST_INSTANCE + SECOND_INSTANCE,
    );
    Ok(())
}

async fn records_load(tx: &mut AuditedTx, id: i64) -> Result<records::Application> {
    records::load_in(tx.conn(), BINHAI_REGION, id).await
}

/// 216 first-instance and 140 second-instance lawsuits served in 2024, most with the head in
/// court, about one in twelve lost.
async fn lawsuits(
    db: &Db,
    cal: &HolidayCalendar,
    rng: &mut StdRng,
    bodies: &[(i64, u32)],
) -> Result<()> {
    let mut tx = AuditedTx::begin(db, Actor::system("demo")).await?;
    let start = NaiveDate::from_ymd_opt(YEAR, 1, 2).ok_or_else(|| internal("date"))?;
    for (k, instance) in std::iter::repeat_n(Instance::First, FIRST_INSTANCE)
        .chain(std::iter::repeat_n(Instance::Second, SECOND_INSTANCE))
        .enumerate()
    {
        let served = working(cal, start + Duration::days(rng.gen_range(0..350)))?;
        let court = if instance == Instance::First {
            "天津市滨海新区人民法院"
        } else {
            "天津市第三中级人民法院"
        };
        let (plaintiff, _) = person(rng, k + 7);
        let n = NewLawsuit {
            court: court.into(),
            court_case_no: format!(
                "（{YEAR}）津{}行{}{}号",
                if instance == Instance::First {
                    "0116"
                } else {
                    "03"
                },
                if instance == Instance::First {
                    "初"
                } else {
                    "终"
                },
                k + 1
            ),
            instance,
            defendant_department_id: pick_weighted(rng, bodies),
            plaintiff,
            act_description: "被诉行政处罚决定".into(),
            case_id: None,
            reconsideration_id: None,
            served_on: served,
        };
        let id = litigation::register(&mut tx, BINHAI_REGION, cal, &n, "demo").await?;
        let hearing = served + Duration::days(rng.gen_range(30..80));
        if hearing < NaiveDate::from_ymd_opt(YEAR + 1, 3, 1).ok_or_else(|| internal("date"))? {
            let judgment = hearing + Duration::days(rng.gen_range(10..50));
            let outcome = match rng.gen_range(0..100) {
                0..=7 => Outcome::Revoked,
                8..=14 => Outcome::Withdrawn,
                15..=19 => Outcome::Dismissed,
                _ => Outcome::Upheld,
            };
            let head = rng.gen_bool(0.93);
            litigation::record_judgment(
                &mut tx,
                id,
                hearing,
                head,
                if head { "分管副局长" } else { "" },
                judgment,
                outcome,
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Adds `n` synthetic applications (plain rows, no audit entries) spread over the bodies and the
/// statuses, for the benchmarks of the list pages (`fazhi reconsideration bench`). Not demo data:
/// a benchmark database only.
pub async fn populate(db: &Db, n: usize, progress: &mut dyn FnMut(usize, usize)) -> Result<usize> {
    let bodies = respondents(db).await?;
    let mut rng = StdRng::seed_from_u64(SEED ^ 0x5EED);
    let statuses = [
        "received",
        "accepted",
        "accepted",
        "decided",
        "decided",
        "decided",
        "terminated",
        "rejected",
    ];
    let start = NaiveDate::from_ymd_opt(2020, 1, 1).ok_or_else(|| internal("date"))?;
    let now = fazhi_core::time::now_ms();
    let batch = 500;
    let mut done = 0;
    while done < n {
        let k = batch.min(n - done);
        let mut tx = db.pool().begin().await?;
        for j in 0..k {
            let i = done + j;
            let received = start + Duration::days(rng.gen_range(0..2190));
            let status = statuses[rng.gen_range(0..statuses.len())];
            let accepted = (status != "received" && status != "rejected")
                .then(|| received + Duration::days(3));
            let decided = matches!(status, "decided" | "terminated")
                .then(|| received + Duration::days(rng.gen_range(20..70)));
            sqlx::query(
                "INSERT INTO reconsideration_applications (region_code, case_no, query_code, channel, applicant_kind, applicant_name, \
                 respondent_department_id, act_kind, act_description, act_on, knew_on, requests, received_on, acceptance_due, status, \
                 procedure, accepted_on, decision_due, decided_on, decision_kind, created_by, created_at, updated_at) \
                 VALUES ($1,$2,$3,'counter','organisation',$4,$5,'penalty',$6,$7,$7,'撤销',$8,$9,$10,'ordinary',$11,$12,$13,$14,'bench',$15,$15)",
            )
            .bind(BINHAI_REGION)
            .bind(accepted.map(|d| format!("津滨政复〔{}〕B{i}号", d.year())).unwrap_or_default())
            .bind(format!("BENCH{i:010}"))
            .bind(format!("基准测试申请人{i}"))
            .bind(pick_weighted(&mut rng, &bodies))
            .bind(format!("基准测试行政行为{i}"))
            .bind((received - Duration::days(10)).to_string())
            .bind(received.to_string())
            .bind((received + Duration::days(7)).to_string())
            .bind(status)
            .bind(accepted.map(|d| d.to_string()))
            .bind(accepted.map(|d| (d + Duration::days(60)).to_string()))
            .bind(decided.map(|d| d.to_string()))
            .bind(if status == "decided" { "upheld" } else { "" })
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        done += k;
        progress(done, n);
    }
    Ok(done)
}
