//! The rules after a payment is missed: collection contacts, broken promises, the lost-contact
//! search, the withdrawal's decision and the bank's notice, enforcing a counter-guarantee, the
//! archive at release, and what follows a compensation.

use super::*;

impl Ctx<'_, '_> {
    /// The next contact attempt while an overdue is open: within `first_contact_within` of it
    /// becoming known, then every `follow_up_every` of its bucket after the last attempt.
    pub(super) fn collection_follow_up(&mut self) {
        let g = self.g;
        let Some(o) = &g.collection.overdue else {
            return;
        };
        let days = days_overdue(o.due_on, self.as_of);
        let last = g
            .collection
            .contact_days
            .iter()
            .copied()
            .filter(|d| *d >= o.known_on)
            .max();
        // The rhythm is the bucket's on the day of the last contact, so that a deadline once
        // set does not move when the days overdue cross into the next bucket.
        let bucket = OverdueBucket::of(
            days_overdue(o.due_on, last.unwrap_or(self.as_of)).max(1),
            self.collection,
        )
        .unwrap_or(OverdueBucket::M1);
        let (due, key, within) = match last {
            None => {
                let w = self.collection.first_contact_within;
                (
                    self.after(w, o.known_on),
                    "collection.first_contact_within",
                    w,
                )
            }
            Some(d) => {
                let w = bucket.follow_up_every(self.collection);
                let key = match bucket {
                    OverdueBucket::M1 => "collection.follow_up_every.M1",
                    OverdueBucket::M2 => "collection.follow_up_every.M2",
                    OverdueBucket::M3 => "collection.follow_up_every.M3",
                    OverdueBucket::M3Plus => "collection.follow_up_every.M3+",
                };
                (self.after(w, d), key, w)
            }
        };
        let reason = Reason::CollectionFollowUp {
            due_on: o.due_on,
            days,
            bucket,
            balance: o.balance,
            last_contact: last,
            within,
        };
        self.push(
            TaskKind::CollectionFollowUp,
            anchor::overdue(o.id),
            due,
            Satisfied::No,
            PolicyKey::Plain(key),
            reason,
        );
    }

    /// A promise that passed unpaid is followed up within `broken_promise_within` of its day;
    /// the next contact after it does that.
    pub(super) fn broken_promises(&mut self) {
        let g = self.g;
        let within = self.collection.broken_promise_within;
        let as_of = self.as_of;
        for p in g
            .collection
            .promises
            .iter()
            .filter(|p| !p.kept && as_of > p.by)
        {
            let due = self.after(within, p.by);
            let done = g
                .collection
                .contact_days
                .iter()
                .copied()
                .find(|d| *d > p.by)
                .map_or(Satisfied::No, Satisfied::On);
            let reason = Reason::BrokenPromise {
                made_on: p.made_on,
                by: p.by,
                amount: p.amount,
                within,
            };
            self.push(
                TaskKind::BrokenPromise,
                anchor::promise(p.contact_id),
                due,
                done,
                PolicyKey::Plain("collection.broken_promise_within"),
                reason,
            );
        }
    }

    /// While the borrower cannot be reached (the policy's signal is open), every step of the
    /// search is owed within `lost_contact.within` of the day it was found.
    pub(super) fn lost_contact_search(&mut self) {
        let g = self.g;
        let lc = self.lost_contact;
        let total = lc.steps.len();
        for s in g
            .signals
            .iter()
            .filter(|s| s.code == lc.signal && s.resolved_on.is_none())
        {
            let done: Vec<NaiveDate> = lc
                .steps
                .iter()
                .filter_map(|step| {
                    g.collection
                        .search_steps
                        .iter()
                        .find(|(code, day)| *code == step.code && *day >= s.found)
                        .map(|(_, day)| *day)
                })
                .collect();
            let finished = (done.len() == total)
                .then(|| done.iter().max().copied())
                .flatten();
            let due = self.after(lc.within, s.found);
            let reason = Reason::LostContactSearch {
                found: s.found,
                steps_done: u32::try_from(done.len()).unwrap_or(u32::MAX),
                steps_total: u32::try_from(total).unwrap_or(u32::MAX),
                within: lc.within,
            };
            self.push(
                TaskKind::LostContactSearch,
                anchor::signal(s.signal_id, &s.code, s.found),
                due,
                finished.map_or(Satisfied::No, Satisfied::On),
                PolicyKey::Plain("lost_contact.within"),
                reason,
            );
        }
    }

    /// A withdrawal proposal is owed the general manager's decision within
    /// `withdrawal.decision_within`.
    pub(super) fn withdrawal_decision(&mut self) {
        let Some((id, proposed)) = self.g.collection.pending_withdrawal else {
            return;
        };
        let within = self.withdrawal_within;
        let due = self.after(within, proposed);
        self.push(
            TaskKind::WithdrawalDecision,
            format!("withdrawal:{id}"),
            due,
            Satisfied::No,
            PolicyKey::Plain("withdrawal.decision_within"),
            Reason::WithdrawalDecision { proposed, within },
        );
    }

    /// An approved withdrawal is told to the lending bank within `withdrawal.bank_notice_within`.
    pub(super) fn withdrawal_bank_notice(&mut self) {
        let Some(w) = &self.g.collection.enforcement.approved_withdrawal else {
            return;
        };
        let within = self.bank_notice_within;
        let due = self.after(within, w.decided_on);
        self.push(
            TaskKind::WithdrawalBankNotice,
            format!("withdrawal:{}", w.id),
            due,
            w.bank_notified_on.map_or(Satisfied::No, Satisfied::On),
            PolicyKey::Plain("withdrawal.bank_notice_within"),
            Reason::WithdrawalBankNotice {
                approved: w.decided_on,
                within,
            },
        );
    }

    /// From the compensation or the approval of a withdrawal, each counter-guarantee is worked
    /// through the steps of its kind. One task per counter-guarantee, due when its earliest-due
    /// open step is; done when every step ended. Nothing is owed once the compensation is
    /// recovered in full.
    pub(super) fn enforcement(&mut self) {
        let e = &self.g.collection.enforcement;
        let Some(start) = crate::enforcement::start(
            self.g.compensated_on,
            e.approved_withdrawal.as_ref().map(|w| w.decided_on),
        ) else {
            return;
        };
        if e.recovered_in_full {
            return;
        }
        for cg in &e.counter_guarantees {
            let steps = crate::enforcement::step_dues(
                self.enforcement,
                cg.kind,
                start.on,
                self.calendar,
                self.gaps,
            );
            let mut next: Option<(&str, NaiveDate)> = None;
            let mut last_due = start.on;
            let mut ended = Vec::new();
            for &(step, due) in &steps {
                last_due = last_due.max(due);
                match e
                    .steps_done
                    .iter()
                    .find(|(id, code, _)| *id == cg.id && *code == step.code)
                {
                    Some((_, _, day)) => ended.push(*day),
                    None => {
                        if next.is_none_or(|(_, d)| due < d) {
                            next = Some((step.text.as_str(), due));
                        }
                    }
                }
            }
            let (due, satisfied) = match next {
                Some((_, due)) => (due, Satisfied::No),
                None => (
                    last_due,
                    ended
                        .iter()
                        .max()
                        .copied()
                        .map_or(Satisfied::No, Satisfied::On),
                ),
            };
            let reason = Reason::Enforcement {
                cause: start.cause,
                started: start.on,
                kind: cg.kind,
                what: cg.description.clone(),
                next_step: next.map(|(text, _)| text.to_owned()),
                steps_done: u32::try_from(ended.len()).unwrap_or(u32::MAX),
                steps_total: u32::try_from(steps.len()).unwrap_or(u32::MAX),
            };
            self.push(
                TaskKind::Enforcement,
                anchor::counter_guarantee(cg.id),
                due,
                satisfied,
                PolicyKey::Plain(match cg.kind {
                    CounterGuaranteeKind::Mortgage => "enforcement.mortgage",
                    CounterGuaranteeKind::Pledge => "enforcement.pledge",
                    CounterGuaranteeKind::Surety => "enforcement.surety",
                }),
                reason,
            );
        }
    }

    /// A guarantee released here owes its file to the archive within `release.archive_within`.
    pub(super) fn archive_handover(&mut self) {
        let Some(ReleasedFact {
            on: released,
            archived_on: archived,
            ..
        }) = self.g.collection.released
        else {
            return;
        };
        let within = self.archive_within;
        let due = self.after(within, released);
        self.push(
            TaskKind::ArchiveHandover,
            anchor::RELEASE,
            due,
            archived.map_or(Satisfied::No, Satisfied::On),
            PolicyKey::Plain("release.archive_within"),
            Reason::ArchiveHandover { released, within },
        );
    }

    /// A report returned by head office is owed its corrected version within
    /// `report.returned_within` of the day it came back.
    pub(super) fn report_returned(&mut self) {
        let within = self.returned_within;
        for r in self.g.collection.returns.clone() {
            let due = self.after(within, r.returned_on);
            self.push(
                TaskKind::ReportReturned,
                format!("returned:{}", r.id),
                due,
                r.resubmitted_on.map_or(Satisfied::No, Satisfied::On),
                PolicyKey::Plain("report.returned_within"),
                Reason::ReportReturned {
                    document_no: r.document_no,
                    step: r.step,
                    by: r.by,
                    reason: r.reason,
                    returned_on: r.returned_on,
                    within,
                },
            );
        }
    }

    /// An application for an extension is owed its decision within `extension.decision_within`.
    pub(super) fn extension_decision(&mut self) {
        let Some(e) = self.g.collection.extension else {
            return;
        };
        let within = self.extension_within;
        let due = self.after(within, e.applied_on);
        self.push(
            TaskKind::ExtensionDecision,
            format!("extension:{}", e.id),
            due,
            e.decided_on.map_or(Satisfied::No, Satisfied::On),
            PolicyKey::Plain("extension.decision_within"),
            Reason::ExtensionDecision {
                applied: e.applied_on,
                new_maturity: e.new_maturity,
                within,
            },
        );
    }

    /// A guarantee released here with a mortgage or pledge owes their 有权凭证 back to the
    /// provider, signed for, within `release.title_return_within` (seed 003 "还清全部贷款后，应将
    /// 抵押、质押物的有权凭证交还抵押、质押人，并做好签收登记").
    pub(super) fn title_return(&mut self) {
        let Some(ReleasedFact {
            on: released,
            titles_owed: true,
            titles_returned_on,
            ..
        }) = self.g.collection.released
        else {
            return;
        };
        let within = self.title_return_within;
        let due = self.after(within, released);
        self.push(
            TaskKind::TitleReturn,
            anchor::RELEASE,
            due,
            titles_returned_on.map_or(Satisfied::No, Satisfied::On),
            PolicyKey::Plain("release.title_return_within"),
            Reason::TitleReturn { released, within },
        );
    }

    /// Once the bank demands payment: the same-day report and the 代偿方案 (seed 004 二（二）).
    pub(super) fn after_demand(&mut self) {
        let Some(demanded) = self.g.collection.demanded_on else {
            return;
        };
        for (kind, within, key) in self.demand_steps.iter().copied() {
            let due = self.after(within, demanded);
            self.push(
                kind,
                anchor::DEMAND,
                due,
                Satisfied::No,
                PolicyKey::Plain(key),
                Reason::AfterDemand {
                    kind,
                    demanded,
                    within,
                },
            );
        }
    }

    pub(super) fn after_compensation(&mut self) {
        let Some(paid) = self.g.compensated_on else {
            return;
        };
        for (kind, within, key) in self.compensation_steps.iter().copied() {
            let due = self.after(within, paid);
            let reason = Reason::AfterCompensation { kind, paid, within };
            self.push(
                kind,
                anchor::COMPENSATION,
                due,
                Satisfied::No,
                PolicyKey::Plain(key),
                reason,
            );
        }
    }
}
