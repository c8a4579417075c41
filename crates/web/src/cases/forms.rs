//! Form bodies of the case pages and their translation into workflow steps. Bad input is a
//! bilingual `Error::Invalid` naming the field; nothing is written.

use axum::extract::Multipart;
use chrono::NaiveDate;
use fazhi_core::cases::payment::PeriodKind;
use fazhi_core::cases::periods::ExcludedKind;
use fazhi_core::cases::recusal::RaisedBy;
use fazhi_core::cases::rules::PartyKind;
use fazhi_core::cases::{
    Circumstances, ExecutionMode, HarmLevel, NewLead, Procedure, Proposal, ServiceMethod, Source,
    Step, StepInfo, StepKind, SurchargeDecision,
};
use fazhi_core::money::Money;
use fazhi_core::{Code, Error, Result};
use serde::Deserialize;

pub fn date(s: &str, field: &'static str) -> Result<NaiveDate> {
    s.trim()
        .parse()
        .map_err(|_| Error::of(Code::CasesDate).for_field(field))
}

fn yuan(s: &str, field: &'static str) -> Result<i64> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(0);
    }
    Money::parse_yuan(s)
        .map(|m| m.fen())
        .map_err(|e| Error::domain_invalid(e.code(), field, e.message_zh(), e.message_en()))
}

fn flag(v: &Option<String>) -> bool {
    v.as_deref()
        .is_some_and(|s| !s.is_empty() && s != "0" && s != "false")
}

/// `POST /cases/new`.
#[derive(Debug, Deserialize, Default, Clone)]
pub struct LeadForm {
    #[serde(default)]
    pub procedure: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub source_ref: String,
    /// "POWER_CODE|violation name".
    #[serde(default)]
    pub violation: String,
    #[serde(default)]
    pub party_kind: String,
    #[serde(default)]
    pub party_name: String,
    #[serde(default)]
    pub party_code: String,
    #[serde(default)]
    pub party_address: String,
    #[serde(default)]
    pub party_representative: String,
    #[serde(default)]
    pub facts: String,
    #[serde(default)]
    pub lead_on: String,
    /// 违法行为发生（或终了）日期: the law in force that day applies (第三十七条); empty means
    /// the date found.
    #[serde(default)]
    pub act_on: String,
}

impl LeadForm {
    pub fn to_lead(&self, department_id: i64) -> Result<NewLead> {
        let (power_code, violation) = self.violation.split_once('|').ok_or_else(|| {
            Error::of(Code::CasesViolationMissing)
                .for_field("violation")
                .arg_zh_en("reason", "请选择违法行为。", "Choose the violation.")
        })?;
        let party_kind = match self.party_kind.as_str() {
            "citizen" => PartyKind::Citizen,
            "organisation" => PartyKind::Organisation,
            _ => {
                return Err(Error::of(Code::CasesPartyKind).for_field("party_kind"));
            }
        };
        let code = self.party_code.trim();
        // Outside identifiers are checked by their check digit before anything is stored.
        if !code.is_empty() {
            let ok = match party_kind {
                PartyKind::Citizen => fazhi_core::ids::IdentityNumber::parse(code).is_ok(),
                PartyKind::Organisation => {
                    fazhi_core::ids::UnifiedSocialCreditCode::parse(code).is_ok()
                }
            };
            if !ok {
                return Err(Error::of(Code::CasesPartyCode).for_field("party_code"));
            }
        }
        Ok(NewLead {
            department_id,
            procedure: Procedure::parse(&self.procedure).unwrap_or(Procedure::General),
            source: Source::parse(&self.source).unwrap_or(Source::Other),
            source_ref: self.source_ref.clone(),
            inspection_id: None,
            power_code: power_code.to_string(),
            violation: violation.to_string(),
            party_kind,
            party_name: self.party_name.clone(),
            party_code: code.to_string(),
            party_address: self.party_address.clone(),
            party_representative: self.party_representative.clone(),
            facts: self.facts.clone(),
            lead_on: date(&self.lead_on, "lead_on")?,
            circumstances: Circumstances {
                act_ended_on: match self.act_on.trim() {
                    "" => None,
                    s => Some(date(s, "act_on")?),
                },
                ..Circumstances::default()
            },
        })
    }
}

/// `POST /cases/{id}/step`: every field of every step; `step` says which one.
#[derive(Debug, Deserialize, Default, Clone)]
pub struct StepForm {
    #[serde(default)]
    pub step: String,
    #[serde(default)]
    pub on: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub officer_1: String,
    #[serde(default)]
    pub officer_2: String,
    #[serde(default)]
    pub officer_3: String,
    #[serde(default)]
    pub facts: String,
    #[serde(default)]
    pub harm: String,
    #[serde(default)]
    pub first_violation: Option<String>,
    #[serde(default)]
    pub minor_violation: Option<String>,
    #[serde(default)]
    pub corrected_in_time: Option<String>,
    #[serde(default)]
    pub no_fault: Option<String>,
    #[serde(default)]
    pub m_eliminated: Option<String>,
    #[serde(default)]
    pub m_coerced: Option<String>,
    #[serde(default)]
    pub m_confessed: Option<String>,
    #[serde(default)]
    pub m_meritorious: Option<String>,
    #[serde(default)]
    pub complex: Option<String>,
    #[serde(default)]
    pub serious: Option<String>,
    #[serde(default)]
    pub public_interest: Option<String>,
    #[serde(default)]
    pub base_amount: String,
    #[serde(default)]
    pub no_penalty: Option<String>,
    #[serde(default)]
    pub warning: Option<String>,
    #[serde(default)]
    pub fine: String,
    #[serde(default)]
    pub confiscation: String,
    #[serde(default)]
    pub other_measures: String,
    #[serde(default)]
    pub tier: String,
    #[serde(default)]
    pub out_of_tier_reason: String,
    #[serde(default)]
    pub penalty_reason: String,
    #[serde(default)]
    pub passed: String,
    #[serde(default)]
    pub waived: Option<String>,
    /// The party expressly waived the hearing (separate from `waived`, 第六十二条 vs 第六十三条).
    #[serde(default)]
    pub hearing_waived: Option<String>,
    #[serde(default)]
    pub days: String,
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub receiver: String,
    #[serde(default)]
    pub paid: String,
    #[serde(default)]
    pub mode: String,
    /// 货值金额 (yuan) where the law's fine brackets turn on it.
    #[serde(default)]
    pub goods_value: String,
    /// 食品安全法 第一百三十六条 facts.
    #[serde(default)]
    pub purchase_inspected: Option<String>,
    #[serde(default)]
    pub source_explained: Option<String>,
    /// 逾期未改正 / 拒不改正 after the order to correct.
    #[serde(default)]
    pub not_corrected: Option<String>,
    /// 第六十四条（二）: the day the party was told the hearing's time and place.
    #[serde(default)]
    pub notified_on: String,
    /// 简易程序: told on the spot and heard, or waived (第四十四条, 第六十二条).
    #[serde(default)]
    pub spot_heard: Option<String>,
    /// Payment period: kind (`PeriodKind`), first and last day.
    #[serde(default)]
    pub period_kind: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    /// Surcharge decision (`SurchargeDecision`) and the reduced amount (yuan).
    #[serde(default)]
    pub surcharge_decision: String,
    #[serde(default)]
    pub amount: String,
    /// 回避: who raised it (`RaisedBy`) and the head's decision (`yes` / `no`); the officer is
    /// `officer_1`, the replacement `officer_2`.
    #[serde(default)]
    pub raised_by: String,
    #[serde(default)]
    pub granted: String,
}

impl StepForm {
    fn officers(&self) -> Result<Vec<i64>> {
        let mut out = Vec::new();
        for s in [&self.officer_1, &self.officer_2, &self.officer_3] {
            let s = s.trim();
            if s.is_empty() {
                continue;
            }
            out.push(
                s.parse::<i64>()
                    .map_err(|_| Error::of(Code::CasesOfficers).for_field("officers"))?,
            );
        }
        Ok(out)
    }

    fn circumstances(&self) -> Result<Circumstances> {
        let mut mitigations = Vec::new();
        for (v, name) in [
            (&self.m_eliminated, "eliminated_harm"),
            (&self.m_coerced, "coerced"),
            (&self.m_confessed, "confessed"),
            (&self.m_meritorious, "meritorious"),
        ] {
            if flag(v) {
                mitigations.push(name.to_string());
            }
        }
        let base = yuan(&self.base_amount, "base_amount")?;
        let goods = yuan(&self.goods_value, "goods_value")?;
        Ok(Circumstances {
            act_ended_on: None,
            first_violation: flag(&self.first_violation),
            minor_violation: flag(&self.minor_violation),
            harm: HarmLevel::parse(&self.harm).unwrap_or(HarmLevel::Serious),
            corrected_in_time: flag(&self.corrected_in_time),
            proven_no_fault: flag(&self.no_fault),
            mitigations,
            age_at_act: None,
            life_health_or_financial: false,
            major_public_interest: flag(&self.public_interest),
            complex: flag(&self.complex),
            serious_violation: flag(&self.serious),
            base_amount_fen: (base > 0).then_some(base),
            goods_value_fen: (goods > 0).then_some(goods),
            purchase_inspected: flag(&self.purchase_inspected),
            source_explained: flag(&self.source_explained),
            not_corrected: flag(&self.not_corrected).then_some(true),
        })
    }

    fn proposal(&self) -> Result<Proposal> {
        Ok(Proposal {
            no_penalty: flag(&self.no_penalty),
            warning: flag(&self.warning),
            fine_fen: yuan(&self.fine, "fine")?,
            confiscation_fen: yuan(&self.confiscation, "confiscation")?,
            other_measures: self.other_measures.trim().to_string(),
            tier: self.tier.trim().to_string(),
            out_of_tier_reason: self.out_of_tier_reason.clone(),
            penalty_reason: self.penalty_reason.clone(),
        })
    }

    /// The day and the step the form asks for (`step` names a kind of the step registry).
    pub fn to_step(&self) -> Result<(NaiveDate, Step)> {
        let on = date(&self.on, "on")?;
        let kind = StepKind::parse(&self.step)
            .ok_or_else(|| Error::of(Code::CasesStepUnknown).for_field("step"))?;
        let step = match kind {
            StepKind::File => Step::File {
                note: self.note.clone(),
            },
            StepKind::Drop => Step::Drop {
                reason: self.note.clone(),
            },
            StepKind::Investigate => Step::Investigate {
                officers: self.officers()?,
            },
            StepKind::Review => Step::Review {
                facts: self.facts.clone(),
                circumstances: self.circumstances()?,
                proposal: self.proposal()?,
            },
            StepKind::LegalReview => Step::LegalReview {
                passed: self.passed != "no",
                opinion: self.note.clone(),
            },
            StepKind::Notify => Step::Notify {
                waived: flag(&self.waived),
                hearing_waived: flag(&self.hearing_waived),
            },
            StepKind::RequestHearing => Step::RequestHearing,
            StepKind::HoldHearing => Step::HoldHearing {
                note: self.note.clone(),
                notified_on: match self.notified_on.trim() {
                    "" => None,
                    s => Some(date(s, "notified_on")?),
                },
            },
            StepKind::Discuss => Step::Discuss {
                note: self.note.clone(),
            },
            StepKind::Extend => Step::Extend {
                days: self
                    .days
                    .trim()
                    .parse()
                    .map_err(|_| Error::of(Code::CasesDays).for_field("days"))?,
                reason: self.note.clone(),
            },
            StepKind::ExtendFiling => Step::ExtendFiling {
                reason: self.note.clone(),
            },
            StepKind::ExcludePeriod => Step::ExcludePeriod {
                kind: ExcludedKind::parse(&self.period_kind).ok_or_else(|| {
                    Error::of(Code::CasesExcludedPeriod)
                        .for_field("period_kind")
                        .arg_zh_en("reason", "请选择期间类型。", "Choose the kind of period.")
                })?,
                from: date(&self.from, "from")?,
                to: date(&self.to, "to")?,
                note: self.note.clone(),
            },
            StepKind::Recuse => {
                let officer = |s: &str, field: &'static str| -> Result<Option<i64>> {
                    match s.trim() {
                        "" => Ok(None),
                        v => v
                            .parse()
                            .map(Some)
                            .map_err(|_| Error::of(Code::CasesOfficers).for_field(field)),
                    }
                };
                Step::Recuse {
                    officer: officer(&self.officer_1, "officer_1")?
                        .ok_or_else(|| Error::of(Code::CasesOfficers).for_field("officer_1"))?,
                    raised_by: RaisedBy::parse(&self.raised_by).ok_or_else(|| {
                        Error::of(Code::CasesRecusal)
                            .for_field("raised_by")
                            .arg_zh_en(
                                "reason",
                                "请选择回避的提出方式。",
                                "Choose who raised the recusal.",
                            )
                    })?,
                    granted: match self.granted.as_str() {
                        "yes" => true,
                        "no" => false,
                        _ => {
                            return Err(Error::of(Code::CasesRecusal)
                                .for_field("granted")
                                .arg_zh_en(
                                    "reason",
                                    "请选择是否回避。",
                                    "Choose whether the officer withdraws.",
                                ));
                        }
                    },
                    replacement: officer(&self.officer_2, "officer_2")?,
                    reason: self.note.clone(),
                }
            }
            StepKind::Urge => Step::Urge {
                note: self.note.clone(),
            },
            StepKind::ApplyCourt => Step::ApplyCourt {
                court: self.note.clone(),
            },
            StepKind::Decide => Step::Decide { proposal: None },
            StepKind::DecideOnSpot => Step::DecideOnSpot {
                officers: self.officers()?,
                proposal: self.proposal()?,
                heard: flag(&self.spot_heard),
            },
            StepKind::Serve => Step::Serve {
                method: ServiceMethod::parse(&self.method).unwrap_or(ServiceMethod::Direct),
                receiver: self.receiver.clone(),
            },
            StepKind::Execute => Step::Execute {
                paid_fen: yuan(&self.paid, "paid")?,
                mode: ExecutionMode::parse(&self.mode).unwrap_or(ExecutionMode::Paid),
            },
            StepKind::PaymentPeriod => Step::PaymentPeriod {
                kind: PeriodKind::parse(&self.period_kind).ok_or_else(|| {
                    Error::of(Code::CasesPaymentPeriodDates)
                        .for_field("period_kind")
                        .arg_zh_en("reason", "请选择期间类型。", "Choose the kind of period.")
                })?,
                from: date(&self.from, "from")?,
                to: date(&self.to, "to")?,
                note: self.note.clone(),
            },
            StepKind::DecideSurcharge => Step::DecideSurcharge {
                decision: SurchargeDecision::parse(&self.surcharge_decision)
                    .unwrap_or(SurchargeDecision::Full),
                amount_fen: yuan(&self.amount, "amount")?,
                reason: self.note.clone(),
            },
            StepKind::Close => Step::Close {
                note: self.note.clone(),
            },
            StepKind::Archive => Step::Archive,
        };
        Ok((on, step))
    }
}

/// A step form offered on the case page: an entry of the core step registry
/// (`fazhi_core::cases::available_steps`).
pub type StepChoice = StepInfo;

/// An uploaded evidence file with its fields.
pub struct EvidenceUpload {
    pub csrf: String,
    pub name: String,
    pub kind: String,
    pub on: String,
    pub media_type: String,
    pub content: Vec<u8>,
}

/// Reads the multipart evidence form, refusing files over the limit.
pub async fn read_evidence(mut mp: Multipart) -> Result<EvidenceUpload> {
    let mut up = EvidenceUpload {
        csrf: String::new(),
        name: String::new(),
        kind: String::new(),
        on: String::new(),
        media_type: String::new(),
        content: Vec::new(),
    };
    let too_large = || {
        Error::of(Code::CasesEvidenceSize)
            .for_field("file")
            .arg_zh_en(
                "reason",
                "证据文件超过 8 MB。",
                "The evidence file is larger than 8 MB.",
            )
    };
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                return Err(Error::of(Code::UploadMalformed)
                    .for_field("file")
                    .arg_zh_en(
                        "reason",
                        format!("上传内容无法解析：{e}"),
                        format!("The upload could not be read: {e}"),
                    ));
            }
        };
        let name = field.name().unwrap_or("").to_string();
        let media = field
            .content_type()
            .unwrap_or("application/octet-stream")
            .to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = field.bytes().await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                too_large()
            } else {
                Error::of(Code::UploadMalformed)
                    .for_field("file")
                    .arg_zh_en(
                        "reason",
                        format!("上传内容无法读取：{e}"),
                        format!("The upload could not be read: {e}"),
                    )
            }
        })?;
        let text = || String::from_utf8_lossy(&bytes).into_owned();
        match name.as_str() {
            "csrf" => up.csrf = text(),
            "name" => up.name = text(),
            "kind" => up.kind = text(),
            "on" => up.on = text(),
            "file" => {
                if bytes.len() > fazhi_core::cases::workflow::MAX_EVIDENCE_BYTES {
                    return Err(too_large());
                }
                up.media_type = media;
                if up.name.trim().is_empty()
                    && let Some(f) = file_name
                {
                    up.name = f;
                }
                up.content = bytes.to_vec();
            }
            _ => {}
        }
    }
    Ok(up)
}
