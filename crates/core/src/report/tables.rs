//! The 保后检查表's tables: the header block, the checklist by section, the stock count, the
//! interviews, the figures against the last visit and the signals.

use super::content::ReportContent;
use super::styles::*;
use crate::sealed::layout::{Align, CONTENT_WIDTH, Cell, Column, Composer, MARGIN_X, Style};

pub(super) fn header_block(c: &mut Composer<'_>, r: &ReportContent) {
    let h = &r.header;
    let label = |t: &str| Cell::new(t, CELL_BOLD).shaded(0.95);
    let value = |t: String| Cell::new(t, CELL);
    let date = |d: chrono::NaiveDate| d.format("%Y年%m月%d日").to_string();
    let rows = vec![
        vec![
            label("委托担保合同编号"),
            value(h.contract_no.clone()),
            label("借款人"),
            value(h.borrower.clone()),
        ],
        vec![
            label("统一社会信用代码"),
            value(h.credit_code.clone().unwrap_or_default()),
            label("贷款银行"),
            value(h.bank.clone()),
        ],
        vec![
            label("担保品种"),
            value(h.product.clone()),
            label("担保金额"),
            value(format!("{} 元（{} 万元）", h.amount_yuan, h.amount_wan)),
        ],
        vec![
            label("担保起始日"),
            value(date(h.start_date)),
            label("担保到期日"),
            value(date(h.maturity_date)),
        ],
        vec![
            label("风险分类"),
            value(h.tier.clone()),
            label("五级分类"),
            value(h.five_level_class.clone()),
        ],
        vec![
            label("A角"),
            value(h.officer_a.clone()),
            label("B角"),
            value(h.officer_b.clone().unwrap_or_else(|| "—".to_owned())),
        ],
        vec![
            label("检查日期"),
            value(date(h.visit_date)),
            label("检查类型"),
            value(h.kind.clone()),
        ],
        vec![
            label("检查方式"),
            value(h.method.clone()),
            label("检查人员"),
            value(h.visit_officer.clone()),
        ],
        vec![
            label("保后管理制度版本"),
            value(h.policy_version.clone().unwrap_or_else(|| "—".to_owned())),
            label("检查表模板版本"),
            value(h.template_version.clone().unwrap_or_else(|| "—".to_owned())),
        ],
    ];
    let w = CONTENT_WIDTH;
    let columns = [
        Column {
            width: w * 0.18,
            align: Align::Left,
        },
        Column {
            width: w * 0.32,
            align: Align::Left,
        },
        Column {
            width: w * 0.16,
            align: Align::Left,
        },
        Column {
            width: w * 0.34,
            align: Align::Left,
        },
    ];
    let (first, rest) = rows.split_first().expect("rows");
    c.table(&columns, first, rest);
    c.gap(10.0);
}

pub(super) fn columns(spec: &[(f32, Align)]) -> Vec<Column> {
    let total: f32 = spec.iter().map(|s| s.0).sum();
    spec.iter()
        .map(|&(share, align)| Column {
            width: CONTENT_WIDTH * share / total,
            align,
        })
        .collect()
}

pub(super) fn header(titles: &[&str]) -> Vec<Cell> {
    titles.iter().map(|t| Cell::new(*t, HEAD)).collect()
}

pub(super) fn checklist(c: &mut Composer<'_>, r: &ReportContent) {
    c.heading("一、检查事项", 60.0);
    let cols = columns(&[
        (8.0, Align::Center),
        (36.0, Align::Left),
        (16.0, Align::Left),
        (40.0, Align::Left),
    ]);
    for section in &r.sections {
        c.ensure(50.0);
        c.text_at(
            MARGIN_X,
            c.y + 10.0,
            &section.title,
            Style::bold(10.0),
            Align::Left,
        );
        c.gap(15.0);
        let rows: Vec<Vec<Cell>> = section
            .items
            .iter()
            .map(|a| {
                let answer = if a.answer.is_empty() {
                    "（未答）".to_owned()
                } else {
                    a.answer.clone()
                };
                if a.in_words && !a.answer.is_empty() {
                    // Facts in words read best across the wide column.
                    let words = if a.note.is_empty() {
                        a.answer.clone()
                    } else {
                        format!("{}\n{}", a.answer, a.note)
                    };
                    return vec![
                        Cell::new(a.code.clone(), CELL),
                        Cell::new(a.question.clone(), CELL),
                        Cell::new("见情况说明", CELL.grey(0.4)),
                        Cell::new(words, CELL),
                    ];
                }
                let answer_cell = if a.abnormal {
                    Cell::new(format!("{answer}（异常）"), CELL_BOLD).shaded(0.85)
                } else {
                    Cell::new(answer, CELL)
                };
                vec![
                    Cell::new(a.code.clone(), CELL),
                    Cell::new(a.question.clone(), CELL),
                    answer_cell,
                    Cell::new(a.note.clone(), CELL),
                ]
            })
            .collect();
        c.table(
            &cols,
            &header(&["编号", "检查事项", "检查结果", "情况说明（所见事实）"]),
            &rows,
        );
        c.gap(8.0);
    }
}

pub(super) fn inventory(c: &mut Composer<'_>, r: &ReportContent) {
    c.heading("二、库存盘点", 50.0);
    if r.inventory.is_empty() {
        c.paragraph("本次未盘点库存。", BODY, 0.0);
        c.gap(8.0);
        return;
    }
    let cols = columns(&[
        (20.0, Align::Left),
        (6.0, Align::Center),
        (11.0, Align::Right),
        (11.0, Align::Right),
        (9.0, Align::Right),
        (11.0, Align::Right),
        (9.0, Align::Right),
        (11.0, Align::Right),
        (12.0, Align::Left),
    ]);
    let rows: Vec<Vec<Cell>> = r
        .inventory
        .iter()
        .map(|l| {
            let flag = |on: bool, t: Option<String>| {
                let t = t.unwrap_or_else(|| "—".to_owned());
                if on {
                    Cell::new(t, CELL_BOLD).shaded(0.85)
                } else {
                    Cell::new(t, CELL)
                }
            };
            let mut marks = Vec::new();
            if l.over_threshold {
                marks.push("变动超阈值");
            }
            if l.under_minimum {
                marks.push("低于最低库存");
            }
            let goods = if l.note.is_empty() {
                l.goods.clone()
            } else {
                format!("{}\n备注：{}", l.goods, l.note)
            };
            vec![
                Cell::new(goods, CELL),
                Cell::new(l.unit.clone(), CELL),
                Cell::new(l.book.clone(), CELL),
                Cell::new(l.counted.clone(), CELL),
                flag(l.over_threshold, l.vs_book.clone()),
                Cell::new(l.last_count.clone().unwrap_or_else(|| "—".to_owned()), CELL),
                flag(l.over_threshold, l.vs_last.clone()),
                flag(l.under_minimum, l.minimum.clone()),
                Cell::new(marks.join("；"), CELL_BOLD),
            ]
        })
        .collect();
    c.table(
        &cols,
        &header(&[
            "品名",
            "单位",
            "账面数量",
            "实盘数量",
            "较账面",
            "上次盘点",
            "较上次",
            "最低库存",
            "标记",
        ]),
        &rows,
    );
    c.gap(10.0);
}

pub(super) fn interviews(c: &mut Composer<'_>, r: &ReportContent) {
    c.heading("三、工人访谈（随机，不记姓名）", 50.0);
    if r.interviews.is_empty() {
        c.paragraph("本次未访谈工人。", BODY, 0.0);
        c.gap(8.0);
        return;
    }
    let cols = columns(&[
        (5.0, Align::Center),
        (14.0, Align::Left),
        (7.0, Align::Center),
        (14.0, Align::Left),
        (7.0, Align::Center),
        (22.0, Align::Left),
        (12.0, Align::Left),
        (19.0, Align::Left),
    ]);
    let yes_no = |b: bool| if b { "有" } else { "无" };
    let rows: Vec<Vec<Cell>> = r
        .interviews
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let wages = if w.wages_paid_on_time {
                Cell::new("按时发放", CELL)
            } else {
                Cell::new(format!("拖欠 {} 个月", w.months_in_arrears), CELL_BOLD).shaded(0.85)
            };
            let seen = format!(
                "裁员：{}\n设备外运：{}",
                yes_no(w.layoffs_seen),
                yes_no(w.equipment_moved_out)
            );
            let seen_cell = if w.layoffs_seen || w.equipment_moved_out {
                Cell::new(seen, CELL_BOLD).shaded(0.85)
            } else {
                Cell::new(seen, CELL)
            };
            vec![
                Cell::new((i + 1).to_string(), CELL),
                Cell::new(w.role.clone(), CELL),
                Cell::new(
                    w.years_at_firm
                        .map(|y| y.to_string())
                        .unwrap_or_else(|| "—".into()),
                    CELL,
                ),
                wages,
                Cell::new(
                    w.shifts_per_day
                        .map(|y| y.to_string())
                        .unwrap_or_else(|| "—".into()),
                    CELL,
                ),
                Cell::new(w.orders_on_hand.clone(), CELL),
                seen_cell,
                Cell::new(w.notes.clone(), CELL),
            ]
        })
        .collect();
    c.table(
        &cols,
        &header(&[
            "序号",
            "岗位",
            "工龄(年)",
            "工资发放",
            "班次/日",
            "在手订单",
            "所见",
            "其他",
        ]),
        &rows,
    );
    c.gap(10.0);
}

pub(super) fn figures(c: &mut Composer<'_>, r: &ReportContent) {
    let title = match r.previous_visit_date {
        Some(d) => format!("四、财务状况（与上次检查 {} 对比）", d.format("%Y-%m-%d")),
        None => "四、财务状况".to_owned(),
    };
    c.heading(&title, 50.0);
    if r.figures.is_empty() {
        c.paragraph("本次未取得财务数据。", BODY, 0.0);
        c.gap(8.0);
        return;
    }
    let cols = columns(&[
        (34.0, Align::Left),
        (18.0, Align::Right),
        (18.0, Align::Right),
        (12.0, Align::Center),
        (18.0, Align::Center),
    ]);
    let rows: Vec<Vec<Cell>> = r
        .figures
        .iter()
        .map(|f| {
            let metric = if f.computed {
                format!("{}（计算）", f.metric)
            } else {
                f.metric.clone()
            };
            let judgement = if f.judgement == "恶化" {
                Cell::new(f.judgement.clone(), CELL_BOLD).shaded(0.85)
            } else {
                Cell::new(f.judgement.clone(), CELL)
            };
            vec![
                Cell::new(metric, CELL),
                Cell::new(f.value.clone().unwrap_or_else(|| "—".into()), CELL),
                Cell::new(f.previous.clone().unwrap_or_else(|| "—".into()), CELL),
                Cell::new(f.change.clone(), CELL),
                judgement,
            ]
        })
        .collect();
    c.table(
        &cols,
        &header(&["指标", "本次", "上次", "变化", "评价"]),
        &rows,
    );
    c.gap(10.0);
}

pub(super) fn signals(c: &mut Composer<'_>, r: &ReportContent) {
    c.heading("五、预警信号", 50.0);
    if r.signals.is_empty() {
        c.paragraph("本次检查未发现预警信号。", BODY, 0.0);
    } else {
        let cols = columns(&[
            (8.0, Align::Center),
            (24.0, Align::Left),
            (8.0, Align::Center),
            (46.0, Align::Left),
            (14.0, Align::Center),
        ]);
        let rows: Vec<Vec<Cell>> = r
            .signals
            .iter()
            .map(|s| {
                vec![
                    Cell::new(s.code.clone(), CELL),
                    Cell::new(s.title.clone(), CELL_BOLD),
                    Cell::new(s.severity.clone(), CELL_BOLD),
                    Cell::new(s.evidence.clone(), CELL),
                    Cell::new(s.found_on.format("%Y-%m-%d").to_string(), CELL),
                ]
            })
            .collect();
        c.table(
            &cols,
            &header(&["编号", "信号", "程度", "依据（所见事实）", "发现日"]),
            &rows,
        );
    }
    if !r.dismissed.is_empty() {
        c.gap(4.0);
        c.paragraph(
            "规则提示但经检查人员判断不适用的信号：",
            Style::bold(9.0),
            0.0,
        );
        for (code, reason) in &r.dismissed {
            c.paragraph(&format!("{code}：{reason}"), BODY, 10.0);
        }
    }
    c.gap(10.0);
}
