//! Photos a visit proves its findings with: read from files or a camera card's folder, each kept
//! with its original bytes and SHA-256, the camera's time and place from EXIF where present, and a
//! small JPEG thumbnail (decoded off the window's thread by the caller). A file that is not a
//! readable image is refused by name and the others still come in.

use crate::i18n::Locale;
use crate::visit::NewPhoto;
use chrono::{NaiveDate, NaiveDateTime};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use rust_decimal::Decimal;
use serde::Serialize;
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// Longest side of a thumbnail, in pixels.
pub const THUMBNAIL_SIZE: u32 = 320;

/// Longest side of the print copy kept of a larger photo, in pixels: about 480 dpi across a
/// report's photo cell, more than any policy's `photo_long_edge` needs (a larger setting prints
/// from the original).
pub const PRINT_SIZE: u32 = 1600;

/// Why a file did not come in.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PhotoError {
    #[error("cannot read {file}: {detail}")]
    Unreadable { file: String, detail: String },
    #[error("{file} is not an image this app reads (JPEG, PNG, WebP, TIFF)")]
    NotAnImage { file: String },
    #[error("{file} is damaged: {detail}")]
    Damaged { file: String, detail: String },
    /// A JPEG cut short (it still decodes, grey below the cut).
    #[error("{file} is cut short (truncated)")]
    Truncated { file: String },
    /// Larger than any camera's photo: refused before its pixels are decoded (a decompression
    /// bomb, or not a photo).
    #[error("{file} is too large ({what})")]
    TooLarge { file: String, what: String },
}

/// The longest side a photo may have (a 200-megapixel phone camera's is 16,320 pixels).
pub const MAX_SIDE: u32 = 16_384;
/// The most memory decoding one photo may take.
pub const MAX_DECODE_BYTES: u64 = 1024 * 1024 * 1024;
/// The largest photo file read (a phone's largest JPEGs are under 30 MB).
pub const MAX_FILE_BYTES: u64 = 40 * 1024 * 1024;

/// Whether a JPEG's last scan is followed by its end-of-image marker (FF D9). The last
/// start-of-scan (FF DA) is the main image's (an EXIF thumbnail, with markers of its own, comes
/// before it); marker bytes cannot occur inside entropy-coded data, where FF is stuffed with 00.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let last_scan = bytes.windows(2).rposition(|w| w == [0xFF, 0xDA]);
    match last_scan {
        Some(at) => bytes[at..].windows(2).any(|w| w == [0xFF, 0xD9]),
        None => false,
    }
}

/// Hard limits for decoding a photo: checked on the header, before any pixel is decoded.
fn decode_limits() -> image::Limits {
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    limits
}

/// A photo read from disk, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadPhoto {
    pub photo: NewPhoto,
    pub thumbnail: Vec<u8>,
    /// An upright JPEG at most [`PRINT_SIZE`] pixels long, when the original is larger.
    pub print: Option<Vec<u8>>,
    /// What finds the picture again, resized, recompressed or cropped, in a later photo.
    pub likeness: crate::evidence::likeness::Likeness,
    /// The copy a report prints, when the reader was told under which settings
    /// ([`ReadPhoto::with_page_copy`]); without one, the first report makes it.
    pub page: Option<PageCopy>,
}

/// A photo's page copy and the settings it was made under ([`page_copy`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageCopy {
    pub spec: PageSpec,
    pub jpeg: Vec<u8>,
}

impl ReadPhoto {
    /// The photo with its page copy under `spec`, made here: on the thread that read it, not
    /// under the database's lock. From the print copy when that is large enough, else from the
    /// original.
    pub fn with_page_copy(mut self, spec: PageSpec) -> ReadPhoto {
        let source = match &self.print {
            Some(print) if spec.from_print_copy() => print.as_slice(),
            _ => self.photo.bytes.as_slice(),
        };
        self.page = page_copy(source, spec).map(|jpeg| PageCopy { spec, jpeg });
        self
    }
}

/// The image files in `paths`: files as given, folders by their images (not descending).
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, PhotoError> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let entries = std::fs::read_dir(p).map_err(|e| PhotoError::Unreadable {
                file: p.display().to_string(),
                detail: e.to_string(),
            })?;
            let mut files: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|f| {
                    f.is_file()
                        && f.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                            matches!(
                                e.to_ascii_lowercase().as_str(),
                                "jpg" | "jpeg" | "png" | "webp" | "tif" | "tiff"
                            )
                        })
                })
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Reads one photo: bytes, format, size, EXIF time and place, thumbnail.
pub fn read(path: &Path) -> Result<ReadPhoto, PhotoError> {
    let file = crate::files::shown_name(path);
    let unreadable = |e: std::io::Error| PhotoError::Unreadable {
        file: file.clone(),
        detail: e.to_string(),
    };
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > MAX_FILE_BYTES {
        return Err(PhotoError::TooLarge {
            file: file.clone(),
            what: format!("{} MB", size / (1024 * 1024)),
        });
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    from_bytes(&file, bytes)
}

/// Reads a photo from its bytes.
pub fn from_bytes(file: &str, bytes: Vec<u8>) -> Result<ReadPhoto, PhotoError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(PhotoError::TooLarge {
            file: file.to_owned(),
            what: format!("{} MB", bytes.len() / (1024 * 1024)),
        });
    }
    let format = image::guess_format(&bytes).map_err(|_| PhotoError::NotAnImage {
        file: file.to_owned(),
    })?;
    let mime_type = match format {
        ImageFormat::Jpeg => "image/jpeg",
        ImageFormat::Png => "image/png",
        ImageFormat::WebP => "image/webp",
        ImageFormat::Tiff => "image/tiff",
        _ => {
            return Err(PhotoError::NotAnImage {
                file: file.to_owned(),
            });
        }
    };
    let damaged = |e: image::ImageError| match e {
        image::ImageError::Limits(_) => PhotoError::TooLarge {
            file: file.to_owned(),
            what: format!("{e}"),
        },
        e => PhotoError::Damaged {
            file: file.to_owned(),
            detail: e.to_string(),
        },
    };
    // A JPEG cut short (a card pulled out while copying) still decodes, grey below the cut:
    // refused, so a half photo never stands as evidence.
    if format == ImageFormat::Jpeg && !jpeg_is_complete(&bytes) {
        return Err(PhotoError::Truncated {
            file: file.to_owned(),
        });
    }
    // The header alone first: a photo claiming more pixels than any camera makes is named with
    // its size and never decoded.
    let mut header = ImageReader::with_format(Cursor::new(&bytes), format);
    header.no_limits();
    let (w, h) = header.into_dimensions().map_err(damaged)?;
    if w > MAX_SIDE || h > MAX_SIDE {
        return Err(PhotoError::TooLarge {
            file: file.to_owned(),
            what: format!("{w}×{h}"),
        });
    }
    let mut reader = ImageReader::with_format(Cursor::new(&bytes), format);
    reader.limits(decode_limits());
    let mut decoder = reader.into_decoder().map_err(damaged)?;
    let orientation = decoder.orientation().map_err(damaged)?;
    let (width, height) = decoder.dimensions();
    let mut img = DynamicImage::from_decoder(decoder).map_err(damaged)?;
    img.apply_orientation(orientation);
    let print = if img.width().max(img.height()) > PRINT_SIZE {
        img = img.thumbnail(PRINT_SIZE, PRINT_SIZE);
        Some(jpeg(&img, 85).map_err(damaged)?)
    } else {
        None
    };
    // From the print copy when there is one: a sixth of the pixels to read.
    let thumbnail = jpeg(&img.thumbnail(THUMBNAIL_SIZE, THUMBNAIL_SIZE), 75).map_err(damaged)?;
    let likeness = crate::evidence::likeness::Likeness::of(&img);
    let exif = Exif::read(&bytes);
    Ok(ReadPhoto {
        photo: NewPhoto {
            file_name: file.to_owned(),
            mime_type: mime_type.to_owned(),
            width: Some(width),
            height: Some(height),
            taken_at: exif.taken_at,
            latitude: exif.latitude,
            longitude: exif.longitude,
            caption: None,
            checklist_item: None,
            bytes,
        },
        thumbnail,
        print,
        likeness,
        page: None,
    })
}

/// The likeness of a photo kept before likenesses were (schema 26), or written whole (visits
/// recorded elsewhere): of its picture upright at most [`PRINT_SIZE`] long, as
/// [`from_bytes`] takes it. None for bytes that do not decode.
pub fn likeness_of_stored(bytes: &[u8]) -> Option<crate::evidence::likeness::Likeness> {
    let mut img = decode_upright(bytes).ok()?;
    if img.width().max(img.height()) > PRINT_SIZE {
        img = img.thumbnail(PRINT_SIZE, PRINT_SIZE);
    }
    Some(crate::evidence::likeness::Likeness::of(&img))
}

/// How a report prints a photo: its long edge in pixels and its JPEG quality (the policy's
/// `document.photo_long_edge` and `photo_jpeg_quality`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageSpec {
    pub long_edge: u32,
    pub quality: u8,
}

/// The version of [`page_copy`]: raised with any change to how a copy is made, so that the
/// copies kept by an earlier build are made again.
const PAGE_COPY: u32 = 1;

impl PageSpec {
    /// How a report prints photos under a policy's document settings.
    pub fn of(document: &crate::policy::DocumentSettings) -> PageSpec {
        PageSpec {
            long_edge: document.photo_long_edge,
            quality: document.photo_jpeg_quality,
        }
    }

    /// As the store keeps it beside a page copy: the settings and the way it was made.
    pub fn key(self) -> String {
        format!("v{PAGE_COPY} {}px q{}", self.long_edge, self.quality)
    }

    /// Which of a photo's stored pictures its page copy is made from: the print copy when it
    /// is large enough for the page (`true`), else the original.
    pub fn from_print_copy(self) -> bool {
        self.long_edge <= PRINT_SIZE
    }
}

/// A photo as a report's page prints it: upright, its long edge at most the spec's, an RGB JPEG
/// at the spec's quality. Made once per photo (when it is added, from its print copy) and kept
/// by the store, so that a report places it as it is, without decoding it. `None` for bytes
/// that do not decode.
pub fn page_copy(bytes: &[u8], spec: PageSpec) -> Option<Vec<u8>> {
    let mut img = decode_upright(bytes).ok()?;
    if img.width().max(img.height()) > spec.long_edge {
        // Area averaging: fast, and sharp enough for a photo cell a few centimetres wide.
        img = img.thumbnail(spec.long_edge, spec.long_edge);
    }
    jpeg(&img, spec.quality.clamp(1, 100)).ok()
}

/// [`page_copy`] of each of `photos` (their print bytes), on every core. A photo that does not
/// decode, or whose decoding panics (a hostile file), has none; the others are made.
pub fn page_copies(photos: &[&[u8]], spec: PageSpec) -> Vec<Option<Vec<u8>>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, photos.len().max(1));
    let per_thread = photos.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = photos
            .chunks(per_thread)
            .map(|chunk| {
                let worker = scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|bytes| page_copy(bytes, spec))
                        .collect::<Vec<_>>()
                });
                (chunk.len(), worker)
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|(n, w)| w.join().unwrap_or_else(|_| (0..n).map(|_| None).collect()))
            .collect()
    })
}

/// `img` as an RGB JPEG at `quality`.
fn jpeg(img: &DynamicImage, quality: u8) -> Result<Vec<u8>, image::ImageError> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(&img.to_rgb8())?;
    Ok(out)
}

/// A photo's pixels, turned upright as its EXIF orientation says.
pub fn decode_upright(bytes: &[u8]) -> Result<DynamicImage, image::ImageError> {
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format()?;
    reader.limits(decode_limits());
    let mut decoder = reader.into_decoder()?;
    let orientation = decoder.orientation()?;
    let mut img = DynamicImage::from_decoder(decoder)?;
    img.apply_orientation(orientation);
    Ok(img)
}

/// What EXIF says of when and where a photo was taken.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Exif {
    pub taken_at: Option<NaiveDateTime>,
    pub latitude: Option<Decimal>,
    pub longitude: Option<Decimal>,
}

impl Exif {
    /// Reads the EXIF of JPEG, PNG, WebP or TIFF bytes; missing or broken EXIF is simply absent.
    pub fn read(bytes: &[u8]) -> Exif {
        use exif::{In, Tag, Value};
        let Ok(data) = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) else {
            return Exif::default();
        };
        let taken_at = [Tag::DateTimeOriginal, Tag::DateTimeDigitized, Tag::DateTime]
            .iter()
            .find_map(|tag| match &data.get_field(*tag, In::PRIMARY)?.value {
                Value::Ascii(v) => {
                    let dt = exif::DateTime::from_ascii(v.first()?).ok()?;
                    NaiveDate::from_ymd_opt(dt.year.into(), dt.month.into(), dt.day.into())?
                        .and_hms_opt(dt.hour.into(), dt.minute.into(), dt.second.into())
                }
                _ => None,
            });
        let coordinate = |tag: Tag, reference: Tag, negative: &str| -> Option<Decimal> {
            let Value::Rational(parts) = &data.get_field(tag, In::PRIMARY)?.value else {
                return None;
            };
            let mut degrees = Decimal::ZERO;
            for (part, scale) in parts.iter().zip([1u32, 60, 3600]) {
                if part.denom == 0 {
                    return None;
                }
                let v = Decimal::from(part.num) / Decimal::from(part.denom) / Decimal::from(scale);
                degrees += v;
            }
            let sign = match &data.get_field(reference, In::PRIMARY)?.value {
                Value::Ascii(v)
                    if v.first()
                        .is_some_and(|r| r.starts_with(negative.as_bytes())) =>
                {
                    -Decimal::ONE
                }
                _ => Decimal::ONE,
            };
            Some((degrees * sign).round_dp(7))
        };
        Exif {
            taken_at,
            latitude: coordinate(Tag::GPSLatitude, Tag::GPSLatitudeRef, "S"),
            longitude: coordinate(Tag::GPSLongitude, Tag::GPSLongitudeRef, "W"),
        }
    }
}

/// How an import goes, file by file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct ImportProgress {
    pub done: u32,
    pub total: u32,
    pub file: String,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct ImportReport {
    pub added: u32,
    /// Files already on this visit (same bytes).
    pub duplicates: Vec<String>,
    /// Files refused, each with the reason in the officer's language.
    pub refused: Vec<String>,
    /// Why the import stopped before the end (the photos before it are kept).
    pub stopped: Option<String>,
}

/// Reads every image in `paths` (folders by their images) and hands each to `add`, which stores
/// it and says whether it was new (`Ok(false)`: the same bytes were already there). A file that
/// cannot be read is refused by name and the import goes on; a failure of `add` (a full disk)
/// stops it, and the photos already added stay. `progress` hears of each file as it is done.
/// With `page` (the visit's [`PageSpec`]), each photo's page copy is made as it is read.
pub fn import(
    paths: &[PathBuf],
    locale: crate::i18n::Locale,
    page: Option<PageSpec>,
    mut add: impl FnMut(&ReadPhoto) -> Result<bool, String>,
    mut progress: impl FnMut(ImportProgress),
) -> ImportReport {
    let mut report = ImportReport::default();
    let files = match expand(paths) {
        Ok(f) => f,
        Err(e) => {
            report.refused.push(photo_error_message(&e, locale));
            return report;
        }
    };
    let total = u32::try_from(files.len()).unwrap_or(u32::MAX);
    for (i, path) in files.iter().enumerate() {
        let read = read(path).map(|photo| match page {
            Some(spec) => photo.with_page_copy(spec),
            None => photo,
        });
        match read {
            Ok(photo) => match add(&photo) {
                Ok(true) => report.added += 1,
                Ok(false) => report.duplicates.push(photo.photo.file_name.clone()),
                Err(message) => {
                    report.stopped = Some(message);
                    break;
                }
            },
            Err(e) => report.refused.push(photo_error_message(&e, locale)),
        }
        progress(ImportProgress {
            done: u32::try_from(i + 1).unwrap_or(u32::MAX),
            total,
            file: crate::files::shown_name(path),
        });
    }
    report
}

/// A photo file refused on import, in the officer's language.
pub fn photo_error_message(e: &PhotoError, l: Locale) -> String {
    use PhotoError as E;
    match e {
        E::Unreadable { file, detail } => format!(
            "{file}：{}（{detail}）",
            l.pick("无法读取", "無法讀取", "cannot be read")
        ),
        E::NotAnImage { file } => format!(
            "{file}：{}",
            l.pick(
                "不是可识别的照片（支持 JPEG、PNG、WebP、TIFF）",
                "不是可識別的照片（支援 JPEG、PNG、WebP、TIFF）",
                "not a photo this app reads (JPEG, PNG, WebP, TIFF)"
            )
        ),
        E::Damaged { file, detail } => format!(
            "{file}：{}（{detail}）",
            l.pick(
                "照片文件已损坏，未导入；其他照片不受影响",
                "照片檔案已損壞，未匯入；其他照片不受影響",
                "the photo is damaged and was not added; the others are not affected"
            )
        ),
        E::Truncated { file } => format!(
            "{file}：{}",
            l.pick(
                "照片文件不完整（可能复制时被中断），未导入；其他照片不受影响。请从相机重新复制",
                "照片檔案不完整（可能複製時被中斷），未匯入；其他照片不受影響。請從相機重新複製",
                "the photo file is incomplete (copying was probably interrupted) and was not added; the others are not affected. Copy it again from the camera"
            )
        ),
        E::TooLarge { file, what } => format!(
            "{file}：{}（{what}）",
            l.pick(
                "照片过大，超出相机照片的尺寸上限（最长边 16384 像素、文件 40 MB），未导入；其他照片不受影响",
                "照片過大，超出相機照片的尺寸上限（最長邊 16384 像素、檔案 40 MB），未匯入；其他照片不受影響",
                "the photo is larger than any camera's (longest side 16,384 pixels, file 40 MB) and was not added; the others are not affected"
            )
        ),
    }
}

#[cfg(test)]
mod tests;
