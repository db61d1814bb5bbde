//! A portfolio file (`baohou due --portfolio`): any bytes are refused with an error or read.
#![no_main]
use baohou_core::policy::Policy;
use baohou_core::tasks::portfolio_file::PortfolioFile;
use baohou_core::signals::SignalCatalog;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static SETUP: OnceLock<(Policy, SignalCatalog)> = OnceLock::new();
    let (policy, catalog) = SETUP.get_or_init(|| (Policy::builtin(), SignalCatalog::builtin()));
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = PortfolioFile::from_json(text, policy, catalog);
    }
});
