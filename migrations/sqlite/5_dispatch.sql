-- Work orders and dispatch (issue 9): written by the dispatch module.
CREATE TABLE dispatch_placeholder (id BIGINT PRIMARY KEY);
