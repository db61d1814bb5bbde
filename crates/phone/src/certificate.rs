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
    /// The SHA-256 of the whole certificate, hex pairs joined by colons, as phone browsers show
    /// it in a certificate's details.
    pub(crate) sha256_hex: String,
}

/// Makes a key (ECDSA P-256) and a certificate naming `address`.
pub(crate) fn for_address(address: IpAddr) -> Result<Certificate, rcgen::Error> {
    let key = rcgen::KeyPair::generate()?;
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new())?;
    params.subject_alt_names = vec![rcgen::SanType::IpAddress(address)];
    // No name: the certificate tells whoever connects nothing about the app behind it.
    params.distinguished_name = rcgen::DistinguishedName::new();
    let cert = params.self_signed(&key)?;
    let sha256_hex = Sha256::digest(cert.der())
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":");
    let pin_sha256 = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(
        rcgen::PublicKeyData::subject_public_key_info(&key),
    ));
    Ok(Certificate {
        cert_der: cert.der().to_vec(),
        key_der: key.serialize_der(),
        pin_sha256,
        sha256_hex,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_certificate_has_a_key_of_its_own_names_its_address_and_nothing_else() {
        let address: IpAddr = "192.168.31.7".parse().unwrap();
        let a = for_address(address).unwrap();
        let b = for_address(address).unwrap();
        assert_ne!(a.pin_sha256, b.pin_sha256);
        let (_, cert) = x509_parser::parse_x509_certificate(&a.cert_der).unwrap();
        let names = cert.subject_alternative_name().unwrap().unwrap();
        assert_eq!(
            names.value.general_names,
            vec![x509_parser::extensions::GeneralName::IPAddress(&[
                192, 168, 31, 7
            ])]
        );
        assert_eq!(cert.subject().iter_attributes().count(), 0);
        let pairs: Vec<&str> = a.sha256_hex.split(':').collect();
        assert_eq!(pairs.len(), 32);
        assert!(pairs.iter().all(|p| {
            p.len() == 2
                && p.chars()
                    .all(|c| c.is_ascii_digit() || ('A'..='F').contains(&c))
        }));
        assert_ne!(a.sha256_hex, b.sha256_hex);
    }
}
