//! Where a body's fines are paid (行政处罚法 第六十七条 第三款: 当事人应当自收到行政处罚决定书之日起
//! 十五日内，到指定的银行或者通过电子支付系统缴纳罚款): the collecting bank (代收银行), account
//! name, account number and the body's 非税收入 collection code (执收单位编码), entered by the
//! body's department administrator with the date they take effect. A decision prints the details
//! in effect on its decision date; a change is a new row, so what an earlier decision printed can
//! always be shown again.

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::Row;

use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal};
use crate::db::Db;
use crate::time::now_ms;
use crate::{Error, Result};

/// Payment details as entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentDetails {
    /// 代收银行: 中国工商银行天津滨海分行.
    pub bank: String,
    /// 户名.
    pub account_name: String,
    /// 账号.
    pub account_no: String,
    /// 执收单位编码 (非税收入).
    pub revenue_code: String,
    /// First day the details apply.
    pub effective_on: NaiveDate,
}

/// One stored row, with who entered it.
#[derive(Debug, Clone, Serialize)]
pub struct PaymentDetailsRow {
    pub id: i64,
    pub details: PaymentDetails,
    pub entered_by: String,
    pub entered_at: i64,
}

/// The fields, with their (Chinese, English) labels, in the order the form shows them.
pub const PAYMENT_FIELDS: [(&str, &str, &str); 4] = [
    ("bank", "代收银行", "collecting bank"),
    ("account_name", "户名", "account name"),
    ("account_no", "账号", "account number"),
    (
        "revenue_code",
        "执收单位编码",
        "non-tax revenue collection code",
    ),
];

fn field_error(field: &'static str, zh: String, en: String) -> Error {
    Error::domain_invalid("org.payment_details", field, zh, en)
}

/// Checks the details: every field present; the account number digits (spaces and hyphens as
/// printed on bank forms allowed); the collection code letters and digits.
pub fn validate_payment_details(d: &PaymentDetails) -> Result<()> {
    let values = [&d.bank, &d.account_name, &d.account_no, &d.revenue_code];
    for ((field, zh, en), v) in PAYMENT_FIELDS.iter().zip(values) {
        let n = v.trim().chars().count();
        if n == 0 || n > 100 {
            return Err(field_error(
                field,
                format!("请填写{zh}（不超过 100 字）。"),
                format!("enter the {en} (at most 100 characters)"),
            ));
        }
    }
    let digits: String = d
        .account_no
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .collect();
    if !(6..=34).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(field_error(
            "account_no",
            "账号应为 6–34 位数字（可含空格或连字符）。".into(),
            "the account number is 6–34 digits (spaces or hyphens allowed)".into(),
        ));
    }
    let code = d.revenue_code.trim();
    if code.len() > 30 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(field_error(
            "revenue_code",
            "执收单位编码应为不超过 30 位的字母或数字。".into(),
            "the collection code is at most 30 letters or digits".into(),
        ));
    }
    Ok(())
}

/// Stores a body's payment details inside the caller's transaction (no permission check: the
/// demo and `set_payment_details` call it).
pub async fn insert_payment_details(
    tx: &mut AuditedTx,
    region: &str,
    department_id: i64,
    entered_by: Option<i64>,
    d: &PaymentDetails,
) -> Result<i64> {
    validate_payment_details(d)?;
    let id: i64 = sqlx::query(
        "INSERT INTO department_payment_details (region_code, department_id, bank, account_name, account_no, revenue_code, effective_on, entered_by, entered_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(region.to_string())
    .bind(department_id)
    .bind(d.bank.trim().to_string())
    .bind(d.account_name.trim().to_string())
    .bind(d.account_no.trim().to_string())
    .bind(d.revenue_code.trim().to_string())
    .bind(d.effective_on.to_string())
    .bind(entered_by)
    .bind(now_ms())
    .fetch_one(tx.conn())
    .await?
    .try_get(0)?;
    let after = serde_json::to_value(d).unwrap_or_default();
    tx.record(Event {
        action: "department.payment_details",
        object_type: "department",
        object_id: department_id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!(
            "登记罚没款缴款信息：{}，{} 起施行",
            d.bank.trim(),
            d.effective_on
        ),
    })
    .await?;
    Ok(id)
}

/// The department administrator enters the payment details of their own body (or a body below
/// it in their scope).
pub async fn set_payment_details(
    db: &Db,
    who: &Principal,
    department_id: i64,
    d: &PaymentDetails,
) -> Result<i64> {
    who.require(Permission::EditOrg)?;
    who.require_department(db, department_id).await?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let id =
        insert_payment_details(&mut tx, &who.region, department_id, Some(who.user_id), d).await?;
    tx.commit().await?;
    Ok(id)
}

fn row_to_details(r: &sqlx::any::AnyRow) -> Result<PaymentDetails> {
    let on: String = r.try_get(4)?;
    Ok(PaymentDetails {
        bank: r.try_get(0)?,
        account_name: r.try_get(1)?,
        account_no: r.try_get(2)?,
        revenue_code: r.try_get(3)?,
        effective_on: on
            .parse()
            .map_err(|_| Error::Internal(format!("bad effective_on {on}")))?,
    })
}

/// The details of a body in effect on a date (the latest entered that has taken effect), or
/// `None` when the body has entered none yet.
pub async fn payment_details_on(
    db: &Db,
    department_id: i64,
    on: NaiveDate,
) -> Result<Option<PaymentDetails>> {
    sqlx::query(
        "SELECT bank, account_name, account_no, revenue_code, effective_on FROM department_payment_details \
         WHERE department_id = $1 AND effective_on <= $2 ORDER BY effective_on DESC, id DESC LIMIT 1",
    )
    .bind(department_id)
    .bind(on.to_string())
    .fetch_optional(db.pool())
    .await?
    .map(|r| row_to_details(&r))
    .transpose()
}

/// Every row a body entered, newest first (department administrators of the body's scope).
pub async fn list_payment_details(
    db: &Db,
    who: &Principal,
    department_id: i64,
) -> Result<Vec<PaymentDetailsRow>> {
    who.require(Permission::EditOrg)?;
    who.require_department(db, department_id).await?;
    let rows = sqlx::query(
        "SELECT p.bank, p.account_name, p.account_no, p.revenue_code, p.effective_on, p.id, COALESCE(u.display_name, ''), p.entered_at \
         FROM department_payment_details p LEFT JOIN users u ON u.id = p.entered_by \
         WHERE p.department_id = $1 ORDER BY p.effective_on DESC, p.id DESC",
    )
    .bind(department_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(PaymentDetailsRow {
                details: row_to_details(r)?,
                id: r.try_get(5)?,
                entered_by: r.try_get(6)?,
                entered_at: r.try_get(7)?,
            })
        })
        .collect()
}
