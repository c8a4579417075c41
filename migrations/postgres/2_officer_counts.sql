-- Officers per department, kept with every officer write, so that list totals and the
-- department tree need no count over the whole officer table.
ALTER TABLE departments ADD COLUMN officer_count BIGINT NOT NULL DEFAULT 0;
UPDATE departments SET officer_count = (SELECT COUNT(*) FROM officers o WHERE o.department_id = departments.id);
CREATE INDEX officers_region ON officers (region_code, id);
