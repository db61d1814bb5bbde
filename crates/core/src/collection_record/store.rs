//! The 催收与追偿记录 as stored: each issued with its content, PDF and seal, and the digest of the
//! facts it holds to tell whether a new one is called for.

use crate::collection_record::{CollectionRecord, CollectionRecordContent};
use crate::portfolio::GuaranteeId;
use crate::sealed::SealedContent;
use crate::store::{Store, StoreResult};
use chrono::{DateTime, FixedOffset};
use rusqlite::{OptionalExtension, params};

impl Store {
    /// Records an issued record, sealed like the other documents (queued for head office by the
    /// database).
    pub fn record_collection_record(
        &mut self,
        id: GuaranteeId,
        content: &CollectionRecordContent,
        basis: &str,
        pdf: &[u8],
        at: DateTime<FixedOffset>,
    ) -> StoreResult<CollectionRecord> {
        let digest = content.digest();
        let (pdf_sha256, seal) = self.seal_document(&content.document_no, &digest, pdf, at)?;
        let json = serde_json::to_string(content).expect("record content serialises");
        self.in_transaction(|tx| {
            tx.execute(
                "INSERT INTO collection_records (guarantee_id, document_no, issued_on,
                     basis_sha256, content, content_sha256, pdf, pdf_sha256, seal, generated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    id,
                    content.document_no,
                    content.issued_on,
                    basis,
                    json,
                    digest,
                    pdf,
                    pdf_sha256,
                    seal,
                    at.to_rfc3339()
                ],
            )?;
            Ok(CollectionRecord {
                document_no: content.document_no.clone(),
                issued_on: content.issued_on,
                content_sha256: digest.clone(),
            })
        })
    }

    /// The digest of the facts the guarantee's latest record holds.
    pub fn last_record_basis(&self, id: GuaranteeId) -> StoreResult<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT basis_sha256 FROM collection_records WHERE guarantee_id = ?1
                 ORDER BY id DESC LIMIT 1",
                [id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// How many records the guarantee has had.
    pub fn record_count(&self, id: GuaranteeId) -> StoreResult<u32> {
        Ok(self.conn().query_row(
            "SELECT count(*) FROM collection_records WHERE guarantee_id = ?1",
            [id],
            |r| r.get(0),
        )?)
    }

    /// The guarantee's latest record and its PDF.
    pub fn last_record(&self, id: GuaranteeId) -> StoreResult<Option<(CollectionRecord, Vec<u8>)>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT document_no, issued_on, content_sha256, pdf FROM collection_records
                 WHERE guarantee_id = ?1 ORDER BY id DESC LIMIT 1",
                [id],
                |r| {
                    Ok((
                        CollectionRecord {
                            document_no: r.get(0)?,
                            issued_on: r.get(1)?,
                            content_sha256: r.get(2)?,
                        },
                        r.get(3)?,
                    ))
                },
            )
            .optional()?)
    }

    /// The guarantees with anything a record holds: an overdue, a repayment, a contact, a
    /// notice, a search step, a withdrawal proposal, a compensation or a release issued here.
    pub fn guarantees_with_collection(&self) -> StoreResult<Vec<GuaranteeId>> {
        let mut stmt = self.conn().prepare(
            "SELECT guarantee_id FROM overdues UNION SELECT guarantee_id FROM repayments
             UNION SELECT guarantee_id FROM collection_contacts UNION SELECT guarantee_id FROM notices
             UNION SELECT guarantee_id FROM lost_contact_steps UNION SELECT guarantee_id FROM withdrawals
             UNION SELECT guarantee_id FROM compensations UNION SELECT guarantee_id FROM releases
             UNION SELECT guarantee_id FROM extensions
             UNION SELECT guarantee_id FROM compensation_demands
             ORDER BY 1",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use crate::collection::{ContactChannel, ContactParty, NewContact, NewOverdue};
    use crate::collection_record::{issue_changed, issue_if_changed};
    use crate::money::Money;
    use crate::store::Store;
    use crate::store::tests::seed_minimal;
    use chrono::{DateTime, FixedOffset};

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn a_record_is_issued_when_the_facts_change_and_not_as_the_days_pass() {
        let mut store = Store::open_in_memory().unwrap();
        let (_, gid) = seed_minimal(&mut store);
        assert!(store.guarantees_with_collection().unwrap().is_empty());
        store
            .record_overdue(
                gid,
                &NewOverdue {
                    due_on: "2026-10-20".parse().unwrap(),
                    known_on: "2026-10-21".parse().unwrap(),
                    principal: "80000".parse().unwrap(),
                    interest: Money::ZERO,
                    note: None,
                },
                &crate::policy::Policy::builtin(),
                &crate::signals::SignalCatalog::builtin(),
                at("2026-11-02T09:00:00+08:00"),
            )
            .unwrap();
        assert_eq!(store.guarantees_with_collection().unwrap(), [gid]);

        let first = issue_changed(&mut store, at("2026-11-02T18:00:00+08:00")).unwrap();
        assert_eq!(first.len(), 1);
        let code = store.laptop_code().unwrap();
        assert!(
            first[0].ends_with(&format!("-CJ-{code}-20261102-0001-1")),
            "{first:?}"
        );
        // Three weeks later the overdue is older (M1 to M2) but nothing was recorded: no record.
        let later = at("2026-11-23T18:00:00+08:00");
        assert!(issue_if_changed(&mut store, gid, later).unwrap().is_none());

        store
            .record_contact(
                gid,
                &NewContact {
                    at: at("2026-11-23T10:00:00+08:00"),
                    channel: ContactChannel::Phone,
                    party: ContactParty::Borrower,
                    person: None,
                    summary: "称月底还款".into(),
                    promise: None,
                },
                Some("赵敏"),
                later,
            )
            .unwrap();
        let second = issue_if_changed(&mut store, gid, later).unwrap().unwrap();
        assert!(
            second
                .record
                .document_no
                .ends_with(&format!("-CJ-{code}-20261123-0001-2"))
        );
        assert_eq!(second.content.days_overdue, 34);
        assert_eq!(second.content.body.contacts.len(), 1);
        assert_eq!(second.pages, 1);
        // Queued for head office by the database.
        let queued: Vec<_> = store
            .outbox()
            .unwrap()
            .into_iter()
            .filter(|e| e.kind == crate::protocol::DocumentKind::CollectionRecord)
            .map(|e| e.document_no.unwrap())
            .collect();
        assert_eq!(queued.len(), 2);
        assert!(queued.contains(&second.record.document_no));
    }
}
