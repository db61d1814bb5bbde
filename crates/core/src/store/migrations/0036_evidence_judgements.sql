-- Version 36: each completed visit's evidence flags as 证据核查 counts them (issue 31), kept so that
-- the managers' counts over a year read one row per visit instead of judging every visit's texts
-- and photos again at each opening. A cache: derived only from the tables below, written when the
-- counts are read, and removed by the triggers when anything it was derived from changes: the
-- visit, its guarantee's other visits (the visit before it is what its texts are compared with),
-- their answers, its photos and their re-use flags, the borrower's site. The policy's numbers it
-- was judged by are in `rules`; rows judged by other numbers are judged again.
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

-- A visit added, changed or removed: its guarantee's visits (the one after it compares with it).
CREATE TRIGGER evidence_judgements_visit_insert AFTER INSERT ON visits
BEGIN
    DELETE FROM evidence_judgements
    WHERE visit_id IN (SELECT id FROM visits WHERE guarantee_id = NEW.guarantee_id);
END;

CREATE TRIGGER evidence_judgements_visit_update
AFTER UPDATE OF guarantee_id, visit_date, officer_id, status, conclusion, measures ON visits
BEGIN
    DELETE FROM evidence_judgements
    WHERE visit_id IN (SELECT id FROM visits WHERE guarantee_id IN (OLD.guarantee_id, NEW.guarantee_id));
END;

CREATE TRIGGER evidence_judgements_visit_delete AFTER DELETE ON visits
BEGIN
    DELETE FROM evidence_judgements
    WHERE visit_id IN (SELECT id FROM visits WHERE guarantee_id = OLD.guarantee_id);
END;

-- A visit's answers: its texts, which the visit after it is compared with too.
CREATE TRIGGER evidence_judgements_answer_insert AFTER INSERT ON checklist_answers
BEGIN
    DELETE FROM evidence_judgements WHERE visit_id IN (
        SELECT id FROM visits
        WHERE guarantee_id = (SELECT guarantee_id FROM visits WHERE id = NEW.visit_id));
END;

CREATE TRIGGER evidence_judgements_answer_update AFTER UPDATE ON checklist_answers
BEGIN
    DELETE FROM evidence_judgements WHERE visit_id IN (
        SELECT id FROM visits
        WHERE guarantee_id IN (SELECT guarantee_id FROM visits WHERE id IN (OLD.visit_id, NEW.visit_id)));
END;

CREATE TRIGGER evidence_judgements_answer_delete AFTER DELETE ON checklist_answers
BEGIN
    DELETE FROM evidence_judgements WHERE visit_id IN (
        SELECT id FROM visits
        WHERE guarantee_id = (SELECT guarantee_id FROM visits WHERE id = OLD.visit_id));
END;

-- A visit's photos and their re-use flags.
CREATE TRIGGER evidence_judgements_photo_insert AFTER INSERT ON photos
BEGIN
    DELETE FROM evidence_judgements WHERE visit_id = NEW.visit_id;
END;

CREATE TRIGGER evidence_judgements_photo_update
AFTER UPDATE OF visit_id, taken_at, added_at, latitude, longitude ON photos
BEGIN
    DELETE FROM evidence_judgements WHERE visit_id IN (OLD.visit_id, NEW.visit_id);
END;

CREATE TRIGGER evidence_judgements_photo_delete AFTER DELETE ON photos
BEGIN
    DELETE FROM evidence_judgements WHERE visit_id = OLD.visit_id;
END;

CREATE TRIGGER evidence_judgements_reuse_insert AFTER INSERT ON photo_reuse
BEGIN
    DELETE FROM evidence_judgements
    WHERE visit_id = (SELECT visit_id FROM photos WHERE id = NEW.photo_id);
END;

CREATE TRIGGER evidence_judgements_reuse_update AFTER UPDATE ON photo_reuse
BEGIN
    DELETE FROM evidence_judgements
    WHERE visit_id IN (SELECT visit_id FROM photos WHERE id IN (OLD.photo_id, NEW.photo_id));
END;

CREATE TRIGGER evidence_judgements_reuse_delete AFTER DELETE ON photo_reuse
BEGIN
    DELETE FROM evidence_judgements
    WHERE visit_id = (SELECT visit_id FROM photos WHERE id = OLD.photo_id);
END;

-- The borrower's registered site, and a guarantee moved to another borrower.
CREATE TRIGGER evidence_judgements_site_update
AFTER UPDATE OF site_latitude, site_longitude ON borrowers
BEGIN
    DELETE FROM evidence_judgements WHERE visit_id IN (
        SELECT v.id FROM visits v JOIN guarantees g ON g.id = v.guarantee_id
        WHERE g.borrower_id = NEW.id);
END;

CREATE TRIGGER evidence_judgements_borrower_update AFTER UPDATE OF borrower_id ON guarantees
BEGIN
    DELETE FROM evidence_judgements
    WHERE visit_id IN (SELECT id FROM visits WHERE guarantee_id = NEW.id);
END;

-- The counts over a period: completed visits by visit date, each with its officer.
CREATE INDEX visits_completed_by_date ON visits(visit_date, officer_id) WHERE status = 'completed';
