//! The database key: Argon2id over the officer's passphrase and the database file's own salt.
//!
//! SQLCipher keeps a random 16-byte salt in the clear at the start of an encrypted file; the
//! same salt feeds Argon2id here, so nothing but the file itself is needed to unlock it and no
//! key, hash or hint is written anywhere. The 32-byte key is handed to SQLCipher as raw key
//! material (its own PBKDF2 is skipped) and wiped from memory when dropped. A forgotten
//! passphrase cannot be recovered: the laptop's data is lost, head office's copies are not.

use super::{StoreError, StoreResult};
use std::io::Read;
use std::path::Path;
use zeroize::Zeroizing;

/// Length of SQLCipher's per-file salt, which is also the Argon2id salt.
pub const SALT_LEN: usize = 16;
/// Shortest new passphrase accepted, in characters (a Chinese character counts as one).
pub const MIN_PASSPHRASE_CHARS: usize = 8;
/// Argon2id cost: 64 MiB of memory, 3 passes, one lane (RFC 9106's second recommended option,
/// single-threaded). About half a second on a field laptop; part of the file format, so a
/// change needs a new key version.
const ARGON2_MEMORY_KIB: u32 = 64 * 1024;
const ARGON2_PASSES: u32 = 3;
const ARGON2_LANES: u32 = 1;
/// SQLCipher's page size (its default): an encrypted file is a whole number of these.
pub(crate) const PAGE_SIZE: u64 = 4096;

/// A key that opens one encrypted database (the derived key and the salt it belongs with).
#[derive(Clone)]
pub struct DbKey {
    key: Zeroizing<[u8; 32]>,
    salt: [u8; SALT_LEN],
}

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(…)")
    }
}

impl DbKey {
    /// Derives the key for `salt` from `passphrase` (Argon2id; deliberately slow).
    pub fn derive(passphrase: &str, salt: [u8; SALT_LEN]) -> StoreResult<DbKey> {
        let params = argon2::Params::new(ARGON2_MEMORY_KIB, ARGON2_PASSES, ARGON2_LANES, Some(32))
            .map_err(|e| StoreError::Invalid(format!("key derivation: {e}")))?;
        let argon =
            argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut key = Zeroizing::new([0u8; 32]);
        argon
            .hash_password_into(passphrase.as_bytes(), &salt, key.as_mut())
            .map_err(|e| StoreError::Invalid(format!("key derivation: {e}")))?;
        Ok(DbKey { key, salt })
    }

    /// A key for a new database: a fresh random salt.
    pub fn fresh(passphrase: &str) -> StoreResult<DbKey> {
        DbKey::derive(passphrase, random_salt()?)
    }

    /// The key that opens `path` with `passphrase`: the file's salt if it is an encrypted
    /// database, a fresh one if there is no file yet (or it is empty).
    pub fn for_file(path: &Path, passphrase: &str) -> StoreResult<DbKey> {
        match file_salt(path)? {
            Some(salt) => DbKey::derive(passphrase, salt),
            None => DbKey::fresh(passphrase),
        }
    }

    /// A key from raw bytes, without the KDF (tests, and keys kept in memory by a session).
    #[doc(hidden)]
    pub fn from_raw(key: [u8; 32], salt: [u8; SALT_LEN]) -> DbKey {
        DbKey {
            key: Zeroizing::new(key),
            salt,
        }
    }

    pub fn salt(&self) -> [u8; SALT_LEN] {
        self.salt
    }

    /// Whether two keys are the same, compared in constant time.
    pub fn same_as(&self, other: &DbKey) -> bool {
        let diff = self
            .key
            .iter()
            .chain(self.salt.iter())
            .zip(other.key.iter().chain(other.salt.iter()))
            .fold(0u8, |acc, (a, b)| acc | (a ^ b));
        diff == 0
    }

    /// SQLCipher's raw-key literal with explicit salt: `x'<key hex><salt hex>'`.
    pub(crate) fn sqlcipher_literal(&self) -> Zeroizing<String> {
        let mut s = Zeroizing::new(String::with_capacity(3 + 2 * (32 + SALT_LEN)));
        s.push_str("x'");
        for b in self.key.iter().chain(self.salt.iter()) {
            s.push(hex_digit(b >> 4));
            s.push(hex_digit(b & 0xf));
        }
        s.push('\'');
        s
    }

    /// `before`, the key's literal, `after`: a statement that carries the key, built in one
    /// string of its final size (a string that grows leaves copies of what it held in the
    /// memory it gives back) and wiped when dropped.
    pub(crate) fn in_sql(&self, before: &str, after: &str) -> Zeroizing<String> {
        let literal = self.sqlcipher_literal();
        let mut s = Zeroizing::new(String::with_capacity(
            before.len() + literal.len() + after.len(),
        ));
        s.push_str(before);
        s.push_str(&literal);
        s.push_str(after);
        debug_assert_eq!(s.len(), s.capacity());
        s
    }
}

fn hex_digit(n: u8) -> char {
    char::from(b"0123456789abcdef"[usize::from(n & 0xf)])
}

/// Sixteen bytes from the operating system's random source.
pub fn random_salt() -> StoreResult<[u8; SALT_LEN]> {
    let mut salt = [0u8; SALT_LEN];
    getrandom::fill(&mut salt).map_err(|e| StoreError::Invalid(format!("no randomness: {e}")))?;
    Ok(salt)
}

/// What the first bytes of a file say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// No file, or an empty one.
    Missing,
    /// An unencrypted SQLite database; `baohou` is whether its application id is Baohou's.
    Plain { baohou: bool },
    /// Whole pages of what looks like ciphertext: an encrypted database (or random bytes; only
    /// the key can tell).
    Encrypted { salt: [u8; SALT_LEN] },
    /// Neither: not a database.
    Other,
}

/// Reads the start of `path` to tell a plain database, an encrypted one and anything else apart.
pub fn file_kind(path: &Path) -> StoreResult<FileKind> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileKind::Missing),
        Err(e) => return Err(io(e)),
    };
    let len = file.metadata().map_err(io)?.len();
    if len == 0 {
        return Ok(FileKind::Missing);
    }
    let mut header = [0u8; 100];
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]).map_err(io)? {
            0 => break,
            n => read += n,
        }
    }
    if read >= 72 && &header[..16] == super::SQLITE_HEADER {
        let app_id = i32::from_be_bytes([header[68], header[69], header[70], header[71]]);
        return Ok(FileKind::Plain {
            baohou: app_id == super::APPLICATION_ID,
        });
    }
    if len < PAGE_SIZE || len % PAGE_SIZE != 0 {
        return Ok(FileKind::Other);
    }
    let mut salt = [0u8; SALT_LEN];
    salt.copy_from_slice(&header[..SALT_LEN]);
    Ok(FileKind::Encrypted { salt })
}

/// The salt of an encrypted database at `path`; `None` when there is no file yet. A plain
/// database or a file that is not a database is an error saying which.
pub fn file_salt(path: &Path) -> StoreResult<Option<[u8; SALT_LEN]>> {
    match file_kind(path)? {
        FileKind::Missing => Ok(None),
        FileKind::Encrypted { salt } => Ok(Some(salt)),
        FileKind::Plain { baohou: true } => Err(StoreError::NotEncrypted {
            path: path.to_path_buf(),
        }),
        FileKind::Plain { baohou: false } => Err(StoreError::NotBaohou {
            path: path.to_path_buf(),
        }),
        FileKind::Other => Err(StoreError::NotSqlite {
            path: path.to_path_buf(),
        }),
    }
}

/// Checks a new passphrase: long enough, not only spaces, and not easy to guess ([`guessable`]).
pub fn check_new_passphrase(passphrase: &str) -> StoreResult<()> {
    let chars = passphrase.trim().chars().count();
    if chars < MIN_PASSPHRASE_CHARS {
        return Err(StoreError::WeakPassphrase {
            min_chars: MIN_PASSPHRASE_CHARS,
        });
    }
    match guessable(passphrase) {
        Some(why) => Err(StoreError::GuessablePassphrase { why }),
        None => Ok(()),
    }
}

/// Why a passphrase is easy to guess.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guessable {
    /// Only digits: a birthday, a phone number, 88888888.
    Digits,
    /// One character over and over.
    Repeated,
    /// A run of the keyboard or the alphabet (qwertyui, abcdefgh, 1qaz2wsx).
    Run,
    /// Among the passphrases most often found in leaked lists
    /// (`store/common-passphrases.txt`).
    Common,
}

/// The passphrases most often found in leaked lists, with 8 or more characters, lowercase.
const COMMON: &str = include_str!("common-passphrases.txt");

/// Why `passphrase` is easy to guess, if it is: compared lowercase and without spaces.
pub fn guessable(passphrase: &str) -> Option<Guessable> {
    let plain: String = passphrase
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let chars: Vec<char> = plain.chars().collect();
    if chars.iter().all(char::is_ascii_digit) {
        return Some(Guessable::Digits);
    }
    if chars.windows(2).all(|w| w[0] == w[1]) {
        return Some(Guessable::Repeated);
    }
    const ROWS: [&str; 7] = [
        "`1234567890-=",
        "qwertyuiop[]\\",
        "asdfghjkl;'",
        "zxcvbnm,./",
        "abcdefghijklmnopqrstuvwxyz",
        "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/",
        "qazwsxedcrfvtgbyhnujmikolp",
    ];
    let runs = |row: &str| {
        let reversed: String = row.chars().rev().collect();
        row.contains(plain.as_str()) || reversed.contains(plain.as_str())
    };
    if ROWS.iter().any(|row| runs(row)) {
        return Some(Guessable::Run);
    }
    if COMMON
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .any(|l| l == plain)
    {
        return Some(Guessable::Common);
    }
    None
}

/// A passphrase held in memory only as long as needed and wiped when dropped.
#[derive(Clone, Default, zeroize::ZeroizeOnDrop)]
pub struct Passphrase(String);

impl Passphrase {
    pub fn new(s: String) -> Passphrase {
        Passphrase(s)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivation_is_deterministic_and_depends_on_passphrase_and_salt() {
        let salt = [7u8; SALT_LEN];
        let a = DbKey::derive("正确的口令 correct", salt).unwrap();
        let b = DbKey::derive("正确的口令 correct", salt).unwrap();
        let c = DbKey::derive("正确的口令 correcT", salt).unwrap();
        let d = DbKey::derive("正确的口令 correct", [8u8; SALT_LEN]).unwrap();
        assert_eq!(*a.key, *b.key);
        assert_ne!(*a.key, *c.key);
        assert_ne!(*a.key, *d.key);
        // Argon2id v1.3, m=64 MiB, t=3, p=1 of "password" and 16 bytes of 0x01 (fixed here so a
        // change of parameters, which would lock every officer out, cannot pass unnoticed). The
        // value was checked against an independent implementation (argon2-cffi's hash_secret_raw).
        let fixed = DbKey::derive("password", [1u8; SALT_LEN]).unwrap();
        let hex: String = fixed.key.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, FIXED_KEY_HEX);
    }

    const FIXED_KEY_HEX: &str = "29661e137750df9054176693d50d858c717c4da4aa852273131a082203946ee1";

    #[test]
    fn literal_is_key_then_salt_in_hex_and_debug_hides_it() {
        let key = DbKey::from_raw([0xab; 32], [0x01; SALT_LEN]);
        let lit = key.sqlcipher_literal();
        assert_eq!(lit.len(), 3 + 96);
        assert!(lit.starts_with("x'abab"));
        assert!(lit.ends_with("0101'"));
        assert_eq!(format!("{key:?}"), "DbKey(…)");
        // Built at its final size, never grown (a grown string leaves copies behind).
        let sql = key.in_sql("PRAGMA key = \"", "\";");
        assert_eq!(sql.len(), sql.capacity());
        assert_eq!(sql.as_str(), format!("PRAGMA key = \"{}\";", lit.as_str()));
        assert_eq!(
            format!("{:?}", Passphrase::new("秘密".into())),
            "Passphrase(…)"
        );
    }

    #[test]
    fn new_passphrases_are_checked() {
        assert!(check_new_passphrase("1234567").is_err());
        assert!(check_new_passphrase("        12").is_err());
        assert!(check_new_passphrase("保后管理口令八个字").is_ok());
        assert!(check_new_passphrase("保后管理口令").is_err());
        assert!(check_new_passphrase("华信担保 2026").is_ok());
        assert!(check_new_passphrase("baohou-demo").is_ok());
        for (passphrase, why) in [
            ("12345678", Guessable::Digits),
            ("13912345678", Guessable::Digits),
            ("19880808", Guessable::Digits),
            ("8888 8888", Guessable::Digits),
            ("aaaaaaaa", Guessable::Repeated),
            ("保保保保保保保保", Guessable::Repeated),
            ("qwertyui", Guessable::Run),
            ("QWERTYUIOP", Guessable::Run),
            ("abcdefgh", Guessable::Run),
            ("hgfedcba", Guessable::Run),
            ("1qaz2wsx", Guessable::Run),
            ("asdfghjkl", Guessable::Run),
            ("password", Guessable::Common),
            ("Password1", Guessable::Common),
            ("woaini1314", Guessable::Common),
            ("abc123456", Guessable::Common),
            ("iloveyou", Guessable::Common),
        ] {
            assert_eq!(guessable(passphrase), Some(why), "{passphrase}");
            assert!(matches!(
                check_new_passphrase(passphrase),
                Err(StoreError::GuessablePassphrase { why: w }) if w == why
            ));
        }
    }

    #[test]
    fn file_kinds() {
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| dir.path().join(n);
        assert_eq!(file_kind(&p("none")).unwrap(), FileKind::Missing);
        std::fs::write(p("empty"), b"").unwrap();
        assert_eq!(file_kind(&p("empty")).unwrap(), FileKind::Missing);
        std::fs::write(p("text"), "合同编号,被担保人\n").unwrap();
        assert_eq!(file_kind(&p("text")).unwrap(), FileKind::Other);
        let mut pages = vec![0x5au8; 8192];
        pages[..16].copy_from_slice(&[3u8; 16]);
        std::fs::write(p("enc"), &pages).unwrap();
        assert_eq!(
            file_kind(&p("enc")).unwrap(),
            FileKind::Encrypted { salt: [3u8; 16] }
        );
        let mut plain = vec![0u8; 4096];
        plain[..16].copy_from_slice(crate::store::SQLITE_HEADER);
        std::fs::write(p("plain"), &plain).unwrap();
        assert_eq!(
            file_kind(&p("plain")).unwrap(),
            FileKind::Plain { baohou: false }
        );
        plain[68..72].copy_from_slice(&crate::store::APPLICATION_ID.to_be_bytes());
        std::fs::write(p("ours"), &plain).unwrap();
        assert_eq!(
            file_kind(&p("ours")).unwrap(),
            FileKind::Plain { baohou: true }
        );
        assert!(matches!(
            file_salt(&p("ours")),
            Err(StoreError::NotEncrypted { .. })
        ));
    }
}
