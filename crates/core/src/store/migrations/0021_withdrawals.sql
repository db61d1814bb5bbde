-- Version 21: withdrawal proposals (撤保), issue 10.
--
-- The 撤销担保审批表 as issued (grounds, content, digest, PDF, seal), then the general manager's
-- decision, recorded once.
CREATE TABLE withdrawals (
    id              INTEGER PRIMARY KEY,
    guarantee_id    INTEGER NOT NULL REFERENCES guarantees(id),
    document_no     TEXT NOT NULL UNIQUE,
    proposed_on     TEXT NOT NULL CHECK (date(proposed_on) = proposed_on),
    grounds         TEXT NOT NULL CHECK (length(grounds) > 0),
    proposer        TEXT NOT NULL,
    content         TEXT NOT NULL,
    content_sha256  TEXT NOT NULL CHECK (length(content_sha256) = 64),
    pdf             BLOB NOT NULL,
    pdf_sha256      TEXT NOT NULL CHECK (length(pdf_sha256) = 64),
    seal            TEXT NOT NULL,
    generated_at    TEXT NOT NULL,
    decision        TEXT CHECK (decision IS NULL OR decision IN ('approved', 'rejected')),
    decided_on      TEXT CHECK (decided_on IS NULL OR (date(decided_on) = decided_on AND decided_on >= proposed_on)),
    decided_by      TEXT,
    decision_note   TEXT,
    CHECK ((decision IS NULL) = (decided_on IS NULL) AND (decision IS NULL) = (decided_by IS NULL))
) STRICT;
CREATE INDEX withdrawals_guarantee ON withdrawals(guarantee_id, proposed_on);
CREATE UNIQUE INDEX withdrawals_one_pending ON withdrawals(guarantee_id) WHERE decision IS NULL;

CREATE TRIGGER withdrawals_fixed BEFORE UPDATE ON withdrawals
WHEN NEW.guarantee_id IS NOT OLD.guarantee_id OR NEW.document_no IS NOT OLD.document_no
  OR NEW.proposed_on IS NOT OLD.proposed_on OR NEW.grounds IS NOT OLD.grounds
  OR NEW.proposer IS NOT OLD.proposer OR NEW.content IS NOT OLD.content
  OR NEW.content_sha256 IS NOT OLD.content_sha256 OR NEW.pdf IS NOT OLD.pdf
  OR NEW.pdf_sha256 IS NOT OLD.pdf_sha256 OR NEW.seal IS NOT OLD.seal
  OR NEW.generated_at IS NOT OLD.generated_at OR OLD.decision IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a withdrawal proposal is not changed once decided');
END;
