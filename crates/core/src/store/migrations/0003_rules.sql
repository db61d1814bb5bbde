-- Version 3: what the rules engine reads besides visits and signals.

-- The day the company paid the bank (代偿); the after-compensation deadlines run from it.
ALTER TABLE guarantees ADD COLUMN compensated_on TEXT
    CHECK (compensated_on IS NULL OR date(compensated_on) = compensated_on);

-- Computed tasks done without a visit to show it: a notice sent, a review or plan filed, a
-- signal reported. Officer-level tasks (the quarterly visit plan) have no guarantee.
CREATE TABLE task_completions (
    id            INTEGER PRIMARY KEY,
    guarantee_id  INTEGER REFERENCES guarantees(id),
    officer_id    INTEGER REFERENCES officers(id),
    kind          TEXT NOT NULL,
    anchor        TEXT NOT NULL,
    done_on       TEXT NOT NULL CHECK (date(done_on) = done_on),
    note          TEXT,
    CHECK (guarantee_id IS NOT NULL OR officer_id IS NOT NULL)
) STRICT;
CREATE INDEX task_completions_guarantee ON task_completions(guarantee_id);

-- Stock reports of pledged goods between visits (warehouse supervisor, phone, on-site).
CREATE TABLE stock_reports (
    id                    INTEGER PRIMARY KEY,
    counter_guarantee_id  INTEGER NOT NULL REFERENCES counter_guarantees(id) ON DELETE CASCADE,
    reported_on           TEXT NOT NULL CHECK (date(reported_on) = reported_on),
    quantity              TEXT NOT NULL,
    source                TEXT NOT NULL CHECK (source IN ('warehouse', 'on_site', 'phone')),
    reporter              TEXT,
    note                  TEXT
) STRICT;
CREATE INDEX stock_reports_counter ON stock_reports(counter_guarantee_id, reported_on);

-- The engine asks for the latest on-site visit before a day, and for recent and draft visits.
CREATE INDEX visits_on_site ON visits(guarantee_id, method, visit_date);
CREATE INDEX visits_date ON visits(visit_date);
CREATE INDEX visits_drafts ON visits(guarantee_id) WHERE status = 'draft';
