-- Version 20: release (解保) and the archive handover (一户一档), issue 10.
--
-- The 《免除担保责任确认表》 as issued (content, digest, PDF, seal) with the day the guarantee was
-- released, then the day its file was handed to the archive and to whom.
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
    archive_receiver TEXT,
    CHECK ((archived_on IS NULL) = (archive_receiver IS NULL))
) STRICT;

CREATE TRIGGER releases_fixed BEFORE UPDATE ON releases
WHEN NEW.guarantee_id IS NOT OLD.guarantee_id OR NEW.document_no IS NOT OLD.document_no
  OR NEW.released_on IS NOT OLD.released_on OR NEW.content IS NOT OLD.content
  OR NEW.content_sha256 IS NOT OLD.content_sha256 OR NEW.pdf IS NOT OLD.pdf
  OR NEW.pdf_sha256 IS NOT OLD.pdf_sha256 OR NEW.seal IS NOT OLD.seal
  OR NEW.generated_at IS NOT OLD.generated_at OR OLD.archived_on IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a release is not changed');
END;
