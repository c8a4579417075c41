//! Issuance gates: a certificate is issued only when every gate passes, and a refusal names the
//! gate that failed. Pure functions over plain data; `records` gathers the data from storage.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::org::{CardRow, card_valid_on};
use crate::{Code, Error};

/// Default quiet period in days: a platform (regional) rule against repeated inspections of one
/// subject, configurable per region in `inspection_settings`. No statute sets it: 优化营商环境条例
/// 第五十四条 第一款 only asks that inspections of one subject be merged where possible.
pub const DEFAULT_QUIET_DAYS: i64 = 90;

/// Why an inspection takes place (检查依据的来源).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ground {
    /// A double-random draw (双随机抽查).
    Draw,
    /// A complaint or report (投诉举报).
    Complaint,
    /// A referral or assignment from another body (转办交办).
    Referral,
    /// A special campaign (专项检查).
    Campaign,
    /// A problem found through data monitoring (数据监测, 优化营商环境条例 第五十四条 第二款).
    DataMonitoring,
    /// 全覆盖的重点监管 of a special sector or key field (第五十四条 第二款).
    KeySupervision,
}

impl Ground {
    pub const ALL: [Ground; 6] = [
        Ground::Draw,
        Ground::Complaint,
        Ground::Referral,
        Ground::Campaign,
        Ground::DataMonitoring,
        Ground::KeySupervision,
    ];
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Ground::Draw => "draw",
            Ground::Complaint => "complaint",
            Ground::Referral => "referral",
            Ground::Campaign => "campaign",
            Ground::DataMonitoring => "data_monitoring",
            Ground::KeySupervision => "key_supervision",
        }
    }
    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Ground> {
        Ground::ALL.into_iter().find(|g| g.as_str() == s.trim())
    }
    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Ground::Draw => "双随机抽查",
            Ground::Complaint => "投诉举报",
            Ground::Referral => "转办交办",
            Ground::Campaign => "专项检查",
            Ground::DataMonitoring => "数据监测",
            Ground::KeySupervision => "重点监管",
        }
    }
    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Ground::Draw => "Random draw",
            Ground::Complaint => "Complaint",
            Ground::Referral => "Referral",
            Ground::Campaign => "Special campaign",
            Ground::DataMonitoring => "Data monitoring",
            Ground::KeySupervision => "Key-sector supervision",
        }
    }
    /// Grounds that may inspect again within the platform's quiet period, with a written
    /// reason: problems found through 投诉举报、转办交办、数据监测 are inspected in a targeted
    /// way, and special sectors are under 全覆盖的重点监管 (优化营商环境条例 第五十四条 第二款).
    pub fn may_override_quiet_period(self) -> bool {
        matches!(
            self,
            Ground::Complaint | Ground::Referral | Ground::DataMonitoring | Ground::KeySupervision
        )
    }
}

/// The gates, in the order they are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Gate {
    /// At least two officers (行政处罚法 第四十二条).
    Officers,
    /// Each officer holds a card valid for the domain over the whole window (第五十五条).
    Cards,
    /// The matters are published 行政检查 items of the issuing department(s).
    Matters,
    /// Each matter has basis codes.
    Basis,
    /// The inspection has a ground: plan task, complaint, referral or campaign reference.
    Ground,
    /// Not the same department, subject and matter within the quiet period.
    QuietPeriod,
}

impl Gate {
    /// Stable error code of a refusal at this gate.
    pub fn code(self) -> Code {
        match self {
            Gate::Officers => Code::GateOfficers,
            Gate::Cards => Code::GateCards,
            Gate::Matters => Code::GateMatters,
            Gate::Basis => Code::GateBasis,
            Gate::Ground => Code::GateGround,
            Gate::QuietPeriod => Code::GateQuietPeriod,
        }
    }
    /// Chinese name of the gate.
    pub fn label_zh(self) -> &'static str {
        match self {
            Gate::Officers => "执法人员人数",
            Gate::Cards => "执法证件",
            Gate::Matters => "检查事项",
            Gate::Basis => "检查依据",
            Gate::Ground => "检查来源",
            Gate::QuietPeriod => "重复检查限制",
        }
    }
    /// English name of the gate.
    pub fn label_en(self) -> &'static str {
        match self {
            Gate::Officers => "officers",
            Gate::Cards => "enforcement cards",
            Gate::Matters => "inspection matters",
            Gate::Basis => "legal basis",
            Gate::Ground => "ground",
            Gate::QuietPeriod => "quiet period",
        }
    }
    fn field(self) -> &'static str {
        match self {
            Gate::Officers | Gate::Cards => "officers",
            Gate::Matters | Gate::Basis => "matters",
            Gate::Ground => "ground_ref",
            Gate::QuietPeriod => "reason",
        }
    }
    /// The refusal error: `[gate] what failed`, in both languages, coded `gate.*`.
    pub fn refuse(self, zh: impl std::fmt::Display, en: impl std::fmt::Display) -> Error {
        Error::of(self.code())
            .for_field(self.field())
            .arg_zh_en("gate", self.label_zh(), self.label_en())
            .arg_zh_en("reason", zh, en)
    }
}

/// An officer of the team with their cards.
#[derive(Debug, Clone)]
pub struct OfficerCheck {
    pub officer_id: i64,
    pub name: String,
    /// The card domain the officer acts in (their department's domain in the task).
    pub domain: String,
    pub cards: Vec<CardRow>,
}

/// A matter as the power list holds it (None when the code is unknown).
#[derive(Debug, Clone)]
pub struct MatterCheck {
    pub code: String,
    /// `(category, status, department_id, basis codes)` of the power item.
    pub item: Option<(String, String, i64, Vec<String>)>,
}

/// An earlier inspection of the same subject for the same matter by the same department.
#[derive(Debug, Clone)]
pub struct Recent {
    pub inspection_no: String,
    pub matter: String,
    pub on: NaiveDate,
}

/// Everything the gates look at.
#[derive(Debug, Clone)]
pub struct GateInput {
    pub ground: Ground,
    pub ground_ref: String,
    pub reason: String,
    pub window_start: NaiveDate,
    pub window_end: NaiveDate,
    /// The issuing department and, for a joint inspection, the others.
    pub departments: Vec<i64>,
    pub officers: Vec<OfficerCheck>,
    pub matters: Vec<MatterCheck>,
    /// Earlier inspections within the quiet period (already filtered by date).
    pub recent: Vec<Recent>,
    pub quiet_days: i64,
}

/// The card that lets the officer act over the whole window, if any.
pub fn card_for(o: &OfficerCheck, from: NaiveDate, to: NaiveDate) -> Option<&CardRow> {
    o.cards
        .iter()
        .find(|c| card_valid_on(c, from, &o.domain) && card_valid_on(c, to, &o.domain))
}

/// Checks every gate in order; the first that fails is named in the error.
pub fn check(g: &GateInput) -> Result<(), Error> {
    // 行政处罚法 第四十二条: 执法人员不得少于两人.
    let mut ids: Vec<i64> = g.officers.iter().map(|o| o.officer_id).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() < 2 {
        return Err(Gate::Officers.refuse(
            format!(
                "检查须有至少两名执法人员（《行政处罚法》第四十二条），现有 {} 名。",
                ids.len()
            ),
            format!(
                "at least two officers must inspect (Administrative Penalty Law art. 42); {} given",
                ids.len()
            ),
        ));
    }
    // 行政处罚法 第五十五条: officers show their enforcement cards; the card must be valid for the
    // domain on every day the certificate covers.
    for o in &g.officers {
        if card_for(o, g.window_start, g.window_end).is_none() {
            return Err(Gate::Cards.refuse(
                format!(
                    "{} 没有在 {} 至 {} 期间有效且覆盖“{}”领域的执法证（《行政处罚法》第四十二条、第五十五条）。",
                    o.name, g.window_start, g.window_end, o.domain
                ),
                format!(
                    "{} holds no enforcement card valid for \"{}\" from {} to {} (art. 42, 55)",
                    o.name, o.domain, g.window_start, g.window_end
                ),
            ));
        }
    }
    if g.matters.is_empty() {
        return Err(Gate::Matters.refuse("未列明检查事项。", "no inspection matter is given"));
    }
    for m in &g.matters {
        let ok = matches!(&m.item, Some((cat, status, dept, _))
            if cat == "JC" && status == "active" && g.departments.contains(dept));
        if !ok {
            return Err(Gate::Matters.refuse(
                format!(
                    "事项 {} 不是本部门已公布的行政检查事项（权责清单）。",
                    m.code
                ),
                format!(
                    "matter {} is not a published inspection item (行政检查) of the issuing department",
                    m.code
                ),
            ));
        }
        if m.item.as_ref().is_none_or(|(_, _, _, b)| b.is_empty()) {
            return Err(Gate::Basis.refuse(
                format!("事项 {} 没有依据编码。", m.code),
                format!("matter {} has no basis codes", m.code),
            ));
        }
    }
    if g.ground_ref.trim().is_empty() {
        return Err(Gate::Ground.refuse(
            format!(
                "“{}”须注明来源（抽查任务、投诉举报、转办交办文件、专项检查名称、数据监测线索或重点监管依据）。",
                g.ground.label_zh()
            ),
            format!(
                "a {} inspection needs its ground: plan task, complaint, referral, campaign, data-monitoring lead or key-sector rule",
                g.ground.label_en()
            ),
        ));
    }
    if let Some(r) = g.recent.first() {
        // The quiet period is a platform (regional) rule, not a statutory ban. 优化营商环境条例
        // 第五十四条 第一款 asks that inspections of one subject be merged where possible; 第二款
        // names the targeted grounds (投诉举报、转办交办、数据监测; 重点监管) that may inspect
        // again — here with a written reason.
        let exempt = g.ground.may_override_quiet_period() && !g.reason.trim().is_empty();
        if !exempt {
            return Err(Gate::QuietPeriod.refuse(
                format!(
                    "本部门已于 {} 就事项 {} 检查过该对象（{}）。按本平台（本地区）防止重复检查的规则，{} 天内不重复检查；因投诉举报、转办交办、数据监测发现问题或者实行重点监管的，写明理由后可以检查（《优化营商环境条例》第五十四条第二款）。同一对象的多个检查事项应当尽可能合并（第五十四条第一款）。",
                    r.on, r.matter, r.inspection_no, g.quiet_days
                ),
                format!(
                    "the department inspected this subject for {} on {} ({}); under the platform's (regional) rule against repeated inspections there is no repeat within {} days, unless a complaint, referral, data-monitoring finding or key-sector supervision gives a written reason (Regulations on Optimizing the Business Environment art. 54(2)); matters of one subject are merged where possible (art. 54(1))",
                    r.matter, r.on, r.inspection_no, g.quiet_days
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::CardStatus;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn card(no: &str, domain: &str, until: &str, status: CardStatus) -> CardRow {
        CardRow {
            id: 1,
            officer_id: 1,
            card_no: no.into(),
            domains: vec![domain.into()],
            issued_on: d("2023-01-01"),
            valid_until: d(until),
            status,
        }
    }

    fn officer(id: i64, c: CardRow) -> OfficerCheck {
        OfficerCheck {
            officer_id: id,
            name: format!("执法员{id}"),
            domain: "食品安全".into(),
            cards: vec![c],
        }
    }

    fn input() -> GateInput {
        GateInput {
            ground: Ground::Campaign,
            ground_ref: "2024 食品安全专项".into(),
            reason: String::new(),
            window_start: d("2024-05-01"),
            window_end: d("2024-05-03"),
            departments: vec![1],
            officers: vec![
                officer(1, card("A1", "食品安全", "2027-01-01", CardStatus::Valid)),
                officer(2, card("A2", "食品安全", "2027-01-01", CardStatus::Valid)),
            ],
            matters: vec![MatterCheck {
                code: "JC00100001".into(),
                item: Some((
                    "JC".into(),
                    "active".into(),
                    1,
                    vec!["食品安全法/art_110".into()],
                )),
            }],
            recent: vec![],
            quiet_days: DEFAULT_QUIET_DAYS,
        }
    }

    fn gate_of(g: &GateInput) -> &'static str {
        match check(g) {
            Ok(()) => "ok",
            Err(Error::Invalid { code, .. }) => code,
            Err(_) => "other",
        }
    }

    #[test]
    fn passes_when_every_gate_holds() {
        assert_eq!(gate_of(&input()), "ok");
    }

    #[test]
    fn officers_gate() {
        let mut g = input();
        g.officers.truncate(1);
        assert_eq!(gate_of(&g), "gate.officers");
        // The same officer twice is still one.
        let mut g = input();
        g.officers[1].officer_id = 1;
        assert_eq!(gate_of(&g), "gate.officers");
    }

    #[test]
    fn cards_gate() {
        let mut g = input();
        g.officers[1].cards = vec![card("A2", "食品安全", "2024-05-02", CardStatus::Valid)];
        assert_eq!(gate_of(&g), "gate.cards", "expires inside the window");
        let mut g = input();
        g.officers[0].cards = vec![card("A1", "食品安全", "2027-01-01", CardStatus::Suspended)];
        assert_eq!(gate_of(&g), "gate.cards", "suspended");
        let mut g = input();
        g.officers[0].cards = vec![card("A1", "广告", "2027-01-01", CardStatus::Valid)];
        assert_eq!(gate_of(&g), "gate.cards", "other domain");
        let mut g = input();
        g.officers[0].cards.clear();
        assert_eq!(gate_of(&g), "gate.cards", "no card");
    }

    #[test]
    fn matters_and_basis_gates() {
        let mut g = input();
        g.matters.clear();
        assert_eq!(gate_of(&g), "gate.matters");
        for item in [
            None,
            Some(("XK".into(), "active".into(), 1, vec!["x".into()])),
            Some(("JC".into(), "cancelled".into(), 1, vec!["x".into()])),
            Some(("JC".into(), "active".into(), 9, vec!["x".into()])),
        ] {
            let mut g = input();
            g.matters[0].item = item;
            assert_eq!(gate_of(&g), "gate.matters");
        }
        let mut g = input();
        g.matters[0].item = Some(("JC".into(), "active".into(), 1, vec![]));
        assert_eq!(gate_of(&g), "gate.basis");
    }

    #[test]
    fn ground_gate() {
        let mut g = input();
        g.ground_ref = "  ".into();
        assert_eq!(gate_of(&g), "gate.ground");
    }

    #[test]
    fn quiet_period_gate_and_its_exceptions() {
        let recent = Recent {
            inspection_no: "JC2024000001".into(),
            matter: "JC00100001".into(),
            on: d("2024-04-10"),
        };
        let mut g = input();
        g.recent = vec![recent.clone()];
        assert_eq!(gate_of(&g), "gate.quiet_period");
        // A campaign may not override even with a reason.
        g.reason = "专项行动需要".into();
        assert_eq!(gate_of(&g), "gate.quiet_period");
        // A complaint needs a written reason.
        g.ground = Ground::Complaint;
        g.reason.clear();
        assert_eq!(gate_of(&g), "gate.quiet_period");
        g.reason = "群众举报该店销售过期食品（12345 工单 GD2024001）".into();
        assert_eq!(gate_of(&g), "ok");
        g.ground = Ground::Referral;
        assert_eq!(gate_of(&g), "ok");
        g.ground = Ground::Draw;
        assert_eq!(gate_of(&g), "gate.quiet_period");
    }

    /// 优化营商环境条例 第五十四条 第二款 names 投诉举报、转办交办、数据监测 and 重点监管 as targeted
    /// grounds; it sets no period, so the quiet period is labelled as the platform's (regional)
    /// rule and 第五十四条 is cited only for merging and for the targeted grounds.
    #[test]
    fn quiet_period_is_a_platform_rule_and_data_monitoring_may_override_yhyshj_art54() {
        let mut g = input();
        g.recent = vec![Recent {
            inspection_no: "JC2024000001".into(),
            matter: "JC00100001".into(),
            on: d("2024-04-10"),
        }];
        let e = check(&g).expect_err("quiet period");
        assert!(
            e.message_zh().contains("本平台（本地区）"),
            "{}",
            e.message_zh()
        );
        assert!(e.message_zh().contains("第五十四条第二款"));
        assert!(!e.message_zh().contains("不得重复检查"));
        assert!(e.message_en().contains("platform"));
        g.reason = "监测数据显示该企业排放数据异常".into();
        for ground in [Ground::DataMonitoring, Ground::KeySupervision] {
            g.ground = ground;
            assert_eq!(gate_of(&g), "ok", "{ground:?}");
            assert_eq!(Ground::parse(ground.as_str()), Some(ground));
        }
    }

    #[test]
    fn refusal_names_the_gate_in_both_languages() {
        let mut g = input();
        g.officers.truncate(1);
        let e = check(&g).expect_err("refused");
        assert!(e.message_zh().contains("【执法人员人数】"));
        assert!(e.message_en().contains("\"officers\""));
    }
}
