//! A checklist template and a signal catalog: refused with an error, or read.
#![no_main]
use baohou_core::checklist::ChecklistTemplate;
use baohou_core::signals::SignalCatalog;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static CATALOG: OnceLock<SignalCatalog> = OnceLock::new();
    let catalog = CATALOG.get_or_init(SignalCatalog::builtin);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = ChecklistTemplate::from_toml(text, "fuzz.toml", catalog);
        let _ = SignalCatalog::from_toml(text);
    }
});
