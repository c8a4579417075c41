//! Chinese numerals as used in statute numbering (第一百零一条, （十二）).
//!
//! Supports 〇/零, 一…九 (and 两 as a digit), 十, 百, 千, 万 and Arabic digits (ASCII or
//! full-width), so `第33条` in a citation resolves like `第三十三条`.

/// Value of a single Chinese digit character.
fn digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' | '0' | '０' => 0,
        '一' | '壹' | '1' | '１' => 1,
        '二' | '两' | '贰' | '2' | '２' => 2,
        '三' | '叁' | '3' | '３' => 3,
        '四' | '肆' | '4' | '４' => 4,
        '五' | '伍' | '5' | '５' => 5,
        '六' | '陆' | '6' | '６' => 6,
        '七' | '柒' | '7' | '７' => 7,
        '八' | '捌' | '8' | '８' => 8,
        '九' | '玖' | '9' | '９' => 9,
        _ => return None,
    })
}

fn unit(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        '万' => 10_000,
        _ => return None,
    })
}

/// True if `c` can occur inside a numeral (Chinese or Arabic).
pub fn is_numeral_char(c: char) -> bool {
    digit(c).is_some() || unit(c).is_some()
}

fn is_arabic(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Parses a numeral: `三十三` → 33, `十一` → 11, `一百零一` → 101, `一〇一` → 101 (digit-by-digit),
/// `33`/`３３` → 33. Returns `None` for an empty, malformed or overflowing string.
pub fn parse(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    if s.chars().all(is_arabic) {
        let mut v: u32 = 0;
        for c in s.chars() {
            v = v.checked_mul(10)?.checked_add(digit(c)?)?;
        }
        return Some(v);
    }
    if s.chars().any(is_arabic) {
        return None;
    }
    // No unit at all: read digit by digit (一〇一 = 101), as in years.
    if s.chars().all(|c| digit(c).is_some()) {
        let mut v: u32 = 0;
        for c in s.chars() {
            v = v.checked_mul(10)?.checked_add(digit(c)?)?;
        }
        return Some(v);
    }
    let mut total: u32 = 0; // completed 万 groups
    let mut section: u32 = 0; // below 万
    let mut pending: Option<u32> = None; // digit awaiting its unit
    let mut last_unit = u32::MAX; // units within a section must descend
    let mut zero_gap = false; // a 零 since the last unit (一百零一)
    for c in s.chars() {
        if let Some(d) = digit(c) {
            if pending.is_some() {
                return None; // two digits in a row (三三) is not a positional numeral
            }
            if d == 0 {
                if zero_gap {
                    return None;
                }
                zero_gap = true;
                continue;
            }
            pending = Some(d);
        } else if let Some(u) = unit(c) {
            if u == 10_000 {
                let n = section.checked_add(pending.take().unwrap_or(0))?;
                if n == 0 || zero_gap && section == 0 {
                    return None;
                }
                total = total.checked_add(n.checked_mul(10_000)?)?;
                section = 0;
                last_unit = u32::MAX;
            } else {
                if u >= last_unit {
                    return None;
                }
                // A bare 十 means 一十 (十一 = 11, 一千零十 = 1010); other bare units are malformed.
                let d = match pending.take() {
                    Some(d) => d,
                    None if u == 10 && (section == 0 || zero_gap) => 1,
                    None => return None,
                };
                section = section.checked_add(d.checked_mul(u)?)?;
                last_unit = u;
            }
            zero_gap = false;
        } else {
            return None;
        }
    }
    if zero_gap && pending.is_none() {
        return None; // trailing 零
    }
    if let Some(d) = pending {
        // A final digit counts as units only after 十 or after 零 (三十三, 一百零一): the
        // colloquial 一百五 (= 150) never occurs in statutes and is rejected, not guessed.
        if !(last_unit == 10 || zero_gap || last_unit == u32::MAX && total == 0) {
            return None;
        }
        section = section.checked_add(d)?;
    }
    total.checked_add(section)
}

/// Formats `n` as a Chinese numeral as statutes write it: 1 → 一, 10 → 十, 11 → 十一,
/// 101 → 一百零一, 110 → 一百一十, 1001 → 一千零一, 0 → 〇.
pub fn format(n: u32) -> String {
    if n == 0 {
        return "〇".to_string();
    }
    if n >= 10_000 {
        let low = n % 10_000;
        let mut s = format(n / 10_000);
        s.push('万');
        if low > 0 {
            s.push_str(&format_below_10000(low, true));
        }
        return s;
    }
    format_below_10000(n, false)
}

fn format_below_10000(n: u32, after_higher: bool) -> String {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let mut s = String::new();
    let mut rest = n;
    let mut need_zero = false;
    let mut started = after_higher;
    for (value, ch) in [(1000, '千'), (100, '百'), (10, '十')] {
        let d = rest / value;
        rest %= value;
        if d > 0 {
            if need_zero {
                s.push('零');
                need_zero = false;
            }
            // 十 alone at the start (十一), but 一十 after a higher unit (一百一十).
            if !(value == 10 && d == 1 && !started) {
                s.push(DIGITS[d as usize]);
            }
            s.push(ch);
            started = true;
        } else if started {
            need_zero = true;
        }
    }
    if rest > 0 {
        if need_zero {
            s.push('零');
        }
        s.push(DIGITS[rest as usize]);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_statute_numerals() {
        let cases = [
            ("一", 1),
            ("九", 9),
            ("十", 10),
            ("十一", 11),
            ("二十", 20),
            ("三十三", 33),
            ("九十九", 99),
            ("一百", 100),
            ("一百零一", 101),
            ("一百一十", 110),
            ("一百一十一", 111),
            ("二百六十六", 266),
            ("一千", 1000),
            ("一千零一", 1001),
            ("一千零一十", 1010),
            ("一千二百四十二", 1242),
            ("九千九百九十九", 9999),
            ("〇", 0),
            ("一〇一", 101),
            ("33", 33),
            ("３３", 33),
            ("两百", 200),
            ("一万", 10_000),
        ];
        for (s, v) in cases {
            assert_eq!(parse(s), Some(v), "{s}");
        }
    }

    #[test]
    fn rejects_malformed_numerals() {
        for s in [
            "",
            "百",
            "千",
            "十十",
            "三三十",
            "一百零",
            "三a",
            "3三",
            "十百",
            "一百五",
            "万",
        ] {
            assert_eq!(parse(s), None, "{s}");
        }
    }

    #[test]
    fn formats_and_round_trips() {
        assert_eq!(format(1), "一");
        assert_eq!(format(10), "十");
        assert_eq!(format(11), "十一");
        assert_eq!(format(20), "二十");
        assert_eq!(format(101), "一百零一");
        assert_eq!(format(110), "一百一十");
        assert_eq!(format(1001), "一千零一");
        assert_eq!(format(1010), "一千零一十");
        assert_eq!(format(0), "〇");
        for n in 0..=20_000 {
            assert_eq!(parse(&format(n)), Some(n), "{n} {}", format(n));
        }
    }
}
