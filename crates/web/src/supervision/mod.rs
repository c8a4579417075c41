//! Supervision pages (执法监督): dashboard, assessments, bulletins, alerts, instruments, and
//! the case-file review desk.

mod assess;
mod procedure;
mod review;

use crate::routes::Route;

/// Routes of the module.
pub fn routes() -> Vec<Route> {
    let mut v = assess::routes();
    v.extend(review::routes());
    v.extend(procedure::routes());
    v
}
