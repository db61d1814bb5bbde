-- The schema of a new Baohou database, version 38: generated from the migrations, never edited.
-- `UPDATE_SCHEMA=1 cargo test -p baohou-core schema_snapshot_is_current` rewrites it.

-- table audit_anchors
CREATE TABLE audit_anchors (
    server      TEXT PRIMARY KEY,
    entries     INTEGER NOT NULL CHECK (entries >= 0),
    anchored_at TEXT NOT NULL
) STRICT;

-- table audit_log
CREATE TABLE "audit_log" (
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

-- table borrowers
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

-- table calendar_years
CREATE TABLE calendar_years (
    year           INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
    toml           TEXT NOT NULL,
    sha256         TEXT NOT NULL CHECK (length(sha256) = 64),
    source         TEXT NOT NULL,
    installed_at   TEXT NOT NULL,
    installed_from TEXT
) STRICT;

-- table checklist_answers
CREATE TABLE checklist_answers (
    id         INTEGER PRIMARY KEY,
    visit_id   INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    section    TEXT NOT NULL CHECK (section IN ('A', 'B', 'C', 'D', 'E', 'F')),
    item_code  TEXT NOT NULL,
    question   TEXT NOT NULL,
    answer     TEXT NOT NULL,
    note       TEXT, item TEXT,
    UNIQUE (visit_id, item_code)
) STRICT;

-- table checklist_templates
CREATE TABLE checklist_templates (
    id             INTEGER PRIMARY KEY,
    version        TEXT NOT NULL UNIQUE CHECK (length(trim(version)) > 0),
    name           TEXT NOT NULL,
    toml           TEXT NOT NULL,
    sha256         TEXT NOT NULL CHECK (length(sha256) = 64),
    installed_at   TEXT NOT NULL,
    installed_from TEXT
) STRICT;

-- table classification_changes
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

-- table collection_contacts
CREATE TABLE collection_contacts (
    id                  INTEGER PRIMARY KEY,
    guarantee_id        INTEGER NOT NULL REFERENCES guarantees(id),
    contacted_at        TEXT NOT NULL,
    contacted_on        TEXT NOT NULL CHECK (date(contacted_on) = contacted_on),
    channel             TEXT NOT NULL CHECK (channel IN ('phone', 'sms', 'visit', 'meeting', 'letter', 'lawyer_letter')),
    party               TEXT NOT NULL CHECK (party IN ('borrower', 'manager', 'guarantor', 'family', 'other', 'nobody')),
    person              TEXT,
    summary             TEXT NOT NULL CHECK (length(trim(summary)) > 0),
    promise_amount_fen  INTEGER CHECK (promise_amount_fen IS NULL OR promise_amount_fen > 0),
    promise_by          TEXT CHECK (promise_by IS NULL OR date(promise_by) = promise_by),
    officer             TEXT,
    signal_id           INTEGER REFERENCES signals(id),
    recorded_at         TEXT NOT NULL,
    CHECK ((promise_amount_fen IS NULL) = (promise_by IS NULL))
) STRICT;

-- table collection_records
CREATE TABLE collection_records (
    id              INTEGER PRIMARY KEY,
    guarantee_id    INTEGER NOT NULL REFERENCES guarantees(id),
    document_no     TEXT NOT NULL UNIQUE,
    issued_on       TEXT NOT NULL CHECK (date(issued_on) = issued_on),
    basis_sha256    TEXT NOT NULL CHECK (length(basis_sha256) = 64),
    content         TEXT NOT NULL,
    content_sha256  TEXT NOT NULL CHECK (length(content_sha256) = 64),
    pdf             BLOB NOT NULL,
    pdf_sha256      TEXT NOT NULL CHECK (length(pdf_sha256) = 64),
    seal            TEXT NOT NULL,
    generated_at    TEXT NOT NULL
) STRICT;

-- table compensation_demands
CREATE TABLE compensation_demands (
    guarantee_id   INTEGER PRIMARY KEY REFERENCES guarantees(id),
    demanded_on    TEXT NOT NULL CHECK (date(demanded_on) = demanded_on),
    amount_fen     INTEGER NOT NULL CHECK (amount_fen > 0),
    reference      TEXT,
    recorded_at    TEXT NOT NULL
) STRICT;

-- table compensations
CREATE TABLE compensations (
    guarantee_id   INTEGER PRIMARY KEY REFERENCES guarantees(id),
    paid_on        TEXT NOT NULL CHECK (date(paid_on) = paid_on),
    principal_fen  INTEGER NOT NULL CHECK (principal_fen >= 0),
    interest_fen   INTEGER NOT NULL CHECK (interest_fen >= 0),
    reference      TEXT,
    recorded_at    TEXT NOT NULL,
    CHECK (principal_fen + interest_fen > 0)
) STRICT;

-- table counter_guarantees
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

-- table enforcement_steps
CREATE TABLE enforcement_steps (
    counter_guarantee_id  INTEGER NOT NULL REFERENCES counter_guarantees(id),
    step                  TEXT NOT NULL CHECK (length(trim(step)) > 0),
    done_on               TEXT NOT NULL CHECK (date(done_on) = done_on),
    outcome               TEXT NOT NULL CHECK (outcome IN ('done', 'not_needed')),
    note                  TEXT NOT NULL CHECK (length(trim(note)) > 0),
    officer               TEXT,
    recorded_at           TEXT NOT NULL,
    PRIMARY KEY (counter_guarantee_id, step)
) STRICT;

-- table erasures
CREATE TABLE erasures (
    visit_id INTEGER PRIMARY KEY
) STRICT;

-- table evidence_judgements
CREATE TABLE evidence_judgements (
    visit_id               INTEGER PRIMARY KEY REFERENCES visits(id) ON DELETE CASCADE,
    rules                  TEXT NOT NULL,
    reused_photos          INTEGER NOT NULL CHECK (reused_photos >= 0),
    unexplained_photos     INTEGER NOT NULL CHECK (unexplained_photos >= 0),
    near_copy              INTEGER NOT NULL CHECK (near_copy IN (0, 1)),
    far_from_site          INTEGER NOT NULL CHECK (far_from_site IN (0, 1)),
    photos_ahead_of_clock  INTEGER NOT NULL CHECK (photos_ahead_of_clock >= 0),
    photos_without_exif    INTEGER NOT NULL CHECK (photos_without_exif >= 0)
) STRICT;

-- table extensions
CREATE TABLE extensions (
    id                 INTEGER PRIMARY KEY,
    guarantee_id       INTEGER NOT NULL REFERENCES guarantees(id),
    applied_on         TEXT NOT NULL CHECK (date(applied_on) = applied_on),
    original_maturity  TEXT NOT NULL CHECK (date(original_maturity) = original_maturity),
    new_maturity       TEXT NOT NULL CHECK (date(new_maturity) = new_maturity
                                            AND new_maturity > original_maturity),
    reason             TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    recorded_at        TEXT NOT NULL,
    decision           TEXT CHECK (decision IS NULL OR decision IN ('approved', 'rejected')),
    decided_on         TEXT CHECK (decided_on IS NULL OR (date(decided_on) = decided_on
                                                          AND decided_on >= applied_on)),
    decided_by         TEXT,
    interest_paid_on   TEXT CHECK (interest_paid_on IS NULL
                                   OR date(interest_paid_on) = interest_paid_on),
    note               TEXT,
    decided_at         TEXT,
    CHECK ((decision IS NULL) = (decided_on IS NULL)),
    CHECK ((decision IS NULL) = (decided_by IS NULL)),
    CHECK (decision IS NOT 'approved' OR interest_paid_on IS NOT NULL)
) STRICT;

-- table financial_figures
CREATE TABLE financial_figures (
    id        INTEGER PRIMARY KEY,
    visit_id  INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    metric    TEXT NOT NULL,
    value     TEXT NOT NULL,
    period    TEXT,
    UNIQUE (visit_id, metric)
) STRICT;

-- table guarantee_changes
CREATE TABLE guarantee_changes (
    id            INTEGER PRIMARY KEY,
    guarantee_id  INTEGER NOT NULL REFERENCES guarantees(id),
    import_id     INTEGER NOT NULL REFERENCES import_runs(id),
    field         TEXT NOT NULL,
    old_value     TEXT,
    new_value     TEXT
) STRICT;

-- table guarantees
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
    notes             TEXT, compensated_on TEXT
    CHECK (compensated_on IS NULL OR date(compensated_on) = compensated_on), released_on TEXT CHECK (released_on IS NULL OR date(released_on) = released_on), prior_on_site_on TEXT
    CHECK (prior_on_site_on IS NULL OR date(prior_on_site_on) = prior_on_site_on),
    CHECK (maturity_date > start_date),
    CHECK (officer_b_id IS NULL OR officer_b_id <> officer_a_id)
) STRICT;

-- table import_mappings
CREATE TABLE import_mappings (
    signature     TEXT PRIMARY KEY CHECK (length(signature) = 64),
    headings      TEXT NOT NULL,
    mapping       TEXT NOT NULL,
    confirmed_at  TEXT NOT NULL
) STRICT;

-- table import_runs
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

-- table inventory_lines
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

-- table laptop_codes
CREATE TABLE laptop_codes (
    code        TEXT PRIMARY KEY CHECK (length(code) = 5),
    drawn_at    TEXT NOT NULL,
    retired_at  TEXT,
    -- Why it was retired ("taken at head office by another laptop").
    retired_why TEXT,
    -- Head office has accepted the code (the server it was registered with).
    registered_with TEXT
) STRICT;

-- table laptop_key
CREATE TABLE laptop_key (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    secret     BLOB NOT NULL CHECK (length(secret) = 32),
    created_at TEXT NOT NULL
) STRICT;

-- table lost_contact_steps
CREATE TABLE lost_contact_steps (
    guarantee_id  INTEGER NOT NULL REFERENCES guarantees(id),
    step          TEXT NOT NULL,
    done_on       TEXT NOT NULL CHECK (date(done_on) = done_on),
    finding       TEXT NOT NULL CHECK (length(trim(finding)) > 0),
    officer       TEXT,
    recorded_at   TEXT NOT NULL,
    PRIMARY KEY (guarantee_id, step)
) STRICT;

-- table notices
CREATE TABLE notices (
    id              INTEGER PRIMARY KEY,
    guarantee_id    INTEGER NOT NULL REFERENCES guarantees(id),
    kind            TEXT NOT NULL CHECK (kind IN ('maturity', 'repayment_reminder', 'overdue')),
    overdue_id      INTEGER REFERENCES overdues(id),
    document_no     TEXT NOT NULL UNIQUE,
    issued_on       TEXT NOT NULL CHECK (date(issued_on) = issued_on),
    content         TEXT NOT NULL,
    content_sha256  TEXT NOT NULL CHECK (length(content_sha256) = 64),
    pdf             BLOB NOT NULL,
    pdf_sha256      TEXT NOT NULL CHECK (length(pdf_sha256) = 64),
    seal            TEXT NOT NULL,
    generated_at    TEXT NOT NULL,
    delivered_on    TEXT CHECK (delivered_on IS NULL OR (date(delivered_on) = delivered_on AND delivered_on >= issued_on)),
    delivery_method TEXT CHECK (delivery_method IS NULL OR delivery_method IN ('in_person', 'post', 'electronic')),
    delivery_note   TEXT,
    receipt_on      TEXT CHECK (receipt_on IS NULL OR (date(receipt_on) = receipt_on AND receipt_on >= delivered_on)),
    receipt_note    TEXT,
    CHECK ((delivered_on IS NULL) = (delivery_method IS NULL)),
    CHECK (receipt_on IS NULL OR delivered_on IS NOT NULL)
) STRICT;

-- table officers
CREATE TABLE officers (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    department  TEXT NOT NULL,
    phone       TEXT
) STRICT;

-- table outbox
CREATE TABLE "outbox" (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT 'inspection_report'
        CHECK (kind IN ('inspection_report', 'notice', 'release', 'withdrawal', 'collection_record',
                        'quarterly_report')),
    visit_id INTEGER REFERENCES visits(id),
    visit_version INTEGER,
    guarantee_id INTEGER REFERENCES guarantees(id),
    document_date TEXT CHECK (document_date IS NULL OR date(document_date) = document_date),
    state TEXT NOT NULL DEFAULT 'queued'
        CHECK (state IN ('queued', 'sending', 'sent', 'rejected')),
    document_no TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error TEXT,
    bytes_total INTEGER NOT NULL DEFAULT 0,
    bytes_done INTEGER NOT NULL DEFAULT 0,
    queued_at TEXT NOT NULL,
    sent_at TEXT,
    UNIQUE (visit_id, visit_version),
    CHECK ((kind = 'inspection_report') = (visit_id IS NOT NULL AND visit_version IS NOT NULL)),
    CHECK (kind = 'inspection_report'
           OR (guarantee_id IS NOT NULL AND document_no IS NOT NULL AND document_date IS NOT NULL))
);

-- table overdues
CREATE TABLE overdues (
    id             INTEGER PRIMARY KEY,
    guarantee_id   INTEGER NOT NULL REFERENCES guarantees(id),
    due_on         TEXT NOT NULL CHECK (date(due_on) = due_on),
    known_on       TEXT NOT NULL CHECK (date(known_on) = known_on AND known_on >= due_on),
    principal_fen  INTEGER NOT NULL CHECK (principal_fen >= 0),
    interest_fen   INTEGER NOT NULL CHECK (interest_fen >= 0),
    note           TEXT,
    cleared_on     TEXT CHECK (cleared_on IS NULL OR date(cleared_on) = cleared_on),
    recorded_at    TEXT NOT NULL,
    CHECK (principal_fen + interest_fen > 0)
) STRICT;

-- table photo_likeness
CREATE TABLE photo_likeness (
    photo_id  INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
    hashes    BLOB NOT NULL CHECK (length(hashes) = 1152)
) STRICT;

-- table photo_page_copies
CREATE TABLE photo_page_copies (
    photo_id  INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
    spec      TEXT NOT NULL,
    jpeg      BLOB NOT NULL
) STRICT;

-- table photo_reuse
CREATE TABLE photo_reuse (
    photo_id          INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
    earlier_photo_id  INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    -- Bits apart, of 256, when it was found.
    distance          INTEGER NOT NULL CHECK (distance BETWEEN 0 AND 256),
    explanation       TEXT,
    explained_at      TEXT
) STRICT;

-- table photo_thumbnails
CREATE TABLE photo_thumbnails (
    photo_id  INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
    jpeg      BLOB NOT NULL
) STRICT;

-- table photos
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
, thumbnail BLOB, added_at TEXT, print_jpeg BLOB) STRICT;

-- table policies
CREATE TABLE policies (
    id            INTEGER PRIMARY KEY,
    version       TEXT NOT NULL UNIQUE CHECK (length(trim(version)) > 0),
    name          TEXT NOT NULL,
    toml          TEXT NOT NULL,
    sha256        TEXT NOT NULL CHECK (length(sha256) = 64),
    installed_at  TEXT NOT NULL,
    installed_from TEXT
) STRICT;

-- table quarterly_reports
CREATE TABLE quarterly_reports (
    id              INTEGER PRIMARY KEY,
    guarantee_id    INTEGER NOT NULL REFERENCES guarantees(id),
    quarter         TEXT NOT NULL CHECK (quarter GLOB '[0-9][0-9][0-9][0-9]Q[1-4]'),
    document_no     TEXT NOT NULL UNIQUE,
    issued_on       TEXT NOT NULL CHECK (date(issued_on) = issued_on),
    content         TEXT NOT NULL,
    content_sha256  TEXT NOT NULL CHECK (length(content_sha256) = 64),
    pdf             BLOB NOT NULL,
    pdf_sha256      TEXT NOT NULL CHECK (length(pdf_sha256) = 64),
    seal            TEXT NOT NULL,
    generated_at    TEXT NOT NULL,
    UNIQUE (guarantee_id, quarter)
) STRICT;

-- table recoveries
CREATE TABLE recoveries (
    id            INTEGER PRIMARY KEY,
    guarantee_id  INTEGER NOT NULL REFERENCES compensations(guarantee_id),
    received_on   TEXT NOT NULL CHECK (date(received_on) = received_on),
    amount_fen    INTEGER NOT NULL CHECK (amount_fen > 0),
    source        TEXT NOT NULL CHECK (source IN ('borrower', 'guarantor', 'collateral', 'court', 'other')),
    note          TEXT,
    recorded_at   TEXT NOT NULL
) STRICT;

-- table releases
CREATE TABLE releases (
    guarantee_id     INTEGER PRIMARY KEY REFERENCES guarantees(id),
    document_no      TEXT NOT NULL UNIQUE,
    released_on      TEXT NOT NULL CHECK (date(released_on) = released_on),
    content          TEXT NOT NULL,
    content_sha256   TEXT NOT NULL CHECK (length(content_sha256) = 64),
    pdf              BLOB NOT NULL,
    pdf_sha256       TEXT NOT NULL CHECK (length(pdf_sha256) = 64),
    seal             TEXT NOT NULL,
    generated_at     TEXT NOT NULL,
    archived_on      TEXT CHECK (archived_on IS NULL OR (date(archived_on) = archived_on AND archived_on >= released_on)),
    archive_receiver TEXT, titles_returned_on TEXT
    CHECK (titles_returned_on IS NULL OR date(titles_returned_on) = titles_returned_on), titles_receiver TEXT, titles_documents TEXT,
    CHECK ((archived_on IS NULL) = (archive_receiver IS NULL))
) STRICT;

-- table removals
CREATE TABLE removals (
    id            INTEGER PRIMARY KEY,
    borrower_id   INTEGER NOT NULL,
    borrower_name TEXT NOT NULL,
    removed_at    TEXT NOT NULL,
    guarantees    INTEGER NOT NULL,
    visits        INTEGER NOT NULL,
    audit_erased  INTEGER NOT NULL
) STRICT;

-- table repayment_scans
CREATE TABLE repayment_scans (
    repayment_id  INTEGER PRIMARY KEY REFERENCES repayments(id),
    file_name     TEXT NOT NULL,
    mime_type     TEXT NOT NULL,
    bytes         BLOB NOT NULL,
    sha256        TEXT NOT NULL CHECK (length(sha256) = 64),
    width         INTEGER,
    height        INTEGER,
    added_at      TEXT NOT NULL
) STRICT;

-- table repayments
CREATE TABLE repayments (
    id             INTEGER PRIMARY KEY,
    guarantee_id   INTEGER NOT NULL REFERENCES guarantees(id),
    overdue_id     INTEGER REFERENCES overdues(id),
    paid_on        TEXT NOT NULL CHECK (date(paid_on) = paid_on),
    principal_fen  INTEGER NOT NULL CHECK (principal_fen >= 0),
    interest_fen   INTEGER NOT NULL CHECK (interest_fen >= 0),
    voucher        TEXT,
    recorded_at    TEXT NOT NULL,
    CHECK (principal_fen + interest_fen > 0)
) STRICT;

-- table report_returns
CREATE TABLE report_returns (
    id             INTEGER PRIMARY KEY,
    document_no    TEXT NOT NULL UNIQUE,
    visit_id       INTEGER NOT NULL REFERENCES visits(id),
    visit_version  INTEGER NOT NULL,
    guarantee_id   INTEGER NOT NULL REFERENCES guarantees(id),
    step           TEXT NOT NULL,
    returned_by    TEXT NOT NULL,
    reason         TEXT NOT NULL,
    returned_on    TEXT NOT NULL CHECK (date(returned_on) = returned_on),
    received_at    TEXT NOT NULL
) STRICT;

-- table reports
CREATE TABLE reports (
    id             INTEGER PRIMARY KEY,
    visit_id       INTEGER NOT NULL REFERENCES visits(id),
    visit_version  INTEGER NOT NULL CHECK (visit_version >= 1),
    document_no    TEXT NOT NULL UNIQUE,
    content_sha256 TEXT NOT NULL CHECK (length(content_sha256) = 64),
    -- The shape of the canonical content the digest was taken of (report::content::CONTENT_FORMAT).
    content_format INTEGER NOT NULL,
    pdf            BLOB NOT NULL,
    pdf_sha256     TEXT NOT NULL CHECK (length(pdf_sha256) = 64),
    generated_at   TEXT NOT NULL, seal TEXT,
    UNIQUE (visit_id, visit_version)
) STRICT;

-- table signal_dismissals
CREATE TABLE signal_dismissals (
    visit_id      INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    code          TEXT NOT NULL,
    reason        TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    dismissed_at  TEXT NOT NULL,
    PRIMARY KEY (visit_id, code)
) STRICT;

-- table signals
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

-- table stock_reports
CREATE TABLE stock_reports (
    id                    INTEGER PRIMARY KEY,
    counter_guarantee_id  INTEGER NOT NULL REFERENCES counter_guarantees(id) ON DELETE CASCADE,
    reported_on           TEXT NOT NULL CHECK (date(reported_on) = reported_on),
    quantity              TEXT NOT NULL,
    source                TEXT NOT NULL CHECK (source IN ('warehouse', 'on_site', 'phone')),
    reporter              TEXT,
    note                  TEXT
) STRICT;

-- table store_meta
CREATE TABLE store_meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT;

-- table task_completions
CREATE TABLE task_completions (
    id            INTEGER PRIMARY KEY,
    guarantee_id  INTEGER REFERENCES guarantees(id),
    officer_id    INTEGER REFERENCES officers(id),
    kind          TEXT NOT NULL,
    anchor        TEXT NOT NULL,
    done_on       TEXT NOT NULL CHECK (date(done_on) = done_on),
    note          TEXT, details TEXT CHECK (details IS NULL OR json_valid(details)),
    CHECK (guarantee_id IS NOT NULL OR officer_id IS NOT NULL)
) STRICT;

-- table tasks
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

-- table visit_signatures
CREATE TABLE visit_signatures (
    visit_id  INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    role      TEXT NOT NULL CHECK (role IN ('officer', 'borrower')),
    signer    TEXT NOT NULL CHECK (length(trim(signer)) > 0),
    png       BLOB NOT NULL CHECK (length(png) > 0),
    sha256    TEXT NOT NULL CHECK (length(sha256) = 64),
    signed_at TEXT NOT NULL,
    PRIMARY KEY (visit_id, role)
) STRICT;

-- table visit_text_confirmations
CREATE TABLE visit_text_confirmations (
    visit_id  INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    field     TEXT NOT NULL,
    sha256    TEXT NOT NULL CHECK (length(sha256) = 64),
    PRIMARY KEY (visit_id, field)
) STRICT;

-- table visit_versions
CREATE TABLE visit_versions (
    id             INTEGER PRIMARY KEY,
    visit_id       INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    version        INTEGER NOT NULL,
    completed_at   TEXT NOT NULL,
    reopened_at    TEXT NOT NULL,
    reason         TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    snapshot       TEXT NOT NULL,
    UNIQUE (visit_id, version)
) STRICT;

-- table visits
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
    completed_at          TEXT, reported_on TEXT
    CHECK (reported_on IS NULL OR date(reported_on) = reported_on), template_version TEXT, started_from TEXT, version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1), correction_reason TEXT, borrower_confirmed_by TEXT, borrower_confirmed_at TEXT, updated_at TEXT,
    CHECK (status = 'draft' OR completed_at IS NOT NULL)
) STRICT;

-- table withdrawals
CREATE TABLE withdrawals (
    id              INTEGER PRIMARY KEY,
    guarantee_id    INTEGER NOT NULL REFERENCES guarantees(id),
    document_no     TEXT NOT NULL UNIQUE,
    proposed_on     TEXT NOT NULL CHECK (date(proposed_on) = proposed_on),
    grounds         TEXT NOT NULL CHECK (length(grounds) > 0),
    proposer        TEXT NOT NULL,
    content         TEXT NOT NULL,
    content_sha256  TEXT NOT NULL CHECK (length(content_sha256) = 64),
    pdf             BLOB NOT NULL,
    pdf_sha256      TEXT NOT NULL CHECK (length(pdf_sha256) = 64),
    seal            TEXT NOT NULL,
    generated_at    TEXT NOT NULL,
    decision        TEXT CHECK (decision IS NULL OR decision IN ('approved', 'rejected')),
    decided_on      TEXT CHECK (decided_on IS NULL OR (date(decided_on) = decided_on AND decided_on >= proposed_on)),
    decided_by      TEXT,
    decision_note   TEXT, bank_notified_on TEXT
    CHECK (bank_notified_on IS NULL OR date(bank_notified_on) = bank_notified_on), bank_notice_note TEXT,
    CHECK ((decision IS NULL) = (decided_on IS NULL) AND (decision IS NULL) = (decided_by IS NULL))
) STRICT;

-- table worker_interviews
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

-- index classification_changes_guarantee
CREATE INDEX classification_changes_guarantee ON classification_changes(guarantee_id, changed_on);

-- index collection_contacts_guarantee
CREATE INDEX collection_contacts_guarantee ON collection_contacts(guarantee_id, contacted_on);

-- index collection_records_guarantee
CREATE INDEX collection_records_guarantee ON collection_records(guarantee_id, id);

-- index counter_guarantees_guarantee
CREATE INDEX counter_guarantees_guarantee ON counter_guarantees(guarantee_id);

-- index extensions_one_pending
CREATE UNIQUE INDEX extensions_one_pending ON extensions(guarantee_id) WHERE decision IS NULL;

-- index guarantee_changes_guarantee
CREATE INDEX guarantee_changes_guarantee ON guarantee_changes(guarantee_id);

-- index guarantees_borrower
CREATE INDEX guarantees_borrower ON guarantees(borrower_id);

-- index guarantees_officer_a
CREATE INDEX guarantees_officer_a ON guarantees(officer_a_id);

-- index laptop_codes_in_use
CREATE UNIQUE INDEX laptop_codes_in_use ON laptop_codes((retired_at IS NULL)) WHERE retired_at IS NULL;

-- index notices_guarantee
CREATE INDEX notices_guarantee ON notices(guarantee_id, kind, issued_on);

-- index outbox_document
CREATE UNIQUE INDEX outbox_document ON outbox(document_no) WHERE kind <> 'inspection_report';

-- index outbox_state
CREATE INDEX outbox_state ON outbox(state, next_attempt_at);

-- index overdues_one_open
CREATE UNIQUE INDEX overdues_one_open ON overdues(guarantee_id) WHERE cleared_on IS NULL;

-- index photo_reuse_earlier
CREATE INDEX photo_reuse_earlier ON photo_reuse(earlier_photo_id);

-- index photos_listed
CREATE INDEX photos_listed ON photos(visit_id, position, file_name, sha256, mime_type, byte_size,
    width, height, taken_at, latitude, longitude, caption, checklist_item, added_at);

-- index photos_sha256
CREATE INDEX photos_sha256 ON photos(sha256);

-- index photos_visit
CREATE INDEX photos_visit ON photos(visit_id);

-- index recoveries_guarantee
CREATE INDEX recoveries_guarantee ON recoveries(guarantee_id, received_on);

-- index repayments_guarantee
CREATE INDEX repayments_guarantee ON repayments(guarantee_id, paid_on);

-- index report_returns_visit
CREATE INDEX report_returns_visit ON report_returns(visit_id);

-- index signals_guarantee
CREATE INDEX signals_guarantee ON signals(guarantee_id, status);

-- index stock_reports_counter
CREATE INDEX stock_reports_counter ON stock_reports(counter_guarantee_id, reported_on);

-- index task_completions_guarantee
CREATE INDEX task_completions_guarantee ON task_completions(guarantee_id);

-- index task_completions_officer
CREATE INDEX task_completions_officer ON task_completions(officer_id) WHERE officer_id IS NOT NULL;

-- index tasks_due
CREATE INDEX tasks_due ON tasks(status, due_date);

-- index visits_completed_by_date
CREATE INDEX visits_completed_by_date ON visits(visit_date, officer_id) WHERE status = 'completed';

-- index visits_drafts
CREATE INDEX visits_drafts ON visits(guarantee_id) WHERE status = 'draft';

-- index visits_guarantee_date
CREATE INDEX visits_guarantee_date ON visits(guarantee_id, visit_date);

-- index visits_on_site
CREATE INDEX visits_on_site ON visits(guarantee_id, method, visit_date);

-- index visits_window
CREATE INDEX visits_window ON visits(visit_date, guarantee_id, id, kind, method, status, reported_on);

-- index withdrawals_guarantee
CREATE INDEX withdrawals_guarantee ON withdrawals(guarantee_id, proposed_on);

-- index withdrawals_one_pending
CREATE UNIQUE INDEX withdrawals_one_pending ON withdrawals(guarantee_id) WHERE decision IS NULL;

-- trigger audit_log_no_delete
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- trigger audit_log_only_erased
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

-- trigger checklist_answers_frozen_delete
CREATE TRIGGER checklist_answers_frozen_delete
BEFORE DELETE ON checklist_answers
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

-- trigger checklist_answers_frozen_insert
CREATE TRIGGER checklist_answers_frozen_insert
BEFORE INSERT ON checklist_answers
WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) = 'completed' AND NEW.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

-- trigger checklist_answers_frozen_update
CREATE TRIGGER checklist_answers_frozen_update
BEFORE UPDATE ON checklist_answers
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

-- trigger collection_contacts_fixed
CREATE TRIGGER collection_contacts_fixed BEFORE UPDATE ON collection_contacts
WHEN NEW.guarantee_id IS NOT OLD.guarantee_id OR NEW.contacted_at IS NOT OLD.contacted_at
  OR NEW.channel IS NOT OLD.channel OR NEW.party IS NOT OLD.party OR NEW.person IS NOT OLD.person
  OR NEW.summary IS NOT OLD.summary OR NEW.promise_amount_fen IS NOT OLD.promise_amount_fen
  OR NEW.promise_by IS NOT OLD.promise_by OR OLD.signal_id IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a recorded contact is not edited');
END;

-- trigger collection_records_fixed
CREATE TRIGGER collection_records_fixed BEFORE UPDATE ON collection_records
BEGIN
    SELECT RAISE(ABORT, 'a collection record is not changed once issued');
END;

-- trigger collection_records_to_outbox
CREATE TRIGGER collection_records_to_outbox AFTER INSERT ON collection_records
BEGIN
    INSERT INTO outbox (kind, guarantee_id, document_date, document_no, queued_at)
    VALUES ('collection_record', NEW.guarantee_id, NEW.issued_on, NEW.document_no, NEW.generated_at);
END;

-- trigger compensation_demands_fixed
CREATE TRIGGER compensation_demands_fixed BEFORE UPDATE ON compensation_demands
BEGIN
    SELECT RAISE(ABORT, 'a demand for payment is not changed');
END;

-- trigger compensations_no_update
CREATE TRIGGER compensations_no_update BEFORE UPDATE ON compensations
BEGIN
    SELECT RAISE(ABORT, 'a recorded compensation is not edited');
END;

-- trigger completed_visit_frozen
CREATE TRIGGER completed_visit_frozen
BEFORE UPDATE ON visits
WHEN OLD.status = 'completed' AND NEW.status = 'completed' AND (NEW.guarantee_id IS NOT OLD.guarantee_id OR NEW.kind IS NOT OLD.kind OR NEW.method IS NOT OLD.method OR NEW.visit_date IS NOT OLD.visit_date OR NEW.officer_id IS NOT OLD.officer_id OR NEW.companion_officer_id IS NOT OLD.companion_officer_id OR NEW.policy_version IS NOT OLD.policy_version OR NEW.conclusion IS NOT OLD.conclusion OR NEW.measures IS NOT OLD.measures OR NEW.completed_at IS NOT OLD.completed_at OR NEW.template_version IS NOT OLD.template_version OR NEW.started_from IS NOT OLD.started_from OR NEW.version IS NOT OLD.version OR NEW.correction_reason IS NOT OLD.correction_reason OR NEW.borrower_confirmed_by IS NOT OLD.borrower_confirmed_by OR NEW.borrower_confirmed_at IS NOT OLD.borrower_confirmed_at)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

-- trigger completed_visit_kept
CREATE TRIGGER completed_visit_kept
BEFORE DELETE ON visits
WHEN OLD.status = 'completed' AND OLD.id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

-- trigger evidence_judgements_answer_delete
CREATE TRIGGER evidence_judgements_answer_delete AFTER DELETE ON checklist_answers
BEGIN
    DELETE FROM evidence_judgements WHERE visit_id IN (
        SELECT id FROM visits
        WHERE guarantee_id = (SELECT guarantee_id FROM visits WHERE id = OLD.visit_id));
END;

-- trigger evidence_judgements_answer_insert
CREATE TRIGGER evidence_judgements_answer_insert AFTER INSERT ON checklist_answers
BEGIN
    DELETE FROM evidence_judgements WHERE visit_id IN (
        SELECT id FROM visits
        WHERE guarantee_id = (SELECT guarantee_id FROM visits WHERE id = NEW.visit_id));
END;

-- trigger evidence_judgements_answer_update
CREATE TRIGGER evidence_judgements_answer_update AFTER UPDATE ON checklist_answers
BEGIN
    DELETE FROM evidence_judgements WHERE visit_id IN (
        SELECT id FROM visits
        WHERE guarantee_id IN (SELECT guarantee_id FROM visits WHERE id IN (OLD.visit_id, NEW.visit_id)));
END;

-- trigger evidence_judgements_borrower_update
CREATE TRIGGER evidence_judgements_borrower_update AFTER UPDATE OF borrower_id ON guarantees
BEGIN
    DELETE FROM evidence_judgements
    WHERE visit_id IN (SELECT id FROM visits WHERE guarantee_id = NEW.id);
END;

-- trigger evidence_judgements_photo_delete
CREATE TRIGGER evidence_judgements_photo_delete AFTER DELETE ON photos
BEGIN
    DELETE FROM evidence_judgements WHERE visit_id = OLD.visit_id;
END;

-- trigger evidence_judgements_photo_insert
CREATE TRIGGER evidence_judgements_photo_insert AFTER INSERT ON photos
BEGIN
    DELETE FROM evidence_judgements WHERE visit_id = NEW.visit_id;
END;

-- trigger evidence_judgements_photo_update
CREATE TRIGGER evidence_judgements_photo_update
AFTER UPDATE OF visit_id, taken_at, added_at, latitude, longitude ON photos
BEGIN
    DELETE FROM evidence_judgements WHERE visit_id IN (OLD.visit_id, NEW.visit_id);
END;

-- trigger evidence_judgements_reuse_delete
CREATE TRIGGER evidence_judgements_reuse_delete AFTER DELETE ON photo_reuse
BEGIN
    DELETE FROM evidence_judgements
    WHERE visit_id = (SELECT visit_id FROM photos WHERE id = OLD.photo_id);
END;

-- trigger evidence_judgements_reuse_insert
CREATE TRIGGER evidence_judgements_reuse_insert AFTER INSERT ON photo_reuse
BEGIN
    DELETE FROM evidence_judgements
    WHERE visit_id = (SELECT visit_id FROM photos WHERE id = NEW.photo_id);
END;

-- trigger evidence_judgements_reuse_update
CREATE TRIGGER evidence_judgements_reuse_update AFTER UPDATE ON photo_reuse
BEGIN
    DELETE FROM evidence_judgements
    WHERE visit_id IN (SELECT visit_id FROM photos WHERE id IN (OLD.photo_id, NEW.photo_id));
END;

-- trigger evidence_judgements_site_update
CREATE TRIGGER evidence_judgements_site_update
AFTER UPDATE OF site_latitude, site_longitude ON borrowers
BEGIN
    DELETE FROM evidence_judgements WHERE visit_id IN (
        SELECT v.id FROM visits v JOIN guarantees g ON g.id = v.guarantee_id
        WHERE g.borrower_id = NEW.id);
END;

-- trigger evidence_judgements_visit_delete
CREATE TRIGGER evidence_judgements_visit_delete AFTER DELETE ON visits
BEGIN
    DELETE FROM evidence_judgements
    WHERE visit_id IN (SELECT id FROM visits WHERE guarantee_id = OLD.guarantee_id);
END;

-- trigger evidence_judgements_visit_insert
CREATE TRIGGER evidence_judgements_visit_insert AFTER INSERT ON visits
BEGIN
    DELETE FROM evidence_judgements
    WHERE visit_id IN (SELECT id FROM visits WHERE guarantee_id = NEW.guarantee_id);
END;

-- trigger evidence_judgements_visit_update
CREATE TRIGGER evidence_judgements_visit_update
AFTER UPDATE OF guarantee_id, visit_date, officer_id, status, conclusion, measures ON visits
BEGIN
    DELETE FROM evidence_judgements
    WHERE visit_id IN (SELECT id FROM visits WHERE guarantee_id IN (OLD.guarantee_id, NEW.guarantee_id));
END;

-- trigger extensions_fixed
CREATE TRIGGER extensions_fixed BEFORE UPDATE ON extensions
WHEN NEW.id IS NOT OLD.id OR NEW.guarantee_id IS NOT OLD.guarantee_id
  OR NEW.applied_on IS NOT OLD.applied_on OR NEW.original_maturity IS NOT OLD.original_maturity
  OR NEW.new_maturity IS NOT OLD.new_maturity OR NEW.reason IS NOT OLD.reason
  OR NEW.recorded_at IS NOT OLD.recorded_at OR OLD.decision IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'an extension is not changed once decided');
END;

-- trigger financial_figures_frozen_delete
CREATE TRIGGER financial_figures_frozen_delete
BEFORE DELETE ON financial_figures
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

-- trigger financial_figures_frozen_insert
CREATE TRIGGER financial_figures_frozen_insert
BEFORE INSERT ON financial_figures
WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) = 'completed' AND NEW.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

-- trigger financial_figures_frozen_update
CREATE TRIGGER financial_figures_frozen_update
BEFORE UPDATE ON financial_figures
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

-- trigger inventory_lines_frozen_delete
CREATE TRIGGER inventory_lines_frozen_delete
BEFORE DELETE ON inventory_lines
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

-- trigger inventory_lines_frozen_insert
CREATE TRIGGER inventory_lines_frozen_insert
BEFORE INSERT ON inventory_lines
WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) = 'completed' AND NEW.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

-- trigger inventory_lines_frozen_update
CREATE TRIGGER inventory_lines_frozen_update
BEFORE UPDATE ON inventory_lines
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

-- trigger notices_fixed
CREATE TRIGGER notices_fixed BEFORE UPDATE ON notices
WHEN NEW.guarantee_id IS NOT OLD.guarantee_id OR NEW.kind IS NOT OLD.kind
  OR NEW.overdue_id IS NOT OLD.overdue_id OR NEW.document_no IS NOT OLD.document_no
  OR NEW.issued_on IS NOT OLD.issued_on OR NEW.content IS NOT OLD.content
  OR NEW.content_sha256 IS NOT OLD.content_sha256 OR NEW.pdf IS NOT OLD.pdf
  OR NEW.pdf_sha256 IS NOT OLD.pdf_sha256 OR NEW.seal IS NOT OLD.seal
  OR NEW.generated_at IS NOT OLD.generated_at
  OR (OLD.delivered_on IS NOT NULL AND (NEW.delivered_on IS NOT OLD.delivered_on
      OR NEW.delivery_method IS NOT OLD.delivery_method OR NEW.delivery_note IS NOT OLD.delivery_note))
  OR (OLD.receipt_on IS NOT NULL AND (NEW.receipt_on IS NOT OLD.receipt_on
      OR NEW.receipt_note IS NOT OLD.receipt_note))
BEGIN
    SELECT RAISE(ABORT, 'an issued notice is not changed');
END;

-- trigger notices_to_outbox
CREATE TRIGGER notices_to_outbox AFTER INSERT ON notices
BEGIN
    INSERT INTO outbox (kind, guarantee_id, document_date, document_no, queued_at)
    VALUES ('notice', NEW.guarantee_id, NEW.issued_on, NEW.document_no, NEW.generated_at);
END;

-- trigger overdues_fixed
CREATE TRIGGER overdues_fixed BEFORE UPDATE ON overdues
WHEN NEW.guarantee_id IS NOT OLD.guarantee_id OR NEW.due_on IS NOT OLD.due_on
  OR NEW.known_on IS NOT OLD.known_on OR NEW.principal_fen IS NOT OLD.principal_fen
  OR NEW.interest_fen IS NOT OLD.interest_fen OR NEW.note IS NOT OLD.note
  OR OLD.cleared_on IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a recorded overdue is not edited');
END;

-- trigger photo_page_copies_stale
CREATE TRIGGER photo_page_copies_stale AFTER UPDATE OF bytes, print_jpeg ON photos
BEGIN
    DELETE FROM photo_page_copies WHERE photo_id = NEW.id;
END;

-- trigger photos_frozen_delete
CREATE TRIGGER photos_frozen_delete
BEFORE DELETE ON photos
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

-- trigger photos_frozen_insert
CREATE TRIGGER photos_frozen_insert
BEFORE INSERT ON photos
WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) = 'completed' AND NEW.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

-- trigger photos_frozen_update
CREATE TRIGGER photos_frozen_update
BEFORE UPDATE OF visit_id, position, file_name, sha256, mime_type, byte_size, width, height,
    taken_at, latitude, longitude, caption, checklist_item, bytes, added_at ON photos
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

-- trigger quarterly_reports_fixed
CREATE TRIGGER quarterly_reports_fixed BEFORE UPDATE ON quarterly_reports
BEGIN
    SELECT RAISE(ABORT, 'a quarterly report is not changed once issued');
END;

-- trigger quarterly_reports_to_outbox
CREATE TRIGGER quarterly_reports_to_outbox AFTER INSERT ON quarterly_reports
BEGIN
    INSERT INTO outbox (kind, guarantee_id, document_date, document_no, queued_at)
    VALUES ('quarterly_report', NEW.guarantee_id, NEW.issued_on, NEW.document_no, NEW.generated_at);
END;

-- trigger recoveries_no_update
CREATE TRIGGER recoveries_no_update BEFORE UPDATE ON recoveries
BEGIN
    SELECT RAISE(ABORT, 'a recorded recovery is not edited');
END;

-- trigger releases_fixed
CREATE TRIGGER releases_fixed BEFORE UPDATE ON releases
WHEN NEW.guarantee_id IS NOT OLD.guarantee_id OR NEW.document_no IS NOT OLD.document_no
  OR NEW.released_on IS NOT OLD.released_on OR NEW.content IS NOT OLD.content
  OR NEW.content_sha256 IS NOT OLD.content_sha256 OR NEW.pdf IS NOT OLD.pdf
  OR NEW.pdf_sha256 IS NOT OLD.pdf_sha256 OR NEW.seal IS NOT OLD.seal
  OR NEW.generated_at IS NOT OLD.generated_at
  OR (OLD.archived_on IS NOT NULL AND (NEW.archived_on IS NOT OLD.archived_on
      OR NEW.archive_receiver IS NOT OLD.archive_receiver))
  OR (OLD.titles_returned_on IS NOT NULL AND (NEW.titles_returned_on IS NOT OLD.titles_returned_on
      OR NEW.titles_receiver IS NOT OLD.titles_receiver
      OR NEW.titles_documents IS NOT OLD.titles_documents))
  OR (NEW.titles_returned_on IS NULL) <> (NEW.titles_receiver IS NULL)
  OR (NEW.titles_returned_on IS NULL) <> (NEW.titles_documents IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'a release is not changed');
END;

-- trigger releases_to_outbox
CREATE TRIGGER releases_to_outbox AFTER INSERT ON releases
BEGIN
    INSERT INTO outbox (kind, guarantee_id, document_date, document_no, queued_at)
    VALUES ('release', NEW.guarantee_id, NEW.released_on, NEW.document_no, NEW.generated_at);
END;

-- trigger repayment_scans_fixed
CREATE TRIGGER repayment_scans_fixed BEFORE UPDATE ON repayment_scans
BEGIN
    SELECT RAISE(ABORT, 'a voucher scan is not changed once attached');
END;

-- trigger repayments_no_update
CREATE TRIGGER repayments_no_update BEFORE UPDATE ON repayments
BEGIN
    SELECT RAISE(ABORT, 'a recorded repayment is not edited');
END;

-- trigger report_returns_fixed
CREATE TRIGGER report_returns_fixed BEFORE UPDATE ON report_returns
BEGIN
    SELECT RAISE(ABORT, 'a return is not changed');
END;

-- trigger reports_seal_set_once
CREATE TRIGGER reports_seal_set_once
BEFORE UPDATE OF seal ON reports
WHEN OLD.seal IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a report''s seal is set once');
END;

-- trigger signal_dismissals_frozen_delete
CREATE TRIGGER signal_dismissals_frozen_delete
BEFORE DELETE ON signal_dismissals
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

-- trigger signal_dismissals_frozen_insert
CREATE TRIGGER signal_dismissals_frozen_insert
BEFORE INSERT ON signal_dismissals
WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) = 'completed' AND NEW.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

-- trigger signal_dismissals_frozen_update
CREATE TRIGGER signal_dismissals_frozen_update
BEFORE UPDATE ON signal_dismissals
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

-- trigger visit_signatures_frozen_delete
CREATE TRIGGER visit_signatures_frozen_delete
BEFORE DELETE ON visit_signatures
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

-- trigger visit_signatures_frozen_insert
CREATE TRIGGER visit_signatures_frozen_insert
BEFORE INSERT ON visit_signatures
WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) = 'completed' AND NEW.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

-- trigger visit_signatures_frozen_update
CREATE TRIGGER visit_signatures_frozen_update
BEFORE UPDATE ON visit_signatures
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

-- trigger visit_text_confirmations_frozen_delete
CREATE TRIGGER visit_text_confirmations_frozen_delete
BEFORE DELETE ON visit_text_confirmations
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

-- trigger visit_text_confirmations_frozen_insert
CREATE TRIGGER visit_text_confirmations_frozen_insert
BEFORE INSERT ON visit_text_confirmations
WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) = 'completed' AND NEW.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

-- trigger visit_text_confirmations_frozen_update
CREATE TRIGGER visit_text_confirmations_frozen_update
BEFORE UPDATE ON visit_text_confirmations
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

-- trigger withdrawals_fixed
CREATE TRIGGER withdrawals_fixed BEFORE UPDATE ON withdrawals
WHEN NEW.guarantee_id IS NOT OLD.guarantee_id OR NEW.document_no IS NOT OLD.document_no
  OR NEW.proposed_on IS NOT OLD.proposed_on OR NEW.grounds IS NOT OLD.grounds
  OR NEW.proposer IS NOT OLD.proposer OR NEW.content IS NOT OLD.content
  OR NEW.content_sha256 IS NOT OLD.content_sha256 OR NEW.pdf IS NOT OLD.pdf
  OR NEW.pdf_sha256 IS NOT OLD.pdf_sha256 OR NEW.seal IS NOT OLD.seal
  OR NEW.generated_at IS NOT OLD.generated_at
  OR (OLD.decision IS NOT NULL AND (NEW.decision IS NOT OLD.decision
      OR NEW.decided_on IS NOT OLD.decided_on OR NEW.decided_by IS NOT OLD.decided_by
      OR NEW.decision_note IS NOT OLD.decision_note))
  OR OLD.bank_notified_on IS NOT NULL
  OR (NEW.bank_notified_on IS NOT NULL AND (NEW.decision IS NOT 'approved'
      OR NEW.bank_notified_on < NEW.decided_on))
BEGIN
    SELECT RAISE(ABORT, 'a withdrawal proposal is not changed once decided, and the bank is told once of an approved one');
END;

-- trigger withdrawals_to_outbox
CREATE TRIGGER withdrawals_to_outbox AFTER INSERT ON withdrawals
BEGIN
    INSERT INTO outbox (kind, guarantee_id, document_date, document_no, queued_at)
    VALUES ('withdrawal', NEW.guarantee_id, NEW.proposed_on, NEW.document_no, NEW.generated_at);
END;

-- trigger worker_interviews_frozen_delete
CREATE TRIGGER worker_interviews_frozen_delete
BEFORE DELETE ON worker_interviews
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

-- trigger worker_interviews_frozen_insert
CREATE TRIGGER worker_interviews_frozen_insert
BEFORE INSERT ON worker_interviews
WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) = 'completed' AND NEW.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

-- trigger worker_interviews_frozen_update
CREATE TRIGGER worker_interviews_frozen_update
BEFORE UPDATE ON worker_interviews
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;
