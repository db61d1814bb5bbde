//! TLS for head office: rustls with ring (the same provider the laptop's client uses). Laptops
//! reach head office over a network only through TLS; plain HTTP is served on loopback alone.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Once;

/// Installs ring as the process's rustls provider (once). The object-store client and the TLS
/// listener take the process default.
pub fn install_crypto() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// Where the certificate (chain) and its private key are, both PEM.
#[derive(Clone, Debug)]
pub struct TlsFiles {
    pub cert: std::path::PathBuf,
    pub key: std::path::PathBuf,
}

/// Reads the certificate and key; a clear error names the file that is wrong.
pub async fn config(files: &TlsFiles) -> Result<axum_server::tls_rustls::RustlsConfig, String> {
    install_crypto();
    let read = |path: &Path| std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()));
    let (cert, key) = (read(&files.cert)?, read(&files.key)?);
    axum_server::tls_rustls::RustlsConfig::from_pem(cert, key)
        .await
        .map_err(|e| {
            format!(
                "the certificate {} or its key {} cannot be used: {e}",
                files.cert.display(),
                files.key.display()
            )
        })
}

/// Serves `app` over TLS on a bound listener until Ctrl-C or SIGTERM (then lets requests under
/// way finish, for up to 10 s).
pub async fn serve(
    listener: std::net::TcpListener,
    config: axum_server::tls_rustls::RustlsConfig,
    app: axum::Router,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), String> {
    let handle = axum_server::Handle::new();
    let on_stop = handle.clone();
    tokio::spawn(async move {
        stop.await;
        on_stop.graceful_shutdown(Some(std::time::Duration::from_secs(10)));
    });
    axum_server::from_tcp_rustls(listener, config)
        .map_err(|e| e.to_string())?
        .handle(handle)
        .serve(app.into_make_service_with_connect_info::<SocketAddr>())
        .await
        .map_err(|e| e.to_string())
}

/// Whether plain HTTP may be served on `addr`.
pub fn plain_http_allowed(addr: &SocketAddr) -> bool {
    addr.ip().is_loopback()
}
