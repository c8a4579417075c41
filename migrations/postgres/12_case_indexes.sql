-- Indexes measured on 1,000,000 cases (docs/BENCHMARKS.md): stage filters within the district
-- or a department tree, and the head's list of decisions whose disclosure is overdue (a
-- partial index: only unpublished penalty decisions).
CREATE INDEX cases_region_stage ON cases (region_code, stage, id);
CREATE INDEX cases_dept_stage ON cases (department_id, stage, id);
CREATE INDEX cases_disclosure_pending ON cases (region_code, disclosure_due) WHERE outcome = 'penalty' AND disclosed_on IS NULL;
