-- Version 12: the audit log. Every change to a visit, a risk tier, a five-level class or a
-- signal, with who, when, what it was before and after; each entry carries the SHA-256 of the
-- entry before it and of itself (store::audit), so an edited, removed or inserted entry breaks
-- the chain. Entries are only ever added.
CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY CHECK (seq >= 1),
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    entity     TEXT NOT NULL CHECK (entity IN ('visit', 'tier', 'class', 'signal')),
    entity_id  INTEGER NOT NULL,
    action     TEXT NOT NULL,
    before     TEXT,
    after      TEXT,
    prev_hash  TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash       TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
