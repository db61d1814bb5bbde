//! The 保后检查表 drawn on A4: the head and the header block, the checklist by section, the stock
//! count, the interviews, the figures against the last visit, the signals, the conclusion, the
//! borrower's confirmation, the signatures and the four-eyes review, then the photo pages. Every
//! page carries the document number, page N of M, the generation time and a QR code of the
//! number and the content digest.

use super::content::ReportContent;
use super::styles::*;
use super::tables::{checklist, figures, header_block, interviews, inventory, signals};
use crate::sealed::furniture::{fit, on_white};
use crate::sealed::layout::{
    Align, BOTTOM, CONTENT_WIDTH, Composer, HEADING_HEIGHT, MARGIN_X, PAGE_HEIGHT, PAGE_WIDTH,
    Style, TOP, qr_ops, rect_ops,
};
use crate::sealed::typeset::{self, Weight};
use crate::visit::SignatureRole;
use chrono::{DateTime, FixedOffset};
use printpdf::{
    DictItem, ExternalStream, ExternalXObject, ImageCompression, ImageOptimizationOptions, Mm,
    PdfDocument, PdfPage, PdfSaveOptions, Px, RawImage, XObjectId,
};
use std::collections::{BTreeMap, HashMap};

/// The pictures a report shows, read from the store.
#[derive(Default)]
pub struct Images {
    /// Each photo by id as the page prints it: its page copy, an upright RGB JPEG scaled and
    /// compressed as the policy says ([`crate::photos::page_copy`]), placed in the PDF as it
    /// is. A photo missing here, or whose bytes are not such a JPEG, is listed as unreadable.
    pub photos: HashMap<i64, Vec<u8>>,
    pub signatures: Vec<(SignatureRole, Vec<u8>)>,
}

pub struct RenderOptions {
    pub generated_at: DateTime<FixedOffset>,
    /// JPEG quality, 1–100, of the signatures (the photos come compressed: [`Images`]).
    pub photo_quality: u8,
}

/// A picture ready for the page.
struct Placed {
    id: XObjectId,
    pixels: (u32, u32),
}

/// Renders the report. Never fails on a photo: one that does not decode is listed by name.
/// Returns the PDF and its number of pages.
pub fn render(content: &ReportContent, images: &Images, opts: &RenderOptions) -> (Vec<u8>, usize) {
    let fonts = typeset::fonts();
    let mut doc = PdfDocument::new(&format!("{} {}", content.title, content.document_no));
    doc.metadata.info.author = content.header.visit_officer.clone();
    doc.metadata.info.creator = "Baohou 保后".to_owned();
    doc.metadata.info.subject = format!("{} · {}", content.header.borrower, content.variant);
    doc.metadata.info.identifier = content.document_no.clone();
    let regular = doc.add_font(&fonts.regular);
    let bold = doc.add_font(&fonts.bold);

    let photos: Vec<(usize, Option<Placed>)> = content
        .photos
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let placed = images
                .photos
                .get(&p.id)
                .and_then(|jpeg| place_jpeg(&mut doc, jpeg));
            (i, placed)
        })
        .collect();
    let signatures: Vec<(SignatureRole, Placed)> = images
        .signatures
        .iter()
        .filter_map(|(role, png)| {
            let raw = signature_pixels(png)?;
            let pixels = (raw.width as u32, raw.height as u32);
            Some((
                *role,
                Placed {
                    id: doc.add_image(&raw),
                    pixels,
                },
            ))
        })
        .collect();

    let mut c = Composer::new(fonts, regular, bold);
    title_block(&mut c, content);
    header_block(&mut c, content);
    checklist(&mut c, content);
    inventory(&mut c, content);
    interviews(&mut c, content);
    figures(&mut c, content);
    signals(&mut c, content);
    conclusion(&mut c, content);
    confirmation_and_signatures(&mut c, content, &signatures);
    review_boxes(&mut c, content);
    photo_pages(&mut c, content, &photos);
    stand_in_note(&mut c, content);
    stamp_pages(&mut c, content, opts);

    let page_count = c.page_count();
    let pages = c
        .into_pages()
        .into_iter()
        .map(|ops| PdfPage::new(Mm(210.0), Mm(297.0), ops))
        .collect();
    let save = PdfSaveOptions {
        image_optimization: Some(ImageOptimizationOptions {
            quality: Some(f32::from(opts.photo_quality.clamp(1, 100)) / 100.0),
            max_image_size: None,
            dither_greyscale: Some(false),
            convert_to_greyscale: Some(false),
            auto_optimize: Some(false),
            format: Some(ImageCompression::Jpeg),
        }),
        ..PdfSaveOptions::default()
    };
    (
        doc.with_pages(pages).save(&save, &mut Vec::new()),
        page_count,
    )
}

fn title_block(c: &mut Composer<'_>, r: &ReportContent) {
    let centre = PAGE_WIDTH / 2.0;
    c.text_at(
        centre,
        c.y + 13.0,
        &r.company,
        Style::bold(13.0),
        Align::Center,
    );
    c.gap(22.0);
    c.text_at(
        centre,
        c.y + 20.0,
        &r.title,
        Style::bold(20.0),
        Align::Center,
    );
    c.gap(30.0);
    let variant = if r.is_final {
        r.variant.clone()
    } else {
        format!("{}（草稿，非正式文件）", r.variant)
    };
    c.text_at(
        centre,
        c.y + 12.0,
        &variant,
        Style::regular(12.0),
        Align::Center,
    );
    c.gap(20.0);
    if let Some(reason) = &r.correction_reason {
        c.paragraph(
            &format!("更正版（第 {} 版）。更正原因：{reason}", r.version),
            Style::bold(9.5),
            0.0,
        );
    }
    c.text_at(
        MARGIN_X,
        c.y + 8.0,
        &format!("文件编号：{}", r.document_no),
        SMALL.grey(0.25),
        Align::Left,
    );
    c.text_at(
        MARGIN_X + CONTENT_WIDTH,
        c.y + 8.0,
        &format!("内容摘要 SHA-256：{}", &r.digest()[..16]),
        SMALL.grey(0.25),
        Align::Right,
    );
    c.gap(14.0);
}

fn conclusion(c: &mut Composer<'_>, r: &ReportContent) {
    c.heading("六、检查结论", 30.0);
    c.paragraph(
        if r.conclusion.is_empty() {
            "（未填写）"
        } else {
            &r.conclusion
        },
        BODY,
        4.0,
    );
    c.gap(8.0);
    c.heading("七、风险防范措施及建议", 30.0);
    c.paragraph(
        if r.measures.is_empty() {
            "无。"
        } else {
            &r.measures
        },
        BODY,
        4.0,
    );
    c.gap(6.0);
    copied_note(c, r);
    c.gap(10.0);
}

/// The text against the last report, for the reviewers: the share, and each field mostly the
/// last report's with whether the officer confirmed it still holds.
fn copied_note(c: &mut Composer<'_>, r: &ReportContent) {
    let Some(copied) = &r.copied else {
        return;
    };
    let verdict = if copied.near_copy {
        format!("达到雷同标准 {}，请复核人员重点核实", copied.threshold)
    } else {
        format!("低于雷同标准 {}", copied.threshold)
    };
    c.paragraph(
        &format!(
            "文字雷同检查：本报告文字与 {} 检查报告相同或仅改数字的句子占 {}，{verdict}。",
            copied.previous_visit_date, copied.share
        ),
        if copied.near_copy {
            Style::bold(9.0)
        } else {
            SMALL
        },
        2.0,
    );
    for f in &copied.fields {
        c.paragraph(
            &format!(
                "　{}：与上次报告雷同 {}，{}",
                f.field,
                f.share,
                if f.confirmed {
                    "检查人员已确认情况属实未变"
                } else {
                    "检查人员未确认"
                }
            ),
            SMALL,
            2.0,
        );
    }
}

/// A signature: the image drawn on screen with the signer and the time, or a line for ink.
fn signature_box(
    c: &mut Composer<'_>,
    x: f32,
    width: f32,
    caption: &str,
    signed: Option<(&Placed, String)>,
) {
    let top = c.y;
    let height = 64.0;
    let caption_style = Style::bold(9.5);
    c.text_at(x, top + 10.0, caption, caption_style, Align::Left);
    // The signature starts after the caption, however long the caption is.
    let indent = (c.text_width(caption, caption_style) + 8.0).max(80.0);
    match signed {
        Some((placed, line)) => {
            let (w, h) = fit(placed.pixels, width - indent - 10.0, height - 22.0);
            c.image(&placed.id, placed.pixels, x + indent, top, w, h);
            c.text_at(
                x + indent,
                top + height - 4.0,
                &line,
                SMALL.grey(0.2),
                Align::Left,
            );
        }
        None => {
            c.hline(x + indent, x + width - 10.0, top + 30.0, 0.2, 0.6);
            c.text_at(
                x + indent,
                top + height - 14.0,
                BLANK_DATE,
                SMALL,
                Align::Left,
            );
        }
    }
}

fn confirmation_and_signatures(
    c: &mut Composer<'_>,
    r: &ReportContent,
    signatures: &[(SignatureRole, Placed)],
) {
    c.heading("八、借款人确认意见", 120.0);
    let height = 118.0;
    c.ensure(height);
    let top = c.y;
    c.rect(MARGIN_X, top, CONTENT_WIDTH, height, None, Some(0.35));
    c.y = top + 6.0;
    let line = match &r.borrower_confirmation {
        Some((by, at)) => format!(
            "借款人已审阅本检查表所列事项，确认属实。确认人：{by}，确认时间：{}。",
            at.format("%Y-%m-%d %H:%M")
        ),
        None => "借款人确认意见：".to_owned(),
    };
    c.paragraph(&line, BODY, 8.0);
    c.hline(
        MARGIN_X + 8.0,
        MARGIN_X + CONTENT_WIDTH - 8.0,
        top + 44.0,
        0.6,
        0.4,
    );
    c.y = top + 50.0;
    let signed = signatures
        .iter()
        .find(|(r, _)| *r == SignatureRole::Borrower)
        .and_then(|(_, p)| {
            let s = r
                .signatures
                .iter()
                .find(|s| s.role == SignatureRole::Borrower)?;
            Some((
                p,
                format!("{}　{}", s.signer, s.signed_at.format("%Y-%m-%d %H:%M")),
            ))
        });
    signature_box(
        c,
        MARGIN_X + 8.0,
        CONTENT_WIDTH - 16.0,
        "借款人（盖章）/代表签字：",
        signed,
    );
    c.y = top + height + 12.0;

    c.heading("九、检查人员签字", 80.0);
    let top = c.y;
    let officer = signatures
        .iter()
        .find(|(r, _)| *r == SignatureRole::Officer)
        .and_then(|(_, p)| {
            let s = r
                .signatures
                .iter()
                .find(|s| s.role == SignatureRole::Officer)?;
            Some((
                p,
                format!("{}　{}", s.signer, s.signed_at.format("%Y-%m-%d %H:%M")),
            ))
        });
    signature_box(c, MARGIN_X, CONTENT_WIDTH / 2.0, "检查人员：", officer);
    signature_box(
        c,
        MARGIN_X + CONTENT_WIDTH / 2.0,
        CONTENT_WIDTH / 2.0,
        "陪同检查人员（B角）：",
        None,
    );
    c.y = top + 70.0;
}

/// A review box's height: room for two lines of opinion, or one when that keeps every box on the
/// page the section starts on (a last page holding only the 总经理意见 box is what a reader
/// notices).
pub(super) const REVIEW_BOX: f32 = 92.0;
pub(super) const REVIEW_BOX_COMPACT: f32 = 74.0;
pub(super) const REVIEW_BOX_GAP: f32 = 6.0;

/// The reviewers' boxes under 十、审核意见, one per approver in order, each with its lines for the
/// opinion, the signature and the date. All on the section's page at full height when they fit;
/// else with one line less each when that keeps them there; else at full height across pages,
/// but never the last box alone on the next page (the one before it goes over with it), and
/// never the heading without its first box. Returns the page (from 0) each box is on.
pub(super) fn review_boxes(c: &mut Composer<'_>, r: &ReportContent) -> Vec<usize> {
    let n = r.approvers.len();
    let all = |height: f32, boxes: usize| {
        boxes as f32 * height + (boxes as f32 - 1.0).max(0.0) * REVIEW_BOX_GAP
    };
    // The heading stays with every box at the smaller height, or with the first at full height.
    let keep = all(REVIEW_BOX_COMPACT, n).min(REVIEW_BOX);
    let heading_stays = c.room() >= HEADING_HEIGHT + keep || c.y <= TOP;
    let room = if heading_stays {
        c.room()
    } else {
        BOTTOM - TOP
    } - HEADING_HEIGHT;
    let at_full = (0..=n)
        .rev()
        .find(|&k| all(REVIEW_BOX, k) <= room)
        .unwrap_or(0);
    let (height, lines, break_before) = if at_full == n {
        (REVIEW_BOX, 2, None)
    } else if all(REVIEW_BOX_COMPACT, n) <= room {
        (REVIEW_BOX_COMPACT, 1, None)
    } else if n >= 2 && at_full == n - 1 {
        // The last box would go over alone: the one before goes with it.
        (REVIEW_BOX, 2, Some(n - 2))
    } else {
        (REVIEW_BOX, 2, None)
    };
    if break_before == Some(0) && heading_stays {
        // Two boxes, one room: the section starts on the next page.
        c.new_page();
    }
    // (The heading keeps `keep_with` from its band's foot: the space under the band counts.)
    c.heading("十、审核意见", 4.0 + keep);
    let mut pages = Vec::with_capacity(n);
    for (i, role) in r.approvers.iter().enumerate() {
        if break_before == Some(i) && i > 0 {
            c.new_page();
        }
        // The gap below a box is not needed at the foot of a page.
        c.ensure(height);
        pages.push(c.page_count() - 1);
        let top = c.y;
        c.rect(MARGIN_X, top, CONTENT_WIDTH, height, None, Some(0.35));
        c.text_at(
            MARGIN_X + 8.0,
            top + 16.0,
            &format!("{role}意见："),
            Style::bold(9.5),
            Align::Left,
        );
        for i in 0..lines {
            let y = top + 38.0 + i as f32 * 18.0;
            c.hline(MARGIN_X + 8.0, MARGIN_X + CONTENT_WIDTH - 8.0, y, 0.6, 0.4);
        }
        let base = top + height - 10.0;
        c.text_at(
            MARGIN_X + CONTENT_WIDTH * 0.40,
            base,
            "签字：",
            BODY,
            Align::Left,
        );
        c.hline(
            MARGIN_X + CONTENT_WIDTH * 0.40 + 30.0,
            MARGIN_X + CONTENT_WIDTH * 0.62,
            base + 2.0,
            0.2,
            0.5,
        );
        c.text_at(
            MARGIN_X + CONTENT_WIDTH * 0.66,
            base,
            BLANK_DATE,
            BODY,
            Align::Left,
        );
        c.y = top + height + REVIEW_BOX_GAP;
    }
    pages
}

/// The lines under photo `i` of the report: its caption, when and where it was taken, its
/// hash, and the flags on it.
fn caption_lines(p: &super::content::PhotoLine, i: usize) -> Vec<(String, Style)> {
    let mut lines = Vec::new();
    let item = p
        .checklist_item
        .as_deref()
        .map(|i| format!("（证明 {i}）"))
        .unwrap_or_default();
    let caption = if p.caption.is_empty() {
        "（无说明）"
    } else {
        &p.caption
    };
    lines.push((format!("{}. {caption}{item}", i + 1), Style::bold(8.0)));
    let when = p
        .taken_at
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "无 EXIF 时间".to_owned());
    let place = match (&p.latitude, &p.longitude) {
        (Some(la), Some(lo)) => format!("{la}, {lo}"),
        _ => "无 EXIF 位置".to_owned(),
    };
    let distance = p
        .metres_from_site
        .map(|m| format!("（距登记地址 {}）", crate::evidence::place::distance_zh(m)))
        .unwrap_or_default();
    if p.taken_at.is_none() && p.latitude.is_none() {
        lines.push(("无拍摄信息（照片不含 EXIF 时间和位置）".to_owned(), SMALL));
    } else {
        lines.push((format!("拍摄：{when}　位置：{place}{distance}"), SMALL));
    }
    lines.push((
        format!(
            "SHA-256 {}…　{}",
            &p.sha256[..p.sha256.len().min(16)],
            p.file_name
        ),
        SMALL.grey(0.3),
    ));
    if p.far_from_visit {
        lines.push((
            "拍摄时间与检查日期不符，请核实".to_owned(),
            Style::bold(8.0),
        ));
    }
    if let Some(m) = p.ahead_of_clock_minutes {
        lines.push((
            format!("拍摄时间比导入时本机时间晚 {m} 分钟，请核实"),
            Style::bold(8.0),
        ));
    }
    if p.far_from_site {
        lines.push((
            "拍摄地点远离企业登记地址，请核实".to_owned(),
            Style::bold(8.0),
        ));
    }
    if let Some(r) = &p.reused {
        lines.push((
            format!(
                "疑似重复使用：与 {} {} {} 检查照片为同一画面（差异 {}/256）",
                r.earlier_visit_date, r.earlier_contract_no, r.earlier_borrower, r.distance
            ),
            Style::bold(8.0),
        ));
        lines.push((
            match &r.explanation {
                Some(text) => format!("检查人员说明：{text}"),
                None => "检查人员未作说明".to_owned(),
            },
            SMALL,
        ));
    }
    lines
}

fn photo_pages(c: &mut Composer<'_>, r: &ReportContent, photos: &[(usize, Option<Placed>)]) {
    if r.photos.is_empty() {
        return;
    }
    c.new_page();
    c.heading(&format!("附：现场照片（{} 张）", r.photos.len()), 200.0);
    c.paragraph(
        &match &r.site {
            Some(site) => format!("企业登记地址坐标：{site}；照片位置按 EXIF GPS 核对。"),
            None => "企业未登记地址坐标，照片位置未作核对。".to_owned(),
        },
        SMALL,
        4.0,
    );
    let gap = 14.0;
    let cell_w = (CONTENT_WIDTH - gap) / 2.0;
    let image_h = 168.0;
    for row in photos.chunks(2) {
        // As tall as the longer caption of the row: at least four lines, at most twelve (a
        // longer caption is cut at the cell's foot).
        let caption_h = row
            .iter()
            .map(|(i, _)| {
                caption_lines(&r.photos[*i], *i)
                    .iter()
                    .map(|(text, style)| {
                        c.wrap(text, *style, cell_w).len() as f32 * style.leading()
                    })
                    .sum::<f32>()
            })
            .fold(4.0 * SMALL.leading(), f32::max)
            .min(12.0 * SMALL.leading());
        let cell_h = image_h + caption_h + 12.0;
        c.ensure(cell_h);
        let top = c.y;
        for (col, (i, placed)) in row.iter().enumerate() {
            let p = &r.photos[*i];
            let x = MARGIN_X + col as f32 * (cell_w + gap);
            c.rect(x, top, cell_w, image_h, Some(0.96), Some(0.6));
            match placed {
                Some(placed) => {
                    let (w, h) = fit(placed.pixels, cell_w - 4.0, image_h - 4.0);
                    c.image(
                        &placed.id,
                        placed.pixels,
                        x + (cell_w - w) / 2.0,
                        top + (image_h - h) / 2.0,
                        w,
                        h,
                    );
                }
                None => {
                    c.text_at(
                        x + cell_w / 2.0,
                        top + image_h / 2.0 - 4.0,
                        "照片无法读取",
                        Style::bold(10.0),
                        Align::Center,
                    );
                    c.text_at(
                        x + cell_w / 2.0,
                        top + image_h / 2.0 + 12.0,
                        &p.file_name,
                        SMALL,
                        Align::Center,
                    );
                }
            }
            let lines = caption_lines(p, *i);
            let mut y = top + image_h + 4.0;
            'caption: for (text, style) in lines {
                for line in c.wrap(&text, style, cell_w) {
                    if y + style.leading() > top + cell_h {
                        break 'caption;
                    }
                    c.text_at(x, y + style.size, &line, style, Align::Left);
                    y += style.leading();
                }
            }
        }
        c.y = top + cell_h;
    }
}

/// Says what the 〔U+…〕 marks mean, when the report has any.
fn stand_in_note(c: &mut Composer<'_>, r: &ReportContent) {
    let json = serde_json::to_string(r).unwrap_or_default();
    let decoded: String = serde_json::from_str::<serde_json::Value>(&json)
        .map(|v| collect_text(&v))
        .unwrap_or_default();
    if typeset::needs_stand_in(&decoded) {
        c.gap(6.0);
        c.paragraph(
            "注：文中〔U+XXXX〕表示本文件字体无法显示的字符（如表情符号、生僻字）及其 Unicode 编码，原文完整保存在数据库中。",
            SMALL.grey(0.2),
            0.0,
        );
    }
}

fn collect_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(a) => a.iter().map(collect_text).collect(),
        serde_json::Value::Object(o) => o.values().map(collect_text).collect(),
        _ => String::new(),
    }
}

/// The running head, the QR code, the footer and (for a draft) the mark on every page.
fn stamp_pages(c: &mut Composer<'_>, r: &ReportContent, opts: &RenderOptions) {
    let total = c.page_count();
    let qr = r.qr_payload();
    let generated = opts.generated_at.format("%Y-%m-%d %H:%M").to_string();
    let head = if r.is_final {
        format!("{} · {} · {}", r.company, r.title, r.header.borrower)
    } else {
        format!(
            "{} · {} · {} · 草稿，非正式文件",
            r.company, r.title, r.header.borrower
        )
    };
    let qr_size = 54.0;
    for index in 0..total {
        let mut ops = Vec::new();
        ops.extend(c.text_ops(MARGIN_X, 34.0, &typeset::printable(&head), SMALL.grey(0.35)));
        ops.extend(c.text_ops(
            MARGIN_X,
            46.0,
            &format!("文件编号 {}", r.document_no),
            SMALL.grey(0.35),
        ));
        ops.extend(qr_ops(&qr, PAGE_WIDTH - MARGIN_X - qr_size, 12.0, qr_size));
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
            "文件编号 {}　　第 {} 页 / 共 {} 页　　生成时间 {generated}",
            r.document_no,
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
        if !r.is_final {
            let mark = c.rotated_text_ops(
                150.0,
                PAGE_HEIGHT * 0.62,
                "草稿 · 非正式文件",
                Style {
                    size: 54.0,
                    weight: Weight::Bold,
                    grey: 0.88,
                },
                35.0,
            );
            c.stamp(index, mark, true);
        }
    }
}

/// The report's photos decoded for the page, in order, on every core the machine has.
/// A JPEG's frame header: `(width, height, components, bits per component)`, from its
/// start-of-frame marker (baseline, extended or progressive Huffman; not arithmetic or lossless).
/// `None` when the bytes are not a JPEG or its header is cut short.
fn jpeg_frame(jpeg: &[u8]) -> Option<(u32, u32, u8, u8)> {
    if !jpeg.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut at = 2;
    loop {
        // Markers may be padded with fill bytes (FF).
        while *jpeg.get(at)? == 0xFF && *jpeg.get(at + 1)? == 0xFF {
            at += 1;
        }
        if *jpeg.get(at)? != 0xFF {
            return None;
        }
        let marker = *jpeg.get(at + 1)?;
        // Markers that stand alone, without a length.
        if matches!(marker, 0x01 | 0xD0..=0xD8) {
            at += 2;
            continue;
        }
        let length = usize::from(u16::from_be_bytes([*jpeg.get(at + 2)?, *jpeg.get(at + 3)?]));
        match marker {
            0xC0..=0xC2 => {
                let f = jpeg.get(at + 4..at + 10)?;
                let height = u32::from(u16::from_be_bytes([f[1], f[2]]));
                let width = u32::from(u16::from_be_bytes([f[3], f[4]]));
                return Some((width, height, f[5], f[0]));
            }
            // Frames this function does not take, and the start of the image data.
            0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF | 0xDA => return None,
            _ => at += 2 + length,
        }
    }
}

/// A photo's page copy placed in the document as it is, a JPEG the PDF reader decodes
/// (DCTDecode): nothing is decoded or compressed again here. `None` for bytes that are not an
/// 8-bit three-component JPEG (what `photos::page_copy` writes), which the page lists as
/// unreadable rather than draw in the wrong colours.
fn place_jpeg(doc: &mut PdfDocument, jpeg: &[u8]) -> Option<Placed> {
    let (width, height, components, bits) = jpeg_frame(jpeg)?;
    if components != 3 || bits != 8 || width == 0 || height == 0 {
        return None;
    }
    let name = |n: &str| DictItem::Name(n.as_bytes().to_vec());
    let dict = BTreeMap::from([
        ("Type".to_owned(), name("XObject")),
        ("Subtype".to_owned(), name("Image")),
        ("Width".to_owned(), DictItem::Int(i64::from(width))),
        ("Height".to_owned(), DictItem::Int(i64::from(height))),
        ("BitsPerComponent".to_owned(), DictItem::Int(8)),
        // Page copies are RGB JPEGs (`photos::page_copy` writes nothing else).
        ("ColorSpace".to_owned(), name("DeviceRGB")),
        ("Filter".to_owned(), name("DCTDecode")),
    ]);
    let id = doc.add_xobject(&ExternalXObject {
        stream: ExternalStream {
            dict,
            content: jpeg.to_vec(),
            compress: false,
        },
        width: Some(Px(width as usize)),
        height: Some(Px(height as usize)),
        dpi: None,
    });
    Some(Placed {
        id,
        pixels: (width, height),
    })
}

/// A signature PNG flattened onto white.
fn signature_pixels(png: &[u8]) -> Option<RawImage> {
    let img = image::load_from_memory_with_format(png, image::ImageFormat::Png).ok()?;
    Some(on_white(&img.to_rgba8()))
}

#[cfg(test)]
mod tests {
    use super::jpeg_frame;

    fn encoded(img: image::DynamicImage) -> Vec<u8> {
        let mut out = Vec::new();
        img.write_to(
            &mut std::io::Cursor::new(&mut out),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
        out
    }

    #[test]
    fn a_jpegs_frame_is_read_from_its_header_and_anything_else_is_not_a_frame() {
        let rgb = encoded(image::DynamicImage::new_rgb8(640, 480));
        assert_eq!(jpeg_frame(&rgb), Some((640, 480, 3, 8)));
        let grey = encoded(image::DynamicImage::new_luma8(33, 17));
        assert_eq!(jpeg_frame(&grey), Some((33, 17, 1, 8)));
        // Fill bytes and a marker that stands alone (TEM) before the frame are stepped over.
        let mut padded = rgb[..2].to_vec();
        padded.extend([0xFF, 0xFF, 0x01]);
        padded.extend(&rgb[2..]);
        assert_eq!(jpeg_frame(&padded), Some((640, 480, 3, 8)));
        // Cut anywhere before its frame, not a JPEG, or empty: none.
        let frame_at = rgb.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        for cut in 0..frame_at + 10 {
            assert_eq!(jpeg_frame(&rgb[..cut]), None, "cut at {cut}");
        }
        assert_eq!(jpeg_frame(b"\x89PNG\r\n\x1a\n"), None);
        assert_eq!(jpeg_frame(&[]), None);
    }
}
