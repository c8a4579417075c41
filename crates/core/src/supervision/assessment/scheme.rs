//! The scoring scheme (考核方案): a weight per indicator and how many bottom-ranked bodies are
//! interviewed, configured by the Justice Bureau and versioned. A version takes effect from a
//! month; a month is scored under the latest version in force then, so changing the scheme never
//! rescores a month already assessed under an earlier version.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::Row;

use super::Month;
use super::indicators::{BodyFigures, Indicator, Measure};
use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal};
use crate::db::Db;
use crate::db::json::decode;
use crate::time::now_ms;
use crate::{Code, Error, Result};

/// Largest weight of one indicator.
pub const MAX_WEIGHT: i64 = 100;
/// Default number of bottom-ranked bodies interviewed.
pub const DEFAULT_BOTTOM: i64 = 3;

/// A version of the scheme.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Scheme {
    pub version: i64,
    pub effective_month: Month,
    /// indicator code -> weight
    pub weights: BTreeMap<String, i64>,
    pub bottom_count: i64,
    pub note: String,
    pub created_by: String,
}

impl Scheme {
    /// The weight of an indicator (0 when absent).
    pub fn weight(&self, i: Indicator) -> i64 {
        self.weights.get(i.as_str()).copied().unwrap_or(0)
    }
}

/// A scheme to create.
#[derive(Debug, Clone, Deserialize)]
pub struct NewScheme {
    pub effective_month: Month,
    pub weights: BTreeMap<String, i64>,
    pub bottom_count: i64,
    #[serde(default)]
    pub note: String,
}

/// A starting point for the editor: what the rule-of-law work plans stress most (deadlines,
/// disclosure, legal review, case quality) weighs most.
pub fn default_weights() -> BTreeMap<String, i64> {
    use Indicator::*;
    [
        (Participation, 10),
        (Performance, 10),
        (ActsPerOfficer, 5),
        (Inspections, 5),
        (CasesGeneral, 5),
        (CasesSummary, 5),
        (DeadlinesMet, 15),
        (DisclosureOnTime, 10),
        (LegalReview, 10),
        (CertifiedScanned, 10),
        (RepeatedInspections, 5),
        (ReviewScore, 10),
    ]
    .into_iter()
    .map(|(i, w)| (i.as_str().to_string(), w))
    .collect()
}

fn validate(s: &NewScheme) -> Result<()> {
    for (code, w) in &s.weights {
        if Indicator::parse(code).is_none() {
            return Err(Error::of(Code::SupervisionSchemeIndicator)
                .for_field("weights")
                .arg("code", code));
        }
        if !(0..=MAX_WEIGHT).contains(w) {
            return Err(Error::of(Code::SupervisionSchemeWeight)
                .for_field("weights")
                .arg_zh_en(
                    "reason",
                    format!("指标权重须为 0–{MAX_WEIGHT} 的整数。"),
                    format!("Weights must be whole numbers from 0 to {MAX_WEIGHT}."),
                ));
        }
    }
    if s.weights.values().sum::<i64>() <= 0 {
        return Err(Error::of(Code::SupervisionSchemeEmpty).for_field("weights"));
    }
    if !(0..=20).contains(&s.bottom_count) {
        return Err(Error::of(Code::SupervisionSchemeBottom).for_field("bottom_count"));
    }
    if s.note.chars().count() > 500 {
        return Err(Error::of(Code::SupervisionSchemeNote).for_field("note"));
    }
    Ok(())
}

fn row_to_scheme(r: &sqlx::any::AnyRow) -> Result<Scheme> {
    let month: String = r.try_get(1)?;
    let weights: String = r.try_get(2)?;
    Ok(Scheme {
        version: r.try_get(0)?,
        effective_month: Month::parse(&month)?,
        weights: decode(&weights, "supervision_schemes.weights")?,
        bottom_count: r.try_get(3)?,
        note: r.try_get(4)?,
        created_by: r.try_get(5)?,
    })
}

const COLS: &str = "version, effective_month, weights, bottom_count, note, created_by";

/// Every version, newest first.
pub async fn list(db: &Db, who: &Principal) -> Result<Vec<Scheme>> {
    who.require(Permission::ViewSupervision)?;
    list_region(db, &who.region).await
}

pub(crate) async fn list_region(db: &Db, region: &str) -> Result<Vec<Scheme>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLS} FROM supervision_schemes WHERE region_code = $1 ORDER BY version DESC"
    )))
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(row_to_scheme).collect()
}

/// The version in force in a month: the latest version whose effective month is not after it.
pub async fn in_force(db: &Db, region: &str, month: Month) -> Result<Option<Scheme>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLS} FROM supervision_schemes WHERE region_code = $1 AND effective_month <= $2 \
         ORDER BY effective_month DESC, version DESC LIMIT 1"
    )))
    .bind(region.to_string())
    .bind(month.to_string())
    .fetch_optional(db.pool())
    .await?;
    row.as_ref().map(row_to_scheme).transpose()
}

/// Adds a version (区司法局). Refused when it would take effect from a month already assessed:
/// a month keeps the scheme it was scored under.
pub async fn create(db: &Db, who: &Principal, s: &NewScheme) -> Result<i64> {
    who.require(Permission::ManageSupervision)?;
    validate(s)?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let assessed = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM supervision_assessments WHERE region_code = $1 AND month >= $2",
    )
    .bind(who.region.clone())
    .bind(s.effective_month.to_string())
    .fetch_one(tx.conn())
    .await?
    .try_get::<i64, _>(0)?;
    if assessed > 0 {
        return Err(Error::of(Code::SupervisionSchemeAssessed).arg_zh_en(
            "effective_month",
            s.effective_month.label("zh"),
            s.effective_month,
        ));
    }
    let version = sqlx::query(
        "SELECT CAST(COALESCE(MAX(version), 0) AS BIGINT) FROM supervision_schemes WHERE region_code = $1",
    )
    .bind(who.region.clone())
    .fetch_one(tx.conn())
    .await?
    .try_get::<i64, _>(0)?
        + 1;
    let weights = serde_json::to_string(&s.weights).unwrap_or_else(|_| "{}".into());
    let row = sqlx::query(
        "INSERT INTO supervision_schemes (region_code, version, effective_month, weights, bottom_count, note, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(who.region.clone())
    .bind(version)
    .bind(s.effective_month.to_string())
    .bind(weights)
    .bind(s.bottom_count)
    .bind(s.note.trim().to_string())
    .bind(who.actor().name)
    .bind(now_ms())
    .fetch_one(tx.conn())
    .await?;
    let id: i64 = row.try_get(0)?;
    let after = json!({"version": version, "effective_month": s.effective_month, "weights": s.weights, "bottom_count": s.bottom_count});
    tx.record(Event {
        action: "supervision.scheme_create",
        object_type: "supervision_scheme",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("考核方案第 {version} 版，自 {} 起施行", s.effective_month),
    })
    .await?;
    tx.commit().await?;
    Ok(version)
}

/// A body's score for a month.
#[derive(Debug, Clone, Serialize)]
pub struct BodyScore {
    pub department_id: i64,
    pub department: String,
    /// 0..100
    pub score: f64,
    /// 1 = best
    pub rank: i64,
    /// indicator code -> sub-score 0..100 (applicable indicators only)
    pub parts: BTreeMap<String, f64>,
}

/// Scores and ranks the bodies of a month under a scheme (pure).
///
/// Each applicable indicator gives a sub-score of 0–100: ratios their percentage (100 − it when
/// lower is better), the mean review score itself, counts and per-officer quotients relative to
/// the best body of the month. The score is the weighted mean over the indicators that apply to
/// the body (a body without decisions is not judged on decision deadlines). Ties rank by name
/// order of the input, which is the department order.
pub fn score(bodies: &[BodyFigures], scheme: &Scheme) -> Vec<BodyScore> {
    let mut best: BTreeMap<Indicator, f64> = BTreeMap::new();
    for b in bodies {
        for f in &b.figures {
            if f.applicable && f.indicator.measure() != Measure::Ratio {
                let e = best.entry(f.indicator).or_insert(0.0);
                if f.value > *e {
                    *e = f.value;
                }
            }
        }
    }
    let mut out: Vec<BodyScore> = bodies
        .iter()
        .map(|b| {
            let mut parts = BTreeMap::new();
            let (mut sum, mut weights) = (0.0, 0i64);
            for f in &b.figures {
                let w = scheme.weight(f.indicator);
                if !f.applicable || w == 0 {
                    continue;
                }
                let sub = match f.indicator.measure() {
                    Measure::Ratio if f.indicator.lower_is_better() => 100.0 - f.value,
                    Measure::Ratio => f.value,
                    _ if f.indicator == Indicator::ReviewScore => f.value,
                    _ => {
                        let top = best.get(&f.indicator).copied().unwrap_or(0.0);
                        if top > 0.0 {
                            100.0 * f.value / top
                        } else {
                            0.0
                        }
                    }
                }
                .clamp(0.0, 100.0);
                parts.insert(f.indicator.as_str().to_string(), round2(sub));
                sum += sub * w as f64;
                weights += w;
            }
            BodyScore {
                department_id: b.department_id,
                department: b.department.clone(),
                score: if weights > 0 {
                    round2(sum / weights as f64)
                } else {
                    0.0
                },
                rank: 0,
                parts,
            }
        })
        .collect();
    // Stable sort: equal scores keep the department order.
    out.sort_by(|a, b| b.score.total_cmp(&a.score));
    for (i, s) in out.iter_mut().enumerate() {
        s.rank = i as i64 + 1;
    }
    out
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::supervision::assessment::indicators::Figure;

    fn fig(i: Indicator, num: i64, den: i64) -> Figure {
        let v: serde_json::Value = json!({"indicator": i, "numerator": num, "denominator": den,
            "value": match i.measure() { Measure::Ratio if den > 0 => 100.0 * num as f64 / den as f64,
                Measure::Count => num as f64, _ if den > 0 => num as f64 / den as f64, _ => 0.0 },
            "applicable": den > 0 || i.measure() == Measure::Count});
        serde_json::from_value(v).expect("figure")
    }

    fn body(id: i64, figures: Vec<Figure>) -> BodyFigures {
        BodyFigures {
            department_id: id,
            department: format!("B{id}"),
            figures,
        }
    }

    fn scheme(w: &[(Indicator, i64)]) -> Scheme {
        Scheme {
            version: 1,
            effective_month: Month::parse("2024-01").expect("m"),
            weights: w
                .iter()
                .map(|(i, w)| (i.as_str().to_string(), *w))
                .collect(),
            bottom_count: 1,
            note: String::new(),
            created_by: String::new(),
        }
    }

    #[test]
    fn weights_decide_the_ranking() {
        let a = body(
            1,
            vec![
                fig(Indicator::DeadlinesMet, 10, 10),
                fig(Indicator::Inspections, 2, 0),
            ],
        );
        let b = body(
            2,
            vec![
                fig(Indicator::DeadlinesMet, 5, 10),
                fig(Indicator::Inspections, 8, 0),
            ],
        );
        let s = score(
            &[a.clone(), b.clone()],
            &scheme(&[(Indicator::DeadlinesMet, 1)]),
        );
        assert_eq!(s[0].department_id, 1);
        assert_eq!(s[0].score, 100.0);
        let s = score(&[a, b], &scheme(&[(Indicator::Inspections, 1)]));
        assert_eq!(s[0].department_id, 2);
        assert_eq!(s[1].score, 25.0);
    }

    #[test]
    fn inapplicable_indicators_are_left_out_and_lower_is_better_inverts() {
        let a = body(
            1,
            vec![
                fig(Indicator::LegalReview, 0, 0),
                fig(Indicator::RepeatedInspections, 1, 4),
            ],
        );
        let s = score(
            &[a],
            &scheme(&[
                (Indicator::LegalReview, 50),
                (Indicator::RepeatedInspections, 10),
            ]),
        );
        assert_eq!(s[0].score, 75.0);
        assert!(!s[0].parts.contains_key("legal_review"));
    }

    #[test]
    fn bad_schemes_are_refused() {
        let mut s = NewScheme {
            effective_month: Month::parse("2024-01").expect("m"),
            weights: default_weights(),
            bottom_count: 3,
            note: String::new(),
        };
        assert!(validate(&s).is_ok());
        s.weights.insert("nonsense".into(), 1);
        assert!(validate(&s).is_err());
        s.weights = [("participation".to_string(), -1)].into_iter().collect();
        assert!(validate(&s).is_err());
        s.weights = [("participation".to_string(), 0)].into_iter().collect();
        assert!(validate(&s).is_err());
    }
}
