//! A photo's likeness: perceptual hashes that stay near when a picture is resized, recompressed
//! or cropped, and move far when the scene is shot again from another place.
//!
//! The hash is image_hasher's gradient hash on a 16×16 grid (256 bits): each bit says whether
//! the picture brightens or darkens from one cell to the next. One hash of the whole picture is
//! not enough: cropping a tenth off one side shifts every cell. So each photo keeps the hashes
//! of the whole picture and of [`crops`]: every way of cutting 0, 5 or 10% off each side, up
//! to a tenth of each axis. A new photo is the same picture as an earlier one when its whole
//! hash is near one of the earlier one's hashes, or the other way round (the earlier one was
//! the crop); a crop between the steps lands within 2.5% of one of them.
//!
//! Measured on the drawn warehouses of `demo::warehouse` (tests below): copies resized,
//! recompressed and cropped by up to a tenth are at most 49 bits away; another shot of the same
//! warehouse from another place, or another warehouse, at least 93.

use image::DynamicImage;
use image_hasher::{HashAlg, Hasher, HasherConfig};

/// Bits per hash.
pub const BITS: u32 = crate::policy::LIKENESS_BITS;
const WORDS: usize = (BITS / 64) as usize;

/// One hash: 256 bits.
pub type Hash = [u64; WORDS];

/// The cuts off each side of one axis, as fractions: none, 5% off either end, 10% off either
/// end, or 5% off both.
const AXIS: [(f32, f32); 6] = [
    (0.0, 0.0),
    (0.05, 0.0),
    (0.0, 0.05),
    (0.10, 0.0),
    (0.0, 0.10),
    (0.05, 0.05),
];

/// How many hashes a likeness holds: the whole picture and each crop.
pub const HASHES: usize = AXIS.len() * AXIS.len();

/// The crops, as cuts (left, top, right, bottom); the first is the whole picture.
fn crops() -> impl Iterator<Item = (f32, f32, f32, f32)> {
    AXIS.iter()
        .flat_map(|&(l, r)| AXIS.iter().map(move |&(t, b)| (l, t, r, b)))
}

/// The side of the picture the hashes are made from (the crops are cut from it).
const WORKING_SIDE: u32 = 128;

/// The hashes of a photo: `[0]` is the whole picture's, then one per crop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Likeness(pub Vec<Hash>);

fn hasher() -> Hasher<[u8; 32]> {
    HasherConfig::with_bytes_type::<[u8; 32]>()
        .hash_size(16, 16)
        .hash_alg(HashAlg::Gradient)
        .to_hasher()
}

impl Likeness {
    /// The likeness of an upright picture.
    pub fn of(img: &DynamicImage) -> Likeness {
        let hasher = hasher();
        let small = img.thumbnail(WORKING_SIDE, WORKING_SIDE);
        let (w, h) = (small.width() as f32, small.height() as f32);
        Likeness(
            crops()
                .map(|(l, t, r, b)| {
                    let x = (w * l).round() as u32;
                    let y = (h * t).round() as u32;
                    let cw = ((w * (1.0 - l - r)).round() as u32).max(1);
                    let ch = ((h * (1.0 - t - b)).round() as u32).max(1);
                    hash(&hasher, &small.crop_imm(x, y, cw, ch))
                })
                .collect(),
        )
    }

    /// The whole picture's hash.
    pub fn whole(&self) -> &Hash {
        &self.0[0]
    }

    /// How far apart two photos are, in bits of [`BITS`]: 0 for the same picture, about half
    /// for unrelated ones. The nearest of this whole picture against the other's hashes, and
    /// the other's whole picture against this one's.
    pub fn distance(&self, other: &Likeness) -> u32 {
        let (mine, theirs) = (self.whole(), other.whole());
        other
            .0
            .iter()
            .map(|h| apart(mine, h))
            .chain(self.0.iter().skip(1).map(|h| apart(theirs, h)))
            .min()
            .unwrap_or(BITS)
    }

    /// The hashes as bytes, to store: 32 per hash, big-endian words.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0
            .iter()
            .flat_map(|h| h.iter().flat_map(|w| w.to_be_bytes()))
            .collect()
    }

    /// Back from [`Likeness::to_bytes`]; `None` when the bytes are not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<Likeness> {
        if bytes.len() != HASHES * WORDS * 8 {
            return None;
        }
        let words: Vec<u64> = bytes
            .chunks_exact(8)
            .map(|c| u64::from_be_bytes(c.try_into().unwrap_or_default()))
            .collect();
        Some(Likeness(
            words
                .chunks_exact(WORDS)
                .map(|c| {
                    let mut h = [0u64; WORDS];
                    h.copy_from_slice(c);
                    h
                })
                .collect(),
        ))
    }
}

/// Bits that differ between two hashes.
fn apart(a: &Hash, b: &Hash) -> u32 {
    a.iter().zip(b).map(|(x, y)| (x ^ y).count_ones()).sum()
}

fn hash(hasher: &Hasher<[u8; 32]>, img: &DynamicImage) -> Hash {
    let bytes = hasher.hash_image(img).into_inner();
    let mut h = [0u64; WORDS];
    for (w, c) in h.iter_mut().zip(bytes.chunks_exact(8)) {
        *w = u64::from_be_bytes(c.try_into().unwrap_or_default());
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::warehouse::{Shot, Warehouse};
    use proptest::prelude::*;

    /// The threshold the shipped policy uses (`photos.reuse_max_distance`).
    const SAME_PICTURE: u32 = 70;

    fn jpeg_again(img: &DynamicImage, quality: u8) -> DynamicImage {
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
            .encode_image(&img.to_rgb8())
            .unwrap();
        image::load_from_memory(&out).unwrap()
    }

    fn cut(img: &DynamicImage, (l, t, r, b): (f32, f32, f32, f32)) -> DynamicImage {
        let (w, h) = (img.width() as f32, img.height() as f32);
        img.crop_imm(
            (w * l) as u32,
            (h * t) as u32,
            (w * (1.0 - l - r)) as u32,
            (h * (1.0 - t - b)) as u32,
        )
    }

    #[test]
    fn the_same_picture_resized_recompressed_or_cropped_a_tenth_is_near() {
        let warehouse = Warehouse::new(7);
        let photo = warehouse.shoot(Shot::default());
        let first = Likeness::of(&photo);
        let copies = [
            ("half the size", photo.thumbnail(600, 600)),
            ("recompressed at quality 40", jpeg_again(&photo, 40)),
            ("10% off the left", cut(&photo, (0.10, 0.0, 0.0, 0.0))),
            (
                "10% off the right and the bottom",
                cut(&photo, (0.0, 0.0, 0.10, 0.10)),
            ),
            ("5% all round", cut(&photo, (0.05, 0.05, 0.05, 0.05))),
            (
                "7% and 3% off the sides, 2% and 5% off top and bottom",
                cut(&photo, (0.07, 0.02, 0.03, 0.05)),
            ),
            ("8% off the top", cut(&photo, (0.0, 0.08, 0.0, 0.0))),
            (
                "cropped, shrunk and recompressed",
                jpeg_again(
                    &cut(&photo, (0.03, 0.08, 0.07, 0.0)).thumbnail(800, 800),
                    50,
                ),
            ),
        ];
        for (what, copy) in &copies {
            let d = first.distance(&Likeness::of(copy));
            assert!(d <= SAME_PICTURE, "{what}: {d} bits apart");
            // Either way round: the earlier photo may be the crop.
            assert_eq!(Likeness::of(copy).distance(&first), d, "{what}");
        }
    }

    #[test]
    fn another_shot_of_the_same_warehouse_or_another_warehouse_is_far() {
        let warehouse = Warehouse::new(7);
        let first = Likeness::of(&warehouse.shoot(Shot::default()));
        let others = [
            (
                "a quarter to the right",
                Shot {
                    x: 0.25,
                    noise_seed: 2,
                    ..Shot::default()
                },
            ),
            (
                "15% right and 10% down",
                Shot {
                    x: 0.15,
                    y: 0.10,
                    noise_seed: 3,
                    ..Shot::default()
                },
            ),
            (
                "stepped back",
                Shot {
                    zoom: 1.3,
                    noise_seed: 4,
                    ..Shot::default()
                },
            ),
            (
                "stepped in, in dimmer light",
                Shot {
                    zoom: 0.8,
                    light: 0.8,
                    noise_seed: 5,
                    ..Shot::default()
                },
            ),
        ];
        for (what, shot) in others {
            let d = first.distance(&Likeness::of(&warehouse.shoot(shot)));
            assert!(d > SAME_PICTURE, "{what}: only {d} bits apart");
        }
        for seed in 100..104 {
            let d = first.distance(&Likeness::of(&Warehouse::new(seed).shoot(Shot::default())));
            assert!(d > SAME_PICTURE, "warehouse {seed}: only {d} bits apart");
        }
    }

    proptest! {
        /// Stored and read back, a likeness is the same; the distance is symmetric, zero to
        /// itself, and never above the bits of a hash.
        #[test]
        fn bytes_round_trip_and_distance_is_a_distance(words in proptest::collection::vec(any::<u64>(), HASHES * WORDS * 2)) {
            let make = |w: &[u64]| Likeness(w.chunks_exact(WORDS).map(|c| { let mut h = [0u64; WORDS]; h.copy_from_slice(c); h }).collect());
            let (a, b) = (make(&words[..HASHES * WORDS]), make(&words[HASHES * WORDS..]));
            prop_assert_eq!(Likeness::from_bytes(&a.to_bytes()), Some(a.clone()));
            prop_assert_eq!(a.distance(&a), 0);
            prop_assert_eq!(a.distance(&b), b.distance(&a));
            prop_assert!(a.distance(&b) <= BITS);
            prop_assert!(Likeness::from_bytes(&a.to_bytes()[1..]).is_none());
        }
    }
}
