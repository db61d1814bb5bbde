-- Version 7: a small JPEG of each photo for the screens (the original bytes stay as they were),
-- and when the photo was added to the visit.
ALTER TABLE photos ADD COLUMN thumbnail BLOB;
ALTER TABLE photos ADD COLUMN added_at TEXT;
