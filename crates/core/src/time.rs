//! Time conventions: store UTC epoch milliseconds, show Asia/Shanghai (UTC+8, no DST since 1991).

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};

/// Now, as epoch milliseconds UTC.
pub fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

/// China Standard Time. A fixed offset is exact for any date after 1991.
pub fn cst() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero"))
}

/// Epoch milliseconds → local date-time text `YYYY-MM-DD HH:MM:SS`.
pub fn fmt_ms(ms: i64) -> String {
    match cst().timestamp_millis_opt(ms).single() {
        Some(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
        None => String::from("-"),
    }
}

/// Today's date in Asia/Shanghai.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&cst()).date_naive()
}

/// Local midnight of a date, as epoch milliseconds.
pub fn date_start_ms(d: NaiveDate) -> i64 {
    let dt: DateTime<FixedOffset> = match d.and_hms_opt(0, 0, 0) {
        Some(n) => match cst().from_local_datetime(&n).single() {
            Some(t) => t,
            None => return 0,
        },
        None => return 0,
    };
    dt.timestamp_millis()
}
