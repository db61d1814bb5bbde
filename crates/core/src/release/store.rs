//! Releases in the store: the 《免除担保责任确认表》 as issued with the guarantee closed in the
//! same transaction, then the archive handover, recorded once.

use crate::portfolio::{GuaranteeId, GuaranteeStatus};
use crate::release::{Release, ReleaseContent, ReleaseError, TitlesReturned};
use crate::sealed::SealedContent;
use crate::store::codec::{get_date, get_opt_date};
use crate::store::{Store, StoreResult};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};

type Result<T> = std::result::Result<T, ReleaseError>;

const COLUMNS: &str = "SELECT r.guarantee_id, r.document_no, r.released_on, r.content_sha256,
    r.archived_on, r.archive_receiver,
    EXISTS (SELECT 1 FROM counter_guarantees c WHERE c.guarantee_id = r.guarantee_id
             AND c.kind IN ('mortgage', 'pledge')),
    r.titles_returned_on, r.titles_receiver, r.titles_documents
    FROM releases r";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Release> {
    let titles_returned = match get_opt_date(r, 7)? {
        Some(on) => Some(TitlesReturned {
            on,
            receiver: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
            documents: r.get::<_, Option<String>>(9)?.unwrap_or_default(),
        }),
        None => None,
    };
    Ok(Release {
        guarantee_id: r.get(0)?,
        document_no: r.get(1)?,
        released_on: get_date(r, 2)?,
        content_sha256: r.get(3)?,
        archived_on: get_opt_date(r, 4)?,
        archive_receiver: r.get(5)?,
        titles_owed: r.get(6)?,
        titles_returned,
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

    /// Records that the 有权凭证 of the released guarantee's mortgages and pledges were handed
    /// back and signed for (seed 003 "应将抵押、质押物的有权凭证交还抵押、质押人，并做好签收登记").
    /// Once; refused where nothing was mortgaged or pledged.
    pub fn record_title_return(
        &mut self,
        id: GuaranteeId,
        titles: &TitlesReturned,
        at: DateTime<FixedOffset>,
    ) -> Result<Release> {
        let (receiver, documents) = (titles.receiver.trim(), titles.documents.trim());
        crate::store::check_texts(&[receiver, documents])?;
        if receiver.is_empty() || documents.is_empty() {
            return Err(ReleaseError::TitlesUnsigned);
        }
        self.transaction(|tx| {
            let r = release_in(tx, id)?.ok_or(ReleaseError::NotReleased)?;
            if !r.titles_owed {
                return Err(ReleaseError::NoTitles);
            }
            if let Some(done) = r.titles_returned {
                return Err(ReleaseError::TitlesAlreadyReturned(done.on));
            }
            if titles.on < r.released_on {
                return Err(ReleaseError::TitlesBeforeRelease {
                    on: titles.on,
                    released_on: r.released_on,
                });
            }
            if titles.on > at.date_naive() {
                return Err(ReleaseError::InTheFuture {
                    day: titles.on,
                    today: at.date_naive(),
                });
            }
            tx.execute(
                "UPDATE releases SET titles_returned_on = ?2, titles_receiver = ?3,
                     titles_documents = ?4
                 WHERE guarantee_id = ?1",
                params![id, titles.on, receiver, documents],
            )?;
            release_in(tx, id)?.ok_or_else(|| ReleaseError::NotReleased)
        })
    }
}

fn release_in(conn: &Connection, id: GuaranteeId) -> StoreResult<Option<Release>> {
    Ok(conn
        .query_row(&format!("{COLUMNS} WHERE r.guarantee_id = ?1"), [id], row)
        .optional()?)
}
