//! Inspection records (行政检查) and the certificates issued for them: creation, the gates'
//! inputs gathered from the registries, issuance and signing, revocation, lists and figures.

use std::collections::BTreeSet;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use sqlx::{AnyConnection, Row};

use super::gates::{self, GateInput, Ground, MatterCheck, OfficerCheck, Recent};
use super::keys::{bump_counter, settings, signing_key};
use super::token::{CertPayload, OfficerOnCert, SigningKeyPair, sign};
use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal};
use crate::db::json::decode;
use crate::db::{Bind, Db, Filter};
use crate::org::{CardRow, CardStatus};
use crate::sampling::Outcome;
use crate::time::{date_start_ms, now_ms};
use crate::{Code, Error, Result};

/// An officer of the team and the card domain they act in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub id: i64,
    pub domain: String,
}

/// An inspection to record.
#[derive(Debug, Clone)]
pub struct NewInspection {
    pub ground: Ground,
    /// Plan task number, complaint number, referral document or campaign name.
    pub ground_ref: String,
    pub sampling_inspection_id: Option<i64>,
    /// The legal ground in words (e.g. the article the campaign rests on).
    pub legal_ground: String,
    /// Written reason to inspect within the quiet period (complaint / referral).
    pub reason: String,
    /// The issuing department.
    pub department_id: i64,
    /// Other departments of a joint inspection.
    pub joint_departments: Vec<i64>,
    pub subject_code: String,
    /// Taken from the subject directory when empty.
    pub subject_name: String,
    pub domain: String,
    pub matters: Vec<String>,
    pub officers: Vec<TeamMember>,
    pub window_start: NaiveDate,
    pub window_end: NaiveDate,
    /// Results, when known at creation (draws carry theirs).
    pub outcome: Option<Outcome>,
    pub note: String,
    pub inspected_on: Option<NaiveDate>,
}

/// An inspection as stored.
#[derive(Debug, Clone, Serialize)]
pub struct InspectionRow {
    pub id: i64,
    pub inspection_no: String,
    pub ground: Ground,
    pub ground_ref: String,
    pub sampling_inspection_id: Option<i64>,
    pub legal_ground: String,
    pub reason: String,
    pub department_id: i64,
    pub department: String,
    pub departments: Vec<i64>,
    pub subject_code: String,
    pub subject_name: String,
    pub domain: String,
    pub matters: Vec<String>,
    pub basis: Vec<String>,
    pub officers: Vec<TeamMember>,
    pub window_start: String,
    pub window_end: String,
    pub outcome: Option<String>,
    pub note: String,
    pub inspected_on: Option<String>,
}

/// The columns `row_to_inspection` reads, of `inspections i JOIN departments d`.
pub const INSPECTION_COLS: &str = "i.id, i.inspection_no, i.ground, i.ground_ref, i.sampling_inspection_id, i.legal_ground, i.reason, \
    i.department_id, d.name, i.departments, i.subject_code, i.subject_name, i.domain, i.matters, i.basis, i.officers, \
    i.window_start, i.window_end, i.outcome, i.note, i.inspected_on";

/// An inspection from a row selected with `INSPECTION_COLS` (public for the bench).
pub fn row_to_inspection(r: &sqlx::any::AnyRow) -> Result<InspectionRow> {
    let ground: String = r.try_get(2)?;
    Ok(InspectionRow {
        id: r.try_get(0)?,
        inspection_no: r.try_get(1)?,
        ground: Ground::parse(&ground).unwrap_or(Ground::Campaign),
        ground_ref: r.try_get(3)?,
        sampling_inspection_id: r.try_get(4)?,
        legal_ground: r.try_get(5)?,
        reason: r.try_get(6)?,
        department_id: r.try_get(7)?,
        department: r.try_get(8)?,
        departments: decode(&r.try_get::<String, _>(9)?, "inspections.departments")?,
        subject_code: r.try_get(10)?,
        subject_name: r.try_get(11)?,
        domain: r.try_get(12)?,
        matters: decode(&r.try_get::<String, _>(13)?, "inspections.matters")?,
        basis: decode(&r.try_get::<String, _>(14)?, "inspections.basis")?,
        officers: decode(&r.try_get::<String, _>(15)?, "inspections.officers")?,
        window_start: r.try_get(16)?,
        window_end: r.try_get(17)?,
        outcome: r.try_get(18)?,
        note: r.try_get(19)?,
        inspected_on: r.try_get(20)?,
    })
}

/// Checks the shape of a new inspection (the gates come at issuance).
fn validate(n: &NewInspection) -> Result<()> {
    let code = n.subject_code.trim();
    if code.is_empty() || code.len() > 32 {
        return Err(Error::of(Code::InspectionSubject).for_field("subject_code"));
    }
    if n.window_end < n.window_start {
        return Err(Error::of(Code::InspectionWindow).for_field("window_end"));
    }
    if (n.window_end - n.window_start).num_days() > 92 {
        return Err(Error::of(Code::InspectionWindowLong).for_field("window_end"));
    }
    if n.matters.len() > 12 || n.officers.len() > 12 {
        return Err(Error::of(Code::InspectionTooMany).for_field("matters"));
    }
    if n.ground == Ground::Draw && n.sampling_inspection_id.is_none() {
        return Err(Error::of(Code::InspectionDrawRef).for_field("ground"));
    }
    Ok(())
}

/// Inserts an inspection (no permission check: callers check). Returns (id, number).
pub async fn insert_inspection(
    tx: &mut AuditedTx,
    region: &str,
    n: &NewInspection,
) -> Result<(i64, String)> {
    validate(n)?;
    let mut name = n.subject_name.trim().to_string();
    if name.is_empty() {
        name =
            sqlx::query("SELECT name FROM sampling_subjects WHERE region_code = $1 AND code = $2")
                .bind(region.to_string())
                .bind(n.subject_code.trim().to_string())
                .fetch_optional(tx.conn())
                .await?
                .map(|r| r.try_get::<String, _>(0))
                .transpose()?
                .ok_or_else(|| {
                    Error::of(Code::InspectionSubjectUnknown).for_field("subject_code")
                })?;
    }
    let mut departments = vec![n.department_id];
    for d in &n.joint_departments {
        if !departments.contains(d) {
            departments.push(*d);
        }
    }
    let now = now_ms();
    let by = tx.actor().name.clone();
    let id: i64 = sqlx::query(
        "INSERT INTO inspections (region_code, inspection_no, ground, ground_ref, sampling_inspection_id, legal_ground, reason, \
         department_id, departments, subject_code, subject_name, domain, matters, officers, window_start, window_end, \
         outcome, note, inspected_on, created_by, created_at, updated_at) \
         VALUES ($1, '', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20) RETURNING id",
    )
    .bind(region.to_string())
    .bind(n.ground.as_str())
    .bind(n.ground_ref.trim().to_string())
    .bind(n.sampling_inspection_id)
    .bind(n.legal_ground.trim().to_string())
    .bind(n.reason.trim().to_string())
    .bind(n.department_id)
    .bind(serde_json::to_string(&departments).map_err(|e| Error::Internal(e.to_string()))?)
    .bind(n.subject_code.trim().to_string())
    .bind(name.clone())
    .bind(n.domain.trim().to_string())
    .bind(serde_json::to_string(&n.matters).map_err(|e| Error::Internal(e.to_string()))?)
    .bind(serde_json::to_string(&n.officers).map_err(|e| Error::Internal(e.to_string()))?)
    .bind(n.window_start.to_string())
    .bind(n.window_end.to_string())
    .bind(n.outcome.map(|o| o.as_str().to_string()))
    .bind(n.note.clone())
    .bind(n.inspected_on.map(|d| d.to_string()))
    .bind(by)
    .bind(now)
    .fetch_one(tx.conn())
    .await
    .map_err(|e| {
        if crate::db::is_unique_violation(&e) {
            Error::of(Code::InspectionDuplicateDraw)
        } else {
            e.into()
        }
    })?
    .try_get(0)?;
    // 检查编号: year of the window and the record id.
    let no = format!("JC{}{:06}", n.window_start.format("%Y"), id);
    sqlx::query("UPDATE inspections SET inspection_no = $1 WHERE id = $2")
        .bind(no.clone())
        .bind(id)
        .execute(tx.conn())
        .await?;
    let after = serde_json::json!({
        "inspection_no": no, "ground": n.ground.as_str(), "ground_ref": n.ground_ref,
        "department_id": n.department_id, "subject_code": n.subject_code, "matters": n.matters,
        "window": [n.window_start.to_string(), n.window_end.to_string()],
    });
    tx.record(Event {
        action: "inspection.create",
        object_type: "inspection",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("登记检查 {no}（{}）：{name}", n.ground.label_zh()),
    })
    .await?;
    Ok((id, no))
}

/// Records an inspection for the caller's department(s).
pub async fn create_inspection(db: &Db, who: &Principal, n: &NewInspection) -> Result<i64> {
    who.require(Permission::RecordInspections)?;
    who.require_department(db, n.department_id).await?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let (id, _) = insert_inspection(&mut tx, &who.region, n).await?;
    tx.commit().await?;
    Ok(id)
}

async fn load_inspection(conn: &mut AnyConnection, region: &str, id: i64) -> Result<InspectionRow> {
    let r = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {INSPECTION_COLS} FROM inspections i JOIN departments d ON d.id = i.department_id \
         WHERE i.id = $1 AND i.region_code = $2"
    )))
    .bind(id)
    .bind(region.to_string())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| Error::not_found("inspection"))?;
    row_to_inspection(&r)
}

fn parse_date(s: &str) -> Result<NaiveDate> {
    s.parse()
        .map_err(|_| Error::Internal(format!("bad stored date {s}")))
}

/// The officers of a team with their cards.
async fn officer_checks(
    conn: &mut AnyConnection,
    team: &[TeamMember],
) -> Result<Vec<OfficerCheck>> {
    let mut out = Vec::with_capacity(team.len());
    for m in team {
        // One query per officer: the name and every card (none: a single row of NULLs).
        let rows = sqlx::query(
            "SELECT o.name, c.id, c.card_no, c.domains, c.issued_on, c.valid_until, c.status \
             FROM officers o LEFT JOIN enforcement_cards c ON c.officer_id = o.id WHERE o.id = $1 ORDER BY c.valid_until DESC",
        )
        .bind(m.id)
        .fetch_all(&mut *conn)
        .await?;
        let Some(first) = rows.first() else {
            return Err(gates::Gate::Officers.refuse(
                format!("执法人员 {} 不存在。", m.id),
                format!("officer {} does not exist", m.id),
            ));
        };
        let name: String = first.try_get(0)?;
        let cards = rows
            .iter()
            .filter_map(|r| {
                let id: i64 = r.try_get::<Option<i64>, _>(1).ok()??;
                let card_no: String = r.try_get::<Option<String>, _>(2).ok()??;
                let domains: String = r.try_get::<Option<String>, _>(3).ok()??;
                let issued: String = r.try_get::<Option<String>, _>(4).ok()??;
                let until: String = r.try_get::<Option<String>, _>(5).ok()??;
                let status: String = r.try_get::<Option<String>, _>(6).ok()??;
                let (issued_on, valid_until) = (issued.parse().ok()?, until.parse().ok()?);
                let status = CardStatus::parse(&status)?;
                Some(
                    decode(&domains, "enforcement_cards.domains").map(|domains| CardRow {
                        id,
                        officer_id: m.id,
                        card_no,
                        domains,
                        issued_on,
                        valid_until,
                        status,
                    }),
                )
            })
            .collect::<Result<Vec<_>>>()?;
        out.push(OfficerCheck {
            officer_id: m.id,
            name,
            domain: m.domain.clone(),
            cards,
        });
    }
    Ok(out)
}

async fn matter_checks(
    conn: &mut AnyConnection,
    region: &str,
    codes: &[String],
) -> Result<Vec<MatterCheck>> {
    let mut out = Vec::with_capacity(codes.len());
    for code in codes {
        let item = sqlx::query(
            "SELECT category, status, department_id, body FROM power_items WHERE region_code = $1 AND code = $2",
        )
        .bind(region.to_string())
        .bind(code.clone())
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| -> Result<(String, String, i64, Vec<String>)> {
            let body: serde_json::Value = decode(&r.try_get::<String, _>(3)?, "power_items.body")?;
            let basis = body
                .get("basis")
                .and_then(|b| b.as_array())
                .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
                .unwrap_or_default();
            Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, basis))
        })
        .transpose()?;
        out.push(MatterCheck {
            code: code.clone(),
            item,
        });
    }
    Ok(out)
}

/// What the door sees of an issued certificate.
#[derive(Debug, Clone, Serialize)]
pub struct CertificateRow {
    pub id: i64,
    pub cert_no: String,
    pub inspection_id: i64,
    pub inspection_no: String,
    pub department_id: i64,
    pub department: String,
    pub subject_code: String,
    pub subject_name: String,
    pub kid: String,
    /// Validity, epoch seconds.
    pub valid_from: i64,
    pub valid_until: i64,
    pub issued_at: i64,
    pub status: String,
    pub arrived_at: Option<i64>,
    pub departed_at: Option<i64>,
    pub token: String,
}

const CERT_COLS: &str = "c.id, c.cert_no, c.inspection_id, i.inspection_no, c.department_id, d.name, c.subject_code, i.subject_name, \
    c.kid, c.valid_from, c.valid_until, c.issued_at, c.status, c.arrived_at, c.departed_at, c.token";
const CERT_FROM: &str = "inspection_certificates c JOIN inspections i ON i.id = c.inspection_id JOIN departments d ON d.id = c.department_id";

fn row_to_cert(r: &sqlx::any::AnyRow) -> Result<CertificateRow> {
    Ok(CertificateRow {
        id: r.try_get(0)?,
        cert_no: r.try_get(1)?,
        inspection_id: r.try_get(2)?,
        inspection_no: r.try_get(3)?,
        department_id: r.try_get(4)?,
        department: r.try_get(5)?,
        subject_code: r.try_get(6)?,
        subject_name: r.try_get(7)?,
        kid: r.try_get(8)?,
        valid_from: r.try_get(9)?,
        valid_until: r.try_get(10)?,
        issued_at: r.try_get(11)?,
        status: r.try_get(12)?,
        arrived_at: r.try_get(13)?,
        departed_at: r.try_get(14)?,
        token: r.try_get(15)?,
    })
}

/// A certificate just issued.
#[derive(Debug, Clone, Serialize)]
pub struct Issued {
    pub certificate_id: i64,
    pub cert_no: String,
    pub token: String,
}

/// Runs the gates for an inspection and, if they all pass, issues and signs its certificate
/// (no permission check: callers check). `key` is the active signing key; `issued_at` epoch ms.
pub async fn issue_in_tx(
    tx: &mut AuditedTx,
    region: &str,
    inspection_id: i64,
    key: &SigningKeyPair,
    issued_at: i64,
) -> Result<Issued> {
    let p = prepare_in_tx(tx, region, inspection_id, &key.kid, issued_at).await?;
    let token = sign(key, &p.payload).map_err(Error::Internal)?;
    store_token(tx, p.certificate_id, &token).await?;
    Ok(Issued {
        certificate_id: p.certificate_id,
        cert_no: p.payload.cid,
        token,
    })
}

/// A certificate that passed the gates and is stored, waiting for its signature.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub certificate_id: i64,
    pub payload: CertPayload,
}

/// Stores the signed token of a prepared certificate.
pub async fn store_token(tx: &mut AuditedTx, certificate_id: i64, token: &str) -> Result<()> {
    sqlx::query("UPDATE inspection_certificates SET token = $1 WHERE id = $2")
        .bind(token.to_string())
        .bind(certificate_id)
        .execute(tx.conn())
        .await?;
    Ok(())
}

/// Everything of issuance but the signature: the gates, the certificate row (token empty), the
/// quiet-period rows and the audit entry. Bulk issuers (the demo) sign prepared payloads on
/// several cores, then [`store_token`]; [`issue_in_tx`] does all three for one certificate.
pub async fn prepare_in_tx(
    tx: &mut AuditedTx,
    region: &str,
    inspection_id: i64,
    kid: &str,
    issued_at: i64,
) -> Result<Prepared> {
    let insp = load_inspection(tx.conn(), region, inspection_id).await?;
    let live: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM inspection_certificates WHERE inspection_id = $1 AND status = 'issued'",
    )
    .bind(inspection_id)
    .fetch_one(tx.conn())
    .await?
    .try_get(0)?;
    if live > 0 {
        return Err(Error::of(Code::InspectionAlreadyIssued));
    }
    let start = parse_date(&insp.window_start)?;
    let end = parse_date(&insp.window_end)?;
    let (quiet_days, _) = settings(tx.conn(), region).await?;
    let officers = officer_checks(tx.conn(), &insp.officers).await?;
    let matters = matter_checks(tx.conn(), region, &insp.matters).await?;
    let recent = if quiet_days > 0 {
        recent_inspections(tx, region, inspection_id, &insp, start, quiet_days).await?
    } else {
        Vec::new()
    };
    let input = GateInput {
        ground: insp.ground,
        ground_ref: insp.ground_ref.clone(),
        reason: insp.reason.clone(),
        window_start: start,
        window_end: end,
        departments: insp.departments.clone(),
        officers,
        matters,
        recent,
        quiet_days,
    };
    gates::check(&input)?;
    let basis = cert_basis(&input.matters);
    let of = officers_on_cert(&input.officers, start, end);
    // Valid from the first day 00:00 to the last day 24:00, China Standard Time.
    let nbf = date_start_ms(start) / 1000;
    let exp = date_start_ms(end + Duration::days(1)) / 1000 - 1;
    let month = start.format("%Y-%m").to_string();
    let cert_id: i64 = sqlx::query(
        "INSERT INTO inspection_certificates (region_code, cert_no, inspection_id, department_id, subject_code, kid, token, \
         valid_from, valid_until, month, issued_at, issued_by, status) \
         VALUES ($1, $2, $3, $4, $5, $6, '', $7, $8, $9, $10, $11, 'issued') RETURNING id",
    )
    .bind(region.to_string())
    .bind(format!("pending-{inspection_id}-{issued_at}"))
    .bind(inspection_id)
    .bind(insp.department_id)
    .bind(insp.subject_code.clone())
    .bind(kid.to_string())
    .bind(nbf)
    .bind(exp)
    .bind(month)
    .bind(issued_at)
    .bind(tx.actor().name.clone())
    .fetch_one(tx.conn())
    .await?
    .try_get(0)?;
    let cert_no = format!("Z{}{:07}", start.format("%Y"), cert_id);
    let payload = CertPayload {
        cid: cert_no.clone(),
        iid: insp.inspection_no.clone(),
        sc: insp.subject_code.clone(),
        sn: insp.subject_name.clone(),
        dp: insp.department.clone(),
        of,
        mt: insp.matters.clone(),
        bs: basis.clone(),
        nbf,
        exp,
        iat: issued_at / 1000,
    };
    sqlx::query("UPDATE inspection_certificates SET cert_no = $1 WHERE id = $2")
        .bind(cert_no.clone())
        .bind(cert_id)
        .execute(tx.conn())
        .await?;
    sqlx::query("UPDATE inspections SET basis = $1, updated_at = $2 WHERE id = $3")
        .bind(serde_json::to_string(&basis).map_err(|e| Error::Internal(e.to_string()))?)
        .bind(now_ms())
        .bind(inspection_id)
        .execute(tx.conn())
        .await?;
    record_matters(tx, region, inspection_id, &insp).await?;
    let after = serde_json::json!({ "cert_no": cert_no, "kid": kid, "payload": payload });
    tx.record(Event {
        action: "inspection.certificate_issue",
        object_type: "inspection_certificate",
        object_id: cert_id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("签发电子检查证 {cert_no}（检查 {}）", insp.inspection_no),
    })
    .await?;
    Ok(Prepared {
        certificate_id: cert_id,
        payload,
    })
}

/// For each matter of the inspection, another inspection of the same department, subject and
/// matter within `quiet_days` either side of `start` (the first found), for the quiet-period gate.
async fn recent_inspections(
    tx: &mut AuditedTx,
    region: &str,
    inspection_id: i64,
    insp: &InspectionRow,
    start: NaiveDate,
    quiet_days: i64,
) -> Result<Vec<Recent>> {
    let mut recent = Vec::new();
    let from = (start - Duration::days(quiet_days - 1)).to_string();
    let to = (start + Duration::days(quiet_days - 1)).to_string();
    for m in &insp.matters {
        if let Some(r) = sqlx::query(
            "SELECT i.inspection_no, m.inspect_on FROM inspection_matters m JOIN inspections i ON i.id = m.inspection_id \
             WHERE m.region_code = $1 AND m.department_id = $2 AND m.subject_code = $3 AND m.matter_code = $4 \
             AND m.inspect_on >= $5 AND m.inspect_on <= $6 AND m.inspection_id <> $7 LIMIT 1",
        )
        .bind(region.to_string())
        .bind(insp.department_id)
        .bind(insp.subject_code.clone())
        .bind(m.clone())
        .bind(from.clone())
        .bind(to.clone())
        .bind(inspection_id)
        .fetch_optional(tx.conn())
        .await?
        {
            recent.push(Recent {
                inspection_no: r.try_get(0)?,
                matter: m.clone(),
                on: parse_date(&r.try_get::<String, _>(1)?)?,
            });
        }
    }
    Ok(recent)
}

/// The legal basis printed on the certificate: that of every matter's item, sorted, once each.
fn cert_basis(matters: &[MatterCheck]) -> Vec<String> {
    let mut basis = BTreeSet::new();
    for m in matters {
        if let Some((_, _, _, b)) = &m.item {
            basis.extend(b.iter().cloned());
        }
    }
    basis.into_iter().collect()
}

/// The officers printed on the certificate, each with the card valid over the window (or none).
fn officers_on_cert(
    officers: &[OfficerCheck],
    start: NaiveDate,
    end: NaiveDate,
) -> Vec<OfficerOnCert> {
    officers
        .iter()
        .map(|o| OfficerOnCert {
            n: o.name.clone(),
            c: gates::card_for(o, start, end)
                .map(|c| c.card_no.clone())
                .unwrap_or_default(),
        })
        .collect()
}

/// Records the inspection's matters on its first day, for later quiet-period checks.
async fn record_matters(
    tx: &mut AuditedTx,
    region: &str,
    inspection_id: i64,
    insp: &InspectionRow,
) -> Result<()> {
    for m in &insp.matters {
        sqlx::query(
            "INSERT INTO inspection_matters (inspection_id, region_code, department_id, subject_code, matter_code, inspect_on) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (inspection_id, matter_code) DO NOTHING",
        )
        .bind(inspection_id)
        .bind(region.to_string())
        .bind(insp.department_id)
        .bind(insp.subject_code.clone())
        .bind(m.clone())
        .bind(insp.window_start.clone())
        .execute(tx.conn())
        .await?;
    }
    Ok(())
}

/// Issues the certificate of an inspection of the caller's scope.
pub async fn issue_certificate(db: &Db, who: &Principal, inspection_id: i64) -> Result<Issued> {
    who.require(Permission::RecordInspections)?;
    let dept = {
        let mut conn = db.pool().acquire().await?;
        load_inspection(&mut conn, &who.region, inspection_id)
            .await?
            .department_id
    };
    if !who.covers_department(db, dept).await? {
        return Err(Error::not_found("inspection"));
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let key = signing_key(&mut tx, &who.region, crate::time::today()).await?;
    let issued = issue_in_tx(&mut tx, &who.region, inspection_id, &key, now_ms()).await?;
    tx.commit().await?;
    Ok(issued)
}

/// Withdraws a certificate (e.g. the inspection is cancelled or a team member changed); the
/// revocation list's counter grows so that cached copies refresh.
pub async fn revoke_certificate(
    db: &Db,
    who: &Principal,
    cert_no: &str,
    reason: &str,
) -> Result<()> {
    who.require(Permission::RecordInspections)?;
    if reason.trim().is_empty() {
        return Err(Error::of(Code::CertificateRevokeReason).for_field("reason"));
    }
    let row = sqlx::query(
        "SELECT id, department_id, status FROM inspection_certificates WHERE region_code = $1 AND cert_no = $2",
    )
    .bind(who.region.clone())
    .bind(cert_no.trim().to_string())
    .fetch_optional(db.pool())
    .await?
    .ok_or_else(|| Error::not_found("certificate"))?;
    let (id, dept, status): (i64, i64, String) =
        (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
    if !who.covers_department(db, dept).await? {
        return Err(Error::not_found("certificate"));
    }
    if status == "revoked" {
        return Err(Error::of(Code::CertificateAlreadyRevoked));
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    sqlx::query(
        "UPDATE inspection_certificates SET status = 'revoked', revoked_at = $1, revoke_reason = $2 WHERE id = $3",
    )
    .bind(now_ms())
    .bind(reason.trim().to_string())
    .bind(id)
    .execute(tx.conn())
    .await?;
    // The matters no longer count for the quiet period: the inspection did not take place
    // under this certificate.
    sqlx::query(
        "DELETE FROM inspection_matters WHERE inspection_id = (SELECT inspection_id FROM inspection_certificates WHERE id = $1)",
    )
    .bind(id)
    .execute(tx.conn())
    .await?;
    bump_counter(tx.conn(), &who.region).await?;
    let before = serde_json::json!({ "cert_no": cert_no, "status": status });
    let after =
        serde_json::json!({ "cert_no": cert_no, "status": "revoked", "reason": reason.trim() });
    tx.record(Event {
        action: "inspection.certificate_revoke",
        object_type: "inspection_certificate",
        object_id: id.to_string(),
        before: Some(&before),
        after: Some(&after),
        summary: format!("作废电子检查证 {cert_no}：{}", reason.trim()),
    })
    .await?;
    tx.commit().await
}

/// Filter of inspection lists.
#[derive(Debug, Clone, Default)]
pub struct InspectionQuery {
    pub ground: Option<Ground>,
    pub q: String,
    pub year: Option<i64>,
    pub page: i64,
}

/// Page size of lists.
pub const PAGE_SIZE: i64 = 20;

/// Inspections of the caller's scope, newest first: (total, rows).
pub async fn list_inspections(
    db: &Db,
    who: &Principal,
    q: &InspectionQuery,
) -> Result<(i64, Vec<InspectionRow>)> {
    who.require(Permission::ViewSampling)?;
    let b = who.scope_binds();
    let mut f = Filter::new();
    f.and("i.region_code = ?", [Bind::Text(who.region.clone())]);
    f.and(
        "(? = 1 OR i.department_id IN (SELECT descendant_id FROM department_closure WHERE ancestor_id = ? AND depth <= ?))",
        [Bind::Int(b.all), Bind::Int(b.anchor), Bind::Int(b.max_depth)],
    );
    if let Some(g) = q.ground {
        f.and("i.ground = ?", [Bind::Text(g.as_str().into())]);
    }
    if let Some(y) = q.year {
        f.and("i.window_start LIKE ?", [Bind::Text(format!("{y}-%"))]);
    }
    let kw = q.q.trim();
    if !kw.is_empty() {
        let like = format!("%{}%", kw.replace(['%', '_'], ""));
        f.and(
            "(i.subject_name LIKE ? OR i.subject_code LIKE ? OR i.inspection_no LIKE ?)",
            [
                Bind::Text(like.clone()),
                Bind::Text(like.clone()),
                Bind::Text(like),
            ],
        );
    }
    let total: i64 = f
        .bind(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM inspections i{}",
            f.where_sql()
        ))))
        .fetch_one(db.pool())
        .await?
        .try_get(0)?;
    let n = f.next_index();
    let page = q.page.max(1);
    let rows = f
        .bind(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {INSPECTION_COLS} FROM inspections i JOIN departments d ON d.id = i.department_id{} \
             ORDER BY i.window_start DESC, i.id DESC LIMIT ${n} OFFSET ${}",
            f.where_sql(),
            n + 1
        ))))
        .bind(PAGE_SIZE)
        .bind((page - 1) * PAGE_SIZE)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(row_to_inspection)
        .collect::<Result<Vec<_>>>()?;
    Ok((total, rows))
}

/// An inspection with its certificates.
#[derive(Debug, Clone, Serialize)]
pub struct InspectionDetail {
    pub inspection: InspectionRow,
    pub certificates: Vec<CertificateRow>,
    /// Officer names with their card numbers (as the certificate names them).
    pub team: Vec<(String, String)>,
}

/// One inspection of the caller's scope.
pub async fn get_inspection(db: &Db, who: &Principal, id: i64) -> Result<InspectionDetail> {
    who.require(Permission::ViewSampling)?;
    let mut conn = db.pool().acquire().await?;
    let inspection = load_inspection(&mut conn, &who.region, id).await?;
    drop(conn);
    if !who.covers_department(db, inspection.department_id).await? {
        return Err(Error::not_found("inspection"));
    }
    let certificates = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {CERT_COLS} FROM {CERT_FROM} WHERE c.inspection_id = $1 ORDER BY c.id DESC"
    )))
    .bind(id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(row_to_cert)
    .collect::<Result<Vec<_>>>()?;
    let mut team = Vec::new();
    for m in &inspection.officers {
        let r = sqlx::query(
            "SELECT o.name, COALESCE((SELECT c.card_no FROM enforcement_cards c WHERE c.officer_id = o.id ORDER BY c.valid_until DESC LIMIT 1), '') \
             FROM officers o WHERE o.id = $1",
        )
        .bind(m.id)
        .fetch_optional(db.pool())
        .await?;
        if let Some(r) = r {
            team.push((r.try_get(0)?, r.try_get(1)?));
        }
    }
    Ok(InspectionDetail {
        inspection,
        certificates,
        team,
    })
}

/// Certificates, newest first (operators' CLI: the whole region, no principal).
pub async fn list_certificates(db: &Db, region: &str, limit: i64) -> Result<Vec<CertificateRow>> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {CERT_COLS} FROM {CERT_FROM} WHERE c.region_code = $1 ORDER BY c.id DESC LIMIT $2"
    )))
    .bind(region.to_string())
    .bind(limit.clamp(1, 1_000_000))
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(row_to_cert)
    .collect()
}

/// One certificate by its number (public: the page shows what the token itself shows).
pub async fn certificate_by_no(
    db: &Db,
    region: &str,
    cert_no: &str,
) -> Result<Option<CertificateRow>> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {CERT_COLS} FROM {CERT_FROM} WHERE c.region_code = $1 AND c.cert_no = $2"
    )))
    .bind(region.to_string())
    .bind(cert_no.to_string())
    .fetch_optional(db.pool())
    .await?
    .as_ref()
    .map(row_to_cert)
    .transpose()
}

/// Certificates used in a year: issued for an inspection whose window starts in that year and
/// presented at the door (an arrival scan is recorded). Counted from the records.
pub async fn used_in_year(db: &Db, region: &str, year: i64) -> Result<i64> {
    Ok(sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM inspection_certificates WHERE region_code = $1 AND month LIKE $2 AND arrived_at IS NOT NULL",
    )
    .bind(region.to_string())
    .bind(format!("{year}-%"))
    .fetch_one(db.pool())
    .await?
    .try_get(0)?)
}
