//! Writes the evaluation's case files as raw records and plants defects by construction.
//!
//! Every date is computed here with [`Notices`] (this module's own reading of the holiday
//! notices) and this module's own reading of 行政处罚法; nothing of the checks, their loader,
//! `cases::deadlines` or the procedure rules is called. What a file should look like when
//! clean, and what each defect changes, is written out per scenario below with its article.
//!
//! The base registry the files refer to (one market-regulation body and one other body, their
//! officers and cards, one power item each, the statutes and the calendar) is set up through
//! the public setup paths (`create_department`, `law::import_dir`, `calendar::seed_calendar`).

use chrono::{Datelike, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;
use sqlx::Row;

use fazhi_core::audit::{Actor, AuditedTx, Event, sm3_hex};
use fazhi_core::db::Db;
use fazhi_core::org::{DeptKind, NewDepartment, create_department};
use fazhi_core::powers::{Category, PowerItem, Violation, parse_legal_range};
use fazhi_core::{BINHAI_REGION, Error, Result};

use super::calendar::{Notices, minus, plus};

/// Seed of the set: the same seed writes the same files.
pub const SEED: u64 = 20_261_203;
/// Case numbers of the set start with this (the stable key of a file).
pub const KEY_PREFIX: &str = "津滨市监评";
/// Enforcement domain of the body, its cards and its cases.
const DOMAIN: &str = "市场监管";
/// 食品安全法 第一百二十六条 第一款: "责令改正，给予警告；拒不改正的，处五千元以上五万元以下罚款".
const PENALISED: &str = "食品安全法/art_126__para_1";
/// 食品安全法 第五十三条 第一款: 进货查验.
const VIOLATED: &str = "食品安全法/art_53__para_1";
const VIOLATION: &str = "食品经营者进货时未查验许可证和相关证明文件";
/// 第一百二十六条's legal range, yuan (read in the provision above).
const FINE_MIN_YUAN: i64 = 5_000;
const FINE_MAX_YUAN: i64 = 50_000;
/// 市场监督管理行政处罚听证办法 第五条: 对自然人处一万元以上、对法人或者其他组织处十万元以上
/// 罚款 gives the hearing right of 行政处罚法 第六十三条 第一款 第（一）项 ("以上" includes it).
const HEARING_CITIZEN_YUAN: i64 = 10_000;
const HEARING_ORGANISATION_YUAN: i64 = 100_000;
/// 行政处罚法 第五十一条: 简易程序 only for a citizen's fine up to 200 yuan, an organisation's up
/// to 3,000 yuan, or a warning.
const SUMMARY_CITIZEN_YUAN: i64 = 200;
const SUMMARY_ORGANISATION_YUAN: i64 = 3_000;

/// One defect planted by construction: the check code that should report it and why.
#[derive(Debug, Clone, Serialize)]
pub struct Planted {
    pub code: String,
    pub note: String,
}

/// One generated case file.
#[derive(Debug, Clone, Serialize)]
pub struct GenFile {
    /// 案号: the stable key of the file.
    pub key: String,
    pub case_id: i64,
    pub scenario: String,
    pub planted: Vec<Planted>,
}

/// What `generate` wrote.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Generated {
    pub files: Vec<GenFile>,
}

/// The body, its officers and the power items the files refer to.
struct Registry {
    dept: i64,
    /// Officers of the body with cards valid for the whole period.
    officers: Vec<i64>,
    /// An officer whose card expired on `EXPIRED_ON`.
    expired: i64,
    /// An officer whose valid card is for another domain (城市管理).
    other_domain: i64,
    power_code: String,
    /// An item of the other body (not the case's).
    other_power_code: String,
}

/// The day the expired officer's card ran out.
const EXPIRED_ON: (i32, u32, u32) = (2024, 3, 31);

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn internal(what: impl Into<String>) -> Error {
    Error::Internal(what.into())
}

/// One step of the record.
#[derive(Debug, Clone)]
struct StepSpec {
    action: &'static str,
    on: NaiveDate,
    from: &'static str,
    to: &'static str,
    officers: Vec<i64>,
    note: String,
}

/// One evidence file: name, content as collected, and whether it was later replaced.
#[derive(Debug, Clone)]
struct EvidenceSpec {
    name: String,
    kind: &'static str,
    content: Vec<u8>,
    replaced: bool,
}

/// A case file as the generator means it.
#[derive(Debug, Clone)]
struct Spec {
    key: String,
    scenario: String,
    summary: bool,
    citizen: bool,
    party_name: String,
    party_code: String,
    party_address: String,
    representative: String,
    facts: String,
    power_code: String,
    violated: String,
    act_ended: NaiveDate,
    lead: NaiveDate,
    filed: Option<NaiveDate>,
    investigate: Option<NaiveDate>,
    review: Option<NaiveDate>,
    legal_review: Option<NaiveDate>,
    notice: Option<NaiveDate>,
    hearing_request: Option<NaiveDate>,
    hearing: Option<NaiveDate>,
    discuss: Option<NaiveDate>,
    extend: Option<NaiveDate>,
    decided: NaiveDate,
    served: NaiveDate,
    executed: Option<NaiveDate>,
    closed: NaiveDate,
    archived: NaiveDate,
    published: Option<NaiveDate>,
    disclosure_unmasked: bool,
    /// The citizen's name is masked in the disclosure but the identity number is shown.
    disclosure_id_shown: bool,
    /// 第六十二条: the party expressly waived 陈述、申辩; and (separately) the hearing.
    statement_waived: bool,
    hearing_waived: bool,
    team: Vec<i64>,
    investigate_team: Vec<i64>,
    evidence: Vec<EvidenceSpec>,
    fine_yuan: i64,
    warning: bool,
    tier: String,
    out_of_tier_reason: String,
    hearing_right: bool,
    hearing_requested: bool,
    /// 危害后果 as recorded ("none" | "slight" | "serious").
    harm: &'static str,
    major_public_interest: bool,
    complex: bool,
    serious_violation: bool,
    extension_days: i64,
    payment_due: Option<NaiveDate>,
    paid_yuan: i64,
    surcharge_yuan: i64,
    spot_notice_given: bool,
    /// Steps (by action) whose audit event is left out.
    unaudited: Vec<&'static str>,
    decision_no: String,
    planted: Vec<Planted>,
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
];
const GIVEN: &[&str] = &[
    "建国", "秀英", "志强", "海燕", "立新", "丽娟", "国庆", "春梅", "文博", "晓东", "玉兰", "振华",
];
const SHOPS: &[&str] = &[
    "鑫盛", "福源", "海港", "新河", "金桥", "泰达", "渤海", "塘沽", "汉沽", "大港", "永安", "惠民",
];
const TRADES: &[&str] = &[
    "餐饮管理",
    "食品销售",
    "超市",
    "商贸",
    "酒店管理",
    "烘焙食品",
];

/// 查明的事实: the party, the conduct, the provision violated and the refusal to correct that
/// 第一百二十六条 requires before a fine.
fn facts_text(party: &str, act_ended: NaiveDate) -> String {
    format!(
        "经查，当事人{party}于{act_ended}前在其经营场所购进预包装食品时，未查验供货者的许可证和食品出厂检验合格证明，违反《中华人民共和国食品安全法》第五十三条第一款的规定；经责令改正，当事人逾期仍未改正。"
    )
}

/// Tier names of the discretion standard (`default_standard` splits the legal range in thirds).
fn tier_of(fine_yuan: i64) -> &'static str {
    let third = (FINE_MAX_YUAN - FINE_MIN_YUAN) / 3;
    if fine_yuan <= FINE_MIN_YUAN + third {
        "较轻"
    } else if fine_yuan <= FINE_MAX_YUAN - third {
        "一般"
    } else {
        "较重"
    }
}

/// 第六十三条 with 听证办法 第五条: whether the fine gives the party a hearing right.
fn hearing_applies(citizen: bool, fine_yuan: i64) -> bool {
    fine_yuan > 0
        && fine_yuan
            >= if citizen {
                HEARING_CITIZEN_YUAN
            } else {
                HEARING_ORGANISATION_YUAN
            }
}

struct Gen<'a> {
    n: &'a Notices,
    rng: StdRng,
    reg: &'a Registry,
    seq: usize,
}

impl Gen<'_> {
    fn pick<'b>(&mut self, xs: &'b [&'b str]) -> &'b str {
        xs[self.rng.gen_range(0..xs.len())]
    }

    /// A working day between two dates (both inclusive), uniformly.
    fn day_between(&mut self, a: NaiveDate, b: NaiveDate) -> NaiveDate {
        let span = (b - a).num_days().max(0) as u64;
        self.n.on_or_after(plus(a, self.rng.gen_range(0..=span)))
    }

    /// A clean general-procedure penalty file, decided, served, paid, disclosed and archived.
    fn general(&mut self, scenario: &str, lead: NaiveDate, citizen: bool, fine_yuan: i64) -> Spec {
        self.seq += 1;
        let n = self.n;
        let lead = n.on_or_after(lead);
        let (party_name, party_code, representative) = if citizen {
            let name = format!("{}{}", self.pick(SURNAMES), self.pick(GIVEN));
            let code = format!(
                "12011619{:02}{:02}{:02}{:04}",
                self.rng.gen_range(60..99),
                self.rng.gen_range(1..13),
                self.rng.gen_range(1..29),
                self.rng.gen_range(1000..9999)
            );
            (name, code, String::new())
        } else {
            let name = format!(
                "天津市滨海新区{}{}有限公司",
                self.pick(SHOPS),
                self.pick(TRADES)
            );
            let code = format!("91120116MA{:07}X", self.rng.gen_range(1_000_000..9_999_999));
            let rep = format!("{}{}", self.pick(SURNAMES), self.pick(GIVEN));
            (name, code, rep)
        };
        let act_ended = minus(lead, self.rng.gen_range(3..40));
        let filed = n.working_days_after(lead, self.rng.gen_range(2..=10));
        let investigate = n.working_days_after(filed, 1);
        let review = n.working_days_after(investigate, self.rng.gen_range(8..=22));
        let notice = n.working_days_after(review, 2);
        // 第四十五条、第六十四条（一）: five working days to state, defend or ask for a hearing;
        // the decision comes after them.
        let decided = n.working_days_after(notice, 5 + self.rng.gen_range(1..=4));
        let a = self.reg.officers[self.rng.gen_range(0..self.reg.officers.len())];
        let mut b = self.reg.officers[self.rng.gen_range(0..self.reg.officers.len())];
        if a == b {
            b = self.reg.officers[(self.reg.officers.iter().position(|x| *x == a).unwrap_or(0)
                + 1)
                % self.reg.officers.len()];
        }
        let year = decided.year();
        let key = format!("{KEY_PREFIX}〔{}〕{:03}号", lead.year(), self.seq);
        let facts = facts_text(&party_name, act_ended);
        let mut s = Spec {
            key,
            scenario: scenario.to_string(),
            summary: false,
            citizen,
            party_name,
            party_code,
            party_address: format!("天津市滨海新区{}路{}号", self.pick(SHOPS), self.seq + 10),
            representative,
            facts,
            power_code: self.reg.power_code.clone(),
            violated: VIOLATED.into(),
            act_ended,
            lead,
            filed: Some(filed),
            investigate: Some(investigate),
            review: Some(review),
            legal_review: None,
            notice: Some(notice),
            hearing_request: None,
            hearing: None,
            discuss: None,
            extend: None,
            decided,
            served: decided,
            executed: None,
            closed: decided,
            archived: decided,
            published: None,
            disclosure_unmasked: false,
            disclosure_id_shown: false,
            statement_waived: false,
            hearing_waived: false,
            team: vec![a, b],
            investigate_team: vec![a, b],
            evidence: vec![
                EvidenceSpec {
                    name: "现场检查笔录.pdf".into(),
                    kind: "record",
                    content: format!("现场检查笔录 {} {}", self.seq, investigate).into_bytes(),
                    replaced: false,
                },
                EvidenceSpec {
                    name: "进货台账照片.jpg".into(),
                    kind: "photo",
                    content: format!("进货台账照片 {} {}", self.seq, investigate).into_bytes(),
                    replaced: false,
                },
            ],
            fine_yuan,
            warning: false,
            tier: tier_of(fine_yuan).into(),
            out_of_tier_reason: String::new(),
            hearing_right: hearing_applies(citizen, fine_yuan),
            hearing_requested: false,
            harm: "serious",
            major_public_interest: false,
            complex: false,
            serious_violation: false,
            extension_days: 0,
            payment_due: None,
            paid_yuan: fine_yuan,
            surcharge_yuan: 0,
            spot_notice_given: false,
            unaudited: Vec::new(),
            decision_no: format!("津滨市监罚〔{year}〕{:04}号", 100 + self.seq),
            planted: Vec::new(),
        };
        self.finish(&mut s);
        s
    }

    /// The dates after the decision, on time: service within seven working days (第六十一条,
    /// 第八十五条), payment within fifteen days of receipt (第六十七条 第三款), disclosure within
    /// seven working days (国办发〔2018〕118号), then closing and archiving.
    fn finish(&mut self, s: &mut Spec) {
        let n = self.n;
        s.served = if s.summary {
            s.decided
        } else {
            n.working_days_after(s.decided, self.rng.gen_range(1..=4))
        };
        let owed = s.fine_yuan > 0;
        s.payment_due = owed.then(|| n.calendar_days_after(s.served, 15));
        s.executed = s.payment_due.map(|due| {
            let pay = plus(s.served, self.rng.gen_range(1..=10));
            n.on_or_after(pay).min(due)
        });
        s.paid_yuan = s.fine_yuan;
        // 市场监督管理行政处罚信息公示规定 第二条: general-procedure decisions are published,
        // not summary ones nor a warning alone.
        let warning_only = s.warning && s.fine_yuan == 0;
        s.published = (!(s.summary || warning_only))
            .then(|| n.working_days_after(s.decided, self.rng.gen_range(1..=5)));
        let last = [Some(s.served), s.executed, s.published]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or(s.decided);
        s.closed = n.working_days_after(last, 2);
        s.archived = n.working_days_after(s.closed, 3);
    }

    /// A clean summary-procedure file (第五十一条、第五十二条): decided and served on the spot.
    fn summary(&mut self, scenario: &str, lead: NaiveDate, citizen: bool, fine_yuan: i64) -> Spec {
        let mut s = self.general(scenario, lead, citizen, fine_yuan);
        s.summary = true;
        s.filed = None;
        s.investigate = None;
        s.review = None;
        s.notice = None;
        s.decided = s.lead;
        s.act_ended = s.lead;
        s.facts = facts_text(&s.party_name, s.act_ended);
        s.warning = fine_yuan == 0;
        s.tier = if fine_yuan == 0 {
            String::new()
        } else {
            tier_of(fine_yuan).into()
        };
        s.hearing_right = false;
        // 第四十四条: told on the spot and heard.
        s.spot_notice_given = true;
        s.evidence.truncate(1);
        s.evidence[0].name = "现场照片.jpg".into();
        s.evidence[0].kind = "photo";
        self.finish(&mut s);
        s
    }

    fn plant(planted: &mut Vec<Planted>, code: &str, note: String) {
        planted.push(Planted {
            code: code.into(),
            note,
        });
    }

    /// A random lead date of 2024 – mid 2025 (the years the notices and the statutes cover).
    fn any_lead(&mut self) -> NaiveDate {
        self.day_between(date(2024, 1, 8), date(2025, 5, 30))
    }
}

/// The steps of a file, in date order (ties keep the procedure's order).
fn steps_of(s: &Spec) -> Vec<StepSpec> {
    let mut v = Vec::new();
    let mut push = |action: &'static str,
                    on: Option<NaiveDate>,
                    from: &'static str,
                    to: &'static str,
                    officers: Vec<i64>,
                    note: &str| {
        if let Some(on) = on {
            v.push(StepSpec {
                action,
                on,
                from,
                to,
                officers,
                note: note.into(),
            });
        }
    };
    if s.summary {
        push(
            "evidence",
            Some(s.decided),
            "lead",
            "lead",
            s.team.clone(),
            "现场拍照取证",
        );
        push(
            "decide_on_spot",
            Some(s.decided),
            "lead",
            "decided",
            s.team.clone(),
            if s.spot_notice_given {
                "当场作出行政处罚决定，当场告知并听取陈述申辩"
            } else {
                "当场作出行政处罚决定"
            },
        );
    } else {
        push("file", s.filed, "lead", "filed", s.team.clone(), "立案审批");
        push(
            "investigate",
            s.investigate,
            "filed",
            "investigating",
            s.investigate_team.clone(),
            "现场检查、询问",
        );
        if !s.evidence.is_empty() {
            push(
                "evidence",
                s.investigate,
                "investigating",
                "investigating",
                s.investigate_team.clone(),
                "登记证据",
            );
        }
        push(
            "review",
            s.review,
            "investigating",
            "reviewed",
            Vec::new(),
            "调查终结报告",
        );
        push(
            "legal_review",
            s.legal_review,
            "reviewed",
            "legal_review",
            Vec::new(),
            "法制审核通过",
        );
        push(
            "notify",
            s.notice,
            "legal_review",
            "notified",
            Vec::new(),
            "送达行政处罚告知书",
        );
        push(
            "request_hearing",
            s.hearing_request,
            "notified",
            "notified",
            Vec::new(),
            "当事人书面申请听证",
        );
        push(
            "hearing",
            s.hearing,
            "notified",
            "hearing",
            Vec::new(),
            "举行听证",
        );
        push(
            "discuss",
            s.discuss,
            "notified",
            "discussion",
            Vec::new(),
            "负责人集体讨论",
        );
        push(
            "extend",
            s.extend,
            "notified",
            "notified",
            Vec::new(),
            "经负责人批准延长办案期限三十日",
        );
        push(
            "decide",
            Some(s.decided),
            "notified",
            "decided",
            Vec::new(),
            "作出行政处罚决定",
        );
    }
    if !s.summary {
        push(
            "serve",
            Some(s.served),
            "decided",
            "served",
            Vec::new(),
            "直接送达",
        );
    }
    push(
        "execute",
        s.executed,
        "served",
        "executed",
        Vec::new(),
        "当事人缴纳罚款",
    );
    push(
        "close",
        Some(s.closed),
        "executed",
        "closed",
        Vec::new(),
        "结案",
    );
    push(
        "archive",
        Some(s.archived),
        "closed",
        "archived",
        Vec::new(),
        "归档",
    );
    // Stable sort: a step never precedes an earlier-dated one (第四十七条 全过程记录).
    v.sort_by_key(|x| x.on);
    v
}

/// The scenarios, in the order the files are written. Each returns its file.
fn scenarios(g: &mut Gen) -> Vec<Spec> {
    let n = g.n;
    let mut out = Vec::new();
    let wd = |d: NaiveDate, k: u32| n.working_days_after(d, k);

    // --- Clean files of ordinary variety -------------------------------------------------
    for i in 0..30 {
        let citizen = i % 3 == 0;
        let fine = if citizen {
            5_000 + 500 * (i as i64 % 9)
        } else {
            6_000 + 1_500 * (i as i64 % 25)
        };
        let lead = g.any_lead();
        out.push(g.general("clean", lead, citizen, fine));
    }
    // Summary warnings (第五十一条: a warning may be given on the spot).
    for _ in 0..6 {
        let lead = g.any_lead();
        out.push(g.summary("clean_summary_warning", lead, true, 0));
    }
    // Citizen fined 10,000 yuan or more, told of the hearing right, no hearing asked.
    for i in 0..5 {
        let lead = g.any_lead();
        let mut s = g.general(
            "clean_hearing_right_notified",
            lead,
            true,
            10_000 + 2_000 * i,
        );
        s.hearing_right = true;
        out.push(s);
    }
    // Hearing asked and held; 第五十八条 第一款 第（二）项: legal review after the hearing.
    for i in 0..4 {
        let lead = g.any_lead();
        let mut s = g.general("clean_hearing_held", lead, true, 12_000 + 3_000 * i);
        let notice = s.notice.unwrap_or(s.lead);
        s.hearing_requested = true;
        s.hearing_request = Some(wd(notice, 2));
        // 第六十四条（二）: the party is told seven days before the hearing.
        s.hearing = Some(n.on_or_after(plus(wd(notice, 2), 10)));
        s.legal_review = Some(wd(s.hearing.unwrap_or(notice), 2));
        s.decided = wd(s.legal_review.unwrap_or(notice), 3);
        g.finish(&mut s);
        out.push(s);
    }
    // Major public interest (第五十八条 第一款 第（一）项) with the legal review on file.
    for _ in 0..4 {
        let lead = g.any_lead();
        let mut s = g.general("clean_public_interest_reviewed", lead, false, 30_000);
        s.major_public_interest = true;
        s.legal_review = Some(wd(s.review.unwrap_or(s.lead), 1));
        s.notice = Some(wd(s.legal_review.unwrap_or(s.lead), 1));
        s.decided = wd(s.notice.unwrap_or(s.lead), 7);
        g.finish(&mut s);
        out.push(s);
    }
    // Complex (第五十七条 第二款, 第五十八条（三）): reviewed and discussed collectively.
    for _ in 0..3 {
        let lead = g.any_lead();
        let mut s = g.general("clean_complex_discussed", lead, false, 40_000);
        s.complex = true;
        s.legal_review = Some(wd(s.review.unwrap_or(s.lead), 1));
        s.notice = Some(wd(s.legal_review.unwrap_or(s.lead), 1));
        s.discuss = Some(wd(s.notice.unwrap_or(s.lead), 6));
        s.decided = wd(s.discuss.unwrap_or(s.lead), 1);
        g.finish(&mut s);
        out.push(s);
    }
    // Serious violation discussed collectively (第五十七条 第二款).
    for _ in 0..2 {
        let lead = g.any_lead();
        let mut s = g.general("clean_serious_discussed", lead, false, 45_000);
        s.serious_violation = true;
        s.discuss = Some(wd(s.notice.unwrap_or(s.lead), 6));
        s.decided = wd(s.discuss.unwrap_or(s.lead), 1);
        g.finish(&mut s);
        out.push(s);
    }
    // Out-of-tier fine with its reason recorded and the legal review (裁量基准, 第三十四条).
    for _ in 0..2 {
        let lead = g.any_lead();
        let mut s = g.general("clean_out_of_tier_reasoned", lead, false, 30_000);
        s.tier = "较轻".into();
        s.out_of_tier_reason =
            "当事人主动消除违法后果并积极配合调查，但涉案食品数量较大，经集体研究在一般档次内确定罚款数额。"
                .into();
        s.legal_review = Some(wd(s.review.unwrap_or(s.lead), 1));
        s.notice = Some(wd(s.legal_review.unwrap_or(s.lead), 1));
        s.decided = wd(s.notice.unwrap_or(s.lead), 7);
        g.finish(&mut s);
        out.push(s);
    }

    // --- Clean borderline files --------------------------------------------------------
    // 第六十条: decided on the ninetieth day exactly.
    for lead in [date(2024, 3, 4), date(2024, 11, 11), date(2025, 2, 17)] {
        let mut s = g.general("border_decision_day_90", lead, false, 15_000);
        let filed = s.filed.unwrap_or(s.lead);
        s.decided = n.calendar_days_after(filed, 90);
        g.finish(&mut s);
        out.push(s);
    }
    // 第六十条 with 民事诉讼法 第八十五条: the ninetieth day falls in the National Day holiday,
    // the period ends on the first working day after it.
    {
        let mut s = g.general(
            "border_decision_day_90_national_day",
            date(2024, 6, 24),
            false,
            9_000,
        );
        s.filed = Some(date(2024, 7, 3));
        s.investigate = Some(wd(date(2024, 7, 3), 1));
        s.review = Some(wd(date(2024, 7, 3), 40));
        s.notice = Some(wd(date(2024, 7, 3), 42));
        s.decided = date(2024, 10, 8);
        g.finish(&mut s);
        out.push(s);
    }
    // Extension approved by the head (+30 days, 市场监管程序规定), decided on day 110.
    for lead in [date(2024, 4, 8), date(2025, 1, 6)] {
        let mut s = g.general("border_extension_approved", lead, false, 20_500);
        let filed = s.filed.unwrap_or(s.lead);
        s.extend = Some(n.on_or_after(plus(filed, 80)));
        s.extension_days = 30;
        s.decided = n.on_or_after(plus(filed, 110));
        g.finish(&mut s);
        out.push(s);
    }
    // 市场监督管理行政处罚程序规定 第十八条: filed on the fifteenth working day, across the
    // Spring Festival 2025 (01-28..02-04 off, 01-26 and 02-08 worked).
    {
        let mut s = g.general(
            "border_filing_day_15_spring_festival",
            date(2025, 1, 20),
            false,
            8_000,
        );
        s.filed = Some(wd(date(2025, 1, 20), 15));
        let f = s.filed.unwrap_or(s.lead);
        s.investigate = Some(wd(f, 1));
        s.review = Some(wd(f, 12));
        s.notice = Some(wd(f, 14));
        s.decided = wd(f, 21);
        g.finish(&mut s);
        out.push(s);
    }
    // 第四十五条/第六十四条（一）: notice just before National Day 2024; decided on the sixth
    // working day after it (the five-day window counts working days only, 第八十五条).
    {
        let mut s = g.general(
            "border_statement_national_day",
            date(2024, 8, 19),
            false,
            7_000,
        );
        s.notice = Some(date(2024, 9, 27));
        s.review = Some(wd(s.filed.unwrap_or(s.lead), 5).min(date(2024, 9, 25)));
        s.decided = wd(date(2024, 9, 27), 6);
        g.finish(&mut s);
        out.push(s);
    }
    // 第六十一条 / 第八十五条: served on the seventh working day, across National Day 2025
    // (10-01..10-08 off, 09-28 and 10-11 worked).
    {
        let mut s = g.general(
            "border_service_day_7_national_day",
            date(2025, 7, 21),
            false,
            9_500,
        );
        let f = s.filed.unwrap_or(s.lead);
        s.review = Some(wd(f, 20).min(date(2025, 9, 15)));
        s.notice = Some(date(2025, 9, 17));
        s.decided = date(2025, 9, 29);
        g.finish(&mut s);
        s.served = wd(date(2025, 9, 29), 7);
        s.payment_due = Some(n.calendar_days_after(s.served, 15));
        s.executed = Some(wd(s.served, 3));
        s.closed = wd(
            s.executed
                .unwrap_or(s.served)
                .max(s.published.unwrap_or(s.served)),
            2,
        );
        s.archived = wd(s.closed, 3);
        out.push(s);
    }
    // 国办发〔2018〕118号: disclosed on the seventh working day, across the Spring Festival 2024.
    {
        let mut s = g.general(
            "border_disclosure_day_7_spring_festival",
            date(2024, 1, 2),
            false,
            11_000,
        );
        let f = s.filed.unwrap_or(s.lead);
        s.review = Some(wd(f, 12).min(date(2024, 1, 25)));
        s.notice = Some(date(2024, 1, 29));
        s.decided = date(2024, 2, 6);
        g.finish(&mut s);
        s.published = Some(wd(date(2024, 2, 6), 7));
        s.closed = wd(
            s.published
                .unwrap_or(s.served)
                .max(s.executed.unwrap_or(s.served)),
            2,
        );
        s.archived = wd(s.closed, 3);
        out.push(s);
    }
    // A citizen fined 9,800 yuan: under the 10,000 of 听证办法 第五条, no hearing right.
    {
        let lead = g.any_lead();
        let mut s = g.general("border_fine_under_hearing_threshold", lead, true, 9_800);
        s.hearing_right = false;
        out.push(s);
    }
    // 第五十一条: an organisation's summary warning, the limit case.
    {
        let lead = g.any_lead();
        out.push(g.summary("border_summary_warning_organisation", lead, false, 0));
    }

    // --- Files with one planted defect ----------------------------------------------------
    for i in 0..3 {
        let lead = g.any_lead();
        let mut s = g.general("decision_late", lead, i % 2 == 0, 8_000 + 1_000 * i);
        let filed = s.filed.unwrap_or(s.lead);
        s.decided = n.on_or_after(plus(filed, 95 + 3 * i as u64));
        g.finish(&mut s);
        let days = (s.decided - filed).num_days();
        Gen::plant(
            &mut s.planted,
            "decision_deadline",
            format!(
                "立案 {filed}，{} 决定，相隔 {days} 日，无延期（第六十条 九十日）",
                s.decided
            ),
        );
        out.push(s);
    }
    {
        let mut s = g.general(
            "decision_late_national_day",
            date(2024, 6, 24),
            false,
            9_000,
        );
        s.filed = Some(date(2024, 7, 3));
        s.investigate = Some(wd(date(2024, 7, 3), 1));
        s.review = Some(wd(date(2024, 7, 3), 40));
        s.notice = Some(wd(date(2024, 7, 3), 42));
        s.decided = date(2024, 10, 9);
        g.finish(&mut s);
        Gen::plant(
            &mut s.planted,
            "decision_deadline",
            "立案 2024-07-03，九十日届满 2024-10-01 逢国庆假期顺延至 2024-10-08，2024-10-09 才决定（第六十条）".into(),
        );
        out.push(s);
    }
    for lead in [date(2024, 5, 6), date(2025, 2, 10)] {
        let mut s = g.general("decision_extension_unapproved", lead, false, 21_000);
        let filed = s.filed.unwrap_or(s.lead);
        s.extension_days = 30;
        s.decided = n.on_or_after(plus(filed, 110));
        g.finish(&mut s);
        Gen::plant(
            &mut s.planted,
            "decision_deadline",
            format!(
                "立案 {filed}，{} 决定（第 {} 日），记录延长三十日但案卷无负责人批准延期的环节（第六十条）",
                s.decided,
                (s.decided - filed).num_days()
            ),
        );
        out.push(s);
    }
    for i in 0..3 {
        let lead = g.any_lead();
        let mut s = g.general("filing_late", lead, i == 1, 7_000);
        let f = wd(s.lead, 20 + 2 * i as u32);
        s.filed = Some(f);
        s.investigate = Some(wd(f, 1));
        s.review = Some(wd(f, 10));
        s.notice = Some(wd(f, 12));
        s.decided = wd(f, 19);
        g.finish(&mut s);
        Gen::plant(
            &mut s.planted,
            "filing_deadline",
            format!(
                "线索 {}，{f} 立案，为第 {} 个工作日（程序规定第十八条 十五个工作日）",
                s.lead,
                20 + 2 * i
            ),
        );
        out.push(s);
    }
    for i in 0..3 {
        let lead = g.any_lead();
        let mut s = g.general("single_officer", lead, i == 0, 6_500);
        s.investigate_team.truncate(1);
        s.team.truncate(1);
        Gen::plant(
            &mut s.planted,
            "officer_count",
            "调查取证只有一名执法人员（第四十二条 不得少于两人）".into(),
        );
        out.push(s);
    }
    for i in 0..3 {
        let lead = g.day_between(date(2024, 5, 6), date(2025, 4, 30));
        let mut s = g.general("expired_card", lead, i == 2, 6_000);
        s.investigate_team[0] = g.reg.expired;
        s.team[0] = g.reg.expired;
        let (y, m, d) = EXPIRED_ON;
        Gen::plant(
            &mut s.planted,
            "officer_cards",
            format!(
                "调查取证于 {}，执法人员之一的执法证 {} 已到期（第四十二条 持证执法）",
                s.investigate.unwrap_or(s.lead),
                date(y, m, d)
            ),
        );
        out.push(s);
    }
    for i in 0..3 {
        let lead = g.any_lead();
        let mut s = g.general("no_evidence", lead, i == 0, 5_500);
        s.evidence.clear();
        Gen::plant(
            &mut s.planted,
            "evidence_present",
            "案卷无任何证据材料即作出处罚决定（第四十条、第四十六条）".into(),
        );
        out.push(s);
    }
    for i in 0..3 {
        let lead = g.any_lead();
        let mut s = g.general("evidence_replaced", lead, i == 1, 6_200);
        s.evidence[1].replaced = true;
        Gen::plant(
            &mut s.planted,
            "evidence_integrity",
            "证据“进货台账照片”现存内容与登记时的 SM3 摘要不符（第四十六条、第四十七条）".into(),
        );
        out.push(s);
    }
    for i in 0..3 {
        let lead = g.any_lead();
        let mut s = g.general("facts_missing", lead, i == 0, 7_500);
        s.facts = "经查，当事人存在违法行为。".into();
        Gen::plant(
            &mut s.planted,
            "facts_recorded",
            "查明事实一句话，未写明当事人及其违法行为（第四十条）".into(),
        );
        out.push(s);
    }
    for _ in 0..3 {
        let lead = g.any_lead();
        let mut s = g.general("legal_review_missing", lead, false, 30_000);
        s.major_public_interest = true;
        Gen::plant(
            &mut s.planted,
            "legal_review",
            "涉及重大公共利益，决定前无法制审核（第五十八条 第一款 第（一）项）".into(),
        );
        out.push(s);
    }
    for i in 0..3 {
        let lead = g.any_lead();
        let mut s = g.general("no_prior_notice", lead, i == 0, 6_000 + 500 * i);
        s.notice = None;
        Gen::plant(
            &mut s.planted,
            "prior_notice",
            "案卷无行政处罚告知环节即作出处罚决定（第四十四条、第六十二条）".into(),
        );
        out.push(s);
    }
    for fine in [12_000, 18_000, 10_000] {
        let lead = g.any_lead();
        let mut s = g.general("hearing_right_not_told", lead, true, fine);
        s.hearing_right = false;
        Gen::plant(
            &mut s.planted,
            "hearing_right_notice",
            format!(
                "自然人罚款 {fine} 元，达到一万元（听证办法第五条），告知时未告知听证权利（第六十三条）"
            ),
        );
        out.push(s);
    }
    for k in [2u32, 3, 5] {
        let lead = g.any_lead();
        let mut s = g.general("statement_cut_short", lead, false, 6_800);
        s.decided = wd(s.notice.unwrap_or(s.lead), k);
        g.finish(&mut s);
        Gen::plant(
            &mut s.planted,
            "statement_window",
            format!(
                "告知 {}，第 {k} 个工作日 {} 即决定，五个工作日的陈述申辩期未满（第四十五条、第六十四条（一））",
                s.notice.unwrap_or(s.lead),
                s.decided
            ),
        );
        out.push(s);
    }
    {
        // Before the Spring Festival 2024: five calendar days would have run out, five
        // working days had not.
        let mut s = g.general(
            "statement_cut_short_spring_festival",
            date(2024, 1, 2),
            false,
            6_900,
        );
        let f = s.filed.unwrap_or(s.lead);
        s.review = Some(wd(f, 5).min(date(2024, 2, 5)));
        s.notice = Some(date(2024, 2, 7));
        s.decided = date(2024, 2, 19);
        g.finish(&mut s);
        let k = n.working_between(date(2024, 2, 7), s.decided);
        Gen::plant(
            &mut s.planted,
            "statement_window",
            format!(
                "告知 2024-02-07，春节放假 02-10 至 02-17，{} 仅为第 {k} 个工作日即决定（第四十五条、第八十五条）",
                s.decided
            ),
        );
        out.push(s);
    }
    for i in 0..3 {
        let lead = g.any_lead();
        let mut s = g.general("hearing_not_held", lead, true, 14_000 + 1_000 * i);
        let notice = s.notice.unwrap_or(s.lead);
        s.hearing_requested = true;
        s.hearing_request = Some(wd(notice, 2));
        s.decided = wd(notice, 9);
        g.finish(&mut s);
        Gen::plant(
            &mut s.planted,
            "hearing_held",
            format!(
                "当事人 {} 申请听证，未举行听证即于 {} 决定（第六十三条、第六十五条）",
                wd(notice, 2),
                s.decided
            ),
        );
        out.push(s);
    }
    for _ in 0..3 {
        let lead = g.any_lead();
        let mut s = g.general("no_collective_discussion", lead, false, 45_000);
        s.serious_violation = true;
        Gen::plant(
            &mut s.planted,
            "collective_discussion",
            "重大违法行为给予较重处罚，无负责人集体讨论（第五十七条 第二款）".into(),
        );
        out.push(s);
    }
    for (citizen, fine) in [(false, 6_000), (false, 8_000), (true, 5_000)] {
        let lead = g.any_lead();
        let mut s = g.summary("summary_over_limit", lead, citizen, fine);
        let limit = if citizen {
            SUMMARY_CITIZEN_YUAN
        } else {
            SUMMARY_ORGANISATION_YUAN
        };
        Gen::plant(
            &mut s.planted,
            "summary_limits",
            format!(
                "简易程序当场罚款 {fine} 元，超过{}{limit} 元（第五十一条）",
                if citizen { "公民" } else { "单位" }
            ),
        );
        out.push(s);
    }
    for k in [10u32, 12, 15] {
        let lead = g.any_lead();
        let mut s = g.general("service_late", lead, false, 7_200);
        s.served = wd(s.decided, k);
        s.payment_due = Some(n.calendar_days_after(s.served, 15));
        s.executed = Some(wd(s.served, 2));
        s.closed = wd(
            s.executed
                .unwrap_or(s.served)
                .max(s.published.unwrap_or(s.served)),
            2,
        );
        s.archived = wd(s.closed, 3);
        Gen::plant(
            &mut s.planted,
            "service_deadline",
            format!(
                "{} 决定，{} 送达，为第 {k} 个工作日（第六十一条 七日，第八十五条 工作日）",
                s.decided, s.served
            ),
        );
        out.push(s);
    }
    for i in 0..3 {
        let lead = g.any_lead();
        let mut s = g.general("not_disclosed", lead, i == 0, 6_600);
        s.published = None;
        Gen::plant(
            &mut s.planted,
            "disclosure_made",
            format!("普通程序罚款决定 {}，结案时未公示（第四十八条）", s.decided),
        );
        out.push(s);
    }
    for k in [9u32, 12, 20] {
        let lead = g.any_lead();
        let mut s = g.general("disclosure_late", lead, false, 6_700);
        s.published = Some(wd(s.decided, k));
        s.closed = wd(
            s.published
                .unwrap_or(s.served)
                .max(s.executed.unwrap_or(s.served)),
            2,
        );
        s.archived = wd(s.closed, 3);
        Gen::plant(
            &mut s.planted,
            "disclosure_on_time",
            format!(
                "{} 决定，{} 公示，为第 {k} 个工作日（国办发〔2018〕118号 七个工作日）",
                s.decided,
                s.published.unwrap_or(s.decided)
            ),
        );
        out.push(s);
    }
    for _ in 0..3 {
        let lead = g.any_lead();
        let mut s = g.general("disclosure_unmasked", lead, true, 6_300);
        s.disclosure_unmasked = true;
        Gen::plant(
            &mut s.planted,
            "disclosure_masked",
            "公示内容含自然人当事人完整姓名和身份证号（第四十八条、个人信息保护法第六条）".into(),
        );
        out.push(s);
    }
    for _ in 0..3 {
        let lead = g.any_lead();
        let mut s = g.general("archived_before_closed", lead, false, 6_400);
        s.archived = minus(s.closed, 3);
        Gen::plant(
            &mut s.planted,
            "chronology",
            format!(
                "{} 归档早于 {} 结案（第四十七条 全过程记录）",
                s.archived, s.closed
            ),
        );
        out.push(s);
    }
    for action in ["notify", "decide", "serve"] {
        let lead = g.any_lead();
        let mut s = g.general("step_unaudited", lead, false, 6_100);
        s.unaudited.push(action);
        Gen::plant(
            &mut s.planted,
            "audit_trail",
            format!("“{action}”环节没有审计日志记录（第四十七条）"),
        );
        out.push(s);
    }
    for i in 0..3 {
        let lead = g.any_lead();
        let mut s = g.general("closed_unpaid", lead, i == 0, 8_000);
        s.paid_yuan = 3_000 + 1_000 * i;
        Gen::plant(
            &mut s.planted,
            "payment_complete",
            format!(
                "罚款 8000 元，实缴 {} 元即结案（第六十六条、第六十七条）",
                s.paid_yuan
            ),
        );
        out.push(s);
    }
    for extra in [15u64, 10, 30] {
        let lead = g.any_lead();
        let mut s = g.general("payment_due_wrong", lead, false, 6_000);
        let right = n.calendar_days_after(s.served, 15);
        s.payment_due = Some(plus(right, extra));
        Gen::plant(
            &mut s.planted,
            "payment_due",
            format!(
                "{} 送达，缴款期限应为 {right}，记录为 {}（第六十七条 第三款 十五日）",
                s.served,
                plus(right, extra)
            ),
        );
        out.push(s);
    }
    for _ in 0..3 {
        let lead = g.any_lead();
        let mut s = g.general("power_of_other_body", lead, false, 6_000);
        s.power_code = g.reg.other_power_code.clone();
        Gen::plant(
            &mut s.planted,
            "power_of_body",
            format!(
                "援引的权责事项 {} 属于区城市管理委员会，不属于办案机关（第十七条）",
                s.power_code
            ),
        );
        out.push(s);
    }
    for back in [800u64, 900, 1000] {
        let lead = g.day_between(date(2024, 9, 2), date(2025, 5, 30));
        let mut s = g.general("time_barred", lead, false, 6_000);
        s.act_ended = minus(s.lead, back);
        // No harm recorded: 第三十六条's five years (生命健康安全 with 危害后果) do not apply.
        s.harm = "none";
        s.facts = facts_text(&s.party_name, s.act_ended);
        Gen::plant(
            &mut s.planted,
            "penalty_allowed",
            format!(
                "违法行为 {} 终了，{} 才发现，超过二年（第三十六条），仍予处罚",
                s.act_ended, s.lead
            ),
        );
        out.push(s);
    }
    for bad in ["食品安全法/art_512", "食品安全法/art_53__para_9"] {
        let lead = g.any_lead();
        let mut s = g.general("provision_missing", lead, false, 6_000);
        s.violated = bad.into();
        Gen::plant(
            &mut s.planted,
            "provisions_in_force",
            format!("违反条款 {bad} 在食品安全法中不存在（第三十七条、第三十八条）"),
        );
        out.push(s);
    }
    for fine in [30_000, 40_000] {
        let lead = g.any_lead();
        let mut s = g.general("out_of_tier_unreasoned", lead, false, fine);
        s.tier = "较轻".into();
        s.legal_review = Some(wd(s.review.unwrap_or(s.lead), 1));
        s.notice = Some(wd(s.legal_review.unwrap_or(s.lead), 1));
        s.decided = wd(s.notice.unwrap_or(s.lead), 7);
        g.finish(&mut s);
        Gen::plant(
            &mut s.planted,
            "discretion_reason",
            format!(
                "裁量档次“较轻”（五千至二万元），罚款 {fine} 元，未记录超出档次的理由（第三十四条）"
            ),
        );
        out.push(s);
    }
    for late in [5u64, 10, 20] {
        let lead = g.any_lead();
        let mut s = g.general("late_payment_no_surcharge", lead, false, 6_000);
        let due = s.payment_due.unwrap_or(s.served);
        s.executed = Some(n.on_or_after(plus(due, late)));
        s.closed = wd(
            s.executed
                .unwrap_or(s.served)
                .max(s.published.unwrap_or(s.served)),
            2,
        );
        s.archived = wd(s.closed, 3);
        Gen::plant(
            &mut s.planted,
            "surcharge",
            format!(
                "缴款期限 {due}，{} 才缴纳，未加处罚款（第七十二条 第一款 第（一）项 每日百分之三）",
                s.executed.unwrap_or(due)
            ),
        );
        out.push(s);
    }
    // A citizen summary decision the party was not told of on the spot.
    for _ in 0..2 {
        let lead = g.any_lead();
        let mut s = g.summary("summary_not_told", lead, true, 0);
        s.spot_notice_given = false;
        Gen::plant(
            &mut s.planted,
            "prior_notice",
            "简易程序当场警告，案卷未载当场告知并听取陈述申辩（第四十四条、第五十二条）".into(),
        );
        out.push(s);
    }

    // --- Files with two planted defects ---------------------------------------------------
    for _ in 0..3 {
        let lead = g.any_lead();
        let mut s = g.general("two_filing_late_disclosure_late", lead, false, 6_000);
        let f = wd(s.lead, 21);
        s.filed = Some(f);
        s.investigate = Some(wd(f, 1));
        s.review = Some(wd(f, 10));
        s.notice = Some(wd(f, 12));
        s.decided = wd(f, 19);
        g.finish(&mut s);
        s.published = Some(wd(s.decided, 11));
        s.closed = wd(
            s.published
                .unwrap_or(s.served)
                .max(s.executed.unwrap_or(s.served)),
            2,
        );
        s.archived = wd(s.closed, 3);
        Gen::plant(
            &mut s.planted,
            "filing_deadline",
            format!("线索 {}，{f} 立案，第 21 个工作日（第十八条）", s.lead),
        );
        Gen::plant(
            &mut s.planted,
            "disclosure_on_time",
            format!("{} 决定，第 11 个工作日公示（118号文）", s.decided),
        );
        out.push(s);
    }
    for _ in 0..3 {
        let lead = g.any_lead();
        let mut s = g.general("two_single_officer_not_disclosed", lead, true, 6_000);
        s.investigate_team.truncate(1);
        s.team.truncate(1);
        s.published = None;
        Gen::plant(
            &mut s.planted,
            "officer_count",
            "调查取证只有一名执法人员（第四十二条）".into(),
        );
        Gen::plant(
            &mut s.planted,
            "disclosure_made",
            "结案时未公示（第四十八条）".into(),
        );
        out.push(s);
    }
    for _ in 0..3 {
        let lead = g.any_lead();
        let mut s = g.general("two_statement_short_service_late", lead, false, 7_000);
        s.decided = wd(s.notice.unwrap_or(s.lead), 3);
        g.finish(&mut s);
        s.served = wd(s.decided, 11);
        s.payment_due = Some(n.calendar_days_after(s.served, 15));
        s.executed = Some(wd(s.served, 2));
        s.closed = wd(
            s.executed
                .unwrap_or(s.served)
                .max(s.published.unwrap_or(s.served)),
            2,
        );
        s.archived = wd(s.closed, 3);
        Gen::plant(
            &mut s.planted,
            "statement_window",
            "告知后第 3 个工作日即决定（第四十五条）".into(),
        );
        Gen::plant(
            &mut s.planted,
            "service_deadline",
            "决定后第 11 个工作日才送达（第六十一条）".into(),
        );
        out.push(s);
    }
    for _ in 0..2 {
        let lead = g.any_lead();
        let mut s = g.general("two_no_evidence_no_review", lead, false, 30_000);
        s.evidence.clear();
        s.major_public_interest = true;
        Gen::plant(
            &mut s.planted,
            "evidence_present",
            "无证据材料（第四十条）".into(),
        );
        Gen::plant(
            &mut s.planted,
            "legal_review",
            "涉及重大公共利益无法制审核（第五十八条）".into(),
        );
        out.push(s);
    }
    // --- Harder files: steps on record but out of time, borderline days -------------------
    // A hearing was asked and held, but only after the decision (第六十三条、第六十五条).
    for _ in 0..2 {
        let lead = g.any_lead();
        let mut s = g.general("hearing_after_decision", lead, true, 16_000);
        let notice = s.notice.unwrap_or(s.lead);
        s.hearing_requested = true;
        s.hearing_request = Some(wd(notice, 2));
        s.decided = wd(notice, 8);
        g.finish(&mut s);
        s.hearing = Some(wd(s.decided, 2));
        let h = s.hearing.unwrap_or(s.decided);
        Gen::plant(
            &mut s.planted,
            "hearing_held",
            format!(
                "当事人申请听证，{} 决定，听证迟至 {h} 才举行（第六十三条、第六十五条）",
                s.decided
            ),
        );
        out.push(s);
    }
    // The legal review is on file, dated after the decision (第五十八条: 决定之前).
    for _ in 0..2 {
        let lead = g.any_lead();
        let mut s = g.general("legal_review_after_decision", lead, false, 30_000);
        s.major_public_interest = true;
        s.legal_review = Some(wd(s.decided, 1));
        Gen::plant(
            &mut s.planted,
            "legal_review",
            format!(
                "涉及重大公共利益，法制审核 {} 晚于 {} 决定（第五十八条 决定之前）",
                s.legal_review.unwrap_or(s.decided),
                s.decided
            ),
        );
        out.push(s);
    }
    // The notice is dated after the decision (backdated decision or notice given afterwards).
    for _ in 0..2 {
        let lead = g.any_lead();
        let mut s = g.general("notice_after_decision", lead, false, 6_000);
        let n_on = wd(s.decided, 1);
        s.notice = Some(n_on);
        s.served = wd(n_on, 1);
        s.payment_due = Some(n.calendar_days_after(s.served, 15));
        s.executed = Some(wd(s.served, 2));
        s.published = Some(wd(s.decided, 3));
        s.closed = wd(
            s.executed
                .unwrap_or(s.served)
                .max(s.published.unwrap_or(s.served)),
            2,
        );
        s.archived = wd(s.closed, 3);
        Gen::plant(
            &mut s.planted,
            "prior_notice",
            format!(
                "{} 决定，告知迟至 {n_on}（第四十四条 决定之前告知）",
                s.decided
            ),
        );
        Gen::plant(
            &mut s.planted,
            "statement_window",
            format!(
                "告知 {n_on} 晚于决定 {}，陈述申辩期未给（第四十五条）",
                s.decided
            ),
        );
        Gen::plant(
            &mut s.planted,
            "chronology",
            format!("告知日期 {n_on} 晚于决定日期 {}（第四十七条）", s.decided),
        );
        out.push(s);
    }
    // An approved extension of thirty days, decided on day 125 (past the extended period).
    for lead in [date(2024, 2, 19), date(2024, 9, 2)] {
        let mut s = g.general("decision_late_after_extension", lead, false, 21_500);
        let filed = s.filed.unwrap_or(s.lead);
        s.extend = Some(n.on_or_after(plus(filed, 80)));
        s.extension_days = 30;
        s.decided = n.on_or_after(plus(filed, 125));
        g.finish(&mut s);
        Gen::plant(
            &mut s.planted,
            "decision_deadline",
            format!(
                "立案 {filed}，批准延长三十日，{} 决定为第 {} 日，超过一百二十日（第六十条）",
                s.decided,
                (s.decided - filed).num_days()
            ),
        );
        out.push(s);
    }
    // The collective discussion is recorded after the decision (第五十七条 第二款).
    for _ in 0..2 {
        let lead = g.any_lead();
        let mut s = g.general("discussion_after_decision", lead, false, 45_000);
        s.serious_violation = true;
        s.discuss = Some(wd(s.decided, 1));
        Gen::plant(
            &mut s.planted,
            "collective_discussion",
            format!(
                "重大违法行为，集体讨论 {} 晚于 {} 决定（第五十七条第二款）",
                s.discuss.unwrap_or(s.decided),
                s.decided
            ),
        );
        out.push(s);
    }
    // Paid ten days late with the surcharge of 第七十二条 charged: 3 % a day, here 30 %.
    for late in [10u64, 40] {
        let lead = g.any_lead();
        let mut s = g.general("late_payment_surcharged", lead, false, 6_000);
        let due = s.payment_due.unwrap_or(s.served);
        s.executed = Some(plus(due, late));
        // 第七十二条 第一款 第（一）项: 每日按罚款数额的百分之三, not above the fine itself.
        s.surcharge_yuan = (s.fine_yuan * 3 * late as i64 / 100).min(s.fine_yuan);
        s.paid_yuan = s.fine_yuan + s.surcharge_yuan;
        s.closed = wd(
            s.executed
                .unwrap_or(s.served)
                .max(s.published.unwrap_or(s.served)),
            2,
        );
        s.archived = wd(s.closed, 3);
        out.push(s);
    }
    // Service on the eighth working day across National Day 2025: late by one day.
    {
        let mut s = g.general(
            "service_day_8_national_day",
            date(2025, 7, 21),
            false,
            9_600,
        );
        let f = s.filed.unwrap_or(s.lead);
        s.review = Some(wd(f, 20).min(date(2025, 9, 15)));
        s.notice = Some(date(2025, 9, 17));
        s.decided = date(2025, 9, 29);
        g.finish(&mut s);
        s.served = wd(date(2025, 9, 29), 8);
        s.payment_due = Some(n.calendar_days_after(s.served, 15));
        s.executed = Some(wd(s.served, 3));
        s.published = Some(wd(s.decided, 2));
        s.closed = wd(s.executed.unwrap_or(s.served), 2);
        s.archived = wd(s.closed, 3);
        Gen::plant(
            &mut s.planted,
            "service_deadline",
            format!(
                "2025-09-29 决定，国庆中秋放假后 {} 送达，为第 8 个工作日（第六十一条、第八十五条）",
                s.served
            ),
        );
        out.push(s);
    }
    // Disclosure on the eighth working day across the Spring Festival 2025.
    {
        let mut s = g.general(
            "disclosure_day_8_spring_festival",
            date(2024, 12, 2),
            false,
            11_500,
        );
        let f = s.filed.unwrap_or(s.lead);
        s.review = Some(wd(f, 12).min(date(2025, 1, 10)));
        s.notice = Some(date(2025, 1, 14));
        s.decided = date(2025, 1, 23);
        g.finish(&mut s);
        s.published = Some(wd(date(2025, 1, 23), 8));
        s.closed = wd(
            s.published
                .unwrap_or(s.served)
                .max(s.executed.unwrap_or(s.served)),
            2,
        );
        s.archived = wd(s.closed, 3);
        Gen::plant(
            &mut s.planted,
            "disclosure_on_time",
            format!(
                "2025-01-23 决定，春节放假后 {} 公示，为第 8 个工作日（国办发〔2018〕118号）",
                s.published.unwrap_or(s.decided)
            ),
        );
        out.push(s);
    }
    // Filed on the sixteenth working day across the Spring Festival 2024.
    {
        let mut s = g.general(
            "filing_day_16_spring_festival",
            date(2024, 2, 1),
            false,
            8_100,
        );
        let f = wd(date(2024, 2, 1), 16);
        s.filed = Some(f);
        s.investigate = Some(wd(f, 1));
        s.review = Some(wd(f, 12));
        s.notice = Some(wd(f, 14));
        s.decided = wd(f, 21);
        g.finish(&mut s);
        Gen::plant(
            &mut s.planted,
            "filing_deadline",
            format!("线索 2024-02-01，春节放假后 {f} 立案，为第 16 个工作日（程序规定第十八条）"),
        );
        out.push(s);
    }
    // A card valid on the day but for another domain (城市管理): 第四十二条 持有执法证件 for the
    // matter handled.
    for _ in 0..2 {
        let lead = g.any_lead();
        let mut s = g.general("card_of_other_domain", lead, false, 6_300);
        s.investigate_team[1] = g.reg.other_domain;
        s.team[1] = g.reg.other_domain;
        Gen::plant(
            &mut s.planted,
            "officer_cards",
            "调查取证的执法人员之一所持执法证的执法领域为城市管理，不含市场监管（第四十二条）"
                .into(),
        );
        out.push(s);
    }
    // The name masked, the identity number published (个人信息保护法 第六条).
    {
        let lead = g.any_lead();
        let mut s = g.general("disclosure_id_shown", lead, true, 6_200);
        s.disclosure_id_shown = true;
        Gen::plant(
            &mut s.planted,
            "disclosure_masked",
            "公示内容隐去姓名但载有当事人完整身份证号（第四十八条、个人信息保护法第六条）".into(),
        );
        out.push(s);
    }
    // 第六十二条: statement expressly waived, no hearing right: deciding on the second working
    // day is lawful.
    {
        let lead = g.any_lead();
        let mut s = g.general("border_statement_waived", lead, false, 6_400);
        s.statement_waived = true;
        s.decided = wd(s.notice.unwrap_or(s.lead), 2);
        g.finish(&mut s);
        out.push(s);
    }
    // Statement waived but not the hearing (第六十二条 covers 陈述、申辩 only; 第六十四条（一）
    // five working days to ask for a hearing): deciding on the second working day is too early.
    {
        let lead = g.any_lead();
        let mut s = g.general("statement_waived_hearing_open", lead, true, 12_500);
        s.statement_waived = true;
        s.decided = wd(s.notice.unwrap_or(s.lead), 2);
        g.finish(&mut s);
        Gen::plant(
            &mut s.planted,
            "statement_window",
            format!(
                "当事人仅放弃陈述申辩，未放弃听证；告知 {} 后第 2 个工作日 {} 即决定，听证申请期未满（第六十二条、第六十四条（一））",
                s.notice.unwrap_or(s.lead),
                s.decided
            ),
        );
        out.push(s);
    }
    // Both waived in writing: the decision need not wait.
    {
        let lead = g.any_lead();
        let mut s = g.general("border_both_waived", lead, true, 12_600);
        s.statement_waived = true;
        s.hearing_waived = true;
        s.decided = wd(s.notice.unwrap_or(s.lead), 2);
        g.finish(&mut s);
        out.push(s);
    }
    out
}

/// Sets up the registry the files refer to, on a migrated database: calendar, statutes, the
/// market-regulation body and the city-management body, officers and cards, one power item
/// each. Uses the public setup paths; no case-file code.
async fn registry(db: &Db) -> Result<Registry> {
    fazhi_core::calendar::seed_calendar(db).await?;
    if fazhi_core::law::stored_files(db).await? == 0 {
        let dir = fazhi_core::law::default_laws_dir().ok_or_else(|| {
            internal(
                "找不到法规目录（FAZHI_LAWS_DIR 或 ../shared/data/laws）/ statute directory not found (FAZHI_LAWS_DIR or ../shared/data/laws)",
            )
        })?;
        fazhi_core::law::import_dir(db, Actor::system("eval"), &dir, |_, _| {}).await?;
    }
    let corpus = fazhi_core::law::load_corpus(db).await?;
    let text = corpus
        .lookup(PENALISED, None)
        .map_err(|e| internal(format!("{PENALISED}: {e}")))?
        .text;
    let legal = parse_legal_range(&text);
    let discretion = fazhi_core::powers::penalty::default_standard(&legal);
    let mut tx = AuditedTx::begin(db, Actor::system("eval")).await?;
    let dept = |name: &str, short: &str| NewDepartment {
        region: BINHAI_REGION.into(),
        name: name.into(),
        short_name: short.into(),
        uscc: None,
        uscc_confirmed: false,
        kind: DeptKind::Agency,
        parent_id: None,
        domains: vec![DOMAIN.into()],
        area: String::new(),
        sort_order: 0,
    };
    let market = create_department(&mut tx, &dept("评测区市场监督管理局", "评测市场监管")).await?;
    let other = create_department(&mut tx, &dept("评测区城市管理委员会", "评测城管")).await?;
    let now = fazhi_core::time::now_ms();
    let mut officers = Vec::new();
    let names = [
        "赵立", "钱明", "孙亮", "李华", "周洁", "吴敏", "郑强", "王芳",
    ];
    let mut other_domain = 0;
    for (i, name) in names.iter().enumerate() {
        let expired = i == 6;
        let city = i == 7;
        let id: i64 = sqlx::query(
            "INSERT INTO officers (region_code, department_id, name, id_number, posts, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, '[\"执法\"]', 'active', $5, $5) RETURNING id",
        )
        .bind(BINHAI_REGION)
        .bind(market)
        .bind(name.to_string())
        .bind(format!("EVAL1201161980{:04}", i))
        .bind(now)
        .fetch_one(&mut *tx.conn())
        .await?
        .try_get(0)?;
        let until = if expired {
            let (y, m, d) = EXPIRED_ON;
            date(y, m, d)
        } else {
            date(2028, 12, 31)
        };
        sqlx::query(
            "INSERT INTO enforcement_cards (region_code, officer_id, card_no, domains, issued_on, valid_until, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 'valid', $7, $7)",
        )
        .bind(BINHAI_REGION)
        .bind(id)
        .bind(format!("EVAL-12-{:05}", i + 1))
        .bind(serde_json::json!([if city { "城市管理" } else { DOMAIN }]).to_string())
        .bind(date(2021, 1, 1).to_string())
        .bind(until.to_string())
        .bind(now)
        .execute(&mut *tx.conn())
        .await?;
        if expired {
            officers.push(-id);
        } else if city {
            other_domain = id;
        } else {
            officers.push(id);
        }
    }
    let expired = officers.iter().find(|x| **x < 0).map(|x| -x).unwrap_or(0);
    officers.retain(|x| *x > 0);
    let item = |dept_id: i64, dept_name: &str, code: &str| PowerItem {
        code: code.into(),
        name: "对食品经营者未按规定查验进货的行政处罚".into(),
        category: Category::Penalty,
        sub_items: Vec::new(),
        department_id: dept_id,
        department: dept_name.into(),
        basis: vec![PENALISED.into()],
        basis_citation: "《中华人民共和国食品安全法》第一百二十六条第一款".into(),
        duties: String::new(),
        accountability: String::new(),
        remarks: String::new(),
        violations: vec![Violation {
            name: VIOLATION.into(),
            violated: vec![VIOLATED.into()],
            penalised: PENALISED.into(),
            legal: legal.clone(),
            discretion: discretion.clone(),
        }],
    };
    let items = [
        item(market, "评测区市场监督管理局", "CF-EVAL-001"),
        item(other, "评测区城市管理委员会", "CF-EVAL-002"),
    ];
    for it in &items {
        let body = serde_json::to_string(it).map_err(|e| internal(e.to_string()))?;
        sqlx::query(
            "INSERT INTO power_items (region_code, code, name, category, department_id, status, body, search_text, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, 'active', $6, $2, $7, $7)",
        )
        .bind(BINHAI_REGION)
        .bind(it.code.clone())
        .bind(it.name.clone())
        .bind(it.category.as_str().to_string())
        .bind(it.department_id)
        .bind(body)
        .bind(now)
        .execute(&mut *tx.conn())
        .await?;
    }
    tx.commit().await?;
    Ok(Registry {
        dept: market,
        officers,
        expired,
        other_domain,
        power_code: items[0].code.clone(),
        other_power_code: items[1].code.clone(),
    })
}

fn opt(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

/// Writes one file's rows and its audit events.
async fn write(tx: &mut AuditedTx, reg: &Registry, n: &Notices, s: &Spec) -> Result<i64> {
    let now = fazhi_core::time::now_ms();
    let circumstances = serde_json::json!({
        "act_ended_on": s.act_ended.to_string(),
        "harm": s.harm,
        "life_health_or_financial": false,
        "first_violation": false,
        "major_public_interest": s.major_public_interest,
        "complex": s.complex,
        "serious_violation": s.serious_violation,
        "not_corrected": s.fine_yuan > 0,
    })
    .to_string();
    let hearing_request_due = (s.hearing_right && s.notice.is_some())
        .then(|| s.notice.map(|d| n.working_days_after(d, 5)))
        .flatten();
    let legal_required = s.legal_review.is_some();
    let stage = "archived";
    let fine_fen = s.fine_yuan * 100;
    let id: i64 = sqlx::query(
        "INSERT INTO cases (region_code, case_no, department_id, procedure, stage, status, source, domain, power_code, violation, \
         penalised, violated, party_kind, party_name, party_code, party_address, party_representative, facts, circumstances, officers, \
         lead_on, filed_on, notice_on, decided_on, served_on, executed_on, closed_on, archived_on, \
         filing_due, decision_due, extension_days, statement_due, hearing_request_due, service_due, payment_due, \
         hearing_right, hearing_requested, hearing_held, statement_waived, legal_review_required, legal_review_result, legal_review_on, legal_review_by, \
         collective_required, collective_held, tier, tier_check, out_of_tier_reason, warning, fine_fen, outcome, decision_no, \
         paid_fen, surcharge_fen, paid_on, execution_mode, disclosure_due, disclosed_on, disclosure_status, spot_notice_given, received_on, service_method, \
         created_at, updated_at) VALUES \
         ($1,$2,$3,$4,$5,'closed','inspection',$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,\
         $19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29,$30,$31,$32,$33,\
         $34,$35,$36,0,$37,$38,$39,$40,$41,$42,$43,$44,$45,$46,$47,'penalty',$48,\
         $49,$50,$51,$52,$53,$54,$55,$56,$57,'direct',$58,$58) RETURNING id",
    )
    .bind(BINHAI_REGION)
    .bind(s.key.clone())
    .bind(reg.dept)
    .bind(if s.summary { "summary" } else { "general" })
    .bind(stage)
    .bind(DOMAIN)
    .bind(s.power_code.clone())
    .bind(VIOLATION)
    .bind(PENALISED)
    .bind(serde_json::json!([s.violated]).to_string())
    .bind(if s.citizen { "citizen" } else { "organisation" })
    .bind(s.party_name.clone())
    .bind(s.party_code.clone())
    .bind(s.party_address.clone())
    .bind(s.representative.clone())
    .bind(s.facts.clone())
    .bind(circumstances)
    .bind(serde_json::json!(s.team).to_string())
    .bind(s.lead.to_string())
    .bind(opt(s.filed))
    .bind(opt(s.notice))
    .bind(Some(s.decided.to_string()))
    .bind(Some(s.served.to_string()))
    .bind(opt(s.executed))
    .bind(Some(s.closed.to_string()))
    .bind(Some(s.archived.to_string()))
    .bind(opt(s.filed.map(|_| n.working_days_after(s.lead, 15))))
    .bind(opt(s.filed.map(|f| {
        n.calendar_days_after(f, 90 + s.extension_days.max(0) as u64)
    })))
    .bind(s.extension_days)
    .bind(opt(s.notice.map(|d| n.working_days_after(d, 5))))
    .bind(opt(hearing_request_due))
    .bind(opt((!s.summary).then(|| n.working_days_after(s.decided, 7))))
    .bind(opt(s.payment_due))
    .bind(i64::from(s.hearing_right))
    .bind(i64::from(s.hearing_requested))
    .bind(i64::from(s.hearing.is_some()))
    .bind(i64::from(legal_required))
    .bind(if legal_required { "passed" } else { "" })
    .bind(opt(s.legal_review))
    .bind(if legal_required { "法制审核员" } else { "" })
    .bind(i64::from(s.complex || s.serious_violation))
    .bind(i64::from(s.discuss.is_some()))
    .bind(s.tier.clone())
    .bind(if s.fine_yuan > 0 { "within" } else { "" })
    .bind(s.out_of_tier_reason.clone())
    .bind(i64::from(s.warning))
    .bind(fine_fen)
    .bind(Some(s.decision_no.clone()))
    .bind(s.paid_yuan * 100)
    .bind(s.surcharge_yuan * 100)
    .bind(opt(s.executed))
    .bind(if s.fine_yuan > 0 { "paid" } else { "none" })
    .bind(opt(s.published.map(|_| n.working_days_after(s.decided, 7))))
    .bind(opt(s.published))
    .bind(if s.published.is_some() { "published" } else { "" })
    .bind(i64::from(s.spot_notice_given))
    .bind(Some(s.served.to_string()))
    .bind(now)
    .fetch_one(&mut *tx.conn())
    .await?
    .try_get(0)?;
    if s.statement_waived || s.hearing_waived {
        sqlx::query("UPDATE cases SET statement_waived = $1, hearing_waived = $2 WHERE id = $3")
            .bind(i64::from(s.statement_waived))
            .bind(i64::from(s.hearing_waived))
            .bind(id)
            .execute(&mut *tx.conn())
            .await?;
    }
    // Evidence: the digest recorded at collection, the content as stored now.
    let mut digests = Vec::new();
    let collected = s.investigate.unwrap_or(s.decided);
    for e in &s.evidence {
        let recorded = sm3_hex(&e.content);
        let stored = if e.replaced {
            let mut c = e.content.clone();
            c.extend_from_slice("（替换）".as_bytes());
            c
        } else {
            e.content.clone()
        };
        sqlx::query(
            "INSERT INTO case_evidence (region_code, case_id, name, kind, media_type, size, sm3, content, collected_on, collected_by, created_at) \
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)",
        )
        .bind(BINHAI_REGION)
        .bind(id)
        .bind(e.name.clone())
        .bind(e.kind)
        .bind(if e.name.ends_with(".jpg") {
            "image/jpeg"
        } else {
            "application/pdf"
        })
        .bind(stored.len() as i64)
        .bind(recorded.clone())
        .bind(stored)
        .bind(collected.to_string())
        .bind("执法人员")
        .bind(now)
        .execute(&mut *tx.conn())
        .await?;
        digests.push(recorded);
    }
    for st in steps_of(s) {
        let d = if st.action == "evidence" {
            digests.clone()
        } else {
            Vec::new()
        };
        sqlx::query(
            "INSERT INTO case_steps (region_code, case_id, at, on_date, actor, action, from_stage, to_stage, officers, note, digests) \
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)",
        )
        .bind(BINHAI_REGION)
        .bind(id)
        .bind(now)
        .bind(st.on.to_string())
        .bind("评测生成")
        .bind(st.action)
        .bind(st.from)
        .bind(st.to)
        .bind(serde_json::json!(st.officers).to_string())
        .bind(st.note.clone())
        .bind(serde_json::json!(d).to_string())
        .execute(&mut *tx.conn())
        .await?;
        if !s.unaudited.contains(&st.action) {
            tx.record(Event {
                action: "case.step",
                object_type: "case",
                object_id: id.to_string(),
                before: None,
                after: None,
                summary: format!("{} {} {}", s.key, st.action, st.on),
            })
            .await?;
        }
    }
    if let Some(p) = s.published {
        let masked_name: String = if s.citizen {
            format!("{}某", s.party_name.chars().next().unwrap_or('某'))
        } else {
            s.party_name.clone()
        };
        let (name, code) = if s.disclosure_unmasked || !s.citizen {
            (s.party_name.clone(), s.party_code.clone())
        } else if s.disclosure_id_shown {
            (masked_name, s.party_code.clone())
        } else {
            (masked_name, String::new())
        };
        let content = serde_json::json!({
            "decision_no": s.decision_no,
            "party": name,
            "party_code": code,
            "violation": VIOLATION,
            "penalty": format!("罚款{}元", s.fine_yuan),
            "department": "评测区市场监督管理局",
            "decided_on": s.decided.to_string(),
        })
        .to_string();
        let due = n.working_days_after(s.decided, 7);
        sqlx::query(
            "INSERT INTO case_disclosures (region_code, case_id, department_id, decision_no, decided_on, due_on, published_on, on_time, status, content, created_at) \
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'published',$9,$10)",
        )
        .bind(BINHAI_REGION)
        .bind(id)
        .bind(reg.dept)
        .bind(s.decision_no.clone())
        .bind(s.decided.to_string())
        .bind(due.to_string())
        .bind(p.to_string())
        .bind(i64::from(p <= due))
        .bind(content)
        .bind(now)
        .execute(&mut *tx.conn())
        .await?;
    }
    Ok(id)
}

/// Whether the set is already in the database.
pub async fn present(db: &Db) -> Result<bool> {
    let n: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM cases WHERE region_code = $1 AND case_no LIKE $2",
    )
    .bind(BINHAI_REGION)
    .bind(format!("{KEY_PREFIX}%"))
    .fetch_one(db.pool())
    .await?
    .try_get(0)?;
    Ok(n > 0)
}

/// Whether the database holds cases other than the set (e.g. the demo's): the set is then
/// built elsewhere, so as not to mix with those records.
pub async fn other_cases(db: &Db) -> Result<bool> {
    let n: i64 =
        sqlx::query("SELECT CAST(COUNT(*) AS BIGINT) FROM cases WHERE case_no NOT LIKE $1")
            .bind(format!("{KEY_PREFIX}%"))
            .fetch_one(db.pool())
            .await?
            .try_get(0)?;
    Ok(n > 0)
}

/// The files the generator writes and their planted defects, without writing them (the
/// scenarios depend only on the seed; officer ids stand in by position).
pub fn planned() -> Result<Vec<GenFile>> {
    let notices = Notices::load()?;
    let reg = Registry {
        dept: 0,
        officers: (1..=6).collect(),
        expired: 7,
        other_domain: 8,
        power_code: "CF-EVAL-001".into(),
        other_power_code: "CF-EVAL-002".into(),
    };
    let mut g = Gen {
        n: &notices,
        rng: StdRng::seed_from_u64(SEED),
        reg: &reg,
        seq: 0,
    };
    Ok(scenarios(&mut g)
        .into_iter()
        .map(|s| GenFile {
            key: s.key,
            case_id: 0,
            scenario: s.scenario,
            planted: s.planted,
        })
        .collect())
}

/// Writes the set into a migrated database holding no cases of the set (a fresh one, or the
/// demo). Deterministic: the same seed writes the same files.
pub async fn generate(db: &Db) -> Result<Generated> {
    let notices = Notices::load()?;
    let reg = registry(db).await?;
    let mut g = Gen {
        n: &notices,
        rng: StdRng::seed_from_u64(SEED),
        reg: &reg,
        seq: 0,
    };
    let specs = scenarios(&mut g);
    let mut tx = AuditedTx::begin(db, Actor::system("eval")).await?;
    let mut out = Generated::default();
    for s in &specs {
        let id = write(&mut tx, &reg, &notices, s).await?;
        out.files.push(GenFile {
            key: s.key.clone(),
            case_id: id,
            scenario: s.scenario.clone(),
            planted: s.planted.clone(),
        });
    }
    tx.commit().await?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 第六十三条 with 听证办法 第五条: "一万元以上" includes 10,000.
    #[test]
    fn hearing_threshold_includes_the_amount() {
        assert!(hearing_applies(true, 10_000));
        assert!(!hearing_applies(true, 9_999));
        assert!(!hearing_applies(false, 50_000));
    }

    #[test]
    fn tiers_split_the_range_in_thirds() {
        assert_eq!(tier_of(5_000), "较轻");
        assert_eq!(tier_of(30_000), "一般");
        assert_eq!(tier_of(45_000), "较重");
    }
}
