-- Version 11: the outbox of reports for head office. Completing a visit queues its version;
-- reopening it drops the queued entry (the corrected version is queued when completed again).
-- An entry is `sent` only once head office said every file arrived and verified.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id),
    visit_version INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued'
        CHECK (state IN ('queued', 'sending', 'sent', 'rejected')),
    document_no TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error TEXT,
    bytes_total INTEGER NOT NULL DEFAULT 0,
    bytes_done INTEGER NOT NULL DEFAULT 0,
    queued_at TEXT NOT NULL,
    sent_at TEXT,
    UNIQUE (visit_id, visit_version)
);
CREATE INDEX outbox_state ON outbox(state, next_attempt_at);
