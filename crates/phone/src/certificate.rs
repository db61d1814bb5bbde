//! The laptop's certificate for the phone's page: a new key and a self-signed certificate for
//! the address served, made each time the door opens and never written anywhere. The phone's
//! browser cannot know it (no authority signed it), so its pin is shown beside the QR code and
//! carried in the link: the SHA-256 of its public key, as browsers pin keys.

use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::net::IpAddr;

/// A certificate and its key, DER, with the key's pin.
pub(crate) struct Certificate {
    pub(crate) cert_der: Vec<u8>,
    pub(crate) key_der: Vec<u8>,
    /// Base64 of the SHA-256 of the certificate's SubjectPublicKeyInfo (`pin-sha256`).
    pub(crate) pin_sha256: String,
}

/// Makes a key (ECDSA P-256) and a certificate naming `address`.
pub(crate) fn for_address(address: IpAddr) -> Result<Certificate, rcgen::Error> {
    let key = rcgen::KeyPair::generate()?;
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new())?;
    params.subject_alt_names = vec![rcgen::SanType::IpAddress(address)];
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "保后 Baohou 手机传照片");
    let cert = params.self_signed(&key)?;
    let pin_sha256 = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(
        rcgen::PublicKeyData::subject_public_key_info(&key),
    ));
    Ok(Certificate {
        cert_der: cert.der().to_vec(),
        key_der: key.serialize_der(),
        pin_sha256,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_certificate_has_a_key_of_its_own_and_names_its_address() {
        let address: IpAddr = "192.168.31.7".parse().unwrap();
        let a = for_address(address).unwrap();
        let b = for_address(address).unwrap();
        assert_ne!(a.pin_sha256, b.pin_sha256);
        assert_eq!(a.pin_sha256.len(), 44, "{}", a.pin_sha256);
        // The address is in the certificate (subjectAltName, as four bytes).
        assert!(a.cert_der.windows(4).any(|w| w == [192, 168, 31, 7]));
    }
}
