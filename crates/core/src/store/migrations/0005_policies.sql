-- Version 5: the company policies installed on this laptop. The newest installed is in force;
-- the older ones stay, so a visit's recorded policy version can always be read back.
CREATE TABLE policies (
    id            INTEGER PRIMARY KEY,
    version       TEXT NOT NULL UNIQUE CHECK (length(trim(version)) > 0),
    name          TEXT NOT NULL,
    toml          TEXT NOT NULL,
    sha256        TEXT NOT NULL CHECK (length(sha256) = 64),
    installed_at  TEXT NOT NULL,
    installed_from TEXT
) STRICT;
