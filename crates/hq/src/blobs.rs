//! The files head office holds whole and verified, by SHA-256 (content-addressed: a photo in two
//! reports is kept once). The embedded default is `files/` in the data folder; a company with
//! many officers uses an S3-compatible object store (`s3://bucket/prefix`, credentials and
//! endpoint from the standard `AWS_*` environment variables).
//!
//! Files in the middle of an upload are not here: they are staged (`staging`) and arrive here
//! only once their hash is checked.

use crate::error::{HqError, HqResult};
use bytes::Bytes;
use object_store::aws::AmazonS3Builder;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::io::AsyncReadExt;

/// Where whole files are kept.
pub enum Blobs {
    /// A folder, `files/{sha256}`.
    Folder(PathBuf),
    /// An object store, `files/{sha256}` under its prefix.
    Objects(Arc<dyn ObjectStore>),
}

/// Part size for an object-store upload of a large file (S3's minimum part is 5 MiB).
pub(crate) const PART: usize = 8 * 1024 * 1024;

impl Blobs {
    /// The store a URL names: `s3://bucket[/prefix]`.
    pub fn from_url(url: &str) -> HqResult<Blobs> {
        crate::tls::install_crypto();
        if !url.starts_with("s3://") {
            return Err(HqError::Settings(format!(
                "{url}: the object store must be an s3:// URL"
            )));
        }
        let store = AmazonS3Builder::from_env()
            .with_url(url)
            .build()
            .map_err(|e| HqError::Settings(format!("{url}: {e}")))?;
        let prefix = url
            .trim_start_matches("s3://")
            .split_once('/')
            .map(|(_, p)| p.trim_matches('/').to_owned())
            .unwrap_or_default();
        let store: Arc<dyn ObjectStore> = if prefix.is_empty() {
            Arc::new(store)
        } else {
            Arc::new(object_store::prefix::PrefixStore::new(store, prefix))
        };
        Ok(Blobs::Objects(store))
    }

    fn key(sha256: &str) -> ObjectPath {
        ObjectPath::from(format!("files/{}", safe_name(sha256)))
    }

    /// The path of a file in the folder store.
    pub fn folder_path(folder: &Path, sha256: &str) -> PathBuf {
        folder.join(safe_name(sha256))
    }

    /// Whether the file is held whole.
    pub async fn has(&self, sha256: &str) -> HqResult<bool> {
        match self {
            Blobs::Folder(dir) => Ok(tokio::fs::try_exists(Blobs::folder_path(dir, sha256)).await?),
            Blobs::Objects(store) => match store.head(&Blobs::key(sha256)).await {
                Ok(_) => Ok(true),
                Err(object_store::Error::NotFound { .. }) => Ok(false),
                Err(e) => Err(e.into()),
            },
        }
    }

    /// Takes a verified file from the upload folder (the file is gone from there afterwards).
    pub async fn keep(&self, sha256: &str, part: &Path) -> HqResult<()> {
        match self {
            Blobs::Folder(dir) => {
                tokio::fs::rename(part, Blobs::folder_path(dir, sha256)).await?;
                sync_folder(dir).await?;
            }
            Blobs::Objects(_) => {
                let file = tokio::fs::File::open(part).await?;
                self.keep_reader(sha256, file).await?;
                tokio::fs::remove_file(part).await?;
            }
        }
        Ok(())
    }

    /// Keeps a verified file read from `reader` (staged in the database): in the folder written
    /// beside, synced and renamed into place; in the object store put whole, or in parts when
    /// it is larger than one. The bytes are hashed again as they go: when they are not the file
    /// named (the reader changed under it), nothing is kept and the mismatch is the error.
    pub async fn keep_reader(
        &self,
        sha256: &str,
        reader: impl tokio::io::AsyncRead + Unpin + Send,
    ) -> HqResult<()> {
        let mut reader = Hashing::new(reader);
        match self {
            Blobs::Folder(dir) => {
                let (path, file) = tempfile_in(dir, &safe_name(sha256))?;
                let mut file = tokio::fs::File::from_std(file);
                let written = async {
                    tokio::io::copy(&mut reader, &mut file).await?;
                    file.sync_all().await?;
                    reader.check(sha256)?;
                    tokio::fs::rename(&path, Blobs::folder_path(dir, sha256)).await?;
                    sync_folder(dir).await
                }
                .await;
                if written.is_err() {
                    let _ = tokio::fs::remove_file(&path).await;
                }
                written?;
            }
            Blobs::Objects(store) => {
                let key = Blobs::key(sha256);
                let mut buffer = vec![0u8; PART];
                let first = read_full(&mut reader, &mut buffer).await?;
                if first < PART {
                    buffer.truncate(first);
                    reader.check(sha256)?;
                    store.put(&key, PutPayload::from(buffer)).await?;
                } else {
                    let upload = store.put_multipart(&key).await?;
                    let mut writer = WriteMultipart::new_with_chunk_size(upload, PART);
                    writer.write(&buffer);
                    let sent = async {
                        loop {
                            let n = reader.read(&mut buffer).await?;
                            if n == 0 {
                                break;
                            }
                            writer.wait_for_capacity(2).await?;
                            writer.write(&buffer[..n]);
                        }
                        reader.check(sha256)
                    }
                    .await;
                    match sent {
                        // Completed only when the bytes are the file named.
                        Ok(()) => {
                            writer.finish().await?;
                        }
                        Err(e) => {
                            let _ = writer.abort().await;
                            return Err(e);
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Keeps a small file whose bytes are at hand and checked (a document's content and seal,
    /// which came with its manifest). In the folder it is written beside and renamed into place,
    /// so a reader never sees half of it.
    pub async fn keep_bytes(&self, sha256: &str, bytes: Bytes) -> HqResult<()> {
        match self {
            Blobs::Folder(dir) => {
                let target = Blobs::folder_path(dir, sha256);
                let dir = dir.clone();
                let sha = safe_name(sha256);
                tokio::task::spawn_blocking(move || -> HqResult<()> {
                    let mut part = tempfile_in(&dir, &sha)?;
                    std::io::Write::write_all(&mut part.1, &bytes)?;
                    part.1.sync_all()?;
                    std::fs::rename(&part.0, &target)?;
                    sync_folder_now(&dir)?;
                    Ok(())
                })
                .await
                .map_err(|e| HqError::Io(std::io::Error::other(e.to_string())))??;
            }
            Blobs::Objects(store) => {
                store
                    .put(&Blobs::key(sha256), PutPayload::from(bytes))
                    .await?;
            }
        }
        Ok(())
    }

    /// A file as a body served in pieces as they are read (from the folder or the object
    /// store), so that downloading a large PDF costs a buffer, not the file.
    pub async fn stream(&self, sha256: &str) -> HqResult<axum::body::Body> {
        match self {
            Blobs::Folder(dir) => {
                let file = tokio::fs::File::open(Blobs::folder_path(dir, sha256)).await?;
                Ok(axum::body::Body::from_stream(
                    tokio_util::io::ReaderStream::with_capacity(file, 256 * 1024),
                ))
            }
            Blobs::Objects(store) => Ok(axum::body::Body::from_stream(
                store.get(&Blobs::key(sha256)).await?.into_stream(),
            )),
        }
    }

    /// A whole file's bytes (small files: a seal, a document's content).
    pub async fn read(&self, sha256: &str) -> HqResult<Bytes> {
        match self {
            Blobs::Folder(dir) => Ok(tokio::fs::read(Blobs::folder_path(dir, sha256))
                .await?
                .into()),
            Blobs::Objects(store) => Ok(store.get(&Blobs::key(sha256)).await?.bytes().await?),
        }
    }
}

/// A reader that hashes what it reads.
struct Hashing<R> {
    inner: R,
    hasher: sha2::Sha256,
}

impl<R> Hashing<R> {
    fn new(inner: R) -> Hashing<R> {
        Hashing {
            inner,
            hasher: <sha2::Sha256 as sha2::Digest>::new(),
        }
    }

    /// Whether what was read is the file named `sha256`.
    fn check(&self, sha256: &str) -> HqResult<()> {
        let actual = baohou_core::digest::hex(&sha2::Digest::finalize(self.hasher.clone()));
        if actual == sha256 {
            Ok(())
        } else {
            Err(HqError::FileHashMismatch {
                expected: sha256.to_owned(),
                actual,
            })
        }
    }
}

impl<R: tokio::io::AsyncRead + Unpin> tokio::io::AsyncRead for Hashing<R> {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let this = &mut *self;
        let before = buf.filled().len();
        let polled = std::pin::Pin::new(&mut this.inner).poll_read(cx, buf);
        if polled.is_ready() {
            sha2::Digest::update(&mut this.hasher, &buf.filled()[before..]);
        }
        polled
    }
}

/// Syncs a folder, so that a file renamed into it is there after a power cut.
async fn sync_folder(dir: &Path) -> HqResult<()> {
    let dir = dir.to_path_buf();
    tokio::task::spawn_blocking(move || sync_folder_now(&dir))
        .await
        .map_err(|e| HqError::Io(std::io::Error::other(e.to_string())))??;
    Ok(())
}

/// [`sync_folder`] on this thread. On Windows a folder cannot be opened as a file (access
/// denied) nor flushed; NTFS journals the rename itself.
fn sync_folder_now(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Reads until `buffer` is full or the reader ends; the bytes read.
async fn read_full(
    reader: &mut (impl tokio::io::AsyncRead + Unpin),
    buffer: &mut [u8],
) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        let n = reader.read(&mut buffer[filled..]).await?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    Ok(filled)
}

/// A new file beside the kept ones, named for the file it will become and the process and time
/// (two writers of the same bytes never share one).
fn tempfile_in(dir: &Path, sha: &str) -> HqResult<(PathBuf, std::fs::File)> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    let mut raw = [0u8; 8];
    getrandom::fill(&mut raw).map_err(|e| std::io::Error::other(e.to_string()))?;
    let path = dir.join(format!(
        ".{sha}.{}.{nanos}.{}.part",
        std::process::id(),
        u64::from_le_bytes(raw)
    ));
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)?;
    Ok((path, file))
}

/// A path component from a name that came over the network.
pub fn safe_name(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use baohou_core::store::sha256_hex;

    /// Bytes that are not the file named are kept nowhere, in a folder or an object store, small
    /// or in parts; the file's own bytes are.
    #[tokio::test]
    async fn a_reader_whose_bytes_are_not_the_file_named_keeps_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let stores = [
            Blobs::Folder(dir.path().to_path_buf()),
            Blobs::Objects(Arc::new(object_store::memory::InMemory::new())),
        ];
        for blobs in &stores {
            for len in [3000, PART + 1000] {
                let bytes: Vec<u8> = (0..len).map(|i| (i % 241) as u8).collect();
                let named = sha256_hex(&bytes[1..]);
                let kept = blobs.keep_reader(&named, &bytes[..]).await;
                assert!(
                    matches!(kept, Err(HqError::FileHashMismatch { .. })),
                    "{kept:?}"
                );
                assert!(!blobs.has(&named).await.unwrap());
                let sha = sha256_hex(&bytes);
                blobs.keep_reader(&sha, &bytes[..]).await.unwrap();
                assert_eq!(blobs.read(&sha).await.unwrap().as_ref(), &bytes[..]);
            }
        }
        // No part file left beside the kept ones.
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }
}
