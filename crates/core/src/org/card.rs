//! Enforcement cards (执法证): number, domains, validity and status.

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::Row;

use super::json_list;
use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal};
use crate::db::{Db, is_unique_violation};
use crate::labels::labelled_enum;
use crate::time::now_ms;
use crate::{Code, Error, Result};

/// Cards expiring within this many days are flagged on the officer list and the home page.
pub const CARD_EXPIRY_WARNING_DAYS: i64 = 30;

labelled_enum!(
    /// Status of a card.
    CardStatus {
        Valid = "valid", "有效", "Valid";
        Suspended = "suspended", "暂扣", "Suspended";
        Revoked = "revoked", "注销", "Revoked";
    }
);

/// A card to issue.
#[derive(Debug, Clone)]
pub struct NewCard {
    pub card_no: String,
    pub domains: Vec<String>,
    pub issued_on: NaiveDate,
    pub valid_until: NaiveDate,
}

/// A card as stored.
#[derive(Debug, Clone, Serialize)]
pub struct CardRow {
    pub id: i64,
    pub officer_id: i64,
    pub card_no: String,
    pub domains: Vec<String>,
    pub issued_on: NaiveDate,
    pub valid_until: NaiveDate,
    pub status: CardStatus,
}

/// May the holder of this card act in `domain` on `date`? (行政处罚法 第四十二条: enforcement
/// by officers holding enforcement credentials; the card must be valid that day and cover the
/// domain.) An empty domain asks only about validity.
pub fn card_valid_on(card: &CardRow, date: NaiveDate, domain: &str) -> bool {
    card.status == CardStatus::Valid
        && card.issued_on <= date
        && date <= card.valid_until
        && (domain.is_empty() || card.domains.iter().any(|d| d == domain))
}

pub(crate) fn validate_card(c: &NewCard) -> Result<()> {
    let no = c.card_no.trim();
    if no.is_empty()
        || no.len() > 32
        || !no.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-')
    {
        return Err(Error::of(Code::CardNumber).for_field("card_no"));
    }
    if c.valid_until < c.issued_on {
        return Err(Error::of(Code::CardValidity).for_field("valid_until"));
    }
    Ok(())
}

/// Issues a card inside a transaction (no permission check: callers check).
pub(crate) async fn insert_card(
    tx: &mut AuditedTx,
    region: &str,
    officer_id: i64,
    c: &NewCard,
) -> Result<i64> {
    validate_card(c)?;
    let now = now_ms();
    let res = sqlx::query(
        "INSERT INTO enforcement_cards (region_code, officer_id, card_no, domains, issued_on, valid_until, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'valid', $7, $7) RETURNING id",
    )
    .bind(region.to_string())
    .bind(officer_id)
    .bind(c.card_no.trim().to_string())
    .bind(serde_json::to_string(&c.domains).unwrap_or_else(|_| "[]".into()))
    .bind(c.issued_on.to_string())
    .bind(c.valid_until.to_string())
    .bind(now)
    .fetch_one(tx.conn())
    .await;
    let id: i64 = match res {
        Ok(r) => r.try_get(0)?,
        Err(e) if is_unique_violation(&e) => {
            return Err(Error::of(Code::CardExists).arg("card_no", &c.card_no));
        }
        Err(e) => return Err(e.into()),
    };
    let after = serde_json::json!({
        "id": id, "officer_id": officer_id, "card_no": c.card_no, "domains": c.domains,
        "issued_on": c.issued_on.to_string(), "valid_until": c.valid_until.to_string(), "status": "valid",
    });
    tx.record(Event {
        action: "card.issue",
        object_type: "enforcement_card",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("核发执法证 {}", c.card_no),
    })
    .await?;
    Ok(id)
}

async fn officer_department(db: &Db, officer_id: i64) -> Result<i64> {
    sqlx::query("SELECT department_id FROM officers WHERE id = $1")
        .bind(officer_id)
        .fetch_optional(db.pool())
        .await?
        .map(|r| r.try_get::<i64, _>(0))
        .transpose()?
        .ok_or_else(|| Error::not_found("officer"))
}

/// Issues a card to an officer in the caller's scope.
pub async fn add_card(db: &Db, who: &Principal, officer_id: i64, c: &NewCard) -> Result<i64> {
    who.require(Permission::EditOrg)?;
    let dept = officer_department(db, officer_id).await?;
    if !who.covers_department(db, dept).await? {
        return Err(Error::not_found("officer"));
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let id = insert_card(&mut tx, &who.region, officer_id, c).await?;
    tx.commit().await?;
    Ok(id)
}

/// Suspends, revokes or restores a card of an officer in the caller's scope.
pub async fn set_card_status(
    db: &Db,
    who: &Principal,
    card_id: i64,
    status: CardStatus,
) -> Result<()> {
    who.require(Permission::EditOrg)?;
    let row = sqlx::query(
        "SELECT c.status, o.department_id, c.card_no FROM enforcement_cards c JOIN officers o ON o.id = c.officer_id WHERE c.id = $1",
    )
    .bind(card_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or_else(|| Error::not_found("card"))?;
    let old: String = row.try_get(0)?;
    let dept: i64 = row.try_get(1)?;
    let no: String = row.try_get(2)?;
    if !who.covers_department(db, dept).await? {
        return Err(Error::not_found("card"));
    }
    if old == CardStatus::Revoked.as_str() {
        return Err(Error::of(Code::CardRevoked));
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    sqlx::query("UPDATE enforcement_cards SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status.as_str())
        .bind(now_ms())
        .bind(card_id)
        .execute(tx.conn())
        .await?;
    let b = serde_json::json!({"status": old});
    let a = serde_json::json!({"status": status.as_str()});
    tx.record(Event {
        action: "card.status",
        object_type: "enforcement_card",
        object_id: card_id.to_string(),
        before: Some(&b),
        after: Some(&a),
        summary: format!("执法证 {no} 状态改为{}", status.label_zh()),
    })
    .await?;
    tx.commit().await
}

/// A card from a row selected with `CARD_COLS` (public for the demo's bulk reads).
pub fn row_to_card(r: &sqlx::any::AnyRow) -> Result<CardRow> {
    let domains: String = r.try_get(3)?;
    let issued: String = r.try_get(4)?;
    let until: String = r.try_get(5)?;
    let status: String = r.try_get(6)?;
    let date = |s: &str| {
        s.parse::<NaiveDate>()
            .map_err(|e| Error::Internal(format!("stored date {s:?}: {e}")))
    };
    Ok(CardRow {
        id: r.try_get(0)?,
        officer_id: r.try_get(1)?,
        card_no: r.try_get(2)?,
        domains: json_list(&domains, "enforcement_cards.domains")?,
        issued_on: date(&issued)?,
        valid_until: date(&until)?,
        status: CardStatus::parse(&status).unwrap_or(CardStatus::Revoked),
    })
}

/// The columns `row_to_card` reads, in order, of `enforcement_cards c`.
pub const CARD_COLS: &str =
    "c.id, c.officer_id, c.card_no, c.domains, c.issued_on, c.valid_until, c.status";

/// Valid cards in the caller's scope that expire between `today` and `today + days`.
pub async fn expiring_cards(
    db: &Db,
    who: &Principal,
    today: NaiveDate,
    days: i64,
) -> Result<Vec<(CardRow, String)>> {
    who.require(Permission::ViewOrg)?;
    let until = today + chrono::Duration::days(days);
    let b = who.scope_binds();
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {CARD_COLS}, o.name FROM enforcement_cards c JOIN officers o ON o.id = c.officer_id \
         WHERE c.status = 'valid' AND c.valid_until >= $1 AND c.valid_until <= $2 AND o.region_code = $3 AND {} \
         ORDER BY c.valid_until, c.id LIMIT 200",
        crate::auth::scope_sql("o.department_id", 4)
    )))
    .bind(today.to_string())
    .bind(until.to_string())
    .bind(who.region.clone())
    .bind(b.all)
    .bind(b.anchor)
    .bind(b.max_depth)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| Ok((row_to_card(r)?, r.try_get::<String, _>(7)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn validity_window_status_and_domain() {
        let card = CardRow {
            id: 1,
            officer_id: 1,
            card_no: "12011600001".into(),
            domains: vec!["食品安全".into()],
            issued_on: d("2024-01-01"),
            valid_until: d("2026-12-31"),
            status: CardStatus::Valid,
        };
        assert!(card_valid_on(&card, d("2024-01-01"), "食品安全"));
        assert!(card_valid_on(&card, d("2026-12-31"), ""));
        assert!(!card_valid_on(&card, d("2027-01-01"), ""));
        assert!(!card_valid_on(&card, d("2023-12-31"), ""));
        assert!(!card_valid_on(&card, d("2025-01-01"), "安全生产"));
        let suspended = CardRow {
            status: CardStatus::Suspended,
            ..card
        };
        assert!(!card_valid_on(&suspended, d("2025-01-01"), "食品安全"));
    }

    /// The stored names, labels and JSON of the org enums stay what the hand-written code had.
    #[test]
    fn org_enums_store_label_and_parse_as_before() {
        use crate::org::DeptKind;
        for (v, s, zh) in [
            (CardStatus::Valid, "valid", "有效"),
            (CardStatus::Suspended, "suspended", "暂扣"),
            (CardStatus::Revoked, "revoked", "注销"),
        ] {
            assert_eq!((v.as_str(), v.label_zh()), (s, zh));
            assert_eq!(CardStatus::parse(s), Some(v));
            assert_eq!(CardStatus::parse(&format!(" {zh} ")), Some(v));
            assert_eq!(serde_json::to_string(&v).unwrap(), format!("\"{s}\""));
        }
        assert_eq!(CardStatus::Revoked.label_en(), "Revoked");
        for (v, s, zh) in [
            (DeptKind::Agency, "agency", "行政机关"),
            (DeptKind::Authorized, "authorized", "法律法规授权组织"),
            (DeptKind::Entrusted, "entrusted", "受委托组织"),
        ] {
            assert_eq!((v.as_str(), v.label_zh()), (s, zh));
            assert_eq!(
                (DeptKind::parse(s), DeptKind::parse(zh)),
                (Some(v), Some(v))
            );
            assert_eq!(serde_json::to_string(&v).unwrap(), format!("\"{s}\""));
        }
        assert_eq!(
            DeptKind::Authorized.label_en(),
            "Organisation authorised by law"
        );
        assert_eq!(DeptKind::parse("行政"), None);
    }
}
