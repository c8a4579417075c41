//! `fazhi sampling bench`: a stratified draw over N synthetic subjects with team assignment
//! from M officers, timed beside one plain scan of the same candidates (one SM3 per code,
//! keeping the smallest — the least work any SM3-keyed draw must do). See docs/sampling.md.

use std::time::{Duration, Instant};

use fazhi_core::ids::UnifiedSocialCreditCode;
use fazhi_core::sampling::draw::{DeptPool, DrawInputs, Inspector, Stratum, draw_key, run_draw};
use fazhi_core::{BINHAI_REGION, Error, Result};

/// What one run measured.
#[derive(Debug, Clone)]
pub struct BenchReport {
    pub subjects: usize,
    pub officers: usize,
    pub selected: usize,
    pub plain_scan: Duration,
    pub draw: Duration,
}

/// Builds the synthetic inputs: risk grades 40/35/18/7 %, quotas 3/5/10/20 %, the officers
/// in four departments sending one officer each (teams of four).
pub fn inputs(subjects: usize, officers: usize) -> Result<DrawInputs> {
    let mut strata: Vec<Stratum> = [("A", 3), ("B", 5), ("C", 10), ("D", 20)]
        .iter()
        .map(|(k, _)| Stratum {
            key: (*k).into(),
            label: String::new(),
            quota: 0,
            candidates: Vec::new(),
        })
        .collect();
    for i in 0..subjects {
        let code = UnifiedSocialCreditCode::generate('9', '1', BINHAI_REGION, i as u64)
            .map_err(|e| Error::Internal(e.message_en()))?;
        let g = match i % 100 {
            0..=39 => 0,
            40..=74 => 1,
            75..=92 => 2,
            _ => 3,
        };
        strata[g].candidates.push(code.as_str().to_string());
    }
    for (s, pct) in strata.iter_mut().zip([3usize, 5, 10, 20]) {
        s.candidates.sort();
        s.quota = (s.candidates.len() * pct).div_ceil(100);
    }
    let departments = (0..4)
        .map(|d| DeptPool {
            department_id: d + 1,
            department: format!("部门{}", d + 1),
            role: if d == 0 {
                "lead".into()
            } else {
                "participant".into()
            },
            card_domain: "综合行政执法".into(),
            team_size: 1,
            matters: Vec::new(),
            inspectors: (0..officers / 4)
                .map(|k| Inspector {
                    id: (d as usize * officers + k) as i64 + 1,
                    name: String::new(),
                    card_no: String::new(),
                    card_domains: vec!["综合行政执法".into()],
                    card_issued_on: "2024-01-01".into(),
                    card_valid_until: "2028-12-31".into(),
                    card_status: "valid".into(),
                })
                .collect(),
        })
        .collect();
    Ok(DrawInputs {
        window_start: "2024-05-01".into(),
        window_end: "2024-06-30".into(),
        strata,
        departments,
        conflicts: Vec::new(),
        previous_teams: Default::default(),
    })
}

/// Times one plain scan and one full draw over the same inputs.
pub fn run(subjects: usize, officers: usize) -> Result<BenchReport> {
    let inp = inputs(subjects, officers)?;
    let seed: [u8; 32] = rand::random();
    let t0 = Instant::now();
    let mut min = [0xffu8; 32];
    for s in &inp.strata {
        for c in &s.candidates {
            min = min.min(draw_key(&seed, c));
        }
    }
    std::hint::black_box(min);
    let plain_scan = t0.elapsed();
    let t1 = Instant::now();
    let out = run_draw(&seed, &inp)?;
    let draw = t1.elapsed();
    Ok(BenchReport {
        subjects,
        officers,
        selected: out.teams.len(),
        plain_scan,
        draw,
    })
}
