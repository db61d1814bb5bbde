use super::*;
use crate::demo::photos::{camera_jpeg, png_claiming};
use rust_decimal_macros::dec;

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

#[test]
fn a_camera_photo_keeps_its_bytes_time_and_place_and_gets_a_thumbnail() {
    let bytes = camera_jpeg(
        1600,
        1200,
        [200, 180, 90],
        Some(at("2026-11-20 10:05:31")),
        Some((dec!(30.7522), dec!(120.7555))),
    );
    let read = from_bytes("IMG_0001.JPG", bytes.clone()).unwrap();
    assert_eq!(read.photo.bytes, bytes, "the original bytes, untouched");
    assert_eq!(read.photo.mime_type, "image/jpeg");
    assert_eq!(
        (read.photo.width, read.photo.height),
        (Some(1600), Some(1200))
    );
    assert_eq!(read.photo.taken_at, Some(at("2026-11-20 10:05:31")));
    // Degrees, minutes, seconds to a thousandth of a second: within 1e-6 degrees.
    let lat = read.photo.latitude.unwrap();
    let lon = read.photo.longitude.unwrap();
    assert!((lat - dec!(30.7522)).abs() < dec!(0.000001), "{lat}");
    assert!((lon - dec!(120.7555)).abs() < dec!(0.000001), "{lon}");
    let thumb = image::load_from_memory(&read.thumbnail).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (320, 240));
}

#[test]
fn a_photo_without_exif_has_no_time_or_place() {
    let read = from_bytes("scan.jpg", camera_jpeg(64, 48, [10, 20, 30], None, None)).unwrap();
    assert_eq!(read.photo.taken_at, None);
    assert_eq!(read.photo.latitude, None);
}

#[test]
fn a_southern_western_place_is_negative() {
    let e = Exif::read(&camera_jpeg(
        8,
        8,
        [0, 0, 0],
        None,
        Some((dec!(-33.8688), dec!(-70.6693))),
    ));
    assert!(e.latitude.unwrap() < Decimal::ZERO && e.longitude.unwrap() < Decimal::ZERO);
}

#[test]
fn damaged_and_foreign_files_are_refused_by_name() {
    // A JPEG header over bytes that are not a picture (a card's file cut off while writing).
    let mut broken = camera_jpeg(400, 300, [1, 2, 3], None, None);
    for b in broken.iter_mut().skip(4).take(400) {
        *b = 0x5A;
    }
    assert!(
        matches!(from_bytes("断.jpg", broken), Err(PhotoError::Damaged { file, .. }) if file == "断.jpg")
    );
    assert!(matches!(
        from_bytes("说明.txt", "不是照片".as_bytes().to_vec()),
        Err(PhotoError::NotAnImage { file }) if file == "说明.txt"
    ));
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        read(&dir.path().join("无.jpg")),
        Err(PhotoError::Unreadable { .. })
    ));
}

#[test]
fn a_folder_gives_its_images_in_name_order() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["b.JPG", "a.jpeg", "notes.txt", "c.png"] {
        std::fs::write(dir.path().join(name), b"x").unwrap();
    }
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let files = expand(&[dir.path().to_path_buf()]).unwrap();
    let names: Vec<String> = files.iter().map(|f| crate::files::shown_name(f)).collect();
    assert_eq!(names, ["a.jpeg", "b.JPG", "c.png"]);
}

#[test]
fn a_large_photo_gets_an_upright_print_copy_and_a_small_one_prints_from_itself() {
    let big = camera_jpeg(4000, 2000, [90, 120, 200], None, None);
    let read = from_bytes("IMG_0100.JPG", big.clone()).unwrap();
    assert_eq!(read.photo.bytes, big, "the original stays as it was");
    assert_eq!(
        (read.photo.width, read.photo.height),
        (Some(4000), Some(2000))
    );
    let print =
        image::load_from_memory_with_format(read.print.as_ref().unwrap(), ImageFormat::Jpeg)
            .unwrap();
    assert_eq!(
        (print.width(), print.height()),
        (PRINT_SIZE, PRINT_SIZE / 2)
    );
    let thumb = image::load_from_memory(&read.thumbnail).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (320, 160));

    let small = from_bytes(
        "IMG_0101.JPG",
        camera_jpeg(PRINT_SIZE, 1200, [1, 2, 3], None, None),
    )
    .unwrap();
    assert_eq!(small.print, None);
}

#[test]
fn a_decompression_bomb_or_an_oversized_file_is_refused_before_decoding() {
    let bomb = png_claiming(20_000, 20_000);
    assert!(bomb.len() < 200);
    let err = from_bytes("炸弹.png", bomb).unwrap_err();
    assert!(
        matches!(&err, PhotoError::TooLarge { file, what } if file == "炸弹.png" && what.contains("20000")),
        "{err:?}"
    );
    let message = crate::photos::photo_error_message(&err, crate::i18n::Locale::ZhCn);
    assert!(
        message.contains("照片过大") && message.contains("其他照片不受影响"),
        "{message}"
    );
    // A side within the limit is not "too large" (its data is simply missing: damaged).
    assert!(matches!(
        from_bytes("窄.png", png_claiming(16_000, 2)),
        Err(PhotoError::Damaged { .. })
    ));
    // A file over 40 MB is refused by its size, unread.
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("巨大.jpg");
    let f = std::fs::File::create(&huge).unwrap();
    f.set_len(MAX_FILE_BYTES + 1).unwrap();
    assert!(matches!(read(&huge), Err(PhotoError::TooLarge { .. })));
}

#[test]
fn a_truncated_jpeg_is_refused_as_damaged_and_a_whole_one_with_trailing_bytes_is_not() {
    let whole = crate::demo::photos::camera_jpeg(320, 240, [200, 100, 50], None, None);
    for cut in [whole.len() / 3, whole.len() / 2, whole.len() - 2] {
        let err = from_bytes("截断.jpg", whole[..cut].to_vec()).unwrap_err();
        assert!(
            matches!(&err, PhotoError::Truncated { file } if file == "截断.jpg"),
            "cut at {cut}: {err:?}"
        );
    }
    let message = crate::photos::photo_error_message(
        &from_bytes("截断.jpg", whole[..100].to_vec()).unwrap_err(),
        crate::i18n::Locale::ZhCn,
    );
    assert!(message.contains("不完整"), "{message}");
    assert!(from_bytes("好.jpg", whole.clone()).is_ok());
    // Some cameras append data after the image (a maker's trailer): still whole.
    let mut trailer = whole;
    trailer.extend_from_slice(b"SAMSUNG trailer \x00\x01");
    assert!(from_bytes("尾.jpg", trailer).is_ok());
}
