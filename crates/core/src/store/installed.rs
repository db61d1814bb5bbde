//! Company data files installed in the store: the policy (保后管理制度) and the visit checklist
//! template. Head office issues a file; installing it checks it fully, keeps its text and hash,
//! and makes it the one in force from then on. Older versions stay, so the version recorded on a
//! visit can always be read back. A version names one text.

use super::{Store, StoreError, StoreResult};
use crate::checklist::ChecklistTemplate;
use crate::policy::Policy;
use chrono::{DateTime, FixedOffset};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use std::cell::RefCell;

/// Which company data file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DataFileKind {
    Policy,
    Template,
    /// A year of the official working-day calendar.
    Calendar,
}

/// The parsed file in force, under the hash of its installed text (`None`: the built-in one).
/// Reading the policy is asked on every keystroke of a visit: the text is parsed once.
#[derive(Default)]
pub(crate) struct Cache {
    policy: RefCell<Option<(Option<String>, Policy)>>,
    template: RefCell<Option<(Option<String>, ChecklistTemplate)>>,
    /// The calendar, under the hashes of the installed years.
    pub(super) calendar: RefCell<Option<(Option<String>, crate::calendar::WorkCalendar)>>,
}

/// A version of a data file as installed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct InstalledFile {
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
pub enum Installed {
    /// The version is new: it is now in force.
    New,
    /// The very same text was installed before; it is now in force again if it was not.
    Again,
}

/// A kind of data file the store keeps installed versions of, in a table of its own.
pub(crate) trait DataFile: Sized + Clone {
    const TABLE: &'static str;
    const KIND: DataFileKind;
    fn parse_text(text: &str, origin: &str) -> Result<Self, crate::datafile::DataFileError>;
    fn builtin() -> Self;
    fn version(&self) -> &str;
    fn name(&self) -> &str;
    fn cache(cache: &Cache) -> &RefCell<Option<(Option<String>, Self)>>;

    fn parse(text: &str, origin: &str) -> StoreResult<Self> {
        Self::parse_text(text, origin).map_err(|error| StoreError::InvalidDataFile {
            kind: Self::KIND,
            error,
        })
    }
}

impl DataFile for Policy {
    const TABLE: &'static str = "policies";
    const KIND: DataFileKind = DataFileKind::Policy;
    fn parse_text(text: &str, origin: &str) -> Result<Self, crate::datafile::DataFileError> {
        Policy::from_toml(text, origin)
    }
    fn builtin() -> Self {
        Policy::builtin()
    }
    fn version(&self) -> &str {
        Policy::version(self)
    }
    fn name(&self) -> &str {
        &self.policy.name
    }
    fn cache(cache: &Cache) -> &RefCell<Option<(Option<String>, Self)>> {
        &cache.policy
    }
}

impl DataFile for ChecklistTemplate {
    const TABLE: &'static str = "checklist_templates";
    const KIND: DataFileKind = DataFileKind::Template;
    fn parse_text(text: &str, origin: &str) -> Result<Self, crate::datafile::DataFileError> {
        ChecklistTemplate::from_toml(text, origin, &crate::signals::SignalCatalog::builtin())
    }
    fn builtin() -> Self {
        ChecklistTemplate::builtin()
    }
    fn version(&self) -> &str {
        ChecklistTemplate::version(self)
    }
    fn name(&self) -> &str {
        &self.template.name
    }
    fn cache(cache: &Cache) -> &RefCell<Option<(Option<String>, Self)>> {
        &cache.template
    }
}

impl Store {
    fn install<F: DataFile>(
        &mut self,
        text: &str,
        origin: &str,
        installed_at: DateTime<FixedOffset>,
    ) -> StoreResult<(F, Installed)> {
        let file = F::parse(text, origin)?;
        let outcome =
            self.in_transaction(|tx| install_in(tx, &file, text, origin, installed_at))?;
        Ok((file, outcome))
    }

    fn in_force<F: DataFile>(&self) -> StoreResult<F> {
        let table = F::TABLE;
        let hash: Option<String> = self
            .conn()
            .query_row(
                &format!("SELECT sha256 FROM {table} ORDER BY id DESC LIMIT 1"),
                [],
                |r| r.get(0),
            )
            .optional()?;
        let cache = F::cache(&self.installed);
        if let Some((cached, file)) = &*cache.borrow()
            && *cached == hash
        {
            return Ok(file.clone());
        }
        let file = match &hash {
            None => F::builtin(),
            Some(hash) => {
                let (text, origin): (String, Option<String>) = self.conn().query_row(
                    &format!("SELECT toml, installed_from FROM {table} WHERE sha256 = ?1"),
                    [hash],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                let origin = format!("{}（已安装）", origin.as_deref().unwrap_or(table));
                F::parse(&text, &origin)?
            }
        };
        *cache.borrow_mut() = Some((hash, file.clone()));
        Ok(file)
    }

    fn installed<F: DataFile>(&self) -> StoreResult<Vec<InstalledFile>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT version, name, sha256, installed_at, installed_from FROM {} ORDER BY id DESC",
            F::TABLE
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok(InstalledFile {
                version: r.get(0)?,
                name: r.get(1)?,
                sha256: r.get(2)?,
                installed_at: r.get(3)?,
                installed_from: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Checks `text` as a policy file and installs it as the policy in force.
    pub fn install_policy(
        &mut self,
        text: &str,
        origin: &str,
        installed_at: DateTime<FixedOffset>,
    ) -> StoreResult<(Policy, Installed)> {
        self.install(text, origin, installed_at)
    }

    /// The policy in force: the one installed last, or the built-in policy when none was.
    pub fn policy_in_force(&self) -> StoreResult<Policy> {
        self.in_force()
    }

    /// The policy a visit was planned under (by the version it recorded): the installed policy of
    /// that version, the built-in one if it has that version, or else the policy in force.
    pub fn policy_for_visit(&self, version: Option<&str>) -> StoreResult<Policy> {
        let Some(version) = version else {
            return self.policy_in_force();
        };
        let text: Option<(String, Option<String>)> = self
            .conn()
            .query_row(
                "SELECT toml, installed_from FROM policies WHERE version = ?1",
                [version],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match text {
            Some((text, origin)) => {
                let origin = format!("{}（已安装）", origin.as_deref().unwrap_or("policies"));
                Ok(<Policy as DataFile>::parse(&text, &origin)?)
            }
            None if Policy::builtin().version() == version => Ok(Policy::builtin()),
            None => self.policy_in_force(),
        }
    }

    /// Every installed policy, the one in force first.
    pub fn installed_policies(&self) -> StoreResult<Vec<InstalledFile>> {
        self.installed::<Policy>()
    }

    /// Checks `text` as a checklist template and installs it as the one new visits start from.
    pub fn install_template(
        &mut self,
        text: &str,
        origin: &str,
        installed_at: DateTime<FixedOffset>,
    ) -> StoreResult<(ChecklistTemplate, Installed)> {
        self.install(text, origin, installed_at)
    }

    /// The checklist template in force: the one installed last, or the built-in one.
    pub fn template_in_force(&self) -> StoreResult<ChecklistTemplate> {
        self.in_force()
    }

    /// Every installed template, the one in force first.
    pub fn installed_templates(&self) -> StoreResult<Vec<InstalledFile>> {
        self.installed::<ChecklistTemplate>()
    }
}

/// Installs a checked data file within the caller's transaction (see `Store::install`; head
/// office's updates install a policy in the same transaction as the rest of their batch).
pub(crate) fn install_in<F: DataFile>(
    tx: &rusqlite::Connection,
    file: &F,
    text: &str,
    origin: &str,
    installed_at: DateTime<FixedOffset>,
) -> StoreResult<Installed> {
    let sha256 = crate::digest::sha256_hex(text.as_bytes());
    let version = file.version().to_owned();
    let table = F::TABLE;

    let existing: Option<(i64, String)> = tx
        .query_row(
            &format!("SELECT id, sha256 FROM {table} WHERE version = ?1"),
            [&version],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match existing {
        Some((_, hash)) if hash != sha256 => Err(StoreError::VersionTaken {
            kind: F::KIND,
            version: version.clone(),
        }),
        Some((id, _)) => {
            // In force again: the newest row is the one in force.
            let top: i64 =
                tx.query_row(&format!("SELECT max(id) FROM {table}"), [], |r| r.get(0))?;
            if top != id {
                tx.execute(
                    &format!("UPDATE {table} SET id = ?1, installed_at = ?2 WHERE id = ?3"),
                    params![top + 1, installed_at.to_rfc3339(), id],
                )?;
            }
            Ok(Installed::Again)
        }
        None => {
            tx.execute(
                        &format!(
                            "INSERT INTO {table} (version, name, toml, sha256, installed_at, installed_from)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                        ),
                        params![
                            version,
                            file.name(),
                            text,
                            sha256,
                            installed_at.to_rfc3339(),
                            origin
                        ],
                    )?;
            Ok(Installed::New)
        }
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
        text.replace("version = \"2026.2\"", &format!("version = \"{v}\""))
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
        assert_eq!(outcome, Installed::New);
        assert_eq!(p.version(), "2027.1");
        assert_eq!(store.policy_in_force().unwrap(), p);
        let (_, outcome) = store
            .install_policy(DEFAULT_POLICY_TOML, "default.toml", at(21))
            .unwrap();
        assert_eq!(outcome, Installed::New);
        assert_eq!(store.policy_in_force().unwrap().version(), "2026.2");
        // Re-installing the same text brings it back in force without a second row.
        let (_, outcome) = store
            .install_policy(&tighter, "again.toml", at(22))
            .unwrap();
        assert_eq!(outcome, Installed::Again);
        assert_eq!(store.policy_in_force().unwrap().version(), "2027.1");
        let list = store.installed_policies().unwrap();
        assert_eq!(
            list.iter().map(|p| p.version.as_str()).collect::<Vec<_>>(),
            ["2027.1", "2026.2"]
        );
        assert_eq!(list[0].installed_at, at(22));
        assert_eq!(
            list[0].sha256,
            crate::digest::sha256_hex(tighter.as_bytes())
        );
    }

    #[test]
    fn a_company_checklist_template_is_installed_like_a_policy() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(
            store.template_in_force().unwrap(),
            ChecklistTemplate::builtin()
        );
        let text = crate::checklist::DEFAULT_CHECKLIST_TOML
            .replace("version = \"2026.2\"", "version = \"2027.1\"")
            .replace(
                "question = \"产成品库存与积压情况\"",
                "question = \"产成品库存、积压与滞销情况\"",
            );
        let (t, outcome) = store
            .install_template(&text, "模板2027.toml", at(20))
            .unwrap();
        assert_eq!((t.version(), outcome), ("2027.1", Installed::New));
        assert_eq!(
            store
                .template_in_force()
                .unwrap()
                .item("A03")
                .unwrap()
                .question,
            "产成品库存、积压与滞销情况"
        );
        let err = store
            .install_template(&text.replace("滞销", "积压"), "改.toml", at(21))
            .unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::VersionTaken {
                    kind: DataFileKind::Template,
                    ..
                }
            ),
            "{err:?}"
        );
        let err = store
            .install_template(
                &text.replace("raises = \"X04\"", "raises = \"W99\""),
                "坏.toml",
                at(21),
            )
            .unwrap_err();
        assert_eq!(err.code(), "invalid_template");
        assert_eq!(store.installed_templates().unwrap().len(), 1);
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
            StoreError::InvalidDataFile {
                kind: DataFileKind::Policy,
                error: e,
            } => {
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
            matches!(&err, StoreError::VersionTaken { kind: DataFileKind::Policy, version } if version == "2026.2"),
            "{err:?}"
        );
        assert_eq!(store.installed_policies().unwrap().len(), 1);
        assert_eq!(store.policy_in_force().unwrap(), Policy::builtin());
    }
}
