-- Version 37: each photo as a report's page prints it (issue 31): upright, scaled to the policy's
-- `document.photo_long_edge` and compressed at its `photo_jpeg_quality` (`spec` says which, and
-- how the copy was made), made once when the photo is added, or by the first report that needs
-- it under other settings, so that a report places the JPEG as it is instead of decoding every
-- photo again. A cache: the original and the print copy stay as they were. In a table of its own:
-- a column of `photos` after `bytes` is read by walking the original's overflow pages (each one
-- decrypted), a whole phone photo for every copy read.
CREATE TABLE photo_page_copies (
    photo_id  INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
    spec      TEXT NOT NULL,
    jpeg      BLOB NOT NULL
) STRICT;

-- A photo's picture replaced (its bytes or print copy): its page copy goes with it.
CREATE TRIGGER photo_page_copies_stale AFTER UPDATE OF bytes, print_jpeg ON photos
BEGIN
    DELETE FROM photo_page_copies WHERE photo_id = NEW.id;
END;

-- A visit's photos as lists and counts read them (`photos_of`, the evidence counts), without the
-- row: `added_at` sits after the original's bytes in it.
CREATE INDEX photos_listed ON photos(visit_id, position, file_name, sha256, mime_type, byte_size,
    width, height, taken_at, latitude, longitude, caption, checklist_item, added_at);
