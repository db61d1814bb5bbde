//! The day's 检查前准备 in one PDF, a page per stop in the route's order, set as the other
//! documents are (`sealed::form`). A working paper: not numbered, not recorded.

use super::Briefing;
use crate::sealed::form;
use crate::sealed::layout::{Align, PAGE_WIDTH, Style};
use chrono::{DateTime, FixedOffset, NaiveDate};

const BODY: Style = Style::regular(9.5);
const QUESTIONS: Style = Style::regular(7.5);

/// Renders the day's pages. Returns the PDF and its number of pages.
pub fn render(
    day: NaiveDate,
    briefings: &[Briefing],
    company: &str,
    officer: &str,
    generated_at: DateTime<FixedOffset>,
) -> (Vec<u8>, usize) {
    let (doc, mut c) = form::start(
        "检查前准备",
        officer,
        &format!("检查前准备 · {day}"),
        &day.to_string(),
    );
    let n = briefings.len();
    for (i, b) in briefings.iter().enumerate() {
        if i > 0 {
            c.new_page();
        }
        c.text_at(
            PAGE_WIDTH / 2.0,
            c.y + 11.0,
            company,
            Style::bold(11.0),
            Align::Center,
        );
        c.gap(17.0);
        c.text_at(
            PAGE_WIDTH / 2.0,
            c.y + 16.0,
            &format!("检查前准备 · {}", b.borrower),
            Style::bold(16.0),
            Align::Center,
        );
        c.gap(20.0);
        c.paragraph(
            &format!(
                "{day} · 第 {} 家，共 {n} 家{} · 生成于 {}",
                i + 1,
                if officer.is_empty() {
                    String::new()
                } else {
                    format!(" · 检查人员 {officer}")
                },
                generated_at.format("%Y-%m-%d %H:%M"),
            ),
            Style::regular(8.5).grey(0.3),
            0.0,
        );
        c.gap(2.0);
        let or_none = |s: &Option<String>| s.clone().unwrap_or_else(|| "未登记".into());
        form::facts(
            &mut c,
            &[
                ("地址", or_none(&b.address)),
                ("法定代表人", or_none(&b.legal_representative)),
                ("联系人", or_none(&b.contact_name)),
                ("电话", or_none(&b.contact_phone)),
            ],
        );
        c.gap(6.0);
        heading(&mut c, "本次检查");
        for task in &b.tasks {
            c.paragraph(
                &format!(
                    "· {} {}（{}到期）",
                    task.kind_label, task.contract_no, task.due
                ),
                BODY,
                0.0,
            );
        }
        for g in &b.guarantees {
            c.paragraph(&format!("  {g}"), Style::regular(8.5).grey(0.3), 0.0);
        }
        c.gap(2.0);
        heading(&mut c, "上次检查");
        match &b.last_visit {
            Some(v) => {
                c.paragraph(&format!("{} · {}", v.date, v.what), BODY, 0.0);
                c.paragraph(&format!("结论：{}", v.conclusion), BODY, 0.0);
                if !v.measures.trim().is_empty() {
                    c.paragraph(&format!("措施与建议：{}", v.measures), BODY, 0.0);
                }
                if !v.figures.is_empty() {
                    c.gap(3.0);
                    let pairs: Vec<(&str, String)> = v
                        .figures
                        .iter()
                        .map(|(label, value)| (label.as_str(), value.clone()))
                        .collect();
                    form::facts(&mut c, &pairs);
                }
            }
            None => c.paragraph("尚无已完成的检查（首次检查）。", BODY, 0.0),
        }
        c.gap(2.0);
        heading(&mut c, "未解除的预警信号");
        if b.open_signals.is_empty() {
            c.paragraph("无。", BODY, 0.0);
        }
        for s in &b.open_signals {
            c.paragraph(&format!("· {s}"), BODY, 0.0);
        }
        if !b.open_tasks.is_empty() {
            c.gap(2.0);
            heading(&mut c, "其他未完成事项");
            c.paragraph(&b.open_tasks.join("；"), BODY, 0.0);
        }
        c.gap(2.0);
        heading(&mut c, "须盘点");
        if b.to_count.is_empty() {
            c.paragraph("无质押存货。", BODY, 0.0);
        } else {
            form::text_table(
                &mut c,
                &[
                    (0.46, Align::Left),
                    (0.12, Align::Left),
                    (0.21, Align::Right),
                    (0.21, Align::Right),
                ],
                &["质押物", "单位", "最低库存", "上次盘点"],
                b.to_count
                    .iter()
                    .map(|l| {
                        vec![
                            l.goods.clone(),
                            l.unit.clone(),
                            l.minimum.clone(),
                            l.last_count.clone().unwrap_or_else(|| "—".into()),
                        ]
                    })
                    .collect(),
            );
        }
        heading(&mut c, "检查表将询问");
        // One paragraph per section (the code's letter), the items run on: a page holds them.
        let mut section = String::new();
        let mut line = String::new();
        for (code, question) in &b.questions {
            let letter: String = code
                .chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect();
            if letter != section && !line.is_empty() {
                c.paragraph(&line, QUESTIONS, 0.0);
                line.clear();
            }
            section = letter;
            if !line.is_empty() {
                line.push('；');
            }
            line.push_str(&format!("{code} {question}"));
        }
        if !line.is_empty() {
            c.paragraph(&line, QUESTIONS, 0.0);
        }
    }
    form::finish(doc, c)
}

/// A part's name in bold, kept with its first lines: lighter than the report's shaded headings,
/// so that a full stop (figures, signals, tasks, goods, 33 questions) stays on its page.
fn heading(c: &mut crate::sealed::layout::Composer<'_>, title: &str) {
    c.ensure(40.0);
    c.gap(3.0);
    c.paragraph(title, Style::bold(10.5), 0.0);
    c.gap(1.0);
}
