//! Identifiers: 统一社会信用代码 (GB 32100-2015) and 公民身份号码 (GB 11643-1999).
//!
//! Input policy, shared by both types: surrounding whitespace is trimmed;
//! lower case is *rejected*, never silently upper-cased, because neither
//! standard uses it and a silently "fixed" code may hide a mistyped one. The
//! error carries the upper-cased suggestion when that form would be valid, so
//! the UI can offer a one-click correction.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

/// Errors of identifier parsing and generation. `Display` is English.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message_en())]
pub enum IdError {
    /// 统一社会信用代码 is not 18 characters long.
    UsccWrongLength { found: usize },
    /// Contains lower case; `suggestion` is the valid upper-case form.
    UsccLowerCase { suggestion: String },
    /// A character outside `0-9A-Z` minus I, O, Z, S, V (1-based position).
    UsccInvalidChar { position: usize, ch: char },
    /// Positions 3–8 (division code) are not six digits.
    UsccDivisionNotNumeric { division: String },
    /// The check character (position 18) is wrong.
    UsccCheckMismatch { expected: char, found: char },
    /// 公民身份号码 is not 18 characters long.
    IdWrongLength { found: usize },
    /// Check character is a lower-case `x`; `suggestion` uses `X`.
    IdLowerCaseX { suggestion: String },
    /// A non-digit (or non-`X` at position 18), 1-based position.
    IdInvalidChar { position: usize, ch: char },
    /// Positions 7–14 are not a real calendar date.
    IdInvalidBirthDate { value: String },
    /// The birth date lies after today.
    IdBirthInFuture { date: NaiveDate },
    /// The check character (position 18) is wrong.
    IdCheckMismatch { expected: char, found: char },
    /// A generator argument is out of range.
    GenerateInvalid { field: &'static str, value: String },
}

impl IdError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UsccWrongLength { .. } => "ids.uscc.length",
            Self::UsccLowerCase { .. } => "ids.uscc.lower_case",
            Self::UsccInvalidChar { .. } => "ids.uscc.invalid_char",
            Self::UsccDivisionNotNumeric { .. } => "ids.uscc.division_not_numeric",
            Self::UsccCheckMismatch { .. } => "ids.uscc.check_mismatch",
            Self::IdWrongLength { .. } => "ids.id_number.length",
            Self::IdLowerCaseX { .. } => "ids.id_number.lower_case_x",
            Self::IdInvalidChar { .. } => "ids.id_number.invalid_char",
            Self::IdInvalidBirthDate { .. } => "ids.id_number.birth_date_invalid",
            Self::IdBirthInFuture { .. } => "ids.id_number.birth_in_future",
            Self::IdCheckMismatch { .. } => "ids.id_number.check_mismatch",
            Self::GenerateInvalid { .. } => "ids.generate_invalid",
        }
    }

    /// Message in Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            Self::UsccWrongLength { found } => {
                format!("统一社会信用代码应为 18 位，实际为 {found} 位")
            }
            Self::UsccLowerCase { suggestion } => {
                format!("统一社会信用代码不使用小写字母，是否应为 {suggestion}？")
            }
            Self::UsccInvalidChar { position, ch } => format!(
                "统一社会信用代码第 {position} 位“{ch}”无效：只允许数字和大写字母（不含 I、O、Z、S、V）"
            ),
            Self::UsccDivisionNotNumeric { division } => {
                format!("统一社会信用代码第 3–8 位行政区划码“{division}”应为 6 位数字")
            }
            Self::UsccCheckMismatch { expected, found } => format!(
                "统一社会信用代码校验码错误：第 18 位应为“{expected}”，实际为“{found}”，请核对"
            ),
            Self::IdWrongLength { found: 15 } => {
                "公民身份号码应为 18 位；15 位旧号码请先升位为 18 位".to_string()
            }
            Self::IdWrongLength { found } => {
                format!("公民身份号码应为 18 位，实际为 {found} 位")
            }
            Self::IdLowerCaseX { suggestion } => {
                format!("公民身份号码末位应为大写 X，是否应为 {suggestion}？")
            }
            Self::IdInvalidChar { position, ch } => {
                format!("公民身份号码第 {position} 位“{ch}”无效：前 17 位应为数字，末位为数字或 X")
            }
            Self::IdInvalidBirthDate { value } => {
                format!("公民身份号码中的出生日期“{value}”不是有效日期")
            }
            Self::IdBirthInFuture { date } => {
                format!("公民身份号码中的出生日期 {date} 晚于今天")
            }
            Self::IdCheckMismatch { expected, found } => {
                format!("公民身份号码校验码错误：第 18 位应为“{expected}”，实际为“{found}”，请核对")
            }
            Self::GenerateInvalid { field, value } => {
                format!("生成示例号码的参数 {field} 无效：“{value}”")
            }
        }
    }

    /// Message in English.
    pub fn message_en(&self) -> String {
        match self {
            Self::UsccWrongLength { found } => {
                format!("a unified social credit code has 18 characters, this one has {found}")
            }
            Self::UsccLowerCase { suggestion } => {
                format!("unified social credit codes use no lower case; did you mean {suggestion}?")
            }
            Self::UsccInvalidChar { position, ch } => format!(
                "unified social credit code: invalid character '{ch}' at position {position} \
                 (digits and upper-case letters except I, O, Z, S, V)"
            ),
            Self::UsccDivisionNotNumeric { division } => format!(
                "unified social credit code: division code \"{division}\" (positions 3-8) \
                 must be six digits"
            ),
            Self::UsccCheckMismatch { expected, found } => format!(
                "unified social credit code: check character should be '{expected}', \
                 found '{found}'"
            ),
            Self::IdWrongLength { found: 15 } => {
                "an identity number has 18 digits; convert old 15-digit numbers first".to_string()
            }
            Self::IdWrongLength { found } => {
                format!("an identity number has 18 characters, this one has {found}")
            }
            Self::IdLowerCaseX { suggestion } => {
                format!("the check character must be an upper-case X; did you mean {suggestion}?")
            }
            Self::IdInvalidChar { position, ch } => format!(
                "identity number: invalid character '{ch}' at position {position} \
                 (17 digits, then a digit or X)"
            ),
            Self::IdInvalidBirthDate { value } => {
                format!("identity number: birth date \"{value}\" is not a real date")
            }
            Self::IdBirthInFuture { date } => {
                format!("identity number: birth date {date} lies in the future")
            }
            Self::IdCheckMismatch { expected, found } => {
                format!("identity number: check character should be '{expected}', found '{found}'")
            }
            Self::GenerateInvalid { field, value } => {
                format!("invalid generator argument {field}: \"{value}\"")
            }
        }
    }
}

// ---------------------------------------------------------------------------
// 统一社会信用代码
// ---------------------------------------------------------------------------

/// GB 32100-2015 character set; a character's value is its index.
const USCC_CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/// `3^(i-1) mod 31` for positions 1–17.
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];
/// GB 11714 weights of the organisation code's first eight characters.
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
const LEN: usize = 18;

/// A 统一社会信用代码: 18 characters from the GB 32100 set.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnifiedSocialCreditCode(String);

/// The embedded GB 11714 organisation code fails its own check. Only a
/// warning: codes of e.g. 个体工商户 are not known to satisfy it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct InnerCheckWarning {
    /// Check character the organisation code (positions 9–16) implies.
    pub expected: char,
    /// Character found at position 17.
    pub found: char,
}

impl InnerCheckWarning {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        "ids.uscc.inner_check"
    }

    /// Message in Chinese.
    pub fn message_zh(&self) -> String {
        format!(
            "提示：代码中组织机构代码的校验位（第 17 位）应为“{}”，实际为“{}”，请核对（不影响使用）",
            self.expected, self.found
        )
    }

    /// Message in English.
    pub fn message_en(&self) -> String {
        format!(
            "note: the embedded organisation code's check character (position 17) \
             should be '{}', found '{}'; please verify (not an error)",
            self.expected, self.found
        )
    }
}

impl UnifiedSocialCreditCode {
    /// Strict parse: length, character set, numeric division code and check
    /// character. Lower case is rejected with an upper-case suggestion.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        uscc_parse_with_case_hint(input, Self::parse_strict)
    }

    /// Lenient parse for codes the user explicitly confirmed after a failed
    /// check (some early real codes fail it): only length and character set.
    pub fn parse_confirmed(input: &str) -> Result<Self, IdError> {
        uscc_parse_with_case_hint(input, |s| {
            check_uscc_charset(s)?;
            Ok(Self(s.to_string()))
        })
    }

    /// Whether `input` (trimmed) has the right length, character set and
    /// check character.
    pub fn check_digit_ok(input: &str) -> bool {
        let s = input.trim();
        check_uscc_charset(s).is_ok()
            && uscc_check_char(&s[..LEN - 1]) == s[LEN - 1..].chars().next()
    }

    /// Deterministic valid code for demo data: `seq` (< 10^8) becomes the
    /// organisation code body, followed by its GB 11714 check character and
    /// the GB 32100 check character.
    pub fn generate(
        authority: char,
        category: char,
        division: &str,
        seq: u64,
    ) -> Result<Self, IdError> {
        for (field, c) in [("authority", authority), ("category", category)] {
            if uscc_value(c).is_none() {
                return Err(IdError::GenerateInvalid {
                    field,
                    value: c.to_string(),
                });
            }
        }
        if !is_six_digits(division) {
            return Err(IdError::GenerateInvalid {
                field: "division",
                value: division.to_string(),
            });
        }
        if seq >= 100_000_000 {
            return Err(IdError::GenerateInvalid {
                field: "seq",
                value: seq.to_string(),
            });
        }
        let body = format!("{seq:08}");
        let inner = org_check_char(&body).unwrap_or('0');
        let first17 = format!("{authority}{category}{division}{body}{inner}");
        let check = uscc_check_char(&first17).unwrap_or('0');
        Self::parse(&format!("{first17}{check}"))
    }

    fn parse_strict(s: &str) -> Result<Self, IdError> {
        check_uscc_charset(s)?;
        let division = &s[2..8];
        if !is_six_digits(division) {
            return Err(IdError::UsccDivisionNotNumeric {
                division: division.to_string(),
            });
        }
        let expected = uscc_check_char(&s[..LEN - 1]).unwrap_or('?');
        let found = s[LEN - 1..].chars().next().unwrap_or('?');
        if expected != found {
            return Err(IdError::UsccCheckMismatch { expected, found });
        }
        Ok(Self(s.to_string()))
    }

    /// The code as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn char_at(&self, index: usize) -> char {
        self.0.as_bytes().get(index).map_or('?', |b| char::from(*b))
    }

    /// Position 1: 登记管理部门代码.
    pub fn authority_code(&self) -> char {
        self.char_at(0)
    }

    /// Name of the registering authority, for the codes known to us (the list
    /// is open-ended, so `None` is not an error).
    pub fn authority_name_zh(&self) -> Option<&'static str> {
        Some(match self.authority_code() {
            '1' => "机构编制",
            '2' => "外交",
            '3' => "司法行政",
            '4' => "文化",
            '5' => "民政",
            '6' => "旅游",
            '7' => "宗教",
            '8' => "工会",
            '9' => "市场监管（原工商）",
            'A' => "中央军委改革和编制办公室",
            'N' => "农业",
            'Y' => "其他",
            _ => return None,
        })
    }

    /// Position 2: 机构类别代码.
    pub fn category_code(&self) -> char {
        self.char_at(1)
    }

    /// Name of the organisation category where the authority/category pair
    /// is known.
    pub fn category_name_zh(&self) -> Option<&'static str> {
        Some(match (self.authority_code(), self.category_code()) {
            ('1', '1') => "机关",
            ('1', '2') => "事业单位",
            ('1', '3') => "中央编办直接管理机构编制的群众团体",
            ('5', '1') => "社会团体",
            ('5', '2') => "民办非企业单位",
            ('5', '3') => "基金会",
            ('9', '1') => "企业",
            ('9', '2') => "个体工商户",
            ('9', '3') => "农民专业合作社",
            ('3', '1') => "律师执业机构",
            ('3', '2') => "公证处",
            ('3', '3') => "基层法律服务所",
            ('3', '4') => "司法鉴定机构",
            ('3', '5') => "仲裁委员会",
            ('1' | '3' | '5', '9') => "其他",
            ('Y', '1') => "其他",
            _ => return None,
        })
    }

    /// Positions 3–8: division code of the registering office (GB/T 2260).
    pub fn division_code(&self) -> &str {
        self.0.get(2..8).unwrap_or("")
    }

    /// Positions 9–17: the embedded organisation code (GB 11714).
    pub fn organization_code(&self) -> &str {
        self.0.get(8..17).unwrap_or("")
    }

    /// Whether the check character is right (always true after [`Self::parse`]).
    pub fn check_ok(&self) -> bool {
        Self::check_digit_ok(&self.0)
    }

    /// Warning if the embedded organisation code fails its own check.
    pub fn inner_check_warning(&self) -> Option<InnerCheckWarning> {
        let expected = org_check_char(self.0.get(8..16)?)?;
        let found = self.char_at(16);
        (expected != found).then_some(InnerCheckWarning { expected, found })
    }
}

impl fmt::Display for UnifiedSocialCreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for UnifiedSocialCreditCode {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        Self::parse(s)
    }
}

/// Trims, then runs `parse`; lower-case input is rejected, with the
/// upper-cased form as suggestion if that form parses.
fn uscc_parse_with_case_hint<T>(
    input: &str,
    parse: impl Fn(&str) -> Result<T, IdError>,
) -> Result<T, IdError> {
    let s = input.trim();
    if !s.chars().any(|c| c.is_ascii_lowercase()) {
        return parse(s);
    }
    let upper = s.to_ascii_uppercase();
    parse(&upper)?;
    Err(IdError::UsccLowerCase { suggestion: upper })
}

fn check_uscc_charset(s: &str) -> Result<(), IdError> {
    let found = s.chars().count();
    if found != LEN {
        return Err(IdError::UsccWrongLength { found });
    }
    match s
        .chars()
        .enumerate()
        .find(|(_, c)| uscc_value(*c).is_none())
    {
        Some((i, ch)) => Err(IdError::UsccInvalidChar {
            position: i + 1,
            ch,
        }),
        None => Ok(()),
    }
}

fn uscc_value(c: char) -> Option<u32> {
    USCC_CHARSET.find(c).and_then(|i| u32::try_from(i).ok())
}

/// Check character for the first 17 characters; `None` if any is invalid.
fn uscc_check_char(first17: &str) -> Option<char> {
    let mut sum = 0;
    for (c, w) in first17.chars().zip(USCC_WEIGHTS) {
        sum += uscc_value(c)? * w;
    }
    let value = (31 - sum % 31) % 31;
    USCC_CHARSET.chars().nth(value as usize)
}

/// GB 11714 check character of an 8-character organisation code body
/// (digits, and letters A=10 … Z=35).
fn org_check_char(body: &str) -> Option<char> {
    if body.chars().count() != ORG_WEIGHTS.len() {
        return None;
    }
    let mut sum = 0;
    for (c, w) in body.chars().zip(ORG_WEIGHTS) {
        sum += c.to_digit(36)? * w;
    }
    match 11 - sum % 11 {
        10 => Some('X'),
        11 => Some('0'),
        d => char::from_digit(d, 10),
    }
}

fn is_six_digits(s: &str) -> bool {
    s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit())
}

// ---------------------------------------------------------------------------
// 公民身份号码
// ---------------------------------------------------------------------------

/// `2^(18-i) mod 11` for positions 1–17 (ISO 7064 MOD 11-2).
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// Sex encoded by position 17 of an identity number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    /// Odd sequence digit.
    Male,
    /// Even sequence digit.
    Female,
}

impl Sex {
    /// 男 / 女.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Male => "男",
            Self::Female => "女",
        }
    }

    /// male / female.
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Male => "male",
            Self::Female => "female",
        }
    }
}

/// A validated 18-character 公民身份号码.
///
/// Personal information: `Debug` prints the masked form and there is no
/// `Display`, so a number only reaches text through an explicit
/// [`IdentityNumber::as_str`].
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IdentityNumber {
    number: String,
    birth: NaiveDate,
}

impl IdentityNumber {
    /// Parses against today's local date (birth date must not be later).
    pub fn parse(input: &str) -> Result<Self, IdError> {
        Self::parse_at(input, chrono::Local::now().date_naive())
    }

    /// Parses with an explicit "today", for tests and batch checks.
    pub fn parse_at(input: &str, today: NaiveDate) -> Result<Self, IdError> {
        let s = input.trim();
        match s.strip_suffix('x') {
            Some(head) if !head.contains(['x', 'X']) => {
                let suggestion = format!("{head}X");
                Self::parse_upper(&suggestion, today)?;
                Err(IdError::IdLowerCaseX { suggestion })
            }
            _ => Self::parse_upper(s, today),
        }
    }

    fn parse_upper(s: &str, today: NaiveDate) -> Result<Self, IdError> {
        let found = s.chars().count();
        if found != LEN {
            return Err(IdError::IdWrongLength { found });
        }
        let bad = s
            .chars()
            .enumerate()
            .find(|(i, c)| !(c.is_ascii_digit() || (*i == LEN - 1 && *c == 'X')));
        if let Some((i, ch)) = bad {
            return Err(IdError::IdInvalidChar {
                position: i + 1,
                ch,
            });
        }
        let birth = birth_date(&s[6..14])?;
        if birth > today {
            return Err(IdError::IdBirthInFuture { date: birth });
        }
        let expected = id_check_char(&s[..LEN - 1]).unwrap_or('?');
        let found = s[LEN - 1..].chars().next().unwrap_or('?');
        if expected != found {
            return Err(IdError::IdCheckMismatch { expected, found });
        }
        Ok(Self {
            number: s.to_string(),
            birth,
        })
    }

    /// Synthetic valid number for demo data (never use real numbers):
    /// `division` is six digits, `seq` (0–999) is the 顺序码 whose last digit
    /// gives the sex (odd = male).
    pub fn generate(division: &str, birth: NaiveDate, seq: u16) -> Result<Self, IdError> {
        if !is_six_digits(division) {
            return Err(IdError::GenerateInvalid {
                field: "division",
                value: division.to_string(),
            });
        }
        if seq > 999 {
            return Err(IdError::GenerateInvalid {
                field: "seq",
                value: seq.to_string(),
            });
        }
        if !(1..=9999).contains(&birth.year()) {
            return Err(IdError::GenerateInvalid {
                field: "birth",
                value: birth.to_string(),
            });
        }
        let first17 = format!("{division}{}{seq:03}", birth.format("%Y%m%d"));
        let check = id_check_char(&first17).unwrap_or('?');
        Self::parse(&format!("{first17}{check}"))
    }

    /// The full number. Personal information: prefer [`Self::masked`] for display.
    pub fn as_str(&self) -> &str {
        &self.number
    }

    /// Positions 1–6: 地址码 (GB/T 2260 division code).
    pub fn division_code(&self) -> &str {
        self.number.get(..6).unwrap_or("")
    }

    /// Positions 7–14 as a date.
    pub fn birth_date(&self) -> NaiveDate {
        self.birth
    }

    /// Sex from position 17 (odd = male, even = female).
    pub fn sex(&self) -> Sex {
        let digit = self.number.as_bytes().get(16).copied().unwrap_or(b'0');
        // ASCII digits have the parity of their value ('0' is 48).
        if digit % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// Masked for display: first 6 and last 4 kept (`120116********0121`),
    /// enough to tell numbers apart without revealing the birth date.
    pub fn masked(&self) -> String {
        mask_str(&self.number)
    }
}

impl fmt::Debug for IdentityNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("IdentityNumber")
            .field(&self.masked())
            .finish()
    }
}

impl FromStr for IdentityNumber {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        Self::parse(s)
    }
}

/// Masks any string the way [`IdentityNumber::masked`] does: every character
/// but the first 6 and the last 4 becomes `*`. Strings of 10 characters or
/// fewer are masked entirely, since keeping 10 would reveal all of them.
pub fn mask_str(s: &str) -> String {
    let n = s.chars().count();
    if n <= 10 {
        return "*".repeat(n);
    }
    s.chars()
        .enumerate()
        .map(|(i, c)| if i < 6 || i >= n - 4 { c } else { '*' })
        .collect()
}

fn birth_date(digits: &str) -> Result<NaiveDate, IdError> {
    let invalid = || IdError::IdInvalidBirthDate {
        value: digits.to_string(),
    };
    let year = digits
        .get(..4)
        .and_then(|v| v.parse().ok())
        .ok_or_else(invalid)?;
    let month = digits
        .get(4..6)
        .and_then(|v| v.parse().ok())
        .ok_or_else(invalid)?;
    let day = digits
        .get(6..8)
        .and_then(|v| v.parse().ok())
        .ok_or_else(invalid)?;
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(invalid)
}

/// ISO 7064 MOD 11-2 check character of 17 digits; `None` on a non-digit.
fn id_check_char(first17: &str) -> Option<char> {
    let mut sum = 0;
    for (c, w) in first17.chars().zip(ID_WEIGHTS) {
        sum += c.to_digit(10)? * w;
    }
    ID_CHECK.get((sum % 11) as usize).map(|b| char::from(*b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    type Uscc = UnifiedSocialCreditCode;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn today() -> NaiveDate {
        d(2025, 6, 1)
    }

    fn id(s: &str) -> Result<IdentityNumber, IdError> {
        IdentityNumber::parse_at(s, today())
    }

    const VALID_USCC: [&str; 3] = [
        "914403001922038216",
        "91440300708461136T",
        "91350100M000100Y43",
    ];
    const VALID_ID: [&str; 3] = [
        "11010519491231002X",
        "440524188001010014",
        "120116198507150121",
    ];

    // ---- 统一社会信用代码 ----

    #[test]
    fn codes_md_examples_are_valid() {
        for s in VALID_USCC {
            let code = Uscc::parse(s).expect(s);
            assert_eq!(code.as_str(), s);
            assert!(Uscc::check_digit_ok(s) && code.check_ok());
            assert_eq!(code.inner_check_warning(), None, "{s}");
        }
    }

    #[test]
    fn accessors_read_the_structure() {
        let code = Uscc::parse("914403001922038216").expect("valid");
        assert_eq!(code.authority_code(), '9');
        assert_eq!(code.authority_name_zh(), Some("市场监管（原工商）"));
        assert_eq!(code.category_code(), '1');
        assert_eq!(code.category_name_zh(), Some("企业"));
        assert_eq!(code.division_code(), "440300");
        assert_eq!(code.organization_code(), "192203821");
        assert_eq!(code.to_string(), "914403001922038216");
        assert_eq!("914403001922038216".parse::<Uscc>(), Ok(code));
    }

    #[test]
    fn wrong_check_character_names_the_expected_one() {
        let err = Uscc::parse("914403001922038217").expect_err("changed last char");
        assert_eq!(
            err,
            IdError::UsccCheckMismatch {
                expected: '6',
                found: '7'
            }
        );
        assert!(err.message_zh().contains("“6”"));
        assert!(err.message_en().contains("'6'"));
        assert_eq!(err.code(), "ids.uscc.check_mismatch");
        assert!(!Uscc::check_digit_ok("914403001922038217"));
    }

    #[test]
    fn trims_whitespace() {
        assert!(Uscc::parse("  914403001922038216\t\n").is_ok());
    }

    #[test]
    fn lower_case_rejected_with_suggestion() {
        let err = Uscc::parse("91440300708461136t").expect_err("lower case");
        assert_eq!(
            err,
            IdError::UsccLowerCase {
                suggestion: "91440300708461136T".into()
            }
        );
        assert!(err.message_zh().contains("91440300708461136T"));
        // Upper-casing would not help: the real problem is reported.
        let err = Uscc::parse("91440300708461136y").expect_err("wrong check");
        assert_eq!(err.code(), "ids.uscc.check_mismatch");
        assert!(!Uscc::check_digit_ok("91440300708461136t"));
    }

    #[test]
    fn wrong_length_rejected() {
        assert_eq!(Uscc::parse(""), Err(IdError::UsccWrongLength { found: 0 }));
        assert_eq!(
            Uscc::parse("91440300192203821"),
            Err(IdError::UsccWrongLength { found: 17 })
        );
        assert_eq!(
            Uscc::parse("9144030019220382166"),
            Err(IdError::UsccWrongLength { found: 19 })
        );
        // Counted in characters, not bytes.
        let err = Uscc::parse("９１４４０３００１９２２０３８２１６").expect_err("full-width");
        assert_eq!(err.code(), "ids.uscc.invalid_char");
    }

    #[test]
    fn forbidden_letters_rejected() {
        for (i, bad) in ['I', 'O', 'Z', 'S', 'V', '-', ' '].into_iter().enumerate() {
            let s = format!("91440300{bad}922038216");
            let err = Uscc::parse(&s).expect_err("charset");
            assert_eq!(
                err,
                IdError::UsccInvalidChar {
                    position: 9,
                    ch: bad
                },
                "case {i}"
            );
        }
        let err = Uscc::parse("91440300O22038216X").expect_err("O");
        assert!(err.message_zh().contains("I、O、Z、S、V"));
    }

    #[test]
    fn division_must_be_numeric() {
        // Valid charset and check character, but letters in positions 3–8.
        let first17 = "91A40300192203821";
        let check = uscc_check_char(first17).expect("charset ok");
        let s = format!("{first17}{check}");
        assert_eq!(
            Uscc::parse(&s),
            Err(IdError::UsccDivisionNotNumeric {
                division: "A40300".into()
            })
        );
    }

    #[test]
    fn confirmed_parse_only_checks_length_and_charset() {
        let code = Uscc::parse_confirmed("914403001922038217").expect("accepted on confirmation");
        assert!(!code.check_ok());
        assert_eq!(code.division_code(), "440300");
        assert!(Uscc::parse_confirmed("91440300192203821").is_err());
        assert!(Uscc::parse_confirmed("91440300I92203821X").is_err());
        assert_eq!(
            Uscc::parse_confirmed("914403001922038217x").map_err(|e| e.code()),
            Err("ids.uscc.length")
        );
    }

    #[test]
    fn inner_check_is_only_a_warning() {
        // Organisation body 19220382 implies check '1'; put '2' and fix the outer check.
        let first17 = "91440300192203822";
        let check = uscc_check_char(first17).expect("charset ok");
        let code = Uscc::parse(&format!("{first17}{check}")).expect("outer check ok");
        let warning = code.inner_check_warning().expect("inner check fails");
        assert_eq!(
            warning,
            InnerCheckWarning {
                expected: '1',
                found: '2'
            }
        );
        assert!(warning.message_zh().contains("第 17 位"));
        assert!(warning.message_en().contains("position 17"));
        assert_eq!(warning.code(), "ids.uscc.inner_check");
    }

    #[test]
    fn generator_is_deterministic_and_valid() {
        let a = Uscc::generate('9', '1', "120116", 42).expect("valid args");
        let b = Uscc::generate('9', '1', "120116", 42).expect("valid args");
        assert_eq!(a, b);
        assert_eq!(a.division_code(), "120116");
        assert_eq!(a.organization_code().get(..8), Some("00000042"));
        assert_eq!(a.inner_check_warning(), None);
        assert_ne!(
            a,
            Uscc::generate('9', '1', "120116", 43).expect("valid args")
        );
    }

    #[test]
    fn generator_rejects_bad_arguments() {
        let code = |r: Result<Uscc, IdError>| r.map_err(|e| e.code());
        assert_eq!(
            code(Uscc::generate('I', '1', "120116", 1)),
            Err("ids.generate_invalid")
        );
        assert_eq!(
            code(Uscc::generate('9', 'a', "120116", 1)),
            Err("ids.generate_invalid")
        );
        assert_eq!(
            code(Uscc::generate('9', '1', "12011", 1)),
            Err("ids.generate_invalid")
        );
        assert_eq!(
            code(Uscc::generate('9', '1', "12011x", 1)),
            Err("ids.generate_invalid")
        );
        assert_eq!(
            code(Uscc::generate('9', '1', "120116", 100_000_000)),
            Err("ids.generate_invalid")
        );
    }

    // ---- 公民身份号码 ----

    #[test]
    fn identity_examples_are_valid() {
        for s in VALID_ID {
            assert_eq!(id(s).expect(s).as_str(), s);
        }
    }

    #[test]
    fn identity_accessors() {
        let a = id("11010519491231002X").expect("valid");
        assert_eq!(
            (a.division_code(), a.birth_date(), a.sex()),
            ("110105", d(1949, 12, 31), Sex::Female)
        );
        let b = id("440524188001010014").expect("valid");
        assert_eq!((b.birth_date(), b.sex()), (d(1880, 1, 1), Sex::Male));
        let c = id("120116198507150121").expect("valid");
        assert_eq!((c.division_code(), c.sex().label_zh()), ("120116", "女"));
        assert_eq!(c.masked(), "120116********0121");
        assert_eq!(format!("{c:?}"), "IdentityNumber(\"120116********0121\")");
    }

    #[test]
    fn identity_wrong_check() {
        let err = id("120116198507150122").expect_err("bad check");
        assert_eq!(
            err,
            IdError::IdCheckMismatch {
                expected: '1',
                found: '2'
            }
        );
        assert_eq!(
            id("110105194912310021").map_err(|e| e.code()),
            Err("ids.id_number.check_mismatch")
        );
    }

    #[test]
    fn identity_lower_x_suggests_upper() {
        let err = id("11010519491231002x").expect_err("lower x");
        assert_eq!(
            err,
            IdError::IdLowerCaseX {
                suggestion: "11010519491231002X".into()
            }
        );
        assert!(err.message_zh().contains("大写 X"));
        // Upper X where the check should be a digit: check mismatch, not case.
        assert_eq!(
            id("12011619850715012x").map_err(|e| e.code()),
            Err("ids.id_number.check_mismatch")
        );
    }

    #[test]
    fn identity_x_only_at_the_end() {
        let err = id("X10105194912310021").expect_err("X first");
        assert_eq!(
            err,
            IdError::IdInvalidChar {
                position: 1,
                ch: 'X'
            }
        );
    }

    #[test]
    fn identity_birth_date_must_exist() {
        // 2000-02-29 exists (leap year divisible by 400).
        let leap = IdentityNumber::generate("120116", d(2000, 2, 29), 12).expect("valid");
        assert_eq!(leap.birth_date(), d(2000, 2, 29));
        // 1999-02-29 does not: build the number with a correct check character.
        let first17 = "12011619990229012";
        let check = id_check_char(first17).expect("digits");
        let err = id(&format!("{first17}{check}")).expect_err("no such date");
        assert_eq!(
            err,
            IdError::IdInvalidBirthDate {
                value: "19990229".into()
            }
        );
        let first17 = "12011619851315012";
        let check = id_check_char(first17).expect("digits");
        assert_eq!(
            id(&format!("{first17}{check}")).map_err(|e| e.code()),
            Err("ids.id_number.birth_date_invalid")
        );
    }

    #[test]
    fn identity_birth_not_in_future() {
        let n = IdentityNumber::generate("120116", d(2020, 5, 1), 1).expect("valid");
        let err = IdentityNumber::parse_at(n.as_str(), d(2020, 4, 30)).expect_err("future");
        assert_eq!(
            err,
            IdError::IdBirthInFuture {
                date: d(2020, 5, 1)
            }
        );
        assert!(IdentityNumber::parse_at(n.as_str(), d(2020, 5, 1)).is_ok());
    }

    #[test]
    fn identity_length_errors() {
        assert_eq!(id("").map_err(|e| e.code()), Err("ids.id_number.length"));
        let err = id("120116850715012").expect_err("old 15-digit number");
        assert_eq!(err, IdError::IdWrongLength { found: 15 });
        assert!(err.message_zh().contains("15 位旧号码"));
        assert!(id(" 120116198507150121 ").is_ok());
    }

    #[test]
    fn identity_generator() {
        let n = IdentityNumber::generate("120116", d(1985, 7, 15), 12).expect("valid");
        assert_eq!(n.as_str(), "120116198507150121");
        assert_eq!(
            IdentityNumber::generate("120116", d(1990, 1, 1), 13).map(|n| n.sex()),
            Ok(Sex::Male)
        );
        let code = |r: Result<IdentityNumber, IdError>| r.map_err(|e| e.code());
        assert_eq!(
            code(IdentityNumber::generate("12011", d(1990, 1, 1), 1)),
            Err("ids.generate_invalid")
        );
        assert_eq!(
            code(IdentityNumber::generate("120116", d(1990, 1, 1), 1000)),
            Err("ids.generate_invalid")
        );
        assert_eq!(
            code(IdentityNumber::generate("120116", d(-5, 1, 1), 1)),
            Err("ids.generate_invalid")
        );
        assert_eq!(
            code(IdentityNumber::generate("120116", d(9999, 1, 1), 1)),
            Err("ids.id_number.birth_in_future")
        );
        let early = IdentityNumber::generate("120116", d(999, 3, 4), 1).expect("4-digit year");
        assert_eq!(early.birth_date(), d(999, 3, 4));
    }

    #[test]
    fn mask_str_rules() {
        assert_eq!(mask_str("120116198507150121"), "120116********0121");
        assert_eq!(mask_str("13800138000"), "138001*8000");
        assert_eq!(mask_str("0123456789"), "**********");
        assert_eq!(mask_str(""), "");
        assert_eq!(
            mask_str("天津市滨海新区某某街道一号"),
            "天津市滨海新***街道一号"
        );
    }

    #[test]
    fn every_error_is_bilingual() {
        let errors = [
            IdError::UsccWrongLength { found: 3 },
            IdError::UsccDivisionNotNumeric {
                division: "A".into(),
            },
            IdError::IdWrongLength { found: 3 },
            IdError::IdBirthInFuture {
                date: d(2030, 1, 1),
            },
            IdError::GenerateInvalid {
                field: "seq",
                value: "x".into(),
            },
        ];
        for e in errors {
            assert!(e.code().starts_with("ids."));
            assert!(!e.message_zh().is_empty());
            assert_eq!(e.to_string(), e.message_en());
        }
    }

    // ---- properties ----

    fn charset_char() -> impl Strategy<Value = char> {
        (0usize..31).prop_map(|i| USCC_CHARSET.as_bytes()[i] as char)
    }

    fn valid_uscc() -> impl Strategy<Value = String> {
        let generated = (
            charset_char(),
            charset_char(),
            0u32..1_000_000,
            0u64..100_000_000,
        )
            .prop_map(|(a, c, div, seq)| {
                Uscc::generate(a, c, &format!("{div:06}"), seq)
                    .expect("valid")
                    .as_str()
                    .to_string()
            });
        prop_oneof![
            generated,
            proptest::sample::select(VALID_USCC.to_vec()).prop_map(String::from)
        ]
    }

    fn valid_id() -> impl Strategy<Value = String> {
        let generated = (0u32..1_000_000, 0i64..40_000, 0u16..1000).prop_map(|(div, days, seq)| {
            let birth = d(1900, 1, 1) + chrono::Days::new(days as u64);
            IdentityNumber::generate(&format!("{div:06}"), birth, seq)
                .expect("valid")
                .as_str()
                .to_string()
        });
        prop_oneof![
            generated,
            proptest::sample::select(VALID_ID.to_vec()).prop_map(String::from)
        ]
    }

    proptest! {
        #[test]
        fn generated_uscc_always_valid(a in charset_char(), c in charset_char(), div in 0u32..1_000_000, seq in 0u64..100_000_000) {
            let code = Uscc::generate(a, c, &format!("{div:06}"), seq).expect("valid args");
            prop_assert!(Uscc::parse(code.as_str()).is_ok());
            prop_assert!(Uscc::check_digit_ok(code.as_str()));
            prop_assert_eq!(code.inner_check_warning(), None);
        }

        #[test]
        fn one_changed_char_breaks_uscc(code in valid_uscc(), pos in 0usize..18, repl in any::<char>()) {
            let mut chars: Vec<char> = code.chars().collect();
            prop_assume!(chars[pos] != repl);
            chars[pos] = repl;
            let changed: String = chars.into_iter().collect();
            prop_assume!(changed.trim() == changed); // trimming whitespace is a feature
            prop_assert!(Uscc::parse(&changed).is_err());
            prop_assert!(!Uscc::check_digit_ok(&changed));
        }

        #[test]
        fn generated_identity_always_valid(s in valid_id()) {
            prop_assert!(IdentityNumber::parse(&s).is_ok());
        }

        #[test]
        fn one_changed_char_breaks_identity(s in valid_id(), pos in 0usize..18, repl in any::<char>()) {
            let mut chars: Vec<char> = s.chars().collect();
            prop_assume!(chars[pos] != repl);
            chars[pos] = repl;
            let changed: String = chars.into_iter().collect();
            prop_assume!(changed.trim() == changed);
            prop_assert!(IdentityNumber::parse(&changed).is_err());
        }

        #[test]
        fn parsers_never_panic(s in any::<String>()) {
            let _ = Uscc::parse(&s);
            let _ = Uscc::parse_confirmed(&s);
            let _ = Uscc::check_digit_ok(&s);
            let _ = IdentityNumber::parse(&s);
            let _ = mask_str(&s);
        }

        #[test]
        fn parsers_never_panic_on_near_valid(s in "[0-9A-Za-z ]{16,20}") {
            if let Ok(code) = Uscc::parse_confirmed(&s) {
                let _ = (code.inner_check_warning(), code.authority_name_zh(), code.category_name_zh());
            }
            if let Ok(n) = IdentityNumber::parse(&s) {
                let _ = (n.masked(), n.sex());
            }
        }
    }
}
