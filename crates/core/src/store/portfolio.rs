//! Officers, borrowers, guarantees and counter-guarantees in the store.

use super::codec::{decimal_text, get_opt_decimal, opt_decimal_text};
use super::{Store, StoreError, StoreResult};
use crate::money::Money;
use crate::portfolio::{
    Borrower, BorrowerId, ClassificationChange, CounterGuarantee, CounterGuaranteeKind,
    FiveLevelClass, Guarantee, GuaranteeId, GuaranteeSummary, NewBorrower, NewCounterGuarantee,
    NewGuarantee, NewOfficer, Officer, OfficerId, PortfolioTotals, RiskTier, TierCount,
};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};

impl Store {
    pub fn insert_officer(&mut self, officer: &NewOfficer) -> StoreResult<OfficerId> {
        self.in_transaction(|tx| insert_officer(tx, officer))
    }

    pub fn officers(&self) -> StoreResult<Vec<Officer>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id, code, name, department, phone FROM officers ORDER BY code")?;
        let rows = stmt.query_map([], officer_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One officer (a guarantee's A角, say).
    pub fn officer(&self, id: OfficerId) -> StoreResult<Officer> {
        self.conn()
            .query_row(
                "SELECT id, code, name, department, phone FROM officers WHERE id = ?1",
                [id],
                officer_row,
            )
            .optional()?
            .ok_or_else(|| super::StoreError::Invalid(format!("officer {id} is unknown")))
    }

    pub fn insert_borrower(&mut self, borrower: &NewBorrower) -> StoreResult<BorrowerId> {
        self.in_transaction(|tx| insert_borrower(tx, borrower))
    }

    pub fn borrower(&self, id: BorrowerId) -> StoreResult<Borrower> {
        self.conn()
            .query_row(
                "SELECT id, name, credit_code, legal_representative, industry, address,
                        contact_name, contact_phone, site_latitude, site_longitude, employees
                 FROM borrowers WHERE id = ?1",
                [id],
                |r| {
                    Ok(Borrower {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        credit_code: r.get(2)?,
                        legal_representative: r.get(3)?,
                        industry: r.get(4)?,
                        address: r.get(5)?,
                        contact_name: r.get(6)?,
                        contact_phone: r.get(7)?,
                        site_latitude: get_opt_decimal(r, 8)?,
                        site_longitude: get_opt_decimal(r, 9)?,
                        employees: r.get(10)?,
                    })
                },
            )
            .optional()?
            .ok_or(StoreError::Missing {
                what: "borrower",
                id,
            })
    }

    /// Records a guarantee with its counter-guarantees, in one transaction.
    pub fn insert_guarantee(
        &mut self,
        guarantee: &NewGuarantee,
        counter_guarantees: &[NewCounterGuarantee],
    ) -> StoreResult<GuaranteeId> {
        guarantee
            .validate()
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        self.in_transaction(|tx| insert_guarantee(tx, guarantee, counter_guarantees))
    }

    pub fn guarantee(&self, id: GuaranteeId) -> StoreResult<Guarantee> {
        guarantee_in(self.conn(), id)
    }

    pub fn counter_guarantees(
        &self,
        guarantee_id: GuaranteeId,
    ) -> StoreResult<Vec<CounterGuarantee>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, guarantee_id, kind, description, provider, collateral_value_fen,
                    minimum_stock, stock_unit, registration_no
             FROM counter_guarantees WHERE guarantee_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([guarantee_id], |r| {
            Ok(CounterGuarantee {
                id: r.get(0)?,
                guarantee_id: r.get(1)?,
                kind: r.get(2)?,
                description: r.get(3)?,
                provider: r.get(4)?,
                collateral_value: r.get(5)?,
                minimum_stock: get_opt_decimal(r, 6)?,
                stock_unit: r.get(7)?,
                registration_no: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The portfolio list, one line per guarantee: active ones first, then by contract number.
    pub fn guarantee_summaries(&self) -> StoreResult<Vec<GuaranteeSummary>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT g.id, g.contract_no, b.name, g.lending_bank, g.product, g.amount_fen,
                    g.start_date, g.maturity_date, g.risk_tier, g.five_level_class, g.status,
                    oa.name, ob.name,
                    (SELECT group_concat(kind) FROM (SELECT DISTINCT kind FROM counter_guarantees c
                        WHERE c.guarantee_id = g.id ORDER BY kind)),
                    {LAST_ON_SITE},
                    (SELECT count(*) FROM signals s WHERE s.guarantee_id = g.id AND s.status = 'open')
             FROM guarantees g
             JOIN borrowers b ON b.id = g.borrower_id
             JOIN officers oa ON oa.id = g.officer_a_id
             LEFT JOIN officers ob ON ob.id = g.officer_b_id
             ORDER BY g.status <> 'active', g.contract_no"
        ))?;
        let rows = stmt.query_map([], |r| {
            let counter_guarantee_kinds = kinds_at(r, 13)?;
            Ok(GuaranteeSummary {
                id: r.get(0)?,
                contract_no: r.get(1)?,
                borrower_name: r.get(2)?,
                lending_bank: r.get(3)?,
                product: r.get(4)?,
                amount: r.get(5)?,
                start_date: r.get(6)?,
                maturity_date: r.get(7)?,
                risk_tier: r.get(8)?,
                five_level_class: r.get(9)?,
                status: r.get(10)?,
                officer_a: r.get(11)?,
                officer_b: r.get(12)?,
                counter_guarantee_kinds,
                last_on_site_visit: r
                    .get::<_, String>(14)
                    .map(|d| d.parse::<NaiveDate>().ok())?,
                open_signals: r.get(15)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Counts and the active balance over the whole portfolio, summed exactly in 分.
    pub fn portfolio_totals(&self) -> StoreResult<PortfolioTotals> {
        let (guarantees, active, active_fen): (u32, u32, i64) = self.conn().query_row(
            "SELECT count(*), count(*) FILTER (WHERE status = 'active'),
                    coalesce(sum(amount_fen) FILTER (WHERE status = 'active'), 0)
             FROM guarantees",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let mut per_tier = self.conn().prepare(
            "SELECT risk_tier, count(*) FROM guarantees WHERE status = 'active' GROUP BY risk_tier",
        )?;
        let counted: Vec<(RiskTier, u32)> = per_tier
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let by_tier = RiskTier::ALL
            .iter()
            .map(|&tier| TierCount {
                tier,
                count: counted
                    .iter()
                    .find(|(t, _)| *t == tier)
                    .map_or(0, |(_, n)| *n),
            })
            .collect();
        let open_signals: u32 = self.conn().query_row(
            "SELECT count(*) FROM signals WHERE status = 'open'",
            [],
            |r| r.get(0),
        )?;
        Ok(PortfolioTotals {
            guarantees,
            active,
            active_amount: Money::from_fen(active_fen)
                .map_err(|e| StoreError::Invalid(e.to_string()))?,
            by_tier,
            open_signals,
        })
    }

    /// Changes a guarantee's risk tier and records the change with its reason, in one transaction.
    pub fn change_risk_tier(
        &mut self,
        id: GuaranteeId,
        tier: RiskTier,
        reason: &str,
        on: NaiveDate,
        officer: Option<OfficerId>,
    ) -> StoreResult<()> {
        super::check_texts(&[reason])?;
        if reason.trim().is_empty() {
            return Err(StoreError::Invalid("a tier change needs a reason".into()));
        }
        self.in_transaction(|tx| {
            let old = guarantee_in(tx, id)?.risk_tier;
            change_risk_tier_in(tx, id, old, tier, reason, on, officer)
        })
    }

    /// Changes a guarantee's five-level class (五级分类) and records it with its reason.
    pub fn change_five_level_class(
        &mut self,
        id: GuaranteeId,
        class: FiveLevelClass,
        reason: &str,
        on: NaiveDate,
        officer: Option<OfficerId>,
    ) -> StoreResult<()> {
        super::check_texts(&[reason])?;
        if reason.trim().is_empty() {
            return Err(StoreError::Invalid("a class change needs a reason".into()));
        }
        self.in_transaction(|tx| {
            let old = guarantee_in(tx, id)?.five_level_class;
            change_five_level_class_in(tx, id, old, class, reason, on, officer)
        })
    }

    /// The guarantee with this contract number, if there is one.
    pub fn guarantee_id_by_contract(&self, contract_no: &str) -> StoreResult<Option<GuaranteeId>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id FROM guarantees WHERE contract_no = ?1",
                [contract_no],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The officer with this name, if there is one.
    pub fn officer_id_by_name(&self, name: &str) -> StoreResult<Option<OfficerId>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id FROM officers WHERE name = ?1 ORDER BY id LIMIT 1",
                [name],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The tier and class changes of a guarantee, oldest first.
    pub fn classification_changes(
        &self,
        id: GuaranteeId,
    ) -> StoreResult<Vec<ClassificationChange>> {
        let mut stmt = self.conn().prepare(
            "SELECT changed_on, field, old_value, new_value, reason, officer_id
             FROM classification_changes WHERE guarantee_id = ?1 ORDER BY changed_on, id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(ClassificationChange {
                changed_on: r.get(0)?,
                field: r.get(1)?,
                old_value: r.get(2)?,
                new_value: r.get(3)?,
                reason: r.get(4)?,
                officer_id: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// A guarantee `g`'s last on-site check as text ('' when none): its latest completed on-site
/// visit, or the core system's last check (`prior_on_site_on`) when that is later.
pub(crate) const LAST_ON_SITE: &str = "max(coalesce((SELECT max(visit_date) FROM visits v
    WHERE v.guarantee_id = g.id AND v.method = 'on_site' AND v.status = 'completed'), ''),
    coalesce(g.prior_on_site_on, ''))";

/// The counter-guarantee kinds a query lists as `group_concat(kind)` in column `i`.
pub(crate) fn kinds_at(r: &Row<'_>, i: usize) -> rusqlite::Result<Vec<CounterGuaranteeKind>> {
    let kinds: Option<String> = r.get(i)?;
    kinds
        .unwrap_or_default()
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| {
            CounterGuaranteeKind::from_code(s).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    i,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })
        })
        .collect()
}

pub(crate) fn guarantee_in(conn: &Connection, id: GuaranteeId) -> StoreResult<Guarantee> {
    conn.query_row(
        &format!("SELECT {GUARANTEE_COLUMNS} FROM guarantees WHERE id = ?1"),
        [id],
        guarantee_from_row,
    )
    .optional()?
    .ok_or(StoreError::Missing {
        what: "guarantee",
        id,
    })
}

const GUARANTEE_COLUMNS: &str = "id, contract_no, borrower_id, lending_bank, product, amount_fen, start_date, maturity_date, risk_tier, five_level_class, status, officer_a_id, officer_b_id, credit_rating, notes";

fn guarantee_from_row(r: &Row<'_>) -> rusqlite::Result<Guarantee> {
    Ok(Guarantee {
        id: r.get(0)?,
        contract_no: r.get(1)?,
        borrower_id: r.get(2)?,
        lending_bank: r.get(3)?,
        product: r.get(4)?,
        amount: r.get(5)?,
        start_date: r.get(6)?,
        maturity_date: r.get(7)?,
        risk_tier: r.get(8)?,
        five_level_class: r.get(9)?,
        status: r.get(10)?,
        officer_a_id: r.get(11)?,
        officer_b_id: r.get(12)?,
        credit_rating: r.get(13)?,
        notes: r.get(14)?,
    })
}

pub(crate) fn insert_officer(conn: &Connection, o: &NewOfficer) -> StoreResult<OfficerId> {
    conn.execute(
        "INSERT INTO officers (code, name, department, phone) VALUES (?1, ?2, ?3, ?4)",
        params![o.code, o.name, o.department, o.phone],
    )?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn insert_borrower(conn: &Connection, b: &NewBorrower) -> StoreResult<BorrowerId> {
    conn.execute(
        "INSERT INTO borrowers (name, credit_code, legal_representative, industry, address,
                                contact_name, contact_phone, site_latitude, site_longitude, employees)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            b.name,
            b.credit_code,
            b.legal_representative,
            b.industry,
            b.address,
            b.contact_name,
            b.contact_phone,
            opt_decimal_text(&b.site_latitude),
            opt_decimal_text(&b.site_longitude),
            b.employees,
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn insert_guarantee(
    conn: &Connection,
    g: &NewGuarantee,
    counter_guarantees: &[NewCounterGuarantee],
) -> StoreResult<GuaranteeId> {
    conn.execute(
        "INSERT INTO guarantees (contract_no, borrower_id, lending_bank, product, amount_fen,
             start_date, maturity_date, risk_tier, five_level_class, status, officer_a_id,
             officer_b_id, credit_rating, notes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            g.contract_no,
            g.borrower_id,
            g.lending_bank,
            g.product,
            g.amount,
            g.start_date,
            g.maturity_date,
            g.risk_tier,
            g.five_level_class,
            g.status,
            g.officer_a_id,
            g.officer_b_id,
            g.credit_rating,
            g.notes,
        ],
    )?;
    let id = conn.last_insert_rowid();
    let mut stmt = conn.prepare(
        "INSERT INTO counter_guarantees (guarantee_id, kind, description, provider,
             collateral_value_fen, minimum_stock, stock_unit, registration_no)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for c in counter_guarantees {
        stmt.execute(params![
            id,
            c.kind,
            c.description,
            c.provider,
            c.collateral_value,
            c.minimum_stock.as_ref().map(decimal_text),
            c.stock_unit,
            c.registration_no,
        ])?;
    }
    Ok(id)
}

/// Sets a guarantee's risk tier from `old` to `tier` and records the change with its reason,
/// within the caller's transaction.
pub(crate) fn change_risk_tier_in(
    conn: &Connection,
    id: GuaranteeId,
    old: RiskTier,
    tier: RiskTier,
    reason: &str,
    on: NaiveDate,
    officer: Option<OfficerId>,
) -> StoreResult<()> {
    conn.execute(
        "UPDATE guarantees SET risk_tier = ?2 WHERE id = ?1",
        params![id, tier],
    )?;
    insert_classification_change(
        conn,
        id,
        on,
        "risk_tier",
        &old.get().to_string(),
        &tier.get().to_string(),
        reason,
        officer,
    )
}

/// Sets a guarantee's five-level class from `old` to `class` and records the change with its
/// reason, within the caller's transaction.
pub(crate) fn change_five_level_class_in(
    conn: &Connection,
    id: GuaranteeId,
    old: FiveLevelClass,
    class: FiveLevelClass,
    reason: &str,
    on: NaiveDate,
    officer: Option<OfficerId>,
) -> StoreResult<()> {
    conn.execute(
        "UPDATE guarantees SET five_level_class = ?2 WHERE id = ?1",
        params![id, class],
    )?;
    insert_classification_change(
        conn,
        id,
        on,
        "five_level_class",
        old.code(),
        class.code(),
        reason,
        officer,
    )
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_classification_change(
    conn: &Connection,
    guarantee_id: GuaranteeId,
    on: NaiveDate,
    field: &str,
    old_value: &str,
    new_value: &str,
    reason: &str,
    officer: Option<OfficerId>,
) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO classification_changes (guarantee_id, changed_on, field, old_value, new_value, reason, officer_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![guarantee_id, on, field, old_value, new_value, reason, officer],
    )?;
    let entity = if field == "risk_tier" {
        super::audit::Entity::Tier
    } else {
        super::audit::Entity::Class
    };
    super::audit::append(
        conn,
        entity,
        guarantee_id,
        "change",
        Some(&serde_json::json!({ field: old_value })),
        Some(
            &serde_json::json!({ field: new_value, "reason": reason, "on": on, "officer": officer }),
        ),
    )
}

fn officer_row(r: &Row<'_>) -> rusqlite::Result<Officer> {
    Ok(Officer {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        department: r.get(3)?,
        phone: r.get(4)?,
    })
}
