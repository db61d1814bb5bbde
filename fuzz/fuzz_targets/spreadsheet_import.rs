//! A file the officer picks to import: any bytes are refused with a reason (not a spreadsheet,
//! password-protected, damaged, no heading row) or read into rows and row problems.
//!
//! The workbook reader (calamine) panics on some damaged files; `sheets::read` contains that
//! panic and names the file damaged. libFuzzer's panic hook would abort on the contained panic
//! too, so this target puts the default hook back: a panic that is not contained still reaches
//! libfuzzer-sys's own catch and aborts, and is reported as a crash.
#![no_main]
use baohou_core::sheets::import;
use libfuzzer_sys::fuzz_target;

static HOOK: std::sync::Once = std::sync::Once::new();

fuzz_target!(|data: &[u8]| {
    HOOK.call_once(|| {
        let _ = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
    });
    if let Ok(file) = import::open_file(data, "fuzz.xlsx") {
        let mapping = import::guess_mapping(&file.layout);
        if import::check_mapping(&file.layout, &mapping).is_ok() {
            let _ = import::read_rows(&file.grid, &file.layout, &mapping);
        }
    }
});
