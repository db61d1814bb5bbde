//! Writing an import that was weighed: new guarantees with their borrowers, officers and
//! counter-guarantees, and the changes to those already on the laptop, in one transaction.

use super::weigh::*;
use super::{ImportField, ImportRow};
use crate::i18n::Locale;
use crate::portfolio::{
    CounterGuaranteeKind, GuaranteeStatus, NewBorrower, NewCounterGuarantee, NewGuarantee,
    NewOfficer,
};
use crate::store::portfolio::{
    change_risk_tier_in, insert_borrower, insert_classification_change, insert_guarantee,
    insert_officer,
};
use crate::store::{StoreError, StoreResult};
use chrono::NaiveDate;
use rusqlite::{Connection, params};

pub(super) fn write(
    tx: &Connection,
    plan: &Plan<'_>,
    source: &ImportSource<'_>,
    as_of: NaiveDate,
) -> StoreResult<i64> {
    let count = |f: fn(&Line<'_>) -> bool| plan.lines.iter().filter(|l| f(l)).count() as i64;
    tx.execute(
        "INSERT INTO import_runs (file_name, file_sha256, imported_at, actor, rows_new,
             rows_changed, rows_unchanged, rows_skipped)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            source.file_name,
            source.sha256,
            source.at.to_rfc3339(),
            crate::store::audit::actor(tx)?,
            count(|l| matches!(l, Line::New { .. })),
            count(|l| matches!(l, Line::Changed { .. })),
            count(|l| matches!(l, Line::Same)),
            (source.skipped
                + plan
                    .problems
                    .iter()
                    .map(|p| p.row)
                    .collect::<std::collections::HashSet<_>>()
                    .len()) as i64,
        ],
    )?;
    let import_id = tx.last_insert_rowid();
    let headings: Vec<&str> = source.mapping.iter().map(|m| m.heading.as_str()).collect();
    tx.execute(
        "INSERT INTO import_mappings (signature, headings, mapping, confirmed_at)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (signature) DO UPDATE SET mapping = excluded.mapping,
             confirmed_at = excluded.confirmed_at",
        params![
            source.signature,
            serde_json::to_string(&headings).map_err(|e| StoreError::Invalid(e.to_string()))?,
            serde_json::to_string(source.mapping)
                .map_err(|e| StoreError::Invalid(e.to_string()))?,
            source.at.to_rfc3339(),
        ],
    )?;

    let mut taken_codes: std::collections::HashSet<String> = tx
        .prepare("SELECT code FROM officers")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut officer_ids = Vec::with_capacity(plan.new_officers.len());
    for o in &plan.new_officers {
        // An officer the file names without an employee number is recorded under their name;
        // head office's next update that knows them by number finds them by name.
        let mut code = o.code.clone().unwrap_or_else(|| o.name.clone());
        let base = code.clone();
        let mut n = 2;
        while taken_codes.contains(&code) {
            code = format!("{base}-{n}");
            n += 1;
        }
        taken_codes.insert(code.clone());
        officer_ids.push(insert_officer(
            tx,
            &NewOfficer {
                code,
                name: o.name.clone(),
                department: String::new(),
                phone: None,
            },
        )?);
    }
    let mut borrower_ids = Vec::with_capacity(plan.new_borrowers.len());
    for (name, credit_code) in &plan.new_borrowers {
        borrower_ids.push(insert_borrower(
            tx,
            &NewBorrower::named(name.clone(), credit_code.clone()),
        )?);
    }
    let officer = |w: Who| match w {
        Who::Known(id) => id,
        Who::New(i) => officer_ids[i],
    };
    let reason_of = |row: &ImportRow| format!("台账导入：{} 第 {} 行", source.file_name, row.row);
    let mut record = tx.prepare(
        "INSERT INTO guarantee_changes (guarantee_id, import_id, field, old_value, new_value)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for line in &plan.lines {
        match line {
            Line::Same => {}
            Line::New {
                row,
                borrower,
                officer_a,
                officer_b,
            } => {
                let borrower_id = match borrower {
                    Who::Known(id) => *id,
                    Who::New(i) => borrower_ids[*i],
                };
                let status = row.status.unwrap_or(GuaranteeStatus::Active);
                let guarantee = NewGuarantee {
                    contract_no: row.contract_no.clone(),
                    borrower_id,
                    lending_bank: row.lending_bank.clone().expect("needed"),
                    product: row.product.expect("needed"),
                    amount: row.amount.expect("needed"),
                    start_date: row.start_date.expect("needed"),
                    maturity_date: row.maturity_date.expect("needed"),
                    risk_tier: row.risk_tier.expect("needed"),
                    five_level_class: row.five_level_class.expect("needed"),
                    status,
                    officer_a_id: officer(*officer_a),
                    officer_b_id: officer_b.map(officer),
                    credit_rating: row.credit_rating.clone().flatten(),
                    notes: row.notes.clone().flatten(),
                };
                guarantee
                    .validate()
                    .map_err(|e| StoreError::Invalid(e.to_string()))?;
                let kinds = row.counter_guarantees.clone().unwrap_or_default();
                let id = insert_guarantee(tx, &guarantee, &placeholders(&kinds))?;
                if let Some(Some(d)) = row.last_on_site_visit {
                    tx.execute(
                        "UPDATE guarantees SET prior_on_site_on = ?2 WHERE id = ?1",
                        params![id, d],
                    )?;
                }
                if status == GuaranteeStatus::Released {
                    tx.execute(
                        "UPDATE guarantees SET released_on = ?2 WHERE id = ?1",
                        params![id, as_of],
                    )?;
                }
                record.execute(params![
                    id,
                    import_id,
                    "created",
                    None::<String>,
                    row.contract_no
                ])?;
            }
            Line::Changed {
                row,
                current,
                changes,
                officer_a,
                officer_b,
            } => {
                for c in changes {
                    apply_change(tx, current, c, &reason_of(row), as_of)?;
                    record.execute(params![
                        current.id,
                        import_id,
                        c.field.code(),
                        c.before.code(),
                        c.after.code()
                    ])?;
                }
                if let Some(a) = officer_a {
                    tx.execute(
                        "UPDATE guarantees SET officer_a_id = ?2 WHERE id = ?1",
                        params![current.id, officer(*a)],
                    )?;
                }
                if let Some(b) = officer_b {
                    tx.execute(
                        "UPDATE guarantees SET officer_b_id = ?2 WHERE id = ?1",
                        params![current.id, b.map(officer)],
                    )?;
                }
            }
        }
    }
    Ok(import_id)
}

/// Counter-guarantees known only by their kind, to be completed from the contract.
fn placeholders(kinds: &[CounterGuaranteeKind]) -> Vec<NewCounterGuarantee> {
    kinds
        .iter()
        .map(|k| NewCounterGuarantee {
            kind: *k,
            description: format!("{}（台账导入，详情待补充）", k.label(Locale::ZhCn)),
            provider: "（待补充）".into(),
            collateral_value: None,
            minimum_stock: None,
            stock_unit: None,
            registration_no: None,
        })
        .collect()
}

fn apply_change(
    tx: &Connection,
    cur: &Current,
    c: &Change,
    reason: &str,
    as_of: NaiveDate,
) -> StoreResult<()> {
    use ImportField as F;
    let set = |column: &str, value: &dyn rusqlite::ToSql| -> StoreResult<()> {
        tx.execute(
            &format!("UPDATE guarantees SET {column} = ?2 WHERE id = ?1"),
            params![cur.id, value],
        )?;
        Ok(())
    };
    match (&c.field, &c.after) {
        (F::Borrower, Value::Text(Some(name))) => {
            tx.execute(
                "UPDATE borrowers SET name = ?2 WHERE id = ?1",
                params![cur.borrower_id, name],
            )?;
        }
        (F::CreditCode, Value::Text(code)) => {
            tx.execute(
                "UPDATE borrowers SET credit_code = ?2 WHERE id = ?1",
                params![cur.borrower_id, code],
            )?;
        }
        (F::LendingBank, Value::Text(Some(bank))) => set("lending_bank", bank)?,
        (F::Product, Value::Product(p)) => set("product", p)?,
        (F::Amount, Value::Money(m)) => set("amount_fen", m)?,
        (F::StartDate, Value::Date(Some(d))) => set("start_date", d)?,
        (F::MaturityDate, Value::Date(Some(d))) => set("maturity_date", d)?,
        (F::RiskTier, Value::Tier(t)) => {
            change_risk_tier_in(tx, cur.id, cur.tier, *t, reason, as_of, None)?;
        }
        (F::FiveLevelClass, Value::Class(class)) => {
            set("five_level_class", class)?;
            insert_classification_change(
                tx,
                cur.id,
                as_of,
                "five_level_class",
                cur.class.code(),
                class.code(),
                reason,
                None,
            )?;
        }
        (F::Status, Value::Status(s)) => {
            set("status", s)?;
            let released_on = (*s == GuaranteeStatus::Released).then_some(as_of);
            tx.execute(
                "UPDATE guarantees SET released_on = CASE WHEN ?2 IS NULL THEN NULL
                     ELSE coalesce(released_on, ?2) END WHERE id = ?1",
                params![cur.id, released_on],
            )?;
        }
        // The officers are set by id once resolved (see `write`).
        (F::OfficerA | F::OfficerB, _) => {}
        (F::CounterGuarantees, Value::Kinds(after)) => {
            let added: Vec<CounterGuaranteeKind> = after
                .iter()
                .filter(|k| !cur.kinds.contains(k))
                .copied()
                .collect();
            for p in placeholders(&added) {
                tx.execute(
                    "INSERT INTO counter_guarantees (guarantee_id, kind, description, provider)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![cur.id, p.kind, p.description, p.provider],
                )?;
            }
        }
        (F::LastOnSiteVisit, Value::Date(d)) => set("prior_on_site_on", d)?,
        (F::CreditRating, Value::Text(t)) => set("credit_rating", t)?,
        (F::Notes, Value::Text(t)) => set("notes", t)?,
        (field, value) => {
            return Err(StoreError::Invalid(format!(
                "an import cannot set {field} to {value:?}"
            )));
        }
    }
    Ok(())
}
