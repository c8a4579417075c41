//! The facts an instrument prints, gathered from the case file: what the documents module
//! builds its 执法文书 from.

use chrono::NaiveDate;

use super::documents::{
    self, CaseDates, CaseDocumentFacts, Discretion, Evidence, InstrumentKind, IssuingBody,
    LeniencyNote, Officer, Party, Payment, Provision, Sanctions, Service, ServiceMethod,
};
use super::queries::CaseFile;
use super::records::CaseOutcome;
use super::state::Stage;
use crate::cases::CaseRow;
use crate::db::Db;
use crate::money::Money;
use crate::org::payment_details_on;
use crate::{Error, Result};

/// Whether an instrument tells the party where to pay: a decision imposing a fine or a
/// confiscation of money that is not collected on the spot (行政处罚法 第六十七条 第三款; 当场收缴
/// under 第六十八条 needs no account).
pub fn needs_payment_details(kind: InstrumentKind, f: &CaseDocumentFacts) -> bool {
    matches!(
        kind,
        InstrumentKind::Decision | InstrumentKind::SummaryDecision
    ) && (f.sanctions.fine.is_some() || f.sanctions.confiscation.is_some())
        && !f.payment.collected_on_spot
}

/// Issues an instrument of a case: its facts, the issuing body's payment details in effect on
/// the decision date where the instrument needs them, then the printable model. A decision whose
/// body has entered no payment details is refused, naming the fields and where to enter them:
/// 第六十七条 第三款 requires the decision to tell the party where to pay.
pub async fn issue(
    db: &Db,
    file: &CaseFile,
    kind: InstrumentKind,
    cite: &(dyn Fn(&str) -> Provision + Sync),
) -> Result<documents::Instrument> {
    let mut f = facts(file, cite);
    if needs_payment_details(kind, &f) {
        let on = file.case.decided_on.unwrap_or_else(crate::time::today);
        let d = payment_details_on(db, file.case.department_id, on)
            .await?
            .ok_or_else(|| missing_payment_details(&file.case.department, kind, on))?;
        f.payment.bank = Some(d.bank);
        f.payment.account_name = Some(d.account_name);
        f.payment.account = Some(d.account_no);
        f.payment.revenue_code = Some(d.revenue_code);
    }
    documents::build(kind, &f)
}

/// The refusal of an instrument whose body lacks payment details.
pub fn missing_payment_details(body: &str, kind: InstrumentKind, on: NaiveDate) -> Error {
    Error::domain_invalid(
        "documents.payment_details_missing",
        "payment",
        format!(
            "{body}没有{on}起施行的罚没款缴款信息（缺少：代收银行、户名、账号、执收单位编码），不能出具{}。请部门管理员在“执法主体与人员 › 缴款信息”（/org/payment）中填写。",
            kind.title_zh()
        ),
        format!(
            "{body} has no payment details in effect on {on} (missing: collecting bank, account name, account number, non-tax revenue collection code), so the {} cannot be issued. The department administrator enters them under Bodies & officers › Payment details (/org/payment).",
            kind.title_en()
        ),
    )
}

/// Which instruments exist for a case at its stage.
pub fn available(file: &CaseFile) -> Vec<InstrumentKind> {
    use InstrumentKind as K;
    let c = &file.case;
    let mut out = Vec::new();
    let summary = c.procedure == super::records::Procedure::Summary;
    if c.filed_on.is_some() && !summary {
        out.push(K::FilingApproval);
    }
    if c.notice_on.is_some() {
        out.push(K::PriorNotice);
        if c.hearing_right {
            out.push(K::HearingNotice);
        }
    }
    if c.decided_on.is_some() && c.outcome == CaseOutcome::Penalty {
        out.push(if summary {
            K::SummaryDecision
        } else {
            K::Decision
        });
    }
    if c.served_on.is_some() {
        out.push(K::ServiceReceipt);
    }
    if c.stage >= Stage::Closed && c.closed_on.is_some() {
        out.push(K::ClosingApproval);
    }
    out
}

/// The document facts of a case file; `cite` resolves a provision code to its citation and
/// text in force.
pub fn facts(file: &CaseFile, cite: &dyn Fn(&str) -> Provision) -> CaseDocumentFacts {
    let c = &file.case;
    let service = service_of(file);
    let hearing_on = file
        .steps
        .iter()
        .find(|s| s.action == "hearing")
        .and_then(|s| s.on.parse().ok());
    let sanctions = sanctions_of(c);
    let abbrev = documents::department_abbrev(&c.department);
    let summary = c.procedure == super::records::Procedure::Summary;
    let mut document_numbers = std::collections::BTreeMap::new();
    if summary && let Some(no) = &c.decision_no {
        // The on-the-spot decision carries the decision number (第五十二条 预定格式、编有号码).
        document_numbers.insert(InstrumentKind::SummaryDecision, no.clone());
    }
    CaseDocumentFacts {
        body: IssuingBody {
            name: c.department.clone(),
            region_prefix: "津滨".into(),
            abbrev,
            address: None,
            phone: None,
            review_body: Some("天津市滨海新区人民政府".into()),
            court: None,
        },
        case_number: c.case_no.clone(),
        decision_number: c.decision_no.clone(),
        document_numbers,
        source: Some(c.source.label_zh().to_string()),
        party: Party {
            kind: c.party_kind,
            name: c.party_name.clone(),
            id_number: (!c.party_code.is_empty()).then(|| c.party_code.clone()),
            legal_representative: (!c.party_representative.is_empty())
                .then(|| c.party_representative.clone()),
            address: (!c.party_address.is_empty()).then(|| c.party_address.clone()),
            phone: None,
        },
        violation: c.violation.clone(),
        facts_found: (!c.facts.is_empty()).then(|| c.facts.clone()),
        evidence: file
            .evidence
            .iter()
            .map(|e| Evidence {
                name: e.name.clone(),
                sm3: e.sm3.clone(),
            })
            .collect(),
        // When the penalising article names the conduct itself, it is also the provision
        // violated (the power list then records no separate one).
        violated: if c.violated.is_empty() && !c.penalised.is_empty() {
            vec![cite(&c.penalised)]
        } else {
            c.violated.iter().map(|v| cite(v)).collect()
        },
        penalising: (!c.penalised.is_empty()).then(|| cite(&c.penalised)),
        correction_basis: None,
        correction: None,
        discretion: (!c.tier.is_empty()).then(|| Discretion {
            tier: c.tier.clone(),
            reason: c.out_of_tier_reason.clone(),
        }),
        leniency: leniency_note(c),
        sanctions,
        hearing_right: c.hearing_right,
        statement_days: None,
        statement_summary: None,
        spot_notice_given: c.spot_notice_given,
        dates: dates_of(c, hearing_on),
        // The platform records no separate place of the act: an on-the-spot decision is made
        // where the party was found, which the lead records as its address.
        place: (summary && !c.party_address.is_empty()).then(|| c.party_address.clone()),
        officers: file
            .team
            .iter()
            .map(|(_, name, card)| Officer {
                name: name.clone(),
                card_no: card.clone(),
            })
            .collect(),
        legal_review: (!c.legal_review_opinion.is_empty()).then(|| c.legal_review_opinion.clone()),
        collective_discussion: (!c.collective_note.is_empty()).then(|| c.collective_note.clone()),
        service,
        payment: payment_of(c),
        filing_approval: approval_of(file, "file"),
        closing_approval: approval_of(file, "close"),
        closing_reason: c.closed_on.map(|_| {
            if c.outcome == CaseOutcome::NoPenalty {
                "不予行政处罚，已对当事人进行教育".to_string()
            } else {
                "行政处罚决定已执行完毕".to_string()
            }
        }),
    }
}

/// The approval a step records: its note, who approved and on which day.
fn approval_of(file: &CaseFile, action: &str) -> Option<String> {
    let s = file.steps.iter().rev().find(|s| s.action == action)?;
    let on =
        s.on.parse::<NaiveDate>()
            .map(documents::chinese_date)
            .unwrap_or_else(|_| s.on.clone());
    let note = s.note.trim();
    let opinion = if note.is_empty() {
        "同意。".to_string()
    } else if note.ends_with('。') {
        note.to_string()
    } else {
        format!("{note}。")
    };
    Some(format!("{opinion}（{}，{on}）", s.actor))
}

/// The service of the decision, from the serve step's note (`方式：受送达人`).
fn service_of(file: &CaseFile) -> Option<Service> {
    let c = &file.case;
    let serve_note = file
        .steps
        .iter()
        .rev()
        .find(|s| s.action == "serve")
        .map(|s| s.note.clone());
    c.served_on.map(|date| {
        let (method, receiver) = match serve_note.as_deref().and_then(|n| n.split_once('：')) {
            Some((m, r)) => (method_of(m), Some(r.to_string())),
            None => (ServiceMethod::Direct, None),
        };
        Service {
            method,
            receiver,
            date: Some(date),
            place: None,
            documents: vec!["行政处罚决定书".into()],
            witness: None,
            note: None,
        }
    })
}

/// What the decision imposes.
fn sanctions_of(c: &CaseRow) -> Sanctions {
    let mut sanctions = Sanctions {
        warning: c.warning,
        fine: (c.fine_fen > 0).then(|| Money::from_fen(c.fine_fen)),
        confiscation: (c.confiscation_fen > 0).then(|| Money::from_fen(c.confiscation_fen)),
        other: Vec::new(),
    };
    if !c.other_measures.trim().is_empty() {
        sanctions.other.push(c.other_measures.trim().to_string());
    }
    sanctions
}

/// The leniency outcome with its trace: the statutory provisions, then the lists' summary.
fn leniency_note(c: &CaseRow) -> Option<LeniencyNote> {
    let statutory: Vec<String> = c
        .leniency_trace
        .pointer("/statutory/provisions")
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let lists: Vec<String> = c
        .leniency_trace
        .pointer("/lists/summary_zh")
        .and_then(|v| v.as_str())
        .map(|s| vec![s.to_string()])
        .unwrap_or_default();
    (!c.leniency_outcome.is_empty()).then(|| LeniencyNote {
        outcome: super::assessment::outcome_label(&c.leniency_outcome, "zh").to_string(),
        trace: statutory.into_iter().chain(lists).collect(),
    })
}

/// The dates the documents print.
fn dates_of(c: &CaseRow, hearing_on: Option<NaiveDate>) -> CaseDates {
    CaseDates {
        lead: Some(c.lead_on),
        filed: c.filed_on,
        notice: c.notice_on,
        statement_deadline: c.statement_due,
        hearing_request_deadline: c.hearing_request_due,
        hearing: hearing_on,
        decided: c.decided_on,
        served: c.served_on,
        payment_deadline: c.payment_due,
        closed: c.closed_on,
        correction_issued: None,
        correction_deadline: None,
    }
}

/// What was paid. Where it is paid comes from the body's payment details, which `issue` adds
/// (the case file does not carry them).
fn payment_of(c: &CaseRow) -> Payment {
    Payment {
        bank: None,
        account_name: None,
        account: None,
        revenue_code: None,
        paid: (c.paid_fen > 0).then(|| Money::from_fen(c.paid_fen)),
        paid_on: c.paid_on,
        surcharge: (c.surcharge_fen > 0).then(|| Money::from_fen(c.surcharge_fen)),
        collected_on_spot: false,
    }
}

fn method_of(label: &str) -> ServiceMethod {
    match label {
        "留置送达" => ServiceMethod::Left,
        "邮寄送达" => ServiceMethod::Post,
        "电子送达" => ServiceMethod::Electronic,
        "公告送达" => ServiceMethod::Public,
        _ => ServiceMethod::Direct,
    }
}
