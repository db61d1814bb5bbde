//! Head office's view of the company, per officer: the overdue tasks as the officer's laptops
//! last computed them (each sync sends the laptop's agenda), the inspection reports received
//! whole, and the evidence their sealed content flags (photos re-used from an earlier visit, taken
//! far from the site or the visit day or ahead of the laptop's clock, reports mostly the last
//! one's text again).

use crate::error::HqResult;
use crate::office::HeadOffice;
use crate::records::{DeviceAgenda, OfficerActivity};
use baohou_core::protocol::{AgendaReport, OverdueLine};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// One officer as head office sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OfficerView {
    pub officer: String,
    /// The officer's laptops (enrolled, not revoked), with the agenda each last reported.
    pub laptops: Vec<LaptopAgenda>,
    /// The officer's own overdue tasks (the guarantees they are A角 of, and their visit plans),
    /// as the newest agenda any of their laptops sent lists them, most overdue first (a laptop
    /// left in a drawer does not add its old lines).
    pub overdue: Vec<OverdueLine>,
    /// Inspection reports received whole with a visit day in the window asked.
    pub visits: u32,
    pub evidence: EvidenceCounts,
}

/// A laptop and the agenda it last reported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LaptopAgenda {
    pub device_id: i64,
    pub label: String,
    /// Its laptop codes (every document number it issues carries one).
    pub codes: Vec<String>,
    /// The laptop's day its newest agenda was computed for (None: it never sent one).
    pub agenda_as_of: Option<String>,
    pub agenda_received_at: Option<String>,
    /// The fingerprint of the signing key its first sealed report bound it to (as `baohou key`
    /// prints it on the laptop), None before it sent one.
    pub key_fingerprint: Option<String>,
    /// The length of its audit chain head office holds (None: it never sent one).
    pub audit_entries: Option<i64>,
    /// The last time its audit chain did not run through the one head office held, and why:
    /// records edited or removed on the laptop, or its database replaced by an older copy.
    pub audit_break: Option<String>,
}

/// What the sealed content of an officer's reports flags, summed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct EvidenceCounts {
    /// Photos that are an earlier photo's picture again.
    pub reused_photos: u32,
    /// Photos taken farther from the borrower's registered site than the policy allows.
    pub far_from_site: u32,
    /// Photos taken further from the visit day than the policy allows.
    pub far_from_visit: u32,
    /// Photos whose camera time was ahead of the laptop's clock beyond the policy.
    pub ahead_of_clock: u32,
    /// Reports whose free text is mostly the last report's.
    pub near_copy_reports: u32,
}

impl From<&OfficerActivity> for EvidenceCounts {
    fn from(a: &OfficerActivity) -> EvidenceCounts {
        EvidenceCounts {
            reused_photos: a.reused_photos,
            far_from_site: a.far_from_site,
            far_from_visit: a.far_from_visit,
            ahead_of_clock: a.ahead_of_clock,
            near_copy_reports: a.near_copy_reports,
        }
    }
}

/// Every officer with a laptop or a report, by name: what their laptops report overdue, and
/// their reports of the window (`from`, `to`: visit days, either end open).
pub(crate) fn officer_views(
    agendas: Vec<DeviceAgenda>,
    activity: Vec<OfficerActivity>,
) -> Vec<OfficerView> {
    let mut views: BTreeMap<String, OfficerView> = BTreeMap::new();
    let view = |views: &mut BTreeMap<String, OfficerView>, officer: &str| {
        views
            .entry(officer.to_owned())
            .or_insert_with(|| OfficerView {
                officer: officer.to_owned(),
                laptops: Vec::new(),
                overdue: Vec::new(),
                visits: 0,
                evidence: EvidenceCounts::default(),
            })
            .officer
            .clone()
    };
    // Each officer's newest agenda: the latest day computed for, then the latest received.
    let mut newest: BTreeMap<String, (Option<String>, Option<String>, String)> = BTreeMap::new();
    for a in agendas {
        let name = view(&mut views, &a.device.officer);
        let v = views.get_mut(&name).expect("just made");
        v.laptops.push(LaptopAgenda {
            device_id: a.device.id,
            label: a.device.label.clone(),
            codes: a.device.codes.clone(),
            agenda_as_of: a.as_of.clone(),
            agenda_received_at: a.received_at.clone(),
            key_fingerprint: a.device.key_fingerprint(),
            audit_entries: a.device.audit_entries,
            audit_break: a.device.audit_break.clone(),
        });
        if let Some(json) = a.json {
            let when = (a.as_of, a.received_at);
            let newer = newest
                .get(&name)
                .is_none_or(|(as_of, at, _)| when > (as_of.clone(), at.clone()));
            if newer {
                newest.insert(name, (when.0, when.1, json));
            }
        }
    }
    for (name, (_, _, json)) in newest {
        let report: Option<AgendaReport> = serde_json::from_str(&json).ok();
        let v = views.get_mut(&name).expect("made above");
        // The officer's own tasks: a B角's laptop lists the guarantees it backs up too, and
        // those are their A角's to answer for.
        for line in report.into_iter().flat_map(|r| r.overdue) {
            if line.officer.as_deref() == Some(name.as_str()) {
                let kind_name = baohou_core::policy::TaskKind::from_code(&line.kind)
                    .ok()
                    .map(|k| k.label(baohou_core::i18n::Locale::ZhCn).to_owned());
                v.overdue.push(OverdueLine { kind_name, ..line });
            }
        }
    }
    for a in &activity {
        let name = view(&mut views, &a.officer);
        let v = views.get_mut(&name).expect("just made");
        v.visits = a.visits;
        v.evidence = EvidenceCounts::from(a);
    }
    let mut out: Vec<OfficerView> = views.into_values().collect();
    for v in &mut out {
        v.overdue.sort_by(|a, b| {
            (
                std::cmp::Reverse(a.days_overdue),
                &a.contract_no,
                &a.kind,
                &a.anchor,
            )
                .cmp(&(
                    std::cmp::Reverse(b.days_overdue),
                    &b.contract_no,
                    &b.kind,
                    &b.anchor,
                ))
        });
    }
    out
}

impl HeadOffice {
    /// Head office's view of each officer (see the module).
    pub async fn officers(
        &self,
        from: Option<chrono::NaiveDate>,
        to: Option<chrono::NaiveDate>,
    ) -> HqResult<Vec<OfficerView>> {
        let (from, to) = (from.map(|d| d.to_string()), to.map(|d| d.to_string()));
        let agendas = self.records().device_agendas().await?;
        let activity = self
            .records()
            .officer_activity(from.as_deref(), to.as_deref())
            .await?;
        Ok(officer_views(agendas, activity))
    }
}
