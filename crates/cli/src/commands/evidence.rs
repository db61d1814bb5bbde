//! The 保后检查表: a visit's report issued as a PDF, and a report checked against its seal.

use crate::support::*;
use baohou_core::report::{self};
use baohou_core::sealed::seal::ReportSeal;
use baohou_core::signals::SignalCatalog;
use baohou_core::{Locale, OpenMode, Store};
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Command {
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
}

pub fn run(command: Command, l: Locale) -> Result<(), CliError> {
    match command {
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
    }
    Ok(())
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
