//! The verifiable draw (双随机): which subjects, and which officers inspect them. Pure functions
//! over plain data — no database, no clock — so that the draw is reproducible by anyone from
//! the published export, and docs/sampling.md specifies every byte of it.
//!
//! Order of publication (docs/sampling.md §2): the candidate list and the team inputs are
//! frozen and their SM3 digests published together with `SM3(seed)`; then the seed is revealed
//! and the selection and teams follow deterministically from it. Nobody can pick the seed after
//! seeing the candidates, and nobody can change the candidates after seeing the seed.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sm3::{Digest, Sm3};

use crate::org::{CardRow, CardStatus, card_valid_on};
use crate::{Code, Error, Result};

/// Identifies the export layout (bumped if the algorithm ever changes).
pub const EXPORT_FORMAT: &str = "fazhi-sampling-draw/1";

/// One stratum (here: a risk grade) with its frozen candidates and quota.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stratum {
    /// `A` (低风险) … `D` (高风险).
    pub key: String,
    pub label: String,
    /// How many to select.
    pub quota: usize,
    /// 统一社会信用代码, ascending and unique.
    pub candidates: Vec<String>,
}

/// An officer of a participating department, with the card that decides eligibility.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inspector {
    pub id: i64,
    pub name: String,
    pub card_no: String,
    pub card_domains: Vec<String>,
    /// ISO dates.
    pub card_issued_on: String,
    pub card_valid_until: String,
    /// `valid`, `suspended` or `revoked`.
    pub card_status: String,
}

/// A participating department: the lead first, then the participants by ascending id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeptPool {
    pub department_id: i64,
    pub department: String,
    /// `lead` or `participant`.
    pub role: String,
    /// The enforcement domain (执法领域) its officers' cards must cover.
    pub card_domain: String,
    /// Officers it sends to each drawn subject.
    pub team_size: usize,
    /// Inspection matters (行政检查 power item codes) it checks on the visit.
    #[serde(default)]
    pub matters: Vec<String>,
    /// Its officers holding a card for `card_domain` (eligible or not), ascending id.
    pub inspectors: Vec<Inspector>,
}

/// A registered conflict of interest (回避): the officer never inspects the subject.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Conflict {
    pub officer_id: i64,
    pub code: String,
}

/// Everything the draw depends on besides the seed (frozen before the seed is revealed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawInputs {
    /// Execution window (ISO dates): cards must be valid on every day of it.
    pub window_start: String,
    pub window_end: String,
    pub strata: Vec<Stratum>,
    pub departments: Vec<DeptPool>,
    pub conflicts: Vec<Conflict>,
    /// For each candidate, the officers of its latest earlier draw (no consecutive repeat).
    pub previous_teams: BTreeMap<String, Vec<i64>>,
}

/// The team sent to one drawn subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    pub code: String,
    pub stratum: String,
    /// Officer ids, department by department in the order of `departments`.
    pub officers: Vec<i64>,
}

/// What the draw decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawOutcome {
    /// Per stratum key, the selected codes in ascending order of their draw key.
    pub selected: BTreeMap<String, Vec<String>>,
    pub teams: Vec<Team>,
}

/// The published record of a draw (`fazhi sampling export`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawExport {
    pub format: String,
    pub task_id: i64,
    pub task_no: String,
    pub title: String,
    pub domain: String,
    pub year: i64,
    /// The seed, 64 lowercase hex digits (32 bytes).
    pub seed: String,
    /// SM3 of the 32 seed bytes, published before the draw.
    pub seed_commitment: String,
    /// SM3 of the candidate text (docs/sampling.md §3), published before the draw.
    pub candidates_digest: String,
    /// SM3 of the team-input text (docs/sampling.md §4), published before the draw.
    pub team_inputs_digest: String,
    pub window_start: String,
    pub window_end: String,
    pub strata: Vec<Stratum>,
    pub departments: Vec<DeptPool>,
    pub conflicts: Vec<Conflict>,
    pub previous_teams: BTreeMap<String, Vec<i64>>,
    pub selected: BTreeMap<String, Vec<String>>,
    pub teams: Vec<Team>,
    /// When the commitment was published and the seed revealed (Asia/Shanghai, text).
    #[serde(default)]
    pub committed_at: String,
    #[serde(default)]
    pub drawn_at: String,
}

impl DrawExport {
    /// The inputs part of the export.
    pub fn inputs(&self) -> DrawInputs {
        DrawInputs {
            window_start: self.window_start.clone(),
            window_end: self.window_end.clone(),
            strata: self.strata.clone(),
            departments: self.departments.clone(),
            conflicts: self.conflicts.clone(),
            previous_teams: self.previous_teams.clone(),
        }
    }
}

fn sm3(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sm3::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// Parses a seed: exactly 64 hex digits.
pub fn parse_seed(hex_seed: &str) -> Result<[u8; 32]> {
    let bytes = hex::decode(hex_seed.trim()).ok().filter(|b| b.len() == 32);
    let bytes = bytes.ok_or_else(|| Error::of(Code::SamplingSeed).for_field("seed"))?;
    let mut out = [0u8; 32];
    out.copy_from_slice(&bytes);
    Ok(out)
}

/// `SM3(seed)`, hex: published before the draw, checked against the revealed seed.
pub fn seed_commitment(seed: &[u8; 32]) -> String {
    hex::encode(sm3(&[seed]))
}

/// The draw key of a candidate: `SM3(seed ‖ code)`. Compared as bytes, which orders exactly
/// as the lowercase hex strings the issue speaks of.
pub fn draw_key(seed: &[u8; 32], code: &str) -> [u8; 32] {
    sm3(&[seed, code.as_bytes()])
}

/// Digest of the frozen candidate list (docs/sampling.md §3).
pub fn candidates_digest(strata: &[Stratum]) -> String {
    let mut h = Sm3::new();
    for s in strata {
        h.update(format!("S\t{}\t{}\n", s.key, s.quota).as_bytes());
        for c in &s.candidates {
            h.update(c.as_bytes());
            h.update(b"\n");
        }
    }
    hex::encode(h.finalize())
}

/// Digest of everything team assignment depends on (docs/sampling.md §4).
pub fn team_inputs_digest(inp: &DrawInputs) -> String {
    let mut t = format!("W\t{}\t{}\n", inp.window_start, inp.window_end);
    for d in &inp.departments {
        t.push_str(&format!(
            "D\t{}\t{}\t{}\n",
            d.department_id, d.card_domain, d.team_size
        ));
        let mut ins: Vec<&Inspector> = d.inspectors.iter().collect();
        ins.sort_by_key(|o| o.id);
        for o in ins {
            t.push_str(&format!(
                "O\t{}\t{}\t{}\t{}\t{}\n",
                o.id,
                o.card_status,
                o.card_issued_on,
                o.card_valid_until,
                o.card_domains.join(",")
            ));
        }
    }
    let mut cs = inp.conflicts.clone();
    cs.sort();
    for c in cs {
        t.push_str(&format!("C\t{}\t{}\n", c.officer_id, c.code));
    }
    for (code, ids) in &inp.previous_teams {
        let mut ids = ids.clone();
        ids.sort_unstable();
        let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
        t.push_str(&format!("P\t{code}\t{}\n", ids.join(",")));
    }
    hex::encode(sm3(&[t.as_bytes()]))
}

/// May this officer inspect in `domain` on every day of the window? The card must be valid on
/// the first and the last day (validity is an interval, so also on every day between), and
/// cover the domain (行政处罚法 第四十二条; 行政执法人员持证上岗).
pub fn eligible(o: &Inspector, domain: &str, start: NaiveDate, end: NaiveDate) -> bool {
    let (Ok(issued_on), Ok(valid_until)) = (
        o.card_issued_on.parse::<NaiveDate>(),
        o.card_valid_until.parse::<NaiveDate>(),
    ) else {
        return false;
    };
    let Some(status) = CardStatus::parse(&o.card_status) else {
        return false;
    };
    let card = CardRow {
        id: 0,
        officer_id: o.id,
        card_no: o.card_no.clone(),
        domains: o.card_domains.clone(),
        issued_on,
        valid_until,
        status,
    };
    !domain.is_empty() && card_valid_on(&card, start, domain) && card_valid_on(&card, end, domain)
}

/// Selects the `quota` candidates with the smallest draw keys, in ascending key order.
/// Hashing dominates, so large strata are hashed on every core.
pub fn select_stratum(seed: &[u8; 32], s: &Stratum) -> Vec<String> {
    let n = s.quota.min(s.candidates.len());
    if n == 0 {
        return Vec::new();
    }
    let keys = hash_all(seed, &s.candidates);
    let mut idx: Vec<u32> = (0..s.candidates.len() as u32).collect();
    let cmp = |a: &u32, b: &u32| {
        keys[*a as usize]
            .cmp(&keys[*b as usize])
            .then_with(|| s.candidates[*a as usize].cmp(&s.candidates[*b as usize]))
    };
    if n < idx.len() {
        idx.select_nth_unstable_by(n - 1, cmp);
        idx.truncate(n);
    }
    idx.sort_unstable_by(cmp);
    idx.into_iter()
        .map(|i| s.candidates[i as usize].clone())
        .collect()
}

fn hash_all(seed: &[u8; 32], codes: &[String]) -> Vec<[u8; 32]> {
    const PARALLEL_FROM: usize = 50_000;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if codes.len() < PARALLEL_FROM || threads < 2 {
        return codes.iter().map(|c| draw_key(seed, c)).collect();
    }
    let chunk = codes.len().div_ceil(threads);
    let mut out = vec![[0u8; 32]; codes.len()];
    std::thread::scope(|sc| {
        for (dst, src) in out.chunks_mut(chunk).zip(codes.chunks(chunk)) {
            sc.spawn(move || {
                for (d, c) in dst.iter_mut().zip(src) {
                    *d = draw_key(seed, c);
                }
            });
        }
    });
    out
}

/// The first 8 bytes of an SM3 digest as a big-endian integer.
fn u64_of(d: &[u8; 32]) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&d[..8]);
    u64::from_be_bytes(b)
}

/// Checks the frozen inputs for what the algorithm assumes (sorted unique candidates, quotas
/// within the strata, team sizes of at least one and two officers in all).
pub fn check_inputs(inp: &DrawInputs) -> Result<()> {
    let mut seen = HashSet::new();
    for s in &inp.strata {
        if !seen.insert(s.key.as_str()) {
            return Err(Error::of(Code::SamplingInputs).arg_zh_en(
                "reason",
                format!("分层 {} 重复。", s.key),
                format!("stratum {} appears twice", s.key),
            ));
        }
        if s.candidates.windows(2).any(|w| w[0] >= w[1]) {
            return Err(Error::of(Code::SamplingInputs).arg_zh_en(
                "reason",
                format!("分层 {} 的候选名单未按代码升序排列或有重复。", s.key),
                format!(
                    "stratum {}: candidates are not in ascending order or repeat",
                    s.key
                ),
            ));
        }
        if s.quota > s.candidates.len() {
            return Err(Error::of(Code::SamplingInputs).arg_zh_en(
                "reason",
                format!("分层 {} 的抽取数超过候选数。", s.key),
                format!("stratum {}: quota exceeds the candidates", s.key),
            ));
        }
    }
    let total: usize = inp.departments.iter().map(|d| d.team_size).sum();
    if inp.departments.is_empty() || total < 2 || inp.departments.iter().any(|d| d.team_size == 0) {
        return Err(Error::of(Code::SamplingInputs).arg_zh_en(
            "reason",
            "每个检查组至少两名执法人员，每个参与部门至少一名。",
            "a team needs at least two officers, at least one per department",
        ));
    }
    Ok(())
}

/// Runs the whole draw: selection per stratum, then teams (docs/sampling.md §5–§6).
pub fn run_draw(seed: &[u8; 32], inp: &DrawInputs) -> Result<DrawOutcome> {
    check_inputs(inp)?;
    let date = |s: &str| {
        s.parse::<NaiveDate>().map_err(|_| {
            Error::of(Code::SamplingWindow)
                .for_field("window_start")
                .arg("input", s)
        })
    };
    let (start, end) = (date(&inp.window_start)?, date(&inp.window_end)?);
    let mut selected = BTreeMap::new();
    let mut order: Vec<(String, String)> = Vec::new();
    for s in &inp.strata {
        let sel = select_stratum(seed, s);
        order.extend(sel.iter().map(|c| (s.key.clone(), c.clone())));
        selected.insert(s.key.clone(), sel);
    }
    // Each department's eligible officers in a seeded order, so that which colleagues share a
    // team changes from draw to draw.
    let pools: Vec<Vec<i64>> = inp
        .departments
        .iter()
        .map(|d| {
            let mut p: Vec<([u8; 32], i64)> = d
                .inspectors
                .iter()
                .filter(|o| eligible(o, &d.card_domain, start, end))
                .map(|o| (sm3(&[seed, format!("officer\t{}", o.id).as_bytes()]), o.id))
                .collect();
            p.sort_unstable();
            p.dedup_by_key(|x| x.1);
            p.into_iter().map(|x| x.1).collect()
        })
        .collect();
    let conflicts: HashSet<(i64, &str)> = inp
        .conflicts
        .iter()
        .map(|c| (c.officer_id, c.code.as_str()))
        .collect();
    let mut teams = Vec::with_capacity(order.len());
    for (stratum, code) in order {
        let previous: &[i64] = inp.previous_teams.get(&code).map_or(&[], Vec::as_slice);
        let mut team: Vec<i64> = Vec::new();
        for (d, pool) in inp.departments.iter().zip(&pools) {
            let n = pool.len();
            let mut taken = 0;
            if n > 0 {
                let h = sm3(&[
                    seed,
                    format!("team\t{code}\t{}", d.department_id).as_bytes(),
                ]);
                let first = (u64_of(&h) % n as u64) as usize;
                for j in 0..n {
                    if taken == d.team_size {
                        break;
                    }
                    let o = pool[(first + j) % n];
                    if team.contains(&o)
                        || previous.contains(&o)
                        || conflicts.contains(&(o, code.as_str()))
                    {
                        continue;
                    }
                    team.push(o);
                    taken += 1;
                }
            }
            if taken < d.team_size {
                return Err(Error::of(Code::SamplingNoInspectors)
                    .arg("department", &d.department)
                    .arg("code", code)
                    .arg("team_size", d.team_size)
                    .arg("card_domain", &d.card_domain));
            }
        }
        teams.push(Team {
            code,
            stratum,
            officers: team,
        });
    }
    Ok(DrawOutcome { selected, teams })
}

/// Quota rule of one stratum: a percentage of its candidates (rounded up) or a fixed count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum QuotaRule {
    /// Percent, 0–100.
    Ratio(u32),
    Count(u32),
}

impl QuotaRule {
    /// How many of `n` candidates to draw.
    pub fn quota(self, n: usize) -> usize {
        match self {
            QuotaRule::Ratio(p) => (n * p.min(100) as usize).div_ceil(100).min(n),
            QuotaRule::Count(c) => (c as usize).min(n),
        }
    }
}

/// Checks the stratum rules of a task, given in ascending order of risk: percentages within
/// 0–100 and, where two neighbours are both percentages, never lower for the higher risk
/// (差异化监管: 优化营商环境条例 第五十四条 with 市场主体登记管理条例 第三十八条 —
/// supervision graded by credit and risk).
pub fn check_rules(rules: &[(String, QuotaRule)]) -> Result<()> {
    for (k, r) in rules {
        if let QuotaRule::Ratio(p) = r
            && *p > 100
        {
            return Err(Error::of(Code::SamplingRatio)
                .for_field("quotas")
                .arg("stratum", k));
        }
    }
    for w in rules.windows(2) {
        if let (QuotaRule::Ratio(lo), QuotaRule::Ratio(hi)) = (w[0].1, w[1].1)
            && hi < lo
        {
            return Err(Error::of(Code::SamplingRatioOrder)
                .for_field("quotas")
                .arg("higher", &w[1].0)
                .arg("hi", hi)
                .arg("lower", &w[0].0)
                .arg("lo", lo));
        }
    }
    if rules
        .iter()
        .all(|(_, r)| matches!(r, QuotaRule::Ratio(0) | QuotaRule::Count(0)))
    {
        return Err(Error::of(Code::SamplingQuotaZero).for_field("quotas"));
    }
    Ok(())
}

/// The outcome of checking an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    pub ok: bool,
    /// What does not match, in English (empty when `ok`).
    pub problems: Vec<String>,
}

/// Re-runs a published draw from its export and compares everything: the commitment against
/// the revealed seed, both digests against the published inputs, the selection and the teams.
pub fn verify_export(e: &DrawExport) -> VerifyReport {
    let mut problems = Vec::new();
    if e.format != EXPORT_FORMAT {
        problems.push(format!("unknown format {:?}", e.format));
    }
    match parse_seed(&e.seed) {
        Err(_) => problems.push("the seed is not 64 hex digits".into()),
        Ok(seed) => {
            if seed_commitment(&seed) != e.seed_commitment {
                problems.push("SM3(seed) does not match seed_commitment".into());
            }
            let inp = e.inputs();
            if candidates_digest(&inp.strata) != e.candidates_digest {
                problems.push("the candidate list does not match candidates_digest".into());
            }
            if team_inputs_digest(&inp) != e.team_inputs_digest {
                problems.push("the team inputs do not match team_inputs_digest".into());
            }
            match run_draw(&seed, &inp) {
                Err(err) => {
                    problems.push(format!("the draw cannot be re-run: {}", err.message_en()))
                }
                Ok(out) => {
                    if out.selected != e.selected {
                        problems.push("the selected subjects differ from the re-run".into());
                    }
                    if out.teams != e.teams {
                        problems.push("the teams differ from the re-run".into());
                    }
                }
            }
        }
    }
    VerifyReport {
        ok: problems.is_empty(),
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn officer(id: i64, domain: &str, from: &str, until: &str, status: &str) -> Inspector {
        Inspector {
            id,
            name: format!("o{id}"),
            card_no: format!("C{id}"),
            card_domains: vec![domain.into()],
            card_issued_on: from.into(),
            card_valid_until: until.into(),
            card_status: status.into(),
        }
    }

    fn inputs(n_candidates: usize, quotas: [usize; 2], officers: Vec<Inspector>) -> DrawInputs {
        let codes: Vec<String> = (0..n_candidates)
            .map(|i| {
                crate::ids::UnifiedSocialCreditCode::generate('9', '1', "120116", i as u64)
                    .map(|c| c.as_str().to_string())
                    .unwrap_or_default()
            })
            .collect();
        let (a, b) = codes.split_at(n_candidates / 2);
        let mut a = a.to_vec();
        let mut b = b.to_vec();
        a.sort();
        b.sort();
        DrawInputs {
            window_start: "2024-05-01".into(),
            window_end: "2024-06-30".into(),
            strata: vec![
                Stratum {
                    key: "A".into(),
                    label: String::new(),
                    quota: quotas[0],
                    candidates: a,
                },
                Stratum {
                    key: "D".into(),
                    label: String::new(),
                    quota: quotas[1],
                    candidates: b,
                },
            ],
            departments: vec![DeptPool {
                department_id: 1,
                department: "区市场监管局".into(),
                role: "lead".into(),
                card_domain: "食品安全".into(),
                team_size: 2,
                matters: vec![],
                inspectors: officers,
            }],
            conflicts: vec![],
            previous_teams: BTreeMap::new(),
        }
    }

    fn valid(n: i64) -> Vec<Inspector> {
        (1..=n)
            .map(|i| officer(i, "食品安全", "2023-01-01", "2027-12-31", "valid"))
            .collect()
    }

    const SEED: [u8; 32] = [7u8; 32];

    #[test]
    fn stratum_quotas_are_met_by_smallest_keys() {
        let inp = inputs(40, [3, 5], valid(6));
        let out = run_draw(&SEED, &inp).expect("draw");
        assert_eq!(out.selected["A"].len(), 3);
        assert_eq!(out.selected["D"].len(), 5);
        let mut keys: Vec<(String, String)> = inp.strata[1]
            .candidates
            .iter()
            .map(|c| (hex::encode(draw_key(&SEED, c)), c.clone()))
            .collect();
        keys.sort();
        let expect: Vec<String> = keys.into_iter().take(5).map(|k| k.1).collect();
        assert_eq!(out.selected["D"], expect);
        assert_eq!(out.teams.len(), 8);
        assert!(out.teams.iter().all(|t| t.officers.len() == 2));
    }

    #[test]
    fn quota_rules() {
        assert_eq!(QuotaRule::Ratio(5).quota(101), 6);
        assert_eq!(QuotaRule::Ratio(100).quota(7), 7);
        assert_eq!(QuotaRule::Count(9).quota(4), 4);
        let ok = vec![
            ("A".into(), QuotaRule::Ratio(3)),
            ("B".into(), QuotaRule::Ratio(5)),
            ("C".into(), QuotaRule::Count(4)),
            ("D".into(), QuotaRule::Ratio(20)),
        ];
        assert!(check_rules(&ok).is_ok());
        let lower = vec![
            ("A".into(), QuotaRule::Ratio(10)),
            ("B".into(), QuotaRule::Ratio(5)),
        ];
        assert!(
            check_rules(&lower).is_err(),
            "higher risk must not draw less"
        );
        assert!(check_rules(&[("A".into(), QuotaRule::Ratio(0))]).is_err());
    }

    #[test]
    fn only_officers_with_a_card_valid_for_the_domain_over_the_window() {
        let mut o = valid(2);
        o.push(officer(3, "产品质量", "2023-01-01", "2027-12-31", "valid"));
        o.push(officer(4, "食品安全", "2024-06-01", "2027-12-31", "valid"));
        o.push(officer(5, "食品安全", "2020-01-01", "2024-06-15", "valid"));
        o.push(officer(
            6,
            "食品安全",
            "2020-01-01",
            "2027-12-31",
            "suspended",
        ));
        let out = run_draw(&SEED, &inputs(30, [4, 4], o)).expect("draw");
        for t in &out.teams {
            assert!(t.officers.iter().all(|id| *id <= 2), "{t:?}");
        }
    }

    #[test]
    fn avoidance_and_no_consecutive_repeat() {
        let mut inp = inputs(20, [5, 5], valid(4));
        let first = run_draw(&SEED, &inp).expect("draw");
        let target = first.teams[0].clone();
        inp.conflicts.push(Conflict {
            officer_id: target.officers[0],
            code: target.code.clone(),
        });
        let other = &first.teams[1];
        inp.previous_teams
            .insert(other.code.clone(), other.officers.clone());
        let again = run_draw(&SEED, &inp).expect("draw");
        let t0 = again
            .teams
            .iter()
            .find(|t| t.code == target.code)
            .expect("still drawn");
        assert!(
            !t0.officers.contains(&target.officers[0]),
            "conflicted officer sent"
        );
        let t1 = again
            .teams
            .iter()
            .find(|t| t.code == other.code)
            .expect("still drawn");
        assert!(
            t1.officers.iter().all(|o| !other.officers.contains(o)),
            "same officer twice in a row"
        );
        // With too few officers left the draw refuses rather than breaking a rule.
        let mut tight = inputs(20, [5, 5], valid(3));
        let code = tight.strata[0].candidates[0].clone();
        tight.strata[0].quota = 10;
        tight.previous_teams.insert(code, vec![1, 2]);
        assert!(run_draw(&SEED, &tight).is_err());
    }

    fn export(inp: &DrawInputs) -> DrawExport {
        let out = run_draw(&SEED, inp).expect("draw");
        DrawExport {
            format: EXPORT_FORMAT.into(),
            task_id: 1,
            task_no: "SJ2024-0001".into(),
            title: String::new(),
            domain: "食品销售".into(),
            year: 2024,
            seed: hex::encode(SEED),
            seed_commitment: seed_commitment(&SEED),
            candidates_digest: candidates_digest(&inp.strata),
            team_inputs_digest: team_inputs_digest(inp),
            window_start: inp.window_start.clone(),
            window_end: inp.window_end.clone(),
            strata: inp.strata.clone(),
            departments: inp.departments.clone(),
            conflicts: inp.conflicts.clone(),
            previous_teams: inp.previous_teams.clone(),
            selected: out.selected,
            teams: out.teams,
            committed_at: String::new(),
            drawn_at: String::new(),
        }
    }

    #[test]
    fn commitment_is_checked_against_the_revealed_seed() {
        let e = export(&inputs(20, [2, 2], valid(4)));
        assert!(verify_export(&e).ok);
        let mut other = e.clone();
        other.seed = hex::encode([8u8; 32]);
        let rep = verify_export(&other);
        assert!(!rep.ok);
        assert!(rep.problems.iter().any(|p| p.contains("seed_commitment")));
    }

    #[test]
    fn tampered_exports_are_detected() {
        let e = export(&inputs(20, [2, 2], valid(4)));
        let mut t = e.clone();
        let swapped = t.strata[0].candidates.pop().expect("a candidate");
        t.selected.insert("A".into(), vec![swapped]);
        assert!(!verify_export(&t).ok);
        let mut t = e.clone();
        t.teams[0].officers.reverse();
        assert!(!verify_export(&t).ok);
        let mut t = e.clone();
        t.departments[0].inspectors[0].card_status = "revoked".into();
        assert!(
            verify_export(&t)
                .problems
                .iter()
                .any(|p| p.contains("team_inputs_digest"))
        );
        let mut t = e;
        t.strata[1].quota += 1;
        assert!(
            verify_export(&t)
                .problems
                .iter()
                .any(|p| p.contains("candidates_digest"))
        );
    }
}
