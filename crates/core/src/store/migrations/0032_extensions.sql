-- Version 32: 展期. The borrower's application (seed 003 第六条 "到期15天前…申报"), the decision of
-- the one with authority, and, once approved, the new maturity (the guarantee's maturity_date
-- moves; the original is kept here). At most one application awaits its decision; a decision is
-- recorded once.
CREATE TABLE extensions (
    id                 INTEGER PRIMARY KEY,
    guarantee_id       INTEGER NOT NULL REFERENCES guarantees(id),
    applied_on         TEXT NOT NULL CHECK (date(applied_on) = applied_on),
    original_maturity  TEXT NOT NULL CHECK (date(original_maturity) = original_maturity),
    new_maturity       TEXT NOT NULL CHECK (date(new_maturity) = new_maturity
                                            AND new_maturity > original_maturity),
    reason             TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    recorded_at        TEXT NOT NULL,
    decision           TEXT CHECK (decision IS NULL OR decision IN ('approved', 'rejected')),
    decided_on         TEXT CHECK (decided_on IS NULL OR (date(decided_on) = decided_on
                                                          AND decided_on >= applied_on)),
    decided_by         TEXT,
    interest_paid_on   TEXT CHECK (interest_paid_on IS NULL
                                   OR date(interest_paid_on) = interest_paid_on),
    note               TEXT,
    decided_at         TEXT,
    CHECK ((decision IS NULL) = (decided_on IS NULL)),
    CHECK ((decision IS NULL) = (decided_by IS NULL)),
    CHECK (decision IS NOT 'approved' OR interest_paid_on IS NOT NULL)
) STRICT;

CREATE UNIQUE INDEX extensions_one_pending ON extensions(guarantee_id) WHERE decision IS NULL;

CREATE TRIGGER extensions_fixed BEFORE UPDATE ON extensions
WHEN NEW.id IS NOT OLD.id OR NEW.guarantee_id IS NOT OLD.guarantee_id
  OR NEW.applied_on IS NOT OLD.applied_on OR NEW.original_maturity IS NOT OLD.original_maturity
  OR NEW.new_maturity IS NOT OLD.new_maturity OR NEW.reason IS NOT OLD.reason
  OR NEW.recorded_at IS NOT OLD.recorded_at OR OLD.decision IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'an extension is not changed once decided');
END;
