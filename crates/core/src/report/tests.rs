//! Issuing reports from the demo database: the digest, the issue record, drafts, tampering,
//! unreadable photos and text of any length.

use super::*;
use crate::store::OpenMode;
use crate::visit::VisitStatus;

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(&format!("{s}+08:00")).unwrap()
}

struct Demo {
    _dir: tempfile::TempDir,
    store: Store,
    catalog: SignalCatalog,
}

fn demo() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(
        dir.path().join("demo.sqlite3"),
        OpenMode::CreateOrUpgrade,
        &crate::store::test_key(),
    )
    .unwrap();
    crate::demo::write_demo(
        &mut store,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    )
    .unwrap();
    Demo {
        _dir: dir,
        store,
        catalog: SignalCatalog::builtin(),
    }
}

impl Demo {
    /// The showcase: a completed, corrected visit with photos, stock count and signals.
    fn showcase(&self) -> VisitId {
        self.store
            .completed_visit_ids()
            .unwrap()
            .into_iter()
            .find(|id| !self.store.visit_draft(*id).unwrap().photos.is_empty())
            .expect("the demo has a completed visit with photos")
    }

    fn draft_visit(&self) -> VisitId {
        self.store
            .conn()
            .query_row(
                "SELECT id FROM visits WHERE status = 'draft' LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap()
    }

    fn reported_on(&self, id: VisitId) -> Option<chrono::NaiveDate> {
        self.store
            .conn()
            .query_row("SELECT reported_on FROM visits WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap()
    }
}

#[test]
fn an_unchanged_visit_gives_the_same_digest_whenever_it_is_rendered() {
    let mut d = demo();
    let id = d.showcase();
    let first = issue(
        &mut d.store,
        &d.catalog,
        id,
        Kind::Final,
        at("2026-11-23T14:00:00"),
    )
    .unwrap();
    let again = issue(
        &mut d.store,
        &d.catalog,
        id,
        Kind::Final,
        at("2026-11-24T09:30:00"),
    )
    .unwrap();
    assert_eq!(first.digest, again.digest);
    assert_eq!(first.digest.len(), 64);
    // The generation time is printed, so the files differ; the record keeps the first issue.
    assert_ne!(first.pdf, again.pdf);
    assert_eq!(again.issued, first.issued);
    let issued = first.issued.unwrap();
    assert_eq!(issued.content_sha256, first.digest);
    assert_eq!(issued.document_no, first.content.document_no);
    let code = d.store.laptop_code().unwrap();
    assert!(
        issued.document_no.starts_with(&format!("BHJC-{code}-2026")),
        "{}",
        issued.document_no
    );
    assert!(
        issued.document_no.ends_with("-V2"),
        "the showcase was corrected once"
    );
    assert_eq!(d.store.issued_pdf(&issued.document_no).unwrap(), first.pdf);
    assert!(first.pdf.starts_with(b"%PDF-"));
    assert!(first.pages >= 4, "{} pages", first.pages);
    assert_eq!(d.store.issued_reports().unwrap().len(), 1);
}

#[test]
fn issuing_dates_the_report_of_a_visit_completed_in_the_app() {
    let mut d = demo();
    let id = d.showcase();
    d.store
        .conn()
        .execute("UPDATE visits SET reported_on = NULL WHERE id = ?1", [id])
        .unwrap();
    issue(
        &mut d.store,
        &d.catalog,
        id,
        Kind::Final,
        at("2026-11-23T14:00:00"),
    )
    .unwrap();
    assert_eq!(
        d.reported_on(id),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
    );
    // Issuing again later does not move the date.
    issue(
        &mut d.store,
        &d.catalog,
        id,
        Kind::Final,
        at("2026-11-26T14:00:00"),
    )
    .unwrap();
    assert_eq!(
        d.reported_on(id),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
    );
}

#[test]
fn a_visit_not_completed_renders_only_as_a_draft_and_is_not_recorded() {
    let mut d = demo();
    let id = d.draft_visit();
    assert_eq!(d.store.visit_draft(id).unwrap().status, VisitStatus::Draft);
    let err = issue(
        &mut d.store,
        &d.catalog,
        id,
        Kind::Final,
        at("2026-11-23T14:00:00"),
    )
    .err()
    .unwrap();
    assert!(matches!(err, ReportError::NotCompleted { .. }), "{err}");
    let draft = issue(
        &mut d.store,
        &d.catalog,
        id,
        Kind::Draft,
        at("2026-11-23T14:00:00"),
    )
    .unwrap();
    assert!(!draft.content.is_final);
    assert!(draft.issued.is_none());
    assert!(file_name(&draft.content).ends_with("_草稿.pdf"));
    assert!(d.store.issued_reports().unwrap().is_empty());
    assert_eq!(d.reported_on(id), None);
}

#[test]
fn a_record_changed_after_issue_is_detected() {
    let mut d = demo();
    let id = d.showcase();
    issue(
        &mut d.store,
        &d.catalog,
        id,
        Kind::Final,
        at("2026-11-23T14:00:00"),
    )
    .unwrap();
    crate::store::tests_support::unfreeze(d.store.conn());
    d.store
        .conn()
        .execute(
            "UPDATE visits SET conclusion = conclusion || '（补）' WHERE id = ?1",
            [id],
        )
        .unwrap();
    let err = issue(
        &mut d.store,
        &d.catalog,
        id,
        Kind::Final,
        at("2026-11-24T14:00:00"),
    )
    .err()
    .unwrap();
    match err {
        ReportError::Store(StoreError::ReportChanged { issued, now, .. }) => {
            assert_ne!(issued, now)
        }
        other => panic!("{other}"),
    }
}

#[test]
fn a_report_on_record_is_read_back_as_issued_not_rendered_again() {
    let mut d = demo();
    let id = d.showcase();
    // Never issued: issued now, and recorded.
    let first = as_issued(&mut d.store, &d.catalog, id, at("2026-11-23T14:00:00")).unwrap();
    let no = first.content.document_no.clone();
    assert_eq!(d.store.issued_pdf(&no).unwrap(), first.pdf);
    // Later: the recorded PDF, byte for byte (a new rendering would carry a new time).
    let again = as_issued(&mut d.store, &d.catalog, id, at("2026-11-30T09:00:00")).unwrap();
    assert_eq!(again.pdf, first.pdf);
    assert_eq!(again.digest, first.digest);
    // A record changed since (past the database's own freeze) is refused, as issuing again
    // would be.
    crate::store::tests_support::unfreeze(d.store.conn());
    d.store
        .conn()
        .execute(
            "UPDATE visits SET measures = measures || '（补）' WHERE id = ?1",
            [id],
        )
        .unwrap();
    let err = as_issued(&mut d.store, &d.catalog, id, at("2026-11-30T09:05:00"))
        .err()
        .unwrap();
    assert!(
        matches!(err, ReportError::Store(StoreError::ReportChanged { .. })),
        "{err}"
    );
    let draft = d.draft_visit();
    let err = as_issued(&mut d.store, &d.catalog, draft, at("2026-11-30T09:06:00"))
        .err()
        .unwrap();
    assert!(matches!(err, ReportError::NotCompleted { .. }), "{err}");
}

#[test]
fn every_part_of_the_visit_is_in_the_digest() {
    let d = demo();
    let id = d.showcase();
    let base = content::gather(&d.store, &d.catalog, id).unwrap();
    let changed = |f: &dyn Fn(&mut ReportContent)| {
        let mut c = base.clone();
        f(&mut c);
        c.digest()
    };
    let digests = [
        base.digest(),
        changed(&|c| c.header.amount_yuan.push('0')),
        changed(&|c| c.sections[0].items[0].note.push('。')),
        changed(&|c| c.inventory[0].counted.push('1')),
        changed(&|c| c.conclusion.push('。')),
        changed(&|c| c.photos[0].sha256 = "0".repeat(64)),
        changed(&|c| c.signals.clear()),
        changed(&|c| c.borrower_confirmation = None),
    ];
    let unique: std::collections::HashSet<_> = digests.iter().collect();
    assert_eq!(unique.len(), digests.len());
}

#[test]
fn an_unreadable_photo_and_text_of_any_length_still_render() {
    let mut d = demo();
    let id = d.showcase();
    let photo = d.store.visit_draft(id).unwrap().photos[0].id;
    crate::store::tests_support::unfreeze(d.store.conn());
    d.store
        .conn()
        .execute(
            "UPDATE photos SET bytes = x'FFD8FFE000', byte_size = 5 WHERE id = ?1",
            [photo],
        )
        .unwrap();
    let long = format!("{}😀𠀋", "库存与账面核对一致，仓库管理员在场。".repeat(600));
    d.store
        .conn()
        .execute(
            "UPDATE visits SET conclusion = ?2 WHERE id = ?1",
            rusqlite::params![id, long],
        )
        .unwrap();
    let r = issue(
        &mut d.store,
        &d.catalog,
        id,
        Kind::Draft,
        at("2026-11-23T14:00:00"),
    )
    .unwrap();
    assert!(r.pages >= 8, "{} pages", r.pages);
    assert!(r.pdf.starts_with(b"%PDF-"));
}

/// Whether `haystack` holds `needle` byte for byte.
fn holds(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_photo_is_printed_from_its_page_copy_made_once_and_kept() {
    use image::GenericImageView;
    let mut d = demo();
    let id = d.showcase();
    let photos = d.store.visit_draft(id).unwrap().photos;
    let spec = crate::photos::PageSpec::of(&d.store.policy_in_force().unwrap().document());
    // The demo's photos came in as the app takes them in: each with its page copy. Dropped here,
    // as for the photos of a visit written whole (the demo's other visits, another laptop's).
    for p in &photos {
        assert!(d.store.photo_page_copy(p.id, spec).unwrap().is_some());
    }
    d.store
        .conn()
        .execute("DELETE FROM photo_page_copies", [])
        .unwrap();
    assert!(
        d.store
            .photo_page_copy(photos[0].id, spec)
            .unwrap()
            .is_none()
    );
    let first = issue(
        &mut d.store,
        &d.catalog,
        id,
        Kind::Draft,
        at("2026-11-23T14:00:00"),
    )
    .unwrap();
    // The first report made each and kept it; the PDF holds it as it is, not compressed again.
    let mut copies = Vec::new();
    for p in &photos {
        let copy = d
            .store
            .photo_page_copy(p.id, spec)
            .unwrap()
            .expect("kept by the first report");
        let img = image::load_from_memory(&copy).unwrap();
        assert!(img.width().max(img.height()) <= spec.long_edge);
        assert_eq!(img.color(), image::ColorType::Rgb8);
        assert!(holds(&first.pdf, &copy), "photo {} placed as kept", p.id);
        copies.push(copy);
    }
    let second = issue(
        &mut d.store,
        &d.catalog,
        id,
        Kind::Draft,
        at("2026-11-23T15:00:00"),
    )
    .unwrap();
    for (p, copy) in photos.iter().zip(&copies) {
        assert_eq!(
            d.store.photo_page_copy(p.id, spec).unwrap().as_ref(),
            Some(copy)
        );
        assert!(holds(&second.pdf, copy));
    }
    // Under other settings there is none yet; the next report under them makes it.
    let smaller = crate::photos::PageSpec {
        long_edge: 300,
        quality: 50,
    };
    assert!(
        d.store
            .photo_page_copy(photos[0].id, smaller)
            .unwrap()
            .is_none()
    );

    // A PDF reader sees each photo as a JPEG of the copy's size.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, &second.pdf).unwrap();
    let out = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&path)
        .output()
        .expect("pdfimages runs (poppler-utils, installed by scripts/setup.sh)");
    assert!(out.status.success());
    let list = String::from_utf8_lossy(&out.stdout);
    for copy in &copies {
        let (w, h) = image::load_from_memory(copy).unwrap().dimensions();
        assert!(
            list.lines().any(|l| {
                let f: Vec<&str> = l.split_whitespace().collect();
                f.len() > 8
                    && f[2] == "image"
                    && f[3] == w.to_string()
                    && f[4] == h.to_string()
                    && f[5] == "rgb"
                    && f[8] == "jpeg"
            }),
            "{w}×{h} jpeg in\n{list}"
        );
    }
}

#[test]
fn the_review_boxes_keep_together_on_the_page_when_one_line_less_each_lets_them() {
    use crate::sealed::layout::{BOTTOM, Composer, HEADING_HEIGHT};
    use pdf::{REVIEW_BOX, REVIEW_BOX_COMPACT, REVIEW_BOX_GAP};
    let d = demo();
    let mut content = content::gather(&d.store, &d.catalog, d.showcase()).unwrap();
    let fonts = crate::sealed::typeset::fonts();
    let mut doc = printpdf::PdfDocument::new("boxes");
    let (regular, bold) = (doc.add_font(&fonts.regular), doc.add_font(&fonts.bold));
    for approvers in 1..=5usize {
        content.approvers = (0..approvers).map(|i| format!("审批人{i}")).collect();
        let all = |h: f32, k: usize| k as f32 * h + (k as f32 - 1.0) * REVIEW_BOX_GAP;
        for room in (0..=600).step_by(3) {
            let room = room as f32;
            let case = format!("{approvers} boxes, {room} pt of room");
            let mut c = Composer::new(fonts, regular.clone(), bold.clone());
            c.y = BOTTOM - room;
            let on = pdf::review_boxes(&mut c, &content);
            // Every box ends above the page's foot (the gap under the last may pass it).
            assert!(c.y - REVIEW_BOX_GAP <= BOTTOM + 0.01, "{case}");
            let heading_page = usize::from(c.into_pages()[0].is_empty());
            // The heading is on its first box's page.
            assert_eq!(
                on[0], heading_page,
                "{case}: the heading without its first box"
            );
            // All at full height when they fit, else all with a line less when that fits.
            if room >= HEADING_HEIGHT + all(REVIEW_BOX_COMPACT, approvers) {
                assert!(on.iter().all(|&p| p == 0), "{case}: {on:?}");
            }
            // Never the last box alone on a page of its own.
            let last = *on.last().unwrap();
            if approvers >= 2 {
                assert!(
                    on.iter().filter(|&&p| p == last).count() >= 2,
                    "{case}: {on:?}"
                );
            }
            // A heading with no room for one box goes over.
            if room < HEADING_HEIGHT + REVIEW_BOX_COMPACT {
                assert_eq!(heading_page, 1, "{case}");
            }
            // Boxes only go over when they must: with room for all at full height, none does.
            if room >= HEADING_HEIGHT + all(REVIEW_BOX, approvers) {
                assert_eq!(on, vec![0; approvers], "{case}");
            }
        }
    }
}

#[test]
fn writing_a_report_never_leaves_half_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    write_pdf(&path, b"%PDF-1.7 test").unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-1.7 test");
    // A folder that does not exist: a clear error naming the path, and no stray file.
    let missing = dir.path().join("no/such/dir/out.pdf");
    let err = write_pdf(&missing, b"x").unwrap_err();
    assert!(err.to_string().contains("no/such/dir"), "{err}");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("out.pdf")]);
}

#[test]
fn a_final_report_is_sealed_once_by_the_laptops_own_key() {
    let mut d = demo();
    let id = d.showcase();
    assert_eq!(
        d.store.laptop_public_key().unwrap(),
        None,
        "made on first need"
    );
    let draft = issue(
        &mut d.store,
        &d.catalog,
        id,
        Kind::Draft,
        at("2026-11-23T14:00:00"),
    )
    .unwrap();
    assert!(draft.issued.is_none());
    assert_eq!(
        d.store.laptop_public_key().unwrap(),
        None,
        "a draft is neither recorded nor sealed"
    );
    let r = issue(
        &mut d.store,
        &d.catalog,
        id,
        Kind::Final,
        at("2026-11-23T14:00:00"),
    )
    .unwrap();
    let issued = r.issued.unwrap();
    let seal = d.store.recorded_seal(&issued.document_no).unwrap().unwrap();
    let json = serde_json::to_vec(&r.content).unwrap();
    seal.verify_report(&issued.document_no, &json, Some(&r.pdf))
        .unwrap();
    let key = d.store.laptop_public_key().unwrap().unwrap();
    seal.verify_key(&key).unwrap();

    // Issued again (rendered afresh, at another time), then sent: the seal stays the one over
    // the PDF as first issued, which is what is sent.
    let again = issue(
        &mut d.store,
        &d.catalog,
        id,
        Kind::Final,
        at("2026-11-24T09:00:00"),
    )
    .unwrap();
    assert_ne!(again.pdf, r.pdf, "a new rendering carries its own time");
    assert!(
        seal.verify_report(&issued.document_no, &json, Some(&again.pdf))
            .is_err()
    );
    assert_eq!(
        d.store.recorded_seal(&issued.document_no).unwrap(),
        Some(seal.clone())
    );
    let sent = as_issued(&mut d.store, &d.catalog, id, at("2026-11-25T09:00:00")).unwrap();
    assert_eq!(sent.seal, seal);
    sent.seal
        .verify_report(&issued.document_no, &json, Some(&sent.pdf))
        .unwrap();

    // The database refuses a second seal; the key is the same after the store is opened again.
    let err = d
        .store
        .conn()
        .execute("UPDATE reports SET seal = '{}'", [])
        .unwrap_err();
    assert!(err.to_string().contains("seal is set once"), "{err}");
    let path = d._dir.path().join("demo.sqlite3");
    drop(d.store);
    let mut store = Store::open(&path, OpenMode::Existing, &crate::store::test_key()).unwrap();
    assert_eq!(store.laptop_key().unwrap().public_key(), key);
}

#[test]
fn a_report_issued_before_reports_were_sealed_is_sealed_when_sent() {
    let mut d = demo();
    let id = d.showcase();
    let r = issue(
        &mut d.store,
        &d.catalog,
        id,
        Kind::Final,
        at("2026-11-23T14:00:00"),
    )
    .unwrap();
    let no = r.issued.unwrap().document_no;
    // As an older version left it: no seal, no key.
    d.store
        .conn()
        .execute_batch(
            "DROP TRIGGER reports_seal_set_once; UPDATE reports SET seal = NULL; DELETE FROM laptop_key;",
        )
        .unwrap();
    assert_eq!(d.store.recorded_seal(&no).unwrap(), None);
    let sent = as_issued(&mut d.store, &d.catalog, id, at("2026-11-30T09:00:00")).unwrap();
    assert_eq!(sent.seal.signed_at, at("2026-11-30T09:00:00"));
    sent.seal
        .verify_report(
            &no,
            &serde_json::to_vec(&sent.content).unwrap(),
            Some(&sent.pdf),
        )
        .unwrap();
    assert_eq!(d.store.recorded_seal(&no).unwrap(), Some(sent.seal));
}
