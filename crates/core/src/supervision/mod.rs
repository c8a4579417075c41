//! Enforcement supervision (执法监督, issue 8): indicators per body and month computed from the
//! records, the monthly assessment under a versioned scheme with the interview list (约谈),
//! quarterly bulletins, alerts, supervision instruments, and the case-file review (案卷评查)
//! with its automatic checks.

pub mod assessment;
pub mod checks;
pub mod review;
pub mod stats;
