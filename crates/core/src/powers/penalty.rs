//! Penalty ranges of the legal-responsibility articles and the discretion tiers inside them.
//!
//! 行政处罚法 第三十四条: an authority may set discretion standards (裁量基准) but only inside
//! the range the law allows. A statute's range reads like "处五千元以上五万元以下罚款" or
//! "并处货值金额十倍以上二十倍以下罚款"; this module turns such text into structured ranges —
//! money in integer fen, multiples of a base (货值金额 / 违法所得) kept apart — and refuses a
//! tier that leaves them.

use serde::{Deserialize, Serialize};

use crate::{Code, Error, Result};

/// A fine: an amount range or a multiple of a base.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fine {
    /// Between two amounts, in fen.
    Amount { min_fen: i64, max_fen: i64 },
    /// Between two multiples (in tenths: 10 = 一倍) of a base such as 货值金额.
    Multiple {
        base: String,
        min_tenths: i64,
        max_tenths: i64,
    },
}

impl Fine {
    /// Human-readable Chinese form: "5,000—50,000 元" / "货值金额 10—20 倍".
    pub fn label_zh(&self) -> String {
        match self {
            Fine::Amount { min_fen, max_fen } => {
                format!("{}—{} 元", yuan(*min_fen), yuan(*max_fen))
            }
            Fine::Multiple {
                base,
                min_tenths,
                max_tenths,
            } => format!("{base} {}—{} 倍", tenths(*min_tenths), tenths(*max_tenths)),
        }
    }

    /// English form.
    pub fn label_en(&self) -> String {
        match self {
            Fine::Amount { min_fen, max_fen } => {
                format!("CNY {}–{}", yuan(*min_fen), yuan(*max_fen))
            }
            Fine::Multiple {
                base,
                min_tenths,
                max_tenths,
            } => format!(
                "{}–{} times the {}",
                tenths(*min_tenths),
                tenths(*max_tenths),
                base_en(base)
            ),
        }
    }

    /// `true` if `inner` lies inside `self` (same kind and base).
    pub fn contains(&self, inner: &Fine) -> bool {
        match (self, inner) {
            (
                Fine::Amount { min_fen, max_fen },
                Fine::Amount {
                    min_fen: a,
                    max_fen: b,
                },
            ) => min_fen <= a && b <= max_fen,
            (
                Fine::Multiple {
                    base,
                    min_tenths,
                    max_tenths,
                },
                Fine::Multiple {
                    base: b2,
                    min_tenths: a,
                    max_tenths: b,
                },
            ) => base == b2 && min_tenths <= a && b <= max_tenths,
            _ => false,
        }
    }

    fn well_formed(&self) -> bool {
        match self {
            Fine::Amount { min_fen, max_fen } => 0 <= *min_fen && min_fen <= max_fen,
            Fine::Multiple {
                min_tenths,
                max_tenths,
                ..
            } => 0 <= *min_tenths && min_tenths <= max_tenths,
        }
    }
}

fn yuan(fen: i64) -> String {
    let y = fen / 100;
    let s = y.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn tenths(t: i64) -> String {
    if t % 10 == 0 {
        (t / 10).to_string()
    } else {
        format!("{}.{}", t / 10, t % 10)
    }
}

fn base_en(base: &str) -> &'static str {
    match base {
        "货值金额" => "value of the goods",
        "违法所得" => "illegal gains",
        "销售金额" => "sales amount",
        "违法收入" => "illegal income",
        _ => "base amount",
    }
}

/// What a legal-responsibility provision allows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalRange {
    /// Alternative fine ranges (e.g. an amount below a goods value threshold, a multiple above).
    pub fines: Vec<Fine>,
    /// 警告 / 通报批评.
    pub warning: bool,
    /// 没收违法所得、没收非法财物.
    pub confiscation: bool,
    /// 暂扣/吊销许可证, 责令停产停业, 限制从业 and the like.
    pub licence_measures: bool,
    /// The condition each alternative of `fines` applies under, in the same order (missing:
    /// unconditional; ranges stored before conditions were read have none).
    #[serde(default)]
    pub fine_conditions: Vec<FineCondition>,
}

/// The condition the law attaches to one alternative fine range: "货值金额不足一万元的，并处…；
/// 货值金额一万元以上的，并处…" (食品安全法 第一百二十二条 style), "逾期未改正的…并处…" /
/// "拒不改正的，处…" (安全生产法 第九十七条, 市场主体登记管理条例 第四十六条–第四十八条 style).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FineCondition {
    /// No condition.
    #[default]
    Always,
    /// 货值金额不足 X 元 (fen).
    GoodsValueBelow { fen: i64 },
    /// 货值金额 X 元以上 (fen, inclusive: 民法典 第一千二百五十九条).
    GoodsValueAtLeast { fen: i64 },
    /// 逾期未改正 / 逾期不改正 / 拒不改正 (after an order to correct).
    NotCorrected,
}

/// The facts of a case the conditions of [`FineCondition`] read; `None`: not recorded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FineFacts {
    /// 货值金额.
    pub goods_value_fen: Option<i64>,
    /// The party did not correct after the order, or refused to (逾期未改正 / 拒不改正).
    pub not_corrected: Option<bool>,
    /// Day of the act: a discretion standard not in force that day does not apply (第三十七条).
    pub act_on: Option<chrono::NaiveDate>,
}

impl FineCondition {
    /// Whether the condition holds: `Some(true/false)` when the facts decide it, `None` when
    /// the fact it needs is not recorded.
    pub fn holds(self, f: &FineFacts) -> Option<bool> {
        match self {
            Self::Always => Some(true),
            Self::GoodsValueBelow { fen } => f.goods_value_fen.map(|v| v < fen),
            Self::GoodsValueAtLeast { fen } => f.goods_value_fen.map(|v| v >= fen),
            Self::NotCorrected => f.not_corrected,
        }
    }

    /// Reads the condition a segment of a provision states before its fine.
    fn of_segment(segment: &str) -> FineCondition {
        if segment.contains("逾期未改正")
            || segment.contains("逾期不改正")
            || segment.contains("拒不改正")
        {
            return Self::NotCorrected;
        }
        if let Some(p) = segment.find("货值金额不足") {
            let rest: Vec<char> = segment[p + "货值金额不足".len()..].chars().collect();
            if let Some(t) = tokens(&rest).into_iter().find(|t| t.unit == Unit::Yuan) {
                return Self::GoodsValueBelow { fen: t.value };
            }
        }
        if let Some(p) = segment.find("货值金额") {
            let rest: Vec<char> = segment[p + "货值金额".len()..].chars().collect();
            if let Some(t) = tokens(&rest)
                .into_iter()
                .find(|t| t.unit == Unit::Yuan && t.bound == Some(true) && t.at == 0)
            {
                return Self::GoodsValueAtLeast { fen: t.value };
            }
        }
        Self::Always
    }
}

impl LegalRange {
    /// The condition of the `i`-th alternative fine.
    pub fn condition_of(&self, i: usize) -> FineCondition {
        self.fine_conditions.get(i).copied().unwrap_or_default()
    }

    /// The alternative fines that apply on the case's facts: those whose condition holds; when a
    /// conditional alternative holds, the unconditional ones give way to it (the law's stated
    /// condition decides the bracket). An alternative whose fact is not recorded is kept, as
    /// before conditions were read.
    pub fn applicable_fines(&self, facts: &FineFacts) -> Vec<&Fine> {
        let judged: Vec<(&Fine, FineCondition, Option<bool>)> = self
            .fines
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let c = self.condition_of(i);
                (f, c, c.holds(facts))
            })
            .collect();
        let conditional_holds = judged
            .iter()
            .any(|(_, c, h)| *c != FineCondition::Always && *h == Some(true));
        judged
            .into_iter()
            .filter(|(_, c, h)| match h {
                Some(false) => false,
                Some(true) if *c == FineCondition::Always => !conditional_holds,
                _ => true,
            })
            .map(|(f, _, _)| f)
            .collect()
    }
    /// `true` if the provision provides any administrative penalty this parser recognises.
    pub fn is_penalty(&self) -> bool {
        !self.fines.is_empty() || self.warning || self.confiscation || self.licence_measures
    }

    /// Chinese summary: "警告；罚款 5,000—50,000 元；没收违法所得".
    pub fn label_zh(&self) -> String {
        let mut parts = Vec::new();
        if self.warning {
            parts.push("警告".to_string());
        }
        for f in &self.fines {
            parts.push(format!("罚款 {}", f.label_zh()));
        }
        if self.confiscation {
            parts.push("没收".to_string());
        }
        if self.licence_measures {
            parts.push("停产停业/吊销许可证等".to_string());
        }
        parts.join("；")
    }
}

/// Where a token of a range ends and what unit it carries.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Unit {
    Yuan,
    Times,
}

/// A numeral with its unit and what follows it (以上 / 以下 / nothing).
#[derive(Debug, Clone)]
struct Tok {
    /// fen for 元, tenths for 倍.
    value: i64,
    unit: Unit,
    bound: Option<bool>,
    /// Character offset of the numeral in the clause.
    at: usize,
}

/// Parses a numeral run such as "五万", "一百五十万", "5000", "0.5" into its value × 10
/// (tenths), or `None`.
fn numeral_tenths(run: &str) -> Option<i64> {
    // "2万" mixes an Arabic figure with a Chinese unit, which the statute numeral parser refuses.
    if let Some(head) = run.strip_suffix('万')
        && head.chars().any(|c| c.is_ascii_digit())
    {
        return numeral_tenths(head).map(|t| t * 10_000);
    }
    if let Some((int, frac)) = run.split_once(['.', '．', '点']) {
        let i = i64::from(fazhi_law::numeral::parse(int)?);
        let f = frac.chars().next().and_then(|c| c.to_digit(10))?;
        return Some(i * 10 + i64::from(f));
    }
    // 万 as a trailing multiplier after a unit-less run ("一百五十万") is handled by parse.
    Some(i64::from(fazhi_law::numeral::parse(run)?) * 10)
}

fn is_num_char(c: char) -> bool {
    fazhi_law::numeral::is_numeral_char(c) || matches!(c, '.' | '．' | '点')
}

fn tokens(clause: &[char]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < clause.len() {
        if !is_num_char(clause[i]) || matches!(clause[i], '.' | '．' | '点') {
            i += 1;
            continue;
        }
        let start = i;
        while i < clause.len() && is_num_char(clause[i]) {
            i += 1;
        }
        let run: String = clause[start..i].iter().collect();
        let rest: String = clause[i..clause.len().min(i + 4)].iter().collect();
        let (unit, skip) = if rest.starts_with('元') {
            (Unit::Yuan, 1)
        } else if rest.starts_with('倍') {
            (Unit::Times, 1)
        } else {
            continue;
        };
        let Some(t) = numeral_tenths(&run) else {
            continue;
        };
        let after: String = clause[(i + skip).min(clause.len())..clause.len().min(i + skip + 2)]
            .iter()
            .collect();
        let bound = match after.as_str() {
            "以上" => Some(true),
            "以下" => Some(false),
            _ => None,
        };
        let value = match unit {
            // tenths of a yuan → fen
            Unit::Yuan => t * 10,
            Unit::Times => t,
        };
        out.push(Tok {
            value,
            unit,
            bound,
            at: start,
        });
        i += skip;
    }
    out
}

/// Bases a multiple may refer to, in the order they are looked for.
const BASES: [&str; 6] = [
    "货值金额",
    "违法所得",
    "销售金额",
    "违法收入",
    "合同价款",
    "工程款",
];

fn base_before(clause: &[char], at: usize, sentence: &str) -> String {
    let before: String = clause[..at].iter().collect();
    // The nearest base named before the numeral, in the clause or else the sentence.
    let pick = |s: &str| {
        BASES
            .iter()
            .filter_map(|b| s.rfind(b).map(|p| (p, *b)))
            .max_by_key(|(p, _)| *p)
            .map(|(_, b)| b.to_string())
    };
    pick(&before)
        .or_else(|| pick(sentence))
        .unwrap_or_else(|| "违法所得".to_string())
}

/// Reads the penalties a legal-responsibility provision allows.
///
/// Recognised: "X元以上Y元以下罚款", "Y元以下罚款", "<base>X倍以上Y倍以下罚款", "警告",
/// "没收…", "吊销/暂扣…许可证", "责令停产停业". Ranges that are not fines (拘留 "五日以上十五日以下")
/// are ignored because only clauses with 罚款 are read for amounts.
pub fn parse_legal_range(text: &str) -> LegalRange {
    let mut r = LegalRange {
        warning: text.contains("警告") || text.contains("通报批评"),
        confiscation: text.contains("没收"),
        licence_measures: [
            "吊销",
            "暂扣",
            "责令停产停业",
            "责令停业",
            "降低资质",
            "限制从业",
        ]
        .iter()
        .any(|k| text.contains(k)),
        ..Default::default()
    };
    for sentence in text.split(['。', '\n']) {
        for segment in sentence.split(['；', ';']) {
            let condition = FineCondition::of_segment(segment);
            for clause in segment.split(['，', '：', ',']) {
                if !clause.contains("罚款") {
                    continue;
                }
                let chars: Vec<char> = clause.chars().collect();
                let toks = tokens(&chars);
                let mut i = 0;
                while i < toks.len() {
                    let t = &toks[i];
                    let next = toks.get(i + 1);
                    let (min, max, used) = match (t.bound, next) {
                        (Some(true), Some(n)) if n.bound == Some(false) && n.unit == t.unit => {
                            (t.value, n.value, 2)
                        }
                        (Some(false), _) => (0, t.value, 1),
                        _ => {
                            i += 1;
                            continue;
                        }
                    };
                    let fine = match t.unit {
                        Unit::Yuan => Fine::Amount {
                            min_fen: min,
                            max_fen: max,
                        },
                        Unit::Times => Fine::Multiple {
                            base: base_before(&chars, t.at, sentence),
                            min_tenths: min,
                            max_tenths: max,
                        },
                    };
                    if fine.well_formed() && !r.fines.contains(&fine) {
                        r.fines.push(fine);
                        r.fine_conditions.push(condition);
                    }
                    i += used;
                }
            }
        }
    }
    if r.fine_conditions
        .iter()
        .all(|c| *c == FineCondition::Always)
    {
        r.fine_conditions.clear();
    }
    r
}

/// One tier of a discretion standard (轻微 / 一般 / 较重 / 严重).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    pub name: String,
    /// When the tier applies (情节).
    pub conditions: String,
    /// The fine of the tier, inside the legal one; None when the tier imposes no fine.
    #[serde(default)]
    pub fine: Option<Fine>,
    /// Other measures (警告, 没收…), free text.
    #[serde(default)]
    pub measures: String,
}

/// A discretion standard (裁量基准): the tiers of one violation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscretionStandard {
    pub tiers: Vec<Tier>,
    /// First day of acts the standard applies to (行政处罚法 第三十七条: the rules in force when
    /// the act was done); `None`: no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force_from: Option<chrono::NaiveDate>,
    /// Last day of acts the standard applies to; `None`: no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force_until: Option<chrono::NaiveDate>,
}

impl DiscretionStandard {
    /// Whether the standard applies to an act done on `on` (unknown day: not checked).
    pub fn in_force_on(&self, on: Option<chrono::NaiveDate>) -> bool {
        on.is_none_or(|d| {
            self.in_force_from.is_none_or(|f| f <= d) && self.in_force_until.is_none_or(|u| d <= u)
        })
    }
}

/// Refuses a tier whose fine is malformed or outside the legal range (行政处罚法 第三十四条),
/// naming the tier, its range and the legal one.
pub fn check_tier(legal: &LegalRange, provision: &str, tier: &Tier) -> Result<()> {
    let Some(fine) = &tier.fine else {
        return Ok(());
    };
    if !fine.well_formed() {
        return Err(Error::of(Code::PowersTierMalformed)
            .for_field("tiers")
            .arg("name", &tier.name)
            .arg_zh_en("fine", fine.label_zh(), fine.label_en()));
    }
    if legal.fines.is_empty() {
        return Err(Error::of(Code::PowersTierNoFine)
            .for_field("tiers")
            .arg("name", &tier.name)
            .arg_zh_en("fine", fine.label_zh(), fine.label_en())
            .arg("provision", provision));
    }
    if legal.fines.iter().any(|l| l.contains(fine)) {
        return Ok(());
    }
    let legal_zh: Vec<String> = legal.fines.iter().map(Fine::label_zh).collect();
    let legal_en: Vec<String> = legal.fines.iter().map(Fine::label_en).collect();
    Err(Error::of(Code::PowersTierOutOfRange)
        .for_field("tiers")
        .arg("name", &tier.name)
        .arg_zh_en("fine", fine.label_zh(), fine.label_en())
        .arg("provision", provision)
        .arg_zh_en("legal", legal_zh.join("；"), legal_en.join("; ")))
}

/// Checks every tier of a standard; the first bad tier is the error.
pub fn check_standard(legal: &LegalRange, provision: &str, s: &DiscretionStandard) -> Result<()> {
    for t in &s.tiers {
        check_tier(legal, provision, t)?;
    }
    Ok(())
}

/// The usual three tiers (从轻 / 一般 / 从重) splitting each legal range into thirds: what the
/// demo and a new violation start from.
pub fn default_standard(legal: &LegalRange) -> DiscretionStandard {
    let Some(f) = legal.fines.first() else {
        return DiscretionStandard::default();
    };
    let split = |lo: i64, hi: i64| {
        let step = (hi - lo) / 3;
        [(lo, lo + step), (lo + step, hi - step), (hi - step, hi)]
    };
    let names = [
        ("较轻", "初次违法、危害后果较小、主动消除或者减轻危害后果"),
        ("一般", "违法行为持续时间较短、社会影响一般"),
        ("较重", "多次违法、危害后果较重或者拒不改正"),
    ];
    let ranges: Vec<Fine> = match f {
        Fine::Amount { min_fen, max_fen } => split(*min_fen, *max_fen)
            .into_iter()
            .map(|(a, b)| Fine::Amount {
                min_fen: a,
                max_fen: b,
            })
            .collect(),
        Fine::Multiple {
            base,
            min_tenths,
            max_tenths,
        } => split(*min_tenths, *max_tenths)
            .into_iter()
            .map(|(a, b)| Fine::Multiple {
                base: base.clone(),
                min_tenths: a,
                max_tenths: b,
            })
            .collect(),
    };
    DiscretionStandard {
        tiers: names
            .iter()
            .zip(ranges)
            .map(|((n, c), fine)| Tier {
                name: (*n).into(),
                conditions: (*c).into(),
                fine: Some(fine),
                measures: String::new(),
            })
            .collect(),
        in_force_from: None,
        in_force_until: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(a: i64, b: i64) -> Fine {
        Fine::Amount {
            min_fen: a * 100,
            max_fen: b * 100,
        }
    }

    #[test]
    fn food_safety_122_amount_and_multiple() {
        // 食品安全法 第一百二十二条第一款 (2021).
        let t = "由县级以上人民政府食品安全监督管理部门没收违法所得和违法生产经营的食品、食品添加剂以及用于违法生产经营的工具、设备、原料等物品；违法生产经营的食品、食品添加剂货值金额不足一万元的，并处五万元以上十万元以下罚款；货值金额一万元以上的，并处货值金额十倍以上二十倍以下罚款。";
        let r = parse_legal_range(t);
        assert!(r.confiscation);
        assert!(!r.warning);
        assert_eq!(
            r.fines,
            vec![
                amount(50_000, 100_000),
                Fine::Multiple {
                    base: "货值金额".into(),
                    min_tenths: 100,
                    max_tenths: 200
                }
            ]
        );
    }

    #[test]
    fn upper_bound_only_and_warning() {
        // 安全生产法 第九十七条 style: "责令限期改正，处十万元以下的罚款".
        let r = parse_legal_range(
            "责令限期改正，处十万元以下的罚款；逾期未改正的，责令停产停业整顿，并处十万元以上二十万元以下的罚款",
        );
        assert_eq!(r.fines, vec![amount(0, 100_000), amount(100_000, 200_000)]);
        assert!(r.licence_measures);
        let r = parse_legal_range("给予警告，可以并处五千元以上五万元以下罚款。");
        assert!(r.warning);
        assert_eq!(r.fines, vec![amount(5_000, 50_000)]);
        let r = parse_legal_range(
            "处违法所得一倍以上五倍以下的罚款；没有违法所得的，处一百五十万元以下的罚款",
        );
        assert_eq!(
            r.fines[0],
            Fine::Multiple {
                base: "违法所得".into(),
                min_tenths: 10,
                max_tenths: 50
            }
        );
        assert_eq!(r.fines[1], amount(0, 1_500_000));
    }

    #[test]
    fn detention_days_are_not_fines() {
        let r = parse_legal_range("处五日以上十日以下拘留，可以并处五百元以下罚款");
        assert_eq!(r.fines, vec![amount(0, 500)]);
        assert!(!parse_legal_range("责令改正").is_penalty());
    }

    #[test]
    fn arabic_and_decimal_numerals() {
        let r = parse_legal_range("处2000元以上2万元以下罚款，或者处货值金额0.5倍以上3倍以下罚款");
        assert_eq!(r.fines[0], amount(2_000, 20_000));
        assert_eq!(
            r.fines[1],
            Fine::Multiple {
                base: "货值金额".into(),
                min_tenths: 5,
                max_tenths: 30
            }
        );
    }

    #[test]
    fn tier_inside_is_accepted_outside_is_refused() {
        let legal =
            parse_legal_range("并处五万元以上十万元以下罚款；并处货值金额十倍以上二十倍以下罚款");
        let tier = |name: &str, fine: Fine| Tier {
            name: name.into(),
            conditions: String::new(),
            fine: Some(fine),
            measures: String::new(),
        };
        let p = "《食品安全法》第一百二十二条第一款";
        check_tier(&legal, p, &tier("一般", amount(60_000, 80_000))).expect("inside");
        check_tier(
            &legal,
            p,
            &tier(
                "较重",
                Fine::Multiple {
                    base: "货值金额".into(),
                    min_tenths: 150,
                    max_tenths: 200,
                },
            ),
        )
        .expect("inside multiple");
        let e = check_tier(&legal, p, &tier("较重", amount(80_000, 150_000))).expect_err("out");
        assert_eq!(e.code(), "powers.tier_out_of_range");
        assert!(e.message_zh().contains("超出"), "{}", e.message_zh());
        assert!(e.message_zh().contains("50,000—100,000 元"));
        assert!(e.message_en().contains("outside the legal range"));
        // Same numbers, other base: refused.
        let e = check_tier(
            &legal,
            p,
            &tier(
                "较重",
                Fine::Multiple {
                    base: "违法所得".into(),
                    min_tenths: 100,
                    max_tenths: 200,
                },
            ),
        )
        .expect_err("wrong base");
        assert_eq!(e.code(), "powers.tier_out_of_range");
        let e = check_tier(&legal, p, &tier("倒置", amount(90_000, 60_000))).expect_err("bad");
        assert_eq!(e.code(), "powers.tier_malformed");
        let none = parse_legal_range("给予警告");
        let e = check_tier(&none, p, &tier("一般", amount(1, 2))).expect_err("no fine");
        assert_eq!(e.code(), "powers.tier_no_fine");
    }

    #[test]
    fn default_tiers_lie_inside_the_range() {
        for text in [
            "处五千元以上五万元以下罚款",
            "处货值金额十倍以上二十倍以下罚款",
            "处一万元以下罚款",
        ] {
            let legal = parse_legal_range(text);
            let s = default_standard(&legal);
            assert_eq!(s.tiers.len(), 3);
            check_standard(&legal, "x", &s).expect(text);
        }
    }
}
