-- Version 19: notices to the borrower (通知书), issue 10.
--
-- Each notice as issued: its number, canonical content (JSON) and digest, the PDF and the
-- laptop's seal; then its delivery and, for an overdue notice, the signed receipt (回执).
CREATE TABLE notices (
    id              INTEGER PRIMARY KEY,
    guarantee_id    INTEGER NOT NULL REFERENCES guarantees(id),
    kind            TEXT NOT NULL CHECK (kind IN ('maturity', 'repayment_reminder', 'overdue')),
    overdue_id      INTEGER REFERENCES overdues(id),
    document_no     TEXT NOT NULL UNIQUE,
    issued_on       TEXT NOT NULL CHECK (date(issued_on) = issued_on),
    content         TEXT NOT NULL,
    content_sha256  TEXT NOT NULL CHECK (length(content_sha256) = 64),
    pdf             BLOB NOT NULL,
    pdf_sha256      TEXT NOT NULL CHECK (length(pdf_sha256) = 64),
    seal            TEXT NOT NULL,
    generated_at    TEXT NOT NULL,
    delivered_on    TEXT CHECK (delivered_on IS NULL OR (date(delivered_on) = delivered_on AND delivered_on >= issued_on)),
    delivery_method TEXT CHECK (delivery_method IS NULL OR delivery_method IN ('in_person', 'post', 'electronic')),
    delivery_note   TEXT,
    receipt_on      TEXT CHECK (receipt_on IS NULL OR (date(receipt_on) = receipt_on AND receipt_on >= delivered_on)),
    receipt_note    TEXT,
    CHECK ((delivered_on IS NULL) = (delivery_method IS NULL)),
    CHECK (receipt_on IS NULL OR delivered_on IS NOT NULL)
) STRICT;
CREATE INDEX notices_guarantee ON notices(guarantee_id, kind, issued_on);

-- A notice as issued is not changed; its delivery and its receipt are each recorded once.
CREATE TRIGGER notices_fixed BEFORE UPDATE ON notices
WHEN NEW.guarantee_id IS NOT OLD.guarantee_id OR NEW.kind IS NOT OLD.kind
  OR NEW.overdue_id IS NOT OLD.overdue_id OR NEW.document_no IS NOT OLD.document_no
  OR NEW.issued_on IS NOT OLD.issued_on OR NEW.content IS NOT OLD.content
  OR NEW.content_sha256 IS NOT OLD.content_sha256 OR NEW.pdf IS NOT OLD.pdf
  OR NEW.pdf_sha256 IS NOT OLD.pdf_sha256 OR NEW.seal IS NOT OLD.seal
  OR NEW.generated_at IS NOT OLD.generated_at
  OR (OLD.delivered_on IS NOT NULL AND (NEW.delivered_on IS NOT OLD.delivered_on
      OR NEW.delivery_method IS NOT OLD.delivery_method OR NEW.delivery_note IS NOT OLD.delivery_note))
  OR (OLD.receipt_on IS NOT NULL AND (NEW.receipt_on IS NOT OLD.receipt_on
      OR NEW.receipt_note IS NOT OLD.receipt_note))
BEGIN
    SELECT RAISE(ABORT, 'an issued notice is not changed');
END;
