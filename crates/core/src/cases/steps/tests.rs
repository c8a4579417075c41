//! The registry against itself, the permissions and the state machine.

use crate::cases::{CaseOutcome, DisclosureStatus, ReviewResult};
use std::collections::HashSet;

use chrono::NaiveDate;

use super::*;
use crate::auth::{DataScope, Role};
use crate::cases::payment::{
    PaymentPeriod, PeriodKind, SurchargeFacts, due_after_approvals, received_on, surcharge_owed,
};
use crate::cases::records::{
    Circumstances, ExecutionMode, ServiceMethod, Source, SurchargeDecision,
};
use crate::cases::rules::{PartyKind, Sanction};
use crate::cases::state::{TransitionFacts, next};
use crate::org::{CardRow, CardStatus};

// A kind added after `Archive` (or before it without an entry in `ALL`) breaks this.
const _: () = assert!(StepKind::Archive as usize + 1 == StepKind::ALL.len());

pub(super) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

pub(super) fn case(stage: Stage, procedure: Procedure) -> CaseRow {
    CaseRow {
        id: 1,
        case_no: "津滨市监立〔2024〕1号".into(),
        department_id: 1,
        department: "区市场监管局".into(),
        procedure,
        stage,
        status: CaseStatus::Open,
        source: Source::Inspection,
        source_ref: String::new(),
        inspection_id: None,
        domain: "市场监管".into(),
        power_code: String::new(),
        violation: String::new(),
        penalised: String::new(),
        violated: Vec::new(),
        party_kind: PartyKind::Organisation,
        party_name: "某公司".into(),
        party_code: String::new(),
        party_address: "天津市滨海新区".into(),
        party_representative: String::new(),
        facts: "事实".into(),
        circumstances: Circumstances::default(),
        officers: vec![1, 2],
        handler_user: Some(7),
        lead_on: d(2024, 3, 1),
        filed_on: None,
        notice_on: None,
        decided_on: None,
        served_on: None,
        executed_on: None,
        closed_on: None,
        archived_on: None,
        filing_due: None,
        decision_due: None,
        extension_days: 0,
        statement_due: None,
        hearing_request_due: None,
        service_due: None,
        payment_due: None,
        hearing_right: false,
        hearing_requested: false,
        hearing_held: false,
        statement_waived: false,
        legal_review_required: false,
        legal_review_grounds: Vec::new(),
        legal_review_result: ReviewResult::Pending,
        legal_review_on: None,
        legal_review_by: String::new(),
        legal_review_opinion: String::new(),
        collective_required: false,
        collective_held: false,
        collective_note: String::new(),
        leniency_outcome: String::new(),
        leniency_trace: serde_json::Value::Null,
        penalty_reason: String::new(),
        tier: String::new(),
        tier_check: String::new(),
        out_of_tier_reason: String::new(),
        warning: false,
        fine_fen: 0,
        confiscation_fen: 0,
        other_measures: String::new(),
        outcome: CaseOutcome::Penalty,
        decision_no: None,
        paid_fen: 0,
        surcharge_fen: 0,
        paid_on: None,
        execution_mode: String::new(),
        disclosure_due: None,
        disclosed_on: None,
        disclosure_status: DisclosureStatus::Due,
        hearing_waived: false,
        spot_notice_given: false,
        received_on: None,
        surcharge_decision: crate::cases::records::SurchargeDecision::Full,
        surcharge_decided_fen: 0,
        surcharge_reason: String::new(),
        service_method: None,
        filing_extended: false,
        excluded_filing_wd: 0,
        excluded_decision_days: 0,
        urged_on: None,
        court_applied_on: None,
        party_subject_code: String::new(),
    }
}

/// The case at `stage` with every combination of the flags the offers read.
fn variants(stage: Stage) -> Vec<CaseRow> {
    let mut out = Vec::new();
    for procedure in [Procedure::General, Procedure::Summary] {
        for bits in 0u32..1024 {
            let on = |i: u32| bits & (1 << i) != 0;
            let mut c = case(stage, procedure);
            c.legal_review_required = on(0);
            c.legal_review_result = if on(1) {
                ReviewResult::Passed
            } else {
                ReviewResult::Pending
            };
            c.outcome = if on(2) {
                CaseOutcome::NoPenalty
            } else {
                CaseOutcome::Penalty
            };
            c.notice_on = on(3).then(|| d(2024, 4, 1));
            c.hearing_right = on(4);
            c.hearing_requested = on(5);
            c.hearing_held = on(6);
            c.collective_required = on(7);
            c.collective_held = on(8);
            c.extension_days = if on(9) { 30 } else { 0 };
            out.push(c);
        }
    }
    out
}

fn principal(role: Role) -> Principal {
    Principal {
        user_id: 7,
        username: "u".into(),
        display_name: "u".into(),
        role,
        department_id: Some(1),
        department_name: "区市场监管局".into(),
        scope: DataScope::OwnDepartment,
        region: crate::BINHAI_REGION.into(),
    }
}

#[test]
fn registry_covers_every_step_kind_exactly_once() {
    assert_eq!(STEPS.len(), StepKind::ALL.len());
    let mut kinds = HashSet::new();
    let mut names = HashSet::new();
    for (i, k) in StepKind::ALL.into_iter().enumerate() {
        assert_eq!(STEPS[i].kind, k, "STEPS is in the order of StepKind::ALL");
        assert_eq!(k as usize, i, "StepKind is declared in the order of ALL");
        assert_eq!(k.def().kind, k);
        assert!(kinds.insert(k), "{k:?} twice");
        assert!(names.insert(k.as_str()), "{} twice", k.as_str());
        assert_eq!(StepKind::parse(k.as_str()), Some(k));
        assert!(!k.def().label.zh.is_empty() && !k.def().label.en.is_empty());
        assert!(!k.def().from.is_empty(), "{k:?} is offered from no stage");
        // Steps that move the stage record the state machine's label, the others their own.
        assert_eq!(k.action().is_none(), k.def().record.is_some(), "{k:?}");
    }
    assert_eq!(
        StepKind::parse("legal_return"),
        None,
        "a variant, not a kind"
    );
    // Queues follow the permission of the step that takes the task.
    assert_eq!(Task::Step(StepKind::File).queue(), Queue::Head);
    assert_eq!(Task::Step(StepKind::LegalReview).queue(), Queue::Legal);
    assert_eq!(Task::Step(StepKind::Serve).queue(), Queue::Officer);
}

#[test]
fn nothing_is_offered_without_the_permission() {
    for role in Role::ALL {
        let who = principal(role);
        for stage in Stage::ALL {
            for c in variants(stage) {
                for s in available_steps(&c, &who) {
                    assert!(
                        role.can(s.kind.def().permission),
                        "{role:?} offered {:?} at {stage:?}",
                        s.kind
                    );
                    let officer_step = s.kind.def().permission == Permission::HandleCases;
                    assert!(
                        !(officer_step && role == Role::LegalReviewer),
                        "reviewer offered an officer's step"
                    );
                }
            }
        }
    }
    let c = case(Stage::Lead, Procedure::General);
    for role in [
        Role::Enterprise,
        Role::Public,
        Role::Supervisor,
        Role::SysAdmin,
    ] {
        for stage in Stage::ALL {
            for c in variants(stage) {
                assert!(available_steps(&c, &principal(role)).is_empty(), "{role:?}");
            }
        }
    }
    // The head files (or extends the filing period), the officer does not: on a lead the
    // officer only records time not counted; the reviewer sees only the review.
    let officer: Vec<_> = available_steps(&c, &principal(Role::Officer))
        .iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(officer, ["exclude_period"]);
    let head: Vec<_> = available_steps(&c, &principal(Role::DeptAdmin))
        .iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(head, ["file", "drop", "extend_filing", "exclude_period"]);
    let mut extended = c.clone();
    extended.filing_extended = true;
    assert!(
        !available_steps(&extended, &principal(Role::DeptAdmin))
            .iter()
            .any(|s| s.name == "extend_filing"),
        "the filing period is extended once"
    );
    let mut pending = case(Stage::Reviewed, Procedure::General);
    pending.legal_review_required = true;
    let reviewer: Vec<_> = available_steps(&pending, &principal(Role::LegalReviewer))
        .iter()
        .map(|s| s.kind)
        .collect();
    assert_eq!(reviewer, [StepKind::LegalReview]);
    // A closed or dropped case offers nothing.
    let mut closed = case(Stage::Closed, Procedure::General);
    closed.status = CaseStatus::Closed;
    assert!(available_steps(&closed, &principal(Role::DeptAdmin)).is_empty());
}

fn card(officer_id: i64) -> CardRow {
    CardRow {
        id: officer_id * 10,
        officer_id,
        card_no: format!("TJ-{officer_id}"),
        domains: vec!["市场监管".into()],
        issued_on: d(2020, 1, 1),
        valid_until: d(2030, 12, 31),
        status: CardStatus::Valid,
    }
}

/// Facts under which every transition the Law allows succeeds: a valid team, the notice
/// given, the requested hearing held, the review passed, the discussion held, a summary case
/// within 第五十一条.
fn permissive() -> TransitionFacts {
    TransitionFacts {
        on: Some(d(2024, 6, 3)),
        domain: "市场监管".into(),
        officer_ids: vec![1, 2],
        cards: vec![card(1), card(2)],
        notice_given: true,
        statement_waived: false,
        legal_review_required: true,
        legal_review_passed: true,
        hearing_requested: true,
        hearing_held: true,
        collective_discussion_required: true,
        collective_discussion_held: true,
        summary: Some(SummaryFacts {
            facts_certain_with_basis: true,
            party: PartyKind::Citizen,
            sanctions: vec![Sanction::Warning],
        }),
    }
}

#[test]
fn registry_agrees_with_the_state_machine_for_every_stage() {
    let facts = permissive();
    for stage in Stage::ALL {
        for k in StepKind::ALL {
            if let Some(a) = k.action() {
                assert_eq!(
                    k.def().from.contains(&stage),
                    next(stage, a, &facts).is_ok(),
                    "{k:?} from {stage:?}"
                );
            } else {
                // Steps beside the state machine: before the decision, or the payment
                // periods and surcharge decision between service and execution.
                let after_service = matches!(
                    k,
                    StepKind::PaymentPeriod
                        | StepKind::DecideSurcharge
                        | StepKind::Urge
                        | StepKind::ApplyCourt
                );
                assert!(
                    k.def().from.iter().all(|s| if after_service {
                        *s == Stage::Served
                    } else {
                        *s < Stage::Decided
                    }),
                    "{k:?}"
                );
            }
        }
        // Every stage but the last offers someone a way on; what is offered is allowed.
        let offered: HashSet<StepKind> = variants(stage)
            .iter()
            .flat_map(|c| {
                let mut v = available_steps(c, &principal(Role::DeptAdmin));
                v.extend(available_steps(c, &principal(Role::LegalReviewer)));
                v
            })
            .map(|s| s.kind)
            .collect();
        assert_eq!(offered.is_empty(), stage == Stage::Archived, "{stage:?}");
        for k in offered {
            if let Some(a) = k.action() {
                assert!(next(stage, a, &facts).is_ok(), "{k:?} offered at {stage:?}");
            }
        }
    }
}

#[test]
fn after_notice_asks_in_the_order_of_the_decision_checks() {
    let mut c = case(Stage::Notified, Procedure::General);
    c.notice_on = Some(d(2024, 4, 1));
    c.hearing_requested = true;
    c.legal_review_required = true;
    c.collective_required = true;
    assert_eq!(hearing::after_notice(&c), StepKind::HoldHearing);
    c.hearing_held = true;
    assert_eq!(hearing::after_notice(&c), StepKind::LegalReview);
    c.legal_review_result = ReviewResult::Passed;
    assert_eq!(hearing::after_notice(&c), StepKind::Discuss);
    c.collective_held = true;
    assert_eq!(hearing::after_notice(&c), StepKind::Decide);
    c.notice_on = None;
    assert_eq!(hearing::after_notice(&c), StepKind::Notify);
    for k in [
        StepKind::Notify,
        StepKind::HoldHearing,
        StepKind::LegalReview,
        StepKind::Discuss,
        StepKind::Decide,
    ] {
        assert!(StepKind::Notify.def().opens.contains(&Task::Step(k)));
    }
}

fn sf(fine_fen: i64, payment_due: Option<NaiveDate>) -> SurchargeFacts {
    SurchargeFacts {
        fine_fen,
        payment_due,
        periods: Vec::new(),
        decision: SurchargeDecision::Full,
        decided_fen: 0,
    }
}

#[test]
fn the_surcharge_is_owed_only_after_the_due_date_and_capped_at_the_fine() {
    let due = d(2024, 5, 1);
    let fine = 100_000;
    let f = sf(fine, Some(due));
    assert_eq!(surcharge_owed(&f, due, ExecutionMode::Paid), Ok(0));
    assert_eq!(
        surcharge_owed(&f, d(2024, 5, 3), ExecutionMode::Paid),
        Ok(6_000),
        "第七十二条（一）: 3 % a day"
    );
    assert_eq!(
        surcharge_owed(&f, d(2024, 12, 31), ExecutionMode::Court),
        Ok(fine),
        "at most the fine"
    );
    assert_eq!(
        surcharge_owed(&sf(fine, None), d(2024, 12, 31), ExecutionMode::Paid),
        Ok(0)
    );
    assert_eq!(
        surcharge_owed(&f, d(2024, 12, 31), ExecutionMode::Nothing),
        Ok(0)
    );
}

/// 行政处罚法 第七十三条 第三款: 复议 / 诉讼 time is not counted; 第七十二条 第一款 "可以": the
/// head may waive or reduce the surcharge; 第六十六条 第二款: an approved deferral moves the
/// due date.
#[test]
fn surcharge_skips_review_time_and_follows_the_heads_decision_xzcf_art72_art73() {
    let due = d(2024, 5, 1);
    let fine = 100_000;
    let mut f = sf(fine, Some(due));
    // 复议 from 05-02 to 05-11 (10 days): on 05-13, 12 days late, 2 count.
    f.periods.push(PaymentPeriod {
        kind: PeriodKind::Reconsideration,
        from: d(2024, 5, 2),
        to: d(2024, 5, 11),
        note: String::new(),
    });
    assert_eq!(
        surcharge_owed(&f, d(2024, 5, 13), ExecutionMode::Paid),
        Ok(6_000)
    );
    f.decision = SurchargeDecision::Reduced;
    f.decided_fen = 1_000;
    assert_eq!(
        surcharge_owed(&f, d(2024, 5, 13), ExecutionMode::Paid),
        Ok(1_000)
    );
    f.decided_fen = 50_000;
    assert_eq!(
        surcharge_owed(&f, d(2024, 5, 13), ExecutionMode::Paid),
        Ok(6_000),
        "a reduction never raises the surcharge"
    );
    f.decision = SurchargeDecision::Waived;
    assert_eq!(
        surcharge_owed(&f, d(2024, 5, 13), ExecutionMode::Paid),
        Ok(0)
    );
    let deferred = [PaymentPeriod {
        kind: PeriodKind::Deferral,
        from: d(2024, 4, 20),
        to: d(2024, 6, 30),
        note: "批准暂缓".into(),
    }];
    assert_eq!(due_after_approvals(due, &deferred), d(2024, 6, 30));
    assert_eq!(due_after_approvals(due, &f.periods), due);
    // 公告送达: received 30 days after publication (民事诉讼法 第九十五条).
    assert_eq!(
        received_on(ServiceMethod::Notice, d(2024, 5, 1)),
        d(2024, 5, 31)
    );
    assert_eq!(
        received_on(ServiceMethod::Post, d(2024, 5, 1)),
        d(2024, 5, 1)
    );
}
