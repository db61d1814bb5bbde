//! A company policy file: refused with an error naming a key, or read; a policy read is usable
//! (its settings answer without panicking).
#![no_main]
use baohou_core::policy::Policy;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(policy) = Policy::from_toml(text, "fuzz.toml")
    {
        let _ = policy.security();
        let _ = policy.released_retention_days();
        let _ = policy.document();
    }
});
