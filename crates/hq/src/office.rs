//! Head office as the API sees it: authentication, the upload rules (idempotent opening, chunks
//! at the right offset, a file verified before it is kept, a report complete only when all its
//! files are), over the records (`records`) and the whole files (`blobs`).
//!
//! A chunk is staged (`staging`: the data folder, or PostgreSQL when the records are there) and
//! durable before its offset is recorded, so a crash or a restart never records bytes that are
//! not kept.

use crate::blobs::Blobs;
use crate::error::{HqError, HqResult};
use crate::limits::{Limits, Turns};
use crate::records::postgres::PgRecords;
use crate::records::sqlite::SqliteRecords;
use crate::records::{
    AuditAnchor, CodeRegistration, DeviceRecord, MAX_CODES_PER_DEVICE, NewReport, Opened, Records,
};
use crate::review::{
    NewReview, ReportDetail, ReportFile, ReportFilter, ReportSummary, ReviewRefusal, ReviewState,
    Staff, StaffRole, next_stage,
};
use crate::staging::{Finished, Staging, Turn};
use baohou_core::numbering::{self, LaptopCode};
use baohou_core::protocol::{
    AgendaAck, AgendaReport, AuditHead, Change, FileKind, MAX_OVERDUE_LINES, Manifest,
    ReportStatus, UPDATES_PAGE, Update, Updates,
};
use baohou_core::sealed::seal::{ReportSeal, SealError};
use baohou_core::store::sha256_hex;
use baohou_core::sync::claims;
use bytes::Bytes;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where head office keeps its records and files.
#[derive(Clone, Debug, Default)]
pub struct Storage {
    /// The data folder: the SQLite records, uploads in progress and the files unless
    /// `database` (records and uploads in progress) and `objects` (files) say otherwise.
    pub data: PathBuf,
    /// A PostgreSQL URL for the records.
    pub database: Option<String>,
    /// The certificate authority (PEM) PostgreSQL's certificate is checked against, instead of
    /// the system's roots.
    pub database_ca: Option<PathBuf>,
    /// An `s3://bucket/prefix` URL for the files.
    pub objects: Option<String>,
}

impl Storage {
    /// The embedded default: everything in one data folder.
    pub fn folder(data: &Path) -> Storage {
        Storage {
            data: data.to_path_buf(),
            ..Storage::default()
        }
    }
}

/// An authenticated laptop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Device {
    pub id: i64,
    pub officer: String,
}

/// Striped locks so that two requests never append to one file at once.
const STRIPES: usize = 64;

pub struct HeadOffice {
    records: Arc<dyn Records>,
    blobs: Blobs,
    staging: Staging,
    stripes: Vec<tokio::sync::Mutex<()>>,
    limits: Limits,
    turns: Turns,
}

impl HeadOffice {
    /// Opens (creating) the storage.
    pub async fn open(storage: &Storage) -> HqResult<HeadOffice> {
        let (records, staging): (Arc<dyn Records>, Staging) = match &storage.database {
            Some(url) => {
                let records = PgRecords::connect(url, storage.database_ca.as_deref()).await?;
                let staging = Staging::database(records.staging_pool()).await?;
                (Arc::new(records), staging)
            }
            None => {
                let uploads = storage.data.join("uploads");
                std::fs::create_dir_all(&uploads)?;
                let records = SqliteRecords::open(&storage.data.join("hq.sqlite3"))?;
                (Arc::new(records), Staging::Folder(uploads))
            }
        };
        let blobs = match &storage.objects {
            Some(url) => Blobs::from_url(url)?,
            None => {
                let files = storage.data.join("files");
                std::fs::create_dir_all(&files)?;
                Blobs::Folder(files)
            }
        };
        Ok(HeadOffice {
            records,
            blobs,
            staging,
            stripes: (0..STRIPES).map(|_| tokio::sync::Mutex::new(())).collect(),
            limits: Limits::default(),
            turns: Turns::default(),
        })
    }

    /// The same head office under other bounds (the server's settings).
    pub fn with_limits(mut self, limits: Limits) -> HeadOffice {
        self.limits = limits;
        self
    }

    /// What head office takes from one laptop.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Each device's turns (see `guard`).
    pub(crate) fn turns(&self) -> &Turns {
        &self.turns
    }

    /// Enrolls a laptop for `officer` and returns its token (shown once; only its hash is kept).
    pub async fn enroll(&self, officer: &str, label: &str) -> HqResult<String> {
        if officer.trim().is_empty() {
            return Err(HqError::BadRequest("an officer's name is needed".into()));
        }
        let token = new_token("bh")?;
        self.records
            .add_device(&sha256_hex(token.as_bytes()), officer.trim(), label)
            .await?;
        Ok(token)
    }

    /// Revokes a device: its token is refused from now on. `false` when there is no such device
    /// or it was revoked already.
    pub async fn revoke(&self, device_id: i64) -> HqResult<bool> {
        self.records.revoke_device(device_id).await
    }

    /// Every enrolled device.
    pub async fn devices(&self) -> HqResult<Vec<DeviceRecord>> {
        self.records.devices().await
    }

    /// Assigns a guarantee to an officer.
    pub async fn assign(&self, officer: &str, contract_no: &str) -> HqResult<()> {
        self.records
            .assign(officer.trim(), contract_no.trim())
            .await
    }

    /// The device a bearer token belongs to.
    pub async fn device(&self, token: &str) -> HqResult<Device> {
        match self
            .records
            .device_by_token(&sha256_hex(token.as_bytes()))
            .await?
        {
            None => Err(HqError::Unauthorized),
            Some(d) if d.revoked_at.is_some() => Err(HqError::Revoked),
            Some(d) => Ok(Device {
                id: d.id,
                officer: d.officer,
            }),
        }
    }

    /// The records, for the views built beside (`company`).
    pub(crate) fn records(&self) -> &dyn Records {
        self.records.as_ref()
    }

    /// Keeps a laptop's newest agenda report, and anchors its audit chain.
    pub async fn put_agenda(&self, device: &Device, report: &AgendaReport) -> HqResult<AgendaAck> {
        if report.overdue.len() > MAX_OVERDUE_LINES {
            return Err(HqError::BadRequest(format!(
                "an agenda of {} overdue lines (at most {MAX_OVERDUE_LINES})",
                report.overdue.len()
            )));
        }
        let json = serde_json::to_string(report)
            .map_err(|e| HqError::BadRequest(format!("the agenda: {e}")))?;
        self.records
            .put_agenda(device.id, &report.as_of.to_string(), &json)
            .await?;
        match &report.audit {
            Some(sent) => self.anchor_audit(device, sent).await,
            None => Ok(AgendaAck::default()),
        }
    }

    /// Checks that the device's audit chain still runs through the one head office holds, and
    /// keeps the new one; answers the length the device should vouch for next time.
    ///
    /// The device vouches with its own entry at the length it was last acknowledged. When it
    /// names another length (an acknowledgement lost on the way, or no record of one) head
    /// office does not move its anchor and asks for the held length instead; failing that a
    /// second time, or showing another hash there, or a chain shorter than the held one, is a
    /// break: recorded with its reason, shown beside the laptop, and the new chain anchored.
    async fn anchor_audit(&self, device: &Device, sent: &AuditHead) -> HqResult<AgendaAck> {
        let hex64 = |h: &str| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit());
        if !hex64(&sent.head) || sent.anchored.as_ref().is_some_and(|p| !hex64(&p.hash)) {
            return Err(HqError::BadRequest(
                "the audit chain's hashes must be 64 hex digits".into(),
            ));
        }
        let entries = i64::try_from(sent.entries)
            .map_err(|_| HqError::BadRequest("the audit chain's length".into()))?;
        let broken = match self.records.audit_anchor(device.id).await? {
            None => None,
            Some(held) => match audit_break(&held, sent) {
                AuditCheck::Extends => None,
                AuditCheck::Broken(reason) => Some(reason),
                AuditCheck::Unanswered if held.asked => Some(format!(
                    "第二次同步仍未出示总部所存的第 {} 条记录",
                    held.entries
                )),
                AuditCheck::Unanswered => {
                    self.records.ask_audit(device.id).await?;
                    return Ok(AgendaAck {
                        audit_entries: u64::try_from(held.entries).ok(),
                    });
                }
            },
        };
        self.records
            .set_audit_anchor(device.id, entries, &sent.head, broken.as_deref())
            .await?;
        Ok(AgendaAck {
            audit_entries: Some(sent.entries),
        })
    }

    /// Records the laptop code a device's database carries; refused (with nothing recorded)
    /// when another device holds it, so that enrolled laptops never share a code.
    pub async fn register_code(&self, device: &Device, code: &LaptopCode) -> HqResult<()> {
        match self
            .records
            .register_code(device.id, &device.officer, code.as_str())
            .await?
        {
            CodeRegistration::Registered => Ok(()),
            CodeRegistration::Taken => Err(HqError::LaptopCodeTaken(code.clone())),
            CodeRegistration::TooMany => Err(HqError::BadRequest(format!(
                "这台电脑已登记 {MAX_CODES_PER_DEVICE} 个本机编号，不再登记新的：请联系总部管理员"
            ))),
        }
    }

    /// Opens a report for upload, or answers what is held of it. `Ok((true, _))` when new.
    ///
    /// Nothing is recorded unless the manifest states what the sealed content states, lists
    /// only the sealed files, carries a seal by the key the device is bound to, and names a
    /// guarantee assigned to the device's officer. The report is filed under the device's
    /// officer, whatever the upload says.
    pub async fn open_report(
        &self,
        device: &Device,
        key: &str,
        manifest: &Manifest,
    ) -> HqResult<(bool, ReportStatus)> {
        if key != manifest.document_no {
            return Err(HqError::BadRequest(
                "the Idempotency-Key must be the report's document number".into(),
            ));
        }
        check_manifest(manifest, &self.limits)?;
        let checked = claims::check_upload(manifest).map_err(|error| HqError::Upload {
            document_no: manifest.document_no.clone(),
            error,
        })?;
        let fingerprint = manifest.fingerprint();
        // A number carrying another laptop's registered code is that laptop's: this device's
        // report of it (a copied database, or a lie) is recorded apart, the number left free.
        let apart = match numbering::code_in(&manifest.document_no) {
            Some(code) => self
                .records
                .code_holder(code.as_str())
                .await?
                .is_some_and(|holder| holder != device.id),
            None => false,
        };
        let existing = self
            .records
            .report_key(device.id, &manifest.document_no)
            .await?;
        // Which files head office holds already matters only for a new report (a retry's
        // report is recorded): no object-store lookups on every retry.
        let mut held = HashSet::new();
        if existing.is_none() {
            if let Some(bound) = self.records.device_key(device.id).await? {
                checked
                    .seal
                    .verify_key(&bound)
                    .map_err(|e| HqError::Upload {
                        document_no: manifest.document_no.clone(),
                        error: e.into(),
                    })?;
            }
            let assigned = self
                .records
                .assigned_officers(&checked.claims.contract_no)
                .await?;
            if !assigned.contains(&device.officer) {
                return Err(HqError::NotAssigned {
                    officer: device.officer.clone(),
                    contract_no: checked.claims.contract_no.clone(),
                });
            }
            // The content and the seal came with the manifest and are checked: kept now, not
            // sent again.
            if let Some(sealed) = &manifest.sealed {
                for bytes in [&sealed.content, &sealed.seal] {
                    let sha = sha256_hex(bytes.as_bytes());
                    if !self.blobs.has(&sha).await? {
                        self.blobs
                            .keep_bytes(&sha, Bytes::copy_from_slice(bytes.as_bytes()))
                            .await?;
                    }
                }
            }
            // At most `max_files` lookups, eight at a time (an object store answers each over
            // the network).
            let shas: Vec<&str> = manifest.files.iter().map(|f| f.sha256.as_str()).collect();
            let mut found = Vec::with_capacity(shas.len());
            for batch in shas.chunks(8) {
                let answers =
                    futures_util::future::try_join_all(batch.iter().map(|sha| self.blobs.has(sha)))
                        .await?;
                found.extend(batch.iter().zip(answers).map(|(sha, has)| (*sha, has)));
            }
            held.extend(
                found
                    .into_iter()
                    .filter(|(_, has)| *has)
                    .map(|(sha, _)| sha.to_owned()),
            );
        }
        let json = serde_json::to_string(manifest)
            .map_err(|e| HqError::BadRequest(format!("the manifest: {e}")))?;
        let opened = self
            .records
            .open_report(NewReport {
                device_id: device.id,
                officer: &device.officer,
                manifest,
                manifest_json: &json,
                fingerprint: &fingerprint,
                held: &held,
                evidence: manifest
                    .kind
                    .is_inspection_report()
                    .then_some(checked.claims.evidence),
                apart,
            })
            .await?;
        let (created, stored) = match opened {
            Opened::Created { key } => (true, key),
            Opened::Held {
                key,
                fingerprint: f,
            } if f == fingerprint => (false, key),
            Opened::Held { .. } => {
                return Err(HqError::KeyReused {
                    key: key.to_owned(),
                });
            }
            Opened::NotAssigned => {
                return Err(HqError::NotAssigned {
                    officer: device.officer.clone(),
                    contract_no: manifest.contract_no.clone(),
                });
            }
        };
        let status = self.status_of(&stored, key).await?;
        Ok((created, status))
    }

    /// What is held of a report uploaded by `device`.
    pub async fn status(&self, device: &Device, document_no: &str) -> HqResult<ReportStatus> {
        let stored = self.key_of(device, document_no).await?;
        self.status_of(&stored, document_no).await
    }

    /// `(received, size)` of one file of a report.
    pub async fn offset(
        &self,
        device: &Device,
        document_no: &str,
        sha256: &str,
    ) -> HqResult<(u64, u64)> {
        let stored = self.key_of(device, document_no).await?;
        let f = self.progress(&stored, sha256).await?;
        Ok((f.offset, f.size))
    }

    /// Appends one chunk at `offset`. The chunk is on disk before its offset is recorded; a file
    /// received whole is verified against its SHA-256 (and dropped, to be sent again, if wrong)
    /// before it is kept. Returns the new offset.
    pub async fn append(
        &self,
        device: &Device,
        document_no: &str,
        sha256: &str,
        offset: u64,
        chunk: Bytes,
    ) -> HqResult<u64> {
        let stored = self.key_of(device, document_no).await?;
        let document_no = stored.as_str();
        let _local = self.stripes[stripe(document_no, sha256)].lock().await;
        // No other request on any instance works on this file until this one's offset is
        // recorded.
        let mut turn = self.staging.turn(document_no, sha256).await?;
        let appended = self
            .append_in_turn(&mut turn, document_no, sha256, offset, chunk)
            .await;
        let ended = turn.end().await;
        let end = appended?;
        ended?;
        Ok(end)
    }

    /// [`HeadOffice::append`] while holding the file's turn.
    async fn append_in_turn(
        &self,
        turn: &mut Turn<'_>,
        document_no: &str,
        sha256: &str,
        offset: u64,
        chunk: Bytes,
    ) -> HqResult<u64> {
        let f = self.progress(document_no, sha256).await?;
        if f.verified || offset != f.offset {
            return Err(HqError::WrongOffset {
                expected: f.offset,
                sent: offset,
            });
        }
        let end = offset + chunk.len() as u64;
        if end > f.size {
            return Err(HqError::BadRequest(format!(
                "the chunk ends at byte {end} of a {}-byte file",
                f.size
            )));
        }
        // A file sent whole in one chunk (most photos, the PDF) is checked in memory and kept
        // as it is: nothing staged.
        if offset == 0 && end == f.size {
            let actual = sha256_hex(&chunk);
            if actual != sha256 {
                return Err(HqError::FileHashMismatch {
                    expected: sha256.to_owned(),
                    actual,
                });
            }
            if !self.blobs.has(sha256).await? {
                self.blobs.keep_bytes(sha256, chunk).await?;
            }
            // What an earlier attempt in pieces may have left.
            turn.discard().await?;
            return self.moved(document_no, sha256, f.offset, end, true).await;
        }
        if !turn.write(offset, chunk).await? {
            // Staging lost what the records say arrived (a disk replaced, a restore). If the
            // file was kept meanwhile, it is done; otherwise it starts again from 0.
            let (to, verified) = if self.blobs.has(sha256).await? {
                (f.size, true)
            } else {
                (0, false)
            };
            turn.discard().await?;
            self.records
                .move_offset(document_no, sha256, f.offset, to, verified)
                .await?;
            return Err(HqError::WrongOffset {
                expected: to,
                sent: offset,
            });
        }
        let mut verified = false;
        if end == f.size {
            match turn.finish(f.size, &self.blobs).await? {
                Finished::Kept => verified = true,
                // Another instance kept it between this one's write and finish.
                Finished::Missing if self.blobs.has(sha256).await? => verified = true,
                Finished::Missing => {
                    self.records
                        .move_offset(document_no, sha256, f.offset, 0, false)
                        .await?;
                    return Err(HqError::WrongOffset {
                        expected: 0,
                        sent: offset,
                    });
                }
                Finished::Mismatch(actual) => {
                    self.records
                        .move_offset(document_no, sha256, f.offset, 0, false)
                        .await?;
                    return Err(HqError::FileHashMismatch {
                        expected: sha256.to_owned(),
                        actual,
                    });
                }
            }
        }
        self.moved(document_no, sha256, f.offset, end, verified)
            .await
    }

    /// Records a file's offset moved from `from` to `to` (received whole and checked when
    /// `verified`); when another request moved it first, the offset it stands at.
    async fn moved(
        &self,
        document_no: &str,
        sha256: &str,
        from: u64,
        to: u64,
        verified: bool,
    ) -> HqResult<u64> {
        if !self
            .records
            .move_offset(document_no, sha256, from, to, verified)
            .await?
        {
            let now = self.progress(document_no, sha256).await?;
            return Err(HqError::WrongOffset {
                expected: now.offset,
                sent: from,
            });
        }
        Ok(to)
    }

    /// Marks a report complete when every file arrived and verified.
    pub async fn complete(&self, device: &Device, document_no: &str) -> HqResult<ReportStatus> {
        let stored = self.key_of(device, document_no).await?;
        let status = self.status_of(&stored, document_no).await?;
        let missing: Vec<String> = status
            .files
            .iter()
            .filter(|f| !f.verified)
            .map(|f| f.sha256.clone())
            .collect();
        if !missing.is_empty() {
            return Err(HqError::Incomplete(missing));
        }
        self.verify_seal(device, &stored, document_no).await?;
        self.records.mark_complete(&stored).await?;
        self.status_of(&stored, document_no).await
    }

    /// Verifies a report whose files all arrived (each checked against its SHA-256 in the
    /// manifest): its seal is a valid Ed25519 signature over this document number, the content
    /// and the PDF of the manifest, made with the key this device sealed its first report with.
    async fn verify_seal(&self, device: &Device, stored: &str, document_no: &str) -> HqResult<()> {
        let refused = |error| HqError::Seal {
            document_no: document_no.to_owned(),
            error,
        };
        let manifest: Manifest = match self.records.manifest_json(stored).await? {
            Some(json) => serde_json::from_str(&json)
                .map_err(|e| HqError::Settings(format!("manifest of {document_no}: {e}")))?,
            None => return Err(HqError::NoReport(document_no.to_owned())),
        };
        let file_of = |kind: FileKind| manifest.files.iter().find(|f| f.kind == kind);
        let Some(seal_file) = file_of(FileKind::Seal) else {
            return Err(refused(SealError::Malformed(
                "the report came without its seal file".into(),
            )));
        };
        if seal_file.size > MAX_SEAL_BYTES {
            return Err(refused(SealError::Malformed(format!(
                "the seal file is {} bytes (a seal is a few hundred)",
                seal_file.size
            ))));
        }
        let seal =
            ReportSeal::from_json(&self.blobs.read(&seal_file.sha256).await?).map_err(refused)?;
        seal.verify().map_err(refused)?;
        if seal.document_no != document_no {
            return Err(refused(SealError::OtherReport {
                sealed: seal.document_no.clone(),
                given: document_no.to_owned(),
            }));
        }
        // The content file is the one the manifest's digest names, and both are the sealed ones.
        let content = file_of(FileKind::VisitJson).map_or("", |f| f.sha256.as_str());
        let pdf = file_of(FileKind::Pdf).map_or("", |f| f.sha256.as_str());
        for actual in [manifest.content_sha256.as_str(), content] {
            seal.verify_digests(actual, Some(pdf)).map_err(refused)?;
        }
        let bound = self
            .records
            .bind_device_key(device.id, &seal.public_key)
            .await?;
        seal.verify_key(&bound).map_err(refused)
    }

    /// A whole file's bytes.
    pub async fn file(&self, sha256: &str) -> HqResult<Bytes> {
        self.blobs.read(sha256).await
    }

    /// Publishes a change for the laptops: a policy for every laptop; a new guarantee for its
    /// officers (who are assigned it, so they may upload its reports); a tier change for the
    /// officers the guarantee is assigned to. Returns the `seq` of each update recorded.
    pub async fn publish(&self, change: &Change) -> HqResult<Vec<i64>> {
        let payload = serde_json::to_string(change)
            .map_err(|e| HqError::BadRequest(format!("the update: {e}")))?;
        match change {
            Change::Policy { toml } => {
                baohou_core::policy::Policy::from_toml(toml, "policy")
                    .map_err(|e| HqError::BadRequest(format!("the policy: {e}")))?;
                Ok(vec![self.records.add_update(None, &payload).await?])
            }
            Change::Calendar { toml } => {
                // Checked as the laptops check it: every date in its year, no day both off and
                // working, make-up days on weekends.
                baohou_core::calendar::WorkCalendar::default()
                    .add_year(toml, "calendar")
                    .map_err(|e| HqError::BadRequest(format!("the calendar: {e}")))?;
                Ok(vec![self.records.add_update(None, &payload).await?])
            }
            Change::Guarantee(doc) => {
                if doc.contract_no.trim().is_empty() || doc.officer_a.name.trim().is_empty() {
                    return Err(HqError::BadRequest(
                        "a guarantee needs a contract number and its officer".into(),
                    ));
                }
                let mut seqs = Vec::new();
                for officer in std::iter::once(&doc.officer_a).chain(doc.officer_b.as_ref()) {
                    let name = officer.name.trim();
                    self.records.assign(name, doc.contract_no.trim()).await?;
                    seqs.push(self.records.add_update(Some(name), &payload).await?);
                }
                Ok(seqs)
            }
            Change::Tier {
                contract_no,
                reason,
                ..
            } => {
                if reason.trim().is_empty() {
                    return Err(HqError::BadRequest("a tier change needs a reason".into()));
                }
                let officers = self.records.assigned_officers(contract_no.trim()).await?;
                if officers.is_empty() {
                    return Err(HqError::BadRequest(format!(
                        "contract {contract_no} is assigned to no officer"
                    )));
                }
                let mut seqs = Vec::new();
                for officer in &officers {
                    seqs.push(self.records.add_update(Some(officer), &payload).await?);
                }
                Ok(seqs)
            }
            Change::Returned { .. } => Err(HqError::BadRequest(
                "a return is made on the review page, at its step of the approval chain".into(),
            )),
        }
    }

    /// The updates for `device`'s officer after `after`, oldest first (at most a page).
    pub async fn updates(&self, device: &Device, after: i64) -> HqResult<Updates> {
        let limit = u32::try_from(UPDATES_PAGE).unwrap_or(100);
        let rows = self
            .records
            .updates_for(&device.officer, after, limit)
            .await?;
        let updates = rows
            .into_iter()
            .map(|(seq, payload)| {
                serde_json::from_str::<Change>(&payload)
                    .map(|change| Update { seq, change })
                    .map_err(|e| HqError::Settings(format!("update {seq} as stored: {e}")))
            })
            .collect::<HqResult<Vec<_>>>()?;
        Ok(Updates { updates })
    }

    /// Gives a member of head office's staff a token (shown once; only its hash is kept).
    pub async fn add_staff(&self, name: &str, role: StaffRole) -> HqResult<String> {
        if name.trim().is_empty() {
            return Err(HqError::BadRequest("a name is needed".into()));
        }
        let token = new_token("bhs")?;
        self.records
            .add_staff(&sha256_hex(token.as_bytes()), name.trim(), role)
            .await?;
        Ok(token)
    }

    pub async fn staff_list(&self) -> HqResult<Vec<Staff>> {
        self.records.staff().await
    }

    /// `false` when there is no such member of staff or their token was revoked already.
    pub async fn revoke_staff(&self, id: i64) -> HqResult<bool> {
        self.records.revoke_staff(id).await
    }

    /// The member of staff a bearer token belongs to.
    pub async fn staff(&self, token: &str) -> HqResult<Staff> {
        match self
            .records
            .staff_by_token(&sha256_hex(token.as_bytes()))
            .await?
        {
            Some(s) if s.revoked_at.is_none() => {
                let made = chrono::DateTime::parse_from_rfc3339(&s.created_at)
                    .map_err(|e| HqError::Settings(format!("staff {}: {e}", s.id)))?;
                let good_for = chrono::Duration::days(i64::from(self.limits.staff_token_days));
                if chrono::Utc::now() >= made + good_for {
                    return Err(HqError::StaffExpired {
                        days: self.limits.staff_token_days,
                    });
                }
                Ok(s)
            }
            _ => Err(HqError::StaffUnauthorized),
        }
    }

    /// Reports received, newest first (at most `limit`).
    pub async fn reports(&self, filter: &ReportFilter, limit: u32) -> HqResult<Vec<ReportSummary>> {
        // A state is decided by the marks, so that filter applies after the query.
        let fetch = if filter.state.is_some() {
            u32::MAX
        } else {
            limit
        };
        let mut reports = self.records.reports(filter, None, fetch).await?;
        let steps = self.review_steps().await?;
        for r in &mut reports {
            self.name_steps(r, &steps);
        }
        if let Some(state) = filter.state {
            reports.retain(|r| r.state == state);
        }
        reports.truncate(limit as usize);
        Ok(reports)
    }

    /// One report with its files and manifest.
    pub async fn report(&self, document_no: &str) -> HqResult<ReportDetail> {
        let mut summary = self
            .records
            .reports(&ReportFilter::default(), Some(document_no), 1)
            .await?
            .pop()
            .ok_or_else(|| HqError::NoReport(document_no.to_owned()))?;
        let steps = self.review_steps().await?;
        self.name_steps(&mut summary, &steps);
        let report_files = self.records.report_files(document_no).await?;
        let manifest = self
            .records
            .manifest_json(document_no)
            .await?
            .and_then(|m| serde_json::from_str(&m).ok())
            .unwrap_or(serde_json::Value::Null);
        Ok(ReportDetail {
            summary,
            report_files,
            manifest,
        })
    }

    /// A file of a report, whole and verified, with its description; its bytes come as they
    /// are read.
    pub async fn report_file(
        &self,
        document_no: &str,
        sha256: &str,
    ) -> HqResult<(ReportFile, axum::body::Body)> {
        let file = self
            .records
            .report_files(document_no)
            .await?
            .into_iter()
            .find(|f| f.sha256 == sha256 && f.verified)
            .ok_or_else(|| HqError::NoFile {
                document_no: document_no.to_owned(),
                sha256: sha256.to_owned(),
            })?;
        let body = self.blobs.stream(sha256).await?;
        Ok((file, body))
    }

    /// The policy head office last published, or the shipped one.
    async fn policy_in_force(&self) -> HqResult<baohou_core::policy::Policy> {
        // Published policies are addressed to every officer.
        let global = self.records.global_updates().await?;
        let published =
            global
                .iter()
                .find_map(|payload| match serde_json::from_str::<Change>(payload) {
                    Ok(Change::Policy { toml }) => {
                        baohou_core::policy::Policy::from_toml(&toml, "policy").ok()
                    }
                    _ => None,
                });
        Ok(published.unwrap_or_else(baohou_core::policy::Policy::builtin))
    }

    /// The company's approval chain: the approvers of the policy head office last published, or
    /// of the shipped policy.
    pub async fn review_steps(&self) -> HqResult<Vec<String>> {
        Ok(steps_of(&self.policy_in_force().await?))
    }

    /// The 审批单 of a document: each step of the chain with its mark (who, how, when, the note)
    /// or awaited, under the document's number and PDF digest.
    pub async fn approval_sheet(&self, document_no: &str) -> HqResult<Vec<u8>> {
        use baohou_core::sealed::approvals::{ApprovalLine, ApprovalSheet, render};
        let d = self.report(document_no).await?;
        let s = &d.summary;
        let policy = self.policy_in_force().await?;
        let steps = steps_of(&policy);
        // Stored times are RFC 3339 (UTC); the sheet speaks Beijing time.
        let beijing = chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8");
        let minute = |t: &str| {
            chrono::DateTime::parse_from_rfc3339(t)
                .map(|at| {
                    at.with_timezone(&beijing)
                        .format("%Y-%m-%d %H:%M")
                        .to_string()
                })
                .unwrap_or_else(|_| t.get(..16).unwrap_or(t).replace('T', " "))
        };
        let decision = |v: &crate::review::Review| match v.decision {
            crate::review::Decision::Approved => "通过",
            crate::review::Decision::Returned => "退回",
        };
        let mut lines: Vec<ApprovalLine> = s
            .reviews
            .iter()
            .map(|v| ApprovalLine {
                step: v.step.clone(),
                mark: Some((v.reviewer.clone(), decision(v).to_owned(), minute(&v.at))),
                note: v.note.clone(),
            })
            .collect();
        if s.state != ReviewState::Returned {
            lines.extend(steps.iter().skip(s.reviews.len()).map(|step| ApprovalLine {
                step: step.clone(),
                mark: None,
                note: String::new(),
            }));
        }
        let state = match (&s.next_step, s.state) {
            (Some(step), _) => format!("待{step}审批"),
            (None, ReviewState::Approved) => "已通过".into(),
            (None, ReviewState::Returned) => "已退回".into(),
            (None, _) => "上传中".into(),
        };
        let kind = baohou_core::protocol::DocumentKind::from_code(&s.kind)
            .map(|k| k.label(baohou_core::Locale::ZhCn).to_owned())
            .unwrap_or_else(|_| s.kind.clone());
        let sheet = ApprovalSheet {
            company: policy.document().company,
            kind,
            document_no: s.document_no.clone(),
            pdf_sha256: s.pdf_sha256.clone().unwrap_or_default(),
            borrower: s.borrower.clone(),
            contract_no: s.contract_no.clone(),
            officer: s.officer.clone(),
            document_date: s.visit_date.clone(),
            received_at: minute(&s.received_at),
            state,
            lines,
        };
        Ok(render(&sheet, chrono::Utc::now().with_timezone(&beijing)).0)
    }

    /// A report's state along the chain, with its steps' names and the step awaited.
    fn name_steps(&self, r: &mut ReportSummary, steps: &[String]) {
        r.state = ReviewState::of(r.completed_at.is_some(), &r.reviews, steps.len());
        for v in &mut r.reviews {
            v.step = steps
                .get(usize::from(v.stage).saturating_sub(1))
                .cloned()
                .unwrap_or_else(|| format!("第{}级", v.stage));
        }
        r.next_step = match r.state {
            ReviewState::AwaitingFirst | ReviewState::AwaitingSecond => {
                steps.get(r.reviews.len()).cloned()
            }
            _ => None,
        };
    }

    /// Marks a report at the chain's next step, each step by a different reviewer; a return
    /// goes to the report's officer as an update. Returns the report as it now stands.
    pub async fn review(
        &self,
        document_no: &str,
        reviewer: &Staff,
        mark: &NewReview,
    ) -> HqResult<ReportDetail> {
        let report = self.report(document_no).await?;
        let summary = &report.summary;
        let steps = self.review_steps().await?;
        let stage = next_stage(
            summary.completed_at.is_some(),
            &summary.reviews,
            reviewer,
            steps.len(),
        )?;
        let note = mark.note.trim();
        if mark.decision == crate::review::Decision::Returned && note.is_empty() {
            return Err(HqError::BadRequest(
                "退回须写明原因 (a return needs its reason)".into(),
            ));
        }
        if note.chars().count() > 2000 {
            return Err(HqError::BadRequest(
                "the note is over 2000 characters".into(),
            ));
        }
        if !self
            .records
            .add_review(document_no, stage, reviewer, mark.decision, note)
            .await?
        {
            // Another reviewer marked this stage in the meantime, or this one marked before.
            let now = self.report(document_no).await?;
            let refusal = next_stage(true, &now.summary.reviews, reviewer, steps.len())
                .err()
                .unwrap_or(ReviewRefusal::Done);
            return Err(refusal.into());
        }
        let now = self.report(document_no).await?;
        if mark.decision == crate::review::Decision::Returned {
            let step = steps
                .get(usize::from(stage).saturating_sub(1))
                .cloned()
                .unwrap_or_default();
            let change = Change::Returned {
                document_no: document_no.to_owned(),
                step,
                by: reviewer.name.clone(),
                reason: note.to_owned(),
                on: chrono::Utc::now()
                    .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8"))
                    .date_naive(),
            };
            let payload = serde_json::to_string(&change)
                .map_err(|e| HqError::BadRequest(format!("the update: {e}")))?;
            self.records
                .add_update(Some(&now.summary.officer), &payload)
                .await?;
        }
        Ok(now)
    }

    /// The key of the report `device` opened with this number. Another device's report is
    /// answered as if it did not exist.
    async fn key_of(&self, device: &Device, document_no: &str) -> HqResult<String> {
        self.records
            .report_key(device.id, document_no)
            .await?
            .ok_or_else(|| HqError::NoReport(document_no.to_owned()))
    }

    /// What is held of the report stored under `stored`, told as the laptop knows it (by
    /// `document_no`).
    async fn status_of(&self, stored: &str, document_no: &str) -> HqResult<ReportStatus> {
        let mut status = self
            .records
            .status(stored)
            .await?
            .ok_or_else(|| HqError::NoReport(document_no.to_owned()))?;
        status.document_no = document_no.to_owned();
        Ok(status)
    }

    async fn progress(
        &self,
        document_no: &str,
        sha256: &str,
    ) -> HqResult<baohou_core::protocol::FileProgress> {
        self.records
            .file_progress(document_no, sha256)
            .await?
            .ok_or_else(|| HqError::NoFile {
                document_no: document_no.to_owned(),
                sha256: sha256.to_owned(),
            })
    }
}

fn stripe(document_no: &str, sha256: &str) -> usize {
    let digest = sha256_hex(format!("{document_no}/{sha256}").as_bytes());
    usize::from_str_radix(&digest[..4], 16).unwrap_or(0) % STRIPES
}

/// How a device's audit chain stands against the one head office holds.
#[derive(Debug, PartialEq, Eq)]
enum AuditCheck {
    /// It carries head office's entry at the held length: it extends what is held.
    Extends,
    /// It does not: why, in head office's words.
    Broken(String),
    /// It vouched for another length, or none.
    Unanswered,
}

fn audit_break(held: &AuditAnchor, sent: &AuditHead) -> AuditCheck {
    let n = held.entries;
    if i64::try_from(sent.entries).unwrap_or(i64::MAX) < n {
        return AuditCheck::Broken(format!(
            "审计日志只有 {} 条，少于总部已记录的 {n} 条：记录被删除，或数据库被换成了旧副本",
            sent.entries
        ));
    }
    match &sent.anchored {
        Some(p) if i64::try_from(p.entries).ok() == Some(n) => {
            if p.hash == held.head {
                AuditCheck::Extends
            } else {
                AuditCheck::Broken(format!(
                    "第 {n} 条记录的哈希与总部所存的不同：此前的记录被改动，或数据库被换成了另一份副本"
                ))
            }
        }
        _ => AuditCheck::Unanswered,
    }
}

/// The largest seal file: a seal is a few hundred bytes of JSON.
const MAX_SEAL_BYTES: u64 = 64 * 1024;

/// A manifest within head office's bounds: numbers present and plain, every file named within
/// [`Limits::max_name_chars`], of a declared size within [`Limits::max_file_bytes`], at most
/// [`Limits::max_files`] of them and [`Limits::max_document_bytes`] together, each by a SHA-256.
/// Checked before anything is looked up or recorded.
fn check_manifest(m: &Manifest, limits: &Limits) -> HqResult<()> {
    let bad = |what: String| Err(HqError::BadRequest(what));
    if m.document_no.trim().is_empty() || m.contract_no.trim().is_empty() {
        return bad("清单缺少文书编号或合同编号".into());
    }
    if m.document_no.contains('~') || m.document_no.len() > 200 {
        return bad("文书编号最多 200 个字符，且不能含有 ~".into());
    }
    for (what, text) in [
        ("合同编号", &m.contract_no),
        ("借款人", &m.borrower),
        ("客户经理", &m.officer),
    ] {
        if text.chars().count() > limits.max_name_chars {
            return bad(format!("清单的{what}超过 {} 个字符", limits.max_name_chars));
        }
    }
    if m.files.is_empty() {
        return bad("清单没有列出任何文件".into());
    }
    if m.files.len() > limits.max_files {
        return bad(format!(
            "清单列出 {} 个文件，总部每份文书最多收 {} 个",
            m.files.len(),
            limits.max_files
        ));
    }
    let mut total: u64 = 0;
    for f in &m.files {
        if f.sha256.len() != 64 || !f.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return bad("文件的 SHA-256 须为 64 位十六进制数字".into());
        }
        if f.name.chars().count() > limits.max_name_chars {
            return bad(format!("文件名超过 {} 个字符", limits.max_name_chars));
        }
        if f.size > limits.max_file_bytes {
            return bad(format!(
                "文件 {} 有 {} MB，总部每个文件最多收 {} MB",
                f.name,
                f.size.div_ceil(1 << 20),
                limits.max_file_bytes >> 20
            ));
        }
        total = total.saturating_add(f.size);
    }
    if total > limits.max_document_bytes {
        return bad(format!(
            "文书的文件共 {} MB，总部每份文书最多收 {} MB",
            total.div_ceil(1 << 20),
            limits.max_document_bytes >> 20
        ));
    }
    Ok(())
}

/// A new random token: `{prefix}_` and 64 hex digits.
fn new_token(prefix: &str) -> HqResult<String> {
    let mut raw = [0u8; 32];
    getrandom::fill(&mut raw).map_err(|e| std::io::Error::other(e.to_string()))?;
    let hex: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("{prefix}_{hex}"))
}

/// A policy's approval chain: its `[document] approvers`, or one step where it names none.
fn steps_of(policy: &baohou_core::policy::Policy) -> Vec<String> {
    let approvers = policy.document().approvers;
    if approvers.is_empty() {
        vec!["审核".to_owned()]
    } else {
        approvers
    }
}
