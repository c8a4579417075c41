//! Procedure parameters per department (行政处罚程序参数), with their sources and effective dates.
//!
//! 行政处罚法 leaves several procedure figures to other rules: "较大数额" for a hearing
//! (第六十三条, set by provincial or ministerial rules), the filing period, the extension of the
//! decision period ("法律、法规、规章另有规定的，从其规定", 第六十条), the statement period, and the
//! scope of disclosure (第四十八条 "具有一定社会影响的"). Each body follows its own ministry's or
//! the province's rule. The Justice Bureau enters them here: per body or for the whole district,
//! each value with the rule it comes from and the day it applies from. Where nothing was entered,
//! the market-regulation rules apply as the platform default and are shown as 未核实
//! (unverified), so nobody mistakes a default for the body's own rule.
//!
//! Rows are never changed: a new value is a new row with a later effective date, so the value
//! that applied on any past day can be shown (and a case is judged under the rule of its day).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::Row;

use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal};
use crate::db::Db;
use crate::labels::labelled_enum;
use crate::money::Money;
use crate::time::now_ms;
use crate::{Code, Error, Result};

labelled_enum!(
    /// A procedure figure a body's own rules set.
    ParamKey {
        HearingCitizenYuan = "hearing_citizen_yuan", "听证较大数额：公民（元）", "Hearing threshold, citizens (yuan)";
        HearingOrganisationYuan = "hearing_organisation_yuan", "听证较大数额：法人或其他组织（元）", "Hearing threshold, organisations (yuan)";
        FilingWorkingDays = "filing_working_days", "立案核查期限（工作日）", "Filing period (working days)";
        FilingExtensionWorkingDays = "filing_extension_working_days", "立案期限可延长（工作日）", "Filing extension (working days)";
        DecisionDays = "decision_days", "作出处罚决定期限（日）", "Decision period (days)";
        DecisionExtensionDays = "decision_extension_days", "决定期限经负责人批准可延长（日）", "Decision extension by the head (days)";
        FurtherExtensionCollective = "further_extension_collective", "经集体讨论可再延长", "Further extension by collective discussion";
        StatementWorkingDays = "statement_working_days", "陈述申辩期限（工作日）", "Statement period (working days)";
        DiscloseSummary = "disclose_summary", "公示简易程序决定", "Disclose summary-procedure decisions";
        DiscloseWarningOnly = "disclose_warning_only", "公示仅警告的决定", "Disclose warning-only decisions";
    }
);

impl ParamKey {
    /// Whether the value is yes/no rather than a number.
    pub fn is_flag(self) -> bool {
        matches!(
            self,
            ParamKey::FurtherExtensionCollective
                | ParamKey::DiscloseSummary
                | ParamKey::DiscloseWarningOnly
        )
    }

    /// The platform default and the rule it comes from (market regulation), used where the
    /// Justice Bureau entered nothing.
    pub fn default_value(self) -> (i64, &'static str) {
        match self {
            // 市场监督管理行政处罚听证办法 第五条: 自然人一万元以上、法人或其他组织十万元以上.
            ParamKey::HearingCitizenYuan => (10_000, "市场监督管理行政处罚听证办法 第五条"),
            ParamKey::HearingOrganisationYuan => (100_000, "市场监督管理行政处罚听证办法 第五条"),
            // 市场监督管理行政处罚程序规定 第十八条: 十五个工作日内核查，特殊情况经批准可延长十五个工作日.
            ParamKey::FilingWorkingDays => (15, "市场监督管理行政处罚程序规定 第十八条"),
            ParamKey::FilingExtensionWorkingDays => (15, "市场监督管理行政处罚程序规定 第十八条"),
            // 行政处罚法 第六十条: 九十日 — the statute's own period.
            ParamKey::DecisionDays => (90, "《行政处罚法》第六十条"),
            ParamKey::DecisionExtensionDays => (30, "市场监督管理行政处罚程序规定（延长三十日）"),
            ParamKey::FurtherExtensionCollective => {
                (1, "市场监督管理行政处罚程序规定（经集体讨论再延长）")
            }
            ParamKey::StatementWorkingDays => (5, "市场监督管理行政处罚程序规定（五个工作日）"),
            // 总局令45号 第二条: 适用普通程序作出的决定公示；仅受到警告行政处罚的不予公示.
            ParamKey::DiscloseSummary => (0, "市场监督管理行政处罚信息公示规定 第二条"),
            ParamKey::DiscloseWarningOnly => (0, "市场监督管理行政处罚信息公示规定 第二条"),
        }
    }

    /// Whether the default itself is a statute's own figure (then it is not 未核实).
    fn default_is_statute(self) -> bool {
        matches!(self, ParamKey::DecisionDays)
    }
}

/// One figure as it applies: the value, where it comes from, and whether a person entered it.
#[derive(Debug, Clone, Serialize)]
pub struct Param {
    pub key: ParamKey,
    pub value: i64,
    /// The rule cited (`天津市…规定 第N条`), or the default's rule.
    pub source: String,
    /// False for a platform default no one has confirmed for this body (未核实).
    pub verified: bool,
    /// The day the entered value applies from (none for a default).
    pub effective_from: Option<String>,
    /// The body the value was entered for (none: district-wide or default).
    pub department_id: Option<i64>,
}

impl Param {
    /// The value as shown: a number, or 是/否 for a flag.
    pub fn display(&self, lang: &str) -> String {
        if self.key.is_flag() {
            match (self.value != 0, lang == "en") {
                (true, true) => "yes".into(),
                (false, true) => "no".into(),
                (true, false) => "是".into(),
                (false, false) => "否".into(),
            }
        } else {
            self.value.to_string()
        }
    }
}

/// Every figure for one body on one day.
#[derive(Debug, Clone, Serialize)]
pub struct ProcedureParams {
    pub params: BTreeMap<ParamKey, Param>,
}

impl ProcedureParams {
    /// The platform defaults alone (tests and callers without a database).
    pub fn defaults() -> ProcedureParams {
        let params = ParamKey::ALL
            .iter()
            .map(|&k| {
                let (value, rule) = k.default_value();
                // The page and the CLI mark an unverified default as 未核实 from `verified`.
                let source = rule.to_string();
                (
                    k,
                    Param {
                        key: k,
                        value,
                        source,
                        verified: k.default_is_statute(),
                        effective_from: None,
                        department_id: None,
                    },
                )
            })
            .collect();
        ProcedureParams { params }
    }

    /// The value of a figure (every key is present).
    pub fn value(&self, k: ParamKey) -> i64 {
        self.params
            .get(&k)
            .map(|p| p.value)
            .unwrap_or_else(|| k.default_value().0)
    }

    /// A working-day or day count as u32.
    pub fn days(&self, k: ParamKey) -> u32 {
        u32::try_from(self.value(k).max(0)).unwrap_or(0)
    }

    /// A yes/no figure.
    pub fn flag(&self, k: ParamKey) -> bool {
        self.value(k) != 0
    }

    /// "较大数额" of 第六十三条 for fines and confiscations alike.
    pub fn large_amounts(&self) -> crate::cases::rules::LargeAmounts {
        let citizen = Money::from_fen(self.value(ParamKey::HearingCitizenYuan) * 100);
        let org = Money::from_fen(self.value(ParamKey::HearingOrganisationYuan) * 100);
        crate::cases::rules::LargeAmounts {
            fine_citizen: citizen,
            fine_organisation: org,
            confiscation_citizen: citizen,
            confiscation_organisation: org,
        }
    }
}

/// The figures that apply to `department_id` on `on`: for each key, the value entered for the
/// nearest body above it (itself first), else district-wide, with the latest effective date on
/// or before `on`; else the platform default.
pub async fn params_for(
    db: &Db,
    region: &str,
    department_id: i64,
    on: NaiveDate,
) -> Result<ProcedureParams> {
    let mut conn = db.pool().acquire().await?;
    params_in(&mut conn, region, department_id, on).await
}

/// Every entered value with the department ancestry, loaded once (the case-file checker holds
/// one): resolves any body's figures on any day without a query.
#[derive(Debug, Clone, Default)]
pub struct ParamSet {
    /// (department or None, key, effective_from, id, value, source), any order.
    rows: Vec<(Option<i64>, ParamKey, NaiveDate, i64, i64, String)>,
    /// descendant → [(ancestor, depth)].
    ancestors: BTreeMap<i64, Vec<(i64, i64)>>,
}

impl ParamSet {
    /// Loads every entered value and the department tree.
    pub async fn load(db: &Db) -> Result<ParamSet> {
        let mut set = ParamSet::default();
        for r in sqlx::query(
            "SELECT department_id, param_key, effective_from, id, value, source FROM procedure_params",
        )
        .fetch_all(db.pool())
        .await?
        {
            let key: String = r.try_get(1)?;
            let from: String = r.try_get(2)?;
            let (Some(key), Ok(from)) = (ParamKey::parse(&key), from.parse::<NaiveDate>()) else {
                continue;
            };
            set.rows.push((
                r.try_get(0)?,
                key,
                from,
                r.try_get(3)?,
                r.try_get(4)?,
                r.try_get(5)?,
            ));
        }
        for r in sqlx::query("SELECT descendant_id, ancestor_id, depth FROM department_closure")
            .fetch_all(db.pool())
            .await?
        {
            set.ancestors
                .entry(r.try_get(0)?)
                .or_default()
                .push((r.try_get(1)?, r.try_get(2)?));
        }
        Ok(set)
    }

    /// The figures of `department_id` on `on`, by the same precedence as [`params_for`].
    pub fn for_dept(&self, department_id: i64, on: NaiveDate) -> ProcedureParams {
        let mut out = ProcedureParams::defaults();
        let depth_of = |d: Option<i64>| -> Option<i64> {
            match d {
                None => Some(i64::MAX),
                Some(d) => self
                    .ancestors
                    .get(&department_id)
                    .and_then(|a| a.iter().find(|(anc, _)| *anc == d).map(|(_, depth)| *depth)),
            }
        };
        // (depth, date, id) of the winner per key: the smallest depth, then the latest date.
        let mut best: BTreeMap<ParamKey, (i64, NaiveDate, i64)> = BTreeMap::new();
        for (dept, key, from, id, value, source) in &self.rows {
            if *from > on {
                continue;
            }
            let Some(depth) = depth_of(*dept) else {
                continue;
            };
            let rank = (-depth, *from, *id);
            let better = best.get(key).is_none_or(|(d, f, i)| rank > (-*d, *f, *i));
            if better {
                best.insert(*key, (depth, *from, *id));
                out.params.insert(
                    *key,
                    Param {
                        key: *key,
                        value: *value,
                        source: source.clone(),
                        verified: true,
                        effective_from: Some(from.to_string()),
                        department_id: *dept,
                    },
                );
            }
        }
        out
    }
}

/// The figures of a body on a day, read inside the caller's transaction (the workflow's steps).
pub async fn params_in(
    conn: &mut sqlx::AnyConnection,
    region: &str,
    department_id: i64,
    on: NaiveDate,
) -> Result<ProcedureParams> {
    let rows = sqlx::query(
        "SELECT p.param_key, p.value, p.source, p.effective_from, p.department_id, \
         COALESCE(c.depth, 1000000) AS depth FROM procedure_params p \
         LEFT JOIN department_closure c ON c.ancestor_id = p.department_id AND c.descendant_id = $2 \
         WHERE p.region_code = $1 AND p.effective_from <= $3 \
         AND (p.department_id IS NULL OR c.descendant_id IS NOT NULL) \
         ORDER BY depth DESC, p.effective_from, p.id",
    )
    .bind(region.to_string())
    .bind(department_id)
    .bind(on.to_string())
    .fetch_all(&mut *conn)
    .await?;
    overlay(rows)
}

fn overlay(rows: Vec<sqlx::any::AnyRow>) -> Result<ProcedureParams> {
    let mut out = ProcedureParams::defaults();
    // Rows come from the farthest level (district-wide first) to the nearest body, oldest to
    // newest: each later row overrides, so the nearest body's latest value wins.
    for r in rows {
        let key: String = r.try_get("param_key")?;
        let Some(k) = ParamKey::parse(&key) else {
            continue;
        };
        out.params.insert(
            k,
            Param {
                key: k,
                value: r.try_get("value")?,
                source: r.try_get("source")?,
                verified: true,
                effective_from: Some(r.try_get("effective_from")?),
                department_id: r.try_get("department_id")?,
            },
        );
    }
    Ok(out)
}

/// A value the Justice Bureau enters.
#[derive(Debug, Clone)]
pub struct NewParam {
    /// None: district-wide.
    pub department_id: Option<i64>,
    pub key: ParamKey,
    pub value: i64,
    pub effective_from: NaiveDate,
    /// The rule it comes from: required, a figure without a source is not entered.
    pub source: String,
}

/// Parses a value typed for `key`: a whole number within sensible bounds, or 是/否.
pub fn parse_value(key: ParamKey, s: &str) -> Result<i64> {
    let s = s.trim();
    if key.is_flag() {
        return match s {
            "1" | "true" | "yes" | "是" => Ok(1),
            "0" | "false" | "no" | "否" => Ok(0),
            _ => Err(Error::of(Code::ProcedureValue)
                .for_field("value")
                .arg("key", key.label_zh())),
        };
    }
    let max = match key {
        ParamKey::HearingCitizenYuan | ParamKey::HearingOrganisationYuan => 100_000_000,
        _ => 365,
    };
    match s.parse::<i64>() {
        Ok(v) if (0..=max).contains(&v) => Ok(v),
        _ => Err(Error::of(Code::ProcedureValue)
            .for_field("value")
            .arg("key", key.label_zh())),
    }
}

/// Enters a value (区司法局 only, audited). Nothing is overwritten: the new row applies from
/// its date.
pub async fn set_param(db: &Db, who: &Principal, p: &NewParam) -> Result<i64> {
    who.require(Permission::ManageSupervision)?;
    if who.scope != crate::auth::DataScope::District {
        return Err(Error::forbidden(
            "程序参数由区司法局维护。",
            "Procedure parameters are kept by the district Justice Bureau.",
        ));
    }
    if p.source.trim().is_empty() {
        return Err(Error::of(Code::ProcedureSource).for_field("source"));
    }
    if p.source.chars().count() > 500 {
        return Err(Error::of(Code::ProcedureSource).for_field("source"));
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    if let Some(d) = p.department_id {
        let n: i64 = sqlx::query(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM departments WHERE id = $1 AND region_code = $2",
        )
        .bind(d)
        .bind(who.region.clone())
        .fetch_one(tx.conn())
        .await?
        .try_get(0)?;
        if n == 0 {
            return Err(Error::not_found("department"));
        }
    }
    let id: i64 = sqlx::query(
        "INSERT INTO procedure_params (region_code, department_id, param_key, value, effective_from, source, set_by, set_at) \
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id",
    )
    .bind(who.region.clone())
    .bind(p.department_id)
    .bind(p.key.as_str())
    .bind(p.value)
    .bind(p.effective_from.to_string())
    .bind(p.source.trim().to_string())
    .bind(who.actor().name.clone())
    .bind(now_ms())
    .fetch_one(tx.conn())
    .await?
    .try_get(0)?;
    // The case-file checker of every instance reloads its figures when the counter moves.
    crate::db::versions::bump(tx.conn(), crate::db::versions::PROCEDURE).await?;
    let after = serde_json::json!({
        "department_id": p.department_id, "key": p.key.as_str(), "value": p.value,
        "effective_from": p.effective_from.to_string(), "source": p.source.trim(),
    });
    tx.record(Event {
        action: "procedure.set_param",
        object_type: "procedure_param",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!(
            "设定程序参数 {}＝{}（自{}起，依据：{}）",
            p.key.label_zh(),
            p.value,
            p.effective_from,
            p.source.trim()
        ),
    })
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// One entered value, for the history table.
#[derive(Debug, Clone, Serialize)]
pub struct ParamRow {
    pub id: i64,
    pub department_id: Option<i64>,
    pub department: String,
    pub key: ParamKey,
    pub value: i64,
    pub effective_from: String,
    pub source: String,
    pub set_by: String,
}

/// Every value entered in the region, newest first.
pub async fn history(db: &Db, region: &str) -> Result<Vec<ParamRow>> {
    let rows = sqlx::query(
        "SELECT p.id, p.department_id, COALESCE(d.name, '') AS dept, p.param_key, p.value, p.effective_from, p.source, p.set_by \
         FROM procedure_params p LEFT JOIN departments d ON d.id = p.department_id \
         WHERE p.region_code = $1 ORDER BY p.effective_from DESC, p.id DESC LIMIT 500",
    )
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let key: String = r.try_get("param_key")?;
        let Some(key) = ParamKey::parse(&key) else {
            continue;
        };
        out.push(ParamRow {
            id: r.try_get("id")?,
            department_id: r.try_get("department_id")?,
            department: r.try_get("dept")?,
            key,
            value: r.try_get("value")?,
            effective_from: r.try_get("effective_from")?,
            source: r.try_get("source")?,
            set_by: r.try_get("set_by")?,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 第六十三条 "较大数额": without an entered rule the market-regulation thresholds apply and
    /// are marked unverified; 第六十条 90 days is the statute's own figure.
    #[test]
    fn defaults_are_market_regulation_and_marked_unverified_art63() {
        let p = ProcedureParams::defaults();
        let big = p.large_amounts();
        assert_eq!(big.fine_citizen, Money::from_fen(1_000_000));
        assert_eq!(big.fine_organisation, Money::from_fen(10_000_000));
        let h = &p.params[&ParamKey::HearingCitizenYuan];
        assert!(!h.verified && h.source.contains("听证办法"));
        let d = &p.params[&ParamKey::DecisionDays];
        assert!(d.verified && d.source.contains("第六十条"));
        assert_eq!(p.days(ParamKey::FilingWorkingDays), 15);
        // 总局令45号 第二条: summary and warning-only decisions are not disclosed.
        assert!(!p.flag(ParamKey::DiscloseSummary));
        assert!(!p.flag(ParamKey::DiscloseWarningOnly));
    }

    #[test]
    fn values_are_parsed_by_kind() {
        assert_eq!(parse_value(ParamKey::DiscloseSummary, "是").unwrap(), 1);
        assert_eq!(parse_value(ParamKey::FilingWorkingDays, " 7 ").unwrap(), 7);
        assert!(parse_value(ParamKey::FilingWorkingDays, "-1").is_err());
        assert!(parse_value(ParamKey::FilingWorkingDays, "999").is_err());
        assert!(parse_value(ParamKey::DiscloseSummary, "maybe").is_err());
        assert_eq!(
            parse_value(ParamKey::HearingCitizenYuan, "5000").unwrap(),
            5000
        );
    }
}
