//! Demo of the 2024 assessments: a scheme with one version change in July, twelve monthly
//! assessments, the interviews of the bottom-ranked with their follow-up, four quarterly
//! bulletins, and supervision instruments (some answered and closed, some answered late, some
//! overdue). Runs after the cases and the reviews, through the module's own functions;
//! deterministic (seeded) and a few seconds long.

use chrono::{Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use fazhi_core::audit::{Actor, AuditedTx, Event};
use fazhi_core::calendar::{HolidayCalendar, load_calendar};
use fazhi_core::db::Db;
use fazhi_core::supervision::assessment::instruments::{self, InstrumentKind, NewInstrument};
use fazhi_core::supervision::assessment::interviews::{self, FollowUp};
use fazhi_core::supervision::assessment::scheme::{self, default_weights};
use fazhi_core::supervision::assessment::{Month, monthly};
use fazhi_core::time::now_ms;
use fazhi_core::{BINHAI_REGION, Error, Result};

const SEED: u64 = 20_240_808;
const YEAR: i32 = 2024;
/// The day the demo's assessments are computed "as of" (after the year closed), so that the
/// figures do not depend on the machine's clock.
const AS_OF: &str = "2025-01-10";

fn d(s: &str) -> Result<NaiveDate> {
    s.parse()
        .map_err(|_| Error::Internal(format!("assessment demo: bad date {s}")))
}

async fn add_scheme(
    db: &Db,
    actor: &Actor,
    month: Month,
    weights: std::collections::BTreeMap<String, i64>,
    note: &str,
) -> Result<()> {
    let mut tx = AuditedTx::begin(db, actor.clone()).await?;
    let version: i64 = sqlx::query_scalar::<_, i64>(
        "SELECT CAST(COALESCE(MAX(version), 0) AS BIGINT) FROM supervision_schemes WHERE region_code = $1",
    )
    .bind(BINHAI_REGION)
    .fetch_one(tx.conn())
    .await?
        + 1;
    let w = serde_json::to_string(&weights).unwrap_or_else(|_| "{}".into());
    sqlx::query(
        "INSERT INTO supervision_schemes (region_code, version, effective_month, weights, bottom_count, note, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(BINHAI_REGION)
    .bind(version)
    .bind(month.to_string())
    .bind(w.clone())
    .bind(scheme::DEFAULT_BOTTOM)
    .bind(note.to_string())
    .bind(actor.name.clone())
    .bind(now_ms())
    .execute(tx.conn())
    .await?;
    let after =
        serde_json::json!({"version": version, "effective_month": month, "weights": weights});
    tx.record(Event {
        action: "supervision.scheme_create",
        object_type: "supervision_scheme",
        object_id: version.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("考核方案第 {version} 版，自 {month} 起施行"),
    })
    .await?;
    tx.commit().await
}

/// Generates the 2024 assessment records of the demo district.
pub async fn generate(db: &Db, progress: &mut dyn FnMut(&str, usize, usize)) -> Result<()> {
    let actor = Actor::system("supervision-demo");
    let cal = load_calendar(db).await?;
    let as_of = d(AS_OF)?;
    let mut rng = StdRng::seed_from_u64(SEED);
    schemes(db, &actor).await?;
    // Twelve monthly assessments, each followed by its interviews.
    let total = 12 + 4 + 1;
    monthly_assessments(db, &actor, &cal, as_of, &mut rng, &mut |m| {
        progress("supervision assessments", m, total)
    })
    .await?;
    // Four bulletins, each issued in the month after its quarter.
    for q in 1..=4u32 {
        progress("supervision bulletins", 12 + q as usize, total);
        bulletin(db, &actor, q).await?;
    }
    // Instruments: to a bottom-ranked body of every other month.
    progress("supervision instruments", total, total);
    instruments_to_bottom_ranked(db, &actor, &cal, as_of, &mut rng).await
}

/// The scheme: v1 from January; v2 from July weighs certificates and file quality more
/// (the mid-year rectification campaign).
async fn schemes(db: &Db, actor: &Actor) -> Result<()> {
    let v1 = default_weights();
    let mut v2 = v1.clone();
    v2.insert("certified_scanned".into(), 15);
    v2.insert("review_score".into(), 15);
    v2.insert("cases_general".into(), 3);
    v2.insert("cases_summary".into(), 2);
    add_scheme(
        db,
        actor,
        Month {
            year: YEAR,
            month: 1,
        },
        v1,
        "2024 年度考核方案",
    )
    .await?;
    add_scheme(
        db,
        actor,
        Month {
            year: YEAR,
            month: 7,
        },
        v2,
        "年中调整：提高亮证扫码与案卷质量权重",
    )
    .await?;
    Ok(())
}

/// The monthly assessments with the interviews (约谈) of the bottom-ranked bodies: held and
/// closed, except December's (pending at the year's close) and one of November's (held only).
async fn monthly_assessments(
    db: &Db,
    actor: &Actor,
    cal: &HolidayCalendar,
    as_of: NaiveDate,
    rng: &mut StdRng,
    progress: &mut dyn FnMut(usize),
) -> Result<()> {
    for m in 1..=12u32 {
        let month = Month {
            year: YEAR,
            month: m,
        };
        progress(m as usize);
        let run = monthly::run_as(db, actor.clone(), BINHAI_REGION, month, as_of).await?;
        for (k, &iid) in run.interviews.iter().enumerate() {
            let held_on = cal
                .add_working_days(month.last(), rng.gen_range(5..12))
                .map(|x| x.date)
                .unwrap_or(month.last() + Duration::days(10));
            // December's interviews are still pending at the year's close; one of November's
            // is held but not yet closed.
            if m == 12 {
                continue;
            }
            let body = run
                .ranking
                .iter()
                .rev()
                .nth(k)
                .map(|s| s.department.clone())
                .unwrap_or_default();
            interviews::follow_up_as(
                db,
                actor.clone(),
                BINHAI_REGION,
                iid,
                &FollowUp::Hold {
                    held_on,
                    participants: format!("区司法局执法监督科；{body}主要负责人、法制机构负责人"),
                    record: format!(
                        "通报{}考核排名靠后情况，指出期限履行、亮证扫码和公示方面的问题，要求十五个工作日内报送整改方案。",
                        month.label("zh")
                    ),
                },
            )
            .await?;
            if m == 11 && k == 0 {
                continue;
            }
            let closed_on = cal
                .add_working_days(held_on, rng.gen_range(15..30))
                .map(|x| x.date)
                .unwrap_or(held_on + Duration::days(30));
            interviews::follow_up_as(
                db,
                actor.clone(),
                BINHAI_REGION,
                iid,
                &FollowUp::Close {
                    closed_on,
                    rectification: "已报送整改方案，逐案补正公示与送达记录，组织全员亮证扫码培训。"
                        .into(),
                },
            )
            .await?;
        }
    }

    Ok(())
}

/// Bulletin `q` of the year, issued in the month after its quarter.
async fn bulletin(db: &Db, actor: &Actor, q: u32) -> Result<()> {
    let issued_on = match q {
        1 => d("2024-04-15")?,
        2 => d("2024-07-15")?,
        3 => d("2024-10-15")?,
        _ => d("2025-01-15")?,
    };
    fazhi_core::supervision::assessment::bulletin::issue_as(
        db,
        actor.clone(),
        BINHAI_REGION,
        YEAR,
        q,
        issued_on,
        "各执法主体对照通报问题，于下季度首月报送整改情况。",
    )
    .await?;
    Ok(())
}

/// Instruments (监督意见书/建议书) to the bottom-ranked body of every month: most answered in
/// time and closed, one in four late, the last months' still open.
async fn instruments_to_bottom_ranked(
    db: &Db,
    actor: &Actor,
    cal: &HolidayCalendar,
    as_of: NaiveDate,
    rng: &mut StdRng,
) -> Result<()> {
    let ranked: Vec<(Month, i64, String)> = {
        let rows = sqlx::query_as::<_, (String, i64, String)>(
            "SELECT s.month, s.department_id, d.name FROM supervision_scores s JOIN departments d ON d.id = s.department_id \
             WHERE s.region_code = $1 AND s.rank = (SELECT MAX(t.rank) FROM supervision_scores t WHERE t.assessment_id = s.assessment_id) \
             ORDER BY s.month",
        )
        .bind(BINHAI_REGION)
        .fetch_all(db.pool())
        .await?;
        rows.into_iter()
            .filter_map(|(m, id, n)| Month::parse(&m).ok().map(|m| (m, id, n)))
            .collect()
    };
    for (k, (month, dept, name)) in ranked.iter().enumerate() {
        let kind = if k % 3 == 2 {
            InstrumentKind::Suggestion
        } else {
            InstrumentKind::Opinion
        };
        let issued_on = cal
            .add_working_days(month.last(), rng.gen_range(3..8))
            .map(|x| x.date)
            .unwrap_or(month.last() + Duration::days(7));
        let inst = instruments::issue_as(
            db,
            actor.clone(),
            BINHAI_REGION,
            cal,
            &NewInstrument {
                kind,
                department_id: *dept,
                title: format!("关于{name}{}执法问题的监督{}", month.label("zh"), if kind == InstrumentKind::Opinion { "意见" } else { "建议" }),
                findings: "月度考核发现：部分处罚决定未在七个工作日内公示；部分检查未使用电子检查证或无入企扫码记录；个别案件送达超期。".into(),
                requirements: "逐案核查并补正；建立期限预警台账；书面报告整改结果。".into(),
                issued_on,
                due_working_days: 15,
            },
        )
        .await?;
        // Most are answered in time and closed; one in four late; the last months' open.
        let late = k % 4 == 3;
        if month.month >= 11 && !late {
            continue;
        }
        let reply_on = if late {
            cal.add_working_days(inst.due_on, rng.gen_range(2..6))
                .map(|x| x.date)
                .unwrap_or(inst.due_on + Duration::days(5))
        } else {
            cal.add_working_days(inst.issued_on, rng.gen_range(5..14))
                .map(|x| x.date)
                .unwrap_or(inst.issued_on + Duration::days(10))
        };
        if reply_on > as_of {
            continue;
        }
        instruments::reply_as(
            db,
            actor.clone(),
            BINHAI_REGION,
            inst.id,
            reply_on,
            "已对照意见逐项整改：补正公示记录，组织期限与亮证扫码专项培训，建立预警台账。",
        )
        .await?;
        if late && k % 8 == 7 {
            continue;
        }
        instruments::close_as(
            db,
            actor.clone(),
            BINHAI_REGION,
            inst.id,
            reply_on + Duration::days(7),
            "经核查整改到位，予以办结。",
        )
        .await?;
    }
    Ok(())
}
