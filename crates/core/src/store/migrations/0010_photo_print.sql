-- Version 10: a print-size JPEG of each large photo (long edge 1600 px, upright), made once at
-- import, so a report with a dozen phone photos does not decode twelve 12-megapixel originals.
-- The original bytes stay as they were; photos without one print from the original.
ALTER TABLE photos ADD COLUMN print_jpeg BLOB;
