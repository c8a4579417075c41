//! 回避 (行政处罚法 第四十三条): an officer with a direct interest in the case, or another
//! relation that may affect fair enforcement, withdraws; the party may apply for it; the head of
//! the agency decides, and the investigation does not stop meanwhile ("决定作出之前，不停止调查").
//!
//! A granted recusal takes the officer off the case team for good: a replacement keeps the team
//! at two (第四十二条 第一款), and no later step may name the recused officer again.

use chrono::NaiveDate;
use sqlx::{AnyConnection, Row};

use crate::labels::labelled_enum;
use crate::time::now_ms;
use crate::{Code, Error, Result};

labelled_enum!(
    /// Who raised the recusal.
    RaisedBy {
        Party = "party", "当事人申请回避", "The party applied";
        Officer = "officer", "执法人员自行回避", "The officer withdrew";
        Head = "head", "负责人决定回避", "The head ordered it";
    }
);

/// A recusal as decided.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Recusal {
    pub officer_id: i64,
    pub raised_by: RaisedBy,
    pub reason: String,
    pub granted: bool,
    pub replacement_id: Option<i64>,
    pub decided_on: NaiveDate,
}

fn refused(zh: impl Into<String>, en: impl Into<String>, field: &'static str) -> Error {
    Error::of(Code::CasesRecusal)
        .for_field(field)
        .arg_zh_en("reason", zh.into(), en.into())
}

/// The team after the decision, or why the decision cannot stand: the officer must be on the
/// team; a granted recusal needs a replacement while the team would otherwise fall below two
/// (第四十二条), and the replacement is neither on the team already nor recused before.
pub fn team_after(
    team: &[i64],
    r: &Recusal,
    recused_before: &[i64],
) -> std::result::Result<Vec<i64>, Error> {
    if r.reason.trim().is_empty() {
        return Err(refused(
            "请写明申请或决定回避的理由（第四十三条）。",
            "State the reason for the recusal (Art. 43).",
            "note",
        ));
    }
    if !team.contains(&r.officer_id) {
        return Err(refused(
            format!("执法人员（编号 {}）不在本案办案人员之中。", r.officer_id),
            format!("Officer {} is not on this case's team.", r.officer_id),
            "officer_1",
        ));
    }
    if !r.granted {
        return Ok(team.to_vec());
    }
    let mut after: Vec<i64> = team
        .iter()
        .copied()
        .filter(|&o| o != r.officer_id)
        .collect();
    match r.replacement_id {
        Some(n) if n == r.officer_id || after.contains(&n) => {
            return Err(refused(
                "替换的执法人员须是本案办案人员以外的另一人。",
                "The replacement must be another officer, not already on the team.",
                "officer_2",
            ));
        }
        Some(n) if recused_before.contains(&n) => {
            return Err(refused(
                format!("执法人员（编号 {n}）已在本案回避，不能再承办。"),
                format!("Officer {n} was recused from this case and cannot take part again."),
                "officer_2",
            ));
        }
        Some(n) => after.push(n),
        None if after.len() < 2 => {
            return Err(refused(
                "回避后办案人员不足两人，请指定替换的执法人员（《行政处罚法》第四十二条）。",
                "After the recusal fewer than two officers remain: name a replacement (Art. 42).",
                "officer_2",
            ));
        }
        None => {}
    }
    Ok(after)
}

/// Refuses a team that names an officer recused from the case.
pub fn check_not_recused(team: &[i64], recused: &[i64]) -> std::result::Result<(), Error> {
    match team.iter().find(|o| recused.contains(o)) {
        Some(o) => Err(refused(
            format!("执法人员（编号 {o}）已在本案回避（第四十三条），不能再承办。"),
            format!("Officer {o} was recused from this case (Art. 43) and cannot take part."),
            "officers",
        )),
        None => Ok(()),
    }
}

/// 第四十三条 第一款 ("应当回避"): refuses officers with a conflict of interest registered
/// against the party (the conflicts the double-random draws already exclude, `sampling`).
pub async fn check_no_registered_conflict(
    conn: &mut AnyConnection,
    region: &str,
    c: &super::CaseRow,
    officers: &[i64],
) -> Result<()> {
    let code = c.party_code.trim();
    if code.is_empty() {
        return Ok(());
    }
    for &o in officers {
        let row = sqlx::query(
            "SELECT reason FROM sampling_conflicts WHERE region_code = $1 AND officer_id = $2 AND subject_code = $3",
        )
        .bind(region.to_string())
        .bind(o)
        .bind(code.to_string())
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(r) = row {
            let why: String = r.try_get(0)?;
            return Err(refused(
                format!(
                    "执法人员（编号 {o}）与当事人有登记在案的利害关系（{why}），应当回避（第四十三条）。"
                ),
                format!(
                    "Officer {o} has a registered conflict of interest with the party ({why}) and must withdraw (Art. 43)."
                ),
                "officers",
            ));
        }
    }
    Ok(())
}

/// Officers whose recusal from the case was granted.
pub async fn recused_officers(conn: &mut AnyConnection, case_id: i64) -> Result<Vec<i64>> {
    let rows = sqlx::query(
        "SELECT officer_id FROM case_recusals WHERE case_id = $1 AND granted = 1 ORDER BY id",
    )
    .bind(case_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| r.try_get::<i64, _>(0).map_err(Into::into))
        .collect()
}

/// Stores a decision.
pub async fn insert(
    conn: &mut AnyConnection,
    region: &str,
    case_id: i64,
    r: &Recusal,
    by: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO case_recusals (region_code, case_id, officer_id, raised_by, reason, granted, replacement_id, decided_on, decided_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(region.to_string())
    .bind(case_id)
    .bind(r.officer_id)
    .bind(r.raised_by.as_str())
    .bind(r.reason.trim().to_string())
    .bind(i64::from(r.granted))
    .bind(r.replacement_id)
    .bind(r.decided_on.to_string())
    .bind(by.to_string())
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The recusals of a case, in the order decided.
pub async fn load(conn: &mut AnyConnection, case_id: i64) -> Result<Vec<Recusal>> {
    let rows = sqlx::query(
        "SELECT officer_id, raised_by, reason, granted, replacement_id, decided_on FROM case_recusals WHERE case_id = $1 ORDER BY id",
    )
    .bind(case_id)
    .fetch_all(&mut *conn)
    .await?;
    let bad = |what: &str, v: &str| Error::Internal(format!("stored recusal {what}: {v:?}"));
    rows.iter()
        .map(|r| {
            let by: String = r.try_get("raised_by")?;
            let on: String = r.try_get("decided_on")?;
            Ok(Recusal {
                officer_id: r.try_get("officer_id")?,
                raised_by: RaisedBy::parse(&by).ok_or_else(|| bad("raised_by", &by))?,
                reason: r.try_get("reason")?,
                granted: r.try_get::<i64, _>("granted")? != 0,
                replacement_id: r.try_get("replacement_id")?,
                decided_on: on.parse().map_err(|_| bad("decided_on", &on))?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(officer: i64, granted: bool, replacement: Option<i64>) -> Recusal {
        Recusal {
            officer_id: officer,
            raised_by: RaisedBy::Party,
            reason: "执法人员系当事人近亲属".into(),
            granted,
            replacement_id: replacement,
            decided_on: "2024-05-06".parse().unwrap(),
        }
    }

    /// 第四十三条 with 第四十二条: a granted recusal replaces the officer; without a replacement a
    /// team of two would fall to one and is refused.
    #[test]
    fn granted_recusal_keeps_two_officers_art43_art42() {
        assert_eq!(
            team_after(&[1, 2], &r(1, true, Some(3)), &[]).unwrap(),
            vec![2, 3]
        );
        assert!(team_after(&[1, 2], &r(1, true, None), &[]).is_err());
        assert_eq!(
            team_after(&[1, 2, 3], &r(1, true, None), &[]).unwrap(),
            vec![2, 3]
        );
        // Refused: the team stays as it was.
        assert_eq!(
            team_after(&[1, 2], &r(1, false, None), &[]).unwrap(),
            vec![1, 2]
        );
    }

    #[test]
    fn recusal_needs_a_team_member_a_reason_and_a_fresh_replacement_art43() {
        assert!(team_after(&[1, 2], &r(9, true, Some(3)), &[]).is_err());
        assert!(team_after(&[1, 2], &r(1, true, Some(2)), &[]).is_err());
        assert!(team_after(&[1, 2], &r(1, true, Some(5)), &[5]).is_err());
        let mut no_reason = r(1, true, Some(3));
        no_reason.reason = "  ".into();
        assert!(team_after(&[1, 2], &no_reason, &[]).is_err());
        assert!(check_not_recused(&[2, 3], &[1]).is_ok());
        assert!(check_not_recused(&[1, 3], &[1]).is_err());
    }
}
