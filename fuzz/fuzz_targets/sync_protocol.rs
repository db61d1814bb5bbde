//! What travels between the laptop and head office: a manifest (checked against the sealed
//! content it carries, as head office checks it), an update page, an error body, a report seal
//! and a document's sealed content; each is refused or read, and a seal read is verified without
//! panicking.
#![no_main]
use baohou_core::sealed::seal::ReportSeal;
use baohou_core::sync::claims;
use baohou_core::protocol::{ApiError, DocumentKind, Manifest, ReportStatus, Updates};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(m) = serde_json::from_slice::<Manifest>(data) {
        let _ = m.fingerprint();
        let _ = claims::check_upload(&m);
    }
    for kind in DocumentKind::ALL {
        let _ = claims::read(*kind, data);
    }
    let _ = serde_json::from_slice::<Updates>(data);
    let _ = serde_json::from_slice::<ReportStatus>(data);
    let _ = serde_json::from_slice::<ApiError>(data);
    if let Ok(seal) = ReportSeal::from_json(data) {
        let _ = seal.verify();
        let _ = seal.verify_report(&seal.document_no, data, Some(data));
        let _ = seal.fingerprint();
    }
});
