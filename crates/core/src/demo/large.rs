//! A large generated portfolio for benchmarks and the store's window tests: thousands of guarantees
//! with years of visits.

use super::book::*;
use crate::policy::Policy;
use crate::portfolio::{
    FiveLevelClass, GuaranteeStatus, NewBorrower, NewGuarantee, NewOfficer, Product, RiskTier,
};
use crate::signals::{NewSignal, SignalCatalog};
use crate::store::{Store, StoreError, StoreResult};
use crate::visit::{NewPhoto, NewVisit, VisitKind, VisitMethod, VisitStatus};
use chrono::{Duration, NaiveDate, TimeZone};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;

/// How big a generated portfolio is, for benchmarks.
#[derive(Clone, Copy, Debug)]
pub struct LargePortfolio {
    pub guarantees: usize,
    /// Years of visit history before `today`.
    pub years: u32,
}

/// The sentences a generated report is made of, each with one figure.
const SENTENCES: [&str; 10] = [
    "企业生产经营正常，开工生产线{}条",
    "原材料库存{}吨，与账面基本相符",
    "成品库存{}件，出货正常",
    "应收账款{}万元，主要客户回款正常",
    "本月用电量{}千瓦时，与上月相比变化不大",
    "银行流水月均{}万元，未见异常大额转出",
    "现场工人约{}人，实际控制人近期无新增对外担保",
    "厂房租金已付至{}月，租赁关系稳定",
    "在手订单约{}万元，排产至下季度",
    "抵押设备{}台均在现场，运转正常",
];

const MEASURES: [&str; 3] = [
    "按期跟踪，下次检查重点核实应收账款回收情况。",
    "关注主要客户回款，必要时提前实地检查。",
    "维持现有检查频率，按月查看银行流水。",
];

/// A report of four of [`SENTENCES`] (`picked`), with figures drawn from `rng`.
fn report_text(picked: &[usize; 4], rng: &mut ChaCha8Rng) -> String {
    picked
        .iter()
        .map(|&i| SENTENCES[i].replace("{}", &rng.random_range(2..2000).to_string()) + "。")
        .collect()
}

/// Writes a large synthetic portfolio (many guarantees, years of visits at each tier's rhythm,
/// a few signals and drafts) into an empty store, in one transaction. For benchmarks: the names
/// are plain, the shape is the real one: each borrower has a registered site, each completed
/// visit a report (every fifth officer's copied from the last with the figures changed), and
/// each completed visit on site two photos' records, now and then far from the site or without
/// EXIF (their bytes a few placeholder bytes, not pictures). Returns the number of visits
/// written.
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
        // The reports and photos draw from their own generator, so that the portfolio's shape
        // is the same with them as without.
        let mut words = ChaCha8Rng::seed_from_u64(size.guarantees as u64 ^ 0x5EED);
        for i in 0..size.guarantees {
            let site = (
                dec("30.0") + Decimal::new(words.random_range(0..100_000), 5),
                dec("120.0") + Decimal::new(words.random_range(0..100_000), 5),
            );
            let borrower = db::insert_borrower(
                tx,
                &NewBorrower {
                    site_latitude: Some(site.0),
                    site_longitude: Some(site.1),
                    ..NewBorrower::named(format!("测试企业{i:05}有限公司"), None)
                },
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
            let copier = (i % officers.len()) % 5 == 0;
            let mut picked = [0, 1, 2, 3];
            let mut day = start + Duration::days(rng.random_range(3..15));
            while day < today {
                let draft = (today - day).num_days() < 4 && rng.random_range(0..3) == 0;
                let method = if rng.random_range(0..6) == 0 {
                    VisitMethod::Phone
                } else {
                    VisitMethod::OnSite
                };
                if !copier {
                    let mut all: Vec<usize> = (0..SENTENCES.len()).collect();
                    for slot in &mut picked {
                        *slot = all.swap_remove(words.random_range(0..all.len()));
                    }
                }
                let photos = if draft || method == VisitMethod::Phone {
                    Vec::new()
                } else {
                    // One visit in forty photographed 5.5 km from the site.
                    let away = if words.random_range(0..40) == 0 {
                        dec("0.05")
                    } else {
                        Decimal::ZERO
                    };
                    (0..2)
                        .map(|k| {
                            let roll = words.random_range(0..60);
                            let jitter = Decimal::new(words.random_range(0..60), 5);
                            NewPhoto {
                                file_name: format!("IMG_{k:04}.JPG"),
                                bytes: format!("bench {gid} {day} {k}").into_bytes(),
                                mime_type: "image/jpeg".into(),
                                width: None,
                                height: None,
                                taken_at: (roll != 1)
                                    .then(|| day.and_hms_opt(10, k * 7, 0).expect("a time")),
                                latitude: (roll != 1).then(|| site.0 + jitter + away),
                                longitude: (roll != 1).then(|| site.1 + jitter),
                                caption: None,
                                checklist_item: None,
                            }
                        })
                        .collect()
                };
                let visit = db::insert_visit(
                    tx,
                    &NewVisit {
                        guarantee_id: gid,
                        kind: VisitKind::Periodic,
                        method,
                        visit_date: day,
                        officer_id: officer,
                        companion_officer_id: None,
                        status: if draft {
                            VisitStatus::Draft
                        } else {
                            VisitStatus::Completed
                        },
                        policy_version: Some(version.clone()),
                        conclusion: (!draft).then(|| report_text(&picked, &mut words)),
                        measures: (!draft)
                            .then(|| MEASURES[words.random_range(0..MEASURES.len())].to_owned()),
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
                        photos,
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
