-- The law in force (docs/law-in-force.md): what the daily currency run found and when it ran.
-- A flag marks a record (a power item, a leniency entry, an open case) citing a provision that
-- has left force, is displaced by a higher law, or will leave force within 30 days.
CREATE TABLE law_currency_flags (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    code TEXT NOT NULL,
    lapse TEXT NOT NULL,
    since TEXT NOT NULL,
    successor TEXT NOT NULL DEFAULT '',
    message TEXT NOT NULL,
    proposal_id BIGINT,
    opened_at BIGINT NOT NULL,
    UNIQUE (region_code, object_type, object_id, code, lapse)
);
CREATE INDEX law_currency_flags_object ON law_currency_flags (region_code, object_type, object_id);

CREATE TABLE law_currency_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    run_on TEXT NOT NULL,
    items INTEGER NOT NULL,
    proposals INTEGER NOT NULL,
    flags INTEGER NOT NULL,
    ran_at BIGINT NOT NULL,
    UNIQUE (region_code, run_on)
);
