-- Work orders and dispatch (工单分拨派转, issue 9).
-- An order moves received → dispatched → accepted | returned → handled → replied → closed
-- (or merged into another order); every step is a row of work_order_events.

CREATE TABLE work_orders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    -- 工单编号 (the 12345 number when imported, otherwise generated).
    order_no TEXT NOT NULL,
    -- 'hotline', 'portal', 'api', 'import', 'inspection', 'transfer'
    source TEXT NOT NULL,
    -- 'complaint' 投诉, 'report' 举报, 'consult' 咨询, 'help' 求助, 'suggest' 建议
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    caller TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    received_at BIGINT NOT NULL,
    -- 'received', 'dispatched', 'accepted', 'returned', 'handled', 'replied', 'closed', 'merged'
    status TEXT NOT NULL,
    department_id BIGINT REFERENCES departments(id),
    power_code TEXT NOT NULL DEFAULT '',
    suggested_department_id BIGINT REFERENCES departments(id),
    suggested_power_code TEXT NOT NULL DEFAULT '',
    -- Classifier confidence in permille.
    confidence BIGINT NOT NULL DEFAULT 0,
    -- The classifier's explanation (JSON).
    explanation TEXT NOT NULL DEFAULT '{}',
    needs_human BIGINT NOT NULL DEFAULT 0,
    dispatched_at BIGINT,
    accept_due TEXT,
    due_date TEXT,
    due_confirmed BIGINT NOT NULL DEFAULT 1,
    accepted_at BIGINT,
    handled_at BIGINT,
    replied_at BIGINT,
    closed_at BIGINT,
    reply TEXT NOT NULL DEFAULT '',
    rating BIGINT,
    return_count BIGINT NOT NULL DEFAULT 0,
    redispatch_count BIGINT NOT NULL DEFAULT 0,
    merged_into BIGINT REFERENCES work_orders(id),
    -- Normalised address, for finding duplicates about the same place.
    place_key TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (region_code, order_no)
);
CREATE INDEX work_orders_status ON work_orders (region_code, status, received_at);
CREATE INDEX work_orders_dept ON work_orders (department_id, status, received_at);
CREATE INDEX work_orders_place ON work_orders (region_code, place_key, received_at);
CREATE INDEX work_orders_due ON work_orders (status, due_date);

CREATE TABLE work_order_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    order_id BIGINT NOT NULL REFERENCES work_orders(id),
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    -- 'receive', 'classify', 'dispatch', 'accept', 'return', 'redispatch', 'handle', 'reply',
    -- 'close', 'merge'
    action TEXT NOT NULL,
    department_id BIGINT REFERENCES departments(id),
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX work_order_events_order ON work_order_events (order_id, id);

-- Dispatchers' corrections and departments' confirmations: the classifier's learned part.
-- Every instance replays the rows it has not seen yet, so all instances agree without a restart.
CREATE TABLE dispatch_feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    order_id BIGINT REFERENCES work_orders(id),
    text TEXT NOT NULL,
    department_id BIGINT NOT NULL REFERENCES departments(id),
    -- 'accepted' (+1), 'corrected' (+3: override or re-dispatch), 'returned' (-1)
    kind TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX dispatch_feedback_region ON dispatch_feedback (region_code, id);
