-- Version 33: the quarterly analysis report (季度保后分析报告, seed 000 "每季…写出全面的分析报告…送交
-- 贷款人一份"): once per guarantee and quarter, numbered, digested, sealed and sent to head office
-- like the other documents. The outbox learns the new kind (its CHECK is rebuilt as in version 23).
CREATE TABLE quarterly_reports (
    id              INTEGER PRIMARY KEY,
    guarantee_id    INTEGER NOT NULL REFERENCES guarantees(id),
    quarter         TEXT NOT NULL CHECK (quarter GLOB '[0-9][0-9][0-9][0-9]Q[1-4]'),
    document_no     TEXT NOT NULL UNIQUE,
    issued_on       TEXT NOT NULL CHECK (date(issued_on) = issued_on),
    content         TEXT NOT NULL,
    content_sha256  TEXT NOT NULL CHECK (length(content_sha256) = 64),
    pdf             BLOB NOT NULL,
    pdf_sha256      TEXT NOT NULL CHECK (length(pdf_sha256) = 64),
    seal            TEXT NOT NULL,
    generated_at    TEXT NOT NULL,
    UNIQUE (guarantee_id, quarter)
) STRICT;

CREATE TRIGGER quarterly_reports_fixed BEFORE UPDATE ON quarterly_reports
BEGIN
    SELECT RAISE(ABORT, 'a quarterly report is not changed once issued');
END;

-- The triggers that queue documents name the outbox: they go while it is rebuilt.
DROP TRIGGER collection_records_to_outbox;
DROP TRIGGER notices_to_outbox;
DROP TRIGGER releases_to_outbox;
DROP TRIGGER withdrawals_to_outbox;

CREATE TABLE outbox_new (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT 'inspection_report'
        CHECK (kind IN ('inspection_report', 'notice', 'release', 'withdrawal', 'collection_record',
                        'quarterly_report')),
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
INSERT INTO outbox_new SELECT * FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_state ON outbox(state, next_attempt_at);
CREATE UNIQUE INDEX outbox_document ON outbox(document_no) WHERE kind <> 'inspection_report';

CREATE TRIGGER collection_records_to_outbox AFTER INSERT ON collection_records
BEGIN
    INSERT INTO outbox (kind, guarantee_id, document_date, document_no, queued_at)
    VALUES ('collection_record', NEW.guarantee_id, NEW.issued_on, NEW.document_no, NEW.generated_at);
END;
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
CREATE TRIGGER quarterly_reports_to_outbox AFTER INSERT ON quarterly_reports
BEGIN
    INSERT INTO outbox (kind, guarantee_id, document_date, document_no, queued_at)
    VALUES ('quarterly_report', NEW.guarantee_id, NEW.issued_on, NEW.document_no, NEW.generated_at);
END;
