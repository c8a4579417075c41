-- What the penalty procedure still lacked (issue 14, item 5 and finding A16).
-- The approved extension of the filing period (市场监督管理行政处罚程序规定 第十八条: 经负责人
-- 批准可以延长十五个工作日; the length is the body's procedure parameter).
ALTER TABLE cases ADD COLUMN filing_extended BIGINT NOT NULL DEFAULT 0;
-- Time not counted in the periods (同规定 第十八条 第二款 for filing: 检测、检验、检疫、鉴定、权利人
-- 辨认或者鉴别; 第六十四条 for the decision: also 听证、公告、责令退还多收价款): working days
-- taken out of the filing period, calendar days out of the decision period.
ALTER TABLE cases ADD COLUMN excluded_filing_wd BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN excluded_decision_days BIGINT NOT NULL DEFAULT 0;
-- 行政强制法 第五十四条: the day the 催告书 was served; 第五十三条: the day the application to
-- the court was filed.
ALTER TABLE cases ADD COLUMN urged_on TEXT;
ALTER TABLE cases ADD COLUMN court_applied_on TEXT;
-- The party as a registered subject (统一社会信用代码 of the subject registry), when it is one.
ALTER TABLE cases ADD COLUMN party_subject_code TEXT NOT NULL DEFAULT '';
CREATE TABLE case_excluded_periods (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    -- 'filing' | 'decision'
    phase TEXT NOT NULL,
    -- ExcludedKind: 'testing' | 'inspection' | 'quarantine' | 'appraisal' | 'identification'
    -- | 'hearing' | 'announcement' | 'refund'
    kind TEXT NOT NULL,
    from_on TEXT NOT NULL,
    to_on TEXT NOT NULL,
    -- the days taken out: working days (filing) or calendar days (decision)
    counted BIGINT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX case_excluded_periods_case ON case_excluded_periods (case_id);
-- 回避 (行政处罚法 第四十三条): the application or the officer's own withdrawal, the head's
-- decision, and the officer who took the place of a recused one.
CREATE TABLE case_recusals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    officer_id BIGINT NOT NULL,
    -- 'party' (申请回避) | 'officer' (自行回避) | 'head' (决定回避)
    raised_by TEXT NOT NULL,
    reason TEXT NOT NULL,
    granted BIGINT NOT NULL,
    replacement_id BIGINT,
    decided_on TEXT NOT NULL,
    decided_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX case_recusals_case ON case_recusals (case_id);
