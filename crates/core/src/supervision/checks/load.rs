//! Loading what the checks read: the case file (as `cases::queries::CaseFile`), the officers'
//! cards, the evidence contents, the disclosures, the audit events and the power item. No
//! principal: callers check permissions and scope.

use chrono::NaiveDate;
use sqlx::{AnyConnection, Row};

use crate::Result;
use crate::cases::queries::{CaseFile, EvidenceRow, StepRow};
use crate::cases::records::{CaseRow, load_case};
use crate::db::Db;
use crate::db::json::decode;
use crate::org::CardRow;
use crate::powers::{PowerItem, Violation};

/// One stored evidence file: its row, and the SM3 of the content as stored now.
#[derive(Debug, Clone)]
pub struct StoredEvidence {
    pub row: EvidenceRow,
    pub actual_sm3: String,
}

/// One disclosure record of the case.
#[derive(Debug, Clone)]
pub struct StoredDisclosure {
    pub id: i64,
    pub published_on: Option<NaiveDate>,
    pub status: String,
    pub content: String,
}

/// The power item the case names, as the published list has it.
#[derive(Debug, Clone)]
pub struct PowerOfCase {
    /// Item found in the region's list.
    pub found: bool,
    pub active: bool,
    /// The item's body is the handling body or one above it.
    pub owned: bool,
    /// The violation of the case as the item lists it.
    pub violation: Option<Violation>,
}

/// Everything the rules read about one case.
#[derive(Debug, Clone)]
pub struct Record {
    pub file: CaseFile,
    pub cards: Vec<CardRow>,
    pub evidence: Vec<StoredEvidence>,
    pub disclosures: Vec<StoredDisclosure>,
    /// Audit events of the case (`audit_log`, object_type 'case').
    pub audit_events: i64,
    pub power: PowerOfCase,
    /// 复议 / 诉讼 periods and approved 暂缓 / 分期 (`cases::payment`).
    pub payment_periods: Vec<crate::cases::payment::PaymentPeriod>,
}

fn date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| s.parse().ok())
}

/// Loads a case of the region and what the checks read.
pub async fn load(db: &Db, region: &str, case_id: i64) -> Result<Record> {
    let mut conn = db.pool().acquire().await?;
    load_on(&mut conn, region, case_id).await
}

/// `load` on a connection (a transaction's, to see its own writes).
pub async fn load_on(conn: &mut AnyConnection, region: &str, case_id: i64) -> Result<Record> {
    let case = load_case(&mut *conn, region, case_id).await?;
    let steps = load_steps(conn, case_id).await?;
    let evidence = load_evidence(conn, case_id).await?;
    let (cards, team) = load_officers(conn, &case, &steps).await?;
    let disclosures = load_disclosures(conn, case_id).await?;
    let audit_events: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE object_type = 'case' AND object_id = $1",
    )
    .bind(case_id.to_string())
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;
    let power = power_of_case(conn, region, &case).await?;
    let payment_periods = crate::cases::payment::load_periods(conn, case_id).await?;
    let evidence_rows = evidence.iter().map(|e| e.row.clone()).collect();
    Ok(Record {
        file: CaseFile {
            case,
            steps,
            evidence: evidence_rows,
            tasks: Vec::new(),
            team,
        },
        cards,
        evidence,
        disclosures,
        audit_events,
        power,
        payment_periods,
    })
}

/// The case's steps, oldest first.
async fn load_steps(conn: &mut AnyConnection, case_id: i64) -> Result<Vec<StepRow>> {
    let steps = sqlx::query(
        "SELECT id, at, on_date, actor, action, from_stage, to_stage, officers, note, digests FROM case_steps WHERE case_id = $1 ORDER BY id",
    )
    .bind(case_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(StepRow {
            id: r.try_get(0)?,
            at: r.try_get(1)?,
            on: r.try_get(2)?,
            actor: r.try_get(3)?,
            action: r.try_get(4)?,
            from_stage: r.try_get(5)?,
            to_stage: r.try_get(6)?,
            officers: decode(&r.try_get::<String, _>(7)?, "case_steps.officers")?,
            note: r.try_get(8)?,
            digests: decode(&r.try_get::<String, _>(9)?, "case_steps.digests")?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    Ok(steps)
}

/// The case's evidence with the SM3 of its stored content, to compare with the recorded one.
async fn load_evidence(conn: &mut AnyConnection, case_id: i64) -> Result<Vec<StoredEvidence>> {
    let evidence = sqlx::query(
        "SELECT id, name, kind, media_type, size, sm3, collected_on, collected_by, content FROM case_evidence WHERE case_id = $1 ORDER BY id",
    )
    .bind(case_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let content: Vec<u8> = r.try_get(8)?;
        Ok(StoredEvidence {
            row: EvidenceRow {
                id: r.try_get(0)?,
                name: r.try_get(1)?,
                kind: r.try_get(2)?,
                media_type: r.try_get(3)?,
                size: r.try_get(4)?,
                sm3: r.try_get(5)?,
                collected_on: r.try_get(6)?,
                collected_by: r.try_get(7)?,
            },
            actual_sm3: crate::audit::sm3_hex(&content),
        })
    })
    .collect::<Result<Vec<_>>>()?;
    Ok(evidence)
}

/// The cards of every officer named on the case or on a step, and the case team with each
/// member's latest card number.
async fn load_officers(
    conn: &mut AnyConnection,
    case: &CaseRow,
    steps: &[StepRow],
) -> Result<(Vec<CardRow>, Vec<(i64, String, String)>)> {
    // Every officer named on the case or on a step.
    let mut officer_ids: Vec<i64> = case.officers.clone();
    for s in steps {
        officer_ids.extend(s.officers.iter().copied());
    }
    officer_ids.sort_unstable();
    officer_ids.dedup();
    let mut cards = Vec::new();
    let mut team = Vec::new();
    for &o in &officer_ids {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM enforcement_cards c WHERE c.officer_id = $1",
            crate::org::card::CARD_COLS
        )))
        .bind(o)
        .fetch_all(&mut *conn)
        .await?;
        for r in &rows {
            cards.push(crate::org::card::row_to_card(r)?);
        }
        if case.officers.contains(&o)
            && let Some(r) = sqlx::query("SELECT name FROM officers WHERE id = $1")
                .bind(o)
                .fetch_optional(&mut *conn)
                .await?
        {
            let no = cards
                .iter()
                .filter(|c| c.officer_id == o)
                .max_by_key(|c| c.valid_until)
                .map(|c| c.card_no.clone())
                .unwrap_or_default();
            team.push((o, r.try_get::<String, _>(0)?, no));
        }
    }
    Ok((cards, team))
}

/// The case's disclosures as published.
async fn load_disclosures(conn: &mut AnyConnection, case_id: i64) -> Result<Vec<StoredDisclosure>> {
    let disclosures = sqlx::query(
        "SELECT id, published_on, status, content FROM case_disclosures WHERE case_id = $1 ORDER BY id",
    )
    .bind(case_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(StoredDisclosure {
            id: r.try_get(0)?,
            published_on: date(r.try_get(1)?),
            status: r.try_get(2)?,
            content: r.try_get(3)?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    Ok(disclosures)
}

/// The power item the case cites: whether it exists, is in force, belongs to the case's body
/// (or a body above it), and the violation it lists under the case's name.
async fn power_of_case(
    conn: &mut AnyConnection,
    region: &str,
    case: &CaseRow,
) -> Result<PowerOfCase> {
    let mut power = PowerOfCase {
        found: false,
        active: false,
        owned: false,
        violation: None,
    };
    if let Some(r) = sqlx::query(
        "SELECT department_id, status, body FROM power_items WHERE region_code = $1 AND code = $2",
    )
    .bind(region.to_string())
    .bind(case.power_code.clone())
    .fetch_optional(&mut *conn)
    .await?
    {
        let owner: i64 = r.try_get(0)?;
        let status: String = r.try_get(1)?;
        let body: String = r.try_get(2)?;
        let owned: i64 = sqlx::query(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM department_closure WHERE ancestor_id = $1 AND descendant_id = $2",
        )
        .bind(owner)
        .bind(case.department_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
        let item: PowerItem = decode(&body, "power_items.body")?;
        power = PowerOfCase {
            found: true,
            active: status == "active",
            owned: owned > 0,
            violation: item
                .violations
                .into_iter()
                .find(|v| v.name == case.violation),
        };
    }
    Ok(power)
}
