//! Pages of A4: a cursor that flows text, tables and images down the page and starts a new page
//! where the next piece does not fit. Tables repeat their header on a new page and keep each row
//! on one page; only a row taller than a whole page is continued, line by line, on the next.
//! Coordinates are points from the page's top left; they are turned upside down for PDF here.

use super::typeset::{self, Face, Fonts, Weight};
use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Pt, Rect,
    TextItem, TextMatrix, TextRenderingMode, XObjectId, XObjectTransform,
};

pub const PAGE_WIDTH: f32 = 595.276; // 210 mm
pub const PAGE_HEIGHT: f32 = 841.89; // 297 mm
pub const MARGIN_X: f32 = 42.5; // 15 mm
pub const TOP: f32 = 76.0; // below the running head and the QR code
pub const BOTTOM: f32 = PAGE_HEIGHT - 48.0; // above the footer
pub const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;
/// A section heading: its type size, its grey band, and the room it takes with the space under
/// the band ([`Composer::heading`]).
const HEADING_SIZE: f32 = 11.5;
const HEADING_BAND: f32 = HEADING_SIZE + 9.0;
pub const HEADING_HEIGHT: f32 = HEADING_BAND + 4.0;

/// How a piece of text looks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    pub size: f32,
    pub weight: Weight,
    /// 0 black … 1 white.
    pub grey: f32,
}

impl Style {
    pub const fn regular(size: f32) -> Style {
        Style {
            size,
            weight: Weight::Regular,
            grey: 0.0,
        }
    }
    pub const fn bold(size: f32) -> Style {
        Style {
            size,
            weight: Weight::Bold,
            grey: 0.0,
        }
    }
    pub const fn grey(self, grey: f32) -> Style {
        Style { grey, ..self }
    }
    pub fn leading(self) -> f32 {
        self.size * 1.45
    }
}

/// How a cell's text sits in its column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// A table column: its share of the width and how its cells align.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub width: f32,
    pub align: Align,
}

/// One cell: its text and style (a flagged cell is bold).
#[derive(Clone, Debug)]
pub struct Cell {
    pub text: String,
    pub style: Style,
    /// Grey background (0 none … 1 black), for flags.
    pub shade: Option<f32>,
}

impl Cell {
    pub fn new(text: impl Into<String>, style: Style) -> Cell {
        Cell {
            text: text.into(),
            style,
            shade: None,
        }
    }
    pub fn shaded(mut self, shade: f32) -> Cell {
        self.shade = Some(shade);
        self
    }
}

const CELL_PAD_X: f32 = 3.5;
const CELL_PAD_Y: f32 = 3.0;
const RULE: f32 = 0.5;

/// The pages being laid out. Each page is a list of PDF operations.
pub struct Composer<'f> {
    pub fonts: &'f Fonts,
    regular_id: FontId,
    bold_id: FontId,
    pages: Vec<Vec<Op>>,
    /// The cursor: points from the top of the current page.
    pub y: f32,
}

impl<'f> Composer<'f> {
    pub fn new(fonts: &'f Fonts, regular_id: FontId, bold_id: FontId) -> Composer<'f> {
        Composer {
            fonts,
            regular_id,
            bold_id,
            pages: vec![Vec::new()],
            y: TOP,
        }
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    pub fn into_pages(self) -> Vec<Vec<Op>> {
        self.pages
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Space left on the current page.
    pub fn room(&self) -> f32 {
        BOTTOM - self.y
    }

    /// Starts a new page unless `height` fits below the cursor.
    pub fn ensure(&mut self, height: f32) {
        if height > self.room() && self.y > TOP {
            self.new_page();
        }
    }

    pub fn gap(&mut self, height: f32) {
        self.y += height;
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a page")
    }

    /// Operations for one line of printable text with its baseline at `baseline` from the top.
    pub fn text_ops(&self, x: f32, baseline: f32, text: &str, style: Style) -> Vec<Op> {
        let face = self.fonts.face_for(style.weight, text);
        let font = match face {
            Face::Bold => self.bold_id.clone(),
            Face::Regular | Face::SyntheticBold => self.regular_id.clone(),
        };
        let colour = Color::Greyscale(Greyscale::new(style.grey, None));
        let mut ops = vec![
            Op::StartTextSection,
            Op::SetFillColor {
                col: colour.clone(),
            },
        ];
        if face == Face::SyntheticBold {
            ops.extend([
                Op::SetOutlineColor { col: colour },
                Op::SetOutlineThickness {
                    pt: Pt(style.size * 0.04),
                },
                Op::SetTextRenderingMode {
                    mode: TextRenderingMode::FillStroke,
                },
            ]);
        }
        ops.extend([
            Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(style.size),
            },
            Op::SetTextCursor {
                pos: point(x, baseline),
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
        ]);
        if face == Face::SyntheticBold {
            ops.push(Op::SetTextRenderingMode {
                mode: TextRenderingMode::Fill,
            });
        }
        ops.push(Op::EndTextSection);
        ops
    }

    /// The width of one line of text in points.
    pub fn text_width(&self, line: &str, style: Style) -> f32 {
        let face = self.fonts.face_for(style.weight, line);
        self.fonts.width(face, line, style.size)
    }

    /// Draws one line of text (made printable first) at a position, without moving the cursor.
    pub fn text_at(&mut self, x: f32, baseline: f32, text: &str, style: Style, align: Align) {
        let text = typeset::printable(text);
        let ops = self.text_ops_aligned(x, baseline, &text, style, align);
        self.ops().extend(ops);
    }

    /// Text drawn rotated about `(x, baseline)` by `degrees` counter-clockwise (the draft mark).
    pub fn rotated_text_ops(
        &self,
        x: f32,
        baseline: f32,
        text: &str,
        style: Style,
        degrees: f32,
    ) -> Vec<Op> {
        let mut ops = self.text_ops(x, baseline, text, style);
        for op in &mut ops {
            if let Op::SetTextCursor { .. } = op {
                *op = Op::SetTextMatrix {
                    matrix: TextMatrix::TranslateRotate(Pt(x), Pt(PAGE_HEIGHT - baseline), degrees),
                };
            }
        }
        ops
    }

    /// Lines of `text` wrapped to `width` in `style`.
    pub fn wrap(&self, text: &str, style: Style, width: f32) -> Vec<String> {
        let text = typeset::printable(text);
        let face = self.fonts.face_for(style.weight, &text);
        typeset::wrap(self.fonts, face, &text, style.size, width)
    }

    /// A paragraph flowing from the cursor at `indent`; lines continue on the next page.
    pub fn paragraph(&mut self, text: &str, style: Style, indent: f32) {
        let lines = self.wrap(text, style, CONTENT_WIDTH - indent);
        for line in lines {
            self.ensure(style.leading());
            let baseline = self.y + style.size;
            self.text_at(MARGIN_X + indent, baseline, &line, style, Align::Left);
            self.y += style.leading();
        }
    }

    /// A section heading on a grey band, kept with at least `keep_with` points of what follows
    /// (counted from the band's foot: the heading takes [`HEADING_HEIGHT`] in all).
    pub fn heading(&mut self, text: &str, keep_with: f32) {
        let style = Style::bold(HEADING_SIZE);
        let band = HEADING_BAND;
        self.ensure(band + keep_with);
        self.rect(MARGIN_X, self.y, CONTENT_WIDTH, band, Some(0.88), None);
        self.text_at(
            MARGIN_X + 6.0,
            self.y + band / 2.0 + style.size * 0.36,
            text,
            style,
            Align::Left,
        );
        self.y += HEADING_HEIGHT;
    }

    /// A filled and/or outlined rectangle; `fill`/`stroke` are grey levels.
    pub fn rect(
        &mut self,
        x: f32,
        top: f32,
        width: f32,
        height: f32,
        fill: Option<f32>,
        stroke: Option<f32>,
    ) {
        let ops = rect_ops(x, top, width, height, fill, stroke);
        self.ops().extend(ops);
    }

    pub fn hline(&mut self, x1: f32, x2: f32, y: f32, grey: f32, thickness: f32) {
        let ops = line_ops(&[(x1, y), (x2, y)], grey, thickness);
        self.ops().extend(ops);
    }

    pub fn vline(&mut self, x: f32, y1: f32, y2: f32, grey: f32, thickness: f32) {
        let ops = line_ops(&[(x, y1), (x, y2)], grey, thickness);
        self.ops().extend(ops);
    }

    /// An image scaled to `width`×`height` points with its top left at (x, top).
    pub fn image(
        &mut self,
        id: &XObjectId,
        pixels: (u32, u32),
        x: f32,
        top: f32,
        width: f32,
        height: f32,
    ) {
        let (w_px, h_px) = (pixels.0.max(1) as f32, pixels.1.max(1) as f32);
        self.ops().push(Op::UseXobject {
            id: id.clone(),
            transform: XObjectTransform {
                translate_x: Some(Pt(x)),
                translate_y: Some(Pt(PAGE_HEIGHT - top - height)),
                scale_x: Some(width / w_px),
                scale_y: Some(height / h_px),
                dpi: Some(72.0),
                ..Default::default()
            },
        });
    }

    /// A table from the cursor: `header` repeats at the top of every page the table reaches.
    pub fn table(&mut self, columns: &[Column], header: &[Cell], rows: &[Vec<Cell>]) {
        let header_lines = self.cell_lines(columns, header);
        // A table without a header (a form's label-value rows) draws none.
        let header_height = if header.is_empty() {
            0.0
        } else {
            row_height(header, &header_lines)
        };
        let mut header_drawn = false;
        for row in rows {
            let lines = self.cell_lines(columns, row);
            let height = row_height(row, &lines);
            let need = if header_drawn {
                height
            } else {
                header_height + height
            };
            if need > self.room() && self.y > TOP {
                self.new_page();
                header_drawn = false;
            }
            if !header_drawn && header.is_empty() {
                header_drawn = true;
            }
            if !header_drawn {
                self.draw_row(columns, header, &header_lines, 0, usize::MAX, Some(0.93));
                self.y += header_height;
                header_drawn = true;
            }
            if height <= self.room() {
                self.draw_row(columns, row, &lines, 0, usize::MAX, None);
                self.y += height;
                continue;
            }
            // Taller than what is left of a fresh page: continue it line by line.
            let most = lines.iter().map(Vec::len).max().unwrap_or(0);
            let mut from = 0;
            while from < most {
                let leading = row.iter().map(|c| c.style.leading()).fold(0.0f32, f32::max);
                let fit = (((self.room() - 2.0 * CELL_PAD_Y) / leading).floor() as usize).max(1);
                let to = (from + fit).min(most);
                let part_height = (to - from) as f32 * leading + 2.0 * CELL_PAD_Y;
                self.draw_row(columns, row, &lines, from, to, None);
                self.y += part_height;
                from = to;
                if from < most {
                    self.new_page();
                    self.draw_row(columns, header, &header_lines, 0, usize::MAX, Some(0.93));
                    self.y += header_height;
                }
            }
        }
    }

    fn cell_lines(&self, columns: &[Column], cells: &[Cell]) -> Vec<Vec<String>> {
        columns
            .iter()
            .zip(cells)
            .map(|(col, cell)| self.wrap(&cell.text, cell.style, col.width - 2.0 * CELL_PAD_X))
            .collect()
    }

    /// Draws lines `from..to` of a row's cells at the cursor, with its borders.
    fn draw_row(
        &mut self,
        columns: &[Column],
        cells: &[Cell],
        lines: &[Vec<String>],
        from: usize,
        to: usize,
        shade: Option<f32>,
    ) {
        let shown = |l: &Vec<String>| l.len().min(to).saturating_sub(from);
        let height = cells
            .iter()
            .zip(lines)
            .map(|(c, l)| shown(l).max(1) as f32 * c.style.leading())
            .fold(0.0f32, f32::max)
            + 2.0 * CELL_PAD_Y;
        let top = self.y;
        let mut x = MARGIN_X;
        for ((col, cell), cell_lines) in columns.iter().zip(cells).zip(lines) {
            if let Some(fill) = cell.shade.or(shade) {
                self.rect(x, top, col.width, height, Some(fill), None);
            }
            let mut baseline = top + CELL_PAD_Y + cell.style.size;
            for line in cell_lines.iter().take(to).skip(from) {
                let (anchor, align) = match col.align {
                    Align::Left => (x + CELL_PAD_X, Align::Left),
                    Align::Center => (x + col.width / 2.0, Align::Center),
                    Align::Right => (x + col.width - CELL_PAD_X, Align::Right),
                };
                let ops = self.text_ops_aligned(anchor, baseline, line, cell.style, align);
                self.ops().extend(ops);
                baseline += cell.style.leading();
            }
            x += col.width;
        }
        let right = MARGIN_X + columns.iter().map(|c| c.width).sum::<f32>();
        self.rect(MARGIN_X, top, right - MARGIN_X, height, None, Some(0.35));
        let mut x = MARGIN_X;
        for col in &columns[..columns.len().saturating_sub(1)] {
            x += col.width;
            self.vline(x, top, top + height, 0.35, RULE);
        }
    }

    fn text_ops_aligned(
        &self,
        x: f32,
        baseline: f32,
        line: &str,
        style: Style,
        align: Align,
    ) -> Vec<Op> {
        let width = self.text_width(line, style);
        let x = match align {
            Align::Left => x,
            Align::Center => x - width / 2.0,
            Align::Right => x - width,
        };
        self.text_ops(x, baseline, line, style)
    }

    /// Appends operations to page `index` (0-based), or puts them under what is there.
    pub fn stamp(&mut self, index: usize, ops: Vec<Op>, underneath: bool) {
        let page = &mut self.pages[index];
        if underneath {
            page.splice(0..0, ops);
        } else {
            page.extend(ops);
        }
    }
}

fn row_height(cells: &[Cell], lines: &[Vec<String>]) -> f32 {
    cells
        .iter()
        .zip(lines)
        .map(|(c, l)| l.len().max(1) as f32 * c.style.leading())
        .fold(0.0f32, f32::max)
        + 2.0 * CELL_PAD_Y
}

pub fn point(x: f32, top: f32) -> Point {
    Point {
        x: Pt(x),
        y: Pt(PAGE_HEIGHT - top),
    }
}

pub fn rect_ops(
    x: f32,
    top: f32,
    width: f32,
    height: f32,
    fill: Option<f32>,
    stroke: Option<f32>,
) -> Vec<Op> {
    let mut ops = vec![Op::SaveGraphicsState];
    let mode = match (fill, stroke) {
        (Some(_), Some(_)) => PaintMode::FillStroke,
        (Some(_), None) => PaintMode::Fill,
        _ => PaintMode::Stroke,
    };
    if let Some(g) = fill {
        ops.push(Op::SetFillColor {
            col: Color::Greyscale(Greyscale::new(g, None)),
        });
    }
    if let Some(g) = stroke {
        ops.push(Op::SetOutlineColor {
            col: Color::Greyscale(Greyscale::new(g, None)),
        });
        ops.push(Op::SetOutlineThickness { pt: Pt(RULE) });
    }
    ops.push(Op::DrawRectangle {
        rectangle: Rect {
            x: Pt(x),
            y: Pt(PAGE_HEIGHT - top - height),
            width: Pt(width),
            height: Pt(height),
            mode: Some(mode),
            winding_order: None,
        },
    });
    ops.push(Op::RestoreGraphicsState);
    ops
}

pub fn line_ops(points: &[(f32, f32)], grey: f32, thickness: f32) -> Vec<Op> {
    vec![
        Op::SaveGraphicsState,
        Op::SetOutlineColor {
            col: Color::Greyscale(Greyscale::new(grey, None)),
        },
        Op::SetOutlineThickness { pt: Pt(thickness) },
        Op::DrawLine {
            line: Line {
                points: points
                    .iter()
                    .map(|&(x, y)| LinePoint {
                        p: point(x, y),
                        bezier: false,
                    })
                    .collect(),
                is_closed: false,
            },
        },
        Op::RestoreGraphicsState,
    ]
}

/// A QR code as filled squares, `size` points wide with its top left at (x, top); each run of
/// dark modules in a row is one rectangle.
pub fn qr_ops(payload: &str, x: f32, top: f32, size: f32) -> Vec<Op> {
    let Ok(code) = qrcode::QrCode::with_error_correction_level(payload, qrcode::EcLevel::M) else {
        return Vec::new();
    };
    let n = code.width();
    let module = size / n as f32;
    let colors = code.to_colors();
    let mut ops = vec![
        Op::SaveGraphicsState,
        Op::SetFillColor {
            col: Color::Greyscale(Greyscale::new(0.0, None)),
        },
    ];
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if colors[row * n + col] == qrcode::Color::Dark {
                let start = col;
                while col < n && colors[row * n + col] == qrcode::Color::Dark {
                    col += 1;
                }
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(x + start as f32 * module),
                        y: Pt(PAGE_HEIGHT - top - (row + 1) as f32 * module),
                        width: Pt((col - start) as f32 * module),
                        height: Pt(module),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
            } else {
                col += 1;
            }
        }
    }
    ops.push(Op::RestoreGraphicsState);
    ops
}
