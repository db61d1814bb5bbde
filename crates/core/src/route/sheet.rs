//! 今日路线 on one A4 sheet: the day's stops in the officer's order, each with its address, its
//! contact and what brings the officer there, the leg to it and the way back, set as the other
//! documents are (`sealed::form`). A working sheet: not numbered, not recorded.

use super::{DayRoute, LegFigures};
use crate::evidence::place::distance_zh;
use crate::sealed::form;
use crate::sealed::layout::{Align, Style};
use chrono::{DateTime, FixedOffset};

/// A leg as the sheet prints it: "56 公里 · 约 1 小时 24 分".
pub fn leg_text(leg: Option<LegFigures>) -> String {
    match leg {
        Some(l) => format!("{} · 约 {}", distance_zh(l.metres), minutes_zh(l.minutes)),
        None => "无登记坐标，无法估算".into(),
    }
}

/// "45 分", "1 小时 24 分", "2 小时".
pub fn minutes_zh(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} 分钟"),
        (h, 0) => format!("{h} 小时"),
        (h, m) => format!("{h} 小时 {m} 分"),
    }
}

/// Renders the sheet. Returns the PDF and its number of pages.
pub fn render(
    route: &DayRoute,
    company: &str,
    officer: &str,
    generated_at: DateTime<FixedOffset>,
) -> (Vec<u8>, usize) {
    let title = format!("今日路线 · {}", route.day);
    let (doc, mut c) = form::start("今日路线", officer, &title, &route.day.to_string());
    form::company_and_title(&mut c, company, &title);
    let order = if route.suggested && route.exact {
        "建议顺序（往返最短）"
    } else if route.suggested {
        "建议顺序（往返较短）"
    } else {
        "检查人员调整后的顺序"
    };
    c.paragraph(
        &format!(
            "{who}从{office}出发，依次检查 {n} 家，返回{office}。{order}；全程约 {dist}，行车约 {time}{unplaced}。",
            who = if officer.is_empty() {
                String::new()
            } else {
                format!("检查人员 {officer}：")
            },
            office = route.office,
            n = route.stops.len(),
            dist = distance_zh(route.total_metres),
            time = minutes_zh(route.total_minutes),
            unplaced = if route.unplaced > 0 {
                format!("（{} 家无登记坐标，未计入）", route.unplaced)
            } else {
                String::new()
            },
        ),
        Style::regular(10.5),
        0.0,
    );
    c.gap(6.0);
    let mut rows: Vec<Vec<String>> = route
        .stops
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let tasks = s
                .tasks
                .iter()
                .map(|t| format!("{} {}（{}到期）", t.kind_label, t.contract_no, t.due))
                .collect::<Vec<_>>()
                .join("\n");
            vec![
                format!("{}", i + 1),
                format!(
                    "{}{}\n{}",
                    s.borrower,
                    if s.overdue { "（已逾期）" } else { "" },
                    s.address.as_deref().unwrap_or("地址未登记")
                ),
                format!(
                    "{}\n{}",
                    s.contact_name.as_deref().unwrap_or("联系人未登记"),
                    s.contact_phone.as_deref().unwrap_or("")
                ),
                tasks,
                leg_text(s.leg),
                "□".into(),
            ]
        })
        .collect();
    if !route.stops.is_empty() {
        rows.push(vec![
            String::new(),
            format!("返回{}", route.office),
            String::new(),
            String::new(),
            leg_text(route.back),
            String::new(),
        ]);
    }
    form::text_table(
        &mut c,
        &[
            (0.05, Align::Center),
            (0.31, Align::Left),
            (0.17, Align::Left),
            (0.24, Align::Left),
            (0.17, Align::Left),
            (0.06, Align::Center),
        ],
        &[
            "序",
            "被担保人 · 地址",
            "联系人 · 电话",
            "检查事项",
            "本段路程",
            "已到",
        ],
        rows,
    );
    c.paragraph(
        &format!(
            "路程按登记坐标间直线距离 × 道路系数 {factor}、平均车速 {speed} 公里/小时估算，未计停留时间；实际以路况为准。生成于 {at}。",
            factor = route.road_factor,
            speed = route.speed_kmh,
            at = generated_at.format("%Y-%m-%d %H:%M"),
        ),
        Style::regular(8.0).grey(0.35),
        0.0,
    );
    form::finish(doc, c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legs_and_times_read_as_people_say_them() {
        assert_eq!(minutes_zh(0), "0 分钟");
        assert_eq!(minutes_zh(45), "45 分钟");
        assert_eq!(minutes_zh(60), "1 小时");
        assert_eq!(minutes_zh(84), "1 小时 24 分");
        assert_eq!(
            leg_text(Some(LegFigures {
                metres: 56_300,
                minutes: 84
            })),
            format!("{} · 约 1 小时 24 分", distance_zh(56_300))
        );
        assert_eq!(leg_text(None), "无登记坐标，无法估算");
    }
}
