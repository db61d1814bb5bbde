//! TLS for head office: rustls with ring (the same provider the laptop's client uses).

use std::sync::Once;

/// Installs ring as the process's rustls provider (once). The object-store client and the TLS
/// listener take the process default.
pub fn install_crypto() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}
