-- Version 14: privacy and immutability.
--
-- A completed visit is frozen in the database itself, not only in the program: its row (but for
-- the date its report was issued and the time it was last touched) and every row that belongs to
-- it (answers, stock lines, interviews, figures, photos but for their cached copies, confirmations,
-- dismissals, signatures) refuse INSERT, UPDATE and DELETE until the visit is reopened, which the
-- program records as a correction. The one other way out is the removal of a borrower's data
-- from the laptop once head office holds it: the visits being erased are listed in `erasures`
-- within that transaction, and emptied again before it commits.
CREATE TABLE erasures (
    visit_id INTEGER PRIMARY KEY
) STRICT;

-- The day a guarantee was released (解保); a released guarantee's data is kept on the laptop for
-- the policy's [security] released_retention_days after it. Guarantees released before this
-- version count from their maturity.
ALTER TABLE guarantees ADD COLUMN released_on TEXT CHECK (released_on IS NULL OR date(released_on) = released_on);
UPDATE guarantees SET released_on = maturity_date WHERE status = 'released';

-- The audit log, second scheme (store::audit): an entry's hash covers the SHA-256 of its before
-- and after rather than the text itself, so that the text can be erased with its borrower while
-- the chain still proves the entry was there and unchanged. The entries written before this
-- version are re-hashed under it when their chain checks out (migration step in the program).
ALTER TABLE audit_log ADD COLUMN scheme INTEGER NOT NULL DEFAULT 1 CHECK (scheme IN (1, 2));
ALTER TABLE audit_log ADD COLUMN before_sha256 TEXT;
ALTER TABLE audit_log ADD COLUMN after_sha256 TEXT;
ALTER TABLE audit_log ADD COLUMN erased_at TEXT;
DROP TRIGGER audit_log_no_update;
DROP TRIGGER audit_log_no_delete;

CREATE TRIGGER completed_visit_frozen
BEFORE UPDATE ON visits
WHEN OLD.status = 'completed' AND NEW.status = 'completed' AND (NEW.guarantee_id IS NOT OLD.guarantee_id OR NEW.kind IS NOT OLD.kind OR NEW.method IS NOT OLD.method OR NEW.visit_date IS NOT OLD.visit_date OR NEW.officer_id IS NOT OLD.officer_id OR NEW.companion_officer_id IS NOT OLD.companion_officer_id OR NEW.policy_version IS NOT OLD.policy_version OR NEW.conclusion IS NOT OLD.conclusion OR NEW.measures IS NOT OLD.measures OR NEW.completed_at IS NOT OLD.completed_at OR NEW.template_version IS NOT OLD.template_version OR NEW.started_from IS NOT OLD.started_from OR NEW.version IS NOT OLD.version OR NEW.correction_reason IS NOT OLD.correction_reason OR NEW.borrower_confirmed_by IS NOT OLD.borrower_confirmed_by OR NEW.borrower_confirmed_at IS NOT OLD.borrower_confirmed_at)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

CREATE TRIGGER completed_visit_kept
BEFORE DELETE ON visits
WHEN OLD.status = 'completed' AND OLD.id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

CREATE TRIGGER checklist_answers_frozen_insert
BEFORE INSERT ON checklist_answers
WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) = 'completed' AND NEW.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;
CREATE TRIGGER checklist_answers_frozen_delete
BEFORE DELETE ON checklist_answers
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;
CREATE TRIGGER checklist_answers_frozen_update
BEFORE UPDATE ON checklist_answers
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

CREATE TRIGGER inventory_lines_frozen_insert
BEFORE INSERT ON inventory_lines
WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) = 'completed' AND NEW.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;
CREATE TRIGGER inventory_lines_frozen_delete
BEFORE DELETE ON inventory_lines
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;
CREATE TRIGGER inventory_lines_frozen_update
BEFORE UPDATE ON inventory_lines
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

CREATE TRIGGER worker_interviews_frozen_insert
BEFORE INSERT ON worker_interviews
WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) = 'completed' AND NEW.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;
CREATE TRIGGER worker_interviews_frozen_delete
BEFORE DELETE ON worker_interviews
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;
CREATE TRIGGER worker_interviews_frozen_update
BEFORE UPDATE ON worker_interviews
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

CREATE TRIGGER financial_figures_frozen_insert
BEFORE INSERT ON financial_figures
WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) = 'completed' AND NEW.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;
CREATE TRIGGER financial_figures_frozen_delete
BEFORE DELETE ON financial_figures
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;
CREATE TRIGGER financial_figures_frozen_update
BEFORE UPDATE ON financial_figures
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

CREATE TRIGGER photos_frozen_insert
BEFORE INSERT ON photos
WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) = 'completed' AND NEW.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;
CREATE TRIGGER photos_frozen_delete
BEFORE DELETE ON photos
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;
CREATE TRIGGER photos_frozen_update
BEFORE UPDATE OF visit_id, position, file_name, sha256, mime_type, byte_size, width, height,
    taken_at, latitude, longitude, caption, checklist_item, bytes, added_at ON photos
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

CREATE TRIGGER visit_text_confirmations_frozen_insert
BEFORE INSERT ON visit_text_confirmations
WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) = 'completed' AND NEW.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;
CREATE TRIGGER visit_text_confirmations_frozen_delete
BEFORE DELETE ON visit_text_confirmations
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;
CREATE TRIGGER visit_text_confirmations_frozen_update
BEFORE UPDATE ON visit_text_confirmations
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

CREATE TRIGGER signal_dismissals_frozen_insert
BEFORE INSERT ON signal_dismissals
WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) = 'completed' AND NEW.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;
CREATE TRIGGER signal_dismissals_frozen_delete
BEFORE DELETE ON signal_dismissals
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;
CREATE TRIGGER signal_dismissals_frozen_update
BEFORE UPDATE ON signal_dismissals
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;

CREATE TRIGGER visit_signatures_frozen_insert
BEFORE INSERT ON visit_signatures
WHEN (SELECT status FROM visits WHERE id = NEW.visit_id) = 'completed' AND NEW.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;
CREATE TRIGGER visit_signatures_frozen_delete
BEFORE DELETE ON visit_signatures
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;
CREATE TRIGGER visit_signatures_frozen_update
BEFORE UPDATE ON visit_signatures
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed' AND OLD.visit_id NOT IN (SELECT visit_id FROM erasures)
BEGIN
    SELECT RAISE(ABORT, 'a completed visit is frozen: reopen it for a correction');
END;
