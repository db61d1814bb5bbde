-- Version 30: the 有权凭证 of a mortgage or pledge handed back after the release, against the
-- 抵押/质押人's signed receipt (seed 003 "还清全部贷款后，应将抵押、质押物的有权凭证交还抵押、质押人，
-- 并做好签收登记"): the day, who signed for them, and what was handed back.
ALTER TABLE releases ADD COLUMN titles_returned_on TEXT
    CHECK (titles_returned_on IS NULL OR date(titles_returned_on) = titles_returned_on);
ALTER TABLE releases ADD COLUMN titles_receiver TEXT;
ALTER TABLE releases ADD COLUMN titles_documents TEXT;

-- The archive handover and the titles' return are each recorded once; nothing else changes.
DROP TRIGGER releases_fixed;
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
