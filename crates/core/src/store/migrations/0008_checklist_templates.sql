-- Version 8: the visit checklist templates installed on this laptop, like the policies: the
-- newest is the one new visits start from; each visit records the version it was started from.
CREATE TABLE checklist_templates (
    id             INTEGER PRIMARY KEY,
    version        TEXT NOT NULL UNIQUE CHECK (length(trim(version)) > 0),
    name           TEXT NOT NULL,
    toml           TEXT NOT NULL,
    sha256         TEXT NOT NULL CHECK (length(sha256) = 64),
    installed_at   TEXT NOT NULL,
    installed_from TEXT
) STRICT;
