//! A file the officer picks to import: any bytes are refused with a reason (not a spreadsheet,
//! password-protected, damaged, no heading row) or read into rows and row problems.
#![no_main]
use baohou_core::sheets::import;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(file) = import::open_file(data, "fuzz.xlsx") {
        let mapping = import::guess_mapping(&file.layout);
        if import::check_mapping(&file.layout, &mapping).is_ok() {
            let _ = import::read_rows(&file.grid, &file.layout, &mapping);
        }
    }
});
