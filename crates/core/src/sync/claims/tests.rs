//! The claims of real documents, and each way a manifest can contradict what was signed.

use super::sample::Report;
use super::*;
use crate::protocol::FileEntry;
use crate::sealed::seal::LaptopKey;
use crate::signals::SignalCatalog;
use crate::store::Store;
use crate::sync::client::package;

fn demo_store(today: NaiveDate) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    crate::demo::write_demo(&mut store, today).unwrap();
    store
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339("2026-11-23T18:00:00+08:00").unwrap()
}

#[test]
fn a_laptops_own_packages_agree_with_what_they_sealed() {
    let mut store = demo_store(today());
    // A notice and the collection records beside the demo's completed reports.
    let gid = store.guarantee_summaries().unwrap()[0].id;
    crate::notices::issue(
        &mut store,
        gid,
        crate::notices::NoticeKind::Maturity,
        today(),
        now(),
    )
    .unwrap();
    crate::collection_record::issue_changed(&mut store, now()).unwrap();
    let catalog = SignalCatalog::builtin();
    let mut kinds = BTreeSet::new();
    for entry in store.outbox().unwrap().into_iter().take(40) {
        let p = package(&mut store, &catalog, &entry, now()).unwrap();
        let checked = check_upload(&p.manifest)
            .unwrap_or_else(|e| panic!("{:?} {:?}: {e}", entry.kind, entry.document_no));
        assert_eq!(checked.claims.document_no, p.manifest.document_no);
        assert_eq!(checked.claims.contract_no, entry.contract_no);
        assert_eq!(checked.claims.borrower, entry.borrower);
        kinds.insert(entry.kind.code());
        if entry.kind == DocumentKind::InspectionReport {
            let photos: BTreeSet<&str> = p
                .manifest
                .files
                .iter()
                .filter(|f| f.kind == FileKind::Photo)
                .map(|f| f.sha256.as_str())
                .collect();
            assert_eq!(
                photos,
                checked.claims.photos.iter().map(String::as_str).collect()
            );
        }
    }
    assert!(
        kinds.contains("inspection_report") && kinds.contains("notice"),
        "{kinds:?}"
    );
    assert!(kinds.contains("collection_record"), "{kinds:?}");
}

fn key() -> LaptopKey {
    LaptopKey::from_secret(&[7u8; 32])
}

fn sample() -> sample::Upload {
    let mut r = Report::new("BHJC-K7Q2M-20261120-0001-V1", "BH-1", "张伟");
    r.photos = vec![
        ("门头.jpg".into(), b"photo one".to_vec()),
        ("仓库.jpg".into(), b"photo two".to_vec()),
    ];
    r.sealed(&key())
}

fn refusal(m: &Manifest) -> UploadRefusal {
    check_upload(m).expect_err("refused")
}

#[test]
fn an_honest_sample_passes_and_each_contradicted_field_is_named() {
    let honest = sample();
    let checked = check_upload(&honest.manifest).unwrap();
    assert_eq!(checked.claims.photos.len(), 2);
    assert_eq!(checked.claims.officer, "张伟");

    type Change = fn(&mut Manifest);
    let cases: [(ManifestField, Change); 6] = [
        (ManifestField::ContractNo, |m| m.contract_no = "BH-2".into()),
        (ManifestField::Borrower, |m| m.borrower = "乙公司".into()),
        (ManifestField::Officer, |m| m.officer = "李娜".into()),
        (ManifestField::Date, |m| {
            m.visit_date = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
        }),
        (ManifestField::Version, |m| m.visit_version = 2),
        (ManifestField::ContentSha256, |m| {
            m.content_sha256 = "0".repeat(64)
        }),
    ];
    for (field, change) in cases {
        let mut m = honest.manifest.clone();
        change(&mut m);
        match refusal(&m) {
            UploadRefusal::Contradicts {
                field: named,
                sealed,
                claimed,
            } => {
                assert_eq!(named, field);
                assert_ne!(sealed, claimed);
            }
            other => panic!("{field:?}: {other:?}"),
        }
    }
}

#[test]
fn a_number_other_than_the_sealed_one_is_another_reports_seal() {
    let mut m = sample().manifest;
    m.document_no = "BHJC-K7Q2M-20261120-0002-V1".into();
    assert!(matches!(
        refusal(&m),
        UploadRefusal::Seal(SealError::OtherReport { .. })
    ));
}

#[test]
fn unsigned_extra_files_missing_photos_and_swapped_own_files_are_refused() {
    let honest = sample().manifest;
    let extra = |kind| FileEntry {
        name: "补充.jpg".into(),
        kind,
        sha256: sha256_hex(b"not sealed"),
        size: 10,
    };
    let mut m = honest.clone();
    m.files.push(extra(FileKind::Photo));
    assert_eq!(
        refusal(&m),
        UploadRefusal::UnsignedFile {
            name: "补充.jpg".into()
        }
    );
    let mut m = honest.clone();
    m.files.push(extra(FileKind::Pdf));
    assert!(matches!(
        refusal(&m),
        UploadRefusal::OwnFileCount {
            kind: FileKind::Pdf,
            count: 2
        }
    ));
    let mut m = honest.clone();
    m.files.retain(|f| f.name != "仓库.jpg");
    assert!(matches!(
        refusal(&m),
        UploadRefusal::SealedPhotoMissing { .. }
    ));
    let mut m = honest.clone();
    for f in &mut m.files {
        if f.kind == FileKind::Pdf {
            f.sha256 = sha256_hex(b"%PDF another");
        }
    }
    assert!(matches!(
        refusal(&m),
        UploadRefusal::Seal(SealError::PdfChanged { .. })
    ));
    let mut m = honest.clone();
    for f in &mut m.files {
        if f.kind == FileKind::Seal {
            f.sha256 = sha256_hex(b"another seal");
        }
    }
    assert!(matches!(
        refusal(&m),
        UploadRefusal::OwnFileNotSealed {
            kind: FileKind::Seal,
            ..
        }
    ));
}

#[test]
fn content_changed_after_sealing_or_no_seal_at_all_is_refused() {
    let honest = sample().manifest;
    let mut m = honest.clone();
    m.sealed = None;
    assert_eq!(refusal(&m), UploadRefusal::Unsigned);
    // The content rewritten to another contract, the manifest made to agree with it.
    let mut m = honest.clone();
    let sealed = m.sealed.as_mut().unwrap();
    sealed.content = sealed.content.replace("BH-1", "BH-9");
    m.contract_no = "BH-9".into();
    m.content_sha256 = sha256_hex(sealed.content.as_bytes());
    assert!(matches!(
        refusal(&m),
        UploadRefusal::Seal(SealError::ContentChanged { .. })
    ));
    // A seal that is not one.
    let mut m = honest;
    m.sealed.as_mut().unwrap().seal = "{}".into();
    assert!(matches!(refusal(&m), UploadRefusal::Seal(_)));
}

#[test]
fn the_evidence_a_report_flags_is_counted_from_its_content() {
    let content = serde_json::json!({
        "document_no": "N", "version": 1,
        "header": {"contract_no": "C", "borrower": "B", "visit_officer": "O", "visit_date": "2026-11-20"},
        "copied": {"near_copy": true},
        "photos": [
            {"sha256": "a", "reused": {"distance": 3}, "far_from_site": true, "far_from_visit": false, "ahead_of_clock_minutes": 120},
            {"sha256": "b", "far_from_site": false, "far_from_visit": true, "ahead_of_clock_minutes": null},
        ]
    })
    .to_string();
    let c = read(DocumentKind::InspectionReport, content.as_bytes()).unwrap();
    assert_eq!(
        c.evidence,
        EvidenceFlags {
            reused_photos: 1,
            far_from_site: 1,
            far_from_visit: 1,
            ahead_of_clock: 1,
            near_copy: true,
        }
    );
    assert_eq!(
        read(DocumentKind::Notice, content.as_bytes()).unwrap_err(),
        UploadRefusal::ContentLacks("contract_no")
    );
    assert!(matches!(
        read(DocumentKind::Notice, b"not json"),
        Err(UploadRefusal::ContentUnreadable(_))
    ));
}

#[test]
fn the_idempotency_fingerprint_leaves_the_sealed_content_out() {
    // A report opened before manifests carried their sealed content matches when sent again with it.
    let with = sample().manifest;
    let without = Manifest {
        sealed: None,
        ..with.clone()
    };
    assert_eq!(with.fingerprint(), without.fingerprint());
    let other = Manifest {
        visit_version: 2,
        ..with.clone()
    };
    assert_ne!(with.fingerprint(), other.fingerprint());
}
