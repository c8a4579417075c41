//! Provision codes: stable, human-readable identifiers for every unit of a statute.
//!
//! `行政处罚法/art_33__para_1__item_2`, optionally pinned to a version:
//! `行政处罚法@2021-01-22/art_33__para_1__item_2`. See docs/legal-codes.md for the full scheme.

use crate::date::Date;
use crate::numeral;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The kind of a unit in a statute tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The whole statute.
    Law,
    /// 编
    Part,
    /// 分编
    Subpart,
    /// 章
    Chapter,
    /// 节
    Section,
    /// 条
    Article,
    /// 款
    Paragraph,
    /// 项
    Item,
    /// 目
    Subitem,
}

impl Kind {
    /// The code prefix of this kind (`art`, `para`, …); empty for [`Kind::Law`].
    pub fn prefix(self) -> &'static str {
        match self {
            Kind::Law => "",
            Kind::Part => "part",
            Kind::Subpart => "subpart",
            Kind::Chapter => "chp",
            Kind::Section => "sec",
            Kind::Article => "art",
            Kind::Paragraph => "para",
            Kind::Item => "item",
            Kind::Subitem => "subitem",
        }
    }

    /// The JSON / English name (`law`, `part`, … `subitem`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Law => "law",
            Kind::Part => "part",
            Kind::Subpart => "subpart",
            Kind::Chapter => "chapter",
            Kind::Section => "section",
            Kind::Article => "article",
            Kind::Paragraph => "paragraph",
            Kind::Item => "item",
            Kind::Subitem => "subitem",
        }
    }

    /// The Chinese unit word: 编, 分编, 章, 节, 条, 款, 项, 目 (法 for the law).
    pub fn unit(self) -> &'static str {
        match self {
            Kind::Law => "法",
            Kind::Part => "编",
            Kind::Subpart => "分编",
            Kind::Chapter => "章",
            Kind::Section => "节",
            Kind::Article => "条",
            Kind::Paragraph => "款",
            Kind::Item => "项",
            Kind::Subitem => "目",
        }
    }

    fn from_prefix(p: &str) -> Option<Kind> {
        Some(match p {
            "part" => Kind::Part,
            "subpart" => Kind::Subpart,
            "chp" => Kind::Chapter,
            "sec" => Kind::Section,
            "art" => Kind::Article,
            "para" => Kind::Paragraph,
            "item" => Kind::Item,
            "subitem" => Kind::Subitem,
            _ => return None,
        })
    }

    /// True for the units that citations target (article and below).
    pub fn is_citable(self) -> bool {
        matches!(
            self,
            Kind::Article | Kind::Paragraph | Kind::Item | Kind::Subitem
        )
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One step of a code path: `art_33_1` is `Seg { kind: Article, num: 33, sub: 1 }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Seg {
    /// Unit kind.
    pub kind: Kind,
    /// Number as written (第三十三条 → 33); paragraphs count from 1 in order.
    pub num: u32,
    /// The `之N` suffix (第三十三条之一 → 1); 0 when absent.
    pub sub: u32,
}

impl Seg {
    /// A segment without `之N` suffix.
    pub fn new(kind: Kind, num: u32) -> Seg {
        Seg { kind, num, sub: 0 }
    }

    /// The Chinese citation of this one step: `第三十三条之一`, `第一款`, `第（二）项`, `第一目`.
    pub fn to_chinese(&self) -> String {
        let n = numeral::format(self.num);
        let sub = if self.sub > 0 {
            format!("之{}", numeral::format(self.sub))
        } else {
            String::new()
        };
        match self.kind {
            Kind::Item => format!("第（{n}）项{sub}"),
            Kind::Law => String::new(),
            k => format!("第{n}{}{sub}", k.unit()),
        }
    }
}

impl fmt::Display for Seg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}_{}", self.kind.prefix(), self.num)?;
        if self.sub > 0 {
            write!(f, "_{}", self.sub)?;
        }
        Ok(())
    }
}

/// Formats a path (`art_33__para_1`) from segments.
pub fn path_string(path: &[Seg]) -> String {
    let mut s = String::new();
    for (i, seg) in path.iter().enumerate() {
        if i > 0 {
            s.push_str("__");
        }
        s.push_str(&seg.to_string());
    }
    s
}

/// Parses a path such as `art_33_1__para_1__item_2`; the empty string is the law itself.
pub fn parse_path(s: &str) -> Result<Vec<Seg>, CodeError> {
    if s.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for part in s.split("__") {
        let mut it = part.split('_');
        let prefix = it.next().unwrap_or("");
        let kind = Kind::from_prefix(prefix)
            .ok_or_else(|| CodeError::new(s, format!("unknown unit `{prefix}`")))?;
        let num = parse_num(it.next(), s)?;
        let sub = match it.next() {
            Some(x) => parse_num(Some(x), s)?,
            None => 0,
        };
        if it.next().is_some() || num == 0 {
            return Err(CodeError::new(s, format!("malformed segment `{part}`")));
        }
        out.push(Seg { kind, num, sub });
    }
    check_order(&out).map_err(|m| CodeError::new(s, m))?;
    Ok(out)
}

fn parse_num(x: Option<&str>, whole: &str) -> Result<u32, CodeError> {
    let x = x.ok_or_else(|| CodeError::new(whole, "missing number".to_string()))?;
    // Canonical decimal only (no sign, no leading zero), so every code has one spelling.
    if x.is_empty() || !x.bytes().all(|b| b.is_ascii_digit()) || (x.len() > 1 && x.starts_with('0'))
    {
        return Err(CodeError::new(whole, format!("bad number `{x}`")));
    }
    x.parse()
        .map_err(|_| CodeError::new(whole, format!("bad number `{x}`")))
}

/// Paths go strictly downward: part > subpart > chapter > section, or article > paragraph >
/// item > subitem; an article path never starts with its chapter, since article numbers are
/// unique across a statute.
fn check_order(path: &[Seg]) -> Result<(), String> {
    let mut prev: Option<Kind> = None;
    for seg in path {
        let ok = match (prev, seg.kind) {
            (None, _) => true,
            (Some(p), k) if p < Kind::Article && k < Kind::Article => k > p,
            (Some(Kind::Article), Kind::Paragraph) => true,
            (Some(Kind::Paragraph), Kind::Item) => true,
            (Some(Kind::Item), Kind::Subitem) => true,
            _ => false,
        };
        if !ok {
            return Err(format!(
                "`{}` cannot follow `{}`",
                seg.kind.prefix(),
                prev.map(|k| k.prefix()).unwrap_or("")
            ));
        }
        if seg.kind >= Kind::Paragraph && seg.sub > 0 {
            return Err(format!("`{}` takes no 之N suffix", seg.kind.prefix()));
        }
        prev = Some(seg.kind);
    }
    if let Some(first) = path.first()
        && first.kind > Kind::Article
    {
        return Err("a paragraph, item or subitem path starts with its article".to_string());
    }
    Ok(())
}

/// A malformed provision code string.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("无效的条文编码 `{code}`：{reason} / invalid provision code `{code}`: {reason}")]
pub struct CodeError {
    /// The code as given.
    pub code: String,
    /// What is wrong with it.
    pub reason: String,
}

impl CodeError {
    fn new(code: &str, reason: String) -> CodeError {
        CodeError {
            code: code.to_string(),
            reason,
        }
    }
}

/// A full provision code: law, optional version date, and path inside the law.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProvisionCode {
    /// Law code: the short title (`行政处罚法`).
    pub law: String,
    /// Version pin (`@2021-01-22`); `None` means "whichever version applies".
    pub version: Option<Date>,
    /// Path inside the law; empty for the law itself.
    pub path: Vec<Seg>,
}

impl ProvisionCode {
    /// Code of a whole law.
    pub fn law(law: &str) -> ProvisionCode {
        ProvisionCode {
            law: law.to_string(),
            version: None,
            path: Vec::new(),
        }
    }

    /// Code of an article (`art_N` or `art_N_S` for 第N条之S).
    pub fn article(law: &str, num: u32, sub: u32) -> ProvisionCode {
        ProvisionCode {
            law: law.to_string(),
            version: None,
            path: vec![Seg {
                kind: Kind::Article,
                num,
                sub,
            }],
        }
    }

    /// The same code with one more step appended.
    pub fn child(&self, kind: Kind, num: u32) -> ProvisionCode {
        let mut c = self.clone();
        c.path.push(Seg::new(kind, num));
        c
    }

    /// The kind of unit this code names.
    pub fn kind(&self) -> Kind {
        self.path.last().map(|s| s.kind).unwrap_or(Kind::Law)
    }

    /// The path part (`art_33__para_1`), empty for a law.
    pub fn path_string(&self) -> String {
        path_string(&self.path)
    }

    /// The code without its version pin.
    pub fn unversioned(&self) -> ProvisionCode {
        ProvisionCode {
            version: None,
            ..self.clone()
        }
    }

    /// The article segment, if the code is at article level or below.
    pub fn article_seg(&self) -> Option<Seg> {
        self.path.iter().copied().find(|s| s.kind == Kind::Article)
    }

    /// True if `self` is `other` or a unit inside it (same law; versions ignored).
    pub fn is_within(&self, other: &ProvisionCode) -> bool {
        self.law == other.law
            && self.path.len() >= other.path.len()
            && self.path[..other.path.len()] == other.path[..]
    }

    /// The canonical Chinese citation below the law title: `第三十三条第一款第（二）项`.
    pub fn chinese_path(&self) -> String {
        self.path.iter().map(Seg::to_chinese).collect()
    }
}

impl fmt::Display for ProvisionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.law)?;
        if let Some(v) = self.version {
            write!(f, "@{v}")?;
        }
        if !self.path.is_empty() {
            write!(f, "/{}", path_string(&self.path))?;
        }
        Ok(())
    }
}

impl FromStr for ProvisionCode {
    type Err = CodeError;
    /// Parses `LAW[@YYYY-MM-DD][/PATH]`.
    fn from_str(s: &str) -> Result<ProvisionCode, CodeError> {
        let s = s.trim();
        let (head, path) = match s.split_once('/') {
            Some((h, p)) => (h, p),
            None => (s, ""),
        };
        let (law, version) = match head.split_once('@') {
            Some((l, v)) => (
                l,
                Some(v.parse::<Date>().map_err(|e| CodeError::new(s, e))?),
            ),
            None => (head, None),
        };
        if law.is_empty()
            || law
                .chars()
                .any(|c| c.is_whitespace() || "/@《》".contains(c))
        {
            return Err(CodeError::new(
                s,
                "missing or malformed law code".to_string(),
            ));
        }
        if path.is_empty() && s.ends_with('/') {
            return Err(CodeError::new(s, "empty path".to_string()));
        }
        Ok(ProvisionCode {
            law: law.to_string(),
            version,
            path: parse_path(path)?,
        })
    }
}

impl Serialize for ProvisionCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ProvisionCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ProvisionCode, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A version id: `行政复议法@2017-09-01`.
pub fn version_id(law: &str, date: Date) -> String {
    format!("{law}@{date}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for s in [
            "行政处罚法",
            "行政处罚法/art_33",
            "行政处罚法/art_33_1",
            "行政处罚法/art_33__para_1__item_2__subitem_1",
            "行政处罚法@2021-01-22/art_9__para_1__item_2",
            "民法典/part_1__subpart_2__chp_3__sec_1",
            "行政处罚法/chp_2",
            "法/art_1_4294967295",
        ] {
            let c: ProvisionCode = s.parse().unwrap();
            assert_eq!(c.to_string(), s);
        }
    }

    #[test]
    fn rejects_malformed() {
        for s in [
            "",
            "/art_1",
            "法/art_0",
            "法/art_x",
            "法/para_1",
            "法/art_1__item_1",
            "法/art_1__para_1_1",
            "法/chp_1__art_1",
            "法/sec_1__chp_1",
            "法@2021/art_1",
            "法/",
            "法/art_1__",
            "法/foo_1",
            "法/art_01",
            "法/art_99999999999",
        ] {
            assert!(s.parse::<ProvisionCode>().is_err(), "{s}");
        }
    }

    #[test]
    fn chinese_citation() {
        let c: ProvisionCode = "行政处罚法/art_33_1__para_1__item_2__subitem_3"
            .parse()
            .unwrap();
        assert_eq!(c.chinese_path(), "第三十三条之一第一款第（二）项第三目");
        assert_eq!(c.kind(), Kind::Subitem);
        let a: ProvisionCode = "行政处罚法/art_33_1".parse().unwrap();
        assert!(c.is_within(&a));
        assert!(!a.is_within(&c));
    }
}
