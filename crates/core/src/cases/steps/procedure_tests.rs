//! The procedure figures of a body decide the workflow's limits (procedure parameters).

use super::tests::{case, d};
use super::*;
use crate::calendar::{HolidayCalendar, SEED_TOML};
use crate::cases::CaseOutcome;
use crate::cases::disclosure::disclosure_required;
use crate::procedure::{Param, ParamKey, ProcedureParams};

fn with(pairs: &[(ParamKey, i64)]) -> ProcedureParams {
    let mut p = ProcedureParams::defaults();
    for (k, v) in pairs {
        p.params.insert(
            *k,
            Param {
                key: *k,
                value: *v,
                source: "测试规定 第一条".into(),
                verified: true,
                effective_from: Some("2024-01-01".into()),
                department_id: None,
            },
        );
    }
    p
}

/// 第六十条 "另有规定的，从其规定": the head adds up to the body's limit (market regulation 30
/// days); beyond it only by collective discussion where the rule allows it.
#[test]
fn decision_extension_follows_the_bodys_rule_art60() {
    let p = ProcedureParams::defaults();
    assert!(extension_allowed(&p, 30, false));
    assert!(!extension_allowed(&p, 31, false));
    assert!(extension_allowed(&p, 45, true));
    let no_further = with(&[(ParamKey::FurtherExtensionCollective, 0)]);
    assert!(!extension_allowed(&no_further, 45, true));
    let none = with(&[
        (ParamKey::DecisionExtensionDays, 0),
        (ParamKey::FurtherExtensionCollective, 0),
    ]);
    assert!(!extension_allowed(&none, 1, false));
    assert!(!extension_allowed(&p, -1, false));
}

/// 第四十八条 第一款 with 总局令45号 第二条: general-procedure penalties are disclosed; summary
/// decisions and a warning alone are not, unless the body's rule says so.
#[test]
fn disclosure_scope_follows_the_bodys_rule_art48() {
    let p = ProcedureParams::defaults();
    let mut c = case(Stage::Decided, Procedure::General);
    c.outcome = CaseOutcome::Penalty;
    c.fine_fen = 500_000;
    assert!(disclosure_required(&c, &p));
    let mut warning = c.clone();
    warning.fine_fen = 0;
    warning.warning = true;
    assert!(!disclosure_required(&warning, &p));
    assert!(disclosure_required(
        &warning,
        &with(&[(ParamKey::DiscloseWarningOnly, 1)])
    ));
    let mut spot = c.clone();
    spot.procedure = Procedure::Summary;
    assert!(!disclosure_required(&spot, &p));
    assert!(disclosure_required(
        &spot,
        &with(&[(ParamKey::DiscloseSummary, 1)])
    ));
    let mut none = c.clone();
    none.outcome = CaseOutcome::NoPenalty;
    assert!(!disclosure_required(
        &none,
        &with(&[(ParamKey::DiscloseSummary, 1)])
    ));
}

/// 第四十五条、第六十二条: the decision waits for the body's statement period from the notice
/// (market regulation five working days), unless the party expressly waived it.
#[test]
fn statement_period_follows_the_bodys_rule_art45_art62() {
    let cal = HolidayCalendar::from_toml_str(SEED_TOML).expect("calendar");
    let mut c = case(Stage::Notified, Procedure::General);
    // Friday 2024-09-27: five working days run over the 国庆 holiday (09-29 is a working Sunday).
    c.notice_on = Some(d(2024, 9, 27));
    let p = ProcedureParams::defaults();
    assert_eq!(statement_period_end(&cal, &c, &p), Some(d(2024, 10, 10)));
    let three = with(&[(ParamKey::StatementWorkingDays, 3)]);
    assert_eq!(statement_period_end(&cal, &c, &three), Some(d(2024, 10, 8)));
    c.statement_waived = true;
    assert_eq!(statement_period_end(&cal, &c, &p), None);
    let mut spot = case(Stage::Lead, Procedure::Summary);
    spot.notice_on = Some(d(2024, 9, 27));
    assert_eq!(statement_period_end(&cal, &spot, &p), None);
}
