-- Version 2: facts about the database file itself (who made it, whether it holds demo data).
CREATE TABLE store_meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT;
