//! Quarterly bulletins (季度通报). The stored record is the issue (number, date, remarks); the
//! content — text, tables, charts — is generated from the records each time it is shown: the
//! monthly assessments of the quarter (stored scores and the figures they were scored on), the
//! interview list and the supervision instruments. Each figure carries a note naming its
//! indicator, the query in words, and the link to the records.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;
use sqlx::Row;

use super::indicators::{Indicator, Measure};
use super::instruments::{self, Instrument};
use super::interviews::{self, Interview};
use super::monthly::{self, ScoreRow};
use super::{Month, opt_date, svg};
use crate::audit::{Actor, AuditedTx, Event};
use crate::auth::{Permission, Principal};
use crate::db::Db;
use crate::time::now_ms;
use crate::{Code, Error, Result};

/// A bulletin as listed.
#[derive(Debug, Clone, Serialize)]
pub struct BulletinRow {
    pub id: i64,
    pub year: i32,
    pub quarter: u32,
    pub doc_no: String,
    pub title: String,
    pub issued_on: NaiveDate,
    pub remarks: String,
}

/// A quarterly total with its provenance.
#[derive(Debug, Clone, Serialize)]
pub struct TotalLine {
    pub indicator: Indicator,
    pub label_zh: String,
    pub label_en: String,
    pub numerator: i64,
    pub denominator: i64,
    pub display: String,
    pub query_zh: String,
    pub query_en: String,
    /// Where the records are: the assessments of the quarter's months.
    pub href: String,
}

/// A body in the quarter's ranking.
#[derive(Debug, Clone, Serialize)]
pub struct RankLine {
    pub rank: i64,
    pub department_id: i64,
    pub department: String,
    pub mean: f64,
    /// The monthly scores and ranks of the quarter's months (None: not assessed).
    pub months: Vec<Option<(f64, i64)>>,
    pub interviewed: i64,
    pub href: String,
}

/// The generated bulletin.
#[derive(Debug, Clone, Serialize)]
pub struct Bulletin {
    pub row: BulletinRow,
    pub months: Vec<Month>,
    pub assessed: Vec<Month>,
    pub bodies: usize,
    pub paragraphs_zh: Vec<String>,
    pub paragraphs_en: Vec<String>,
    pub totals: Vec<TotalLine>,
    pub ranking: Vec<RankLine>,
    pub interviews: Vec<Interview>,
    pub instruments: Vec<Instrument>,
    pub chart_ranking: String,
    pub chart_trend: String,
    pub chart_scores: String,
}

fn row_to(r: &sqlx::any::AnyRow) -> Result<BulletinRow> {
    Ok(BulletinRow {
        id: r.try_get(0)?,
        year: r.try_get::<i64, _>(1)? as i32,
        quarter: r.try_get::<i64, _>(2)? as u32,
        doc_no: r.try_get(3)?,
        title: r.try_get(4)?,
        issued_on: opt_date(r.try_get(5)?).unwrap_or_default(),
        remarks: r.try_get(6)?,
    })
}

const COLS: &str = "id, year, quarter, doc_no, title, issued_on, remarks";

fn quarter_zh(q: u32) -> &'static str {
    ["一", "二", "三", "四"][(q.clamp(1, 4) - 1) as usize]
}

/// Issues the bulletin of a quarter (区司法局): refused until all three months are assessed,
/// or before the quarter ends.
pub async fn issue(
    db: &Db,
    who: &Principal,
    year: i32,
    quarter: u32,
    issued_on: NaiveDate,
    remarks: &str,
) -> Result<i64> {
    who.require(Permission::ManageSupervision)?;
    issue_as(
        db,
        who.actor(),
        &who.region,
        year,
        quarter,
        issued_on,
        remarks,
    )
    .await
}

/// Issues a bulletin for a given actor and region (no permission check: the demo generator).
pub async fn issue_as(
    db: &Db,
    actor: Actor,
    region: &str,
    year: i32,
    quarter: u32,
    issued_on: NaiveDate,
    remarks: &str,
) -> Result<i64> {
    if !(1..=4).contains(&quarter) || !(2000..=2100).contains(&year) {
        return Err(Error::of(Code::SupervisionQuarter)
            .for_field("quarter")
            .arg_zh_en("reason", "季度须为 1–4。", "The quarter must be 1–4."));
    }
    let months = Month::quarter(year, quarter);
    if issued_on <= months[2].last() {
        return Err(Error::of(Code::SupervisionBulletinDate).for_field("issued_on"));
    }
    if remarks.chars().count() > 2000 {
        return Err(Error::of(Code::SupervisionBulletinRemarks).for_field("remarks"));
    }
    let mut tx = AuditedTx::begin(db, actor).await?;
    let assessed = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM supervision_assessments WHERE region_code = $1 AND month >= $2 AND month <= $3",
    )
    .bind(region.to_string())
    .bind(months[0].to_string())
    .bind(months[2].to_string())
    .fetch_one(tx.conn())
    .await?
    .try_get::<i64, _>(0)?;
    if assessed < 3 {
        return Err(Error::of(Code::SupervisionBulletinUnassessed)
            .arg("year", year)
            .arg_zh_en("quarter", quarter_zh(quarter), quarter));
    }
    let seq = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM supervision_bulletins WHERE region_code = $1 AND doc_no LIKE $2",
    )
    .bind(region.to_string())
    .bind(format!("滨司监通〔{}〕%", issued_on.format("%Y")))
    .fetch_one(tx.conn())
    .await?
    .try_get::<i64, _>(0)?
        + 1;
    let doc_no = format!("滨司监通〔{}〕{seq}号", issued_on.format("%Y"));
    let title = format!(
        "关于{year}年第{}季度行政执法监督情况的通报",
        quarter_zh(quarter)
    );
    let res = sqlx::query(
        "INSERT INTO supervision_bulletins (region_code, year, quarter, doc_no, title, issued_on, remarks, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(region.to_string())
    .bind(i64::from(year))
    .bind(i64::from(quarter))
    .bind(doc_no.clone())
    .bind(title.clone())
    .bind(issued_on.to_string())
    .bind(remarks.trim().to_string())
    .bind(tx.actor().name.clone())
    .bind(now_ms())
    .fetch_one(tx.conn())
    .await;
    let id: i64 = match res {
        Ok(r) => r.try_get(0)?,
        Err(e) if crate::db::is_unique_violation(&e) => {
            return Err(Error::of(Code::SupervisionBulletinExists));
        }
        Err(e) => return Err(e.into()),
    };
    let after = json!({"year": year, "quarter": quarter, "doc_no": doc_no, "title": title, "issued_on": issued_on});
    tx.record(Event {
        action: "supervision.bulletin_issue",
        object_type: "supervision_bulletin",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("印发 {doc_no} {title}"),
    })
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Bulletins, newest first.
pub async fn list(db: &Db, who: &Principal) -> Result<Vec<BulletinRow>> {
    who.require(Permission::ViewSupervision)?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLS} FROM supervision_bulletins WHERE region_code = $1 ORDER BY year DESC, quarter DESC"
    )))
    .bind(who.region.clone())
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(row_to).collect()
}

fn fmt_total(i: Indicator, num: i64, den: i64) -> String {
    match i.measure() {
        Measure::Count => num.to_string(),
        _ if den == 0 => "—".into(),
        Measure::Ratio => format!("{:.1}%", 100.0 * num as f64 / den as f64),
        Measure::Quotient => format!("{:.2}", num as f64 / den as f64),
    }
}

/// Generates a bulletin from the records (the principal's bodies only).
pub async fn build(db: &Db, who: &Principal, id: i64, today: NaiveDate) -> Result<Bulletin> {
    who.require(Permission::ViewSupervision)?;
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLS} FROM supervision_bulletins WHERE id = $1 AND region_code = $2"
    )))
    .bind(id)
    .bind(who.region.clone())
    .fetch_optional(db.pool())
    .await?
    .ok_or_else(|| Error::not_found("bulletin"))?;
    let row = row_to(&row)?;
    let months = Month::quarter(row.year, row.quarter).to_vec();
    let year_start = Month {
        year: row.year,
        month: 1,
    };
    let scores = monthly::scores(db, who, year_start, months[2]).await?;
    let quarter: Vec<&ScoreRow> = scores
        .iter()
        .filter(|s| months.contains(&s.month))
        .collect();
    let mut assessed: Vec<Month> = quarter.iter().map(|s| s.month).collect();
    assessed.dedup();

    let totals = quarter_totals(&quarter, months[0]);
    let ranking = quarter_ranking(&quarter, &months);
    let interviews = interviews::list(db, who, months[0], months[2]).await?;
    let instruments: Vec<Instrument> = instruments::list(db, who, today, None)
        .await?
        .into_iter()
        .filter(|i| months[0].first() <= i.issued_on && i.issued_on <= months[2].last())
        .collect();
    let chart_ranking = ranking_chart(&row, &ranking);
    let year_months: Vec<Month> = (1..=months[2].month)
        .map(|m| Month {
            year: row.year,
            month: m,
        })
        .collect();
    let labels: Vec<String> = year_months
        .iter()
        .map(|m| format!("{}月", m.month))
        .collect();
    let chart_trend = trend_chart(row.year, &year_months, &labels, &scores);
    let chart_scores = scores_chart(row.year, &year_months, &labels, &scores);
    let text = Text {
        row: &row,
        ranking: &ranking,
        totals: &totals,
        interviews: &interviews,
        instruments: &instruments,
        assessed: assessed.len(),
    };
    let (paragraphs_zh, paragraphs_en) = (text.zh(), text.en());
    Ok(Bulletin {
        row,
        months,
        assessed,
        bodies: ranking.len(),
        paragraphs_zh,
        paragraphs_en,
        totals,
        ranking,
        interviews,
        instruments,
        chart_ranking,
        chart_trend,
        chart_scores,
    })
}

/// Totals of the quarter: sums of the figures each month was scored on.
fn quarter_totals(quarter: &[&ScoreRow], first: Month) -> Vec<TotalLine> {
    let mut sums: BTreeMap<Indicator, (i64, i64)> = BTreeMap::new();
    for s in quarter {
        for f in &s.figures {
            let e = sums.entry(f.indicator).or_insert((0, 0));
            e.0 += f.numerator;
            e.1 += f.denominator;
        }
    }
    let months_param = format!("{first}");
    Indicator::ALL
        .iter()
        .filter(|i| {
            !matches!(
                i,
                Indicator::Participation | Indicator::Performance | Indicator::ActsPerOfficer
            )
        })
        .map(|&i| {
            let (n, d) = sums.get(&i).copied().unwrap_or((0, 0));
            TotalLine {
                indicator: i,
                label_zh: i.label_zh().into(),
                label_en: i.label_en().into(),
                numerator: n,
                denominator: d,
                display: fmt_total(i, n, d),
                query_zh: format!("{}（本季度各月考核所依据的数据之和）", i.query_zh()),
                query_en: format!(
                    "{} (summed over the quarter's monthly assessments)",
                    i.query_en()
                ),
                href: format!("/supervision/assessments?month={months_param}"),
            }
        })
        .collect()
}

/// Ranking by the mean of the quarter's monthly scores.
fn quarter_ranking(quarter: &[&ScoreRow], months: &[Month]) -> Vec<RankLine> {
    let mut by_body: BTreeMap<i64, RankLine> = BTreeMap::new();
    for s in quarter {
        let e = by_body.entry(s.department_id).or_insert_with(|| RankLine {
            rank: 0,
            department_id: s.department_id,
            department: s.department.clone(),
            mean: 0.0,
            months: vec![None; 3],
            interviewed: 0,
            href: format!("/supervision/bodies/{}", s.department_id),
        });
        if let Some(k) = months.iter().position(|m| *m == s.month) {
            e.months[k] = Some((s.score, s.rank));
        }
        if s.interviewed {
            e.interviewed += 1;
        }
    }
    let mut ranking: Vec<RankLine> = by_body
        .into_values()
        .map(|mut r| {
            let v: Vec<f64> = r.months.iter().flatten().map(|(s, _)| *s).collect();
            r.mean = if v.is_empty() {
                0.0
            } else {
                (v.iter().sum::<f64>() / v.len() as f64 * 100.0).round() / 100.0
            };
            r
        })
        .collect();
    ranking.sort_by(|a, b| b.mean.total_cmp(&a.mean));
    for (i, r) in ranking.iter_mut().enumerate() {
        r.rank = i as i64 + 1;
    }
    ranking
}

/// The ranking as bars, the bodies on the interview list highlighted.
fn ranking_chart(row: &BulletinRow, ranking: &[RankLine]) -> String {
    let bottom: Vec<usize> = ranking
        .iter()
        .enumerate()
        .filter(|(_, r)| r.interviewed > 0)
        .map(|(i, _)| i)
        .collect();
    svg::bars(
        &format!(
            "{}年第{}季度考核平均分排名",
            row.year,
            quarter_zh(row.quarter)
        ),
        &ranking
            .iter()
            .map(|r| (short(&r.department), r.mean))
            .collect::<Vec<_>>(),
        100.0,
        &bottom,
    )
}

/// Cases led and inspections per month of the year so far.
fn trend_chart(year: i32, year_months: &[Month], labels: &[String], scores: &[ScoreRow]) -> String {
    let month_sum = |m: Month, i: Indicator| -> Option<f64> {
        let rows: Vec<&ScoreRow> = scores.iter().filter(|s| s.month == m).collect();
        if rows.is_empty() {
            return None;
        }
        Some(
            rows.iter()
                .flat_map(|s| s.figures.iter().filter(|f| f.indicator == i))
                .map(|f| f.numerator as f64)
                .sum(),
        )
    };
    svg::lines(
        &format!("{year}年各月案件与检查"),
        labels,
        &[
            (
                "受理案件".into(),
                year_months
                    .iter()
                    .map(|&m| {
                        Some(
                            month_sum(m, Indicator::CasesGeneral)?
                                + month_sum(m, Indicator::CasesSummary)?,
                        )
                    })
                    .collect(),
            ),
            (
                "行政检查".into(),
                year_months
                    .iter()
                    .map(|&m| month_sum(m, Indicator::Inspections))
                    .collect(),
            ),
        ],
    )
}

/// Mean, highest and lowest monthly score per month of the year so far.
fn scores_chart(
    year: i32,
    year_months: &[Month],
    labels: &[String],
    scores: &[ScoreRow],
) -> String {
    let stat = |m: Month, f: fn(&[f64]) -> f64| -> Option<f64> {
        let v: Vec<f64> = scores
            .iter()
            .filter(|s| s.month == m)
            .map(|s| s.score)
            .collect();
        (!v.is_empty()).then(|| f(&v))
    };
    svg::lines(
        &format!("{year}年各月考核得分"),
        labels,
        &[
            (
                "平均分".into(),
                year_months
                    .iter()
                    .map(|&m| stat(m, |v| v.iter().sum::<f64>() / v.len() as f64))
                    .collect(),
            ),
            (
                "最高分".into(),
                year_months
                    .iter()
                    .map(|&m| stat(m, |v| v.iter().fold(0.0, |a, b| a.max(*b))))
                    .collect(),
            ),
            (
                "最低分".into(),
                year_months
                    .iter()
                    .map(|&m| stat(m, |v| v.iter().fold(100.0, |a, b| a.min(*b))))
                    .collect(),
            ),
        ],
    )
}

/// What the bulletin's text reads.
struct Text<'a> {
    row: &'a BulletinRow,
    ranking: &'a [RankLine],
    totals: &'a [TotalLine],
    interviews: &'a [Interview],
    instruments: &'a [Instrument],
    assessed: usize,
}

impl Text<'_> {
    fn total(&self, i: Indicator) -> Option<&TotalLine> {
        self.totals.iter().find(|t| t.indicator == i)
    }

    fn disp(&self, i: Indicator) -> String {
        self.total(i).map(|t| t.display.clone()).unwrap_or_default()
    }

    fn num(&self, i: Indicator) -> i64 {
        self.total(i).map(|t| t.numerator).unwrap_or(0)
    }

    fn held(&self) -> usize {
        self.interviews
            .iter()
            .filter(|i| i.status != interviews::InterviewStatus::Pending)
            .count()
    }

    fn overdue(&self) -> usize {
        self.instruments.iter().filter(|i| i.overdue).count()
    }

    /// The Chinese paragraphs.
    fn zh(&self) -> Vec<String> {
        let top: Vec<String> = self
            .ranking
            .iter()
            .take(3)
            .map(|r| r.department.clone())
            .collect();
        let low: Vec<String> = self
            .ranking
            .iter()
            .filter(|r| r.interviewed > 0)
            .map(|r| r.department.clone())
            .collect();
        let (held, overdue) = (self.held(), self.overdue());
        let q = quarter_zh(self.row.quarter);
        vec![
            format!(
                "{}年第{q}季度，全区 {} 个行政执法主体参加月度考核（已考核月份 {} 个）。",
                self.row.year,
                self.ranking.len(),
                self.assessed
            ),
            format!(
                "本季度受理行政处罚案件 {} 件，其中普通程序 {} 件、简易程序 {} 件；实施行政检查 {} 次，亮证扫码率 {}，同一主体对同一企业重复检查 {} 次。",
                self.num(Indicator::CasesGeneral) + self.num(Indicator::CasesSummary),
                self.num(Indicator::CasesGeneral),
                self.num(Indicator::CasesSummary),
                self.num(Indicator::Inspections),
                self.disp(Indicator::CertifiedScanned),
                self.num(Indicator::RepeatedInspections),
            ),
            format!(
                "法定期限履行率 {}，处罚决定按时公示率 {}，应审案件法制审核率 {}，确认评查案卷 {} 件、平均分 {}。",
                self.disp(Indicator::DeadlinesMet),
                self.disp(Indicator::DisclosureOnTime),
                self.disp(Indicator::LegalReview),
                self.total(Indicator::ReviewScore)
                    .map(|t| t.denominator)
                    .unwrap_or(0),
                self.disp(Indicator::ReviewScore),
            ),
            format!(
                "季度平均分排名前列的是：{}。列入末位约谈的主体：{}；本季度约谈名单 {} 个，已约谈 {} 个。",
                if top.is_empty() {
                    "—".into()
                } else {
                    top.join("、")
                },
                if low.is_empty() {
                    "无".into()
                } else {
                    low.join("、")
                },
                self.interviews.len(),
                held
            ),
            format!(
                "本季度签发执法监督意见书、建议书 {} 份，逾期未回复或逾期回复 {} 份。请各单位对照通报问题抓好整改。",
                self.instruments.len(),
                overdue
            ),
        ]
    }

    /// The English paragraphs.
    fn en(&self) -> Vec<String> {
        let (held, overdue) = (self.held(), self.overdue());
        vec![
            format!(
                "In Q{} {}, {} enforcement bodies were assessed ({} months assessed).",
                self.row.quarter,
                self.row.year,
                self.ranking.len(),
                self.assessed
            ),
            format!(
                "Cases led: {} (general {}, summary {}); inspections: {}, with certificate and arrival scan {}; repeated inspections: {}.",
                self.num(Indicator::CasesGeneral) + self.num(Indicator::CasesSummary),
                self.num(Indicator::CasesGeneral),
                self.num(Indicator::CasesSummary),
                self.num(Indicator::Inspections),
                self.disp(Indicator::CertifiedScanned),
                self.num(Indicator::RepeatedInspections),
            ),
            format!(
                "Deadlines met {}, disclosed on time {}, legal review where required {}, mean review score {}.",
                self.disp(Indicator::DeadlinesMet),
                self.disp(Indicator::DisclosureOnTime),
                self.disp(Indicator::LegalReview),
                self.disp(Indicator::ReviewScore),
            ),
            format!(
                "Interview list: {} entries, {} held. Instruments issued: {}, overdue: {}.",
                self.interviews.len(),
                held,
                self.instruments.len(),
                overdue
            ),
        ]
    }
}

/// A short name for chart labels: the part after the district prefix.
fn short(name: &str) -> String {
    name.trim_start_matches("天津市滨海新区").to_string()
}
