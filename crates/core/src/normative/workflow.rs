//! Drafting and the gates of a document, each refused with its article before anything is
//! written, each on the audit chain and the document's whole-process record.
//!
//! The order (国办发〔2018〕37号 [M], not in the corpus: the platform's configuration): 评估论证 →
//! 公开征求意见 → 公平竞争审查 → 合法性审核 → 集体审议 → 签署、统一登记编号 → 统一发布 → 备案 →
//! 评估、修改、废止.

use chrono::{Datelike, NaiveDate};
use fazhi_law::Corpus;
use sqlx::{AnyConnection, Row};

use super::citations;
use super::records::{self, Document};
use super::rules::{self, CHECKLIST, Conclusion, Status};
use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal};
use crate::calendar::{CalendarError, HolidayCalendar};
use crate::db::Db;
use crate::time::now_ms;
use crate::{Code, Error, Result};

/// A new draft.
#[derive(Debug, Clone)]
pub struct NewDocument {
    pub department_id: i64,
    pub title: String,
    pub subject: String,
    pub body_text: String,
    /// Sets rights or duties of enterprises (优化营商环境条例 第六十二–六十四条; 公平竞争审查条例
    /// 第二条 "涉及经营者经济活动").
    pub touches_enterprises: bool,
    /// The date the body plans to issue it.
    pub planned_on: NaiveDate,
}

/// One step on a document.
#[derive(Debug, Clone)]
pub enum Step {
    /// 评估论证 of the need, feasibility and effects (37号).
    Assess { note: String },
    /// 公开征求意见 from `from` to `to` (第六十二条; a period under thirty days needs `reason`).
    OpenComment {
        from: NaiveDate,
        to: NaiveDate,
        reason: String,
    },
    /// The comment period ended; the feedback on adoption (第六十二条 第二款 "意见采纳情况反馈").
    CloseComment { feedback: String },
    /// Submitted to the Justice Bureau for the legality review (115号).
    RequestReview,
    /// The reviewer's finding on one item of the checklist.
    Check {
        item: String,
        passed: bool,
        note: String,
    },
    /// One review opinion.
    Opinion { item: String, text: String },
    /// The review's conclusion (5–15 working days, 115号).
    Conclude { conclusion: Conclusion },
    /// The drafting body adopts or rejects an opinion, with its reason.
    Answer {
        opinion_id: i64,
        adopted: bool,
        reason: String,
    },
    /// 集体审议 at the body's meeting (115号: not without the review).
    Deliberate { meeting: String },
    /// Signed by the head and registered with the year's next number (统一登记、统一编号).
    Sign { signer: String },
    /// 统一发布: published, in force; valid for `years` (1–5).
    Publish { channel: String, years: u32 },
    /// 备案 with the higher body.
    File { body: String },
    /// The evaluation before expiry.
    Evaluate { note: String },
    /// 废止.
    Repeal { reason: String },
}

/// One kind of step: its stored name, labels, who takes it and from which statuses.
pub struct StepDef {
    pub name: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub permission: Permission,
    pub from: &'static [Status],
}

const fn def(
    name: &'static str,
    zh: &'static str,
    en: &'static str,
    permission: Permission,
    from: &'static [Status],
) -> StepDef {
    StepDef {
        name,
        zh,
        en,
        permission,
        from,
    }
}

use Permission::{DraftNormative as DRAFT, ReviewNormative as REVIEW};
use Status as St;

/// Every step, in the order of the procedure. Pages, the API and `apply` read this table.
pub static STEPS: [StepDef; 14] = [
    def("assess", "评估论证", "Assessment", DRAFT, &[St::Draft]),
    def(
        "open_comment",
        "公开征求意见",
        "Open public comment",
        DRAFT,
        &[St::Draft],
    ),
    def(
        "close_comment",
        "征求意见结束及采纳反馈",
        "Close comment, feedback",
        DRAFT,
        &[St::Draft],
    ),
    def(
        "request_review",
        "报送合法性审核",
        "Submit for legality review",
        DRAFT,
        &[St::Draft],
    ),
    def(
        "check",
        "审核要点意见",
        "Checklist finding",
        REVIEW,
        &[St::InReview],
    ),
    def(
        "opinion",
        "提出审核意见",
        "Review opinion",
        REVIEW,
        &[St::InReview],
    ),
    def(
        "conclude",
        "出具合法性审核意见书",
        "Conclude the review",
        REVIEW,
        &[St::InReview],
    ),
    def(
        "answer",
        "采纳或不采纳审核意见",
        "Adopt or reject an opinion",
        DRAFT,
        &[St::InReview, St::Reviewed],
    ),
    def(
        "deliberate",
        "集体审议",
        "Collective deliberation",
        DRAFT,
        // Taken from a draft or during the review only to be refused with its article.
        &[St::Draft, St::InReview, St::Reviewed],
    ),
    def(
        "sign",
        "主要负责人签署、统一登记编号",
        "Sign and register",
        DRAFT,
        &[St::Deliberated],
    ),
    def("publish", "统一发布", "Publish", DRAFT, &[St::Signed]),
    def("file", "报送备案", "File", DRAFT, &[St::Published]),
    def(
        "evaluate",
        "有效期届满前评估",
        "Evaluate",
        DRAFT,
        &[St::Published],
    ),
    def("repeal", "废止", "Repeal", DRAFT, &[St::Published]),
];

impl Step {
    pub fn name(&self) -> &'static str {
        match self {
            Step::Assess { .. } => "assess",
            Step::OpenComment { .. } => "open_comment",
            Step::CloseComment { .. } => "close_comment",
            Step::RequestReview => "request_review",
            Step::Check { .. } => "check",
            Step::Opinion { .. } => "opinion",
            Step::Conclude { .. } => "conclude",
            Step::Answer { .. } => "answer",
            Step::Deliberate { .. } => "deliberate",
            Step::Sign { .. } => "sign",
            Step::Publish { .. } => "publish",
            Step::File { .. } => "file",
            Step::Evaluate { .. } => "evaluate",
            Step::Repeal { .. } => "repeal",
        }
    }

    /// Its entry of [`STEPS`].
    pub fn def(&self) -> &'static StepDef {
        let name = self.name();
        STEPS.iter().find(|d| d.name == name).unwrap_or(&STEPS[0])
    }

    pub fn permission(&self) -> Permission {
        self.def().permission
    }
}

/// The steps `who` may take on the document now (the page offers these and only these).
pub fn offers(d: &Document, who: &Principal) -> Vec<&'static StepDef> {
    STEPS
        .iter()
        .filter(|s| who.role.can(s.permission) && s.from.contains(&d.status))
        .filter(|s| match s.name {
            "assess" => d.assessed_on.is_none(),
            "open_comment" => d.assessed_on.is_some() && d.comment_from.is_none(),
            "close_comment" => d.comment_from.is_some() && d.comment_closed_on.is_none(),
            "request_review" => d.comment_closed_on.is_some(),
            "file" => d.filed_on.is_none(),
            "evaluate" => d.evaluated_on.is_none(),
            "deliberate" => d.status == Status::Reviewed,
            _ => true,
        })
        .collect()
}

pub(crate) fn invalid(field: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Error {
    Error::of(Code::NormativeInvalid)
        .for_field(field)
        .arg_zh_en("reason", zh.into(), en.into())
}

pub(crate) fn refused(zh: impl Into<String>, en: impl Into<String>) -> Error {
    Error::of(Code::NormativeRefused).arg_zh_en("reason", zh.into(), en.into())
}

pub(crate) fn cal_err(e: CalendarError) -> Error {
    invalid("on", e.message_zh(), e.message_en())
}

pub(crate) fn text(v: &str, field: &'static str, max: usize, zh: &str, en: &str) -> Result<()> {
    let t = v.trim();
    if t.is_empty() || t.chars().count() > max {
        return Err(invalid(
            field,
            format!("请填写{zh}（{max} 字以内）。"),
            format!("Enter the {en} (at most {max} characters)."),
        ));
    }
    Ok(())
}

/// Writes a line of the whole-process record.
pub(crate) async fn record(
    conn: &mut AnyConnection,
    region: &str,
    id: i64,
    action: &str,
    on: NaiveDate,
    actor: &str,
    note: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO normative_steps (region_code, document_id, action, on_date, actor, note, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)",
    )
    .bind(region.to_string())
    .bind(id)
    .bind(action.to_string())
    .bind(on.to_string())
    .bind(actor.to_string())
    .bind(note.to_string())
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

fn validate(n: &NewDocument) -> Result<()> {
    text(&n.title, "title", 200, "文件名称", "title")?;
    text(&n.body_text, "body_text", 100_000, "文件正文", "text")?;
    if n.subject.chars().count() > 500 {
        return Err(invalid(
            "subject",
            "主题词 500 字以内。",
            "The subject is at most 500 characters.",
        ));
    }
    Ok(())
}

/// Stores a draft of `n.department_id` (the caller checked the scope), its citations scanned.
pub async fn create(
    tx: &mut AuditedTx,
    region: &str,
    corpus: &Corpus,
    n: &NewDocument,
    amends_id: Option<i64>,
    by: &str,
) -> Result<i64> {
    validate(n)?;
    let ok: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM departments WHERE id = $1 AND region_code = $2 AND active = 1",
    )
    .bind(n.department_id)
    .bind(region.to_string())
    .fetch_one(&mut *tx.conn())
    .await?
    .try_get(0)?;
    if ok == 0 {
        return Err(invalid(
            "department_id",
            "起草单位须是本区的行政机关。",
            "The drafting body must be a body of the district.",
        ));
    }
    let now = now_ms();
    let id: i64 = sqlx::query(
        "INSERT INTO normative_documents (region_code, department_id, title, subject, body_text, touches_enterprises, \
         planned_on, status, amends_id, created_by, created_at, updated_at) \
         VALUES ($1,$2,$3,$4,$5,$6,$7,'draft',$8,$9,$10,$10) RETURNING id",
    )
    .bind(region.to_string())
    .bind(n.department_id)
    .bind(n.title.trim().to_string())
    .bind(n.subject.trim().to_string())
    .bind(n.body_text.trim().to_string())
    .bind(i64::from(n.touches_enterprises))
    .bind(n.planned_on.to_string())
    .bind(amends_id)
    .bind(by.to_string())
    .bind(now)
    .fetch_one(&mut *tx.conn())
    .await?
    .try_get(0)?;
    let found = citations::scan(corpus, &n.body_text);
    citations::store(tx.conn(), region, id, &found).await?;
    let today = crate::time::today();
    record(
        tx.conn(),
        region,
        id,
        "draft",
        today.min(n.planned_on),
        by,
        &format!("起草，引用条文 {} 条", found.len()),
    )
    .await?;
    let after = serde_json::json!({"title": n.title.trim(), "department": n.department_id, "amends": amends_id});
    tx.record(Event {
        action: "normative.draft",
        object_type: "normative",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("起草规范性文件 {id}：{}", n.title.trim()),
    })
    .await?;
    Ok(id)
}

/// A drafting body's new draft, in its own transaction.
pub async fn create_as(db: &Db, who: &Principal, corpus: &Corpus, n: &NewDocument) -> Result<i64> {
    who.require(Permission::DraftNormative)?;
    validate(n)?;
    who.require_department(db, n.department_id).await?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let id = create(&mut tx, &who.region, corpus, n, None, &who.actor().name).await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes a draft's text before it is submitted for review (its citations scanned again).
pub async fn revise(
    db: &Db,
    who: &Principal,
    corpus: &Corpus,
    id: i64,
    body_text: &str,
) -> Result<Document> {
    who.require(Permission::DraftNormative)?;
    let d = records::get(db, who, id).await?;
    if d.status != Status::Draft {
        return Err(refused(
            "只有起草中的文件可以修改正文；已报送审核的须待审核结论后重新起草。",
            "Only a draft's text can change.",
        ));
    }
    text(body_text, "body_text", 100_000, "文件正文", "text")?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    sqlx::query("UPDATE normative_documents SET body_text = $1, updated_at = $2 WHERE id = $3")
        .bind(body_text.trim().to_string())
        .bind(now_ms())
        .bind(id)
        .execute(&mut *tx.conn())
        .await?;
    let found = citations::scan(corpus, body_text);
    citations::store(tx.conn(), &who.region, id, &found).await?;
    let today = crate::time::today();
    record(
        tx.conn(),
        &who.region,
        id,
        "revise",
        today,
        &who.actor().name,
        "修改正文",
    )
    .await?;
    tx.record(Event {
        action: "normative.revise",
        object_type: "normative",
        object_id: id.to_string(),
        before: None,
        after: None,
        summary: format!("修改规范性文件草案 {id}"),
    })
    .await?;
    let after = records::load_in(tx.conn(), &who.region, id).await?;
    tx.commit().await?;
    Ok(after)
}

/// Opens the amendment of a document in force: a new draft with its text, which replaces it
/// when published.
pub async fn amend(db: &Db, who: &Principal, corpus: &Corpus, id: i64) -> Result<i64> {
    who.require(Permission::DraftNormative)?;
    let d = records::get(db, who, id).await?;
    if d.status != Status::Published {
        return Err(refused(
            "只有现行有效的文件可以修改。",
            "Only a document in force can be amended.",
        ));
    }
    let today = crate::time::today();
    let n = NewDocument {
        department_id: d.department_id,
        title: format!("关于修改《{}》的决定", d.title),
        subject: d.subject.clone(),
        body_text: d.body_text.clone(),
        touches_enterprises: d.touches_enterprises,
        planned_on: today,
    };
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let new_id = create(
        &mut tx,
        &who.region,
        corpus,
        &n,
        Some(id),
        &who.actor().name,
    )
    .await?;
    tx.commit().await?;
    Ok(new_id)
}

/// Takes a step on a document of `who`'s scope, in its own transaction.
pub async fn act(
    db: &Db,
    who: &Principal,
    cal: &HolidayCalendar,
    corpus: &Corpus,
    id: i64,
    on: NaiveDate,
    step: Step,
) -> Result<Document> {
    who.require(step.permission())?;
    let d = records::get(db, who, id).await?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    apply(
        &mut tx,
        &who.region,
        &who.actor().name,
        cal,
        corpus,
        &d,
        on,
        &step,
    )
    .await?;
    let after = records::load_in(tx.conn(), &who.region, id).await?;
    tx.commit().await?;
    Ok(after)
}

/// Counts rows of a query with one id bound.
async fn count(conn: &mut AnyConnection, sql: &'static str, id: i64) -> Result<i64> {
    Ok(sqlx::query(sql)
        .bind(id)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?)
}

/// The latest fair-competition conclusion of the document ('' when none).
pub(crate) async fn fair_competition_conclusion(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<String> {
    let row = sqlx::query(
        "SELECT conclusion FROM fair_competition_reviews WHERE document_id = $1 ORDER BY reviewed_on DESC, id DESC LIMIT 1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match row {
        Some(r) => r.try_get(0)?,
        None => String::new(),
    })
}

/// The body of [`act`] inside the caller's transaction (the demo reuses it).
#[allow(clippy::too_many_arguments)]
pub async fn apply(
    tx: &mut AuditedTx,
    region: &str,
    actor: &str,
    cal: &HolidayCalendar,
    corpus: &Corpus,
    d: &Document,
    on: NaiveDate,
    step: &Step,
) -> Result<()> {
    let def = step.def();
    if !def.from.contains(&d.status) {
        return Err(refused(
            format!(
                "文件当前为“{}”，不能办理“{}”。",
                d.status.label_zh(),
                def.zh
            ),
            format!(
                "The document is {}: “{}” is not possible now.",
                d.status.label_en(),
                def.en
            ),
        ));
    }
    if on > crate::time::today() {
        return Err(invalid(
            "on",
            "办理日期不能晚于今天。",
            "The date cannot be in the future.",
        ));
    }
    let conn = tx.conn();
    let mut note: String;
    let mut set: Vec<(&'static str, Option<String>)> = Vec::new();
    let ds = |x: NaiveDate| Some(x.to_string());
    match step {
        Step::Assess { note: n } => {
            text(n, "note", 4000, "评估论证意见", "assessment")?;
            if d.assessed_on.is_some() {
                return Err(refused("已评估论证。", "Already assessed."));
            }
            set.push(("assessed_on", ds(on)));
            set.push(("assessment", Some(n.trim().to_string())));
            note = n.trim().to_string();
        }
        Step::OpenComment { from, to, reason } => {
            if d.assessed_on.is_none() {
                return Err(refused(
                    "起草须先评估论证，再公开征求意见（国办发〔2018〕37号：评估论证、广泛征求意见）。",
                    "Assess the draft before the public comment (State Council notice 2018/37).",
                ));
            }
            if d.comment_from.is_some() {
                return Err(refused(
                    "已公开征求意见。",
                    "The public comment was already opened.",
                ));
            }
            if *to <= *from || d.assessed_on.is_some_and(|a| *from < a) {
                return Err(invalid(
                    "comment_to",
                    "征求意见的起止日期须在评估之后，且截止日期晚于开始日期。",
                    "The comment period must start after the assessment and end after it starts.",
                ));
            }
            if let Some(days) = rules::comment_too_short(d.touches_enterprises, *from, *to, reason)
            {
                return Err(refused(
                    format!(
                        "涉及市场主体权利义务的文件，向社会公开征求意见的期限一般不少于30日（《优化营商环境条例》第六十二条），本次仅 {days} 日；缩短须说明理由。"
                    ),
                    format!(
                        "A document touching enterprises is open for comment at least 30 days (Regulation on Optimizing the Business Environment art. 62); this period has {days}; a shorter one needs a reason."
                    ),
                ));
            }
            if reason.chars().count() > 1000 {
                return Err(invalid(
                    "reason",
                    "理由 1000 字以内。",
                    "The reason is at most 1,000 characters.",
                ));
            }
            set.push(("comment_from", ds(*from)));
            set.push(("comment_to", ds(*to)));
            set.push(("comment_short_reason", Some(reason.trim().to_string())));
            note = format!("{from} 至 {to}");
            if !reason.trim().is_empty() {
                note.push_str(&format!("（缩短理由：{}）", reason.trim()));
            }
        }
        Step::CloseComment { feedback } => {
            let Some(to) = d.comment_to else {
                return Err(refused(
                    "尚未公开征求意见。",
                    "No public comment was opened.",
                ));
            };
            if on < to {
                return Err(refused(
                    format!(
                        "征求意见期至 {to} 届满，届满前不能结束（《优化营商环境条例》第六十二条）。"
                    ),
                    format!("The comment period runs until {to} (art. 62)."),
                ));
            }
            text(
                feedback,
                "feedback",
                4000,
                "意见采纳情况反馈",
                "feedback on the comments",
            )?;
            set.push(("comment_closed_on", ds(on)));
            set.push(("comment_feedback", Some(feedback.trim().to_string())));
            note = feedback.trim().to_string();
        }
        Step::RequestReview => {
            if d.assessed_on.is_none() || d.comment_closed_on.is_none() {
                return Err(refused(
                    "报送合法性审核前须完成评估论证和公开征求意见（国办发〔2018〕37号；《优化营商环境条例》第六十二条）。",
                    "Assessment and public comment come before the legality review (notice 2018/37; art. 62).",
                ));
            }
            if d.touches_enterprises {
                let fcr = fair_competition_conclusion(conn, d.id).await?;
                if !matches!(fcr.as_str(), "pass" | "exception") {
                    return Err(refused(
                        "涉及经营者经济活动的文件，未经公平竞争审查或审查认为违反审查标准的，不得出台（《公平竞争审查条例》第十八条；《优化营商环境条例》第六十三条）。",
                        "A measure touching enterprises needs a passed fair-competition review (Fair Competition Review Regulation art. 18; art. 63).",
                    ));
                }
            }
            let (earliest, due) = rules::review_window(cal, on).map_err(cal_err)?;
            if d.planned_on < earliest {
                return Err(refused(
                    format!(
                        "合法性审核时间一般不少于5个工作日（国办发〔2018〕115号），拟发布日期 {} 早于 {earliest}。",
                        d.planned_on
                    ),
                    format!(
                        "The legality review takes at least 5 working days (notice 2018/115); the planned date {} is before {earliest}.",
                        d.planned_on
                    ),
                ));
            }
            set.push(("status", Some("in_review".into())));
            set.push(("review_requested_on", ds(on)));
            set.push(("review_earliest", ds(earliest)));
            set.push(("review_due", ds(due)));
            set.push(("review_conclusion", Some(String::new())));
            note = format!("审核期限 {earliest} 至 {due}（5–15 个工作日）");
        }
        Step::Check {
            item,
            passed,
            note: n,
        } => {
            let Some((_, zh, _)) = CHECKLIST.iter().find(|(k, _, _)| k == item) else {
                return Err(invalid(
                    "item",
                    "审核要点不在清单中。",
                    "Not an item of the checklist.",
                ));
            };
            if !passed {
                text(n, "note", 4000, "发现的问题", "problem found")?;
            }
            sqlx::query("DELETE FROM normative_checks WHERE document_id = $1 AND item = $2")
                .bind(d.id)
                .bind(item.clone())
                .execute(&mut *conn)
                .await?;
            sqlx::query(
                "INSERT INTO normative_checks (region_code, document_id, item, passed, note) VALUES ($1,$2,$3,$4,$5)",
            )
            .bind(region.to_string())
            .bind(d.id)
            .bind(item.clone())
            .bind(i64::from(*passed))
            .bind(n.trim().to_string())
            .execute(&mut *conn)
            .await?;
            note = format!("{zh}：{}", if *passed { "未发现问题" } else { n.trim() });
        }
        Step::Opinion { item, text: t } => {
            text(t, "text", 4000, "审核意见", "opinion")?;
            if !item.is_empty() && !CHECKLIST.iter().any(|(k, _, _)| k == item) {
                return Err(invalid(
                    "item",
                    "审核要点不在清单中。",
                    "Not an item of the checklist.",
                ));
            }
            let seq = count(
                conn,
                "SELECT CAST(COUNT(*) AS BIGINT) FROM normative_opinions WHERE document_id = $1",
                d.id,
            )
            .await?
                + 1;
            sqlx::query(
                "INSERT INTO normative_opinions (region_code, document_id, seq, item, opinion, created_at) VALUES ($1,$2,$3,$4,$5,$6)",
            )
            .bind(region.to_string())
            .bind(d.id)
            .bind(seq)
            .bind(item.clone())
            .bind(t.trim().to_string())
            .bind(now_ms())
            .execute(&mut *conn)
            .await?;
            note = format!("意见 {seq}：{}", t.trim());
        }
        Step::Conclude { conclusion } => {
            let (Some(earliest), Some(due)) = (d.review_earliest, d.review_due) else {
                return Err(refused("尚未报送审核。", "Not submitted for review."));
            };
            if on < earliest {
                return Err(refused(
                    format!(
                        "合法性审核时间一般不少于5个工作日（国办发〔2018〕115号），{earliest} 前不能出具审核意见。"
                    ),
                    format!(
                        "The review takes at least 5 working days (notice 2018/115): not before {earliest}."
                    ),
                ));
            }
            let checks = records::checks(conn, d.id).await?;
            if let Some((_, zh, _)) = CHECKLIST
                .iter()
                .find(|(k, _, _)| !checks.iter().any(|c| c.item == *k))
            {
                return Err(refused(
                    format!("审核要点“{zh}”尚无意见（国办发〔2018〕115号审核内容须逐项审核）。"),
                    "Every item of the checklist needs a finding (notice 2018/115).",
                ));
            }
            let failed = checks.iter().filter(|c| !c.passed).count();
            let opinions = records::opinions(conn, d.id).await?;
            if *conclusion != Conclusion::Lawful && opinions.is_empty() {
                return Err(invalid(
                    "conclusion",
                    "需修改或不合法的，须逐条提出审核意见。",
                    "Give the opinions one by one for an amendment or an unlawful finding.",
                ));
            }
            let codes: Vec<String> = records::citations(conn, d.id)
                .await?
                .into_iter()
                .map(|c| c.code)
                .collect();
            let lapses = citations::lapsed(corpus, &codes, d.planned_on);
            if *conclusion != Conclusion::Unlawful && (!lapses.is_empty() || failed > 0) {
                let why = if lapses.is_empty() {
                    format!("{failed} 项审核要点发现问题")
                } else {
                    lapses
                        .iter()
                        .map(|c| c.message_zh())
                        .collect::<Vec<_>>()
                        .join("；")
                };
                if *conclusion == Conclusion::Lawful || !lapses.is_empty() {
                    return Err(refused(
                        format!(
                            "{why}：不能认定合法（与上位法相抵触的，国办发〔2018〕115号）。引用条文须在拟发布之日 {} 有效。",
                            d.planned_on
                        ),
                        format!(
                            "Cannot conclude lawful: cited provisions must be in force on the planned date {} and every item clear (notice 2018/115).",
                            d.planned_on
                        ),
                    ));
                }
            }
            let back_to_draft = *conclusion == Conclusion::Unlawful;
            set.push((
                "status",
                Some(if back_to_draft { "draft" } else { "reviewed" }.into()),
            ));
            set.push(("reviewed_on", ds(on)));
            set.push(("reviewer", Some(actor.to_string())));
            set.push(("review_conclusion", Some(conclusion.as_str().into())));
            if back_to_draft {
                // Revised and submitted again: the comment stays done, the review starts over.
                set.push(("review_requested_on", None));
            }
            note = format!("{}，意见 {} 条", conclusion.label_zh(), opinions.len());
            if on > due {
                note.push_str(&format!("（超过审核期限 {due}）"));
            }
        }
        Step::Answer {
            opinion_id,
            adopted,
            reason,
        } => {
            text(reason, "reason", 2000, "采纳或不采纳的理由", "reason")?;
            let n = sqlx::query(
                "UPDATE normative_opinions SET adopted = $1, response = $2, answered_on = $3 WHERE id = $4 AND document_id = $5",
            )
            .bind(i64::from(*adopted))
            .bind(reason.trim().to_string())
            .bind(on.to_string())
            .bind(*opinion_id)
            .bind(d.id)
            .execute(&mut *conn)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(Error::not_found("review opinion"));
            }
            note = format!(
                "意见 {opinion_id}：{}（{}）",
                if *adopted { "采纳" } else { "不采纳" },
                reason.trim()
            );
        }
        Step::Deliberate { meeting } => {
            text(meeting, "meeting", 200, "审议会议", "meeting")?;
            if d.reviewed_on.is_none()
                || d.review_conclusion
                    .is_none_or(|c| c == Conclusion::Unlawful)
            {
                return Err(refused(
                    "未经合法性审核或者经审核不合法的，不得提交集体审议（国办发〔2018〕115号）。",
                    "Without a legality review, or found unlawful, a draft may not be deliberated (notice 2018/115).",
                ));
            }
            let open = count(
                conn,
                "SELECT CAST(COUNT(*) AS BIGINT) FROM normative_opinions WHERE document_id = $1 AND adopted IS NULL",
                d.id,
            )
            .await?;
            if open > 0 {
                return Err(refused(
                    format!(
                        "尚有 {open} 条审核意见未作采纳或不采纳的答复（国办发〔2018〕115号：逐条研究审核意见）。"
                    ),
                    format!("{open} review opinion(s) still need an answer (notice 2018/115)."),
                ));
            }
            set.push(("status", Some("deliberated".into())));
            set.push(("deliberated_on", ds(on)));
            set.push(("meeting", Some(meeting.trim().to_string())));
            note = meeting.trim().to_string();
        }
        Step::Sign { signer } => {
            text(signer, "signer", 100, "签署人", "signer")?;
            let year = on.year();
            let seq = crate::cases::numbers::next_in(conn, region, "规范性文件", year).await?;
            // 统一登记、统一编号: one region-wide sequence per year, drawn inside this
            // transaction, so a refused or rolled-back signature leaves no gap.
            let reg = format!("津滨规〔{year}〕{seq}号");
            set.push(("status", Some("signed".into())));
            set.push(("signed_on", ds(on)));
            set.push(("signer", Some(signer.trim().to_string())));
            set.push(("reg_no", Some(reg.clone())));
            sqlx::query("UPDATE normative_documents SET reg_year = $1, reg_seq = $2 WHERE id = $3")
                .bind(i64::from(year))
                .bind(seq)
                .bind(d.id)
                .execute(&mut *conn)
                .await?;
            note = format!("{reg}，{}签署", signer.trim());
        }
        Step::Publish { channel, years } => {
            text(channel, "channel", 200, "发布载体", "where published")?;
            let Some((until, evaluation)) = rules::validity(on, *years) else {
                return Err(invalid(
                    "years",
                    "有效期为 1 至 5 年（规范性文件有效期一般不超过5年）。",
                    "Validity is 1 to 5 years.",
                ));
            };
            if d.signed_on.is_some_and(|s| on < s) {
                return Err(invalid(
                    "on",
                    "发布日期不能早于签署日期。",
                    "Publication cannot precede the signature.",
                ));
            }
            let codes: Vec<String> = records::citations(conn, d.id)
                .await?
                .into_iter()
                .map(|c| c.code)
                .collect();
            let lapses = citations::lapsed(corpus, &codes, on);
            if !lapses.is_empty() {
                return Err(refused(
                    format!(
                        "引用的条文在发布之日已失效：{}。须修改后重新审核。",
                        lapses
                            .iter()
                            .map(|c| c.message_zh())
                            .collect::<Vec<_>>()
                            .join("；")
                    ),
                    format!(
                        "Cited provisions are not in force on the day of publication: {}.",
                        lapses
                            .iter()
                            .map(|c| c.message_en())
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                ));
            }
            let filing = rules::filing_due(cal, on).map_err(cal_err)?;
            set.push(("status", Some("published".into())));
            set.push(("published_on", ds(on)));
            set.push(("channel", Some(channel.trim().to_string())));
            set.push(("valid_until", ds(until)));
            set.push(("evaluation_due", ds(evaluation)));
            set.push(("filing_due", ds(filing)));
            note = format!(
                "{}，有效期至 {until}，{evaluation} 前评估，{filing} 前报送备案",
                channel.trim()
            );
            if let Some(old) = d.amends_id {
                sqlx::query(
                    "UPDATE normative_documents SET status = 'replaced', repealed_on = $1, repeal_reason = $2, updated_at = $3 \
                     WHERE id = $4 AND status = 'published'",
                )
                .bind(on.to_string())
                .bind(format!("被{}修改", d.reg_no))
                .bind(now_ms())
                .bind(old)
                .execute(&mut *conn)
                .await?;
                record(
                    conn,
                    region,
                    old,
                    "replaced",
                    on,
                    actor,
                    &format!("被{}修改替代", d.reg_no),
                )
                .await?;
            }
        }
        Step::File { body } => {
            text(body, "body", 200, "备案机关", "filing body")?;
            if d.filed_on.is_some() {
                return Err(refused("已报送备案。", "Already filed."));
            }
            if d.published_on.is_some_and(|p| on < p) {
                return Err(invalid(
                    "on",
                    "备案日期不能早于发布日期。",
                    "Filing cannot precede publication.",
                ));
            }
            set.push(("filed_on", ds(on)));
            set.push(("filing_body", Some(body.trim().to_string())));
            note = body.trim().to_string();
            if let Some(due) = d.filing_due
                && on > due
            {
                note.push_str(&format!(
                    "（逾期报送：应于 {due} 前，《法规规章备案审查条例》第四条、第二十五条）"
                ));
            }
        }
        Step::Evaluate { note: n } => {
            text(n, "note", 4000, "评估意见", "evaluation")?;
            set.push(("evaluated_on", ds(on)));
            set.push(("evaluation", Some(n.trim().to_string())));
            note = n.trim().to_string();
        }
        Step::Repeal { reason } => {
            text(reason, "reason", 2000, "废止理由", "reason")?;
            set.push(("status", Some("repealed".into())));
            set.push(("repealed_on", ds(on)));
            set.push(("repeal_reason", Some(reason.trim().to_string())));
            note = reason.trim().to_string();
        }
    }
    for (col, val) in &set {
        // Column names come from the match above, never from input.
        let sql =
            format!("UPDATE normative_documents SET {col} = $1, updated_at = $2 WHERE id = $3");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(val.clone())
            .bind(now_ms())
            .bind(d.id)
            .execute(&mut *conn)
            .await?;
    }
    record(conn, region, d.id, step.name(), on, actor, &note).await?;
    let after = serde_json::json!({"step": step.name(), "on": on.to_string(), "note": note});
    tx.record(Event {
        action: "normative.step",
        object_type: "normative",
        object_id: d.id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("规范性文件 {}：{}", d.id, def.zh),
    })
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every step has its entry in the table, with the permission of its side.
    #[test]
    fn every_step_is_in_the_table() {
        let on: NaiveDate = "2024-01-02".parse().expect("date");
        let steps = [
            Step::Assess {
                note: String::new(),
            },
            Step::OpenComment {
                from: on,
                to: on,
                reason: String::new(),
            },
            Step::CloseComment {
                feedback: String::new(),
            },
            Step::RequestReview,
            Step::Check {
                item: String::new(),
                passed: true,
                note: String::new(),
            },
            Step::Opinion {
                item: String::new(),
                text: String::new(),
            },
            Step::Conclude {
                conclusion: Conclusion::Lawful,
            },
            Step::Answer {
                opinion_id: 1,
                adopted: true,
                reason: String::new(),
            },
            Step::Deliberate {
                meeting: String::new(),
            },
            Step::Sign {
                signer: String::new(),
            },
            Step::Publish {
                channel: String::new(),
                years: 5,
            },
            Step::File {
                body: String::new(),
            },
            Step::Evaluate {
                note: String::new(),
            },
            Step::Repeal {
                reason: String::new(),
            },
        ];
        assert_eq!(steps.len(), STEPS.len());
        for s in &steps {
            assert_eq!(s.def().name, s.name());
        }
        assert_eq!(
            Step::Conclude {
                conclusion: Conclusion::Lawful
            }
            .permission(),
            Permission::ReviewNormative
        );
        assert_eq!(Step::RequestReview.permission(), Permission::DraftNormative);
    }
}
