//! A visit's evidence: photos taken in from a folder, printed, re-used from an earlier visit or out
//! of place and time, signatures, and a report copied from the last one.

use super::*;

#[test]
fn photos_come_in_from_a_folder_once_each_and_a_damaged_one_is_refused_by_name() {
    use crate::demo::photos::camera_jpeg;
    use rust_decimal_macros::dec;
    let mut b = Bench::new();
    let id = b.start("2026-11-20");
    let card = tempfile::tempdir().unwrap();
    let taken = |s: &str| Some(chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap());
    let site = Some((dec!(30.7522), dec!(120.7555)));
    std::fs::write(
        card.path().join("IMG_0001.JPG"),
        camera_jpeg(800, 600, [200, 180, 90], taken("2026-11-20 10:05"), site),
    )
    .unwrap();
    std::fs::write(
        card.path().join("IMG_0002.JPG"),
        camera_jpeg(800, 600, [90, 180, 200], taken("2026-08-02 15:40"), site),
    )
    .unwrap();
    let mut broken = camera_jpeg(400, 300, [1, 2, 3], None, None);
    broken[4..300].fill(0x5A);
    std::fs::write(card.path().join("IMG_0003.JPG"), broken).unwrap();
    let mut seen = Vec::new();
    let report = crate::photos::import(
        &[card.path().to_path_buf()],
        crate::i18n::Locale::ZhCn,
        Some(crate::photos::PageSpec::of(&b.policy.document())),
        |p| {
            b.store
                .add_photo(id, p, at("2026-11-20T18:00:00"))
                .map(|m| m.is_some())
                .map_err(|e| e.to_string())
        },
        |p| seen.push((p.done, p.total)),
    );
    assert_eq!(report.added, 2);
    assert_eq!(report.refused.len(), 1);
    assert!(
        report.refused[0].starts_with("IMG_0003.JPG：照片文件已损坏"),
        "{}",
        report.refused[0]
    );
    assert_eq!(seen, [(1, 3), (2, 3), (3, 3)]);
    // The same card again: nothing doubles.
    let again = crate::photos::import(
        &[card.path().to_path_buf()],
        crate::i18n::Locale::ZhCn,
        Some(crate::photos::PageSpec::of(&b.policy.document())),
        |p| {
            b.store
                .add_photo(id, p, at("2026-11-20T18:05:00"))
                .map(|m| m.is_some())
                .map_err(|e| e.to_string())
        },
        |_| {},
    );
    assert_eq!((again.added, again.duplicates.len()), (0, 2));

    let draft = b.store.visit_draft(id).unwrap();
    assert_eq!(draft.photos.len(), 2);
    // The copy a report prints is made as the photo comes in: upright, at the policy's size.
    let spec = crate::photos::PageSpec::of(&b.policy.document());
    let page = b
        .store
        .photo_page_copy(draft.photos[0].id, spec)
        .unwrap()
        .expect("a page copy");
    assert_eq!(
        image::load_from_memory(&page).unwrap().width(),
        spec.long_edge.min(800)
    );
    let original = std::fs::read(card.path().join("IMG_0001.JPG")).unwrap();
    assert_eq!(b.store.photo_bytes(draft.photos[0].id).unwrap(), original);
    assert_eq!(draft.photos[0].sha256, crate::store::sha256_hex(&original));
    let (thumb, mime) = b.store.photo_thumbnail(draft.photos[0].id).unwrap();
    assert_eq!(
        (
            mime.as_str(),
            image::load_from_memory(&thumb).unwrap().width()
        ),
        ("image/jpeg", 320)
    );
    // The August photo is marked: far from the visit day.
    let r = review(&draft, &b.policy, &b.catalog);
    assert_eq!(
        r.photos
            .iter()
            .map(|p| (p.days_from_visit, p.far_from_visit))
            .collect::<Vec<_>>(),
        [(Some(0), false), (Some(-110), true)]
    );
    // Caption and the item it proves are edits like any other.
    b.edit(
        id,
        VisitEdit::PhotoCaption {
            photo_id: draft.photos[0].id,
            caption: "质押棉纱堆位".into(),
        },
    );
    b.edit(
        id,
        VisitEdit::PhotoItem {
            photo_id: draft.photos[0].id,
            item: Some("D02".into()),
        },
    );
    let p = &b.store.visit_draft(id).unwrap().photos[0];
    assert_eq!(
        (p.caption.as_deref(), p.checklist_item.as_deref()),
        (Some("质押棉纱堆位"), Some("D02"))
    );

    // A completed visit takes no more photos.
    b.fill(id, "实盘棉纱132.5吨，开工3条线。");
    b.edit(
        id,
        VisitEdit::ConfirmRepeatedText {
            field: "conclusion".into(),
        },
    );
    b.confirm_and_complete(id, "2026-11-20", "19:00");
    let read = crate::photos::read(&card.path().join("IMG_0001.JPG")).unwrap();
    assert!(matches!(
        b.store.add_photo(id, &read, at("2026-11-21T09:00:00")),
        Err(StoreError::VisitFrozen { .. })
    ));
}

#[test]
fn a_report_prints_a_large_photo_from_its_print_copy_unless_it_needs_more_pixels() {
    use crate::demo::photos::camera_jpeg;
    use crate::photos::PRINT_SIZE;
    let mut b = Bench::new();
    let id = b.start("2026-11-20");
    let big = camera_jpeg(3200, 2400, [200, 180, 90], None, None);
    let read = crate::photos::from_bytes("IMG_0001.JPG", big.clone()).unwrap();
    let photo = b
        .store
        .add_photo(id, &read, at("2026-11-20T10:00:00"))
        .unwrap()
        .unwrap()
        .id;
    let copy = b.store.photo_print_bytes(photo, 1000).unwrap();
    assert_eq!(&copy, read.print.as_ref().unwrap());
    assert_eq!(b.store.photo_print_bytes(photo, PRINT_SIZE).unwrap(), copy);
    assert_eq!(
        b.store.photo_print_bytes(photo, PRINT_SIZE + 1).unwrap(),
        big
    );
    assert_eq!(b.store.photo_bytes(photo).unwrap(), big);
    // A photo without a copy (small, or stored before migration 10) prints from the original.
    let small = camera_jpeg(800, 600, [9, 9, 9], None, None);
    let read = crate::photos::from_bytes("IMG_0002.JPG", small.clone()).unwrap();
    let photo = b
        .store
        .add_photo(id, &read, at("2026-11-20T10:01:00"))
        .unwrap()
        .unwrap()
        .id;
    assert_eq!(b.store.photo_print_bytes(photo, 1000).unwrap(), small);
    assert!(matches!(
        b.store.photo_print_bytes(999_999, 1000),
        Err(StoreError::Missing { .. })
    ));
}

/// A small signature as the pad sends it: ink on a transparent background.
fn signature_png() -> Vec<u8> {
    let mut img = image::RgbaImage::new(120, 40);
    for x in 10..110 {
        img.put_pixel(x, 20 + (x % 7), image::Rgba([0, 0, 40, 255]));
    }
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

#[test]
fn signatures_belong_to_the_confirmation_and_are_frozen_with_the_visit() {
    use crate::visit::SignatureRole;
    let mut b = Bench::new();
    let id = b.start("2026-11-20");
    b.fill(
        id,
        "8台织机开6台，库存棉纱132.5吨，较账面少5%，工资按月发放。",
    );
    let png = signature_png();
    let when = at("2026-11-20T10:30:00");

    // The representative signs with the confirmation, never before it.
    let err = b
        .store
        .sign_visit(id, SignatureRole::Borrower, "张厂长", &png, when)
        .unwrap_err();
    assert!(matches!(err, StoreError::NotConfirmed { .. }), "{err}");
    // Not a PNG: refused, and nothing is stored.
    let err = b
        .store
        .sign_visit(id, SignatureRole::Officer, "李娜", b"<svg/>", when)
        .unwrap_err();
    assert!(matches!(err, StoreError::BadSignature { .. }), "{err}");
    assert!(b.store.signatures(id).unwrap().is_empty());

    b.store
        .sign_visit(id, SignatureRole::Officer, "李娜", &png, when)
        .unwrap();
    b.store
        .confirm_by_borrower(id, "张厂长", &b.policy, &b.catalog, when)
        .unwrap();
    b.store
        .sign_visit(id, SignatureRole::Borrower, "张厂长", &png, when)
        .unwrap();
    let signed = b.store.visit_draft(id).unwrap().signatures;
    assert_eq!(
        signed.iter().map(|s| s.role).collect::<Vec<_>>(),
        [SignatureRole::Officer, SignatureRole::Borrower]
    );
    assert_eq!(signed[1].sha256, crate::store::sha256_hex(&png));

    // A change after the confirmation voids it, and the representative's signature with it.
    b.edit(
        id,
        VisitEdit::Measures {
            text: "两周内复查工资发放".into(),
        },
    );
    let signed = b.store.signatures(id).unwrap();
    assert_eq!(signed.len(), 1);
    assert_eq!(signed[0].role, SignatureRole::Officer);

    b.confirm_and_complete(id, "2026-11-20", "11:00");
    let err = b
        .store
        .sign_visit(id, SignatureRole::Officer, "李娜", &png, when)
        .unwrap_err();
    assert!(matches!(err, StoreError::VisitFrozen { .. }), "{err}");

    // A correction is signed again by both.
    b.store
        .reopen_visit(id, "更正库存单位", at("2026-11-21T09:00:00"))
        .unwrap();
    assert!(b.store.signatures(id).unwrap().is_empty());
}

#[test]
fn a_photo_re_used_from_an_earlier_visit_is_flagged_with_that_visit_and_a_new_shot_is_not() {
    use crate::demo::warehouse::{Shot, Warehouse};
    let jpeg = |img: &image::DynamicImage, quality: u8| {
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
            .encode_image(&img.to_rgb8())
            .unwrap();
        out
    };
    // Adds `img` as a JPEG at `quality` to visit `id`, taken in at `when`.
    let add = |b: &mut Bench,
               id: VisitId,
               name: &str,
               img: &image::DynamicImage,
               quality: u8,
               when: &str| {
        let read = crate::photos::from_bytes(name, jpeg(img, quality)).unwrap();
        b.store.add_photo(id, &read, at(when)).unwrap().unwrap()
    };
    let mut b = Bench::new();
    let warehouse = Warehouse::new(3);
    let october = warehouse.shoot(Shot::default());

    let first = b.start("2026-10-20");
    let earlier = add(
        &mut b,
        first,
        "IMG_0100.JPG",
        &october,
        90,
        "2026-10-20T10:00:00",
    );
    assert_eq!(earlier.reused, None, "nothing earlier to match");
    // A second picture of the same stack on the same visit is not a re-use.
    let again = warehouse.shoot(Shot {
        noise_seed: 9,
        ..Shot::default()
    });
    let same_visit = add(
        &mut b,
        first,
        "IMG_0101.JPG",
        &again,
        85,
        "2026-10-20T10:01:00",
    );
    assert_eq!(same_visit.reused, None);
    b.fill(first, "实盘棉纱132.5吨，开工正常。");
    b.confirm_and_complete(first, "2026-10-20", "16:00");

    // November: October's picture, 8% cut off the left, shrunk and recompressed.
    let second = b.start("2026-11-20");
    let (w, h) = (october.width(), october.height());
    let copy = october
        .crop_imm(w * 8 / 100, 0, w * 92 / 100, h)
        .thumbnail(800, 800);
    let flagged = add(
        &mut b,
        second,
        "IMG_0200.JPG",
        &copy,
        60,
        "2026-11-20T10:00:00",
    );
    let reuse = flagged.reused.expect("the re-used picture is flagged");
    assert_eq!(
        (
            reuse.earlier_visit_id,
            reuse.earlier_visit_date,
            reuse.earlier_contract_no.as_str(),
            reuse.earlier_borrower.as_str(),
            reuse.explanation.as_deref()
        ),
        (first, d("2026-10-20"), "T-1", "测试纺织有限公司", None)
    );
    assert!(
        [earlier.id, same_visit.id].contains(&reuse.earlier_photo_id),
        "{reuse:?}"
    );
    assert!(reuse.distance <= 70, "{reuse:?}");
    // The same warehouse shot again from further along the aisle: evidence, not a copy.
    let fresh = warehouse.shoot(Shot {
        x: 0.25,
        noise_seed: 11,
        ..Shot::default()
    });
    let new_shot = add(
        &mut b,
        second,
        "IMG_0201.JPG",
        &fresh,
        85,
        "2026-11-20T10:02:00",
    );
    assert_eq!(new_shot.reused, None);
    // And the flag is on the visit as it is read back.
    let draft = b.store.visit_draft(second).unwrap();
    let flags: Vec<bool> = draft.photos.iter().map(|p| p.reused.is_some()).collect();
    assert_eq!(flags, [true, false]);

    // The officer explains it; an empty explanation takes it back; only a flagged photo of
    // this visit can be explained.
    let explain = |photo_id: i64, text: &str| VisitEdit::ExplainPhotoReuse {
        photo_id,
        explanation: text.into(),
    };
    b.edit(
        second,
        explain(flagged.id, "  仓库未动，沿用上月同位置照片对比  "),
    );
    let explained = |b: &Bench| {
        b.store.visit_draft(second).unwrap().photos[0]
            .reused
            .clone()
            .unwrap()
            .explanation
    };
    assert_eq!(
        explained(&b).as_deref(),
        Some("仓库未动，沿用上月同位置照片对比")
    );
    b.edit(second, explain(flagged.id, " "));
    assert_eq!(explained(&b), None);
    b.edit(
        second,
        explain(flagged.id, "仓库未动，沿用上月同位置照片对比"),
    );
    // The report carries the flag, the earlier visit and the explanation; a photo that is not
    // flagged has none (and its content is as before).
    let content = crate::report::content::gather(&b.store, &b.catalog, second).unwrap();
    let reused = content.photos[0]
        .reused
        .as_ref()
        .expect("the flag in the report");
    assert_eq!(
        (reused.earlier_visit_date, reused.explanation.as_deref()),
        (d("2026-10-20"), Some("仓库未动，沿用上月同位置照片对比"))
    );
    assert!(content.photos[1].reused.is_none());
    let json = serde_json::to_string(&content.photos[1]).unwrap();
    assert!(!json.contains("reused"), "{json}");
    // The draft PDF prints it (BAOHOU_TEST_PDF names a file to keep it, to look at).
    let draft = crate::report::issue(
        &mut b.store,
        &b.catalog,
        second,
        crate::report::Kind::Draft,
        at("2026-11-20T11:00:00"),
    )
    .unwrap();
    if let Some(path) = std::env::var_os("BAOHOU_TEST_PDF") {
        std::fs::write(path, &draft.pdf).unwrap();
    }
    for photo in [new_shot.id, earlier.id] {
        assert!(
            b.store
                .edit_visit(
                    second,
                    &explain(photo, "x"),
                    &b.policy,
                    &b.catalog,
                    at("2026-11-23T10:00:00")
                )
                .is_err(),
            "photo {photo}"
        );
    }
}

/// The text of the visit's report as a PDF reader reads it (pdftotext), without white space; the
/// PDF is kept where BAOHOU_TEST_PDF says, to look at.
fn draft_pdf_text(b: &mut Bench, id: VisitId) -> String {
    let draft = crate::report::issue(
        &mut b.store,
        &b.catalog,
        id,
        crate::report::Kind::Draft,
        at("2026-11-23T11:00:00"),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, &draft.pdf).unwrap();
    if let Some(keep) = std::env::var_os("BAOHOU_TEST_PDF") {
        std::fs::write(keep, &draft.pdf).unwrap();
    }
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils, installed by scripts/setup.sh)");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

use crate::evidence::similarity::LAST_CONCLUSION;

/// [`LAST_CONCLUSION`] rewritten from a later visit's facts.
const REWRITTEN: &str = "本次到厂时三条生产线中有一条在检修，其余两条运转，车间工人约七十人，较上次略少。\
                   盘点原材料298吨、成品1,150件，账实差异在允许范围内。\
                   应收账款增至436万元，宁波客户的货款已拖欠两个月，企业正在催收。\
                   利息按期支付，征信无新增逾期；实际控制人称近期无新增对外担保。\
                   建议下次检查前先电话了解宁波客户回款进度，必要时提前实地检查。";

#[test]
fn a_report_copied_with_three_figures_changed_is_flagged_and_one_rewritten_is_not() {
    let mut b = Bench::new();
    let first = b.start("2026-08-20");
    b.fill(first, LAST_CONCLUSION);
    b.confirm_and_complete(first, "2026-08-20", "16:00");

    let second = b.start("2026-11-20");
    let copied = LAST_CONCLUSION
        .replace("312吨", "298吨")
        .replace("85人", "88人")
        .replace("420万元", "436万元");
    b.fill(second, &copied);
    let r = review(&b.store.visit_draft(second).unwrap(), &b.policy, &b.catalog);
    let conclusion = r.repeated.iter().find(|t| t.field == "conclusion").unwrap();
    assert_eq!((conclusion.share, conclusion.confirmed), (dec!(1), false));
    assert!(r.problems.contains(&Problem::RepeatedTextUnconfirmed {
        field: "conclusion".into()
    }));
    let whole = r.copied.clone().unwrap();
    assert_eq!(whole.previous_visit_date, d("2026-08-20"));
    assert!(whole.near_copy && whole.share >= dec!(0.9), "{whole:?}");

    // Rewritten from this visit's facts: not flagged, and the report is no longer a near copy.
    b.edit(
        second,
        VisitEdit::Conclusion {
            text: REWRITTEN.into(),
        },
    );
    let r = review(&b.store.visit_draft(second).unwrap(), &b.policy, &b.catalog);
    assert!(r.repeated.iter().all(|t| t.field != "conclusion"), "{r:?}");
    let whole = r.copied.clone().unwrap();
    assert!(!whole.near_copy && whole.share < dec!(0.3), "{whole:?}");

    // Copied again and confirmed: the report prints the share and the confirmation for the
    // reviewers at head office.
    b.edit(second, VisitEdit::Conclusion { text: copied });
    for t in review(&b.store.visit_draft(second).unwrap(), &b.policy, &b.catalog).repeated {
        b.edit(second, VisitEdit::ConfirmRepeatedText { field: t.field });
    }
    b.confirm_and_complete(second, "2026-11-20", "16:00");
    let content = crate::report::content::gather(&b.store, &b.catalog, second).unwrap();
    let line = content.copied.clone().unwrap();
    assert!(line.near_copy);
    assert_eq!(line.threshold, "60%");
    assert!(
        line.fields
            .iter()
            .any(|f| f.field == "检查结论" && f.share == "100%" && f.confirmed)
    );
    let text = draft_pdf_text(&mut b, second);
    assert!(
        text.contains("文字雷同检查：本报告文字与2026-08-20检查报告相同或仅改数字的句子占"),
        "{text}"
    );
    assert!(text.contains("达到雷同标准60%，请复核人员重点核实"));
    assert!(text.contains("检查结论：与上次报告雷同100%，检查人员已确认情况属实未变"));

    // The managers' counts read the same from the store: two visits, the second a near copy.
    let facts = b
        .store
        .visit_evidence(d("2026-01-01"), d("2026-12-31"))
        .unwrap();
    assert_eq!(facts.len(), 2);
    assert!(facts[0].previous_texts.is_none());
    assert_eq!(
        facts[1].previous_texts.as_ref().unwrap().len(),
        facts[0].texts.len()
    );
    let counts = crate::evidence::by_officer::count(&facts, &b.policy.evidence());
    assert_eq!(
        (counts.len(), counts[0].visits, counts[0].near_copy_reports),
        (1, 2, 1)
    );
    // A period without the second visit counts only the first.
    let august = b
        .store
        .visit_evidence(d("2026-08-01"), d("2026-08-31"))
        .unwrap();
    assert_eq!(august.len(), 1);

    // As 证据核查 reads them: the same counts, from each visit's flags kept once judged.
    let rules = b.policy.evidence();
    let year = |b: &Bench, rules: &crate::policy::EvidenceRules| {
        b.store
            .evidence_counts(d("2026-01-01"), d("2026-12-31"), rules)
            .unwrap()
    };
    let kept = |b: &Bench| -> i64 {
        b.store
            .conn()
            .query_row("SELECT count(*) FROM evidence_judgements", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(kept(&b), 0);
    assert_eq!(year(&b, &rules), counts);
    assert_eq!(kept(&b), 2);
    assert_eq!(year(&b, &rules), counts, "read back from the kept flags");
    let fresh = |b: &Bench, rules: &crate::policy::EvidenceRules| {
        let facts = b
            .store
            .visit_evidence(d("2026-01-01"), d("2026-12-31"))
            .unwrap();
        crate::evidence::by_officer::count(&facts, rules)
    };

    // A visit recorded between the two, in other words: the November report is now compared
    // with it, and is no longer a near copy. Its guarantee's flags were judged again.
    let between = b.start("2026-10-10");
    assert_eq!(
        kept(&b),
        0,
        "a visit added: its guarantee's flags are dropped"
    );
    b.fill(between, REWRITTEN);
    for t in review(
        &b.store.visit_draft(between).unwrap(),
        &b.policy,
        &b.catalog,
    )
    .repeated
    {
        b.edit(between, VisitEdit::ConfirmRepeatedText { field: t.field });
    }
    b.confirm_and_complete(between, "2026-10-10", "15:00");
    let now = year(&b, &rules);
    assert_eq!((now[0].visits, now[0].near_copy_reports), (3, 0));
    assert_eq!(now, fresh(&b, &rules));

    // The November visit reopened for a correction and completed unchanged: judged again, alike.
    b.store
        .reopen_visit(second, "补充盘点数据", at("2026-11-24T09:00:00"))
        .unwrap();
    assert_eq!(kept(&b), 0);
    b.confirm_and_complete(second, "2026-11-24", "09:30");
    assert_eq!(year(&b, &rules), now);

    // Other numbers in the policy: the flags are judged again under them (a copied share of
    // 0 makes every report with one before it a near copy).
    let mut strict = rules.clone();
    strict.copied_share = dec!(0);
    let under_strict = year(&b, &strict);
    assert_eq!(under_strict[0].near_copy_reports, 2);
    assert_eq!(under_strict, fresh(&b, &strict));
    assert_eq!(year(&b, &rules), now, "and back");

    // A store still being checked at unlock is read only: the counts are judged and not kept.
    b.store
        .conn()
        .execute("DELETE FROM evidence_judgements", [])
        .unwrap();
    b.store
        .conn()
        .pragma_update(None, "query_only", "ON")
        .unwrap();
    assert_eq!(year(&b, &rules), now);
    b.store
        .conn()
        .pragma_update(None, "query_only", "OFF")
        .unwrap();
    assert_eq!(kept(&b), 0);
}

#[test]
fn photos_are_set_against_the_laptops_clock_and_the_borrowers_site_registered_once() {
    use crate::demo::photos::warehouse_jpeg;
    use crate::demo::warehouse::Shot;
    let mut b = Bench::new();
    let id = b.start("2026-11-20");
    let site = Place::parse("30.2741", "120.1551").unwrap();
    // The site is registered from the visit (the borrower of seed_minimal has one: cleared).
    b.store
        .conn()
        .execute(
            "UPDATE borrowers SET site_latitude = NULL, site_longitude = NULL",
            [],
        )
        .unwrap();
    assert_eq!(b.store.visit_draft(id).unwrap().site, None);
    let bad = b.store.edit_visit(
        id,
        &VisitEdit::RegisterSite {
            latitude: "北纬30度".into(),
            longitude: "120.1551".into(),
        },
        &b.policy,
        &b.catalog,
        at("2026-11-20T10:00:00"),
    );
    assert!(matches!(bad, Err(StoreError::Site(_))), "{bad:?}");
    b.edit(
        id,
        VisitEdit::RegisterSite {
            latitude: "30.2741".into(),
            longitude: "120.1551".into(),
        },
    );
    assert_eq!(b.store.visit_draft(id).unwrap().site, Some(site));
    let again = b.store.edit_visit(
        id,
        &VisitEdit::RegisterSite {
            latitude: "31".into(),
            longitude: "121".into(),
        },
        &b.policy,
        &b.catalog,
        at("2026-11-20T10:00:00"),
    );
    let e = again.unwrap_err();
    assert_eq!(e.code(), "site_already_registered");

    let taken = |t: &str| Some(chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M").unwrap());
    let add = |b: &mut Bench, seed: u64, when, place, added: &str| {
        let bytes = warehouse_jpeg(seed, Shot::default(), 800, 600, when, place);
        let read = crate::photos::from_bytes(&format!("IMG_{seed}.JPG"), bytes).unwrap();
        b.store.add_photo(id, &read, at(added)).unwrap().unwrap().id
    };
    // At the gate (about 110 m away), on time.
    let gate = add(
        &mut b,
        1,
        taken("2026-11-20 10:05"),
        Some((dec!(30.2751), dec!(120.1551))),
        "2026-11-20T10:30:00",
    );
    // 6.6 km away, and the camera's clock two hours ahead of the laptop's when it was added.
    let elsewhere = add(
        &mut b,
        2,
        taken("2026-11-20 12:30"),
        Some((dec!(30.2741), dec!(120.2241))),
        "2026-11-20T10:30:00",
    );
    // A photo with no EXIF at all is kept, marked.
    let bare = add(&mut b, 3, None, None, "2026-11-20T10:30:00");
    let r = review(&b.store.visit_draft(id).unwrap(), &b.policy, &b.catalog);
    let check = |p: i64| r.photos.iter().find(|c| c.photo_id == p).unwrap().clone();
    assert_eq!(check(gate).metres_from_site, Some(111));
    assert!(!check(gate).far_from_site && check(gate).ahead_of_clock_minutes.is_none());
    let far = check(elsewhere);
    assert!(far.far_from_site && (6_500..6_700).contains(&far.metres_from_site.unwrap()));
    assert_eq!(far.ahead_of_clock_minutes, Some(120));
    assert_eq!(check(bare).metres_from_site, None);
    assert!(!check(bare).far_from_site);
    // The visit has a photo at the site: it is not far from it.
    assert_eq!(r.site_distance_m, Some(111));
    assert!(!r.far_from_site);

    let text = draft_pdf_text(&mut b, id);
    assert!(
        text.contains("企业登记地址坐标：30.2741,120.1551"),
        "{text}"
    );
    assert!(text.contains("（距登记地址111米）"));
    assert!(text.contains("（距登记地址6.6公里）"));
    assert!(text.contains("拍摄时间比导入时本机时间晚120分钟，请核实"));
    assert!(text.contains("拍摄地点远离企业登记地址，请核实"));
    assert!(text.contains("无拍摄信息（照片不含EXIF时间和位置）"));
}

#[test]
fn photos_kept_before_likenesses_get_theirs_at_the_upgrade_and_their_re_use_is_found() {
    use crate::demo::photos::warehouse_jpeg;
    use crate::demo::warehouse::Shot;
    let mut b = Bench::new();
    let first = b.start("2026-10-20");
    let bytes = warehouse_jpeg(11, Shot::default(), 2000, 1500, None, None);
    let read = crate::photos::from_bytes("IMG_0100.JPG", bytes.clone()).unwrap();
    b.store
        .add_photo(first, &read, at("2026-10-20T10:00:00"))
        .unwrap()
        .unwrap();
    b.fill(first, "实盘棉纱132.5吨，开工3条线，工资按月发放。");
    b.confirm_and_complete(first, "2026-10-20", "16:00");
    // The file as schema 25 left it: the photo, no likeness.
    b.store
        .conn()
        .execute_batch(
            // Each migration after 25 undone (26 … 38; the outbox keeps its wider check), so that opening upgrades again.
            "UPDATE photos SET thumbnail =
                 (SELECT jpeg FROM photo_thumbnails WHERE photo_id = photos.id);
             DROP TABLE photo_thumbnails;
             DROP TRIGGER photo_page_copies_stale; DROP TABLE photo_page_copies;
             DROP INDEX photos_listed;
             DROP TRIGGER evidence_judgements_visit_insert; DROP TRIGGER evidence_judgements_visit_update;
             DROP TRIGGER evidence_judgements_visit_delete; DROP TRIGGER evidence_judgements_answer_insert;
             DROP TRIGGER evidence_judgements_answer_update; DROP TRIGGER evidence_judgements_answer_delete;
             DROP TRIGGER evidence_judgements_photo_insert; DROP TRIGGER evidence_judgements_photo_update;
             DROP TRIGGER evidence_judgements_photo_delete; DROP TRIGGER evidence_judgements_reuse_insert;
             DROP TRIGGER evidence_judgements_reuse_update; DROP TRIGGER evidence_judgements_reuse_delete;
             DROP TRIGGER evidence_judgements_site_update; DROP TRIGGER evidence_judgements_borrower_update;
             DROP INDEX visits_completed_by_date; DROP TABLE evidence_judgements;
             DROP TABLE photo_reuse; DROP TABLE photo_likeness; DROP TABLE laptop_codes;
             DROP INDEX task_completions_officer; ALTER TABLE task_completions DROP COLUMN details;
             DROP TABLE calendar_years;
             DROP TABLE audit_anchors;
             DROP TABLE report_returns; DROP TABLE quarterly_reports;
             DROP TRIGGER extensions_fixed; DROP TABLE extensions;
             DROP TRIGGER compensation_demands_fixed; DROP TABLE compensation_demands;
             DROP TRIGGER releases_fixed;
             ALTER TABLE releases DROP COLUMN titles_documents;
             ALTER TABLE releases DROP COLUMN titles_receiver;
             ALTER TABLE releases DROP COLUMN titles_returned_on;
             CREATE TRIGGER releases_fixed BEFORE UPDATE ON releases
             WHEN OLD.archived_on IS NOT NULL
             BEGIN SELECT RAISE(ABORT, 'a release is not changed'); END;
             PRAGMA user_version = 25;",
        )
        .unwrap();
    let Bench { store, path, .. } = &mut b;
    let reopened = Store::open(path, OpenMode::Existing, &crate::store::test_key()).unwrap();
    assert_eq!(reopened.migration().from_version, 25);
    *store = reopened;
    // The thumbnail kept in the photo's row before schema 38 is served from its own table.
    let first_photo = b.store.visit_draft(first).unwrap().photos[0].id;
    let (thumb, mime) = b.store.photo_thumbnail(first_photo).unwrap();
    assert_eq!(
        (
            mime.as_str(),
            image::load_from_memory(&thumb).unwrap().width()
        ),
        ("image/jpeg", crate::photos::THUMBNAIL_SIZE)
    );
    let kept: i64 = b
        .store
        .conn()
        .query_row("SELECT count(*) FROM photo_likeness", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, 1);
    // The same picture, recompressed, on the next visit: found.
    let second = b.start("2026-11-20");
    assert_ne!(second, first);
    let again = image::load_from_memory(&bytes).unwrap();
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 60)
        .encode_image(&again.to_rgb8())
        .unwrap();
    let read = crate::photos::from_bytes("IMG_0200.JPG", jpeg).unwrap();
    let meta = b
        .store
        .add_photo(second, &read, at("2026-11-20T10:00:00"))
        .unwrap()
        .unwrap();
    assert_eq!(meta.reused.unwrap().earlier_visit_date, d("2026-10-20"));
}
