//! Alerts (执法监督预警) on the supervisor's desk and in the body's view, computed from the
//! records each time they are read — never stored copies, so an alert disappears the moment the
//! record is put right (a decision made, a decision disclosed) and no refresh job can lag. The
//! reads are month-range and due-date index scans; a year of the demo district takes
//! milliseconds.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use serde::Serialize;
use sqlx::Row;

use super::indicators::{Cards, RecordRef, officer_ids};
use super::{BodyMap, Month, body_map, opt_date, visible_bodies};
use crate::Result;
use crate::auth::{Permission, Principal};
use crate::calendar::HolidayCalendar;
use crate::db::Db;
use crate::labels::labelled_enum;

/// Deadlines this close (working days, inclusive) are flagged before they lapse.
pub const DUE_SOON_WORKING_DAYS: i64 = 3;

labelled_enum!(
    /// What an alert is about.
    AlertKind {
        DecisionDue = "decision_due", "处罚决定期限", "Decision deadline";
        ServiceDue = "service_due", "决定书送达期限", "Service deadline";
        DisclosureDue = "disclosure_due", "处罚决定公示期限", "Disclosure deadline";
        DisclosureLate = "disclosure_late", "处罚决定未按时公示", "Decision disclosed late";
        InvalidCard = "invalid_card", "无有效执法证执法", "Acting without a valid card";
        NoCertificate = "no_certificate", "检查未使用电子检查证", "Inspection without certificate";
        NoArrivalScan = "no_arrival_scan", "检查无入企扫码", "Inspection without arrival scan";
        RepeatedInspection = "repeated_inspection", "同一企业重复检查", "Enterprise inspected repeatedly";
    }
);

labelled_enum!(
    /// How urgent.
    Severity {
        Lapsed = "lapsed", "已超期", "Lapsed";
        DueSoon = "due_soon", "即将到期", "Due soon";
        Breach = "breach", "违规", "Breach";
    }
);

/// One alert.
#[derive(Debug, Clone, Serialize)]
pub struct Alert {
    pub kind: AlertKind,
    pub severity: Severity,
    /// The body concerned (notified: its view lists the alert).
    pub department_id: i64,
    pub department: String,
    pub record: RecordRef,
    /// The deadline or the date of the act.
    pub date: NaiveDate,
    pub detail_zh: String,
    pub detail_en: String,
}

impl Alert {
    /// The detail in a language.
    pub fn detail(&self, lang: &str) -> &str {
        if lang == "en" {
            &self.detail_en
        } else {
            &self.detail_zh
        }
    }
}

/// Which alerts to read.
#[derive(Debug, Clone)]
pub struct AlertQuery {
    /// Acts (and lapsed deadlines) from this date …
    pub from: NaiveDate,
    /// … to this one.
    pub to: NaiveDate,
    pub department_id: Option<i64>,
    pub kind: Option<AlertKind>,
}

impl AlertQuery {
    /// A whole year.
    pub fn year(y: i32) -> AlertQuery {
        AlertQuery {
            from: Month { year: y, month: 1 }.first(),
            to: Month { year: y, month: 12 }.last(),
            department_id: None,
            kind: None,
        }
    }
}

/// Alerts of the principal's bodies.
pub async fn list(
    db: &Db,
    who: &Principal,
    cal: &HolidayCalendar,
    today: NaiveDate,
    q: &AlertQuery,
) -> Result<Vec<Alert>> {
    who.require(Permission::ViewSupervision)?;
    let map = body_map(db, &who.region).await?;
    let visible = visible_bodies(db, who, &map).await?;
    let mut all = compute(db, &who.region, cal, today, q, &map).await?;
    all.retain(|a| {
        visible.contains(&a.department_id)
            && q.department_id.is_none_or(|d| d == a.department_id)
            && q.kind.is_none_or(|k| k == a.kind)
    });
    Ok(all)
}

/// Counts per kind.
pub fn counts(alerts: &[Alert]) -> Vec<(AlertKind, usize)> {
    AlertKind::ALL
        .iter()
        .map(|k| (*k, alerts.iter().filter(|a| a.kind == *k).count()))
        .collect()
}

fn deadline_state(
    cal: &HolidayCalendar,
    today: NaiveDate,
    due: NaiveDate,
) -> Option<(Severity, i64)> {
    if due < today {
        return Some((Severity::Lapsed, (today - due).num_days()));
    }
    let left = cal.working_days_between(today, due).ok()?.days;
    (left <= DUE_SOON_WORKING_DAYS).then_some((Severity::DueSoon, left))
}

/// Computes the alerts of every body (no principal: callers check).
pub async fn compute(
    db: &Db,
    region: &str,
    cal: &HolidayCalendar,
    today: NaiveDate,
    q: &AlertQuery,
    map: &BodyMap,
) -> Result<Vec<Alert>> {
    let mut out = Vec::new();
    deadline_alerts(db, region, cal, today, q, map, &mut out).await?;
    late_disclosures(db, region, q, map, &mut out).await?;
    let cards = Cards::load(db, region).await?;
    let cx = CardCheck { map, cards: &cards };
    step_card_alerts(db, region, q, &cx, &mut out).await?;
    inspection_alerts(db, region, q, &cx, &mut out).await?;
    out.sort_by(|a, b| b.date.cmp(&a.date).then(a.kind.cmp(&b.kind)));
    Ok(out)
}

/// Case deadlines (decision, service, disclosure) lapsed inside the window or due within a few
/// working days of today.
async fn deadline_alerts(
    db: &Db,
    region: &str,
    cal: &HolidayCalendar,
    today: NaiveDate,
    q: &AlertQuery,
    map: &BodyMap,
    out: &mut Vec<Alert>,
) -> Result<()> {
    // Deadlines: lapsed ones due inside the window, and those due within a few working days
    // of today (a fortnight of calendar days bounds three working days around any holiday).
    let horizon = (today + Duration::days(15)).to_string();
    let fs = q.from.to_string();
    let due_sql: [(AlertKind, &str); 3] = [
        // 行政处罚法 第六十条: decision within ninety days of filing.
        (
            AlertKind::DecisionDue,
            "SELECT id, department_id, case_no, decision_due FROM cases WHERE region_code = $1 AND status = 'open' \
             AND decided_on IS NULL AND decision_due IS NOT NULL AND decision_due >= $2 AND decision_due <= $3",
        ),
        // 行政处罚法 第六十一条: service within seven days of the announcement.
        (
            AlertKind::ServiceDue,
            "SELECT id, department_id, case_no, service_due FROM cases WHERE region_code = $1 AND status <> 'dropped' \
             AND decided_on IS NOT NULL AND served_on IS NULL AND service_due IS NOT NULL AND service_due >= $2 AND service_due <= $3",
        ),
        // 行政处罚法 第四十八条 and 国办发〔2018〕118号: disclosure within seven working days.
        (
            AlertKind::DisclosureDue,
            "SELECT id, department_id, case_no, disclosure_due FROM cases WHERE region_code = $1 AND outcome = 'penalty' \
             AND disclosed_on IS NULL AND disclosure_status NOT IN ('not_required', 'published', 'withdrawn') \
             AND disclosure_due IS NOT NULL AND disclosure_due >= $2 AND disclosure_due <= $3",
        ),
    ];
    for (kind, sql) in due_sql {
        let rows = sqlx::query(sql)
            .bind(region.to_string())
            .bind(fs.clone())
            .bind(horizon.clone())
            .fetch_all(db.pool())
            .await?;
        for r in rows {
            let Some(body) = map.body(r.try_get(1)?) else {
                continue;
            };
            let Some(due) = opt_date(r.try_get(3)?) else {
                continue;
            };
            let Some((sev, n)) = deadline_state(cal, today, due) else {
                continue;
            };
            if sev == Severity::Lapsed && due > q.to {
                continue;
            }
            let no: String = r.try_get(2)?;
            let (zh, en) = match sev {
                Severity::Lapsed => (
                    format!("{no}：{}已于 {due} 届满，超期 {n} 天", kind.label_zh()),
                    format!("{no}: {} lapsed on {due}, {n} days ago", kind.label_en()),
                ),
                _ => (
                    format!("{no}：{}为 {due}，还剩 {n} 个工作日", kind.label_zh()),
                    format!("{no}: {} is {due}, {n} working days left", kind.label_en()),
                ),
            };
            out.push(Alert {
                kind,
                severity: sev,
                department_id: body,
                department: map.name(body),
                record: RecordRef {
                    kind: "case",
                    id: r.try_get(0)?,
                    note: no,
                },
                date: due,
                detail_zh: zh,
                detail_en: en,
            });
        }
    }
    Ok(())
}

/// Decisions disclosed after their deadline (第四十八条).
async fn late_disclosures(
    db: &Db,
    region: &str,
    q: &AlertQuery,
    map: &BodyMap,
    out: &mut Vec<Alert>,
) -> Result<()> {
    // Decisions disclosed after their deadline.
    let rows = sqlx::query(
        "SELECT id, department_id, case_no, disclosure_due, disclosed_on FROM cases WHERE region_code = $1 \
         AND disclosed_on IS NOT NULL AND disclosure_due IS NOT NULL AND disclosed_on > disclosure_due \
         AND disclosed_on >= $2 AND disclosed_on <= $3",
    )
    .bind(region.to_string())
    .bind(q.from.to_string())
    .bind(q.to.to_string())
    .fetch_all(db.pool())
    .await?;
    for r in rows {
        let Some(body) = map.body(r.try_get(1)?) else {
            continue;
        };
        let (Some(due), Some(on)) = (opt_date(r.try_get(3)?), opt_date(r.try_get(4)?)) else {
            continue;
        };
        let no: String = r.try_get(2)?;
        out.push(Alert {
            kind: AlertKind::DisclosureLate,
            severity: Severity::Breach,
            department_id: body,
            department: map.name(body),
            record: RecordRef {
                kind: "case",
                id: r.try_get(0)?,
                note: no.clone(),
            },
            date: on,
            detail_zh: format!("{no}：公示期限 {due}，实际公示 {on}"),
            detail_en: format!("{no}: disclosure due {due}, published {on}"),
        });
    }
    Ok(())
}

/// Who holds a valid card on a day, and the bodies the alerts are grouped by.
struct CardCheck<'a> {
    map: &'a BodyMap,
    cards: &'a Cards,
}

impl CardCheck<'_> {
    /// An alert for each named officer without a valid card on the day of the act.
    #[allow(clippy::too_many_arguments)]
    fn card_alerts(
        &self,
        kind: &'static str,
        id: i64,
        dept: i64,
        label: String,
        on: NaiveDate,
        officers: Vec<i64>,
        out: &mut Vec<Alert>,
    ) {
        let Some(body) = self.map.body(dept) else {
            return;
        };
        for o in officers {
            if self.cards.valid_on(o, on) {
                continue;
            }
            let who = self
                .cards
                .officer_name
                .get(&o)
                .cloned()
                .unwrap_or_else(|| format!("#{o}"));
            out.push(Alert {
                kind: AlertKind::InvalidCard,
                severity: Severity::Breach,
                department_id: body,
                department: self.map.name(body),
                record: RecordRef {
                    kind,
                    id,
                    note: label.clone(),
                },
                date: on,
                detail_zh: format!("{label}：执法人员 {who} 于 {on} 无有效执法证"),
                detail_en: format!("{label}: officer {who} had no valid card on {on}"),
            });
        }
    }
}

/// Officers acting on a case step without a valid card on the day (行政处罚法 第四十二条).
async fn step_card_alerts(
    db: &Db,
    region: &str,
    q: &AlertQuery,
    cx: &CardCheck<'_>,
    out: &mut Vec<Alert>,
) -> Result<()> {
    // Officers acting without a valid card on the day (行政处罚法 第四十二条).
    let steps = sqlx::query(
        "SELECT c.id, c.department_id, c.case_no, s.on_date, s.officers FROM case_steps s JOIN cases c ON c.id = s.case_id \
         WHERE s.region_code = $1 AND s.on_date >= $2 AND s.on_date <= $3 AND s.officers <> '[]'",
    )
    .bind(region.to_string())
    .bind(q.from.to_string())
    .bind(q.to.to_string())
    .fetch_all(db.pool())
    .await?;
    for r in steps {
        let Some(on) = opt_date(r.try_get(3)?) else {
            continue;
        };
        cx.card_alerts(
            "case",
            r.try_get(0)?,
            r.try_get(1)?,
            r.try_get(2)?,
            on,
            officer_ids(&r.try_get::<String, _>(4)?, "case_steps.officers")?,
            out,
        );
    }
    Ok(())
}

/// Inspections: the card of each officer, the certificate, the arrival scan, repetition.
async fn inspection_alerts(
    db: &Db,
    region: &str,
    q: &AlertQuery,
    cx: &CardCheck<'_>,
    out: &mut Vec<Alert>,
) -> Result<()> {
    // Inspections: certificate, arrival scan, card, repetition.
    let insp = sqlx::query(
        "SELECT i.id, i.department_id, i.inspection_no, i.inspected_on, i.officers, i.subject_code, i.subject_name, \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM inspection_certificates ic WHERE ic.inspection_id = i.id AND ic.status = 'issued'), \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM inspection_certificates ic WHERE ic.inspection_id = i.id AND ic.arrived_at IS NOT NULL) \
         FROM inspections i WHERE i.region_code = $1 AND i.inspected_on >= $2 AND i.inspected_on <= $3 ORDER BY i.inspected_on, i.id",
    )
    .bind(region.to_string())
    .bind(q.from.to_string())
    .bind(q.to.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut seen: HashMap<(i64, String, Month), usize> = HashMap::new();
    for r in insp {
        let id: i64 = r.try_get(0)?;
        let dept: i64 = r.try_get(1)?;
        let no: String = r.try_get(2)?;
        let Some(on) = opt_date(r.try_get(3)?) else {
            continue;
        };
        cx.card_alerts(
            "inspection",
            id,
            dept,
            no.clone(),
            on,
            officer_ids(&r.try_get::<String, _>(4)?, "inspections.officers")?,
            out,
        );
        let Some(body) = cx.map.body(dept) else {
            continue;
        };
        let subject: String = r.try_get(5)?;
        let subject_name: String = r.try_get(6)?;
        let certs: i64 = r.try_get(7)?;
        let arrived: i64 = r.try_get(8)?;
        let rec = RecordRef {
            kind: "inspection",
            id,
            note: no.clone(),
        };
        let mut push = |kind: AlertKind, zh: String, en: String| {
            out.push(Alert {
                kind,
                severity: Severity::Breach,
                department_id: body,
                department: cx.map.name(body),
                record: rec.clone(),
                date: on,
                detail_zh: zh,
                detail_en: en,
            })
        };
        if certs == 0 {
            push(
                AlertKind::NoCertificate,
                format!("{no}：{on} 检查{subject_name}未签发电子检查证"),
                format!("{no}: inspection of {subject_name} on {on} without a certificate"),
            );
        } else if arrived == 0 {
            push(
                AlertKind::NoArrivalScan,
                format!("{no}：{on} 检查{subject_name}无入企扫码记录"),
                format!("{no}: inspection of {subject_name} on {on} without an arrival scan"),
            );
        }
        let n = seen.entry((body, subject, Month::of(on))).or_insert(0);
        *n += 1;
        if *n > 1 {
            push(
                AlertKind::RepeatedInspection,
                format!("{no}：{subject_name} 本月第 {n} 次被本主体检查"),
                format!(
                    "{no}: {subject_name} inspected by the same body for the {n}th time this month"
                ),
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_flag_lapsed_and_near() {
        let cal = HolidayCalendar::new();
        let today: NaiveDate = "2024-03-04".parse().expect("date"); // Monday
        let d = |s: &str| s.parse::<NaiveDate>().expect("date");
        assert_eq!(
            deadline_state(&cal, today, d("2024-03-01")),
            Some((Severity::Lapsed, 3))
        );
        assert_eq!(
            deadline_state(&cal, today, d("2024-03-07")),
            Some((Severity::DueSoon, 3))
        );
        assert_eq!(deadline_state(&cal, today, d("2024-03-08")), None);
    }
}
