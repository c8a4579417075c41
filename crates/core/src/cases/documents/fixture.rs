//! A complete, realistic case for tests and previews (食品安全法 2021: 经营超过保质期的食品).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{
    CaseDates, CaseDocumentFacts, Discretion, Evidence, InstrumentKind, IssuingBody, LeniencyNote,
    Officer, Party, Payment, Provision, Sanctions, Service, ServiceMethod, decision_number,
};
use crate::audit::sm3_hex;
use crate::cases::rules::PartyKind;
use crate::money::Money;

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Facts of a finished ordinary-procedure case with every field filled. Fictitious party and
/// officers; provision texts are quoted from 食品安全法(2021-04-29).md.
pub fn sample_facts() -> CaseDocumentFacts {
    let body = IssuingBody {
        name: "天津市滨海新区市场监督管理局".to_string(),
        region_prefix: "津滨".to_string(),
        abbrev: "市监".to_string(),
        address: Some("天津市滨海新区示例路1号".to_string()),
        phone: Some("022-00000000".to_string()),
        review_body: Some("天津市滨海新区人民政府".to_string()),
        court: Some("天津市滨海新区人民法院".to_string()),
    };
    let prefix = body.number_prefix();
    let mut document_numbers = BTreeMap::new();
    for kind in [
        InstrumentKind::CorrectionOrder,
        InstrumentKind::PriorNotice,
        InstrumentKind::HearingNotice,
    ] {
        document_numbers.insert(kind, decision_number(&prefix, kind, 2024, 123));
    }
    CaseDocumentFacts {
        decision_number: Some(decision_number(
            &prefix,
            InstrumentKind::Decision,
            2024,
            123,
        )),
        document_numbers,
        body,
        case_number: "BH-SJ-2024-000123".to_string(),
        source: Some("投诉举报".to_string()),
        party: Party {
            kind: PartyKind::Organisation,
            name: "天津滨海示例食品有限公司".to_string(),
            id_number: Some("91120116MA05XXXX1X".to_string()),
            legal_representative: Some("张某".to_string()),
            address: Some("天津市滨海新区示例大道100号".to_string()),
            phone: Some("13800000000".to_string()),
        },
        violation: "经营超过保质期的食品".to_string(),
        facts_found: Some(
            "2024年1月10日，执法人员对你单位经营场所进行检查，发现货架上陈列销售超过保质期的预包装食品“示例牌酸奶”12盒，货值金额人民币96.00元，违法所得人民币1,234.50元。"
                .to_string(),
        ),
        evidence: vec![
            Evidence {
                name: "现场检查笔录".to_string(),
                sm3: sm3_hex("现场检查笔录".as_bytes()),
            },
            Evidence {
                name: "询问笔录".to_string(),
                sm3: sm3_hex("询问笔录".as_bytes()),
            },
            Evidence {
                name: "现场照片".to_string(),
                sm3: sm3_hex("现场照片".as_bytes()),
            },
        ],
        violated: vec![Provision {
            code: "食品安全法/art_34__para_1__item_10".to_string(),
            citation: "《中华人民共和国食品安全法》第三十四条第一款第（十）项".to_string(),
            text: "标注虚假生产日期、保质期或者超过保质期的食品、食品添加剂".to_string(),
        }],
        penalising: Some(Provision {
            code: "食品安全法/art_124__para_1__item_5".to_string(),
            citation: "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项".to_string(),
            text: "违法生产经营的食品、食品添加剂货值金额不足一万元的，并处五万元以上十万元以下罚款……（五）生产经营标注虚假生产日期、保质期或者超过保质期的食品、食品添加剂".to_string(),
        }),
        correction_basis: None,
        correction: Some("立即停止销售并下架超过保质期的食品".to_string()),
        discretion: Some(Discretion {
            tier: "从轻".to_string(),
            reason: "当事人主动下架涉案食品，积极配合调查".to_string(),
        }),
        leniency: Some(LeniencyNote {
            outcome: "依法从轻处罚".to_string(),
            trace: vec!["《中华人民共和国行政处罚法》第三十二条第一款第（一）项".to_string()],
        }),
        sanctions: Sanctions {
            warning: false,
            fine: Some(Money::from_fen(5_000_000)),
            confiscation: Some(Money::from_fen(123_450)),
            other: vec!["没收超过保质期的食品“示例牌酸奶”12盒".to_string()],
        },
        hearing_right: true,
        statement_days: Some(5),
        spot_notice_given: true,
        statement_summary: Some(
            "当事人在法定期限内未提出陈述、申辩意见，亦未要求听证。".to_string(),
        ),
        dates: CaseDates {
            lead: day(2024, 1, 10),
            filed: day(2024, 1, 12),
            notice: day(2024, 2, 20),
            statement_deadline: day(2024, 2, 27),
            hearing_request_deadline: day(2024, 2, 27),
            hearing: None,
            decided: day(2024, 3, 5),
            served: day(2024, 3, 6),
            payment_deadline: day(2024, 3, 21),
            closed: day(2024, 3, 25),
            correction_issued: day(2024, 1, 10),
            correction_deadline: None,
        },
        place: Some("天津市滨海新区示例大道100号".to_string()),
        officers: vec![
            Officer {
                name: "李某".to_string(),
                card_no: "12000000001".to_string(),
            },
            Officer {
                name: "王某".to_string(),
                card_no: "12000000002".to_string(),
            },
        ],
        legal_review: Some("事实清楚，证据确凿，适用依据正确，程序合法，同意。".to_string()),
        collective_discussion: None,
        service: Some(Service {
            method: ServiceMethod::Direct,
            receiver: Some("张某".to_string()),
            date: day(2024, 3, 6),
            place: Some("天津市滨海新区示例大道100号".to_string()),
            documents: Vec::new(),
            witness: None,
            note: None,
        }),
        payment: Payment {
            bank: Some("中国工商银行股份有限公司天津滨海分行".to_string()),
            account_name: Some("天津市滨海新区财政局".to_string()),
            account: Some("0302 0100 0920 0012 345".to_string()),
            revenue_code: Some("120116001".to_string()),
            paid: Some(Money::from_fen(5_123_450)),
            paid_on: day(2024, 3, 15),
            surcharge: None,
            collected_on_spot: false,
        },
        closing_reason: Some("行政处罚决定已执行完毕。".to_string()),
        filing_approval: Some("同意立案。（王某，二〇二四年一月十二日）".to_string()),
        closing_approval: Some("同意结案。（王某，二〇二四年三月二十五日）".to_string()),
    }
}
