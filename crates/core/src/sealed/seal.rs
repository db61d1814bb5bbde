//! The laptop's electronic signature on a final report (电子签名法 art. 13: the signing data is
//! the signer's alone, held under their control, and any change to the signature or to the
//! document after signing can be found).
//!
//! Each laptop holds one Ed25519 key, made the first time it issues a final report and kept in the
//! encrypted store only ([`LaptopKey`]); it is never written anywhere else nor sent. A report's
//! [`ReportSeal`] signs a statement naming its document number, the SHA-256 of its canonical
//! content, the SHA-256 of its PDF as issued and when it was sealed. The seal travels with the
//! report as `{document_no}.seal.json`; head office verifies it on receipt against the key the
//! laptop first used, and anyone holding the three files can check them with
//! `baohou verify-report`.

use crate::digest::sha256_hex;
use crate::i18n::Locale;
use chrono::{DateTime, FixedOffset};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// The shape of a seal and of the statement it signs.
pub const SEAL_FORMAT: u32 = 1;
/// The only algorithm a seal uses.
pub const ALGORITHM: &str = "Ed25519";
/// What a signed statement starts with, so that a report seal can never be taken for a
/// signature over anything else.
const STATEMENT_TAG: &str = "baohou-report-seal/1";

/// A final report's electronic signature, as kept with the report and sent to head office.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSeal {
    pub format: u32,
    pub algorithm: String,
    pub document_no: String,
    /// SHA-256 of the report's canonical content (its JSON file), lowercase hex.
    pub content_sha256: String,
    /// SHA-256 of the PDF as issued, lowercase hex.
    pub pdf_sha256: String,
    pub signed_at: DateTime<FixedOffset>,
    /// The laptop's public key, 32 bytes as lowercase hex.
    pub public_key: String,
    /// The Ed25519 signature of the statement, 64 bytes as lowercase hex.
    pub signature: String,
}

/// Why a seal does not hold.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("the seal cannot be read: {0}")]
    Malformed(String),
    #[error("the seal is of format {0}, which this program does not know")]
    UnknownFormat(u32),
    #[error(
        "the seal's signature does not match its statement: the seal or the figures in it were changed"
    )]
    BadSignature,
    #[error("the seal is for report {sealed}, not {given}")]
    OtherReport { sealed: String, given: String },
    #[error(
        "the report's content was changed after sealing (sealed SHA-256 {sealed}, now {actual})"
    )]
    ContentChanged { sealed: String, actual: String },
    #[error("the report's PDF was changed after sealing (sealed SHA-256 {sealed}, now {actual})")]
    PdfChanged { sealed: String, actual: String },
    #[error("the report was sealed by key {actual}, not by this laptop's key {expected}")]
    WrongKey { expected: String, actual: String },
}

impl SealError {
    pub fn code(&self) -> crate::code::Code {
        match self {
            SealError::Malformed(_) | SealError::UnknownFormat(_) => {
                crate::code::Code::SealMalformed
            }
            SealError::BadSignature => crate::code::Code::SealBadSignature,
            SealError::OtherReport { .. } => crate::code::Code::SealOtherReport,
            SealError::ContentChanged { .. } => crate::code::Code::SealContentChanged,
            SealError::PdfChanged { .. } => crate::code::Code::SealPdfChanged,
            SealError::WrongKey { .. } => crate::code::Code::SealWrongKey,
        }
    }
}

/// A laptop's signing key, held in memory only while the store is open (wiped when dropped).
pub struct LaptopKey {
    key: SigningKey,
}

impl LaptopKey {
    /// A new key from the system's randomness.
    pub fn generate() -> Result<LaptopKey, getrandom::Error> {
        let mut secret = Zeroizing::new([0u8; 32]);
        getrandom::fill(secret.as_mut())?;
        Ok(LaptopKey::from_secret(&secret))
    }

    pub fn from_secret(secret: &[u8; 32]) -> LaptopKey {
        LaptopKey {
            key: SigningKey::from_bytes(secret),
        }
    }

    /// The 32 secret bytes, for the store only.
    pub(crate) fn secret(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.key.to_bytes())
    }

    /// The public key as lowercase hex.
    pub fn public_key(&self) -> String {
        hex(self.key.verifying_key().as_bytes())
    }

    /// The public key's short fingerprint, to compare by eye with head office's record.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.public_key())
    }

    /// Seals a report issued with these digests.
    pub fn seal(
        &self,
        document_no: &str,
        content_sha256: &str,
        pdf_sha256: &str,
        signed_at: DateTime<FixedOffset>,
    ) -> ReportSeal {
        let mut seal = ReportSeal {
            format: SEAL_FORMAT,
            algorithm: ALGORITHM.to_owned(),
            document_no: document_no.to_owned(),
            content_sha256: content_sha256.to_owned(),
            pdf_sha256: pdf_sha256.to_owned(),
            signed_at,
            public_key: self.public_key(),
            signature: String::new(),
        };
        seal.signature = hex(&self.key.sign(&seal.statement()).to_bytes());
        seal
    }
}

impl std::fmt::Debug for LaptopKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LaptopKey({})", self.fingerprint())
    }
}

/// A public key's fingerprint: the first 16 hex digits of its SHA-256, in groups of four.
pub fn fingerprint(public_key_hex: &str) -> String {
    let digest = sha256_hex(public_key_hex.as_bytes());
    [
        &digest[0..4],
        &digest[4..8],
        &digest[8..12],
        &digest[12..16],
    ]
    .join("-")
}

impl ReportSeal {
    /// Reads a seal file.
    pub fn from_json(bytes: &[u8]) -> Result<ReportSeal, SealError> {
        serde_json::from_slice(bytes).map_err(|e| SealError::Malformed(e.to_string()))
    }

    pub fn to_json(&self) -> Vec<u8> {
        let mut json = serde_json::to_vec_pretty(self).expect("a seal serialises");
        json.push(b'\n');
        json
    }

    /// The bytes signed: every field but the signature, one per line after a tag.
    fn statement(&self) -> Vec<u8> {
        format!(
            "{STATEMENT_TAG}\nformat: {}\nalgorithm: {}\ndocument_no: {}\ncontent_sha256: {}\npdf_sha256: {}\nsigned_at: {}\npublic_key: {}\n",
            self.format,
            self.algorithm,
            self.document_no,
            self.content_sha256,
            self.pdf_sha256,
            self.signed_at.to_rfc3339(),
            self.public_key
        )
        .into_bytes()
    }

    /// Checks the signature over the seal's own statement.
    pub fn verify(&self) -> Result<(), SealError> {
        if self.format != SEAL_FORMAT {
            return Err(SealError::UnknownFormat(self.format));
        }
        if self.algorithm != ALGORITHM {
            return Err(SealError::Malformed(format!(
                "algorithm {} is not {ALGORITHM}",
                self.algorithm
            )));
        }
        for (name, value) in [
            ("content_sha256", &self.content_sha256),
            ("pdf_sha256", &self.pdf_sha256),
        ] {
            if value.len() != 64 || !value.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(SealError::Malformed(format!("{name} is not a SHA-256")));
            }
        }
        let key: [u8; 32] = unhex(&self.public_key)
            .ok_or_else(|| SealError::Malformed("public_key is not 32 bytes of hex".into()))?;
        let signature: [u8; 64] = unhex(&self.signature)
            .ok_or_else(|| SealError::Malformed("signature is not 64 bytes of hex".into()))?;
        let key = VerifyingKey::from_bytes(&key)
            .map_err(|_| SealError::Malformed("public_key is not an Ed25519 key".into()))?;
        // Strict: a weak (small-order) key, or a signature whose R is not canonical, is refused
        // (plain `verify` accepts an all-identity key and signature for any statement).
        key.verify_strict(&self.statement(), &Signature::from_bytes(&signature))
            .map_err(|_| SealError::BadSignature)
    }

    /// Checks the signature, then that the report's files are the ones sealed: its document
    /// number, the bytes of its content JSON and, when given, of its PDF.
    pub fn verify_report(
        &self,
        document_no: &str,
        content_json: &[u8],
        pdf: Option<&[u8]>,
    ) -> Result<(), SealError> {
        self.verify()?;
        if self.document_no != document_no {
            return Err(SealError::OtherReport {
                sealed: self.document_no.clone(),
                given: document_no.to_owned(),
            });
        }
        self.verify_digests(&sha256_hex(content_json), pdf.map(sha256_hex).as_deref())
    }

    /// Checks that the digests of a report's files are the ones sealed (the signature is
    /// checked by [`ReportSeal::verify`]).
    pub fn verify_digests(
        &self,
        content_sha256: &str,
        pdf_sha256: Option<&str>,
    ) -> Result<(), SealError> {
        if !self.content_sha256.eq_ignore_ascii_case(content_sha256) {
            return Err(SealError::ContentChanged {
                sealed: self.content_sha256.clone(),
                actual: content_sha256.to_owned(),
            });
        }
        if let Some(actual) = pdf_sha256
            && !self.pdf_sha256.eq_ignore_ascii_case(actual)
        {
            return Err(SealError::PdfChanged {
                sealed: self.pdf_sha256.clone(),
                actual: actual.to_owned(),
            });
        }
        Ok(())
    }

    /// Checks that the seal was made with `public_key` (hex).
    pub fn verify_key(&self, public_key: &str) -> Result<(), SealError> {
        if self.public_key.eq_ignore_ascii_case(public_key.trim()) {
            Ok(())
        } else {
            Err(SealError::WrongKey {
                expected: public_key.trim().to_owned(),
                actual: self.public_key.clone(),
            })
        }
    }

    pub fn fingerprint(&self) -> String {
        fingerprint(&self.public_key)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != 2 * N || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; N];
    for (i, pair) in text.as_bytes().chunks(2).enumerate() {
        out[i] = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
    }
    Some(out)
}

/// Why a report's seal (its electronic signature) does not hold, in the reader's language.
pub fn seal_message(err: &crate::sealed::seal::SealError, l: Locale) -> String {
    use crate::sealed::seal::SealError::*;
    match err {
        Malformed(detail) => format!(
            "{}（{detail}）",
            l.pick("电子签名文件无法读取", "電子簽名檔案無法讀取", "The signature file cannot be read")
        ),
        UnknownFormat(n) => format!(
            "{}{n}",
            l.pick(
                "电子签名文件的格式本程序不认识：",
                "電子簽名檔案的格式本程式不認識：",
                "This program does not know the signature file's format: ",
            )
        ),
        BadSignature => l
            .pick(
                "电子签名与签名内容不符：签名或其中的摘要在签名后被改动过。",
                "電子簽名與簽名內容不符：簽名或其中的摘要在簽名後被改動過。",
                "The signature does not match what it signs: the signature or the digests in it were changed after signing.",
            )
            .to_owned(),
        OtherReport { sealed, given } => format!(
            "{}{sealed}{}{given}{}",
            l.pick("这份电子签名属于检查表 ", "這份電子簽名屬於檢查表 ", "The signature is for report "),
            l.pick("，不是 ", "，不是 ", ", not "),
            l.pick("。", "。", "."),
        ),
        ContentChanged { sealed, actual } => {
            let what = l.pick("检查表内容", "檢查表內容", "The report's content");
            changed_after_signing(what, sealed, actual, l)
        }
        PdfChanged { sealed, actual } => {
            let what = l.pick("检查表 PDF ", "檢查表 PDF ", "The report's PDF");
            changed_after_signing(what, sealed, actual, l)
        }
        WrongKey { expected, actual } => format!(
            "{}{}{}{}{}",
            l.pick(
                "签名所用的密钥（指纹 ",
                "簽名所用的金鑰（指紋 ",
                "The report was signed with key ",
            ),
            crate::sealed::seal::fingerprint(actual),
            l.pick(
                "）不是这台电脑登记的密钥（指纹 ",
                "）不是這台電腦登記的金鑰（指紋 ",
                ", not this laptop's registered key ",
            ),
            crate::sealed::seal::fingerprint(expected),
            l.pick("）。", "）。", "."),
        ),
    }
}

/// "`what` was changed after signing (SHA-256 when signed …, now …)".
pub(crate) fn changed_after_signing(what: &str, sealed: &str, actual: &str, l: Locale) -> String {
    format!(
        "{what}{}{sealed}{}{actual}{}",
        l.pick(
            "在签名后被改动过（签名时 SHA-256 ",
            "在簽名後被改動過（簽名時 SHA-256 ",
            " was changed after signing (SHA-256 when signed ",
        ),
        l.pick("，现在 ", "，現在 ", ", now "),
        l.pick("）。", "）。", ")."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::Verifier;
    use proptest::prelude::*;

    fn at() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-23T15:04:00+08:00").unwrap()
    }

    fn key() -> LaptopKey {
        LaptopKey::from_secret(&[7u8; 32])
    }

    fn sealed() -> (ReportSeal, Vec<u8>, Vec<u8>) {
        let content = br#"{"document_no":"BHJC-20261123-000001-V1"}"#.to_vec();
        let pdf = b"%PDF-1.7 ...".to_vec();
        let seal = key().seal(
            "BHJC-20261123-000001-V1",
            &sha256_hex(&content),
            &sha256_hex(&pdf),
            at(),
        );
        (seal, content, pdf)
    }

    #[test]
    fn a_seal_holds_for_its_own_files_and_survives_its_file() {
        let (seal, content, pdf) = sealed();
        seal.verify_report("BHJC-20261123-000001-V1", &content, Some(&pdf))
            .unwrap();
        let read = ReportSeal::from_json(&seal.to_json()).unwrap();
        assert_eq!(read, seal);
        read.verify().unwrap();
        read.verify_key(&key().public_key()).unwrap();
    }

    #[test]
    fn ed25519_is_the_standard_one() {
        // RFC 8032 §7.1, test 1: the empty message under this secret key.
        let secret: [u8; 32] =
            unhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60").unwrap();
        let k = LaptopKey::from_secret(&secret);
        assert_eq!(
            k.public_key(),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
        );
        assert_eq!(
            hex(&k.key.sign(b"").to_bytes()),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        );
    }

    #[test]
    fn any_change_to_the_files_or_the_seal_is_found() {
        let (seal, content, pdf) = sealed();
        let no = "BHJC-20261123-000001-V1";
        let mut other = content.clone();
        other[5] ^= 1;
        assert!(matches!(
            seal.verify_report(no, &other, Some(&pdf)),
            Err(SealError::ContentChanged { .. })
        ));
        assert!(matches!(
            seal.verify_report(no, &content, Some(b"%PDF-1.7 ..!")),
            Err(SealError::PdfChanged { .. })
        ));
        assert!(matches!(
            seal.verify_report("BHJC-20261123-000002-V1", &content, Some(&pdf)),
            Err(SealError::OtherReport { .. })
        ));
        // Changing a figure in the seal to match changed files breaks the signature.
        let mut forged = seal.clone();
        forged.content_sha256 = sha256_hex(&other);
        assert_eq!(
            forged.verify_report(no, &other, Some(&pdf)),
            Err(SealError::BadSignature)
        );
        let mut later = seal.clone();
        later.signed_at = DateTime::parse_from_rfc3339("2026-11-24T15:04:00+08:00").unwrap();
        assert_eq!(later.verify(), Err(SealError::BadSignature));
        // Another key re-sealing changed files is a valid seal, but not this laptop's.
        let resealed = LaptopKey::from_secret(&[8u8; 32]).seal(
            no,
            &sha256_hex(&other),
            &sha256_hex(&pdf),
            at(),
        );
        resealed.verify_report(no, &other, Some(&pdf)).unwrap();
        assert!(matches!(
            resealed.verify_key(&key().public_key()),
            Err(SealError::WrongKey { .. })
        ));
        assert!(matches!(
            ReportSeal::from_json(b"{\"format\":1}"),
            Err(SealError::Malformed(_))
        ));
    }

    #[test]
    fn a_seal_by_a_weak_key_is_refused_whatever_it_states() {
        // The identity point as the key and (R = identity, s = 0) as the signature satisfy the
        // plain check for every statement: a seal anyone could make for any report. The strict
        // check refuses the small-order key.
        let (seal, _, _) = sealed();
        let mut identity = [0u8; 32];
        identity[0] = 1;
        let mut weak = seal.clone();
        weak.public_key = identity.iter().map(|b| format!("{b:02x}")).collect();
        let mut signature = [0u8; 64];
        signature[0] = 1;
        weak.signature = signature.iter().map(|b| format!("{b:02x}")).collect();
        let key = VerifyingKey::from_bytes(&identity).unwrap();
        assert!(
            key.verify(&weak.statement(), &Signature::from_bytes(&signature))
                .is_ok(),
            "the plain check takes it"
        );
        assert_eq!(weak.verify(), Err(SealError::BadSignature));
    }

    #[test]
    fn a_fingerprint_is_four_groups_of_four() {
        let f = key().fingerprint();
        assert_eq!(f.len(), 19);
        assert_eq!(f.matches('-').count(), 3);
        assert_ne!(f, LaptopKey::from_secret(&[8u8; 32]).fingerprint());
    }

    proptest! {
        #[test]
        fn flipping_any_bit_of_the_signature_or_key_is_found(byte in 0usize..96, bit in 0u8..8) {
            let (seal, content, pdf) = sealed();
            let mut bad = seal.clone();
            let field = if byte < 64 { &mut bad.signature } else { &mut bad.public_key };
            let i = if byte < 64 { byte } else { byte - 64 };
            let mut raw: Vec<u8> = (0..field.len() / 2)
                .map(|j| u8::from_str_radix(&field[2 * j..2 * j + 2], 16).unwrap())
                .collect();
            raw[i] ^= 1 << bit;
            *field = hex(&raw);
            prop_assert!(bad.verify_report(&seal.document_no, &content, Some(&pdf)).is_err());
        }
    }
}
