//! Indicators per enforcement body and month (执法监督指标), each a query over the records:
//! cases and their steps, inspections with their certificates and door scans, officers and
//! their cards, power items, and confirmed case-file reviews. Every figure keeps the records it
//! counts, so a page can list them (the drill-down) — a figure is never a literal.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::Row;

use super::{BodyMap, Month, body_map, opt_date, require_body, visible_bodies};
use crate::auth::{Permission, Principal};
use crate::db::Db;
use crate::db::json::decode;
use crate::labels::labelled_enum;
use crate::{Error, Result};

labelled_enum!(
    /// The indicators of the monthly assessment.
    Indicator {
        Participation = "participation", "人员参与率", "Officer participation";
        Performance = "performance", "履职率", "Powers exercised";
        ActsPerOfficer = "acts_per_officer", "人均执法量", "Enforcement acts per officer";
        Inspections = "inspections", "行政检查", "Inspections";
        CasesGeneral = "cases_general", "普通程序案件", "General-procedure cases";
        CasesSummary = "cases_summary", "简易程序案件", "Summary-procedure cases";
        DeadlinesMet = "deadlines_met", "法定期限履行率", "Statutory deadlines met";
        DisclosureOnTime = "disclosure_on_time", "按时公示率", "Decisions disclosed on time";
        LegalReview = "legal_review", "法制审核率", "Legal review where required";
        CertifiedScanned = "certified_scanned", "亮证扫码率", "Inspections with certificate and arrival scan";
        RepeatedInspections = "repeated_inspections", "重复检查率", "Repeated inspections of one enterprise";
        ReviewScore = "review_score", "案卷评查平均分", "Mean case-file review score";
        ReconsiderationCorrected = "reconsideration_corrected", "行政复议纠错率", "Reconsideration decisions correcting the body";
    }
);

/// How an indicator's value reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// numerator / denominator, in percent.
    Ratio,
    /// A count of records.
    Count,
    /// numerator / denominator as a plain quotient (acts per officer, mean score).
    Quotient,
}

impl Indicator {
    /// How the value reads.
    pub fn measure(self) -> Measure {
        use Indicator::*;
        match self {
            Inspections | CasesGeneral | CasesSummary => Measure::Count,
            ActsPerOfficer | ReviewScore => Measure::Quotient,
            _ => Measure::Ratio,
        }
    }

    /// Lower values are better (scored as 100 − value).
    pub fn lower_is_better(self) -> bool {
        matches!(
            self,
            Indicator::RepeatedInspections | Indicator::ReconsiderationCorrected
        )
    }

    /// What the figure counts: the query in words (shown beside every figure).
    pub fn query_zh(self) -> &'static str {
        use Indicator::*;
        match self {
            Participation => {
                "当月在案件步骤（调查取证、当场处罚）或行政检查中履职的持有效执法证人员 ÷ 当月持有效执法证人员"
            }
            Performance => {
                "当月有案件（处罚事项编码）或检查（检查事项编码）的在用处罚、检查事项 ÷ 本主体在用处罚、检查事项"
            }
            ActsPerOfficer => "当月作出处罚决定的案件与实施的行政检查之和 ÷ 持有效执法证人员",
            Inspections => "当月实施的行政检查（检查日期在当月，发起主体计）",
            CasesGeneral => "当月受理线索的普通程序案件",
            CasesSummary => "当月受理线索的简易程序案件",
            DeadlinesMet => {
                "当月作出决定不晚于决定期限、当月送达不晚于送达期限、决定期限在当月且已届满未决定的案件中，按期的比例"
            }
            DisclosureOnTime => "公示期限在当月的处罚决定中，按期公示的比例",
            LegalReview => "当月作出决定且依法应当法制审核的案件中，审核通过的比例",
            CertifiedScanned => "当月实施的检查中，持有效电子检查证且有入企扫码记录的比例",
            RepeatedInspections => "当月实施的检查中，同一主体对同一企业第二次及以后检查的比例",
            ReviewScore => "当月确认的案卷评查得分平均值",
            ReconsiderationCorrected => {
                "当月对本主体行为作出的行政复议决定中，变更、撤销、确认违法、责令履行、确认无效的比例（行政复议法 第六十三–六十七条）"
            }
        }
    }

    /// The query in English.
    pub fn query_en(self) -> &'static str {
        use Indicator::*;
        match self {
            Participation => {
                "officers with a valid card who acted in a case step (investigation, on-the-spot decision) or an inspection this month ÷ officers with a valid card"
            }
            Performance => {
                "active penalty and inspection items exercised this month (case power code, inspection matter) ÷ the body's active penalty and inspection items"
            }
            ActsPerOfficer => {
                "cases decided plus inspections carried out this month ÷ officers with a valid card"
            }
            Inspections => "inspections carried out this month (by the issuing body)",
            CasesGeneral => "general-procedure cases led this month",
            CasesSummary => "summary-procedure cases led this month",
            DeadlinesMet => {
                "decisions, services and lapsed undecided decision deadlines of the month: share within the statutory deadline"
            }
            DisclosureOnTime => {
                "penalty decisions whose disclosure was due this month: share disclosed on time"
            }
            LegalReview => {
                "cases decided this month that required a legal review: share reviewed and passed"
            }
            CertifiedScanned => {
                "inspections of the month carrying an issued certificate and an arrival scan"
            }
            RepeatedInspections => {
                "inspections of the month that were a second or later visit of the same enterprise by the same body"
            }
            ReviewScore => "mean score of the case-file reviews confirmed this month",
            ReconsiderationCorrected => {
                "reconsideration decisions of the month on the body's acts: share changed, revoked, held unlawful, ordered to perform or void (arts. 63–67)"
            }
        }
    }
}

/// A record a figure counts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RecordRef {
    /// 'case' | 'inspection' | 'officer' | 'power_item'
    pub kind: &'static str,
    pub id: i64,
    /// A short note (a date, a score, a code).
    pub note: String,
}

impl RecordRef {
    fn new(kind: &'static str, id: i64, note: impl Into<String>) -> RecordRef {
        RecordRef {
            kind,
            id,
            note: note.into(),
        }
    }

    /// The console page of the record.
    pub fn href(&self) -> String {
        match self.kind {
            "case" => format!("/cases/{}", self.id),
            "inspection" => format!("/inspections/{}", self.id),
            "officer" => format!("/org/officers/{}", self.id),
            "power_item" => format!("/powers/items/{}", self.id),
            "reconsideration" => format!("/reconsideration/{}", self.id),
            _ => String::new(),
        }
    }
}

/// One indicator of one body and month.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Figure {
    pub indicator: Indicator,
    pub numerator: i64,
    /// The base of a ratio or quotient (0 for counts).
    pub denominator: i64,
    /// Percent for ratios, the count, or the quotient.
    pub value: f64,
    /// False when the base is empty (nothing to measure: left out of the score).
    pub applicable: bool,
    /// What the numerator counts (not stored with the assessment).
    #[serde(skip)]
    pub records: Vec<RecordRef>,
    /// What the denominator counts.
    #[serde(skip)]
    pub base: Vec<RecordRef>,
}

impl Figure {
    fn build(indicator: Indicator, records: Vec<RecordRef>, base: Vec<RecordRef>) -> Figure {
        let numerator = records.len() as i64;
        let denominator = base.len() as i64;
        Figure::from_counts(indicator, numerator, denominator, records, base)
    }

    fn from_counts(
        indicator: Indicator,
        numerator: i64,
        denominator: i64,
        records: Vec<RecordRef>,
        base: Vec<RecordRef>,
    ) -> Figure {
        let (value, applicable) = match indicator.measure() {
            Measure::Count => (numerator as f64, true),
            Measure::Ratio if denominator > 0 => {
                (100.0 * numerator as f64 / denominator as f64, true)
            }
            Measure::Quotient if denominator > 0 => (numerator as f64 / denominator as f64, true),
            _ => (0.0, false),
        };
        Figure {
            indicator,
            numerator,
            denominator,
            value,
            applicable,
            records,
            base,
        }
    }

    /// The value as people read it: `87.5%`, `12`, `3.40`, or `—`.
    pub fn display(&self) -> String {
        if !self.applicable {
            return "—".into();
        }
        match self.indicator.measure() {
            Measure::Ratio => format!("{:.1}%", self.value),
            Measure::Count => format!("{}", self.numerator),
            Measure::Quotient => format!("{:.2}", self.value),
        }
    }

    /// `num / den` for ratios and quotients.
    pub fn fraction(&self) -> String {
        match self.indicator.measure() {
            Measure::Count => String::new(),
            _ => format!("{} / {}", self.numerator, self.denominator),
        }
    }
}

/// The figures of one body for a month.
#[derive(Debug, Clone, Serialize)]
pub struct BodyFigures {
    pub department_id: i64,
    pub department: String,
    pub figures: Vec<Figure>,
}

impl BodyFigures {
    /// The figure of an indicator.
    pub fn get(&self, i: Indicator) -> Option<&Figure> {
        self.figures.iter().find(|f| f.indicator == i)
    }
}

/// The figures of every body for a month.
#[derive(Debug, Clone, Serialize)]
pub struct MonthFigures {
    pub month: Month,
    pub bodies: Vec<BodyFigures>,
}

/// Drill-down address of a figure.
pub fn figure_href(body: i64, month: Month, i: Indicator) -> String {
    format!(
        "/supervision/bodies/{body}/records?month={month}&indicator={}",
        i.as_str()
    )
}

/// Officers' cards, loaded once per computation.
#[derive(Debug, Default)]
pub(crate) struct Cards {
    /// officer id -> department id
    pub officer_dept: HashMap<i64, i64>,
    pub officer_name: HashMap<i64, String>,
    /// officer id -> (issued, valid until, status valid)
    pub cards: HashMap<i64, Vec<(NaiveDate, NaiveDate, bool)>>,
}

impl Cards {
    pub(crate) async fn load(db: &Db, region: &str) -> Result<Cards> {
        let mut c = Cards::default();
        let rows = sqlx::query(
            "SELECT id, department_id, name FROM officers WHERE region_code = $1 AND status = 'active'",
        )
        .bind(region.to_string())
        .fetch_all(db.pool())
        .await?;
        for r in rows {
            let id: i64 = r.try_get(0)?;
            c.officer_dept.insert(id, r.try_get(1)?);
            c.officer_name.insert(id, r.try_get(2)?);
        }
        let rows = sqlx::query(
            "SELECT officer_id, issued_on, valid_until, status FROM enforcement_cards WHERE region_code = $1",
        )
        .bind(region.to_string())
        .fetch_all(db.pool())
        .await?;
        for r in rows {
            let (Some(from), Some(until)) = (opt_date(r.try_get(1)?), opt_date(r.try_get(2)?))
            else {
                continue;
            };
            let status: String = r.try_get(3)?;
            c.cards
                .entry(r.try_get(0)?)
                .or_default()
                .push((from, until, status == "valid"));
        }
        Ok(c)
    }

    /// A valid card on some day between the dates (行政处罚法 第四十二条: enforcement by
    /// officers holding credentials). The card's status is the current one: suspensions are not
    /// dated in the card record.
    pub(crate) fn valid_between(&self, officer: i64, from: NaiveDate, to: NaiveDate) -> bool {
        self.cards
            .get(&officer)
            .is_some_and(|cs| cs.iter().any(|(f, u, ok)| *ok && *f <= to && *u >= from))
    }

    /// A valid card on the day (the same rule as `org::card_valid_on`, without the domain).
    pub(crate) fn valid_on(&self, officer: i64, d: NaiveDate) -> bool {
        self.valid_between(officer, d, d)
    }
}

/// Officer ids of a JSON list: `[1, 2]` (case steps) or `[{"id": 1, …}]` (inspections);
/// `what` names the column for the error when the stored value is not JSON.
pub(crate) fn officer_ids(json: &str, what: &'static str) -> Result<Vec<i64>> {
    let v: serde_json::Value = decode(json, what)?;
    Ok(v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_i64().or_else(|| x.get("id").and_then(|i| i.as_i64())))
                .collect()
        })
        .unwrap_or_default())
}

#[derive(Default)]
struct Acc {
    acting: BTreeSet<i64>,
    exercised: BTreeSet<String>,
    acts: Vec<RecordRef>,
    inspections: Vec<RecordRef>,
    general: Vec<RecordRef>,
    summary: Vec<RecordRef>,
    deadline_ok: Vec<RecordRef>,
    deadline_all: Vec<RecordRef>,
    disclosed_ok: Vec<RecordRef>,
    disclosed_all: Vec<RecordRef>,
    review_ok: Vec<RecordRef>,
    review_all: Vec<RecordRef>,
    cert_ok: Vec<RecordRef>,
    repeated: Vec<RecordRef>,
    subjects: HashMap<String, usize>,
    scores: Vec<RecordRef>,
    score_sum: i64,
    recon_corrected: Vec<RecordRef>,
    recon_decided: Vec<RecordRef>,
}

/// Computes the figures of every body of a region for a month (no principal: callers check).
/// `today` bounds the "lapsed undecided" deadlines.
pub async fn compute(
    db: &Db,
    region: &str,
    month: Month,
    map: &BodyMap,
    today: NaiveDate,
) -> Result<MonthFigures> {
    let cards = Cards::load(db, region).await?;
    let items = body_items(db, region, map).await?;
    compute_with(db, region, month, map, &cards, &items, today).await
}

/// The figures of several months, loading officers, cards and power items once.
pub async fn compute_months(
    db: &Db,
    region: &str,
    months: &[Month],
    map: &BodyMap,
    today: NaiveDate,
) -> Result<Vec<MonthFigures>> {
    let cards = Cards::load(db, region).await?;
    let items = body_items(db, region, map).await?;
    let mut out = Vec::with_capacity(months.len());
    for &m in months {
        out.push(compute_with(db, region, m, map, &cards, &items, today).await?);
    }
    Ok(out)
}

/// Active penalty and inspection items of each body: (id, code).
async fn body_items(
    db: &Db,
    region: &str,
    map: &BodyMap,
) -> Result<HashMap<i64, Vec<(i64, String)>>> {
    let items = sqlx::query(
        "SELECT id, department_id, code FROM power_items WHERE region_code = $1 AND status = 'active' AND category IN ('CF', 'JC')",
    )
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut item_list: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
    for r in items {
        if let Some(b) = map.body(r.try_get(1)?) {
            item_list
                .entry(b)
                .or_default()
                .push((r.try_get(0)?, r.try_get(2)?));
        }
    }
    Ok(item_list)
}

async fn compute_with(
    db: &Db,
    region: &str,
    month: Month,
    map: &BodyMap,
    cards: &Cards,
    items: &HashMap<i64, Vec<(i64, String)>>,
    today: NaiveDate,
) -> Result<MonthFigures> {
    let (from, to) = (month.first(), month.last());
    let (fs, ts) = (from.to_string(), to.to_string());
    let mut acc: BTreeMap<i64, Acc> = map.bodies.iter().map(|b| (b.id, Acc::default())).collect();
    add_step_officers(db, region, (&fs, &ts), map, &mut acc).await?;
    add_inspections(db, region, (&fs, &ts), map, &mut acc).await?;
    add_cases(db, region, (from, to), today, map, &mut acc).await?;
    add_reviews(db, region, (&fs, &ts), map, &mut acc).await?;
    add_reconsiderations(db, region, (&fs, &ts), map, &mut acc).await?;
    let mut item_list = items.clone();
    let mut carded = carded_officers(map, cards, from, to);
    let mut bodies = Vec::new();
    for b in &map.bodies {
        let Some(a) = acc.remove(&b.id) else { continue };
        let officers = carded.remove(&b.id).unwrap_or_default();
        let items = item_list.remove(&b.id).unwrap_or_default();
        bodies.push(BodyFigures {
            department_id: b.id,
            department: b.name.clone(),
            figures: body_figures(a, &officers, &items, cards),
        });
    }
    Ok(MonthFigures { month, bodies })
}

/// Officers acting in case steps (the steps that name a team carry it).
async fn add_step_officers(
    db: &Db,
    region: &str,
    (fs, ts): (&str, &str),
    map: &BodyMap,
    acc: &mut BTreeMap<i64, Acc>,
) -> Result<()> {
    let steps = sqlx::query(
        "SELECT c.department_id, s.officers FROM case_steps s JOIN cases c ON c.id = s.case_id \
         WHERE s.region_code = $1 AND s.on_date >= $2 AND s.on_date <= $3 AND s.officers <> '[]'",
    )
    .bind(region.to_string())
    .bind(fs.to_string())
    .bind(ts.to_string())
    .fetch_all(db.pool())
    .await?;
    for r in steps {
        let Some(a) = map.body(r.try_get(0)?).and_then(|b| acc.get_mut(&b)) else {
            continue;
        };
        a.acting.extend(officer_ids(
            &r.try_get::<String, _>(1)?,
            "case_steps.officers",
        )?);
    }
    Ok(())
}

/// Inspections carried out in the month, with certificate and arrival scan.
async fn add_inspections(
    db: &Db,
    region: &str,
    (fs, ts): (&str, &str),
    map: &BodyMap,
    acc: &mut BTreeMap<i64, Acc>,
) -> Result<()> {
    let insp = sqlx::query(
        "SELECT i.id, i.department_id, i.subject_code, i.officers, i.matters, i.inspected_on, \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM inspection_certificates ic WHERE ic.inspection_id = i.id AND ic.status = 'issued'), \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM inspection_certificates ic WHERE ic.inspection_id = i.id AND ic.arrived_at IS NOT NULL) \
         FROM inspections i WHERE i.region_code = $1 AND i.inspected_on >= $2 AND i.inspected_on <= $3 ORDER BY i.inspected_on, i.id",
    )
    .bind(region.to_string())
    .bind(fs.to_string())
    .bind(ts.to_string())
    .fetch_all(db.pool())
    .await?;
    for r in insp {
        let Some(a) = map.body(r.try_get(1)?).and_then(|b| acc.get_mut(&b)) else {
            continue;
        };
        let id: i64 = r.try_get(0)?;
        let subject: String = r.try_get(2)?;
        let on: String = r.try_get::<Option<String>, _>(5)?.unwrap_or_default();
        a.acting.extend(officer_ids(
            &r.try_get::<String, _>(3)?,
            "inspections.officers",
        )?);
        a.exercised.extend(decode::<Vec<String>>(
            &r.try_get::<String, _>(4)?,
            "inspections.matters",
        )?);
        let rec = RecordRef::new("inspection", id, format!("{on} {subject}"));
        let certs: i64 = r.try_get(6)?;
        let arrived: i64 = r.try_get(7)?;
        if certs > 0 && arrived > 0 {
            a.cert_ok.push(rec.clone());
        }
        let seen = a.subjects.entry(subject).or_insert(0);
        *seen += 1;
        if *seen > 1 {
            a.repeated.push(rec.clone());
        }
        a.acts.push(rec.clone());
        a.inspections.push(rec);
    }
    Ok(())
}

/// Cases touching the month: led, decided, served, disclosure due, or decision due.
async fn add_cases(
    db: &Db,
    region: &str,
    (from, to): (NaiveDate, NaiveDate),
    today: NaiveDate,
    map: &BodyMap,
    acc: &mut BTreeMap<i64, Acc>,
) -> Result<()> {
    let (fs, ts) = (from.to_string(), to.to_string());
    let cases = sqlx::query(
        "SELECT id, department_id, procedure, power_code, lead_on, decided_on, decision_due, served_on, service_due, \
         legal_review_required, legal_review_result, outcome, disclosure_due, disclosed_on, disclosure_status, case_no, status \
         FROM cases WHERE region_code = $1 AND ((lead_on >= $2 AND lead_on <= $3) OR (decided_on >= $2 AND decided_on <= $3) \
         OR (served_on >= $2 AND served_on <= $3) OR (disclosure_due >= $2 AND disclosure_due <= $3) \
         OR (decision_due >= $2 AND decision_due <= $3))",
    )
    .bind(region.to_string())
    .bind(fs.to_string())
    .bind(ts.to_string())
    .fetch_all(db.pool())
    .await?;
    for r in cases {
        let Some(a) = map.body(r.try_get(1)?).and_then(|b| acc.get_mut(&b)) else {
            continue;
        };
        add_case(a, &r, (from, to), today)?;
    }
    Ok(())
}

/// One case's contributions to its body's figures.
fn add_case(
    a: &mut Acc,
    r: &sqlx::any::AnyRow,
    (from, to): (NaiveDate, NaiveDate),
    today: NaiveDate,
) -> Result<()> {
    let within = |d: Option<NaiveDate>| d.is_some_and(|d| from <= d && d <= to);
    let id: i64 = r.try_get(0)?;
    let no: String = r.try_get(15)?;
    let procedure: String = r.try_get(2)?;
    let lead_on = opt_date(r.try_get(4)?);
    let decided = opt_date(r.try_get(5)?);
    let decision_due = opt_date(r.try_get(6)?);
    let served = opt_date(r.try_get(7)?);
    let service_due = opt_date(r.try_get(8)?);
    let review_required: i64 = r.try_get(9)?;
    let review_result: String = r.try_get(10)?;
    let outcome: String = r.try_get(11)?;
    let disclosure_due = opt_date(r.try_get(12)?);
    let disclosed = opt_date(r.try_get(13)?);
    let disclosure_status: String = r.try_get(14)?;
    let status: String = r.try_get(16)?;
    if within(lead_on) {
        let rec = RecordRef::new("case", id, no.clone());
        if procedure == "summary" {
            a.summary.push(rec);
        } else {
            a.general.push(rec);
        }
        let code: String = r.try_get(3)?;
        if !code.is_empty() {
            a.exercised.insert(code);
        }
    }
    if within(decided) {
        a.acts.push(RecordRef::new("case", id, no.clone()));
        // 行政处罚法 第六十条: decision within the period from filing.
        if let (Some(d), Some(due)) = (decided, decision_due) {
            let rec = RecordRef::new("case", id, format!("{no} 决定 {d} / 期限 {due}"));
            if d <= due {
                a.deadline_ok.push(rec.clone());
            }
            a.deadline_all.push(rec);
        }
        // 行政处罚法 第五十八条: legal review before the decision where required.
        if review_required == 1 {
            let rec = RecordRef::new("case", id, no.clone());
            if review_result == "passed" {
                a.review_ok.push(rec.clone());
            }
            a.review_all.push(rec);
        }
    }
    // 行政处罚法 第六十一条: service within seven days after the announcement.
    if within(served)
        && let (Some(s), Some(due)) = (served, service_due)
    {
        let rec = RecordRef::new("case", id, format!("{no} 送达 {s} / 期限 {due}"));
        if s <= due {
            a.deadline_ok.push(rec.clone());
        }
        a.deadline_all.push(rec);
    }
    // A decision deadline of the month lapsed without a decision.
    if decided.is_none()
        && status == "open"
        && let Some(due) = decision_due
        && within(Some(due))
        && due < today
    {
        a.deadline_all.push(RecordRef::new(
            "case",
            id,
            format!("{no} 期限 {due} 未决定"),
        ));
    }
    // 执法公示: within seven working days of the decision (国办发〔2018〕118号).
    if outcome == "penalty"
        && disclosure_status != "not_required"
        && let Some(due) = disclosure_due
        && within(Some(due))
    {
        let rec = RecordRef::new(
            "case",
            id,
            format!(
                "{no} 期限 {due} 公示 {}",
                disclosed
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "—".into())
            ),
        );
        if disclosed.is_some_and(|d| d <= due) {
            a.disclosed_ok.push(rec.clone());
        }
        a.disclosed_all.push(rec);
    }
    Ok(())
}

/// Confirmed case-file reviews of the month.
async fn add_reviews(
    db: &Db,
    region: &str,
    (fs, ts): (&str, &str),
    map: &BodyMap,
    acc: &mut BTreeMap<i64, Acc>,
) -> Result<()> {
    let reviews = sqlx::query(
        "SELECT department_id, case_id, score FROM case_reviews WHERE region_code = $1 AND status = 'confirmed' \
         AND reviewed_on >= $2 AND reviewed_on <= $3",
    )
    .bind(region.to_string())
    .bind(fs.to_string())
    .bind(ts.to_string())
    .fetch_all(db.pool())
    .await?;
    for r in reviews {
        let Some(a) = map.body(r.try_get(0)?).and_then(|b| acc.get_mut(&b)) else {
            continue;
        };
        let score: i64 = r.try_get(2)?;
        a.score_sum += score;
        a.scores
            .push(RecordRef::new("case", r.try_get(1)?, format!("{score} 分")));
    }
    Ok(())
}

/// Reconsideration decisions of the month on the body's acts (the respondent body's own and its
/// units'), and those that corrected it.
async fn add_reconsiderations(
    db: &Db,
    region: &str,
    (fs, ts): (&str, &str),
    map: &BodyMap,
    acc: &mut BTreeMap<i64, Acc>,
) -> Result<()> {
    let rows = sqlx::query(
        "SELECT respondent_department_id, id, case_no, decision_kind FROM reconsideration_applications \
         WHERE region_code = $1 AND status = 'decided' AND decided_on >= $2 AND decided_on <= $3",
    )
    .bind(region.to_string())
    .bind(fs.to_string())
    .bind(ts.to_string())
    .fetch_all(db.pool())
    .await?;
    for r in rows {
        let Some(a) = map.body(r.try_get(0)?).and_then(|b| acc.get_mut(&b)) else {
            continue;
        };
        let kind: String = r.try_get(3)?;
        let rec = RecordRef::new("reconsideration", r.try_get(1)?, r.try_get::<String, _>(2)?);
        if crate::reconsideration::DecisionKind::parse(&kind).is_some_and(|k| k.corrects()) {
            a.recon_corrected.push(rec.clone());
        }
        a.recon_decided.push(rec);
    }
    Ok(())
}

/// Officers with a card valid during the month, per body.
fn carded_officers(
    map: &BodyMap,
    cards: &Cards,
    from: NaiveDate,
    to: NaiveDate,
) -> HashMap<i64, Vec<i64>> {
    let mut carded: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut officer_ids_sorted: Vec<_> = cards.officer_dept.iter().collect();
    officer_ids_sorted.sort();
    for (&o, &dept) in officer_ids_sorted {
        if let Some(b) = map.body(dept)
            && cards.valid_between(o, from, to)
        {
            carded.entry(b).or_default().push(o);
        }
    }
    carded
}

/// The indicators of one body from what the month accumulated.
fn body_figures(a: Acc, officers: &[i64], items: &[(i64, String)], cards: &Cards) -> Vec<Figure> {
    let name_of = |o: i64| cards.officer_name.get(&o).cloned().unwrap_or_default();
    let base_officers: Vec<RecordRef> = officers
        .iter()
        .map(|&o| RecordRef::new("officer", o, name_of(o)))
        .collect();
    let acting: Vec<RecordRef> = officers
        .iter()
        .filter(|o| a.acting.contains(o))
        .map(|&o| RecordRef::new("officer", o, name_of(o)))
        .collect();
    let exercised: Vec<RecordRef> = items
        .iter()
        .filter(|(_, code)| a.exercised.contains(code))
        .map(|(id, code)| RecordRef::new("power_item", *id, code.clone()))
        .collect();
    let item_refs: Vec<RecordRef> = items
        .iter()
        .map(|(id, code)| RecordRef::new("power_item", *id, code.clone()))
        .collect();
    let n_insp = a.inspections.len() as i64;
    vec![
        Figure::build(Indicator::Participation, acting, base_officers.clone()),
        Figure::build(Indicator::Performance, exercised, item_refs),
        Figure::build(Indicator::ActsPerOfficer, a.acts, base_officers),
        Figure::build(Indicator::Inspections, a.inspections.clone(), Vec::new()),
        Figure::build(Indicator::CasesGeneral, a.general, Vec::new()),
        Figure::build(Indicator::CasesSummary, a.summary, Vec::new()),
        Figure::build(Indicator::DeadlinesMet, a.deadline_ok, a.deadline_all),
        Figure::build(Indicator::DisclosureOnTime, a.disclosed_ok, a.disclosed_all),
        Figure::build(Indicator::LegalReview, a.review_ok, a.review_all),
        Figure::build(
            Indicator::CertifiedScanned,
            a.cert_ok,
            a.inspections.clone(),
        ),
        Figure::from_counts(
            Indicator::RepeatedInspections,
            a.repeated.len() as i64,
            n_insp,
            a.repeated,
            a.inspections,
        ),
        Figure::from_counts(
            Indicator::ReviewScore,
            a.score_sum,
            a.scores.len() as i64,
            a.scores.clone(),
            a.scores,
        ),
        Figure::build(
            Indicator::ReconsiderationCorrected,
            a.recon_corrected,
            a.recon_decided,
        ),
    ]
}

/// The figures of the bodies the principal may see, for a month.
pub async fn for_month(db: &Db, who: &Principal, month: Month) -> Result<MonthFigures> {
    who.require(Permission::ViewSupervision)?;
    let map = body_map(db, &who.region).await?;
    let visible = visible_bodies(db, who, &map).await?;
    let mut f = compute(db, &who.region, month, &map, crate::time::today()).await?;
    f.bodies.retain(|b| visible.contains(&b.department_id));
    Ok(f)
}

/// One figure of one body with the records it counts (the drill-down).
pub async fn drill_down(
    db: &Db,
    who: &Principal,
    body: i64,
    month: Month,
    indicator: Indicator,
) -> Result<Figure> {
    who.require(Permission::ViewSupervision)?;
    let map = body_map(db, &who.region).await?;
    require_body(db, who, &map, body).await?;
    let f = compute(db, &who.region, month, &map, crate::time::today()).await?;
    f.bodies
        .into_iter()
        .find(|b| b.department_id == body)
        .and_then(|b| b.figures.into_iter().find(|f| f.indicator == indicator))
        .ok_or_else(|| Error::not_found("figure"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn officer_lists_of_both_shapes() {
        assert_eq!(officer_ids("[3, 4]", "t.c").unwrap(), vec![3, 4]);
        assert_eq!(
            officer_ids(r#"[{"id": 7, "domain": "食品安全"}, {"id": 8}]"#, "t.c").unwrap(),
            vec![7, 8]
        );
        // A damaged stored list is an error, not "no officers" (which would hide it).
        assert!(officer_ids("not json", "t.c").is_err());
    }

    #[test]
    fn figures_read_as_ratio_count_or_quotient() {
        let f = Figure::from_counts(Indicator::Participation, 3, 4, vec![], vec![]);
        assert_eq!(f.display(), "75.0%");
        let f = Figure::from_counts(Indicator::Participation, 0, 0, vec![], vec![]);
        assert!(!f.applicable);
        assert_eq!(f.display(), "—");
        let f = Figure::from_counts(Indicator::Inspections, 12, 0, vec![], vec![]);
        assert_eq!(f.display(), "12");
        let f = Figure::from_counts(Indicator::ReviewScore, 170, 2, vec![], vec![]);
        assert_eq!(f.display(), "85.00");
    }
}
