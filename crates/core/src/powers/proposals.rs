//! Adjustment proposals (调整申请): a department drafts and submits, the Justice Bureau
//! (区司法局) reviews — approves or returns with a note — and publishes approved proposals
//! as a numbered version (see `versions`).

use fazhi_law::Corpus;
use serde_json::json;
use sqlx::Row;

use super::basis::prepare_item;
use super::items::{body_json, department_name, load_item, parse_body};
use super::model::{ItemStatus, PowerItem, ProposalKind, ProposalRow, ProposalStatus, ReasonKind};
use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal};
use crate::db::{Bind, Db, Filter};
use crate::org::Page;
use crate::time::now_ms;
use crate::{Code, Error, Result};

/// A proposal to make.
#[derive(Debug, Clone)]
pub struct NewProposal {
    pub kind: ProposalKind,
    /// The item changed or cancelled (None for an addition).
    pub item_id: Option<i64>,
    /// The proposed item (None for a cancellation).
    pub body: Option<PowerItem>,
    pub reason_kind: ReasonKind,
    pub reason: String,
    pub evidence: String,
}

/// Statuses in which a proposal still waits for something.
pub(crate) const OPEN: &str = "('draft', 'submitted', 'returned', 'approved')";

/// Validates a proposal and returns (department, item code/name, body) to store.
pub(crate) async fn check_new(
    db: &Db,
    corpus: &Corpus,
    region: &str,
    p: &NewProposal,
) -> Result<(i64, Option<PowerItem>)> {
    if p.reason.trim().is_empty() {
        return Err(Error::of(Code::PowersReason).for_field("reason"));
    }
    let existing = match p.item_id {
        Some(id) => Some(load_item(db, region, id).await?),
        None => None,
    };
    match (p.kind, &existing) {
        (ProposalKind::Add, Some(_)) | (ProposalKind::Change | ProposalKind::Cancel, None) => {
            return Err(Error::of(Code::PowersKind).for_field("kind").arg_zh_en(
                "reason",
                "新增申请不能指定已有事项；变更、取消申请必须指定事项。",
                "An addition names no existing item; a change or cancellation must name one.",
            ));
        }
        (_, Some(e)) if e.status != ItemStatus::Active => {
            return Err(Error::of(Code::PowersItemNotActive));
        }
        _ => {}
    }
    let body = match (p.kind, &p.body, &existing) {
        (ProposalKind::Cancel, _, Some(e)) => {
            return Ok((e.item.department_id, None));
        }
        (_, None, _) => {
            return Err(Error::of(Code::PowersBody).for_field("body").arg_zh_en(
                "reason",
                "请填写事项内容。",
                "Enter the item's content.",
            ));
        }
        (_, Some(b), _) => b,
    };
    let mut body = body.clone();
    prepare_item(corpus, &mut body)?;
    body.department = department_name(db, region, body.department_id).await?;
    if let Some(e) = &existing {
        if e.item.code != body.code {
            return Err(Error::of(Code::PowersCodeChanged).for_field("code"));
        }
        if e.item.department_id != body.department_id {
            return Err(Error::of(Code::PowersDepartmentChanged).for_field("department_id"));
        }
    } else {
        let clash = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT 1 FROM power_items WHERE region_code = $1 AND code = $2 \
             UNION ALL SELECT 1 FROM power_proposals WHERE region_code = $1 AND kind = 'add' \
             AND status IN {OPEN} AND body LIKE $3"
        )))
        .bind(region.to_string())
        .bind(body.code.clone())
        .bind(format!("%\"code\":\"{}\"%", body.code))
        .fetch_optional(db.pool())
        .await?;
        if clash.is_some() {
            return Err(Error::of(Code::PowersCodeExists).arg_zh_en(
                "reason",
                format!("事项编码 {} 已存在或已有新增申请。", body.code),
                format!(
                    "The item code {} already exists or is already proposed.",
                    body.code
                ),
            ));
        }
    }
    Ok((body.department_id, Some(body)))
}

/// Inserts a checked proposal (no permission check: callers check).
pub(crate) async fn insert_proposal(
    tx: &mut AuditedTx,
    region: &str,
    department_id: i64,
    p: &NewProposal,
    body: Option<&PowerItem>,
    status: ProposalStatus,
    origin: &str,
) -> Result<i64> {
    let now = now_ms();
    let by = tx.actor().name.clone();
    let id: i64 = sqlx::query(
        "INSERT INTO power_proposals (region_code, department_id, item_id, kind, reason_kind, reason, evidence, body, \
         status, origin, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
    )
    .bind(region.to_string())
    .bind(department_id)
    .bind(p.item_id)
    .bind(p.kind.as_str())
    .bind(p.reason_kind.as_str())
    .bind(p.reason.trim().to_string())
    .bind(p.evidence.trim().to_string())
    .bind(body.map(body_json).unwrap_or_default())
    .bind(status.as_str())
    .bind(origin.to_string())
    .bind(by)
    .bind(now)
    .fetch_one(tx.conn())
    .await?
    .try_get(0)?;
    let after = json!({
        "id": id, "kind": p.kind.as_str(), "item_id": p.item_id, "reason_kind": p.reason_kind.as_str(),
        "reason": p.reason.trim(), "body": body, "status": status.as_str(), "origin": origin,
    });
    tx.record(Event {
        action: "powers.proposal.create",
        object_type: "power_proposal",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!(
            "{}权责事项调整申请：{}",
            p.kind.label_zh(),
            body.map(|b| b.name.as_str()).unwrap_or("")
        ),
    })
    .await?;
    Ok(id)
}

/// Ensures no other proposal on the same item is open.
async fn no_open_proposal(db: &Db, item_id: i64) -> Result<()> {
    let open = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT id FROM power_proposals WHERE item_id = $1 AND status IN {OPEN} LIMIT 1"
    )))
    .bind(item_id)
    .fetch_optional(db.pool())
    .await?;
    if let Some(r) = open {
        let id: i64 = r.try_get(0)?;
        return Err(Error::of(Code::PowersProposalOpen).arg("id", id));
    }
    Ok(())
}

/// A department drafts a proposal for one of its own items (or a new item of its own).
pub async fn create_proposal(
    db: &Db,
    corpus: &Corpus,
    who: &Principal,
    p: &NewProposal,
) -> Result<i64> {
    who.require(Permission::ProposePowers)?;
    let (dept, body) = check_new(db, corpus, &who.region, p).await?;
    // A department edits only its own items (checked on the item's department and, for an
    // addition, on the department named in the body).
    who.require_department(db, dept).await?;
    if let Some(item) = p.item_id {
        no_open_proposal(db, item).await?;
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let id = insert_proposal(
        &mut tx,
        &who.region,
        dept,
        p,
        body.as_ref(),
        ProposalStatus::Draft,
        "manual",
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

const COLS: &str = "p.id, p.department_id, d.name, p.item_id, p.kind, p.reason_kind, p.reason, p.evidence, p.body, \
    p.status, p.origin, p.created_by, p.review_note, p.reviewed_by, v.number, p.created_at, i.code, i.name";
const FROM: &str = " FROM power_proposals p JOIN departments d ON d.id = p.department_id \
    LEFT JOIN power_versions v ON v.id = p.version_id LEFT JOIN power_items i ON i.id = p.item_id";

fn row_to_proposal(r: &sqlx::any::AnyRow) -> Result<ProposalRow> {
    let body: String = r.try_get(8)?;
    let body = if body.is_empty() {
        None
    } else {
        Some(parse_body(&body)?)
    };
    let item_code: Option<String> = r.try_get(16)?;
    let item_name: Option<String> = r.try_get(17)?;
    Ok(ProposalRow {
        id: r.try_get(0)?,
        department_id: r.try_get(1)?,
        department: r.try_get(2)?,
        item_id: r.try_get(3)?,
        item_code: item_code
            .or_else(|| body.as_ref().map(|b| b.code.clone()))
            .unwrap_or_default(),
        item_name: body
            .as_ref()
            .map(|b| b.name.clone())
            .or(item_name)
            .unwrap_or_default(),
        kind: ProposalKind::parse(&r.try_get::<String, _>(4)?).unwrap_or(ProposalKind::Change),
        reason_kind: ReasonKind::parse(&r.try_get::<String, _>(5)?).unwrap_or(ReasonKind::Mandate),
        reason: r.try_get(6)?,
        evidence: r.try_get(7)?,
        body,
        status: ProposalStatus::parse(&r.try_get::<String, _>(9)?).unwrap_or(ProposalStatus::Draft),
        origin: r.try_get(10)?,
        created_by: r.try_get(11)?,
        review_note: r.try_get(12)?,
        reviewed_by: r.try_get(13)?,
        version_number: r.try_get(14)?,
        created_at: r.try_get(15)?,
    })
}

/// Filters of the proposal list.
#[derive(Debug, Clone, Default)]
pub struct ProposalQuery {
    pub status: Option<ProposalStatus>,
    pub department_id: Option<i64>,
    pub page: i64,
    pub page_size: i64,
}

/// Proposals within the caller's data scope (the Justice Bureau sees the district).
pub async fn list_proposals(
    db: &Db,
    who: &Principal,
    f: &ProposalQuery,
) -> Result<Page<ProposalRow>> {
    who.require(Permission::ViewPowers)?;
    let b = who.scope_binds();
    let mut w = Filter::new();
    w.and("p.region_code = ?", [Bind::Text(who.region.clone())]);
    if b.all != 1 {
        w.and(
            "p.department_id IN (SELECT descendant_id FROM department_closure WHERE ancestor_id = ? AND depth <= ?)",
            [Bind::Int(b.anchor), Bind::Int(b.max_depth)],
        );
    }
    if let Some(s) = f.status {
        w.and("p.status = ?", [Bind::Text(s.as_str().into())]);
    }
    if let Some(d) = f.department_id {
        w.and(
            "p.department_id IN (SELECT descendant_id FROM department_closure WHERE ancestor_id = ?)",
            [Bind::Int(d)],
        );
    }
    let page_size = if f.page_size <= 0 {
        20
    } else {
        f.page_size.min(200)
    };
    let page = f.page.max(1);
    let total: i64 = w
        .bind(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM power_proposals p{}",
            w.where_sql()
        ))))
        .fetch_one(db.pool())
        .await?
        .try_get(0)?;
    let n = w.next_index();
    let sql = format!(
        "SELECT {COLS}{FROM}{} ORDER BY p.id DESC LIMIT ${n} OFFSET ${}",
        w.where_sql(),
        n + 1
    );
    let rows = w
        .bind(sqlx::query(sqlx::AssertSqlSafe(sql)))
        .bind(page_size)
        .bind((page - 1) * page_size)
        .fetch_all(db.pool())
        .await?;
    Ok(Page {
        rows: rows.iter().map(row_to_proposal).collect::<Result<_>>()?,
        total,
        total_exact: true,
        page,
        page_size,
    })
}

/// Proposals touching one item (its history).
pub async fn item_proposals(db: &Db, who: &Principal, item_id: i64) -> Result<Vec<ProposalRow>> {
    who.require(Permission::ViewPowers)?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLS}{FROM} WHERE p.item_id = $1 AND p.region_code = $2 ORDER BY p.id DESC LIMIT 100"
    )))
    .bind(item_id)
    .bind(who.region.clone())
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(row_to_proposal).collect()
}

/// One proposal in the caller's scope.
pub async fn get_proposal(db: &Db, who: &Principal, id: i64) -> Result<ProposalRow> {
    who.require(Permission::ViewPowers)?;
    let r = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLS}{FROM} WHERE p.id = $1 AND p.region_code = $2"
    )))
    .bind(id)
    .bind(who.region.clone())
    .fetch_optional(db.pool())
    .await?
    .ok_or_else(|| Error::not_found("proposal"))?;
    let p = row_to_proposal(&r)?;
    if !who.covers_department(db, p.department_id).await? {
        return Err(Error::not_found("proposal"));
    }
    Ok(p)
}

/// Moves a proposal from one of `from` to `to`, audited.
async fn transition(
    db: &Db,
    who: &Principal,
    p: &ProposalRow,
    from: &[ProposalStatus],
    to: ProposalStatus,
    note: &str,
) -> Result<()> {
    if !from.contains(&p.status) {
        return Err(Error::of(Code::PowersProposalState).arg_zh_en(
            "reason",
            format!("申请当前状态为“{}”，不能执行此操作。", p.status.label_zh()),
            format!(
                "The proposal is {}; this action is not possible now.",
                p.status.label_en()
            ),
        ));
    }
    let reviewing = matches!(to, ProposalStatus::Approved | ProposalStatus::Returned);
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let now = now_ms();
    let status_list: Vec<String> = from.iter().map(|s| format!("'{}'", s.as_str())).collect();
    // The status guard in the WHERE clause makes a concurrent transition fail instead of
    // overwriting (statuses are constants of our code).
    let sql = format!(
        "UPDATE power_proposals SET status = $1, updated_at = $2, \
         submitted_at = CASE WHEN $1 = 'submitted' THEN $2 ELSE submitted_at END, \
         reviewed_at = CASE WHEN $3 = 1 THEN $2 ELSE reviewed_at END, \
         reviewed_by = CASE WHEN $3 = 1 THEN $4 ELSE reviewed_by END, \
         review_note = CASE WHEN $3 = 1 THEN $5 ELSE review_note END \
         WHERE id = $6 AND status IN ({})",
        status_list.join(", ")
    );
    let done = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(to.as_str())
        .bind(now)
        .bind(i64::from(reviewing))
        .bind(who.actor().name)
        .bind(note.trim().to_string())
        .bind(p.id)
        .execute(tx.conn())
        .await?
        .rows_affected();
    if done != 1 {
        return Err(Error::of(Code::PowersProposalState).arg_zh_en(
            "reason",
            "申请状态已被他人改变，请刷新后重试。",
            "Someone else changed the proposal; reload and try again.",
        ));
    }
    let before = json!({"id": p.id, "status": p.status.as_str()});
    let after = json!({"id": p.id, "status": to.as_str(), "note": note.trim()});
    tx.record(Event {
        action: match to {
            ProposalStatus::Submitted => "powers.proposal.submit",
            ProposalStatus::Approved => "powers.proposal.approve",
            ProposalStatus::Returned => "powers.proposal.return",
            _ => "powers.proposal.withdraw",
        },
        object_type: "power_proposal",
        object_id: p.id.to_string(),
        before: Some(&before),
        after: Some(&after),
        summary: format!("调整申请第 {} 号：{}", p.id, to.label_zh()),
    })
    .await?;
    tx.commit().await
}

/// The department submits a draft (or a returned proposal) for review.
pub async fn submit_proposal(db: &Db, who: &Principal, id: i64) -> Result<()> {
    who.require(Permission::ProposePowers)?;
    let p = get_proposal(db, who, id).await?;
    who.require_department(db, p.department_id).await?;
    if p.kind != ProposalKind::Add && p.body.is_none() && p.kind != ProposalKind::Cancel {
        return Err(Error::of(Code::PowersBody).for_field("body").arg_zh_en(
            "reason",
            "请先填写事项内容。",
            "Fill in the item first.",
        ));
    }
    transition(
        db,
        who,
        &p,
        &[ProposalStatus::Draft, ProposalStatus::Returned],
        ProposalStatus::Submitted,
        "",
    )
    .await
}

/// The department withdraws a proposal not yet approved.
pub async fn withdraw_proposal(db: &Db, who: &Principal, id: i64) -> Result<()> {
    who.require(Permission::ProposePowers)?;
    let p = get_proposal(db, who, id).await?;
    who.require_department(db, p.department_id).await?;
    transition(
        db,
        who,
        &p,
        &[
            ProposalStatus::Draft,
            ProposalStatus::Returned,
            ProposalStatus::Submitted,
        ],
        ProposalStatus::Withdrawn,
        "",
    )
    .await
}

/// The department replaces the content of a draft or returned proposal (e.g. one opened
/// automatically after an amendment).
pub async fn revise_proposal(
    db: &Db,
    corpus: &Corpus,
    who: &Principal,
    id: i64,
    body: PowerItem,
    reason: &str,
) -> Result<()> {
    who.require(Permission::ProposePowers)?;
    let p = get_proposal(db, who, id).await?;
    who.require_department(db, p.department_id).await?;
    if !matches!(p.status, ProposalStatus::Draft | ProposalStatus::Returned) {
        return Err(Error::of(Code::PowersProposalState).arg_zh_en(
            "reason",
            "只有草稿或已退回的申请可以修改。",
            "Only a draft or returned proposal can be revised.",
        ));
    }
    let np = NewProposal {
        kind: if p.kind == ProposalKind::Add {
            ProposalKind::Change
        } else {
            p.kind
        },
        item_id: p.item_id,
        body: Some(body.clone()),
        reason_kind: p.reason_kind,
        reason: reason.to_string(),
        evidence: p.evidence.clone(),
    };
    let mut body = body;
    if p.kind == ProposalKind::Add {
        prepare_item(corpus, &mut body)?;
        body.department = department_name(db, &who.region, body.department_id).await?;
        if body.department_id != p.department_id {
            who.require_department(db, body.department_id).await?;
        }
    } else {
        let (_, b) = check_new(db, corpus, &who.region, &np).await?;
        body = b.unwrap_or(body);
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let before = json!({"id": id, "body": p.body, "reason": p.reason});
    let after = json!({"id": id, "body": body, "reason": reason.trim()});
    sqlx::query("UPDATE power_proposals SET body = $1, reason = $2, updated_at = $3 WHERE id = $4")
        .bind(body_json(&body))
        .bind(reason.trim().to_string())
        .bind(now_ms())
        .bind(id)
        .execute(tx.conn())
        .await?;
    tx.record(Event {
        action: "powers.proposal.revise",
        object_type: "power_proposal",
        object_id: id.to_string(),
        before: Some(&before),
        after: Some(&after),
        summary: format!("修改调整申请第 {id} 号"),
    })
    .await?;
    tx.commit().await
}

/// The Justice Bureau approves a submitted proposal, or returns it with a note.
pub async fn review_proposal(
    db: &Db,
    who: &Principal,
    id: i64,
    approve: bool,
    note: &str,
) -> Result<()> {
    who.require(Permission::ReviewPowers)?;
    let p = get_proposal(db, who, id).await?;
    if !approve && note.trim().is_empty() {
        return Err(Error::of(Code::PowersReviewNote).for_field("note"));
    }
    let to = if approve {
        ProposalStatus::Approved
    } else {
        ProposalStatus::Returned
    };
    transition(db, who, &p, &[ProposalStatus::Submitted], to, note).await
}
