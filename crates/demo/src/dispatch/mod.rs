//! Demo generator of the dispatch: a year (2024) of 12345 work orders across the departments,
//! taken in, classified and carried through their outcomes by the module's own functions
//! (every step audited): confident suggestions dispatched at once, uncertain ones by the
//! dispatcher, wrong ones returned by the department and re-dispatched, duplicates merged,
//! replies and return-visit ratings, and the last weeks of December still open.
//!
//! The texts come from the training set with the caller's own framing and a Binhai address;
//! the evaluation set (`data/dispatch/eval.jsonl`) is never used here.

pub mod eval;

use chrono::{Datelike, NaiveDate, TimeZone};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde::Deserialize;

use fazhi_core::audit::{Actor, AuditedTx};
use fazhi_core::calendar::{HolidayCalendar, load_calendar};
use fazhi_core::db::Db;
use fazhi_core::dispatch::knowledge::{LabelledLine, model, training_lines};
use fazhi_core::dispatch::order::{OrderKind, Step};
use fazhi_core::dispatch::store::{NewOrder, StepArgs, apply_step, insert_order};
use fazhi_core::dispatch::{Classifier, Suggestion};
use fazhi_core::time::cst;
use fazhi_core::{BINHAI_REGION, Error, Result};

/// Orders of the demo year (about a hundred a month reach the enforcement departments).
pub const DEMO_ORDERS: usize = 1200;

const SUBDISTRICTS_TOML: &str = include_str!("../../../core/data/binhai/subdistricts.toml");

#[derive(Deserialize)]
struct SubFile {
    subdistrict: Vec<Sub>,
}
#[derive(Deserialize)]
struct Sub {
    name: String,
}

const OPENINGS: &[&str] = &[
    "来电人反映",
    "市民来电反映",
    "来电人称",
    "市民反映",
    "群众来电",
    "",
];
const CLOSINGS: &[&str] = &[
    "，请相关部门尽快处理。",
    "，希望尽快解决。",
    "。",
    "，要求核实处理。",
];
const ROADS: &[&str] = &[
    "福州道",
    "河北路",
    "新港二号路",
    "津塘公路",
    "中央大道",
    "上海道",
    "世纪大道",
    "港城大道",
];
const ESTATES: &[&str] = &[
    "金海园",
    "万科城",
    "远洋心里",
    "阳光家园",
    "碧海花园",
    "新城家园",
    "海韵花园",
    "滨海明珠",
];
const RETURN_REASONS: &[&str] = &[
    "该事项不属于本部门职责，建议转相关主管部门。",
    "经核实，诉求涉及事项由其他部门依法管辖，申请退回。",
];
const RESULTS: &[&str] = &[
    "已到现场核查，责令当事人立即整改，已整改完毕。",
    "经调查情况属实，已依法立案调查处理。",
    "已约谈相关责任单位，问题已解决。",
    "经核实未发现所反映问题，已向来电人解释说明。",
];

fn ms(d: NaiveDate, minute_of_day: i64) -> i64 {
    let base = d
        .and_hms_opt(0, 0, 0)
        .and_then(|t| cst().from_local_datetime(&t).single())
        .map(|t| t.timestamp_millis())
        .unwrap_or(0);
    base + minute_of_day * 60_000
}

fn kind_for(rng: &mut StdRng) -> OrderKind {
    match rng.gen_range(0..100) {
        0..=54 => OrderKind::Complaint,
        55..=74 => OrderKind::Report,
        75..=86 => OrderKind::Consult,
        87..=94 => OrderKind::Help,
        _ => OrderKind::Suggest,
    }
}

/// Builds the demo year of work orders (after the power list exists).
pub async fn generate(db: &Db, progress: &mut dyn FnMut(&str, usize, usize)) -> Result<()> {
    let cal = load_calendar(db).await?;
    let m = model(db, BINHAI_REGION).await?;
    let lines = training_lines()?;
    let subs: SubFile = toml::from_str(SUBDISTRICTS_TOML)
        .map_err(|e| Error::Internal(format!("demo data: {e}")))?;
    let mut rng = StdRng::seed_from_u64(20_240_912);
    let start =
        NaiveDate::from_ymd_opt(2024, 1, 1).ok_or_else(|| Error::Internal("date".into()))?;
    let mut made: Vec<(i64, String, String)> = Vec::new();
    let mut done = 0usize;
    for month in 1..=12u32 {
        let mut tx = AuditedTx::begin(db, Actor::system("demo")).await?;
        for _ in 0..DEMO_ORDERS / 12 {
            let day = start
                .with_month(month)
                .and_then(|d| d.with_day(rng.gen_range(1..=28)))
                .unwrap_or(start);
            let received = ms(day, rng.gen_range(8 * 60..20 * 60));
            // One order in thirty repeats a recent call about the same place and matter.
            let dup = (rng.gen_range(0..30) == 0)
                .then(|| made.last().cloned())
                .flatten();
            let (text, address, truth) = match &dup {
                Some((_, t, a)) => (format!("再次反映：{t}"), a.clone(), None),
                None => {
                    let Some(call) = caller_text(&mut rng, &lines, &subs, &m) else {
                        return Ok(());
                    };
                    call
                }
            };
            let o = NewOrder {
                order_no: Some(format!("12345{}{:06}", day.format("%Y%m%d"), done + 1)),
                kind: kind_for(&mut rng),
                text: text.clone(),
                address: address.clone(),
                caller: String::new(),
                phone: String::new(),
                received_at: Some(received),
            };
            let s = m.classify(&text, &address);
            let id =
                insert_order(&mut tx, BINHAI_REGION, "hotline", &o, &s, &cal, received).await?;
            done += 1;
            if let Some((into, _, _)) = dup {
                let a = StepArgs {
                    merge_into: Some(into),
                    actor: Some("12345 工单分拨员".into()),
                    ..Default::default()
                };
                apply_step(
                    &mut tx,
                    BINHAI_REGION,
                    id,
                    Step::Merge,
                    &a,
                    &cal,
                    received + 600_000,
                    true,
                )
                .await?;
                continue;
            }
            made.push((id, text, address));
            finish(&mut tx, &mut rng, &cal, &m, id, &s, truth, received, start).await?;
        }
        tx.commit().await?;
        progress("工单 work orders", done, DEMO_ORDERS);
    }
    Ok(())
}

/// A caller's words for a training line, with a Binhai address and sometimes a second matter;
/// with the label the line was written for. `None` only without training lines.
fn caller_text(
    rng: &mut StdRng,
    lines: &[LabelledLine],
    subs: &SubFile,
    m: &Classifier,
) -> Option<(String, String, Option<usize>)> {
    let l = lines.choose(&mut *rng)?;
    let sub = subs
        .subdistrict
        .choose(&mut *rng)
        .map(|s| s.name.as_str())
        .unwrap_or("");
    let addr = format!(
        "{sub}{}{}{}号楼",
        ROADS.choose(&mut *rng).unwrap_or(&""),
        ESTATES.choose(&mut *rng).unwrap_or(&""),
        rng.gen_range(1..30)
    );
    // One caller in eight raises a second matter of another department in the
    // same call: the hard cases of the desk (uncertain, or returned).
    let second = if rng.gen_range(0..8) == 0 {
        lines
            .choose(&mut *rng)
            .filter(|x| x.department != l.department)
            .map(|x| format!("；另外{}", x.text))
            .unwrap_or_default()
    } else {
        String::new()
    };
    let t = format!(
        "{}{}{second}{}",
        OPENINGS.choose(&mut *rng).unwrap_or(&""),
        l.text,
        CLOSINGS.choose(&mut *rng).unwrap_or(&"。")
    );
    Some((t, addr, m.label_of(&l.department)))
}

/// The order after its intake: dispatched by a person where the classifier was unsure,
/// returned by a wrong department and re-dispatched, then accepted, handled, answered and
/// closed with the caller's rating (the last fortnight of the year mostly still open).
#[allow(clippy::too_many_arguments)]
async fn finish(
    tx: &mut AuditedTx,
    rng: &mut StdRng,
    cal: &HolidayCalendar,
    m: &Classifier,
    id: i64,
    s: &Suggestion,
    truth: Option<usize>,
    received: i64,
    start: NaiveDate,
) -> Result<()> {
    let truth_id = truth.map(|t| m.labels()[t].department_id);
    let mut t = received + rng.gen_range(5..240) * 60_000;
    let suggested = s.top().map(|r| r.department_id);
    let mut dept = if s.needs_human {
        truth_id.or(suggested)
    } else {
        suggested
    };
    if s.needs_human {
        let a = StepArgs {
            department_id: dept,
            power_code: s.power.as_ref().map(|p| p.code.clone()),
            note: "人工研判后派发".into(),
            actor: Some("12345 工单分拨员".into()),
            ..Default::default()
        };
        apply_step(
            &mut *tx,
            BINHAI_REGION,
            id,
            Step::Dispatch,
            &a,
            cal,
            t,
            true,
        )
        .await?;
    }
    // The last fortnight of the year is still in progress.
    let open_from = ms(NaiveDate::from_ymd_opt(2024, 12, 18).unwrap_or(start), 0);
    if t > open_from && rng.gen_bool(0.6) {
        return Ok(());
    }
    // A wrong department returns the order; the dispatcher re-dispatches it.
    if truth_id.is_some() && dept != truth_id {
        t += rng.gen_range(60..1440) * 60_000;
        let who = Some("承办部门".to_string());
        let a = StepArgs {
            note: RETURN_REASONS.choose(&mut *rng).unwrap_or(&"").to_string(),
            actor: who,
            ..Default::default()
        };
        apply_step(&mut *tx, BINHAI_REGION, id, Step::Return, &a, cal, t, false).await?;
        t += rng.gen_range(30..600) * 60_000;
        let a = StepArgs {
            department_id: truth_id,
            note: "退单后重新派发".into(),
            actor: Some("12345 工单分拨员".into()),
            ..Default::default()
        };
        apply_step(
            &mut *tx,
            BINHAI_REGION,
            id,
            Step::Dispatch,
            &a,
            cal,
            t,
            true,
        )
        .await?;
        dept = truth_id;
    }
    let _ = dept;
    let staff = Some("承办部门".to_string());
    for (step, hours, note) in [
        (Step::Accept, rng.gen_range(1..20), String::new()),
        (
            Step::Handle,
            rng.gen_range(20..260),
            RESULTS.choose(&mut *rng).unwrap_or(&"已处理。").to_string(),
        ),
        (
            Step::Reply,
            rng.gen_range(1..24),
            "已电话答复来电人办理结果。".into(),
        ),
    ] {
        t += hours * 3_600_000;
        let a = StepArgs {
            note,
            actor: staff.clone(),
            ..Default::default()
        };
        apply_step(&mut *tx, BINHAI_REGION, id, step, &a, cal, t, false).await?;
    }
    t += rng.gen_range(12..72) * 3_600_000;
    let rating = match rng.gen_range(0..100) {
        0..=64 => 5,
        65..=86 => 4,
        87..=94 => 3,
        95..=97 => 2,
        _ => 1,
    };
    let a = StepArgs {
        rating: Some(rating),
        actor: Some("12345 回访员".into()),
        ..Default::default()
    };
    apply_step(&mut *tx, BINHAI_REGION, id, Step::Close, &a, cal, t, true).await?;
    Ok(())
}
