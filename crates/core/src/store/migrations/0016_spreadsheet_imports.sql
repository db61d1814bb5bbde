-- Version 16: the portfolio imported from the core system's spreadsheets (issue 9).
--
-- The last on-site check the core system knows of, for guarantees whose earlier checks were
-- done before this app: the schedule counts it as an on-site visit.
ALTER TABLE guarantees ADD COLUMN prior_on_site_on TEXT
    CHECK (prior_on_site_on IS NULL OR date(prior_on_site_on) = prior_on_site_on);

-- A column layout's mapping to fields, confirmed once by the user and used again for every
-- file with the same headings. `signature` is the SHA-256 of the headings in order.
CREATE TABLE import_mappings (
    signature     TEXT PRIMARY KEY CHECK (length(signature) = 64),
    headings      TEXT NOT NULL,
    mapping       TEXT NOT NULL,
    confirmed_at  TEXT NOT NULL
) STRICT;

-- Every import written, with the file it came from and what it did.
CREATE TABLE import_runs (
    id              INTEGER PRIMARY KEY,
    file_name       TEXT NOT NULL,
    file_sha256     TEXT NOT NULL CHECK (length(file_sha256) = 64),
    imported_at     TEXT NOT NULL,
    actor           TEXT NOT NULL,
    rows_new        INTEGER NOT NULL CHECK (rows_new >= 0),
    rows_changed    INTEGER NOT NULL CHECK (rows_changed >= 0),
    rows_unchanged  INTEGER NOT NULL CHECK (rows_unchanged >= 0),
    rows_skipped    INTEGER NOT NULL CHECK (rows_skipped >= 0)
) STRICT;

-- What an import changed on a guarantee, field by field (tier and class changes are also kept
-- in classification_changes and the audit log, like any other).
CREATE TABLE guarantee_changes (
    id            INTEGER PRIMARY KEY,
    guarantee_id  INTEGER NOT NULL REFERENCES guarantees(id),
    import_id     INTEGER NOT NULL REFERENCES import_runs(id),
    field         TEXT NOT NULL,
    old_value     TEXT,
    new_value     TEXT
) STRICT;
CREATE INDEX guarantee_changes_guarantee ON guarantee_changes(guarantee_id);
