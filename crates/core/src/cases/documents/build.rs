//! Builders: one function per instrument, each refusing when the facts its content requires
//! are missing. Wording follows the standard administrative-penalty instrument language.

use super::{
    CaseDocumentFacts, Instrument, InstrumentKind, Party, Provision, Row, Sanctions, Section,
    ServiceMethod, Signature, Stub, chinese_date,
};
use crate::Code;
use crate::cases::rules::{PartyKind, Sanction, SummaryFacts, summary_procedure_allowed};
use crate::error::{Error, Result};
use crate::ids::mask_str;

const XZCFF: &str = "《中华人民共和国行政处罚法》";
const SEAL: &str = "（印章）";

/// Builds the printable instrument of `kind` from the case facts, or refuses with a bilingual
/// `Error::Invalid` naming what is missing for that instrument.
pub fn build(kind: InstrumentKind, facts: &CaseDocumentFacts) -> Result<Instrument> {
    need(
        !facts.case_number.trim().is_empty(),
        Error::of(Code::DocumentsCaseNumberMissing).for_field("case_number"),
    )?;
    need(
        !facts.body.name.trim().is_empty(),
        Error::of(Code::DocumentsBodyMissing).for_field("body"),
    )?;
    need(
        !facts.party.name.trim().is_empty(),
        Error::of(Code::DocumentsPartyMissing).for_field("party"),
    )?;
    match kind {
        InstrumentKind::FilingApproval => filing_approval(facts),
        InstrumentKind::CorrectionOrder => correction_order(facts),
        InstrumentKind::PriorNotice => prior_notice(facts),
        InstrumentKind::HearingNotice => hearing_notice(facts),
        InstrumentKind::Decision => decision(facts),
        InstrumentKind::SummaryDecision => summary_decision(facts),
        InstrumentKind::ServiceReceipt => service_receipt(facts),
        InstrumentKind::ClosingApproval => closing_approval(facts),
    }
}

// ---- the instruments ---------------------------------------------------------

/// 立案审批表: 第五十四条 第二款 "符合立案标准的，行政机关应当及时立案"; the case officers
/// must be at least two (第四十二条 第一款).
fn filing_approval(f: &CaseDocumentFacts) -> Result<Instrument> {
    let kind = InstrumentKind::FilingApproval;
    need_violation(f)?;
    need(
        f.officers.len() >= 2,
        Error::of(Code::DocumentsOfficersMissing)
            .for_field("officers")
            .arg_zh_en(
                "reason",
                "两名以上承办执法人员（《中华人民共和国行政处罚法》第四十二条第一款）",
                "at least two case officers (Administrative Penalty Law art. 42 para. 1)",
            ),
    )?;
    let mut rows = vec![
        row("案号", &f.case_number),
        row("案件来源", opt(&f.source)),
        row("线索登记日期", &date_or_blank(f.dates.lead)),
        row("案由", &f.violation),
    ];
    rows.extend(party_rows(&f.party, kind));
    rows.extend([
        row("简要案情", opt(&f.facts_found)),
        row(
            "涉嫌违反的规定",
            &if f.violated.is_empty() {
                "待调查确认".to_string()
            } else {
                citations(&f.violated)
            },
        ),
        row(
            "立案依据",
            &format!("{XZCFF}第五十四条第二款：“符合立案标准的，行政机关应当及时立案。”"),
        ),
        row("承办人", &officers_line(f)),
        row("承办人意见", "建议立案调查。"),
        row(
            "负责人审批意见",
            &approval_line(f.filing_approval.as_deref()),
        ),
        row("立案日期", &date_or_blank(f.dates.filed)),
    ]);
    Ok(Instrument {
        sections: vec![table(None, recorded(rows))],
        ..base(kind, f, None, f.dates.filed)
    })
}

/// 责令改正通知书: 第二十八条 第一款 "行政机关实施行政处罚时，应当责令当事人改正或者限期改正
/// 违法行为。"
fn correction_order(f: &CaseDocumentFacts) -> Result<Instrument> {
    let kind = InstrumentKind::CorrectionOrder;
    need_violation(f)?;
    need_violated(f)?;
    let demand = f.correction.as_deref().filter(|s| !s.trim().is_empty());
    let demand = demand
        .ok_or_else(|| Error::of(Code::DocumentsCorrectionMissing).for_field("correction"))?;
    let you = you(&f.party);
    let found = f.facts_found.as_deref().unwrap_or(&f.violation);
    let mut basis = format!("{XZCFF}第二十八条第一款");
    if let Some(p) = &f.correction_basis {
        basis.push('、');
        basis.push_str(&p.citation);
    }
    let when = match f.dates.correction_deadline {
        // The last day is included: "截至" (A19: "前" reads as excluding it).
        Some(d) => format!("截至{}", chinese_date(d)),
        None => "立即".to_string(),
    };
    let mut paras = vec![
        format!("经查，{you}{found}。"),
        format!("{you}的上述行为违反了{}的规定。", citations(&f.violated)),
        format!("依据{basis}的规定，本机关责令{you}{when}改正上述违法行为：{demand}。"),
        format!("请{you}按期改正，并将改正情况书面报告本机关。逾期不改正的，本机关将依法处理。"),
    ];
    paras.extend(remedies(f, "本通知"));
    paras.extend(contact(f));
    let mut sections = vec![text(None, paras)];
    sections.push(basis_section(
        "依据条文",
        f.violated.iter().chain(f.correction_basis.iter()),
    ));
    Ok(Instrument {
        sections,
        ..base(kind, f, addressee(&f.party), f.dates.correction_issued)
    })
}

/// 行政处罚事先告知书: 第四十四条 (content, facts, reasons, basis and the rights), 第四十五条
/// (陈述申辩, no heavier penalty for it), and where 第六十三条 gives it the hearing right with
/// the five-day request period of 第六十四条（一）(working days, 第八十五条).
fn prior_notice(f: &CaseDocumentFacts) -> Result<Instrument> {
    let kind = InstrumentKind::PriorNotice;
    need_facts(f)?;
    need_violated(f)?;
    let penalising = need_penalising(f)?;
    need_sanctions(f)?;
    let period = statement_period(f)?;
    let you = you(&f.party);
    let mut facts = vec![format!("经查，{}", ensure_stop(opt(&f.facts_found)))];
    if !f.evidence.is_empty() {
        facts.push(format!(
            "以上事实有{}等证据证明。",
            f.evidence
                .iter()
                .map(|e| e.name.as_str())
                .collect::<Vec<_>>()
                .join("、")
        ));
    }
    let mut reason = format!(
        "{you}的上述行为违反了{}的规定。依据{}的规定",
        citations(&f.violated),
        penalising.citation
    );
    // A tier chosen within the benchmark needs no stated reason; an empty one prints nothing.
    if let Some(d) = f
        .discretion
        .as_ref()
        .filter(|d| !d.reason.trim().is_empty())
    {
        reason.push_str(&format!("，{}", strip_stop(&d.reason)));
    }
    reason.push_str(&format!("，本机关拟对{you}作出如下行政处罚："));
    facts.push(reason);
    facts.extend(sanction_lines(&f.sanctions));
    let mut rights = vec![format!(
        "根据{XZCFF}第四十四条、第四十五条的规定，{you}享有陈述、申辩的权利，可以{period}向本机关提出陈述、申辩意见。本机关将对{you}提出的事实、理由和证据进行复核，不因{you}陈述、申辩而给予更重的处罚。"
    )];
    if f.hearing_right {
        rights.push(hearing_request_sentence(f, you));
        rights.push("逾期未提出陈述、申辩或者听证要求的，视为放弃上述权利。".to_string());
    } else {
        rights.push("逾期未提出陈述、申辩的，视为放弃上述权利。".to_string());
    }
    rights.extend(contact(f));
    let mut sections = vec![text(None, facts)];
    sections.push(basis_section(
        "依据条文",
        f.violated.iter().chain([penalising]),
    ));
    sections.push(text(Some("当事人的权利"), rights));
    Ok(Instrument {
        sections,
        ..base(kind, f, addressee(&f.party), f.dates.notice)
    })
}

/// 行政处罚听证告知书: only where 第六十三条 第一款 gives the right; 第六十四条 items (一)–(五)
/// describe how the hearing is organised.
fn hearing_notice(f: &CaseDocumentFacts) -> Result<Instrument> {
    let kind = InstrumentKind::HearingNotice;
    need(
        f.hearing_right,
        Error::of(Code::DocumentsNoHearingRight).for_field("hearing_right"),
    )?;
    need_violation(f)?;
    let penalising = need_penalising(f)?;
    need_sanctions(f)?;
    let you = you(&f.party);
    let mut paras = vec![format!(
        "本机关拟对{you}{}一案，依据{}的规定，作出如下行政处罚：",
        f.violation, penalising.citation
    )];
    paras.extend(sanction_lines(&f.sanctions));
    paras.push(format!(
        "根据{XZCFF}第六十三条第一款的规定，{you}有要求听证的权利。"
    ));
    paras.push(hearing_request_sentence(f, you));
    paras.push("逾期未提出的，视为放弃听证权利。".to_string());
    paras.push(format!(
        "听证依照{XZCFF}第六十四条组织：本机关在举行听证的七日前通知听证的时间、地点；除涉及国家秘密、商业秘密或者个人隐私依法予以保密外，听证公开举行；听证由本机关指定的非本案调查人员主持，{you}认为主持人与本案有直接利害关系的，有权申请回避；{you}可以亲自参加听证，也可以委托一至二人代理。"
    ));
    paras.extend(contact(f));
    Ok(Instrument {
        sections: vec![
            text(None, paras),
            basis_section("依据条文", std::iter::once(penalising)),
        ],
        ..base(kind, f, addressee(&f.party), f.dates.notice)
    })
}

/// 行政处罚决定书, 第五十九条: (一) 当事人的姓名或者名称、地址; (二) 违反法律、法规、规章的事实
/// 和证据; (三) 行政处罚的种类和依据; (四) 履行方式和期限; (五) 申请行政复议、提起行政诉讼的
/// 途径和期限; (六) 行政机关名称和作出决定的日期. A missing decision date prints a blank date
/// line (a draft for 法制审核), never a wrong one.
fn decision(f: &CaseDocumentFacts) -> Result<Instrument> {
    let kind = InstrumentKind::Decision;
    let number = f
        .decision_number
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| {
            Error::of(Code::DocumentsDecisionNumberMissing).for_field("decision_number")
        })?;
    need(
        f.party
            .address
            .as_deref()
            .is_some_and(|a| !a.trim().is_empty()),
        Error::of(Code::DocumentsPartyAddressMissing).for_field("party.address"),
    )?;
    need_facts(f)?;
    need_violated(f)?;
    let penalising = need_penalising(f)?;
    need_sanctions(f)?;

    let mut heads = Numbering::default();
    // (一) party: printed as `label：value` lines under the number.
    let mut sections = vec![Section {
        rows: party_rows(&f.party, kind),
        ..Section::default()
    }];
    // (二) facts and evidence.
    let mut facts = vec![format!("经查，{}", ensure_stop(opt(&f.facts_found)))];
    if !f.evidence.is_empty() {
        facts.push("以上事实有下列证据证明：".to_string());
        facts.extend(evidence_lines(f));
    }
    sections.push(text(Some(&heads.next("违法事实和证据")), facts));
    if let Some(s) = f.statement_summary.as_deref().filter(|s| !s.is_empty()) {
        sections.push(text(
            Some(&heads.next("陈述、申辩和听证情况")),
            vec![s.to_string()],
        ));
    }
    // (三) kinds and basis.
    let mut basis = vec![format!(
        "当事人的上述行为违反了{}的规定。",
        citations(&f.violated)
    )];
    basis.extend(f.violated.iter().map(quote));
    basis.push(format!("依据{}的规定：", penalising.citation));
    basis.push(quote(penalising));
    if let Some(d) = &f.discretion {
        basis.push(format!("裁量情形：{}。{}", d.tier, ensure_stop(&d.reason)));
    }
    if let Some(l) = &f.leniency {
        let trace = if l.trace.is_empty() {
            String::new()
        } else {
            format!("（{}）", l.trace.join("、"))
        };
        basis.push(format!("{}{trace}。", strip_stop(&l.outcome)));
    }
    sections.push(text(Some(&heads.next("处罚依据和理由")), basis));
    let mut decided = vec!["本机关决定对当事人作出如下行政处罚：".to_string()];
    decided.extend(sanction_lines(&f.sanctions));
    sections.push(text(Some(&heads.next("行政处罚的种类")), decided));
    // (四) performance.
    sections.push(text(
        Some(&heads.next("履行方式和期限")),
        performance(f, "本决定书"),
    ));
    // (五) remedies.
    sections.push(text(
        Some(&heads.next("救济途径和期限")),
        remedies(f, "本决定"),
    ));
    let mut inst = base(kind, f, None, f.dates.decided);
    inst.number = Some(number.to_string());
    inst.sections = sections;
    Ok(inst)
}

/// 当场行政处罚决定书, 第五十二条: 预定格式、编有号码; 载明违法行为, 种类和依据, 罚款数额, 时间、
/// 地点, 复议诉讼途径和期限, 行政机关名称, 执法人员签名或者盖章; 当场交付, 拒绝签收的注明;
/// 报所属行政机关备案. Only cases within 第五十一条 qualify.
fn summary_decision(f: &CaseDocumentFacts) -> Result<Instrument> {
    let kind = InstrumentKind::SummaryDecision;
    let number = numbered(f, kind)
        .ok_or_else(|| Error::of(Code::DocumentsNumberMissing).for_field("document_numbers"))?;
    need_violation(f)?;
    let penalising = need_penalising(f)?;
    need_sanctions(f)?;
    summary_procedure_allowed(&SummaryFacts {
        facts_certain_with_basis: true,
        party: f.party.kind,
        sanctions: summary_sanctions(&f.sanctions),
    })
    .map_err(|r| {
        Error::of(Code::DocumentsSummaryNotAllowed)
            .for_field("sanctions")
            .arg_zh_en("reason", r.message_zh(), r.message_en())
    })?;
    let decided = f
        .dates
        .decided
        .ok_or_else(|| Error::of(Code::DocumentsDecidedMissing).for_field("dates.decided"))?;
    let place = f
        .place
        .as_deref()
        .filter(|p| !p.trim().is_empty())
        .ok_or_else(|| Error::of(Code::DocumentsPlaceMissing).for_field("place"))?;
    need(
        !f.officers.is_empty(),
        Error::of(Code::DocumentsOfficersMissing)
            .for_field("officers")
            .arg_zh_en(
                "reason",
                "执法人员（第五十二条：出示执法证件并签名）",
                "the officers (art. 52: show cards and sign)",
            ),
    )?;
    // 第四十四条、第六十二条: told on the spot and heard (or waived) before the decision.
    need(
        f.spot_notice_given,
        Error::of(Code::DocumentsSpotNoticeMissing).for_field("spot_notice_given"),
    )?;
    let you = you(&f.party);
    let act = f
        .facts_found
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or(&f.violation);
    let mut paras = vec![format!(
        "执法人员已向{you}出示执法证件。经查，{you}于{}在{place}{}。",
        chinese_date(decided),
        strip_stop(act)
    )];
    paras.push(format!(
        "作出本决定前，执法人员已当场告知{you}拟作出的行政处罚内容及事实、理由、依据和{you}依法享有的陈述、申辩权利，并听取了{you}的陈述、申辩（或{you}明确放弃陈述、申辩）（{XZCFF}第四十四条、第六十二条）。"
    ));
    if !f.violated.is_empty() {
        paras.push(format!(
            "{you}的上述行为违反了{}的规定。",
            citations(&f.violated)
        ));
    }
    paras.push(format!(
        "依据{}的规定，依照{XZCFF}第五十一条、第五十二条的规定，当场作出如下行政处罚：",
        penalising.citation
    ));
    paras.extend(sanction_lines(&f.sanctions));
    let mut sections = vec![
        Section {
            rows: party_rows(&f.party, kind),
            ..Section::default()
        },
        text(None, paras),
        basis_section("依据条文", f.violated.iter().chain([penalising])),
        text(Some("履行方式和期限"), performance(f, "本决定书")),
        text(Some("救济途径和期限"), summary_remedies(f)),
    ];
    sections.push(text(
        None,
        vec![format!(
            "本决定当场交付当事人，并报{}备案（{XZCFF}第五十二条第一款、第三款）。",
            f.body.name
        )],
    ));
    let mut inst = base(kind, f, None, Some(decided));
    inst.number = Some(number);
    inst.sections = sections;
    inst.signature.signers = f
        .officers
        .iter()
        .map(|o| {
            format!(
                "执法人员：{}　执法证号：{}　签名：＿＿＿＿",
                o.name, o.card_no
            )
        })
        .collect();
    inst.stub = Some(Stub {
        heading: "当事人签收".to_string(),
        rows: vec![
            row("当事人签名或者盖章", ""),
            row("签收时间", "　　年　　月　　日"),
        ],
        note: Some(
            "当事人拒绝签收的，由执法人员在此注明（第五十二条第一款）：＿＿＿＿＿＿＿＿"
                .to_string(),
        ),
    });
    Ok(inst)
}

/// 送达回证: 第六十一条 (送达 per 民事诉讼法; 电子送达 needs the party's signed consent, 第二款).
fn service_receipt(f: &CaseDocumentFacts) -> Result<Instrument> {
    let kind = InstrumentKind::ServiceReceipt;
    let s = f
        .service
        .as_ref()
        .ok_or_else(|| Error::of(Code::DocumentsServiceMissing).for_field("service"))?;
    let documents = if s.documents.is_empty() {
        match f.decision_number.as_deref() {
            Some(n) if !n.trim().is_empty() => vec![format!("行政处罚决定书（{n}）")],
            _ => Vec::new(),
        }
    } else {
        s.documents.clone()
    };
    need(
        !documents.is_empty(),
        Error::of(Code::DocumentsServedDocumentsMissing).for_field("service.documents"),
    )?;
    let mut note = s.note.clone().unwrap_or_default();
    let statutory = match s.method {
        ServiceMethod::Electronic => Some(format!(
            "当事人已同意并签订确认书（{XZCFF}第六十一条第二款）。"
        )),
        ServiceMethod::Direct => None,
        _ => Some(format!(
            "依照《中华人民共和国民事诉讼法》的有关规定送达（{XZCFF}第六十一条第一款）。"
        )),
    };
    if let Some(st) = statutory {
        note = if note.is_empty() {
            st
        } else {
            format!("{note}　{st}")
        };
    }
    // What the record does not hold is left out rather than printed as an empty field.
    let mut rows = vec![
        row("送达文书名称及文号", &documents.join("；")),
        row("受送达人", &f.party.name),
    ];
    if let Some(p) = s.place.as_deref().filter(|p| !p.trim().is_empty()) {
        rows.push(row("送达地点", p));
    }
    rows.push(row("送达方式", s.method.label_zh()));
    rows.push(row("送达人", &officers_line(f)));
    if let Some(r) = s.receiver.as_deref().filter(|r| !r.trim().is_empty()) {
        rows.push(row("收件人", r));
    }
    rows.push(row("送达日期", &date_or_blank(s.date)));
    if s.method == ServiceMethod::Left || s.witness.is_some() {
        rows.push(row("见证人", opt(&s.witness)));
    }
    if !note.is_empty() {
        rows.push(row("备注", &note));
    }
    let mut inst = base(kind, f, None, s.date);
    inst.sections = vec![table(None, rows)];
    inst.stub = Some(Stub {
        heading: "受送达人签收".to_string(),
        rows: vec![
            row("收件人签名或者盖章", ""),
            row("签收日期", "　　年　　月　　日"),
        ],
        note: Some(
            "受送达人拒绝签收的，送达人注明拒收事由和日期，由送达人、见证人签名或者盖章。"
                .to_string(),
        ),
    });
    Ok(inst)
}

/// 结案审批表 (internal).
fn closing_approval(f: &CaseDocumentFacts) -> Result<Instrument> {
    let kind = InstrumentKind::ClosingApproval;
    let reason = f
        .closing_reason
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| {
            Error::of(Code::DocumentsClosingReasonMissing).for_field("closing_reason")
        })?;
    let mut rows = vec![row("案号", &f.case_number), row("案由", &f.violation)];
    rows.extend(party_rows(&f.party, kind));
    rows.extend([
        row("立案日期", &date_or_blank(f.dates.filed)),
        row("处罚决定书文号", opt(&f.decision_number)),
        row("决定日期", &date_or_blank(f.dates.decided)),
        row(
            "处罚内容",
            &if f.sanctions.is_empty() {
                "无".to_string()
            } else {
                sanction_lines(&f.sanctions).join("")
            },
        ),
        row(
            "处罚依据",
            &f.penalising
                .as_ref()
                .map(|p| format!("{}（{}）", p.citation, p.code))
                .unwrap_or_default(),
        ),
        row(
            "送达情况",
            &f.service
                .as_ref()
                .map(|s| {
                    format!(
                        "{}，{}",
                        s.method.label_zh(),
                        s.date.map(chinese_date).unwrap_or_default()
                    )
                })
                .unwrap_or_default(),
        ),
        row("执行情况", &execution_line(f)),
        row("法制审核意见", opt(&f.legal_review)),
        row("集体讨论情况", opt(&f.collective_discussion)),
        row("结案理由", reason),
        row("承办人", &officers_line(f)),
        row("承办人意见", "建议结案。"),
        row(
            "负责人审批意见",
            &approval_line(f.closing_approval.as_deref()),
        ),
        row("结案日期", &date_or_blank(f.dates.closed)),
    ]);
    Ok(Instrument {
        sections: vec![table(None, recorded(rows))],
        ..base(kind, f, None, f.dates.closed)
    })
}

// ---- shared pieces -------------------------------------------------------------

fn base(
    kind: InstrumentKind,
    f: &CaseDocumentFacts,
    addressee: Option<String>,
    date: Option<chrono::NaiveDate>,
) -> Instrument {
    Instrument {
        kind,
        issuer: f.body.name.clone(),
        title: kind.title_zh().to_string(),
        title_en: kind.title_en().to_string(),
        number: numbered(f, kind),
        case_number: f.case_number.clone(),
        addressee,
        sections: Vec::new(),
        signature: Signature {
            body: f.body.name.clone(),
            seal_note: SEAL.to_string(),
            date: date.map(chinese_date),
            signers: Vec::new(),
        },
        stub: None,
        internal: kind.is_internal(),
    }
}

/// The 文号 of this kind, from the register (`document_numbers`) or, for the decision,
/// `decision_number`.
fn numbered(f: &CaseDocumentFacts, kind: InstrumentKind) -> Option<String> {
    let own = f.document_numbers.get(&kind).cloned();
    let own = match kind {
        InstrumentKind::Decision => f.decision_number.clone().or(own),
        _ => own,
    };
    own.filter(|n| !n.trim().is_empty())
}

/// The rows of an approval form the record fills: an item the case does not hold (no 集体讨论
/// when 第五十七条 第二款 did not call for one, no source given) is left out, not printed empty.
/// Required items are checked by `need` before, so nothing required disappears here.
fn recorded(mut rows: Vec<Row>) -> Vec<Row> {
    rows.retain(|r| !r.value.trim().is_empty());
    rows
}

/// The approval the case records (the platform's approval step is the one approval an approval
/// form prints; no blank is left for a handwritten opinion the record does not hold).
fn approval_line(a: Option<&str>) -> String {
    a.filter(|s| !s.trim().is_empty())
        .map_or_else(|| "尚未审批".to_string(), str::to_string)
}

fn row(label: &str, value: &str) -> Row {
    Row {
        label: label.to_string(),
        value: value.to_string(),
    }
}

fn table(heading: Option<&str>, rows: Vec<Row>) -> Section {
    Section {
        heading: heading.map(str::to_string),
        table: true,
        rows,
        paragraphs: Vec::new(),
    }
}

fn text(heading: Option<&str>, paragraphs: Vec<String>) -> Section {
    Section {
        heading: heading.map(str::to_string),
        table: false,
        rows: Vec::new(),
        paragraphs,
    }
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

fn date_or_blank(d: Option<chrono::NaiveDate>) -> String {
    d.map(chinese_date)
        .unwrap_or_else(|| "　　年　　月　　日".to_string())
}

/// "你" for a citizen, "你单位" for an organisation.
fn you(p: &Party) -> &'static str {
    match p.kind {
        PartyKind::Citizen => "你",
        PartyKind::Organisation => "你单位",
    }
}

fn addressee(p: &Party) -> Option<String> {
    Some(format!("{}：", p.name))
}

/// Party lines. A citizen's 公民身份号码 is personal information (个人信息保护法) and is masked
/// on every instrument that leaves the agency or may be disclosed; the 统一社会信用代码 is
/// public and printed in full.
fn party_rows(p: &Party, kind: InstrumentKind) -> Vec<Row> {
    let (name_label, id_label, address_label) = match p.kind {
        PartyKind::Citizen => ("当事人", "公民身份号码", "住址"),
        PartyKind::Organisation => ("当事人", "统一社会信用代码", "住所"),
    };
    let mut rows = vec![row(name_label, &p.name)];
    if let Some(id) = p.id_number.as_deref().filter(|s| !s.is_empty()) {
        let shown = match p.kind {
            PartyKind::Citizen if !kind.is_internal() => mask_str(id),
            _ => id.to_string(),
        };
        rows.push(row(id_label, &shown));
    }
    if let Some(r) = p.legal_representative.as_deref().filter(|s| !s.is_empty()) {
        rows.push(row("法定代表人（负责人）", r));
    }
    if let Some(a) = p.address.as_deref().filter(|s| !s.is_empty()) {
        rows.push(row(address_label, a));
    }
    if let Some(t) = p.phone.as_deref().filter(|s| !s.is_empty()) {
        rows.push(row("联系电话", t));
    }
    rows
}

fn officers_line(f: &CaseDocumentFacts) -> String {
    f.officers
        .iter()
        .map(|o| format!("{}（执法证号：{}）", o.name, o.card_no))
        .collect::<Vec<_>>()
        .join("、")
}

fn citations(ps: &[Provision]) -> String {
    ps.iter()
        .map(|p| p.citation.as_str())
        .collect::<Vec<_>>()
        .join("、")
}

/// A provision quoted by citation, text and code: 《…》第…条：“…”（条文编码：…）.
fn quote(p: &Provision) -> String {
    if p.text.trim().is_empty() {
        format!("{}（条文编码：{}）", p.citation, p.code)
    } else {
        format!(
            "{}：“{}”（条文编码：{}）",
            p.citation,
            p.text.trim(),
            p.code
        )
    }
}

fn basis_section<'a>(heading: &str, ps: impl Iterator<Item = &'a Provision>) -> Section {
    text(Some(heading), ps.map(quote).collect())
}

fn evidence_lines(f: &CaseDocumentFacts) -> Vec<String> {
    f.evidence
        .iter()
        .enumerate()
        .map(|(i, e)| format!("{}. {}（SM3：{}）", i + 1, e.name, e.sm3))
        .collect()
}

/// Sanction lines with figures and capital form: 罚款人民币10,000.00 元（大写：壹万元整）.
fn sanction_lines(s: &Sanctions) -> Vec<String> {
    let mut items = Vec::new();
    if s.warning {
        items.push("警告".to_string());
    }
    if let Some(m) = s.confiscation {
        items.push(format!(
            "没收违法所得人民币{}（大写：{}）",
            m.yuan_display(),
            m.capital_zh()
        ));
    }
    if let Some(m) = s.fine {
        items.push(format!(
            "罚款人民币{}（大写：{}）",
            m.yuan_display(),
            m.capital_zh()
        ));
    }
    items.extend(s.other.iter().map(|o| strip_stop(o).to_string()));
    let n = items.len();
    items
        .into_iter()
        .enumerate()
        .map(|(i, it)| {
            let end = if i + 1 == n { "。" } else { "；" };
            format!("{}{it}{end}", item_number(i + 1))
        })
        .collect()
}

/// Sanctions as the rules module sees them, for the 第五十一条 check. Other measures are
/// not warning or fine, so they rule the summary procedure out.
fn summary_sanctions(s: &Sanctions) -> Vec<Sanction> {
    let mut out = Vec::new();
    if s.warning {
        out.push(Sanction::Warning);
    }
    if let Some(m) = s.fine {
        out.push(Sanction::Fine(m));
    }
    if let Some(m) = s.confiscation {
        out.push(Sanction::ConfiscateGains(m));
    }
    if !s.other.is_empty() {
        out.push(Sanction::OtherHeavy);
    }
    out
}

/// 履行方式和期限: 第六十七条 第三款 (15 days, designated bank or e-payment), 第七十二条 第一款
/// 第（一）项 (3 % per day surcharge capped at the fine), or 第六十八条 on-the-spot collection
/// with the 第七十条 receipt.
fn performance(f: &CaseDocumentFacts, doc: &str) -> Vec<String> {
    let has_money = f.sanctions.fine.is_some() || f.sanctions.confiscation.is_some();
    if !has_money {
        return vec![format!("{doc}自送达之日起执行。")];
    }
    if f.payment.collected_on_spot {
        return vec![format!(
            "罚款由执法人员当场收缴，并向当事人出具财政部门统一制发的专用票据（{XZCFF}第六十八条、第七十条）。"
        )];
    }
    let you = "当事人";
    let by = f
        .dates
        .payment_deadline
        .map(|d| format!("（即截至{}）", chinese_date(d)))
        .unwrap_or_default();
    // The details come from the body (`paperwork::issue` refuses a decision without them);
    // the pure builder prints only what it is given and never a stand-in.
    let mut account = String::new();
    if let Some(b) = f.payment.bank.as_deref() {
        account.push_str(&format!("至{b}"));
        let mut parts = Vec::new();
        if let Some(n) = f.payment.account_name.as_deref() {
            parts.push(format!("户名：{n}"));
        }
        if let Some(a) = f.payment.account.as_deref() {
            parts.push(format!("账号：{a}"));
        }
        if let Some(c) = f.payment.revenue_code.as_deref() {
            parts.push(format!("执收单位编码：{c}"));
        }
        if !parts.is_empty() {
            account.push_str(&format!("（{}）", parts.join("，")));
        }
    }
    let pay = if account.is_empty() {
        "缴纳罚没款，可以通过电子支付系统缴纳".to_string()
    } else {
        format!("将罚没款缴{account}，或者通过电子支付系统缴纳")
    };
    vec![
        format!("{you}应当自收到{doc}之日起十五日内{by}，{pay}（{XZCFF}第六十七条第三款）。"),
        format!(
            "到期不缴纳罚款的，本机关可以每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的数额（{XZCFF}第七十二条第一款第（一）项），并可以依法申请人民法院强制执行。"
        ),
    ]
}

/// 救济途径和期限: 行政复议法 (2023) 第二十条 第一款 (60 days) and 行政诉讼法 第四十六条
/// 第一款 (6 months); 行政处罚法 第七十三条 第一款: no suspension meanwhile.
fn remedies(f: &CaseDocumentFacts, what: &str) -> Vec<String> {
    let review = f
        .body
        .review_body
        .as_deref()
        .unwrap_or("有管辖权的行政复议机关");
    let court = f.body.court.as_deref().unwrap_or("人民法院");
    vec![
        format!(
            "当事人如不服{what}，可以自收到{what}之日起六十日内向{review}申请行政复议（《中华人民共和国行政复议法》第二十条第一款），也可以自收到{what}之日起六个月内依法向{court}提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条第一款）。"
        ),
        format!(
            "申请行政复议或者提起行政诉讼期间，{what}不停止执行，法律另有规定的除外（{XZCFF}第七十三条第一款）。"
        ),
    ]
}

/// 救济途径和期限 of a 当场行政处罚决定书: 复议前置. 行政复议法 (2023) 第二十三条 第一款 第（一）项
/// ("对当场作出的行政处罚决定不服" — 应当先向行政复议机关申请行政复议，对行政复议决定不服的，
/// 可以再依法向人民法院提起行政诉讼), within the 60 days of 第二十条 第一款; the application may
/// be lodged through the penalising agency (第三十二条). 行政处罚法 第五十二条 第二款 makes the
/// route a mandatory element of the form; 第七十三条 第一款: no suspension meanwhile.
fn summary_remedies(f: &CaseDocumentFacts) -> Vec<String> {
    let review = f
        .body
        .review_body
        .as_deref()
        .unwrap_or("有管辖权的行政复议机关");
    let what = "本决定";
    vec![
        format!(
            "当事人如不服{what}，应当先申请行政复议；对复议决定不服的，可以依法提起行政诉讼（《中华人民共和国行政复议法》第二十三条第一款第（一）项）。行政复议申请应当自收到{what}之日起六十日内向{review}提出（《中华人民共和国行政复议法》第二十条第一款），也可以通过作出{what}的行政机关提交（《中华人民共和国行政复议法》第三十二条）。"
        ),
        format!(
            "申请行政复议或者提起行政诉讼期间，{what}不停止执行，法律另有规定的除外（{XZCFF}第七十三条第一款）。"
        ),
    ]
}

fn contact(f: &CaseDocumentFacts) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(a) = f.body.address.as_deref() {
        parts.push(format!("地址：{a}"));
    }
    if let Some(p) = f.body.phone.as_deref() {
        parts.push(format!("联系电话：{p}"));
    }
    if parts.is_empty() {
        Vec::new()
    } else {
        vec![format!("本机关{}。", parts.join("；"))]
    }
}

fn hearing_request_sentence(f: &CaseDocumentFacts, you: &str) -> String {
    let by = f
        .dates
        .hearing_request_deadline
        .map(|d| format!("（即截至{}）", chinese_date(d)))
        .unwrap_or_default();
    format!(
        "根据{XZCFF}第六十三条、第六十四条第（一）项的规定，{you}有权要求听证；要求听证的，应当在收到本告知书之日起五个工作日内{by}向本机关提出。"
    )
}

/// The 陈述、申辩 period: a deadline date, or a number of working days. 行政处罚法 sets no
/// period, so one of the two must come from the workflow (the agency's procedural rule).
fn statement_period(f: &CaseDocumentFacts) -> Result<String> {
    match (f.dates.statement_deadline, f.statement_days) {
        (Some(d), Some(n)) => Ok(format!(
            "在收到本告知书之日起{}个工作日内（即截至{}）",
            cn_count(n),
            chinese_date(d)
        )),
        (Some(d), None) => Ok(format!("截至{}", chinese_date(d))),
        (None, Some(n)) => Ok(format!("在收到本告知书之日起{}个工作日内", cn_count(n))),
        (None, None) => {
            Err(Error::of(Code::DocumentsStatementPeriodMissing).for_field("statement_days"))
        }
    }
}

/// Small counts as words (五, 十, 十五); larger ones stay in figures.
fn cn_count(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        20..=99 if n.is_multiple_of(10) => format!("{}十", D[(n / 10) as usize]),
        20..=99 => format!("{}十{}", D[(n / 10) as usize], D[(n % 10) as usize]),
        _ => n.to_string(),
    }
}

/// （一）, （二）, … for sanction lists.
fn item_number(n: usize) -> String {
    format!("（{}）", cn_count(n as u32))
}

/// Section headings 一、二、… counted as they are added, so optional sections leave no gaps.
#[derive(Default)]
struct Numbering(u32);

impl Numbering {
    fn next(&mut self, title: &str) -> String {
        self.0 += 1;
        format!("{}、{title}", cn_count(self.0))
    }
}

fn strip_stop(s: &str) -> &str {
    s.trim().trim_end_matches(['。', '；', ';', '.'])
}

fn ensure_stop(s: &str) -> String {
    format!("{}。", strip_stop(s))
}

fn execution_line(f: &CaseDocumentFacts) -> String {
    let p = &f.payment;
    let mut parts = Vec::new();
    if let Some(m) = p.paid {
        let when = p
            .paid_on
            .map(|d| format!("于{}", chinese_date(d)))
            .unwrap_or_default();
        parts.push(format!(
            "已{when}缴纳人民币{}（大写：{}）",
            m.yuan_display(),
            m.capital_zh()
        ));
    }
    if let Some(m) = p.surcharge.filter(|m| m.fen() > 0) {
        parts.push(format!(
            "加处罚款人民币{}（大写：{}）",
            m.yuan_display(),
            m.capital_zh()
        ));
    }
    parts.join("；")
}

// ---- refusals -----------------------------------------------------------------

/// `Ok` when the instrument has what it needs, else the refusal (a `documents.*` code whose
/// message starts "生成文书缺少：" / "cannot generate the instrument without: ").
fn need(ok: bool, refusal: Error) -> Result<()> {
    if ok { Ok(()) } else { Err(refusal) }
}

fn need_violation(f: &CaseDocumentFacts) -> Result<()> {
    need(
        !f.violation.trim().is_empty(),
        Error::of(Code::DocumentsViolationMissing).for_field("violation"),
    )
}

fn need_facts(f: &CaseDocumentFacts) -> Result<()> {
    need(
        f.facts_found
            .as_deref()
            .is_some_and(|s| !s.trim().is_empty()),
        Error::of(Code::DocumentsFactsMissing).for_field("facts_found"),
    )
}

fn need_violated(f: &CaseDocumentFacts) -> Result<()> {
    need(
        !f.violated.is_empty(),
        Error::of(Code::DocumentsViolatedMissing).for_field("violated"),
    )
}

fn need_penalising(f: &CaseDocumentFacts) -> Result<&Provision> {
    f.penalising
        .as_ref()
        .ok_or_else(|| Error::of(Code::DocumentsPenalisingMissing).for_field("penalising"))
}

fn need_sanctions(f: &CaseDocumentFacts) -> Result<()> {
    need(
        !f.sanctions.is_empty(),
        Error::of(Code::DocumentsSanctionsMissing).for_field("sanctions"),
    )
}
