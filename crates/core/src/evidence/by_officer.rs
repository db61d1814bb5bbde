//! Each officer's evidence flags over a period, for managers: photos flagged as re-used (and how
//! many are unexplained), reports that are near copies of the last one, visits none of whose
//! located photos was taken near the borrower's registered site, photos whose camera time ran
//! ahead of the laptop's clock, and photos without EXIF. The facts come from the store
//! (`Store::visit_evidence`); the judgement is the same as a visit's review's, with the policy
//! in force.

use super::place::Place;
use super::similarity::report_copied;
use crate::policy::EvidenceRules;
use crate::visit::VisitId;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// One photo of a completed visit, as the counts need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhotoFacts {
    pub taken_at: Option<NaiveDateTime>,
    pub added_at: Option<DateTime<FixedOffset>>,
    pub place: Option<Place>,
    /// Flagged as an earlier photo's picture re-used.
    pub reused: bool,
    /// The officer explained the flag.
    pub explained: bool,
}

/// A completed visit, as the counts need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VisitFacts {
    pub visit_id: VisitId,
    pub officer_id: i64,
    pub officer: String,
    /// The visit's free texts.
    pub texts: Vec<String>,
    /// The free texts of the guarantee's completed visit before it, if any.
    pub previous_texts: Option<Vec<String>>,
    /// The borrower's registered site.
    pub site: Option<Place>,
    pub photos: Vec<PhotoFacts>,
}

/// One officer's counts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct OfficerEvidence {
    #[specta(type = u32)]
    pub officer_id: i64,
    pub officer: String,
    /// Completed visits in the period.
    pub visits: u32,
    pub reused_photos: u32,
    /// Of the re-used photos, those the officer did not explain.
    pub unexplained_photos: u32,
    pub near_copy_reports: u32,
    /// Visits with located photos, none of them within the policy's distance of the site.
    pub far_from_site_visits: u32,
    pub photos_ahead_of_clock: u32,
    pub photos_without_exif: u32,
}

/// The counts of every officer with a completed visit in the period, and the policy's numbers
/// they were judged by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct EvidenceByOfficer {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub copied_share: Decimal,
    pub site_max_distance_m: u32,
    /// Officers by name.
    pub officers: Vec<OfficerEvidence>,
}

/// One visit's flags, as they are counted (and kept by the store, `Store::evidence_counts`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VisitFlags {
    pub reused_photos: u32,
    pub unexplained_photos: u32,
    pub near_copy: bool,
    pub far_from_site: bool,
    pub photos_ahead_of_clock: u32,
    pub photos_without_exif: u32,
}

/// The version of [`judge`] and what it calls (the texts compared, `report_copied`, the clock
/// and the site checks): raised with any change to how a visit is judged, so that the flags kept
/// by an earlier build are judged again.
const JUDGING: u32 = 1;

/// How a visit's flags were judged, as text: the version of the judging and the numbers of
/// `rules` they depend on. Flags judged otherwise are judged again. (The re-use distance is not
/// among them: a photo's re-use flag is set when it is added, and kept.)
pub fn rules_fingerprint(rules: &EvidenceRules) -> String {
    format!(
        "judging={JUDGING} clock_ahead_minutes={} site_max_distance_m={} sentence_alike={} copied_share={}",
        rules.photo_clock_ahead_minutes,
        rules.site_max_distance_m,
        rules.sentence_alike.normalize(),
        rules.copied_share.normalize()
    )
}

/// Judges one visit under `rules`.
pub fn judge(v: &VisitFacts, rules: &EvidenceRules) -> VisitFlags {
    let mut flags = VisitFlags::default();
    for p in &v.photos {
        flags.reused_photos += u32::from(p.reused);
        flags.unexplained_photos += u32::from(p.reused && !p.explained);
        flags.photos_ahead_of_clock += u32::from(
            super::clock_ahead_minutes(p.taken_at, p.added_at, rules.photo_clock_ahead_minutes)
                .is_some(),
        );
        flags.photos_without_exif += u32::from(p.taken_at.is_none() && p.place.is_none());
    }
    if let Some(previous) = &v.previous_texts {
        let copied = report_copied(
            v.texts.iter().map(String::as_str),
            previous.iter().map(String::as_str),
            rules.sentence_alike,
        );
        flags.near_copy = copied.chars > 0 && copied.share() >= rules.copied_share;
    }
    let nearest = v.site.and_then(|site| {
        v.photos
            .iter()
            .filter_map(|p| p.place)
            .map(|p| site.metres_to(p))
            .min()
    });
    flags.far_from_site = nearest.is_some_and(|m| m > rules.site_max_distance_m);
    flags
}

impl OfficerEvidence {
    /// An officer with nothing counted yet.
    pub fn new(officer_id: i64, officer: &str) -> OfficerEvidence {
        OfficerEvidence {
            officer_id,
            officer: officer.to_owned(),
            ..OfficerEvidence::default()
        }
    }

    /// Counts one more visit with `flags`.
    pub fn add_visit(&mut self, flags: &VisitFlags) {
        self.visits += 1;
        self.reused_photos += flags.reused_photos;
        self.unexplained_photos += flags.unexplained_photos;
        self.near_copy_reports += u32::from(flags.near_copy);
        self.far_from_site_visits += u32::from(flags.far_from_site);
        self.photos_ahead_of_clock += flags.photos_ahead_of_clock;
        self.photos_without_exif += flags.photos_without_exif;
    }

    /// Adds another count of the same officer's.
    pub fn add(&mut self, other: &OfficerEvidence) {
        self.visits += other.visits;
        self.reused_photos += other.reused_photos;
        self.unexplained_photos += other.unexplained_photos;
        self.near_copy_reports += other.near_copy_reports;
        self.far_from_site_visits += other.far_from_site_visits;
        self.photos_ahead_of_clock += other.photos_ahead_of_clock;
        self.photos_without_exif += other.photos_without_exif;
    }
}

/// Counts by officer, as they are shown: by name.
pub fn by_name(by_id: BTreeMap<i64, OfficerEvidence>) -> Vec<OfficerEvidence> {
    let mut officers: Vec<OfficerEvidence> = by_id.into_values().collect();
    officers.sort_by(|a, b| {
        a.officer
            .cmp(&b.officer)
            .then(a.officer_id.cmp(&b.officer_id))
    });
    officers
}

/// Counts `visits` by officer under `rules`.
pub fn count(visits: &[VisitFacts], rules: &EvidenceRules) -> Vec<OfficerEvidence> {
    let mut by_id: BTreeMap<i64, OfficerEvidence> = BTreeMap::new();
    for v in visits {
        by_id
            .entry(v.officer_id)
            .or_insert_with(|| OfficerEvidence::new(v.officer_id, &v.officer))
            .add_visit(&judge(v, rules));
    }
    by_name(by_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Policy;
    use rust_decimal_macros::dec;

    fn place(la: Decimal, lo: Decimal) -> Option<Place> {
        Some(Place::new(la, lo).unwrap())
    }

    fn photo(place: Option<Place>) -> PhotoFacts {
        PhotoFacts {
            taken_at: Some(
                NaiveDate::from_ymd_opt(2026, 11, 20)
                    .unwrap()
                    .and_hms_opt(10, 0, 0)
                    .unwrap(),
            ),
            added_at: Some(DateTime::parse_from_rfc3339("2026-11-20T10:30:00+08:00").unwrap()),
            place,
            reused: false,
            explained: false,
        }
    }

    const LAST: &str = "企业生产经营正常，主要生产线三条均在运转，现场工人约85人。原材料库存312吨，与账面基本相符。";

    #[test]
    fn each_officers_flags_are_counted_by_the_policy() {
        let rules = Policy::builtin().evidence();
        let site = place(dec!(30.2741), dec!(120.1551));
        let visit = |officer_id: i64, officer: &str| VisitFacts {
            visit_id: officer_id,
            officer_id,
            officer: officer.to_owned(),
            texts: vec!["本次到厂三条线中一条检修，工人约七十人，原材料298吨。".to_owned()],
            previous_texts: Some(vec![LAST.to_owned()]),
            site,
            photos: vec![photo(place(dec!(30.2745), dec!(120.1551)))],
        };
        // 王: one clean visit; one copied with the figures changed, its photo 6.6 km away and
        // re-used (unexplained), one photo with the camera two hours ahead, one without EXIF.
        let mut copied = visit(1, "王敏");
        copied.texts = vec![LAST.replace("312吨", "298吨").replace("85人", "88人")];
        copied.photos = vec![
            PhotoFacts {
                reused: true,
                ..photo(place(dec!(30.2741), dec!(120.2241)))
            },
            PhotoFacts {
                taken_at: Some(
                    NaiveDate::from_ymd_opt(2026, 11, 20)
                        .unwrap()
                        .and_hms_opt(12, 31, 0)
                        .unwrap(),
                ),
                ..photo(None)
            },
            PhotoFacts {
                taken_at: None,
                ..photo(None)
            },
        ];
        // 李: a re-used photo explained; a first visit (nothing to copy); no site registered.
        let mut explained = visit(2, "李强");
        explained.photos[0].reused = true;
        explained.photos[0].explained = true;
        let mut first = visit(2, "李强");
        first.previous_texts = None;
        first.texts = vec![LAST.to_owned()];
        first.site = None;
        first.photos[0].place = place(dec!(31.0), dec!(121.0));

        let counts = count(&[visit(1, "王敏"), copied, explained, first], &rules);
        assert_eq!(
            counts,
            vec![
                OfficerEvidence {
                    officer_id: 2,
                    officer: "李强".into(),
                    visits: 2,
                    reused_photos: 1,
                    unexplained_photos: 0,
                    near_copy_reports: 0,
                    far_from_site_visits: 0,
                    photos_ahead_of_clock: 0,
                    photos_without_exif: 0,
                },
                OfficerEvidence {
                    officer_id: 1,
                    officer: "王敏".into(),
                    visits: 2,
                    reused_photos: 1,
                    unexplained_photos: 1,
                    near_copy_reports: 1,
                    far_from_site_visits: 1,
                    photos_ahead_of_clock: 1,
                    photos_without_exif: 1,
                },
            ]
        );
    }
}
