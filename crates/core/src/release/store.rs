//! Releases in the store: the 《免除担保责任确认表》 as issued with the guarantee closed in the
//! same transaction, then the archive handover, recorded once.

use crate::portfolio::{GuaranteeId, GuaranteeStatus};
use crate::release::{Release, ReleaseContent, ReleaseError};
use crate::sealed::SealedContent;
use crate::store::codec::{get_date, get_opt_date};
use crate::store::{Store, StoreResult};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};

type Result<T> = std::result::Result<T, ReleaseError>;

const COLUMNS: &str = "SELECT guarantee_id, document_no, released_on, content_sha256, archived_on,
    archive_receiver FROM releases";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Release> {
    Ok(Release {
        guarantee_id: r.get(0)?,
        document_no: r.get(1)?,
        released_on: get_date(r, 2)?,
        content_sha256: r.get(3)?,
        archived_on: get_opt_date(r, 4)?,
        archive_receiver: r.get(5)?,
    })
}

impl Store {
    /// Records the release as issued and closes the guarantee (已解保 from that day). The
    /// guarantee is checked again inside the transaction.
    pub fn record_release(
        &mut self,
        id: GuaranteeId,
        content: &ReleaseContent,
        pdf: &[u8],
        at: DateTime<FixedOffset>,
    ) -> Result<Release> {
        let digest = content.digest();
        let (pdf_sha256, seal) = self.seal_document(&content.document_no, &digest, pdf, at)?;
        let json = serde_json::to_string(content).expect("release content serialises");
        self.transaction(|tx| {
            let g = crate::store::portfolio::guarantee_in(tx, id)?;
            if g.status != GuaranteeStatus::Active {
                return Err(ReleaseError::NotActive(g.status));
            }
            tx.execute(
                "INSERT INTO releases (guarantee_id, document_no, released_on, content,
                     content_sha256, pdf, pdf_sha256, seal, generated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    id,
                    content.document_no,
                    content.released_on,
                    json,
                    digest,
                    pdf,
                    pdf_sha256,
                    seal,
                    at.to_rfc3339()
                ],
            )?;
            tx.execute(
                "UPDATE guarantees SET status = ?2, released_on = ?3 WHERE id = ?1",
                params![id, GuaranteeStatus::Released, content.released_on],
            )?;
            release_in(tx, id)?.ok_or_else(|| ReleaseError::NotReleased)
        })
    }

    /// The guarantee's release, if it was released here.
    pub fn release_of(&self, id: GuaranteeId) -> StoreResult<Option<Release>> {
        release_in(self.conn(), id)
    }

    /// The PDF of a release as issued.
    pub fn release_pdf(&self, id: GuaranteeId) -> Result<Vec<u8>> {
        self.conn()
            .query_row(
                "SELECT pdf FROM releases WHERE guarantee_id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| ReleaseError::NotReleased)
    }

    /// Records that the released guarantee's file was handed to the archive.
    pub fn record_archive_handover(
        &mut self,
        id: GuaranteeId,
        on: NaiveDate,
        receiver: &str,
        at: DateTime<FixedOffset>,
    ) -> Result<Release> {
        crate::store::check_texts(&[receiver])?;
        if receiver.trim().is_empty() {
            return Err(ReleaseError::NoReceiver);
        }
        self.transaction(|tx| {
            let r = release_in(tx, id)?.ok_or(ReleaseError::NotReleased)?;
            if let Some(d) = r.archived_on {
                return Err(ReleaseError::AlreadyArchived(d));
            }
            if on < r.released_on {
                return Err(ReleaseError::ArchiveBeforeRelease {
                    on,
                    released_on: r.released_on,
                });
            }
            if on > at.date_naive() {
                return Err(ReleaseError::InTheFuture {
                    day: on,
                    today: at.date_naive(),
                });
            }
            tx.execute(
                "UPDATE releases SET archived_on = ?2, archive_receiver = ?3 WHERE guarantee_id = ?1",
                params![id, on, receiver.trim()],
            )?;
            release_in(tx, id)?.ok_or_else(|| ReleaseError::NotReleased)
        })
    }
}

fn release_in(conn: &Connection, id: GuaranteeId) -> StoreResult<Option<Release>> {
    Ok(conn
        .query_row(&format!("{COLUMNS} WHERE guarantee_id = ?1"), [id], row)
        .optional()?)
}
