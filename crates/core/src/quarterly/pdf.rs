//! The quarterly analysis report on A4: the guarantee, the quarter's visits, signals, figures and
//! stock counts, the officer's analysis and suggestion, and the boxes to sign; numbered, digested
//! and QR-coded on every page like the other documents.

use super::QuarterlyContent;
use crate::sealed::SealedContent;
use crate::sealed::form;
use crate::sealed::layout::{Align, Composer, Style};
use chrono::{DateTime, FixedOffset};

const BODY: Style = Style::regular(10.5);

/// Renders the report. Returns the PDF and its number of pages.
pub fn render(r: &QuarterlyContent, generated_at: DateTime<FixedOffset>) -> (Vec<u8>, usize) {
    let title = format!("{} 季度保后分析报告", r.quarter);
    let (doc, mut c) = form::start(
        "季度保后分析报告",
        &r.officer,
        &format!("{} · {title}", r.borrower),
        &r.document_no,
    );
    form::title(&mut c, &r.company, &title, &r.document_no, &r.digest());
    form::facts(
        &mut c,
        &[
            ("被担保人", r.borrower.clone()),
            ("委托担保合同编号", r.contract_no.clone()),
            ("贷款银行", r.lending_bank.clone()),
            ("担保品种", r.product.clone()),
            ("担保金额（元）", r.amount.grouped()),
            ("担保期限", format!("{} 至 {}", r.start, r.maturity)),
            ("报告期", format!("{} 至 {}", r.from, r.to)),
            ("分类", format!("{}；五级分类 {}", r.tier, r.class)),
            ("A角", r.officer.clone()),
            (
                "逾期情况（季末）",
                r.overdue.clone().unwrap_or_else(|| "无逾期".into()),
            ),
        ],
    );
    c.gap(10.0);

    let numerals = ["一", "二", "三", "四", "五", "六", "七"];
    let mut n = 0;
    let mut heading = |c: &mut Composer<'_>, text: &str| {
        c.heading(
            &format!("{}、{text}", numerals[n.min(numerals.len() - 1)]),
            40.0,
        );
        n += 1;
    };
    heading(&mut c, "本季度检查");
    if r.visits.is_empty() {
        c.paragraph("本季度无已完成的检查。", BODY, 0.0);
        c.gap(6.0);
    } else {
        form::text_table(
            &mut c,
            &[
                (0.13, Align::Left),
                (0.15, Align::Left),
                (0.1, Align::Left),
                (0.62, Align::Left),
            ],
            &["日期", "检查", "检查人", "检查表编号与结论"],
            r.visits
                .iter()
                .map(|v| {
                    vec![
                        v.date.to_string(),
                        format!("{}（{}）", v.kind, v.method),
                        v.officer.clone(),
                        format!(
                            "{}{}",
                            v.document_no
                                .as_deref()
                                .map(|n| format!("{n}\n"))
                                .unwrap_or_default(),
                            v.conclusion
                        ),
                    ]
                })
                .collect(),
        );
    }

    heading(&mut c, "预警信号");
    if r.signals.is_empty() {
        c.paragraph("本季度无预警信号。", BODY, 0.0);
        c.gap(6.0);
    } else {
        form::text_table(
            &mut c,
            &[
                (0.09, Align::Left),
                (0.5, Align::Left),
                (0.09, Align::Left),
                (0.16, Align::Left),
                (0.16, Align::Left),
            ],
            &["代码", "信号", "等级", "发现日", "解除"],
            r.signals
                .iter()
                .map(|s| {
                    vec![
                        s.code.clone(),
                        s.title.clone(),
                        s.severity.clone(),
                        s.found_on.to_string(),
                        s.resolved_on
                            .map(|d| d.to_string())
                            .unwrap_or_else(|| "未解除".into()),
                    ]
                })
                .collect(),
        );
    }

    heading(&mut c, "财务状况（本季最近一次与上季对比）");
    if r.figures.is_empty() {
        c.paragraph("本季度未取得财务数据。", BODY, 0.0);
        c.gap(6.0);
    } else {
        form::text_table(
            &mut c,
            &[
                (0.4, Align::Left),
                (0.2, Align::Right),
                (0.2, Align::Right),
                (0.2, Align::Right),
            ],
            &["指标", "本季", "上季", "变化"],
            r.figures
                .iter()
                .map(|f| {
                    // A ratio changes by points; an amount by its share.
                    let change = match f.before {
                        Some(b) if f.metric.contains('%') => {
                            format!("{:+} 个百分点", (f.this_quarter - b).round_dp(2))
                        }
                        Some(b) if !b.is_zero() => format!(
                            "{:+}%",
                            ((f.this_quarter - b) / b.abs() * rust_decimal::Decimal::from(100))
                                .round_dp(1)
                        ),
                        _ => "—".into(),
                    };
                    vec![
                        f.metric.clone(),
                        f.this_quarter.to_string(),
                        f.before
                            .map(|b| b.to_string())
                            .unwrap_or_else(|| "—".into()),
                        change,
                    ]
                })
                .collect(),
        );
    }

    if !r.counts.is_empty() {
        heading(&mut c, "质押存货盘点");
        form::text_table(
            &mut c,
            &[
                (0.18, Align::Left),
                (0.42, Align::Left),
                (0.2, Align::Right),
                (0.2, Align::Right),
            ],
            &["盘点日", "货物", "实盘", "最低库存"],
            r.counts
                .iter()
                .map(|n| {
                    vec![
                        n.date.to_string(),
                        n.goods.clone(),
                        format!("{}{}", n.counted, n.unit),
                        n.minimum
                            .map(|m| format!("{m}{}", n.unit))
                            .unwrap_or_else(|| "—".into()),
                    ]
                })
                .collect(),
        );
    }
    if !r.changes.is_empty() {
        heading(&mut c, "分类调整");
        for line in &r.changes {
            c.paragraph(line, BODY, 0.0);
        }
        c.gap(6.0);
    }

    heading(&mut c, "综合分析");
    c.paragraph(&r.analysis, BODY, 0.0);
    c.gap(8.0);
    heading(&mut c, "意见与建议");
    c.paragraph(&r.suggestion, BODY, 0.0);
    c.gap(10.0);

    let mut steps = vec!["项目经理（A角）".to_owned()];
    steps.extend(r.approvers.iter().cloned());
    form::approvals(&mut c, &steps);

    crate::sealed::furniture::stamp(
        &mut c,
        &format!("{} · {title} · {}", r.company, r.borrower),
        &r.document_no,
        &r.qr_payload(),
        generated_at,
    );
    form::finish(doc, c)
}
