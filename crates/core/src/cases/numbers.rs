//! Gapless numbers per body, kind and year: case numbers (立) and decision numbers (罚),
//! formatted as 文号, e.g. 津滨市监罚〔2024〕123号.

use sqlx::{AnyConnection, Row};

use crate::Result;

/// Kind code of case numbers (立案).
pub const CASE_KIND: &str = "立";
/// Kind code of penalty decision numbers (行政处罚决定书).
pub const DECISION_KIND: &str = "罚";

/// Takes the next number of the sequence and returns the formatted 文号. Runs inside the
/// caller's transaction, so a refused step does not consume a number. The sequence belongs to
/// the printed prefix (津滨市监罚), not to the body: bodies sharing an abbreviation (a bureau and
/// its 派出机构) share one sequence, so a 文号 is never issued twice.
pub(crate) async fn next_number(
    conn: &mut AnyConnection,
    region: &str,
    department_id: i64,
    kind: &str,
    year: i32,
) -> Result<String> {
    let name: String = sqlx::query("SELECT name FROM departments WHERE id = $1")
        .bind(department_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    let abbrev = abbrev(&name);
    let key = format!("{abbrev}{kind}");
    let updated = sqlx::query(
        "UPDATE doc_sequences SET next_seq = next_seq + 1 WHERE region_code = $1 AND department_id = $2 AND kind = $3 AND year = $4 RETURNING next_seq - 1",
    )
    .bind(region.to_string())
    .bind(0_i64)
    .bind(key.clone())
    .bind(i64::from(year))
    .fetch_optional(&mut *conn)
    .await?;
    let seq: i64 = match updated {
        Some(r) => r.try_get(0)?,
        None => {
            sqlx::query(
                "INSERT INTO doc_sequences (region_code, department_id, kind, year, next_seq) VALUES ($1,$2,$3,$4,2)",
            )
            .bind(region.to_string())
            .bind(0_i64)
            .bind(key)
            .bind(i64::from(year))
            .execute(&mut *conn)
            .await?;
            1
        }
    };
    Ok(format_number(&abbrev, kind, year, seq))
}

/// The next number of a region-wide sequence `key` for `year` (e.g. the reconsideration body's
/// 政复), gapless inside the caller's transaction.
pub(crate) async fn next_in(
    conn: &mut AnyConnection,
    region: &str,
    key: &str,
    year: i32,
) -> Result<i64> {
    let updated = sqlx::query(
        "UPDATE doc_sequences SET next_seq = next_seq + 1 WHERE region_code = $1 AND department_id = $2 AND kind = $3 AND year = $4 RETURNING next_seq - 1",
    )
    .bind(region.to_string())
    .bind(0_i64)
    .bind(key.to_string())
    .bind(i64::from(year))
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match updated {
        Some(r) => r.try_get(0)?,
        None => {
            sqlx::query(
                "INSERT INTO doc_sequences (region_code, department_id, kind, year, next_seq) VALUES ($1,$2,$3,$4,2)",
            )
            .bind(region.to_string())
            .bind(0_i64)
            .bind(key.to_string())
            .bind(i64::from(year))
            .execute(&mut *conn)
            .await?;
            1
        }
    })
}

/// 津滨 + body abbreviation + kind + 〔year〕 + number + 号.
pub fn format_number(abbrev: &str, kind: &str, year: i32, seq: i64) -> String {
    format!("津滨{abbrev}{kind}〔{year}〕{seq}号")
}

/// Abbreviation of a body for its 文号.
pub fn abbrev(name: &str) -> String {
    super::documents::department_abbrev(name)
}
