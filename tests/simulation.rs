//! A company's quarter, simulated end to end (issue 26): one head office (the real `baohou-hq`
//! on loopback, over SQLite or PostgreSQL), twelve laptops enrolled with databases of their own
//! and portfolios head office published to them, worked day by day through 2026's first quarter
//! (New Year, and the Spring Festival with its make-up Saturdays) by the core calls the window
//! makes: each officer works their agenda (visits, stock reports, notices, quarterly reviews,
//! visit plans, same-day signal reports), goes offline for days, and syncs through a proxy that
//! cuts connections and answers 500s; head office publishes a tier change, a new policy and next
//! year's calendar midway.
//!
//! `tests/quarter.rs` holds the outcome to its promises; `cargo run --example quarter` prints the
//! figures.

use crate::headoffice::{Backend, Hq};
use crate::proxy::{Fault, Proxy};
use baohou_core::closing::{CloseTask, ReportChannel, TaskRecord, TaskTarget, close_task};
use baohou_core::draft::review::Problem;
use baohou_core::draft::{InterviewValue, InventoryColumn, VisitEdit, VisitStart};
use baohou_core::numbering::LaptopCode;
use baohou_core::policy::Policy;
use baohou_core::portfolio::{
    CounterGuaranteeKind, FiveLevelClass, GuaranteeId, NewBorrower, NewCounterGuarantee,
    NewOfficer, Product, RiskTier,
};
use baohou_core::protocol::{GuaranteeDoc, OverdueLine};
use baohou_core::report::{self, Kind};
use baohou_core::signals::SignalCatalog;
use baohou_core::store::agenda_from_store;
use baohou_core::store::{DbKey, NewStockReport, OpenMode, Store};
use baohou_core::sync::client::{Server, SyncSummary, sync_outbox_at};
use baohou_core::tasks::engine::{DueTask, Engine};
use baohou_core::tasks::{TaskKind, TaskState};
use baohou_core::visit::{VisitKind, VisitMethod};
use baohou_core::{Locale, Money};
use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How an officer works.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Habit {
    /// Does every task on or before its day, syncs most evenings.
    Diligent,
    /// Works as diligently, but is at factories without a network for stretches: syncs about
    /// once a week.
    OftenOffline,
    /// Makes some visits until `stops`, never files a review, a plan, a report or a notice, and
    /// nothing at all after `stops`; syncs every evening.
    Lazy { stops: NaiveDate },
}

/// The simulation's size and days.
#[derive(Clone, Debug)]
pub struct Plan {
    pub laptops: usize,
    pub guarantees_each: usize,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

impl Default for Plan {
    fn default() -> Plan {
        Plan {
            laptops: 12,
            guarantees_each: 4,
            first_day: d("2026-01-01"),
            last_day: d("2026-03-31"),
        }
    }
}

/// What the quarter came to.
#[derive(Debug, Default)]
pub struct Figures {
    pub laptops: usize,
    pub guarantees: usize,
    pub visits: usize,
    /// Warning signals the officers raised on their visits.
    pub signals: usize,
    pub documents: usize,
    pub notices: usize,
    pub tasks_closed_by_record: usize,
    pub stock_reports: usize,
    pub syncs: usize,
    pub retries: usize,
    pub offline_syncs: usize,
    pub updates_applied: usize,
    pub bytes_to_head_office: usize,
    pub connections_faulted: usize,
    pub seconds: f64,
}

impl std::fmt::Display for Figures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "laptops {} · guarantees {} · visits {} · signals raised {} · documents at head office {} (of which notices {})",
            self.laptops, self.guarantees, self.visits, self.signals, self.documents, self.notices
        )?;
        writeln!(
            f,
            "tasks closed by a record {} · stock reports {} · head office updates applied {}",
            self.tasks_closed_by_record, self.stock_reports, self.updates_applied
        )?;
        writeln!(
            f,
            "syncs {} (offline {}) · documents retried {} · connections faulted by the proxy {} · bytes towards head office {:.1} MB",
            self.syncs,
            self.offline_syncs,
            self.retries,
            self.connections_faulted,
            self.bytes_to_head_office as f64 / 1e6
        )?;
        write!(f, "time {:.1} s", self.seconds)
    }
}

/// One officer's laptop.
pub struct Laptop {
    pub officer: String,
    pub code: String,
    pub habit: Habit,
    pub db: PathBuf,
    key: DbKey,
    token: String,
    store: Store,
}

/// The quarter as it ended, for the test to hold to its promises.
pub struct Outcome {
    pub figures: Figures,
    pub hq: Hq,
    pub laptops: Vec<Laptop>,
    pub last_day: NaiveDate,
    /// A reviewer's token for head office's office API.
    pub staff_token: String,
}

fn d(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

/// 08:00 … 18:00 of a day, China time.
fn at(day: NaiveDate, hour: u32) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(8 * 3600)
        .expect("UTC+8")
        .from_local_datetime(&day.and_hms_opt(hour, 0, 0).expect("an hour"))
        .single()
        .expect("one time")
}

/// A deterministic generator (xorshift): the same quarter every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const SURNAMES: [&str; 12] = [
    "张伟", "李娜", "王强", "刘洋", "陈静", "杨帆", "赵敏", "黄磊", "周婷", "吴昊", "徐丽", "孙杰",
];
const TOWNS: [&str; 6] = ["杭州", "宁波", "温州", "绍兴", "嘉兴", "湖州"];
const TRADES: [&str; 6] = ["纺织", "机械", "印染", "五金", "食品", "家具"];

/// The portfolio head office publishes to officer `o`: tiers 1–4, one acceptance bill maturing
/// within the quarter, one with pledged goods that need the daily stock check.
fn portfolio(o: usize, each: usize, rng: &mut Rng) -> Vec<GuaranteeDoc> {
    let officer = NewOfficer {
        code: format!("E{:02}", o + 1),
        name: SURNAMES[o].to_owned(),
        department: "业务一部".to_owned(),
        phone: None,
    };
    (0..each)
        .map(|g| {
            let tier = [2u8, 3, 2, 4, 1, 3][g % 6];
            let town = TOWNS[(o + g) % TOWNS.len()];
            let trade = TRADES[(o * 3 + g) % TRADES.len()];
            let start = d("2025-10-01") + Days::new(rng.below(80));
            // The second guarantee of every officer matures within the quarter.
            let (product, maturity) = if g == 1 {
                (
                    Product::BankAcceptanceBill,
                    d("2026-02-15") + Days::new(rng.below(40)),
                )
            } else {
                (Product::WorkingCapitalLoan, start + Days::new(365))
            };
            let mut counter = vec![NewCounterGuarantee {
                kind: CounterGuaranteeKind::Surety,
                description: "实际控制人及配偶个人连带责任保证".to_owned(),
                provider: format!("{}控制人", &SURNAMES[(o + 5) % 12][..3]),
                collateral_value: None,
                minimum_stock: None,
                stock_unit: None,
                registration_no: None,
            }];
            if g == 2 {
                counter.push(NewCounterGuarantee {
                    kind: CounterGuaranteeKind::Pledge,
                    description: "棉纱".to_owned(),
                    provider: "出质人".to_owned(),
                    collateral_value: Some(Money::from_fen(300_000_000).expect("an amount")),
                    minimum_stock: Some("100".parse().expect("a number")),
                    stock_unit: Some("吨".to_owned()),
                    registration_no: Some(format!("动产质押登记 {o}-{g}")),
                });
            }
            GuaranteeDoc {
                contract_no: format!("BH-SIM-{:02}-{:02}", o + 1, g + 1),
                borrower: NewBorrower {
                    name: format!(
                        "{town}市{}{trade}有限公司",
                        ["恒", "瑞", "兴", "华", "宏", "丰"][g % 6]
                    ),
                    credit_code: None,
                    legal_representative: Some("法定代表人".to_owned()),
                    industry: Some(trade.to_owned()),
                    address: Some(format!("浙江省{town}市")),
                    contact_name: None,
                    contact_phone: None,
                    site_latitude: None,
                    site_longitude: None,
                    employees: Some(80),
                },
                lending_bank: "中国工商银行".to_owned(),
                product,
                amount: Money::from_fen(
                    i64::try_from(100_000_000 + rng.below(400) * 1_000_000).expect("fits"),
                )
                .expect("an amount"),
                start_date: start,
                maturity_date: maturity,
                risk_tier: RiskTier::new(tier).expect("1-4"),
                five_level_class: FiveLevelClass::Normal,
                officer_a: officer.clone(),
                officer_b: None,
                credit_rating: None,
                notes: None,
                counter_guarantees: counter,
            }
        })
        .collect()
}

/// Runs the quarter against head office on `backend`, in `dir`.
pub fn run(dir: &Path, backend: &Backend, plan: &Plan) -> Outcome {
    let started = Instant::now();
    let mut figures = Figures {
        laptops: plan.laptops,
        guarantees: plan.laptops * plan.guarantees_each,
        ..Figures::default()
    };
    let hq = Hq::start_on(&dir.join("hq"), backend);
    // Most connections pass; about one in nine is cut mid-request, one in thirteen gets a 500.
    let mut rng = Rng(0x5EED_2026);
    let faults: Vec<Fault> = (0..20_000)
        .map(|_| match rng.below(117) {
            0..=12 => Fault::CutAfter(200 + rng.below(60_000) as usize),
            13..=21 => Fault::ServerError,
            _ => Fault::None,
        })
        .collect();
    let proxy = Proxy::start(&hq.url, faults);

    // Head office enrolls a laptop per officer and publishes each their portfolio.
    let mut laptops = Vec::new();
    for (o, name) in SURNAMES.iter().enumerate().take(plan.laptops) {
        let officer = (*name).to_owned();
        let token = hq.admin(&["enroll", "--officer", &officer, "--label", "笔记本"]);
        for doc in portfolio(o, plan.guarantees_each, &mut rng) {
            let file = dir.join(format!("{}.json", doc.contract_no));
            std::fs::write(&file, serde_json::to_vec(&doc).expect("JSON")).expect("written");
            hq.admin(&[
                "publish",
                "guarantee",
                "--file",
                file.to_str().expect("UTF-8"),
            ]);
        }
        let db = dir.join(format!("laptop-{:02}.sqlite3", o + 1));
        let key = DbKey::for_file(&db, crate::PASSPHRASE).expect("a key");
        let store = Store::open(&db, OpenMode::CreateOrUpgrade, &key).expect("a laptop database");
        let code = store.laptop_code().expect("a code").to_string();
        let habit = match o {
            2 => Habit::Lazy {
                stops: d("2026-02-06"),
            },
            5 | 9 => Habit::OftenOffline,
            _ => Habit::Diligent,
        };
        laptops.push(Laptop {
            officer,
            code,
            habit,
            db,
            key,
            token,
            store,
        });
    }
    let staff_token = hq.admin(&["staff", "add", "--name", "审核 王敏"]);

    let catalog = SignalCatalog::builtin();
    // Each laptop takes its portfolio with its first sync, on the quarter's first day.
    for l in &mut laptops {
        let mut applied = 0;
        for attempt in 0..20 {
            applied +=
                sync(l, &proxy.url, at(plan.first_day, 8), true, &mut figures).updates_applied;
            if applied >= plan.guarantees_each {
                break;
            }
            assert!(attempt < 19, "{} never got its portfolio", l.officer);
        }
    }

    let mut day = plan.first_day;
    let mut work_rng = Rng(0xC0FF_EE11);
    while day <= plan.last_day {
        // Head office, midway: a tier raised, a new policy, next year's calendar.
        if day == d("2026-02-04") {
            hq.admin(&[
                "publish",
                "tier",
                "--contract",
                "BH-SIM-01-01",
                "--tier",
                "3",
                "--reason",
                "主要客户流失，订单下降",
                "--on",
                "2026-02-04",
            ]);
        }
        if day == d("2026-02-10") {
            let text = baohou_core::policy::DEFAULT_POLICY_TOML.replacen(
                "version = \"2026.2\"",
                "version = \"2026.6\"",
                1,
            );
            assert!(
                text.contains("2026.6"),
                "the default policy names its version"
            );
            let file = dir.join("制度-2026.6.toml");
            std::fs::write(&file, text).expect("written");
            hq.admin(&["publish", "policy", "--file", file.to_str().expect("UTF-8")]);
        }
        if day == d("2026-03-02") {
            let file = dir.join("2027.toml");
            std::fs::write(&file, CALENDAR_2027).expect("written");
            hq.admin(&[
                "publish",
                "calendar",
                "--file",
                file.to_str().expect("UTF-8"),
            ]);
        }
        for l in &mut laptops {
            let calendar = l.store.calendar().expect("a calendar");
            if calendar.is_working_day(day) {
                work(l, day, &catalog, &mut work_rng, &mut figures);
            }
            let online = match l.habit {
                Habit::OftenOffline => day.ordinal().is_multiple_of(7),
                _ => work_rng.below(10) < 8,
            };
            if online {
                sync(l, &proxy.url, at(day, 19), false, &mut figures);
            }
        }
        day = day + Days::new(1);
    }

    // The quarter's end: every laptop online, each synced until its outbox is empty.
    for l in &mut laptops {
        for attempt in 0..20 {
            let s = sync(l, &proxy.url, at(plan.last_day, 20), true, &mut figures);
            let waiting = l
                .store
                .outbox()
                .expect("the outbox")
                .iter()
                .filter(|e| e.state != baohou_core::store::OutboxState::Sent)
                .count();
            if waiting == 0 && !s.offline && s.agenda_sent.is_some() {
                break;
            }
            assert!(attempt < 19, "{}'s outbox does not empty: {s:?}", l.officer);
        }
    }
    figures.bytes_to_head_office = proxy.sent_up();
    figures.documents = hq.count("SELECT count(*) FROM reports WHERE completed_at IS NOT NULL");
    // Counted where they are kept, not as the simulation meant them.
    let count = |l: &Laptop, sql: &str| -> usize {
        let n: i64 = crate::laptop_db(&l.db)
            .query_row(sql, [], |r| r.get(0))
            .expect("a count");
        usize::try_from(n).unwrap_or(0)
    };
    figures.notices = laptops
        .iter()
        .map(|l| count(l, "SELECT count(*) FROM notices"))
        .sum();
    figures.visits = laptops
        .iter()
        .map(|l| count(l, "SELECT count(*) FROM visits WHERE status = 'completed'"))
        .sum();
    figures.signals = laptops
        .iter()
        .map(|l| count(l, "SELECT count(*) FROM signals"))
        .sum();
    figures.connections_faulted = proxy.faulted();
    figures.seconds = started.elapsed().as_secs_f64();
    Outcome {
        figures,
        hq,
        laptops,
        last_day: plan.last_day,
        staff_token,
    }
}

/// A 2027 calendar for the midway publication (a test file, not the official notice).
const CALENDAR_2027: &str = r#"year = 2027
source = "测试用：2027年部分节假日安排"

[[holiday]]
name = "春节"
from = 2027-02-05
to = 2027-02-13
work = [2027-01-31, 2027-02-20]
"#;

/// One full sync of a laptop through the proxy, on the simulated clock.
fn sync(
    l: &mut Laptop,
    proxy: &str,
    now: DateTime<FixedOffset>,
    retry_all: bool,
    figures: &mut Figures,
) -> SyncSummary {
    let mut server = Server::new(proxy, &l.token, Duration::from_secs(10)).expect("a client");
    // Small chunks: a cut lands mid-file, and the upload resumes from head office's offset.
    server.chunk_size = 64 * 1024;
    let summary = sync_outbox_at(
        Locale::ZhCn,
        &mut l.store,
        &server,
        retry_all,
        &baohou_core::session::documents_before_sync,
        &|| now,
    )
    .expect("the laptop's store");
    figures.syncs += 1;
    figures.retries += summary.retrying.len();
    figures.updates_applied += summary.updates_applied;
    if summary.offline {
        figures.offline_syncs += 1;
    }
    assert!(
        summary.rejected.is_empty(),
        "{}: {:?}",
        l.officer,
        summary.rejected
    );
    assert!(summary.code_failed.is_none(), "{summary:?}");
    summary
}

/// The kinds a lazy officer leaves alone.
fn lazy_skips(kind: TaskKind) -> bool {
    !matches!(
        kind,
        TaskKind::FirstCheck | TaskKind::PeriodicCheck | TaskKind::ReportDue
    )
}

/// A day's work on a laptop: every task due before the next working day, done.
fn work(l: &mut Laptop, day: NaiveDate, catalog: &SignalCatalog, rng: &mut Rng, f: &mut Figures) {
    if let Habit::Lazy { stops } = l.habit
        && day > stops
    {
        return;
    }
    let policy = l.store.policy_in_force().expect("a policy");
    let calendar = l.store.calendar().expect("a calendar");
    let mut next_working = day + Days::new(1);
    while !calendar.is_working_day(next_working) {
        next_working = next_working + Days::new(1);
    }
    let engine = Engine::new(&policy, &calendar);
    let agenda = agenda_from_store(&l.store, &engine, day, None).expect("the agenda");
    let owed: Vec<DueTask> = agenda
        .tasks
        .into_iter()
        .filter(|t| t.state != TaskState::Done && t.due < next_working)
        .collect();
    // One visit a guarantee a day answers every check it owes.
    let mut visited: BTreeSet<GuaranteeId> = BTreeSet::new();
    for t in owed {
        if matches!(l.habit, Habit::Lazy { .. }) && lazy_skips(t.kind) {
            continue;
        }
        match t.kind {
            TaskKind::FirstCheck
            | TaskKind::PeriodicCheck
            | TaskKind::MaturityCheck
            | TaskKind::EmergencyCheck
            | TaskKind::SignalCheck => {
                let id = t.guarantee_id.expect("a guarantee's task");
                if visited.insert(id) {
                    let kind = match t.kind {
                        TaskKind::FirstCheck => VisitKind::First,
                        TaskKind::MaturityCheck => VisitKind::Maturity,
                        TaskKind::EmergencyCheck | TaskKind::SignalCheck => VisitKind::Emergency,
                        _ => VisitKind::Periodic,
                    };
                    visit(l, id, kind, day, catalog, &policy, rng);
                }
            }
            // A visit's report is completed with the visit.
            TaskKind::ReportDue => {}
            TaskKind::StockCheck => {
                let id = t.guarantee_id.expect("a guarantee's task");
                for cg in l.store.counter_guarantees(id).expect("counter-guarantees") {
                    if cg.kind == CounterGuaranteeKind::Pledge {
                        l.store
                            .record_stock_report(
                                &NewStockReport {
                                    counter_guarantee_id: cg.id,
                                    reported_on: day,
                                    quantity: rust_decimal::Decimal::from(120 + rng.below(30)),
                                    source: "warehouse".to_owned(),
                                    reporter: Some("仓库监管员".to_owned()),
                                },
                                catalog,
                            )
                            .expect("a stock report");
                        f.stock_reports += 1;
                    }
                }
            }
            TaskKind::MaturityNotice | TaskKind::RepaymentReminder => {
                let id = t.guarantee_id.expect("a guarantee's task");
                let kind = if t.kind == TaskKind::MaturityNotice {
                    baohou_core::notices::NoticeKind::Maturity
                } else {
                    baohou_core::notices::NoticeKind::RepaymentReminder
                };
                let issued = baohou_core::notices::issue(&mut l.store, id, kind, day, at(day, 10))
                    .expect("a notice");
                l.store
                    .record_delivery(
                        &issued.notice.document_no,
                        day,
                        baohou_core::notices::DeliveryMethod::InPerson,
                        Some("财务负责人签收"),
                        at(day, 15),
                    )
                    .expect("delivered");
            }
            TaskKind::TierReview
            | TaskKind::VisitPlan
            | TaskKind::SignalReport
            | TaskKind::HeadReport
            | TaskKind::DemandReport
            | TaskKind::CompensationPlan
            | TaskKind::CompensationReport
            | TaskKind::ShareholderReport
            | TaskKind::RecoveryPlan
            | TaskKind::RecoveryNotice
            | TaskKind::LegalAdviserNotice
            | TaskKind::LegalAction
            | TaskKind::AuthoritiesContact => {
                // A quarter's review is filed in its quarter's last month at the earliest.
                if t.kind == TaskKind::TierReview
                    && t.state == TaskState::Upcoming
                    && t.due.month() != day.month()
                {
                    continue;
                }
                close(l, &t, day, &engine);
                f.tasks_closed_by_record += 1;
            }
            other => panic!(
                "{}: a task the quarter did not plan for: {other:?} {}",
                l.officer, t.due
            ),
        }
    }
}

/// Closes a report-type task by its record.
fn close(l: &mut Laptop, t: &DueTask, day: NaiveDate, engine: &Engine<'_>) {
    let target = match t.guarantee_id {
        Some(id) => TaskTarget::Guarantee(id),
        None => TaskTarget::Officer(t.officer.as_deref().expect("an officer").to_owned()),
    };
    let record = match t.kind {
        TaskKind::TierReview => {
            let g = l
                .store
                .guarantee(t.guarantee_id.expect("a guarantee's task"))
                .expect("the guarantee");
            TaskRecord::TierReview {
                tier: g.risk_tier,
                class: g.five_level_class,
                reason: "季度复核：经营与回款正常，维持等级与分类".to_owned(),
            }
        }
        TaskKind::VisitPlan => TaskRecord::VisitPlan {
            submitted_to: "业务部经理".to_owned(),
            note: String::new(),
        },
        TaskKind::SignalReport
        | TaskKind::HeadReport
        | TaskKind::DemandReport
        | TaskKind::CompensationReport
        | TaskKind::ShareholderReport => TaskRecord::Report {
            to: "部门负责人".to_owned(),
            channel: ReportChannel::Phone,
            at: NaiveTime::from_hms_opt(17, 30, 0),
            said: "报告预警信号与次日重点检查安排".to_owned(),
        },
        _ => TaskRecord::Step {
            document: t.kind.label(Locale::ZhCn).to_owned(),
            reference: String::new(),
            note: "经总经理批准，已送达借款人与反担保人".to_owned(),
        },
    };
    close_task(
        &mut l.store,
        engine,
        &CloseTask {
            target,
            kind: t.kind,
            due: t.due,
            anchor: Some(t.anchor.to_string()),
            on: day,
            record,
        },
        day,
    )
    .unwrap_or_else(|e| panic!("{}: {:?} due {}: {e}", l.officer, t.kind, t.due));
}

/// An on-site visit, filled as the window's autosave fills it, confirmed, completed and issued.
/// Now and then the officer finds stock down a quarter and raises the signal.
fn visit(
    l: &mut Laptop,
    id: GuaranteeId,
    kind: VisitKind,
    day: NaiveDate,
    catalog: &SignalCatalog,
    policy: &Policy,
    rng: &mut Rng,
) {
    let g = l.store.guarantee(id).expect("the guarantee");
    let template = l.store.template_in_force().expect("a template");
    let now = at(day, 11);
    let visit = l
        .store
        .start_visit(
            &VisitStart {
                guarantee_id: id,
                kind,
                method: VisitMethod::OnSite,
                visit_date: day,
                officer_id: g.officer_a_id,
                started_from: None,
            },
            policy,
            &template,
            now,
        )
        .expect("a visit");
    // Now and then a periodic visit finds trouble: a checklist finding that raises a signal.
    let find_trouble = kind == VisitKind::Periodic && rng.below(10) == 0;
    let edit = |store: &mut Store, e: VisitEdit| {
        store
            .edit_visit_and_read(visit, &e, policy, catalog, now)
            .expect("an edit")
            .1
    };
    edit(
        &mut l.store,
        VisitEdit::Conclusion {
            text: format!(
                "{day} 实地检查：开工{}条线，月销售收入{}万元，访谈工人工资按月发放，主要客户订单{}份。",
                2 + rng.below(3),
                300 + rng.below(500),
                5 + rng.below(20)
            ),
        },
    );
    let mut draft = edit(
        &mut l.store,
        VisitEdit::Measures {
            text: format!("下次检查关注库存与回款（第{}项）。", rng.below(1000)),
        },
    );
    for round in 0..12 {
        let review = baohou_core::draft::review::review(&draft, policy, catalog);
        if review.ready_to_complete {
            break;
        }
        assert!(
            round < 11,
            "{}: the visit does not complete: {:?}",
            l.officer,
            review.problems
        );
        // Every proposed signal is decided: raised when the officer found trouble.
        for p in &review.proposed {
            draft = edit(
                &mut l.store,
                if find_trouble {
                    VisitEdit::AcceptSignal {
                        code: p.code.clone(),
                    }
                } else {
                    VisitEdit::DismissSignal {
                        code: p.code.clone(),
                        reason: "经核实属正常波动".to_owned(),
                    }
                },
            );
        }
        for problem in review.problems.clone() {
            let e = match problem {
                Problem::Unanswered { code } => {
                    let item = draft
                        .answers
                        .iter()
                        .find(|a| a.item.code == code)
                        .expect("the item")
                        .item
                        .clone();
                    // Trouble: the first item that raises a signal is answered as a finding.
                    let finding = find_trouble
                        && item.raises.is_some()
                        && !draft
                            .answers
                            .iter()
                            .any(|a| a.item.abnormal.contains(&a.answer));
                    let answer = if finding {
                        item.abnormal
                            .iter()
                            .find(|o| item.raised_by(o).is_some())
                            .cloned()
                    } else {
                        item.options
                            .iter()
                            .find(|o| !item.abnormal.contains(o))
                            .cloned()
                    }
                    .unwrap_or_else(|| {
                        format!("{code}：现场核实，情况如实记录，{}。", rng.below(1000))
                    });
                    VisitEdit::Answer { code, answer }
                }
                Problem::NoteNeeded { code } => VisitEdit::AnswerNote {
                    code,
                    note: "现场核实的事实已记录".to_owned(),
                },
                Problem::InventoryLineIncomplete { line_id } => {
                    let line = draft
                        .inventory
                        .iter()
                        .find(|x| x.id == line_id)
                        .expect("the line")
                        .clone();
                    let (column, text) = if line.goods_name.is_empty() {
                        (InventoryColumn::GoodsName, "棉纱".to_owned())
                    } else if line.book_quantity.is_empty() {
                        (InventoryColumn::BookQuantity, "130".to_owned())
                    } else {
                        // Trouble: the count a quarter below the books.
                        let counted = if find_trouble { 95 } else { 128 };
                        (InventoryColumn::CountedQuantity, counted.to_string())
                    };
                    VisitEdit::InventoryText {
                        line_id,
                        column,
                        text,
                    }
                }
                Problem::StockCountMissing { .. } => {
                    panic!(
                        "{}: the stock count of the pledged goods is gone",
                        l.officer
                    )
                }
                Problem::TooFewInterviews { need, have } => {
                    for _ in have..need {
                        draft = edit(&mut l.store, VisitEdit::AddInterview);
                    }
                    continue;
                }
                Problem::InterviewIncomplete { interview_id } => VisitEdit::Interview {
                    interview_id,
                    value: InterviewValue::Role(format!("车间工人{}", rng.below(100))),
                },
                Problem::RepeatedTextUnconfirmed { field } => {
                    VisitEdit::ConfirmRepeatedText { field }
                }
                Problem::SignalUndecided { .. } => continue,
                Problem::ConclusionMissing | Problem::ConclusionWithoutFacts => {
                    VisitEdit::Conclusion {
                        text: format!("实盘与账面核对一致，销售收入{}万元。", 300 + rng.below(500)),
                    }
                }
                Problem::SuggestionMissing { .. } => VisitEdit::Measures {
                    text: format!(
                        "建议银行监控结算户流水，{}日内复查库存。",
                        5 + rng.below(10)
                    ),
                },
                // Asked for once nothing else is missing.
                Problem::BorrowerNotConfirmed if !review.ready_for_confirmation => continue,
                Problem::BorrowerNotConfirmed => {
                    l.store
                        .confirm_by_borrower(visit, "财务负责人", policy, catalog, now)
                        .expect("confirmed");
                    draft = l.store.visit_draft(visit).expect("the visit");
                    continue;
                }
                Problem::BadNumber { field, text } => {
                    panic!("{}: {field} {text} is not a number", l.officer)
                }
            };
            draft = edit(&mut l.store, e);
        }
    }
    l.store
        .complete_visit(visit, policy, catalog, now)
        .expect("completed");
    report::issue(&mut l.store, catalog, visit, Kind::Final, at(day, 17)).expect("issued");
}

impl Outcome {
    /// The overdue lines of `officer`'s own tasks on their laptop on the last day.
    pub fn laptop_overdue(&self, laptop: &Laptop) -> Vec<OverdueLine> {
        let report = baohou_core::sync::client::agenda_report(&laptop.store, self.last_day)
            .expect("the agenda");
        report
            .overdue
            .into_iter()
            .filter(|l| l.officer.as_deref() == Some(laptop.officer.as_str()))
            .collect()
    }

    /// Head office's view of every officer (the office API, as a reviewer reads it).
    pub fn head_office_view(&self) -> BTreeMap<String, serde_json::Value> {
        let views: Vec<serde_json::Value> = reqwest::blocking::Client::new()
            .get(format!("{}/api/v1/office/officers", self.hq.url))
            .bearer_auth(&self.staff_token)
            .send()
            .and_then(|r| r.error_for_status())
            .and_then(|r| r.json())
            .expect("the officers' view");
        views
            .into_iter()
            .map(|v| (v["officer"].as_str().unwrap_or_default().to_owned(), v))
            .collect()
    }

    /// Every document a laptop issued: (number, SHA-256 of its PDF, SHA-256 of its content).
    pub fn laptop_documents(&self, laptop: &Laptop) -> Vec<(String, String, String)> {
        let conn = crate::laptop_db(&laptop.db);
        let mut out = Vec::new();
        for table in [
            "reports",
            "notices",
            "releases",
            "withdrawals",
            "collection_records",
        ] {
            let mut stmt = conn
                .prepare(&format!(
                    "SELECT document_no, pdf, content_sha256 FROM {table}"
                ))
                .expect("a query");
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        baohou_core::store::sha256_hex(&r.get::<_, Vec<u8>>(1)?),
                        r.get::<_, String>(2)?,
                    ))
                })
                .expect("rows");
            out.extend(rows.map(|r| r.expect("a row")));
        }
        out
    }

    /// The laptop code each laptop's store holds now.
    pub fn codes(&self) -> Vec<LaptopCode> {
        self.laptops
            .iter()
            .map(|l| l.store.laptop_code().expect("a code"))
            .collect()
    }
}

/// For the laptop's key: the simulation opens its own stores with it.
impl Laptop {
    pub fn key(&self) -> &DbKey {
        &self.key
    }
}
