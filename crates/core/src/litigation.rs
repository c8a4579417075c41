//! Lawsuits against the district's bodies (行政应诉, 行政诉讼法): the service of the complaint,
//! the defence due fifteen days later (第六十七条), the head's appearance in court (第三条 第三款
//! "被诉行政机关负责人应当出庭应诉"), the judgment and its outcome.

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::Row;

use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal};
use crate::calendar::HolidayCalendar;
use crate::db::Db;
use crate::labels::labelled_enum;
use crate::time::now_ms;
use crate::{Code, Error, Result};

labelled_enum!(
    /// The instance of a lawsuit.
    Instance {
        First = "first", "一审", "First instance";
        Second = "second", "二审", "Second instance";
        Retrial = "retrial", "再审", "Retrial";
    }
);

labelled_enum!(
    /// How a lawsuit ended for the body.
    Outcome {
        Upheld = "upheld", "判决驳回诉讼请求（维持）", "Claim dismissed";
        Dismissed = "dismissed", "裁定驳回起诉", "Suit dismissed";
        Revoked = "revoked", "判决撤销", "Act revoked";
        Changed = "changed", "判决变更", "Act changed";
        ConfirmedIllegal = "confirmed_illegal", "判决确认违法或无效", "Act held unlawful or void";
        OrderedToAct = "ordered_to_act", "判决履行", "Ordered to act";
        Withdrawn = "withdrawn", "原告撤诉", "Withdrawn";
        Mediated = "mediated", "调解结案", "Mediated";
    }
);

impl Outcome {
    /// The body lost (败诉): the court revoked, changed, held unlawful or ordered it to act.
    pub fn lost(self) -> bool {
        matches!(
            self,
            Self::Revoked | Self::Changed | Self::ConfirmedIllegal | Self::OrderedToAct
        )
    }
}

/// 第六十七条: fifteen days from receiving the complaint (calendar days; a last day on a rest day
/// moves on, 第一百零一条 → 民事诉讼法 第八十五条).
pub const DEFENCE_DAYS: u32 = 15;

pub fn defence_due(cal: &HolidayCalendar, served_on: NaiveDate) -> Result<NaiveDate> {
    cal.add_calendar_days(served_on, DEFENCE_DAYS)
        .map(|d| d.date)
        .map_err(|e| invalid("served_on", e.message_zh(), e.message_en()))
}

fn invalid(field: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Error {
    Error::of(Code::ReconsiderationInvalid)
        .for_field(field)
        .arg_zh_en("reason", zh.into(), en.into())
}

/// A lawsuit as served on the body.
#[derive(Debug, Clone)]
pub struct NewLawsuit {
    pub court: String,
    pub court_case_no: String,
    pub instance: Instance,
    pub defendant_department_id: i64,
    pub plaintiff: String,
    pub act_description: String,
    pub case_id: Option<i64>,
    pub reconsideration_id: Option<i64>,
    pub served_on: NaiveDate,
}

/// 行政诉讼法 第二十六条 第二款: the defendants of a suit over an act that went through
/// reconsideration. Upheld (or the requests dismissed on the merits): the body and the
/// reconsideration body jointly; changed, revoked or held void: the reconsideration body alone.
/// `None` where the decision does not settle it (an order to perform, a 调解书): the page then
/// names the body as in 第一款.
pub fn defendants_after(kind: crate::reconsideration::DecisionKind, body: &str) -> Option<String> {
    use crate::reconsideration::{DecisionKind as K, REVIEW_BODY};
    match kind {
        K::Upheld | K::Dismissed => Some(format!(
            "{body}、{REVIEW_BODY}（共同被告，《行政诉讼法》第二十六条第二款）"
        )),
        K::Changed | K::Revoked | K::Void | K::ConfirmedIllegal => Some(format!(
            "{REVIEW_BODY}（复议机关改变原行政行为，《行政诉讼法》第二十六条第二款）"
        )),
        K::Perform | K::Mediated => None,
    }
}

/// The reconsideration a suit follows: it must be decided, of the region, against the same body;
/// gives the defendants of 第二十六条 第二款.
async fn after_reconsideration(
    conn: &mut sqlx::AnyConnection,
    region: &str,
    n: &NewLawsuit,
) -> Result<String> {
    let Some(rid) = n.reconsideration_id else {
        return Ok(String::new());
    };
    let a = crate::reconsideration::records::load_in(conn, region, rid)
        .await
        .map_err(|_| {
            invalid(
                "reconsideration_id",
                "没有这件行政复议案件。",
                "No such reconsideration case.",
            )
        })?;
    if a.respondent_department_id != n.defendant_department_id {
        return Err(invalid(
            "reconsideration_id",
            "关联的行政复议案件的被申请人不是本案被告。",
            "The linked reconsideration was against another body.",
        ));
    }
    let Some(kind) = a
        .decision_kind
        .filter(|_| a.status == crate::reconsideration::Status::Decided)
    else {
        return Err(invalid(
            "reconsideration_id",
            "关联的行政复议案件尚未作出决定（未决定而起诉原行为的，作出原行为的机关是被告，第二十六条第三款）。",
            "The linked reconsideration has no decision (art. 26(3): the body that acted is the defendant).",
        ));
    };
    Ok(defendants_after(kind, &a.respondent).unwrap_or_default())
}

/// Registers a lawsuit (the Justice Bureau, or the defendant body for itself).
pub async fn register(
    tx: &mut AuditedTx,
    region: &str,
    cal: &HolidayCalendar,
    n: &NewLawsuit,
    by: &str,
) -> Result<i64> {
    for (v, field, zh, en) in [
        (&n.court, "court", "受理法院", "court"),
        (&n.court_case_no, "court_case_no", "案号", "case number"),
        (&n.plaintiff, "plaintiff", "原告", "plaintiff"),
        (&n.act_description, "act_description", "被诉行政行为", "act"),
    ] {
        if v.trim().is_empty() || v.chars().count() > 2000 {
            return Err(invalid(
                field,
                format!("请填写{zh}。"),
                format!("Enter the {en}."),
            ));
        }
    }
    if n.served_on > crate::time::today() {
        return Err(invalid(
            "served_on",
            "送达日期不能晚于今天。",
            "The day of service cannot be in the future.",
        ));
    }
    let due = defence_due(cal, n.served_on)?;
    let defendants = after_reconsideration(tx.conn(), region, n).await?;
    let now = now_ms();
    let id: i64 = sqlx::query(
        "INSERT INTO litigation_cases (region_code, court, court_case_no, instance, defendant_department_id, plaintiff, \
         act_description, case_id, reconsideration_id, served_on, defence_due, created_by, created_at, updated_at, defendants) \
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$13,$14) RETURNING id",
    )
    .bind(region.to_string())
    .bind(n.court.trim().to_string())
    .bind(n.court_case_no.trim().to_string())
    .bind(n.instance.as_str())
    .bind(n.defendant_department_id)
    .bind(n.plaintiff.trim().to_string())
    .bind(n.act_description.trim().to_string())
    .bind(n.case_id)
    .bind(n.reconsideration_id)
    .bind(n.served_on.to_string())
    .bind(due.to_string())
    .bind(by.to_string())
    .bind(now)
    .bind(defendants)
    .fetch_one(&mut *tx.conn())
    .await?
    .try_get(0)?;
    let after =
        serde_json::json!({"court_case_no": n.court_case_no, "instance": n.instance.as_str()});
    tx.record(Event {
        action: "litigation.register",
        object_type: "litigation",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!(
            "登记行政诉讼 {}（{}）",
            n.court_case_no.trim(),
            n.instance.label_zh()
        ),
    })
    .await?;
    Ok(id)
}

/// Registers a lawsuit for a signed-in user of the Justice Bureau.
pub async fn register_as(
    db: &Db,
    who: &Principal,
    cal: &HolidayCalendar,
    n: &NewLawsuit,
) -> Result<i64> {
    who.require(Permission::HandleReconsideration)?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let id = register(&mut tx, &who.region, cal, n, &who.actor().name).await?;
    tx.commit().await?;
    Ok(id)
}

/// The defence filed with the court (第六十七条); a late one is kept with its date (the figures
/// and the page show it against the due day).
pub async fn record_defence(tx: &mut AuditedTx, id: i64, filed_on: NaiveDate) -> Result<()> {
    let served: Option<String> =
        sqlx::query("SELECT served_on FROM litigation_cases WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx.conn())
            .await?
            .map(|r| r.try_get(0))
            .transpose()?;
    let Some(served) = served else {
        return Err(Error::not_found("lawsuit"));
    };
    if filed_on.to_string() < served || filed_on > crate::time::today() {
        return Err(invalid(
            "defence_filed_on",
            "答辩日期须在收到起诉状副本之后、不晚于今天。",
            "The defence is filed after the complaint was received and not in the future.",
        ));
    }
    sqlx::query("UPDATE litigation_cases SET defence_filed_on = $1, updated_at = $2 WHERE id = $3")
        .bind(filed_on.to_string())
        .bind(now_ms())
        .bind(id)
        .execute(&mut *tx.conn())
        .await?;
    let after = serde_json::json!({"defence_filed_on": filed_on.to_string()});
    tx.record(Event {
        action: "litigation.defence",
        object_type: "litigation",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("行政诉讼 {id}：提交答辩状"),
    })
    .await?;
    Ok(())
}

/// Records the defence or the judgment for a signed-in user of the Justice Bureau.
pub async fn record_as(db: &Db, who: &Principal, id: i64, what: Record) -> Result<()> {
    who.require(Permission::HandleReconsideration)?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let region: Option<String> =
        sqlx::query("SELECT region_code FROM litigation_cases WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx.conn())
            .await?
            .map(|r| r.try_get(0))
            .transpose()?;
    if region.as_deref() != Some(who.region.as_str()) {
        return Err(Error::not_found("lawsuit"));
    }
    match what {
        Record::Defence { filed_on } => record_defence(&mut tx, id, filed_on).await?,
        Record::Judgment {
            hearing_on,
            head_appeared,
            appearing_head,
            judgment_on,
            outcome,
        } => {
            if judgment_on > crate::time::today() {
                return Err(invalid(
                    "judgment_on",
                    "裁判日期不能晚于今天。",
                    "The judgment cannot be in the future.",
                ));
            }
            record_judgment(
                &mut tx,
                id,
                hearing_on,
                head_appeared,
                &appearing_head,
                judgment_on,
                outcome,
            )
            .await?
        }
    }
    tx.commit().await?;
    Ok(())
}

/// What the page records on a lawsuit.
#[derive(Debug, Clone)]
pub enum Record {
    Defence {
        filed_on: NaiveDate,
    },
    Judgment {
        hearing_on: NaiveDate,
        head_appeared: bool,
        appearing_head: String,
        judgment_on: NaiveDate,
        outcome: Outcome,
    },
}

/// The hearing and the judgment: whether the head appeared, and the outcome.
pub async fn record_judgment(
    tx: &mut AuditedTx,
    id: i64,
    hearing_on: NaiveDate,
    head_appeared: bool,
    appearing_head: &str,
    judgment_on: NaiveDate,
    outcome: Outcome,
) -> Result<()> {
    if judgment_on < hearing_on {
        return Err(invalid(
            "judgment_on",
            "裁判日期不能早于开庭日期。",
            "The judgment cannot precede the hearing.",
        ));
    }
    if head_appeared && appearing_head.trim().is_empty() {
        return Err(invalid(
            "appearing_head",
            "请填写出庭的负责人。",
            "Name the head who appeared.",
        ));
    }
    sqlx::query(
        "UPDATE litigation_cases SET hearing_on = $1, head_appeared = $2, appearing_head = $3, judgment_on = $4, \
         outcome = $5, defence_filed_on = COALESCE(defence_filed_on, served_on), updated_at = $6 WHERE id = $7",
    )
    .bind(hearing_on.to_string())
    .bind(i64::from(head_appeared))
    .bind(appearing_head.trim().to_string())
    .bind(judgment_on.to_string())
    .bind(outcome.as_str())
    .bind(now_ms())
    .bind(id)
    .execute(&mut *tx.conn())
    .await?;
    let after = serde_json::json!({"outcome": outcome.as_str(), "head_appeared": head_appeared});
    tx.record(Event {
        action: "litigation.judgment",
        object_type: "litigation",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("行政诉讼 {id}：{}", outcome.label_zh()),
    })
    .await?;
    Ok(())
}

/// A lawsuit as listed.
#[derive(Debug, Clone, Serialize)]
pub struct Lawsuit {
    pub id: i64,
    pub court: String,
    pub court_case_no: String,
    pub instance: Instance,
    pub defendant: String,
    /// 行政诉讼法 第二十六条 第二款 after a reconsideration; '' otherwise.
    pub defendants: String,
    pub plaintiff: String,
    pub served_on: String,
    pub defence_due: NaiveDate,
    pub defence_filed: bool,
    /// The head who appeared ('' when none did).
    pub head: String,
    pub outcome: Option<Outcome>,
}

/// The lawsuits against the bodies of `who`'s scope, latest first.
pub async fn list(db: &Db, who: &Principal, limit: i64) -> Result<Vec<Lawsuit>> {
    who.require(Permission::ViewReconsideration)?;
    let b = who.scope_binds();
    let rows = sqlx::query(
        "SELECT l.id, l.court, l.court_case_no, l.instance, d.name, l.plaintiff, l.served_on, l.defence_due, \
         l.defence_filed_on, l.head_appeared, l.appearing_head, l.outcome, l.defendants FROM litigation_cases l \
         JOIN departments d ON d.id = l.defendant_department_id \
         WHERE l.region_code = $1 AND ($2 = 1 OR l.defendant_department_id IN \
         (SELECT descendant_id FROM department_closure WHERE ancestor_id = $3 AND depth <= $4)) \
         ORDER BY l.served_on DESC, l.id DESC LIMIT $5",
    )
    .bind(who.region.clone())
    .bind(b.all)
    .bind(b.anchor)
    .bind(b.max_depth)
    .bind(limit.clamp(1, 1000))
    .fetch_all(db.pool())
    .await?;
    let bad = |what: &str, v: &str| Error::Internal(format!("stored lawsuit {what}: {v:?}"));
    rows.iter()
        .map(|r| {
            let instance: String = r.try_get(3)?;
            let due: String = r.try_get(7)?;
            let outcome: String = r.try_get(11)?;
            let appeared: i64 = r.try_get(9)?;
            Ok(Lawsuit {
                id: r.try_get(0)?,
                court: r.try_get(1)?,
                court_case_no: r.try_get(2)?,
                instance: Instance::parse(&instance).ok_or_else(|| bad("instance", &instance))?,
                defendant: r.try_get(4)?,
                defendants: r.try_get(12)?,
                plaintiff: r.try_get(5)?,
                served_on: r.try_get(6)?,
                defence_due: due.parse().map_err(|_| bad("defence_due", &due))?,
                defence_filed: r.try_get::<Option<String>, _>(8)?.is_some(),
                head: if appeared == 1 {
                    r.try_get(10)?
                } else {
                    String::new()
                },
                outcome: if outcome.is_empty() {
                    None
                } else {
                    Some(Outcome::parse(&outcome).ok_or_else(|| bad("outcome", &outcome))?)
                },
            })
        })
        .collect()
}

/// `fazhi litigation stats --year Y --json`.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct LitigationStats {
    pub year: i32,
    /// Lawsuits served in the year, by instance.
    pub first_instance: i64,
    pub second_instance: i64,
    /// Judged in the year against the body (败诉).
    pub lost: i64,
    /// Hearings in the year the body's head attended (负责人出庭应诉).
    pub head_appearances: i64,
    /// Hearings held in the year.
    pub hearings: i64,
}

pub async fn stats(db: &Db, region: &str, year: i32) -> Result<LitigationStats> {
    let from = format!("{year}-01-01");
    let to = format!("{}-01-01", year + 1);
    let r = sqlx::query(
        "SELECT \
         CAST(COALESCE(SUM(CASE WHEN instance = 'first' AND served_on >= $2 AND served_on < $3 THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN instance = 'second' AND served_on >= $2 AND served_on < $3 THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN judgment_on >= $2 AND judgment_on < $3 AND outcome IN ('revoked', 'changed', 'confirmed_illegal', 'ordered_to_act') THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN hearing_on >= $2 AND hearing_on < $3 AND head_appeared = 1 THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN hearing_on >= $2 AND hearing_on < $3 THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM litigation_cases WHERE region_code = $1",
    )
    .bind(region.to_string())
    .bind(from)
    .bind(to)
    .fetch_one(db.pool())
    .await?;
    Ok(LitigationStats {
        year,
        first_instance: r.try_get(0)?,
        second_instance: r.try_get(1)?,
        lost: r.try_get(2)?,
        head_appearances: r.try_get(3)?,
        hearings: r.try_get(4)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 行政诉讼法 第六十七条: fifteen days from receiving the complaint; served 2024-09-16, the
    /// fifteenth day 10-01 falls in the National Day holiday, so 10-08.
    #[test]
    fn defence_due_fifteen_days_xzssf_art67() {
        let cal = HolidayCalendar::from_toml_str(include_str!("../data/cn-holidays.toml"))
            .expect("bundled calendar parses");
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(defence_due(&cal, d("2024-09-16")).unwrap(), d("2024-10-08"));
        assert_eq!(defence_due(&cal, d("2024-03-04")).unwrap(), d("2024-03-19"));
    }

    #[test]
    fn losing_outcomes() {
        assert!(Outcome::Revoked.lost());
        assert!(!Outcome::Upheld.lost());
        assert!(!Outcome::Withdrawn.lost());
    }
}
