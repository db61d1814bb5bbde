-- Version 9: the 保后检查表 as issued.
-- Signatures drawn on screen by the officer and by the borrower's representative: PNG images,
-- one per role, part of the visit (frozen with it; cleared when the borrower's confirmation is
-- voided or the visit is reopened for a correction).
CREATE TABLE visit_signatures (
    visit_id  INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    role      TEXT NOT NULL CHECK (role IN ('officer', 'borrower')),
    signer    TEXT NOT NULL CHECK (length(trim(signer)) > 0),
    png       BLOB NOT NULL CHECK (length(png) > 0),
    sha256    TEXT NOT NULL CHECK (length(sha256) = 64),
    signed_at TEXT NOT NULL,
    PRIMARY KEY (visit_id, role)
) STRICT;

-- Each final report issued: one per version of a completed visit, with its document number, the
-- SHA-256 of its canonical content (printed in the QR code) and the PDF as first issued.
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
    generated_at   TEXT NOT NULL,
    UNIQUE (visit_id, visit_version)
) STRICT;
