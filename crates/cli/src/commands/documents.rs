//! The sealed documents besides the report: notices to the borrower, the release, the withdrawal.

use crate::support::*;
use baohou_core::{Locale, OpenMode};
use chrono::NaiveDate;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Command {
    /// 签发通知书（担保到期通知书、还款提示通知书、逾期催收通知书附回执），编号、二维码与本机签章同检查表
    /// / Issue a notice to the borrower (maturity, repayment reminder, overdue with receipt)
    Notice {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "ID")]
        guarantee: i64,
        /// maturity | repayment_reminder | overdue（或中文：担保到期通知书 …）
        #[arg(long)]
        kind: String,
        /// 保存 PDF 的路径 / Where to write the PDF
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// 登记通知书已送达借款人 / Record that a notice reached the borrower
    NoticeDelivered {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        /// 通知书编号 / The notice's number
        #[arg(long, value_name = "NO")]
        no: String,
        /// 送达日 / Day delivered
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: NaiveDate,
        /// in_person | post | electronic
        #[arg(long, default_value = "in_person")]
        method: String,
        /// 说明（签收人、快递单号）/ Note (who signed, tracking number)
        #[arg(long)]
        note: Option<String>,
    },
    /// 登记逾期催收通知书的回执已签章收回 / Record that a notice's signed receipt came back
    NoticeReceipt {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "NO")]
        no: String,
        /// 收回日 / Day it came back
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: NaiveDate,
        #[arg(long)]
        note: Option<String>,
    },
    /// 列出一笔担保的通知书及送达、回执情况 / List a guarantee's notices, delivered and receipted
    Notices {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "ID")]
        guarantee: i64,
    },
    /// 出具一笔担保的季度保后分析报告（季度结束后；每笔每季一份，同步时送总部）
    /// / Issue a guarantee's quarterly analysis report (after the quarter; one per quarter, sent
    /// to head office with the next sync)
    Quarterly {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "ID")]
        guarantee: i64,
        /// 季度中的任一天，如 2026-09-30 即 2026Q3 / Any day of the quarter
        #[arg(long, value_name = "YYYY-MM-DD")]
        quarter: NaiveDate,
        /// 综合分析 / The analysis
        #[arg(long)]
        analysis: String,
        /// 意见与建议 / The suggestion
        #[arg(long)]
        suggestion: String,
        /// 保存 PDF 的路径 / Where to write the PDF
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// 解保：核实本息已全部归还并留存还款凭证，签发《免除担保责任确认表》及档案移交清单，担保转为已解保
    /// / Release a repaid guarantee: the release confirmation and archive checklist are issued and it is closed
    Release {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "ID")]
        guarantee: i64,
        /// 解保日，默认今天 / Day released (default today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<NaiveDate>,
        /// 保存 PDF 的路径 / Where to write the PDF
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// 提出撤保申请（撤销担保审批表）：撤保事由、检查情况、作为证据的预警信号、处理意见，报总经理审批
    /// / Propose a withdrawal with its grounds, facts, evidence and handling, for the general manager
    Withdraw {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "ID")]
        guarantee: i64,
        /// funds_misused | false_information | major_risk（可多次）
        #[arg(long = "ground", required = true)]
        grounds: Vec<String>,
        /// 检查情况 / What the check found
        #[arg(long)]
        facts: String,
        /// 作为证据的预警信号编号（可多次）/ A warning signal's id offered as evidence
        #[arg(long = "signal", required = true)]
        signals: Vec<i64>,
        /// 处理意见 / The proposed handling
        #[arg(long)]
        proposal: String,
        /// 提出人 / Proposed by
        #[arg(long)]
        proposer: String,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// 登记总经理对撤保申请的审批 / Record the general manager's decision on a withdrawal
    WithdrawDecision {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "NO")]
        no: String,
        /// approved | rejected
        #[arg(long)]
        decision: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: NaiveDate,
        /// 审批人 / Decided by
        #[arg(long)]
        by: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// 登记已将获批的撤保书面通知贷款银行 / Record that the lending bank was told of an approved withdrawal
    WithdrawBankNotice {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "NO")]
        no: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: NaiveDate,
        /// 通知方式与银行签收 / How, and the bank's acknowledgement
        #[arg(long, default_value = "")]
        note: String,
    },
}

pub fn run(command: Command, l: Locale) -> Result<(), CliError> {
    match command {
        Command::Notice {
            db,
            guarantee,
            kind,
            out,
        } => {
            use baohou_core::notices::NoticeKind;
            let kind = coded_arg(
                "--kind",
                &kind,
                NoticeKind::ALL,
                NoticeKind::from_name,
                NoticeKind::code,
                l,
            )?;
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let at = now();
            let issued =
                baohou_core::notices::issue(&mut store, guarantee, kind, at.date_naive(), at)?;
            write_out(&out, &issued.pdf)?;
            println!(
                "{}{} {}：{}（{} {}）",
                l.pick("已签发", "已簽發", "Issued "),
                kind.label(l),
                issued.notice.document_no,
                out.display(),
                issued.pages,
                l.pick("页", "頁", "pages")
            );
        }
        Command::NoticeDelivered {
            db,
            no,
            on,
            method,
            note,
        } => {
            use baohou_core::notices::DeliveryMethod;
            let method = coded_arg(
                "--method",
                &method,
                DeliveryMethod::ALL,
                DeliveryMethod::from_name,
                DeliveryMethod::code,
                l,
            )?;
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let n = store.record_delivery(&no, on, method, note.as_deref(), now())?;
            print_notice(&n, l);
        }
        Command::NoticeReceipt { db, no, on, note } => {
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let n = store.record_receipt(&no, on, note.as_deref(), now())?;
            print_notice(&n, l);
        }
        Command::Notices { db, guarantee } => {
            let store = open_store(&db, OpenMode::Existing, l)?;
            let notices = store.notices_of(guarantee)?;
            if notices.is_empty() {
                println!("{}", l.pick("没有通知书。", "沒有通知書。", "No notices."));
            }
            for n in &notices {
                print_notice(n, l);
            }
        }
        Command::Quarterly {
            db,
            guarantee,
            quarter,
            analysis,
            suggestion,
            out,
        } => {
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let issued = baohou_core::quarterly::issue(
                &mut store,
                guarantee,
                &baohou_core::quarterly::QuarterlyInput {
                    quarter,
                    analysis,
                    suggestion,
                },
                now(),
            )?;
            write_out(&out, &issued.pdf)?;
            println!(
                "{}{} {}：{}（{} {}）",
                l.pick(
                    "已出具季度保后分析报告：",
                    "已出具季度保後分析報告：",
                    "Quarterly report issued: "
                ),
                issued.content.quarter,
                issued.report.document_no,
                out.display(),
                issued.pages,
                l.pick("页", "頁", "pages")
            );
        }
        Command::Release {
            db,
            guarantee,
            on,
            out,
        } => {
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let at = now();
            let issued = baohou_core::release::issue(
                &mut store,
                guarantee,
                on.unwrap_or(at.date_naive()),
                at,
            )?;
            write_out(&out, &issued.pdf)?;
            println!(
                "{}{}{} {}：{}（{} {}）",
                l.pick("已解保：", "已解保：", "Released: "),
                issued.content.contract_no,
                l.pick(
                    "，免除担保责任确认表",
                    "，免除擔保責任確認表",
                    ", release confirmation"
                ),
                issued.release.document_no,
                out.display(),
                issued.pages,
                l.pick("页", "頁", "pages")
            );
            for item in issued
                .content
                .archive
                .iter()
                .filter(|a| a.held == Some(false))
            {
                println!(
                    "  {}{}（{}）",
                    l.pick("档案缺项：", "檔案缺項：", "Missing from the file: "),
                    item.item,
                    item.detail
                );
            }
        }
        Command::Withdraw {
            db,
            guarantee,
            grounds,
            facts,
            signals,
            proposal,
            proposer,
            out,
        } => {
            use baohou_core::withdrawal::{NewWithdrawal, WithdrawalGround};
            let grounds = grounds
                .iter()
                .map(|g| {
                    coded_arg(
                        "--ground",
                        g,
                        WithdrawalGround::ALL,
                        WithdrawalGround::from_name,
                        WithdrawalGround::code,
                        l,
                    )
                })
                .collect::<Result<Vec<_>, _>>()?;
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let at = now();
            let issued = baohou_core::withdrawal::issue(
                &mut store,
                guarantee,
                &NewWithdrawal {
                    grounds,
                    facts,
                    signal_ids: signals,
                    proposal,
                },
                at.date_naive(),
                &proposer,
                at,
            )?;
            write_out(&out, &issued.pdf)?;
            println!(
                "{}{}：{}（{} {}）",
                l.pick(
                    "已提出撤保申请 ",
                    "已提出撤保申請 ",
                    "Withdrawal proposed: "
                ),
                issued.withdrawal.document_no,
                out.display(),
                issued.pages,
                l.pick("页", "頁", "pages")
            );
        }
        Command::WithdrawDecision {
            db,
            no,
            decision,
            on,
            by,
            note,
        } => {
            use baohou_core::withdrawal::WithdrawalDecision;
            let decision = coded_arg(
                "--decision",
                &decision,
                WithdrawalDecision::ALL,
                WithdrawalDecision::from_name,
                WithdrawalDecision::code,
                l,
            )?;
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let w =
                store.record_withdrawal_decision(&no, decision, on, &by, note.as_deref(), now())?;
            println!("{} {}（{} {}）", w.document_no, decision.label(l), by, on);
        }
        Command::WithdrawBankNotice { db, no, on, note } => {
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let w = store.record_withdrawal_bank_notice(&no, on, &note, now())?;
            println!(
                "{} {}{}",
                w.document_no,
                l.pick(
                    "已通知贷款银行：",
                    "已通知貸款銀行：",
                    "told to the lending bank on "
                ),
                on
            );
        }
    }
    Ok(())
}

/// One notice on a line: number, kind, issued, delivered, receipt.
fn print_notice(n: &baohou_core::notices::Notice, l: Locale) {
    let delivered = match (n.delivered_on, n.delivery_method) {
        (Some(d), Some(m)) => format!(
            "{}{d}（{}）",
            l.pick("送达 ", "送達 ", "delivered "),
            m.label(l)
        ),
        _ => l.pick("未送达", "未送達", "not delivered").to_owned(),
    };
    let receipt = if !n.kind.needs_receipt() {
        String::new()
    } else {
        match n.receipt_on {
            Some(d) => format!(
                " · {}{d}",
                l.pick("回执收回 ", "回執收回 ", "receipt back ")
            ),
            None => format!(
                " · {}",
                l.pick("回执未收回", "回執未收回", "receipt not back")
            ),
        }
    };
    println!(
        "{} {} {}{} · {delivered}{receipt}",
        n.document_no,
        n.kind.label(l),
        l.pick("签发 ", "簽發 ", "issued "),
        n.issued_on
    );
}
