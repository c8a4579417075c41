//! Every case file of the set as readable text, read from the tables (not through the checks'
//! loader), for the reviewer who writes `eval/supervision/labels.toml`. Where two dates are
//! compared by a rule, the dump prints the working days or calendar days between them,
//! counted with the evaluation's own reading of the holiday notices.

use std::fmt::Write as _;

use chrono::NaiveDate;
use sqlx::Row;

use fazhi_core::audit::sm3_hex;
use fazhi_core::db::Db;
use fazhi_core::{BINHAI_REGION, Result};

use super::calendar::Notices;
use super::generator::KEY_PREFIX;

fn d(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(|x| x.parse().ok())
}

fn show(s: &Option<String>) -> String {
    s.clone().unwrap_or_else(|| "—".into())
}

/// The dump of every file of the set, in case-number order.
pub async fn dump(db: &Db) -> Result<String> {
    let n = Notices::load()?;
    let mut out = String::new();
    let cases = sqlx::query(
        "SELECT c.id, c.case_no, c.procedure, c.party_kind, c.party_name, c.party_code, c.party_address, \
         c.power_code, c.violation, c.penalised, c.violated, c.facts, c.circumstances, c.officers, \
         c.lead_on, c.filed_on, c.notice_on, c.decided_on, c.served_on, c.executed_on, c.closed_on, c.archived_on, \
         c.extension_days, c.hearing_right, c.hearing_requested, c.hearing_request_due, c.legal_review_result, c.legal_review_on, \
         c.tier, c.out_of_tier_reason, c.warning, c.fine_fen, c.paid_fen, c.surcharge_fen, c.payment_due, c.execution_mode, \
         c.spot_notice_given, c.status, d.name, c.domain, c.statement_waived, c.hearing_waived \
         FROM cases c JOIN departments d ON d.id = c.department_id \
         WHERE c.region_code = $1 AND c.case_no LIKE $2 ORDER BY c.case_no",
    )
    .bind(BINHAI_REGION)
    .bind(format!("{KEY_PREFIX}%"))
    .fetch_all(db.pool())
    .await?;
    for c in &cases {
        let id: i64 = c.try_get(0)?;
        let s = |i: usize| -> Result<String> { Ok(c.try_get::<String, _>(i)?) };
        let o = |i: usize| -> Result<Option<String>> { Ok(c.try_get::<Option<String>, _>(i)?) };
        let b = |i: usize| -> Result<bool> { Ok(c.try_get::<i64, _>(i)? != 0) };
        let yuan = |i: usize| -> Result<String> {
            let f: i64 = c.try_get(i)?;
            Ok(format!("{}.{:02}", f / 100, f % 100))
        };
        let _ = writeln!(out, "==== {} ====", s(1)?);
        let _ = writeln!(
            out,
            "程序 {} · 状态 {} · 办案机关 {} · 执法领域 {}",
            s(2)?,
            s(37)?,
            s(38)?,
            s(39)?
        );
        let _ = writeln!(
            out,
            "当事人 [{}] {} · 证件 {} · 地址 {}",
            s(3)?,
            s(4)?,
            s(5)?,
            s(6)?
        );
        let power = s(7)?;
        let owner = sqlx::query(
            "SELECT d.name, p.status FROM power_items p JOIN departments d ON d.id = p.department_id WHERE p.region_code = $1 AND p.code = $2",
        )
        .bind(BINHAI_REGION)
        .bind(power.clone())
        .fetch_optional(db.pool())
        .await?;
        let owner = match owner {
            Some(r) => format!(
                "{}（{}）",
                r.try_get::<String, _>(0)?,
                r.try_get::<String, _>(1)?
            ),
            None => "权责清单中无此事项".into(),
        };
        let _ = writeln!(out, "权责事项 {power} · 所属 {owner}");
        let _ = writeln!(
            out,
            "违法行为 {} · 处罚依据 {} · 违反条款 {}",
            s(8)?,
            s(9)?,
            s(10)?
        );
        let _ = writeln!(out, "查明事实 {}", s(11)?);
        let _ = writeln!(out, "情节 {}", s(12)?);
        // Officers with their cards.
        let team: Vec<i64> = serde_json::from_str(&s(13)?).unwrap_or_default();
        let mut names = Vec::new();
        for o_id in &team {
            names.push(officer_line(db, *o_id).await?);
        }
        let _ = writeln!(out, "办案人员 {}", names.join("；"));
        let dates = [
            ("线索", o(14)?),
            ("立案", o(15)?),
            ("告知", o(16)?),
            ("决定", o(17)?),
            ("送达", o(18)?),
            ("执行", o(19)?),
            ("结案", o(20)?),
            ("归档", o(21)?),
        ];
        let line: Vec<String> = dates
            .iter()
            .map(|(k, v)| format!("{k} {}", show(v)))
            .collect();
        let _ = writeln!(out, "日期 {}", line.join(" · "));
        let (lead, filed, notice, decided, served) = (
            d(&dates[0].1),
            d(&dates[1].1),
            d(&dates[2].1),
            d(&dates[3].1),
            d(&dates[4].1),
        );
        let mut spans = Vec::new();
        if let (Some(a), Some(b)) = (lead, filed) {
            spans.push(format!("线索→立案 {} 个工作日", n.working_between(a, b)));
        }
        if let (Some(a), Some(b)) = (filed, decided) {
            spans.push(format!("立案→决定 {} 日", (b - a).num_days()));
        }
        if let (Some(a), Some(b)) = (notice, decided) {
            spans.push(format!("告知→决定 第 {} 个工作日", n.working_between(a, b)));
        }
        if let (Some(a), Some(b)) = (decided, served) {
            spans.push(format!("决定→送达 第 {} 个工作日", n.working_between(a, b)));
        }
        let _ = writeln!(out, "间隔 {}", spans.join(" · "));
        let _ = writeln!(
            out,
            "听证权利告知 {} · 申请听证 {} · 听证申请期限 {} · 法制审核 {} {} · 当场告知 {} · 放弃陈述申辩 {} · 放弃听证 {}",
            b(23)?,
            b(24)?,
            show(&o(25)?),
            s(26)?,
            show(&o(27)?),
            b(36)?,
            b(40)?,
            b(41)?
        );
        let _ = writeln!(
            out,
            "裁量档次 {} · 超档理由 {} · 警告 {} · 罚款 {} 元 · 已缴 {} 元 · 加处罚款 {} 元 · 缴款期限 {} · 执行方式 {} · 延长 {} 日",
            s(28)?,
            {
                let r = s(29)?;
                if r.is_empty() { "—".to_string() } else { r }
            },
            b(30)?,
            yuan(31)?,
            yuan(32)?,
            yuan(33)?,
            show(&o(34)?),
            s(35)?,
            c.try_get::<i64, _>(22)?
        );
        let steps = sqlx::query(
            "SELECT id, on_date, action, officers, note, digests FROM case_steps WHERE case_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(db.pool())
        .await?;
        let _ = writeln!(out, "环节（{} 个）:", steps.len());
        for st in &steps {
            let officers: Vec<i64> =
                serde_json::from_str(&st.try_get::<String, _>(3)?).unwrap_or_default();
            let mut who = Vec::new();
            for o_id in &officers {
                who.push(officer_line(db, *o_id).await?);
            }
            let digests: Vec<String> =
                serde_json::from_str(&st.try_get::<String, _>(5)?).unwrap_or_default();
            let _ = writeln!(
                out,
                "  {} {:<16} {}{}{}",
                st.try_get::<String, _>(1)?,
                st.try_get::<String, _>(2)?,
                st.try_get::<String, _>(4)?,
                if who.is_empty() {
                    String::new()
                } else {
                    format!(" · 人员 {}", who.join("、"))
                },
                if digests.is_empty() {
                    String::new()
                } else {
                    format!(" · 摘要 {}", digests.len())
                }
            );
        }
        let audit: i64 = sqlx::query(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE object_type = 'case' AND object_id = $1",
        )
        .bind(id.to_string())
        .fetch_one(db.pool())
        .await?
        .try_get(0)?;
        let _ = writeln!(out, "审计日志 {audit} 条（环节 {} 个）", steps.len());
        let step_digests: Vec<String> = steps
            .iter()
            .filter_map(|st| st.try_get::<String, _>(5).ok())
            .flat_map(|j| serde_json::from_str::<Vec<String>>(&j).unwrap_or_default())
            .collect();
        let ev = sqlx::query(
            "SELECT name, collected_on, sm3, content FROM case_evidence WHERE case_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(db.pool())
        .await?;
        let _ = writeln!(out, "证据（{} 件）:", ev.len());
        for e in &ev {
            let content: Vec<u8> = e.try_get(3)?;
            let recorded: String = e.try_get(2)?;
            let now = sm3_hex(&content);
            let _ = writeln!(
                out,
                "  {} · 收集 {} · 登记摘要{} · 现存内容摘要{}",
                e.try_get::<String, _>(0)?,
                e.try_get::<String, _>(1)?,
                if step_digests.contains(&recorded) {
                    "（环节有记录）"
                } else {
                    "（环节无记录）"
                },
                if now == recorded {
                    "与登记一致"
                } else {
                    "与登记不一致"
                }
            );
        }
        let disc = sqlx::query(
            "SELECT published_on, status, content FROM case_disclosures WHERE case_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(db.pool())
        .await?;
        if disc.is_empty() {
            let _ = writeln!(out, "公示 无");
        }
        for p in &disc {
            let on: String = p.try_get(0)?;
            let gap = match (decided, on.parse::<NaiveDate>().ok()) {
                (Some(a), Some(b)) => format!("决定后第 {} 个工作日", n.working_between(a, b)),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "公示 {on}（{gap}）{} · 内容 {}",
                p.try_get::<String, _>(1)?,
                p.try_get::<String, _>(2)?
            );
        }
        let _ = writeln!(out);
    }
    Ok(out)
}

/// "name (card no, valid from..until)".
async fn officer_line(db: &Db, id: i64) -> Result<String> {
    let name = sqlx::query("SELECT name FROM officers WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .map(|r| r.try_get::<String, _>(0))
        .transpose()?
        .unwrap_or_else(|| format!("#{id}"));
    let cards = sqlx::query(
        "SELECT card_no, issued_on, valid_until, status, domains FROM enforcement_cards WHERE officer_id = $1",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let c: Vec<String> = cards
        .iter()
        .map(|r| {
            let domains: Vec<String> =
                serde_json::from_str(&r.try_get::<String, _>(4).unwrap_or_default())
                    .unwrap_or_default();
            format!(
                "{} {}至{} {} 领域 {}",
                r.try_get::<String, _>(0).unwrap_or_default(),
                r.try_get::<String, _>(1).unwrap_or_default(),
                r.try_get::<String, _>(2).unwrap_or_default(),
                r.try_get::<String, _>(3).unwrap_or_default(),
                domains.join("/")
            )
        })
        .collect();
    Ok(format!("{name}（{}）", c.join("，")))
}
