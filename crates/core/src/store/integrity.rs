//! The whole-file check made when a database is opened. `PRAGMA quick_check` reads every page
//! (SQLCipher verifies each page's HMAC as it decrypts it) and walks every b-tree, so a damaged
//! or altered file is found before anything is written to it.
//!
//! [`Store::open`] checks before it returns. The desktop app unlocks with
//! [`Store::open_checking_beside`]: the check runs on a connection of its own while the first
//! screen is read, and the store's connection stays read-only (`PRAGMA query_only`) until the
//! check has passed. Every write waits for it ([`Store::in_transaction`] and the session's
//! writers call [`Store::integrity`]); a file that fails is refused, unwritten. On a large file
//! the check takes a second, which the officer would otherwise wait for at every unlock.

use super::{Store, StoreError, StoreResult};
use crate::store::DbKey;
use rusqlite::{Connection, OpenFlags};
use std::cell::RefCell;
use std::path::Path;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// Runs `PRAGMA quick_check` on `conn`: `Ok` when the file is whole.
pub(super) fn quick_check(conn: &Connection, path: &Path) -> StoreResult<()> {
    let check: String = conn
        .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
        .map_err(|e| StoreError::from_sqlite_at(path, e))?;
    if check == "ok" {
        Ok(())
    } else {
        Err(StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: check,
        })
    }
}

/// Where the open-time check of a store stands.
pub(super) struct IntegrityCheck {
    state: RefCell<State>,
    /// The thread running the check, and how to stop it: a store closed meanwhile (locked, or
    /// the app quitting) stops it and waits for it, so no check outlives its store.
    running: Option<(std::thread::JoinHandle<()>, rusqlite::InterruptHandle)>,
}

impl std::fmt::Debug for IntegrityCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IntegrityCheck")
            .field("state", &self.state)
            .finish()
    }
}

impl Drop for IntegrityCheck {
    fn drop(&mut self) {
        if let Some((thread, interrupt)) = self.running.take() {
            interrupt.interrupt();
            let _ = thread.join();
        }
    }
}

#[derive(Debug)]
enum State {
    /// Running on its own thread; the answer comes on the channel.
    Running(Receiver<Result<(), String>>),
    /// Passed, and the store's connection may write.
    Passed,
    /// Failed: why, kept to refuse every later question.
    Failed(String),
}

impl IntegrityCheck {
    /// A check already made (before the store was returned).
    pub(super) fn passed() -> IntegrityCheck {
        IntegrityCheck {
            state: RefCell::new(State::Passed),
            running: None,
        }
    }

    /// Starts the check of the file at `path` on a thread with a connection of its own.
    pub(super) fn start(path: &Path, key: &DbKey) -> StoreResult<IntegrityCheck> {
        let conn = own_connection(path, key)?;
        let interrupt = conn.get_interrupt_handle();
        let (answer, receiver) = channel();
        let path = path.to_path_buf();
        let thread = std::thread::spawn(move || {
            let outcome = quick_check(&conn, &path).map_err(|e| match e {
                StoreError::Corrupt { detail, .. } => detail,
                other => other.to_string(),
            });
            // The store may be closed meanwhile: nobody is waiting then.
            let _ = answer.send(outcome);
        });
        Ok(IntegrityCheck {
            state: RefCell::new(State::Running(receiver)),
            running: Some((thread, interrupt)),
        })
    }

    /// The check's outcome, waiting for it when `wait`; `None` while it runs and `wait` is false.
    fn settle(&self, wait: bool) -> Option<Result<(), String>> {
        let mut state = self.state.borrow_mut();
        let outcome = match &*state {
            State::Passed => return Some(Ok(())),
            State::Failed(detail) => return Some(Err(detail.clone())),
            State::Running(receiver) if wait => receiver
                .recv()
                .unwrap_or_else(|_| Err("the check stopped before it finished".into())),
            State::Running(receiver) => match receiver.try_recv() {
                Ok(outcome) => outcome,
                Err(TryRecvError::Empty) => return None,
                Err(TryRecvError::Disconnected) => {
                    Err("the check stopped before it finished".into())
                }
            },
        };
        *state = match &outcome {
            Ok(()) => State::Passed,
            Err(detail) => State::Failed(detail.clone()),
        };
        Some(outcome)
    }
}

/// A read-only connection of the check's own to the file at `path`.
fn own_connection(path: &Path, key: &DbKey) -> StoreResult<Connection> {
    let at = |e| StoreError::from_sqlite_at(path, e);
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(at)?;
    super::apply_key(&conn, key, path)?;
    conn.pragma_update(None, "query_only", "ON").map_err(at)?;
    Ok(conn)
}

impl Store {
    /// Opens like [`Store::open`], but checks the whole file beside, on a connection of its own,
    /// when it needs no upgrade: the store is returned at once, read-only until the check
    /// passes (see [`Store::integrity`]). A file to upgrade is checked first, as by `open`.
    pub fn open_checking_beside(
        path: impl AsRef<Path>,
        mode: super::OpenMode,
        key: &DbKey,
    ) -> StoreResult<Store> {
        let path = path.as_ref().to_path_buf();
        let exists = super::check_file(&path, mode)?;
        let conn = super::open_keyed(&path, exists, key)?;
        Store::prepare(conn, path, Some(key))
    }

    /// Whether the file passed its open-time check: waits for it when `wait` (before a write),
    /// else `Ok` while it still runs (a read: a damaged page fails its own read anyway). Once
    /// it has passed, the connection may write; once it has failed, every call is refused.
    /// Whether the store takes no writes yet (its open-time check still running): what caches
    /// derived from it ask before keeping anything.
    pub(crate) fn read_only(&self) -> StoreResult<bool> {
        Ok(self
            .conn
            .pragma_query_value(None, "query_only", |r| r.get::<_, bool>(0))?)
    }

    pub fn integrity(&self, wait: bool) -> StoreResult<()> {
        let was_running = matches!(*self.integrity.state.borrow(), State::Running(_));
        match self.integrity.settle(wait) {
            None => Ok(()),
            Some(Ok(())) => {
                if was_running {
                    self.conn
                        .pragma_update(None, "query_only", "OFF")
                        .map_err(|e| StoreError::from_sqlite_at(&self.path, e))?;
                }
                Ok(())
            }
            Some(Err(detail)) => Err(StoreError::Corrupt {
                path: self.path.clone(),
                detail,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{OpenMode, test_key};
    use std::path::PathBuf;

    /// A demo database of some size, closed; its pristine bytes.
    fn demo_file(dir: &Path) -> (PathBuf, Vec<u8>) {
        let path = dir.join("demo.sqlite3");
        {
            let mut store = Store::open(&path, OpenMode::CreateOrUpgrade, &test_key()).unwrap();
            let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
            crate::demo::write_demo(&mut store, day).unwrap();
        }
        let bytes = std::fs::read(&path).unwrap();
        (path, bytes)
    }

    #[test]
    fn a_whole_file_opens_read_only_until_its_check_passes_then_writes() {
        let dir = tempfile::tempdir().unwrap();
        let (path, _) = demo_file(dir.path());
        let mut store =
            Store::open_checking_beside(&path, OpenMode::Existing, &test_key()).unwrap();
        // Reads answer at once.
        assert!(store.guarantee_summaries().unwrap().len() > 30);
        // A write waits for the check, then goes through.
        store
            .in_transaction(|tx| {
                tx.execute(
                    "INSERT INTO store_meta (key, value) VALUES ('checked', 'yes')",
                    [],
                )?;
                Ok(())
            })
            .unwrap();
        assert_eq!(store.meta("checked").unwrap().as_deref(), Some("yes"));
        store.set_meta("again", "yes").unwrap();
        assert!(store.integrity(false).is_ok());
    }

    #[test]
    fn a_write_before_the_check_passed_is_refused_by_sqlite_itself() {
        let dir = tempfile::tempdir().unwrap();
        let (path, _) = demo_file(dir.path());
        let store = Store::open_checking_beside(&path, OpenMode::Existing, &test_key()).unwrap();
        // Whatever the check's progress, nobody asked it: the connection is still read-only.
        let err = store.set_meta("early", "yes").unwrap_err();
        assert!(err.to_string().contains("readonly"), "{err}");
    }

    #[test]
    fn a_damaged_page_far_into_the_file_is_found_beside_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let (path, pristine) = demo_file(dir.path());
        let pages = pristine.len() / 4096;
        // A page near the end, which opening the store and listing the portfolio do not read.
        let mut damaged = 0;
        for page in (pages * 9 / 10..pages).rev() {
            let mut bytes = pristine.clone();
            bytes[page * 4096 + 1000] ^= 0x01;
            std::fs::write(&path, &bytes).unwrap();
            let Ok(mut store) = Store::open_checking_beside(&path, OpenMode::Existing, &test_key())
            else {
                continue;
            };
            let err = store
                .in_transaction(|tx| {
                    tx.execute("INSERT INTO store_meta (key, value) VALUES ('x', 'y')", [])?;
                    Ok(())
                })
                .unwrap_err();
            assert!(
                matches!(err, StoreError::Corrupt { .. }),
                "page {page}: {err}"
            );
            assert!(matches!(
                store.integrity(false),
                Err(StoreError::Corrupt { .. })
            ));
            assert!(store.set_meta("x", "y").is_err());
            drop(store);
            assert_eq!(std::fs::read(&path).unwrap(), bytes, "page {page}: written");
            damaged += 1;
        }
        assert!(damaged > 0, "no page opened beside: {pages} pages");
    }
}
