//! `baohou`: the command-line companion of the Baohou app, over the same core.
//!
//! The whole program is this library's [`main`], so that the cross-crate tests in `tests/` can
//! build the same program as a binary of their own (with the exact features of the test build).

mod done;
mod visit;

use baohou_core::calendar::WorkCalendar;
use baohou_core::checklist::ChecklistTemplate;
use baohou_core::demo::write_demo;
use baohou_core::messages::{
    calendar_gap_message, portfolio_file_message, report_message, store_message, sync_message,
};
use baohou_core::policy::Policy;
use baohou_core::report::{self, ReportError};
use baohou_core::sealed::seal::ReportSeal;
use baohou_core::signals::SignalCatalog;
use baohou_core::store::agenda_from_store;
use baohou_core::store::key::{self, FileKind};
use baohou_core::store::{DataFileKind, DbKey, Installed, Passphrase};
use baohou_core::sync;
use baohou_core::tasks::TaskState;
use baohou_core::tasks::engine::{Agenda, Engine};
use baohou_core::tasks::portfolio_file::{PortfolioFile, PortfolioFileError, RaisedSignal};
use baohou_core::{Locale, OpenMode, Store, StoreError};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "baohou",
    version,
    about = "保后管理命令行工具：建库、演示数据、查看在保项目\nBaohou post-guarantee management: create databases, write the demo, list guarantees",
    after_help = "数据库已加密：口令取自环境变量 BAOHOU_PASSPHRASE，未设置时在终端询问（新口令用 BAOHOU_NEW_PASSPHRASE）。\nThe database is encrypted: the passphrase comes from BAOHOU_PASSPHRASE, else it is asked on the terminal (a new one from BAOHOU_NEW_PASSPHRASE).\n\n示例 / Examples:\n  baohou init --db 保后.sqlite3\n  baohou demo --db demo.sqlite3\n  baohou list --db demo.sqlite3 --json\n  baohou due --db demo.sqlite3 --as-of 2026-11-23 --officer 张伟\n  baohou due --portfolio 组合.json --as-of 2026-11-23 --json\n  baohou policy 制度2027.toml --install --db 保后.sqlite3\n  baohou checklist 检查表2027.toml --install --db 保后.sqlite3"
)]
struct Cli {
    /// 输出语言（默认按 LANG 环境变量）/ Output language (default: from LANG)
    #[arg(long, global = true, value_enum)]
    lang: Option<Lang>,
    #[command(subcommand)]
    command: Command,
}

/// What `baohou export` writes.
#[derive(Clone, Copy, ValueEnum)]
enum ExportWhat {
    /// 保后管理台账: one line per guarantee
    Ledger,
    /// 回访计划表: every check of the quarter, by officer
    Plan,
    /// 在保客户风险分类表: tiers and classes of the quarter, with totals
    RiskTable,
    /// 逾期工作统计: overdue work by officer
    Overdue,
    /// 工作日志: visits, calls and tasks done, by day
    Log,
    /// 保后检查表模板 in force, to edit in Excel and install back with `baohou checklist`
    Checklist,
}

#[derive(Clone, Copy, ValueEnum)]
enum Lang {
    #[value(name = "zh-CN")]
    ZhCn,
    #[value(name = "zh-TW")]
    ZhTw,
    #[value(name = "en")]
    En,
}

#[derive(Subcommand)]
enum Command {
    /// 新建数据库，或把旧版本数据库升级到当前版本（不删改任何数据）
    /// / Create a database, or upgrade an older one in place (no data is changed)
    Init {
        /// 数据库文件 / Database file
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
    },
    /// 把演示用的在保项目写入一个空数据库（约40笔担保，近两年检查记录）
    /// / Write the demo portfolio (about 40 guarantees, two years of visits) into an empty database
    Demo {
        /// 数据库文件（不存在则新建）/ Database file (created if missing)
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        /// 以哪一天为“今天”生成（默认今天）/ The date the demo is written as of (default: today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<NaiveDate>,
    },
    /// 给旧版未加密的数据库设置口令并就地加密（先写好加密副本并核对，再替换原文件）
    /// / Encrypt an old unencrypted database in place with a new passphrase (the encrypted copy
    /// is written and checked before it replaces the original)
    Encrypt {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
    },
    /// 修改数据库口令（整个数据库用新口令重新加密）
    /// / Change the database's passphrase (the whole database is re-encrypted)
    Passwd {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
    },
    /// 校验审计日志的哈希链（被改动、删除或插入的记录都会被发现）
    /// / Verify the audit log's hash chain (an edited, removed or inserted entry is found)
    Verify {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
    },
    /// 核对一份检查表的电子签名：签名有效、内容与 PDF 均未在签名后改动，可选核对签名密钥
    /// / Check a report's electronic signature: valid, its content and PDF unchanged since
    /// signing, and (optionally) made with a given laptop key
    VerifyReport {
        /// 签名文件（{文件编号}.seal.json）/ The seal file ({document number}.seal.json)
        #[arg(long, value_name = "FILE")]
        seal: PathBuf,
        /// 检查表内容文件（{文件编号}.json）/ The report's content file ({document number}.json)
        #[arg(long, value_name = "FILE")]
        content: PathBuf,
        /// 检查表 PDF / The report's PDF
        #[arg(long, value_name = "FILE.pdf")]
        pdf: Option<PathBuf>,
        /// 应为这把公钥所签（64 位十六进制，见 baohou key）/ Must be signed by this public key (64 hex digits, see baohou key)
        #[arg(long, value_name = "HEX")]
        public_key: Option<String>,
    },
    /// 显示本机签名密钥的公钥和指纹（私钥从不离开本机；密钥在出具第一份正式检查表时生成）
    /// / Show this laptop's signing key: its public key and fingerprint (the private key never
    /// leaves it; the key is made with the first final report)
    Key {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
    },
    /// 列出已全部解保的客户及其按制度保留期应从本机清除的日期
    /// / List borrowers whose guarantees are all released, with the day each is due to leave the laptop
    Retention {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        /// 以哪一天判断是否到期（默认今天）/ The day to judge by (default: today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
    },
    /// 把一位客户在本机的全部资料导出到一个新文件夹（检查表 PDF 与电子签名、照片、记录 JSON）
    /// / Export everything this laptop holds about one borrower into a new folder
    ExportBorrower {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        /// 客户编号（见 baohou retention）/ Borrower id (see baohou retention)
        #[arg(long, value_name = "ID")]
        borrower: i64,
        /// 在此目录下新建文件夹 / The folder is made inside this directory
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// 总部已收到其全部检查表后，把一位已解保客户的资料从本机清除（不可恢复）
    /// / Remove a released borrower's data from this laptop once head office holds its reports (cannot be undone)
    RemoveBorrower {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "ID")]
        borrower: i64,
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
    /// 从核心系统导出的 Excel/CSV（UTF-8 或 GBK）导入在保项目：默认只预览，加 --apply 才写入
    /// / Import guarantees from the core system's .xlsx/.xls/.csv (UTF-8 or GBK): previews
    /// unless --apply
    Import {
        /// 要导入的文件 / The file to import
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// 数据库文件 / Database file
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        /// 写入本机数据库（一个事务；默认只预览）/ Write it (one transaction; default: preview only)
        #[arg(long)]
        apply: bool,
        /// 确认按标题推断的列对应关系（某种格式第一次导入时需要，之后沿用）
        /// / Confirm the mapping guessed from the headings (needed the first time a layout is imported; remembered after)
        #[arg(long)]
        confirm_mapping: bool,
        /// 指定某列对应的字段，如 --map "客户名称=borrower"，字段写 none 表示不导入该列；可多次
        /// / Map a column to a field, e.g. --map "客户名称=borrower" (none: ignore the column); repeatable
        #[arg(long, value_name = "HEADING=FIELD")]
        map: Vec<String>,
        /// 跳过有问题的行，只导入其余各行 / Skip the rows with problems and import the rest
        #[arg(long)]
        skip_broken: bool,
        /// 导入日期（记入变更历史，默认今天）/ The day recorded with the changes (default: today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
    },
    /// 导出 Excel 报表：保后管理台账、回访计划表、在保客户风险分类表、逾期工作统计、工作日志
    /// / Export a spreadsheet: the ledger, the quarter's visit plan, the risk classification
    /// table, overdue work by officer, the work log
    Export {
        #[arg(value_enum)]
        what: ExportWhat,
        /// 数据库文件 / Database file
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        /// 输出文件 / Output file
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
        /// 以哪一天计算下次应检查与逾期（默认今天）/ The day next checks and lateness are computed for (default: today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
        /// 计划表、分类表的季度，如 2027Q1（计划表默认：报送日前为本季度，之后为下季度；分类表默认本季度）
        /// / The quarter of the plan or the table, e.g. 2027Q1 (plan: this quarter until its due day, then the next; table: this quarter)
        #[arg(long, value_name = "YYYYQn")]
        quarter: Option<String>,
        /// 工作日志起止日期（默认本月 1 日至今天）/ The work log's first and last day (default: this month)
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<NaiveDate>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<NaiveDate>,
        /// 只导出这位项目经理的工作日志 / Only this officer's log
        #[arg(long, value_name = "NAME")]
        officer: Option<String>,
    },
    /// 查看数据库概况：版本、各表行数、在保余额
    /// / Show a database's schema version, row counts and active balance
    Info {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
    },
    /// 计算待办：每笔担保该做什么、何时到期、依据哪条制度
    /// / Compute what is owed: every task, its due date, and the policy rule it comes from
    #[command(group(clap::ArgGroup::new("source").required(true).args(["db", "portfolio"])))]
    Due {
        /// 数据库文件 / Database file
        #[arg(long, value_name = "FILE")]
        db: Option<PathBuf>,
        /// 不用数据库：从 JSON 组合文件计算（格式见 docs/rules.md）
        /// / Compute from a self-contained JSON portfolio instead (format in docs/rules.md)
        #[arg(long, value_name = "FILE.json")]
        portfolio: Option<PathBuf>,
        /// 以哪一天计算（默认今天）/ The day to compute for (default: today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
        /// 公司制度文件（默认：数据库中现行的制度，未安装则用内置制度）
        /// / Company policy file (default: the policy installed in the database, else the built-in one)
        #[arg(long, value_name = "FILE.toml")]
        policy: Option<PathBuf>,
        /// 只看某位项目经理（A角或B角）/ Only one officer's guarantees (A or B)
        #[arg(long, value_name = "NAME")]
        officer: Option<String>,
        /// 输出 JSON / Print JSON
        #[arg(long)]
        json: bool,
    },
    /// 检查公司制度文件；加 --install 则安装为数据库的现行制度
    /// / Check a company policy file; with --install, make it the database's policy in force
    Policy {
        #[arg(value_name = "FILE.toml")]
        file: PathBuf,
        #[command(flatten)]
        install: InstallInto,
    },
    /// 检查一年的放假安排（国务院公布的节假日与调休上班日，TOML）；加 --install 则安装到数据库，到期日随之重算
    /// / Check one year of the official calendar (holidays and make-up working days, TOML); with
    /// --install, deadlines in the database are counted on it
    Calendar {
        #[arg(value_name = "YYYY.toml")]
        file: PathBuf,
        #[command(flatten)]
        install: InstallInto,
    },
    /// 检查保后检查表模板（.toml，或由 export checklist 导出后编辑的 .xlsx）；加 --install 则安装为数据库今后新检查所用的模板
    /// / Check a visit checklist template (.toml, or an .xlsx edited from `export checklist`); with --install, new visits in the database start from it
    Checklist {
        #[arg(value_name = "FILE.toml|FILE.xlsx")]
        file: PathBuf,
        #[command(flatten)]
        install: InstallInto,
    },
    /// 生成保后检查表 PDF（已完成的检查出具正式版并登记文件编号和内容摘要）
    /// / Render the inspection report PDF (a completed visit is issued and recorded with its number and digest)
    #[command(group(clap::ArgGroup::new("which").required(true).args(["visit", "all_completed"])))]
    Report {
        /// 数据库文件 / Database file
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        /// 检查编号 / Visit id
        #[arg(long, value_name = "ID", requires = "out")]
        visit: Option<i64>,
        /// 输出文件 / Output file
        #[arg(long, value_name = "FILE.pdf", conflicts_with = "all_completed")]
        out: Option<PathBuf>,
        /// 所有已完成的检查，各出一份 / Every completed visit, one file each
        #[arg(long, requires = "out_dir")]
        all_completed: bool,
        /// 输出目录 / Output directory
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
        /// 未完成的检查也可生成，每页标注“草稿” / Allow a visit not completed, marked DRAFT on every page
        #[arg(long, conflicts_with = "all_completed")]
        draft: bool,
    },
    /// 把已完成的检查表发送到总部（一次完整同步）/ Send completed reports to head office (one full sync)
    Sync {
        /// 数据库文件 / Database file
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        /// 总部服务器地址（https://；http:// 仅限本机）/ Head office's address (https://; http:// on this computer only)
        #[arg(long, value_name = "URL")]
        server: String,
        /// 总部证书的根证书（PEM，公司自建 CA 时使用）/ Certificate authority of head office's certificate (PEM, for a company's own CA)
        #[arg(long, value_name = "FILE")]
        ca_file: Option<PathBuf>,
        /// 存放设备令牌的文件 / File holding this laptop's device token
        #[arg(long, value_name = "FILE")]
        token_file: PathBuf,
        /// 等待总部应答的秒数 / Seconds to wait for head office
        #[arg(long, default_value_t = 30)]
        timeout: u64,
        /// 上传分块大小（KB），网络差时可调小 / Upload chunk size in KB (smaller on a poor link)
        #[arg(long, value_name = "KB", default_value_t = 1024)]
        chunk_kb: usize,
    },
    /// 登记一项待办已完成：季度分类复核、回访计划表、预警/代偿当日报告、追偿方案、起诉或和解、跟进事项
    /// / Close a task by recording what was done: a tier review, the visit plan, a same-day
    /// report, the recovery plan, legal action, a follow-up
    Done(done::DoneArgs),
    /// 检查：开始、按字段名逐项填写、导入照片、查看尚缺、完成（与窗口同一套核心调用）
    /// / A visit from the command line: start, set fields by name, photos, review, complete
    Visit {
        #[command(subcommand)]
        command: visit::VisitCommand,
    },
    /// 列出全部担保项目 / List every guarantee
    List {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        /// 输出 JSON（供脚本使用）/ Print JSON for scripts
        #[arg(long)]
        json: bool,
    },
}

/// A value of a coded enum as typed on the command line (its code, or a label in any language),
/// or the list of its codes: the value lists come from the enums themselves.
fn coded<T: Copy>(
    text: &str,
    all: &[T],
    parse: impl Fn(&str) -> Result<T, baohou_core::i18n::UnknownCode>,
    code: impl Fn(T) -> &'static str,
) -> Result<T, String> {
    parse(text).map_err(|_| {
        let codes: Vec<&str> = all.iter().map(|&v| code(v)).collect();
        format!("{text}: {}", codes.join(", "))
    })
}

/// Renders one visit's report and writes it where it belongs.
fn report_one(
    store: &mut Store,
    catalog: &SignalCatalog,
    id: i64,
    kind: report::Kind,
    path: Option<PathBuf>,
    out_dir: Option<&std::path::Path>,
    l: Locale,
) -> Result<(), CliError> {
    let rendered = report::issue(store, catalog, id, kind, now())?;
    let path = match (path, out_dir) {
        (Some(p), _) => p,
        (None, Some(dir)) => dir.join(report::file_name(&rendered.content)),
        (None, None) => PathBuf::from(report::file_name(&rendered.content)),
    };
    report::write_pdf(&path, &rendered.pdf)?;
    println!(
        "{}\t{}\t{} {}\t{} KB\tSHA-256 {}",
        path.display(),
        rendered.content.document_no,
        rendered.pages,
        l.pick("页", "頁", "pages"),
        rendered.pdf.len().div_ceil(1024),
        rendered.digest
    );
    Ok(())
}

/// Where a checked company file is installed, if anywhere.
#[derive(clap::Args)]
struct InstallInto {
    /// 安装到 --db 指定的数据库 / Install it into the database named by --db
    #[arg(long, requires = "db")]
    install: bool,
    /// 数据库文件 / Database file
    #[arg(long, value_name = "FILE", requires = "install")]
    db: Option<PathBuf>,
}

/// Parses the command line, runs the command and returns the exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let locale = match cli.lang {
        Some(Lang::ZhCn) => Locale::ZhCn,
        Some(Lang::ZhTw) => Locale::ZhTw,
        Some(Lang::En) => Locale::En,
        None => std::env::var("LANG")
            .map(|l| Locale::from_posix(&l))
            .unwrap_or_default(),
    };
    match run(cli.command, locale) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!(
                "{}{}",
                locale.pick("错误：", "錯誤：", "error: "),
                err.message(locale)
            );
            ExitCode::FAILURE
        }
    }
}

/// Everything a command can fail with.
enum CliError {
    Store(StoreError),
    Report(ReportError),
    Portfolio(PathBuf, PortfolioFileError),
    Read(PathBuf, std::io::Error),
    Sync(String),
    Export(baohou_core::privacy::ExportError),
    /// A document's refusal (a notice, the release, a withdrawal), or the store under it.
    Document(Box<dyn baohou_core::messages::Explain>),
    /// A sentence already in the user's language.
    Message(String),
}

macro_rules! document_errors {
    ($($ty:ty),*) => {$(
        impl From<$ty> for CliError {
            fn from(e: $ty) -> CliError {
                CliError::Document(Box::new(e))
            }
        }
    )*};
}

document_errors!(
    baohou_core::notices::NoticeError,
    baohou_core::release::ReleaseError,
    baohou_core::withdrawal::WithdrawalError
);

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> CliError {
        CliError::Store(e)
    }
}

impl From<baohou_core::privacy::ExportError> for CliError {
    fn from(e: baohou_core::privacy::ExportError) -> CliError {
        CliError::Export(e)
    }
}

impl From<ReportError> for CliError {
    fn from(e: ReportError) -> CliError {
        CliError::Report(e)
    }
}

impl CliError {
    fn message(&self, l: Locale) -> String {
        match self {
            CliError::Store(e) => store_message(e, l),
            CliError::Report(e) => report_message(e, l),
            CliError::Portfolio(path, e) => format!(
                "{} {}: {}",
                l.pick("组合文件", "組合檔案", "portfolio file"),
                path.display(),
                portfolio_file_message(e, l)
            ),
            CliError::Read(path, e) => format!(
                "{} {}: {e}",
                l.pick("无法读取", "無法讀取", "cannot read"),
                path.display()
            ),
            CliError::Export(e) => baohou_core::messages::export_message(e, l),
            CliError::Document(e) => e.user_error(l).message,
            CliError::Sync(why) | CliError::Message(why) => why.clone(),
        }
    }
}

/// A passphrase from `var`, else asked on the terminal (twice when it is a new one).
fn passphrase(var: &str, new: bool, l: Locale) -> Result<Passphrase, CliError> {
    use std::io::IsTerminal;
    if let Some(v) = std::env::var_os(var).filter(|v| !v.is_empty()) {
        let text = v.into_string().map_err(|_| {
            CliError::Message(format!(
                "{var}{}",
                l.pick(
                    " 不是有效的 UTF-8 文本",
                    " 不是有效的 UTF-8 文字",
                    " is not valid UTF-8"
                )
            ))
        })?;
        return Ok(Passphrase::new(text));
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Message(format!(
            "{}{var}{}",
            l.pick(
                "需要数据库口令：请设置环境变量 ",
                "需要資料庫口令：請設定環境變數 ",
                "The database passphrase is needed: set "
            ),
            l.pick(
                "，或在终端中运行。",
                "，或在終端機中執行。",
                ", or run this in a terminal."
            )
        )));
    }
    let ask = |prompt: &str| {
        rpassword::prompt_password(prompt)
            .map(Passphrase::new)
            .map_err(|e| CliError::Read(PathBuf::from("/dev/tty"), e))
    };
    if !new {
        return ask(l.pick("数据库口令：", "資料庫口令：", "Database passphrase: "));
    }
    let first = ask(l.pick("设置新口令：", "設定新口令：", "New passphrase: "))?;
    let again = ask(l.pick("再输入一次：", "再輸入一次：", "Again: "))?;
    if first.as_str() != again.as_str() {
        return Err(CliError::Message(
            l.pick(
                "两次输入的口令不一致，未作任何改动。",
                "兩次輸入的口令不一致，未作任何改動。",
                "The two passphrases differ; nothing was changed.",
            )
            .to_owned(),
        ));
    }
    Ok(first)
}

/// Opens the encrypted database at `db`: a new file gets a new passphrase (checked), an
/// existing one is unlocked with its own.
fn open_store(db: &Path, mode: OpenMode, l: Locale) -> Result<Store, CliError> {
    let new = mode == OpenMode::CreateOrUpgrade && key::file_kind(db)? == FileKind::Missing;
    let pass = passphrase("BAOHOU_PASSPHRASE", new, l)?;
    if new {
        key::check_new_passphrase(pass.as_str())?;
    }
    // Another process may create the same new file meanwhile, under a salt of its own: then
    // this key does not fit, and the file's salt is read again.
    let mut attempt = 0;
    loop {
        let key = DbKey::for_file(db, pass.as_str())?;
        match Store::open(db, mode, &key) {
            Err(StoreError::WrongPassphrase { .. }) if new && attempt < 3 => {
                attempt += 1;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            result => return Ok(result?),
        }
    }
}

fn read_text(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|e| CliError::Read(path.to_path_buf(), e))
}

fn load_policy(path: Option<&PathBuf>) -> Result<Policy, CliError> {
    match path {
        None => Ok(Policy::builtin()),
        Some(p) => Policy::from_toml(&read_text(p)?, &p.display().to_string()).map_err(|error| {
            CliError::Store(StoreError::InvalidDataFile {
                kind: DataFileKind::Policy,
                error,
            })
        }),
    }
}

/// `due --json` output.
#[derive(Serialize)]
struct DueJson<'a> {
    as_of: chrono::NaiveDate,
    policy_version: &'a str,
    tasks: Vec<TaskJson<'a>>,
    calendar_warnings: Vec<CalendarWarningJson>,
    signals_raised: &'a [RaisedSignal],
}

#[derive(Serialize)]
struct TaskJson<'a> {
    contract_no: Option<&'a str>,
    borrower: Option<&'a str>,
    officer: Option<&'a str>,
    kind: baohou_core::tasks::TaskKind,
    anchor: &'a str,
    due: chrono::NaiveDate,
    state: TaskState,
    days_overdue: u32,
    done_on: Option<chrono::NaiveDate>,
    rule: baohou_core::policy::PolicyKey,
    reason: String,
}

#[derive(Serialize)]
struct CalendarWarningJson {
    year: i32,
    message: String,
}

/// Writes a command's output at once. A reader that stops early (`| head`) is not an error:
/// what it did not read is simply not wanted.
fn emit(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("{e}");
    }
}

fn print_agenda(
    agenda: &Agenda,
    raised: &[RaisedSignal],
    json: bool,
    l: Locale,
) -> Result<(), CliError> {
    let warnings: Vec<CalendarWarningJson> = agenda
        .calendar_gaps
        .iter()
        .map(|y| CalendarWarningJson {
            year: *y,
            message: calendar_gap_message(*y, l),
        })
        .collect();
    if json {
        let out = DueJson {
            as_of: agenda.as_of,
            policy_version: &agenda.policy_version,
            tasks: agenda
                .tasks
                .iter()
                .map(|t| TaskJson {
                    contract_no: t.contract_no.as_deref(),
                    borrower: t.borrower.as_deref(),
                    officer: t.officer.as_deref(),
                    kind: t.kind,
                    anchor: &t.anchor,
                    due: t.due,
                    state: t.state,
                    days_overdue: t.days_overdue,
                    done_on: t.done_on,
                    rule: t.rule,
                    reason: t.reason_text(l),
                })
                .collect(),
            calendar_warnings: warnings,
            signals_raised: raised,
        };
        let text = serde_json::to_string_pretty(&out)
            .map_err(|e| CliError::Store(StoreError::Invalid(e.to_string())))?;
        emit(&format!("{text}\n"));
        return Ok(());
    }
    for w in &warnings {
        eprintln!("{}{}", l.pick("注意：", "注意：", "note: "), w.message);
    }
    let mut out = String::new();
    let count = |s: TaskState| agenda.tasks.iter().filter(|t| t.state == s).count();
    let _ = writeln!(
        out,
        "{} {} · {} {} · {} {} · {} {} · {} {}（{} {}）",
        agenda.as_of,
        l.pick("待办", "待辦", "agenda"),
        TaskState::Overdue.label(l),
        count(TaskState::Overdue),
        TaskState::DueToday.label(l),
        count(TaskState::DueToday),
        TaskState::Upcoming.label(l),
        count(TaskState::Upcoming),
        TaskState::Done.label(l),
        count(TaskState::Done),
        l.pick("制度版本", "制度版本", "policy"),
        agenda.policy_version
    );
    for r in raised {
        let _ = writeln!(
            out,
            "{} {} {} {} {}：{}",
            l.pick("新预警", "新預警", "new signal"),
            r.contract_no,
            r.found,
            r.code,
            r.title,
            r.evidence
        );
    }
    for t in &agenda.tasks {
        let state = match t.state {
            TaskState::Overdue => format!(
                "{} {}{}",
                t.state.label(l),
                t.days_overdue,
                l.pick("天", "天", "d")
            ),
            _ => t.state.label(l).to_owned(),
        };
        let _ = writeln!(
            out,
            "{state}\t{}\t{}\t{}\t{}\t{}\t[{}]",
            t.due,
            t.contract_no
                .as_deref()
                .or(t.officer.as_deref())
                .unwrap_or("-"),
            t.borrower.as_deref().unwrap_or("-"),
            t.kind.label(l),
            t.reason_text(l),
            t.rule
        );
    }
    emit(&out);
    Ok(())
}

/// `2027Q1` (or `2027q1`, `2027-Q1`) as the quarter's first day.
fn parse_quarter(text: &str, l: Locale) -> Result<NaiveDate, CliError> {
    let t = text.trim().to_ascii_uppercase().replace('-', "");
    let parsed = t.split_once('Q').and_then(|(y, q)| {
        let (y, q) = (y.parse::<i32>().ok()?, q.parse::<u32>().ok()?);
        (1..=4)
            .contains(&q)
            .then(|| NaiveDate::from_ymd_opt(y, (q - 1) * 3 + 1, 1))
            .flatten()
    });
    parsed.ok_or_else(|| {
        CliError::Message(format!(
            "{text}: {}",
            l.pick(
                "季度应写成如 2027Q1",
                "季度應寫成如 2027Q1",
                "write the quarter as e.g. 2027Q1"
            )
        ))
    })
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

/// Writes a document the command made to `out`, whole or not at all.
fn write_out(out: &Path, bytes: &[u8]) -> Result<(), CliError> {
    baohou_core::files::write_whole(out, bytes).map_err(|source| {
        baohou_core::privacy::ExportError::Write {
            path: out.to_path_buf(),
            source,
        }
    })?;
    Ok(())
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

struct ImportOptions {
    apply: bool,
    confirm_mapping: bool,
    map: Vec<String>,
    skip_broken: bool,
    as_of: NaiveDate,
}

/// `baohou import`: the preview (or what was written), row by row.
fn import_file(path: &Path, db: &Path, options: ImportOptions, l: Locale) -> Result<(), CliError> {
    use baohou_core::messages::{import_error_message, import_run_message};
    use baohou_core::sheets::import::{self as imp, ImportChoice, ImportField};
    let file = imp::open_path(path).map_err(|e| CliError::Message(import_error_message(&e, l)))?;
    let mut store = open_store(db, OpenMode::Existing, l)?;
    let given = if options.map.is_empty() && !options.confirm_mapping {
        None
    } else {
        let mut mapping = match store.remembered_mapping(&file.layout.signature)? {
            Some(m) => m,
            None => imp::guess_mapping(&file.layout),
        };
        for spec in &options.map {
            let Some((heading, field)) = spec.rsplit_once('=') else {
                return Err(CliError::Message(format!(
                    "--map {spec}: {}",
                    l.pick(
                        "应写成 列标题=字段",
                        "應寫成 欄標題=欄位",
                        "write it as HEADING=FIELD"
                    )
                )));
            };
            let field = match field.trim() {
                "none" | "-" | "不导入" => None,
                f => Some(ImportField::from_name(f).map_err(|_| {
                    let fields: Vec<String> = ImportField::ALL
                        .iter()
                        .map(|f| format!("{}（{}）", f.code(), f.label(l)))
                        .collect();
                    CliError::Message(format!(
                        "--map {spec}: {}{}",
                        l.pick("字段应为 ", "欄位應為 ", "the field is one of "),
                        fields.join("、")
                    ))
                })?),
            };
            let Some(column) = mapping.iter_mut().find(|m| m.heading == heading.trim()) else {
                return Err(CliError::Message(format!(
                    "--map {spec}: {}{}",
                    l.pick(
                        "文件中没有这一列：",
                        "檔案中沒有這一欄：",
                        "no such column: "
                    ),
                    heading.trim()
                )));
            };
            column.field = field;
        }
        Some(mapping)
    };
    let choice = if options.apply {
        ImportChoice::Write {
            skip_broken: options.skip_broken,
        }
    } else {
        ImportChoice::Preview
    };
    let report = imp::run_import(
        &mut store,
        &file,
        given.clone(),
        choice,
        options.as_of,
        now(),
        l,
    );
    let report = match report {
        Ok(r) => r,
        Err(e) => {
            // Show the preview with the reason, so the user sees what to fix.
            if let Ok(preview) = imp::run_import(
                &mut store,
                &file,
                given,
                ImportChoice::Preview,
                options.as_of,
                now(),
                l,
            ) {
                print_import_report(&preview, l);
            }
            return Err(CliError::Message(import_run_message(&e, l)));
        }
    };
    print_import_report(&report, l);
    Ok(())
}

fn print_import_report(r: &baohou_core::sheets::import::SheetImport, l: Locale) {
    let sheet = if r.sheet.is_empty() {
        String::new()
    } else {
        format!("（{}）", r.sheet)
    };
    println!(
        "{}{}{sheet}{}{}{}",
        l.pick("文件：", "檔案：", "File: "),
        r.file_name,
        l.pick("，标题在第 ", "，標題在第 ", ", headings on row "),
        r.heading_row,
        l.pick(" 行", " 行", "")
    );
    println!("{}{}", r.mapping_source.label(l), l.pick("：", "：", ":"));
    for m in &r.mapping {
        let field = m
            .field
            .map(|f| format!("{}（{}）", f.label(l), f.code()))
            .unwrap_or_else(|| l.pick("不导入", "不匯入", "ignored").into());
        println!("  {} → {field}", m.heading);
    }
    println!(
        "{} {}{} {}{} {}{} {}{} {}",
        l.pick("读到", "讀到", "Rows read:"),
        r.rows_read,
        l.pick(" 行：新增", " 行：新增", "; new"),
        r.new.len(),
        l.pick("，更新", "，更新", ", changed"),
        r.changed.len(),
        l.pick("，未变", "，未變", ", unchanged"),
        r.unchanged,
        l.pick("，有问题", "，有問題", ", with problems"),
        r.broken_rows
    );
    for n in &r.new {
        println!(
            "  {} {} {} {}",
            l.pick("新增", "新增", "new"),
            n.contract_no,
            n.borrower,
            row_label(n.row, l)
        );
    }
    for c in &r.changed {
        println!(
            "  {} {} {}",
            l.pick("更新", "更新", "changed"),
            c.contract_no,
            row_label(c.row, l)
        );
        for f in &c.changes {
            println!("    {}：{} → {}", f.field.label(l), f.before, f.after);
        }
    }
    for p in &r.problems {
        println!(
            "  {} {}{}",
            row_label(p.row, l),
            p.contract_no
                .as_deref()
                .map(|c| format!("{c} "))
                .unwrap_or_default(),
            p.message
        );
    }
    if !r.new_officers.is_empty() {
        println!(
            "{}{}",
            l.pick("将新建项目经理：", "將新建項目經理：", "New officers: "),
            r.new_officers.join("、")
        );
    }
    if !r.new_borrowers.is_empty() {
        println!(
            "{}{}",
            l.pick("将新建被担保人：", "將新建被擔保人：", "New borrowers: "),
            r.new_borrowers.join("、")
        );
    }
    if r.written {
        println!(
            "{}",
            l.pick(
                "已导入（一个事务）；变更已记入历史。",
                "已匯入（一個交易）；變更已記入歷史。",
                "Imported in one transaction; the changes are kept in history."
            )
        );
    } else {
        println!(
            "{}",
            l.pick(
                "以上为预览，未写入。确认无误后加 --apply 导入。",
                "以上為預覽，未寫入。確認無誤後加 --apply 匯入。",
                "This is a preview; nothing was written. Add --apply to import."
            )
        );
    }
}

fn row_label(row: usize, l: Locale) -> String {
    match l {
        Locale::En => format!("(row {row})"),
        _ => format!("（第 {row} 行）"),
    }
}

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::Local::now().fixed_offset()
}

/// What installing a policy or template did, in a sentence.
fn print_installed(kind: DataFileKind, outcome: Installed, db: &std::path::Path, l: Locale) {
    let text = match (kind, outcome) {
        (DataFileKind::Policy, Installed::New) => l.pick(
            "已安装为现行制度：",
            "已安裝為現行制度：",
            "Installed as the policy in force: ",
        ),
        (DataFileKind::Template, Installed::New) => l.pick(
            "已安装，今后新开始的检查使用此模板：",
            "已安裝，今後新開始的檢查使用此範本：",
            "Installed; visits started from now on use it: ",
        ),
        (DataFileKind::Calendar, Installed::New) => l.pick(
            "已安装，到期日按此放假安排重算：",
            "已安裝，到期日按此放假安排重算：",
            "Installed; deadlines are counted on it from now on: ",
        ),
        (_, Installed::Again) => l.pick(
            "此版本已安装过，现重新启用：",
            "此版本已安裝過，現重新啟用：",
            "This version was installed before; it is in use again: ",
        ),
    };
    println!("{text}{}", db.display());
}

fn run(command: Command, l: Locale) -> Result<(), CliError> {
    match command {
        Command::Init { db } => {
            let store = open_store(&db, OpenMode::CreateOrUpgrade, l)?;
            let m = store.migration();
            if m.from_version == 0 {
                println!(
                    "{}{}（{} {}）",
                    l.pick("已新建数据库：", "已建立資料庫：", "Created database: "),
                    db.display(),
                    l.pick("版本", "版本", "version"),
                    m.to_version
                );
            } else if m.upgraded() {
                println!(
                    "{}{}（{} → {}）",
                    l.pick("已升级数据库：", "已升級資料庫：", "Upgraded database: "),
                    db.display(),
                    m.from_version,
                    m.to_version
                );
            } else {
                println!(
                    "{}{}（{} {}）",
                    l.pick(
                        "数据库已是最新版本：",
                        "資料庫已是最新版本：",
                        "Database is up to date: "
                    ),
                    db.display(),
                    l.pick("版本", "版本", "version"),
                    m.to_version
                );
            }
        }
        Command::Demo { db, today } => {
            let today = today.unwrap_or_else(|| chrono::Local::now().date_naive());
            let mut store = open_store(&db, OpenMode::CreateOrUpgrade, l)?;
            let s = write_demo(&mut store, today)?;
            println!(
                "{}{}",
                l.pick("已写入演示数据：", "已寫入示範資料：", "Demo written: "),
                db.display()
            );
            println!(
                "  {} {} · {} {} · {} {} · {} {} · {} {} · {} {}",
                l.pick("担保项目", "擔保項目", "guarantees"),
                s.guarantees,
                l.pick("借款人", "借款人", "borrowers"),
                s.borrowers,
                l.pick("检查记录", "檢查記錄", "visits"),
                s.visits,
                l.pick("预警信号", "預警信號", "signals"),
                s.signals,
                l.pick("待办", "待辦", "tasks"),
                s.tasks,
                l.pick("人员", "人員", "officers"),
                s.officers
            );
        }
        Command::Encrypt { db } => {
            // Refused before a passphrase is asked when the file is not a plain Baohou database.
            baohou_core::store::require_unencrypted(&db)?;
            let pass = passphrase("BAOHOU_PASSPHRASE", true, l)?;
            key::check_new_passphrase(pass.as_str())?;
            baohou_core::store::encrypt_in_place(&db, &DbKey::fresh(pass.as_str())?)?;
            println!(
                "{}{}",
                l.pick("已加密：", "已加密：", "Encrypted: "),
                db.display()
            );
            println!(
                "{}",
                l.pick(
                    "请牢记口令：忘记口令将无法在本机恢复数据（已送达总部的检查表不受影响）。",
                    "請牢記口令：忘記口令將無法在本機恢復資料（已送達總部的檢查表不受影響）。",
                    "Remember the passphrase: if it is forgotten, this laptop's data cannot be recovered (reports already at head office are safe)."
                )
            );
        }
        Command::Passwd { db } => {
            let store = open_store(&db, OpenMode::Existing, l)?;
            let new = passphrase("BAOHOU_NEW_PASSPHRASE", true, l)?;
            key::check_new_passphrase(new.as_str())?;
            store.rekey(&DbKey::fresh(new.as_str())?)?;
            println!(
                "{}{}",
                l.pick("口令已修改：", "口令已修改：", "Passphrase changed: "),
                db.display()
            );
        }
        Command::Verify { db } => {
            let store = open_store(&db, OpenMode::Existing, l)?;
            let check = store.verify_audit()?;
            match &check.broken {
                None => println!(
                    "{}{}{}{}",
                    l.pick("审计日志完整：", "審計日誌完整：", "Audit log intact: "),
                    check.entries,
                    l.pick(" 条记录，链头 ", " 條記錄，鏈頭 ", " entries, head "),
                    check.head
                ),
                Some(b) => {
                    return Err(CliError::Message(
                        baohou_core::messages::audit_break_message(b, l),
                    ));
                }
            }
        }
        Command::VerifyReport {
            seal,
            content,
            pdf,
            public_key,
        } => {
            let read =
                |path: &PathBuf| std::fs::read(path).map_err(|e| CliError::Read(path.clone(), e));
            let seal_error = |e| CliError::Message(baohou_core::messages::seal_message(&e, l));
            let sealed = ReportSeal::from_json(&read(&seal)?).map_err(seal_error)?;
            let content_bytes = read(&content)?;
            let document_no = serde_json::from_slice::<serde_json::Value>(&content_bytes)
                .ok()
                .and_then(|v| v.get("document_no")?.as_str().map(str::to_owned))
                .ok_or_else(|| {
                    CliError::Message(format!(
                        "{}{}",
                        content.display(),
                        l.pick(
                            " 不是检查表内容文件（没有文件编号）。",
                            " 不是檢查表內容檔案（沒有文件編號）。",
                            " is not a report's content file (it has no document number)."
                        )
                    ))
                })?;
            let pdf_bytes = pdf.as_ref().map(read).transpose()?;
            sealed
                .verify_report(&document_no, &content_bytes, pdf_bytes.as_deref())
                .map_err(seal_error)?;
            if let Some(key) = &public_key {
                sealed.verify_key(key).map_err(seal_error)?;
            }
            println!(
                "{}{document_no}{}{}{}{}",
                l.pick("检查表 ", "檢查表 ", "Report "),
                l.pick(
                    " 的电子签名有效，内容未在签名后改动",
                    " 的電子簽名有效，內容未在簽名後改動",
                    ": the signature holds and the content is unchanged since signing"
                ),
                if pdf_bytes.is_some() {
                    l.pick("，PDF 亦未改动", "，PDF 亦未改動", ", and so is the PDF")
                } else {
                    l.pick(
                        "（未核对 PDF）",
                        "（未核對 PDF）",
                        " (the PDF was not checked)",
                    )
                },
                l.pick("。签名时间 ", "。簽名時間 ", ". Signed at "),
                sealed.signed_at.to_rfc3339(),
            );
            println!(
                "{}{}{}",
                l.pick("签名密钥指纹 ", "簽名金鑰指紋 ", "Signing key fingerprint "),
                sealed.fingerprint(),
                if public_key.is_some() {
                    l.pick(
                        "（与给定公钥一致）",
                        "（與給定公鑰一致）",
                        " (the key given)",
                    )
                } else {
                    l.pick(
                        "（请与总部登记的本机指纹核对）",
                        "（請與總部登記的本機指紋核對）",
                        " (compare it with the laptop's fingerprint on record)",
                    )
                }
            );
        }
        Command::Retention { db, as_of } => {
            let store = open_store(&db, OpenMode::Existing, l)?;
            let policy = store.policy_in_force()?;
            let today = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
            let rows = baohou_core::privacy::retention(&store, &policy, today)?;
            let mut out = String::new();
            let _ = writeln!(
                out,
                "{}{}{}",
                l.pick(
                    "解保后在本机保留 ",
                    "解保後在本機保留 ",
                    "Kept on the laptop for "
                ),
                policy.released_retention_days(),
                l.pick(
                    " 天（制度 [security]）",
                    " 天（制度 [security]）",
                    " days after release (policy [security])"
                )
            );
            for r in &rows {
                let state = if !r.item.blockers.is_empty() {
                    r.item
                        .blockers
                        .iter()
                        .map(|b| baohou_core::messages::removal_blocker_message(b, l))
                        .collect::<Vec<_>>()
                        .join(l.pick("；", "；", "; "))
                } else if r.due {
                    l.pick("已到期，可清除", "已到期，可清除", "due: can be removed")
                        .to_owned()
                } else {
                    l.pick("未到期", "未到期", "not yet due").to_owned()
                };
                let _ = writeln!(
                    out,
                    "{}\t{}\t{}{}\t{}{}\t{state}",
                    r.item.borrower_id,
                    r.item.borrower,
                    l.pick("解保 ", "解保 ", "released "),
                    r.item.released_on,
                    l.pick("应清除 ", "應清除 ", "due "),
                    r.item.due_on,
                );
            }
            emit(&out);
        }
        Command::ExportBorrower { db, borrower, out } => {
            let store = open_store(&db, OpenMode::Existing, l)?;
            let summary = baohou_core::privacy::export_borrower(&store, borrower, &out, now())?;
            println!(
                "{}{}（{} {}，{} KB）",
                l.pick("已导出：", "已匯出：", "Exported: "),
                summary.folder,
                summary.files,
                l.pick("个文件", "個檔案", "files"),
                summary.bytes.div_ceil(1024)
            );
        }
        Command::RemoveBorrower { db, borrower } => {
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let r = store.remove_borrower(borrower, now())?;
            println!(
                "{}{}{}{}{}{}{}{}{}",
                l.pick(
                    "已从本机清除 ",
                    "已從本機清除 ",
                    "Removed from this laptop: "
                ),
                r.borrower,
                l.pick("：担保 ", "：擔保 ", ": guarantees "),
                r.guarantees,
                l.pick("，检查 ", "，檢查 ", ", visits "),
                r.visits,
                l.pick("，照片 ", "，照片 ", ", photos "),
                r.photos,
                l.pick(
                    "（审计日志中的相关内容已抹去，哈希链仍完整）",
                    "（審計日誌中的相關內容已抹去，雜湊鏈仍完整）",
                    " (their audit entries' content erased; the hash chain still holds)"
                )
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
            let source =
                baohou_core::recovery::RecoverySource::from_name(&source).map_err(|_| {
                    CliError::Message(format!(
                        "--source {source}: {}borrower, guarantor, collateral, court, other",
                        l.pick("应为 ", "應為 ", "one of ")
                    ))
                })?;
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
            let channel = ContactChannel::from_name(&channel).map_err(|_| {
                CliError::Message(format!(
                    "--channel {channel}: {}phone, sms, visit, meeting, letter, lawyer_letter",
                    l.pick("应为 ", "應為 ", "one of ")
                ))
            })?;
            let party = ContactParty::from_name(&party).map_err(|_| {
                CliError::Message(format!(
                    "--party {party}: {}borrower, manager, guarantor, family, other, nobody",
                    l.pick("应为 ", "應為 ", "one of ")
                ))
            })?;
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
            let raised = store.raise_broken_promises(today, &policy, &SignalCatalog::builtin())?;
            if !raised.is_empty() {
                println!(
                    "{}{}",
                    l.pick(
                        "承诺还款未兑现，已触发预警：",
                        "承諾還款未兌現，已觸發預警：",
                        "Broken promises raised signals: "
                    ),
                    raised.len()
                );
            }
            print_collection(&store, guarantee, today, l)?;
        }
        Command::Notice {
            db,
            guarantee,
            kind,
            out,
        } => {
            use baohou_core::notices::NoticeKind;
            let kind = NoticeKind::from_name(&kind).map_err(|_| {
                CliError::Message(format!(
                    "--kind {kind}: {}maturity, repayment_reminder, overdue",
                    l.pick("应为 ", "應為 ", "one of ")
                ))
            })?;
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
            let method = DeliveryMethod::from_name(&method).map_err(|_| {
                CliError::Message(format!(
                    "--method {method}: {}in_person, post, electronic",
                    l.pick("应为 ", "應為 ", "one of ")
                ))
            })?;
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let n = store.record_delivery(&no, on, method, note.as_deref(), now())?;
            print_notice(&n, l);
        }
        Command::NoticeReceipt { db, no, on, note } => {
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let n = store.record_receipt(&no, on, note.as_deref(), now())?;
            print_notice(&n, l);
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
                    WithdrawalGround::from_name(g).map_err(|_| {
                        CliError::Message(format!(
                            "--ground {g}: {}funds_misused, false_information, major_risk",
                            l.pick("应为 ", "應為 ", "one of ")
                        ))
                    })
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
            let decision = WithdrawalDecision::from_name(&decision).map_err(|_| {
                CliError::Message(format!(
                    "--decision {decision}: {}approved, rejected",
                    l.pick("应为 ", "應為 ", "one of ")
                ))
            })?;
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let w =
                store.record_withdrawal_decision(&no, decision, on, &by, note.as_deref(), now())?;
            println!("{} {}（{} {}）", w.document_no, decision.label(l), by, on);
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
        Command::Import {
            file,
            db,
            apply,
            confirm_mapping,
            map,
            skip_broken,
            as_of,
        } => {
            import_file(
                &file,
                &db,
                ImportOptions {
                    apply,
                    confirm_mapping,
                    map,
                    skip_broken,
                    as_of: as_of.unwrap_or_else(|| chrono::Local::now().date_naive()),
                },
                l,
            )?;
        }
        Command::Export {
            what,
            db,
            out,
            as_of,
            quarter,
            from,
            to,
            officer,
        } => {
            use baohou_core::sheets::{self, SheetKind};
            let store = open_store(&db, OpenMode::Existing, l)?;
            let as_of = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
            let kind = match what {
                ExportWhat::Ledger => SheetKind::Ledger,
                ExportWhat::Plan => SheetKind::Plan,
                ExportWhat::RiskTable => SheetKind::RiskTable,
                ExportWhat::Overdue => SheetKind::Overdue,
                ExportWhat::Log => SheetKind::Log,
                ExportWhat::Checklist => SheetKind::Checklist,
            };
            let options = sheets::ExportOptions {
                quarter: quarter.map(|q| parse_quarter(&q, l)).transpose()?,
                from,
                to,
                officer,
            };
            let sheets::Exported { bytes, lines } =
                sheets::export(&store, kind, as_of, &options, l)
                    .map_err(|e| CliError::Message(baohou_core::messages::sheet_message(&e, l)))?;
            let unit = match kind {
                SheetKind::Ledger => l.pick("笔担保", "筆擔保", "guarantees"),
                SheetKind::Plan => l.pick("次检查", "次檢查", "checks"),
                SheetKind::RiskTable => l.pick("笔在保", "筆在保", "active guarantees"),
                SheetKind::Overdue => l.pick("项逾期", "項逾期", "overdue tasks"),
                SheetKind::Log => l.pick("条", "條", "entries"),
                SheetKind::Checklist => l.pick("个检查项", "個檢查項", "items"),
            };
            let what = kind.label(l);
            let count = lines;
            write_out(&out, &bytes)?;
            println!(
                "{}{what}{}{}（{count} {unit}，{} KB）",
                l.pick("已导出", "已匯出", "Written: "),
                l.pick("：", "：", ": "),
                out.display(),
                bytes.len().div_ceil(1024)
            );
        }
        Command::Key { db } => {
            // Shown, never made here: the key is made with the laptop's first final report.
            let store = open_store(&db, OpenMode::Existing, l)?;
            match store.laptop_public_key()? {
                Some(public_key) => {
                    println!(
                        "{}{public_key}",
                        l.pick("签名公钥：", "簽名公鑰：", "Signing public key: ")
                    );
                    println!(
                        "{}{}",
                        l.pick("指纹：", "指紋：", "Fingerprint: "),
                        baohou_core::sealed::seal::fingerprint(&public_key)
                    );
                }
                None => println!(
                    "{}",
                    l.pick(
                        "本机尚无签名密钥：出具第一份正式检查表时生成。",
                        "本機尚無簽名金鑰：出具第一份正式檢查表時產生。",
                        "This laptop has no signing key yet: it is made with the first final report."
                    )
                ),
            }
        }
        Command::Done(args) => done::run(args, l)?,
        Command::Visit { command } => visit::run(command, l)?,
        Command::Info { db } => {
            let store = open_store(&db, OpenMode::Existing, l)?;
            // Written at once: a reader that stops early (`| head`) is not an error.
            let mut out = String::new();
            let totals = store.portfolio_totals()?;
            let _ = writeln!(
                out,
                "{}{}",
                l.pick("数据库：", "資料庫：", "Database: "),
                db.display()
            );
            let _ = writeln!(
                out,
                "{}{}",
                l.pick("结构版本：", "結構版本：", "Schema version: "),
                store.schema_version()?
            );
            let policy = store.policy_in_force()?;
            let _ = writeln!(
                out,
                "{}{}（{} {}）",
                l.pick("现行制度：", "現行制度：", "Policy in force: "),
                policy.policy.name,
                l.pick("版本", "版本", "version"),
                policy.version()
            );
            if let Some(as_of) = store.meta("demo_as_of")? {
                let _ = writeln!(
                    out,
                    "{}{as_of}",
                    l.pick("演示数据，日期：", "示範資料，日期：", "Demo data as of: ")
                );
            }
            let code = store.laptop_code_in_use()?;
            let _ = writeln!(
                out,
                "{}{}{}",
                l.pick(
                    "本机编号（文书编号中的一段）：",
                    "本機編號（文書編號中的一段）：",
                    "Laptop code (in every document number): "
                ),
                code.code,
                match &code.registered_with {
                    Some(with) => format!(
                        "（{}{}）",
                        l.pick("已在总部登记：", "已在總部登記：", "registered with "),
                        with.split('#').next().unwrap_or_default()
                    ),
                    None => l
                        .pick(
                            "（尚未在总部登记）",
                            "（尚未在總部登記）",
                            " (not yet registered)"
                        )
                        .to_owned(),
                }
            );
            let _ = writeln!(
                out,
                "{}{} / {}",
                l.pick("在保 / 全部：", "在保 / 全部：", "Active / all: "),
                totals.active,
                totals.guarantees
            );
            let _ = writeln!(
                out,
                "{}{} {} ({} {})",
                l.pick("在保余额：", "在保餘額：", "Active balance: "),
                totals.active_amount.grouped(),
                l.pick("元", "元", "CNY"),
                totals.active_amount.wan_display(),
                l.pick("万元", "萬元", "×10k CNY")
            );
            for (table, n) in store.row_counts()? {
                let _ = writeln!(out, "  {table:<24} {n}");
            }
            emit(&out);
        }
        Command::Due {
            db,
            portfolio,
            as_of,
            policy,
            officer,
            json,
        } => {
            let calendar = WorkCalendar::builtin();
            let as_of = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
            match (db, portfolio) {
                (_, Some(path)) => {
                    let policy = load_policy(policy.as_ref())?;
                    let engine = Engine::new(&policy, &calendar);
                    let text = read_text(&path)?;
                    let file = PortfolioFile::from_json(&text, &policy, &SignalCatalog::builtin())
                        .map_err(|e| CliError::Portfolio(path.clone(), e))?;
                    let mut guarantees = file.guarantees;
                    if let Some(name) = &officer {
                        guarantees.retain(|g| g.officer.as_deref() == Some(name.as_str()));
                    }
                    let agenda = engine.agenda(as_of, &guarantees, &[]);
                    print_agenda(&agenda, &file.raised, json, l)?;
                }
                (Some(db), None) => {
                    let store = open_store(&db, OpenMode::Existing, l)?;
                    let policy = match &policy {
                        Some(_) => load_policy(policy.as_ref())?,
                        None => store.policy_in_force()?,
                    };
                    let calendar = store.calendar()?;
                    let engine = Engine::new(&policy, &calendar);
                    let agenda = agenda_from_store(&store, &engine, as_of, officer.as_deref())?;
                    print_agenda(&agenda, &[], json, l)?;
                }
                (None, None) => unreachable!("clap requires --db or --portfolio"),
            }
        }
        Command::Policy { file, install } => {
            let policy = load_policy(Some(&file))?;
            println!(
                "{}{}（{} {}）",
                l.pick("制度文件有效：", "制度檔案有效：", "Policy is valid: "),
                policy.policy.name,
                l.pick("版本", "版本", "version"),
                policy.version()
            );
            if let Some(db) = install.db {
                let mut store = open_store(&db, OpenMode::Existing, l)?;
                let (_, outcome) =
                    store.install_policy(&read_text(&file)?, &file.display().to_string(), now())?;
                print_installed(DataFileKind::Policy, outcome, &db, l);
            }
        }
        Command::Calendar { file, install } => {
            let text = read_text(&file)?;
            let origin = file.display().to_string();
            let mut calendar = WorkCalendar::default();
            let year = calendar.add_year(&text, &origin).map_err(|error| {
                CliError::Store(StoreError::InvalidDataFile {
                    kind: DataFileKind::Calendar,
                    error,
                })
            })?;
            println!(
                "{}{year}（{}）",
                l.pick(
                    "放假安排有效：",
                    "放假安排有效：",
                    "Calendar year is valid: "
                ),
                calendar.source(year).unwrap_or_default()
            );
            if let Some(db) = install.db {
                let mut store = open_store(&db, OpenMode::Existing, l)?;
                let (_, outcome) = store.install_calendar_year(&text, &origin, now())?;
                print_installed(DataFileKind::Calendar, outcome, &db, l);
            }
        }
        Command::Checklist { file, install } => {
            let origin = file.display().to_string();
            let bytes = std::fs::read(&file).map_err(|e| CliError::Read(file.clone(), e))?;
            // A spreadsheet (edited from `baohou export checklist`) or the TOML file itself.
            let is_sheet = bytes.starts_with(b"PK\x03\x04")
                || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
                || file
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
            let (template, text) = if is_sheet {
                baohou_core::sheets::template::read_template(
                    &bytes,
                    &origin,
                    &SignalCatalog::builtin(),
                )
                .map_err(|e| {
                    CliError::Message(baohou_core::messages::template_sheet_message(
                        &e, &origin, l,
                    ))
                })?
            } else {
                let text = read_text(&file)?;
                let template =
                    ChecklistTemplate::from_toml(&text, &origin, &SignalCatalog::builtin())
                        .map_err(|error| {
                            CliError::Store(StoreError::InvalidDataFile {
                                kind: DataFileKind::Template,
                                error,
                            })
                        })?;
                (template, text)
            };
            println!(
                "{}{}（{} {}，{} {}）",
                l.pick(
                    "检查表模板有效：",
                    "檢查表範本有效：",
                    "Template is valid: "
                ),
                template.template.name,
                l.pick("版本", "版本", "version"),
                template.version(),
                l.pick("检查项", "檢查項", "items"),
                template.items.len()
            );
            if let Some(db) = install.db {
                let mut store = open_store(&db, OpenMode::Existing, l)?;
                let (_, outcome) = store.install_template(&text, &origin, now())?;
                print_installed(DataFileKind::Template, outcome, &db, l);
            }
        }
        Command::Sync {
            db,
            server,
            token_file,
            timeout,
            chunk_kb,
            ca_file,
        } => {
            let token = read_text(&token_file)?;
            let authority = ca_file.as_deref().map(read_text).transpose()?;
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let mut server = sync::client::Server::with_authority(
                &server,
                &token,
                std::time::Duration::from_secs(timeout.max(1)),
                authority.as_deref().map(str::as_bytes),
            )
            .map_err(|e| CliError::Sync(sync_message(&e, l)))?;
            server.chunk_size = chunk_kb.clamp(4, 4 * 1024) * 1024;
            let summary = sync::client::sync_outbox(l, &mut store, &server, true)?;
            if let Some((taken, new)) = &summary.code_redrawn {
                println!(
                    "{}",
                    baohou_core::messages::laptop_code_redrawn(taken, new, l)
                );
            }
            if let Some(why) = &summary.code_failed {
                eprintln!("{why}");
            }
            for no in &summary.sent {
                println!("{}\t{no}", l.pick("已送达", "已送達", "sent"));
            }
            for (no, why) in &summary.rejected {
                println!("{}\t{no}\t{why}", l.pick("被拒收", "被拒收", "rejected"));
            }
            for (no, why) in &summary.retrying {
                println!(
                    "{}\t{no}\t{why}",
                    l.pick("稍后重试", "稍後重試", "retrying")
                );
            }
            let waiting = store
                .outbox()?
                .iter()
                .filter(|e| e.state != baohou_core::store::OutboxState::Sent)
                .count();
            println!(
                "{} {} · {} {} · {} {} · {} {} KB",
                l.pick("送达", "送達", "sent"),
                summary.sent.len(),
                l.pick("拒收", "拒收", "rejected"),
                summary.rejected.len(),
                l.pick("待发送", "待發送", "waiting"),
                waiting,
                l.pick("发送", "發送", "uploaded"),
                summary.bytes_sent / 1024
            );
            if summary.updates_applied > 0 {
                println!(
                    "{} {}",
                    l.pick(
                        "已应用总部更新",
                        "已套用總部更新",
                        "head office updates applied:"
                    ),
                    summary.updates_applied
                );
            }
            match (&summary.agenda_sent, &summary.agenda_failed) {
                (Some(n), _) => println!(
                    "{} {n}",
                    l.pick(
                        "已向总部报送待办，逾期",
                        "已向總部報送待辦，逾期",
                        "agenda sent to head office, overdue:"
                    )
                ),
                (None, Some(why)) => eprintln!("{why}"),
                (None, None) => {}
            }
            if let Some(why) = &summary.updates_failed {
                return Err(CliError::Sync(why.clone()));
            }
            if !summary.rejected.is_empty() || !summary.retrying.is_empty() {
                return Err(CliError::Sync(
                    l.pick(
                        "部分检查表未送达总部，已保留在待发送队列中",
                        "部分檢查表未送達總部，已保留在待發送佇列中",
                        "some reports did not reach head office; they stay in the outbox",
                    )
                    .to_owned(),
                ));
            }
        }
        Command::Report {
            db,
            visit,
            out,
            all_completed,
            out_dir,
            draft,
        } => {
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let catalog = SignalCatalog::builtin();
            let kind = if draft {
                report::Kind::Draft
            } else {
                report::Kind::Final
            };
            let jobs: Vec<(i64, Option<PathBuf>)> = match (visit, all_completed) {
                (Some(id), _) => vec![(id, out)],
                (None, _) => store
                    .completed_visit_ids()?
                    .into_iter()
                    .map(|id| (id, None))
                    .collect(),
            };
            if let Some(dir) = &out_dir {
                std::fs::create_dir_all(dir).map_err(|e| CliError::Read(dir.clone(), e))?;
            }
            // Every visit is tried; a failure is told and the others still go out.
            let mut failed = None;
            for (id, path) in jobs {
                match report_one(&mut store, &catalog, id, kind, path, out_dir.as_deref(), l) {
                    Ok(()) => {}
                    Err(e) => {
                        eprintln!(
                            "{}{id}: {}",
                            l.pick("检查 ", "檢查 ", "visit "),
                            e.message(l)
                        );
                        failed = Some(e);
                    }
                }
            }
            if let Some(e) = failed {
                return Err(e);
            }
        }
        Command::List { db, json } => {
            let store = open_store(&db, OpenMode::Existing, l)?;
            let list = store.guarantee_summaries()?;
            if json {
                let text = serde_json::to_string_pretty(&list)
                    .map_err(|e| CliError::Store(StoreError::Invalid(e.to_string())))?;
                emit(&format!("{text}\n"));
            } else {
                let mut out = String::new();
                for g in list {
                    let _ = writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        g.contract_no,
                        g.borrower_name,
                        g.lending_bank,
                        g.product.label(l),
                        g.amount.grouped(),
                        g.risk_tier.label(l),
                        g.five_level_class.label(l),
                        g.status.label(l)
                    );
                }
                emit(&out);
            }
        }
    }
    Ok(())
}
