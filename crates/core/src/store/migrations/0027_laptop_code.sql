-- Version 27: the laptop's code (numbering::LaptopCode), carried by every document number it
-- issues so that no two laptops issue the same number. Drawn from the system's randomness when
-- the database is created or upgraded (a step in the program: SQL has no such randomness). A code
-- head office found taken by another laptop is retired and a new one drawn; the retired ones stay
-- listed, since documents issued under them keep their numbers.
CREATE TABLE laptop_codes (
    code        TEXT PRIMARY KEY CHECK (length(code) = 5),
    drawn_at    TEXT NOT NULL,
    retired_at  TEXT,
    -- Why it was retired ("taken at head office by another laptop").
    retired_why TEXT,
    -- Head office has accepted the code (the server it was registered with).
    registered_with TEXT
) STRICT;
-- At most one code in use.
CREATE UNIQUE INDEX laptop_codes_in_use ON laptop_codes((retired_at IS NULL)) WHERE retired_at IS NULL;

-- The audit log also records a laptop code redrawn and a task closed by a record (issue 26):
-- the entity check is widened by rebuilding the table, every entry copied as it was (the chain
-- hashes the entries' fields, not where they are stored). DROP TABLE fires no triggers.
CREATE TABLE audit_log_27 (
    seq        INTEGER PRIMARY KEY CHECK (seq >= 1),
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    entity     TEXT NOT NULL
               CHECK (entity IN ('visit', 'tier', 'class', 'signal', 'laptop_code', 'task')),
    entity_id  INTEGER NOT NULL,
    action     TEXT NOT NULL,
    before     TEXT,
    after      TEXT,
    prev_hash  TEXT NOT NULL CHECK (length(prev_hash) = 64),
    hash       TEXT NOT NULL CHECK (length(hash) = 64),
    scheme     INTEGER NOT NULL DEFAULT 1 CHECK (scheme IN (1, 2)),
    before_sha256 TEXT,
    after_sha256  TEXT,
    erased_at     TEXT
) STRICT;
INSERT INTO audit_log_27 (seq, at, actor, entity, entity_id, action, before, after, prev_hash,
                          hash, scheme, before_sha256, after_sha256, erased_at)
    SELECT seq, at, actor, entity, entity_id, action, before, after, prev_hash, hash, scheme,
           before_sha256, after_sha256, erased_at
    FROM audit_log ORDER BY seq;
DROP TABLE audit_log;
ALTER TABLE audit_log_27 RENAME TO audit_log;

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
