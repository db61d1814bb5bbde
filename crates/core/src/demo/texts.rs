//! What the demo's officers wrote: conclusions, measures and the reasons of troubles.

use super::book::*;
use crate::visit::{FinancialFigure, FinancialMetric, InventoryLine, VisitMethod, WorkerInterview};
use Trouble as T;
use rust_decimal::Decimal;

/// What an officer saw on the shop floor, in the market and in the office: each visit picks
/// other sentences (`variety` turns with every visit), so that a report is not the last one with
/// new figures (the near copy the evidence counts flag).
const PRODUCTION: [&str; 8] = [
    "三条生产线均在运转，车间现场秩序正常",
    "走访车间时二号线在检修，负责人称周末恢复",
    "新接一批外贸订单，车间安排两班倒生产",
    "厂区新增一台数控机床，已办理入账手续",
    "原材料到货及时，仓库收发记录完整可查",
    "企业正在筹备年底设备大修，停机计划已报备",
    "夜班开工情况良好，电表读数与产量相符",
    "现场查看了出货台账，近两周发货二十余车次",
];
const MARKET: [&str; 8] = [
    "主要客户订单稳定，回款周期约两个月",
    "与老客户续签了全年供货协议，价格小幅上调",
    "受行业淡季影响订单略有回落，企业已在开拓新渠道",
    "应收账款集中在前三大客户，账龄均在半年以内",
    "企业反映原材料价格上涨，毛利有所压缩",
    "新开发两家省外经销商，首批货款已经到账",
    "在贷款行的结算流水与销售规模基本匹配",
    "实际控制人表示明年计划扩产，资金安排尚在论证",
];
const OFFICE: [&str; 8] = [
    "财务负责人配合检查，按时提供了月度报表",
    "面谈实际控制人，了解其对外投资情况，无新增对外担保",
    "企业按时付息，贷款行无欠息记录",
    "水电费和社保缴纳正常，没有欠缴",
    "核对纳税申报表，与报表收入口径一致",
    "法定代表人外出参展，由常务副总接待检查",
    "企业新聘财务经理，内部核算较前规范",
    "查询征信与涉诉信息，未见新增负面记录",
];
const ROUTINE_END: [&str; 5] = [
    "综合判断企业经营正常，未发现预警信号",
    "总体风险可控，暂无需调整分类",
    "未见异常情况，按原计划安排下次检查",
    "本次检查未发现需要报告的事项",
    "与上次检查相比变化不大，继续按季跟踪",
];
const PHONE_CALL: [&str; 5] = [
    "电话联系财务负责人，了解本月销售与付息情况",
    "电话回访实际控制人，询问近期订单与回款",
    "致电企业办公室，核实工资发放及水电缴费情况",
    "电话联系出纳，核对本季度利息的支付时间",
    "与企业总经理通话，了解设备运行和用工情况",
];
const TROUBLE_FOLLOW: [&str; 6] = [
    "与上次检查相比情况未见好转",
    "企业已提交书面整改说明，尚待落实",
    "已当面约谈实际控制人，要求限期说明",
    "向贷款行核实了账户流水，资金回笼偏慢",
    "同行业上下游反映该企业近期付款拖延",
    "企业称正在引入新的合作方，尚无书面协议",
];

/// A routine answer to a checklist item, in one of the ways officers word it: visits in a row
/// word it differently.
pub(super) fn routine_answer(code: &str, variety: usize) -> &'static str {
    let pool: &[&str] = match code {
        "A01" => &[
            "现场开工正常，主要设备运转良好",
            "生产正常，订单排产到下月中旬",
            "车间满负荷运行，未见停工迹象",
            "开工率与上次相当，用电量平稳",
        ],
        "A02" => &[
            "主要客户和供应商稳定，无重大变化",
            "前五大客户未变，采购渠道稳定",
            "新增一家区域经销商，原有客户照常下单",
            "供应商付款账期未变，客户结构稳定",
        ],
        "A03" => &[
            "经查询裁判文书网、信用中国，未发现新增诉讼和行政处罚",
            "查询执行信息公开网，无被执行记录",
            "企业称无经济纠纷，网上查询亦未见新案件",
            "环保、安监近期检查均已通过，无处罚",
        ],
        "B01" => &[
            "股权结构和管理层无变化，实际控制人在厂主持经营",
            "高管团队稳定，本季度无人员离职",
            "实际控制人日常在厂，经营决策未变",
            "工商登记信息与上次一致，无股权变更",
        ],
        "B02" => &[
            "配合检查，按时付息，还款意愿良好",
            "主动提供资料，对检查意见及时回复",
            "态度积极，已按约定报送报表",
            "与我司保持正常沟通，无拖延",
        ],
        "C01" => &[
            "资产负债结构基本稳定，无新增大额负债",
            "负债规模与上季度持平，无新增贷款",
            "固定资产略有增加，系设备更新",
            "未见对外投资或新增担保",
        ],
        "C02" => &[
            "销售回款正常，银行流水与报表销售收入基本匹配",
            "本季回款率较高，应收账款有所下降",
            "利润与去年同期相近，回款及时",
            "结算账户流水充足，付息资金有保障",
        ],
        "D01" => &[
            "保证人经营正常，个人资产未见明显减少",
            "反担保人名下房产未见抵押变化",
            "保证企业运转正常，无重大负债",
            "电话核实保证人情况，未见异常",
        ],
        "D02" => &[
            "抵押厂房正常使用，未见出租、查封",
            "抵押物现场无变化，产权证原件由我司保管",
            "抵押房产状况良好，周边同类房价平稳",
            "实地查看抵押物，使用人仍为企业本身",
        ],
        "D02-pledge" => &[
            "质押存货单独堆放，有标识牌，已与账面核对（见盘点表）",
            "监管员在岗，出入库单据齐全（见盘点表）",
            "质押物堆放整齐，抽查两垛与账面一致（见盘点表）",
            "质押存货未与其他货物混放，盘点结果见盘点表",
        ],
        "E01" => &[
            "未发现赌博、高消费等异常，家庭情况稳定",
            "实际控制人生活作风正常，无不良传闻",
            "邻近企业反映其为人稳重，无异常",
            "未见个人大额消费或对外借款",
        ],
        _ => &["正常"],
    };
    let offset = code.bytes().map(usize::from).sum::<usize>();
    pool[(variety + offset) % pool.len()]
}

/// The `n`th of a pool as the visits turn: consecutive visits never pick the same sentence.
fn pick<'a>(pool: &[&'a str], variety: usize, step: usize, offset: usize) -> &'a str {
    pool[(variety * step + offset) % pool.len()]
}

pub(super) fn conclusion(
    inventory: &[InventoryLine],
    interviews: &[WorkerInterview],
    financials: &[FinancialFigure],
    troubled: bool,
    trouble: Trouble,
    method: VisitMethod,
    variety: usize,
) -> String {
    if method == VisitMethod::Phone {
        return format!(
            "{}；{}。{}，下次实地检查按计划进行。",
            pick(&PHONE_CALL, variety, 1, 0),
            pick(&OFFICE, variety, 3, 1),
            pick(&ROUTINE_END, variety, 2, 2)
        );
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
    let seen = [
        pick(&PRODUCTION, variety, 1, 0),
        pick(&MARKET, variety, 3, 5),
        pick(&OFFICE, variety, 5, 2),
    ];
    if troubled {
        parts.push(seen[variety % 3].to_owned());
        format!(
            "本次实地检查：{}。{}；{}，已列为重点关注，需持续跟踪。",
            parts.join("；"),
            pick(&TROUBLE_FOLLOW, variety, 1, 0),
            trouble_reason(trouble)
        )
    } else {
        parts.extend(seen.iter().map(|s| (*s).to_owned()));
        format!(
            "本次实地检查：{}。{}。",
            parts.join("；"),
            pick(&ROUTINE_END, variety, 2, 0)
        )
    }
}

pub(super) fn measures(tier: u8, troubled: bool, trouble: Trouble, variety: usize) -> String {
    if troubled {
        let then = [
            "下次检查核对落实情况",
            "一周内电话跟进一次",
            "结果书面报部门经理",
        ][variety % 3];
        let step = match trouble {
            T::PledgeShortfall => {
                "要求企业3个工作日内补足质押物，监管方每日报送库存；未补足前暂停新开承兑"
            }
            T::WageArrears => {
                "报告部门经理；核查企业在贷款行存款及回款；要求实际控制人书面说明工资发放计划"
            }
            T::Stoppage => "已报告总经理；启动代偿预案，清点反担保财产",
            _ => "报告部门经理，缩短检查间隔，每月实地检查一次",
        };
        format!("{step}。{then}。")
    } else {
        let keep = match tier {
            1 => "维持一类管理，按半年实地检查",
            2 => "维持二类管理，按季实地检查",
            3 => "维持三类管理，按月实地检查",
            _ => "维持四类管理，不定期检查",
        };
        let watch = [
            "请企业按月报送财务报表",
            "关注应收账款回收",
            "留意原材料价格变化对毛利的影响",
            "跟踪新订单的执行与回款",
            "核实下季度的用工安排",
        ][variety % 5];
        format!("{keep}；下次{watch}。")
    }
}

pub(super) fn trouble_reason(trouble: Trouble) -> &'static str {
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
