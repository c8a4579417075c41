//! Automatic checks of a case file (案卷评查辅助, issue 8): pure rules over the stored case
//! record, each with a stable code, the provision it rests on, the rubric points it costs and
//! the veto item (否决项) it belongs to. `run` loads the file and what the rules read (the
//! officers' cards, the working-day calendar, the law corpus); `fazhi_demo::supervision::plants`
//! labels the demo's known defects and scores the checks against them.

use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::Result;
use crate::calendar::HolidayCalendar;
use crate::cases::prov;
use crate::db::Db;

pub mod load;
mod rules;

pub use rules::{Env, Verdict};

/// One automatic finding on a case file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Finding {
    pub code: String,
    pub title_zh: String,
    pub title_en: String,
    pub passed: bool,
    /// Veto item code when failed and the check is a veto item.
    pub veto: Option<String>,
    /// Rubric points lost when failed, 0 when passed.
    pub deduction: i64,
    pub detail_zh: String,
    pub detail_en: String,
    /// Pointers: "step:<id>", "evidence:<id>", "date:<field>=<value>", provision codes.
    pub evidence: Vec<String>,
    pub provisions: Vec<String>,
}

/// Veto items of the rubric (否决项): (code, zh, en).
pub const VETO_ITEMS: &[(&str, &str, &str)] = &[
    (
        "unlawful_subject",
        "执法主体不合法",
        "Unlawful enforcement subject",
    ),
    (
        "uncertified_or_single_officer",
        "执法人员无证或少于二人",
        "Uncertified officer or fewer than two officers",
    ),
    ("unclear_facts", "事实不清", "Facts unclear"),
    ("insufficient_evidence", "证据不足", "Insufficient evidence"),
    ("wrong_law", "适用法律错误", "Wrong law applied"),
    ("procedural_breach", "程序违法", "Procedural breach"),
    (
        "transfer_not_made",
        "应移送未移送",
        "Required transfer not made",
    ),
    (
        "legal_review_missing",
        "应审未审",
        "Required legal review missing",
    ),
];

/// One automatic check: its stable code, titles, provisions, rubric deduction and veto item.
pub struct Check {
    pub code: &'static str,
    pub title_zh: &'static str,
    pub title_en: &'static str,
    pub provisions: &'static [&'static str],
    /// Rubric points lost when it fails.
    pub deduction: i64,
    /// Veto item (`VETO_ITEMS` code) the failure belongs to.
    pub veto: Option<&'static str>,
    pub rule: fn(&Env, &load::Record) -> Verdict,
}

const ART_17: &str = "行政处罚法/art_17";
const ART_33_36: [&str; 2] = [prov::ART_33_PARA_1, prov::ART_36_PARA_1];
const ART_34: &str = "行政处罚法/art_34";
const ART_37: &str = "行政处罚法/art_37";
const ART_40: &str = "行政处罚法/art_40";
const ART_45: &str = "行政处罚法/art_45";
const ART_46: &str = "行政处罚法/art_46";
const ART_47: &str = "行政处罚法/art_47";
const ART_59: &str = "行政处罚法/art_59";
const ART_66: &str = "行政处罚法/art_66";
const ART_67: &str = "行政处罚法/art_67";
const QZF_ART_46: &str = "行政强制法/art_46";
const QZF_ART_53: &str = "行政强制法/art_53";
const QZF_ART_54: &str = "行政强制法/art_54";
/// 国办发〔2018〕118号 (行政执法公示制度): seven working days.
const GUOBAN_2018_118: &str = "国办发〔2018〕118号";

/// The automatic checks, in the order of the procedure.
pub const CHECKS: &[Check] = &[
    Check {
        code: "filing_deadline",
        title_zh: "立案期限",
        title_en: "Filing within fifteen working days",
        provisions: &[prov::ART_54_PARA_2],
        deduction: 2,
        veto: None,
        rule: rules::filing_deadline,
    },
    Check {
        code: "power_of_body",
        title_zh: "执法主体与职权",
        title_en: "Power item belongs to the body",
        provisions: &[ART_17],
        deduction: 10,
        veto: Some("unlawful_subject"),
        rule: rules::power_of_body,
    },
    Check {
        code: "officer_count",
        title_zh: "执法人员不少于两人",
        title_en: "At least two officers",
        provisions: &[prov::ART_42_PARA_1],
        deduction: 10,
        veto: Some("uncertified_or_single_officer"),
        rule: rules::officer_count,
    },
    Check {
        code: "officer_cards",
        title_zh: "执法证件有效",
        title_en: "Valid enforcement cards on each act",
        provisions: &[prov::ART_42_PARA_1],
        deduction: 10,
        veto: Some("uncertified_or_single_officer"),
        rule: rules::officer_cards,
    },
    Check {
        code: "evidence_present",
        title_zh: "证据材料",
        title_en: "Evidence on file",
        provisions: &[ART_40, ART_46],
        deduction: 10,
        veto: Some("insufficient_evidence"),
        rule: rules::evidence_present,
    },
    Check {
        code: "evidence_integrity",
        title_zh: "证据完整性（SM3）",
        title_en: "Evidence integrity (SM3)",
        provisions: &[ART_46, ART_47],
        deduction: 10,
        veto: Some("insufficient_evidence"),
        rule: rules::evidence_integrity,
    },
    Check {
        code: "facts_recorded",
        title_zh: "违法事实清楚",
        title_en: "Facts found recorded",
        provisions: &[ART_40],
        deduction: 10,
        veto: Some("unclear_facts"),
        rule: rules::facts_recorded,
    },
    Check {
        code: "provisions_in_force",
        title_zh: "适用依据有效",
        title_en: "Provisions exist and are in force",
        provisions: &[ART_37],
        deduction: 10,
        veto: Some("wrong_law"),
        rule: rules::provisions_in_force,
    },
    Check {
        code: "penalty_allowed",
        title_zh: "依法不予处罚的未予处罚",
        title_en: "No penalty where the Law forbids one",
        provisions: &ART_33_36,
        deduction: 10,
        veto: Some("wrong_law"),
        rule: rules::penalty_allowed,
    },
    Check {
        code: "discretion_reason",
        title_zh: "裁量基准",
        title_en: "Fine within the discretion tier or reasoned",
        provisions: &[ART_34],
        deduction: 5,
        veto: None,
        rule: rules::discretion_reason,
    },
    Check {
        code: "legal_review",
        title_zh: "法制审核",
        title_en: "Legal review before the decision",
        provisions: &[prov::ART_58_PARA_1],
        deduction: 10,
        veto: Some("legal_review_missing"),
        rule: rules::legal_review,
    },
    Check {
        code: "prior_notice",
        title_zh: "事先告知",
        title_en: "Prior notice before the decision",
        provisions: &[prov::ART_44, prov::ART_62],
        deduction: 10,
        veto: Some("procedural_breach"),
        rule: rules::prior_notice,
    },
    Check {
        code: "hearing_right_notice",
        title_zh: "告知听证权利",
        title_en: "Hearing right notified",
        provisions: &[prov::ART_63_PARA_1],
        deduction: 10,
        veto: Some("procedural_breach"),
        rule: rules::hearing_right_notice,
    },
    Check {
        code: "statement_window",
        title_zh: "陈述申辩期限",
        title_en: "Decision after the statement window",
        provisions: &[ART_45, prov::ART_64_ITEM_1],
        deduction: 5,
        veto: Some("procedural_breach"),
        rule: rules::statement_window,
    },
    Check {
        code: "hearing_held",
        title_zh: "依申请举行听证",
        title_en: "Requested hearing held",
        provisions: &[prov::ART_63_PARA_1, prov::ART_65],
        deduction: 10,
        veto: Some("procedural_breach"),
        rule: rules::hearing_held,
    },
    Check {
        code: "collective_discussion",
        title_zh: "集体讨论",
        title_en: "Collective discussion",
        provisions: &[prov::ART_57_PARA_2],
        deduction: 10,
        veto: Some("procedural_breach"),
        rule: rules::collective_discussion,
    },
    Check {
        code: "summary_limits",
        title_zh: "简易程序适用范围",
        title_en: "Summary procedure within its limits",
        provisions: &[prov::ART_51],
        deduction: 10,
        veto: Some("procedural_breach"),
        rule: rules::summary_limits,
    },
    Check {
        code: "decision_deadline",
        title_zh: "办案期限",
        title_en: "Decision within ninety days",
        provisions: &[prov::ART_60],
        deduction: 5,
        veto: None,
        rule: rules::decision_deadline,
    },
    Check {
        code: "service_deadline",
        title_zh: "送达期限",
        title_en: "Service within seven working days",
        provisions: &[prov::ART_61_PARA_1, prov::ART_85],
        deduction: 3,
        veto: None,
        rule: rules::service_deadline,
    },
    Check {
        code: "payment_due",
        title_zh: "缴款期限",
        title_en: "Payment period of fifteen days",
        provisions: &[prov::ART_67_PARA_3],
        deduction: 2,
        veto: None,
        rule: rules::payment_due,
    },
    Check {
        code: "surcharge",
        title_zh: "加处罚款",
        title_en: "Late-payment surcharge",
        provisions: &[prov::ART_72_ITEM_1],
        deduction: 2,
        veto: None,
        rule: rules::surcharge,
    },
    Check {
        code: "payment_complete",
        title_zh: "执行到位",
        title_en: "Penalty carried out before closing",
        provisions: &[ART_66, ART_67],
        deduction: 3,
        veto: None,
        rule: rules::payment_complete,
    },
    Check {
        code: "compulsory_execution",
        title_zh: "强制执行程序",
        title_en: "Compulsory execution after reminder, in time",
        provisions: &[QZF_ART_46, QZF_ART_53, QZF_ART_54],
        deduction: 2,
        veto: None,
        rule: rules::compulsory_execution,
    },
    Check {
        code: "disclosure_made",
        title_zh: "处罚决定公示",
        title_en: "Decision disclosed",
        provisions: &[prov::ART_48_PARA_1],
        deduction: 3,
        veto: None,
        rule: rules::disclosure_made,
    },
    Check {
        code: "disclosure_on_time",
        title_zh: "公示时限",
        title_en: "Disclosure within seven working days",
        provisions: &[prov::ART_48_PARA_1, GUOBAN_2018_118],
        deduction: 2,
        veto: None,
        rule: rules::disclosure_on_time,
    },
    Check {
        code: "disclosure_masked",
        title_zh: "公示信息脱敏",
        title_en: "Citizen's data masked in the disclosure",
        provisions: &[prov::ART_48_PARA_1, "个人信息保护法/art_6"],
        deduction: 3,
        veto: None,
        rule: rules::disclosure_masked,
    },
    Check {
        code: "instruments_buildable",
        title_zh: "文书要素齐全",
        title_en: "Instruments complete",
        provisions: &[ART_59],
        deduction: 3,
        veto: None,
        rule: rules::instruments_buildable,
    },
    Check {
        code: "chronology",
        title_zh: "环节时序",
        title_en: "Dates in procedural order",
        provisions: &[ART_47],
        deduction: 2,
        veto: None,
        rule: rules::chronology,
    },
    Check {
        code: "audit_trail",
        title_zh: "全过程记录留痕",
        title_en: "Every step in the audit chain",
        provisions: &[ART_47],
        deduction: 2,
        veto: None,
        rule: rules::audit_trail,
    },
];

/// The check of a code.
pub fn check(code: &str) -> Option<&'static Check> {
    CHECKS.iter().find(|c| c.code == code)
}

/// Label of a veto item code.
pub fn veto_label(code: &str, lang: &str) -> Option<&'static str> {
    VETO_ITEMS
        .iter()
        .find(|v| v.0 == code)
        .map(|v| if lang == "en" { v.2 } else { v.1 })
}

/// What the rules read besides the case: the calendar and the parsed corpus, loaded once per
/// database (parsing the statutes is the expensive part).
pub struct Checker {
    pub cal: HolidayCalendar,
    pub corpus: fazhi_law::Corpus,
    pub params: crate::procedure::ParamSet,
    /// Check codes left out (`without`): lets an evaluation show that a disabled check is missed.
    pub skipped: Vec<&'static str>,
}

/// The cached checker: database URL and the calendar/corpus counters it was loaded at.
static CACHE: Mutex<Option<(String, Arc<Checker>)>> = Mutex::new(None);

impl Checker {
    /// Loads the calendar and corpus of a database.
    pub async fn load(db: &Db) -> Result<Checker> {
        Ok(Checker {
            cal: crate::calendar::load_calendar(db).await?,
            corpus: crate::law::load_corpus(db).await?,
            params: crate::procedure::ParamSet::load(db).await?,
            skipped: Vec::new(),
        })
    }

    /// The checker without one check (its findings are not produced).
    pub fn without(mut self, code: &str) -> Checker {
        if let Some(c) = check(code) {
            self.skipped.push(c.code);
        }
        self
    }

    /// The checker of a database, cached per database URL and reloaded when the calendar or
    /// the corpus changed on any instance (their version counters moved).
    pub async fn cached(db: &Db) -> Result<Arc<Checker>> {
        let v = crate::db::versions::read(db).await?;
        let n = |k: &str| v.get(k).copied().unwrap_or(0);
        let url = format!(
            "{}#{}#{}#{}",
            db.url(),
            n(crate::db::versions::CALENDAR),
            n(crate::db::versions::CORPUS),
            n(crate::db::versions::PROCEDURE)
        );
        if let Ok(g) = CACHE.lock()
            && let Some((u, c)) = g.as_ref()
            && *u == url
        {
            return Ok(c.clone());
        }
        let c = Arc::new(Checker::load(db).await?);
        if let Ok(mut g) = CACHE.lock() {
            *g = Some((url, c.clone()));
        }
        Ok(c)
    }

    /// Forgets the cached calendar and corpus (after a law import or a calendar change).
    pub fn invalidate() {
        if let Ok(mut g) = CACHE.lock() {
            *g = None;
        }
    }

    /// Every check over a loaded record.
    pub fn findings(&self, r: &load::Record) -> Vec<Finding> {
        let env = Env {
            cal: &self.cal,
            corpus: &self.corpus,
            params: &self.params,
        };
        CHECKS
            .iter()
            .filter(|c| !self.skipped.contains(&c.code))
            .map(|c| {
                let v = (c.rule)(&env, r);
                Finding {
                    code: c.code.to_string(),
                    title_zh: c.title_zh.to_string(),
                    title_en: c.title_en.to_string(),
                    passed: v.passed,
                    veto: if v.passed {
                        None
                    } else {
                        c.veto.map(str::to_string)
                    },
                    deduction: if v.passed { 0 } else { c.deduction },
                    detail_zh: v.zh,
                    detail_en: v.en,
                    evidence: v.evidence,
                    provisions: c.provisions.iter().map(|p| p.to_string()).collect(),
                }
            })
            .collect()
    }
}

/// The id of a case of the region given by its id or its case number (案号).
pub async fn find_case(db: &Db, region: &str, case: &str) -> Result<Option<i64>> {
    use sqlx::Row;
    let case = case.trim();
    let r = sqlx::query(
        "SELECT id FROM cases WHERE region_code = $1 AND (case_no = $2 OR CAST(id AS TEXT) = $2)",
    )
    .bind(region.to_string())
    .bind(case.to_string())
    .fetch_optional(db.pool())
    .await?;
    Ok(match r {
        Some(r) => Some(r.try_get(0)?),
        None => None,
    })
}

/// Runs every automatic check over one case of the region (no principal: callers check
/// permissions and scope).
pub async fn run(db: &Db, region: &str, case_id: i64) -> Result<Vec<Finding>> {
    let checker = Checker::cached(db).await?;
    run_with(db, &checker, region, case_id).await
}

/// `run` with a loaded checker (for many files).
pub async fn run_with(
    db: &Db,
    checker: &Checker,
    region: &str,
    case_id: i64,
) -> Result<Vec<Finding>> {
    let r = load::load(db, region, case_id).await?;
    Ok(checker.findings(&r))
}
