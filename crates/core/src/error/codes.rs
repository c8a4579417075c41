//! The platform's catalog of validation and conflict error codes.
//!
//! Each row of the table (the `catalog!` invocation below) holds a variant, its code string (the
//! JSON `code` field of an API error, part of the public API), whether it is a validation
//! (`Invalid`, HTTP 422) or a conflict (`Conflict`, HTTP 409) error, and its Chinese and English message templates. A
//! template is plain text with named placeholders `{name}` (or `{name:?}`, the value in Rust
//! debug quotes), filled at the call site by [`Error::arg`](super::Error::arg) or
//! [`Error::arg_zh_en`](super::Error::arg_zh_en); `{{` and `}}` stand for literal braces. Every
//! placeholder of the Chinese template appears in the English one and vice versa (tested).

/// Whether a code is a validation error or a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    /// Input failed validation (HTTP 422).
    Invalid,
    /// A uniqueness or state conflict (HTTP 409).
    Conflict,
}

macro_rules! catalog {
    ($($variant:ident = $code:literal, $kind:ident, $zh:literal, $en:literal;)*) => {
        /// One variant per error code string of the platform.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $(
                #[doc = $code]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in table order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code string (the JSON `code` field).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            /// Validation error or conflict.
            pub fn kind(self) -> CodeKind {
                match self {
                    $(Code::$variant => CodeKind::$kind,)*
                }
            }

            /// The Chinese message template.
            pub fn zh(self) -> &'static str {
                match self {
                    $(Code::$variant => $zh,)*
                }
            }

            /// The English message template.
            pub fn en(self) -> &'static str {
                match self {
                    $(Code::$variant => $en,)*
                }
            }

            /// The variant's name, as written in source (`Code::Name`).
            pub fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => stringify!($variant),)*
                }
            }
        }
    };
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The bilingual message of an error: two templates and the values of their placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    zh: &'static str,
    en: &'static str,
    args: Vec<(&'static str, String, String)>,
}

impl Text {
    /// Templates with no placeholder filled yet.
    pub fn new(zh: &'static str, en: &'static str) -> Self {
        Text {
            zh,
            en,
            args: Vec::new(),
        }
    }

    /// Messages taken as they are (no placeholders are read in them).
    pub fn verbatim(zh: String, en: String) -> Self {
        Text::new("{message}", "{message}").with("message", zh, en)
    }

    fn with(mut self, name: &'static str, zh: String, en: String) -> Self {
        self.push(name, zh, en);
        self
    }

    /// Fills (or refills) a placeholder.
    pub fn push(&mut self, name: &'static str, zh: String, en: String) {
        match self.args.iter_mut().find(|a| a.0 == name) {
            Some(a) => {
                a.1 = zh;
                a.2 = en;
            }
            None => self.args.push((name, zh, en)),
        }
    }

    /// The Chinese message.
    pub fn zh(&self) -> String {
        render(self.zh, |name| {
            self.args.iter().find(|a| a.0 == name).map(|a| a.1.as_str())
        })
    }

    /// The English message.
    pub fn en(&self) -> String {
        render(self.en, |name| {
            self.args.iter().find(|a| a.0 == name).map(|a| a.2.as_str())
        })
    }
}

/// Fills the placeholders of a template; an unfilled placeholder stays as written.
pub fn render<'a>(template: &str, value: impl Fn(&str) -> Option<&'a str>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if let (true, Some(end)) = (tail.starts_with('{'), tail.find('}')) {
            let inner = &tail[1..end];
            let (name, debug) = match inner.strip_suffix(":?") {
                Some(n) => (n, true),
                None => (inner, false),
            };
            match value(name) {
                Some(v) if debug => out.push_str(&format!("{v:?}")),
                Some(v) => out.push_str(v),
                None => out.push_str(&tail[..=end]),
            }
            rest = &tail[end + 1..];
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The placeholder names of a template, in order of appearance.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            rest = &tail[2..];
            continue;
        }
        match (tail.starts_with('{'), tail.find('}')) {
            (true, Some(end)) => {
                let inner = &tail[1..end];
                names.push(inner.strip_suffix(":?").unwrap_or(inner));
                rest = &tail[end + 1..];
            }
            _ => rest = &tail[1..],
        }
    }
    names
}

// Sorted by code string. A template of just `{reason}` (or with a fixed prefix) marks a code
// that existing sites use with several different messages: the message is given at the site, so
// that what users see stays exactly as it was.
catalog! {
    ApiBody = "api.body", Invalid,
        "请求体不是有效的 JSON 或字段类型不符：{detail}",
        "The request body is not valid JSON or a field has the wrong type: {detail}";
    ApiDate = "api.date", Invalid,
        "日期“{input}”无效，应为 YYYY-MM-DD。",
        "Invalid date {input:?}; expected YYYY-MM-DD.";
    ApiQuery = "api.query", Invalid,
        "查询参数有误：{detail}",
        "Bad query parameters: {detail}";
    AuthWeakPassword = "auth.weak_password", Invalid,
        "密码至少 10 位，且须同时包含字母、数字和符号。",
        "The password needs at least 10 characters with letters, digits and a symbol.";
    BackupExists = "backup.exists", Invalid,
        "目标文件 {path} 已存在；请换一个文件名，备份不会覆盖已有文件。",
        "{path} already exists; choose another name, a backup never overwrites a file.";
    BackupPostgres = "backup.postgres", Invalid,
        "PostgreSQL 数据库请用 pg_dump 做一致性在线备份，例如：pg_dump --format=custom --file=fazhi.dump \"$DATABASE_URL\"；恢复用 pg_restore。",
        "For PostgreSQL use pg_dump for a consistent online backup, e.g. pg_dump --format=custom --file=fazhi.dump \"$DATABASE_URL\"; restore with pg_restore.";
    BenchNoDepartments = "bench.no_departments", Invalid,
        "数据库中没有部门：请先运行 fazhi demo --init-only。",
        "The database has no departments: run fazhi demo --init-only first.";
    CardExists = "card.exists", Conflict,
        "执法证号 {card_no} 已存在。",
        "The card number {card_no} already exists.";
    CardNumber = "card.number", Invalid,
        "执法证号须为 1–32 位字母、数字或短横线。",
        "The card number must be 1–32 letters, digits or '-'.";
    CardRevoked = "card.revoked", Conflict,
        "已注销的执法证不能再变更状态。",
        "A revoked card cannot change status.";
    CardStatus = "card.status", Invalid,
        "未知的证件状态。",
        "Unknown card status.";
    CardValidity = "card.validity", Invalid,
        "有效期至不能早于发证日期。",
        "The expiry date cannot be before the issue date.";
    CasesAddressMissing = "cases.address_missing", Invalid,
        "请填写当事人住所或地址（行政处罚决定书须载明，《行政处罚法》第五十九条）。",
        "Enter the party's address (the decision must state it, Art. 59).";
    CasesAmountNegative = "cases.amount_negative", Invalid,
        "金额不能为负数。",
        "Amounts cannot be negative.";
    CasesBasisNotInForce = "cases.basis_not_in_force", Invalid,
        "违法行为发生时（{act_on}）所引条文不是有效的法律：{reason}。依照《行政处罚法》第三十七条，实施行政处罚适用违法行为发生时的法律，不得据此立案。",
        "On the act date ({act_on}) a cited provision was not law in force: {reason}. Art. 37 applies the law in force when the act was committed; the lead cannot rest on it.";
    CasesClosed = "cases.closed", Conflict,
        "案件已结案或未立案，不能继续办理。",
        "The case is closed or was not filed.";
    CasesDate = "cases.date", Invalid,
        "日期应为 YYYY-MM-DD。",
        "Dates must be YYYY-MM-DD.";
    CasesDateBackwards = "cases.date_backwards", Invalid,
        "办理日期早于上一环节（{last}）。",
        "The date lies before the previous step ({last}).";
    CasesDateFuture = "cases.date_future", Invalid,
        "{reason}",
        "{reason}";
    CasesDays = "cases.days", Invalid,
        "请填写延长天数。",
        "Enter the days.";
    CasesDecisionHeavierThanNotice = "cases.decision_heavier_than_notice", Conflict,
        "决定的处罚不得重于事先告知的处罚（罚款、没收数额不得提高，不得增加吊销、停产停业等处罚种类或者其他措施）；加重处罚须重新告知（《行政处罚法》第四十四条）。",
        "The decision cannot be heavier than the notified penalty (no higher fine or confiscation, no added licence measure or other sanction); a heavier penalty needs a new notice (Art. 44).";
    CasesDiscloseDate = "cases.disclose_date", Invalid,
        "公示日期须在决定日期之后且不晚于今天。",
        "The publication date must lie between the decision and today.";
    CasesDiscloseNoPenalty = "cases.disclose_no_penalty", Conflict,
        "不予处罚的案件不公示处罚决定。",
        "A case decided without penalty publishes no penalty decision.";
    CasesDiscloseUndecided = "cases.disclose_undecided", Conflict,
        "尚未作出处罚决定，无可公示内容。",
        "No decision has been made; there is nothing to publish.";
    CasesDisclosedAlready = "cases.disclosed_already", Conflict,
        "该处罚决定已公示。",
        "The decision is already published.";
    CasesEvidenceClosed = "cases.evidence_closed", Conflict,
        "调查终结后不能再补充证据；如需补充，请退回调查。",
        "Evidence can only be added until the investigation is reviewed.";
    CasesEvidenceName = "cases.evidence_name", Invalid,
        "请填写证据名称（最多 200 字）。",
        "Enter the evidence name (200 characters at most).";
    CasesEvidenceSize = "cases.evidence_size", Invalid,
        "{reason}",
        "{reason}";
    CasesExecutionMissing = "cases.execution_missing", Invalid,
        "有罚没款的案件须记录缴纳或强制执行。",
        "A case with a fine or confiscation needs payment or compulsory execution recorded.";
    CasesExtensionInvalid = "cases.extension_invalid", Invalid,
        "延长期限须在立案后、决定前，且累计不超过三十日。",
        "An extension is possible after filing and before the decision, 30 days at most in total.";
    ReconsiderationInvalid = "reconsideration.invalid", Invalid,
        "{reason}",
        "{reason}";
    ReconsiderationRefused = "reconsideration.refused", Conflict,
        "{reason}",
        "{reason}";
    CasesExcludedPeriod = "cases.excluded_period", Invalid,
        "{reason}",
        "{reason}";
    CasesFilingExtended = "cases.filing_extended", Conflict,
        "立案期限已经负责人批准延长过，不能再次延长（市场监督管理行政处罚程序规定 第十八条）。",
        "The filing period was already extended with the head's approval; it cannot be extended again (Market Regulation Penalty Procedure Provisions art. 18).";
    CasesRecusal = "cases.recusal", Invalid,
        "{reason}",
        "{reason}";
    CasesReminderEarly = "cases.reminder_early", Conflict,
        "缴款期限 {due} 届满前不能催告（《行政强制法》第三十五条：催告当事人履行义务）。",
        "No reminder before the payment is due on {due} (Administrative Compulsion Law art. 35).";
    CasesCourtApplication = "cases.court_application", Conflict,
        "{reason}",
        "{reason}";
    CasesCompulsoryGate = "cases.compulsory_gate", Conflict,
        "{reason}",
        "{reason}";
    CasesHearingNoticeShort = "cases.hearing_notice_short", Conflict,
        "听证应当在通知当事人听证时间、地点七个工作日后举行，最早 {earliest}（《行政处罚法》第六十四条第（二）项）。",
        "The hearing is held at least seven working days after the party is told its time and place: {earliest} at the earliest (Art. 64(2)).";
    CasesHearingRequestLate = "cases.hearing_request_late", Conflict,
        "听证申请须在告知后五个工作日内（截至{due}）提出（《行政处罚法》第六十四条第（一）项）。",
        "A hearing must be requested within five working days of the notice, by {due} (Art. 64(1)).";
    CasesHearingWindowOpen = "cases.hearing_window_open", Conflict,
        "当事人申请听证的期限至 {due} 届满，期满前不能作出决定（《行政处罚法》第六十三条、第六十四条）。",
        "The party may request a hearing until {due}; no decision before then (Art. 63, 64).";
    CasesNoHearingRight = "cases.no_hearing_right", Invalid,
        "拟作出的处罚不属于《行政处罚法》第六十三条规定的听证范围。",
        "The intended penalty is not one for which Art. 63 gives a hearing.";
    CasesNotPublished = "cases.not_published", Conflict,
        "该案件没有在公示中的处罚决定。",
        "The case has no published decision to withdraw.";
    CasesNoticeNotNeeded = "cases.notice_not_needed", Invalid,
        "拟不予行政处罚的案件无需事先告知。",
        "A case proposed for no penalty needs no prior notice.";
    CasesOfficerForeign = "cases.officer_foreign", Invalid,
        "执法人员（编号 {id}）不属于本案办案机关。",
        "Officer {id} does not belong to the body handling the case.";
    CasesOfficers = "cases.officers", Invalid,
        "请从列表中选择执法人员。",
        "Choose officers from the list.";
    CasesPartyCode = "cases.party_code", Invalid,
        "证件号码或统一社会信用代码校验不通过。",
        "The ID number or credit code fails its check digit.";
    CasesPartyKind = "cases.party_kind", Invalid,
        "请选择当事人类型。",
        "Choose the kind of party.";
    CasesPartyMissing = "cases.party_missing", Invalid,
        "请填写当事人名称或姓名。",
        "Enter the party's name.";
    CasesPaymentDeferralDate = "cases.payment_deferral_date", Invalid,
        "批准暂缓或者分期缴纳的，新的缴款期限须晚于原期限 {due}（《行政处罚法》第六十六条第二款）。",
        "An approved deferral or instalment plan must end after the current due date {due} (Art. 66(2)).";
    CasesPaymentPeriodDates = "cases.payment_period_dates", Invalid,
        "{reason}",
        "{reason}";
    CasesPaymentReasonMissing = "cases.payment_reason_missing", Invalid,
        "不加处或者减少加处罚款的，须写明理由（《行政处罚法》第七十二条第一款）。",
        "Waiving or reducing the surcharge needs a reason (Art. 72(1)).";
    CasesPaymentReducedAmount = "cases.payment_reduced_amount", Invalid,
        "减少后的加处罚款须在 0 至 {max} 之间（不得超出罚款数额，《行政处罚法》第七十二条第一款第（一）项）。",
        "The reduced surcharge must lie between 0 and {max} (never above the fine, Art. 72(1)(1)).";
    CasesPaymentShort = "cases.payment_short", Invalid,
        "应缴 {total}（含加处罚款 {surcharge}），实缴 {paid}。",
        "Owed {total} (incl. surcharge {surcharge}), paid {paid}.";
    CasesPenaltyEmpty = "cases.penalty_empty", Invalid,
        "请填写拟作出的处罚（警告、罚款、没收或其他），或选择不予处罚。",
        "Enter the intended penalty (warning, fine, confiscation or other), or choose no penalty.";
    CasesPenaltyForbidden = "cases.penalty_forbidden", Conflict,
        "依法不得给予行政处罚（{provs}），请选择不予处罚。",
        "The Law forbids a penalty here ({provs}); choose no penalty.";
    CasesPenaltyReasonMissing = "cases.penalty_reason_missing", Conflict,
        "{reason}",
        "{reason}";
    CasesPowerForeign = "cases.power_foreign", Invalid,
        "该事项不属于办案机关的权责清单（职权法定）。",
        "That item is not in the handling body's power list.";
    CasesPowerInactive = "cases.power_inactive", Invalid,
        "该事项未在现行权责清单中发布，不能据此办案。",
        "That item is not in the published power list; no case can rest on it.";
    CasesPowerUnknown = "cases.power_unknown", Invalid,
        "权责清单中没有事项编码“{power_code}”。",
        "The power list has no item {power_code:?}.";
    CasesSanctionNotProvided = "cases.sanction_not_provided", Invalid,
        "{penalised} 未规定{what}，不得给予（《行政处罚法》第四条）。",
        "{penalised} provides no {what}; it cannot be imposed (Art. 4).";
    CasesStatementWindowOpen = "cases.statement_window_open", Conflict,
        "当事人陈述、申辩的期限至 {due} 届满，期满前不能作出处罚决定（《行政处罚法》第四十五条、第六十二条；期限按本机关规定），当事人明确放弃的除外。",
        "The party may state and defend until {due}; no penalty decision before then unless it expressly waived (Art. 45, 62; the period of the body's rule).";
    CasesStepUnknown = "cases.step_unknown", Invalid,
        "未知的办理环节。",
        "Unknown step.";
    CasesTextMissing = "cases.text_missing", Invalid,
        "请填写说明（事实、意见或理由）。",
        "Enter the text (facts, opinion or reason).";
    CasesTooLong = "cases.too_long", Invalid,
        "{reason}",
        "{reason}";
    CasesViolationMissing = "cases.violation_missing", Invalid,
        "{reason}",
        "{reason}";
    CasesViolationUnknown = "cases.violation_unknown", Invalid,
        "该事项下没有这一违法行为。",
        "That item lists no such violation.";
    CasesWithdrawDate = "cases.withdraw_date", Invalid,
        "撤回日期须在决定变更之后且不晚于今天。",
        "The withdrawal date must lie between the change and today.";
    CasesWithdrawReason = "cases.withdraw_reason", Invalid,
        "撤回公示须公开说明理由（《行政处罚法》第四十八条第二款）。",
        "A withdrawal must state its reason publicly (Art. 48(2)).";
    CertificateAlreadyRevoked = "certificate.already_revoked", Conflict,
        "该检查证已作废。",
        "The certificate is already revoked.";
    CertificateRevokeReason = "certificate.revoke_reason", Invalid,
        "请写明作废理由。",
        "Give the reason for revoking.";
    ConflictCode = "conflict.code", Invalid,
        "{reason}",
        "{reason}";
    ConflictExists = "conflict.exists", Conflict,
        "该回避情形已登记。",
        "That conflict is already registered.";
    ConflictReason = "conflict.reason", Invalid,
        "请填写回避事由。",
        "Give the reason for the conflict of interest.";
    DbConnect = "db.connect", Invalid,
        "无法连接数据库：{error}",
        "Cannot connect to the database: {error}";
    DbUrlEmpty = "db.url_empty", Invalid,
        "数据库地址为空：请给出 SQLite 文件路径或 postgres:// 地址。",
        "Empty database URL: give a SQLite file path or a postgres:// URL.";
    DbUrlScheme = "db.url_scheme", Invalid,
        "不支持的数据库地址“{input}”：只支持 SQLite 文件路径、sqlite:// 或 postgres:// 地址。",
        "Unsupported database URL {input:?}: use a SQLite file path, sqlite:// or postgres://.";
    DepartmentExists = "department.exists", Conflict,
        "部门“{name}”已存在。",
        "The department {name:?} already exists.";
    DepartmentKind = "department.kind", Invalid,
        "请选择主体性质。",
        "Choose the kind of body.";
    DepartmentName = "department.name", Invalid,
        "请填写部门名称（不超过 100 字）。",
        "Enter the department name (at most 100 characters).";
    DepartmentUscc = "department.uscc", Invalid,
        "{reason}",
        "{reason}";
    DispatchAddressTooLong = "dispatch.address_too_long", Invalid,
        "诉求地址超过 {max_address_chars} 字。",
        "The address is longer than {max_address_chars} characters.";
    DispatchCaller = "dispatch.caller", Invalid,
        "来电人姓名不超过 50 字，电话不超过 30 字。",
        "The caller's name is at most 50 characters, the phone at most 30.";
    DispatchDepartment = "dispatch.department", Invalid,
        "{reason}",
        "{reason}";
    DispatchEncoding = "dispatch.encoding", Invalid,
        "内容不是 UTF-8 编码（第 {byte} 字节起无法解码），GBK 文件请先另存为 UTF-8。",
        "The input is not UTF-8 (undecodable from byte {byte}); save GBK files as UTF-8 first.";
    DispatchEvalDepartment = "dispatch.eval_department", Invalid,
        "部门“{department}”不在 departments.toml 中。",
        "Department {department:?} is not in departments.toml.";
    DispatchEvalLines = "dispatch.eval_lines", Invalid,
        "第 {lines} 行不是有效的 {{\"text\",\"department\"}} JSON 行（或诉求内容为空、过长）。",
        "Lines {lines} are not valid {{\"text\",\"department\"}} JSON lines (or the text is empty or too long).";
    DispatchKind = "dispatch.kind", Invalid,
        "{reason}",
        "{reason}";
    DispatchMerge = "dispatch.merge", Invalid,
        "请选择要并入的另一张工单。",
        "Choose another order to merge into.";
    DispatchMergeTarget = "dispatch.merge_target", Conflict,
        "目标工单本身已被合并，请并入主工单。",
        "The target was itself merged; merge into the main order.";
    DispatchNote = "dispatch.note", Invalid,
        "请填写{what}（2 至 1000 字）。",
        "Enter the {what} (2 to 1000 characters).";
    DispatchOrderNo = "dispatch.order_no", Invalid,
        "工单编号为空或超过 40 字。",
        "The order number is empty or longer than 40 characters.";
    DispatchOrderNoExists = "dispatch.order_no_exists", Conflict,
        "该工单编号已存在。",
        "An order with this number already exists.";
    DispatchRating = "dispatch.rating", Invalid,
        "请选择群众评价（1 至 5 分）。",
        "Choose the caller's rating (1 to 5).";
    DispatchSource = "dispatch.source", Invalid,
        "未知的工单来源。",
        "Unknown order source.";
    DispatchState = "dispatch.state", Conflict,
        "工单当前状态为“{from}”，不能执行此操作。请刷新页面查看最新状态。",
        "The order is {from}; this step is not possible now. Reload to see its current state.";
    DispatchStep = "dispatch.step", Invalid,
        "未知的操作。",
        "Unknown step.";
    DispatchTextEmpty = "dispatch.text_empty", Invalid,
        "诉求内容为空：请填写群众反映的具体问题。",
        "The complaint text is empty: describe what the caller reported.";
    DispatchTextEncoding = "dispatch.text_encoding", Invalid,
        "诉求内容含有乱码或控制字符：请确认文件是 UTF-8 编码后重新提交。",
        "The complaint text contains garbled or control characters: make sure it is UTF-8 and submit again.";
    DispatchTextTooLong = "dispatch.text_too_long", Invalid,
        "诉求内容有 {chars} 字，超过 {max_text_chars} 字上限：请概括主要诉求，附件另行上传。",
        "The complaint text has {chars} characters, over the {max_text_chars} limit: summarise the request.";
    DocumentsBodyMissing = "documents.body_missing", Invalid,
        "生成文书缺少：执法机关名称",
        "cannot generate the instrument without: issuing body name";
    DocumentsCaseNumberMissing = "documents.case_number_missing", Invalid,
        "生成文书缺少：案号",
        "cannot generate the instrument without: case number";
    DocumentsClosingReasonMissing = "documents.closing_reason_missing", Invalid,
        "生成文书缺少：结案理由",
        "cannot generate the instrument without: reason for closing the case";
    DocumentsCorrectionMissing = "documents.correction_missing", Invalid,
        "生成文书缺少：责令改正的内容",
        "cannot generate the instrument without: what must be corrected";
    DocumentsDecidedMissing = "documents.decided_missing", Invalid,
        "生成文书缺少：当场处罚的时间（第五十二条第二款）",
        "cannot generate the instrument without: date of the on-the-spot decision (art. 52 para. 2)";
    DocumentsDecisionNumberMissing = "documents.decision_number_missing", Invalid,
        "生成文书缺少：行政处罚决定书文号",
        "cannot generate the instrument without: decision number (文号)";
    DocumentsFactsMissing = "documents.facts_missing", Invalid,
        "生成文书缺少：违法事实（《中华人民共和国行政处罚法》第四十四条、第五十九条第一款第（二）项）",
        "cannot generate the instrument without: the facts found (Administrative Penalty Law arts. 44, 59 item 2)";
    DocumentsNoHearingRight = "documents.no_hearing_right", Invalid,
        "生成文书缺少：依据《中华人民共和国行政处罚法》第六十三条享有听证权利的处罚（本案拟作出的处罚不属于听证范围）",
        "cannot generate the instrument without: a penalty with a hearing right under Administrative Penalty Law art. 63 (this one has none)";
    DocumentsNumberMissing = "documents.number_missing", Invalid,
        "生成文书缺少：当场行政处罚决定书编号（《中华人民共和国行政处罚法》第五十二条第一款“编有号码”）",
        "cannot generate the instrument without: a numbered form (Administrative Penalty Law art. 52 para. 1)";
    DocumentsOfficersMissing = "documents.officers_missing", Invalid,
        "生成文书缺少：{reason}",
        "cannot generate the instrument without: {reason}";
    DocumentsPartyAddressMissing = "documents.party_address_missing", Invalid,
        "生成文书缺少：当事人地址（《中华人民共和国行政处罚法》第五十九条第一款第（一）项）",
        "cannot generate the instrument without: party address (Administrative Penalty Law art. 59 item 1)";
    DocumentsPartyMissing = "documents.party_missing", Invalid,
        "生成文书缺少：当事人姓名或者名称",
        "cannot generate the instrument without: party name";
    DocumentsPenalisingMissing = "documents.penalising_missing", Invalid,
        "生成文书缺少：处罚依据条款（《中华人民共和国行政处罚法》第五十九条第一款第（三）项）",
        "cannot generate the instrument without: the penalising provision (Administrative Penalty Law art. 59 item 3)";
    DocumentsPlaceMissing = "documents.place_missing", Invalid,
        "生成文书缺少：当场处罚的地点（第五十二条第二款）",
        "cannot generate the instrument without: place of the on-the-spot decision (art. 52 para. 2)";
    DocumentsSanctionsMissing = "documents.sanctions_missing", Invalid,
        "生成文书缺少：行政处罚的种类和数额",
        "cannot generate the instrument without: the kind and amount of the penalty";
    DocumentsServedDocumentsMissing = "documents.served_documents_missing", Invalid,
        "生成文书缺少：送达文书名称及文号",
        "cannot generate the instrument without: which documents were served";
    DocumentsServiceMissing = "documents.service_missing", Invalid,
        "生成文书缺少：送达信息（送达方式等）",
        "cannot generate the instrument without: service details (method etc.)";
    DocumentsSpotNoticeMissing = "documents.spot_notice_missing", Invalid,
        "生成文书缺少：当场告知并听取陈述、申辩（或当事人明确放弃）的记录（第四十四条、第六十二条）",
        "cannot generate the instrument without: the on-the-spot notice and hearing of the party, or its waiver (art. 44, 62)";
    DocumentsStatementPeriodMissing = "documents.statement_period_missing", Invalid,
        "生成文书缺少：陈述、申辩期限（日期或者工作日数）",
        "cannot generate the instrument without: the period for statements (a date or a number of working days)";
    DocumentsSummaryNotAllowed = "documents.summary_not_allowed", Invalid,
        "不适用简易程序：{reason}",
        "summary procedure not available: {reason}";
    DocumentsViolatedMissing = "documents.violated_missing", Invalid,
        "生成文书缺少：违反的法律、法规、规章条款",
        "cannot generate the instrument without: the provisions violated";
    DocumentsViolationMissing = "documents.violation_missing", Invalid,
        "生成文书缺少：案由（违法行为名称）",
        "cannot generate the instrument without: the violation (case cause)";
    ExcelMalformed = "excel.malformed", Invalid,
        "无法读取 Excel 文件：{error}。请用“下载模板”得到的 .xlsx 文件填写后上传。",
        "Cannot read the Excel file: {error}. Fill in the .xlsx template from 'Download template' and upload it.";
    ExcelSheetTooLarge = "excel.sheet_too_large", Invalid,
        "工作表超出导入范围：第 {row} 行第 {col} 列有数据，导入最多读取 {max_rows} 行、{max_cols} 列。请删除多余的行和列，或用“下载模板”得到的 .xlsx 文件填写后上传。",
        "The sheet goes beyond what an import reads: there is data in row {row}, column {col}; an import reads at most {max_rows} rows and {max_cols} columns. Delete the extra rows and columns, or fill in the .xlsx template from 'Download template'.";
    FormDate = "form.date", Invalid,
        "日期“{input}”无效，应为 YYYY-MM-DD。",
        "Invalid date {input:?}; expected YYYY-MM-DD.";
    FormNumber = "form.number", Invalid,
        "“{input}”不是整数。",
        "{input:?} is not a whole number.";
    GateBasis = "gate.basis", Invalid,
        "未通过签发条件【{gate}】：{reason}",
        "Issuance gate \"{gate}\" failed: {reason}";
    GateCards = "gate.cards", Invalid,
        "未通过签发条件【{gate}】：{reason}",
        "Issuance gate \"{gate}\" failed: {reason}";
    GateGround = "gate.ground", Invalid,
        "未通过签发条件【{gate}】：{reason}",
        "Issuance gate \"{gate}\" failed: {reason}";
    GateMatters = "gate.matters", Invalid,
        "未通过签发条件【{gate}】：{reason}",
        "Issuance gate \"{gate}\" failed: {reason}";
    GateOfficers = "gate.officers", Invalid,
        "未通过签发条件【{gate}】：{reason}",
        "Issuance gate \"{gate}\" failed: {reason}";
    GateQuietPeriod = "gate.quiet_period", Invalid,
        "未通过签发条件【{gate}】：{reason}",
        "Issuance gate \"{gate}\" failed: {reason}";
    ImportEmpty = "import.empty", Invalid,
        "文件是空的。",
        "The file is empty.";
    ImportHeader = "import.header", Invalid,
        "表头不符：第 1 行应依次为 {columns}。请使用下载的模板或导出的清单。",
        "Wrong header: row 1 must be {columns} in this order. Use the downloaded template or an export.";
    ImportNoRows = "import.no_rows", Invalid,
        "文件中没有数据行。",
        "The file has no data rows.";
    ImportTooManyRows = "import.too_many_rows", Invalid,
        "一次最多导入 {max_import_rows} 行，本文件有 {rows} 行。请拆分后上传。",
        "At most {max_import_rows} rows per import; this file has {rows}. Split it.";
    InspectionAlreadyIssued = "inspection.already_issued", Conflict,
        "该检查已有有效的检查证；如需重新签发，请先作废原证。",
        "This inspection already has a live certificate; revoke it before issuing again.";
    InspectionDate = "inspection.date", Invalid,
        "{reason}",
        "{reason}";
    InspectionDrawRef = "inspection.draw_ref", Invalid,
        "双随机抽查须关联抽查记录。",
        "A draw inspection must name its drawn record.";
    InspectionDuplicateDraw = "inspection.duplicate_draw", Conflict,
        "该抽查记录已登记为检查。",
        "That drawn record already has an inspection.";
    InspectionGround = "inspection.ground", Invalid,
        "{reason}",
        "{reason}";
    InspectionNote = "inspection.note", Invalid,
        "说明不超过 500 字。",
        "The note is at most 500 characters.";
    InspectionOfficers = "inspection.officers", Invalid,
        "执法人员请填写人员编号，用逗号分隔。",
        "Give officer ids separated by commas.";
    InspectionOutcome = "inspection.outcome", Invalid,
        "请选择抽查结果。",
        "Choose the outcome.";
    InspectionQuietDays = "inspection.quiet_days", Invalid,
        "静默期须在 0–730 天之间。",
        "The quiet period must be 0–730 days.";
    InspectionSubject = "inspection.subject", Invalid,
        "请填写检查对象的统一社会信用代码。",
        "Give the subject's unified social credit code.";
    InspectionSubjectUnknown = "inspection.subject_unknown", Invalid,
        "名录库中没有该统一社会信用代码，请同时填写检查对象名称。",
        "The code is not in the subject directory; give the subject's name too.";
    InspectionTooMany = "inspection.too_many", Invalid,
        "检查事项和执法人员各不超过 12 项（检查证须能印成易读的二维码）。",
        "At most 12 matters and 12 officers (the certificate must fit a readable QR code).";
    InspectionWindow = "inspection.window", Invalid,
        "检查期限的结束日期不能早于开始日期。",
        "The window cannot end before it starts.";
    InspectionWindowLong = "inspection.window_long", Invalid,
        "检查期限不得超过 92 天：检查证只在检查期间有效。",
        "The window may not exceed 92 days: a certificate is valid only while the inspection lasts.";
    LawDir = "law.dir", Invalid,
        "无法读取法规目录 {dir}：{error}",
        "Cannot read the statute directory {dir}: {error}";
    LawEmptyDir = "law.empty_dir", Invalid,
        "目录 {dir} 中没有法规文件（*.md）。",
        "{dir} holds no statute files (*.md).";
    LawEncoding = "law.encoding", Invalid,
        "{name} 不是 UTF-8 编码。",
        "{name} is not UTF-8.";
    LeniencyFineUnplaced = "leniency.fine_unplaced", Invalid,
        "{reason}",
        "{reason}";
    LeniencyOutsideLegalRange = "leniency.outside_legal_range", Invalid,
        "{reason}",
        "{reason}";
    LeniencyPenalised = "leniency.penalised", Invalid,
        "请填写违法行为的处罚依据编码（penalised），如 食品安全法/art_125__para_2。",
        "Give the penalising provision code of the violation (penalised), e.g. 食品安全法/art_125__para_2.";
    LeniencyReasonRequired = "leniency.reason_required", Invalid,
        "{message}请填写理由后再提交。",
        "{message} Enter the reason before submitting.";
    OfficerDepartment = "officer.department", Invalid,
        "请选择所属部门。",
        "Choose a department.";
    OfficerExists = "officer.exists", Conflict,
        "身份证号 {id_number} 的人员已登记。",
        "An officer with identity number {id_number} is already registered.";
    OfficerIdNumber = "officer.id_number", Invalid,
        "{reason}",
        "{reason}";
    OfficerName = "officer.name", Invalid,
        "请填写姓名（不超过 50 字）。",
        "Enter the name (at most 50 characters).";
    PlanTitle = "plan.title", Invalid,
        "请填写计划名称（不超过 100 字）。",
        "Enter the plan title (at most 100 characters).";
    PlanYear = "plan.year", Invalid,
        "{reason}",
        "{reason}";
    PowersAction = "powers.action", Invalid,
        "未知操作。",
        "Unknown action.";
    PowersBasisEmpty = "powers.basis_empty", Invalid,
        "请填写实施依据（法律条款）。",
        "Enter the legal basis (a provision).";
    PowersBasisUnresolved = "powers.basis_unresolved", Invalid,
        "依据“{what}”无法解析为法律条款：{error}。请写明法律名称和条款，例如《中华人民共和国食品安全法》第一百二十二条。",
        "The basis {what:?} does not resolve to a provision: {error}. Name the law and the article, e.g. 《中华人民共和国食品安全法》第一百二十二条.";
    PowersBody = "powers.body", Invalid,
        "{reason}",
        "{reason}";
    PowersCategory = "powers.category", Invalid,
        "请选择职权类别。",
        "Choose the category.";
    PowersCode = "powers.code", Invalid,
        "事项编码须为 1—40 位字母、数字或连字符。",
        "The item code must be 1–40 letters, digits or hyphens.";
    PowersCodeChanged = "powers.code_changed", Invalid,
        "事项编码不能变更；如需新编码，请申请取消原事项并新增事项。",
        "An item's code cannot change; cancel the item and add a new one instead.";
    PowersCodeExists = "powers.code_exists", Conflict,
        "{reason}",
        "{reason}";
    PowersDate = "powers.date", Invalid,
        "发布日期格式应为 YYYY-MM-DD。",
        "The publication date must be YYYY-MM-DD.";
    PowersDepartment = "powers.department", Invalid,
        "{reason}",
        "{reason}";
    PowersDepartmentChanged = "powers.department_changed", Invalid,
        "变更申请不能改变实施主体；职能划转请由原部门申请取消、新部门申请新增。",
        "A change cannot move the item to another department; cancel it and add it there.";
    PowersDiff = "powers.diff", Invalid,
        "{reason}",
        "{reason}";
    PowersItemNotActive = "powers.item_not_active", Conflict,
        "该事项已取消，不能再变更或取消。",
        "The item is cancelled; it cannot be changed or cancelled again.";
    PowersKind = "powers.kind", Invalid,
        "{reason}",
        "{reason}";
    PowersName = "powers.name", Invalid,
        "请填写事项名称（不超过 200 字）。",
        "Enter the item name (at most 200 characters).";
    PowersNotAPenalty = "powers.not_a_penalty", Invalid,
        "{citation}未规定行政处罚，不能作为处罚依据。",
        "{citation} provides no administrative penalty; it cannot be the penalising provision.";
    PowersNothingToPublish = "powers.nothing_to_publish", Conflict,
        "没有已批准待发布的调整申请，无需发布新版本。",
        "No approved proposals wait for publication; there is nothing to publish.";
    PowersProposalOpen = "powers.proposal_open", Conflict,
        "该事项已有未办结的调整申请（第 {id} 号），请在该申请中修改。",
        "The item already has an open proposal (no. {id}); amend that one.";
    PowersProposalState = "powers.proposal_state", Conflict,
        "{reason}",
        "{reason}";
    PowersReason = "powers.reason", Invalid,
        "请填写调整理由（如新法施行、法律修改或废止、职能调整的具体情况）。",
        "Enter the reason for the adjustment (the new law, amendment, repeal or mandate change).";
    PowersReviewNote = "powers.review_note", Invalid,
        "退回时请写明退回理由和修改意见。",
        "When returning a proposal, say why and what to change.";
    PowersTierMalformed = "powers.tier_malformed", Invalid,
        "裁量档次“{name}”的下限大于上限或为负数：{fine}。",
        "Discretion tier {name:?}: the lower bound exceeds the upper one or is negative ({fine}).";
    PowersTierNoFine = "powers.tier_no_fine", Invalid,
        "裁量档次“{name}”设定了罚款 {fine}，但{provision}未规定罚款。",
        "Discretion tier {name:?} sets a fine ({fine}) but {provision} provides none.";
    PowersTierOutOfRange = "powers.tier_out_of_range", Invalid,
        "裁量档次“{name}”的罚款 {fine} 超出{provision}规定的法定幅度（{legal}）。裁量基准只能在法定幅度内细化（《行政处罚法》第三十四条）。",
        "Discretion tier {name:?}: the fine {fine} lies outside the legal range of {provision} ({legal}). A discretion standard may only refine the legal range (Administrative Penalty Law art. 34).";
    PowersVersion = "powers.version", Invalid,
        "请选择要比较的两个版本。",
        "Choose the two versions to compare.";
    PowersViolationsCategory = "powers.violations_category", Invalid,
        "只有行政处罚事项可以列明违法行为和裁量基准。",
        "Only penalty items list violations and discretion standards.";
    PowersYear = "powers.year", Invalid,
        "年份应为 1990—2100 之间的四位数字。",
        "The year must be four digits between 1990 and 2100.";
    ProcedureSource = "procedure.source", Invalid,
        "请写明该参数所依据的规定（名称和条款），不超过500字。",
        "Name the rule the figure comes from (title and article), at most 500 characters.";
    ProcedureValue = "procedure.value", Invalid,
        "“{key}”的取值无效：期限填0至365的整数，金额填0至1亿元的整数，是否项填“是”或“否”。",
        "Invalid value for “{key}”: periods are whole numbers 0–365, amounts whole yuan up to 100 million, yes/no items 是 or 否.";
    RatingComment = "rating.comment", Invalid,
        "评价不超过 500 字。",
        "At most 500 characters.";
    RatingDuplicate = "rating.duplicate", Conflict,
        "已评价过本次检查。",
        "This inspection is already rated.";
    RatingScore = "rating.score", Invalid,
        "评分须为 1–5 分。",
        "The score must be 1–5.";
    RatingTooEarly = "rating.too_early", Conflict,
        "检查结束（离开签退）后才能评价。",
        "Rate after the visit: scan the departure first.";
    ReviewAlreadyReviewed = "review.already_reviewed", Conflict,
        "所抽案卷中有已在评查的案卷，请重新抽取。",
        "A drawn file is already under review; draw again.";
    ReviewComment = "review.comment", Invalid,
        "评查意见不超过 500 字。",
        "A comment has at most 500 characters.";
    ReviewCommentRequired = "review.comment_required", Invalid,
        "调整扣分、不予认定或人工补充扣分项时须填写评查意见。",
        "Adjusting, dismissing or adding an item needs a comment saying why.";
    ReviewConfirmed = "review.confirmed", Conflict,
        "该案卷评查已评定，不能再修改。",
        "This review is already confirmed and can no longer change.";
    ReviewDate = "review.date", Invalid,
        "日期“{input}”无效，请按 YYYY-MM-DD 填写。",
        "invalid date {input:?}: use YYYY-MM-DD";
    ReviewDecision = "review.decision", Invalid,
        "请选择确认、调整扣分或不予认定。",
        "Choose confirm, adjust or dismiss.";
    ReviewDepartment = "review.department", Invalid,
        "所选执法主体不存在。",
        "A chosen enforcement body does not exist.";
    ReviewItemTitle = "review.item_title", Invalid,
        "请填写扣分事项（不超过 100 字）。",
        "Say what the deduction is for (at most 100 characters).";
    ReviewNoFiles = "review.no_files", Conflict,
        "评查期间内没有可抽取的已归档案卷（或均已评查）。",
        "No archived, not yet reviewed files in the period to draw from.";
    ReviewPeriod = "review.period", Invalid,
        "{reason}",
        "{reason}";
    ReviewPoints = "review.points", Invalid,
        "{reason}",
        "{reason}";
    ReviewQuota = "review.quota", Invalid,
        "每个执法主体的抽取数须为 1–200 件，或比例 1–100%。",
        "Files per body: a count of 1–200 or a ratio of 1–100%.";
    ReviewSeed = "review.seed", Invalid,
        "种子须为 64 位十六进制数字（32 字节），或留空由系统生成。",
        "The seed must be 64 hex digits (32 bytes), or empty for a fresh one.";
    ReviewTitle = "review.title", Invalid,
        "请填写抽取名称（不超过 100 字）。",
        "Give the draw a title (at most 100 characters).";
    ReviewVeto = "review.veto", Invalid,
        "未知的否决项。",
        "Unknown veto item.";
    SamplingInputs = "sampling.inputs", Invalid,
        "{reason}",
        "{reason}";
    SamplingNoInspectors = "sampling.no_inspectors", Conflict,
        "{department} 没有足够的可选执法人员检查 {code}（需要 {team_size} 名持有效“{card_domain}”执法证、无回避情形、未连续检查该对象的人员）。",
        "{department} has too few eligible officers for {code} (needs {team_size} with a valid card for {card_domain}, no conflict, not on its previous team)";
    SamplingQuotaZero = "sampling.quota_zero", Invalid,
        "至少一个分层的抽查数须大于零。",
        "At least one stratum must draw more than zero.";
    SamplingRatio = "sampling.ratio", Invalid,
        "分层 {stratum} 的抽查比例须在 0–100% 之间。",
        "stratum {stratum}: the ratio must be 0–100%";
    SamplingRatioOrder = "sampling.ratio_order", Invalid,
        "风险越高抽查比例应越高：{higher} 类（{hi}%）低于 {lower} 类（{lo}%）。",
        "higher risk needs a higher ratio: {higher} ({hi}%) is below {lower} ({lo}%)";
    SamplingSeed = "sampling.seed", Invalid,
        "种子须为 64 位十六进制数字（32 字节）。",
        "The seed must be 64 hex digits (32 bytes).";
    SamplingWindow = "sampling.window", Invalid,
        "日期“{input}”无效。",
        "invalid date {input:?}";
    ScanDone = "scan.done", Conflict,
        "已记录到达和离开。",
        "Arrival and departure are already recorded.";
    ScanDuplicate = "scan.duplicate", Conflict,
        "已记录过该次扫码。",
        "This scan is already recorded.";
    ScanForged = "scan.forged", Invalid,
        "检查证内容与签发记录不符（伪造或被改动）。",
        "The certificate does not match what was issued (forged or altered).";
    ScanOtherSubject = "scan.other_subject", Invalid,
        "该检查证不是对本企业签发的。",
        "The certificate was not issued for your enterprise.";
    ScanOutsideValidity = "scan.outside_validity", Invalid,
        "不在检查证有效期内。请要求执法人员出示执法证件，并向区司法局反映（《行政处罚法》第五十五条）。",
        "Outside the certificate's validity. Ask the officers for their enforcement cards and report it (Administrative Penalty Law art. 55).";
    ScanRevoked = "scan.revoked", Invalid,
        "该检查证已作废。请要求执法人员出示执法证件，并向区司法局反映（《行政处罚法》第五十五条）。",
        "The certificate is revoked. Ask the officers for their enforcement cards and report it (Administrative Penalty Law art. 55).";
    ScanToken = "scan.token", Invalid,
        "无法识别的检查证：{error}",
        "unreadable certificate: {error}";
    ScanUnknown = "scan.unknown", Invalid,
        "平台没有签发过该检查证。",
        "The platform never issued this certificate.";
    SecurityAdminRequest = "security.admin_request", Conflict,
        "{reason}",
        "{reason}";
    SecurityExampleRow = "security.example_row", Invalid,
        "第 {row} 行是模板自带的示例行，未导入。请删除示例行后填写真实人员。",
        "Row {row} is the template's example row and was not imported. Delete it and enter real officers.";
    SecurityImportTimeout = "security.import_timeout", Invalid,
        "表格解析超过 {secs} 秒，已中止，未导入任何数据。请检查文件或拆分后上传。",
        "Reading the spreadsheet took longer than {secs} s and was stopped; nothing was imported. Check the file or split it.";
    SecurityOfficerName = "security.officer_name", Invalid,
        "姓名须为 1–30 个汉字或字母（可含间隔号“·”、空格），不得包含其他字符。",
        "The name must be 1–30 Chinese characters or letters (a middle dot '·' and spaces allowed), nothing else.";
    SecurityRoleSeparation = "security.role_separation", Conflict,
        "{reason}",
        "{reason}";
    SecurityUploadBomb = "security.upload_bomb", Invalid,
        "上传的表格超出安全上限（{reason}），未导入任何数据。请检查文件是否完整，或拆分后分批上传。",
        "The spreadsheet exceeds a safety limit ({reason}); nothing was imported. Check the file, or split it and upload in parts.";
    SubjectExists = "subject.exists", Conflict,
        "名录库中已有相同统一社会信用代码的监管对象。",
        "A subject with that unified social credit code is already in the directory.";
    SupervisionAssessmentFollowedUp = "supervision.assessment_followed_up", Conflict,
        "该月已有约谈举行，考核结果不再重算。",
        "Interviews of this month have been held; its assessment is no longer recomputed.";
    SupervisionBulletinDate = "supervision.bulletin_date", Invalid,
        "季度结束后方可印发通报。",
        "A bulletin is issued after its quarter ends.";
    SupervisionBulletinExists = "supervision.bulletin_exists", Conflict,
        "该季度的通报已印发。",
        "The bulletin of this quarter is already issued.";
    SupervisionBulletinRemarks = "supervision.bulletin_remarks", Invalid,
        "说明不超过 2000 字。",
        "Remarks are limited to 2,000 characters.";
    SupervisionBulletinUnassessed = "supervision.bulletin_unassessed", Conflict,
        "{year}年第{quarter}季度尚有月份未完成月度考核。",
        "Not every month of {year} Q{quarter} has been assessed.";
    SupervisionDate = "supervision.date", Invalid,
        "日期格式应为 YYYY-MM-DD。",
        "Dates read YYYY-MM-DD.";
    SupervisionIndicator = "supervision.indicator", Invalid,
        "未知的考核指标。",
        "Unknown indicator.";
    SupervisionInstrumentBody = "supervision.instrument_body", Invalid,
        "请选择执法主体。",
        "Choose the body.";
    SupervisionInstrumentDate = "supervision.instrument_date", Invalid,
        "{reason}",
        "{reason}";
    SupervisionInstrumentDue = "supervision.instrument_due", Invalid,
        "{reason}",
        "{reason}";
    SupervisionInstrumentKind = "supervision.instrument_kind", Invalid,
        "请选择文书种类。",
        "Choose the kind of instrument.";
    SupervisionInstrumentState = "supervision.instrument_state", Conflict,
        "{reason}",
        "{reason}";
    SupervisionInstrumentText = "supervision.instrument_text", Invalid,
        "请填写内容（不超过 {max} 字）。",
        "Fill this in (at most {max} characters).";
    SupervisionInterviewAction = "supervision.interview_action", Invalid,
        "未知操作。",
        "Unknown action.";
    SupervisionInterviewDate = "supervision.interview_date", Invalid,
        "{reason}",
        "{reason}";
    SupervisionInterviewState = "supervision.interview_state", Conflict,
        "{reason}",
        "{reason}";
    SupervisionInterviewText = "supervision.interview_text", Invalid,
        "请填写内容（不超过 2000 字）。",
        "Fill this in (at most 2,000 characters).";
    SupervisionMonth = "supervision.month", Invalid,
        "月份格式应为 YYYY-MM，例如 2024-03。",
        "The month must read YYYY-MM, e.g. 2024-03.";
    SupervisionMonthFuture = "supervision.month_future", Invalid,
        "不能考核尚未开始的月份。",
        "A month that has not begun cannot be assessed.";
    SupervisionNoScheme = "supervision.no_scheme", Conflict,
        "{month} 没有施行中的考核方案，请先配置考核方案。",
        "No scoring scheme is in force for {month}; configure one first.";
    SupervisionQuarter = "supervision.quarter", Invalid,
        "{reason}",
        "{reason}";
    SupervisionSchemeAssessed = "supervision.scheme_assessed", Conflict,
        "{effective_month} 及以后已有月度考核结果，新方案只能自尚未考核的月份起施行。",
        "Months from {effective_month} on are already assessed; a new scheme can only take effect from a month not yet assessed.";
    SupervisionSchemeBottom = "supervision.scheme_bottom", Invalid,
        "末位约谈数量须为 0–20。",
        "The number of bottom-ranked bodies interviewed must be 0–20.";
    SupervisionSchemeEmpty = "supervision.scheme_empty", Invalid,
        "至少一项指标的权重须大于 0。",
        "At least one indicator needs a weight above 0.";
    SupervisionSchemeIndicator = "supervision.scheme_indicator", Invalid,
        "未知的考核指标：{code}。",
        "Unknown indicator: {code}.";
    SupervisionSchemeNote = "supervision.scheme_note", Invalid,
        "说明不超过 500 字。",
        "The note is limited to 500 characters.";
    SupervisionSchemeWeight = "supervision.scheme_weight", Invalid,
        "{reason}",
        "{reason}";
    TaskCardDomain = "task.card_domain", Invalid,
        "“{card_domain}”不是{name}的执法领域{domains}。",
        "{card_domain:?} is not an enforcement domain of {name}{domains}";
    TaskDepartments = "task.departments", Invalid,
        "{reason}",
        "{reason}";
    TaskDomain = "task.domain", Invalid,
        "请选择抽查领域。",
        "Choose the supervision domain.";
    TaskForm = "task.form", Invalid,
        "{reason}",
        "{reason}";
    TaskLead = "task.lead", Invalid,
        "牵头部门须为计划所属部门。",
        "The lead department must be the plan's department.";
    TaskMatter = "task.matter", Invalid,
        "检查事项 {code} 不是{name}已公布的行政检查事项。",
        "{code} is not a published inspection item of {name}.";
    TaskMatters = "task.matters", Invalid,
        "请为{name}选择至少一项检查事项。",
        "Choose at least one inspection matter for {name}.";
    TaskNoCandidates = "task.no_candidates", Conflict,
        "名录库中没有符合条件的“{domain}”监管对象，无法抽取。",
        "The directory has no subject of {domain:?} matching the filter.";
    TaskNotDrawn = "task.not_drawn", Conflict,
        "该任务尚未抽取，没有可导出的抽取记录。",
        "The task has not been drawn yet: there is no draw to export.";
    TaskOpen = "task.open", Conflict,
        "还有 {open} 个检查对象未录入结果。",
        "{open} inspections have no result yet.";
    TaskPublishDate = "task.publish_date", Invalid,
        "公示日期不能早于办结日期。",
        "The publication date cannot precede completion.";
    TaskQuotas = "task.quotas", Invalid,
        "请为 A、B、C、D 四个风险等级各设抽查比例或数量。",
        "Give a ratio or count for each risk grade A, B, C and D.";
    TaskState = "task.state", Conflict,
        "{reason}",
        "{reason}";
    TaskTeamSize = "task.team_size", Invalid,
        "检查组至少两名执法人员（每个参与部门 1–10 名）。",
        "A team needs at least two officers (1–10 per department).";
    TaskTitle = "task.title", Invalid,
        "请填写任务名称（不超过 100 字）。",
        "Enter the task title (at most 100 characters).";
    TaskWindow = "task.window", Invalid,
        "执行期限须在计划年度（{year}年）内开始，且结束日不早于开始日。",
        "The window must start within the plan's year ({year}) and end on or after its start.";
    TrainingRange = "training.range", Invalid,
        "年度须在 2000–2100 之间，学时须在 0–2000 之间。",
        "The year must be 2000–2100 and the hours 0–2000.";
    TrainingScore = "training.score", Invalid,
        "考试成绩须在 0–100 之间。",
        "The exam score must be 0–100.";
    UploadMalformed = "upload.malformed", Invalid,
        "{reason}",
        "{reason}";
    UploadMissing = "upload.missing", Invalid,
        "请选择要上传的 Excel 文件。",
        "Choose the Excel file to upload.";
    UploadTooLarge = "upload.too_large", Invalid,
        "上传文件超过 {max} MB 上限，未导入任何数据。请拆分后分批上传。",
        "The upload exceeds the {max} MB limit; nothing was imported. Split it and upload in parts.";
    UserDepartment = "user.department", Invalid,
        "该角色必须属于一个部门。",
        "This role needs a department.";
    UserDisplayName = "user.display_name", Invalid,
        "请填写姓名。",
        "Enter the person's name.";
    UserExists = "user.exists", Conflict,
        "用户名“{username}”已被使用。",
        "The username {username:?} is taken.";
    UserRole = "user.role", Invalid,
        "{reason}",
        "{reason}";
    UserScope = "user.scope", Invalid,
        "{reason}",
        "{reason}";
    UserUsername = "user.username", Invalid,
        "用户名只能包含字母、数字、下划线、点和短横线，长度 1–64。",
        "Usernames use letters, digits, '_', '.' and '-', 1–64 characters.";
    DecisionsInvalid = "decisions.invalid", Invalid,
        "{reason}",
        "{reason}";
    DecisionsRefused = "decisions.refused", Conflict,
        "{reason}",
        "{reason}";
    CounselInvalid = "counsel.invalid", Invalid,
        "{reason}",
        "{reason}";
    CounselRefused = "counsel.refused", Conflict,
        "{reason}",
        "{reason}";
    NormativeInvalid = "normative.invalid", Invalid,
        "{reason}",
        "{reason}";
    NormativeRefused = "normative.refused", Conflict,
        "{reason}",
        "{reason}";
    MediationInvalid = "mediation.invalid", Invalid,
        "{reason}",
        "{reason}";
    MediationRefused = "mediation.refused", Conflict,
        "{reason}",
        "{reason}";
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeSet, HashSet};

    #[test]
    fn code_strings_are_unique() {
        let mut seen = HashSet::new();
        for c in Code::ALL {
            assert!(
                seen.insert(c.as_str()),
                "{} is in the catalog twice",
                c.as_str()
            );
        }
    }

    #[test]
    fn code_strings_have_the_public_shape() {
        // `area.what`, lower case, digits allowed after the first dot.
        for c in Code::ALL {
            let s = c.as_str();
            let mut parts = s.split('.');
            let head = parts.next().unwrap_or_default();
            assert!(
                !head.is_empty() && head.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'),
                "{s}"
            );
            let mut n = 0;
            for p in parts {
                n += 1;
                assert!(
                    !p.is_empty()
                        && p.chars()
                            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_'),
                    "{s}"
                );
            }
            assert!(n >= 1, "{s} has no area");
        }
    }

    #[test]
    fn both_templates_have_the_same_placeholders() {
        for c in Code::ALL {
            let zh: BTreeSet<_> = placeholders(c.zh()).into_iter().collect();
            let en: BTreeSet<_> = placeholders(c.en()).into_iter().collect();
            assert_eq!(zh, en, "{}", c.as_str());
            for p in zh {
                assert!(
                    !p.is_empty() && p.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'),
                    "{}: placeholder {{{p}}}",
                    c.as_str()
                );
            }
        }
    }

    #[test]
    fn rendering_fills_placeholders() {
        let fill = |n: &str| match n {
            "max" => Some("20"),
            "s" => Some("a\"b"),
            _ => None,
        };
        assert_eq!(render("至多 {max} MB", fill), "至多 20 MB");
        assert_eq!(render("bad {s:?}", fill), "bad \"a\\\"b\"");
        assert_eq!(render("{{\"text\"}} {max}", fill), "{\"text\"} 20");
        assert_eq!(render("keep {other}", fill), "keep {other}");
        let e = crate::Error::of(Code::UploadTooLarge)
            .for_field("file")
            .arg("max", 20);
        assert_eq!(e.code(), "upload.too_large");
        assert_eq!(e.field(), Some("file"));
        assert!(e.message_zh().contains("20 MB"), "{}", e.message_zh());
        assert!(e.message_en().contains("20 MB"), "{}", e.message_en());
        assert_eq!(e.to_string(), e.message_en());
        let e = crate::Error::of(Code::DispatchNote)
            .for_field("note")
            .arg_zh_en("what", "退回理由", "reason for returning");
        assert!(e.message_zh().contains("退回理由"));
        assert!(e.message_en().contains("reason for returning"));
    }

    #[test]
    fn verbatim_text_reads_no_placeholders() {
        let t = Text::verbatim("含 {x} 的".into(), "with {x}".into());
        assert_eq!(t.zh(), "含 {x} 的");
        assert_eq!(t.en(), "with {x}");
    }

    /// Every variant is named somewhere in the workspace's source outside this file, so the
    /// catalog holds no dead codes.
    #[test]
    fn every_code_is_used() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut source = String::new();
        let mut dirs = vec![root];
        while let Some(d) = dirs.pop() {
            for entry in std::fs::read_dir(&d).expect("read dir").flatten() {
                let p = entry.path();
                let name = entry.file_name();
                if p.is_dir() && name != "target" && !name.to_string_lossy().starts_with('.') {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("error/codes.rs")
                {
                    source.push_str(&std::fs::read_to_string(&p).unwrap_or_default());
                }
            }
        }
        let unused: Vec<_> = Code::ALL
            .iter()
            .filter(|c| {
                let needle = format!("Code::{}", c.name());
                !source.match_indices(&needle).any(|(i, _)| {
                    !source[i + needle.len()..]
                        .starts_with(|ch: char| ch.is_ascii_alphanumeric() || ch == '_')
                })
            })
            .map(|c| c.name())
            .collect();
        assert!(unused.is_empty(), "unused codes: {unused:?}");
    }
}
