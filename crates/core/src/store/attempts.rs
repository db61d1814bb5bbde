//! Wrong passphrases cost time: after [`FREE_ATTEMPTS`] wrong ones in a row, each further try
//! waits longer ([`wait_after`]: 5 s, doubling, at most 15 minutes). The count is kept beside
//! the database (`{file}.attempts`), not inside it (the database cannot be read before it is
//! unlocked), so quitting and starting the app again does not reset it; the right passphrase
//! does.
//!
//! What it stops is a person at the laptop guessing through the app or the CLI. Someone who
//! copies the file guesses elsewhere, where each guess costs Argon2id's half a second and 64 MiB
//! (`key`); deleting the count file resets the wait, and the security guide says so.
//!
//! The bounds are the program's, not the company policy's: the policy lives inside the locked
//! database.

use super::{StoreError, StoreResult};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Wrong passphrases in a row that cost no wait (a typo, the input method left in Chinese).
pub const FREE_ATTEMPTS: u32 = 3;
/// The wait after the first wrong passphrase beyond the free ones; it doubles with each more.
pub const FIRST_WAIT: Duration = Duration::from_secs(5);
/// The longest wait.
pub const LONGEST_WAIT: Duration = Duration::from_secs(15 * 60);

/// How long the next try must wait after `failures` wrong passphrases in a row.
pub fn wait_after(failures: u32) -> Duration {
    if failures <= FREE_ATTEMPTS {
        return Duration::ZERO;
    }
    let doublings = (failures - FREE_ATTEMPTS - 1).min(20);
    FIRST_WAIT
        .saturating_mul(1u32 << doublings)
        .min(LONGEST_WAIT)
}

/// The count of wrong passphrases for one database file.
#[derive(Clone, Debug)]
pub struct Attempts {
    path: PathBuf,
}

/// What the count file holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Count {
    failures: u32,
    /// Seconds since 1970 of the last wrong passphrase.
    last: u64,
}

impl Attempts {
    /// The count kept beside `db`.
    pub fn beside(db: &Path) -> Attempts {
        let mut name = db.file_name().unwrap_or_default().to_os_string();
        name.push(".attempts");
        Attempts {
            path: db.with_file_name(name),
        }
    }

    /// Where the count is kept.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `Err(UnlockWait)` while the wait after the last wrong passphrase has not passed at `now`.
    /// A clock set back before the last wrong passphrase starts the whole wait again from now
    /// (not from a day that may be months ahead).
    pub fn check(&self, now: SystemTime) -> StoreResult<()> {
        let count = self.read();
        let wait = wait_after(count.failures);
        if wait.is_zero() {
            return Ok(());
        }
        let now = seconds(now);
        if now < count.last {
            self.write(Count {
                failures: count.failures,
                last: now,
            })?;
            return Err(StoreError::UnlockWait {
                failures: count.failures,
                seconds: wait.as_secs(),
            });
        }
        let left = wait.as_secs().saturating_sub(now - count.last);
        if left == 0 {
            return Ok(());
        }
        Err(StoreError::UnlockWait {
            failures: count.failures,
            seconds: left,
        })
    }

    /// Counts a wrong passphrase at `now`.
    pub fn failed(&self, now: SystemTime) -> StoreResult<()> {
        let count = self.read();
        self.write(Count {
            failures: count.failures.saturating_add(1),
            last: seconds(now),
        })
    }

    /// Counts a wrong passphrase at `now`, and answers the wait it costs the next try, if it
    /// costs one (the officer reads "wrong 4 times in a row: try again in 5 s" rather than
    /// "wrong" and then a refusal); `None` when the next try is free. A count that cannot be
    /// written is said as such.
    pub fn failed_and_wait(&self, now: SystemTime) -> Option<StoreError> {
        if let Err(e) = self.failed(now) {
            return Some(e);
        }
        self.check(now).err()
    }

    /// Writes the count whole: beside, synced, then renamed over the old one.
    fn write(&self, count: Count) -> StoreResult<()> {
        use std::io::Write;
        let io = |source| StoreError::Io {
            path: self.path.clone(),
            source,
        };
        let temporary = self.path.with_extension("attempts.new");
        let text = format!("failures={}\nlast={}\n", count.failures, count.last);
        {
            let mut f = std::fs::File::create(&temporary).map_err(io)?;
            f.write_all(text.as_bytes()).map_err(io)?;
            f.sync_all().map_err(io)?;
        }
        std::fs::rename(&temporary, &self.path).map_err(io)
    }

    /// The right passphrase: the count starts again.
    pub fn succeeded(&self) {
        let _ = std::fs::remove_file(&self.path);
    }

    /// Wrong passphrases in a row so far.
    pub fn failures(&self) -> u32 {
        self.read().failures
    }

    /// The count; none when there is no file. A file that does not read as a count (edited by
    /// hand) counts as the free attempts used up when it was last changed, so that editing it
    /// does not clear the wait.
    fn read(&self) -> Count {
        let Ok(text) = std::fs::read_to_string(&self.path) else {
            return Count::default();
        };
        let field = |name: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(name)?.strip_prefix('='))
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        match (field("failures"), field("last")) {
            (Some(failures), Some(last)) => Count {
                failures: u32::try_from(failures).unwrap_or(u32::MAX),
                last,
            },
            _ => Count {
                failures: FREE_ATTEMPTS + 1,
                last: std::fs::metadata(&self.path)
                    .and_then(|m| m.modified())
                    .map_or(0, seconds),
            },
        }
    }
}

fn seconds(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(s: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(s)
    }

    #[test]
    fn three_free_then_five_seconds_doubling_to_fifteen_minutes() {
        let table = [
            (0, 0),
            (1, 0),
            (3, 0),
            (4, 5),
            (5, 10),
            (6, 20),
            (7, 40),
            (8, 80),
            (9, 160),
            (10, 320),
            (11, 640),
            (12, 900),
            (40, 900),
            (u32::MAX, 900),
        ];
        for (failures, secs) in table {
            assert_eq!(wait_after(failures).as_secs(), secs, "{failures}");
        }
    }

    #[test]
    fn the_wait_survives_a_restart_and_the_right_passphrase_ends_it() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("保后.db");
        let t0 = 1_796_000_000; // 2026-11-30
        for i in 0..4 {
            Attempts::beside(&db).check(at(t0 + i)).unwrap();
            Attempts::beside(&db).failed(at(t0 + i)).unwrap();
        }
        assert_eq!(
            Attempts::beside(&db).path(),
            dir.path().join("保后.db.attempts")
        );
        // A new Attempts (the app started again) reads the same count from the file.
        let again = Attempts::beside(&db);
        assert_eq!(again.failures(), 4);
        assert!(matches!(
            again.check(at(t0 + 4)),
            Err(StoreError::UnlockWait {
                failures: 4,
                seconds: 4
            })
        ));
        again.check(at(t0 + 3 + 5)).unwrap();
        again.failed(at(t0 + 8)).unwrap();
        assert!(matches!(
            again.check(at(t0 + 9)),
            Err(StoreError::UnlockWait {
                failures: 5,
                seconds: 9
            })
        ));
        // A clock set back an hour waits the whole wait from then, not the hour.
        assert!(matches!(
            again.check(at(t0 - 3600)),
            Err(StoreError::UnlockWait { seconds: 10, .. })
        ));
        assert!(matches!(
            again.check(at(t0 - 3600 + 4)),
            Err(StoreError::UnlockWait { seconds: 6, .. })
        ));
        again.check(at(t0 - 3600 + 10)).unwrap();
        again.succeeded();
        assert_eq!(Attempts::beside(&db).failures(), 0);
        Attempts::beside(&db).check(at(t0 + 9)).unwrap();
    }

    #[test]
    fn a_count_file_edited_by_hand_does_not_lower_the_wait() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("baohou.db");
        let attempts = Attempts::beside(&db);
        std::fs::write(attempts.path(), "failures=zero\n").unwrap();
        let edited = std::fs::metadata(attempts.path())
            .unwrap()
            .modified()
            .unwrap();
        assert!(matches!(
            attempts.check(edited),
            Err(StoreError::UnlockWait { failures: 4, .. })
        ));
        attempts.check(edited + Duration::from_secs(5)).unwrap();
    }

    proptest! {
        #[test]
        fn the_wait_never_shrinks_as_failures_grow(f in 0u32..1000) {
            prop_assert!(wait_after(f) <= wait_after(f + 1));
            prop_assert!(wait_after(f) <= LONGEST_WAIT);
        }
    }
}
