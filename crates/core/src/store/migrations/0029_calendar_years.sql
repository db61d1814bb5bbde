-- Version 29: the official calendar's years as head office publishes them (the State Council
-- announces the coming year's holidays and make-up working days each autumn), so a laptop learns
-- next year's calendar with a sync instead of a new release. A year installed here replaces the
-- shipped file of that year (a correction); installing the same text again changes nothing.
CREATE TABLE calendar_years (
    year           INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
    toml           TEXT NOT NULL,
    sha256         TEXT NOT NULL CHECK (length(sha256) = 64),
    source         TEXT NOT NULL,
    installed_at   TEXT NOT NULL,
    installed_from TEXT
) STRICT;
