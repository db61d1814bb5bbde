//! The guarantee's life after the visits, from the app: the overdue and its collection, the
//! notices to the borrower, the lost-contact search, and the compensation and recovery. One
//! screen ([`CollectionScreen`]) and one command for every entry ([`CollectionEntry`]).

use super::Session;
use super::reports::ReportFile;
use super::visits::now;
use crate::collection::{
    CollectionFile, NewContact, NewOverdue, NewRepayment, NewSearchStep, OverdueBucket,
};
use crate::enforcement::NewEnforcementStep;
use crate::i18n::Locale;
use crate::messages::UserError;
use crate::notices::{self, DeliveryMethod, Notice, NoticeKind};
use crate::portfolio::{GuaranteeId, GuaranteeStatus};
use crate::recovery::{NewCompensation, NewRecovery, RecoveryAccount};
use crate::store::SearchStepDone;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One step of the lost-contact search, with what was found if it is done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct SearchStepView {
    pub code: String,
    pub text: String,
    pub done: Option<SearchStepDone>,
}

/// The lost-contact search, shown while the borrower cannot be reached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct LostContactView {
    /// The day the signal was found.
    pub found_on: NaiveDate,
    pub steps: Vec<SearchStepView>,
}

/// Everything of a guarantee's collection and closing on one screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct CollectionScreen {
    #[specta(type = u32)]
    pub guarantee_id: GuaranteeId,
    pub status: GuaranteeStatus,
    pub file: CollectionFile,
    /// "M2（逾期 31–60 天）" in the user's language.
    pub bucket_label: Option<String>,
    /// Newest first.
    pub notices: Vec<Notice>,
    /// Set while the borrower cannot be reached (the policy's signal is open).
    pub lost_contact: Option<LostContactView>,
    /// Applications for an extension and their decisions, oldest first.
    pub extensions: Vec<crate::extension::Extension>,
    /// The last day an application for an extension is in time, while the guarantee is active.
    pub extension_latest: Option<NaiveDate>,
    /// The bank's demand for payment, once recorded.
    pub compensation_demand: Option<crate::recovery::NewCompensationDemand>,
    pub recovery: Option<RecoveryAccount>,
    /// The release issued here, and the archive handover.
    pub release: Option<crate::release::Release>,
    /// Withdrawal proposals, newest first.
    pub withdrawals: Vec<crate::withdrawal::Withdrawal>,
    /// The enforcement of the counter-guarantees, once a compensation or an approved withdrawal
    /// set it going.
    pub enforcement: Option<crate::enforcement::EnforcementPlan>,
    /// The guarantee's open warning signals, to offer as a proposal's evidence.
    pub open_signals: Vec<crate::signals::WarningSignal>,
    /// Broken promises whose signal this opening raised.
    pub signals_raised: u32,
}

/// What the officer records on the screen.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(tag = "entry", content = "value", rename_all = "snake_case")]
pub enum CollectionEntry {
    Overdue(NewOverdue),
    Repayment(NewRepayment),
    Contact {
        contact: NewContact,
        officer: Option<String>,
    },
    SearchStep(NewSearchStep),
    Delivered {
        document_no: String,
        on: NaiveDate,
        method: DeliveryMethod,
        note: Option<String>,
    },
    Receipt {
        document_no: String,
        on: NaiveDate,
        note: Option<String>,
    },
    /// The borrower applied for an extension (展期).
    ExtensionApplication(crate::extension::NewExtension),
    /// The one with authority decided on it.
    ExtensionDecision(crate::extension::ExtensionVerdict),
    /// The bank demanded that the company pay.
    CompensationDemand(crate::recovery::NewCompensationDemand),
    Compensation(NewCompensation),
    Recovery(NewRecovery),
    /// The general manager decided on a withdrawal proposal.
    WithdrawalDecision {
        document_no: String,
        decision: crate::withdrawal::WithdrawalDecision,
        on: NaiveDate,
        by: String,
        note: Option<String>,
    },
    /// The lending bank was told of an approved withdrawal.
    BankNotified {
        document_no: String,
        on: NaiveDate,
        /// How, and the bank's acknowledgement (回执、经办人).
        note: String,
    },
    /// A step of enforcing a counter-guarantee ended.
    EnforcementStep {
        step: NewEnforcementStep,
        officer: Option<String>,
    },
    /// The released guarantee's file reached the archive.
    Archive {
        on: NaiveDate,
        receiver: String,
    },
    /// The 有权凭证 of its mortgages and pledges were handed back and signed for.
    TitlesReturned(crate::release::TitlesReturned),
}

impl Session {
    /// The collection screen on `as_of`; the signals the records show (a broken promise, a long
    /// overdue) are raised first.
    pub fn collection(
        &mut self,
        locale: Locale,
        id: GuaranteeId,
        as_of: NaiveDate,
    ) -> Result<CollectionScreen, UserError> {
        let raised = self.write(locale, |store, policy, catalog| {
            store.raise_signals_from_records(as_of, policy, catalog)
        })?;
        let mut screen = self.collection_screen(locale, id, as_of)?;
        screen.signals_raised = u32::try_from(raised.len()).unwrap_or(u32::MAX);
        Ok(screen)
    }

    /// Records one entry and answers the screen as it now stands.
    pub fn record_collection(
        &mut self,
        locale: Locale,
        id: GuaranteeId,
        entry: CollectionEntry,
        as_of: NaiveDate,
    ) -> Result<CollectionScreen, UserError> {
        let at = now();
        self.write(locale, |store, policy, catalog| {
            match &entry {
                CollectionEntry::Overdue(o) => {
                    store.record_overdue(id, o, policy, catalog, at)?;
                }
                CollectionEntry::Repayment(r) => {
                    store.record_repayment(id, r, at)?;
                }
                CollectionEntry::Contact { contact, officer } => {
                    store.record_contact(id, contact, officer.as_deref(), at)?;
                }
                CollectionEntry::SearchStep(s) => {
                    store.record_search_step(id, s, None, policy, at)?;
                }
                CollectionEntry::Delivered {
                    document_no,
                    on,
                    method,
                    note,
                } => {
                    check_belongs(store, id, document_no)?;
                    store.record_delivery(document_no, *on, *method, note.as_deref(), at)?;
                }
                CollectionEntry::Receipt {
                    document_no,
                    on,
                    note,
                } => {
                    check_belongs(store, id, document_no)?;
                    store.record_receipt(document_no, *on, note.as_deref(), at)?;
                }
                CollectionEntry::ExtensionApplication(e) => {
                    store.apply_for_extension(id, e, &policy.extension(), at)?;
                }
                CollectionEntry::ExtensionDecision(v) => {
                    store.decide_extension(id, v, at)?;
                }
                CollectionEntry::CompensationDemand(d) => {
                    store.record_compensation_demand(id, d, at)?;
                }
                CollectionEntry::Compensation(c) => {
                    store.record_compensation(id, c, at)?;
                }
                CollectionEntry::Recovery(r) => {
                    store.record_recovery(id, r, at)?;
                }
                CollectionEntry::WithdrawalDecision {
                    document_no,
                    decision,
                    on,
                    by,
                    note,
                } => {
                    check_withdrawal_belongs(store, id, document_no)?;
                    store.record_withdrawal_decision(
                        document_no,
                        *decision,
                        *on,
                        by,
                        note.as_deref(),
                        at,
                    )?;
                }
                CollectionEntry::BankNotified {
                    document_no,
                    on,
                    note,
                } => {
                    check_withdrawal_belongs(store, id, document_no)?;
                    store.record_withdrawal_bank_notice(document_no, *on, note, at)?;
                }
                CollectionEntry::EnforcementStep { step, officer } => {
                    store.record_enforcement_step(id, step, officer.as_deref(), policy, at)?;
                }
                CollectionEntry::Archive { on, receiver } => {
                    store.record_archive_handover(id, *on, receiver, at)?;
                }
                CollectionEntry::TitlesReturned(titles) => {
                    store.record_title_return(id, titles, at)?;
                }
            }
            Ok::<(), EntryError>(())
        })?;
        self.collection(locale, id, as_of)
    }

    /// Attaches the scan of a repayment's voucher from a file the officer picked; a file that is
    /// not a readable image is refused in words and nothing is written.
    pub fn attach_voucher_scan(
        &mut self,
        locale: Locale,
        id: GuaranteeId,
        repayment_id: i64,
        path: &std::path::Path,
        as_of: NaiveDate,
    ) -> Result<CollectionScreen, UserError> {
        let path = &self.granted(locale, super::PathPurpose::VoucherScan, path, true)?;
        let scan = crate::photos::read(path).map_err(|e| UserError {
            code: crate::code::Code::VoucherScanUnreadable,
            message: crate::messages::photo_error_message(&e, locale),
        })?;
        let at = now();
        self.write(locale, |store, _, _| {
            store.attach_voucher_scan(id, repayment_id, &scan, at)
        })?;
        self.collection(locale, id, as_of)
    }

    /// Issues a notice and writes its PDF into the private print folder, to open and print.
    pub fn issue_notice(
        &mut self,
        locale: Locale,
        id: GuaranteeId,
        kind: NoticeKind,
        today: NaiveDate,
    ) -> Result<ReportFile, UserError> {
        let generated_at = now();
        let issued = self.write(locale, |store, _, _| {
            notices::issue(store, id, kind, today, generated_at)
        })?;
        self.write_printable(
            locale,
            &issued.notice.document_no,
            &issued.notice.content_sha256,
            &issued.content.borrower,
            &issued.pdf,
            issued.pages,
        )
    }

    /// A notice's PDF as issued, written again into the print folder (to print a second copy).
    pub fn open_notice(
        &mut self,
        locale: Locale,
        document_no: &str,
    ) -> Result<ReportFile, UserError> {
        let (notice, content, pdf) = self.write(locale, |store, _, _| {
            Ok::<_, EntryError>((
                store.notice(document_no)?,
                store.notice_content(document_no)?,
                store.notice_pdf(document_no)?,
            ))
        })?;
        let pages = lopdf_pages(&pdf);
        self.write_printable(
            locale,
            &notice.document_no,
            &notice.content_sha256,
            &content.borrower,
            &pdf,
            pages,
        )
    }

    /// Releases the guarantee on `on` (解保): the confirmation and the archive checklist are
    /// issued and written into the print folder, and the guarantee is closed.
    pub fn release_guarantee(
        &mut self,
        locale: Locale,
        id: GuaranteeId,
        on: NaiveDate,
    ) -> Result<ReportFile, UserError> {
        let issued = self.write(locale, |store, _, _| {
            crate::release::issue(store, id, on, now())
        })?;
        self.write_printable(
            locale,
            &issued.release.document_no,
            &issued.release.content_sha256,
            &issued.content.borrower,
            &issued.pdf,
            issued.pages,
        )
    }

    /// Proposes a withdrawal (撤保) dated `today` by `proposer`: the 撤销担保审批表 is issued into
    /// the print folder for the general manager.
    pub fn propose_withdrawal(
        &mut self,
        locale: Locale,
        id: GuaranteeId,
        proposal: &crate::withdrawal::NewWithdrawal,
        proposer: &str,
        today: NaiveDate,
    ) -> Result<ReportFile, UserError> {
        let issued = self.write(locale, |store, _, _| {
            crate::withdrawal::issue(store, id, proposal, today, proposer, now())
        })?;
        self.write_printable(
            locale,
            &issued.withdrawal.document_no,
            &issued.withdrawal.content_sha256,
            &issued.content.borrower,
            &issued.pdf,
            issued.pages,
        )
    }

    /// A withdrawal proposal as issued, written into the print folder again.
    pub fn open_withdrawal(
        &mut self,
        locale: Locale,
        id: GuaranteeId,
        document_no: &str,
    ) -> Result<ReportFile, UserError> {
        let (w, borrower, pdf) = self.write(locale, |store, _, _| {
            let w = store
                .withdrawals_of(id)?
                .into_iter()
                .find(|w| w.document_no == document_no)
                .ok_or_else(|| crate::withdrawal::WithdrawalError::Unknown(document_no.into()))?;
            let g = store.guarantee(id)?;
            let borrower = store.borrower(g.borrower_id)?.name;
            Ok::<_, EntryError>((w, borrower, store.withdrawal_pdf(document_no)?))
        })?;
        let pages = lopdf_pages(&pdf);
        self.write_printable(
            locale,
            &w.document_no,
            &w.content_sha256,
            &borrower,
            &pdf,
            pages,
        )
    }

    /// The release confirmation as issued, written into the print folder again.
    pub fn open_release(
        &mut self,
        locale: Locale,
        id: GuaranteeId,
    ) -> Result<ReportFile, UserError> {
        let (release, borrower, pdf) = self.write(locale, |store, _, _| {
            let release = store
                .release_of(id)?
                .ok_or(crate::release::ReleaseError::NotReleased)?;
            let g = store.guarantee(id)?;
            let borrower = store.borrower(g.borrower_id)?.name;
            Ok::<_, EntryError>((release, borrower, store.release_pdf(id)?))
        })?;
        let pages = lopdf_pages(&pdf);
        self.write_printable(
            locale,
            &release.document_no,
            &release.content_sha256,
            &borrower,
            &pdf,
            pages,
        )
    }

    /// The guarantee's 催收与追偿记录, issued now if anything changed since the last one (or
    /// there is none), written into the print folder.
    pub fn print_collection_record(
        &mut self,
        locale: Locale,
        id: GuaranteeId,
    ) -> Result<ReportFile, UserError> {
        let at = now();
        let (record, borrower, pdf) = self.write(locale, |store, _, _| {
            crate::collection_record::issue_if_changed(store, id, at)?;
            let (record, pdf) = store
                .last_record(id)?
                .expect("a record exists once one is issued");
            let g = store.guarantee(id)?;
            Ok::<_, EntryError>((record, store.borrower(g.borrower_id)?.name, pdf))
        })?;
        let pages = lopdf_pages(&pdf);
        self.write_printable(
            locale,
            &record.document_no,
            &record.content_sha256,
            &borrower,
            &pdf,
            pages,
        )
    }

    /// Issues the guarantee's quarterly analysis report and writes it into the print folder.
    pub fn issue_quarterly_report(
        &mut self,
        locale: Locale,
        id: GuaranteeId,
        input: &crate::quarterly::QuarterlyInput,
    ) -> Result<ReportFile, UserError> {
        let at = now();
        let issued = self.write(locale, |store, _, _| {
            Ok::<_, EntryError>(crate::quarterly::issue(store, id, input, at)?)
        })?;
        self.write_printable(
            locale,
            &issued.report.document_no,
            &issued.report.content_sha256,
            &issued.content.borrower,
            &issued.pdf,
            issued.pages,
        )
    }

    /// Writes an issued document into the print folder, to open and print.
    fn write_printable(
        &mut self,
        locale: Locale,
        document_no: &str,
        content_sha256: &str,
        borrower: &str,
        pdf: &[u8],
        pages: usize,
    ) -> Result<ReportFile, UserError> {
        let name: String = borrower
            .chars()
            .filter(|c| {
                !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
                    && !c.is_control()
            })
            .collect();
        let file_name = format!("{document_no}_{}.pdf", name.trim());
        let path = self.print_path(locale, &file_name)?;
        crate::report::write_pdf(&path, pdf).map_err(|e| UserError::from_report(&e, locale))?;
        self.written_reports.insert(path.clone());
        Ok(ReportFile {
            path: path.display().to_string(),
            file_name,
            document_no: document_no.to_owned(),
            content_sha256: content_sha256.to_owned(),
            pages: u32::try_from(pages).unwrap_or(u32::MAX),
            size_bytes: pdf.len() as u64,
            is_final: true,
            first_issued_at: None,
            generated_at: now(),
        })
    }

    fn collection_screen(
        &self,
        locale: Locale,
        id: GuaranteeId,
        as_of: NaiveDate,
    ) -> Result<CollectionScreen, UserError> {
        let store = self.store(locale)?;
        let err = |e: crate::store::StoreError| UserError::from_store(&e, locale);
        let policy = store.policy_in_force().map_err(err)?;
        let calendar = store.calendar().map_err(err)?;
        let g = store.guarantee(id).map_err(err)?;
        let file = store.collection_file(id, as_of, &policy).map_err(err)?;
        let lc = policy.lost_contact();
        let lost_contact = match store
            .signals_of(id)
            .map_err(err)?
            .into_iter()
            .filter(|s| s.code == lc.signal && s.resolved_on.is_none())
            .map(|s| s.found_on)
            .min()
        {
            Some(found_on) => {
                let done = store.search_steps(id).map_err(err)?;
                Some(LostContactView {
                    found_on,
                    steps: lc
                        .steps
                        .into_iter()
                        .map(|s| SearchStepView {
                            done: done.iter().find(|d| d.step == s.code).cloned(),
                            code: s.code,
                            text: s.text,
                        })
                        .collect(),
                })
            }
            None => None,
        };
        Ok(CollectionScreen {
            guarantee_id: id,
            status: g.status,
            bucket_label: file
                .bucket
                .map(|b: OverdueBucket| b.label(locale).to_owned()),
            file,
            notices: store.notices_of(id).map_err(err)?,
            lost_contact,
            extensions: store.extensions_of(id).map_err(err)?,
            extension_latest: (g.status == GuaranteeStatus::Active).then(|| {
                crate::extension::latest_application(
                    g.maturity_date,
                    &policy.extension(),
                    &calendar,
                )
            }),
            compensation_demand: store.compensation_demand(id).map_err(err)?,
            recovery: store.recovery_account(id).map_err(err)?,
            release: store.release_of(id).map_err(err)?,
            withdrawals: store.withdrawals_of(id).map_err(err)?,
            enforcement: store
                .enforcement_plan(id, &policy, &calendar)
                .map_err(err)?,
            open_signals: store
                .signals_of(id)
                .map_err(err)?
                .into_iter()
                .filter(|s| s.resolved_on.is_none())
                .collect(),
            signals_raised: 0,
        })
    }
}

/// A notice recorded from a guarantee's screen must be that guarantee's.
fn check_belongs(
    store: &crate::store::Store,
    id: GuaranteeId,
    document_no: &str,
) -> Result<(), notices::NoticeError> {
    if store.notice(document_no)?.guarantee_id != id {
        return Err(notices::NoticeError::Unknown(document_no.to_owned()));
    }
    Ok(())
}

/// A withdrawal proposal addressed from a guarantee's screen must be that guarantee's.
fn check_withdrawal_belongs(
    store: &crate::store::Store,
    id: GuaranteeId,
    document_no: &str,
) -> Result<(), crate::withdrawal::WithdrawalError> {
    if !store
        .withdrawals_of(id)?
        .iter()
        .any(|w| w.document_no == document_no)
    {
        return Err(crate::withdrawal::WithdrawalError::Unknown(
            document_no.to_owned(),
        ));
    }
    Ok(())
}

/// What a collection entry can fail on: the store, or a document refusing it in its own words.
#[derive(Debug, thiserror::Error)]
enum EntryError {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Notice(#[from] notices::NoticeError),
    #[error(transparent)]
    Release(#[from] crate::release::ReleaseError),
    #[error(transparent)]
    Withdrawal(#[from] crate::withdrawal::WithdrawalError),
    #[error(transparent)]
    Quarterly(#[from] crate::quarterly::QuarterlyError),
    #[error(transparent)]
    Extension(#[from] crate::extension::ExtensionError),
}

impl crate::messages::Explain for EntryError {
    fn user_error(&self, locale: Locale) -> UserError {
        match self {
            EntryError::Store(e) => e.user_error(locale),
            EntryError::Notice(e) => e.user_error(locale),
            EntryError::Release(e) => e.user_error(locale),
            EntryError::Withdrawal(e) => e.user_error(locale),
            EntryError::Quarterly(e) => e.user_error(locale),
            EntryError::Extension(e) => e.user_error(locale),
        }
    }
}

/// The page count of a PDF as issued.
fn lopdf_pages(pdf: &[u8]) -> usize {
    lopdf::Document::load_mem(pdf)
        .map(|d| d.get_pages().len())
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collection::{ContactChannel, ContactParty, PromiseState, PromiseToPay};
    use crate::money::Money;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_screen_records_collection_issues_notices_and_refuses_in_chinese() {
        let today = d("2026-11-23");
        let (dir, mut session) = crate::session::demo_session(today);
        session.set_print_folder(dir.path().join("print"));
        let l = Locale::ZhCn;
        let id = session
            .guarantees(l)
            .unwrap()
            .into_iter()
            .find(|g| g.status == GuaranteeStatus::Active && g.start_date <= d("2026-08-01"))
            .unwrap()
            .id;
        let start = session.collection(l, id, today).unwrap();
        assert!(start.file.overdue.is_none() && start.notices.is_empty());

        let yuan = |s: &str| s.parse::<Money>().unwrap();
        let screen = session
            .record_collection(
                l,
                id,
                CollectionEntry::Overdue(NewOverdue {
                    due_on: d("2026-09-20"),
                    known_on: d("2026-09-21"),
                    principal: yuan("80000"),
                    interest: yuan("0.01"),
                    note: None,
                }),
                today,
            )
            .unwrap();
        assert_eq!(screen.file.days_overdue, 64);
        assert_eq!(screen.bucket_label.as_deref(), Some("M3（逾期 61–90 天）"));

        let contact = NewContact {
            at: "2026-10-08T09:30:00+08:00".parse().unwrap(),
            channel: ContactChannel::Visit,
            party: ContactParty::Manager,
            person: Some("财务经理".into()),
            summary: "承诺 10 月底前还 5 万".into(),
            promise: Some(PromiseToPay {
                amount: yuan("50000"),
                by: d("2026-10-31"),
            }),
        };
        // Recorded late: the promise has already passed unpaid and raises its signal, once.
        let screen = session
            .record_collection(
                l,
                id,
                CollectionEntry::Contact {
                    contact,
                    officer: Some("张伟".into()),
                },
                today,
            )
            .unwrap();
        assert_eq!(screen.signals_raised, 1);
        let screen = session.collection(l, id, today).unwrap();
        assert_eq!(screen.signals_raised, 0);
        assert_eq!(
            screen.file.contacts[0].promise.as_ref().unwrap().state,
            PromiseState::Broken
        );

        let written = session
            .issue_notice(l, id, NoticeKind::Overdue, today)
            .unwrap();
        assert!(std::path::Path::new(&written.path).is_file());
        assert_eq!(written.pages, 2);
        let again = session
            .issue_notice(l, id, NoticeKind::Overdue, today)
            .unwrap_err();
        assert!(again.message.contains("尚未登记送达"), "{}", again.message);
        let copy = session.open_notice(l, &written.document_no).unwrap();
        assert_eq!(
            std::fs::read(&copy.path).unwrap(),
            std::fs::read(&written.path).unwrap()
        );
        assert_eq!(copy.pages, 2);

        let delivered_on = today;
        let screen = session
            .record_collection(
                l,
                id,
                CollectionEntry::Delivered {
                    document_no: written.document_no.clone(),
                    on: delivered_on,
                    method: DeliveryMethod::InPerson,
                    note: Some("财务经理签收".into()),
                },
                today,
            )
            .unwrap();
        assert_eq!(screen.notices[0].delivered_on, Some(delivered_on));
        // Another guarantee's notice cannot be receipted from this screen.
        let other = session
            .guarantees(l)
            .unwrap()
            .into_iter()
            .find(|g| g.id != id)
            .unwrap()
            .id;
        let refused = session
            .record_collection(
                l,
                other,
                CollectionEntry::Receipt {
                    document_no: written.document_no.clone(),
                    on: delivered_on,
                    note: None,
                },
                today,
            )
            .unwrap_err();
        assert!(
            refused.message.contains("没有编号为"),
            "{}",
            refused.message
        );
        // A repayment beyond the principal outstanding, in Chinese.
        let refused = session
            .record_collection(
                l,
                id,
                CollectionEntry::Repayment(NewRepayment {
                    paid_on: d("2026-11-02"),
                    principal: yuan("999999999"),
                    interest: Money::ZERO,
                    voucher: None,
                }),
                today,
            )
            .unwrap_err();
        assert!(
            refused.message.contains("超过尚未归还的本金"),
            "{}",
            refused.message
        );
    }

    #[test]
    fn an_approved_withdrawal_is_told_to_the_bank_and_its_counter_guarantees_enforced() {
        use crate::enforcement::{EnforcementCause, NewEnforcementStep, StepOutcome};
        use crate::withdrawal::{NewWithdrawal, WithdrawalDecision, WithdrawalGround};
        let today = d("2026-11-23");
        let (dir, mut session) = crate::session::demo_session(today);
        session.set_print_folder(dir.path().join("print"));
        let l = Locale::ZhCn;
        // An active demo guarantee with an open signal and counter-guarantees.
        let (id, signal) = session
            .guarantees(l)
            .unwrap()
            .into_iter()
            .filter(|g| g.status == GuaranteeStatus::Active)
            .find_map(|g| {
                let screen = session.collection(l, g.id, today).unwrap();
                let cgs = session.store(l).unwrap().counter_guarantees(g.id).unwrap();
                (!cgs.is_empty())
                    .then(|| screen.open_signals.first().map(|s| (g.id, s.id)))
                    .flatten()
            })
            .expect("a demo guarantee with a signal and counter-guarantees");
        let written = session
            .propose_withdrawal(
                l,
                id,
                &NewWithdrawal {
                    grounds: vec![WithdrawalGround::MajorRisk],
                    facts: "停产两个月，拖欠工资".into(),
                    signal_ids: vec![signal],
                    proposal: "撤销担保，通知银行提前收贷，执行反担保".into(),
                },
                "张伟",
                d("2026-11-18"),
            )
            .unwrap();
        let no = written.document_no;
        // Before the decision: the bank is not told of a proposal, nothing is enforced.
        let refused = session
            .record_collection(
                l,
                id,
                CollectionEntry::BankNotified {
                    document_no: no.clone(),
                    on: d("2026-11-19"),
                    note: "函告".into(),
                },
                today,
            )
            .unwrap_err();
        assert!(refused.message.contains("未获批准"), "{}", refused.message);
        assert!(
            session
                .collection(l, id, today)
                .unwrap()
                .enforcement
                .is_none()
        );

        let screen = session
            .record_collection(
                l,
                id,
                CollectionEntry::WithdrawalDecision {
                    document_no: no.clone(),
                    decision: WithdrawalDecision::Approved,
                    on: d("2026-11-19"),
                    by: "李总".into(),
                    note: None,
                },
                today,
            )
            .unwrap();
        let plan = screen.enforcement.expect("enforcement began");
        assert_eq!(plan.start.cause, EnforcementCause::Withdrawal);
        assert_eq!(plan.start.on, d("2026-11-19"));
        assert!(!plan.items.is_empty());

        // The bank notice: before the approval refused, then recorded once.
        let bank = |on: &str| CollectionEntry::BankNotified {
            document_no: no.clone(),
            on: d(on),
            note: "撤保通知函已送达贷款银行信贷部，经办人签收".into(),
        };
        let refused = session
            .record_collection(l, id, bank("2026-11-18"), today)
            .unwrap_err();
        assert!(
            refused.message.contains("早于批准日"),
            "{}",
            refused.message
        );
        let screen = session
            .record_collection(l, id, bank("2026-11-20"), today)
            .unwrap();
        assert_eq!(
            screen.withdrawals[0].bank_notified_on,
            Some(d("2026-11-20"))
        );
        let refused = session
            .record_collection(l, id, bank("2026-11-20"), today)
            .unwrap_err();
        assert!(
            refused.message.contains("已于 2026-11-20 通知"),
            "{}",
            refused.message
        );

        // The first step of the first counter-guarantee, in Chinese when refused.
        let item = &plan.items[0];
        let entry = |on: &str, note: &str| CollectionEntry::EnforcementStep {
            step: NewEnforcementStep {
                counter_guarantee_id: item.counter_guarantee.id,
                step: item.steps[0].code.clone(),
                done_on: d(on),
                outcome: StepOutcome::Done,
                note: note.into(),
            },
            officer: Some("张伟".into()),
        };
        let refused = session
            .record_collection(l, id, entry("2026-11-18", "已办理"), today)
            .unwrap_err();
        assert!(
            refused
                .message
                .contains("早于开始执行反担保之日 2026-11-19"),
            "{}",
            refused.message
        );
        let screen = session
            .record_collection(l, id, entry("2026-11-20", "已办理"), today)
            .unwrap();
        let step = &screen.enforcement.unwrap().items[0].steps[0];
        assert_eq!(step.done.as_ref().unwrap().note, "已办理");
        // The agenda carries the bank notice done and the enforcement task.
        let agenda = session.agenda(l, today).unwrap();
        let of = |kind| {
            agenda
                .tasks
                .iter()
                .find(|t| t.guarantee_id == Some(id) && t.kind == kind)
                .map(|t| (t.state, t.reason.clone()))
        };
        assert_eq!(
            of(crate::tasks::TaskKind::WithdrawalBankNotice).map(|t| t.0),
            Some(crate::tasks::TaskState::Done)
        );
        let (_, reason) = of(crate::tasks::TaskKind::Enforcement).unwrap();
        assert!(reason.starts_with("2026-11-19 撤保获批，执行"), "{reason}");
    }
}
