//! The demo's book: its officers, borrowers and cities, the scenarios written out (who borrowed
//! what, which troubles came), and the numbers they are written with.

use crate::money::Money;
use crate::portfolio::{
    CounterGuaranteeKind, FiveLevelClass, GuaranteeStatus, NewCounterGuarantee, Product,
};
use rust_decimal::Decimal;

pub(super) const OFFICERS: &[(&str, &str, &str, &str)] = &[
    ("E1001", "张伟", "业务一部", "138 5730 1001"),
    ("E1002", "李娜", "业务一部", "138 5730 1002"),
    ("E1003", "王强", "业务二部", "139 5730 1003"),
    ("E1004", "刘洋", "业务二部", "139 5730 1004"),
    ("E1005", "陈静", "风控部", "137 5730 1005"),
];

/// (name, industry, legal representative, city index, employees, main products)
pub(super) const BORROWERS: &[(&str, &str, &str, usize, u32, &str)] = &[
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
pub(super) const CITIES: &[(&str, &str, &str, &[&str])] = &[
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
pub(super) struct Scenario {
    pub(super) borrower: usize,
    pub(super) product: Product,
    pub(super) amount_wan: i64,
    pub(super) start_days_ago: i64,
    pub(super) term_months: u32,
    pub(super) tier: u8,
    pub(super) class: FiveLevelClass,
    pub(super) status: GuaranteeStatus,
    pub(super) officer: usize,
    pub(super) counter: &'static [Counter],
    pub(super) trouble: Trouble,
    /// Visits stopped this many days before today (work gone overdue).
    pub(super) visits_stop_days_ago: Option<i64>,
}

#[derive(Clone, Copy)]
pub(super) enum Counter {
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
pub(super) enum Trouble {
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
pub(super) fn scenarios() -> Vec<Scenario> {
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

pub(super) fn wan(n: i64) -> Money {
    Money::from_wan(Decimal::from(n)).expect("demo amounts are whole 万元")
}

pub(super) fn dec(text: &str) -> Decimal {
    text.parse().expect("demo decimals are well formed")
}

/// The usual interval between routine visits for a tier, in days (the demo's own rhythm; the
/// rules engine reads the real one from the policy).
pub(super) fn rhythm_days(tier: u8) -> i64 {
    match tier {
        1 => 182,
        2 => 91,
        3 => 30,
        _ => 15,
    }
}

pub(super) fn finance_contact(i: usize) -> &'static str {
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
pub(super) fn credit_code(i: usize, individual: bool) -> String {
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

pub(super) fn counter_guarantee(c: Counter, borrower: &str, owner: &str) -> NewCounterGuarantee {
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
