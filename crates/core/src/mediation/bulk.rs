//! Batched writes of generated records (the demo and the benchmark): each record passes the
//! same checks as on the page ([`workflow::validate`], [`screenings::validate`]), then rows go
//! in multi-row inserts, one transaction and one audit entry per batch. The page's path audits
//! each record on its own; a batch entry names how many records it wrote. Generated disputes
//! carry their outcome but no per-session record.

use chrono::NaiveDate;
use sqlx::Row;

use super::orgs::placeholders;
use super::rules::{AgreementForm, CHANNELS};
use super::screenings::{self, NewScreening, ScreeningStatus};
use super::workflow::{self, NewDispute};
use crate::audit::{Actor, AuditedTx, Event};
use crate::db::Db;
use crate::time::now_ms;
use crate::{Error, Result};

/// How a generated dispute ended.
#[derive(Debug, Clone)]
pub enum Outcome {
    Open,
    Agreed {
        form: AgreementForm,
        text: String,
        on: NaiveDate,
    },
    /// 第二十六条: the parties were told every channel.
    Failed {
        on: NaiveDate,
    },
}

/// A generated dispute: its intake and outcome, at its organisation (and 街镇).
#[derive(Debug, Clone)]
pub struct Generated {
    pub new: NewDispute,
    pub subdistrict: String,
    pub escalations: i64,
    pub outcome: Outcome,
}

const ROWS_PER_STATEMENT: usize = 400;
const DISPUTE_COLS: usize = 21;

/// Writes disputes in one audited transaction (callers split into batches of a few thousand).
pub async fn disputes(db: &Db, actor: Actor, region: &str, list: &[Generated]) -> Result<()> {
    let today = crate::time::today();
    for g in list {
        workflow::validate(&g.new, today)?;
    }
    let told = CHANNELS.iter().map(|c| c.1).collect::<Vec<_>>().join("、");
    let mut tx = AuditedTx::begin(db, actor).await?;
    let now = now_ms();
    let mut first: Option<i64> = None;
    for chunk in list.chunks(ROWS_PER_STATEMENT) {
        let mut sql = String::from(
            "INSERT INTO mediation_disputes (region_code, case_no, organisation_id, subdistrict, channel, work_order_id, referral_no, kind, \
             applicant, respondent, summary, amount_fen, received_on, status, escalations, agreement_form, agreement_text, closed_on, effective_on, channels_told, created_at) VALUES ",
        );
        sql.push_str(&placeholders(chunk.len(), DISPUTE_COLS));
        sql.push_str(" RETURNING id");
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for g in chunk {
            let n = &g.new;
            // Agreements take effect on the day reached or signed (第二十九条, 第三十条);
            // failures record the channels told (第二十六条).
            let (status, form, text, closed, told) = match &g.outcome {
                Outcome::Open => ("open", "", String::new(), None, ""),
                Outcome::Agreed { form, text, on } => (
                    "agreed",
                    form.as_str(),
                    text.clone(),
                    Some(on.to_string()),
                    "",
                ),
                Outcome::Failed { on } => (
                    "failed",
                    "",
                    String::new(),
                    Some(on.to_string()),
                    told.as_str(),
                ),
            };
            let effective = if status == "agreed" {
                closed.clone()
            } else {
                None
            };
            q = q
                .bind(region.to_string())
                .bind(String::new())
                .bind(n.organisation_id)
                .bind(g.subdistrict.clone())
                .bind(n.channel.as_str())
                .bind(n.work_order_id)
                .bind(n.referral_no.clone())
                .bind(n.kind.as_str())
                .bind(n.applicant.clone())
                .bind(n.respondent.clone())
                .bind(n.summary.clone())
                .bind(n.amount_fen)
                .bind(n.received_on.to_string())
                .bind(status)
                .bind(g.escalations)
                .bind(form)
                .bind(text)
                .bind(closed)
                .bind(effective)
                .bind(told.to_string())
                .bind(now);
        }
        for r in q.fetch_all(&mut *tx.conn()).await? {
            let id: i64 = r.try_get(0)?;
            first = Some(first.map_or(id, |f: i64| f.min(id)));
        }
    }
    // Numbers follow the ids (the range of this batch, by primary key).
    sqlx::query(
        "UPDATE mediation_disputes SET case_no = '滨调〔' || SUBSTR(received_on, 1, 4) || '〕' || CAST(id AS TEXT) || '号' \
         WHERE id >= $1 AND region_code = $2 AND case_no = ''",
    )
    .bind(first.unwrap_or(i64::MAX))
    .bind(region.to_string())
    .execute(&mut *tx.conn())
    .await?;
    let after = serde_json::json!({"disputes": list.len()});
    tx.record(Event {
        action: "mediation.disputes_generate",
        object_type: "mediation_dispute",
        object_id: String::new(),
        before: None,
        after: Some(&after),
        summary: format!("批量登记人民调解纠纷 {} 件", list.len()),
    })
    .await?;
    tx.commit().await
}

/// Writes screenings in one audited transaction, each with its final status.
pub async fn screenings(
    db: &Db,
    actor: Actor,
    region: &str,
    list: &[(NewScreening, ScreeningStatus)],
) -> Result<()> {
    let today = crate::time::today();
    for (s, st) in list {
        screenings::validate(s, today)?;
        if *st == ScreeningStatus::Escalated && !super::rules::must_escalate(s.risk) {
            return Err(Error::Internal("only high risks are escalated".into()));
        }
    }
    let mut tx = AuditedTx::begin(db, actor).await?;
    let now = now_ms();
    for chunk in list.chunks(ROWS_PER_STATEMENT) {
        let mut sql = String::from(
            "INSERT INTO mediation_screenings (region_code, subdistrict, grid, screened_on, risk, finding, status, created_at) VALUES ",
        );
        sql.push_str(&placeholders(chunk.len(), 8));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (s, st) in chunk {
            q = q
                .bind(region.to_string())
                .bind(s.subdistrict.clone())
                .bind(s.grid.clone())
                .bind(s.screened_on.to_string())
                .bind(s.risk.as_str())
                .bind(s.finding.clone())
                .bind(st.as_str())
                .bind(now);
        }
        q.execute(&mut *tx.conn()).await?;
    }
    let after = serde_json::json!({"screenings": list.len()});
    tx.record(Event {
        action: "mediation.screenings_generate",
        object_type: "mediation_screening",
        object_id: String::new(),
        before: None,
        after: Some(&after),
        summary: format!("批量登记矛盾排查 {} 次", list.len()),
    })
    .await?;
    tx.commit().await
}
