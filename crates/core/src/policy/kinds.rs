//! The vocabulary the policy speaks in: the duties it sets an officer, the grades of a warning
//! signal, the notices it owes the borrower.

use crate::i18n::code_enum;

code_enum! {
    /// 任务类型: the duties this policy sets an officer (and `FollowUp`, one added by hand); the
    /// engine that owes them is `crate::tasks`. The codes are those `baohou due --json` prints.
    pub enum TaskKind: "task kind" {
        FirstCheck = "first_check" => ("首次检查", "首次檢查", "First check"),
        PeriodicCheck = "periodic_check" => ("定期检查", "定期檢查", "Periodic check"),
        MaturityCheck = "maturity_check" => ("到期检查", "到期檢查", "Pre-maturity check"),
        MaturityNotice = "maturity_notice" => ("担保到期通知书", "擔保到期通知書", "Maturity notice"),
        EmergencyCheck = "emergency_check" => ("重点检查", "重點檢查", "Emergency check"),
        SignalCheck = "signal_check" => ("预警提示检查", "預警提示檢查", "Warning check"),
        SignalReport = "signal_report" => ("预警当日报告", "預警當日報告", "Same-day signal report"),
        HeadReport = "head_report" => ("书面报告总经理", "書面報告總經理", "Written report to the general manager"),
        ReportReturned = "report_returned" => ("检查表退回修改", "檢查表退回修改", "Correct a returned report"),
        ReportDue = "report_due" => ("撰写保后检查表", "撰寫保後檢查表", "Write the inspection report"),
        StockCheck = "stock_check" => ("日常库存量检查", "日常庫存量檢查", "Daily stock check"),
        TierReview = "tier_review" => ("季度分类复核", "季度分類複核", "Quarterly tier review"),
        VisitPlan = "visit_plan" => ("回访计划表", "回訪計劃表", "Quarterly visit plan"),
        DemandReport = "demand_report" => ("代偿要求当日报告", "代償要求當日報告", "Report the bank's demand for payment"),
        CompensationPlan = "compensation_plan" => ("代偿方案", "代償方案", "Compensation plan"),
        CompensationReport = "compensation_report" => ("代偿当日报告", "代償當日報告", "Compensation report"),
        RecoveryPlan = "recovery_plan" => ("追偿方案", "追償方案", "Recovery plan"),
        LegalAction = "legal_action" => ("起诉或和解", "起訴或和解", "Legal action or settlement"),
        ShareholderReport = "shareholder_report" => ("代偿报告股东会", "代償報告股東會", "Report the compensation to the shareholders"),
        RecoveryNotice = "recovery_notice" => ("发出担保代偿追偿通知书", "發出擔保代償追償通知書", "Send the recovery notice"),
        LegalAdviserNotice = "legal_adviser_notice" => ("预告法律顾问", "預告法律顧問", "Brief the legal adviser"),
        AuthoritiesContact = "authorities_contact" => ("联系有关部门与贷款银行", "聯繫有關部門與貸款銀行", "Contact the authorities and the bank"),
        RepaymentReminder = "repayment_reminder" => ("还款提示通知书", "還款提示通知書", "Repayment reminder"),
        OverdueNotice = "overdue_notice" => ("逾期催收通知书", "逾期催收通知書", "Overdue notice"),
        NoticeReceipt = "notice_receipt" => ("收回通知书回执", "收回通知書回執", "Receipt of a notice"),
        CollectionFollowUp = "collection_follow_up" => ("逾期催收联系", "逾期催收聯繫", "Collection contact"),
        BrokenPromise = "broken_promise" => ("承诺还款未兑现跟进", "承諾還款未兌現跟進", "Broken promise follow-up"),
        LostContactSearch = "lost_contact_search" => ("失联查找", "失聯查找", "Lost-contact search"),
        ExtensionDecision = "extension_decision" => ("展期审批", "展期審批", "Extension decision"),
        WithdrawalDecision = "withdrawal_decision" => ("撤保审批", "撤保審批", "Withdrawal decision"),
        WithdrawalBankNotice = "withdrawal_bank_notice" => ("撤保通知贷款银行", "撤保通知貸款銀行", "Tell the bank of the withdrawal"),
        Enforcement = "enforcement" => ("执行反担保", "執行反擔保", "Enforce a counter-guarantee"),
        TitleReturn = "title_return" => ("交还有权凭证", "交還有權憑證", "Return the title documents"),
        ArchiveHandover = "archive_handover" => ("解保档案移交", "解保檔案移交", "Hand the file to the archive"),
        FollowUp = "follow_up" => ("跟进事项", "跟進事項", "Follow-up"),
    }
}

code_enum! {
    /// How serious a signal is. 较大 and above call for a 重点检查, a lesser one for a 预警提示检查.
    /// The seeds grade no signal: the grades, like every threshold here, are the company's (the
    /// catalogue assigns them).
    pub enum Severity: "severity" {
        General = "general" => ("一般", "一般", "General"),
        Significant = "significant" => ("较大", "較大", "Significant"),
        Major = "major" => ("重大", "重大", "Major"),
    }
}

code_enum! {
    /// 通知书种类: the notices the policy owes the borrower (the documents themselves are
    /// `crate::notices`).
    pub enum NoticeKind: "notice kind" {
        Maturity = "maturity" => ("担保到期通知书", "擔保到期通知書", "Maturity notice"),
        RepaymentReminder = "repayment_reminder" => ("还款提示通知书", "還款提示通知書", "Repayment reminder"),
        Overdue = "overdue" => ("逾期催收通知书", "逾期催收通知書", "Overdue notice"),
    }
}

impl NoticeKind {
    /// The two letters in its number: 到期 DQ, 提示 TS, 催收 CS.
    pub fn letters(self) -> &'static str {
        match self {
            NoticeKind::Maturity => "DQ",
            NoticeKind::RepaymentReminder => "TS",
            NoticeKind::Overdue => "CS",
        }
    }

    /// Whether the borrower signs and returns a receipt (回执).
    pub fn needs_receipt(self) -> bool {
        self == NoticeKind::Overdue
    }
}
