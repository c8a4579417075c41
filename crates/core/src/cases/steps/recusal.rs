//! 回避 (行政处罚法 第四十三条): the head's decision; the investigation goes on meanwhile, so
//! the step moves no stage and closes no task.

use super::super::CaseRow;
use super::super::recusal::{self as rules, RaisedBy, Recusal};
use super::super::workflow::check_officers_belong;
use super::{Cx, Done};
use crate::Result;
use crate::time::now_ms;

/// Offered once the case has a team.
pub(super) fn has_team(c: &CaseRow) -> bool {
    !c.officers.is_empty()
}

pub(super) async fn recuse(
    cx: &mut Cx<'_>,
    officer: i64,
    raised_by: RaisedBy,
    granted: bool,
    replacement: Option<i64>,
    reason: &str,
) -> Result<Done> {
    let (c, on) = (cx.c, cx.on);
    let r = Recusal {
        officer_id: officer,
        raised_by,
        reason: reason.trim().to_string(),
        granted,
        replacement_id: if granted { replacement } else { None },
        decided_on: on,
    };
    let before = rules::recused_officers(cx.conn, c.id).await?;
    let team = rules::team_after(&c.officers, &r, &before)?;
    if let Some(n) = r.replacement_id {
        check_officers_belong(cx.conn, c.department_id, &[n]).await?;
        rules::check_no_registered_conflict(cx.conn, cx.region, c, &[n]).await?;
    }
    rules::insert(cx.conn, cx.region, c.id, &r, cx.actor).await?;
    if granted {
        sqlx::query("UPDATE cases SET officers = $1, updated_at = $2 WHERE id = $3")
            .bind(serde_json::to_string(&team).unwrap_or_else(|_| "[]".into()))
            .bind(now_ms())
            .bind(c.id)
            .execute(&mut *cx.conn)
            .await?;
    }
    let outcome = if granted {
        "决定回避"
    } else {
        "决定不予回避"
    };
    let replaced = r
        .replacement_id
        .map(|n| format!("，由执法人员（编号 {n}）接替"))
        .unwrap_or_default();
    Ok(Done {
        note: format!(
            "{}：执法人员（编号 {officer}）{outcome}{replaced}。理由：{}",
            raised_by.label_zh(),
            r.reason
        ),
        assessed: None,
    })
}
