//! The furniture of every page of a sealed document other than the 保后检查表: the running head,
//! the QR code and the footer, and the pictures (photos, scans, signatures) scaled and flattened
//! for the page.

use super::layout::{
    BOTTOM, CONTENT_WIDTH, Composer, MARGIN_X, PAGE_WIDTH, Style, TOP, qr_ops, rect_ops,
};
use super::typeset;
use chrono::{DateTime, FixedOffset};
use printpdf::{RawImage, RawImageData, RawImageFormat};

const SMALL: Style = Style::regular(8.0);

/// The running head, the QR code and the footer (number, page N of M, generation time) of every
/// page of a document other than the 保后检查表.
pub(crate) fn stamp(
    c: &mut Composer<'_>,
    head: &str,
    document_no: &str,
    qr: &str,
    generated_at: DateTime<FixedOffset>,
) {
    let total = c.page_count();
    let generated = generated_at.format("%Y-%m-%d %H:%M").to_string();
    let qr_size = 54.0;
    for index in 0..total {
        let mut ops = Vec::new();
        ops.extend(c.text_ops(MARGIN_X, 34.0, &typeset::printable(head), SMALL.grey(0.35)));
        ops.extend(c.text_ops(
            MARGIN_X,
            46.0,
            &format!("编号 {document_no}"),
            SMALL.grey(0.35),
        ));
        ops.extend(qr_ops(qr, PAGE_WIDTH - MARGIN_X - qr_size, 12.0, qr_size));
        ops.extend(rect_ops(
            MARGIN_X,
            TOP - 8.0,
            CONTENT_WIDTH - qr_size - 8.0,
            0.6,
            Some(0.5),
            None,
        ));
        ops.extend(rect_ops(
            MARGIN_X,
            BOTTOM + 12.0,
            CONTENT_WIDTH,
            0.6,
            Some(0.5),
            None,
        ));
        let footer = format!(
            "编号 {document_no}　　第 {} 页 / 共 {} 页　　生成时间 {generated}",
            index + 1,
            total
        );
        let width = c.fonts.width(typeset::Face::Regular, &footer, 8.0);
        ops.extend(c.text_ops(
            (PAGE_WIDTH - width) / 2.0,
            BOTTOM + 28.0,
            &footer,
            SMALL.grey(0.25),
        ));
        c.stamp(index, ops, false);
    }
}

/// `pixels` scaled to fit in `width`×`height` points, keeping its proportions.
pub(crate) fn fit(pixels: (u32, u32), width: f32, height: f32) -> (f32, f32) {
    let (w, h) = (pixels.0.max(1) as f32, pixels.1.max(1) as f32);
    let scale = (width / w).min(height / h);
    (w * scale, h * scale)
}

/// An image decoded, turned upright and scaled down to `long_edge` pixels at most.
pub(crate) fn upright_within(bytes: &[u8], long_edge: u32) -> Option<image::DynamicImage> {
    let img = crate::photos::decode_upright(bytes).ok()?;
    Some(if img.width().max(img.height()) > long_edge {
        // Area averaging: fast, and sharp enough for a photo cell a few centimetres wide.
        img.thumbnail(long_edge, long_edge)
    } else {
        img
    })
}

/// RGBA pixels flattened onto white paper, as an RGB image for the page.
pub(crate) fn on_white(img: &image::RgbaImage) -> RawImage {
    let (w, h) = img.dimensions();
    let mut rgb = Vec::with_capacity((w * h * 3) as usize);
    for p in img.pixels() {
        let a = u16::from(p[3]);
        for ch in 0..3 {
            rgb.push(((u16::from(p[ch]) * a + 255 * (255 - a)) / 255) as u8);
        }
    }
    rgb_image(w, h, rgb)
}

pub(crate) fn rgb_image(width: u32, height: u32, pixels: Vec<u8>) -> RawImage {
    RawImage {
        width: width as usize,
        height: height as usize,
        pixels: RawImageData::U8(pixels),
        data_format: RawImageFormat::RGB8,
        tag: Vec::new(),
    }
}
