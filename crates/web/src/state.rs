//! Shared state: the database and the holiday calendar the administrators maintain.

use std::sync::{Arc, RwLock};

use fazhi_core::calendar::{HolidayCalendar, load_calendar};
use fazhi_core::db::Db;
use fazhi_core::law::load_corpus;
use fazhi_law::Corpus;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    calendar: Arc<RwLock<Arc<HolidayCalendar>>>,
    corpus: Arc<RwLock<Arc<Corpus>>>,
    /// Set when the server sits behind TLS termination: cookies get `Secure`.
    pub secure_cookies: bool,
}

impl AppState {
    /// Loads the calendar from the database.
    pub async fn new(db: Db, secure_cookies: bool) -> fazhi_core::Result<AppState> {
        let cal = load_calendar(&db).await?;
        let corpus = load_corpus(&db).await?;
        Ok(AppState {
            db,
            calendar: Arc::new(RwLock::new(Arc::new(cal))),
            corpus: Arc::new(RwLock::new(Arc::new(corpus))),
            secure_cookies,
        })
    }

    /// The current calendar (a cheap shared snapshot).
    pub fn calendar(&self) -> Arc<HolidayCalendar> {
        match self.calendar.read() {
            Ok(c) => c.clone(),
            Err(p) => p.into_inner().clone(),
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
        let c = Arc::new(load_corpus(&self.db).await?);
        match self.corpus.write() {
            Ok(mut g) => *g = c,
            Err(p) => *p.into_inner() = c,
        }
        Ok(())
    }

    /// Re-reads the calendar after an administrator changed it.
    pub async fn reload_calendar(&self) -> fazhi_core::Result<()> {
        let cal = Arc::new(load_calendar(&self.db).await?);
        match self.calendar.write() {
            Ok(mut c) => *c = cal,
            Err(p) => *p.into_inner() = cal,
        }
        Ok(())
    }
}
