//! A signal recorded from the guarantee's file, without a visit: the facts came by another road
//! (the lending bank's notice of a loan called in, a court's ruling, the credit or enforcement
//! records, someone who knows). Seed 004 (三) lists the signals however they become known, and
//! 004 ② "根据担保的预警提示…进行专项检查": once recorded, the rules owe its check and reports as
//! for one seen on a visit.

use super::{NewSignal, SignalCatalog};
use crate::i18n::{Locale, code_enum};
use crate::portfolio::{Guarantee, GuaranteeStatus};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

code_enum! {
    /// Where a signal recorded from the file came from.
    pub enum SignalSource: "signal source" {
        BankNotice = "bank_notice" => ("贷款银行通知", "貸款銀行通知", "The lending bank's notice"),
        CourtNotice = "court_notice" => ("法院文书", "法院文書", "A court's notice or ruling"),
        PublicRecord = "public_record" => ("公开信息（工商、征信、涉诉、被执行）", "公開資訊（工商、徵信、涉訴、被執行）", "Public records (registry, credit, lawsuits, enforcement)"),
        Informant = "informant" => ("知情人反映", "知情人反映", "Someone who knows"),
        Other = "other" => ("其他", "其他", "Other"),
    }
}

/// A signal the officer records from the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct NewFileSignal {
    /// The catalogue's code (W21, X05 …).
    pub code: String,
    /// The day it became known; its deadlines run from here.
    pub found_on: NaiveDate,
    pub source: SignalSource,
    /// What the document or the person says: its number, the figures, who said what.
    pub evidence: String,
}

/// Why a signal cannot be recorded from the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileSignalError {
    #[error("{0} is not a signal of the catalogue")]
    Unknown(String),
    #[error("the signal needs what the document or the person says")]
    NoEvidence,
    #[error("the day {day} is after today ({today})")]
    InTheFuture { day: NaiveDate, today: NaiveDate },
    #[error("the guarantee is {0}: a signal is recorded on a guarantee still owed")]
    Closed(GuaranteeStatus),
    #[error("{code} has been open on this guarantee since {since}")]
    AlreadyOpen { code: String, since: NaiveDate },
}

impl FileSignalError {
    pub fn code(&self) -> crate::code::Code {
        use crate::code::Code;
        match self {
            FileSignalError::Unknown(_) => Code::SignalUnknown,
            FileSignalError::NoEvidence => Code::SignalNoEvidence,
            FileSignalError::InTheFuture { .. } => Code::InTheFuture,
            FileSignalError::Closed(_) => Code::CollectionClosed,
            FileSignalError::AlreadyOpen { .. } => Code::SignalAlreadyOpen,
        }
    }
}

/// The signal to store, or why not: its code in the catalogue, some evidence, a day not after
/// `today`, a guarantee not released. The evidence is kept with its source in front
/// ("法院文书：…"), so that it reads the same on every screen and page.
pub fn signal_from_file(
    g: &Guarantee,
    entry: &NewFileSignal,
    catalog: &SignalCatalog,
    today: NaiveDate,
) -> Result<NewSignal, FileSignalError> {
    let code = entry.code.trim();
    let definition = catalog
        .get(code)
        .ok_or_else(|| FileSignalError::Unknown(code.to_owned()))?;
    let evidence = entry.evidence.trim();
    if evidence.is_empty() {
        return Err(FileSignalError::NoEvidence);
    }
    if entry.found_on > today {
        return Err(FileSignalError::InTheFuture {
            day: entry.found_on,
            today,
        });
    }
    if g.status == GuaranteeStatus::Released {
        return Err(FileSignalError::Closed(g.status));
    }
    Ok(NewSignal::from_catalog(
        definition,
        g.id,
        None,
        format!("{}：{evidence}", entry.source.label(Locale::ZhCn)),
        entry.found_on,
    ))
}

pub fn file_signal_message(e: &FileSignalError, l: Locale) -> String {
    use FileSignalError as E;
    if l == Locale::En {
        return e.to_string();
    }
    let t = |cn: String, tw: String| if l == Locale::ZhTw { tw } else { cn };
    match e {
        E::Unknown(code) => t(
            format!("“{code}”不是预警信号目录中的代码。"),
            format!("「{code}」不是預警信號目錄中的代碼。"),
        ),
        E::NoEvidence => t(
            "请写明依据：文书名称与编号、数字，或谁反映了什么。".into(),
            "請寫明依據：文書名稱與編號、數字，或誰反映了什麼。".into(),
        ),
        E::InTheFuture { day, today } => t(
            format!("发现日 {day} 晚于今天（{today}）。"),
            format!("發現日 {day} 晚於今天（{today}）。"),
        ),
        E::Closed(s) => t(
            format!("这笔担保的状态是“{}”，不再登记预警信号。", s.label(l)),
            format!("這筆擔保的狀態是「{}」，不再登記預警信號。", s.label(l)),
        ),
        E::AlreadyOpen { code, since } => t(
            format!("{code} 自 {since} 起仍未解除：请在原信号下补充，不要重复登记。"),
            format!("{code} 自 {since} 起仍未解除：請在原信號下補充，不要重複登記。"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn guarantee(status: GuaranteeStatus) -> Guarantee {
        let mut store = crate::store::Store::open_in_memory().unwrap();
        let (_, id) = crate::store::tests::seed_minimal(&mut store);
        Guarantee {
            status,
            ..store.guarantee(id).unwrap()
        }
    }

    #[test]
    fn a_court_notice_becomes_the_catalogues_signal_with_its_source_in_front() {
        let catalog = SignalCatalog::builtin();
        let entry = NewFileSignal {
            code: " W21 ".into(),
            found_on: d("2026-11-20"),
            source: SignalSource::CourtNotice,
            evidence: "（2026）浙0402民初1234号 起诉状副本：供应商诉欠货款 860 万元，已冻结基本户"
                .into(),
        };
        let s = signal_from_file(
            &guarantee(GuaranteeStatus::Active),
            &entry,
            &catalog,
            d("2026-11-23"),
        )
        .unwrap();
        assert_eq!(
            (&*s.code, s.visit_id, s.found_on),
            ("W21", None, d("2026-11-20"))
        );
        assert_eq!(s.severity, catalog.get("W21").unwrap().severity);
        assert!(
            s.evidence.starts_with("法院文书：（2026）浙0402民初1234号"),
            "{}",
            s.evidence
        );
    }

    #[test]
    fn an_unknown_code_no_evidence_a_future_day_or_a_released_guarantee_is_refused() {
        let catalog = SignalCatalog::builtin();
        let active = guarantee(GuaranteeStatus::Active);
        let entry = |code: &str, on: &str, evidence: &str| NewFileSignal {
            code: code.into(),
            found_on: d(on),
            source: SignalSource::BankNotice,
            evidence: evidence.into(),
        };
        let today = d("2026-11-23");
        assert_eq!(
            signal_from_file(&active, &entry("W99", "2026-11-20", "x"), &catalog, today),
            Err(FileSignalError::Unknown("W99".into()))
        );
        assert_eq!(
            signal_from_file(&active, &entry("W26", "2026-11-20", "  "), &catalog, today),
            Err(FileSignalError::NoEvidence)
        );
        assert_eq!(
            signal_from_file(&active, &entry("W26", "2026-11-24", "x"), &catalog, today),
            Err(FileSignalError::InTheFuture {
                day: d("2026-11-24"),
                today
            })
        );
        assert_eq!(
            signal_from_file(
                &guarantee(GuaranteeStatus::Released),
                &entry("W26", "2026-11-20", "x"),
                &catalog,
                today
            ),
            Err(FileSignalError::Closed(GuaranteeStatus::Released))
        );
        assert_eq!(
            file_signal_message(&FileSignalError::Unknown("W99".into()), Locale::ZhCn),
            "“W99”不是预警信号目录中的代码。"
        );
    }
}
