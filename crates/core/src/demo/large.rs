//! A large generated portfolio for benchmarks and the store's window tests: thousands of guarantees
//! with years of visits.

use super::book::*;
use crate::policy::Policy;
use crate::portfolio::{
    FiveLevelClass, GuaranteeStatus, NewBorrower, NewGuarantee, NewOfficer, Product, RiskTier,
};
use crate::signals::{NewSignal, SignalCatalog};
use crate::store::{Store, StoreError, StoreResult};
use crate::visit::{NewVisit, VisitKind, VisitMethod, VisitStatus};
use chrono::{Duration, NaiveDate, TimeZone};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// How big a generated portfolio is, for benchmarks.
#[derive(Clone, Copy, Debug)]
pub struct LargePortfolio {
    pub guarantees: usize,
    /// Years of visit history before `today`.
    pub years: u32,
}

/// Writes a large synthetic portfolio (many guarantees, years of visits at each tier's rhythm,
/// a few signals and drafts) into an empty store, in one transaction. For benchmarks: the names
/// are plain, the shape is the real one. Returns the number of visits written.
pub fn write_large_portfolio(
    store: &mut Store,
    size: LargePortfolio,
    today: NaiveDate,
) -> StoreResult<usize> {
    use crate::store::writers as db;
    if !store.is_empty()? {
        return Err(StoreError::NotEmpty {
            path: store.path().to_path_buf(),
        });
    }
    let catalog = SignalCatalog::builtin();
    let version = Policy::builtin().version().to_owned();
    store.in_transaction(|tx| {
        let mut rng = ChaCha8Rng::seed_from_u64(size.guarantees as u64);
        let mut officers = Vec::new();
        for i in 0..20 {
            officers.push(db::insert_officer(
                tx,
                &NewOfficer {
                    code: format!("B{i:03}"),
                    name: format!("项目经理{i:02}"),
                    department: "业务部".into(),
                    phone: None,
                },
            )?);
        }
        let history_start = today - Duration::days(i64::from(size.years) * 365);
        let mut visits = 0;
        for i in 0..size.guarantees {
            let borrower = db::insert_borrower(
                tx,
                &NewBorrower::named(format!("测试企业{i:05}有限公司"), None),
            )?;
            let tier: u8 = rng.random_range(1..=4);
            let start = history_start + Duration::days(rng.random_range(0..200));
            // Renewed every year: the current contract runs to a maturity ahead of today.
            let maturity = today + Duration::days(rng.random_range(10..400));
            let officer = officers[i % officers.len()];
            let gid = db::insert_guarantee(
                tx,
                &NewGuarantee {
                    contract_no: format!("BENCH-{i:06}"),
                    borrower_id: borrower,
                    lending_bank: "测试银行".into(),
                    product: Product::ALL[i % Product::ALL.len()],
                    amount: wan(rng.random_range(50..3000)),
                    start_date: start,
                    maturity_date: maturity,
                    risk_tier: RiskTier::new(tier).expect("1 to 4"),
                    five_level_class: FiveLevelClass::Normal,
                    status: if i % 20 == 0 {
                        GuaranteeStatus::Released
                    } else {
                        GuaranteeStatus::Active
                    },
                    officer_a_id: officer,
                    officer_b_id: None,
                    credit_rating: None,
                    notes: None,
                },
                &[],
            )?;
            let mut day = start + Duration::days(rng.random_range(3..15));
            while day < today {
                let draft = (today - day).num_days() < 4 && rng.random_range(0..3) == 0;
                let visit = db::insert_visit(
                    tx,
                    &NewVisit {
                        guarantee_id: gid,
                        kind: VisitKind::Periodic,
                        method: if rng.random_range(0..6) == 0 {
                            VisitMethod::Phone
                        } else {
                            VisitMethod::OnSite
                        },
                        visit_date: day,
                        officer_id: officer,
                        companion_officer_id: None,
                        status: if draft {
                            VisitStatus::Draft
                        } else {
                            VisitStatus::Completed
                        },
                        policy_version: Some(version.clone()),
                        conclusion: None,
                        measures: None,
                        completed_at: (!draft).then(|| {
                            chrono::FixedOffset::east_opt(8 * 3600)
                                .expect("UTC+8")
                                .from_local_datetime(&day.and_hms_opt(18, 0, 0).expect("18:00"))
                                .single()
                                .expect("fixed offset")
                        }),
                        answers: Vec::new(),
                        inventory: Vec::new(),
                        interviews: Vec::new(),
                        financials: Vec::new(),
                        photos: Vec::new(),
                    },
                )?;
                visits += 1;
                if rng.random_range(0..200) == 0
                    && let Some(def) = catalog.get("W05")
                {
                    db::insert_signal(
                        tx,
                        &NewSignal::from_catalog(def, gid, Some(visit), "合成数据", day),
                    )?;
                }
                day += Duration::days(rhythm_days(tier) + rng.random_range(-5..10));
            }
        }
        Ok(visits)
    })
}
