//! The key statement lines a visit records and the ratios computed from them (资产负债率, 流动比率,
//! 速动比率, 周转率), each set against the last visit that had it, with the direction of change.

use super::{FinancialFigure, FinancialMetric};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use FinancialMetric::*;

/// The lines an officer enters from the statements, in form order.
pub const INPUTS: &[FinancialMetric] = &[
    TotalAssets,
    TotalLiabilities,
    CurrentAssets,
    CurrentLiabilities,
    Inventory,
    AccountsReceivable,
    MonthlySales,
    MonthlyCostOfSales,
    MonthlyProfit,
    NetCashFlow,
];

/// The ratios, computed from the inputs.
pub const RATIOS: &[FinancialMetric] = &[
    DebtRatio,
    CurrentRatio,
    QuickRatio,
    InventoryTurnover,
    ReceivablesTurnover,
];

/// Which way a change went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Up,
    Down,
    Same,
    /// No earlier figure to compare with.
    New,
}

/// One line of the financial table: the value now, the last visit's, and whether the change is
/// for the better.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct FigureRow {
    pub metric: FinancialMetric,
    pub value: Option<Decimal>,
    pub previous: Option<Decimal>,
    pub trend: Trend,
    /// `Some(true)` when the change is good for the guarantee, `Some(false)` when bad.
    pub better: Option<bool>,
    /// A ratio computed here rather than entered.
    pub computed: bool,
    /// This visit's value less the last visit's (for a ratio: points).
    pub difference: Option<Decimal>,
    /// The difference as a share of the last visit's value, for an amount (a ratio's change
    /// reads as its difference in points).
    pub relative: Option<Decimal>,
}

fn get(list: &[FinancialFigure], m: FinancialMetric) -> Option<Decimal> {
    list.iter().find(|f| f.metric == m).map(|f| f.value)
}

fn div(a: Option<Decimal>, b: Option<Decimal>) -> Option<Decimal> {
    match (a, b) {
        (Some(a), Some(b)) if !b.is_zero() => a.checked_div(b),
        _ => None,
    }
}

/// The value of `m` from `figures`: entered, or computed from the inputs (2 decimals). An entered
/// ratio (older visits recorded them directly) is used when its inputs are missing.
pub fn value(figures: &[FinancialFigure], m: FinancialMetric) -> Option<Decimal> {
    let g = |m| get(figures, m);
    let twelve = Decimal::from(12);
    let computed = match m {
        DebtRatio => div(g(TotalLiabilities), g(TotalAssets)).map(|r| r * Decimal::ONE_HUNDRED),
        CurrentRatio => div(g(CurrentAssets), g(CurrentLiabilities)),
        QuickRatio => div(
            g(CurrentAssets).zip(g(Inventory)).map(|(a, i)| a - i),
            g(CurrentLiabilities),
        ),
        InventoryTurnover => div(g(MonthlyCostOfSales).map(|c| c * twelve), g(Inventory)),
        ReceivablesTurnover => div(g(MonthlySales).map(|s| s * twelve), g(AccountsReceivable)),
        _ => None,
    };
    computed
        .map(|v| v.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
        .or_else(|| g(m))
}

/// Whether a rise of `m` is good news for the guarantee.
pub fn higher_is_better(m: FinancialMetric) -> Option<bool> {
    match m {
        TotalLiabilities | CurrentLiabilities | DebtRatio | AccountsReceivable | Inventory => {
            Some(false)
        }
        TotalAssets | CurrentAssets | MonthlySales | MonthlyProfit | NetCashFlow | CurrentRatio
        | QuickRatio | InventoryTurnover | ReceivablesTurnover => Some(true),
        MonthlyCostOfSales => None,
    }
}

/// The table of inputs then ratios, now against the previous figures.
pub fn table(now: &[FinancialFigure], previous: &[FinancialFigure]) -> Vec<FigureRow> {
    INPUTS
        .iter()
        .chain(RATIOS)
        .map(|&metric| {
            let value = value(now, metric);
            let previous = value_if_any(previous, metric);
            let trend = match (value, previous) {
                (Some(v), Some(p)) if v > p => Trend::Up,
                (Some(v), Some(p)) if v < p => Trend::Down,
                (Some(_), Some(_)) => Trend::Same,
                _ => Trend::New,
            };
            let better = match trend {
                Trend::Up => higher_is_better(metric),
                Trend::Down => higher_is_better(metric).map(|b| !b),
                Trend::Same | Trend::New => None,
            };
            let computed = RATIOS.contains(&metric);
            let difference = value.zip(previous).map(|(v, p)| v - p);
            FigureRow {
                metric,
                value,
                previous,
                trend,
                better,
                computed,
                difference,
                relative: difference
                    .zip(previous)
                    .filter(|(_, p)| !computed && !p.is_zero())
                    .and_then(|(d, p)| d.checked_div(p.abs()))
                    .map(|r| r.round_dp(4)),
            }
        })
        .collect()
}

fn value_if_any(figures: &[FinancialFigure], m: FinancialMetric) -> Option<Decimal> {
    if figures.is_empty() {
        None
    } else {
        value(figures, m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn figs(list: &[(FinancialMetric, Decimal)]) -> Vec<FinancialFigure> {
        list.iter()
            .map(|&(metric, value)| FinancialFigure {
                metric,
                value,
                period: None,
            })
            .collect()
    }

    #[test]
    fn ratios_are_computed_from_the_statement_lines() {
        let now = figs(&[
            (TotalAssets, dec!(5200)),
            (TotalLiabilities, dec!(3380)),
            (CurrentAssets, dec!(2600)),
            (CurrentLiabilities, dec!(2000)),
            (Inventory, dec!(900)),
            (AccountsReceivable, dec!(720)),
            (MonthlySales, dec!(360)),
            (MonthlyCostOfSales, dec!(300)),
        ]);
        // (metric, expected): 3380/5200 = 65%; 2600/2000; (2600-900)/2000; 300*12/900; 360*12/720.
        for (m, expected) in [
            (DebtRatio, Some(dec!(65.00))),
            (CurrentRatio, Some(dec!(1.30))),
            (QuickRatio, Some(dec!(0.85))),
            (InventoryTurnover, Some(dec!(4.00))),
            (ReceivablesTurnover, Some(dec!(6.00))),
            (NetCashFlow, None),
        ] {
            assert_eq!(value(&now, m), expected, "{m:?}");
        }
        // Division by zero gives no ratio rather than an error.
        let zero = figs(&[(CurrentAssets, dec!(10)), (CurrentLiabilities, dec!(0))]);
        assert_eq!(value(&zero, CurrentRatio), None);
        // An older visit that recorded the ratio itself.
        let old = figs(&[(DebtRatio, dec!(58.5))]);
        assert_eq!(value(&old, DebtRatio), Some(dec!(58.5)));
    }

    #[test]
    fn the_table_says_which_way_each_line_moved_and_whether_that_is_good() {
        let before = figs(&[
            (TotalAssets, dec!(5000)),
            (TotalLiabilities, dec!(2900)),
            (MonthlyProfit, dec!(18)),
        ]);
        let now = figs(&[
            (TotalAssets, dec!(5000)),
            (TotalLiabilities, dec!(3400)),
            (MonthlyProfit, dec!(-4.5)),
        ]);
        let t = table(&now, &before);
        let row = |m| t.iter().find(|r| r.metric == m).unwrap();
        assert_eq!(row(TotalAssets).trend, Trend::Same);
        assert_eq!(
            (row(TotalLiabilities).trend, row(TotalLiabilities).better),
            (Trend::Up, Some(false))
        );
        assert_eq!(
            (row(MonthlyProfit).trend, row(MonthlyProfit).better),
            (Trend::Down, Some(false))
        );
        let debt = row(DebtRatio);
        assert_eq!(
            (debt.value, debt.previous),
            (Some(dec!(68.00)), Some(dec!(58.00)))
        );
        assert!(debt.computed && debt.better == Some(false));
        // The change against the last visit: an amount's as a share, a ratio's in points.
        assert_eq!(
            (
                row(TotalLiabilities).difference,
                row(TotalLiabilities).relative
            ),
            (Some(dec!(500)), Some(dec!(0.1724)))
        );
        // From a profit of 18 to a loss of 4.5: down by 125% of it.
        assert_eq!(row(MonthlyProfit).relative, Some(dec!(-1.25)));
        assert_eq!((debt.difference, debt.relative), (Some(dec!(10.00)), None));
        assert_eq!(row(TotalAssets).relative, Some(dec!(0)));
        assert_eq!(row(NetCashFlow).trend, Trend::New);
        assert_eq!(row(NetCashFlow).difference, None);
        assert_eq!(t.len(), INPUTS.len() + RATIOS.len());
        assert!(table(&now, &[]).iter().all(|r| r.trend == Trend::New));
    }
}
