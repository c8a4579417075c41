//! The records of the lists: domains, kinds, conditions, entries, and the compiled-in data.

use std::collections::HashSet;
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::prov;
use crate::labels::labelled_enum;
use crate::money::Money;
use crate::{Error, Result};

labelled_enum!(
    /// The five domains of the report's lists.
    Domain {
        Market = "market", "市场监管", "Market regulation";
        WorkSafety = "work_safety", "安全生产", "Work safety";
        Urban = "urban", "城市管理", "Urban management";
        Housing = "housing", "住房建设", "Housing and construction";
        Environment = "environment", "生态环境", "Ecology and environment";
    }
);

impl Domain {
    /// Prefix of the entry ids of the domain (pinyin initials of the Chinese name).
    pub fn id_prefix(self) -> &'static str {
        match self {
            Domain::Market => "SCJG",
            Domain::WorkSafety => "AQSC",
            Domain::Urban => "CSGL",
            Domain::Housing => "ZFJS",
            Domain::Environment => "STHJ",
        }
    }

    /// The domain of a department name (`天津市滨海新区应急管理局`, `区住建委执法支队`) or an
    /// enforcement-domain string of an officer's card (`食品安全`, `市容环境卫生`). The
    /// specific bureaus are tried before the generic "综合执法", because a bureau's own
    /// detachment is called 综合行政执法支队 too.
    pub fn from_department_or_domain(s: &str) -> Option<Domain> {
        let s = s.trim();
        if let Some(d) = Domain::parse(s) {
            return Some(d);
        }
        let has = |keys: &[&str]| keys.iter().any(|k| s.contains(k));
        if has(&[
            "市场监管",
            "市场监督管理",
            "食品安全",
            "产品质量",
            "无证无照",
            "价格",
            "广告",
            "特种设备",
            "市场主体登记",
        ]) {
            Some(Domain::Market)
        } else if has(&[
            "应急管理",
            "应急局",
            "安全生产",
            "危险化学品",
            "工贸行业安全",
        ]) {
            Some(Domain::WorkSafety)
        } else if has(&["生态环境", "环境保护", "污染防治", "排污", "环境影响评价"])
        {
            Some(Domain::Environment)
        } else if has(&["城市管理", "城管", "市容", "违法建设", "占道经营", "燃气"])
        {
            Some(Domain::Urban)
        } else if has(&["住房", "住建", "建设", "建筑", "房地产", "物业"]) {
            Some(Domain::Housing)
        } else if has(&["综合执法", "综合行政执法"]) {
            // Subdistricts' comprehensive enforcement works mostly the urban-management list.
            Some(Domain::Urban)
        } else {
            None
        }
    }
}

labelled_enum!(
    /// Which list an entry belongs to. Declared in priority order, strongest first.
    ListKind {
        NoPenalty = "no_penalty", "不予处罚", "No penalty";
        Mitigated = "mitigated", "减轻处罚", "Mitigated penalty";
        Lighter = "lighter", "从轻处罚", "Lighter penalty";
        NoCompulsion = "no_compulsion", "免予行政强制", "No compulsory measure";
    }
);

impl ListKind {
    /// Second part of the entry id: 不予 BY, 减轻 JQ, 从轻 CQ, 免强 MQ.
    pub fn id_code(self) -> &'static str {
        match self {
            ListKind::NoPenalty => "BY",
            ListKind::Mitigated => "JQ",
            ListKind::Lighter => "CQ",
            ListKind::NoCompulsion => "MQ",
        }
    }

    /// Whether the kind is about the penalty (the other is about compulsory measures).
    pub fn is_penalty_outcome(self) -> bool {
        self != ListKind::NoCompulsion
    }
}

labelled_enum!(
    /// Harm caused by the violation, from least to most.
    HarmLevel {
        None = "none", "没有造成危害后果", "No harm";
        Slight = "slight", "危害后果轻微", "Slight harm";
        Serious = "serious", "危害后果较重", "More than slight harm";
    }
);

/// A condition of an entry. Each names the provision it comes from (see [`Condition::provision`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Condition {
    /// 违法行为轻微 (行政处罚法 第三十三条 第一款 first sentence).
    MinorViolation,
    /// 初次违法 (第三十三条 第一款 second sentence).
    FirstViolation,
    /// Harm at most the level given (没有造成危害后果 / 危害后果轻微).
    Harm { at_most: HarmLevel },
    /// 及时改正.
    CorrectedInTime,
    /// 在责令改正期限内改正, within the number of days the list sets.
    CorrectedWithinDays { days: u32 },
    /// 主动消除或者减轻违法行为危害后果 (第三十二条（一）).
    EliminatedHarm,
    /// 受他人胁迫或者诱骗实施违法行为 (第三十二条（二）).
    Coerced,
    /// 主动供述行政机关尚未掌握的违法行为 (第三十二条（三）).
    Confessed,
    /// 配合行政机关查处违法行为有立功表现 (第三十二条（四）).
    Meritorious,
    /// 当事人有证据足以证明没有主观过错 (第三十三条 第二款).
    NoFault,
    /// 违法所得不超过 the amount (a threshold the list sets as a discretion standard, 第三十四条).
    IllegalGainsAtMost { fen: Money },
    /// 货值金额不超过 the amount (the same).
    GoodsValueAtMost { fen: Money },
    /// 履行了本法规定的进货查验等义务 (食品安全法 第一百三十六条).
    PurchaseInspected,
    /// 能如实说明其进货来源 (食品安全法 第一百三十六条).
    SourceExplained,
}

impl Condition {
    /// The provision the condition comes from, in an entry of `kind`. For 免予行政强制 the
    /// circumstances are read under 行政强制法 第十六条 第二款 ("情节显著轻微或者没有明显社会
    /// 危害"), for the penalty lists under 行政处罚法 第三十二条/第三十三条.
    pub fn provision(&self, kind: ListKind) -> &'static str {
        match self {
            Condition::MinorViolation
            | Condition::FirstViolation
            | Condition::Harm { .. }
            | Condition::CorrectedInTime
            | Condition::CorrectedWithinDays { .. } => {
                if kind == ListKind::NoCompulsion {
                    prov::QZ_ART_16_PARA_2
                } else {
                    prov::ART_33_PARA_1
                }
            }
            Condition::EliminatedHarm => prov::ART_32_ITEM_1,
            Condition::Coerced => prov::ART_32_ITEM_2,
            Condition::Confessed => prov::ART_32_ITEM_3,
            Condition::Meritorious => prov::ART_32_ITEM_4,
            Condition::NoFault => prov::ART_33_PARA_2,
            Condition::IllegalGainsAtMost { .. } | Condition::GoodsValueAtMost { .. } => {
                prov::ART_34
            }
            Condition::PurchaseInspected | Condition::SourceExplained => prov::SPAQ_ART_136,
        }
    }

    /// Chinese text of the condition.
    pub fn label_zh(&self) -> String {
        match self {
            Condition::MinorViolation => "违法行为轻微".into(),
            Condition::FirstViolation => "初次违法".into(),
            Condition::Harm { at_most } => match at_most {
                HarmLevel::None => "没有造成危害后果".into(),
                HarmLevel::Slight => "危害后果轻微（或者没有造成危害后果）".into(),
                HarmLevel::Serious => "危害后果不限".into(),
            },
            Condition::CorrectedInTime => "及时改正".into(),
            Condition::CorrectedWithinDays { days } => {
                format!("在责令改正之日起 {days} 日内改正")
            }
            Condition::EliminatedHarm => "主动消除或者减轻违法行为危害后果".into(),
            Condition::Coerced => "受他人胁迫或者诱骗实施违法行为".into(),
            Condition::Confessed => "主动供述行政机关尚未掌握的违法行为".into(),
            Condition::Meritorious => "配合行政机关查处违法行为有立功表现".into(),
            Condition::NoFault => "有证据足以证明没有主观过错".into(),
            Condition::IllegalGainsAtMost { fen } => format!("违法所得不超过 {fen} 元"),
            Condition::GoodsValueAtMost { fen } => format!("货值金额不超过 {fen} 元"),
            Condition::PurchaseInspected => "履行了进货查验等义务".into(),
            Condition::SourceExplained => "能如实说明进货来源".into(),
        }
    }

    /// English text of the condition.
    pub fn label_en(&self) -> String {
        match self {
            Condition::MinorViolation => "the violation is minor".into(),
            Condition::FirstViolation => "first violation".into(),
            Condition::Harm { at_most } => match at_most {
                HarmLevel::None => "no harm caused".into(),
                HarmLevel::Slight => "harm slight (or none)".into(),
                HarmLevel::Serious => "any harm".into(),
            },
            Condition::CorrectedInTime => "corrected in time".into(),
            Condition::CorrectedWithinDays { days } => {
                format!("corrected within {days} days of the order to correct")
            }
            Condition::EliminatedHarm => "actively eliminated or reduced the harm".into(),
            Condition::Coerced => "coerced or deceived into the violation".into(),
            Condition::Confessed => "confessed a violation the agency did not know of".into(),
            Condition::Meritorious => "meritorious cooperation with the investigation".into(),
            Condition::NoFault => "evidence sufficient to prove no subjective fault".into(),
            Condition::IllegalGainsAtMost { fen } => format!("illegal gains at most CNY {fen}"),
            Condition::GoodsValueAtMost { fen } => {
                format!("value of the goods at most CNY {fen}")
            }
            Condition::PurchaseInspected => "performed the purchase inspection duties".into(),
            Condition::SourceExplained => "can truthfully state the source of purchase".into(),
        }
    }

    /// Label in a language ("zh" | "en").
    pub fn label(&self, lang: &str) -> String {
        if lang == "en" {
            self.label_en()
        } else {
            self.label_zh()
        }
    }
}

/// One entry of a list: an exception to the base rule of the violation(s) it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Stable id: `<domain>-<kind>-NNN`, e.g. `SCJG-BY-001`.
    pub id: String,
    pub domain: Domain,
    pub kind: ListKind,
    /// The violation (违法行为) as the list names it.
    pub violation: String,
    /// Codes of the penalising provisions, as `powers::Violation.penalised`.
    pub penalised: Vec<String>,
    /// All must hold for the entry to apply.
    pub conditions: Vec<Condition>,
    /// Provisions the entry rests on (行政处罚法 / 行政强制法 and the domain law).
    pub provisions: Vec<String>,
    /// What the agency does instead (责令改正、教育…), free text.
    #[serde(default)]
    pub measures: String,
    /// First day of acts the entry applies to (its provisions come into force), if later than
    /// the list.
    #[serde(default)]
    pub in_force_from: Option<NaiveDate>,
    /// Last day of acts the entry applies to (its provisions are repealed or displaced the day
    /// after). 行政处罚法 第三十七条: the law in force when the act was done applies.
    #[serde(default)]
    pub in_force_until: Option<NaiveDate>,
}

impl Entry {
    /// Whether the entry is an exception to the violation penalised under `code`: the same
    /// provision, or a unit inside the one the entry names. Entries are keyed on the item they
    /// were written for, so an item's entry never answers for the other items of its article
    /// (行政处罚法 第三十三条 turns on the 违法行为; 第三十四条 裁量基准 publish the exception).
    pub fn covers(&self, code: &str) -> bool {
        let code = code.trim();
        self.penalised.iter().any(|p| {
            code == p
                || code
                    .strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.starts_with("__"))
        })
    }

    /// Whether the entry applies to an act done on `on` (行政处罚法 第三十七条: the provisions in
    /// force at the time of the act); an unknown day: the entry's dates are not checked.
    pub fn in_force_on(&self, on: Option<NaiveDate>) -> bool {
        on.is_none_or(|d| {
            self.in_force_from.is_none_or(|f| f <= d) && self.in_force_until.is_none_or(|u| d <= u)
        })
    }

    /// Whether the case's `code` is broader than the entry (an article or paragraph above the
    /// entry's item): the entry may or may not be the case's violation, so the lists cannot
    /// decide until the case is coded at the item.
    pub fn narrower_than(&self, code: &str) -> bool {
        let code = code.trim();
        !code.is_empty()
            && self.penalised.iter().any(|p| {
                p.strip_prefix(code)
                    .is_some_and(|rest| rest.starts_with("__"))
            })
    }
}

#[derive(Deserialize)]
struct ListFile {
    domain: Domain,
    #[serde(default)]
    entry: Vec<Entry>,
}

/// The compiled-in list files, one per domain.
const FILES: [(&str, &str); 5] = [
    ("scjg.toml", include_str!("../../data/leniency/scjg.toml")),
    ("aqsc.toml", include_str!("../../data/leniency/aqsc.toml")),
    ("csgl.toml", include_str!("../../data/leniency/csgl.toml")),
    ("zfjs.toml", include_str!("../../data/leniency/zfjs.toml")),
    ("sthj.toml", include_str!("../../data/leniency/sthj.toml")),
];

fn bad(file: &str, what: String, what_en: String) -> Error {
    Error::Internal(format!("leniency list {file}: {what_en} ({what})"))
}

/// Parses and validates the list files: ids unique and of the form `<domain>-<kind>-NNN`
/// matching the entry, the file's domain on every entry, at least one penalising provision,
/// one condition and one provision per entry.
pub fn load_entries() -> Result<Vec<Entry>> {
    let mut out = Vec::new();
    let mut ids = HashSet::new();
    for (file, text) in FILES {
        let f: ListFile = toml::from_str(text)
            .map_err(|e| Error::Internal(format!("leniency list {file}: {e}")))?;
        for e in f.entry {
            let want = format!("{}-{}-", e.domain.id_prefix(), e.kind.id_code());
            let num = e.id.strip_prefix(&want).unwrap_or("");
            if num.len() != 3 || !num.chars().all(|c| c.is_ascii_digit()) {
                return Err(bad(
                    file,
                    format!("编号 {} 应为 {want}NNN", e.id),
                    format!("id {} should be {want}NNN", e.id),
                ));
            }
            if e.domain != f.domain {
                return Err(bad(
                    file,
                    format!("{} 的领域与文件不符", e.id),
                    format!("{}: domain differs from the file's", e.id),
                ));
            }
            if e.penalised.is_empty() || e.conditions.is_empty() || e.provisions.is_empty() {
                return Err(bad(
                    file,
                    format!("{} 缺少处罚依据、条件或者依据条文", e.id),
                    format!(
                        "{}: penalised, conditions and provisions are required",
                        e.id
                    ),
                ));
            }
            if !ids.insert(e.id.clone()) {
                return Err(bad(
                    file,
                    format!("编号 {} 重复", e.id),
                    format!("duplicate id {}", e.id),
                ));
            }
            out.push(e);
        }
    }
    Ok(out)
}

/// Every entry of the five domains' lists, parsed once. The data is compiled in and validated by
/// the tests; should it still fail to parse, the error is logged and the lists are empty (the
/// engine then answers with the base rule only).
pub fn entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        load_entries().unwrap_or_else(|e| {
            tracing::error!(error = %e, "leniency lists failed to load");
            Vec::new()
        })
    })
}
