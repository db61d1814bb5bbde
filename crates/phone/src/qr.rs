//! The QR code the dialog shows: the door's link, drawn by the window as one SVG path (no
//! markup handed to it, only the path's data).

use serde::Serialize;

/// Modules of white around the code, as the standard asks for a scanner to find it.
const QUIET: usize = 4;

/// A QR code as an SVG path: `size` modules square (the quiet zone included), each dark run
/// of a row one rectangle of the path, in module units.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct QrPicture {
    pub size: u32,
    pub path: String,
}

/// The code of `text` (error correction M: the link and fingerprint fit at about 90 characters,
/// readable from a laptop screen at arm's length); `None` if it does not fit in a QR code.
pub fn qr_picture(text: &str) -> Option<QrPicture> {
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let mut path = String::new();
    for row in 0..width {
        let mut col = 0;
        while col < width {
            if colors[row * width + col] == qrcode::Color::Dark {
                let start = col;
                while col < width && colors[row * width + col] == qrcode::Color::Dark {
                    col += 1;
                }
                let (x, y, run) = (start + QUIET, row + QUIET, col - start);
                path.push_str(&format!("M{x} {y}h{run}v1h-{run}z"));
            } else {
                col += 1;
            }
        }
    }
    Some(QrPicture {
        size: u32::try_from(width + 2 * QUIET).ok()?,
        path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Paints the path as the window does (`size` modules, `scale` pixels each) and reads the
    /// code back as a phone's scanner would.
    fn scanned(picture: &QrPicture, scale: usize) -> String {
        let side = picture.size as usize * scale;
        let mut dark = vec![false; side * side];
        for run in picture.path.split('M').filter(|r| !r.is_empty()) {
            // "X Yh{n}v1h-{n}z"
            let (xy, rest) = run.split_once('h').unwrap();
            let (x, y) = xy.split_once(' ').unwrap();
            let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
            let n: usize = rest.split_once('v').unwrap().0.parse().unwrap();
            assert_eq!(rest, format!("{n}v1h-{n}z"));
            for py in y * scale..(y + 1) * scale {
                for px in x * scale..(x + n) * scale {
                    dark[py * side + px] = true;
                }
            }
        }
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
            if dark[y * side + x] { 0 } else { 255 }
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1);
        grids[0].decode().unwrap().1
    }

    #[test]
    fn the_code_drawn_reads_back_as_the_doors_link() {
        let link = "https://192.168.43.20:49152/p/q0Zb3mH1xW7LrVd9KuYc2TnEoP5sJfAg8iQxR4zC6yM#sha256=AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
        let picture = qr_picture(link).unwrap();
        assert_eq!(scanned(&picture, 4), link);
        // The quiet zone is white all round.
        assert!(picture.path.split('M').skip(1).all(|r| {
            let (x, y) = r.split_once('h').unwrap().0.split_once(' ').unwrap();
            x.parse::<u32>().unwrap() >= 4 && y.parse::<u32>().unwrap() >= 4
        }));
        assert!(qr_picture(&"x".repeat(5000)).is_none());
    }
}
