//! Money as integer fen (分): no floating point anywhere, so fines and fees
//! add up exactly.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Errors of amount parsing. `Display` is English.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message_en())]
pub enum MoneyError {
    /// Nothing but whitespace or a currency sign.
    Empty,
    /// Not a number of the form `1234.56` / `1,234.56`.
    InvalidFormat { input: String },
    /// Thousands separators in the wrong places (e.g. `12,34`).
    BadGrouping { input: String },
    /// More than two decimal places (smaller than 1 分).
    TooManyDecimals { input: String },
    /// A negative amount where only non-negative ones are allowed.
    Negative { input: String },
    /// Too large for the `i64` fen representation.
    Overflow { input: String },
}

impl MoneyError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "money.empty",
            Self::InvalidFormat { .. } => "money.invalid_format",
            Self::BadGrouping { .. } => "money.bad_grouping",
            Self::TooManyDecimals { .. } => "money.too_many_decimals",
            Self::Negative { .. } => "money.negative",
            Self::Overflow { .. } => "money.overflow",
        }
    }

    /// Message in Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            Self::Empty => "请输入金额".to_string(),
            Self::InvalidFormat { input } => {
                format!("金额“{input}”格式不正确，应为如 1234.56 或 1,234.56 的数字")
            }
            Self::BadGrouping { input } => {
                format!("金额“{input}”的千位分隔符位置不正确，应每三位一个逗号")
            }
            Self::TooManyDecimals { input } => {
                format!("金额“{input}”最多保留两位小数（精确到分）")
            }
            Self::Negative { input } => format!("金额“{input}”不能为负数"),
            Self::Overflow { input } => format!("金额“{input}”超出可处理的范围"),
        }
    }

    /// Message in English.
    pub fn message_en(&self) -> String {
        match self {
            Self::Empty => "please enter an amount".to_string(),
            Self::InvalidFormat { input } => {
                format!("amount \"{input}\" is not a number like 1234.56 or 1,234.56")
            }
            Self::BadGrouping { input } => {
                format!("amount \"{input}\": thousands separators must group exactly three digits")
            }
            Self::TooManyDecimals { input } => {
                format!("amount \"{input}\" has more than two decimal places (1 fen precision)")
            }
            Self::Negative { input } => format!("amount \"{input}\" must not be negative"),
            Self::Overflow { input } => format!("amount \"{input}\" is too large"),
        }
    }
}

/// An amount in fen (分, 1/100 yuan). Serialises as the plain fen integer.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(i64);

const FEN_PER_YUAN: u64 = 100;
const FEN_PER_WAN: u64 = 1_000_000;
const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

impl Money {
    /// Zero yuan.
    pub const ZERO: Money = Money(0);

    /// From an amount in fen.
    pub const fn from_fen(fen: i64) -> Self {
        Money(fen)
    }

    /// From whole yuan; `None` on overflow.
    pub const fn from_yuan(yuan: i64) -> Option<Self> {
        match yuan.checked_mul(FEN_PER_YUAN as i64) {
            Some(fen) => Some(Money(fen)),
            None => None,
        }
    }

    /// The amount in fen.
    pub const fn fen(self) -> i64 {
        self.0
    }

    /// Sum, `None` on overflow.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// Difference, `None` on overflow.
    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }

    /// Parses a non-negative yuan amount: `1234.5`, `1,234.56`, `￥200`,
    /// `¥ 200`; at most two decimals. Surrounding whitespace is ignored.
    pub fn parse_yuan(input: &str) -> Result<Money, MoneyError> {
        parse(input, false)
    }

    /// Like [`Money::parse_yuan`] but also accepts a leading `-` (refunds,
    /// corrections), before or after the currency sign.
    pub fn parse_yuan_signed(input: &str) -> Result<Money, MoneyError> {
        parse(input, true)
    }

    /// `1,234.56`: thousands separators, always two decimals, `-` if negative.
    pub fn format_yuan(&self) -> String {
        let abs = self.0.unsigned_abs();
        let int = group_thousands(abs / FEN_PER_YUAN);
        format!("{}{int}.{:02}", sign(self.0), abs % FEN_PER_YUAN)
    }

    /// Chinese reading convention with two decimals: `1.33亿元` (≥ 1 亿
    /// yuan), `12.35万元` (≥ 1 万 yuan), otherwise `980.00元`. Rounded half up;
    /// a value that rounds to 10000.00万 is shown as 1.00亿.
    pub fn format_wan(&self) -> String {
        let abs = self.0.unsigned_abs();
        let (hundredths, unit) = if abs < FEN_PER_WAN {
            (abs, "元")
        } else {
            let wan = round_div(abs, FEN_PER_WAN / 100);
            if wan < 1_000_000 {
                (wan, "万元")
            } else {
                (round_div(abs, FEN_PER_WAN * 100), "亿元")
            }
        };
        format!(
            "{}{}.{:02}{unit}",
            sign(self.0),
            hundredths / 100,
            hundredths % 100
        )
    }

    /// Chinese financial capital form as printed on 处罚决定书 and receipts:
    /// `壹仟零伍元伍角`, `叁万零贰拾元零伍分`, `壹亿贰仟万元整`, `零元整`.
    ///
    /// Rules (《正确填写票据和结算凭证的基本规定》): 整 only after 元; one 零
    /// for a run of zeros inside the number; 零 between 元 and 分 when 角 is
    /// zero; amounts under one yuan start with 角/分; negative amounts get 负.
    pub fn to_capital(&self) -> String {
        let abs = self.0.unsigned_abs();
        let (yuan, jiao, fen) = (abs / 100, (abs / 10 % 10) as usize, (abs % 10) as usize);
        if abs == 0 {
            return "零元整".to_string();
        }
        let mut out = String::from(if self.0 < 0 { "负" } else { "" });
        if yuan > 0 {
            out.push_str(&capital_integer(yuan));
            out.push('元');
        }
        match (jiao, fen) {
            (0, 0) => out.push('整'),
            (0, f) => {
                if yuan > 0 {
                    out.push('零');
                }
                push_digit_unit(&mut out, f, '分');
            }
            (j, 0) => push_digit_unit(&mut out, j, '角'),
            (j, f) => {
                push_digit_unit(&mut out, j, '角');
                push_digit_unit(&mut out, f, '分');
            }
        }
        out
    }
}

impl Money {
    /// 人民币大写 as printed on enforcement instruments (执法文书): the same banking form as
    /// [`Money::to_capital`] (壹拾 with the 壹, one 零 per gap, 整 after 元), under the name
    /// the documents module uses.
    pub fn capital_zh(&self) -> String {
        self.to_capital()
    }

    /// Figures with the unit for document text: `10,000.00 元`.
    pub fn yuan_display(&self) -> String {
        format!("{} 元", self.format_yuan())
    }
}

impl fmt::Display for Money {
    /// Same as [`Money::format_yuan`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format_yuan())
    }
}

impl FromStr for Money {
    type Err = MoneyError;
    /// Same as [`Money::parse_yuan`] (non-negative).
    fn from_str(s: &str) -> Result<Self, MoneyError> {
        Money::parse_yuan(s)
    }
}

// ---- parsing ---------------------------------------------------------------

fn parse(input: &str, allow_negative: bool) -> Result<Money, MoneyError> {
    let owned = || input.trim().to_string();
    let (negative, number) = strip_sign_and_currency(input.trim());
    if number.is_empty() && !negative {
        return Err(MoneyError::Empty);
    }
    if negative && !allow_negative {
        return Err(MoneyError::Negative { input: owned() });
    }
    let (int_part, frac_part) = match number.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (number, None),
    };
    let int_digits = integer_digits(int_part).map_err(|e| e(owned()))?;
    let frac_fen = fraction_fen(frac_part).map_err(|e| e(owned()))?;
    let magnitude = digits_value(&int_digits)
        .and_then(|yuan| yuan.checked_mul(100))
        .and_then(|fen| fen.checked_add(frac_fen))
        .ok_or_else(|| MoneyError::Overflow { input: owned() })?;
    let signed = if negative { -magnitude } else { magnitude };
    i64::try_from(signed)
        .map(Money)
        .map_err(|_| MoneyError::Overflow { input: owned() })
}

/// Accepts `-￥1`, `￥-1`, `￥ 1` and `¥` (U+00A5) as well as `￥` (U+FFE5).
fn strip_sign_and_currency(s: &str) -> (bool, &str) {
    let (had_currency, s) = match strip_currency(s) {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let s = match (had_currency, negative) {
        (false, true) => strip_currency(s).unwrap_or(s),
        _ => s,
    };
    (negative, s)
}

fn strip_currency(s: &str) -> Option<&str> {
    s.strip_prefix('￥')
        .or_else(|| s.strip_prefix('¥'))
        .map(str::trim_start)
}

type ErrCtor = fn(String) -> MoneyError;

/// Integer part without separators; commas must group exactly 3 digits so
/// that a European decimal comma (`1,5`) is not misread as 15.
fn integer_digits(part: &str) -> Result<String, ErrCtor> {
    let all_digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let groups: Vec<&str> = part.split(',').collect();
    if !groups.iter().all(|g| all_digits(g)) {
        let only_commas_wrong =
            groups.len() > 1 && part.bytes().all(|b| b.is_ascii_digit() || b == b',');
        return Err(if only_commas_wrong {
            grouping_error
        } else {
            format_error
        });
    }
    let first_ok = groups.first().is_some_and(|g| g.len() <= 3) || groups.len() == 1;
    if !first_ok || groups.iter().skip(1).any(|g| g.len() != 3) {
        return Err(grouping_error);
    }
    Ok(groups.concat())
}

/// Decimal part in fen: `None` → 0, `"5"` → 50, `"05"` → 5.
fn fraction_fen(part: Option<&str>) -> Result<i128, ErrCtor> {
    let Some(f) = part else { return Ok(0) };
    if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format_error);
    }
    if f.len() > 2 {
        return Err(decimals_error);
    }
    let value = digits_value(f).ok_or(format_error as ErrCtor)?;
    Ok(if f.len() == 1 { value * 10 } else { value })
}

fn digits_value(digits: &str) -> Option<i128> {
    digits.bytes().try_fold(0i128, |acc, b| {
        acc.checked_mul(10)?.checked_add(i128::from(b - b'0'))
    })
}

fn format_error(input: String) -> MoneyError {
    MoneyError::InvalidFormat { input }
}

fn grouping_error(input: String) -> MoneyError {
    MoneyError::BadGrouping { input }
}

fn decimals_error(input: String) -> MoneyError {
    MoneyError::TooManyDecimals { input }
}

// ---- formatting ------------------------------------------------------------

fn sign(value: i64) -> &'static str {
    if value < 0 { "-" } else { "" }
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `a / b` rounded half up.
fn round_div(a: u64, b: u64) -> u64 {
    a / b + u64::from(a % b >= b.div_ceil(2))
}

fn push_digit_unit(out: &mut String, digit: usize, unit: char) {
    out.push(DIGITS[digit % 10]);
    out.push(unit);
}

/// Capital form of a positive integer, recursively by 亿 then 万 so that
/// 1e12 reads 壹万亿 and 1e16 壹亿亿. A zero gap after a section boundary
/// (e.g. 1,0005 → 壹万零伍) is written as one 零.
fn capital_integer(n: u64) -> String {
    const YI: u64 = 100_000_000;
    const WAN: u64 = 10_000;
    if n >= YI {
        join_section(
            capital_integer(n / YI),
            "亿",
            n % YI,
            YI / 10,
            capital_integer,
        )
    } else if n >= WAN {
        join_section(
            capital_below_wan(n / WAN),
            "万",
            n % WAN,
            WAN / 10,
            capital_below_wan,
        )
    } else {
        capital_below_wan(n)
    }
}

fn join_section(
    high: String,
    unit: &str,
    low: u64,
    full: u64,
    render: fn(u64) -> String,
) -> String {
    let mut out = high + unit;
    if low > 0 {
        if low < full {
            out.push('零');
        }
        out.push_str(&render(low));
    }
    out
}

/// 1..=9999 with 仟/佰/拾 units; inner zero runs become one 零, trailing
/// zeros vanish. 10 is 壹拾 (financial form always writes the 壹).
fn capital_below_wan(n: u64) -> String {
    const UNITS: [&str; 4] = ["仟", "佰", "拾", ""];
    let digits = [n / 1000 % 10, n / 100 % 10, n / 10 % 10, n % 10];
    let mut out = String::new();
    let mut pending_zero = false;
    for (digit, unit) in digits.into_iter().zip(UNITS) {
        if digit == 0 {
            pending_zero = !out.is_empty();
            continue;
        }
        if pending_zero {
            out.push('零');
            pending_zero = false;
        }
        out.push(DIGITS[digit as usize]);
        out.push_str(unit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn yuan(s: &str) -> Money {
        Money::parse_yuan(s).expect(s)
    }

    fn err(s: &str) -> &'static str {
        Money::parse_yuan(s).expect_err(s).code()
    }

    #[test]
    fn parses_common_forms() {
        assert_eq!(yuan("1234.5").fen(), 123_450);
        assert_eq!(yuan("1,234.56").fen(), 123_456);
        assert_eq!(yuan("￥200").fen(), 20_000);
        assert_eq!(yuan("¥ 200.05").fen(), 20_005);
        assert_eq!(yuan("  0.01 ").fen(), 1);
        assert_eq!(yuan("0").fen(), 0);
        assert_eq!(yuan("007").fen(), 700);
        assert_eq!(yuan("1,000,000").fen(), 100_000_000);
        assert_eq!("12.3".parse::<Money>(), Ok(Money::from_fen(1230)));
    }

    #[test]
    fn rejects_bad_forms() {
        assert_eq!(err(""), "money.empty");
        assert_eq!(err("  ￥ "), "money.empty");
        assert_eq!(err("1.234"), "money.too_many_decimals");
        assert_eq!(err("1.500"), "money.too_many_decimals");
        assert_eq!(err("12,34"), "money.bad_grouping");
        assert_eq!(err("1,5"), "money.bad_grouping");
        assert_eq!(err("1234,567"), "money.bad_grouping");
        assert_eq!(err("1,,234"), "money.bad_grouping");
        assert_eq!(err(",123"), "money.bad_grouping");
        for bad in [
            "abc", "1.2.3", ".5", "5.", "1e3", "1 000", "+5", "１２", "1.-5", "$5",
        ] {
            assert_eq!(err(bad), "money.invalid_format", "{bad}");
        }
    }

    #[test]
    fn negatives_need_the_signed_parser() {
        assert_eq!(err("-5"), "money.negative");
        assert_eq!(err("-￥5"), "money.negative");
        assert_eq!(Money::parse_yuan_signed("-5").map(Money::fen), Ok(-500));
        assert_eq!(
            Money::parse_yuan_signed("-￥1,234.5").map(Money::fen),
            Ok(-123_450)
        );
        assert_eq!(Money::parse_yuan_signed("￥-0.05").map(Money::fen), Ok(-5));
        assert_eq!(
            Money::parse_yuan_signed("--5").map_err(|e| e.code()),
            Err("money.invalid_format")
        );
    }

    #[test]
    fn overflow_is_an_error() {
        assert_eq!(yuan("92233720368547758.07").fen(), i64::MAX);
        assert_eq!(err("92233720368547758.08"), "money.overflow");
        assert_eq!(err(&"9".repeat(60)), "money.overflow");
        assert_eq!(
            Money::parse_yuan_signed("-92233720368547758.08").map(Money::fen),
            Ok(i64::MIN)
        );
        assert!(Money::parse_yuan_signed("-92233720368547758.09").is_err());
    }

    #[test]
    fn errors_are_bilingual() {
        let e = Money::parse_yuan("1.234").expect_err("3 decimals");
        assert!(e.message_zh().contains("两位小数") && e.message_zh().contains("1.234"));
        assert_eq!(e.to_string(), e.message_en());
        assert_eq!(MoneyError::Empty.message_zh(), "请输入金额");
    }

    #[test]
    fn format_yuan_groups_thousands() {
        assert_eq!(Money::from_fen(123_456).format_yuan(), "1,234.56");
        assert_eq!(Money::from_fen(5).format_yuan(), "0.05");
        assert_eq!(Money::from_fen(0).format_yuan(), "0.00");
        assert_eq!(Money::from_fen(100_000).format_yuan(), "1,000.00");
        assert_eq!(Money::from_fen(99_999).format_yuan(), "999.99");
        assert_eq!(Money::from_fen(-123_456_789).to_string(), "-1,234,567.89");
        assert_eq!(
            Money::from_fen(i64::MIN).format_yuan(),
            "-92,233,720,368,547,758.08"
        );
    }

    #[test]
    fn format_wan_convention() {
        let w = |fen: i64| Money::from_fen(fen).format_wan();
        assert_eq!(w(98_000), "980.00元");
        assert_eq!(w(999_999), "9999.99元");
        assert_eq!(w(1_000_000), "1.00万元");
        assert_eq!(w(12_345_678), "12.35万元");
        assert_eq!(w(12_344_999), "12.34万元");
        assert_eq!(w(13_300_000_000), "1.33亿元");
        assert_eq!(w(9_999_999_999), "1.00亿元"); // 9999.99999999万 rounds up to 1 亿
        assert_eq!(w(9_999_940_000), "9999.94万元");
        assert_eq!(w(-12_345_678), "-12.35万元");
        assert_eq!(w(100_000_000_000_000), "10000.00亿元"); // 1 万亿
        assert!(w(i64::MIN).starts_with('-'));
    }

    #[test]
    fn capital_examples_from_the_brief() {
        let c = |y: &str| yuan(y).to_capital();
        assert_eq!(c("10000"), "壹万元整");
        assert_eq!(c("200"), "贰佰元整");
        assert_eq!(c("1005.5"), "壹仟零伍元伍角");
        assert_eq!(c("30020.05"), "叁万零贰拾元零伍分");
        assert_eq!(c("120000000"), "壹亿贰仟万元整");
        assert_eq!(c("0"), "零元整");
        assert_eq!(c("10005"), "壹万零伍元整");
        assert_eq!(c("100000"), "壹拾万元整");
        assert_eq!(c("1010.10"), "壹仟零壹拾元壹角");
    }

    #[test]
    fn capital_zeros_and_small_amounts() {
        let c = |y: &str| yuan(y).to_capital();
        assert_eq!(c("0.05"), "伍分");
        assert_eq!(c("0.5"), "伍角");
        assert_eq!(c("0.55"), "伍角伍分");
        assert_eq!(c("1.05"), "壹元零伍分");
        assert_eq!(c("1000.05"), "壹仟元零伍分");
        assert_eq!(c("10"), "壹拾元整");
        assert_eq!(c("15"), "壹拾伍元整");
        assert_eq!(c("110"), "壹佰壹拾元整");
        assert_eq!(c("101"), "壹佰零壹元整");
        assert_eq!(c("1001"), "壹仟零壹元整");
        assert_eq!(c("1680.32"), "壹仟陆佰捌拾元叁角贰分");
        assert_eq!(c("50000"), "伍万元整");
        assert_eq!(c("1000000"), "壹佰万元整");
        assert_eq!(c("1010101"), "壹佰零壹万零壹佰零壹元整");
        assert_eq!(c("20100"), "贰万零壹佰元整");
        assert_eq!(c("200000.01"), "贰拾万元零壹分");
    }

    #[test]
    fn capital_large_values() {
        let c = |y: &str| yuan(y).to_capital();
        assert_eq!(c("100000000"), "壹亿元整");
        assert_eq!(c("100010000"), "壹亿零壹万元整");
        assert_eq!(c("105000000"), "壹亿零伍佰万元整");
        assert_eq!(c("100000001"), "壹亿零壹元整");
        assert_eq!(c("2000000000"), "贰拾亿元整");
        assert_eq!(c("1000000000000"), "壹万亿元整");
        assert_eq!(c("5000000000000"), "伍万亿元整");
        assert_eq!(c("1000100000000"), "壹万零壹亿元整");
        assert_eq!(c("1000000000001"), "壹万亿零壹元整");
        assert_eq!(c("1000000010000"), "壹万亿零壹万元整");
        assert_eq!(
            c("123456789012.34"),
            "壹仟贰佰叁拾肆亿伍仟陆佰柒拾捌万玖仟零壹拾贰元叁角肆分"
        );
        assert_eq!(
            c("999999999999.99"),
            "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"
        );
        assert_eq!(c("10000000000000000"), "壹亿亿元整");
    }

    #[test]
    fn capital_negative_and_extremes() {
        assert_eq!(Money::from_fen(-20_000).to_capital(), "负贰佰元整");
        assert!(Money::from_fen(i64::MAX).to_capital().ends_with("柒分"));
        assert!(Money::from_fen(i64::MIN).to_capital().starts_with('负'));
    }

    #[test]
    fn arithmetic_and_constructors() {
        assert_eq!(Money::from_yuan(200), Some(Money::from_fen(20_000)));
        assert_eq!(Money::from_yuan(i64::MAX), None);
        let a = Money::from_fen(150);
        assert_eq!(a.checked_add(a), Some(Money::from_fen(300)));
        assert_eq!(Money::from_fen(i64::MAX).checked_add(a), None);
        assert_eq!(Money::ZERO.checked_sub(a), Some(Money::from_fen(-150)));
    }

    #[test]
    fn capital_zh_banking_form() {
        let c = |fen: i64| Money::from_fen(fen).capital_zh();
        assert_eq!(c(1_000_000), "壹万元整");
        assert_eq!(c(12_345), "壹佰贰拾叁元肆角伍分");
        assert_eq!(c(1_000_500), "壹万零伍元整");
        assert_eq!(c(1_000), "壹拾元整"); // banking convention: 壹拾, never bare 拾
        assert_eq!(c(1_500), "壹拾伍元整");
        assert_eq!(c(0), "零元整");
        assert_eq!(c(5_000_000), "伍万元整");
        assert_eq!(c(10_000_000), "壹拾万元整");
        assert_eq!(c(100_100), "壹仟零壹元整");
        assert_eq!(c(100_005), "壹仟元零伍分");
        assert_eq!(c(20), "贰角");
        assert_eq!(c(20_000), "贰佰元整");
        assert_eq!(c(300_000), "叁仟元整");
        assert_eq!(c(110_000_000_000), "壹拾壹亿元整");
        for fen in [1, 99, 1_000_000, 123_456_789] {
            assert_eq!(c(fen), Money::from_fen(fen).to_capital());
        }
    }

    #[test]
    fn yuan_display_has_unit() {
        assert_eq!(Money::from_fen(1_000_000).yuan_display(), "10,000.00 元");
        assert_eq!(Money::from_fen(5).yuan_display(), "0.05 元");
        assert_eq!(Money::ZERO.yuan_display(), "0.00 元");
        assert_eq!(Money::from_fen(-20_000).yuan_display(), "-200.00 元");
    }

    proptest! {
        #[test]
        fn format_then_parse_round_trips(fen in any::<i64>()) {
            let m = Money::from_fen(fen);
            prop_assert_eq!(Money::parse_yuan_signed(&m.format_yuan()), Ok(m));
            if fen >= 0 {
                prop_assert_eq!(Money::parse_yuan(&m.format_yuan()), Ok(m));
            }
        }

        #[test]
        fn capital_is_well_formed(fen in any::<i64>()) {
            let s = Money::from_fen(fen).to_capital();
            prop_assert!(s.ends_with('整') || s.ends_with('角') || s.ends_with('分'));
            prop_assert!(!s.contains("零零"));
            prop_assert!(!s.contains("零元") || fen == 0);
            let _ = Money::from_fen(fen).format_wan();
        }

        #[test]
        fn parsers_never_panic(s in any::<String>()) {
            let _ = Money::parse_yuan(&s);
            let _ = Money::parse_yuan_signed(&s);
        }

        #[test]
        fn parsers_never_panic_on_numberish(s in "[-￥¥ 0-9,.]{0,30}") {
            let _ = Money::parse_yuan_signed(&s);
        }
    }
}
