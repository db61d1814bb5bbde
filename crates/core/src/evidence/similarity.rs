//! How much of a report's text is the last report's text again: the "千篇一律" report, copied from
//! the last visit with a few figures changed.
//!
//! Texts are compared sentence by sentence. A sentence is what lies between 。！？；, line breaks
//! and their ASCII forms; it is compared as its letters and digits alone (spaces and punctuation
//! dropped, ASCII lower-cased), with every number written as one `#`, so that "库存312吨" and
//! "库存 298 吨" are the same sentence: changing the figures is not rewriting. Two sentences are
//! alike when the Dice coefficient of their character pairs reaches the policy's
//! `sentence_alike`; a text's copied share is the part of its characters in sentences alike to
//! one of the earlier text's. All arithmetic is on integers and `Decimal`.

use rust_decimal::Decimal;

/// One sentence as compared: its character pairs, sorted, and its length in characters.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Sentence {
    pairs: Vec<(char, char)>,
    chars: u32,
}

/// A text split into sentences, ready to be compared (split once, compared with many).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentences(Vec<Sentence>);

/// How much of a text is an earlier text again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Copied {
    /// Characters (letters and digits, a number counting as one) in sentences alike to an
    /// earlier one.
    pub copied_chars: u32,
    /// Characters of the whole text, counted alike.
    pub chars: u32,
}

impl Copied {
    /// The copied part of the text, 0 to 1, to two decimals (rounded down: 0.999 is not all).
    pub fn share(self) -> Decimal {
        if self.chars == 0 {
            return Decimal::ZERO;
        }
        (Decimal::from(self.copied_chars) / Decimal::from(self.chars))
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToZero)
    }
}

/// Two counts of parts of one text, added.
impl std::ops::Add for Copied {
    type Output = Copied;

    fn add(self, other: Copied) -> Copied {
        Copied {
            copied_chars: self.copied_chars + other.copied_chars,
            chars: self.chars + other.chars,
        }
    }
}

fn ends_sentence(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n' | '\r' | '…'
    ) || c == '.'
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// A sentence's characters as compared: letters and digits, ASCII lower-cased, each number
/// (digits with the points, commas and percent signs inside it) one `#`.
fn letters(sentence: &str) -> Vec<char> {
    let mut out = Vec::new();
    let mut in_number = false;
    for c in sentence.chars() {
        if is_digit(c) {
            if !in_number {
                out.push('#');
                in_number = true;
            }
            continue;
        }
        if in_number && matches!(c, '.' | ',' | '，' | '．' | '%' | '％' | '‰') {
            continue;
        }
        in_number = false;
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

impl Sentences {
    /// `text` split into sentences. A decimal point is not the end of a sentence.
    pub fn of(text: &str) -> Sentences {
        let mut out = Vec::new();
        let mut current = String::new();
        let mut chars = text.chars().peekable();
        let mut previous = ' ';
        while let Some(c) = chars.next() {
            let decimal_point =
                c == '.' && is_digit(previous) && chars.peek().copied().is_some_and(is_digit);
            if ends_sentence(c) && !decimal_point {
                out.extend(Sentence::of(&current));
                current.clear();
            } else {
                current.push(c);
            }
            previous = c;
        }
        out.extend(Sentence::of(&current));
        Sentences(out)
    }

    /// Several texts' sentences together (the earlier report's texts, all fields).
    pub fn joined<'a>(all: impl IntoIterator<Item = &'a Sentences>) -> Sentences {
        Sentences(all.into_iter().flat_map(|s| s.0.iter().cloned()).collect())
    }

    /// How much of this text is `earlier` again, sentences alike from `alike` (0 to 1) on.
    pub fn copied_from(&self, earlier: &Sentences, alike: Decimal) -> Copied {
        let mut copied_chars = 0;
        let mut chars = 0;
        for s in &self.0 {
            chars += s.chars;
            if earlier.0.iter().any(|e| s.is_alike(e, alike)) {
                copied_chars += s.chars;
            }
        }
        Copied {
            copied_chars,
            chars,
        }
    }
}

impl Sentence {
    fn of(text: &str) -> Option<Sentence> {
        let letters = letters(text);
        if letters.is_empty() {
            return None;
        }
        let mut pairs: Vec<(char, char)> = if letters.len() == 1 {
            vec![(letters[0], '\0')]
        } else {
            letters.windows(2).map(|w| (w[0], w[1])).collect()
        };
        pairs.sort_unstable();
        Some(Sentence {
            pairs,
            chars: u32::try_from(letters.len()).unwrap_or(u32::MAX),
        })
    }

    /// Pairs in common (as multisets), by walking both sorted lists.
    fn common(&self, other: &Sentence) -> usize {
        let (mut i, mut j, mut n) = (0, 0, 0);
        while i < self.pairs.len() && j < other.pairs.len() {
            match self.pairs[i].cmp(&other.pairs[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    n += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        n
    }

    /// Dice coefficient 2·common / (a + b) at least `alike`, compared exactly.
    fn is_alike(&self, other: &Sentence, alike: Decimal) -> bool {
        let total = self.pairs.len() + other.pairs.len();
        // Far apart in length cannot reach the threshold: 2·min / total is the best possible.
        let best = 2 * self.pairs.len().min(other.pairs.len());
        if Decimal::from(best) < alike * Decimal::from(total) {
            return false;
        }
        Decimal::from(2 * self.common(other)) >= alike * Decimal::from(total)
    }
}

/// How much of a report's free texts (field by field) is an earlier report's again: each
/// field's sentences against all the earlier report's (text moved between fields is still the
/// same text). The review of a visit and the managers' counts both read it here.
pub fn report_copied<'a>(
    now: impl IntoIterator<Item = &'a str>,
    earlier: impl IntoIterator<Item = &'a str>,
    alike: Decimal,
) -> Copied {
    let parts: Vec<Sentences> = earlier.into_iter().map(Sentences::of).collect();
    let earlier = Sentences::joined(&parts);
    now.into_iter()
        .map(|t| Sentences::of(t).copied_from(&earlier, alike))
        .fold(Copied::default(), |all, c| all + c)
}

/// A conclusion as officers write them, after seed 001's examples: the last report the tests
/// copy and rewrite.
#[cfg(test)]
pub(crate) const LAST_CONCLUSION: &str = "企业生产经营正常，本次检查时主要生产线三条均在运转，现场工人约85人。\
    原材料库存312吨，成品库存1,280件，与账面基本相符，差异率1.5%。\
    应收账款余额420万元，主要客户为宁波某汽车配件厂，回款周期约60天。\
    企业按时支付银行利息，无逾期记录，实际控制人无对外担保新增情况。\
    建议维持正常类，下次检查时重点关注应收账款回收情况。";

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    const ALIKE: Decimal = dec!(0.8);
    const LAST: &str = LAST_CONCLUSION;

    /// The share of `now` that is `earlier` again.
    fn copied_share(now: &str, earlier: &str, alike: Decimal) -> Decimal {
        Sentences::of(now)
            .copied_from(&Sentences::of(earlier), alike)
            .share()
    }

    #[test]
    fn the_same_report_with_three_figures_changed_is_a_copy() {
        let now = LAST
            .replace("312吨", "298吨")
            .replace("85人", "88人")
            .replace("420万元", "436万元");
        assert_ne!(now, LAST);
        assert_eq!(copied_share(&now, LAST, ALIKE), dec!(1));
    }

    #[test]
    fn a_copy_with_one_sentence_rewritten_is_still_mostly_a_copy() {
        let now = LAST.replace(
            "企业按时支付银行利息，无逾期记录，实际控制人无对外担保新增情况。",
            "本月起企业因订单减少停了一条生产线，部分工人放假，利息由实际控制人个人账户代付。",
        );
        let share = copied_share(&now, LAST, ALIKE);
        assert!(share > dec!(0.6) && share < dec!(0.9), "{share}");
    }

    #[test]
    fn a_report_written_anew_about_the_same_borrower_is_not_a_copy() {
        // The same factory, the same words of the trade, written afresh from this visit's facts.
        let now = "本次到厂时三条生产线中有一条在检修，其余两条运转，车间工人约七十人，较上次略少。\
            盘点原材料298吨、成品1,150件，账实差异在允许范围内。\
            应收账款增至436万元，宁波客户的货款已拖欠两个月，企业正在催收。\
            利息按期支付，征信无新增逾期；实际控制人称近期无新增对外担保。\
            建议下次检查前先电话了解宁波客户回款进度，必要时提前实地检查。";
        let share = copied_share(now, LAST, ALIKE);
        assert!(share < dec!(0.2), "{share}");
    }

    #[test]
    fn numbers_spaces_and_punctuation_do_not_make_a_sentence_new() {
        assert_eq!(
            copied_share("库存 298 吨，与账面相符!", "库存312吨与账面相符。", ALIKE),
            dec!(1)
        );
        assert_eq!(
            copied_share("库存２９８．５吨与账面相符", "库存312.0吨与账面相符", ALIKE),
            dec!(1)
        );
        // A decimal number is one number.
        assert_eq!(Sentences::of("棉纱132.5吨").0[0].chars, 4);
        // A decimal point is not a full stop: one sentence, not two.
        assert_eq!(Sentences::of("差异率1.5%，正常").0.len(), 1);
        assert_eq!(Sentences::of("差异率正常. 工人在岗").0.len(), 2);
    }

    #[test]
    fn the_share_weighs_sentences_by_their_length() {
        let earlier = "企业生产经营正常。";
        let now = "企业生产经营正常。本月新增一条生产线并招聘工人二十名。";
        let c = Sentences::of(now).copied_from(&Sentences::of(earlier), ALIKE);
        assert_eq!((c.copied_chars, c.chars), (8, 8 + 17));
        assert_eq!(c.share(), dec!(0.32));
        assert_eq!(copied_share("", earlier, ALIKE), dec!(0));
        assert_eq!(copied_share("。。", earlier, ALIKE), dec!(0));
    }

    #[test]
    fn the_alike_threshold_is_the_policys() {
        let earlier = "主要生产线三条均在运转";
        let now = "主要生产线两条均在运转";
        // 10 pairs each, 8 in common: Dice 0.8.
        assert_eq!(copied_share(now, earlier, dec!(0.8)), dec!(1));
        assert_eq!(copied_share(now, earlier, dec!(0.81)), dec!(0));
    }

    proptest! {
        #[test]
        fn a_text_is_all_itself_and_the_share_is_between_0_and_1(
            a in "[企业生产经营正常库存工人 0-9。，\n]{0,80}",
            b in "[企业生产经营正常库存工人 0-9。，\n]{0,80}",
        ) {
            let own = copied_share(&a, &a, ALIKE);
            prop_assert!(own == dec!(1) || Sentences::of(&a).0.is_empty());
            let share = copied_share(&a, &b, ALIKE);
            prop_assert!(share >= dec!(0) && share <= dec!(1));
            // Changing every number leaves the share as it was.
            let renumbered: String = a.chars().map(|c| if c.is_ascii_digit() { '7' } else { c }).collect();
            prop_assert_eq!(copied_share(&renumbered, &b, ALIKE), share);
        }
    }
}
