//! Company policies installed in the store. Head office issues a policy file; installing it
//! checks it fully, keeps its text and hash, and makes it the one in force from then on. Older
//! versions stay, so the version recorded on a visit can always be read back.

use super::{Store, StoreError, StoreResult};
use crate::policy::Policy;
use chrono::{DateTime, FixedOffset};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// A policy version as installed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct InstalledPolicy {
    pub version: String,
    pub name: String,
    /// SHA-256 of the installed text, lowercase hex.
    pub sha256: String,
    pub installed_at: DateTime<FixedOffset>,
    /// Where the file came from (its path), as the installer named it.
    pub installed_from: Option<String>,
}

/// What installing did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyInstall {
    /// The version is new: it is now in force.
    Installed,
    /// The very same text was installed before; it is now in force again if it was not.
    AlreadyInstalled,
}

impl Store {
    /// Checks `text` as a policy file and installs it as the policy in force.
    /// A version already installed with different text is refused: a version names one text.
    pub fn install_policy(
        &mut self,
        text: &str,
        origin: &str,
        installed_at: DateTime<FixedOffset>,
    ) -> StoreResult<(Policy, PolicyInstall)> {
        let policy = Policy::from_toml(text, origin).map_err(StoreError::Policy)?;
        let sha256 = super::visits::sha256_hex(text.as_bytes());
        let version = policy.version().to_owned();
        let outcome = self.in_transaction(|tx| {
            let existing: Option<(i64, String)> = tx
                .query_row(
                    "SELECT id, sha256 FROM policies WHERE version = ?1",
                    [&version],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            match existing {
                Some((_, hash)) if hash != sha256 => Err(StoreError::PolicyVersionTaken {
                    version: version.clone(),
                }),
                Some((id, _)) => {
                    // In force again: the newest row is the policy in force.
                    let top: i64 = tx.query_row("SELECT max(id) FROM policies", [], |r| r.get(0))?;
                    if top != id {
                        tx.execute(
                            "UPDATE policies SET id = ?1, installed_at = ?2 WHERE id = ?3",
                            params![top + 1, installed_at.to_rfc3339(), id],
                        )?;
                    }
                    Ok(PolicyInstall::AlreadyInstalled)
                }
                None => {
                    tx.execute(
                        "INSERT INTO policies (version, name, toml, sha256, installed_at, installed_from)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![
                            version,
                            policy.policy.name,
                            text,
                            sha256,
                            installed_at.to_rfc3339(),
                            origin
                        ],
                    )?;
                    Ok(PolicyInstall::Installed)
                }
            }
        })?;
        Ok((policy, outcome))
    }

    /// The policy in force: the one installed last, or the built-in policy when none was.
    pub fn policy_in_force(&self) -> StoreResult<Policy> {
        let row: Option<(String, Option<String>)> = self
            .conn()
            .query_row(
                "SELECT toml, installed_from FROM policies ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match row {
            None => Ok(Policy::builtin()),
            Some((text, origin)) => {
                let origin = format!("{}（已安装）", origin.as_deref().unwrap_or("policy"));
                Policy::from_toml(&text, &origin).map_err(StoreError::Policy)
            }
        }
    }

    /// Every installed policy, the one in force first.
    pub fn installed_policies(&self) -> StoreResult<Vec<InstalledPolicy>> {
        let mut stmt = self.conn().prepare(
            "SELECT version, name, sha256, installed_at, installed_from FROM policies ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(InstalledPolicy {
                version: r.get(0)?,
                name: r.get(1)?,
                sha256: r.get(2)?,
                installed_at: r.get(3)?,
                installed_from: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::DEFAULT_POLICY_TOML;

    fn at(day: u32) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("2026-11-{day:02}T09:00:00+08:00")).unwrap()
    }

    fn version(text: &str, v: &str) -> String {
        text.replace("version = \"2026.1\"", &format!("version = \"{v}\""))
    }

    #[test]
    fn without_an_installed_policy_the_builtin_is_in_force() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.policy_in_force().unwrap(), Policy::builtin());
        assert!(store.installed_policies().unwrap().is_empty());
    }

    #[test]
    fn the_policy_installed_last_is_in_force_and_older_ones_are_kept() {
        let mut store = Store::open_in_memory().unwrap();
        let tighter = version(DEFAULT_POLICY_TOML, "2027.1").replace(
            "variance_threshold = \"20%\"",
            "variance_threshold = \"10%\"",
        );
        let (p, outcome) = store
            .install_policy(&tighter, "制度2027.toml", at(20))
            .unwrap();
        assert_eq!(outcome, PolicyInstall::Installed);
        assert_eq!(p.version(), "2027.1");
        assert_eq!(store.policy_in_force().unwrap(), p);
        let (_, outcome) = store
            .install_policy(DEFAULT_POLICY_TOML, "default.toml", at(21))
            .unwrap();
        assert_eq!(outcome, PolicyInstall::Installed);
        assert_eq!(store.policy_in_force().unwrap().version(), "2026.1");
        // Re-installing the same text brings it back in force without a second row.
        let (_, outcome) = store
            .install_policy(&tighter, "again.toml", at(22))
            .unwrap();
        assert_eq!(outcome, PolicyInstall::AlreadyInstalled);
        assert_eq!(store.policy_in_force().unwrap().version(), "2027.1");
        let list = store.installed_policies().unwrap();
        assert_eq!(
            list.iter().map(|p| p.version.as_str()).collect::<Vec<_>>(),
            ["2027.1", "2026.1"]
        );
        assert_eq!(list[0].installed_at, at(22));
        assert_eq!(
            list[0].sha256,
            super::super::visits::sha256_hex(tighter.as_bytes())
        );
    }

    #[test]
    fn an_invalid_policy_or_a_reused_version_is_refused_and_nothing_changes() {
        let mut store = Store::open_in_memory().unwrap();
        let broken = DEFAULT_POLICY_TOML.replace(
            "variance_threshold = \"20%\"",
            "variance_threshold = \"lots\"",
        );
        let err = store
            .install_policy(&broken, "坏.toml", at(20))
            .unwrap_err();
        match &err {
            StoreError::Policy(e) => {
                assert_eq!(e.key, "stock.variance_threshold", "{e}");
                assert!(e.line > 0, "{e}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(err.code(), "invalid_policy");
        store
            .install_policy(DEFAULT_POLICY_TOML, "default.toml", at(20))
            .unwrap();
        let changed = DEFAULT_POLICY_TOML.replace(
            "variance_threshold = \"20%\"",
            "variance_threshold = \"15%\"",
        );
        let err = store
            .install_policy(&changed, "改.toml", at(21))
            .unwrap_err();
        assert!(
            matches!(&err, StoreError::PolicyVersionTaken { version } if version == "2026.1"),
            "{err:?}"
        );
        assert_eq!(store.installed_policies().unwrap().len(), 1);
        assert_eq!(store.policy_in_force().unwrap(), Policy::builtin());
    }
}
