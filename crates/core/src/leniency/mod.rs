//! Flexible-enforcement lists (柔性执法三张清单) and the discretion check.
//!
//! The lists — 不予处罚, 从轻/减轻处罚, 免予行政强制 — for the five domains of the report are
//! data (`crates/core/data/leniency/*.toml`, compiled in). Each entry is a labelled exception
//! to the base rule of its violation ("违反…的，应当依法给予行政处罚"), in the manner of Catala:
//! the exception names the penalising provision it overrides, its conditions and the provisions
//! it rests on, and the engine answers with the trace of every condition checked.
//!
//! Priority among exceptions that apply: 不予处罚 > 减轻 > 从轻 > the base rule. 免予行政强制
//! is about compulsory measures, not the penalty, and is reported beside the outcome.
//!
//! [`check_discretion`] places a proposed fine against the discretion tier (裁量基准, 行政处罚法
//! 第三十四条) and the legal range of the penalising provision.

mod discretion;
mod engine;
mod model;

#[cfg(test)]
mod tests;

pub use discretion::{
    DiscretionCheck, Mitigation, Placement, check_discretion, check_discretion_on, require_reason,
};
pub use engine::{
    BaseRule, CaseFacts, ConditionCheck, EntryMatch, Evaluation, Outcome, evaluate, evaluate_with,
    violations,
};
pub use model::{Condition, Domain, Entry, HarmLevel, ListKind, entries, load_entries};

/// Provision codes the lists and the checks cite, besides `cases::prov`.
pub mod prov {
    pub use crate::cases::prov::*;
    /// 行政处罚法 第五条 第二款 (过罚相当).
    pub const ART_5_PARA_2: &str = "行政处罚法/art_5__para_2";
    /// 行政处罚法 第六条 (处罚与教育相结合).
    pub const ART_6: &str = "行政处罚法/art_6";
    /// 行政处罚法 第三十二条 (应当从轻或者减轻, the whole article).
    pub const ART_32: &str = "行政处罚法/art_32";
    /// 行政处罚法 第三十四条 (行政处罚裁量基准).
    pub const ART_34: &str = "行政处罚法/art_34";
    /// 食品安全法 第一百三十六条 (履行进货查验义务、不知道不符合标准、如实说明进货来源的，
    /// 可以免予处罚).
    pub const SPAQ_ART_136: &str = "食品安全法/art_136";
    /// 行政强制法 第五条 (非强制手段可以达到目的的，不得实施行政强制).
    pub const QZ_ART_5: &str = "行政强制法/art_5";
    /// 行政强制法 第十六条 第二款 (情节显著轻微或者没有明显社会危害的，可以不采取行政强制措施).
    pub const QZ_ART_16_PARA_2: &str = "行政强制法/art_16__para_2";
}
