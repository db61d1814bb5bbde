-- Version 24: the scan of a repayment's voucher (还款凭证复印件, seed 000 七: the guarantee
-- department keeps a copy), attached once to its repayment and printed with the release.
CREATE TABLE repayment_scans (
    repayment_id  INTEGER PRIMARY KEY REFERENCES repayments(id),
    file_name     TEXT NOT NULL,
    mime_type     TEXT NOT NULL,
    bytes         BLOB NOT NULL,
    sha256        TEXT NOT NULL CHECK (length(sha256) = 64),
    width         INTEGER,
    height        INTEGER,
    added_at      TEXT NOT NULL
) STRICT;

CREATE TRIGGER repayment_scans_fixed BEFORE UPDATE ON repayment_scans
BEGIN
    SELECT RAISE(ABORT, 'a voucher scan is not changed once attached');
END;
