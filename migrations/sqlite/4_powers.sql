-- Power and responsibility list (权责清单): items, adjustment proposals, published versions.
-- Versions are stored as revisions (one row per item changed by a version), so a version of
-- 5,000 items costs only its changes and any version is reproduced by "latest revision <= N".

CREATE TABLE power_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    department_id BIGINT NOT NULL REFERENCES departments(id),
    -- 'pending' (proposed, never published), 'active', 'cancelled'
    status TEXT NOT NULL,
    -- The whole item as JSON (sub-items, basis codes, duties, violations…): what versions snapshot.
    body TEXT NOT NULL,
    -- Keyword search text: code, name, sub-items, basis citation.
    search_text TEXT NOT NULL DEFAULT '',
    published_version BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (region_code, code)
);
CREATE INDEX power_items_dept ON power_items (department_id, status, code);
-- Covering index of the list filters in code order: counting and keyword search read the
-- narrow index instead of the rows (whose body JSON is large), and a page fetches 20 bodies.
CREATE INDEX power_items_list ON power_items (region_code, code, status, category, department_id, search_text);

CREATE TABLE power_proposals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    department_id BIGINT NOT NULL REFERENCES departments(id),
    item_id BIGINT REFERENCES power_items(id),
    -- 'add', 'change', 'cancel'
    kind TEXT NOT NULL,
    -- 'new_law', 'amendment', 'repeal', 'mandate'
    reason_kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    evidence TEXT NOT NULL DEFAULT '',
    -- The proposed item (JSON), empty for a cancellation.
    body TEXT NOT NULL DEFAULT '',
    -- 'draft', 'submitted', 'returned', 'approved', 'published', 'withdrawn'
    status TEXT NOT NULL,
    origin TEXT NOT NULL DEFAULT 'manual',
    created_by TEXT NOT NULL DEFAULT '',
    review_note TEXT NOT NULL DEFAULT '',
    reviewed_by TEXT NOT NULL DEFAULT '',
    version_id BIGINT,
    created_at BIGINT NOT NULL,
    submitted_at BIGINT,
    reviewed_at BIGINT,
    updated_at BIGINT NOT NULL
);
CREATE INDEX power_proposals_status ON power_proposals (region_code, status, id);
CREATE INDEX power_proposals_dept ON power_proposals (department_id, status, id);
CREATE INDEX power_proposals_item ON power_proposals (item_id, status);
CREATE INDEX power_proposals_version ON power_proposals (version_id);

CREATE TABLE power_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    number BIGINT NOT NULL,
    published_on TEXT NOT NULL,
    published_at BIGINT NOT NULL,
    published_by TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    item_count BIGINT NOT NULL,
    adjustments BIGINT NOT NULL,
    UNIQUE (region_code, number)
);

CREATE TABLE power_revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    item_id BIGINT NOT NULL REFERENCES power_items(id),
    version_number BIGINT NOT NULL,
    -- 'add', 'change', 'cancel'
    op TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX power_revisions_item ON power_revisions (item_id, version_number);
CREATE INDEX power_revisions_version ON power_revisions (region_code, version_number);
