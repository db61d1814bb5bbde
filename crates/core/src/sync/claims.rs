//! What head office believes of an upload: only what was signed.
//!
//! A laptop announces a document with a [`Manifest`]: its number, contract, borrower, officer,
//! day, and the files that make it. The manifest itself is not signed; the document's canonical
//! content is (its SHA-256 is in the seal, with the PDF's). So the manifest carries the sealed
//! content and the seal ([`SealedFiles`]), and [`check_upload`] reads the contract, borrower,
//! officer, day, version and every photo's hash from the content, checks the seal over it, and
//! refuses a manifest that says anything else, or lists a file the seal does not cover, before
//! head office records anything. The laptop builds its manifest from the same reading
//! ([`read`]), so an honest manifest always agrees.

use crate::digest::sha256_hex;
use crate::protocol::{DocumentKind, FileKind, Manifest, SealedFiles};
use crate::sealed::seal::{ReportSeal, SealError};
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::BTreeSet;

/// The fields a sealed document states about itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealedClaims {
    pub document_no: String,
    pub contract_no: String,
    pub borrower: String,
    /// The officer who made the visit (a report), or the officer in charge named in the
    /// document (the proposer, for a withdrawal form).
    pub officer: String,
    /// The visit's day, or the day the document was issued.
    pub date: NaiveDate,
    /// The report's version (1 for another document).
    pub version: u32,
    /// SHA-256 of every photo the content lists (a report's; none for another document).
    pub photos: BTreeSet<String>,
    /// A report's photos that re-use an earlier photo's picture, far from the site or the visit
    /// day, or ahead of the laptop's clock, and whether its free text is a near copy of the last
    /// report's: head office counts them per officer.
    pub evidence: EvidenceFlags,
}

/// What a report's content flags for reviewers (zero for another document).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EvidenceFlags {
    pub reused_photos: u32,
    pub far_from_site: u32,
    pub far_from_visit: u32,
    pub ahead_of_clock: u32,
    pub near_copy: bool,
}

crate::i18n::code_enum! {
    /// A field of a manifest, as head office names it in a refusal.
    pub enum ManifestField: "manifest field" {
        DocumentNo = "document_no" => ("文书编号", "文書編號", "document number"),
        ContractNo = "contract_no" => ("合同编号", "合同編號", "contract number"),
        Borrower = "borrower" => ("借款人", "借款人", "borrower"),
        Officer = "officer" => ("客户经理", "客戶經理", "officer"),
        Date = "visit_date" => ("检查或出具日期", "檢查或出具日期", "visit or issue date"),
        Version = "visit_version" => ("版本", "版本", "version"),
        ContentSha256 = "content_sha256" => ("内容摘要", "內容摘要", "content digest"),
    }
}

/// Why an upload is refused before anything of it is recorded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UploadRefusal {
    #[error("the upload carries no sealed content and seal")]
    Unsigned,
    #[error("the sealed content is not the document's JSON: {0}")]
    ContentUnreadable(String),
    #[error("the sealed content has no {0}")]
    ContentLacks(&'static str),
    #[error("the manifest's {field} is {claimed:?}, the sealed content says {sealed:?}")]
    Contradicts {
        field: ManifestField,
        sealed: String,
        claimed: String,
    },
    #[error("the manifest lists {count} files of kind {kind:?}, a document has exactly one")]
    OwnFileCount { kind: FileKind, count: usize },
    #[error("the manifest's {kind:?} file {name} is not the one sealed")]
    OwnFileNotSealed { kind: FileKind, name: String },
    #[error("the file {name} is not among the photos the sealed content lists")]
    UnsignedFile { name: String },
    #[error("the sealed content lists photo {sha256} that the manifest leaves out")]
    SealedPhotoMissing { sha256: String },
    #[error(transparent)]
    Seal(#[from] SealError),
}

impl UploadRefusal {
    /// The stable code head office answers with.
    pub fn code(&self) -> crate::code::Code {
        match self {
            UploadRefusal::Unsigned => crate::code::Code::UnsignedUpload,
            UploadRefusal::ContentUnreadable(_) | UploadRefusal::ContentLacks(_) => {
                crate::code::Code::SealedContentUnreadable
            }
            UploadRefusal::Contradicts { .. } => crate::code::Code::ManifestContradictsSeal,
            UploadRefusal::OwnFileCount { .. } | UploadRefusal::OwnFileNotSealed { .. } => {
                crate::code::Code::OwnFileNotSealed
            }
            UploadRefusal::UnsignedFile { .. } => crate::code::Code::UnsignedFile,
            UploadRefusal::SealedPhotoMissing { .. } => crate::code::Code::SealedPhotoMissing,
            UploadRefusal::Seal(e) => e.code(),
        }
    }
}

/// Reads the claims of a document's canonical content (its JSON as sealed).
pub fn read(kind: DocumentKind, content: &[u8]) -> Result<SealedClaims, UploadRefusal> {
    let v: Value = serde_json::from_slice(content)
        .map_err(|e| UploadRefusal::ContentUnreadable(e.to_string()))?;
    let text = |path: &[&'static str]| -> Result<String, UploadRefusal> {
        let mut at = &v;
        for key in path {
            at = at
                .get(key)
                .ok_or(UploadRefusal::ContentLacks(path[path.len() - 1]))?;
        }
        at.as_str()
            .map(str::to_owned)
            .ok_or(UploadRefusal::ContentLacks(path[path.len() - 1]))
    };
    let date = |path: &[&'static str]| -> Result<NaiveDate, UploadRefusal> {
        text(path)?
            .parse()
            .map_err(|_| UploadRefusal::ContentLacks(path[path.len() - 1]))
    };
    let document_no = text(&["document_no"])?;
    let claims = match kind {
        DocumentKind::InspectionReport => {
            let photos = v.get("photos").and_then(Value::as_array);
            let mut evidence = EvidenceFlags {
                near_copy: v
                    .pointer("/copied/near_copy")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
                ..EvidenceFlags::default()
            };
            let mut hashes = BTreeSet::new();
            for p in photos.into_iter().flatten() {
                let sha = p
                    .get("sha256")
                    .and_then(Value::as_str)
                    .ok_or(UploadRefusal::ContentLacks("sha256"))?;
                hashes.insert(sha.to_owned());
                let flag = |key: &str| p.get(key).and_then(Value::as_bool).unwrap_or(false);
                let count = |yes: bool| u32::from(yes);
                evidence.reused_photos += count(p.get("reused").is_some_and(|r| !r.is_null()));
                evidence.far_from_site += count(flag("far_from_site"));
                evidence.far_from_visit += count(flag("far_from_visit"));
                evidence.ahead_of_clock += count(
                    p.get("ahead_of_clock_minutes")
                        .is_some_and(|m| !m.is_null()),
                );
            }
            SealedClaims {
                contract_no: text(&["header", "contract_no"])?,
                borrower: text(&["header", "borrower"])?,
                officer: text(&["header", "visit_officer"])?,
                date: date(&["header", "visit_date"])?,
                version: v
                    .get("version")
                    .and_then(Value::as_u64)
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or(UploadRefusal::ContentLacks("version"))?,
                photos: hashes,
                evidence,
                document_no,
            }
        }
        DocumentKind::Notice => SealedClaims {
            contract_no: text(&["contract_no"])?,
            borrower: text(&["borrower"])?,
            officer: text(&["officer"])?,
            date: date(&["issued_on"])?,
            ..other(document_no)
        },
        DocumentKind::Release => SealedClaims {
            contract_no: text(&["contract_no"])?,
            borrower: text(&["borrower"])?,
            officer: text(&["officer"])?,
            date: date(&["released_on"])?,
            ..other(document_no)
        },
        DocumentKind::Withdrawal => SealedClaims {
            contract_no: text(&["contract_no"])?,
            borrower: text(&["borrower"])?,
            officer: text(&["proposer"])?,
            date: date(&["proposed_on"])?,
            ..other(document_no)
        },
        DocumentKind::CollectionRecord => SealedClaims {
            contract_no: text(&["body", "contract_no"])?,
            borrower: text(&["body", "borrower"])?,
            officer: text(&["body", "officer"])?,
            date: date(&["issued_on"])?,
            ..other(document_no)
        },
        DocumentKind::QuarterlyReport => SealedClaims {
            contract_no: text(&["contract_no"])?,
            borrower: text(&["borrower"])?,
            officer: text(&["officer"])?,
            date: date(&["issued_on"])?,
            ..other(document_no)
        },
    };
    Ok(claims)
}

/// The claims of a document other than a report, before its own fields are read.
fn other(document_no: String) -> SealedClaims {
    SealedClaims {
        document_no,
        contract_no: String::new(),
        borrower: String::new(),
        officer: String::new(),
        date: NaiveDate::MIN,
        version: 1,
        photos: BTreeSet::new(),
        evidence: EvidenceFlags::default(),
    }
}

/// An upload head office may record: what the seal says, and the seal.
#[derive(Clone, Debug)]
pub struct CheckedUpload {
    pub claims: SealedClaims,
    pub seal: ReportSeal,
}

/// Checks a manifest against what was signed: the seal holds over the content and names this
/// document; the manifest's number, contract, borrower, officer, day and version are the sealed
/// content's; its content file, seal file and PDF are the sealed ones; and its photos are
/// exactly those the content lists. Whose key made the seal is for head office to check (the
/// key its device is bound to).
pub fn check_upload(m: &Manifest) -> Result<CheckedUpload, UploadRefusal> {
    let sealed = m.sealed.as_ref().ok_or(UploadRefusal::Unsigned)?;
    let content_sha = sha256_hex(sealed.content.as_bytes());
    let seal = ReportSeal::from_json(sealed.seal.as_bytes())?;
    seal.verify()?;
    if seal.document_no != m.document_no {
        return Err(SealError::OtherReport {
            sealed: seal.document_no.clone(),
            given: m.document_no.clone(),
        }
        .into());
    }
    // The seal is over this content (the PDF's digest is checked against its file below): what
    // is read from it next is what was signed.
    seal.verify_digests(&content_sha, None)?;
    let claims = read(m.kind, sealed.content.as_bytes())?;
    let contradicts = |field, sealed: String, claimed: String| {
        if sealed == claimed {
            Ok(())
        } else {
            Err(UploadRefusal::Contradicts {
                field,
                sealed,
                claimed,
            })
        }
    };
    contradicts(
        ManifestField::DocumentNo,
        claims.document_no.clone(),
        m.document_no.clone(),
    )?;
    contradicts(
        ManifestField::ContractNo,
        claims.contract_no.clone(),
        m.contract_no.clone(),
    )?;
    contradicts(
        ManifestField::Borrower,
        claims.borrower.clone(),
        m.borrower.clone(),
    )?;
    contradicts(
        ManifestField::Officer,
        claims.officer.clone(),
        m.officer.clone(),
    )?;
    contradicts(
        ManifestField::Date,
        claims.date.to_string(),
        m.visit_date.to_string(),
    )?;
    contradicts(
        ManifestField::Version,
        claims.version.to_string(),
        m.visit_version.to_string(),
    )?;
    contradicts(
        ManifestField::ContentSha256,
        content_sha.clone(),
        m.content_sha256.clone(),
    )?;
    // The document's own files: one each, the sealed ones.
    let seal_sha = sha256_hex(sealed.seal.as_bytes());
    for (kind, sealed_sha) in [
        (FileKind::VisitJson, content_sha.as_str()),
        (FileKind::Seal, seal_sha.as_str()),
        (FileKind::Pdf, seal.pdf_sha256.as_str()),
    ] {
        let listed: Vec<_> = m.files.iter().filter(|f| f.kind == kind).collect();
        let [file] = listed.as_slice() else {
            return Err(UploadRefusal::OwnFileCount {
                kind,
                count: listed.len(),
            });
        };
        if file.sha256 != sealed_sha {
            return Err(if kind == FileKind::Pdf {
                SealError::PdfChanged {
                    sealed: sealed_sha.to_owned(),
                    actual: file.sha256.clone(),
                }
                .into()
            } else {
                UploadRefusal::OwnFileNotSealed {
                    kind,
                    name: file.name.clone(),
                }
            });
        }
    }
    // The photos: exactly the sealed ones.
    for f in m.files.iter().filter(|f| f.kind == FileKind::Photo) {
        if !claims.photos.contains(&f.sha256) {
            return Err(UploadRefusal::UnsignedFile {
                name: f.name.clone(),
            });
        }
    }
    for sha in &claims.photos {
        if !m
            .files
            .iter()
            .any(|f| f.kind == FileKind::Photo && f.sha256 == *sha)
        {
            return Err(UploadRefusal::SealedPhotoMissing {
                sha256: sha.clone(),
            });
        }
    }
    Ok(CheckedUpload { claims, seal })
}

#[cfg(test)]
mod tests;

/// A sealed upload made from scratch the way a laptop makes one (content, PDF, seal, photos),
/// for head office's tests, the sync benchmark and the fuzz seeds.
pub mod sample {
    use super::SealedFiles;
    use crate::digest::sha256_hex;
    use crate::protocol::{DocumentKind, FileEntry, FileKind, Manifest};
    use crate::sealed::seal::LaptopKey;
    use chrono::NaiveDate;

    /// A manifest and the bytes of each of its files, in its order.
    #[derive(Clone, Debug)]
    pub struct Upload {
        pub manifest: Manifest,
        pub files: Vec<Vec<u8>>,
    }

    impl Upload {
        /// The bytes of the manifest's file with this SHA-256.
        pub fn bytes_of(&self, sha256: &str) -> &[u8] {
            let i = self
                .manifest
                .files
                .iter()
                .position(|f| f.sha256 == sha256)
                .expect("a file of the upload");
            &self.files[i]
        }
    }

    /// What a sample report says.
    #[derive(Clone, Debug)]
    pub struct Report<'a> {
        pub document_no: &'a str,
        pub contract_no: &'a str,
        pub borrower: &'a str,
        pub officer: &'a str,
        pub date: NaiveDate,
        pub photos: Vec<(String, Vec<u8>)>,
        /// Filler for the PDF, to give it a size (bytes).
        pub pdf_size: usize,
        /// The first this many photos are flagged as an earlier photo's picture re-used.
        pub reused_photos: usize,
        /// The first this many photos are flagged as taken far from the registered site.
        pub far_from_site: usize,
        /// The free text is flagged as mostly the last report's.
        pub near_copy: bool,
        /// The report's version (2 and up: a corrected report of the same visit).
        pub version: u32,
    }

    impl<'a> Report<'a> {
        pub fn new(document_no: &'a str, contract_no: &'a str, officer: &'a str) -> Report<'a> {
            Report {
                document_no,
                contract_no,
                borrower: "甲公司",
                officer,
                date: NaiveDate::from_ymd_opt(2026, 11, 20).expect("a date"),
                photos: Vec::new(),
                pdf_size: 0,
                reused_photos: 0,
                far_from_site: 0,
                near_copy: false,
                version: 1,
            }
        }

        /// The report sealed by `key`: photos first, then the PDF, the content and the seal.
        pub fn sealed(&self, key: &LaptopKey) -> Upload {
            let photos: Vec<serde_json::Value> = self
                .photos
                .iter()
                .enumerate()
                .map(|(i, (name, bytes))| {
                    let mut p = serde_json::json!({
                        "file_name": name,
                        "sha256": sha256_hex(bytes),
                        "far_from_site": i < self.far_from_site,
                        "far_from_visit": false,
                    });
                    if i < self.reused_photos {
                        p["reused"] = serde_json::json!({
                            "earlier_visit_date": "2026-08-20", "distance": 12,
                        });
                    }
                    p
                })
                .collect();
            let content = serde_json::json!({
                "format": 2,
                "document_no": self.document_no,
                "is_final": true,
                "version": self.version,
                "header": {
                    "contract_no": self.contract_no,
                    "borrower": self.borrower,
                    "visit_officer": self.officer,
                    "visit_date": self.date,
                },
                "photos": photos,
                "copied": { "near_copy": self.near_copy },
            })
            .to_string();
            let mut pdf = format!("%PDF-1.7 {}\n", self.document_no).into_bytes();
            pdf.resize(pdf.len().max(self.pdf_size), b'%');
            let at =
                chrono::DateTime::parse_from_rfc3339("2026-11-20T16:00:00+08:00").expect("a time");
            let seal = key
                .seal(
                    self.document_no,
                    &sha256_hex(content.as_bytes()),
                    &sha256_hex(&pdf),
                    at,
                )
                .to_json();
            let mut entries: Vec<(String, FileKind, Vec<u8>)> = self
                .photos
                .iter()
                .map(|(name, bytes)| (name.clone(), FileKind::Photo, bytes.clone()))
                .collect();
            let no = self.document_no;
            entries.push((format!("{no}.pdf"), FileKind::Pdf, pdf));
            entries.push((
                format!("{no}.json"),
                FileKind::VisitJson,
                content.clone().into_bytes(),
            ));
            entries.push((format!("{no}.seal.json"), FileKind::Seal, seal.clone()));
            Upload {
                manifest: Manifest {
                    kind: DocumentKind::InspectionReport,
                    document_no: no.to_owned(),
                    contract_no: self.contract_no.to_owned(),
                    borrower: self.borrower.to_owned(),
                    officer: self.officer.to_owned(),
                    visit_date: self.date,
                    visit_version: self.version,
                    content_sha256: sha256_hex(content.as_bytes()),
                    files: entries
                        .iter()
                        .map(|(name, kind, bytes)| FileEntry {
                            name: name.clone(),
                            kind: *kind,
                            sha256: sha256_hex(bytes),
                            size: bytes.len() as u64,
                        })
                        .collect(),
                    sealed: Some(SealedFiles {
                        content,
                        seal: String::from_utf8(seal).expect("a seal is JSON text"),
                    }),
                },
                files: entries.into_iter().map(|(_, _, bytes)| bytes).collect(),
            }
        }
    }
}
