//! Withdrawal (撤保, seed 000 五、六): when the funds were not used as declared, the borrower gave
//! false information or committed fraud, or a major operating failure or large potential risk is
//! found, the risk department writes the check report and a proposal with its evidence, and the
//! general manager decides. The proposal is printed as the 撤销担保审批表, numbered, digested and
//! sealed like the report; the decision is recorded once.

mod pdf;
mod store;

use crate::i18n::{Locale, code_enum};
use crate::money::Money;
use crate::portfolio::{GuaranteeId, GuaranteeStatus};
use crate::store::{Store, StoreError};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

code_enum! {
    /// The conditions of seed 000 (五) under which the company withdraws its guarantee.
    pub enum WithdrawalGround: "withdrawal ground" {
        FundsMisused = "funds_misused" => ("担保贷款未按担保审报时的用途使用", "擔保貸款未按擔保審報時的用途使用", "Funds not used as declared"),
        FalseInformation = "false_information" => ("被担保企业提供虚假资料或具有欺诈行为", "被擔保企業提供虛假資料或具有欺詐行為", "False information or fraud"),
        MajorRisk = "major_risk" => ("出现重大经营失误或市场、财务等方面较大潜在风险", "出現重大經營失誤或市場、財務等方面較大潛在風險", "Major operating failure or large potential risk"),
    }
}

code_enum! {
    /// The general manager's decision.
    pub enum WithdrawalDecision: "withdrawal decision" {
        Approved = "approved" => ("同意撤保", "同意撤保", "Approved"),
        Rejected = "rejected" => ("不同意撤保", "不同意撤保", "Rejected"),
    }
}

/// A proposal as the officer writes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct NewWithdrawal {
    pub grounds: Vec<WithdrawalGround>,
    /// What the check found (检查报告).
    pub facts: String,
    /// The guarantee's warning signals offered as evidence.
    #[specta(type = Vec<u32>)]
    pub signal_ids: Vec<i64>,
    /// 处理意见: what the company should do (tell the bank, demand early repayment, enforce
    /// counter-guarantees …).
    pub proposal: String,
}

/// A signal as printed in the evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct EvidenceSignal {
    pub code: String,
    pub title: String,
    pub severity: String,
    pub found_on: NaiveDate,
    pub evidence: String,
}

/// The 撤销担保审批表 as issued.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct WithdrawalContent {
    pub format: u32,
    pub document_no: String,
    pub company: String,
    pub proposed_on: NaiveDate,
    pub borrower: String,
    pub contract_no: String,
    pub lending_bank: String,
    pub product: String,
    pub amount: Money,
    pub start: NaiveDate,
    pub maturity: NaiveDate,
    /// Every ground of the policy, with whether it is claimed.
    pub grounds: Vec<(String, bool)>,
    pub facts: String,
    pub signals: Vec<EvidenceSignal>,
    /// The 保后检查表 numbers of the guarantee, for the reader to pull.
    pub reports: Vec<String>,
    pub proposal: String,
    pub proposer: String,
}

pub const WITHDRAWAL_FORMAT: u32 = 1;

impl crate::sealed::SealedContent for WithdrawalContent {
    fn document_no(&self) -> &str {
        &self.document_no
    }
}

/// A proposal as the store keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct Withdrawal {
    #[specta(type = u32)]
    pub id: i64,
    #[specta(type = u32)]
    pub guarantee_id: GuaranteeId,
    pub document_no: String,
    pub proposed_on: NaiveDate,
    pub grounds: Vec<WithdrawalGround>,
    pub proposer: String,
    pub content_sha256: String,
    pub decision: Option<WithdrawalDecision>,
    pub decided_on: Option<NaiveDate>,
    pub decided_by: Option<String>,
    pub decision_note: Option<String>,
    /// An approved withdrawal: the day the lending bank was told, and how.
    pub bank_notified_on: Option<NaiveDate>,
    pub bank_notice_note: Option<String>,
}

/// Why a proposal or a decision cannot be recorded.
#[derive(Debug, thiserror::Error)]
pub enum WithdrawalError {
    #[error("the guarantee is {0:?}: only an active guarantee is withdrawn")]
    NotActive(GuaranteeStatus),
    #[error("name at least one of the grounds for withdrawal")]
    NoGround,
    #[error("write what the check found")]
    NoFacts,
    #[error("write the proposed handling")]
    NoProposal,
    #[error("offer at least one warning signal as evidence")]
    NoEvidence,
    #[error("signal {0} is not one of this guarantee's")]
    ForeignSignal(i64),
    #[error("proposal {0} is still waiting for the general manager's decision")]
    Pending(String),
    #[error("no withdrawal proposal {0}")]
    Unknown(String),
    #[error("proposal {document_no} was already decided on {on}")]
    AlreadyDecided { document_no: String, on: NaiveDate },
    #[error("the decision on {on} is before the proposal of {proposed_on}")]
    BeforeProposal {
        on: NaiveDate,
        proposed_on: NaiveDate,
    },
    #[error("the day {day} is after today ({today})")]
    InTheFuture { day: NaiveDate, today: NaiveDate },
    #[error("name who decided")]
    NoDecider,
    #[error("the withdrawal {document_no} was approved on {on} already")]
    AlreadyApproved { document_no: String, on: NaiveDate },
    #[error("proposal {0} was not approved: the bank is told only of an approved withdrawal")]
    NotApproved(String),
    #[error("the bank was told of withdrawal {document_no} on {on} already")]
    BankAlreadyNotified { document_no: String, on: NaiveDate },
    #[error("the bank notice on {on} is before the approval of {decided_on}")]
    BeforeApproval {
        on: NaiveDate,
        decided_on: NaiveDate,
    },
    /// The store failed underneath (a file, a disk, a lock).
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for WithdrawalError {
    fn from(e: rusqlite::Error) -> Self {
        WithdrawalError::Store(e.into())
    }
}

impl WithdrawalError {
    pub fn code(&self) -> crate::code::Code {
        match self {
            WithdrawalError::Store(e) => e.code(),
            WithdrawalError::NotActive(_) => crate::code::Code::WithdrawalNotActive,
            WithdrawalError::NoGround => crate::code::Code::WithdrawalNoGround,
            WithdrawalError::NoFacts => crate::code::Code::WithdrawalNoFacts,
            WithdrawalError::NoProposal => crate::code::Code::WithdrawalNoProposal,
            WithdrawalError::NoEvidence => crate::code::Code::WithdrawalNoEvidence,
            WithdrawalError::ForeignSignal(_) => crate::code::Code::WithdrawalForeignSignal,
            WithdrawalError::Pending(_) => crate::code::Code::WithdrawalPending,
            WithdrawalError::Unknown(_) => crate::code::Code::WithdrawalUnknown,
            WithdrawalError::AlreadyDecided { .. } => crate::code::Code::WithdrawalAlreadyDecided,
            WithdrawalError::BeforeProposal { .. } => crate::code::Code::WithdrawalBeforeProposal,
            WithdrawalError::InTheFuture { .. } => crate::code::Code::WithdrawalInTheFuture,
            WithdrawalError::NoDecider => crate::code::Code::WithdrawalNoDecider,
            WithdrawalError::NotApproved(_) => crate::code::Code::WithdrawalNotApproved,
            WithdrawalError::AlreadyApproved { .. } => crate::code::Code::WithdrawalAlreadyApproved,
            WithdrawalError::BankAlreadyNotified { .. } => {
                crate::code::Code::WithdrawalBankNotifiedTwice
            }
            WithdrawalError::BeforeApproval { .. } => {
                crate::code::Code::WithdrawalBankNoticeBeforeApproval
            }
        }
    }
}

/// Checks what the officer wrote, before the store is asked.
pub fn check(w: &NewWithdrawal) -> Result<(), WithdrawalError> {
    if w.grounds.is_empty() {
        return Err(WithdrawalError::NoGround);
    }
    if w.facts.trim().is_empty() {
        return Err(WithdrawalError::NoFacts);
    }
    if w.signal_ids.is_empty() {
        return Err(WithdrawalError::NoEvidence);
    }
    if w.proposal.trim().is_empty() {
        return Err(WithdrawalError::NoProposal);
    }
    Ok(())
}

/// Gathers the 撤销担保审批表, refusing what cannot be proposed.
pub fn gather(
    store: &Store,
    id: GuaranteeId,
    w: &NewWithdrawal,
    proposed_on: NaiveDate,
    proposer: &str,
) -> Result<WithdrawalContent, WithdrawalError> {
    check(w)?;
    let g = store.guarantee(id)?;
    if g.status != GuaranteeStatus::Active {
        return Err(WithdrawalError::NotActive(g.status));
    }
    let earlier = store.withdrawals_of(id)?;
    if let Some(p) = earlier.iter().find(|p| p.decision.is_none()) {
        return Err(WithdrawalError::Pending(p.document_no.clone()));
    }
    if let Some(p) = earlier
        .iter()
        .find(|p| p.decision == Some(WithdrawalDecision::Approved))
    {
        return Err(WithdrawalError::AlreadyApproved {
            document_no: p.document_no.clone(),
            on: p.decided_on.unwrap_or(p.proposed_on),
        });
    }
    let signals = store.signals_of(id)?;
    let mut evidence = Vec::new();
    for sid in &w.signal_ids {
        let s = signals
            .iter()
            .find(|s| s.id == *sid)
            .ok_or(WithdrawalError::ForeignSignal(*sid))?;
        evidence.push(EvidenceSignal {
            code: s.code.clone(),
            title: s.title.clone(),
            severity: s.severity.label(Locale::ZhCn).to_owned(),
            found_on: s.found_on,
            evidence: s.evidence.clone(),
        });
    }
    let borrower = store.borrower(g.borrower_id)?;
    let policy = store.policy_in_force()?;
    let document = policy.document();
    let sequence = u32::try_from(earlier.len()).unwrap_or(u32::MAX - 1) + 1;
    Ok(WithdrawalContent {
        format: WITHDRAWAL_FORMAT,
        document_no: crate::numbering::withdrawal(
            &document.number_prefix,
            &store.laptop_code()?,
            proposed_on,
            id,
            sequence,
        ),
        company: document.company,
        proposed_on,
        borrower: borrower.name,
        contract_no: g.contract_no,
        lending_bank: g.lending_bank,
        product: g.product.label(Locale::ZhCn).to_owned(),
        amount: g.amount,
        start: g.start_date,
        maturity: g.maturity_date,
        grounds: WithdrawalGround::ALL
            .iter()
            .map(|x| (x.label(Locale::ZhCn).to_owned(), w.grounds.contains(x)))
            .collect(),
        facts: w.facts.trim().to_owned(),
        signals: evidence,
        reports: store.report_numbers(id)?,
        proposal: w.proposal.trim().to_owned(),
        proposer: proposer.to_owned(),
    })
}

/// A proposal issued: its record and its PDF.
pub struct IssuedWithdrawal {
    pub withdrawal: Withdrawal,
    pub content: WithdrawalContent,
    pub pdf: Vec<u8>,
    pub pages: usize,
}

/// Proposes a withdrawal dated `proposed_on`: gathered, rendered, recorded and sealed.
pub fn issue(
    store: &mut Store,
    id: GuaranteeId,
    w: &NewWithdrawal,
    proposed_on: NaiveDate,
    proposer: &str,
    now: DateTime<FixedOffset>,
) -> Result<IssuedWithdrawal, WithdrawalError> {
    let content = gather(store, id, w, proposed_on, proposer)?;
    let (pdf, pages) = pdf::render(
        &content,
        &store.policy_in_force()?.document().approvers,
        now,
    );
    let withdrawal = store.record_withdrawal(id, &w.grounds, &content, &pdf, now)?;
    Ok(IssuedWithdrawal {
        withdrawal,
        content,
        pdf,
        pages,
    })
}

/// Why a compensation or a recovery was refused, in the user's language.
pub fn withdrawal_message(e: &crate::withdrawal::WithdrawalError, l: Locale) -> String {
    use crate::withdrawal::WithdrawalError as E;
    if l == Locale::En && !matches!(e, E::Store(_)) {
        return e.to_string();
    }
    let t = |cn: String, tw: String| if l == Locale::ZhTw { tw } else { cn };
    match e {
        E::Store(e) => crate::store::messages::store_message(e, l),
        E::NotActive(s) => t(
            format!("这笔担保的状态是“{}”，只有在保的担保才能撤保。", s.label(l)),
            format!(
                "這筆擔保的狀態是「{}」，只有在保的擔保才能撤保。",
                s.label(l)
            ),
        ),
        E::NoGround => t(
            "请勾选至少一项撤保事由。".into(),
            "請勾選至少一項撤保事由。".into(),
        ),
        E::NoFacts => t("请写明检查情况。".into(), "請寫明檢查情況。".into()),
        E::NoProposal => t("请写明处理意见。".into(), "請寫明處理意見。".into()),
        E::NoEvidence => t(
            "请选择至少一条预警信号作为证据。".into(),
            "請選擇至少一條預警信號作為證據。".into(),
        ),
        E::ForeignSignal(id) => t(
            format!("预警信号 {id} 不属于这笔担保。"),
            format!("預警信號 {id} 不屬於這筆擔保。"),
        ),
        E::Pending(no) => t(
            format!("撤保申请 {no} 尚待总经理审批，不能再提新的申请。"),
            format!("撤保申請 {no} 尚待總經理審批，不能再提新的申請。"),
        ),
        E::Unknown(no) => t(
            format!("没有编号为 {no} 的撤保申请。"),
            format!("沒有編號為 {no} 的撤保申請。"),
        ),
        E::AlreadyDecided { document_no, on } => t(
            format!("撤保申请 {document_no} 已于 {on} 审批。"),
            format!("撤保申請 {document_no} 已於 {on} 審批。"),
        ),
        E::BeforeProposal { on, proposed_on } => t(
            format!("审批日 {on} 早于申请日 {proposed_on}。"),
            format!("審批日 {on} 早於申請日 {proposed_on}。"),
        ),
        E::InTheFuture { day, today } => t(
            format!("日期 {day} 晚于今天（{today}）。"),
            format!("日期 {day} 晚於今天（{today}）。"),
        ),
        E::NoDecider => t("请填写审批人。".into(), "請填寫審批人。".into()),
        E::AlreadyApproved { document_no, on } => t(
            format!("撤保申请 {document_no} 已于 {on} 获批，无需再次申请。"),
            format!("撤保申請 {document_no} 已於 {on} 獲批，無需再次申請。"),
        ),
        E::NotApproved(no) => t(
            format!("撤保申请 {no} 未获批准，无需通知贷款银行。"),
            format!("撤保申請 {no} 未獲批准，無需通知貸款銀行。"),
        ),
        E::BankAlreadyNotified { document_no, on } => t(
            format!("撤保 {document_no} 已于 {on} 通知贷款银行。"),
            format!("撤保 {document_no} 已於 {on} 通知貸款銀行。"),
        ),
        E::BeforeApproval { on, decided_on } => t(
            format!("通知银行日 {on} 早于批准日 {decided_on}。"),
            format!("通知銀行日 {on} 早於批准日 {decided_on}。"),
        ),
    }
}

#[cfg(test)]
mod tests {
    /// A refusal in full (its Debug form: the variant and every field), to compare.
    fn shown(r: Result<(), WithdrawalError>) -> String {
        format!("{r:?}")
    }

    use super::*;

    #[test]
    fn a_proposal_needs_a_ground_facts_evidence_and_a_handling() {
        let full = NewWithdrawal {
            grounds: vec![WithdrawalGround::FundsMisused],
            facts: "贷款 300 万元中 120 万元转入股东个人账户用于购买理财".into(),
            signal_ids: vec![7],
            proposal: "书面通知贷款银行撤保，要求借款人提前归还 120 万元并追加抵押".into(),
        };
        assert_eq!(shown(check(&full)), shown(Ok(())));
        let cases = [
            (
                NewWithdrawal {
                    grounds: vec![],
                    ..full.clone()
                },
                WithdrawalError::NoGround,
            ),
            (
                NewWithdrawal {
                    facts: " ".into(),
                    ..full.clone()
                },
                WithdrawalError::NoFacts,
            ),
            (
                NewWithdrawal {
                    signal_ids: vec![],
                    ..full.clone()
                },
                WithdrawalError::NoEvidence,
            ),
            (
                NewWithdrawal {
                    proposal: "".into(),
                    ..full.clone()
                },
                WithdrawalError::NoProposal,
            ),
        ];
        for (w, e) in cases {
            assert_eq!(shown(check(&w)), shown(Err(e)));
        }
    }
}
