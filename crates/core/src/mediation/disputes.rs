//! Disputes as stored, and the lists the pages read with the mediation scope applied in SQL.

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::Row;

use super::rules::{AgreementForm, Channel, DisputeKind, Level};
use super::scope::{self, Scope};
use crate::auth::Principal;
use crate::db::Db;
use crate::labels::labelled_enum;
use crate::{Error, Result};

labelled_enum!(
    /// Where a dispute stands.
    Status {
        Open = "open", "调解中", "Being mediated";
        Agreed = "agreed", "调解成功", "Agreement reached";
        Failed = "failed", "调解不成", "Mediation failed";
    }
);

labelled_enum!(
    /// The court's ruling on 司法确认 (民事诉讼法 第二百零六条).
    ConfirmResult {
        Pending = "pending", "已申请，待法院裁定", "Applied, awaiting the court";
        Valid = "valid", "裁定调解协议有效", "Agreement confirmed valid";
        Rejected = "rejected", "裁定驳回申请", "Application rejected";
    }
);

/// A dispute.
#[derive(Debug, Clone, Serialize)]
pub struct Dispute {
    pub id: i64,
    pub case_no: String,
    pub organisation_id: i64,
    pub organisation: String,
    pub level: Level,
    pub subdistrict: String,
    pub channel: Channel,
    pub work_order_id: Option<i64>,
    pub referral_no: String,
    pub kind: DisputeKind,
    pub applicant: String,
    pub respondent: String,
    pub summary: String,
    pub amount_fen: i64,
    pub received_on: NaiveDate,
    pub status: Status,
    pub escalations: i64,
    pub agreement_form: Option<AgreementForm>,
    pub agreement_text: String,
    pub closed_on: Option<NaiveDate>,
    pub effective_on: Option<NaiveDate>,
    pub channels_told: String,
    pub followed_up_on: Option<NaiveDate>,
    pub follow_up_note: String,
    pub confirm_applied_on: Option<NaiveDate>,
    pub confirm_court: String,
    pub confirm_result: Option<ConfirmResult>,
}

pub(crate) const COLS: &str = "d.id, d.case_no, d.organisation_id, o.name, o.level, d.subdistrict, d.channel, d.work_order_id, \
    d.referral_no, d.kind, d.applicant, d.respondent, d.summary, d.amount_fen, d.received_on, d.status, d.escalations, \
    d.agreement_form, d.agreement_text, d.closed_on, d.effective_on, d.channels_told, d.followed_up_on, d.follow_up_note, \
    d.confirm_applied_on, d.confirm_court, d.confirm_result";

pub(crate) const FROM: &str =
    "mediation_disputes d JOIN mediation_organisations o ON o.id = d.organisation_id";

fn date(v: Option<String>, what: &str) -> Result<Option<NaiveDate>> {
    match v.as_deref() {
        None | Some("") => Ok(None),
        Some(s) => s
            .parse()
            .map(Some)
            .map_err(|_| Error::Internal(format!("stored {what}: {s:?}"))),
    }
}

pub(crate) fn from_row(r: &sqlx::any::AnyRow) -> Result<Dispute> {
    let s = |i: usize| -> Result<String> { Ok(r.try_get::<String, _>(i)?) };
    let o = |i: usize| -> Result<Option<String>> { Ok(r.try_get::<Option<String>, _>(i)?) };
    let bad = |what: &str, v: &str| Error::Internal(format!("stored {what}: {v:?}"));
    let (level, channel, kind, status, form, confirm) =
        (s(4)?, s(6)?, s(9)?, s(15)?, s(17)?, s(26)?);
    Ok(Dispute {
        id: r.try_get(0)?,
        case_no: s(1)?,
        organisation_id: r.try_get(2)?,
        organisation: s(3)?,
        level: Level::parse(&level).ok_or_else(|| bad("level", &level))?,
        subdistrict: s(5)?,
        channel: Channel::parse(&channel).ok_or_else(|| bad("channel", &channel))?,
        work_order_id: r.try_get(7)?,
        referral_no: s(8)?,
        kind: DisputeKind::parse(&kind).ok_or_else(|| bad("kind", &kind))?,
        applicant: s(10)?,
        respondent: s(11)?,
        summary: s(12)?,
        amount_fen: r.try_get(13)?,
        received_on: date(Some(s(14)?), "received_on")?.ok_or_else(|| bad("received_on", ""))?,
        status: Status::parse(&status).ok_or_else(|| bad("status", &status))?,
        escalations: r.try_get(16)?,
        agreement_form: AgreementForm::parse(&form),
        agreement_text: s(18)?,
        closed_on: date(o(19)?, "closed_on")?,
        effective_on: date(o(20)?, "effective_on")?,
        channels_told: s(21)?,
        followed_up_on: date(o(22)?, "followed_up_on")?,
        follow_up_note: s(23)?,
        confirm_applied_on: date(o(24)?, "confirm_applied_on")?,
        confirm_court: s(25)?,
        confirm_result: ConfirmResult::parse(&confirm),
    })
}

impl Dispute {
    /// The amount in yuan, for people.
    pub fn amount_yuan(&self) -> String {
        crate::money::Money::from_fen(self.amount_fen).format_yuan()
    }
}

/// Loads a dispute of the region inside a transaction (no scope check: callers check it).
pub async fn load_in(conn: &mut sqlx::AnyConnection, region: &str, id: i64) -> Result<Dispute> {
    let sql = format!("SELECT {COLS} FROM {FROM} WHERE d.id = $1 AND d.region_code = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(region.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| Error::not_found("mediation dispute"))?;
    from_row(&row)
}

/// Whether the scope covers the dispute: its current organisation, or its 街镇 for the 司法所.
pub fn visible(s: &Scope, d: &Dispute) -> bool {
    s.covers(d.organisation_id, &d.subdistrict)
}

/// One dispute, if `who` may see it (not found otherwise, so ids cannot be probed).
pub async fn get(db: &Db, who: &Principal, id: i64) -> Result<Dispute> {
    let s = scope::of(db, who).await?;
    let mut conn = db.pool().acquire().await?;
    let d = load_in(&mut conn, &who.region, id).await?;
    if !visible(&s, &d) {
        return Err(Error::not_found("mediation dispute"));
    }
    Ok(d)
}

/// A line of the whole-process record.
#[derive(Debug, Clone, Serialize)]
pub struct SessionLine {
    pub on: String,
    pub action: String,
    pub actor: String,
    pub note: String,
}

pub async fn sessions(db: &Db, id: i64) -> Result<Vec<SessionLine>> {
    let rows = sqlx::query(
        "SELECT on_date, action, actor, note FROM mediation_sessions WHERE dispute_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(SessionLine {
                on: r.try_get(0)?,
                action: r.try_get(1)?,
                actor: r.try_get(2)?,
                note: r.try_get(3)?,
            })
        })
        .collect()
}

/// A page of the disputes in `who`'s scope, newest first, filtered by status.
pub async fn list(
    db: &Db,
    who: &Principal,
    status: Option<Status>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Dispute>, i64)> {
    let s = scope::of(db, who).await?;
    let (_, org, sub) = scope::binds(&s);
    let st = status.map(|x| x.as_str().to_string()).unwrap_or_default();
    // One fixed statement per scope, each walking its own index in id order:
    // (region, id), (region, subdistrict, id) or (organisation, id).
    let scope_sql = match s {
        Scope::All => "d.region_code = $1 AND $3 = $3 AND $4 = $4",
        Scope::Subdistrict(_) => "d.region_code = $1 AND d.subdistrict = $4 AND $3 = $3",
        Scope::Organisation(_) => "d.region_code = $1 AND d.organisation_id = $3 AND $4 = $4",
        Scope::Nothing => return Ok((Vec::new(), 0)),
    };
    let filter = if st.is_empty() {
        format!("{scope_sql} AND $2 = ''")
    } else {
        format!("{scope_sql} AND d.status = $2")
    };
    let total: i64 = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM mediation_disputes d WHERE {filter}"
    )))
    .bind(who.region.clone())
    .bind(st.clone())
    .bind(org)
    .bind(sub.clone())
    .fetch_one(db.pool())
    .await?
    .try_get(0)?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLS} FROM {FROM} WHERE {filter} ORDER BY d.id DESC LIMIT $5 OFFSET $6"
    )))
    .bind(who.region.clone())
    .bind(st)
    .bind(org)
    .bind(sub)
    .bind(limit.clamp(1, 200))
    .bind(offset.max(0))
    .fetch_all(db.pool())
    .await?;
    let list = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
    Ok((list, total))
}
