//! Photos made for the demo and the tests: a JPEG drawn here, with the EXIF a phone camera
//! writes (time taken, GPS position), so every path of the photo import is exercised by real
//! bytes.

use chrono::NaiveDateTime;
use exif::experimental::Writer;
use exif::{Field, In, Rational, Tag, Value};
use image::{ImageFormat, Rgb, RgbImage};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::io::Cursor;

/// A `width`×`height` JPEG of bands in `colour`, with a grid so it is not one flat colour, and
/// EXIF with the time taken and the place when given.
pub fn camera_jpeg(
    width: u32,
    height: u32,
    colour: [u8; 3],
    taken_at: Option<NaiveDateTime>,
    place: Option<(Decimal, Decimal)>,
) -> Vec<u8> {
    let img = RgbImage::from_fn(width, height, |x, y| {
        let band = u8::try_from((y * 4 / height.max(1)) * 30).unwrap_or(0);
        if x % 40 == 0 || y % 40 == 0 {
            Rgb([40, 40, 40])
        } else {
            Rgb([
                colour[0].saturating_sub(band),
                colour[1].saturating_sub(band),
                colour[2],
            ])
        }
    });
    jpeg_with_exif(&img, taken_at, place)
}

/// A `width`×`height` JPEG of warehouse `seed` shot from `shot` (`demo::warehouse`), with EXIF
/// as a phone writes it: a photo of a real-looking scene, different for each seed and place.
pub fn warehouse_jpeg(
    seed: u64,
    shot: super::warehouse::Shot,
    width: u32,
    height: u32,
    taken_at: Option<NaiveDateTime>,
    place: Option<(Decimal, Decimal)>,
) -> Vec<u8> {
    let photo = super::warehouse::Warehouse::new(seed).shoot(shot);
    let img = image::imageops::resize(
        &photo.to_rgb8(),
        width,
        height,
        image::imageops::FilterType::Triangle,
    );
    jpeg_with_exif(&img, taken_at, place)
}

/// `img` as a JPEG, with EXIF for the time taken and the place when given.
fn jpeg_with_exif(
    img: &RgbImage,
    taken_at: Option<NaiveDateTime>,
    place: Option<(Decimal, Decimal)>,
) -> Vec<u8> {
    let mut jpeg = Vec::new();
    img.write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg)
        .expect("encoding a JPEG in memory");
    let tiff = exif_tiff(taken_at, place);
    if tiff.is_empty() {
        return jpeg;
    }
    // APP1 "Exif\0\0" + TIFF, right after the SOI marker.
    let len = u16::try_from(2 + 6 + tiff.len()).expect("EXIF fits one segment");
    let mut out = Vec::with_capacity(jpeg.len() + tiff.len() + 10);
    out.extend_from_slice(&jpeg[..2]);
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(&tiff);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn dms(v: Decimal) -> Vec<Rational> {
    let v = v.abs();
    let deg = v.trunc();
    let min = ((v - deg) * Decimal::from(60)).trunc();
    let sec = (v - deg - min / Decimal::from(60)) * Decimal::from(3600);
    let sec_milli = (sec * Decimal::from(1000)).round().to_u32().unwrap_or(0);
    vec![
        Rational::from((deg.to_u32().unwrap_or(0), 1)),
        Rational::from((min.to_u32().unwrap_or(0), 1)),
        Rational::from((sec_milli, 1000)),
    ]
}

fn exif_tiff(taken_at: Option<NaiveDateTime>, place: Option<(Decimal, Decimal)>) -> Vec<u8> {
    let mut fields = Vec::new();
    if let Some(t) = taken_at {
        fields.push(Field {
            tag: Tag::DateTimeOriginal,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![t.format("%Y:%m:%d %H:%M:%S").to_string().into_bytes()]),
        });
    }
    if let Some((lat, lon)) = place {
        let r = |neg: bool, p: &str, n: &str| {
            Value::Ascii(vec![if neg { n } else { p }.as_bytes().to_vec()])
        };
        fields.push(Field {
            tag: Tag::GPSLatitudeRef,
            ifd_num: In::PRIMARY,
            value: r(lat.is_sign_negative(), "N", "S"),
        });
        fields.push(Field {
            tag: Tag::GPSLatitude,
            ifd_num: In::PRIMARY,
            value: Value::Rational(dms(lat)),
        });
        fields.push(Field {
            tag: Tag::GPSLongitudeRef,
            ifd_num: In::PRIMARY,
            value: r(lon.is_sign_negative(), "E", "W"),
        });
        fields.push(Field {
            tag: Tag::GPSLongitude,
            ifd_num: In::PRIMARY,
            value: Value::Rational(dms(lon)),
        });
    }
    if fields.is_empty() {
        return Vec::new();
    }
    let mut w = Writer::new();
    for f in &fields {
        w.push_field(f);
    }
    let mut buf = Cursor::new(Vec::new());
    w.write(&mut buf, false).expect("writing EXIF in memory");
    buf.into_inner()
}

/// A signature as the on-screen pad sends it: a PNG of cursive-looking ink on a transparent
/// background, different for each `seed`.
pub fn signature_png(seed: u32) -> Vec<u8> {
    let (w, h) = (360u32, 120u32);
    let mut img = image::RgbaImage::new(w, h);
    let s = f64::from(seed % 97) / 97.0;
    let steps = 1400;
    for i in 0..=steps {
        let t = f64::from(i) / f64::from(steps);
        let phase = t * std::f64::consts::TAU * (4.0 + 2.0 * s);
        // Loops travelling to the right, taller in the middle, like a hurried name.
        let x = 24.0 + t * 300.0 + 14.0 * phase.cos();
        let y = 62.0
            - (26.0 + 10.0 * (t * 9.0 + s * 5.0).sin())
                * phase.sin()
                * (1.0 - (2.0 * t - 1.0).powi(4));
        for dx in -2i32..=2 {
            for dy in -2i32..=2 {
                if dx * dx + dy * dy > 5 {
                    continue;
                }
                let (px, py) = (x.round() as i32 + dx, y.round() as i32 + dy);
                if let (Ok(px), Ok(py)) = (u32::try_from(px), u32::try_from(py))
                    && px < w
                    && py < h
                {
                    img.put_pixel(px, py, image::Rgba([20, 30, 90, 255]));
                }
            }
        }
    }
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .expect("encoding a PNG in memory");
    out
}

/// A PNG whose header claims `width`×`height` pixels over a 1×1 image's data: a decompression
/// bomb's shape, a few dozen bytes long (its header CRC is right, so only the size gives it away).
pub fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut png = Vec::new();
    image::DynamicImage::new_rgb8(1, 1)
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .expect("a 1×1 PNG encodes");
    // Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4) ... CRC after 13 bytes.
    png[16..20].copy_from_slice(&width.to_be_bytes());
    png[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32fast::hash(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

/// A phone photo's worth of pixels for the benchmarks: 4032×3024 of texture and noise (the
/// hardest kind to compress), as a JPEG at quality 90, the same for the same seed.
pub fn noisy_phone_jpeg(seed: u64) -> Vec<u8> {
    use rand::{RngExt, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let img = RgbImage::from_fn(4032, 3024, |x, y| {
        let n: u8 = rng.random_range(0..48);
        Rgb([
            ((x / 9) % 200) as u8 + n,
            ((y / 7) % 180) as u8 + n,
            (((x + y) / 13) % 160) as u8 + n,
        ])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&img)
        .expect("a JPEG");
    out
}
