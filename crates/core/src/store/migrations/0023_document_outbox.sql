-- Version 23: the outbox also carries the notices, the release confirmations and the withdrawal
-- forms (and, from version 25, the collection records) to head office (issue 10), like the
-- 保后检查表. A report's entry names its visit and
-- version; a document's names its kind, guarantee, number and day. Documents issued before this
-- version are queued with the next sync.
CREATE TABLE outbox_new (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT 'inspection_report'
        CHECK (kind IN ('inspection_report', 'notice', 'release', 'withdrawal', 'collection_record')),
    visit_id INTEGER REFERENCES visits(id),
    visit_version INTEGER,
    guarantee_id INTEGER REFERENCES guarantees(id),
    document_date TEXT CHECK (document_date IS NULL OR date(document_date) = document_date),
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
    UNIQUE (visit_id, visit_version),
    CHECK ((kind = 'inspection_report') = (visit_id IS NOT NULL AND visit_version IS NOT NULL)),
    CHECK (kind = 'inspection_report'
           OR (guarantee_id IS NOT NULL AND document_no IS NOT NULL AND document_date IS NOT NULL))
);
INSERT INTO outbox_new (id, visit_id, visit_version, state, document_no, attempts,
    next_attempt_at, last_error, bytes_total, bytes_done, queued_at, sent_at)
SELECT id, visit_id, visit_version, state, document_no, attempts, next_attempt_at, last_error,
    bytes_total, bytes_done, queued_at, sent_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_state ON outbox(state, next_attempt_at);
CREATE UNIQUE INDEX outbox_document ON outbox(document_no) WHERE kind <> 'inspection_report';

INSERT INTO outbox (kind, guarantee_id, document_date, document_no, queued_at)
SELECT 'notice', guarantee_id, issued_on, document_no, generated_at FROM notices;
INSERT INTO outbox (kind, guarantee_id, document_date, document_no, queued_at)
SELECT 'release', guarantee_id, released_on, document_no, generated_at FROM releases;
INSERT INTO outbox (kind, guarantee_id, document_date, document_no, queued_at)
SELECT 'withdrawal', guarantee_id, proposed_on, document_no, generated_at FROM withdrawals;

-- Each document issued from now on is queued in the transaction that records it.
CREATE TRIGGER notices_to_outbox AFTER INSERT ON notices
BEGIN
    INSERT INTO outbox (kind, guarantee_id, document_date, document_no, queued_at)
    VALUES ('notice', NEW.guarantee_id, NEW.issued_on, NEW.document_no, NEW.generated_at);
END;
CREATE TRIGGER releases_to_outbox AFTER INSERT ON releases
BEGIN
    INSERT INTO outbox (kind, guarantee_id, document_date, document_no, queued_at)
    VALUES ('release', NEW.guarantee_id, NEW.released_on, NEW.document_no, NEW.generated_at);
END;
CREATE TRIGGER withdrawals_to_outbox AFTER INSERT ON withdrawals
BEGIN
    INSERT INTO outbox (kind, guarantee_id, document_date, document_no, queued_at)
    VALUES ('withdrawal', NEW.guarantee_id, NEW.proposed_on, NEW.document_no, NEW.generated_at);
END;
