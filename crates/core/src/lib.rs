//! Baohou core: everything the field officer's app knows, with no GUI dependency.
//!
//! One module per domain idea, by layer (each imports only its own layer and those below; the
//! rule is written in `docs/architecture.md` and held by `tests/layers.rs`):
//!
//! 1. The ground: [`i18n`] (locales, the labels of coded values), [`code`] (the code of every
//!    error an officer sees), [`money`] (exact 人民币 amounts, numbers as typed), [`calendar`]
//!    (the official working-day calendar and periods), [`files`] (files written whole),
//!    [`datafile`] (company TOML files with errors that name the key and the line),
//!    [`readahead`], [`digest`] (SHA-256).
//! 2. The domain's values and rules, with no storage: [`portfolio`] (officers, borrowers,
//!    guarantees, counter-guarantees), [`policy`] (the company's 保后管理制度 as data, and the
//!    kinds of duty, notice and signal grade it speaks of), [`signals`] (the catalogue and the
//!    rules that raise them), [`checklist`] (the template as data), [`numbering`] (numbers
//!    unique across the company), [`visit`] (a visit and what it records), [`draft`] (the visit
//!    as edited, and its review), [`evidence`] (photos that cannot be faked or re-used),
//!    [`photos`] (photo files read), [`collection`] (overdue and collection),
//!    [`enforcement`], [`recovery`] (代偿 and 追偿), [`sealed`] (what every sealed document
//!    shares: digest, seal, the A4 page), [`tasks`] (the task engine), [`protocol`] (the wire
//!    between the laptop and head office).
//! 3. The floor: [`store`], the encrypted SQLite file, its migrations and typed table access.
//! 4. What the product does with stored facts: the sealed documents, each a folder with its
//!    rules, table code and PDF ([`report`] the 保后检查表, [`notices`], [`release`],
//!    [`withdrawal`], [`collection_record`]), [`sheets`] (the office's spreadsheets),
//!    [`sync`] (the outbox sent, head office's updates applied), [`closing`] (a task closed by
//!    a record), [`overview`], [`privacy`] (retention and export), [`demo`].
//! 5. [`messages`]: every error as the window and the CLI show it.
//! 6. [`session`]: the calls the window and the CLI make, one per user action.

pub mod briefing;
pub mod calendar;
pub mod checklist;
pub mod closing;
pub mod code;
pub mod collection;
pub mod collection_record;
pub mod datafile;
pub mod demo;
pub mod digest;
pub mod draft;
pub mod enforcement;
pub mod evidence;
pub mod extension;
pub mod files;
pub mod i18n;
pub mod messages;
pub mod money;
pub mod notices;
pub mod numbering;
pub mod overview;
pub mod photos;
pub mod policy;
pub mod portfolio;
pub mod privacy;
pub mod protocol;
pub mod quarterly;
pub mod readahead;
pub mod recovery;
pub mod release;
pub mod report;
pub mod route;
pub mod sealed;
pub mod session;
pub mod sheets;
pub mod signals;
pub mod store;
pub mod sync;
pub mod tasks;
pub mod visit;
pub mod withdrawal;

pub use i18n::Locale;
pub use money::Money;
pub use store::{OpenMode, Store, StoreError};
