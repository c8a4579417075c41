//! Officers (执法人员): who they are, where they serve, their cards and training.

use serde::Serialize;
use sqlx::Row;

use super::card::{CARD_COLS, CardRow, CardStatus, NewCard, insert_card, row_to_card};
use super::json_list;
use super::training::{TrainingRow, row_to_training};
use crate::audit::{AuditedTx, Event};
use crate::auth::{Permission, Principal, ScopeBinds, scope_sql};
use crate::db::{Backend, Bind, Db, Filter, is_unique_violation};
use crate::ids::{IdentityNumber, mask_str};
use crate::time::now_ms;
use crate::{Code, Error, Result};

/// An officer to register.
#[derive(Debug, Clone)]
pub struct NewOfficer {
    pub department_id: i64,
    pub name: String,
    pub id_number: String,
    pub posts: Vec<String>,
    /// A card to issue with the registration, if any.
    pub card: Option<NewCard>,
}

/// A page of results.
#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub rows: Vec<T>,
    /// Matching records, or `COUNT_CAP + 1` when there are more and `total_exact` is false.
    pub total: i64,
    pub total_exact: bool,
    pub page: i64,
    pub page_size: i64,
}

/// Sort orders of the officer list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OfficerSort {
    /// Newest registration first.
    #[default]
    Newest,
    /// By name.
    Name,
    /// By department, then name.
    Department,
}

impl OfficerSort {
    /// Parses the URL value.
    pub fn parse(s: &str) -> OfficerSort {
        match s {
            "name" => OfficerSort::Name,
            "department" => OfficerSort::Department,
            _ => OfficerSort::Newest,
        }
    }
    /// URL value.
    pub fn as_str(self) -> &'static str {
        match self {
            OfficerSort::Newest => "newest",
            OfficerSort::Name => "name",
            OfficerSort::Department => "department",
        }
    }
    fn sql(self) -> &'static str {
        match self {
            OfficerSort::Newest => "o.id DESC",
            OfficerSort::Name => "o.name, o.id",
            OfficerSort::Department => "o.department_id, o.name, o.id",
        }
    }
}

/// Filters of the officer list (all optional; they live in the URL).
#[derive(Debug, Clone, Default)]
pub struct OfficerQuery {
    /// Name, or the card number, prefix.
    pub keyword: String,
    /// Department, including the departments below it.
    pub department_id: Option<i64>,
    /// Status of the officer's latest card.
    pub card_status: Option<CardStatus>,
    pub sort: OfficerSort,
    /// 1-based.
    pub page: i64,
    pub page_size: i64,
}

/// One row of the officer list. The identity number is masked unless the viewer may edit.
#[derive(Debug, Clone, Serialize)]
pub struct OfficerListRow {
    pub id: i64,
    pub name: String,
    pub id_number: String,
    pub department_id: i64,
    pub department: String,
    pub posts: Vec<String>,
    pub card_no: Option<String>,
    pub card_status: Option<CardStatus>,
    pub card_valid_until: Option<String>,
    pub card_domains: Vec<String>,
}

/// An officer with cards and training.
#[derive(Debug, Clone, Serialize)]
pub struct OfficerDetail {
    pub id: i64,
    pub name: String,
    pub id_number: String,
    pub id_masked: bool,
    pub department_id: i64,
    pub department: String,
    pub posts: Vec<String>,
    pub cards: Vec<CardRow>,
    pub training: Vec<TrainingRow>,
}

pub(crate) fn validate_officer(o: &NewOfficer) -> Result<String> {
    let name = o.name.trim();
    if name.is_empty() || name.chars().count() > 50 {
        return Err(Error::of(Code::OfficerName).for_field("name"));
    }
    let id = IdentityNumber::parse(&o.id_number).map_err(|e| {
        Error::of(Code::OfficerIdNumber)
            .for_field("id_number")
            .arg_zh_en("reason", e.message_zh(), e.message_en())
    })?;
    Ok(id.as_str().to_string())
}

/// An officer's name as people enter it (form, import), before it can reach the public portal:
/// 1–30 Chinese characters or Latin letters, with a middle dot (·, as in 阿卜杜拉·艾力) or single
/// spaces between parts; nothing else (no digits, punctuation, markup or control characters).
pub fn check_person_name(name: &str) -> Result<()> {
    let n = name.trim();
    let letter = |c: char| {
        c.is_ascii_alphabetic()
            || matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{2EBEF}' | '\u{3007}')
    };
    let sep = |c: char| matches!(c, '·' | '・' | '•' | ' ');
    let chars: Vec<char> = n.chars().collect();
    let ok = (1..=30).contains(&chars.len())
        && chars.iter().all(|c| letter(*c) || sep(*c))
        && chars.first().is_some_and(|c| letter(*c))
        && chars.last().is_some_and(|c| letter(*c))
        && !chars.windows(2).any(|w| sep(w[0]) && sep(w[1]));
    if ok {
        Ok(())
    } else {
        Err(Error::of(Code::SecurityOfficerName).for_field("name"))
    }
}

/// Registers an officer inside a transaction: no permission check, callers check (the import,
/// the demo generator and `create_officer`).
pub async fn insert_officer(tx: &mut AuditedTx, region: &str, o: &NewOfficer) -> Result<i64> {
    let id_number = validate_officer(o)?;
    let now = now_ms();
    let res = sqlx::query(
        "INSERT INTO officers (region_code, department_id, name, id_number, posts, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, 'active', $6, $6) RETURNING id",
    )
    .bind(region.to_string())
    .bind(o.department_id)
    .bind(o.name.trim().to_string())
    .bind(id_number.clone())
    .bind(serde_json::to_string(&o.posts).unwrap_or_else(|_| "[]".into()))
    .bind(now)
    .fetch_one(tx.conn())
    .await;
    let id: i64 = match res {
        Ok(r) => r.try_get(0)?,
        Err(e) if is_unique_violation(&e) => {
            return Err(Error::of(Code::OfficerExists).arg("id_number", mask_str(&id_number)));
        }
        Err(e) => return Err(e.into()),
    };
    sqlx::query("UPDATE departments SET officer_count = officer_count + 1 WHERE id = $1")
        .bind(o.department_id)
        .execute(tx.conn())
        .await?;
    let after = serde_json::json!({
        "id": id, "department_id": o.department_id, "name": o.name.trim(),
        "id_number": id_number, "posts": o.posts,
    });
    tx.record(Event {
        action: "officer.create",
        object_type: "officer",
        object_id: id.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("登记执法人员 {}", o.name.trim()),
    })
    .await?;
    if let Some(card) = &o.card {
        insert_card(tx, region, id, card).await?;
    }
    Ok(id)
}

/// Registers an officer in a department of the caller's scope.
pub async fn create_officer(db: &Db, who: &Principal, o: &NewOfficer) -> Result<i64> {
    who.require(Permission::EditOrg)?;
    check_person_name(&o.name)?;
    who.require_department(db, o.department_id).await?;
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let id = insert_officer(&mut tx, &who.region, o).await?;
    tx.commit().await?;
    Ok(id)
}

/// Totals above this are shown as "10000+": counting a million rows on every page view costs
/// more than the page itself (the unfiltered total comes exactly from the per-department counts).
pub const COUNT_CAP: i64 = 10_000;

/// The filters of the list, its count and the export, with only the active predicates.
fn officer_filter(backend: Backend, region: &str, b: ScopeBinds, f: &OfficerQuery) -> Filter {
    let mut w = Filter::new();
    w.and("o.region_code = ?", [Bind::Text(region.to_string())]);
    if b.all != 1 {
        w.and(
            "o.department_id IN (SELECT descendant_id FROM department_closure WHERE ancestor_id = ? AND depth <= ?)",
            [Bind::Int(b.anchor), Bind::Int(b.max_depth)],
        );
    }
    let kw = f.keyword.trim();
    if !kw.is_empty() {
        let is_card = kw.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        match (is_card, backend) {
            (true, _) => {
                // Card numbers: a prefix range on the unique index.
                w.and(
                    "o.id IN (SELECT k.officer_id FROM enforcement_cards k WHERE k.card_no >= ? AND k.card_no < ?)",
                    [Bind::Text(kw.to_string()), Bind::Text(format!("{kw}\u{10FFFF}"))],
                );
            }
            // SQLite compares text bytewise, so a prefix is an index range.
            (false, Backend::Sqlite) => {
                w.and(
                    "o.name >= ? AND o.name < ?",
                    [
                        Bind::Text(kw.to_string()),
                        Bind::Text(format!("{kw}\u{10FFFF}")),
                    ],
                );
            }
            // PostgreSQL collations need not be bytewise: keep LIKE semantics there.
            (false, Backend::Postgres) => {
                w.and(
                    "o.name LIKE ?",
                    [Bind::Text(format!("{}%", kw.replace(['%', '_'], "")))],
                );
            }
        }
    }
    if let Some(d) = f.department_id {
        w.and(
            "o.department_id IN (SELECT descendant_id FROM department_closure WHERE ancestor_id = ?)",
            [Bind::Int(d)],
        );
    }
    if let Some(st) = f.card_status {
        w.and(
            "EXISTS (SELECT 1 FROM enforcement_cards k2 WHERE k2.officer_id = o.id AND k2.status = ?)",
            [Bind::Text(st.as_str().to_string())],
        );
    }
    w
}

const LIST_COLS: &str = "o.id, o.name, o.id_number, o.department_id, d.name, o.posts, \
    c.card_no, c.status, c.valid_until, c.domains";
const LATEST_CARD: &str = " LEFT JOIN enforcement_cards c ON c.id = \
    (SELECT MAX(c3.id) FROM enforcement_cards c3 WHERE c3.officer_id = o.id)";

fn row_to_list(r: &sqlx::any::AnyRow, unmask: bool) -> Result<OfficerListRow> {
    let idn: String = r.try_get(2)?;
    let posts: String = r.try_get(5)?;
    let status: Option<String> = r.try_get(7)?;
    let domains: Option<String> = r.try_get(9)?;
    Ok(OfficerListRow {
        id: r.try_get(0)?,
        name: r.try_get(1)?,
        id_number: if unmask { idn } else { mask_str(&idn) },
        department_id: r.try_get(3)?,
        department: r.try_get(4)?,
        posts: json_list(&posts, "officers.posts")?,
        card_no: r.try_get(6)?,
        card_status: status.as_deref().and_then(CardStatus::parse),
        card_valid_until: r.try_get(8)?,
        // No card (LEFT JOIN): no domains.
        card_domains: domains
            .map(|d| json_list(&d, "enforcement_cards.domains"))
            .transpose()?
            .unwrap_or_default(),
    })
}

/// The number of officers matching, exact when it is cheap, capped at `COUNT_CAP + 1` otherwise.
async fn count_officers(
    db: &Db,
    region: &str,
    b: ScopeBinds,
    f: &OfficerQuery,
) -> Result<(i64, bool)> {
    let unfiltered = f.keyword.trim().is_empty() && f.card_status.is_none();
    if unfiltered {
        // Sum of the maintained per-department counts over the departments in view.
        let mut w = Filter::new();
        w.and("d.region_code = ?", [Bind::Text(region.to_string())]);
        if b.all != 1 {
            w.and(
                "d.id IN (SELECT descendant_id FROM department_closure WHERE ancestor_id = ? AND depth <= ?)",
                [Bind::Int(b.anchor), Bind::Int(b.max_depth)],
            );
        }
        if let Some(dep) = f.department_id {
            w.and(
                "d.id IN (SELECT descendant_id FROM department_closure WHERE ancestor_id = ?)",
                [Bind::Int(dep)],
            );
        }
        let sql = format!(
            "SELECT CAST(COALESCE(SUM(d.officer_count), 0) AS BIGINT) FROM departments d{}",
            w.where_sql()
        );
        let n: i64 = w
            .bind(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_one(db.pool())
            .await?
            .try_get(0)?;
        return Ok((n, true));
    }
    let w = officer_filter(db.backend(), region, b, f);
    let sql = format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM (SELECT 1 FROM officers o{} LIMIT {}) t",
        w.where_sql(),
        COUNT_CAP + 1
    );
    let n: i64 = w
        .bind(sqlx::query(sqlx::AssertSqlSafe(sql)))
        .fetch_one(db.pool())
        .await?
        .try_get(0)?;
    Ok((n, n <= COUNT_CAP))
}

async fn fetch_rows(
    db: &Db,
    region: &str,
    b: ScopeBinds,
    f: &OfficerQuery,
    limit: i64,
    offset: i64,
    unmask: bool,
) -> Result<Vec<OfficerListRow>> {
    let w = officer_filter(db.backend(), region, b, f);
    let n = w.next_index();
    let sql = format!(
        "SELECT {LIST_COLS} FROM officers o JOIN departments d ON d.id = o.department_id{LATEST_CARD}{} \
         ORDER BY {} LIMIT ${n} OFFSET ${}",
        w.where_sql(),
        f.sort.sql(),
        n + 1
    );
    let rows = w
        .bind(sqlx::query(sqlx::AssertSqlSafe(sql)))
        .bind(limit)
        .bind(offset)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(|r| row_to_list(r, unmask)).collect()
}

/// Lists officers in the caller's scope. Identity numbers are masked for everyone but the
/// department administrators who maintain them.
pub async fn list_officers(
    db: &Db,
    who: &Principal,
    f: &OfficerQuery,
) -> Result<Page<OfficerListRow>> {
    who.require(Permission::ViewOrg)?;
    let page_size = f.page_size.clamp(1, 200);
    let page = f.page.max(1);
    let b = who.scope_binds();
    let (total, exact) = count_officers(db, &who.region, b, f).await?;
    let unmask = who.role.can(Permission::EditOrg);
    let rows = fetch_rows(
        db,
        &who.region,
        b,
        f,
        page_size,
        (page - 1).saturating_mul(page_size),
        unmask,
    )
    .await?;
    Ok(Page {
        rows,
        total,
        total_exact: exact,
        page,
        page_size,
    })
}

/// Every row matching the filters (for Excel export), capped at `limit`.
pub async fn export_officers(
    db: &Db,
    who: &Principal,
    f: &OfficerQuery,
    limit: i64,
) -> Result<Vec<OfficerListRow>> {
    who.require(Permission::ViewOrg)?;
    let unmask = who.role.can(Permission::EditOrg);
    fetch_rows(db, &who.region, who.scope_binds(), f, limit, 0, unmask).await
}

/// One officer, if inside the caller's scope. An officer outside it is "not found": guessing
/// ids reveals nothing.
pub async fn get_officer(db: &Db, who: &Principal, id: i64) -> Result<OfficerDetail> {
    who.require(Permission::ViewOrg)?;
    let b = who.scope_binds();
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT o.id, o.name, o.id_number, o.department_id, d.name, o.posts FROM officers o \
         JOIN departments d ON d.id = o.department_id WHERE o.id = $1 AND o.region_code = $5 AND {}",
        scope_sql("o.department_id", 2)
    )))
    .bind(id)
    .bind(b.all)
    .bind(b.anchor)
    .bind(b.max_depth)
    .bind(who.region.clone())
    .fetch_optional(db.pool())
    .await?
    .ok_or_else(|| Error::not_found("officer"))?;
    let cards = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {CARD_COLS} FROM enforcement_cards c WHERE c.officer_id = $1 ORDER BY c.id DESC"
    )))
    .bind(id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(row_to_card)
    .collect::<Result<Vec<_>>>()?;
    let training = sqlx::query(
        "SELECT id, officer_id, year, hours, exam_score, exam_passed FROM training_records WHERE officer_id = $1 ORDER BY year DESC",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(row_to_training)
    .collect::<Result<Vec<_>>>()?;
    let unmask = who.role.can(Permission::EditOrg);
    let idn: String = row.try_get(2)?;
    let posts: String = row.try_get(5)?;
    Ok(OfficerDetail {
        id: row.try_get(0)?,
        name: row.try_get(1)?,
        id_number: if unmask { idn } else { mask_str(&idn) },
        id_masked: !unmask,
        department_id: row.try_get(3)?,
        department: row.try_get(4)?,
        posts: json_list(&posts, "officers.posts")?,
        cards,
        training,
    })
}

/// An officer as the public portal shows them (执法人员公示): no identity number.
#[derive(Debug, Clone, Serialize)]
pub struct PublicOfficer {
    pub name: String,
    pub department: String,
    pub card_no: String,
    pub domains: Vec<String>,
}

/// Officers holding a valid card, for the anonymous disclosure portal (行政执法公示).
pub async fn list_public_officers(
    db: &Db,
    region: &str,
    f: &OfficerQuery,
) -> Result<Page<PublicOfficer>> {
    let page_size = f.page_size.clamp(1, 100);
    let page = f.page.max(1);
    let all = ScopeBinds {
        all: 1,
        anchor: -1,
        max_depth: 0,
    };
    let f = OfficerQuery {
        card_status: Some(CardStatus::Valid),
        sort: OfficerSort::Department,
        ..f.clone()
    };
    let (total, exact) = count_officers(db, region, all, &f).await?;
    let rows = fetch_rows(
        db,
        region,
        all,
        &f,
        page_size,
        (page - 1).saturating_mul(page_size),
        false,
    )
    .await?
    .into_iter()
    .map(|l| PublicOfficer {
        name: l.name,
        department: l.department,
        card_no: l.card_no.unwrap_or_default(),
        domains: l.card_domains,
    })
    .collect();
    Ok(Page {
        rows,
        total,
        total_exact: exact,
        page,
        page_size,
    })
}

#[cfg(test)]
mod name_tests {
    use super::check_person_name;

    #[test]
    fn officer_names_are_letters_with_a_middle_dot_at_most() {
        for ok in ["张三", "欧阳娜娜", "阿卜杜拉·艾力", "John Smith", "〇一"] {
            assert!(check_person_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            " ",
            "张三<script>",
            "张三（示例行，导入前请删除）",
            "李四 http://evil.example",
            "王五123",
            "·张三",
            "张··三",
            "张\u{202E}三",
            &"张".repeat(31),
        ] {
            let e = check_person_name(bad).expect_err(bad);
            assert_eq!(e.code(), "security.officer_name");
        }
    }
}

/// What an officer's record says of the person, as edited.
#[derive(Debug, Clone)]
pub struct OfficerEdit {
    pub name: String,
    pub posts: Vec<String>,
}

/// The department and region of an officer (no scope check).
async fn officer_home<'c, E>(exec: E, id: i64) -> Result<(i64, String, String)>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let r = sqlx::query("SELECT department_id, region_code, name FROM officers WHERE id = $1")
        .bind(id)
        .fetch_optional(exec)
        .await?
        .ok_or_else(|| Error::not_found("officer"))?;
    Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))
}

/// Edits an officer's name and posts: a department administrator, for an officer of a department
/// in their scope. Audited with the values before and after.
pub async fn update_officer(db: &Db, who: &Principal, id: i64, e: &OfficerEdit) -> Result<()> {
    who.require(Permission::EditOrg)?;
    let (dept, region, before_name) = officer_home(db.pool(), id).await?;
    if region != who.region || !who.covers_department(db, dept).await? {
        return Err(Error::not_found("officer"));
    }
    check_person_name(&e.name)?;
    let name = e.name.trim().to_string();
    if name.chars().count() > 50 {
        return Err(Error::of(Code::OfficerName).for_field("name"));
    }
    let posts: Vec<String> = e
        .posts
        .iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    let before_posts: String = sqlx::query("SELECT posts FROM officers WHERE id = $1")
        .bind(id)
        .fetch_one(tx.conn())
        .await?
        .try_get(0)?;
    sqlx::query("UPDATE officers SET name = $1, posts = $2, updated_at = $3 WHERE id = $4")
        .bind(name.clone())
        .bind(serde_json::to_string(&posts).unwrap_or_else(|_| "[]".into()))
        .bind(now_ms())
        .bind(id)
        .execute(tx.conn())
        .await?;
    let before = serde_json::json!({"name": before_name, "posts": json_list(&before_posts, "officers.posts")?});
    let after = serde_json::json!({"name": name, "posts": posts});
    tx.record(Event {
        action: "officer.update",
        object_type: "officer",
        object_id: id.to_string(),
        before: Some(&before),
        after: Some(&after),
        summary: format!("修改执法人员信息 {name}"),
    })
    .await?;
    tx.commit().await
}

/// A move of an officer between departments.
#[derive(Debug, Clone, Serialize)]
pub struct OfficerMove {
    pub id: i64,
    pub from_department: String,
    pub to_department: String,
    pub effective_on: String,
    pub moved_by: String,
    pub reason: String,
    pub at: i64,
}

/// Moves an officer to another department from a date, keeping the one officer record (their
/// cards, training, cases and account stay with the person) and recording the move with who and
/// why. Only an administrator whose scope covers both departments may move (in practice a
/// district-level one: a department administrator can neither take officers from nor give them
/// to a department outside their scope). Accounts linked to the officer move with them and their
/// sessions end, so they act for the new department from their next login.
pub async fn move_officer(
    db: &Db,
    who: &Principal,
    id: i64,
    to_department: i64,
    effective_on: chrono::NaiveDate,
    reason: &str,
) -> Result<()> {
    who.require(Permission::EditOrg)?;
    let (from, region, name) = officer_home(db.pool(), id).await?;
    if region != who.region || !who.covers_department(db, from).await? {
        return Err(Error::not_found("officer"));
    }
    if !who.covers_department(db, to_department).await? {
        return Err(Error::forbidden(
            "调动执法人员须由数据范围同时覆盖调出和调入部门的管理员（区级）办理。",
            "moving an officer needs an administrator whose scope covers both departments (district level)",
        ));
    }
    if from == to_department {
        return Err(Error::domain_invalid(
            "officer.move",
            "department_id",
            "调入部门与现部门相同。",
            "the officer already serves in that department",
        ));
    }
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 200 {
        return Err(Error::domain_invalid(
            "officer.move",
            "reason",
            "请填写调动原因（不超过 200 字）。",
            "give the reason for the move (at most 200 characters)",
        ));
    }
    let mut tx = AuditedTx::begin(db, who.actor()).await?;
    // The history is a sequence: each service ends the day before the next begins, so a move
    // cannot take effect before the officer's last one.
    let last: Option<String> = sqlx::query(
        "SELECT effective_on FROM officer_department_history WHERE officer_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(id)
    .fetch_optional(tx.conn())
    .await?
    .map(|r| r.try_get(0))
    .transpose()?;
    if let Some(last) = last.filter(|l| effective_on.to_string() <= *l) {
        return Err(Error::domain_invalid(
            "officer.move",
            "effective_on",
            format!("生效日期须晚于上次调动的生效日期（{last}）。"),
            format!("the move must take effect after the last one ({last})"),
        ));
    }
    sqlx::query("UPDATE officers SET department_id = $1, updated_at = $2 WHERE id = $3")
        .bind(to_department)
        .bind(now_ms())
        .bind(id)
        .execute(tx.conn())
        .await?;
    sqlx::query("UPDATE departments SET officer_count = officer_count - 1 WHERE id = $1")
        .bind(from)
        .execute(tx.conn())
        .await?;
    sqlx::query("UPDATE departments SET officer_count = officer_count + 1 WHERE id = $1")
        .bind(to_department)
        .execute(tx.conn())
        .await?;
    sqlx::query(
        "INSERT INTO officer_department_history (region_code, officer_id, from_department_id, to_department_id, effective_on, moved_by, reason, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(who.region.clone())
    .bind(id)
    .bind(from)
    .bind(to_department)
    .bind(effective_on.to_string())
    .bind(who.user_id)
    .bind(reason.to_string())
    .bind(now_ms())
    .execute(tx.conn())
    .await?;
    sqlx::query(
        "DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE officer_id = $1)",
    )
    .bind(id)
    .execute(tx.conn())
    .await?;
    sqlx::query("UPDATE users SET department_id = $1, updated_at = $2 WHERE officer_id = $3")
        .bind(to_department)
        .bind(now_ms())
        .bind(id)
        .execute(tx.conn())
        .await?;
    let before = serde_json::json!({"department_id": from});
    let after = serde_json::json!({"department_id": to_department, "effective_on": effective_on.to_string(), "reason": reason});
    tx.record(Event {
        action: "officer.move",
        object_type: "officer",
        object_id: id.to_string(),
        before: Some(&before),
        after: Some(&after),
        summary: format!("执法人员 {name} 调动，{effective_on} 起：{reason}"),
    })
    .await?;
    tx.commit().await
}

/// An officer's moves between departments, newest first (viewers of the officer).
pub async fn officer_moves(db: &Db, who: &Principal, id: i64) -> Result<Vec<OfficerMove>> {
    // Visibility follows the officer record itself.
    get_officer(db, who, id).await?;
    let rows = sqlx::query(
        "SELECT h.id, f.name, t.name, h.effective_on, COALESCE(u.display_name, ''), h.reason, h.created_at \
         FROM officer_department_history h JOIN departments f ON f.id = h.from_department_id \
         JOIN departments t ON t.id = h.to_department_id LEFT JOIN users u ON u.id = h.moved_by \
         WHERE h.officer_id = $1 ORDER BY h.id DESC",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(OfficerMove {
                id: r.try_get(0)?,
                from_department: r.try_get(1)?,
                to_department: r.try_get(2)?,
                effective_on: r.try_get(3)?,
                moved_by: r.try_get(4)?,
                reason: r.try_get(5)?,
                at: r.try_get(6)?,
            })
        })
        .collect()
}
