//! Baohou core: everything the field officer's app knows, with no GUI dependency.
//!
//! One module per domain idea:
//! - [`calendar`]: the official working-day calendar and periods ("2 个工作日", "6 个月");
//! - [`checklist`]: the visit checklist template (sections A–F) as data;
//! - [`datafile`]: company data files (TOML) with errors that name the key and the line;
//! - [`digest`]: SHA-256 in lowercase hex, as every file and document is named by;
//! - [`money`]: exact 人民币 amounts;
//! - [`numbering`]: document numbers unique across the company (the laptop's code);
//! - [`overview`]: the portfolio at a glance (shares, the overdue trend, maturities ahead);
//! - [`photos`]: visit photos read from files: bytes, hash, EXIF time and place, thumbnails;
//! - [`policy`]: the company's 保后管理制度 as data (intervals, deadlines, thresholds);
//! - [`portfolio`]: officers, borrowers, guarantees, counter-guarantees;
//! - [`recovery`]: compensation (代偿) and recovery (追偿), to the 分;
//! - [`visit`]: a visit and its checklist, stock count, interviews, financials, photos;
//! - [`signals`]: the warning-signal catalogue and raised signals;
//! - [`tasks`]: what an officer owes and by when (from the store, or from a portfolio file);
//! - [`closing`]: a task closed by a record of what was done (reviews, plans, same-day reports);
//! - [`store`]: the offline SQLite store and its migrations;
//! - [`sheets`]: the office's spreadsheets: the 台账 and plans exported, the core system's file
//!   imported, the checklist template edited in Excel;
//! - [`demo`]: the demo portfolio;
//! - [`session`]: the open database as the desktop shell sees it;
//! - [`messages`]: what an officer reads when something goes wrong, per locale;
//! - [`i18n`]: locales and the labels of coded values.

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
pub mod readahead;
pub mod recovery;
pub mod release;
pub mod report;
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
