-- Version 17: compensation (代偿) and recovery (追偿), in exact 分 (issue 10).
--
-- The company's payment to the bank for a guarantee in default: one per guarantee. Recording it
-- sets the guarantee's status and compensated_on (the rules then owe the same-day report, the
-- recovery plan and legal action).
CREATE TABLE compensations (
    guarantee_id   INTEGER PRIMARY KEY REFERENCES guarantees(id),
    paid_on        TEXT NOT NULL CHECK (date(paid_on) = paid_on),
    principal_fen  INTEGER NOT NULL CHECK (principal_fen >= 0),
    interest_fen   INTEGER NOT NULL CHECK (interest_fen >= 0),
    reference      TEXT,
    recorded_at    TEXT NOT NULL,
    CHECK (principal_fen + interest_fen > 0)
) STRICT;

-- Money recovered against a compensation, each receipt as it came.
CREATE TABLE recoveries (
    id            INTEGER PRIMARY KEY,
    guarantee_id  INTEGER NOT NULL REFERENCES compensations(guarantee_id),
    received_on   TEXT NOT NULL CHECK (date(received_on) = received_on),
    amount_fen    INTEGER NOT NULL CHECK (amount_fen > 0),
    source        TEXT NOT NULL CHECK (source IN ('borrower', 'guarantor', 'collateral', 'court', 'other')),
    note          TEXT,
    recorded_at   TEXT NOT NULL
) STRICT;
CREATE INDEX recoveries_guarantee ON recoveries(guarantee_id, received_on);

-- A payment or a receipt, once recorded, is not edited (a mistake is answered by the next entry).
CREATE TRIGGER compensations_no_update BEFORE UPDATE ON compensations
BEGIN
    SELECT RAISE(ABORT, 'a recorded compensation is not edited');
END;
CREATE TRIGGER recoveries_no_update BEFORE UPDATE ON recoveries
BEGIN
    SELECT RAISE(ABORT, 'a recorded recovery is not edited');
END;
