//! A decision from its start to publication, archiving and post-evaluation: the five statutory
//! procedures as gates, each checked against 重大行政决策程序暂行条例 before anything is
//! written, each on the audit chain and the decision's whole-process record (第三十三条).

use chrono::NaiveDate;
use sqlx::{AnyConnection, Row};

use super::catalogue::{self, ItemStatus, invalid, refused, text};
use super::records::{self, Decision, Status};
use super::rules::{self, Position, ReviewConclusion, Speech, Trigger};
use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal};
use crate::calendar::HolidayCalendar;
use crate::counsel::SubjectKind;
use crate::db::Db;
use crate::time::now_ms;
use crate::{Error, Result};

/// A decision as the undertaking body starts it (第十一条).
#[derive(Debug, Clone)]
pub struct NewDecision {
    pub item_id: i64,
    pub title: String,
    /// The draft and its explanation (决策草案及其说明).
    pub summary: String,
    /// `false`: 依法不予公开 (第十四条, 第三十二条), with the reason.
    pub open_to_public: bool,
    pub closed_reason: String,
    /// 专业性、技术性较强 (第十九条): expert argument required.
    pub technical: bool,
    /// May harm social stability or public safety (第二十二条): risk assessment required.
    pub risky: bool,
    pub started_on: NaiveDate,
}

/// One step on a decision.
#[derive(Debug, Clone)]
pub enum Step {
    /// 公众参与 (第十四–十八条): the public comment period and the adoption of the comments.
    Participate {
        from: NaiveDate,
        to: NaiveDate,
        short_reason: String,
        received: i64,
        adoption: String,
    },
    /// 听证会 (第十六–十七条).
    Hearing {
        hearing_on: NaiveDate,
        materials_on: NaiveDate,
        record_signed: bool,
    },
    /// 专家论证 (第十九–二十一条).
    Experts {
        experts: String,
        opinion: String,
        signed: bool,
        no_interest: bool,
    },
    /// 风险评估 (第二十二–二十四条).
    Risk {
        assessor: String,
        report: String,
        controllable: bool,
    },
    /// 送请合法性审查 (第二十五–二十六条), asking for the review by `needed_by`.
    SubmitReview { needed_by: NaiveDate },
    /// 退回或者要求补充 (第二十六条 第一款).
    ReturnReview { reason: String },
    /// 合法性审查意见 (第二十七–二十八条).
    Review {
        conclusion: ReviewConclusion,
        opinion: String,
    },
    /// 集体讨论决定 (第二十九–三十条).
    Decide {
        meeting_kind: String,
        speeches: Vec<Speech>,
        adopted: bool,
        head_reason: String,
        dissent: String,
    },
    /// 决策公布 (第三十一–三十二条).
    Publish {
        channel: String,
        party_reported_on: NaiveDate,
    },
    /// 过程记录和材料归档 (第三十三条).
    Archive,
    /// 决策后评估 (第三十六条).
    Evaluate {
        trigger: Trigger,
        evaluator: String,
        conclusion: String,
    },
}

impl Step {
    pub fn name(&self) -> &'static str {
        match self {
            Step::Participate { .. } => "participate",
            Step::Hearing { .. } => "hearing",
            Step::Experts { .. } => "experts",
            Step::Risk { .. } => "risk",
            Step::SubmitReview { .. } => "submit_review",
            Step::ReturnReview { .. } => "return_review",
            Step::Review { .. } => "review",
            Step::Decide { .. } => "decide",
            Step::Publish { .. } => "publish",
            Step::Archive => "archive",
            Step::Evaluate { .. } => "evaluate",
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

/// One kind of step: stored name, labels, the article, who takes it and from which statuses.
/// The page, the API and `apply` read this one table.
pub struct StepDef {
    pub name: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub article: &'static str,
    pub permission: Permission,
    pub from: &'static [Status],
}

const fn def(
    name: &'static str,
    zh: &'static str,
    en: &'static str,
    article: &'static str,
    permission: Permission,
    from: &'static [Status],
) -> StepDef {
    StepDef {
        name,
        zh,
        en,
        article,
        permission,
        from,
    }
}

use Permission::{ProposeDecisions as BODY, ReviewDecisions as BUREAU};
use Status as St;

/// Every step, in the order of the procedure.
pub static STEPS: [StepDef; 11] = [
    def(
        "participate",
        "公众参与",
        "Public participation",
        "第十四–十八条",
        BODY,
        &[St::Drafting],
    ),
    def(
        "hearing",
        "听证会",
        "Hearing",
        "第十六–十七条",
        BODY,
        &[St::Drafting],
    ),
    def(
        "experts",
        "专家论证",
        "Expert argument",
        "第十九–二十一条",
        BODY,
        &[St::Drafting],
    ),
    def(
        "risk",
        "风险评估",
        "Risk assessment",
        "第二十二–二十四条",
        BODY,
        &[St::Drafting],
    ),
    def(
        "submit_review",
        "送请合法性审查",
        "Send for legality review",
        "第二十五–二十六条",
        BODY,
        &[St::Drafting],
    ),
    def(
        "return_review",
        "退回补充",
        "Return for completion",
        "第二十六条",
        BUREAU,
        &[St::InReview],
    ),
    def(
        "review",
        "合法性审查意见",
        "Legality review opinion",
        "第二十七–二十八条",
        BUREAU,
        &[St::InReview],
    ),
    def(
        "decide",
        "集体讨论决定",
        "Collective discussion",
        "第二十九–三十条",
        BUREAU,
        &[St::Reviewed],
    ),
    def(
        "publish",
        "决策公布",
        "Publish",
        "第三十一–三十二条",
        BUREAU,
        &[St::Decided],
    ),
    def(
        "archive",
        "过程记录归档",
        "Archive the record",
        "第三十三条",
        BUREAU,
        &[St::Decided, St::NotAdopted, St::Published],
    ),
    def(
        "evaluate",
        "决策后评估",
        "Post-evaluation",
        "第三十六条",
        BUREAU,
        &[St::Decided, St::Published],
    ),
];

/// The steps `who` may take on the decision now.
pub fn offers(m: &Decision, who: &Principal) -> Vec<&'static StepDef> {
    STEPS
        .iter()
        .filter(|d| who.role.can(d.permission) && d.from.contains(&m.status))
        .filter(|d| d.name != "participate" || m.open_to_public)
        .filter(|d| d.name != "publish" || m.open_to_public)
        .filter(|d| d.name != "archive" || m.archived_on.is_none())
        .filter(|d| d.name != "archive" || !(m.status == Status::Decided && m.open_to_public))
        .collect()
}

fn parse_day(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(|v| v.parse().ok())
}

async fn record(
    conn: &mut AnyConnection,
    region: &str,
    id: i64,
    action: &str,
    on: NaiveDate,
    actor: &str,
    note: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO decision_steps (region_code, decision_id, action, on_date, actor, note, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)",
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

/// Starts a decision on a catalogue item inside the caller's transaction (the demo reuses it).
/// Refused unless the item is listed in a published catalogue (第三条 第三款) and has no
/// decision yet.
pub async fn start_in(tx: &mut AuditedTx, region: &str, n: &NewDecision, by: &str) -> Result<i64> {
    text(&n.title, "title", 200, "决策名称", "title")?;
    text(
        &n.summary,
        "summary",
        4000,
        "决策草案及其说明",
        "draft and its explanation",
    )?;
    if !n.open_to_public {
        text(
            &n.closed_reason,
            "closed_reason",
            500,
            "依法不予公开的理由",
            "reason it is not public",
        )?;
    }
    if n.started_on > crate::time::today() {
        return Err(invalid(
            "started_on",
            "启动日期不能晚于今天。",
            "The start cannot be in the future.",
        ));
    }
    let it = catalogue::item_in(tx.conn(), region, n.item_id).await?;
    if it.status != ItemStatus::Listed || it.published_on.is_none() {
        return Err(refused(
            "该事项未列入已公布的重大行政决策事项目录，目录须经同级党委同意后向社会公布（《重大行政决策程序暂行条例》第三条第三款）。",
            "The item is not in a published catalogue; the catalogue is published after the Party committee agrees (art. 3(3)).",
        ));
    }
    let dup: i64 =
        sqlx::query("SELECT CAST(COUNT(*) AS BIGINT) FROM major_decisions WHERE item_id = $1")
            .bind(n.item_id)
            .fetch_one(&mut *tx.conn())
            .await?
            .try_get(0)?;
    if dup > 0 {
        return Err(refused(
            "该目录事项已启动决策程序。",
            "A decision on this item has been started already.",
        ));
    }
    let now = now_ms();
    let id: i64 = sqlx::query(
        "INSERT INTO major_decisions (region_code, item_id, department_id, title, summary, status, open_to_public, closed_reason, \
         technical, risky, started_on, created_by, created_at, updated_at) \
         VALUES ($1,$2,$3,$4,$5,'drafting',$6,$7,$8,$9,$10,$11,$12,$12) RETURNING id",
    )
    .bind(region.to_string())
    .bind(n.item_id)
    .bind(it.department_id)
    .bind(n.title.trim().to_string())
    .bind(n.summary.trim().to_string())
    .bind(i64::from(n.open_to_public))
    .bind(n.closed_reason.trim().to_string())
    .bind(i64::from(n.technical))
    .bind(i64::from(n.risky))
    .bind(n.started_on.to_string())
    .bind(by.to_string())
    .bind(now)
    .fetch_one(&mut *tx.conn())
    .await?
    .try_get(0)?;
    record(
        tx.conn(),
        region,
        id,
        "start",
        n.started_on,
        by,
        &format!("决策承办单位：{}（第十一条）", it.department),
    )
    .await?;
    let after = serde_json::json!({"item": n.item_id, "title": n.title.trim(), "started_on": n.started_on.to_string()});
    tx.record(Event {
        action: "decisions.start",
        object_type: "major_decision",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("启动重大行政决策程序：{}", n.title.trim()),
    })
    .await?;
    Ok(id)
}

/// The undertaking body starts a decision on an item of its own scope.
pub async fn start(db: &Db, who: &Principal, n: &NewDecision) -> Result<i64> {
    who.require(Permission::ProposeDecisions)?;
    let it = catalogue::item(db, who, n.item_id).await?;
    who.require_department(db, it.department_id).await?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let id = start_in(&mut tx, &who.region, n, &who.actor().name).await?;
    tx.commit().await?;
    Ok(id)
}

/// Takes a step on a decision of `who`'s scope, in its own transaction.
pub async fn act(
    db: &Db,
    who: &Principal,
    cal: &HolidayCalendar,
    id: i64,
    on: NaiveDate,
    step: Step,
) -> Result<Decision> {
    who.require(step.permission())?;
    let m = records::get(db, who, id).await?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    apply(&mut tx, &who.region, &who.actor().name, cal, &m, on, &step).await?;
    let after = records::load_in(tx.conn(), &who.region, id).await?;
    tx.commit().await?;
    Ok(after)
}

fn law(article: &str) -> String {
    format!("《重大行政决策程序暂行条例》{article}")
}

/// The body of [`act`] inside the caller's transaction (the demo reuses it).
pub async fn apply(
    tx: &mut AuditedTx,
    region: &str,
    actor: &str,
    cal: &HolidayCalendar,
    m: &Decision,
    on: NaiveDate,
    step: &Step,
) -> Result<()> {
    let d = step.def();
    if !d.from.contains(&m.status) {
        return Err(refused(
            format!("决策当前为“{}”，不能办理“{}”。", m.status.label_zh(), d.zh),
            format!(
                "The decision is {}: “{}” is not possible now.",
                m.status.label_en(),
                d.en
            ),
        ));
    }
    let started: NaiveDate = m
        .started_on
        .parse()
        .map_err(|_| Error::Internal(format!("stored started_on {:?}", m.started_on)))?;
    if on > crate::time::today() || on < started {
        return Err(invalid(
            "on",
            "办理日期须在启动之后、不晚于今天。",
            "The date must fall between the start and today.",
        ));
    }
    let conn = tx.conn();
    let mut set: Vec<(&str, Option<String>)> = Vec::new();
    let mut set_int: Vec<(&str, i64)> = Vec::new();
    let day = |x: NaiveDate| Some(x.to_string());
    let note: String;
    match step {
        Step::Participate {
            from,
            to,
            short_reason,
            received,
            adoption,
        } => {
            if !m.open_to_public {
                return Err(refused(
                    format!(
                        "该决策事项依法不予公开（{}），不向社会公开征求意见（{}）。",
                        m.closed_reason,
                        law("第十四条第一款")
                    ),
                    "The matter is not public by law; no public comment (art. 14(1)).",
                ));
            }
            text(
                adoption,
                "adoption",
                4000,
                "意见的归纳整理和采纳情况",
                "how the comments were adopted",
            )?;
            if *from < started || to < from || *received < 0 {
                return Err(invalid(
                    "comment_from",
                    "征求意见期间须在启动之后，且截止日不早于开始日。",
                    "The comment period must follow the start and end after it begins.",
                ));
            }
            if let Err(days) = rules::comment_period_ok(*from, *to, short_reason) {
                return Err(refused(
                    format!(
                        "公开征求意见的期限一般不少于30日，本次仅 {days} 日；因情况紧急等原因需要缩短的，应当在征求意见时说明理由（{}）。",
                        law("第十五条")
                    ),
                    format!(
                        "Public comment lasts at least 30 days (here {days}); a shorter period needs its stated reason (art. 15)."
                    ),
                ));
            }
            if on < *to {
                return Err(refused(
                    format!(
                        "征求意见期至 {to} 届满，届满后方可归纳整理、研究论证意见（{}）。",
                        law("第十八条")
                    ),
                    format!(
                        "The comment period runs until {to}; the comments are studied after it (art. 18)."
                    ),
                ));
            }
            set.push(("comment_from", day(*from)));
            set.push(("comment_to", day(*to)));
            set.push((
                "comment_short_reason",
                Some(short_reason.trim().to_string()),
            ));
            set.push(("comments_adoption", Some(adoption.trim().to_string())));
            set_int.push(("comments_received", *received));
            note = format!(
                "公开征求意见 {from} 至 {to}，收到意见 {received} 条；{}",
                adoption.trim()
            );
        }
        Step::Hearing {
            hearing_on,
            materials_on,
            record_signed,
        } => {
            let by = rules::hearing_materials_by(*hearing_on);
            if *hearing_on < started || *materials_on < started {
                return Err(invalid(
                    "hearing_on",
                    "听证日期须在启动之后。",
                    "The hearing must follow the start.",
                ));
            }
            if *materials_on > by {
                return Err(refused(
                    format!(
                        "听证会材料应当于召开听证会7日前送达听证参加人（应不晚于 {by}），实际 {materials_on}（{}）。",
                        law("第十六条第三款")
                    ),
                    format!(
                        "The hearing materials must reach the participants seven days before the hearing (by {by}; art. 16(3))."
                    ),
                ));
            }
            if !record_signed {
                return Err(refused(
                    format!(
                        "听证参加人应当确认听证会记录并签字（{}）。",
                        law("第十七条第（三）项")
                    ),
                    "The participants confirm and sign the hearing record (art. 17(3)).",
                ));
            }
            if on < *hearing_on {
                return Err(invalid(
                    "on",
                    "听证会召开后方可登记。",
                    "Record the hearing after it is held.",
                ));
            }
            set.push(("hearing_on", day(*hearing_on)));
            set.push(("hearing_materials_on", day(*materials_on)));
            note = format!("听证会 {hearing_on}，材料 {materials_on} 送达，记录已签字确认");
        }
        Step::Experts {
            experts,
            opinion,
            signed,
            no_interest,
        } => {
            text(
                experts,
                "experts",
                1000,
                "论证专家或专业机构",
                "experts or institutions",
            )?;
            text(
                opinion,
                "expert_opinion",
                4000,
                "论证意见及采纳情况",
                "the experts' opinion and its adoption",
            )?;
            if !signed {
                return Err(refused(
                    format!(
                        "专家、专业机构提供书面论证意见的，应当署名、盖章（{}）。",
                        law("第十九条第二款")
                    ),
                    "Written expert opinions are signed and sealed (art. 19(2)).",
                ));
            }
            if !no_interest {
                return Err(refused(
                    format!(
                        "不得选择与决策事项有直接利害关系的专家、专业机构（{}）。",
                        law("第二十条")
                    ),
                    "Experts with a direct interest in the matter may not be chosen (art. 20).",
                ));
            }
            set.push(("experts", Some(experts.trim().to_string())));
            set.push(("expert_opinion", Some(opinion.trim().to_string())));
            set.push(("experts_on", day(on)));
            note = format!("论证：{}", experts.trim());
        }
        Step::Risk {
            assessor,
            report,
            controllable,
        } => {
            text(assessor, "risk_assessor", 200, "风险评估单位", "assessor")?;
            text(
                report,
                "risk_report",
                4000,
                "风险评估报告（风险点、防范措施和处置预案）",
                "risk report (risks, measures, contingency plan)",
            )?;
            let c = if *controllable {
                "controllable"
            } else {
                "uncontrollable"
            };
            set.push(("risk_assessor", Some(assessor.trim().to_string())));
            set.push(("risk_report", Some(report.trim().to_string())));
            set.push(("risk_conclusion", Some(c.into())));
            set.push(("risk_on", day(on)));
            note = format!(
                "{}：风险{}",
                assessor.trim(),
                if *controllable { "可控" } else { "不可控" }
            );
        }
        Step::SubmitReview { needed_by } => {
            if !m.participation_done() {
                return Err(refused(
                    format!(
                        "尚未履行公众参与程序，不能送请合法性审查（{}）。",
                        law("第十四条、第二十七条第（二）项")
                    ),
                    "Public participation has not been done (arts. 14, 27(2)).",
                ));
            }
            if m.technical && m.experts_on.is_none() {
                return Err(refused(
                    format!(
                        "专业性、技术性较强的决策事项应当组织专家论证（{}）。",
                        law("第十九条")
                    ),
                    "A technical matter needs expert argument first (art. 19).",
                ));
            }
            if m.risky && m.risk_on.is_none() {
                return Err(refused(
                    format!(
                        "决策实施可能对社会稳定、公共安全等造成不利影响的，应当组织风险评估（{}）。",
                        law("第二十二条")
                    ),
                    "A matter that may harm stability or safety needs a risk assessment first (art. 22).",
                ));
            }
            let earliest = rules::review_earliest_due(cal, on)
                .map_err(|e| invalid("needed_by", e.message_zh(), e.message_en()))?;
            if *needed_by < earliest {
                return Err(refused(
                    format!(
                        "送请合法性审查，应当保证必要的审查时间，一般不少于7个工作日（最早 {earliest}，{}）。",
                        law("第二十六条第二款")
                    ),
                    format!(
                        "The review needs at least seven working days (not before {earliest}; art. 26(2))."
                    ),
                ));
            }
            set.push(("status", Some(Status::InReview.as_str().into())));
            set.push(("review_submitted_on", day(on)));
            set.push(("review_needed_by", day(*needed_by)));
            note = format!("送审，审查期限至 {needed_by}");
        }
        Step::ReturnReview { reason } => {
            text(reason, "note", 1000, "退回或要求补充的理由", "reason")?;
            set.push(("status", Some(Status::Drafting.as_str().into())));
            set.push(("review_submitted_on", None));
            set.push(("review_needed_by", None));
            note = format!("材料不符合要求，退回补充：{}", reason.trim());
        }
        Step::Review {
            conclusion,
            opinion,
        } => {
            text(
                opinion,
                "review_opinion",
                4000,
                "合法性审查意见",
                "review opinion",
            )?;
            let submitted = parse_day(&m.review_submitted_on).unwrap_or(started);
            if on < submitted {
                return Err(invalid(
                    "on",
                    "审查意见不能早于送审日期。",
                    "The opinion cannot predate the submission.",
                ));
            }
            let opinions =
                crate::counsel::opinions::count_for(conn, region, SubjectKind::Decision, m.id, on)
                    .await?;
            if opinions == 0 {
                return Err(refused(
                    format!(
                        "合法性审查过程中，应当组织法律顾问、公职律师提出法律意见；本决策尚无法律意见（{}）。",
                        law("第二十八条")
                    ),
                    "The legality review must obtain the opinion of legal counsel or public-sector lawyers; there is none yet (art. 28).",
                ));
            }
            let next = if conclusion.may_be_discussed() {
                Status::Reviewed
            } else {
                Status::Drafting
            };
            set.push(("status", Some(next.as_str().into())));
            set.push(("review_conclusion", Some(conclusion.as_str().into())));
            set.push(("review_opinion", Some(opinion.trim().to_string())));
            set.push(("reviewed_on", day(on)));
            note = if conclusion.may_be_discussed() {
                format!(
                    "审查结论：{}（法律意见 {opinions} 份）",
                    conclusion.label_zh()
                )
            } else {
                format!(
                    "审查结论：不合法，不得提交决策机关讨论，退回决策承办单位调整（{}）",
                    law("第二十五条第二款、第二十八条")
                )
            };
        }
        Step::Decide {
            meeting_kind,
            speeches,
            adopted,
            head_reason,
            dissent,
        } => {
            if !m.review_conclusion.is_some_and(|c| c.may_be_discussed()) {
                return Err(refused(
                    format!(
                        "决策草案未经合法性审查或者经审查不合法的，不得提交决策机关讨论（{}）。",
                        law("第二十五条第二款")
                    ),
                    "A draft not reviewed or found unlawful may not be discussed (art. 25(2)).",
                ));
            }
            if m.risky && m.risk_conclusion != "controllable" {
                return Err(refused(
                    format!(
                        "风险评估认为风险不可控，须调整决策草案等确保风险可控后方可作出决策（{}）。",
                        law("第二十四条")
                    ),
                    "The risk is assessed as uncontrollable: adjust the draft until it is controllable (art. 24).",
                ));
            }
            if !rules::meeting_kind_ok(meeting_kind) {
                return Err(refused(
                    format!(
                        "决策草案应当经决策机关常务会议或者全体会议讨论（{}）。",
                        law("第三十条第一款")
                    ),
                    "The draft is discussed at the executive or the plenary meeting (art. 30(1)).",
                ));
            }
            if let Some(r) = parse_day(&m.reviewed_on)
                && on < r
            {
                return Err(invalid(
                    "on",
                    "集体讨论不能早于合法性审查意见。",
                    "The discussion cannot predate the review opinion.",
                ));
            }
            for s in speeches {
                let n = s.speaker.trim().chars().count();
                if n == 0 || n > 40 || s.opinion.chars().count() > 2000 {
                    return Err(invalid(
                        "speeches",
                        "每位发言人须填写姓名（40 字以内），意见 2000 字以内。",
                        "Each speaker needs a name (at most 40 characters) and an opinion of at most 2,000.",
                    ));
                }
            }
            if let Err(f) = rules::check_discussion(speeches, *adopted, head_reason, dissent) {
                let (zh, en) = f.message();
                return Err(refused(zh, en));
            }
            let head = speeches
                .iter()
                .find(|s| s.is_head)
                .map(|s| s.speaker.trim().to_string())
                .unwrap_or_default();
            let next = if *adopted {
                Status::Decided
            } else {
                Status::NotAdopted
            };
            set.push(("status", Some(next.as_str().into())));
            set.push(("meeting_kind", Some(meeting_kind.trim().to_string())));
            set.push(("head_name", Some(head.clone())));
            set.push(("head_reason", Some(head_reason.trim().to_string())));
            set.push(("dissent", Some(dissent.trim().to_string())));
            set.push(("decided_on", day(on)));
            for (i, s) in speeches.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO decision_speeches (region_code, decision_id, seq, speaker, is_head, position, opinion) VALUES ($1,$2,$3,$4,$5,$6,$7)",
                )
                .bind(region.to_string())
                .bind(m.id)
                .bind(i64::try_from(i).unwrap_or(i64::MAX))
                .bind(s.speaker.trim().to_string())
                .bind(i64::from(s.is_head))
                .bind(s.position.as_str())
                .bind(s.opinion.trim().to_string())
                .execute(&mut *conn)
                .await?;
            }
            // 第三十八条: who answers for the decision, for good; a member who disagreed is
            // marked (第三十八条 第三款: 表示不同意见的, 按照规定减免责任).
            let mut people: Vec<(String, &str, bool)> = speeches
                .iter()
                .map(|s| {
                    (
                        s.speaker.trim().to_string(),
                        if s.is_head { "head" } else { "member" },
                        s.position != Position::Agree,
                    )
                })
                .collect();
            people.push((m.department.clone(), "undertaker", false));
            for (person, duty, dissented) in people {
                sqlx::query(
                    "INSERT INTO decision_accountability (region_code, decision_id, person, duty, dissented, created_at) VALUES ($1,$2,$3,$4,$5,$6)",
                )
                .bind(region.to_string())
                .bind(m.id)
                .bind(person)
                .bind(duty.to_string())
                .bind(i64::from(dissented))
                .bind(now_ms())
                .execute(&mut *conn)
                .await?;
            }
            note = format!(
                "{}讨论，{}，行政首长 {head} 最后发表意见{}",
                meeting_kind.trim(),
                if *adopted {
                    "决定通过"
                } else {
                    "未通过"
                },
                if dissent.trim().is_empty() {
                    String::new()
                } else {
                    format!("；不同意见：{}", dissent.trim())
                }
            );
        }
        Step::Publish {
            channel,
            party_reported_on,
        } => {
            if !m.open_to_public {
                return Err(refused(
                    format!("该决策依法不予公开（{}）。", law("第三十二条")),
                    "The decision is not public by law (art. 32).",
                ));
            }
            text(channel, "channel", 200, "公布途径", "channel")?;
            let decided = parse_day(&m.decided_on).unwrap_or(started);
            if *party_reported_on > on || *party_reported_on < started {
                return Err(refused(
                    format!(
                        "重大行政决策出台前应当按照规定向同级党委请示报告（{}）。",
                        law("第三十一条")
                    ),
                    "Before it is issued, the decision is reported to the same-level Party committee (art. 31).",
                ));
            }
            if on < decided {
                return Err(invalid(
                    "on",
                    "公布日期不能早于决定日期。",
                    "Publication cannot predate the decision.",
                ));
            }
            set.push(("status", Some(Status::Published.as_str().into())));
            set.push(("party_reported_on", day(*party_reported_on)));
            set.push(("published_on", day(on)));
            set.push(("publish_channel", Some(channel.trim().to_string())));
            note = format!(
                "通过{}公布（{}），已于 {party_reported_on} 向区委请示报告",
                channel.trim(),
                law("第三十二条")
            );
        }
        Step::Archive => {
            if m.archived_on.is_some() {
                return Err(refused(
                    "该决策的过程记录已归档。",
                    "The record is archived already.",
                ));
            }
            if m.status == Status::Decided && m.open_to_public {
                return Err(refused(
                    format!(
                        "决策尚未公布，公布后再将全部记录、材料归档（{}）。",
                        law("第三十二条、第三十三条")
                    ),
                    "Publish the decision first, then archive the whole record (arts. 32, 33).",
                ));
            }
            // The snapshot is the dossier as it stands, with the opinions of counsel.
            let dossier = records::dossier_in(conn, region, m.id).await?;
            let opinions: Vec<(String, String)> = sqlx::query(
                "SELECT given_on, opinion FROM counsel_opinions WHERE subject_kind = 'decision' AND subject_id = $1 ORDER BY id",
            )
            .bind(m.id)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect::<Result<_>>()?;
            let content =
                serde_json::json!({"dossier": dossier, "counsel_opinions": opinions}).to_string();
            let digest = crate::audit::sm3_hex(content.as_bytes());
            sqlx::query(
                "INSERT INTO decision_archives (region_code, decision_id, archived_on, content, digest, created_at) VALUES ($1,$2,$3,$4,$5,$6)",
            )
            .bind(region.to_string())
            .bind(m.id)
            .bind(on.to_string())
            .bind(content)
            .bind(digest.clone())
            .bind(now_ms())
            .execute(&mut *conn)
            .await?;
            set.push(("archived_on", day(on)));
            set.push(("archive_digest", Some(digest.clone())));
            note = format!("全过程记录归档，SM3 {}", &digest[..16.min(digest.len())]);
        }
        Step::Evaluate {
            trigger,
            evaluator,
            conclusion,
        } => {
            text(evaluator, "evaluator", 200, "评估单位", "evaluator")?;
            text(conclusion, "conclusion", 4000, "评估结论", "conclusion")?;
            let mut earlier: Vec<&str> = vec![m.risk_assessor.as_str()];
            earlier.extend(m.experts.split(['、', '，', ',', ';', '；']));
            if !rules::evaluator_independent(evaluator, &earlier) {
                return Err(refused(
                    format!(
                        "决策作出前承担主要论证评估工作的单位不得承担决策后评估（{}）。",
                        law("第三十六条第二款")
                    ),
                    "The unit that did the main argument or assessment before the decision may not evaluate it (art. 36(2)).",
                ));
            }
            let decided = parse_day(&m.decided_on).unwrap_or(started);
            if on < decided {
                return Err(invalid(
                    "on",
                    "评估日期不能早于决定日期。",
                    "The evaluation cannot predate the decision.",
                ));
            }
            sqlx::query(
                "INSERT INTO decision_evaluations (region_code, decision_id, trigger_kind, evaluator, conclusion, evaluated_on, created_by, created_at) \
                 VALUES ($1,$2,$3,$4,$5,$6,$7,$8)",
            )
            .bind(region.to_string())
            .bind(m.id)
            .bind(trigger.as_str())
            .bind(evaluator.trim().to_string())
            .bind(conclusion.trim().to_string())
            .bind(on.to_string())
            .bind(actor.to_string())
            .bind(now_ms())
            .execute(&mut *conn)
            .await?;
            note = format!(
                "{}：{}（{}）",
                trigger.label_zh(),
                evaluator.trim(),
                law("第三十六条")
            );
        }
    }
    for (col, val) in &set {
        // Column names come from the match above, never from input.
        let sql = format!("UPDATE major_decisions SET {col} = $1, updated_at = $2 WHERE id = $3");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(val.clone())
            .bind(now_ms())
            .bind(m.id)
            .execute(&mut *conn)
            .await?;
    }
    for (col, val) in &set_int {
        let sql = format!("UPDATE major_decisions SET {col} = $1 WHERE id = $2");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(*val)
            .bind(m.id)
            .execute(&mut *conn)
            .await?;
    }
    record(conn, region, m.id, step.name(), on, actor, &note).await?;
    let after = serde_json::json!({"step": step.name(), "on": on.to_string(), "note": note});
    tx.record(Event {
        action: "decisions.step",
        object_type: "major_decision",
        object_id: m.id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("重大行政决策 {}：{}", m.id, d.zh),
    })
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every step has its entry in the table (`def` would fall back to the first otherwise).
    #[test]
    fn every_step_is_in_the_table() {
        let day: NaiveDate = "2024-01-02".parse().expect("date");
        let steps = [
            Step::Participate {
                from: day,
                to: day,
                short_reason: String::new(),
                received: 0,
                adoption: String::new(),
            },
            Step::Hearing {
                hearing_on: day,
                materials_on: day,
                record_signed: true,
            },
            Step::Experts {
                experts: String::new(),
                opinion: String::new(),
                signed: true,
                no_interest: true,
            },
            Step::Risk {
                assessor: String::new(),
                report: String::new(),
                controllable: true,
            },
            Step::SubmitReview { needed_by: day },
            Step::ReturnReview {
                reason: String::new(),
            },
            Step::Review {
                conclusion: ReviewConclusion::Lawful,
                opinion: String::new(),
            },
            Step::Decide {
                meeting_kind: String::new(),
                speeches: vec![],
                adopted: true,
                head_reason: String::new(),
                dissent: String::new(),
            },
            Step::Publish {
                channel: String::new(),
                party_reported_on: day,
            },
            Step::Archive,
            Step::Evaluate {
                trigger: Trigger::Necessary,
                evaluator: String::new(),
                conclusion: String::new(),
            },
        ];
        assert_eq!(steps.len(), STEPS.len());
        for s in &steps {
            assert_eq!(s.def().name, s.name());
        }
        assert_eq!(Step::Archive.permission(), Permission::ReviewDecisions);
    }
}
