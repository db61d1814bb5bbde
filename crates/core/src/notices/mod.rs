//! Notices to the borrower (通知书): 担保到期通知书, 还款提示通知书 and 逾期催收通知书 with its
//! 回执. Each is issued once with a number, its content digest in the QR code and the laptop's
//! seal, exactly as the 保后检查表 is; its delivery and the return of its signed receipt are
//! recorded, and the rules owe them ([`crate::tasks::engine`]).
//!
//! A notice is refused for a released guarantee, an overdue notice without an open overdue, and
//! a second notice of a kind while the last one is still undelivered.

mod pdf;
mod store;

use crate::collection::days_overdue;
use crate::i18n::Locale;
use crate::i18n::code_enum;
use crate::money::Money;
pub use crate::policy::NoticeKind;
use crate::portfolio::{GuaranteeId, GuaranteeStatus};
use crate::store::{Store, StoreError};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

code_enum! {
    /// How a notice reached the borrower.
    pub enum DeliveryMethod: "delivery method" {
        InPerson = "in_person" => ("当面送达", "當面送達", "By hand"),
        Post = "post" => ("邮寄（EMS 挂号）", "郵寄（掛號）", "Registered post"),
        Electronic = "electronic" => ("电子送达（邮件/传真）", "電子送達（郵件/傳真）", "E-mail or fax"),
    }
}

/// What the overdue notice states.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct OverdueStatement {
    #[specta(type = u32)]
    pub overdue_id: i64,
    pub due_on: NaiveDate,
    pub days: u32,
    pub principal: Money,
    pub interest: Money,
    pub balance: Money,
    /// The borrower is asked to pay by this day.
    pub pay_by: NaiveDate,
}

/// The notice as issued: every word and figure printed, serialised canonically; its SHA-256 is
/// the notice's digest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct NoticeContent {
    pub format: u32,
    pub kind: NoticeKind,
    pub title: String,
    pub document_no: String,
    pub company: String,
    pub issued_on: NaiveDate,
    pub borrower: String,
    pub borrower_address: Option<String>,
    pub contract_no: String,
    pub lending_bank: String,
    pub product: String,
    pub amount: Money,
    pub start: NaiveDate,
    pub maturity: NaiveDate,
    pub overdue: Option<OverdueStatement>,
    /// The officer in charge (A角) and a phone to call.
    pub officer: String,
    pub officer_phone: Option<String>,
    /// The body, paragraph by paragraph.
    pub paragraphs: Vec<String>,
    pub receipt: bool,
}

/// The shape of [`NoticeContent`].
pub const NOTICE_FORMAT: u32 = 1;

impl crate::sealed::SealedContent for NoticeContent {
    fn document_no(&self) -> &str {
        &self.document_no
    }
}

/// A notice as the store keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct Notice {
    #[specta(type = u32)]
    pub id: i64,
    #[specta(type = u32)]
    pub guarantee_id: GuaranteeId,
    pub kind: NoticeKind,
    pub document_no: String,
    pub issued_on: NaiveDate,
    pub content_sha256: String,
    pub pdf_sha256: String,
    #[specta(type = u32)]
    pub pdf_size: u64,
    #[specta(type = Option<u32>)]
    pub overdue_id: Option<i64>,
    pub delivered_on: Option<NaiveDate>,
    pub delivery_method: Option<DeliveryMethod>,
    pub delivery_note: Option<String>,
    pub receipt_on: Option<NaiveDate>,
    pub receipt_note: Option<String>,
}

/// Why a notice cannot be issued, delivered or receipted.
#[derive(Debug, thiserror::Error)]
pub enum NoticeError {
    #[error("the guarantee is released: no notice is sent for it")]
    Released,
    #[error("the guarantee is {0:?}: a maturity or repayment notice is for an active guarantee")]
    NotActive(GuaranteeStatus),
    #[error("there is no open overdue to send an overdue notice for")]
    NoOverdue,
    #[error("notice {0} of this kind has not been delivered yet")]
    Undelivered(String),
    #[error("no notice {0}")]
    Unknown(String),
    #[error("notice {document_no} was already delivered on {on}")]
    AlreadyDelivered { document_no: String, on: NaiveDate },
    #[error("notice {0} has no receipt to return")]
    NoReceipt(String),
    #[error("notice {0} is not delivered yet, so no receipt can have come back")]
    NotDelivered(String),
    #[error("the receipt of {document_no} was already recorded on {on}")]
    AlreadyReceipted { document_no: String, on: NaiveDate },
    #[error("{day} is before the notice was issued on {issued_on}")]
    BeforeIssue {
        day: NaiveDate,
        issued_on: NaiveDate,
    },
    #[error("{day} is before it was delivered on {delivered_on}")]
    BeforeDelivery {
        day: NaiveDate,
        delivered_on: NaiveDate,
    },
    #[error("{day} is after today ({today})")]
    InTheFuture { day: NaiveDate, today: NaiveDate },
    /// The store failed underneath (a file, a disk, a lock).
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for NoticeError {
    fn from(e: rusqlite::Error) -> Self {
        NoticeError::Store(e.into())
    }
}

impl NoticeError {
    pub fn code(&self) -> crate::code::Code {
        match self {
            NoticeError::Store(e) => e.code(),
            NoticeError::Released => crate::code::Code::NoticeReleased,
            NoticeError::NotActive(_) => crate::code::Code::NoticeNotActive,
            NoticeError::NoOverdue => crate::code::Code::NoticeNoOverdue,
            NoticeError::Undelivered(_) => crate::code::Code::NoticeUndelivered,
            NoticeError::Unknown(_) => crate::code::Code::NoticeUnknown,
            NoticeError::AlreadyDelivered { .. } => crate::code::Code::NoticeAlreadyDelivered,
            NoticeError::NoReceipt(_) => crate::code::Code::NoticeNoReceipt,
            NoticeError::NotDelivered(_) => crate::code::Code::NoticeNotDelivered,
            NoticeError::AlreadyReceipted { .. } => crate::code::Code::NoticeAlreadyReceipted,
            NoticeError::BeforeIssue { .. } => crate::code::Code::NoticeBeforeIssue,
            NoticeError::BeforeDelivery { .. } => crate::code::Code::NoticeBeforeDelivery,
            NoticeError::InTheFuture { .. } => crate::code::Code::NoticeInTheFuture,
        }
    }
}

/// A notice issued: its record and its PDF.
pub struct IssuedNotice {
    pub notice: Notice,
    pub content: NoticeContent,
    pub pdf: Vec<u8>,
    pub pages: usize,
}

/// The body of a notice, in the formal Chinese such letters are written in.
fn paragraphs(c: &NoticeContent) -> Vec<String> {
    let loan = format!(
        "贵公司在{}办理的{}（委托担保合同编号 {}），金额人民币 {} 元，期限自 {} 至 {}，由我公司提供连带责任保证担保。",
        c.lending_bank,
        c.product,
        c.contract_no,
        c.amount.grouped(),
        c.start,
        c.maturity
    );
    let contact = match &c.officer_phone {
        Some(p) => format!("如有疑问，请与我公司{}联系（电话 {p}）。", c.officer),
        None => format!("如有疑问，请与我公司{}联系。", c.officer),
    };
    match (c.kind, &c.overdue) {
        (NoticeKind::Maturity, _) => vec![
            format!("{loan}该笔担保将于 {} 到期。", c.maturity),
            "请贵公司提前筹措资金，于到期日前将贷款本息足额归还贷款银行，并在归还后将银行还款凭证复印件送交我公司，以便办理解除担保责任手续。".into(),
            "如贵公司预计到期不能足额归还，请于到期日前书面告知我公司并说明原因及还款安排；未经我公司书面同意，我公司不对展期、借新还旧承担担保责任。".into(),
            contact,
            "特此通知。".into(),
        ],
        (NoticeKind::RepaymentReminder, _) => vec![
            format!("{loan}该笔贷款将于 {} 到期。", c.maturity),
            format!(
                "请贵公司于 {} 前将应还本金及利息足额存入还款账户，按期归还，避免产生逾期、罚息及不良信用记录。",
                c.maturity
            ),
            contact,
            "特此提示。".into(),
        ],
        (NoticeKind::Overdue, Some(o)) => vec![
            format!(
                "{loan}该笔贷款应于 {} 归还的本息至今未归还，截至 {} 已逾期 {} 天，尚欠本金人民币 {} 元、利息人民币 {} 元，扣除已还款项后逾期余额合计人民币 {} 元。",
                o.due_on,
                c.issued_on,
                o.days,
                o.principal.grouped(),
                o.interest.grouped(),
                o.balance.grouped()
            ),
            format!(
                "我公司作为保证人，现正式催告贵公司于 {} 前归还上述全部逾期款项，并请贵公司法定代表人（或主要经营管理人员）于同日前到我公司面谈，制订还款计划，落实还款资金。",
                o.pay_by
            ),
            "逾期不还的，我公司将依照委托担保合同及反担保合同的约定采取措施，包括但不限于处置抵（质）押物、要求反担保人承担保证责任、向人民法院提起诉讼，由此产生的一切费用由贵公司承担。".into(),
            "请贵公司在下方回执上签章后交回我公司。".into(),
            contact,
            "特此通知。".into(),
        ],
        (NoticeKind::Overdue, None) => Vec::new(),
    }
}

/// Gathers what a notice of `kind` says for a guarantee on `issued_on`, numbering it as the next
/// of its kind. Refused as [`NoticeError`] says.
pub fn gather(
    store: &Store,
    id: GuaranteeId,
    kind: NoticeKind,
    issued_on: NaiveDate,
) -> Result<NoticeContent, NoticeError> {
    let g = store.guarantee(id)?;
    match (g.status, kind) {
        (GuaranteeStatus::Released, _) => return Err(NoticeError::Released),
        (GuaranteeStatus::Active, _) | (_, NoticeKind::Overdue) => {}
        (status, _) => return Err(NoticeError::NotActive(status)),
    }
    if let Some(open) = store
        .notices_of(id)?
        .into_iter()
        .find(|n| n.kind == kind && n.delivered_on.is_none())
    {
        return Err(NoticeError::Undelivered(open.document_no));
    }
    let policy = store.policy_in_force()?;
    let overdue = match kind {
        NoticeKind::Overdue => {
            let file = store.collection_file(id, issued_on, &policy)?;
            let o = file
                .overdue
                .filter(|o| o.cleared_on.is_none())
                .ok_or(NoticeError::NoOverdue)?;
            let mut gaps = crate::calendar::CalendarGaps::default();
            let calendar = store.calendar()?;
            Some(OverdueStatement {
                overdue_id: o.id,
                due_on: o.due_on,
                days: days_overdue(o.due_on, issued_on),
                principal: o.principal,
                interest: o.interest,
                balance: o.balance,
                pay_by: policy
                    .notices()
                    .overdue_pay_within
                    .after(issued_on, &calendar, &mut gaps),
            })
        }
        _ => None,
    };
    let borrower = store.borrower(g.borrower_id)?;
    let officer = store.officer(g.officer_a_id)?;
    let sequence = store.notice_count(id, kind)? + 1;
    let document = policy.document();
    let mut content = NoticeContent {
        format: NOTICE_FORMAT,
        kind,
        title: kind.label(crate::i18n::Locale::ZhCn).to_owned(),
        document_no: crate::numbering::notice(
            &document.number_prefix,
            kind.letters(),
            &store.laptop_code()?,
            issued_on,
            id,
            sequence,
        ),
        company: document.company,
        issued_on,
        borrower: borrower.name,
        borrower_address: borrower.address,
        contract_no: g.contract_no,
        lending_bank: g.lending_bank,
        product: g.product.label(crate::i18n::Locale::ZhCn).to_owned(),
        amount: g.amount,
        start: g.start_date,
        maturity: g.maturity_date,
        overdue,
        officer: officer.name,
        officer_phone: officer.phone,
        paragraphs: Vec::new(),
        receipt: kind.needs_receipt(),
    };
    content.paragraphs = paragraphs(&content);
    Ok(content)
}

/// Issues a notice dated `issued_on` (the app's day: the demo's, or today): gathered, rendered,
/// recorded with its PDF and sealed by this laptop at `now`.
pub fn issue(
    store: &mut Store,
    id: GuaranteeId,
    kind: NoticeKind,
    issued_on: NaiveDate,
    now: DateTime<FixedOffset>,
) -> Result<IssuedNotice, NoticeError> {
    let content = gather(store, id, kind, issued_on)?;
    let (pdf, pages) = pdf::render(&content, now);
    let notice = store.record_notice(id, &content, &pdf, now)?;
    Ok(IssuedNotice {
        notice,
        content,
        pdf,
        pages,
    })
}

pub fn notice_message(e: &crate::notices::NoticeError, l: Locale) -> String {
    use crate::notices::NoticeError as E;
    if l == Locale::En && !matches!(e, E::Store(_)) {
        return e.to_string();
    }
    let t = |cn: String, tw: String| if l == Locale::ZhTw { tw } else { cn };
    match e {
        E::Store(e) => crate::store::messages::store_message(e, l),
        E::Released => t(
            "这笔担保已解保，不能再发通知书。".into(),
            "這筆擔保已解保，不能再發通知書。".into(),
        ),
        E::NotActive(s) => t(
            format!(
                "这笔担保的状态是“{}”，到期通知与还款提示只发给在保的担保。",
                s.label(l)
            ),
            format!(
                "這筆擔保的狀態是「{}」，到期通知與還款提示只發給在保的擔保。",
                s.label(l)
            ),
        ),
        E::NoOverdue => t(
            "这笔担保没有未结清的逾期，不能发逾期催收通知书；请先登记逾期。".into(),
            "這筆擔保沒有未結清的逾期，不能發逾期催收通知書；請先登記逾期。".into(),
        ),
        E::Undelivered(no) => t(
            format!("同类通知书 {no} 尚未登记送达，请先登记送达再发新的。"),
            format!("同類通知書 {no} 尚未登記送達，請先登記送達再發新的。"),
        ),
        E::Unknown(no) => t(
            format!("没有编号为 {no} 的通知书。"),
            format!("沒有編號為 {no} 的通知書。"),
        ),
        E::AlreadyDelivered { document_no, on } => t(
            format!("通知书 {document_no} 已于 {on} 登记送达。"),
            format!("通知書 {document_no} 已於 {on} 登記送達。"),
        ),
        E::NoReceipt(no) => t(
            format!("通知书 {no} 没有回执。"),
            format!("通知書 {no} 沒有回執。"),
        ),
        E::NotDelivered(no) => t(
            format!("通知书 {no} 尚未送达，回执不可能已收回；请先登记送达。"),
            format!("通知書 {no} 尚未送達，回執不可能已收回；請先登記送達。"),
        ),
        E::AlreadyReceipted { document_no, on } => t(
            format!("通知书 {document_no} 的回执已于 {on} 登记收回。"),
            format!("通知書 {document_no} 的回執已於 {on} 登記收回。"),
        ),
        E::BeforeIssue { day, issued_on } => t(
            format!("日期 {day} 早于通知书的签发日 {issued_on}。"),
            format!("日期 {day} 早於通知書的簽發日 {issued_on}。"),
        ),
        E::BeforeDelivery { day, delivered_on } => t(
            format!("回执收回日 {day} 早于送达日 {delivered_on}。"),
            format!("回執收回日 {day} 早於送達日 {delivered_on}。"),
        ),
        E::InTheFuture { day, today } => t(
            format!("日期 {day} 晚于今天（{today}）。"),
            format!("日期 {day} 晚於今天（{today}）。"),
        ),
    }
}
