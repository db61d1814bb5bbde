//! Rows read from the core system's spreadsheet ([`crate::sheets::import`]) weighed against the
//! portfolio on the laptop: which contracts are new, which changed and how, field by field,
//! which are the same, and which cannot be taken (a new contract without its amount, a maturity
//! before the start once combined with what the laptop holds). Weighing writes nothing; writing
//! weighs again inside one transaction and records the import, every changed field with its old
//! and new value, and the column mapping the user confirmed.

use super::{ColumnMapping, ImportField, ImportRow, OfficerName, Problem, RowProblem};
use crate::i18n::Locale;
use crate::money::Money;
use crate::portfolio::{CounterGuaranteeKind, FiveLevelClass, GuaranteeStatus, Product, RiskTier};
use crate::store::StoreResult;
use crate::store::portfolio::{LAST_ON_SITE, kinds_at};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::HashMap;

/// A contract new to the laptop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct NewLine {
    #[specta(type = u32)]
    pub row: usize,
    pub contract_no: String,
    pub borrower: String,
}

/// A contract whose facts in the file differ from the laptop's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct ChangedLine {
    #[specta(type = u32)]
    pub row: usize,
    pub contract_no: String,
    pub changes: Vec<FieldChange>,
}

/// One field's value on the laptop and in the file, as the user reads them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct FieldChange {
    pub field: ImportField,
    pub before: String,
    pub after: String,
}

/// What an import does (or did) to the portfolio.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    pub new: Vec<NewLine>,
    pub changed: Vec<ChangedLine>,
    pub unchanged: usize,
    /// Rows the laptop's data makes impossible; never written.
    pub problems: Vec<RowProblem>,
    /// Officers and borrowers the import records, by name.
    pub new_officers: Vec<String>,
    pub new_borrowers: Vec<String>,
    /// The import's number when it was written.
    pub import_id: Option<i64>,
}

/// What writing needs besides the rows: where they came from and the mapping confirmed.
#[derive(Clone, Debug)]
pub struct ImportSource<'a> {
    pub file_name: &'a str,
    pub sha256: &'a str,
    pub signature: &'a str,
    pub mapping: &'a [ColumnMapping],
    /// Rows of the file left out before weighing (broken ones the user chose to skip); rows
    /// the weighing refuses are added to them.
    pub skipped: usize,
    pub at: DateTime<FixedOffset>,
}

/// What one import did to one guarantee, for its file's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedChanges {
    pub imported_on: NaiveDate,
    pub file_name: String,
    /// The guarantee was recorded by this import.
    pub created: bool,
    /// The fields it changed, as the user reads them (tier and class changes are classification
    /// changes of their own and are not repeated here).
    pub changes: Vec<FieldChange>,
}

/// A guarantee as the laptop holds it, in the terms of an import row.
#[derive(Clone, Debug)]
pub(super) struct Current {
    pub(super) id: i64,
    pub(super) borrower_id: i64,
    pub(super) borrower: String,
    pub(super) credit_code: Option<String>,
    pub(super) lending_bank: String,
    pub(super) product: Product,
    pub(super) amount: Money,
    pub(super) start: NaiveDate,
    pub(super) maturity: NaiveDate,
    pub(super) tier: RiskTier,
    pub(super) class: FiveLevelClass,
    pub(super) status: GuaranteeStatus,
    pub(super) officer_a: String,
    pub(super) officer_b: Option<String>,
    pub(super) kinds: Vec<CounterGuaranteeKind>,
    pub(super) last_on_site: Option<NaiveDate>,
    pub(super) credit_rating: Option<String>,
    pub(super) notes: Option<String>,
}

/// A change with its typed value, written as a code and shown as a label.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Value {
    Text(Option<String>),
    Money(Money),
    Date(Option<NaiveDate>),
    Product(Product),
    Tier(RiskTier),
    Class(FiveLevelClass),
    Status(GuaranteeStatus),
    Kinds(Vec<CounterGuaranteeKind>),
}

impl Value {
    pub(super) fn code(&self) -> Option<String> {
        match self {
            Value::Text(t) => t.clone(),
            Value::Money(m) => Some(m.to_string()),
            Value::Date(d) => d.map(|d| d.to_string()),
            Value::Product(p) => Some(p.code().into()),
            Value::Tier(t) => Some(t.get().to_string()),
            Value::Class(c) => Some(c.code().into()),
            Value::Status(s) => Some(s.code().into()),
            Value::Kinds(k) => Some(k.iter().map(|k| k.code()).collect::<Vec<_>>().join(",")),
        }
    }

    fn shown(&self, l: Locale) -> String {
        match self {
            Value::Text(t) => t
                .clone()
                .unwrap_or_else(|| l.pick("（空）", "（空）", "(blank)").into()),
            Value::Money(m) => format!("{} {}", m.grouped(), l.pick("元", "元", "yuan")),
            Value::Date(d) => d.map_or_else(
                || l.pick("（空）", "（空）", "(blank)").into(),
                |d| d.to_string(),
            ),
            Value::Product(p) => p.label(l).into(),
            Value::Tier(t) => format!("{}（{}）", t.get(), t.label(l)),
            Value::Class(c) => c.label(l).into(),
            Value::Status(s) => s.label(l).into(),
            Value::Kinds(k) if k.is_empty() => l.pick("（无）", "（無）", "(none)").into(),
            Value::Kinds(k) => k.iter().map(|k| k.label(l)).collect::<Vec<_>>().join("、"),
        }
    }
}

/// A value as `guarantee_changes` keeps it (a code), as the user reads it.
pub(super) fn shown_code(field: ImportField, code: Option<&str>, l: Locale) -> String {
    use ImportField as F;
    let Some(code) = code else {
        return Value::Text(None).shown(l);
    };
    let value = match field {
        F::Amount => code.parse().map(Value::Money).ok(),
        F::StartDate | F::MaturityDate | F::LastOnSiteVisit => {
            code.parse().map(|d| Value::Date(Some(d))).ok()
        }
        F::Product => Product::from_code(code).map(Value::Product).ok(),
        F::Status => GuaranteeStatus::from_code(code).map(Value::Status).ok(),
        F::CounterGuarantees => Some(Value::Kinds(
            code.split(',')
                .filter_map(|k| CounterGuaranteeKind::from_code(k).ok())
                .collect(),
        )),
        _ => None,
    };
    value.map_or_else(|| code.to_owned(), |v| v.shown(l))
}

#[derive(Clone, Debug)]
pub(super) struct Change {
    pub(super) field: ImportField,
    pub(super) before: Value,
    pub(super) after: Value,
}

/// An officer or borrower the row names: one the laptop has, or one the import records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Who {
    Known(i64),
    /// Index into the plan's list of new ones.
    New(usize),
}

#[derive(Debug)]
pub(super) enum Line<'r> {
    New {
        row: &'r ImportRow,
        borrower: Who,
        officer_a: Who,
        officer_b: Option<Who>,
    },
    Changed {
        row: &'r ImportRow,
        current: Box<Current>,
        changes: Vec<Change>,
        officer_a: Option<Who>,
        officer_b: Option<Option<Who>>,
    },
    Same,
}

pub(super) struct Plan<'r> {
    pub(super) lines: Vec<Line<'r>>,
    pub(super) problems: Vec<RowProblem>,
    pub(super) new_officers: Vec<OfficerName>,
    pub(super) new_borrowers: Vec<(String, Option<String>)>,
    pub(super) locale: Locale,
}

impl Plan<'_> {
    pub(super) fn outcome(&self) -> ImportOutcome {
        let l = self.locale;
        let mut outcome = ImportOutcome {
            problems: self.problems.clone(),
            new_officers: self.new_officers.iter().map(|o| o.name.clone()).collect(),
            new_borrowers: self.new_borrowers.iter().map(|b| b.0.clone()).collect(),
            ..ImportOutcome::default()
        };
        for line in &self.lines {
            match line {
                Line::New { row, .. } => outcome.new.push(NewLine {
                    row: row.row,
                    contract_no: row.contract_no.clone(),
                    borrower: row.borrower.clone().unwrap_or_default(),
                }),
                Line::Changed { row, changes, .. } => outcome.changed.push(ChangedLine {
                    row: row.row,
                    contract_no: row.contract_no.clone(),
                    changes: changes
                        .iter()
                        .map(|c| FieldChange {
                            field: c.field,
                            before: c.before.shown(l),
                            after: c.after.shown(l),
                        })
                        .collect(),
                }),
                Line::Same => outcome.unchanged += 1,
            }
        }
        outcome
    }
}

/// The laptop's officers and borrowers, and those the import adds.
pub(super) struct People {
    pub(super) officer_by_name: HashMap<String, i64>,
    pub(super) officer_by_code: HashMap<String, i64>,
    pub(super) borrower_by_code: HashMap<String, i64>,
    pub(super) borrower_by_name: HashMap<String, i64>,
    pub(super) new_officer_by_name: HashMap<String, usize>,
    pub(super) new_borrower_by_key: HashMap<String, usize>,
}

pub(super) fn weigh<'r>(
    conn: &Connection,
    rows: &'r [ImportRow],
    locale: Locale,
) -> StoreResult<Plan<'r>> {
    let current = load_current(conn)?;
    let mut people = load_people(conn)?;
    let mut plan = Plan {
        lines: Vec::with_capacity(rows.len()),
        problems: Vec::new(),
        new_officers: Vec::new(),
        new_borrowers: Vec::new(),
        locale,
    };
    for row in rows {
        let problem = |problem: Problem| RowProblem {
            row: row.row,
            contract_no: Some(row.contract_no.clone()),
            problem,
        };
        match current.get(row.contract_no.as_str()) {
            None => {
                let missing: Vec<ImportField> = ImportField::NEEDED_FOR_NEW
                    .into_iter()
                    .filter(|f| !row_has(row, *f))
                    .collect();
                if !missing.is_empty() {
                    plan.problems.extend(
                        missing
                            .into_iter()
                            .map(|f| problem(Problem::NeededForNew(f))),
                    );
                    continue;
                }
                let credit_code = row.credit_code.clone().flatten();
                let borrower_name = row.borrower.clone().unwrap_or_default();
                let borrower = people.borrower(&mut plan, &borrower_name, credit_code);
                let officer_a = people.officer(&mut plan, row.officer_a.as_ref().expect("needed"));
                let officer_b = row
                    .officer_b
                    .clone()
                    .flatten()
                    .map(|o| people.officer(&mut plan, &o));
                if officer_b == Some(officer_a) {
                    plan.problems.push(problem(Problem::SameOfficerTwice));
                    continue;
                }
                plan.lines.push(Line::New {
                    row,
                    borrower,
                    officer_a,
                    officer_b,
                });
            }
            Some(cur) => match changes_of(row, cur, &mut people, &mut plan) {
                Err(p) => plan.problems.push(problem(p)),
                Ok((changes, officer_a, officer_b)) if changes.is_empty() => {
                    debug_assert!(officer_a.is_none() && officer_b.is_none());
                    plan.lines.push(Line::Same);
                }
                Ok((changes, officer_a, officer_b)) => plan.lines.push(Line::Changed {
                    row,
                    current: Box::new(cur.clone()),
                    changes,
                    officer_a,
                    officer_b,
                }),
            },
        }
    }
    Ok(plan)
}

pub(super) fn row_has(row: &ImportRow, field: ImportField) -> bool {
    use ImportField as F;
    match field {
        F::ContractNo => !row.contract_no.is_empty(),
        F::Borrower => row.borrower.is_some(),
        F::LendingBank => row.lending_bank.is_some(),
        F::Product => row.product.is_some(),
        F::Amount => row.amount.is_some(),
        F::StartDate => row.start_date.is_some(),
        F::MaturityDate => row.maturity_date.is_some(),
        F::RiskTier => row.risk_tier.is_some(),
        F::FiveLevelClass => row.five_level_class.is_some(),
        F::OfficerA => row.officer_a.is_some(),
        _ => true,
    }
}

type OfficerChanges = (Vec<Change>, Option<Who>, Option<Option<Who>>);

/// The row's differences from the laptop's guarantee, or why it cannot be taken.
pub(super) fn changes_of(
    row: &ImportRow,
    cur: &Current,
    people: &mut People,
    plan: &mut Plan<'_>,
) -> Result<OfficerChanges, Problem> {
    use ImportField as F;
    let mut changes = Vec::new();
    let mut change = |field, before: Value, after: Value| {
        if before != after {
            changes.push(Change {
                field,
                before,
                after,
            });
        }
    };
    if let Some(b) = &row.borrower {
        change(
            F::Borrower,
            Value::Text(Some(cur.borrower.clone())),
            Value::Text(Some(b.clone())),
        );
    }
    if let Some(Some(code)) = &row.credit_code {
        match &cur.credit_code {
            Some(laptop) if laptop != code => {
                return Err(Problem::CreditCodeDiffers {
                    file: code.clone(),
                    laptop: laptop.clone(),
                });
            }
            Some(_) => {}
            None => change(
                F::CreditCode,
                Value::Text(None),
                Value::Text(Some(code.clone())),
            ),
        }
    }
    if let Some(bank) = &row.lending_bank {
        change(
            F::LendingBank,
            Value::Text(Some(cur.lending_bank.clone())),
            Value::Text(Some(bank.clone())),
        );
    }
    if let Some(p) = row.product {
        change(F::Product, Value::Product(cur.product), Value::Product(p));
    }
    if let Some(a) = row.amount {
        change(F::Amount, Value::Money(cur.amount), Value::Money(a));
    }
    let start = row.start_date.unwrap_or(cur.start);
    let maturity = row.maturity_date.unwrap_or(cur.maturity);
    if maturity <= start {
        return Err(Problem::MaturityNotAfterStart { start, maturity });
    }
    change(
        F::StartDate,
        Value::Date(Some(cur.start)),
        Value::Date(Some(start)),
    );
    change(
        F::MaturityDate,
        Value::Date(Some(cur.maturity)),
        Value::Date(Some(maturity)),
    );
    if let Some(t) = row.risk_tier {
        change(F::RiskTier, Value::Tier(cur.tier), Value::Tier(t));
    }
    if let Some(c) = row.five_level_class {
        change(F::FiveLevelClass, Value::Class(cur.class), Value::Class(c));
    }
    if let Some(s) = row.status {
        change(F::Status, Value::Status(cur.status), Value::Status(s));
    }
    let name_a = row.officer_a.as_ref().map(|o| o.name.clone());
    let name_b = row
        .officer_b
        .as_ref()
        .map(|o| o.as_ref().map(|o| o.name.clone()));
    let after_a = name_a.clone().unwrap_or_else(|| cur.officer_a.clone());
    let after_b = name_b.clone().unwrap_or_else(|| cur.officer_b.clone());
    if after_b.as_ref() == Some(&after_a) {
        return Err(Problem::SameOfficerTwice);
    }
    let mut officer_a = None;
    if let Some(name) = name_a
        && name != cur.officer_a
    {
        change(
            F::OfficerA,
            Value::Text(Some(cur.officer_a.clone())),
            Value::Text(Some(name)),
        );
        officer_a = Some(people.officer(plan, row.officer_a.as_ref().expect("named")));
    }
    let mut officer_b = None;
    if let Some(name) = name_b
        && name != cur.officer_b
    {
        change(
            F::OfficerB,
            Value::Text(cur.officer_b.clone()),
            Value::Text(name),
        );
        officer_b = Some(
            row.officer_b
                .clone()
                .flatten()
                .map(|o| people.officer(plan, &o)),
        );
    }
    if let Some(kinds) = &row.counter_guarantees {
        // Kinds the file lists that the laptop lacks are added; none is taken away (the
        // laptop's records carry the collateral's details, the file only its kind).
        let mut after = cur.kinds.clone();
        for k in kinds {
            if !after.contains(k) {
                after.push(*k);
            }
        }
        after.sort();
        change(
            F::CounterGuarantees,
            Value::Kinds(cur.kinds.clone()),
            Value::Kinds(after),
        );
    }
    if let Some(Some(d)) = row.last_on_site_visit
        && cur.last_on_site.is_none_or(|last| d > last)
    {
        change(
            F::LastOnSiteVisit,
            Value::Date(cur.last_on_site),
            Value::Date(Some(d)),
        );
    }
    if let Some(r) = &row.credit_rating {
        change(
            F::CreditRating,
            Value::Text(cur.credit_rating.clone()),
            Value::Text(r.clone()),
        );
    }
    if let Some(n) = &row.notes {
        change(
            F::Notes,
            Value::Text(cur.notes.clone()),
            Value::Text(n.clone()),
        );
    }
    Ok((changes, officer_a, officer_b))
}

impl People {
    fn officer(&mut self, plan: &mut Plan<'_>, o: &OfficerName) -> Who {
        if let Some(id) = o.code.as_ref().and_then(|c| self.officer_by_code.get(c)) {
            return Who::Known(*id);
        }
        if let Some(id) = self.officer_by_name.get(&o.name) {
            return Who::Known(*id);
        }
        let index = *self
            .new_officer_by_name
            .entry(o.name.clone())
            .or_insert_with(|| {
                plan.new_officers.push(o.clone());
                plan.new_officers.len() - 1
            });
        Who::New(index)
    }

    fn borrower(&mut self, plan: &mut Plan<'_>, name: &str, credit_code: Option<String>) -> Who {
        if let Some(id) = credit_code
            .as_ref()
            .and_then(|c| self.borrower_by_code.get(c))
        {
            return Who::Known(*id);
        }
        if credit_code.is_none()
            && let Some(id) = self.borrower_by_name.get(name)
        {
            return Who::Known(*id);
        }
        let key = credit_code
            .clone()
            .unwrap_or_else(|| format!("name:{name}"));
        let index = *self.new_borrower_by_key.entry(key).or_insert_with(|| {
            plan.new_borrowers.push((name.to_owned(), credit_code));
            plan.new_borrowers.len() - 1
        });
        Who::New(index)
    }
}

pub(super) fn load_people(conn: &Connection) -> StoreResult<People> {
    let mut people = People {
        officer_by_name: HashMap::new(),
        officer_by_code: HashMap::new(),
        borrower_by_code: HashMap::new(),
        borrower_by_name: HashMap::new(),
        new_officer_by_name: HashMap::new(),
        new_borrower_by_key: HashMap::new(),
    };
    let mut stmt = conn.prepare("SELECT id, code, name FROM officers ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (id, code, name): (i64, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        people.officer_by_code.insert(code, id);
        people.officer_by_name.entry(name).or_insert(id);
    }
    let mut stmt = conn.prepare("SELECT id, name, credit_code FROM borrowers ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (id, name, code): (i64, String, Option<String>) = (r.get(0)?, r.get(1)?, r.get(2)?);
        if let Some(code) = code {
            people.borrower_by_code.insert(code, id);
        }
        people.borrower_by_name.entry(name).or_insert(id);
    }
    Ok(people)
}

pub(super) fn load_current(conn: &Connection) -> StoreResult<HashMap<String, Current>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT g.id, g.contract_no, g.borrower_id, b.name, b.credit_code, g.lending_bank,
                g.product, g.amount_fen, g.start_date, g.maturity_date, g.risk_tier,
                g.five_level_class, g.status, oa.name, ob.name,
                (SELECT group_concat(kind) FROM (SELECT DISTINCT kind FROM counter_guarantees c
                    WHERE c.guarantee_id = g.id ORDER BY kind)),
                {LAST_ON_SITE},
                g.credit_rating, g.notes
         FROM guarantees g
         JOIN borrowers b ON b.id = g.borrower_id
         JOIN officers oa ON oa.id = g.officer_a_id
         LEFT JOIN officers ob ON ob.id = g.officer_b_id"
    ))?;
    let mut out = HashMap::new();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let kinds = kinds_at(r, 15)?;
        let last: String = r.get(16)?;
        let contract_no: String = r.get(1)?;
        out.insert(
            contract_no,
            Current {
                id: r.get(0)?,
                borrower_id: r.get(2)?,
                borrower: r.get(3)?,
                credit_code: r.get(4)?,
                lending_bank: r.get(5)?,
                product: r.get(6)?,
                amount: r.get(7)?,
                start: r.get(8)?,
                maturity: r.get(9)?,
                tier: r.get(10)?,
                class: r.get(11)?,
                status: r.get(12)?,
                officer_a: r.get(13)?,
                officer_b: r.get(14)?,
                kinds,
                last_on_site: last.parse().ok(),
                credit_rating: r.get(17)?,
                notes: r.get(18)?,
            },
        );
    }
    Ok(out)
}

#[cfg(test)]
#[path = "weigh_tests.rs"]
mod tests;
