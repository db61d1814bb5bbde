-- Version 25: the 催收与追偿记录 of a guarantee, issued when what it holds changed (issue 10):
-- numbered, digested, sealed and sent to head office like the other documents. `basis_sha256`
-- is the digest of the facts it holds, to tell whether a new one is called for.
CREATE TABLE collection_records (
    id              INTEGER PRIMARY KEY,
    guarantee_id    INTEGER NOT NULL REFERENCES guarantees(id),
    document_no     TEXT NOT NULL UNIQUE,
    issued_on       TEXT NOT NULL CHECK (date(issued_on) = issued_on),
    basis_sha256    TEXT NOT NULL CHECK (length(basis_sha256) = 64),
    content         TEXT NOT NULL,
    content_sha256  TEXT NOT NULL CHECK (length(content_sha256) = 64),
    pdf             BLOB NOT NULL,
    pdf_sha256      TEXT NOT NULL CHECK (length(pdf_sha256) = 64),
    seal            TEXT NOT NULL,
    generated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX collection_records_guarantee ON collection_records(guarantee_id, id);

CREATE TRIGGER collection_records_fixed BEFORE UPDATE ON collection_records
BEGIN
    SELECT RAISE(ABORT, 'a collection record is not changed once issued');
END;

CREATE TRIGGER collection_records_to_outbox AFTER INSERT ON collection_records
BEGIN
    INSERT INTO outbox (kind, guarantee_id, document_date, document_no, queued_at)
    VALUES ('collection_record', NEW.guarantee_id, NEW.issued_on, NEW.document_no, NEW.generated_at);
END;
