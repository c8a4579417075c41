-- Procedure parameters per department (docs/law-in-force.md): figures the penalty law leaves to
-- other rules, entered by the Justice Bureau with their source and first day. Rows are never
-- updated: a later row for the same body and key applies from its own date.
CREATE TABLE procedure_params (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    department_id BIGINT REFERENCES departments(id),
    param_key TEXT NOT NULL,
    value BIGINT NOT NULL,
    effective_from TEXT NOT NULL,
    source TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_at BIGINT NOT NULL
);
CREATE INDEX procedure_params_lookup ON procedure_params (region_code, param_key, effective_from);
