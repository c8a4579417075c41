use chrono::NaiveDate;

use super::*;
use crate::cases::rules::PartyKind;
use crate::money::Money;

/// All printed text of an instrument, for `contains` checks.
fn all_text(i: &Instrument) -> String {
    let mut out = vec![
        i.issuer.clone(),
        i.title.clone(),
        i.number.clone().unwrap_or_default(),
        i.addressee.clone().unwrap_or_default(),
    ];
    for s in &i.sections {
        out.extend(s.heading.clone());
        for r in &s.rows {
            out.push(format!("{}：{}", r.label, r.value));
        }
        out.extend(s.paragraphs.iter().cloned());
    }
    out.push(i.signature.body.clone());
    out.extend(i.signature.date.clone());
    out.extend(i.signature.signers.iter().cloned());
    if let Some(st) = &i.stub {
        out.push(st.heading.clone());
        out.extend(st.rows.iter().map(|r| r.label.clone()));
        out.extend(st.note.clone());
    }
    out.join("\n")
}

fn built(kind: InstrumentKind, f: &CaseDocumentFacts) -> (Instrument, String) {
    let i = build(kind, f).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
    let t = all_text(&i);
    (i, t)
}

fn refusal(kind: InstrumentKind, f: &CaseDocumentFacts) -> String {
    match build(kind, f) {
        Ok(_) => panic!("{kind:?} should refuse"),
        Err(e) => {
            assert!(e.message_zh().starts_with("生成文书缺少") || e.code().contains("summary"));
            assert!(!e.message_en().is_empty());
            e.code().to_string()
        }
    }
}

/// Summary-procedure facts: an organisation fined 200 yuan, within 第五十一条 (≤ 3,000).
fn summary_facts() -> CaseDocumentFacts {
    let mut f = sample_facts();
    f.sanctions = Sanctions {
        warning: true,
        fine: Some(Money::from_fen(20_000)),
        confiscation: None,
        other: Vec::new(),
    };
    f.document_numbers.insert(
        InstrumentKind::SummaryDecision,
        decision_number("津滨市监", InstrumentKind::SummaryDecision, 2024, 7),
    );
    f.hearing_right = false;
    f
}

#[test]
fn every_kind_builds_from_complete_facts() {
    let f = summary_facts();
    let full = sample_facts();
    for kind in InstrumentKind::ALL {
        let facts = if kind == InstrumentKind::SummaryDecision {
            &f
        } else {
            &full
        };
        let (i, t) = built(kind, facts);
        assert_eq!(i.kind, kind);
        assert_eq!(i.title, kind.title_zh());
        assert_eq!(i.case_number, "BH-SJ-2024-000123");
        assert!(t.contains("天津市滨海新区市场监督管理局"), "{kind:?}");
        assert!(t.contains("天津滨海示例食品有限公司"), "{kind:?}");
        assert_eq!(i.internal, kind.is_internal());
        assert_eq!(i.signature.seal_note, "（印章）");
        assert_eq!(InstrumentKind::from_slug(kind.slug()), Some(kind));
        // The snapshot round-trips and the digest is stable.
        let json = i.canonical_json();
        let back: Instrument = serde_json::from_str(&json).expect("round trip");
        assert_eq!(back, i);
        assert_eq!(back.digest(), i.digest());
        assert_eq!(i.digest().len(), 64);
    }
}

/// 第五十九条 items (一)–(六) on the 行政处罚决定书.
#[test]
fn decision_has_every_item_of_article_59() {
    let (i, t) = built(InstrumentKind::Decision, &sample_facts());
    assert_eq!(i.number.as_deref(), Some("津滨市监罚〔2024〕123号"));
    // (一) 姓名或者名称、地址.
    assert!(t.contains("当事人：天津滨海示例食品有限公司"));
    assert!(t.contains("住所：天津市滨海新区示例大道100号"));
    assert!(t.contains("统一社会信用代码：91120116MA05XXXX1X"));
    // (二) facts and evidence, each with its SM3 digest.
    assert!(t.contains("违法事实和证据"));
    assert!(t.contains("示例牌酸奶"));
    assert!(t.contains("现场检查笔录（SM3："));
    assert!(t.contains(&crate::audit::sm3_hex("询问笔录".as_bytes())));
    // (三) kinds and basis, by citation and by code.
    assert!(t.contains("《中华人民共和国食品安全法》第三十四条第一款第（十）项"));
    assert!(t.contains("条文编码：食品安全法/art_34__para_1__item_10"));
    assert!(t.contains("《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"));
    assert!(t.contains("条文编码：食品安全法/art_124__para_1__item_5"));
    assert!(t.contains("罚款人民币50,000.00 元（大写：伍万元整）"));
    assert!(t.contains("没收违法所得人民币1,234.50 元（大写：壹仟贰佰叁拾肆元伍角）"));
    assert!(t.contains("没收超过保质期的食品"));
    assert!(t.contains("裁量情形：从轻"));
    assert!(t.contains("第三十二条第一款第（一）项"));
    // (四) performance: 15 days (第六十七条第三款), bank, surcharge (第七十二条).
    assert!(t.contains("十五日内（即截至二〇二四年三月二十一日）"));
    assert!(t.contains("第六十七条第三款"));
    assert!(t.contains(
        "至中国工商银行股份有限公司天津滨海分行（户名：天津市滨海新区财政局，账号：0302 0100 0920 0012 345，执收单位编码：120116001）"
    ));
    assert!(t.contains("百分之三加处罚款"));
    assert!(t.contains("第七十二条第一款第（一）项"));
    // (五) remedies with their periods and articles.
    assert!(t.contains("六十日内向天津市滨海新区人民政府申请行政复议"));
    assert!(t.contains("《中华人民共和国行政复议法》第二十条第一款"));
    assert!(t.contains("六个月内依法向天津市滨海新区人民法院提起行政诉讼"));
    assert!(t.contains("《中华人民共和国行政诉讼法》第四十六条第一款"));
    assert!(t.contains("第七十三条第一款"));
    // (六) body and date.
    assert_eq!(i.signature.body, "天津市滨海新区市场监督管理局");
    assert_eq!(i.signature.date.as_deref(), Some("二〇二四年三月五日"));
    // Headings are numbered without gaps.
    let heads: Vec<_> = i
        .sections
        .iter()
        .filter_map(|s| s.heading.clone())
        .collect();
    assert_eq!(
        heads.first().map(String::as_str),
        Some("一、违法事实和证据")
    );
    assert_eq!(heads.last().map(String::as_str), Some("六、救济途径和期限"));
}

#[test]
fn decision_refuses_without_number_or_basis() {
    let mut f = sample_facts();
    f.decision_number = None;
    assert_eq!(
        refusal(InstrumentKind::Decision, &f),
        "documents.decision_number_missing"
    );
    let mut f = sample_facts();
    f.penalising = None;
    assert_eq!(
        refusal(InstrumentKind::Decision, &f),
        "documents.penalising_missing"
    );
    let mut f = sample_facts();
    f.party.address = None; // 第五十九条（一）
    assert_eq!(
        refusal(InstrumentKind::Decision, &f),
        "documents.party_address_missing"
    );
    let mut f = sample_facts();
    f.sanctions = Sanctions::default();
    assert_eq!(
        refusal(InstrumentKind::Decision, &f),
        "documents.sanctions_missing"
    );
    let mut f = sample_facts();
    f.facts_found = Some("  ".to_string());
    assert_eq!(
        refusal(InstrumentKind::Decision, &f),
        "documents.facts_missing"
    );
}

#[test]
fn decision_draft_without_date_prints_blank_date() {
    let mut f = sample_facts();
    f.dates.decided = None;
    f.statement_summary = None;
    let (i, _) = built(InstrumentKind::Decision, &f);
    assert_eq!(i.signature.date, None);
    let heads: Vec<_> = i
        .sections
        .iter()
        .filter_map(|s| s.heading.clone())
        .collect();
    assert_eq!(heads.len(), 5);
    assert_eq!(heads[1], "二、处罚依据和理由");
}

#[test]
fn every_kind_refuses_without_case_number_body_or_party() {
    for kind in InstrumentKind::ALL {
        let mut f = sample_facts();
        f.case_number.clear();
        assert_eq!(refusal(kind, &f), "documents.case_number_missing");
        let mut f = sample_facts();
        f.party.name = " ".to_string();
        assert_eq!(refusal(kind, &f), "documents.party_missing");
        let mut f = sample_facts();
        f.body.name.clear();
        assert_eq!(refusal(kind, &f), "documents.body_missing");
    }
}

/// 第四十四条、第四十五条 and, with the right, 第六十三条 / 第六十四条（一）.
#[test]
fn prior_notice_states_facts_penalty_basis_and_rights() {
    let (i, t) = built(InstrumentKind::PriorNotice, &sample_facts());
    assert_eq!(i.number.as_deref(), Some("津滨市监告〔2024〕123号"));
    assert_eq!(i.addressee.as_deref(), Some("天津滨海示例食品有限公司："));
    assert!(t.contains("经查，2024年1月10日"));
    assert!(t.contains("以上事实有现场检查笔录、询问笔录、现场照片等证据证明。"));
    assert!(t.contains("拟对你单位作出如下行政处罚"));
    assert!(t.contains("（大写：伍万元整）"));
    assert!(t.contains("第四十四条、第四十五条"));
    assert!(t.contains("五个工作日内（即截至二〇二四年二月二十七日）"));
    assert!(t.contains("不因你单位陈述、申辩而给予更重的处罚"));
    assert!(t.contains("第六十三条、第六十四条第（一）项"));
    assert!(t.contains("视为放弃上述权利"));
    assert!(t.contains("条文编码：食品安全法/art_124__para_1__item_5"));
    assert!(t.contains("联系电话：022-00000000"));
    assert_eq!(i.signature.date.as_deref(), Some("二〇二四年二月二十日"));

    let mut f = sample_facts();
    f.hearing_right = false;
    let (_, t) = built(InstrumentKind::PriorNotice, &f);
    assert!(!t.contains("要求听证"));

    let mut f = sample_facts();
    f.statement_days = None;
    f.dates.statement_deadline = None;
    assert_eq!(
        refusal(InstrumentKind::PriorNotice, &f),
        "documents.statement_period_missing"
    );
    f.statement_days = Some(3);
    let (_, t) = built(InstrumentKind::PriorNotice, &f);
    assert!(t.contains("三个工作日内"));
}

#[test]
fn hearing_notice_needs_the_right_of_article_63() {
    let (i, t) = built(InstrumentKind::HearingNotice, &sample_facts());
    assert_eq!(i.number.as_deref(), Some("津滨市监听〔2024〕123号"));
    assert!(t.contains("第六十三条第一款"));
    assert!(t.contains("五个工作日内（即截至二〇二四年二月二十七日）"));
    assert!(t.contains("七日前通知听证的时间、地点"));
    assert!(t.contains("委托一至二人代理"));
    let mut f = sample_facts();
    f.hearing_right = false;
    assert_eq!(
        refusal(InstrumentKind::HearingNotice, &f),
        "documents.no_hearing_right"
    );
}

/// 第二十八条 第一款.
#[test]
fn correction_order_cites_article_28() {
    let (i, t) = built(InstrumentKind::CorrectionOrder, &sample_facts());
    assert_eq!(i.number.as_deref(), Some("津滨市监改〔2024〕123号"));
    assert!(t.contains("《中华人民共和国行政处罚法》第二十八条第一款"));
    assert!(t.contains("本机关责令你单位立即改正上述违法行为：立即停止销售"));
    assert!(t.contains("六十日内"));
    let mut f = sample_facts();
    f.dates.correction_deadline = NaiveDate::from_ymd_opt(2024, 1, 17);
    let (_, t) = built(InstrumentKind::CorrectionOrder, &f);
    assert!(t.contains("截至二〇二四年一月十七日改正"));
    f.correction = None;
    assert_eq!(
        refusal(InstrumentKind::CorrectionOrder, &f),
        "documents.correction_missing"
    );
}

/// 第五十二条 contents, and the 第五十一条 limits via `rules::summary_procedure_allowed`.
#[test]
fn summary_decision_per_article_52() {
    let f = summary_facts();
    let (i, t) = built(InstrumentKind::SummaryDecision, &f);
    assert_eq!(i.number.as_deref(), Some("津滨市监当〔2024〕7号"));
    assert!(t.contains("出示执法证件"));
    assert!(t.contains("于二〇二四年三月五日在天津市滨海新区示例大道100号"));
    assert!(t.contains("（一）警告；"));
    assert!(t.contains("（二）罚款人民币200.00 元（大写：贰佰元整）。"));
    assert!(t.contains("第五十一条、第五十二条"));
    assert!(t.contains("行政复议法》第二十三条第一款第（一）项"));
    assert!(t.contains("执法人员：李某　执法证号：12000000001"));
    assert!(t.contains("备案"));
    let stub = i.stub.as_ref().expect("receipt part");
    assert!(stub.note.as_deref().is_some_and(|n| n.contains("拒绝签收")));

    // A fine over 3,000 yuan for an organisation is outside 第五十一条.
    let mut g = summary_facts();
    g.sanctions.fine = Some(Money::from_fen(300_001));
    assert_eq!(
        refusal(InstrumentKind::SummaryDecision, &g),
        "documents.summary_not_allowed"
    );
    // Confiscation is not a summary sanction.
    let mut g = summary_facts();
    g.sanctions.confiscation = Some(Money::from_fen(100));
    assert_eq!(
        refusal(InstrumentKind::SummaryDecision, &g),
        "documents.summary_not_allowed"
    );
    // 第四十四条、第六十二条: the form records the oral notice and hearing; without it, no form.
    assert!(t.contains("已当场告知") && t.contains("第四十四条、第六十二条"));
    let mut g = summary_facts();
    g.spot_notice_given = false;
    assert_eq!(
        refusal(InstrumentKind::SummaryDecision, &g),
        "documents.spot_notice_missing"
    );
    // "编有号码": no number, no form.
    let mut g = summary_facts();
    g.document_numbers.clear();
    assert_eq!(
        refusal(InstrumentKind::SummaryDecision, &g),
        "documents.number_missing"
    );
    let mut g = summary_facts();
    g.place = None;
    assert_eq!(
        refusal(InstrumentKind::SummaryDecision, &g),
        "documents.place_missing"
    );
    // On-the-spot collection (第六十八条) prints the 第七十条 receipt sentence.
    let mut g = summary_facts();
    g.payment.collected_on_spot = true;
    let (_, t) = built(InstrumentKind::SummaryDecision, &g);
    assert!(t.contains("当场收缴") && t.contains("第六十八条、第七十条"));
}

/// 行政复议法 (2023) 第二十三条 第一款 第（一）项: against an on-the-spot decision the party must
/// apply for 复议 first; the form may not offer a direct action (行政处罚法 第五十二条 第二款
/// makes the route a mandatory element). The general decision keeps both routes.
#[test]
fn on_the_spot_remedy_requires_reconsideration_first_fuyi_art23() {
    let (_, t) = built(InstrumentKind::SummaryDecision, &summary_facts());
    assert!(t.contains("应当先申请行政复议；对复议决定不服的，可以依法提起行政诉讼"));
    assert!(t.contains("行政复议法》第二十三条第一款第（一）项"));
    assert!(t.contains("六十日内"));
    assert!(!t.contains("也可以自收到本决定之日起六个月内"));
    assert!(!t.contains("行政诉讼法》第四十六条"));
    // The general decision: 复议 within 60 days or a direct action within 6 months.
    let (_, g) = built(InstrumentKind::Decision, &sample_facts());
    assert!(g.contains("也可以自收到本决定之日起六个月内"));
    assert!(g.contains("行政诉讼法》第四十六条第一款"));
    assert!(!g.contains("第二十三条第一款第（一）项"));
}

/// 民法典 第一千二百五十九条 ("届满…包括本数"): the last day of a period is included, so the
/// instruments print "截至<date>", never "<date>前", which reads as excluding it (review A19.3).
#[test]
fn deadlines_print_jiezhi_including_the_last_day_a19() {
    for (kind, f) in [
        (InstrumentKind::Decision, sample_facts()),
        (InstrumentKind::PriorNotice, sample_facts()),
    ] {
        let (_, t) = built(kind, &f);
        assert!(t.contains("截至"), "{kind:?}: {t}");
        assert!(
            !t.contains("日前）") && !t.contains("日前改正"),
            "{kind:?}: {t}"
        );
    }
}

#[test]
fn service_receipt_names_document_and_method() {
    let (i, t) = built(InstrumentKind::ServiceReceipt, &sample_facts());
    assert!(t.contains("送达文书名称及文号：行政处罚决定书（津滨市监罚〔2024〕123号）"));
    assert!(t.contains("送达方式：直接送达"));
    assert!(t.contains("收件人：张某"));
    assert!(t.contains("送达日期：二〇二四年三月六日"));
    assert!(i.sections.iter().all(|s| s.table));
    assert!(i.stub.is_some());
    let mut f = sample_facts();
    if let Some(s) = f.service.as_mut() {
        s.method = ServiceMethod::Left;
        s.witness = Some("赵某".to_string());
    }
    let (_, t) = built(InstrumentKind::ServiceReceipt, &f);
    assert!(t.contains("留置送达") && t.contains("见证人：赵某"));
    assert!(t.contains("第六十一条第一款"));
    let mut f = sample_facts();
    f.service = None;
    assert_eq!(
        refusal(InstrumentKind::ServiceReceipt, &f),
        "documents.service_missing"
    );
    let mut f = sample_facts();
    f.decision_number = None;
    assert_eq!(
        refusal(InstrumentKind::ServiceReceipt, &f),
        "documents.served_documents_missing"
    );
}

#[test]
fn approval_forms_are_internal_tables() {
    let (i, t) = built(InstrumentKind::FilingApproval, &sample_facts());
    assert!(i.internal && i.sections.iter().all(|s| s.table));
    assert!(t.contains("第五十四条第二款"));
    assert!(t.contains("立案日期：二〇二四年一月十二日"));
    assert!(t.contains("李某（执法证号：12000000001）、王某"));
    let mut f = sample_facts();
    f.officers.truncate(1); // 第四十二条 第一款: not fewer than two
    assert_eq!(
        refusal(InstrumentKind::FilingApproval, &f),
        "documents.officers_missing"
    );

    let (i, t) = built(InstrumentKind::ClosingApproval, &sample_facts());
    assert!(i.internal);
    assert!(t.contains("处罚决定书文号：津滨市监罚〔2024〕123号"));
    assert!(t.contains(
        "已于二〇二四年三月十五日缴纳人民币51,234.50 元（大写：伍万壹仟贰佰叁拾肆元伍角）"
    ));
    assert!(t.contains("结案理由：行政处罚决定已执行完毕。"));
    let mut f = sample_facts();
    f.closing_reason = None;
    assert_eq!(
        refusal(InstrumentKind::ClosingApproval, &f),
        "documents.closing_reason_missing"
    );
}

#[test]
fn citizen_id_is_masked_except_on_internal_forms() {
    let id = "120116199001011234";
    let mut f = sample_facts();
    f.party.kind = PartyKind::Citizen;
    f.party.name = "刘某某".to_string();
    f.party.id_number = Some(id.to_string());
    f.party.legal_representative = None;
    for kind in InstrumentKind::ALL {
        if kind == InstrumentKind::SummaryDecision {
            continue;
        }
        let (_, t) = built(kind, &f);
        if kind.is_internal() {
            assert!(t.contains(&format!("公民身份号码：{id}")), "{kind:?}");
        } else {
            assert!(!t.contains(id), "{kind:?} leaks the ID number");
            if matches!(kind, InstrumentKind::Decision) {
                assert!(t.contains("公民身份号码：120116********1234"));
                assert!(t.contains("住址："));
            }
        }
    }
    let (_, t) = built(InstrumentKind::PriorNotice, &f);
    assert!(t.contains("拟对你作出如下行政处罚"));
    // Organisation codes are public and printed in full.
    let (_, t) = built(InstrumentKind::Decision, &sample_facts());
    assert!(t.contains("91120116MA05XXXX1X"));
}

#[test]
fn decision_number_format() {
    assert_eq!(
        decision_number("津滨市监", InstrumentKind::Decision, 2024, 123),
        "津滨市监罚〔2024〕123号"
    );
    assert_eq!(
        decision_number("津滨环", InstrumentKind::PriorNotice, 2025, 1),
        "津滨环告〔2025〕1号"
    );
    let codes: Vec<_> = InstrumentKind::ALL.iter().map(|k| k.code()).collect();
    assert_eq!(codes, ["立", "改", "告", "听", "罚", "当", "送", "结"]);
    let body = sample_facts().body;
    assert_eq!(body.number_prefix(), "津滨市监");
}

#[test]
fn department_abbreviations() {
    let a = department_abbrev;
    assert_eq!(a("天津市滨海新区市场监督管理局"), "市监");
    assert_eq!(a("区市场监管局"), "市监");
    assert_eq!(a("区生态环境局"), "环");
    assert_eq!(a("天津市滨海新区城市管理委员会"), "城管");
    assert_eq!(a("区城市管理委"), "城管");
    assert_eq!(a("区城市管理综合执法局"), "城管");
    assert_eq!(a("天津市滨海新区住房和建设委员会"), "住建");
    assert_eq!(a("区应急管理局"), "应急");
    assert_eq!(a("区应急局"), "应急");
    assert_eq!(a("天津市滨海新区交通运输局"), "交");
    assert_eq!(a("区文化和旅游局"), "文旅");
    assert_eq!(a("天津市滨海新区卫生健康委员会"), "卫");
    assert_eq!(a("天津市滨海新区农业农村委员会"), "农");
    assert_eq!(a("天津市滨海新区人力资源和社会保障局"), "人社");
    assert_eq!(a("塘沽街道综合执法大队"), "塘沽街");
    assert_eq!(a("天津市滨海新区太平镇综合执法大队"), "太平镇");
    // Fallback: region and organ suffix removed, first two characters kept.
    assert_eq!(a("天津市滨海新区档案馆"), "档案");
    assert_eq!(a("区气象局"), "气象");
}

#[test]
fn chinese_dates() {
    let d = |y, m, dd| chinese_date(NaiveDate::from_ymd_opt(y, m, dd).expect("date"));
    assert_eq!(d(2024, 3, 5), "二〇二四年三月五日");
    assert_eq!(d(2020, 10, 10), "二〇二〇年十月十日");
    assert_eq!(d(2021, 11, 20), "二〇二一年十一月二十日");
    assert_eq!(d(2025, 12, 31), "二〇二五年十二月三十一日");
    assert_eq!(d(2008, 1, 15), "二〇〇八年一月十五日");
    assert_eq!(d(2024, 2, 29), "二〇二四年二月二十九日");
}

#[test]
fn capital_amounts_on_instruments() {
    let mut f = sample_facts();
    f.sanctions.fine = Some(Money::from_fen(1_000_500));
    f.sanctions.confiscation = None;
    f.sanctions.other.clear();
    let (_, t) = built(InstrumentKind::Decision, &f);
    assert!(t.contains("罚款人民币10,005.00 元（大写：壹万零伍元整）。"));
    f.sanctions.fine = Some(Money::from_fen(1_000));
    let (_, t) = built(InstrumentKind::Decision, &f);
    assert!(t.contains("（大写：壹拾元整）"));
}

#[test]
fn warning_only_decision_has_no_payment_clause() {
    let mut f = sample_facts();
    f.sanctions = Sanctions {
        warning: true,
        ..Sanctions::default()
    };
    let (_, t) = built(InstrumentKind::Decision, &f);
    assert!(t.contains("（一）警告。"));
    assert!(t.contains("本决定书自送达之日起执行。"));
    assert!(!t.contains("加处罚款"));
}

/// The fixture's fictitious party and officers (示例, 某) replaced by realistic values, so
/// that a scan for placeholder marks sees only what the builder itself prints.
fn realistic(mut f: CaseDocumentFacts) -> CaseDocumentFacts {
    f.body.address = Some("天津市滨海新区第三大街9号".to_string());
    f.body.phone = Some("022-65305678".to_string());
    f.party.name = "天津滨海海鲜餐饮有限公司".to_string();
    f.party.id_number = Some("91120116MA05K0R11N".to_string());
    f.party.legal_representative = Some("周立平".to_string());
    f.party.address = Some("天津市滨海新区新港路8号".to_string());
    f.facts_found = Some(
        "2024年1月10日，执法人员对你单位经营场所进行检查，发现货架上陈列销售超过保质期的预包装食品“海河牌酸奶”12盒。"
            .to_string(),
    );
    if !f.sanctions.other.is_empty() {
        f.sanctions.other = vec!["没收超过保质期的食品“海河牌酸奶”12盒".to_string()];
    }
    f.place = f.party.address.clone();
    f.officers = vec![
        Officer {
            name: "李文斌".to_string(),
            card_no: "12000000001".to_string(),
        },
        Officer {
            name: "王海燕".to_string(),
            card_no: "12000000002".to_string(),
        },
    ];
    if let Some(s) = f.service.as_mut() {
        s.receiver = Some("周立平".to_string());
        s.place = f.party.address.clone();
    }
    f.filing_approval = Some("同意立案。（赵志红，二〇二四年一月十二日）".to_string());
    f.closing_approval = Some("同意结案。（赵志红，二〇二四年三月二十五日）".to_string());
    f
}

/// Issue 16: no printed instrument of any kind carries placeholder text ("指定代收银行" was
/// printed in place of the body's bank) or a form row left empty.
#[test]
fn no_kind_of_instrument_prints_placeholder_text() {
    let full = realistic(sample_facts());
    let summary = realistic(summary_facts());
    for kind in InstrumentKind::ALL {
        let f = if kind == InstrumentKind::SummaryDecision {
            &summary
        } else {
            &full
        };
        let (i, t) = built(kind, f);
        assert_eq!(placeholder_in(&i), None, "{kind:?}:\n{t}");
    }
    // The scan itself catches what it is for.
    let mut f = full.clone();
    f.payment.bank = Some("指定代收银行".to_string());
    let (i, _) = built(InstrumentKind::Decision, &f);
    assert!(placeholder_in(&i).is_some());
    let mut i = built(InstrumentKind::FilingApproval, &full).0;
    i.sections[0].rows[0].value.clear();
    assert!(placeholder_in(&i).is_some_and(|p| p.contains("empty field")));
}

/// Without payment details the pure builder names no bank rather than a stand-in; issuing such
/// a decision is refused upstream (`paperwork::issue`).
#[test]
fn a_decision_without_payment_details_names_no_stand_in_bank() {
    let mut f = realistic(sample_facts());
    f.payment.bank = None;
    f.payment.account_name = None;
    f.payment.account = None;
    f.payment.revenue_code = None;
    let (i, t) = built(InstrumentKind::Decision, &f);
    assert_eq!(placeholder_in(&i), None, "{t}");
    assert!(!t.contains("指定"), "{t}");
    assert!(crate::cases::paperwork::needs_payment_details(
        InstrumentKind::Decision,
        &f
    ));
    f.payment.collected_on_spot = true;
    assert!(!crate::cases::paperwork::needs_payment_details(
        InstrumentKind::Decision,
        &f
    ));
}
