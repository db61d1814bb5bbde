//! After the visits: an overdue and its collection, the compensation and recovery, enforcing a counter-guarantee, the archive.

use crate::support::*;
use baohou_core::signals::SignalCatalog;
use baohou_core::{Locale, OpenMode};
use chrono::NaiveDate;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Command {
    /// 登记银行通知的逾期（应还未还的本金与利息）
    /// / Record an overdue the bank reported (principal and interest due and unpaid)
    Overdue {
        /// 数据库文件 / Database file
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        /// 担保编号 / Guarantee id
        #[arg(long, value_name = "ID")]
        guarantee: i64,
        /// 应还款日（逾期起算）/ Day the payment fell due unpaid
        #[arg(long, value_name = "YYYY-MM-DD")]
        due_on: NaiveDate,
        /// 获知日（银行通知日），默认今天 / Day the company learned of it (default today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        known_on: Option<NaiveDate>,
        /// 逾期本金 / Principal overdue
        #[arg(long, value_name = "AMOUNT")]
        principal: baohou_core::Money,
        /// 逾期利息 / Interest overdue
        #[arg(long, value_name = "AMOUNT", default_value = "0")]
        interest: baohou_core::Money,
        /// 说明 / Note
        #[arg(long)]
        note: Option<String>,
    },
    /// 登记借款人还款（附还款凭证号）；超过尚未归还本金的会被拒绝
    /// / Record a repayment with its voucher; more principal than is outstanding is refused
    Repay {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "ID")]
        guarantee: i64,
        /// 还款日 / Day paid
        #[arg(long, value_name = "YYYY-MM-DD")]
        paid_on: NaiveDate,
        /// 归还本金 / Principal repaid
        #[arg(long, value_name = "AMOUNT", default_value = "0")]
        principal: baohou_core::Money,
        /// 归还利息 / Interest paid
        #[arg(long, value_name = "AMOUNT", default_value = "0")]
        interest: baohou_core::Money,
        /// 还款凭证号 / Voucher number
        #[arg(long)]
        voucher: Option<String>,
        /// 还款凭证扫描件（JPEG/PNG/WebP/TIFF）/ The voucher's scan
        #[arg(long, value_name = "FILE")]
        voucher_file: Option<PathBuf>,
    },
    /// 为已登记的还款补附凭证扫描件（每笔一次）/ Attach the scan of a recorded repayment's voucher (once)
    VoucherScan {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "ID")]
        guarantee: i64,
        /// 还款记录编号（见 collection）/ The repayment's id (see `collection`)
        #[arg(long, value_name = "ID")]
        repayment: i64,
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
    },
    /// 登记一次催收联系：方式、联系到谁、沟通内容，以及承诺还款的金额与日期
    /// / Record a collection contact: how, whom, what was said, and a promise to pay
    Contact {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "ID")]
        guarantee: i64,
        /// phone | sms | visit | meeting | letter | lawyer_letter（或中文：电话、上门、律师函 …）
        #[arg(long)]
        channel: String,
        /// borrower | manager | guarantor | family | other | nobody
        #[arg(long)]
        party: String,
        /// 联系人（姓名、身份）或拨打的号码 / The person reached, or the number dialled
        #[arg(long)]
        person: Option<String>,
        /// 沟通内容 / What was said
        #[arg(long)]
        summary: String,
        /// 联系时间（RFC 3339），默认现在 / When (RFC 3339), default now
        #[arg(long, value_name = "TIME")]
        at: Option<chrono::DateTime<chrono::FixedOffset>>,
        /// 承诺还款金额 / Amount promised
        #[arg(long, value_name = "AMOUNT", requires = "promise_by")]
        promise_amount: Option<baohou_core::Money>,
        /// 承诺还款日 / Day promised
        #[arg(long, value_name = "YYYY-MM-DD", requires = "promise_amount")]
        promise_by: Option<NaiveDate>,
        /// 执行人 / Officer
        #[arg(long)]
        officer: Option<String>,
    },
    /// 显示逾期天数与分段（M1–M3+）、还款、催收记录与承诺；过期未兑现的承诺在此触发预警
    /// / Show the overdue, its bucket, repayments and contacts; raises the signal of broken promises
    Collection {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "ID")]
        guarantee: i64,
    },
    /// 登记借款人的展期申请（到期前按制度期限提出）/ Record the borrower's application for an
    /// extension (in by the policy's days before maturity)
    Extend {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "ID")]
        guarantee: i64,
        /// 申请日 / Day applied
        #[arg(long, value_name = "YYYY-MM-DD")]
        applied_on: NaiveDate,
        /// 展期后的到期日 / The maturity asked for
        #[arg(long, value_name = "YYYY-MM-DD")]
        new_maturity: NaiveDate,
        /// 展期理由 / Why
        #[arg(long)]
        reason: String,
    },
    /// 登记有权人对展期申请的审批；同意须利息已结清，并改为新的到期日
    /// / Record the decision on the extension; an approval needs all interest paid and moves the
    /// maturity
    ExtendDecision {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "ID")]
        guarantee: i64,
        /// approved（同意展期）或 rejected（不同意展期）
        #[arg(long)]
        decision: String,
        /// 审批日 / Day decided
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: NaiveDate,
        /// 审批人（有权人）/ Who decided
        #[arg(long)]
        by: String,
        /// 利息结清日（同意时必填）/ Day all interest was paid up to (for an approval)
        #[arg(long, value_name = "YYYY-MM-DD")]
        interest_paid_on: Option<NaiveDate>,
        #[arg(long)]
        note: Option<String>,
    },
    /// 登记贷款银行提出的代偿要求：开始计算当日报告与代偿方案（报股东会审批）的期限
    /// / Record the bank's demand that the company pay: the same-day report and the compensation
    /// plan (approved by the shareholders' meeting) become owed
    Demand {
        /// 数据库文件 / Database file
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        /// 担保编号 / Guarantee id
        #[arg(long, value_name = "ID")]
        guarantee: i64,
        /// 银行提出代偿要求之日 / Day the bank demanded payment
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: NaiveDate,
        /// 要求代偿的金额（元，或如 300万）/ Amount demanded (yuan, or e.g. 300万)
        #[arg(long, value_name = "AMOUNT")]
        amount: baohou_core::Money,
        /// 银行函件、编号或送达人 / The bank's letter, its number, who brought it
        #[arg(long)]
        reference: Option<String>,
    },
    /// 登记代偿（向银行代为清偿）：担保转为已代偿，开始计算代偿当日报告、追偿方案、起诉或和解的期限
    /// / Record a compensation paid to the bank: the guarantee becomes compensated and the deadlines after it start
    Compensate {
        /// 数据库文件 / Database file
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        /// 担保编号 / Guarantee id
        #[arg(long, value_name = "ID")]
        guarantee: i64,
        /// 代偿日 / Day paid to the bank
        #[arg(long, value_name = "YYYY-MM-DD")]
        paid_on: NaiveDate,
        /// 代偿本金（元，或如 300万）/ Principal paid (yuan, or e.g. 300万)
        #[arg(long, value_name = "AMOUNT")]
        principal: baohou_core::Money,
        /// 代偿利息 / Interest paid
        #[arg(long, value_name = "AMOUNT", default_value = "0")]
        interest: baohou_core::Money,
        /// 划款凭证号 / Payment reference
        #[arg(long)]
        reference: Option<String>,
    },
    /// 登记追偿回款；超过尚未收回的金额会被拒绝
    /// / Record money recovered after a compensation; more than is still owed is refused
    Recover {
        /// 数据库文件 / Database file
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        /// 担保编号 / Guarantee id
        #[arg(long, value_name = "ID")]
        guarantee: i64,
        /// 回款日 / Day received
        #[arg(long, value_name = "YYYY-MM-DD")]
        received_on: NaiveDate,
        /// 回款金额（元，或如 60万）/ Amount received (yuan, or e.g. 60万)
        #[arg(long, value_name = "AMOUNT")]
        amount: baohou_core::Money,
        /// borrower | guarantor | collateral | court | other
        #[arg(long, value_name = "SOURCE")]
        source: String,
        /// 说明 / Note
        #[arg(long)]
        note: Option<String>,
    },
    /// 列出反担保执行步骤（代偿或撤保获批后）/ List the counter-guarantees' enforcement steps
    Enforcement {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "ID")]
        guarantee: i64,
    },
    /// 登记一项反担保执行步骤 / Record a step of enforcing a counter-guarantee
    Enforce {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "ID")]
        guarantee: i64,
        /// 反担保编号（见 enforcement）/ The counter-guarantee's id (see `enforcement`)
        #[arg(long, value_name = "ID")]
        counter_guarantee: i64,
        /// 步骤代码（见 enforcement）/ The step's code (see `enforcement`)
        #[arg(long)]
        step: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: NaiveDate,
        /// 无需执行（写明原因）/ The step is not needed (say why in --note)
        #[arg(long)]
        not_needed: bool,
        /// 办理情况，或无需执行的原因 / What was done, or why it is not needed
        #[arg(long)]
        note: String,
        #[arg(long)]
        officer: Option<String>,
    },
    /// 登记解保档案已移交档案管理部门 / Record that a released guarantee's file reached the archive
    Archive {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "ID")]
        guarantee: i64,
        /// 移交日 / Day handed over
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: NaiveDate,
        /// 接收人 / Who received it
        #[arg(long)]
        receiver: String,
    },
    /// 登记抵押、质押物的有权凭证已交还并签收 / Record that the title documents of a released
    /// guarantee's mortgages and pledges were handed back against a signed receipt
    TitlesReturned {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "ID")]
        guarantee: i64,
        /// 交还日 / Day handed back
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: NaiveDate,
        /// 签收人 / Who signed for them
        #[arg(long)]
        receiver: String,
        /// 交还的有权凭证（名称、编号）/ What was handed back (names, numbers)
        #[arg(long)]
        documents: String,
    },
    /// 签发并保存一笔担保的催收与追偿记录（内容有变化时签发新的一份，同步时也会自动签发）
    /// / Issue and save a guarantee's collection record (a new one when anything changed; a sync
    /// issues them too)
    CollectionRecord {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "ID")]
        guarantee: i64,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
}

pub fn run(command: Command, l: Locale) -> Result<(), CliError> {
    match command {
        Command::Overdue {
            db,
            guarantee,
            due_on,
            known_on,
            principal,
            interest,
            note,
        } => {
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let at = now();
            let file = store.record_overdue(
                guarantee,
                &baohou_core::collection::NewOverdue {
                    due_on,
                    known_on: known_on.unwrap_or(at.date_naive()),
                    principal,
                    interest,
                    note,
                },
                &store.policy_in_force()?,
                &SignalCatalog::builtin(),
                at,
            )?;
            print_collection(&store, guarantee, file.as_of, l)?;
        }
        Command::Repay {
            db,
            guarantee,
            paid_on,
            principal,
            interest,
            voucher,
            voucher_file,
        } => {
            // The scan is read first: a file that is not a readable image records nothing.
            let scan = voucher_file
                .as_deref()
                .map(|p| read_scan(p, l))
                .transpose()?;
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let file = store.record_repayment(
                guarantee,
                &baohou_core::collection::NewRepayment {
                    paid_on,
                    principal,
                    interest,
                    voucher,
                },
                now(),
            )?;
            if let Some(scan) = scan {
                let id = file
                    .repayments
                    .iter()
                    .map(|r| r.id)
                    .max()
                    .expect("the repayment just recorded");
                store.attach_voucher_scan(guarantee, id, &scan, now())?;
            }
            print_collection(&store, guarantee, file.as_of, l)?;
        }
        Command::VoucherScan {
            db,
            guarantee,
            repayment,
            file,
        } => {
            let scan = read_scan(&file, l)?;
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let f = store.attach_voucher_scan(guarantee, repayment, &scan, now())?;
            print_collection(&store, guarantee, f.as_of, l)?;
        }
        Command::Contact {
            db,
            guarantee,
            channel,
            party,
            person,
            summary,
            at,
            promise_amount,
            promise_by,
            officer,
        } => {
            use baohou_core::collection::{ContactChannel, ContactParty, NewContact, PromiseToPay};
            let channel = coded_arg(
                "--channel",
                &channel,
                ContactChannel::ALL,
                ContactChannel::from_name,
                ContactChannel::code,
                l,
            )?;
            let party = coded_arg(
                "--party",
                &party,
                ContactParty::ALL,
                ContactParty::from_name,
                ContactParty::code,
                l,
            )?;
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let recorded = now();
            let file = store.record_contact(
                guarantee,
                &NewContact {
                    at: at.unwrap_or(recorded),
                    channel,
                    party,
                    person,
                    summary,
                    promise: promise_amount
                        .zip(promise_by)
                        .map(|(amount, by)| PromiseToPay { amount, by }),
                },
                officer.as_deref(),
                recorded,
            )?;
            print_collection(&store, guarantee, file.as_of, l)?;
        }
        Command::Collection { db, guarantee } => {
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let today = chrono::Local::now().date_naive();
            let policy = store.policy_in_force()?;
            let raised =
                store.raise_signals_from_records(today, &policy, &SignalCatalog::builtin())?;
            if !raised.is_empty() {
                println!(
                    "{}{}",
                    l.pick(
                        "催收记录触发预警（承诺还款未兑现、逾期超过期限）：",
                        "催收記錄觸發預警（承諾還款未兌現、逾期超過期限）：",
                        "Signals raised by the records (a broken promise, an overdue past its limit): "
                    ),
                    raised.len()
                );
            }
            print_collection(&store, guarantee, today, l)?;
        }
        Command::Extend {
            db,
            guarantee,
            applied_on,
            new_maturity,
            reason,
        } => {
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let rules = store.policy_in_force()?.extension();
            let e = store.apply_for_extension(
                guarantee,
                &baohou_core::extension::NewExtension {
                    applied_on,
                    new_maturity,
                    reason,
                },
                &rules,
                now(),
            )?;
            println!(
                "{}{} {} → {}",
                l.pick(
                    "已登记展期申请：",
                    "已登記展期申請：",
                    "Extension applied for: "
                ),
                e.applied_on,
                e.original_maturity,
                e.new_maturity
            );
        }
        Command::ExtendDecision {
            db,
            guarantee,
            decision,
            on,
            by,
            interest_paid_on,
            note,
        } => {
            use baohou_core::extension::ExtensionDecision;
            let decision = coded_arg(
                "--decision",
                &decision,
                ExtensionDecision::ALL,
                ExtensionDecision::from_name,
                ExtensionDecision::code,
                l,
            )?;
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let e = store.decide_extension(
                guarantee,
                &baohou_core::extension::ExtensionVerdict {
                    decision,
                    on,
                    by,
                    interest_paid_on,
                    note,
                },
                now(),
            )?;
            let g = store.guarantee(guarantee)?;
            println!(
                "{}{} {}（{}）",
                decision.label(l),
                l.pick("：到期日 ", "：到期日 ", ": maturity "),
                g.maturity_date,
                e.verdict.map(|v| v.by).unwrap_or_default()
            );
        }
        Command::Demand {
            db,
            guarantee,
            on,
            amount,
            reference,
        } => {
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let d = store.record_compensation_demand(
                guarantee,
                &baohou_core::recovery::NewCompensationDemand {
                    demanded_on: on,
                    amount,
                    reference,
                },
                now(),
            )?;
            println!(
                "{}{} {} {}",
                l.pick(
                    "已登记代偿要求：",
                    "已登記代償要求：",
                    "Demand for payment recorded: "
                ),
                d.demanded_on,
                d.amount.grouped(),
                l.pick("元", "元", "yuan")
            );
        }
        Command::Compensate {
            db,
            guarantee,
            paid_on,
            principal,
            interest,
            reference,
        } => {
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let account = store.record_compensation(
                guarantee,
                &baohou_core::recovery::NewCompensation {
                    paid_on,
                    principal,
                    interest,
                    reference,
                },
                now(),
            )?;
            print_account(&account, l);
        }
        Command::Recover {
            db,
            guarantee,
            received_on,
            amount,
            source,
            note,
        } => {
            let source = coded_arg(
                "--source",
                &source,
                baohou_core::recovery::RecoverySource::ALL,
                baohou_core::recovery::RecoverySource::from_name,
                baohou_core::recovery::RecoverySource::code,
                l,
            )?;
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let account = store.record_recovery(
                guarantee,
                &baohou_core::recovery::NewRecovery {
                    received_on,
                    amount,
                    source,
                    note,
                },
                now(),
            )?;
            print_account(&account, l);
        }
        Command::Enforcement { db, guarantee } => {
            let store = open_store(&db, OpenMode::Existing, l)?;
            let policy = store.policy_in_force()?;
            let calendar = store.calendar()?;
            match store.enforcement_plan(guarantee, &policy, &calendar)? {
                None => println!(
                    "{}",
                    l.pick(
                        "尚未代偿，也没有获批的撤保：不需要执行反担保。",
                        "尚未代償，也沒有獲批的撤保：不需要執行反擔保。",
                        "Not compensated and no approved withdrawal: nothing to enforce."
                    )
                ),
                Some(plan) => print_enforcement(&plan, l),
            }
        }
        Command::Enforce {
            db,
            guarantee,
            counter_guarantee,
            step,
            on,
            not_needed,
            note,
            officer,
        } => {
            use baohou_core::enforcement::{NewEnforcementStep, StepOutcome};
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let policy = store.policy_in_force()?;
            let outcome = if not_needed {
                StepOutcome::NotNeeded
            } else {
                StepOutcome::Done
            };
            store.record_enforcement_step(
                guarantee,
                &NewEnforcementStep {
                    counter_guarantee_id: counter_guarantee,
                    step: step.clone(),
                    done_on: on,
                    outcome,
                    note,
                },
                officer.as_deref(),
                &policy,
                now(),
            )?;
            println!("{counter_guarantee} {step}：{}（{on}）", outcome.label(l));
        }
        Command::Archive {
            db,
            guarantee,
            on,
            receiver,
        } => {
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let r = store.record_archive_handover(guarantee, on, &receiver, now())?;
            println!(
                "{}{} → {}（{}）",
                l.pick(
                    "档案已移交：",
                    "檔案已移交：",
                    "File handed to the archive: "
                ),
                r.document_no,
                r.archive_receiver.unwrap_or_default(),
                r.archived_on.map(|d| d.to_string()).unwrap_or_default()
            );
        }
        Command::TitlesReturned {
            db,
            guarantee,
            on,
            receiver,
            documents,
        } => {
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let r = store.record_title_return(
                guarantee,
                &baohou_core::release::TitlesReturned {
                    on,
                    receiver,
                    documents,
                },
                now(),
            )?;
            let t = r.titles_returned.expect("just recorded");
            println!(
                "{}{} → {}（{}）",
                l.pick(
                    "有权凭证已交还：",
                    "有權憑證已交還：",
                    "Title documents returned: "
                ),
                t.documents,
                t.receiver,
                t.on
            );
        }
        Command::CollectionRecord { db, guarantee, out } => {
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let issued =
                baohou_core::collection_record::issue_if_changed(&mut store, guarantee, now())?;
            let (record, pdf) = store
                .last_record(guarantee)?
                .expect("a record exists once one is issued");
            write_out(&out, &pdf)?;
            println!(
                "{}{}：{}",
                if issued.is_some() {
                    l.pick(
                        "已签发催收与追偿记录 ",
                        "已簽發催收與追償記錄 ",
                        "Collection record issued: ",
                    )
                } else {
                    l.pick(
                        "记录没有变化，沿用 ",
                        "記錄沒有變化，沿用 ",
                        "Nothing changed; the latest record: ",
                    )
                },
                record.document_no,
                out.display()
            );
        }
    }
    Ok(())
}

/// A compensated guarantee's account, line by line.
fn print_account(a: &baohou_core::recovery::RecoveryAccount, l: Locale) {
    println!(
        "{}{}{}{} {}（{} {} + {} {}）",
        l.pick("代偿日 ", "代償日 ", "Paid on "),
        a.paid_on,
        l.pick("，代偿 ", "，代償 ", ", compensated "),
        a.compensated.grouped(),
        l.pick("元", "元", "yuan"),
        l.pick("本金", "本金", "principal"),
        a.principal.grouped(),
        l.pick("利息", "利息", "interest"),
        a.interest.grouped()
    );
    for r in &a.recoveries {
        println!(
            "  {} {} {} {}",
            r.received_on,
            r.source.label(l),
            r.amount.grouped(),
            r.note.as_deref().unwrap_or("")
        );
    }
    println!(
        "{}{} {}{}{} {}",
        l.pick("已收回 ", "已收回 ", "Recovered "),
        a.recovered.grouped(),
        l.pick("元", "元", "yuan"),
        l.pick("，尚未收回 ", "，尚未收回 ", ", still owed "),
        a.outstanding.grouped(),
        l.pick("元", "元", "yuan")
    );
}

/// A voucher scan read from its file, refused in words when it is not a readable image.
fn read_scan(
    path: &std::path::Path,
    l: Locale,
) -> Result<baohou_core::photos::ReadPhoto, CliError> {
    baohou_core::photos::read(path)
        .map_err(|e| CliError::Message(baohou_core::messages::photo_error_message(&e, l)))
}

fn print_enforcement(plan: &baohou_core::enforcement::EnforcementPlan, l: Locale) {
    println!(
        "{} {}{}",
        plan.start.on,
        plan.start.cause.label(l),
        l.pick(
            "，执行反担保：",
            "，執行反擔保：",
            ": enforcing the counter-guarantees"
        )
    );
    if plan.recovered_in_full {
        println!(
            "{}",
            l.pick(
                "代偿款已全部收回，无需继续执行。",
                "代償款已全部收回，無需繼續執行。",
                "Recovered in full: nothing more is owed."
            )
        );
    }
    for item in &plan.items {
        let cg = &item.counter_guarantee;
        println!(
            "[{}] {}：{}（{}）",
            cg.id,
            cg.kind.label(l),
            cg.description,
            cg.provider
        );
        for s in &item.steps {
            match &s.done {
                Some(d) => println!(
                    "  ✓ {:<20} {} {} {}",
                    s.code,
                    d.done_on,
                    d.outcome.label(l),
                    d.note
                ),
                None => println!("  · {:<20} {} {}", s.code, s.due, s.text),
            }
        }
    }
}

/// A guarantee's collection file: the overdue and its bucket, repayments, contacts.
fn print_collection(
    store: &baohou_core::store::Store,
    guarantee: i64,
    as_of: NaiveDate,
    l: Locale,
) -> Result<(), CliError> {
    let policy = store.policy_in_force()?;
    let f = store.collection_file(guarantee, as_of, &policy)?;
    let yuan = l.pick("元", "元", "yuan");
    match &f.overdue {
        Some(o) if o.cleared_on.is_none() => println!(
            "{}{}{}{}{}{}{} {yuan}",
            l.pick("逾期：", "逾期：", "Overdue: "),
            o.due_on,
            l.pick(" 起逾期 ", " 起逾期 ", ", days overdue "),
            f.days_overdue,
            f.bucket
                .map(|b| format!("{}（{}）", l.pick(" 天", " 天", ""), b.short()))
                .unwrap_or_default(),
            l.pick("，逾期余额 ", "，逾期餘額 ", ", balance "),
            o.balance.grouped()
        ),
        Some(o) => println!(
            "{}{}{}{}",
            l.pick("逾期已结清：", "逾期已結清：", "Overdue cleared: "),
            o.due_on,
            l.pick(" 起，结清于 ", " 起，結清於 ", ", cleared on "),
            o.cleared_on.map(|d| d.to_string()).unwrap_or_default()
        ),
        None => println!("{}", l.pick("没有逾期。", "沒有逾期。", "Not overdue.")),
    }
    for r in &f.repayments {
        println!(
            "  [{}] {} {} {} {} {} {}{}",
            r.id,
            r.paid_on,
            l.pick("还本", "還本", "principal"),
            r.principal.grouped(),
            l.pick("付息", "付息", "interest"),
            r.interest.grouped(),
            r.voucher.as_deref().unwrap_or(""),
            r.scan
                .as_ref()
                .map(|s| format!(" {}{}", l.pick("扫描件 ", "掃描件 ", "scan "), s.file_name))
                .unwrap_or_default()
        );
    }
    println!(
        "{}{} {yuan}{}{} {yuan}",
        l.pick("已还本金 ", "已還本金 ", "Principal repaid "),
        f.principal_repaid.grouped(),
        l.pick("，尚未归还 ", "，尚未歸還 ", ", outstanding "),
        f.principal_outstanding.grouped()
    );
    for c in &f.contacts {
        let promise = c
            .promise
            .as_ref()
            .map(|p| {
                format!(
                    " · {}{} {yuan} {} {}（{}）",
                    l.pick("承诺还款 ", "承諾還款 ", "promised "),
                    p.amount.grouped(),
                    l.pick("于", "於", "by"),
                    p.by,
                    p.state.label(l)
                )
            })
            .unwrap_or_default();
        println!(
            "  {} {} {} {}：{}{promise}",
            c.at.format("%Y-%m-%d %H:%M"),
            c.channel.label(l),
            c.party.label(l),
            c.person.as_deref().unwrap_or(""),
            c.summary
        );
    }
    Ok(())
}
