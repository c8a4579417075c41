-- Facts the legal review of 2026-12 asked the cases to record.
-- A4: an express waiver of the hearing, apart from the waiver of 陈述、申辩 (行政处罚法
-- 第六十二条 covers only the latter; 第六十三条、第六十四条（一） give the hearing right).
ALTER TABLE cases ADD COLUMN hearing_waived BIGINT NOT NULL DEFAULT 0;
-- A6: 简易程序: the party was told on the spot and heard, or expressly waived (第四十四条、第六十二条).
ALTER TABLE cases ADD COLUMN spot_notice_given BIGINT NOT NULL DEFAULT 0;
-- A9: the day the party is taken to have received the decision (第六十七条 第三款): the
-- return-receipt date for post, publication + 30 days for 公告送达 (民事诉讼法 第九十五条).
ALTER TABLE cases ADD COLUMN received_on TEXT;
-- ServiceMethod stored name ('' before service or for cases served before this column).
ALTER TABLE cases ADD COLUMN service_method TEXT NOT NULL DEFAULT '';
-- A5: the head's decision on the late-payment surcharge (第七十二条 第一款 "可以"):
-- '' (the full surcharge) | 'waived' | 'reduced'; the reduced amount; the reason.
ALTER TABLE cases ADD COLUMN surcharge_decision TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN surcharge_decided_fen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN surcharge_reason TEXT NOT NULL DEFAULT '';
-- A5: periods that stop the surcharge (第七十三条 第三款: 复议、诉讼期间) and approved
-- 暂缓 / 分期 payment (第六十六条 第二款), which move the due date.
CREATE TABLE case_payment_periods (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    -- 'reconsideration' | 'litigation' | 'deferral' | 'instalments'
    kind TEXT NOT NULL,
    from_on TEXT NOT NULL,
    -- the last day (inclusive); for 暂缓/分期, the new due date
    to_on TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX case_payment_periods_case ON case_payment_periods (case_id);
