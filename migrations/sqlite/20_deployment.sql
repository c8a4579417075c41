-- Issue 16 item 2: what a district needs beyond the demo.

-- An officer moved between departments keeps one officers row (cards, cases and accounts stay
-- with the person); each move is a row here: from which department to which, from what date,
-- who moved them and why. The officer's current department is officers.department_id.
CREATE TABLE officer_department_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    officer_id BIGINT NOT NULL REFERENCES officers(id),
    from_department_id BIGINT NOT NULL REFERENCES departments(id),
    to_department_id BIGINT NOT NULL REFERENCES departments(id),
    -- ISO date the officer serves in the new department from (the old service ends the day before).
    effective_on TEXT NOT NULL,
    -- The account that moved them (also in the audit chain).
    moved_by BIGINT,
    reason TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX officer_department_history_officer ON officer_department_history (officer_id, id);

-- Where a body's fines are paid (行政处罚法 第六十七条 第三款: 到指定的银行或者通过电子支付系统缴纳),
-- entered by the body's department administrator. Rows are never updated: a change is a new row
-- with its effective date, and a decision prints the row in effect on its decision date.
CREATE TABLE department_payment_details (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    department_id BIGINT NOT NULL REFERENCES departments(id),
    -- 代收银行
    bank TEXT NOT NULL,
    -- 户名
    account_name TEXT NOT NULL,
    -- 账号
    account_no TEXT NOT NULL,
    -- 执收单位编码 (非税收入)
    revenue_code TEXT NOT NULL,
    effective_on TEXT NOT NULL,
    -- The account that entered them (also in the audit chain).
    entered_by BIGINT,
    entered_at BIGINT NOT NULL
);
CREATE INDEX department_payment_details_dept ON department_payment_details (department_id, effective_on);

CREATE INDEX users_officer ON users (officer_id);
