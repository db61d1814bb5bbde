-- Version 35: the audit chain's anchor at each head office (issue 29). Each sync tells head office
-- the chain's length and head; head office keeps them, and answers the length it now holds. The
-- laptop keeps that length here, per head office (its address and device), and at the next sync
-- vouches for it with its own entry at that length: a chain rewritten before it (a database
-- edited, or restored from an older copy) no longer carries head office's hash there, and head
-- office flags the laptop.
CREATE TABLE audit_anchors (
    server      TEXT PRIMARY KEY,
    entries     INTEGER NOT NULL CHECK (entries >= 0),
    anchored_at TEXT NOT NULL
) STRICT;
