-- Version 38: each photo's thumbnail in a table of its own (issue 31). In `photos` it sits after
-- the original's bytes, so reading it walked and decrypted the whole original (12 thumbnails of
-- phone photos: 107 ms, for the screen of one visit). Copied here at the upgrade; the column
-- keeps its old copies, unread (clearing it would rewrite every photo's row, originals and all).
CREATE TABLE photo_thumbnails (
    photo_id  INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
    jpeg      BLOB NOT NULL
) STRICT;
INSERT INTO photo_thumbnails (photo_id, jpeg)
SELECT id, thumbnail FROM photos WHERE thumbnail IS NOT NULL;
