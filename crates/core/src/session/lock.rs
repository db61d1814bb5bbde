//! The lock screen's questions: is the database new, unencrypted, locked or open; unlock it with
//! the passphrase, set the first one, encrypt an old database, change the passphrase, and lock
//! again after the policy's idle time. The key lives only here, in memory, while unlocked.

use super::Session;
use crate::i18n::Locale;
use crate::messages::UserError;
use crate::store::attempts::Attempts;
use crate::store::key::{self, FileKind, MIN_PASSPHRASE_CHARS};
use crate::store::{DbKey, OpenMode, Store, StoreError};
use serde::Serialize;
use std::time::{Duration, Instant, SystemTime};

/// The window locks at the policy's idle time, after storing any field still being saved; the
/// core locks by itself this much later, should the window have stopped counting.
pub const IDLE_GRACE: Duration = Duration::from_secs(60);

/// The open database and its key.
pub(super) struct Unlocked {
    pub(super) store: Store,
    pub(super) key: DbKey,
}

impl Unlocked {
    /// How long the database may stay unused: the policy in force (read each time, so a policy
    /// installed meanwhile, by hand or from head office, applies at once).
    fn idle_lock(&self) -> Duration {
        let minutes = self
            .store
            .policy_in_force()
            .map(|p| p.security().idle_lock_minutes)
            .unwrap_or_else(|_| {
                crate::policy::Policy::builtin()
                    .security()
                    .idle_lock_minutes
            });
        Duration::from_secs(u64::from(minutes) * 60)
    }
}

/// What the lock screen shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum LockState {
    /// No database yet: the officer sets a passphrase and it is created, encrypted.
    New,
    /// A database from before encryption: a passphrase encrypts it in place.
    NotEncrypted,
    /// Encrypted and locked: the passphrase opens it.
    Locked,
    /// Open.
    Unlocked,
    /// Cannot be used at all (missing, not ours, read-only…): `problem` says why.
    Unusable,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct LockStatus {
    pub state: LockState,
    pub db_path: String,
    /// Why the database cannot be used, in the officer's language.
    pub problem: Option<String>,
    /// Minutes without use before the app locks itself (the policy in force; while locked,
    /// the shipped policy's).
    pub idle_lock_minutes: u32,
    pub min_passphrase_chars: u32,
    /// Seconds the next unlock must wait after wrong passphrases in a row (0: none).
    pub unlock_wait_seconds: u32,
}

/// The answer to anything asked while locked.
pub(super) fn locked_error(locale: Locale) -> UserError {
    UserError {
        code: crate::code::Code::Locked,
        message: locale
            .pick(
                "已锁定：请输入口令解锁。",
                "已鎖定：請輸入口令解鎖。",
                "Locked: enter the passphrase to unlock.",
            )
            .to_owned(),
    }
}

impl Session {
    pub fn lock_status(&self, locale: Locale) -> LockStatus {
        let (state, problem) = if self.open.is_some() {
            (LockState::Unlocked, None)
        } else {
            match self.file_state() {
                Ok(state) => (state, None),
                Err(e) => (
                    LockState::Unusable,
                    Some(crate::messages::store_message(&e, locale)),
                ),
            }
        };
        let minutes = |d: Duration| u32::try_from(d.as_secs() / 60).unwrap_or(u32::MAX);
        LockStatus {
            state,
            db_path: self.db_path.display().to_string(),
            problem,
            idle_lock_minutes: self.open.as_ref().map_or_else(
                || {
                    crate::policy::Policy::builtin()
                        .security()
                        .idle_lock_minutes
                },
                |o| minutes(o.idle_lock()),
            ),
            min_passphrase_chars: u32::try_from(MIN_PASSPHRASE_CHARS).unwrap_or(u32::MAX),
            unlock_wait_seconds: match state {
                LockState::Locked => match Attempts::beside(&self.db_path).check(SystemTime::now())
                {
                    Err(StoreError::UnlockWait { seconds, .. }) => {
                        u32::try_from(seconds).unwrap_or(u32::MAX)
                    }
                    _ => 0,
                },
                _ => 0,
            },
        }
    }

    /// What the file on disk asks of the officer before it can be used.
    fn file_state(&self) -> Result<LockState, StoreError> {
        let path = self.db_path.clone();
        match key::file_kind(&path)? {
            FileKind::Missing => match self.mode {
                OpenMode::CreateOrUpgrade => Ok(LockState::New),
                OpenMode::Existing => Err(StoreError::NotFound { path }),
            },
            FileKind::Plain { baohou: true } => Ok(LockState::NotEncrypted),
            FileKind::Plain { baohou: false } => Err(StoreError::NotBaohou { path }),
            FileKind::Other => Err(StoreError::NotSqlite { path }),
            FileKind::Encrypted { .. } => {
                let meta = std::fs::metadata(&path).map_err(|source| StoreError::Io {
                    path: path.clone(),
                    source,
                })?;
                if meta.permissions().readonly() {
                    return Err(StoreError::ReadOnly { path });
                }
                Ok(LockState::Locked)
            }
        }
    }

    /// Opens the encrypted database with `passphrase`. A wrong one changes nothing.
    pub fn unlock(&mut self, locale: Locale, passphrase: &str) -> Result<(), UserError> {
        let err = |e: StoreError| UserError::from_store(&e, locale);
        if self.open.is_some() {
            return Ok(());
        }
        if let Err(e) = self.file_state() {
            return Err(err(e));
        }
        let attempts = Attempts::beside(&self.db_path);
        attempts.check(SystemTime::now()).map_err(err)?;
        let key = DbKey::for_file(&self.db_path, passphrase).map_err(err)?;
        // The whole-file check runs beside the first screen; nothing is written until it passes.
        match Store::open_checking_beside(&self.db_path, self.mode, &key) {
            Ok(store) => {
                attempts.succeeded();
                self.unlocked(store, key);
                Ok(())
            }
            Err(wrong @ StoreError::WrongPassphrase { .. }) => Err(err(attempts
                .failed_and_wait(SystemTime::now())
                .unwrap_or(wrong))),
            Err(e) => Err(err(e)),
        }
    }

    /// Creates the database, encrypted with a first passphrase (state [`LockState::New`]), or
    /// encrypts an old unencrypted one in place (state [`LockState::NotEncrypted`]).
    pub fn set_first_passphrase(
        &mut self,
        locale: Locale,
        passphrase: &str,
    ) -> Result<(), UserError> {
        let err = |e: StoreError| UserError::from_store(&e, locale);
        key::check_new_passphrase(passphrase).map_err(err)?;
        let state = self.file_state().map_err(err)?;
        let key = DbKey::fresh(passphrase).map_err(err)?;
        match state {
            LockState::New => {}
            LockState::NotEncrypted => {
                crate::store::encrypt_in_place(&self.db_path, &key).map_err(err)?;
            }
            _ => {
                return Err(err(StoreError::Invalid(
                    "the database already has a passphrase".into(),
                )));
            }
        }
        let store = Store::open(&self.db_path, OpenMode::CreateOrUpgrade, &key).map_err(err)?;
        self.unlocked(store, key);
        Ok(())
    }

    /// Changes the passphrase: the whole database is re-encrypted under the new key (the old
    /// file is replaced only once the new one is proved whole).
    pub fn change_passphrase(
        &mut self,
        locale: Locale,
        old: &str,
        new: &str,
    ) -> Result<(), UserError> {
        let err = |e: StoreError| UserError::from_store(&e, locale);
        // The file is copied under the new key only once its open-time check has passed.
        self.store_mut(locale)?;
        let Some(open) = self.open.take() else {
            return Err(locked_error(locale));
        };
        let checked = DbKey::derive(old, open.key.salt())
            .map_err(err)
            .and_then(|k| {
                if k.same_as(&open.key) {
                    Ok(())
                } else {
                    Err(err(StoreError::WrongPassphrase {
                        path: self.db_path.clone(),
                    }))
                }
            })
            .and_then(|()| key::check_new_passphrase(new).map_err(err))
            .and_then(|()| DbKey::fresh(new).map_err(err));
        let new_key = match checked {
            Ok(k) => k,
            Err(e) => {
                self.open = Some(open);
                return Err(e);
            }
        };
        // No sync may hold the old file open while it is replaced.
        let file_lock = self.file_lock.clone();
        let _exclusive = file_lock.write().unwrap_or_else(|p| p.into_inner());
        match open.store.rekey(&new_key) {
            Ok(store) => {
                self.unlocked(store, new_key);
                Ok(())
            }
            Err(e) => {
                // The old file is untouched; open it again with the old key.
                if let Ok(store) = Store::open(&self.db_path, OpenMode::Existing, &open.key) {
                    self.open = Some(Unlocked {
                        store,
                        key: open.key,
                    });
                }
                Err(err(e))
            }
        }
    }

    /// Closes the database, forgets the key and deletes the reports written to be printed.
    pub fn lock(&mut self) {
        self.open = None;
        if let Some(dir) = &self.print_folder {
            let _ = crate::report::clear_private_folder(dir);
        }
    }

    /// The officer is at the window (a key press, a click): the idle time starts again.
    pub fn touch(&self) {
        self.last_use.set(Instant::now());
    }

    /// Locks when the policy's idle time and [`IDLE_GRACE`] have passed since the last use;
    /// true when it locked.
    pub fn lock_if_idle(&mut self, now: Instant) -> bool {
        let idle = match &self.open {
            Some(o) => o.idle_lock(),
            None => return false,
        };
        if now.saturating_duration_since(self.last_use.get()) >= idle + IDLE_GRACE {
            self.lock();
            return true;
        }
        false
    }

    pub(super) fn unlocked(&mut self, store: Store, key: DbKey) {
        self.open = Some(Unlocked { store, key });
        self.touch();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_passphrase_unlock_wrong_passphrase_change_and_idle_lock() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("保后.sqlite3");
        let mut s = Session::open(&path, OpenMode::CreateOrUpgrade);
        assert_eq!(s.lock_status(Locale::ZhCn).state, LockState::New);
        let weak = s.set_first_passphrase(Locale::ZhCn, "1234567").unwrap_err();
        assert_eq!(weak.code, "weak_passphrase");
        assert!(weak.message.contains("至少需要 8"), "{}", weak.message);
        assert!(!path.exists());
        s.set_first_passphrase(Locale::ZhCn, "华信担保 2026")
            .unwrap();
        let status = s.lock_status(Locale::ZhCn);
        assert_eq!(status.state, LockState::Unlocked);
        assert_eq!(status.idle_lock_minutes, 10);
        assert!(s.info(Locale::ZhCn).is_ok());

        s.lock();
        assert_eq!(s.lock_status(Locale::ZhCn).state, LockState::Locked);
        assert_eq!(s.info(Locale::ZhCn).unwrap_err().code, "locked");
        let before = std::fs::read(&path).unwrap();
        let wrong = s.unlock(Locale::ZhCn, "华信担保 2025").unwrap_err();
        assert_eq!(wrong.code, "wrong_passphrase");
        assert!(wrong.message.starts_with("口令不对"), "{}", wrong.message);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "a wrong passphrase wrote"
        );
        s.unlock(Locale::ZhCn, "华信担保 2026").unwrap();

        // Changing it: the old passphrase is checked, the new one must be strong enough.
        let e = s
            .change_passphrase(Locale::ZhCn, "不对的口令口令", "新的口令很长很长")
            .unwrap_err();
        assert_eq!(e.code, "wrong_passphrase");
        let e = s
            .change_passphrase(Locale::ZhCn, "华信担保 2026", "短")
            .unwrap_err();
        assert_eq!(e.code, "weak_passphrase");
        assert!(
            s.info(Locale::ZhCn).is_ok(),
            "a refused change keeps it open"
        );
        s.change_passphrase(Locale::ZhCn, "华信担保 2026", "新的口令很长很长")
            .unwrap();
        assert!(s.info(Locale::ZhCn).is_ok());
        s.lock();
        assert_eq!(
            s.unlock(Locale::ZhCn, "华信担保 2026").unwrap_err().code,
            "wrong_passphrase"
        );
        s.unlock(Locale::ZhCn, "新的口令很长很长").unwrap();

        // A policy installed while open applies at once.
        let three = crate::policy::DEFAULT_POLICY_TOML
            .replace("version = \"2026.2\"", "version = \"2026.3\"")
            .replace("idle_lock_minutes = 10", "idle_lock_minutes = 3");
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-23T08:00:00+08:00").unwrap();
        s.store_mut(Locale::ZhCn)
            .unwrap()
            .install_policy(&three, "制度.toml", at)
            .unwrap();
        assert_eq!(s.lock_status(Locale::ZhCn).idle_lock_minutes, 3);
        let ten = crate::policy::DEFAULT_POLICY_TOML
            .replace("version = \"2026.2\"", "version = \"2026.4\"");
        s.store_mut(Locale::ZhCn)
            .unwrap()
            .install_policy(&ten, "制度.toml", at)
            .unwrap();

        // Idle: nothing happens before the policy's ten minutes and the grace, then it locks.
        let start = Instant::now();
        s.touch();
        assert!(!s.lock_if_idle(start + Duration::from_secs(10 * 60)));
        assert!(s.lock_if_idle(Instant::now() + Duration::from_secs(11 * 60 + 1)));
        assert_eq!(s.lock_status(Locale::ZhCn).state, LockState::Locked);
        assert!(!s.lock_if_idle(Instant::now() + Duration::from_secs(3600)));
    }

    #[test]
    fn wrong_passphrases_cost_a_growing_wait_that_a_restart_does_not_reset() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("保后.sqlite3");
        let right = "华信担保 2026";
        let mut s = Session::open(&path, OpenMode::CreateOrUpgrade);
        s.set_first_passphrase(Locale::ZhCn, right).unwrap();
        s.lock();
        // Three wrong ones are free; the fourth says it was wrong and what it costs.
        for _ in 0..3 {
            let e = s.unlock(Locale::ZhCn, "华信担保 2025").unwrap_err();
            assert_eq!(e.code, "wrong_passphrase");
        }
        let e = s.unlock(Locale::ZhCn, "华信担保 2025").unwrap_err();
        assert_eq!(e.code, "unlock_wait");
        assert!(
            e.message
                .starts_with("口令已连续输错 4 次：请在 5 秒后再试"),
            "{}",
            e.message
        );
        // The app started again: the lock screen knows the wait, and even the right passphrase
        // waits.
        let mut s = Session::open(&path, OpenMode::CreateOrUpgrade);
        let wait = s.lock_status(Locale::ZhCn).unlock_wait_seconds;
        assert!((4..=5).contains(&wait), "{wait}");
        let e = s.unlock(Locale::ZhCn, right).unwrap_err();
        assert_eq!(e.code, "unlock_wait");
        assert_eq!(s.lock_status(Locale::ZhCn).state, LockState::Locked);
        // Five seconds later (the count's time moved back), the right one opens and ends it.
        let attempts = Attempts::beside(&path);
        let count = std::fs::read_to_string(attempts.path()).unwrap();
        let last: u64 = count
            .lines()
            .find_map(|l| l.strip_prefix("last="))
            .unwrap()
            .parse()
            .unwrap();
        std::fs::write(attempts.path(), format!("failures=4\nlast={}\n", last - 5)).unwrap();
        s.unlock(Locale::ZhCn, right).unwrap();
        assert!(!attempts.path().exists());
        s.lock();
        assert_eq!(
            s.unlock(Locale::ZhCn, "华信担保 2025").unwrap_err().code,
            "wrong_passphrase"
        );
    }

    #[test]
    fn an_unencrypted_database_is_encrypted_in_place_with_nothing_lost() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("旧.sqlite3");
        crate::store::tests_support::write_plain_demo(&path);
        let plain = std::fs::read(&path).unwrap();
        assert!(
            plain
                .windows("瑞丰纺织".len())
                .any(|w| w == "瑞丰纺织".as_bytes()),
            "the old file is in the clear"
        );
        let mut s = Session::open(&path, OpenMode::Existing);
        assert_eq!(s.lock_status(Locale::ZhCn).state, LockState::NotEncrypted);
        let before = crate::store::tests_support::plain_counts(&path);
        s.set_first_passphrase(Locale::ZhCn, "迁移用的口令口令")
            .unwrap();
        assert_eq!(s.store(Locale::ZhCn).unwrap().row_counts().unwrap(), before);
        let now = std::fs::read(&path).unwrap();
        assert!(
            !now.windows("瑞丰纺织".len())
                .any(|w| w == "瑞丰纺织".as_bytes())
        );
        assert!(!now.starts_with(b"SQLite format 3"));
        s.lock();
        assert_eq!(s.lock_status(Locale::ZhCn).state, LockState::Locked);
        s.unlock(Locale::ZhCn, "迁移用的口令口令").unwrap();
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("rekey"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn unlocking_shows_the_agenda_while_the_file_is_checked_and_a_damaged_one_is_never_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("保后.sqlite3");
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let passphrase = "华信担保 2026";
        let mut s = Session::open(&path, OpenMode::CreateOrUpgrade);
        s.set_first_passphrase(Locale::ZhCn, passphrase).unwrap();
        crate::demo::write_demo(s.store_mut(Locale::ZhCn).unwrap(), day).unwrap();
        s.lock();
        let pristine = std::fs::read(&path).unwrap();

        // Whole: the agenda answers, and a write goes through once the check has passed.
        s.unlock(Locale::ZhCn, passphrase).unwrap();
        let filter = crate::tasks::filter::AgendaFilter::default();
        assert!(s.agenda_page(Locale::ZhCn, day, &filter, 10).is_ok());
        s.set_sync_settings(Locale::ZhCn, "http://127.0.0.1:9", "")
            .unwrap();
        s.lock();

        // A flipped byte near the end of the file, in a page that unlocking does not read: the
        // check beside finds it, every write is refused in words, and the file stays as it was.
        let pages = pristine.len() / 4096;
        let mut refused = 0;
        for page in (pages * 9 / 10..pages).rev().step_by(7) {
            let mut bytes = pristine.clone();
            bytes[page * 4096 + 777] ^= 0x01;
            std::fs::write(&path, &bytes).unwrap();
            if s.unlock(Locale::ZhCn, passphrase).is_err() {
                continue;
            }
            let e = s
                .set_sync_settings(Locale::ZhCn, "http://127.0.0.1:9", "")
                .unwrap_err();
            assert_eq!(e.code, "db_corrupt", "page {page}: {}", e.message);
            assert!(e.message.contains("已损坏"), "{}", e.message);
            // From then on, reads are refused too.
            let e = s.agenda_page(Locale::ZhCn, day, &filter, 10).unwrap_err();
            assert_eq!(e.code, "db_corrupt");
            s.lock();
            assert_eq!(std::fs::read(&path).unwrap(), bytes, "page {page}: written");
            refused += 1;
        }
        assert!(
            refused > 0,
            "no damaged page was left to the check: {pages} pages"
        );
    }
}
