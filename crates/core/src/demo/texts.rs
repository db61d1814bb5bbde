//! What the demo's officers wrote: conclusions, measures and the reasons of troubles.

use super::book::*;
use crate::visit::{FinancialFigure, FinancialMetric, InventoryLine, VisitMethod, WorkerInterview};
use Trouble as T;
use rust_decimal::Decimal;

pub(super) fn conclusion(
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

pub(super) fn measures(tier: u8, troubled: bool, trouble: Trouble) -> String {
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
