-- Version 13: each laptop seals its final reports (电子签名法 art. 13).
-- The laptop's Ed25519 signing key: one row, made the first time a final report is issued, kept
-- only in this (encrypted) database and never sent.
CREATE TABLE laptop_key (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    secret     BLOB NOT NULL CHECK (length(secret) = 32),
    created_at TEXT NOT NULL
) STRICT;

-- A report's seal (report::seal::ReportSeal as JSON), set once: a report issued before this
-- version is sealed the first time it is sent.
ALTER TABLE reports ADD COLUMN seal TEXT;

CREATE TRIGGER reports_seal_set_once
BEFORE UPDATE OF seal ON reports
WHEN OLD.seal IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a report''s seal is set once');
END;
