//! What head office takes from one laptop at a time: the server's settings for a document's
//! files, a request's body and time, and how many requests one laptop may have in progress.
//! Every refusal is a sentence the laptop shows (`refusal`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The largest request body: one chunk of a file, or a manifest.
pub const MAX_BODY: usize = 8 * 1024 * 1024;

/// Head office's bounds on what a laptop sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest file a manifest may declare (a photo, a PDF, a document's content).
    pub max_file_bytes: u64,
    /// The most files one document may have.
    pub max_files: usize,
    /// All of a document's files together.
    pub max_document_bytes: u64,
    /// The longest file name, in characters.
    pub max_name_chars: usize,
    /// How long a laptop may take to send one request's body (a chunk of at most 8 MiB): a
    /// connection that trickles is cut, not held.
    pub body_timeout: Duration,
    /// How many requests one device may have in progress at once; more are refused (429) and
    /// retried by the laptop after its backoff.
    pub device_requests: usize,
    /// Days a staff token (the review page's, the core system's) is good for after it was made;
    /// then `baohou-hq staff add` makes a new one.
    pub staff_token_days: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            // A phone's photo is at most ~30 MB; a report's PDF with its photos rarely 100 MB.
            max_file_bytes: 256 << 20,
            // A visit's photos (the app takes at most a few hundred) and the PDF, content, seal.
            max_files: 1_000,
            max_document_bytes: 4 << 30,
            max_name_chars: 255,
            body_timeout: Duration::from_secs(120),
            device_requests: 4,
            staff_token_days: 90,
        }
    }
}

/// Each device's turns: a semaphore per device, made when it first calls.
#[derive(Default)]
pub struct Turns {
    by_device: Mutex<HashMap<i64, Arc<Semaphore>>>,
}

impl Turns {
    /// One of the device's turns, or `None` when all of them are taken.
    pub fn take(&self, device: i64, limit: usize) -> Option<OwnedSemaphorePermit> {
        let semaphore = {
            let mut map = self.by_device.lock().unwrap_or_else(|e| e.into_inner());
            map.entry(device)
                .or_insert_with(|| Arc::new(Semaphore::new(limit.max(1))))
                .clone()
        };
        semaphore.try_acquire_owned().ok()
    }
}
