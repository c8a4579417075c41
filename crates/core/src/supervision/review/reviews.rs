//! Reviews on storage: a draw opens one draft per drawn file, pre-filled from the automatic
//! checks (the findings kept as a snapshot); the reviewer confirms, adjusts or dismisses each
//! item with a comment, adds deductions or veto items the machine cannot see, and signs the
//! review off. The score is always recomputed from the items by [`rubric::score`].

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::{AnyConnection, Row};

use super::draws::{self, DrawRecord, DrawSpec, DrawnFile};
use super::rubric::{
    self, Decision, Grade, Item, ReviewStatus, Scored, Source, check_points, veto_label,
};
use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal};
use crate::cases::CaseRow;
use crate::db::json::decode;
use crate::db::{Bind, Db, Filter, is_unique_violation};
use crate::supervision::checks::{self, Finding};
use crate::time::now_ms;
use crate::{Code, Error, Result};

/// Page size of the review desk.
pub const PAGE_SIZE: i64 = 20;
/// Longest comment.
pub const MAX_COMMENT: usize = 500;

/// One review in a list.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewRow {
    pub id: i64,
    pub case_id: i64,
    pub case_no: String,
    pub party_name: String,
    pub violation: String,
    pub department_id: i64,
    pub department: String,
    pub draw_id: Option<i64>,
    pub status: ReviewStatus,
    pub score: i64,
    pub grade: Grade,
    pub veto: bool,
    pub machine_score: i64,
    pub reviewed_on: Option<String>,
    pub reviewer: String,
    pub comment: String,
}

const REVIEW_COLS: &str = "r.id, r.case_id, c.case_no, c.party_name, c.violation, r.department_id, d.name, r.draw_id, r.status, \
     r.score, r.grade, r.veto, r.machine_score, r.reviewed_on, r.reviewer, r.comment";
const REVIEW_FROM: &str =
    "case_reviews r JOIN cases c ON c.id = r.case_id JOIN departments d ON d.id = r.department_id";

fn row_to_review(r: &sqlx::any::AnyRow) -> Result<ReviewRow> {
    let status: String = r.try_get(8)?;
    let grade: String = r.try_get(10)?;
    Ok(ReviewRow {
        id: r.try_get(0)?,
        case_id: r.try_get(1)?,
        case_no: r.try_get(2)?,
        party_name: r.try_get(3)?,
        violation: r.try_get(4)?,
        department_id: r.try_get(5)?,
        department: r.try_get(6)?,
        draw_id: r.try_get(7)?,
        status: ReviewStatus::parse(&status)
            .ok_or_else(|| Error::Internal(format!("review status {status}")))?,
        score: r.try_get(9)?,
        grade: Grade::parse(&grade).ok_or_else(|| Error::Internal(format!("grade {grade}")))?,
        veto: r.try_get::<i64, _>(11)? != 0,
        machine_score: r.try_get(12)?,
        reviewed_on: r.try_get(13)?,
        reviewer: r.try_get(14)?,
        comment: r.try_get(15)?,
    })
}

/// One rubric item with the reviewer's decision and, for an automatic one, its finding.
#[derive(Debug, Clone, Serialize)]
pub struct ItemRow {
    pub id: i64,
    pub code: String,
    pub title_zh: String,
    pub title_en: String,
    pub source: Source,
    pub passed: bool,
    pub machine_deduction: i64,
    pub veto: Option<String>,
    pub decision: Decision,
    pub points: i64,
    /// Points the item takes off the score now.
    pub effective_points: i64,
    /// The veto item stands.
    pub veto_stands: bool,
    pub comment: String,
    pub decided_by: String,
    pub finding: Option<Finding>,
}

impl ItemRow {
    fn item(&self) -> Item {
        Item {
            code: self.code.clone(),
            source: self.source,
            passed: self.passed,
            machine_deduction: self.machine_deduction,
            veto: self.veto.clone(),
            decision: self.decision,
            points: self.points,
        }
    }
}

/// A review with its items and the case it is about.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewFile {
    pub review: ReviewRow,
    pub items: Vec<ItemRow>,
    pub scored: Scored,
    pub case: CaseRow,
    /// The caller may decide items and confirm (a supervisor, on a draft).
    pub editable: bool,
}

/// Filter of the review desk.
#[derive(Debug, Clone, Default)]
pub struct ReviewQuery {
    pub status: Option<ReviewStatus>,
    pub grade: Option<Grade>,
    pub department_id: Option<i64>,
    pub draw_id: Option<i64>,
    /// Reviewed (confirmed) in this year.
    pub year: Option<i32>,
    /// Only reviews where a veto item stands.
    pub veto_only: bool,
    /// Case number or party name.
    pub q: String,
    pub page: i64,
}

/// Opens one draft per drawn file in `tx`, pre-filled from `findings` (by case id). Returns
/// the draw id.
pub async fn write_draw(
    tx: &mut AuditedTx,
    region: &str,
    record: &DrawRecord,
    files: &[DrawnFile],
    findings: &HashMap<i64, Vec<Finding>>,
) -> Result<i64> {
    let now = now_ms();
    let text = serde_json::to_string(record).map_err(|e| Error::Internal(e.to_string()))?;
    let draw_id: i64 = sqlx::query(
        "INSERT INTO review_draws (region_code, title, period_start, period_end, seed, seed_commitment, candidates_digest, record, files, drawn_on, drawn_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(region.to_string())
    .bind(record.title.clone())
    .bind(record.period_start.clone())
    .bind(record.period_end.clone())
    .bind(record.seed.clone())
    .bind(record.seed_commitment.clone())
    .bind(record.candidates_digest.clone())
    .bind(text)
    .bind(files.len() as i64)
    .bind(record.drawn_on.clone())
    .bind(record.drawn_by.clone())
    .bind(now)
    .fetch_one(tx.conn())
    .await?
    .try_get(0)?;
    let empty = Vec::new();
    for chunk in files.chunks(50) {
        let mut sql = String::from(
            "INSERT INTO case_reviews (region_code, case_id, department_id, draw_id, status, score, grade, veto, findings, machine_score, checked_at, created_at, updated_at) VALUES ",
        );
        for i in 0..chunk.len() {
            let b = 4 + i * 6;
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!(
                "($1, ${b}, ${}, $2, 'draft', ${}, ${}, ${}, ${}, ${}, $3, $3, $3)",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 2
            ));
        }
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(region.to_string())
            .bind(draw_id)
            .bind(now);
        for f in chunk {
            let fs = findings.get(&f.case_id).unwrap_or(&empty);
            let s = rubric::machine_score(fs);
            q = q
                .bind(f.case_id)
                .bind(f.department_id)
                .bind(s.score)
                .bind(s.grade.as_str())
                .bind(i64::from(!s.vetoes.is_empty()))
                .bind(serde_json::to_string(fs).map_err(|e| Error::Internal(e.to_string()))?);
        }
        if let Err(e) = q.execute(tx.conn()).await {
            return Err(if is_unique_violation(&e) {
                Error::of(Code::ReviewAlreadyReviewed)
            } else {
                e.into()
            });
        }
    }
    let ids: Vec<(i64, i64)> =
        sqlx::query("SELECT id, case_id FROM case_reviews WHERE draw_id = $1 ORDER BY id")
            .bind(draw_id)
            .fetch_all(tx.conn())
            .await?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect::<Result<_>>()?;
    let mut rows: Vec<(i64, &Finding)> = Vec::new();
    for (rid, cid) in &ids {
        for f in findings.get(cid).unwrap_or(&empty) {
            rows.push((*rid, f));
        }
    }
    for chunk in rows.chunks(80) {
        let mut sql = String::from(
            "INSERT INTO case_review_items (region_code, review_id, code, title_zh, title_en, source, passed, machine_deduction, veto, decision, points, updated_at) VALUES ",
        );
        for i in 0..chunk.len() {
            let b = 3 + i * 7;
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!(
                "($1, ${b}, ${}, ${}, ${}, 'machine', ${}, ${}, ${}, 'pending', 0, $2)",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6
            ));
        }
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(region.to_string())
            .bind(now);
        for (rid, f) in chunk {
            let it = Item::from_finding(f);
            q = q
                .bind(*rid)
                .bind(f.code.clone())
                .bind(f.title_zh.clone())
                .bind(f.title_en.clone())
                .bind(i64::from(f.passed))
                .bind(it.machine_deduction)
                .bind(it.veto.unwrap_or_default());
        }
        q.execute(tx.conn()).await?;
    }
    let after = serde_json::json!({
        "title": record.title, "period": [record.period_start, record.period_end],
        "seed": record.seed, "seed_commitment": record.seed_commitment,
        "candidates_digest": record.candidates_digest, "files": files.len(),
    });
    tx.record(Event {
        action: "supervision.review.draw",
        object_type: "review_draw",
        object_id: draw_id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!(
            "案卷评查抽取“{}”：{} 件（{} 至 {}）",
            record.title,
            files.len(),
            record.period_start,
            record.period_end
        ),
    })
    .await?;
    Ok(draw_id)
}

/// Runs the automatic checks of every drawn file (read only, before the write transaction).
pub async fn run_checks(
    db: &Db,
    region: &str,
    files: &[DrawnFile],
) -> Result<HashMap<i64, Vec<Finding>>> {
    // One loaded checker (calendar, law corpus) for the whole draw.
    let checker = checks::Checker::cached(db).await?;
    let mut out = HashMap::with_capacity(files.len());
    for f in files {
        out.insert(
            f.case_id,
            checks::run_with(db, &checker, region, f.case_id).await?,
        );
    }
    Ok(out)
}

/// Draws files for review on `on` (supervisors) and opens the pre-filled drafts.
pub async fn create_draw(
    db: &Db,
    who: &Principal,
    spec: &DrawSpec,
    on: NaiveDate,
) -> Result<(i64, DrawRecord)> {
    who.require(Permission::ManageSupervision)?;
    draws::check_spec(spec, on)?;
    let seed = draws::seed_of(spec)?;
    let (record, files) = draws::plan(db, &who.region, spec, on, seed, &who.display_name).await?;
    let findings = run_checks(db, &who.region, &files).await?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let id = write_draw(&mut tx, &who.region, &record, &files, &findings).await?;
    tx.commit().await?;
    Ok((id, record))
}

fn scope(who: &Principal, f: &mut Filter) {
    let b = who.scope_binds();
    f.and("r.region_code = ?", [Bind::Text(who.region.clone())]);
    if b.all != 1 {
        f.and(
            "r.department_id IN (SELECT descendant_id FROM department_closure WHERE ancestor_id = ? AND depth <= ?)",
            [Bind::Int(b.anchor), Bind::Int(b.max_depth)],
        );
    }
    // A body sees its reviews once signed off; drafts are the Justice Bureau's work.
    if !who.role.can(Permission::ManageSupervision) {
        f.and("r.status = 'confirmed'", []);
    }
}

/// The review desk: reviews of the caller's scope (total, rows), drafts first then newest.
pub async fn list_reviews(
    db: &Db,
    who: &Principal,
    q: &ReviewQuery,
) -> Result<(i64, Vec<ReviewRow>)> {
    who.require(Permission::ViewSupervision)?;
    let mut f = Filter::new();
    scope(who, &mut f);
    if let Some(s) = q.status {
        f.and("r.status = ?", [Bind::Text(s.as_str().into())]);
    }
    if let Some(g) = q.grade {
        f.and("r.grade = ?", [Bind::Text(g.as_str().into())]);
    }
    if let Some(d) = q.department_id {
        f.and(
            "r.department_id IN (SELECT descendant_id FROM department_closure WHERE ancestor_id = ?)",
            [Bind::Int(d)],
        );
    }
    if let Some(d) = q.draw_id {
        f.and("r.draw_id = ?", [Bind::Int(d)]);
    }
    if q.veto_only {
        f.and("r.veto = 1", []);
    }
    if let Some(y) = q.year {
        f.and(
            "r.reviewed_on >= ? AND r.reviewed_on < ?",
            [
                Bind::Text(format!("{y}-01-01")),
                Bind::Text(format!("{}-01-01", y + 1)),
            ],
        );
    }
    let kw = q.q.trim();
    if !kw.is_empty() {
        let like = format!("%{}%", kw.replace(['%', '_'], ""));
        f.and(
            "(c.case_no LIKE ? OR c.party_name LIKE ?)",
            [Bind::Text(like.clone()), Bind::Text(like)],
        );
    }
    let total: i64 = f
        .bind(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM {REVIEW_FROM}{}",
            f.where_sql()
        ))))
        .fetch_one(db.pool())
        .await?
        .try_get(0)?;
    let n = f.next_index();
    let page = q.page.max(1);
    let rows = f
        .bind(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {REVIEW_COLS} FROM {REVIEW_FROM}{} ORDER BY CASE WHEN r.status = 'draft' THEN 0 ELSE 1 END, r.reviewed_on DESC, r.id DESC LIMIT ${n} OFFSET ${}",
            f.where_sql(),
            n + 1
        ))))
        .bind(PAGE_SIZE)
        .bind((page - 1) * PAGE_SIZE)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(row_to_review)
        .collect::<Result<Vec<_>>>()?;
    Ok((total, rows))
}

async fn load_items(conn: &mut AnyConnection, review_id: i64) -> Result<Vec<ItemRow>> {
    sqlx::query(
        "SELECT id, code, title_zh, title_en, source, passed, machine_deduction, veto, decision, points, comment, decided_by \
         FROM case_review_items WHERE review_id = $1 ORDER BY id",
    )
    .bind(review_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let source: String = r.try_get(4)?;
        let decision: String = r.try_get(8)?;
        let veto: String = r.try_get(7)?;
        let mut row = ItemRow {
            id: r.try_get(0)?,
            code: r.try_get(1)?,
            title_zh: r.try_get(2)?,
            title_en: r.try_get(3)?,
            source: Source::parse(&source)
                .ok_or_else(|| Error::Internal(format!("item source {source}")))?,
            passed: r.try_get::<i64, _>(5)? != 0,
            machine_deduction: r.try_get(6)?,
            veto: Some(veto).filter(|v| !v.is_empty()),
            decision: Decision::parse(&decision)
                .ok_or_else(|| Error::Internal(format!("item decision {decision}")))?,
            points: r.try_get(9)?,
            effective_points: 0,
            veto_stands: false,
            comment: r.try_get(10)?,
            decided_by: r.try_get(11)?,
            finding: None,
        };
        let it = row.item();
        row.effective_points = it.effective_points();
        row.veto_stands = it.standing_veto().is_some();
        Ok(row)
    })
    .collect()
}

async fn load_review(conn: &mut AnyConnection, region: &str, id: i64) -> Result<ReviewRow> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {REVIEW_COLS} FROM {REVIEW_FROM} WHERE r.id = $1 AND r.region_code = $2"
    )))
    .bind(id)
    .bind(region.to_string())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| Error::not_found("case review"))?;
    row_to_review(&row)
}

/// One review of the caller's scope with its items (a body sees only its confirmed ones).
pub async fn get_review(db: &Db, who: &Principal, id: i64) -> Result<ReviewFile> {
    who.require(Permission::ViewSupervision)?;
    let mut conn = db.pool().acquire().await?;
    let review = load_review(&mut conn, &who.region, id).await?;
    let manage = who.role.can(Permission::ManageSupervision);
    if (!manage && review.status != ReviewStatus::Confirmed)
        || !who.covers_department(db, review.department_id).await?
    {
        return Err(Error::not_found("case review"));
    }
    let mut items = load_items(&mut conn, id).await?;
    let snapshot: Vec<Finding> = {
        let text: String = sqlx::query("SELECT findings FROM case_reviews WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?
            .try_get(0)?;
        decode(&text, "case_reviews.findings")?
    };
    for it in items.iter_mut().filter(|i| i.source == Source::Machine) {
        it.finding = snapshot.iter().find(|f| f.code == it.code).cloned();
    }
    let case = crate::cases::records::load_case(&mut conn, &who.region, review.case_id).await?;
    let scored = rubric::score(&items.iter().map(ItemRow::item).collect::<Vec<_>>());
    Ok(ReviewFile {
        editable: manage && review.status == ReviewStatus::Draft,
        review,
        items,
        scored,
        case,
    })
}

/// The reviewer's decision on one item.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ItemDecision {
    /// `confirmed` | `adjusted` | `dismissed`.
    pub decision: String,
    /// Points taken off when adjusted (0–100).
    #[serde(default)]
    pub points: Option<i64>,
    #[serde(default)]
    pub comment: String,
}

/// A deduction or veto item the reviewer adds.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ManualItem {
    /// A veto item code (`supervision::checks::VETO_ITEMS`), or empty for a plain deduction.
    #[serde(default)]
    pub veto: String,
    /// What is wrong (required for a plain deduction; a veto item has its own title).
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub points: i64,
    #[serde(default)]
    pub comment: String,
}

fn check_comment(comment: &str, required: bool) -> Result<String> {
    let c = comment.trim();
    if c.chars().count() > MAX_COMMENT {
        return Err(Error::of(Code::ReviewComment).for_field("comment"));
    }
    if required && c.is_empty() {
        return Err(Error::of(Code::ReviewCommentRequired).for_field("comment"));
    }
    Ok(c.to_string())
}

/// Locks a draft of the caller's scope for a write (supervisors).
async fn draft_for_write(tx: &mut AuditedTx, who: &Principal, id: i64) -> Result<ReviewRow> {
    let review = load_review(tx.conn(), &who.region, id).await?;
    if review.status != ReviewStatus::Draft {
        return Err(Error::of(Code::ReviewConfirmed));
    }
    Ok(review)
}

/// Recomputes a review's score from its items and stores it.
async fn rescore(conn: &mut AnyConnection, id: i64) -> Result<Scored> {
    let items: Vec<Item> = load_items(conn, id)
        .await?
        .iter()
        .map(ItemRow::item)
        .collect();
    let s = rubric::score(&items);
    sqlx::query(
        "UPDATE case_reviews SET score = $1, grade = $2, veto = $3, updated_at = $4 WHERE id = $5",
    )
    .bind(s.score)
    .bind(s.grade.as_str())
    .bind(i64::from(!s.vetoes.is_empty()))
    .bind(now_ms())
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(s)
}

/// Confirms, adjusts or dismisses one item of a draft; returns the new score.
pub async fn decide_item(
    db: &Db,
    who: &Principal,
    review_id: i64,
    item_id: i64,
    d: &ItemDecision,
) -> Result<Scored> {
    who.require(Permission::ManageSupervision)?;
    let decision = match Decision::parse(&d.decision) {
        Some(x @ (Decision::Confirmed | Decision::Adjusted | Decision::Dismissed)) => x,
        _ => {
            return Err(Error::of(Code::ReviewDecision).for_field("decision"));
        }
    };
    let comment = check_comment(&d.comment, decision != Decision::Confirmed)?;
    let points = if decision == Decision::Adjusted {
        let p = d.points.ok_or_else(|| {
            Error::of(Code::ReviewPoints).for_field("points").arg_zh_en(
                "reason",
                "调整扣分时须填写扣分。",
                "Give the points when adjusting.",
            )
        })?;
        check_points(p)?;
        Some(p)
    } else {
        None
    };
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let review = draft_for_write(&mut tx, who, review_id).await?;
    let items = load_items(tx.conn(), review_id).await?;
    let before = items
        .iter()
        .find(|i| i.id == item_id)
        .ok_or_else(|| Error::not_found("review item"))?;
    let before_json = serde_json::json!({"decision": before.decision, "points": before.points, "comment": before.comment});
    sqlx::query(
        "UPDATE case_review_items SET decision = $1, points = COALESCE($2, points), comment = $3, decided_by = $4, updated_at = $5 WHERE id = $6 AND review_id = $7",
    )
    .bind(decision.as_str())
    .bind(points)
    .bind(comment.clone())
    .bind(who.display_name.clone())
    .bind(now_ms())
    .bind(item_id)
    .bind(review_id)
    .execute(tx.conn())
    .await?;
    let s = rescore(tx.conn(), review_id).await?;
    let after = serde_json::json!({"decision": decision, "points": points, "comment": comment, "score": s.score, "grade": s.grade});
    tx.record(Event {
        action: "supervision.review.item",
        object_type: "case_review",
        object_id: review_id.to_string(),
        before: Some(&before_json),
        after: Some(&after),
        summary: format!(
            "{} 评查项“{}”{}，得分 {}",
            review.case_no,
            before.title_zh,
            decision.label_zh(),
            s.score
        ),
    })
    .await?;
    tx.commit().await?;
    Ok(s)
}

/// Adds a deduction or a veto item the checks cannot see (e.g. 应移送未移送); returns the new
/// score.
pub async fn add_item(db: &Db, who: &Principal, review_id: i64, m: &ManualItem) -> Result<Scored> {
    who.require(Permission::ManageSupervision)?;
    let veto = m.veto.trim();
    let (code, title_zh, title_en) = if veto.is_empty() {
        let t = m.title.trim();
        if t.is_empty() || t.chars().count() > 100 {
            return Err(Error::of(Code::ReviewItemTitle).for_field("title"));
        }
        if m.points < 1 {
            return Err(Error::of(Code::ReviewPoints).for_field("points").arg_zh_en(
                "reason",
                "人工扣分项的扣分须为 1 至 100。",
                "A deduction takes 1 to 100 points.",
            ));
        }
        ("manual".to_string(), t.to_string(), t.to_string())
    } else {
        let (zh, en) =
            veto_label(veto).ok_or_else(|| Error::of(Code::ReviewVeto).for_field("veto"))?;
        (veto.to_string(), zh.to_string(), en.to_string())
    };
    check_points(m.points)?;
    let comment = check_comment(&m.comment, true)?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let review = draft_for_write(&mut tx, who, review_id).await?;
    let now = now_ms();
    sqlx::query(
        "INSERT INTO case_review_items (region_code, review_id, code, title_zh, title_en, source, passed, machine_deduction, veto, decision, points, comment, decided_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, 'manual', 0, 0, $6, 'confirmed', $7, $8, $9, $10)",
    )
    .bind(who.region.clone())
    .bind(review_id)
    .bind(code.clone())
    .bind(title_zh.clone())
    .bind(title_en)
    .bind(veto.to_string())
    .bind(m.points)
    .bind(comment.clone())
    .bind(who.display_name.clone())
    .bind(now)
    .execute(tx.conn())
    .await?;
    let s = rescore(tx.conn(), review_id).await?;
    let after = serde_json::json!({"code": code, "veto": veto, "points": m.points, "comment": comment, "score": s.score, "grade": s.grade});
    tx.record(Event {
        action: "supervision.review.add_item",
        object_type: "case_review",
        object_id: review_id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!(
            "{} 人工补充评查项“{title_zh}”，得分 {}",
            review.case_no, s.score
        ),
    })
    .await?;
    tx.commit().await?;
    Ok(s)
}

/// Signs a draft off on `on`: pending items are confirmed as the checks found them, the score
/// is recomputed, and the review becomes 'confirmed' with the reviewer's name.
pub async fn confirm_review(
    db: &Db,
    who: &Principal,
    review_id: i64,
    comment: &str,
    on: NaiveDate,
) -> Result<ReviewRow> {
    who.require(Permission::ManageSupervision)?;
    let comment = check_comment(comment, false)?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let review = draft_for_write(&mut tx, who, review_id).await?;
    confirm_in_tx(&mut tx, review_id, &who.display_name, &comment, on).await?;
    let done = load_review(tx.conn(), &who.region, review_id).await?;
    let after = serde_json::json!({"score": done.score, "grade": done.grade, "veto": done.veto, "reviewed_on": done.reviewed_on, "comment": comment});
    tx.record(Event {
        action: "supervision.review.confirm",
        object_type: "case_review",
        object_id: review_id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!(
            "{} 案卷评查评定：{} 分，{}",
            review.case_no,
            done.score,
            done.grade.label_zh()
        ),
    })
    .await?;
    tx.commit().await?;
    Ok(done)
}

/// The confirmation itself (also used by the demo, many per transaction).
pub async fn confirm_in_tx(
    tx: &mut AuditedTx,
    review_id: i64,
    reviewer: &str,
    comment: &str,
    on: NaiveDate,
) -> Result<Scored> {
    let now = now_ms();
    sqlx::query(
        "UPDATE case_review_items SET decision = 'confirmed', decided_by = $1, updated_at = $2 WHERE review_id = $3 AND decision = 'pending'",
    )
    .bind(reviewer.to_string())
    .bind(now)
    .bind(review_id)
    .execute(tx.conn())
    .await?;
    let s = rescore(tx.conn(), review_id).await?;
    sqlx::query(
        "UPDATE case_reviews SET status = 'confirmed', reviewed_on = $1, reviewer = $2, comment = $3, updated_at = $4 WHERE id = $5 AND status = 'draft'",
    )
    .bind(on.to_string())
    .bind(reviewer.to_string())
    .bind(comment.to_string())
    .bind(now)
    .bind(review_id)
    .execute(tx.conn())
    .await?;
    Ok(s)
}

/// The latest year with a confirmed review in the caller's scope (the desk's default year).
pub async fn latest_year(db: &Db, who: &Principal) -> Result<Option<i32>> {
    who.require(Permission::ViewSupervision)?;
    let mut f = Filter::new();
    scope(who, &mut f);
    f.and("r.status = 'confirmed'", std::iter::empty());
    let last: Option<String> = f
        .bind(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT MAX(r.reviewed_on) FROM case_reviews r{}",
            f.where_sql()
        ))))
        .fetch_one(db.pool())
        .await?
        .try_get(0)?;
    Ok(last.and_then(|d| d.get(..4)?.parse().ok()))
}

/// Counts by grade of the confirmed reviews of the caller's scope in a year (a query over the
/// records): (excellent, pass, fail, vetoed).
pub async fn grade_counts(db: &Db, who: &Principal, year: i32) -> Result<[i64; 4]> {
    who.require(Permission::ViewSupervision)?;
    let mut f = Filter::new();
    scope(who, &mut f);
    f.and(
        "r.status = 'confirmed' AND r.reviewed_on >= ? AND r.reviewed_on < ?",
        [
            Bind::Text(format!("{year}-01-01")),
            Bind::Text(format!("{}-01-01", year + 1)),
        ],
    );
    let row = f
        .bind(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT CAST(COALESCE(SUM(CASE WHEN r.grade = 'excellent' THEN 1 ELSE 0 END), 0) AS BIGINT), \
             CAST(COALESCE(SUM(CASE WHEN r.grade = 'pass' THEN 1 ELSE 0 END), 0) AS BIGINT), \
             CAST(COALESCE(SUM(CASE WHEN r.grade = 'fail' THEN 1 ELSE 0 END), 0) AS BIGINT), \
             CAST(COALESCE(SUM(r.veto), 0) AS BIGINT) FROM case_reviews r{}",
            f.where_sql()
        ))))
        .fetch_one(db.pool())
        .await?;
    Ok([
        row.try_get(0)?,
        row.try_get(1)?,
        row.try_get(2)?,
        row.try_get(3)?,
    ])
}
