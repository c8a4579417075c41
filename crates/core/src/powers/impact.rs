//! When a cited provision is amended or repealed, a change proposal is opened for every item
//! citing it (in its basis or in a violation), for the department to revise and submit.

use std::collections::BTreeMap;

use fazhi_law::{Corpus, InMemoryRegistry, ProvisionCode, Registries};
use serde::Serialize;
use sqlx::Row;

use super::items::parse_body;
use super::model::{ProposalKind, ProposalStatus, ReasonKind};
use super::proposals::{NewProposal, OPEN, insert_proposal};
use crate::audit::{Actor, AuditedTx};
use crate::db::Db;
use crate::{Code, Error, Result};

/// What an impact run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImpactReport {
    /// Items citing a changed code.
    pub affected_items: usize,
    /// Proposals opened now.
    pub opened: Vec<i64>,
    /// Items skipped because a proposal on them is already open.
    pub already_open: usize,
}

/// Opens a change proposal (status draft, origin `auto`) for every active item of `region`
/// citing one of `changed` — a changed unit or a repealed law's code. `evidence` names the
/// change (e.g. the two versions compared).
pub async fn open_proposals_for_changes(
    db: &Db,
    region: &str,
    changed: &[ProvisionCode],
    reason_kind: ReasonKind,
    evidence: &str,
) -> Result<ImpactReport> {
    let rows = sqlx::query(
        "SELECT id, department_id, body FROM power_items WHERE region_code = $1 AND status = 'active'",
    )
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut reg = InMemoryRegistry::new("powers");
    let mut items = BTreeMap::new();
    for r in &rows {
        let id: i64 = r.try_get(0)?;
        let dept: i64 = r.try_get(1)?;
        let body = parse_body(&r.try_get::<String, _>(2)?)?;
        let cited = body
            .basis
            .iter()
            .chain(body.violations.iter().map(|v| &v.penalised))
            .chain(body.violations.iter().flat_map(|v| v.violated.iter()));
        for c in cited {
            if let Ok(code) = c.parse::<ProvisionCode>() {
                reg.add(
                    code,
                    &id.to_string(),
                    &format!("{} {}", body.code, body.name),
                );
            }
        }
        items.insert(id, (dept, body));
    }
    let mut registries = Registries::new();
    registries.register(Box::new(reg));
    // Item id → the changed codes it cites.
    let mut hits: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for h in registries.impact(changed) {
        if let Ok(id) = h.record.record.parse::<i64>() {
            let v = hits.entry(id).or_default();
            if !v.contains(&h.changed) {
                v.push(h.changed);
            }
        }
    }
    let open: Vec<i64> = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT DISTINCT item_id FROM power_proposals WHERE region_code = $1 AND item_id IS NOT NULL AND status IN {OPEN}"
    )))
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<Result<_, _>>()?;
    let mut report = ImpactReport {
        affected_items: hits.len(),
        ..Default::default()
    };
    let mut tx = AuditedTx::begin(db, Actor::system("law-impact")).await?;
    for (id, codes) in hits {
        if open.contains(&id) {
            report.already_open += 1;
            continue;
        }
        let Some((dept, body)) = items.get(&id) else {
            continue;
        };
        let (what_zh, what) = match reason_kind {
            ReasonKind::Repeal => ("已废止", "repealed"),
            _ => ("已修改", "amended"),
        };
        let p = NewProposal {
            kind: ProposalKind::Change,
            item_id: Some(id),
            body: Some(body.clone()),
            reason_kind,
            reason: format!(
                "所引依据{what_zh}（{what}）：{}。请核对实施依据、违法行为和裁量基准后修改提交，或申请取消本事项。",
                codes.join("；")
            ),
            evidence: evidence.to_string(),
        };
        let pid = insert_proposal(
            &mut tx,
            region,
            *dept,
            &p,
            Some(body),
            ProposalStatus::Draft,
            "auto",
        )
        .await?;
        report.opened.push(pid);
    }
    tx.commit().await?;
    Ok(report)
}

/// Opens proposals for every unit changed or removed between two versions of a statute
/// (`行政复议法@2017-09-01`, `行政复议法@2023-09-01`).
pub async fn open_proposals_for_diff(
    db: &Db,
    corpus: &Corpus,
    region: &str,
    from: &str,
    to: &str,
) -> Result<ImpactReport> {
    let diff = corpus.diff(from, to).map_err(|e| {
        Error::of(Code::PowersDiff).for_field("version").arg_zh_en(
            "reason",
            e.message_zh(),
            e.message_en(),
        )
    })?;
    let codes: Vec<ProvisionCode> = diff
        .affected_codes()
        .iter()
        .filter_map(|c| c.parse().ok())
        .collect();
    open_proposals_for_changes(
        db,
        region,
        &codes,
        ReasonKind::Amendment,
        &format!("{} → {}：{} 处条文变化", diff.from, diff.to, codes.len()),
    )
    .await
}

/// Opens proposals for every item citing a repealed law.
pub async fn open_proposals_for_repeal(db: &Db, region: &str, law: &str) -> Result<ImpactReport> {
    open_proposals_for_changes(
        db,
        region,
        &[ProvisionCode::law(law)],
        ReasonKind::Repeal,
        &format!("《{law}》废止"),
    )
    .await
}

/// Opens one change proposal (draft, origin `auto`) on an item whose basis has lapsed, inside
/// the caller's transaction (the law-currency run, `law::currency`).
#[allow(clippy::too_many_arguments)]
pub async fn open_auto_proposal(
    tx: &mut AuditedTx,
    region: &str,
    department_id: i64,
    item_id: i64,
    body: &super::model::PowerItem,
    reason_kind: ReasonKind,
    reason: &str,
    evidence: &str,
) -> Result<i64> {
    let p = NewProposal {
        kind: ProposalKind::Change,
        item_id: Some(item_id),
        body: Some(body.clone()),
        reason_kind,
        reason: reason.to_string(),
        evidence: evidence.to_string(),
    };
    insert_proposal(
        tx,
        region,
        department_id,
        &p,
        Some(body),
        ProposalStatus::Draft,
        "auto",
    )
    .await
}
