-- Version 22: enforcing the counter-guarantees (执行反担保) and telling the bank of an approved
-- withdrawal, issue 10.
--
-- A step of a counter-guarantee's enforcement, ticked once with what was done or why it is not
-- needed (the steps themselves are policy data, by the counter-guarantee's kind).
CREATE TABLE enforcement_steps (
    counter_guarantee_id  INTEGER NOT NULL REFERENCES counter_guarantees(id),
    step                  TEXT NOT NULL CHECK (length(trim(step)) > 0),
    done_on               TEXT NOT NULL CHECK (date(done_on) = done_on),
    outcome               TEXT NOT NULL CHECK (outcome IN ('done', 'not_needed')),
    note                  TEXT NOT NULL CHECK (length(trim(note)) > 0),
    officer               TEXT,
    recorded_at           TEXT NOT NULL,
    PRIMARY KEY (counter_guarantee_id, step)
) STRICT;

-- An approved withdrawal is told to the lending bank, once.
ALTER TABLE withdrawals ADD COLUMN bank_notified_on TEXT
    CHECK (bank_notified_on IS NULL OR date(bank_notified_on) = bank_notified_on);
ALTER TABLE withdrawals ADD COLUMN bank_notice_note TEXT;

DROP TRIGGER withdrawals_fixed;
CREATE TRIGGER withdrawals_fixed BEFORE UPDATE ON withdrawals
WHEN NEW.guarantee_id IS NOT OLD.guarantee_id OR NEW.document_no IS NOT OLD.document_no
  OR NEW.proposed_on IS NOT OLD.proposed_on OR NEW.grounds IS NOT OLD.grounds
  OR NEW.proposer IS NOT OLD.proposer OR NEW.content IS NOT OLD.content
  OR NEW.content_sha256 IS NOT OLD.content_sha256 OR NEW.pdf IS NOT OLD.pdf
  OR NEW.pdf_sha256 IS NOT OLD.pdf_sha256 OR NEW.seal IS NOT OLD.seal
  OR NEW.generated_at IS NOT OLD.generated_at
  OR (OLD.decision IS NOT NULL AND (NEW.decision IS NOT OLD.decision
      OR NEW.decided_on IS NOT OLD.decided_on OR NEW.decided_by IS NOT OLD.decided_by
      OR NEW.decision_note IS NOT OLD.decision_note))
  OR OLD.bank_notified_on IS NOT NULL
  OR (NEW.bank_notified_on IS NOT NULL AND (NEW.decision IS NOT 'approved'
      OR NEW.bank_notified_on < NEW.decided_on))
BEGIN
    SELECT RAISE(ABORT, 'a withdrawal proposal is not changed once decided, and the bank is told once of an approved one');
END;
