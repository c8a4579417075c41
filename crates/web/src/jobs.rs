//! Work a server does by itself: the daily check of the law in force (docs/law-in-force.md).

use std::time::Duration;

use fazhi_core::BINHAI_REGION;

use crate::state::AppState;

/// How often the job wakes: the run itself happens once per day and region, whichever
/// instance gets there first (`law::currency::run` records the day).
const WAKE: Duration = Duration::from_secs(3600);

/// Runs the law-currency check now and then every hour (once per day in effect), so repeals
/// and replacements open proposals and flags without anyone asking.
pub fn spawn_law_currency(state: AppState) {
    tokio::spawn(async move {
        loop {
            let today = fazhi_core::time::today();
            let corpus = state.corpus();
            match fazhi_core::law::currency::run(&state.db, &corpus, BINHAI_REGION, today).await {
                Ok(r) if r.ran => tracing::info!(
                    on = %r.on,
                    items = r.items,
                    proposals_opened = r.proposals_opened,
                    flags_opened = r.flags_opened,
                    "law currency check"
                ),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "law currency check failed"),
            }
            tokio::time::sleep(WAKE).await;
        }
    });
}
