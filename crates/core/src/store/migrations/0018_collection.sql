-- Version 18: overdue and collection (逾期催收), issue 10.
--
-- An overdue as the bank reports it: the day the payment fell due unpaid, the day the company
-- learned of it, and how much. At most one is open per guarantee; it is cleared the day the
-- repayments against it reach its amount.
CREATE TABLE overdues (
    id             INTEGER PRIMARY KEY,
    guarantee_id   INTEGER NOT NULL REFERENCES guarantees(id),
    due_on         TEXT NOT NULL CHECK (date(due_on) = due_on),
    known_on       TEXT NOT NULL CHECK (date(known_on) = known_on AND known_on >= due_on),
    principal_fen  INTEGER NOT NULL CHECK (principal_fen >= 0),
    interest_fen   INTEGER NOT NULL CHECK (interest_fen >= 0),
    note           TEXT,
    cleared_on     TEXT CHECK (cleared_on IS NULL OR date(cleared_on) = cleared_on),
    recorded_at    TEXT NOT NULL,
    CHECK (principal_fen + interest_fen > 0)
) STRICT;
CREATE UNIQUE INDEX overdues_one_open ON overdues(guarantee_id) WHERE cleared_on IS NULL;

-- Money the borrower paid the bank, with the voucher kept as evidence; a repayment made while an
-- overdue was open is counted against it.
CREATE TABLE repayments (
    id             INTEGER PRIMARY KEY,
    guarantee_id   INTEGER NOT NULL REFERENCES guarantees(id),
    overdue_id     INTEGER REFERENCES overdues(id),
    paid_on        TEXT NOT NULL CHECK (date(paid_on) = paid_on),
    principal_fen  INTEGER NOT NULL CHECK (principal_fen >= 0),
    interest_fen   INTEGER NOT NULL CHECK (interest_fen >= 0),
    voucher        TEXT,
    recorded_at    TEXT NOT NULL,
    CHECK (principal_fen + interest_fen > 0)
) STRICT;
CREATE INDEX repayments_guarantee ON repayments(guarantee_id, paid_on);

-- Each contact attempt: how, whom, what was said, and a promise to pay pinned to an amount and a
-- day. `signal_id` is set once, when the promise passed unpaid and raised its signal.
CREATE TABLE collection_contacts (
    id                  INTEGER PRIMARY KEY,
    guarantee_id        INTEGER NOT NULL REFERENCES guarantees(id),
    contacted_at        TEXT NOT NULL,
    contacted_on        TEXT NOT NULL CHECK (date(contacted_on) = contacted_on),
    channel             TEXT NOT NULL CHECK (channel IN ('phone', 'sms', 'visit', 'meeting', 'letter', 'lawyer_letter')),
    party               TEXT NOT NULL CHECK (party IN ('borrower', 'manager', 'guarantor', 'family', 'other', 'nobody')),
    person              TEXT,
    summary             TEXT NOT NULL CHECK (length(trim(summary)) > 0),
    promise_amount_fen  INTEGER CHECK (promise_amount_fen IS NULL OR promise_amount_fen > 0),
    promise_by          TEXT CHECK (promise_by IS NULL OR date(promise_by) = promise_by),
    officer             TEXT,
    signal_id           INTEGER REFERENCES signals(id),
    recorded_at         TEXT NOT NULL,
    CHECK ((promise_amount_fen IS NULL) = (promise_by IS NULL))
) STRICT;
CREATE INDEX collection_contacts_guarantee ON collection_contacts(guarantee_id, contacted_on);

-- The lost-contact search (失联查找): each step of the policy's list ticked with what it found.
CREATE TABLE lost_contact_steps (
    guarantee_id  INTEGER NOT NULL REFERENCES guarantees(id),
    step          TEXT NOT NULL,
    done_on       TEXT NOT NULL CHECK (date(done_on) = done_on),
    finding       TEXT NOT NULL CHECK (length(trim(finding)) > 0),
    officer       TEXT,
    recorded_at   TEXT NOT NULL,
    PRIMARY KEY (guarantee_id, step)
) STRICT;

-- What was recorded is not edited: an overdue only gains its cleared day, a contact only its signal.
CREATE TRIGGER overdues_fixed BEFORE UPDATE ON overdues
WHEN NEW.guarantee_id IS NOT OLD.guarantee_id OR NEW.due_on IS NOT OLD.due_on
  OR NEW.known_on IS NOT OLD.known_on OR NEW.principal_fen IS NOT OLD.principal_fen
  OR NEW.interest_fen IS NOT OLD.interest_fen OR NEW.note IS NOT OLD.note
  OR OLD.cleared_on IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a recorded overdue is not edited');
END;
CREATE TRIGGER repayments_no_update BEFORE UPDATE ON repayments
BEGIN
    SELECT RAISE(ABORT, 'a recorded repayment is not edited');
END;
CREATE TRIGGER collection_contacts_fixed BEFORE UPDATE ON collection_contacts
WHEN NEW.guarantee_id IS NOT OLD.guarantee_id OR NEW.contacted_at IS NOT OLD.contacted_at
  OR NEW.channel IS NOT OLD.channel OR NEW.party IS NOT OLD.party OR NEW.person IS NOT OLD.person
  OR NEW.summary IS NOT OLD.summary OR NEW.promise_amount_fen IS NOT OLD.promise_amount_fen
  OR NEW.promise_by IS NOT OLD.promise_by OR OLD.signal_id IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a recorded contact is not edited');
END;
