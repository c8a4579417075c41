-- Version counters of what server instances cache (calendar, corpus): bumped with each change,
-- compared by every instance, so an edit on one reaches all (crates/core/src/db/versions.rs).
CREATE TABLE cache_versions (
    name TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO cache_versions (name, version) VALUES ('calendar', 0), ('corpus', 0);
