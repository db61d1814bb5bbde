//! Quarterly reports as stored: each issued once per guarantee and quarter, with its content,
//! PDF and seal, queued for head office by the database.

use super::{QuarterlyContent, QuarterlyError, QuarterlyReport};
use crate::portfolio::GuaranteeId;
use crate::sealed::SealedContent;
use crate::store::{Store, StoreResult};
use chrono::{DateTime, FixedOffset};
use rusqlite::{OptionalExtension, params};

impl Store {
    /// Records an issued quarterly report, sealed like the other documents.
    pub fn record_quarterly(
        &mut self,
        id: GuaranteeId,
        content: &QuarterlyContent,
        pdf: &[u8],
        at: DateTime<FixedOffset>,
    ) -> Result<QuarterlyReport, QuarterlyError> {
        let digest = content.digest();
        let (pdf_sha256, seal) = self.seal_document(&content.document_no, &digest, pdf, at)?;
        let json = serde_json::to_string(content).expect("quarterly content serialises");
        Ok(self.in_transaction(|tx| {
            tx.execute(
                "INSERT INTO quarterly_reports (guarantee_id, quarter, document_no, issued_on,
                     content, content_sha256, pdf, pdf_sha256, seal, generated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    id,
                    content.quarter,
                    content.document_no,
                    content.issued_on,
                    json,
                    digest,
                    pdf,
                    pdf_sha256,
                    seal,
                    at.to_rfc3339()
                ],
            )?;
            Ok(QuarterlyReport {
                guarantee_id: id,
                quarter: content.quarter.clone(),
                document_no: content.document_no.clone(),
                issued_on: content.issued_on,
                content_sha256: digest.clone(),
            })
        })?)
    }

    /// The guarantee's report of a quarter (`2026Q3`), if issued.
    pub fn quarterly_of(
        &self,
        id: GuaranteeId,
        quarter: &str,
    ) -> StoreResult<Option<QuarterlyReport>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT guarantee_id, quarter, document_no, issued_on, content_sha256
                 FROM quarterly_reports WHERE guarantee_id = ?1 AND quarter = ?2",
                params![id, quarter],
                |r| {
                    Ok(QuarterlyReport {
                        guarantee_id: r.get(0)?,
                        quarter: r.get(1)?,
                        document_no: r.get(2)?,
                        issued_on: r.get(3)?,
                        content_sha256: r.get(4)?,
                    })
                },
            )
            .optional()?)
    }

    /// The PDF of an issued quarterly report.
    pub fn quarterly_pdf(&self, document_no: &str) -> StoreResult<Option<Vec<u8>>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT pdf FROM quarterly_reports WHERE document_no = ?1",
                [document_no],
                |r| r.get(0),
            )
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use crate::quarterly::{QuarterlyError, QuarterlyInput, issue};
    use crate::store::Store;
    use chrono::{DateTime, FixedOffset, NaiveDate};

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Seed 000 "每季…写出全面的分析报告…送交贷款人一份": the demo's 2026Q3 of a guarantee whose
    /// workers went unpaid from August, issued once after the quarter, queued for head office.
    #[test]
    fn a_quarters_report_holds_that_quarters_visits_signals_and_figures_and_is_issued_once() {
        let mut store = Store::open_in_memory().unwrap();
        crate::demo::write_demo(&mut store, d("2026-11-23")).unwrap();
        let id = 6;
        let input = |quarter: &str, analysis: &str| QuarterlyInput {
            quarter: d(quarter),
            analysis: analysis.into(),
            suggestion: "下季度每月实地检查一次，跟踪工资发放".into(),
        };
        let now = at("2026-11-23T17:00:00+08:00");
        // The quarter in course is not reported on; nor is a report without its analysis.
        assert!(matches!(
            issue(&mut store, id, &input("2026-11-01", "经营波动"), now),
            Err(QuarterlyError::NotEnded { .. })
        ));
        assert!(matches!(
            issue(&mut store, id, &input("2026-09-30", "  "), now),
            Err(QuarterlyError::NoAnalysis)
        ));
        let issued = issue(
            &mut store,
            id,
            &input("2026-08-15", "工资延迟、现金流转负"),
            now,
        )
        .unwrap();
        let c = &issued.content;
        assert_eq!(
            (c.quarter.as_str(), c.from, c.to),
            ("2026Q3", d("2026-07-01"), d("2026-09-30"))
        );
        assert!(!c.visits.is_empty());
        assert!(
            c.visits.iter().all(|v| v.date >= c.from && v.date <= c.to),
            "{:?}",
            c.visits
        );
        let codes: Vec<&str> = c.signals.iter().map(|s| s.code.as_str()).collect();
        assert!(
            codes.contains(&"X03") && codes.contains(&"W08"),
            "{codes:?}"
        );
        assert!(
            c.figures
                .iter()
                .any(|f| f.metric.starts_with("资产负债率") && f.before.is_some()),
            "{:?}",
            c.figures
        );
        assert!(
            issued.report.document_no.contains("-JF-")
                && issued.report.document_no.contains("-20260930-0006-")
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("q.pdf");
        std::fs::write(&path, &issued.pdf).unwrap();
        let out = std::process::Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext runs (poppler-utils, installed by scripts/setup.sh)");
        let text = String::from_utf8_lossy(&out.stdout).replace(['\n', ' '], "");
        for words in [
            "2026Q3 季度保后分析报告",
            "本季度检查",
            "大面积严重拖欠职工工资",
            "工资延迟、现金流转负",
            "总经理意见",
        ] {
            assert!(text.contains(&words.replace(' ', "")), "{words}: {text}");
        }
        // Once per quarter; queued for head office.
        assert!(matches!(
            issue(&mut store, id, &input("2026-09-01", "再写一份"), now),
            Err(QuarterlyError::AlreadyIssued { .. })
        ));
        assert!(
            store
                .outbox()
                .unwrap()
                .iter()
                .any(|e| e.kind == crate::protocol::DocumentKind::QuarterlyReport
                    && e.document_no.as_deref() == Some(issued.report.document_no.as_str()))
        );
    }
}
