//! The laptop's code in the store (see [`crate::numbering`]): one in use, drawn at creation or
//! upgrade; retired and redrawn when head office finds it taken.

use super::{Store, StoreError, StoreResult};
use crate::numbering::LaptopCode;
use rusqlite::{Connection, OptionalExtension, params};

/// Draws the first code (migration 27's step, for a new database and an upgraded one alike).
pub(super) fn draw_first(conn: &Connection) -> StoreResult<()> {
    draw_into(conn)?;
    Ok(())
}

fn draw_into(conn: &Connection) -> StoreResult<LaptopCode> {
    // A new code never repeats one this laptop held (a repeat is 1 in 32^5; drawing again is free).
    loop {
        let code = LaptopCode::draw()
            .map_err(|e| StoreError::Invalid(format!("no randomness for a laptop code: {e}")))?;
        let inserted = conn.execute(
            "INSERT OR IGNORE INTO laptop_codes (code, drawn_at) VALUES (?1, ?2)",
            params![code, chrono::Utc::now().to_rfc3339()],
        )?;
        if inserted == 1 {
            return Ok(code);
        }
    }
}

/// The code in use, and the server that accepted it (if one did).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaptopCodeInUse {
    pub code: LaptopCode,
    pub registered_with: Option<String>,
}

impl Store {
    /// The code this laptop's new documents carry.
    pub fn laptop_code(&self) -> StoreResult<LaptopCode> {
        Ok(self.laptop_code_in_use()?.code)
    }

    pub fn laptop_code_in_use(&self) -> StoreResult<LaptopCodeInUse> {
        self.conn()
            .query_row(
                "SELECT code, registered_with FROM laptop_codes WHERE retired_at IS NULL",
                [],
                |r| {
                    Ok(LaptopCodeInUse {
                        code: r.get(0)?,
                        registered_with: r.get(1)?,
                    })
                },
            )
            .optional()?
            .ok_or_else(|| StoreError::Invalid("the database has no laptop code".into()))
    }

    /// Every code this laptop held, the one in use last.
    pub fn laptop_codes(&self) -> StoreResult<Vec<LaptopCode>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT code FROM laptop_codes ORDER BY retired_at IS NULL, drawn_at, code")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records that head office at `server` accepted the code in use.
    pub fn laptop_code_registered(&mut self, code: &LaptopCode, server: &str) -> StoreResult<()> {
        self.conn().execute(
            "UPDATE laptop_codes SET registered_with = ?2 WHERE code = ?1 AND retired_at IS NULL",
            params![code, server],
        )?;
        Ok(())
    }

    /// Retires the code in use (head office found `taken` held by another laptop) and draws a
    /// new one, in one transaction; returns the new code. Documents issued under the old code
    /// keep their numbers. Nothing changes when `taken` is no longer the code in use.
    pub fn redraw_laptop_code(&mut self, taken: &LaptopCode, why: &str) -> StoreResult<LaptopCode> {
        self.in_transaction(|tx| {
            let retired = tx.execute(
                "UPDATE laptop_codes SET retired_at = ?2, retired_why = ?3
                 WHERE code = ?1 AND retired_at IS NULL",
                params![taken, chrono::Utc::now().to_rfc3339(), why],
            )?;
            if retired == 0 {
                return tx
                    .query_row(
                        "SELECT code FROM laptop_codes WHERE retired_at IS NULL",
                        [],
                        |r| r.get(0),
                    )
                    .map_err(Into::into);
            }
            let code = draw_into(tx)?;
            super::audit::append(
                tx,
                super::audit::Entity::LaptopCode,
                0,
                "redraw",
                Some(&serde_json::json!({ "code": taken })),
                Some(&serde_json::json!({ "code": code, "why": why })),
            )?;
            Ok(code)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_database_has_one_code_and_a_redraw_keeps_the_old_one_listed() {
        let mut store = Store::open_in_memory().unwrap();
        let first = store.laptop_code().unwrap();
        assert_eq!(store.laptop_codes().unwrap(), vec![first.clone()]);
        store.laptop_code_registered(&first, "https://hq").unwrap();
        assert_eq!(
            store
                .laptop_code_in_use()
                .unwrap()
                .registered_with
                .as_deref(),
            Some("https://hq")
        );
        let second = store.redraw_laptop_code(&first, "taken").unwrap();
        assert_ne!(first, second);
        assert_eq!(store.laptop_code().unwrap(), second);
        assert_eq!(
            store.laptop_codes().unwrap(),
            vec![first.clone(), second.clone()]
        );
        assert_eq!(store.laptop_code_in_use().unwrap().registered_with, None);
        // A second answer about the old code changes nothing.
        assert_eq!(store.redraw_laptop_code(&first, "taken").unwrap(), second);
        assert_eq!(store.laptop_codes().unwrap().len(), 2);
    }

    #[test]
    fn two_databases_draw_different_codes() {
        let a = Store::open_in_memory().unwrap().laptop_code().unwrap();
        let b = Store::open_in_memory().unwrap().laptop_code().unwrap();
        // 1 in 32^5 that this fails by chance.
        assert_ne!(a, b);
    }

    #[test]
    fn a_database_of_version_26_gets_a_code_on_upgrade() {
        let mut conn = Connection::open_in_memory().unwrap();
        super::super::migrations::migrate_to_for_test(&mut conn, 26).unwrap();
        super::super::migrations::migrate_to_for_test(&mut conn, 27).unwrap();
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM laptop_codes WHERE retired_at IS NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1);
    }
}
