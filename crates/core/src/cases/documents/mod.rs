//! Enforcement instruments (执法文书) generated from a case.
//!
//! The case workflow fills a [`CaseDocumentFacts`] (plain data, `Option`/`Vec` so that a case
//! part-way through still renders the instruments of its stage) and [`build`] turns it into a
//! typed printable [`Instrument`]: title, 文号, addressee, ordered sections, signature block
//! and, for 送达回证 and 当场处罚决定书, a receipt stub. Building is pure; the web crate
//! renders the model as A4 HTML and stores its SM3 digest.
//!
//! Contents follow 行政处罚法 (2021): 事先告知 第四十四条、第四十五条; 听证 第六十三条、
//! 第六十四条; 决定书 第五十九条 items (一)–(六); 当场决定书 第五十二条; 送达 第六十一条;
//! 履行 第六十七条 第三款、第七十二条; remedies 行政复议法 (2023) 第二十条 and 行政诉讼法
//! 第四十六条.

mod build;
mod fixture;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::rules::PartyKind;
use crate::money::Money;

pub use build::build;
#[doc(hidden)]
pub use fixture::sample_facts;

/// The instruments of a penalty case, in the order a case produces them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InstrumentKind {
    /// 立案审批表 (internal; 第五十四条 第二款).
    FilingApproval,
    /// 责令改正通知书 (第二十八条 第一款).
    CorrectionOrder,
    /// 行政处罚事先告知书 (第四十四条).
    PriorNotice,
    /// 行政处罚听证告知书 (第六十三条、第六十四条).
    HearingNotice,
    /// 行政处罚决定书 (第五十九条).
    Decision,
    /// 当场行政处罚决定书 (简易程序, 第五十二条).
    SummaryDecision,
    /// 送达回证 (第六十一条).
    ServiceReceipt,
    /// 结案审批表 (internal).
    ClosingApproval,
}

impl InstrumentKind {
    /// Every kind, in case order.
    pub const ALL: [InstrumentKind; 8] = [
        Self::FilingApproval,
        Self::CorrectionOrder,
        Self::PriorNotice,
        Self::HearingNotice,
        Self::Decision,
        Self::SummaryDecision,
        Self::ServiceReceipt,
        Self::ClosingApproval,
    ];

    /// Chinese title as printed.
    pub fn title_zh(self) -> &'static str {
        match self {
            Self::FilingApproval => "立案审批表",
            Self::CorrectionOrder => "责令改正通知书",
            Self::PriorNotice => "行政处罚事先告知书",
            Self::HearingNotice => "行政处罚听证告知书",
            Self::Decision => "行政处罚决定书",
            Self::SummaryDecision => "当场行政处罚决定书",
            Self::ServiceReceipt => "送达回证",
            Self::ClosingApproval => "结案审批表",
        }
    }

    /// English title.
    pub fn title_en(self) -> &'static str {
        match self {
            Self::FilingApproval => "Case Filing Approval Form",
            Self::CorrectionOrder => "Notice to Correct",
            Self::PriorNotice => "Advance Notice of Administrative Penalty",
            Self::HearingNotice => "Notice of the Right to a Hearing",
            Self::Decision => "Administrative Penalty Decision",
            Self::SummaryDecision => "On-the-spot Administrative Penalty Decision",
            Self::ServiceReceipt => "Proof of Service",
            Self::ClosingApproval => "Case Closing Approval Form",
        }
    }

    /// The character of the 文号 that tells the instruments apart (津滨市监**罚**〔2024〕1号).
    pub fn code(self) -> &'static str {
        match self {
            Self::FilingApproval => "立",
            Self::CorrectionOrder => "改",
            Self::PriorNotice => "告",
            Self::HearingNotice => "听",
            Self::Decision => "罚",
            Self::SummaryDecision => "当",
            Self::ServiceReceipt => "送",
            Self::ClosingApproval => "结",
        }
    }

    /// URL-safe name (`decision`, `prior_notice`, …), the serde form.
    pub fn slug(self) -> &'static str {
        match self {
            Self::FilingApproval => "filing_approval",
            Self::CorrectionOrder => "correction_order",
            Self::PriorNotice => "prior_notice",
            Self::HearingNotice => "hearing_notice",
            Self::Decision => "decision",
            Self::SummaryDecision => "summary_decision",
            Self::ServiceReceipt => "service_receipt",
            Self::ClosingApproval => "closing_approval",
        }
    }

    /// Inverse of [`Self::slug`].
    pub fn from_slug(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.slug() == s)
    }

    /// Approval forms stay inside the agency, so they show the party's full ID number; every
    /// instrument that goes to the party or may be disclosed masks it (个人信息保护法).
    pub fn is_internal(self) -> bool {
        matches!(self, Self::FilingApproval | Self::ClosingApproval)
    }
}

// ---- facts -----------------------------------------------------------------

/// The enforcement body that issues the instruments.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuingBody {
    /// Full name: 天津市滨海新区市场监督管理局.
    pub name: String,
    /// Region prefix of the 文号: 津滨.
    pub region_prefix: String,
    /// Department code of the 文号: 市监 (see [`department_abbrev`]).
    pub abbrev: String,
    /// Address for 陈述申辩 and hearing requests.
    pub address: Option<String>,
    /// Contact telephone.
    pub phone: Option<String>,
    /// 行政复议机关. For a district department it is the district government (行政复议法
    /// 2023 第二十四条 第一款 第（一）项): 天津市滨海新区人民政府.
    pub review_body: Option<String>,
    /// Court for 行政诉讼; `None` prints "人民法院" without a name.
    pub court: Option<String>,
}

impl IssuingBody {
    /// 发文机关代字 with region: 津滨市监.
    pub fn number_prefix(&self) -> String {
        format!("{}{}", self.region_prefix, self.abbrev)
    }
}

/// The party (当事人).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    /// 公民 or 法人或者其他组织.
    pub kind: PartyKind,
    /// 姓名 or 名称.
    pub name: String,
    /// 统一社会信用代码 (organisation) or 公民身份号码 (citizen).
    pub id_number: Option<String>,
    /// 法定代表人 / 负责人 (organisation).
    pub legal_representative: Option<String>,
    /// 住所 / 地址 (第五十九条（一）).
    pub address: Option<String>,
    /// Telephone.
    pub phone: Option<String>,
}

impl Default for Party {
    fn default() -> Self {
        Party {
            kind: PartyKind::Organisation,
            name: String::new(),
            id_number: None,
            legal_representative: None,
            address: None,
            phone: None,
        }
    }
}

/// A provision as cited on an instrument: by code and by text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provision {
    /// Provision code (docs/legal-codes.md): `食品安全法/art_124__para_1`.
    pub code: String,
    /// Canonical citation: 《中华人民共和国食品安全法》第一百二十四条第一款.
    pub citation: String,
    /// The provision text (may be empty when only the citation is printed).
    pub text: String,
}

/// One piece of evidence with its SM3 digest (evidence storage keeps the file).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// 证据名称: 现场检查笔录.
    pub name: String,
    /// SM3 hex digest of the stored file.
    pub sm3: String,
}

/// The sanctions decided or intended (第九条 kinds used by the instruments).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sanctions {
    /// 警告.
    pub warning: bool,
    /// 罚款.
    pub fine: Option<Money>,
    /// 没收违法所得.
    pub confiscation: Option<Money>,
    /// Other measures as text: 没收违法经营的食品、吊销许可证.
    pub other: Vec<String>,
}

impl Sanctions {
    /// No sanction at all.
    pub fn is_empty(&self) -> bool {
        !self.warning && self.fine.is_none() && self.confiscation.is_none() && self.other.is_empty()
    }
}

/// 裁量 (discretion benchmark tier) and why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discretion {
    /// 裁量阶次: 从轻 / 一般 / 从重.
    pub tier: String,
    /// Reason given on the decision.
    pub reason: String,
}

/// Outcome of `leniency::assess`, as text lines for the instrument.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeniencyNote {
    /// Outcome in Chinese: 依法从轻处罚.
    pub outcome: String,
    /// Trace lines: provision citations applied, in order.
    pub trace: Vec<String>,
}

/// Dates of the case.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseDates {
    /// 线索登记.
    pub lead: Option<NaiveDate>,
    /// 立案.
    pub filed: Option<NaiveDate>,
    /// 事先告知 / 听证告知 issued.
    pub notice: Option<NaiveDate>,
    /// Last day for 陈述、申辩.
    pub statement_deadline: Option<NaiveDate>,
    /// Last day to request a hearing (第六十四条（一）: 5 working days after the notice).
    pub hearing_request_deadline: Option<NaiveDate>,
    /// Hearing held.
    pub hearing: Option<NaiveDate>,
    /// Decision made (第五十九条（六）).
    pub decided: Option<NaiveDate>,
    /// Decision served.
    pub served: Option<NaiveDate>,
    /// Last day to pay (第六十七条 第三款: 15 days from receipt).
    pub payment_deadline: Option<NaiveDate>,
    /// Case closed.
    pub closed: Option<NaiveDate>,
    /// 责令改正通知书 issued.
    pub correction_issued: Option<NaiveDate>,
    /// Deadline of a 责令限期改正.
    pub correction_deadline: Option<NaiveDate>,
}

/// An enforcement officer as printed (第四十二条, 第五十二条: 出示执法证件).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Officer {
    /// Name.
    pub name: String,
    /// 执法证号.
    pub card_no: String,
}

/// Method of service (送达方式).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceMethod {
    /// 直接送达.
    #[default]
    Direct,
    /// 留置送达.
    Left,
    /// 邮寄送达.
    Post,
    /// 电子送达 (第六十一条 第二款: needs the party's signed consent).
    Electronic,
    /// 公告送达.
    Public,
}

impl ServiceMethod {
    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Direct => "直接送达",
            Self::Left => "留置送达",
            Self::Post => "邮寄送达",
            Self::Electronic => "电子送达",
            Self::Public => "公告送达",
        }
    }
}

/// Service of an instrument (送达).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    /// Method.
    pub method: ServiceMethod,
    /// 收件人 (the party or a person who signs for it).
    pub receiver: Option<String>,
    /// Date of service.
    pub date: Option<NaiveDate>,
    /// 送达地点.
    pub place: Option<String>,
    /// Documents served: 名称及文号. Empty means the decision (with its 文号).
    pub documents: Vec<String>,
    /// 见证人 (留置送达).
    pub witness: Option<String>,
    /// 备注: e.g. 电子送达确认书 date, 公告 medium.
    pub note: Option<String>,
}

/// How the fine is paid (第六十七条 第三款) and what was paid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// 代收机构 (指定的银行) from the body's payment details (`org::payment_details_on`).
    pub bank: Option<String>,
    /// 户名.
    pub account_name: Option<String>,
    /// 账号.
    pub account: Option<String>,
    /// 执收单位编码 (非税收入), printed so that the bank books the payment to the body.
    pub revenue_code: Option<String>,
    /// Amount paid.
    pub paid: Option<Money>,
    /// Date paid.
    pub paid_on: Option<NaiveDate>,
    /// 加处罚款 (第七十二条（一）), if any.
    pub surcharge: Option<Money>,
    /// 当场收缴 (第六十八条): printed on the summary decision.
    pub collected_on_spot: bool,
}

/// Everything the instruments of a case can print. The workflow fills what its stage knows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseDocumentFacts {
    /// Issuing body.
    pub body: IssuingBody,
    /// 案号 (internal case number).
    pub case_number: String,
    /// 行政处罚决定书 文号 (津滨市监罚〔2024〕123号).
    pub decision_number: Option<String>,
    /// 文号 of the other instruments, assigned from the body's register.
    pub document_numbers: BTreeMap<InstrumentKind, String>,
    /// 案件来源 (投诉举报 / 监督检查 / 移送 …).
    pub source: Option<String>,
    /// The party.
    pub party: Party,
    /// 案由 / 违法行为名称: 经营超过保质期的食品.
    pub violation: String,
    /// 违法事实 as found.
    pub facts_found: Option<String>,
    /// Evidence list.
    pub evidence: Vec<Evidence>,
    /// Provisions violated.
    pub violated: Vec<Provision>,
    /// The provision the penalty rests on.
    pub penalising: Option<Provision>,
    /// Provision requiring the correction, when it is not only 行政处罚法 第二十八条.
    pub correction_basis: Option<Provision>,
    /// 责令改正 content: 立即停止销售并下架超过保质期的食品.
    pub correction: Option<String>,
    /// Discretion tier and reason.
    pub discretion: Option<Discretion>,
    /// Leniency outcome and trace.
    pub leniency: Option<LeniencyNote>,
    /// Sanctions intended (notices) or decided (decisions).
    pub sanctions: Sanctions,
    /// Whether 第六十三条 gives the party a hearing right for these sanctions.
    pub hearing_right: bool,
    /// 陈述、申辩 period in working days when no deadline date is known (agency rule; 行政处罚法
    /// sets none).
    pub statement_days: Option<u32>,
    /// 陈述申辩 / hearing summary and how it was handled (for the decision).
    pub statement_summary: Option<String>,
    /// 简易程序: the officers told the party on the spot and heard it, or it expressly waived
    /// (第四十四条, 第六十二条); the 当场决定书 records it.
    pub spot_notice_given: bool,
    /// Dates.
    pub dates: CaseDates,
    /// Place of the act / of the on-the-spot decision (第五十二条 第二款).
    pub place: Option<String>,
    /// Officers (承办人 / 执法人员).
    pub officers: Vec<Officer>,
    /// 法制审核 opinion (第五十八条).
    pub legal_review: Option<String>,
    /// 集体讨论 note (第五十七条 第二款).
    pub collective_discussion: Option<String>,
    /// Service of the decision.
    pub service: Option<Service>,
    /// Payment details.
    pub payment: Payment,
    /// 结案理由 (执行完毕 / 不予处罚 / 移送 …).
    pub closing_reason: Option<String>,
    /// The recorded approval of the filing (立案审批): opinion, approver and date as the case's
    /// approval step records them.
    pub filing_approval: Option<String>,
    /// The recorded approval of the closing (结案审批).
    pub closing_approval: Option<String>,
}

// ---- printable model ---------------------------------------------------------

/// A label/value row of a form section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// Label: 当事人.
    pub label: String,
    /// Value (may be empty: a blank to fill by hand).
    pub value: String,
}

/// One section: optional heading, form rows, then paragraphs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// Heading, e.g. 一、违法事实和证据.
    pub heading: Option<String>,
    /// Rows as a ruled table (approval forms, 送达回证) rather than `label：value` lines.
    pub table: bool,
    /// Form rows (printed as a ruled table).
    pub rows: Vec<Row>,
    /// Body paragraphs (printed with a two-character indent).
    pub paragraphs: Vec<String>,
}

/// Signature block: body, seal, date (第五十九条（六）).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    /// Issuing body name.
    pub body: String,
    /// 印章 note, e.g. （印章）.
    pub seal_note: String,
    /// Date in Chinese form; `None` prints a blank 年 月 日 to fill in.
    pub date: Option<String>,
    /// Signature lines (执法人员签名 …), printed above the body.
    pub signers: Vec<String>,
}

/// A detachable receipt (送达回证 signature part, 当场决定书 签收联).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stub {
    /// Heading.
    pub heading: String,
    /// Rows to sign or fill.
    pub rows: Vec<Row>,
    /// Note under the rows.
    pub note: Option<String>,
}

/// A printable instrument. Serialisable so that the workflow can keep a snapshot of exactly
/// what was issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instrument {
    /// Kind.
    pub kind: InstrumentKind,
    /// Issuing body, printed above the title.
    pub issuer: String,
    /// Title: 行政处罚决定书.
    pub title: String,
    /// English title (screen only).
    pub title_en: String,
    /// 文号, if assigned.
    pub number: Option<String>,
    /// 案号.
    pub case_number: String,
    /// Addressee line: 天津某某食品有限公司：.
    pub addressee: Option<String>,
    /// Sections in order.
    pub sections: Vec<Section>,
    /// Signature block.
    pub signature: Signature,
    /// Receipt part.
    pub stub: Option<Stub>,
    /// Internal form (not given to the party).
    pub internal: bool,
}

impl Instrument {
    /// Canonical serialisation for the content digest: compact JSON of the model (field
    /// order is the declaration order, so equal instruments give equal bytes).
    pub fn canonical_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// SM3 hex digest of [`Self::canonical_json`], printed in the footer.
    pub fn digest(&self) -> String {
        crate::audit::sm3_hex(self.canonical_json().as_bytes())
    }
}

// ---- numbering, dates, abbreviations -----------------------------------------

/// 文号: `{abbrev}{kind code}〔{year}〕{seq}号`, e.g. `津滨市监罚〔2024〕123号`. `abbrev` is
/// the whole 发文机关代字 including the region prefix ([`IssuingBody::number_prefix`]). The
/// year is in 六角括号 〔〕 and the sequence has no leading zeros (GB/T 9704-2012 7.2.4).
pub fn decision_number(abbrev: &str, kind: InstrumentKind, year: i32, seq: u32) -> String {
    format!("{abbrev}{}〔{year}〕{seq}号", kind.code())
}

/// Department code for the 文号 from a Binhai department name, full
/// (天津市滨海新区市场监督管理局) or short (区市场监管局). Unknown names fall back to the
/// first two characters of the name without region prefix and organ suffix.
pub fn department_abbrev(department_name: &str) -> String {
    let name = strip_region(department_name.trim());
    // Longer, more specific keys first: 城市管理 before 管理, 卫生健康 before 健康.
    const TABLE: &[(&[&str], &str)] = &[
        (&["市场监督管理", "市场监管"], "市监"),
        (&["生态环境"], "环"),
        (&["城市管理", "城管", "综合执法"], "城管"),
        (&["住房和建设", "住房和城乡建设", "住建"], "住建"),
        (&["应急管理", "应急"], "应急"),
        (&["交通运输", "交运"], "交"),
        (&["文化和旅游", "文旅"], "文旅"),
        // 津滨卫疾控〔2021〕112号 (departments.toml) shows 卫 as the health committee's code.
        (&["卫生健康", "卫健"], "卫"),
        (&["规划和自然资源", "规划资源"], "规资"),
        (&["农业农村", "农委"], "农"),
        (&["人力资源和社会保障", "人社"], "人社"),
        (&["教育体育", "教体"], "教体"),
        (&["商务和投资促进", "商促"], "商"),
        (&["水务"], "水"),
        (&["发展和改革", "发改"], "发改"),
        (&["工业和信息化", "工信"], "工信"),
        (&["医疗保障", "医保"], "医保"),
        (&["司法"], "司"),
        (&["民政"], "民"),
        (&["统计"], "统"),
        (&["政务服务"], "政务"),
        (&["公安"], "公"),
        (&["消防救援", "消防"], "消"),
        (&["税务"], "税"),
    ];
    // A street office or town enforces through its own 综合执法大队: its place name is its
    // code (塘沽街道综合执法大队 → 塘沽街), as in subdistricts.toml short names.
    for (marker, short) in [("街道", "街"), ("镇", "镇")] {
        if let Some((place, _)) = name.split_once(marker)
            && !place.is_empty()
        {
            return format!("{place}{short}");
        }
    }
    for (keys, code) in TABLE {
        if keys.iter().any(|k| name.contains(k)) {
            return (*code).to_string();
        }
    }
    fallback_abbrev(name)
}

fn strip_region(mut s: &str) -> &str {
    for prefix in ["天津市", "滨海新区", "区"] {
        s = s.strip_prefix(prefix).unwrap_or(s);
    }
    s
}

fn fallback_abbrev(name: &str) -> String {
    let mut core = name;
    for suffix in [
        "委员会",
        "管理局",
        "办公室",
        "分局",
        "支队",
        "局",
        "委",
        "办",
    ] {
        if let Some(rest) = core.strip_suffix(suffix)
            && !rest.is_empty()
        {
            core = rest;
            break;
        }
    }
    core.chars().take(2).collect()
}

/// Date in the form enforcement instruments customarily print: 二〇二四年三月五日 (汉字 with
/// 〇; general 公文 under GB/T 9704-2012 use Arabic figures instead).
pub fn chinese_date(d: NaiveDate) -> String {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let year: String = d
        .year()
        .to_string()
        .chars()
        .map(|c| c.to_digit(10).map_or(c, |v| DIGITS[v as usize]))
        .collect();
    format!(
        "{year}年{}月{}日",
        small_number(d.month()),
        small_number(d.day())
    )
}

/// 1..=31 as written in dates: 五, 十, 十一, 二十, 二十一, 三十一.
fn small_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let (tens, ones) = ((n / 10) as usize, (n % 10) as usize);
    match tens {
        0 => DIGITS[ones].to_string(),
        1 => format!("十{}", DIGITS[ones]),
        t => format!("{}十{}", DIGITS[t % 10], DIGITS[ones]),
    }
}

// ---- what is printed -------------------------------------------------------------

/// Every printed line of an instrument, in order: header, sections (rows as `label：value`),
/// signature, then the stub's heading, rows and note. Stub rows are blanks the receiver fills
/// by hand (签收人、日期), so only their labels are printed.
pub fn printed_text(i: &Instrument) -> String {
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
    out.extend(i.signature.signers.iter().cloned());
    out.push(i.signature.body.clone());
    out.extend(i.signature.date.clone());
    if let Some(st) = &i.stub {
        out.push(st.heading.clone());
        out.extend(st.rows.iter().map(|r| r.label.clone()));
        out.extend(st.note.clone());
    }
    out.join("\n")
}

/// Words that mark a stand-in rather than a fact: an instrument served on a party never prints
/// them (issue 16: "指定代收银行" was printed in place of the body's bank).
pub const PLACEHOLDER_MARKS: [&str; 12] = [
    "指定代收",
    "指定银行",
    "XXX",
    "xxx",
    "某某",
    "待定",
    "示例",
    "TODO",
    "placeholder",
    "按机关配置",
    "（待填）",
    "____",
];

/// The first placeholder mark an instrument prints, or a form row printed with no value — `None`
/// when it is clean. (Stub rows are blanks for the receiver's signature and are not rows of
/// the form.)
pub fn placeholder_in(i: &Instrument) -> Option<String> {
    let text = printed_text(i);
    if let Some(m) = PLACEHOLDER_MARKS.iter().find(|m| text.contains(**m)) {
        return Some((*m).to_string());
    }
    if text.contains("，，") || text.contains("：。") {
        return Some("empty clause".to_string());
    }
    i.sections
        .iter()
        .flat_map(|s| &s.rows)
        .find(|r| r.value.trim().is_empty())
        .map(|r| format!("empty field {}：", r.label))
}
