//! Head office's updates applied on the laptop: a new policy, a year of the official calendar,
//! new guarantees for this officer, tier changes. A batch is applied in one transaction, all or none, and the last update applied
//! is remembered (`store_meta` key `sync_updates_seq`) so that each is applied once.

use crate::policy::Policy;
use crate::portfolio::{GuaranteeStatus, NewGuarantee, NewOfficer, RiskTier};
use crate::protocol::{Change, GuaranteeDoc, Update};
use crate::store::installed::{DataFile, install_in};
use crate::store::portfolio::{
    change_risk_tier_in, insert_borrower, insert_guarantee, insert_officer,
};
use crate::store::{Store, StoreError, StoreResult};
use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, OptionalExtension, params};

const APPLIED_THROUGH: &str = "sync_updates_seq";

impl Store {
    /// The `seq` of the last head-office update applied here (0 when none).
    pub fn updates_applied_through(&self) -> StoreResult<i64> {
        Ok(self
            .meta(APPLIED_THROUGH)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0))
    }

    /// Applies head office's updates in one transaction, in `seq` order, skipping those applied
    /// before. Returns how many were applied now. An update that cannot be applied refuses the
    /// whole batch ([`StoreError::BadUpdate`]) and changes nothing.
    pub fn apply_updates(
        &mut self,
        updates: &[Update],
        applied_at: DateTime<FixedOffset>,
    ) -> StoreResult<usize> {
        let through = self.updates_applied_through()?;
        let mut fresh: Vec<&Update> = updates.iter().filter(|u| u.seq > through).collect();
        fresh.sort_by_key(|u| u.seq);
        if fresh.is_empty() {
            return Ok(0);
        }
        // The audit log records these changes as head office's.
        self.set_actor("总部")?;
        let applied = self.apply_fresh(&fresh, applied_at);
        self.clear_actor()?;
        applied
    }

    fn apply_fresh(
        &mut self,
        fresh: &[&Update],
        applied_at: DateTime<FixedOffset>,
    ) -> StoreResult<usize> {
        self.in_transaction(|tx| {
            for update in fresh {
                apply(tx, update, applied_at).map_err(|e| match e {
                    StoreError::BadUpdate { .. } => e,
                    other => StoreError::BadUpdate {
                        seq: update.seq,
                        detail: other.to_string(),
                    },
                })?;
            }
            let last = fresh.last().map_or(0, |u| u.seq);
            tx.execute(
                "INSERT INTO store_meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![APPLIED_THROUGH, last.to_string()],
            )?;
            Ok(fresh.len())
        })
    }
}

fn apply(tx: &Connection, update: &Update, at: DateTime<FixedOffset>) -> StoreResult<()> {
    let bad = |detail: String| StoreError::BadUpdate {
        seq: update.seq,
        detail,
    };
    match &update.change {
        Change::Policy { toml } => {
            let origin = format!("总部更新 {}", update.seq);
            let policy = <Policy as DataFile>::parse(toml, &origin)?;
            install_in(tx, &policy, toml, &origin, at)?;
        }
        Change::Calendar { toml } => {
            let origin = format!("总部更新 {}", update.seq);
            let year = crate::store::calendar_years::check_year(toml, &origin)?;
            crate::store::calendar_years::install_in(tx, year, toml, &origin, at)?;
        }
        Change::Guarantee(doc) => {
            let exists: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM guarantees WHERE contract_no = ?1)",
                [doc.contract_no.trim()],
                |r| r.get(0),
            )?;
            // Sent again (or entered here already): it is there.
            if !exists {
                insert_doc(tx, doc).map_err(|e| bad(e.to_string()))?;
            }
        }
        Change::Tier {
            contract_no,
            tier,
            reason,
            on,
        } => {
            let row: Option<(i64, RiskTier)> = tx
                .query_row(
                    "SELECT id, risk_tier FROM guarantees WHERE contract_no = ?1",
                    [contract_no.trim()],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((id, old)) = row else {
                return Err(bad(format!("contract {contract_no} is not on this laptop")));
            };
            if reason.trim().is_empty() {
                return Err(bad("a tier change needs a reason".into()));
            }
            if old != *tier {
                let reason = format!("总部：{}", reason.trim());
                change_risk_tier_in(tx, id, old, *tier, &reason, *on, None)?;
            }
        }
        Change::Returned {
            document_no,
            step,
            by,
            reason,
            on,
        } => {
            // Sent to every laptop of the officer: the one that issued the report keeps it.
            let issued: Option<(i64, i64, i64)> = tx
                .query_row(
                    "SELECT r.visit_id, r.visit_version, v.guarantee_id FROM reports r
                     JOIN visits v ON v.id = r.visit_id WHERE r.document_no = ?1",
                    [document_no.trim()],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            if let Some((visit_id, version, guarantee_id)) = issued {
                tx.execute(
                    "INSERT INTO report_returns (document_no, visit_id, visit_version,
                         guarantee_id, step, returned_by, reason, returned_on, received_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                     ON CONFLICT (document_no) DO NOTHING",
                    params![
                        document_no.trim(),
                        visit_id,
                        version,
                        guarantee_id,
                        step,
                        by,
                        reason,
                        on,
                        at.to_rfc3339()
                    ],
                )?;
            }
        }
    }
    Ok(())
}

/// The officer with `o`'s code, recorded if this laptop has not met them.
fn officer_id(tx: &Connection, o: &NewOfficer) -> StoreResult<i64> {
    let id: Option<i64> = tx
        .query_row(
            "SELECT id FROM officers WHERE code = ?1",
            [o.code.trim()],
            |r| r.get(0),
        )
        .optional()?;
    match id {
        Some(id) => Ok(id),
        None => insert_officer(tx, o),
    }
}

fn insert_doc(tx: &Connection, doc: &GuaranteeDoc) -> StoreResult<i64> {
    let borrower = match &doc.borrower.credit_code {
        Some(code) => tx
            .query_row(
                "SELECT id FROM borrowers WHERE credit_code = ?1",
                [code],
                |r| r.get(0),
            )
            .optional()?,
        None => None,
    };
    let borrower_id = match borrower {
        Some(id) => id,
        None => insert_borrower(tx, &doc.borrower)?,
    };
    let guarantee = NewGuarantee {
        contract_no: doc.contract_no.trim().to_owned(),
        borrower_id,
        lending_bank: doc.lending_bank.clone(),
        product: doc.product,
        amount: doc.amount,
        start_date: doc.start_date,
        maturity_date: doc.maturity_date,
        risk_tier: doc.risk_tier,
        five_level_class: doc.five_level_class,
        status: GuaranteeStatus::Active,
        officer_a_id: officer_id(tx, &doc.officer_a)?,
        officer_b_id: doc
            .officer_b
            .as_ref()
            .map(|o| officer_id(tx, o))
            .transpose()?,
        credit_rating: doc.credit_rating.clone(),
        notes: doc.notes.clone(),
    };
    guarantee
        .validate()
        .map_err(|e| StoreError::Invalid(e.to_string()))?;
    insert_guarantee(tx, &guarantee, &doc.counter_guarantees)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portfolio::{FiveLevelClass, NewBorrower, NewCounterGuarantee, Product, RiskTier};
    use crate::store::OpenMode;
    use crate::store::tests::{d, seed_minimal};

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(
            dir.path().join("b.sqlite3"),
            OpenMode::CreateOrUpgrade,
            &crate::store::test_key(),
        )
        .unwrap();
        seed_minimal(&mut store);
        (dir, store)
    }

    fn at() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-23T09:00:00+08:00").unwrap()
    }

    fn doc(contract_no: &str) -> GuaranteeDoc {
        GuaranteeDoc {
            contract_no: contract_no.into(),
            borrower: NewBorrower {
                name: "宁波北仑精工机械有限公司".into(),
                credit_code: Some("91330206MA2AXXXX1K".into()),
                legal_representative: Some("陈国平".into()),
                industry: Some("通用设备制造".into()),
                address: None,
                contact_name: None,
                contact_phone: None,
                site_latitude: None,
                site_longitude: None,
                employees: Some(86),
            },
            lending_bank: "宁波银行北仑支行".into(),
            product: Product::WorkingCapitalLoan,
            amount: "3000000".parse().unwrap(),
            start_date: d("2026-11-01"),
            maturity_date: d("2027-10-31"),
            risk_tier: RiskTier::new(2).unwrap(),
            five_level_class: FiveLevelClass::Normal,
            officer_a: NewOfficer {
                code: "E9".into(),
                name: "赵敏".into(),
                department: "业务一部".into(),
                phone: None,
            },
            officer_b: Some(NewOfficer {
                code: "E12".into(),
                name: "孙磊".into(),
                department: "业务一部".into(),
                phone: None,
            }),
            credit_rating: None,
            notes: None,
            counter_guarantees: vec![NewCounterGuarantee {
                kind: crate::portfolio::CounterGuaranteeKind::Mortgage,
                description: "厂房抵押".into(),
                provider: "陈国平".into(),
                collateral_value: Some("4500000".parse().unwrap()),
                minimum_stock: None,
                stock_unit: None,
                registration_no: Some("甬房他证 2026-0117".into()),
            }],
        }
    }

    fn guarantee_tier(store: &Store, contract_no: &str) -> Option<u8> {
        store
            .conn()
            .query_row(
                "SELECT risk_tier FROM guarantees WHERE contract_no = ?1",
                [contract_no],
                |r| r.get(0),
            )
            .optional()
            .unwrap()
    }

    #[test]
    fn a_batch_is_applied_once_in_order_and_remembered() {
        let (_dir, mut store) = store();
        let policy = crate::policy::DEFAULT_POLICY_TOML
            .replace("version = \"2026.2\"", "version = \"2026.8\"");
        let updates = vec![
            Update {
                seq: 7,
                change: Change::Tier {
                    contract_no: "BH-NEW-1".into(),
                    tier: RiskTier::new(3).unwrap(),
                    reason: "销售回款连续两月下降".into(),
                    on: d("2026-11-20"),
                },
            },
            Update {
                seq: 5,
                change: Change::Guarantee(Box::new(doc("BH-NEW-1"))),
            },
            Update {
                seq: 6,
                change: Change::Policy { toml: policy },
            },
        ];
        assert_eq!(store.apply_updates(&updates, at()).unwrap(), 3);
        assert_eq!(store.updates_applied_through().unwrap(), 7);
        // Applied in seq order: the guarantee first, then its tier changed with the reason kept.
        assert_eq!(guarantee_tier(&store, "BH-NEW-1"), Some(3));
        let id: i64 = store
            .conn()
            .query_row(
                "SELECT id FROM guarantees WHERE contract_no = 'BH-NEW-1'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let changes = store.classification_changes(id).unwrap();
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].reason, "总部：销售回款连续两月下降");
        assert_eq!(store.counter_guarantees(id).unwrap().len(), 1);
        assert_eq!(store.policy_in_force().unwrap().version(), "2026.8");
        let officers = store.officers().unwrap();
        assert!(
            officers.iter().any(|o| o.code == "E12"),
            "the B officer is met"
        );
        assert_eq!(officers.iter().filter(|o| o.code == "E9").count(), 1);

        // The same batch again changes nothing.
        let before = store.row_counts().unwrap();
        assert_eq!(store.apply_updates(&updates, at()).unwrap(), 0);
        assert_eq!(store.row_counts().unwrap(), before);
    }

    #[test]
    fn one_bad_update_refuses_the_whole_batch_and_changes_nothing() {
        let (_dir, mut store) = store();
        let before = store.row_counts().unwrap();
        let updates = vec![
            Update {
                seq: 1,
                change: Change::Guarantee(Box::new(doc("BH-NEW-2"))),
            },
            Update {
                seq: 2,
                change: Change::Tier {
                    contract_no: "BH-NOT-HERE".into(),
                    tier: RiskTier::new(4).unwrap(),
                    reason: "代偿风险".into(),
                    on: d("2026-11-20"),
                },
            },
        ];
        let err = store.apply_updates(&updates, at()).unwrap_err();
        assert!(
            matches!(err, StoreError::BadUpdate { seq: 2, .. }),
            "{err:?}"
        );
        let message = crate::store::messages::store_message(&err, crate::i18n::Locale::ZhCn);
        assert!(
            message.contains("BH-NOT-HERE") && message.contains("都没有应用"),
            "{message}"
        );
        assert_eq!(store.row_counts().unwrap(), before);
        assert_eq!(guarantee_tier(&store, "BH-NEW-2"), None);
        assert_eq!(store.updates_applied_through().unwrap(), 0);

        // A policy that does not parse, and a guarantee that does not validate.
        for change in [
            Change::Policy {
                toml: "version = ".into(),
            },
            Change::Guarantee(Box::new(GuaranteeDoc {
                maturity_date: d("2026-01-01"),
                ..doc("BH-NEW-3")
            })),
            // A calendar with a make-up working day on a Monday.
            Change::Calendar {
                toml: crate::store::calendar_years::tests::YEAR_2027
                    .replace("2027-01-31", "2027-02-01"),
            },
        ] {
            let err = store
                .apply_updates(&[Update { seq: 3, change }], at())
                .unwrap_err();
            assert!(
                matches!(err, StoreError::BadUpdate { seq: 3, .. }),
                "{err:?}"
            );
            assert_eq!(store.row_counts().unwrap(), before);
        }
    }

    #[test]
    fn next_years_calendar_from_head_office_is_installed_and_counted_on() {
        let (_dir, mut store) = store();
        assert!(!store.calendar().unwrap().covers(2027));
        let applied = store
            .apply_updates(
                &[Update {
                    seq: 1,
                    change: Change::Calendar {
                        toml: crate::store::calendar_years::tests::YEAR_2027.into(),
                    },
                }],
                at(),
            )
            .unwrap();
        assert_eq!(applied, 1);
        let calendar = store.calendar().unwrap();
        assert!(calendar.covers(2027));
        assert!(!calendar.is_working_day(d("2027-02-08")), "Spring Festival");
        let years = store.installed_calendar_years().unwrap();
        assert_eq!(years[0].installed_from.as_deref(), Some("总部更新 1"));
    }
}
