-- Version 26: evidence that cannot be faked (issue 12). Each photo's likeness (evidence::likeness:
-- 36 hashes of 256 bits, the whole picture and its crops), and the flag of a photo that is an
-- earlier photo's picture re-used, with the officer's explanation.
CREATE TABLE photo_likeness (
    photo_id  INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
    hashes    BLOB NOT NULL CHECK (length(hashes) = 1152)
) STRICT;

CREATE TABLE photo_reuse (
    photo_id          INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
    earlier_photo_id  INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    -- Bits apart, of 256, when it was found.
    distance          INTEGER NOT NULL CHECK (distance BETWEEN 0 AND 256),
    explanation       TEXT,
    explained_at      TEXT
) STRICT;
CREATE INDEX photo_reuse_earlier ON photo_reuse(earlier_photo_id);
