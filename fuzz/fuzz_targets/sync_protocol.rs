//! What travels between the laptop and head office: a manifest, an update page, an error body
//! and a report seal; each is refused or read, and a seal read is verified without panicking.
#![no_main]
use baohou_core::report::seal::ReportSeal;
use baohou_core::sync::protocol::{ApiError, Manifest, ReportStatus, Updates};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(m) = serde_json::from_slice::<Manifest>(data) {
        let _ = m.fingerprint();
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
