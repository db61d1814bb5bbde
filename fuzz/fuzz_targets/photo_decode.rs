//! A photo as the officer adds it: any bytes are refused with a reason (too large, truncated,
//! not an image, a bomb) or read with its EXIF, within the decoding limits.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = baohou_core::photos::from_bytes("fuzz.jpg", data.to_vec());
});
