//! Shared state: the database and the holiday calendar the administrators maintain.
//!
//! The calendar and the corpus are cached per instance; a watcher compares their version
//! counters in the database every [`WATCH`] and reloads what another instance changed.

use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use fazhi_core::calendar::{HolidayCalendar, load_calendar};
use fazhi_core::db::Db;
use fazhi_core::law::load_corpus;
use fazhi_core::org::{DepartmentRow, list_departments};
use fazhi_law::Corpus;

/// How often an instance compares the cache counters with the database.
pub const WATCH: Duration = Duration::from_secs(1);

/// The cached department tree: when read, for which region, the rows.
type DeptCache = (Instant, String, Arc<Vec<DepartmentRow>>);

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    calendar: Arc<RwLock<Arc<HolidayCalendar>>>,
    corpus: Arc<RwLock<Arc<Corpus>>>,
    departments: Arc<Mutex<Option<DeptCache>>>,
    /// Set when the server sits behind TLS termination: cookies get `Secure`.
    pub secure_cookies: bool,
    /// Rate limits, client address and access log (issue 15).
    pub security: Arc<crate::security::Security>,
    /// The key that signs the login form's anti-forgery token (shared by every instance).
    pub form_key: Arc<String>,
}

impl AppState {
    /// Loads the calendar and the corpus, and starts the watcher that follows what other
    /// instances change.
    pub async fn new(db: Db, secure_cookies: bool) -> fazhi_core::Result<AppState> {
        let seen = fazhi_core::db::versions::read(&db).await?;
        let cal = load_calendar(&db).await?;
        let corpus = load_corpus(&db).await?;
        let form_key = fazhi_core::auth::server_key(&db, "login_form").await?;
        let st = AppState {
            db,
            calendar: Arc::new(RwLock::new(Arc::new(cal))),
            corpus: Arc::new(RwLock::new(Arc::new(corpus))),
            departments: Arc::new(Mutex::new(None)),
            secure_cookies,
            security: crate::security::Security::new(crate::security::SecurityConfig::from_env()),
            form_key: Arc::new(form_key),
        };
        st.watch(seen);
        Ok(st)
    }

    /// Reloads the calendar or the corpus when its counter moved; ends when the state is gone
    /// (it holds only weak references).
    fn watch(&self, mut seen: std::collections::BTreeMap<String, i64>) {
        use fazhi_core::db::versions::{CALENDAR, CORPUS, read};
        let db = self.db.clone();
        let cal = Arc::downgrade(&self.calendar);
        let corpus = Arc::downgrade(&self.corpus);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(WATCH).await;
                let (Some(cal), Some(corpus)) = (cal.upgrade(), corpus.upgrade()) else {
                    return;
                };
                let Ok(now) = read(&db).await else {
                    continue;
                };
                let (cal_moved, corpus_moved) = (
                    now.get(CALENDAR) != seen.get(CALENDAR),
                    now.get(CORPUS) != seen.get(CORPUS),
                );
                // A counter is taken as seen only once its reload succeeded (else retried).
                if cal_moved {
                    match load_calendar(&db).await {
                        Ok(c) => {
                            fazhi_core::supervision::checks::Checker::invalidate();
                            replace(&cal, c);
                            seen.insert(CALENDAR.into(), now.get(CALENDAR).copied().unwrap_or(0));
                            tracing::info!("calendar reloaded: changed in the database");
                        }
                        Err(e) => tracing::warn!(error = %e, "calendar reload failed"),
                    }
                }
                if corpus_moved {
                    match load_corpus(&db).await {
                        Ok(c) => {
                            fazhi_core::supervision::checks::Checker::invalidate();
                            replace(&corpus, c);
                            seen.insert(CORPUS.into(), now.get(CORPUS).copied().unwrap_or(0));
                            tracing::info!("corpus reloaded: changed in the database");
                        }
                        Err(e) => tracing::warn!(error = %e, "corpus reload failed"),
                    }
                }
            }
        });
    }

    /// The same state with other security settings (tests, embedding).
    pub fn with_security(mut self, config: crate::security::SecurityConfig) -> AppState {
        self.security = crate::security::Security::new(config);
        self
    }

    /// The current calendar (a cheap shared snapshot).
    pub fn calendar(&self) -> Arc<HolidayCalendar> {
        match self.calendar.read() {
            Ok(c) => c.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    /// The department tree for filters and forms, cached for a few seconds: every list page
    /// renders it, and it changes rarely. Officer counts in it may lag by that much; pages that
    /// show counts read `list_departments` directly.
    pub async fn departments(&self, region: &str) -> fazhi_core::Result<Arc<Vec<DepartmentRow>>> {
        const TTL: Duration = Duration::from_secs(10);
        if let Ok(g) = self.departments.lock()
            && let Some((at, r, rows)) = g.as_ref()
            && at.elapsed() < TTL
            && r == region
        {
            return Ok(rows.clone());
        }
        let rows = Arc::new(list_departments(&self.db, region).await?);
        if let Ok(mut g) = self.departments.lock() {
            *g = Some((Instant::now(), region.to_string(), rows.clone()));
        }
        Ok(rows)
    }

    /// Drops the cached department tree after a change.
    pub fn departments_changed(&self) {
        if let Ok(mut g) = self.departments.lock() {
            *g = None;
        }
    }

    /// The legal corpus (a cheap shared snapshot).
    pub fn corpus(&self) -> Arc<Corpus> {
        match self.corpus.read() {
            Ok(c) => c.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    /// Re-parses the stored statutes after an import.
    pub async fn reload_corpus(&self) -> fazhi_core::Result<()> {
        // The case-file checker keeps its own copy of the statutes and calendar.
        fazhi_core::supervision::checks::Checker::invalidate();
        let c = Arc::new(load_corpus(&self.db).await?);
        match self.corpus.write() {
            Ok(mut g) => *g = c,
            Err(p) => *p.into_inner() = c,
        }
        Ok(())
    }

    /// Re-reads the calendar after an administrator changed it.
    pub async fn reload_calendar(&self) -> fazhi_core::Result<()> {
        fazhi_core::supervision::checks::Checker::invalidate();
        let cal = Arc::new(load_calendar(&self.db).await?);
        match self.calendar.write() {
            Ok(mut c) => *c = cal,
            Err(p) => *p.into_inner() = cal,
        }
        Ok(())
    }
}

fn replace<T>(slot: &RwLock<Arc<T>>, value: T) {
    let v = Arc::new(value);
    match slot.write() {
        Ok(mut g) => *g = v,
        Err(p) => *p.into_inner() = v,
    }
}
