//! Type for the report: the two shipped faces of Noto Sans CJK SC, how wide a text is, where a line
//! breaks, and what stands in for a character the font cannot draw (so nothing is dropped silently).

use printpdf::ParsedFont;
use std::borrow::Cow;
use std::sync::OnceLock;

/// Brotli-compressed in the repository; unpacked once per process.
const REGULAR_OTF_BR: &[u8] =
    include_bytes!("../../../../assets/fonts/NotoSansCJKsc-Regular.subset.otf.br");
const BOLD_OTF: &[u8] = include_bytes!("../../../../assets/fonts/NotoSansCJKsc-Bold.gb2312.otf");

/// The weight a text asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// The face a run is actually drawn in: Bold where the bold face has every character, otherwise
/// Regular drawn with a thin outline (synthetic bold).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Face {
    Regular,
    Bold,
    SyntheticBold,
}

pub struct Fonts {
    pub regular: ParsedFont,
    pub bold: ParsedFont,
}

/// The fonts, parsed once per process.
pub fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut regular = Vec::new();
        brotli_decompressor::BrotliDecompress(&mut &REGULAR_OTF_BR[..], &mut regular)
            .expect("the shipped regular font unpacks");
        Fonts {
            regular: ParsedFont::from_bytes(&regular, 0, &mut Vec::new())
                .expect("the shipped regular font parses"),
            bold: ParsedFont::from_bytes(BOLD_OTF, 0, &mut Vec::new())
                .expect("the shipped bold font parses"),
        }
    })
}

impl Fonts {
    fn font(&self, face: Face) -> &ParsedFont {
        match face {
            Face::Bold => &self.bold,
            Face::Regular | Face::SyntheticBold => &self.regular,
        }
    }

    /// The face that draws `text` (already made printable) in `weight`.
    pub fn face_for(&self, weight: Weight, text: &str) -> Face {
        match weight {
            Weight::Regular => Face::Regular,
            Weight::Bold if text.chars().all(|c| has_glyph(&self.bold, c)) => Face::Bold,
            Weight::Bold => Face::SyntheticBold,
        }
    }

    /// Width of one character in points at `size`.
    pub fn advance(&self, face: Face, c: char, size: f32) -> f32 {
        let font = self.font(face);
        let units_per_em = f32::from(font.pdf_font_metrics.units_per_em.max(1));
        let gid = font.lookup_glyph_index(c as u32).unwrap_or(0);
        f32::from(font.get_horizontal_advance(gid)) * size / units_per_em
    }

    /// Width of a text in points at `size`.
    pub fn width(&self, face: Face, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(face, c, size)).sum()
    }
}

fn has_glyph(font: &ParsedFont, c: char) -> bool {
    font.lookup_glyph_index(c as u32).is_some_and(|g| g != 0)
}

/// Joiners and variation selectors that only shape the character before them.
fn is_modifier(c: char) -> bool {
    matches!(c, '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
        || ('\u{1F3FB}'..='\u{1F3FF}').contains(&c)
}

/// The text as the regular face can draw it: tabs become spaces, other control characters and
/// every character the font lacks (emoji, rare ideographs outside the shipped range) become a
/// visible stand-in `〔U+1F600〕`. A joiner or variation selector right after a stand-in belongs to
/// the same emoji and is folded into it. Line breaks are kept.
pub fn printable(text: &str) -> Cow<'_, str> {
    let regular = &fonts().regular;
    if text
        .chars()
        .all(|c| c == '\n' || (!c.is_control() && has_glyph(regular, c)))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut after_stand_in = false;
    for c in text.chars() {
        match c {
            '\n' => {
                out.push('\n');
                after_stand_in = false;
            }
            '\t' => {
                out.push_str("  ");
                after_stand_in = false;
            }
            '\r' => {}
            c if !c.is_control() && has_glyph(regular, c) => {
                out.push(c);
                after_stand_in = false;
            }
            c if after_stand_in && is_modifier(c) => {}
            c => {
                out.push_str(&stand_in(c));
                after_stand_in = true;
            }
        }
    }
    Cow::Owned(out)
}

/// What a character the font lacks is printed as.
pub fn stand_in(c: char) -> String {
    format!("〔U+{:04X}〕", c as u32)
}

/// Whether [`printable`] had to stand anything in.
pub fn needs_stand_in(text: &str) -> bool {
    matches!(printable(text), Cow::Owned(ref s) if s.contains("〔U+"))
}

/// Characters a line may not start with (行首禁则).
fn no_line_start(c: char) -> bool {
    "，。、；：！？）》」』】〕”’,.;:!?)]}%％·…—".contains(c)
}

/// Characters a line may not end with (行尾禁则).
fn no_line_end(c: char) -> bool {
    "（《「『【〔“‘([{".contains(c)
}

/// Latin letters and digits break only between words.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '-' | '_' | '/' | '%' | '+' | '@' | ':')
}

/// Breaks a printable text into lines no wider than `width` points: at any character boundary
/// between ideographs, between words in Latin text, never putting closing punctuation at a line's
/// start or opening punctuation at its end, and at every '\n'. A word wider than the line is cut.
pub fn wrap(fonts: &Fonts, face: Face, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        wrap_paragraph(fonts, face, paragraph, size, width, &mut lines);
    }
    lines
}

fn wrap_paragraph(
    fonts: &Fonts,
    face: Face,
    text: &str,
    size: f32,
    width: f32,
    lines: &mut Vec<String>,
) {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        lines.push(String::new());
        return;
    }
    let mut start = 0;
    while start < chars.len() {
        let mut used = 0.0;
        let mut end = start;
        while end < chars.len() {
            let w = fonts.advance(face, chars[end], size);
            if used + w > width && end > start {
                break;
            }
            used += w;
            end += 1;
        }
        if end < chars.len() {
            end = break_point(&chars, start, end);
        }
        let line: String = chars[start..end].iter().collect();
        lines.push(line.trim_end().to_owned());
        start = end;
        // A space that ended the line is not carried to the next one.
        while start < chars.len() && chars[start] == ' ' {
            start += 1;
        }
    }
}

/// Where to end a line that would overflow after `end` characters from `start`.
fn break_point(chars: &[char], start: usize, end: usize) -> usize {
    let fits = |i: usize| {
        let between_words = is_word_char(chars[i - 1]) && is_word_char(chars[i]);
        i > start && !no_line_start(chars[i]) && !no_line_end(chars[i - 1]) && !between_words
    };
    // Look back a little for an allowed break; a long Latin word or a run of punctuation is cut.
    let earliest = end.saturating_sub(24).max(start + 1);
    (earliest..=end).rev().find(|&i| fits(i)).unwrap_or(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_the_font_lacks_are_shown_by_their_code_point() {
        assert_eq!(printable("库存正常"), "库存正常");
        assert_eq!(printable("老板说👍"), "老板说〔U+1F44D〕");
        // The thumb's skin tone and the heart's variation selector fold into their stand-in.
        assert_eq!(printable("👍🏽❤️"), "〔U+1F44D〕〔U+2764〕");
        // CJK Extension B (a rare character of a person's name) is outside the shipped range.
        assert_eq!(printable("张𠀋"), "张〔U+2000B〕");
        // Traditional characters and the rare ones of the basic block are drawn.
        assert_eq!(printable("擔保 喆堃"), "擔保 喆堃");
        assert_eq!(printable("a\tb\r\nc\u{7}"), "a  b\nc〔U+0007〕");
        assert!(needs_stand_in("😀"));
        assert!(!needs_stand_in("正常"));
    }

    #[test]
    fn bold_falls_back_to_synthetic_bold_outside_gb2312() {
        let f = fonts();
        assert_eq!(f.face_for(Weight::Bold, "担保业务保后检查表"), Face::Bold);
        assert_eq!(f.face_for(Weight::Bold, "擔保"), Face::SyntheticBold);
        assert_eq!(f.face_for(Weight::Regular, "擔保"), Face::Regular);
    }

    #[test]
    fn ideographs_are_one_em_wide_and_latin_is_narrower() {
        let f = fonts();
        assert!((f.width(Face::Regular, "保后检查", 10.0) - 40.0).abs() < 0.01);
        let latin = f.width(Face::Regular, "abcd", 10.0);
        assert!(latin > 15.0 && latin < 30.0, "{latin}");
    }

    #[test]
    fn lines_fit_and_keep_every_character() {
        let f = fonts();
        let text = "本次检查发现库存较上次盘点下降35%，低于质押最低库存量。Borrower said orders from Hangzhou Wahaha were postponed until 2027-01.";
        let lines = wrap(f, Face::Regular, text, 10.0, 120.0);
        assert!(lines.len() > 3);
        for l in &lines {
            assert!(f.width(Face::Regular, l, 10.0) <= 120.0 + 0.01, "{l}");
        }
        let joined: String = lines.concat();
        assert_eq!(joined.replace(' ', ""), text.replace(' ', ""));
        // Words are not cut, closing punctuation never starts a line.
        assert!(
            lines
                .iter()
                .all(|l| !l.starts_with('，') && !l.starts_with('。'))
        );
        assert!(
            lines
                .iter()
                .any(|l| l.ends_with("Wahaha") || l.contains("Wahaha "))
        );
    }

    #[test]
    fn explicit_line_breaks_and_empty_lines_are_kept() {
        let f = fonts();
        assert_eq!(
            wrap(f, Face::Regular, "一\n\n二", 10.0, 100.0),
            vec!["一", "", "二"]
        );
        assert_eq!(wrap(f, Face::Regular, "", 10.0, 100.0), vec![""]);
    }

    #[test]
    fn a_word_longer_than_the_line_is_cut_not_lost() {
        let f = fonts();
        let word = "x".repeat(200);
        let lines = wrap(f, Face::Regular, &word, 10.0, 50.0);
        assert!(lines.len() > 5);
        assert_eq!(lines.concat(), word);
    }

    proptest::proptest! {
        #[test]
        fn wrapping_never_loses_a_character(text in "[a-z 保后检查，。（）\n]{0,200}", width in 20.0f32..300.0) {
            let f = fonts();
            let lines = wrap(f, Face::Regular, &text, 10.0, width);
            let kept: String = lines.concat().chars().filter(|c| *c != ' ').collect();
            let given: String = text.chars().filter(|c| *c != ' ' && *c != '\n').collect();
            proptest::prop_assert_eq!(kept, given);
            for l in &lines {
                proptest::prop_assert!(l.chars().count() <= 1 || f.width(Face::Regular, l, 10.0) <= width + 0.01);
            }
        }
    }
}
