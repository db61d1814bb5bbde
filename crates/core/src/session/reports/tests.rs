//! The report and signatures as the window uses them, on the demo database.

use super::*;
use crate::demo::photos::signature_png;
use crate::store::{OpenMode, Store};
use crate::visit::VisitStatus;
use std::path::PathBuf;

struct Demo {
    dir: tempfile::TempDir,
    session: Session,
    completed: VisitId,
    draft: VisitId,
}

fn demo() -> Demo {
    let (dir, session) =
        crate::session::demo_session(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    let store = Store::open(
        session.db_path(),
        OpenMode::Existing,
        &crate::store::test_key(),
    )
    .unwrap();
    let completed = store
        .completed_visit_ids()
        .unwrap()
        .into_iter()
        .find(|id| !store.visit_draft(*id).unwrap().photos.is_empty())
        .unwrap();
    let draft: VisitId = store
        .conn()
        .query_row(
            "SELECT id FROM visits WHERE status = 'draft' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    Demo {
        session,
        dir,
        completed,
        draft,
    }
}

impl Demo {
    fn folder(&self) -> PathBuf {
        self.dir.path().join("保后检查表")
    }
}

#[test]
fn a_completed_visit_is_issued_into_the_reports_folder_and_reissued_unchanged() {
    let mut d = demo();
    let folder = d.folder();
    let first = d
        .session
        .export_report(
            Locale::ZhCn,
            d.completed,
            false,
            ReportTarget::Folder(&folder),
        )
        .unwrap();
    assert!(first.is_final);
    assert!(
        first.document_no.starts_with("BHJC-"),
        "{}",
        first.document_no
    );
    assert!(first.file_name.starts_with(&first.document_no));
    assert!(first.file_name.ends_with(".pdf") && !first.file_name.contains("草稿"));
    let bytes = std::fs::read(&first.path).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    assert_eq!(bytes.len() as u64, first.size_bytes);
    assert!(first.pages >= 3, "{} pages", first.pages);
    assert_eq!(PathBuf::from(&first.path).parent(), Some(folder.as_path()));
    let issued = first.first_issued_at.unwrap();

    // Again, and saved elsewhere: the same record, the same content digest.
    let elsewhere = d.dir.path().join("给银行的副本.pdf");
    // Only where the officer chose in the dialog, and only as a PDF.
    let refused = d
        .session
        .export_report(
            Locale::ZhCn,
            d.completed,
            false,
            ReportTarget::File(&elsewhere),
        )
        .unwrap_err();
    assert_eq!(refused.code, "bad_path");
    let script = d.dir.path().join("autostart.desktop");
    d.session
        .grant_path(crate::session::PathPurpose::SaveReport, script.clone());
    let refused = d
        .session
        .export_report(
            Locale::ZhCn,
            d.completed,
            false,
            ReportTarget::File(&script),
        )
        .unwrap_err();
    assert!(refused.message.contains(".pdf"), "{}", refused.message);
    assert!(!script.exists());
    d.session
        .grant_path(crate::session::PathPurpose::SaveReport, elsewhere.clone());
    let again = d
        .session
        .export_report(
            Locale::ZhCn,
            d.completed,
            false,
            ReportTarget::File(&elsewhere),
        )
        .unwrap();
    assert_eq!(again.content_sha256, first.content_sha256);
    assert_eq!(again.document_no, first.document_no);
    assert_eq!(again.first_issued_at, Some(issued));
    assert_eq!(again.file_name, "给银行的副本.pdf");
    assert!(elsewhere.exists());
}

#[test]
fn a_visit_in_progress_prints_only_as_a_marked_draft() {
    let mut d = demo();
    let folder = d.folder();
    let err = d
        .session
        .export_report(Locale::ZhCn, d.draft, false, ReportTarget::Folder(&folder))
        .unwrap_err();
    assert_eq!(err.code, "visit_not_completed");
    assert!(err.message.contains("草稿"), "{}", err.message);
    assert!(!folder.exists(), "nothing is written for a refused report");

    let draft = d
        .session
        .export_report(Locale::ZhCn, d.draft, true, ReportTarget::Folder(&folder))
        .unwrap();
    assert!(!draft.is_final);
    assert_eq!(draft.first_issued_at, None);
    assert!(
        draft.file_name.ends_with("_草稿.pdf"),
        "{}",
        draft.file_name
    );
    assert!(std::fs::read(&draft.path).unwrap().starts_with(b"%PDF"));
}

#[test]
fn a_folder_that_cannot_be_written_is_a_clear_error_and_the_record_stands() {
    let mut d = demo();
    // A file where the folder should be.
    let blocked = d.dir.path().join("占用");
    std::fs::write(&blocked, b"x").unwrap();
    let err = d
        .session
        .export_report(
            Locale::ZhCn,
            d.completed,
            false,
            ReportTarget::Folder(&blocked),
        )
        .unwrap_err();
    assert_eq!(err.code, "report_write");
    assert!(
        err.message.starts_with("无法写入检查表文件"),
        "{}",
        err.message
    );
    let missing = d.dir.path().join("无此目录").join("a.pdf");
    d.session
        .grant_path(crate::session::PathPurpose::SaveReport, missing.clone());
    let err = d
        .session
        .export_report(Locale::En, d.completed, false, ReportTarget::File(&missing))
        .unwrap_err();
    assert!(
        err.message.starts_with("Cannot write the report file"),
        "{}",
        err.message
    );
    // The visit is as it was and still issues.
    let ok = d
        .session
        .export_report(
            Locale::ZhCn,
            d.completed,
            false,
            ReportTarget::Folder(&d.folder()),
        )
        .unwrap();
    assert!(ok.is_final);
}

#[test]
fn signatures_drawn_on_screen_are_kept_and_served_by_their_address() {
    let mut d = demo();
    let id = d.draft;
    let png = signature_png(7);
    let screen = d
        .session
        .sign_visit(Locale::ZhCn, id, SignatureRole::Officer, "李娜", &png)
        .unwrap();
    let sig = &screen.draft.signatures[0];
    assert_eq!(
        (sig.role, sig.signer.as_str()),
        (SignatureRole::Officer, "李娜")
    );
    let served = d
        .session
        .image_at(&format!("/sig-{id}-officer-{}", &sig.sha256[..8]))
        .unwrap();
    assert_eq!((served.bytes, served.mime.as_str()), (png, "image/png"));

    // The borrower signs only after confirming; the refusal is worded.
    let err = d
        .session
        .sign_visit(
            Locale::ZhCn,
            id,
            SignatureRole::Borrower,
            "吴厂长",
            &signature_png(8),
        )
        .unwrap_err();
    assert_eq!(err.code, "not_confirmed");
    // Not an image: refused with a message, nothing replaced.
    let err = d
        .session
        .sign_visit(Locale::ZhCn, id, SignatureRole::Officer, "李娜", b"{}")
        .unwrap_err();
    assert_eq!(err.code, "bad_signature");
    assert_eq!(
        d.session.visit(Locale::ZhCn, id).unwrap().draft.signatures[0].sha256,
        sig.sha256
    );
    assert!(
        d.session
            .image_at(&format!("sig-{id}-borrower-0"))
            .is_none()
    );

    // A completed visit is frozen: its signatures cannot change.
    let err = d
        .session
        .sign_visit(
            Locale::ZhCn,
            d.completed,
            SignatureRole::Officer,
            "李娜",
            &signature_png(9),
        )
        .unwrap_err();
    assert_eq!(err.code, "visit_frozen");
    assert_eq!(
        d.session
            .visit(Locale::ZhCn, d.completed)
            .unwrap()
            .draft
            .status,
        VisitStatus::Completed
    );
}

#[test]
fn photos_are_served_by_address_and_anything_else_is_not_found() {
    let d = demo();
    let photo = d
        .session
        .visit(Locale::ZhCn, d.completed)
        .unwrap()
        .draft
        .photos[0]
        .id;
    let thumb = d.session.image_at(&format!("thumb-{photo}")).unwrap();
    assert_eq!(thumb.mime, "image/jpeg");
    let full = d.session.image_at(&format!("/full-{photo}")).unwrap();
    assert!(full.bytes.len() > thumb.bytes.len());
    for bad in [
        "",
        "/",
        "thumb",
        "thumb-x",
        "full-999999",
        "sig-1",
        "sig-1-nobody",
        "other-1",
    ] {
        assert!(d.session.image_at(bad).is_none(), "{bad}");
    }
}
