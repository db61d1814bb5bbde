//! The demo portfolio: a realistic book of about 40 guarantees, so that the app opens on
//! something real. Deterministic for a given `today`: the same date gives the same database.
//!
//! The scenarios are written out (who borrowed what, which firm is in trouble and how it shows);
//! the routine visits in between are generated, at each tier's usual rhythm.

pub mod photos;
mod showcase;
pub mod warehouse;

use crate::policy::Policy;
use crate::portfolio::{
    CounterGuaranteeKind, GuaranteeStatus, NewBorrower, NewCounterGuarantee, NewGuarantee,
    NewOfficer, RiskTier,
};
use crate::signals::{NewSignal, SignalCatalog};
use crate::store::{Store, StoreError, StoreResult};
use crate::tasks::{NewTask, TaskKind};
use crate::visit::{
    ChecklistAnswer, ChecklistSection, FinancialFigure, FinancialMetric, InventoryLine, NewVisit,
    VisitKind, VisitMethod, VisitStatus, WorkerInterview,
};
use chrono::{Datelike, Duration, FixedOffset, Months, NaiveDate, TimeZone};
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;

mod book;
mod large;
mod texts;

use book::*;
pub use large::{LargePortfolio, write_large_portfolio};
use texts::*;
use {GuaranteeStatus as S, Trouble as T};

/// What the demo wrote.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DemoSummary {
    pub officers: usize,
    pub borrowers: usize,
    pub guarantees: usize,
    pub visits: usize,
    pub signals: usize,
    pub tasks: usize,
}

/// The demo database's passphrase (the README's).
pub const DEMO_PASSPHRASE: &str = "baohou-demo";

/// The demo database at `path`, written as of `today` with [`DEMO_PASSPHRASE`] unless the file
/// is there already (then it is left as the officer left it). Answers whether it was written.
pub fn ensure_demo_file(path: &std::path::Path, today: NaiveDate) -> StoreResult<bool> {
    if path.exists() {
        return Ok(false);
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Invalid(format!("{}: {e}", dir.display())))?;
    }
    let key = crate::store::DbKey::for_file(path, DEMO_PASSPHRASE)?;
    let mut store = Store::open(path, crate::store::OpenMode::CreateOrUpgrade, &key)?;
    write_demo(&mut store, today)?;
    Ok(true)
}

/// Writes the demo portfolio into an empty store, in one transaction, as of `today`.
/// A store that already holds data is refused and left as it was.
pub fn write_demo(store: &mut Store, today: NaiveDate) -> StoreResult<DemoSummary> {
    if !store.is_empty()? {
        return Err(StoreError::NotEmpty {
            path: store.path().to_path_buf(),
        });
    }
    let catalog = SignalCatalog::builtin();
    let policy = Policy::builtin();
    let summary = store.in_transaction(|tx| {
        let mut w = Writer {
            tx,
            rng: ChaCha8Rng::seed_from_u64(0x4248_4F55),
            today,
            catalog: &catalog,
            policy_version: policy.version(),
            summary: DemoSummary {
                officers: 0,
                borrowers: 0,
                guarantees: 0,
                visits: 0,
                signals: 0,
                tasks: 0,
            },
        };
        w.write_all()?;
        Ok(w.summary)
    })?;
    let (visits, signals) = showcase::write(store, today)?;
    let mut summary = summary;
    summary.visits += visits;
    summary.signals += signals;
    store.set_meta("demo_as_of", &today.to_string())?;
    Ok(summary)
}

struct Writer<'a, 'c> {
    tx: &'a rusqlite::Transaction<'c>,
    rng: ChaCha8Rng,
    today: NaiveDate,
    catalog: &'a SignalCatalog,
    /// The policy the demo's visits were planned under.
    policy_version: &'a str,
    summary: DemoSummary,
}

impl Writer<'_, '_> {
    fn write_all(&mut self) -> StoreResult<()> {
        use crate::store::writers as db;
        let mut officer_ids = Vec::new();
        for (code, name, dept, phone) in OFFICERS {
            officer_ids.push(db::insert_officer(
                self.tx,
                &NewOfficer {
                    code: (*code).into(),
                    name: (*name).into(),
                    department: (*dept).into(),
                    phone: Some((*phone).into()),
                },
            )?);
            self.summary.officers += 1;
        }
        let mut borrower_ids = Vec::new();
        for (i, (name, industry, rep, city, employees, _)) in BORROWERS.iter().enumerate() {
            let (city_name, lat, lon, _) = CITIES[*city];
            // Spread the sites a few kilometres around the city centre.
            let jitter_lat = Decimal::new(self.rng.random_range(-450..450), 4);
            let jitter_lon = Decimal::new(self.rng.random_range(-450..450), 4);
            let individual = name.contains("个体工商户");
            borrower_ids.push(db::insert_borrower(
                self.tx,
                &NewBorrower {
                    name: (*name).into(),
                    credit_code: Some(credit_code(i, individual)),
                    legal_representative: Some((*rep).into()),
                    industry: Some((*industry).into()),
                    address: Some(format!(
                        "{}{city_name}市{}{}号",
                        if matches!(city_name, "苏州" | "无锡" | "常州") {
                            "江苏省"
                        } else {
                            "浙江省"
                        },
                        [
                            "经济开发区兴业路",
                            "工业园区创业大道",
                            "高新区科技路",
                            "镇工业功能区"
                        ][i % 4],
                        8 + i * 7
                    )),
                    contact_name: Some(format!("{}（财务负责人）", finance_contact(i))),
                    contact_phone: Some(format!(
                        "0{} 8{:03} {:04}",
                        570 + city,
                        i * 13 % 1000,
                        1000 + i * 37
                    )),
                    site_latitude: Some(dec(lat) + jitter_lat),
                    site_longitude: Some(dec(lon) + jitter_lon),
                    employees: Some(*employees),
                },
            )?);
            self.summary.borrowers += 1;
        }

        for (n, sc) in scenarios().iter().enumerate() {
            let borrower = BORROWERS[sc.borrower];
            let (_, _, _, banks) = CITIES[borrower.3];
            let bank = banks[n % banks.len()];
            let start = self.today - Duration::days(sc.start_days_ago);
            let maturity = start + Months::new(sc.term_months);
            let officer_a = officer_ids[sc.officer];
            let officer_b = officer_ids[(sc.officer + 1) % 4];
            let counters: Vec<NewCounterGuarantee> = sc
                .counter
                .iter()
                .map(|c| counter_guarantee(*c, borrower.0, borrower.2))
                .collect();
            let guarantee = NewGuarantee {
                contract_no: format!("BH-WT-{}-{:04}", start.year(), 101 + n),
                borrower_id: borrower_ids[sc.borrower],
                lending_bank: bank.into(),
                product: sc.product,
                amount: wan(sc.amount_wan),
                start_date: start,
                maturity_date: maturity,
                risk_tier: RiskTier::new(sc.tier).expect("demo tiers are 1-4"),
                five_level_class: sc.class,
                status: sc.status,
                officer_a_id: officer_a,
                officer_b_id: Some(officer_b),
                credit_rating: Some(
                    match sc.tier {
                        1 => "AA",
                        2 => "A+",
                        3 => "A",
                        _ => "BBB",
                    }
                    .into(),
                ),
                notes: None,
            };
            let gid = db::insert_guarantee(self.tx, &guarantee, &counters)?;
            self.summary.guarantees += 1;
            self.write_history(gid, sc, start, maturity, officer_a, officer_b, &counters)?;
        }
        self.write_rule_records(&officer_ids)?;
        Ok(())
    }

    /// Compensation dates, warehouse stock reports and the reviews and plans already filed, so
    /// the demo's agenda has done, due and overdue work in it.
    fn write_rule_records(&mut self, officer_ids: &[i64]) -> StoreResult<()> {
        use crate::calendar::quarter_start;
        use crate::store::writers as db;
        use crate::tasks::TaskKind;
        use crate::tasks::engine::anchor;
        let t = self.today;
        // Compensated yesterday: the recovery plan is due. In recovery: every step was taken.
        let mut stmt = self.tx.prepare(
            "SELECT id, status FROM guarantees WHERE status IN ('compensated', 'in_recovery') ORDER BY id",
        )?;
        let paid: Vec<(i64, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        for (gid, status) in paid {
            let on = if status == "compensated" {
                t - Duration::days(1)
            } else {
                t - Duration::days(75)
            };
            db::set_compensated_on(self.tx, gid, on)?;
            if status == "compensated" {
                db::insert_completion(
                    self.tx,
                    Some(gid),
                    None,
                    TaskKind::CompensationReport,
                    anchor::COMPENSATION,
                    on,
                    Some("已当日口头报告总经理"),
                )?;
            } else {
                for (kind, days) in [
                    (TaskKind::CompensationReport, 0),
                    (TaskKind::ShareholderReport, 1),
                    (TaskKind::RecoveryPlan, 1),
                    (TaskKind::RecoveryNotice, 1),
                    (TaskKind::LegalAdviserNotice, 1),
                    (TaskKind::LegalAction, 6),
                    (TaskKind::AuthoritiesContact, 5),
                ] {
                    db::insert_completion(
                        self.tx,
                        Some(gid),
                        None,
                        kind,
                        anchor::COMPENSATION,
                        on + Duration::days(days),
                        None,
                    )?;
                }
            }
        }
        // Pledged goods: the warehouse supervisor reports daily; one pledge has gone quiet.
        let mut stmt = self.tx.prepare(
            "SELECT cg.id, cg.minimum_stock FROM counter_guarantees cg JOIN guarantees g ON g.id = cg.guarantee_id
             WHERE cg.kind = 'pledge' AND cg.minimum_stock IS NOT NULL AND g.status = 'active' ORDER BY cg.id",
        )?;
        let pledges: Vec<(i64, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        for (n, (cg, minimum)) in pledges.iter().enumerate() {
            let minimum: Decimal = minimum.parse().unwrap_or_default();
            let last = if n == 1 { 4 } else { 1 };
            for back in last..=12 {
                let qty = minimum * Decimal::new(self.rng.random_range(112..140), 2);
                db::insert_stock_report(
                    self.tx,
                    *cg,
                    t - Duration::days(back),
                    qty.round_dp(0),
                    "warehouse",
                    Some("仓库监管员"),
                )?;
            }
        }
        // Every signal but the newest was reported to the department head the day it was found,
        // and by the department head to the general manager in writing.
        let mut stmt = self.tx.prepare(
            "SELECT id, guarantee_id, found_on FROM signals ORDER BY found_on DESC, id DESC",
        )?;
        let signals: Vec<(i64, i64, NaiveDate)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        for (id, gid, found) in signals.into_iter().skip(1) {
            db::insert_completion(
                self.tx,
                Some(gid),
                None,
                TaskKind::SignalReport,
                &anchor::signal(Some(id), "", found),
                found,
                Some("当日口头报告部门负责人"),
            )?;
            db::insert_completion(
                self.tx,
                Some(gid),
                None,
                TaskKind::HeadReport,
                &anchor::signal(Some(id), "", found),
                found,
                Some("部门负责人书面报告总经理：存在问题和处理意见"),
            )?;
        }
        // Last quarter's reviews are filed except for the troubled files; this quarter's visit
        // plans are in, except one officer's.
        let previous = quarter_start(t) - Duration::days(1);
        let mut stmt = self.tx.prepare(
            "SELECT g.id FROM guarantees g WHERE g.status = 'active' AND g.start_date <= ?1
             AND NOT EXISTS (SELECT 1 FROM signals s WHERE s.guarantee_id = g.id AND s.status = 'open')",
        )?;
        let reviewed: Vec<i64> = stmt
            .query_map([previous], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let review = anchor::quarter(previous);
        for gid in reviewed {
            db::insert_completion(
                self.tx,
                Some(gid),
                None,
                TaskKind::TierReview,
                &review,
                previous + Duration::days(8),
                None,
            )?;
        }
        let plan = anchor::quarter(t);
        for officer in officer_ids.iter().skip(1) {
            db::insert_completion(
                self.tx,
                None,
                Some(*officer),
                TaskKind::VisitPlan,
                &plan,
                quarter_start(t) + Duration::days(6),
                None,
            )?;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn write_history(
        &mut self,
        gid: i64,
        sc: &Scenario,
        start: NaiveDate,
        maturity: NaiveDate,
        officer_a: i64,
        officer_b: i64,
        counters: &[NewCounterGuarantee],
    ) -> StoreResult<()> {
        use crate::store::writers as db;
        let borrower = BORROWERS[sc.borrower];
        let end = match sc.status {
            S::Released => maturity.min(self.today),
            _ => self.today,
        };
        let stop = sc
            .visits_stop_days_ago
            .map(|d| self.today - Duration::days(d))
            .unwrap_or(end)
            .min(end);
        let trouble_from = start + Duration::days((end - start).num_days() * 6 / 10);

        // Dates of visits: first check within two weeks, then the tier's rhythm.
        let mut dates = Vec::new();
        let first = start + Duration::days(self.rng.random_range(3..12));
        if first <= stop && first < end {
            dates.push((first, VisitKind::First));
        }
        let mut at = first;
        loop {
            let troubled = sc.trouble != T::None && at >= trouble_from;
            let rhythm = if troubled {
                rhythm_days(sc.tier).min(30)
            } else {
                rhythm_days(sc.tier)
            };
            at += Duration::days(rhythm - self.rng.random_range(0..(rhythm / 6).max(2)));
            if at > stop || at >= end {
                break;
            }
            let kind = if maturity - at <= Duration::days(31) {
                VisitKind::Maturity
            } else {
                VisitKind::Periodic
            };
            dates.push((at, kind));
        }

        let mut last_counts: Vec<Option<Decimal>> = vec![None; counters.len()];
        let mut figures_base = Decimal::from(sc.amount_wan) * Decimal::from(3);
        let mut raised = false;
        let total = dates.len();
        for (i, (date, kind)) in dates.iter().enumerate() {
            let troubled = sc.trouble != T::None && *date >= trouble_from;
            let on_site = sc.tier >= 3 || troubled || *kind != VisitKind::Periodic || i % 3 != 2;
            let method = if on_site {
                VisitMethod::OnSite
            } else {
                VisitMethod::Phone
            };
            let is_last = i + 1 == total;
            let officer = if i % 5 == 4 { officer_b } else { officer_a };
            let mut inventory = Vec::new();
            if on_site {
                for (ci, c) in counters.iter().enumerate() {
                    if let (CounterGuaranteeKind::Pledge, Some(min), Some(unit)) =
                        (c.kind, c.minimum_stock, c.stock_unit.as_ref())
                    {
                        let book = min * dec("1.35") + Decimal::from(self.rng.random_range(0..200));
                        let counted = if troubled && sc.trouble == T::PledgeShortfall {
                            (min * dec("0.79")).round()
                        } else if troubled && sc.trouble == T::UnexplainedStock {
                            (book * dec("1.31")).round()
                        } else {
                            book - Decimal::from(self.rng.random_range(0..30))
                        };
                        inventory.push(InventoryLine {
                            goods_name: c.description.split('（').next().unwrap_or("").to_owned(),
                            unit: unit.clone(),
                            book_quantity: book,
                            counted_quantity: counted,
                            last_count_quantity: last_counts[ci],
                            pledged_minimum: Some(min),
                            note: None,
                        });
                        last_counts[ci] = Some(counted);
                    }
                }
            }
            let interviews = if on_site {
                self.interviews(troubled, sc.trouble)
            } else {
                Vec::new()
            };
            let financials = if on_site && (i % 2 == 0 || troubled) {
                figures_base += Decimal::from(self.rng.random_range(-40..60));
                self.financials(figures_base, sc.amount_wan, troubled, sc.trouble, *date)
            } else {
                Vec::new()
            };
            let answers = self.answers(
                *kind,
                borrower.5,
                troubled,
                sc.trouble,
                &inventory,
                gid as usize * 37 + i,
            );
            let conclusion = conclusion(
                &inventory,
                &interviews,
                &financials,
                troubled,
                sc.trouble,
                method,
                gid as usize * 37 + i,
            );
            let completed_at = FixedOffset::east_opt(8 * 3600)
                .expect("UTC+8")
                .from_local_datetime(
                    &(*date + Duration::days(1))
                        .and_hms_opt(17, 30, 0)
                        .expect("time"),
                )
                .single();
            // The most recent visit of a firm in trouble is still being written up.
            let draft = is_last && troubled && (self.today - *date).num_days() <= 2;
            let visit = NewVisit {
                guarantee_id: gid,
                kind: *kind,
                method,
                visit_date: *date,
                officer_id: officer,
                companion_officer_id: if on_site {
                    Some(if officer == officer_a {
                        officer_b
                    } else {
                        officer_a
                    })
                } else {
                    None
                },
                status: if draft {
                    VisitStatus::Draft
                } else {
                    VisitStatus::Completed
                },
                policy_version: Some(self.policy_version.to_owned()),
                conclusion: Some(conclusion),
                measures: Some(measures(
                    sc.tier,
                    troubled,
                    sc.trouble,
                    gid as usize * 37 + i,
                )),
                completed_at: if draft { None } else { completed_at },
                answers,
                inventory,
                interviews,
                financials,
                photos: Vec::new(),
            };
            let vid = db::insert_visit(self.tx, &visit)?;
            self.summary.visits += 1;
            if troubled && !raised && on_site {
                raised = true;
                self.raise_signals(gid, Some(vid), *date, sc)?;
            }
        }
        if sc.trouble != T::None && !raised {
            // Trouble known from the bank or the news before the next visit.
            self.raise_signals(
                gid,
                None,
                trouble_from.min(self.today - Duration::days(3)),
                sc,
            )?;
        }
        self.write_tasks(gid, sc, officer_a)?;
        if sc.tier >= 3 {
            db::insert_classification_change(
                self.tx,
                gid,
                trouble_from.min(self.today),
                "risk_tier",
                &(sc.tier - 1).to_string(),
                &sc.tier.to_string(),
                trouble_reason(sc.trouble),
                Some(officer_a),
            )?;
        }
        Ok(())
    }

    fn raise_signals(
        &mut self,
        gid: i64,
        visit_id: Option<i64>,
        on: NaiveDate,
        sc: &Scenario,
    ) -> StoreResult<()> {
        use crate::store::writers as db;
        let list: &[(&str, &str)] = match sc.trouble {
            T::None => &[],
            T::WageArrears => &[
                (
                    "X03",
                    "随机访谈车间工人3名，均反映9、10月工资未发，拖欠约2个月；财务负责人承认工资发放延迟。",
                ),
                (
                    "W08",
                    "近三个月银行流水净流出合计约420万元，经营性现金流为负。",
                ),
            ],
            T::EnvironmentalPenalty => &[
                (
                    "W36",
                    "绍兴市生态环境局行政处罚决定书（绍环罚字〔2026〕第117号），罚款48万元，责令定型机车间停产整改。",
                ),
                (
                    "X04",
                    "现场查看：6条定型生产线中4条停机，车间工人约三分之一放假。",
                ),
            ],
            T::PledgeShortfall => &[
                (
                    "X02",
                    "盘点质押螺纹钢实存1,422吨，低于最低库存量1,800吨（差额378吨）；仓库监管员称近两周出库未补货。",
                ),
                ("X01", "实存较上次盘点减少约38%，超过20%的预警阈值。"),
            ],
            T::Stoppage => &[
                (
                    "W07",
                    "现场查看两条造纸生产线全部停机，仓库瓦楞原纸积压约3,000吨，厂区仅留守值班人员。",
                ),
                ("W01", "贷款银行通知：10月21日应付利息18.6万元未付。"),
            ],
            T::OwnerMissing => &[
                (
                    "W20",
                    "实际控制人吴志明自8月中旬起出境未归，家属称联系不上。",
                ),
                (
                    "W31",
                    "连续三周电话、上门均无法联系企业负责人，办公室已关闭。",
                ),
            ],
            T::Lawsuit => &[(
                "W21",
                "企业被上游供应商起诉，诉请货款及违约金合计1,260万元，长兴县人民法院已受理（(2026)浙0522民初3318号）。",
            )],
            T::UnexplainedStock => &[(
                "W03",
                "盘点红酸枝原木较账面多出约31%，企业无法提供对应采购合同和付款凭证。",
            )],
            T::DebtGrowth => &[(
                "W05",
                "征信显示近半年新增短期流动资金贷款3笔合计2,100万元，资产负债率由58%升至71%。",
            )],
            T::LateStatements => &[(
                "W34",
                "三季度财务报表经两次书面催收仍未报送，财务负责人以审计未完成推脱。",
            )],
            T::BillSurge => &[(
                "W45",
                "近两个月连续开立银行承兑汇票5笔合计2,300万元，远超以往月均开票量。",
            )],
            T::DownturnWatch => &[(
                "W06",
                "前三季度销售收入同比增长12%，但净利润同比下降37%，主要因原材料涨价无法转嫁。",
            )],
        };
        for (code, evidence) in list {
            let def = self
                .catalog
                .get(code)
                .ok_or_else(|| StoreError::Invalid(format!("demo uses unknown signal {code}")))?;
            let signal = NewSignal::from_catalog(def, gid, visit_id, *evidence, on);
            let id = db::insert_signal(self.tx, &signal)?;
            self.summary.signals += 1;
            // Old downturn worries were looked into and cleared.
            if sc.trouble == T::DownturnWatch && sc.borrower == 11 {
                db::resolve_signal(
                    self.tx,
                    id,
                    on + Duration::days(20),
                    "企业已与主要客户重新议价，毛利率回升至12%，解除。",
                )?;
            }
        }
        Ok(())
    }

    fn write_tasks(&mut self, gid: i64, sc: &Scenario, officer: i64) -> StoreResult<()> {
        use crate::store::writers as db;
        let t = self.today;
        let list: Vec<(TaskKind, &str, NaiveDate, &str)> = match sc.trouble {
            T::LateStatements => vec![(
                TaskKind::FollowUp,
                "催收2026年三季度财务报表",
                t - Duration::days(10),
                "预警信号 W34：多次催收未报送",
            )],
            T::PledgeShortfall => vec![(
                TaskKind::FollowUp,
                "督促企业补足质押螺纹钢至最低库存量",
                t + Duration::days(3),
                "预警信号 X02：质押存货低于最低库存量",
            )],
            T::Lawsuit => vec![(
                TaskKind::FollowUp,
                "取得起诉状副本并评估诉讼影响",
                t - Duration::days(2),
                "预警信号 W21：重大诉讼",
            )],
            T::Stoppage => vec![(
                TaskKind::FollowUp,
                "核查借款人在贷款银行的存款，必要时协助银行抵扣或申请财产保全",
                t - Duration::days(1),
                "担保公司保后管理办法 四、2：已拖欠银行贷款本息的，立即核查其在银行的全部债权",
            )],
            T::OwnerMissing => vec![(
                TaskKind::FollowUp,
                "走访实际控制人亲属、主要客户查找下落",
                t + Duration::days(1),
                "预警信号 W31：失联",
            )],
            _ => Vec::new(),
        };
        for (kind, title, due, reason) in list {
            db::insert_task(
                self.tx,
                &NewTask {
                    guarantee_id: gid,
                    kind,
                    title: title.into(),
                    due_date: due,
                    reason: reason.into(),
                    assignee_id: Some(officer),
                },
            )?;
            self.summary.tasks += 1;
        }
        Ok(())
    }

    fn interviews(&mut self, troubled: bool, trouble: Trouble) -> Vec<WorkerInterview> {
        const ROLES: &[&str] = &[
            "车间操作工",
            "仓库管理员",
            "质检员",
            "机修工",
            "叉车司机",
            "班组长",
            "包装工",
        ];
        const ORDERS: &[&str] = &[
            "订单饱满，排产到下月底",
            "订单和去年差不多",
            "外贸单多，赶交期",
            "淡季，订单略少",
        ];
        let n = self.rng.random_range(2..4);
        (0..n)
            .map(|_| {
                let arrears = troubled && trouble == T::WageArrears;
                let stopped = troubled && matches!(trouble, T::Stoppage | T::EnvironmentalPenalty);
                WorkerInterview {
                    role: (*ROLES.choose(&mut self.rng).expect("roles")).into(),
                    years_at_firm: Some(self.rng.random_range(1..13)),
                    wages_paid_on_time: !arrears,
                    months_in_arrears: if arrears { 2 } else { 0 },
                    shifts_per_day: Some(if stopped {
                        1
                    } else {
                        self.rng.random_range(2..4)
                    }),
                    orders_on_hand: Some(if stopped {
                        "车间停了一大半，没什么活".into()
                    } else {
                        (*ORDERS.choose(&mut self.rng).expect("orders")).into()
                    }),
                    layoffs_seen: stopped || arrears,
                    equipment_moved_out: false,
                    notes: if arrears {
                        Some("说老板讲月底前补发，但上个月也这么说".into())
                    } else {
                        None
                    },
                }
            })
            .collect()
    }

    fn financials(
        &mut self,
        base: Decimal,
        amount_wan: i64,
        troubled: bool,
        trouble: Trouble,
        date: NaiveDate,
    ) -> Vec<FinancialFigure> {
        let assets = base.round();
        let ratio = if troubled && matches!(trouble, T::DebtGrowth | T::WageArrears | T::Stoppage) {
            dec("0.71")
        } else {
            Decimal::new(self.rng.random_range(48..64), 2)
        };
        let liabilities = (assets * ratio).round();
        let debt_ratio = (liabilities / assets * Decimal::from(100)).round_dp(2);
        let sales = (Decimal::from(amount_wan) * Decimal::new(self.rng.random_range(35..60), 2))
            .round_dp(1);
        let profit = if troubled && trouble != T::None {
            -(sales * dec("0.03")).round_dp(1)
        } else {
            (sales * Decimal::new(self.rng.random_range(5..11), 2)).round_dp(1)
        };
        let period = Some(format!("{}-{:02}", date.year(), date.month()));
        let f = |metric, value| FinancialFigure {
            metric,
            value,
            period: period.clone(),
        };
        vec![
            f(FinancialMetric::TotalAssets, assets),
            f(FinancialMetric::TotalLiabilities, liabilities),
            f(FinancialMetric::DebtRatio, debt_ratio),
            f(
                FinancialMetric::CurrentRatio,
                Decimal::new(self.rng.random_range(105..175), 2),
            ),
            f(
                FinancialMetric::QuickRatio,
                Decimal::new(self.rng.random_range(65..120), 2),
            ),
            f(FinancialMetric::MonthlySales, sales),
            f(FinancialMetric::MonthlyProfit, profit),
        ]
    }

    fn answers(
        &mut self,
        kind: VisitKind,
        products: &str,
        troubled: bool,
        trouble: Trouble,
        inventory: &[InventoryLine],
        variety: usize,
    ) -> Vec<ChecklistAnswer> {
        let said = |code: &str| format!("{}。", texts::routine_answer(code, variety));
        let util = self.rng.random_range(70..92);
        let mut a = vec![
            answer(
                ChecklistSection::Operations,
                "A01",
                "主要产品、产能利用及开工情况",
                if troubled && matches!(trouble, T::Stoppage | T::EnvironmentalPenalty) {
                    format!("主要产品为{products}，现场大部分生产线停机，产能利用率不足30%。")
                } else {
                    format!("主要产品为{products}，产能利用率约{util}%；{}", said("A01"))
                },
            ),
            answer(
                ChecklistSection::Operations,
                "A02",
                "原材料及产成品市场、主要客户和供应商变化",
                if troubled && trouble == T::DownturnWatch {
                    "原材料价格上涨约15%，主要客户压价，毛利下降。".into()
                } else {
                    said("A02")
                },
            ),
            answer(
                ChecklistSection::Operations,
                "A03",
                "经济纠纷、行政处罚、环保检查",
                match (troubled, trouble) {
                    (true, T::EnvironmentalPenalty) => {
                        "收到环保行政处罚决定书，定型车间责令停产整改。".into()
                    }
                    (true, T::Lawsuit) => "被供应商起诉，涉诉金额1,260万元，尚未开庭。".into(),
                    _ => said("A03"),
                },
            ),
            answer(
                ChecklistSection::Management,
                "B01",
                "股东、实际控制人及管理层变化",
                if troubled && trouble == T::OwnerMissing {
                    "实际控制人出境未归，由其妹夫临时代管，管理混乱。".into()
                } else {
                    said("B01")
                },
            ),
            answer(
                ChecklistSection::Management,
                "B02",
                "合作态度与还款意愿",
                if troubled && trouble == T::LateStatements {
                    "对报送报表一再拖延，配合度下降。".into()
                } else {
                    said("B02")
                },
            ),
            answer(
                ChecklistSection::Finance,
                "C01",
                "资产、负债及结构变化",
                if troubled && trouble == T::DebtGrowth {
                    "短期借款较上季度增加2,100万元，资产负债率升至71%。".into()
                } else {
                    said("C01")
                },
            ),
            answer(
                ChecklistSection::Finance,
                "C02",
                "销售、利润及货款回笼",
                if troubled {
                    "销售回款放缓，应收账款账期由60天延长至90天以上。".into()
                } else {
                    said("C02")
                },
            ),
            answer(
                ChecklistSection::Collateral,
                "D01",
                "反担保人经营及代偿能力",
                said("D01"),
            ),
            answer(
                ChecklistSection::Collateral,
                "D02",
                "抵（质）押物使用、保管、价值及权属",
                if inventory.is_empty() {
                    said("D02")
                } else {
                    said("D02-pledge")
                },
            ),
            answer(
                ChecklistSection::Other,
                "E01",
                "实际控制人个人品行及家庭变化",
                said("E01"),
            ),
        ];
        if kind == VisitKind::First {
            a.push(answer(ChecklistSection::UseOfFunds, "F01", "贷款资金用途及流向",
                "核对放款后银行流水及采购合同，资金用于支付原材料货款，未发现流入股市、理财或民间借贷。".into()));
        }
        a
    }
}

fn answer(section: ChecklistSection, code: &str, question: &str, text: String) -> ChecklistAnswer {
    ChecklistAnswer {
        section,
        item_code: code.into(),
        question: question.into(),
        answer: text,
        note: None,
    }
}

#[cfg(test)]
mod tests;
