//! The demo portfolio: a realistic book of about 40 guarantees, so that the app opens on
//! something real. Deterministic for a given `today`: the same date gives the same database.
//!
//! The scenarios are written out (who borrowed what, which firm is in trouble and how it shows);
//! the routine visits in between are generated, at each tier's usual rhythm.

pub mod photos;
mod showcase;
pub mod warehouse;

use crate::money::Money;
use crate::policy::Policy;
use crate::portfolio::{
    CounterGuaranteeKind, FiveLevelClass, GuaranteeStatus, NewBorrower, NewCounterGuarantee,
    NewGuarantee, NewOfficer, Product, RiskTier,
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

const OFFICERS: &[(&str, &str, &str, &str)] = &[
    ("E1001", "张伟", "业务一部", "138 5730 1001"),
    ("E1002", "李娜", "业务一部", "138 5730 1002"),
    ("E1003", "王强", "业务二部", "139 5730 1003"),
    ("E1004", "刘洋", "业务二部", "139 5730 1004"),
    ("E1005", "陈静", "风控部", "137 5730 1005"),
];

/// (name, industry, legal representative, city index, employees, main products)
const BORROWERS: &[(&str, &str, &str, usize, u32, &str)] = &[
    (
        "嘉兴市瑞丰纺织有限公司",
        "纺织",
        "沈国良",
        0,
        260,
        "涤棉混纺布",
    ),
    (
        "湖州恒达精密机械有限公司",
        "机械制造",
        "费建华",
        1,
        140,
        "数控车床配件",
    ),
    (
        "绍兴柯桥华美印染有限公司",
        "印染",
        "金秀琴",
        2,
        310,
        "印花面料",
    ),
    (
        "宁波海曙鑫源五金制品有限公司",
        "五金",
        "俞立新",
        3,
        95,
        "门锁五金件",
    ),
    (
        "台州路桥永盛汽配有限公司",
        "汽车配件",
        "林海波",
        4,
        180,
        "刹车盘、轮毂",
    ),
    (
        "义乌市佳禾日用品有限公司",
        "日用品",
        "楼晓明",
        5,
        70,
        "塑料收纳用品",
    ),
    (
        "苏州吴江盛泽丝绸有限公司",
        "丝绸",
        "徐凤英",
        6,
        120,
        "真丝面料",
    ),
    (
        "无锡锡山宏达电线电缆有限公司",
        "电线电缆",
        "华志强",
        7,
        210,
        "低压电力电缆",
    ),
    (
        "常州武进天成新材料科技有限公司",
        "新材料",
        "蒋文斌",
        8,
        85,
        "改性塑料粒子",
    ),
    (
        "杭州萧山明辉化纤有限公司",
        "化纤",
        "来建明",
        9,
        330,
        "涤纶长丝",
    ),
    (
        "嘉兴秀洲同创光伏科技有限公司",
        "光伏",
        "顾晨",
        0,
        160,
        "光伏组件边框",
    ),
    (
        "湖州南浔森林木业有限公司",
        "木业",
        "沈林根",
        1,
        110,
        "实木复合地板",
    ),
    (
        "绍兴上虞晨阳精细化工有限公司",
        "化工",
        "王国栋",
        2,
        90,
        "染料中间体",
    ),
    (
        "宁波北仑港城物流有限公司",
        "物流",
        "邬志刚",
        3,
        60,
        "集装箱运输",
    ),
    (
        "台州黄岩精工模具有限公司",
        "模具",
        "陈永福",
        4,
        75,
        "注塑模具",
    ),
    (
        "永康市顺达电动工具有限公司",
        "电动工具",
        "应建平",
        5,
        150,
        "电钻、角磨机",
    ),
    (
        "苏州相城金鼎建材贸易有限公司",
        "建材贸易",
        "朱国平",
        6,
        25,
        "钢材、水泥",
    ),
    (
        "无锡惠山博远环保设备有限公司",
        "环保设备",
        "钱伟民",
        7,
        65,
        "废气处理设备",
    ),
    (
        "常州新北润泽医疗器械有限公司",
        "医疗器械",
        "汤丽华",
        8,
        55,
        "一次性输液器",
    ),
    (
        "杭州余杭绿源农业开发有限公司",
        "农业",
        "章建伟",
        9,
        40,
        "茶叶、竹笋",
    ),
    (
        "海宁市恒丰皮具有限公司",
        "皮具",
        "吴志明",
        0,
        130,
        "皮革箱包",
    ),
    (
        "长兴县蓄能电池有限公司",
        "电池",
        "钦国强",
        1,
        240,
        "铅酸蓄电池",
    ),
    ("诸暨市华东袜业有限公司", "袜业", "宣建英", 2, 200, "棉袜"),
    (
        "慈溪市鸿运家电有限公司",
        "小家电",
        "胡永康",
        3,
        170,
        "电暖器、电风扇",
    ),
    ("温岭市东海泵业有限公司", "水泵", "江海军", 4, 190, "潜水泵"),
    (
        "东阳市红木家具有限公司",
        "红木家具",
        "卢新华",
        5,
        80,
        "红木家具",
    ),
    ("昆山精诚电子有限公司", "电子", "顾建国", 6, 280, "连接器"),
    (
        "江阴华强钢铁贸易有限公司",
        "钢材贸易",
        "夏志明",
        7,
        30,
        "螺纹钢、线材",
    ),
    (
        "常州金坛茂源食品有限公司",
        "食品",
        "袁小平",
        8,
        100,
        "速冻食品",
    ),
    (
        "杭州临平万通服装有限公司",
        "服装",
        "俞佩芳",
        9,
        220,
        "针织服装",
    ),
    ("平湖市远洋箱包有限公司", "箱包", "陆建良", 0, 160, "拉杆箱"),
    (
        "德清县莫干山竹业有限公司",
        "竹制品",
        "沈伟",
        1,
        70,
        "竹地板",
    ),
    (
        "余姚市联创塑料模具有限公司",
        "塑料",
        "孙立群",
        3,
        60,
        "塑料模具",
    ),
    ("玉环市阀门制造有限公司", "阀门", "林国华", 4, 115, "铜阀门"),
    (
        "武义县金鑫门业有限公司",
        "门业",
        "何建军",
        5,
        145,
        "钢质安全门",
    ),
    (
        "常熟市虞山羊毛衫有限公司",
        "羊毛衫",
        "季美芳",
        6,
        175,
        "羊毛衫",
    ),
    (
        "杭州富阳春江造纸有限公司",
        "造纸",
        "孙国富",
        9,
        150,
        "瓦楞原纸",
    ),
    (
        "周建国（个体工商户·周记水产批发）",
        "水产批发",
        "周建国",
        3,
        6,
        "冻品水产",
    ),
    (
        "吴晓燕（个体工商户·晓燕服饰）",
        "服装零售",
        "吴晓燕",
        9,
        4,
        "女装零售",
    ),
];

/// (city, latitude, longitude, banks of the city)
const CITIES: &[(&str, &str, &str, &[&str])] = &[
    (
        "嘉兴",
        "30.7522",
        "120.7555",
        &[
            "中国工商银行嘉兴分行",
            "嘉兴银行秀洲支行",
            "中国农业银行嘉兴分行",
        ],
    ),
    (
        "湖州",
        "30.8943",
        "120.0868",
        &[
            "湖州银行吴兴支行",
            "中国农业银行湖州分行",
            "中国建设银行湖州分行",
        ],
    ),
    (
        "绍兴",
        "30.0302",
        "120.5802",
        &["绍兴银行柯桥支行", "中国银行绍兴分行", "浙商银行绍兴分行"],
    ),
    (
        "宁波",
        "29.8683",
        "121.5440",
        &[
            "宁波银行海曙支行",
            "中国建设银行宁波分行",
            "交通银行宁波分行",
        ],
    ),
    (
        "台州",
        "28.6564",
        "121.4208",
        &[
            "台州银行路桥支行",
            "交通银行台州分行",
            "中国工商银行台州分行",
        ],
    ),
    (
        "金华",
        "29.0790",
        "119.6474",
        &["金华银行永康支行", "浙商银行金华分行", "中国银行金华分行"],
    ),
    (
        "苏州",
        "31.2990",
        "120.5853",
        &[
            "苏州银行吴江支行",
            "招商银行苏州分行",
            "中国工商银行苏州分行",
        ],
    ),
    (
        "无锡",
        "31.4912",
        "120.3119",
        &[
            "江苏银行无锡分行",
            "中国农业银行无锡分行",
            "无锡农村商业银行",
        ],
    ),
    (
        "常州",
        "31.8107",
        "119.9741",
        &[
            "江南农村商业银行武进支行",
            "中国银行常州分行",
            "中国建设银行常州分行",
        ],
    ),
    (
        "杭州",
        "30.2741",
        "120.1551",
        &[
            "杭州银行萧山支行",
            "中国工商银行杭州分行",
            "浙江萧山农村商业银行",
        ],
    ),
];

/// The story of one guarantee. `start_days_ago` and `term_months` place it in time around today.
struct Scenario {
    borrower: usize,
    product: Product,
    amount_wan: i64,
    start_days_ago: i64,
    term_months: u32,
    tier: u8,
    class: FiveLevelClass,
    status: GuaranteeStatus,
    officer: usize,
    counter: &'static [Counter],
    trouble: Trouble,
    /// Visits stopped this many days before today (work gone overdue).
    visits_stop_days_ago: Option<i64>,
}

#[derive(Clone, Copy)]
enum Counter {
    /// Factory and land-use right, value in 万元.
    Factory(i64),
    /// A residential flat of the owner, value in 万元.
    Flat(i64),
    /// Pledged goods: name, unit, minimum stock, value in 万元.
    Goods(&'static str, &'static str, i64, i64),
    /// Accounts receivable pledged, value in 万元.
    Receivables(i64),
    /// The actual controller's personal surety.
    OwnerSurety,
    /// Another firm's surety.
    FirmSurety(&'static str),
}

/// What is going wrong at the borrower, if anything; it shows in answers, counts and signals.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Trouble {
    None,
    WageArrears,
    EnvironmentalPenalty,
    PledgeShortfall,
    Stoppage,
    OwnerMissing,
    Lawsuit,
    UnexplainedStock,
    DebtGrowth,
    LateStatements,
    BillSurge,
    DownturnWatch,
}

use Counter::*;
use FiveLevelClass as C;
use GuaranteeStatus as S;
use Product as P;
use Trouble as T;

#[rustfmt::skip]
fn scenarios() -> Vec<Scenario> {
    let s = |borrower, product, amount_wan, start_days_ago, term_months, tier, class, status, officer, counter, trouble| Scenario {
        borrower, product, amount_wan, start_days_ago, term_months, tier, class, status, officer, counter, trouble,
        visits_stop_days_ago: None,
    };
    let mut v = vec![
        s(0, P::WorkingCapitalLoan, 800, 210, 12, 2, C::Normal, S::Active, 0, &[Factory(1650), OwnerSurety], T::None),
        s(0, P::BankAcceptanceBill, 500, 70, 6, 2, C::Normal, S::Active, 0, &[OwnerSurety], T::None),
        s(1, P::WorkingCapitalLoan, 1200, 300, 12, 1, C::Normal, S::Active, 1, &[Factory(2600), OwnerSurety], T::None),
        s(2, P::WorkingCapitalLoan, 1500, 250, 12, 4, C::SpecialMention, S::Active, 2, &[Factory(2400), OwnerSurety], T::EnvironmentalPenalty),
        s(3, P::WorkingCapitalLoan, 300, 120, 12, 2, C::Normal, S::Active, 3, &[Flat(420), OwnerSurety], T::None),
        s(4, P::WorkingCapitalLoan, 1000, 280, 12, 4, C::Substandard, S::Active, 0, &[Factory(1500), OwnerSurety, FirmSurety("台州路桥永丰机械有限公司")], T::WageArrears),
        s(5, P::TradeFinance, 200, 95, 6, 2, C::Normal, S::Active, 1, &[Receivables(260), OwnerSurety], T::None),
        s(6, P::LetterOfCredit, 600, 60, 6, 1, C::Normal, S::Active, 2, &[Goods("真丝坯绸", "米", 120_000, 720), OwnerSurety], T::None),
        s(7, P::WorkingCapitalLoan, 2000, 330, 12, 1, C::Normal, S::Active, 3, &[Factory(4200), OwnerSurety], T::None),
        s(8, P::FixedAssetLoan, 3000, 520, 36, 3, C::SpecialMention, S::Active, 0, &[Factory(5200), OwnerSurety], T::DebtGrowth),
        s(9, P::WorkingCapitalLoan, 2500, 180, 12, 2, C::Normal, S::Active, 1, &[Goods("涤纶长丝", "吨", 900, 980), Factory(3600)], T::None),
        s(10, P::FixedAssetLoan, 2800, 640, 36, 2, C::Normal, S::Active, 2, &[Factory(4800), OwnerSurety], T::None),
        s(11, P::WorkingCapitalLoan, 600, 150, 12, 3, C::SpecialMention, S::Active, 3, &[Flat(780), OwnerSurety], T::DownturnWatch),
        s(12, P::WorkingCapitalLoan, 900, 340, 12, 2, C::Normal, S::Active, 0, &[Factory(1900), OwnerSurety], T::None),
        s(13, P::TradeFinance, 400, 40, 6, 2, C::Normal, S::Active, 1, &[Receivables(520), OwnerSurety], T::None),
        s(14, P::WorkingCapitalLoan, 350, 200, 12, 1, C::Normal, S::Active, 2, &[Flat(560)], T::None),
        s(15, P::WorkingCapitalLoan, 700, 12, 12, 2, C::Normal, S::Active, 3, &[Factory(1300), OwnerSurety], T::None),
        s(16, P::BankAcceptanceBill, 1500, 100, 6, 3, C::SpecialMention, S::Active, 0, &[Goods("螺纹钢", "吨", 2500, 900), OwnerSurety], T::BillSurge),
        s(17, P::WorkingCapitalLoan, 500, 260, 12, 2, C::Normal, S::Active, 1, &[Factory(980)], T::None),
        s(18, P::WorkingCapitalLoan, 450, 90, 12, 1, C::Normal, S::Active, 2, &[Flat(700), OwnerSurety], T::None),
        s(19, P::WorkingCapitalLoan, 150, 230, 12, 3, C::SpecialMention, S::Active, 3, &[Flat(260), OwnerSurety], T::DownturnWatch),
        s(20, P::WorkingCapitalLoan, 800, 420, 12, 4, C::Loss, S::InRecovery, 0, &[Factory(900), OwnerSurety], T::OwnerMissing),
        s(21, P::WorkingCapitalLoan, 1800, 310, 12, 3, C::SpecialMention, S::Active, 1, &[Factory(3100), OwnerSurety], T::Lawsuit),
        s(22, P::WorkingCapitalLoan, 650, 160, 12, 2, C::Normal, S::Active, 2, &[Goods("精梳棉纱", "吨", 300, 720), OwnerSurety], T::None),
        s(23, P::WorkingCapitalLoan, 900, 270, 12, 3, C::SpecialMention, S::Active, 3, &[Factory(1700), OwnerSurety], T::LateStatements),
        s(24, P::BankAcceptanceBill, 400, 150, 6, 2, C::Normal, S::Active, 0, &[OwnerSurety, FirmSurety("温岭市东海电机有限公司")], T::None),
        s(25, P::WorkingCapitalLoan, 1100, 190, 12, 3, C::SpecialMention, S::Active, 1, &[Goods("红酸枝原木", "立方米", 400, 1600), OwnerSurety], T::UnexplainedStock),
        s(26, P::WorkingCapitalLoan, 2200, 45, 12, 1, C::Normal, S::Active, 2, &[Factory(4100), OwnerSurety], T::None),
        s(27, P::BankAcceptanceBill, 1200, 130, 6, 4, C::SpecialMention, S::Active, 3, &[Goods("螺纹钢", "吨", 1800, 700), OwnerSurety], T::PledgeShortfall),
        s(28, P::WorkingCapitalLoan, 500, 340, 12, 2, C::Normal, S::Active, 0, &[Factory(1100)], T::None),
        s(29, P::WorkingCapitalLoan, 750, 220, 12, 2, C::Normal, S::Active, 1, &[Factory(1500), OwnerSurety], T::None),
        s(30, P::WorkingCapitalLoan, 600, 400, 12, 2, C::Normal, S::Released, 2, &[Factory(1200)], T::None),
        s(31, P::FixedAssetLoan, 1600, 700, 36, 3, C::SpecialMention, S::Active, 3, &[Factory(2500), OwnerSurety], T::DownturnWatch),
        s(32, P::WorkingCapitalLoan, 300, 520, 12, 2, C::Normal, S::Released, 0, &[Flat(480)], T::None),
        s(33, P::WorkingCapitalLoan, 550, 8, 12, 2, C::Normal, S::Active, 1, &[Factory(1000), OwnerSurety], T::None),
        s(34, P::FixedAssetLoan, 1500, 380, 36, 1, C::Normal, S::Active, 2, &[Factory(2900)], T::None),
        s(35, P::WorkingCapitalLoan, 480, 140, 12, 1, C::Normal, S::Active, 3, &[Flat(650), OwnerSurety], T::None),
        s(36, P::WorkingCapitalLoan, 1300, 450, 12, 4, C::Doubtful, S::Compensated, 0, &[Factory(1400), Goods("瓦楞原纸", "吨", 1500, 520), OwnerSurety], T::Stoppage),
        s(37, P::ConsumerLoan, 50, 260, 24, 2, C::Normal, S::Active, 1, &[Flat(180)], T::None),
        s(38, P::ConsumerLoan, 30, 330, 24, 1, C::Normal, S::Active, 2, &[Flat(150)], T::None),
        s(7, P::BankAcceptanceBill, 800, 160, 6, 1, C::Normal, S::Active, 3, &[OwnerSurety], T::None),
        s(26, P::TradeFinance, 600, 200, 6, 1, C::Normal, S::Released, 2, &[Receivables(750)], T::None),
        s(9, P::FixedAssetLoan, 4500, 690, 36, 2, C::Normal, S::Active, 1, &[Factory(6800), OwnerSurety], T::None),
    ];
    // Work gone overdue: the officer has not been back for a while.
    for (idx, days) in [(5, 26), (12, 75), (20, 50), (24, 58), (29, 130), (32, 40)] {
        v[idx].visits_stop_days_ago = Some(days);
    }
    v
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

fn wan(n: i64) -> Money {
    Money::from_wan(Decimal::from(n)).expect("demo amounts are whole 万元")
}

fn dec(text: &str) -> Decimal {
    text.parse().expect("demo decimals are well formed")
}

/// The usual interval between routine visits for a tier, in days (the demo's own rhythm; the
/// rules engine reads the real one from the policy).
fn rhythm_days(tier: u8) -> i64 {
    match tier {
        1 => 182,
        2 => 91,
        3 => 30,
        _ => 15,
    }
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
                    (TaskKind::RecoveryPlan, 1),
                    (TaskKind::LegalAction, 6),
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
        // Every signal but the newest was reported to the department head the day it was found.
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
            let answers = self.answers(*kind, borrower.5, troubled, sc.trouble, &inventory);
            let conclusion = conclusion(
                &inventory,
                &interviews,
                &financials,
                troubled,
                sc.trouble,
                method,
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
                measures: Some(measures(sc.tier, troubled, sc.trouble)),
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
                "向借款人及反担保人送达担保代偿追偿通知书",
                t - Duration::days(1),
                "代偿后1个工作日内",
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
    ) -> Vec<ChecklistAnswer> {
        let util = self.rng.random_range(70..92);
        let mut a = vec![
            answer(
                ChecklistSection::Operations,
                "A01",
                "主要产品、产能利用及开工情况",
                if troubled && matches!(trouble, T::Stoppage | T::EnvironmentalPenalty) {
                    format!("主要产品为{products}，现场大部分生产线停机，产能利用率不足30%。")
                } else {
                    format!("主要产品为{products}，现场开工正常，产能利用率约{util}%。")
                },
            ),
            answer(
                ChecklistSection::Operations,
                "A02",
                "原材料及产成品市场、主要客户和供应商变化",
                if troubled && trouble == T::DownturnWatch {
                    "原材料价格上涨约15%，主要客户压价，毛利下降。".into()
                } else {
                    "主要客户和供应商稳定，无重大变化。".into()
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
                    _ => "经查询裁判文书网、信用中国，未发现新增诉讼和行政处罚。".into(),
                },
            ),
            answer(
                ChecklistSection::Management,
                "B01",
                "股东、实际控制人及管理层变化",
                if troubled && trouble == T::OwnerMissing {
                    "实际控制人出境未归，由其妹夫临时代管，管理混乱。".into()
                } else {
                    "股权结构和管理层无变化，实际控制人在厂主持经营。".into()
                },
            ),
            answer(
                ChecklistSection::Management,
                "B02",
                "合作态度与还款意愿",
                if troubled && trouble == T::LateStatements {
                    "对报送报表一再拖延，配合度下降。".into()
                } else {
                    "配合检查，按时付息，还款意愿良好。".into()
                },
            ),
            answer(
                ChecklistSection::Finance,
                "C01",
                "资产、负债及结构变化",
                if troubled && trouble == T::DebtGrowth {
                    "短期借款较上季度增加2,100万元，资产负债率升至71%。".into()
                } else {
                    "资产负债结构基本稳定，无新增大额负债。".into()
                },
            ),
            answer(
                ChecklistSection::Finance,
                "C02",
                "销售、利润及货款回笼",
                if troubled {
                    "销售回款放缓，应收账款账期由60天延长至90天以上。".into()
                } else {
                    "销售回款正常，银行流水与报表销售收入基本匹配。".into()
                },
            ),
            answer(
                ChecklistSection::Collateral,
                "D01",
                "反担保人经营及代偿能力",
                "保证人经营正常，个人资产未见明显减少。".into(),
            ),
            answer(
                ChecklistSection::Collateral,
                "D02",
                "抵（质）押物使用、保管、价值及权属",
                if inventory.is_empty() {
                    "抵押厂房正常使用，未见出租、查封。".into()
                } else {
                    "质押存货单独堆放，有标识牌，已与账面核对（见盘点表）。".into()
                },
            ),
            answer(
                ChecklistSection::Other,
                "E01",
                "实际控制人个人品行及家庭变化",
                "未发现赌博、高消费等异常，家庭情况稳定。".into(),
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

fn conclusion(
    inventory: &[InventoryLine],
    interviews: &[WorkerInterview],
    financials: &[FinancialFigure],
    troubled: bool,
    trouble: Trouble,
    method: VisitMethod,
) -> String {
    if method == VisitMethod::Phone {
        return "电话回访企业财务负责人，了解本月销售及付息情况，未发现异常；下次实地检查按计划进行。".into();
    }
    let mut parts = Vec::new();
    if let Some(sales) = financials
        .iter()
        .find(|f| f.metric == FinancialMetric::MonthlySales)
    {
        parts.push(format!("近月销售收入{}万元", sales.value));
    }
    if let Some(ratio) = financials
        .iter()
        .find(|f| f.metric == FinancialMetric::DebtRatio)
    {
        parts.push(format!("资产负债率{}%", ratio.value));
    }
    for line in inventory {
        let diff = if line.book_quantity.is_zero() {
            Decimal::ZERO
        } else {
            ((line.counted_quantity - line.book_quantity) / line.book_quantity * Decimal::from(100))
                .round_dp(1)
        };
        parts.push(format!(
            "{}实盘{}{}，较账面{}%",
            line.goods_name, line.counted_quantity, line.unit, diff
        ));
    }
    if !interviews.is_empty() {
        let late = interviews.iter().filter(|w| !w.wages_paid_on_time).count();
        parts.push(if late > 0 {
            format!("访谈工人{}名，其中{}名反映工资拖欠", interviews.len(), late)
        } else {
            format!("访谈工人{}名，工资按月发放", interviews.len())
        });
    }
    let facts = parts.join("；");
    if troubled {
        format!(
            "本次实地检查：{facts}。{}，已列为重点关注，需持续跟踪。",
            trouble_reason(trouble)
        )
    } else {
        format!("本次实地检查：{facts}。经营情况与上次检查基本一致，未发现预警信号。")
    }
}

fn measures(tier: u8, troubled: bool, trouble: Trouble) -> String {
    if troubled {
        match trouble {
            T::PledgeShortfall => {
                "要求企业3个工作日内补足质押物，监管方每日报送库存；未补足前暂停新开承兑。".into()
            }
            T::WageArrears => {
                "报告部门经理；核查企业在贷款行存款及回款；要求实际控制人书面说明工资发放计划。"
                    .into()
            }
            T::Stoppage => "已报告总经理；启动代偿预案，清点反担保财产。".into(),
            _ => "报告部门经理，缩短检查间隔，每月实地检查一次。".into(),
        }
    } else {
        match tier {
            1 => "维持一类管理，按半年实地检查。".into(),
            2 => "维持二类管理，按季实地检查。".into(),
            3 => "维持三类管理，按月实地检查。".into(),
            _ => "维持四类管理，不定期检查。".into(),
        }
    }
}

fn trouble_reason(trouble: Trouble) -> &'static str {
    match trouble {
        T::None => "例行调整",
        T::WageArrears => "工资拖欠、现金流为负",
        T::EnvironmentalPenalty => "环保处罚、部分停产",
        T::PledgeShortfall => "质押存货低于最低库存量",
        T::Stoppage => "长期停工停产、欠息",
        T::OwnerMissing => "实际控制人失联",
        T::Lawsuit => "涉及重大诉讼",
        T::UnexplainedStock => "存货异常增加",
        T::DebtGrowth => "债务增长过快",
        T::LateStatements => "不按时报送财务报表",
        T::BillSurge => "超常规开立承兑汇票",
        T::DownturnWatch => "利润下滑",
    }
}

fn finance_contact(i: usize) -> &'static str {
    const NAMES: &[&str] = &[
        "周敏",
        "黄丽",
        "孙莉",
        "马晓红",
        "朱燕",
        "胡静",
        "郭芳",
        "何婷",
        "高洁",
        "林慧",
    ];
    NAMES[i % NAMES.len()]
}

/// A well-formed 统一社会信用代码 (with its check character), fictional.
fn credit_code(i: usize, individual: bool) -> String {
    const CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [u32; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let head = if individual { "92" } else { "91" };
    let body = format!(
        "{head}330{:03}MA{:02}{:05}",
        400 + i * 7 % 600,
        10 + i % 80,
        27_000 + i * 311
    );
    let body: String = body.chars().take(17).collect();
    let sum: u32 = body
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| CHARS.find(c).unwrap_or(0) as u32 * w)
        .sum();
    let check = (31 - sum % 31) % 31;
    format!("{body}{}", CHARS.chars().nth(check as usize).unwrap_or('0'))
}

fn counter_guarantee(c: Counter, borrower: &str, owner: &str) -> NewCounterGuarantee {
    match c {
        Factory(v) => NewCounterGuarantee {
            kind: CounterGuaranteeKind::Mortgage,
            description: "厂房及国有土地使用权（第二顺位抵押）".into(),
            provider: borrower.into(),
            collateral_value: Some(wan(v)),
            minimum_stock: None,
            stock_unit: None,
            registration_no: Some(format!("不动产登记证明第{:07}号", v * 37 % 10_000_000)),
        },
        Flat(v) => NewCounterGuarantee {
            kind: CounterGuaranteeKind::Mortgage,
            description: "实际控制人名下住宅一套".into(),
            provider: owner.into(),
            collateral_value: Some(wan(v)),
            minimum_stock: None,
            stock_unit: None,
            registration_no: Some(format!("不动产登记证明第{:07}号", v * 53 % 10_000_000)),
        },
        Goods(name, unit, min, v) => NewCounterGuarantee {
            kind: CounterGuaranteeKind::Pledge,
            description: format!("{name}（动产质押，第三方仓库监管）"),
            provider: borrower.into(),
            collateral_value: Some(wan(v)),
            minimum_stock: Some(Decimal::from(min)),
            stock_unit: Some(unit.into()),
            registration_no: Some(format!("动产质押登记 ZY{:08}", v * 97 % 100_000_000)),
        },
        Receivables(v) => NewCounterGuarantee {
            kind: CounterGuaranteeKind::Pledge,
            description: "应收账款质押（已在中登网登记）".into(),
            provider: borrower.into(),
            collateral_value: Some(wan(v)),
            minimum_stock: None,
            stock_unit: None,
            registration_no: Some(format!("中登网登记 {:08}", v * 71 % 100_000_000)),
        },
        OwnerSurety => NewCounterGuarantee {
            kind: CounterGuaranteeKind::Surety,
            description: "实际控制人及配偶个人连带责任保证".into(),
            provider: owner.into(),
            collateral_value: None,
            minimum_stock: None,
            stock_unit: None,
            registration_no: None,
        },
        FirmSurety(firm) => NewCounterGuarantee {
            kind: CounterGuaranteeKind::Surety,
            description: "企业连带责任保证".into(),
            provider: firm.into(),
            collateral_value: None,
            minimum_stock: None,
            stock_unit: None,
            registration_no: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_file_is_written_once_with_the_demo_passphrase_and_then_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("演示").join("demo.sqlite3");
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert!(ensure_demo_file(&path, today).unwrap());
        let key = crate::store::DbKey::for_file(&path, DEMO_PASSPHRASE).unwrap();
        let store = Store::open(&path, crate::store::OpenMode::Existing, &key).unwrap();
        assert!(!store.is_empty().unwrap());
        drop(store);
        let before = std::fs::read(&path).unwrap();
        assert!(!ensure_demo_file(&path, today).unwrap());
        assert_eq!(std::fs::read(&path).unwrap(), before);
        // Another passphrase does not open it.
        let wrong = crate::store::DbKey::for_file(&path, "not-the-demo").unwrap();
        assert!(Store::open(&path, crate::store::OpenMode::Existing, &wrong).is_err());
    }

    #[test]
    fn credit_codes_carry_a_valid_check_character() {
        for i in 0..BORROWERS.len() {
            let code = credit_code(i, false);
            assert_eq!(code.chars().count(), 18, "{code}");
        }
        let codes: std::collections::HashSet<_> = (0..BORROWERS.len())
            .map(|i| credit_code(i, false))
            .collect();
        assert_eq!(codes.len(), BORROWERS.len(), "credit codes are unique");
    }

    #[test]
    fn every_scenario_names_a_real_borrower_and_signal_codes_exist() {
        let catalog = SignalCatalog::builtin();
        for sc in scenarios() {
            assert!(sc.borrower < BORROWERS.len());
        }
        for code in [
            "X03", "W08", "W36", "X04", "X02", "X01", "W07", "W01", "W20", "W31", "W21", "W03",
            "W05", "W34", "W45", "W06",
        ] {
            assert!(catalog.get(code).is_some(), "{code}");
        }
    }
}

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
