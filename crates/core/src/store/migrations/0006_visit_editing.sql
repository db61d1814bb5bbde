-- Version 6: visits edited field by field on the laptop, frozen on completion, corrected in
-- versions; the report's own date apart from the visit's completion.

-- The day the 保后检查表 was written and signed (the report task is done then). Visits completed
-- before this version had their report the day they were completed.
ALTER TABLE visits ADD COLUMN reported_on TEXT
    CHECK (reported_on IS NULL OR date(reported_on) = reported_on);
UPDATE visits SET reported_on = substr(completed_at, 1, 10) WHERE completed_at IS NOT NULL;
-- The checklist template version the visit was started from.
ALTER TABLE visits ADD COLUMN template_version TEXT;
-- The task kind the visit was started from (periodic_check, emergency_check, ...), if any.
ALTER TABLE visits ADD COLUMN started_from TEXT;
-- 1 for the first completion; each correction adds one (visit_versions keeps the earlier ones).
ALTER TABLE visits ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE visits ADD COLUMN correction_reason TEXT;
-- 借款人确认意见: taken on the laptop once the checklist is complete, never before.
ALTER TABLE visits ADD COLUMN borrower_confirmed_by TEXT;
ALTER TABLE visits ADD COLUMN borrower_confirmed_at TEXT;
ALTER TABLE visits ADD COLUMN updated_at TEXT;

-- The template item as it was asked (options, abnormal answers, hint), JSON.
ALTER TABLE checklist_answers ADD COLUMN item TEXT;

-- Text the officer confirmed although it repeats the last report word for word.
CREATE TABLE visit_text_confirmations (
    visit_id  INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    field     TEXT NOT NULL,
    sha256    TEXT NOT NULL CHECK (length(sha256) = 64),
    PRIMARY KEY (visit_id, field)
) STRICT;

-- Signals the rules proposed that the officer judged not to apply, with the reason.
CREATE TABLE signal_dismissals (
    visit_id      INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    code          TEXT NOT NULL,
    reason        TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    dismissed_at  TEXT NOT NULL,
    PRIMARY KEY (visit_id, code)
) STRICT;

-- Earlier versions of a visit, frozen as they were completed, with why they were reopened.
CREATE TABLE visit_versions (
    id             INTEGER PRIMARY KEY,
    visit_id       INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    version        INTEGER NOT NULL,
    completed_at   TEXT NOT NULL,
    reopened_at    TEXT NOT NULL,
    reason         TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    snapshot       TEXT NOT NULL,
    UNIQUE (visit_id, version)
) STRICT;

-- The engine's window reads the report date instead of the completion time.
DROP INDEX visits_window;
CREATE INDEX visits_window ON visits(visit_date, guarantee_id, id, kind, method, status, reported_on);
