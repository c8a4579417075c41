//! Known defects of the demo cases (the ground truth of the review assistant) and the scoring
//! of the automatic checks against them.
//!
//! `plant_demo` first labels the irregularities the case generator made on purpose, by SQL
//! over the stored dates (source 'generated'), then plants one defect each in a seeded sample
//! of the clean closed general-procedure cases of 2024, mutating the records the way the real
//! defect would look (source 'planted'). `evaluate` runs the checks over every labelled case
//! and an equal-or-larger control sample of unlabelled closed cases, and reports recall and
//! precision overall and per check.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::future::Future;
use std::pin::Pin;
use std::time::Instant;

use chrono::{Datelike, Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde::Serialize;
use sqlx::{AnyConnection, Row};

use fazhi_core::audit::{Actor, AuditedTx, Event};
use fazhi_core::calendar::HolidayCalendar;
use fazhi_core::cases::deadlines;
use fazhi_core::cases::records::{CaseOutcome, HarmLevel, Procedure};
use fazhi_core::cases::rules::PartyKind;
use fazhi_core::db::Db;
use fazhi_core::supervision::checks::load::{Record, load_on};
use fazhi_core::supervision::checks::{CHECKS, Checker};
use fazhi_core::time::now_ms;
use fazhi_core::{BINHAI_REGION, Error, Result};

/// Seed of the planting sample.
const SEED: u64 = 20_240_808;
/// Share of the clean closed general cases that get a planted defect (per mille).
const PLANT_PER_MILLE: usize = 50;
/// The demo year.
const YEAR: i32 = 2024;

/// What `plant_demo` recorded.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PlantSummary {
    /// (case, code) labels of irregularities the generator made.
    pub generated: usize,
    /// Cases given a planted defect.
    pub planted_cases: usize,
    /// (case, code) labels of the planted defects.
    pub planted: usize,
    /// Distinct defect kinds planted.
    pub kinds: usize,
    /// Labels per check code.
    pub by_code: BTreeMap<String, usize>,
}

/// Generated irregularities: check code, note, and the SQL selecting the case ids (2024 leads
/// of the region; `$1` region, `$2`/`$3` the year's bounds).
const GENERATED: &[(&str, &str, &str)] = &[
    (
        "decision_deadline",
        "decided after the (extended) ninety days: decided_on > decision_due",
        "SELECT id FROM cases WHERE region_code = $1 AND lead_on >= $2 AND lead_on < $3 \
         AND procedure = 'general' AND decided_on IS NOT NULL AND decided_on > decision_due",
    ),
    (
        "disclosure_made",
        "penalty decided, case closed, no disclosure record",
        "SELECT c.id FROM cases c WHERE c.region_code = $1 AND c.lead_on >= $2 AND c.lead_on < $3 \
         AND c.outcome = 'penalty' AND c.decided_on IS NOT NULL AND c.status = 'closed' \
         AND NOT EXISTS (SELECT 1 FROM case_disclosures d WHERE d.case_id = c.id)",
    ),
    (
        "disclosure_on_time",
        "first publication after the seven working days: MIN(published_on) > disclosure_due",
        "SELECT c.id FROM cases c WHERE c.region_code = $1 AND c.lead_on >= $2 AND c.lead_on < $3 \
         AND c.outcome = 'penalty' AND c.disclosure_due IS NOT NULL \
         AND (SELECT MIN(d.published_on) FROM case_disclosures d WHERE d.case_id = c.id) > c.disclosure_due",
    ),
];

fn internal(what: impl Into<String>) -> Error {
    Error::Internal(what.into())
}

fn wd(cal: &HolidayCalendar, d: NaiveDate, n: u32) -> Result<NaiveDate> {
    Ok(cal
        .add_working_days(d, n)
        .map_err(|e| internal(e.message_en()))?
        .date)
}

/// Labels and plants the demo's known defects (once: a second call returns what is stored).
pub async fn plant_demo(
    db: &Db,
    progress: &mut dyn FnMut(&str, usize, usize),
) -> Result<PlantSummary> {
    let region = BINHAI_REGION;
    let existing: i64 =
        sqlx::query("SELECT CAST(COUNT(*) AS BIGINT) FROM review_plants WHERE region_code = $1")
            .bind(region)
            .fetch_one(db.pool())
            .await?
            .try_get(0)?;
    if existing > 0 {
        return stored_summary(db, region).await;
    }
    let cal = fazhi_core::calendar::load_calendar(db).await?;
    let from = format!("{YEAR}-01-01");
    let to = format!("{}-01-01", YEAR + 1);
    let mut tx = AuditedTx::begin(db, Actor::system("demo")).await?;
    let mut summary = PlantSummary::default();
    let mut labelled: HashSet<i64> = HashSet::new();
    for (code, note, sql) in GENERATED {
        let ids: Vec<i64> = sqlx::query(*sql)
            .bind(region)
            .bind(from.clone())
            .bind(to.clone())
            .fetch_all(&mut *tx.conn())
            .await?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<std::result::Result<_, _>>()?;
        for id in ids {
            label(tx.conn(), region, id, code, "generated", note).await?;
            labelled.insert(id);
            summary.generated += 1;
            *summary.by_code.entry(code.to_string()).or_default() += 1;
        }
    }
    // The clean closed general-procedure cases of the year, in id order, then a seeded sample.
    let mut clean: Vec<i64> = sqlx::query(
        "SELECT id FROM cases WHERE region_code = $1 AND lead_on >= $2 AND lead_on < $3 \
         AND procedure = 'general' AND status = 'closed' AND decided_on IS NOT NULL ORDER BY id",
    )
    .bind(region)
    .bind(from.clone())
    .bind(to.clone())
    .fetch_all(&mut *tx.conn())
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<std::result::Result<Vec<i64>, _>>()?
    .into_iter()
    .filter(|id| !labelled.contains(id))
    .collect();
    let mut rng = StdRng::seed_from_u64(SEED);
    clean.shuffle(&mut rng);
    let want = (clean.len() * PLANT_PER_MILLE).div_ceil(1000);
    // Summary cases carry their own kind (第五十一条 limits); a few of them join the sample.
    let mut summary_cases: Vec<i64> = sqlx::query(
        "SELECT id FROM cases WHERE region_code = $1 AND lead_on >= $2 AND lead_on < $3 \
         AND procedure = 'summary' AND status = 'closed' AND outcome = 'penalty' ORDER BY id",
    )
    .bind(region)
    .bind(from)
    .bind(to)
    .fetch_all(&mut *tx.conn())
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<std::result::Result<Vec<i64>, _>>()?
    .into_iter()
    .filter(|id| !labelled.contains(id))
    .collect();
    summary_cases.shuffle(&mut rng);
    let mut kinds_used: BTreeSet<&str> = BTreeSet::new();
    let mut next_kind = 0usize;
    let mut per_kind = vec![0usize; PLANT_KINDS.len()];
    let mut planted = 0usize;
    for &id in &clean {
        if planted >= want {
            break;
        }
        let r = load_on(tx.conn(), region, id).await?;
        // The kind planted least so far that the case can carry (rare kinds catch up).
        let mut order: Vec<usize> = (0..PLANT_KINDS.len()).collect();
        order.sort_by_key(|&k| {
            (
                per_kind[k],
                (k + PLANT_KINDS.len() - next_kind) % PLANT_KINDS.len(),
            )
        });
        for k in order {
            let kind = &PLANT_KINDS[k];
            if let Some(codes) = plant(tx.conn(), &cal, &mut rng, region, &r, kind).await? {
                for (code, note) in &codes {
                    label(tx.conn(), region, id, code, "planted", note).await?;
                    summary.planted += 1;
                    *summary.by_code.entry(code.to_string()).or_default() += 1;
                }
                kinds_used.insert(kind.kind);
                per_kind[k] += 1;
                next_kind = (k + 1) % PLANT_KINDS.len();
                planted += 1;
                break;
            }
        }
        progress("评查样本 review plants", planted, want);
    }
    let summary_want = (want / PLANT_KINDS.len()).max(3);
    for &id in summary_cases.iter().take(summary_want) {
        let r = load_on(tx.conn(), region, id).await?;
        if let Some(codes) = plant(tx.conn(), &cal, &mut rng, region, &r, &SUMMARY_LIMITS).await? {
            for (code, note) in &codes {
                label(tx.conn(), region, id, code, "planted", note).await?;
                summary.planted += 1;
                *summary.by_code.entry(code.to_string()).or_default() += 1;
            }
            kinds_used.insert(SUMMARY_LIMITS.kind);
            planted += 1;
        }
    }
    summary.planted_cases = planted;
    summary.kinds = kinds_used.len();
    let after = serde_json::to_value(&summary).unwrap_or_default();
    tx.record(Event {
        action: "supervision.plant_demo",
        object_type: "review_plants",
        object_id: region.to_string(),
        before: None,
        after: Some(&after),
        summary: format!(
            "案卷评查演示：标注生成缺陷 {} 项，植入缺陷 {} 件",
            summary.generated, planted
        ),
    })
    .await?;
    tx.commit().await?;
    Ok(summary)
}

async fn stored_summary(db: &Db, region: &str) -> Result<PlantSummary> {
    let rows = sqlx::query(
        "SELECT source, check_code, CAST(COUNT(*) AS BIGINT), CAST(COUNT(DISTINCT case_id) AS BIGINT) \
         FROM review_plants WHERE region_code = $1 GROUP BY source, check_code",
    )
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut s = PlantSummary::default();
    for r in &rows {
        let source: String = r.try_get(0)?;
        let code: String = r.try_get(1)?;
        let n: i64 = r.try_get(2)?;
        if source == "planted" {
            s.planted += n as usize;
        } else {
            s.generated += n as usize;
        }
        *s.by_code.entry(code).or_default() += n as usize;
    }
    s.planted_cases = sqlx::query(
        "SELECT CAST(COUNT(DISTINCT case_id) AS BIGINT) FROM review_plants WHERE region_code = $1 AND source = 'planted'",
    )
    .bind(region.to_string())
    .fetch_one(db.pool())
    .await?
    .try_get::<i64, _>(0)? as usize;
    // Notes start with the planted kind ("kind: …").
    let notes: Vec<String> = sqlx::query(
        "SELECT DISTINCT note FROM review_plants WHERE region_code = $1 AND source = 'planted'",
    )
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<std::result::Result<_, _>>()?;
    let kinds: BTreeSet<&str> = notes
        .iter()
        .map(|n| n.split(':').next().unwrap_or(""))
        .collect();
    s.kinds = kinds.len();
    Ok(s)
}

async fn label(
    conn: &mut AnyConnection,
    region: &str,
    case_id: i64,
    code: &str,
    source: &str,
    note: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO review_plants (region_code, case_id, check_code, source, note, created_at) VALUES ($1,$2,$3,$4,$5,$6)",
    )
    .bind(region.to_string())
    .bind(case_id)
    .bind(code.to_string())
    .bind(source.to_string())
    .bind(note.to_string())
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn exec(conn: &mut AnyConnection, sql: &'static str, binds: Vec<B>) -> Result<()> {
    let mut q = sqlx::query(sql);
    for b in binds {
        q = match b {
            B::I(i) => q.bind(i),
            B::T(t) => q.bind(t),
            B::N => q.bind(None::<String>),
        };
    }
    q.execute(&mut *conn).await?;
    Ok(())
}

enum B {
    I(i64),
    T(String),
    N,
}

fn t(s: impl ToString) -> B {
    B::T(s.to_string())
}

fn step_date(r: &Record, action: &str) -> Option<(i64, NaiveDate)> {
    r.file
        .steps
        .iter()
        .find(|s| s.action == action)
        .and_then(|s| s.on.parse().ok().map(|d| (s.id, d)))
}

fn has_step(r: &Record, action: &str) -> bool {
    r.file.steps.iter().any(|s| s.action == action)
}

type Labels = Vec<(&'static str, String)>;

fn one(code: &'static str, note: &str) -> Option<Labels> {
    Some(vec![(code, format!("{code}: {note}"))])
}

/// A case chosen to carry a planted defect, with what every kind needs to plant one.
struct Target<'a> {
    conn: &'a mut AnyConnection,
    cal: &'a HolidayCalendar,
    rng: &'a mut StdRng,
    region: &'a str,
    r: &'a Record,
    /// The decision date (a case without one carries no planted defect).
    decided: NaiveDate,
}

/// What planting returns: the labels, or `None` when the case cannot carry the kind.
type PlantFuture<'a> = Pin<Box<dyn Future<Output = Result<Option<Labels>>> + Send + 'a>>;

/// One kind of planted defect: its label (the check that must find it) and the function
/// that plants it. Boxed futures because a registry holds plain function pointers.
#[derive(Clone, Copy)]
pub struct PlantKind {
    /// The check code, also the label of the planted rows.
    pub kind: &'static str,
    plant: for<'a, 'b> fn(&'a mut Target<'b>) -> PlantFuture<'a>,
}

const fn kind(
    kind: &'static str,
    plant: for<'a, 'b> fn(&'a mut Target<'b>) -> PlantFuture<'a>,
) -> PlantKind {
    PlantKind { kind, plant }
}

/// The registry of planted defects taken in rotation over the clean general cases, in the
/// order the rotation starts from (the order is part of the demo: it fixes the records).
pub const PLANT_KINDS: &[PlantKind] = &[
    kind("legal_review", legal_review),
    kind("officer_cards", officer_cards),
    kind("decision_deadline", decision_deadline),
    kind("officer_count", officer_count),
    kind("prior_notice", prior_notice),
    kind("evidence_integrity", evidence_integrity),
    kind("provisions_in_force", provisions_in_force),
    kind("power_of_body", power_of_body),
    kind("disclosure_on_time", disclosure_on_time),
    kind("disclosure_made", disclosure_made),
    kind("disclosure_masked", disclosure_masked),
    kind("service_deadline", service_deadline),
    kind("payment_due", payment_due),
    kind("surcharge", surcharge),
    kind("payment_complete", payment_complete),
    kind("discretion_reason", discretion_reason),
    kind("penalty_allowed", penalty_allowed),
    kind("facts_recorded", facts_recorded),
    kind("evidence_present", evidence_present),
    kind("hearing_held", hearing_held),
    kind("hearing_right_notice", hearing_right_notice),
    kind("statement_window", statement_window),
    kind("collective_discussion", collective_discussion),
    kind("chronology", chronology),
    kind("audit_trail", audit_trail),
    kind("instruments_buildable", instruments_buildable),
    kind("filing_deadline", filing_deadline),
];

/// Planted in a few summary-procedure cases apart from the rotation (第五十一条 limits).
const SUMMARY_LIMITS: PlantKind = kind("summary_limits", summary_limits);

fn is_penalty(r: &Record) -> bool {
    r.file.case.outcome == CaseOutcome::Penalty
}

/// Fine plus confiscation of a penalty (0 otherwise): what the payment kinds tamper with.
fn owed(r: &Record) -> i64 {
    let c = &r.file.case;
    if is_penalty(r) {
        c.fine_fen + c.confiscation_fen
    } else {
        0
    }
}

/// Plants one defect of `kind` in the case when it can carry it; returns the labels.
async fn plant(
    conn: &mut AnyConnection,
    cal: &HolidayCalendar,
    rng: &mut StdRng,
    region: &str,
    r: &Record,
    kind: &PlantKind,
) -> Result<Option<Labels>> {
    let Some(decided) = r.file.case.decided_on else {
        return Ok(None);
    };
    let mut target = Target {
        conn,
        cal,
        rng,
        region,
        r,
        decided,
    };
    (kind.plant)(&mut target).await
}

fn legal_review<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let r = x.r;
        let c = &r.file.case;
        let id = c.id;
        if !has_step(r, "legal_review") {
            return Ok(None);
        }
        exec(conn, "DELETE FROM case_steps WHERE case_id = $1 AND action IN ('legal_review', 'legal_return')", vec![B::I(id)]).await?;
        exec(conn, "UPDATE cases SET legal_review_result = '', legal_review_on = NULL, legal_review_by = '', legal_review_opinion = '', legal_review_required = 0, legal_review_grounds = '[]' WHERE id = $1", vec![B::I(id)]).await?;
        Ok(one("legal_review", "legal review required but skipped"))
    })
}

fn officer_cards<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let r = x.r;
        let c = &r.file.case;
        let id = c.id;
        let Some((sid, on)) = step_date(r, "investigate") else {
            return Ok(None);
        };
        if c.officers.len() < 2 {
            return Ok(None);
        }
        // An officer of the body whose card had lapsed (or never covered the domain) on
        // the day of the investigation.
        let cand = sqlx::query(
            "SELECT o.id FROM officers o JOIN department_closure k ON k.descendant_id = o.department_id \
             WHERE k.ancestor_id = $1 AND NOT EXISTS (SELECT 1 FROM enforcement_cards e WHERE e.officer_id = o.id \
             AND e.status = 'valid' AND e.issued_on <= $2 AND e.valid_until >= $3) ORDER BY o.id LIMIT 20",
        )
        .bind(c.department_id)
        .bind(on.to_string())
        .bind(on.to_string())
        .fetch_all(&mut *conn)
        .await?;
        let ids: Vec<i64> = cand.iter().filter_map(|r| r.try_get(0).ok()).collect();
        let Some(&o) = ids.iter().find(|o| !c.officers.contains(o)) else {
            return Ok(None);
        };
        let mut team = c.officers.clone();
        team[1] = o;
        let json = serde_json::to_string(&team).unwrap_or_default();
        exec(
            conn,
            "UPDATE cases SET officers = $1 WHERE id = $2",
            vec![t(&json), B::I(id)],
        )
        .await?;
        exec(
            conn,
            "UPDATE case_steps SET officers = $1 WHERE id = $2",
            vec![t(&json), B::I(sid)],
        )
        .await?;
        Ok(one(
            "officer_cards",
            "an officer without a valid card on the investigation team",
        ))
    })
}

fn decision_deadline<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let cal = x.cal;
        let rng: &mut StdRng = &mut *x.rng;
        let r = x.r;
        let c = &r.file.case;
        let id = c.id;
        let general = c.procedure == Procedure::General;
        let decided = x.decided;
        let (true, Some(filed)) = (general, c.filed_on) else {
            return Ok(None);
        };
        if has_step(r, "extend") || c.extension_days != 0 {
            return Ok(None);
        }
        let Some((lead_step, _)) = step_date(r, "lead") else {
            return Ok(None);
        };
        let Some((file_step, _)) = step_date(r, "file") else {
            return Ok(None);
        };
        // Filing moved back so the decision falls 10–30 days after the ninety.
        let gap = (filed - c.lead_on).num_days();
        let new_filed = decided - Duration::days(90 + rng.gen_range(10..30));
        let new_filed = cal
            .add_working_days(new_filed - Duration::days(1), 1)
            .map_err(|e| internal(e.message_en()))?
            .date;
        let new_lead = new_filed - Duration::days(gap);
        // The case stays a lead of the demo year (the yearly figures count by lead date).
        if new_lead.year() != YEAR {
            return Ok(None);
        }
        let due = deadlines::decision_deadline(cal, new_filed, 0)
            .map_err(|e| internal(e.message_en()))?
            .deadline
            .date;
        if decided <= due {
            return Ok(None);
        }
        let filing_due = deadlines::filing_deadline(cal, new_lead)
            .map_err(|e| internal(e.message_en()))?
            .deadline
            .date;
        if new_filed > filing_due {
            return Ok(None);
        }
        let mut circ = c.circumstances.clone();
        circ.act_ended_on = Some(new_lead);
        exec(conn, "UPDATE cases SET lead_on = $1, filed_on = $2, filing_due = $3, decision_due = $4, circumstances = $5 WHERE id = $6",
            vec![t(new_lead), t(new_filed), t(filing_due), t(due), t(serde_json::to_string(&circ).unwrap_or_default()), B::I(id)]).await?;
        exec(
            conn,
            "UPDATE case_steps SET on_date = $1 WHERE id = $2",
            vec![t(new_lead), B::I(lead_step)],
        )
        .await?;
        exec(
            conn,
            "UPDATE case_steps SET on_date = $1 WHERE id = $2",
            vec![t(new_filed), B::I(file_step)],
        )
        .await?;
        Ok(one(
            "decision_deadline",
            "decided more than ninety days after filing",
        ))
    })
}

fn officer_count<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let r = x.r;
        let c = &r.file.case;
        let id = c.id;
        let Some((sid, _)) = step_date(r, "investigate") else {
            return Ok(None);
        };
        let Some(&first) = c.officers.first() else {
            return Ok(None);
        };
        let json = format!("[{first}]");
        exec(
            conn,
            "UPDATE cases SET officers = $1 WHERE id = $2",
            vec![t(&json), B::I(id)],
        )
        .await?;
        exec(
            conn,
            "UPDATE case_steps SET officers = $1 WHERE id = $2",
            vec![t(&json), B::I(sid)],
        )
        .await?;
        // The 立案审批表 cannot name a second officer either; `instruments_buildable` leaves
        // that to `officer_count`, so the defect is labelled once.
        Ok(Some(vec![(
            "officer_count",
            "officer_count: one officer investigated alone".to_string(),
        )]))
    })
}

fn prior_notice<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let r = x.r;
        let c = &r.file.case;
        let id = c.id;
        let penalty = is_penalty(r);
        let general = c.procedure == Procedure::General;
        if !(general && penalty)
            || c.notice_on.is_none()
            || c.hearing_requested
            || c.statement_waived
        {
            return Ok(None);
        }
        exec(
            conn,
            "DELETE FROM case_steps WHERE case_id = $1 AND action = 'notify'",
            vec![B::I(id)],
        )
        .await?;
        exec(conn, "UPDATE cases SET notice_on = NULL, statement_due = NULL, hearing_request_due = NULL WHERE id = $1", vec![B::I(id)]).await?;
        Ok(one("prior_notice", "decided without the prior notice"))
    })
}

fn evidence_integrity<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let r = x.r;
        let Some(e) = r.evidence.first() else {
            return Ok(None);
        };
        let content: Vec<u8> = sqlx::query("SELECT content FROM case_evidence WHERE id = $1")
            .bind(e.row.id)
            .fetch_one(&mut *conn)
            .await?
            .try_get(0)?;
        let mut altered = content;
        altered.extend_from_slice("（补记）".as_bytes());
        sqlx::query("UPDATE case_evidence SET content = $1 WHERE id = $2")
            .bind(altered)
            .bind(e.row.id)
            .execute(&mut *conn)
            .await?;
        Ok(one(
            "evidence_integrity",
            "evidence file altered after it was recorded",
        ))
    })
}

fn provisions_in_force<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let rng: &mut StdRng = &mut *x.rng;
        let r = x.r;
        let c = &r.file.case;
        let id = c.id;
        let penalty = is_penalty(r);
        let Some((law, _)) = c.penalised.split_once('/') else {
            return Ok(None);
        };
        if !penalty {
            return Ok(None);
        }
        let code = format!("{law}/art_{}", 900 + rng.gen_range(0..90));
        exec(
            conn,
            "UPDATE cases SET penalised = $1 WHERE id = $2",
            vec![t(&code), B::I(id)],
        )
        .await?;
        Ok(one(
            "provisions_in_force",
            "penalised under an article the law does not have",
        ))
    })
}

fn power_of_body<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let rng: &mut StdRng = &mut *x.rng;
        let region = x.region;
        let r = x.r;
        let c = &r.file.case;
        let id = c.id;
        let other: Option<String> = sqlx::query(
            "SELECT code FROM power_items WHERE region_code = $1 AND category = 'CF' AND department_id NOT IN \
             (SELECT ancestor_id FROM department_closure WHERE descendant_id = $2) ORDER BY code LIMIT 1 OFFSET $3",
        )
        .bind(region.to_string())
        .bind(c.department_id)
        .bind(rng.gen_range(0..20i64))
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| r.try_get(0))
        .transpose()?;
        let Some(code) = other else {
            return Ok(None);
        };
        exec(
            conn,
            "UPDATE cases SET power_code = $1 WHERE id = $2",
            vec![t(&code), B::I(id)],
        )
        .await?;
        Ok(one(
            "power_of_body",
            "case rests on another body's power item",
        ))
    })
}

fn disclosure_on_time<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let cal = x.cal;
        let rng: &mut StdRng = &mut *x.rng;
        let r = x.r;
        let c = &r.file.case;
        let id = c.id;
        let penalty = is_penalty(r);
        let decided = x.decided;
        let (true, Some(_)) = (penalty, c.disclosed_on) else {
            return Ok(None);
        };
        if r.disclosures.len() != 1 {
            return Ok(None);
        }
        let due = deadlines::disclosure_deadline(cal, decided)
            .map_err(|e| internal(e.message_en()))?
            .deadline
            .date;
        let late = due + Duration::days(rng.gen_range(3..20));
        exec(
            conn,
            "UPDATE case_disclosures SET published_on = $1, on_time = 0 WHERE case_id = $2",
            vec![t(late), B::I(id)],
        )
        .await?;
        exec(
            conn,
            "UPDATE cases SET disclosed_on = $1 WHERE id = $2",
            vec![t(late), B::I(id)],
        )
        .await?;
        Ok(one(
            "disclosure_on_time",
            "published after the seven working days",
        ))
    })
}

fn disclosure_made<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let r = x.r;
        let c = &r.file.case;
        let id = c.id;
        let penalty = is_penalty(r);
        if !penalty || r.disclosures.len() != 1 || has_step(r, "withdraw") {
            return Ok(None);
        }
        exec(
            conn,
            "DELETE FROM case_disclosures WHERE case_id = $1",
            vec![B::I(id)],
        )
        .await?;
        exec(
            conn,
            "DELETE FROM case_steps WHERE case_id = $1 AND action = 'disclose'",
            vec![B::I(id)],
        )
        .await?;
        exec(
            conn,
            "UPDATE cases SET disclosed_on = NULL, disclosure_status = '' WHERE id = $1",
            vec![B::I(id)],
        )
        .await?;
        Ok(one("disclosure_made", "penalty decision never disclosed"))
    })
}

fn disclosure_masked<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let r = x.r;
        let c = &r.file.case;
        if c.party_kind != PartyKind::Citizen || r.disclosures.is_empty() {
            return Ok(None);
        }
        let d = &r.disclosures[0];
        let mut v: serde_json::Value = serde_json::from_str(&d.content).unwrap_or_default();
        let Some(obj) = v.as_object_mut() else {
            return Ok(None);
        };
        obj.insert(
            "party".into(),
            serde_json::Value::String(c.party_name.clone()),
        );
        exec(
            conn,
            "UPDATE case_disclosures SET content = $1 WHERE id = $2",
            vec![t(v.to_string()), B::I(d.id)],
        )
        .await?;
        Ok(one("disclosure_masked", "citizen's full name published"))
    })
}

fn service_deadline<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let cal = x.cal;
        let rng: &mut StdRng = &mut *x.rng;
        let r = x.r;
        let c = &r.file.case;
        let id = c.id;
        let decided = x.decided;
        let owed = owed(r);
        let (Some(served), Some(executed), Some((sid, _))) =
            (c.served_on, c.executed_on, step_date(r, "serve"))
        else {
            return Ok(None);
        };
        let new_served = wd(cal, decided, 8 + rng.gen_range(0..4))?;
        if new_served <= served || new_served > executed || c.surcharge_fen != 0 {
            return Ok(None);
        }
        let pay_due = if owed > 0 {
            let d = deadlines::payment_deadline(cal, new_served)
                .map_err(|e| internal(e.message_en()))?
                .deadline
                .date;
            if executed > d {
                return Ok(None);
            }
            Some(d)
        } else {
            None
        };
        // Every later step must stay after the new date.
        let later_ok = r
            .file
            .steps
            .iter()
            .filter(|s| s.id > sid && s.action != "withdraw")
            .all(|s| s.on.parse::<NaiveDate>().is_ok_and(|d| d >= new_served));
        if !later_ok {
            return Ok(None);
        }
        exec(
            conn,
            "UPDATE cases SET served_on = $1, payment_due = $2 WHERE id = $3",
            vec![t(new_served), pay_due.map(t).unwrap_or(B::N), B::I(id)],
        )
        .await?;
        exec(
            conn,
            "UPDATE case_steps SET on_date = $1 WHERE id = $2",
            vec![t(new_served), B::I(sid)],
        )
        .await?;
        Ok(one(
            "service_deadline",
            "served later than seven working days",
        ))
    })
}

fn payment_due<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let r = x.r;
        let c = &r.file.case;
        let id = c.id;
        let owed = owed(r);
        let (true, Some(served)) = (owed > 0, c.served_on) else {
            return Ok(None);
        };
        if c.surcharge_fen != 0 {
            return Ok(None);
        }
        let short = served + Duration::days(10);
        exec(
            conn,
            "UPDATE cases SET payment_due = $1 WHERE id = $2",
            vec![t(short), B::I(id)],
        )
        .await?;
        Ok(one(
            "payment_due",
            "party given ten days to pay instead of fifteen",
        ))
    })
}

fn surcharge<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let r = x.r;
        let c = &r.file.case;
        let id = c.id;
        let owed = owed(r);
        if owed == 0 || c.execution_mode != "paid" || c.surcharge_fen != 0 || c.fine_fen < 100 {
            return Ok(None);
        }
        let extra = c.fine_fen * 3 / 100 * 5;
        exec(
            conn,
            "UPDATE cases SET surcharge_fen = $1, paid_fen = paid_fen + $2 WHERE id = $3",
            vec![B::I(extra), B::I(extra), B::I(id)],
        )
        .await?;
        Ok(one(
            "surcharge",
            "surcharge charged on a payment made in time",
        ))
    })
}

fn payment_complete<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let r = x.r;
        let c = &r.file.case;
        let id = c.id;
        let owed = owed(r);
        if owed == 0 || c.execution_mode != "paid" || c.paid_fen < 2 {
            return Ok(None);
        }
        exec(
            conn,
            "UPDATE cases SET paid_fen = $1 WHERE id = $2",
            vec![B::I(c.paid_fen / 2), B::I(id)],
        )
        .await?;
        Ok(one("payment_complete", "closed with half the fine unpaid"))
    })
}

fn discretion_reason<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let r = x.r;
        let c = &r.file.case;
        let id = c.id;
        if c.out_of_tier_reason.trim().is_empty() || c.tier_check == "within_tier" {
            return Ok(None);
        }
        exec(
            conn,
            "UPDATE cases SET out_of_tier_reason = '' WHERE id = $1",
            vec![B::I(id)],
        )
        .await?;
        Ok(one(
            "discretion_reason",
            "fine outside the tier without a reason",
        ))
    })
}

fn penalty_allowed<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let r = x.r;
        let c = &r.file.case;
        let id = c.id;
        let penalty = is_penalty(r);
        let general = c.procedure == Procedure::General;
        if !(general && penalty) {
            return Ok(None);
        }
        let mut circ = c.circumstances.clone();
        circ.minor_violation = true;
        circ.harm = HarmLevel::None;
        circ.corrected_in_time = true;
        circ.first_violation = true;
        exec(
            conn,
            "UPDATE cases SET circumstances = $1 WHERE id = $2",
            vec![
                t(serde_json::to_string(&circ).unwrap_or_default()),
                B::I(id),
            ],
        )
        .await?;
        Ok(one(
            "penalty_allowed",
            "penalised a minor, corrected violation without harm (第三十三条)",
        ))
    })
}

fn facts_recorded<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let r = x.r;
        let c = &r.file.case;
        let id = c.id;
        exec(
            conn,
            "UPDATE cases SET facts = '经查，当事人存在违法行为。' WHERE id = $1",
            vec![B::I(id)],
        )
        .await?;
        Ok(one(
            "facts_recorded",
            "facts found do not name the party or the conduct",
        ))
    })
}

fn evidence_present<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let r = x.r;
        let c = &r.file.case;
        let id = c.id;
        if r.evidence.is_empty() {
            return Ok(None);
        }
        exec(
            conn,
            "DELETE FROM case_evidence WHERE case_id = $1",
            vec![B::I(id)],
        )
        .await?;
        exec(
            conn,
            "DELETE FROM case_steps WHERE case_id = $1 AND action = 'evidence'",
            vec![B::I(id)],
        )
        .await?;
        Ok(one(
            "evidence_present",
            "decision without any evidence on file",
        ))
    })
}

fn hearing_held<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let r = x.r;
        let c = &r.file.case;
        let id = c.id;
        if !c.hearing_requested || !has_step(r, "hearing") {
            return Ok(None);
        }
        exec(
            conn,
            "DELETE FROM case_steps WHERE case_id = $1 AND action = 'hearing'",
            vec![B::I(id)],
        )
        .await?;
        exec(
            conn,
            "UPDATE cases SET hearing_held = 0 WHERE id = $1",
            vec![B::I(id)],
        )
        .await?;
        Ok(one("hearing_held", "hearing requested, never held"))
    })
}

fn hearing_right_notice<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let r = x.r;
        let c = &r.file.case;
        let id = c.id;
        let penalty = is_penalty(r);
        if !c.hearing_right || c.hearing_requested || c.notice_on.is_none() || !penalty {
            return Ok(None);
        }
        exec(
            conn,
            "UPDATE cases SET hearing_right = 0, hearing_request_due = NULL WHERE id = $1",
            vec![B::I(id)],
        )
        .await?;
        Ok(one(
            "hearing_right_notice",
            "hearing right not notified for a large fine",
        ))
    })
}

fn statement_window<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let cal = x.cal;
        let r = x.r;
        let c = &r.file.case;
        let id = c.id;
        let penalty = is_penalty(r);
        let general = c.procedure == Procedure::General;
        let decided = x.decided;
        let (true, true, Some(_)) = (general, penalty, c.notice_on) else {
            return Ok(None);
        };
        if c.hearing_requested {
            return Ok(None);
        }
        let steps = &r.file.steps;
        let Some(ni) = steps.iter().position(|s| s.action == "notify") else {
            return Ok(None);
        };
        if steps.get(ni + 1).is_none_or(|s| s.action != "decide") {
            return Ok(None);
        }
        let prev: NaiveDate = match ni.checked_sub(1).and_then(|i| steps[i].on.parse().ok()) {
            Some(d) => d,
            None => return Ok(None),
        };
        let new_notice = (1..=10)
            .map(|k| decided - Duration::days(k))
            .find(|d| cal.is_working_day(*d).working)
            .unwrap_or(decided);
        if new_notice < prev || new_notice >= decided {
            return Ok(None);
        }
        let due = deadlines::hearing_request_deadline(cal, new_notice)
            .map_err(|e| internal(e.message_en()))?
            .deadline
            .date;
        exec(conn, "UPDATE cases SET notice_on = $1, statement_due = $2, hearing_request_due = CASE WHEN hearing_right = 1 THEN $3 ELSE NULL END WHERE id = $4",
            vec![t(new_notice), t(due), t(due), B::I(id)]).await?;
        exec(
            conn,
            "UPDATE case_steps SET on_date = $1 WHERE id = $2",
            vec![t(new_notice), B::I(steps[ni].id)],
        )
        .await?;
        Ok(one(
            "statement_window",
            "decided the working day after the notice",
        ))
    })
}

fn collective_discussion<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let r = x.r;
        let c = &r.file.case;
        let id = c.id;
        if !has_step(r, "discuss") {
            return Ok(None);
        }
        exec(
            conn,
            "DELETE FROM case_steps WHERE case_id = $1 AND action = 'discuss'",
            vec![B::I(id)],
        )
        .await?;
        exec(
            conn,
            "UPDATE cases SET collective_held = 0, collective_note = '' WHERE id = $1",
            vec![B::I(id)],
        )
        .await?;
        Ok(one(
            "collective_discussion",
            "serious or complex case decided without collective discussion",
        ))
    })
}

fn chronology<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let rng: &mut StdRng = &mut *x.rng;
        let r = x.r;
        let c = &r.file.case;
        let id = c.id;
        let (Some((close_step, _)), Some((_, executed))) =
            (step_date(r, "close"), step_date(r, "execute"))
        else {
            return Ok(None);
        };
        let back = executed - Duration::days(rng.gen_range(3..10));
        exec(
            conn,
            "UPDATE case_steps SET on_date = $1 WHERE id = $2",
            vec![t(back), B::I(close_step)],
        )
        .await?;
        exec(
            conn,
            "UPDATE cases SET closed_on = $1 WHERE id = $2",
            vec![t(back), B::I(id)],
        )
        .await?;
        Ok(one("chronology", "closing backdated before the execution"))
    })
}

fn audit_trail<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let region = x.region;
        let r = x.r;
        let c = &r.file.case;
        let id = c.id;
        let decided = x.decided;
        let last = r
            .file
            .steps
            .iter()
            .filter_map(|s| s.on.parse::<NaiveDate>().ok())
            .max()
            .unwrap_or(decided);
        exec(conn, "INSERT INTO case_steps (region_code, case_id, at, on_date, actor, action, from_stage, to_stage, officers, note, digests) \
             VALUES ($1,$2,$3,$4,'','document','archived','archived','[]','补录执法文书','[]')",
            vec![t(region), B::I(id), B::I(now_ms()), t(last)]).await?;
        Ok(one("audit_trail", "a step entered without its audit event"))
    })
}

fn instruments_buildable<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let r = x.r;
        let c = &r.file.case;
        let id = c.id;
        let penalty = is_penalty(r);
        let general = c.procedure == Procedure::General;
        if !(penalty && general) || c.decision_no.is_none() {
            return Ok(None);
        }
        exec(
            conn,
            "UPDATE cases SET decision_no = NULL WHERE id = $1",
            vec![B::I(id)],
        )
        .await?;
        Ok(one(
            "instruments_buildable",
            "decision issued without its number (文号)",
        ))
    })
}

fn filing_deadline<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let cal = x.cal;
        let rng: &mut StdRng = &mut *x.rng;
        let r = x.r;
        let c = &r.file.case;
        let id = c.id;
        let general = c.procedure == Procedure::General;
        let (true, Some(filed), Some((lead_step, _))) = (general, c.filed_on, step_date(r, "lead"))
        else {
            return Ok(None);
        };
        let new_lead = filed - Duration::days(30 + rng.gen_range(0..20));
        if new_lead.year() != YEAR {
            return Ok(None);
        }
        let filing_due = deadlines::filing_deadline(cal, new_lead)
            .map_err(|e| internal(e.message_en()))?
            .deadline
            .date;
        let mut circ = c.circumstances.clone();
        circ.act_ended_on = Some(new_lead);
        exec(
            conn,
            "UPDATE cases SET lead_on = $1, filing_due = $2, circumstances = $3 WHERE id = $4",
            vec![
                t(new_lead),
                t(filing_due),
                t(serde_json::to_string(&circ).unwrap_or_default()),
                B::I(id),
            ],
        )
        .await?;
        exec(
            conn,
            "UPDATE case_steps SET on_date = $1 WHERE id = $2",
            vec![t(new_lead), B::I(lead_step)],
        )
        .await?;
        Ok(one(
            "filing_deadline",
            "filed more than fifteen working days after the lead",
        ))
    })
}

fn summary_limits<'a>(x: &'a mut Target<'_>) -> PlantFuture<'a> {
    Box::pin(async move {
        let conn: &mut AnyConnection = &mut *x.conn;
        let r = x.r;
        let c = &r.file.case;
        let id = c.id;
        let penalty = is_penalty(r);
        if c.procedure != Procedure::Summary || !penalty || c.execution_mode != "paid" {
            return Ok(None);
        }
        let add = 50_000;
        exec(conn, "UPDATE cases SET confiscation_fen = confiscation_fen + $1, paid_fen = paid_fen + $2 WHERE id = $3",
            vec![B::I(add), B::I(add), B::I(id)]).await?;
        Ok(one("summary_limits", "confiscation decided on the spot"))
    })
}

/// Recall and precision of one check code.
#[derive(Debug, Clone, Serialize)]
pub struct CodeScore {
    pub code: String,
    /// Labelled (case, code) pairs.
    pub labelled: usize,
    /// Failing findings of the code over the evaluated cases.
    pub found: usize,
    /// Failing findings that are labelled.
    pub true_positive: usize,
    pub recall: Option<f64>,
    pub precision: Option<f64>,
}

/// The score of the automatic checks against the labelled defects.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub labelled_cases: usize,
    pub control_cases: usize,
    pub labelled: usize,
    pub found: usize,
    pub true_positive: usize,
    pub recall: f64,
    pub precision: f64,
    pub per_code: Vec<CodeScore>,
    /// Labelled pairs not found (at most 50).
    pub missed: Vec<(i64, String)>,
    /// Failing findings not labelled (at most 50).
    pub unexpected: Vec<(i64, String)>,
    pub elapsed_ms: u128,
}

impl Evaluation {
    /// Both figures reach the acceptance bar of 95 %.
    pub fn acceptable(&self) -> bool {
        self.recall >= 0.95 && self.precision >= 0.95
    }
}

/// Runs the checks over every labelled case of the region and a control sample of unlabelled
/// closed cases (at least as many, every k-th by id), and scores them.
pub async fn evaluate(db: &Db, region: &str) -> Result<Evaluation> {
    let started = Instant::now();
    let labels: Vec<(i64, String)> = sqlx::query(
        "SELECT case_id, check_code FROM review_plants WHERE region_code = $1 ORDER BY case_id, check_code",
    )
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .collect::<Result<_>>()?;
    let labelled: BTreeSet<(i64, String)> = labels.into_iter().collect();
    let labelled_cases: BTreeSet<i64> = labelled.iter().map(|(c, _)| *c).collect();
    let unlabelled: Vec<i64> = sqlx::query(
        "SELECT c.id FROM cases c WHERE c.region_code = $1 AND c.status = 'closed' \
         AND NOT EXISTS (SELECT 1 FROM review_plants p WHERE p.case_id = c.id) ORDER BY c.id",
    )
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<std::result::Result<_, _>>()?;
    let want = (labelled_cases.len() * 2).max(200).min(unlabelled.len());
    let step = unlabelled.len().checked_div(want).map_or(1, |k| k.max(1));
    let control: Vec<i64> = unlabelled
        .iter()
        .step_by(step)
        .take(want)
        .copied()
        .collect();
    let checker = Checker::load(db).await?;
    let mut found: BTreeSet<(i64, String)> = BTreeSet::new();
    for &id in labelled_cases.iter().chain(control.iter()) {
        for f in fazhi_core::supervision::checks::run_with(db, &checker, region, id).await? {
            if !f.passed {
                found.insert((id, f.code));
            }
        }
    }
    let tp: BTreeSet<&(i64, String)> = found.intersection(&labelled).collect();
    let mut per_code = Vec::new();
    for c in CHECKS {
        let l = labelled.iter().filter(|(_, k)| k == c.code).count();
        let f = found.iter().filter(|(_, k)| k == c.code).count();
        let t = tp.iter().filter(|(_, k)| k == c.code).count();
        per_code.push(CodeScore {
            code: c.code.to_string(),
            labelled: l,
            found: f,
            true_positive: t,
            recall: (l > 0).then(|| t as f64 / l as f64),
            precision: (f > 0).then(|| t as f64 / f as f64),
        });
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    Ok(Evaluation {
        labelled_cases: labelled_cases.len(),
        control_cases: control.len(),
        labelled: labelled.len(),
        found: found.len(),
        true_positive: tp.len(),
        recall: ratio(tp.len(), labelled.len()),
        precision: ratio(tp.len(), found.len()),
        per_code,
        missed: labelled.difference(&found).take(50).cloned().collect(),
        unexpected: found.difference(&labelled).take(50).cloned().collect(),
        elapsed_ms: started.elapsed().as_millis(),
    })
}
