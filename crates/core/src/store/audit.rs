//! The audit log: an append-only, hash-chained record of every change to a visit, a risk tier,
//! a five-level class or a signal (who, when, before, after).
//!
//! Each entry is appended in the same transaction as the change it records. Its hash is
//! SHA-256 over the previous entry's hash and the entry's own canonical JSON, so editing,
//! removing or inserting an entry anywhere breaks the chain from there on; triggers refuse
//! UPDATE and DELETE on the table. [`Store::verify_audit`] walks the whole chain (at every open,
//! and for `baohou verify`).
//!
//! Two schemes: the first (schema 12–13) hashed the before and after texts themselves; the
//! second (from schema 14) hashes their SHA-256, kept beside them, so that when a borrower's data
//! is removed from the laptop the texts can be erased ([`erase`]) while the chain still proves
//! each entry was there, when, by whom and unchanged. Opening a database of schema 13 re-hashes
//! its entries under the second scheme if their chain checks out ([`rechain`]); a broken chain is
//! left as it is, so the break stays visible.

use super::{Store, StoreResult};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What an entry is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entity {
    Visit,
    Tier,
    Class,
    Signal,
    /// The laptop's code (entity id 0).
    LaptopCode,
    /// A computed task closed by a record (entity id: the guarantee, or 0 for an officer's own
    /// task).
    Task,
}

impl Entity {
    fn code(self) -> &'static str {
        match self {
            Entity::Visit => "visit",
            Entity::Tier => "tier",
            Entity::Class => "class",
            Entity::Signal => "signal",
            Entity::LaptopCode => "laptop_code",
            Entity::Task => "task",
        }
    }
}

/// One entry as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub entity_id: i64,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
    /// 1 or 2 (see the module's notes).
    pub scheme: i64,
    pub before_sha256: Option<String>,
    pub after_sha256: Option<String>,
    /// When the before and after were erased with their borrower's data.
    pub erased_at: Option<String>,
}

/// What walking the chain found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditCheck {
    pub entries: i64,
    /// The last entry's hash (the chain's head), or [`GENESIS`] when empty.
    pub head: String,
    /// The first entry that does not check out, and why.
    pub broken: Option<AuditBreak>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditBreak {
    pub seq: i64,
    pub reason: String,
}

/// The hash of an entry given the one before it, by the entry's scheme.
fn entry_hash(prev: &str, e: &AuditEntry) -> String {
    // The first scheme hashed the texts themselves, the second their digests.
    let (before, after) = if e.scheme == 1 {
        (&e.before, &e.after)
    } else {
        (&e.before_sha256, &e.after_sha256)
    };
    let body = serde_json::json!([
        e.seq,
        e.at,
        e.actor,
        e.entity,
        e.entity_id,
        e.action,
        before,
        after
    ]);
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(b"\n");
    h.update(body.to_string().as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Who is making changes on this connection (the laptop's user unless told otherwise).
pub(crate) fn actor(conn: &Connection) -> StoreResult<String> {
    Ok(conn
        .query_row("SELECT actor FROM temp.audit_context", [], |r| r.get(0))
        .optional()?
        .unwrap_or_else(default_actor))
}

fn default_actor() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .map(|u| format!("本机用户 {u}"))
        .unwrap_or_else(|_| "本机用户".to_owned())
}

/// Appends an entry within the caller's transaction.
pub(crate) fn append(
    conn: &Connection,
    entity: Entity,
    entity_id: i64,
    action: &str,
    before: Option<&Value>,
    after: Option<&Value>,
) -> StoreResult<()> {
    let (seq, prev): (i64, String) = conn
        .query_row(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or((0, GENESIS.to_owned()));
    let before = before.map(Value::to_string);
    let after = after.map(Value::to_string);
    let mut entry = AuditEntry {
        seq: seq + 1,
        at: chrono::Local::now().fixed_offset().to_rfc3339(),
        actor: actor(conn)?,
        entity: entity.code().to_owned(),
        entity_id,
        action: action.to_owned(),
        before_sha256: before.as_deref().map(text_sha256),
        after_sha256: after.as_deref().map(text_sha256),
        before,
        after,
        prev_hash: prev.clone(),
        hash: String::new(),
        scheme: 2,
        erased_at: None,
    };
    entry.hash = entry_hash(&prev, &entry);
    conn.execute(
        "INSERT INTO audit_log (seq, at, actor, entity, entity_id, action, before, after,
             prev_hash, hash, scheme, before_sha256, after_sha256)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 2, ?11, ?12)",
        params![
            entry.seq,
            entry.at,
            entry.actor,
            entry.entity,
            entry.entity_id,
            entry.action,
            entry.before,
            entry.after,
            entry.prev_hash,
            entry.hash,
            entry.before_sha256,
            entry.after_sha256
        ],
    )?;
    Ok(())
}

fn text_sha256(text: &str) -> String {
    super::sha256_hex(text.as_bytes())
}

/// Why an entry does not check out, given the hash before it; `None` when it does.
fn entry_fault(prev: &str, e: &AuditEntry, second_scheme_seen: bool) -> Option<String> {
    if e.prev_hash != prev {
        return Some("it does not follow the entry before it".to_owned());
    }
    if e.scheme == 1 && second_scheme_seen {
        return Some("it was written under the old scheme after the new one".to_owned());
    }
    if e.scheme == 2 {
        let erased = e.erased_at.is_some();
        for (text, digest) in [(&e.before, &e.before_sha256), (&e.after, &e.after_sha256)] {
            let holds = match (text, digest) {
                (None, None) => true,
                (None, Some(_)) => erased,
                (Some(t), Some(d)) => !erased && text_sha256(t) == *d,
                (Some(_), None) => false,
            };
            if !holds {
                return Some("its content was changed after it was written".to_owned());
            }
        }
    } else if e.erased_at.is_some() {
        return Some("its content was changed after it was written".to_owned());
    }
    (entry_hash(prev, e) != e.hash)
        .then(|| "its content was changed after it was written".to_owned())
}

/// Erases the before and after of the entries about these records (their digests stay, and the
/// chain with them); returns how many entries were erased. Entries of the first scheme (a chain
/// that was broken when the database was upgraded) cannot be erased and are left.
pub(crate) fn erase(
    conn: &Connection,
    entity: Entity,
    ids: &[i64],
    at: &str,
) -> StoreResult<usize> {
    let mut stmt = conn.prepare(
        "UPDATE audit_log SET before = NULL, after = NULL, erased_at = ?3
         WHERE entity = ?1 AND entity_id = ?2 AND scheme = 2 AND erased_at IS NULL",
    )?;
    let mut erased = 0;
    for id in ids {
        erased += stmt.execute(params![entity.code(), id, at])?;
    }
    Ok(erased)
}

/// The migration step after schema 14: re-hashes the first-scheme entries under the second if
/// their chain checks out (a broken chain is left as it is, its break still found at open).
pub(crate) fn rechain(conn: &Connection) -> StoreResult<()> {
    let entries: Vec<AuditEntry> = conn
        .prepare(&format!("{ENTRY_COLUMNS} FROM audit_log ORDER BY seq"))?
        .query_map([], entry_row)?
        .collect::<Result<_, _>>()?;
    if walk(entries.iter().cloned()).broken.is_some() {
        return Ok(());
    }
    let mut prev = GENESIS.to_owned();
    let mut update = conn.prepare(
        "UPDATE audit_log SET scheme = 2, before_sha256 = ?2, after_sha256 = ?3, prev_hash = ?4,
             hash = ?5
         WHERE seq = ?1",
    )?;
    for mut e in entries {
        e.scheme = 2;
        e.before_sha256 = e.before.as_deref().map(text_sha256);
        e.after_sha256 = e.after.as_deref().map(text_sha256);
        e.prev_hash = prev;
        e.hash = entry_hash(&e.prev_hash, &e);
        update.execute(params![
            e.seq,
            e.before_sha256,
            e.after_sha256,
            e.prev_hash,
            e.hash
        ])?;
        prev = e.hash;
    }
    Ok(())
}

/// Walks a chain of entries in order.
fn walk(entries: impl Iterator<Item = AuditEntry>) -> AuditCheck {
    let mut prev = GENESIS.to_owned();
    let mut expected_seq = 1;
    let mut count = 0;
    let mut broken = None;
    let mut second_scheme_seen = false;
    for e in entries {
        count += 1;
        if broken.is_some() {
            continue;
        }
        let reason = if e.seq != expected_seq {
            Some(format!("entry {expected_seq} is missing"))
        } else {
            entry_fault(&prev, &e, second_scheme_seen)
        };
        match reason {
            Some(reason) => {
                broken = Some(AuditBreak {
                    seq: expected_seq.min(e.seq),
                    reason,
                })
            }
            None => {
                second_scheme_seen |= e.scheme == 2;
                prev = e.hash;
                expected_seq += 1;
            }
        }
    }
    AuditCheck {
        entries: count,
        head: prev,
        broken,
    }
}

const ENTRY_COLUMNS: &str = "SELECT seq, at, actor, entity, entity_id, action, before, after,
    prev_hash, hash, scheme, before_sha256, after_sha256, erased_at";

/// The JSON of what changed between two states of a record: the top-level keys whose values
/// differ, as `(before, after)` objects. `None` when nothing differs.
pub(crate) fn diff(before: &Value, after: &Value) -> Option<(Value, Value)> {
    let (Some(b), Some(a)) = (before.as_object(), after.as_object()) else {
        return (before != after).then(|| (before.clone(), after.clone()));
    };
    let mut was = serde_json::Map::new();
    let mut now = serde_json::Map::new();
    for key in b.keys().chain(a.keys().filter(|k| !b.contains_key(*k))) {
        let (x, y) = (b.get(key), a.get(key));
        if x != y {
            was.insert(key.clone(), x.cloned().unwrap_or(Value::Null));
            now.insert(key.clone(), y.cloned().unwrap_or(Value::Null));
        }
    }
    (!was.is_empty()).then_some((Value::Object(was), Value::Object(now)))
}

impl Store {
    /// Who the following changes are recorded as made by (e.g. "总部" for head office's updates).
    pub fn set_actor(&self, actor: &str) -> StoreResult<()> {
        self.conn().execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS audit_context (actor TEXT NOT NULL);
             DELETE FROM temp.audit_context;",
        )?;
        self.conn().execute(
            "INSERT INTO temp.audit_context (actor) VALUES (?1)",
            [actor],
        )?;
        Ok(())
    }

    /// Changes are recorded as the laptop's user's again.
    pub fn clear_actor(&self) -> StoreResult<()> {
        // The table is made for each connection when the store is opened.
        self.conn().execute("DELETE FROM temp.audit_context", [])?;
        Ok(())
    }

    /// The entries about one record, oldest first.
    pub fn audit_entries(&self, entity: Entity, entity_id: i64) -> StoreResult<Vec<AuditEntry>> {
        let mut stmt = self.conn().prepare(&format!(
            "{ENTRY_COLUMNS} FROM audit_log WHERE entity = ?1 AND entity_id = ?2 ORDER BY seq"
        ))?;
        let rows = stmt
            .query_map(params![entity.code(), entity_id], entry_row)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Walks the whole chain: numbering without gaps from 1, each entry pointing at the hash of
    /// the one before, and each hash that of the entry's content.
    pub fn verify_audit(&self) -> StoreResult<AuditCheck> {
        let mut stmt = self
            .conn()
            .prepare(&format!("{ENTRY_COLUMNS} FROM audit_log ORDER BY seq"))?;
        let entries = stmt
            .query_map([], entry_row)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(walk(entries.into_iter()))
    }
}

impl Store {
    /// The chain's length and head for head office `server` (its address and device), with the
    /// laptop's own entry at the length that head office last acknowledged.
    pub fn audit_head(&self, server: &str) -> StoreResult<crate::protocol::AuditHead> {
        let (entries, head): (i64, Option<String>) = self.conn().query_row(
            "SELECT count(*), (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1)
             FROM audit_log",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let acknowledged: Option<i64> = self
            .conn()
            .query_row(
                "SELECT entries FROM audit_anchors WHERE server = ?1",
                [server],
                |r| r.get(0),
            )
            .optional()?;
        let anchored = match acknowledged {
            None => None,
            Some(0) => Some(crate::protocol::AuditPoint {
                entries: 0,
                hash: GENESIS.to_owned(),
            }),
            Some(n) => self
                .conn()
                .query_row("SELECT hash FROM audit_log WHERE seq = ?1", [n], |r| {
                    r.get::<_, String>(0)
                })
                .optional()?
                .map(|hash| crate::protocol::AuditPoint {
                    entries: u64::try_from(n).unwrap_or(0),
                    hash,
                }),
        };
        Ok(crate::protocol::AuditHead {
            entries: u64::try_from(entries).unwrap_or(0),
            head: head.unwrap_or_else(|| GENESIS.to_owned()),
            anchored,
        })
    }

    /// Keeps the chain length head office `server` acknowledged (written only when it changed:
    /// a sync that moved nothing leaves the file as it was).
    pub fn audit_anchored(
        &mut self,
        server: &str,
        entries: u64,
        at: chrono::DateTime<chrono::FixedOffset>,
    ) -> StoreResult<()> {
        self.conn().execute(
            "INSERT INTO audit_anchors (server, entries, anchored_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (server) DO UPDATE SET entries = excluded.entries,
                 anchored_at = excluded.anchored_at
             WHERE audit_anchors.entries <> excluded.entries",
            params![
                server,
                i64::try_from(entries).unwrap_or(i64::MAX),
                at.to_rfc3339()
            ],
        )?;
        Ok(())
    }
}

fn entry_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        seq: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        entity: r.get(3)?,
        entity_id: r.get(4)?,
        action: r.get(5)?,
        before: r.get(6)?,
        after: r.get(7)?,
        prev_hash: r.get(8)?,
        hash: r.get(9)?,
        scheme: r.get(10)?,
        before_sha256: r.get(11)?,
        after_sha256: r.get(12)?,
        erased_at: r.get(13)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::VisitEdit;
    use crate::store::{OpenMode, test_key};

    fn demo(dir: &std::path::Path) -> (std::path::PathBuf, Store) {
        let path = dir.join("demo.sqlite3");
        let mut store = Store::open(&path, OpenMode::CreateOrUpgrade, &test_key()).unwrap();
        crate::demo::write_demo(
            &mut store,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        )
        .unwrap();
        (path, store)
    }

    fn draft_visit(store: &Store) -> i64 {
        store
            .conn()
            .query_row(
                "SELECT id FROM visits WHERE status = 'draft' AND template_version IS NOT NULL",
                [],
                |r| r.get(0),
            )
            .unwrap()
    }

    #[test]
    fn changes_are_recorded_with_who_when_before_and_after_and_the_chain_verifies() {
        let dir = tempfile::tempdir().unwrap();
        let (_path, mut store) = demo(dir.path());
        let start = store.verify_audit().unwrap();
        assert!(start.broken.is_none());
        assert!(
            start.entries > 0,
            "the demo's signals and tier changes are recorded"
        );
        let visit = draft_visit(&store);
        let policy = store.policy_in_force().unwrap();
        let catalog = crate::signals::SignalCatalog::builtin();
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T10:00:00+08:00").unwrap();
        let old = store.visit_draft(visit).unwrap().conclusion;
        store
            .edit_visit(
                visit,
                &VisitEdit::Conclusion {
                    text: "仓库后墙渗水，成品约3,400箱".into(),
                },
                &policy,
                &catalog,
                now,
            )
            .unwrap();
        let entries = store.audit_entries(Entity::Visit, visit).unwrap();
        let e = entries.last().unwrap();
        assert_eq!(e.action, "edit:conclusion");
        let before: Value = serde_json::from_str(e.before.as_deref().unwrap()).unwrap();
        let after: Value = serde_json::from_str(e.after.as_deref().unwrap()).unwrap();
        assert_eq!(before["conclusion"], Value::String(old));
        assert_eq!(after["conclusion"], "仓库后墙渗水，成品约3,400箱");
        assert!(
            after.as_object().unwrap().len() <= 3,
            "only what changed: {after}"
        );
        assert!(e.actor.starts_with("本机用户"), "{}", e.actor);

        let g: i64 = store
            .conn()
            .query_row(
                "SELECT guarantee_id FROM visits WHERE id = ?1",
                [visit],
                |r| r.get(0),
            )
            .unwrap();
        store.set_actor("总部").unwrap();
        store
            .change_risk_tier(
                g,
                crate::portfolio::RiskTier::new(4).unwrap(),
                "连续两月欠息",
                chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                None,
            )
            .unwrap();
        store.clear_actor().unwrap();
        let tier = store.audit_entries(Entity::Tier, g).unwrap();
        let t = tier.last().unwrap();
        assert_eq!(t.actor, "总部");
        assert!(t.after.as_deref().unwrap().contains("连续两月欠息"));

        let check = store.verify_audit().unwrap();
        assert_eq!(check.broken, None);
        assert_eq!(check.entries, start.entries + 2);
        assert_eq!(check.head, t.hash);
        // Entries cannot be changed or removed through SQL.
        let e = store
            .conn()
            .execute("UPDATE audit_log SET actor = 'x' WHERE seq = 1", [])
            .unwrap_err();
        assert!(e.to_string().contains("append-only"), "{e}");
        assert!(store.conn().execute("DELETE FROM audit_log", []).is_err());
    }

    #[test]
    fn an_edited_removed_or_inserted_entry_breaks_the_chain_where_it_happened() {
        type Tamper = (&'static str, &'static str, i64, &'static str);
        let cases: [Tamper; 3] = [
            (
                "edited",
                "DROP TRIGGER audit_log_only_erased;
                 UPDATE audit_log SET after = replace(after, '\"', '''') WHERE seq = 3;",
                3,
                "content",
            ),
            (
                "removed",
                "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2;",
                2,
                "missing",
            ),
            (
                "rewritten link",
                "DROP TRIGGER audit_log_only_erased;
                 UPDATE audit_log SET prev_hash = hash WHERE seq = 4;",
                4,
                "follow",
            ),
        ];
        for (what, sql, seq, reason) in cases {
            let dir = tempfile::tempdir().unwrap();
            let (path, store) = demo(dir.path());
            assert!(store.audit_break().is_none());
            drop(store);
            crate::store::keyed_connection(&path)
                .execute_batch(sql)
                .unwrap();
            let store = Store::open(&path, OpenMode::Existing, &test_key()).unwrap();
            let b = store
                .audit_break()
                .unwrap_or_else(|| panic!("{what}: not found"));
            assert_eq!(b.seq, seq, "{what}");
            assert!(b.reason.contains(reason), "{what}: {}", b.reason);
            let m = crate::store::messages::audit_break_message(b, crate::i18n::Locale::ZhCn);
            assert!(
                m.starts_with(&format!("审计日志校验失败：第 {seq} 条起")),
                "{m}"
            );
        }
    }

    #[test]
    fn an_erased_entry_still_checks_out_but_a_changed_digest_or_restored_text_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let (path, store) = demo(dir.path());
        let (entity, id): (String, i64) = store
            .conn()
            .query_row(
                "SELECT entity, entity_id FROM audit_log WHERE after IS NOT NULL LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let entity = match entity.as_str() {
            "visit" => Entity::Visit,
            "tier" => Entity::Tier,
            "class" => Entity::Class,
            _ => Entity::Signal,
        };
        let erased = erase(store.conn(), entity, &[id], "2026-11-29T10:00:00+08:00").unwrap();
        assert!(erased >= 1);
        let check = store.verify_audit().unwrap();
        assert_eq!(check.broken, None, "erasing keeps the chain");
        let left: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE entity_id = ?1 AND entity = ?2
                 AND (before IS NOT NULL OR after IS NOT NULL)",
                params![id, entity.code()],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(left, 0);
        // Only erasing is let through: no other change, no un-erasing.
        let e = store
            .conn()
            .execute(
                "UPDATE audit_log SET after = '{}', erased_at = NULL WHERE erased_at IS NOT NULL",
                [],
            )
            .unwrap_err();
        assert!(e.to_string().contains("append-only"), "{e}");
        drop(store);
        for sql in [
            "DROP TRIGGER audit_log_only_erased;
             UPDATE audit_log SET after = '{\"x\":1}' WHERE erased_at IS NOT NULL;",
            "DROP TRIGGER audit_log_only_erased;
             UPDATE audit_log SET after_sha256 = before_sha256 WHERE seq = 2;",
        ] {
            let copy = dir.path().join("copy.sqlite3");
            std::fs::copy(&path, &copy).unwrap();
            crate::store::keyed_connection(&copy)
                .execute_batch(sql)
                .unwrap();
            let store = Store::open(&copy, OpenMode::Existing, &test_key()).unwrap();
            assert!(store.audit_break().is_some(), "{sql}");
        }
    }

    #[test]
    fn entries_of_the_first_scheme_are_rehashed_when_their_chain_holds_and_left_when_broken() {
        for broken in [false, true] {
            let mut conn = crate::store::keyed_connection(std::path::Path::new(":memory:"));
            crate::store::migrations::migrate_to_for_test(&mut conn, 13).unwrap();
            let mut prev = GENESIS.to_owned();
            for seq in 1..=3 {
                let mut e = AuditEntry {
                    seq,
                    at: format!("2026-11-2{seq}T10:00:00+08:00"),
                    actor: "本机用户 zhang".into(),
                    entity: "visit".into(),
                    entity_id: 7,
                    action: "edit".into(),
                    before: Some(format!("{{\"conclusion\":\"v{seq}\"}}")),
                    after: Some(format!("{{\"conclusion\":\"v{}\"}}", seq + 1)),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                    scheme: 1,
                    before_sha256: None,
                    after_sha256: None,
                    erased_at: None,
                };
                e.hash = entry_hash(&prev, &e);
                if broken && seq == 2 {
                    e.after = Some("{}".into());
                }
                conn.execute(
                    "INSERT INTO audit_log (seq, at, actor, entity, entity_id, action, before,
                         after, prev_hash, hash) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
                    params![
                        e.seq,
                        e.at,
                        e.actor,
                        e.entity,
                        e.entity_id,
                        e.action,
                        e.before,
                        e.after,
                        e.prev_hash,
                        e.hash
                    ],
                )
                .unwrap();
                prev = e.hash;
            }
            crate::store::migrations::migrate_to_for_test(&mut conn, 15).unwrap();
            let entries: Vec<AuditEntry> = conn
                .prepare(&format!("{ENTRY_COLUMNS} FROM audit_log ORDER BY seq"))
                .unwrap()
                .query_map([], entry_row)
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            let check = walk(entries.iter().cloned());
            if broken {
                assert!(entries.iter().all(|e| e.scheme == 1), "left as it was");
                assert_eq!(check.broken.unwrap().seq, 2);
            } else {
                assert!(
                    entries
                        .iter()
                        .all(|e| e.scheme == 2 && e.before_sha256.is_some())
                );
                assert_eq!(check.broken, None);
                assert_ne!(check.head, prev, "re-hashed");
            }
        }
    }
}
