//! Release (解保): the guarantee department checks that principal and interest were repaid and
//! keeps the repayment vouchers, fills the 《免除担保责任确认表》 for the general manager, closes the
//! guarantee and hands its file (一户一档) to the archive with a checklist of what it holds
//! (seed 000, 七).
//!
//! A release is refused while principal is still outstanding, an overdue is open, no repayment
//! carries a voucher, or the guarantee is not active.

mod pdf;
mod store;

use crate::collection::{Repayment, sum};
use crate::i18n::Locale;
use crate::money::Money;
use crate::portfolio::{GuaranteeId, GuaranteeStatus};
use crate::store::{Store, StoreError};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// Why a guarantee cannot be released (or its file handed over).
#[derive(Debug, thiserror::Error)]
pub enum ReleaseError {
    #[error("the guarantee is {0:?}: only an active guarantee is released")]
    NotActive(GuaranteeStatus),
    #[error("{outstanding} yuan of principal is still outstanding")]
    Outstanding { outstanding: Money },
    #[error("the overdue since {0} is still open")]
    OverdueOpen(NaiveDate),
    #[error("no repayment carries a voucher to keep as evidence")]
    NoVoucher,
    #[error("the release day {on} is before the last repayment on {last}")]
    BeforeRepayment { on: NaiveDate, last: NaiveDate },
    #[error("the day {day} is after today ({today})")]
    InTheFuture { day: NaiveDate, today: NaiveDate },
    #[error("the guarantee was not released here")]
    NotReleased,
    #[error("the file was already handed to the archive on {0}")]
    AlreadyArchived(NaiveDate),
    #[error("the handover on {on} is before the release on {released_on}")]
    ArchiveBeforeRelease {
        on: NaiveDate,
        released_on: NaiveDate,
    },
    #[error("the archive's receiver must be named")]
    NoReceiver,
    #[error("the guarantee has no mortgage or pledge whose title documents are returned")]
    NoTitles,
    #[error("the title documents were already returned on {0}")]
    TitlesAlreadyReturned(NaiveDate),
    #[error("the title documents returned on {on}, before the release on {released_on}")]
    TitlesBeforeRelease {
        on: NaiveDate,
        released_on: NaiveDate,
    },
    #[error("say who signed for the title documents and which were returned")]
    TitlesUnsigned,
    /// The store failed underneath (a file, a disk, a lock).
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for ReleaseError {
    fn from(e: rusqlite::Error) -> Self {
        ReleaseError::Store(e.into())
    }
}

impl ReleaseError {
    pub fn code(&self) -> crate::code::Code {
        match self {
            ReleaseError::Store(e) => e.code(),
            ReleaseError::NotActive(_) => crate::code::Code::ReleaseNotActive,
            ReleaseError::Outstanding { .. } => crate::code::Code::ReleaseOutstanding,
            ReleaseError::OverdueOpen(_) => crate::code::Code::ReleaseOverdueOpen,
            ReleaseError::NoVoucher => crate::code::Code::ReleaseNoVoucher,
            ReleaseError::BeforeRepayment { .. } => crate::code::Code::ReleaseBeforeRepayment,
            ReleaseError::InTheFuture { .. } => crate::code::Code::ReleaseInTheFuture,
            ReleaseError::NotReleased => crate::code::Code::ReleaseNotReleased,
            ReleaseError::AlreadyArchived(_) => crate::code::Code::ReleaseAlreadyArchived,
            ReleaseError::ArchiveBeforeRelease { .. } => {
                crate::code::Code::ReleaseArchiveBeforeRelease
            }
            ReleaseError::NoReceiver => crate::code::Code::ReleaseNoReceiver,
            ReleaseError::NoTitles => crate::code::Code::ReleaseNoTitles,
            ReleaseError::TitlesAlreadyReturned(_) => crate::code::Code::ReleaseTitlesReturned,
            ReleaseError::TitlesBeforeRelease { .. } => {
                crate::code::Code::ReleaseTitlesBeforeRelease
            }
            ReleaseError::TitlesUnsigned => crate::code::Code::ReleaseTitlesUnsigned,
        }
    }
}

/// One line of the archive checklist: what the file must hold and whether the laptop has it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ArchiveItem {
    pub item: String,
    /// What the laptop holds of it ("3 份", the numbers), or what is to be checked by hand.
    pub detail: String,
    /// `Some(true)` held, `Some(false)` missing, `None` checked on paper.
    pub held: Option<bool>,
}

/// The 《免除担保责任确认表》 and the archive checklist as issued.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ReleaseContent {
    pub format: u32,
    pub document_no: String,
    pub company: String,
    pub released_on: NaiveDate,
    pub borrower: String,
    pub contract_no: String,
    pub lending_bank: String,
    pub product: String,
    pub amount: Money,
    pub start: NaiveDate,
    pub maturity: NaiveDate,
    pub repayments: Vec<Repayment>,
    pub principal_repaid: Money,
    pub interest_paid: Money,
    /// The counter-guarantees whose collateral is returned or released.
    pub counter_guarantees: Vec<String>,
    pub officer: String,
    pub approvers: Vec<String>,
    pub archive: Vec<ArchiveItem>,
}

pub const RELEASE_FORMAT: u32 = 1;

impl crate::sealed::SealedContent for ReleaseContent {
    fn document_no(&self) -> &str {
        &self.document_no
    }
}

/// A release as the store keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct Release {
    #[specta(type = u32)]
    pub guarantee_id: GuaranteeId,
    pub document_no: String,
    pub released_on: NaiveDate,
    pub content_sha256: String,
    pub archived_on: Option<NaiveDate>,
    pub archive_receiver: Option<String>,
    /// The guarantee had a mortgage or a pledge: its 有权凭证 are owed back to the provider.
    pub titles_owed: bool,
    /// The 有权凭证 handed back against the signed receipt: the day, who signed, what.
    pub titles_returned: Option<TitlesReturned>,
}

/// The 有权凭证 of the mortgages and pledges handed back after the release, and the 抵押/质押人's
/// signature for them (seed 003: "应将抵押、质押物的有权凭证交还抵押、质押人，并做好签收登记").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct TitlesReturned {
    pub on: NaiveDate,
    /// Who signed the receipt (the mortgagor or pledgor, or their agent).
    pub receiver: String,
    /// What was handed back (the certificates' names and numbers).
    pub documents: String,
}

/// A release issued: its record, content and PDF.
pub struct IssuedRelease {
    pub release: Release,
    pub content: ReleaseContent,
    pub pdf: Vec<u8>,
    pub pages: usize,
}

/// Checks that a guarantee can be released on `on`, from what the laptop holds.
pub fn check(
    status: GuaranteeStatus,
    outstanding: Money,
    open_overdue: Option<NaiveDate>,
    repayments: &[Repayment],
    on: NaiveDate,
    today: NaiveDate,
) -> Result<(), ReleaseError> {
    if status != GuaranteeStatus::Active {
        return Err(ReleaseError::NotActive(status));
    }
    if let Some(since) = open_overdue {
        return Err(ReleaseError::OverdueOpen(since));
    }
    if outstanding.is_positive() {
        return Err(ReleaseError::Outstanding { outstanding });
    }
    if !repayments
        .iter()
        .any(|r| r.scan.is_some() || r.voucher.as_deref().is_some_and(|v| !v.trim().is_empty()))
    {
        return Err(ReleaseError::NoVoucher);
    }
    if let Some(last) = repayments.iter().map(|r| r.paid_on).max()
        && on < last
    {
        return Err(ReleaseError::BeforeRepayment { on, last });
    }
    if on > today {
        return Err(ReleaseError::InTheFuture { day: on, today });
    }
    Ok(())
}

/// Gathers the confirmation and the archive checklist, refusing what cannot be released.
pub fn gather(
    store: &Store,
    id: GuaranteeId,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<ReleaseContent, ReleaseError> {
    let g = store.guarantee(id)?;
    let policy = store.policy_in_force()?;
    let file = store.collection_file(id, on, &policy)?;
    let open = file
        .overdue
        .as_ref()
        .filter(|o| o.cleared_on.is_none())
        .map(|o| o.due_on);
    check(
        g.status,
        file.principal_outstanding,
        open,
        &file.repayments,
        on,
        today,
    )?;
    let borrower = store.borrower(g.borrower_id)?;
    let officer = store.officer(g.officer_a_id)?.name;
    let counter = store.counter_guarantees(id)?;
    let document = policy.document();
    let archive = archive_checklist(store, id, &file.repayments, counter.len())?;
    Ok(ReleaseContent {
        format: RELEASE_FORMAT,
        document_no: crate::numbering::release(
            &document.number_prefix,
            &store.laptop_code()?,
            on,
            id,
        ),
        company: document.company,
        released_on: on,
        borrower: borrower.name,
        contract_no: g.contract_no,
        lending_bank: g.lending_bank,
        product: g.product.label(crate::i18n::Locale::ZhCn).to_owned(),
        amount: g.amount,
        start: g.start_date,
        maturity: g.maturity_date,
        principal_repaid: file.principal_repaid,
        interest_paid: sum(file.repayments.iter().map(|r| r.interest)),
        repayments: file.repayments,
        counter_guarantees: counter
            .iter()
            .map(|c| {
                format!(
                    "{}：{}（{}）",
                    c.kind.label(crate::i18n::Locale::ZhCn),
                    c.description,
                    c.provider
                )
            })
            .collect(),
        officer,
        approvers: document.approvers,
        archive,
    })
}

/// What the file must hold (一户一档), and what of it the laptop has.
fn archive_checklist(
    store: &Store,
    id: GuaranteeId,
    repayments: &[Repayment],
    counter_guarantees: usize,
) -> Result<Vec<ArchiveItem>, ReleaseError> {
    let reports = store.report_numbers(id)?.len();
    let notices = store.notices_of(id)?;
    let receipts_missing = notices
        .iter()
        .filter(|n| n.kind.needs_receipt() && n.receipt_on.is_none())
        .count();
    let vouchers: Vec<String> = repayments
        .iter()
        .filter(|r| r.scan.is_some() || r.voucher.is_some())
        .map(|r| {
            let reference = r
                .voucher
                .as_deref()
                .unwrap_or(r.scan.as_ref().map_or("", |s| s.file_name.as_str()))
                .to_owned();
            if r.scan.is_some() {
                format!("{reference}（扫描件附后）")
            } else {
                reference
            }
        })
        .collect();
    Ok(vec![
        ArchiveItem {
            item: "委托担保合同、借款合同及担保函".into(),
            detail: "原件，经办人核对".into(),
            held: None,
        },
        ArchiveItem {
            item: "反担保合同及抵（质）押登记证明".into(),
            detail: format!("{counter_guarantees} 项反担保措施，原件"),
            held: None,
        },
        ArchiveItem {
            item: "保后检查表（含照片、签名）".into(),
            detail: if reports > 0 {
                format!("{reports} 份，已签章")
            } else {
                "本机没有已签发的检查表".into()
            },
            held: Some(reports > 0),
        },
        ArchiveItem {
            item: "通知书及回执".into(),
            detail: if receipts_missing > 0 {
                format!("{} 份，其中 {receipts_missing} 份回执未收回", notices.len())
            } else {
                format!("{} 份", notices.len())
            },
            held: Some(receipts_missing == 0),
        },
        ArchiveItem {
            item: "还款凭证复印件".into(),
            detail: vouchers.join("、"),
            held: Some(!vouchers.is_empty()),
        },
        ArchiveItem {
            item: "《免除担保责任确认表》（总经理核准）".into(),
            detail: "本表".into(),
            held: Some(true),
        },
    ])
}

/// Releases a guarantee: the confirmation issued, recorded with its PDF and seal, and the
/// guarantee closed, in one transaction.
pub fn issue(
    store: &mut Store,
    id: GuaranteeId,
    on: NaiveDate,
    now: DateTime<FixedOffset>,
) -> Result<IssuedRelease, ReleaseError> {
    let content = gather(store, id, on, now.date_naive())?;
    let mut scans = Vec::new();
    for scan in content.repayments.iter().filter_map(|r| r.scan.as_ref()) {
        if let Some(bytes) = store.voucher_scan_bytes(&scan.sha256)? {
            scans.push((scan.sha256.clone(), bytes));
        }
    }
    let (pdf, pages) = pdf::render(&content, &scans, now);
    let release = store.record_release(id, &content, &pdf, now)?;
    Ok(IssuedRelease {
        release,
        content,
        pdf,
        pages,
    })
}

pub fn release_message(e: &crate::release::ReleaseError, l: Locale) -> String {
    use crate::release::ReleaseError as E;
    if l == Locale::En && !matches!(e, E::Store(_)) {
        return e.to_string();
    }
    let t = |cn: String, tw: String| if l == Locale::ZhTw { tw } else { cn };
    match e {
        E::Store(e) => crate::store::messages::store_message(e, l),
        E::NotActive(s) => t(
            format!("这笔担保的状态是“{}”，只有在保的担保才能解保。", s.label(l)),
            format!(
                "這筆擔保的狀態是「{}」，只有在保的擔保才能解保。",
                s.label(l)
            ),
        ),
        E::Outstanding { outstanding } => t(
            format!(
                "还有本金 {} 元未归还，不能解保：请先登记还款及凭证。",
                outstanding.grouped()
            ),
            format!(
                "還有本金 {} 元未歸還，不能解保：請先登記還款及憑證。",
                outstanding.grouped()
            ),
        ),
        E::OverdueOpen(d) => t(
            format!("{d} 起的逾期尚未结清，不能解保。"),
            format!("{d} 起的逾期尚未結清，不能解保。"),
        ),
        E::NoVoucher => t(
            "还款记录中没有还款凭证号：解保须留存还款凭证复印件。".into(),
            "還款記錄中沒有還款憑證號：解保須留存還款憑證影本。".into(),
        ),
        E::BeforeRepayment { on, last } => t(
            format!("解保日 {on} 早于最后一笔还款日 {last}。"),
            format!("解保日 {on} 早於最後一筆還款日 {last}。"),
        ),
        E::InTheFuture { day, today } => t(
            format!("日期 {day} 晚于今天（{today}）。"),
            format!("日期 {day} 晚於今天（{today}）。"),
        ),
        E::NotReleased => t(
            "这笔担保没有在本机办理解保。".into(),
            "這筆擔保沒有在本機辦理解保。".into(),
        ),
        E::AlreadyArchived(d) => t(
            format!("档案已于 {d} 移交。"),
            format!("檔案已於 {d} 移交。"),
        ),
        E::ArchiveBeforeRelease { on, released_on } => t(
            format!("移交日 {on} 早于解保日 {released_on}。"),
            format!("移交日 {on} 早於解保日 {released_on}。"),
        ),
        E::NoReceiver => t("请填写档案接收人。".into(), "請填寫檔案接收人。".into()),
        E::NoTitles => t(
            "这笔担保没有抵押或质押，无有权凭证需要交还。".into(),
            "這筆擔保沒有抵押或質押，無有權憑證需要交還。".into(),
        ),
        E::TitlesAlreadyReturned(d) => t(
            format!("有权凭证已于 {d} 交还并签收。"),
            format!("有權憑證已於 {d} 交還並簽收。"),
        ),
        E::TitlesBeforeRelease { on, released_on } => t(
            format!("交还日 {on} 早于解保日 {released_on}。"),
            format!("交還日 {on} 早於解保日 {released_on}。"),
        ),
        E::TitlesUnsigned => t(
            "请填写签收人和交还的有权凭证（名称、编号）。".into(),
            "請填寫簽收人和交還的有權憑證（名稱、編號）。".into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    /// A refusal in full (its Debug form: the variant and every field), to compare.
    fn shown(r: Result<(), ReleaseError>) -> String {
        format!("{r:?}")
    }

    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn paid(on: &str, principal: &str, voucher: Option<&str>) -> Repayment {
        Repayment {
            id: 1,
            paid_on: d(on),
            principal: principal.parse().unwrap(),
            interest: Money::ZERO,
            voucher: voucher.map(Into::into),
            scan: None,
        }
    }

    #[test]
    fn a_release_needs_everything_repaid_with_a_voucher_and_no_overdue() {
        let today = d("2026-11-23");
        let full = [paid("2026-11-20", "5000000", Some("建行回单 0091"))];
        let active = GuaranteeStatus::Active;
        assert_eq!(
            shown(check(active, Money::ZERO, None, &full, today, today)),
            shown(Ok(()))
        );
        let one_fen: Money = "0.01".parse().unwrap();
        assert_eq!(
            shown(check(active, one_fen, None, &full, today, today)),
            shown(Err(ReleaseError::Outstanding {
                outstanding: one_fen
            }))
        );
        assert_eq!(
            shown(check(
                active,
                Money::ZERO,
                Some(d("2026-10-20")),
                &full,
                today,
                today
            )),
            shown(Err(ReleaseError::OverdueOpen(d("2026-10-20"))))
        );
        let no_voucher = [paid("2026-11-20", "5000000", Some("  "))];
        assert_eq!(
            shown(check(active, Money::ZERO, None, &no_voucher, today, today)),
            shown(Err(ReleaseError::NoVoucher))
        );
        assert_eq!(
            shown(check(
                active,
                Money::ZERO,
                None,
                &full,
                d("2026-11-19"),
                today
            )),
            shown(Err(ReleaseError::BeforeRepayment {
                on: d("2026-11-19"),
                last: d("2026-11-20")
            }))
        );
        assert_eq!(
            shown(check(
                GuaranteeStatus::Compensated,
                Money::ZERO,
                None,
                &full,
                today,
                today
            )),
            shown(Err(ReleaseError::NotActive(GuaranteeStatus::Compensated)))
        );
    }
}
