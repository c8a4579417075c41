//! `fazhi calendar …`: working-day arithmetic from outside, on the official holiday notices.

use anyhow::Result;
use chrono::NaiveDate;
use clap::Subcommand;
use fazhi_core::calendar::{HolidayCalendar, SEED_TOML, load_calendar};

use crate::{bilingual, open};

#[derive(Subcommand)]
pub enum CalendarCmd {
    /// A period's last day: `--working-days N` counts working days, `--days N` calendar days
    /// (a last day off rolls to the next working day). The start day is not counted (民法典
    /// 第二百零一条; 第二百零三条 for the roll). Prints `{"date","confirmed"}` with `--json`;
    /// `confirmed` is false when a day outside the holiday notices on record was used.
    Add {
        /// Start date (YYYY-MM-DD), not counted.
        #[arg(long)]
        from: String,
        #[arg(long, conflicts_with = "days", required_unless_present = "days")]
        working_days: Option<u32>,
        #[arg(long)]
        days: Option<u32>,
        /// Database whose calendar to use (its edited notices); without it, the notices
        /// shipped in the binary.
        #[arg(long, env = "FAZHI_DB")]
        db: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(cmd: CalendarCmd) -> Result<u8> {
    match cmd {
        CalendarCmd::Add {
            from,
            working_days,
            days,
            db,
            json,
        } => add(&from, working_days, days, db.as_deref(), json).await,
    }
}

async fn add(
    from: &str,
    working_days: Option<u32>,
    days: Option<u32>,
    db: Option<&str>,
    json: bool,
) -> Result<u8> {
    let Ok(start) = from.trim().parse::<NaiveDate>() else {
        eprintln!("日期格式应为 YYYY-MM-DD：{from}\nThe date must be YYYY-MM-DD: {from}");
        return Ok(2);
    };
    let cal = match db {
        Some(db) => load_calendar(&open(db).await?).await.map_err(bilingual)?,
        None => HolidayCalendar::from_toml_str(SEED_TOML)?,
    };
    let result = match (working_days, days) {
        (Some(n), None) => cal.add_working_days(start, n),
        (None, Some(n)) => cal.add_calendar_days(start, n),
        _ => {
            eprintln!(
                "请给出 --working-days N 或 --days N 之一。\nGive one of --working-days N or --days N."
            );
            return Ok(2);
        }
    };
    let d = match result {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{}\n{}", e.message_zh(), e.message_en());
            return Ok(2);
        }
    };
    if json {
        // Fields in the order the interface documents them.
        println!("{{\"date\":\"{}\",\"confirmed\":{}}}", d.date, d.confirmed);
    } else {
        let note = if d.confirmed {
            "已确认 / confirmed"
        } else {
            "未确认：用到了尚无放假通知的年份 / unconfirmed: a year without a holiday notice was used"
        };
        println!("{}（{note}）", d.date);
    }
    Ok(0)
}
