//! The 催收与追偿记录: everything recorded of a guarantee's life after the visits (the overdue,
//! repayments with their vouchers, the contact log with its promises, notices with delivery and
//! receipt, the lost-contact search, withdrawal proposals, compensation and recoveries, the
//! enforcement of the counter-guarantees, the release), issued as a sealed document like the
//! 保后检查表 so that head office holds it too.
//!
//! A record is issued when what it holds changed since the last one: before each sync, for every
//! guarantee with anything of this kind, and when the officer prints it. What changes by the day
//! alone (days overdue, the bucket) is printed but does not call for a new record.

mod pdf;
mod store;

use crate::collection::{Contact, Overdue, OverdueBucket, Repayment};
use crate::enforcement::EnforcementPlan;
use crate::i18n::Locale;
use crate::money::Money;
use crate::notices::Notice;
use crate::portfolio::GuaranteeId;
use crate::recovery::RecoveryAccount;
use crate::release::Release;
use crate::store::{SearchStepDone, Store, StoreError};
use crate::withdrawal::Withdrawal;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

/// What a record holds: the facts recorded, nothing that changes by the day alone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecordBody {
    pub borrower: String,
    pub contract_no: String,
    pub lending_bank: String,
    pub product: String,
    pub amount: Money,
    pub start: NaiveDate,
    pub maturity: NaiveDate,
    /// 在保, 已代偿 …
    pub status: String,
    pub officer: String,
    pub overdue: Option<Overdue>,
    pub principal_repaid: Money,
    pub principal_outstanding: Money,
    pub repayments: Vec<Repayment>,
    /// Oldest first.
    pub contacts: Vec<Contact>,
    /// Oldest first.
    pub notices: Vec<Notice>,
    pub search_steps: Vec<SearchStepDone>,
    pub withdrawals: Vec<Withdrawal>,
    pub recovery: Option<RecoveryAccount>,
    pub enforcement: Option<EnforcementPlan>,
    pub release: Option<Release>,
    /// 展期: applications and decisions, oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<crate::extension::Extension>,
    /// The bank's demand for payment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compensation_demand: Option<crate::recovery::NewCompensationDemand>,
}

impl RecordBody {
    /// The digest that says whether a new record is called for.
    pub fn basis(&self) -> String {
        crate::sealed::digest_of(self)
    }
}

/// The record as issued.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CollectionRecordContent {
    pub format: u32,
    pub document_no: String,
    pub company: String,
    pub issued_on: NaiveDate,
    /// On the day issued.
    pub days_overdue: u32,
    pub bucket: Option<String>,
    pub body: RecordBody,
}

pub const COLLECTION_RECORD_FORMAT: u32 = 1;

impl crate::sealed::SealedContent for CollectionRecordContent {
    fn document_no(&self) -> &str {
        &self.document_no
    }
}

/// A record as the store keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct CollectionRecord {
    pub document_no: String,
    pub issued_on: NaiveDate,
    pub content_sha256: String,
}

/// The facts of a guarantee's record, as the laptop holds them on `on`, with its days overdue
/// and bucket on that day (printed, not part of the facts).
pub fn gather_body(
    store: &Store,
    id: GuaranteeId,
    on: NaiveDate,
    policy: &crate::policy::Policy,
) -> Result<(RecordBody, u32, Option<OverdueBucket>), StoreError> {
    let g = store.guarantee(id)?;
    let mut file = store.collection_file(id, on, policy)?;
    file.contacts.reverse();
    let mut notices = store.notices_of(id)?;
    notices.reverse();
    let mut withdrawals = store.withdrawals_of(id)?;
    withdrawals.reverse();
    let body = RecordBody {
        borrower: store.borrower(g.borrower_id)?.name,
        contract_no: g.contract_no,
        lending_bank: g.lending_bank,
        product: g.product.label(Locale::ZhCn).to_owned(),
        amount: g.amount,
        start: g.start_date,
        maturity: g.maturity_date,
        status: g.status.label(Locale::ZhCn).to_owned(),
        officer: store.officer(g.officer_a_id)?.name,
        overdue: file.overdue,
        principal_repaid: file.principal_repaid,
        principal_outstanding: file.principal_outstanding,
        repayments: file.repayments,
        contacts: file.contacts,
        notices,
        search_steps: store.search_steps(id)?,
        withdrawals,
        recovery: store.recovery_account(id)?,
        enforcement: store.enforcement_plan(id, policy, &store.calendar()?)?,
        release: store.release_of(id)?,
        extensions: store.extensions_of(id)?,
        compensation_demand: store.compensation_demand(id)?,
    };
    Ok((body, file.days_overdue, file.bucket))
}

/// A record issued: as recorded, its content, its PDF and pages.
pub struct IssuedRecord {
    pub record: CollectionRecord,
    pub content: CollectionRecordContent,
    pub pdf: Vec<u8>,
    pub pages: usize,
}

/// Issues a record of the guarantee when what it holds changed since its last one (or it has
/// none); `None` when nothing changed.
pub fn issue_if_changed(
    store: &mut Store,
    id: GuaranteeId,
    now: DateTime<FixedOffset>,
) -> Result<Option<IssuedRecord>, StoreError> {
    let policy = store.policy_in_force()?;
    issue_under(store, id, now, &policy)
}

fn issue_under(
    store: &mut Store,
    id: GuaranteeId,
    now: DateTime<FixedOffset>,
    policy: &crate::policy::Policy,
) -> Result<Option<IssuedRecord>, StoreError> {
    let on = now.date_naive();
    let (body, days_overdue, bucket) = gather_body(store, id, on, policy)?;
    let basis = body.basis();
    if store.last_record_basis(id)?.as_deref() == Some(basis.as_str()) {
        return Ok(None);
    }
    let document = policy.document();
    let sequence = store.record_count(id)? + 1;
    let content = CollectionRecordContent {
        format: COLLECTION_RECORD_FORMAT,
        document_no: crate::numbering::collection_record(
            &document.number_prefix,
            &store.laptop_code()?,
            on,
            id,
            sequence,
        ),
        company: document.company,
        issued_on: on,
        days_overdue,
        bucket: bucket.map(|b| b.label(Locale::ZhCn).to_owned()),
        body,
    };
    let (pdf, pages) = pdf::render(&content, now);
    let record = store.record_collection_record(id, &content, &basis, &pdf, now)?;
    Ok(Some(IssuedRecord {
        record,
        content,
        pdf,
        pages,
    }))
}

/// Before a sync: a new record for every guarantee whose collection changed since its last.
/// Returns the numbers issued.
pub fn issue_changed(
    store: &mut Store,
    now: DateTime<FixedOffset>,
) -> Result<Vec<String>, StoreError> {
    let mut issued = Vec::new();
    let policy = store.policy_in_force()?;
    for id in store.guarantees_with_collection()? {
        if let Some(r) = issue_under(store, id, now, &policy)? {
            issued.push(r.record.document_no);
        }
    }
    Ok(issued)
}
