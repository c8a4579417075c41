//! The step registry: every step of a penalty case declared once — who may take it, from
//! which stages and on which case facts it is offered, what it writes, the tasks it opens and
//! its labels. The case page, the JSON API, `workflow::act` and the tests all read [`STEPS`];
//! the legal rules stay in `cases::rules`, `cases::state` and `cases::deadlines` and are
//! called from the step functions (VA Caseflow's task classes; DESIGN.md "Architecture").
//!
//! - [`filing`]: file, drop, investigate, review, extend.
//! - [`hearing`]: legal review, notice, hearing request, hearing, collective discussion.
//! - [`decision`]: decide, decide on the spot, serve, execute, close, archive.
//! - [`periods`]: the filing extension and the time not counted in the periods.
//! - [`recusal`]: 回避 (第四十三条).
//! - [`enforcement`]: 催告 and the application to the court (行政强制法).

mod decision;
mod enforcement;
mod filing;
mod hearing;
mod periods;
mod recusal;

use chrono::NaiveDate;
use sqlx::AnyConnection;

use super::Refusal;
use super::assessment::Assessed;
use super::records::{CaseRow, CaseStatus, Procedure, Queue};
use super::rules::SummaryFacts;
use super::state::{Action, Stage};
use super::workflow::{Step, check_officers_belong, open_task, refusal};
use crate::Result;
use crate::auth::{Permission, Principal};
use crate::calendar::HolidayCalendar;

pub use decision::{hearing_window, statement_period_end};
pub use filing::extension_allowed;

/// The kind of a step: one per form of the case page and per entry of [`STEPS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepKind {
    // Declared in the order of `ALL` and `STEPS`: `def` indexes by the discriminant.
    File,
    Drop,
    /// The head extends the filing period (市场监督管理行政处罚程序规定 第十八条).
    ExtendFiling,
    Investigate,
    Review,
    /// 法制审核, passed or returned (stored as `legal_review` / `legal_return`).
    LegalReview,
    Notify,
    RequestHearing,
    HoldHearing,
    Discuss,
    Decide,
    Extend,
    /// Time not counted in the filing or decision period (检测、鉴定、听证、公告…).
    ExcludePeriod,
    /// 回避 decided by the head (第四十三条).
    Recuse,
    DecideOnSpot,
    Serve,
    /// 复议 / 诉讼 period or approved 暂缓 / 分期 (第七十三条 第三款, 第六十六条 第二款).
    PaymentPeriod,
    /// The head's decision on the surcharge (第七十二条 第一款 "可以").
    DecideSurcharge,
    /// 催告 before compulsory execution (行政强制法 第三十五条、第五十四条).
    Urge,
    /// Application to the people's court (行政强制法 第五十三条).
    ApplyCourt,
    Execute,
    Close,
    Archive,
}

impl StepKind {
    /// Every kind, in the order of [`STEPS`] (the order the case page shows the forms in).
    pub const ALL: [StepKind; 23] = [
        Self::File,
        Self::Drop,
        Self::ExtendFiling,
        Self::Investigate,
        Self::Review,
        Self::LegalReview,
        Self::Notify,
        Self::RequestHearing,
        Self::HoldHearing,
        Self::Discuss,
        Self::Decide,
        Self::Extend,
        Self::ExcludePeriod,
        Self::Recuse,
        Self::DecideOnSpot,
        Self::Serve,
        Self::PaymentPeriod,
        Self::DecideSurcharge,
        Self::Urge,
        Self::ApplyCourt,
        Self::Execute,
        Self::Close,
        Self::Archive,
    ];

    /// The state-machine action (None for steps that do not move the stage).
    pub fn action(self) -> Option<Action> {
        Some(match self {
            Self::File => Action::File,
            Self::Investigate => Action::Investigate,
            Self::Review => Action::Review,
            Self::LegalReview => Action::LegalReview,
            Self::Notify => Action::Notify,
            Self::HoldHearing => Action::HoldHearing,
            Self::Discuss => Action::Discuss,
            Self::Decide => Action::Decide,
            Self::DecideOnSpot => Action::DecideOnSpot,
            Self::Serve => Action::Serve,
            Self::Execute => Action::Execute,
            Self::Close => Action::Close,
            Self::Archive => Action::Archive,
            Self::Drop
            | Self::RequestHearing
            | Self::Extend
            | Self::PaymentPeriod
            | Self::DecideSurcharge
            | Self::ExtendFiling
            | Self::ExcludePeriod
            | Self::Recuse
            | Self::Urge
            | Self::ApplyCourt => return None,
        })
    }

    /// Stored name (form field `step`, steps table, tasks): the action's name where there is
    /// one, so stored rows read as before.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Drop => "drop",
            Self::RequestHearing => "request_hearing",
            Self::Extend => "extend",
            Self::PaymentPeriod => "payment_period",
            Self::DecideSurcharge => "surcharge",
            Self::ExtendFiling => "extend_filing",
            Self::ExcludePeriod => "exclude_period",
            Self::Recuse => "recuse",
            Self::Urge => "urge",
            Self::ApplyCourt => "apply_court",
            k => k.action().map(Action::as_str).unwrap_or("step"),
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<StepKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The registry entry ([`STEPS`] is in the order of [`StepKind::ALL`]; a test holds it).
    pub fn def(self) -> &'static StepDef {
        &STEPS[self as usize]
    }

    /// Label of the step as recorded (timelines, audit summaries).
    pub fn record_label(self, lang: &str) -> &'static str {
        match (self.def().record, self.action()) {
            (Some(l), _) => l.get(lang),
            (None, Some(a)) => a.label(lang),
            (None, None) => self.def().label.get(lang),
        }
    }
}

/// A label in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Label {
    pub fn get(self, lang: &str) -> &'static str {
        if lang == "en" { self.en } else { self.zh }
    }
}

const fn label(zh: &'static str, en: &'static str) -> Label {
    Label { zh, en }
}

/// A task a step opens (`case_tasks.kind`): the next step, or the disclosure of the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    Step(StepKind),
    /// 公示 (`disclosure::publish` closes it).
    Disclose,
}

impl Task {
    /// Stored kind.
    pub fn as_str(self) -> &'static str {
        match self {
            Task::Step(k) => k.as_str(),
            Task::Disclose => "disclose",
        }
    }

    /// The queue: that of the permission the step needs (disclosure: the head's).
    pub fn queue(self) -> Queue {
        match self {
            Task::Step(k) => match k.def().permission {
                Permission::ApproveCases => Queue::Head,
                Permission::LegalReviewCases => Queue::Legal,
                _ => Queue::Officer,
            },
            Task::Disclose => Queue::Head,
        }
    }
}

/// One entry of the registry.
pub struct StepDef {
    pub kind: StepKind,
    /// Who may take it.
    pub permission: Permission,
    /// Stages it is offered from. For steps that move the stage, exactly the stages from
    /// which `state::next` allows the action (test `registry_agrees_with_state_machine`).
    pub from: &'static [Stage],
    /// Further facts of the case the offer depends on (pure; `act` checks again).
    pub when: fn(&CaseRow) -> bool,
    /// Tasks its write may open (checked in debug builds on every write).
    pub opens: &'static [Task],
    /// Whether it closes the tasks open before it (an extension is not a step of the case).
    pub closes_tasks: bool,
    /// Label of its form and button.
    pub label: Label,
    /// Label as recorded when it differs from the state-machine action's.
    pub record: Option<Label>,
}

fn always(_: &CaseRow) -> bool {
    true
}

use Stage as S;
use Task::Step as T;

/// The stages after the investigation review and before the decision.
const BEFORE_DECISION: &[Stage] = &[
    S::Reviewed,
    S::LegalReview,
    S::Notified,
    S::Hearing,
    S::CollectiveDiscussion,
];

/// What may follow a notice, a hearing or a legal review (`hearing::after_notice`).
const AFTER_NOTICE: &[Task] = &[
    T(StepKind::Notify),
    T(StepKind::HoldHearing),
    T(StepKind::LegalReview),
    T(StepKind::Discuss),
    T(StepKind::Decide),
];

/// After a decision: service and, for a penalty, disclosure.
const AFTER_DECISION: &[Task] = &[T(StepKind::Serve), Task::Disclose];

/// The registry, in the order of [`StepKind::ALL`].
pub static STEPS: [StepDef; 23] = [
    StepDef {
        kind: StepKind::File,
        permission: Permission::ApproveCases,
        from: &[S::Lead],
        when: filing::general,
        opens: &[T(StepKind::Investigate)],
        closes_tasks: true,
        label: label("批准立案", "Approve filing"),
        record: None,
    },
    StepDef {
        kind: StepKind::Drop,
        permission: Permission::ApproveCases,
        from: &[S::Lead],
        when: filing::general,
        opens: &[],
        closes_tasks: true,
        label: label("不予立案", "Do not file"),
        record: Some(label("不予立案", "Not filed")),
    },
    StepDef {
        kind: StepKind::ExtendFiling,
        permission: Permission::ApproveCases,
        from: &[S::Lead],
        when: periods::filing_extensible,
        opens: &[],
        closes_tasks: false,
        label: label("批准延长立案期限", "Extend the filing period"),
        record: Some(label("立案期限延长", "Filing period extended")),
    },
    StepDef {
        kind: StepKind::Investigate,
        permission: Permission::HandleCases,
        from: &[S::Filed],
        when: always,
        opens: &[T(StepKind::Review)],
        closes_tasks: true,
        label: label("开始调查取证", "Start investigation"),
        record: None,
    },
    StepDef {
        kind: StepKind::Review,
        permission: Permission::HandleCases,
        from: &[S::Investigating],
        when: always,
        opens: &[
            T(StepKind::LegalReview),
            T(StepKind::Decide),
            T(StepKind::Notify),
        ],
        closes_tasks: true,
        label: label("调查终结，提交审查", "Submit investigation report"),
        record: None,
    },
    StepDef {
        kind: StepKind::LegalReview,
        permission: Permission::LegalReviewCases,
        from: &[S::Reviewed, S::Notified, S::Hearing],
        when: hearing::review_pending,
        // Passed: what follows the notice; returned: the investigation report again.
        opens: &[
            T(StepKind::Notify),
            T(StepKind::HoldHearing),
            T(StepKind::LegalReview),
            T(StepKind::Discuss),
            T(StepKind::Decide),
            T(StepKind::Review),
        ],
        closes_tasks: true,
        label: label("法制审核", "Legal review"),
        record: None,
    },
    StepDef {
        kind: StepKind::Notify,
        permission: Permission::HandleCases,
        from: &[S::Reviewed, S::LegalReview],
        when: hearing::notice_due,
        opens: AFTER_NOTICE,
        closes_tasks: true,
        label: label("事先告知", "Give notice"),
        record: None,
    },
    StepDef {
        kind: StepKind::RequestHearing,
        permission: Permission::HandleCases,
        // 第六十四条（一）: any day of the window, whatever internal step came in between.
        from: &[S::Notified, S::LegalReview, S::CollectiveDiscussion],
        when: hearing::may_request_hearing,
        opens: &[T(StepKind::HoldHearing)],
        closes_tasks: true,
        label: label("登记听证申请", "Record hearing request"),
        record: Some(label("当事人申请听证", "Hearing requested")),
    },
    StepDef {
        kind: StepKind::HoldHearing,
        permission: Permission::HandleCases,
        from: &[S::Notified, S::LegalReview, S::CollectiveDiscussion],
        when: hearing::hearing_pending,
        opens: AFTER_NOTICE,
        closes_tasks: true,
        label: label("举行听证", "Hold hearing"),
        record: None,
    },
    StepDef {
        kind: StepKind::Discuss,
        permission: Permission::ApproveCases,
        from: &[S::Notified, S::Hearing, S::LegalReview],
        when: hearing::discussion_pending,
        opens: &[T(StepKind::Decide)],
        closes_tasks: true,
        label: label("集体讨论", "Collective discussion"),
        record: None,
    },
    StepDef {
        kind: StepKind::Decide,
        permission: Permission::ApproveCases,
        from: BEFORE_DECISION,
        when: always,
        opens: AFTER_DECISION,
        closes_tasks: true,
        label: label("作出处罚决定", "Decide"),
        record: None,
    },
    StepDef {
        kind: StepKind::Extend,
        permission: Permission::ApproveCases,
        from: &[
            S::Filed,
            S::Investigating,
            S::Reviewed,
            S::LegalReview,
            S::Notified,
            S::Hearing,
            S::CollectiveDiscussion,
        ],
        when: filing::extensible,
        opens: &[],
        closes_tasks: false,
        label: label("延长办案期限", "Extend period"),
        record: Some(label("延长办案期限", "Period extended")),
    },
    StepDef {
        kind: StepKind::ExcludePeriod,
        permission: Permission::HandleCases,
        from: &[
            S::Lead,
            S::Filed,
            S::Investigating,
            S::Reviewed,
            S::LegalReview,
            S::Notified,
            S::Hearing,
            S::CollectiveDiscussion,
        ],
        when: periods::excludable,
        opens: &[],
        closes_tasks: false,
        label: label("登记不计入期限的期间", "Record time not counted"),
        record: Some(label("不计入期限的期间", "Time not counted")),
    },
    StepDef {
        kind: StepKind::Recuse,
        permission: Permission::ApproveCases,
        from: &[
            S::Filed,
            S::Investigating,
            S::Reviewed,
            S::LegalReview,
            S::Notified,
            S::Hearing,
            S::CollectiveDiscussion,
        ],
        when: recusal::has_team,
        opens: &[],
        closes_tasks: false,
        label: label("回避决定", "Decide on a recusal"),
        record: Some(label("回避决定", "Recusal decided")),
    },
    StepDef {
        kind: StepKind::DecideOnSpot,
        permission: Permission::HandleCases,
        from: &[S::Lead],
        when: decision::summary,
        opens: AFTER_DECISION,
        closes_tasks: true,
        label: label("当场作出处罚决定", "Decide on the spot"),
        record: None,
    },
    StepDef {
        kind: StepKind::Serve,
        permission: Permission::HandleCases,
        from: &[S::Decided],
        when: always,
        opens: &[T(StepKind::Execute)],
        closes_tasks: true,
        label: label("送达", "Serve"),
        record: None,
    },
    StepDef {
        kind: StepKind::PaymentPeriod,
        permission: Permission::ApproveCases,
        from: &[S::Served],
        when: decision::payment_running,
        opens: &[],
        closes_tasks: false,
        label: label(
            "登记复议诉讼期间或批准暂缓、分期缴纳",
            "Record review/litigation or approved deferral",
        ),
        record: Some(label("登记缴款期间", "Payment period recorded")),
    },
    StepDef {
        kind: StepKind::DecideSurcharge,
        permission: Permission::ApproveCases,
        from: &[S::Served],
        when: decision::fine_running,
        opens: &[],
        closes_tasks: false,
        label: label("决定加处罚款", "Decide on the surcharge"),
        record: Some(label("决定加处罚款", "Surcharge decided")),
    },
    StepDef {
        kind: StepKind::Urge,
        permission: Permission::HandleCases,
        from: &[S::Served],
        when: enforcement::unpaid,
        opens: &[],
        closes_tasks: false,
        label: label("送达催告书", "Serve a reminder"),
        record: Some(label("催告", "Reminder served")),
    },
    StepDef {
        kind: StepKind::ApplyCourt,
        permission: Permission::ApproveCases,
        from: &[S::Served],
        when: enforcement::may_apply,
        opens: &[],
        closes_tasks: false,
        label: label("申请人民法院强制执行", "Apply to the court for enforcement"),
        record: Some(label("申请法院强制执行", "Court enforcement applied for")),
    },
    StepDef {
        kind: StepKind::Execute,
        permission: Permission::HandleCases,
        from: &[S::Served],
        when: always,
        opens: &[T(StepKind::Close)],
        closes_tasks: true,
        label: label("执行", "Record execution"),
        record: None,
    },
    StepDef {
        kind: StepKind::Close,
        permission: Permission::ApproveCases,
        from: &[S::Executed],
        when: always,
        opens: &[T(StepKind::Archive)],
        closes_tasks: true,
        label: label("结案", "Close"),
        record: None,
    },
    StepDef {
        kind: StepKind::Archive,
        permission: Permission::HandleCases,
        from: &[S::Closed],
        when: always,
        opens: &[],
        closes_tasks: true,
        label: label("归档", "Archive"),
        record: None,
    },
];

/// A step someone may take now, as pages and the API show it.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct StepInfo {
    #[serde(skip)]
    pub kind: StepKind,
    /// Stored name (form field `step`).
    #[serde(rename = "step")]
    pub name: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

impl StepInfo {
    pub fn label(&self, lang: &str) -> &'static str {
        if lang == "en" { self.en } else { self.zh }
    }
}

/// The steps `who` may take on the case now: the role's permission, the stage and the case
/// facts of each registry entry. Pure; the data scope and the checks of each step are applied
/// again by `workflow::act`.
pub fn available_steps(c: &CaseRow, who: &Principal) -> Vec<StepInfo> {
    if c.status != CaseStatus::Open {
        return Vec::new();
    }
    STEPS
        .iter()
        .filter(|d| who.role.can(d.permission) && d.from.contains(&c.stage) && (d.when)(c))
        .map(|d| StepInfo {
            kind: d.kind,
            name: d.kind.as_str(),
            zh: d.label.zh,
            en: d.label.en,
        })
        .collect()
}

/// What a step's write leaves for the step record.
#[derive(Default)]
pub(crate) struct Done {
    pub note: String,
    pub assessed: Option<Assessed>,
}

/// Everything a step's write needs, inside the caller's transaction.
pub(crate) struct Cx<'a> {
    pub conn: &'a mut AnyConnection,
    pub kind: StepKind,
    pub region: &'a str,
    pub actor: &'a str,
    pub cal: &'a HolidayCalendar,
    pub c: &'a CaseRow,
    pub on: NaiveDate,
    /// The stage after the step (`state::next`; the current stage for steps without action).
    pub to: Stage,
    pub team: &'a [i64],
}

impl Cx<'_> {
    /// Opens a task of this case in `region`, in the queue of the step that will take it; an
    /// officer's task goes to the case handler.
    pub async fn open_in(
        &mut self,
        region: &str,
        c: &CaseRow,
        task: Task,
        due: Option<NaiveDate>,
    ) -> Result<()> {
        debug_assert!(
            self.kind.def().opens.contains(&task),
            "step {:?} opens {task:?}, not declared in STEPS",
            self.kind
        );
        let queue = task.queue();
        let assignee = (queue == Queue::Officer)
            .then_some(c.handler_user)
            .flatten();
        open_task(
            self.conn,
            region,
            c.id,
            c.department_id,
            task.as_str(),
            queue,
            assignee,
            due,
        )
        .await
    }

    /// Opens the task of `kind`, due on `due`.
    pub async fn open(&mut self, kind: StepKind, due: Option<NaiveDate>) -> Result<()> {
        let (region, c) = (self.region, self.c);
        self.open_in(region, c, T(kind), due).await
    }
}

/// The team a step names (checked to belong to the body) and, for a decision on the spot,
/// the facts of 第五十一条 — read by the state machine before anything is written.
pub(crate) async fn prepare(
    conn: &mut AnyConnection,
    region: &str,
    c: &CaseRow,
    step: &Step,
) -> Result<(Vec<i64>, Option<SummaryFacts>)> {
    match step {
        Step::Investigate { officers } => {
            check_officers_belong(conn, c.department_id, officers).await?;
            let recused = super::recusal::recused_officers(conn, c.id).await?;
            super::recusal::check_not_recused(officers, &recused)?;
            super::recusal::check_no_registered_conflict(conn, region, c, officers).await?;
            Ok((officers.clone(), None))
        }
        Step::DecideOnSpot {
            officers, proposal, ..
        } => {
            if c.procedure != Procedure::Summary {
                return Err(refusal(Refusal::SummaryNotAllowed));
            }
            check_officers_belong(conn, c.department_id, officers).await?;
            super::recusal::check_no_registered_conflict(conn, region, c, officers).await?;
            let summary = SummaryFacts {
                facts_certain_with_basis: !c.facts.trim().is_empty(),
                party: c.party_kind,
                sanctions: proposal.sanctions(),
            };
            Ok((officers.clone(), Some(summary)))
        }
        _ => Ok((Vec::new(), None)),
    }
}

/// Runs the write of a step: its own checks, the case row, the next task(s).
pub(crate) async fn write(cx: &mut Cx<'_>, step: &Step) -> Result<Done> {
    match step {
        Step::File { note } => filing::file(cx, note).await,
        Step::Drop { reason } => filing::drop(cx, reason).await,
        Step::Investigate { .. } => filing::investigate(cx).await,
        Step::Review {
            facts,
            circumstances,
            proposal,
        } => filing::review(cx, facts, circumstances, proposal).await,
        Step::Extend { days, reason } => filing::extend(cx, *days, reason).await,
        Step::ExtendFiling { reason } => periods::extend_filing(cx, reason).await,
        Step::ExcludePeriod {
            kind,
            from,
            to,
            note,
        } => periods::exclude(cx, *kind, *from, *to, note).await,
        Step::Recuse {
            officer,
            raised_by,
            granted,
            replacement,
            reason,
        } => recusal::recuse(cx, *officer, *raised_by, *granted, *replacement, reason).await,
        Step::Urge { note } => enforcement::urge(cx, note).await,
        Step::ApplyCourt { court } => enforcement::apply_court(cx, court).await,
        Step::LegalReview { passed, opinion } => hearing::legal_review(cx, *passed, opinion).await,
        Step::Notify {
            waived,
            hearing_waived,
        } => hearing::notify(cx, *waived, *hearing_waived).await,
        Step::RequestHearing => hearing::request_hearing(cx).await,
        Step::HoldHearing { note, notified_on } => {
            hearing::hold_hearing(cx, note, *notified_on).await
        }
        Step::Discuss { note } => hearing::discuss(cx, note).await,
        Step::Decide { proposal } => decision::decide(cx, proposal.as_ref()).await,
        Step::DecideOnSpot { proposal, .. } => decision::decide_on_spot(cx, proposal).await,
        Step::Serve { method, receiver } => decision::serve(cx, *method, receiver).await,
        Step::PaymentPeriod {
            kind,
            from,
            to,
            note,
        } => decision::payment_period(cx, *kind, *from, *to, note).await,
        Step::DecideSurcharge {
            decision,
            amount_fen,
            reason,
        } => decision::decide_surcharge(cx, *decision, *amount_fen, reason).await,
        Step::Execute { paid_fen, mode } => decision::execute(cx, *paid_fen, *mode).await,
        Step::Close { note } => decision::close(cx, note).await,
        Step::Archive => decision::archive(cx).await,
    }
}

#[cfg(test)]
mod procedure_tests;
#[cfg(test)]
mod tests;
