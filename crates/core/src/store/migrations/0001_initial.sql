-- Baohou schema, version 1. Never edit once shipped: add a new numbered file instead.
-- Money: INTEGER 分 (exact). Quantities, ratios, coordinates: TEXT decimals (exact).
-- Dates: TEXT 'YYYY-MM-DD'. Timestamps: TEXT RFC 3339 with offset.

CREATE TABLE officers (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    department  TEXT NOT NULL,
    phone       TEXT
) STRICT;

CREATE TABLE borrowers (
    id                    INTEGER PRIMARY KEY,
    name                  TEXT NOT NULL,
    credit_code           TEXT UNIQUE,
    legal_representative  TEXT,
    industry              TEXT,
    address               TEXT,
    contact_name          TEXT,
    contact_phone         TEXT,
    site_latitude         TEXT,
    site_longitude        TEXT,
    employees             INTEGER CHECK (employees >= 0)
) STRICT;

CREATE TABLE guarantees (
    id                INTEGER PRIMARY KEY,
    contract_no       TEXT NOT NULL UNIQUE CHECK (length(trim(contract_no)) > 0),
    borrower_id       INTEGER NOT NULL REFERENCES borrowers(id),
    lending_bank      TEXT NOT NULL,
    product           TEXT NOT NULL CHECK (product IN ('working_capital_loan', 'bank_acceptance_bill',
                          'trade_finance', 'letter_of_credit', 'fixed_asset_loan', 'consumer_loan')),
    amount_fen        INTEGER NOT NULL CHECK (amount_fen > 0),
    start_date        TEXT NOT NULL CHECK (date(start_date) = start_date),
    maturity_date     TEXT NOT NULL CHECK (date(maturity_date) = maturity_date),
    risk_tier         INTEGER NOT NULL CHECK (risk_tier BETWEEN 1 AND 4),
    five_level_class  TEXT NOT NULL CHECK (five_level_class IN ('normal', 'special_mention',
                          'substandard', 'doubtful', 'loss')),
    status            TEXT NOT NULL CHECK (status IN ('active', 'released', 'compensated', 'in_recovery')),
    officer_a_id      INTEGER NOT NULL REFERENCES officers(id),
    officer_b_id      INTEGER REFERENCES officers(id),
    credit_rating     TEXT,
    notes             TEXT,
    CHECK (maturity_date > start_date),
    CHECK (officer_b_id IS NULL OR officer_b_id <> officer_a_id)
) STRICT;
CREATE INDEX guarantees_borrower ON guarantees(borrower_id);
CREATE INDEX guarantees_officer_a ON guarantees(officer_a_id);

CREATE TABLE counter_guarantees (
    id                 INTEGER PRIMARY KEY,
    guarantee_id       INTEGER NOT NULL REFERENCES guarantees(id) ON DELETE CASCADE,
    kind               TEXT NOT NULL CHECK (kind IN ('mortgage', 'pledge', 'surety')),
    description        TEXT NOT NULL,
    provider           TEXT NOT NULL,
    collateral_value_fen INTEGER CHECK (collateral_value_fen >= 0),
    minimum_stock      TEXT,
    stock_unit         TEXT,
    registration_no    TEXT
) STRICT;
CREATE INDEX counter_guarantees_guarantee ON counter_guarantees(guarantee_id);

CREATE TABLE visits (
    id                    INTEGER PRIMARY KEY,
    guarantee_id          INTEGER NOT NULL REFERENCES guarantees(id),
    kind                  TEXT NOT NULL CHECK (kind IN ('first', 'periodic', 'maturity', 'emergency')),
    method                TEXT NOT NULL CHECK (method IN ('on_site', 'phone')),
    visit_date            TEXT NOT NULL CHECK (date(visit_date) = visit_date),
    officer_id            INTEGER NOT NULL REFERENCES officers(id),
    companion_officer_id  INTEGER REFERENCES officers(id),
    status                TEXT NOT NULL CHECK (status IN ('draft', 'completed')),
    policy_version        TEXT,
    conclusion            TEXT,
    measures              TEXT,
    completed_at          TEXT,
    CHECK (status = 'draft' OR completed_at IS NOT NULL)
) STRICT;
CREATE INDEX visits_guarantee_date ON visits(guarantee_id, visit_date);

CREATE TABLE checklist_answers (
    id         INTEGER PRIMARY KEY,
    visit_id   INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    section    TEXT NOT NULL CHECK (section IN ('A', 'B', 'C', 'D', 'E', 'F')),
    item_code  TEXT NOT NULL,
    question   TEXT NOT NULL,
    answer     TEXT NOT NULL,
    note       TEXT,
    UNIQUE (visit_id, item_code)
) STRICT;

CREATE TABLE inventory_lines (
    id                   INTEGER PRIMARY KEY,
    visit_id             INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    position             INTEGER NOT NULL,
    goods_name           TEXT NOT NULL,
    unit                 TEXT NOT NULL,
    book_quantity        TEXT NOT NULL,
    counted_quantity     TEXT NOT NULL,
    last_count_quantity  TEXT,
    pledged_minimum      TEXT,
    note                 TEXT
) STRICT;

CREATE TABLE worker_interviews (
    id                   INTEGER PRIMARY KEY,
    visit_id             INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    position             INTEGER NOT NULL,
    role                 TEXT NOT NULL,
    years_at_firm        INTEGER CHECK (years_at_firm >= 0),
    wages_paid_on_time   INTEGER NOT NULL CHECK (wages_paid_on_time IN (0, 1)),
    months_in_arrears    INTEGER NOT NULL CHECK (months_in_arrears >= 0),
    shifts_per_day       INTEGER CHECK (shifts_per_day >= 0),
    orders_on_hand       TEXT,
    layoffs_seen         INTEGER NOT NULL CHECK (layoffs_seen IN (0, 1)),
    equipment_moved_out  INTEGER NOT NULL CHECK (equipment_moved_out IN (0, 1)),
    notes                TEXT
) STRICT;

CREATE TABLE financial_figures (
    id        INTEGER PRIMARY KEY,
    visit_id  INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    metric    TEXT NOT NULL,
    value     TEXT NOT NULL,
    period    TEXT,
    UNIQUE (visit_id, metric)
) STRICT;

CREATE TABLE photos (
    id              INTEGER PRIMARY KEY,
    visit_id        INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    file_name       TEXT NOT NULL,
    sha256          TEXT NOT NULL CHECK (length(sha256) = 64),
    mime_type       TEXT NOT NULL,
    byte_size       INTEGER NOT NULL CHECK (byte_size = length(bytes)),
    width           INTEGER,
    height          INTEGER,
    taken_at        TEXT,
    latitude        TEXT,
    longitude       TEXT,
    caption         TEXT,
    checklist_item  TEXT,
    bytes           BLOB NOT NULL
) STRICT;
CREATE INDEX photos_visit ON photos(visit_id);
CREATE INDEX photos_sha256 ON photos(sha256);

CREATE TABLE signals (
    id            INTEGER PRIMARY KEY,
    guarantee_id  INTEGER NOT NULL REFERENCES guarantees(id),
    visit_id      INTEGER REFERENCES visits(id),
    code          TEXT NOT NULL,
    title         TEXT NOT NULL,
    category      TEXT NOT NULL,
    severity      TEXT NOT NULL CHECK (severity IN ('general', 'significant', 'major')),
    evidence      TEXT NOT NULL CHECK (length(trim(evidence)) > 0),
    found_on      TEXT NOT NULL CHECK (date(found_on) = found_on),
    status        TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
    resolved_on   TEXT,
    resolution    TEXT,
    CHECK (status = 'open' OR resolved_on IS NOT NULL)
) STRICT;
CREATE INDEX signals_guarantee ON signals(guarantee_id, status);

CREATE TABLE tasks (
    id            INTEGER PRIMARY KEY,
    guarantee_id  INTEGER NOT NULL REFERENCES guarantees(id),
    kind          TEXT NOT NULL,
    title         TEXT NOT NULL,
    due_date      TEXT NOT NULL CHECK (date(due_date) = due_date),
    reason        TEXT NOT NULL,
    assignee_id   INTEGER REFERENCES officers(id),
    status        TEXT NOT NULL CHECK (status IN ('open', 'done', 'cancelled')),
    done_on       TEXT,
    visit_id      INTEGER REFERENCES visits(id)
) STRICT;
CREATE INDEX tasks_due ON tasks(status, due_date);

-- Tier and five-level class changes, with the reason given (一户一档 history).
CREATE TABLE classification_changes (
    id            INTEGER PRIMARY KEY,
    guarantee_id  INTEGER NOT NULL REFERENCES guarantees(id),
    changed_on    TEXT NOT NULL CHECK (date(changed_on) = changed_on),
    field         TEXT NOT NULL CHECK (field IN ('risk_tier', 'five_level_class')),
    old_value     TEXT NOT NULL,
    new_value     TEXT NOT NULL,
    reason        TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    officer_id    INTEGER REFERENCES officers(id)
) STRICT;
CREATE INDEX classification_changes_guarantee ON classification_changes(guarantee_id, changed_on);
