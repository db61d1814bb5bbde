//! Signals the entered facts raise by themselves: a stock count off the books, pledged goods
//! under their minimum, workers owed wages, and the financial turns of seed 004 (sales up but
//! profit down, negative cash flow, turned to loss, liabilities over assets). Thresholds come
//! from the policy; the evidence states the figures so the report shows why.

use crate::policy::Policy;
use crate::visit::{FinancialFigure, FinancialMetric, InventoryLine, WorkerInterview};
use rust_decimal::Decimal;

/// What a visit recorded, and the financial figures of the visit before it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Observations<'a> {
    pub inventory: &'a [InventoryLine],
    pub interviews: &'a [WorkerInterview],
    pub financials: &'a [FinancialFigure],
    pub previous_financials: &'a [FinancialFigure],
}

/// A signal the facts raise: its catalogue code and the evidence, in Chinese, with figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detected {
    pub code: &'static str,
    pub evidence: String,
}

fn pct(x: Decimal) -> String {
    format!("{}%", (x * Decimal::ONE_HUNDRED).round_dp(1).normalize())
}

fn figure(list: &[FinancialFigure], m: FinancialMetric) -> Option<Decimal> {
    list.iter().find(|f| f.metric == m).map(|f| f.value)
}

/// The change of `now` against `base` as a share of `base` (None when base is 0).
fn change(now: Decimal, base: Decimal) -> Option<Decimal> {
    (!base.is_zero()).then(|| ((now - base) / base).abs())
}

/// Every signal the observations raise under `policy`, in catalogue order.
pub fn detect(obs: &Observations<'_>, policy: &Policy) -> Vec<Detected> {
    let mut out = Vec::new();
    let threshold = policy.stock.variance_threshold;
    for line in obs.inventory {
        let n = line.counted_quantity.normalize();
        let u = &line.unit;
        let goods = &line.goods_name;
        if let Some(c) =
            change(line.counted_quantity, line.book_quantity).filter(|c| *c > threshold)
        {
            out.push(Detected {
                code: "X01",
                evidence: format!(
                    "{goods}实盘 {n}{u}，账面 {}{u}，差异 {}，超过 {}",
                    line.book_quantity.normalize(),
                    pct(c),
                    pct(threshold)
                ),
            });
        } else if let Some((last, c)) = line
            .last_count_quantity
            .and_then(|last| change(line.counted_quantity, last).map(|c| (last, c)))
            .filter(|(_, c)| *c > threshold)
        {
            out.push(Detected {
                code: "X01",
                evidence: format!(
                    "{goods}实盘 {n}{u}，上次盘点 {}{u}，变化 {}，超过 {}",
                    last.normalize(),
                    pct(c),
                    pct(threshold)
                ),
            });
        }
        if let Some(min) = line.pledged_minimum.filter(|m| line.counted_quantity < *m) {
            out.push(Detected {
                code: "X02",
                evidence: format!(
                    "{goods}实盘 {n}{u}，低于质押最低库存量 {}{u}",
                    min.normalize()
                ),
            });
        }
    }
    // Seed 000 "发生大面积严重拖欠职工工资": arrears of the policy's months (严重) reported by its
    // share of the workers interviewed (大面积).
    let months = policy.signals.wage_arrears_months;
    let owed: Vec<&WorkerInterview> = obs
        .interviews
        .iter()
        .filter(|i| i.months_in_arrears >= months.max(1) || (!i.wages_paid_on_time && months <= 1))
        .collect();
    let widespread = !owed.is_empty()
        && Decimal::from(owed.len() as u64)
            >= Decimal::from(obs.interviews.len() as u64) * policy.wage_arrears_share();
    if widespread {
        let worst = owed.iter().map(|i| i.months_in_arrears).max().unwrap_or(0);
        out.push(Detected {
            code: "X03",
            evidence: format!(
                "随机访谈 {} 名工人中 {} 人反映工资未按时发放，最长拖欠 {worst} 个月（{}）",
                obs.interviews.len(),
                owed.len(),
                owed.iter()
                    .map(|i| i.role.as_str())
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        });
    }
    let layoffs = obs.interviews.iter().filter(|i| i.layoffs_seen).count();
    if layoffs > 0 {
        out.push(Detected {
            code: "X04",
            evidence: format!("{layoffs} 名受访工人反映近期裁员或停工"),
        });
    }
    let moved = obs
        .interviews
        .iter()
        .filter(|i| i.equipment_moved_out)
        .count();
    if moved > 0 {
        out.push(Detected {
            code: "X05",
            evidence: format!("{moved} 名受访工人反映生产设备被运出厂区"),
        });
    }

    let now = |m| figure(obs.financials, m);
    let before = |m| figure(obs.previous_financials, m);
    use FinancialMetric::*;
    if policy.signals.sales_up_profit_down
        && let (Some(s1), Some(s0), Some(p1), Some(p0)) = (
            now(MonthlySales),
            before(MonthlySales),
            now(MonthlyProfit),
            before(MonthlyProfit),
        )
        && s1 > s0
        && p1 < p0
    {
        out.push(Detected {
            code: "W06",
            evidence: format!(
                "月销售收入 {} → {} 万元，月利润 {} → {} 万元",
                s0.normalize(),
                s1.normalize(),
                p0.normalize(),
                p1.normalize()
            ),
        });
    }
    // Seed 004 item 8 "净现金流量大量减少或出现负值".
    if policy.signals.negative_net_cash_flow
        && let Some(c) = now(NetCashFlow)
    {
        let fall = policy.cash_flow_fall();
        if c.is_sign_negative() && !c.is_zero() {
            out.push(Detected {
                code: "W08",
                evidence: format!("经营活动净现金流 {} 万元，为负值", c.normalize()),
            });
        } else if let Some(c0) = before(NetCashFlow).filter(|c0| *c0 > Decimal::ZERO)
            && (c0 - c) / c0 > fall
        {
            out.push(Detected {
                code: "W08",
                evidence: format!(
                    "经营活动净现金流由 {} 万元减少到 {} 万元，减少 {}，超过 {}",
                    c0.normalize(),
                    c.normalize(),
                    pct((c0 - c) / c0),
                    pct(fall)
                ),
            });
        }
    }
    // Seed 004 item 12 "转盈为亏,亏损额呈逐步增加的趋势": a loss larger than the last visit's loss.
    if policy.signals.turned_to_loss
        && let (Some(p1), Some(p0)) = (now(MonthlyProfit), before(MonthlyProfit))
        && p0 < Decimal::ZERO
        && p1 < p0
    {
        out.push(Detected {
            code: "W12",
            evidence: format!(
                "月亏损由 {} 万元增加到 {} 万元",
                (-p0).normalize(),
                (-p1).normalize()
            ),
        });
    }
    if policy.signals.liabilities_over_assets
        && let (Some(a), Some(l)) = (now(TotalAssets), now(TotalLiabilities))
        && l > a
    {
        out.push(Detected {
            code: "W13",
            evidence: format!(
                "负债总额 {} 万元超过资产总额 {} 万元，资不抵债",
                l.normalize(),
                a.normalize()
            ),
        });
    }
    out.sort_by_key(|d| (d.code.starts_with('X'), d.code));
    out
}

/// A warehouse report of pledged goods under their minimum.
pub fn detect_stock_report(
    goods: &str,
    unit: &str,
    quantity: Decimal,
    minimum: Decimal,
) -> Option<Detected> {
    (quantity < minimum).then(|| Detected {
        code: "X02",
        evidence: format!(
            "{goods}库存报告 {}{unit}，低于质押最低库存量 {}{unit}",
            quantity.normalize(),
            minimum.normalize()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signals::SignalCatalog;
    use rust_decimal_macros::dec;

    fn line(
        book: Decimal,
        counted: Decimal,
        last: Option<Decimal>,
        min: Option<Decimal>,
    ) -> InventoryLine {
        InventoryLine {
            goods_name: "螺纹钢".into(),
            unit: "吨".into(),
            book_quantity: book,
            counted_quantity: counted,
            last_count_quantity: last,
            pledged_minimum: min,
            note: None,
        }
    }

    fn worker(paid: bool, months: u32) -> WorkerInterview {
        WorkerInterview {
            role: "车间操作工".into(),
            years_at_firm: Some(3),
            wages_paid_on_time: paid,
            months_in_arrears: months,
            shifts_per_day: Some(2),
            orders_on_hand: None,
            layoffs_seen: false,
            equipment_moved_out: false,
            notes: None,
        }
    }

    fn fig(m: FinancialMetric, v: Decimal) -> FinancialFigure {
        FinancialFigure {
            metric: m,
            value: v,
            period: None,
        }
    }

    fn codes(obs: &Observations<'_>) -> Vec<&'static str> {
        detect(obs, &Policy::builtin())
            .into_iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn stock_variance_is_raised_only_beyond_the_threshold() {
        // (book, counted, last count, pledged minimum, expected codes)
        let table = [
            (dec!(1000), dec!(800), None, None, vec![]),
            (dec!(1000), dec!(799), None, None, vec!["X01"]),
            (dec!(1000), dec!(1201), None, None, vec!["X01"]),
            (dec!(1000), dec!(1000), Some(dec!(700)), None, vec!["X01"]),
            (
                dec!(1000),
                dec!(950),
                Some(dec!(900)),
                Some(dec!(960)),
                vec!["X02"],
            ),
            (dec!(0), dec!(0), None, Some(dec!(10)), vec!["X02"]),
        ];
        for (book, counted, last, min, expected) in table {
            let inv = [line(book, counted, last, min)];
            let obs = Observations {
                inventory: &inv,
                ..Default::default()
            };
            assert_eq!(codes(&obs), expected, "{book} {counted} {last:?} {min:?}");
        }
        let inv = [line(dec!(1000), dec!(700), None, None)];
        let d = detect(
            &Observations {
                inventory: &inv,
                ..Default::default()
            },
            &Policy::builtin(),
        );
        assert_eq!(
            d[0].evidence,
            "螺纹钢实盘 700吨，账面 1000吨，差异 30%，超过 20%"
        );
    }

    #[test]
    fn the_threshold_is_the_policys() {
        let text = crate::policy::DEFAULT_POLICY_TOML.replace(
            "variance_threshold = \"20%\"",
            "variance_threshold = \"10%\"",
        );
        let policy = Policy::from_toml(&text, "p").unwrap();
        let inv = [line(dec!(1000), dec!(850), None, None)];
        let obs = Observations {
            inventory: &inv,
            ..Default::default()
        };
        assert_eq!(detect(&obs, &policy)[0].code, "X01");
        assert!(codes(&obs).is_empty());
    }

    #[test]
    fn wages_owed_to_a_share_of_the_workers_raise_x03_and_one_worker_is_a_fact() {
        // Seed 000 "发生大面积严重拖欠职工工资": the policy's 50% of the workers interviewed.
        fn interviews(list: &[WorkerInterview]) -> Observations<'_> {
            Observations {
                interviews: list,
                ..Default::default()
            }
        }
        let one = [worker(true, 0), worker(false, 2), worker(true, 0)];
        assert!(
            codes(&interviews(&one)).is_empty(),
            "one of three is a fact"
        );
        let two = [worker(true, 0), worker(false, 2), worker(false, 0)];
        let d = detect(&interviews(&two), &Policy::builtin());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "X03");
        assert_eq!(
            d[0].evidence,
            "随机访谈 3 名工人中 2 人反映工资未按时发放，最长拖欠 2 个月（车间操作工、车间操作工）"
        );
        // The share is the company's.
        let text = crate::policy::DEFAULT_POLICY_TOML.replace(
            "wage_arrears_share = \"50%\"",
            "wage_arrears_share = \"30%\"",
        );
        let policy = Policy::from_toml(&text, "p").unwrap();
        assert_eq!(detect(&interviews(&one), &policy)[0].code, "X03");
        // A policy written before the share existed takes the shipped one's.
        let text = crate::policy::DEFAULT_POLICY_TOML.replace("wage_arrears_share = \"50%\"\n", "");
        let policy = Policy::from_toml(&text, "p").unwrap();
        assert_eq!(policy.wage_arrears_share(), dec!(0.5));
    }

    #[test]
    fn financial_turns_raise_their_signals() {
        use FinancialMetric::*;
        let obs = |now: &[FinancialFigure], before: &[FinancialFigure]| {
            detect(
                &Observations {
                    financials: now,
                    previous_financials: before,
                    ..Default::default()
                },
                &Policy::builtin(),
            )
        };
        let before = [fig(MonthlySales, dec!(320)), fig(MonthlyProfit, dec!(18))];
        let now = [
            fig(MonthlySales, dec!(360)),
            fig(MonthlyProfit, dec!(-4.5)),
            fig(NetCashFlow, dec!(-12)),
            fig(TotalAssets, dec!(5200)),
            fig(TotalLiabilities, dec!(5350)),
        ];
        let codes = |d: Vec<Detected>| d.into_iter().map(|d| d.code).collect::<Vec<_>>();
        // The first month of loss is no W12 (004 item 12: "亏损额呈逐步增加").
        assert_eq!(codes(obs(&now, &before)), ["W06", "W08", "W13"]);
        // A loss that grows from one visit to the next is.
        let losing = [fig(MonthlyProfit, dec!(-4.5))];
        let more = [fig(MonthlyProfit, dec!(-9))];
        let d = obs(&more, &losing);
        assert_eq!(codes(d.clone()), ["W12"]);
        assert_eq!(d[0].evidence, "月亏损由 4.5 万元增加到 9 万元");
        assert!(obs(&losing, &more).is_empty(), "a shrinking loss");
        // W08 (004 item 8 "净现金流量大量减少或出现负值"): a fall over the policy's 50%.
        let flow = |v| [fig(NetCashFlow, v)];
        let d = obs(&flow(dec!(40)), &flow(dec!(100)));
        assert_eq!(codes(d.clone()), ["W08"]);
        assert_eq!(
            d[0].evidence,
            "经营活动净现金流由 100 万元减少到 40 万元，减少 60%，超过 50%"
        );
        assert!(obs(&flow(dec!(60)), &flow(dec!(100))).is_empty());
        assert!(obs(&flow(dec!(0)), &flow(dec!(-5))).is_empty());
        let calm = [
            fig(MonthlySales, dec!(300)),
            fig(MonthlyProfit, dec!(17)),
            fig(NetCashFlow, dec!(0)),
        ];
        assert!(obs(&calm, &before).is_empty());
    }

    #[test]
    fn every_code_raised_is_in_the_catalogue() {
        let catalog = SignalCatalog::builtin();
        for code in [
            "X01", "X02", "X03", "X04", "X05", "W06", "W08", "W12", "W13",
        ] {
            assert!(catalog.get(code).is_some(), "{code}");
        }
        assert!(detect_stock_report("瓦楞原纸", "吨", dec!(480), dec!(520)).is_some());
        assert!(detect_stock_report("瓦楞原纸", "吨", dec!(520), dec!(520)).is_none());
    }
}
