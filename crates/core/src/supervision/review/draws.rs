//! Draws of case files for review (评查抽取): per enforcement body, its cases archived in the
//! period and not yet reviewed are the frozen candidates (case numbers, ascending), and the
//! files with the smallest `SM3(seed ‖ case number)` are drawn — the selection of
//! `sampling::draw` (`select_stratum`, `seed_commitment`, `candidates_digest`), not a second
//! algorithm. The published record carries seed, inputs and result; anyone re-runs it with
//! [`verify_record`].

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::auth::{Permission, Principal};
use crate::db::Db;
use crate::sampling::draw::{
    QuotaRule, Stratum, VerifyReport, candidates_digest, parse_seed, seed_commitment,
    select_stratum,
};
use crate::{Code, Error, Result};

/// Identifies the record layout.
pub const DRAW_FORMAT: &str = "fazhi-review-draw/1";
/// Longest period one draw covers.
pub const MAX_PERIOD_DAYS: i64 = 366;
/// Most files drawn per body by a fixed count.
pub const MAX_PER_BODY: u32 = 200;

/// What a supervisor asks for: "N files (or P %) per body of the cases archived in a period".
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DrawSpec {
    pub title: String,
    /// ISO dates, inclusive: cases archived (归档) within them are candidates.
    pub period_start: String,
    pub period_end: String,
    /// Files per body: `{"kind":"count","value":5}` or `{"kind":"ratio","value":20}` (percent).
    pub per_body: QuotaRule,
    /// Bodies to draw from; empty = every body with archived files in the period.
    #[serde(default)]
    pub department_ids: Vec<i64>,
    /// 64 hex digits, e.g. a publicly witnessed number; empty = a fresh random seed.
    #[serde(default)]
    pub seed: String,
}

/// The published record of a draw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawRecord {
    pub format: String,
    pub title: String,
    pub period_start: String,
    pub period_end: String,
    pub per_body: QuotaRule,
    pub seed: String,
    pub seed_commitment: String,
    pub candidates_digest: String,
    /// One stratum per body: key = department id, label = its name, candidates = case numbers.
    pub strata: Vec<Stratum>,
    /// Per body key, the drawn case numbers in ascending order of their draw key.
    pub selected: BTreeMap<String, Vec<String>>,
    pub drawn_on: String,
    pub drawn_by: String,
}

impl DrawRecord {
    /// Every drawn case number.
    pub fn files(&self) -> impl Iterator<Item = &String> {
        self.selected.values().flatten()
    }
}

/// One draw in a list.
#[derive(Debug, Clone, Serialize)]
pub struct DrawSummary {
    pub id: i64,
    pub title: String,
    pub period_start: String,
    pub period_end: String,
    pub files: i64,
    pub confirmed: i64,
    pub bodies: i64,
    pub drawn_on: String,
    pub drawn_by: String,
    pub seed_commitment: String,
}

/// A stored draw.
#[derive(Debug, Clone, Serialize)]
pub struct StoredDraw {
    pub id: i64,
    pub record: DrawRecord,
}

fn date(field: &'static str, s: &str) -> Result<NaiveDate> {
    s.trim().parse::<NaiveDate>().map_err(|_| {
        Error::of(Code::ReviewDate)
            .for_field(field)
            .arg("input", s.trim())
    })
}

/// Checks a request before anything is read or written.
pub fn check_spec(spec: &DrawSpec, drawn_on: NaiveDate) -> Result<(NaiveDate, NaiveDate)> {
    let title = spec.title.trim();
    if title.is_empty() || title.chars().count() > 100 {
        return Err(Error::of(Code::ReviewTitle).for_field("title"));
    }
    let start = date("period_start", &spec.period_start)?;
    let end = date("period_end", &spec.period_end)?;
    if end < start {
        return Err(Error::of(Code::ReviewPeriod)
            .for_field("period_end")
            .arg_zh_en(
                "reason",
                "评查期间的结束日期早于开始日期。",
                "The period ends before it starts.",
            ));
    }
    if (end - start).num_days() >= MAX_PERIOD_DAYS {
        return Err(Error::of(Code::ReviewPeriod)
            .for_field("period_end")
            .arg_zh_en(
                "reason",
                "一次抽取的评查期间不超过一年。",
                "One draw covers at most a year.",
            ));
    }
    if end > drawn_on {
        return Err(Error::of(Code::ReviewPeriod)
            .for_field("period_end")
            .arg_zh_en(
                "reason",
                "评查期间尚未结束，不能抽取（归档名单须在抽取前确定）。",
                "The period has not ended yet: the archived files must be fixed before the draw.",
            ));
    }
    match spec.per_body {
        QuotaRule::Count(n) if (1..=MAX_PER_BODY).contains(&n) => {}
        QuotaRule::Ratio(p) if (1..=100).contains(&p) => {}
        _ => {
            return Err(Error::of(Code::ReviewQuota).for_field("per_body"));
        }
    }
    if !spec.seed.trim().is_empty() {
        parse_seed(&spec.seed).map_err(|_| Error::of(Code::ReviewSeed).for_field("seed"))?;
    }
    Ok((start, end))
}

/// The pure draw: each body's quota of its candidates with the smallest draw keys.
pub fn select(seed: &[u8; 32], strata: &[Stratum]) -> BTreeMap<String, Vec<String>> {
    strata
        .iter()
        .map(|s| (s.key.clone(), select_stratum(seed, s)))
        .collect()
}

/// Re-runs a published draw from its record: the commitment against the seed, the digest
/// against the candidates, each quota against the rule and the selection against the re-run.
pub fn verify_record(r: &DrawRecord) -> VerifyReport {
    let mut problems = Vec::new();
    if r.format != DRAW_FORMAT {
        problems.push(format!("unknown format {:?}", r.format));
    }
    for s in &r.strata {
        if s.candidates.windows(2).any(|w| w[0] >= w[1]) {
            problems.push(format!(
                "body {}: candidates are not in ascending order or repeat",
                s.key
            ));
        }
        if s.quota != r.per_body.quota(s.candidates.len()) {
            problems.push(format!(
                "body {}: the quota does not follow the rule",
                s.key
            ));
        }
    }
    match parse_seed(&r.seed) {
        Err(_) => problems.push("the seed is not 64 hex digits".into()),
        Ok(seed) => {
            if seed_commitment(&seed) != r.seed_commitment {
                problems.push("SM3(seed) does not match seed_commitment".into());
            }
            if candidates_digest(&r.strata) != r.candidates_digest {
                problems.push("the candidate list does not match candidates_digest".into());
            }
            if select(&seed, &r.strata) != r.selected {
                problems.push("the drawn files differ from the re-run".into());
            }
        }
    }
    VerifyReport {
        ok: problems.is_empty(),
        problems,
    }
}

/// A drawn file: the case and its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DrawnFile {
    pub case_id: i64,
    pub department_id: i64,
}

/// Reads the candidates and draws (no write): the record and the drawn files.
pub async fn plan(
    db: &Db,
    region: &str,
    spec: &DrawSpec,
    drawn_on: NaiveDate,
    seed: [u8; 32],
    drawn_by: &str,
) -> Result<(DrawRecord, Vec<DrawnFile>)> {
    let (start, end) = check_spec(spec, drawn_on)?;
    let mut wanted: Vec<i64> = spec.department_ids.clone();
    wanted.sort_unstable();
    wanted.dedup();
    for d in &wanted {
        let n: i64 = sqlx::query(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM departments WHERE id = $1 AND region_code = $2",
        )
        .bind(*d)
        .bind(region.to_string())
        .fetch_one(db.pool())
        .await?
        .try_get(0)?;
        if n == 0 {
            return Err(Error::of(Code::ReviewDepartment).for_field("department_ids"));
        }
    }
    // Archived files of the period that no review holds yet (a file is reviewed once).
    let rows = sqlx::query(
        "SELECT c.id, c.case_no, c.department_id, d.name FROM cases c JOIN departments d ON d.id = c.department_id \
         WHERE c.region_code = $1 AND c.status = 'closed' AND c.archived_on >= $2 AND c.archived_on <= $3 \
         AND NOT EXISTS (SELECT 1 FROM case_reviews r WHERE r.region_code = c.region_code AND r.case_id = c.id) \
         ORDER BY c.department_id, c.case_no",
    )
    .bind(region.to_string())
    .bind(start.to_string())
    .bind(end.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut by_no: HashMap<String, DrawnFile> = HashMap::new();
    let mut bodies: BTreeMap<i64, (String, Vec<String>)> = BTreeMap::new();
    for r in &rows {
        let (id, no, dept, name): (i64, String, i64, String) =
            (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?);
        if !wanted.is_empty() && wanted.binary_search(&dept).is_err() {
            continue;
        }
        by_no.insert(
            no.clone(),
            DrawnFile {
                case_id: id,
                department_id: dept,
            },
        );
        bodies
            .entry(dept)
            .or_insert_with(|| (name, Vec::new()))
            .1
            .push(no);
    }
    let strata: Vec<Stratum> = bodies
        .into_iter()
        .map(|(dept, (label, mut candidates))| {
            // Byte order of the text, as the digest and the draw key read it.
            candidates.sort();
            candidates.dedup();
            Stratum {
                key: dept.to_string(),
                label,
                quota: spec.per_body.quota(candidates.len()),
                candidates,
            }
        })
        .collect();
    if strata.iter().all(|s| s.quota == 0) {
        return Err(Error::of(Code::ReviewNoFiles));
    }
    let selected = select(&seed, &strata);
    let files = selected
        .values()
        .flatten()
        .filter_map(|no| by_no.get(no).copied())
        .collect();
    let record = DrawRecord {
        format: DRAW_FORMAT.into(),
        title: spec.title.trim().to_string(),
        period_start: start.to_string(),
        period_end: end.to_string(),
        per_body: spec.per_body,
        seed: hex::encode(seed),
        seed_commitment: seed_commitment(&seed),
        candidates_digest: candidates_digest(&strata),
        strata,
        selected,
        drawn_on: drawn_on.to_string(),
        drawn_by: drawn_by.to_string(),
    };
    Ok((record, files))
}

/// The seed of a request: the given one, or 32 fresh random bytes.
pub fn seed_of(spec: &DrawSpec) -> Result<[u8; 32]> {
    if spec.seed.trim().is_empty() {
        Ok(rand::random())
    } else {
        parse_seed(&spec.seed)
    }
}

/// Draws of the region, newest first (supervisors).
pub async fn list_draws(db: &Db, who: &Principal) -> Result<Vec<DrawSummary>> {
    who.require(Permission::ManageSupervision)?;
    let rows = sqlx::query(
        "SELECT g.id, g.title, g.period_start, g.period_end, g.files, \
         CAST((SELECT COUNT(*) FROM case_reviews r WHERE r.draw_id = g.id AND r.status = 'confirmed') AS BIGINT), \
         CAST((SELECT COUNT(DISTINCT r.department_id) FROM case_reviews r WHERE r.draw_id = g.id) AS BIGINT), \
         g.drawn_on, g.drawn_by, g.seed_commitment FROM review_draws g WHERE g.region_code = $1 ORDER BY g.drawn_on DESC, g.id DESC",
    )
    .bind(who.region.clone())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(DrawSummary {
                id: r.try_get(0)?,
                title: r.try_get(1)?,
                period_start: r.try_get(2)?,
                period_end: r.try_get(3)?,
                files: r.try_get(4)?,
                confirmed: r.try_get(5)?,
                bodies: r.try_get(6)?,
                drawn_on: r.try_get(7)?,
                drawn_by: r.try_get(8)?,
                seed_commitment: r.try_get(9)?,
            })
        })
        .collect()
}

/// One draw with its published record (supervisors).
pub async fn get_draw(db: &Db, who: &Principal, id: i64) -> Result<StoredDraw> {
    who.require(Permission::ManageSupervision)?;
    let row = sqlx::query("SELECT record FROM review_draws WHERE id = $1 AND region_code = $2")
        .bind(id)
        .bind(who.region.clone())
        .fetch_optional(db.pool())
        .await?
        .ok_or_else(|| Error::not_found("review draw"))?;
    let record: DrawRecord = serde_json::from_str(&row.try_get::<String, _>(0)?)
        .map_err(|e| Error::Internal(format!("review draw record: {e}")))?;
    Ok(StoredDraw { id, record })
}

/// Verifies a stored draw: the record re-runs, and the reviews opened by it are exactly the
/// drawn files.
pub async fn verify_draw(db: &Db, who: &Principal, id: i64) -> Result<VerifyReport> {
    let d = get_draw(db, who, id).await?;
    let mut rep = verify_record(&d.record);
    let mut opened: Vec<String> = sqlx::query(
        "SELECT c.case_no FROM case_reviews r JOIN cases c ON c.id = r.case_id WHERE r.draw_id = $1 AND r.region_code = $2",
    )
    .bind(id)
    .bind(who.region.clone())
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| r.try_get::<String, _>(0))
    .collect::<Result<_, _>>()?;
    opened.sort();
    let mut drawn: Vec<String> = d.record.files().cloned().collect();
    drawn.sort();
    if opened != drawn {
        rep.problems
            .push("the reviews opened by the draw are not the drawn files".into());
        rep.ok = false;
    }
    Ok(rep)
}
