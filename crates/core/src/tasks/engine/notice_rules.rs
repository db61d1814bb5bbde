//! The notices the policy owes the borrower: the maturity notice, the repayment reminder, the
//! overdue notice and the return of its receipt.

use super::*;

impl Ctx<'_, '_> {
    pub(super) fn maturity_notice(&mut self) {
        let before = self.policy.maturity_notice.before;
        let due = self.before(before, self.g.maturity);
        let reason = Reason::MaturityNotice {
            maturity: self.g.maturity,
            before,
        };
        let done = self.delivered(crate::policy::NoticeKind::Maturity);
        self.push(
            TaskKind::MaturityNotice,
            anchor::MATURITY,
            due,
            done,
            PolicyKey::Plain("maturity_notice.before"),
            reason,
        );
    }

    /// The first delivery of a notice of `kind`.
    pub(super) fn delivered(&self, kind: crate::policy::NoticeKind) -> Satisfied {
        self.g
            .collection
            .notices
            .iter()
            .filter(|n| n.kind == kind)
            .filter_map(|n| n.delivered_on)
            .min()
            .map_or(Satisfied::No, Satisfied::On)
    }

    /// 还款提示通知书: a week before maturity for a short-term loan, a month for a longer one.
    pub(super) fn repayment_reminder(&mut self) {
        let g = self.g;
        let n = self.notices;
        let mut gaps = CalendarGaps::default();
        let short_end = n
            .short_term_at_most
            .after(g.start, self.calendar, &mut gaps);
        let (before, key, short) = if g.maturity <= short_end {
            (
                n.reminder_short_term_before,
                "notices.reminder_short_term_before",
                true,
            )
        } else {
            (
                n.reminder_long_term_before,
                "notices.reminder_long_term_before",
                false,
            )
        };
        let due = self.before(before, g.maturity);
        let done = self.delivered(crate::policy::NoticeKind::RepaymentReminder);
        let reason = Reason::RepaymentReminder {
            maturity: g.maturity,
            before,
            short_term: short,
        };
        self.push(
            TaskKind::RepaymentReminder,
            anchor::MATURITY,
            due,
            done,
            PolicyKey::Plain(key),
            reason,
        );
    }

    /// 逾期催收通知书 while an overdue is open: the first within `overdue_first_within` of it
    /// becoming known, then at the interval the balance calls for after the last one issued.
    pub(super) fn overdue_notice(&mut self) {
        let g = self.g;
        let Some(o) = &g.collection.overdue else {
            return;
        };
        let n = self.notices;
        let last = g
            .collection
            .notices
            .iter()
            .filter(|x| x.kind == crate::policy::NoticeKind::Overdue && x.overdue_id == Some(o.id))
            .map(|x| x.issued_on)
            .max();
        let (due, key, every) = match last {
            None => (
                self.after(n.overdue_first_within, o.known_on),
                "notices.overdue_first_within",
                None,
            ),
            Some(last) => {
                let row = n
                    .overdue_every
                    .iter()
                    .find(|r| o.balance >= r.balance_at_least)
                    .or(n.overdue_every.last())
                    .expect("the policy has at least one row");
                (
                    self.after(row.every, last),
                    "notices.overdue_every",
                    Some((row.every, row.balance_at_least)),
                )
            }
        };
        let reason = Reason::OverdueNotice {
            due_on: o.due_on,
            known_on: o.known_on,
            balance: o.balance,
            last,
            every,
        };
        self.push(
            TaskKind::OverdueNotice,
            anchor::overdue(o.id),
            due,
            Satisfied::No,
            PolicyKey::Plain(key),
            reason,
        );
    }

    /// The signed receipt of each delivered notice that has one.
    pub(super) fn notice_receipts(&mut self) {
        let g = self.g;
        let within = self.notices.receipt_within;
        for n in g
            .collection
            .notices
            .iter()
            .filter(|n| n.kind.needs_receipt())
        {
            let Some(delivered) = n.delivered_on else {
                continue;
            };
            let due = self.after(within, delivered);
            let reason = Reason::NoticeReceipt {
                kind: n.kind,
                issued_on: n.issued_on,
                delivered_on: delivered,
                within,
            };
            self.push(
                TaskKind::NoticeReceipt,
                anchor::notice(n.id),
                due,
                n.receipt_on.map_or(Satisfied::No, Satisfied::On),
                PolicyKey::Plain("notices.receipt_within"),
                reason,
            );
        }
    }
}
