//! Errors of the calendar module, bilingual.

use chrono::NaiveDate;

/// Everything that can go wrong loading notices or computing deadlines.
/// `Display` is the English message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message_en())]
pub enum CalendarError {
    /// The text is not valid TOML or does not have the expected shape.
    Toml { detail: String },
    /// `schema` is missing or not a supported version.
    UnsupportedSchema { found: Option<i64> },
    /// A `[years.X]` key is not a year number.
    InvalidYearKey { key: String },
    /// The year cannot be represented as a date.
    YearOutOfRange { year: i32 },
    /// A date string does not parse as `YYYY-MM-DD`.
    InvalidDate {
        year: i32,
        field: &'static str,
        value: String,
    },
    /// A date listed under one year lies in another year.
    DateOutsideYear { year: i32, date: NaiveDate },
    /// A date is listed both as a holiday and as a workday.
    HolidayAndWorkday { year: i32, date: NaiveDate },
    /// An adjusted workday falls on Monday–Friday.
    WorkdayNotWeekend { year: i32, date: NaiveDate },
    /// A date is listed twice in the same list.
    DuplicateDate {
        year: i32,
        field: &'static str,
        date: NaiveDate,
    },
    /// A required text field is blank.
    EmptyField { year: i32, field: &'static str },
    /// `add_year` for a year that already has a notice.
    YearExists { year: i32 },
    /// `replace_year` for a year without a notice.
    YearUnknown { year: i32 },
    /// A deadline computation would leave the supported range.
    OutOfRange { start: NaiveDate, amount: i64 },
}

impl CalendarError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Toml { .. } => "calendar.toml_invalid",
            Self::UnsupportedSchema { .. } => "calendar.schema_unsupported",
            Self::InvalidYearKey { .. } => "calendar.year_key_invalid",
            Self::YearOutOfRange { .. } => "calendar.year_out_of_range",
            Self::InvalidDate { .. } => "calendar.date_invalid",
            Self::DateOutsideYear { .. } => "calendar.date_outside_year",
            Self::HolidayAndWorkday { .. } => "calendar.holiday_and_workday",
            Self::WorkdayNotWeekend { .. } => "calendar.workday_not_weekend",
            Self::DuplicateDate { .. } => "calendar.date_duplicate",
            Self::EmptyField { .. } => "calendar.field_empty",
            Self::YearExists { .. } => "calendar.year_exists",
            Self::YearUnknown { .. } => "calendar.year_unknown",
            Self::OutOfRange { .. } => "calendar.out_of_range",
        }
    }

    /// Message in Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            Self::Toml { detail } => format!("节假日数据格式错误：{detail}"),
            Self::UnsupportedSchema { found: Some(v) } => {
                format!("不支持的节假日数据版本 schema = {v}（应为 1）")
            }
            Self::UnsupportedSchema { found: None } => {
                "节假日数据缺少 schema 字段（应为 1）".into()
            }
            Self::InvalidYearKey { key } => format!("年份“{key}”不是有效的年份"),
            Self::YearOutOfRange { year } => format!("年份 {year} 超出支持范围"),
            Self::InvalidDate { year, field, value } => {
                format!("{year} 年 {field} 中的日期“{value}”无效，应为 YYYY-MM-DD 格式")
            }
            Self::DateOutsideYear { year, date } => {
                format!("日期 {date} 不属于 {year} 年，不能列入该年度通知")
            }
            Self::HolidayAndWorkday { year, date } => {
                format!("{year} 年通知中 {date} 同时被列为放假日和调休上班日")
            }
            Self::WorkdayNotWeekend { year, date } => {
                format!("{year} 年通知中调休上班日 {date} 不是周六或周日")
            }
            Self::DuplicateDate { year, field, date } => {
                format!("{year} 年 {field} 中日期 {date} 重复")
            }
            Self::EmptyField { year, field } => format!("{year} 年通知的 {field} 不能为空"),
            Self::YearExists { year } => format!("{year} 年的节假日通知已存在，请使用替换"),
            Self::YearUnknown { year } => format!("尚无 {year} 年的节假日通知"),
            Self::OutOfRange { start, amount } => {
                format!("从 {start} 起计算 {amount} 的期限超出支持范围")
            }
        }
    }

    /// Message in English.
    pub fn message_en(&self) -> String {
        match self {
            Self::Toml { detail } => format!("invalid holiday data: {detail}"),
            Self::UnsupportedSchema { found: Some(v) } => {
                format!("unsupported holiday data schema = {v} (expected 1)")
            }
            Self::UnsupportedSchema { found: None } => {
                "holiday data lacks schema (expected 1)".into()
            }
            Self::InvalidYearKey { key } => format!("year key \"{key}\" is not a valid year"),
            Self::YearOutOfRange { year } => format!("year {year} is out of the supported range"),
            Self::InvalidDate { year, field, value } => {
                format!("year {year}, {field}: invalid date \"{value}\" (expected YYYY-MM-DD)")
            }
            Self::DateOutsideYear { year, date } => {
                format!("date {date} is listed in the notice for {year} but lies in another year")
            }
            Self::HolidayAndWorkday { year, date } => {
                format!("year {year}: {date} is listed both as a holiday and as a workday")
            }
            Self::WorkdayNotWeekend { year, date } => {
                format!("year {year}: adjusted workday {date} is not a Saturday or Sunday")
            }
            Self::DuplicateDate { year, field, date } => {
                format!("year {year}, {field}: date {date} is listed twice")
            }
            Self::EmptyField { year, field } => format!("year {year}: {field} must not be empty"),
            Self::YearExists { year } => {
                format!("a holiday notice for {year} already exists; replace it instead")
            }
            Self::YearUnknown { year } => format!("no holiday notice for {year}"),
            Self::OutOfRange { start, amount } => {
                format!("a period of {amount} from {start} is out of the supported range")
            }
        }
    }
}
