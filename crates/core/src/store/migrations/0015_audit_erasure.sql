-- Version 15: the audit log after its second scheme (migration 14 and the re-hashing step).
-- Entries are only ever added; the one change allowed is erasing the before and after of a
-- second-scheme entry (its digests stay, so the chain still checks out) when its borrower's data
-- is removed from the laptop.
CREATE TRIGGER audit_log_only_erased
BEFORE UPDATE ON audit_log
WHEN NOT (
    OLD.scheme = 2 AND NEW.scheme = 2 AND OLD.erased_at IS NULL AND NEW.erased_at IS NOT NULL
    AND NEW.before IS NULL AND NEW.after IS NULL
    AND NEW.seq = OLD.seq AND NEW.at = OLD.at AND NEW.actor = OLD.actor
    AND NEW.entity = OLD.entity AND NEW.entity_id = OLD.entity_id AND NEW.action = OLD.action
    AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash
    AND NEW.before_sha256 IS OLD.before_sha256 AND NEW.after_sha256 IS OLD.after_sha256
)
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- What a removal from the laptop took away: the borrower (by name, for the officer's record),
-- when, and the digest of the export made before it, if any.
CREATE TABLE removals (
    id            INTEGER PRIMARY KEY,
    borrower_id   INTEGER NOT NULL,
    borrower_name TEXT NOT NULL,
    removed_at    TEXT NOT NULL,
    guarantees    INTEGER NOT NULL,
    visits        INTEGER NOT NULL,
    audit_erased  INTEGER NOT NULL
) STRICT;
