//! Monthly assessment of the enforcement bodies (月度考核) and what surrounds it: indicators per
//! body and month computed from the records, the versioned scoring scheme, ranking and the
//! interview list (末位约谈), quarterly bulletins (季度通报) with server-side SVG charts, alerts
//! computed from the records, and supervision instruments (执法监督意见书 / 建议书).
//!
//! A body (执法主体) is a department holding active power items; records of the departments
//! below it (its 执法大队, 市场监管所 …) count for it, the nearest body up the tree.

pub mod alerts;
pub mod bulletin;
pub mod indicators;
pub mod instruments;
pub mod interviews;
pub mod monthly;
pub mod scheme;
pub mod svg;

use std::collections::HashMap;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::auth::Principal;
use crate::db::Db;
use crate::{Code, Error, Result};

/// A calendar month, `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    /// The month of a date.
    pub fn of(d: NaiveDate) -> Month {
        Month {
            year: d.year(),
            month: d.month(),
        }
    }

    /// Parses `YYYY-MM`, refusing anything else with a bilingual error.
    pub fn parse(s: &str) -> Result<Month> {
        let bad = || Error::of(Code::SupervisionMonth).for_field("month");
        let s = s.trim();
        let (y, m) = s.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) || !(2000..=2100).contains(&year) {
            return Err(bad());
        }
        Ok(Month { year, month })
    }

    /// First day.
    pub fn first(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default()
    }

    /// Last day.
    pub fn last(self) -> NaiveDate {
        self.next().first().pred_opt().unwrap_or_default()
    }

    /// The month after.
    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The month before.
    pub fn prev(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// The three months of a quarter (1..=4).
    pub fn quarter(year: i32, quarter: u32) -> [Month; 3] {
        let m = (quarter.clamp(1, 4) - 1) * 3 + 1;
        [
            Month { year, month: m },
            Month { year, month: m + 1 },
            Month { year, month: m + 2 },
        ]
    }

    /// `2024年3月` / `2024-03`.
    pub fn label(self, lang: &str) -> String {
        if lang == "en" {
            self.to_string()
        } else {
            format!("{}年{}月", self.year, self.month)
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl TryFrom<String> for Month {
    type Error = String;
    fn try_from(s: String) -> std::result::Result<Month, String> {
        Month::parse(&s).map_err(|e| e.message_en())
    }
}

impl From<Month> for String {
    fn from(m: Month) -> String {
        m.to_string()
    }
}

/// An enforcement body: a department holding active power items.
#[derive(Debug, Clone, Serialize)]
pub struct Body {
    pub id: i64,
    pub name: String,
    pub short_name: String,
}

/// The bodies of a region and, for every department, the body its records count for.
#[derive(Debug, Clone, Default)]
pub struct BodyMap {
    pub bodies: Vec<Body>,
    /// department id -> body id (the nearest body up the tree, itself included).
    pub body_of: HashMap<i64, i64>,
}

impl BodyMap {
    /// The body a department's records count for.
    pub fn body(&self, department_id: i64) -> Option<i64> {
        self.body_of.get(&department_id).copied()
    }

    /// Name of a body.
    pub fn name(&self, id: i64) -> String {
        self.bodies
            .iter()
            .find(|b| b.id == id)
            .map(|b| b.name.clone())
            .unwrap_or_default()
    }
}

/// Loads the bodies and the department → body map.
pub async fn body_map(db: &Db, region: &str) -> Result<BodyMap> {
    let rows = sqlx::query(
        "SELECT d.id, d.name, d.short_name FROM departments d WHERE d.region_code = $1 AND d.active = 1 \
         AND EXISTS (SELECT 1 FROM power_items p WHERE p.department_id = d.id AND p.status = 'active') \
         ORDER BY d.sort_order, d.id",
    )
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut map = BodyMap::default();
    for r in rows {
        map.bodies.push(Body {
            id: r.try_get(0)?,
            name: r.try_get(1)?,
            short_name: r.try_get(2)?,
        });
    }
    let ids: std::collections::HashSet<i64> = map.bodies.iter().map(|b| b.id).collect();
    let closure = sqlx::query(
        "SELECT k.ancestor_id, k.descendant_id, k.depth FROM department_closure k \
         JOIN departments d ON d.id = k.descendant_id WHERE d.region_code = $1",
    )
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut best: HashMap<i64, (i64, i64)> = HashMap::new();
    for r in closure {
        let (a, dsc, depth): (i64, i64, i64) = (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
        if !ids.contains(&a) {
            continue;
        }
        let e = best.entry(dsc).or_insert((a, depth));
        if depth < e.1 {
            *e = (a, depth);
        }
    }
    map.body_of = best.into_iter().map(|(d, (a, _))| (d, a)).collect();
    Ok(map)
}

/// The bodies a principal may see (its scope), in the map's order.
pub async fn visible_bodies(db: &Db, who: &Principal, map: &BodyMap) -> Result<Vec<i64>> {
    let mut out = Vec::new();
    if who.scope_binds().all == 1 {
        return Ok(map.bodies.iter().map(|b| b.id).collect());
    }
    for b in &map.bodies {
        if who.covers_department(db, b.id).await? {
            out.push(b.id);
        }
    }
    Ok(out)
}

/// Refuses a body outside the principal's scope (not distinguished from a missing one).
pub async fn require_body(db: &Db, who: &Principal, map: &BodyMap, body: i64) -> Result<()> {
    if map.bodies.iter().any(|b| b.id == body) && who.covers_department(db, body).await? {
        Ok(())
    } else {
        Err(Error::not_found("enforcement body"))
    }
}

pub(crate) fn opt_date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| s.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_and_step() {
        let m = Month::parse("2024-02").expect("month");
        assert_eq!(m.last().to_string(), "2024-02-29");
        assert_eq!(m.prev().to_string(), "2024-01");
        assert_eq!(
            Month::parse("2024-12").expect("m").next().to_string(),
            "2025-01"
        );
        assert!(Month::parse("2024-13").is_err());
        assert!(Month::parse("24-01").is_err());
        assert!(Month::parse("2024-1").is_err());
        assert_eq!(Month::quarter(2024, 2)[2].to_string(), "2024-06");
    }
}
