//! What every sealed document shares: its canonical content's digest and the QR payload
//! ([`SealedContent`]), the laptop's Ed25519 seal ([`seal`]), and the A4 page they are printed on
//! (fonts, layout, the form's parts, the running head, QR code and footer of every page). The
//! 保后检查表 (`crate::report`) and each document of its own folder (`crate::notices`,
//! `crate::release`, `crate::withdrawal`, `crate::collection_record`) stand on it; it reads no
//! database.

use crate::digest::sha256_hex;
use serde::Serialize;

pub mod approvals;
pub(crate) mod form;
pub(crate) mod furniture;
pub(crate) mod layout;
pub mod seal;
pub(crate) mod typeset;

/// SHA-256 of a document's canonical content: its JSON as serialised (what head office and the
/// QR code check), for the report, the notices, the release and the withdrawal form alike.
pub fn digest_of(content: &impl Serialize) -> String {
    sha256_hex(&serde_json::to_vec(content).expect("document content serialises"))
}

/// A document issued besides the 保后检查表 (a notice, the release confirmation, the withdrawal
/// form, the collection record): numbered, digested over its canonical JSON and QR-coded the same
/// way, so its digest and QR payload are written once, here.
pub trait SealedContent: Serialize + Sized {
    fn document_no(&self) -> &str;

    /// SHA-256 of the canonical content (its JSON, fields in declaration order).
    fn digest(&self) -> String {
        digest_of(self)
    }

    /// What the QR code of every page carries.
    fn qr_payload(&self) -> String {
        qr_payload(self.document_no(), &self.digest())
    }
}

/// What the QR code of every page of a document carries.
pub fn qr_payload(document_no: &str, digest: &str) -> String {
    format!("BAOHOU:{document_no};SHA256:{digest}")
}
