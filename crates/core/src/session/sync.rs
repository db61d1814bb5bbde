//! Head office from the window: where it is, the outbox with each report's state, and "sync
//! now". A sync runs on its own connection to the database (never under the window's lock), so
//! the window stays responsive however slow the network.

use super::Session;
use crate::i18n::Locale;
use crate::messages::UserError;
use crate::store::{DbKey, OpenMode, OutboxEntry, OutboxState, Store, StoreError};
use crate::sync::client::{Server, check_address, sync_outbox};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

const SERVER_KEY: &str = "sync_server";
const TOKEN_KEY: &str = "sync_device_token";
const AUTHORITY_KEY: &str = "sync_authority_pem";

/// A document in the outbox, worded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct OutboxRow {
    pub entry: OutboxEntry,
    /// 保后检查表, 通知书 …
    pub kind_label: String,
    pub state_label: String,
    /// 0–100 while sending.
    pub percent: u32,
}

/// The sync screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct OutboxView {
    /// Head office's address, if set.
    pub server: Option<String>,
    /// A device token is stored (it is never shown again).
    pub enrolled: bool,
    /// A company certificate authority is trusted for head office's certificate.
    pub authority: bool,
    /// The fingerprint of this laptop's signing key (made with its first final report), to
    /// compare with head office's record.
    pub signing_key: Option<String>,
    /// This laptop's code, which every document number it issues carries.
    pub laptop_code: String,
    /// Head office accepted the code (at the address it was registered with).
    pub laptop_code_registered: bool,
    pub waiting: u32,
    pub rows: Vec<OutboxRow>,
}

/// What "sync now" did, in one sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct SyncOutcome {
    pub sent: u32,
    pub rejected: u32,
    pub retrying: u32,
    /// Head office could not be reached.
    pub offline: bool,
    pub message: String,
}

impl Session {
    /// The outbox (the sync screen refreshes it every few seconds: not the officer's use).
    pub fn outbox(&self, locale: Locale) -> Result<OutboxView, UserError> {
        let store = self.store_unused(locale)?;
        outbox_view(store, locale).map_err(|e| UserError::from_store(&e, locale))
    }

    /// Sets head office's address and, when given, this laptop's device token (an empty token
    /// keeps the one stored).
    pub fn set_sync_settings(
        &mut self,
        locale: Locale,
        server: &str,
        token: &str,
    ) -> Result<OutboxView, UserError> {
        crate::store::check_texts(&[server, token])
            .map_err(|e| UserError::from_store(&e, locale))?;
        let server = server.trim().trim_end_matches('/');
        // The client's own rule: https://, or http:// to this computer only.
        if let Err(e) = check_address(server) {
            return Err(UserError {
                code: crate::code::Code::BadServerAddress,
                message: crate::messages::sync_message(&e, locale),
            });
        }
        let store = self.store_mut(locale)?;
        let err = |e: StoreError| UserError::from_store(&e, locale);
        store.set_meta(SERVER_KEY, server).map_err(err)?;
        if !token.trim().is_empty() {
            store.set_meta(TOKEN_KEY, token.trim()).map_err(err)?;
        }
        outbox_view(store, locale).map_err(err)
    }

    /// Trusts a company certificate authority (PEM) for head office's certificate; an empty text
    /// trusts the public authorities only.
    pub fn set_sync_authority(
        &mut self,
        locale: Locale,
        pem: &str,
    ) -> Result<OutboxView, UserError> {
        // A company's chain of a few certificates is a few thousand characters; far more is not
        // a certificate file.
        const MAX_PEM_CHARS: usize = 256 * 1024;
        let chars = pem.chars().count();
        if chars > MAX_PEM_CHARS {
            return Err(UserError::from_store(
                &StoreError::TextTooLong {
                    chars,
                    max: MAX_PEM_CHARS,
                },
                locale,
            ));
        }
        let pem = pem.trim();
        if !pem.is_empty()
            && let Err(e) = Server::with_authority(
                "https://localhost",
                "-",
                Duration::from_secs(1),
                Some(pem.as_bytes()),
            )
        {
            return Err(UserError {
                code: crate::code::Code::BadAuthority,
                message: crate::messages::sync_message(&e, locale),
            });
        }
        let store = self.store_mut(locale)?;
        let err = |e: StoreError| UserError::from_store(&e, locale);
        store.set_meta(AUTHORITY_KEY, pem).map_err(err)?;
        outbox_view(store, locale).map_err(err)
    }

    /// The database file.
    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    /// What a sync on its own connection needs; refused while locked (nothing is sent until
    /// the officer unlocks: the key is not kept for it).
    pub fn sync_access(&self, locale: Locale) -> Result<SyncAccess, UserError> {
        // A sync writes (the outbox): only once the open-time check has passed.
        if let Some(o) = &self.open {
            o.store
                .integrity(true)
                .map_err(|e| UserError::from_store(&e, locale))?;
        }
        self.open
            .as_ref()
            .map(|o| SyncAccess {
                db: self.db_path.clone(),
                key: o.key.clone(),
                file_lock: self.file_lock.clone(),
            })
            .ok_or_else(|| super::lock::locked_error(locale))
    }
}

/// The database file, its key, and the lock that keeps a passphrase change from replacing the
/// file under a running sync.
#[derive(Clone, Debug)]
pub struct SyncAccess {
    db: PathBuf,
    key: DbKey,
    file_lock: Arc<RwLock<()>>,
}

fn outbox_view(store: &Store, locale: Locale) -> Result<OutboxView, StoreError> {
    let rows: Vec<OutboxRow> = store
        .outbox()?
        .into_iter()
        .map(|entry| OutboxRow {
            kind_label: entry.kind.label(locale).to_owned(),
            state_label: entry.state.label(locale).to_owned(),
            percent: if entry.state == OutboxState::Sent {
                100
            } else {
                entry
                    .bytes_done
                    .saturating_mul(100)
                    .checked_div(entry.bytes_total)
                    .map_or(0, |p| u32::try_from(p).unwrap_or(100).min(99))
            },
            entry,
        })
        .collect();
    let code = store.laptop_code_in_use()?;
    let server = store.meta(SERVER_KEY)?;
    Ok(OutboxView {
        laptop_code: code.code.to_string(),
        laptop_code_registered: match (&code.registered_with, &server) {
            (Some(with), Some(server)) => with.starts_with(&format!("{server}#")),
            _ => false,
        },
        server,
        enrolled: store.meta(TOKEN_KEY)?.is_some(),
        authority: store
            .meta(AUTHORITY_KEY)?
            .is_some_and(|pem| !pem.trim().is_empty()),
        signing_key: store
            .laptop_public_key()?
            .map(|k| crate::sealed::seal::fingerprint(&k)),
        waiting: u32::try_from(
            rows.iter()
                .filter(|r| r.entry.state != OutboxState::Sent)
                .count(),
        )
        .unwrap_or(u32::MAX),
        rows,
    })
}

/// Sends every waiting report now, refused ones included ("sync now").
pub fn sync_now(access: &SyncAccess, locale: Locale) -> Result<SyncOutcome, UserError> {
    run(access, locale, true)
}

/// Sends the reports whose wait is over; `None` when there is nothing due or no head office set
/// (the app's background worker calls this every minute).
pub fn sync_due(access: &SyncAccess, locale: Locale) -> Option<SyncOutcome> {
    run(access, locale, false)
        .ok()
        .filter(|o| o.sent + o.rejected + o.retrying > 0)
}

/// The pre-sync step, the same from the window and the CLI: a guarantee whose collection changed
/// since its last 催收记录 gets a new one, to go to head office with the rest. The sync runs it
/// once the laptop's code is registered. Returns the numbers issued.
pub fn documents_before_sync(
    store: &mut Store,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<Vec<String>, StoreError> {
    crate::collection_record::issue_changed(store, now)
}

fn run(access: &SyncAccess, locale: Locale, retry_all: bool) -> Result<SyncOutcome, UserError> {
    let err = |e: StoreError| UserError::from_store(&e, locale);
    let _shared = access.file_lock.read().unwrap_or_else(|p| p.into_inner());
    let mut store = Store::open(&access.db, OpenMode::Existing, &access.key).map_err(err)?;
    let (Some(server), Some(token)) = (
        store.meta(SERVER_KEY).map_err(err)?,
        store.meta(TOKEN_KEY).map_err(err)?,
    ) else {
        return Err(UserError {
            code: crate::code::Code::SyncNotConfigured,
            message: locale
                .pick(
                    "尚未设置总部服务器地址和本机设备令牌，请先在“同步”页填写。",
                    "尚未設定總部伺服器位址和本機設備令牌，請先在「同步」頁填寫。",
                    "Head office's address and this laptop's device token are not set yet.",
                )
                .to_owned(),
        });
    };
    let authority = store
        .meta(AUTHORITY_KEY)
        .map_err(err)?
        .filter(|pem| !pem.trim().is_empty());
    let server = Server::with_authority(
        &server,
        &token,
        Duration::from_secs(30),
        authority.as_deref().map(str::as_bytes),
    )
    .map_err(|e| UserError {
        code: crate::code::Code::SyncFailed,
        message: crate::messages::sync_message(&e, locale),
    })?;
    let summary = sync_outbox(
        locale,
        &mut store,
        &server,
        retry_all,
        &documents_before_sync,
    )
    .map_err(err)?;
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let offline = summary.offline;
    let message = if offline {
        locale
            .pick(
                "连不上总部服务器（可能没有网络）：检查表都已保留，联网后会自动发送。",
                "連不上總部伺服器（可能沒有網路）：檢查表都已保留，連網後會自動發送。",
                "Head office cannot be reached (no network?): every report is kept and goes once online.",
            )
            .to_owned()
    } else {
        format!(
            "{} {} · {} {} · {} {}",
            locale.pick("已送达", "已送達", "sent"),
            summary.sent.len(),
            locale.pick("被拒收", "被拒收", "refused"),
            summary.rejected.len(),
            locale.pick("稍后重试", "稍後重試", "to retry"),
            summary.retrying.len()
        )
    };
    let message = match (&summary.code_redrawn, &summary.code_failed) {
        (Some((taken, new)), _) => format!(
            "{message}。{}",
            crate::messages::laptop_code_redrawn(taken, new, locale)
        ),
        (None, Some(why)) => format!("{message}。{why}"),
        (None, None) => message,
    };
    let message = match (&summary.updates_failed, summary.updates_applied) {
        (Some(why), _) => format!("{message}。{why}"),
        (None, 0) => message,
        (None, n) => format!(
            "{message} · {} {n}",
            locale.pick(
                "已应用总部更新",
                "已套用總部更新",
                "head office updates applied"
            )
        ),
    };
    Ok(SyncOutcome {
        sent: count(summary.sent.len()),
        rejected: count(summary.rejected.len()),
        retrying: count(summary.retrying.len()),
        offline,
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outbox_lists_completed_reports_and_a_sync_without_head_office_says_what_is_missing() {
        let (_dir, mut session) =
            crate::session::demo_session(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        let view = session.outbox(Locale::ZhCn).unwrap();
        assert_eq!((view.server.as_deref(), view.enrolled), (None, false));
        assert!(view.waiting >= 1);
        let row = &view.rows[0];
        assert_eq!(row.entry.state, OutboxState::Queued);
        assert_eq!((row.state_label.as_str(), row.percent), ("待发送", 0));
        assert!(!row.entry.borrower.is_empty() && !row.entry.contract_no.is_empty());

        let err = sync_now(&session.sync_access(Locale::ZhCn).unwrap(), Locale::ZhCn).unwrap_err();
        assert_eq!(err.code, "sync_not_configured");
        let err = session
            .set_sync_settings(Locale::ZhCn, "hq.example.cn", "t")
            .unwrap_err();
        assert_eq!(err.code, "bad_server_address");
        // The token would travel in clear beyond this computer.
        let err = session
            .set_sync_settings(Locale::ZhCn, "http://10.1.2.3:8080", "t")
            .unwrap_err();
        assert_eq!(err.code, "bad_server_address");
        assert!(err.message.contains("https://"), "{}", err.message);

        // Nothing listens on the discard port: offline, kept, with a next attempt.
        let view = session
            .set_sync_settings(Locale::ZhCn, "http://127.0.0.1:9/", "bh_token")
            .unwrap();
        assert_eq!(view.server.as_deref(), Some("http://127.0.0.1:9"));
        assert!(view.enrolled);
        let outcome = sync_now(&session.sync_access(Locale::ZhCn).unwrap(), Locale::ZhCn).unwrap();
        assert!(outcome.offline, "{outcome:?}");
        assert!(
            outcome.message.starts_with("连不上总部服务器"),
            "{}",
            outcome.message
        );
        let row = &session.outbox(Locale::ZhCn).unwrap().rows[0];
        assert_ne!(row.entry.state, OutboxState::Sent);
        assert!(row.entry.next_attempt_at.is_some());
        assert!(row.entry.last_error.as_deref().unwrap().contains("连不上"));
        // Its wait is not over: the background worker leaves it alone.
        assert_eq!(
            sync_due(&session.sync_access(Locale::ZhCn).unwrap(), Locale::ZhCn),
            None
        );
        // An empty token keeps the stored one.
        let view = session
            .set_sync_settings(Locale::En, "https://hq.example.cn", " ")
            .unwrap();
        assert!(view.enrolled);
        assert!(!view.authority);

        // A company CA: refused when it is not a certificate, kept when it is, cleared by empty.
        let err = session
            .set_sync_authority(
                Locale::ZhCn,
                "-----BEGIN CERTIFICATE-----\nnonsense\n-----END CERTIFICATE-----",
            )
            .unwrap_err();
        assert_eq!(err.code, "bad_authority");
        assert!(err.message.contains("根证书"), "{}", err.message);
        let view = session.set_sync_authority(Locale::ZhCn, TEST_CA).unwrap();
        assert!(view.authority);
        let view = session.set_sync_authority(Locale::ZhCn, " ").unwrap();
        assert!(!view.authority);
    }

    /// A self-signed CA certificate (openssl, P-256), as a company would paste it.
    const TEST_CA: &str = "-----BEGIN CERTIFICATE-----
MIIBiDCCAS+gAwIBAgIUALMmnQgNwxbivtwD457z0Idx6qgwCgYIKoZIzj0EAwIw
GTEXMBUGA1UEAwwOQmFvaG91IHRlc3QgQ0EwIBcNMjYxMTIzMjAzMzU1WhgPMjEy
NjEwMzAyMDMzNTVaMBkxFzAVBgNVBAMMDkJhb2hvdSB0ZXN0IENBMFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAEZ+IDv7nSzkHDy7G7Mv8QbS50mzw3JGFNYSilMFaA
8b0By25xVNi2XO+vttihzpP78MFLbA3R3NyRSpZqG1NR/qNTMFEwHQYDVR0OBBYE
FBcgsX4khV/4BzXr50wz69RbKZJMMB8GA1UdIwQYMBaAFBcgsX4khV/4BzXr50wz
69RbKZJMMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDRwAwRAIgX2ZnCxBG
9fz8YwQoyPV4J4kYHUJS2jJiy8cphEWZR6cCIEJ7SkUn9KvfvFrVNxzeZNQermnl
WoYvj5/dmnzQ45o6
-----END CERTIFICATE-----";
}
