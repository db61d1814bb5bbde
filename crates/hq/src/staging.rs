//! Files in the middle of their upload, until the last chunk arrives and the whole file hashes to
//! its SHA-256; then they go to the kept files (`blobs`) and leave here.
//!
//! One head office machine keeps them in its data folder (`uploads/{report}/{sha256}.part`).
//! Head office on PostgreSQL keeps them in PostgreSQL (`upload_chunks`, one row per chunk), so
//! that a company running several instances behind a load balancer can send each chunk of an
//! upload to any of them, and an instance restarted mid-upload loses nothing.
//!
//! Either way a chunk is durable before the caller records its offset, and one request at a time
//! works on a file: each takes a [`Turn`] on it first and holds it until its offset is recorded.
//! In the folder the office's striped locks serve, as only one process writes there; in the
//! database the turn is a PostgreSQL advisory lock held by the turn's own connection (from a
//! pool of its own, so that a turn never waits for a connection another turn holds), released
//! when the turn ends, or with the connection closed if the request is dropped midway.

use crate::blobs::{Blobs, PART, safe_name};
use crate::error::{HqError, HqResult};
use crate::records::to_i64;
use baohou_core::store::sha256_hex;
use bytes::Bytes;
use deadpool_postgres::Pool;
use futures_util::{StreamExt, TryStreamExt};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where uploads in progress are kept.
pub enum Staging {
    /// Part files in the data folder's `uploads/`.
    Folder(PathBuf),
    /// Chunks in PostgreSQL, seen by every head office instance on that database.
    Database(Pool),
}

/// What became of a file whose last chunk arrived.
#[derive(Debug, PartialEq, Eq)]
pub enum Finished {
    /// It hashed to its SHA-256 and is kept.
    Kept,
    /// It hashed to this instead: dropped, to be sent again.
    Mismatch(String),
    /// Nothing whole is staged (another instance kept it meanwhile, or staging lost it).
    Missing,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS upload_chunks (
    document_no TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    at BIGINT NOT NULL,
    bytes BYTEA NOT NULL,
    PRIMARY KEY (document_no, sha256, at)
);
-- A chunk of a photo or a PDF does not compress: not tried.
ALTER TABLE upload_chunks ALTER COLUMN bytes SET STORAGE EXTERNAL;
";

impl Staging {
    /// Staging in PostgreSQL, its table created on first start.
    pub async fn database(pool: Pool) -> HqResult<Staging> {
        pool.get().await?.batch_execute(SCHEMA).await?;
        Ok(Staging::Database(pool))
    }

    /// The turn on one file of a report: in the database, waits for whichever request on any
    /// instance holds it.
    pub async fn turn<'a>(&'a self, document_no: &'a str, sha256: &'a str) -> HqResult<Turn<'a>> {
        let client = match self {
            Staging::Folder(_) => Closing(None),
            Staging::Database(pool) => {
                // Held as a turn's connection from the start: a request dropped while it waits
                // (the laptop gone) closes the connection instead of returning it to the pool
                // with its wait still running there, to take the lock later and keep it.
                let waiting = Closing(Some(pool.get().await?));
                if let Some(client) = &waiting.0 {
                    client
                        .execute(
                            "SELECT pg_advisory_lock($1)",
                            &[&lock_key(document_no, sha256)],
                        )
                        .await?;
                }
                waiting
            }
        };
        Ok(Turn {
            staging: self,
            document_no,
            sha256,
            client,
        })
    }
}

/// One request's turn on one file (see [`Staging::turn`]).
pub struct Turn<'a> {
    staging: &'a Staging,
    document_no: &'a str,
    sha256: &'a str,
    /// The connection holding the file's advisory lock (database staging), closed rather than
    /// returned to its pool if the turn is dropped without [`Turn::end`] (an error, or the
    /// request dropped midway): PostgreSQL releases the lock with it.
    client: Closing,
}

impl Turn<'_> {
    /// Writes `chunk` at `offset` of the staged file, durably, dropping whatever a chunk cut off
    /// earlier left past `offset`. `false` (nothing written) when fewer than `offset` bytes are
    /// staged: staging lost what the records say arrived (a disk replaced, a restore).
    pub async fn write(&mut self, offset: u64, chunk: Bytes) -> HqResult<bool> {
        let (document_no, sha256) = (self.document_no, self.sha256);
        match (self.staging, self.client.0.as_mut()) {
            (Staging::Folder(uploads), _) => {
                let part = part_path(uploads, document_no, sha256);
                blocking(move || write_chunk(&part, offset, &chunk)).await
            }
            (Staging::Database(_), Some(c)) => {
                let t = c.transaction().await?;
                t.execute(
                    "DELETE FROM upload_chunks WHERE document_no = $1 AND sha256 = $2 AND at >= $3",
                    &[&document_no, &sha256, &to_i64(offset)],
                )
                .await?;
                let staged: i64 = t
                    .query_one(
                        "SELECT COALESCE(sum(length(bytes)), 0)::BIGINT FROM upload_chunks
                         WHERE document_no = $1 AND sha256 = $2",
                        &[&document_no, &sha256],
                    )
                    .await?
                    .get(0);
                if staged != to_i64(offset) {
                    return Ok(false);
                }
                t.execute(
                    "INSERT INTO upload_chunks (document_no, sha256, at, bytes) VALUES ($1, $2, $3, $4)",
                    &[&document_no, &sha256, &to_i64(offset), &chunk.as_ref()],
                )
                .await?;
                t.commit().await?;
                Ok(true)
            }
            (Staging::Database(_), None) => Err(ended()),
        }
    }

    /// The file's last chunk arrived: hashes what is staged (`size` bytes) and, when it is the
    /// file named, keeps it in `blobs`; either way the staged copy is gone afterwards.
    pub async fn finish(&mut self, size: u64, blobs: &Blobs) -> HqResult<Finished> {
        let (document_no, sha256) = (self.document_no, self.sha256);
        match (self.staging, self.client.0.as_mut()) {
            (Staging::Folder(uploads), _) => {
                let part = part_path(uploads, document_no, sha256);
                let actual = {
                    let part = part.clone();
                    blocking(move || file_sha256(&part)).await?
                };
                let Some(actual) = actual.filter(|(_, len)| *len == size).map(|(h, _)| h) else {
                    let _ = tokio::fs::remove_file(&part).await;
                    return Ok(Finished::Missing);
                };
                if actual != sha256 {
                    tokio::fs::remove_file(&part).await?;
                    return Ok(Finished::Mismatch(actual));
                }
                blobs.keep(sha256, &part).await?;
                let _ = tokio::fs::remove_dir(part.parent().unwrap_or(uploads)).await;
                Ok(Finished::Kept)
            }
            (Staging::Database(_), Some(c)) => {
                let t = c.transaction().await?;
                let mut hasher = <sha2::Sha256 as sha2::Digest>::new();
                let mut len = 0u64;
                // A file of one object-store part at most is read once and kept from memory.
                let mut held = (size <= PART as u64).then(Vec::new);
                {
                    let mut rows = std::pin::pin!(chunks(&t, document_no, sha256).await?);
                    while let Some(bytes) = rows.try_next().await? {
                        len += bytes.len() as u64;
                        sha2::Digest::update(&mut hasher, &bytes);
                        if let Some(held) = held.as_mut().filter(|_| len <= size) {
                            held.extend_from_slice(&bytes);
                        }
                    }
                }
                let actual = baohou_core::digest::hex(&sha2::Digest::finalize(hasher));
                let finished = if len != size {
                    Finished::Missing
                } else if actual != sha256 {
                    Finished::Mismatch(actual)
                } else if let Some(bytes) = held {
                    blobs.keep_bytes(sha256, bytes.into()).await?;
                    Finished::Kept
                } else {
                    // Read again as it is kept (checked again as it is written: see
                    // `Blobs::keep_reader`).
                    let rows = Box::pin(
                        chunks(&t, document_no, sha256)
                            .await?
                            .map_err(std::io::Error::other),
                    );
                    blobs
                        .keep_reader(sha256, tokio_util::io::StreamReader::new(rows))
                        .await?;
                    Finished::Kept
                };
                t.execute(
                    "DELETE FROM upload_chunks WHERE document_no = $1 AND sha256 = $2",
                    &[&document_no, &sha256],
                )
                .await?;
                t.commit().await?;
                Ok(finished)
            }
            (Staging::Database(_), None) => Err(ended()),
        }
    }

    /// Drops whatever is staged of the file.
    pub async fn discard(&mut self) -> HqResult<()> {
        let (document_no, sha256) = (self.document_no, self.sha256);
        match (self.staging, self.client.0.as_mut()) {
            (Staging::Folder(uploads), _) => {
                match tokio::fs::remove_file(part_path(uploads, document_no, sha256)).await {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                    _ => {}
                }
            }
            (Staging::Database(_), Some(c)) => {
                c.execute(
                    "DELETE FROM upload_chunks WHERE document_no = $1 AND sha256 = $2",
                    &[&document_no, &sha256],
                )
                .await?;
            }
            (Staging::Database(_), None) => return Err(ended()),
        }
        Ok(())
    }

    /// Ends the turn: the lock released, the connection back in its pool.
    pub async fn end(mut self) -> HqResult<()> {
        if let Some(client) = &self.client.0 {
            let key = lock_key(self.document_no, self.sha256);
            // On an error the turn is dropped holding its connection, which closes it: never
            // back to the pool still holding the lock.
            client
                .execute("SELECT pg_advisory_unlock($1)", &[&key])
                .await?;
            // Unlocked: back to its pool.
            drop(self.client.0.take());
        }
        Ok(())
    }
}

/// A pooled connection closed, not returned, when dropped.
struct Closing(Option<deadpool_postgres::Object>);

impl Drop for Closing {
    fn drop(&mut self) {
        if let Some(client) = self.0.take() {
            drop(deadpool_postgres::Object::take(client));
        }
    }
}

/// The advisory lock's key of one file of a report: 60 bits of a digest of both names.
fn lock_key(document_no: &str, sha256: &str) -> i64 {
    let digest = sha256_hex(format!("{document_no}/{sha256}").as_bytes());
    i64::from_str_radix(&digest[..15], 16).unwrap_or(0)
}

/// A turn used after it ended (a mistake in the caller).
fn ended() -> HqError {
    HqError::Io(std::io::Error::other(
        "the upload's turn on the file had ended",
    ))
}

/// The staged chunks of a file in order, as they are read.
async fn chunks<'a>(
    t: &'a deadpool_postgres::Transaction<'_>,
    document_no: &'a str,
    sha256: &'a str,
) -> HqResult<impl futures_util::Stream<Item = Result<Bytes, tokio_postgres::Error>> + 'a> {
    let params: [&(dyn tokio_postgres::types::ToSql + Sync); 2] = [&document_no, &sha256];
    let rows = t
        .query_raw(
            "SELECT bytes FROM upload_chunks WHERE document_no = $1 AND sha256 = $2 ORDER BY at",
            params,
        )
        .await?;
    Ok(rows.map(|row| row.map(|r| Bytes::from(r.get::<_, Vec<u8>>(0)))))
}

fn part_path(uploads: &Path, document_no: &str, sha256: &str) -> PathBuf {
    uploads
        .join(upload_folder(document_no))
        .join(format!("{}.part", safe_name(sha256)))
}

/// Writes a chunk at `offset` of a part file and syncs it. `false` when the part file holds
/// fewer than `offset` bytes (nothing is written then).
fn write_chunk(part: &Path, offset: u64, chunk: &[u8]) -> HqResult<bool> {
    if let Some(folder) = part.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(part)?;
    if f.metadata()?.len() < offset {
        return Ok(false);
    }
    // A chunk cut off earlier may have left bytes past the recorded offset.
    f.set_len(offset)?;
    f.write_all(chunk)?;
    f.sync_all()?;
    Ok(true)
}

/// The SHA-256 and length of a file, read in pieces (a file of hundreds of megabytes is never
/// held whole); `None` when there is no such file.
fn file_sha256(path: &Path) -> HqResult<Option<(String, u64)>> {
    use sha2::Digest;
    use std::io::Read;
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let mut hasher = sha2::Sha256::new();
    let mut buffer = vec![0u8; 256 * 1024];
    let mut len = 0u64;
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        len += n as u64;
        hasher.update(&buffer[..n]);
    }
    Ok(Some((baohou_core::digest::hex(&hasher.finalize()), len)))
}

/// Runs blocking file work off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> HqResult<T> + Send + 'static,
) -> HqResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| HqError::Io(std::io::Error::other(e.to_string())))?
}

/// The folder of a report's uploads in progress: its key as it is when that is a plain name
/// (letters, digits, `-`, and the `~` of a key qualified by its device), otherwise a digest of
/// it, so that two keys never share a folder (`N_7` is not `N~7`).
fn upload_folder(key: &str) -> String {
    if !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '~')
    {
        key.to_owned()
    } else {
        format!("h-{}", sha256_hex(key.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_keys_share_an_upload_folder() {
        assert_eq!(
            upload_folder("BHJC-20261123-K7Q2M-0045-1"),
            "BHJC-20261123-K7Q2M-0045-1"
        );
        assert_eq!(upload_folder("E-1~7"), "E-1~7");
        // What the old folder names made one: a number with `_` (or any other character) and a
        // qualified key.
        assert_ne!(upload_folder("E-1_7"), upload_folder("E-1~7"));
        assert_ne!(upload_folder("E-1/7"), upload_folder("E-1_7"));
        assert!(upload_folder("../E").starts_with("h-"));
        assert!(upload_folder("").starts_with("h-"));
    }

    async fn write(staging: &Staging, no: &str, sha: &str, at: u64, chunk: Bytes) -> bool {
        let mut turn = staging.turn(no, sha).await.unwrap();
        let written = turn.write(at, chunk).await.unwrap();
        turn.end().await.unwrap();
        written
    }

    async fn finish(staging: &Staging, no: &str, sha: &str, size: u64, blobs: &Blobs) -> Finished {
        let mut turn = staging.turn(no, sha).await.unwrap();
        let finished = turn.finish(size, blobs).await.unwrap();
        turn.end().await.unwrap();
        finished
    }

    async fn discard(staging: &Staging, no: &str, sha: &str) {
        let mut turn = staging.turn(no, sha).await.unwrap();
        turn.discard().await.unwrap();
        turn.end().await.unwrap();
    }

    /// A file sent in three chunks, one cut off and sent again, a chunk past what is staged, a
    /// file whose bytes are not its name, and a finish with nothing staged.
    async fn stages_and_keeps(staging: &Staging, blobs: &Blobs) {
        let file: Vec<u8> = (0..2500u32).map(|i| (i * 7 % 251) as u8).collect();
        let sha = sha256_hex(&file);
        let chunk = |a: usize, b: usize| Bytes::copy_from_slice(&file[a..b]);
        assert!(write(staging, "N-1", &sha, 0, chunk(0, 1000)).await);
        // A chunk beyond what is staged writes nothing.
        assert!(!write(staging, "N-1", &sha, 2000, chunk(2000, 2500)).await);
        // A wrong chunk at 1000 (cut off, say), then the right one over it.
        let wrong = Bytes::from(vec![0u8; 1500]);
        assert!(write(staging, "N-1", &sha, 1000, wrong).await);
        assert!(write(staging, "N-1", &sha, 1000, chunk(1000, 2000)).await);
        assert!(write(staging, "N-1", &sha, 2000, chunk(2000, 2500)).await);
        assert_eq!(
            finish(staging, "N-1", &sha, 2500, blobs).await,
            Finished::Kept
        );
        assert_eq!(blobs.read(&sha).await.unwrap().as_ref(), &file[..]);
        // Gone from staging: a second finish (another request's) finds nothing.
        assert_eq!(
            finish(staging, "N-1", &sha, 2500, blobs).await,
            Finished::Missing
        );

        // Bytes that are not the file named: dropped, nothing kept.
        let other = sha256_hex(b"other");
        assert!(write(staging, "N-2", &other, 0, chunk(0, 5)).await);
        assert_eq!(
            finish(staging, "N-2", &other, 5, blobs).await,
            Finished::Mismatch(sha256_hex(&file[..5]))
        );
        assert!(!blobs.has(&other).await.unwrap());
        assert!(write(staging, "N-2", &other, 0, chunk(0, 3)).await);
        discard(staging, "N-2", &other).await;
        assert!(!write(staging, "N-2", &other, 3, chunk(3, 5)).await);

        // A file larger than an object-store part, in 1 MiB chunks: kept whole.
        let large: Vec<u8> = (0..PART + 1_500_000)
            .map(|i| (i * 13 % 253) as u8)
            .collect();
        let sha = sha256_hex(&large);
        for (i, piece) in large.chunks(1 << 20).enumerate() {
            let at = (i << 20) as u64;
            let piece = Bytes::copy_from_slice(piece);
            assert!(write(staging, "N-3", &sha, at, piece).await);
        }
        let size = large.len() as u64;
        assert_eq!(
            finish(staging, "N-3", &sha, size, blobs).await,
            Finished::Kept
        );
        assert_eq!(blobs.read(&sha).await.unwrap().as_ref(), &large[..]);
    }

    /// The kept files in a folder and in an object store (in memory).
    fn both_blobs(dir: &Path) -> [Blobs; 2] {
        let files = dir.join("files");
        std::fs::create_dir_all(&files).unwrap();
        [
            Blobs::Folder(files),
            Blobs::Objects(std::sync::Arc::new(object_store::memory::InMemory::new())),
        ]
    }

    #[tokio::test]
    async fn the_folder_stages_a_file_until_it_hashes_to_its_name() {
        for blobs in both_blobs(tempfile::tempdir().unwrap().path()) {
            let dir = tempfile::tempdir().unwrap();
            let staging = Staging::Folder(dir.path().join("uploads"));
            stages_and_keeps(&staging, &blobs).await;
        }
    }

    /// The same with PostgreSQL (`BAOHOU_TEST_PG`, scripts/test.sh).
    #[tokio::test]
    #[ignore = "needs PostgreSQL: BAOHOU_TEST_PG (scripts/test.sh)"]
    async fn postgresql_stages_a_file_until_it_hashes_to_its_name() {
        let server = std::env::var("BAOHOU_TEST_PG").expect("BAOHOU_TEST_PG");
        let url = crate::records::postgres::create_scratch_database(&server, "staging")
            .await
            .unwrap();
        let records = crate::records::postgres::PgRecords::connect(&url, None)
            .await
            .unwrap();
        let staging = Staging::database(records.staging_pool()).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        for blobs in both_blobs(dir.path()) {
            stages_and_keeps(&staging, &blobs).await;
        }
    }

    /// Two instances on one database (two pools): while one holds its turn on a file the other
    /// waits for it, also when the holder's request is dropped without ending its turn; another
    /// file is not held up.
    #[tokio::test]
    #[ignore = "needs PostgreSQL: BAOHOU_TEST_PG (scripts/test.sh)"]
    async fn postgresql_turns_keep_two_instances_off_one_file_at_once() {
        use std::time::Duration;
        let server = std::env::var("BAOHOU_TEST_PG").expect("BAOHOU_TEST_PG");
        let url = crate::records::postgres::create_scratch_database(&server, "turns")
            .await
            .unwrap();
        let instance = || async {
            let records = crate::records::postgres::PgRecords::connect(&url, None)
                .await
                .unwrap();
            Staging::database(records.staging_pool()).await.unwrap()
        };
        let (a, b) = (instance().await, instance().await);
        let held = a.turn("N-1", "f").await.unwrap();
        // The second instance waits; its request given up while waiting (the laptop gone) leaves
        // no lock behind (checked at the end: the file is free once its holders are gone).
        let waiting = tokio::time::timeout(Duration::from_millis(300), b.turn("N-1", "f")).await;
        assert!(waiting.is_err(), "the second instance waited");
        let other = tokio::time::timeout(Duration::from_secs(5), b.turn("N-1", "g")).await;
        other
            .expect("another file is free")
            .unwrap()
            .end()
            .await
            .unwrap();
        held.end().await.unwrap();
        let next = tokio::time::timeout(Duration::from_secs(5), b.turn("N-1", "f")).await;
        let next = next.expect("free once the turn ended").unwrap();
        // Dropped, not ended: its connection closes and the lock goes with it.
        drop(next);
        let after = tokio::time::timeout(Duration::from_secs(5), a.turn("N-1", "f")).await;
        after
            .expect("free once the holder is gone")
            .unwrap()
            .end()
            .await
            .unwrap();
    }
}
