//! Warehouses drawn for the demo, the tests and the benchmarks: racks of cartons on shelves,
//! pallets on a concrete floor, labels with bar codes, different for each seed. A [`Shot`] is a
//! phone photo of one: where the officer stood (the part of the warehouse in the frame), how far
//! back, and the light, with the sensor's own noise. Two shots of one warehouse are the same
//! scene photographed twice, as a real visit makes them; a shot is the reference that a re-used
//! photo (resized, recompressed, cropped) is a copy of.

use image::imageops::FilterType;
use image::{DynamicImage, Rgb, RgbImage};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The warehouse as drawn, larger than any shot of it.
const WIDTH: u32 = 2400;
const HEIGHT: u32 = 1600;
/// A shot's size (4:3, as phones take them).
const SHOT_WIDTH: u32 = 1200;
const SHOT_HEIGHT: u32 = 900;

/// One warehouse, drawn once.
pub struct Warehouse {
    scene: RgbImage,
}

/// Where a photo of a warehouse is taken from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shot {
    /// How far the frame is moved from the middle, as a fraction of the warehouse's width and
    /// height (positive: right, down).
    pub x: f32,
    pub y: f32,
    /// The frame's size against the usual (above 1: standing further back).
    pub zoom: f32,
    /// The light: 1 as drawn, below 1 darker.
    pub light: f32,
    /// The sensor's noise differs at each press of the shutter.
    pub noise_seed: u64,
}

impl Default for Shot {
    fn default() -> Shot {
        Shot {
            x: 0.0,
            y: 0.0,
            zoom: 1.0,
            light: 1.0,
            noise_seed: 1,
        }
    }
}

impl Warehouse {
    pub fn new(seed: u64) -> Warehouse {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut scene = RgbImage::new(WIDTH, HEIGHT);
        let wall = [
            rng.random_range(150..200u8),
            rng.random_range(150..190),
            rng.random_range(130..180),
        ];
        let floor_line = HEIGHT * rng.random_range(60..70) / 100;
        // Wall, then a concrete floor, both with a grain of their own.
        for (x, y, p) in scene.enumerate_pixels_mut() {
            let grain = (((x * 7 + y * 13) ^ (x * y / 7)) % 17) as i16 - 8;
            let base = if y < floor_line {
                wall
            } else {
                let d = (y - floor_line) as i16 / 12;
                [(120 + d) as u8, (118 + d) as u8, (112 + d) as u8]
            };
            *p = Rgb(base.map(|c| (c as i16 + grain).clamp(0, 255) as u8));
        }
        // Racks: posts, three beams, and cartons on each level.
        let mut x = rng.random_range(20..120u32);
        let post = [
            rng.random_range(20..230u8),
            rng.random_range(40..120),
            rng.random_range(20..200),
        ];
        while x + 200 < WIDTH {
            let bay = rng.random_range(260..420u32);
            let top = rng.random_range(80..220u32);
            fill(&mut scene, x, top, 16, floor_line - top, post);
            fill(&mut scene, x + bay, top, 16, floor_line - top, post);
            let levels = 3;
            let step = (floor_line - top) / levels;
            for level in 0..levels {
                let beam_y = top + step * (level + 1) - 12;
                fill(&mut scene, x, beam_y, bay + 16, 12, [200, 90, 30]);
                // Cartons standing on the beam.
                let mut cx = x + 18;
                while cx + 40 < x + bay {
                    let w = rng.random_range(40..150u32).min(x + bay - cx);
                    let h = rng.random_range(30..step.saturating_sub(20).max(31));
                    let tone = rng.random_range(0..60u8);
                    let colour = [170 - tone, 130 - tone / 2, 80 - tone / 3];
                    fill(&mut scene, cx, beam_y - h, w.saturating_sub(4), h, colour);
                    if rng.random_bool(0.6) && w > 50 && h > 30 {
                        label(
                            &mut scene,
                            &mut rng,
                            cx + w / 4,
                            beam_y - h * 2 / 3,
                            w / 2,
                            h / 3,
                        );
                    }
                    cx += w;
                }
            }
            x += bay + rng.random_range(60..200);
        }
        // Pallets on the floor, stacked.
        for _ in 0..rng.random_range(4..9) {
            let w = rng.random_range(180..360u32);
            let px = rng.random_range(0..WIDTH - w);
            let py = rng.random_range(floor_line + 60..HEIGHT - 40);
            fill(&mut scene, px, py, w, 24, [150, 110, 60]);
            let stack = rng.random_range(1..4u32);
            let h = rng.random_range(60..130u32);
            for s in 0..stack {
                let y = py.saturating_sub(h * (s + 1));
                let tone = rng.random_range(0..50u8);
                fill(
                    &mut scene,
                    px + 6,
                    y,
                    w - 12,
                    h - 4,
                    [180 - tone, 140 - tone, 90 - tone],
                );
                label(&mut scene, &mut rng, px + w / 3, y + h / 4, w / 3, h / 3);
            }
        }
        Warehouse { scene }
    }

    /// A photo of the warehouse taken as `shot` says.
    pub fn shoot(&self, shot: Shot) -> DynamicImage {
        let w = (WIDTH as f32 * 0.6 * shot.zoom).min(WIDTH as f32) as u32;
        let h = (w as f32 * 0.75).min(HEIGHT as f32) as u32;
        let cx = WIDTH as f32 / 2.0 + shot.x * WIDTH as f32;
        let cy = HEIGHT as f32 / 2.0 + shot.y * HEIGHT as f32;
        let x = (cx - w as f32 / 2.0).clamp(0.0, (WIDTH - w) as f32) as u32;
        let y = (cy - h as f32 / 2.0).clamp(0.0, (HEIGHT - h) as f32) as u32;
        let frame = image::imageops::crop_imm(&self.scene, x, y, w, h).to_image();
        let mut photo =
            image::imageops::resize(&frame, SHOT_WIDTH, SHOT_HEIGHT, FilterType::Triangle);
        let mut rng = ChaCha8Rng::seed_from_u64(shot.noise_seed);
        for p in photo.pixels_mut() {
            let n: i16 = rng.random_range(-6..=6);
            *p = Rgb(p
                .0
                .map(|c| ((c as f32 * shot.light) as i16 + n).clamp(0, 255) as u8));
        }
        DynamicImage::ImageRgb8(photo)
    }
}

fn fill(img: &mut RgbImage, x: u32, y: u32, w: u32, h: u32, colour: [u8; 3]) {
    for yy in y..(y + h).min(img.height()) {
        for xx in x..(x + w).min(img.width()) {
            img.put_pixel(xx, yy, Rgb(colour));
        }
    }
}

/// A white label with a bar code on it.
fn label(img: &mut RgbImage, rng: &mut ChaCha8Rng, x: u32, y: u32, w: u32, h: u32) {
    fill(img, x, y, w, h, [235, 235, 230]);
    let mut bx = x + 3;
    while bx + 2 < x + w {
        let bw = rng.random_range(1..4u32);
        if rng.random_bool(0.5) {
            fill(img, bx, y + h / 4, bw, h / 2, [20, 20, 20]);
        }
        bx += bw + 1;
    }
}
